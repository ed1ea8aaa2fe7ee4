//! Grader of exercises/10_data_preparation/pipeline.rs.
//!
//! The expected steps are computed here: fills, categories and standardization by hand
//! on a small table, and on the penguins by composing the course's imputer and encoder
//! (other exercises' references) with a scaler and model fits written in the grader.
//! scikit-learn's figures on the penguins (SOURCES.md) check the whole chain.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/10_data_preparation/pipeline.rs"]
mod pipeline;
#[cfg(feature = "solutions")]
use mlings::reference::pipeline;

mod data_preparation_support;

use data_preparation_support::{NA, cat, num, table};
use mlings::datasets::{Folds, Table, penguins};
use mlings::grade::{
    Tolerance, brief, catch_panic, expect, expect_array, expect_err, fail, require,
};
use mlings::prep::StandardScaler;
use mlings::reference::categorical_encoding::{encode, fit_encoder};
use mlings::reference::missing_values::{fit_imputer, impute};
use mlings::reference::{decision_tree, softmax_regression};
use mlings::types::missing_values::MissingError;
use mlings::types::pipeline::{
    Classifier, FittedModel, FittedPipeline, PipelineError, PipelineParams, accuracy,
    mean_test_accuracy, scaled_columns, softmax_params, tree_params,
};
use mlings::types::softmax_regression::SoftmaxParams;
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, Axis, array};

const LOGISTIC: Classifier = Classifier::Logistic { c: 1.0 };
const TREE: Classifier = Classifier::Tree { max_depth: 3 };

// ---------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------

/// The penguins' six features of SOURCES.md's pipeline (year is not used).
const FEATURES: [&str; 6] = [
    "island",
    "bill_length_mm",
    "bill_depth_mm",
    "flipper_length_mm",
    "body_mass_g",
    "sex",
];

struct Penguins {
    table: Table,
    labels: Array1<usize>,
    train: Vec<usize>,
    test: Vec<usize>,
    folds: Folds,
}

fn penguin_data() -> Penguins {
    let data = penguins();
    let split = data
        .reference_split()
        .expect("the penguins' reference split");
    Penguins {
        table: data
            .table
            .select_columns(&FEATURES)
            .expect("the penguins have these columns"),
        labels: data.species.clone(),
        train: split.train,
        test: split.test,
        folds: data
            .reference_folds()
            .expect("the penguins' reference folds"),
    }
}

fn rows(table: &Table, rows: &[usize]) -> Table {
    table.select_rows(rows).expect("rows of the table")
}

fn labels_of(labels: &Array1<usize>, rows: &[usize]) -> Array1<usize> {
    labels.select(Axis(0), rows)
}

/// A small table: a numeric column with a gap, a text column with a gap.
///
/// | x | colour | label |
/// | 1 | red | 0 |
/// | NA | blue | 0 |
/// | 3 | red | 1 |
/// | 10 | NA | 1 |
/// | 4 | green | 1 |
///
/// Fills: x by the median of 1, 3, 4, 10 = 3.5; colour by red (2 of 4). Filled x: 1,
/// 3.5, 3, 10, 4: mean 4.3, population variance (10.89 + 0.64 + 1.69 + 32.49 + 0.09) / 5
/// = 9.16. One-hot columns (sorted): colour_blue, colour_green, colour_red.
fn small_table() -> (Table, Array1<usize>) {
    (
        table(vec![
            num("x", &[1.0, NA, 3.0, 10.0, 4.0]),
            cat("colour", &["red", "blue", "red", "", "green"]),
        ]),
        array![0, 0, 1, 1, 1],
    )
}

// ---------------------------------------------------------------------------------------
// The grader's own chain
// ---------------------------------------------------------------------------------------

/// The steps of the chain fitted on `train`, computed by the grader, and the training
/// matrix they give.
struct Steps {
    scaler: StandardScaler,
    x: Array2<f64>,
}

/// Imputer and encoder from the course's references of those exercises; the scaler
/// written here: population mean and standard deviation of each numeric column (scale 1
/// for a constant one), mean 0 and scale 1 for a one-hot column.
fn grader_steps(params: &PipelineParams, train: &Table) -> (FittedSteps, Steps) {
    let imputer = fit_imputer(&params.imputer, train).expect("the grader's imputer");
    let filled = impute(&imputer, train).expect("the grader's imputer applies");
    let encoder = fit_encoder(&params.encoder, &filled).expect("the grader's encoder");
    let encoded = encode(&encoder, &filled).expect("the grader's encoder applies");
    let scaled = scaled_columns(&encoder);
    let n = encoded.features.nrows() as f64;
    let (mut mean, mut scale) = (Vec::new(), Vec::new());
    for (column, &is_scaled) in encoded.features.axis_iter(Axis(1)).zip(&scaled) {
        if !is_scaled {
            mean.push(0.0);
            scale.push(1.0);
            continue;
        }
        let m = column.sum() / n;
        let sd = (column.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n).sqrt();
        let constant = column.iter().all(|&v| v == column[0]);
        mean.push(m);
        scale.push(if constant { 1.0 } else { sd });
    }
    let scaler = StandardScaler {
        mean: Array1::from(mean),
        scale: Array1::from(scale),
    };
    let x = (&encoded.features - &scaler.mean) / &scaler.scale;
    (FittedSteps { imputer, encoder }, Steps { scaler, x })
}

