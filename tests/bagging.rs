//! Grader of exercises/05_trees/bagging.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/05_trees/bagging.rs"]
mod bagging;
#[cfg(feature = "solutions")]
use mlings::reference::bagging;

use mlings::grade::{Tolerance, expect, expect_array, expect_err, require};
use mlings::prep::rng;
use mlings::reference::decision_tree as tree;
use mlings::types::bagging::{BaggingParams, Ensemble, EnsembleError, tree_rng};
use mlings::types::decision_tree::{TreeError, TreeParams};
use mlings::{call, call_ok, datasets};
use ndarray::{Array1, array};

mod trees_support;
use trees_support::{accuracy, reference_split, stump};

#[test]
fn a_bootstrap_sample_draws_n_rows_with_replacement() {
    let n = 10_000;
    let sample = call!(bagging::bootstrap_sample(n, &mut rng(3)));
    require(sample.len() == n, || {
        format!(
            "a bootstrap sample of {n} rows has {n} draws, yours has {}",
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
fn every_row_is_equally_likely() {
    // 2000 samples of 10 rows: each row is drawn 2000 times on average.
    let mut generator = rng(11);
    let mut counts = [0usize; 10];
    for _ in 0..2000 {
        for row in call!(bagging::bootstrap_sample(10, &mut generator)) {
            if let Some(count) = counts.get_mut(row) {
                *count += 1;
            }
        }
    }
    for (row, &count) in counts.iter().enumerate() {
        require((1700..=2300).contains(&count), || {
            format!(
                "row {row} was drawn {count} times in 2000 bootstrap samples of 10 rows \
                 (expected about 2000; all counts: {counts:?})\n    likely mistake: draw \
                 with rng.gen_range(0..n): 0..n excludes n, 0..n - 1 would never draw the last row"
            )
        });
    }
}

#[test]
fn the_same_seed_gives_the_same_sample() {
    let a = call!(bagging::bootstrap_sample(50, &mut rng(7)));
    let b = call!(bagging::bootstrap_sample(50, &mut rng(7)));
    let c = call!(bagging::bootstrap_sample(50, &mut rng(8)));
    require(a == b, || {
        "two generators with seed 7 gave different samples: draw only from the rng you are \
         given (no thread_rng)"
            .into()
    });
    require(a != c, || {
        "seeds 7 and 8 gave the same sample: use the rng you are given".into()
    });
}

#[test]
fn out_of_bag_rows_by_hand() {
    let got = call!(bagging::out_of_bag(6, &[0, 2, 2, 5, 0, 3]));
    require(got == [1, 4], || {
        format!(
            "out_of_bag(6, [0, 2, 2, 5, 0, 3]): rows 1 and 4 were never drawn, expected \
             [1, 4], got {got:?}"
        )
    });
    let none_left = call!(bagging::out_of_bag(3, &[2, 1, 0, 1]));
    require(none_left.is_empty(), || {
        format!("out_of_bag(3, [2, 1, 0, 1]): every row was drawn, expected [], got {none_left:?}")
    });
    let all_left = call!(bagging::out_of_bag(4, &[]));
    require(all_left == [0, 1, 2, 3], || {
        format!(
            "out_of_bag(4, []): nothing was drawn, so every row is out of bag (ascending); \
             got {all_left:?}"
        )
    });
}

fn fit_breast_cancer(n_trees: usize, seed: u64) -> Ensemble {
    let cancer = datasets::breast_cancer();
    let y = trees_support::labels(&cancer);
    let params = BaggingParams::new(n_trees).seed(seed);
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
            "breast_cancer has 2 classes and 30 features; the ensemble says {} and {}",
            ensemble.n_classes, ensemble.n_features
        )
    });
    for t in 0..4 {
        // What tree t must be: the supplied tree on the sample drawn from tree_rng(5, t).
        let rows = call!(bagging::bootstrap_sample(n, &mut tree_rng(5, t)));
        let expected_oob = call!(bagging::out_of_bag(n, &rows));
        require(ensemble.out_of_bag[t] == expected_oob, || {
            format!(
                "tree {t}'s out-of-bag rows are not those of bootstrap_sample(n, &mut \
                 tree_rng(params.seed, {t})): give every tree its own generator \
                 tree_rng(seed, t), and draw its sample first"
            )
        });
        let expected = tree::grow(
            cancer.features.view(),
            y.view(),
            &rows,
            2,
            &params.tree,
            &mut tree::all_features,
        )
        .expect("the supplied tree grows on breast_cancer");
        require(ensemble.trees[t] == expected, || {
            format!(
                "tree {t} is not the supplied tree grown on its bootstrap rows with \
                 params.tree and all features (tree::grow(x, y, &rows, n_classes, \
                 &params.tree, &mut tree::all_features))"
            )
        });
    }
}

#[test]
fn the_same_seed_gives_the_same_ensemble() {
    let a = fit_breast_cancer(3, 42);
    let b = fit_breast_cancer(3, 42);
    let c = fit_breast_cancer(3, 43);
    require(a == b, || {
        "two fits with seed 42 differ: draw only from tree_rng(seed, t)".into()
    });
    require(a != c, || {
        "seeds 42 and 43 gave the same ensemble: use params.seed".into()
    });
    let mean_oob = a.out_of_bag.iter().map(Vec::len).sum::<usize>() as f64 / 3.0;
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
        "you summed the trees' probabilities: divide by the number of trees",
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

#[test]
fn bagged_trees_classify_breast_cancer() {
    let cancer = datasets::breast_cancer();
    let split = reference_split(&cancer);
    let params = BaggingParams::new(25).seed(1);
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
            "25 bagged trees should reach a test accuracy of at least 0.93 on breast_cancer \
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
        "call params.validate()? first",
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
}
