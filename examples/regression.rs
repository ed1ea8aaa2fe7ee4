//! Your linear models beside the reference solutions and linfa: least squares, gradient
//! descent, SGD, ridge and the lasso on diabetes, your metrics beside linfa's, SVG charts
//! (batch vs stochastic vs mini-batch loss curves; raw vs standardized features; the
//! lasso's and ridge's coefficient paths), and a speed race on a 1 000 000 x 10
//! regression problem.
//!
//! Run: `cargo run -- compare linear_regression` (or `cargo run --release --example
//! regression`).

// The ridge skeleton includes this file too (it reuses your `solve` and `predict`).
#[allow(unused_variables, dead_code)]
#[path = "../exercises/03_regression/lasso.rs"]
mod learner_lasso;
#[allow(unused_variables, dead_code, clippy::duplicate_mod)]
#[path = "../exercises/03_regression/linear_regression.rs"]
mod learner_linear_regression;
#[allow(unused_variables, dead_code)]
#[path = "../exercises/03_regression/linear_regression_gd.rs"]
mod learner_linear_regression_gd;
#[allow(unused_variables, dead_code)]
#[path = "../exercises/03_regression/regression_metrics.rs"]
mod learner_regression_metrics;
#[allow(unused_variables, dead_code)]
#[path = "../exercises/03_regression/ridge.rs"]
mod learner_ridge;
#[allow(unused_variables, dead_code)]
#[path = "../exercises/03_regression/sgd.rs"]
mod learner_sgd;

#[path = "regression/lasso.rs"]
mod lasso_part;

use std::error::Error;
use std::fmt::Display;
use std::path::PathBuf;
use std::time::Duration;

use linfa::prelude::{Fit, SingleTargetRegression};
use linfa_linear::LinearRegression;
use mlings::datasets::{self, synthetic};
use mlings::plot::{
    Group, LineChart, PlotError, Scatter, Series, line_chart, output_path, scatter_plot,
};
use mlings::prep::StandardizedSplit;
use mlings::reference::{linear_regression, linear_regression_gd, regression_metrics, ridge, sgd};
use mlings::report::{
    Run, Table, best_of, run_learner, seconds, show, show_plot, timed, write_page,
};
use mlings::types::linear_regression::LinearModel;
use mlings::types::linear_regression_gd::{GdParams, Training};
use mlings::types::sgd::SgdParams;
use ndarray::{Array1, ArrayView1, ArrayView2};

type Outcome<T, E> = Run<Result<T, E>>;

/// A finished reference or linfa run, in the shape of a learner's run.
fn done<T, E>(value: Result<T, E>, time: Duration) -> Outcome<T, E> {
    Run::Done(value, time)
}

fn predictions(model: &LinearModel, x: ArrayView2<f64>) -> Array1<f64> {
    x.dot(&model.coefficients) + model.intercept
}

fn r2(model: &LinearModel, x: ArrayView2<f64>, y: ArrayView1<f64>) -> String {
    let predicted = predictions(model, x);
    regression_metrics::r2_score(y, predicted.view())
        .map_or_else(|e| e.to_string(), |r2| format!("{r2:.4}"))
}

