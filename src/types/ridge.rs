//! Types for the `ridge` exercise: ridge reuses the linear-model types.

pub use super::linear_regression::{LinearError, LinearModel};
pub use super::linear_regression_gd::{GdParams, LinearGradient, Training};

/// Checks a ridge penalty: α must be finite and ≥ 0 (α = 0 is ordinary least squares).
pub fn check_alpha(alpha: f64) -> Result<(), LinearError> {
    if alpha >= 0.0 && alpha.is_finite() {
        Ok(())
    } else {
        Err(LinearError::InvalidParams(format!(
            "alpha must be >= 0 and finite, got {alpha}"
        )))
    }
}
