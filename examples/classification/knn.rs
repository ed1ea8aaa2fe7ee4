//! k-nearest neighbours: yours beside the reference and linfa-nn's linear search on the
//! reference splits (test accuracy and predict time against scikit-learn's k = 5
//! figures), k-NN regression on diabetes, k chosen by cross-validation, and decision
//! regions for k = 1, 5 and 25 on two iris features.

use std::error::Error;
use std::path::PathBuf;

use linfa_nn::distance::L2Dist;
use linfa_nn::{LinearSearch, NearestNeighbour};
use mlings::datasets::{self, Dataset};
use mlings::plot::{Group, PlotError, RegionsPanel, decision_regions, output_path};
use mlings::prep::StandardizedSplit;
use mlings::reference::knn as reference;
use mlings::report::{Run, Table, best_of, run_learner, seconds, show, show_plot, timed};
use mlings::types::knn::{KnnParams, Weights};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use crate::learner_knn as yours;

/// The share of equal labels.
fn accuracy(truth: ArrayView1<usize>, predicted: ArrayView1<usize>) -> f64 {
    let hits = truth.iter().zip(&predicted).filter(|(t, p)| t == p).count();
    hits as f64 / truth.len().max(1) as f64
}

/// k-NN with linfa-nn's linear search finding the neighbours, and the course's vote
/// (a tie to the smallest label) counted here.
fn linfa_knn(
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<usize>,
    x: ArrayView2<f64>,
    k: usize,
) -> Result<Array1<usize>, String> {
    let x_train = x_train.to_owned();
    let index = LinearSearch::new()
        .from_batch(&x_train, L2Dist)
        .map_err(|e| e.to_string())?;
    let classes = y_train.iter().max().map_or(0, |&m| m + 1);
    x.outer_iter()
        .map(|point| {
            let near = index.k_nearest(point, k).map_err(|e| e.to_string())?;
            let mut votes = vec![0usize; classes];
            near.iter().for_each(|&(_, row)| votes[y_train[row]] += 1);
            let most = votes.iter().copied().max().unwrap_or(0);
            Ok(votes.iter().position(|&v| v == most).unwrap_or(0))
        })
        .collect()
}

/// The train and test rows of a reference split, with their labels.
struct Parts {
    x_train: Array2<f64>,
    y_train: Array1<usize>,
    x_test: Array2<f64>,
    y_test: Array1<usize>,
}

/// `dataset`'s reference split, standardized on train or raw.
fn parts(dataset: &Dataset, standardize: bool) -> Result<Parts, Box<dyn Error>> {
    let split = StandardizedSplit::reference(dataset)?;
    let (y_train, y_test) = split.class_labels()?;
    let (x_train, x_test) = if standardize {
        (split.x_train, split.x_test)
    } else {
        let (train, test) = dataset.split(&dataset.reference_split()?)?;
        (train.features, test.features)
    };
    Ok(Parts {
        x_train,
        y_train,
        x_test,
        y_test,
    })
}

fn accuracy_cell(
    run: &Run<Result<Array1<usize>, impl std::fmt::Display>>,
    truth: ArrayView1<usize>,
) -> String {
    run.ok_cell(|p| format!("{:.3}", accuracy(truth, p.view())))
}

