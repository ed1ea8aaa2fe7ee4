//! Reference solution of the `naive_bayes` exercise.

use std::f64::consts::PI;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Zip};

use crate::types::naive_bayes::{GaussianNbModel, GaussianNbParams, NaiveBayesError, class_count};

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &GaussianNbParams,
) -> Result<GaussianNbModel, NaiveBayesError> {
    params.validate()?;
    if x.nrows() != y.len() {
        return Err(NaiveBayesError::RowsMismatch {
            rows: x.nrows(),
            labels: y.len(),
        });
    }
    if y.is_empty() {
        return Err(NaiveBayesError::Empty);
    }
    let k = class_count(y)?;
    let p = x.ncols();
    let mut counts = vec![0usize; k];
    let mut sums = Array2::<f64>::zeros((k, p));
    for (row, &label) in x.outer_iter().zip(&y) {
        counts[label] += 1;
        sums.row_mut(label).scaled_add(1.0, &row);
    }
    if let Some(class) = counts.iter().position(|&c| c == 0) {
        return Err(NaiveBayesError::AbsentClass {
            class,
            largest: k - 1,
        });
    }
    let n_c = Array1::from_iter(counts.iter().map(|&c| c as f64));
    let means = sums / n_c.view().insert_axis(Axis(1));
    let mut variances = Array2::<f64>::zeros((k, p));
    for (row, &label) in x.outer_iter().zip(&y) {
        Zip::from(variances.row_mut(label))
            .and(&row)
            .and(means.row(label))
            .for_each(|v, &x, &m| *v += (x - m) * (x - m));
    }
    variances /= &n_c.view().insert_axis(Axis(1));
    // The largest population variance of a feature over all the training rows (0 when
    // there are no features).
    let largest = x
        .var_axis(Axis(0), 0.0)
        .iter()
        .fold(0.0f64, |a, &v| a.max(v));
    let epsilon = params.var_smoothing * largest;
    variances += epsilon;
    if let Some(flat) = variances.iter().position(|&v| v == 0.0) {
        return Err(NaiveBayesError::ZeroVariance {
            class: flat / p,
            feature: flat % p,
        });
    }
    Ok(GaussianNbModel {
        priors: n_c / y.len() as f64,
        means,
        variances,
        epsilon,
    })
}

pub fn joint_log_likelihood(
    model: &GaussianNbModel,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, NaiveBayesError> {
    if x.ncols() != model.n_features() {
        return Err(NaiveBayesError::ColumnsMismatch {
            columns: x.ncols(),
            features: model.n_features(),
        });
    }
    let mut jll = Array2::<f64>::zeros((x.nrows(), model.n_classes()));
    for (c, mut column) in jll.axis_iter_mut(Axis(1)).enumerate() {
        let (mean, variance) = (model.means.row(c), model.variances.row(c));
        let constant = model.priors[c].ln() - 0.5 * variance.mapv(|v| (2.0 * PI * v).ln()).sum();
        Zip::from(&mut column)
            .and(x.outer_iter())
            .for_each(|out, row| {
                let squares: f64 = Zip::from(&row)
                    .and(mean)
                    .and(variance)
                    .fold(0.0, |s, &x, &m, &v| s + (x - m) * (x - m) / v);
                *out = constant - 0.5 * squares;
            });
    }
    Ok(jll)
}

pub fn log_sum_exp(values: ArrayView1<f64>) -> f64 {
    let largest = values.iter().fold(f64::NEG_INFINITY, |a, &v| a.max(v));
    if largest == f64::NEG_INFINITY {
        return f64::NEG_INFINITY;
    }
    largest + values.mapv(|v| (v - largest).exp()).sum().ln()
}

pub fn predict_log_proba(
    model: &GaussianNbModel,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, NaiveBayesError> {
    let mut jll = joint_log_likelihood(model, x)?;
    for mut row in jll.outer_iter_mut() {
        let total = log_sum_exp(row.view());
        row -= total;
    }
    Ok(jll)
}

pub fn predict_proba(
    model: &GaussianNbModel,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, NaiveBayesError> {
    Ok(predict_log_proba(model, x)?.mapv_into(f64::exp))
}

pub fn predict(
    model: &GaussianNbModel,
    x: ArrayView2<f64>,
) -> Result<Array1<usize>, NaiveBayesError> {
    let jll = joint_log_likelihood(model, x)?;
    Ok(jll
        .outer_iter()
        .map(|row| {
            // The first largest value: a tie goes to the smallest class.
            let mut best = 0;
            for (c, &v) in row.iter().enumerate() {
                if v > row[best] {
                    best = c;
                }
            }
            best
        })
        .collect())
}
