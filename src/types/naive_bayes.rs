//! Types for the `naive_bayes` exercise.

use ndarray::{Array1, Array2};

pub use super::labels::{NotAClassIndex, class_count};

/// A fitted Gaussian naive Bayes model over k classes (0, 1, …, k − 1) and p features.
#[derive(Debug, Clone, PartialEq)]
pub struct GaussianNbModel {
    /// P(c): the share of training rows of each class (k values, summing to 1).
    pub priors: Array1<f64>,
    /// μ[c][j]: the mean of feature j over the training rows of class c (k × p).
    pub means: Array2<f64>,
    /// σ²[c][j]: the population variance of feature j over the rows of class c, plus
    /// `epsilon` (k × p).
    pub variances: Array2<f64>,
    /// The smoothing added to every variance: `var_smoothing` times the largest
    /// population variance of a feature over all the training rows.
    pub epsilon: f64,
}

impl GaussianNbModel {
    /// The number of classes k.
    pub fn n_classes(&self) -> usize {
        self.priors.len()
    }

    /// The number of features p.
    pub fn n_features(&self) -> usize {
        self.means.ncols()
    }
}

/// Settings of Gaussian naive Bayes.
#[derive(Debug, Clone, PartialEq)]
pub struct GaussianNbParams {
    /// The share of the largest feature variance added to every variance (scikit-learn's
    /// `var_smoothing`, default 1e-9).
    pub var_smoothing: f64,
}

impl Default for GaussianNbParams {
    fn default() -> Self {
        GaussianNbParams {
            var_smoothing: 1e-9,
        }
    }
}

impl GaussianNbParams {
    /// scikit-learn's defaults: `var_smoothing` 1e-9.
    pub fn new() -> Self {
        GaussianNbParams::default()
    }

    /// Sets `var_smoothing`.
    pub fn var_smoothing(mut self, var_smoothing: f64) -> Self {
        self.var_smoothing = var_smoothing;
        self
    }

    /// Checks the settings: `var_smoothing` finite and ≥ 0.
    pub fn validate(&self) -> Result<(), NaiveBayesError> {
        if !(self.var_smoothing >= 0.0 && self.var_smoothing.is_finite()) {
            return Err(NaiveBayesError::InvalidParams(format!(
                "var_smoothing must be >= 0 and finite, got {}",
                self.var_smoothing
            )));
        }
        Ok(())
    }
}

/// Why Gaussian naive Bayes could not be fitted or used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NaiveBayesError {
    #[error("invalid parameters: {0}")]
    InvalidParams(String),
    #[error("x has {rows} rows but y has {labels} labels: they must match, one label per row")]
    RowsMismatch { rows: usize, labels: usize },
    #[error("no samples: fitting needs at least one row")]
    Empty,
    #[error(transparent)]
    NotAClassIndex(#[from] NotAClassIndex),
    #[error(
        "class {class} has no training rows (the labels run up to {largest}): its mean and \
         variance are undefined; renumber the classes 0, 1, … without gaps"
    )]
    AbsentClass { class: usize, largest: usize },
    #[error(
        "feature {feature} has variance 0 in class {class} even after smoothing: its \
         Gaussian is a spike, and the log-likelihood would divide by 0 (use var_smoothing > 0)"
    )]
    ZeroVariance { class: usize, feature: usize },
    #[error("x has {columns} columns but the model was fitted on {features} features")]
    ColumnsMismatch { columns: usize, features: usize },
}
