//! Types for the `cnn_digits` exercise: the weights of a small convolutional network
//! for the 8 x 8 digit images, its training settings, its training record and errors.
//!
//! The architecture is fixed (the candle bridge builds the very same network):
//!
//! ```text
//! input (batch, 1, 8, 8) = pixels / 16
//!   → conv 3x3, stride 1, zero padding 1, `channels` output channels → (batch, channels, 8, 8)
//!   → ReLU
//!   → 2x2 max pool, stride 2                                        → (batch, channels, 4, 4)
//!   → flatten each image in (channel, row, col) order               → (batch, channels·16)
//!   → linear: z = flat · dense + dense_bias                         → (batch, 10)
//!   → log-softmax; loss = mean cross-entropy over the batch
//! ```
//!
//! The seeds and steps, for a framework to reproduce a run exactly
//! (`mlings::reference::cnn_digits::{init_weights, loss_and_gradients, train}`): the
//! kernel is drawn Glorot-uniform from `rng(seed)` (fan_in 9, fan_out channels·9, row
//! major), the dense layer by `layers_and_losses::linear_init(channels·16, 10, seed + 1)`,
//! biases 0; the train rows are reshuffled every epoch by one `rng(seed + 2)` (the same
//! list shuffled again), minibatches of `batch_size` in that order, one Adam step
//! (β₁ 0.9, β₂ 0.999, ε 1e-8, bias corrected, one state per tensor) per batch.

use ndarray::{Array1, Array2, Array4, ArrayView1};

use super::neural_network::minibatch_problem;

pub use super::convolution::ConvError;
pub use super::layers_and_losses::LayerError;
pub use super::optimizers::OptimError;

/// Pixels per image side.
pub const SIDE: usize = 8;
/// Pixels per image (the columns of the digits dataset).
pub const PIXELS: usize = SIDE * SIDE;
/// Digit classes 0..9.
pub const CLASSES: usize = 10;
/// Rows and columns of each channel after pooling.
pub const POOLED: usize = SIDE / 2;

/// The network's weights (and, shaped the same, their gradients).
#[derive(Debug, Clone, PartialEq)]
pub struct CnnWeights {
    /// (channels, 1, 3, 3): one 3x3 kernel per output channel.
    pub kernel: Array4<f64>,
    /// (channels).
    pub conv_bias: Array1<f64>,
    /// (channels · 4 · 4, 10): row k is the pooled value k of the flattened image, in
    /// (channel, row, col) order: k = channel·16 + row·4 + col.
    pub dense: Array2<f64>,
    /// (10).
    pub dense_bias: Array1<f64>,
}

impl CnnWeights {
    /// Output channels of the convolution.
    pub fn channels(&self) -> usize {
        self.kernel.dim().0
    }

    /// Total number of weights and biases.
    pub fn n_parameters(&self) -> usize {
        self.kernel.len() + self.conv_bias.len() + self.dense.len() + self.dense_bias.len()
    }

    /// All the weights in one vector: kernel, conv_bias, dense (row by row), dense_bias,
    /// each in its standard (row-major) order.
    pub fn flatten(&self) -> Array1<f64> {
        self.kernel
            .iter()
            .chain(&self.conv_bias)
            .chain(self.dense.iter())
            .chain(&self.dense_bias)
            .copied()
            .collect()
    }

    /// Weights shaped like these whose values are `flat`, in the order of
    /// [`CnnWeights::flatten`]; `None` if `flat` has not `n_parameters()` values.
    pub fn with_parameters(&self, flat: ArrayView1<f64>) -> Option<CnnWeights> {
        if flat.len() != self.n_parameters() {
            return None;
        }
        let mut weights = self.clone();
        weights
            .kernel
            .iter_mut()
            .chain(weights.conv_bias.iter_mut())
            .chain(weights.dense.iter_mut())
            .chain(weights.dense_bias.iter_mut())
            .zip(flat)
            .for_each(|(w, &v)| *w = v);
        Some(weights)
    }

    /// Whether `other` has the same four shapes.
    pub fn same_shapes(&self, other: &CnnWeights) -> bool {
        self.kernel.dim() == other.kernel.dim()
            && self.conv_bias.len() == other.conv_bias.len()
            && self.dense.dim() == other.dense.dim()
            && self.dense_bias.len() == other.dense_bias.len()
    }
}

/// Training settings: Adam on minibatches, the train rows reshuffled every epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CnnParams {
    /// Output channels of the convolution (kernels learned).
    pub channels: usize,
    /// Passes over the training rows.
    pub epochs: usize,
    /// Rows per Adam step (the last batch of an epoch may be smaller).
    pub batch_size: usize,
    /// Adam's step size.
    pub learning_rate: f64,
    /// Seeds the initial weights and the shuffles.
    pub seed: u64,
}

impl CnnParams {
    /// 8 channels, 15 epochs, batches of 32, Adam's learning rate 0.01, seed 0.
    pub fn new() -> Self {
        CnnParams {
            channels: 8,
            epochs: 15,
            batch_size: 32,
            learning_rate: 0.01,
            seed: 0,
        }
    }

    pub fn channels(mut self, channels: usize) -> Self {
        self.channels = channels;
        self
    }

    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }

    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size;
        self
    }

    pub fn learning_rate(mut self, learning_rate: f64) -> Self {
        self.learning_rate = learning_rate;
        self
    }

    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// `Err(CnnError::InvalidParams)` naming the first setting out of range.
    pub fn validate(&self) -> Result<(), CnnError> {
        let problem = if self.channels == 0 {
            Some("channels must be at least 1".to_string())
        } else {
            minibatch_problem(self.epochs, self.batch_size, self.learning_rate)
        };
        problem.map_or(Ok(()), |why| Err(CnnError::InvalidParams(why)))
    }
}

impl Default for CnnParams {
    fn default() -> Self {
        CnnParams::new()
    }
}

/// A trained network and its record, one value per epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct Training {
    pub weights: CnnWeights,
    /// Per epoch: the mean cross-entropy over the training rows, each taken in its batch
    /// at the time of its step (Σ batch loss · batch rows / n), as frameworks log it.
    pub loss: Vec<f64>,
    /// Per epoch: the share of the monitored test rows classified right after the epoch.
    pub test_accuracy: Vec<f64>,
}

/// Why the network could not be built, run or trained.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CnnError {
    #[error("invalid training settings: {0}")]
    InvalidParams(String),
    #[error("expected {expected} pixel columns (an 8 x 8 image per row), got {got}")]
    Pixels { expected: usize, got: usize },
    #[error("images must be shaped {expected}, got {got}")]
    Images { expected: String, got: String },
    #[error("{images} images but {labels} labels")]
    LabelCount { images: usize, labels: usize },
    #[error("label {label} in row {row} is not a digit class 0..9")]
    NotADigit { row: usize, label: usize },
    #[error("no images to train on")]
    Empty,
    #[error("the weights do not fit the architecture: {0}")]
    Weights(String),
    #[error("convolution: {0}")]
    Conv(#[from] ConvError),
    #[error("layer: {0}")]
    Layer(#[from] LayerError),
    #[error("optimizer: {0}")]
    Optim(#[from] OptimError),
}
