//! Types for the `overfitting` exercise.

use crate::types::cross_validation::CvError;

/// One point of a validation or learning curve: a setting and the cross-validated mean
/// training and validation scores the model reached with it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    /// The hyperparameter (a tree's depth, a penalty α) of a validation curve, or the
    /// number of training rows of a learning curve.
    pub value: f64,
    /// Mean score on the rows the model was trained on.
    pub train: f64,
    /// Mean score on the held-out rows.
    pub validation: f64,
}

impl CurvePoint {
    /// How much better the model does on its training rows than on unseen rows.
    pub fn gap(&self) -> f64 {
        self.train - self.validation
    }
}

/// What a pair of training and validation scores says about a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Too simple (high bias): it scores poorly even on the rows it learnt from.
    /// More capacity helps: a deeper tree, a smaller penalty, better features.
    Underfitting,
    /// Good on its training rows and about as good on unseen rows.
    GoodFit,
    /// Memorises (high variance): far better on its training rows than on unseen ones.
    /// A simpler model, a larger penalty or more data helps.
    Overfitting,
}

/// Where [`Fit`]'s lines are drawn; they depend on the problem (0.9 accuracy is poor
/// on iris and excellent on a noisy task).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitThresholds {
    /// A training score below this is underfitting.
    pub good_score: f64,
    /// A training score more than this above the validation score is overfitting.
    pub max_gap: f64,
}

/// Why a curve could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CurveError {
    #[error("a curve needs at least one point: no values were given")]
    NoPoints,
    #[error(
        "a training set of {size} rows is impossible: every round has between 1 and \
         {available} training rows"
    )]
    InvalidTrainSize { size: usize, available: usize },
    #[error(transparent)]
    Cv(#[from] CvError),
}
