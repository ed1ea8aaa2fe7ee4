//! Grader of exercises/08_trees/regression_tree.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/08_trees/regression_tree.rs"]
mod regression_tree;
#[cfg(feature = "solutions")]
use mlings::reference::regression_tree;

mod trees_support;
use mlings::grade::catch_panic;
use trees_support::cart::{
    self, Setting, Targets, judge_split, sorted_by_value, variance, with_diagnosis,
};

use mlings::datasets;
use mlings::grade::{Tolerance, expect_array, fail, require};
use mlings::types::best_split::{Split, SplitError};
use mlings::types::decision_tree::{RegressionTree, TreeError, TreeParams};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView2, Axis, array, concatenate};

/// The decreases the likely mistakes would report for the split `left` | `right` of `y`.
fn mistakes(y: &[f64]) -> impl Fn(&[usize], &[usize]) -> Vec<(f64, String)> {
    let y = y.to_vec();
    move |left, right| {
        let pick = |rows: &[usize]| rows.iter().map(|&r| y[r]).collect::<Vec<f64>>();
        let all: Vec<usize> = left.iter().chain(right).copied().collect();
        let (v, vl, vr) = (
            variance(&pick(&all)),
            variance(&pick(left)),
            variance(&pick(right)),
        );
        let (nl, nr) = (left.len() as f64, right.len() as f64);
        let n = nl + nr;
        let sample = |v: f64, m: f64| if m > 1.0 { v * m / (m - 1.0) } else { 0.0 };
        vec![
            (
                v - (vl + vr) / 2.0,
                "you averaged the two sides' variances without weights: weight each by its share \
                 of the samples, n_side / n"
                    .to_string(),
            ),
            (
                n * (v - nl / n * vl - nr / n * vr),
                "that is the reduction of the SUM of squared errors, not divided by n: the doc's \
                 ΔI uses variances (Σ (y − ȳ)² / n)"
                    .to_string(),
            ),
            (
                sample(v, n) - nl / n * sample(vl, nl) - nr / n * sample(vr, nr),
                "you used sample variances (dividing by n - 1): the doc's variances divide by n"
                    .to_string(),
            ),
            (
                v - nr / n * vl - nl / n * vr,
                "you swapped the weights of the two sides".to_string(),
            ),
        ]
    }
}

/// Calls the learner's best_split on (x, y) and judges it against the grader's own search.
#[track_caller]
fn check_split(what: &str, x: &[f64], y: &[f64], min_samples_leaf: usize) {
    let got = call_ok!(regression_tree::best_split(
        Array1::from(x.to_vec()).view(),
        Array1::from(y.to_vec()).view(),
        min_samples_leaf
    ));
    let what = format!("{what} (min_samples_leaf {min_samples_leaf})");
    let judge = |x: &[f64], y: &[f64], got| {
        judge_split(
            &what,
            x,
            Targets::Real(y),
            min_samples_leaf,
            got,
            &mistakes(y),
        )
    };
    if let Err(report) = judge(x, y, got) {
        let (xs, ys) = sorted_by_value(x, y);
        let sorted_got = call_ok!(regression_tree::best_split(
            Array1::from(xs.clone()).view(),
            Array1::from(ys.clone()).view(),
            min_samples_leaf
        ));
        if xs != x && judge(&xs, &ys, sorted_got).is_ok() {
            fail(with_diagnosis(
                &report,
                "the same samples sorted by value give the right split: sort the (value, \
                 target) pairs together, not the values alone",
            ));
        }
        fail(report);
    }
}

/// The worked example of the doc comment, shuffled: sorted by x the targets are
/// 2 4 3 10 12 20.
const SIX_X: [f64; 6] = [4.0, 1.0, 6.0, 2.0, 5.0, 3.0];
const SIX_Y: [f64; 6] = [10.0, 2.0, 20.0, 4.0, 12.0, 3.0];

