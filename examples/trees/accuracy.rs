//! Quality side by side: yours, the reference, linfa, and scikit-learn's published
//! figures on the same rows.

use std::fmt::Display;
use std::time::Duration;

use linfa::prelude::{Fit, Predict};
use linfa_ensemble::RandomForestParams;
use mlings::datasets::{self, Dataset};
use mlings::prep::{LabelledSplit, rng};
use mlings::reference;
use mlings::report::{Table, run_learner, seconds, timed};
use mlings::types::bagging::{BaggingParams, Ensemble, tree_rng};
use mlings::types::decision_tree::TreeParams;
use mlings::types::impurity::Criterion;
use mlings::types::random_forest::{ForestParams, MaxFeatures};
use ndarray::Array1;

use crate::{
    accuracy, bagging, best_split, decision_tree, impurity, random_forest, regression_tree,
};

/// The reference split of a bundled classification dataset, with labels.
pub fn reference_parts(data: &Dataset) -> LabelledSplit {
    LabelledSplit::reference(data).expect("bundled classification datasets have a reference split")
}

fn classification_sets() -> [Dataset; 3] {
    [
        datasets::iris(),
        datasets::wine(),
        datasets::breast_cancer(),
    ]
}

fn number(value: f64) -> String {
    format!("{value:.4}")
}

pub fn splits_and_impurity() {
    println!("== impurity and the best split of each iris feature\n");
    let iris = datasets::iris();
    let labels = iris.class_labels().expect("iris has class labels");
    let counts = [50, 50, 50];
    let mut table = Table::new(&["quantity", "yours", "reference"]);
    for (name, criterion) in [("Gini", Criterion::Gini), ("entropy", Criterion::Entropy)] {
        let yours = run_learner(|| impurity::impurity(&counts, criterion));
        let theirs = reference::impurity::impurity(&counts, criterion);
        let show = |r: &Result<f64, _>| r.as_ref().map_or_else(|e| format!("{e}"), |v| number(*v));
        table.row(vec![
            format!("{name} of iris [50, 50, 50]"),
            yours.cell(show),
            show(&theirs),
        ]);
    }
    for (j, name) in iris.feature_names.iter().enumerate() {
        let x = iris.features.column(j);
        let show = |r: &Result<Option<_>, _>| match r {
            Ok(Some(s)) => {
                let s: &mlings::types::best_split::Split = s;
                format!(
                    "<= {:.2} (decrease {:.4})",
                    s.threshold, s.impurity_decrease
                )
            }
            Ok(None) => "no split".into(),
            Err(e) => format!("error: {e}"),
        };
        let yours = run_learner(|| best_split::best_split(x, labels.view(), 3, Criterion::Gini, 1));
        let theirs = reference::best_split::best_split(x, labels.view(), 3, Criterion::Gini, 1);
        table.row(vec![
            format!("best split of {name}"),
            yours.cell(show),
            show(&theirs),
        ]);
    }
    mlings::report::show(
        &table,
        "impurity and the best split of each iris feature",
        "Yours should equal the reference to the last digit: petal length and petal width tie \
         for the best first split (each isolates setosa).",
    );
}

/// "accuracy (depth, leaves, fit time)" of a fitted tree, or why there is none;
/// `score` gives the test accuracy, depth and leaves.
fn tree_cell<T, E: Display>(
    fitted: Result<T, E>,
    time: Duration,
    score: impl Fn(&T) -> Option<(f64, usize, usize)>,
) -> String {
    match fitted.as_ref().map(score) {
        Ok(Some((a, depth, leaves))) => format!("{a:.3} ({depth}, {leaves}, {})", seconds(time)),
        Ok(None) => "predict failed".into(),
        Err(e) => format!("error: {e}"),
    }
}

