//! Your gradient descent beside the reference on a badly conditioned bowl, at learning
//! rates from timid to reckless, and an SVG of the loss curves.
//!
//! Run: `cargo run --release --example gradient_descent`

#[allow(unused_variables, dead_code)]
#[path = "../exercises/02_optimization/gradient_descent.rs"]
mod learner;

use mlings::plot::{LineChart, Series, line_chart, output_path};
use mlings::reference::gradient_descent as reference;
use mlings::report::{Table, run_learner, seconds, timed};
use mlings::types::gradient_descent::{Descent, DescentError, DescentParams, Quadratic};
use ndarray::{Array1, Array2, array};

fn outcome(result: &Result<Descent, DescentError>) -> String {
    match result {
        Ok(d) if d.converged => format!("converged in {} steps", d.iterations),
        Ok(d) => format!("stopped at the cap ({} steps)", d.iterations),
        Err(DescentError::Diverged { iteration, .. }) => format!("diverged at step {iteration}"),
        Err(e) => format!("error: {e}"),
    }
}

fn main() {
    // f(w) = ½ wᵀ diag(1, 50) w − (1, 50)·w: minimum at (1, 1); the steep direction
    // (curvature 50) allows learning rates below 2/50 = 0.04 only.
    let bowl = Quadratic {
        a: Array2::from_diag(&array![1.0, 50.0]),
        b: array![1.0, 50.0],
    };
    let start = Array1::zeros(2);
    println!("bowl with curvatures 1 and 50: safe learning rates are below 2/50 = 0.04\n");
    let mut table = Table::new(&["learning rate", "yours", "reference", "reference time"]);
    let mut curves = Vec::new();
    for rate in [0.001, 0.01, 0.03, 0.039, 0.041] {
        let params = DescentParams::new(rate).max_iterations(5_000);
        let yours = run_learner(|| learner::minimize(&bowl, start.view(), &params));
        let (theirs, time) = timed(|| reference::minimize(&bowl, start.view(), &params));
        table.row(vec![
            rate.to_string(),
            yours.cell(outcome),
            outcome(&theirs),
            seconds(time),
        ]);
        let history = match yours.value() {
            Some(Ok(mine)) => Some(("yours", mine.loss_history.clone())),
            _ => theirs
                .as_ref()
                .ok()
                .map(|d| ("reference", d.loss_history.clone())),
        };
        if let Some((whose, losses)) = history {
            // Distance of the loss from the minimum (−25.5), so a log axis shows the rate.
            let gap: Vec<f64> = losses.iter().map(|l| l + 25.5).collect();
            curves.push(Series::from_values(format!("η = {rate} ({whose})"), &gap));
        }
    }
    print!("{table}");

    let chart = LineChart {
        title: "Gradient descent: loss above the minimum, by learning rate".into(),
        x_label: "step".into(),
        y_label: "f(w) − f(w*)".into(),
        series: curves,
        log_y: true,
    };
    match output_path("gradient_descent_loss.svg").and_then(|path| line_chart(&path, &chart)) {
        Ok(path) => println!("\nloss curves written to {}", path.display()),
        Err(error) => eprintln!("\ncould not draw the loss curves: {error}"),
    }
}
