//! Your neural network beside the reference on two moons (where no straight line works)
//! and iris: accuracy, training time, the decision regions and the loss curves as SVG
//! plots, and what a learning rate that is too large does.
//!
//! Run: `cargo run -- compare neural_network` (or `cargo run --release --example
//! neural_network`)

#[allow(unused_variables, dead_code)]
#[path = "../exercises/11_neural_networks/neural_network.rs"]
mod learner;

use mlings::datasets::{self, Dataset, synthetic};
use mlings::models::LinfaLogisticRegression;
use mlings::plot::{
    Group, LineChart, RegionsPanel, Series, decision_regions, line_chart, output_path,
};
use mlings::prep::StandardizedSplit;
use mlings::reference::neural_network as reference;
use mlings::report::{Run, Table, run_learner, seconds, show, show_plot, timed, write_page};
use mlings::types::model::{Model, Scoring, class_labels};
use mlings::types::neural_network::{NetError, Network, TrainParams, Training};
use ndarray::{Array1, ArrayView2};

const GRID: usize = 120;

fn accuracy(truth: &Array1<f64>, predicted: &Array1<f64>) -> f64 {
    Scoring::Accuracy
        .score(truth.view(), predicted.view())
        .unwrap_or(f64::NAN)
}

/// The share of rows whose predicted class is the true one.
fn class_accuracy(truth: &Array1<usize>, predicted: &Array1<usize>) -> f64 {
    let hits = truth.iter().zip(predicted).filter(|(t, p)| t == p).count();
    hits as f64 / truth.len() as f64
}

/// Class labels (`usize`) of a split's `f64` targets.
fn classes(targets: &Array1<f64>) -> Array1<usize> {
    class_labels(targets.view()).expect("the targets are class labels")
}

fn groups(data: &Dataset) -> Vec<Group> {
    let points: Vec<(f64, f64)> = data
        .features
        .rows()
        .into_iter()
        .map(|r| (r[0], r[1]))
        .collect();
    let labels: Vec<usize> = data.targets.iter().map(|&l| l as usize).collect();
    Group::by_label(&points, &labels, |g| format!("moon {g}"))
}

/// A panel of the classes `predict` gives over the plane around `data`.
fn panel(
    title: String,
    data: &Dataset,
    predict: impl Fn(ArrayView2<f64>) -> Option<Array1<usize>>,
) -> Option<RegionsPanel> {
    let points = groups(data);
    let grid = RegionsPanel::grid_points(&points, GRID, GRID).ok()?;
    let classes = predict(grid.view())?;
    Some(RegionsPanel {
        title,
        grid: classes
            .mapv(Some)
            .into_shape_with_order((GRID, GRID))
            .ok()?,
        points,
    })
}

/// Trains with the learner's code (if attempted) and the reference; returns the table
/// row cells and both trainings.
fn train_both(
    x: ArrayView2<f64>,
    y: &Array1<usize>,
    params: &TrainParams,
) -> (
    Run<Result<Training, NetError>>,
    Result<Training, NetError>,
    std::time::Duration,
) {
    let yours = run_learner(|| learner::train(x, y.view(), params));
    let (theirs, time) = timed(|| reference::train(x, y.view(), params));
    (yours, theirs, time)
}

fn test_accuracy(
    network: &Network,
    x: ArrayView2<f64>,
    y: &Array1<usize>,
    predict: fn(&Network, ArrayView2<f64>) -> Result<Array1<usize>, NetError>,
) -> String {
    predict(network, x).map_or_else(
        |e| format!("error: {e}"),
        |p| format!("{:.3}", class_accuracy(y, &p)),
    )
}

fn learner_predict(network: &Network, x: ArrayView2<f64>) -> Result<Array1<usize>, NetError> {
    run_learner(|| learner::predict(network, x))
        .value()
        .cloned()
        .unwrap_or_else(|| reference::predict(network, x))
}

