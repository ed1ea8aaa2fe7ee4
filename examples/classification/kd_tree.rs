//! The k-d tree beside brute force and linfa-nn's KdTree: 5-nearest-neighbour votes on
//! the bundled reference splits (scikit-learn's published accuracies), query time against
//! n = 1 000 … 1 000 000 uniform 2-D points (a table and a log-log SVG plot), and the
//! distances each query computes.

use std::time::Duration;

use linfa_nn::distance::L2Dist;
use linfa_nn::{KdTree as LinfaKdTree, NearestNeighbour};
use mlings::datasets;
use mlings::plot::{LineChart, Series, line_chart, output_path};
use mlings::prep::StandardizedSplit;
use mlings::reference::kd_tree;
use mlings::report::{Run, Table, best_of, run_learner, seconds, show, show_plot, timed};
use mlings::types::kd_tree::{KdTree, KdTreeParams, Query};
use ndarray::{Array2, ArrayView1};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::learner_kd_tree as yours;

/// The majority label of the neighbours (a tied vote goes to the smallest label, as in
/// scikit-learn's figures).
fn vote(query: &Query, labels: &[usize], n_classes: usize) -> usize {
    let mut votes = vec![0usize; n_classes];
    for n in &query.neighbours {
        votes[labels[n.index]] += 1;
    }
    // max_by_key keeps the last maximum: walk the classes from the largest down.
    (0..n_classes).rev().max_by_key(|&c| votes[c]).unwrap_or(0)
}

/// 5-NN test accuracy with the reference tree, your tree and linfa-nn, beside
/// scikit-learn's published figure; and the distances computed per query.
fn five_nearest_on_reference_splits() {
    let k = 5;
    let mut table = Table::new(&[
        "dataset",
        "dims",
        "train rows",
        "scikit-learn",
        "reference tree",
        "yours",
        "linfa-nn KdTree",
        "distances per query (of n)",
    ]);
    let sets = [
        ("iris", datasets::iris(), 0.933),
        ("wine", datasets::wine(), 0.972),
        ("breast_cancer", datasets::breast_cancer(), 0.956),
        ("digits", datasets::digits(), 0.964),
    ];
    for (name, data, sklearn) in sets {
        let Ok(split) = StandardizedSplit::reference(&data) else {
            continue;
        };
        let Ok((y_train, y_test)) = split.class_labels() else {
            continue;
        };
        let labels = y_train.to_vec();
        let n_classes = labels.iter().max().map_or(0, |m| m + 1);
        let accuracy = |predicted: &[usize]| {
            let right = predicted
                .iter()
                .zip(&y_test)
                .filter(|(p, t)| p == t)
                .count();
            format!("{:.3}", right as f64 / y_test.len() as f64)
        };
        let Ok(tree) = kd_tree::build(split.x_train.view(), &KdTreeParams::new()) else {
            continue;
        };
        let mut evaluations = 0;
        let reference: Vec<usize> = split
            .x_test
            .outer_iter()
            .filter_map(|q| kd_tree::nearest(&tree, q, k).ok())
            .map(|answer| {
                evaluations += answer.distance_evaluations;
                vote(&answer, &labels, n_classes)
            })
            .collect();
        let mine = run_learner(|| {
            let tree = yours::build(split.x_train.view(), &KdTreeParams::new())?;
            split
                .x_test
                .outer_iter()
                .map(|q| yours::nearest(&tree, q, k).map(|a| vote(&a, &labels, n_classes)))
                .collect::<Result<Vec<usize>, _>>()
        });
        let linfa = LinfaKdTree.from_batch(&split.x_train, L2Dist).map(|index| {
            split
                .x_test
                .outer_iter()
                .map(|q| {
                    let found = index.k_nearest(q, k).unwrap_or_default();
                    let mut votes = vec![0usize; n_classes];
                    for (_, row) in found {
                        votes[labels[row]] += 1;
                    }
                    (0..n_classes).rev().max_by_key(|&c| votes[c]).unwrap_or(0)
                })
                .collect::<Vec<usize>>()
        });
        table.row(vec![
            name.into(),
            split.x_train.ncols().to_string(),
            labels.len().to_string(),
            format!("{sklearn:.3}"),
            accuracy(&reference),
            mine.ok_cell(|p| accuracy(p)),
            linfa.map_or_else(|e| format!("error: {e}"), |p| accuracy(&p)),
            format!(
                "{:.0} of {} ({:.0}%)",
                evaluations as f64 / y_test.len() as f64,
                labels.len(),
                100.0 * evaluations as f64 / (y_test.len() * labels.len()) as f64
            ),
        ]);
    }
    show(
        &table,
        "5-nearest-neighbour vote (standardized, the reference splits)",
        "The accuracies should equal scikit-learn's (the neighbours are the same, ties \
         included). The last column is the k-d tree's weakness: in 4-D (iris) a query \
         computes a fraction of the distances; in 30-D (breast_cancer) and 64-D (digits) \
         almost no branch can be pruned and the tree computes nearly all n of them.",
    );
}

