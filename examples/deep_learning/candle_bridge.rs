//! The framework bridge (built with `--features candle`, which `cargo run -- compare
//! cnn_digits` passes): your cnn_digits network, the course's reference and the same
//! network in candle, trained from the same initial weights on the same batches with
//! the same Adam, side by side: the loss and test accuracy of every epoch, the times,
//! and the gradients of one batch from your backward pass beside candle's autograd.
//! (Directly: `cargo run --release --features candle --example deep_learning`.)

use crate::learner_cnn as learner;
use mlings::candle_bridge::{self, Builtins, max_abs_difference};
use mlings::datasets;
use mlings::plot::{LineChart, Series, line_chart, output_path};
use mlings::reference::cnn_digits as reference;
use mlings::report::{Run, Table, run_learner, seconds, show, show_plot, timed};
use mlings::types::cnn_digits::{CnnError, CnnParams, CnnWeights, Training};
use ndarray::{Array1, Array4, ArrayView1, ArrayView4, Axis};

/// Gradients closer than this to candle's are right.
const AGREE: f64 = 1e-6;

/// The digits' reference split as images and labels.
struct Digits {
    train_x: Array4<f64>,
    train_y: Array1<usize>,
    test_x: Array4<f64>,
    test_y: Array1<usize>,
}

fn digits() -> Digits {
    let data = datasets::digits();
    let split = data
        .reference_split()
        .expect("digits has a reference split");
    let labels: Array1<usize> = data.targets.mapv(|t| t as usize);
    let images = |rows: &[usize]| {
        reference::images_from_pixels(data.features.select(Axis(0), rows).view())
            .expect("64 pixels per row")
    };
    Digits {
        train_x: images(&split.train),
        train_y: labels.select(Axis(0), &split.train),
        test_x: images(&split.test),
        test_y: labels.select(Axis(0), &split.test),
    }
}

pub fn run() {
    println!("\n== The framework bridge: the same CNN in candle ==\n");
    let data = digits();
    let params = CnnParams::new();
    let initial = reference::init_weights(params.channels, params.seed).expect("valid channels");

    let yours = run_learner(|| {
        learner::train(
            data.train_x.view(),
            data.train_y.view(),
            data.test_x.view(),
            data.test_y.view(),
            &params,
        )
    });
    let (course, course_time) = timed(|| {
        reference::train(
            data.train_x.view(),
            data.train_y.view(),
            data.test_x.view(),
            data.test_y.view(),
            &params,
        )
    });
    let course = course.expect("the reference trains on the digits");
    let (candle, candle_time) = timed(|| {
        candle_bridge::train(
            data.train_x.view(),
            data.train_y.view(),
            data.test_x.view(),
            data.test_y.view(),
            &initial,
            &params,
        )
    });
    let candle = candle.expect("candle trains on the digits");

    epochs_table(&yours, &course, &candle);
    summary_table(&yours, &course, course_time, &candle, candle_time);
    loss_plot(&yours, &course, &candle);

    let first_batch = first_batch(&data, &params);
    let batch_x = data.train_x.select(Axis(0), &first_batch);
    let batch_y = data.train_y.select(Axis(0), &first_batch);
    gradients_table(&initial, &course.weights, batch_x.view(), batch_y.view());
    builtins_table(&initial, batch_x.view(), batch_y.view());
}

/// The rows of the first batch of the first epoch, as every trainer draws it.
fn first_batch(data: &Digits, params: &CnnParams) -> Vec<usize> {
    let orders = candle_bridge::epoch_orders(data.train_y.len(), 1, params.seed);
    orders[0].iter().take(params.batch_size).copied().collect()
}

/// A learner's training as a table cell per epoch.
fn learner_cell(yours: &Run<Result<Training, CnnError>>, epoch: usize, loss: bool) -> String {
    yours.ok_cell(|t| {
        let values = if loss { &t.loss } else { &t.test_accuracy };
        values.get(epoch).map_or("-".into(), |v| {
            if loss {
                format!("{v:.6}")
            } else {
                format!("{v:.4}")
            }
        })
    })
}

