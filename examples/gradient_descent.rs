//! Your gradient descent beside the reference on a badly conditioned bowl, at learning
//! rates from timid to reckless, and an SVG of the loss curves; then your Newton's method
//! beside the reference (examples/gradient_descent/newton_method.rs).
//!
//! Run: `cargo run -- compare gradient_descent` or `cargo run -- compare newton_method`
//! (or `cargo run --release --example gradient_descent`)

#[allow(unused_variables, dead_code)]
#[path = "../exercises/02_optimization/gradient_descent.rs"]
mod learner;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/02_optimization/newton_method.rs"]
mod learner_newton;

#[path = "gradient_descent/newton_method.rs"]
mod newton_method;

use mlings::plot::{LineChart, Series, line_chart, output_path};
use mlings::reference::gradient_descent as reference;
use mlings::report::{Table, run_learner, seconds, show, show_plot, timed, write_page};
use mlings::types::gradient_descent::{Descent, DescentError, DescentParams, Objective, Quadratic};
use ndarray::{Array1, Array2, array};

fn outcome(result: &Result<Descent, DescentError>) -> String {
    match result {
        Ok(d) if d.converged => format!("converged in {} steps", d.iterations),
        Ok(d) => format!("stopped at the cap ({} steps)", d.iterations),
        Err(DescentError::Diverged { iteration, .. }) => format!("diverged at step {iteration}"),
        Err(e) => format!("error: {e}"),
    }
}

/// The losses of `steps` plain steps w ← w − η ∇f(w) from `w`, without any stopping
/// rule.
fn plain_steps(f: &impl Objective, mut w: Array1<f64>, rate: f64, steps: usize) -> Vec<f64> {
    let mut losses = vec![f.loss(w.view())];
    for _ in 0..steps {
        w = &w - &(rate * f.gradient(w.view()));
        losses.push(f.loss(w.view()));
    }
    losses
}

fn main() {
    mlings::report::require_optimized("gradient_descent");
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--write-speed-csv") {
        if let Err(e) = newton_method::run(&args) {
            eprintln!("{e}");
        }
        return;
    }
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
        // Distance of the loss from the minimum (−25.5), so a log axis shows the rate.
        let gap = |losses: &[f64]| -> Vec<f64> { losses.iter().map(|l| l + 25.5).collect() };
        match &theirs {
            Ok(descent) => curves.push(Series::from_values(
                format!("η = {rate} (reference)"),
                &gap(&descent.loss_history),
            )),
            // The descent stops at the first sign of divergence: draw where the same
            // steps would have gone.
            Err(DescentError::Diverged { .. }) => curves.push(Series::from_values(
                format!("η = {rate} (diverges)"),
                &gap(&plain_steps(&bowl, start.clone(), rate, 100)),
            )),
            Err(_) => {}
        }
        if let Some(Ok(mine)) = yours.value() {
            curves.push(
                Series::from_values(format!("η = {rate} (yours)"), &gap(&mine.loss_history))
                    .dashed(),
            );
        }
    }
    show(
        &table,
        "gradient descent on a bowl with curvatures 1 and 50",
        "Below 2/50 = 0.04 every rate converges, faster as it grows; at 0.041 the steep \
         direction overshoots more at every step, and yours should report the divergence.",
    );

    let chart = LineChart {
        title: "Gradient descent: loss above the minimum, by learning rate".into(),
        x_label: "step".into(),
        y_label: "f(w) − f(w*)".into(),
        series: curves,
        log_y: true,
    };
    println!();
    show_plot(
        output_path("gradient_descent_loss.svg").and_then(|path| line_chart(&path, &chart)),
        "A straight falling line on this log axis is a constant rate of convergence: steeper \
         for larger safe rates. The diverging rate's line climbs. Your curves (dashed) should \
         lie on the reference's.",
    );
    if let Err(e) = newton_method::run(&args) {
        eprintln!("Newton's method: {e}");
    }
    write_page("Gradient descent and Newton's method: yours and the reference");
}
