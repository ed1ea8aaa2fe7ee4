//! Types for the `neural_network` exercise: a two-layer perceptron, its gradients, its
//! training settings and errors.

use ndarray::{Array1, Array2, ArrayView1};

pub use super::labels::{NotAClassIndex, class_count};

/// The non-linearity of the hidden layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// tanh(z) = (eᶻ − e⁻ᶻ) / (eᶻ + e⁻ᶻ), in (−1, 1); its derivative is 1 − tanh(z)².
    Tanh,
    /// ReLU(z) = max(0, z); its derivative is 1 where z > 0 and 0 elsewhere.
    Relu,
}

/// A two-layer perceptron: inputs → dense → activation → dense → softmax.
///
/// Samples are rows. For a batch X (n × inputs):
///
/// ```text
/// Z₁ = X·W₁ + b₁      (n × hidden)    b₁ is added to every row
/// A₁ = activation(Z₁)
/// Z₂ = A₁·W₂ + b₂     (n × outputs)
/// P  = softmax(Z₂)    row by row: one probability per class, each row sums to 1
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// inputs × hidden.
    pub w1: Array2<f64>,
    /// hidden.
    pub b1: Array1<f64>,
    /// hidden × outputs.
    pub w2: Array2<f64>,
    /// outputs.
    pub b2: Array1<f64>,
    pub activation: Activation,
}

impl Network {
    /// Number of input features.
    pub fn n_inputs(&self) -> usize {
        self.w1.nrows()
    }

    /// Number of hidden units.
    pub fn n_hidden(&self) -> usize {
        self.w1.ncols()
    }

    /// Number of classes.
    pub fn n_outputs(&self) -> usize {
        self.w2.ncols()
    }

    /// Total number of weights and biases.
    pub fn n_parameters(&self) -> usize {
        self.w1.len() + self.b1.len() + self.w2.len() + self.b2.len()
    }

    /// All the weights and biases in one vector: W₁ row by row, then b₁, W₂ row by row,
    /// and b₂ (the order of [`Gradients::flatten`]).
    pub fn parameters(&self) -> Array1<f64> {
        flatten(&self.w1, &self.b1, &self.w2, &self.b2)
    }

    /// A network of the same shape and activation whose weights and biases are `flat`,
    /// in the order of [`Network::parameters`].
    pub fn with_parameters(&self, flat: ArrayView1<f64>) -> Result<Network, NetError> {
        if flat.len() != self.n_parameters() {
            return Err(NetError::Shape {
                what: "Network::with_parameters",
                expected: format!("{} parameters", self.n_parameters()),
                got: format!("{} values", flat.len()),
            });
        }
        let mut network = self.clone();
        network
            .w1
            .iter_mut()
            .chain(network.b1.iter_mut())
            .chain(network.w2.iter_mut())
            .chain(network.b2.iter_mut())
            .zip(flat)
            .for_each(|(parameter, &value)| *parameter = value);
        Ok(network)
    }
}

/// Everything the forward pass computes, kept for the backward pass.
#[derive(Debug, Clone, PartialEq)]
pub struct Forward {
    /// Z₁ = X·W₁ + b₁, before the activation (n × hidden).
    pub hidden_input: Array2<f64>,
    /// A₁ = activation(Z₁) (n × hidden).
    pub hidden: Array2<f64>,
    /// P = softmax(A₁·W₂ + b₂) (n × outputs).
    pub probabilities: Array2<f64>,
}

/// The gradient of the loss with respect to every parameter, shaped like them.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    pub w1: Array2<f64>,
    pub b1: Array1<f64>,
    pub w2: Array2<f64>,
    pub b2: Array1<f64>,
}

impl Gradients {
    /// All the partial derivatives in one vector, in the order of
    /// [`Network::parameters`]: W₁ row by row, b₁, W₂ row by row, b₂.
    pub fn flatten(&self) -> Array1<f64> {
        flatten(&self.w1, &self.b1, &self.w2, &self.b2)
    }
}

/// W₁ row by row, b₁, W₂ row by row, b₂, in one vector.
fn flatten(w1: &Array2<f64>, b1: &Array1<f64>, w2: &Array2<f64>, b2: &Array1<f64>) -> Array1<f64> {
    w1.iter()
        .chain(b1)
        .chain(w2.iter())
        .chain(b2)
        .copied()
        .collect()
}

/// Settings of mini-batch stochastic gradient descent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainParams {
    /// Hidden units.
    pub hidden: usize,
    pub activation: Activation,
    /// Step size η in W ← W − η ∂L/∂W.
    pub learning_rate: f64,
    /// Passes over the whole training set.
    pub epochs: usize,
    /// Rows per gradient step.
    pub batch_size: usize,
    /// Seeds the initial weights and the order of the rows in every epoch.
    pub seed: u64,
}

impl TrainParams {
    /// `hidden` tanh units; learning rate 0.1, 100 epochs, batches of 32, seed 0.
    pub fn new(hidden: usize) -> Self {
        TrainParams {
            hidden,
            activation: Activation::Tanh,
            learning_rate: 0.1,
            epochs: 100,
            batch_size: 32,
            seed: 0,
        }
    }

