//! Reference solution of the `boosted_classifier` exercise: gradient boosting of
//! regression trees for binary classification with the log loss, leaves set by one
//! Newton step.
//!
//! It builds on the course's references `regression_tree` (the tree structure, fitted
//! to the negative gradient), `decision_tree` (`check_targets`, `leaf_index`) and
//! `logistic_regression` (the stable sigmoid).

use ndarray::{Array1, ArrayView1, ArrayView2, Axis};

use crate::reference::decision_tree::{check_targets, leaf_index};
use crate::reference::logistic_regression::sigmoid;
use crate::reference::regression_tree;
use crate::types::boosted_classifier::{BoostedClassifier, ClassifierError, ClassifierParams};
use crate::types::decision_tree::{NodeKind, RegressionTree, TreeError};
use crate::types::labels::class_count;

/// Below this, Σh + λ counts as 0 and the leaf does not move (scikit-learn's guard).
const TINY: f64 = 1e-150;

/// One Newton step for a leaf: −Σg / (Σh + λ), or 0 when Σh + λ < 1e-150.
pub fn newton_leaf(sum_gradient: f64, sum_hessian: f64, lambda: f64) -> f64 {
    let denominator = sum_hessian + lambda;
    if denominator < TINY {
        0.0
    } else {
        -sum_gradient / denominator
    }
}

/// F₀ = ln(p̄ / (1 − p̄)), p̄ the share of label 1.
pub fn initial_score(y: ArrayView1<usize>) -> Result<f64, ClassifierError> {
    if y.is_empty() {
        return Err(TreeError::Empty.into());
    }
    class_count(y).map_err(TreeError::from)?;
    if let Some((row, &label)) = y.iter().enumerate().find(|(_, l)| **l > 1) {
        return Err(ClassifierError::NotBinary { row, label });
    }
    let positives = y.iter().filter(|&&l| l == 1).count();
    if positives == 0 || positives == y.len() {
        return Err(ClassifierError::OneClass { label: y[0] });
    }
    let p = positives as f64 / y.len() as f64;
    Ok((p / (1.0 - p)).ln())
}

/// Fits one stage: the residual tree's structure, then a Newton step in every leaf.
/// Returns the tree and the leaf value of every training row.
fn fit_stage(
    x: ArrayView2<f64>,
    y: &Array1<f64>,
    raw: &Array1<f64>,
    params: &ClassifierParams,
) -> Result<(RegressionTree, Array1<f64>), TreeError> {
    let p = raw.mapv(sigmoid);
    let mut tree = regression_tree::fit(x, (y - &p).view(), &params.tree)?;
    let leaves = x
        .axis_iter(Axis(0))
        .map(|row| leaf_index(&tree, row))
        .collect::<Result<Vec<usize>, TreeError>>()?;
    let mut sums = vec![(0.0, 0.0); tree.nodes.len()];
    for ((&leaf, &pi), &yi) in leaves.iter().zip(&p).zip(y) {
        sums[leaf].0 += pi - yi;
        sums[leaf].1 += pi * (1.0 - pi);
    }
    for (node, &(g, h)) in tree.nodes.iter_mut().zip(&sums) {
        if let NodeKind::Leaf(value) = &mut node.kind {
            *value = newton_leaf(g, h, params.lambda);
        }
    }
    let values = leaves
        .iter()
        .map(|&leaf| match tree.nodes[leaf].kind {
            NodeKind::Leaf(value) => value,
            NodeKind::Split { .. } => unreachable!("leaf_index returns a leaf"),
        })
        .collect();
    Ok((tree, values))
}

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &ClassifierParams,
) -> Result<BoostedClassifier, ClassifierError> {
    params.validate()?;
    check_targets(x, y.len())?;
    let init = initial_score(y)?;
    let targets = y.mapv(|l| l as f64);
    let mut raw = Array1::from_elem(y.len(), init);
    let mut trees = Vec::with_capacity(params.n_stages);
    for _ in 0..params.n_stages {
        let (tree, step) = fit_stage(x, &targets, &raw, params)?;
        raw.scaled_add(params.learning_rate, &step);
        trees.push(tree);
    }
    Ok(BoostedClassifier {
        init,
        learning_rate: params.learning_rate,
        trees,
        n_features: x.ncols(),
    })
}

pub fn decision_function(
    model: &BoostedClassifier,
    x: ArrayView2<f64>,
) -> Result<Array1<f64>, ClassifierError> {
    if x.ncols() != model.n_features {
        return Err(TreeError::FeatureCount {
            expected: model.n_features,
            got: x.ncols(),
        }
        .into());
    }
    let mut raw = Array1::from_elem(x.nrows(), model.init);
    for tree in &model.trees {
        raw.scaled_add(model.learning_rate, &regression_tree::predict(tree, x)?);
    }
    Ok(raw)
}

pub fn predict_proba(
    model: &BoostedClassifier,
    x: ArrayView2<f64>,
) -> Result<Array1<f64>, ClassifierError> {
    Ok(decision_function(model, x)?.mapv_into(sigmoid))
}

pub fn predict(
    model: &BoostedClassifier,
    x: ArrayView2<f64>,
) -> Result<Array1<usize>, ClassifierError> {
    Ok(decision_function(model, x)?.mapv(|f| usize::from(f > 0.0)))
}
