//! Reference solution of the `knn` exercise.

use std::cmp::Ordering;

use ndarray::{Array1, ArrayView1, ArrayView2, Axis, Zip};

use crate::datasets::Folds;
use crate::prep::StandardScaler;
use crate::types::knn::{
    KChoice, KScore, KnnClassifier, KnnError, KnnParams, KnnRegressor, Neighbour, Weights,
};
use crate::types::labels::class_count;

/// Nearer first; among equally near rows, the smaller row index first.
fn nearer(a: &Neighbour, b: &Neighbour) -> Ordering {
    a.squared_distance
        .total_cmp(&b.squared_distance)
        .then(a.row.cmp(&b.row))
}

pub fn nearest_neighbours(
    x_train: ArrayView2<f64>,
    point: ArrayView1<f64>,
    k: usize,
) -> Result<Vec<Neighbour>, KnnError> {
    if k == 0 {
        return Err(KnnError::InvalidK { k });
    }
    if x_train.nrows() == 0 {
        return Err(KnnError::Empty);
    }
    if k > x_train.nrows() {
        return Err(KnnError::KTooLarge {
            k,
            rows: x_train.nrows(),
        });
    }
    if x_train.ncols() != point.len() {
        return Err(KnnError::ColumnsMismatch {
            train: x_train.ncols(),
            query: point.len(),
        });
    }
    let mut all: Vec<Neighbour> = x_train
        .outer_iter()
        .enumerate()
        .map(|(row, values)| Neighbour {
            row,
            // Zip walks contiguous rows as slices; the terms are added in column order.
            squared_distance: Zip::from(&values)
                .and(&point)
                .fold(0.0, |sum, a, b| sum + (a - b) * (a - b)),
        })
        .collect();
    // Partition so the k nearest come first, then order only those k.
    if k < all.len() {
        all.select_nth_unstable_by(k - 1, nearer);
        all.truncate(k);
    }
    all.sort_unstable_by(nearer);
    Ok(all)
}

/// The weight of each neighbour: 1 (uniform), 1/d, or, when some neighbours are exact
/// matches, 1 for those and 0 for the rest.
fn neighbour_weights(neighbours: &[Neighbour], weights: Weights) -> Vec<f64> {
    let exact_match = neighbours.iter().any(|n| n.squared_distance == 0.0);
    neighbours
        .iter()
        .map(|n| match weights {
            Weights::Uniform => 1.0,
            Weights::Distance if exact_match => f64::from(u8::from(n.squared_distance == 0.0)),
            Weights::Distance => 1.0 / n.distance(),
        })
        .collect()
}

pub fn vote(
    neighbours: &[Neighbour],
    y_train: ArrayView1<usize>,
    weights: Weights,
) -> Result<usize, KnnError> {
    if neighbours.is_empty() {
        return Err(KnnError::NoNeighbours);
    }
    if let Some(n) = neighbours.iter().find(|n| n.row >= y_train.len()) {
        return Err(KnnError::RowOutOfRange {
            row: n.row,
            rows: y_train.len(),
        });
    }
    // (label, total weight), added up in neighbour order.
    let mut tally: Vec<(usize, f64)> = Vec::new();
    for (n, w) in neighbours
        .iter()
        .zip(neighbour_weights(neighbours, weights))
    {
        let label = y_train[n.row];
        match tally.iter_mut().find(|(l, _)| *l == label) {
            Some((_, total)) => *total += w,
            None => tally.push((label, w)),
        }
    }
    let (label, _) = tally
        .into_iter()
        .max_by(|(l1, w1), (l2, w2)| w1.total_cmp(w2).then(l2.cmp(l1)))
        .expect("at least one neighbour");
    Ok(label)
}

fn check_training(
    x_train: ArrayView2<f64>,
    targets: usize,
    params: &KnnParams,
) -> Result<(), KnnError> {
    params.validate()?;
    if x_train.nrows() != targets {
        return Err(KnnError::RowsMismatch {
            rows: x_train.nrows(),
            targets,
        });
    }
    if targets == 0 {
        return Err(KnnError::Empty);
    }
    Ok(())
}

