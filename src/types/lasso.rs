//! Types for the `lasso` exercise: the linear-model types, plus the settings and the
//! result of coordinate descent.

pub use super::linear_regression::{LinearError, LinearModel};

use super::ridge::check_alpha;

/// The settings of a lasso / elastic-net fit by coordinate descent.
///
/// The objective (scikit-learn's `Lasso` and `ElasticNet`), with n rows:
///
/// ```text
/// J(b, w) = 1/(2n)·‖y − Xw − b‖² + α·l1_ratio·‖w‖₁ + ½·α·(1 − l1_ratio)·‖w‖²
/// ```
///
/// `l1_ratio = 1` (the default) is the lasso, `0` is ridge, in between is the elastic net.
#[derive(Debug, Clone, PartialEq)]
pub struct LassoParams {
    /// α ≥ 0: the strength of the penalty.
    pub alpha: f64,
    /// The share of the penalty that is L1, in [0, 1].
    pub l1_ratio: f64,
    /// Stop after the first sweep in which no coefficient moved by more than this
    /// (absolute, in the units of the coefficients).
    pub tol: f64,
    /// At most this many sweeps over the features.
    pub max_sweeps: usize,
}

impl LassoParams {
    /// The lasso with penalty `alpha`: `l1_ratio` 1, `tol` 1e-10, `max_sweeps` 10 000.
    pub fn new(alpha: f64) -> Self {
        LassoParams {
            alpha,
            l1_ratio: 1.0,
            tol: 1e-10,
            max_sweeps: 10_000,
        }
    }

    /// The elastic net: `l1_ratio` of the penalty on ‖w‖₁, the rest on ½‖w‖².
    pub fn l1_ratio(mut self, l1_ratio: f64) -> Self {
        self.l1_ratio = l1_ratio;
        self
    }

    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    pub fn max_sweeps(mut self, max_sweeps: usize) -> Self {
        self.max_sweeps = max_sweeps;
        self
    }

    /// The same settings with another α (a step along a path).
    pub fn with_alpha(&self, alpha: f64) -> Self {
        LassoParams {
            alpha,
            ..self.clone()
        }
    }

    /// Checks the settings, in this order: α finite and ≥ 0, `l1_ratio` in [0, 1],
    /// `tol` finite and > 0, `max_sweeps` ≥ 1. Each failure is `InvalidParams` naming the
    /// setting and its value.
    pub fn validate(&self) -> Result<(), LinearError> {
        check_alpha(self.alpha)?;
        if !(0.0..=1.0).contains(&self.l1_ratio) {
            return Err(LinearError::InvalidParams(format!(
                "l1_ratio must be in [0, 1], got {}",
                self.l1_ratio
            )));
        }
        if !(self.tol > 0.0 && self.tol.is_finite()) {
            return Err(LinearError::InvalidParams(format!(
                "tol must be positive and finite, got {}",
                self.tol
            )));
        }
        if self.max_sweeps == 0 {
            return Err(LinearError::InvalidParams(
                "max_sweeps must be at least 1, got 0".into(),
            ));
        }
        Ok(())
    }
}

/// What a coordinate-descent run produced.
#[derive(Debug, Clone, PartialEq)]
pub struct LassoFit {
    /// The fitted model (intercept unpenalized).
    pub model: LinearModel,
    /// How many sweeps over the features were made (the last one included).
    pub sweeps: usize,
    /// Whether the last sweep moved no coefficient by more than `tol`; `false` when
    /// `max_sweeps` ran out first.
    pub converged: bool,
}
