//! Types for the `layers_and_losses` exercise: a dense layer, its gradients, the fused
//! cross-entropy, dropout's output, and the errors.

use ndarray::{Array1, Array2};

/// A fully connected (dense) layer. Samples are rows: for a batch X (batch × in),
///
/// ```text
/// Y = X·W + b        (batch × out)    b is added to every row
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    /// in × out.
    pub weight: Array2<f64>,
    /// out.
    pub bias: Array1<f64>,
}

impl Linear {
    /// Number of input features (rows of `weight`).
    pub fn n_inputs(&self) -> usize {
        self.weight.nrows()
    }

    /// Number of outputs (columns of `weight`).
    pub fn n_outputs(&self) -> usize {
        self.weight.ncols()
    }
}

/// What the backward pass of a [`Linear`] layer returns.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearGradients {
    /// ∂L/∂X (batch × in): passed on to the layer before.
    pub dx: Array2<f64>,
    /// ∂L/∂W (in × out), summed over the batch.
    pub dweight: Array2<f64>,
    /// ∂L/∂b (out), summed over the batch.
    pub dbias: Array1<f64>,
}

/// The mean cross-entropy of a batch and its gradient with respect to the logits.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossEntropy {
    /// L = −(1/batch) Σᵢ log softmax(zᵢ)[yᵢ].
    pub loss: f64,
    /// ∂L/∂Z = (softmax(Z) − one_hot(y)) / batch (batch × classes).
    pub dlogits: Array2<f64>,
}

/// Whether dropout is training (drop and rescale) or evaluating (pass through).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Train,
    Eval,
}

/// Dropout's output and the mask it multiplied the input by.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    /// input ⊙ mask.
    pub output: Array2<f64>,
    /// 0 where a value was dropped, 1/(1 − p) where it was kept (all 1 in `Mode::Eval`).
    /// The backward pass is `dy * &mask`.
    pub mask: Array2<f64>,
}

/// What can go wrong in a layer or a loss.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LayerError {
    #[error("invalid settings: {0}")]
    InvalidParams(String),
    #[error("shape mismatch in {what}: expected {expected}, got {got}")]
    Shape {
        what: &'static str,
        expected: String,
        got: String,
    },
    #[error(
        "the label of row {row} is {label}, which is not a class index: with {n_classes} \
         classes the labels are 0 to {n_classes} - 1 (is that column an ID or a measurement?)"
    )]
    BadLabel {
        row: usize,
        label: usize,
        n_classes: usize,
    },
}

/// `"[r, c]"`: a shape as the errors print it (`{:?}` of `.shape()`).
pub fn shape_text(shape: &[usize]) -> String {
    format!("{shape:?}")
}
