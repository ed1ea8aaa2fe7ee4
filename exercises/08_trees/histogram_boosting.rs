//! # Exercise: histogram gradient boosting (the trick inside LightGBM)
//!
//! The exact booster of `boosted_classifier` sorts every feature of every node to find
//! its best threshold: O(n log n) per feature and node, for every tree. LightGBM,
//! XGBoost's `hist` method and scikit-learn's `HistGradientBoostingClassifier` are
//! fast because of four ideas:
//!
//! 1. **Bin once.** Before boosting, cut every feature into at most 255 bins and
//!    replace each value by its bin index (a `u8`). Trees only ever ask "is the bin
//!    ≤ b?": a threshold is a bin edge.
//! 2. **Histograms.** For the rows of a node, add up per feature and bin the row count,
//!    Σg and Σh (g = p − y and h = p(1 − p), as in `boosted_classifier`): one pass over
//!    the rows, no sorting.
//! 3. **One sweep.** The best split of a feature is found by walking its bins left to
//!    right with running sums: O(bins), whatever the number of rows.
//! 4. **Subtraction.** A parent's rows are exactly its two children's rows, so
//!    `histogram(right) = histogram(parent) − histogram(left)`, bin by bin. Build the
//!    histogram of the smaller child from its rows and get its sibling by subtraction:
//!    each level of the tree costs at most half the rows.
//!
//! **Bins.** Sort a feature's values. If it has at most `max_bins` distinct values
//! u₁ < u₂ < … < u_k, each gets its own bin and the k − 1 edges are the midpoints
//! (uᵢ + uᵢ₊₁)/2 (the exact tree's thresholds; when a midpoint rounds up to uᵢ₊₁, the
//! edge is uᵢ). Otherwise the edges are `max_bins − 1` quantiles of the sorted column
//! v₀ ≤ … ≤ v_{n−1}: edge b (b = 1, …, max_bins − 1) is (v_lo + v_hi)/2 with
//! lo = ⌊b(n − 1)/max_bins⌋ and hi = ⌈b(n − 1)/max_bins⌉ (integer arithmetic; equal
//! edges are kept, their bins stay empty). A value goes to bin b when
//! edge_{b−1} < value ≤ edge_b: its bin is the number of edges strictly below it.
//!
//! **The split score** is the exact booster's (its regression tree fits r = −g = y − p
//! by squared error): a split of a node (n rows, gradient sum G) into n_L rows with
//! sum G_L on the left and n_R, G_R on the right gains
//!
//! ```text
//! gain = G_L²/n_L + G_R²/n_R − G²/n       (the decrease of Σ(r − r̄)²)
//! ```
//!
//! (LightGBM and scikit-learn score G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ), the
//! Newton version: a one-line change, but then the trees differ from the exact ones.)
//! So when every feature has at most `max_bins` distinct values, the histogram booster
//! splits every node's rows exactly as `boosted_classifier` does and gives the same
//! leaves: same trees, same scores, only faster. A threshold can differ (the bin edge
//! is the midpoint to the next value of the whole feature, the exact tree's to the next
//! value in the node), never the rows it sends each way.
//!
//! Worked example (a feature with values 1, 1, 2, 3, 5, 8, max_bins 4): 5 distinct
//! values > 4, so n = 6, quantile edges at b·5/4 = 1.25, 2.5, 3.75: (v₁ + v₂)/2 = 1.5,
//! (v₂ + v₃)/2 = 2.5, (v₃ + v₄)/2 = 4; the bins are 0, 0, 1, 2, 3, 3. With max_bins 5
//! every value has a bin: edges 1.5, 2.5, 4, 6.5, bins 0, 0, 1, 2, 3, 4.
//!
//! On breast_cancer (raw features, the reference split), 100 stages of depth 3 at
//! η = 0.1 with 255 bins reach scikit-learn's `HistGradientBoostingClassifier`: test
//! accuracy 0.956.
//!
//! Grade with `cargo test --test histogram_boosting`. The types (`HistParams`,
//! `Binned`, `Bin`, `Histogram`, `BinSplit`, `HistError`) are in
//! `src/types/histogram_boosting.rs`; the model is `boosted_classifier`'s
//! `BoostedClassifier`, so `mlings::reference::boosted_classifier::predict_proba` and
//! its siblings predict with it.

use mlings::types::boosted_classifier::BoostedClassifier;
use mlings::types::histogram_boosting::{BinSplit, Binned, HistError, HistParams, Histogram};
use ndarray::{ArrayView1, ArrayView2};

/// The course's rule for an exercise that builds on an earlier one: it uses the course's
/// reference solution of the earlier exercise, never your own file. Use
/// `boosted_classifier::initial_score(y)` (its errors become `HistError::Classifier`
/// with `?`) and `boosted_classifier::newton_leaf(Σg, Σh, λ)`;
/// `decision_tree::check_targets(x, y.len())` (`LengthMismatch`, `Empty`,
/// `NonFiniteFeature`; `?` turns a `TreeError` into `HistError::Classifier(Tree(..))`);
/// `logistic_regression::sigmoid`; and `check_max_bins` from the types module.
#[allow(unused_imports)]
use mlings::reference::{boosted_classifier, decision_tree, logistic_regression};
#[allow(unused_imports)]
use mlings::types::decision_tree::{Node, NodeKind, RegressionTree, TreeError};
#[allow(unused_imports)]
use mlings::types::histogram_boosting::{Bin, check_max_bins};

