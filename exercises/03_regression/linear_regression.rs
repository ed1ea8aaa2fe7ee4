//! # Exercise: linear regression by the normal equations
//!
//! A linear model predicts a number from a row of features x = (x₁, …, x_p):
//!
//! ```text
//! ŷ = b + w₁x₁ + … + w_p·x_p = b + x·w
//! ```
//!
//! Least squares picks the intercept b and the coefficients w that make the sum of
//! squared errors Σᵢ (yᵢ − ŷᵢ)² as small as possible. Put a column of ones in front of
//! the features, A = [1 | X] (n x (p + 1)), and collect the unknowns in θ = (b, w₁, …, w_p):
//! the predictions are Aθ, and the best θ solves the **normal equations**
//!
//! ```text
//! (AᵀA) θ = Aᵀy          (p + 1 equations in p + 1 unknowns)
//! ```
//!
//! (they say the error y − Aθ is perpendicular to every column of A). You write the
//! solver too: Gaussian elimination with partial pivoting, the workhorse of numerical
//! linear algebra.
//!
//! When the columns of A are not independent (a feature repeated, a constant feature,
//! which copies the column of ones, or fewer rows than unknowns), AᵀA is singular and
//! there is no unique answer: report it as an error, never return NaN.
//!
//! Grade with `cargo test --test linear_regression`.
//! The types (`LinearModel`, `LinearError`, `PIVOT_TOLERANCE`) are in
//! `src/types/linear_regression.rs`.

use mlings::types::linear_regression::{LinearError, LinearModel};
use ndarray::{Array1, ArrayView1, ArrayView2};

/// Solves the square linear system A·x = b by Gaussian elimination with partial pivoting.
///
/// Work on copies (`a.to_owned()`, `b.to_owned()`). For each column k = 0, 1, …, n − 1:
///
/// 1. **Pivot**: among rows k..n, find the row whose entry in column k has the largest
///    absolute value, and swap it with row k (in the matrix and in b). Dividing by the
///    largest available number keeps round-off small; dividing by a tiny one amplifies it.
/// 2. **Singular?** If that largest |entry| is at most `PIVOT_TOLERANCE` (from
///    `mlings::types::linear_regression`, 1e-10) times the largest absolute entry of the
///    original A, column k has no usable pivot: return
///    `Err(LinearError::Singular { column: k })`.
/// 3. **Eliminate**: for every row i below k, subtract factor × row k from row i, with
///    factor = A[i][k] / A[k][k], and the same for b: bᵢ −= factor · b_k. Now column k
///    is zero below the diagonal.
///
/// The matrix is then upper triangular. **Back substitution**, from the last row up:
///
/// ```text
/// x_k = ( b_k − Σ_{j > k} A[k][j]·x_j ) / A[k][k]
/// ```
///
/// Example: [[0, 2], [1, 1]]·x = [4, 3] needs a swap first (the top-left entry is 0):
/// x = (1, 2).
///
/// Errors, checked in this order (an input with two faults gets the first):
/// 1. `NotSquare { rows, cols }` when A is not square;
/// 2. `RowsMismatch { rows, values: b.len() }` when b does not have one value per row of A;
/// 3. `NotFinite { input: "a", row, column }` for the first entry of A, row by row, that
///    is NaN or ±∞, then `NotFinite { input: "b", row, column: 0 }` for b (a NaN is a
///    broken input, not a singular matrix: do not report it as `Singular`);
/// 4. `Singular { column }` as above, with `column` the 0-based k where no pivot was found.
///
/// (A 0 x 0 system has the empty solution.)
///
/// The test in step 2 is *relative*: 1e-12·I (the identity scaled down) is perfectly
/// solvable, since every pivot is as large as the largest entry; an absolute threshold
/// would call it singular.
pub fn solve(a: ArrayView2<f64>, b: ArrayView1<f64>) -> Result<Array1<f64>, LinearError> {
    todo!()
}

/// Fits an intercept and one coefficient per column of `x` by least squares.
///
/// 1. Check the data, in this order: `RowsMismatch { rows: x.nrows(), values: y.len() }`
///    when y does not have one value per row; `Empty` when there are no rows;
///    `NotFinite { input: "x", row, column }` for the first NaN or ±∞ of x (row by row),
///    then `NotFinite { input: "y", row, column: 0 }` for y.
/// 2. Build A = [1 | X]: n rows, p + 1 columns, the first all ones (this column is what
///    gives the model its intercept: without it the line is forced through the origin).
/// 3. Form AᵀA ((p + 1) x (p + 1)) and Aᵀy (p + 1 values) and `solve` them: θ = (b, w).
///    Pass on its `Singular` error (the `?` operator does it).
/// 4. Return `LinearModel { intercept: θ₀, coefficients: (θ₁, …, θ_p) }`.
///
/// Example: x = [[0], [1], [2], [3]], y = [1, 3, 5, 7] lies on y = 2x + 1:
/// intercept 1, coefficients [2].
pub fn fit(x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<LinearModel, LinearError> {
    todo!()
}

/// Predicts one value per row of `x`: ŷᵢ = b + xᵢ·w, that is `x.dot(&w) + b`.
///
/// Errors: `ColumnsMismatch { columns: x.ncols(), coefficients: w.len() }` when x does
/// not have one column per coefficient.
pub fn predict(model: &LinearModel, x: ArrayView2<f64>) -> Result<Array1<f64>, LinearError> {
    todo!()
}
