//! # Exercise: a neural network trained with backpropagation
//!
//! A linear model draws one straight boundary. A neural network stacks a linear layer, a
//! non-linearity and another linear layer, and can bend its boundary around two
//! interleaved half-moons, which no straight line separates. Deep-learning frameworks do
//! the calculus for you; here you write it once by hand, so you know what
//! `loss.backward()` does.
//!
//! The network (samples are rows; see `Network` in `src/types/neural_network.rs`):
//!
//! ```text
//! X ──► Z₁ = X·W₁ + b₁ ──► A₁ = f(Z₁) ──► Z₂ = A₁·W₂ + b₂ ──► P = softmax(Z₂) ──► L
//!      (n × hidden)        tanh or ReLU    (n × classes)       probabilities    cross-entropy
//! ```
//!
//! Training repeats: take a mini-batch of rows, run it **forward**, measure the loss,
//! run the chain rule **backward** to get ∂L/∂(every weight), and step every weight
//! against its gradient (stochastic gradient descent). A **gradient check** compares the
//! chain rule with finite differences, the standard way to catch a wrong derivative.
//!
//! Grade with `cargo test --test neural_network` (or `cargo run -- check neural_network`).
//!
//! Labels are `usize` class indices `0, 1, …, k − 1` (the course's one convention, see
//! `src/types/labels.rs`): the network has one output per class.
//!
//! Types: `src/types/neural_network.rs` (`Network`, `Activation`, `Forward`,
//! `Gradients`, `TrainParams`, `Training`, `NetError`, `check_labels` and
//! `class_count`).
//! You will want: `use mlings::prep::rng;`, `use rand::Rng;` (for
//! `rng.gen_range(-a..a)`), `use rand::seq::SliceRandom;` (for `order.shuffle(&mut rng)`),
//! `use ndarray::{Array2, Axis, Zip};` and
//! `use mlings::types::neural_network::{check_labels, class_count};`.
//! ndarray tools: `a.dot(&b)`, `a.t()`, `&z + &b` (adds b to every row),
//! `z.mapv(f64::tanh)`, `z.sum_axis(Axis(0))` (column sums), `x.select(Axis(0), &rows)`,
//! `w.scaled_add(-eta, &g)` (w ← w − η·g).

use mlings::types::neural_network::{
    Activation, Forward, Gradients, NetError, Network, TrainParams, Training,
};
use ndarray::{Array1, ArrayView1, ArrayView2};

/// A new network with small random weights and zero biases.
///
/// Random weights break the symmetry between hidden units (with equal weights every unit
/// would compute, and learn, the same thing); small ones keep tanh away from its flat
/// tails. Glorot's uniform rule sizes them to the layer: every weight of a layer with
/// `fan_in` inputs and `fan_out` outputs is drawn uniformly from (−a, a) with
///
/// ```text
/// a = √(6 / (fan_in + fan_out))
/// ```
///
/// Draw with one generator `let mut rng = rng(seed);` and `rng.gen_range(-a..a)` (one
/// call per weight, each layer with its own a): first every entry of W₁ (`n_inputs ×
/// n_hidden`, row by row), then, from the same generator, W₂ (`n_hidden × n_outputs`).
/// `Array2::from_shape_simple_fn((rows, cols), || ...)` fills a matrix row by row.
/// b₁ and b₂ are zeros. The same seed must give the same network.
///
/// Error: `NetError::InvalidParams` if any of the three sizes is 0.
pub fn init_network(
    n_inputs: usize,
    n_hidden: usize,
    n_outputs: usize,
    activation: Activation,
    seed: u64,
) -> Result<Network, NetError> {
    todo!()
}

