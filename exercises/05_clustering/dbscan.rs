//! # Exercise: DBSCAN (density-based clustering)
//!
//! k-means needs k and carves space into convex cells around centroids: it cannot
//! follow a crescent, and it forces every outlier into some cluster. DBSCAN (Ester et
//! al., 1996) instead defines a cluster as a region where points are **dense**, and
//! finds as many clusters as there are such regions, of any shape, leaving the points
//! in sparse regions out as noise.
//!
//! Two settings: a radius `eps` and a count `min_samples`. With the neighbourhood N(p)
//! of a point p being every point within distance `eps` of it (p itself included):
//!
//! - p is a **core** point when |N(p)| ≥ `min_samples`;
//! - p is a **border** point when it is not core but lies in the neighbourhood of a core
//!   point;
//! - every other point is **noise**.
//!
//! A cluster is everything reachable from a core point by hopping from core point to
//! neighbour: core points chain together, border points hang on at the edge (they are
//! reached, but do not let the cluster spread further).
//!
//! Grade with `cargo test --test dbscan` (or `cargo run -- check dbscan`).
//!
//! The types (`DbscanParams`, `DbscanFit`, `PointKind`) are in `src/types/dbscan.rs`; the
//! errors and `check_data` in `src/types/clustering.rs`. A queue:
//! `std::collections::VecDeque` (`push_back`, `pop_front`).

use mlings::types::clustering::ClusteringError;
use mlings::types::dbscan::{DbscanFit, DbscanParams};
use ndarray::ArrayView2;

/// The neighbourhood of row `i`: the indices j of every row with ‖xⱼ − xᵢ‖ ≤ `eps`
/// (Euclidean distance, boundary **included**), in increasing order, `i` itself included.
///
/// Compare squared distances with eps²: the same test, without a square root per pair.
///
/// Example: rows 0, 1, 2.5, 3 on a line with eps = 1: row 0 has neighbours [0, 1]
/// (exactly 1 away counts), row 1 has [0, 1], row 2 has [2, 3].
///
/// Return an empty list if `i` is not a row of `x`.
pub fn neighbors(x: ArrayView2<f64>, i: usize, eps: f64) -> Vec<usize> {
    todo!()
}

/// DBSCAN: labels every row with a cluster, or with `None` for noise.
///
/// 1. `params.validate()?`, then `check_data(x)?`.
/// 2. Find every row's [`neighbors`] (with `params.eps`); a row is core when it has at
///    least `params.min_samples` of them (itself included, as in scikit-learn and linfa).
/// 3. Visit the rows in order 0, 1, 2, ... When a row is core and has no label yet, it
///    seeds a new cluster, numbered 0, 1, 2, ... in the order clusters are found:
///    - label the seed and put it in a queue;
///    - while the queue is not empty, take a point from its front; for each of its
///      neighbours that has no label yet: give it this cluster's label, and if it is a
///      core point, add it to the back of the queue (border points join but do not
///      spread the cluster).
///
///    Rows that are not core are simply skipped in this loop: a row visited early
///    may still be reached later from a cluster seeded after it, so never give up on a
///    point for good when you skip it.
/// 4. The rows still without a label are noise.
///
/// A border point within reach of two clusters belongs to the first one that reaches it,
/// so the result is fully determined by the row order (as in linfa-clustering).
///
/// Return `DbscanFit { labels, kinds, n_clusters }`, with `kinds[i]` the `PointKind` of
/// row i: `Core`, `Border` (not core, but in a cluster) or `Noise`.
///
/// Worked example: rows 0, 1, 2, 3, 4.5, 10 on a line, eps = 1.5, min_samples = 3. The
/// neighbourhoods have 2, 3, 3, 3, 2 and 1 points, so rows 1, 2, 3 are core. Row 0 is
/// skipped at first; row 1 seeds cluster 0, which reaches 0, 2, 3 and, from 3, the point
/// 4.5 (exactly 1.5 away). Labels: [0, 0, 0, 0, 0, None]; kinds: border, core, core,
/// core, border, noise.
pub fn dbscan(x: ArrayView2<f64>, params: &DbscanParams) -> Result<DbscanFit, ClusteringError> {
    todo!()
}
