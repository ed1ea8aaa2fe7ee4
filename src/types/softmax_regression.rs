//! Types for the `softmax_regression` exercise.

use ndarray::{Array1, Array2};

pub use super::labels::NotAClassIndex;

/// A fitted softmax (multinomial logistic) regression over k classes: the logits of a
/// row x are z = x · coefficients + intercepts (one per class), and its class
/// probabilities are softmax(z).
#[derive(Debug, Clone, PartialEq)]
pub struct SoftmaxModel {
    /// b: one intercept per class (length k), the logits of a row whose features are all 0.
    pub intercepts: Array1<f64>,
    /// W: one row per feature and one column per class (p × k); column c holds the
    /// weights of class c. (scikit-learn's `coef_` is its transpose, k × p.)
    pub coefficients: Array2<f64>,
}

impl SoftmaxModel {
    /// The all-zero model over `n_features` features and `n_classes` classes: it gives
    /// every class of every row probability 1/k.
    pub fn zeros(n_features: usize, n_classes: usize) -> Self {
        SoftmaxModel {
            intercepts: Array1::zeros(n_classes),
            coefficients: Array2::zeros((n_features, n_classes)),
        }
    }

    /// The number of classes k.
    pub fn n_classes(&self) -> usize {
        self.intercepts.len()
    }
}

/// The gradient of the softmax objective: one entry per parameter, in the model's layout.
#[derive(Debug, Clone, PartialEq)]
pub struct SoftmaxGradient {
    /// ∂J/∂b, length k.
    pub intercepts: Array1<f64>,
    /// ∂J/∂W, p × k.
    pub coefficients: Array2<f64>,
}

/// Settings of softmax regression trained by gradient descent with Nesterov momentum.
#[derive(Debug, Clone, PartialEq)]
pub struct SoftmaxParams {
    /// Step size η.
    pub learning_rate: f64,
    /// μ, the share of the previous step kept in the next (0 is plain gradient descent).
    pub momentum: f64,
    /// Number of gradient steps over the whole training set.
    pub iterations: usize,
    /// λ, the strength of the L2 penalty (λ/2)‖W‖² added to the mean cross-entropy.
    /// scikit-learn's `C` corresponds to λ = 1 / (C · n) for n training rows.
    pub l2: f64,
}

impl SoftmaxParams {
    /// The given learning rate, momentum 0.9, 300 steps, no penalty.
    pub fn new(learning_rate: f64) -> Self {
        SoftmaxParams {
            learning_rate,
            momentum: 0.9,
            iterations: 300,
            l2: 0.0,
        }
    }

    /// Sets the momentum μ.
    pub fn momentum(mut self, momentum: f64) -> Self {
        self.momentum = momentum;
        self
    }

    /// Sets the number of steps.
    pub fn iterations(mut self, iterations: usize) -> Self {
        self.iterations = iterations;
        self
    }

    /// Sets the L2 penalty λ.
    pub fn l2(mut self, l2: f64) -> Self {
        self.l2 = l2;
        self
    }

    /// Checks the settings: a positive finite learning rate, a momentum in [0, 1) and a
    /// finite λ ≥ 0.
    pub fn validate(&self) -> Result<(), SoftmaxError> {
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            return Err(SoftmaxError::InvalidParams(format!(
                "learning_rate must be positive and finite, got {}",
                self.learning_rate
            )));
        }
        if !(0.0..1.0).contains(&self.momentum) {
            return Err(SoftmaxError::InvalidParams(format!(
                "momentum must be in [0, 1), got {}",
                self.momentum
            )));
        }
        if !(self.l2 >= 0.0 && self.l2.is_finite()) {
            return Err(SoftmaxError::InvalidParams(format!(
                "l2 must be >= 0 and finite, got {}",
                self.l2
            )));
        }
        Ok(())
    }
}

/// Why softmax regression could not be fitted or used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SoftmaxError {
    #[error("no samples: fitting needs at least one row")]
    Empty,
    #[error(
        "the matrix has {rows} rows but the vector has {values} values: \
         they must match, one value per row"
    )]
    RowsMismatch { rows: usize, values: usize },
    #[error(
        "the model has {intercepts} intercepts but {classes} columns of coefficients: \
         it needs one intercept per class (per column of W)"
    )]
    ModelShape { intercepts: usize, classes: usize },
    #[error(
        "x has {columns} columns but the model has {features} rows of coefficients: \
         one column per feature"
    )]
    ColumnsMismatch { columns: usize, features: usize },
    #[error(
        "label {label} at index {index}: the model has {classes} classes, numbered 0 to \
         {classes} - 1"
    )]
    LabelOutOfRange {
        index: usize,
        label: usize,
        classes: usize,
    },
    #[error(transparent)]
    NotAClassIndex(#[from] NotAClassIndex),
    #[error("invalid parameters: {0}")]
    InvalidParams(String),
}
