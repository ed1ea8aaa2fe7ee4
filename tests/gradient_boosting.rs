//! Grader of exercises/08_trees/gradient_boosting.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/08_trees/gradient_boosting.rs"]
mod gradient_boosting;
#[cfg(feature = "solutions")]
use mlings::reference::gradient_boosting;

use mlings::datasets;
use mlings::grade::{Tolerance, expect, expect_array, fail, require};
use mlings::reference::regression_tree;
use mlings::types::decision_tree::{NodeKind, RegressionTree, TreeError, TreeParams};
use mlings::types::gradient_boosting::{
    BoostedModel, BoostingError, BoostingParams, EarlyStopped, stage_rng,
};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, array};
use rand::seq::SliceRandom;

// ---------------------------------------------------------------------------------
// Boosting written out from the skeleton's doc (the trees are the course's reference
// regression tree, an earlier exercise), with likely mistakes as switches.
// ---------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Debug)]
enum Way {
    Doc,
    /// F starts at 0 instead of the mean.
    FromZero,
    /// Every tree is added in full: η ignored.
    NoShrinkage,
    /// Every tree is fitted to the first residuals y − F₀.
    FirstResidualsOnly,
    /// Every tree is fitted to y itself.
    FittedToTargets,
    /// Only the rows a stage drew get the new tree's prediction.
    OnlyDrawnRowsMove,
    /// One generator for the whole fit (stage_rng(seed, 0) drawing stage after stage).
    OneGenerator,
    /// The residuals as F − y.
    FlippedResiduals,
    /// Fully grown trees: `params.tree` ignored.
    DefaultTree,
}

/// The doc's rows of stage `stage`.
fn rows_by_the_doc(n: usize, params: &BoostingParams, stage: usize) -> Vec<usize> {
    if params.subsample >= 1.0 {
        return (0..n).collect();
    }
    let k = ((params.subsample * n as f64).floor() as usize).max(1);
    let mut rows: Vec<usize> = (0..n).collect();
    rows.shuffle(&mut stage_rng(params.seed, stage));
    let mut kept = rows[..k].to_vec();
    kept.sort_unstable();
    kept
}

struct Boosted {
    init: f64,
    trees: Vec<RegressionTree>,
}

fn boost(way: Way, x: ArrayView2<f64>, y: ArrayView1<f64>, params: &BoostingParams) -> Boosted {
    let n = y.len();
    let init = if way == Way::FromZero {
        0.0
    } else {
        y.mean().unwrap()
    };
    let rate = if way == Way::NoShrinkage {
        1.0
    } else {
        params.learning_rate
    };
    let mut f = Array1::from_elem(n, init);
    let first = &y - &f;
    let mut one = stage_rng(params.seed, 0);
    let mut trees = Vec::new();
    for stage in 0..params.n_stages {
        let residuals = match way {
            Way::FirstResidualsOnly => first.clone(),
            Way::FittedToTargets => y.to_owned(),
            Way::FlippedResiduals => &f - &y,
            _ => &y - &f,
        };
        let rows = if way == Way::OneGenerator && params.subsample < 1.0 {
            let k = ((params.subsample * n as f64).floor() as usize).max(1);
            let mut rows: Vec<usize> = (0..n).collect();
            rows.shuffle(&mut one);
            let mut kept = rows[..k].to_vec();
            kept.sort_unstable();
            kept
        } else {
            rows_by_the_doc(n, params, stage)
        };
        let tree = regression_tree::fit(
            x.select(Axis(0), &rows).view(),
            residuals.select(Axis(0), &rows).view(),
            &if way == Way::DefaultTree {
                TreeParams::new()
            } else {
                params.tree
            },
        )
        .expect("the grader's data is valid");
        let step = regression_tree::predict(&tree, x).unwrap() * rate;
        if way == Way::OnlyDrawnRowsMove {
            for &i in &rows {
                f[i] += step[i];
            }
        } else {
            f += &step;
        }
        trees.push(tree);
    }
    Boosted { init, trees }
}

