//! A learner's solution written with index loops: Cholesky row by row (Banachiewicz),
//! every distinct score tried with evaluate.

use std::f64::consts::PI;

use mlings::types::anomaly_detection::{
    AnomalyError, Detection, GaussianModel, MultivariateGaussian, Threshold,
};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

pub fn fit_gaussian(x: ArrayView2<f64>) -> Result<GaussianModel, AnomalyError> {
    let (n, p) = x.dim();
    if n == 0 || p == 0 {
        return Err(AnomalyError::Empty);
    }
    for j in 0..p {
        if (1..n).all(|i| x[[i, j]] == x[[0, j]]) {
            return Err(AnomalyError::ConstantFeature { feature: j });
        }
    }
    let mut mean = Array1::zeros(p);
    let mut variance = Array1::zeros(p);
    for j in 0..p {
        let mut sum = 0.0;
        for i in 0..n {
            sum += x[[i, j]];
        }
        mean[j] = sum / n as f64;
        let mut squares = 0.0;
        for i in 0..n {
            squares += (x[[i, j]] - mean[j]).powi(2);
        }
        variance[j] = squares / n as f64;
    }
    Ok(GaussianModel { mean, variance })
}

pub fn log_density(model: &GaussianModel, x: ArrayView2<f64>) -> Result<Array1<f64>, AnomalyError> {
    let p = model.mean.len();
    if x.ncols() != p {
        return Err(AnomalyError::FeatureMismatch { model: p, x: x.ncols() });
    }
    let mut scores = Array1::zeros(x.nrows());
    for i in 0..x.nrows() {
        let mut total = 0.0;
        for j in 0..p {
            let v = model.variance[j];
            let d = x[[i, j]] - model.mean[j];
            total += -0.5 * (2.0 * PI * v).ln() - d * d / (2.0 * v);
        }
        scores[i] = total;
    }
    Ok(scores)
}

pub fn cholesky(covariance: ArrayView2<f64>) -> Result<Array2<f64>, AnomalyError> {
    let (rows, columns) = covariance.dim();
    if rows != columns {
        return Err(AnomalyError::NotSquare { rows, columns });
    }
    let mut l = Array2::<f64>::zeros((rows, rows));
    // Row by row: the off-diagonal entries of row i first, then its pivot. Row i's
    // pivot only needs rows 0..i, so the first failing pivot is still the first j.
    for i in 0..rows {
        for j in 0..i {
            let mut sum = 0.0;
            for k in 0..j {
                sum += l[[i, k]] * l[[j, k]];
            }
            l[[i, j]] = (covariance[[i, j]] - sum) / l[[j, j]];
        }
        let mut sum = 0.0;
        for k in 0..i {
            sum += l[[i, k]] * l[[i, k]];
        }
        let d = covariance[[i, i]] - sum;
        if d <= 1e-10 * covariance[[i, i]] {
            return Err(AnomalyError::NotPositiveDefinite { feature: i });
        }
        l[[i, i]] = d.sqrt();
    }
    Ok(l)
}

pub fn fit_multivariate(x: ArrayView2<f64>) -> Result<MultivariateGaussian, AnomalyError> {
    let (n, p) = x.dim();
    if n == 0 || p == 0 {
        return Err(AnomalyError::Empty);
    }
    let mut mean = Array1::zeros(p);
    for j in 0..p {
        mean[j] = (0..n).map(|i| x[[i, j]]).sum::<f64>() / n as f64;
    }
    let mut covariance = Array2::zeros((p, p));
    for a in 0..p {
        for b in 0..p {
            let mut sum = 0.0;
            for i in 0..n {
                sum += (x[[i, a]] - mean[a]) * (x[[i, b]] - mean[b]);
            }
            covariance[[a, b]] = sum / n as f64;
        }
    }
    let cholesky = cholesky(covariance.view())?;
    Ok(MultivariateGaussian {
        mean,
        covariance,
        cholesky,
    })
}

pub fn log_density_multivariate(
    model: &MultivariateGaussian,
    x: ArrayView2<f64>,
) -> Result<Array1<f64>, AnomalyError> {
    let p = model.mean.len();
    if x.ncols() != p {
        return Err(AnomalyError::FeatureMismatch { model: p, x: x.ncols() });
    }
    let l = &model.cholesky;
    let mut log_det = 0.0;
    for j in 0..p {
        log_det += 2.0 * l[[j, j]].ln();
    }
    let mut scores = Array1::zeros(x.nrows());
    for r in 0..x.nrows() {
        let mut z = vec![0.0; p];
        let mut quadratic = 0.0;
        for i in 0..p {
            let mut known = 0.0;
            for k in 0..i {
                known += l[[i, k]] * z[k];
            }
            z[i] = (x[[r, i]] - model.mean[i] - known) / l[[i, i]];
            quadratic += z[i] * z[i];
        }
        scores[r] = -0.5 * (p as f64 * (2.0 * PI).ln() + log_det + quadratic);
    }
    Ok(scores)
}

pub fn evaluate(
    scores: ArrayView1<f64>,
    is_anomaly: ArrayView1<bool>,
    log_epsilon: f64,
) -> Result<Detection, AnomalyError> {
    if scores.len() != is_anomaly.len() {
        return Err(AnomalyError::LengthMismatch {
            scores: scores.len(),
            labels: is_anomaly.len(),
        });
    }
    if scores.is_empty() {
        return Err(AnomalyError::Empty);
    }
    let (mut tp, mut fp, mut fn_, mut tn) = (0usize, 0usize, 0usize, 0usize);
    for i in 0..scores.len() {
        let flagged = scores[i] <= log_epsilon;
        if flagged && is_anomaly[i] {
            tp += 1;
        } else if flagged {
            fp += 1;
        } else if is_anomaly[i] {
            fn_ += 1;
        } else {
            tn += 1;
        }
    }
    let precision = if tp + fp == 0 { 0.0 } else { tp as f64 / (tp + fp) as f64 };
    let recall = if tp + fn_ == 0 { 0.0 } else { tp as f64 / (tp + fn_) as f64 };
    let f1 = if 2 * tp + fp + fn_ == 0 {
        0.0
    } else {
        (2 * tp) as f64 / (2 * tp + fp + fn_) as f64
    };
    Ok(Detection {
        true_positives: tp,
        false_positives: fp,
        false_negatives: fn_,
        true_negatives: tn,
        precision,
        recall,
        f1,
    })
}

pub fn select_threshold(
    scores: ArrayView1<f64>,
    is_anomaly: ArrayView1<bool>,
) -> Result<Threshold, AnomalyError> {
    evaluate(scores, is_anomaly, 0.0)?;
    for i in 0..scores.len() {
        if !scores[i].is_finite() {
            return Err(AnomalyError::NonFiniteScore { index: i });
        }
    }
    if !is_anomaly.iter().any(|&a| a) {
        return Err(AnomalyError::NoAnomalies);
    }
    let mut candidates = scores.to_vec();
    candidates.sort_by(|a, b| a.partial_cmp(b).unwrap());
    candidates.dedup();
    let mut best_t = candidates[0];
    let mut best = evaluate(scores, is_anomaly, best_t)?;
    for &t in &candidates[1..] {
        let d = evaluate(scores, is_anomaly, t)?;
        if d.f1 > best.f1 {
            best = d;
            best_t = t;
        }
    }
    Ok(Threshold {
        log_epsilon: best_t,
        validation: best,
    })
}