fn uniform(n: usize, seed: u64) -> Array2<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    Array2::from_shape_fn((n, 2), |_| rng.r#gen::<f64>())
}

/// The mean time per query of `queries` queries, and their answers' total evaluations.
fn per_query<E>(
    queries: &Array2<f64>,
    count: usize,
    mut one: impl FnMut(ArrayView1<f64>) -> Result<Query, E>,
) -> (Duration, usize) {
    // The best of 3 runs: the machine may be busy with other work.
    let (evaluations, time) = best_of(3, || {
        queries
            .outer_iter()
            .take(count)
            .map(|q| one(q).map_or(0, |a| a.distance_evaluations))
            .sum::<usize>()
    });
    (time / count as u32, evaluations / count)
}

/// log(t2 / t1) / log(n2 / n1): 1 for a time proportional to n, near 0 for log n.
fn slope(previous: Option<(usize, Duration)>, n: usize, time: Duration) -> String {
    match previous {
        Some((n1, t1)) if t1 > Duration::ZERO && time > Duration::ZERO => format!(
            "{:.2}",
            (time.as_secs_f64() / t1.as_secs_f64()).ln() / (n as f64 / n1 as f64).ln()
        ),
        _ => "-".into(),
    }
}

fn micros(time: Duration) -> String {
    format!("{:.2} µs", time.as_secs_f64() * 1e6)
}

