//! Your trees and forests beside the reference solutions and linfa: accuracy, depth,
//! leaves, out-of-bag scores and fit times on the bundled reference splits; gradient
//! boosting stage by stage on diabetes, beside scikit-learn's figures; the cost of
//! drawing features once per tree instead of at every split; speed on 100 000 rows;
//! histogram boosting beside the exact booster and scikit-learn (accuracy, learning
//! curves, a speed race; `--hist-csv PATH`, `--write-csv PATH`, `--hist-only`); and
//! SVG plots (decision regions on iris petals, feature importances on breast_cancer).
//!
//! Run: `cargo run -- compare decision_tree` (or `cargo run --release --example trees`;
//! `-- --full` for the speed test on 100 000 rows that scikit-learn's figures are for,
//! `-- --full-linfa` to grow all 100 of linfa-ensemble's trees there too, which takes
//! the better part of an hour).

#[allow(unused_variables, dead_code)]
#[path = "../exercises/08_trees/impurity.rs"]
mod impurity;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/08_trees/best_split.rs"]
mod best_split;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/08_trees/decision_tree.rs"]
mod decision_tree;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/08_trees/regression_tree.rs"]
mod regression_tree;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/08_trees/bagging.rs"]
mod bagging;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/08_trees/random_forest.rs"]
mod random_forest;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/08_trees/gradient_boosting.rs"]
mod gradient_boosting;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/08_trees/boosted_classifier.rs"]
mod boosted_classifier;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/08_trees/histogram_boosting.rs"]
mod histogram_boosting;

#[path = "trees/accuracy.rs"]
mod accuracy;
#[path = "trees/boosted_classifier.rs"]
mod boosted_classification;
#[path = "trees/boosting.rs"]
mod boosting;
#[path = "trees/histogram_boosting.rs"]
mod hist_boosting;
#[path = "trees/plots.rs"]
mod plots;
#[path = "trees/progress.rs"]
mod progress;
#[path = "trees/speed.rs"]
mod speed;

use ndarray::Array1;

/// The share of `predicted` labels equal to `truth`.
fn accuracy(predicted: &Array1<usize>, truth: &Array1<usize>) -> f64 {
    let correct = predicted.iter().zip(truth).filter(|(p, t)| p == t).count();
    correct as f64 / truth.len().max(1) as f64
}

fn main() {
    mlings::report::require_optimized("decision_tree");
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--hist-only") {
        return hist_boosting::race(&args);
    }
    accuracy::splits_and_impurity();
    accuracy::trees_on_reference_splits();
    accuracy::regression_on_diabetes();
    accuracy::ensembles_on_reference_splits();
    accuracy::per_split_versus_per_tree();
    boosting::on_diabetes();
    boosted_classification::on_breast_cancer();
    hist_boosting::on_breast_cancer();
    plots::draw_all();
    speed::compare(&speed::Options::from_args(&args));
    hist_boosting::race(&args);
    mlings::report::write_page("Trees and forests: yours, the reference, linfa");
}
