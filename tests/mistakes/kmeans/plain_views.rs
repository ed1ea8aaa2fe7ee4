//! A learner's k-means written with ndarray views and Vecs, no slices.

use mlings::types::clustering::{ClusteringError, check_data, check_finite};
use mlings::types::kmeans::{KMeansFit, LloydParams};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

pub fn nearest_centroid(
    point: ArrayView1<f64>,
    centroids: ArrayView2<f64>,
) -> Result<(usize, f64), ClusteringError> {
    if centroids.nrows() == 0 {
        return Err(ClusteringError::NoClusters);
    }
    if centroids.ncols() != point.len() {
        return Err(ClusteringError::FeatureMismatch {
            data: point.len(),
            centroids: centroids.ncols(),
        });
    }
    let mut best = 0;
    let mut best_distance = f64::INFINITY;
    for (j, centroid) in centroids.rows().into_iter().enumerate() {
        let d = (&point - &centroid).mapv(|v| v * v).sum();
        if d < best_distance {
            best = j;
            best_distance = d;
        }
    }
    Ok((best, best_distance))
}

pub fn inertia(x: ArrayView2<f64>, centroids: ArrayView2<f64>) -> Result<f64, ClusteringError> {
    if centroids.nrows() == 0 {
        return Err(ClusteringError::NoClusters);
    }
    if centroids.ncols() != x.ncols() {
        return Err(ClusteringError::FeatureMismatch {
            data: x.ncols(),
            centroids: centroids.ncols(),
        });
    }
    let mut total = 0.0;
    for row in x.rows() {
        total += nearest_centroid(row, centroids)?.1;
    }
    Ok(total)
}

fn assign(x: ArrayView2<f64>, centroids: ArrayView2<f64>) -> (Vec<usize>, Vec<f64>) {
    x.rows()
        .into_iter()
        .map(|row| nearest_centroid(row, centroids).expect("shapes checked"))
        .unzip()
}

pub fn lloyd(
    x: ArrayView2<f64>,
    initial_centroids: ArrayView2<f64>,
    params: &LloydParams,
) -> Result<KMeansFit, ClusteringError> {
    params.validate()?;
    check_data(x)?;
    let n = x.nrows();
    let k = initial_centroids.nrows();
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
    let p = x.ncols();
    let mut centroids = initial_centroids.to_owned();
    let mut iterations = 0;
    let mut converged = false;
    while iterations < params.max_iterations {
        let (labels, distances) = assign(x, centroids.view());
        let mut sums = Array2::<f64>::zeros((k, p));
        let mut counts = vec![0usize; k];
        for (i, &label) in labels.iter().enumerate() {
            let mut sum = sums.row_mut(label);
            sum += &x.row(i);
            counts[label] += 1;
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| distances[b].partial_cmp(&distances[a]).unwrap());
        let mut next_far = 0;
        let mut updated = Array2::<f64>::zeros((k, p));
        for j in 0..k {
            if counts[j] == 0 {
                updated.row_mut(j).assign(&x.row(order[next_far]));
                next_far += 1;
            } else {
                let mean = &sums.row(j) / counts[j] as f64;
                updated.row_mut(j).assign(&mean);
            }
        }
        let mut largest: f64 = 0.0;
        for j in 0..k {
            let moved = (&updated.row(j) - &centroids.row(j))
                .mapv(|v| v * v)
                .sum()
                .sqrt();
            largest = largest.max(moved);
        }
        centroids = updated;
        iterations += 1;
        if largest <= params.tolerance {
            converged = true;
            break;
        }
    }
    let (labels, distances) = assign(x, centroids.view());
    Ok(KMeansFit {
        labels: Array1::from(labels),
        centroids,
        inertia: distances.iter().sum(),
        iterations,
        converged,
    })
}
