//! The lasso and the elastic net on diabetes: yours, the reference, linfa-elasticnet
//! and scikit-learn's published figures; the coefficient paths of the lasso and of ridge.

use std::error::Error;
use std::path::PathBuf;

use linfa::prelude::Fit;
use linfa_elasticnet::ElasticNet;
use mlings::plot::{LineChart, Series, line_chart, output_path};
use mlings::prep::StandardizedSplit;
use mlings::reference::{lasso, ridge};
use mlings::report::{Run, Table, best_of, run_learner, seconds, show, show_plot};
use mlings::types::lasso::{LassoFit, LassoParams, LinearModel};
use ndarray::ArrayView1;

use crate::learner_lasso;

/// scikit-learn 1.9.1 on this split (datasets/README.md): (α, l1_ratio, test R², nonzero).
const SKLEARN: [(f64, f64, f64, usize); 5] = [
    (0.01, 1.0, 0.4529, 10),
    (0.1, 1.0, 0.4555, 10),
    (1.0, 1.0, 0.4669, 9),
    (10.0, 1.0, 0.4463, 4),
    (0.1, 0.5, 0.4590, 10),
];

fn test_r2(model: &LinearModel, split: &StandardizedSplit) -> f64 {
    let predicted = split.x_test.dot(&model.coefficients) + model.intercept;
    let y: ArrayView1<f64> = split.y_test.view();
    let mean = y.mean().unwrap_or(0.0);
    let residual: f64 = (&predicted - &y).mapv(|r| r * r).sum();
    let total: f64 = y.mapv(|v| (v - mean) * (v - mean)).sum();
    1.0 - residual / total
}

fn summary(model: &LinearModel, split: &StandardizedSplit) -> String {
    let kept = model.coefficients.iter().filter(|w| **w != 0.0).count();
    format!("{:.4} / {kept}", test_r2(model, split))
}

fn linfa_fit(split: &StandardizedSplit, alpha: f64, l1_ratio: f64) -> Result<LinearModel, String> {
    let data = linfa::Dataset::new(split.x_train.clone(), split.y_train.clone());
    let fitted = ElasticNet::params()
        .penalty(alpha)
        .l1_ratio(l1_ratio)
        .tolerance(1e-10)
        .max_iterations(100_000)
        .fit(&data)
        .map_err(|e| e.to_string())?;
    Ok(LinearModel {
        intercept: fitted.intercept(),
        coefficients: fitted.hyperplane().clone(),
    })
}

/// Test R² and nonzero coefficients for each setting scikit-learn published, with fit
/// times (best of 5).
pub fn print_table(split: &StandardizedSplit) {
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let mut table = Table::new(&[
        "α, l1_ratio",
        "scikit-learn R² / kept",
        "reference",
        "yours",
        "linfa-elasticnet",
        "reference time",
        "your time",
        "linfa time",
    ]);
    for (alpha, ratio, r2, kept) in SKLEARN {
        let params = LassoParams::new(alpha).l1_ratio(ratio);
        let (reference, reference_time) = best_of(5, || lasso::fit(x, y, &params));
        let yours: Run<_> = run_learner(|| learner_lasso::fit(x, y, &params));
        let (linfa, linfa_time) = best_of(5, || linfa_fit(split, alpha, ratio));
        let cell = |fit: &Result<LassoFit, _>| match fit {
            Ok(fit) => summary(&fit.model, split),
            Err(e) => format!("error: {e}"),
        };
        table.row(vec![
            format!("{alpha}, {ratio}"),
            format!("{r2:.4} / {kept}"),
            cell(&reference),
            yours.cell(cell),
            linfa.map_or_else(|e| format!("error: {e}"), |m| summary(&m, split)),
            seconds(reference_time),
            yours.time_cell(),
            seconds(linfa_time),
        ]);
    }
    println!("the lasso (l1_ratio 1) and the elastic net on diabetes, standardized on train:");
    show(
        &table,
        "lasso and elastic net on diabetes: test R² / nonzero coefficients",
        "Every column should read as scikit-learn's: the same test R² to 4 decimals and the \
         same number of features kept (4 of 10 at α = 10).",
    );
}

/// The coefficient paths: the lasso from α_max down (coordinate descent, warm-started),
/// and ridge over a range of its α, each coefficient against log10 α.
pub fn plot_paths(
    split: &StandardizedSplit,
    names: &[String],
) -> [Result<PathBuf, Box<dyn Error>>; 2] {
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let lasso_path = || -> Result<PathBuf, Box<dyn Error>> {
        let top = lasso::alpha_max(x, y, 1.0)?;
        let alphas: Vec<f64> = (0..60)
            .map(|k| top * 10f64.powf(-4.0 * k as f64 / 59.0))
            .collect();
        let fits = lasso::path(x, y, &alphas, &LassoParams::new(top))?;
        let chart = chart_of(
            "lasso coefficients on standardized diabetes: features enter one by one",
            "log10 α (lasso: 1/(2n)·‖y − Xw − b‖² + α‖w‖₁)",
            names,
            &alphas,
            |k, j| fits[k].model.coefficients[j],
        );
        Ok(line_chart(&output_path("lasso_path.svg")?, &chart)?)
    };
    let ridge_path = || -> Result<PathBuf, Box<dyn Error>> {
        let alphas: Vec<f64> = (0..60)
            .map(|k| 10f64.powf(6.0 - 7.0 * k as f64 / 59.0))
            .collect();
        let models = alphas
            .iter()
            .map(|&a| ridge::fit(x, y, a))
            .collect::<Result<Vec<_>, _>>()?;
        let chart = chart_of(
            "ridge coefficients on standardized diabetes: all shrink, none is 0",
            "log10 α (ridge: ‖y − Xw − b‖² + α‖w‖²)",
            names,
            &alphas,
            |k, j| models[k].coefficients[j],
        );
        Ok(line_chart(&output_path("ridge_path.svg")?, &chart)?)
    };
    [lasso_path(), ridge_path()]
}

fn chart_of(
    title: &str,
    x_label: &str,
    names: &[String],
    alphas: &[f64],
    coefficient: impl Fn(usize, usize) -> f64,
) -> LineChart {
    let series = names
        .iter()
        .enumerate()
        .map(|(j, name)| {
            let points = (0..alphas.len())
                .map(|k| (alphas[k].log10(), coefficient(k, j)))
                .collect();
            Series::from_points(name.clone(), points)
        })
        .collect();
    LineChart {
        title: title.into(),
        x_label: x_label.into(),
        y_label: "coefficient".into(),
        series,
        log_y: false,
    }
}

/// The table and both path plots.
pub fn run(split: &StandardizedSplit, names: &[String]) {
    print_table(split);
    let [lasso_plot, ridge_plot] = plot_paths(split, names);
    show_plot(
        lasso_plot.map_err(|e| e.to_string()),
        "Read from right (large α) to left: every coefficient starts at exactly 0 and the \
         features enter one at a time (bmi and s5 first); at small α the lasso is least \
         squares.",
    );
    show_plot(
        ridge_plot.map_err(|e| e.to_string()),
        "Ridge shrinks every coefficient smoothly towards 0 but none reaches it: ridge never \
         selects features.",
    );
}
