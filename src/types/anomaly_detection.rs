//! Types for the `anomaly_detection` exercise.

use ndarray::{Array1, Array2};

/// One Gaussian per feature, fit on normal data: feature j is modelled as
/// N(mean[j], variance[j]), independently of the others.
#[derive(Debug, Clone, PartialEq)]
pub struct GaussianModel {
    /// The mean of every feature (column).
    pub mean: Array1<f64>,
    /// The population variance (divided by n) of every feature; all > 0.
    pub variance: Array1<f64>,
}

/// A multivariate Gaussian N(mean, covariance), fit on normal data, with the Cholesky
/// factor of its covariance (computed once at fit time, used by every density).
#[derive(Debug, Clone, PartialEq)]
pub struct MultivariateGaussian {
    /// The mean of every feature.
    pub mean: Array1<f64>,
    /// The population covariance matrix (divided by n), `p x p`.
    pub covariance: Array2<f64>,
    /// The lower-triangular L with L·Lᵀ = covariance (zeros above the diagonal, a
    /// positive diagonal).
    pub cholesky: Array2<f64>,
}

/// How a threshold sorts a labelled set: the counts, and the scores read off them.
/// The anomalies are the positive class: a flagged anomaly is a true positive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    /// Anomalies flagged.
    pub true_positives: usize,
    /// Normal rows flagged.
    pub false_positives: usize,
    /// Anomalies not flagged.
    pub false_negatives: usize,
    /// Normal rows not flagged.
    pub true_negatives: usize,
    /// TP / (TP + FP), 0 when nothing is flagged.
    pub precision: f64,
    /// TP / (TP + FN), 0 when there is no anomaly.
    pub recall: f64,
    /// 2·TP / (2·TP + FP + FN), 0 when that denominator is 0.
    pub f1: f64,
}

/// The threshold chosen on a validation set, and how it does there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Threshold {
    /// log ε: a row is flagged as an anomaly when its log density is <= this.
    pub log_epsilon: f64,
    /// The validation rows, flagged with `log_epsilon`.
    pub validation: Detection,
}

/// Input on which a model, a density or a threshold is undefined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AnomalyError {
    #[error("no data: a Gaussian needs at least one row and one feature, a threshold one score")]
    Empty,
    #[error(
        "feature {feature} has the same value in every row: its variance is 0, and a \
         Gaussian with variance 0 has no density (drop the column, or add a small \
         constant to its variance)"
    )]
    ConstantFeature { feature: usize },
    #[error(
        "the covariance is not positive definite at feature {feature}: that feature is \
         (numerically) a linear combination of the earlier ones, so the Gaussian has no \
         density (drop a feature, or add a small constant to the diagonal)"
    )]
    NotPositiveDefinite { feature: usize },
    #[error("the matrix is {rows} x {columns}: a covariance matrix is square")]
    NotSquare { rows: usize, columns: usize },
    #[error("the model has {model} features but x has {x} columns")]
    FeatureMismatch { model: usize, x: usize },
    #[error("{scores} scores but {labels} labels: there must be one label per score")]
    LengthMismatch { scores: usize, labels: usize },
    #[error(
        "score {index} is not a finite number: a log density of -inf or NaN means the \
         density was computed outside log space, or a variance was 0"
    )]
    NonFiniteScore { index: usize },
    #[error("the labels hold no anomaly: every threshold has F1 0, so none can be chosen")]
    NoAnomalies,
}

/// The breast_cancer setup behind scikit-learn's figures (datasets/README.md): malignant
/// tumours are the anomalies. The Gaussian is fit on normal (benign) rows only; the
/// threshold is chosen on a labelled validation set and judged on the test rows.
#[derive(Debug, Clone, PartialEq)]
pub struct AnomalySplit {
    /// The benign training rows outside cross-validation fold 0 (221 x 30, raw units).
    pub fit: Array2<f64>,
    /// The training rows of fold 0, benign and malignant (102 rows, 38 malignant).
    pub validation: Array2<f64>,
    /// Whether each validation row is malignant (an anomaly).
    pub validation_anomaly: Array1<bool>,
    /// The test rows of the reference split (114 rows, 42 malignant).
    pub test: Array2<f64>,
    /// Whether each test row is malignant.
    pub test_anomaly: Array1<bool>,
}

impl AnomalySplit {
    /// The bundled breast_cancer rows, split as above (rows in ascending order).
    pub fn breast_cancer() -> Result<Self, crate::datasets::DataError> {
        /// breast_cancer's label of a malignant tumour.
        const MALIGNANT: usize = 0;
        let data = crate::datasets::breast_cancer();
        let labels = data.class_labels()?;
        let split = data.reference_split()?;
        let folds = data.reference_folds()?;
        let mut in_fold_0 = vec![false; data.n_samples()];
        for &row in &folds.folds[0] {
            in_fold_0[row] = true;
        }
        let mut train = split.train.clone();
        train.sort_unstable();
        let mut test = split.test.clone();
        test.sort_unstable();
        let fit: Vec<usize> = train
            .iter()
            .copied()
            .filter(|&r| !in_fold_0[r] && labels[r] != MALIGNANT)
            .collect();
        let validation: Vec<usize> = train.iter().copied().filter(|&r| in_fold_0[r]).collect();
        let rows = |rows: &[usize]| data.features.select(ndarray::Axis(0), rows);
        let anomaly = |rows: &[usize]| rows.iter().map(|&r| labels[r] == MALIGNANT).collect();
        Ok(AnomalySplit {
            fit: rows(&fit),
            validation: rows(&validation),
            validation_anomaly: anomaly(&validation),
            test: rows(&test),
            test_anomaly: anomaly(&test),
        })
    }
}
