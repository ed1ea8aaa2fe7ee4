//! # Exercise: cross-validation
//!
//! How good is a model on data it has never seen? One train/test split gives an answer
//! that depends on which rows happened to land in the test set. **k-fold
//! cross-validation** asks k times instead: cut the rows into k folds; in round r, train
//! on every fold but fold r and score on fold r. Every row is held out exactly once, and
//! the mean of the k validation scores is a steadier estimate (their spread says how
//! steady).
//!
//! Two rules make the estimate honest:
//!
//! - **Stratify** classification folds: each fold keeps the classes in the same
//!   proportions as the whole dataset, so no fold is, say, all one species.
//! - **No leakage**: anything learnt from data (here the mean and standard deviation of
//!   standardization) is learnt from the training rows of the round only. Standardizing
//!   all rows *before* splitting lets the validation rows shape the training features,
//!   and the score comes out better than the model deserves.
//!
//! Grade with `cargo test --test cross_validation` (or `cargo run -- check cross_validation`).
//!
//! Read the types first:
//! - `src/types/model.rs`: the `Model` trait (`model.fit(x, y)?` returns a trained
//!   `Box<dyn Fitted>` whose `predict(x)?` gives one prediction per row), `Scoring`
//!   (`scoring.score(truth, predicted)?`), and `class_labels(y)?`.
//! - `src/types/cross_validation.rs`: `Folds`, `CvSettings`, `FoldScore`, `CvScores`, `CvError`.
//!
//! Tools you will want (add the `use` lines as you need them):
//! `use mlings::prep::{StandardScaler, rng};` (a scaler fit on some rows transforms any
//! rows; `rng(seed)` is the course's seeded random generator),
//! `use mlings::types::model::class_labels;`, `use ndarray::Axis;` and
//! `use rand::seq::SliceRandom;` (for `list.shuffle(&mut rng)`).

use mlings::types::cross_validation::{CvError, CvScores, CvSettings, FoldScore, Folds};
use mlings::types::model::Model;
use ndarray::{ArrayView1, ArrayView2};

/// Splits the rows `0..n_samples` into `k` folds of nearly equal size.
///
/// - Without a seed (`shuffle_seed = None`) the folds are consecutive blocks: fold 0
///   holds the first rows, fold 1 the next, and so on.
/// - With `Some(seed)`, first shuffle the list `[0, 1, ..., n_samples − 1]` with
///   `list.shuffle(&mut rng(seed))`, then cut the shuffled list into blocks the same way.
///   The same seed must always give the same folds.
///
/// Sizes: every fold gets `n_samples / k` rows, and the first `n_samples % k` folds get
/// one more. Example: 10 rows, k = 3 → [0, 1, 2, 3], [4, 5, 6], [7, 8, 9].
///
/// Sort the rows inside each fold ascending. Return `Folds { folds, n_samples }`.
///
/// Error: `CvError::InvalidK { k, n_samples }` unless 2 ≤ k ≤ n_samples (one fold
/// leaves nothing to train on; more folds than rows leaves a fold empty).
pub fn k_fold(n_samples: usize, k: usize, shuffle_seed: Option<u64>) -> Result<Folds, CvError> {
    todo!()
}