struct FittedSteps {
    imputer: mlings::types::missing_values::Imputer,
    encoder: mlings::types::categorical_encoding::Encoder,
}

/// The grader's matrix for `table` under fitted steps.
fn grader_transform(steps: &FittedSteps, scaler: &StandardScaler, table: &Table) -> Array2<f64> {
    let filled = impute(&steps.imputer, table).expect("the grader's imputer applies");
    let encoded = encode(&steps.encoder, &filled).expect("the grader's encoder applies");
    (&encoded.features - &scaler.mean) / &scaler.scale
}

fn grader_logistic(x: &Array2<f64>, y: ArrayView1<usize>, params: &SoftmaxParams) -> FittedModel {
    FittedModel::Logistic(softmax_regression::fit(x.view(), y, params).expect("the grader's fit"))
}

fn model_predict(model: &FittedModel, x: &Array2<f64>) -> Array1<usize> {
    match model {
        FittedModel::Logistic(m) => softmax_regression::predict(m, x.view()),
        FittedModel::Tree(t) => decision_tree::predict(t, x.view()).map_err(|e| {
            mlings::types::softmax_regression::SoftmaxError::InvalidParams(e.to_string())
        }),
    }
    .unwrap_or_else(|e| {
        fail(format!(
            "the fitted model could not predict the grader's matrix: {e}"
        ))
    })
}

// ---------------------------------------------------------------------------------------
// Checks of a fitted pipeline
// ---------------------------------------------------------------------------------------

/// Compares the learner's scaler with the grader's, naming what it looks like.
#[track_caller]
fn expect_scaler(
    what: &str,
    got: &StandardScaler,
    expected: &StandardScaler,
    one_hot_means: &Array1<f64>,
) {
    let n_columns = expected.mean.len();
    require(
        got.mean.len() == n_columns && got.scale.len() == n_columns,
        || {
            format!(
                "{what}: the scaler has {} means and {} scales, expected {n_columns} (one per \
             encoded column)",
                got.mean.len(),
                got.scale.len()
            )
        },
    );
    let all_standardized = Array1::from_iter(
        expected
            .mean
            .iter()
            .zip(one_hot_means)
            .map(|(&m, &h)| if m == 0.0 { h } else { m }),
    );
    expect_array(
        format!("{what}: the scaler's means"),
        &got.mean,
        &expected.mean,
    )
    .no_generic_diagnosis()
    .mistake_array(
        &all_standardized,
        "the one-hot columns were standardized too: set mean 0 and scale 1 for every \
             column scaled_columns(&encoder) marks false, so they stay 0/1",
    )
    .mistake_array(
        &Array1::<f64>::zeros(n_columns),
        "every mean is 0: the numeric columns were not standardized (StandardScaler::fit \
             on the encoded matrix, then its transform)",
    )
    .assert();
    expect_array(
        format!("{what}: the scaler's scales"),
        &got.scale,
        &expected.scale,
    )
    .no_generic_diagnosis()
    .assert();
}

/// Fits the learner's pipeline; a panic or an error on valid input fails with the call.
#[track_caller]
fn learner_fit(params: &PipelineParams, train: &Table, labels: &Array1<usize>) -> FittedPipeline {
    call_ok!(pipeline::fit_pipeline(params, train, labels.view()))
}

// ---------------------------------------------------------------------------------------
// fit_pipeline
// ---------------------------------------------------------------------------------------

#[test]
fn fit_checks_one_label_per_row_first() {
    let (t, _) = small_table();
    // Four labels for five rows, and a column with no value at all (an imputer error).
    let broken = table(vec![num("x", &[NA, NA, NA, NA, NA])]);
    for (what, tab) in [
        ("the small table", &t),
        ("a table whose only column is all NA", &broken),
    ] {
        let got = call!(pipeline::fit_pipeline(
            &PipelineParams::new(TREE),
            tab,
            array![0, 1, 0, 1].view()
        ));
        let error = expect_err(
            &format!("fit_pipeline on {what} with 4 labels for 5 rows"),
            "one label per row, checked before any step is fitted",
            got.map(|_| "a fitted pipeline"),
        );
        require(
            error == PipelineError::RowsMismatch { rows: 5, labels: 4 },
            || {
                format!(
                    "fit_pipeline on {what} with 4 labels for 5 rows: expected \
                 RowsMismatch {{ rows: 5, labels: 4 }}\n    got: {error:?}{}",
                    match error {
                        PipelineError::RowsMismatch { rows: 4, labels: 5 } => {
                            "\n    likely mistake: the fields are swapped: rows is the table's row \
                         count, labels the number of labels"
                        }
                        PipelineError::Missing(_) => {
                            "\n    likely mistake: the rows were not checked first: compare \
                         train.n_rows() with labels.len() before fitting the imputer"
                        }
                        _ => "",
                    }
                )
            },
        );
    }
}

