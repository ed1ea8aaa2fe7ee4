//! A correct decision tree written another way: the split search calls the course's
//! `best_split` on each feature's column of the node's rows, the nodes are laid out
//! breadth-first (a queue, not depth-first recursion), and depth / leaves / text walk
//! the tree with explicit stacks.

use std::collections::VecDeque;

use mlings::reference::best_split::best_split;
use mlings::types::decision_tree::{DecisionTree, Node, NodeKind, TreeError, TreeParams};
use mlings::types::impurity::Criterion;
use mlings::types::labels::class_count;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

fn gini(counts: &[usize]) -> f64 {
    let n: usize = counts.iter().sum();
    1.0 - counts
        .iter()
        .map(|&c| (c as f64 / n as f64).powi(2))
        .sum::<f64>()
}

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &TreeParams,
) -> Result<DecisionTree, TreeError> {
    params.validate()?;
    if x.nrows() != y.len() {
        return Err(TreeError::LengthMismatch {
            rows: x.nrows(),
            targets: y.len(),
        });
    }
    if x.nrows() == 0 {
        return Err(TreeError::Empty);
    }
    for row in 0..x.nrows() {
        for feature in 0..x.ncols() {
            let value = x[[row, feature]];
            if !value.is_finite() {
                return Err(TreeError::NonFiniteFeature {
                    row,
                    feature,
                    value,
                });
            }
        }
    }
    let n_classes = class_count(y)?;
    let mut nodes: Vec<Node<Vec<usize>>> = Vec::new();
    // (rows, depth, index of the node to fill)
    let mut queue = VecDeque::new();
    nodes.push(Node {
        n_samples: 0,
        impurity: 0.0,
        kind: NodeKind::Leaf(vec![]),
    });
    queue.push_back(((0..x.nrows()).collect::<Vec<usize>>(), 0usize, 0usize));
    while let Some((rows, depth, index)) = queue.pop_front() {
        let mut counts = vec![0; n_classes];
        for &r in &rows {
            counts[y[r]] += 1;
        }
        let pure = counts.iter().filter(|&&c| c > 0).count() <= 1;
        nodes[index] = Node {
            n_samples: rows.len(),
            impurity: gini(&counts),
            kind: NodeKind::Leaf(counts),
        };
        let too_deep = params.max_depth.is_some_and(|m| depth >= m);
        if too_deep || rows.len() < params.min_samples_split || pure {
            continue;
        }
        let labels = y.select(Axis(0), &rows);
        let mut best: Option<(usize, f64, f64)> = None;
        for feature in 0..x.ncols() {
            let column = x.column(feature).select(Axis(0), &rows);
            let split = best_split(
                column.view(),
                labels.view(),
                n_classes,
                Criterion::Gini,
                params.min_samples_leaf,
            )
            .expect("checked above");
            if let Some(s) = split {
                if best.is_none_or(|(_, _, d)| s.impurity_decrease > d) {
                    best = Some((feature, s.threshold, s.impurity_decrease));
                }
            }
        }
        let Some((feature, threshold, _)) = best else {
            continue;
        };
        let (left_rows, right_rows): (Vec<usize>, Vec<usize>) =
            rows.iter().partition(|&&r| x[[r, feature]] <= threshold);
        let left = nodes.len();
        let right = left + 1;
        for _ in 0..2 {
            nodes.push(Node {
                n_samples: 0,
                impurity: 0.0,
                kind: NodeKind::Leaf(vec![]),
            });
        }
        nodes[index].kind = NodeKind::Split {
            feature,
            threshold,
            left,
            right,
        };
        queue.push_back((left_rows, depth + 1, left));
        queue.push_back((right_rows, depth + 1, right));
    }
    Ok(DecisionTree {
        nodes,
        n_features: x.ncols(),
    })
}