fn predict_with(b: &Boosted, rate: f64, x: ArrayView2<f64>) -> Vec<Array1<f64>> {
    let mut f = Array1::from_elem(x.nrows(), b.init);
    b.trees
        .iter()
        .map(|t| {
            f.scaled_add(rate, &regression_tree::predict(t, x).unwrap());
            f.clone()
        })
        .collect()
}

const SUSPECTS: [(Way, &str); 8] = [
    (
        Way::FromZero,
        "F starts at 0: it starts at the mean training target (init = ȳ)",
    ),
    (
        Way::NoShrinkage,
        "the learning rate is not applied: add learning_rate × the tree's prediction",
    ),
    (
        Way::FirstResidualsOnly,
        "every tree is fitted to the first residuals y − ȳ: recompute the residuals y − F \
         after every stage",
    ),
    (
        Way::FittedToTargets,
        "the trees are fitted to y, not to the residuals y − F",
    ),
    (
        Way::OnlyDrawnRowsMove,
        "only the rows the stage drew were updated: add the new tree's prediction to F on \
         every row",
    ),
    (
        Way::FlippedResiduals,
        "the residuals have the wrong sign: fit each tree to y − F (the negative gradient), \
         not F − y",
    ),
    (
        Way::DefaultTree,
        "the tree settings are not used: fit every tree with params.tree",
    ),
    (
        Way::OneGenerator,
        "one generator drew the rows of every stage: stage m draws with its own \
         stage_rng(seed, m)",
    ),
];

/// Fails unless `got` (the learner's training predictions after the last stage) match
/// the doc's; names the mistakes they match.
#[track_caller]
fn expect_training_predictions(
    what: &str,
    got: &Array1<f64>,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &BoostingParams,
) {
    // The learner's predict adds η × every tree; a mistake in fit shows in the trees.
    let last = |way, rate| {
        predict_with(&boost(way, x, y, params), rate, x)
            .pop()
            .unwrap()
    };
    let rate = params.learning_rate;
    let mut check = expect_array(what, got, &last(Way::Doc, rate)).tol(Tolerance::abs(1e-9));
    for (way, why) in SUSPECTS {
        check = check.mistake_array(&last(way, rate), why);
    }
    if rate < 1.0 {
        check = check.mistake_array(
            &last(Way::Doc, 1.0),
            "predict adds every tree in full: multiply each tree's prediction by the model's \
             learning rate",
        );
    }
    check.assert();
}

fn leaf_values(tree: &RegressionTree) -> Vec<f64> {
    tree.nodes
        .iter()
        .filter_map(|node| match node.kind {
            NodeKind::Leaf(v) => Some(v),
            NodeKind::Split { .. } => None,
        })
        .collect()
}

fn r2(predicted: &Array1<f64>, y: ArrayView1<f64>) -> f64 {
    let mean = y.mean().unwrap();
    1.0 - (predicted - &y).mapv(|v| v * v).sum() / y.mapv(|v| (v - mean).powi(2)).sum()
}

fn mse(predicted: &Array1<f64>, y: ArrayView1<f64>) -> f64 {
    (predicted - &y).mapv(|v| v * v).mean().unwrap()
}

/// The doc's worked example: x = 1..6, y = 2, 4, 3, 10, 12, 20.
fn doc_case() -> (Array2<f64>, Array1<f64>) {
    (
        array![[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]],
        array![2.0, 4.0, 3.0, 10.0, 12.0, 20.0],
    )
}

fn stumps(n_stages: usize, rate: f64) -> BoostingParams {
    BoostingParams::new(n_stages)
        .learning_rate(rate)
        .tree(TreeParams::new().max_depth(1))
}

/// 60 rows of 3 features with a nonlinear target, for the properties.
fn wavy_case() -> (Array2<f64>, Array1<f64>) {
    let x = Array2::from_shape_fn((60, 3), |(i, j)| ((i * (j + 3) * 7) % 23) as f64 / 2.0);
    let y = Array1::from_shape_fn(60, |i| {
        (x[[i, 0]] * 0.7).sin() * 5.0 + x[[i, 1]] - 0.2 * x[[i, 2]] * x[[i, 2]]
    });
    (x, y)
}

