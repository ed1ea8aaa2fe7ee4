//! Gaussian naive Bayes: yours beside the reference, linfa-bayes' `GaussianNb` and
//! scikit-learn's published test accuracies on the bundled reference splits (raw
//! features), with fit and predict times; the iris hand check; and the decision regions
//! on iris petals.

#[allow(unused_variables, dead_code)]
#[path = "../../exercises/04_classification/naive_bayes.rs"]
mod learner;

use std::error::Error;
use std::path::PathBuf;
use std::time::Duration;

use linfa::prelude::{Fit, Predict};
use linfa_bayes::{GaussianNb, NaiveBayes};
use mlings::datasets::{self, Dataset};
use mlings::plot::{Group, PlotError, RegionsPanel, decision_regions, output_path};
use mlings::prep::LabelledSplit;
use mlings::reference::naive_bayes as reference;
use mlings::report::{Run, Table, best_of, run_learner, seconds, show, show_plot};
use mlings::types::naive_bayes::{GaussianNbModel, GaussianNbParams, NaiveBayesError};
use ndarray::{Array1, Array2, ArrayView2};

/// What one implementation gives on the test rows.
struct Outcome {
    labels: Array1<usize>,
    proba: Array2<f64>,
    fit_time: Duration,
    predict_time: Duration,
}

fn share_equal(a: &Array1<usize>, b: &Array1<usize>) -> f64 {
    let same = a.iter().zip(b).filter(|(p, q)| p == q).count();
    same as f64 / b.len().max(1) as f64
}

/// The largest |p − q| over the entries where linfa's posterior is a number, and how
/// many of linfa's are not.
fn proba_gap(p: &Array2<f64>, linfa: &Array2<f64>) -> (f64, usize) {
    let mut gap = 0.0f64;
    let mut broken = 0;
    for (a, b) in p.iter().zip(linfa) {
        if b.is_finite() {
            gap = gap.max((a - b).abs());
        } else {
            broken += 1;
        }
    }
    (gap, broken)
}

type Fitter<'a> = &'a dyn Fn(
    ArrayView2<f64>,
    ndarray::ArrayView1<usize>,
    &GaussianNbParams,
) -> Result<GaussianNbModel, NaiveBayesError>;

type Predictor<'a> =
    &'a dyn Fn(&GaussianNbModel, ArrayView2<f64>) -> Result<Array1<usize>, NaiveBayesError>;

type Posterior<'a> =
    &'a dyn Fn(&GaussianNbModel, ArrayView2<f64>) -> Result<Array2<f64>, NaiveBayesError>;

/// Fits and predicts with one of the two course implementations (best of 5 timings).
fn course_run(
    split: &LabelledSplit,
    params: &GaussianNbParams,
    fit: Fitter,
    predict: Predictor,
    proba: Posterior,
) -> Result<Outcome, NaiveBayesError> {
    let (x, y) = (split.train.features.view(), split.y_train.view());
    let x_test = split.test.features.view();
    let (model, fit_time) = best_of(5, || fit(x, y, params));
    let model = model?;
    let (labels, predict_time) = best_of(5, || predict(&model, x_test));
    Ok(Outcome {
        labels: labels?,
        proba: proba(&model, x_test)?,
        fit_time,
        predict_time,
    })
}

fn linfa_run(split: &LabelledSplit, var_smoothing: f64) -> Result<Outcome, Box<dyn Error>> {
    let data = linfa::Dataset::new(split.train.features.clone(), split.y_train.clone());
    let (model, fit_time) = best_of(5, || {
        GaussianNb::params().var_smoothing(var_smoothing).fit(&data)
    });
    let model = model?;
    let (labels, predict_time) = best_of(5, || -> Array1<usize> {
        model.predict(&split.test.features)
    });
    let (proba, _) = model.predict_proba(split.test.features.view());
    Ok(Outcome {
        labels,
        proba,
        fit_time,
        predict_time,
    })
}

