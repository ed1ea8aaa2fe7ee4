//! Reference solution of the `linear_regression_gd` exercise.

use ndarray::{ArrayView1, ArrayView2};

use super::linear_regression::{Gram, check_training_data, predict};
use crate::types::linear_regression_gd::{
    GdParams, LinearError, LinearGradient, LinearModel, Training,
};

pub fn mse(
    model: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
) -> Result<f64, LinearError> {
    check_training_data(x, y)?;
    let residuals = predict(model, x)? - y;
    Ok(residuals.dot(&residuals) / y.len() as f64)
}

pub fn mse_gradient(
    model: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
) -> Result<LinearGradient, LinearError> {
    check_training_data(x, y)?;
    let residuals = predict(model, x)? - y;
    let scale = 2.0 / y.len() as f64;
    Ok(LinearGradient {
        intercept: scale * residuals.sum(),
        coefficients: x.t().dot(&residuals) * scale,
    })
}

/// Gradient descent with the cached sufficient statistics (see [`Gram`]): after one
/// O(n·p²) pass, each step costs O(p²) instead of O(n·p), with the same iterates as
/// the plain loop up to round-off.
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &GdParams,
) -> Result<Training, LinearError> {
    params.validate()?;
    check_training_data(x, y)?;
    let gram = Gram::new(x, y);
    let n = y.len() as f64;
    descend(
        LinearModel::zeros(x.ncols()),
        params,
        |model| gram.squared_error(model) / n,
        |model| scaled(gram.squared_error_gradient(model), 1.0 / n),
    )
}

/// Runs `params.iterations` steps of gradient descent from `start`, recording the loss
/// before the first step and after each one; a loss that is not finite or exceeds the
/// starting loss is divergence.
pub fn descend(
    start: LinearModel,
    params: &GdParams,
    loss: impl Fn(&LinearModel) -> f64,
    gradient: impl Fn(&LinearModel) -> LinearGradient,
) -> Result<Training, LinearError> {
    let mut model = start;
    let start_loss = loss(&model);
    let mut loss_history = Vec::with_capacity(params.iterations + 1);
    loss_history.push(start_loss);
    for iteration in 1..=params.iterations {
        let g = gradient(&model);
        step(&mut model, &g, params.learning_rate);
        let current = loss(&model);
        check_divergence(iteration, start_loss, current)?;
        loss_history.push(current);
    }
    Ok(Training {
        model,
        loss_history,
    })
}

/// θ ← θ − η ∇loss(θ), for the intercept and every coefficient.
pub fn step(model: &mut LinearModel, gradient: &LinearGradient, learning_rate: f64) {
    model.intercept -= learning_rate * gradient.intercept;
    model
        .coefficients
        .scaled_add(-learning_rate, &gradient.coefficients);
}

/// `Diverged` when `loss` is not finite or above the loss at the start.
pub fn check_divergence(iteration: usize, start_loss: f64, loss: f64) -> Result<(), LinearError> {
    if loss.is_finite() && loss <= start_loss {
        Ok(())
    } else {
        Err(LinearError::Diverged {
            iteration,
            start_loss,
            loss,
        })
    }
}

/// The gradient multiplied by `factor`.
pub fn scaled(gradient: LinearGradient, factor: f64) -> LinearGradient {
    LinearGradient {
        intercept: gradient.intercept * factor,
        coefficients: gradient.coefficients * factor,
    }
}
