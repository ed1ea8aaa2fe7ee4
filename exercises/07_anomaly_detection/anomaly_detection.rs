//! # Exercise: anomaly detection with Gaussian densities
//!
//! Some things are rare and matter: a fraudulent payment, a failing engine, a malignant
//! tumour. There are too few of them to learn what they look like, but plenty of
//! normal examples. So model what *normal* looks like, and flag whatever the model finds
//! unlikely:
//!
//! 1. **Fit** a density p(x) on normal rows only.
//! 2. **Score** every new row by its density: a low p(x) means "unlike anything normal".
//! 3. **Flag** a row as an anomaly when p(x) ≤ ε, with the threshold ε chosen on a small
//!    *labelled* validation set to maximise the F1 score of the anomalies.
//!
//! Two densities. The simplest treats the features as independent, one Gaussian each:
//!
//! ```text
//! p(x) = Πⱼ N(xⱼ; μⱼ, σⱼ²),   N(v; μ, σ²) = exp(−(v − μ)² / (2σ²)) / √(2πσ²)
//! ```
//!
//! The **multivariate** Gaussian N(μ, Σ) also models how features move together (radius
//! and area of a tumour), so it notices a row whose features disagree with each other
//! even when each one alone looks normal.
//!
//! **Work in log space.** With 30 features, p(x) is a product of 30 factors: on
//! breast_cancer it spans 1e-180 to 1e11 and one test row has p(x) = 1e-1223, which
//! is 0 in f64 (below 1e-308). Its log, −2815.8, is a fine number. So every function
//! here returns or takes **log p(x)**, computed as a sum of logs and never as the log of
//! a product, and the threshold is log ε.
//!
//! On breast_cancer (`mlings::types::anomaly_detection::AnomalySplit::breast_cancer()`:
//! fit on 221 benign rows, 30 raw features, malignant is the anomaly), scikit-learn's
//! figures are: log ε = −1.2858, validation F1 0.857, test F1 0.864 (38 of 42 malignant
//! tumours found, 8 benign ones flagged).
//!
//! Grade with `cargo test --test anomaly_detection`. The types (`GaussianModel`,
//! `MultivariateGaussian`, `Detection`, `Threshold`, `AnomalyError`) are in
//! `src/types/anomaly_detection.rs`.

use mlings::types::anomaly_detection::{
    AnomalyError, Detection, GaussianModel, MultivariateGaussian, Threshold,
};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// Fits one Gaussian per feature on the rows of `x` (n rows, p features): the mean
/// μⱼ = (1/n)·Σᵢ xᵢⱼ and the **population** variance σⱼ² = (1/n)·Σᵢ (xᵢⱼ − μⱼ)² (divide
/// by n, not n − 1: these are maximum-likelihood estimates, as in scikit-learn).
///
/// Example: x = [[1, 0], [3, 4]]: μ = [2, 2], σ² = [1, 4].
///
/// Errors, in this order: `Empty` when x has no rows or no columns; then
/// `ConstantFeature { feature }` for the first column whose values are all equal (a
/// variance of 0 has no density). Compare the values with the column's first value; do
/// not test a computed variance against 0.0: the variance of [0.1, 0.1, 0.1] computes
/// as about 1e-34, not 0.
pub fn fit_gaussian(x: ArrayView2<f64>) -> Result<GaussianModel, AnomalyError> {
    todo!()
}

/// The log density of every row of `x` under the per-feature model, in row order:
///
/// ```text
/// log p(x) = Σⱼ [ −½·ln(2π·σⱼ²) − (xⱼ − μⱼ)² / (2σⱼ²) ]
/// ```
///
/// Example: for the model of [`fit_gaussian`]'s example, the row [2, 2] (the mean)
/// scores −½·ln(2π) − ½·ln(8π) = −2.531024, and the row [4, 2] scores 2 less,
/// −4.531024, because (4 − 2)² / (2·1) = 2.
///
/// Sum the logs; never compute p(x) itself (it underflows to 0, and ln 0 = −∞).
/// An `x` with no rows gives an empty array.
///
/// Errors: `FeatureMismatch { model: model.mean.len(), x: x.ncols() }` when the
/// numbers of features differ.
pub fn log_density(model: &GaussianModel, x: ArrayView2<f64>) -> Result<Array1<f64>, AnomalyError> {
    todo!()
}

