//! Reference solution of `exercises/12_deep_learning/layers_and_losses.rs`.

use crate::prep::rng;
use crate::types::labels::MAX_CLASSES;
use crate::types::layers_and_losses::{
    CrossEntropy, Dropped, LayerError, Linear, LinearGradients, Mode,
};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Zip};
use rand::Rng;

/// A dense layer with Glorot-uniform weights (drawn row by row) and zero biases.
pub fn linear_init(n_inputs: usize, n_outputs: usize, seed: u64) -> Result<Linear, LayerError> {
    if n_inputs == 0 || n_outputs == 0 {
        return Err(LayerError::InvalidParams(format!(
            "n_inputs and n_outputs must be at least 1, got {n_inputs} and {n_outputs}"
        )));
    }
    let a = (6.0 / (n_inputs + n_outputs) as f64).sqrt();
    let mut rng = rng(seed);
    let weight = Array2::from_shape_simple_fn((n_inputs, n_outputs), || rng.gen_range(-a..a));
    Ok(Linear {
        weight,
        bias: Array1::zeros(n_outputs),
    })
}

fn check_input(layer: &Linear, x: ArrayView2<f64>, what: &'static str) -> Result<(), LayerError> {
    if x.ncols() != layer.n_inputs() {
        return Err(LayerError::Shape {
            what,
            expected: format!("x with {} columns", layer.n_inputs()),
            got: format!("x of shape {:?}", x.shape()),
        });
    }
    Ok(())
}

/// Y = X·W + b.
pub fn linear_forward(layer: &Linear, x: ArrayView2<f64>) -> Result<Array2<f64>, LayerError> {
    check_input(layer, x, "linear_forward")?;
    Ok(x.dot(&layer.weight) + &layer.bias)
}

/// dX = dY·Wᵀ, dW = Xᵀ·dY, db = column sums of dY.
pub fn linear_backward(
    layer: &Linear,
    x: ArrayView2<f64>,
    dy: ArrayView2<f64>,
) -> Result<LinearGradients, LayerError> {
    check_input(layer, x, "linear_backward")?;
    let expected = [x.nrows(), layer.n_outputs()];
    if dy.shape() != expected {
        return Err(LayerError::Shape {
            what: "linear_backward",
            expected: format!("dy of shape {expected:?}"),
            got: format!("dy of shape {:?}", dy.shape()),
        });
    }
    Ok(LinearGradients {
        dx: dy.dot(&layer.weight.t()),
        dweight: x.t().dot(&dy),
        dbias: dy.sum_axis(Axis(0)),
    })
}

/// max(0, x), element-wise.
pub fn relu(x: ArrayView2<f64>) -> Array2<f64> {
    x.mapv(|v| if v > 0.0 { v } else { 0.0 })
}

/// dy where x > 0, else 0 (also at exactly 0).
pub fn relu_backward(x: ArrayView2<f64>, dy: ArrayView2<f64>) -> Result<Array2<f64>, LayerError> {
    if dy.shape() != x.shape() {
        return Err(LayerError::Shape {
            what: "relu_backward",
            expected: format!("dy of shape {:?}", x.shape()),
            got: format!("dy of shape {:?}", dy.shape()),
        });
    }
    let mut dx = dy.to_owned();
    Zip::from(&mut dx).and(&x).for_each(|d, &v| {
        if v <= 0.0 {
            *d = 0.0;
        }
    });
    Ok(dx)
}

/// Row by row: z − max − ln Σ exp(z − max).
pub fn log_softmax(logits: ArrayView2<f64>) -> Array2<f64> {
    let mut out = logits.to_owned();
    for mut row in out.axis_iter_mut(Axis(0)) {
        let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let log_sum = row.mapv(|v| (v - max).exp()).sum().ln();
        row.mapv_inplace(|v| v - max - log_sum);
    }
    out
}

/// Row i is 1 in column labels[i], 0 elsewhere.
pub fn one_hot(labels: ArrayView1<usize>, n_classes: usize) -> Result<Array2<f64>, LayerError> {
    if n_classes > MAX_CLASSES {
        return Err(LayerError::InvalidParams(format!(
            "n_classes must be at most {MAX_CLASSES}, got {n_classes}"
        )));
    }
    check_classes(labels, n_classes)?;
    let mut out = Array2::zeros((labels.len(), n_classes));
    for (mut row, &label) in out.axis_iter_mut(Axis(0)).zip(labels) {
        row[label] = 1.0;
    }
    Ok(out)
}

fn check_classes(labels: ArrayView1<usize>, n_classes: usize) -> Result<(), LayerError> {
    match labels.iter().position(|&label| label >= n_classes) {
        Some(row) => Err(LayerError::BadLabel {
            row,
            label: labels[row],
            n_classes,
        }),
        None => Ok(()),
    }
}

/// The mean cross-entropy of softmax(logits) and its fused gradient.
pub fn cross_entropy(
    logits: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<CrossEntropy, LayerError> {
    let batch = logits.nrows();
    if batch == 0 {
        return Err(LayerError::Shape {
            what: "cross_entropy",
            expected: "at least one row".into(),
            got: "none".into(),
        });
    }
    if labels.len() != batch {
        return Err(LayerError::Shape {
            what: "cross_entropy",
            expected: format!("{batch} labels"),
            got: format!("{} labels", labels.len()),
        });
    }
    check_classes(labels, logits.ncols())?;
    let log_p = log_softmax(logits);
    let n = batch as f64;
    let loss = -labels
        .iter()
        .enumerate()
        .map(|(i, &label)| log_p[[i, label]])
        .sum::<f64>()
        / n;
    let mut dlogits = log_p.mapv(f64::exp);
    for (mut row, &label) in dlogits.axis_iter_mut(Axis(0)).zip(labels) {
        row[label] -= 1.0;
    }
    dlogits /= n;
    Ok(CrossEntropy { loss, dlogits })
}

/// Inverted dropout: in training, drop each value with probability p (one draw per
/// value, row by row) and scale the kept ones by 1/(1 − p); in evaluation, pass through.
pub fn dropout(x: ArrayView2<f64>, p: f64, mode: Mode, seed: u64) -> Result<Dropped, LayerError> {
    if !(0.0..1.0).contains(&p) {
        return Err(LayerError::InvalidParams(format!(
            "p must be in [0, 1), got {p}"
        )));
    }
    let mask = match mode {
        Mode::Eval => Array2::ones(x.raw_dim()),
        Mode::Train => {
            let mut rng = rng(seed);
            let keep = 1.0 / (1.0 - p);
            Array2::from_shape_simple_fn(x.raw_dim(), || {
                if rng.gen_range(0.0..1.0) < p {
                    0.0
                } else {
                    keep
                }
            })
        }
    };
    Ok(Dropped {
        output: &x * &mask,
        mask,
    })
}
