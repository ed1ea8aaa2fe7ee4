//! Helpers shared by the graders of the trees topic (`exercises/05_trees/`).
#![allow(dead_code)] // each grader uses its own subset

use mlings::datasets::Dataset;
use mlings::prep::LabelledSplit;
use mlings::types::decision_tree::{DecisionTree, Node, NodeKind};
use ndarray::Array1;

/// The share of `predicted` labels equal to `truth`.
pub fn accuracy(predicted: &Array1<usize>, truth: &Array1<usize>) -> f64 {
    let correct = predicted.iter().zip(truth).filter(|(p, t)| p == t).count();
    correct as f64 / truth.len() as f64
}

/// The class labels of a bundled classification dataset.
pub fn labels(data: &Dataset) -> Array1<usize> {
    data.class_labels()
        .expect("a bundled classification dataset")
}

/// The train and test parts of a bundled dataset under its reference split, with labels.
pub fn reference_split(data: &Dataset) -> LabelledSplit {
    LabelledSplit::reference(data).expect("bundled classification datasets have a reference split")
}

/// A leaf holding these class counts (impurity left at 0: not used by the checks).
pub fn leaf(counts: Vec<usize>) -> Node<Vec<usize>> {
    Node {
        n_samples: counts.iter().sum(),
        impurity: 0.0,
        kind: NodeKind::Leaf(counts),
    }
}

/// A one-question tree on a single feature: `x <= threshold` reaches `left`, else `right`.
pub fn stump(threshold: f64, left: Vec<usize>, right: Vec<usize>) -> DecisionTree {
    let n_samples = left.iter().chain(&right).sum();
    DecisionTree {
        nodes: vec![
            Node {
                n_samples,
                impurity: 0.0,
                kind: NodeKind::Split {
                    feature: 0,
                    threshold,
                    left: 1,
                    right: 2,
                },
            },
            leaf(left),
            leaf(right),
        ],
        n_features: 1,
    }
}