/// Query time at k = 1 against n, for brute force, the reference tree, yours and
/// linfa-nn; the table gives the speed-up and each curve's log-log slope.
fn query_time_against_n() {
    let sizes = [1_000, 10_000, 100_000, 1_000_000];
    let queries = uniform(2_000, 7);
    let params = KdTreeParams::new();
    let mut table = Table::new(&[
        "n",
        "brute force / query",
        "slope",
        "reference tree / query",
        "slope",
        "speed-up",
        "distances / query",
        "yours / query",
        "linfa-nn KdTree / query",
        "build: reference, yours, linfa-nn",
    ]);
    let (mut brute_line, mut tree_line, mut your_line, mut linfa_line) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut last_brute, mut last_tree) = (None, None);
    let mut yours_too_slow = false;
    let mut final_speedup = 0.0;
    for (i, &n) in sizes.iter().enumerate() {
        let points = uniform(n, 100 + i as u64);
        // Brute force costs n per query: fewer queries at large n keep the run short.
        let brute_count = (20_000_000 / n).clamp(20, 2_000);
        let (brute, _) = per_query(&queries, brute_count, |q| {
            kd_tree::brute_force(points.view(), q, 1)
        });
        let (tree, build_time) = timed(|| kd_tree::build(points.view(), &params));
        let Ok(tree) = tree else { continue };
        let (tree_time, evaluations) =
            per_query(&queries, queries.nrows(), |q| kd_tree::nearest(&tree, q, 1));
        let speedup = brute.as_secs_f64() / tree_time.as_secs_f64().max(1e-12);
        final_speedup = speedup;
        // Yours: built once, queried like the reference, unless a smaller n took too long.
        let mine: Run<Result<(KdTree, Duration), String>> = if yours_too_slow {
            Run::Skipped("skipped (too slow at the previous n)".into())
        } else {
            run_learner(|| {
                let (tree, time) = timed(|| yours::build(points.view(), &params));
                tree.map(|t| (t, time)).map_err(|e| e.to_string())
            })
        };
        let your_query = match mine.value() {
            Some(Ok((your_tree, your_build))) => {
                let run = run_learner(|| {
                    per_query(&queries, queries.nrows(), |q| {
                        yours::nearest(your_tree, q, 1)
                    })
                });
                if your_build.as_secs_f64() > 10.0 {
                    yours_too_slow = true;
                }
                match run {
                    Run::Done((time, _), _) => {
                        your_line.push((n as f64, time.as_secs_f64() * 1e6));
                        (micros(time), seconds(*your_build))
                    }
                    other => (other.cell(|_| String::new()), seconds(*your_build)),
                }
            }
            Some(Err(e)) => (format!("error: {e}"), "-".into()),
            None => (mine.cell(|_| String::new()), "-".into()),
        };
        let (linfa_index, linfa_build) = timed(|| LinfaKdTree.from_batch(&points, L2Dist));
        let linfa_query = match &linfa_index {
            Ok(index) => {
                let (_, time) = best_of(3, || {
                    for q in queries.outer_iter() {
                        let _ = index.k_nearest(q, 1);
                    }
                });
                let time = time / queries.nrows() as u32;
                linfa_line.push((n as f64, time.as_secs_f64() * 1e6));
                micros(time)
            }
            Err(e) => format!("error: {e}"),
        };
        brute_line.push((n as f64, brute.as_secs_f64() * 1e6));
        tree_line.push((n as f64, tree_time.as_secs_f64() * 1e6));
        table.row(vec![
            n.to_string(),
            micros(brute),
            slope(last_brute, n, brute),
            micros(tree_time),
            slope(last_tree, n, tree_time),
            format!("{speedup:.0}x"),
            evaluations.to_string(),
            your_query.0,
            linfa_query,
            format!(
                "{}, {}, {}",
                seconds(build_time),
                your_query.1,
                seconds(linfa_build)
            ),
        ]);
        last_brute = Some((n, brute));
        last_tree = Some((n, tree_time));
    }
    let verdict = if final_speedup >= 50.0 {
        format!(
            "at 1 000 000 points the tree answers {final_speedup:.0}x faster than brute force (the goal: at least 50x)"
        )
    } else {
        format!(
            "at 1 000 000 points the tree is only {final_speedup:.0}x faster than brute force \
             (the goal is 50x: a busy machine, or a debug build?)"
        )
    };
    // The slope of each curve from the smallest n to the largest, on log-log axes.
    let overall = |line: &[(f64, f64)]| match (line.first(), line.last()) {
        (Some(&(n1, t1)), Some(&(n2, t2))) if n2 > n1 && t1 > 0.0 => {
            format!("{:.2}", (t2 / t1).ln() / (n2 / n1).ln())
        }
        _ => "-".into(),
    };
    println!(
        "k = 1 on uniform 2-D points, leaf_size 16, one thread; {verdict}.\n\
         The curve bends: from n = 1 000 to 1 000 000 the log-log slope of brute force is {} \
         (time proportional to n), the tree's is {} (a few dozen distances whatever n is).\n",
        overall(&brute_line),
        overall(&tree_line)
    );
    show(
        &table,
        "query time against n (k = 1, uniform 2-D points)",
        "The curve bends: brute force's slope is about 1 (ten times the points, ten times \
         the time), the tree's stays far below 1 (it computes a few dozen distances whatever \
         n is; what grows is the depth and cache misses), so the speed-up grows with n.",
    );
    // x is log₁₀ n on a linear axis, y on a log axis: a log-log plot.
    let log_n = |line: Vec<(f64, f64)>| line.into_iter().map(|(n, t)| (n.log10(), t)).collect();
    let mut series = vec![
        Series::from_points("brute force", log_n(brute_line)),
        Series::from_points("reference k-d tree", log_n(tree_line)),
        Series::from_points("linfa-nn KdTree", log_n(linfa_line)),
    ];
    if !your_line.is_empty() {
        series.push(Series::from_points("your k-d tree", log_n(your_line)).dashed());
    }
    let chart = LineChart {
        title: "k = 1 query time against n (uniform 2-D points)".into(),
        x_label: "log10 n (3 = 1 000 points, 6 = 1 000 000)".into(),
        y_label: "µs per query (log scale)".into(),
        series,
        log_y: true,
    };
    show_plot(
        output_path("kd_tree_query_time.svg").and_then(|path| line_chart(&path, &chart)),
        "Brute force climbs a straight line of slope 1; the k-d trees stay nearly flat.",
    );
}

/// The k-d tree part of the classification example.
pub fn compare() {
    println!("\n== k-d tree: nearest neighbours without comparing with every row\n");
    five_nearest_on_reference_splits();
    query_time_against_n();
}
