//! The fit/predict contract every model of the course can be put behind, so that one
//! cross-validation loop (or one validation curve) works for any of them.
//!
//! A [`Model`] is a recipe: its settings (a tree's maximum depth, a penalty). Fitting it
//! on training rows returns a separate trained [`Fitted`] predictor, and never changes
//! the recipe, so every cross-validation round starts from scratch: nothing learnt on
//! one fold can leak into the next.
//!
//! Class labels are `f64` values `0.0, 1.0, 2.0, ...` (like the bundled datasets'
//! targets); a regression target is any real number.
//!
//! ```
//! use mlings::models::MajorityClass;
//! use mlings::types::model::{Model, Scoring};
//! use ndarray::array;
//!
//! let x = array![[0.0], [1.0], [2.0]];
//! let y = array![1.0, 1.0, 0.0];
//! let fitted = MajorityClass.fit(x.view(), y.view()).unwrap();
//! let predicted = fitted.predict(x.view()).unwrap();
//! assert_eq!(predicted, array![1.0, 1.0, 1.0]);
//! let accuracy = Scoring::Accuracy.score(y.view(), predicted.view()).unwrap();
//! assert!((accuracy - 2.0 / 3.0).abs() < 1e-12);
//! ```

use ndarray::{Array1, ArrayView1, ArrayView2};

/// A model's settings, ready to be trained.
pub trait Model {
    /// A short name for tables and messages, e.g. `"decision tree (max depth 3)"`.
    fn name(&self) -> String;

    /// Learns from the rows of `x` (one sample per row) and their targets `y`, and
    /// returns the trained predictor. `self` is not changed: fitting twice gives two
    /// independent predictors.
    fn fit(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError>;
}

/// A trained model.
pub trait Fitted {
    /// One prediction per row of `x`: a class label (`0.0, 1.0, ...`) or a real value.
    fn predict(&self, x: ArrayView2<f64>) -> Result<Array1<f64>, ModelError>;
}

/// Why a model could not be fitted or could not predict.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("no rows to {0}")]
    Empty(&'static str),
    #[error("shape mismatch in {what}: expected {expected}, got {got}")]
    Shape {
        what: String,
        expected: String,
        got: String,
    },
    #[error("target {row} is {value}, which is not a class label (0, 1, 2, ...)")]
    NotClassLabel { row: usize, value: f64 },
    #[error("{model} failed: {reason}")]
    Failed { model: String, reason: String },
}

/// How predictions are scored against the true targets; higher is better for both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scoring {
    /// The fraction of predictions equal to the true class label, in [0, 1].
    Accuracy,
    /// The coefficient of determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²: 1 is perfect,
    /// 0 is no better than always predicting the mean ȳ of the scored targets, and it is
    /// negative for worse. When every scored target is equal (Σ(y − ȳ)² = 0) it is 1 for
    /// perfect predictions and 0 otherwise, as in scikit-learn.
    R2,
}

impl Scoring {
    /// The score of `predicted` against `truth`; an error if their lengths differ or
    /// they are empty.
    pub fn score(
        &self,
        truth: ArrayView1<f64>,
        predicted: ArrayView1<f64>,
    ) -> Result<f64, ModelError> {
        if truth.len() != predicted.len() {
            return Err(ModelError::Shape {
                what: format!("{self:?} score"),
                expected: format!("{} predictions (one per target)", truth.len()),
                got: format!("{} predictions", predicted.len()),
            });
        }
        if truth.is_empty() {
            return Err(ModelError::Empty("score"));
        }
        let n = truth.len() as f64;
        Ok(match self {
            Scoring::Accuracy => {
                let hits = truth.iter().zip(&predicted).filter(|(t, p)| t == p).count();
                hits as f64 / n
            }
            Scoring::R2 => {
                let mean = truth.sum() / n;
                let total: f64 = truth.iter().map(|t| (t - mean).powi(2)).sum();
                let residual: f64 = truth
                    .iter()
                    .zip(&predicted)
                    .map(|(t, p)| (t - p).powi(2))
                    .sum();
                match (total > 0.0, residual > 0.0) {
                    (true, _) => 1.0 - residual / total,
                    (false, false) => 1.0,
                    (false, true) => 0.0,
                }
            }
        })
    }
}

/// Checks that `x` has one row per target and at least one row: the precondition of
/// every `fit`.
pub fn check_training_data(x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<(), ModelError> {
    if x.nrows() != y.len() {
        return Err(ModelError::Shape {
            what: "fit".into(),
            expected: format!("one target per row of x, {} targets", x.nrows()),
            got: format!("x of shape {:?} and {} targets", x.dim(), y.len()),
        });
    }
    if x.nrows() == 0 {
        return Err(ModelError::Empty("fit"));
    }
    Ok(())
}

/// The targets as class labels `0, 1, ...`, or the first target that is not one.
pub fn class_labels(y: ArrayView1<f64>) -> Result<Array1<usize>, ModelError> {
    y.iter()
        .enumerate()
        .map(|(row, &value)| {
            if value >= 0.0 && value.fract() == 0.0 {
                Ok(value as usize)
            } else {
                Err(ModelError::NotClassLabel { row, value })
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn accuracy_counts_hits() {
        let s = Scoring::Accuracy
            .score(
                array![0.0, 1.0, 2.0, 1.0].view(),
                array![0.0, 2.0, 2.0, 1.0].view(),
            )
            .unwrap();
        assert_eq!(s, 0.75);
    }

    #[test]
    fn r2_by_hand() {
        // ȳ = 2, Σ(y − ȳ)² = 2, residuals (0, 1, −1) → 1 − 2/2 = 0.
        let s = Scoring::R2
            .score(array![1.0, 2.0, 3.0].view(), array![1.0, 1.0, 4.0].view())
            .unwrap();
        assert_eq!(s, 0.0);
        let constant = array![5.0, 5.0];
        assert_eq!(Scoring::R2.score(constant.view(), constant.view()), Ok(1.0));
        assert_eq!(
            Scoring::R2.score(constant.view(), array![5.0, 4.0].view()),
            Ok(0.0)
        );
    }

    #[test]
    fn mismatched_lengths_name_both() {
        let message = Scoring::Accuracy
            .score(array![1.0, 2.0].view(), array![1.0].view())
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("2 predictions") && message.contains("got 1"),
            "{message}"
        );
    }

    #[test]
    fn labels_must_be_whole_and_non_negative() {
        assert_eq!(class_labels(array![0.0, 2.0].view()), Ok(array![0, 2]));
        assert_eq!(
            class_labels(array![0.0, 1.5].view()),
            Err(ModelError::NotClassLabel { row: 1, value: 1.5 })
        );
    }
}
