//! Reference solution of the `regression_tree` exercise: CART for real-valued targets.
//!
//! The same tree as the classifier (see [`super::decision_tree`]), with a different
//! [`SideSummary`]: a side is summarized by its count, sum and sum of squares, its
//! impurity is the variance of its targets, and a leaf keeps their mean.

use ndarray::{Array1, ArrayView1, ArrayView2, Axis};

use crate::reference::best_split::{SideSummary, check_values, sort_and_sweep};
use crate::reference::decision_tree::{
    all_features, check_features, check_targets, grow_with, leaf_of,
};
use crate::types::best_split::{Split, SplitError};
use crate::types::decision_tree::{RegressionTree, TreeError, TreeParams};

/// Count, sum and sum of squares of the targets on one side.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SquaredError {
    n: usize,
    sum: f64,
    sum_of_squares: f64,
}

impl SideSummary for SquaredError {
    type Target = f64;
    type Leaf = f64;

    fn emptied(&self) -> Self {
        Self::default()
    }

    fn add(&mut self, y: f64) {
        self.n += 1;
        self.sum += y;
        self.sum_of_squares += y * y;
    }

    fn remove(&mut self, y: f64) {
        self.n -= 1;
        self.sum -= y;
        self.sum_of_squares -= y * y;
    }

    fn count(&self) -> usize {
        self.n
    }

    /// n · variance = Σ y² − (Σ y)² / n (never below 0, whatever the rounding).
    fn weighted_impurity(&self) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        (self.sum_of_squares - self.sum * self.sum / self.n as f64).max(0.0)
    }

    fn leaf(&self) -> f64 {
        self.sum / self.n as f64
    }
}

fn check_finite_targets(y: ArrayView1<f64>) -> Option<(usize, f64)> {
    y.iter().copied().enumerate().find(|(_, v)| !v.is_finite())
}

pub fn best_split(
    x: ArrayView1<f64>,
    y: ArrayView1<f64>,
    min_samples_leaf: usize,
) -> Result<Option<Split>, SplitError> {
    check_values(x, y.len())?;
    if let Some((index, value)) = check_finite_targets(y) {
        return Err(SplitError::NonFinite {
            what: "target",
            index,
            value,
        });
    }
    let mut node = SquaredError::default();
    y.iter().for_each(|&v| node.add(v));
    let mut pairs: Vec<(f64, f64)> = x.iter().copied().zip(y.iter().copied()).collect();
    Ok(sort_and_sweep(&mut pairs, &node, min_samples_leaf))
}

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &TreeParams,
) -> Result<RegressionTree, TreeError> {
    params.validate()?;
    check_targets(x, y.len())?;
    if let Some((row, value)) = check_finite_targets(y) {
        return Err(TreeError::NonFiniteTarget { row, value });
    }
    let rows: Vec<usize> = (0..x.nrows()).collect();
    let targets = y.to_vec();
    grow_with(
        x,
        &targets,
        &rows,
        SquaredError::default(),
        params,
        &mut all_features,
    )
}

pub fn predict(tree: &RegressionTree, x: ArrayView2<f64>) -> Result<Array1<f64>, TreeError> {
    check_features(tree, x)?;
    x.axis_iter(Axis(0))
        .map(|sample| leaf_of(tree, sample).copied())
        .collect()
}