#[test]
fn six_points_by_hand() {
    // Var(all) = 479/12. At 3.5: left [2, 4, 3] (variance 2/3), right [10, 12, 20]
    // (variance 56/3): reduction 479/12 − ½·2/3 − ½·56/3 = 30.25.
    check_split("best split of the six points", &SIX_X, &SIX_Y, 1);
    let got = call_ok!(regression_tree::best_split(
        array![4.0, 1.0, 6.0, 2.0, 5.0, 3.0].view(),
        array![10.0, 2.0, 20.0, 4.0, 12.0, 3.0].view(),
        1
    ));
    let hand = Split {
        threshold: 3.5,
        impurity_decrease: 30.25,
        n_left: 3,
        n_right: 3,
    };
    require(
        got.is_some_and(|s| {
            s.threshold == 3.5 && (s.impurity_decrease - 30.25).abs() < 1e-9 && s.n_left == 3
        }),
        || {
            format!(
                "best split of the six points: expected {hand:?} (worked in the doc), got {got:?}"
            )
        },
    );
}

#[test]
fn equal_values_ties_and_zero_reductions() {
    // x = 1 2 2 3, y = 0 0 10 10: the cuts are 1.5 and 2.5 (both 25/3); cutting between
    // the two 2s would fake a perfect split.
    check_split(
        "best split of x = [1, 2, 2, 3], y = [0, 0, 10, 10]",
        &[1.0, 2.0, 2.0, 3.0],
        &[0.0, 0.0, 10.0, 10.0],
        1,
    );
    // x = 1 2 3 4, y = 0 10 10 0: 1.5 and 3.5 tie (the smaller wins); 2.5 reduces nothing.
    check_split(
        "best split of x = [1, 2, 3, 4], y = [0, 10, 10, 0]",
        &[4.0, 3.0, 2.0, 1.0],
        &[0.0, 10.0, 10.0, 0.0],
        1,
    );
    // XOR-like: x = 0 0 1 1, y = 0 5 5 0: the only cut reduces nothing, but it counts.
    // Equal targets: every cut reduces nothing; the first one (1.5) still counts.
    for min_samples_leaf in [1, 0] {
        check_split(
            "best split of x = [1, 2, 3], y = [4, 4, 4] (min_samples_leaf 0 acts like 1)",
            &[3.0, 1.0, 2.0],
            &[4.0, 4.0, 4.0],
            min_samples_leaf,
        );
    }
    for min_samples_leaf in [1, 0] {
        check_split(
            "best split of x = [0, 0, 1, 1], y = [0, 5, 5, 0] (min_samples_leaf 0 acts like 1)",
            &[0.0, 1.0, 0.0, 1.0],
            &[0.0, 5.0, 0.0, 5.0],
            min_samples_leaf,
        );
    }
    // A constant feature, one sample, no sample: None.
    check_split(
        "best split of a constant feature",
        &[5.0; 3],
        &[1.0, 2.0, 3.0],
        1,
    );
    check_split("best split of one sample", &[5.0], &[1.0], 1);
    check_split("best split of no sample", &[], &[], 1);
}

#[test]
fn min_samples_leaf_limits_the_thresholds() {
    for min_samples_leaf in [0, 1, 2, 3, 4] {
        check_split(
            "best split of the six points",
            &SIX_X,
            &SIX_Y,
            min_samples_leaf,
        );
    }
    // The best cut is next to the end: y = 1 1 1 1 1 1 9 9.
    let x: Vec<f64> = (1..=8).map(f64::from).collect();
    let y = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 9.0, 9.0];
    for min_samples_leaf in [2, 3] {
        check_split(
            "best split of 1..8, y = 1 1 1 1 1 1 9 9",
            &x,
            &y,
            min_samples_leaf,
        );
    }
}

#[test]
fn every_diabetes_feature_matches_an_independent_search() {
    let diabetes = datasets::diabetes();
    let y = diabetes.targets.to_vec();
    for (j, name) in diabetes.feature_names.iter().enumerate() {
        let column = diabetes.features.column(j).to_vec();
        for min_samples_leaf in [1, 20] {
            check_split(
                &format!("best split of diabetes {name:?}"),
                &column,
                &y,
                min_samples_leaf,
            );
        }
    }
}

