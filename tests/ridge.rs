//! Grader of exercises/03_regression/ridge.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/03_regression/ridge.rs"]
mod ridge;
#[cfg(feature = "solutions")]
use mlings::reference::ridge;

mod regression_support;

use mlings::datasets;
use mlings::grade::{Tolerance, expect, expect_array, require};
use mlings::prep::StandardScaler;
use mlings::types::ridge::{GdParams, LinearError, LinearModel};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, Axis, array, concatenate};
use regression_support::{
    converged, converged_from_zero, descend_by_the_doc, error_of, expect_diverged,
    expect_gradient_matches_loss, flatten, flatten_gradient, linfa_least_squares, linfa_ridge,
    predictions, r2, ridge_loss_by_the_doc, slow_divergence_probe, test_r2, unflatten,
};

/// x = 1, 2, 3, 4 and y = 3, 5, 6, 10 at b = 1, w = 1: residuals −1, −2, −2, −5.
fn small_case() -> (Array2<f64>, Array1<f64>, LinearModel) {
    (
        array![[1.0], [2.0], [3.0], [4.0]],
        array![3.0, 5.0, 6.0, 10.0],
        LinearModel {
            intercept: 1.0,
            coefficients: array![1.0],
        },
    )
}

#[test]
fn closed_form_by_hand() {
    let x = array![[-1.0], [0.0], [1.0]];
    let y = array![1.0, 2.0, 6.0];
    let model = call_ok!(ridge::fit(x.view(), y.view(), 1.0));
    // x has mean 0, so b = ȳ = 3 and w = Σxy / (Σx² + α) = 5 / (2 + 1).
    // Penalizing b too would solve (n + α)·b = Σy: b = 9/4.
    expect_array(
        "(b, w) of ridge with α = 1 on x = [−1, 0, 1], y = [1, 2, 6]",
        &flatten(&model),
        &array![3.0, 5.0 / 3.0],
    )
    .tol(Tolerance::abs(1e-9))
    .mistake_array(
        &array![9.0 / 4.0, 5.0 / 3.0],
        "you penalized the intercept: add α to the diagonal of every coefficient but NOT to \
         the intercept's entry (the top-left n)",
    )
    .mistake_array(
        &array![3.0, 5.0 / 2.0],
        "α is ignored: that is plain least squares; add α to the diagonal of AᵀA (except \
         the intercept's)",
    )
    .mistake_array(
        &array![0.0, 5.0 / 3.0],
        "the intercept is 0: A = [1 | X] needs its first column of ones (the intercept's)",
    )
    .assert();
    // x does not have mean 0 here, so a missing intercept column shows in w too.
    let x = array![[1.0], [2.0], [4.0]];
    let y = array![2.0, 3.0, 7.0];
    let model = call_ok!(ridge::fit(x.view(), y.view(), 2.0));
    // Centred: x̄ = 7/3, Σ(x − x̄)² = 14/3, Σ(x − x̄)(y − ȳ) = 8, so
    // w = 8 / (14/3 + 2) = 1.2 and b = ȳ − x̄·w = 4 − 2.8 = 1.2.
    // Without the column of ones: w = Σxy / (Σx² + α) = 36 / 23, b = 0.
    expect_array(
        "(b, w) of ridge with α = 2 on x = [1, 2, 4], y = [2, 3, 7]",
        &flatten(&model),
        &array![1.2, 1.2],
    )
    .tol(Tolerance::abs(1e-9))
    .mistake_array(
        &array![4.0, 36.0 / 23.0],
        "the coefficients were solved on uncentred x without an intercept column, and the \
         intercept set to the mean target afterwards: solve the whole system with A = [1 | X]",
    )
    .mistake_array(
        &array![0.0, 36.0 / 23.0],
        "no intercept was fitted: A = [1 | X] needs its first column of ones (the \
         intercept's), with no penalty on its diagonal entry",
    )
    .assert();
}

#[test]
fn alpha_zero_is_least_squares() {
    let split = regression_support::diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let model = call_ok!(ridge::fit(x, y, 0.0));
    expect_array(
        "ridge with α = 0 on standardized diabetes vs least squares (linfa-linear)",
        &flatten(&model),
        &flatten(&linfa_least_squares(x, y)),
    )
    .tol(Tolerance::rel(1e-6))
    .assert();
}

