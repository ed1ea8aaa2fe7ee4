//! Reference solution of exercises/10_data_preparation/pipeline.rs.

use ndarray::{Array1, Array2, ArrayView1, Zip};

use crate::prep::StandardScaler;
use crate::reference::categorical_encoding::{encode, fit_encoder};
use crate::reference::missing_values::{fit_imputer, impute};
use crate::reference::{decision_tree, softmax_regression};
use crate::types::pipeline::{
    Classifier, FittedModel, FittedPipeline, FoldResult, Folds, PipelineError, PipelineParams,
    Table, accuracy, scaled_columns, softmax_params, tree_params,
};

pub fn fit_pipeline(
    params: &PipelineParams,
    train: &Table,
    labels: ArrayView1<usize>,
) -> Result<FittedPipeline, PipelineError> {
    if train.n_rows() != labels.len() {
        return Err(PipelineError::RowsMismatch {
            rows: train.n_rows(),
            labels: labels.len(),
        });
    }
    let imputer = fit_imputer(&params.imputer, train)?;
    let filled = impute(&imputer, train)?;
    let encoder = fit_encoder(&params.encoder, &filled)?;
    let encoded = encode(&encoder, &filled)?;
    let mut scaler = StandardScaler::fit(encoded.features.view())
        .map_err(|e| PipelineError::Data(e.to_string()))?;
    // One-hot columns stay 0/1: only the numeric columns are standardized.
    Zip::from(&mut scaler.mean)
        .and(&mut scaler.scale)
        .and(&Array1::from(scaled_columns(&encoder)))
        .for_each(|mean, scale, &scaled| {
            if !scaled {
                (*mean, *scale) = (0.0, 1.0);
            }
        });
    let x = scaler
        .transform(encoded.features.view())
        .map_err(|e| PipelineError::Data(e.to_string()))?;
    let model = match params.classifier {
        Classifier::Logistic { c } => FittedModel::Logistic(softmax_regression::fit(
            x.view(),
            labels,
            &softmax_params(c, x.nrows()),
        )?),
        Classifier::Tree { max_depth } => FittedModel::Tree(decision_tree::fit(
            x.view(),
            labels,
            &tree_params(max_depth),
        )?),
    };
    Ok(FittedPipeline {
        imputer,
        encoder,
        scaler,
        model,
    })
}

pub fn transform(pipeline: &FittedPipeline, table: &Table) -> Result<Array2<f64>, PipelineError> {
    let filled = impute(&pipeline.imputer, table)?;
    let encoded = encode(&pipeline.encoder, &filled)?;
    pipeline
        .scaler
        .transform(encoded.features.view())
        .map_err(|e| PipelineError::Data(e.to_string()))
}

pub fn predict(pipeline: &FittedPipeline, table: &Table) -> Result<Array1<usize>, PipelineError> {
    let x = transform(pipeline, table)?;
    Ok(match &pipeline.model {
        FittedModel::Logistic(model) => softmax_regression::predict(model, x.view())?,
        FittedModel::Tree(tree) => decision_tree::predict(tree, x.view())?,
    })
}

pub fn cross_validate(
    params: &PipelineParams,
    table: &Table,
    labels: ArrayView1<usize>,
    folds: &Folds,
) -> Result<Vec<FoldResult>, PipelineError> {
    if table.n_rows() != labels.len() {
        return Err(PipelineError::RowsMismatch {
            rows: table.n_rows(),
            labels: labels.len(),
        });
    }
    let rows = |rows: &[usize]| {
        let part = table
            .select_rows(rows)
            .map_err(|e| PipelineError::Data(e.to_string()))?;
        Ok::<_, PipelineError>((part, labels.select(ndarray::Axis(0), rows)))
    };
    (0..folds.len())
        .map(|k| {
            let round = folds.round(k)?;
            let (train, train_labels) = rows(&round.train)?;
            let (test, test_labels) = rows(&round.test)?;
            let pipeline = fit_pipeline(params, &train, train_labels.view())?;
            let train_accuracy = accuracy(&predict(&pipeline, &train)?, &train_labels);
            let test_accuracy = accuracy(&predict(&pipeline, &test)?, &test_labels);
            Ok(FoldResult {
                pipeline,
                train_accuracy,
                test_accuracy,
            })
        })
        .collect()
}
