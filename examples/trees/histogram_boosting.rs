//! Histogram boosting: yours beside the reference histogram booster, the exact booster
//! (boosted_classifier's reference) and scikit-learn's published
//! HistGradientBoostingClassifier accuracy on breast_cancer; a learning curve (test log
//! loss after every stage) of the exact booster, the histogram booster and the random
//! forest; and a speed race of the three on a large binary problem, single-threaded,
//! with scikit-learn's times measured on the same rows (the closing note). linfa has no
//! gradient boosting.
//!
//! Flags (after `--`): `--hist-csv PATH` fits the speed race on a CSV of 10 feature
//! columns and a 0/1 label column (the first 100 000 rows train, the rest test; the
//! rows scikit-learn was timed on); `--write-csv PATH` writes the seeded synthetic rows
//! in that format; `--hist-only` runs only the speed race (to interleave it with
//! scikit-learn's runs); `--full` races on 100 000 rows instead of 20 000.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::Duration;

use mlings::datasets::synthetic::binary_classification;
use mlings::datasets::{self, Dataset};
use mlings::plot::{LineChart, Series, line_chart, output_path};
use mlings::reference::{self, boosted_classifier as exact, histogram_boosting as hist};
use mlings::report::{Table, run_learner, seconds, show, show_plot, timed};
use mlings::types::boosted_classifier::{BoostedClassifier, ClassifierParams};
use mlings::types::decision_tree::TreeParams;
use mlings::types::histogram_boosting::HistParams;
use mlings::types::random_forest::ForestParams;
use ndarray::{Array1, Array2, ArrayView1, s};

use crate::boosted_classification::{mean_log_loss, staged_scores};
use crate::histogram_boosting;

/// scikit-learn 1.9.1's HistGradientBoostingClassifier(random_state=0) on the
/// breast_cancer reference split (datasets/README.md).
const SKLEARN_ACCURACY: f64 = 0.956;

/// What scikit-learn 1.9.1 took on this machine (2 shared cores) to fit 100 stages on
/// the 100 000 rows of `make_classification(n_samples=120_000, n_features=10,
/// n_informative=5, random_state=0)` (the first 100 000 rows), single thread, depth 3,
/// min_samples_leaf 20, λ 0, 255 bins, no early stopping (max_leaf_nodes=None,
/// early_stopping=False): the best CPU time of the rounds interleaved with the
/// reference's (`--hist-only --hist-csv`).
const SKLEARN_HIST_CPU: f64 = 0.561;
const SKLEARN_EXACT_CPU: f64 = 39.1;

fn accuracy(raw: ArrayView1<f64>, y: ArrayView1<usize>) -> f64 {
    let correct = raw
        .iter()
        .zip(y)
        .filter(|(f, l)| usize::from(**f > 0.0) == **l)
        .count();
    correct as f64 / y.len().max(1) as f64
}

/// This process's user + system CPU time (Linux; `None` elsewhere), which a busy
/// machine disturbs much less than the wall clock.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which may hold spaces, inside parentheses).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// `f`'s wall time and CPU time.
fn timed_cpu<T>(f: impl FnOnce() -> T) -> (T, Duration, Option<Duration>) {
    let before = cpu_time();
    let (value, wall) = timed(f);
    let cpu = before.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a));
    (value, wall, cpu)
}

fn cpu_cell(cpu: Option<Duration>) -> String {
    cpu.map_or("-".into(), seconds)
}

