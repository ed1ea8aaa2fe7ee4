//! # Exercise: principal component analysis (PCA)
//!
//! Sixty-four pixels per digit, thirteen chemical measurements per wine: most of those
//! numbers move together. PCA finds the directions in feature space along which the data
//! varies most, the **principal components**, so that a few coordinates along them keep
//! most of the information: to plot the data in 2-D, to compress it, or to feed a smaller
//! input to the next model.
//!
//! The recipe, for data `x` with n rows (samples) and p columns (features):
//!
//! 1. **Centre** every column (subtract its mean), and optionally **standardize** it
//!    (divide by its standard deviation) so that a feature measured in thousands (wine's
//!    proline) does not outweigh the others just by its units.
//! 2. The **sample covariance matrix** C = Xcᵀ·Xc / (n − 1), p x p and symmetric:
//!    C[j][k] is how columns j and k vary together, C[j][j] the variance of column j.
//! 3. Its **eigenvectors** are the principal components and its **eigenvalues** the
//!    variance of the data along each one: C·v = λ·v. The eigenvector of the largest
//!    eigenvalue is the direction of largest variance, the next one the largest variance
//!    at right angles to the first, and so on. The eigenvalues add up to the trace of C,
//!    the total variance, so λᵢ / Σλ is the share of the variance component i explains.
//! 4. **Transform**: the coordinates of a sample along the first k components (its
//!    scores) are the dot products of the centred sample with them. **Inverse
//!    transform** goes back: mean + Σ scoreᵢ·componentᵢ. What k components cannot say
//!    is the **reconstruction error**.
//!
//! ## Eigenvectors by the Jacobi eigenvalue method
//!
//! Power iteration (multiply a vector by C until it stops turning) finds the top
//! eigenvector; deflation (subtract λ·v·vᵀ from C) then lets it find the next one. It is
//! simple but slow when two eigenvalues are nearly equal (the vector turns by a factor
//! λ₂/λ₁ per step), and digits has 64 eigenvalues, many close together and a dozen equal
//! to 0 (constant pixels). This exercise uses the **Jacobi method** instead: it finds all
//! eigenvalues of a symmetric matrix at once, accurately, whatever their spacing, and on
//! a 64 x 64 matrix it takes a few milliseconds.
//!
//! Jacobi rotates the matrix until it is diagonal. A rotation J by an angle in the plane
//! of coordinates p and q, chosen so that A' = Jᵀ·A·J has A'[p][q] = 0, changes only rows
//! and columns p and q. Rotating away every off-diagonal pair in turn is one **sweep**;
//! a later rotation spoils earlier zeros a little, but the off-diagonal part shrinks
//! fast (quadratically, after the first few sweeps). When it is negligible, the diagonal
//! holds the eigenvalues and the product V of all the rotations holds the eigenvectors,
//! as columns: A = V·diag(λ)·Vᵀ.
//!
//! Grade with `cargo test --test pca` (or `cargo run -- check pca`).
//!
//! Tools you will want from ndarray: `x.mean_axis(Axis(0))`, `&x - &mean` (broadcasts a
//! row over every row), `a.t()`, `a.dot(&b)`, `Array2::eye(p)`, `a.diag()`,
//! `a.column(j)`, `a.slice(s![.., ..k])`, `v.iter().fold(...)`.

use mlings::types::pca::{Eigen, Pca, PcaError, PcaParams};
use ndarray::{Array2, ArrayView1, ArrayView2};

/// The eigenvalues and unit eigenvectors of the symmetric matrix `a`, by the cyclic
/// Jacobi method.
///
/// Work on a copy A of `a` (n x n) and on V = the n x n identity. Repeat sweeps:
///
/// 1. **Convergence test, before every sweep**: let off = √(Σ A[i][j]² over all i ≠ j)
///    (both triangles) and total = √(Σ A[i][j]² over all i, j) (the Frobenius norm, which
///    rotations do not change). If off <= `tolerance` · total, stop (a matrix that is
///    already diagonal, or all zeros, takes 0 sweeps). Otherwise, if `max_sweeps` sweeps
///    have already been run, return `Err(NotConverged { sweeps: max_sweeps })`.
/// 2. **A sweep**: for every pair p < q, in the order (0,1), (0,2), …, (0,n−1), (1,2), …,
///    (n−2,n−1), skip it if A[p][q] == 0, otherwise rotate it away:
///
/// ```text
/// θ = (A[q][q] − A[p][p]) / (2·A[p][q])
/// t = sign(θ) / (|θ| + √(θ² + 1))      with sign(0) = +1   (the smaller of the two
/// c = 1 / √(t² + 1),   s = t·c                              angles that zero A[p][q])
///
/// for every k:  A[k][p], A[k][q]  ←  c·A[k][p] − s·A[k][q],  s·A[k][p] + c·A[k][q]  (columns)
/// for every k:  A[p][k], A[q][k]  ←  c·A[p][k] − s·A[q][k],  s·A[p][k] + c·A[q][k]  (rows)
/// for every k:  V[k][p], V[k][q]  ←  c·V[k][p] − s·V[k][q],  s·V[k][p] + c·V[k][q]
/// ```
///
///    (Compute both new values from the two old ones before writing either.) The
///    rotation makes A[p][q] and A[q][p] zero up to round-off; set them to exactly 0.
///
/// Then the eigenvalues are the diagonal of A and the eigenvectors the columns of V.
/// Return them sorted by eigenvalue, **largest first**, with a **stable** sort (equal
/// eigenvalues keep their diagonal order: the identity matrix gives V = I), each column
/// of V moving with its eigenvalue.
///
/// **Sign convention.** If v is a unit eigenvector, so is −v; flip every eigenvector so
/// that its entry of largest magnitude is positive (scikit-learn's convention; on equal
/// magnitudes, the first such entry decides). Example: [[2, 1], [1, 2]] has eigenvalues
/// [3, 1] and eigenvectors (1, 1)/√2 and (1, −1)/√2.
///
/// The matrix is assumed symmetric (a covariance matrix is); `tolerance` and
/// `max_sweeps` are used as given.
///
/// Errors, in this order: `NotSquare { rows, cols }` for a matrix that is not square
/// (a 0 x 3 matrix too); `Empty` for the 0 x 0 matrix; `NotConverged` as above.
pub fn jacobi_eigen(
    a: ArrayView2<f64>,
    tolerance: f64,
    max_sweeps: usize,
) -> Result<Eigen, PcaError> {
    todo!()
}

