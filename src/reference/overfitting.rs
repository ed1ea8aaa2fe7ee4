//! Reference solution of the `overfitting` exercise.

use ndarray::{ArrayView1, ArrayView2, Axis};

use crate::reference::cross_validation::{cross_validate, fit_and_score};
use crate::types::cross_validation::{CvSettings, Folds, check_rows};
use crate::types::model::Model;
use crate::types::overfitting::{CurveError, CurvePoint, Fit, FitThresholds};

pub fn validation_curve(
    model_for: &dyn Fn(f64) -> Box<dyn Model>,
    values: &[f64],
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    folds: &Folds,
    settings: &CvSettings,
) -> Result<Vec<CurvePoint>, CurveError> {
    if values.is_empty() {
        return Err(CurveError::NoPoints);
    }
    values
        .iter()
        .map(|&value| {
            let scores = cross_validate(model_for(value).as_ref(), x, y, folds, settings)?;
            Ok(CurvePoint {
                value,
                train: scores.mean_train(),
                validation: scores.mean_validation(),
            })
        })
        .collect()
}

pub fn learning_curve(
    model: &dyn Model,
    train_sizes: &[usize],
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    folds: &Folds,
    settings: &CvSettings,
) -> Result<Vec<CurvePoint>, CurveError> {
    if train_sizes.is_empty() {
        return Err(CurveError::NoPoints);
    }
    check_rows(x, y, folds)?;
    let rounds = (0..folds.len())
        .map(|k| folds.round(k))
        .collect::<Result<Vec<_>, _>>()?;
    let available = rounds.iter().map(|r| r.train.len()).min().unwrap_or(0);
    train_sizes
        .iter()
        .map(|&size| {
            if size == 0 || size > available {
                return Err(CurveError::InvalidTrainSize { size, available });
            }
            let (mut train, mut validation) = (0.0, 0.0);
            for round in &rounds {
                let rows = &round.train[..size];
                let score = fit_and_score(
                    model,
                    x.select(Axis(0), rows).view(),
                    y.select(Axis(0), rows).view(),
                    x.select(Axis(0), &round.test).view(),
                    y.select(Axis(0), &round.test).view(),
                    settings,
                )?;
                train += score.train;
                validation += score.validation;
            }
            let n = rounds.len() as f64;
            Ok(CurvePoint {
                value: size as f64,
                train: train / n,
                validation: validation / n,
            })
        })
        .collect()
}

pub fn best_point(curve: &[CurvePoint]) -> Result<CurvePoint, CurveError> {
    let mut points = curve.iter();
    let first = *points.next().ok_or(CurveError::NoPoints)?;
    Ok(points.fold(first, |best, &point| {
        if point.validation > best.validation {
            point
        } else {
            best
        }
    }))
}

pub fn diagnose(point: &CurvePoint, thresholds: &FitThresholds) -> Fit {
    if point.train < thresholds.good_score {
        Fit::Underfitting
    } else if point.train - point.validation > thresholds.max_gap {
        Fit::Overfitting
    } else {
        Fit::GoodFit
    }
}