fn main() {
    mlings::report::require_optimized("neural_network");
    let mut table = Table::new(&[
        "data",
        "model",
        "test accuracy (yours)",
        "test accuracy (reference)",
        "reference time",
        "your time / reference",
    ]);

    // Two moons: 300 training and 300 test points.
    let moons = synthetic::two_moons(300, 0.15, 1).expect("valid settings");
    let moons_test = synthetic::two_moons(300, 0.15, 2).expect("valid settings");
    let params = TrainParams::new(16)
        .learning_rate(0.2)
        .epochs(100)
        .batch_size(16)
        .seed(3);
    let (moons_y, moons_test_y) = (classes(&moons.targets), classes(&moons_test.targets));
    let (yours, theirs, time) = train_both(moons.features.view(), &moons_y, &params);
    let reference_net = theirs.as_ref().expect("the reference trains on two moons");
    let yours_ok = yours.value().and_then(|r| r.as_ref().ok());
    let ratio = |run: &Run<Result<Training, NetError>>, reference: std::time::Duration| match run {
        Run::Done(Ok(_), t) => format!("{:.2}x", t.as_secs_f64() / reference.as_secs_f64()),
        _ => "-".into(),
    };
    table.row(vec![
        "two moons".into(),
        "neural network, 16 tanh units".into(),
        yours.cell(|r| match r {
            Ok(t) => test_accuracy(
                &t.network,
                moons_test.features.view(),
                &moons_test_y,
                learner_predict,
            ),
            Err(e) => format!("error: {e}"),
        }),
        test_accuracy(
            &reference_net.network,
            moons_test.features.view(),
            &moons_test_y,
            reference::predict,
        ),
        seconds(time),
        ratio(&yours, time),
    ]);
    let (linear, linear_time) = timed(|| {
        LinfaLogisticRegression::default().fit(moons.features.view(), moons.targets.view())
    });
    let linear = linear.expect("linfa fits two moons");
    let linear_accuracy = linear
        .predict(moons_test.features.view())
        .map_or(f64::NAN, |p| accuracy(&moons_test.targets, &p));
    table.row(vec![
        "two moons".into(),
        "linfa logistic regression (a straight line)".into(),
        "-".into(),
        format!("{linear_accuracy:.3}"),
        seconds(linear_time),
        "-".into(),
    ]);

    // Iris, standardized with the training rows of the reference split.
    let iris = StandardizedSplit::reference(&datasets::iris()).expect("bundled split");
    let iris_params = TrainParams::new(8)
        .learning_rate(0.1)
        .epochs(200)
        .batch_size(16);
    let (iris_yours, iris_theirs, iris_time) =
        train_both(iris.x_train.view(), &classes(&iris.y_train), &iris_params);
    let iris_y_test = classes(&iris.y_test);
    table.row(vec![
        "iris (30 test rows)".into(),
        "neural network, 8 tanh units".into(),
        iris_yours.cell(|r| match r {
            Ok(t) => test_accuracy(
                &t.network,
                iris.x_test.view(),
                &iris_y_test,
                learner_predict,
            ),
            Err(e) => format!("error: {e}"),
        }),
        iris_theirs.as_ref().map_or_else(
            |e| format!("error: {e}"),
            |t| {
                test_accuracy(
                    &t.network,
                    iris.x_test.view(),
                    &iris_y_test,
                    reference::predict,
                )
            },
        ),
        seconds(iris_time),
        ratio(&iris_yours, iris_time),
    ]);
    show(
        &table,
        "two-layer networks: test accuracy and training time",
        "On two moons the network beats logistic regression (a straight boundary cannot \
         follow the moons); yours should reach the reference's accuracy.",
    );

    // A learning rate that is too large.
    let reckless = params.learning_rate(10.0);
    let diverged = run_learner(|| learner::train(moons.features.view(), moons_y.view(), &reckless));
    println!(
        "\nlearning rate 10 on two moons:\n  yours:     {}\n  reference: {}",
        diverged.cell(|r| match r {
            Ok(_) => "trained without an error (divergence missed?)".into(),
            Err(e) => e.to_string(),
        }),
        reference::train(moons.features.view(), moons_y.view(), &reckless)
            .map_or_else(|e| e.to_string(), |_| "trained".into())
    );

    // Decision regions.
    let mut panels = Vec::new();
    panels.extend(panel("reference network".into(), &moons, |g| {
        reference::predict(&reference_net.network, g).ok()
    }));
    if let Some(training) = yours_ok {
        panels.extend(panel("your network".into(), &moons, |g| {
            learner_predict(&training.network, g).ok()
        }));
    }
    panels.extend(panel("logistic regression (linear)".into(), &moons, |g| {
        linear.predict(g).ok().map(|p| classes(&p))
    }));
    println!();
    show_plot(
        output_path("neural_network_regions.svg")
            .and_then(|path| decision_regions(&path, "x₀", "x₁", &panels)),
        "The network's boundary bends around each moon; logistic regression's is a straight \
         line, wrong near the tips.",
    );

    // Loss curves.
    let mut series = vec![Series::from_values(
        "reference, learning rate 0.2",
        &reference_net.loss_history,
    )];
    if let Some(training) = yours_ok {
        series
            .push(Series::from_values("yours, learning rate 0.2", &training.loss_history).dashed());
    }
    for rate in [0.02, 1.0] {
        if let Ok(training) = reference::train(
            moons.features.view(),
            moons_y.view(),
            &params.learning_rate(rate),
        ) {
            series.push(Series::from_values(
                format!("reference, learning rate {rate}"),
                &training.loss_history,
            ));
        }
    }
    let chart = LineChart {
        title: "Training loss on two moons (mean cross-entropy)".into(),
        x_label: "epoch".into(),
        y_label: "loss".into(),
        series,
        log_y: true,
    };
    show_plot(
        output_path("neural_network_loss.svg").and_then(|path| line_chart(&path, &chart)),
        "At 0.2 the loss falls steadily; at 0.02 it is still high after 100 epochs; at 1 it \
         falls fastest but jumps about. Yours (dashed) should lie on the reference's.",
    );
    println!(
        "\nTimings come from one run on a shared machine: compare ratios, not absolute times."
    );
    write_page("A two-layer neural network: yours and the reference");
}