fn check_k(params: &KnnParams, rows: usize) -> Result<(), KnnError> {
    if params.k > rows {
        return Err(KnnError::KTooLarge { k: params.k, rows });
    }
    Ok(())
}

pub fn fit(
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<usize>,
    params: &KnnParams,
) -> Result<KnnClassifier, KnnError> {
    check_training(x_train, y_train.len(), params)?;
    class_count(y_train)?;
    check_k(params, y_train.len())?;
    Ok(KnnClassifier {
        x_train: x_train.to_owned(),
        y_train: y_train.to_owned(),
        params: *params,
    })
}

fn check_columns(train: usize, x: ArrayView2<f64>) -> Result<(), KnnError> {
    if x.ncols() != train {
        return Err(KnnError::ColumnsMismatch {
            train,
            query: x.ncols(),
        });
    }
    Ok(())
}

pub fn predict(model: &KnnClassifier, x: ArrayView2<f64>) -> Result<Array1<usize>, KnnError> {
    check_columns(model.x_train.ncols(), x)?;
    x.outer_iter()
        .map(|point| {
            let neighbours = nearest_neighbours(model.x_train.view(), point, model.params.k)?;
            vote(&neighbours, model.y_train.view(), model.params.weights)
        })
        .collect()
}

pub fn fit_regressor(
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<f64>,
    params: &KnnParams,
) -> Result<KnnRegressor, KnnError> {
    check_training(x_train, y_train.len(), params)?;
    check_k(params, y_train.len())?;
    Ok(KnnRegressor {
        x_train: x_train.to_owned(),
        y_train: y_train.to_owned(),
        params: *params,
    })
}

pub fn predict_regression(
    model: &KnnRegressor,
    x: ArrayView2<f64>,
) -> Result<Array1<f64>, KnnError> {
    check_columns(model.x_train.ncols(), x)?;
    x.outer_iter()
        .map(|point| {
            let neighbours = nearest_neighbours(model.x_train.view(), point, model.params.k)?;
            let weights = neighbour_weights(&neighbours, model.params.weights);
            let weighted: f64 = neighbours
                .iter()
                .zip(&weights)
                .map(|(n, w)| w * model.y_train[n.row])
                .sum();
            Ok(weighted / weights.iter().sum::<f64>())
        })
        .collect()
}

pub fn choose_k(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    folds: &Folds,
    candidates: &[usize],
    weights: Weights,
) -> Result<KChoice, KnnError> {
    if candidates.is_empty() {
        return Err(KnnError::NoCandidates);
    }
    if x.nrows() != y.len() {
        return Err(KnnError::RowsMismatch {
            rows: x.nrows(),
            targets: y.len(),
        });
    }
    if folds.n_samples != x.nrows() {
        return Err(KnnError::FoldsMismatch {
            folds: folds.n_samples,
            rows: x.nrows(),
        });
    }
    if folds.len() < 2 {
        return Err(KnnError::TooFewFolds { folds: folds.len() });
    }
    let mut scores = Vec::with_capacity(candidates.len());
    for &k in candidates {
        let params = KnnParams::new(k).weights(weights);
        let mut total = 0.0;
        for round in 0..folds.len() {
            let split = folds.round(round)?;
            let x_train = x.select(Axis(0), &split.train);
            let scaler = StandardScaler::fit(x_train.view())?;
            let model = fit(
                scaler.transform(x_train.view())?.view(),
                y.select(Axis(0), &split.train).view(),
                &params,
            )?;
            let x_validation = scaler.transform(x.select(Axis(0), &split.test).view())?;
            let predicted = predict(&model, x_validation.view())?;
            let correct = split
                .test
                .iter()
                .zip(&predicted)
                .filter(|&(&row, &label)| y[row] == label)
                .count();
            total += correct as f64 / split.test.len() as f64;
        }
        scores.push(KScore {
            k,
            mean_accuracy: total / folds.len() as f64,
        });
    }
    let best_k = scores
        .iter()
        .max_by(|a, b| {
            a.mean_accuracy
                .total_cmp(&b.mean_accuracy)
                .then(b.k.cmp(&a.k))
        })
        .map(|s| s.k)
        .expect("at least one candidate");
    Ok(KChoice { scores, best_k })
}