// ---------------------------------------------------------------------------------

#[test]
fn every_row_without_subsampling() {
    for (n, seed) in [(7, 0), (12, 99)] {
        let params = BoostingParams::new(5).seed(seed);
        for stage in [0, 3] {
            let got = call!(gradient_boosting::stage_rows(n, &params, stage));
            require(got == (0..n).collect::<Vec<_>>(), || {
                format!(
                    "stage_rows({n} rows, subsample 1, stage {stage}): expected every row 0..{n} in order, got {got:?}"
                )
            });
        }
    }
}

#[test]
fn subsampled_rows_follow_the_doc() {
    for (n, subsample, seed, stage) in [
        (10, 0.35, 7, 0),
        (10, 0.35, 7, 1),
        (10, 0.35, 8, 1),
        (20, 0.5, 0, 4),
        (10, 0.05, 3, 2),
        (9, 0.99, 1, 0),
    ] {
        let params = BoostingParams::new(5).subsample(subsample).seed(seed);
        let got = call!(gradient_boosting::stage_rows(n, &params, stage));
        let expected = rows_by_the_doc(n, &params, stage);
        if got == expected {
            continue;
        }
        let what =
            format!("stage_rows(n = {n}, subsample {subsample}, seed {seed}, stage {stage})");
        let k = expected.len();
        let mut message = format!("{what}: expected {expected:?}\n    got:      {got:?}");
        let mut shuffled: Vec<usize> = (0..n).collect();
        shuffled.shuffle(&mut stage_rng(seed, stage));
        let unsorted = shuffled[..k].to_vec();
        let mut sorted_got = got.clone();
        sorted_got.sort_unstable();
        let rounded = (subsample * n as f64).round() as usize;
        let ceiled = (subsample * n as f64).ceil() as usize;
        let mut by_seed_only: Vec<usize> = (0..n).collect();
        by_seed_only.shuffle(&mut mlings::prep::rng(seed));
        let mut seed_only = by_seed_only[..k].to_vec();
        seed_only.sort_unstable();
        let mut dedup = sorted_got.clone();
        dedup.dedup();
        let why = if got == unsorted {
            Some("the rows are in shuffled order: sort the kept rows ascending")
        } else if dedup.len() < got.len() {
            Some("a row was drawn twice: draw WITHOUT replacement (shuffle, keep the first k)")
        } else if got.len() != k && (got.len() == rounded || got.len() == ceiled) {
            Some("k is rounded: keep max(1, ⌊subsample · n⌋) rows (the floor, as scikit-learn)")
        } else if got.is_empty() {
            Some("no row kept: keep at least 1 (max(1, ⌊subsample · n⌋))")
        } else if got == seed_only && stage != 0 {
            Some("the stage is ignored: every stage draws with its own stage_rng(seed, stage)")
        } else if sorted_got.len() == k && sorted_got != expected {
            Some(
                "other rows than the doc's draw: start from 0..n in order, shuffle with stage_rng(seed, stage) (SliceRandom::shuffle), keep the first k",
            )
        } else {
            None
        };
        if let Some(why) = why {
            message.push_str(&format!("\n    likely mistake: {why}"));
        }
        fail(message);
    }
}

