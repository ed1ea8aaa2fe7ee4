//! Grader of exercises/03_regression/regression_metrics.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/03_regression/regression_metrics.rs"]
mod regression_metrics;
#[cfg(feature = "solutions")]
use mlings::reference::regression_metrics;

mod regression_support;

use linfa::prelude::SingleTargetRegression;
use mlings::grade::{Tolerance, attempt_explained, expect, expect_err, expect_error, fail};
use mlings::types::regression_metrics::MetricError;
use mlings::{call, call_explaining, call_ok};
use ndarray::{Array1, array};
use regression_support::{linfa_least_squares, predictions};

/// scikit-learn's documentation example: errors 0.5, −0.5, 0, −1.
fn documented_case() -> (Array1<f64>, Array1<f64>) {
    (array![3.0, -0.5, 2.0, 7.0], array![2.5, 0.0, 2.0, 8.0])
}

#[test]
fn mean_squared_error_by_hand() {
    // Errors 1, 2, 3: squares 1 + 4 + 9 = 14 over 3 values. The usual slips land apart here
    // (in the documented case below, 1.5 / (n − 1) and the MAE are both 0.5).
    let got = call_ok!(regression_metrics::mean_squared_error(
        array![0.0, 0.0, 0.0].view(),
        array![1.0, 2.0, 3.0].view()
    ));
    expect("MSE of [0, 0, 0] against [1, 2, 3]", got, 14.0 / 3.0)
        .n(3)
        .mistake(
            7.0,
            "you divided by n - 1 = 2: the mean squared error divides by n = 3",
        )
        .mistake(
            4.0,
            "you squared the mean error: average the squared errors",
        )
        .mistake(
            2.0,
            "you returned the mean absolute error: square the errors",
        )
        .mistake(
            (14.0f64 / 3.0).sqrt(),
            "you returned the root mean squared error: do not take the square root",
        )
        .mistake(
            14.0,
            "you returned the sum of squared errors: off by a factor of n = 3, did you sum \
             where you should average?",
        )
        .mistake(
            5.0 / 3.0,
            "you skipped the last value (a loop to n − 1?): sum all n squared errors",
        )
        .mistake(
            2.5,
            "you skipped the last value (a loop to n − 1?): sum all n squared errors",
        )
        .assert();
    let (y_true, y_pred) = documented_case();
    let got = call_ok!(regression_metrics::mean_squared_error(
        y_true.view(),
        y_pred.view()
    ));
    // Squares 0.25 + 0.25 + 0 + 1 = 1.5 over 4 values.
    expect("MSE of scikit-learn's example", got, 0.375)
        .n(4)
        .mistake(
            0.375f64.sqrt(),
            "you returned the root mean squared error: do not take the square root",
        )
        .mistake(
            0.5,
            "you returned the mean absolute error: square the errors",
        )
        .mistake(
            0.125,
            "you skipped the last value (a loop to n − 1?): sum all n squared errors",
        )
        .mistake(
            0.5 / 3.0,
            "you skipped the last value (a loop to n − 1?): sum all n squared errors",
        )
        .assert();
}

#[test]
fn mean_absolute_error_by_hand() {
    let (y_true, y_pred) = documented_case();
    let got = call_ok!(regression_metrics::mean_absolute_error(
        y_true.view(),
        y_pred.view()
    ));
    expect("MAE of scikit-learn's example", got, 0.5)
        .n(4)
        .mistake(
            -0.25,
            "you averaged the signed errors, so misses in both directions cancel: take \
             their absolute values",
        )
        .mistake(
            0.25,
            "you took the absolute value of the mean error: take the mean of the absolute errors",
        )
        .mistake(
            1.0,
            "that is the largest error (the maximum): MAE is the mean of the absolute errors",
        )
        .assert();
}

#[test]
fn r2_by_hand() {
    let (y_true, y_pred) = documented_case();
    let got = call_ok!(regression_metrics::r2_score(y_true.view(), y_pred.view()));
    // ȳ = 2.875; SS_tot = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; SS_res = 1.5.
    // With the arguments swapped, the spread is that of the predictions (mean 3.125):
    // 0.390625 + 9.765625 + 1.265625 + 23.765625 = 35.1875.
    expect("R² of scikit-learn's example", got, 1.0 - 1.5 / 29.1875)
        .mistake(
            1.5 / 29.1875,
            "you returned SS_res / SS_tot: R² is 1 minus that",
        )
        .mistake(
            1.0 - 1.5 / 35.1875,
            "you measured the spread of the predictions: SS_tot uses the true values and \
             their mean",
        )
        .mistake(
            1.0 - 2.0 / 8.5,
            "you used absolute errors and deviations: square the errors and the deviations \
             (SS_res and SS_tot are sums of squares)",
        )
        .mistake(
            1.0 - 1.5 / 29.4375,
            "you measured the deviations of y_true from the mean of the predictions (3.125): \
             ȳ is the mean of y_true (2.875)",
        )
        .mistake(
            1.0 - 1.5 / (29.1875 / 4.0),
            "you divided SS_tot by n but not SS_res: use the two sums (or divide both by n)",
        )
        .mistake(
            1.0 - (1.5 / 4.0) / (29.1875 / 3.0),
            "you divided SS_res by n and SS_tot by n - 1: use the two sums (or divide both \
             by the same n)",
        )
        .mistake(
            1.0 - 0.375 / 29.1875,
            "you divided the mean squared error by the total sum of squares: use two sums \
             (or two means)",
        )
        .assert();
}

