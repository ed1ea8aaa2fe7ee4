//! Types for the `logistic_regression` exercise.

use ndarray::Array1;

pub use super::linear_regression_gd::LinearGradient;

/// A fitted logistic regression: the probability that a row x is of class 1 is
/// σ(x · coefficients + intercept).
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticModel {
    /// b: the logit (log-odds of class 1) when every feature is 0.
    pub intercept: f64,
    /// w: one weight per feature column; a positive weight makes class 1 more likely as
    /// the feature grows.
    pub coefficients: Array1<f64>,
}

impl LogisticModel {
    /// The all-zero model over `n_features` features: it gives every row probability ½.
    pub fn zeros(n_features: usize) -> Self {
        LogisticModel {
            intercept: 0.0,
            coefficients: Array1::zeros(n_features),
        }
    }
}

/// Settings of logistic regression trained by gradient descent.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticParams {
    /// Step size η.
    pub learning_rate: f64,
    /// Number of gradient steps over the whole training set.
    pub iterations: usize,
    /// λ, the strength of the L2 penalty (λ/2)‖w‖² added to the mean log-loss.
    /// scikit-learn's `C` corresponds to λ = 1 / (C · n) for n training rows.
    pub l2: f64,
}

impl LogisticParams {
    /// The given learning rate, 1 000 steps, no penalty.
    pub fn new(learning_rate: f64) -> Self {
        LogisticParams {
            learning_rate,
            iterations: 1_000,
            l2: 0.0,
        }
    }

    /// Sets the number of steps.
    pub fn iterations(mut self, iterations: usize) -> Self {
        self.iterations = iterations;
        self
    }

    /// Sets the L2 penalty λ.
    pub fn l2(mut self, l2: f64) -> Self {
        self.l2 = l2;
        self
    }

    /// Checks the settings: a positive finite learning rate and a finite λ ≥ 0.
    pub fn validate(&self) -> Result<(), LogisticError> {
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            return Err(LogisticError::InvalidParams(format!(
                "learning_rate must be positive and finite, got {}",
                self.learning_rate
            )));
        }
        if !(self.l2 >= 0.0 && self.l2.is_finite()) {
            return Err(LogisticError::InvalidParams(format!(
                "l2 must be >= 0 and finite, got {}",
                self.l2
            )));
        }
        Ok(())
    }
}

/// Why logistic regression could not be fitted or used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LogisticError {
    #[error("no samples: fitting needs at least one row")]
    Empty,
    #[error(
        "the matrix has {rows} rows but the vector has {values} values: \
         they must match, one value per row"
    )]
    RowsMismatch { rows: usize, values: usize },
    #[error(
        "x has {columns} columns but the model has {coefficients} coefficients: \
         one column per coefficient"
    )]
    ColumnsMismatch { columns: usize, coefficients: usize },
    #[error("label {label} at index {index}: binary logistic regression needs labels 0 or 1")]
    NotBinary { index: usize, label: usize },
    #[error("invalid parameters: {0}")]
    InvalidParams(String),
}