#[test]
fn two_stages_by_hand() {
    let (x, y) = doc_case();
    let params = stumps(2, 0.5);
    let model = call_ok!(gradient_boosting::fit(x.view(), y.view(), &params));
    expect("init (F₀) on the doc's example", model.init, 8.5)
        .tol(Tolerance::abs(1e-12))
        .mistake(0.0, "F starts at 0: it starts at the mean training target")
        .assert();
    require(model.trees.len() == 2, || {
        format!("n_stages = 2: expected 2 trees, got {}", model.trees.len())
    });
    let leaves: Vec<Vec<f64>> = model.trees.iter().map(leaf_values).collect();
    expect_array(
        "the first tree's leaf values (fitted to r₁ = y − 8.5)",
        &Array1::from(leaves[0].clone()),
        &array![-5.5, 5.5],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &array![3.0, 14.0],
        "the tree was fitted to y, not to the residuals y − F₀",
    )
    .assert();
    expect_array(
        "the second tree's leaf values (fitted to r₂ = y − F₁)",
        &Array1::from(leaves[1].clone()),
        &array![-1.75, 8.75],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &array![-5.5, 5.5],
        "the second tree was fitted to the first residuals: recompute y − F after every stage",
    )
    .mistake_array(
        &Array1::from(leaf_values(
            &boost(Way::NoShrinkage, x.view(), y.view(), &params).trees[1],
        )),
        "the learning rate is not applied in fit: F₁ = F₀ + η·tree₁ before the second residuals",
    )
    .assert();
    let got = call_ok!(gradient_boosting::predict(&model, x.view()));
    expect_training_predictions(
        "F₂ on the doc's example (4.875 ×3, 10.375 ×2, 15.625)",
        &got,
        x.view(),
        y.view(),
        &params,
    );
    let staged = call_ok!(gradient_boosting::staged_predict(&model, x.view()));
    require(staged.len() == 2, || {
        format!(
            "staged_predict of 2 trees: expected 2 arrays (after stage 1 and 2), got {}{}",
            staged.len(),
            if staged.len() == 3 {
                "\n    likely mistake: F₀ is included: element m − 1 is F after m trees, m = 1, 2, …"
            } else {
                ""
            }
        )
    });
    expect_array(
        "staged_predict[0]: F₁ on the doc's example",
        &staged[0],
        &array![5.75, 5.75, 5.75, 11.25, 11.25, 11.25],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &Array1::from_elem(6, 8.5),
        "the first element is F₀: element m − 1 is F after the first m trees",
    )
    .mistake_array(
        &array![-2.75, -2.75, -2.75, 2.75, 2.75, 2.75],
        "init is missing: F starts at model.init, then adds η × each tree",
    )
    .assert();
    expect_array("staged_predict[1]: F₂", &staged[1], &got)
        .tol(Tolerance::abs(1e-12))
        .assert();
}

#[test]
fn the_learning_rate_and_the_tree_settings_are_used() {
    let (x, y) = wavy_case();
    for params in [
        BoostingParams::new(8).learning_rate(0.3),
        BoostingParams::new(8).learning_rate(1.0),
        BoostingParams::new(5).tree(TreeParams::new().max_depth(2).min_samples_leaf(4)),
        BoostingParams::new(3).tree(TreeParams::new().max_depth(5)),
    ] {
        let model = call_ok!(gradient_boosting::fit(x.view(), y.view(), &params));
        require(
            model.trees.len() == params.n_stages && model.learning_rate == params.learning_rate,
            || {
                format!(
                    "n_stages {}, learning_rate {}: the model has {} trees and learning_rate {}",
                    params.n_stages,
                    params.learning_rate,
                    model.trees.len(),
                    model.learning_rate
                )
            },
        );
        let got = call_ok!(gradient_boosting::predict(&model, x.view()));
        expect_training_predictions(
            &format!(
                "training predictions, {} stages, η = {}, max depth {:?}, min_samples_leaf {}",
                params.n_stages,
                params.learning_rate,
                params.tree.max_depth,
                params.tree.min_samples_leaf
            ),
            &got,
            x.view(),
            y.view(),
            &params,
        );
    }
}

#[test]
fn the_training_loss_never_increases() {
    let (x, y) = wavy_case();
    for rate in [0.1, 0.5, 1.0] {
        let params = BoostingParams::new(25)
            .learning_rate(rate)
            .tree(TreeParams::new().max_depth(2));
        let model = call_ok!(gradient_boosting::fit(x.view(), y.view(), &params));
        let staged = call_ok!(gradient_boosting::staged_predict(&model, x.view()));
        let mut previous = mse(&Array1::from_elem(60, model.init), y.view());
        for (m, f) in staged.iter().enumerate() {
            let loss = mse(f, y.view());
            require(loss <= previous + 1e-9, || {
                format!(
                    "η = {rate}: the training MSE went up from {previous:.6} to {loss:.6} at stage {}: with every row and η ≤ 1 a stage can only lower it (fit each tree to y − F, add η × its prediction)",
                    m + 1
                )
            });
            previous = loss;
        }
    }
}

