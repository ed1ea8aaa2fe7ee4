//! Shared by the graders of the regression topic: the prepared datasets, and answers
//! computed independently of the learner's code (linfa, or the definitions written out).
//! Each grader uses part of it.
#![allow(dead_code)]

use linfa::prelude::{Fit, SingleTargetRegression};
use linfa_linear::LinearRegression;
use mlings::datasets;
use mlings::grade::{Tolerance, expect_array};
use mlings::prep::StandardizedSplit;
use mlings::types::linear_regression::{LinearError, LinearModel};
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
pub fn converged<T>(what: &str, result: Result<T, LinearError>) -> T {
    match result {
        Ok(value) => value,
        Err(LinearError::Diverged {
            iteration,
            start_loss,
            loss,
        }) if loss <= start_loss => mlings::grade::fail(format!(
            "{what} reported divergence at step {iteration}, although its loss there ({loss:.6e}) \
             is not above the loss at the start ({start_loss:.6e})\n    likely mistake: a loss \
             diverges when it is not finite or exceeds the START loss; you compared it with the \
             previous step's loss"
        )),
        Err(error @ LinearError::Diverged { .. }) => mlings::grade::fail(format!(
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

/// What gradient descent did, by the doc, in the grader's own words.
#[derive(Debug, Clone)]
pub struct Descent {
    /// The model after the last step taken (the step that diverged, if one did).
    pub model: LinearModel,
    /// The loss at the start, then after every step kept (the diverging loss is not in it).
    pub losses: Vec<f64>,
    /// `(iteration, start_loss, loss)` of the first step whose loss is not finite or is
    /// larger than the starting loss.
    pub diverged: Option<(usize, f64, f64)>,
    /// The number of steps asked for.
    pub steps: usize,
}

/// The ridge loss (1/n)(Σ rᵢ² + α‖w‖²) written out row by row (α = 0: the MSE).
pub fn ridge_loss_by_the_doc(
    model: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    alpha: f64,
) -> f64 {
    let n = y.len() as f64;
    let mut total = 0.0;
    for (row, &target) in x.rows().into_iter().zip(y) {
        let mut r = model.intercept - target;
        for (v, w) in row.iter().zip(&model.coefficients) {
            r += v * w;
        }
        total += r * r;
    }
    let penalty: f64 = model.coefficients.iter().map(|w| w * w).sum();
    (total + alpha * penalty) / n
}

/// Batch gradient descent from the zero model on the ridge loss (α = 0: the MSE),
/// written from the skeletons' doc with plain loops: the grader's independent answer.
pub fn descend_by_the_doc(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    alpha: f64,
    learning_rate: f64,
    iterations: usize,
) -> Descent {
    let (n, p) = x.dim();
    let mut model = LinearModel::zeros(p);
    let start = ridge_loss_by_the_doc(&model, x, y, alpha);
    let mut losses = vec![start];
    for iteration in 1..=iterations {
        let mut gb = 0.0;
        let mut gw = vec![0.0; p];
        for i in 0..n {
            let mut r = model.intercept - y[i];
            for j in 0..p {
                r += x[[i, j]] * model.coefficients[j];
            }
            gb += 2.0 * r / n as f64;
            for (j, g) in gw.iter_mut().enumerate() {
                *g += 2.0 * r * x[[i, j]] / n as f64;
            }
        }
        model.intercept -= learning_rate * gb;
        for (j, g) in gw.iter().enumerate() {
            let penalty = 2.0 * alpha * model.coefficients[j] / n as f64;
            model.coefficients[j] -= learning_rate * (g + penalty);
        }
        let loss = ridge_loss_by_the_doc(&model, x, y, alpha);
        if !loss.is_finite() || loss > start {
            return Descent {
                model,
                losses,
                diverged: Some((iteration, start, loss)),
                steps: iterations,
            };
        }
        losses.push(loss);
    }
    Descent {
        model,
        losses,
        diverged: None,
        steps: iterations,
    }
}

/// A probe where gradient descent diverges slowly: rate 1.05 on two orthogonal centred
/// columns, one whose step overshoots by a factor 1.1 (its part of the loss grows by
/// 1.21 per step) and one that converges at once. The loss falls from 10, rises again
/// from step 2 on, and passes the starting loss only at step 13: it separates "larger
/// than the starting loss" from "larger than the previous loss". (x, y, rate).
pub fn slow_divergence_probe() -> (Array2<f64>, Array1<f64>, f64) {
    // Column 1: mean square 1, target part 1·x₁ (loss part 1); column 2: mean square
    // 1/2.1, so 1 − 2·1.05/2.1 = 0: it converges in one step; target part so its loss
    // part is 9.
    let c = (1.0f64 / 2.1).sqrt();
    let x = ndarray::array![[1.0, c], [-1.0, c], [1.0, -c], [-1.0, -c]];
    let a2 = (9.0f64 * 2.1).sqrt();
    let y = x.column(0).to_owned() + &(x.column(1).to_owned() * a2);
    (x, y, 1.05)
}

/// Fails unless `got` is the `Diverged` error the doc's loop reports (`descent`, from
/// [`descend_by_the_doc`]), checking every field, and names the likely mistake.
#[track_caller]
pub fn expect_diverged(what: &str, got: &LinearError, descent: &Descent) {
    let (iteration, start_loss, loss) = descent
        .diverged
        .expect("the grader's probe diverges by the doc");
    let LinearError::Diverged {
        iteration: got_iteration,
        start_loss: got_start,
        loss: got_loss,
    } = *got
    else {
        mlings::grade::fail(format!(
            "{what}: expected LinearError::Diverged {{ iteration: {iteration}, .. }}, got {got}"
        ));
    };
    let close = |a: f64, b: f64| Tolerance::rel(1e-6).accepts(a, b);
    // The first step whose loss rose above the previous one.
    let first_rise = (1..descent.losses.len())
        .find(|&k| descent.losses[k] > descent.losses[k - 1])
        .unwrap_or(iteration);
    if got_iteration != iteration {
        let diagnosis = if got_iteration + 1 == iteration {
            "the step number is counted from 0: the first step is iteration 1".to_string()
        } else if got_iteration == descent.steps && descent.steps > iteration {
            format!(
                "you checked for divergence only after the last step ({got_iteration}): check \
                 the loss after every step (every epoch) against the starting loss"
            )
        } else if got_iteration == first_rise && first_rise < iteration {
            format!(
                "you stopped at step {first_rise}, the first loss above the previous step's \
                 loss; divergence is a loss above the starting loss ({start_loss}), which \
                 happens only at step {iteration}"
            )
        } else {
            "check the loss after every step against the loss at the start".to_string()
        };
        mlings::grade::fail(format!(
            "{what}: Diverged at iteration {got_iteration}, expected iteration {iteration} \
             (the first step whose loss {loss:.6} exceeds the starting loss \
             {start_loss:.6})\n    likely mistake: {diagnosis}"
        ));
    }
    if !close(got_start, start_loss) {
        let previous = descent
            .losses
            .get(iteration - 1)
            .copied()
            .unwrap_or(f64::NAN);
        let diagnosis = if close(got_start, previous) {
            "you reported the previous step's loss as start_loss: start_loss is the loss of \
             the zero model, loss_history[0]"
        } else {
            "start_loss is the loss of the zero model, loss_history[0]"
        };
        mlings::grade::fail(format!(
            "{what}: Diverged {{ start_loss: {got_start} }}, expected {start_loss}\n    \
             likely mistake: {diagnosis}"
        ));
    }
    if !(close(got_loss, loss) || (got_loss.is_nan() && loss.is_nan())) {
        mlings::grade::fail(format!(
            "{what}: Diverged {{ loss: {got_loss} }}, expected {loss} (the loss right after \
             step {iteration}, the one that exceeded the start)"
        ));
    }
}

/// The error of `result`, or a short failure (no dump of the `Ok` value) saying which
/// error was expected and why.
#[track_caller]
pub fn error_of<T, E>(what: &str, expected: &str, why: &str, result: Result<T, E>) -> E {
    match result {
        Err(error) => error,
        Ok(_) => mlings::grade::fail(format!(
            "{what}: expected Err({expected}), got Ok\n    why: {why}"
        )),
    }
}

/// As [`converged`], for a gradient-descent fit from the zero model at `rate` on (x, y)
/// with penalty `alpha` (0: the MSE): when the first step already diverged, the loss it
/// reports tells how the step was taken, so name that (uphill, n times too long, twice
/// too long) instead of listing every suspect.
#[track_caller]
pub fn converged_from_zero<T>(
    what: &str,
    result: Result<T, LinearError>,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    alpha: f64,
    rate: f64,
) -> T {
    if let Err(LinearError::Diverged {
        iteration: 1, loss, ..
    }) = &result
    {
        let (n, p) = x.dim();
        // The gradient at the zero model: residuals are −y (the penalty's part is 0).
        let gb = -2.0 * y.sum() / n as f64;
        let gw: Vec<f64> = (0..p)
            .map(|j| -2.0 * x.column(j).dot(&y) / n as f64)
            .collect();
        let after = |factor: f64| {
            let model = LinearModel {
                intercept: -factor * rate * gb,
                coefficients: gw.iter().map(|g| -factor * rate * g).collect(),
            };
            ridge_loss_by_the_doc(&model, x, y, alpha)
        };
        let candidates = [
            (
                -1.0,
                "you stepped uphill: the step goes against the gradient, θ ← θ − η·gradient"
                    .to_string(),
            ),
            (
                n as f64,
                format!(
                    "the step is n = {n} times too long: the gradient used in fit is a sum over \
                     the rows, not a mean (divide by n)"
                ),
            ),
            (
                2.0,
                "the step is twice too long: the factor 2 counted twice?".to_string(),
            ),
        ];
        for (factor, explanation) in candidates {
            if Tolerance::rel(1e-6).accepts(*loss, after(factor)) {
                mlings::grade::fail(format!(
                    "{what}: Diverged at the first step, the loss going from {} to {loss}, at \
                     a rate that is safe for the right step\n    likely mistake: {explanation}",
                    ridge_loss_by_the_doc(&LinearModel::zeros(p), x, y, alpha)
                ));
            }
        }
    }
    converged(what, result)
}
