//! # Exercise: k-means (Lloyd's algorithm)
//!
//! Clustering finds groups in data that nobody labelled. k-means describes each of k
//! groups by one point, its centroid, and puts every sample in the group of its nearest
//! centroid. The best centroids make the total squared distance of the samples to their
//! centroids, the **inertia**, as small as possible:
//!
//! ```text
//! inertia = Σᵢ minⱼ ‖xᵢ − cⱼ‖²        (‖a − b‖² = Σ_d (a_d − b_d)², no square root)
//! ```
//!
//! Lloyd's algorithm alternates two steps that can each only lower the inertia:
//!
//! 1. **assign**: give every sample the label of its nearest centroid;
//! 2. **update**: move every centroid to the mean of the samples labelled with it
//!    (the mean is the point with the smallest total squared distance to a group).
//!
//! It stops when the centroids stop moving. It finds a local minimum, not always the
//! best one: the next exercise (k-means++) chooses good starting centroids.
//!
//! Grade with `cargo test --test kmeans` (or `cargo run -- check kmeans`).
//!
//! The types (`LloydParams`, `KMeansFit`, `ClusteringError`, `check_data`,
//! `check_finite`) are in `src/types/kmeans.rs` and `src/types/clustering.rs`: read
//! them first.
//!
//! Tools you will want: `mlings::types::clustering::{check_data, check_finite}` for the
//! input checks; from ndarray `x.rows()` (iterate over samples), `x.row(i)`,
//! `a.iter().zip(b.iter())`, `Array2::zeros((k, p))`, `centroids.row_mut(j)`,
//! `row.assign(&other)`, `x.to_owned()`, and `Array1::from(vec)`.

use mlings::types::clustering::ClusteringError;
use mlings::types::kmeans::{KMeansFit, LloydParams};
use ndarray::{ArrayView1, ArrayView2};

/// The centroid nearest to `point`: its row index in `centroids` (k x p) and the
/// **squared** Euclidean distance to it:
///
/// ```text
/// ‖x − c‖² = Σ_d (x_d − c_d)²
/// ```
///
/// Squared, because k-means minimizes squared distances, and because skipping the
/// square root changes no comparison (a < b exactly when a² < b² for distances).
///
/// Tie rule: when several centroids are equally near, the **lowest index** wins. (Walk
/// the centroids in order and only replace the best so far when strictly nearer.)
///
/// Example: point (3, 4), centroids [(0, 0), (6, 8), (3, 0)]: squared distances 25, 25
/// and 16, so the answer is (2, 16.0).
///
/// Errors, in this order (a distance between points of different lengths means
/// nothing, so never let `zip` silently drop the extra coordinates):
/// - `centroids` has no rows: `Err(ClusteringError::NoClusters)`;
/// - `centroids.ncols() != point.len()`:
///   `Err(FeatureMismatch { data: point.len(), centroids: centroids.ncols() })`.
///
/// (A point with no coordinates is at distance 0 from every centroid: `Ok((0, 0.0))`.)
pub fn nearest_centroid(
    point: ArrayView1<f64>,
    centroids: ArrayView2<f64>,
) -> Result<(usize, f64), ClusteringError> {
    todo!()
}

/// The inertia of `centroids` on the data `x` (n x p): the sum over every row of `x` of
/// its squared distance to its nearest centroid,
///
/// ```text
/// inertia = Σᵢ minⱼ ‖xᵢ − cⱼ‖²
/// ```
///
/// This is the number k-means makes small. It is a **sum** of **squared** distances:
/// scikit-learn's `inertia_` is the same sum, while linfa's `KMeans::inertia()` reports
/// the mean (divided by n).
///
/// Example: x = [(0, 0), (0, 2), (6, 5)], centroids [(0, 1), (6, 8)]: the nearest squared
/// distances are 1, 1 (both to (0, 1)) and 9 (to (6, 8)), so the inertia is 11.
///
/// Errors: the same as [`nearest_centroid`], in the same order, with `data: x.ncols()`
/// (check them before the loop: data with no rows still has a shape to check). Data
/// with no rows and fitting centroids has inertia 0.
pub fn inertia(x: ArrayView2<f64>, centroids: ArrayView2<f64>) -> Result<f64, ClusteringError> {
    todo!()
}

/// Lloyd's algorithm from the given starting centroids (k = `initial_centroids.nrows()`).
///
/// 1. Check the input, in this order, returning the first error:
///    - `params.validate()?`;
///    - `check_data(x)?` (no rows or columns: `Empty`; a NaN or ±∞: `NonFinite`);
///    - k = 0: `Err(ClusteringError::NoClusters)`;
///    - k > n: `Err(ClusteringError::TooManyClusters { k, n })`;
///    - a different number of columns: `Err(FeatureMismatch { data, centroids })`;
///    - `check_finite("initial centroids", initial_centroids)?`.
/// 2. Start from a copy of `initial_centroids`. Repeat, at most `params.max_iterations`
///    times (one iteration = one assignment and one update):
///    - **assign**: label every row with its [`nearest_centroid`];
///    - **update**: every centroid becomes the mean of the rows labelled with it:
///      cⱼ = (Σ_{i: labelᵢ = j} xᵢ) / countⱼ. Always the mean of the *new*
///      assignment: keeping the old centroids, or moving only one, is not k-means.
///    - **empty clusters**: a centroid that no row chose would be 0 / 0 = NaN. Instead,
///      move it onto the row that is farthest from its own centroid (its squared
///      distance from the assignment you just did). With several empty clusters, in
///      order of their index: the first takes the farthest row, the second the next
///      farthest, and so on; among equally far rows the lowest row index comes first.
///      The other centroids stay the means of their rows.
///    - **convergence**: measure how far each centroid moved in this iteration
///      (Euclidean distance between old and new position, with the square root). If
///      the largest move is at most `params.tolerance`, stop: `converged = true`.
///      When no label changed, the means are the same, nothing moves, and this stops.
/// 3. Finally, label every row once more with its nearest centroid *of the centroids you
///    return*, and compute the inertia (the sum of those squared distances) from them.
///    (After the last update, labels from before it may no longer be the nearest.)
///
/// Return `KMeansFit { labels, centroids, inertia, iterations, converged }`, where
/// `iterations` counts the iterations run (so it is at most `max_iterations`).
///
/// Worked example: points on a line 0, 1, 2, 10, 11, 12 (as (x, 0)), starting centroids
/// 0 and 1. Iteration 1: 0 goes to c₀, everything else to c₁ = 1; the means are 0 and
/// (1 + 2 + 10 + 11 + 12) / 5 = 7.2. Iteration 2: 1 and 2 are now nearer to 0 than to
/// 7.2; the means are 1 and 11. Iteration 3: no label changes, nothing moves: converged
/// after 3 iterations with inertia 1 + 0 + 1 + 1 + 0 + 1 = 4.
pub fn lloyd(
    x: ArrayView2<f64>,
    initial_centroids: ArrayView2<f64>,
    params: &LloydParams,
) -> Result<KMeansFit, ClusteringError> {
    todo!()
}