/// Test accuracy of k = 5 on every classification dataset: yours, the reference, linfa-nn.
fn accuracy_table() -> Result<(), Box<dyn Error>> {
    let cases = [
        ("iris", datasets::iris(), true, 0.933),
        ("wine", datasets::wine(), true, 0.972),
        ("breast_cancer", datasets::breast_cancer(), true, 0.956),
        ("digits", datasets::digits(), true, 0.964),
        ("digits, raw pixels", datasets::digits(), false, 0.983),
    ];
    let mut table = Table::new(&[
        "dataset (train / test rows)",
        "yours",
        "reference",
        "linfa-nn",
        "scikit-learn",
        "your predict",
        "reference predict",
        "linfa-nn predict",
    ]);
    let params = KnnParams::new(5);
    for (name, dataset, standardize, published) in cases {
        let Parts {
            x_train,
            y_train,
            x_test,
            y_test,
        } = parts(&dataset, standardize)?;
        let mine = run_learner(|| {
            yours::fit(x_train.view(), y_train.view(), &params)
                .and_then(|m| yours::predict(&m, x_test.view()))
        });
        // The best of 3 runs: one run of a few milliseconds is mostly noise.
        let (theirs, reference_time) = best_of(3, || {
            reference::fit(x_train.view(), y_train.view(), &params)
                .and_then(|m| reference::predict(&m, x_test.view()))
        });
        let theirs = Run::Done(theirs, reference_time);
        let (linfa, linfa_time) = best_of(3, || {
            linfa_knn(x_train.view(), y_train.view(), x_test.view(), 5)
        });
        let linfa = Run::Done(linfa, linfa_time);
        table.row(vec![
            format!("{name} ({} / {})", x_train.nrows(), x_test.nrows()),
            accuracy_cell(&mine, y_test.view()),
            accuracy_cell(&theirs, y_test.view()),
            accuracy_cell(&linfa, y_test.view()),
            format!("{published:.3}"),
            mine.time_cell(),
            theirs.time_cell(),
            linfa.time_cell(),
        ]);
    }
    println!(
        "k-nearest neighbours, k = 5, uniform votes, on the reference splits (standardized \
         on train unless raw)\n"
    );
    show(
        &table,
        "k-NN (k = 5) test accuracy and predict time",
        "Yours and the reference should equal scikit-learn's figures to 3 digits; linfa-nn \
         finds the same neighbours. Predicting costs one pass over the training rows per \
         query: digits (1 437 x 64) is the slow one.",
    );
    Ok(())
}

/// k = 5 regression on diabetes.
fn regression_table() -> Result<(), Box<dyn Error>> {
    let split = StandardizedSplit::reference(&datasets::diabetes())?;
    let r2 = |p: &Array1<f64>| {
        let y = &split.y_test;
        let mean = y.mean().unwrap_or(0.0);
        let residual = (y - p).mapv(|e| e * e).sum();
        1.0 - residual / y.mapv(|v| (v - mean) * (v - mean)).sum()
    };
    let mut table = Table::new(&["model", "test R²", "predict time"]);
    for weights in [Weights::Uniform, Weights::Distance] {
        let params = KnnParams::new(5).weights(weights);
        let mine = run_learner(|| {
            yours::fit_regressor(split.x_train.view(), split.y_train.view(), &params)
                .and_then(|m| yours::predict_regression(&m, split.x_test.view()))
        });
        let (theirs, time) = timed(|| {
            reference::fit_regressor(split.x_train.view(), split.y_train.view(), &params)
                .and_then(|m| reference::predict_regression(&m, split.x_test.view()))
        });
        let theirs = Run::Done(theirs, time);
        for (who, run) in [("yours", &mine), ("reference", &theirs)] {
            table.row(vec![
                format!("{who}, {weights:?} weights"),
                run.ok_cell(|p| format!("{:.4}", r2(p))),
                run.time_cell(),
            ]);
        }
    }
    table.row(vec![
        "scikit-learn, uniform weights".into(),
        "0.4248".into(),
        "-".into(),
    ]);
    println!(
        "k-NN regression, k = 5, diabetes (353 train / 89 test rows, standardized on train)\n"
    );
    show(
        &table,
        "k-NN regression on diabetes",
        "Uniform weights should give scikit-learn's 0.4248; k-NN is a weak regressor here \
         (least squares reaches 0.45): ten features, few rows.",
    );
    Ok(())
}

