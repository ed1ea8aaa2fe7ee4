//! # Exercise: the best split of one feature
//!
//! A tree node asks one question of the form "is feature j <= t?". For one feature,
//! which threshold t is best? The one whose two sides are purest: the largest weighted
//! impurity decrease (the `impurity_decrease` of the previous exercise).
//!
//! The naive search tries every threshold and recounts the classes on each side every
//! time: O(n²). The standard algorithm is O(n log n):
//!
//! 1. **Sort once** by feature value.
//! 2. **Sweep** from left to right, moving one sample at a time from the right side to
//!    the left side and updating **running class counts** (+1 on the left, −1 on the
//!    right), so each candidate costs O(number of classes), not O(n).
//! 3. A threshold can only sit **between two distinct values**: samples with equal
//!    values all answer `value <= t` the same way, so they cannot be separated. Skip the
//!    positions where the next value equals the current one.
//! 4. Put the threshold at the **midpoint** between the two neighbouring distinct
//!    values, (a + b) / 2: the safest guess for values never seen in training.
//!
//! Worked example (Gini), six samples already sorted:
//!
//! ```text
//! value  1  2  3  4  5  6          parent counts [3, 3], Gini 0.5
//! class  0  0  1  0  1  1
//!
//! threshold   left    right   weighted child Gini           decrease
//!   1.5      [1, 0]  [2, 3]   (1/6)·0   + (5/6)·0.48  = 0.4    0.1
//!   2.5      [2, 0]  [1, 3]   (2/6)·0   + (4/6)·0.375 = 0.25   0.25  ← best (first)
//!   3.5      [2, 1]  [1, 2]   (3/6)·4/9 + (3/6)·4/9   = 0.444  0.056
//!   4.5      [3, 1]  [0, 2]   (4/6)·0.375 + (2/6)·0   = 0.25   0.25  (tie: later)
//!   5.5      [3, 2]  [0, 1]   (5/6)·0.48  + (1/6)·0   = 0.4    0.1
//! ```
//!
//! You need the impurity of a side from its class counts: write a small private helper
//! (your `impurity` from the previous exercise), or call the course's
//! `mlings::reference::impurity::impurity`.
//!
//! Grade: `cargo test --test best_split` (or `cargo run -- check best_split`). The types
//! (`Split`, `SplitError`) are in `src/types/best_split.rs`; `Criterion` in
//! `src/types/impurity.rs`.

use mlings::types::best_split::{Split, SplitError};
use mlings::types::impurity::Criterion;
use ndarray::ArrayView1;

/// The best threshold on one feature `x` for the class labels `y` (in `0..n_classes`).
///
/// Returns `Ok(Some(split))` with
/// - `threshold`: the midpoint (a + b) / 2 between the largest value that goes left and
///   the smallest that goes right (samples with `x <= threshold` go left);
/// - `impurity_decrease`: I(node) − (n_left/n)·I(left) − (n_right/n)·I(right) under
///   `criterion`;
/// - `n_left`, `n_right`: how many samples go each way.
///
/// Rules:
/// - Only thresholds between two **distinct** values count; never split equal values.
/// - Each side must keep at least `min_samples_leaf` samples (and always at least one,
///   so 0 acts like 1).
/// - The largest decrease wins. Ties go to the **smallest threshold**: compare with a
///   strict `>` while sweeping from small to large values.
/// - A split whose decrease is 0 still counts (it can set up a useful split below it).
///
/// Returns `Ok(None)` when no threshold is allowed: fewer than 2 samples, a constant
/// feature, or no position leaving `min_samples_leaf` samples on both sides.
///
/// The input may come in any order: the result must not depend on it.
///
/// Complexity: sort the (value, label) pairs once (`sort_by(|a, b| a.0.total_cmp(&b.0))`),
/// then one sweep with running class counts: O(n log n) in all. Recounting the classes
/// for every candidate would be O(n²), far too slow for 100 000 samples.
///
/// Errors, checked in this order: `LengthMismatch { values, targets }` when `x` and `y`
/// differ in length; `NonFinite { what: "feature value", index, value }` for the first
/// NaN or infinite value of `x`; `LabelOutOfRange { index, label, n_classes }` for the
/// first label not below `n_classes`.
pub fn best_split(
    x: ArrayView1<f64>,
    y: ArrayView1<usize>,
    n_classes: usize,
    criterion: Criterion,
    min_samples_leaf: usize,
) -> Result<Option<Split>, SplitError> {
    todo!()
}
