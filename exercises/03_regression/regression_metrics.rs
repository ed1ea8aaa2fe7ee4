//! # Exercise: regression metrics
//!
//! Before fitting any model, decide how to score it. A regression model predicts a
//! number ŷᵢ for every true value yᵢ; a metric turns the n errors yᵢ − ŷᵢ into one
//! number:
//!
//! - **MSE**, the mean squared error: punishes big misses hard (an error of 10 costs
//!   100 times an error of 1); it is also the loss that least squares minimizes.
//! - **MAE**, the mean absolute error: in the target's own units, and less swayed by a
//!   few outliers.
//! - **R²**, the coefficient of determination: the share of the target's variance the
//!   model explains. 1 is perfect, 0 is no better than always predicting the mean of
//!   the true values, and it goes negative for a model worse than that.
//!
//! Every metric compares two equally long, non-empty series: anything else is an error,
//! never a silent NaN.
//!
//! Grade with `cargo test --test regression_metrics`.
//! The error type `MetricError` is in `src/types/metrics.rs`.

use mlings::types::regression_metrics::MetricError;
use ndarray::ArrayView1;

/// The mean squared error of the predictions `y_pred` against the true values `y_true`:
///
/// ```text
/// MSE = (1/n) Σᵢ (yᵢ − ŷᵢ)²
/// ```
///
/// Example: y_true = [3, −0.5, 2, 7], y_pred = [2.5, 0, 2, 8]: the errors are
/// 0.5, −0.5, 0, −1, their squares sum to 1.5, so MSE = 1.5 / 4 = 0.375.
///
/// Errors (check them in this order, so that an input with both faults, say 0 true values
/// and 2 predictions, gets the first): `LengthMismatch { y_true: y_true.len(),
/// y_pred: y_pred.len() }` when the lengths differ; `Empty` when both are empty.
pub fn mean_squared_error(
    y_true: ArrayView1<f64>,
    y_pred: ArrayView1<f64>,
) -> Result<f64, MetricError> {
    todo!()
}

/// The mean absolute error:
///
/// ```text
/// MAE = (1/n) Σᵢ |yᵢ − ŷᵢ|
/// ```
///
/// Example: for the case above, (0.5 + 0.5 + 0 + 1) / 4 = 0.5.
///
/// Same errors as [`mean_squared_error`].
pub fn mean_absolute_error(
    y_true: ArrayView1<f64>,
    y_pred: ArrayView1<f64>,
) -> Result<f64, MetricError> {
    todo!()
}

/// The coefficient of determination R²:
///
/// ```text
///            SS_res           SS_res = Σᵢ (yᵢ − ŷᵢ)²     (what the model gets wrong)
/// R² = 1 − ────────,   where
///            SS_tot           SS_tot = Σᵢ (yᵢ − ȳ)²      (the spread of the true values)
/// ```
///
/// and ȳ is the mean of `y_true` (not of the predictions). The order of the arguments
/// matters: R² is not symmetric.
///
/// Example: for the case above, ȳ = 2.875, SS_tot = 29.1875, SS_res = 1.5, so
/// R² = 1 − 1.5 / 29.1875 ≈ 0.948608.
///
/// Errors, checked in this order: those of [`mean_squared_error`] (`LengthMismatch`, then
/// `Empty`), then `ConstantTarget` when every true value is the same: SS_tot is 0, so R²
/// would be 0 / 0 (or x / 0). Report it as undefined; never return NaN or infinity.
///
/// "Every true value is the same" means all values equal, compared exactly (`y == y_true[0]`
/// for every y), not "the computed SS_tot is 0.0": the mean of [0.1, 0.1, 0.1] is
/// 0.10000000000000002 in floating point, so its computed SS_tot is about 1e-33, and
/// dividing by it would turn round-off into an R² of −10³³.
pub fn r2_score(y_true: ArrayView1<f64>, y_pred: ArrayView1<f64>) -> Result<f64, MetricError> {
    todo!()
}