pub fn trees_on_reference_splits() {
    println!(
        "== decision trees on the reference splits: test accuracy (depth, leaves, fit time)\n"
    );
    let mut table = Table::new(&[
        "dataset",
        "max depth",
        "yours",
        "reference",
        "linfa-trees",
        "scikit-learn",
    ]);
    // scikit-learn's test accuracy with max depth 3, and unlimited.
    let published = [(0.967, 0.933), (0.944, 0.944), (0.939, 0.912)];
    for (data, (sk_depth_3, sk_unlimited)) in classification_sets().iter().zip(published) {
        let parts = reference_parts(data);
        let (x, y) = (parts.train.features.view(), parts.y_train.view());
        let test = parts.test.features.view();
        for (max_depth, sklearn) in [(Some(3), sk_depth_3), (None, sk_unlimited)] {
            let params = max_depth.map_or(TreeParams::new(), |d| TreeParams::new().max_depth(d));
            let yours = run_learner(|| {
                let (tree, time) = timed(|| decision_tree::fit(x, y, &params));
                tree_cell(tree, time, |t| {
                    let predicted = decision_tree::predict(t, test).ok()?;
                    Some((
                        accuracy(&predicted, &parts.y_test),
                        decision_tree::depth(t),
                        decision_tree::n_leaves(t),
                    ))
                })
            });
            let (tree, time) = timed(|| reference::decision_tree::fit(x, y, &params));
            let theirs = tree_cell(tree, time, |t| {
                let predicted = reference::decision_tree::predict(t, test).ok()?;
                let (depth, leaves) = (
                    reference::decision_tree::depth(t),
                    reference::decision_tree::n_leaves(t),
                );
                Some((accuracy(&predicted, &parts.y_test), depth, leaves))
            });
            let linfa_dataset =
                linfa::Dataset::new(parts.train.features.clone(), parts.y_train.clone());
            let (tree, time) = timed(|| {
                linfa_trees::DecisionTree::params()
                    .max_depth(max_depth)
                    .fit(&linfa_dataset)
            });
            let linfa = tree_cell(tree, time, |t| {
                let predicted = t.predict(&parts.test.features);
                Some((
                    accuracy(&predicted, &parts.y_test),
                    t.max_depth(),
                    t.num_leaves(),
                ))
            });
            table.row(vec![
                data.name.clone(),
                max_depth.map_or("none".into(), |d| d.to_string()),
                yours.cell(String::clone),
                theirs,
                linfa,
                format!("{sklearn:.3}"),
            ]);
        }
    }
    mlings::report::show(
        &table,
        "decision trees: test accuracy (depth, leaves, fit time)",
        "Depth and leaves should match the reference's (scikit-learn's accuracy is in the last \
         column); an unlimited tree is rarely better on the test rows than a depth-3 one.",
    );
}

pub fn regression_on_diabetes() {
    println!("== regression trees on diabetes: test R² (1 is perfect, 0 is the mean predictor)\n");
    let diabetes = datasets::diabetes();
    let split = diabetes
        .reference_split()
        .expect("diabetes has a reference split");
    let (train, test) = diabetes.split(&split).expect("the split fits the data");
    let mean = train.targets.mean().unwrap_or(0.0);
    let total: f64 = test.targets.iter().map(|t| (t - mean).powi(2)).sum();
    let r2 = |predicted: &Array1<f64>| {
        let residual: f64 = predicted
            .iter()
            .zip(&test.targets)
            .map(|(p, t)| (t - p).powi(2))
            .sum();
        format!("{:.3}", 1.0 - residual / total)
    };
    let mut table = Table::new(&["max depth", "yours", "reference"]);
    for max_depth in [Some(2), Some(3), Some(5), None] {
        let params = max_depth.map_or(TreeParams::new(), |d| TreeParams::new().max_depth(d));
        let (x, y) = (train.features.view(), train.targets.view());
        let yours = run_learner(|| {
            regression_tree::fit(x, y, &params)
                .and_then(|t| regression_tree::predict(&t, test.features.view()))
        });
        let theirs = reference::regression_tree::fit(x, y, &params)
            .and_then(|t| reference::regression_tree::predict(&t, test.features.view()));
        let show =
            |r: &Result<Array1<f64>, _>| r.as_ref().map_or_else(|e| format!("error: {e}"), r2);
        table.row(vec![
            max_depth.map_or("none".into(), |d| d.to_string()),
            yours.cell(show),
            show(&theirs),
        ]);
    }
    mlings::report::show(
        &table,
        "regression trees on diabetes: test R²",
        "R² peaks at a small depth and falls below 0 unlimited (worse than predicting the \
         mean): least squares on standardized features reaches 0.453.",
    );
    println!("(least squares on standardized features: 0.453)\n");
}

/// Test accuracy of an ensemble through the supplied vote.
fn ensemble_accuracy(ensemble: &Ensemble, parts: &LabelledSplit) -> Option<f64> {
    reference::bagging::predict(ensemble, parts.test.features.view())
        .ok()
        .map(|p| accuracy(&p, &parts.y_test))
}

