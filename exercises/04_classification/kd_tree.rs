//! # Exercise: the k-d tree
//!
//! k-nearest-neighbour models (the next exercise) classify a row by the labels of the
//! training rows closest to it. Brute force compares the query with all n rows: fine for
//! a thousand rows, hopeless for a million queried again and again. A **k-d tree** cuts
//! space into boxes, so that a query only looks at the few boxes that can still hold a
//! closer point than the ones it already has.
//!
//! **The tree.** Each inner node splits its rows on one dimension at the **median**: the
//! lower half goes left, the upper half right. A node with few rows (at most
//! `leaf_size`) is a leaf, scanned point by point. The nodes live in one `Vec<Node>` (an
//! arena); a node names its children by their index in that `Vec`.
//!
//! **The search.** Go down to the leaf of the query first (the *near* side of every
//! split), keeping the k best candidates so far in a **bounded max-heap**, whose top is
//! the worst of them. On the way back up, the far side of a split on dimension d at
//! `value` can only hold points at distance ≥ |q_d − value| (every point there is at
//! least that far in dimension d alone). If that bound already exceeds the k-th best
//! distance, the whole far subtree is **pruned**: never looked at. On uniform 2-D data
//! a query then computes a few dozen distances instead of n.
//!
//! **The tie rule** (the same in `knn`): neighbours are ordered by (squared Euclidean
//! distance, then row index ascending); the k nearest are the first k in that order; a
//! radius query returns every point within the radius, in that order.
//!
//! **Distances.** The squared distance between a point p and the query q is
//! Σⱼ (pⱼ − qⱼ)², summed over the columns in order (not ‖p‖² − 2p·q + ‖q‖², which rounds
//! equal distances apart). Compare squared distances; report `distance` as the square
//! root of the squared distance. Every computation of the squared distance between the
//! query and a point counts as one distance evaluation ([`Query::distance_evaluations`]).
//!
//! Grade with `cargo test --test kd_tree`.
//! The types (`KdTree`, `Node`, `KdTreeParams`, `Candidate`, `Neighbour`, `Query`,
//! `KdTreeError`) are in `src/types/kd_tree.rs`.

use std::collections::BinaryHeap;

// `Neighbour` and `Node` are what you build the answers and the tree from.
#[allow(unused_imports)]
use mlings::types::kd_tree::{
    Candidate, KdTree, KdTreeError, KdTreeParams, Neighbour, Node, Query,
};
use ndarray::{ArrayView1, ArrayView2};

/// The k nearest rows of `points` to `query` by brute force: compute the squared
/// distance of every row, order them by (squared distance, row index), keep the first k
/// (all n when k > n). `distance_evaluations` is n.
///
/// Example: points (0, 0), (1, 0), (0, 1), (0, 0) and query (0, 0), k = 3: rows 0 and 3
/// at distance 0 (row 0 first: the smaller index), then row 1 at distance 1 (it ties
/// with row 2 and has the smaller index).
///
/// Errors (in this order): `Empty` (no rows); `DimensionMismatch { points:
/// points.ncols(), query: query.len() }`; `QueryNotFinite { column }` for the first
/// query value that is NaN or infinite; `ZeroK` when k = 0.
pub fn brute_force(
    points: ArrayView2<f64>,
    query: ArrayView1<f64>,
    k: usize,
) -> Result<Query, KdTreeError> {
    todo!()
}

/// Offers `candidate` to `heap`, a max-heap that keeps the k smallest candidates seen
/// (in the (squared distance, index) order that `Candidate`'s `Ord` implements, so
/// `heap.peek()` is the worst one kept):
///
/// - while the heap holds fewer than k candidates, push it;
/// - otherwise, if it is smaller than the top (in that order, index included), pop the
///   top and push it; if not, leave the heap unchanged.
///
/// The heap never holds more than k candidates (none when k = 0).
pub fn offer(heap: &mut BinaryHeap<Candidate>, candidate: Candidate, k: usize) {
    todo!()
}

/// Builds a k-d tree over the rows of `points` (copy them into `KdTree::points`).
///
/// Build a node for a list of rows (at the root: all of them, 0..n) like this:
///
/// 1. At most `params.leaf_size` rows: a `Node::Leaf` holding them (in any order).
/// 2. Otherwise split on the **widest** dimension: the column where max − min over these
///    rows is largest (on a tie, the smallest column index).
/// 3. If that spread is 0 (every row is the same point), make a leaf of all of them,
///    however many they are: no split can separate them.
/// 4. Order the rows by (their value in that column, then row index); with m = len / 2
///    (rounded down), the first m rows go to the left child and the rest to the right;
///    `value` is the value of the first right row (the median). Build the left child,
///    then the right child, push the `Node::Split { dimension, value, left, right }`.
///
/// `root` is the index of the node of all rows. The order of the nodes in `nodes` is
/// yours to choose (building children first and pushing the parent last is simplest);
/// the grader compares the trees from the root down.
///
/// Errors (in this order): `params.validate()?`; `Empty` (no rows); `NoFeatures` (no
/// columns); `NotFinite { row, column }` for the first NaN or infinite value, reading
/// row by row (row 0 from column 0 up, then row 1, ...).
pub fn build(points: ArrayView2<f64>, params: &KdTreeParams) -> Result<KdTree, KdTreeError> {
    todo!()
}

/// The k nearest points of the tree to `query` (all n when k > n), by the tie rule,
/// found with branch pruning. Search from the root with a bounded max-heap ([`offer`]):
///
/// - at a leaf: compute the squared distance of each of its rows (one evaluation each)
///   and offer it to the heap;
/// - at a split on `dimension` at `value`: let diff = query[dimension] − value. Search
///   the near child first: the left one if diff < 0, otherwise the right one. Then
///   search the far child only if the heap holds fewer than k candidates or diff² ≤ the
///   squared distance of the heap's top. (≤, not <: a point at exactly the k-th distance
///   with a smaller row index may still be over there.)
///
/// Return the heap's candidates in ascending (squared distance, index) order, as
/// `Neighbour { index, distance: squared_distance.sqrt() }`, with the number of
/// distance evaluations made.
///
/// Errors (in this order): `DimensionMismatch { points: tree.points.ncols(), query:
/// query.len() }`; `QueryNotFinite { column }` (the first); `ZeroK` when k = 0.
pub fn nearest(tree: &KdTree, query: ArrayView1<f64>, k: usize) -> Result<Query, KdTreeError> {
    todo!()
}

/// Every point of the tree within `radius` of `query`: those whose squared distance is
/// ≤ radius * radius (compare squares, no square root), in ascending (squared distance,
/// index) order. A radius of 0 finds the exact copies of the query; `f64::INFINITY` finds
/// every point.
///
/// Search from the root: at a leaf, compute the squared distance of each of its rows (one
/// evaluation each) and keep those within the radius; at a split, with diff =
/// query[dimension] − value, search the near child (left if diff < 0, otherwise right),
/// then the far child only if diff² ≤ radius * radius.
///
/// Errors (in this order): `DimensionMismatch`; `QueryNotFinite { column }` (as in
/// [`nearest`]); `InvalidRadius { radius }` when the radius is negative or NaN.
pub fn within_radius(
    tree: &KdTree,
    query: ArrayView1<f64>,
    radius: f64,
) -> Result<Query, KdTreeError> {
    todo!()
}