#[test]
fn stochastic_boosting_follows_the_doc() {
    let (x, y) = wavy_case();
    for (subsample, seed) in [(0.5, 3), (0.8, 11)] {
        let params = BoostingParams::new(6)
            .learning_rate(0.5)
            .tree(TreeParams::new().max_depth(2))
            .subsample(subsample)
            .seed(seed);
        let model = call_ok!(gradient_boosting::fit(x.view(), y.view(), &params));
        let got = call_ok!(gradient_boosting::predict(&model, x.view()));
        expect_training_predictions(
            &format!("training predictions, subsample {subsample}, seed {seed}"),
            &got,
            x.view(),
            y.view(),
            &params,
        );
        let other = call_ok!(gradient_boosting::fit(
            x.view(),
            y.view(),
            &params.seed(seed + 1)
        ));
        require(other != model, || {
            format!(
                "subsample {subsample}: seeds {seed} and {} gave the same model: the rows must come from stage_rng(params.seed, stage)",
                seed + 1
            )
        });
    }
}

#[test]
fn staged_predictions_end_at_predict() {
    let (x, y) = wavy_case();
    let params = BoostingParams::new(7).learning_rate(0.4);
    let model = call_ok!(gradient_boosting::fit(x.view(), y.view(), &params));
    let x_new = x.slice(ndarray::s![..10, ..]).mapv(|v| v + 0.25);
    let staged = call_ok!(gradient_boosting::staged_predict(&model, x_new.view()));
    let expected = predict_with(
        &boost(Way::Doc, x.view(), y.view(), &params),
        0.4,
        x_new.view(),
    );
    require(staged.len() == 7, || {
        format!(
            "staged_predict of 7 trees: expected 7 arrays, got {}",
            staged.len()
        )
    });
    for (m, (got, want)) in staged.iter().zip(&expected).enumerate() {
        expect_array(
            format!("staged_predict[{m}] on new rows (F after {} trees)", m + 1),
            got,
            want,
        )
        .tol(Tolerance::abs(1e-9))
        .assert();
    }
    let last = call_ok!(gradient_boosting::predict(&model, x_new.view()));
    expect_array(
        "predict on new rows vs the last staged prediction",
        &last,
        &expected[6],
    )
    .tol(Tolerance::abs(1e-9))
    .assert();
    for (what, result) in [
        (
            "predict",
            call!(gradient_boosting::predict(
                &model,
                Array2::zeros((2, 4)).view()
            ))
            .map(|_| ()),
        ),
        (
            "staged_predict",
            call!(gradient_boosting::staged_predict(
                &model,
                Array2::zeros((2, 4)).view()
            ))
            .map(|_| ()),
        ),
    ] {
        match result {
            Err(BoostingError::Tree(TreeError::FeatureCount {
                expected: 3,
                got: 4,
            })) => {}
            other => fail(format!(
                "{what} on 4 columns for a model of 3 features: expected Tree(FeatureCount {{ expected: 3, got: 4 }}), got {}",
                other.map_or_else(|e| format!("{e:?}"), |_| "Ok".into())
            )),
        }
    }
}

/// The learner's diabetes model, its staged test predictions, its train predictions and
/// the test targets.
type DiabetesFit = (BoostedModel, Vec<Array1<f64>>, Array1<f64>, Array1<f64>);

