//! Reference solution of the `linear_regression` exercise.

use ndarray::{Array1, ArrayView1, ArrayView2, Axis, s};

use super::least_squares::Gram;
use crate::types::linear_regression::{LinearError, LinearModel, PIVOT_TOLERANCE};

pub fn solve(a: ArrayView2<f64>, b: ArrayView1<f64>) -> Result<Array1<f64>, LinearError> {
    let (rows, cols) = a.dim();
    if rows != cols {
        return Err(LinearError::NotSquare { rows, cols });
    }
    if b.len() != rows {
        return Err(LinearError::RowsMismatch {
            rows,
            values: b.len(),
        });
    }
    let threshold = PIVOT_TOLERANCE * a.iter().fold(0.0, |m: f64, v| m.max(v.abs()));
    let mut m = a.to_owned();
    let mut rhs = b.to_owned();
    for k in 0..rows {
        let pivot_row = (k..rows)
            .max_by(|&i, &j| m[[i, k]].abs().total_cmp(&m[[j, k]].abs()))
            .unwrap_or(k);
        if !(m[[pivot_row, k]].abs() > threshold) {
            return Err(LinearError::Singular { column: k });
        }
        if pivot_row != k {
            for j in k..cols {
                m.swap([k, j], [pivot_row, j]);
            }
            rhs.swap(k, pivot_row);
        }
        let (top, mut below) = m.view_mut().split_at(Axis(0), k + 1);
        let pivot = top.row(k);
        let (rhs_top, mut rhs_below) = rhs.view_mut().split_at(Axis(0), k + 1);
        for (mut row, r) in below.rows_mut().into_iter().zip(rhs_below.iter_mut()) {
            let factor = row[k] / pivot[k];
            row.scaled_add(-factor, &pivot);
            *r -= factor * rhs_top[k];
        }
    }
    let mut solution = Array1::zeros(rows);
    for k in (0..rows).rev() {
        let known = m.slice(s![k, k + 1..]).dot(&solution.slice(s![k + 1..]));
        solution[k] = (rhs[k] - known) / m[[k, k]];
    }
    Ok(solution)
}

pub fn fit(x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<LinearModel, LinearError> {
    check_training_data(x, y)?;
    let (lhs, rhs) = Gram::new(x, y).normal_equations(0.0);
    let theta = solve(lhs.view(), rhs.view())?;
    Ok(LinearModel {
        intercept: theta[0],
        coefficients: theta.slice(s![1..]).to_owned(),
    })
}

pub fn predict(model: &LinearModel, x: ArrayView2<f64>) -> Result<Array1<f64>, LinearError> {
    if x.ncols() != model.coefficients.len() {
        return Err(LinearError::ColumnsMismatch {
            columns: x.ncols(),
            coefficients: model.coefficients.len(),
        });
    }
    Ok(x.dot(&model.coefficients) + model.intercept)
}

/// At least one row, and one target per row.
pub(crate) fn check_training_data(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
) -> Result<(), LinearError> {
    if x.nrows() != y.len() {
        return Err(LinearError::RowsMismatch {
            rows: x.nrows(),
            values: y.len(),
        });
    }
    if x.nrows() == 0 {
        return Err(LinearError::Empty);
    }
    Ok(())
}
