//! The `anomaly_detection` exercise on breast_cancer: the per-feature Gaussian against
//! scikit-learn's figures, the multivariate Gaussian against linfa-clustering, the
//! threshold rules compared, and the score histogram.

use std::time::Duration;

use linfa::prelude::Fit;
use linfa_clustering::GaussianMixtureModel;
use mlings::plot::{Histogram, histogram, output_path};
use mlings::reference::anomaly_detection as reference;
use mlings::report::{Run, Table, best_of, run_learner, seconds, show, show_plot, timed};
use mlings::types::anomaly_detection::{AnomalyError, AnomalySplit, Detection, Threshold};
use ndarray::{Array1, ArrayView1, ArrayView2, Axis};

use crate::your_anomaly_detection as yours;

/// What one detector gives: validation threshold and scores, test detection.
struct Outcome {
    threshold: Threshold,
    test: Detection,
    validation_scores: Array1<f64>,
}

type Pipeline = Result<Outcome, AnomalyError>;

/// Fit on the normal rows, score, choose ε on validation, evaluate on test, with
/// the four functions given (yours or the reference's).
fn pipeline<M>(
    split: &AnomalySplit,
    fit: impl Fn(ArrayView2<f64>) -> Result<M, AnomalyError>,
    score: impl Fn(&M, ArrayView2<f64>) -> Result<Array1<f64>, AnomalyError>,
    select: impl Fn(ArrayView1<f64>, ArrayView1<bool>) -> Result<Threshold, AnomalyError>,
    evaluate: impl Fn(ArrayView1<f64>, ArrayView1<bool>, f64) -> Result<Detection, AnomalyError>,
) -> Pipeline {
    let model = fit(split.fit.view())?;
    let validation_scores = score(&model, split.validation.view())?;
    let threshold = select(validation_scores.view(), split.validation_anomaly.view())?;
    let test_scores = score(&model, split.test.view())?;
    let test = evaluate(
        test_scores.view(),
        split.test_anomaly.view(),
        threshold.log_epsilon,
    )?;
    Ok(Outcome {
        threshold,
        test,
        validation_scores,
    })
}

fn cells(outcome: &Outcome) -> Vec<String> {
    let (v, t) = (&outcome.threshold.validation, &outcome.test);
    vec![
        format!("{:.4}", outcome.threshold.log_epsilon),
        format!("{:.3} / {:.3} / {:.3}", v.f1, v.precision, v.recall),
        format!("{:.3} / {:.3} / {:.3}", t.f1, t.precision, t.recall),
        format!(
            "{} / {} / {}",
            t.true_positives, t.false_positives, t.false_negatives
        ),
    ]
}

fn row(who: &str, result: Vec<String>, time: String) -> Vec<String> {
    let mut row = vec![who.to_string()];
    row.extend(result);
    row.resize(5, String::new());
    row.push(time);
    row
}

/// Your row: the run holds the best of 20 times (as the reference's), and the last value.
fn learner_row(who: &str, run: &Run<(Pipeline, Duration)>) -> Vec<String> {
    let (result, time) = match run.value() {
        Some((Ok(outcome), time)) => (cells(outcome), seconds(*time)),
        Some((Err(error), time)) => (vec![format!("error: {error}")], seconds(*time)),
        None => (vec![run.cell(|_| String::new())], "-".into()),
    };
    row(who, result, time)
}

const HEADER: [&str; 6] = [
    "",
    "log ε",
    "validation F1 / P / R",
    "test F1 / P / R",
    "test TP / FP / FN",
    "fit + score + choose time",
];

pub fn compare() {
    let Ok(split) = AnomalySplit::breast_cancer() else {
        return eprintln!("cannot read the bundled breast_cancer rows");
    };
    println!(
        "breast_cancer, 30 raw features: fit on {} benign rows; threshold chosen on {} \
         validation rows ({} malignant); judged on {} test rows ({} malignant)\n",
        split.fit.nrows(),
        split.validation.nrows(),
        count(split.validation_anomaly.view()),
        split.test.nrows(),
        count(split.test_anomaly.view()),
    );
    let per_feature = per_feature_table(&split);
    multivariate_table(&split);
    threshold_rules(&split);
    if let Some(outcome) = per_feature {
        show_plot(
            plot_scores(&split, &outcome),
            "Benign rows pile up at high log densities, malignant ones spread far to the \
             left (the first bin also holds every row below −150): the threshold log ε sits \
             where the two meet.",
        );
    }
}

