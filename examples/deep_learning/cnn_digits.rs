//! cnn_digits: your convolutional network and the reference trained on the digits'
//! reference split, beside scikit-learn's MLP figure; plots of the loss and the test
//! accuracy per epoch, the learned kernels and the confusion matrix of the test digits.

use mlings::datasets;
use mlings::plot::{
    Heatmap, HeatmapGrid, LineChart, Series, heatmap, heatmap_grid, line_chart, output_path,
};
use mlings::reference::cnn_digits as reference;
use mlings::report::{Run, Table, run_learner, seconds, show, show_plot, timed};
use mlings::types::cnn_digits::{CnnError, CnnParams, CnnWeights, Training};
use ndarray::{Array1, Array4, Axis};

use super::learner_cnn as learner;

/// scikit-learn 1.9.1's MLP (64 ReLU units, adam) on the same rows: test accuracy with
/// random_state 0, and the range over random_state 0..4 (SOURCES.md).
const SKLEARN_MLP: f64 = 0.983;
const SKLEARN_MLP_RANGE: &str = "0.969..0.983";

struct Data {
    train_x: Array4<f64>,
    train_y: Array1<usize>,
    test_x: Array4<f64>,
    test_y: Array1<usize>,
}

fn load() -> Data {
    let data = datasets::digits();
    let split = data
        .reference_split()
        .expect("digits has a reference split");
    let labels = data.class_labels().expect("digit labels");
    let images = |rows: &[usize]| {
        reference::images_from_pixels(data.features.select(Axis(0), rows).view())
            .expect("64 pixels per row")
    };
    Data {
        train_x: images(&split.train),
        train_y: labels.select(Axis(0), &split.train),
        test_x: images(&split.test),
        test_y: labels.select(Axis(0), &split.test),
    }
}

fn accuracy(predicted: &Array1<usize>, truth: &Array1<usize>) -> f64 {
    predicted.iter().zip(truth).filter(|(p, t)| p == t).count() as f64 / truth.len() as f64
}

fn last(values: &[f64]) -> String {
    values.last().map_or("-".into(), |v| format!("{v:.3}"))
}

pub fn run() {
    let data = load();
    let params = CnnParams::new();
    println!(
        "\ncnn_digits: {} kernels 3x3, ReLU, 2x2 max pool, linear, log-softmax; Adam lr {}, \
         {} epochs, batches of {}, seed {} ({} training and {} test digits)",
        params.channels,
        params.learning_rate,
        params.epochs,
        params.batch_size,
        params.seed,
        data.train_y.len(),
        data.test_y.len()
    );
    let (theirs, time) = timed(|| {
        reference::train(
            data.train_x.view(),
            data.train_y.view(),
            data.test_x.view(),
            data.test_y.view(),
            &params,
        )
    });
    let theirs = theirs.expect("the reference trains on the digits");
    let yours: Run<Result<Training, CnnError>> = run_learner(|| {
        learner::train(
            data.train_x.view(),
            data.train_y.view(),
            data.test_x.view(),
            data.test_y.view(),
            &params,
        )
    });
    let mut table = Table::new(&["model", "test accuracy", "epochs", "training time"]);
    table.row(vec![
        "your CNN".into(),
        yours.ok_cell(|t| last(&t.test_accuracy)),
        params.epochs.to_string(),
        yours.time_cell(),
    ]);
    table.row(vec![
        "reference CNN".into(),
        last(&theirs.test_accuracy),
        params.epochs.to_string(),
        seconds(time),
    ]);
    table.row(vec![
        "scikit-learn MLP, 64 ReLU units (published)".into(),
        format!("{SKLEARN_MLP:.3} (seeds 0..4: {SKLEARN_MLP_RANGE})"),
        "146 (early stop)".into(),
        "-".into(),
    ]);
    show(
        &table,
        "a CNN on the digits: test accuracy (360 test digits) and training time",
        "The CNN should read at least 97 % of the test digits, in the range of scikit-learn's \
         MLP; yours should match the reference exactly (same seeds, same batches).",
    );
    let mut epochs = Table::new(&[
        "epoch",
        "loss (reference)",
        "test accuracy (reference)",
        "loss (yours)",
    ]);
    let your_loss = yours
        .value()
        .and_then(|r| r.as_ref().ok())
        .map(|t| t.loss.clone());
    for (e, (loss, acc)) in theirs.loss.iter().zip(&theirs.test_accuracy).enumerate() {
        epochs.row(vec![
            (e + 1).to_string(),
            format!("{loss:.4}"),
            format!("{acc:.3}"),
            your_loss
                .as_ref()
                .and_then(|l| l.get(e))
                .map_or("-".into(), |l| format!("{l:.4}")),
        ]);
    }
    show(
        &epochs,
        "training, epoch by epoch",
        "The loss falls every epoch; the test accuracy levels off.",
    );
    plots(&theirs, yours.value().and_then(|r| r.as_ref().ok()), &data);
}

