//! Grader of exercises/08_trees/random_forest.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/08_trees/random_forest.rs"]
mod random_forest;
#[cfg(feature = "solutions")]
use mlings::reference::random_forest;

use std::collections::BTreeSet;

use mlings::grade::{
    Tolerance, assert_finite, catch_panic, expect, expect_array, expect_err, fail, require,
};
use mlings::prep::{Rng, rng};
use mlings::reference::{bagging, decision_tree as tree};
use mlings::types::bagging::{Ensemble, EnsembleError, tree_rng};
use mlings::types::decision_tree::{DecisionTree, Node, NodeKind, TreeError};
use mlings::types::random_forest::{ForestParams, MaxFeatures};
use mlings::{call, call_ok, datasets};
use ndarray::{Array1, Array2, array};
use rand::Rng as _;

mod trees_support;
use trees_support::{
    accuracy, bootstrap_rows, first_difference, head, labels, leaf, reference_split,
    rows_never_drawn, stump,
};

/// The documented draw, written here independently of your code: a partial
/// Fisher–Yates shuffle of 0..p, swapping position i with rng.gen_range(i..p) for i in
/// 0..min(k, p), then the first min(k, p) positions.
fn grader_features(p: usize, k: usize, rng: &mut Rng) -> Vec<usize> {
    let mut features: Vec<usize> = (0..p).collect();
    let k = k.min(p);
    for i in 0..k {
        let j = rng.gen_range(i..p);
        features.swap(i, j);
    }
    features.truncate(k);
    features
}

#[test]
fn sample_features_replays_the_documented_draws() {
    for (p, k, seed) in [(10, 3, 1), (30, 5, 9), (6, 6, 4), (4, 9, 2), (1, 1, 3)] {
        let mut theirs = rng(seed);
        let call = format!("sample_features({p}, {k}, &mut rng({seed}))");
        let got = match catch_panic(&call, || random_forest::sample_features(p, k, &mut theirs)) {
            Ok(got) => got,
            Err(message) => fail(format!(
                "{call} panicked: {message}\n    likely mistake: {}",
                if k > p {
                    "k >= n_features asks for every feature: return all n_features of them \
                     (the loop runs min(k, n_features) times)"
                } else {
                    "the loop must run k times with j = rng.gen_range(i..n_features)"
                }
            )),
        };
        let mut ours = rng(seed);
        let expected = grader_features(p, k, &mut ours);
        let distinct: BTreeSet<usize> = got.iter().copied().collect();
        if got != expected {
            let whole_range = {
                let mut r = rng(seed);
                let mut f: Vec<usize> = (0..p).collect();
                for i in 0..k.min(p) {
                    let j = r.gen_range(0..p);
                    f.swap(i, j);
                }
                f.truncate(k.min(p));
                f
            };
            let choose_multiple = {
                use rand::seq::IteratorRandom;
                (0..p).choose_multiple(&mut rng(seed), k.min(p))
            };
            let mut sorted = expected.clone();
            sorted.sort_unstable();
            let with_replacement: Vec<usize> = {
                let mut r = rng(seed);
                (0..k.min(p)).map(|_| r.gen_range(0..p)).collect()
            };
            let likely = if distinct.len() < got.len() || got == with_replacement {
                "k draws of rng.gen_range(0..n_features) are made with replacement (a feature \
                 can come twice); swap position i \
                 with rng.gen_range(i..n_features) so every feature comes at most once"
            } else if got.len() != k.min(p) {
                "return min(k, n_features) features: all of them when k >= n_features"
            } else if got == whole_range {
                "j was drawn from 0..n_features: draw it from rng.gen_range(i..n_features), \
                 among the positions not yet fixed"
            } else if got == {
                let mut r = rng(seed);
                let mut f: Vec<usize> = (0..p).collect();
                for i in 0..k.min(p) {
                    let j = if i + 1 < p { r.gen_range(i + 1..p) } else { i };
                    f.swap(i, j);
                }
                f.truncate(k.min(p));
                f
            } {
                "j was drawn from i + 1..n_features, so a feature can never stay in place: \
                 draw it from rng.gen_range(i..n_features)"
            } else if got == choose_multiple && p > 1 {
                "rand's choose_multiple draws in another order: use the partial Fisher–Yates \
                 shuffle the doc describes, so the grader (and the course) can replay it"
            } else if got == sorted {
                "the right features, sorted: keep the first k positions in the order the \
                 shuffle left them"
            } else {
                "follow the partial Fisher–Yates shuffle exactly: for i in 0..k swap \
                 positions i and rng.gen_range(i..n_features), keep the first k"
            };
            fail(format!(
                "{call}: expected {expected:?}, got {}; {}\n    likely mistake: {likely}",
                head(&got, 8),
                first_difference(&got, &expected)
            ));
        }
        // The next draw shows how many numbers the call took from the generator.
        require(
            theirs.gen_range(0..1_000_000u32) == ours.gen_range(0..1_000_000u32),
            || {
                format!(
                    "{call} returned the right features but took more (or fewer) numbers from \
                 the generator than the min(k, n_features) = {} draws of the partial \
                 Fisher–Yates shuffle; the next split's features then differ\n    likely \
                 mistake: a full shuffle draws n_features times: make only k draws, for i \
                 in 0..k",
                    k.min(p)
                )
            },
        );
    }
}