#[test]
fn diabetes_alpha_one_matches_scikit_learn() {
    let split = regression_support::diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let n = y.len() as f64;
    let model = call_ok!(ridge::fit(x, y, 1.0));
    let expected = linfa_ridge(x, y, 1.0);
    expect(
        "intercept of ridge (α = 1) on standardized diabetes: the mean target, unpenalized",
        model.intercept,
        expected.intercept,
    )
    .mistake(
        y.sum() / (n + 1.0),
        "you penalized the intercept, which shrinks it from the mean target: leave the \
         intercept's diagonal entry at n",
    )
    .assert();
    expect_array(
        "coefficients of ridge (α = 1) on standardized diabetes (linfa-linear on the \
         augmented problem)",
        &model.coefficients,
        &expected.coefficients,
    )
    .tol(Tolerance::rel(1e-6))
    .mistake_array(
        &linfa_ridge(x, y, n).coefficients,
        "you used n·α: the closed form adds α itself to XᵀX (scikit-learn's convention sums \
         the squared errors, it does not average them)",
    )
    .mistake_array(
        &linfa_ridge(x, y, 1.0 / n).coefficients,
        "you used α/n: the closed form adds α itself to XᵀX",
    )
    .assert();
    expect(
        "test R² of ridge (α = 1) on the diabetes split (scikit-learn: 0.4541)",
        test_r2(&model, &split),
        0.4541,
    )
    .tol(Tolerance::abs(5e-5))
    .assert();
}

#[test]
fn a_huge_penalty_keeps_the_intercept() {
    let split = regression_support::diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let model = call_ok!(ridge::fit(x, y, 1e9));
    let mean = y.mean().expect("353 rows");
    expect(
        "intercept of ridge with α = 1e9 (the coefficients vanish; b stays the mean target)",
        model.intercept,
        mean,
    )
    .tol(Tolerance::rel(1e-6))
    .mistake(
        y.sum() / (y.len() as f64 + 1e9),
        "the intercept was shrunk towards 0 with the coefficients: it must not be penalized \
         (leave the intercept's diagonal entry at n)",
    )
    .assert();
    let largest = model
        .coefficients
        .iter()
        .fold(0.0f64, |m, w| m.max(w.abs()));
    require(largest < 1e-3, || {
        format!(
            "with α = 1e9 every coefficient should be nearly 0, the largest is {largest}: add \
             α to the coefficients' diagonal entries"
        )
    });
}

