//! Reference solution of the `best_split` exercise, and the split search that every
//! reference tree (classification and regression) is built on.
//!
//! The search is generic over a [`SideSummary`]: a running summary of the targets on
//! one side of a candidate threshold (class counts for classification, sums for
//! regression) that can take one sample in or out in O(1).

use ndarray::ArrayView1;

use crate::reference::impurity::entropy;
use crate::types::best_split::{Split, SplitError};
use crate::types::impurity::Criterion;

/// A running summary of the targets on one side of a candidate split.
pub trait SideSummary: Clone {
    /// What one sample's target is: a class label, or a real number.
    type Target: Copy + PartialEq;
    /// What a leaf holding these samples keeps: class counts, or a mean.
    type Leaf;

    /// An empty summary of the same kind (same classes, same criterion).
    fn emptied(&self) -> Self;
    /// Takes one sample in.
    fn add(&mut self, target: Self::Target);
    /// Takes one sample out (it must have been added).
    fn remove(&mut self, target: Self::Target);
    /// How many samples are in.
    fn count(&self) -> usize;
    /// count × impurity: this side's share of the children's weighted impurity, times n.
    fn weighted_impurity(&self) -> f64;
    /// What a leaf of these samples keeps.
    fn leaf(&self) -> Self::Leaf;
}

/// Class counts, scored by Gini impurity or entropy.
///
/// It also keeps Σ countₖ² up to date (adding a sample of class k raises it by
/// 2·countₖ + 1), so the Gini score n·(1 − Σ (countₖ/n)²) = n − Σ countₖ² / n of a side
/// costs O(1) however many classes there are.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassCounts {
    counts: Vec<usize>,
    n: usize,
    sum_of_squared_counts: usize,
    criterion: Criterion,
}

impl ClassCounts {
    /// No sample yet, `n_classes` classes.
    pub fn new(n_classes: usize, criterion: Criterion) -> Self {
        ClassCounts {
            counts: vec![0; n_classes],
            n: 0,
            sum_of_squared_counts: 0,
            criterion,
        }
    }
}

impl SideSummary for ClassCounts {
    type Target = usize;
    type Leaf = Vec<usize>;

    fn emptied(&self) -> Self {
        Self::new(self.counts.len(), self.criterion)
    }

    fn add(&mut self, label: usize) {
        self.sum_of_squared_counts += 2 * self.counts[label] + 1;
        self.counts[label] += 1;
        self.n += 1;
    }

    fn remove(&mut self, label: usize) {
        self.counts[label] -= 1;
        self.sum_of_squared_counts -= 2 * self.counts[label] + 1;
        self.n -= 1;
    }

    fn count(&self) -> usize {
        self.n
    }

    fn weighted_impurity(&self) -> f64 {
        match (self.n, self.criterion) {
            // An empty side weighs nothing.
            (0, _) => 0.0,
            (n, Criterion::Gini) => n as f64 - self.sum_of_squared_counts as f64 / n as f64,
            (n, Criterion::Entropy) => n as f64 * entropy(&self.counts).unwrap_or(0.0),
        }
    }

    fn leaf(&self) -> Vec<usize> {
        self.counts.clone()
    }
}

/// The best split of samples already sorted by feature value: move them from the right
/// side to the left one at a time, and score a threshold only between two distinct
/// values (equal values must stay on the same side, since `value <= threshold` sends
/// them the same way). `node` summarizes all the samples.
///
/// The winner has the largest impurity decrease; ties go to the smallest threshold.
/// `None` when no threshold leaves `min_samples_leaf` samples on each side.
pub fn sweep<S: SideSummary>(
    sorted: &[(f64, S::Target)],
    node: &S,
    min_samples_leaf: usize,
) -> Option<Split> {
    let n = sorted.len();
    let mut left = node.emptied();
    let mut right = node.clone();
    // (children's weighted impurity × n, index of the last sample on the left)
    let mut best: Option<(f64, usize)> = None;
    for (i, pair) in sorted.windows(2).enumerate() {
        let ((value, target), (next, _)) = (pair[0], pair[1]);
        left.add(target);
        right.remove(target);
        if value == next || left.count() < min_samples_leaf || right.count() < min_samples_leaf {
            continue;
        }
        let children = left.weighted_impurity() + right.weighted_impurity();
        if best.is_none_or(|(lowest, _)| children < lowest) {
            best = Some((children, i));
        }
    }
    best.map(|(children, i)| {
        let (value, next) = (sorted[i].0, sorted[i + 1].0);
        let midpoint = (value + next) / 2.0;
        Split {
            // Between two neighbouring floats the midpoint rounds to `next`, which would
            // send `next` left: fall back to `value`.
            threshold: if midpoint < next { midpoint } else { value },
            impurity_decrease: (node.weighted_impurity() - children) / n as f64,
            n_left: i + 1,
            n_right: n - i - 1,
        }
    })
}

/// Sorts `(value, target)` pairs by value (O(n log n)), then [`sweep`]s them (O(n)).
pub fn sort_and_sweep<S: SideSummary>(
    pairs: &mut [(f64, S::Target)],
    node: &S,
    min_samples_leaf: usize,
) -> Option<Split> {
    pairs.sort_unstable_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
    sweep(pairs, node, min_samples_leaf)
}

/// Checks one finite feature value per target.
pub fn check_values(x: ArrayView1<f64>, n_targets: usize) -> Result<(), SplitError> {
    if x.len() != n_targets {
        return Err(SplitError::LengthMismatch {
            values: x.len(),
            targets: n_targets,
        });
    }
    match x.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(SplitError::NonFinite {
            what: "feature value",
            index,
            value: x[index],
        }),
        None => Ok(()),
    }
}

pub fn best_split(
    x: ArrayView1<f64>,
    y: ArrayView1<usize>,
    n_classes: usize,
    criterion: Criterion,
    min_samples_leaf: usize,
) -> Result<Option<Split>, SplitError> {
    check_values(x, y.len())?;
    let mut node = ClassCounts::new(n_classes, criterion);
    for (index, &label) in y.iter().enumerate() {
        if label >= n_classes {
            return Err(SplitError::LabelOutOfRange {
                index,
                label,
                n_classes,
            });
        }
        node.add(label);
    }
    let mut pairs: Vec<(f64, usize)> = x.iter().copied().zip(y.iter().copied()).collect();
    Ok(sort_and_sweep(&mut pairs, &node, min_samples_leaf))
}
