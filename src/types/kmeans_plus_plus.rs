//! Types for the `kmeans_plus_plus` exercise, also used by `choosing_k`.

use super::clustering::ClusteringError;
use super::kmeans::LloydParams;

/// Settings of k-means with k-means++ seeding and restarts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KMeansParams {
    /// Number of clusters.
    pub k: usize,
    /// Number of restarts (each from a fresh k-means++ seeding); the lowest inertia wins.
    pub n_init: usize,
    /// Seed of the one random generator all restarts draw from.
    pub seed: u64,
    /// When each run of Lloyd's algorithm stops.
    pub lloyd: LloydParams,
}

impl KMeansParams {
    /// `k` clusters, 10 restarts, seed 0, default Lloyd settings.
    pub fn new(k: usize) -> Self {
        KMeansParams {
            k,
            n_init: 10,
            seed: 0,
            lloyd: LloydParams::new(),
        }
    }

    /// Sets the number of restarts.
    pub fn n_init(mut self, n_init: usize) -> Self {
        self.n_init = n_init;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets when each run of Lloyd's algorithm stops.
    pub fn lloyd(mut self, lloyd: LloydParams) -> Self {
        self.lloyd = lloyd;
        self
    }

    /// Checks the settings: k >= 1, n_init >= 1, and valid Lloyd settings.
    /// (Whether k fits the data is checked where the data is known.)
    pub fn validate(&self) -> Result<(), ClusteringError> {
        if self.k == 0 {
            return Err(ClusteringError::NoClusters);
        }
        if self.n_init == 0 {
            return Err(ClusteringError::InvalidParams(
                "n_init must be at least 1".into(),
            ));
        }
        self.lloyd.validate()
    }
}
