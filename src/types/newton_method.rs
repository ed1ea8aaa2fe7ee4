//! Types for the `newton_method` exercise.

use ndarray::{Array1, Array2, ArrayView1};

pub use super::gradient_descent::{Objective, Quadratic};
pub use super::logistic_regression::LogisticModel;

/// A function with a value, a gradient and a Hessian: what Newton's method needs.
pub trait TwiceDifferentiable: Objective {
    /// The Hessian ∇²f(w): the p x p symmetric matrix of second partial derivatives
    /// ∂²f / ∂wᵢ∂wⱼ at `w`.
    fn hessian(&self, w: ArrayView1<f64>) -> Array2<f64>;
}

/// The Hessian of ½ wᵀAw − bᵀw is A, wherever w is.
impl TwiceDifferentiable for Quadratic {
    fn hessian(&self, _w: ArrayView1<f64>) -> Array2<f64> {
        self.a.clone()
    }
}

/// The Armijo constant c of the line search: a step size t is accepted when
/// f(w + t·d) ≤ f(w) + c · t · (∇f(w) · d).
pub const ARMIJO: f64 = 1e-4;

/// The line search tries t = 1, ½, ¼, … and gives up after this many halvings
/// (t = 2⁻³⁰ is the last size tried: 31 sizes in all).
pub const MAX_HALVINGS: usize = 30;

/// Settings of Newton's method.
#[derive(Debug, Clone, PartialEq)]
pub struct NewtonParams {
    /// Stop when the gradient's length ‖∇f(w)‖ is at most this.
    pub tolerance: f64,
    /// Stop after this many Newton steps even if not converged.
    pub max_iterations: usize,
}

impl NewtonParams {
    /// Tolerance 1e-8, at most 50 steps (Newton rarely needs 20).
    pub fn new() -> Self {
        NewtonParams {
            tolerance: 1e-8,
            max_iterations: 50,
        }
    }

    /// Sets the gradient-length tolerance.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Sets the cap on the number of Newton steps.
    pub fn max_iterations(mut self, max_iterations: usize) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Checks the settings: a tolerance ≥ 0 (not NaN).
    pub fn validate(&self) -> Result<(), NewtonError> {
        if self.tolerance.is_nan() || self.tolerance < 0.0 {
            return Err(NewtonError::InvalidParams(format!(
                "tolerance must be >= 0, got {}",
                self.tolerance
            )));
        }
        Ok(())
    }
}

impl Default for NewtonParams {
    fn default() -> Self {
        Self::new()
    }
}

/// What a run of Newton's method found.
#[derive(Debug, Clone, PartialEq)]
pub struct NewtonRun {
    /// The last point w.
    pub minimizer: Array1<f64>,
    /// The loss at the start, then after every step: `iterations + 1` values.
    pub loss_history: Vec<f64>,
    /// ‖∇f(w)‖ at the start, then after every step: `iterations + 1` values. Near the
    /// minimum each is about the square of the one before (quadratic convergence).
    pub gradient_norms: Vec<f64>,
    /// The step size t the line search accepted at each step: `iterations` values
    /// (1 when the full Newton step was taken).
    pub step_sizes: Vec<f64>,
    /// Number of Newton steps taken.
    pub iterations: usize,
    /// Whether the last gradient's length is at most the tolerance.
    pub converged: bool,
}

/// Settings of L2-regularized logistic regression fitted by Newton's method, in
/// scikit-learn's convention: minimize C · Σᵢ logloss + ½‖w‖², intercept not penalized.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticNewtonParams {
    /// C > 0: the weight of the data against the penalty (scikit-learn's `C`, default 1).
    /// Larger C means less regularization.
    pub c: f64,
    /// The Newton settings (tolerance on ‖∇J‖, iteration cap).
    pub newton: NewtonParams,
}

impl LogisticNewtonParams {
    /// The given C, with tolerance 1e-8 and at most 50 Newton steps.
    pub fn new(c: f64) -> Self {
        LogisticNewtonParams {
            c,
            newton: NewtonParams::new(),
        }
    }

    /// Sets the Newton settings.
    pub fn newton(mut self, newton: NewtonParams) -> Self {
        self.newton = newton;
        self
    }

    /// Checks the settings: a positive finite C, then the Newton settings.
    pub fn validate(&self) -> Result<(), NewtonError> {
        if !(self.c > 0.0 && self.c.is_finite()) {
            return Err(NewtonError::InvalidParams(format!(
                "C must be positive and finite, got {}",
                self.c
            )));
        }
        self.newton.validate()
    }
}

impl Default for LogisticNewtonParams {
    fn default() -> Self {
        Self::new(1.0)
    }
}

/// A logistic regression fitted by Newton's method, and the run that found it.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticNewtonFit {
    /// The fitted intercept and coefficients (θ = [intercept, coefficients...]).
    pub model: LogisticModel,
    /// Newton's run over θ.
    pub run: NewtonRun,
}

/// Why Newton's method (or its linear solve) gave up.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NewtonError {
    #[error("invalid parameters: {0}")]
    InvalidParams(String),
    #[error("the matrix is {rows} x {columns}: a Cholesky factorization needs a square matrix")]
    NotSquare { rows: usize, columns: usize },
    #[error(
        "the vector has {got} values but the problem has {expected} unknowns: one value per \
         unknown"
    )]
    ShapeMismatch { expected: usize, got: usize },
    #[error(
        "the matrix is not positive definite: the value under the square root at pivot \
         {pivot} is not > 0"
    )]
    NotPositiveDefinite { pivot: usize },
    #[error(
        "at step {iteration} the Hessian is not positive definite (Cholesky failed at pivot \
         {pivot}): Newton's method needs a convex function"
    )]
    HessianNotPositiveDefinite { iteration: usize, pivot: usize },
    #[error(
        "at step {iteration} no step size down to 2^-{MAX_HALVINGS} lowered the loss enough \
         (from {loss}): is the gradient the derivative of the loss?"
    )]
    LineSearchFailed { iteration: usize, loss: f64 },
    #[error("no samples: fitting needs at least one row")]
    Empty,
    #[error(
        "the matrix has {rows} rows but the vector has {values} values: \
         they must match, one value per row"
    )]
    RowsMismatch { rows: usize, values: usize },
    #[error("label {label} at index {index}: binary logistic regression needs labels 0 or 1")]
    NotBinary { index: usize, label: usize },
}
