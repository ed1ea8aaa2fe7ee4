//! optimizers: the race down the Rosenbrock valley from (−1.5, 2): steps to reach
//! f < 1e-6 for each optimizer, yours beside the reference, and SVG plots of the paths
//! and of f along them.

#[allow(unused_variables, dead_code)]
#[path = "../../exercises/12_deep_learning/optimizers.rs"]
mod learner;

use mlings::plot::{LineChart, Series, line_chart, output_path};
use mlings::reference::optimizers as reference;
use mlings::report::{Table, run_learner, seconds, show, show_plot, timed};
use mlings::types::optimizers::{OptimizerParams, rosenbrock, rosenbrock_gradient};
use ndarray::{Array2, ArrayView1, array};

const BUDGET: usize = 20_000;

/// The first step after which f < 1e-6, as a table cell.
fn steps_to_target(path: &Array2<f64>) -> String {
    path.rows()
        .into_iter()
        .position(|row| rosenbrock(row) < 1e-6)
        .map_or(format!("not in {BUDGET}"), |k| k.to_string())
}

fn final_value(path: &Array2<f64>) -> String {
    match path.nrows() {
        0 => "-".into(),
        n => format!("{:.1e}", rosenbrock(path.row(n - 1))),
    }
}

/// The path's first `steps` points, thinned to at most 400.
fn points(
    path: &Array2<f64>,
    steps: usize,
    pick: impl Fn(usize, ArrayView1<f64>) -> (f64, f64),
) -> Vec<(f64, f64)> {
    let every = (steps / 400).max(1);
    path.rows()
        .into_iter()
        .take(steps + 1)
        .enumerate()
        .filter(|(k, _)| k % every == 0)
        .map(|(k, row)| pick(k, row))
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect()
}

pub fn run() {
    let start = array![-1.5, 2.0];
    let contenders = [
        ("SGD, lr 1e-3", OptimizerParams::sgd(1e-3)),
        (
            "SGD + momentum 0.9, lr 1e-3",
            OptimizerParams::sgd(1e-3).momentum(0.9),
        ),
        (
            "Nesterov 0.9, lr 1e-3",
            OptimizerParams::nesterov(1e-3, 0.9),
        ),
        ("Adam, lr 0.02", OptimizerParams::adam(0.02)),
        (
            "AdamW, lr 0.02, λ 1e-4",
            OptimizerParams::adamw(0.02).weight_decay(1e-4),
        ),
        (
            "AdamW, lr 0.02, λ 0.01",
            OptimizerParams::adamw(0.02).weight_decay(0.01),
        ),
    ];
    let mut table = Table::new(&[
        "optimizer",
        "steps to f < 1e-6 (yours)",
        "(reference)",
        "f after 20 000 (reference)",
        "your time",
        "reference time",
    ]);
    let mut paths = Vec::new();
    let mut losses = Vec::new();
    for (i, (name, params)) in contenders.iter().enumerate() {
        let gradient = |w: ArrayView1<f64>| rosenbrock_gradient(w);
        let yours = run_learner(|| learner::minimize(params, start.view(), gradient, BUDGET));
        let (theirs, time) = timed(|| reference::minimize(params, start.view(), gradient, BUDGET));
        let theirs = theirs.expect("valid settings");
        table.row(vec![
            name.to_string(),
            yours.ok_cell(steps_to_target),
            steps_to_target(&theirs),
            final_value(&theirs),
            yours.time_cell(),
            seconds(time),
        ]);
        if i == contenders.len() - 1 {
            continue;
        }
        let shown = 3_000;
        paths.push(Series::from_points(
            *name,
            points(&theirs, shown, |_, r| (r[0], r[1])),
        ));
        losses.push(Series::from_points(
            *name,
            points(&theirs, 10_000, |k, r| (k as f64, rosenbrock(r).max(1e-16))),
        ));
        if let Some(Ok(mine)) = yours.value() {
            paths.push(
                Series::from_points(
                    format!("{name} (yours)"),
                    points(mine, shown, |_, r| (r[0], r[1])),
                )
                .dashed(),
            );
        }
    }
    show(
        &table,
        "optimizers on the Rosenbrock function from (−1.5, 2) (minimum 0 at (1, 1))",
        "Plain SGD crawls along the curved valley floor; momentum and Nesterov get there ten \
         times sooner at the same learning rate, Adam without tuning the step to the \
         gradient's size. AdamW with a large λ never gets there: the decay pulls the weights \
         towards 0, and the minimum it settles in is not Rosenbrock's. Your steps should \
         equal the reference's.",
    );
    paths.push(Series::from_points(
        "minimum (1, 1)",
        vec![(0.98, 1.0), (1.02, 1.0)],
    ));
    let chart = LineChart {
        title: "Paths down the Rosenbrock valley (first 3 000 steps)".into(),
        x_label: "x".into(),
        y_label: "y".into(),
        series: paths,
        log_y: false,
    };
    println!();
    show_plot(
        output_path("optimizers_rosenbrock_paths.svg").and_then(|path| line_chart(&path, &chart)),
        "From (−1.5, 2) every path first drops into the parabola-shaped valley y = x², then \
         follows it to (1, 1). Momentum overshoots and swings across the valley; Adam's \
         steps have about the same length whatever the gradient. Your paths are dashed.",
    );
    let chart = LineChart {
        title: "f along the path (log scale, floored at 1e-16; first 10 000 steps)".into(),
        x_label: "step".into(),
        y_label: "f(x, y)".into(),
        series: losses,
        log_y: true,
    };
    println!();
    show_plot(
        output_path("optimizers_rosenbrock_loss.svg").and_then(|path| line_chart(&path, &chart)),
        "The drop to 1e-6 and below: plain SGD's slow line, the momentum methods' fast one \
         down to round-off. Adam and AdamW spike back up again and again: steps of about \
         the learning rate whatever the gradient never settle exactly, which is why Adam is \
         paired with a decaying learning rate in practice.",
    );
}