#[test]
fn ridge_solves_what_least_squares_cannot() {
    // A repeated column makes least squares singular; ridge splits the weight evenly.
    let x = array![[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [4.0, 3.0], [5.0, 6.0]];
    let twin = concatenate(Axis(1), &[x.view(), x.column(0).insert_axis(Axis(1))]).expect("5 rows");
    let y = array![1.0, 2.0, 3.0, 5.0, 4.0];
    // α = 0 is least squares, which has no unique answer here: the solver's Singular,
    // at the repeated column (θ = (b, w₁, w₂, w₃), w₃ repeats w₁).
    let error = error_of(
        "ridge::fit with α = 0 and a repeated column",
        "Singular { column: 3 }",
        "α = 0 is least squares, and a repeated column leaves no unique solution: return \
         the solver's error",
        call!(ridge::fit(twin.view(), y.view(), 0.0)),
    );
    require(error == LinearError::Singular { column: 3 }, || {
        format!(
            "ridge::fit with α = 0 and a repeated column: expected Singular {{ column: 3 }} \
             (the repeated column's place in θ = (b, w₁, w₂, w₃)), got {error:?}"
        )
    });
    let model = call_ok!(ridge::fit(twin.view(), y.view(), 0.5));
    let expected = linfa_ridge(twin.view(), y.view(), 0.5);
    expect_array(
        "(b, w) of ridge (α = 0.5) with a repeated column (linfa-linear on the augmented \
         problem)",
        &flatten(&model),
        &flatten(&expected),
    )
    .tol(Tolerance::rel(1e-6))
    .assert();
    expect(
        "the two copies of the repeated column share the weight equally",
        model.coefficients[0],
        model.coefficients[2],
    )
    .tol(Tolerance::rel(1e-6))
    .assert();
}

#[test]
fn loss_by_hand() {
    let (x, y, model) = small_case();
    let got = call_ok!(ridge::loss(&model, x.view(), y.view(), 2.0));
    // (squared residuals 1 + 4 + 4 + 25 = 34, plus α·w² = 2·1) / 4 = 9.
    expect("ridge loss at b = 1, w = 1, α = 2", got, 9.0)
        .n(4)
        .mistake(
            8.5,
            "that is the plain MSE: add the penalty α·Σw² before dividing by n",
        )
        .mistake(
            9.5,
            "you penalized the intercept too: the penalty is α·Σⱼ wⱼ², without b",
        )
        .mistake(
            8.5 + 2.0,
            "the penalty is not divided by n: L = (Σr² + α‖w‖²) / n",
        )
        .assert();
}

#[test]
fn gradient_by_hand() {
    let (x, y, model) = small_case();
    let got = call_ok!(ridge::gradient(&model, x.view(), y.view(), 2.0));
    // ∂L/∂b = (2/4)(−10) = −5;  ∂L/∂w = (2/4)(−31 + 2·1) = −14.5.
    expect_array(
        "ridge gradient (∂L/∂b, ∂L/∂w) at b = 1, w = 1, α = 2",
        &flatten_gradient(&got),
        &array![-5.0, -14.5],
    )
    .n(4)
    .mistake_array(
        &array![-4.0, -14.5],
        "the intercept's gradient has a penalty term: b is not penalized, ∂L/∂b = (2/n) Σ rᵢ",
    )
    .mistake_array(
        &array![-5.0, -15.0],
        "the penalty's gradient is missing its factor 2: the derivative of α·w² is 2αw",
    )
    .mistake_array(
        &array![-5.0, -15.5],
        "the penalty is missing from the gradient: add (2/n)·α·w",
    )
    .mistake_array(
        &array![-5.0, -13.5],
        "the penalty's gradient sits outside the 2/n: ∂L/∂w = (2/n)(Xᵀr + α·w), so its \
         penalty part is (2/n)·α·w, not α·w",
    )
    .mistake_array(
        &array![-5.0, -11.5],
        "the penalty's gradient is not divided by n: ∂L/∂w = (2/n)(Xᵀr + α·w)",
    )
    .mistake_factor(
        0.5,
        "the gradient is half the right size: the derivative of r² is 2r",
    )
    .assert();
}

#[test]
fn gradient_matches_finite_differences_on_diabetes() {
    let split = regression_support::diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let alpha = 30.0;
    let model = LinearModel {
        intercept: 140.0,
        coefficients: Array1::linspace(15.0, -25.0, 10),
    };
    let got = call_ok!(ridge::gradient(&model, x, y, alpha));
    // The loss written out here, differentiated numerically.
    let loss = |theta: ArrayView1<f64>| {
        let m = unflatten(theta);
        let r = predictions(&m, x) - y;
        (r.dot(&r) + alpha * m.coefficients.dot(&m.coefficients)) / y.len() as f64
    };
    expect_gradient_matches_loss(
        "ridge gradient (α = 30) on standardized diabetes",
        &got,
        flatten(&model).view(),
        loss,
        1e-4,
        y.len(),
    );
}

#[test]
fn gradient_descent_reaches_the_closed_form() {
    let split = regression_support::diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let result = converged(
        "ridge by gradient descent",
        call!(ridge::fit_gd(
            x,
            y,
            1.0,
            &GdParams::new(0.25).iterations(3_000)
        )),
    );
    require(result.loss_history.len() == 3_001, || {
        format!(
            "3000 steps should record 3001 losses, got {}",
            result.loss_history.len()
        )
    });
    let history = &result.loss_history;
    if let Some(k) = (1..history.len()).find(|&k| history[k] > history[k - 1] * (1.0 + 1e-12)) {
        mlings::grade::fail(format!(
            "the ridge loss rose at step {k}: {} -> {}; with this safe rate it never increases",
            history[k - 1],
            history[k]
        ));
    }
    expect_array(
        "(b, w) of ridge (α = 1) by 3000 steps of gradient descent vs the closed form",
        &flatten(&result.model),
        &flatten(&linfa_ridge(x, y, 1.0)),
    )
    .tol(Tolerance::abs(1e-4))
    .assert();
}

#[test]
fn the_pipeline_standardizes_on_the_training_rows_only() {
    let (train, test) = regression_support::raw_diabetes();
    let (x_train, y_train) = (train.features.view(), train.targets.view());
    let x_test = test.features.view();
    let got = call_ok!(ridge::fit_predict_standardized(
        x_train, y_train, x_test, 1.0
    ));
    require(got.len() == test.n_samples(), || {
        format!(
            "expected one prediction per test row ({}), got {}",
            test.n_samples(),
            got.len()
        )
    });
    // The right pipeline, and three leaky or missing ones, computed independently.
    let scale = |scaler: &StandardScaler, x| scaler.transform(x).expect("10 columns");
    let train_scaler = StandardScaler::fit(x_train).expect("rows");
    let model = linfa_ridge(scale(&train_scaler, x_train).view(), y_train, 1.0);
    let right = predictions(&model, scale(&train_scaler, x_test).view());
    let own_test_scaler = StandardScaler::fit(x_test).expect("rows");
    let test_scaled_alone = predictions(&model, scale(&own_test_scaler, x_test).view());
    let all_rows_scaler = StandardScaler::fit(datasets::diabetes().features.view()).expect("rows");
    let leaky_model = linfa_ridge(scale(&all_rows_scaler, x_train).view(), y_train, 1.0);
    let leaky = predictions(&leaky_model, scale(&all_rows_scaler, x_test).view());
    let test_fitted_model = linfa_ridge(scale(&own_test_scaler, x_train).view(), y_train, 1.0);
    let test_fitted = predictions(&test_fitted_model, scale(&own_test_scaler, x_test).view());
    let unscaled = predictions(&linfa_ridge(x_train, y_train, 1.0), x_test);
    let (y_mean, y_std) = (y_train.mean().expect("rows"), y_train.std(0.0));
    let standardized_targets = predictions(
        &linfa_ridge(
            scale(&train_scaler, x_train).view(),
            y_train.mapv(|v| (v - y_mean) / y_std).view(),
            1.0,
        ),
        scale(&train_scaler, x_test).view(),
    );
    expect_array(
        "predictions of standardize + ridge (α = 1) for the diabetes test rows",
        &got,
        &right,
    )
    .tol(Tolerance::rel(1e-6))
    .mistake_array(
        &test_scaled_alone,
        "you fitted a second scaler on the test rows: transform x_test with the scaler \
         fitted on x_train, so both sets move by the same shift and scale",
    )
    .mistake_array(
        &test_fitted,
        "you fitted the scaler on the test rows and used it for both sets: the test rows \
         leaked into training; fit it on x_train only",
    )
    .mistake_array(
        &leaky,
        "you fitted the scaler on all rows (train and test): the test rows leaked into \
         training; fit it on x_train only",
    )
    .mistake_array(
        &standardized_targets,
        "the targets were standardized too (the predictions are in standard units): \
         standardize the features only; y_train stays in its own units",
    )
    .mistake_array(
        &unscaled,
        "the features were not standardized: fit a StandardScaler on x_train and transform \
         both sets with it before fitting",
    )
    .no_generic_diagnosis()
    .assert();
    expect(
        "test R² of standardize + ridge (α = 1) on diabetes (scikit-learn: 0.4541)",
        r2(test.targets.view(), got.view()),
        0.4541,
    )
    .tol(Tolerance::abs(5e-5))
    .assert();
}

#[test]
fn bad_penalties_and_shapes_are_errors() {
    let (x, y, model) = small_case();
    for alpha in [-1.0, f64::NAN, f64::INFINITY] {
        let error = error_of(
            &format!("ridge::fit with α = {alpha}"),
            "InvalidParams",
            "α must be finite and ≥ 0: call check_alpha(alpha)? first",
            call!(ridge::fit(x.view(), y.view(), alpha)),
        );
        require(matches!(error, LinearError::InvalidParams(_)), || {
            format!("ridge::fit with α = {alpha}: expected InvalidParams, got {error:?}")
        });
    }
    let empty = Array2::<f64>::zeros((0, 1));
    let no_targets = Array1::<f64>::zeros(0);
    // α is checked before the data: a bad α AND no rows is InvalidParams.
    let error = error_of(
        "ridge::fit with α = −1 AND no rows",
        "InvalidParams",
        "check_alpha(alpha)? comes first, then the data",
        call!(ridge::fit(empty.view(), no_targets.view(), -1.0)),
    );
    require(matches!(error, LinearError::InvalidParams(_)), || {
        format!(
            "ridge::fit with α = −1 AND no rows: expected InvalidParams, got {error:?}\n    \
             likely mistake: you checked the data before check_alpha(alpha)"
        )
    });
    let error = error_of(
        "ridge::fit_gd with α = −1",
        "InvalidParams",
        "α must be finite and ≥ 0: call check_alpha(alpha)? first",
        call!(ridge::fit_gd(x.view(), y.view(), -1.0, &GdParams::new(0.1))),
    );
    require(matches!(error, LinearError::InvalidParams(_)), || {
        format!("ridge::fit_gd with α = −1: expected InvalidParams, got {error:?}")
    });
    let error = error_of(
        "ridge::fit_gd with learning rate 0",
        "InvalidParams",
        "call params.validate()? (after check_alpha)",
        call!(ridge::fit_gd(x.view(), y.view(), 1.0, &GdParams::new(0.0))),
    );
    require(matches!(error, LinearError::InvalidParams(_)), || {
        format!("ridge::fit_gd with learning rate 0: expected InvalidParams, got {error:?}")
    });
    // α AND the learning rate bad: check_alpha first, so the message is about α.
    let error = error_of(
        "ridge::fit_gd with α = −1 AND learning rate 0",
        "InvalidParams (about alpha)",
        "check_alpha(alpha)? comes before params.validate()?",
        call!(ridge::fit_gd(x.view(), y.view(), -1.0, &GdParams::new(0.0))),
    );
    require(
        matches!(&error, LinearError::InvalidParams(text) if text.contains("alpha")),
        || {
            format!(
                "ridge::fit_gd with α = −1 AND learning rate 0: expected the InvalidParams of \
                 check_alpha (about alpha), got {error}\n    likely mistake: check_alpha(alpha)? \
                 comes before params.validate()?: you validated the learning rate first"
            )
        },
    );
    let error = error_of(
        "ridge::fit_gd with learning rate 0 AND no rows",
        "InvalidParams",
        "params.validate()? comes before the data",
        call!(ridge::fit_gd(
            empty.view(),
            no_targets.view(),
            1.0,
            &GdParams::new(0.0)
        )),
    );
    require(matches!(error, LinearError::InvalidParams(_)), || {
        format!(
            "ridge::fit_gd with learning rate 0 AND no rows: expected InvalidParams, got \
             {error:?}\n    likely mistake: you checked the data before params.validate()"
        )
    });
    let wide = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]];
    let shape_cases = [
        (
            "4 rows of x and 3 targets",
            x.clone(),
            array![1.0, 2.0, 3.0],
            LinearError::RowsMismatch { rows: 4, values: 3 },
        ),
        (
            "0 rows of x and 3 targets",
            empty.clone(),
            array![1.0, 2.0, 3.0],
            LinearError::RowsMismatch { rows: 0, values: 3 },
        ),
        (
            "no rows",
            empty.clone(),
            no_targets.clone(),
            LinearError::Empty,
        ),
        (
            "2 columns, 4 rows and 3 targets, a 1-coefficient model",
            wide.clone(),
            array![1.0, 2.0, 3.0],
            LinearError::RowsMismatch { rows: 4, values: 3 },
        ),
        (
            "2 columns for a 1-coefficient model",
            wide,
            y.clone(),
            LinearError::ColumnsMismatch {
                columns: 2,
                coefficients: 1,
            },
        ),
    ];
    for (case, cx, cy, expected) in shape_cases {
        let results = [
            (
                "loss",
                call!(ridge::loss(&model, cx.view(), cy.view(), 1.0)).map(|_| ()),
            ),
            (
                "gradient",
                call!(ridge::gradient(&model, cx.view(), cy.view(), 1.0)).map(|_| ()),
            ),
        ];
        for (name, result) in results {
            let what = format!("ridge::{name} with {case}");
            let error = error_of(
                &what,
                &format!("{expected:?}"),
                "RowsMismatch, then Empty, then ColumnsMismatch",
                result,
            );
            require(error == expected, || {
                format!(
                    "{what}: expected {expected:?}, got {error:?}{}",
                    order_diagnosis(&error, &expected)
                )
            });
        }
    }
    // The pipeline: the training data first, then x_test's columns.
    let error = error_of(
        "fit_predict_standardized with 4 training rows, 3 targets AND a 2-column x_test",
        "RowsMismatch { rows: 4, values: 3 }",
        "the training data is checked first",
        call!(ridge::fit_predict_standardized(
            x.view(),
            array![1.0, 2.0, 3.0].view(),
            array![[1.0, 2.0]].view(),
            1.0
        )),
    );
    let expected = LinearError::RowsMismatch { rows: 4, values: 3 };
    require(error == expected, || {
        format!(
            "fit_predict_standardized with 4 training rows, 3 targets AND a 2-column x_test: \
             expected {expected:?}, got {error:?}{}",
            order_diagnosis(&error, &expected)
        )
    });
    let error = error_of(
        "fit_predict_standardized with no training rows",
        "Empty",
        "there is nothing to learn from",
        call!(ridge::fit_predict_standardized(
            empty.view(),
            no_targets.view(),
            array![[1.0]].view(),
            1.0
        )),
    );
    require(error == LinearError::Empty, || {
        format!("fit_predict_standardized with no training rows: expected Empty, got {error:?}")
    });
    let error = error_of(
        "fit_predict_standardized with a 2-column x_test for a 1-column x_train",
        "ColumnsMismatch { columns: 2, coefficients: 1 }",
        "the test rows must have the training rows' columns",
        call!(ridge::fit_predict_standardized(
            x.view(),
            y.view(),
            array![[1.0, 2.0]].view(),
            1.0
        )),
    );
    let expected = LinearError::ColumnsMismatch {
        columns: 2,
        coefficients: 1,
    };
    require(error == expected, || {
        format!(
            "fit_predict_standardized with a 2-column x_test for a 1-column x_train: expected \
             {expected:?}, got {error:?}\n    likely mistake: {}",
            match error {
                LinearError::ColumnsMismatch {
                    columns: 1,
                    coefficients: 2,
                } =>
                    "columns and coefficients are swapped: columns is x_test.ncols(), \
                      coefficients is x_train.ncols()",
                _ =>
                    "a failed transform means x_test has the wrong number of columns: map \
                      it to ColumnsMismatch { columns: x_test.ncols(), coefficients: \
                      x_train.ncols() }",
            }
        )
    });
}

