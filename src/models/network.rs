//! The course's reference neural network behind the [`Model`] trait.

use ndarray::{Array1, ArrayView1, ArrayView2};

use crate::reference::neural_network::{predict, train};
use crate::types::model::{Fitted, Model, ModelError};
use crate::types::neural_network::{NetError, Network, TrainParams};

/// A two-layer perceptron trained by the reference solution of the `neural_network`
/// exercise with these settings. Standardize its features (its weights start small).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeuralNetwork {
    pub params: TrainParams,
}

struct FittedNetwork(Network);

fn failed(error: NetError) -> ModelError {
    ModelError::Failed {
        model: "neural network".into(),
        reason: error.to_string(),
    }
}

impl Model for NeuralNetwork {
    fn name(&self) -> String {
        format!(
            "neural network ({} {:?} units)",
            self.params.hidden, self.params.activation
        )
    }

    fn fit(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        let training = train(x, y, &self.params).map_err(failed)?;
        Ok(Box::new(FittedNetwork(training.network)))
    }
}

impl Fitted for FittedNetwork {
    fn predict(&self, x: ArrayView2<f64>) -> Result<Array1<f64>, ModelError> {
        predict(&self.0, x).map_err(failed)
    }
}