#[test]
fn the_steps_errors_pass_through() {
    // One label per row, but a column with no value: the imputer's AllMissing.
    let broken = table(vec![num("x", &[NA, NA, NA])]);
    let got = call!(pipeline::fit_pipeline(
        &PipelineParams::new(TREE),
        &broken,
        array![0, 1, 0].view()
    ));
    let error = expect_err(
        "fit_pipeline on a table whose only column is all NA",
        "the imputer cannot learn a fill for it: its error is the pipeline's",
        got.map(|_| "a fitted pipeline"),
    );
    require(
        error == PipelineError::Missing(MissingError::AllMissing { column: "x".into() }),
        || {
            format!(
                "fit_pipeline on a table whose only column is all NA: expected \
                 PipelineError::Missing(MissingError::AllMissing {{ column: \"x\" }}), the \
                 imputer's error passed on with ?\n    got: {error:?}"
            )
        },
    );
    // Folds naming a row the table does not have: the folds' own error.
    let (t, y) = small_table();
    let folds = Folds {
        folds: vec![vec![0, 7], vec![1, 2, 3, 4]],
        n_samples: 5,
    };
    let got = call!(pipeline::cross_validate(
        &PipelineParams::new(TREE),
        &t,
        y.view(),
        &folds
    ));
    let error = expect_err(
        "cross_validate with a fold naming row 7 of a 5-row table",
        "folds.round(k)? checks every row of the fold and fails here with \
         PipelineError::Folds(CvError::RowOutOfRange { .. }); round rows computed by hand \
         skip that check",
        got.map(|r| r.len()),
    );
    require(matches!(error, PipelineError::Folds(_)), || {
        format!(
            "cross_validate with a fold naming row 7 of a 5-row table: expected \
             PipelineError::Folds(CvError::RowOutOfRange {{ .. }}) from folds.round(0)?\n    \
             got: {error:?}"
        )
    });
}

#[test]
fn fit_learns_every_step_from_the_training_table() {
    let (t, y) = small_table();
    let params = PipelineParams::new(TREE);
    let fitted = learner_fit(&params, &t, &y);
    let (steps, expected) = grader_steps(&params, &t);
    require(fitted.imputer == steps.imputer, || {
        format!(
            "fit_pipeline on the small table: the imputer is not fit_imputer(&params.imputer, \
             train)\n    expected fills: {}\n    got fills:      {}\n    likely mistake: {}",
            brief(&steps.imputer.fills),
            brief(&fitted.imputer.fills),
            "fit the imputer with params.imputer (median fills here), not ImputerParams::new()"
        )
    });
    require(fitted.encoder == steps.encoder, || {
        format!(
            "fit_pipeline on the small table: the encoder is not fit_encoder(&params.encoder, \
             &filled)\n    expected: {}\n    got:      {}\n    likely mistake: fit the \
             encoder on the filled table with params.encoder",
            brief(&steps.encoder.columns),
            brief(&fitted.encoder.columns)
        )
    });
    // By hand: x filled with 3.5 has mean 4.3 and standard deviation √9.16; the one-hot
    // columns blue, green, red keep mean 0 and scale 1.
    let by_hand = StandardScaler {
        mean: array![4.3, 0.0, 0.0, 0.0],
        scale: array![9.16f64.sqrt(), 1.0, 1.0, 1.0],
    };
    expect_array(
        "the small table's scaler means (by hand)",
        &expected.scaler.mean,
        &by_hand.mean,
    )
    .assert();
    let one_hot_means = array![4.3, 0.2, 0.2, 0.6];
    let sample_scale = array![(9.16f64 * 5.0 / 4.0).sqrt(), 1.0, 1.0, 1.0];
    let mean_before_fill = array![4.5, 0.0, 0.0, 0.0];
    expect_array(
        "fit_pipeline on the small table: the scaler's means",
        &fitted.scaler.mean,
        &by_hand.mean,
    )
    .no_generic_diagnosis()
    .mistake_array(
        &one_hot_means,
        "the one-hot columns were standardized too: set mean 0 and scale 1 for every column \
         scaled_columns(&encoder) marks false, so they stay 0/1",
    )
    .mistake_array(
        &Array1::<f64>::zeros(4),
        "every mean is 0: the numeric columns were not standardized (StandardScaler::fit on \
         the encoded matrix, then its transform)",
    )
    .mistake_array(
        &array![0.0, 0.2, 0.2, 0.6],
        "the numeric column kept mean 0 and the one-hot columns were standardized: the mask \
         is inverted; scaled_columns(&encoder)[j] is true for a numeric column (standardize \
         it) and false for a one-hot column (mean 0, scale 1)",
    )
    .mistake_array(
        &mean_before_fill,
        "the mean of x skips the gap (4.5): standardize the filled table's column (the gap \
         is 3.5 by then, mean 4.3)",
    )
    .assert();
    expect_array(
        "fit_pipeline on the small table: the scaler's scales",
        &fitted.scaler.scale,
        &by_hand.scale,
    )
    .no_generic_diagnosis()
    .mistake_array(
        &sample_scale,
        "the scale divides by n − 1: StandardScaler uses the population standard deviation \
         (divide by n)",
    )
    .assert();
    expect_scaler(
        "fit_pipeline on the small table",
        &fitted.scaler,
        &expected.scaler,
        &one_hot_means,
    );
}

