//! A correct solution written with plain loops over the rows.

use mlings::types::linear_regression_gd::{
    GdParams, LinearError, LinearGradient, LinearModel, Training,
};
use ndarray::{Array1, ArrayView1, ArrayView2};

fn residuals(
    model: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
) -> Result<Vec<f64>, LinearError> {
    if x.nrows() != y.len() {
        return Err(LinearError::RowsMismatch {
            rows: x.nrows(),
            values: y.len(),
        });
    }
    if y.is_empty() {
        return Err(LinearError::Empty);
    }
    if x.ncols() != model.coefficients.len() {
        return Err(LinearError::ColumnsMismatch {
            columns: x.ncols(),
            coefficients: model.coefficients.len(),
        });
    }
    let mut out = Vec::with_capacity(y.len());
    for i in 0..y.len() {
        let mut prediction = model.intercept;
        for j in 0..x.ncols() {
            prediction += x[[i, j]] * model.coefficients[j];
        }
        out.push(prediction - y[i]);
    }
    Ok(out)
}

pub fn mse(
    model: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
) -> Result<f64, LinearError> {
    let r = residuals(model, x, y)?;
    Ok(r.iter().map(|v| v * v).sum::<f64>() / r.len() as f64)
}

pub fn mse_gradient(
    model: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
) -> Result<LinearGradient, LinearError> {
    let r = residuals(model, x, y)?;
    let n = r.len() as f64;
    let mut coefficients = Array1::zeros(x.ncols());
    let mut intercept = 0.0;
    for (i, ri) in r.iter().enumerate() {
        intercept += 2.0 * ri / n;
        for j in 0..x.ncols() {
            coefficients[j] += 2.0 * ri * x[[i, j]] / n;
        }
    }
    Ok(LinearGradient {
        intercept,
        coefficients,
    })
}

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &GdParams,
) -> Result<Training, LinearError> {
    params.validate()?;
    let mut model = LinearModel::zeros(x.ncols());
    let start = mse(&model, x, y)?;
    let mut loss_history = vec![start];
    for step in 0..params.iterations {
        let g = mse_gradient(&model, x, y)?;
        model.intercept -= params.learning_rate * g.intercept;
        for j in 0..model.coefficients.len() {
            model.coefficients[j] -= params.learning_rate * g.coefficients[j];
        }
        let loss = mse(&model, x, y)?;
        if loss.is_nan() || loss.is_infinite() || loss > start {
            return Err(LinearError::Diverged {
                iteration: step + 1,
                start_loss: start,
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
