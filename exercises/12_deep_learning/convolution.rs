//! # Exercise: 2-D convolution and max pooling, forward and backward
//!
//! A dense layer connects every pixel to every unit and forgets where the pixels were.
//! A **convolution** slides one small kernel over the whole image, so the same few
//! weights detect an edge or a stroke wherever it appears; **max pooling** then keeps
//! the strongest response of each 2x2 block, halving the image. Stacked, they are the
//! convolutional network (CNN) of the next exercise. Frameworks (PyTorch's `Conv2d`,
//! `MaxPool2d`) compute these and their gradients for you; here you write both.
//!
//! Shapes (the frameworks' convention, "NCHW"):
//!
//! ```text
//! input   (batch, in_channels, height, width)        a grey image has 1 channel
//! kernel  (out_channels, in_channels, kh, kw)        one kh x kw filter per (out, in) pair
//! bias    (out_channels)
//! output  (batch, out_channels, out_h, out_w)
//! ```
//!
//! **Fast enough to train a network.** Four nested loops per output value are fine to
//! start with. The next exercise trains on every digit image for many epochs, and the
//! way frameworks run convolution is as one matrix product: copy every window of X into
//! a row of a matrix (`im2col`: (batch·out_h·out_w) rows, (in_channels·kh·kw) columns),
//! reshape the kernel to (out_channels, in_channels·kh·kw), and `out = cols · kernelᵀ +
//! bias`; backward, `∂kernel = gᵀ · cols` and `∂cols = g · kernel`, added back window by
//! window into ∂X (`col2im`).
//!
//! Grade with `cargo test --test convolution` (or `cargo run -- check convolution`).
//!
//! Types: `src/types/convolution.rs` (`Conv2d` with `stride` and `padding`,
//! `ConvGradients`, `ConvError`).
//! You will want: `use ndarray::{Array4, s};`. ndarray tools: `Array4::zeros((b, c, h,
//! w))`, `x.dim()` (the four sizes as a tuple), `x[[b, c, i, j]]`, and for the fast way
//! (see "Fast enough" above) `x.slice(s![.., .., a..b;step, ..])`, `.permuted_axes(..)`,
//! `.into_shape_with_order(..)` and `a.dot(&b)`.

use mlings::types::convolution::{Conv2d, ConvError, ConvGradients};
use ndarray::{Array4, ArrayView1, ArrayView4};

/// The convolution of `input` with `kernel`, plus `bias`:
///
/// ```text
/// out[b, o, i, j] = bias[o] + Σ_c Σ_u Σ_v  kernel[o, c, u, v] · X[b, c, i·s + u, j·s + v]
/// ```
///
/// summed over every input channel c, kernel row u < kh and kernel column v < kw, where
/// s = `params.stride` and X is the input surrounded by `params.padding` = p rows of
/// zeros above and below and p columns of zeros left and right (X[b, c, y, x] is
/// input[b, c, y − p, x − p], or 0 outside the image). The kernel is not flipped: like
/// every deep-learning framework, this is what mathematicians call cross-correlation.
///
/// The output has
///
/// ```text
/// out_h = ⌊(height + 2p − kh) / s⌋ + 1      out_w = ⌊(width + 2p − kw) / s⌋ + 1
/// ```
///
/// rows and columns: the kernel's top-left corner visits rows 0, s, 2s, ... of X as long
/// as the whole kernel fits. When s does not divide (height + 2p − kh), the last rows of
/// X that no window reaches are simply unused (the floor, as PyTorch does); the same
/// for columns.
///
/// Example: a 3x3 input [[1,2,3],[4,5,6],[7,8,9]] with the 2x2 kernel [[1,0],[0,−1]],
/// bias 0.5, stride 1, no padding gives [[1−5, 2−6], [4−8, 5−9]] + 0.5 =
/// [[−3.5, −3.5], [−3.5, −3.5]].
///
/// Errors, checked in this order:
/// 1. `params.validate()?` (`ConvError::ZeroStride`);
/// 2. `ConvError::Channels { input, kernel }` if the input's channels (axis 1) differ
///    from the kernel's in_channels (its axis 1);
/// 3. `ConvError::Bias { bias, out_channels }` if `bias` does not have one value per
///    output channel (the kernel's axis 0);
/// 4. `ConvError::KernelSize { kh, kw, height, width }` if kh or kw is 0 or larger than
///    the *padded* input, whose sizes (height + 2p, width + 2p) the error carries.
///
/// A batch of 0 images is fine: it gives an output with 0 images.
pub fn conv2d_forward(
    input: ArrayView4<f64>,
    kernel: ArrayView4<f64>,
    bias: ArrayView1<f64>,
    params: &Conv2d,
) -> Result<Array4<f64>, ConvError> {
    todo!()
}

