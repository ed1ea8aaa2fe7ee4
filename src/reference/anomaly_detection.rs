//! Reference solution of the `anomaly_detection` exercise.

use std::f64::consts::PI;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Zip, s};

use crate::types::anomaly_detection::{
    AnomalyError, Detection, GaussianModel, MultivariateGaussian, Threshold,
};

/// A pivot at most this share of its diagonal entry means "not positive definite".
const PIVOT_TOLERANCE: f64 = 1e-10;

pub fn fit_gaussian(x: ArrayView2<f64>) -> Result<GaussianModel, AnomalyError> {
    check_not_empty(x)?;
    if let Some(feature) = first_constant_column(x) {
        return Err(AnomalyError::ConstantFeature { feature });
    }
    let mean = x.mean_axis(Axis(0)).expect("at least one row");
    let variance = x.var_axis(Axis(0), 0.0);
    Ok(GaussianModel { mean, variance })
}

pub fn log_density(model: &GaussianModel, x: ArrayView2<f64>) -> Result<Array1<f64>, AnomalyError> {
    check_features(model.mean.len(), x)?;
    // The part that does not depend on x: −½·Σⱼ log(2πσⱼ²).
    let normalizer: f64 = model
        .variance
        .iter()
        .map(|&v| -0.5 * (2.0 * PI * v).ln())
        .sum();
    let scores = x.outer_iter().map(|row| {
        let mut quadratic = 0.0;
        Zip::from(&row)
            .and(&model.mean)
            .and(&model.variance)
            .for_each(|&v, &m, &s2| quadratic += (v - m) * (v - m) / s2);
        normalizer - 0.5 * quadratic
    });
    Ok(scores.collect())
}

pub fn cholesky(covariance: ArrayView2<f64>) -> Result<Array2<f64>, AnomalyError> {
    let (rows, columns) = covariance.dim();
    if rows != columns {
        return Err(AnomalyError::NotSquare { rows, columns });
    }
    let mut lower = Array2::<f64>::zeros((rows, rows));
    for j in 0..rows {
        // What feature j has left once the earlier features explain what they can.
        let earlier = lower.slice(s![j, ..j]);
        let pivot = covariance[[j, j]] - earlier.dot(&earlier);
        if pivot <= PIVOT_TOLERANCE * covariance[[j, j]] {
            return Err(AnomalyError::NotPositiveDefinite { feature: j });
        }
        let diagonal = pivot.sqrt();
        lower[[j, j]] = diagonal;
        for i in j + 1..rows {
            let dot = lower.slice(s![i, ..j]).dot(&lower.slice(s![j, ..j]));
            lower[[i, j]] = (covariance[[i, j]] - dot) / diagonal;
        }
    }
    Ok(lower)
}

pub fn fit_multivariate(x: ArrayView2<f64>) -> Result<MultivariateGaussian, AnomalyError> {
    check_not_empty(x)?;
    let mean = x.mean_axis(Axis(0)).expect("at least one row");
    let centred = &x - &mean;
    let covariance = centred.t().dot(&centred) / x.nrows() as f64;
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
    check_features(p, x)?;
    let lower = &model.cholesky;
    // log det Σ = 2·Σⱼ log Lⱼⱼ: a sum of logs, never the determinant itself.
    let log_det: f64 = 2.0 * lower.diag().iter().map(|d| d.ln()).sum::<f64>();
    let normalizer = -0.5 * (p as f64 * (2.0 * PI).ln() + log_det);
    // Solve L·zᵢ = xᵢ − μ for every row i at once, by forward substitution over the
    // features: column j of z needs only the columns before it. Then
    // (xᵢ − μ)ᵀ Σ⁻¹ (xᵢ − μ) = zᵢ·zᵢ.
    let mut z = &x - &model.mean;
    for j in 0..p {
        let known = z.slice(s![.., ..j]).dot(&lower.slice(s![j, ..j]));
        let mut column = z.column_mut(j);
        column -= &known;
        column /= lower[[j, j]];
    }
    Ok(z.map_axis(Axis(1), |row| normalizer - 0.5 * row.dot(&row)))
}

pub fn evaluate(
    scores: ArrayView1<f64>,
    is_anomaly: ArrayView1<bool>,
    log_epsilon: f64,
) -> Result<Detection, AnomalyError> {
    check_labels(scores, is_anomaly)?;
    let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
    Zip::from(&scores)
        .and(&is_anomaly)
        .for_each(|&score, &anomaly| match (score <= log_epsilon, anomaly) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            (false, false) => tn += 1,
        });
    Ok(detection(tp, fp, fn_, tn))
}

pub fn select_threshold(
    scores: ArrayView1<f64>,
    is_anomaly: ArrayView1<bool>,
) -> Result<Threshold, AnomalyError> {
    check_labels(scores, is_anomaly)?;
    if let Some(index) = scores.iter().position(|s| !s.is_finite()) {
        return Err(AnomalyError::NonFiniteScore { index });
    }
    let anomalies = is_anomaly.iter().filter(|&&a| a).count();
    if anomalies == 0 {
        return Err(AnomalyError::NoAnomalies);
    }
    let n = scores.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    // Raise t through the sorted scores: every row up to t is flagged. Only after the
    // last of a run of equal scores is the flagged set the one of "score <= t".
    let (mut tp, mut fp) = (0, 0);
    let mut best: Option<(f64, Detection)> = None;
    for (position, &row) in order.iter().enumerate() {
        if is_anomaly[row] {
            tp += 1;
        } else {
            fp += 1;
        }
        let t = scores[row];
        if position + 1 < n && scores[order[position + 1]] == t {
            continue;
        }
        let candidate = detection(tp, fp, anomalies - tp, n - tp - fp - (anomalies - tp));
        // Strictly better only: on a tie the smaller t, met first, stays.
        if best.is_none_or(|(_, b)| candidate.f1 > b.f1) {
            best = Some((t, candidate));
        }
    }
    let (log_epsilon, validation) = best.expect("at least one score");
    Ok(Threshold {
        log_epsilon,
        validation,
    })
}

fn detection(tp: usize, fp: usize, fn_: usize, tn: usize) -> Detection {
    Detection {
        true_positives: tp,
        false_positives: fp,
        false_negatives: fn_,
        true_negatives: tn,
        precision: ratio(tp, tp + fp),
        recall: ratio(tp, tp + fn_),
        f1: ratio(2 * tp, 2 * tp + fp + fn_),
    }
}

/// numerator / denominator, or 0 when the denominator is 0.
fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

fn check_not_empty(x: ArrayView2<f64>) -> Result<(), AnomalyError> {
    if x.nrows() == 0 || x.ncols() == 0 {
        return Err(AnomalyError::Empty);
    }
    Ok(())
}

/// The first column whose values all equal its first value.
fn first_constant_column(x: ArrayView2<f64>) -> Option<usize> {
    x.axis_iter(Axis(1))
        .position(|column| column.iter().all(|&v| v == column[0]))
}

fn check_features(model: usize, x: ArrayView2<f64>) -> Result<(), AnomalyError> {
    if x.ncols() != model {
        return Err(AnomalyError::FeatureMismatch {
            model,
            x: x.ncols(),
        });
    }
    Ok(())
}

fn check_labels(scores: ArrayView1<f64>, is_anomaly: ArrayView1<bool>) -> Result<(), AnomalyError> {
    if scores.len() != is_anomaly.len() {
        return Err(AnomalyError::LengthMismatch {
            scores: scores.len(),
            labels: is_anomaly.len(),
        });
    }
    if scores.is_empty() {
        return Err(AnomalyError::Empty);
    }
    Ok(())
}
