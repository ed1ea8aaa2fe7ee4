//! A learner's softmax regression written with index loops and flat vectors.

use mlings::types::labels::class_count;
use mlings::types::softmax_regression::{
    SoftmaxError, SoftmaxGradient, SoftmaxModel, SoftmaxParams,
};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

fn row_max(z: ArrayView2<f64>, i: usize) -> f64 {
    let mut m = z[[i, 0]];
    for c in 1..z.ncols() {
        if z[[i, c]] > m {
            m = z[[i, c]];
        }
    }
    m
}

pub fn softmax(logits: ArrayView2<f64>) -> Array2<f64> {
    let (n, k) = logits.dim();
    let mut p = Array2::zeros((n, k));
    for i in 0..n {
        let m = row_max(logits, i);
        let mut total = 0.0;
        for c in 0..k {
            p[[i, c]] = (logits[[i, c]] - m).exp();
            total += p[[i, c]];
        }
        for c in 0..k {
            p[[i, c]] /= total;
        }
    }
    p
}

pub fn log_softmax(logits: ArrayView2<f64>) -> Array2<f64> {
    let (n, k) = logits.dim();
    let mut out = Array2::zeros((n, k));
    for i in 0..n {
        let m = row_max(logits, i);
        let mut total = 0.0;
        for c in 0..k {
            total += (logits[[i, c]] - m).exp();
        }
        let lse = m + total.ln();
        for c in 0..k {
            out[[i, c]] = logits[[i, c]] - lse;
        }
    }
    out
}

pub fn logits(model: &SoftmaxModel, x: ArrayView2<f64>) -> Result<Array2<f64>, SoftmaxError> {
    let (p, k) = model.coefficients.dim();
    if model.intercepts.len() != k {
        return Err(SoftmaxError::ModelShape {
            intercepts: model.intercepts.len(),
            classes: k,
        });
    }
    if x.ncols() != p {
        return Err(SoftmaxError::ColumnsMismatch {
            columns: x.ncols(),
            features: p,
        });
    }
    let n = x.nrows();
    let mut z = Array2::zeros((n, k));
    for i in 0..n {
        for c in 0..k {
            let mut s = model.intercepts[c];
            for j in 0..p {
                s += x[[i, j]] * model.coefficients[[j, c]];
            }
            z[[i, c]] = s;
        }
    }
    Ok(z)
}

fn check(model: &SoftmaxModel, x: ArrayView2<f64>, y: ArrayView1<usize>) -> Result<(), SoftmaxError> {
    if model.intercepts.len() != model.coefficients.ncols() {
        return Err(SoftmaxError::ModelShape {
            intercepts: model.intercepts.len(),
            classes: model.coefficients.ncols(),
        });
    }
    if x.nrows() != y.len() {
        return Err(SoftmaxError::RowsMismatch {
            rows: x.nrows(),
            values: y.len(),
        });
    }
    if y.is_empty() {
        return Err(SoftmaxError::Empty);
    }
    let k = model.intercepts.len();
    for i in 0..y.len() {
        if y[i] >= k {
            return Err(SoftmaxError::LabelOutOfRange {
                index: i,
                label: y[i],
                classes: k,
            });
        }
    }
    Ok(())
}

pub fn loss(
    model: &SoftmaxModel,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    l2: f64,
) -> Result<f64, SoftmaxError> {
    check(model, x, y)?;
    let log_p = log_softmax(logits(model, x)?.view());
    let mut total = 0.0;
    for i in 0..y.len() {
        total -= log_p[[i, y[i]]];
    }
    let mut penalty = 0.0;
    for w in model.coefficients.iter() {
        penalty += w * w;
    }
    Ok(total / y.len() as f64 + l2 / 2.0 * penalty)
}

pub fn gradient(
    model: &SoftmaxModel,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    l2: f64,
) -> Result<SoftmaxGradient, SoftmaxError> {
    check(model, x, y)?;
    let p = softmax(logits(model, x)?.view());
    let (n, d) = x.dim();
    let k = model.intercepts.len();
    let mut gb = Array1::zeros(k);
    let mut gw = Array2::zeros((d, k));
    for i in 0..n {
        for c in 0..k {
            let e = p[[i, c]] - if y[i] == c { 1.0 } else { 0.0 };
            gb[c] += e / n as f64;
            for j in 0..d {
                gw[[j, c]] += x[[i, j]] * e / n as f64;
            }
        }
    }
    for j in 0..d {
        for c in 0..k {
            gw[[j, c]] += l2 * model.coefficients[[j, c]];
        }
    }
    Ok(SoftmaxGradient {
        intercepts: gb,
        coefficients: gw,
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
    if y.is_empty() {
        return Err(SoftmaxError::Empty);
    }
    let k = class_count(y)?;
    let d = x.ncols();
    let mu = params.momentum;
    let lr = params.learning_rate;
    let mut model = SoftmaxModel::zeros(d, k);
    let mut vb = Array1::<f64>::zeros(k);
    let mut vw = Array2::<f64>::zeros((d, k));
    for _step in 0..params.iterations {
        let ahead = SoftmaxModel {
            intercepts: &model.intercepts + &(&vb * mu),
            coefficients: &model.coefficients + &(&vw * mu),
        };
        let g = gradient(&ahead, x, y, params.l2)?;
        vb = &vb * mu - &g.intercepts * lr;
        vw = &vw * mu - &g.coefficients * lr;
        model.intercepts = &model.intercepts + &vb;
        model.coefficients = &model.coefficients + &vw;
    }
    Ok(model)
}

pub fn predict_proba(
    model: &SoftmaxModel,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, SoftmaxError> {
    let z = logits(model, x)?;
    Ok(softmax(z.view()))
}

pub fn predict(model: &SoftmaxModel, x: ArrayView2<f64>) -> Result<Array1<usize>, SoftmaxError> {
    let z = logits(model, x)?;
    let mut out = Array1::zeros(z.nrows());
    for i in 0..z.nrows() {
        let mut best = 0;
        for c in 1..z.ncols() {
            if z[[i, c]] > z[[i, best]] {
                best = c;
            }
        }
        out[i] = best;
    }
    Ok(out)
}
