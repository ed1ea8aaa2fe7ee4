//! A learner's DBSCAN growing clusters depth first with a Vec as a stack.

use mlings::types::clustering::{ClusteringError, check_data};
use mlings::types::dbscan::{DbscanFit, DbscanParams, PointKind};
use ndarray::{Array1, ArrayView2};

pub fn neighbors(x: ArrayView2<f64>, i: usize, eps: f64) -> Vec<usize> {
    let mut found = Vec::new();
    if i >= x.nrows() {
        return found;
    }
    for j in 0..x.nrows() {
        let mut d2 = 0.0;
        for c in 0..x.ncols() {
            let diff = x[[j, c]] - x[[i, c]];
            d2 += diff * diff;
        }
        if d2.sqrt() <= eps {
            found.push(j);
        }
    }
    found
}

pub fn dbscan(x: ArrayView2<f64>, params: &DbscanParams) -> Result<DbscanFit, ClusteringError> {
    params.validate()?;
    check_data(x)?;
    let n = x.nrows();
    let core: Vec<bool> = (0..n)
        .map(|i| neighbors(x, i, params.eps).len() >= params.min_samples)
        .collect();
    let mut labels: Vec<Option<usize>> = vec![None; n];
    let mut next_cluster = 0;
    for seed in 0..n {
        if !core[seed] || labels[seed].is_some() {
            continue;
        }
        labels[seed] = Some(next_cluster);
        let mut stack = vec![seed];
        while let Some(p) = stack.pop() {
            for q in neighbors(x, p, params.eps) {
                if labels[q].is_none() {
                    labels[q] = Some(next_cluster);
                    if core[q] {
                        stack.push(q);
                    }
                }
            }
        }
        next_cluster += 1;
    }
    let kinds: Array1<PointKind> = (0..n)
        .map(|i| {
            if core[i] {
                PointKind::Core
            } else if labels[i].is_some() {
                PointKind::Border
            } else {
                PointKind::Noise
            }
        })
        .collect();
    Ok(DbscanFit {
        labels: Array1::from(labels),
        kinds,
        n_clusters: next_cluster,
    })
}
