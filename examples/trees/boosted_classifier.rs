//! Boosted classification on breast_cancer: yours beside the reference (λ = 0 as
//! scikit-learn, and λ = 1 as XGBoost's default) and scikit-learn's published
//! GradientBoostingClassifier figures, with fit and predict times and a plot of the log
//! loss stage by stage. linfa has no gradient boosting.

use std::error::Error;
use std::path::PathBuf;

use mlings::datasets::{self, Dataset};
use mlings::plot::{LineChart, Series, line_chart, output_path};
use mlings::reference::boosted_classifier as reference;
use mlings::reference::logistic_regression::log_loss_of_logit;
use mlings::reference::regression_tree;
use mlings::report::{Table, run_learner, seconds, show, show_plot, timed};
use mlings::types::boosted_classifier::{BoostedClassifier, ClassifierParams};
use ndarray::{Array1, ArrayView1, ArrayView2};

use crate::boosted_classifier;

/// scikit-learn 1.9.1's GradientBoostingClassifier (100 stages, η 0.1, depth 3,
/// random_state 0) on the breast_cancer reference split (datasets/README.md).
const SKLEARN_ACCURACY: f64 = 0.956;
const SKLEARN_LOG_LOSS: f64 = 0.1341;

pub(crate) fn mean_log_loss(raw: ArrayView1<f64>, y: ArrayView1<usize>) -> f64 {
    let total: f64 = raw
        .iter()
        .zip(y)
        .map(|(&f, &l)| log_loss_of_logit(f, l == 1))
        .sum();
    total / y.len().max(1) as f64
}

fn accuracy(raw: ArrayView1<f64>, y: ArrayView1<usize>) -> f64 {
    let correct = raw
        .iter()
        .zip(y)
        .filter(|(f, l)| usize::from(**f > 0.0) == **l)
        .count();
    correct as f64 / y.len().max(1) as f64
}

fn breast_cancer() -> (Dataset, Dataset, Array1<usize>, Array1<usize>) {
    let data = datasets::breast_cancer();
    let split = data
        .reference_split()
        .expect("breast_cancer has a reference split");
    let (train, test) = data.split(&split).expect("the split fits the data");
    let y_train = train.class_labels().expect("labels 0/1");
    let y_test = test.class_labels().expect("labels 0/1");
    (train, test, y_train, y_test)
}

/// Test accuracy and log loss of scikit-learn, the reference (λ = 0 and 1) and yours,
/// with fit and predict times, and the log loss after every stage as an SVG plot.
pub fn on_breast_cancer() {
    println!("== boosted classification on breast_cancer (raw features, log loss)\n");
    let (train, test, y_train, y_test) = breast_cancer();
    let (x, xt) = (train.features.view(), test.features.view());
    let params = ClassifierParams::new(100);
    let mut table = Table::new(&["model", "test accuracy", "test log loss", "fit", "predict"]);
    table.row(vec![
        "scikit-learn (λ = 0)".into(),
        format!("{SKLEARN_ACCURACY:.3}"),
        format!("{SKLEARN_LOG_LOSS:.4}"),
        "-".into(),
        "-".into(),
    ]);
    for lambda in [0.0, 1.0] {
        let p = params.lambda(lambda);
        let (fitted, fit_time) = timed(|| reference::fit(x, y_train.view(), &p));
        let row = match fitted {
            Ok(model) => {
                let (raw, predict_time) = timed(|| reference::decision_function(&model, xt));
                match raw {
                    Ok(raw) => vec![
                        format!("{:.3}", accuracy(raw.view(), y_test.view())),
                        format!("{:.4}", mean_log_loss(raw.view(), y_test.view())),
                        seconds(fit_time),
                        seconds(predict_time),
                    ],
                    Err(e) => vec![format!("error: {e}"), "-".into(), "-".into(), "-".into()],
                }
            }
            Err(e) => vec![format!("error: {e}"), "-".into(), "-".into(), "-".into()],
        };
        let mut cells = vec![format!("reference (λ = {lambda})")];
        cells.extend(row);
        table.row(cells);
    }
    let yours = run_learner(|| boosted_classifier::fit(x, y_train.view(), &params));
    let predicted = yours
        .value()
        .and_then(|r| r.as_ref().ok())
        .map(|model| timed(|| boosted_classifier::decision_function(model, xt)));
    let (acc, loss, predict_time) = match &predicted {
        Some((Ok(raw), time)) => (
            format!("{:.3}", accuracy(raw.view(), y_test.view())),
            format!("{:.4}", mean_log_loss(raw.view(), y_test.view())),
            seconds(*time),
        ),
        Some((Err(e), _)) => (format!("error: {e}"), "-".into(), "-".into()),
        None => (
            yours.cell(|r| {
                r.as_ref()
                    .map_or_else(|e| format!("error: {e}"), |_| "-".into())
            }),
            "-".into(),
            "-".into(),
        ),
    };
    table.row(vec![
        "yours (λ = 0)".into(),
        acc,
        loss,
        yours.time_cell(),
        predict_time,
    ]);
    show(
        &table,
        "boosted classification on breast_cancer: 100 stages, η 0.1, depth 3",
        "The reference matches scikit-learn within its own tie-breaking noise (splits of \
         equal gain are decided by a random feature order there). λ = 1 shrinks the leaves \
         of few rows, where one Newton step overshoots most: here it lowers the test log \
         loss.",
    );
    show_plot(
        loss_curve(&train, &test, &y_train, &y_test),
        "The training log loss falls at every stage; the test log loss falls fast, then \
         flattens and creeps up as the later trees fit noise.",
    );
}

/// The raw scores after every stage (1, 2, …) of `model` on `x`.
pub(crate) fn staged_scores(model: &BoostedClassifier, x: ArrayView2<f64>) -> Vec<Array1<f64>> {
    let mut raw = Array1::from_elem(x.nrows(), model.init);
    let mut stages = Vec::with_capacity(model.trees.len());
    for tree in &model.trees {
        if let Ok(values) = regression_tree::predict(tree, x) {
            raw.scaled_add(model.learning_rate, &values);
        }
        stages.push(raw.clone());
    }
    stages
}

fn loss_curve(
    train: &Dataset,
    test: &Dataset,
    y_train: &Array1<usize>,
    y_test: &Array1<usize>,
) -> Result<PathBuf, Box<dyn Error>> {
    let model = reference::fit(
        train.features.view(),
        y_train.view(),
        &ClassifierParams::new(300),
    )?;
    let curve = |x: ArrayView2<f64>, y: &Array1<usize>| -> Vec<(f64, f64)> {
        staged_scores(&model, x)
            .iter()
            .enumerate()
            .map(|(m, raw)| ((m + 1) as f64, mean_log_loss(raw.view(), y.view())))
            .collect()
    };
    let chart = LineChart {
        title: "boosted classifier on breast_cancer: log loss after each stage (η 0.1, depth 3)"
            .into(),
        x_label: "stages".into(),
        y_label: "mean log loss".into(),
        series: vec![
            Series::from_points("train", curve(train.features.view(), y_train)),
            Series::from_points("test", curve(test.features.view(), y_test)),
        ],
        log_y: true,
    };
    Ok(line_chart(
        &output_path("boosted_classifier_log_loss.svg")?,
        &chart,
    )?)
}