#[test]
fn the_tree_gets_the_standardized_matrix_and_the_depth() {
    let data = penguin_data();
    let train = rows(&data.table, &data.train);
    let y = labels_of(&data.labels, &data.train);
    for max_depth in [1, 3] {
        let params = PipelineParams::new(Classifier::Tree { max_depth });
        let fitted = learner_fit(&params, &train, &y);
        let (_, steps) = grader_steps(&params, &train);
        let expected = decision_tree::fit(steps.x.view(), y.view(), &tree_params(max_depth))
            .expect("the grader's tree");
        let FittedModel::Tree(tree) = &fitted.model else {
            fail(format!(
                "fit_pipeline with Classifier::Tree {{ max_depth: {max_depth} }} fitted a \
                 logistic model: match on params.classifier"
            ))
        };
        let depth = decision_tree::depth(tree);
        require(depth <= max_depth, || {
            format!(
                "fit_pipeline with Classifier::Tree {{ max_depth: {max_depth} }}: the tree has \
                 depth {depth}\n    likely mistake: the depth was not passed: \
                 decision_tree::fit(x, labels, &tree_params(max_depth))"
            )
        });
        let got = model_predict(&fitted.model, &steps.x);
        let want = model_predict(&FittedModel::Tree(expected), &steps.x);
        if got != want {
            let imputer = fit_imputer(&params.imputer, &train).expect("imputer");
            let filled = impute(&imputer, &train).expect("impute");
            let encoder = fit_encoder(&params.encoder, &filled).expect("encoder");
            let raw = encode(&encoder, &filled).expect("encode").features;
            let differ = got.iter().zip(&want).filter(|(a, b)| a != b).count();
            fail(format!(
                "fit_pipeline with a depth-{max_depth} tree on the penguins' 275 training rows: \
                 its predictions on the standardized training matrix differ from \
                 decision_tree::fit's on that matrix in {differ} of 275 rows{}",
                if model_predict(&fitted.model, &raw) == want {
                    "\n    likely mistake: the tree was fitted on the encoded matrix before \
                     standardizing: fit it on the scaler's output"
                } else if zeroed_one_hot_tree(&steps.x, &fitted, y.view(), max_depth) {
                    "\n    likely mistake: the one-hot columns were zeroed in the model's \
                     matrix: they stay 0/1 (mean 0, scale 1), the model sees them"
                } else {
                    ""
                }
            ));
        }
    }
}

/// Whether the learner's tree is the one fitted on `x` with its one-hot columns zeroed.
fn zeroed_one_hot_tree(
    x: &Array2<f64>,
    fitted: &FittedPipeline,
    y: ArrayView1<usize>,
    max_depth: usize,
) -> bool {
    let mut zeroed = x.clone();
    for (j, scaled) in scaled_columns(&fitted.encoder).into_iter().enumerate() {
        if !scaled && j < zeroed.ncols() {
            zeroed.column_mut(j).fill(0.0);
        }
    }
    decision_tree::fit(zeroed.view(), y, &tree_params(max_depth)).is_ok_and(|t| {
        model_predict(&FittedModel::Tree(t), &zeroed) == model_predict(&fitted.model, &zeroed)
    })
}

