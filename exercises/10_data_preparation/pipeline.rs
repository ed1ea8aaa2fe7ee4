//! # Exercise: a pipeline, fitted and cross-validated without leakage
//!
//! A model never sees the raw table. Before it come steps that learn from data: an
//! imputer learns fill values, an encoder learns the categories, a scaler learns means
//! and standard deviations. A **pipeline** chains them behind one fit and one predict:
//!
//! ```text
//! fit(train):      imputer ← fit on train;   filled  = impute(train)
//!                  encoder ← fit on filled;  encoded = encode(filled)
//!                  scaler  ← fit on encoded; x       = scale(encoded)
//!                  model   ← fit on (x, labels)
//! predict(table):  model.predict(scale(encode(impute(table))))   -- nothing refitted
//! ```
//!
//! Every step is fitted on the training rows only, and applied unchanged to any other
//! rows. **Cross-validation** must refit the whole chain inside each round, on that
//! round's training rows: filling the gaps or standardizing once on all rows *before*
//! splitting lets the held-out rows shape the training features (leakage), and the
//! score comes out better than the model deserves. The test of it: change the held-out
//! rows of a round, and nothing fitted in that round may change.
//!
//! This is scikit-learn's penguin pipeline (SOURCES.md): numbers filled with the train
//! median, text with the most frequent train value, one-hot encoding (categories
//! sorted, an unseen category encoded as all zeros), the **numeric columns**
//! standardized (one-hot columns stay 0/1), then a multinomial logistic regression
//! (C = 1) or a depth-3 decision tree. On the penguins' holdout split it reaches test
//! accuracy 1.000 (logistic, log-loss 0.0320) and 0.986 (tree).
//!
//! Grade with `cargo test --test pipeline` (or `cargo run -- check pipeline`).
//!
//! Read the types first: `src/types/pipeline.rs` (`PipelineParams`, `Classifier`,
//! `FittedPipeline`, `FittedModel`, `FoldResult`, `PipelineError`, and the helpers
//! `softmax_params`, `tree_params`, `scaled_columns`, `accuracy`).
//!
//! Use the course's steps (their own exercises need not be finished):
//! `mlings::reference::missing_values::{fit_imputer, impute}`,
//! `mlings::reference::categorical_encoding::{fit_encoder, encode}`,
//! `mlings::prep::StandardScaler` (`fit`, `transform`; map its error with
//! `PipelineError::Data(e.to_string())`), `mlings::reference::softmax_regression::{fit,
//! predict}` and `mlings::reference::decision_tree::{fit, predict}`. Their errors
//! convert into `PipelineError` with `?`.

use mlings::types::pipeline::{
    FittedPipeline, FoldResult, Folds, PipelineError, PipelineParams, Table,
};
use ndarray::{Array1, Array2, ArrayView1};

/// Fits the chain on `train` and its `labels` (one class index per row).
///
/// 1. `RowsMismatch { rows, labels }` unless the table has one row per label (checked
///    first, before any step is fitted).
/// 2. The imputer: `fit_imputer(&params.imputer, train)`, then fill `train` with it.
/// 3. The encoder: `fit_encoder(&params.encoder, &filled)`, then encode the filled table.
/// 4. The scaler: `StandardScaler::fit` on the encoded matrix, then, for every column
///    that `scaled_columns(&encoder)` marks `false` (a one-hot column), set its mean to 0
///    and its scale to 1 so it stays 0/1. Transform the encoded matrix with it.
/// 5. The model, on the standardized matrix and `labels`:
///    - `Classifier::Logistic { c }`: `softmax_regression::fit(x, labels,
///      &softmax_params(c, n))` with n the number of training rows (scikit-learn's C
///      is the penalty λ = 1 / (C·n) on the mean loss);
///    - `Classifier::Tree { max_depth }`: `decision_tree::fit(x, labels,
///      &tree_params(max_depth))`.
///
/// Any step's error is returned as it is (`?`).
pub fn fit_pipeline(
    params: &PipelineParams,
    train: &Table,
    labels: ArrayView1<usize>,
) -> Result<FittedPipeline, PipelineError> {
    todo!()
}

/// The matrix the model sees for `table`: impute with the fitted imputer, encode with
/// the fitted encoder, transform with the fitted scaler. Nothing is refitted: the rows of
/// `table` change no fill, no category and no mean. A table whose columns differ from
/// the training table's gets the imputer's error.
pub fn transform(pipeline: &FittedPipeline, table: &Table) -> Result<Array2<f64>, PipelineError> {
    todo!()
}

/// The predicted class of every row of `table`: [`transform`], then the fitted model's
/// `predict` (softmax regression's or the tree's).
pub fn predict(pipeline: &FittedPipeline, table: &Table) -> Result<Array1<usize>, PipelineError> {
    todo!()
}

/// Cross-validates the whole chain: for each round k = 0, 1, …, `folds.len() − 1`, take
/// `folds.round(k)?` (its `train` and `test` row lists), select those rows of `table`
/// (`table.select_rows(&rows)`, errors as `PipelineError::Data`) and of `labels`, fit a
/// new pipeline on the training rows only, and record its accuracy on them and on the
/// test rows. Returns one `FoldResult` per round, in round order.
///
/// Errors: `RowsMismatch` first (as in [`fit_pipeline`]), then the rounds' own.
pub fn cross_validate(
    params: &PipelineParams,
    table: &Table,
    labels: ArrayView1<usize>,
    folds: &Folds,
) -> Result<Vec<FoldResult>, PipelineError> {
    todo!()
}
