//! A learner's silhouette from a full n x n distance matrix; choose_k with max_by.

use mlings::reference::kmeans_plus_plus::kmeans_plus_plus;
use mlings::types::choosing_k::{KChoice, KSearch};
use mlings::types::clustering::{ClusteringError, check_data, renumber_labels};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

pub fn silhouette_samples(
    x: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<Array1<f64>, ClusteringError> {
    check_data(x)?;
    let n = x.nrows();
    if labels.len() != n {
        return Err(ClusteringError::LengthMismatch {
            what: "labels",
            expected: n,
            got: labels.len(),
        });
    }
    let (cluster, m) = renumber_labels(labels);
    if m < 2 || m > n - 1 {
        return Err(ClusteringError::SilhouetteUndefined {
            clusters: m,
            max: n - 1,
        });
    }
    let distances = Array2::from_shape_fn((n, n), |(i, j)| {
        (&x.row(i) - &x.row(j)).mapv(|v| v * v).sum().sqrt()
    });
    let mut size = vec![0usize; m];
    for &c in &cluster {
        size[c] += 1;
    }
    let scores = (0..n)
        .map(|i| {
            let own = cluster[i];
            if size[own] < 2 {
                return 0.0;
            }
            let mut sums = vec![0.0; m];
            for j in 0..n {
                if j != i {
                    sums[cluster[j]] += distances[[i, j]];
                }
            }
            let a = sums[own] / (size[own] - 1) as f64;
            let b = (0..m)
                .filter(|&c| c != own)
                .map(|c| sums[c] / size[c] as f64)
                .fold(f64::INFINITY, f64::min);
            if a == 0.0 && b == 0.0 {
                0.0
            } else {
                (b - a) / a.max(b)
            }
        })
        .collect();
    Ok(scores)
}

pub fn silhouette_score(
    x: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<f64, ClusteringError> {
    Ok(silhouette_samples(x, labels)?.mean().unwrap_or(0.0))
}

pub fn elbow_curve(x: ArrayView2<f64>, search: &KSearch) -> Result<Vec<f64>, ClusteringError> {
    search.validate(1)?;
    let mut curve = Vec::new();
    for k in 1..=search.max_k {
        curve.push(kmeans_plus_plus(x, &search.params_for(k))?.inertia);
    }
    Ok(curve)
}

pub fn choose_k(x: ArrayView2<f64>, search: &KSearch) -> Result<KChoice, ClusteringError> {
    search.validate(2)?;
    let mut silhouettes = Vec::new();
    for k in 2..=search.max_k {
        let fit = kmeans_plus_plus(x, &search.params_for(k))?;
        silhouettes.push((k, silhouette_score(x, fit.labels.view())?));
    }
    // max_by keeps the last of equal maxima: walk from the largest k down to keep the smallest.
    let best = silhouettes
        .iter()
        .rev()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|&(k, _)| k)
        .unwrap_or(2);
    Ok(KChoice { k: best, silhouettes })
}