/// The accuracy table on iris, wine, breast_cancer and digits (two smoothings).
fn accuracy_table() -> Result<(), Box<dyn Error>> {
    let cases: [(Dataset, f64, f64); 5] = [
        (datasets::iris(), 1e-9, 0.967),
        (datasets::wine(), 1e-9, 0.972),
        (datasets::breast_cancer(), 1e-9, 0.939),
        (datasets::digits(), 1e-9, 0.811),
        (datasets::digits(), 0.01, 0.922),
    ];
    let mut table = Table::new(&[
        "dataset",
        "var_smoothing",
        "model",
        "test accuracy",
        "scikit-learn",
        "same label as linfa",
        "max |Δp| vs linfa",
        "fit time",
        "predict time",
    ]);
    for (data, vs, published) in cases {
        let split = LabelledSplit::reference(&data)?;
        let params = GaussianNbParams::new().var_smoothing(vs);
        let linfa = linfa_run(&split, vs)?;
        let theirs = course_run(
            &split,
            &params,
            &reference::fit,
            &reference::predict,
            &reference::predict_proba,
        );
        let yours = run_learner(|| {
            course_run(
                &split,
                &params,
                &learner::fit,
                &learner::predict,
                &learner::predict_proba,
            )
        });
        let theirs = Run::Done(theirs, Duration::ZERO);
        let (n_train, n_test) = (split.y_train.len(), split.y_test.len());
        let name = format!("{} ({n_train} / {n_test})", data.name);
        let mut row = |model: &str, outcome: &Run<Result<Outcome, NaiveBayesError>>| {
            let cells: Vec<String> = match outcome.value() {
                Some(Ok(o)) => {
                    let (gap, broken) = proba_gap(&o.proba, &linfa.proba);
                    let gap = if broken > 0 {
                        format!("{gap:.1e} ({broken} of linfa's are NaN)")
                    } else {
                        format!("{gap:.1e}")
                    };
                    vec![
                        format!("{:.3}", share_equal(&o.labels, &split.y_test)),
                        format!("{published}"),
                        format!("{:.1}%", 100.0 * share_equal(&o.labels, &linfa.labels)),
                        gap,
                        seconds(o.fit_time),
                        seconds(o.predict_time),
                    ]
                }
                _ => {
                    let reason = outcome.ok_cell(|_| String::new());
                    vec![
                        reason,
                        format!("{published}"),
                        "-".into(),
                        "-".into(),
                        "-".into(),
                        "-".into(),
                    ]
                }
            };
            let mut all = vec![name.clone(), format!("{vs:e}"), model.to_string()];
            all.extend(cells);
            table.row(all);
        };
        row("reference", &theirs);
        row("yours", &yours);
        let linfa_nan = linfa.proba.iter().filter(|v| !v.is_finite()).count();
        table.row(vec![
            name.clone(),
            format!("{vs:e}"),
            "linfa-bayes GaussianNb".into(),
            format!("{:.3}", share_equal(&linfa.labels, &split.y_test)),
            format!("{published}"),
            "100.0%".into(),
            if linfa_nan > 0 {
                format!("{linfa_nan} NaN posteriors")
            } else {
                "0".into()
            },
            seconds(linfa.fit_time),
            seconds(linfa.predict_time),
        ]);
    }
    println!(
        "Gaussian naive Bayes on the reference splits (train / test rows), raw features; \
         best of 5 timings\n"
    );
    show(
        &table,
        "Gaussian naive Bayes: yours, the reference, linfa-bayes and scikit-learn",
        "Yours should equal the reference's accuracy and scikit-learn's figure on every row. \
         On digits the smoothing matters: 129 class × pixel pairs are constant on train, and \
         var_smoothing 0.01 lifts the accuracy from 0.811 to 0.922. linfa-bayes normalizes \
         its posteriors without shifting by the largest log-likelihood, so where every \
         class's likelihood underflows its predict_proba gives NaN; log_sum_exp avoids that.",
    );
    Ok(())
}

