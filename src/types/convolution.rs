//! Types for the `convolution` exercise: the settings of a 2-D convolution, its
//! gradients and its errors.

use ndarray::{Array1, Array4};

/// The settings of a 2-D convolution: how far the kernel moves between two outputs
/// (`stride`) and how many rows and columns of zeros surround the image (`padding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conv2d {
    /// Rows (and columns) the kernel moves between two neighbouring outputs; at least 1.
    pub stride: usize,
    /// Rows of zeros added above and below, and columns of zeros left and right.
    pub padding: usize,
}

impl Conv2d {
    /// Stride 1, no padding.
    pub fn new() -> Self {
        Conv2d {
            stride: 1,
            padding: 0,
        }
    }

    /// Sets the stride.
    pub fn stride(mut self, stride: usize) -> Self {
        self.stride = stride;
        self
    }

    /// Sets the padding.
    pub fn padding(mut self, padding: usize) -> Self {
        self.padding = padding;
        self
    }

    /// `Err(ConvError::ZeroStride)` for a stride of 0 (the kernel would never move).
    pub fn validate(&self) -> Result<(), ConvError> {
        if self.stride == 0 {
            Err(ConvError::ZeroStride)
        } else {
            Ok(())
        }
    }
}

impl Default for Conv2d {
    fn default() -> Self {
        Conv2d::new()
    }
}

/// The gradient of a loss with respect to the convolution's input, kernel and bias,
/// each shaped like what it is the gradient of.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvGradients {
    /// ∂L/∂input: (batch, in_channels, height, width).
    pub input: Array4<f64>,
    /// ∂L/∂kernel: (out_channels, in_channels, kh, kw).
    pub kernel: Array4<f64>,
    /// ∂L/∂bias: (out_channels).
    pub bias: Array1<f64>,
}

/// Why a convolution or a pooling could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvError {
    #[error("the stride must be at least 1 (with 0 the kernel never moves)")]
    ZeroStride,
    #[error(
        "the input has {input} channels but the kernel expects {kernel} \
         (a kernel is shaped (out_channels, in_channels, kh, kw))"
    )]
    Channels { input: usize, kernel: usize },
    #[error("the bias has {bias} values but the kernel has {out_channels} output channels")]
    Bias { bias: usize, out_channels: usize },
    #[error(
        "a {kh}x{kw} kernel does not fit the padded {height}x{width} input \
         (each side must be at least 1 and at most the padded image's)"
    )]
    KernelSize {
        kh: usize,
        kw: usize,
        height: usize,
        width: usize,
    },
    #[error("grad_output has shape {got:?} but the forward pass gives shape {expected:?}")]
    GradShape {
        expected: [usize; 4],
        got: [usize; 4],
    },
    #[error(
        "a {height}x{width} image is too small for 2x2 pooling (both sides must be at least 2)"
    )]
    TooSmallToPool { height: usize, width: usize },
}
