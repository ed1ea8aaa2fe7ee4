//! Grader of exercises/05_trees/decision_tree.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/05_trees/decision_tree.rs"]
mod decision_tree;
#[cfg(feature = "solutions")]
use mlings::reference::decision_tree;

use linfa::prelude::{Fit, Predict};
use mlings::datasets;
use mlings::grade::{Tolerance, expect, expect_array, expect_err, fail, require};
use mlings::types::decision_tree::{DecisionTree, Node, NodeKind, TreeError, TreeParams};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, array};

mod trees_support;
use trees_support::{accuracy, labels, leaf, reference_split};

/// The nine samples drawn in the exercise's doc comment.
fn nine_points() -> (Array2<f64>, Array1<usize>) {
    let x = array![
        [1.0, 3.0],
        [2.0, 1.0],
        [2.0, 4.0],
        [3.0, 1.0],
        [4.0, 0.0],
        [5.0, 1.0],
        [3.0, 3.0],
        [4.0, 3.0],
        [5.0, 4.0]
    ];
    (x, array![0, 0, 0, 1, 1, 1, 2, 2, 2])
}

/// The index of the node of `tree` that `sample` ends in, walked by the grader itself;
/// fails with an explanation if the arena is broken.
fn leaf_index(tree: &DecisionTree, sample: ArrayView1<f64>) -> usize {
    let mut index = 0;
    for _ in 0..=tree.nodes.len() {
        let Some(node) = tree.nodes.get(index) else {
            fail(format!(
                "the tree has {} nodes but a split points to node {index}: children are \
                 indices into tree.nodes",
                tree.nodes.len()
            ));
        };
        match node.kind {
            NodeKind::Leaf(_) => return index,
            NodeKind::Split {
                feature,
                threshold,
                left,
                right,
            } => {
                index = if sample[feature] <= threshold {
                    left
                } else {
                    right
                }
            }
        }
    }
    fail("following the children of the tree loops forever: a split points back up".into())
}

/// The depth of every leaf, measured by the grader from the arena.
fn leaf_depths(tree: &DecisionTree) -> Vec<usize> {
    let mut depths = Vec::new();
    let mut stack = vec![(0usize, 0usize)];
    while let Some((index, depth)) = stack.pop() {
        require(depth <= tree.nodes.len(), || {
            "the tree's splits loop back: a child must be a new node".into()
        });
        match tree.nodes.get(index).map(|n| &n.kind) {
            Some(NodeKind::Split { left, right, .. }) => {
                stack.push((*left, depth + 1));
                stack.push((*right, depth + 1));
            }
            Some(NodeKind::Leaf(_)) => depths.push(depth),
            None => fail(format!(
                "a split points to node {index}, which does not exist"
            )),
        }
    }
    depths
}

#[test]
fn the_tree_drawn_in_the_doc_comment() {
    let (x, y) = nine_points();
    let tree = call_ok!(decision_tree::fit(x.view(), y.view(), &TreeParams::new()));
    match tree.nodes.first().map(|n| &n.kind) {
        Some(NodeKind::Split {
            feature, threshold, ..
        }) => {
            require(*feature == 0, || {
                format!(
                    "the root should ask about x0 (feature 0): x0 <= 2.5 lowers the Gini by \
                     1/3, the best cut of x1 only by 0.233; your root asks about feature \
                     {feature}"
                )
            });
            expect("the root's threshold (x0 <= 2.5)", *threshold, 2.5)
                .tol(Tolerance::abs(1e-12))
                .mistake(2.0, "the threshold sits on a data value: use the midpoint")
                .no_generic_diagnosis()
                .assert();
        }
        other => fail(format!(
            "tree.nodes[0] must be the root, a split on x0 <= 2.5; it is {other:?}"
        )),
    }
    let depth = call!(decision_tree::depth(&tree));
    require(depth == 2, || {
        format!("the tree drawn in the doc comment has depth 2, your depth() says {depth}")
    });
    let leaves = call!(decision_tree::n_leaves(&tree));
    require(leaves == 3, || {
        format!("the tree drawn in the doc comment has 3 leaves, your n_leaves() says {leaves}")
    });
    let probes = array![
        [0.0, 0.0],
        [10.0, 0.0],
        [10.0, 10.0],
        [2.5, 2.0],
        [2.6, 2.1]
    ];
    let predicted = call_ok!(decision_tree::predict(&tree, probes.view()));
    require(predicted == array![0, 1, 2, 0, 2], || {
        format!(
            "predictions at (0, 0), (10, 0), (10, 10), (2.5, 2) and (2.6, 2.1): expected \
             [0, 1, 2, 0, 2] (a value equal to the threshold goes left), got {predicted}"
        )
    });
}

