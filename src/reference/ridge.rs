//! Reference solution of the `ridge` exercise.

use ndarray::{Array1, ArrayView1, ArrayView2, s};

use super::linear_regression::{Gram, check_training_data, predict, solve};
use super::linear_regression_gd::{descend, scaled};
use crate::prep::StandardScaler;
use crate::types::ridge::{
    GdParams, LinearError, LinearGradient, LinearModel, Training, check_alpha,
};

pub fn fit(x: ArrayView2<f64>, y: ArrayView1<f64>, alpha: f64) -> Result<LinearModel, LinearError> {
    check_alpha(alpha)?;
    check_training_data(x, y)?;
    let (lhs, rhs) = Gram::new(x, y).normal_equations(alpha);
    let theta = solve(lhs.view(), rhs.view())?;
    Ok(LinearModel {
        intercept: theta[0],
        coefficients: theta.slice(s![1..]).to_owned(),
    })
}

pub fn loss(
    model: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    alpha: f64,
) -> Result<f64, LinearError> {
    check_training_data(x, y)?;
    let residuals = predict(model, x)? - y;
    let w = &model.coefficients;
    Ok((residuals.dot(&residuals) + alpha * w.dot(w)) / y.len() as f64)
}

pub fn gradient(
    model: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    alpha: f64,
) -> Result<LinearGradient, LinearError> {
    check_training_data(x, y)?;
    let residuals = predict(model, x)? - y;
    let scale = 2.0 / y.len() as f64;
    Ok(LinearGradient {
        intercept: scale * residuals.sum(),
        coefficients: (x.t().dot(&residuals) + &model.coefficients * alpha) * scale,
    })
}

/// Gradient descent on the ridge loss, with the cached sufficient statistics as in the
/// reference `linear_regression_gd::fit`.
pub fn fit_gd(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    alpha: f64,
    params: &GdParams,
) -> Result<Training, LinearError> {
    check_alpha(alpha)?;
    params.validate()?;
    check_training_data(x, y)?;
    let gram = Gram::new(x, y);
    let n = y.len() as f64;
    descend(
        LinearModel::zeros(x.ncols()),
        params,
        |model| {
            let w = &model.coefficients;
            (gram.squared_error(model) + alpha * w.dot(w)) / n
        },
        |model| {
            let mut g = gram.squared_error_gradient(model);
            g.coefficients.scaled_add(2.0 * alpha, &model.coefficients);
            scaled(g, 1.0 / n)
        },
    )
}

pub fn fit_predict_standardized(
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<f64>,
    x_test: ArrayView2<f64>,
    alpha: f64,
) -> Result<Array1<f64>, LinearError> {
    check_training_data(x_train, y_train)?;
    // The scaler learns its means and spreads from the training rows only.
    let (scaler, z_train) =
        StandardScaler::fit_transform(x_train).map_err(|_| LinearError::Empty)?;
    let z_test = scaler
        .transform(x_test)
        .map_err(|_| LinearError::ColumnsMismatch {
            columns: x_test.ncols(),
            coefficients: x_train.ncols(),
        })?;
    let model = fit(z_train.view(), y_train, alpha)?;
    predict(&model, z_test.view())
}
