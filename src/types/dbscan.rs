//! Types for the `dbscan` exercise.

use ndarray::Array1;

use super::clustering::ClusteringError;

/// Settings of DBSCAN.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DbscanParams {
    /// The neighbourhood radius: points at Euclidean distance at most `eps` are neighbours.
    pub eps: f64,
    /// A point is a core point when its neighbourhood (the point itself included) holds
    /// at least this many points.
    pub min_samples: usize,
}

impl DbscanParams {
    /// Radius `eps` and `min_samples` points (scikit-learn's defaults are 0.5 and 5).
    pub fn new(eps: f64, min_samples: usize) -> Self {
        DbscanParams { eps, min_samples }
    }

    /// Checks the settings: a positive finite radius and `min_samples` of at least 1.
    pub fn validate(&self) -> Result<(), ClusteringError> {
        if !(self.eps > 0.0 && self.eps.is_finite()) {
            return Err(ClusteringError::InvalidParams(format!(
                "eps must be positive and finite, got {}",
                self.eps
            )));
        }
        if self.min_samples == 0 {
            return Err(ClusteringError::InvalidParams(
                "min_samples must be at least 1 (it counts the point itself)".into(),
            ));
        }
        Ok(())
    }
}

/// The role DBSCAN gives a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointKind {
    /// At least `min_samples` points within `eps` (itself included): the inside of a cluster.
    Core,
    /// Not core, but within `eps` of a core point: the edge of a cluster.
    Border,
    /// Neither: belongs to no cluster.
    Noise,
}

/// A DBSCAN clustering.
#[derive(Debug, Clone, PartialEq)]
pub struct DbscanFit {
    /// For every sample, its cluster (0, 1, ... in the order the clusters were found), or
    /// `None` for noise.
    pub labels: Array1<Option<usize>>,
    /// For every sample, whether it is a core, border or noise point.
    pub kinds: Array1<PointKind>,
    /// The number of clusters found.
    pub n_clusters: usize,
}
