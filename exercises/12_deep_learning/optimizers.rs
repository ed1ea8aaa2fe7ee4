//! # Exercise: optimizers, from SGD with momentum to AdamW
//!
//! Backpropagation gives the gradient; the **optimizer** decides how far to move, and in
//! which direction, using what it remembers from earlier steps. Every framework ships
//! the same few (this exercise follows PyTorch's `torch.optim` update rules exactly):
//!
//! - **SGD with momentum** (heavy ball): a velocity accumulates the gradients, so steps
//!   along a consistent direction grow and zig-zags across a valley cancel out.
//! - **Nesterov momentum**: steps with the gradient plus the *next* velocity, a look-ahead
//!   that reacts sooner when the velocity overshoots.
//! - **Adam**: a per-parameter step size, from running means of the gradient (m) and of
//!   its square (v), bias-corrected because both start at 0.
//! - **AdamW**: Adam with *decoupled* weight decay: the weights shrink by lr·λ·w on their
//!   own, instead of adding λ·w to the gradient, where Adam's scaling would distort it.
//!
//! An optimizer is a state machine: `Optimizer { params, state }` (see
//! `src/types/optimizers.rs`) holds one `TensorState { velocity, m, v, t }` per parameter
//! tensor (a layer's weight, its bias, ...). **Parameter-order rule**: `step` receives
//! the tensors as a slice, and the tensor at position i always uses `state[i]`; pass
//! them in the same order at every step. The state is created (zeros, t = 0) at the
//! first step, and `reset` forgets it, so that a second run starts like the first.
//!
//! Grade with `cargo test --test optimizers` (or `cargo run -- check optimizers`): steps
//! worked by hand, PyTorch's rules, the Rosenbrock valley, and state reset between runs.
//!
//! You will want: `use ndarray::{Array2, Axis, Zip};`.
//! ndarray tools: `Zip::from(&mut w).and(&mut state.velocity).and(&g).for_each(|w, v, &g|
//! { ... })` walks several arrays together; `w.view_mut()` re-borrows a mutable view;
//! `path.row_mut(i).assign(&w)` copies a row.

use mlings::types::optimizers::{OptimError, Optimizer, OptimizerParams, TensorState};
use ndarray::{Array1, Array2, ArrayView1, ArrayViewMut1};

/// One SGD step of one tensor `w` along its gradient `g` (same length, checked by
/// `step`), for `Method::Sgd` and `Method::Nesterov`, with μ = `params.momentum` and
/// η = `params.learning_rate` (PyTorch's `SGD`, dampening 0):
///
/// ```text
/// v ← μ·v + g                         (state.velocity, element by element)
/// Sgd:       w ← w − η·v              (μ = 0 is plain SGD: w ← w − η·g)
/// Nesterov:  w ← w − η·(g + μ·v)      with the v just updated
/// ```
///
/// and count the step: `state.t += 1`. Example (Sgd, η = 0.1, μ = 0.9, w = 1, gradients
/// 1 then 1): v = 1, w = 0.9; then v = 1.9, w = 0.71.
pub fn sgd_update(
    params: &OptimizerParams,
    state: &mut TensorState,
    w: ArrayViewMut1<f64>,
    g: ArrayView1<f64>,
) {
    todo!()
}