fn leaf<'a>(tree: &'a DecisionTree, row: ArrayView1<f64>) -> &'a [usize] {
    let mut index = 0;
    loop {
        match &tree.nodes[index].kind {
            NodeKind::Leaf(counts) => return counts,
            NodeKind::Split {
                feature,
                threshold,
                left,
                right,
            } => index = if row[*feature] > *threshold { *right } else { *left },
        }
    }
}

fn majority(counts: &[usize]) -> usize {
    let top = counts.iter().copied().max().unwrap_or(0);
    counts.iter().position(|&c| c == top).unwrap_or(0)
}

fn check(tree: &DecisionTree, x: ArrayView2<f64>) -> Result<(), TreeError> {
    if x.ncols() == tree.n_features {
        Ok(())
    } else {
        Err(TreeError::FeatureCount {
            expected: tree.n_features,
            got: x.ncols(),
        })
    }
}

pub fn predict(tree: &DecisionTree, x: ArrayView2<f64>) -> Result<Array1<usize>, TreeError> {
    check(tree, x)?;
    Ok(x.rows().into_iter().map(|r| majority(leaf(tree, r))).collect())
}

pub fn predict_proba(tree: &DecisionTree, x: ArrayView2<f64>) -> Result<Array2<f64>, TreeError> {
    check(tree, x)?;
    let k = match &tree.nodes[0].kind {
        NodeKind::Leaf(c) => c.len(),
        NodeKind::Split { .. } => tree
            .nodes
            .iter()
            .find_map(|n| match &n.kind {
                NodeKind::Leaf(c) => Some(c.len()),
                _ => None,
            })
            .unwrap_or(0),
    };
    let mut out = Array2::zeros((x.nrows(), k));
    for (i, r) in x.rows().into_iter().enumerate() {
        let counts = leaf(tree, r);
        let n: usize = counts.iter().sum();
        for (j, &c) in counts.iter().enumerate() {
            out[[i, j]] = c as f64 / n as f64;
        }
    }
    Ok(out)
}

pub fn depth(tree: &DecisionTree) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, d)) = stack.pop() {
        deepest = deepest.max(d);
        if let NodeKind::Split { left, right, .. } = tree.nodes[i].kind {
            stack.push((left, d + 1));
            stack.push((right, d + 1));
        }
    }
    deepest
}

pub fn n_leaves(tree: &DecisionTree) -> usize {
    let mut leaves = 0;
    let mut stack = vec![0usize];
    while let Some(i) = stack.pop() {
        match tree.nodes[i].kind {
            NodeKind::Split { left, right, .. } => stack.extend([left, right]),
            NodeKind::Leaf(_) => leaves += 1,
        }
    }
    leaves
}

pub fn export_text(tree: &DecisionTree, feature_names: &[&str]) -> Result<String, TreeError> {
    if feature_names.len() != tree.n_features {
        return Err(TreeError::FeatureNames {
            expected: tree.n_features,
            got: feature_names.len(),
        });
    }
    enum Line {
        Node(usize, usize),
        Text(String),
    }
    let mut out = String::new();
    let mut stack = vec![Line::Node(0, 0)];
    while let Some(item) = stack.pop() {
        match item {
            Line::Text(s) => out.push_str(&s),
            Line::Node(i, d) => {
                let pad = "|   ".repeat(d);
                match &tree.nodes[i].kind {
                    NodeKind::Leaf(counts) => {
                        out.push_str(&format!("{pad}|--- class: {}\n", majority(counts)))
                    }
                    NodeKind::Split {
                        feature,
                        threshold,
                        left,
                        right,
                    } => {
                        let name = feature_names[*feature];
                        out.push_str(&format!("{pad}|--- {name} <= {threshold:.2}\n"));
                        stack.push(Line::Node(*right, d + 1));
                        stack.push(Line::Text(format!("{pad}|--- {name} >  {threshold:.2}\n")));
                        stack.push(Line::Node(*left, d + 1));
                    }
                }
            }
        }
    }
    Ok(out)
}
