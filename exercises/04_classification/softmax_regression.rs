//! # Exercise: softmax regression (multinomial logistic regression)
//!
//! Logistic regression separates two classes; softmax regression handles k of them at
//! once. The model keeps one linear score per class, the **logits** of a row x:
//!
//! ```text
//! z_c = b_c + x·W[:, c]        for c = 0, 1, …, k − 1      (all rows at once: Z = X·W + b)
//! ```
//!
//! and turns them into probabilities with the **softmax**, which makes them positive and
//! makes each row sum to 1, keeping their order (the largest logit gets the largest
//! probability):
//!
//! ```text
//! softmax(z)_c = e^(z_c) / Σ_j e^(z_j)
//! ```
//!
//! Training minimizes the **cross-entropy**: each row costs −ln of the probability the
//! model gave its own class, averaged over the rows, plus an L2 penalty on the weights:
//!
//! ```text
//! J(b, W) = −(1/n) Σᵢ ln softmax(zᵢ)_{yᵢ} + (λ/2) Σ_{j,c} W[j, c]²
//! ```
//!
//! With two classes this is logistic regression again (the difference of the two logits
//! plays the role of the single logit).
//!
//! **The penalty, as scikit-learn counts it.** scikit-learn's `LogisticRegression(C=…)`
//! minimizes C·Σᵢ −ln softmax(zᵢ)_{yᵢ} + ½‖W‖²; divided by C·n that is J with
//! **λ = 1 / (C·n)** for n training rows (its default C = 1 is λ = 1/n). The intercepts
//! are not penalized. linfa-logistic's `MultiLogisticRegression` minimizes n·J with
//! `alpha` = λ·n.
//!
//! **Numerical stability.** Logits of ±1000 happen (large weights, a confident model):
//! e^1000 is ∞ in f64 and ∞/∞ is NaN. Softmax does not change when the same number is
//! subtracted from every logit of a row, so subtract the row's largest logit first:
//! every exponent is then ≤ 0 and the largest is e^0 = 1, so the sum is at least 1. For
//! the log of the softmax use the **log-sum-exp** trick in the same way instead of taking
//! ln of a probability that may have rounded to 0.
//!
//! Labels are `usize` class indices 0, 1, …, k − 1; standardize the features first.
//!
//! Grade with `cargo test --test softmax_regression`.
//! The types (`SoftmaxModel`, `SoftmaxGradient`, `SoftmaxParams`, `SoftmaxError`)
//! are in `src/types/softmax_regression.rs`.

use mlings::types::softmax_regression::{
    SoftmaxError, SoftmaxGradient, SoftmaxModel, SoftmaxParams,
};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// The softmax of every row of `logits` (n × k), an n × k matrix of probabilities: each
/// row is normalized on its own, and sums to 1.
///
/// Compute it stably: with m = the row's largest logit, softmax(z)_c = e^(z_c − m) /
/// Σ_j e^(z_j − m) (the same value as without m, as e^(−m) cancels).
///
/// Examples: the row (0, ln 2, ln 3) gives (1/6, 2/6, 3/6); (5, 5) gives (½, ½);
/// (1000, −1000, 0) gives (1, 0, 0) (e^(−1000) underflows to 0, which is fine);
/// (−1000, −1000) gives (½, ½), not 0/0. A row of one logit gives 1. A matrix with no
/// rows gives an empty matrix of the same shape.
pub fn softmax(logits: ArrayView2<f64>) -> Array2<f64> {
    todo!()
}

/// The natural log of the softmax of every row of `logits` (n × k), computed without
/// forming the probabilities:
///
/// ```text
/// ln softmax(z)_c = z_c − m − ln Σ_j e^(z_j − m)       m = the row's largest logit
/// ```
///
/// (m + ln Σ_j e^(z_j − m) is the log-sum-exp of the row.) Taking ln of [`softmax`]
/// instead gives −∞ wherever a probability underflowed to 0.
///
/// Examples: (0, ln 2, ln 3) gives (ln 1/6, ln 2/6, ln 3/6); (1000, −1000, 0) gives
/// (0, −2000, −1000); (−1000, −1000) gives (−ln 2, −ln 2). A row of one logit gives 0.
pub fn log_softmax(logits: ArrayView2<f64>) -> Array2<f64> {
    todo!()
}

/// The logits of every row, an n × k matrix: Z = X·W + b (`x.dot(&w) + &b`: the
/// intercepts are added to every row, b_c to column c).
///
/// Errors (in this order): `ModelShape { intercepts: b.len(), classes: W.ncols() }`
/// when the model does not have one intercept per column of W; `ColumnsMismatch {
/// columns: x.ncols(), features: W.nrows() }` when x does not have one column per row
/// of W.
pub fn logits(model: &SoftmaxModel, x: ArrayView2<f64>) -> Result<Array2<f64>, SoftmaxError> {
    todo!()
}

