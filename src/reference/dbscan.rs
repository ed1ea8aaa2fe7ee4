//! Reference solution of the `dbscan` exercise.

use std::collections::VecDeque;

use ndarray::{Array1, ArrayView2};

use crate::types::clustering::{ClusteringError, check_data};
use crate::types::dbscan::{DbscanFit, DbscanParams, PointKind};

pub fn neighbors(x: ArrayView2<f64>, i: usize, eps: f64) -> Vec<usize> {
    if i >= x.nrows() {
        return Vec::new();
    }
    let point = x.row(i);
    let radius_squared = eps * eps;
    x.rows()
        .into_iter()
        .enumerate()
        .filter(|(_, other)| {
            let d: f64 = point
                .iter()
                .zip(other)
                .map(|(u, v)| (u - v) * (u - v))
                .sum();
            d <= radius_squared
        })
        .map(|(j, _)| j)
        .collect()
}

pub fn dbscan(x: ArrayView2<f64>, params: &DbscanParams) -> Result<DbscanFit, ClusteringError> {
    params.validate()?;
    check_data(x)?;
    let n = x.nrows();
    let neighborhoods: Vec<Vec<usize>> = (0..n).map(|i| neighbors(x, i, params.eps)).collect();
    let is_core: Vec<bool> = neighborhoods
        .iter()
        .map(|neighborhood| neighborhood.len() >= params.min_samples)
        .collect();

    let mut labels = Array1::from_elem(n, None);
    let mut n_clusters = 0;
    let mut queue = VecDeque::new();
    for seed in 0..n {
        if !is_core[seed] || labels[seed].is_some() {
            continue;
        }
        let cluster = n_clusters;
        n_clusters += 1;
        labels[seed] = Some(cluster);
        queue.push_back(seed);
        // Every core point reached spreads the cluster to all its neighbours; a border
        // point joins but spreads no further.
        while let Some(point) = queue.pop_front() {
            for &neighbor in &neighborhoods[point] {
                if labels[neighbor].is_none() {
                    labels[neighbor] = Some(cluster);
                    if is_core[neighbor] {
                        queue.push_back(neighbor);
                    }
                }
            }
        }
    }
    let kinds = Array1::from_shape_fn(n, |i| match (is_core[i], labels[i]) {
        (true, _) => PointKind::Core,
        (false, Some(_)) => PointKind::Border,
        (false, None) => PointKind::Noise,
    });
    Ok(DbscanFit {
        labels,
        kinds,
        n_clusters,
    })
}
