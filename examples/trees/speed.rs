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
    let (forest, forest_time) = timed(|| {
        with_progress("reference forest, 1 thread ", trees, |done| {
            reference::random_forest::fit_parallel(x, y.view(), &params, 1, done)
        })
    });
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
    let (parallel, parallel_time) = timed(|| {
        with_progress(
            &format!("reference forest, {threads} threads"),
            trees,
            |done| reference::random_forest::fit_parallel(x, y.view(), &params, threads, done),
        )
    });
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
