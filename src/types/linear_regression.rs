//! Types for the `linear_regression` exercise, shared by every linear model of the
//! regression topic (`linear_regression_gd`, `sgd`, `ridge`).

use ndarray::Array1;

/// A fitted linear model: the prediction for a row x is `x · coefficients + intercept`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    /// b: the prediction when every feature is 0 (with centred features, the mean target).
    pub intercept: f64,
    /// w: one weight per feature column, in column order.
    pub coefficients: Array1<f64>,
}

impl LinearModel {
    /// The all-zero model over `n_features` features: the starting point of gradient descent.
    pub fn zeros(n_features: usize) -> Self {
        LinearModel {
            intercept: 0.0,
            coefficients: Array1::zeros(n_features),
        }
    }
}

/// A pivot counts as zero, and the system as singular, when its absolute value is at
/// most `PIVOT_TOLERANCE` times the largest absolute entry of the matrix.
pub const PIVOT_TOLERANCE: f64 = 1e-10;

/// Why a linear model could not be fitted or used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LinearError {
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
    #[error("the matrix is {rows} x {cols}: a linear system needs a square matrix")]
    NotSquare { rows: usize, cols: usize },
    #[error(
        "{input} has a value that is not a finite number (NaN or infinity) at row {row}, \
         column {column}: no solution can be computed from it (a missing value read as NaN?)"
    )]
    NotFinite {
        /// Which input: "a" or "b" in `solve`, "x" or "y" in `fit`.
        input: &'static str,
        row: usize,
        /// 0 for a vector.
        column: usize,
    },
    #[error(
        "the system is singular: no usable pivot for column {column}, so there is no unique \
         solution (a column that repeats or combines others, a constant feature, or fewer rows \
         than unknowns)"
    )]
    Singular { column: usize },
    #[error("invalid parameters: {0}")]
    InvalidParams(String),
    #[error(
        "diverged at step {iteration}: the loss went from {start_loss} at the start to {loss}; \
         the learning rate is too large for these features (are they standardized?)"
    )]
    Diverged {
        iteration: usize,
        start_loss: f64,
        loss: f64,
    },
}