#[test]
fn export_text_prints_the_rules() {
    let (x, y) = nine_points();
    let tree = call_ok!(decision_tree::fit(x.view(), y.view(), &TreeParams::new()));
    let text = call_ok!(decision_tree::export_text(&tree, &["x0", "x1"]));
    let expected = "\
|--- x0 <= 2.50
|   |--- class: 0
|--- x0 >  2.50
|   |--- x1 <= 2.00
|   |   |--- class: 1
|   |--- x1 >  2.00
|   |   |--- class: 2
";
    require(text == expected, || {
        format!(
            "export_text of the tree drawn in the doc comment\n--- expected ---\n{expected}\
             --- got ---\n{text}--- end ---\n    (each line ends with '\\n'; two spaces \
             after '>'; thresholds with 2 decimals)"
        )
    });
    let error = expect_err(
        "export_text with 3 names for a 2-feature tree",
        "there must be one name per feature",
        call!(decision_tree::export_text(&tree, &["x0", "x1", "x2"])),
    );
    require(
        error
            == TreeError::FeatureNames {
                expected: 2,
                got: 3,
            },
        || format!("expected FeatureNames {{ expected: 2, got: 3 }}, got {error:?}"),
    );
}

/// A hand-built tree whose arena is not in the order a fit would produce:
///
/// ```text
///            x1 <= 0.5            (node 0)
///           /         \
///   [4, 1] (node 2)   x0 <= 10    (node 1)
///                     /       \
///          [1, 1] (node 4)   [0, 5] (node 3)
/// ```
fn hand_built() -> DecisionTree {
    let split = |feature, threshold, left, right, n_samples| Node {
        n_samples,
        impurity: 0.0,
        kind: NodeKind::Split {
            feature,
            threshold,
            left,
            right,
        },
    };
    DecisionTree {
        nodes: vec![
            split(1, 0.5, 2, 1, 12),
            split(0, 10.0, 4, 3, 7),
            leaf(vec![4, 1]),
            leaf(vec![0, 5]),
            leaf(vec![1, 1]),
        ],
        n_features: 2,
    }
}

#[test]
fn predictions_follow_the_child_indices() {
    let tree = hand_built();
    let x = array![[100.0, 0.0], [3.0, 1.0], [30.0, 1.0], [10.0, 0.5]];
    let predicted = call_ok!(decision_tree::predict(&tree, x.view()));
    require(predicted == array![0, 0, 1, 0], || {
        format!(
            "predictions of the hand-built tree (see hand_built() in tests/decision_tree.rs) \
             for {x}: expected [0, 0, 1, 0], got {predicted}\n    follow the `left` and \
             `right` indices (they are not always index + 1); the leaf [1, 1] is a tie, which \
             goes to the smaller class 0"
        )
    });
    let proba = call_ok!(decision_tree::predict_proba(&tree, x.view()));
    expect_array(
        "predict_proba of the hand-built tree",
        &proba,
        &array![[0.8, 0.2], [0.5, 0.5], [0.0, 1.0], [0.8, 0.2]],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &array![[4.0, 1.0], [1.0, 1.0], [0.0, 5.0], [4.0, 1.0]],
        "you returned the leaf's counts: divide them by their sum",
    )
    .assert();
    let error = expect_err(
        "predict with 3 features for a 2-feature tree",
        "the tree was trained on 2 features",
        call!(decision_tree::predict(
            &tree,
            array![[1.0, 2.0, 3.0]].view()
        )),
    );
    require(
        error
            == TreeError::FeatureCount {
                expected: 2,
                got: 3,
            },
        || format!("expected FeatureCount {{ expected: 2, got: 3 }}, got {error:?}"),
    );
}