#[test]
fn the_logistic_model_has_scikit_learns_penalty() {
    let data = penguin_data();
    let train = rows(&data.table, &data.train);
    let y = labels_of(&data.labels, &data.train);
    let params = PipelineParams::new(LOGISTIC);
    let fitted = learner_fit(&params, &train, &y);
    let (_, steps) = grader_steps(&params, &train);
    let FittedModel::Logistic(model) = &fitted.model else {
        fail(
            "fit_pipeline with Classifier::Logistic fitted a tree: match on params.classifier"
                .into(),
        )
    };
    let n = train.n_rows();
    let FittedModel::Logistic(expected) =
        grader_logistic(&steps.x, y.view(), &softmax_params(1.0, n))
    else {
        unreachable!()
    };
    let close = |a: &Array2<f64>, b: &Array2<f64>| {
        a.dim() == b.dim()
            && a.iter()
                .zip(b)
                .all(|(p, q)| (p - q).abs() <= 1e-9 * q.abs().max(1.0))
    };
    if close(&model.coefficients, &expected.coefficients) {
        return;
    }
    let mut why = String::new();
    for (l2, mistake) in [
        (
            1.0,
            "λ = 1 / C: scikit-learn's C weighs the summed loss; on the mean loss the penalty is λ = 1 / (C·n), softmax_params(c, n) with n the training rows",
        ),
        (
            0.0,
            "no penalty: use softmax_params(c, n), whose λ = 1 / (C·n)",
        ),
        (
            1.0 / (344.0),
            "λ = 1 / (C·344): n is the number of training rows (275), not of the whole table",
        ),
    ] {
        let base = softmax_params(1.0, n);
        let FittedModel::Logistic(other) =
            grader_logistic(&steps.x, y.view(), &base.clone().l2(l2))
        else {
            unreachable!()
        };
        if close(&model.coefficients, &other.coefficients) {
            why = format!("\n    likely mistake: {mistake}");
            break;
        }
    }
    fail(format!(
        "fit_pipeline with Classifier::Logistic {{ c: 1 }} on the penguins' 275 training rows: \
         the coefficients differ from softmax_regression::fit on the standardized matrix with \
         softmax_params(1, 275)\n    expected W[0][0] {:.6}, got {:.6}{why}",
        expected
            .coefficients
            .get((0, 0))
            .copied()
            .unwrap_or(f64::NAN),
        model.coefficients.get((0, 0)).copied().unwrap_or(f64::NAN),
    ));
}

#[test]
fn the_logistic_model_uses_c() {
    let (t, y) = small_table();
    let params = PipelineParams::new(Classifier::Logistic { c: 0.5 });
    let fitted = learner_fit(&params, &t, &y);
    let (_, steps) = grader_steps(&params, &t);
    let fit = |c: f64| match grader_logistic(&steps.x, y.view(), &softmax_params(c, 5)) {
        FittedModel::Logistic(m) => m.coefficients,
        FittedModel::Tree(_) => unreachable!(),
    };
    let FittedModel::Logistic(model) = &fitted.model else {
        fail(
            "fit_pipeline with Classifier::Logistic fitted a tree: match on params.classifier"
                .into(),
        )
    };
    expect_array(
        "fit_pipeline with Classifier::Logistic { c: 0.5 } on the small table: the coefficients \
         (softmax_params(0.5, 5))",
        &model.coefficients,
        &fit(0.5),
    )
    .no_generic_diagnosis()
    .mistake_array(
        &fit(1.0),
        "C was not passed: these are C = 1's coefficients; softmax_params(c, n) with the c of \
         Classifier::Logistic { c }",
    )
    .assert();
}

// ---------------------------------------------------------------------------------------
// transform and predict
// ---------------------------------------------------------------------------------------

#[test]
fn transform_applies_the_fitted_steps_unchanged() {
    let data = penguin_data();
    let train = rows(&data.table, &data.train);
    let y = labels_of(&data.labels, &data.train);
    let params = PipelineParams::new(TREE);
    let fitted = learner_fit(&params, &train, &y);
    let (steps, expected) = grader_steps(&params, &train);
    // Test rows, and the rows with a gap (all training rows): fills from the training rows.
    let gaps: Vec<usize> = vec![3, 8, 9, 10, 11, 47, 178, 218, 256, 268, 271];
    for (what, part) in [
        ("the 69 test rows", &data.test),
        ("the 11 rows with a gap", &gaps),
    ] {
        let table = rows(&data.table, part);
        let got = call_ok!(pipeline::transform(&fitted, &table));
        let want = grader_transform(&steps, &expected.scaler, &table);
        let refit = StandardScaler::fit_transform(
            encode(
                &steps.encoder,
                &impute(&steps.imputer, &table).expect("impute"),
            )
            .expect("encode")
            .features
            .view(),
        )
        .map(|(_, z)| z);
        let mut check = expect_array(format!("transform(&pipeline, {what})"), &got, &want)
            .tol(Tolerance::rel(1e-9))
            .no_generic_diagnosis();
        if let Ok(z) = &refit {
            check = check.mistake_array(
                z,
                "the scaler was refitted on the rows being transformed: use the fitted \
                 pipeline.scaler.transform, fitted on the training rows only",
            );
        }
        check.assert();
    }
    // One row alone: whatever a step would refit on it, the fitted steps give the same
    // row as in a larger table.
    let one = rows(&data.table, &[data.test[0]]);
    let got = call_ok!(pipeline::transform(&fitted, &one));
    let want = grader_transform(&steps, &expected.scaler, &one);
    expect_array("transform(&pipeline, one test row alone)", &got, &want)
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis()
        .assert();
}