/// Accuracy, log loss and times on breast_cancer: scikit-learn's figure, the reference
/// histogram booster, yours, and the exact booster; then the learning curves.
pub fn on_breast_cancer() {
    println!("== histogram boosting on breast_cancer (raw features, 255 bins)\n");
    let data = datasets::breast_cancer();
    let split = data
        .reference_split()
        .expect("breast_cancer has a reference split");
    let (train, test) = data.split(&split).expect("the split fits the data");
    let y = train.class_labels().expect("labels 0/1");
    let y_test = test.class_labels().expect("labels 0/1");
    let (x, xt) = (train.features.view(), test.features.view());
    let params = HistParams::new(100);
    let mut table = Table::new(&["model", "test accuracy", "test log loss", "fit", "predict"]);
    table.row(vec![
        "scikit-learn HistGradientBoosting".into(),
        format!("{SKLEARN_ACCURACY:.3}"),
        "-".into(),
        "-".into(),
        "-".into(),
    ]);
    let mut add = |name: &str, fitted: Option<&BoostedClassifier>, fit_cell: String| {
        let row = match fitted.map(|m| timed(|| exact::decision_function(m, xt))) {
            Some((Ok(raw), time)) => vec![
                format!("{:.3}", accuracy(raw.view(), y_test.view())),
                format!("{:.4}", mean_log_loss(raw.view(), y_test.view())),
                fit_cell,
                seconds(time),
            ],
            Some((Err(e), _)) => vec![format!("error: {e}"), "-".into(), fit_cell, "-".into()],
            None => vec!["-".into(), "-".into(), fit_cell, "-".into()],
        };
        let mut cells = vec![name.to_string()];
        cells.extend(row);
        table.row(cells);
    };
    let (reference_model, time) = timed(|| hist::fit(x, y.view(), &params));
    add(
        "reference histogram booster",
        reference_model.as_ref().ok(),
        seconds(time),
    );
    let yours = run_learner(|| histogram_boosting::fit(x, y.view(), &params));
    match yours.value() {
        Some(Err(e)) => add("yours", None, format!("error: {e}")),
        _ => add(
            "yours",
            yours.value().and_then(|r| r.as_ref().ok()),
            yours.time_cell(),
        ),
    }
    let (exact_model, time) = timed(|| exact::fit(x, y.view(), &params.classifier));
    add(
        "reference exact booster (boosted_classifier)",
        exact_model.as_ref().ok(),
        seconds(time),
    );
    show(
        &table,
        "histogram boosting on breast_cancer: 100 stages, η 0.1, depth 3, 255 bins",
        "Binning costs almost nothing here: the histogram booster's accuracy is the exact \
         booster's and scikit-learn's HistGradientBoostingClassifier's (0.956, 109 of 114), \
         while its fit is several times faster. Yours should read like the reference row.",
    );
    show_plot(
        learning_curves(&train, &test, &y, &y_test),
        "The two boosters' test log loss falls for the first 50 or so stages, then flattens \
         and creeps up as later trees fit noise; the histogram booster's curve stays close \
         to the exact one (on this split slightly below it: 255 quantile bins act as a \
         mild regularizer). The forest's loss (averaged probabilities of its first m \
         trees, clipped at 1e-15) falls as trees are added and levels off: it never \
         overfits by adding trees.",
    );
}

/// The test log loss after every stage: the exact booster, the histogram booster, and
/// the random forest after m trees.
fn learning_curves(
    train: &Dataset,
    test: &Dataset,
    y: &Array1<usize>,
    y_test: &Array1<usize>,
) -> Result<PathBuf, Box<dyn Error>> {
    let stages = 200;
    let (x, xt) = (train.features.view(), test.features.view());
    let params = HistParams::new(stages).classifier(ClassifierParams::new(stages));
    let curve = |model: &BoostedClassifier| -> Vec<(f64, f64)> {
        staged_scores(model, xt)
            .iter()
            .enumerate()
            .map(|(m, raw)| ((m + 1) as f64, mean_log_loss(raw.view(), y_test.view())))
            .collect()
    };
    let exact_model = exact::fit(x, y.view(), &params.classifier)?;
    let hist_model = hist::fit(x, y.view(), &params)?;
    let forest = reference::random_forest::fit(x, y.view(), &ForestParams::new(stages))?;
    let mut sum = Array2::<f64>::zeros((xt.nrows(), 2));
    let mut forest_curve = Vec::with_capacity(stages);
    for (m, tree) in forest.trees.iter().enumerate() {
        sum += &reference::decision_tree::predict_proba(tree, xt)?;
        let loss = (0..xt.nrows())
            .map(|i| {
                let p = (sum[[i, y_test[i]]] / (m + 1) as f64).clamp(1e-15, 1.0);
                -p.ln()
            })
            .sum::<f64>()
            / xt.nrows() as f64;
        forest_curve.push(((m + 1) as f64, loss));
    }
    let chart = LineChart {
        title: "breast_cancer: test log loss after each stage (boosters: η 0.1, depth 3)".into(),
        x_label: "stages (trees)".into(),
        y_label: "test log loss".into(),
        series: vec![
            Series::from_points("exact booster", curve(&exact_model)),
            Series::from_points("histogram booster (255 bins)", curve(&hist_model)).dashed(),
            Series::from_points("random forest (mean of m trees)", forest_curve),
        ],
        log_y: true,
    };
    Ok(line_chart(
        &output_path("histogram_boosting_learning_curves.svg")?,
        &chart,
    )?)
}

