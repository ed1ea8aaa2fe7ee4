//! Ready-made models behind the [`Model`](crate::types::model::Model) trait: baselines
//! simple enough to check by hand, a deterministic CART tree, linfa's models and the
//! course's reference neural network, so that cross-validation and learning curves can
//! be tried on models you trust before your own are written.

mod baseline;
mod cart;
mod linfa_models;
mod network;

pub use baseline::{MajorityClass, MeanPredictor};
pub use cart::CartTree;
pub use linfa_models::{LinfaDecisionTree, LinfaLinearRegression, LinfaLogisticRegression};
pub use network::NeuralNetwork;

use ndarray::ArrayView2;

use crate::types::model::ModelError;

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
