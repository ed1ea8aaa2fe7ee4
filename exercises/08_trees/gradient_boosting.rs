//! # Exercise: gradient boosting of regression trees
//!
//! A random forest grows deep trees independently and averages them. **Boosting** grows
//! shallow trees one after another, each one fitted to what the ensemble so far still
//! gets wrong. For the squared loss L = ½(y − F)², the negative gradient with respect to
//! the prediction F is y − F, the **residual**: fitting a tree to the residuals is a step
//! of gradient descent in the space of functions. The model after M stages is
//!
//! ```text
//! F₀(x) = ȳ                                  (the mean training target)
//! Fₘ(x) = Fₘ₋₁(x) + η · treeₘ(x),            treeₘ fitted to rᵢ = yᵢ − Fₘ₋₁(xᵢ)
//! ```
//!
//! The **learning rate** (shrinkage) η ∈ (0, 1] makes each step small: more trees are
//! needed, but the ensemble generalizes better. Every tree is shallow (depth 3 by
//! default): boosting fixes its bias stage by stage, where a forest averages away the
//! variance of deep trees. With η ≤ 1 and every row, the training MSE never increases
//! from one stage to the next: each tree's leaf means are the best constant moves.
//!
//! **Stochastic boosting** fits each tree on a random share of the rows (`subsample`
//! < 1, drawn without replacement), which is faster and often generalizes better.
//! **Early stopping** watches the loss on a validation set and stops when it no longer
//! improves: the number of stages is chosen by data, not by hand.
//!
//! Worked example (x = 1..6, y = 2, 4, 3, 10, 12, 20, stumps of depth 1, η = 0.5):
//!
//! ```text
//! F₀ = 8.5                      training MSE 39.92
//! r₁ = y − F₀ = −6.5 −4.5 −5.5 1.5 3.5 11.5
//! tree₁: x ≤ 3.5 → −5.5, else 5.5
//! F₁ = 5.75 ×3, 11.25 ×3        training MSE 17.23
//! r₂ = −3.75 −1.75 −2.75 −1.25 0.75 8.75
//! tree₂: x ≤ 5.5 → −1.75, else 8.75   (that split now reduces the variance most)
//! F₂ = 4.875 ×3, 10.375 ×2, 15.625    training MSE 5.745
//! ```
//!
//! On diabetes (raw features, the reference split), 100 stages of depth 3 at η = 0.1
//! reach scikit-learn's `GradientBoostingRegressor` figures: test R² 0.3924 after 10
//! stages, about 0.465 after 50 and 0.45 after 100 (the test R² peaks, then falls: the
//! later stages fit noise), and train R² 0.836.
//!
//! Grade with `cargo test --test gradient_boosting`. The types (`BoostingParams`,
//! `BoostedModel`, `EarlyStopped`, `BoostingError`, `stage_rng`) are in
//! `src/types/gradient_boosting.rs`.

use mlings::types::gradient_boosting::{BoostedModel, BoostingError, BoostingParams, EarlyStopped};
use ndarray::{Array1, ArrayView1, ArrayView2};

/// The course's rule for an exercise that builds on an earlier one: it uses the course's
/// reference solution of the earlier exercise, never your own file. Use
/// `regression_tree::fit(x, y, &params.tree)` to fit each stage's tree (it returns
/// `TreeError`; `?` turns it into `BoostingError::Tree`) and
/// `regression_tree::predict(&tree, x)` for its predictions, and
/// `decision_tree::check_targets(x, y.len())` for the training data (`LengthMismatch`,
/// then `Empty`, then `NonFiniteFeature` for the first non-finite feature, row by row).
#[allow(unused_imports)]
use mlings::reference::{decision_tree, regression_tree};

/// The rows stage `stage` (0-based) fits its tree on, in ascending order.
///
/// - With `params.subsample == 1.0`: every row, `0..n`.
/// - Below 1: keep k = max(1, ⌊subsample · n⌋) rows, drawn without replacement with
///   the stage's own generator `stage_rng(params.seed, stage)`, exactly like this:
///   start from the rows `0..n` in order, shuffle them with
///   `rand::seq::SliceRandom::shuffle` and that generator, keep the first k, and sort
///   them ascending.
///
/// Example: n = 10, subsample 0.35 keeps ⌊3.5⌋ = 3 rows; subsample 0.05 keeps 1.
pub fn stage_rows(n: usize, params: &BoostingParams, stage: usize) -> Vec<usize> {
    todo!()
}

/// Fits `params.n_stages` trees by gradient boosting with the squared loss, as in the
/// module doc: F starts at the mean of y (`init`); stage m fits a tree with
/// `params.tree` to the residuals y − F on the rows `stage_rows(n, params, m)` (the
/// features and residuals of those rows only), then adds `learning_rate` times that
/// tree's prediction to F on **every** row (the rows a stage left out move too).
///
/// Errors, in order: `params.validate()?`; then `decision_tree::check_targets(x,
/// y.len())` (`LengthMismatch`, `Empty`, `NonFiniteFeature`); then
/// `TreeError::NonFiniteTarget { row, value }` for the first non-finite target (all
/// wrapped as `BoostingError::Tree`).
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &BoostingParams,
) -> Result<BoostedModel, BoostingError> {
    todo!()
}

/// F(x) = init + learning_rate · Σ treeₘ(x) for every row of `x`.
///
/// Errors: `TreeError::FeatureCount { expected: model.n_features, got: x.ncols() }`
/// (as `BoostingError::Tree`) when the width is wrong.
pub fn predict(model: &BoostedModel, x: ArrayView2<f64>) -> Result<Array1<f64>, BoostingError> {
    todo!()
}

/// The predictions after each stage: element m − 1 is F after the first m trees, for
/// m = 1, …, number of trees (so the last one equals [`predict`]). One pass over the
/// trees, adding one tree at a time (not the sum recomputed for every m).
///
/// Errors: as [`predict`].
pub fn staged_predict(
    model: &BoostedModel,
    x: ArrayView2<f64>,
) -> Result<Vec<Array1<f64>>, BoostingError> {
    todo!()
}

/// Boosting with early stopping on a validation set (`x_val`, `y_val`).
///
/// Fit stages exactly as [`fit`] does, and after each stage compute the validation MSE
/// (1/n_val)·Σ (F(x_val) − y_val)². The best stage count is the one with the lowest
/// validation MSE so far (a loss equal to the best is not an improvement, so ties keep
/// the earlier, smaller model). Stop as soon as `patience` stages in a row have not
/// improved on the best, or after `params.n_stages` stages. Return the model **cut
/// back to the best stage** (its first `best_stages` trees), every validation loss
/// computed (one per tree fitted, the cut ones included) and `best_stages`.
///
/// Errors, in order: those of [`fit`] for the training data; `InvalidParams` if
/// `patience` is 0; `ValidationMismatch { rows: x_val.nrows(), targets: y_val.len() }`;
/// `EmptyValidation`; `TreeError::FeatureCount { expected: x.ncols(), got:
/// x_val.ncols() }` when the validation rows have another width.
pub fn fit_early_stopping(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    x_val: ArrayView2<f64>,
    y_val: ArrayView1<f64>,
    params: &BoostingParams,
    patience: usize,
) -> Result<EarlyStopped, BoostingError> {
    todo!()
}
