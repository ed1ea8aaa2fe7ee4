//! # Exercise: classification metrics
//!
//! A classifier predicts a class label ŷᵢ ∈ {0, 1, …} for every true label yᵢ. How good
//! it is depends on what its mistakes cost, so there are several scores:
//!
//! - **accuracy**: the share of correct predictions. Misleading when one class is rare:
//!   on breast_cancer, always answering "benign" already scores 0.632.
//! - the **confusion matrix**: how many rows of each true class went to each predicted
//!   class; every other count-based score is read off it.
//! - **precision** of a class: of the rows predicted as the class, the share that are.
//!   ("When the test says malignant, how often is it right?")
//! - **recall** of a class: of the rows of the class, the share found.
//!   ("Of the malignant tumours, how many did the test catch?")
//! - **F1**: the harmonic mean of precision and recall, high only when both are.
//! - **log-loss**: scores predicted *probabilities*, not labels: a confident wrong
//!   answer costs far more than a hesitant one.
//!
//! Every function compares two equally long, non-empty series: anything else is an
//! error, never a silent NaN.
//!
//! Grade with `cargo test --test classification_metrics`.
//! The types (`MetricError`, `Average`) are in `src/types/metrics.rs` and
//! `src/types/classification_metrics.rs`.

use mlings::types::classification_metrics::{Average, MetricError};
use ndarray::{Array2, ArrayView1};

/// The share of rows whose predicted label equals the true label:
///
/// ```text
/// accuracy = (number of i with ŷᵢ = yᵢ) / n
/// ```
///
/// Example: y_true = [0, 1, 2, 3], y_pred = [0, 2, 1, 3]: 2 of 4 are right, 0.5.
///
/// Errors (in this order): `LengthMismatch { y_true: y_true.len(), y_pred:
/// y_pred.len() }` when the lengths differ; `Empty` when both are empty.
pub fn accuracy(y_true: ArrayView1<usize>, y_pred: ArrayView1<usize>) -> Result<f64, MetricError> {
    todo!()
}

/// The `n_classes x n_classes` confusion matrix C: C[t][p] counts the rows whose true
/// label is t and whose predicted label is p. Rows are true classes, columns predicted
/// classes (scikit-learn's layout), so the diagonal holds the correct predictions, row t
/// sums to the number of rows of class t, and column p to the number predicted as p.
///
/// Example: y_true = [2, 0, 2, 2, 0, 1], y_pred = [0, 0, 2, 2, 0, 2], 3 classes:
///
/// ```text
///             predicted 0  1  2
/// true 0               [2, 0, 0]
/// true 1               [0, 0, 1]
/// true 2               [1, 0, 2]
/// ```
///
/// Errors (in this order): those of [`accuracy`]; then `TooManyClasses { n_classes }`
/// when `n_classes` is more than `mlings::types::labels::MAX_CLASSES` (65 536): an
/// `n_classes` like `1 << 40` comes from an ID or a price read as a label, and its
/// matrix would need terabytes, so check it BEFORE allocating anything; then
/// `LabelOutOfRange { index, label, n_classes }` for the first row `index` whose true or
/// predicted label is `n_classes` or more (report the larger of the two labels, which
/// may be as large as `usize::MAX`: compare, never add 1 to a label).
pub fn confusion_matrix(
    y_true: ArrayView1<usize>,
    y_pred: ArrayView1<usize>,
    n_classes: usize,
) -> Result<Array2<usize>, MetricError> {
    todo!()
}

