//! Mistake: feature ties go to the larger index (otherwise tests/mistakes/regression_tree/two_pass.rs).

use mlings::types::best_split::{Split, SplitError};
use mlings::types::decision_tree::{Node, NodeKind, RegressionTree, TreeError, TreeParams};
use ndarray::{Array1, ArrayView1, ArrayView2};

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn variance(values: &[f64]) -> f64 {
    let m = mean(values);
    values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / values.len() as f64
}

fn leaf_value(values: &[f64]) -> f64 {
    mean(values)
}

/// The best split of (x, y) pairs, without any input checks.
fn search(x: &[f64], y: &[f64], min_samples_leaf: usize) -> Option<Split> {
    let n = x.len();
    let leaf = min_samples_leaf.max(1);
    if n < 2 {
        return None;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let centre = mean(y);
    let total1: f64 = y.iter().map(|v| v - centre).sum();
    let total2: f64 = y.iter().map(|v| (v - centre).powi(2)).sum();
    let node_var = variance(y);
    let (mut s1, mut s2) = (0.0, 0.0);
    let mut best: Option<Split> = None;
    for i in 0..n - 1 {
        let d = y[order[i]] - centre;
        s1 += d;
        s2 += d * d;
        let (a, b) = (x[order[i]], x[order[i + 1]]);
        let n_left = i + 1;
        let n_right = n - n_left;
        if a == b || n_left < leaf || n_right < leaf {
            continue;
        }
        let left_sse = (s2 - s1 * s1 / n_left as f64).max(0.0);
        let (r1, r2) = (total1 - s1, total2 - s2);
        let right_sse = (r2 - r1 * r1 / n_right as f64).max(0.0);
        let children = (left_sse + right_sse) / n as f64;
        let decrease = node_var - children;
        if best.is_none_or(|s| decrease > s.impurity_decrease) {
            let mid = (a + b) / 2.0;
            best = Some(Split {
                threshold: if mid < b { mid } else { a },
                impurity_decrease: decrease,
                n_left,
                n_right,
            });
        }
    }
    best
}

pub fn best_split(
    x: ArrayView1<f64>,
    y: ArrayView1<f64>,
    min_samples_leaf: usize,
) -> Result<Option<Split>, SplitError> {
    if x.len() != y.len() {
        return Err(SplitError::LengthMismatch {
            values: x.len(),
            targets: y.len(),
        });
    }
    for (what, values) in [("feature value", x.to_vec()), ("target", y.to_vec())] {
        if let Some(index) = values.iter().position(|v| !v.is_finite()) {
            return Err(SplitError::NonFinite {
                what,
                index,
                value: values[index],
            });
        }
    }
    Ok(search(
        &x.to_vec(),
        &y.to_vec(),
        min_samples_leaf,
    ))
}

fn build(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    rows: Vec<usize>,
    depth: usize,
    params: &TreeParams,
    nodes: &mut Vec<Node<f64>>,
) -> usize {
    let targets: Vec<f64> = rows.iter().map(|&r| y[r]).collect();
    let index = nodes.len();
    nodes.push(Node {
        n_samples: rows.len(),
        impurity: variance(&targets),
        kind: NodeKind::Leaf(leaf_value(&targets)),
    });
    let all_equal = targets.iter().all(|&t| t == targets[0]);
    if params.max_depth == Some(depth) || rows.len() < params.min_samples_split || all_equal {
        return index;
    }
    let mut best: Option<(usize, Split)> = None;
    for feature in 0..x.ncols() {
        let column: Vec<f64> = rows.iter().map(|&r| x[[r, feature]]).collect();
        if let Some(split) = search(&column, &targets, params.min_samples_leaf) {
            if best.is_none_or(|(_, b)| split.impurity_decrease >= b.impurity_decrease) {
                best = Some((feature, split));
            }
        }
    }
    let Some((feature, split)) = best else {
        return index;
    };
    let (left_rows, right_rows): (Vec<usize>, Vec<usize>) = rows
        .iter()
        .partition(|&&r| x[[r, feature]] <= split.threshold);
    let left = build(x, y, left_rows, depth + 1, params, nodes);
    let right = build(x, y, right_rows, depth + 1, params, nodes);
    nodes[index].kind = NodeKind::Split {
        feature,
        threshold: split.threshold,
        left,
        right,
    };
    index
}

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &TreeParams,
) -> Result<RegressionTree, TreeError> {
    params.validate()?;
    if x.nrows() != y.len() {
        return Err(TreeError::LengthMismatch {
            rows: x.nrows(),
            targets: y.len(),
        });
    }
    if y.is_empty() {
        return Err(TreeError::Empty);
    }
    if let Some(((row, feature), &value)) = x.indexed_iter().find(|(_, v)| !v.is_finite()) {
        return Err(TreeError::NonFiniteFeature {
            row,
            feature,
            value,
        });
    }
    if let Some(row) = y.iter().position(|v| !v.is_finite()) {
        return Err(TreeError::NonFiniteTarget { row, value: y[row] });
    }
    let mut nodes = Vec::new();
    build(x, y, (0..y.len()).collect(), 0, params, &mut nodes);
    Ok(RegressionTree {
        nodes,
        n_features: x.ncols(),
    })
}

pub fn predict(tree: &RegressionTree, x: ArrayView2<f64>) -> Result<Array1<f64>, TreeError> {
    if x.ncols() != tree.n_features {
        return Err(TreeError::FeatureCount {
            expected: tree.n_features,
            got: x.ncols(),
        });
    }
    let mut out = Array1::zeros(x.nrows());
    for (i, row) in x.rows().into_iter().enumerate() {
        let mut node = &tree.nodes[0];
        while let NodeKind::Split {
            feature,
            threshold,
            left,
            right,
        } = node.kind
        {
            node = &tree.nodes[if row[feature] <= threshold { left } else { right }];
        }
        if let NodeKind::Leaf(value) = node.kind {
            out[i] = value;
        }
    }
    Ok(out)
}
