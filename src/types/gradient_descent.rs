//! Types for the `gradient_descent` exercise.

use ndarray::{Array1, Array2, ArrayView1};

/// A differentiable function to minimize: its value (the loss) and its gradient.
pub trait Objective {
    /// The value f(w).
    fn loss(&self, w: ArrayView1<f64>) -> f64;
    /// The gradient ∇f(w): one partial derivative per coordinate of `w`.
    fn gradient(&self, w: ArrayView1<f64>) -> Array1<f64>;
    /// How many coordinates `w` must have, when the objective knows (a quadratic of a
    /// p x p matrix takes p); `None` (the default) when any length will do.
    fn dimension(&self) -> Option<usize> {
        None
    }
}

/// The quadratic bowl f(w) = ½ wᵀAw − bᵀw with a symmetric positive definite `a`.
///
/// Its gradient is Aw − b, so its minimum is where Aw = b. The eigenvalues of A set
/// how curved the bowl is along each direction; gradient descent converges only with a
/// learning rate below 2 / (largest eigenvalue).
#[derive(Debug, Clone)]
pub struct Quadratic {
    pub a: Array2<f64>,
    pub b: Array1<f64>,
}

impl Objective for Quadratic {
    fn loss(&self, w: ArrayView1<f64>) -> f64 {
        0.5 * w.dot(&self.a.dot(&w)) - self.b.dot(&w)
    }

    fn gradient(&self, w: ArrayView1<f64>) -> Array1<f64> {
        self.a.dot(&w) - &self.b
    }

    fn dimension(&self) -> Option<usize> {
        Some(self.b.len())
    }
}

/// Settings of gradient descent.
#[derive(Debug, Clone, PartialEq)]
pub struct DescentParams {
    /// Step size η in w ← w − η ∇f(w).
    pub learning_rate: f64,
    /// Stop when the gradient's length ‖∇f(w)‖ is at most this.
    pub tolerance: f64,
    /// Stop after this many steps even if not converged.
    pub max_iterations: usize,
}

impl DescentParams {
    /// The given learning rate, tolerance 1e-8, at most 10 000 steps.
    pub fn new(learning_rate: f64) -> Self {
        DescentParams {
            learning_rate,
            tolerance: 1e-8,
            max_iterations: 10_000,
        }
    }

    /// Sets the gradient-length tolerance.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Sets the iteration cap.
    pub fn max_iterations(mut self, max_iterations: usize) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Checks the settings: a positive finite learning rate and a non-negative tolerance.
    pub fn validate(&self) -> Result<(), DescentError> {
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            return Err(DescentError::InvalidParams(format!(
                "learning_rate must be positive and finite, got {}",
                self.learning_rate
            )));
        }
        if self.tolerance.is_nan() || self.tolerance < 0.0 {
            return Err(DescentError::InvalidParams(format!(
                "tolerance must be >= 0, got {}",
                self.tolerance
            )));
        }
        Ok(())
    }
}

/// What a run of gradient descent found.
#[derive(Debug, Clone, PartialEq)]
pub struct Descent {
    /// The last point w.
    pub minimizer: Array1<f64>,
    /// The loss at the start, then after every step: `iterations + 1` values.
    pub loss_history: Vec<f64>,
    /// Number of steps taken.
    pub iterations: usize,
    /// Whether it stopped because ‖∇f(w)‖ <= tolerance (rather than at the cap).
    pub converged: bool,
}

/// Why gradient descent gave up.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DescentError {
    #[error("invalid parameters: {0}")]
    InvalidParams(String),
    #[error(
        "the start has {got} coordinates but the objective takes {expected}: one value per \
         parameter"
    )]
    ShapeMismatch { expected: usize, got: usize },
    #[error(
        "diverged at step {iteration}: the loss went from {start_loss} at the start to {loss}; \
         the learning rate is too large for this function"
    )]
    Diverged {
        iteration: usize,
        start_loss: f64,
        loss: f64,
    },
}
