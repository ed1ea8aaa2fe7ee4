//! # Exercise: layers and losses, the parts a network is built from
//!
//! A deep-learning framework is a box of layers, each with a **forward** pass (input →
//! output) and a **backward** pass (the gradient of the loss with respect to its output
//! → the gradient with respect to its input and its parameters). Chain them and the
//! chain rule trains the whole network. Here you write the classic parts:
//!
//! ```text
//! X ──► Linear ──► ReLU ──► Dropout ──► Linear ──► log-softmax + cross-entropy ──► L
//! ```
//!
//! Conventions (the same in every exercise of this track):
//! - batches are rows: `x` is `(batch, features)`;
//! - `Linear { weight: (in, out), bias: (out) }`, and Y = X·W + b;
//! - a backward pass takes `dy = ∂L/∂Y`, shaped like the output, and returns `∂L/∂X`
//!   shaped like the input; parameter gradients are summed over the batch rows (the
//!   loss is the batch **mean**, so its gradient already carries the 1/batch);
//! - labels are `usize` class indices `0, 1, …, classes − 1`.
//!
//! Grade with `cargo test --test layers_and_losses` (or `cargo run -- check
//! layers_and_losses`). The grader checks every backward pass against finite differences
//! (a gradient check), feeds the loss logits of ±1000, and averages many dropout masks.
//!
//! Types: `src/types/layers_and_losses.rs` (`Linear`, `LinearGradients`, `CrossEntropy`,
//! `Mode`, `Dropped`, `LayerError`).
//! You will want: `use mlings::prep::rng;`, `use rand::Rng;` (for `rng.gen_range(-a..a)`),
//! `use ndarray::{Array1, Array2, Axis};`.
//! ndarray tools: `a.dot(&b)`, `a.t()`, `&y + &b` (adds b to every row),
//! `y.sum_axis(Axis(0))` (column sums), `x.mapv(f)`, `row.fold(f64::NEG_INFINITY, |m, &v|
//! m.max(v))` (a row's max), `out.axis_iter_mut(Axis(0))` (rows, mutable).

use mlings::types::layers_and_losses::{
    CrossEntropy, Dropped, LayerError, Linear, LinearGradients, Mode,
};
use ndarray::{Array2, ArrayView1, ArrayView2};

/// A new dense layer with Glorot-uniform weights and zero biases.
///
/// Glorot (Xavier) initialization keeps the size of the signal about the same from
/// layer to layer: every weight is drawn uniformly from (−a, a) with
///
/// ```text
/// a = √(6 / (n_inputs + n_outputs))
/// ```
///
/// Draw order (so that the same seed gives the same layer, and the grader can redraw
/// it): one generator `let mut rng = rng(seed);`, one `rng.gen_range(-a..a)` per weight,
/// row by row: W[0][0], W[0][1], …, W[0][out−1], W[1][0], …
/// (`Array2::from_shape_simple_fn((n_inputs, n_outputs), || rng.gen_range(-a..a))` does
/// exactly that). The bias is `n_outputs` zeros.
///
/// Error: `LayerError::InvalidParams(format!("n_inputs and n_outputs must be at least 1,
/// got {n_inputs} and {n_outputs}"))` if either is 0.
pub fn linear_init(n_inputs: usize, n_outputs: usize, seed: u64) -> Result<Linear, LayerError> {
    todo!()
}

/// The forward pass Y = X·W + b: row i of Y is row i of X times W, plus b.
///
/// Error: if `x` does not have `layer.n_inputs()` columns,
/// `LayerError::Shape { what: "linear_forward", expected: format!("x with {} columns",
/// layer.n_inputs()), got: format!("x of shape {:?}", x.shape()) }`
/// (e.g. expected `"x with 3 columns"`, got `"x of shape [2, 4]"`).
pub fn linear_forward(layer: &Linear, x: ArrayView2<f64>) -> Result<Array2<f64>, LayerError> {
    todo!()
}

/// The backward pass of Y = X·W + b, given the layer's input `x` (batch × in) and
/// `dy` = ∂L/∂Y (batch × out). By the chain rule:
///
/// ```text
/// dX = dY · Wᵀ       (batch × in)     what the layer before needs
/// dW = Xᵀ · dY       (in × out)       shaped like W: summed over the batch rows
/// db = Σᵢ dYᵢ        (out)            the column sums of dY
/// ```
///
/// Do not divide by the batch size here: `cross_entropy`'s gradient already has the
/// 1/batch of the mean loss in it.
///
/// Errors, in this order: `x` checked as in `linear_forward` (with `what:
/// "linear_backward"`); then, if `dy` is not `(x.nrows(), layer.n_outputs())`,
/// `LayerError::Shape { what: "linear_backward", expected: format!("dy of shape {:?}",
/// [x.nrows(), layer.n_outputs()]), got: format!("dy of shape {:?}", dy.shape()) }`.
pub fn linear_backward(
    layer: &Linear,
    x: ArrayView2<f64>,
    dy: ArrayView2<f64>,
) -> Result<LinearGradients, LayerError> {
    todo!()
}

/// ReLU(x) = max(0, x), element by element.
pub fn relu(x: ArrayView2<f64>) -> Array2<f64> {
    todo!()
}

