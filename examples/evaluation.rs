//! Cross-validated scores of the course's models on the bundled datasets, from your
//! `cross_validate` and from the reference, beside scikit-learn's published 5-fold
//! figures on the very same folds (datasets/README.md).
//!
//! Run: `cargo run --release --example evaluation`

#[allow(unused_variables, dead_code)]
#[path = "../exercises/06_evaluation/cross_validation.rs"]
mod learner;

use mlings::datasets::{self, Dataset};
use mlings::models::{
    CartTree, LinfaDecisionTree, LinfaLinearRegression, LinfaLogisticRegression, MajorityClass,
    MeanPredictor, NeuralNetwork,
};
use mlings::reference::cross_validation as reference;
use mlings::report::{Run, Table, run_learner, seconds, timed};
use mlings::types::cross_validation::{CvError, CvScores, CvSettings, Folds};
use mlings::types::model::{Model, Scoring};
use mlings::types::neural_network::TrainParams;

/// A model to cross-validate, how, and scikit-learn's 5-fold mean accuracy for it on
/// iris, wine and breast_cancer, where published.
struct Entry {
    model: Box<dyn Model>,
    settings: CvSettings,
    published: Option<[f64; 3]>,
}

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
    vec![
        Entry {
            model: Box::new(MajorityClass),
            settings: raw,
            published: None,
        },
        Entry {
            model: Box::new(CartTree::unlimited()),
            settings: raw,
            published: tree_unlimited,
        },
        Entry {
            model: Box::new(CartTree::max_depth(3)),
            settings: raw,
            published: tree_depth_3,
        },
        Entry {
            model: Box::new(LinfaDecisionTree::unlimited()),
            settings: raw,
            published: tree_unlimited,
        },
        Entry {
            model: Box::new(LinfaDecisionTree::max_depth(3)),
            settings: raw,
            published: tree_depth_3,
        },
        Entry {
            model: Box::new(LinfaLogisticRegression::default()),
            settings: standardized,
            published: None,
        },
        Entry {
            model: Box::new(NeuralNetwork { params: network }),
            settings: standardized,
            published: None,
        },
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

fn main() {
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
    print!("{table}");
    println!(
        "\nscikit-learn 1.9.1 figures: datasets/README.md (same rows, same folds). The CART tree \
         breaks ties between equally good splits by a fixed rule, scikit-learn by a random \
         feature order, so they differ by a few rows. linfa's tree counts classes in a \
         HashMap: run this twice and its depth-3 scores can change.\n\
         Timings come from one run on a shared machine: compare ratios, not absolute times."
    );
}
