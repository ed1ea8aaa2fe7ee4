//! Reference solution of the `sgd` exercise.
//!
//! It builds on the course's reference `linear_regression_gd::mse`.

use ndarray::{Array1, ArrayView1, ArrayView2};
use rand::seq::SliceRandom;

use crate::prep::rng;
use crate::reference::linear_regression_gd::mse;
use crate::types::sgd::{LinearError, LinearModel, SgdParams, Training};

pub fn learning_rate(params: &SgdParams, epoch: usize) -> f64 {
    params.learning_rate / (1.0 + params.decay * epoch as f64)
}

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &SgdParams,
) -> Result<Training, LinearError> {
    params.validate()?;
    if x.nrows() != y.len() {
        return Err(LinearError::RowsMismatch {
            rows: x.nrows(),
            values: y.len(),
        });
    }
    if x.nrows() == 0 {
        return Err(LinearError::Empty);
    }
    let n = y.len();
    let mut model = LinearModel::zeros(x.ncols());
    let start_loss = mse(&model, x, y)?;
    let mut loss_history = vec![start_loss];
    let mut rng = rng(params.seed);
    let mut order: Vec<usize> = (0..n).collect();
    for epoch in 0..params.epochs {
        order.shuffle(&mut rng);
        let rate = learning_rate(params, epoch);
        for batch in order.chunks(params.batch_size) {
            // The batch gradient, accumulated row by row so no batch is copied.
            let mut gradient_w = Array1::<f64>::zeros(x.ncols());
            let mut gradient_b = 0.0;
            for &i in batch {
                let row = x.row(i);
                let residual = row.dot(&model.coefficients) + model.intercept - y[i];
                gradient_w.scaled_add(residual, &row);
                gradient_b += residual;
            }
            let scale = 2.0 / batch.len() as f64;
            model.intercept -= rate * scale * gradient_b;
            model.coefficients.scaled_add(-rate * scale, &gradient_w);
        }
        let loss = mse(&model, x, y)?;
        if !loss.is_finite() || loss > start_loss {
            return Err(LinearError::Diverged {
                iteration: epoch + 1,
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
