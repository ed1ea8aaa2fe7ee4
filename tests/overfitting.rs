//! Grader of exercises/09_evaluation/overfitting.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/09_evaluation/overfitting.rs"]
mod overfitting;
#[cfg(feature = "solutions")]
use mlings::reference::overfitting;

use std::cell::RefCell;
use std::rc::Rc;

use mlings::datasets;
use mlings::grade::{Tolerance, catch_panic, expect, expect_array, expect_err, fail, require};
use mlings::models::{DecisionTreeClassifier, MajorityClass};
use mlings::prep::shuffle_rows;
use mlings::types::cross_validation::{CvError, CvSettings, Folds};
use mlings::types::model::{Fitted, Model, ModelError, Scoring};
use mlings::types::overfitting::{CurveError, CurvePoint, Fit, FitThresholds};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, array};

/// A model that ignores its training data and always predicts `self.0`.
struct Always(f64);

struct FittedAlways(f64);

impl Model for Always {
    fn name(&self) -> String {
        format!("always {}", self.0)
    }
    fn fit(&self, _: ArrayView2<f64>, _: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        Ok(Box::new(FittedAlways(self.0)))
    }
}

impl Fitted for FittedAlways {
    fn predict(&self, x: ArrayView2<f64>) -> Result<Array1<f64>, ModelError> {
        Ok(Array1::from_elem(x.nrows(), self.0))
    }
}

/// The points of a curve as rows `[value, train, validation]`.
fn as_rows(curve: &[CurvePoint]) -> Array2<f64> {
    Array2::from_shape_fn((curve.len(), 3), |(i, j)| {
        let p = curve[i];
        [p.value, p.train, p.validation][j]
    })
}

fn swapped(expected: &Array2<f64>) -> Array2<f64> {
    let mut swapped = expected.clone();
    swapped.column_mut(1).assign(&expected.column(2));
    swapped.column_mut(2).assign(&expected.column(1));
    swapped
}

/// Six rows, targets [0, 0, 0, 1, 1, 0], in folds of 1, 3 and 2 rows.
fn six_rows() -> (Array2<f64>, Array1<f64>, Folds) {
    let x = Array2::from_shape_fn((6, 1), |(i, _)| i as f64);
    let y = array![0.0, 0.0, 0.0, 1.0, 1.0, 0.0];
    let folds = Folds {
        folds: vec![vec![0], vec![1, 2, 3], vec![4, 5]],
        n_samples: 6,
    };
    (x, y, folds)
}

#[test]
fn validation_curve_of_constant_models_by_hand() {
    // "Always 0" on y = [0, 0, 0, 1, 1, 0] with folds {0}, {1, 2, 3}, {4, 5}:
    //   validation accuracies 1, 2/3, 1/2 → mean 13/18;
    //   training rows {1..5}, {0, 4, 5}, {0..3} → 3/5, 2/3, 3/4 → mean 121/180.
    // "Always 1": validation 0, 1/3, 1/2 → 5/18; training 2/5, 1/3, 1/4 → 59/180.
    let (x, y, folds) = six_rows();
    let model_for = |c: f64| -> Box<dyn Model> { Box::new(Always(c)) };
    let curve = call_ok!(overfitting::validation_curve(
        &model_for,
        &[1.0, 0.0],
        x.view(),
        y.view(),
        &folds,
        &CvSettings::new(Scoring::Accuracy)
    ));
    let expected = array![
        [1.0, 59.0 / 180.0, 5.0 / 18.0],
        [0.0, 121.0 / 180.0, 13.0 / 18.0]
    ];
    let mut reversed = expected.clone();
    reversed.invert_axis(ndarray::Axis(0));
    let mut positions = expected.clone();
    positions.column_mut(0).assign(&array![0.0, 1.0]);
    expect_array(
        "validation curve of \"always c\" for values [1, 0], as rows [value, train, validation]",
        &as_rows(&curve),
        &expected,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &swapped(&expected),
        "train and validation are swapped: train is mean_train(), validation mean_validation()",
    )
    .mistake_array(
        &reversed,
        "the points are reversed: one point per value, in the order given",
    )
    .mistake_array(
        &positions,
        "the values are the positions 0, 1: record the value v itself, CurvePoint { value: v, .. }",
    )
    .mistake_array(
        &array![[1.0, 0.25, 0.5], [0.0, 0.75, 0.5]],
        "those are the last round's scores: record the mean over the rounds (mean_train(), \
         mean_validation())",
    )
    .mistake_array(
        &array![
            [1.0, 59.0 / 180.0, 5.0 / 18.0],
            [0.0, 59.0 / 180.0, 5.0 / 18.0]
        ],
        "every point has the scores of the first model: build model_for(v) for each value",
    )
    .assert();
}