#[test]
fn transform_keeps_the_training_fills_for_new_gaps() {
    let (t, y) = small_table();
    let fitted = learner_fit(&PipelineParams::new(TREE), &t, &y);
    // New rows: a gap in x (filled with the train median 3.5, not this table's 20), a gap
    // in colour (red), an unseen colour (all zeros).
    let new = table(vec![
        num("x", &[NA, 20.0, 20.0]),
        cat("colour", &["", "purple", "blue"]),
    ]);
    let got = call_ok!(pipeline::transform(&fitted, &new));
    let sd = 9.16f64.sqrt();
    if got.dim() == (3, 4) && (got[[0, 0]] - (20.0 - 4.3) / sd).abs() < 1e-9 {
        fail(format!(
            "transform of new rows: the gap in x became {:.4}, the standardized 20 of this \
             table\n    expected: {:.4} (the training median 3.5, standardized)\n    \
             likely mistake: a gap was filled from the rows being transformed: fill with the \
             fitted imputer, pipeline.imputer",
            got[[0, 0]],
            (3.5 - 4.3) / sd
        ));
    }
    let want = array![
        [(3.5 - 4.3) / sd, 0.0, 0.0, 1.0],
        [(20.0 - 4.3) / sd, 0.0, 0.0, 0.0],
        [(20.0 - 4.3) / sd, 1.0, 0.0, 0.0],
    ];
    expect_array(
        "transform of new rows (a gap in x, a gap in colour, an unseen colour)",
        &got,
        &want,
    )
    .no_generic_diagnosis()
    .mistake_array(
        &array![
            [(20.0 - 4.3) / sd, 0.0, 0.0, 1.0],
            [(20.0 - 4.3) / sd, 0.0, 0.0, 0.0],
            [(20.0 - 4.3) / sd, 1.0, 0.0, 0.0],
        ],
        "a gap was filled from the rows being transformed: fill with the fitted imputer \
             (the training median 3.5)",
    )
    .assert();
    // A table with other columns: the imputer's ColumnsMismatch.
    let other = table(vec![num("y", &[1.0])]);
    let error = expect_err(
        "transform of a table with a column y instead of x and colour",
        "the fitted steps only apply to the training table's columns",
        call!(pipeline::transform(&fitted, &other)).map(|x| x.dim()),
    );
    require(
        matches!(
            error,
            PipelineError::Missing(MissingError::ColumnsMismatch { .. })
        ),
        || {
            format!(
                "transform of a table with other columns: expected \
             PipelineError::Missing(MissingError::ColumnsMismatch {{ .. }}), the fitted \
             imputer's error\n    got: {error:?}"
            )
        },
    );
}

#[test]
fn predict_uses_the_fitted_model_on_the_transformed_rows() {
    let data = penguin_data();
    let train = rows(&data.table, &data.train);
    let test = rows(&data.table, &data.test);
    let y = labels_of(&data.labels, &data.train);
    let fitted = learner_fit(&PipelineParams::new(TREE), &train, &y);
    let x = call_ok!(pipeline::transform(&fitted, &test));
    let got = call_ok!(pipeline::predict(&fitted, &test));
    let want = model_predict(&fitted.model, &x);
    let got_f: Array1<f64> = got.mapv(|v| v as f64);
    let want_f: Array1<f64> = want.mapv(|v| v as f64);
    expect_array(
        "predict(&pipeline, test rows) against the fitted tree on transform(test rows)",
        &got_f,
        &want_f,
    )
    .no_generic_diagnosis()
    .assert();
}

// ---------------------------------------------------------------------------------------
// scikit-learn's figures
// ---------------------------------------------------------------------------------------

