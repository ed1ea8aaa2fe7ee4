//! ROC curve, AUC and average precision of breast_cancer's logistic regression: yours
//! beside the reference, linfa's ROC and scikit-learn's published figures; the threshold
//! that catches 95% and 100% of the malignant tumours; times on 100 000 rows; and the
//! ROC curve as an SVG plot.

use std::error::Error;
use std::path::PathBuf;

use linfa::prelude::BinaryClassification;
use mlings::datasets;
use mlings::plot::{LineChart, PlotError, Series, line_chart, output_path};
use mlings::prep::StandardizedSplit;
use mlings::reference::{logistic_regression, roc_auc as reference};
use mlings::report::{Run, Table, best_of, run_learner, seconds, show, show_plot};
use mlings::types::logistic_regression::LogisticParams;
use mlings::types::roc_auc::{RecallThreshold, RocCurve, RocError};
use ndarray::Array1;
use rand::Rng as _;

use crate::learner_roc_auc as yours;

/// scikit-learn 1.9.1 on the 114 test rows (datasets/README.md).
const SKLEARN_AUC: f64 = 0.99537;
const SKLEARN_AP: f64 = 0.99707;
const SKLEARN_AP_MALIGNANT: f64 = 0.99405;
const SKLEARN_POINTS: usize = 115;

/// Everything the example shows, for the reference logistic regression fitted as in the
/// logistic row (gradient descent, η = 1, 1 000 steps, λ = 1/n).
pub fn compare(params: &LogisticParams) -> Result<(), Box<dyn Error>> {
    let split = StandardizedSplit::reference(&datasets::breast_cancer())?;
    let (y_train, y_test) = split.class_labels()?;
    let model = logistic_regression::fit(split.x_train.view(), y_train.view(), params)?;
    let benign = logistic_regression::predict_proba(&model, split.x_test.view())?;
    // Malignant as the positive class: labels 1 − y, scored by P(malignant).
    let (y_malignant, malignant) = (y_test.mapv(|l| 1 - l), benign.mapv(|p| 1.0 - p));
    println!(
        "\nranking metrics of the reference logistic regression on breast_cancer's 114 test \
         rows, scored by P(benign) (benign positive) or P(malignant) (malignant positive)\n"
    );
    let (y, s) = (y_test.view(), benign.view());
    let (ym, sm) = (y_malignant.view(), malignant.view());
    let cell = |run: Run<Result<f64, RocError>>| run.ok_cell(|v| format!("{v:.5}"));
    let value = |r: Result<f64, RocError>| r.map_or_else(|e| e.to_string(), |v| format!("{v:.5}"));
    let points = |r: &Result<RocCurve, RocError>| {
        r.as_ref()
            .map_or_else(|e| e.to_string(), |c| c.thresholds.len().to_string())
    };
    let your_curve = run_learner(|| yours::roc_curve(y, s));
    let reference_curve = reference::roc_curve(y, s);
    let linfa_roc = linfa_roc(y_test.as_slice().unwrap_or(&[]), &benign);
    let mut table = Table::new(&["metric", "yours", "reference", "linfa", "scikit-learn"]);
    table.row(vec![
        "ROC points (none dropped)".into(),
        your_curve.cell(points),
        points(&reference_curve),
        linfa_roc
            .as_ref()
            .map_or("-".into(), |(_, n)| n.to_string()),
        SKLEARN_POINTS.to_string(),
    ]);
    table.row(vec![
        "ROC AUC, trapezoids".into(),
        cell(run_learner(|| yours::roc_auc(y, s))),
        value(reference::roc_auc(y, s)),
        linfa_roc
            .as_ref()
            .map_or("-".into(), |(auc, _)| format!("{auc:.5}")),
        format!("{SKLEARN_AUC:.5}"),
    ]);
    table.row(vec![
        "ROC AUC, ranks".into(),
        cell(run_learner(|| yours::rank_auc(y, s))),
        value(reference::rank_auc(y, s)),
        "-".into(),
        format!("{SKLEARN_AUC:.5}"),
    ]);
    table.row(vec![
        "average precision, benign".into(),
        cell(run_learner(|| yours::average_precision(y, s))),
        value(reference::average_precision(y, s)),
        "-".into(),
        format!("{SKLEARN_AP:.5}"),
    ]);
    table.row(vec![
        "average precision, malignant".into(),
        cell(run_learner(|| yours::average_precision(ym, sm))),
        value(reference::average_precision(ym, sm)),
        "-".into(),
        format!("{SKLEARN_AP_MALIGNANT:.5}"),
    ]);
    let choice = |r: &Result<RecallThreshold, RocError>| {
        r.as_ref().map_or_else(
            |e| e.to_string(),
            |c| {
                format!(
                    "P(malignant) ≥ {:.4}: recall {:.3}, precision {:.3}",
                    c.threshold, c.recall, c.precision
                )
            },
        )
    };
    for target in [0.95, 1.0] {
        table.row(vec![
            format!("threshold for malignant recall {target}"),
            run_learner(|| yours::threshold_for_recall(ym, sm, target)).cell(choice),
            choice(&reference::threshold_for_recall(ym, sm, target)),
            "-".into(),
            "-".into(),
        ]);
    }
    show(
        &table,
        "ranking metrics of logistic regression on breast_cancer",
        "Yours should equal the reference to every digit, and both the scikit-learn figures. \
         The AUC is the same whichever class is positive; the average precision is not. \
         Catching every malignant tumour costs precision: compare the two thresholds. \
         linfa's ROC works in f32 and merges scores closer than 1e-10, so it has fewer \
         points than scikit-learn's but the same area.",
    );
    print_speed();
    show_plot(
        plot(&reference_curve, &your_curve),
        "The ROC curve hugs the top-left corner: almost every benign tumour scores above \
         almost every malignant one. Each step up is a benign row, each step right a \
         malignant one; yours (dashed) should lie on the reference.",
    );
    Ok(())
}