/// Training features and labels, then test features and labels.
type RaceRows = (Array2<f64>, Array1<usize>, Array2<f64>, Array1<usize>);

/// The training and test rows of the speed race: a CSV (10 features, then a 0/1
/// label; the first 100 000 rows train) or the seeded synthetic problem.
fn race_data(args: &[String]) -> Result<RaceRows, Box<dyn Error>> {
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(String::as_str)
    };
    if let Some(path) = flag("--hist-csv") {
        let text = std::fs::read_to_string(path)?;
        let rows: Vec<Vec<f64>> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split(',').map(|v| v.trim().parse::<f64>()).collect())
            .collect::<Result<_, _>>()?;
        let width = rows.first().map_or(0, Vec::len);
        let table =
            Array2::from_shape_vec((rows.len(), width), rows.into_iter().flatten().collect())?;
        let n_train = 100_000.min(table.nrows() * 5 / 6);
        let features = table.slice(s![.., ..width - 1]);
        let labels = table.column(width - 1).mapv(|v| v as usize);
        return Ok((
            features.slice(s![..n_train, ..]).to_owned(),
            labels.slice(s![..n_train]).to_owned(),
            features.slice(s![n_train.., ..]).to_owned(),
            labels.slice(s![n_train..]).to_owned(),
        ));
    }
    let rows = if args.iter().any(|a| a == "--full") {
        100_000
    } else {
        20_000
    };
    let train = binary_classification(rows, 10, 2, 0.1, 7)?;
    let test = binary_classification(20_000, 10, 2, 0.1, 8)?;
    let (y, y_test) = (train.class_labels()?, test.class_labels()?);
    if let Some(path) = flag("--write-csv") {
        write_csv(
            Path::new(path),
            &[(&train.features, &y), (&test.features, &y_test)],
        )?;
        println!("wrote the {rows} training and 20000 test rows to {path}");
    }
    Ok((train.features, y, test.features, y_test))
}

fn write_csv(path: &Path, parts: &[(&Array2<f64>, &Array1<usize>)]) -> std::io::Result<()> {
    use std::fmt::Write as _;
    let mut out = String::new();
    for (x, y) in parts {
        for (row, label) in x.rows().into_iter().zip(y.iter()) {
            for v in row {
                let _ = write!(out, "{v:?},");
            }
            let _ = writeln!(out, "{label}");
        }
    }
    std::fs::write(path, out)
}

