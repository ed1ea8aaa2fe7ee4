//! Types for the `linear_regression_gd` exercise (also used by `sgd` and `ridge`).

use ndarray::Array1;

pub use super::linear_regression::{LinearError, LinearModel};

/// The gradient of a loss with respect to a linear model's parameters: one partial
/// derivative for the intercept and one per coefficient.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearGradient {
    /// ∂loss/∂b
    pub intercept: f64,
    /// ∂loss/∂wⱼ, one per coefficient.
    pub coefficients: Array1<f64>,
}

/// Settings of batch gradient descent.
#[derive(Debug, Clone, PartialEq)]
pub struct GdParams {
    /// Step size η in θ ← θ − η ∇loss(θ).
    pub learning_rate: f64,
    /// Number of steps (each one uses the whole training set).
    pub iterations: usize,
}

impl GdParams {
    /// The given learning rate, 1 000 steps.
    pub fn new(learning_rate: f64) -> Self {
        GdParams {
            learning_rate,
            iterations: 1_000,
        }
    }

    /// Sets the number of steps.
    pub fn iterations(mut self, iterations: usize) -> Self {
        self.iterations = iterations;
        self
    }

    /// Checks the settings: a positive, finite learning rate.
    pub fn validate(&self) -> Result<(), LinearError> {
        check_learning_rate(self.learning_rate)
    }
}

/// A positive, finite learning rate, or `InvalidParams`.
pub(crate) fn check_learning_rate(learning_rate: f64) -> Result<(), LinearError> {
    if learning_rate > 0.0 && learning_rate.is_finite() {
        Ok(())
    } else {
        Err(LinearError::InvalidParams(format!(
            "learning_rate must be positive and finite, got {learning_rate}"
        )))
    }
}

/// What a run of gradient descent produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Training {
    /// The model after the last step.
    pub model: LinearModel,
    /// The training loss at the start, then after every step (or epoch).
    pub loss_history: Vec<f64>,
}