pub fn ensembles_on_reference_splits() {
    println!("== 100 trees on the reference splits: test accuracy (out-of-bag score)\n");
    let mut table = Table::new(&[
        "dataset",
        "bagging: yours",
        "reference",
        "forest: yours",
        "reference",
        "linfa-ensemble",
        "scikit-learn forest",
    ]);
    let published = [(0.900, 0.942), (1.000, 0.979), (0.956, 0.954)];
    for (data, (sk_test, sk_oob)) in classification_sets().iter().zip(published) {
        let parts = reference_parts(data);
        let (x, y) = (parts.train.features.view(), parts.y_train.view());
        let bagging_params = BaggingParams::new(100);
        let forest_params = ForestParams::new(100);
        let plain = |e: &Result<Ensemble, _>| match e {
            Ok(e) => {
                ensemble_accuracy(e, &parts).map_or("predict failed".into(), |a| format!("{a:.3}"))
            }
            Err(error) => format!("error: {error}"),
        };
        let yours_bagged = run_learner(|| bagging::fit(x, y, &bagging_params));
        let theirs_bagged = reference::bagging::fit(x, y, &bagging_params);
        let with_oob = |e: &Result<Ensemble, _>, oob: Option<f64>| {
            let oob = oob.map_or(String::new(), |o| format!(" ({o:.3})"));
            format!("{}{oob}", plain(e))
        };
        let yours_forest = run_learner(|| {
            let forest = random_forest::fit(x, y, &forest_params);
            let oob = forest
                .as_ref()
                .ok()
                .and_then(|f| random_forest::oob_score(f, x, y).ok());
            with_oob(&forest, oob)
        });
        let theirs_forest = reference::random_forest::fit(x, y, &forest_params);
        let theirs_oob = theirs_forest
            .as_ref()
            .ok()
            .and_then(|f| reference::random_forest::oob_score(f, x, y).ok());
        table.row(vec![
            data.name.clone(),
            yours_bagged.cell(plain),
            plain(&theirs_bagged),
            yours_forest.cell(String::clone),
            with_oob(&theirs_forest, theirs_oob),
            linfa_forest_accuracy(&parts, 100).map_or_else(|e| e, |a| format!("{a:.3}")),
            format!("{sk_test:.3} ({sk_oob:.3})"),
        ]);
    }
    mlings::report::show(
        &table,
        "100 trees: test accuracy (out-of-bag score)",
        "Your bagging and forest should match the reference exactly (same seeds); the \
         out-of-bag score estimates the test accuracy without touching the test rows.",
    );
    println!(
        "linfa-ensemble has no out-of-bag score; its forest draws one feature subset per tree.\n"
    );
}

/// Test accuracy of linfa-ensemble's random forest (√p of p features per tree, seeded).
pub fn linfa_forest_accuracy(parts: &LabelledSplit, n_trees: usize) -> Result<f64, String> {
    let p = parts.train.n_features();
    let dataset = linfa::Dataset::new(parts.train.features.clone(), parts.y_train.clone());
    let share = MaxFeatures::Sqrt.count(p) as f64 / p as f64;
    RandomForestParams::new_fixed_rng(linfa_trees::DecisionTree::params(), rng(0))
        .ensemble_size(n_trees)
        .bootstrap_proportion(1.0)
        .feature_proportion(share)
        .fit(&dataset)
        .map(|forest| accuracy(&forest.predict(&parts.test.features), &parts.y_test))
        .map_err(|e| format!("error: {e}"))
}

/// The reference forest, except that each tree draws its √p features once and keeps
/// them for every split (as linfa-ensemble does).
fn forest_with_one_subset_per_tree(parts: &LabelledSplit, n_trees: usize) -> Option<Ensemble> {
    let (x, y) = (parts.train.features.view(), parts.y_train.view());
    let (n, p) = x.dim();
    let k = MaxFeatures::Sqrt.count(p);
    let n_classes = parts.y_train.iter().max()? + 1;
    let mut ensemble = Ensemble {
        trees: Vec::new(),
        out_of_bag: Vec::new(),
        n_classes,
        n_features: p,
    };
    for t in 0..n_trees {
        let mut generator = tree_rng(0, t);
        let rows = reference::bagging::bootstrap_sample(n, &mut generator);
        let subset = reference::random_forest::sample_features(p, k, &mut generator);
        let tree =
            reference::decision_tree::grow(x, y, &rows, n_classes, &TreeParams::new(), &mut |_| {
                subset.clone()
            })
            .ok()?;
        ensemble.trees.push(tree);
        ensemble
            .out_of_bag
            .push(reference::bagging::out_of_bag(n, &rows));
    }
    Some(ensemble)
}

pub fn per_split_versus_per_tree() {
    println!(
        "== features drawn at every split (Breiman) or once per tree (linfa-ensemble): test accuracy\n"
    );
    let mut table = Table::new(&[
        "dataset",
        "√p per split",
        "√p per tree",
        "linfa-ensemble",
        "all features (bagging)",
    ]);
    for data in classification_sets() {
        let parts = reference_parts(&data);
        let (x, y) = (parts.train.features.view(), parts.y_train.view());
        let show = |a: Option<f64>| a.map_or("failed".into(), |a| format!("{a:.3}"));
        let per_split = reference::random_forest::fit(x, y, &ForestParams::new(100)).ok();
        let bagged = reference::bagging::fit(x, y, &BaggingParams::new(100)).ok();
        table.row(vec![
            data.name.clone(),
            show(
                per_split
                    .as_ref()
                    .and_then(|f| ensemble_accuracy(f, &parts)),
            ),
            show(
                forest_with_one_subset_per_tree(&parts, 100)
                    .and_then(|f| ensemble_accuracy(&f, &parts)),
            ),
            linfa_forest_accuracy(&parts, 100).map_or_else(|e| e, |a| format!("{a:.3}")),
            show(bagged.as_ref().and_then(|f| ensemble_accuracy(f, &parts))),
        ]);
    }
    mlings::report::show(
        &table,
        "features drawn at every split or once per tree",
        "Drawing √p features at every split is never worse than drawing them once per tree, \
         and usually better.",
    );
    println!(
        "A tree held to √p features for life cannot use the strong ones it did not draw;\n\
         drawing at every split decorrelates the trees without crippling any of them.\n"
    );
}
