//! Reference solution of the `bagging` exercise.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rand::Rng as _;

use crate::prep::Rng;
use crate::reference::decision_tree::{self as tree, all_features};
use crate::types::bagging::{BaggingParams, Ensemble, EnsembleError, tree_rng};
use crate::types::decision_tree::TreeError;
use crate::types::labels::class_count;

pub fn bootstrap_sample(n: usize, rng: &mut Rng) -> Vec<usize> {
    (0..n).map(|_| rng.gen_range(0..n)).collect()
}

pub fn out_of_bag(n: usize, sample: &[usize]) -> Vec<usize> {
    let mut drawn = vec![false; n];
    for &row in sample.iter().filter(|&&row| row < n) {
        drawn[row] = true;
    }
    (0..n).filter(|&row| !drawn[row]).collect()
}

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &BaggingParams,
) -> Result<Ensemble, EnsembleError> {
    params.validate()?;
    let n_classes = class_count(y)?;
    let n = x.nrows();
    let mut ensemble = Ensemble {
        trees: Vec::with_capacity(params.n_trees),
        out_of_bag: Vec::with_capacity(params.n_trees),
        n_classes,
        n_features: x.ncols(),
    };
    for t in 0..params.n_trees {
        let rows = bootstrap_sample(n, &mut tree_rng(params.seed, t));
        let tree = tree::grow(x, y, &rows, n_classes, &params.tree, &mut all_features)?;
        ensemble.trees.push(tree);
        ensemble.out_of_bag.push(out_of_bag(n, &rows));
    }
    Ok(ensemble)
}

pub fn predict_proba(
    ensemble: &Ensemble,
    x: ArrayView2<f64>,
) -> Result<Array2<f64>, EnsembleError> {
    if ensemble.trees.is_empty() {
        return Err(EnsembleError::NoTrees);
    }
    if x.ncols() != ensemble.n_features {
        return Err(TreeError::FeatureCount {
            expected: ensemble.n_features,
            got: x.ncols(),
        }
        .into());
    }
    let mut total = Array2::zeros((x.nrows(), ensemble.n_classes));
    for (t, tree) in ensemble.trees.iter().enumerate() {
        let proba = tree::predict_proba(tree, x)?;
        if proba.ncols() != ensemble.n_classes {
            return Err(EnsembleError::TreeClasses {
                tree: t,
                expected: ensemble.n_classes,
                got: proba.ncols(),
            });
        }
        total += &proba;
    }
    Ok(total / ensemble.trees.len() as f64)
}

pub fn predict(ensemble: &Ensemble, x: ArrayView2<f64>) -> Result<Array1<usize>, EnsembleError> {
    let proba = predict_proba(ensemble, x)?;
    Ok(proba.axis_iter(Axis(0)).map(first_max).collect())
}

/// The index of the first largest value (ties go to the smallest index).
fn first_max(values: ArrayView1<f64>) -> usize {
    let mut best = 0;
    for (k, &value) in values.iter().enumerate() {
        if value > values[best] {
            best = k;
        }
    }
    best
}