#[track_caller]
fn expect_split_error(what: &str, x: Array1<f64>, y: Array1<f64>, expected: SplitError, why: &str) {
    let got = call!(regression_tree::best_split(x.view(), y.view(), 1));
    match got {
        Err(error) if format!("{error:?}") == format!("{expected:?}") => {}
        Err(error) => fail(format!("{what}: expected {expected:?}, got {error:?}{why}")),
        Ok(split) => fail(format!(
            "{what}: expected Err({expected:?}), got Ok({split:?}){why}"
        )),
    }
}

#[test]
fn best_split_rejects_bad_input_in_order() {
    let infinite = "\n    likely mistake: you rejected NaN only: an infinite value is not finite either (use f64::is_finite)";
    expect_split_error(
        "best_split of 3 values and 2 targets",
        array![1.0, 2.0, 3.0],
        array![1.0, 2.0],
        SplitError::LengthMismatch {
            values: 3,
            targets: 2,
        },
        "",
    );
    expect_split_error(
        "best_split of x = [1, inf, 3]",
        array![1.0, f64::INFINITY, 3.0],
        array![1.0, 2.0, 3.0],
        SplitError::NonFinite {
            what: "feature value",
            index: 1,
            value: f64::INFINITY,
        },
        infinite,
    );
    expect_split_error(
        "best_split of y = [1, 2, NaN]",
        array![1.0, 2.0, 3.0],
        array![1.0, 2.0, f64::NAN],
        SplitError::NonFinite {
            what: "target",
            index: 2,
            value: f64::NAN,
        },
        "",
    );
    expect_split_error(
        "best_split of y = [1, -inf, 3]",
        array![1.0, 2.0, 3.0],
        array![1.0, f64::NEG_INFINITY, 3.0],
        SplitError::NonFinite {
            what: "target",
            index: 1,
            value: f64::NEG_INFINITY,
        },
        infinite,
    );
    expect_split_error(
        "best_split of x = [1, 2, NaN], y = [NaN, 2, 3]",
        array![1.0, 2.0, f64::NAN],
        array![f64::NAN, 2.0, 3.0],
        SplitError::NonFinite {
            what: "feature value",
            index: 2,
            value: f64::NAN,
        },
        "\n    likely mistake: the doc checks the feature values before the targets: a non-finite feature value before the target",
    );
    expect_split_error(
        "best_split of x = [NaN], y = [1, 2]",
        array![f64::NAN],
        array![1.0, 2.0],
        SplitError::LengthMismatch {
            values: 1,
            targets: 2,
        },
        "\n    the doc checks LengthMismatch first",
    );
}

/// Fits the learner's tree and compares it, node by node, with the grader's own CART.
#[track_caller]
fn fit_and_compare(
    what: &str,
    x: ArrayView2<f64>,
    y: &[f64],
    params: TreeParams,
) -> RegressionTree {
    let tree = call_ok!(regression_tree::fit(
        x,
        Array1::from(y.to_vec()).view(),
        &params
    ));
    let expected = cart::grow(x, Targets::Real(y), &params);
    let setting = Setting {
        what: &format!(
            "{what} (max_depth {}, min_samples_split {}, min_samples_leaf {})",
            params.max_depth.map_or("None".into(), |d| d.to_string()),
            params.min_samples_split,
            params.min_samples_leaf
        ),
        params,
    };
    if let Err(report) = cart::compare(&tree, &expected, &setting) {
        fail(report);
    }
    tree
}

fn column(x: &[f64]) -> Array2<f64> {
    Array1::from(x.to_vec()).insert_axis(Axis(1))
}

