//! Reference solution of the `linear_regression` exercise.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, s};

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
    first_non_finite("a", a)?;
    first_non_finite("b", b.insert_axis(Axis(1)))?;
    let threshold = PIVOT_TOLERANCE * a.iter().fold(0.0, |m: f64, v| m.max(v.abs()));
    let mut m = a.to_owned();
    let mut rhs = b.to_owned();
    for k in 0..rows {
        let pivot_row = (k..rows)
            .max_by(|&i, &j| m[[i, k]].abs().total_cmp(&m[[j, k]].abs()))
            .unwrap_or(k);
        let pivot = m[[pivot_row, k]].abs();
        if pivot.is_nan() || pivot <= threshold {
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
    first_non_finite("x", x)?;
    first_non_finite("y", y.insert_axis(Axis(1)))?;
    let (lhs, rhs) = Gram::new(x, y).normal_equations();
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

/// `NotFinite` for the first entry of `m` (row by row) that is NaN or infinite.
pub fn first_non_finite(input: &'static str, m: ArrayView2<f64>) -> Result<(), LinearError> {
    match m.indexed_iter().find(|(_, v)| !v.is_finite()) {
        Some(((row, column), _)) => Err(LinearError::NotFinite { input, row, column }),
        None => Ok(()),
    }
}

/// At least one row, and one target per row.
pub fn check_training_data(x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<(), LinearError> {
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

/// The sufficient statistics of a least-squares problem: n, XᵀX, Xᵀ1, Xᵀy and Σy.
///
/// Everything the normal equations need from the data (X, y) is in these; one pass over
/// the data computes them (the O(n·p²) part), and the (p + 1) x (p + 1) system is then
/// built from them without ever forming the n x (p + 1) matrix [1 | X].
#[derive(Debug, Clone)]
pub struct Gram {
    n: f64,
    xtx: Array2<f64>,
    x_sums: Array1<f64>,
    xty: Array1<f64>,
    y_sum: f64,
}

impl Gram {
    /// Computes the statistics; `x` has one row per sample and `y` one value per row
    /// (the caller checks the shapes).
    pub fn new(x: ArrayView2<f64>, y: ArrayView1<f64>) -> Self {
        Gram {
            n: x.nrows() as f64,
            xtx: x.t().dot(&x),
            x_sums: x.sum_axis(Axis(0)),
            xty: x.t().dot(&y),
            y_sum: y.sum(),
        }
    }

    /// The normal equations of least squares with an intercept: with A = [1 | X] and
    /// θ = (b, w),
    ///
    /// ```text
    /// AᵀA θ = Aᵀy,   AᵀA = [ n    (Xᵀ1)ᵀ ]   Aᵀy = [ Σy  ]
    ///                [ Xᵀ1   XᵀX   ]         [ Xᵀy ]
    /// ```
    ///
    /// built block by block, so the n x (p + 1) matrix A is never formed.
    pub fn normal_equations(&self) -> (Array2<f64>, Array1<f64>) {
        let p = self.xty.len();
        let mut lhs = Array2::zeros((p + 1, p + 1));
        lhs[[0, 0]] = self.n;
        lhs.slice_mut(s![0, 1..]).assign(&self.x_sums);
        lhs.slice_mut(s![1.., 0]).assign(&self.x_sums);
        lhs.slice_mut(s![1.., 1..]).assign(&self.xtx);
        let mut rhs = Array1::zeros(p + 1);
        rhs[0] = self.y_sum;
        rhs.slice_mut(s![1..]).assign(&self.xty);
        (lhs, rhs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn the_normal_equations_are_those_of_the_intercept_column_and_x() {
        let x = array![[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]];
        let y = array![1.0, 2.0, -1.0];
        let a = ndarray::concatenate![Axis(1), Array2::ones((3, 1)), x];
        let (lhs, rhs) = Gram::new(x.view(), y.view()).normal_equations();
        assert!((&lhs - &a.t().dot(&a)).iter().all(|d| d.abs() < 1e-12));
        assert!((&rhs - &a.t().dot(&y)).iter().all(|d| d.abs() < 1e-12));
    }
}
