//! A learner's k-means++ with plain loops: weights by hand, the walk with position().

use mlings::prep::Rng;
use mlings::reference::kmeans::{lloyd, nearest_centroid};
use mlings::types::clustering::{ClusteringError, check_data};
use mlings::types::kmeans::KMeansFit;
use mlings::types::kmeans_plus_plus::KMeansParams;
use ndarray::{Array2, ArrayView2, Axis};
use rand::Rng as _;

pub fn next_centroid(
    x: ArrayView2<f64>,
    chosen: ArrayView2<f64>,
    rng: &mut Rng,
) -> Result<usize, ClusteringError> {
    if chosen.nrows() == 0 {
        return Err(ClusteringError::NoClusters);
    }
    if chosen.ncols() != x.ncols() {
        return Err(ClusteringError::FeatureMismatch {
            data: x.ncols(),
            centroids: chosen.ncols(),
        });
    }
    let mut weights = Vec::with_capacity(x.nrows());
    for row in x.rows() {
        let (_, d2) = nearest_centroid(row, chosen)?;
        weights.push(d2);
    }
    let total: f64 = weights.iter().sum();
    if total == 0.0 {
        return Ok(0);
    }
    let u = rng.gen_range(0.0..total);
    let mut running = 0.0;
    let found = weights.iter().position(|w| {
        running += w;
        running > u
    });
    Ok(found.unwrap_or_else(|| weights.iter().rposition(|&w| w > 0.0).unwrap_or(0)))
}

pub fn plus_plus_init(
    x: ArrayView2<f64>,
    k: usize,
    rng: &mut Rng,
) -> Result<Array2<f64>, ClusteringError> {
    check_data(x)?;
    let n = x.nrows();
    if k == 0 {
        return Err(ClusteringError::NoClusters);
    }
    if k > n {
        return Err(ClusteringError::TooManyClusters { k, n });
    }
    let first = rng.gen_range(0..n);
    let mut centroids = x.select(Axis(0), &[first]);
    while centroids.nrows() < k {
        let next = next_centroid(x, centroids.view(), rng)?;
        centroids.push_row(x.row(next)).expect("same width");
    }
    Ok(centroids)
}

pub fn kmeans_plus_plus(
    x: ArrayView2<f64>,
    params: &KMeansParams,
) -> Result<KMeansFit, ClusteringError> {
    params.validate()?;
    let mut rng = mlings::prep::rng(params.seed);
    let mut best: Option<KMeansFit> = None;
    for _ in 0..params.n_init {
        let start = plus_plus_init(x, params.k, &mut rng)?;
        let fit = lloyd(x, start.view(), &params.lloyd)?;
        best = match best {
            Some(b) if fit.inertia >= b.inertia => Some(b),
            _ => Some(fit),
        };
    }
    Ok(best.expect("n_init >= 1 was validated"))
}
