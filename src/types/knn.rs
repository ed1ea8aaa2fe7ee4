//! Types for the `knn` exercise.

use ndarray::{Array1, Array2};

use crate::types::cross_validation::CvError;
use crate::types::labels::NotAClassIndex;

/// One training row near a query point: its index in the training matrix and its
/// squared Euclidean distance to the point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    pub row: usize,
    pub squared_distance: f64,
}

impl Neighbour {
    /// The Euclidean distance d = √(squared distance), which distance weights use.
    pub fn distance(&self) -> f64 {
        self.squared_distance.sqrt()
    }
}

/// How the k nearest neighbours' votes (or targets) are weighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Weights {
    /// Every neighbour counts once (scikit-learn's `weights="uniform"`).
    #[default]
    Uniform,
    /// A neighbour at distance d counts 1/d, so closer neighbours count more
    /// (scikit-learn's `weights="distance"`). If some neighbours are at distance 0 (exact
    /// matches of the query), they alone count, once each.
    Distance,
}

/// Settings of a k-nearest-neighbours model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnnParams {
    /// How many neighbours vote (at least 1).
    pub k: usize,
    pub weights: Weights,
}

impl KnnParams {
    /// k neighbours with uniform weights.
    pub fn new(k: usize) -> Self {
        KnnParams {
            k,
            weights: Weights::Uniform,
        }
    }

    /// Sets the weighting of the neighbours.
    pub fn weights(mut self, weights: Weights) -> Self {
        self.weights = weights;
        self
    }

    /// Checks the settings: `KnnError::InvalidK` when k is 0 (nobody would vote).
    pub fn validate(&self) -> Result<(), KnnError> {
        if self.k == 0 {
            return Err(KnnError::InvalidK { k: self.k });
        }
        Ok(())
    }
}

/// A fitted k-NN classifier. k-NN is a *lazy* learner: fitting only stores the training
/// rows, and all the work happens when predicting.
#[derive(Debug, Clone, PartialEq)]
pub struct KnnClassifier {
    pub x_train: Array2<f64>,
    pub y_train: Array1<usize>,
    pub params: KnnParams,
}

/// A fitted k-NN regressor: the training rows and their real-valued targets.
#[derive(Debug, Clone, PartialEq)]
pub struct KnnRegressor {
    pub x_train: Array2<f64>,
    pub y_train: Array1<f64>,
    pub params: KnnParams,
}

/// The cross-validated accuracy of one candidate k.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KScore {
    pub k: usize,
    /// The mean over the rounds of each round's validation accuracy.
    pub mean_accuracy: f64,
}

/// The result of choosing k by cross-validation.
#[derive(Debug, Clone, PartialEq)]
pub struct KChoice {
    /// One score per candidate, in the order the candidates were given.
    pub scores: Vec<KScore>,
    /// The candidate with the highest mean accuracy (the smallest such k on a tie).
    pub best_k: usize,
}

/// Why a k-NN model could not be fitted, used or tuned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KnnError {
    #[error("k = {k}: at least one neighbour must vote, so k must be at least 1")]
    InvalidK { k: usize },
    #[error("no training rows: a k-NN model needs rows to find neighbours among")]
    Empty,
    #[error(
        "x has {rows} rows but there are {targets} targets: they must match, one target per row"
    )]
    RowsMismatch { rows: usize, targets: usize },
    #[error(transparent)]
    NotAClassIndex(#[from] NotAClassIndex),
    #[error("k = {k} neighbours were asked for, but there are only {rows} training rows")]
    KTooLarge { k: usize, rows: usize },
    #[error(
        "the training rows have {train} columns but the query has {query}: \
         a distance needs the same features on both sides"
    )]
    ColumnsMismatch { train: usize, query: usize },
    #[error("no neighbours to vote: the list of neighbours is empty")]
    NoNeighbours,
    #[error("neighbour row {row} is not a training row: there are {rows} labels")]
    RowOutOfRange { row: usize, rows: usize },
    #[error("no candidate k to choose from")]
    NoCandidates,
    #[error("the folds cover {folds} rows but the data has {rows}: make the folds for this data")]
    FoldsMismatch { folds: usize, rows: usize },
    #[error("cross-validation needs at least 2 folds, got {folds}")]
    TooFewFolds { folds: usize },
    #[error(transparent)]
    Cv(#[from] CvError),
    #[error("standardization failed: {0}")]
    Preprocessing(String),
}

impl From<crate::datasets::DataError> for KnnError {
    fn from(error: crate::datasets::DataError) -> Self {
        KnnError::Preprocessing(error.to_string())
    }
}
