//! Reference solution of the `kmeans` exercise.
//!
//! The hot loop works on plain slices: rows of a standard-layout array are contiguous,
//! so a point is `&[f64]` and the k centroids are one `&[f64]` read `p` values at a time.
//! With 2-D data that is several times faster than building an `ArrayView1` per row.

use ndarray::{Array1, Array2, ArrayBase, ArrayView1, ArrayView2, Axis, Data, Dimension};

use crate::types::clustering::{ClusteringError, check_data, check_finite};
use crate::types::kmeans::{KMeansFit, LloydParams};

pub fn nearest_centroid(
    point: ArrayView1<f64>,
    centroids: ArrayView2<f64>,
) -> Result<(usize, f64), ClusteringError> {
    check_centroids(point.len(), centroids)?;
    let point = point.as_standard_layout();
    let centroids = centroids.as_standard_layout();
    Ok(nearest(row_major(&point), row_major(&centroids)))
}

pub fn inertia(x: ArrayView2<f64>, centroids: ArrayView2<f64>) -> Result<f64, ClusteringError> {
    check_centroids(x.ncols(), centroids)?;
    let x = x.as_standard_layout();
    let centroids = centroids.as_standard_layout();
    let p = x.ncols().max(1);
    Ok(row_major(&x)
        .chunks_exact(p)
        .map(|point| nearest(point, row_major(&centroids)).1)
        .sum())
}

/// The shape checks of `nearest_centroid` and `inertia`: at least one centroid, and as
/// many features per centroid as the points have.
fn check_centroids(features: usize, centroids: ArrayView2<f64>) -> Result<(), ClusteringError> {
    if centroids.nrows() == 0 {
        return Err(ClusteringError::NoClusters);
    }
    if centroids.ncols() != features {
        return Err(ClusteringError::FeatureMismatch {
            data: features,
            centroids: centroids.ncols(),
        });
    }
    Ok(())
}

pub fn lloyd(
    x: ArrayView2<f64>,
    initial_centroids: ArrayView2<f64>,
    params: &LloydParams,
) -> Result<KMeansFit, ClusteringError> {
    params.validate()?;
    check_data(x)?;
    let (n, k) = (x.nrows(), initial_centroids.nrows());
    if k == 0 {
        return Err(ClusteringError::NoClusters);
    }
    if k > n {
        return Err(ClusteringError::TooManyClusters { k, n });
    }
    if initial_centroids.ncols() != x.ncols() {
        return Err(ClusteringError::FeatureMismatch {
            data: x.ncols(),
            centroids: initial_centroids.ncols(),
        });
    }
    check_finite("initial centroids", initial_centroids)?;

    let x = x.as_standard_layout();
    let points = row_major(&x);
    let mut centroids = initial_centroids.as_standard_layout().into_owned();
    let mut iterations = 0;
    let mut converged = false;
    while !converged && iterations < params.max_iterations {
        let updated = lloyd_iteration(points, &centroids);
        let largest_move = (&updated - &centroids)
            .mapv(|d| d * d)
            .sum_axis(Axis(1))
            .fold(0.0, |largest: f64, &moved| largest.max(moved))
            .sqrt();
        centroids = updated;
        iterations += 1;
        converged = largest_move <= params.tolerance;
    }
    // The labels and the inertia describe the centroids returned, so assign once more.
    let (labels, distances): (Vec<usize>, Vec<f64>) = points
        .chunks_exact(x.ncols())
        .map(|point| nearest(point, row_major(&centroids)))
        .unzip();
    Ok(KMeansFit {
        labels: Array1::from(labels),
        centroids,
        inertia: distances.iter().sum(),
        iterations,
        converged,
    })
}