/// The training objective J(b, W): the mean cross-entropy of the rows plus the L2
/// penalty (λ/2) Σ W[j, c]² on the weights (not the intercepts), λ = `l2`. A row of
/// class c costs −ln softmax(z)_c (use [`log_softmax`]).
///
/// Example: x = [[1], [−1]], y = (0, 1), b = (0, 0), W = [[ln 3, 0]], λ = 0: the logits
/// are (ln 3, 0) and (−ln 3, 0), row 0 costs −ln ¾ and row 1 costs −ln ¾ too, so J =
/// ln 4/3 ≈ 0.287682. With λ = 0.5 the penalty adds 0.25·(ln 3)² ≈ 0.301737.
/// At logits of ±1000 the loss stays finite: a row whose own class has logit −1000
/// while another has 1000 costs 2000.
///
/// Errors (in this order): `ModelShape` as in [`logits`]; `RowsMismatch { rows:
/// x.nrows(), values: y.len() }`; `Empty` (no rows); `LabelOutOfRange { index, label,
/// classes }` for the first label that is not one of the model's k classes (label ≥ k,
/// with classes = k); `ColumnsMismatch` as in [`logits`].
pub fn loss(
    model: &SoftmaxModel,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    l2: f64,
) -> Result<f64, SoftmaxError> {
    todo!()
}

/// The gradient of [`loss`]. With P = softmax(Z) (n × k) and Y the one-hot labels
/// (Y[i, c] = 1 if row i is of class c, else 0), the derivative of a row's cost with
/// respect to its logits is simply P[i, :] − Y[i, :], so
///
/// ```text
/// ∂J/∂W = Xᵀ(P − Y) / n + λ·W        (p × k, the layout of W; (P − Y)ᵀX / n is its transpose)
/// ∂J/∂b = the mean of the rows of P − Y   (length k; no penalty term)
/// ```
///
/// Sign check: a row's own class has P < 1, so its entry of P − Y is negative and a step
/// against the gradient raises its logit. Each row of P − Y sums to 0.
///
/// Example: for the case of [`loss`], P = [[¾, ¼], [¼, ¾]] and P − Y = [[−¼, ¼], [¼, −¼]]:
/// ∂J/∂b = (0, 0) and ∂J/∂W = [[−¼, ¼]] (λ = 0); λ = 0.5 adds (0.5·ln 3, 0) to it.
///
/// Errors: as [`loss`].
pub fn gradient(
    model: &SoftmaxModel,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    l2: f64,
) -> Result<SoftmaxGradient, SoftmaxError> {
    todo!()
}

/// Trains by gradient descent with **Nesterov momentum**, which reaches the optimum in
/// far fewer steps than plain gradient descent when the problem is badly conditioned
/// (here: directions of weak curvature that only the small penalty bends).
///
/// The number of classes is k = the largest label + 1 (labels (0, 2) make 3 classes,
/// class 1 absent: its intercept just keeps falling). Start from the all-zero model
/// θ = `SoftmaxModel::zeros(p, k)` and an all-zero velocity V of the same shape, then
/// take `params.iterations` steps, each on b and W alike:
///
/// ```text
/// g ← ∇J at the look-ahead point θ + μ·V      (gradient(...) with λ = params.l2)
/// V ← μ·V − η·g
/// θ ← θ + V
/// ```
///
/// with η = `params.learning_rate` and μ = `params.momentum` (μ = 0 is plain gradient
/// descent; taking g at θ instead of at θ + μ·V is "heavy-ball" momentum, a different
/// method). On standardized features η = 1 and μ = 0.9 work well: 200 steps reach
/// scikit-learn's optimum on iris and wine to 7 digits.
///
/// Errors (in this order): `params.validate()?`; `RowsMismatch { rows: x.nrows(),
/// values: y.len() }`; `Empty`; `NotAClassIndex` when `class_count(y)` rejects a label
/// (`mlings::types::labels::class_count`; `?` converts its error).
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &SoftmaxParams,
) -> Result<SoftmaxModel, SoftmaxError> {
    todo!()
}

/// The class probabilities of every row, n × k: the softmax of its logits.
///
/// Errors: as [`logits`].
pub fn predict_proba(
    model: &SoftmaxModel,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, SoftmaxError> {
    todo!()
}

/// The predicted class of every row: the class with the largest logit (equivalently the
/// largest probability). A tie goes to the smallest class index, as numpy's argmax (and
/// so scikit-learn) does.
///
/// Errors: as [`logits`].
pub fn predict(model: &SoftmaxModel, x: ArrayView2<f64>) -> Result<Array1<usize>, SoftmaxError> {
    todo!()
}
