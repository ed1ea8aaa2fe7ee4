//! # Exercise: gradient boosting for binary classification (the log loss)
//!
//! Gradient boosting for regression (the previous exercise) fits each tree to the
//! residuals y − F. For a yes/no question, the model boosts a **raw score** F(x), the
//! log-odds of class 1, and the probability of class 1 is its sigmoid p = σ(F) =
//! 1 / (1 + e^(−F)). The loss of one row with label y ∈ {0, 1} is the **log loss**
//!
//! ```text
//! L(y, F) = −[y·ln p + (1 − y)·ln(1 − p)]        p = σ(F)
//! g = ∂L/∂F = p − y                              the gradient
//! h = ∂²L/∂F² = p(1 − p)                         the Hessian (always > 0)
//! ```
//!
//! Every stage does two things:
//!
//! 1. **The structure**: fit a regression tree to the negative gradient y − p (the
//!    "pseudo-residuals"). Its splits group rows whose score should move the same way.
//! 2. **The leaf values**: a tree's own leaf (the mean of y − p) is a poor step for the
//!    log loss, so every leaf gets **one Newton step** over the training rows that land
//!    in it: the value w minimising Σ[g·w + ½h·w²] + ½λw², that is
//!
//! ```text
//! w = −Σg / (Σh + λ)          (sums over the leaf's training rows)
//! ```
//!
//!    Mind the sign: g = p − y, and w = −Σg/(Σh + λ) lowers the loss (rows of class 1
//!    have g < 0, so their leaf moves up). λ ≥ 0 is XGBoost's L2 regularization of the
//!    leaf weights (it shrinks small leaves most); λ = 0 is scikit-learn's
//!    `GradientBoostingClassifier`. When Σh + λ < 1e-150 (every row's p is exactly 0 or
//!    1, λ = 0), the leaf is 0: it does not move.
//!
//! Then F ← F + η·tree(x) on every row. The model starts from the log-odds of the
//! training labels: F₀ = ln(p̄ / (1 − p̄)), p̄ the share of label 1.
//!
//! Worked example (x = 1..6, y = 0, 1, 0, 1, 1, 1, stumps of depth 1, η = 0.5, λ = 0):
//!
//! ```text
//! F₀ = ln((4/6) / (2/6)) = ln 2 = 0.6931        p = 2/3 on every row
//! g = p − y = 2/3, −1/3, 2/3, −1/3, −1/3, −1/3   h = 2/9 on every row
//! tree₁ on y − p: x ≤ 3.5
//!   left  Σg = 1,  Σh = 2/3 → w = −1.5    (λ = 1: −1/(5/3) = −0.6)
//!   right Σg = −1, Σh = 2/3 → w = +1.5    (λ = 1: +0.6)
//! F₁ = −0.0569 ×3, 1.4431 ×3
//! tree₂: x ≤ 1.5, leaves −1.9447 and +0.6245 (the rows now have different h)
//! F₂ = −1.0292, 0.2554 ×2, 1.7554 ×3
//! ```
//!
//! On breast_cancer (raw features, the reference split), 100 stages of depth 3 at
//! η = 0.1 and λ = 0 reach scikit-learn's `GradientBoostingClassifier`: test accuracy
//! 0.956 and test log loss 0.135 (scikit-learn: 0.1341; it breaks ties between splits of
//! equal gain by a random feature order, the course's tree by the smallest feature).
//!
//! Grade with `cargo test --test boosted_classifier`. The types (`ClassifierParams`,
//! `BoostedClassifier`, `ClassifierError`) are in `src/types/boosted_classifier.rs`.

use mlings::types::boosted_classifier::{BoostedClassifier, ClassifierError, ClassifierParams};
use ndarray::{Array1, ArrayView1, ArrayView2};

/// The course's rule for an exercise that builds on an earlier one: it uses the course's
/// reference solution of the earlier exercise, never your own file. Use
/// `regression_tree::fit(x, targets, &params.tree)` for each stage's structure and
/// `regression_tree::predict` for a tree's values;
/// `decision_tree::check_targets(x, y.len())` for the training data (`LengthMismatch`,
/// then `Empty`, then `NonFiniteFeature`); `decision_tree::leaf_index(&tree, x.row(i))`
/// for the index in `tree.nodes` of the leaf row i lands in (set a leaf's value with
/// `tree.nodes[index].kind = NodeKind::Leaf(w)`, `NodeKind` from
/// `mlings::types::decision_tree`); and `logistic_regression::sigmoid`, a sigmoid that
/// never overflows.
#[allow(unused_imports)]
use mlings::reference::{decision_tree, logistic_regression, regression_tree};

/// One Newton step for a leaf: −sum_gradient / (sum_hessian + lambda), or 0 when
/// sum_hessian + lambda < 1e-150.
///
/// Example: Σg = 1, Σh = 2/3: −1.5 with λ = 0, −0.6 with λ = 1.
pub fn newton_leaf(sum_gradient: f64, sum_hessian: f64, lambda: f64) -> f64 {
    todo!()
}

/// The starting raw score F₀ = ln(p̄ / (1 − p̄)), p̄ the share of labels equal to 1.
///
/// Errors, in order: `TreeError::Empty` (as `ClassifierError::Tree`) for no labels;
/// `TreeError::NotAClassIndex` from `mlings::types::labels::class_count(y)` (an ID read
/// as a label); `NotBinary { row, label }` for the first label above 1; `OneClass {
/// label }` when every label is the same (`label` is that label).
pub fn initial_score(y: ArrayView1<usize>) -> Result<f64, ClassifierError> {
    todo!()
}

/// Fits `params.n_stages` trees by gradient boosting with the log loss, as in the module
/// doc: F starts at [`initial_score`] on every row; stage m computes p = σ(F), fits a
/// regression tree with `params.tree` to y − p on every row, replaces the value of
/// every leaf by [`newton_leaf`] of the sums of g = p − y and h = p(1 − p) over the
/// training rows in that leaf (with `params.lambda`), and adds `learning_rate` times the
/// row's leaf value to F.
///
/// Errors, in order: `params.validate()?`; `decision_tree::check_targets(x, y.len())`
/// (as `ClassifierError::Tree`); then the label errors of [`initial_score`].
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &ClassifierParams,
) -> Result<BoostedClassifier, ClassifierError> {
    todo!()
}

/// The raw score F(x) = init + learning_rate · Σ treeₘ(x) of every row of `x`.
///
/// Errors: `TreeError::FeatureCount { expected: model.n_features, got: x.ncols() }`
/// (as `ClassifierError::Tree`) when the width is wrong.
pub fn decision_function(
    model: &BoostedClassifier,
    x: ArrayView2<f64>,
) -> Result<Array1<f64>, ClassifierError> {
    todo!()
}

/// P(class 1 | x) = σ(F(x)) for every row (never NaN, even for a raw score of ±1000).
///
/// Errors: as [`decision_function`].
pub fn predict_proba(
    model: &BoostedClassifier,
    x: ArrayView2<f64>,
) -> Result<Array1<f64>, ClassifierError> {
    todo!()
}

/// The predicted label of every row: 1 when F(x) > 0 (p > 0.5), else 0; a raw score of
/// exactly 0 (p = 0.5) is class 0, as scikit-learn.
///
/// Errors: as [`decision_function`].
pub fn predict(
    model: &BoostedClassifier,
    x: ArrayView2<f64>,
) -> Result<Array1<usize>, ClassifierError> {
    todo!()
}