fn count(flags: ArrayView1<bool>) -> usize {
    flags.iter().filter(|&&a| a).count()
}

/// The per-feature Gaussian: yours, the reference, scikit-learn's figures. Returns the
/// reference's outcome for the plot.
fn per_feature_table(split: &AnomalySplit) -> Option<Outcome> {
    println!("== one Gaussian per feature (log densities, ε by the best validation F1)\n");
    let mut table = Table::new(&HEADER);
    let run = run_learner(|| {
        best_of(20, || {
            pipeline(
                split,
                yours::fit_gaussian,
                yours::log_density,
                yours::select_threshold,
                yours::evaluate,
            )
        })
    });
    table.row(learner_row("yours", &run));
    let (outcome, time) = best_of(20, || {
        pipeline(
            split,
            reference::fit_gaussian,
            reference::log_density,
            reference::select_threshold,
            reference::evaluate,
        )
    });
    let outcome = outcome.ok()?;
    table.row(row("reference", cells(&outcome), seconds(time)));
    table.row(row(
        "scikit-learn 1.9.1 (published)",
        vec![
            "-1.2858".into(),
            "0.857 / 0.783 / 0.947".into(),
            "0.864 / 0.826 / 0.905".into(),
            "38 / 8 / 4".into(),
        ],
        "-".into(),
    ));
    show(
        &table,
        "One Gaussian per feature on breast_cancer",
        "Your log ε and counts should equal scikit-learn's exactly: the rule (the smallest \
         validation score with the best F1) leaves no freedom.",
    );
    Some(outcome)
}

/// The multivariate Gaussian: yours, the reference, and linfa's one-component mixture
/// (no anomaly detector of its own: compared on the fitted covariance and fit time).
fn multivariate_table(split: &AnomalySplit) {
    println!("\n== multivariate Gaussian (full covariance, Cholesky, log space)\n");
    let mut table = Table::new(&HEADER);
    let run = run_learner(|| {
        best_of(20, || {
            pipeline(
                split,
                yours::fit_multivariate,
                yours::log_density_multivariate,
                yours::select_threshold,
                yours::evaluate,
            )
        })
    });
    table.row(learner_row("yours", &run));
    let (outcome, time) = best_of(20, || {
        pipeline(
            split,
            reference::fit_multivariate,
            reference::log_density_multivariate,
            reference::select_threshold,
            reference::evaluate,
        )
    });
    match &outcome {
        Ok(outcome) => table.row(row("reference", cells(outcome), seconds(time))),
        Err(error) => table.row(row(
            "reference",
            vec![format!("error: {error}")],
            seconds(time),
        )),
    };
    let (fit_time, difference) = linfa_covariance_difference(split);
    table.row(row(
        "linfa-clustering GMM, 1 component",
        vec![
            "(no scores)".into(),
            format!("covariance max relative difference {difference:.1e}"),
        ],
        format!("{} (fit only)", seconds(fit_time)),
    ));
    show(
        &table,
        "Multivariate Gaussian on breast_cancer",
        "The full covariance sees that radius, perimeter and area move together: it flags \
         fewer benign rows on validation (F1 0.878), though on the test rows it finds fewer \
         malignant ones than the per-feature model.",
    );
}

/// linfa's fit time, and the largest difference between its covariance and the
/// reference's, relative to the largest entry.
fn linfa_covariance_difference(split: &AnomalySplit) -> (Duration, f64) {
    let data = linfa::DatasetBase::from(split.fit.clone());
    let (gmm, time) = timed(|| {
        GaussianMixtureModel::params(1)
            .reg_covariance(0.0)
            .n_runs(1)
            .fit(&data)
    });
    let (Ok(gmm), Ok(model)) = (gmm, reference::fit_multivariate(split.fit.view())) else {
        return (time, f64::NAN);
    };
    let linfa_cov = gmm.covariances().index_axis(Axis(0), 0).to_owned();
    let scale = model.covariance.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let difference = (&linfa_cov - &model.covariance)
        .iter()
        .fold(0.0f64, |m, v| m.max(v.abs()))
        / scale;
    (time, difference)
}

