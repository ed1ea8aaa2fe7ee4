//! # Exercise: k-nearest neighbours
//!
//! The simplest classifier there is: to classify a new point, find the k training rows
//! **nearest** to it and let them vote; the class with the most votes wins. There is no
//! training at all (k-NN is a *lazy* learner: `fit` only stores the rows), so all the
//! work happens when predicting, and the model is only as good as its notion of "near".
//!
//! **Distance.** Nearness is the Euclidean distance between rows a and b,
//! d(a, b) = √(Σⱼ (aⱼ − bⱼ)²). To rank neighbours the square root is not needed (it does
//! not change the order), so neighbours carry their squared distance Σⱼ (aⱼ − bⱼ)²:
//! add up the terms (aⱼ − bⱼ)² one by one (the shortcut |a|² + |b|² − 2a·b is the
//! same in exact arithmetic but loses every digit of a small distance between points far
//! from the origin). Because every feature counts in the same units,
//! **standardize** first (with a scaler fitted on the training rows only): unscaled, a
//! feature in the thousands (wine's proline) drowns every feature below 1.
//!
//! **The tie rule** (shared with the course's k-d tree): neighbours are ordered by
//! squared distance, nearest first, and among equally distant rows by row index,
//! smallest first; the k nearest are the first k in that order. A vote that ties goes
//! to the smallest class label.
//!
//! **Distance weights.** With `Weights::Distance` a neighbour at distance d (the
//! Euclidean distance, `Neighbour::distance()`, not its square) counts 1/d instead of 1,
//! so the nearest neighbours matter most. A neighbour at distance 0 (an exact copy of
//! the query) would count 1/0 = ∞: if any of the k neighbours are at distance 0, those
//! exact matches alone vote, one vote each, and the others count 0 (scikit-learn's rule).
//!
//! **Regression.** The same neighbours predict a number: the mean of their k targets
//! (uniform), or the weighted mean Σᵢ wᵢyᵢ / Σᵢ wᵢ with wᵢ = 1/dᵢ (distance weights;
//! with exact matches, the plain mean of the exact matches' targets).
//!
//! **Choosing k.** A small k follows every noisy training row (k = 1 gives every
//! training row its own label back, unless an identical row has another); a large k
//! blurs the classes together. [`choose_k`] picks k by
//! cross-validation.
//!
//! The course's k-d tree (the exercise before this one) finds the same neighbours
//! faster; here a brute-force search over all training rows is all that is needed.
//!
//! Grade with `cargo test --test knn`.
//! The types (`Neighbour`, `Weights`, `KnnParams`, `KnnClassifier`, `KnnRegressor`,
//! `KScore`, `KChoice`, `KnnError`) are in `src/types/knn.rs`.

// You will also want `mlings::prep::StandardScaler` (in choose_k),
// `mlings::types::labels::class_count` (in fit), `mlings::types::knn::KScore` and
// `ndarray::Axis` (`x.select(Axis(0), &rows)` picks rows).
use mlings::datasets::Folds;
use mlings::types::knn::{
    KChoice, KnnClassifier, KnnError, KnnParams, KnnRegressor, Neighbour, Weights,
};
use ndarray::{Array1, ArrayView1, ArrayView2};

/// The k training rows nearest to `point`, nearest first: each as its row index in
/// `x_train` and its squared Euclidean distance Σⱼ (x_train[row, j] − point[j])² to
/// `point`. Ties in distance go to the smaller row index (see the tie rule above).
///
/// Example: x_train = [[0], [3], [1], [−1]], point = [0], k = 3 gives rows 0 (squared
/// distance 0), 2 (1) and 3 (1): rows 2 and 3 are equally near, and 2 < 3.
///
/// Errors (in this order): `InvalidK { k }` when k = 0; `Empty` when `x_train` has no
/// rows; `KTooLarge { k, rows }` when k is larger than the number of rows;
/// `ColumnsMismatch { train: x_train.ncols(), query: point.len() }`.
pub fn nearest_neighbours(
    x_train: ArrayView2<f64>,
    point: ArrayView1<f64>,
    k: usize,
) -> Result<Vec<Neighbour>, KnnError> {
    todo!()
}

