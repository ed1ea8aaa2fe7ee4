//! # Exercise: a decision tree classifier (CART)
//!
//! A decision tree classifies a sample by asking it a few questions, each of the form
//! "is feature j <= t?", and answering with the majority class of the training samples
//! that gave the same answers. CART (Breiman et al., 1984) grows it greedily: at each
//! node, take the best split over **all features** (the best threshold of each feature,
//! from the previous exercise, and the feature whose split lowers the Gini impurity
//! most), send the samples left or right, and do the same again on each side until a
//! stopping rule says "leaf".
//!
//! ## The tree drawn by hand
//!
//! Nine samples with two features (x0, x1) and three classes:
//!
//! ```text
//!  x1                                   class 0: (1, 3) (2, 1) (2, 4)
//!   4 |    0        2                   class 1: (3, 1) (4, 0) (5, 1)
//!   3 | 0     2  2                      class 2: (3, 3) (4, 3) (5, 4)
//!   2 |
//!   1 |    0  1     1                   root Gini = 1 − 3·(⅓)² = ⅔
//!   0 |          1
//!     +--------------- x0
//!       1  2  3  4  5
//! ```
//!
//! The root tries every feature. On x0 the cut at 2.5 isolates class 0: left [3, 0, 0]
//! (Gini 0), right [0, 3, 3] (Gini 0.5), decrease ⅔ − (6/9)·0.5 = ⅓; no other cut of x0
//! or x1 does as well (the best on x1, at 2.0, only reaches 0.233). The left side is
//! pure: a leaf. On the right, x1 <= 2.0 separates class 1 from class 2 perfectly
//! (decrease 0.5), while any cut of x0 there leaves both sides half and half:
//!
//! ```text
//!                 x0 <= 2.5
//!                /         \
//!        class 0 [3,0,0]   x1 <= 2.0
//!                          /        \
//!                 class 1 [0,3,0]   class 2 [0,0,3]
//! ```
//!
//! Depth 2 (questions on the longest path), 3 leaves. `export_text` prints it as
//!
//! ```text
//! |--- x0 <= 2.50
//! |   |--- class: 0
//! |--- x0 >  2.50
//! |   |--- x1 <= 2.00
//! |   |   |--- class: 1
//! |   |--- x1 >  2.00
//! |   |   |--- class: 2
//! ```
//!
//! ## The data structure: an arena
//!
//! A tree is recursive, and the textbook Rust type for it is a boxed enum:
//!
//! ```text
//! enum Tree { Leaf(Vec<usize>), Split { feature: usize, threshold: f64, left: Box<Tree>, right: Box<Tree> } }
//! ```
//!
//! It reads naturally and recursion over it is easy. This course uses the other
//! classic layout, an **arena**: all nodes in one `Vec<Node>`, the root at index 0, and
//! a split naming its children by their **index** in that `Vec` (see `Tree`, `Node` and
//! `NodeKind` in `src/types/decision_tree.rs`). One allocation instead of one per node,
//! nodes packed together in memory (fast to walk), trivially cloned, printed and
//! compared, and no ownership puzzles: walking from the root is just a loop
//! `index = left` or `index = right` until a leaf. It is how scikit-learn stores its
//! trees too.
//!
//! To build an arena recursively, push the node first (as a leaf), grow its children,
//! then turn it into a split, so the root stays at index 0:
//!
//! ```text
//! fn build(nodes: &mut Vec<Node<Vec<usize>>>, rows: &[usize], depth: usize, ...) -> usize {
//!     let index = nodes.len();
//!     nodes.push(Node { n_samples, impurity, kind: NodeKind::Leaf(counts) });
//!     if /* this node should split on (feature, threshold) */ {
//!         let left = build(nodes, &left_rows, depth + 1, ...);
//!         let right = build(nodes, &right_rows, depth + 1, ...);
//!         nodes[index].kind = NodeKind::Split { feature, threshold, left, right };
//!     }
//!     index
//! }
//! ```
//!
//! For the split search you may paste your `best_split` (and `gini`) from the previous
//! exercises, or call the course's `mlings::reference::best_split::best_split` on a
//! node's rows (`x.column(j).select(Axis(0), &rows)` gathers one feature of them).
//!
//! Grade: `cargo test --test decision_tree` (or `cargo run -- check decision_tree`).