#[test]
fn r2_of_perfect_mean_and_bad_predictions() {
    let y = array![1.0, 2.0, 3.0, 4.0];
    let perfect = call_ok!(regression_metrics::r2_score(y.view(), y.view()));
    expect("R² of perfect predictions", perfect, 1.0).assert();
    let mean = call_ok!(regression_metrics::r2_score(
        y.view(),
        Array1::from_elem(4, 2.5).view()
    ));
    expect(
        "R² of always predicting the mean of the true values",
        mean,
        0.0,
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
    // Reversed: squared errors 9 + 1 + 1 + 9 = 20 against SS_tot = 5, so R² = 1 − 4 = −3.
    let reversed = call_ok!(regression_metrics::r2_score(
        y.view(),
        array![4.0, 3.0, 2.0, 1.0].view()
    ));
    expect(
        "R² of predictions worse than the mean (reversed order)",
        reversed,
        -3.0,
    )
    .mistake(
        0.0,
        "do not clamp R² at 0: a model worse than the mean has a negative R²",
    )
    .assert();
}

#[test]
fn r2_of_a_constant_target_is_undefined() {
    let y_true = array![5.0, 5.0, 5.0];
    for (y_pred, name) in [
        (array![5.0, 5.0, 5.0], "perfect"),
        (array![4.0, 5.0, 6.0], "imperfect"),
    ] {
        let error = expect_err(
            &format!("R² of {name} predictions of the constant target [5, 5, 5]"),
            "the true values do not vary, so SS_tot = 0 and R² would be 0/0 or x/0: report \
             MetricError::ConstantTarget instead of NaN or infinity",
            call!(regression_metrics::r2_score(y_true.view(), y_pred.view())),
        );
        expect_error(
            &format!("R² of {name} predictions of [5, 5, 5]"),
            error,
            MetricError::ConstantTarget,
            &[(
                MetricError::Empty,
                "the input is not empty: a constant target is MetricError::ConstantTarget",
            )],
        );
    }
    // 0.1 + 0.1 + 0.1 is 0.30000000000000004, so the computed mean is not exactly 0.1 and
    // the computed SS_tot is about 1e-33 instead of 0: constancy must be tested on the values.
    let tenths = array![0.1, 0.1, 0.1];
    let y_pred = array![0.0, 0.1, 0.2];
    match call!(regression_metrics::r2_score(tenths.view(), y_pred.view())) {
        Err(error) => expect_error(
            "R² of the constant target [0.1, 0.1, 0.1]",
            error,
            MetricError::ConstantTarget,
            &[],
        ),
        Ok(r2) => fail(format!(
            "R² of the constant target [0.1, 0.1, 0.1] against [0, 0.1, 0.2]: expected \
             Err(MetricError::ConstantTarget), got Ok({r2:e})\n    likely mistake: the target \
             is constant when all values equal (compared exactly), not when the computed \
             SS_tot is 0.0: here round-off leaves SS_tot near 1e-33"
        )),
    }
}

#[test]
fn metrics_on_diabetes_predictions_match_linfa() {
    let split = regression_support::diabetes();
    let model = linfa_least_squares(split.x_train.view(), split.y_train.view());
    let y_pred = predictions(&model, split.x_test.view());
    let y_true = split.y_test.view();
    let n = y_true.len();
    let mse = call_ok!(regression_metrics::mean_squared_error(
        y_true,
        y_pred.view()
    ));
    expect(
        "MSE of least squares on the diabetes test rows (linfa's mean_squared_error)",
        mse,
        y_pred.mean_squared_error(&y_true).expect("89 rows"),
    )
    .n(n)
    .assert();
    let mae = call_ok!(regression_metrics::mean_absolute_error(
        y_true,
        y_pred.view()
    ));
    expect(
        "MAE of least squares on the diabetes test rows (linfa's mean_absolute_error)",
        mae,
        y_pred.mean_absolute_error(&y_true).expect("89 rows"),
    )
    .n(n)
    .assert();
    let r2 = call_ok!(regression_metrics::r2_score(y_true, y_pred.view()));
    expect(
        "R² of least squares on the diabetes test rows (scikit-learn: 0.4526)",
        r2,
        0.4526,
    )
    .tol(Tolerance::abs(5e-5))
    .assert();
}

#[test]
fn empty_and_mismatched_inputs_are_errors() {
    let metrics = all_metrics();
    let empty = Array1::<f64>::zeros(0);
    for (name, metric) in metrics {
        let error = expect_err(
            &format!("{name} of two empty series"),
            "a mean of no values is 0/0: return MetricError::Empty",
            attempt_explained(
                &format!("{name}([], [])"),
                "return Err(MetricError::Empty), not panic",
                || metric(empty.view(), empty.view()),
            ),
        );
        expect_error(&format!("{name}([], [])"), error, MetricError::Empty, &[]);
        let error = expect_err(
            &format!("{name} of 4 true values and 3 predictions"),
            "every true value needs its prediction; silently comparing the first 3 hides a \
             bug: return MetricError::LengthMismatch",
            attempt_explained(
                &format!("{name}([1, 2, 3, 4], [1, 2, 3])"),
                "compare the lengths first and return Err(MetricError::LengthMismatch { y_true: 4, y_pred: 3 }): ndarray panics on y_true − y_pred of different lengths",
                || {
                    metric(
                        array![1.0, 2.0, 3.0, 4.0].view(),
                        array![1.0, 2.0, 3.0].view(),
                    )
                },
            ),
        );
        expect_error(
            &format!("{name}([1, 2, 3, 4], [1, 2, 3])"),
            error,
            MetricError::LengthMismatch {
                y_true: 4,
                y_pred: 3,
            },
            &[(
                MetricError::LengthMismatch {
                    y_true: 3,
                    y_pred: 4,
                },
                "the fields are swapped: y_true is y_true.len(), y_pred is y_pred.len()",
            )],
        );
    }
}

type Metric = fn(ndarray::ArrayView1<f64>, ndarray::ArrayView1<f64>) -> Result<f64, MetricError>;

fn all_metrics() -> [(&'static str, Metric); 3] {
    [
        ("mean_squared_error", regression_metrics::mean_squared_error),
        (
            "mean_absolute_error",
            regression_metrics::mean_absolute_error,
        ),
        ("r2_score", regression_metrics::r2_score),
    ]
}

#[test]
fn a_constant_target_of_the_wrong_length_is_a_length_mismatch() {
    let error = expect_err(
        "R² of the constant target [5, 5, 5] against 2 predictions (two faults at once)",
        "the lengths differ: LengthMismatch { y_true: 3, y_pred: 2 }; ConstantTarget is \
         checked after the errors of mean_squared_error",
        call_explaining!(
            "compare the lengths first: LengthMismatch { y_true: 3, y_pred: 2 }",
            regression_metrics::r2_score(array![5.0, 5.0, 5.0].view(), array![1.0, 2.0].view())
        ),
    );
    expect_error(
        "R² of [5, 5, 5] against [1, 2]",
        error,
        MetricError::LengthMismatch {
            y_true: 3,
            y_pred: 2,
        },
        &[(
            MetricError::ConstantTarget,
            "ConstantTarget comes after the length checks: check LengthMismatch and Empty first",
        )],
    );
}

#[test]
fn two_faults_at_once_get_the_length_mismatch() {
    let empty = Array1::<f64>::zeros(0);
    for (name, metric) in all_metrics() {
        let error = expect_err(
            &format!("{name} of 0 true values and 2 predictions (two faults at once)"),
            "the lengths differ: MetricError::LengthMismatch { y_true: 0, y_pred: 2 }, \
             checked before Empty",
            attempt_explained(
                &format!("{name}([], [1, 2])"),
                "compare the lengths first and return Err(MetricError::LengthMismatch { y_true: 0, y_pred: 2 }): ndarray panics on y_true − y_pred of different lengths",
                || metric(empty.view(), array![1.0, 2.0].view()),
            ),
        );
        expect_error(
            &format!("{name}([], [1, 2])"),
            error,
            MetricError::LengthMismatch {
                y_true: 0,
                y_pred: 2,
            },
            &[
                (
                    MetricError::Empty,
                    "LengthMismatch comes before Empty: compare the lengths first",
                ),
                (
                    MetricError::LengthMismatch {
                        y_true: 2,
                        y_pred: 0,
                    },
                    "the fields are swapped: y_true is y_true.len(), y_pred is y_pred.len()",
                ),
            ],
        );
    }
}

#[test]
fn a_small_spread_is_not_a_constant_target() {
    // 1e-9, 2e-9, 3e-9 differ: SS_tot = 2e-18, small but not zero; SS_res = 1e-18, so R² = 0.5.
    let y_true = array![1e-9, 2e-9, 3e-9];
    let y_pred = array![1e-9, 2e-9, 4e-9];
    match call!(regression_metrics::r2_score(y_true.view(), y_pred.view())) {
        Ok(r2) => expect(
            "R² of [1e-9, 2e-9, 3e-9] against [1e-9, 2e-9, 4e-9]",
            r2,
            0.5,
        )
        .assert(),
        Err(error) => fail(format!(
            "R² of [1e-9, 2e-9, 3e-9] against [1e-9, 2e-9, 4e-9]: expected 0.5, got \
             Err({error:?})\n    likely mistake: a small spread is not a constant target: the \
             true values differ, so compare them exactly (all equal), not SS_tot with a tolerance"
        )),
    }
}