/// The Cholesky factor of a symmetric positive definite matrix A (p x p): the lower
/// triangular L (zeros above the diagonal) with L·Lᵀ = A. Column by column, for
/// j = 0, 1, …, p − 1:
///
/// ```text
/// d     = A[j][j] − Σ_{k<j} L[j][k]²                     (the pivot)
/// L[j][j] = √d
/// L[i][j] = (A[i][j] − Σ_{k<j} L[i][k]·L[j][k]) / L[j][j]   for every i > j
/// ```
///
/// For a covariance matrix, the pivot d is the variance of feature j that the features
/// before it cannot explain (its conditional variance). When a feature is a linear
/// combination of earlier ones, d is 0 in exact arithmetic, but round-off leaves a
/// tiny number of either sign. So the rule is relative: if **d ≤ 1e-10 · A[j][j]**
/// (which also covers d ≤ 0 and A[j][j] ≤ 0), return
/// `NotPositiveDefinite { feature: j }` for the first such j.
///
/// Example: A = [[4, 2], [2, 5]]: L = [[2, 0], [1, 2]] (d = 4, then 5 − 1² = 4).
///
/// Errors, in this order: `NotSquare { rows, columns }` for a matrix that is not
/// square; then `NotPositiveDefinite` as above. A 0 x 0 matrix gives a 0 x 0 factor.
/// Only the lower triangle of A (i ≥ j) is read.
pub fn cholesky(covariance: ArrayView2<f64>) -> Result<Array2<f64>, AnomalyError> {
    todo!()
}

/// Fits a multivariate Gaussian on the rows of `x`: the mean μ (as in
/// [`fit_gaussian`]), the **population** covariance
///
/// ```text
/// Σ = (1/n)·Σᵢ (xᵢ − μ)(xᵢ − μ)ᵀ = Xcᵀ·Xc / n,   Xc = x with μ subtracted from every row
/// ```
///
/// and its Cholesky factor ([`cholesky`]), stored in the model.
///
/// Example: x = [[0, 0], [2, 2], [0, 2], [2, 0], [0, 0], [2, 2]]: μ = [1, 1],
/// Σ = [[1, 1/3], [1/3, 1]], L = [[1, 0], [1/3, √8 / 3]].
///
/// Errors, in this order: `Empty` when x has no rows or no columns; then those of
/// [`cholesky`] (a constant feature, a feature that is a linear combination of others,
/// or fewer rows than features make Σ singular). No regularization is added.
pub fn fit_multivariate(x: ArrayView2<f64>) -> Result<MultivariateGaussian, AnomalyError> {
    todo!()
}

/// The log density of every row of `x` under the multivariate Gaussian, in row order:
///
/// ```text
/// log p(x) = −½ · [ p·ln(2π) + ln det Σ + (x − μ)ᵀ Σ⁻¹ (x − μ) ]
/// ```
///
/// Use the model's Cholesky factor L (Σ = L·Lᵀ) for both hard parts, never det Σ or
/// Σ⁻¹ themselves:
/// - ln det Σ = 2·Σⱼ ln L[j][j] (det Σ itself under- or overflows: with 30 features of
///   variance 1e-20 it is 1e-600);
/// - solve L·z = x − μ by forward substitution, zᵢ = ((x − μ)ᵢ − Σ_{k<i} L[i][k]·z_k) / L[i][i];
///   then (x − μ)ᵀ Σ⁻¹ (x − μ) = z·z.
///
/// Example: for the model of [`fit_multivariate`]'s example, ln det Σ = ln(8/9), so the
/// mean [1, 1] scores −ln(2π) − ½·ln(8/9) = −1.778985; [2, 2] (along the correlation)
/// has z·z = 1.5 and scores −2.528985; [2, 0] (against it) has z·z = 3 and scores
/// −3.278985, though each of its features alone is as far from its mean as in [2, 2].
///
/// An `x` with no rows gives an empty array. Errors: `FeatureMismatch { model:
/// model.mean.len(), x: x.ncols() }` when the numbers of features differ.
pub fn log_density_multivariate(
    model: &MultivariateGaussian,
    x: ArrayView2<f64>,
) -> Result<Array1<f64>, AnomalyError> {
    todo!()
}