/// k chosen by 5-fold cross-validation on iris and wine.
fn choose_k_table() -> Result<(), Box<dyn Error>> {
    let candidates: Vec<usize> = (1..=25).step_by(2).collect();
    for dataset in [datasets::iris(), datasets::wine()] {
        let y = dataset.class_labels()?;
        let folds = dataset.reference_folds()?;
        let x = dataset.features.view();
        let (theirs, time) =
            timed(|| reference::choose_k(x, y.view(), &folds, &candidates, Weights::Uniform));
        let theirs = theirs?;
        let mine =
            run_learner(|| yours::choose_k(x, y.view(), &folds, &candidates, Weights::Uniform));
        let mut table = Table::new(&["k", "your CV accuracy", "reference CV accuracy"]);
        for (i, score) in theirs.scores.iter().enumerate() {
            table.row(vec![
                score.k.to_string(),
                mine.ok_cell(|c| {
                    c.scores
                        .get(i)
                        .map_or("-".into(), |s| format!("{:.4}", s.mean_accuracy))
                }),
                format!("{:.4}", score.mean_accuracy),
            ]);
        }
        table.row(vec![
            "best k".into(),
            mine.ok_cell(|c| c.best_k.to_string()),
            theirs.best_k.to_string(),
        ]);
        table.row(vec!["time".into(), mine.time_cell(), seconds(time)]);
        println!(
            "choosing k by 5-fold cross-validation on {} (the reference folds, standardized \
             inside each round)\n",
            dataset.name
        );
        show(
            &table,
            &format!("choosing k on {}", dataset.name),
            "Accuracy rises from k = 1 (which follows every noisy row), plateaus, then falls \
             as a large k blurs the classes; on a tie the smallest k wins.",
        );
    }
    Ok(())
}

const GRID: usize = 90;

/// Decision regions of k = 1, 5 and 25 on iris sepal length and width, standardized on
/// the training rows (the sepals overlap, so k matters there).
fn regions(learner: bool) -> Result<PathBuf, PlotError> {
    let names = ["sepal length (cm)", "sepal width (cm)"];
    let sepals = datasets::iris()
        .with_features(&names)
        .expect("iris has sepal columns");
    let split = StandardizedSplit::reference(&sepals).expect("the iris split");
    let (y_train, _) = split.class_labels().expect("iris labels");
    let points: Vec<(f64, f64)> = split
        .x_train
        .rows()
        .into_iter()
        .map(|r| (r[0], r[1]))
        .collect();
    let groups = Group::by_label(&points, y_train.as_slice().unwrap_or(&[]), |k| {
        sepals.target_names[k].clone()
    });
    let grid = RegionsPanel::grid_points(&groups, GRID, GRID)?;
    let panels = [1usize, 5, 25]
        .into_iter()
        .map(|k| {
            let params = KnnParams::new(k);
            let (x, y) = (split.x_train.view(), y_train.view());
            let predicted = if learner {
                run_learner(|| {
                    yours::fit(x, y, &params).and_then(|m| yours::predict(&m, grid.view()))
                })
                .value()
                .and_then(|p| p.as_ref().ok().cloned())
            } else {
                reference::fit(x, y, &params)
                    .and_then(|m| reference::predict(&m, grid.view()))
                    .ok()
            };
            let who = if learner { "your" } else { "reference" };
            RegionsPanel {
                title: match &predicted {
                    Some(_) => format!("{who} k-NN, k = {k}"),
                    None => format!("{who} k-NN, k = {k}: not attempted"),
                },
                grid: Array2::from_shape_fn((GRID, GRID), |(r, c)| {
                    predicted
                        .as_ref()
                        .and_then(|p| p.get(r * GRID + c).copied())
                }),
                points: groups.clone(),
            }
        })
        .collect::<Vec<_>>();
    let file = if learner {
        "knn_regions_yours.svg"
    } else {
        "knn_regions.svg"
    };
    decision_regions(
        &output_path(file)?,
        "sepal length (standardized)",
        "sepal width (standardized)",
        &panels,
    )
}

/// Prints every k-NN table and draws the decision regions.
pub fn print_all() -> Result<(), Box<dyn Error>> {
    accuracy_table()?;
    regression_table()?;
    choose_k_table()?;
    show_plot(
        regions(false),
        "k = 1 draws an island around every training flower (versicolor and virginica \
         overlap in the sepals); k = 5 smooths them away; k = 25 leaves broad regions \
         whose boundaries cut through the overlap.",
    );
    show_plot(
        regions(true),
        "Your k-NN on the same grid: it should match the reference cell for cell.",
    );
    Ok(())
}