/// The ascending bin edges of one feature (see the module doc): the midpoints between
/// neighbouring distinct values when there are at most `max_bins` of them, else the
/// `max_bins − 1` quantile edges (v_lo + v_hi)/2, duplicates kept. A column with one
/// distinct value (or none) has no edge: one bin. The values are finite (the callers
/// check) and `max_bins` is at least 2.
///
/// Example: [3, 1, 2, 1] with max_bins 255 → [1.5, 2.5].
pub fn bin_edges(column: ArrayView1<f64>, max_bins: usize) -> Vec<f64> {
    todo!()
}

/// Bins every feature of `x`: `edges[j] = bin_edges(column j, max_bins)` and
/// `codes[[i, j]]` = the number of `edges[j]` strictly below `x[[i, j]]` (a value equal
/// to an edge goes to the lower bin, as `value <= threshold` goes left).
///
/// Errors, in order: `check_max_bins(max_bins)?` (`InvalidParams`); `TreeError::Empty`
/// when `x` has no rows; `TreeError::NonFiniteFeature { row, feature, value }` for the
/// first non-finite value, row by row (both as `HistError::Classifier(Tree(..))`).
pub fn bin_data(x: ArrayView2<f64>, max_bins: usize) -> Result<Binned, HistError> {
    todo!()
}

/// The histogram of the rows `rows` (each listed row counts once per listing):
/// `bins[j][b]` holds how many of them have code b in feature j, and the sums of their
/// `gradients` and `hessians` (indexed by row). Every feature has `binned.n_bins(j)`
/// bins, empty ones included.
///
/// Errors, in order: `GradientCount { rows: binned.codes.nrows(), gradients, hessians }`
/// unless both have one entry per row; `TreeError::RowOutOfRange { row, n_rows }` for
/// the first listed row that is not below `n_rows = binned.codes.nrows()`.
pub fn histogram(
    binned: &Binned,
    rows: &[usize],
    gradients: ArrayView1<f64>,
    hessians: ArrayView1<f64>,
) -> Result<Histogram, HistError> {
    todo!()
}

/// The histogram of a node's other child: `parent − child`, bin by bin (counts, Σg and
/// Σh). No row is read.
///
/// Errors, in order: `FeatureMismatch { parent, child }` (feature counts);
/// `BinMismatch { feature, parent, child }` for the first feature whose bin counts
/// differ; `NotAChild { feature, bin, parent, child }` for the first bin (feature by
/// feature, bin by bin) where the child has more rows than the parent.
pub fn subtract(parent: &Histogram, child: &Histogram) -> Result<Histogram, HistError> {
    todo!()
}

/// The best split of the node a histogram summarizes. For every feature j in order,
/// take its totals n and G (the sums over its bins), then sweep its bins b = 0, 1, …,
/// n_bins − 2 with running n_L and G_L (bin b included on the left; n_R = n − n_L,
/// G_R = G − G_L). A candidate needs at least `min_samples_leaf` rows on each side (and
/// at least 1, even when `min_samples_leaf` is 0); its gain is
/// G_L²/n_L + G_R²/n_R − G²/n. An empty bin (count 0) adds no candidate: its split
/// sends the same rows as the one before it (and after a subtraction its sums may hold
/// rounding dust).
///
/// The best candidate has the largest gain, even when that gain is 0 or below (the
/// exact tree also splits then). Ties go to the earlier one: the smaller feature, then
/// the smaller bin. `None` when no candidate leaves enough rows on each side.
pub fn best_split(histogram: &Histogram, min_samples_leaf: usize) -> Option<BinSplit> {
    todo!()
}

/// Fits `params.classifier.n_stages` trees by histogram gradient boosting with the log
/// loss: `boosted_classifier`'s procedure, with every split found on histograms.
///
/// Bin `x` once with [`bin_data`]. F starts at `initial_score(y)` on every row. Each
/// stage computes p = σ(F), g = p − y and h = p(1 − p) for every row, then grows a tree
/// depth first from the root (all rows, depth 0). A node of rows R at depth d:
///
/// - is pushed onto `nodes` first (the root is `nodes[0]`; then the left subtree, then
///   the right one), with `n_samples` = |R| and `impurity` = the variance of the g of R,
///   (Σg² − (Σg)²/|R|)/|R| (0 if rounding makes it negative);
/// - stays a leaf when d reaches `tree.max_depth`, when |R| < `tree.min_samples_split`,
///   when every row of R has the same g, or when [`best_split`] of R's histogram (with
///   `tree.min_samples_leaf`) is `None`;
/// - a leaf's value is `newton_leaf(Σg, Σh, λ)` with the sums over R's rows added up
///   from the rows (not from histograms: a subtraction leaves rounding dust where an
///   exact 0 matters), and F moves by `learning_rate` × that value on every row of R;
/// - otherwise it becomes `NodeKind::Split { feature, threshold: edges[feature][bin],
///   left, right }`: rows whose code is ≤ bin go left. Build one child's histogram
///   from its rows and get the other's with [`subtract`] (build the smaller one: that
///   is the speed-up; either way gives the same trees).
///
/// Errors, in order: `params.validate()?` (the classifier's settings, then `max_bins`);
/// `decision_tree::check_targets(x, y.len())`; the label errors of `initial_score`.
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &HistParams,
) -> Result<BoostedClassifier, HistError> {
    todo!()
}