fn linfa_least_squares(x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<LinearModel, String> {
    let fitted = LinearRegression::new()
        .fit(&linfa::DatasetBase::new(x, y))
        .map_err(|e| e.to_string())?;
    Ok(LinearModel {
        intercept: fitted.intercept(),
        coefficients: fitted.params().clone(),
    })
}

/// The linear models of the topic on standardized diabetes: test R², intercept, time.
fn diabetes_models(split: &StandardizedSplit) -> Vec<(String, Outcome<LinearModel, String>)> {
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let gd = GdParams::new(0.25).iterations(3_000);
    let mini_batch = SgdParams::new(0.05)
        .batch_size(16)
        .decay(0.3)
        .epochs(30)
        .seed(1);
    let text = |e: &dyn Display| e.to_string();
    let model_of = |t: Training| t.model;
    let mut rows: Vec<(String, Outcome<LinearModel, String>)> = Vec::new();
    let (model, time) = timed(|| linfa_least_squares(x, y));
    rows.push(("least squares, linfa-linear".into(), done(model, time)));
    let (model, time) = timed(|| linear_regression::fit(x, y).map_err(|e| text(&e)));
    rows.push(("least squares, reference".into(), done(model, time)));
    let yours = run_learner(|| learner_linear_regression::fit(x, y).map_err(|e| text(&e)));
    rows.push(("least squares, yours".into(), yours));
    let (model, time) = timed(|| {
        linear_regression_gd::fit(x, y, &gd)
            .map(model_of)
            .map_err(|e| text(&e))
    });
    rows.push((
        "gradient descent (3000 x 0.25), reference".into(),
        done(model, time),
    ));
    let yours = run_learner(|| {
        learner_linear_regression_gd::fit(x, y, &gd)
            .map(model_of)
            .map_err(|e| text(&e))
    });
    rows.push(("gradient descent (3000 x 0.25), yours".into(), yours));
    let (model, time) = timed(|| {
        sgd::fit(x, y, &mini_batch)
            .map(model_of)
            .map_err(|e| text(&e))
    });
    rows.push((
        "mini-batch SGD (16 rows, 30 epochs), reference".into(),
        done(model, time),
    ));
    let yours = run_learner(|| {
        learner_sgd::fit(x, y, &mini_batch)
            .map(model_of)
            .map_err(|e| text(&e))
    });
    rows.push(("mini-batch SGD (16 rows, 30 epochs), yours".into(), yours));
    let (model, time) = timed(|| ridge::fit(x, y, 1.0).map_err(|e| text(&e)));
    rows.push(("ridge α = 1, reference".into(), done(model, time)));
    let yours = run_learner(|| learner_ridge::fit(x, y, 1.0).map_err(|e| text(&e)));
    rows.push(("ridge α = 1, yours".into(), yours));
    rows
}

fn print_diabetes_tables(
    split: &StandardizedSplit,
    rows: &[(String, Outcome<LinearModel, String>)],
    feature_names: &[String],
) {
    println!(
        "diabetes, reference split (353 train / 89 test rows), standardized on train\n\
         scikit-learn: least squares test R² 0.4526, ridge (α = 1) 0.4541\n"
    );
    let mut table = Table::new(&["model", "test R²", "intercept", "fit time"]);
    for (name, run) in rows {
        table.row(vec![
            name.clone(),
            run.ok_cell(|m| r2(m, split.x_test.view(), split.y_test.view())),
            run.ok_cell(|m| format!("{:.3}", m.intercept)),
            run.time_cell(),
        ]);
    }
    show(
        &table,
        "linear models on standardized diabetes: test R²",
        "Every least-squares row should read 0.4526 (scikit-learn's figure): gradient descent \
         and SGD come close, ridge with α = 1 slightly higher (0.4541). Your rows should \
         match the reference's.",
    );
    let mut header = vec!["feature"];
    let shown: Vec<&(String, Outcome<LinearModel, String>)> = rows
        .iter()
        .filter(|(name, _)| {
            name.contains("linfa")
                || name.starts_with("least squares, yours")
                || name.starts_with("ridge")
        })
        .collect();
    header.extend(shown.iter().map(|(name, _)| name.as_str()));
    let mut coefficients = Table::new(&header);
    for (j, feature) in feature_names.iter().enumerate() {
        let mut cells = vec![feature.clone()];
        cells.extend(
            shown
                .iter()
                .map(|(_, run)| run.ok_cell(|m| format!("{:.3}", m.coefficients[j]))),
        );
        coefficients.row(cells);
    }
    println!("coefficients (per standard deviation of each feature):");
    show(
        &coefficients,
        "coefficients per standard deviation of each feature",
        "s1 and s2 (blood serum) are large and of opposite signs in least squares: they are \
         correlated, and ridge shrinks them towards each other.",
    );
}

/// Your regression metrics beside the reference and linfa, on least-squares predictions.
fn print_regression_metrics(split: &StandardizedSplit) -> Result<(), Box<dyn Error>> {
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let model = linfa_least_squares(x, y)?;
    let predicted = predictions(&model, split.x_test.view());
    let (truth, guess) = (split.y_test.view(), predicted.view());
    type Metric<E> = fn(ArrayView1<f64>, ArrayView1<f64>) -> Result<f64, E>;
    let rows: [(&str, Metric<_>, Metric<_>, f64); 3] = [
        (
            "MSE",
            learner_regression_metrics::mean_squared_error,
            regression_metrics::mean_squared_error,
            guess.mean_squared_error(&truth)?,
        ),
        (
            "MAE",
            learner_regression_metrics::mean_absolute_error,
            regression_metrics::mean_absolute_error,
            guess.mean_absolute_error(&truth)?,
        ),
        (
            "R²",
            learner_regression_metrics::r2_score,
            regression_metrics::r2_score,
            guess.r2(&truth)?,
        ),
    ];
    let mut table = Table::new(&["metric", "yours", "reference", "linfa"]);
    for (name, yours, reference, linfa) in rows {
        let mine = run_learner(|| yours(truth, guess));
        table.row(vec![
            name.into(),
            mine.ok_cell(|v| format!("{v:.6}")),
            format!("{:.6}", reference(truth, guess)?),
            format!("{linfa:.6}"),
        ]);
    }
    println!("regression metrics of least squares on the 89 diabetes test rows:");
    show(
        &table,
        "regression metrics on the 89 diabetes test rows",
        "Yours, the reference and linfa should agree to six decimals.",
    );
    Ok(())
}

/// One SVG line chart of training MSE per epoch for batch, mini-batch and stochastic
/// descent on standardized diabetes (yours if you have solved `sgd`).
fn plot_sgd_curves(split: &StandardizedSplit) -> Result<PathBuf, Box<dyn Error>> {
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let best = linear_regression::fit(x, y)?;
    let minimum = linear_regression_gd::mse(&best, x, y)?;
    let settings = [
        (
            "batch (all 353 rows, η = 0.25)",
            SgdParams::new(0.25).batch_size(353),
        ),
        (
            "mini-batch (16 rows, η₀ = 0.05, decay 0.3)",
            SgdParams::new(0.05).batch_size(16).decay(0.3),
        ),
        (
            "stochastic (1 row, η₀ = 0.01, decay 0.3)",
            SgdParams::new(0.01).batch_size(1).decay(0.3),
        ),
    ];
    let mut series = Vec::new();
    for (name, params) in settings {
        let params = params.epochs(30).seed(1);
        let gap = |history: &[f64]| -> Vec<f64> {
            history.iter().map(|l| (l - minimum).max(1e-9)).collect()
        };
        let theirs = sgd::fit(x, y, &params)?.loss_history;
        series.push(Series::from_values(
            format!("{name}, reference"),
            &gap(&theirs),
        ));
        if let Run::Done(Ok(training), _) = run_learner(|| learner_sgd::fit(x, y, &params)) {
            series.push(
                Series::from_values(format!("{name}, yours"), &gap(&training.loss_history))
                    .dashed(),
            );
        }
    }
    let chart = LineChart {
        title: "Diabetes: training MSE above its minimum, after each epoch".into(),
        x_label: "epoch (one pass over the training rows)".into(),
        y_label: "training MSE − least-squares minimum".into(),
        series,
        log_y: true,
    };
    Ok(line_chart(
        &output_path("regression_sgd_loss.svg")?,
        &chart,
    )?)
}

/// Gradient descent on raw and on standardized diabetes features: distance of the
/// training MSE from its minimum, step by step.
fn plot_standardization(split: &StandardizedSplit) -> Result<PathBuf, Box<dyn Error>> {
    let diabetes = datasets::diabetes();
    let (train, _) = diabetes.split(&diabetes.reference_split()?)?;
    let minimum = {
        let model = linear_regression::fit(split.x_train.view(), split.y_train.view())?;
        linear_regression_gd::mse(&model, split.x_train.view(), split.y_train.view())?
    };
    let runs = [
        (
            "standardized features, η = 0.25",
            split.x_train.view(),
            0.25,
        ),
        (
            "raw features, η = 1e-5 (3e-5 diverges)",
            train.features.view(),
            1e-5,
        ),
    ];
    let mut series = Vec::new();
    let gap =
        |history: &[f64]| -> Vec<f64> { history.iter().map(|l| (l - minimum).max(1e-9)).collect() };
    let mut yours = Vec::new();
    for (name, x, rate) in runs {
        let params = GdParams::new(rate).iterations(3_000);
        let theirs = linear_regression_gd::fit(x, split.y_train.view(), &params)?;
        series.push(Series::from_values(
            format!("{name}, reference"),
            &gap(&theirs.loss_history),
        ));
        if let Run::Done(Ok(training), _) =
            run_learner(|| learner_linear_regression_gd::fit(x, split.y_train.view(), &params))
        {
            yours.push(
                Series::from_values(format!("{name}, yours"), &gap(&training.loss_history))
                    .dashed(),
            );
        }
    }
    series.extend(yours);
    let chart = LineChart {
        title: "Gradient descent on diabetes: why standardize".into(),
        x_label: "step".into(),
        y_label: "training MSE − its minimum".into(),
        series,
        log_y: true,
    };
    Ok(line_chart(
        &output_path("regression_standardize.svg")?,
        &chart,
    )?)
}

/// Predicted against actual disease progression on the 89 diabetes test rows, and the
/// residuals against the prediction: least squares, the reference's and yours.
fn plot_predictions(
    split: &StandardizedSplit,
    rows: &[(String, Outcome<LinearModel, String>)],
) -> [Result<PathBuf, PlotError>; 2] {
    let truth = split.y_test.view();
    let models: Vec<Group> = rows
        .iter()
        .filter(|(name, _)| {
            name.starts_with("least squares, reference") || name.starts_with("least squares, yours")
        })
        .filter_map(|(name, run)| match run.value() {
            Some(Ok(model)) => Some((name, predictions(model, split.x_test.view()))),
            _ => None,
        })
        .map(|(name, predicted)| Group {
            name: name.trim_start_matches("least squares, ").into(),
            points: truth.iter().copied().zip(predicted).collect(),
        })
        .collect();
    let (lo, hi) = truth
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &t| {
            (lo.min(t), hi.max(t))
        });
    let versus = Scatter {
        title: "Least squares on diabetes: predicted against actual (89 test rows)".into(),
        x_label: "actual disease progression".into(),
        y_label: "predicted".into(),
        groups: models.clone(),
        markers: Vec::new(),
        markers_name: String::new(),
        line: Some(("perfect prediction".into(), [(lo, lo), (hi, hi)])),
    };
    let residual_groups: Vec<Group> = models
        .iter()
        .map(|g| Group {
            name: g.name.clone(),
            points: g.points.iter().map(|&(t, p)| (p, t - p)).collect(),
        })
        .collect();
    let (plo, phi) = residual_groups
        .iter()
        .flat_map(|g| g.points.iter())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.0), hi.max(p.0))
        });
    let residuals = Scatter {
        title: "Least squares on diabetes: residuals (actual − predicted)".into(),
        x_label: "predicted disease progression".into(),
        y_label: "residual".into(),
        groups: residual_groups,
        markers: Vec::new(),
        markers_name: String::new(),
        line: Some(("no error".into(), [(plo, 0.0), (phi, 0.0)])),
    };
    [
        output_path("regression_predicted_actual.svg").and_then(|p| scatter_plot(&p, &versus)),
        output_path("regression_residuals.svg").and_then(|p| scatter_plot(&p, &residuals)),
    ]
}

