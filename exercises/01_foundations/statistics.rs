//! # Exercise: descriptive statistics
//!
//! Every model in this course starts from a few numbers that summarise data: where the
//! values sit (the mean), how far they spread (variance, standard deviation), and how
//! two features move together (covariance, correlation). Standardizing features with
//! these numbers is the first step of almost every training pipeline.
//!
//! Replace each `todo!()` with your implementation, then grade it:
//! `cargo test --test statistics` (or `cargo run -- check statistics`).
//!
//! Tools you will want from ndarray: `x.len()`, `x.sum()`, `x.iter()`, `x.mapv(|v| ...)`,
//! `x.column(j)`, `x.axis_iter(Axis(1))`, `a.dot(&b)`, `x.t()` (transpose), and
//! arithmetic between an array and a scalar (`&x - m`).

use mlings::types::statistics::{StatsError, VarianceKind};
use ndarray::{Array2, ArrayView1, ArrayView2};

/// The arithmetic mean: the sum of the values divided by how many there are.
///
/// ```text
/// mean(x) = (x₁ + x₂ + … + xₙ) / n
/// ```
///
/// Example: mean of [2, 4, 4, 4, 5, 5, 7, 9] = 40 / 8 = 5.
///
/// Return `Err(StatsError::Empty)` for an empty input (0 / 0 is not a number).
pub fn mean(x: ArrayView1<f64>) -> Result<f64, StatsError> {
    todo!()
}

/// The variance: the average squared distance of the values from their mean.
///
/// ```text
/// population:  σ² = Σ (xᵢ − mean)² / n
/// sample:      s² = Σ (xᵢ − mean)² / (n − 1)
/// ```
///
/// Why n − 1 for a sample? The deviations are measured from the sample's own mean,
/// which sits closer to the sample than the true mean does, so dividing by n would
/// underestimate the spread; dividing by n − 1 corrects exactly for that (Bessel).
///
/// Example: for [2, 4, 4, 4, 5, 5, 7, 9] the squared deviations from 5 sum to 32, so
/// the population variance is 32 / 8 = 4 and the sample variance 32 / 7.
///
/// Compute it in two passes: first the mean, then the squared deviations from it. The
/// one-pass shortcut E[x²] − E[x]² is the same formula on paper, but on values far from 0
/// (1e9 + small steps) it subtracts two huge, nearly equal numbers and loses every digit
/// of the answer (catastrophic cancellation).
///
/// Errors: `Empty` for no values (for either kind); `TooFewForSample { n }` (n: how many
/// values you got) for a sample variance of fewer than 2 values (n − 1 would be 0). The
/// population variance of a single value is 0.
pub fn variance(x: ArrayView1<f64>, kind: VarianceKind) -> Result<f64, StatsError> {
    todo!()
}

/// The standard deviation: the square root of the variance, in the data's own units.
///
/// Same errors as [`variance`].
pub fn std_dev(x: ArrayView1<f64>, kind: VarianceKind) -> Result<f64, StatsError> {
    todo!()
}

/// Standardizes every column of `x` to z-scores: zᵢⱼ = (xᵢⱼ − meanⱼ) / σⱼ, where meanⱼ
/// and σⱼ are the mean and the **population** standard deviation of column j.
///
/// Afterwards every column has mean 0 and standard deviation 1, so features measured in
/// different units (millimetres, grams, years) become comparable; gradient descent and
/// distance-based methods (k-means, k-NN) depend on that.
///
/// Returns a new array of the same shape.
///
/// Errors, checked in this order: `Empty` if `x` has no rows; then
/// `Constant { what: format!("column {j}") }` for the first column j (0-based) that is
/// constant, its z-scores would be 0 / 0.
///
/// "Constant" means **all values equal**, compared exactly (`v == column[0]` for every v),
/// not "the computed standard deviation is 0.0": the mean of [0.1, 0.1, 0.1] is
/// 0.10000000000000002 in floating point, so its computed deviations are about 1e-17, not 0,
/// and dividing by that spread would blow round-off up into z-scores of ±1.
pub fn standardize(x: ArrayView2<f64>) -> Result<Array2<f64>, StatsError> {
    todo!()
}

/// Pearson's correlation coefficient r between two equally long series: how close
/// their relationship is to a straight line, from −1 (a falling line) to +1 (a rising line).
///
/// ```text
///          Σ (xᵢ − x̄)(yᵢ − ȳ)
/// r = ─────────────────────────────
///     √Σ (xᵢ − x̄)² · √Σ (yᵢ − ȳ)²
/// ```
///
/// (The 1/n or 1/(n − 1) factors of covariance and standard deviations cancel out.)
///
/// Errors, checked in this order (an input with two faults gets the first):
/// 1. `LengthMismatch { left: x.len(), right: y.len() }` when the lengths differ;
/// 2. `Empty` when both are empty;
/// 3. `Constant { what: "x".into() }` when all values of x are equal, then
///    `Constant { what: "y".into() }` for y (r would be 0 / 0). As in [`standardize`],
///    "constant" means all values equal, compared exactly, not a computed spread of 0.0.
pub fn pearson(x: ArrayView1<f64>, y: ArrayView1<f64>) -> Result<f64, StatsError> {
    todo!()
}

/// The sample covariance matrix of the columns of `x` (rows are samples):
///
/// ```text
/// C[j][k] = Σᵢ (xᵢⱼ − meanⱼ)(xᵢₖ − meanₖ) / (n − 1)
/// ```
///
/// It is p x p for p columns and symmetric; its diagonal holds each column's sample
/// variance. In matrix form, with Xc the column-centred data: C = Xcᵀ Xc / (n − 1).
///
/// Errors: `Empty` for no rows, `TooFewForSample { n: 1 }` for a single row.
pub fn covariance_matrix(x: ArrayView2<f64>) -> Result<Array2<f64>, StatsError> {
    todo!()
}