#[test]
fn a_stump_predicts_the_mean_of_each_side() {
    let x = column(&SIX_X);
    let tree = fit_and_compare(
        "the stump of the six points",
        x.view(),
        &SIX_Y,
        TreeParams::new().max_depth(1),
    );
    let probes = array![[0.0], [3.5], [3.6], [100.0]];
    let got = call_ok!(regression_tree::predict(&tree, probes.view()));
    expect_array(
        "stump predictions at x = 0, 3.5, 3.6, 100 (left mean 3, right mean 14)",
        &got,
        &array![3.0, 3.0, 14.0, 14.0],
    )
    .tol(Tolerance::abs(1e-9))
    .no_generic_diagnosis()
    .mistake_array(
        &array![3.0, 3.0, 12.0, 12.0],
        "a leaf predicts the mean of its targets, not the median",
    )
    .mistake_array(
        &array![9.0, 9.0, 42.0, 42.0],
        "a leaf predicts the mean of its targets, not their sum",
    )
    .mistake_array(
        &array![3.0, 14.0, 14.0, 14.0],
        "a value equal to the threshold goes left: <= threshold goes left",
    )
    .assert();
}

#[test]
fn whole_trees_match_node_by_node() {
    let x = column(&SIX_X);
    for params in [
        TreeParams::new(),
        TreeParams::new().min_samples_split(3),
        TreeParams::new().min_samples_split(4),
        TreeParams::new().min_samples_leaf(2),
    ] {
        fit_and_compare("the tree of the six points", x.view(), &SIX_Y, params);
    }
    let diabetes = datasets::diabetes();
    let y = diabetes.targets.to_vec();
    for params in [
        TreeParams::new().max_depth(0),
        TreeParams::new().max_depth(3),
        TreeParams::new().min_samples_leaf(10),
        TreeParams::new().min_samples_split(MIN_SAMPLES_SPLIT_BOUNDARY),
        TreeParams::new()
            .max_depth(5)
            .min_samples_split(30)
            .min_samples_leaf(8),
    ] {
        fit_and_compare("the diabetes tree", diabetes.features.view(), &y, params);
    }
}

/// A value of min_samples_split at which the diabetes tree has a node of exactly that
/// many samples that splits (found with the grader's own CART).
const MIN_SAMPLES_SPLIT_BOUNDARY: usize = 30;

#[test]
fn nodes_with_equal_targets_and_tied_features() {
    // Targets 5 5 5 7 7: the left node [5, 5, 5] is a leaf (its targets are all equal)
    // although its x values differ.
    fit_and_compare(
        "the tree of x = 1..5, y = 5 5 5 7 7",
        column(&[1.0, 2.0, 3.0, 4.0, 5.0]).view(),
        &[5.0, 5.0, 5.0, 7.0, 7.0],
        TreeParams::new(),
    );
    // Equal targets that binary floating point cannot hold exactly: Σy² − (Σy)²/n rounds
    // below 0 (to about −16 here), so a variance taken from running sums must be clamped.
    let equal = [1e8 + 0.1; 7];
    let x = column(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]);
    let tree = call_ok!(regression_tree::fit(
        x.view(),
        Array1::from(equal.to_vec()).view(),
        &TreeParams::new()
    ));
    if let Some((index, node)) = tree
        .nodes
        .iter()
        .enumerate()
        .find(|(_, n)| n.impurity < 0.0)
    {
        fail(format!(
            "the tree of x = 1..7, y = 1e8 + 0.1 seven times: node {index} has a variance of \
             {:e}\n    likely mistake: Σy² − (Σy)²/n rounds below 0 when the targets are all \
             equal; a variance is never negative: clamp it at 0 (or compute it from the mean)",
            node.impurity
        ));
    }
    fit_and_compare(
        "the tree of x = 1..7, y = 1e8 + 0.1 seven times",
        x.view(),
        &equal,
        TreeParams::new(),
    );
    // Two identical columns: every split ties between features 0 and 1; 0 wins.
    let x = column(&SIX_X);
    let twice = concatenate(Axis(1), &[x.view(), x.view()]).expect("same rows");
    fit_and_compare(
        "the tree of the six points with the feature given twice",
        twice.view(),
        &SIX_Y,
        TreeParams::new(),
    );
}

