//! Baselines: models that ignore the features. Any real model must beat them, and their
//! scores can be worked out by hand.

use ndarray::{Array1, ArrayView1, ArrayView2};

use super::{check_features, majority};
use crate::types::model::{Fitted, Model, ModelError, check_training_data, class_labels};

/// Always predicts the most frequent class of its training targets (the smallest label
/// among equally frequent ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MajorityClass;

/// Always predicts the mean of its training targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MeanPredictor;

/// A model that predicts the same value for every row.
struct Constant {
    name: &'static str,
    value: f64,
    n_features: usize,
}

impl Fitted for Constant {
    fn predict(&self, x: ArrayView2<f64>) -> Result<Array1<f64>, ModelError> {
        check_features(self.name, self.n_features, x)?;
        Ok(Array1::from_elem(x.nrows(), self.value))
    }
}

impl Model for MajorityClass {
    fn name(&self) -> String {
        "majority class".into()
    }

    fn fit(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        check_training_data(x, y)?;
        let labels = class_labels(y)?;
        let mut counts = vec![0usize; labels.iter().max().map_or(0, |&m| m + 1)];
        labels.iter().for_each(|&l| counts[l] += 1);
        Ok(Box::new(Constant {
            name: "majority class",
            value: majority(&counts) as f64,
            n_features: x.ncols(),
        }))
    }
}

impl Model for MeanPredictor {
    fn name(&self) -> String {
        "mean predictor".into()
    }

    fn fit(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        check_training_data(x, y)?;
        Ok(Box::new(Constant {
            name: "mean predictor",
            value: y.sum() / y.len() as f64,
            n_features: x.ncols(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn majority_breaks_ties_toward_the_smallest_label() {
        let x = array![[0.0], [0.0], [0.0], [0.0]];
        let fitted = MajorityClass
            .fit(x.view(), array![2.0, 1.0, 2.0, 1.0].view())
            .unwrap();
        assert_eq!(
            fitted.predict(x.view()).unwrap(),
            array![1.0, 1.0, 1.0, 1.0]
        );
    }

    #[test]
    fn mean_predictor_predicts_the_mean() {
        let x = array![[0.0], [1.0]];
        let fitted = MeanPredictor
            .fit(x.view(), array![1.0, 4.0].view())
            .unwrap();
        assert_eq!(fitted.predict(x.view()).unwrap(), array![2.5, 2.5]);
        assert!(fitted.predict(array![[1.0, 2.0]].view()).is_err());
    }

    #[test]
    fn bad_training_data_is_an_error() {
        let x = array![[0.0], [1.0]];
        assert!(
            MajorityClass
                .fit(x.view(), array![0.5, 1.0].view())
                .is_err()
        );
        assert!(MeanPredictor.fit(x.view(), array![1.0].view()).is_err());
    }
}
