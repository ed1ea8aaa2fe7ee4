//! Cross-validated scores of the course's models on the bundled datasets, from your
//! `cross_validate` and from the reference, beside scikit-learn's published 5-fold
//! figures on the very same folds (datasets/README.md); then the reference models'
//! test scores on scikit-learn's holdout split, beside its published holdout figures.
//!
//! Run: `cargo run -- compare cross_validation` (or `cargo run --release --example
//! evaluation`)

#[allow(unused_variables, dead_code)]
#[path = "../exercises/09_evaluation/cross_validation.rs"]
mod learner;

use mlings::datasets::{self, Dataset};
use mlings::models::{
    DecisionTreeClassifier, LinfaDecisionTree, LinfaLinearRegression, LinfaLogisticRegression,
    LogisticRegression, MajorityClass, MeanPredictor, NeuralNetwork, RandomForest, Ridge,
};
use mlings::reference::cross_validation as reference;
use mlings::report::{Run, Table, run_learner, seconds, show, timed, write_page};
use mlings::types::cross_validation::{CvError, CvScores, CvSettings, Folds};
use mlings::types::model::{Model, Scoring};
use mlings::types::neural_network::TrainParams;
use mlings::types::random_forest::ForestParams;

/// A model to cross-validate, how, and scikit-learn's 5-fold mean accuracy for it on
/// iris, wine and breast_cancer, where published.
struct Entry {
    model: Box<dyn Model>,
    settings: CvSettings,
    published: Option<[f64; 3]>,
}

/// scikit-learn's `RandomForestClassifier()` defaults: 100 trees, bootstrap, √p
/// features per split.
fn forest() -> RandomForest {
    RandomForest {
        params: ForestParams::new(100).seed(0),
    }
}

/// The classifiers to cross-validate (the reference logistic regression with
/// scikit-learn's default C = 1, fitted by Newton's method).
fn classifiers() -> Vec<Entry> {
    let raw = CvSettings::new(Scoring::Accuracy);
    let standardized = raw.standardized();
    let tree_unlimited = Some([0.953, 0.865, 0.917]);
    let tree_depth_3 = Some([0.973, 0.871, 0.919]);
    let network = TrainParams::new(16)
        .learning_rate(0.1)
        .epochs(200)
        .batch_size(16)
        .seed(0);
    let entry = |model: Box<dyn Model>, settings, published| Entry {
        model,
        settings,
        published,
    };
    vec![
        entry(Box::new(MajorityClass), raw, None),
        entry(
            Box::new(DecisionTreeClassifier::unlimited()),
            raw,
            tree_unlimited,
        ),
        entry(
            Box::new(DecisionTreeClassifier::max_depth(3)),
            raw,
            tree_depth_3,
        ),
        entry(
            Box::new(LinfaDecisionTree::unlimited()),
            raw,
            tree_unlimited,
        ),
        entry(Box::new(LinfaDecisionTree::max_depth(3)), raw, tree_depth_3),
        entry(Box::new(forest()), raw, Some([0.967, 0.972, 0.956])),
        entry(Box::new(LogisticRegression::new(1.0)), standardized, None),
        entry(
            Box::<LinfaLogisticRegression>::default(),
            standardized,
            None,
        ),
        entry(
            Box::new(NeuralNetwork { params: network }),
            standardized,
            None,
        ),
    ]
}

fn mean_and_spread(scores: &CvScores) -> String {
    format!(
        "{:.3} ± {:.3}",
        scores.mean_validation(),
        scores.std_validation()
    )
}

fn learner_cell(run: &Run<Result<CvScores, CvError>>) -> String {
    run.cell(|result| match result {
        Ok(scores) => format!("{:.3}", scores.mean_validation()),
        Err(error) => format!("error: {error}"),
    })
}

/// Your time over the reference's, when both ran.
fn ratio(run: &Run<Result<CvScores, CvError>>, reference: std::time::Duration) -> String {
    match run {
        Run::Done(Ok(_), time) => format!("{:.2}x", time.as_secs_f64() / reference.as_secs_f64()),
        _ => "-".into(),
    }
}

fn evaluate(table: &mut Table, data: &Dataset, folds: &Folds, entry: &Entry, published: String) {
    let (x, y) = (data.features.view(), data.targets.view());
    let yours =
        run_learner(|| learner::cross_validate(entry.model.as_ref(), x, y, folds, &entry.settings));
    let (theirs, time) =
        timed(|| reference::cross_validate(entry.model.as_ref(), x, y, folds, &entry.settings));
    let preprocessing = if entry.settings.standardize {
        "standardized"
    } else {
        "raw"
    };
    table.row(vec![
        data.name.clone(),
        format!("{} ({preprocessing})", entry.model.name()),
        learner_cell(&yours),
        theirs
            .as_ref()
            .map_or_else(|e| format!("error: {e}"), mean_and_spread),
        published,
        seconds(time),
        ratio(&yours, time),
    ]);
}

