//! A correct solution written another way: index loops over a flat Vec for Jacobi, the sign
//! by an explicit argmax, statistics by hand, and the component count by `position`.

use mlings::types::pca::{Eigen, Pca, PcaError, PcaParams};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

pub fn jacobi_eigen(
    a: ArrayView2<f64>,
    tolerance: f64,
    max_sweeps: usize,
) -> Result<Eigen, PcaError> {
    let (rows, cols) = a.dim();
    if rows != cols {
        return Err(PcaError::NotSquare { rows, cols });
    }
    let n = rows;
    if n == 0 {
        return Err(PcaError::Empty);
    }
    let mut m: Vec<f64> = a.iter().copied().collect();
    let mut v = vec![0.0; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    let mut done = 0;
    loop {
        let total: f64 = m.iter().map(|x| x * x).sum::<f64>().sqrt();
        let mut off = 0.0;
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    off += m[i * n + j] * m[i * n + j];
                }
            }
        }
        if off.sqrt() <= tolerance * total {
            break;
        }
        if done == max_sweeps {
            return Err(PcaError::NotConverged { sweeps: max_sweeps });
        }
        for p in 0..n {
            for q in (p + 1)..n {
                let apq = m[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (m[q * n + q] - m[p * n + p]) / (2.0 * apq);
                let t = if theta < 0.0 {
                    -1.0 / (-theta + (theta * theta + 1.0).sqrt())
                } else {
                    1.0 / (theta + (theta * theta + 1.0).sqrt())
                };
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                for k in 0..n {
                    let (x, y) = (m[k * n + p], m[k * n + q]);
                    m[k * n + p] = c * x - s * y;
                    m[k * n + q] = s * x + c * y;
                }
                for k in 0..n {
                    let (x, y) = (m[p * n + k], m[q * n + k]);
                    m[p * n + k] = c * x - s * y;
                    m[q * n + k] = s * x + c * y;
                }
                for k in 0..n {
                    let (x, y) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * x - s * y;
                    v[k * n + q] = s * x + c * y;
                }
                m[p * n + q] = 0.0;
                m[q * n + p] = 0.0;
            }
        }
        done += 1;
    }
    let mut order: Vec<usize> = (0..n).collect();
    // Vec::sort_by is stable.
    order.sort_by(|&i, &j| m[j * n + j].partial_cmp(&m[i * n + i]).unwrap());
    let values = Array1::from_iter(order.iter().map(|&i| m[i * n + i]));
    let mut vectors = Array2::zeros((n, n));
    for (new, &old) in order.iter().enumerate() {
        let mut best = 0;
        for k in 1..n {
            if v[k * n + old].abs() > v[best * n + old].abs() {
                best = k;
            }
        }
        let flip = if v[best * n + old] < 0.0 { -1.0 } else { 1.0 };
        for k in 0..n {
            vectors[[k, new]] = flip * v[k * n + old];
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
    let mut mean = Array1::zeros(p);
    let mut scale = Array1::ones(p);
    let mut any_varies = false;
    for j in 0..p {
        let column = x.column(j);
        let constant = column.iter().all(|&v| v == column[0]);
        any_varies |= !constant;
        mean[j] = column.sum() / n as f64;
        if params.standardize && !constant {
            let m = mean[j];
            scale[j] = (column.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n as f64).sqrt();
        }
    }
    if !any_varies {
        return Err(PcaError::NoVariance);
    }
    let mut z = x.to_owned();
    for mut row in z.rows_mut() {
        row -= &mean;
        row /= &scale;
    }
    let covariance = z.t().dot(&z) / (n as f64 - 1.0);
    let eigen = jacobi_eigen(covariance.view(), params.tolerance, params.max_sweeps)?;
    let total: f64 = eigen.values.sum();
    let k = params.n_components;
    let mut components = Array2::zeros((k, p));
    for i in 0..k {
        components.row_mut(i).assign(&eigen.vectors.column(i));
    }
    let explained_variance = Array1::from_iter(eigen.values.iter().take(k).copied());
    let explained_variance_ratio = explained_variance.mapv(|v| v / total);
    Ok(Pca {
        mean,
        scale,
        components,
        explained_variance,
        explained_variance_ratio,
    })
}

pub fn transform(model: &Pca, x: ArrayView2<f64>) -> Result<Array2<f64>, PcaError> {
    if x.ncols() != model.mean.len() {
        return Err(PcaError::FeatureMismatch {
            expected: model.mean.len(),
            got: x.ncols(),
        });
    }
    let mut scores = Array2::zeros((x.nrows(), model.components.nrows()));
    for (i, row) in x.rows().into_iter().enumerate() {
        let z = (&row - &model.mean) / &model.scale;
        for (c, component) in model.components.rows().into_iter().enumerate() {
            scores[[i, c]] = z.dot(&component);
        }
    }
    Ok(scores)
}

pub fn inverse_transform(model: &Pca, scores: ArrayView2<f64>) -> Result<Array2<f64>, PcaError> {
    if scores.ncols() != model.components.nrows() {
        return Err(PcaError::ComponentMismatch {
            expected: model.components.nrows(),
            got: scores.ncols(),
        });
    }
    let mut x = scores.dot(&model.components);
    for mut row in x.rows_mut() {
        row *= &model.scale;
        row += &model.mean;
    }
    Ok(x)
}

pub fn reconstruction_error(model: &Pca, x: ArrayView2<f64>) -> Result<f64, PcaError> {
    let scores = transform(model, x)?;
    if x.nrows() == 0 {
        return Err(PcaError::Empty);
    }
    let back = inverse_transform(model, scores.view())?;
    let mut total = 0.0;
    for (row, rebuilt) in x.rows().into_iter().zip(back.rows()) {
        let d = &row - &rebuilt;
        total += d.dot(&d);
    }
    Ok(total / x.nrows() as f64)
}

pub fn components_for_variance(ratios: ArrayView1<f64>, threshold: f64) -> Result<usize, PcaError> {
    if threshold.is_nan() || threshold <= 0.0 || threshold >= 1.0 {
        return Err(PcaError::InvalidThreshold { threshold });
    }
    if ratios.is_empty() {
        return Err(PcaError::Empty);
    }
    let mut sum = 0.0;
    let cumulative: Vec<f64> = ratios
        .iter()
        .map(|r| {
            sum += r;
            sum
        })
        .collect();
    match cumulative.iter().position(|&c| c >= threshold) {
        Some(i) => Ok(i + 1),
        None => Err(PcaError::NotReached {
            threshold,
            total: sum,
        }),
    }
}
