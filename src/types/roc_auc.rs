//! Types for the `roc_auc` exercise.

use ndarray::Array1;

/// An ROC curve: one point per threshold, from the strictest threshold (+∞, nothing
/// predicted positive, the point (0, 0)) down to the lowest score (everything predicted
/// positive, the point (1, 1)). The three arrays have one entry per point, in that order.
#[derive(Debug, Clone, PartialEq)]
pub struct RocCurve {
    /// The false positive rate FP / N of each point: the share of negatives (class 0)
    /// whose score is at least the threshold.
    pub fpr: Array1<f64>,
    /// The true positive rate (recall) TP / P of each point: the share of positives
    /// (class 1) whose score is at least the threshold.
    pub tpr: Array1<f64>,
    /// The threshold of each point, decreasing: +∞ first, then every distinct score.
    pub thresholds: Array1<f64>,
}

/// The threshold chosen for a target recall, with what it achieves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecallThreshold {
    /// Rows whose score is at least this are predicted positive.
    pub threshold: f64,
    /// TP / P at this threshold: at least the target.
    pub recall: f64,
    /// TP / (TP + FP) at this threshold.
    pub precision: f64,
}

/// Input on which a ranking metric is undefined.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RocError {
    #[error(
        "the labels and the scores have different lengths: {labels} and {scores}; every \
         label needs exactly one score"
    )]
    LengthMismatch { labels: usize, scores: usize },
    #[error("no rows: a ranking metric of an empty input is undefined")]
    Empty,
    #[error(
        "label {label} at index {index}: these metrics need labels 0 (negative) or 1 (positive)"
    )]
    NotBinary { index: usize, label: usize },
    #[error("score {value} at index {index} is not a finite number")]
    NotFinite { index: usize, value: f64 },
    #[error(
        "no row of class {class}: the metric is undefined without {}",
        if *class == 1 { "positives (its rates divide by P = 0)" } else { "negatives (the false positive rate divides by N = 0)" }
    )]
    MissingClass { class: usize },
    #[error("target recall {target} is not in (0, 1]")]
    InvalidRecall { target: f64 },
}
