//! Your clustering beside the reference and linfa-clustering: k-means on iris (inertia,
//! adjusted Rand index against the species, silhouette, iterations, time), choosing k,
//! DBSCAN on two moons, and the speed of Lloyd's algorithm on 100,000 points
//! (`-- --full`: and 1,000,000). Plots go to `plots/`, gathered in `plots/index.html`.
//!
//! Run: `cargo run -- compare kmeans` (or `cargo run --release --example clustering`)
//!
//! linfa parallelises its assignment step with rayon over every core; for the
//! one-thread comparison run `RAYON_NUM_THREADS=1 cargo run --release --example clustering`.

#[allow(unused_variables, dead_code)]
#[path = "../exercises/05_clustering/kmeans.rs"]
mod your_kmeans;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/05_clustering/kmeans_plus_plus.rs"]
mod your_kmeans_plus_plus;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/05_clustering/choosing_k.rs"]
mod your_choosing_k;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/05_clustering/dbscan.rs"]
mod your_dbscan;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/05_clustering/adjusted_rand_index.rs"]
mod your_adjusted_rand_index;

use std::path::PathBuf;
use std::time::Duration;

use linfa::prelude::*;
use linfa_clustering::{Dbscan, KMeans, KMeansInit};
use mlings::datasets::{self, synthetic};
use mlings::plot::{
    Group, LineChart, PlotError, Scatter, Series, line_chart, output_path, scatter_plot,
};
use mlings::prep::rng;
use mlings::reference::{adjusted_rand_index, choosing_k, dbscan, kmeans, kmeans_plus_plus};
use mlings::report::{Run, Table, run_learner, seconds, show, show_plot, timed, write_page};
use mlings::types::choosing_k::KSearch;
use mlings::types::clustering::ClusteringError;
use mlings::types::dbscan::{DbscanFit, DbscanParams, PointKind};
use mlings::types::kmeans::{KMeansFit, LloydParams};
use mlings::types::kmeans_plus_plus::KMeansParams;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

type Fitted = Result<KMeansFit, ClusteringError>;

fn main() {
    mlings::report::require_optimized("kmeans");
    let iris = datasets::iris();
    let species = iris.class_labels().expect("iris has class labels");
    let x = iris.features.view();
    println!("iris: 150 flowers x 4 raw features, 3 species\n");
    let best = iris_kmeans(x, species.view());
    your_metrics(x, species.view(), &best);
    show_plot(
        plot_iris(x, &best),
        "Setosa (small petals) is a cluster of its own; the boundary between the two others \
         cuts through overlapping species, which is why the ARI is 0.73, not 1.",
    );
    choose_k_on_iris(x);
    dbscan_on_two_moons();
    speed(std::env::args().any(|a| a == "--full"));
    write_page("Clustering: yours, the reference, linfa");
}

/// A clustering of iris described by the course's (reference) measuring instruments.
fn kmeans_cells(fit: &KMeansFit, x: ArrayView2<f64>, species: ArrayView1<usize>) -> Vec<String> {
    let ari = adjusted_rand_index::adjusted_rand_index(species, fit.labels.view());
    let silhouette = choosing_k::silhouette_score(x, fit.labels.view());
    vec![
        format!("{:.3}", fit.inertia),
        ari.map_or_else(|e| e.to_string(), |v| format!("{v:.4}")),
        silhouette.map_or_else(|e| e.to_string(), |v| format!("{v:.4}")),
        fit.iterations.to_string(),
    ]
}

fn learner_cells(run: &Run<Fitted>, x: ArrayView2<f64>, species: ArrayView1<usize>) -> Vec<String> {
    match run.value() {
        Some(Ok(fit)) => kmeans_cells(fit, x, species),
        Some(Err(error)) => vec![format!("error: {error}")],
        None => vec![run.cell(|_| String::new())],
    }
}