    pub fn activation(mut self, activation: Activation) -> Self {
        self.activation = activation;
        self
    }

    pub fn learning_rate(mut self, learning_rate: f64) -> Self {
        self.learning_rate = learning_rate;
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

    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Checks the settings: at least one hidden unit, epoch and row per batch, and a
    /// positive finite learning rate.
    pub fn validate(&self) -> Result<(), NetError> {
        let problem = if self.hidden == 0 {
            Some("hidden must be at least 1".to_string())
        } else {
            minibatch_problem(self.epochs, self.batch_size, self.learning_rate)
        };
        problem.map_or(Ok(()), |why| Err(NetError::InvalidParams(why)))
    }
}

/// The first minibatch-training setting out of range, in this order: at least one epoch,
/// at least one row per batch, a positive finite learning rate. Shared by the networks'
/// `Params` (here and in cnn_digits), which check their own sizes first.
pub fn minibatch_problem(epochs: usize, batch_size: usize, learning_rate: f64) -> Option<String> {
    if epochs == 0 {
        Some("epochs must be at least 1".to_string())
    } else if batch_size == 0 {
        Some("batch_size must be at least 1".to_string())
    } else if !(learning_rate > 0.0 && learning_rate.is_finite()) {
        Some(format!(
            "learning_rate must be positive and finite, got {learning_rate}"
        ))
    } else {
        None
    }
}

/// Checks that there is at least one row (`n_rows`), one label per row, and that each
/// label is a class below `n_outputs`, in this order.
pub fn check_labels(
    labels: ArrayView1<usize>,
    n_rows: usize,
    n_outputs: usize,
) -> Result<(), NetError> {
    if n_rows == 0 {
        return Err(NetError::Shape {
            what: "labels",
            expected: "at least one row".into(),
            got: "none".into(),
        });
    }
    if labels.len() != n_rows {
        return Err(NetError::Shape {
            what: "labels",
            expected: format!("one label per row, {n_rows} labels"),
            got: format!("{} labels", labels.len()),
        });
    }
    match labels.iter().position(|&label| label >= n_outputs) {
        Some(row) => Err(NetError::BadLabel {
            row,
            label: labels[row],
            max_class: n_outputs.saturating_sub(1),
        }),
        None => Ok(()),
    }
}

/// A trained network and how its loss went.
#[derive(Debug, Clone, PartialEq)]
pub struct Training {
    pub network: Network,
    /// The mean cross-entropy on the whole training set before training, then after
    /// every epoch: `epochs + 1` values.
    pub loss_history: Vec<f64>,
}

/// What can go wrong building, running or training a network.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NetError {
    #[error("invalid settings: {0}")]
    InvalidParams(String),
    #[error("shape mismatch in {what}: expected {expected}, got {got}")]
    Shape {
        what: &'static str,
        expected: String,
        got: String,
    },
    #[error(
        "the label of row {row} is {label}: labels must be classes 0 to {max_class} of the \
         network's outputs"
    )]
    BadLabel {
        row: usize,
        label: usize,
        max_class: usize,
    },
    /// A label too large to be a class index (from [`class_count`]).
    #[error(transparent)]
    NotAClassIndex(#[from] NotAClassIndex),
    #[error(
        "training diverged in epoch {epoch}: the loss went from {start_loss:.4} before training \
         to {loss:.4}; the learning rate {learning_rate} is too large, try one ten times smaller"
    )]
    Diverged {
        epoch: usize,
        start_loss: f64,
        loss: f64,
        learning_rate: f64,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn tiny() -> Network {
        Network {
            w1: array![[1.0, 2.0], [3.0, 4.0]],
            b1: array![5.0, 6.0],
            w2: array![[7.0], [8.0]],
            b2: array![9.0],
            activation: Activation::Tanh,
        }
    }

    #[test]
    fn parameters_round_trip_in_flatten_order() {
        let net = tiny();
        assert_eq!(net.n_parameters(), 9);
        let flat = net.parameters();
        assert_eq!(flat, array![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
        assert_eq!(net.with_parameters(flat.view()).unwrap(), net);
        let gradients = Gradients {
            w1: net.w1.clone(),
            b1: net.b1.clone(),
            w2: net.w2.clone(),
            b2: net.b2.clone(),
        };
        assert_eq!(gradients.flatten(), flat);
        let shifted = net.with_parameters((&flat + 1.0).view()).unwrap();
        assert_eq!(shifted.b2, array![10.0]);
        assert!(net.with_parameters(array![1.0].view()).is_err());
    }

    #[test]
    fn params_are_validated() {
        assert!(TrainParams::new(4).validate().is_ok());
        assert!(TrainParams::new(0).validate().is_err());
        assert!(TrainParams::new(4).batch_size(0).validate().is_err());
        assert!(
            TrainParams::new(4)
                .learning_rate(f64::NAN)
                .validate()
                .is_err()
        );
    }
}