/// "likely mistake" for a shape error that is the right kind in the wrong order, or
/// the right kind with its fields swapped.
fn order_diagnosis(got: &LinearError, expected: &LinearError) -> String {
    let text = match (got, expected) {
        (LinearError::Empty, LinearError::RowsMismatch { .. }) => {
            "you checked Empty before RowsMismatch: the documented order is RowsMismatch, \
             Empty, ColumnsMismatch"
        }
        (LinearError::ColumnsMismatch { .. }, LinearError::RowsMismatch { .. }) => {
            "you checked ColumnsMismatch before RowsMismatch"
        }
        (
            LinearError::RowsMismatch { rows, values },
            LinearError::RowsMismatch { rows: r, values: v },
        ) if rows == v && values == r => "rows and values are swapped: rows is x.nrows()",
        (
            LinearError::ColumnsMismatch {
                columns,
                coefficients,
            },
            LinearError::ColumnsMismatch {
                columns: c,
                coefficients: k,
            },
        ) if columns == k && coefficients == c => {
            "columns and coefficients are swapped: columns is x.ncols()"
        }
        _ => return String::new(),
    };
    format!("\n    likely mistake: {text}")
}

#[test]
fn gradient_descent_follows_the_doc_at_every_penalty_and_rate() {
    // Two features, 5 rows; the penalty is large enough (α = 3 against n = 5) to show.
    let x = array![
        [0.5, 1.0],
        [1.0, -0.5],
        [1.5, 0.25],
        [-0.5, 0.75],
        [2.0, -1.0]
    ];
    let y = array![2.0, 1.5, 3.0, 0.5, 2.5];
    for (alpha, rate, iterations) in [(3.0, 0.2, 9), (3.0, 0.1, 1), (0.5, 0.05, 4), (0.0, 0.1, 3)] {
        let what = format!("ridge::fit_gd with α = {alpha}, rate {rate}, {iterations} steps");
        let got = converged_from_zero(
            &what,
            call!(ridge::fit_gd(
                x.view(),
                y.view(),
                alpha,
                &GdParams::new(rate).iterations(iterations)
            )),
            x.view(),
            y.view(),
            alpha,
            rate,
        );
        let expected = descend_by_the_doc(x.view(), y.view(), alpha, rate, iterations);
        require(got.loss_history.len() == iterations + 1, || {
            format!(
                "{what}: loss_history has {} values, expected {} (the start, then one per step)",
                got.loss_history.len(),
                iterations + 1
            )
        });
        let mut check = expect_array(
            format!("(b, w) after {what}"),
            &flatten(&got.model),
            &flatten(&expected.model),
        )
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis();
        if alpha > 0.0 {
            check = check.mistake_array(
                &flatten(&descend_by_the_doc(x.view(), y.view(), 0.0, rate, iterations).model),
                "the penalty is ignored: fit_gd steps on the plain MSE; use the ridge loss and \
                 gradient",
            );
        }
        check.assert();
        let mut check = expect_array(
            format!("loss_history of {what} (the ridge loss, penalty included)"),
            &Array1::from(got.loss_history),
            &Array1::from(expected.losses),
        )
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis();
        if alpha > 0.0 {
            // The MSE (no penalty) along the right path.
            let unpenalized: Array1<f64> = (0..=iterations)
                .map(|k| {
                    let model = descend_by_the_doc(x.view(), y.view(), alpha, rate, k).model;
                    ridge_loss_by_the_doc(&model, x.view(), y.view(), 0.0)
                })
                .collect();
            check = check.mistake_array(
                &unpenalized,
                "the recorded loss is the MSE without the penalty: record the ridge loss, \
                 (Σr² + α‖w‖²) / n",
            );
            check = check.mistake_array(
                &Array1::from(descend_by_the_doc(x.view(), y.view(), 0.0, rate, iterations).losses),
                "the penalty is ignored: these are the losses of plain least-squares gradient \
                 descent; record the ridge loss, (Σr² + α‖w‖²) / n, and step with its gradient",
            );
        }
        check.assert();
    }
}

