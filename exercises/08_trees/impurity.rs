//! # Exercise: impurity
//!
//! A decision tree asks yes/no questions ("is petal length <= 2.45?") until the
//! samples that reach a leaf are, ideally, all of one class. To choose a question it
//! needs a number for how mixed a group of samples is: its **impurity**. A pure node
//! (one class only) has impurity 0; the more evenly the classes are mixed, the higher it is.
//!
//! Everything here works on **class counts**: `counts[k]` is how many samples of class k
//! the node holds, and pₖ = countₖ / n is the share of class k among its n samples.
//! Example: labels [0, 2, 2, 1, 2] with 3 classes have counts [1, 1, 3], n = 5,
//! p = [0.2, 0.2, 0.6].
//!
//! A split sends each sample of a node left or right. It is good when the two children
//! are purer than the node, *weighted by how many samples each child receives*: a tiny
//! pure child that leaves the big one as mixed as before has achieved little.
//!
//! Replace each `todo!()`, then grade: `cargo test --test impurity`
//! (or `cargo run -- check impurity`). The types (`Criterion`, `ImpurityError`) are in
//! `src/types/impurity.rs`.

use mlings::types::impurity::{Criterion, ImpurityError};
use ndarray::ArrayView1;

/// Counts how many samples of each class there are: a `Vec` of length `n_classes` whose
/// entry k is the number of labels equal to k.
///
/// Example: `class_counts([0, 2, 2, 1, 2], 3)` = `[1, 1, 3]`; a class that never occurs
/// counts 0 (`class_counts([1, 1], 3)` = `[0, 2, 0]`).
///
/// Errors, checked in this order:
/// - `TooManyClasses { n_classes }` when `n_classes` is above
///   `mlings::types::labels::MAX_CLASSES` (65 536), before allocating anything: so many
///   classes means the labels are an ID or a price, not class indices, and a table of
///   counts for `1 << 40` classes would take 8 TB of memory;
/// - `LabelOutOfRange { row, label, n_classes }` for the first label that is not below
///   `n_classes` (`row` is its position in `labels`).
pub fn class_counts(
    labels: ArrayView1<usize>,
    n_classes: usize,
) -> Result<Vec<usize>, ImpurityError> {
    todo!()
}

/// Gini impurity: the probability that two samples drawn at random (with replacement)
/// from the node belong to different classes.
///
/// ```text
/// Gini = 1 − Σₖ pₖ²        where pₖ = countₖ / n
/// ```
///
/// Pure node [5, 0]: 1 − 1² = 0. Even two-class node [3, 3]: 1 − (½² + ½²) = 0.5.
/// Three even classes: 1 − 3·(⅓)² = ⅔. Counts [3, 1]: 1 − (0.75² + 0.25²) = 0.375.
///
/// Error: `Empty` when the counts add up to 0 (there are no proportions to square).
pub fn gini(counts: &[usize]) -> Result<f64, ImpurityError> {
    todo!()
}

/// Entropy, in bits: how many yes/no questions it takes on average to learn the class
/// of a sample from the node.
///
/// ```text
/// H = −Σₖ pₖ · log₂ pₖ     (a class with pₖ = 0 adds nothing: p·log p → 0 as p → 0)
/// ```
///
/// Pure node: 0 bits. Two even classes: 1 bit. Four even classes: 2 bits.
/// Counts [3, 1]: −(0.75·log₂ 0.75 + 0.25·log₂ 0.25) ≈ 0.8113.
///
/// Use `f64::log2`, not `ln`. Skip the classes with count 0, or you compute 0 · (−∞) = NaN.
///
/// Error: `Empty` when the counts add up to 0.
pub fn entropy(counts: &[usize]) -> Result<f64, ImpurityError> {
    todo!()
}

/// The impurity of `counts` under `criterion`: [`gini`] or [`entropy`].
pub fn impurity(counts: &[usize], criterion: Criterion) -> Result<f64, ImpurityError> {
    todo!()
}

/// How much a split lowers the impurity: the node's impurity minus the impurity of its
/// two children, **each weighted by its share of the samples**.
///
/// ```text
/// parent = left + right                 (class by class)
/// ΔI = I(parent) − (n_left / n)·I(left) − (n_right / n)·I(right)
/// ```
///
/// Worked example (Gini): left [3, 0], right [1, 4], so parent [4, 4] and n = 8.
/// I(parent) = 0.5, I(left) = 0, I(right) = 1 − (0.2² + 0.8²) = 0.32, and
/// ΔI = 0.5 − (3/8)·0 − (5/8)·0.32 = 0.3.
/// (Averaging the children without weights would claim 0.5 − 0.16 = 0.34: it lets a
/// tiny pure child look as valuable as a big one.)
///
/// ΔI is never negative: splitting cannot make a node more impure on average.
///
/// Errors, checked in this order: `ClassCountMismatch { left, right }` (the two lengths)
/// when the two sides do not have the same number of classes; then
/// `EmptySide { side: "left" }` when the left side has no sample, then
/// `EmptySide { side: "right" }` for the right one (a side without samples is not a split).
pub fn impurity_decrease(
    left: &[usize],
    right: &[usize],
    criterion: Criterion,
) -> Result<f64, ImpurityError> {
    todo!()
}
