//! Reference solution of the `pca` exercise.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, s};

use crate::types::pca::{Eigen, Pca, PcaError, PcaParams};

/// The Frobenius norm of the off-diagonal part of `a`, and of all of `a`.
fn off_and_total(a: &Array2<f64>) -> (f64, f64) {
    let mut off = 0.0;
    let mut total = 0.0;
    for ((i, j), &value) in a.indexed_iter() {
        total += value * value;
        if i != j {
            off += value * value;
        }
    }
    (off.sqrt(), total.sqrt())
}

/// Rotates columns p and q of `m` by (c, s): col_p, col_q ← c·col_p − s·col_q, s·col_p + c·col_q.
fn rotate_columns(m: &mut Array2<f64>, p: usize, q: usize, c: f64, s: f64) {
    let (mut col_p, mut col_q) = m.multi_slice_mut((s![.., p], s![.., q]));
    ndarray::Zip::from(&mut col_p)
        .and(&mut col_q)
        .for_each(|x, y| (*x, *y) = (c * *x - s * *y, s * *x + c * *y));
}

/// Rotates rows p and q of `m` the same way.
fn rotate_rows(m: &mut Array2<f64>, p: usize, q: usize, c: f64, s: f64) {
    let (mut row_p, mut row_q) = m.multi_slice_mut((s![p, ..], s![q, ..]));
    ndarray::Zip::from(&mut row_p)
        .and(&mut row_q)
        .for_each(|x, y| (*x, *y) = (c * *x - s * *y, s * *x + c * *y));
}

pub fn jacobi_eigen(
    a: ArrayView2<f64>,
    tolerance: f64,
    max_sweeps: usize,
) -> Result<Eigen, PcaError> {
    let (rows, cols) = a.dim();
    if rows != cols {
        return Err(PcaError::NotSquare { rows, cols });
    }
    if rows == 0 {
        return Err(PcaError::Empty);
    }
    let n = rows;
    let mut a = a.to_owned();
    let mut v = Array2::<f64>::eye(n);
    let mut sweeps = 0;
    loop {
        let (off, total) = off_and_total(&a);
        if off <= tolerance * total {
            break;
        }
        if sweeps == max_sweeps {
            return Err(PcaError::NotConverged { sweeps });
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[[p, q]];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[[q, q]] - a[[p, p]]) / (2.0 * apq);
                let sign = if theta >= 0.0 { 1.0 } else { -1.0 };
                let t = sign / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                rotate_columns(&mut a, p, q, c, s);
                rotate_rows(&mut a, p, q, c, s);
                rotate_columns(&mut v, p, q, c, s);
                a[[p, q]] = 0.0;
                a[[q, p]] = 0.0;
            }
        }
        sweeps += 1;
    }
    let diagonal = a.diag();
    let mut order: Vec<usize> = (0..n).collect();
    // Stable: equal eigenvalues keep their diagonal order.
    order.sort_by(|&i, &j| diagonal[j].total_cmp(&diagonal[i]));
    let values = Array1::from_iter(order.iter().map(|&i| diagonal[i]));
    let mut vectors = v.select(Axis(1), &order);
    for mut column in vectors.axis_iter_mut(Axis(1)) {
        let largest = column
            .iter()
            .copied()
            .reduce(|best, x| if x.abs() > best.abs() { x } else { best })
            .unwrap_or(0.0);
        if largest < 0.0 {
            column.mapv_inplace(|x| -x);
        }
    }
    Ok(Eigen { values, vectors })
}

pub fn fit(x: ArrayView2<f64>, params: &PcaParams) -> Result<Pca, PcaError> {
    params.validate()?;
    let (n, p) = x.dim();
    if n < 2 {
        return Err(PcaError::TooFewSamples { n });
    }
    if params.n_components > p {
        return Err(PcaError::TooManyComponents {
            requested: params.n_components,
            features: p,
        });
    }
    let constant: Vec<bool> = x
        .axis_iter(Axis(1))
        .map(|column| column.iter().all(|&v| v == column[0]))
        .collect();
    if constant.iter().all(|&c| c) {
        return Err(PcaError::NoVariance);
    }
    let mean = x.mean_axis(Axis(0)).ok_or(PcaError::Empty)?;
    let scale = if params.standardize {
        let spread = x.std_axis(Axis(0), 0.0);
        Array1::from_iter(
            spread
                .iter()
                .zip(&constant)
                .map(|(&s, &c)| if c { 1.0 } else { s }),
        )
    } else {
        Array1::ones(p)
    };
    let z = (&x - &mean) / &scale;
    let covariance = z.t().dot(&z) / (n - 1) as f64;
    let total = covariance.diag().sum();
    let eigen = jacobi_eigen(covariance.view(), params.tolerance, params.max_sweeps)?;
    let k = params.n_components;
    let explained_variance = eigen.values.slice(s![..k]).to_owned();
    Ok(Pca {
        mean,
        scale,
        components: eigen.vectors.slice(s![.., ..k]).t().to_owned(),
        explained_variance_ratio: &explained_variance / total,
        explained_variance,
    })
}

pub fn transform(model: &Pca, x: ArrayView2<f64>) -> Result<Array2<f64>, PcaError> {
    let expected = model.mean.len();
    if x.ncols() != expected {
        return Err(PcaError::FeatureMismatch {
            expected,
            got: x.ncols(),
        });
    }
    let z = (&x - &model.mean) / &model.scale;
    Ok(z.dot(&model.components.t()))
}

pub fn inverse_transform(model: &Pca, scores: ArrayView2<f64>) -> Result<Array2<f64>, PcaError> {
    let expected = model.components.nrows();
    if scores.ncols() != expected {
        return Err(PcaError::ComponentMismatch {
            expected,
            got: scores.ncols(),
        });
    }
    Ok(scores.dot(&model.components) * &model.scale + &model.mean)
}

pub fn reconstruction_error(model: &Pca, x: ArrayView2<f64>) -> Result<f64, PcaError> {
    let reconstructed = inverse_transform(model, transform(model, x)?.view())?;
    if x.nrows() == 0 {
        return Err(PcaError::Empty);
    }
    let difference = &x - &reconstructed;
    Ok(difference.iter().map(|d| d * d).sum::<f64>() / x.nrows() as f64)
}

pub fn components_for_variance(ratios: ArrayView1<f64>, threshold: f64) -> Result<usize, PcaError> {
    if !(threshold > 0.0 && threshold < 1.0) {
        return Err(PcaError::InvalidThreshold { threshold });
    }
    if ratios.is_empty() {
        return Err(PcaError::Empty);
    }
    let mut cumulative = 0.0;
    for (i, &ratio) in ratios.iter().enumerate() {
        cumulative += ratio;
        if cumulative >= threshold {
            return Ok(i + 1);
        }
    }
    Err(PcaError::NotReached {
        threshold,
        total: cumulative,
    })
}
