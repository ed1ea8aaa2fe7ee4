//! Reference solution of `exercises/12_deep_learning/optimizers.rs`.

use crate::types::optimizers::{Method, OptimError, Optimizer, OptimizerParams, TensorState};
use ndarray::{Array1, Array2, ArrayView1, ArrayViewMut1, Axis, Zip};

/// One SGD step of one tensor, with heavy-ball or Nesterov momentum (PyTorch's rule).
pub fn sgd_update(
    params: &OptimizerParams,
    state: &mut TensorState,
    mut w: ArrayViewMut1<f64>,
    g: ArrayView1<f64>,
) {
    let (lr, mu) = (params.learning_rate, params.momentum);
    let nesterov = params.method == Method::Nesterov;
    state.t += 1;
    Zip::from(&mut w)
        .and(&mut state.velocity)
        .and(&g)
        .for_each(|w, v, &g| {
            *v = mu * *v + g;
            let direction = if nesterov { g + mu * *v } else { *v };
            *w -= lr * direction;
        });
}

/// One Adam (or AdamW) step of one tensor, with bias correction.
pub fn adam_update(
    params: &OptimizerParams,
    state: &mut TensorState,
    mut w: ArrayViewMut1<f64>,
    g: ArrayView1<f64>,
) {
    let OptimizerParams {
        learning_rate: lr,
        beta1,
        beta2,
        eps,
        weight_decay,
        ..
    } = *params;
    state.t += 1;
    let t = state.t as i32;
    let correction1 = 1.0 - beta1.powi(t);
    let correction2 = 1.0 - beta2.powi(t);
    let decay = if params.method == Method::AdamW {
        1.0 - lr * weight_decay
    } else {
        1.0
    };
    Zip::from(&mut w)
        .and(&mut state.m)
        .and(&mut state.v)
        .and(&g)
        .for_each(|w, m, v, &g| {
            *w *= decay;
            *m = beta1 * *m + (1.0 - beta1) * g;
            *v = beta2 * *v + (1.0 - beta2) * g * g;
            let m_hat = *m / correction1;
            let v_hat = *v / correction2;
            *w -= lr * m_hat / (v_hat.sqrt() + eps);
        });
}

fn shape(expected: String, got: String) -> OptimError {
    OptimError::Shape {
        what: "step",
        expected,
        got,
    }
}

/// One step of every tensor of `params` against its gradient in `grads`; the i-th tensor
/// always uses state slot i, created (zeros) on the first step.
pub fn step(
    opt: &mut Optimizer,
    params: &mut [ArrayViewMut1<f64>],
    grads: &[ArrayView1<f64>],
) -> Result<(), OptimError> {
    if grads.len() != params.len() {
        return Err(shape(
            format!("{} gradients, one per parameter tensor", params.len()),
            format!("{} gradients", grads.len()),
        ));
    }
    let first = opt.state.is_empty();
    if !first && opt.state.len() != params.len() {
        return Err(shape(
            format!(
                "{} parameter tensors, as in the first step",
                opt.state.len()
            ),
            format!("{} parameter tensors", params.len()),
        ));
    }
    for (i, (w, g)) in params.iter().zip(grads).enumerate() {
        if g.len() != w.len() {
            return Err(shape(
                format!("gradient {i} of length {}", w.len()),
                format!("gradient {i} of length {}", g.len()),
            ));
        }
        if !first && opt.state[i].velocity.len() != w.len() {
            return Err(shape(
                format!(
                    "tensor {i} of length {}, as in the first step",
                    opt.state[i].velocity.len()
                ),
                format!("tensor {i} of length {}", w.len()),
            ));
        }
    }
    if first {
        opt.state = params.iter().map(|w| TensorState::zeros(w.len())).collect();
    }
    let settings = opt.params;
    for ((w, g), state) in params.iter_mut().zip(grads).zip(&mut opt.state) {
        match settings.method {
            Method::Sgd | Method::Nesterov => sgd_update(&settings, state, w.view_mut(), *g),
            Method::Adam | Method::AdamW => adam_update(&settings, state, w.view_mut(), *g),
        }
    }
    Ok(())
}

/// Forgets every tensor's state: the next step is a first step again.
pub fn reset(opt: &mut Optimizer) {
    opt.state.clear();
}

/// `steps` steps of a fresh optimizer from `start`, along `gradient`; the path has
/// `steps + 1` rows: the start, then the point after each step.
pub fn minimize(
    params: &OptimizerParams,
    start: ArrayView1<f64>,
    gradient: impl Fn(ArrayView1<f64>) -> Array1<f64>,
    steps: usize,
) -> Result<Array2<f64>, OptimError> {
    let mut opt = Optimizer::new(*params)?;
    let mut w = start.to_owned();
    let mut path = Array2::zeros((steps + 1, w.len()));
    path.row_mut(0).assign(&w);
    for (_, mut row) in (0..steps).zip(path.axis_iter_mut(Axis(0)).skip(1)) {
        let g = gradient(w.view());
        step(&mut opt, &mut [w.view_mut()], &[g.view()])?;
        row.assign(&w);
    }
    Ok(path)
}
