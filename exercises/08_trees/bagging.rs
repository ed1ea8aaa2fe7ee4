//! # Exercise: bagging
//!
//! A fully grown tree fits its training set exactly, noise included: change a few
//! training rows and the tree changes a lot (high variance). **Bagging** (bootstrap
//! aggregating, Breiman 1996) averages that variance away:
//!
//! 1. Draw a **bootstrap sample**: n rows drawn at random **with replacement** from the
//!    n training rows. Some rows come twice or more, others not at all.
//! 2. Grow a tree on it. Repeat for every tree, each with its own sample.
//! 3. Let the trees **vote**: average their class probabilities and predict the class
//!    with the largest average.
//!
//! Every tree overfits, but each in its own way, so their errors partly cancel out.
//!
//! A row is left out of a bootstrap sample with probability (1 − 1/n)ⁿ ≈ 1/e ≈ 36.8%.
//! Those **out-of-bag** rows were never seen by that tree: a free validation set (the
//! random forest exercise scores the ensemble on them).
//!
//! ## The trees are supplied
//!
//! This exercise is about sampling and voting, so the tree comes from the course: the
//! reference solution of the `decision_tree` exercise, which can grow on any rows you
//! choose (repeats included):
//!
//! ```text
//! use mlings::reference::decision_tree as tree;
//! let t = tree::grow(x, y, &rows, n_classes, &params.tree, &mut tree::all_features)?;
//! let proba = tree::predict_proba(&t, x)?;     // rows x n_classes
//! ```
//!
//! `grow` returns `TreeError`s; `?` turns them into `EnsembleError::Tree`.
//!
//! Random numbers: `mlings::prep::Rng` is the course's seeded generator; with
//! `use rand::Rng as _;` in scope, `rng.gen_range(0..n)` draws a whole number in 0..n
//! (n excluded), every one equally likely. Tree t of an ensemble draws from its own
//! generator `tree_rng(params.seed, t)` (in `mlings::types::bagging`), so the same seed
//! gives the same ensemble, whatever order the trees are grown in.
//!
//! Grade: `cargo test --test bagging` (or `cargo run -- check bagging`). The types
//! (`Ensemble`, `BaggingParams`, `EnsembleError`, `tree_rng`) are in
//! `src/types/bagging.rs`.

use mlings::prep::Rng;
use mlings::types::bagging::{BaggingParams, Ensemble, EnsembleError};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// A bootstrap sample of the rows `0..n`: `n` draws, each `rng.gen_range(0..n)`, in the
/// order drawn. With replacement: the same row may come several times (that is the
/// point), so roughly 63% of the rows appear and 37% do not.
pub fn bootstrap_sample(n: usize, rng: &mut Rng) -> Vec<usize> {
    todo!()
}

/// The out-of-bag rows of a sample: the rows of `0..n` that `sample` never drew, in
/// ascending order.
///
/// Example: `out_of_bag(6, &[0, 2, 2, 5, 0, 3])` = `[1, 4]`.
///
/// Tip: a `Vec<bool>` of length n marking the drawn rows makes this O(n); searching
/// the sample for every row would be O(n²).
pub fn out_of_bag(n: usize, sample: &[usize]) -> Vec<usize> {
    todo!()
}

/// Grows `params.n_trees` bagged trees on the rows of `x` with labels `y`.
///
/// 1. `params.validate()?`.
/// 2. `n_classes = class_count(y)?` (`mlings::types::labels::class_count`: the largest
///    label + 1; a label too large to be a class index, an ID read as a label, is
///    `EnsembleError::Labels`). Every tree gets the same `n_classes`, so their
///    probabilities line up even if a bootstrap sample misses a class.
/// 3. For t in 0..n_trees: `let mut rng = tree_rng(params.seed, t);`, draw
///    `bootstrap_sample(n, &mut rng)` with n = the number of rows, grow the supplied tree
///    on those rows with `params.tree` and all features, and keep the tree and its
///    `out_of_bag` rows.
///
/// Return an `Ensemble` with the trees, their out-of-bag rows (same order), `n_classes`
/// and `n_features` (the columns of `x`). Errors of the tree (e.g. `x` and `y` of
/// different lengths) are returned as `EnsembleError::Tree`.
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &BaggingParams,
) -> Result<Ensemble, EnsembleError> {
    todo!()
}

/// The ensemble's class probabilities: the average, over its trees, of each tree's
/// `predict_proba`. Row i, column k is the mean probability of class k for row i.
/// Shape: (rows of `x`, `ensemble.n_classes`).
///
/// Errors, in this order: `EnsembleError::NoTrees` for an ensemble without trees (there
/// is nothing to average); errors of the trees (e.g. `x` with the wrong number of
/// columns) are returned as `EnsembleError::Tree`.
pub fn predict_proba(
    ensemble: &Ensemble,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, EnsembleError> {
    todo!()
}

/// The ensemble's vote: for each row, the class with the largest average probability
/// (column index of the row's maximum in [`predict_proba`]; ties go to the smallest
/// class). Errors: those of [`predict_proba`].
pub fn predict(ensemble: &Ensemble, x: ArrayView2<f64>) -> Result<Array1<usize>, EnsembleError> {
    todo!()
}
