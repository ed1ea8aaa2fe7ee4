//! Speed on a large seeded problem: the reference tree and forest against linfa-trees
//! and linfa-ensemble, single-threaded, then the reference forest on every core.

use linfa::prelude::{Fit, Predict};
use linfa_ensemble::RandomForestParams;
use mlings::datasets::synthetic::binary_classification;
use mlings::prep::rng;
use mlings::reference;
use mlings::report::{Table, seconds, show, timed};
use mlings::types::random_forest::{ForestParams, MaxFeatures};

use crate::accuracy;
use crate::progress::with_progress;

/// How big the speed test is.
pub struct Options {
    rows: usize,
    trees: usize,
    linfa_forest_trees: usize,
    /// The size scikit-learn's published figures are for.
    full: bool,
}

impl Options {
    /// 20 000 rows and 20 trees (1 of them for linfa-ensemble, whose trees take seconds
    /// each), so that `cargo run -- compare` stays under 30 s; `--full`: 100 000 rows and
    /// 100 trees (2 for linfa-ensemble), the size of scikit-learn's published figures;
    /// `--full-linfa`: all the trees for linfa-ensemble too.
    pub fn from_args(args: &[String]) -> Self {
        let has = |flag: &str| args.iter().any(|a| a == flag);
        let full = has("--full") || has("--full-linfa");
        let (rows, trees, linfa_trees) = if full {
            (100_000, 100, 2)
        } else {
            (20_000, 20, 1)
        };
        Options {
            rows,
            trees,
            linfa_forest_trees: if has("--full-linfa") {
                trees
            } else {
                linfa_trees
            },
            full,
        }
    }
}

