//! A correct solution written with index loops, two passes over the rows per class, and
//! predictions taken from the normalized log-probabilities.

use mlings::types::labels::class_count;
use mlings::types::naive_bayes::{GaussianNbModel, GaussianNbParams, NaiveBayesError};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &GaussianNbParams,
) -> Result<GaussianNbModel, NaiveBayesError> {
    params.validate()?;
    let (n, p) = x.dim();
    if n != y.len() {
        return Err(NaiveBayesError::RowsMismatch {
            rows: n,
            labels: y.len(),
        });
    }
    if n == 0 {
        return Err(NaiveBayesError::Empty);
    }
    let k = class_count(y)?;
    let mut priors = Array1::<f64>::zeros(k);
    let mut means = Array2::<f64>::zeros((k, p));
    let mut variances = Array2::<f64>::zeros((k, p));
    for c in 0..k {
        let rows: Vec<usize> = (0..n).filter(|&i| y[i] == c).collect();
        if rows.is_empty() {
            return Err(NaiveBayesError::AbsentClass { class: c, largest: k - 1 });
        }
        let n_c = rows.len() as f64;
        priors[c] = n_c / n as f64;
        for j in 0..p {
            let mut sum = 0.0;
            for &i in &rows {
                sum += x[[i, j]];
            }
            let mean = sum / n_c;
            let mut squares = 0.0;
            for &i in &rows {
                squares += (x[[i, j]] - mean).powi(2);
            }
            means[[c, j]] = mean;
            variances[[c, j]] = squares / n_c;
        }
    }
    let mut largest = 0.0f64;
    for j in 0..p {
        let column = x.column(j);
        let mean = column.sum() / n as f64;
        let variance = column.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64;
        largest = largest.max(variance);
    }
    let epsilon = params.var_smoothing * largest;
    for c in 0..k {
        for j in 0..p {
            variances[[c, j]] += epsilon;
            if variances[[c, j]] == 0.0 {
                return Err(NaiveBayesError::ZeroVariance { class: c, feature: j });
            }
        }
    }
    Ok(GaussianNbModel {
        priors,
        means,
        variances,
        epsilon,
    })
}

pub fn joint_log_likelihood(
    model: &GaussianNbModel,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, NaiveBayesError> {
    let (n, p) = x.dim();
    if p != model.means.ncols() {
        return Err(NaiveBayesError::ColumnsMismatch {
            columns: p,
            features: model.means.ncols(),
        });
    }
    let k = model.priors.len();
    let mut jll = Array2::<f64>::zeros((n, k));
    for i in 0..n {
        for c in 0..k {
            let mut total = model.priors[c].ln();
            for j in 0..p {
                let v = model.variances[[c, j]];
                let d = x[[i, j]] - model.means[[c, j]];
                total += -0.5 * (2.0 * std::f64::consts::PI).ln() - 0.5 * v.ln() - d * d / (2.0 * v);
            }
            jll[[i, c]] = total;
        }
    }
    Ok(jll)
}

pub fn log_sum_exp(values: ArrayView1<f64>) -> f64 {
    let mut m = f64::NEG_INFINITY;
    for &v in values {
        if v > m {
            m = v;
        }
    }
    if m == f64::NEG_INFINITY {
        return m;
    }
    let mut s = 0.0;
    for &v in values {
        s += (v - m).exp();
    }
    m + s.ln()
}

pub fn predict_log_proba(
    model: &GaussianNbModel,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, NaiveBayesError> {
    let jll = joint_log_likelihood(model, x)?;
    let mut out = jll.clone();
    for (i, row) in jll.outer_iter().enumerate() {
        let total = log_sum_exp(row);
        for c in 0..row.len() {
            out[[i, c]] = row[c] - total;
        }
    }
    Ok(out)
}

pub fn predict_proba(
    model: &GaussianNbModel,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, NaiveBayesError> {
    let mut p = predict_log_proba(model, x)?;
    p.mapv_inplace(f64::exp);
    Ok(p)
}

pub fn predict(
    model: &GaussianNbModel,
    x: ArrayView2<f64>,
) -> Result<Array1<usize>, NaiveBayesError> {
    let log_p = predict_log_proba(model, x)?;
    let mut labels = Array1::<usize>::zeros(log_p.nrows());
    for (i, row) in log_p.outer_iter().enumerate() {
        let mut best = 0;
        for c in 1..row.len() {
            if row[c] > row[best] {
                best = c;
            }
        }
        labels[i] = best;
    }
    Ok(labels)
}
