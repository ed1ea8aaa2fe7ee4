//! # Exercise: ROC curves, AUC and average precision
//!
//! A classifier such as logistic regression gives each row a **score** (its probability
//! of class 1, or its logit); a row is predicted positive when its score is at least a
//! **threshold** t. Accuracy, precision and recall judge one threshold. The metrics here
//! judge the *ranking* itself, over every threshold at once:
//!
//! - the **ROC curve**: for each threshold, the false positive rate FPR = FP / N (the
//!   share of negatives flagged) against the true positive rate TPR = TP / P (the share
//!   of positives found, the recall). Lowering the threshold walks from (0, 0) to (1, 1).
//! - the **AUC**, the area under the ROC curve: 1 for a perfect ranking, ½ for a coin
//!   flip. It is also the probability that a random positive scores above a random
//!   negative (ties count ½): the Mann–Whitney statistic, computed here from ranks.
//! - the **average precision** (AP): the area under the precision–recall curve, which
//!   unlike the AUC notices how crowded the top of the ranking is with negatives.
//! - choosing the **threshold for a target recall** ("catch at least 95% of the
//!   malignant tumours") and reading off the precision it costs.
//!
//! Conventions, as in scikit-learn (`roc_curve`, `roc_auc_score`,
//! `average_precision_score`):
//!
//! - labels are 0 (negative) or 1 (positive); class 1 is the positive class. To score
//!   class 0 instead, pass `1 − y` and a score that grows with class 0 (e.g. `−score`).
//! - a row is predicted positive when `score >= threshold` (greater OR EQUAL).
//! - rows with equal scores cannot be told apart by any threshold: they enter together,
//!   as ONE step of the curve (a diagonal segment if the tie holds both classes), never
//!   one row at a time in some arbitrary order.
//!
//! **Errors** (every function checks, in this order): `LengthMismatch { labels:
//! y_true.len(), scores: scores.len() }`; `Empty` when there are no rows; then, for the
//! first bad row `index` (its label checked before its score), `NotBinary { index,
//! label }` for a label other than 0 or 1 and `NotFinite { index, value }` for a NaN or
//! infinite score; then `MissingClass { class }` when the metric is undefined: the
//! ROC curve and both AUCs need both classes (`class: 1` when there is no positive,
//! `class: 0` when there is no negative); the average precision and the threshold need
//! at least one positive (`class: 1`), and are well defined without negatives.
//!
//! Grade with `cargo test --test roc_auc`.
//! The types (`RocCurve`, `RecallThreshold`, `RocError`) are in `src/types/roc_auc.rs`.
//!
//! **The example used below**: y_true = [1, 0, 1, 1, 0, 0], scores = [0.9, 0.7, 0.7, 0.5,
//! 0.3, 0.3] (P = 3 positives, N = 3 negatives; the two 0.7 are a positive and a
//! negative, the two 0.3 two negatives).

use mlings::types::roc_auc::{RecallThreshold, RocCurve, RocError};
use ndarray::{Array1, ArrayView1};

/// The rank of every score among all of them, in the input's order: rank 1 for the
/// smallest score, n for the largest. Tied scores share the **average** of the ranks
/// they occupy together: two scores tied for ranks 4 and 5 both get 4.5, three tied for
/// 1, 2, 3 all get 2 (not the smallest, not the largest, not 1, 2, 3 in input order).
///
/// Example: [0.9, 0.7, 0.7, 0.5, 0.3, 0.3] → [6, 4.5, 4.5, 3, 1.5, 1.5].
/// An empty input gives an empty array.
///
/// Errors: `NotFinite { index, value }` for the first NaN or infinite score.
pub fn average_ranks(scores: ArrayView1<f64>) -> Result<Array1<f64>, RocError> {
    todo!()
}

/// The ROC curve of `scores` against `y_true`, without dropping any point.
///
/// The first point is (FPR, TPR) = (0, 0) at threshold `f64::INFINITY` (no row is
/// predicted positive). Then, for every **distinct** score s from the largest to the
/// smallest, one point at threshold s, where TP and FP count the positives and the
/// negatives whose score is ≥ s:
///
/// ```text
/// TPR(s) = TP(s) / P          FPR(s) = FP(s) / N
/// ```
///
/// So there are (number of distinct scores) + 1 points, and the last is (1, 1) at the
/// smallest score. (scikit-learn's `drop_intermediate=False`; its default, `True`, also
/// drops the points in the middle of straight runs, which leaves the area unchanged: of
/// the 115 points of breast_cancer's logistic regression, 6 remain.)
///
/// Example: thresholds [∞, 0.9, 0.7, 0.5, 0.3], TPR [0, ⅓, ⅔, 1, 1], FPR [0, 0, ⅓, ⅓, 1]:
/// at 0.7 the tied positive and negative enter together, one step from (0, ⅓) to (⅓, ⅔).
///
/// Errors: see the module doc (both classes are needed).
pub fn roc_curve(y_true: ArrayView1<usize>, scores: ArrayView1<f64>) -> Result<RocCurve, RocError> {
    todo!()
}

