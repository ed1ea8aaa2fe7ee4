//! Types shared by every exercise of the clustering topic (`exercises/05_clustering/`):
//! the one error type their functions return, and the data check they all start with.

use std::collections::BTreeMap;

use ndarray::{Array1, ArrayView1, ArrayView2};

/// Input on which a clustering function cannot give a meaningful answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClusteringError {
    #[error("no samples or no features: there is nothing to cluster")]
    Empty,
    #[error("k = 0: at least one cluster is needed")]
    NoClusters,
    #[error("k = {k} clusters for only {n} samples: k must be at most the number of samples")]
    TooManyClusters { k: usize, n: usize },
    #[error("row {row}, column {column} of the {what} is {value}: every value must be finite")]
    NonFinite {
        what: &'static str,
        row: usize,
        column: usize,
        value: f64,
    },
    #[error(
        "the data has {data} features per row but the centroids have {centroids}: \
         shapes (n, {data}) and (k, {centroids}) do not fit together"
    )]
    FeatureMismatch { data: usize, centroids: usize },
    #[error("{what} has {got} entries but {expected} were expected (one per sample)")]
    LengthMismatch {
        what: &'static str,
        expected: usize,
        got: usize,
    },
    #[error(
        "the silhouette needs between 2 and n - 1 = {max} clusters, the labels have {clusters}"
    )]
    SilhouetteUndefined { clusters: usize, max: usize },
    #[error("invalid parameters: {0}")]
    InvalidParams(String),
}

/// Checks the data every clustering function starts from: at least one row and one
/// column, and every value finite (a NaN would poison every distance it touches).
///
/// Returns `Err(Empty)` for no rows or no columns, or `Err(NonFinite { what: "data", row, column, value })`
/// for the first non-finite value in row-major order.
pub fn check_data(x: ArrayView2<f64>) -> Result<(), ClusteringError> {
    if x.is_empty() {
        return Err(ClusteringError::Empty);
    }
    check_finite("data", x)
}

/// `Err(NonFinite { what, row, column, value })` for the first non-finite value of `x`
/// in row-major order; `what` names the array in the message (e.g. "initial centroids").
pub fn check_finite(what: &'static str, x: ArrayView2<f64>) -> Result<(), ClusteringError> {
    match x.indexed_iter().find(|(_, v)| !v.is_finite()) {
        Some(((row, column), &value)) => Err(ClusteringError::NonFinite {
            what,
            row,
            column,
            value,
        }),
        None => Ok(()),
    }
}

/// Renumbers cluster labels as 0, 1, ..., m − 1, keeping their order: the smallest label
/// value becomes 0, the next smallest 1, and so on. Returns the new label of every
/// sample and m, the number of distinct labels.
///
/// Labels [7, 3, 7, 9] become [1, 0, 1, 2] with m = 3; then `sizes[new_label] += 1` or a
/// `Vec` indexed by the new labels is all the bookkeeping a clustering metric needs.
pub fn renumber_labels(labels: ArrayView1<usize>) -> (Array1<usize>, usize) {
    let mut index: BTreeMap<usize, usize> = labels.iter().map(|&label| (label, 0)).collect();
    for (new, slot) in index.values_mut().enumerate() {
        *slot = new;
    }
    (labels.mapv(|label| index[&label]), index.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, array};

    #[test]
    fn renumbering_keeps_the_order_of_labels() {
        let (renumbered, m) = renumber_labels(array![7, 3, 7, 9].view());
        assert_eq!((renumbered, m), (array![1, 0, 1, 2], 3));
    }

    #[test]
    fn check_data_names_the_first_bad_value() {
        assert_eq!(check_data(array![[1.0, 2.0]].view()), Ok(()));
        assert_eq!(
            check_data(Array2::<f64>::zeros((0, 2)).view()),
            Err(ClusteringError::Empty)
        );
        let bad = array![[1.0, 2.0], [f64::INFINITY, f64::NAN]];
        let error = check_data(bad.view()).unwrap_err();
        assert!(
            matches!(
                error,
                ClusteringError::NonFinite {
                    row: 1,
                    column: 0,
                    ..
                }
            ),
            "{error}"
        );
    }
}