/// One Adam step of one tensor `w` along its gradient `g`, for `Method::Adam` and
/// `Method::AdamW` (PyTorch's `Adam` and `AdamW`), with η = `params.learning_rate`,
/// β₁, β₂, ε and λ = `params.weight_decay`:
///
/// ```text
/// t ← t + 1                                          (state.t, before anything else)
/// AdamW only:  w ← w − η·λ·w                         (decoupled decay, on the old w)
/// m ← β₁·m + (1 − β₁)·g                              (state.m)
/// v ← β₂·v + (1 − β₂)·g²                             (state.v; g² element by element)
/// m̂ = m / (1 − β₁ᵗ)       v̂ = v / (1 − β₂ᵗ)          (bias correction, t counts from 1)
/// w ← w − η · m̂ / (√v̂ + ε)                           (ε outside the square root)
/// ```
///
/// m and v start at 0, so without the correction the first steps would be far too
/// small: after one step m = (1 − β₁)·g = 0.1·g, and m̂ = g. With the correction, Adam's
/// first step moves every parameter by about η, whatever the gradient's size: g = 4,
/// η = 0.1 gives w ← w − 0.1 · 4/(4 + 1e-8). AdamW's decay does not go through m and v
/// (that would be Adam with L2 regularization, whose decay the √v̂ scaling shrinks).
/// Use `beta1.powi(t as i32)` for β₁ᵗ.
pub fn adam_update(
    params: &OptimizerParams,
    state: &mut TensorState,
    w: ArrayViewMut1<f64>,
    g: ArrayView1<f64>,
) {
    todo!()
}

/// One step of every parameter tensor: `params[i]` moves along `grads[i]` with
/// `opt.state[i]`, by `sgd_update` (methods Sgd and Nesterov) or `adam_update` (Adam
/// and AdamW), in order i = 0, 1, ...
///
/// 1. Checks, in this order, before anything changes (parameters and state are then left
///    as they were). Every error is `OptimError::Shape { what: "step", expected, got }`:
///    - `grads.len() != params.len()`: expected `format!("{} gradients, one per
///      parameter tensor", params.len())`, got `format!("{} gradients", grads.len())`;
///    - the state is not empty and `opt.state.len() != params.len()`: expected
///      `format!("{} parameter tensors, as in the first step", opt.state.len())`, got
///      `format!("{} parameter tensors", params.len())`;
///    - then for each i in order, first: `grads[i].len() != params[i].len()`: expected
///      `format!("gradient {i} of length {}", params[i].len())`, got `format!("gradient
///      {i} of length {}", grads[i].len())`; second, the state is not empty and
///      `opt.state[i].velocity.len() != params[i].len()`: expected `format!("tensor {i}
///      of length {}, as in the first step", opt.state[i].velocity.len())`, got
///      `format!("tensor {i} of length {}", params[i].len())`.
/// 2. If the state is empty (the first step, or the first after `reset`), create it:
///    `TensorState::zeros(params[i].len())` for each tensor, in order.
/// 3. Update every tensor with its own state (`params[i].view_mut()`, `grads[i]`).
pub fn step(
    opt: &mut Optimizer,
    params: &mut [ArrayViewMut1<f64>],
    grads: &[ArrayView1<f64>],
) -> Result<(), OptimError> {
    todo!()
}

/// Forgets the state of every tensor (`opt.state` becomes empty), keeping the settings:
/// the next `step` starts from zero velocity, zero moments and t = 0, exactly like a new
/// optimizer. Forgetting only part of it (t but not m and v, say) makes a second
/// training run start with the first run's momentum.
pub fn reset(opt: &mut Optimizer) {
    todo!()
}

/// Runs `steps` steps of a new optimizer with `params` from `start`, each along
/// `gradient(w)` at the current point w, and returns the path: a `(steps + 1, dim)`
/// matrix whose row 0 is `start` and row k the point after k steps.
///
/// 1. `let mut opt = Optimizer::new(*params)?;` (it validates the settings), then a
///    copy of `start`.
/// 2. Each step: `let g = gradient(w.view());` then
///    `step(&mut opt, &mut [w.view_mut()], &[g.view()])?` (a gradient of the wrong
///    length is `step`'s error); record the new w.
///
/// A fresh optimizer for every call: two calls with the same arguments return the same
/// path.
pub fn minimize(
    params: &OptimizerParams,
    start: ArrayView1<f64>,
    gradient: impl Fn(ArrayView1<f64>) -> Array1<f64>,
    steps: usize,
) -> Result<Array2<f64>, OptimError> {
    todo!()
}
