//! Types for the `sgd` exercise.

use super::linear_regression_gd::check_learning_rate;
pub use super::linear_regression_gd::{LinearError, LinearModel, Training};

/// Settings of stochastic and mini-batch gradient descent.
///
/// `batch_size` 1 is stochastic gradient descent, `batch_size` ≥ n is batch gradient
/// descent, anything between is mini-batch.
#[derive(Debug, Clone, PartialEq)]
pub struct SgdParams {
    /// η₀: the learning rate of the first epoch.
    pub learning_rate: f64,
    /// How fast the learning rate shrinks: epoch e (from 0) uses η₀ / (1 + decay · e).
    pub decay: f64,
    /// Number of passes over the training set.
    pub epochs: usize,
    /// Rows per update (the last batch of an epoch may be smaller).
    pub batch_size: usize,
    /// Seed of the generator that shuffles the rows every epoch.
    pub seed: u64,
}

impl SgdParams {
    /// The given initial learning rate, no decay, 50 epochs, mini-batches of 32, seed 0.
    pub fn new(learning_rate: f64) -> Self {
        SgdParams {
            learning_rate,
            decay: 0.0,
            epochs: 50,
            batch_size: 32,
            seed: 0,
        }
    }

    /// Sets the learning-rate decay.
    pub fn decay(mut self, decay: f64) -> Self {
        self.decay = decay;
        self
    }

    /// Sets the number of epochs.
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }

    /// Sets the batch size.
    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size;
        self
    }

    /// Sets the shuffling seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Checks the settings: a positive finite learning rate, a finite decay ≥ 0, and a
    /// batch size of at least 1.
    pub fn validate(&self) -> Result<(), LinearError> {
        check_learning_rate(self.learning_rate)?;
        if !(self.decay >= 0.0 && self.decay.is_finite()) {
            return Err(LinearError::InvalidParams(format!(
                "decay must be >= 0 and finite, got {}",
                self.decay
            )));
        }
        if self.batch_size == 0 {
            return Err(LinearError::InvalidParams(
                "batch_size must be at least 1".into(),
            ));
        }
        Ok(())
    }
}
