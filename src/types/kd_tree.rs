//! Types for the `kd_tree` exercise: the tree (an arena of nodes), its settings, the
//! candidates of the bounded max-heap, query results and errors.

use std::cmp::Ordering;

use ndarray::Array2;

/// Settings of a k-d tree.
#[derive(Debug, Clone, PartialEq)]
pub struct KdTreeParams {
    /// A node with at most this many rows becomes a leaf (scanned point by point).
    pub leaf_size: usize,
}

impl Default for KdTreeParams {
    fn default() -> Self {
        Self::new()
    }
}

impl KdTreeParams {
    /// Leaves of at most 16 rows (linfa-nn's default).
    pub fn new() -> Self {
        KdTreeParams { leaf_size: 16 }
    }

    /// Sets the largest number of rows in a leaf.
    pub fn leaf_size(mut self, leaf_size: usize) -> Self {
        self.leaf_size = leaf_size;
        self
    }

    /// Checks the settings: a leaf holds at least one row.
    pub fn validate(&self) -> Result<(), KdTreeError> {
        if self.leaf_size == 0 {
            return Err(KdTreeError::InvalidParams(
                "leaf_size must be at least 1, got 0".into(),
            ));
        }
        Ok(())
    }
}

/// One node of the tree, stored in [`KdTree::nodes`]; children are indices into that
/// same `Vec` (an arena: no `Box`, no pointers).
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A leaf: the row indices (into [`KdTree::points`]) it holds, in any order.
    Leaf { rows: Vec<usize> },
    /// An inner node: the rows of `left` have `points[[row, dimension]] <= value`, those
    /// of `right` have `points[[row, dimension]] >= value` (`value` is the median).
    Split {
        dimension: usize,
        value: f64,
        left: usize,
        right: usize,
    },
}

/// A k-d tree over the rows of `points`.
#[derive(Debug, Clone, PartialEq)]
pub struct KdTree {
    /// A copy of the rows the tree was built on (row i is point i).
    pub points: Array2<f64>,
    /// Every node; children are indices into this `Vec`.
    pub nodes: Vec<Node>,
    /// The index in `nodes` of the root.
    pub root: usize,
}

/// A point offered to the bounded max-heap of the k nearest: its squared distance to the
/// query and its row index.
///
/// Candidates are ordered by (squared distance, then row index), the course's tie rule,
/// so the top of a `BinaryHeap<Candidate>` (its maximum) is the worst candidate kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub squared_distance: f64,
    pub index: usize,
}

impl Eq for Candidate {}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.squared_distance
            .total_cmp(&other.squared_distance)
            .then(self.index.cmp(&other.index))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One neighbour found by a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    /// Its row index in the points.
    pub index: usize,
    /// Its Euclidean distance to the query (the square root of the squared distance).
    pub distance: f64,
}

/// The answer to a query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The neighbours, ordered by (distance, then row index).
    pub neighbours: Vec<Neighbour>,
    /// How many times the distance from the query to a point was computed: n for brute
    /// force, far fewer for a tree that prunes.
    pub distance_evaluations: usize,
}

/// Why a tree could not be built or queried.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KdTreeError {
    #[error("invalid parameters: {0}")]
    InvalidParams(String),
    #[error("no points: a tree needs at least one row")]
    Empty,
    #[error("the points have no columns: a k-d tree needs at least one dimension")]
    NoFeatures,
    #[error("points[[{row}, {column}]] is not finite: every coordinate must be a number")]
    NotFinite { row: usize, column: usize },
    #[error(
        "the points have {points} columns but the query has {query} values: one value per column"
    )]
    DimensionMismatch { points: usize, query: usize },
    #[error("query[{column}] is not finite: every coordinate of the query must be a number")]
    QueryNotFinite { column: usize },
    #[error("k = 0: ask for at least one neighbour")]
    ZeroK,
    #[error("radius {radius}: a radius must be >= 0 (and not NaN)")]
    InvalidRadius { radius: f64 },
}
