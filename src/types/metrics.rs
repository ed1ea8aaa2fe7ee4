//! The error type shared by the `regression_metrics` and `classification_metrics` exercises.

/// Input on which a metric is undefined.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MetricError {
    #[error("no values: a metric of an empty input is undefined")]
    Empty,
    #[error(
        "the true values and the predictions have different lengths: {y_true} and {y_pred}; \
         every true value needs exactly one prediction"
    )]
    LengthMismatch { y_true: usize, y_pred: usize },
    #[error(
        "R² is undefined when the true values are all equal: their spread, the denominator, is 0"
    )]
    ConstantTarget,
    #[error("label {label} at index {index} is not one of the classes 0..{n_classes}")]
    LabelOutOfRange {
        index: usize,
        label: usize,
        n_classes: usize,
    },
    #[error(
        "n_classes = {n_classes} is not a number of classes (at most {max} are allowed): \
         was it computed from an ID or a measurement column read as a label?",
        max = crate::types::labels::MAX_CLASSES
    )]
    TooManyClasses { n_classes: usize },
    #[error("label {label} at index {index}: binary log-loss needs labels 0 or 1")]
    NotBinary { index: usize, label: usize },
    #[error("{value} at index {index} is not a probability (a number in [0, 1])")]
    InvalidProbability { index: usize, value: f64 },
}
