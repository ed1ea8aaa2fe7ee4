//! Validation and learning curves of decision trees on breast_cancer, from your
//! `overfitting` functions when attempted (the reference's otherwise), as a table and
//! two SVG plots, with the diagnosis of every point.
//!
//! Run: `cargo run -- compare overfitting` (or `cargo run --release --example overfitting`)

#[allow(unused_variables, dead_code)]
#[path = "../exercises/09_evaluation/overfitting.rs"]
mod learner;

use mlings::datasets;
use mlings::models::DecisionTreeClassifier;
use mlings::plot::{LineChart, Series, line_chart, output_path};
use mlings::prep::shuffle_rows;
use mlings::reference::overfitting as reference;
use mlings::report::{Run, Table, run_learner, show, show_plot, write_page};
use mlings::types::cross_validation::CvSettings;
use mlings::types::model::{Model, Scoring};
use mlings::types::overfitting::{CurveError, CurvePoint, FitThresholds};

const THRESHOLDS: FitThresholds = FitThresholds {
    good_score: 0.95,
    max_gap: 0.05,
};

/// The learner's curve if it ran, else the reference's, and whose it is.
fn pick(
    yours: Run<Result<Vec<CurvePoint>, CurveError>>,
    theirs: impl FnOnce() -> Result<Vec<CurvePoint>, CurveError>,
) -> (Vec<CurvePoint>, &'static str) {
    match yours {
        Run::Done(Ok(curve), _) => (curve, "yours"),
        Run::Done(Err(error), _) => {
            println!("your curve failed ({error}); showing the reference's");
            (
                theirs().expect("the reference computes the curve"),
                "reference",
            )
        }
        other => {
            println!(
                "your curve: {}; showing the reference's",
                other.cell(|_| String::new())
            );
            (
                theirs().expect("the reference computes the curve"),
                "reference",
            )
        }
    }
}

/// The reference's diagnosis of `point`, and yours.
fn diagnoses(point: &CurvePoint) -> [String; 2] {
    let yours = run_learner(|| learner::diagnose(point, &THRESHOLDS));
    let theirs = reference::diagnose(point, &THRESHOLDS);
    [format!("{theirs:?}"), yours.cell(|fit| format!("{fit:?}"))]
}

fn print_curve(title: &str, value_name: &str, curve: &[CurvePoint]) {
    let mut table = Table::new(&[
        value_name,
        "train",
        "validation",
        "gap",
        "diagnosis (reference)",
        "yours",
    ]);
    for point in curve {
        let mut row = vec![
            point.value.to_string(),
            format!("{:.3}", point.train),
            format!("{:.3}", point.validation),
            format!("{:+.3}", point.gap()),
        ];
        row.extend(diagnoses(point));
        table.row(row);
    }
    println!("{title}");
    show(
        &table,
        title,
        "Training accuracy climbs with capacity while validation accuracy levels off or \
         falls: a gap above the threshold is overfitting, a low training score underfitting.",
    );
}

fn plot(file: &str, chart: LineChart, look_for: &str) {
    show_plot(
        output_path(file).and_then(|path| line_chart(&path, &chart)),
        look_for,
    );
    println!();
}

fn lines(name: &str, curve: &[CurvePoint]) -> [Series; 2] {
    let points =
        |score: fn(&CurvePoint) -> f64| curve.iter().map(|p| (p.value, score(p))).collect();
    [
        Series::from_points(format!("{name} training"), points(|p| p.train)),
        Series::from_points(format!("{name} validation"), points(|p| p.validation)),
    ]
}

fn main() {
    mlings::report::require_optimized("overfitting");
    let data = datasets::breast_cancer();
    let folds = data.reference_folds().expect("bundled folds");
    let settings = CvSettings::new(Scoring::Accuracy);
    let (x, y) = (data.features.view(), data.targets.view());

    // Validation curve: tree depth 1 to 12.
    let depths: Vec<f64> = (1..=12).map(f64::from).collect();
    let tree = |depth: f64| -> Box<dyn Model> {
        Box::new(DecisionTreeClassifier::max_depth(depth as usize))
    };
    let yours = run_learner(|| learner::validation_curve(&tree, &depths, x, y, &folds, &settings));
    let (curve, whose) = pick(yours, || {
        reference::validation_curve(&tree, &depths, x, y, &folds, &settings)
    });
    print_curve(
        &format!("validation curve of a CART tree on breast_cancer, 5 folds ({whose})"),
        "max depth",
        &curve,
    );
    let best = run_learner(|| learner::best_point(&curve));
    let reference_best = reference::best_point(&curve).expect("a non-empty curve");
    println!(
        "best depth: yours {}, reference {} (validation {:.3}; scikit-learn's depth-3 tree: 0.919)",
        best.cell(|b| b
            .as_ref()
            .map_or_else(|e| e.to_string(), |p| p.value.to_string())),
        reference_best.value,
        reference_best.validation
    );
    plot(
        "validation_curve.svg",
        LineChart {
            title: "Validation curve: CART tree on breast_cancer".into(),
            x_label: "max depth".into(),
            y_label: "accuracy".into(),
            series: lines("tree", &curve).into(),
            log_y: false,
        },
        "Training accuracy rises to 1 with depth; validation accuracy peaks at a small depth, \
         then the gap opens: the deeper trees memorise.",
    );

    // Learning curves: a deep tree (overfits) and a stump-like tree (underfits).
    // The learning curve trains on the first rows: put them in a seeded random order.
    let (shuffled_data, shuffled_folds) =
        shuffle_rows(&data, &folds, 1).expect("bundled folds fit");
    let (xs, ys) = (shuffled_data.features.view(), shuffled_data.targets.view());
    let sizes = [15, 30, 60, 120, 240, 450];
    let mut series = Vec::new();
    for (name, model) in [
        ("unlimited tree", DecisionTreeClassifier::unlimited()),
        ("depth-1 tree", DecisionTreeClassifier::max_depth(1)),
    ] {
        let yours = run_learner(|| {
            learner::learning_curve(&model, &sizes, xs, ys, &shuffled_folds, &settings)
        });
        let (curve, whose) = pick(yours, || {
            reference::learning_curve(&model, &sizes, xs, ys, &shuffled_folds, &settings)
        });
        print_curve(
            &format!("learning curve of the {name} ({whose})"),
            "training rows",
            &curve,
        );
        series.extend(lines(name, &curve));
    }
    plot(
        "learning_curve.svg",
        LineChart {
            title: "Learning curves on breast_cancer: memorising vs too simple".into(),
            x_label: "training rows".into(),
            y_label: "accuracy".into(),
            series,
            log_y: false,
        },
        "The unlimited tree keeps a training score of 1 and a gap that closes slowly as rows \
         are added (overfitting); the depth-1 tree's two curves meet low (underfitting).",
    );
    println!(
        "Diagnosis thresholds: a training score below {} underfits, a gap above {} overfits.",
        THRESHOLDS.good_score, THRESHOLDS.max_gap
    );
    write_page("Validation and learning curves");
}
