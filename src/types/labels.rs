//! Class labels: the course's one convention, and the check every classifier shares.
//!
//! A class label is a `usize` class index: the classes of a problem with k classes are
//! `0, 1, …, k − 1`, and k is the largest label + 1 (labels `[0, 2]` mean three classes,
//! one of them absent). A label is a *class index* only if it is small: a last column
//! that holds an ID, a date or a price read as a label would make every per-class
//! table (counts, one-hot rows, a confusion matrix) terabytes long. Above
//! [`MAX_CLASSES`] classes, the course says so instead of trying.

use ndarray::ArrayView1;

/// The most classes a course model accepts: labels run from 0 to `MAX_CLASSES - 1`.
pub const MAX_CLASSES: usize = 1 << 16;

/// A label too large to be a class index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "label {label} in row {row} is not a class index (classes are numbered 0, 1, 2, … \
     and at most {max} of them are allowed): is that column an ID or a measurement?",
    max = MAX_CLASSES
)]
pub struct NotAClassIndex {
    pub row: usize,
    pub label: usize,
}

/// The number of classes of labels `y`: the largest label + 1, or 0 for no labels;
/// `Err` names the first row whose label is not a class index.
pub fn class_count(y: ArrayView1<usize>) -> Result<usize, NotAClassIndex> {
    match y.iter().position(|&label| label >= MAX_CLASSES) {
        Some(row) => Err(NotAClassIndex { row, label: y[row] }),
        None => Ok(y.iter().max().map_or(0, |&largest| largest + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn the_class_count_is_the_largest_label_plus_one() {
        assert_eq!(class_count(array![0, 2, 1, 2].view()), Ok(3));
        assert_eq!(
            class_count(array![0, 2].view()),
            Ok(3),
            "class 1 may be absent"
        );
        assert_eq!(
            class_count(ndarray::Array1::<usize>::zeros(0).view()),
            Ok(0)
        );
    }

    #[test]
    fn an_id_or_a_price_is_not_a_class_index() {
        let error = class_count(array![0, 1, 1 << 40, usize::MAX].view()).unwrap_err();
        assert_eq!(
            error,
            NotAClassIndex {
                row: 2,
                label: 1 << 40
            }
        );
        let message = error.to_string();
        assert!(
            message.contains("label 1099511627776 in row 2 is not a class index"),
            "{message}"
        );
        assert!(message.contains("ID"), "{message}");
        assert_eq!(class_count(array![MAX_CLASSES - 1].view()), Ok(MAX_CLASSES));
    }
}