/// The class the `neighbours` vote for: each neighbour votes for its label
/// `y_train[neighbour.row]`, with weight 1 (`Weights::Uniform`) or 1/d
/// (`Weights::Distance`, d = `neighbour.distance()`; if some neighbours are at distance
/// 0, only they vote, weight 1 each). Each class's total is the sum of its
/// neighbours' weights; the class with the largest total wins, and on a tie (totals
/// exactly equal) the smallest label.
///
/// Examples: labels (1, 0, 0) at distances 1, 3, 3 vote 0 uniformly (two votes against
/// one) but 1 with distance weights (1/1 against 1/3 + 1/3). At distances 1, 2, 2 the
/// distance weights tie (1 against 1/2 + 1/2) and the smaller label, 0, wins. At
/// distances 0, 0.5, 0.5 the exact match alone votes: 1. Labels (2, 1) tie uniformly: 1.
///
/// Errors (in this order): `NoNeighbours` when `neighbours` is empty;
/// `RowOutOfRange { row, rows: y_train.len() }` for the first neighbour whose row has
/// no label.
pub fn vote(
    neighbours: &[Neighbour],
    y_train: ArrayView1<usize>,
    weights: Weights,
) -> Result<usize, KnnError> {
    todo!()
}

/// "Fits" a k-NN classifier: checks the input and stores a copy of the training rows,
/// their labels and the settings.
///
/// Errors (in this order): `params.validate()?` (k = 0 is `InvalidK`);
/// `RowsMismatch { rows: x_train.nrows(), targets: y_train.len() }`; `Empty` (no rows);
/// a label that is not a class index (`class_count(y_train)?`, which converts into
/// `KnnError::NotAClassIndex`); `KTooLarge { k, rows }` when k is larger than the
/// number of training rows.
pub fn fit(
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<usize>,
    params: &KnnParams,
) -> Result<KnnClassifier, KnnError> {
    todo!()
}

/// The predicted class of every row of `x`: the [`vote`] of its `model.params.k`
/// [`nearest_neighbours`] among the model's training rows, with the model's weights.
///
/// Errors: `ColumnsMismatch { train: model.x_train.ncols(), query: x.ncols() }` when `x`
/// does not have the training rows' columns (even when `x` has no rows).
pub fn predict(model: &KnnClassifier, x: ArrayView2<f64>) -> Result<Array1<usize>, KnnError> {
    todo!()
}

/// "Fits" a k-NN regressor: stores a copy of the training rows, targets and settings.
///
/// Errors (in this order): `params.validate()?`; `RowsMismatch { rows, targets }`;
/// `Empty`; `KTooLarge { k, rows }`.
pub fn fit_regressor(
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<f64>,
    params: &KnnParams,
) -> Result<KnnRegressor, KnnError> {
    todo!()
}

/// The predicted target of every row of `x` from its k nearest training rows: their
/// mean target (uniform weights) or Σᵢ yᵢ/dᵢ / Σᵢ 1/dᵢ (distance weights; when some of
/// the k are at distance 0, the mean of those exact matches' targets).
///
/// Example: targets 10, 20, 40 at distances 1, 2, 4: uniform gives 70/3 ≈ 23.33,
/// distance weights (10/1 + 20/2 + 40/4) / (1 + 1/2 + 1/4) = 30 / 1.75 ≈ 17.14.
///
/// Errors: `ColumnsMismatch { train, query }` as in [`predict`].
pub fn predict_regression(
    model: &KnnRegressor,
    x: ArrayView2<f64>,
) -> Result<Array1<f64>, KnnError> {
    todo!()
}

/// Chooses k by cross-validation over `folds`: for every candidate k, in the order given,
/// and every round `r` in `0..folds.len()`:
///
/// 1. `let split = folds.round(r)?;` (fold r validates, the other folds train);
/// 2. standardize: `StandardScaler::fit` on the round's training rows of `x` only, then
///    transform both the training and the validation rows with that scaler;
/// 3. [`fit`] with `KnnParams::new(k).weights(weights)` on the standardized training
///    rows, [`predict`] the standardized validation rows, and score the round by its
///    accuracy (correct predictions / validation rows).
///
/// A candidate's `mean_accuracy` is the mean of its rounds' accuracies (each round counts
/// the same, however many rows its fold has). `best_k` is the candidate with the highest
/// mean accuracy, and on a tie the smallest such k (not the first listed).
///
/// Errors (in this order): `NoCandidates` when `candidates` is empty;
/// `RowsMismatch { rows: x.nrows(), targets: y.len() }`;
/// `FoldsMismatch { folds: folds.n_samples, rows: x.nrows() }`;
/// `TooFewFolds { folds: folds.len() }` with fewer than 2 folds; then, candidate by
/// candidate, the errors of the steps above, passed on with `?` (a k of 0 is `InvalidK`,
/// a k larger than a round's training rows is `KTooLarge`).
pub fn choose_k(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    folds: &Folds,
    candidates: &[usize],
    weights: Weights,
) -> Result<KChoice, KnnError> {
    todo!()
}