#[test]
fn validation_curve_on_breast_cancer_picks_a_moderate_depth() {
    // CART trees of growing depth on the bundled 5 folds. A depth-12 tree memorises the
    // training rows (score 1.0) while its validation score stays near scikit-learn's
    // 0.917 for an unlimited tree; scikit-learn's depth-3 tree scores 0.919
    // (datasets/README.md).
    let data = datasets::breast_cancer();
    let folds = data.reference_folds().expect("bundled folds");
    let depths = [1.0, 2.0, 3.0, 12.0];
    let model_for = |depth: f64| -> Box<dyn Model> {
        Box::new(DecisionTreeClassifier::max_depth(depth as usize))
    };
    let curve = call_ok!(overfitting::validation_curve(
        &model_for,
        &depths,
        data.features.view(),
        data.targets.view(),
        &folds,
        &CvSettings::new(Scoring::Accuracy)
    ));
    let values: Vec<f64> = curve.iter().map(|p| p.value).collect();
    require(values == depths, || {
        format!(
            "the curve's values should be the depths given, in order: {depths:?}; got {values:?}"
        )
    });
    expect(
        "validation accuracy of a depth-3 tree on breast_cancer (scikit-learn: 0.919)",
        curve[2].validation,
        0.919,
    )
    .tol(Tolerance::abs(0.03))
    .no_generic_diagnosis()
    .assert();
    let deepest = curve[depths.len() - 1];
    expect(
        "training accuracy of a depth-12 tree (it memorises its training rows)",
        deepest.train,
        1.0,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake(
        deepest.validation,
        "that is the validation score: the training score is mean_train()",
    )
    .assert();
    require(deepest.validation < 0.96, || {
        format!(
            "the depth-12 tree's validation accuracy is {}, but an overfit tree does not \
             keep its perfect training score on unseen rows: is the validation score computed \
             on the training rows?",
            deepest.validation
        )
    });
    let best = call_ok!(overfitting::best_point(&curve));
    require((2.0..=6.0).contains(&best.value), || {
        format!(
            "the best depth should be between 2 and 6 (the validation score peaks there), got \
             depth {} with validation {} and training {}\n    likely mistake: {}",
            best.value,
            best.validation,
            best.train,
            if best.value == 12.0 {
                "you picked the point with the highest training score: choose by validation score"
            } else {
                "pick the point with the highest validation score"
            }
        )
    });
}

/// Records the targets of every fit, and predicts 0 everywhere.
#[derive(Default, Clone)]
struct Spy(Rc<RefCell<Vec<Vec<usize>>>>);

impl Model for Spy {
    fn name(&self) -> String {
        "spy".into()
    }
    fn fit(&self, _: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        self.0
            .borrow_mut()
            .push(y.iter().map(|&t| t as usize).collect());
        Ok(Box::new(FittedAlways(0.0)))
    }
}

#[test]
fn learning_curve_trains_on_the_first_m_rows_of_each_round() {
    // Targets are the row numbers, so each fit tells which rows it was given.
    let folds = Folds {
        folds: vec![vec![0, 3, 6], vec![1, 4], vec![2, 5, 7]],
        n_samples: 8,
    };
    let x = Array2::from_shape_fn((8, 1), |(i, _)| i as f64);
    let y = Array1::from_iter((0..8).map(f64::from));
    let spy = Spy::default();
    let sizes = [2, 5];
    call_ok!(overfitting::learning_curve(
        &spy,
        &sizes,
        x.view(),
        y.view(),
        &folds,
        &CvSettings::new(Scoring::R2)
    ));
    let mut expected: Vec<Vec<usize>> = sizes
        .iter()
        .flat_map(|&m| (0..3).map(move |k| (m, k)))
        .map(|(m, k)| folds.round(k).unwrap().train[..m].to_vec())
        .collect();
    let mut got = spy.0.borrow().clone();
    expected.sort();
    got.sort();
    if got != expected {
        fail(format!(
            "learning_curve with sizes {sizes:?} on 3 folds should fit 6 models, on the first m \
             training rows of each round\n    expected fits on rows: {expected:?}\n    \
             got fits on rows:      {got:?}\n    likely mistake: {}",
            if got.len() != expected.len() {
                "fit once per size and per round"
            } else {
                "in round r, train on the FIRST m rows of folds.round(r).train, in the order \
                 listed (never on rows of fold r)"
            }
        ));
    }
}

/// Records the features of every fit, and predicts 0 everywhere.
#[derive(Default, Clone)]
struct FeatureSpy(Rc<RefCell<Vec<Array2<f64>>>>);

impl Model for FeatureSpy {
    fn name(&self) -> String {
        "feature spy".into()
    }
    fn fit(&self, x: ArrayView2<f64>, _: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        self.0.borrow_mut().push(x.to_owned());
        Ok(Box::new(FittedAlways(0.0)))
    }
}

#[test]
fn learning_curve_passes_the_settings_on() {
    // With settings.standardize, fit_and_score standardizes each round's m training rows
    // with their own mean and standard deviation: 3 distinct values become
    // (−1.2247, 0, 1.2247) in some order, never the raw values.
    let folds = Folds {
        folds: vec![vec![0, 3, 6], vec![1, 4], vec![2, 5, 7]],
        n_samples: 8,
    };
    let x = Array2::from_shape_fn((8, 1), |(i, _)| (i * i) as f64 + 10.0);
    let y = Array1::from_iter((0..8).map(f64::from));
    let spy = FeatureSpy::default();
    call_ok!(overfitting::learning_curve(
        &spy,
        &[3],
        x.view(),
        y.view(),
        &folds,
        &CvSettings::new(Scoring::R2).standardized()
    ));
    let fits = spy.0.borrow();
    require(!fits.is_empty(), || {
        "learning_curve never fitted the model".into()
    });
    for (fit, features) in fits.iter().enumerate() {
        let column = features.column(0);
        let mean = column.sum() / column.len() as f64;
        let spread = column.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / column.len() as f64;
        require(mean.abs() < 1e-9 && (spread - 1.0).abs() < 1e-9, || {
            format!(
                "learning_curve with settings.standardize: fit {fit} got the features {:?}, \
                 which are not standardized (mean {mean:.3}, variance {spread:.3})\n    likely \
                 mistake: {}",
                column.to_vec(),
                if column.iter().all(|v| *v >= 10.0) {
                    "settings.standardize is true but the model got raw features: pass the \
                     settings on to fit_and_score, which standardizes inside"
                } else {
                    "let fit_and_score standardize each round's training rows (pass the \
                     settings on unchanged)"
                }
            )
        });
    }
}

#[test]
fn validation_curve_passes_the_settings_on() {
    let folds = Folds {
        folds: vec![vec![0, 3, 6], vec![1, 4], vec![2, 5, 7]],
        n_samples: 8,
    };
    let x = Array2::from_shape_fn((8, 1), |(i, _)| (i * i) as f64 + 10.0);
    let y = Array1::from_iter((0..8).map(f64::from));
    let spy = FeatureSpy::default();
    let model_for = |_: f64| -> Box<dyn Model> { Box::new(spy.clone()) };
    call_ok!(overfitting::validation_curve(
        &model_for,
        &[1.0],
        x.view(),
        y.view(),
        &folds,
        &CvSettings::new(Scoring::R2).standardized()
    ));
    let fits = spy.0.borrow();
    require(fits.len() == 3, || {
        format!(
            "one value and 3 folds: the model should be fit 3 times (cross_validate), it was \
             fit {} times",
            fits.len()
        )
    });
    require(fits.iter().all(|f| f.iter().all(|v| *v < 10.0)), || {
        "validation_curve with settings.standardize: settings.standardize is true but the \
         model got raw features\n    likely mistake: pass the settings on to cross_validate \
         unchanged"
            .into()
    });
}

#[test]
fn learning_curve_of_a_majority_vote_by_hand() {
    // y = [0, 0, 0, 1, 1, 0], folds {0}, {1, 2, 3}, {4, 5}; the rounds train on rows
    // [1, 2, 3, 4, 5], [0, 4, 5], [0, 1, 2, 3].
    // m = 1: rows 1, 0, 0 all have class 0 → predict 0: training accuracy 1 each;
    //        validation 1, 2/3, 1/2 → 13/18.
    // m = 3: rows [1, 2, 3] (0, 0, 1), [0, 4, 5] (0, 1, 0), [0, 1, 2] (0, 0, 0) → predict 0:
    //        training 2/3, 2/3, 1 → 7/9; validation again 13/18.
    let (x, y, folds) = six_rows();
    let curve = call_ok!(overfitting::learning_curve(
        &MajorityClass,
        &[3, 1],
        x.view(),
        y.view(),
        &folds,
        &CvSettings::new(Scoring::Accuracy)
    ));
    let expected = array![[3.0, 7.0 / 9.0, 13.0 / 18.0], [1.0, 1.0, 13.0 / 18.0]];
    expect_array(
        "learning curve of the majority class for sizes [3, 1], as rows [size, train, validation]",
        &as_rows(&curve),
        &expected,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(&swapped(&expected), "train and validation are swapped")
    .mistake_array(
        &array![[3.0, 2.0 / 3.0, 7.0 / 18.0], [1.0, 1.0, 13.0 / 18.0]],
        "you trained on the LAST m training rows: take the FIRST m, in the order listed",
    )
    .mistake_array(
        &array![[3.0, 7.0 / 9.0, 13.0 / 18.0], [1.0, 1.0, 2.0 / 3.0]],
        "the validation part was cut to m rows too: it stays the whole fold r",
    )
    .mistake_array(
        &array![[0.0, 7.0 / 9.0, 13.0 / 18.0], [1.0, 1.0, 13.0 / 18.0]],
        "the values are the positions in train_sizes: record value m (the number of training \
         rows) as m as f64",
    )
    .mistake_array(
        &array![[3.0, 7.0 / 3.0, 13.0 / 6.0], [1.0, 3.0, 13.0 / 6.0]],
        "you took the sum of the rounds' scores: record the mean over the rounds",
    )
    .mistake_array(
        &array![[1.0, 1.0, 13.0 / 18.0], [3.0, 7.0 / 9.0, 13.0 / 18.0]],
        "the points are sorted by size: one point per size, in the order given",
    )
    .assert();
}

#[test]
fn a_deep_tree_needs_more_data_and_still_overfits() {
    // In a seeded random order: the learning curve trains on the first rows.
    let bundled = datasets::breast_cancer();
    let (data, folds) = shuffle_rows(
        &bundled,
        &bundled.reference_folds().expect("bundled folds"),
        5,
    )
    .expect("the folds fit the data");
    let sizes = [20, 80, 400];
    let curve = call_ok!(overfitting::learning_curve(
        &DecisionTreeClassifier::unlimited(),
        &sizes,
        data.features.view(),
        data.targets.view(),
        &folds,
        &CvSettings::new(Scoring::Accuracy)
    ));
    require(curve.len() == sizes.len(), || {
        format!("3 sizes should give 3 points, got {}", curve.len())
    });
    expect_array(
        "training accuracy of an unlimited tree with 20, 80 and 400 rows (it memorises them)",
        &Array1::from_iter(curve.iter().map(|p| p.train)),
        &array![1.0, 1.0, 1.0],
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
    let (small, large) = (curve[0], curve[2]);
    require(large.validation > small.validation + 0.02, || {
        format!(
            "with 400 training rows the tree should do clearly better on unseen rows than with \
             20 (validation {} vs {}): is each size really training on m rows?",
            large.validation, small.validation
        )
    });
    let thresholds = FitThresholds {
        good_score: 0.95,
        max_gap: 0.05,
    };
    let verdict = call!(overfitting::diagnose(&large, &thresholds));
    require(verdict == Fit::Overfitting, || {
        format!(
            "at 400 rows the unlimited tree scores {:.3} on its training rows and {:.3} on \
             unseen rows: a gap of {:.3} > 0.05 is overfitting, got {verdict:?}",
            large.train,
            large.validation,
            large.gap()
        )
    });
}

#[test]
fn best_point_takes_the_highest_validation_score_and_the_simplest_on_ties() {
    let curve = [
        CurvePoint {
            value: 1.0,
            train: 0.80,
            validation: 0.70,
        },
        CurvePoint {
            value: 2.0,
            train: 0.90,
            validation: 0.85,
        },
        CurvePoint {
            value: 3.0,
            train: 0.97,
            validation: 0.85,
        },
        CurvePoint {
            value: 4.0,
            train: 1.00,
            validation: 0.80,
        },
    ];
    let best = call_ok!(overfitting::best_point(&curve));
    expect(
        "value of the best point of validation scores [0.70, 0.85, 0.85, 0.80]",
        best.value,
        2.0,
    )
    .mistake(
        3.0,
        "values 2 and 3 tie at 0.85: the tie goes to the earliest point (the simpler model); \
         compare with > not >=",
    )
    .mistake(
        4.0,
        "you picked the point with the highest training score: the best setting has the \
         highest validation score",
    )
    .no_generic_diagnosis()
    .assert();
    let error = expect_err(
        "best_point of an empty curve",
        "there is no point to pick: return CurveError::NoPoints",
        catch_panic("best_point(&[])", || overfitting::best_point(&[])).unwrap_or_else(|message| {
            fail(format!(
                "best_point(&[]) panicked: {message}\n    likely mistake: an empty curve has \
                 no first point: return CurveError::NoPoints"
            ))
        }),
    );
    require(error == CurveError::NoPoints, || {
        format!("expected CurveError::NoPoints, got {error:?}")
    });
}

#[test]
fn diagnose_by_hand() {
    // Thresholds and scores are exact binary fractions, so the boundary cases are exact.
    let thresholds = FitThresholds {
        good_score: 0.75,
        max_gap: 0.25,
    };
    let cases = [
        (0.625, 0.5, Fit::Underfitting, "a training score below 0.75"),
        (
            1.0,
            0.5,
            Fit::Overfitting,
            "a gap of 0.5 above max_gap 0.25",
        ),
        (
            0.875,
            0.75,
            Fit::GoodFit,
            "a good training score and a small gap",
        ),
        (
            0.75,
            0.5,
            Fit::GoodFit,
            "a training score exactly at good_score and a gap exactly at max_gap: neither is a problem",
        ),
        (
            0.5,
            0.0,
            Fit::Underfitting,
            "a low training score comes first, even with a large gap",
        ),
        (
            0.75,
            0.625,
            Fit::GoodFit,
            "a training score equal to good_score is good enough: underfitting is train < \
             good_score, not <=",
        ),
        (
            1.0,
            0.75,
            Fit::GoodFit,
            "a gap equal to max_gap is acceptable: overfitting is train − validation > \
             max_gap, not >=",
        ),
        (
            0.875,
            0.625,
            Fit::GoodFit,
            "underfitting is judged on the training score (0.875 is good), not the \
             validation score; the gap 0.25 is acceptable",
        ),
        (
            0.75,
            1.25,
            Fit::GoodFit,
            "the gap is train − validation = −0.5: a validation score above the training \
             score is no overfitting (do not take an absolute value)",
        ),
    ];
    // Report every case that fails (a few lines), so each broken rule is named.
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|&(train, validation, expected, why)| {
            let point = CurvePoint {
                value: 0.0,
                train,
                validation,
            };
            let got = call!(overfitting::diagnose(&point, &thresholds));
            (got != expected).then(|| {
                format!(
                    "diagnose(train {train}, validation {validation}): expected {expected:?}, \
                     got {got:?}\n      why: {why}"
                )
            })
        })
        .collect();
    require(failures.is_empty(), || {
        format!(
            "diagnose with good_score 0.75 and max_gap 0.25, {} of {} cases wrong:\n    {}",
            failures.len(),
            cases.len(),
            failures.join("\n    ")
        )
    });
}

#[test]
fn bad_inputs_are_errors() {
    let (x, y, folds) = six_rows();
    let settings = CvSettings::new(Scoring::Accuracy);
    let model_for = |c: f64| -> Box<dyn Model> { Box::new(Always(c)) };
    let error = expect_err(
        "validation_curve with no values",
        "a curve needs at least one point: return CurveError::NoPoints",
        call!(overfitting::validation_curve(
            &model_for,
            &[],
            x.view(),
            y.view(),
            &folds,
            &settings
        )),
    );
    require(error == CurveError::NoPoints, || {
        format!("expected CurveError::NoPoints, got {error:?}")
    });
    let error = expect_err(
        "validation_curve with 6 rows and 2 targets",
        "cross_validate's error is passed on with ?",
        call!(overfitting::validation_curve(
            &model_for,
            &[0.0],
            x.view(),
            array![0.0, 1.0].view(),
            &folds,
            &settings
        )),
    );
    require(
        error
            == CurveError::Cv(CvError::LengthMismatch {
                rows: 6,
                targets: 2,
            }),
        || {
            format!(
                "expected CurveError::Cv(CvError::LengthMismatch {{ rows: 6, targets: 2 }}), got {error}"
            )
        },
    );
    // The rounds train on 5, 3 and 4 rows: at most 3 rows are available in every round.
    let all_three = catch_panic("learning_curve(.., &[3], ..)", || {
        overfitting::learning_curve(&MajorityClass, &[3], x.view(), y.view(), &folds, &settings)
    });
    require(matches!(all_three, Ok(Ok(_))), || {
        format!(
            "learning_curve with a training size of 3 on rounds of 5, 3 and 4 training rows: \
             a size equal to available (3, the fewest) is allowed, got {}",
            match &all_three {
                Ok(Err(error)) => format!("the error {error}"),
                Err(panic) => format!("a panic: {panic}"),
                Ok(Ok(_)) => String::new(),
            }
        )
    });
    for size in [0, 4] {
        let call = format!("learning_curve with a training size of {size}");
        let result = catch_panic(&call, || {
            overfitting::learning_curve(
                &MajorityClass,
                &[2, size],
                x.view(),
                y.view(),
                &folds,
                &settings,
            )
        })
        .unwrap_or_else(|message| {
            fail(format!(
                "{call} on rounds of 5, 3 and 4 training rows: your code panicked: {message}\n    \
                 likely mistake: available is the training rows of the round that has the \
                 fewest (3): return InvalidTrainSize for a size of 0 or above it"
            ))
        });
        let error = expect_err(
            &call,
            "every round must have that many training rows, and at least one",
            result,
        );
        require(
            error == (CurveError::InvalidTrainSize { size, available: 3 }),
            || {
                format!(
                    "expected CurveError::InvalidTrainSize {{ size: {size}, available: 3 }} (the \
                     round with the fewest training rows has 3), got {error:?}"
                )
            },
        );
    }
    let short_y = array![0.0, 1.0];
    let error = expect_err(
        "learning_curve with 6 rows and 2 targets",
        "check_rows(x, y, folds)? catches it",
        call!(overfitting::learning_curve(
            &MajorityClass,
            &[2],
            x.view(),
            short_y.view(),
            &folds,
            &settings
        )),
    );
    require(
        error
            == CurveError::Cv(CvError::LengthMismatch {
                rows: 6,
                targets: 2,
            }),
        || {
            format!(
                "expected CurveError::Cv(CvError::LengthMismatch {{ rows: 6, targets: 2 }}), got {error:?}"
            )
        },
    );
    // Two faults at once: the doc's errors come in this order.
    let error = expect_err(
        "learning_curve with 6 rows, 2 targets and a size of 0",
        "check_rows(x, y, folds)? comes before the sizes",
        call!(overfitting::learning_curve(
            &MajorityClass,
            &[0],
            x.view(),
            short_y.view(),
            &folds,
            &settings
        )),
    );
    require(
        matches!(error, CurveError::Cv(CvError::LengthMismatch { .. })),
        || {
            format!(
                "6 rows, 2 targets and a size of 0: the errors come in this order (NoPoints, \
                 check_rows, then InvalidTrainSize), expected LengthMismatch, got {error}"
            )
        },
    );
    let error = expect_err(
        "learning_curve with no sizes and 6 rows for 2 targets",
        "NoPoints first: a curve needs at least one size",
        call!(overfitting::learning_curve(
            &MajorityClass,
            &[],
            x.view(),
            short_y.view(),
            &folds,
            &settings
        )),
    );
    require(error == CurveError::NoPoints, || {
        format!(
            "no sizes and mismatched x and y: the errors come in this order, NoPoints first, \
             got {error}"
        )
    });
    let error = expect_err(
        "learning_curve with 0 folds",
        "check_rows(x, y, folds)? returns TooFewFolds",
        call!(overfitting::learning_curve(
            &MajorityClass,
            &[1],
            x.view(),
            y.view(),
            &Folds {
                folds: vec![],
                n_samples: 6
            },
            &settings
        )),
    );
    require(
        error == CurveError::Cv(CvError::TooFewFolds { folds: 0 }),
        || format!("expected CurveError::Cv(CvError::TooFewFolds {{ folds: 0 }}), got {error}"),
    );
    let error = expect_err(
        "learning_curve with a fold that lists row 7 of 6",
        "folds.round(r)? returns RowOutOfRange",
        call!(overfitting::learning_curve(
            &MajorityClass,
            &[1],
            x.view(),
            y.view(),
            &Folds {
                folds: vec![vec![0, 1, 2], vec![3, 4, 7]],
                n_samples: 6
            },
            &settings
        )),
    );
    require(
        error
            == CurveError::Cv(CvError::RowOutOfRange {
                fold: 1,
                row: 7,
                n_samples: 6,
            }),
        || {
            format!(
                "expected CurveError::Cv(CvError::RowOutOfRange {{ fold: 1, row: 7, n_samples: \
                 6 }}) (from folds.round(r)?), got {error}"
            )
        },
    );
}
