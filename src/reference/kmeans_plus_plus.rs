//! Reference solution of the `kmeans_plus_plus` exercise.

use ndarray::{Array2, ArrayView2, Axis};
use rand::Rng as _;

use crate::prep::{Rng, rng};
use crate::reference::kmeans::{lloyd, nearest_centroid};
use crate::types::clustering::{ClusteringError, check_data};
use crate::types::kmeans::KMeansFit;
use crate::types::kmeans_plus_plus::KMeansParams;

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
    let weights = x
        .rows()
        .into_iter()
        .map(|point| Ok(nearest_centroid(point, chosen)?.1))
        .collect::<Result<Vec<f64>, ClusteringError>>()?;
    let total: f64 = weights.iter().sum();
    if !(total.is_finite() && total > 0.0) {
        return Ok(0);
    }
    let u = rng.gen_range(0.0..total);
    let mut running = 0.0;
    for (row, &weight) in weights.iter().enumerate() {
        running += weight;
        if running > u {
            return Ok(row);
        }
    }
    // Only rounding can get here (the running sum fell short of total): the last row
    // with a positive weight is the one u landed in.
    Ok(weights.iter().rposition(|&w| w > 0.0).unwrap_or(0))
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
    let mut rows = vec![rng.gen_range(0..n)];
    while rows.len() < k {
        let chosen = x.select(Axis(0), &rows);
        rows.push(next_centroid(x, chosen.view(), rng)?);
    }
    Ok(x.select(Axis(0), &rows))
}

pub fn kmeans_plus_plus(
    x: ArrayView2<f64>,
    params: &KMeansParams,
) -> Result<KMeansFit, ClusteringError> {
    params.validate()?;
    let mut rng = rng(params.seed);
    let mut best: Option<KMeansFit> = None;
    for _ in 0..params.n_init {
        let init = plus_plus_init(x, params.k, &mut rng)?;
        let fit = lloyd(x, init.view(), &params.lloyd)?;
        if best.as_ref().is_none_or(|b| fit.inertia < b.inertia) {
            best = Some(fit);
        }
    }
    best.ok_or_else(|| ClusteringError::InvalidParams("n_init must be at least 1".into()))
}