/// The diabetes fit every test of it shares (100 stages take about a second unoptimized).
fn diabetes_fit() -> &'static DiabetesFit {
    static FIT: std::sync::OnceLock<DiabetesFit> = std::sync::OnceLock::new();
    FIT.get_or_init(|| {
        let data = datasets::diabetes();
        let (train, test) = data.split(&data.reference_split().unwrap()).unwrap();
        let model = call_ok!(gradient_boosting::fit(
            train.features.view(),
            train.targets.view(),
            &BoostingParams::new(100)
        ));
        let staged = call_ok!(gradient_boosting::staged_predict(
            &model,
            test.features.view()
        ));
        let on_train = call_ok!(gradient_boosting::predict(&model, train.features.view()));
        (model, staged, on_train, test.targets.clone())
    })
}

#[test]
fn diabetes_matches_scikit_learn() {
    let data = datasets::diabetes();
    let (train, _) = data.split(&data.reference_split().unwrap()).unwrap();
    let (model, staged, on_train, y_test) = diabetes_fit();
    require(staged.len() == 100, || {
        format!(
            "100 stages: expected 100 staged predictions, got {}",
            staged.len()
        )
    });
    expect(
        "diabetes: init, the train mean",
        model.init,
        train.targets.mean().unwrap(),
    )
    .tol(Tolerance::abs(1e-9))
    .assert();
    // Stage 10 has no tied splits: it must match to 4 decimals. Later stages meet splits
    // of equal gain that scikit-learn decides by a random feature order (random_state
    // 0..4 give 0.4484..0.4516 at 100 stages), hence 0.005 there.
    for (stages, figure, tol) in [(10, 0.3924, 6e-5), (50, 0.4654, 5e-3), (100, 0.4505, 5e-3)] {
        let got = r2(&staged[stages - 1], y_test.view());
        expect(
            format!("diabetes test R² after {stages} stages (scikit-learn: {figure})"),
            got,
            figure,
        )
        .tol(Tolerance::abs(tol))
        .assert();
    }
    expect(
        "diabetes train R² after 100 stages",
        r2(on_train, train.targets.view()),
        0.8359,
    )
    .tol(Tolerance::abs(6e-4))
    .assert();
}

#[test]
fn early_stopping_keeps_the_best_stage() {
    let (x, y) = wavy_case();
    let (x_train, y_train) = (x.slice(ndarray::s![..40, ..]), y.slice(ndarray::s![..40]));
    let (x_val, y_val) = (x.slice(ndarray::s![40.., ..]), y.slice(ndarray::s![40..]));
    let params = BoostingParams::new(200)
        .learning_rate(0.5)
        .tree(TreeParams::new().max_depth(3));
    let patience = 4;
    let got = call_ok!(gradient_boosting::fit_early_stopping(
        x_train, y_train, x_val, y_val, &params, patience
    ));
    // The doc's loop, on the grader's boosting.
    let full = boost(Way::Doc, x_train, y_train, &params);
    let losses: Vec<f64> = predict_with(&full, 0.5, x_val)
        .iter()
        .map(|f| mse(f, y_val))
        .collect();
    let (mut best, mut best_stages, mut fitted) = (f64::INFINITY, 0, 0);
    for (m, &loss) in losses.iter().enumerate() {
        fitted = m + 1;
        if loss < best {
            (best, best_stages) = (loss, m + 1);
        } else if m + 1 - best_stages >= patience {
            break;
        }
    }
    require(
        got.best_stages == best_stages && got.validation_losses.len() == fitted,
        || {
            let mut message = format!(
                "early stopping with patience {patience}: expected the best at {best_stages} stages and {fitted} stages fitted\n    got: best {} and {} validation losses",
                got.best_stages,
                got.validation_losses.len()
            );
            if got.validation_losses.len() == fitted + 1 {
                message.push_str("\n    likely mistake: one stage too many: stop as soon as `patience` stages in a row have not improved");
            } else if got.validation_losses.len() + 1 == fitted {
                message.push_str("\n    likely mistake: one stage too few: stop when `patience` stages (not patience − 1) have not improved");
            }
            message
        },
    );
    expect_array(
        "the validation losses",
        &Array1::from(got.validation_losses.clone()),
        &Array1::from(losses[..fitted].to_vec()),
    )
    .tol(Tolerance::rel(1e-9))
    .assert();
    require(got.model.trees.len() == best_stages, || {
        format!(
            "early stopping: the model must be cut back to its best {best_stages} stages, it has {} trees{}",
            got.model.trees.len(),
            if got.model.trees.len() == fitted {
                "\n    likely mistake: the trees after the best stage were kept: truncate to best_stages"
            } else {
                ""
            }
        )
    });
    let val = call_ok!(gradient_boosting::predict(&got.model, x_val));
    expect(
        "validation MSE of the returned model",
        mse(&val, y_val),
        best,
    )
    .tol(Tolerance::rel(1e-9))
    .assert();
}

