//! # Exercise: diagnosing overfitting with validation and learning curves
//!
//! A model can fail in two opposite ways. It can be too simple to capture the pattern
//! (**underfitting**, high bias: poor scores everywhere), or so flexible that it memorises
//! its training rows, noise included (**overfitting**, high variance: near-perfect on the
//! rows it saw, worse on new ones). The two scores of cross-validation, on the training
//! rows and on the held-out rows, tell them apart:
//!
//! ```text
//!  score
//!   1.0 ┤              ●────●────●────●    training: climbs to 1.0 (memorised)
//!       │         ●────●
//!       │    ●───●       ○────○
//!       │   ●       ○───○      ○────○────○ validation: peaks, then sags
//!       │  ○────○───○
//!       └───────────────────────────────── tree depth →
//!         underfit       best       overfit
//! ```
//!
//! - A **validation curve** sweeps one hyperparameter (a tree's depth, a penalty α) and
//!   cross-validates the model at each value; the best value is where the validation
//!   score peaks.
//! - A **learning curve** keeps the model fixed and grows the training set. If the two
//!   curves meet at a low score, more data will not help (underfitting); if a gap
//!   remains, more data would (overfitting).
//!
//! Grade with `cargo test --test overfitting` (or `cargo run -- check overfitting`).
//!
//! This exercise builds on the previous one, through the course's own solution of it
//! (the same API you wrote there), so it works even if yours is unfinished:
//! `use mlings::reference::cross_validation::{cross_validate, fit_and_score};`.
//! Types: `src/types/overfitting.rs` (`CurvePoint`, `Fit`, `FitThresholds`,
//! `CurveError`) and `src/types/cross_validation.rs` (`check_rows` is there). You will
//! also want `use ndarray::Axis;`.

use mlings::types::cross_validation::{CvSettings, Folds};
use mlings::types::model::Model;
use mlings::types::overfitting::{CurveError, CurvePoint, Fit, FitThresholds};
use ndarray::{ArrayView1, ArrayView2};

/// The validation curve of a family of models: for each value v of `values` (in the
/// order given), build the model `model_for(v)`, cross-validate it with
/// `cross_validate(model.as_ref(), x, y, folds, settings)?`, and record
/// `CurvePoint { value: v, train: mean training score, validation: mean validation score }`
/// (`CvScores` has `mean_train()` and `mean_validation()`).
///
/// Example: with `mlings::models::DecisionTreeClassifier`,
/// `model_for = |depth| Box::new(DecisionTreeClassifier::max_depth(depth as usize))` and
/// `values = [1.0, 2.0, 3.0, ...]` trace how a tree's scores change as it grows deeper.
///
/// Errors: `CurveError::NoPoints` if `values` is empty; a cross-validation error is
/// passed on with `?` (it converts into `CurveError::Cv`).
pub fn validation_curve(
    model_for: &dyn Fn(f64) -> Box<dyn Model>,
    values: &[f64],
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    folds: &Folds,
    settings: &CvSettings,
) -> Result<Vec<CurvePoint>, CurveError> {
    todo!()
}

/// The learning curve of `model`: how its scores change with the number of training
/// rows, one point per size in `train_sizes` (in the order given).
///
/// For a size m, run every cross-validation round r (r = 0, 1, ..., `folds.len()` − 1)
/// with a smaller training set: the **first m** of the round's training rows, in the
/// order `folds.round(r).train` lists them, while the validation part stays the whole
/// fold r. Score each round with `fit_and_score` (it standardizes inside, if asked) and
/// record `CurvePoint { value: m as f64, train, validation }` with the mean training and
/// mean validation scores over the rounds.
///
/// (Taking the first m rows assumes the rows are in random order. Bundled datasets can be
/// sorted by class, like iris: shuffle them first with `mlings::prep::shuffle_rows`.)
///
/// Errors, in this order:
/// - `CurveError::NoPoints` if `train_sizes` is empty;
/// - the errors of `check_rows(x, y, folds)?` (x, y and the folds disagree on the number
///   of rows, or there are fewer than 2 folds);
/// - the errors of `folds.round(r)?` (a fold lists a row that does not exist);
/// - `CurveError::InvalidTrainSize { size, available }` for a size of 0 or larger than
///   `available`, the number of training rows of the round that has the fewest;
/// - any error of `fit_and_score`, passed on with `?`.
pub fn learning_curve(
    model: &dyn Model,
    train_sizes: &[usize],
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    folds: &Folds,
    settings: &CvSettings,
) -> Result<Vec<CurvePoint>, CurveError> {
    todo!()
}

/// The point with the highest **validation** score: the setting to choose. (The highest
/// training score would always pick the most flexible model, the one that memorises.)
///
/// Ties go to the earliest point. List the values from the simplest model to the most
/// complex (shallow trees first, large penalties first), and a tie then picks the
/// simpler model, which generalizes at least as well for the same score.
///
/// Error: `CurveError::NoPoints` for an empty curve.
pub fn best_point(curve: &[CurvePoint]) -> Result<CurvePoint, CurveError> {
    todo!()
}

/// Diagnoses a model from its training and validation scores:
///
/// 1. `Fit::Underfitting` if the training score is below `thresholds.good_score`: the
///    model cannot even fit the rows it learnt from (this comes first: fix it first);
/// 2. else `Fit::Overfitting` if the gap train − validation is more than
///    `thresholds.max_gap`;
/// 3. else `Fit::GoodFit`.
///
/// Scores exactly at a threshold are not a problem (a training score equal to
/// `good_score` is good enough; a gap equal to `max_gap` is acceptable).
///
/// On a learning curve, diagnose the last point (the most training data): a gap that is
/// still open there means overfitting, two curves that met at a low score underfitting.
pub fn diagnose(point: &CurvePoint, thresholds: &FitThresholds) -> Fit {
    todo!()
}
