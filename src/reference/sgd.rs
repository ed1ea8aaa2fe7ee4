//! Reference solution of the `sgd` exercise.

use ndarray::{Array1, ArrayView1, ArrayView2};
use rand::seq::SliceRandom;

use super::linear_regression::check_training_data;
use super::linear_regression_gd::{check_divergence, mse, step};
use crate::prep::rng;
use crate::types::linear_regression_gd::LinearGradient;
use crate::types::sgd::{LinearError, LinearModel, SgdParams, Training};

/// The mean-squared-error gradient on the rows `batch` only: (2/|B|) Σ_B rᵢ xᵢ and
/// (2/|B|) Σ_B rᵢ, accumulated row by row so no batch is copied.
fn batch_gradient(
    model: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    batch: &[usize],
) -> LinearGradient {
    let mut coefficients = Array1::zeros(x.ncols());
    let mut intercept = 0.0;
    for &i in batch {
        let row = x.row(i);
        let residual = row.dot(&model.coefficients) + model.intercept - y[i];
        coefficients.scaled_add(residual, &row);
        intercept += residual;
    }
    let scale = 2.0 / batch.len() as f64;
    LinearGradient {
        intercept: intercept * scale,
        coefficients: coefficients * scale,
    }
}

pub fn learning_rate(params: &SgdParams, epoch: usize) -> f64 {
    params.learning_rate / (1.0 + params.decay * epoch as f64)
}

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &SgdParams,
) -> Result<Training, LinearError> {
    params.validate()?;
    check_training_data(x, y)?;
    let mut model = LinearModel::zeros(x.ncols());
    let start_loss = mse(&model, x, y)?;
    let mut loss_history = vec![start_loss];
    let mut rng = rng(params.seed);
    let mut order: Vec<usize> = (0..y.len()).collect();
    for epoch in 0..params.epochs {
        order.shuffle(&mut rng);
        let rate = learning_rate(params, epoch);
        for batch in order.chunks(params.batch_size) {
            let g = batch_gradient(&model, x, y, batch);
            step(&mut model, &g, rate);
        }
        let loss = mse(&model, x, y)?;
        check_divergence(epoch + 1, start_loss, loss)?;
        loss_history.push(loss);
    }
    Ok(Training {
        model,
        loss_history,
    })
}
