//! # Exercise: Gaussian naive Bayes
//!
//! Bayes' rule turns "how likely is this row if it were of class c" into "how likely is
//! class c given this row":
//!
//! ```text
//! P(c | x) = P(c) · P(x | c) / P(x)          P(x) = Σ_c' P(c') · P(x | c')
//! ```
//!
//! The **naive** assumption is that, within a class, the features are independent, so
//! P(x | c) is a product over the p features. **Gaussian** naive Bayes models each
//! feature j of class c as a normal distribution with its own mean μ_cj and variance σ²_cj:
//!
//! ```text
//! P(x | c) = Π_j N(x_j; μ_cj, σ²_cj)         N(v; μ, σ²) = exp(−(v − μ)² / (2σ²)) / √(2πσ²)
//! ```
//!
//! Fitting is counting and averaging, no iterations: a prior, a mean and a variance per
//! class and feature. It is fast, needs little data, and is a strong baseline.
//!
//! **Log space.** A product of 64 densities (digits has 64 pixels) easily underflows to
//! 0, so everything here is computed with logarithms: the product becomes a sum, and
//! normalizing by P(x) needs the log of a sum of exponentials, computed stably
//! ([`log_sum_exp`]).
//!
//! **Variance smoothing** (scikit-learn's `var_smoothing`): a feature that is constant
//! within a class (a pixel always 0 for the digit 1) has variance 0, and its density is
//! a spike. Every variance gets ε added, with ε = `var_smoothing` × the largest
//! population variance of a feature over all the training rows.
//!
//! Classes are `usize` indices 0, 1, …, k − 1 with k = the largest label + 1 (see
//! `mlings::types::labels`). Features are used raw: no standardization needed.
//!
//! Grade with `cargo test --test naive_bayes`.
//! The types (`GaussianNbModel`, `GaussianNbParams`, `NaiveBayesError`) are in
//! `src/types/naive_bayes.rs`.

use mlings::types::naive_bayes::{GaussianNbModel, GaussianNbParams, NaiveBayesError};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// Fits the model on training rows `x` (n × p) with labels `y` (n values):
///
/// - `priors[c]` = n_c / n, the share of rows of class c;
/// - `means[[c, j]]` = the mean of column j over the n_c rows of class c;
/// - `variances[[c, j]]` = the **population** variance (divide by n_c, not n_c − 1) of
///   column j over the rows of class c, **plus ε**;
/// - `epsilon` = ε = `params.var_smoothing` × the largest population variance (divided
///   by n) of a column over **all** n training rows (not per class); ε = 0 when x has no
///   columns (the model then predicts from the priors alone).
///
/// The model has k = (largest label + 1) classes: `priors` has k values, `means` and
/// `variances` are k × p.
///
/// Example (iris, its reference split's 120 training rows, 40 per class, default
/// `var_smoothing` 1e-9): priors 1/3 each; sepal length has class means 4.985, 5.930,
/// 6.610 and class variances 0.092775, 0.2216, 0.4574 before smoothing; ε ≈ 3.1016e-9.
///
/// Errors, in this order:
/// 1. `params.validate()?` (`InvalidParams`);
/// 2. `RowsMismatch { rows: x.nrows(), labels: y.len() }`;
/// 3. `Empty` when there are no rows;
/// 4. `NotAClassIndex` for a label too large to be a class index (use `class_count(y)?`,
///    which names the first such row);
/// 5. `AbsentClass { class, largest }` for the smallest class index in 0..k with no
///    training row (`largest` = the largest label): labels (0, 2) leave class 1 without
///    a mean or a variance. (scikit-learn only knows the classes it saw; here the classes
///    are indices, so a gap is an error rather than a silently renumbered class.)
/// 6. `ZeroVariance { class, feature }` for the first variance that is exactly 0 after
///    smoothing, in row-major order (class 0's features first, then class 1's, …). It
///    happens only when ε = 0 (`var_smoothing` 0, or every column constant).
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &GaussianNbParams,
) -> Result<GaussianNbModel, NaiveBayesError> {
    todo!()
}

/// The joint log-likelihood ln(P(c) · P(x | c)) of every row and class (n × k: row i,
/// column c):
///
/// ```text
/// jll[i, c] = ln P(c) − ½ Σ_j [ ln(2π σ²_cj) + (x_ij − μ_cj)² / σ²_cj ]
/// ```
///
/// It is the log of the numerator of Bayes' rule: the class with the largest value is
/// the most probable one, and the values are not yet normalized (they do not sum to
/// anything in particular). An x with no rows gives a 0 × k array.
///
/// Example: one class with prior 1, mean 0, variance 1, at x = 0:
/// jll = −½ ln(2π) ≈ −0.918939.
///
/// Errors: `ColumnsMismatch { columns: x.ncols(), features: model.n_features() }`.
pub fn joint_log_likelihood(
    model: &GaussianNbModel,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, NaiveBayesError> {
    todo!()
}

/// ln Σ_i e^(v_i), computed without overflow or underflow: with m = the largest v_i,
///
/// ```text
/// ln Σ_i e^(v_i) = m + ln Σ_i e^(v_i − m)        (every exponent ≤ 0, and one is 0)
/// ```
///
/// Examples: (0, 0) gives ln 2; (1000, 1000) gives 1000 + ln 2 (not ∞: e^1000 overflows);
/// (−1000, −1000) gives −1000 + ln 2 (not −∞: e^−1000 underflows to 0); (5) gives 5.
/// When every value is −∞, or there are none, the sum is 0 and the result is −∞ (not
/// NaN: −∞ − (−∞) is NaN, so return −∞ before shifting).
pub fn log_sum_exp(values: ArrayView1<f64>) -> f64 {
    todo!()
}

/// The log of the posterior, ln P(c | x), for every row and class (n × k): each row of
/// [`joint_log_likelihood`] minus the [`log_sum_exp`] of that row (dividing by P(x) in
/// log space). Every row's exponentials sum to 1.
///
/// Example: a row with joint log-likelihoods (−1000, −1000 − ln 3) gives
/// (ln ¾, ln ¼), although e^−1000 underflows to 0.
///
/// Errors: as [`joint_log_likelihood`].
pub fn predict_log_proba(
    model: &GaussianNbModel,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, NaiveBayesError> {
    todo!()
}

/// The posterior P(c | x) of every row and class (n × k): the exponential of
/// [`predict_log_proba`]. Every row sums to 1.
///
/// Errors: as [`joint_log_likelihood`].
pub fn predict_proba(
    model: &GaussianNbModel,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, NaiveBayesError> {
    todo!()
}

/// The predicted class of every row: the class with the largest joint log-likelihood
/// (the normalization by P(x) does not change which class is largest, so it is not
/// needed). A tie goes to the **smallest** class index, as in scikit-learn (argmax
/// returns the first maximum).
///
/// Errors: as [`joint_log_likelihood`].
pub fn predict(
    model: &GaussianNbModel,
    x: ArrayView2<f64>,
) -> Result<Array1<usize>, NaiveBayesError> {
    todo!()
}