fn epochs_table(yours: &Run<Result<Training, CnnError>>, course: &Training, candle: &Training) {
    let mut table = Table::new(&[
        "epoch",
        "loss (yours)",
        "loss (reference)",
        "loss (candle)",
        "test accuracy (yours)",
        "(reference)",
        "(candle)",
    ]);
    for epoch in 0..course.loss.len() {
        table.row(vec![
            (epoch + 1).to_string(),
            learner_cell(yours, epoch, true),
            format!("{:.6}", course.loss[epoch]),
            format!("{:.6}", candle.loss[epoch]),
            learner_cell(yours, epoch, false),
            format!("{:.4}", course.test_accuracy[epoch]),
            format!("{:.4}", candle.test_accuracy[epoch]),
        ]);
    }
    show(
        &table,
        "cnn_digits in candle: loss and test accuracy per epoch",
        "The same weights, batches and Adam steps: the three columns of each kind should \
         agree to the printed digits, epoch after epoch.",
    );
}

/// The largest difference between two curves (infinite if their lengths differ).
fn curve_difference(a: &[f64], b: &[f64]) -> f64 {
    if a.len() != b.len() {
        return f64::INFINITY;
    }
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

fn summary_table(
    yours: &Run<Result<Training, CnnError>>,
    course: &Training,
    course_time: std::time::Duration,
    candle: &Training,
    candle_time: std::time::Duration,
) {
    let mut table = Table::new(&[
        "trainer",
        "final loss",
        "final test accuracy",
        "train time (15 epochs)",
        "max |loss - candle's| over the epochs",
        "max |weight - candle's| at the end",
    ]);
    let final_of = |t: &Training, loss: bool| {
        let values = if loss { &t.loss } else { &t.test_accuracy };
        values.last().map_or("-".into(), |v| format!("{v:.4}"))
    };
    table.row(vec![
        "yours".into(),
        yours.ok_cell(|t| final_of(t, true)),
        yours.ok_cell(|t| final_of(t, false)),
        yours.time_cell(),
        yours.ok_cell(|t| format!("{:.1e}", curve_difference(&t.loss, &candle.loss))),
        yours.ok_cell(|t| format!("{:.1e}", max_abs_difference(&t.weights, &candle.weights))),
    ]);
    table.row(vec![
        "reference (ndarray)".into(),
        final_of(course, true),
        final_of(course, false),
        seconds(course_time),
        format!("{:.1e}", curve_difference(&course.loss, &candle.loss)),
        format!(
            "{:.1e}",
            max_abs_difference(&course.weights, &candle.weights)
        ),
    ]);
    table.row(vec![
        "candle 0.7 (CPU, f64)".into(),
        final_of(candle, true),
        final_of(candle, false),
        seconds(candle_time),
        "-".into(),
        "-".into(),
    ]);
    show(
        &table,
        "cnn_digits in candle: the whole run",
        "Differences of 1e-12 or so are rounding (candle sums its matrix products in \
         another order); a difference in the first digits means another procedure. \
         candle's time goes to per-operation overhead on tensors this small and to its \
         CPU conv_transpose2d: backward() also computes each convolution's input \
         gradient, which the images do not need.",
    );
    let agree = curve_difference(&course.loss, &candle.loss) <= AGREE;
    println!(
        "reference and candle loss curves agree to {AGREE:e}: {}\n",
        if agree { "PASS" } else { "FAIL" }
    );
}

fn loss_plot(yours: &Run<Result<Training, CnnError>>, course: &Training, candle: &Training) {
    let epochs = |values: &[f64]| -> Vec<(f64, f64)> {
        values
            .iter()
            .enumerate()
            .map(|(e, &v)| ((e + 1) as f64, v))
            .collect()
    };
    let mut series = vec![
        Series::from_points("reference (ndarray)", epochs(&course.loss)),
        Series::from_points("candle", epochs(&candle.loss)),
    ];
    if let Some(Ok(training)) = yours.value() {
        series.push(Series::from_points("yours", epochs(&training.loss)).dashed());
    }
    let chart = LineChart {
        title: "cnn_digits: training loss per epoch, course and candle".into(),
        x_label: "epoch".into(),
        y_label: "mean cross-entropy".into(),
        series,
        log_y: true,
    };
    show_plot(
        output_path("candle_bridge_loss.svg").and_then(|path| line_chart(&path, &chart)),
        "One line: the reference's and candle's losses coincide (and yours, dashed, once \
         your train follows the procedure).",
    );
}

/// The largest |x − y| over two tensors' values.
fn max_diff<'a>(a: impl IntoIterator<Item = &'a f64>, b: impl IntoIterator<Item = &'a f64>) -> f64 {
    a.into_iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

/// The max |difference| of each of the four tensors, and of all of them.
fn differences(a: &CnnWeights, b: &CnnWeights) -> [f64; 5] {
    [
        max_diff(&a.kernel, &b.kernel),
        max_diff(&a.conv_bias, &b.conv_bias),
        max_diff(&a.dense, &b.dense),
        max_diff(&a.dense_bias, &b.dense_bias),
        max_abs_difference(a, b),
    ]
}

/// Table cells for gradients against candle's: the five differences and a verdict.
fn gradient_cells(ours: &CnnWeights, candle: &CnnWeights) -> Vec<String> {
    if !ours.same_shapes(candle) {
        return vec!["shapes differ from the weights'".into()];
    }
    let d = differences(ours, candle);
    let mut cells: Vec<String> = d.iter().map(|v| format!("{v:.1e}")).collect();
    cells.push(if d[4] <= AGREE { "PASS" } else { "FAIL" }.into());
    cells
}

fn gradients_table(
    initial: &CnnWeights,
    trained: &CnnWeights,
    batch_x: ArrayView4<f64>,
    batch_y: ArrayView1<usize>,
) {
    let mut table = Table::new(&[
        "weights",
        "gradients",
        "kernel",
        "conv_bias",
        "dense",
        "dense_bias",
        "all",
        &format!("agree to {AGREE:e}"),
    ]);
    for (name, weights) in [("initial", initial), ("after training", trained)] {
        let (_, candle) =
            candle_bridge::loss_and_gradients(weights, batch_x, batch_y, Builtins::NONE)
                .expect("candle's gradients on a batch of digits");
        let yours = run_learner(|| learner::loss_and_gradients(weights, batch_x, batch_y));
        let mut row = vec![name.to_string(), "yours".to_string()];
        match yours.value() {
            Some(Ok((_, gradients))) => row.extend(gradient_cells(gradients, &candle)),
            _ => row.push(yours.ok_cell(|_| String::new())),
        }
        table.row(row);
        let (_, course) = reference::loss_and_gradients(weights, batch_x, batch_y)
            .expect("the reference's gradients");
        let mut row = vec![name.to_string(), "reference".to_string()];
        row.extend(gradient_cells(&course, &candle));
        table.row(row);
    }
    show(
        &table,
        "One batch's gradients beside candle's autograd (max |difference|)",
        "The first batch of the first epoch (32 digits), at the initial weights and at the \
         trained ones. candle builds the forward pass as a graph and loss.backward() walks \
         it back; your loss_and_gradients wrote that walk by hand. They must agree to 1e-6.",
    );
}

fn builtins_table(initial: &CnnWeights, batch_x: ArrayView4<f64>, batch_y: ArrayView1<usize>) {
    let (_, course) = reference::loss_and_gradients(initial, batch_x, batch_y)
        .expect("the reference's gradients");
    let none = Builtins::NONE;
    let cases = [
        (
            "none (the bridge's own ops)",
            none,
            "conv per output channel, ReLU as x·1[x > 0], pooling by argmax mask",
        ),
        (
            "conv2d, all channels at once",
            Builtins {
                conv2d: true,
                ..none
            },
            "candle 0.7's CPU conv2d uses a non-contiguous kernel uncopied, and the kernel's \
             gradient is one (fixed in 0.10)",
        ),
        (
            "relu()",
            Builtins { relu: true, ..none },
            "its ReLU'(0) is 1; a blank patch gives exactly 0 while the biases are 0",
        ),
        (
            "max_pool2d(2)",
            Builtins {
                max_pool2d: true,
                ..none
            },
            "its backward gives a single maximum 1/4 of the window's gradient",
        ),
    ];
    let mut table = Table::new(&[
        "candle built-in used",
        "max |gradient - reference's|",
        "why",
    ]);
    for (name, builtins, why) in cases {
        let difference = candle_bridge::loss_and_gradients(initial, batch_x, batch_y, builtins)
            .map_or_else(
                |e| format!("error: {e}"),
                |(_, g)| format!("{:.1e}", max_abs_difference(&course, &g)),
            );
        table.row(vec![name.into(), difference, why.into()]);
    }
    show(
        &table,
        "Why the bridge writes three layers with candle ops (initial weights, first batch)",
        "A framework's layers carry conventions (and bugs) of their own: a hand-written \
         backward pass checked against finite differences is how you find them.",
    );
}