/// Fits a PCA with `params.n_components` components on `x` (n samples x p features).
///
/// 1. `mean` = the mean of every column. `scale`: when `params.standardize`, the
///    **population** standard deviation of every column (divide by n, as the course's
///    StandardScaler does), except that a **constant** column (all its values equal,
///    compared exactly) gets scale 1 so that it becomes zeros instead of 0 / 0; without
///    standardizing, 1 for every column.
/// 2. Z = (x − mean) / scale, column by column, and the sample covariance
///    C = Zᵀ·Z / (n − 1).
/// 3. `jacobi_eigen(C, params.tolerance, params.max_sweeps)`: its errors are passed on.
/// 4. `components` = the first `n_components` eigenvectors, **as rows** (k x p:
///    row i is component i). `explained_variance` = their eigenvalues;
///    `explained_variance_ratio` = those eigenvalues divided by the sum of **all** p
///    eigenvalues (the trace of C), so the ratios of a few components add up to less
///    than 1.
///
/// Example (the grader's hand-worked case): the five points (−1, −1), (1, 1), (2, 1),
/// (3, 3), (5, 1) have mean (2, 1) and C = [[5, 2], [2, 2]], whose eigenvalues are 6
/// and 1: components (2, 1)/√5 and (−1, 2)/√5, ratios 6/7 and 1/7.
///
/// Errors, in this order: `params.validate()`'s; `TooFewSamples { n }` for fewer than 2
/// rows; `TooManyComponents { requested, features }` when `n_components` > p; `NoVariance`
/// when every column is constant (compared exactly, as above: a computed trace of 1e-33
/// is not 0); then `jacobi_eigen`'s.
pub fn fit(x: ArrayView2<f64>, params: &PcaParams) -> Result<Pca, PcaError> {
    todo!()
}

/// The scores of every row of `x` along the model's components: (x − mean) / scale,
/// column by column, times `componentsᵀ`; n x k.
///
/// Error: `FeatureMismatch { expected: p, got: x.ncols() }` when `x` does not have the
/// p columns the model was fit on. A `x` with no rows gives 0 x k scores.
pub fn transform(model: &Pca, x: ArrayView2<f64>) -> Result<Array2<f64>, PcaError> {
    todo!()
}

/// Back from scores (n x k) to feature space (n x p): scores · components, times
/// `scale`, plus `mean`, column by column. With all p components it undoes
/// [`transform`] exactly (up to round-off); with fewer it gives the nearest point in the
/// plane (or line, ...) the components span.
///
/// Error: `ComponentMismatch { expected: k, got: scores.ncols() }`.
pub fn inverse_transform(model: &Pca, scores: ArrayView2<f64>) -> Result<Array2<f64>, PcaError> {
    todo!()
}

/// The mean over the rows of `x` of the squared Euclidean distance, in the original
/// units, between each row and its reconstruction `inverse_transform(transform(x))`:
///
/// ```text
/// error = (1/n) · Σᵢ Σⱼ (xᵢⱼ − x̂ᵢⱼ)²
/// ```
///
/// On the training data of a model that only centres, it equals (n − 1)/n times the sum
/// of the eigenvalues left out (the hand-worked case above, with 1 component: 4/5 · 1).
///
/// Errors, in this order: `FeatureMismatch` as in [`transform`]; `Empty` when `x` has
/// no rows.
pub fn reconstruction_error(model: &Pca, x: ArrayView2<f64>) -> Result<f64, PcaError> {
    todo!()
}

/// How many components keep a share `threshold` of the variance: the smallest k such
/// that ratios[0] + … + ratios[k − 1] >= `threshold` (at least: a tie counts as reached),
/// where `ratios` are explained-variance ratios, largest first (fit with all p components
/// to have them all).
///
/// Example: ratios [0.5, 0.25, 0.2, 0.05] and threshold 0.75 give 2.
///
/// Errors, in this order: `InvalidThreshold { threshold }` unless 0 < threshold < 1
/// (NaN included); `Empty` for no ratios; `NotReached { threshold, total }` (`total`:
/// the sum of all the ratios) when even all of them fall short.
pub fn components_for_variance(ratios: ArrayView1<f64>, threshold: f64) -> Result<usize, PcaError> {
    todo!()
}
