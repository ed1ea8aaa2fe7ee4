//! Types for the `kmeans` exercise (Lloyd's algorithm), also used by `kmeans_plus_plus`
//! and `choosing_k`.

use ndarray::{Array1, Array2};

use super::clustering::ClusteringError;

/// When Lloyd's algorithm stops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LloydParams {
    /// At most this many iterations (one iteration = assign every point, then move
    /// every centroid to the mean of its points).
    pub max_iterations: usize,
    /// Converged when no centroid moved farther than this (Euclidean distance, in the
    /// data's units) during an iteration. 0 means: until nothing moves at all, which is
    /// exactly when the assignments stop changing.
    pub tolerance: f64,
}

impl LloydParams {
    /// At most 300 iterations, tolerance 1e-4 (scikit-learn's defaults).
    pub fn new() -> Self {
        LloydParams {
            max_iterations: 300,
            tolerance: 1e-4,
        }
    }

    /// Sets the iteration cap.
    pub fn max_iterations(mut self, max_iterations: usize) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Sets the centroid-movement tolerance.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks the settings: at least one iteration, and a tolerance that is a number >= 0.
    pub fn validate(&self) -> Result<(), ClusteringError> {
        if self.max_iterations == 0 {
            return Err(ClusteringError::InvalidParams(
                "max_iterations must be at least 1".into(),
            ));
        }
        if self.tolerance.is_nan() || self.tolerance < 0.0 {
            return Err(ClusteringError::InvalidParams(format!(
                "tolerance must be >= 0, got {}",
                self.tolerance
            )));
        }
        Ok(())
    }
}

impl Default for LloydParams {
    fn default() -> Self {
        Self::new()
    }
}

/// A k-means clustering.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeansFit {
    /// For every sample, the index (0..k) of its nearest centroid in `centroids`.
    pub labels: Array1<usize>,
    /// `k x n_features`: row j is the centroid of cluster j.
    pub centroids: Array2<f64>,
    /// The sum over all samples of the squared Euclidean distance to their centroid.
    pub inertia: f64,
    /// Number of iterations run (each one assignment and one update).
    pub iterations: usize,
    /// Whether it stopped because the centroids stopped moving (rather than at the cap).
    pub converged: bool,
}