/// Precision: of the rows predicted as a class, the share that really are of it.
///
/// For one class c, with TP = rows of class c predicted as c (true positives) and
/// FP = rows of another class predicted as c (false positives):
///
/// ```text
/// precision(c) = TP / (TP + FP)
/// ```
///
/// - `Average::Binary { positive }`: the precision of class `positive` (every other
///   label is "negative").
/// - `Average::Macro { n_classes }`: the plain mean of precision(c) over the classes
///   c = 0..n_classes, each class weighing the same however many rows it has.
///
/// Convention: when nothing was predicted as c (TP + FP = 0), precision(c) is 0
/// (scikit-learn's choice), not NaN. With `Macro`, a class of 0..n_classes that occurs
/// in neither series still counts: its score is 0 and the mean still divides by
/// `n_classes` (scikit-learn with `labels=range(n_classes)`), so a wrong `n_classes`
/// shows in the score instead of being silently dropped.
///
/// Example: y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]: class 0 was
/// predicted 3 times, 2 of them right, so precision(0) = 2/3; classes 1 and 2 have
/// precision 0; the macro precision is (2/3 + 0 + 0) / 3 = 2/9.
///
/// Errors: those of [`accuracy`]; with `Macro`, also those of [`confusion_matrix`].
pub fn precision(
    y_true: ArrayView1<usize>,
    y_pred: ArrayView1<usize>,
    average: Average,
) -> Result<f64, MetricError> {
    todo!()
}

/// Recall (sensitivity): of the rows of a class, the share predicted as that class.
///
/// With FN = rows of class c predicted as something else (false negatives):
///
/// ```text
/// recall(c) = TP / (TP + FN)
/// ```
///
/// Averaging and the 0 convention (no row of class c at all) as in [`precision`].
///
/// Example: for the case of [`precision`], class 0 has 2 rows, both found: recall(0) = 1;
/// recall(1) = recall(2) = 0; macro recall = 1/3.
///
/// Errors: as [`precision`].
pub fn recall(
    y_true: ArrayView1<usize>,
    y_pred: ArrayView1<usize>,
    average: Average,
) -> Result<f64, MetricError> {
    todo!()
}

/// The F1 score: the harmonic mean of precision P and recall R of a class,
///
/// ```text
/// F1(c) = 2·P·R / (P + R) = 2·TP / (2·TP + FP + FN)
/// ```
///
/// which is 0 when P + R = 0. The harmonic mean is dragged down by the smaller of the
/// two: a class found every time but predicted everywhere (R = 1, P tiny) scores low.
///
/// - `Binary { positive }`: F1 of class `positive`.
/// - `Macro { n_classes }`: the mean of the per-class F1(c). Not the harmonic mean of
///   the macro precision and macro recall: average the F1 scores themselves.
///
/// Example: for the case of [`precision`], F1(0) = 2·(2/3)·1 / (2/3 + 1) = 0.8, the
/// others 0, so the macro F1 is 0.8 / 3.
///
/// Errors: as [`precision`].
pub fn f1_score(
    y_true: ArrayView1<usize>,
    y_pred: ArrayView1<usize>,
    average: Average,
) -> Result<f64, MetricError> {
    todo!()
}

/// The binary log-loss (cross-entropy) of predicted probabilities: `p_positive[i]` is
/// the predicted probability that row i is of class 1, and `y_true[i]` is 0 or 1.
///
/// ```text
/// log-loss = −(1/n) Σᵢ [ yᵢ·ln(pᵢ) + (1 − yᵢ)·ln(1 − pᵢ) ]
/// ```
///
/// Each row costs −ln(probability given to its true class): 0 for a certain right
/// answer, ln 2 ≈ 0.693 for a coin flip, and without bound for a certain wrong one. To
/// keep it finite, first clip each probability into [1e-15, 1 − 1e-15].
///
/// Example: y_true = [1, 0, 0, 1], p_positive = [0.9, 0.1, 0.2, 0.65]: the true classes
/// got 0.9, 0.9, 0.8 and 0.65, so the loss is −(ln 0.9 + ln 0.9 + ln 0.8 + ln 0.65) / 4
/// ≈ 0.216162.
///
/// Errors (in this order): those of [`accuracy`] (comparing `y_true.len()` with
/// `p_positive.len()`); then, for the first bad row `index`, `NotBinary { index, label }`
/// for a label other than 0 or 1, and `InvalidProbability { index, value }` for a
/// probability outside [0, 1] or NaN.
pub fn log_loss(
    y_true: ArrayView1<usize>,
    p_positive: ArrayView1<f64>,
) -> Result<f64, MetricError> {
    todo!()
}
