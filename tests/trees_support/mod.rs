//! Helpers shared by the graders of the trees topic (`exercises/08_trees/`).
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

/// The documented bootstrap draw, written from the bagging skeleton's doc independently
/// of any learner's code: `n` draws of `rng.gen_range(0..n)`, in the order drawn.
pub fn bootstrap_rows(n: usize, rng: &mut mlings::prep::Rng) -> Vec<usize> {
    use rand::Rng as _;
    let mut rows = Vec::with_capacity(n);
    for _ in 0..n {
        rows.push(rng.gen_range(0..n));
    }
    rows
}

/// The rows of `0..n` that `sample` never drew, ascending (independent of any learner).
pub fn rows_never_drawn(n: usize, sample: &[usize]) -> Vec<usize> {
    (0..n).filter(|row| !sample.contains(row)).collect()
}

/// A short description of where two lists first differ: "lengths 5 and 4" or
/// "first difference at position 3: expected 7, got 2".
pub fn first_difference<T: PartialEq + std::fmt::Debug>(got: &[T], expected: &[T]) -> String {
    match got.iter().zip(expected).position(|(g, e)| g != e) {
        Some(i) => format!(
            "first difference at position {i}: expected {:?}, got {:?}",
            expected[i], got[i]
        ),
        None => format!("expected {} entries, got {}", expected.len(), got.len()),
    }
}

/// The first `k` entries of a list, for short messages.
pub fn head<T: std::fmt::Debug>(list: &[T], k: usize) -> String {
    if list.len() <= k {
        format!("{list:?}")
    } else {
        format!("{:?} … ({} in all)", &list[..k], list.len())
    }
}