/// The threshold rule against the two tempting alternatives SOURCES.md measured.
fn threshold_rules(split: &AnomalySplit) {
    println!("\n== choosing ε: the rule against two tempting alternatives\n");
    let Ok(model) = reference::fit_gaussian(split.fit.view()) else {
        return;
    };
    let (Ok(validation), Ok(test)) = (
        reference::log_density(&model, split.validation.view()),
        reference::log_density(&model, split.test.view()),
    ) else {
        return;
    };
    let (v_labels, t_labels) = (split.validation_anomaly.view(), split.test_anomaly.view());
    let Ok(best) = reference::select_threshold(validation.view(), v_labels) else {
        return;
    };
    let evaluate = |scores: &Array1<f64>, labels, log_epsilon| {
        reference::evaluate(scores.view(), labels, log_epsilon).map_or(f64::NAN, |d| d.f1)
    };
    let mut table = Table::new(&["rule", "log ε", "validation F1", "test F1"]);
    let mut add = |rule: &str, log_epsilon: f64| {
        table.row(vec![
            rule.into(),
            format!("{log_epsilon:.4}"),
            format!("{:.3}", evaluate(&validation, v_labels, log_epsilon)),
            format!("{:.3}", evaluate(&test, t_labels, log_epsilon)),
        ]);
    };
    add(
        "the best validation score (the exercise's rule)",
        best.log_epsilon,
    );
    let mut sorted = validation.to_vec();
    sorted.sort_by(f64::total_cmp);
    if let Some(&next) = sorted.iter().find(|&&s| s > best.log_epsilon) {
        add(
            "halfway to the next validation score",
            (best.log_epsilon + next) / 2.0,
        );
    }
    // 1000 evenly spaced ε between the smallest and largest validation density p(x).
    let p = validation.mapv(f64::exp);
    let (low, high) = (
        p.fold(f64::INFINITY, |a, &b| a.min(b)),
        p.fold(f64::NEG_INFINITY, |a, &b| a.max(b)),
    );
    let grid_best = (0..1000)
        .map(|k| (low + (high - low) * k as f64 / 999.0).ln())
        .map(|log_epsilon| (log_epsilon, evaluate(&validation, v_labels, log_epsilon)))
        .fold(
            (f64::NAN, -1.0),
            |best, c| if c.1 > best.1 { c } else { best },
        );
    add("the best of a linear grid of 1000 ε in p(x)", grid_best.0);
    show(
        &table,
        "Three ways to choose ε",
        "scikit-learn's figures: halfway gives test F1 0.854, the linear grid 0.667 / 0.636: \
         p(x) spans 1e-180 to 1e11, so evenly spaced ε values are all far above the rows \
         that matter.",
    );
}

fn plot_scores(
    split: &AnomalySplit,
    outcome: &Outcome,
) -> Result<std::path::PathBuf, mlings::plot::PlotError> {
    let scores = &outcome.validation_scores;
    let group = |anomaly: bool| -> Vec<f64> {
        scores
            .iter()
            .zip(&split.validation_anomaly)
            .filter(|(_, a)| **a == anomaly)
            .map(|(s, _)| *s)
            .collect()
    };
    let high = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    histogram(
        &output_path("anomaly_detection_scores.svg")?,
        &Histogram {
            title: "log p(x) of the 102 validation rows (one Gaussian per feature)".into(),
            x_label: "log density".into(),
            groups: vec![
                ("benign".into(), group(false)),
                ("malignant".into(), group(true)),
            ],
            bins: 40,
            range: Some((-150.0, high.ceil())),
            markers: vec![(
                format!("log ε = {:.4}", outcome.threshold.log_epsilon),
                outcome.threshold.log_epsilon,
            )],
        },
    )
}