/// The closed form and gradient descent against linfa-linear on a seeded 1 000 000 x 10
/// problem, in the same run.
fn speed() -> Result<(), Box<dyn Error>> {
    let (data, true_w, true_b) = synthetic::linear_regression(1_000_000, 10, 1.0, 7)?;
    let (x, y) = (data.features.view(), data.targets.view());
    let gd = GdParams::new(0.25).iterations(50);
    let error = |model: &LinearModel| {
        let worst = (&model.coefficients - &true_w)
            .iter()
            .fold((model.intercept - true_b).abs(), |m, d| m.max(d.abs()));
        format!("{worst:.1e}")
    };
    let (linfa, linfa_time) = best_of(3, || linfa_least_squares(x, y));
    let linfa = linfa?;
    let (closed, closed_time) = best_of(3, || linear_regression::fit(x, y));
    let closed = closed?;
    let (descent, descent_time) = best_of(3, || linear_regression_gd::fit(x, y, &gd));
    let descent = descent?.model;
    let ratio = |time: Duration| {
        let r = linfa_time.as_secs_f64() / time.as_secs_f64();
        if r >= 1.0 {
            format!("{r:.1}x")
        } else {
            format!("{r:.3}x")
        }
    };
    let mut table = Table::new(&[
        "fit",
        "time",
        "linfa's time / this time",
        "largest |θ − θ_true|",
    ]);
    table.row(vec![
        "linfa-linear (SVD least squares)".into(),
        seconds(linfa_time),
        "1.0x".into(),
        error(&linfa),
    ]);
    table.row(vec![
        "reference closed form".into(),
        seconds(closed_time),
        ratio(closed_time),
        error(&closed),
    ]);
    table.row(vec![
        "reference gradient descent (50 x 0.25)".into(),
        seconds(descent_time),
        ratio(descent_time),
        error(&descent),
    ]);
    let yours = run_learner(|| learner_linear_regression::fit(x, y));
    let yours_gd = run_learner(|| learner_linear_regression_gd::fit(x, y, &gd).map(|t| t.model));
    for (name, run) in [
        ("your closed form", &yours),
        ("your gradient descent (50 x 0.25)", &yours_gd),
    ] {
        let time = match run {
            Run::Done(_, time) => ratio(*time),
            _ => "-".into(),
        };
        table.row(vec![name.into(), run.time_cell(), time, run.ok_cell(error)]);
    }
    println!(
        "\nspeed: seeded synthetic regression, 1 000 000 rows x 10 features, noise 1 \
         (best of 3 runs; single-threaded, optimized build)"
    );
    show(
        &table,
        "speed on 1 000 000 x 10",
        "The reference's closed form beats linfa-linear; a gradient descent that reads every \
         row at every step is far slower than one that reads the data once.",
    );
    println!(
        "The closed form reads the data once into XᵀX, Xᵀy and the column sums (an O(n·p²) \
         pass)\nand solves a (p + 1) x (p + 1) system. Gradient descent is written as you write \
         it: every\nstep reads all n rows twice (the gradient, then the loss), so 50 steps cost \
         about 100 passes."
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    mlings::report::require_optimized("linear_regression");
    let diabetes = datasets::diabetes();
    let split = StandardizedSplit::reference(&diabetes)?;
    let rows = diabetes_models(&split);
    print_diabetes_tables(&split, &rows, &diabetes.feature_names);
    print_regression_metrics(&split)?;
    println!();
    let [versus, residuals] = plot_predictions(&split, &rows);
    show_plot(
        versus,
        "Points on the diagonal are perfect predictions. R² = 0.45 shows as a wide cloud that \
         is flatter than the diagonal: high progressions are under-predicted, low ones \
         over-predicted. Your points should sit on the reference's.",
    );
    show_plot(
        residuals,
        "Residuals should scatter evenly around 0 with no pattern; a funnel (spread growing \
         with the prediction) or a curve would say a linear model misses something.",
    );
    show_plot(
        plot_sgd_curves(&split),
        "Batch descent falls smoothly; mini-batch and stochastic descent fall faster per \
         epoch, then wobble at a level set by their learning rate. Yours (dashed) should lie \
         on the reference's.",
    );
    show_plot(
        plot_standardization(&split),
        "On standardized features the gap falls by orders of magnitude in a few hundred \
         steps; on raw features the largest safe rate is so small that it barely moves. \
         Yours (dashed) should lie on the reference's.",
    );
    println!();
    lasso_part::run(&split, &diabetes.feature_names);
    speed()?;
    write_page("Linear models: yours, the reference, linfa");
    Ok(())
}