/// Fits linfa's KMeans on iris, and describes it like the others: its inertia is a
/// mean, so times n; it does not report its iteration count.
fn linfa_kmeans(
    init: KMeansInit<f64>,
    n_runs: usize,
    x: ArrayView2<f64>,
    species: ArrayView1<usize>,
) -> (Vec<String>, Duration) {
    let (model, time) = timed(|| {
        KMeans::params_with_rng(3, rng(0))
            .init_method(init)
            .n_runs(n_runs)
            .fit(&DatasetBase::from(x.to_owned()))
            .expect("linfa fits iris")
    });
    let fit = KMeansFit {
        inertia: model.inertia() * x.nrows() as f64,
        labels: model.predict(&x),
        centroids: model.centroids().clone(),
        iterations: 0,
        converged: true,
    };
    let mut cells = kmeans_cells(&fit, x, species);
    cells[3] = "n/a".into();
    (cells, time)
}

fn row(method: &str, who: &str, cells: Vec<String>, time: String) -> Vec<String> {
    let mut row = vec![method.to_string(), who.to_string()];
    row.extend(cells);
    row.resize(6, String::new());
    row.push(time);
    row
}

/// The rows of one method (yours, the reference's, linfa's); returns your run and the
/// reference's clustering.
fn add_rows(
    table: &mut Table,
    method: &str,
    yours: Run<Fitted>,
    (reference, reference_time): (Fitted, Duration),
    (linfa, linfa_time): (Vec<String>, Duration),
    (x, species): (ArrayView2<f64>, ArrayView1<usize>),
) -> (Run<Fitted>, KMeansFit) {
    let reference = reference.expect("iris is valid k-means input");
    table.row(row(
        method,
        "yours",
        learner_cells(&yours, x, species),
        yours.time_cell(),
    ));
    table.row(row(
        method,
        "reference",
        kmeans_cells(&reference, x, species),
        seconds(reference_time),
    ));
    table.row(row(method, "linfa", linfa, seconds(linfa_time)));
    (yours, reference)
}

/// Lloyd from a fixed start and k-means++ with restarts: yours, the reference, linfa.
/// Returns the best clustering to plot (yours if it ran).
fn iris_kmeans(x: ArrayView2<f64>, species: ArrayView1<usize>) -> KMeansFit {
    let mut table = Table::new(&[
        "k = 3",
        "who",
        "inertia",
        "ARI vs species",
        "silhouette",
        "iterations",
        "time",
    ]);
    let start = x.select(Axis(0), &[0, 50, 100]);
    let lloyd_params = LloydParams::new();
    add_rows(
        &mut table,
        "Lloyd from rows 0, 50, 100",
        run_learner(|| your_kmeans::lloyd(x, start.view(), &lloyd_params)),
        timed(|| kmeans::lloyd(x, start.view(), &lloyd_params)),
        linfa_kmeans(KMeansInit::Precomputed(start.clone()), 1, x, species),
        (x, species),
    );
    let params = KMeansParams::new(3);
    let (yours, reference) = add_rows(
        &mut table,
        "k-means++, 10 restarts",
        run_learner(|| your_kmeans_plus_plus::kmeans_plus_plus(x, &params)),
        timed(|| kmeans_plus_plus::kmeans_plus_plus(x, &params)),
        linfa_kmeans(KMeansInit::KMeansPlusPlus, 10, x, species),
        (x, species),
    );
    show(
        &table,
        "k-means on iris: Lloyd from a fixed start, and k-means++ with restarts",
        "Every row should reach inertia 78.851 and ARI 0.730 (scikit-learn's figures); \
         yours should match the reference's iterations too.",
    );
    println!(
        "scikit-learn (k-means++, 10 restarts) publishes inertia 78.851, ARI 0.730, silhouette 0.553.\n\
         ARI and silhouette here are measured with the reference implementations.\n"
    );
    match yours {
        Run::Done(Ok(fit), _) => fit,
        _ => reference,
    }
}