#[test]
fn every_feature_is_equally_likely() {
    // 5000 draws of 3 of 10 features: each feature is chosen 1500 times on average.
    let mut generator = rng(2);
    let mut counts = [0usize; 10];
    for _ in 0..5000 {
        for feature in call!(random_forest::sample_features(10, 3, &mut generator)) {
            if let Some(count) = counts.get_mut(feature) {
                *count += 1;
            }
        }
    }
    require(counts.iter().all(|c| (1350..=1650).contains(c)), || {
        format!(
            "in 5000 draws of 3 of 10 features each feature should come about 1500 times; \
             counts: {counts:?}\n    swap position i with rng.gen_range(i..n_features) (not \
             0..n_features, not i + 1..n_features)"
        )
    });
}

#[test]
fn one_tree_without_bootstrap_and_with_all_features_is_a_single_tree() {
    let wine = datasets::wine();
    let y = labels(&wine);
    let params = ForestParams::new(1)
        .bootstrap(false)
        .max_features(MaxFeatures::All);
    let forest = call_ok!(random_forest::fit(wine.features.view(), y.view(), &params));
    let single = tree::fit(wine.features.view(), y.view(), &params.tree)
        .expect("the supplied tree fits wine");
    require(forest.trees.len() == 1 && forest.trees[0] == single, || {
        "a forest of 1 tree, without bootstrap and with all features at every split, must be \
         the plain decision tree of the data (rows 0..n in order, all features)"
            .into()
    });
    require(
        forest.out_of_bag.len() == 1 && forest.out_of_bag[0].is_empty(),
        || {
            format!(
                "without bootstrap the tree sees every row, so nothing is out of bag; got {:?}",
                forest.out_of_bag
            )
        },
    );
    let error = expect_err(
        "oob_score of a forest without bootstrap",
        "no row is out of bag for any tree: return EnsembleError::NoOutOfBag (there is no \
         row to score)",
        call!(random_forest::oob_score(
            &forest,
            wine.features.view(),
            y.view()
        )),
    );
    require(error == EnsembleError::NoOutOfBag, || {
        format!("expected NoOutOfBag, got {error:?}")
    });
}

fn small_forest(seed: u64) -> Ensemble {
    let cancer = datasets::breast_cancer();
    let y = labels(&cancer);
    let params = ForestParams::new(3).seed(seed);
    call_ok!(random_forest::fit(
        cancer.features.view(),
        y.view(),
        &params
    ))
}

#[test]
fn the_same_seed_gives_the_same_forest() {
    let (a, b, c) = (small_forest(4), small_forest(4), small_forest(5));
    require(a == b, || {
        "two forests with seed 4 differ: draw only from tree_rng(seed, t)".into()
    });
    require(a != c, || {
        "seeds 4 and 5 gave the same forest: use params.seed".into()
    });
}