/// The hand check of SOURCES.md: iris sepal length, per class.
fn iris_hand_check() -> Result<(), Box<dyn Error>> {
    let split = LabelledSplit::reference(&datasets::iris())?;
    let (x, y) = (split.train.features.view(), split.y_train.view());
    let params = GaussianNbParams::new();
    let theirs = reference::fit(x, y, &params)?;
    let yours = run_learner(|| learner::fit(x, y, &params));
    let published_means = [4.985, 5.930, 6.610];
    let published_vars = [0.092775, 0.2216, 0.4574];
    let mut table = Table::new(&["quantity", "yours", "reference", "scikit-learn"]);
    for c in 0..3 {
        let name = &datasets::iris().target_names[c];
        table.row(vec![
            format!("mean of sepal length, {name}"),
            yours.ok_cell(|m| format!("{:.6}", m.means[[c, 0]])),
            format!("{:.6}", theirs.means[[c, 0]]),
            format!("{}", published_means[c]),
        ]);
        table.row(vec![
            format!("variance of sepal length − ε, {name}"),
            yours.ok_cell(|m| format!("{:.6}", m.variances[[c, 0]] - m.epsilon)),
            format!("{:.6}", theirs.variances[[c, 0]] - theirs.epsilon),
            format!("{}", published_vars[c]),
        ]);
    }
    table.row(vec![
        "ε (1e-9 × the largest column variance)".into(),
        yours.ok_cell(|m| format!("{:.4e}", m.epsilon)),
        format!("{:.4e}", theirs.epsilon),
        "3.1016e-9".into(),
    ]);
    show(
        &table,
        "Gaussian naive Bayes: the iris hand check (120 training rows, 40 per class)",
        "Every number should match: population variances (divided by 40), and ε from the \
         variance of petal length over all 120 rows.",
    );
    Ok(())
}

const GRID: usize = 80;

/// Decision regions on iris petal length and width: yours, the reference, linfa.
fn regions() -> Result<PathBuf, PlotError> {
    let petals = datasets::iris()
        .with_features(&["petal length (cm)", "petal width (cm)"])
        .map_err(|e| PlotError::NoData {
            what: "iris petals".into(),
            why: e.to_string(),
        })?;
    let split = LabelledSplit::reference(&petals).map_err(|e| PlotError::NoData {
        what: "iris petals".into(),
        why: e.to_string(),
    })?;
    let (x, y) = (split.train.features.view(), split.y_train.view());
    let points: Vec<(f64, f64)> = x.rows().into_iter().map(|r| (r[0], r[1])).collect();
    let groups = Group::by_label(&points, y.as_slice().unwrap_or(&[]), |k| {
        petals.target_names[k].clone()
    });
    let grid = RegionsPanel::grid_points(&groups, GRID, GRID)?;
    let params = GaussianNbParams::new();
    let yours =
        run_learner(|| learner::fit(x, y, &params).and_then(|m| learner::predict(&m, grid.view())))
            .value()
            .and_then(|r| r.as_ref().ok().cloned());
    let theirs = reference::fit(x, y, &params)
        .and_then(|m| reference::predict(&m, grid.view()))
        .ok();
    let linfa = GaussianNb::params()
        .fit(&linfa::Dataset::new(
            split.train.features.clone(),
            split.y_train.clone(),
        ))
        .ok()
        .map(|m| -> Array1<usize> { m.predict(&grid) });
    let panels: Vec<RegionsPanel> = [
        ("your naive Bayes", yours),
        ("reference naive Bayes", theirs),
        ("linfa-bayes GaussianNb", linfa),
    ]
    .into_iter()
    .map(|(title, predicted)| RegionsPanel {
        title: if predicted.is_some() {
            title.to_string()
        } else {
            format!("{title}: not attempted")
        },
        grid: Array2::from_shape_fn((GRID, GRID), |(r, c)| {
            predicted
                .as_ref()
                .and_then(|p| p.get(r * GRID + c).copied())
        }),
        points: groups.clone(),
    })
    .collect();
    decision_regions(
        &output_path("naive_bayes_regions.svg")?,
        "petal length (cm)",
        "petal width (cm)",
        &panels,
    )
}

pub fn print_all() -> Result<(), Box<dyn Error>> {
    accuracy_table()?;
    iris_hand_check()?;
    show_plot(
        regions(),
        "Each class is an axis-aligned Gaussian, so the boundaries between classes are \
         curves (quadratic), not straight lines: the narrow setosa Gaussian gets a small \
         island, and versicolor and virginica split where their densities times priors \
         are equal. Yours should match the reference pixel for pixel.",
    );
    Ok(())
}