/// One iteration: assign every point to its nearest centroid while summing the points
/// of each cluster, then divide by the counts. `points` holds the rows of x one after
/// the other; `centroids` is k x p in standard layout.
fn lloyd_iteration(points: &[f64], centroids: &Array2<f64>) -> Array2<f64> {
    let (k, p) = centroids.dim();
    let mut sums = Array2::zeros((k, p));
    let mut counts = Array1::<f64>::zeros(k);
    let old = row_major(centroids);
    let flat_sums = sums
        .as_slice_mut()
        .expect("Array2::zeros is in standard layout");
    let flat_counts = counts.as_slice_mut().expect("Array1::zeros is contiguous");
    // When the compiler knows the row width it unrolls the distance loop: about twice
    // as fast on 2-D data. P = 0 stands for "any other width".
    match p {
        1 => sum_by_nearest::<1>(points, old, p, flat_sums, flat_counts),
        2 => sum_by_nearest::<2>(points, old, p, flat_sums, flat_counts),
        3 => sum_by_nearest::<3>(points, old, p, flat_sums, flat_counts),
        4 => sum_by_nearest::<4>(points, old, p, flat_sums, flat_counts),
        _ => sum_by_nearest::<0>(points, old, p, flat_sums, flat_counts),
    }
    if counts.iter().any(|&count| count == 0.0) {
        reseed_empty_clusters(points, old, &mut sums, &mut counts);
    }
    sums / &counts.insert_axis(Axis(1))
}

/// Adds every point to the sum of its nearest centroid's cluster and counts it. Rows
/// are `P` wide, or `p` wide when `P` is 0.
fn sum_by_nearest<const P: usize>(
    points: &[f64],
    centroids: &[f64],
    p: usize,
    sums: &mut [f64],
    counts: &mut [f64],
) {
    let p = if P > 0 { P } else { p };
    for point in points.chunks_exact(p) {
        let (j, _) = nearest(point, centroids);
        sums[j * p..(j + 1) * p]
            .iter_mut()
            .zip(point)
            .for_each(|(sum, v)| *sum += v);
        counts[j] += 1.0;
    }
}

/// Gives every empty cluster (in index order) one of the points farthest from their own
/// centroid: the farthest to the first empty cluster, the next farthest to the next, ties
/// to the lower row index. Its sum becomes that point and its count 1.
fn reseed_empty_clusters(
    points: &[f64],
    centroids: &[f64],
    sums: &mut Array2<f64>,
    counts: &mut Array1<f64>,
) {
    let p = sums.ncols();
    let distances: Vec<f64> = points
        .chunks_exact(p)
        .map(|point| nearest(point, centroids).1)
        .collect();
    let mut farthest_first: Vec<usize> = (0..distances.len()).collect();
    // A stable sort: equally far points keep their row order.
    farthest_first.sort_by(|&a, &b| distances[b].total_cmp(&distances[a]));
    let empty: Vec<usize> = (0..counts.len()).filter(|&j| counts[j] == 0.0).collect();
    for (cluster, &row) in empty.into_iter().zip(&farthest_first) {
        let point = ArrayView1::from(&points[row * p..(row + 1) * p]);
        sums.row_mut(cluster).assign(&point);
        counts[cluster] = 1.0;
    }
}

/// Index and squared distance of the centroid nearest to `point`; `centroids` holds k
/// rows of `point.len()` values one after the other. Ties go to the lower index.
fn nearest(point: &[f64], centroids: &[f64]) -> (usize, f64) {
    if point.is_empty() {
        return (0, 0.0); // no features: every centroid is at distance 0
    }
    let mut nearest = (0, f64::INFINITY);
    for (j, centroid) in centroids.chunks_exact(point.len()).enumerate() {
        let distance = squared_distance(point, centroid);
        if distance < nearest.1 {
            nearest = (j, distance);
        }
    }
    nearest
}

fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(u, v)| (u - v) * (u - v)).sum()
}

/// The elements of an array in standard layout (e.g. from `as_standard_layout()`), row
/// after row.
fn row_major<S: Data<Elem = f64>, D: Dimension>(a: &ArrayBase<S, D>) -> &[f64] {
    a.as_slice()
        .expect("only called on arrays in standard layout, which are contiguous")
}
