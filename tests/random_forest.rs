//! Grader of exercises/05_trees/random_forest.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/05_trees/random_forest.rs"]
mod random_forest;
#[cfg(feature = "solutions")]
use mlings::reference::random_forest;

use std::collections::BTreeSet;

use mlings::grade::{Tolerance, assert_finite, expect, expect_array, expect_err, require};
use mlings::prep::rng;
use mlings::reference::{bagging, decision_tree as tree};
use mlings::types::bagging::{Ensemble, EnsembleError, tree_rng};
use mlings::types::decision_tree::{DecisionTree, Node, NodeKind, TreeError};
use mlings::types::random_forest::{ForestParams, MaxFeatures};
use mlings::{call, call_ok, datasets};
use ndarray::{Array1, Array2, array};

mod trees_support;
use trees_support::{accuracy, labels, leaf, reference_split, stump};

#[test]
fn sample_features_draws_distinct_features() {
    let mut generator = rng(1);
    for _ in 0..200 {
        let features = call!(random_forest::sample_features(10, 3, &mut generator));
        let distinct: BTreeSet<usize> = features.iter().copied().collect();
        require(
            features.len() == 3 && features.iter().all(|&f| f < 10),
            || {
                format!(
                    "sample_features(10, 3, ..) must return 3 features in 0..10, got {features:?}"
                )
            },
        );
        require(distinct.len() == 3, || {
            format!(
                "sample_features(10, 3, ..) returned {features:?}: features must be drawn \
                 without replacement (a split should get 3 different features to choose \
                 from); use a partial Fisher–Yates shuffle"
            )
        });
    }
    let all = call!(random_forest::sample_features(4, 9, &mut generator));
    let distinct: BTreeSet<usize> = all.iter().copied().collect();
    require(
        all.len() == 4 && distinct == BTreeSet::from([0, 1, 2, 3]),
        || {
            format!(
                "sample_features(4, 9, ..): asking for more than 4 gives all 4 once, got {all:?}"
            )
        },
    );
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
    let (a, b) = (
        call!(random_forest::sample_features(30, 5, &mut rng(9))),
        call!(random_forest::sample_features(30, 5, &mut rng(9))),
    );
    require(a == b, || {
        "the same seed gave different features: draw only from the rng given".into()
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
        "no row is out of bag for any tree",
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

/// The distinct features the splits of `tree` use.
fn features_used(tree: &DecisionTree) -> BTreeSet<usize> {
    tree.nodes
        .iter()
        .filter_map(|node| match node.kind {
            NodeKind::Split { feature, .. } => Some(feature),
            NodeKind::Leaf(_) => None,
        })
        .collect()
}

#[test]
fn features_are_drawn_at_every_split() {
    let cancer = datasets::breast_cancer();
    let y = labels(&cancer);
    let n = cancer.n_samples();
    let params = ForestParams::new(4)
        .max_features(MaxFeatures::Count(3))
        .seed(8);
    let forest = call_ok!(random_forest::fit(
        cancer.features.view(),
        y.view(),
        &params
    ));
    let most = forest
        .trees
        .iter()
        .map(|t| features_used(t).len())
        .max()
        .unwrap_or(0);
    require(most > 3, || {
        format!(
            "with max_features 3 no tree of yours splits on more than {most} distinct features: \
             features subsampled once per tree instead of per split. Draw a fresh subset \
             inside the closure the tree calls at every split"
        )
    });
    for t in 0..4 {
        // Tree t, rebuilt as specified: bootstrap first, then features at every split,
        // all from tree_rng(seed, t).
        let mut generator = tree_rng(8, t);
        let rows = bagging::bootstrap_sample(n, &mut generator);
        let expected = tree::grow(
            cancer.features.view(),
            y.view(),
            &rows,
            2,
            &params.tree,
            &mut |p| call!(random_forest::sample_features(p, 3, &mut generator)),
        )
        .expect("the supplied tree grows on breast_cancer");
        require(forest.trees.get(t) == Some(&expected), || {
            format!(
                "tree {t} is not the tree grown from tree_rng(params.seed, {t}): draw its \
                 bootstrap sample first, then let the tree call \
                 |p| sample_features(p, k, &mut rng) at every split, with the same rng"
            )
        });
        require(
            forest.out_of_bag.get(t) == Some(&bagging::out_of_bag(n, &rows)),
            || format!("tree {t}'s out-of-bag rows are not the rows its bootstrap sample missed"),
        );
    }
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
        "voting with probabilities of the wrong class: predict the class with the \
             LARGEST total probability",
    )
    .mistake(
        0.4,
        "you let every tree vote: only the trees whose out_of_bag set holds the row may",
    )
    .mistake(
        0.5,
        "you let every tree vote on every row: only the trees whose out_of_bag set holds \
         the row may, and rows out of bag for no tree are not scored",
    )
    .mistake(
        4.0 / 6.0,
        "row 5 is out of bag for no tree: leave it out of the score, do not count it wrong",
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
        let params = ForestParams::new(100).seed(3);
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
                "a forest of 100 trees should reach a test accuracy of at least {at_least} on \
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
    assert_finite("feature importances of the hand-built forest", &got);
    expect_array(
        "feature importances of the hand-built forest",
        &got,
        &array![0.2, 0.5, 0.3],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &array![1.0 / 7.0, 0.5, 2.5 / 7.0],
        "importances not weighted by node size: add n_t·I(t) − n_L·I(L) − n_R·I(R), not \
             I(t) − (n_L/n_t)·I(L) − (n_R/n_t)·I(R)",
    )
    .mistake_array(
        &array![0.25, 0.375, 0.375],
        "normalize each tree's importances to sum 1 before averaging the trees",
    )
    .assert();
}

#[test]
fn breast_cancer_importances_agree_with_scikit_learn() {
    let cancer = datasets::breast_cancer();
    let split = reference_split(&cancer);
    let params = ForestParams::new(40).seed(6);
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
    let error = expect_err(
        "oob_score on 3 rows when the out-of-bag sets name row 4",
        "pass the training data the ensemble was fitted on",
        call!(random_forest::oob_score(
            &stumps_with_out_of_bag(),
            x.view(),
            array![0, 1, 0].view()
        )),
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
    let error = expect_err(
        "oob_score with 3 rows and 2 labels",
        "there must be one label per row",
        call!(random_forest::oob_score(
            &stumps_with_out_of_bag(),
            x.view(),
            array![0, 1].view()
        )),
    );
    require(
        error
            == EnsembleError::Tree(TreeError::LengthMismatch {
                rows: 3,
                targets: 2,
            }),
        || format!("expected Tree(LengthMismatch {{ rows: 3, targets: 2 }}), got {error:?}"),
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
}
