//! # Exercise: a convolutional network that reads handwritten digits
//!
//! Time to assemble the pieces. A small convolutional network (CNN) learns 3x3 stroke
//! detectors, keeps the strongest response of each 2x2 block, and a linear layer turns
//! those into a score per digit; Adam trains it on the 1 437 training digits, and it
//! should classify at least 97 % of the 360 test digits right (scikit-learn's one-hidden-
//! layer MLP reaches 0.969..0.983 on these rows, depending on its seed).
//!
//! The architecture is fixed (`src/types/cnn_digits.rs`; the candle exercise builds the
//! very same network):
//!
//! ```text
//! images (n, 1, 8, 8)                          pixels / 16, so in [0, 1]
//!   → conv 3x3, stride 1, padding 1, C kernels  (n, C, 8, 8)   kernel, conv_bias
//!   → ReLU                                      (n, C, 8, 8)
//!   → 2x2 max pool                              (n, C, 4, 4)
//!   → flatten each image                        (n, C·16)      in (channel, row, col) order
//!   → linear  z = flat · dense + dense_bias     (n, 10)        dense is (C·16, 10)
//!   → log-softmax                               (n, 10)        log-probabilities
//! loss = mean cross-entropy over the batch = −(1/n) Σᵢ log-probability of row i's label
//! ```
//!
//! **Use the course's pieces, not your own files** (so this exercise does not depend on
//! your earlier ones being finished): `mlings::reference::convolution::{conv2d_forward,
//! conv2d_backward, max_pool, max_pool_backward}`, `mlings::reference::layers_and_losses::{
//! linear_init, linear_forward, linear_backward, relu, relu_backward, log_softmax,
//! cross_entropy}` and `mlings::reference::optimizers::step` with
//! `mlings::types::optimizers::{Optimizer, OptimizerParams}`. Their errors convert into
//! `CnnError` with `?`. The layers work on 2-D arrays (one image per row): go between
//! (n, C, 8, 8) and (n, C·64) with `.into_shape_with_order(..)`, which keeps the values in
//! (channel, row, col) order.
//!
//! Grade with `cargo test --test cnn_digits` (or `cargo run -- check cnn_digits`).
//!
//! Types: `src/types/cnn_digits.rs` (`CnnWeights`, `CnnParams`, `Training`, `CnnError`,
//! and the constants `SIDE` = 8, `PIXELS` = 64, `POOLED` = 4, `CLASSES` = 10).
//! You will want: `use mlings::prep::rng;`, `use rand::Rng;`, `use
//! rand::seq::SliceRandom;`, `use ndarray::{Array4, Axis, ArrayView1, ArrayViewMut1};`.

use mlings::types::cnn_digits::{CnnError, CnnParams, CnnWeights, Training};
use ndarray::{Array1, Array2, Array4, ArrayView1, ArrayView2, ArrayView4};

/// The digits' rows of 64 pixels as images: row r becomes image r of shape (1, 8, 8),
/// pixel k at row k / 8 and column k % 8 (the pixels are stored row by row), every value
/// divided by 16 (the pixel counts run from 0 to 16), so the result is (n, 1, 8, 8) with
/// values in [0, 1].
///
/// Error: `CnnError::Pixels { expected: 64, got }` if `features` does not have 64
/// columns.
pub fn images_from_pixels(features: ArrayView2<f64>) -> Result<Array4<f64>, CnnError> {
    todo!()
}

/// The initial weights for `channels` kernels: Glorot-uniform weights, zero biases.
///
/// Glorot's rule draws each weight uniformly from (−a, a), a = √(6 / (fan_in + fan_out)).
/// For a convolution every output reads in_channels·kh·kw inputs and every input feeds
/// out_channels·kh·kw outputs, so here fan_in = 1·3·3 = 9 and fan_out = channels·9.
///
/// 1. The kernel (channels, 1, 3, 3): `let mut generator = rng(seed);` and one
///    `generator.gen_range(-a..a)` per value, in row-major order
///    (`Array4::from_shape_simple_fn` fills it that way).
/// 2. The dense layer: `linear_init(channels * 16, 10, seed.wrapping_add(1))?` (its own
///    Glorot draw, fan_in = channels·16, fan_out = 10); `dense` is its `weight`,
///    `dense_bias` its `bias` (zeros).
/// 3. `conv_bias` is `channels` zeros.
///
/// The same seed gives the same weights. Error: `CnnError::InvalidParams` if `channels`
/// is 0.
pub fn init_weights(channels: usize, seed: u64) -> Result<CnnWeights, CnnError> {
    todo!()
}