/// The speed race: the histogram booster, the exact booster and the random forest,
/// single-threaded, on the same rows; scikit-learn's measured times in the closing note.
pub fn race(args: &[String]) {
    let (x, y, xt, yt) = match race_data(args) {
        Ok(data) => data,
        Err(e) => return eprintln!("cannot read or make the race's rows: {e}"),
    };
    let rows = x.nrows();
    println!(
        "== speed: histogram vs exact boosting, {rows} x {} rows, 100 stages, depth 3, \
         min_samples_leaf 20, η 0.1, λ 0, one thread, optimized build\n",
        x.ncols()
    );
    let tree = TreeParams::new().max_depth(3).min_samples_leaf(20);
    let params = HistParams::new(100).classifier(ClassifierParams::new(100).tree(tree));
    let repeats = if args.iter().any(|a| a == "--hist-only") {
        3
    } else {
        1
    };
    let mut table = Table::new(&[
        "model",
        "fit (wall)",
        "fit (CPU)",
        "test accuracy",
        "test log loss",
    ]);
    let mut best: Option<(Duration, Option<Duration>)> = None;
    let mut hist_model = None;
    for _ in 0..repeats {
        let (model, wall, cpu) = timed_cpu(|| hist::fit(x.view(), y.view(), &params));
        best = Some(match best {
            None => (wall, cpu),
            Some((w, c)) => (w.min(wall), c.zip(cpu).map(|(a, b)| a.min(b)).or(cpu)),
        });
        hist_model = model.ok();
    }
    let score = |model: &BoostedClassifier| -> (String, String) {
        match exact::decision_function(model, xt.view()) {
            Ok(raw) => (
                format!("{:.4}", accuracy(raw.view(), yt.view())),
                format!("{:.4}", mean_log_loss(raw.view(), yt.view())),
            ),
            Err(e) => (format!("error: {e}"), "-".into()),
        }
    };
    let (hist_wall, hist_cpu) = best.expect("at least one repeat");
    let (acc, loss) = hist_model.as_ref().map_or(("-".into(), "-".into()), score);
    table.row(vec![
        format!("reference histogram booster (best of {repeats})"),
        seconds(hist_wall),
        cpu_cell(hist_cpu),
        acc,
        loss,
    ]);
    let only = args.iter().any(|a| a == "--hist-only");
    let mut exact_cpu = None;
    if !only {
        let (model, wall, cpu) = timed_cpu(|| exact::fit(x.view(), y.view(), &params.classifier));
        exact_cpu = cpu;
        let (acc, loss) = model.as_ref().map_or(("-".into(), "-".into()), score);
        table.row(vec![
            "reference exact booster".into(),
            seconds(wall),
            cpu_cell(cpu),
            acc,
            loss,
        ]);
        // 20 deep trees: enough to compare the cost of a tree (100 of them on 100 000
        // rows take the better part of an hour on a busy machine).
        let n_trees = 20;
        let forest_params = ForestParams::new(n_trees);
        let (forest, wall, cpu) = timed_cpu(|| {
            reference::random_forest::fit_parallel(
                x.view(),
                y.view(),
                &forest_params,
                1,
                &std::sync::atomic::AtomicUsize::new(0),
            )
        });
        let acc = forest
            .ok()
            .and_then(|f| reference::bagging::predict(&f, xt.view()).ok())
            .map_or("-".into(), |p| {
                let correct = p.iter().zip(&yt).filter(|(a, b)| a == b).count();
                format!("{:.4}", correct as f64 / yt.len().max(1) as f64)
            });
        table.row(vec![
            format!("reference random forest of {n_trees} (unlimited depth)"),
            seconds(wall),
            cpu_cell(cpu),
            acc,
            "-".into(),
        ]);
    }
    show(
        &table,
        &format!("speed: {rows} rows, 100 stages, one thread"),
        "The histogram booster bins once and never sorts again: it should fit many times \
         faster than the exact booster, which sorts every feature at every node, and than \
         the forest, whose trees are deep.",
    );
    if let (Some(h), Some(e)) = (hist_cpu, exact_cpu) {
        println!(
            "  exact / histogram booster, CPU time: {:.1}x",
            e.as_secs_f64() / h.as_secs_f64()
        );
    }
    if let Some(h) = hist_cpu.filter(|_| rows == 100_000) {
        println!(
            "  reference histogram booster / scikit-learn's HistGradientBoosting, CPU time: \
             {:.2}x (the goal: at most 1.0x)",
            h.as_secs_f64() / SKLEARN_HIST_CPU
        );
    }
    if SKLEARN_HIST_CPU.is_finite() {
        println!(
            "For scale, scikit-learn 1.9.1 on make_classification's 100 000 x 10 rows \
             (--hist-csv; same settings, one thread, CPU time): HistGradientBoostingClassifier \
             {SKLEARN_HIST_CPU:.2} s, GradientBoostingClassifier {SKLEARN_EXACT_CPU:.1} s \
             (the best CPU time of 12 rounds interleaved with the reference's, at loads of 4 \
             to 16 on 2 shared cores; GradientBoostingClassifier: one fit)."
        );
    }
}