/// Flags every row whose score (log density) is **≤ `log_epsilon`** and counts how the
/// flags match the labels (`is_anomaly[i]` is true for an anomaly, the positive class):
/// TP = anomalies flagged, FP = normal rows flagged, FN = anomalies not flagged,
/// TN = normal rows not flagged. Then
///
/// ```text
/// precision = TP / (TP + FP)        0 when nothing is flagged
/// recall    = TP / (TP + FN)        0 when there is no anomaly
/// F1        = 2·TP / (2·TP + FP + FN)   0 when TP + FP + FN = 0
/// ```
///
/// Compute F1 exactly this way, from the counts (not as 2·P·R / (P + R)): equal
/// fractions then give bit-identical f64 values, so ties in [`select_threshold`] are exact.
///
/// Example: scores [−5, −1, −3, 0, −3, 2], anomalies [true, false, true, false, false,
/// false], log ε = −3: rows 0, 2 and 4 are flagged (−3 ≤ −3): TP 2, FP 1, FN 0, TN 3,
/// precision 2/3, recall 1, F1 4/5. A NaN score is never flagged.
///
/// Errors, in this order: `LengthMismatch { scores: scores.len(), labels:
/// is_anomaly.len() }` when the lengths differ; then `Empty` when there are no scores.
pub fn evaluate(
    scores: ArrayView1<f64>,
    is_anomaly: ArrayView1<bool>,
    log_epsilon: f64,
) -> Result<Detection, AnomalyError> {
    todo!()
}

/// Chooses the threshold log ε on a labelled validation set: the candidate thresholds
/// are the validation **scores themselves** (each distinct value once); return the one
/// whose [`evaluate`] has the highest F1, the **smallest** such score on ties, with its
/// [`Detection`].
///
/// Why the scores: F1 only changes when ε passes a score, so they are the only
/// thresholds worth trying, and the smallest one of a tie flags the fewest rows. A grid
/// of evenly spaced ε values between the smallest and largest density misses nearly
/// all of them, as densities span hundreds of orders of magnitude: on breast_cancer it
/// finds F1 0.667 where 0.857 is possible. (Placing ε halfway to the next score is a
/// different rule too: keep the score itself.)
///
/// Example: for the scores and labels of [`evaluate`], the candidates are −5, −3, −1,
/// 0, 2 with F1 2/3, 4/5, 2/3, 4/7, 1/2: log ε = −3 (both rows scoring −3 are flagged).
///
/// Trying every candidate with [`evaluate`] is fine for a few hundred rows; sorting the
/// scores once and counting as ε rises is faster (mind equal scores: all rows of a
/// score are flagged together).
///
/// Errors, in this order: those of [`evaluate`]; then `NonFiniteScore { index }` for
/// the first score that is NaN or ±∞ (a log density computed as ln of an underflowed
/// p(x) is −∞); then `NoAnomalies` when no label is true (every F1 would be 0).
pub fn select_threshold(
    scores: ArrayView1<f64>,
    is_anomaly: ArrayView1<bool>,
) -> Result<Threshold, AnomalyError> {
    todo!()
}
