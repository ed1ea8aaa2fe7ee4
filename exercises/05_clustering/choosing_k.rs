//! # Exercise: choosing k (the elbow curve and the silhouette)
//!
//! k-means needs k, and the data does not come with it. Two tools help:
//!
//! - The **elbow curve**: the best inertia for k = 1, 2, 3, ... It always goes down
//!   (more centroids never fit worse), steeply while each new centroid splits a real
//!   group, then slowly once it only cuts groups in pieces. The bend, the "elbow", is a
//!   good k, but reading it is a judgement call.
//! - The **silhouette** asks of every point: am I closer to my own cluster than to the
//!   nearest other one? Its mean is one number per clustering, highest for compact,
//!   well separated clusters, and it gives a rule: pick the k with the best silhouette.
//!
//! On iris the silhouette prefers k = 2 (0.681: setosa against the rest) to k = 3
//! (0.553), although there are three species: versicolor and virginica overlap. A
//! metric answers the question it asks, which is not always yours.
//!
//! Grade with `cargo test --test choosing_k` (or `cargo run -- check choosing_k`).
//!
//! The types (`KSearch`, `KChoice`) are in `src/types/choosing_k.rs`; the errors in
//! `src/types/clustering.rs`. For every k this exercise runs k-means++ with restarts
//! from the course library, `mlings::reference::kmeans_plus_plus::kmeans_plus_plus`
//! (the API of your previous exercise), so it is graded on its own code only.

use mlings::types::choosing_k::{KChoice, KSearch};
use mlings::types::clustering::ClusteringError;
use ndarray::{Array1, ArrayView1, ArrayView2};

/// The silhouette of every sample of `x` under the clustering `labels` (any label values;
/// `mlings::types::clustering::renumber_labels` turns them into 0..m).
///
/// For sample i in cluster A, with d the **Euclidean** distance (with the square root:
/// the silhouette is measured in the data's units, unlike the inertia):
///
/// ```text
/// a(i) = mean of d(i, j) over the other members j of A      (divide by |A| − 1)
/// b(i) = min over clusters B ≠ A of the mean of d(i, j) over j in B   (divide by |B|)
/// s(i) = (b(i) − a(i)) / max(a(i), b(i))
/// ```
///
/// s is between −1 and 1: near 1 when i sits deep inside its cluster, near 0 on a border,
/// negative when another cluster is closer on average. Two conventions (scikit-learn's):
/// a sample alone in its cluster scores 0, and so does a sample with a(i) = b(i) = 0.
///
/// Example: points 0, 1 (cluster 0) and 4, 5 (cluster 1) on a line. For 0: a = 1, b =
/// (4 + 5) / 2 = 4.5, s = 3.5 / 4.5 = 7/9. For 1: a = 1, b = (3 + 4) / 2 = 3.5, s = 5/7.
/// By symmetry 4 and 5 score 5/7 and 7/9.
///
/// Errors, in this order: `check_data(x)?`; a label count other than n:
/// `Err(LengthMismatch { what: "labels", expected: n, got })`; fewer than 2 or more
/// than n − 1 distinct labels: `Err(SilhouetteUndefined { clusters, max: n − 1 })`.
pub fn silhouette_samples(
    x: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<Array1<f64>, ClusteringError> {
    todo!()
}

/// The mean silhouette over all samples: one number for a whole clustering (the one
/// scikit-learn's `silhouette_score` gives). Same errors as [`silhouette_samples`].
pub fn silhouette_score(
    x: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<f64, ClusteringError> {
    todo!()
}

/// The elbow curve: the inertia of k-means++ for every k = 1, 2, ..., `search.max_k`
/// (element k − 1 is the inertia for k).
///
/// `search.validate(1)?` first; then, for each k, `kmeans_plus_plus(x, &search.params_for(k))?`
/// and keep its `inertia`. For k = 1 the single centroid is the mean of all rows, so the
/// first value is the total sum of squares Σᵢ ‖xᵢ − x̄‖².
pub fn elbow_curve(x: ArrayView2<f64>, search: &KSearch) -> Result<Vec<f64>, ClusteringError> {
    todo!()
}

/// Chooses k by the silhouette: for every k = 2, ..., `search.max_k` (k = 1 has no
/// silhouette), cluster with `kmeans_plus_plus(x, &search.params_for(k))?`, score the
/// labels with [`silhouette_score`], and pick the k with the highest score (on a tie,
/// the smaller k).
///
/// `search.validate(2)?` first. Return `KChoice { k, silhouettes }` with the `(k, score)`
/// pairs in increasing k.
pub fn choose_k(x: ArrayView2<f64>, search: &KSearch) -> Result<KChoice, ClusteringError> {
    todo!()
}