#[test]
fn gradient_descent_at_a_diverging_rate_reports_every_field() {
    let (x, y, rate) = slow_divergence_probe();
    let alpha = 0.5;
    let expected = descend_by_the_doc(x.view(), y.view(), alpha, rate, 20);
    let (iteration, _, _) = expected.diverged.expect("the probe diverges");
    let what = format!(
        "ridge::fit_gd with α = {alpha} at the diverging rate {rate} for 20 steps (the ridge \
         loss passes the starting loss at step {iteration})"
    );
    let error = error_of(
        &what,
        &format!("Diverged {{ iteration: {iteration}, .. }}"),
        "at a diverging rate the loss grows: report Diverged as soon as the loss is not \
         finite or exceeds the starting loss, as linear_regression_gd::fit does",
        call!(ridge::fit_gd(
            x.view(),
            y.view(),
            alpha,
            &GdParams::new(rate).iterations(20)
        )),
    );
    expect_diverged(&what, &error, &expected);
    let split = regression_support::diabetes();
    let error = error_of(
        "ridge::fit_gd with α = 1 at the diverging rate 0.3 on standardized diabetes",
        "Diverged",
        "the steps overshoot along the steepest direction: report Diverged",
        call!(ridge::fit_gd(
            split.x_train.view(),
            split.y_train.view(),
            1.0,
            &GdParams::new(0.3).iterations(1_000)
        )),
    );
    require(matches!(error, LinearError::Diverged { .. }), || {
        format!("ridge::fit_gd at the diverging rate 0.3: expected Diverged, got {error}")
    });
}