/// The forward pass on the rows of `x`:
///
/// ```text
/// Z₁ = X·W₁ + b₁            hidden_input
/// A₁ = f(Z₁)                hidden         f = tanh or ReLU(z) = max(0, z), element-wise
/// Z₂ = A₁·W₂ + b₂
/// P  = softmax(Z₂)          probabilities  row by row: Pᵢₖ = exp(Z₂ᵢₖ) / Σⱼ exp(Z₂ᵢⱼ)
/// ```
///
/// Each row of P is one sample's class probabilities: positive, summing to 1.
///
/// Compute the softmax stably: subtract the row's largest value before `exp` (the result
/// is the same, since the factor e^(−max) cancels, but exp never overflows to ∞).
/// Example: softmax of the row [ln 3, 0] is [3/4, 1/4].
///
/// Error: `NetError::Shape { what: "forward", .. }` if `x` does not have `n_inputs()`
/// columns.
pub fn forward(net: &Network, x: ArrayView2<f64>) -> Result<Forward, NetError> {
    todo!()
}

/// The mean cross-entropy loss of the predicted `probabilities` (n × classes) against
/// the true `labels` (class indices `0, 1, ...`, one per row):
///
/// ```text
/// L = −(1/n) Σᵢ ln Pᵢ,yᵢ
/// ```
///
/// only the probability given to the true class counts. It is 0 for a confident correct
/// prediction and grows without bound as that probability goes to 0.
/// Example: P = [[3/4, 1/4], [1/2, 1/2]], labels [0, 1] → L = −(ln 3/4 + ln 1/2) / 2.
///
/// Errors: check the labels first with `check_labels(labels, probabilities.nrows(),
/// probabilities.ncols())?`, which rejects no rows, a wrong count, or a label that is not
/// one of the classes (`NetError::BadLabel`), in this order.
pub fn cross_entropy(
    probabilities: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<f64, NetError> {
    todo!()
}

/// Backpropagation: the gradient of the mean cross-entropy of the batch (`x`, `labels`)
/// with respect to every weight and bias, by the chain rule, from the output back.
///
/// 1. `forward(net, x)?` first (its shape error comes before any label error), then
///    `check_labels(labels, x.nrows(), net.n_outputs())?`.
/// 2. Output layer. For softmax followed by cross-entropy the derivative with respect to
///    Z₂ is wonderfully simple: with Y the one-hot labels (Yᵢₖ = 1 if yᵢ = k, else 0),
///    ```text
///    dZ₂ = (P − Y) / n                   (the 1/n comes from the mean in L)
///    dW₂ = A₁ᵀ · dZ₂                     db₂ = column sums of dZ₂
///    ```
/// 3. Hidden layer: pass the error back through W₂, then through the activation,
///    element by element (⊙):
///    ```text
///    dA₁ = dZ₂ · W₂ᵀ
///    dZ₁ = dA₁ ⊙ f'(Z₁)      tanh: f'(z) = 1 − tanh(z)² = 1 − A₁²
///                            ReLU: f'(z) = 1 if z > 0, else 0 (0 at exactly z = 0)
///    dW₁ = Xᵀ · dZ₁                      db₁ = column sums of dZ₁
///    ```
///
/// Return `Gradients { w1: dW₁, b1: db₁, w2: dW₂, b2: db₂ }`, each shaped like its
/// parameter. Check your shapes: Xᵀ is (inputs × n) and dZ₁ (n × hidden), so dW₁ is
/// (inputs × hidden) like W₁.
pub fn backward(
    net: &Network,
    x: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<Gradients, NetError> {
    todo!()
}

/// Checks `gradients` against finite differences of the loss, and returns their
/// relative difference (as in the gradient descent exercise):
///
/// ```text
/// numericᵢ = ( L(θ + h·eᵢ) − L(θ − h·eᵢ) ) / (2h)         for every parameter i
///
///        ‖analytic − numeric‖
/// err = ───────────────────────    (0 when both are zero)
///       ‖analytic‖ + ‖numeric‖
/// ```
///
/// θ is `net.parameters()` (all weights and biases in one vector) and the analytic
/// vector is `gradients.flatten()` (same order). To evaluate L at a nudged θ, build the
/// network with `net.with_parameters(theta.view())?` and take the cross-entropy of its
/// forward pass on (`x`, `labels`). h = `step`.
///
/// Below about 1e-7 backpropagation is right; a gradient twice too large gives 1/3. The
/// measure is relative: a gradient 0.1% too large gives 0.001 / 2.001 whether the
/// gradient's entries are of size 1 or 1e-6.
///
/// Error: `NetError::Shape { what: "gradient_check", .. }` if `gradients` does not have
/// `net.n_parameters()` values (checked first); the errors of the forward pass and the
/// loss.
pub fn gradient_check(
    net: &Network,
    x: ArrayView2<f64>,
    labels: ArrayView1<usize>,
    gradients: &Gradients,
    step: f64,
) -> Result<f64, NetError> {
    todo!()
}

/// One step of gradient descent on every weight and bias:
/// W ← W − η·∂L/∂W for W₁, b₁, W₂ and b₂, with η = `learning_rate`.
///
/// Error, checked before anything changes (the network is then left as it was):
/// `NetError::Shape { what: "sgd_step", expected, got }` for the first of w1, b1, w2, b2
/// whose gradient is not shaped like its parameter, naming it and both shapes as `{:?}`
/// of `.shape()` prints them: expected `"w1 of shape [2, 3]"`, got `"w1 of shape [3, 2]"`.
pub fn sgd_step(
    net: &mut Network,
    gradients: &Gradients,
    learning_rate: f64,
) -> Result<(), NetError> {
    todo!()
}

/// Trains a network on the rows of `x` and their `labels` by mini-batch stochastic
/// gradient descent.
///
/// 1. `params.validate()?`. The number of classes is the largest label + 1 (labels
///    `[0, 2]` make three classes, class 1 absent): `let n_classes = class_count(labels)?;`
///    (a label too large to be a class, such as an ID read as a label, is
///    `NetError::NotAClassIndex`). Then `check_labels(labels, x.nrows(), n_classes)?`.
/// 2. `init_network(x.ncols(), params.hidden, n_classes, params.activation, params.seed)?`.
/// 3. Record the loss on the whole training set before training (`start_loss`).
/// 4. Make one shuffling generator, `rng(params.seed.wrapping_add(1))`, and for each
///    epoch 1, 2, ..., `params.epochs`:
///    - shuffle the row numbers with `order.shuffle(&mut shuffler)`, where `order`
///      starts as `0..n` before the first epoch (keep shuffling the same list, epoch
///      after epoch);
///    - cut them into batches of `params.batch_size` rows, in that order (the last may
///      be smaller, and its gradient is the mean over its own rows, as `backward` gives
///      it; `order.chunks(batch_size)`); for each batch, `backward` on its rows of `x`
///      and their labels (both picked with the batch's row numbers), then `sgd_step`
///      with `params.learning_rate`;
///    - compute the loss on the whole training set and record it.
/// 5. **Divergence**: if an epoch's loss is not finite or is larger than `start_loss`,
///    stop and return `Err(NetError::Diverged { epoch, start_loss, loss,
///    learning_rate })` (`epoch` counts from 1, `loss` is that epoch's): the steps
///    overshoot instead of descending, and the learning rate must come down.
///
/// Return `Training { network, loss_history }` with `epochs + 1` losses (the start, then
/// one per epoch). The same params must give the same network.
pub fn train(
    x: ArrayView2<f64>,
    labels: ArrayView1<usize>,
    params: &TrainParams,
) -> Result<Training, NetError> {
    todo!()
}

/// The predicted class of each row of `x`: the index of its largest probability; on a
/// tie, the smallest class.
///
/// Error: the errors of `forward`.
pub fn predict(net: &Network, x: ArrayView2<f64>) -> Result<Array1<usize>, NetError> {
    todo!()
}
