//! Reference solution of the `logistic_regression` exercise.

use ndarray::{Array1, ArrayView1, ArrayView2, Zip};

use crate::types::logistic_regression::{
    LinearGradient, LogisticError, LogisticModel, LogisticParams,
};

pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

pub fn log_loss_of_logit(z: f64, positive: bool) -> f64 {
    // ln(1 + eᶻ) = max(z, 0) + ln(1 + e^(−|z|)): the exponent is never positive.
    let softplus = z.max(0.0) + (-z.abs()).exp().ln_1p();
    if positive { softplus - z } else { softplus }
}

pub fn logits(model: &LogisticModel, x: ArrayView2<f64>) -> Result<Array1<f64>, LogisticError> {
    if x.ncols() != model.coefficients.len() {
        return Err(LogisticError::ColumnsMismatch {
            columns: x.ncols(),
            coefficients: model.coefficients.len(),
        });
    }
    Ok(x.dot(&model.coefficients) + model.intercept)
}

pub fn loss(
    model: &LogisticModel,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    l2: f64,
) -> Result<f64, LogisticError> {
    check_training_data(x, y)?;
    let z = logits(model, x)?;
    let total: f64 = Zip::from(&z).and(&y).fold(0.0, |sum, &z, &label| {
        sum + log_loss_of_logit(z, label == 1)
    });
    let w = &model.coefficients;
    Ok(total / y.len() as f64 + 0.5 * l2 * w.dot(w))
}

pub fn gradient(
    model: &LogisticModel,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    l2: f64,
) -> Result<LinearGradient, LogisticError> {
    check_training_data(x, y)?;
    let mut errors = logits(model, x)?;
    Zip::from(&mut errors)
        .and(&y)
        .for_each(|e, &label| *e = sigmoid(*e) - label as f64);
    let n = y.len() as f64;
    Ok(LinearGradient {
        intercept: errors.sum() / n,
        coefficients: x.t().dot(&errors) / n + &model.coefficients * l2,
    })
}

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &LogisticParams,
) -> Result<LogisticModel, LogisticError> {
    params.validate()?;
    check_training_data(x, y)?;
    let mut model = LogisticModel::zeros(x.ncols());
    for _ in 0..params.iterations {
        let g = gradient(&model, x, y, params.l2)?;
        model.intercept -= params.learning_rate * g.intercept;
        model
            .coefficients
            .scaled_add(-params.learning_rate, &g.coefficients);
    }
    Ok(model)
}

pub fn predict_proba(
    model: &LogisticModel,
    x: ArrayView2<f64>,
) -> Result<Array1<f64>, LogisticError> {
    Ok(logits(model, x)?.mapv_into(sigmoid))
}

pub fn predict(model: &LogisticModel, x: ArrayView2<f64>) -> Result<Array1<usize>, LogisticError> {
    Ok(logits(model, x)?.mapv(|z| usize::from(z > 0.0)))
}

/// At least one row, one label per row, and every label 0 or 1.
fn check_training_data(x: ArrayView2<f64>, y: ArrayView1<usize>) -> Result<(), LogisticError> {
    if x.nrows() != y.len() {
        return Err(LogisticError::RowsMismatch {
            rows: x.nrows(),
            values: y.len(),
        });
    }
    if x.nrows() == 0 {
        return Err(LogisticError::Empty);
    }
    match y.iter().position(|&label| label > 1) {
        Some(index) => Err(LogisticError::NotBinary {
            index,
            label: y[index],
        }),
        None => Ok(()),
    }
}