fn plots(theirs: &Training, yours: Option<&Training>, data: &Data) {
    let per_epoch = |values: &[f64]| -> Vec<(f64, f64)> {
        values
            .iter()
            .enumerate()
            .map(|(e, &v)| ((e + 1) as f64, v))
            .collect()
    };
    let mut loss = vec![Series::from_points(
        "reference: training loss",
        per_epoch(&theirs.loss),
    )];
    let mut acc = vec![
        Series::from_points("reference: test accuracy", per_epoch(&theirs.test_accuracy)),
        Series::from_points(
            "scikit-learn MLP (published)",
            vec![(1.0, SKLEARN_MLP), (theirs.loss.len() as f64, SKLEARN_MLP)],
        )
        .dashed(),
    ];
    if let Some(yours) = yours {
        loss.push(Series::from_points("yours: training loss", per_epoch(&yours.loss)).dashed());
        acc.push(
            Series::from_points("yours: test accuracy", per_epoch(&yours.test_accuracy)).dashed(),
        );
    }
    let chart = |file: &str, title: &str, y: &str, series, log_y| {
        output_path(file).and_then(|path| {
            line_chart(
                &path,
                &LineChart {
                    title: title.into(),
                    x_label: "epoch".into(),
                    y_label: y.into(),
                    series,
                    log_y,
                },
            )
        })
    };
    show_plot(
        chart(
            "cnn_digits_loss.svg",
            "CNN on the digits: training loss per epoch",
            "mean cross-entropy",
            loss,
            true,
        ),
        "The training loss per epoch (log scale), yours dashed over the reference's.",
    );
    show_plot(
        chart(
            "cnn_digits_accuracy.svg",
            "CNN on the digits: test accuracy per epoch",
            "test accuracy",
            acc,
            false,
        ),
        "The test accuracy after every epoch, beside scikit-learn's MLP (dashed).",
    );
    let weights: &CnnWeights = yours.map_or(&theirs.weights, |t| &t.weights);
    let whose = if yours.is_some() {
        "your"
    } else {
        "the reference"
    };
    let panels = weights
        .kernel
        .axis_iter(Axis(0))
        .enumerate()
        .map(|(k, kernel)| {
            let values = kernel
                .index_axis(Axis(0), 0)
                .rows()
                .into_iter()
                .map(|r| r.to_vec())
                .collect();
            (format!("kernel {k}"), values)
        })
        .collect();
    show_plot(
        output_path("cnn_digits_kernels.svg").and_then(|path| {
            heatmap_grid(
                &path,
                &HeatmapGrid {
                    title: format!("the learned 3x3 kernels of {whose} CNN (red +, blue −)"),
                    panels,
                    columns: 8,
                },
            )
        }),
        "Each kernel is a stroke detector: look for edges (a red side against a blue side) \
         and blobs.",
    );
    let predicted = reference::predict(weights, data.test_x.view()).expect("valid weights");
    println!(
        "{whose} CNN's test accuracy from its weights: {:.3}",
        accuracy(&predicted, &data.test_y)
    );
    let mut counts = vec![vec![0.0; 10]; 10];
    for (&p, &t) in predicted.iter().zip(&data.test_y) {
        counts[t][p] += 1.0;
    }
    let labels: Vec<String> = (0..10).map(|d| d.to_string()).collect();
    show_plot(
        output_path("cnn_digits_confusion.svg").and_then(|path| {
            heatmap(
                &path,
                &Heatmap {
                    title: format!("confusion matrix of {whose} CNN on the 360 test digits"),
                    values: counts,
                    row_labels: labels.clone(),
                    col_labels: labels,
                    row_name: "true digit (rows)".into(),
                    col_name: "predicted digit (columns)".into(),
                    annotate: true,
                },
            )
        }),
        "The diagonal holds the digits read right; an off-diagonal cell counts the digits of \
         its row taken for the digit of its column.",
    );
}