#[test]
fn depth_and_leaves_of_hand_built_trees() {
    let tree = hand_built();
    let (depth, leaves) = (
        call!(decision_tree::depth(&tree)),
        call!(decision_tree::n_leaves(&tree)),
    );
    require((depth, leaves) == (2, 3), || {
        format!(
            "the hand-built tree (see hand_built() in tests/decision_tree.rs) has depth 2 \
             and 3 leaves; you report depth {depth}, {leaves} leaves"
        )
    });
    let stump = DecisionTree {
        nodes: vec![Node {
            n_samples: 3,
            impurity: 0.0,
            kind: NodeKind::Leaf(vec![0, 3]),
        }],
        n_features: 4,
    };
    let (depth, leaves) = (
        call!(decision_tree::depth(&stump)),
        call!(decision_tree::n_leaves(&stump)),
    );
    require((depth, leaves) == (0, 1), || {
        format!(
            "a tree that is a single leaf has depth 0 (no question) and 1 leaf; you report \
             depth {depth}, {leaves} leaves"
        )
    });
}

#[test]
fn max_depth_one_asks_one_question() {
    // The root split of the drawn tree, then two leaves: [3, 0, 0] and [0, 3, 3], whose
    // tie goes to the smaller class 1.
    let (x, y) = nine_points();
    let tree = call_ok!(decision_tree::fit(
        x.view(),
        y.view(),
        &TreeParams::new().max_depth(1)
    ));
    let predicted = call_ok!(decision_tree::predict(&tree, x.view()));
    require(predicted == array![0, 0, 0, 1, 1, 1, 1, 1, 1], || {
        format!(
            "with max_depth 1 the right leaf holds [0, 3, 3] and predicts class 1 (ties go to \
             the smaller class); predictions on the nine points: expected [0, 0, 0, 1, 1, 1, \
             1, 1, 1], got {predicted}"
        )
    });
    let proba = call_ok!(decision_tree::predict_proba(
        &tree,
        x.slice(ndarray::s![5..7, ..])
    ));
    expect_array(
        "predict_proba of (5, 1) and (3, 3) with max_depth 1",
        &proba,
        &array![[0.0, 0.5, 0.5], [0.0, 0.5, 0.5]],
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
}

#[test]
fn the_nodes_record_their_samples_and_gini() {
    let iris = datasets::iris();
    let y = labels(&iris);
    let tree = call_ok!(decision_tree::fit(
        iris.features.view(),
        y.view(),
        &TreeParams::new().max_depth(2)
    ));
    let root = tree
        .nodes
        .first()
        .unwrap_or_else(|| fail("the tree has no node".into()));
    require(root.n_samples == 150, || {
        format!(
            "the root of a tree fit on 150 irises has n_samples 150, yours {}",
            root.n_samples
        )
    });
    expect(
        "the root's Gini impurity (50 of each of 3 species)",
        root.impurity,
        2.0 / 3.0,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake(1.0 / 3.0, "you stored Σ pₖ²: the impurity is 1 − Σ pₖ²")
    .mistake(
        3f64.log2(),
        "that is the entropy: the tree uses Gini impurity",
    )
    .assert();
    for (index, node) in tree.nodes.iter().enumerate() {
        match &node.kind {
            NodeKind::Split { left, right, .. } => {
                let (Some(l), Some(r)) = (tree.nodes.get(*left), tree.nodes.get(*right)) else {
                    fail(format!(
                        "node {index} points to a child that does not exist"
                    ));
                };
                require(l.n_samples + r.n_samples == node.n_samples, || {
                    format!(
                        "node {index} has {} samples but its children {} and {}: every sample \
                         goes to exactly one side",
                        node.n_samples, l.n_samples, r.n_samples
                    )
                });
            }
            NodeKind::Leaf(counts) => {
                require(
                    counts.len() == 3 && counts.iter().sum::<usize>() == node.n_samples,
                    || {
                        format!(
                            "leaf {index} has counts {counts:?} for {} samples: a leaf keeps one \
                         count per class (3 for iris), adding up to its n_samples",
                            node.n_samples
                        )
                    },
                );
            }
        }
    }
}

#[test]
fn unlimited_depth_fits_distinct_training_points_exactly() {
    let cancer = datasets::breast_cancer();
    let (train, _) = cancer
        .split(
            &cancer
                .reference_split()
                .expect("breast_cancer has a reference split"),
        )
        .expect("the reference split fits the data");
    let y = labels(&train);
    let tree = call_ok!(decision_tree::fit(
        train.features.view(),
        y.view(),
        &TreeParams::new()
    ));
    let predicted = call_ok!(decision_tree::predict(&tree, train.features.view()));
    expect(
        "training accuracy of an unlimited-depth tree on 455 distinct breast_cancer rows",
        accuracy(&predicted, &y),
        1.0,
    )
    .tol(Tolerance::abs(1e-12))
    .no_generic_diagnosis()
    .assert();
    for (index, node) in tree.nodes.iter().enumerate() {
        if let NodeKind::Leaf(counts) = &node.kind {
            require(counts_are_pure(counts), || {
                format!(
                    "node {index} is a leaf with counts {counts:?}: with no depth limit a node \
                     splits until it is pure (the rows are distinct, so it always can)"
                )
            });
        }
    }
}

fn counts_are_pure(counts: &[usize]) -> bool {
    counts.iter().filter(|&&c| c > 0).count() <= 1
}

#[test]
fn max_depth_is_respected() {
    let cancer = datasets::breast_cancer();
    let y = labels(&cancer);
    for max_depth in 0..=4 {
        let tree = call_ok!(decision_tree::fit(
            cancer.features.view(),
            y.view(),
            &TreeParams::new().max_depth(max_depth)
        ));
        let deepest = leaf_depths(&tree).into_iter().max().unwrap_or(0);
        require(deepest == max_depth, || {
            format!(
                "with max_depth {max_depth} the deepest leaf should be at depth {max_depth} \
                 (breast_cancer has enough mixed nodes to get there), yours is at {deepest}: \
                 a node at depth max_depth is a leaf, the root is at depth 0"
            )
        });
        let reported = call!(decision_tree::depth(&tree));
        require(reported == deepest, || {
            format!("your depth() says {reported}, but the deepest leaf is at depth {deepest}")
        });
    }
}

#[test]
fn min_samples_split_and_leaf_are_respected() {
    let wine = datasets::wine();
    let y = labels(&wine);
    let params = TreeParams::new().min_samples_leaf(7).min_samples_split(20);
    let tree = call_ok!(decision_tree::fit(wine.features.view(), y.view(), &params));
    // Route every training sample through the tree (the grader's own walk).
    let mut reached = vec![0usize; tree.nodes.len()];
    for sample in wine.features.axis_iter(Axis(0)) {
        reached[leaf_index(&tree, sample)] += 1;
    }
    for (index, node) in tree.nodes.iter().enumerate() {
        if matches!(node.kind, NodeKind::Leaf(_)) {
            require(reached[index] >= 7, || {
                format!(
                    "leaf {index} holds {} training samples: with min_samples_leaf 7 every \
                     split must leave at least 7 on each side",
                    reached[index]
                )
            });
        } else {
            require(node.n_samples >= 20, || {
                format!(
                    "node {index} splits {} samples: with min_samples_split 20 a node with \
                     fewer samples is a leaf",
                    node.n_samples
                )
            });
        }
    }
}

#[test]
fn predictions_do_not_depend_on_row_order() {
    let wine = datasets::wine();
    let (train, test) = wine
        .split(&wine.reference_split().expect("wine has a reference split"))
        .expect("the reference split fits the data");
    let y = labels(&train);
    let reversed: Vec<usize> = (0..train.n_samples()).rev().collect();
    let x_reversed = train.features.select(Axis(0), &reversed);
    let y_reversed = y.select(Axis(0), &reversed);
    let params = TreeParams::new().max_depth(4);
    let forward = call_ok!(decision_tree::fit(train.features.view(), y.view(), &params));
    let backward = call_ok!(decision_tree::fit(
        x_reversed.view(),
        y_reversed.view(),
        &params
    ));
    let (a, b) = (
        call_ok!(decision_tree::predict(&forward, test.features.view())),
        call_ok!(decision_tree::predict(&backward, test.features.view())),
    );
    require(a == b, || {
        format!(
            "the same training rows in reverse order gave different predictions:\n    in \
             order: {a}\n    reversed: {b}\n    the tree must depend on the data, not its \
             order: break ties by the smallest feature index, then the smallest threshold"
        )
    });
}

/// Test accuracy of linfa-trees' tree with the same depth limit on the same split.
fn linfa_accuracy(
    train: ArrayView2<f64>,
    y_train: &Array1<usize>,
    test: ArrayView2<f64>,
    y_test: &Array1<usize>,
    max_depth: usize,
) -> f64 {
    let dataset = linfa::Dataset::new(train.to_owned(), y_train.clone());
    let tree = linfa_trees::DecisionTree::params()
        .max_depth(Some(max_depth))
        .fit(&dataset)
        .expect("linfa-trees fits the bundled data");
    accuracy(&tree.predict(&test.to_owned()), y_test)
}

#[test]
fn depth_3_trees_match_linfa_on_the_reference_splits() {
    // scikit-learn's depth-3 trees reach 0.967 (iris), 0.944 (wine), 0.939 (breast_cancer).
    for (data, sklearn) in [
        (datasets::iris(), 0.967),
        (datasets::wine(), 0.944),
        (datasets::breast_cancer(), 0.939),
    ] {
        let mlings::prep::LabelledSplit {
            train,
            test,
            y_train,
            y_test,
        } = reference_split(&data);
        let tree = call_ok!(decision_tree::fit(
            train.features.view(),
            y_train.view(),
            &TreeParams::new().max_depth(3)
        ));
        let predicted = call_ok!(decision_tree::predict(&tree, test.features.view()));
        let ours = accuracy(&predicted, &y_test);
        let linfa = linfa_accuracy(
            train.features.view(),
            &y_train,
            test.features.view(),
            &y_test,
            3,
        );
        expect(
            format!(
                "{} test accuracy of a depth-3 tree, vs linfa-trees' {linfa:.3} on the same \
                 split (scikit-learn: {sklearn})",
                data.name
            ),
            ours,
            linfa,
        )
        .tol(Tolerance::abs(0.04))
        .no_generic_diagnosis()
        .assert();
    }
}

#[test]
fn bad_input_is_an_error() {
    let (x, y) = nine_points();
    let error = expect_err(
        "fit with min_samples_split 1",
        "a split needs at least 2 samples: call params.validate()? first",
        call!(decision_tree::fit(
            x.view(),
            y.view(),
            &TreeParams::new().min_samples_split(1)
        )),
    );
    require(matches!(error, TreeError::InvalidParams(_)), || {
        format!("expected InvalidParams, got {error:?}")
    });
    let error = expect_err(
        "fit with 9 rows and 8 labels",
        "there must be one label per row",
        call!(decision_tree::fit(
            x.view(),
            y.slice(ndarray::s![..8]),
            &TreeParams::new()
        )),
    );
    require(
        error
            == TreeError::LengthMismatch {
                rows: 9,
                targets: 8,
            },
        || format!("expected LengthMismatch {{ rows: 9, targets: 8 }}, got {error:?}"),
    );
    let error = expect_err(
        "fit on no rows",
        "a tree needs at least one sample",
        call!(decision_tree::fit(
            Array2::<f64>::zeros((0, 2)).view(),
            Array1::<usize>::zeros(0).view(),
            &TreeParams::new()
        )),
    );
    require(error == TreeError::Empty, || {
        format!("expected Empty, got {error:?}")
    });
    let mut with_nan = x.clone();
    with_nan[[4, 1]] = f64::NAN;
    let error = expect_err(
        "fit with a NaN feature at row 4, feature 1",
        "NaN cannot be compared with a threshold",
        call!(decision_tree::fit(
            with_nan.view(),
            y.view(),
            &TreeParams::new()
        )),
    );
    require(
        matches!(
            error,
            TreeError::NonFiniteFeature {
                row: 4,
                feature: 1,
                ..
            }
        ),
        || format!("expected NonFiniteFeature {{ row: 4, feature: 1, .. }}, got {error:?}"),
    );
}
