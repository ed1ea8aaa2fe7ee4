//! Types for the `choosing_k` exercise.

use super::clustering::ClusteringError;
use super::kmeans::LloydParams;
use super::kmeans_plus_plus::KMeansParams;

/// A search over the number of clusters k = 1 (or 2) ..= `max_k`, each k fitted with
/// k-means++ and restarts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KSearch {
    /// The largest k tried.
    pub max_k: usize,
    /// Restarts for every k.
    pub n_init: usize,
    /// Seed for every k (each k starts its own generator from it).
    pub seed: u64,
    /// When each run of Lloyd's algorithm stops.
    pub lloyd: LloydParams,
}

impl KSearch {
    /// Tries k up to `max_k` with 10 restarts, seed 0 and default Lloyd settings (change
    /// them with `KSearch { n_init: 3, ..KSearch::new(8) }`).
    pub fn new(max_k: usize) -> Self {
        let defaults = KMeansParams::new(1);
        KSearch {
            max_k,
            n_init: defaults.n_init,
            seed: defaults.seed,
            lloyd: defaults.lloyd,
        }
    }

    /// The k-means settings for one k of the search.
    pub fn params_for(&self, k: usize) -> KMeansParams {
        KMeansParams::new(k)
            .n_init(self.n_init)
            .seed(self.seed)
            .lloyd(self.lloyd)
    }

    /// Checks the settings: `max_k` at least `min_k` (1 for the elbow curve, 2 for the
    /// silhouette), and valid k-means settings.
    pub fn validate(&self, min_k: usize) -> Result<(), ClusteringError> {
        if self.max_k < min_k {
            return Err(ClusteringError::InvalidParams(format!(
                "max_k must be at least {min_k}, got {}",
                self.max_k
            )));
        }
        self.params_for(self.max_k).validate()
    }
}

/// The number of clusters a search chose, and the evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct KChoice {
    /// The chosen number of clusters.
    pub k: usize,
    /// `(k, mean silhouette)` for every k tried, in increasing k.
    pub silhouettes: Vec<(usize, f64)>,
}
