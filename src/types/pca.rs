//! Types for the `pca` exercise (principal component analysis with the Jacobi eigenvalue
//! method).

use ndarray::{Array1, Array2};

/// How `fit` runs: how many components to keep, whether to standardize, and when the
/// Jacobi eigenvalue method stops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PcaParams {
    /// How many principal components to keep (at least 1, at most the number of features).
    pub n_components: usize,
    /// Divide every centred column by its population standard deviation (1 for a
    /// constant column) before the covariance, so each feature weighs the same.
    pub standardize: bool,
    /// Jacobi stops when the off-diagonal part of the rotated matrix is at most this
    /// fraction of the whole matrix (both measured with the Frobenius norm).
    pub tolerance: f64,
    /// Jacobi gives up (`PcaError::NotConverged`) after this many sweeps.
    pub max_sweeps: usize,
}

impl PcaParams {
    /// Keeps `n_components`, only centres the data, tolerance 1e-12, at most 50 sweeps.
    pub fn new(n_components: usize) -> Self {
        PcaParams {
            n_components,
            standardize: false,
            tolerance: 1e-12,
            max_sweeps: 50,
        }
    }

    /// Standardizes the columns (true) or only centres them (false).
    pub fn standardize(mut self, standardize: bool) -> Self {
        self.standardize = standardize;
        self
    }

    /// Sets Jacobi's relative tolerance.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Sets Jacobi's sweep cap.
    pub fn max_sweeps(mut self, max_sweeps: usize) -> Self {
        self.max_sweeps = max_sweeps;
        self
    }

    /// Checks the settings, in this order: `n_components` at least 1, `tolerance` a
    /// number >= 0, `max_sweeps` at least 1. (Whether `n_components` fits the data is
    /// checked by `fit`, which knows the data.)
    pub fn validate(&self) -> Result<(), PcaError> {
        if self.n_components == 0 {
            return Err(PcaError::InvalidParams(
                "n_components must be at least 1".into(),
            ));
        }
        if self.tolerance.is_nan() || self.tolerance < 0.0 {
            return Err(PcaError::InvalidParams(format!(
                "tolerance must be >= 0, got {}",
                self.tolerance
            )));
        }
        if self.max_sweeps == 0 {
            return Err(PcaError::InvalidParams(
                "max_sweeps must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

/// The eigen-decomposition of a symmetric matrix A: A·vⱼ = λⱼ·vⱼ.
#[derive(Debug, Clone, PartialEq)]
pub struct Eigen {
    /// The eigenvalues λ, largest first.
    pub values: Array1<f64>,
    /// `p x p`: column j is the unit eigenvector of `values[j]`, its largest-magnitude
    /// entry positive.
    pub vectors: Array2<f64>,
}

/// A fitted principal component analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Pca {
    /// `p`: the mean of every column of the training data.
    pub mean: Array1<f64>,
    /// `p`: what every centred column was divided by: its population standard deviation
    /// (1 for a constant column) when standardizing, otherwise 1 everywhere.
    pub scale: Array1<f64>,
    /// `k x p`: row i is principal component i, a unit vector in feature space.
    pub components: Array2<f64>,
    /// `k`: the variance of the data along each component (the eigenvalues of the sample
    /// covariance matrix, largest first).
    pub explained_variance: Array1<f64>,
    /// `k`: each explained variance divided by the total variance (the sum of all p
    /// eigenvalues, the trace of the covariance matrix).
    pub explained_variance_ratio: Array1<f64>,
}

/// Input on which PCA cannot give a meaningful answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PcaError {
    #[error("invalid parameters: {0}")]
    InvalidParams(String),
    #[error("the matrix is {rows} x {cols}: an eigen-decomposition needs a square matrix")]
    NotSquare { rows: usize, cols: usize },
    #[error("no values: the matrix or data is empty")]
    Empty,
    #[error("{n} samples: a sample covariance needs at least 2")]
    TooFewSamples { n: usize },
    #[error("{requested} components asked for, but the data has only {features} features")]
    TooManyComponents { requested: usize, features: usize },
    #[error("every column is constant: there is no variance to explain")]
    NoVariance,
    #[error("the Jacobi method did not converge in {sweeps} sweeps")]
    NotConverged { sweeps: usize },
    #[error(
        "the data has {got} columns but the model was fit on {expected} features: \
         shapes (n, {got}) and (n, {expected}) do not fit together"
    )]
    FeatureMismatch { expected: usize, got: usize },
    #[error(
        "the scores have {got} columns but the model has {expected} components: \
         shapes (n, {got}) and (n, {expected}) do not fit together"
    )]
    ComponentMismatch { expected: usize, got: usize },
    #[error("the threshold must be strictly between 0 and 1, got {threshold}")]
    InvalidThreshold { threshold: f64 },
    #[error("the ratios add up to {total} only, below the threshold {threshold}")]
    NotReached { threshold: f64, total: f64 },
}
