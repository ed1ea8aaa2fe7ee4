//! Types for the `classification_metrics` exercise.

pub use super::metrics::MetricError;

/// Which precision, recall or F1: of one class, or the average over all classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Average {
    /// The score of class `positive` against all the others (one-vs-rest): every other
    /// label counts as negative. The usual choice for a two-class problem.
    Binary { positive: usize },
    /// The unweighted mean of the one-vs-rest scores of the classes `0..n_classes`: every
    /// class counts the same, however rare it is.
    Macro { n_classes: usize },
}
