//! Types for the `best_split` exercise: the best threshold on one feature.

/// The best way to cut one feature in two: samples with `value <= threshold` go left,
/// the others go right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Split {
    /// Midway between the largest value on the left and the smallest on the right.
    pub threshold: f64,
    /// The weighted impurity decrease I(node) − (n_left/n)·I(left) − (n_right/n)·I(right).
    pub impurity_decrease: f64,
    /// How many samples go left (value <= threshold).
    pub n_left: usize,
    /// How many samples go right (value > threshold).
    pub n_right: usize,
}

/// Input on which no split can be searched.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SplitError {
    #[error("{values} feature values but {targets} targets: there must be one target per value")]
    LengthMismatch { values: usize, targets: usize },
    #[error("the {what} at index {index} is {value}: every value must be a finite number")]
    NonFinite {
        what: &'static str,
        index: usize,
        value: f64,
    },
    #[error(
        "index {index} has label {label}, but there are only {n_classes} classes (0..{n_classes})"
    )]
    LabelOutOfRange {
        index: usize,
        label: usize,
        n_classes: usize,
    },
}
