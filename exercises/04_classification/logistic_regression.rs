//! # Exercise: logistic regression
//!
//! To classify a row into class 0 or 1, a linear model first computes a score, the
//! **logit** z = b + x·w (any real number), then squashes it into a probability with the
//! sigmoid σ:
//!
//! ```text
//! P(class 1 | x) = σ(z) = 1 / (1 + e^(−z))       σ(0) = ½,  σ(z) → 1 as z → ∞,  σ(−z) = 1 − σ(z)
//! ```
//!
//! Training minimizes the **log-loss** (cross-entropy): each row costs −ln of the
//! probability the model gave its true class. It punishes confident mistakes hard and,
//! unlike the squared error, makes a convex problem with a simple gradient.
//!
//! **Numerical stability.** Computed naively, σ(−1000) needs e^1000 = ∞, and the loss
//! of a row needs ln(σ(z)) = ln(0) = −∞ once σ rounds to 0 or 1. Every function here must
//! give finite, correct numbers for |z| = 1000: arrange each formula so that `exp` only
//! ever sees a number ≤ 0.
//!
//! Labels are `usize`, 0 or 1; standardize the features first (as for every
//! gradient-descent model).
//!
//! Grade with `cargo test --test logistic_regression`.
//! The types (`LogisticModel`, `LogisticParams`, `LogisticError`, `LinearGradient`)
//! are in `src/types/logistic_regression.rs`.

use mlings::types::logistic_regression::{
    LinearGradient, LogisticError, LogisticModel, LogisticParams,
};
use ndarray::{Array1, ArrayView1, ArrayView2};

/// The sigmoid σ(z) = 1 / (1 + e^(−z)), computed without overflow:
///
/// - for z ≥ 0: 1 / (1 + e^(−z))     (e^(−z) ≤ 1)
/// - for z < 0: e^z / (1 + e^z)       (the same value, multiplied through by e^z; e^z < 1)
///
/// Examples: σ(0) = 0.5, σ(ln 3) = 0.75, σ(1000) = 1, σ(−1000) ≈ 0 (and never NaN),
/// σ(−40) ≈ 4.248354e-18 to full relative precision (never 0: a formula for z < 0 that
/// subtracts from 1, such as 1 − σ(−z) or ½(1 + tanh(z/2)), cancels every digit).
pub fn sigmoid(z: f64) -> f64 {
    todo!()
}

/// The log-loss of one row from its logit z: −ln σ(z) if the row is of class 1
/// (`positive` is true), −ln(1 − σ(z)) = −ln σ(−z) if it is of class 0.
///
/// Do not compute σ first: once it rounds to 0 or 1 the log is infinite. Use
///
/// ```text
/// −ln(1 − σ(z)) = ln(1 + eᶻ) = softplus(z)          −ln σ(z) = softplus(z) − z
/// softplus(z) = max(z, 0) + ln(1 + e^(−|z|))         (`(-z.abs()).exp().ln_1p()`)
/// ```
///
/// Examples: z = 0 costs ln 2 for either class; z = 1000 costs 1000 for class 0 and
/// (almost exactly) 0 for class 1; z = −1000 costs 1000 for class 1; z = −40 costs
/// ln(1 + e^−40) ≈ 4.248354e-18 for class 0, to full relative precision (`ln_1p` keeps
/// it, while `(1.0 + x).ln()` rounds 1 + 4.2e-18 to 1 and gives 0).
pub fn log_loss_of_logit(z: f64, positive: bool) -> f64 {
    todo!()
}

/// The logit of every row: zᵢ = b + xᵢ·w (`x.dot(&w) + b`).
///
/// Errors: `ColumnsMismatch { columns: x.ncols(), coefficients: w.len() }` when x does
/// not have one column per coefficient.
pub fn logits(model: &LogisticModel, x: ArrayView2<f64>) -> Result<Array1<f64>, LogisticError> {
    todo!()
}

/// The training objective: the mean log-loss plus an L2 penalty on the coefficients,
///
/// ```text
/// J(b, w) = (1/n) Σᵢ ℓ(zᵢ, yᵢ) + (λ/2) Σⱼ wⱼ²        ℓ = log_loss_of_logit,  λ = l2
/// ```
///
/// The penalty keeps the weights finite when the classes can be separated perfectly
/// (without it the loss keeps falling as ‖w‖ → ∞). The intercept is not penalized.
///
/// Example: x = [[−1], [0], [1]], y = [0, 1, 1], b = 0, w = [1], λ = 0: z = (−1, 0, 1),
/// J = (ln(1 + e^−1) + ln 2 + ln(1 + e^−1)) / 3 ≈ 0.439890.
///
/// Errors (in this order): `RowsMismatch { rows: x.nrows(), values: y.len() }`;
/// `Empty` (no rows); `NotBinary { index, label }` for the first label other than 0 or 1;
/// `ColumnsMismatch` as in [`logits`].
pub fn loss(
    model: &LogisticModel,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    l2: f64,
) -> Result<f64, LogisticError> {
    todo!()
}

/// The gradient of [`loss`]. With pᵢ = σ(zᵢ) the predicted probability of class 1, the
/// derivative of one row's log-loss with respect to its logit is simply pᵢ − yᵢ, so
///
/// ```text
/// ∂J/∂b = (1/n) Σᵢ (pᵢ − yᵢ)
/// ∂J/∂w = (1/n) Xᵀ(p − y) + λ·w
/// ```
///
/// Sign check: a row of class 1 with pᵢ < 1 gives a negative pᵢ − yᵢ, so stepping against
/// the gradient raises its logit. (Unlike the squared error there is no factor 2.)
///
/// Example: for the case of [`loss`], p = (σ(−1), ½, σ(1)) and p − y = (0.268941,
/// −½, −0.268941): ∂J/∂b = −1/6, ∂J/∂w = (−0.268941 − 0.268941) / 3 ≈ −0.179294.
///
/// Errors: as [`loss`].
pub fn gradient(
    model: &LogisticModel,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    l2: f64,
) -> Result<LinearGradient, LogisticError> {
    todo!()
}

/// Trains by batch gradient descent from the all-zero model (`LogisticModel::zeros(p)`):
/// `params.iterations` times, b ← b − η·∂J/∂b and w ← w − η·∂J/∂w with η =
/// `params.learning_rate` and λ = `params.l2`. (The loss is convex and its gradient
/// changes slowly, so a fixed η around 1 works on standardized features.)
///
/// Errors: `params.validate()?` first, then those of [`loss`].
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &LogisticParams,
) -> Result<LogisticModel, LogisticError> {
    todo!()
}

/// The probability of class 1 for every row: σ(zᵢ).
///
/// Errors: as [`logits`].
pub fn predict_proba(
    model: &LogisticModel,
    x: ArrayView2<f64>,
) -> Result<Array1<f64>, LogisticError> {
    todo!()
}

/// The predicted class of every row: 1 when its probability of class 1 is above ½
/// (equivalently, its logit is above 0), otherwise 0 (a probability of exactly ½ gives 0,
/// as in scikit-learn).
///
/// Errors: as [`logits`].
pub fn predict(model: &LogisticModel, x: ArrayView2<f64>) -> Result<Array1<usize>, LogisticError> {
    todo!()
}