/// Your ARI, Rand index and silhouette on the reference clustering.
fn your_metrics(x: ArrayView2<f64>, species: ArrayView1<usize>, fit: &KMeansFit) {
    let number = |v: &Result<f64, ClusteringError>| match v {
        Ok(v) => format!("{v:.4}"),
        Err(e) => format!("error: {e}"),
    };
    let labels = fit.labels.view();
    let mut table = Table::new(&["measure of the k-means++ clustering", "yours", "reference"]);
    table.row(vec![
        "adjusted Rand index vs species".into(),
        run_learner(|| your_adjusted_rand_index::adjusted_rand_index(species, labels)).cell(number),
        number(&adjusted_rand_index::adjusted_rand_index(species, labels)),
    ]);
    table.row(vec![
        "Rand index vs species".into(),
        run_learner(|| your_adjusted_rand_index::rand_index(species, labels)).cell(number),
        number(&adjusted_rand_index::rand_index(species, labels)),
    ]);
    table.row(vec![
        "mean silhouette".into(),
        run_learner(|| your_choosing_k::silhouette_score(x, labels)).cell(number),
        number(&choosing_k::silhouette_score(x, labels)),
    ]);
    show(
        &table,
        "measures of the k-means++ clustering",
        "Your measures of the same clustering should equal the reference's to four digits.",
    );
}

fn points(x: ArrayView2<f64>, columns: (usize, usize)) -> Vec<(f64, f64)> {
    x.rows()
        .into_iter()
        .map(|r| (r[columns.0], r[columns.1]))
        .collect()
}

fn plot_iris(x: ArrayView2<f64>, fit: &KMeansFit) -> Result<PathBuf, PlotError> {
    let labels = fit.labels.to_vec();
    let plot = Scatter {
        title: "k-means (k = 3) on iris: petal length vs width".into(),
        x_label: "petal length (cm)".into(),
        y_label: "petal width (cm)".into(),
        groups: Group::by_label(&points(x, (2, 3)), &labels, |c| format!("cluster {c}")),
        markers: points(fit.centroids.view(), (2, 3)),
        markers_name: "centroids".into(),
        line: None,
    };
    scatter_plot(&output_path("clustering_iris.svg")?, &plot)
}

/// The elbow curve and the silhouette for k = 1..=8 (yours and the reference).
fn choose_k_on_iris(x: ArrayView2<f64>) {
    println!("\nchoosing k on iris (k-means++, 10 restarts per k)");
    let search = KSearch::new(8);
    let elbow = choosing_k::elbow_curve(x, &search).expect("valid search");
    let choice = choosing_k::choose_k(x, &search).expect("valid search");
    let your_elbow = run_learner(|| your_choosing_k::elbow_curve(x, &search));
    let your_choice = run_learner(|| your_choosing_k::choose_k(x, &search));
    let your_inertia = |k: usize| {
        your_elbow.cell(|r| match r {
            Ok(curve) => curve.get(k - 1).map_or("-".into(), |v| format!("{v:.3}")),
            Err(e) => format!("error: {e}"),
        })
    };
    let your_silhouette = |k: usize| {
        your_choice.cell(|r| match r {
            Ok(c) => c
                .silhouettes
                .iter()
                .find(|s| s.0 == k)
                .map_or("-".into(), |s| format!("{:.4}", s.1)),
            Err(e) => format!("error: {e}"),
        })
    };
    let mut table = Table::new(&[
        "k",
        "inertia (reference)",
        "inertia (yours)",
        "silhouette (reference)",
        "silhouette (yours)",
    ]);
    for k in 1..=search.max_k {
        let silhouette = choice.silhouettes.iter().find(|s| s.0 == k);
        table.row(vec![
            k.to_string(),
            format!("{:.3}", elbow[k - 1]),
            your_inertia(k),
            silhouette.map_or("-".into(), |s| format!("{:.4}", s.1)),
            if k == 1 {
                "-".into()
            } else {
                your_silhouette(k)
            },
        ]);
    }
    show(
        &table,
        "choosing k on iris",
        "Inertia always falls as k grows; the silhouette peaks at k = 2 (setosa against the \
         rest), although iris has 3 species.",
    );
    println!(
        "the silhouette picks k = {} (yours: {}); the elbow bends at k = 2 to 3\n",
        choice.k,
        your_choice.cell(|r| r
            .as_ref()
            .map_or_else(|e| e.to_string(), |c| c.k.to_string()))
    );
    let mut elbow_series = vec![curve_from("reference", 1, &elbow)];
    let mut silhouette_series = vec![Series::from_points(
        "reference",
        choice
            .silhouettes
            .iter()
            .map(|&(k, s)| (k as f64, s))
            .collect(),
    )];
    if let Some(Ok(curve)) = your_elbow.value() {
        elbow_series.push(curve_from("yours", 1, curve).dashed());
    }
    if let Some(Ok(c)) = your_choice.value() {
        silhouette_series.push(
            Series::from_points(
                "yours",
                c.silhouettes.iter().map(|&(k, s)| (k as f64, s)).collect(),
            )
            .dashed(),
        );
    }
    show_plot(
        output_path("clustering_elbow.svg").and_then(|path| {
            line_chart(
                &path,
                &LineChart {
                    title: "Elbow curve on iris: the best inertia for each k".into(),
                    x_label: "k".into(),
                    y_label: "inertia".into(),
                    series: elbow_series,
                    log_y: false,
                },
            )
        }),
        "The elbow: inertia drops steeply up to k = 2 or 3, then flattens. Your curve \
         (dashed) should lie on the reference's.",
    );
    show_plot(
        output_path("clustering_silhouette.svg").and_then(|path| {
            line_chart(
                &path,
                &LineChart {
                    title: "Mean silhouette on iris for each k".into(),
                    x_label: "k".into(),
                    y_label: "mean silhouette".into(),
                    series: silhouette_series,
                    log_y: false,
                },
            )
        }),
        "Higher is better: the peak is the k whose clusters are tightest and best \
         separated. Yours (dashed) should lie on the reference's.",
    );
}

