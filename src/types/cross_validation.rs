//! Types for the `cross_validation` exercise.

use ndarray::{ArrayView1, ArrayView2};

use crate::datasets::DataError;
pub use crate::datasets::Folds;
use crate::types::labels::NotAClassIndex;
use crate::types::model::{ModelError, Scoring};

/// How a model is scored in cross-validation, and whether its features are
/// standardized first (fit on each round's training rows only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CvSettings {
    pub scoring: Scoring,
    /// Standardize the features (z-scores) before fitting: the scaler learns its means
    /// and standard deviations from the training rows and is applied to both parts.
    pub standardize: bool,
}

impl CvSettings {
    /// Scores with `scoring`, on raw features.
    pub fn new(scoring: Scoring) -> Self {
        CvSettings {
            scoring,
            standardize: false,
        }
    }

    /// Standardizes the features inside every round.
    pub fn standardized(mut self) -> Self {
        self.standardize = true;
        self
    }
}

/// The scores of one round: on the rows the model was trained on, and on the held-out
/// validation rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FoldScore {
    pub train: f64,
    pub validation: f64,
}

/// The scores of every round of a cross-validation, in fold order.
#[derive(Debug, Clone, PartialEq)]
pub struct CvScores {
    pub folds: Vec<FoldScore>,
}

impl CvScores {
    /// The mean training score over the rounds.
    pub fn mean_train(&self) -> f64 {
        mean(self.folds.iter().map(|f| f.train))
    }

    /// The mean validation score over the rounds: the cross-validated estimate of how
    /// well the model does on rows it has not seen.
    pub fn mean_validation(&self) -> f64 {
        mean(self.folds.iter().map(|f| f.validation))
    }

    /// The population standard deviation of the validation scores: how much the
    /// estimate depends on which rows were held out.
    pub fn std_validation(&self) -> f64 {
        let m = self.mean_validation();
        mean(self.folds.iter().map(|f| (f.validation - m).powi(2))).sqrt()
    }
}

fn mean(values: impl ExactSizeIterator<Item = f64>) -> f64 {
    let n = values.len();
    values.sum::<f64>() / n as f64
}

/// Checks, in this order, that `x` has one row per target of `y`
/// (`CvError::LengthMismatch`), that `folds` were made for that many rows
/// (`CvError::FoldsMismatch`), and that there are at least 2 folds
/// (`CvError::TooFewFolds`: with 0 folds there is no round, with 1 nothing trains).
pub fn check_rows(x: ArrayView2<f64>, y: ArrayView1<f64>, folds: &Folds) -> Result<(), CvError> {
    if x.nrows() != y.len() {
        return Err(CvError::LengthMismatch {
            rows: x.nrows(),
            targets: y.len(),
        });
    }
    if folds.n_samples != x.nrows() {
        return Err(CvError::FoldsMismatch {
            folds: folds.n_samples,
            rows: x.nrows(),
        });
    }
    if folds.len() < 2 {
        return Err(CvError::TooFewFolds { folds: folds.len() });
    }
    Ok(())
}

/// Why folds could not be made or a cross-validation could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CvError {
    #[error("cannot make {k} folds of {n_samples} rows: need 2 <= k <= {n_samples}")]
    InvalidK { k: usize, n_samples: usize },
    #[error("x has {rows} rows but y has {targets} targets: one target per row is needed")]
    LengthMismatch { rows: usize, targets: usize },
    #[error("the folds cover {folds} rows but the data has {rows}: make the folds for this data")]
    FoldsMismatch { folds: usize, rows: usize },
    #[error("cross-validation needs at least 2 folds, got {folds}")]
    TooFewFolds { folds: usize },
    #[error("there is no round {round}: the folds have rounds 0 to {folds} - 1")]
    NoSuchRound { round: usize, folds: usize },
    #[error("fold {fold} lists row {row}, but the folds cover rows 0 to {n_samples} - 1")]
    RowOutOfRange {
        fold: usize,
        row: usize,
        n_samples: usize,
    },
    #[error(transparent)]
    Labels(#[from] NotAClassIndex),
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("preprocessing failed: {0}")]
    Preprocessing(String),
}

impl From<DataError> for CvError {
    fn from(error: DataError) -> Self {
        CvError::Preprocessing(error.to_string())
    }
}
