//! Grader of exercises/08_trees/bagging.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/08_trees/bagging.rs"]
mod bagging;
#[cfg(feature = "solutions")]
use mlings::reference::bagging;

use mlings::grade::{Tolerance, expect, expect_array, expect_err, fail, require};
use mlings::prep::rng;
use mlings::reference::decision_tree as tree;
use mlings::types::bagging::{BaggingParams, Ensemble, EnsembleError, tree_rng};
use mlings::types::decision_tree::{TreeError, TreeParams};
use mlings::{call, call_ok, datasets};
use ndarray::{Array1, array};

mod trees_support;
use trees_support::{
    accuracy, bootstrap_rows, first_difference, head, reference_split, rows_never_drawn, stump,
};

#[test]
fn a_bootstrap_sample_draws_n_rows_with_replacement() {
    let n = 10_000;
    let sample = call!(bagging::bootstrap_sample(n, &mut rng(3)));
    require(sample.len() == n, || {
        format!(
            "a bootstrap sample of {n} rows has n draws (one per row), yours has {}",
            sample.len()
        )
    });
    require(sample.iter().all(|&row| row < n), || {
        format!("every drawn row must be in 0..{n}")
    });
    let mut drawn = vec![false; n];
    sample.iter().for_each(|&row| drawn[row] = true);
    let distinct = drawn.iter().filter(|&&d| d).count();
    require(distinct < n, || {
        format!(
            "all {n} rows are distinct: bootstrap without replacement (a shuffle) is not \
             bagging; draw each row independently with rng.gen_range(0..n), so some rows \
             repeat and about 37% are left out"
        )
    });
    // The chance a row is drawn at least once is 1 − (1 − 1/n)ⁿ ≈ 1 − 1/e = 0.632.
    expect(
        "share of distinct rows in a bootstrap sample of 10 000 (1 − 1/e ≈ 0.632)",
        distinct as f64 / n as f64,
        1.0 - (-1.0f64).exp(),
    )
    .tol(Tolerance::abs(0.015))
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn the_draws_follow_the_documented_order() {
    // Independent of your code: n draws of rng.gen_range(0..n), in the order drawn.
    for (n, seed) in [(10, 3), (7, 21), (1, 5)] {
        let expected = bootstrap_rows(n, &mut rng(seed));
        let got = call!(bagging::bootstrap_sample(n, &mut rng(seed)));
        if got == expected {
            continue;
        }
        let mut sorted = expected.clone();
        sorted.sort_unstable();
        let mut got_sorted = got.clone();
        got_sorted.sort_unstable();
        let short_of_last: Vec<usize> = {
            use rand::Rng as _;
            let mut r = rng(seed);
            (0..n).map(|_| r.gen_range(0..n.max(2) - 1)).collect()
        };
        let likely = if got.len() != n {
            format!(
                "a bootstrap sample of n rows is n draws (one per row), yours has {}",
                got.len()
            )
        } else if got == sorted {
            "your rows are the right draws but sorted: return them in the order drawn".into()
        } else if got_sorted == (0..n).collect::<Vec<_>>() {
            "every row exactly once is a shuffle, sampling without replacement: draw each \
             row independently with rng.gen_range(0..n)"
                .into()
        } else if got == {
            use rand::Rng as _;
            let mut r = rng(seed);
            (0..n).map(|_| r.gen_range(0..=n)).collect::<Vec<_>>()
        } {
            "those are draws of rng.gen_range(0..=n): 0..=n includes n, which is not a row; \
             draw rng.gen_range(0..n)"
                .into()
        } else if got == {
            use rand::Rng as _;
            let mut r = rng(seed);
            (0..n).map(|_| r.r#gen::<usize>() % n).collect::<Vec<_>>()
        } {
            "those are draws of rng.gen::<usize>() % n, another (slightly biased) draw: the \
             documented draw is rng.gen_range(0..n)"
                .into()
        } else if n > 1 && got == short_of_last {
            "those are draws of rng.gen_range(0..n - 1), which never draws the last row: \
             0..n already excludes n"
                .into()
        } else if got_sorted == sorted {
            "the right rows in another order: draw them one by one, in order".into()
        } else {
            "draw exactly n times rng.gen_range(0..n) from the rng you are given, and \
             nothing else from it"
                .into()
        };
        fail(format!(
            "bootstrap_sample({n}, &mut rng({seed})): expected {} (n draws of \
             rng.gen_range(0..n) in the order drawn), got {}; {}\n    likely mistake: {likely}",
            head(&expected, 10),
            head(&got, 10),
            first_difference(&got, &expected)
        ));
    }
}

#[test]
fn out_of_bag_rows_by_hand() {
    for (n, sample, expected) in [
        (6, vec![0, 2, 2, 5, 0, 3], vec![1, 4]),
        (3, vec![2, 1, 0, 1], vec![]),
        (4, vec![], vec![0, 1, 2, 3]),
        (8, vec![7, 1, 1, 4, 6, 4, 7, 2], vec![0, 3, 5]),
    ] {
        let got = call!(bagging::out_of_bag(n, &sample));
        if got == expected {
            continue;
        }
        let mut reversed = expected.clone();
        reversed.reverse();
        let mut drawn = sample.clone();
        drawn.sort_unstable();
        drawn.dedup();
        let likely = if got == reversed {
            "\n    likely mistake: the right rows in descending order: list them ascending"
        } else if got == drawn && !drawn.is_empty() {
            "\n    likely mistake: those are the rows the sample DID draw: out-of-bag rows are \
             the rows it never drew"
        } else {
            ""
        };
        fail(format!(
            "out_of_bag({n}, {sample:?}): the rows the sample never drew, ascending, are \
             {expected:?}; got {got:?}{likely}"
        ));
    }
}
fn fit_breast_cancer(n_trees: usize, seed: u64) -> Ensemble {
    let cancer = datasets::breast_cancer();
    let y = trees_support::labels(&cancer);
    let params = BaggingParams::new(n_trees)
        .seed(seed)
        .tree(TreeParams::new().max_depth(4));
    call_ok!(bagging::fit(cancer.features.view(), y.view(), &params))
}

#[test]
fn each_tree_grows_on_its_own_bootstrap_sample() {
    let cancer = datasets::breast_cancer();
    let y = trees_support::labels(&cancer);
    let n = cancer.n_samples();
    let params = BaggingParams::new(4)
        .seed(5)
        .tree(TreeParams::new().max_depth(3));
    let ensemble = call_ok!(bagging::fit(cancer.features.view(), y.view(), &params));
    require(
        ensemble.trees.len() == 4 && ensemble.out_of_bag.len() == 4,
        || {
            format!(
                "4 trees were asked for: expected 4 trees and 4 out-of-bag sets, got {} and {}",
                ensemble.trees.len(),
                ensemble.out_of_bag.len()
            )
        },
    );
    require((ensemble.n_classes, ensemble.n_features) == (2, 30), || {
        format!(
            "breast_cancer has 2 classes and 30 features (n_features = the columns of x); \
             the ensemble says n_classes {} and n_features {}",
            ensemble.n_classes, ensemble.n_features
        )
    });
    let x = cancer.features.view();
    let grow_on = |rows: &[usize], tree_params: &TreeParams| {
        tree::grow(x, y.view(), rows, 2, tree_params, &mut tree::all_features)
            .expect("the supplied tree grows on breast_cancer")
    };
    // What the usual slips would give, to name them only when they fit.
    let mut shared = tree_rng(5, 0);
    let shared_rows: Vec<Vec<usize>> = (0..4).map(|_| bootstrap_rows(n, &mut shared)).collect();
    for (t, shared_rows) in shared_rows.iter().enumerate() {
        // What tree t must be: the supplied tree on the rows drawn from tree_rng(5, t),
        // drawn here independently of your bootstrap_sample.
        let rows = bootstrap_rows(n, &mut tree_rng(5, t));
        let expected_oob = rows_never_drawn(n, &rows);
        let got_oob = &ensemble.out_of_bag[t];
        if *got_oob != expected_oob {
            let oob_of = |rows: &[usize]| rows_never_drawn(n, rows);
            let likely = if *got_oob == oob_of(shared_rows) {
                "the trees share one generator: give tree t its own tree_rng(seed, t)".into()
            } else if *got_oob == oob_of(&bootstrap_rows(n, &mut tree_rng(5, t + 1))) {
                "tree t drew from tree_rng(seed, t + 1): the trees are numbered from 0, \
                 tree_rng(seed, t)"
                    .into()
            } else if *got_oob == oob_of(&bootstrap_rows(n, &mut tree_rng(0, t))) {
                "the seed is ignored: draw from tree_rng(params.seed, t)".into()
            } else if *got_oob == oob_of(&bootstrap_rows(x.ncols(), &mut tree_rng(5, t))) {
                "the sample was drawn with n = the number of columns (30): n = the number of \
                 rows of x (569)"
                    .into()
            } else if *got_oob == oob_of(&bootstrap_rows(n, &mut tree_rng(5, 3 - t))) {
                "the trees are in reverse order: tree 0 (drawn from tree_rng(seed, 0)) comes \
                 first, keep the trees in the order they were grown"
                    .into()
            } else if got_oob.is_empty() {
                "no out-of-bag rows: keep out_of_bag(n, &rows) of the tree's bootstrap sample"
                    .into()
            } else {
                format!(
                    "draw the sample with bootstrap_sample(n, &mut tree_rng(params.seed, t)) \
                     and keep out_of_bag(n, &rows); {}",
                    first_difference(got_oob, &expected_oob)
                )
            };
            fail(format!(
                "tree {t}'s out-of-bag rows (params.seed 5): expected {} ({} rows), got {} \
                 ({} rows)\n    likely mistake: {likely}",
                head(&expected_oob, 6),
                expected_oob.len(),
                head(got_oob, 6),
                got_oob.len()
            ));
        }
        let expected = grow_on(&rows, &params.tree);
        if ensemble.trees[t] != expected {
            let all_rows: Vec<usize> = (0..n).collect();
            let likely = if ensemble.trees[t] == grow_on(&rows, &TreeParams::new()) {
                "the tree was grown with the default TreeParams: pass params.tree (here max \
                 depth 3)"
            } else if ensemble.trees[t] == grow_on(&all_rows, &params.tree) {
                "the tree was grown on all the rows: grow it on its bootstrap sample (the \
                 drawn rows, repeats included)"
            } else {
                "grow it with tree::grow(x, y, &rows, n_classes, &params.tree, &mut \
                 tree::all_features) on the tree's bootstrap rows"
            };
            fail(format!(
                "tree {t} is not the supplied tree grown on its bootstrap rows with \
                 params.tree and all features ({} nodes expected, got {})\n    likely \
                 mistake: {likely}",
                expected.nodes.len(),
                ensemble.trees[t].nodes.len()
            ));
        }
    }
}

/// 20 rows of one feature: class 0 below 10, class 1 from 10, and a single row of
/// class 2, so many bootstrap samples miss class 2.
fn rare_class() -> (ndarray::Array2<f64>, Array1<usize>) {
    let x = ndarray::Array2::from_shape_fn((20, 1), |(i, _)| i as f64);
    let y = Array1::from_shape_fn(20, |i| match i {
        19 => 2,
        i if i < 10 => 0,
        _ => 1,
    });
    (x, y)
}

#[test]
fn a_sample_that_misses_a_class_still_has_every_class() {
    let (x, y) = rare_class();
    let n = 20;
    // Find, independently of your code, a seed whose first tree's sample misses row 19.
    let seed = (0..100u64)
        .find(|&seed| !bootstrap_rows(n, &mut tree_rng(seed, 0)).contains(&19))
        .expect("some bootstrap sample of 20 rows misses row 19");
    let params = BaggingParams::new(2).seed(seed);
    let ensemble = match call!(bagging::fit(x.view(), y.view(), &params)) {
        Ok(ensemble) => ensemble,
        Err(EnsembleError::Tree(TreeError::LabelOutOfRange { n_classes: 2, .. })) => fail(format!(
            "seed {seed}: tree 0's bootstrap sample misses row 19, the only row of class 2 \
             (a sample that misses a class); your fit returned the tree's error \"there are \
             only 2 classes\"\n    likely mistake: the tree's n_classes came from its own \
             bootstrap sample: give every tree n_classes = class_count(y) of ALL the labels \
             (3 here), so the trees' probabilities line up"
        )),
        Err(error) => fail(format!(
            "bagging::fit on 20 rows with labels 0, 1, 2 returned an error on valid input: {error}"
        )),
    };
    require(ensemble.n_classes == 3, || {
        format!(
            "labels 0, 1 and 2: n_classes is the largest label + 1 = 3, the ensemble says {}",
            ensemble.n_classes
        )
    });
    let rows = bootstrap_rows(n, &mut tree_rng(seed, 0));
    let expected = tree::grow(
        x.view(),
        y.view(),
        &rows,
        3,
        &TreeParams::new(),
        &mut tree::all_features,
    )
    .expect("the supplied tree grows");
    let got = ensemble.trees.first();
    require(got == Some(&expected), || {
        let classes_of_leaves = got
            .and_then(|t| {
                t.nodes.iter().find_map(|node| match &node.kind {
                    mlings::types::decision_tree::NodeKind::Leaf(counts) => Some(counts.len()),
                    _ => None,
                })
            })
            .unwrap_or(0);
        let likely = if classes_of_leaves == 2 {
            "\n    likely mistake: the tree's n_classes came from its own bootstrap sample, \
             which misses a class (class 2): give every tree n_classes = class_count(y) of \
             ALL the labels, so the trees' probabilities line up"
        } else {
            ""
        };
        format!(
            "seed {seed}: tree 0's bootstrap sample misses row 19, the only row of class 2 \
             (a sample that misses a class); the tree must still have 3 classes (leaves with \
             3 counts), its leaves have {classes_of_leaves}{likely}"
        )
    });
}

#[test]
fn the_same_seed_gives_the_same_ensemble() {
    let a = fit_breast_cancer(2, 42);
    let b = fit_breast_cancer(2, 42);
    let c = fit_breast_cancer(2, 43);
    require(a == b, || {
        "two fits with seed 42 differ: draw only from tree_rng(seed, t)".into()
    });
    require(a != c, || {
        "seeds 42 and 43 gave the same ensemble: use params.seed".into()
    });
    let mean_oob = a.out_of_bag.iter().map(Vec::len).sum::<usize>() as f64 / 2.0;
    expect(
        "average number of out-of-bag rows per tree (569 rows, about 1/e ≈ 36.8% of them)",
        mean_oob / 569.0,
        (-1.0f64).exp(),
    )
    .tol(Tolerance::abs(0.04))
    .no_generic_diagnosis()
    .assert();
}

/// Three one-question trees on one feature:
/// tree 1: x <= 0 → [3, 1], else [0, 4]; tree 2: x <= 1 → [2, 2], else [1, 3];
/// tree 3: x <= 5 → [1, 0], else [0, 1].
fn three_stumps() -> Ensemble {
    Ensemble {
        trees: vec![
            stump(0.0, vec![3, 1], vec![0, 4]),
            stump(1.0, vec![2, 2], vec![1, 3]),
            stump(5.0, vec![1, 0], vec![0, 1]),
        ],
        out_of_bag: vec![vec![], vec![], vec![]],
        n_classes: 2,
        n_features: 1,
    }
}

#[test]
fn the_vote_averages_the_trees_probabilities() {
    let x = array![[-1.0], [0.5], [2.0]];
    // x = −1: (0.75, 0.25), (0.5, 0.5), (1, 0) → mean (0.75, 0.25)
    // x = 0.5: (0, 1), (0.5, 0.5), (1, 0) → mean (0.5, 0.5)
    // x = 2: (0, 1), (0.25, 0.75), (1, 0) → mean (5/12, 7/12)
    let expected = array![[0.75, 0.25], [0.5, 0.5], [5.0 / 12.0, 7.0 / 12.0]];
    let proba = call_ok!(bagging::predict_proba(&three_stumps(), x.view()));
    expect_array(
        "predict_proba of the three stumps at x = −1, 0.5, 2",
        &proba,
        &expected,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &(&expected * 3.0),
        "you took the sum of the trees' probabilities: divide by the number of trees",
    )
    .mistake_array(
        &(&expected * 1.5),
        "you divided the summed probabilities by the number of classes (2): divide by the \
         number of trees (3)",
    )
    .mistake_array(
        &array![[1.0, 0.0], [2.0 / 3.0, 1.0 / 3.0], [1.0 / 3.0, 2.0 / 3.0]],
        "those are shares of hard votes: average the trees' probabilities instead",
    )
    .assert();
    let predicted = call_ok!(bagging::predict(&three_stumps(), x.view()));
    require(predicted == array![0, 0, 1], || {
        // Rows 0 and 2 have a clear winner; both flipped means the wrong class voted.
        let wrong_class = if predicted.len() == 3 && predicted[0] == 1 && predicted[2] == 0 {
            "\n    likely mistake: voting with probabilities of the wrong class (the argmin, or \
             the other column): predict the class with the LARGEST average probability"
        } else {
            ""
        };
        format!(
            "predictions of the three stumps at x = −1, 0.5, 2: expected [0, 0, 1] (at 0.5 \
             the classes tie and the smaller one wins), got {predicted}{wrong_class}"
        )
    });
}

/// Three trees on one feature and three classes whose rules disagree at x = 0: the
/// trees' probabilities are (0.45, 0, 0.55) twice and (1, 0, 0) once. Soft vote (the
/// mean probability): class 0 (0.63); hard vote (each tree's own class): class 2 (two
/// votes); mean of the trees' class indices (2 + 2 + 0) / 3 = 1.33: class 1.
fn disagreeing_trees() -> Ensemble {
    Ensemble {
        trees: vec![
            stump(1.0, vec![9, 0, 11], vec![0, 1, 0]),
            stump(1.0, vec![9, 0, 11], vec![0, 1, 0]),
            stump(1.0, vec![1, 0, 0], vec![0, 1, 0]),
        ],
        out_of_bag: vec![vec![], vec![], vec![]],
        n_classes: 3,
        n_features: 1,
    }
}

#[test]
fn three_class_votes_average_probabilities() {
    let x = array![[0.0]];
    let proba = call_ok!(bagging::predict_proba(&disagreeing_trees(), x.view()));
    expect_array(
        "predict_proba of three trees at x = 0 (probabilities (0.45, 0, 0.55), (0.45, 0, \
         0.55), (1, 0, 0))",
        &proba,
        &array![[1.9 / 3.0, 0.0, 1.1 / 3.0]],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &array![[1.0 / 3.0, 0.0, 2.0 / 3.0]],
        "those are the shares of a hard vote (each tree's own class): average the trees' \
         probabilities instead",
    )
    .assert();
    let predicted = call_ok!(bagging::predict(&disagreeing_trees(), x.view()));
    let got = predicted.first().copied();
    require(got == Some(0), || {
        let likely = match got {
            Some(2) => {
                "\n    likely mistake: a hard vote (each tree votes for its own class, the \
                 majority wins): predict the class with the largest AVERAGE probability"
            }
            Some(1) => {
                "\n    likely mistake: the mean class index of the trees' predictions \
                 ((2 + 2 + 0) / 3 rounds to 1): class indices are names, not numbers; \
                 average the probabilities and take the largest"
            }
            _ => "",
        };
        format!(
            "predict at x = 0 with trees whose probabilities are (0.45, 0, 0.55) twice and \
             (1, 0, 0) once: the average is (0.63, 0, 0.37), expected class 0, got \
             {got:?}{likely}"
        )
    });
    // A three-way tie broken to the smallest class: (0.25, 0.375, 0.375) → class 1.
    let tied = Ensemble {
        trees: vec![
            stump(1.0, vec![2, 3, 3], vec![1, 0, 0]),
            stump(1.0, vec![0, 1, 1], vec![1, 0, 0]),
        ],
        out_of_bag: vec![vec![], vec![]],
        n_classes: 3,
        n_features: 1,
    };
    let predicted = call_ok!(bagging::predict(&tied, x.view()));
    let got = predicted.first().copied();
    require(got == Some(1), || {
        let likely = if got == Some(2) {
            "\n    likely mistake: a tie went to the larger class: ties go to the smallest \
             class (keep the first maximum, compare with >, not >=)"
        } else {
            ""
        };
        format!(
            "predict with average probabilities (0.25, 0.375, 0.375): classes 1 and 2 tie, \
             and ties go to the smallest class, expected 1, got {got:?}{likely}"
        )
    });
}

#[test]
fn bagged_trees_classify_breast_cancer() {
    let cancer = datasets::breast_cancer();
    let split = reference_split(&cancer);
    let params = BaggingParams::new(15).seed(1);
    let ensemble = call_ok!(bagging::fit(
        split.train.features.view(),
        split.y_train.view(),
        &params
    ));
    let predicted = call_ok!(bagging::predict(&ensemble, split.test.features.view()));
    let ours = accuracy(&predicted, &split.y_test);
    let flipped: Array1<usize> = predicted.mapv(|label| 1 - label.min(1));
    require(accuracy(&flipped, &split.y_test) < 0.5, || {
        format!(
            "test accuracy {ours:.3}, but {:.3} with every prediction flipped: voting with \
             probabilities of the wrong class (predict the column with the LARGEST average \
             probability)",
            accuracy(&flipped, &split.y_test)
        )
    });
    // One fully grown tree reaches 0.912 on this split (scikit-learn); a forest 0.956.
    require(ours >= 0.93, || {
        format!(
            "15 bagged trees should reach a test accuracy of at least 0.93 on breast_cancer \
             (one tree gets 0.912); yours: {ours:.3}"
        )
    });
}

#[test]
fn bad_input_is_an_error() {
    let cancer = datasets::breast_cancer();
    let y = trees_support::labels(&cancer);
    let error = expect_err(
        "bagging with 0 trees",
        "call params.validate()? first: an ensemble needs at least one tree",
        call!(bagging::fit(
            cancer.features.view(),
            y.view(),
            &BaggingParams::new(0)
        )),
    );
    require(matches!(error, EnsembleError::InvalidParams(_)), || {
        format!("expected InvalidParams, got {error:?}")
    });
    let error = expect_err(
        "predict_proba with 2 features for an ensemble of 1-feature trees",
        "the trees were trained on 1 feature",
        call!(bagging::predict_proba(
            &three_stumps(),
            array![[1.0, 2.0]].view()
        )),
    );
    require(
        error
            == EnsembleError::Tree(TreeError::FeatureCount {
                expected: 1,
                got: 2,
            }),
        || {
            format!(
                "expected EnsembleError::Tree(FeatureCount {{ expected: 1, got: 2 }}), got {error:?}"
            )
        },
    );
    let error = expect_err(
        "bagging x of 4 rows with 3 labels",
        "one label per row of x",
        call!(bagging::fit(
            array![[0.0], [1.0], [2.0], [3.0]].view(),
            array![0, 1, 0].view(),
            &BaggingParams::new(1)
        )),
    );
    require(
        error
            == EnsembleError::Tree(TreeError::LengthMismatch {
                rows: 4,
                targets: 3,
            }),
        || {
            format!(
                "expected EnsembleError::Tree(LengthMismatch {{ rows: 4, targets: 3 }}), got {error}"
            )
        },
    );
}

#[test]
fn an_ensemble_without_trees_is_an_error() {
    let empty = Ensemble {
        trees: vec![],
        out_of_bag: vec![],
        n_classes: 2,
        n_features: 1,
    };
    for (what, result) in [
        (
            "predict_proba",
            call!(bagging::predict_proba(&empty, array![[0.0]].view())).map(|_| ()),
        ),
        (
            "predict",
            call!(bagging::predict(&empty, array![[0.0]].view())).map(|_| ()),
        ),
    ] {
        let error = expect_err(
            &format!("{what} of an ensemble of 0 trees"),
            "with no trees there is no vote to average: return EnsembleError::NoTrees",
            result,
        );
        require(error == EnsembleError::NoTrees, || {
            format!(
                "{what} of an ensemble of 0 trees: expected EnsembleError::NoTrees, got {error}"
            )
        });
    }
    let error = expect_err(
        "predict_proba of an ensemble of 0 trees, on x with 2 columns instead of 1",
        "an ensemble without trees cannot predict",
        call!(bagging::predict_proba(&empty, array![[0.0, 1.0]].view())),
    );
    require(error == EnsembleError::NoTrees, || {
        format!(
            "an ensemble of 0 trees asked about x with the wrong number of columns: expected \
             NoTrees, checked first, got {error}"
        )
    });
}

#[test]
fn a_label_that_is_not_a_class_index_is_an_error() {
    use mlings::types::labels::{MAX_CLASSES, NotAClassIndex};
    let x = array![[0.0], [1.0], [2.0], [3.0]];
    let y = array![0, 1, MAX_CLASSES, 1];
    let error = expect_err(
        "bagging with the label 65536 (2^16, an ID read as a label) in row 2",
        "class_count(y)? rejects a label too large to be a class index",
        call!(bagging::fit(x.view(), y.view(), &BaggingParams::new(1))),
    );
    let expected = EnsembleError::Labels(NotAClassIndex {
        row: 2,
        label: MAX_CLASSES,
    });
    require(error == expected, || {
        format!(
            "expected {expected:?} (n_classes = class_count(y)?), got {error}\n    use \
             mlings::types::labels::class_count, not the largest label + 1 by hand"
        )
    });
    let error = expect_err(
        "bagging with 0 trees and the label 65536",
        "params.validate()? comes first",
        call!(bagging::fit(x.view(), y.view(), &BaggingParams::new(0))),
    );
    require(matches!(error, EnsembleError::InvalidParams(_)), || {
        format!(
            "0 trees and a bad label: expected InvalidParams (params.validate()? first), got {error}"
        )
    });
}
