//! Reference solution of the `softmax_regression` exercise.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Zip};

use crate::types::labels::class_count;
use crate::types::softmax_regression::{
    SoftmaxError, SoftmaxGradient, SoftmaxModel, SoftmaxParams,
};

pub fn softmax(logits: ArrayView2<f64>) -> Array2<f64> {
    let mut p = logits.to_owned();
    for mut row in p.rows_mut() {
        // Shifted by the row's largest logit, every exponent is <= 0 and one is 0.
        let max = row.fold(f64::NEG_INFINITY, |m, &z| m.max(z));
        row.mapv_inplace(|z| (z - max).exp());
        let sum = row.sum();
        row /= sum;
    }
    p
}

pub fn log_softmax(logits: ArrayView2<f64>) -> Array2<f64> {
    let mut out = logits.to_owned();
    for mut row in out.rows_mut() {
        let max = row.fold(f64::NEG_INFINITY, |m, &z| m.max(z));
        let log_sum = row.fold(0.0, |s, &z| s + (z - max).exp()).ln();
        row.mapv_inplace(|z| z - max - log_sum);
    }
    out
}

pub fn logits(model: &SoftmaxModel, x: ArrayView2<f64>) -> Result<Array2<f64>, SoftmaxError> {
    check_model(model)?;
    if x.ncols() != model.coefficients.nrows() {
        return Err(SoftmaxError::ColumnsMismatch {
            columns: x.ncols(),
            features: model.coefficients.nrows(),
        });
    }
    Ok(x.dot(&model.coefficients) + &model.intercepts)
}

pub fn loss(
    model: &SoftmaxModel,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    l2: f64,
) -> Result<f64, SoftmaxError> {
    check_model(model)?;
    check_training_data(x, y, model.n_classes())?;
    let log_p = log_softmax(logits(model, x)?.view());
    let total: f64 = Zip::from(log_p.rows())
        .and(&y)
        .fold(0.0, |sum, row, &label| sum - row[label]);
    let w = &model.coefficients;
    Ok(total / y.len() as f64 + 0.5 * l2 * (w * w).sum())
}

pub fn gradient(
    model: &SoftmaxModel,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    l2: f64,
) -> Result<SoftmaxGradient, SoftmaxError> {
    check_model(model)?;
    check_training_data(x, y, model.n_classes())?;
    // P − Y: the probabilities, minus 1 at each row's own class.
    let mut errors = softmax(logits(model, x)?.view());
    Zip::from(errors.rows_mut())
        .and(&y)
        .for_each(|mut row, &label| row[label] -= 1.0);
    let n = y.len() as f64;
    Ok(SoftmaxGradient {
        intercepts: errors.sum_axis(Axis(0)) / n,
        coefficients: x.t().dot(&errors) / n + &model.coefficients * l2,
    })
}

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &SoftmaxParams,
) -> Result<SoftmaxModel, SoftmaxError> {
    params.validate()?;
    if x.nrows() != y.len() {
        return Err(SoftmaxError::RowsMismatch {
            rows: x.nrows(),
            values: y.len(),
        });
    }
    if x.nrows() == 0 {
        return Err(SoftmaxError::Empty);
    }
    let k = class_count(y)?;
    let (eta, mu) = (params.learning_rate, params.momentum);
    let mut model = SoftmaxModel::zeros(x.ncols(), k);
    let mut velocity = SoftmaxModel::zeros(x.ncols(), k);
    let mut ahead = model.clone();
    for _ in 0..params.iterations {
        // Nesterov: the gradient is taken where the momentum is about to carry the model.
        Zip::from(&mut ahead.intercepts)
            .and(&model.intercepts)
            .and(&velocity.intercepts)
            .for_each(|a, &m, &v| *a = m + mu * v);
        Zip::from(&mut ahead.coefficients)
            .and(&model.coefficients)
            .and(&velocity.coefficients)
            .for_each(|a, &m, &v| *a = m + mu * v);
        let g = gradient(&ahead, x, y, params.l2)?;
        velocity.intercepts *= mu;
        velocity.intercepts.scaled_add(-eta, &g.intercepts);
        velocity.coefficients *= mu;
        velocity.coefficients.scaled_add(-eta, &g.coefficients);
        model.intercepts += &velocity.intercepts;
        model.coefficients += &velocity.coefficients;
    }
    Ok(model)
}

pub fn predict_proba(
    model: &SoftmaxModel,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, SoftmaxError> {
    Ok(softmax(logits(model, x)?.view()))
}

pub fn predict(model: &SoftmaxModel, x: ArrayView2<f64>) -> Result<Array1<usize>, SoftmaxError> {
    let z = logits(model, x)?;
    // The first class with the largest logit: a tie goes to the smaller class index.
    Ok(z.rows()
        .into_iter()
        .map(|row| {
            let mut best = 0;
            for (class, &value) in row.iter().enumerate() {
                if value > row[best] {
                    best = class;
                }
            }
            best
        })
        .collect())
}

/// One intercept per column of W.
fn check_model(model: &SoftmaxModel) -> Result<(), SoftmaxError> {
    if model.intercepts.len() != model.coefficients.ncols() {
        return Err(SoftmaxError::ModelShape {
            intercepts: model.intercepts.len(),
            classes: model.coefficients.ncols(),
        });
    }
    Ok(())
}

/// At least one row, one label per row, and every label one of the model's classes.
fn check_training_data(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    classes: usize,
) -> Result<(), SoftmaxError> {
    if x.nrows() != y.len() {
        return Err(SoftmaxError::RowsMismatch {
            rows: x.nrows(),
            values: y.len(),
        });
    }
    if x.nrows() == 0 {
        return Err(SoftmaxError::Empty);
    }
    match y.iter().position(|&label| label >= classes) {
        Some(index) => Err(SoftmaxError::LabelOutOfRange {
            index,
            label: y[index],
            classes,
        }),
        None => Ok(()),
    }
}