/// A slip a forest's fit might make, to rebuild what it would grow.
#[derive(Clone, Copy, PartialEq)]
enum Slip {
    None,
    OneSubsetPerTree,
    SecondGenerator,
    K(usize),
    Bootstrap(bool),
    DefaultTree,
}

/// Tree t of a forest and its out-of-bag rows, rebuilt here from the doc (bootstrap
/// first, then a fresh feature subset at every split, all from tree_rng(seed, t)),
/// independently of your code; `slip` rebuilds a known mistake instead.
fn rebuilt(
    x: ndarray::ArrayView2<f64>,
    y: ndarray::ArrayView1<usize>,
    n_classes: usize,
    params: &ForestParams,
    t: usize,
    slip: Slip,
) -> (DecisionTree, Vec<usize>) {
    let (n, p) = x.dim();
    let mut generator = tree_rng(params.seed, t);
    let bootstrap = match slip {
        Slip::Bootstrap(b) => b,
        _ => params.bootstrap,
    };
    let rows: Vec<usize> = if bootstrap {
        bootstrap_rows(n, &mut generator)
    } else {
        (0..n).collect()
    };
    let k = match slip {
        Slip::K(k) => k,
        _ => params.max_features.count(p),
    };
    let tree_params = match slip {
        Slip::DefaultTree => mlings::types::decision_tree::TreeParams::new(),
        _ => params.tree,
    };
    let grown = match slip {
        Slip::OneSubsetPerTree => {
            let once = grader_features(p, k, &mut generator);
            tree::grow(x, y, &rows, n_classes, &tree_params, &mut |_| once.clone())
        }
        Slip::SecondGenerator => {
            let mut other = tree_rng(params.seed, t);
            tree::grow(x, y, &rows, n_classes, &tree_params, &mut |q| {
                grader_features(q, k, &mut other)
            })
        }
        _ => tree::grow(x, y, &rows, n_classes, &tree_params, &mut |q| {
            grader_features(q, k, &mut generator)
        }),
    };
    let tree = grown.expect("the supplied tree grows on a bundled dataset");
    (tree, rows_never_drawn(n, &rows))
}

/// Compares every tree of `forest` with the rebuilt one, naming the slip that fits.
fn check_forest(
    forest: &Ensemble,
    x: ndarray::ArrayView2<f64>,
    y: ndarray::ArrayView1<usize>,
    n_classes: usize,
    params: &ForestParams,
    what: &str,
    slips: &[(Slip, &str)],
) {
    require(forest.trees.len() == params.n_trees, || {
        format!(
            "{what}: {} trees were asked for, got {}",
            params.n_trees,
            forest.trees.len()
        )
    });
    require(
        (forest.n_classes, forest.n_features) == (n_classes, x.ncols()),
        || {
            format!(
                "{what}: expected n_classes {n_classes} and n_features {} (the columns of x), \
                 got n_classes {} and n_features {}",
                x.ncols(),
                forest.n_classes,
                forest.n_features
            )
        },
    );
    for t in 0..params.n_trees {
        let (expected, expected_oob) = rebuilt(x, y, n_classes, params, t, Slip::None);
        let got = (&forest.trees[t], forest.out_of_bag.get(t));
        if got == (&expected, Some(&expected_oob)) {
            continue;
        }
        let likely = slips
            .iter()
            .find(|(slip, _)| {
                let (tree, oob) = rebuilt(x, y, n_classes, params, t, *slip);
                got == (&tree, Some(&oob))
            })
            .map(|(_, why)| format!("\n    likely mistake: {why}"))
            .unwrap_or_else(|| {
                "\n    grow tree t from tree_rng(params.seed, t): its bootstrap sample first \
                 (if params.bootstrap), then let the tree call |p| sample_features(p, k, &mut \
                 rng) at every split, with that same rng"
                    .into()
            });
        let oob_note = match got.1 {
            Some(oob) if *oob != expected_oob => format!(
                " (its out-of-bag rows differ too: {})",
                first_difference(oob, &expected_oob)
            ),
            _ => String::new(),
        };
        fail(format!(
            "{what}: tree {t} is not the tree the doc's procedure grows ({} nodes expected, \
             got {}){oob_note}{likely}",
            expected.nodes.len(),
            got.0.nodes.len()
        ));
    }
}

