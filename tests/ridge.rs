//! Grader of exercises/03_regression/ridge.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/03_regression/ridge.rs"]
mod ridge;
#[cfg(feature = "solutions")]
use mlings::reference::ridge;

mod regression_support;

use mlings::datasets;
use mlings::grade::{Tolerance, expect, expect_array, expect_err, require};
use mlings::prep::StandardScaler;
use mlings::types::ridge::{GdParams, LinearError, LinearModel};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, Axis, array, concatenate};
use regression_support::{
    converged, expect_gradient_matches_loss, flatten, flatten_gradient, linfa_least_squares,
    linfa_ridge, predictions, r2, test_r2, unflatten,
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
        "that is plain least squares: add α to the diagonal of AᵀA (except the intercept's)",
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
            "divide the penalty by n too: L = (Σr² + α‖w‖²) / n",
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
        "the penalty's gradient lost its 2: the derivative of α·w² is 2αw",
    )
    .mistake_array(
        &array![-5.0, -15.5],
        "the penalty is missing from the gradient: add (2/n)·α·w",
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
    let unscaled = predictions(&linfa_ridge(x_train, y_train, 1.0), x_test);
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
        &leaky,
        "you fitted the scaler on all rows (train and test): the test rows leaked into \
         training; fit it on x_train only",
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
        let error = expect_err(
            &format!("ridge::fit with α = {alpha}"),
            "α must be finite and ≥ 0: call check_alpha(alpha)? first",
            call!(ridge::fit(x.view(), y.view(), alpha)),
        );
        require(matches!(error, LinearError::InvalidParams(_)), || {
            format!("expected InvalidParams, got {error:?}")
        });
    }
    let error = expect_err(
        "ridge::fit_gd with α = −1",
        "α must be finite and ≥ 0",
        call!(ridge::fit_gd(x.view(), y.view(), -1.0, &GdParams::new(0.1))),
    );
    require(matches!(error, LinearError::InvalidParams(_)), || {
        format!("expected InvalidParams, got {error:?}")
    });
    let error = expect_err(
        "ridge::loss with 4 rows of x and 3 targets",
        "every row needs exactly one target",
        call!(ridge::loss(
            &model,
            x.view(),
            array![1.0, 2.0, 3.0].view(),
            1.0
        )),
    );
    require(
        error == LinearError::RowsMismatch { rows: 4, values: 3 },
        || format!("expected RowsMismatch {{ rows: 4, values: 3 }}, got {error:?}"),
    );
    let error = expect_err(
        "fit_predict_standardized with a 2-column x_test for a 1-column x_train",
        "the test rows must have the training rows' columns",
        call!(ridge::fit_predict_standardized(
            x.view(),
            y.view(),
            array![[1.0, 2.0]].view(),
            1.0
        )),
    );
    require(
        error
            == LinearError::ColumnsMismatch {
                columns: 2,
                coefficients: 1,
            },
        || format!("expected ColumnsMismatch {{ columns: 2, coefficients: 1 }}, got {error:?}"),
    );
}