/// Stratified k folds for the class labels `y` (`0.0, 1.0, ...`): every fold holds each
/// class in (nearly) the same proportion as the whole dataset, within one row.
///
/// This is scikit-learn's `StratifiedKFold` algorithm, so without a seed your folds are
/// exactly the ones behind its published scores:
///
/// 1. Read the labels with `class_labels(y)?` (it rejects 1.5 or −1), then count the
///    classes with `n_classes = class_count(labels.view())?`
///    (`mlings::types::labels::class_count`: the largest label + 1; a label like
///    2⁴⁰, an ID read as a label, is `CvError::Labels`, never a huge table). Check k
///    as in [`k_fold`] (with n_samples = the number of labels).
/// 2. **How many rows of each class go to each fold**: sort all the labels, then deal
///    them out like cards: the label at sorted position p goes to fold p % k. Count
///    `quota[fold][class]`. Example: labels sorted [0, 0, 0, 1, 1], k = 2 → fold 0 gets
///    positions 0, 2, 4 = {0, 0, 1}, fold 1 gets positions 1, 3 = {0, 1}: quota[0] =
///    [2, 1], quota[1] = [1, 1].
/// 3. **Which rows**: for each class c (0, 1, 2, ... in order), list the fold numbers
///    `[0; quota[0][c]] ++ [1; quota[1][c]] ++ ...` and give them to the rows of class c
///    in row order: the first quota[0][c] rows of class c go to fold 0, the next
///    quota[1][c] to fold 1, and so on.
///    With `Some(seed)`: create one `rng(seed)` and shuffle each class's list of fold
///    numbers with it (class 0's list first, then class 1's, ...) before handing them out.
/// 4. Each fold lists its rows ascending.
///
/// Example: y = [0, 1, 0, 0, 1], k = 2 (the quotas above): class 0 is rows 0, 2, 3 →
/// folds 0, 0, 1; class 1 is rows 1, 4 → folds 0, 1. Folds: [0, 1, 2] and [3, 4].
///
/// Errors, in this order: the error of `class_labels` (converted with `?`) for a target
/// that is not a class label; that of `class_count` for one too large to be a class
/// index; `CvError::InvalidK` as in [`k_fold`].
pub fn stratified_k_fold(
    y: ArrayView1<f64>,
    k: usize,
    shuffle_seed: Option<u64>,
) -> Result<Folds, CvError> {
    todo!()
}

/// One round of cross-validation: trains `model` on the training rows and scores it on
/// both parts, with `settings.scoring`.
///
/// 1. Preprocess, if `settings.standardize`: fit a scaler on the **training rows only**
///    (`StandardScaler::fit(x_train)?`) and transform both parts with that same scaler
///    (`scaler.transform(x_train)?`, `scaler.transform(x_validation)?`). The validation
///    rows are scaled with the training mean and standard deviation, never their own.
///    Otherwise use the features as they are.
/// 2. `model.fit(x_train, y_train)?` (the preprocessed training features).
/// 3. Predict the training rows and the validation rows with the fitted model, and score
///    each against its targets: `settings.scoring.score(y, predicted.view())?`.
///
/// Return `FoldScore { train, validation }`. A training score far above the validation
/// score is the signature of overfitting (the next exercise).
///
/// Example: `MajorityClass` (it always predicts its training set's most frequent class)
/// trained on y = [0, 0, 1] predicts 0 everywhere: train accuracy 2/3; on validation
/// targets [1, 0] it scores 1/2.
///
/// Errors: pass on (with `?`) any error of the scaler, the model or the scoring.
pub fn fit_and_score(
    model: &dyn Model,
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<f64>,
    x_validation: ArrayView2<f64>,
    y_validation: ArrayView1<f64>,
    settings: &CvSettings,
) -> Result<FoldScore, CvError> {
    todo!()
}

/// Cross-validates `model` on the rows of `x` (targets `y`) with the given folds: for
/// each round r = 0, 1, ..., `folds.len()` − 1, fold r is the validation part and every
/// other row trains. Run [`fit_and_score`] on the round's rows and collect the scores in
/// fold order: `CvScores { folds: vec![round 0, round 1, ...] }`.
///
/// `folds.round(r)?` gives the round's `Split { train, test }` row indices (an error,
/// not a panic, for a fold that lists a row outside `0..folds.n_samples`), and
/// `x.select(Axis(0), &rows)` / `y.select(Axis(0), &rows)` copy out those rows.
///
/// Split first, preprocess after: all preprocessing happens inside `fit_and_score`, on
/// each round's own training rows. Never standardize `x` here.
///
/// Errors, checked before any fitting with `check_rows(x, y, folds)?` (from
/// `mlings::types::cross_validation`), in this order:
/// - `CvError::LengthMismatch { rows, targets }` if `x` has a different number of rows
///   than `y` has targets;
/// - `CvError::FoldsMismatch { folds, rows }` if the folds were made for a different
///   number of rows (`folds.n_samples`) than `x` has;
/// - `CvError::TooFewFolds { folds }` for fewer than 2 folds (0 folds: no round at all).
///
/// Then the errors of `folds.round(r)?` and of `fit_and_score`, passed on with `?`.
pub fn cross_validate(
    model: &dyn Model,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    folds: &Folds,
    settings: &CvSettings,
) -> Result<CvScores, CvError> {
    todo!()
}