#[test]
fn holdout_scores_match_scikit_learn() {
    let data = penguin_data();
    let train = rows(&data.table, &data.train);
    let test = rows(&data.table, &data.test);
    let (ytr, yte) = (
        labels_of(&data.labels, &data.train),
        labels_of(&data.labels, &data.test),
    );
    // SOURCES.md, penguins pipeline: logistic test 1.000 (log-loss 0.0320), train 0.993;
    // tree test 0.986.
    for (classifier, name, test_figure, train_figure) in [
        (LOGISTIC, "logistic regression (C = 1)", 1.0, Some(0.993)),
        (TREE, "depth-3 tree", 0.986, None),
    ] {
        let fitted = learner_fit(&PipelineParams::new(classifier), &train, &ytr);
        let predicted = call_ok!(pipeline::predict(&fitted, &test));
        expect(
            format!("{name}: test accuracy on the 69 test rows (scikit-learn: {test_figure:.3})"),
            accuracy(&predicted, &yte),
            test_figure,
        )
        .tol(Tolerance::abs(0.0005))
        .no_generic_diagnosis()
        .assert();
        if let Some(figure) = train_figure {
            let predicted = call_ok!(pipeline::predict(&fitted, &train));
            expect(
                format!("{name}: train accuracy (scikit-learn: {figure:.3})"),
                accuracy(&predicted, &ytr),
                figure,
            )
            .tol(Tolerance::abs(0.0005))
            .no_generic_diagnosis()
            .assert();
        }
        if let FittedModel::Logistic(model) = &fitted.model {
            let x = call_ok!(pipeline::transform(&fitted, &test));
            let p = softmax_regression::predict_proba(model, x.view()).expect("probabilities");
            let loss = yte
                .iter()
                .enumerate()
                .map(|(i, &c)| -p[[i, c]].ln())
                .sum::<f64>()
                / yte.len() as f64;
            expect(
                "logistic regression: test log-loss (scikit-learn: 0.0320)",
                loss,
                0.0320,
            )
            .tol(Tolerance::abs(0.00005))
            .no_generic_diagnosis()
            .assert();
        }
    }
}

// ---------------------------------------------------------------------------------------
// cross_validate
// ---------------------------------------------------------------------------------------

#[test]
fn cross_validate_checks_one_label_per_row_first() {
    let (t, _) = small_table();
    let folds = Folds {
        folds: vec![vec![0, 1], vec![2, 3, 4]],
        n_samples: 5,
    };
    let got = catch_panic("cross_validate(&params, &table, labels, &folds)", || {
        pipeline::cross_validate(
            &PipelineParams::new(TREE),
            &t,
            array![0, 1, 1].view(),
            &folds,
        )
    })
    .unwrap_or_else(|message| {
        fail(format!(
            "cross_validate on 5 rows with 3 labels: your code panicked: {message}\n    \
             likely mistake: the rows were not checked first: return RowsMismatch when \
             table.n_rows() != labels.len(), before selecting any round's labels"
        ))
    });
    let error = expect_err(
        "cross_validate on 5 rows with 3 labels",
        "one label per row, checked before any round",
        got.map(|r| r.len()),
    );
    require(
        error == PipelineError::RowsMismatch { rows: 5, labels: 3 },
        || {
            format!(
                "cross_validate on 5 rows with 3 labels: expected RowsMismatch {{ rows: 5, labels: 3 }}\n    got: {error:?}"
            )
        },
    );
}

#[test]
fn cross_validate_refits_every_step_inside_each_round() {
    let data = penguin_data();
    let params = PipelineParams::new(TREE);
    let rounds = call_ok!(pipeline::cross_validate(
        &params,
        &data.table,
        data.labels.view(),
        &data.folds
    ));
    require(rounds.len() == data.folds.len(), || {
        format!(
            "cross_validate over 5 folds returned {} rounds: one FoldResult per round",
            rounds.len()
        )
    });
    let (all_steps, _) = grader_steps(&params, &data.table);
    for (k, result) in rounds.iter().enumerate() {
        let round = data.folds.round(k).expect("a round");
        let train = rows(&data.table, &round.train);
        let test = rows(&data.table, &round.test);
        let ytr = labels_of(&data.labels, &round.train);
        let yte = labels_of(&data.labels, &round.test);
        let (steps, expected) = grader_steps(&params, &train);
        require(result.pipeline.imputer == steps.imputer, || {
            format!(
                "cross_validate, round {k}: the imputer's fills are not those of the round's {} \
                 training rows\n    expected: {}\n    got:      {}{}",
                round.train.len(),
                brief(&steps.imputer.fills),
                brief(&result.pipeline.imputer.fills),
                if result.pipeline.imputer == all_steps.imputer {
                    "\n    likely mistake: leakage: the imputer was fitted on all rows, test \
                     fold included; fit the whole pipeline on the round's training rows"
                } else {
                    ""
                }
            )
        });
        expect_array(
            format!("cross_validate, round {k}: the scaler's means"),
            &result.pipeline.scaler.mean,
            &expected.scaler.mean,
        )
        .no_generic_diagnosis()
        .assert();
        let tree =
            decision_tree::fit(expected.x.view(), ytr.view(), &tree_params(3)).expect("tree");
        let model = FittedModel::Tree(tree);
        let theirs = model_predict(&result.pipeline.model, &expected.x);
        let ours = model_predict(&model, &expected.x);
        if theirs != ours {
            let first_labels = data
                .labels
                .slice(ndarray::s![..round.train.len()])
                .to_owned();
            let misaligned =
                decision_tree::fit(expected.x.view(), first_labels.view(), &tree_params(3))
                    .map(|t| model_predict(&FittedModel::Tree(t), &expected.x));
            fail(format!(
                "cross_validate, round {k}: the round's model predicts {} of its {} training \
                 rows differently from a depth-3 tree fitted on the round's standardized \
                 training rows and their labels{}",
                theirs.iter().zip(&ours).filter(|(a, b)| a != b).count(),
                ours.len(),
                if misaligned.as_ref().is_ok_and(|m| *m == theirs) {
                    "\n    likely mistake: the labels are the table's first ones, not the \
                     round's: fit each round on its training rows and their labels \
                     (labels.select(Axis(0), &round.train))"
                } else {
                    ""
                }
            ));
        }
        let train_score = accuracy(&model_predict(&model, &expected.x), &ytr);
        let test_score = accuracy(
            &model_predict(&model, &grader_transform(&steps, &expected.scaler, &test)),
            &yte,
        );
        expect(
            format!("cross_validate, round {k}: test accuracy"),
            result.test_accuracy,
            test_score,
        )
        .no_generic_diagnosis()
        .mistake(
            train_score,
            "that is the training accuracy: test_accuracy is on the round's test rows",
        )
        .assert();
        expect(
            format!("cross_validate, round {k}: train accuracy"),
            result.train_accuracy,
            train_score,
        )
        .no_generic_diagnosis()
        .mistake(
            test_score,
            "that is the test accuracy: train_accuracy is on the round's training rows",
        )
        .assert();
    }
}