#[test]
fn unlimited_depth_reproduces_the_training_targets() {
    let diabetes = datasets::diabetes();
    let tree = call_ok!(regression_tree::fit(
        diabetes.features.view(),
        diabetes.targets.view(),
        &TreeParams::new()
    ));
    let got = call_ok!(regression_tree::predict(&tree, diabetes.features.view()));
    expect_array(
        "predictions of an unlimited-depth tree on its own 442 distinct training rows",
        &got,
        &diabetes.targets,
    )
    .tol(Tolerance::abs(1e-9))
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn a_depth_3_tree_beats_the_mean_on_diabetes() {
    let diabetes = datasets::diabetes();
    let split = diabetes
        .reference_split()
        .expect("diabetes has a reference split");
    let (train, test) = diabetes.split(&split).expect("the split fits the data");
    let tree = call_ok!(regression_tree::fit(
        train.features.view(),
        train.targets.view(),
        &TreeParams::new().max_depth(3)
    ));
    let predicted = call_ok!(regression_tree::predict(&tree, test.features.view()));
    let mean = train.targets.mean().expect("the training set is not empty");
    let squared = |prediction: &dyn Fn(usize) -> f64| -> f64 {
        (0..test.n_samples())
            .map(|i| (test.targets[i] - prediction(i)).powi(2))
            .sum()
    };
    let r2 = 1.0 - squared(&|i| predicted[i]) / squared(&|_| mean);
    require(r2 >= 0.2, || {
        format!(
            "on the diabetes test rows a depth-3 regression tree should explain at least 20% of \
             the squared error the mean predictor leaves (R² >= 0.2, least squares gets 0.45); \
             yours: R² = {r2:.3}"
        )
    });
}

#[track_caller]
fn expect_fit_error(
    what: &str,
    x: ArrayView2<f64>,
    y: Array1<f64>,
    params: TreeParams,
    expected: TreeError,
    why: &str,
) {
    let got = catch_panic(what, || {
        regression_tree::fit(x, y.view(), &params).map(|_| ())
    })
    .unwrap_or_else(|panic| {
        fail(format!(
            "{what}: your code panicked ({panic}); expected Err({expected:?})"
        ))
    });
    let same = |e: &TreeError| match (e, &expected) {
        (TreeError::InvalidParams(_), TreeError::InvalidParams(_)) => true,
        _ => format!("{e:?}") == format!("{expected:?}"),
    };
    match got {
        Err(error) if same(&error) => {}
        Err(TreeError::NonFiniteTarget { row, .. }) if matches!(expected, TreeError::NonFiniteTarget { row: r, .. } if row == r + 1) => {
            fail(format!(
                "{what}: expected {expected:?}, got row {row}\n    likely mistake: you counted \
                 rows from 1: `row` is the 0-based position in y"
            ))
        }
        Err(error) => fail(format!("{what}: expected {expected:?}, got {error:?}{why}")),
        Ok(()) => fail(format!(
            "{what}: expected Err({expected:?}), got a tree{why}"
        )),
    }
}

#[test]
fn fit_rejects_bad_input_in_order() {
    let x = column(&SIX_X);
    let y = Array1::from(SIX_Y.to_vec());
    let infinite = "\n    likely mistake: you rejected NaN only: an infinite value is not finite either (use f64::is_finite)";
    expect_fit_error(
        "fit with min_samples_split 1",
        x.view(),
        y.clone(),
        TreeParams::new().min_samples_split(1),
        TreeError::InvalidParams(String::new()),
        "",
    );
    expect_fit_error(
        "fit with min_samples_leaf 0 and 5 targets for 6 rows",
        x.view(),
        y.slice(ndarray::s![..5]).to_owned(),
        TreeParams::new().min_samples_leaf(0),
        TreeError::InvalidParams(String::new()),
        "\n    likely mistake: check params.validate()? first",
    );
    let mut short_nan = y.slice(ndarray::s![..5]).to_owned();
    short_nan[0] = f64::NAN;
    expect_fit_error(
        "fit with 6 rows and 5 targets, the first NaN",
        x.view(),
        short_nan,
        TreeParams::new(),
        TreeError::LengthMismatch {
            rows: 6,
            targets: 5,
        },
        "\n    likely mistake: the doc checks LengthMismatch first, then Empty, the features and \
         the targets",
    );
    expect_fit_error(
        "fit with 6 rows and 5 targets",
        x.view(),
        y.slice(ndarray::s![..5]).to_owned(),
        TreeParams::new(),
        TreeError::LengthMismatch {
            rows: 6,
            targets: 5,
        },
        "",
    );
    expect_fit_error(
        "fit on 0 rows with 1 target",
        Array2::zeros((0, 1)).view(),
        array![1.0],
        TreeParams::new(),
        TreeError::LengthMismatch {
            rows: 0,
            targets: 1,
        },
        "\n    the doc checks LengthMismatch before Empty",
    );
    expect_fit_error(
        "fit on no rows",
        Array2::zeros((0, 1)).view(),
        Array1::zeros(0),
        TreeParams::new(),
        TreeError::Empty,
        "",
    );
    let mut two = concatenate(Axis(1), &[x.view(), x.view()]).expect("same rows");
    two[[3, 0]] = f64::NAN;
    two[[2, 1]] = f64::NAN;
    expect_fit_error(
        "fit with NaN at (row 3, feature 0) and at (row 2, feature 1)",
        two.view(),
        y.clone(),
        TreeParams::new(),
        TreeError::NonFiniteFeature {
            row: 2,
            feature: 1,
            value: f64::NAN,
        },
        "\n    likely mistake: report the first non-finite feature reading row by row, not column by column",
    );
    let mut bad_y = y.clone();
    bad_y[4] = f64::INFINITY;
    expect_fit_error(
        "fit with an infinite target at row 4",
        x.view(),
        bad_y.clone(),
        TreeParams::new(),
        TreeError::NonFiniteTarget {
            row: 4,
            value: f64::INFINITY,
        },
        infinite,
    );
    bad_y[1] = f64::NAN;
    expect_fit_error(
        "fit with a NaN target at row 1",
        x.view(),
        bad_y.clone(),
        TreeParams::new(),
        TreeError::NonFiniteTarget {
            row: 1,
            value: f64::NAN,
        },
        "",
    );
    let mut bad_x = x.clone();
    bad_x[[5, 0]] = f64::NAN;
    expect_fit_error(
        "fit with a NaN feature at row 5 and a NaN target at row 1",
        bad_x.view(),
        bad_y,
        TreeParams::new(),
        TreeError::NonFiniteFeature {
            row: 5,
            feature: 0,
            value: f64::NAN,
        },
        "\n    likely mistake: the doc checks NonFiniteFeature before NonFiniteTarget",
    );
}

#[test]
fn predict_checks_the_number_of_features() {
    let x = column(&SIX_X);
    let tree = call_ok!(regression_tree::fit(
        x.view(),
        Array1::from(SIX_Y.to_vec()).view(),
        &TreeParams::new()
    ));
    for columns in [2, 0] {
        let what = format!("predict with {columns} features for a 1-feature tree");
        let expected = TreeError::FeatureCount {
            expected: 1,
            got: columns,
        };
        let advice = "likely mistake: no check of x.ncols() against tree.n_features: return FeatureCount first";
        match catch_panic(&what, || {
            regression_tree::predict(&tree, Array2::zeros((2, columns)).view())
        }) {
            Ok(Err(error)) if error == expected => {}
            Ok(Err(error)) => fail(format!("{what}: expected {expected:?}, got {error:?}")),
            Ok(Ok(_)) => fail(format!(
                "{what}: expected Err({expected:?}), got Ok\n    {advice}"
            )),
            Err(panic) => fail(format!(
                "{what}: your code panicked ({panic})\n    {advice}"
            )),
        }
    }
}
