//! # Exercise: ridge regression (L2-regularized least squares)
//!
//! Least squares trusts the training data completely. With correlated features (the six
//! blood-serum measurements of diabetes move together) it happily gives one feature a
//! large positive weight and its twin a large negative one: a fit that chases noise.
//! Ridge regression adds a price on large coefficients:
//!
//! ```text
//! minimize  J(b, w) = ‖y − Xw − b‖² + α‖w‖²        (scikit-learn's convention)
//! ```
//!
//! α = 0 is ordinary least squares; a larger α shrinks every coefficient towards 0.
//! The intercept b is **not** penalized: shrinking it would pull every prediction
//! towards 0, which is nonsense for targets around 150.
//!
//! Because the penalty adds up coefficients measured in the units of their features,
//! ridge is not indifferent to units the way least squares is: standardize first, with
//! a scaler fitted on the training rows only. You write that pipeline too.
//!
//! Grade with `cargo test --test ridge`.
//! The types (`LinearModel`, `LinearGradient`, `GdParams`, `Training`, `LinearError`,
//! `check_alpha`) are in `src/types/ridge.rs` and the files it points to.

use mlings::types::ridge::{GdParams, LinearError, LinearGradient, LinearModel, Training};
use ndarray::{Array1, ArrayView1, ArrayView2};

/// The course's rule for an exercise that builds on an earlier one: it uses the course's
/// reference solution of the earlier exercise, never your own file, so a bug left in your
/// `linear_regression` cannot fail this exercise. Call `linear_regression::solve(a, b)`
/// (Gaussian elimination, `Singular { column }` when no pivot is usable) and
/// `linear_regression::predict(model, x)` (b + Xw, `ColumnsMismatch` when the widths
/// differ).
#[allow(unused_imports)]
use mlings::reference::linear_regression;

/// Ridge in closed form. Setting the gradient of J to zero gives, with A = [1 | X] and
/// θ = (b, w) as in `linear_regression`,
///
/// ```text
/// (AᵀA + α·D) θ = Aᵀy,      D = diag(0, 1, 1, …, 1)
/// ```
///
/// that is: the normal equations with α added to every diagonal entry except the first
/// (the intercept's). Build them and solve them with `linear_regression::solve`.
///
/// α > 0 also makes the system solvable when least squares is not: a repeated column
/// gets both copies half the weight instead of a singular matrix.
///
/// Example: x = [[−1], [0], [1]], y = [1, 2, 6], α = 1. The column has mean 0, so the
/// intercept is the mean of y, 3, and w = Σxᵢyᵢ / (Σxᵢ² + α) = 5 / (2 + 1) = 5/3.
///
/// Errors: `check_alpha(alpha)?` first (α must be finite and ≥ 0), then
/// `RowsMismatch { rows: x.nrows(), values: y.len() }`, `Empty`, and the solver's
/// `Singular { column }` (a column of θ = (b, w): with α = 0 a repeated feature has no
/// usable pivot).
pub fn fit(x: ArrayView2<f64>, y: ArrayView1<f64>, alpha: f64) -> Result<LinearModel, LinearError> {
    todo!()
}

/// The ridge objective divided by n, so that gradient descent needs the same learning
/// rate whatever the number of rows (the minimizer does not change):
///
/// ```text
/// L(b, w) = (1/n) ( Σᵢ (b + xᵢ·w − yᵢ)² + α Σⱼ wⱼ² )
/// ```
///
/// Example: x = [[1], [2]], y = [3, 5], b = 1, w = [1], α = 2:
/// ((1 + 4) + 2·1) / 2 = 3.5.
///
/// Errors: `RowsMismatch`, then `Empty`, then `ColumnsMismatch { columns: x.ncols(),
/// coefficients: w.len() }`.
pub fn loss(
    model: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    alpha: f64,
) -> Result<f64, LinearError> {
    todo!()
}

/// The gradient of [`loss`]: with residuals rᵢ = b + xᵢ·w − yᵢ,
///
/// ```text
/// ∂L/∂b = (2/n) Σᵢ rᵢ                    (no penalty term: b is not penalized)
/// ∂L/∂w = (2/n) (Xᵀr + α·w)
/// ```
///
/// Example: for the case of [`loss`], r = [−1, −2]: ∂L/∂b = −3 and
/// ∂L/∂w = (2/2)(−5 + 2·1) = −3.
///
/// Errors: as [`loss`].
pub fn gradient(
    model: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    alpha: f64,
) -> Result<LinearGradient, LinearError> {
    todo!()
}

/// Ridge by batch gradient descent on [`loss`], from the all-zero model: exactly the
/// loop of `linear_regression_gd::fit` with this loss and gradient (record the starting
/// loss and the loss after each of `params.iterations` steps; `Diverged` as there).
///
/// Errors: `check_alpha(alpha)?`, `params.validate()?`, then those of [`loss`].
pub fn fit_gd(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    alpha: f64,
    params: &GdParams,
) -> Result<Training, LinearError> {
    todo!()
}

/// The whole pipeline: standardize, fit ridge, predict the held-out rows.
///
/// 1. `RowsMismatch` / `Empty` for (x_train, y_train) as in [`fit`].
/// 2. Fit a `mlings::prep::StandardScaler` on `x_train` **only** and transform both
///    `x_train` and `x_test` with it. Fitting it on the test rows (or on all rows) lets
///    the test set leak into training, and standardizing each set with its own scaler
///    moves the test rows to different places than the model learned on.
/// 3. Fit ridge with `alpha` on the standardized training rows and return its
///    predictions for the standardized test rows (one per row of `x_test`).
///
/// Map the scaler's errors to yours: a failed `transform` means `x_test` has the wrong
/// number of columns, `ColumnsMismatch { columns: x_test.ncols(), coefficients:
/// x_train.ncols() }`.
///
/// On the diabetes reference split, α = 1, the test R² of these predictions is 0.4541
/// (scikit-learn's figure).
pub fn fit_predict_standardized(
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<f64>,
    x_test: ArrayView2<f64>,
    alpha: f64,
) -> Result<Array1<f64>, LinearError> {
    todo!()
}
