//! Reference solution of the `regression_metrics` exercise.

use ndarray::{Array1, ArrayView1};

use crate::types::regression_metrics::MetricError;

pub fn mean_squared_error(
    y_true: ArrayView1<f64>,
    y_pred: ArrayView1<f64>,
) -> Result<f64, MetricError> {
    let errors = residuals(y_true, y_pred)?;
    Ok(errors.dot(&errors) / errors.len() as f64)
}

pub fn mean_absolute_error(
    y_true: ArrayView1<f64>,
    y_pred: ArrayView1<f64>,
) -> Result<f64, MetricError> {
    let errors = residuals(y_true, y_pred)?;
    Ok(errors.mapv(f64::abs).sum() / errors.len() as f64)
}

pub fn r2_score(y_true: ArrayView1<f64>, y_pred: ArrayView1<f64>) -> Result<f64, MetricError> {
    let errors = residuals(y_true, y_pred)?;
    // Constant means all values equal, compared exactly: the computed SS_tot of
    // [0.1, 0.1, 0.1] is about 1e-33, not 0.
    if y_true.iter().all(|&y| y == y_true[0]) {
        return Err(MetricError::ConstantTarget);
    }
    let mean = y_true.sum() / y_true.len() as f64;
    let total: f64 = y_true.iter().map(|y| (y - mean).powi(2)).sum();
    Ok(1.0 - errors.dot(&errors) / total)
}

/// y_true − y_pred, after checking the lengths match and are not 0.
fn residuals(y_true: ArrayView1<f64>, y_pred: ArrayView1<f64>) -> Result<Array1<f64>, MetricError> {
    if y_true.len() != y_pred.len() {
        return Err(MetricError::LengthMismatch {
            y_true: y_true.len(),
            y_pred: y_pred.len(),
        });
    }
    if y_true.is_empty() {
        return Err(MetricError::Empty);
    }
    Ok(&y_true - &y_pred)
}
