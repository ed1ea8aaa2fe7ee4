//! Reference solution of the `ridge` exercise.
//!
//! It builds on the course's reference `linear_regression::{solve, predict}`.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, s};

use crate::prep::StandardScaler;
use crate::reference::linear_regression::{check_training_data, predict, solve};
use crate::types::ridge::{
    GdParams, LinearError, LinearGradient, LinearModel, Training, check_alpha,
};

pub fn fit(x: ArrayView2<f64>, y: ArrayView1<f64>, alpha: f64) -> Result<LinearModel, LinearError> {
    check_alpha(alpha)?;
    check_training_data(x, y)?;
    let (n, p) = x.dim();
    // A = [1 | X]
    let mut a = Array2::<f64>::ones((n, p + 1));
    a.slice_mut(s![.., 1..]).assign(&x);
    let mut lhs = a.t().dot(&a);
    // α on every diagonal entry but the intercept's.
    for j in 1..=p {
        lhs[[j, j]] += alpha;
    }
    let rhs = a.t().dot(&y);
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

pub fn fit_gd(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    alpha: f64,
    params: &GdParams,
) -> Result<Training, LinearError> {
    check_alpha(alpha)?;
    params.validate()?;
    let mut model = LinearModel::zeros(x.ncols());
    let start_loss = loss(&model, x, y, alpha)?;
    let mut loss_history = vec![start_loss];
    for iteration in 1..=params.iterations {
        let g = gradient(&model, x, y, alpha)?;
        model.intercept -= params.learning_rate * g.intercept;
        model
            .coefficients
            .scaled_add(-params.learning_rate, &g.coefficients);
        let current = loss(&model, x, y, alpha)?;
        if !current.is_finite() || current > start_loss {
            return Err(LinearError::Diverged {
                iteration,
                start_loss,
                loss: current,
            });
        }
        loss_history.push(current);
    }
    Ok(Training {
        model,
        loss_history,
    })
}

pub fn fit_predict_standardized(
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<f64>,
    x_test: ArrayView2<f64>,
    alpha: f64,
) -> Result<Array1<f64>, LinearError> {
    check_training_data(x_train, y_train)?;
    // The scaler learns its means and spreads from the training rows only.
    let scaler = StandardScaler::fit(x_train).map_err(|_| LinearError::Empty)?;
    let z_train = scaler.transform(x_train).map_err(|_| LinearError::Empty)?;
    let z_test = scaler
        .transform(x_test)
        .map_err(|_| LinearError::ColumnsMismatch {
            columns: x_test.ncols(),
            coefficients: x_train.ncols(),
        })?;
    let model = fit(z_train.view(), y_train, alpha)?;
    predict(&model, z_test.view())
}