/// Adds `model`'s test score on the holdout split of `data` (scikit-learn's 80 % / 20 %
/// reference split) to `table`, beside scikit-learn's `published` figure.
fn holdout_row(
    table: &mut Table,
    data: &Dataset,
    model: &dyn Model,
    settings: CvSettings,
    published: &str,
) {
    let split = data
        .reference_split()
        .expect("every bundled set has a split");
    let (train, test) = data.split(&split).expect("the split fits the data");
    let score = reference::fit_and_score(
        model,
        train.features.view(),
        train.targets.view(),
        test.features.view(),
        test.targets.view(),
        &settings,
    );
    table.row(vec![
        data.name.clone(),
        model.name(),
        score.map_or_else(
            |e| format!("error: {e}"),
            |s| format!("{:.4}", s.validation),
        ),
        published.into(),
    ]);
}

/// Holdout test scores beside scikit-learn's published holdout figures: the only
/// published figures for the linear models.
fn holdout_table() -> Table {
    let mut table = Table::new(&["dataset", "model", "reference", "scikit-learn"]);
    let accuracy = CvSettings::new(Scoring::Accuracy);
    let forest = forest();
    for (data, published) in [
        (datasets::iris(), ["0.933", "0.967", "0.900"]),
        (datasets::wine(), ["0.944", "0.944", "1.000"]),
        (datasets::breast_cancer(), ["0.912", "0.939", "0.956"]),
    ] {
        let unlimited = DecisionTreeClassifier::unlimited();
        holdout_row(&mut table, &data, &unlimited, accuracy, published[0]);
        let depth_3 = DecisionTreeClassifier::max_depth(3);
        holdout_row(&mut table, &data, &depth_3, accuracy, published[1]);
        holdout_row(&mut table, &data, &forest, accuracy, published[2]);
    }
    let cancer = datasets::breast_cancer();
    holdout_row(&mut table, &cancer, &MajorityClass, accuracy, "0.632");
    let logistic = LogisticRegression::new(1.0);
    holdout_row(
        &mut table,
        &cancer,
        &logistic,
        accuracy.standardized(),
        "0.982",
    );
    let diabetes = datasets::diabetes();
    let r2 = CvSettings::new(Scoring::R2).standardized();
    holdout_row(&mut table, &diabetes, &Ridge { alpha: 0.0 }, r2, "0.4526");
    holdout_row(&mut table, &diabetes, &Ridge { alpha: 1.0 }, r2, "0.4541");
    table
}

fn main() {
    mlings::report::require_optimized("cross_validation");
    let mut table = Table::new(&[
        "dataset",
        "model",
        "yours",
        "reference (mean ± std)",
        "scikit-learn",
        "reference time",
        "your time / reference",
    ]);
    let classification = [
        datasets::iris(),
        datasets::wine(),
        datasets::breast_cancer(),
    ];
    for (d, data) in classification.iter().enumerate() {
        let folds = data
            .reference_folds()
            .expect("the classification sets have bundled folds");
        for entry in classifiers() {
            let published = entry
                .published
                .map_or_else(|| "-".into(), |p| format!("{:.3}", p[d]));
            evaluate(&mut table, data, &folds, &entry, published);
        }
    }
    // Diabetes has no bundled folds: 5 shuffled folds, scored by R².
    let diabetes = datasets::diabetes();
    let folds = reference::k_fold(diabetes.n_samples(), 5, Some(0)).expect("5 <= 442 rows");
    for model in [
        Box::new(MeanPredictor) as Box<dyn Model>,
        Box::new(Ridge { alpha: 0.0 }),
        Box::new(Ridge { alpha: 1.0 }),
        Box::new(LinfaLinearRegression),
    ] {
        let entry = Entry {
            model,
            settings: CvSettings::new(Scoring::R2).standardized(),
            published: None,
        };
        evaluate(&mut table, &diabetes, &folds, &entry, "-".into());
    }
    println!(
        "5-fold cross-validated accuracy (R² for diabetes), on scikit-learn's stratified folds\n"
    );
    show(
        &table,
        "5-fold cross-validation on scikit-learn's folds",
        "The reference models' scores should be within a few rows of scikit-learn's; the \
         mean predictor scores R² near 0 on diabetes, the floor every model must beat.",
    );
    println!(
        "\nscikit-learn 1.9.1 figures: datasets/README.md (same rows, same folds). The reference tree \
         breaks ties between equally good splits by a fixed rule, scikit-learn by a random \
         feature order, so they differ by a few rows. linfa's tree counts classes in a \
         HashMap: run this twice and its depth-3 scores can change.\n\
         Timings come from one run on a shared machine: compare ratios, not absolute times."
    );
    println!(
        "\nTest score on scikit-learn's holdout split (accuracy; R² for diabetes), features \
         standardized on the training rows for the linear models\n"
    );
    show(
        &holdout_table(),
        "test score on scikit-learn's holdout split",
        "One split's score moves by a few points with the split: compare it with the \
         cross-validated mean above, not with another single split.",
    );
    write_page("Model evaluation: cross-validation and holdout scores");
}
