//! Grader of exercises/05_trees/regression_tree.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/05_trees/regression_tree.rs"]
mod regression_tree;
#[cfg(feature = "solutions")]
use mlings::reference::regression_tree;

use mlings::datasets;
use mlings::grade::{Tolerance, expect, expect_array, expect_err, fail, require};
use mlings::types::best_split::{Split, SplitError};
use mlings::types::decision_tree::{NodeKind, RegressionTree, TreeError, TreeParams};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, Axis, array};

/// The worked example of the doc comment, shuffled: sorted by x the targets are
/// 2 4 3 10 12 20.
fn six_points() -> (Array1<f64>, Array1<f64>) {
    (
        array![4.0, 1.0, 6.0, 2.0, 5.0, 3.0],
        array![10.0, 2.0, 20.0, 4.0, 12.0, 3.0],
    )
}

fn as_matrix(x: &Array1<f64>) -> Array2<f64> {
    x.clone().insert_axis(Axis(1))
}

#[test]
fn six_points_by_hand() {
    // Var(all) = 479/12. At 3.5: left [2, 4, 3] (mean 3, variance 2/3), right
    // [10, 12, 20] (mean 14, variance 56/3): reduction 479/12 − ½·2/3 − ½·56/3 = 30.25.
    // Without weights, 5.5 would look best: 479/12 − (16.16 + 0)/2 = 31.8367.
    let (x, y) = six_points();
    let split = call_ok!(regression_tree::best_split(x.view(), y.view(), 1));
    let Some(Split {
        threshold,
        impurity_decrease,
        n_left,
        n_right,
    }) = split
    else {
        fail("best split of the six points: expected a split at 3.5, got None".into());
    };
    let unweighted = "impurity not weighted by child size: weight each side's variance by \
                      n_side / n (averaging them makes a lone extreme sample look like a \
                      great split)";
    expect(
        "threshold of the best variance-reduction split",
        threshold,
        3.5,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake(5.5, unweighted)
    .mistake(3.0, "the threshold sits on a data value: use the midpoint")
    .no_generic_diagnosis()
    .assert();
    expect("variance reduction of that split", impurity_decrease, 30.25)
        .tol(Tolerance::abs(1e-9))
        .n(6)
        .mistake(479.0 / 12.0 - 8.08, unweighted)
        .mistake_factor(
            6.0,
            "that is the reduction of the SUM of squared errors: divide by n for the variance",
        )
        .assert();
    require((n_left, n_right) == (3, 3), || {
        format!("x <= 3.5 sends 3 samples each way; you report {n_left} and {n_right}")
    });
}

#[test]
fn equal_values_stay_together_and_constants_do_not_split() {
    // x = 1 2 2 3 with targets 0 0 10 10: the legal cuts are 1.5 (reduction 25/3) and
    // 2.5 (also 25/3); cutting between the two 2s would fake a perfect split (25).
    let split = call_ok!(regression_tree::best_split(
        array![1.0, 2.0, 2.0, 3.0].view(),
        array![0.0, 0.0, 10.0, 10.0].view(),
        1
    ));
    let Some(split) = split else {
        fail("best split of x = [1, 2, 2, 3]: expected a split at 1.5, got None".into());
    };
    expect(
        "threshold for x = [1, 2, 2, 3], y = [0, 0, 10, 10]",
        split.threshold,
        1.5,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake(
        2.0,
        "thresholds taken at a data value that puts equal points on both sides: both \
             samples at 2 answer `x <= t` the same way",
    )
    .no_generic_diagnosis()
    .assert();
    let constant = call_ok!(regression_tree::best_split(
        array![5.0, 5.0, 5.0].view(),
        array![1.0, 2.0, 3.0].view(),
        1
    ));
    require(constant.is_none(), || {
        format!("a constant feature has no threshold: expected None, got {constant:?}")
    });
}

#[test]
fn a_stump_predicts_the_mean_of_each_side() {
    let (x, y) = six_points();
    let tree = call_ok!(regression_tree::fit(
        as_matrix(&x).view(),
        y.view(),
        &TreeParams::new().max_depth(1)
    ));
    let probes = array![[0.0], [3.5], [3.6], [100.0]];
    let got = call_ok!(regression_tree::predict(&tree, probes.view()));
    expect_array(
        "stump predictions at x = 0, 3.5, 3.6, 100 (left mean 3, right mean 14)",
        &got,
        &array![3.0, 3.0, 14.0, 14.0],
    )
    .tol(Tolerance::abs(1e-9))
    .mistake_array(
        &array![3.0, 3.0, 12.0, 12.0],
        "a leaf predicts the mean of its targets, not the median",
    )
    .assert();
}

/// The targets of the training rows that reach each leaf, routed by the grader.
fn targets_per_leaf(tree: &RegressionTree, x: &Array2<f64>, y: ArrayView1<f64>) -> Vec<Vec<f64>> {
    let mut reached = vec![Vec::new(); tree.nodes.len()];
    for (sample, &target) in x.axis_iter(Axis(0)).zip(y) {
        let mut index = 0;
        for _ in 0..=tree.nodes.len() {
            match tree.nodes.get(index).map(|n| &n.kind) {
                Some(NodeKind::Split {
                    feature,
                    threshold,
                    left,
                    right,
                }) => {
                    index = if sample[*feature] <= *threshold {
                        *left
                    } else {
                        *right
                    }
                }
                Some(NodeKind::Leaf(_)) => break,
                None => fail(format!(
                    "a split points to node {index}, which does not exist"
                )),
            }
        }
        reached[index].push(target);
    }
    reached
}

#[test]
fn every_leaf_holds_the_mean_of_its_training_targets() {
    let diabetes = datasets::diabetes();
    let params = TreeParams::new().max_depth(4).min_samples_leaf(10);
    let tree = call_ok!(regression_tree::fit(
        diabetes.features.view(),
        diabetes.targets.view(),
        &params
    ));
    let reached = targets_per_leaf(&tree, &diabetes.features, diabetes.targets.view());
    for (index, node) in tree.nodes.iter().enumerate() {
        if let NodeKind::Leaf(value) = node.kind {
            let targets = &reached[index];
            require(targets.len() >= 10, || {
                format!(
                    "leaf {index} holds {} training rows: with min_samples_leaf 10 each side of \
                     a split keeps at least 10",
                    targets.len()
                )
            });
            let mean = targets.iter().sum::<f64>() / targets.len() as f64;
            expect(
                format!(
                    "the value of leaf {index} (the mean of its {} targets)",
                    targets.len()
                ),
                value,
                mean,
            )
            .tol(Tolerance::rel(1e-9))
            .assert();
        }
    }
}

#[test]
fn unlimited_depth_reproduces_the_training_targets() {
    let diabetes = datasets::diabetes();
    let tree = call_ok!(regression_tree::fit(
        diabetes.features.view(),
        diabetes.targets.view(),
        &TreeParams::new()
    ));
    let got = call_ok!(regression_tree::predict(&tree, diabetes.features.view()));
    expect_array(
        "predictions of an unlimited-depth tree on its own 442 distinct training rows",
        &got,
        &diabetes.targets,
    )
    .tol(Tolerance::abs(1e-9))
    .assert();
}

#[test]
fn max_depth_is_respected() {
    let diabetes = datasets::diabetes();
    for max_depth in [0, 1, 3] {
        let tree = call_ok!(regression_tree::fit(
            diabetes.features.view(),
            diabetes.targets.view(),
            &TreeParams::new().max_depth(max_depth)
        ));
        let leaves = tree
            .nodes
            .iter()
            .filter(|n| matches!(n.kind, NodeKind::Leaf(_)))
            .count();
        require(leaves <= 1 << max_depth, || {
            format!(
                "a tree of depth at most {max_depth} has at most {} leaves; yours has {leaves}: \
                 a node at depth max_depth (the root is at depth 0) must be a leaf",
                1 << max_depth
            )
        });
    }
}

#[test]
fn a_depth_3_tree_beats_the_mean_on_diabetes() {
    let diabetes = datasets::diabetes();
    let split = diabetes
        .reference_split()
        .expect("diabetes has a reference split");
    let (train, test) = diabetes.split(&split).expect("the split fits the data");
    let tree = call_ok!(regression_tree::fit(
        train.features.view(),
        train.targets.view(),
        &TreeParams::new().max_depth(3)
    ));
    let predicted = call_ok!(regression_tree::predict(&tree, test.features.view()));
    // The baseline: predict the training mean for everyone.
    let mean = train.targets.mean().expect("the training set is not empty");
    let squared = |prediction: &dyn Fn(usize) -> f64| -> f64 {
        (0..test.n_samples())
            .map(|i| (test.targets[i] - prediction(i)).powi(2))
            .sum()
    };
    let baseline = squared(&|_| mean);
    let tree_error = squared(&|i| predicted[i]);
    let r2 = 1.0 - tree_error / baseline;
    require(r2 >= 0.2, || {
        format!(
            "on the diabetes test rows a depth-3 regression tree should explain at least 20% \
             of the squared error the mean predictor leaves (R² >= 0.2, least squares gets \
             0.45); yours: R² = {r2:.3}"
        )
    });
}

#[test]
fn bad_input_is_an_error() {
    let (x, y) = six_points();
    let mut y_nan = y.clone();
    y_nan[2] = f64::NAN;
    let error = expect_err(
        "fit with a NaN target at row 2",
        "a NaN target has no mean",
        call!(regression_tree::fit(
            as_matrix(&x).view(),
            y_nan.view(),
            &TreeParams::new()
        )),
    );
    require(
        matches!(error, TreeError::NonFiniteTarget { row: 2, .. }),
        || format!("expected NonFiniteTarget {{ row: 2, .. }}, got {error:?}"),
    );
    let error = expect_err(
        "best_split with a NaN target at index 2",
        "a NaN target has no variance",
        call!(regression_tree::best_split(x.view(), y_nan.view(), 1)),
    );
    require(
        matches!(
            error,
            SplitError::NonFinite {
                what: "target",
                index: 2,
                ..
            }
        ),
        || format!("expected NonFinite {{ what: \"target\", index: 2, .. }}, got {error:?}"),
    );
    let error = expect_err(
        "fit with 6 rows and 5 targets",
        "there must be one target per row",
        call!(regression_tree::fit(
            as_matrix(&x).view(),
            y.slice(ndarray::s![..5]),
            &TreeParams::new()
        )),
    );
    require(
        error
            == TreeError::LengthMismatch {
                rows: 6,
                targets: 5,
            },
        || format!("expected LengthMismatch {{ rows: 6, targets: 5 }}, got {error:?}"),
    );
    let tree = call_ok!(regression_tree::fit(
        as_matrix(&x).view(),
        y.view(),
        &TreeParams::new()
    ));
    let error = expect_err(
        "predict with 2 features for a 1-feature tree",
        "the tree was trained on 1 feature",
        call!(regression_tree::predict(&tree, array![[1.0, 2.0]].view())),
    );
    require(
        error
            == TreeError::FeatureCount {
                expected: 1,
                got: 2,
            },
        || format!("expected FeatureCount {{ expected: 1, got: 2 }}, got {error:?}"),
    );
}
