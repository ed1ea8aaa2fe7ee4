//! Reference solution of the `linear_regression_gd` exercise.
//!
//! Written as a learner would write it: the course's reference `predict` and
//! `check_training_data` of `linear_regression` (the exercise this one builds on) and
//! plain O(n·p) steps.

use ndarray::{ArrayView1, ArrayView2};

use crate::reference::linear_regression::{check_training_data, predict};
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

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &GdParams,
) -> Result<Training, LinearError> {
    params.validate()?;
    check_training_data(x, y)?;
    let mut model = LinearModel::zeros(x.ncols());
    let start_loss = mse(&model, x, y)?;
    let mut loss_history = Vec::with_capacity(params.iterations + 1);
    loss_history.push(start_loss);
    for iteration in 1..=params.iterations {
        let g = mse_gradient(&model, x, y)?;
        model.intercept -= params.learning_rate * g.intercept;
        model
            .coefficients
            .scaled_add(-params.learning_rate, &g.coefficients);
        let loss = mse(&model, x, y)?;
        if !loss.is_finite() || loss > start_loss {
            return Err(LinearError::Diverged {
                iteration,
                start_loss,
                loss,
            });
        }
        loss_history.push(loss);
    }
    Ok(Training {
        model,
        loss_history,
    })
}