use mlings::types::decision_tree::{DecisionTree, TreeError, TreeParams};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// Grows a CART classification tree on the rows of `x` (samples x features) with class
/// labels `y`.
///
/// - Check the settings first with `params.validate()?`; then the data, in this order:
///   `LengthMismatch { rows, targets }` if `x` and `y` disagree, `Empty` for no rows,
///   `NonFiniteFeature { row, feature, value }` for the first NaN or infinite feature
///   (reading row by row), then `NotAClassIndex(..)` for the first label too large to be
///   a class index (an ID or a price read as a label: `1 << 40` would need 8 TB of
///   counts per leaf, `usize::MAX + 1` overflows).
///   `mlings::types::labels::class_count(y)?` does that check and returns n_classes.
/// - The classes are `0..n_classes` with n_classes = the largest label + 1: labels
///   `[0, 2]` mean three classes, class 1 absent, and every leaf holds 3 counts.
/// - Every node records `n_samples` (how many training samples reach it) and `impurity`
///   (the Gini impurity of their labels). A leaf holds the class counts of its samples,
///   one count per class (`n_classes` entries).
/// - A node becomes a **leaf** when its depth (root = 0) has reached `params.max_depth`,
///   when it has fewer than `params.min_samples_split` samples, when it is pure (one
///   class), or when no feature can be split leaving `params.min_samples_leaf` samples
///   on each side.
/// - Otherwise it **splits** on the feature whose best split (Gini, as in `best_split`)
///   has the largest impurity decrease; ties go to the smallest feature index. A
///   decrease of 0 still splits. Samples with `x[feature] <= threshold` go left.
///
/// With no depth limit the tree keeps splitting until every leaf is pure or cannot be
/// split, so it fits distinct training points exactly.
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &TreeParams,
) -> Result<DecisionTree, TreeError> {
    todo!()
}

/// The predicted class of each row of `x`: walk from the root (`tree.nodes[0]`), going
/// to `left` when `row[feature] <= threshold` and to `right` otherwise, until a leaf;
/// predict the class with the largest count there (ties go to the smallest class).
///
/// Error: `FeatureCount { expected: tree.n_features, got: x.ncols() }` when `x` has the
/// wrong number of columns.
pub fn predict(tree: &DecisionTree, x: ArrayView2<f64>) -> Result<Array1<usize>, TreeError> {
    todo!()
}

/// The class probabilities of each row of `x`: the class counts of the leaf it reaches,
/// divided by their sum. Row i, column k is the share of class k in row i's leaf, so
/// each row sums to 1. Shape: (rows of `x`, number of classes).
///
/// Error: `FeatureCount` as in [`predict`].
pub fn predict_proba(tree: &DecisionTree, x: ArrayView2<f64>) -> Result<Array2<f64>, TreeError> {
    todo!()
}

/// The depth of the tree: the number of questions on its longest root-to-leaf path.
/// A tree that is a single leaf has depth 0; the tree drawn above has depth 2.
pub fn depth(tree: &DecisionTree) -> usize {
    todo!()
}

/// The number of leaves (3 for the tree drawn above).
pub fn n_leaves(tree: &DecisionTree) -> usize {
    todo!()
}

/// The rules of the tree as text, one line per branch, as drawn above (the format of
/// scikit-learn's `export_text`):
///
/// - a split at depth d prints two lines, `"|   "` repeated d times, then
///   `"|--- {name} <= {threshold:.2}"` followed by its left subtree, then
///   `"|--- {name} >  {threshold:.2}"` (two spaces after `>`) followed by its right subtree;
/// - a leaf at depth d prints the same indentation, then `"|--- class: {k}"`, where k is
///   its majority class (ties to the smallest);
/// - every line ends with `'\n'`.
///
/// `feature_names[j]` names feature j. Error: `FeatureNames { expected, got }` when
/// there are not exactly `tree.n_features` names.
pub fn export_text(tree: &DecisionTree, feature_names: &[&str]) -> Result<String, TreeError> {
    todo!()
}
