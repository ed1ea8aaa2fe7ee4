//! Reference solution of the `lasso` exercise.
//!
//! It builds on the course's reference `linear_regression` (its data checks and `predict`).

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, ShapeBuilder, Zip};

use crate::reference::linear_regression::{check_training_data, first_non_finite, predict};
use crate::types::lasso::{LassoFit, LassoParams, LinearError, LinearModel};

pub fn soft_threshold(z: f64, gamma: f64) -> f64 {
    if z > gamma {
        z - gamma
    } else if z < -gamma {
        z + gamma
    } else {
        0.0
    }
}

pub fn objective(
    model: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &LassoParams,
) -> Result<f64, LinearError> {
    check_training_data(x, y)?;
    let residuals = predict(model, x)? - y;
    let n = x.nrows() as f64;
    let w = &model.coefficients;
    let l1 = w.mapv(f64::abs).sum();
    let l2 = w.dot(w);
    Ok(residuals.dot(&residuals) / (2.0 * n)
        + params.alpha * params.l1_ratio * l1
        + 0.5 * params.alpha * (1.0 - params.l1_ratio) * l2)
}

/// The checks every fit starts with, in the documented order.
fn check_fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &LassoParams,
) -> Result<(), LinearError> {
    params.validate()?;
    check_data(x, y)
}

fn check_data(x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<(), LinearError> {
    check_training_data(x, y)?;
    first_non_finite("x", x)?;
    first_non_finite("y", y.insert_axis(Axis(1)))
}

/// The centred problem: Xc = X − x̄ (stored column by column, so that each coordinate
/// step reads one contiguous column), yc = y − ȳ, and the means to recover b.
struct Centred {
    x: Array2<f64>,
    y: Array1<f64>,
    x_mean: Array1<f64>,
    y_mean: f64,
}

impl Centred {
    fn new(x: ArrayView2<f64>, y: ArrayView1<f64>) -> Self {
        let x_mean = x.mean_axis(Axis(0)).expect("checked: at least one row");
        let y_mean = y.mean().expect("checked: at least one row");
        let mut xc = Array2::zeros(x.dim().f());
        Zip::from(&mut xc)
            .and(x)
            .and_broadcast(&x_mean)
            .for_each(|c, &v, &m| *c = v - m);
        Centred {
            x: xc,
            y: y.mapv(|v| v - y_mean),
            x_mean,
            y_mean,
        }
    }
}

pub fn alpha_max(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    l1_ratio: f64,
) -> Result<f64, LinearError> {
    if !(l1_ratio > 0.0 && l1_ratio <= 1.0) {
        return Err(LinearError::InvalidParams(format!(
            "l1_ratio must be in (0, 1] for alpha_max (with no L1 part no α makes every \
             coefficient 0), got {l1_ratio}"
        )));
    }
    check_data(x, y)?;
    let c = Centred::new(x, y);
    let n = x.nrows() as f64;
    let largest = c.x.t().dot(&c.y).fold(0.0_f64, |m, v| m.max(v.abs()));
    Ok(largest / (n * l1_ratio))
}

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &LassoParams,
) -> Result<LassoFit, LinearError> {
    fit_from(x, y, params, &LinearModel::zeros(x.ncols()))
}

pub fn fit_from(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &LassoParams,
    start: &LinearModel,
) -> Result<LassoFit, LinearError> {
    check_fit(x, y, params)?;
    if start.coefficients.len() != x.ncols() {
        return Err(LinearError::ColumnsMismatch {
            columns: x.ncols(),
            coefficients: start.coefficients.len(),
        });
    }
    Ok(descend(&Centred::new(x, y), params, start))
}

/// Cyclic coordinate descent on the centred problem from `start`'s coefficients.
fn descend(c: &Centred, params: &LassoParams, start: &LinearModel) -> LassoFit {
    let n = c.x.nrows() as f64;
    let l1 = params.alpha * params.l1_ratio;
    let l2 = params.alpha * (1.0 - params.l1_ratio);
    let squares: Array1<f64> =
        c.x.axis_iter(Axis(1))
            .map(|col| col.dot(&col) / n)
            .collect();
    let mut w = start.coefficients.clone();
    let mut residuals = &c.y - &c.x.dot(&w);
    let mut sweeps = 0;
    let mut converged = false;
    while sweeps < params.max_sweeps && !converged {
        sweeps += 1;
        let mut largest_change = 0.0_f64;
        for (j, column) in c.x.axis_iter(Axis(1)).enumerate() {
            let new = if squares[j] == 0.0 {
                0.0
            } else {
                let rho = column.dot(&residuals) / n + squares[j] * w[j];
                soft_threshold(rho, l1) / (squares[j] + l2)
            };
            let change = new - w[j];
            if change != 0.0 {
                residuals.scaled_add(-change, &column);
                w[j] = new;
            }
            largest_change = largest_change.max(change.abs());
        }
        converged = largest_change <= params.tol;
    }
    LassoFit {
        model: LinearModel {
            intercept: c.y_mean - c.x_mean.dot(&w),
            coefficients: w,
        },
        sweeps,
        converged,
    }
}

pub fn path(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    alphas: &[f64],
    params: &LassoParams,
) -> Result<Vec<LassoFit>, LinearError> {
    if alphas.is_empty() {
        return Err(LinearError::InvalidParams(
            "the path needs at least one alpha".into(),
        ));
    }
    for (i, &alpha) in alphas.iter().enumerate() {
        params.with_alpha(alpha).validate()?;
        if i > 0 && alpha >= alphas[i - 1] {
            return Err(LinearError::InvalidParams(format!(
                "alphas must be strictly decreasing: alphas[{i}] = {alpha} follows {}",
                alphas[i - 1]
            )));
        }
    }
    check_data(x, y)?;
    let centred = Centred::new(x, y);
    let mut fits: Vec<LassoFit> = Vec::with_capacity(alphas.len());
    for &alpha in alphas {
        let start = fits
            .last()
            .map_or_else(|| LinearModel::zeros(x.ncols()), |f| f.model.clone());
        fits.push(descend(&centred, &params.with_alpha(alpha), &start));
    }
    Ok(fits)
}