/// The backward pass of ReLU given its input `x` and `dy` = ∂L/∂ReLU(x): dy where
/// x > 0, and 0 where x ≤ 0. ReLU has no derivative at exactly 0; take 0 there (as
/// PyTorch does).
///
/// Error: if `dy` is not shaped like `x`, `LayerError::Shape { what: "relu_backward",
/// expected: format!("dy of shape {:?}", x.shape()), got: format!("dy of shape {:?}",
/// dy.shape()) }`.
pub fn relu_backward(x: ArrayView2<f64>, dy: ArrayView2<f64>) -> Result<Array2<f64>, LayerError> {
    todo!()
}

/// The log of the softmax of every row of `logits`:
///
/// ```text
/// log softmax(z)ₖ = zₖ − log Σⱼ exp(zⱼ)
///                 = zₖ − m − log Σⱼ exp(zⱼ − m)       with m = maxⱼ zⱼ
/// ```
///
/// Both lines are equal in exact arithmetic; only the second survives a computer. With
/// logits of 1000, exp(1000) is ∞ and the first line gives ∞ − ∞ = NaN; with −1000,
/// exp underflows to 0 and log 0 = −∞. After subtracting the row's max, the largest term
/// is exp(0) = 1, so the sum is between 1 and the number of classes: no overflow, and
/// its log is finite. Never compute softmax first and take its log: a probability that
/// rounds to 0 gives −∞. Example: the row [1000, 1000] gives [−ln 2, −ln 2].
///
/// Returns an array shaped like `logits`; every row's exp sums to 1.
pub fn log_softmax(logits: ArrayView2<f64>) -> Array2<f64> {
    todo!()
}

/// The one-hot rows of `labels`: a `(labels.len(), n_classes)` matrix whose row i is 1
/// in column `labels[i]` and 0 elsewhere. Example: labels [2, 0] with 3 classes →
/// [[0, 0, 1], [1, 0, 0]].
///
/// Errors, in this order: `LayerError::InvalidParams(format!("n_classes must be at most
/// {MAX_CLASSES}, got {n_classes}"))` if `n_classes > MAX_CLASSES`
/// (`mlings::types::labels::MAX_CLASSES`: a count that large is not a number of classes,
/// and the matrix would not fit in memory); then, for the first row whose label is not
/// below `n_classes`, `LayerError::BadLabel { row, label, n_classes }`.
pub fn one_hot(labels: ArrayView1<usize>, n_classes: usize) -> Result<Array2<f64>, LayerError> {
    todo!()
}

/// The mean cross-entropy of the softmax of `logits` (batch × classes) against
/// `labels`, and its gradient with respect to the logits, in one pass:
///
/// ```text
/// L = −(1/batch) Σᵢ log softmax(zᵢ)[yᵢ]             (use your stable log_softmax)
/// ∂L/∂Z = (softmax(Z) − one_hot(y)) / batch         softmax(Z) = exp(log_softmax(Z))
/// ```
///
/// The gradient is the famous fused form: softmax followed by cross-entropy differentiate
/// together to "probabilities minus the truth", which is both simpler and more stable
/// than chaining the two Jacobians. The 1/batch comes from the mean. With logits of
/// ±1000 the loss must stay finite: a confident wrong row costs about 2000, not ∞.
///
/// Errors, in this order: no rows, `LayerError::Shape { what: "cross_entropy", expected:
/// "at least one row".into(), got: "none".into() }`; a label count that is not the row
/// count, `LayerError::Shape { what: "cross_entropy", expected: format!("{batch}
/// labels"), got: format!("{} labels", labels.len()) }`; then, for the first row whose
/// label is not below `logits.ncols()`, `LayerError::BadLabel { row, label, n_classes:
/// logits.ncols() }`.
pub fn cross_entropy(
    logits: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<CrossEntropy, LayerError> {
    todo!()
}

/// Inverted dropout: during training, every value of `x` is dropped (set to 0) with
/// probability `p`, and the kept ones are scaled by 1/(1 − p), so that the expected
/// output equals the input, E[output] = (1 − p) · x/(1 − p) = x. At evaluation nothing
/// is dropped and nothing is scaled: the network used for predictions is the whole one,
/// and thanks to the training-time scaling it needs no correction.
///
/// - `Mode::Train`: one generator `let mut rng = rng(seed);` and one draw
///   `u = rng.gen_range(0.0..1.0)` per value of `x`, row by row (x[0][0], x[0][1], …);
///   the value is dropped when u < p (mask 0) and kept otherwise (mask 1/(1 − p)).
///   p = 0 keeps everything (mask all 1).
/// - `Mode::Eval`: no draws; the mask is all 1 and the output is `x`.
///
/// Return `Dropped { output: x ⊙ mask, mask }`. The backward pass is `dy * &mask`: a
/// dropped value passed nothing on, so it gets no gradient.
///
/// Error (checked first, in both modes): `LayerError::InvalidParams(format!("p must be
/// in [0, 1), got {p}"))` unless 0 ≤ p < 1 (p = 1 would drop everything and divide by
/// 0; NaN is not in [0, 1)).
pub fn dropout(x: ArrayView2<f64>, p: f64, mode: Mode, seed: u64) -> Result<Dropped, LayerError> {
    todo!()
}