#[test]
fn features_are_drawn_at_every_split() {
    let cancer = datasets::breast_cancer();
    let y = labels(&cancer);
    let x = cancer.features.view();
    let params = ForestParams::new(3)
        .max_features(MaxFeatures::Count(3))
        .tree(mlings::types::decision_tree::TreeParams::new().max_depth(6))
        .seed(8);
    let forest = call_ok!(random_forest::fit(x, y.view(), &params));
    check_forest(
        &forest,
        x,
        y.view(),
        2,
        &params,
        "breast_cancer, 3 trees, max_features Count(3), max depth 6, seed 8",
        &[
            (
                Slip::OneSubsetPerTree,
                "one subset per tree: the features were drawn once for the whole tree; draw \
                 a fresh subset at every split (inside the closure the tree calls)",
            ),
            (
                Slip::SecondGenerator,
                "the features were drawn from a second generator: draw the bootstrap sample \
                 and every split's features from the same generator tree_rng(seed, t), in \
                 that order",
            ),
            (
                Slip::K(5),
                "each split chose among ⌊√30⌋ = 5 features: use params.max_features \
                 (k = params.max_features.count(p), 3 here)",
            ),
            (
                Slip::DefaultTree,
                "the trees were grown with the default TreeParams: pass params.tree (max \
                 depth 6 here)",
            ),
        ],
    );
}

#[test]
fn max_features_sqrt_and_no_bootstrap() {
    let wine = datasets::wine();
    let y = labels(&wine);
    let x = wine.features.view();
    let params = ForestParams::new(2)
        .bootstrap(false)
        .tree(mlings::types::decision_tree::TreeParams::new().max_depth(4))
        .seed(2);
    let forest = call_ok!(random_forest::fit(x, y.view(), &params));
    check_forest(
        &forest,
        x,
        y.view(),
        3,
        &params,
        "wine (13 features), 2 trees, MaxFeatures::Sqrt, bootstrap false, seed 2",
        &[
            (
                Slip::Bootstrap(true),
                "the trees trained on bootstrap samples although params.bootstrap is false: \
                 use all the rows 0..n then",
            ),
            (
                Slip::K(4),
                "each split chose among 4 features: √13 = 3.6 rounds down, use \
                 k = params.max_features.count(p) (3 here)",
            ),
            (
                Slip::K(13),
                "each split chose among all 13 features: k = params.max_features.count(p) \
                 with p = the number of columns (⌊√13⌋ = 3), not the rows (⌊√178⌋ = 13)",
            ),
        ],
    );
}

/// Three stumps with out-of-bag rows, worked by hand:
/// tree 1: x <= 0 → [3, 1], else [0, 4]; out of bag: rows 0, 1
/// tree 2: x <= 1 → [2, 2], else [1, 3]; out of bag: rows 1, 2, 3
/// tree 3: x <= 5 → [1, 0], else [0, 1]; out of bag: rows 2, 4
fn stumps_with_out_of_bag() -> Ensemble {
    Ensemble {
        trees: vec![
            stump(0.0, vec![3, 1], vec![0, 4]),
            stump(1.0, vec![2, 2], vec![1, 3]),
            stump(5.0, vec![1, 0], vec![0, 1]),
        ],
        out_of_bag: vec![vec![0, 1], vec![1, 2, 3], vec![2, 4]],
        n_classes: 2,
        n_features: 1,
    }
}