fn curve_from(name: &str, first_k: usize, values: &[f64]) -> Series {
    Series::from_points(
        name,
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| ((first_k + i) as f64, v))
            .collect(),
    )
}

/// Noise counts as one more cluster for the ARI (label n_clusters).
fn with_noise_as_cluster(labels: &Array1<Option<usize>>) -> Array1<usize> {
    let noise = labels.iter().flatten().max().map_or(0, |&m| m + 1);
    labels.mapv(|l| l.unwrap_or(noise))
}

fn dbscan_cells(fit: &DbscanFit, moon: ArrayView1<usize>) -> Vec<String> {
    let count = |kind| fit.kinds.iter().filter(|&&k| k == kind).count().to_string();
    let labels = with_noise_as_cluster(&fit.labels);
    let ari = adjusted_rand_index::adjusted_rand_index(moon, labels.view());
    vec![
        fit.n_clusters.to_string(),
        count(PointKind::Core),
        count(PointKind::Border),
        count(PointKind::Noise),
        ari.map_or_else(|e| e.to_string(), |v| format!("{v:.4}")),
    ]
}

/// DBSCAN follows the moons where k-means cuts them in half.
fn dbscan_on_two_moons() {
    let moons = synthetic::two_moons(400, 0.08, 6).expect("valid moon settings");
    let x = moons.features.view();
    let moon = moons.class_labels().expect("moons have class labels");
    let params = DbscanParams::new(0.15, 5);
    println!("\ntwo moons: 400 points, noise 0.08; DBSCAN with eps = 0.15, min_samples = 5");
    let mut table = Table::new(&[
        "method",
        "clusters",
        "core",
        "border",
        "noise",
        "ARI vs moon",
        "time",
    ]);
    let yours = run_learner(|| your_dbscan::dbscan(x, &params));
    let mut cells = match yours.value() {
        Some(Ok(fit)) => dbscan_cells(fit, moon.view()),
        Some(Err(error)) => vec![format!("error: {error}")],
        None => vec![yours.cell(|_| String::new())],
    };
    cells.resize(5, String::new());
    table.row(
        [
            vec!["DBSCAN (yours)".into()],
            cells,
            vec![yours.time_cell()],
        ]
        .concat(),
    );
    let (reference, time) = timed(|| dbscan::dbscan(x, &params).expect("valid DBSCAN input"));
    table.row(
        [
            vec!["DBSCAN (reference)".into()],
            dbscan_cells(&reference, moon.view()),
            vec![seconds(time)],
        ]
        .concat(),
    );
    let (linfa, time) = timed(|| {
        Dbscan::params(params.min_samples)
            .tolerance(params.eps)
            .transform(&x)
            .expect("valid linfa Dbscan settings")
    });
    let noise = linfa.iter().filter(|l| l.is_none()).count();
    let clusters = linfa.iter().flatten().max().map_or(0, |&m| m + 1);
    let ari =
        adjusted_rand_index::adjusted_rand_index(moon.view(), with_noise_as_cluster(&linfa).view());
    table.row(vec![
        "DBSCAN (linfa)".into(),
        clusters.to_string(),
        "n/a".into(),
        "n/a".into(),
        noise.to_string(),
        ari.map_or_else(|e| e.to_string(), |v| format!("{v:.4}")),
        seconds(time),
    ]);
    let (split, time) = timed(|| {
        kmeans_plus_plus::kmeans_plus_plus(x, &KMeansParams::new(2)).expect("valid k-means input")
    });
    let ari = adjusted_rand_index::adjusted_rand_index(moon.view(), split.labels.view());
    table.row(vec![
        "k-means++, k = 2 (reference)".into(),
        "2".into(),
        "-".into(),
        "-".into(),
        "0".into(),
        ari.map_or_else(|e| e.to_string(), |v| format!("{v:.4}")),
        seconds(time),
    ]);
    show(
        &table,
        "DBSCAN on two moons",
        "DBSCAN finds the two moons (ARI near 1) where k-means with k = 2 cannot (ARI near \
         0.25); yours should find the same core, border and noise points as the reference.",
    );
    println!("(noise counts as one more cluster in the ARI)\n");
    let fit = match yours {
        Run::Done(Ok(fit), _) => fit,
        _ => reference,
    };
    let labels = with_noise_as_cluster(&fit.labels).to_vec();
    let plot = Scatter {
        title: format!("DBSCAN on two moons: {} clusters and noise", fit.n_clusters),
        x_label: "x0".into(),
        y_label: "x1".into(),
        groups: Group::by_label(&points(x, (0, 1)), &labels, |c| {
            if c == fit.n_clusters {
                "noise".into()
            } else {
                format!("cluster {c}")
            }
        }),
        markers: Vec::new(),
        markers_name: String::new(),
        line: None,
    };
    show_plot(
        output_path("clustering_moons.svg").and_then(|path| scatter_plot(&path, &plot)),
        "DBSCAN follows each moon's curve (k-means would cut them with a straight line); \
         the few points far from both are noise.",
    );
}

