//! Reference solution of the `impurity` exercise.

use ndarray::ArrayView1;

use crate::types::impurity::{Criterion, ImpurityError};
use crate::types::labels::MAX_CLASSES;

pub fn class_counts(
    labels: ArrayView1<usize>,
    n_classes: usize,
) -> Result<Vec<usize>, ImpurityError> {
    if n_classes > MAX_CLASSES {
        return Err(ImpurityError::TooManyClasses { n_classes });
    }
    let mut counts = vec![0; n_classes];
    for (row, &label) in labels.iter().enumerate() {
        let count = counts
            .get_mut(label)
            .ok_or(ImpurityError::LabelOutOfRange {
                row,
                label,
                n_classes,
            })?;
        *count += 1;
    }
    Ok(counts)
}

/// The class proportions pₖ = countₖ / n, or `Empty` when there is no sample.
fn proportions(counts: &[usize]) -> Result<impl Iterator<Item = f64> + '_, ImpurityError> {
    let n: usize = counts.iter().sum();
    if n == 0 {
        return Err(ImpurityError::Empty);
    }
    Ok(counts.iter().map(move |&c| c as f64 / n as f64))
}

pub fn gini(counts: &[usize]) -> Result<f64, ImpurityError> {
    Ok(1.0 - proportions(counts)?.map(|p| p * p).sum::<f64>())
}

pub fn entropy(counts: &[usize]) -> Result<f64, ImpurityError> {
    // Σ pₖ log₂(1/pₖ): each class's share times its surprise; an absent class adds 0.
    Ok(proportions(counts)?
        .filter(|&p| p > 0.0)
        .map(|p| p * (1.0 / p).log2())
        .sum())
}

pub fn impurity(counts: &[usize], criterion: Criterion) -> Result<f64, ImpurityError> {
    match criterion {
        Criterion::Gini => gini(counts),
        Criterion::Entropy => entropy(counts),
    }
}

pub fn impurity_decrease(
    left: &[usize],
    right: &[usize],
    criterion: Criterion,
) -> Result<f64, ImpurityError> {
    if left.len() != right.len() {
        return Err(ImpurityError::ClassCountMismatch {
            left: left.len(),
            right: right.len(),
        });
    }
    let (n_left, n_right) = (left.iter().sum::<usize>(), right.iter().sum::<usize>());
    for (n, side) in [(n_left, "left"), (n_right, "right")] {
        if n == 0 {
            return Err(ImpurityError::EmptySide { side });
        }
    }
    let parent: Vec<usize> = left.iter().zip(right).map(|(l, r)| l + r).collect();
    let n = (n_left + n_right) as f64;
    let children = n_left as f64 / n * impurity(left, criterion)?
        + n_right as f64 / n * impurity(right, criterion)?;
    Ok(impurity(&parent, criterion)? - children)
}