#[test]
fn oob_score_by_hand() {
    // x:      −1    0.5    2     7    8    3
    // y:       0     1     0     1    0    1
    // votes:  t1    t1+t2  t2+t3  t2   t3   none
    // row 0: (0.75, 0.25) → 0 ✓   row 1: (0, 1) + (0.5, 0.5) → 1 ✓
    // row 2: (0.25, 0.75) + (1, 0) → 0 ✓   row 3: (0.25, 0.75) → 1 ✓
    // row 4: (0, 1) → 1 ✗   row 5: no out-of-bag tree, not scored.  Score 4/5.
    let x = array![[-1.0], [0.5], [2.0], [7.0], [8.0], [3.0]];
    let y = array![0, 1, 0, 1, 0, 1];
    let score = call_ok!(random_forest::oob_score(
        &stumps_with_out_of_bag(),
        x.view(),
        y.view()
    ));
    expect(
        "out-of-bag score of the three stumps (see tests/random_forest.rs)",
        score,
        0.8,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake(
        0.2,
        "0.2 = 1 − 0.8: the error rate, or a vote for the wrong class: return the share of \
         correct predictions, predicting the class with the LARGEST total probability",
    )
    .mistake(
        0.4,
        "you let every tree vote: only the trees that never saw the row (whose out_of_bag \
         set holds it) may",
    )
    .mistake(
        0.5,
        "you let every tree vote on every row: only the trees that never saw the row (whose \
         out_of_bag set holds it) may, and rows out of bag for no tree are not scored",
    )
    .mistake(
        4.0 / 6.0,
        "row 5 is out of bag for no tree: score only the rows with at least one out-of-bag \
         tree, do not count it wrong",
    )
    .mistake(
        0.6,
        "a hard vote (each tree votes for its own class): add up the trees' probabilities \
         and take the class with the largest total",
    )
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn oob_ties_go_to_the_smallest_class() {
    // Row 0 is out of bag for one tree whose leaf holds one sample of each class: the
    // total (0.5, 0.5) is a tie, won by class 0, its label. Row 1 is seen by the tree.
    let forest = Ensemble {
        trees: vec![stump(5.0, vec![1, 1], vec![0, 1])],
        out_of_bag: vec![vec![0]],
        n_classes: 2,
        n_features: 1,
    };
    let score = call_ok!(random_forest::oob_score(
        &forest,
        array![[0.0], [9.0]].view(),
        array![0, 1].view()
    ));
    expect(
        "out-of-bag score of one row whose out-of-bag total (0.5, 0.5) ties, label 0",
        score,
        1.0,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake(
        0.0,
        "the tie went to the larger class: ties go to the smallest class (keep the first \
         maximum: compare with >, not >=)",
    )
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn forests_classify_wine_and_breast_cancer() {
    // scikit-learn's forests of 100 trees reach 1.000 (wine) and 0.956 (breast_cancer)
    // on these splits, with out-of-bag scores 0.979 and 0.954.
    for (data, at_least) in [(datasets::wine(), 0.95), (datasets::breast_cancer(), 0.93)] {
        let split = reference_split(&data);
        let params = ForestParams::new(30).seed(3);
        let forest = call_ok!(random_forest::fit(
            split.train.features.view(),
            split.y_train.view(),
            &params
        ));
        let predicted = bagging::predict(&forest, split.test.features.view())
            .expect("the supplied vote works on a fitted forest");
        let test_accuracy = accuracy(&predicted, &split.y_test);
        require(test_accuracy >= at_least, || {
            format!(
                "a forest of 30 trees should reach a test accuracy of at least {at_least} on \
                 {}; yours: {test_accuracy:.3}",
                data.name
            )
        });
        let oob = call_ok!(random_forest::oob_score(
            &forest,
            split.train.features.view(),
            split.y_train.view()
        ));
        expect(
            format!(
                "{} out-of-bag score, vs the test accuracy {test_accuracy:.3}",
                data.name
            ),
            oob,
            test_accuracy,
        )
        .tol(Tolerance::abs(0.05))
        .mistake(
            1.0 - test_accuracy,
            "voting with probabilities of the wrong class: predict the class with the LARGEST \
             total probability",
        )
        .no_generic_diagnosis()
        .assert();
    }
}

/// A node with these statistics (the kind is filled in by the caller).
fn node(n_samples: usize, impurity: f64, kind: NodeKind<Vec<usize>>) -> Node<Vec<usize>> {
    Node {
        n_samples,
        impurity,
        kind,
    }
}

fn split(feature: usize, left: usize, right: usize) -> NodeKind<Vec<usize>> {
    NodeKind::Split {
        feature,
        threshold: 0.0,
        left,
        right,
    }
}

#[test]
fn importances_by_hand() {
    // Tree A: root on feature 0 (10 samples, Gini 0.5) → node on feature 2 (6, 0.5) and a
    // pure leaf (4); the feature-2 node → two pure leaves (3 each).
    //   feature 0: 10·0.5 − 6·0.5 − 4·0 = 2;  feature 2: 6·0.5 − 0 − 0 = 3  → (0.4, 0, 0.6)
    // Tree B: one split on feature 1 (8 samples, Gini 0.375) into pure leaves: (0, 1, 0).
    // Tree C: a single leaf, no split: skipped.
    // Forest: mean of (0.4, 0, 0.6) and (0, 1, 0) = (0.2, 0.5, 0.3).
    let pure = |n: usize| node(n, 0.0, NodeKind::Leaf(vec![n, 0]));
    let tree_a = DecisionTree {
        nodes: vec![
            node(10, 0.5, split(0, 1, 4)),
            node(6, 0.5, split(2, 2, 3)),
            pure(3),
            pure(3),
            pure(4),
        ],
        n_features: 3,
    };
    let tree_b = DecisionTree {
        nodes: vec![node(8, 0.375, split(1, 1, 2)), pure(5), pure(3)],
        n_features: 3,
    };
    let tree_c = DecisionTree {
        nodes: vec![leaf(vec![2, 2])],
        n_features: 3,
    };
    let forest = Ensemble {
        trees: vec![tree_a, tree_b, tree_c],
        out_of_bag: vec![vec![]; 3],
        n_classes: 2,
        n_features: 3,
    };
    let got = call!(random_forest::feature_importances(&forest));
    require(got.iter().all(|v| v.is_finite()), || {
        format!(
            "feature importances of the hand-built forest: got {got} (not finite)\n    likely \
             mistake: tree C never split (a single leaf), so its sum is 0: skip it instead \
             of dividing by 0"
        )
    });
    expect_array(
        "feature importances of the hand-built forest",
        &got,
        &array![0.2, 0.5, 0.3],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &array![1.0 / 7.0, 0.5, 2.5 / 7.0],
        "importances not weighted by the node sizes: add n_t·I(t) − n_L·I(L) − n_R·I(R), not \
             I(t) − (n_L/n_t)·I(L) − (n_R/n_t)·I(R)",
    )
    .mistake_array(
        &array![0.0, 0.5, 0.5],
        "importances not weighted by the node sizes: add n_t·I(t) − n_L·I(L) − n_R·I(R), not \
             I(t) − I(L) − I(R)",
    )
    .mistake_array(
        &array![5.0 / 16.0, 0.5, 3.0 / 16.0],
        "you added n_t·I(t) without subtracting the children's n_L·I(L) + n_R·I(R): the \
         decrease is n_t·I(t) − n_L·I(L) − n_R·I(R)",
    )
    .mistake_array(
        &array![0.25, 0.5, 0.25],
        "you counted the number of splits on each feature: add each split's impurity \
         decrease n_t·I(t) − n_L·I(L) − n_R·I(R) instead",
    )
    .mistake_array(
        &array![0.4 / 3.0, 1.0 / 3.0, 0.2],
        "tree C never split and still counts in the average, so the result sums to 2/3: \
         divide the average by its sum again (step 3)",
    )
    .mistake_array(
        &array![0.25, 0.375, 0.375],
        "normalize each tree's importances to sum 1 before averaging the trees",
    )
    .assert();
}

#[test]
fn a_forest_that_never_split_has_zero_importances() {
    let forest = Ensemble {
        trees: vec![
            DecisionTree {
                nodes: vec![leaf(vec![2, 1])],
                n_features: 2,
            };
            2
        ],
        out_of_bag: vec![vec![]; 2],
        n_classes: 2,
        n_features: 2,
    };
    let got = call!(random_forest::feature_importances(&forest));
    require(got.len() == 2 && got.iter().all(|&v| v == 0.0), || {
        format!(
            "feature importances of two single-leaf trees (no tree ever split): expected all \
             zeros [0, 0], got {got}\n    likely mistake: a tree that never split has sum 0: \
             skip it, and return zeros when the total is 0 instead of dividing by it"
        )
    });
}

#[test]
fn breast_cancer_importances_agree_with_scikit_learn() {
    let cancer = datasets::breast_cancer();
    let split = reference_split(&cancer);
    let params = ForestParams::new(20).seed(6);
    let forest = call_ok!(random_forest::fit(
        split.train.features.view(),
        split.y_train.view(),
        &params
    ));
    let importances = call!(random_forest::feature_importances(&forest));
    require(importances.len() == 30, || {
        format!(
            "one importance per feature: expected 30, got {}",
            importances.len()
        )
    });
    assert_finite("breast_cancer feature importances", &importances);
    require(importances.iter().all(|&v| v >= 0.0), || {
        format!("importances are sums of impurity decreases, never negative: {importances}")
    });
    expect("sum of the feature importances", importances.sum(), 1.0)
        .tol(Tolerance::abs(1e-9))
        .assert();
    let sklearn_top5 = [
        "worst concave points",
        "worst perimeter",
        "worst area",
        "mean concave points",
        "worst radius",
    ];
    let mut order: Vec<usize> = (0..importances.len()).collect();
    order.sort_by(|&a, &b| importances[b].total_cmp(&importances[a]));
    let top5: Vec<&str> = order[..5]
        .iter()
        .map(|&j| cancer.feature_names[j].as_str())
        .collect();
    let shared = top5
        .iter()
        .filter(|name| sklearn_top5.contains(name))
        .count();
    require(shared >= 3, || {
        format!(
            "your 5 most important features {top5:?} share only {shared} with scikit-learn's \
             {sklearn_top5:?} (at least 3 expected)"
        )
    });
}

#[test]
fn bad_input_is_an_error() {
    let x = array![[-1.0], [0.5], [2.0]];
    let call = "oob_score(&forest, x, y) on 3 rows when the out-of-bag sets name rows 3 and 4";
    let result = catch_panic(call, || {
        random_forest::oob_score(&stumps_with_out_of_bag(), x.view(), array![0, 1, 0].view())
    })
    .unwrap_or_else(|message| {
        fail(format!(
            "{call}: your code panicked: {message}\n    likely mistake: an out-of-bag row \
             that is not a row of x was used as an index; check every out-of-bag row first \
             and return EnsembleError::NotTrainingData {{ row, rows }}"
        ))
    });
    let error = expect_err(
        call,
        "pass the training data the ensemble was fitted on: NotTrainingData",
        result,
    );
    require(
        error == EnsembleError::NotTrainingData { row: 3, rows: 3 },
        || {
            format!(
                "expected NotTrainingData {{ row: 3, rows: 3 }} (tree 2's out-of-bag row 3 is the \
             first that does not exist), got {error:?}"
            )
        },
    );
    let short = array![[-1.0], [0.5], [2.0], [7.0], [8.0]];
    let call = "oob_score(&forest, x, y) with 5 rows of x and 2 labels";
    let result = catch_panic(call, || {
        random_forest::oob_score(&stumps_with_out_of_bag(), short.view(), array![0, 1].view())
    })
    .unwrap_or_else(|message| {
        fail(format!(
            "{call}: your code panicked: {message}\n    likely mistake: x and y were not \
             compared first: return EnsembleError::Tree(TreeError::LengthMismatch {{ rows, \
             targets }})"
        ))
    });
    let error = expect_err(
        call,
        "there must be one label per row: LengthMismatch",
        result,
    );
    require(
        error
            == EnsembleError::Tree(TreeError::LengthMismatch {
                rows: 5,
                targets: 2,
            }),
        || format!("expected Tree(LengthMismatch {{ rows: 5, targets: 2 }}), got {error:?}"),
    );
    let error = expect_err(
        "a forest of 0 trees",
        "call params.validate()? first",
        call!(random_forest::fit(
            Array2::<f64>::zeros((3, 1)).view(),
            Array1::<usize>::zeros(3).view(),
            &ForestParams::new(0)
        )),
    );
    require(matches!(error, EnsembleError::InvalidParams(_)), || {
        format!("expected InvalidParams, got {error:?}")
    });
    let error = expect_err(
        "a forest on 3 rows of x and 2 labels",
        "one label per row: the tree's error, as EnsembleError::Tree",
        call!(random_forest::fit(
            Array2::<f64>::zeros((3, 1)).view(),
            array![0, 1].view(),
            &ForestParams::new(1)
        )),
    );
    require(
        error
            == EnsembleError::Tree(TreeError::LengthMismatch {
                rows: 3,
                targets: 2,
            }),
        || format!("expected Tree(LengthMismatch {{ rows: 3, targets: 2 }}), got {error}"),
    );
    let error = expect_err(
        "oob_score with 3 rows of x, 2 labels, and out-of-bag rows 3 and 4 (two faults)",
        "the lengths of x and y are checked before the out-of-bag rows",
        catch_panic("oob_score(..) with two faults", || {
            random_forest::oob_score(&stumps_with_out_of_bag(), x.view(), array![0, 1].view())
        })
        .unwrap_or_else(|message| {
            fail(format!(
                "oob_score with 3 rows of x and 2 labels: your code panicked: {message}\n    \
                 likely mistake: check the lengths first (LengthMismatch), then the out-of-bag \
                 rows (NotTrainingData)"
            ))
        }),
    );
    require(
        error
            == EnsembleError::Tree(TreeError::LengthMismatch {
                rows: 3,
                targets: 2,
            }),
        || {
            format!(
                "two faults at once: the errors come in this order (NoTrees, LengthMismatch, \
                 NotTrainingData, NoOutOfBag), expected Tree(LengthMismatch {{ rows: 3, \
                 targets: 2 }}), got {error}"
            )
        },
    );
    let error = expect_err(
        "a forest with max_features Count(0)",
        "no split could choose a feature: params.validate()? rejects it",
        call!(random_forest::fit(
            Array2::<f64>::zeros((3, 1)).view(),
            Array1::<usize>::zeros(3).view(),
            &ForestParams::new(2).max_features(MaxFeatures::Count(0))
        )),
    );
    require(matches!(error, EnsembleError::InvalidParams(_)), || {
        format!("max_features Count(0): expected InvalidParams (params.validate()?), got {error}")
    });
    let empty = Ensemble {
        trees: vec![],
        out_of_bag: vec![],
        n_classes: 2,
        n_features: 1,
    };
    let error = expect_err(
        "oob_score of a forest of 0 trees (with 3 rows of x and 2 labels)",
        "a forest without trees has no vote: EnsembleError::NoTrees, checked first",
        call!(random_forest::oob_score(
            &empty,
            x.view(),
            array![0, 1].view()
        )),
    );
    require(error == EnsembleError::NoTrees, || {
        format!(
            "oob_score of a forest of 0 trees: expected EnsembleError::NoTrees (checked before \
             the lengths of x and y), got {error}"
        )
    });
    use mlings::types::labels::{MAX_CLASSES, NotAClassIndex};
    let error = expect_err(
        "a forest on labels [0, 65536, 1] (2^16: an ID read as a label)",
        "n_classes = class_count(y)? rejects a label too large to be a class index",
        call!(random_forest::fit(
            Array2::<f64>::zeros((3, 1)).view(),
            array![0, MAX_CLASSES, 1].view(),
            &ForestParams::new(1)
        )),
    );
    let expected = EnsembleError::Labels(NotAClassIndex {
        row: 1,
        label: MAX_CLASSES,
    });
    require(error == expected, || {
        format!(
            "expected {expected:?}, got {error}\n    use mlings::types::labels::class_count \
             for n_classes, not the largest label + 1 by hand"
        )
    });
}
