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

pub mod cart;

/// Runs a call into the learner's code that may panic on the input being checked: a
/// panic becomes `Err(its message)`, so the check can say which input made it panic and
/// what that suggests (a `todo!()` still reads "not attempted yet").
#[track_caller]
pub fn outcome<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    match mlings::grade::catch_todo(f) {
        Ok(value) => Ok(value),
        Err(mlings::grade::Unfinished::Todo { location }) => mlings::grade::fail(format!(
            "{}: `{what}` is still a todo!(){}.\nReplace the todo!() with your implementation, \
             then grade again.",
            mlings::grade::NOT_ATTEMPTED,
            location
                .map(|l| format!(" (the todo!() at {l})"))
                .unwrap_or_default()
        )),
        Err(mlings::grade::Unfinished::Panic(payload)) => Err(payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into())),
    }
}
