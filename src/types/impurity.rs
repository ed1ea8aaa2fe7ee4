//! Types for the `impurity` exercise, used by every tree exercise after it.

/// Which impurity measure scores a node (and so which splits a tree prefers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Criterion {
    /// Gini impurity 1 − Σ pₖ²: the chance that two samples drawn at random (with
    /// replacement) from the node have different classes. scikit-learn's default.
    #[default]
    Gini,
    /// Shannon entropy −Σ pₖ log₂ pₖ: the average number of bits needed to name the
    /// class of a sample from the node.
    Entropy,
}

/// Class counts on which an impurity is undefined.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImpurityError {
    #[error("no samples: the impurity of an empty node is undefined (0 / 0)")]
    Empty,
    #[error("a split must send at least one sample to each side; the {side} side is empty")]
    EmptySide { side: &'static str },
    #[error(
        "the two sides count different numbers of classes: {left} on the left, {right} on the right"
    )]
    ClassCountMismatch { left: usize, right: usize },
    #[error(
        "{n_classes} classes asked for, but at most {max} are allowed: a label column with \
         that many classes is an ID or a measurement, not a class index",
        max = crate::types::labels::MAX_CLASSES
    )]
    TooManyClasses { n_classes: usize },
    #[error("row {row} has label {label}, but there are only {n_classes} classes (0..{n_classes})")]
    LabelOutOfRange {
        row: usize,
        label: usize,
        n_classes: usize,
    },
}