#[test]
fn an_equal_validation_loss_is_not_an_improvement() {
    // Two rows fitted exactly by the first stump at η = 1: every later tree predicts 0,
    // so the validation loss stays equal. The first stage is the best; patience 3 stops
    // after stage 4.
    let x = array![[1.0], [2.0]];
    let y = array![0.0, 10.0];
    let params = BoostingParams::new(10)
        .learning_rate(1.0)
        .tree(TreeParams::new().max_depth(1));
    let x_val = array![[1.2], [1.9]];
    let y_val = array![1.0, 9.0];
    let got = call_ok!(gradient_boosting::fit_early_stopping(
        x.view(),
        y.view(),
        x_val.view(),
        y_val.view(),
        &params,
        3
    ));
    require(
        got.best_stages == 1 && got.validation_losses.len() == 4 && got.model.trees.len() == 1,
        || {
            let mut message = format!(
                "equal validation losses after stage 1, patience 3: expected best_stages 1, 4 losses, 1 tree; got best_stages {}, {} losses, {} trees",
                got.best_stages,
                got.validation_losses.len(),
                got.model.trees.len()
            );
            if got.validation_losses.len() == 10 || got.best_stages > 1 {
                message.push_str("\n    likely mistake: an equal loss counted as an improvement: only a strictly lower loss is");
            }
            message
        },
    );
}

#[test]
fn fit_checks_its_input_in_order() {
    let (x, y) = doc_case();
    let short = array![1.0, 2.0];
    for (bad, what) in [
        (BoostingParams::new(0), "n_stages 0"),
        (BoostingParams::new(3).learning_rate(0.0), "learning_rate 0"),
        (
            BoostingParams::new(3).learning_rate(1.5),
            "learning_rate 1.5",
        ),
        (BoostingParams::new(3).subsample(0.0), "subsample 0"),
        (BoostingParams::new(3).subsample(1.2), "subsample 1.2"),
        (
            BoostingParams::new(3).tree(TreeParams::new().min_samples_split(1)),
            "min_samples_split 1",
        ),
    ] {
        let wanted = bad.validate().unwrap_err();
        match call!(gradient_boosting::fit(x.view(), short.view(), &bad)) {
            Err(e) if e == wanted => {}
            other => fail(format!(
                "fit with {what} (and 6 rows for 2 targets): expected {wanted:?} (params.validate() comes first), got {}",
                other.map_or_else(|e| format!("{e:?}"), |_| "Ok".into())
            )),
        }
    }
    let params = BoostingParams::new(2);
    let mut bad_x = x.clone();
    bad_x[[3, 0]] = f64::NAN;
    let mut bad_y = y.clone();
    bad_y[1] = f64::INFINITY;
    for (xs, ys, wanted, why) in [
        (
            x.view(),
            short.view(),
            TreeError::LengthMismatch {
                rows: 6,
                targets: 2,
            },
            "one target per row",
        ),
        (
            Array2::zeros((0, 1)).view().to_owned().view(),
            Array1::zeros(0).view().to_owned().view(),
            TreeError::Empty,
            "no rows",
        ),
        (
            bad_x.view(),
            bad_y.view(),
            TreeError::NonFiniteFeature {
                row: 3,
                feature: 0,
                value: f64::NAN,
            },
            "a NaN feature is found before a non-finite target",
        ),
        (
            x.view(),
            bad_y.view(),
            TreeError::NonFiniteTarget {
                row: 1,
                value: f64::INFINITY,
            },
            "a non-finite target",
        ),
    ] {
        let got = call!(gradient_boosting::fit(xs, ys, &params));
        let same = match (&got, &wanted) {
            (
                Err(BoostingError::Tree(TreeError::NonFiniteFeature { row, feature, .. })),
                TreeError::NonFiniteFeature {
                    row: r, feature: f, ..
                },
            ) => row == r && feature == f,
            (Err(BoostingError::Tree(e)), w) => e == w,
            _ => false,
        };
        if !same {
            fail(format!(
                "fit: expected Tree({wanted:?}) ({why}), got {}",
                got.map_or_else(|e| format!("{e:?}"), |_| "Ok".into())
            ));
        }
    }
}

