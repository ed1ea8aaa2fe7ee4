//! Types for the `pipeline` exercise: the settings of a fitted chain impute → encode →
//! standardize → model, the fitted chain itself, one cross-validation round's result,
//! and the error.

use ndarray::Array1;

pub use crate::datasets::{Folds, Table};
use crate::prep::StandardScaler;
use crate::types::categorical_encoding::{Encoder, EncoderParams, EncodingError, Unknown};
use crate::types::cross_validation::CvError;
use crate::types::decision_tree::{DecisionTree, TreeError, TreeParams};
use crate::types::missing_values::{Imputer, ImputerParams, MissingError, NumericFill};
use crate::types::softmax_regression::{SoftmaxError, SoftmaxModel, SoftmaxParams};

/// The model at the end of the chain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Classifier {
    /// Multinomial logistic regression with scikit-learn's penalty `C` (see
    /// [`softmax_params`]).
    Logistic { c: f64 },
    /// A CART decision tree (gini) grown to at most `max_depth` levels.
    Tree { max_depth: usize },
}

/// How each step of the chain is fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineParams {
    pub imputer: ImputerParams,
    pub encoder: EncoderParams,
    pub classifier: Classifier,
}

impl PipelineParams {
    /// scikit-learn's penguin pipeline of SOURCES.md: numbers filled with the train
    /// median, categories with the most frequent train value, one-hot encoding that
    /// ignores an unseen category, then `classifier`.
    pub fn new(classifier: Classifier) -> Self {
        PipelineParams {
            imputer: ImputerParams::new().numeric(NumericFill::Median),
            encoder: EncoderParams::one_hot().unknown(Unknown::Ignore),
            classifier,
        }
    }
}

/// Gradient steps of the logistic model: enough to reach scikit-learn's optimum on the
/// penguins to 4 digits of the log-loss.
pub const LOGISTIC_ITERATIONS: usize = 150;

/// The step size of the logistic model's gradient descent (with momentum 0.9).
pub const LOGISTIC_LEARNING_RATE: f64 = 4.0;

/// The settings of `mlings::reference::softmax_regression::fit` that minimize
/// scikit-learn's `LogisticRegression(C = c)` objective on `n_train` rows: the penalty
/// λ = 1 / (c · n_train) on the mean cross-entropy.
pub fn softmax_params(c: f64, n_train: usize) -> SoftmaxParams {
    SoftmaxParams::new(LOGISTIC_LEARNING_RATE)
        .momentum(0.9)
        .iterations(LOGISTIC_ITERATIONS)
        .l2(1.0 / (c * n_train as f64))
}

/// The settings of `mlings::reference::decision_tree::fit` for `Tree { max_depth }`.
pub fn tree_params(max_depth: usize) -> TreeParams {
    TreeParams::new().max_depth(max_depth)
}

/// The trained model at the end of a fitted pipeline.
#[derive(Debug, Clone, PartialEq)]
pub enum FittedModel {
    Logistic(SoftmaxModel),
    Tree(DecisionTree),
}

/// A fitted chain: every step learnt from the same training table, and applied
/// unchanged to any table with its columns.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedPipeline {
    pub imputer: Imputer,
    pub encoder: Encoder,
    /// One mean and scale per encoded column: those of the training rows for a column
    /// that was numeric in the table, mean 0 and scale 1 for a one-hot column.
    pub scaler: StandardScaler,
    pub model: FittedModel,
}

/// One cross-validation round: the pipeline fitted on the round's training rows, and
/// its accuracy on them and on the round's test rows.
#[derive(Debug, Clone, PartialEq)]
pub struct FoldResult {
    pub pipeline: FittedPipeline,
    pub train_accuracy: f64,
    pub test_accuracy: f64,
}

/// The mean test accuracy over the rounds (NaN for no round).
pub fn mean_test_accuracy(rounds: &[FoldResult]) -> f64 {
    rounds.iter().map(|r| r.test_accuracy).sum::<f64>() / rounds.len() as f64
}

/// The share of equal labels (NaN for none).
pub fn accuracy(predicted: &Array1<usize>, truth: &Array1<usize>) -> f64 {
    predicted.iter().zip(truth).filter(|(p, t)| p == t).count() as f64 / truth.len() as f64
}

/// Why a pipeline could not be fitted, applied or cross-validated. The errors of the
/// steps pass through unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PipelineError {
    #[error("the table has {rows} rows but {labels} labels were given: one label per row")]
    RowsMismatch { rows: usize, labels: usize },
    #[error(transparent)]
    Missing(#[from] MissingError),
    #[error(transparent)]
    Encoding(#[from] EncodingError),
    #[error(transparent)]
    Softmax(#[from] SoftmaxError),
    #[error(transparent)]
    Tree(#[from] TreeError),
    #[error(transparent)]
    Folds(#[from] CvError),
    /// The table could not be cut into a round's rows, or the scaler could not be fit.
    #[error("{0}")]
    Data(String),
}

/// For each column of the encoder's output, whether it is standardized: `true` for a
/// column that was numeric in the table (copied through), `false` for a one-hot column.
pub fn scaled_columns(encoder: &Encoder) -> Vec<bool> {
    use crate::types::categorical_encoding::{ColumnEncoding, Encoding};
    let dropped = usize::from(encoder.params.drop_first);
    encoder
        .columns
        .iter()
        .flat_map(|column| match &column.encoding {
            ColumnEncoding::Passthrough => vec![true],
            ColumnEncoding::Categories(c) if encoder.params.encoding == Encoding::OneHot => {
                vec![false; c.len().saturating_sub(dropped)]
            }
            ColumnEncoding::Categories(_) => vec![false],
        })
        .collect()
}
