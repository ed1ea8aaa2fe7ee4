//! # Exercise: a random forest
//!
//! Bagged trees are all grown on the same features, so when one feature is very strong
//! every tree asks about it first and the trees end up alike: their errors are
//! correlated and averaging cancels less of them. A **random forest** (Breiman 2001)
//! decorrelates the trees with a second source of randomness: **at every split**, the
//! tree may only choose among a fresh random subset of k features (k = ⌊√p⌋ of the p
//! features for classification). A strong feature is then missing from many splits, and
//! other features get their say.
//!
//! It has to be a fresh subset **at every split**, not one subset per tree: a tree
//! limited to k features for its whole life is just a weak tree on a few columns (that
//! is what linfa-ensemble's `RandomForest` does; the example measures the difference).
//!
//! You also compute the two numbers a forest is known for:
//!
//! - the **out-of-bag score**: each training row is classified by the trees that never
//!   saw it (it was out of their bootstrap sample), which estimates the test accuracy
//!   without holding out any data;
//! - the **feature importances**: how much each feature lowered the impurity, summed
//!   over all the splits that use it (mean decrease in impurity).
//!
//! ## What is supplied
//!
//! - The tree: `mlings::reference::decision_tree::grow(x, y, &rows, n_classes,
//!   &params.tree, &mut choose_features)` calls `choose_features(p)` at every node it may
//!   split, and searches only the features the closure returns. Your closure draws them:
//!   `&mut |p| sample_features(p, k, &mut rng)`.
//! - From the bagging exercise (the course's solutions):
//!   `mlings::reference::bagging::{bootstrap_sample, out_of_bag, predict, predict_proba}`.
//!   A fitted forest is an `Ensemble` like bagged trees, so `bagging::predict` is the
//!   forest's vote.
//! - `mlings::reference::decision_tree::predict_proba(&tree, x)` for one tree.
//!
//! Grade: `cargo test --test random_forest` (or `cargo run -- check random_forest`).
//! The types (`ForestParams`, `MaxFeatures`) are in `src/types/random_forest.rs`;
//! `Ensemble`, `EnsembleError` and `tree_rng` in `src/types/bagging.rs`; the tree's
//! `Node` and `NodeKind` in `src/types/decision_tree.rs`.

use mlings::prep::Rng;
use mlings::types::bagging::{Ensemble, EnsembleError};
use mlings::types::random_forest::ForestParams;
use ndarray::{Array1, ArrayView1, ArrayView2};

/// `k` distinct features drawn at random from `0..n_features`, **without replacement**,
/// every subset equally likely (all `n_features` of them, in some order, when
/// `k >= n_features`).
///
/// Draw them with a partial Fisher–Yates shuffle of the list `[0, 1, ..., n_features − 1]`:
/// for i in 0..min(k, n_features), swap position i with a random position
/// j = `rng.gen_range(i..n_features)`, then keep the first k positions, in that order.
/// That is exactly min(k, n_features) draws from `rng`, no more (the next split draws
/// from the same generator, so the grader replays these draws exactly). (Drawing k times
/// with `gen_range(0..n_features)` would be with replacement: a split could get the same
/// feature twice and fewer than k distinct.)
pub fn sample_features(n_features: usize, k: usize, rng: &mut Rng) -> Vec<usize> {
    todo!()
}

/// Grows a random forest of `params.n_trees` trees on the rows of `x` with labels `y`.
///
/// 1. `params.validate()?`; n = rows of `x`, p = columns, `n_classes = class_count(y)?`
///    (`mlings::types::labels::class_count`: the largest label + 1, or
///    `EnsembleError::Labels` for a label too large to be a class index),
///    k = `params.max_features.count(p)`.
/// 2. For t in 0..n_trees, with its own generator `let mut rng = tree_rng(params.seed, t);`:
///    - rows = `bootstrap_sample(n, &mut rng)` if `params.bootstrap`, else all of `0..n`;
///    - grow the supplied tree on those rows with `params.tree`, choosing features with
///      `&mut |p| sample_features(p, k, &mut rng)`, so each split draws its own subset;
///    - keep the tree and `out_of_bag(n, &rows)`.
///
/// Return the `Ensemble` (trees, out-of-bag rows, `n_classes`, `n_features` = p). Tree
/// errors are returned as `EnsembleError::Tree`.
///
/// With one tree, no bootstrap and `MaxFeatures::All`, the forest is exactly one
/// ordinary decision tree.
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &ForestParams,
) -> Result<Ensemble, EnsembleError> {
    todo!()
}

/// The out-of-bag accuracy of `ensemble` on its own training data `x`, `y`.
///
/// For each training row i, average (or add up) the `predict_proba` rows of the trees
/// whose `out_of_bag` set contains i, and predict the class with the largest total
/// (ties to the smallest class). The score is the share of correct predictions among
/// the rows that had at least one such tree (with enough trees, every row has some).
///
/// Efficient: loop over the trees, not the rows: predict each tree's out-of-bag rows at
/// once (`x.select(Axis(0), &oob)`) and add each result into a running `n x n_classes`
/// total at those rows.
///
/// Errors, in this order: `EnsembleError::NoTrees` for an ensemble without trees;
/// `EnsembleError::Tree(TreeError::LengthMismatch { rows, targets })` when `x`
/// and `y` differ in length; `NotTrainingData { row, rows }` when an out-of-bag row is
/// not a row of `x`; `NoOutOfBag` when no row is out of bag for any tree (a forest
/// without bootstrap).
pub fn oob_score(
    ensemble: &Ensemble,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
) -> Result<f64, EnsembleError> {
    todo!()
}

/// The mean decrease in impurity of each feature (scikit-learn's `feature_importances_`).
///
/// 1. For each tree, for each split node t with children L and R, add
///    ```text
///    n_t · I(t) − n_L · I(L) − n_R · I(R)
///    ```
///    to the entry of the feature t splits on (`n_samples` and `impurity` of the three
///    nodes). Weighting by the node sizes matters: a split near the root that cleans up
///    hundreds of samples counts far more than one that separates two samples deep down.
/// 2. Divide the tree's vector by its sum, so each tree's importances sum to 1 (skip a
///    tree that never split: its sum is 0).
/// 3. Average over the trees and divide by the sum again.
///
/// The result has one non-negative entry per feature (`ensemble.n_features`) and sums to
/// 1 (all zeros if no tree ever split).
pub fn feature_importances(ensemble: &Ensemble) -> Array1<f64> {
    todo!()
}