/// The forward pass (see the diagram at the top): the (n, 10) log-probabilities of the
/// images, row i for image i. Each row's exponentials sum to 1.
///
/// Errors, checked in this order:
/// 1. `CnnError::Images { expected: "(n, 1, 8, 8)", got }` unless the images are
///    (n, 1, 8, 8) for some n (`got` is `format!("{:?}", images.shape())`);
/// 2. `CnnError::Weights(why)` unless the weights fit the architecture, checked in the
///    order kernel (channels, 1, 3, 3) with channels ≥ 1, conv_bias (channels), dense
///    (channels·16, 10), dense_bias (10); `why` starts with the name of the first that
///    does not fit, e.g. `"dense has shape [32, 9], expected [32, 10]"`.
///
/// A batch of 0 images gives a (0, 10) array.
pub fn log_probabilities(
    weights: &CnnWeights,
    images: ArrayView4<f64>,
) -> Result<Array2<f64>, CnnError> {
    todo!()
}

/// The mean cross-entropy of the batch and its gradient with respect to every weight,
/// by backpropagation through the layers in reverse:
///
/// ```text
/// dz     = (softmax(z) − one_hot(labels)) / n      cross_entropy gives it fused
/// dense  : linear_backward(flat, dz)               → ∂dense, ∂dense_bias, ∂flat
/// pool   : max_pool_backward(relu output, ∂flat reshaped to (n, C, 4, 4))
/// ReLU   : relu_backward(conv output, ·)           zero where the conv output is ≤ 0
/// conv   : conv2d_backward(images, kernel, ·)      → ∂kernel, ∂conv_bias
/// ```
///
/// Return `(loss, gradients)`, the gradients as a `CnnWeights` shaped like `weights`.
///
/// Errors, in this order: those of `log_probabilities`; then `CnnError::Empty` for a
/// batch of 0 images, `CnnError::LabelCount { images, labels }` unless there is one
/// label per image, and `CnnError::NotADigit { row, label }` for the first label that
/// is not 0..9.
pub fn loss_and_gradients(
    weights: &CnnWeights,
    images: ArrayView4<f64>,
    labels: ArrayView1<usize>,
) -> Result<(f64, CnnWeights), CnnError> {
    todo!()
}

/// The predicted digit of every image: the index of its largest log-probability; on a
/// tie, the smallest digit.
///
/// Errors: those of `log_probabilities`.
pub fn predict(weights: &CnnWeights, images: ArrayView4<f64>) -> Result<Array1<usize>, CnnError> {
    todo!()
}

/// Trains the network with Adam on minibatches and records, after every epoch, the
/// training loss and the accuracy on the monitored test images.
///
/// 1. Checks, in this order: `params.validate()?`; the training images' shape (as in
///    `log_probabilities`), then their labels (`Empty`, `LabelCount`, `NotADigit` as in
///    `loss_and_gradients`); then the same for the test images and labels.
/// 2. `init_weights(params.channels, params.seed)?` and one optimizer,
///    `Optimizer::new(OptimizerParams::adam(params.learning_rate))?`, for the whole run.
/// 3. One shuffling generator, `rng(params.seed.wrapping_add(2))`, and `order` = the row
///    numbers 0..n. Every epoch: `order.shuffle(&mut shuffler)` (the same list, shuffled
///    again each epoch), then cut it into batches of `params.batch_size` in that order
///    (`order.chunks(..)`; the last may be smaller). For each batch: `loss_and_gradients`
///    on its images and labels (picked with `.select(Axis(0), batch)`), then one
///    `step(&mut optimizer, &mut params, &grads)?` over the four tensors, kernel,
///    conv_bias, dense, dense_bias, the i-th gradient with the i-th tensor and in the same
///    order at every step (Adam keeps one state per tensor, matched by position), each as
///    a 1-D view of its values:
///    `ArrayViewMut1::from(w.kernel.as_slice_mut().unwrap())`, `ArrayView1::from(
///    g.kernel.as_slice().unwrap())`, ...
/// 4. After each epoch push to `loss` the mean of the per-image losses as the batches
///    saw them, Σ batch loss · batch size / n (so a small last batch counts for its
///    size), and to `test_accuracy` the share of test images `predict` gets right.
///
/// Return `Training { weights, loss, test_accuracy }` (`epochs` values in each list).
/// The same params give the same result.
pub fn train(
    images: ArrayView4<f64>,
    labels: ArrayView1<usize>,
    test_images: ArrayView4<f64>,
    test_labels: ArrayView1<usize>,
    params: &CnnParams,
) -> Result<Training, CnnError> {
    todo!()
}
