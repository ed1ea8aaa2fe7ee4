//! Shared by the graders of the regression topic: the prepared datasets, and answers
//! computed independently of the learner's code (linfa, or the definitions written out).
//! Each grader uses part of it.
#![allow(dead_code)]

use linfa::prelude::{Fit, SingleTargetRegression};
use linfa_linear::LinearRegression;
use mlings::datasets;
use mlings::grade::{Tolerance, expect_array};
use mlings::prep::StandardizedSplit;
use mlings::types::linear_regression::LinearModel;
use mlings::types::linear_regression_gd::LinearGradient;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, concatenate};

/// The diabetes reference split (353 train / 89 test rows), standardized on train.
pub fn diabetes() -> StandardizedSplit {
    StandardizedSplit::reference(&datasets::diabetes()).expect("the bundled diabetes split")
}

/// The diabetes reference split in raw units (not standardized): (train, test).
pub fn raw_diabetes() -> (datasets::Dataset, datasets::Dataset) {
    let diabetes = datasets::diabetes();
    let split = diabetes
        .reference_split()
        .expect("the bundled diabetes split");
    diabetes.split(&split).expect("valid rows")
}

/// The breast_cancer reference split (455 / 114 rows), standardized on train, with
/// its labels (0 malignant, 1 benign) for train and test.
pub fn breast_cancer() -> (StandardizedSplit, Array1<usize>, Array1<usize>) {
    let split = StandardizedSplit::reference(&datasets::breast_cancer())
        .expect("the bundled breast_cancer split");
    let (train, test) = split
        .class_labels()
        .expect("breast_cancer has class labels");
    (split, train, test)
}

/// Least squares with an intercept, by linfa-linear (an SVD-based solver).
pub fn linfa_least_squares(x: ArrayView2<f64>, y: ArrayView1<f64>) -> LinearModel {
    let data = linfa::Dataset::new(x.to_owned(), y.to_owned());
    let fitted = LinearRegression::new()
        .fit(&data)
        .expect("linfa-linear fits a full-rank problem");
    LinearModel {
        intercept: fitted.intercept(),
        coefficients: fitted.params().clone(),
    }
}

/// Ridge with an unpenalized intercept, by linfa-linear: centre x and y (which takes the
/// intercept out of the problem), append √α·I below the centred x with zero targets (so
/// the squared error of the extra rows is exactly α‖w‖²), solve least squares without
/// intercept, and put the intercept back: b = ȳ − x̄·w.
pub fn linfa_ridge(x: ArrayView2<f64>, y: ArrayView1<f64>, alpha: f64) -> LinearModel {
    let (x_mean, y_mean) = (x.mean_axis(Axis(0)).expect("rows"), y.mean().expect("rows"));
    let p = x.ncols();
    let penalty_rows = Array2::eye(p) * alpha.sqrt();
    let augmented_x = concatenate(Axis(0), &[(&x - &x_mean).view(), penalty_rows.view()])
        .expect("same number of columns");
    let augmented_y =
        concatenate(Axis(0), &[(&y - y_mean).view(), Array1::zeros(p).view()]).expect("1-D");
    let data = linfa::Dataset::new(augmented_x, augmented_y);
    let fitted = LinearRegression::new()
        .with_intercept(false)
        .fit(&data)
        .expect("linfa-linear fits the augmented problem");
    let coefficients = fitted.params().clone();
    LinearModel {
        intercept: y_mean - x_mean.dot(&coefficients),
        coefficients,
    }
}

/// b + x·w for every row.
pub fn predictions(model: &LinearModel, x: ArrayView2<f64>) -> Array1<f64> {
    x.dot(&model.coefficients) + model.intercept
}

/// R² of `y_pred` against `y_true`, by linfa.
pub fn r2(y_true: ArrayView1<f64>, y_pred: ArrayView1<f64>) -> f64 {
    y_pred.r2(&y_true).expect("non-empty")
}

/// The test R² of `model` on the diabetes split.
pub fn test_r2(model: &LinearModel, split: &StandardizedSplit) -> f64 {
    r2(
        split.y_test.view(),
        predictions(model, split.x_test.view()).view(),
    )
}

/// The parameters (b, w₁, …, w_p) of a linear model as one vector.
pub fn flatten(model: &LinearModel) -> Array1<f64> {
    std::iter::once(model.intercept)
        .chain(model.coefficients.iter().copied())
        .collect()
}

/// A gradient laid out as [`flatten`] lays out the parameters.
pub fn flatten_gradient(gradient: &LinearGradient) -> Array1<f64> {
    std::iter::once(gradient.intercept)
        .chain(gradient.coefficients.iter().copied())
        .collect()
}

/// The gradient of `loss` at `at` by central differences, (f(θ + h·eᵢ) − f(θ − h·eᵢ)) / 2h
/// for every parameter, laid out as [`flatten`].
fn numerical_gradient(loss: impl Fn(ArrayView1<f64>) -> f64, at: ArrayView1<f64>) -> Array1<f64> {
    let h = 1e-6;
    let mut probe = at.to_owned();
    Array1::from_shape_fn(at.len(), |i| {
        probe[i] = at[i] + h;
        let up = loss(probe.view());
        probe[i] = at[i] - h;
        let down = loss(probe.view());
        probe[i] = at[i];
        (up - down) / (2.0 * h)
    })
}

/// Fails unless the learner's `gradient` at the parameters `at` (laid out as [`flatten`])
/// matches central differences of `loss`, the loss written out in the grader. `abs` is
/// the absolute tolerance (on top of 1e-5 relative): the round-off of the differences
/// grows with the size of the loss. `n` (the number of rows) enables the "sum instead of
/// mean" diagnosis.
#[track_caller]
pub fn expect_gradient_matches_loss(
    what: &str,
    gradient: &LinearGradient,
    at: ArrayView1<f64>,
    loss: impl Fn(ArrayView1<f64>) -> f64,
    abs: f64,
    n: usize,
) {
    expect_array(
        format!("{what} vs central differences of the loss"),
        &flatten_gradient(gradient),
        &numerical_gradient(loss, at),
    )
    .tol(Tolerance { rel: 1e-5, abs })
    .n(n)
    .assert();
}

/// The model whose parameters are `theta` = (b, w₁, …, w_p).
pub fn unflatten(theta: ArrayView1<f64>) -> LinearModel {
    LinearModel {
        intercept: theta[0],
        coefficients: theta.slice(ndarray::s![1..]).to_owned(),
    }
}

/// The result of a gradient-descent fit at a learning rate that is safe for a correct
/// gradient: a `Diverged` error there points at the gradient or the step, so say so.
#[track_caller]
pub fn converged<T, E: std::fmt::Display>(what: &str, result: Result<T, E>) -> T {
    match result {
        Ok(value) => value,
        Err(error) if error.to_string().starts_with("diverged") => mlings::grade::fail(format!(
            "{what} returned: {error}\n    This learning rate is safe for the right gradient, so \
             the loss should fall at every step.\n    likely mistake: the gradient (its sign, its \
             factor 2, its 1/n: the gradient checks above test each) or a step in the wrong \
             direction (θ ← θ − η·gradient)"
        )),
        Err(error) => {
            mlings::grade::fail(format!("{what} returned an error on valid input: {error}"))
        }
    }
}