/// The backward pass of the convolution: given `grad_output` = ∂L/∂out (shaped like the
/// forward output), the gradients of the loss L with respect to the input, the kernel
/// and the bias. Each output value out[b, o, i, j] depends on bias[o], on the kernel and
/// on the pixels of its window, so by the chain rule each receives g = grad_output[b,
/// o, i, j] times the factor it was multiplied by:
///
/// ```text
/// ∂L/∂bias[o]            = Σ_b Σ_i Σ_j g[b, o, i, j]
/// ∂L/∂kernel[o, c, u, v] = Σ_b Σ_i Σ_j g[b, o, i, j] · X[b, c, i·s + u, j·s + v]
/// ∂L/∂X[b, c, i·s + u, j·s + v]  +=  g[b, o, i, j] · kernel[o, c, u, v]
///                                    for every o, i, j, u, v (accumulate: windows overlap)
/// ```
///
/// ∂L/∂input is ∂L/∂X without its padding (the padded zeros are not inputs; their
/// gradient is dropped), so it has the input's shape. Pixels no window reaches (see the
/// floor in `conv2d_forward`) get 0.
///
/// Return `ConvGradients { input, kernel, bias }`. The bias itself is not needed: the
/// gradients do not depend on it.
///
/// Errors, in this order: 1, 2 and 4 of `conv2d_forward` (there is no bias to check),
/// then `ConvError::GradShape { expected, got }` if `grad_output`'s shape (as `[b, o,
/// out_h, out_w]`) is not the forward output's `expected` shape.
pub fn conv2d_backward(
    input: ArrayView4<f64>,
    kernel: ArrayView4<f64>,
    grad_output: ArrayView4<f64>,
    params: &Conv2d,
) -> Result<ConvGradients, ConvError> {
    todo!()
}

/// 2x2 max pooling with stride 2: every channel of every image is cut into 2x2 blocks,
/// and each block is replaced by its largest value.
///
/// ```text
/// out[b, c, i, j] = max( x[b, c, 2i, 2j],   x[b, c, 2i, 2j+1],
///                        x[b, c, 2i+1, 2j], x[b, c, 2i+1, 2j+1] )
/// ```
///
/// The output has ⌊height / 2⌋ rows and ⌊width / 2⌋ columns: an odd last row or column
/// belongs to no block and is dropped (as PyTorch does).
///
/// Example: [[1, 2, 0], [3, 0, 5], [9, 9, 9]] pools to [[3]] (the block [[1, 2], [3, 0]];
/// the last row and column are dropped).
///
/// Error: `ConvError::TooSmallToPool { height, width }` if the height or the width is
/// below 2 (there would be no block at all).
pub fn max_pool(input: ArrayView4<f64>) -> Result<Array4<f64>, ConvError> {
    todo!()
}

/// The backward pass of `max_pool`: each block's output is its largest value, so only
/// that one input moved the output; it receives the whole `grad_output` of its block and
/// the three other inputs of the block receive 0 (so do a dropped odd row or column).
///
/// **Ties**: when several values of a block equal its maximum, the *first* of them in
/// reading order (top-left, top-right, bottom-left, bottom-right) receives the gradient,
/// and the others 0 (the max is passed through by one input, as frameworks do; the
/// gradient is not shared).
///
/// Returns ∂L/∂input, shaped like `input`.
///
/// Errors, in this order: `ConvError::TooSmallToPool` as in `max_pool`, then
/// `ConvError::GradShape { expected, got }` if `grad_output`'s shape (as `[b, c, h, w]`)
/// is not the pooled shape `expected`.
pub fn max_pool_backward(
    input: ArrayView4<f64>,
    grad_output: ArrayView4<f64>,
) -> Result<Array4<f64>, ConvError> {
    todo!()
}
