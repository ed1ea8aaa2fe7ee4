//! # Exercise: linear regression by gradient descent
//!
//! The normal equations solve least squares in one shot, but they need a (p + 1) x (p + 1)
//! system: fine for 10 features, hopeless for a million, and they exist only for this
//! one loss. Gradient descent works for any differentiable loss: start from zero weights
//! and walk downhill.
//!
//! The loss here is the mean squared error of the model (b, w) on the training set:
//!
//! ```text
//! L(b, w) = (1/n) Σᵢ (ŷᵢ − yᵢ)²,     ŷᵢ = b + xᵢ·w
//! ```
//!
//! **Why standardize first.** One learning rate η serves every coefficient. On raw
//! diabetes features a column like total cholesterol (values near 190) has a gradient
//! thousands of times larger than a column near 1, so an η small enough not to blow up
//! along the big column barely moves the others: the raw problem needs η ≈ 1e-5 and
//! after thousands of steps is still far from the minimum, while standardized features
//! (mean 0, standard deviation 1, fitted on the training rows) take η = 0.25 and converge
//! to the closed-form answer. The grader shows you both.
//!
//! Grade with `cargo test --test linear_regression_gd`.
//! The types (`LinearModel`, `LinearGradient`, `GdParams`, `Training`, `LinearError`)
//! are in `src/types/linear_regression.rs` and `src/types/linear_regression_gd.rs`.

use mlings::types::linear_regression_gd::{
    GdParams, LinearError, LinearGradient, LinearModel, Training,
};
use ndarray::{ArrayView1, ArrayView2};

/// The mean squared error of `model` on (x, y): L = (1/n) Σᵢ (b + xᵢ·w − yᵢ)².
///
/// Example: x = [[1], [2]], y = [3, 5], model b = 1, w = [1]: predictions 2 and 3,
/// errors −1 and −2, L = (1 + 4) / 2 = 2.5.
///
/// Errors: `RowsMismatch { rows: x.nrows(), values: y.len() }`, then `Empty` (no rows),
/// then `ColumnsMismatch { columns: x.ncols(), coefficients: w.len() }`.
pub fn mse(
    model: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
) -> Result<f64, LinearError> {
    todo!()
}

/// The gradient of [`mse`] with respect to the intercept and every coefficient.
///
/// With the residuals rᵢ = b + xᵢ·w − yᵢ (prediction minus truth), the chain rule on
/// (1/n) Σᵢ rᵢ² gives
///
/// ```text
/// ∂L/∂b  = (2/n) Σᵢ rᵢ              (the 2 comes from the square)
/// ∂L/∂wⱼ = (2/n) Σᵢ rᵢ·xᵢⱼ    i.e.  ∂L/∂w = (2/n) Xᵀr
/// ```
///
/// Mind the sign: with r = prediction − truth the gradient points uphill, and a step
/// goes against it. Mind the 1/n: without it the gradient grows with the dataset.
///
/// Example: for the case of [`mse`], r = [−1, −2]: ∂L/∂b = (2/2)(−3) = −3 and
/// ∂L/∂w = (2/2)(−1·1 − 2·2) = −5.
///
/// Errors: as [`mse`].
pub fn mse_gradient(
    model: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
) -> Result<LinearGradient, LinearError> {
    todo!()
}

/// Batch gradient descent on [`mse`], from the all-zero model (`LinearModel::zeros(p)`).
///
/// 1. Check `params.validate()?`, then the data as in [`mse`].
/// 2. Record the loss of the zero model as `loss_history[0]`.
/// 3. Repeat `params.iterations` times: compute the gradient on the whole training set,
///    step both parts against it,
///
///    ```text
///    b ← b − η·∂L/∂b,    w ← w − η·∂L/∂w        (η = params.learning_rate)
///    ```
///
///    then record the new loss.
/// 4. Divergence: as soon as a new loss is not finite or is larger than the loss at the
///    start, return `Err(LinearError::Diverged { iteration, start_loss, loss })`, where
///    `iteration` counts the steps from 1. A suitable η lowers the loss at every step.
///
/// Return `Training { model, loss_history }` with `iterations + 1` losses.
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &GdParams,
) -> Result<Training, LinearError> {
    todo!()
}