pub fn compare(options: &Options) {
    let Options {
        rows,
        trees,
        linfa_forest_trees,
        full,
    } = *options;
    println!(
        "== speed: {rows} x 10 synthetic rows (2 informative features, 10% of labels flipped, \
         so 0.90 is the best possible accuracy), optimized build\n"
    );
    let (train, test) = match (
        binary_classification(rows, 10, 2, 0.1, 7),
        binary_classification(20_000, 10, 2, 0.1, 8),
    ) {
        (Ok(train), Ok(test)) => (train, test),
        (Err(e), _) | (_, Err(e)) => return eprintln!("cannot make the data: {e}"),
    };
    let labels = |d: &mlings::datasets::Dataset| d.class_labels().expect("0/1 labels");
    let (y, y_test) = (labels(&train), labels(&test));
    let (x, x_test) = (train.features.view(), test.features.view());
    let mut table = Table::new(&["model", "fit time", "test accuracy", "size"]);

    let (tree, tree_time) =
        timed(|| reference::decision_tree::fit(x, y.view(), &Default::default()));
    let Ok(tree) = tree else {
        return eprintln!("the reference tree failed");
    };
    let predicted = reference::decision_tree::predict(&tree, x_test).unwrap_or_default();
    table.row(vec![
        "reference tree (unlimited depth)".into(),
        seconds(tree_time),
        format!("{:.3}", accuracy(&predicted, &y_test)),
        format!(
            "depth {}, {} leaves",
            reference::decision_tree::depth(&tree),
            reference::decision_tree::n_leaves(&tree)
        ),
    ]);
    let dataset = linfa::Dataset::new(train.features.clone(), y.clone());
    let (linfa_tree, linfa_tree_time) = timed(|| linfa_trees::DecisionTree::params().fit(&dataset));
    if let Ok(t) = &linfa_tree {
        table.row(vec![
            "linfa-trees tree (unlimited depth)".into(),
            seconds(linfa_tree_time),
            format!("{:.3}", accuracy(&t.predict(&test.features), &y_test)),
            format!("depth {}, {} leaves", t.max_depth(), t.num_leaves()),
        ]);
    }

    let params = ForestParams::new(trees);
    let cpu_before = process_cpu();
    let (forest, forest_time) = timed(|| {
        with_progress("reference forest, 1 thread ", trees, |done| {
            reference::random_forest::fit_parallel(x, y.view(), &params, 1, done)
        })
    });
    let forest_cpu = process_cpu()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let Ok(forest) = forest else {
        return eprintln!("the reference forest failed");
    };
    let forest_accuracy = reference::bagging::predict(&forest, x_test)
        .map(|p| accuracy(&p, &y_test))
        .ok();
    table.row(vec![
        format!("reference forest of {trees}, 1 thread"),
        seconds(forest_time),
        forest_accuracy.map_or("-".into(), |a| format!("{a:.3}")),
        format!(
            "{} leaves in all",
            forest
                .trees
                .iter()
                .map(reference::decision_tree::n_leaves)
                .sum::<usize>()
        ),
    ]);
    let share = MaxFeatures::Sqrt.count(10) as f64 / 10.0;
    let (linfa_forest, linfa_forest_time) = timed(|| {
        with_progress(
            &format!("linfa-ensemble, {linfa_forest_trees} trees"),
            1,
            |done| {
                let forest =
                    RandomForestParams::new_fixed_rng(linfa_trees::DecisionTree::params(), rng(0))
                        .ensemble_size(linfa_forest_trees)
                        .feature_proportion(share)
                        .fit(&dataset);
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                forest
            },
        )
    });
    if let Ok(f) = &linfa_forest {
        table.row(vec![
            format!("linfa-ensemble forest of {linfa_forest_trees}"),
            seconds(linfa_forest_time),
            format!("{:.3}", accuracy(&f.predict(&test.features), &y_test)),
            String::new(),
        ]);
    }

    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let (cpu_before, load_before) = (process_cpu(), load_average());
    let (parallel, parallel_time) = timed(|| {
        with_progress(
            &format!("reference forest, {threads} threads"),
            trees,
            |done| reference::random_forest::fit_parallel(x, y.view(), &params, threads, done),
        )
    });
    let parallel_cpu = process_cpu()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    table.row(vec![
        format!("reference forest of {trees}, {threads} threads"),
        seconds(parallel_time),
        forest_accuracy.map_or("-".into(), |a| format!("{a:.3}")),
        if parallel.as_ref() == Ok(&forest) {
            "the same forest".into()
        } else {
            "A DIFFERENT FOREST".into()
        },
    ]);
    println!();
    show(
        &table,
        &format!("speed: {rows} synthetic rows, {trees} trees"),
        "Fit times of the same models: the reference should beat linfa by a wide margin, and \
         the forest on every core should be the same forest as on one thread, only faster \
         (on a busy machine the speed-up shrinks).",
    );

    let per_tree = |time: std::time::Duration, n: usize| time.as_secs_f64() / n as f64;
    println!("ratios measured in this run (the machine may be busy: compare ratios, not seconds):");
    println!(
        "  linfa-trees tree / reference tree:           {:.1}x",
        linfa_tree_time.as_secs_f64() / tree_time.as_secs_f64()
    );
    println!(
        "  linfa-ensemble / reference, time per tree:   {:.1}x  ({:.2} s vs {:.2} s per tree; \
         linfa's {trees} trees would take about {:.0} s)",
        per_tree(linfa_forest_time, linfa_forest_trees) / per_tree(forest_time, trees),
        per_tree(linfa_forest_time, linfa_forest_trees),
        per_tree(forest_time, trees),
        per_tree(linfa_forest_time, linfa_forest_trees) * trees as f64,
    );
    println!(
        "  reference forest, 1 thread / {threads} threads:      {:.2}x speed-up",
        forest_time.as_secs_f64() / parallel_time.as_secs_f64()
    );
    if let (Some(one), Some(all)) = (forest_cpu, parallel_cpu) {
        // Other programs' threads take cores away: the CPU time a fit got per second of
        // wall time says how many cores it really ran on.
        let (wall_one, wall_all) = (forest_time.as_secs_f64(), parallel_time.as_secs_f64());
        println!(
            "  CPU time of the forest fits:                 {one:.2} s in {wall_one:.2} s on 1 thread \
             ({:.2} cores), {all:.2} s in {wall_all:.2} s on {threads} ({:.2} cores); load average {}",
            one / wall_one,
            all / wall_all,
            load_before.as_deref().unwrap_or("unknown"),
        );
        println!(
            "  so {threads} threads did {:.2}x the work of 1: on {threads} free cores, about {:.2}x",
            all / one.max(1e-9),
            (threads as f64 * one / all.max(1e-9)).min(threads as f64),
        );
        if all / wall_all < 0.9 * threads as f64 {
            println!(
                "  (the machine was busy: Linux gives each session an equal share of the cores \
                 whatever its number of threads, so extra threads then buy little)"
            );
        }
    }
    if full {
        println!(
            "For scale, scikit-learn on this kind of machine: the tree in 1.96 s, the forest of \
             100 in 35 s on one thread (18 s on two); linfa-trees' tree in 11.9 s."
        );
    } else {
        println!(
            "scikit-learn's figures are for 100 000 rows and 100 trees: \
             cargo run --release --example trees -- --full"
        );
    }
}

/// The CPU time this process has used so far, all threads, user and system, in seconds
/// (Linux's /proc/self/stat, in ticks of 1/100 s); `None` elsewhere.
fn process_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

/// The 1-minute load average (runnable threads, all programs), from /proc/loadavg.
fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next().map(str::to_string)
}
