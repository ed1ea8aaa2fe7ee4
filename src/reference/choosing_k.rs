//! Reference solution of the `choosing_k` exercise.

use ndarray::{Array1, ArrayView1, ArrayView2};

use crate::reference::kmeans_plus_plus::kmeans_plus_plus;
use crate::types::choosing_k::{KChoice, KSearch};
use crate::types::clustering::{ClusteringError, check_data, renumber_labels};

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
    let (cluster_of, m) = renumber_labels(labels);
    let mut sizes = vec![0; m];
    cluster_of.iter().for_each(|&c| sizes[c] += 1);
    if sizes.len() < 2 || sizes.len() > n - 1 {
        return Err(ClusteringError::SilhouetteUndefined {
            clusters: sizes.len(),
            max: n - 1,
        });
    }
    let mut scores = Array1::zeros(n);
    let mut distance_sums = vec![0.0; sizes.len()];
    for (i, point) in x.rows().into_iter().enumerate() {
        let own = cluster_of[i];
        if sizes[own] == 1 {
            continue; // a point alone in its cluster scores 0
        }
        distance_sums.fill(0.0);
        for (other, &cluster) in x.rows().into_iter().zip(&cluster_of) {
            let d: f64 = point
                .iter()
                .zip(other)
                .map(|(u, v)| (u - v) * (u - v))
                .sum();
            distance_sums[cluster] += d.sqrt();
        }
        // The point's distance to itself is 0, so its own sum covers the size - 1 others.
        let a = distance_sums[own] / (sizes[own] - 1) as f64;
        let b = (0..sizes.len())
            .filter(|&c| c != own)
            .map(|c| distance_sums[c] / sizes[c] as f64)
            .fold(f64::INFINITY, f64::min);
        let spread = a.max(b);
        scores[i] = if spread > 0.0 { (b - a) / spread } else { 0.0 };
    }
    Ok(scores)
}

pub fn silhouette_score(
    x: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<f64, ClusteringError> {
    let scores = silhouette_samples(x, labels)?;
    Ok(scores.sum() / scores.len() as f64)
}

pub fn elbow_curve(x: ArrayView2<f64>, search: &KSearch) -> Result<Vec<f64>, ClusteringError> {
    search.validate(1)?;
    (1..=search.max_k)
        .map(|k| Ok(kmeans_plus_plus(x, &search.params_for(k))?.inertia))
        .collect()
}

pub fn choose_k(x: ArrayView2<f64>, search: &KSearch) -> Result<KChoice, ClusteringError> {
    search.validate(2)?;
    let mut silhouettes = Vec::new();
    for k in 2..=search.max_k {
        let fit = kmeans_plus_plus(x, &search.params_for(k))?;
        silhouettes.push((k, silhouette_score(x, fit.labels.view())?));
    }
    let mut best = silhouettes[0];
    for &(k, score) in &silhouettes[1..] {
        if score > best.1 {
            best = (k, score);
        }
    }
    Ok(KChoice {
        k: best.0,
        silhouettes,
    })
}