/// linfa's ROC of `p` against `y` (class 1 positive): its AUC and number of points.
/// linfa works in f32 and merges scores closer than 1e-10.
fn linfa_roc(y: &[usize], p: &Array1<f64>) -> Option<(f32, usize)> {
    let probabilities: Array1<linfa::dataset::Pr> = p.mapv(|v| linfa::dataset::Pr::new(v as f32));
    let labels: Vec<bool> = y.iter().map(|&l| l == 1).collect();
    let roc = probabilities.roc(&labels).ok()?;
    Some((roc.area_under_curve(), roc.get_curve().len()))
}

/// The time of each ROC AUC on 100 000 seeded rows with ties (scores rounded to 1e-3).
fn print_speed() {
    const ROWS: usize = 100_000;
    let mut rng = mlings::prep::rng(7);
    let y: Array1<usize> = (0..ROWS).map(|_| usize::from(rng.gen_bool(0.3))).collect();
    let s =
        y.mapv(|l| ((rng.gen_range(0.0..1.0) + 0.5 * l as f64) / 1.5 * 1000.0).round() / 1000.0);
    let (y, s) = (y.view(), s.view());
    // Yours only if it is quick on 10 000 rows: a pair-by-pair count would take minutes.
    let small = 10_000;
    let probe = run_learner(|| {
        yours::roc_auc(y.slice(ndarray::s![..small]), s.slice(ndarray::s![..small]))
    });
    let yours_run = match &probe {
        Run::Done(_, time) if time.as_secs_f64() < 0.5 => run_learner(|| yours::roc_auc(y, s)),
        Run::Done(_, time) => Run::Skipped(format!("skipped: {} on {small} rows", seconds(*time))),
        Run::NotAttempted => Run::NotAttempted,
        _ => Run::Crashed,
    };
    let (reference_auc, reference_time) = best_of(3, || reference::roc_auc(y, s));
    let (rank_auc, rank_time) = best_of(3, || reference::rank_auc(y, s));
    let (linfa_auc, linfa_time) = best_of(3, || {
        let p = s.mapv(|v| linfa::dataset::Pr::new(v as f32));
        let labels: Vec<bool> = y.iter().map(|&l| l == 1).collect();
        p.roc(&labels).map(|roc| roc.area_under_curve())
    });
    let mut table = Table::new(&["ROC AUC of 100 000 rows", "AUC", "time"]);
    table.row(vec![
        "yours (trapezoids)".into(),
        yours_run.ok_cell(|v| format!("{v:.6}")),
        yours_run.time_cell(),
    ]);
    let six = |r: &Result<f64, RocError>| {
        r.as_ref()
            .map_or_else(|e| e.to_string(), |v| format!("{v:.6}"))
    };
    table.row(vec![
        "reference (trapezoids)".into(),
        six(&reference_auc),
        seconds(reference_time),
    ]);
    table.row(vec![
        "reference (ranks)".into(),
        six(&rank_auc),
        seconds(rank_time),
    ]);
    table.row(vec![
        "linfa (f32)".into(),
        linfa_auc.map_or_else(|e| e.to_string(), |v| format!("{v:.6}")),
        seconds(linfa_time),
    ]);
    println!("\nspeed: 100 000 seeded rows, scores rounded to 0.001 (so many ties)\n");
    show(
        &table,
        "ROC AUC speed on 100 000 rows",
        "One sort and one pass: a few milliseconds. Both reference AUCs agree to round-off.",
    );
}

/// The ROC curve of the reference (and yours, dashed) with each AUC in the legend.
fn plot(
    reference_curve: &Result<RocCurve, RocError>,
    your_curve: &Run<Result<RocCurve, RocError>>,
) -> Result<PathBuf, PlotError> {
    let series_of = |name: &str, curve: &RocCurve| {
        let auc = trapezoid(curve);
        Series::from_points(
            format!("{name} (AUC {auc:.4})"),
            curve
                .fpr
                .iter()
                .copied()
                .zip(curve.tpr.iter().copied())
                .collect(),
        )
    };
    let mut series = Vec::new();
    if let Ok(curve) = reference_curve {
        series.push(series_of("reference", curve));
    }
    if let Some(Ok(curve)) = your_curve.value() {
        series.push(series_of("yours", curve).dashed());
    }
    series.push(Series::from_points(
        "chance (AUC 0.5)",
        vec![(0.0, 0.0), (1.0, 1.0)],
    ));
    line_chart(
        &output_path("roc_curve_breast_cancer.svg")?,
        &LineChart {
            title: "ROC curve: logistic regression on breast_cancer's 114 test rows".into(),
            x_label: "false positive rate (malignant rows flagged benign)".into(),
            y_label: "true positive rate (benign rows found)".into(),
            series,
            log_y: false,
        },
    )
}

/// The area under a curve's points by trapezoids (for the legend; the curve may be yours).
fn trapezoid(curve: &RocCurve) -> f64 {
    let (x, y) = (&curve.fpr, &curve.tpr);
    (1..x.len().min(y.len()))
        .map(|k| (x[k] - x[k - 1]) * (y[k] + y[k - 1]) / 2.0)
        .sum()
}
