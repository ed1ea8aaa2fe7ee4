//! Reference solution of the `gradient_boosting` exercise: gradient boosting of
//! regression trees for the squared loss.
//!
//! It builds on the course's reference `regression_tree` (its `fit` and `predict`).

use ndarray::{Array1, ArrayView1, ArrayView2, Axis};
use rand::seq::SliceRandom;

use crate::reference::decision_tree::check_targets;
use crate::reference::regression_tree;
use crate::types::decision_tree::{RegressionTree, TreeError};
use crate::types::gradient_boosting::{
    BoostedModel, BoostingError, BoostingParams, EarlyStopped, stage_rng,
};

/// The rows stage `stage` is fitted on: all of them, or a seeded draw without
/// replacement of max(1, ⌊subsample·n⌋) rows, in ascending order.
pub fn stage_rows(n: usize, params: &BoostingParams, stage: usize) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..n).collect();
    if params.subsample < 1.0 {
        let kept = ((params.subsample * n as f64).floor() as usize).max(1);
        rows.shuffle(&mut stage_rng(params.seed, stage));
        rows.truncate(kept);
        rows.sort_unstable();
    }
    rows
}

fn check_training(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &BoostingParams,
) -> Result<(), BoostingError> {
    params.validate()?;
    check_targets(x, y.len())?;
    if let Some((row, &value)) = y.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(TreeError::NonFiniteTarget { row, value }.into());
    }
    Ok(())
}

/// Fits the tree of one stage to the residuals y − F on its rows.
fn fit_stage(
    x: ArrayView2<f64>,
    residuals: &Array1<f64>,
    params: &BoostingParams,
    stage: usize,
) -> Result<RegressionTree, TreeError> {
    let rows = stage_rows(x.nrows(), params, stage);
    if rows.len() == x.nrows() {
        regression_tree::fit(x, residuals.view(), &params.tree)
    } else {
        let x_rows = x.select(Axis(0), &rows);
        let r_rows = residuals.select(Axis(0), &rows);
        regression_tree::fit(x_rows.view(), r_rows.view(), &params.tree)
    }
}

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &BoostingParams,
) -> Result<BoostedModel, BoostingError> {
    check_training(x, y, params)?;
    let init = y.mean().expect("checked: at least one row");
    let mut model = BoostedModel {
        init,
        learning_rate: params.learning_rate,
        trees: Vec::with_capacity(params.n_stages),
        n_features: x.ncols(),
    };
    let mut predictions = Array1::from_elem(y.len(), init);
    for stage in 0..params.n_stages {
        let residuals = &y - &predictions;
        let tree = fit_stage(x, &residuals, params, stage)?;
        predictions.scaled_add(params.learning_rate, &regression_tree::predict(&tree, x)?);
        model.trees.push(tree);
    }
    Ok(model)
}

fn check_width(model: &BoostedModel, x: ArrayView2<f64>) -> Result<(), BoostingError> {
    if x.ncols() != model.n_features {
        return Err(TreeError::FeatureCount {
            expected: model.n_features,
            got: x.ncols(),
        }
        .into());
    }
    Ok(())
}

pub fn staged_predict(
    model: &BoostedModel,
    x: ArrayView2<f64>,
) -> Result<Vec<Array1<f64>>, BoostingError> {
    check_width(model, x)?;
    let mut predictions = Array1::from_elem(x.nrows(), model.init);
    let mut stages = Vec::with_capacity(model.trees.len());
    for tree in &model.trees {
        predictions.scaled_add(model.learning_rate, &regression_tree::predict(tree, x)?);
        stages.push(predictions.clone());
    }
    Ok(stages)
}

pub fn predict(model: &BoostedModel, x: ArrayView2<f64>) -> Result<Array1<f64>, BoostingError> {
    check_width(model, x)?;
    let mut predictions = Array1::from_elem(x.nrows(), model.init);
    for tree in &model.trees {
        predictions.scaled_add(model.learning_rate, &regression_tree::predict(tree, x)?);
    }
    Ok(predictions)
}

fn mse(predictions: &Array1<f64>, y: ArrayView1<f64>) -> f64 {
    let errors = predictions - &y;
    errors.dot(&errors) / y.len() as f64
}

pub fn fit_early_stopping(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    x_val: ArrayView2<f64>,
    y_val: ArrayView1<f64>,
    params: &BoostingParams,
    patience: usize,
) -> Result<EarlyStopped, BoostingError> {
    check_training(x, y, params)?;
    if patience == 0 {
        return Err(BoostingError::InvalidParams(
            "patience must be at least 1, got 0".into(),
        ));
    }
    if x_val.nrows() != y_val.len() {
        return Err(BoostingError::ValidationMismatch {
            rows: x_val.nrows(),
            targets: y_val.len(),
        });
    }
    if x_val.nrows() == 0 {
        return Err(BoostingError::EmptyValidation);
    }
    if x_val.ncols() != x.ncols() {
        return Err(TreeError::FeatureCount {
            expected: x.ncols(),
            got: x_val.ncols(),
        }
        .into());
    }
    let init = y.mean().expect("checked: at least one row");
    let mut model = BoostedModel {
        init,
        learning_rate: params.learning_rate,
        trees: Vec::new(),
        n_features: x.ncols(),
    };
    let mut train = Array1::from_elem(y.len(), init);
    let mut validation = Array1::from_elem(y_val.len(), init);
    let mut losses = Vec::new();
    let (mut best, mut best_stages) = (f64::INFINITY, 0);
    for stage in 0..params.n_stages {
        let residuals = &y - &train;
        let tree = fit_stage(x, &residuals, params, stage)?;
        train.scaled_add(params.learning_rate, &regression_tree::predict(&tree, x)?);
        validation.scaled_add(
            params.learning_rate,
            &regression_tree::predict(&tree, x_val)?,
        );
        model.trees.push(tree);
        let loss = mse(&validation, y_val);
        losses.push(loss);
        if loss < best {
            (best, best_stages) = (loss, stage + 1);
        } else if stage + 1 - best_stages >= patience {
            break;
        }
    }
    model.trees.truncate(best_stages);
    Ok(EarlyStopped {
        model,
        validation_losses: losses,
        best_stages,
    })
}