/// The area under the ROC curve of [`roc_curve`], by the **trapezoid rule**: join
/// consecutive points (x = FPR, y = TPR) by straight lines and add up the areas under
/// them,
///
/// ```text
/// AUC = Σₖ (xₖ − xₖ₋₁) · (yₖ + yₖ₋₁) / 2        over the points k = 1, 2, …
/// ```
///
/// A tie of a positive and a negative is a diagonal segment: it gets half the area of
/// its box (a positive tied with a negative is a coin flip), not all or none of it.
///
/// Example: the segments add 0, ⅓·(⅓ + ⅔)/2 = ⅙, 0 and ⅔·(1 + 1)/2 = ⅔: AUC = 5/6.
///
/// Errors: as [`roc_curve`].
pub fn roc_auc(y_true: ArrayView1<usize>, scores: ArrayView1<f64>) -> Result<f64, RocError> {
    todo!()
}

/// The same AUC as the **Mann–Whitney rank statistic**, without drawing any curve.
/// With the [`average_ranks`] of all the scores, R₊ the sum of the ranks of the P
/// positives and N the number of negatives,
///
/// ```text
/// U = R₊ − P(P + 1)/2          AUC = U / (P · N)
/// ```
///
/// U counts the (positive, negative) pairs in which the positive scores higher, a tie
/// counting ½ (the P(P + 1)/2 is what the positives' ranks add up to among
/// themselves). It must agree with [`roc_auc`] to round-off: that is a good test of both.
///
/// Example: the ranks are [6, 4.5, 4.5, 3, 1.5, 1.5], so R₊ = 6 + 4.5 + 3 = 13.5,
/// U = 13.5 − 6 = 7.5 and AUC = 7.5 / 9 = 5/6.
///
/// Errors: as [`roc_curve`].
pub fn rank_auc(y_true: ArrayView1<usize>, scores: ArrayView1<f64>) -> Result<f64, RocError> {
    todo!()
}

/// The average precision, scikit-learn's definition (no interpolation, no trapezoids):
/// at each distinct score s, from the largest to the smallest (ties as one step), take
/// the recall Rₛ = TP(s) / P and the precision Pₛ = TP(s) / (TP(s) + FP(s)) of the rows
/// with score ≥ s, and add each rise of the recall weighted by the precision reached:
///
/// ```text
/// AP = Σₛ (Rₛ − Rₛ₋₁) · Pₛ          (R before the first threshold is 0)
/// ```
///
/// Example: at 0.9, 0.7, 0.5, 0.3 the recall is ⅓, ⅔, 1, 1 and the precision 1, ⅔, ¾,
/// ½: AP = ⅓·1 + ⅓·⅔ + ⅓·¾ + 0·½ = 29/36 ≈ 0.805556.
///
/// Errors: see the module doc (a positive is needed, negatives are not: with no
/// negative, every precision is 1 and AP = 1).
pub fn average_precision(
    y_true: ArrayView1<usize>,
    scores: ArrayView1<f64>,
) -> Result<f64, RocError> {
    todo!()
}

/// The **highest** threshold whose recall reaches `target_recall`: among the distinct
/// scores s, the largest with TP(s) / P ≥ target_recall (greater or equal; compare the
/// recall computed as `tp as f64 / p as f64` with the target directly). Returns it with
/// the recall and the precision TP / (TP + FP) of the rows with score ≥ s.
///
/// As the threshold falls the recall can only grow and the precision usually shrinks,
/// so the highest threshold that reaches the target is the one that pays least for it.
/// A tie at that threshold enters whole: the recall may overshoot the target.
///
/// Example: target ⅔ (`2.0 / 3.0`) gives threshold 0.7, recall ⅔, precision ⅔; target
/// 0.9 gives threshold 0.5, recall 1, precision ¾ (0.3 also reaches recall 1, at
/// precision ½).
///
/// Errors: first `InvalidRecall { target }` unless 0 < target_recall ≤ 1 (NaN
/// included), before looking at the data; then those of [`average_precision`].
pub fn threshold_for_recall(
    y_true: ArrayView1<usize>,
    scores: ArrayView1<f64>,
    target_recall: f64,
) -> Result<RecallThreshold, RocError> {
    todo!()
}