/// The leakage proof: rewrite the test fold of round 0; nothing fitted in round 0 may move.
#[test]
fn a_rounds_pipeline_ignores_its_test_rows() {
    let data = penguin_data();
    let params = PipelineParams::new(TREE);
    let before = call_ok!(pipeline::cross_validate(
        &params,
        &data.table,
        data.labels.view(),
        &data.folds
    ));
    // Every test row of round 0 gets odd measurements, island Dream and no sex.
    let test0: Vec<usize> = data.folds.folds[0].clone();
    let mut columns = data.table.columns().to_vec();
    for column in &mut columns {
        match &mut column.data {
            mlings::datasets::ColumnData::Numeric(cells) => {
                for &r in &test0 {
                    cells[r] = Some(10_000.0);
                }
            }
            mlings::datasets::ColumnData::Categorical(cells) => {
                for &r in &test0 {
                    cells[r] = if column.name == "island" {
                        Some("Dream".into())
                    } else {
                        None
                    };
                }
            }
        }
    }
    let changed =
        Table::new("penguins, round 0's test rows rewritten", columns).expect("a valid table");
    let after = call_ok!(pipeline::cross_validate(
        &params,
        &changed,
        data.labels.view(),
        &data.folds
    ));
    require(!before.is_empty() && !after.is_empty(), || {
        "cross_validate returned no round".into()
    });
    let (b, a) = (&before[0].pipeline, &after[0].pipeline);
    require(b == a, || {
        let step = if b.imputer != a.imputer {
            "the imputer's fills"
        } else if b.encoder != a.encoder {
            "the encoder's categories"
        } else if b.scaler != a.scaler {
            "the scaler's means or scales"
        } else {
            "the model"
        };
        format!(
            "cross_validate: round 0's {} test rows were rewritten (measurements 10 000, island \
             Dream, no sex), and round 0's pipeline changed: {step}\n    likely mistake: \
             leakage: a step learnt from the test fold; fit the pipeline on the round's \
             training rows only (table.select_rows(&round.train))",
            test0.len()
        )
    });
}

#[test]
fn cross_validated_scores_match_scikit_learn() {
    let data = penguin_data();
    // SOURCES.md: 5-fold CV 0.994 (logistic), 0.962 (depth-3 tree, scikit-learn's tie
    // rule; the course's tree, ties to the smallest feature, scores 0.965, checked
    // exactly by cross_validate_refits_every_step_inside_each_round).
    for (classifier, name, figure, tol) in [
        (LOGISTIC, "logistic regression (C = 1)", 0.994, 0.0005),
        (TREE, "depth-3 tree", 0.962, 0.005),
    ] {
        let rounds = call_ok!(pipeline::cross_validate(
            &PipelineParams::new(classifier),
            &data.table,
            data.labels.view(),
            &data.folds
        ));
        expect(
            format!("{name}: mean 5-fold CV accuracy (scikit-learn: {figure:.3})"),
            mean_test_accuracy(&rounds),
            figure,
        )
        .tol(Tolerance::abs(tol))
        .no_generic_diagnosis()
        .assert();
    }
}