#[test]
fn early_stopping_checks_its_input_in_order() {
    let (x, y) = doc_case();
    let params = BoostingParams::new(3);
    let check = |what: &str,
                 result: Result<EarlyStopped, BoostingError>,
                 ok: &dyn Fn(&BoostingError) -> bool,
                 wanted: &str| {
        match result {
            Err(e) if ok(&e) => {}
            other => fail(format!(
                "fit_early_stopping with {what}: expected {wanted}, got {}",
                other.map_or_else(|e| format!("{e:?}"), |_| "Ok".into())
            )),
        }
    };
    let short = array![1.0];
    check(
        "6 rows for 2 targets, patience 0 and a bad validation set",
        call!(gradient_boosting::fit_early_stopping(
            x.view(),
            array![1.0, 2.0].view(),
            x.view(),
            short.view(),
            &params,
            0
        )),
        &|e| {
            matches!(
                e,
                BoostingError::Tree(TreeError::LengthMismatch {
                    rows: 6,
                    targets: 2
                })
            )
        },
        "Tree(LengthMismatch { rows: 6, targets: 2 }) (the training data as in fit, first)",
    );
    check(
        "patience 0 and 6 validation rows for 1 target",
        call!(gradient_boosting::fit_early_stopping(
            x.view(),
            y.view(),
            x.view(),
            short.view(),
            &params,
            0
        )),
        &|e| matches!(e, BoostingError::InvalidParams(_)),
        "InvalidParams (patience 0, checked before the validation set)",
    );
    check(
        "6 validation rows for 1 target",
        call!(gradient_boosting::fit_early_stopping(
            x.view(),
            y.view(),
            x.view(),
            short.view(),
            &params,
            2
        )),
        &|e| {
            *e == BoostingError::ValidationMismatch {
                rows: 6,
                targets: 1,
            }
        },
        "ValidationMismatch { rows: 6, targets: 1 }",
    );
    let no_rows = Array2::<f64>::zeros((0, 1));
    check(
        "0 validation rows for 1 target",
        call!(gradient_boosting::fit_early_stopping(
            x.view(),
            y.view(),
            no_rows.view(),
            short.view(),
            &params,
            2
        )),
        &|e| {
            *e == BoostingError::ValidationMismatch {
                rows: 0,
                targets: 1,
            }
        },
        "ValidationMismatch { rows: 0, targets: 1 } (checked before EmptyValidation)",
    );
    let none = Array2::<f64>::zeros((0, 3));
    check(
        "an empty validation set of the wrong width",
        call!(gradient_boosting::fit_early_stopping(
            x.view(),
            y.view(),
            none.view(),
            Array1::zeros(0).view(),
            &params,
            2
        )),
        &|e| *e == BoostingError::EmptyValidation,
        "EmptyValidation (checked before the width)",
    );
    let wide = Array2::<f64>::zeros((2, 3));
    check(
        "validation rows of 3 columns for 1 training column",
        call!(gradient_boosting::fit_early_stopping(
            x.view(),
            y.view(),
            wide.view(),
            array![1.0, 2.0].view(),
            &params,
            2
        )),
        &|e| {
            *e == BoostingError::Tree(TreeError::FeatureCount {
                expected: 1,
                got: 3,
            })
        },
        "Tree(FeatureCount { expected: 1, got: 3 })",
    );
}
