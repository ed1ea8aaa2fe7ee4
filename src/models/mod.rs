//! Ready-made models behind the [`Model`](crate::types::model::Model) trait: baselines
//! simple enough to check by hand, the course's reference solutions (trees, linear
//! models, the neural network) and linfa's models, so that cross-validation and
//! learning curves can be tried on models you trust before your own are written.

mod baseline;
mod linfa_models;
mod reference_models;

pub use baseline::{MajorityClass, MeanPredictor};
pub use linfa_models::{LinfaDecisionTree, LinfaLinearRegression, LinfaLogisticRegression};
pub use reference_models::{
    DecisionTreeClassifier, LogisticRegression, NeuralNetwork, RandomForest, Ridge,
};

use std::fmt::Display;

use ndarray::{Array1, ArrayView2};

use crate::types::model::{Fitted, ModelError};

/// A trained model given as its prediction function.
struct Predictor<F>(F);

impl<F> Fitted for Predictor<F>
where
    F: Fn(ArrayView2<f64>) -> Result<Array1<f64>, ModelError>,
{
    fn predict(&self, x: ArrayView2<f64>) -> Result<Array1<f64>, ModelError> {
        (self.0)(x)
    }
}

/// Boxes a prediction function (which owns the trained model) as a [`Fitted`] model.
fn predictor(
    predict: impl Fn(ArrayView2<f64>) -> Result<Array1<f64>, ModelError> + 'static,
) -> Box<dyn Fitted> {
    Box::new(Predictor(predict))
}

/// The error of a model named `model` that could not be fitted or could not predict.
fn failed(model: &str, reason: impl Display) -> ModelError {
    ModelError::Failed {
        model: model.into(),
        reason: reason.to_string(),
    }
}

/// Checks that `x` has the `n_features` columns the model was trained on.
fn check_features(model: &str, n_features: usize, x: ArrayView2<f64>) -> Result<(), ModelError> {
    if x.ncols() == n_features {
        return Ok(());
    }
    Err(ModelError::Shape {
        what: format!("{model} predict"),
        expected: format!("rows of {n_features} features, as in fit"),
        got: format!("x of shape {:?}", x.dim()),
    })
}

/// The most frequent class in `counts` (`counts[label]` rows of each label), the
/// smallest label among equally frequent ones.
fn majority(counts: &[usize]) -> usize {
    // max_by_key keeps the last of equal maxima: scan from the largest label down.
    (0..counts.len())
        .rev()
        .max_by_key(|&label| counts[label])
        .unwrap_or(0)
}
