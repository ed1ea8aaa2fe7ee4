//! A learner's k-NN written with plain loops: a stable sort by distance alone (equal
//! distances keep their row order), a BTreeMap tally walked from the smallest label, and
//! explicit index loops for cross-validation.

use std::collections::BTreeMap;

use mlings::datasets::Folds;
use mlings::prep::StandardScaler;
use mlings::types::knn::{
    KChoice, KScore, KnnClassifier, KnnError, KnnParams, KnnRegressor, Neighbour, Weights,
};
use mlings::types::labels::class_count;
use ndarray::{Array1, ArrayView1, ArrayView2, Axis};

pub fn nearest_neighbours(
    x_train: ArrayView2<f64>,
    point: ArrayView1<f64>,
    k: usize,
) -> Result<Vec<Neighbour>, KnnError> {
    if k == 0 {
        return Err(KnnError::InvalidK { k });
    }
    let rows = x_train.nrows();
    if rows == 0 {
        return Err(KnnError::Empty);
    }
    if k > rows {
        return Err(KnnError::KTooLarge { k, rows });
    }
    if x_train.ncols() != point.len() {
        return Err(KnnError::ColumnsMismatch {
            train: x_train.ncols(),
            query: point.len(),
        });
    }
    let mut all = Vec::with_capacity(rows);
    for row in 0..rows {
        let mut sum = 0.0;
        for j in 0..point.len() {
            let diff = x_train[[row, j]] - point[j];
            sum += diff * diff;
        }
        all.push(Neighbour {
            row,
            squared_distance: sum,
        });
    }
    // A stable sort: rows at equal distances stay in index order.
    all.sort_by(|a, b| a.squared_distance.partial_cmp(&b.squared_distance).unwrap());
    all.truncate(k);
    Ok(all)
}

fn weight_of(n: &Neighbour, any_exact: bool, weights: Weights) -> f64 {
    match weights {
        Weights::Uniform => 1.0,
        Weights::Distance => {
            if any_exact {
                if n.squared_distance == 0.0 { 1.0 } else { 0.0 }
            } else {
                1.0 / n.distance()
            }
        }
    }
}

pub fn vote(
    neighbours: &[Neighbour],
    y_train: ArrayView1<usize>,
    weights: Weights,
) -> Result<usize, KnnError> {
    if neighbours.is_empty() {
        return Err(KnnError::NoNeighbours);
    }
    for n in neighbours {
        if n.row >= y_train.len() {
            return Err(KnnError::RowOutOfRange {
                row: n.row,
                rows: y_train.len(),
            });
        }
    }
    let any_exact = neighbours.iter().any(|n| n.squared_distance == 0.0);
    let mut totals: BTreeMap<usize, f64> = BTreeMap::new();
    for n in neighbours {
        *totals.entry(y_train[n.row]).or_insert(0.0) += weight_of(n, any_exact, weights);
    }
    let mut best_label = 0;
    let mut best_total = f64::NEG_INFINITY;
    for (&label, &total) in &totals {
        if total > best_total {
            best_label = label;
            best_total = total;
        }
    }
    Ok(best_label)
}

pub fn fit(
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<usize>,
    params: &KnnParams,
) -> Result<KnnClassifier, KnnError> {
    params.validate()?;
    if x_train.nrows() != y_train.len() {
        return Err(KnnError::RowsMismatch {
            rows: x_train.nrows(),
            targets: y_train.len(),
        });
    }
    if y_train.is_empty() {
        return Err(KnnError::Empty);
    }
    class_count(y_train)?;
    if params.k > y_train.len() {
        return Err(KnnError::KTooLarge {
            k: params.k,
            rows: y_train.len(),
        });
    }
    Ok(KnnClassifier {
        x_train: x_train.to_owned(),
        y_train: y_train.to_owned(),
        params: *params,
    })
}

pub fn predict(model: &KnnClassifier, x: ArrayView2<f64>) -> Result<Array1<usize>, KnnError> {
    if x.ncols() != model.x_train.ncols() {
        return Err(KnnError::ColumnsMismatch {
            train: model.x_train.ncols(),
            query: x.ncols(),
        });
    }
    let mut labels = Array1::zeros(x.nrows());
    for i in 0..x.nrows() {
        let near = nearest_neighbours(model.x_train.view(), x.row(i), model.params.k)?;
        labels[i] = vote(&near, model.y_train.view(), model.params.weights)?;
    }
    Ok(labels)
}

pub fn fit_regressor(
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<f64>,
    params: &KnnParams,
) -> Result<KnnRegressor, KnnError> {
    params.validate()?;
    if x_train.nrows() != y_train.len() {
        return Err(KnnError::RowsMismatch {
            rows: x_train.nrows(),
            targets: y_train.len(),
        });
    }
    if y_train.is_empty() {
        return Err(KnnError::Empty);
    }
    if params.k > y_train.len() {
        return Err(KnnError::KTooLarge {
            k: params.k,
            rows: y_train.len(),
        });
    }
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
    if x.ncols() != model.x_train.ncols() {
        return Err(KnnError::ColumnsMismatch {
            train: model.x_train.ncols(),
            query: x.ncols(),
        });
    }
    let mut predictions = Array1::zeros(x.nrows());
    for i in 0..x.nrows() {
        let near = nearest_neighbours(model.x_train.view(), x.row(i), model.params.k)?;
        let any_exact = near.iter().any(|n| n.squared_distance == 0.0);
        let (mut sum, mut total_weight) = (0.0, 0.0);
        for n in &near {
            let w = weight_of(n, any_exact, model.params.weights);
            sum += w * model.y_train[n.row];
            total_weight += w;
        }
        predictions[i] = sum / total_weight;
    }
    Ok(predictions)
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
    let mut scores = Vec::new();
    for &k in candidates {
        let mut sum = 0.0;
        for r in 0..folds.len() {
            let split = folds.round(r)?;
            let train = x.select(Axis(0), &split.train);
            let test = x.select(Axis(0), &split.test);
            let scaler = StandardScaler::fit(train.view())?;
            let train = scaler.transform(train.view())?;
            let test = scaler.transform(test.view())?;
            let model = fit(
                train.view(),
                y.select(Axis(0), &split.train).view(),
                &KnnParams::new(k).weights(weights),
            )?;
            let predicted = predict(&model, test.view())?;
            let mut correct = 0;
            for (i, &row) in split.test.iter().enumerate() {
                if predicted[i] == y[row] {
                    correct += 1;
                }
            }
            sum += correct as f64 / split.test.len() as f64;
        }
        scores.push(KScore {
            k,
            mean_accuracy: sum / folds.len() as f64,
        });
    }
    let mut best = scores[0];
    for s in &scores[1..] {
        if s.mean_accuracy > best.mean_accuracy
            || (s.mean_accuracy == best.mean_accuracy && s.k < best.k)
        {
            best = *s;
        }
    }
    Ok(KChoice {
        scores,
        best_k: best.k,
    })
}