/// Eight overlapping blobs on a 4 x 2 grid: from a k-means++ start Lloyd keeps moving for
/// more than 100 iterations (about 150 at 1,000,000 points, over 300 at 100,000).
fn speed_data(n: usize) -> Array2<f64> {
    let centers = Array2::from_shape_fn((8, 2), |(i, j)| {
        if j == 0 {
            (i % 4) as f64 * 3.0
        } else {
            (i / 4) as f64 * 3.0
        }
    });
    synthetic::blobs(centers.view(), n / 8, 2.0, 1)
        .expect("valid blob settings")
        .features
}

fn per_iteration(time: Duration, iterations: usize) -> String {
    format!(
        "{:.2} ms",
        1e3 * time.as_secs_f64() / iterations.max(1) as f64
    )
}

/// How long your Lloyd may take at one size before the larger one is skipped for you.
const YOUR_BUDGET: Duration = Duration::from_secs(5);

/// Lloyd's algorithm from the same k-means++ start for 100 iterations: yours, the
/// reference and linfa, on 100 000 points (and 1 000 000 with `--full`, the size of
/// scikit-learn's published figure). Your code runs first at each size; when it took
/// more than [`YOUR_BUDGET`], it is not run on ten times as many points.
fn speed(full: bool) {
    let threads = std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        format!("all {cores} cores")
    });
    println!(
        "\nspeed: 100 Lloyd iterations, k = 8, on 2-D blobs, from the same k-means++ start \
         (reference: one thread; linfa: {threads})"
    );
    let iterations = 100;
    let params = LloydParams::new().tolerance(0.0).max_iterations(iterations);
    let mut table = Table::new(&["n", "who", "iterations", "time", "per iteration", "inertia"]);
    let sizes: &[usize] = if full {
        &[100_000, 1_000_000]
    } else {
        &[100_000]
    };
    let mut your_time = Duration::ZERO;
    for &n in sizes {
        let x = speed_data(n);
        let start = kmeans_plus_plus::plus_plus_init(x.view(), 8, &mut rng(0))
            .expect("valid k-means++ input");
        let yours = if your_time <= YOUR_BUDGET {
            run_learner(|| your_kmeans::lloyd(x.view(), start.view(), &params))
        } else {
            Run::Skipped(format!(
                "skipped: {} at a tenth of the size",
                seconds(your_time)
            ))
        };
        if let Run::Done(_, time) = &yours {
            your_time = *time;
        }
        let (reference, reference_time) =
            timed(|| kmeans::lloyd(x.view(), start.view(), &params).expect("valid k-means input"));
        let (linfa, linfa_time) = timed(|| {
            KMeans::params_with_rng(8, rng(0))
                .init_method(KMeansInit::Precomputed(start.clone()))
                .n_runs(1)
                .max_n_iterations(iterations as u64)
                .tolerance(f64::MIN_POSITIVE)
                .fit(&DatasetBase::from(x.view()))
                .expect("linfa fits the blobs")
        });
        let your_cells = match yours.value() {
            Some(Ok(fit)) => vec![
                fit.iterations.to_string(),
                yours.time_cell(),
                match &yours {
                    Run::Done(_, time) => per_iteration(*time, fit.iterations),
                    _ => String::new(),
                },
                format!("{:.1}", fit.inertia),
            ],
            Some(Err(error)) => vec![format!("error: {error}")],
            None => vec![yours.cell(|_| String::new())],
        };
        table.row([vec![n.to_string(), "yours".into()], your_cells].concat());
        table.row(vec![
            n.to_string(),
            "reference".into(),
            reference.iterations.to_string(),
            seconds(reference_time),
            per_iteration(reference_time, reference.iterations),
            format!("{:.1}", reference.inertia),
        ]);
        table.row(vec![
            n.to_string(),
            "linfa".into(),
            format!("{iterations} (cap)"),
            seconds(linfa_time),
            per_iteration(linfa_time, iterations),
            format!("{:.1}", linfa.inertia() * n as f64),
        ]);
        let ratio = (linfa_time.as_secs_f64() / iterations as f64)
            / (reference_time.as_secs_f64() / reference.iterations.max(1) as f64);
        table.row(vec![
            n.to_string(),
            "linfa / reference".into(),
            String::new(),
            String::new(),
            format!("{ratio:.2}x per iteration"),
        ]);
    }
    show(
        &table,
        "speed: 100 Lloyd iterations, k = 8",
        "Time per iteration: the reference should be well ahead of linfa, and yours close to \
         the reference (the same algorithm).",
    );
    if !full {
        println!(
            "scikit-learn's figure is for 1,000,000 points: cargo run --release --example \
             clustering -- --full"
        );
    }
    println!(
        "scikit-learn, published for this kind of machine: 100 iterations on 1,000,000 x 2, k = 8 \
         in 1.67 s on one thread (16.7 ms per iteration), 0.83 s on two.\n\
         The reference's count includes no early stop: with tolerance 0 it stops only when no \
         centroid moves; its time includes one final assignment. linfa runs m_k-means (each \
         old centroid counts as one more point), hence slightly different inertias."
    );
}
