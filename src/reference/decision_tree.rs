//! Reference solution of the `decision_tree` exercise: a CART classifier.
//!
//! It is also the tree the ensemble exercises are given: [`grow`] fits it on chosen
//! rows (a bootstrap sample) and asks a caller's function which features each split may
//! use (a random forest's per-split feature sample).
//!
//! The tree is an arena (`Vec<Node>`, children by index, root at 0), grown depth
//! first. One copy of the data per tree, feature by feature, and one reused buffer of
//! `(value, target)` pairs keep the split search free of per-node allocations; the rows
//! of a node are a slice of one index array, partitioned in place at every split.
//!
//! When the root searches every feature (a plain tree, bagging), each feature is sorted
//! once per tree, not at every node (scikit-learn's old presorting): for every feature
//! the grower keeps the sample's rows in the order of that feature, and a split
//! partitions each of these lists stably, so a node's rows are the same range of every
//! list, still in order, and the split search only sweeps. A random forest's split
//! searches a few features: sorting those at each node costs less than keeping every
//! feature's list in order, so its trees do that.

use std::cmp::Ordering;
use std::fmt::Write as _;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

use crate::reference::best_split::{ClassCounts, SideSummary, sweep};
use crate::types::best_split::Split;
use crate::types::decision_tree::{DecisionTree, Node, NodeKind, Tree, TreeError, TreeParams};
use crate::types::impurity::Criterion;
use crate::types::labels::class_count;

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &TreeParams,
) -> Result<DecisionTree, TreeError> {
    params.validate()?;
    check_targets(x, y.len())?;
    let n_classes = class_count(y)?;
    let rows: Vec<usize> = (0..x.nrows()).collect();
    grow(x, y, &rows, n_classes, params, &mut all_features)
}

/// Every feature, for a tree that may split on any of them: `all_features(3) == [0, 1, 2]`.
pub fn all_features(n_features: usize) -> Vec<usize> {
    (0..n_features).collect()
}

/// Grows a Gini classification tree on `rows` of `x` (repeats allowed: a bootstrap
/// sample), with labels `y` in `0..n_classes`.
///
/// At every node it may split, the tree calls `choose_features(n_features)` and searches
/// only the features it returns ([`all_features`] for a plain tree). The best split has
/// the largest impurity decrease; ties go to the smaller feature index, then to the
/// smaller threshold, so the order of the chosen features does not matter.
///
/// Errors: invalid `params`; `x` and `y` of different lengths, no rows, a non-finite
/// feature, a label not below `n_classes`, a row index out of range; and from
/// `choose_features`, an empty choice or a feature index out of range.
pub fn grow(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    rows: &[usize],
    n_classes: usize,
    params: &TreeParams,
    choose_features: &mut dyn FnMut(usize) -> Vec<usize>,
) -> Result<DecisionTree, TreeError> {
    params.validate()?;
    check_targets(x, y.len())?;
    if let Some((row, &label)) = y.iter().enumerate().find(|(_, l)| **l >= n_classes) {
        return Err(TreeError::LabelOutOfRange {
            row,
            label,
            n_classes,
        });
    }
    let labels = y.to_vec();
    let summary = ClassCounts::new(n_classes, Criterion::Gini);
    grow_with(x, &labels, rows, summary, params, choose_features)
}

/// Checks one target per row of `x`, at least one row, and finite features.
pub fn check_targets(x: ArrayView2<f64>, n_targets: usize) -> Result<(), TreeError> {
    if x.nrows() != n_targets {
        return Err(TreeError::LengthMismatch {
            rows: x.nrows(),
            targets: n_targets,
        });
    }
    if x.nrows() == 0 {
        return Err(TreeError::Empty);
    }
    match x.indexed_iter().find(|(_, v)| !v.is_finite()) {
        Some(((row, feature), &value)) => Err(TreeError::NonFiniteFeature {
            row,
            feature,
            value,
        }),
        None => Ok(()),
    }
}

/// Grows a tree whose nodes are scored by `S` (class counts or squared error), starting
/// from the empty summary `empty`. `targets` has one entry per row of `x`; the caller
/// has checked the parameters and the data ([`check_targets`]).
pub fn grow_with<S: SideSummary>(
    x: ArrayView2<f64>,
    targets: &[S::Target],
    rows: &[usize],
    empty: S,
    params: &TreeParams,
    choose_features: &mut dyn FnMut(usize) -> Vec<usize>,
) -> Result<Tree<S::Leaf>, TreeError> {
    if rows.is_empty() {
        return Err(TreeError::Empty);
    }
    if let Some(&row) = rows.iter().find(|&&r| r >= x.nrows()) {
        return Err(TreeError::RowOutOfRange {
            row,
            n_rows: x.nrows(),
        });
    }
    let mut grower = Grower {
        columns: x.columns().into_iter().map(|c| c.to_vec()).collect(),
        by_feature: None,
        goes_left: vec![false; x.nrows()],
        targets,
        empty,
        params,
        choose_features,
        nodes: Vec::new(),
        pairs: Vec::with_capacity(rows.len()),
        right: Vec::with_capacity(rows.len()),
    };
    grower.grow(&mut rows.to_vec(), 0, 0)?;
    Ok(Tree {
        nodes: grower.nodes,
        n_features: x.ncols(),
    })
}

/// `rows` sorted by their value in `column` (a stable sort: equal values keep their order).
fn sorted_by(column: &[f64], rows: &[usize]) -> Vec<usize> {
    let mut pairs: Vec<(f64, usize)> = rows.iter().map(|&r| (column[r], r)).collect();
    pairs.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal));
    pairs.into_iter().map(|(_, r)| r).collect()
}

/// Sorts `(value, target)` pairs by value, as `best_split::sort_and_sweep` does.
fn sort_by_value<T>(pairs: &mut [(f64, T)]) {
    pairs.sort_unstable_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal));
}

struct Grower<'a, S: SideSummary> {
    /// The features, one vector per feature: `columns[j][r]` is feature j of row r.
    columns: Vec<Vec<f64>>,
    /// When presorted: for each feature j, the rows of the sample in ascending order of
    /// feature j. The node whose n rows start at position `start` of the rows array
    /// holds positions `start..start + n` of every one of these lists.
    by_feature: Option<Vec<Vec<usize>>>,
    /// Whether each row goes left at the split being made (set for the node's rows).
    goes_left: Vec<bool>,
    targets: &'a [S::Target],
    empty: S,
    params: &'a TreeParams,
    choose_features: &'a mut dyn FnMut(usize) -> Vec<usize>,
    nodes: Vec<Node<S::Leaf>>,
    /// The `(value, target)` pairs of one node and feature, reused across the tree.
    pairs: Vec<(f64, S::Target)>,
    /// The rows that go right, while a list is partitioned, reused across the tree.
    right: Vec<usize>,
}

impl<S: SideSummary> Grower<'_, S> {
    /// Adds the node of `rows`, which start at position `start` of the rows array, at
    /// `depth` (and its subtree); returns its index.
    fn grow(&mut self, rows: &mut [usize], start: usize, depth: usize) -> Result<usize, TreeError> {
        let mut summary = self.empty.clone();
        rows.iter().for_each(|&r| summary.add(self.targets[r]));
        let index = self.nodes.len();
        self.nodes.push(Node {
            n_samples: rows.len(),
            impurity: summary.weighted_impurity() / rows.len() as f64,
            kind: NodeKind::Leaf(summary.leaf()),
        });
        if !self.may_split(rows, depth) {
            return Ok(index);
        }
        let Some((feature, split)) = self.best_split(rows, start, &summary)? else {
            return Ok(index);
        };
        for &r in rows.iter() {
            self.goes_left[r] = self.columns[feature][r] <= split.threshold;
        }
        let n_left = partition(rows, |r| self.goes_left[r]);
        for list in self.by_feature.iter_mut().flatten() {
            let node_rows = &mut list[start..start + rows.len()];
            stable_partition(node_rows, &self.goes_left, &mut self.right);
        }
        let (left_rows, right_rows) = rows.split_at_mut(n_left);
        let left = self.grow(left_rows, start, depth + 1)?;
        let right = self.grow(right_rows, start + n_left, depth + 1)?;
        self.nodes[index].kind = NodeKind::Split {
            feature,
            threshold: split.threshold,
            left,
            right,
        };
        Ok(index)
    }

    /// A node may split unless it is at the depth limit, too small, or pure.
    fn may_split(&self, rows: &[usize], depth: usize) -> bool {
        let first = self.targets[rows[0]];
        self.params.max_depth.is_none_or(|max| depth < max)
            && rows.len() >= self.params.min_samples_split
            && rows.iter().any(|&r| self.targets[r] != first)
    }

    /// The best split of `rows` (at position `start` of the rows array) over the features
    /// `choose_features` picks.
    fn best_split(
        &mut self,
        rows: &[usize],
        start: usize,
        summary: &S,
    ) -> Result<Option<(usize, Split)>, TreeError> {
        let n_features = self.columns.len();
        let features = (self.choose_features)(n_features);
        if features.is_empty() {
            return Err(TreeError::NoFeatureChosen);
        }
        if self.nodes.len() == 1 && features.len() == n_features {
            // The root searches every feature: sort each one once, for the whole tree.
            let lists = self.columns.iter().map(|c| sorted_by(c, rows)).collect();
            self.by_feature = Some(lists);
        }
        let mut best: Option<(usize, Split)> = None;
        for feature in features {
            if feature >= n_features {
                return Err(TreeError::FeatureOutOfRange {
                    feature,
                    n_features,
                });
            }
            let column = &self.columns[feature];
            self.pairs.clear();
            match &self.by_feature {
                Some(lists) => {
                    let sorted = &lists[feature][start..start + rows.len()];
                    self.pairs
                        .extend(sorted.iter().map(|&r| (column[r], self.targets[r])));
                }
                None => {
                    self.pairs
                        .extend(rows.iter().map(|&r| (column[r], self.targets[r])));
                    sort_by_value(&mut self.pairs);
                }
            }
            let Some(split) = sweep(&self.pairs, summary, self.params.min_samples_leaf) else {
                continue;
            };
            let better = best.as_ref().is_none_or(|(best_feature, best_split)| {
                split.impurity_decrease > best_split.impurity_decrease
                    || (split.impurity_decrease == best_split.impurity_decrease
                        && feature < *best_feature)
            });
            if better {
                best = Some((feature, split));
            }
        }
        Ok(best)
    }
}

/// Moves the rows that go left to the front of `list`, keeping the order of both sides
/// (so a list sorted by a feature stays sorted on each side); `right` is scratch space.
fn stable_partition(list: &mut [usize], goes_left: &[bool], right: &mut Vec<usize>) {
    right.clear();
    let mut n_left = 0;
    for i in 0..list.len() {
        let row = list[i];
        if goes_left[row] {
            list[n_left] = row;
            n_left += 1;
        } else {
            right.push(row);
        }
    }
    list[n_left..].copy_from_slice(right);
}

/// Moves the rows for which `goes_left` holds to the front; returns how many there are.
fn partition(rows: &mut [usize], goes_left: impl Fn(usize) -> bool) -> usize {
    let mut n_left = 0;
    for i in 0..rows.len() {
        if goes_left(rows[i]) {
            rows.swap(i, n_left);
            n_left += 1;
        }
    }
    n_left
}

/// The leaf `sample` lands in: from the root, go left when
/// `sample[feature] <= threshold`, right otherwise.
pub fn leaf_of<'t, V>(tree: &'t Tree<V>, sample: ArrayView1<f64>) -> Result<&'t V, TreeError> {
    let index = leaf_index(tree, sample)?;
    match &tree.nodes[index].kind {
        NodeKind::Leaf(value) => Ok(value),
        NodeKind::Split { .. } => unreachable!("leaf_index returns a leaf"),
    }
}

/// The index in `tree.nodes` of the leaf `sample` lands in (see [`leaf_of`]): what a
/// boosting stage needs to give each leaf a new value from the rows that reach it.
pub fn leaf_index<V>(tree: &Tree<V>, sample: ArrayView1<f64>) -> Result<usize, TreeError> {
    let mut index = 0;
    // A well-formed path visits each node at most once.
    for _ in 0..tree.nodes.len() {
        let node = node_at(tree, index)?;
        match &node.kind {
            NodeKind::Leaf(_) => return Ok(index),
            NodeKind::Split {
                feature,
                threshold,
                left,
                right,
            } => {
                let value = sample.get(*feature).ok_or(TreeError::FeatureCount {
                    expected: feature + 1,
                    got: sample.len(),
                })?;
                index = if value <= threshold { *left } else { *right };
            }
        }
    }
    Err(TreeError::Malformed {
        node: index,
        why: "is on a cycle: following the children never reaches a leaf",
    })
}

fn node_at<V>(tree: &Tree<V>, index: usize) -> Result<&Node<V>, TreeError> {
    tree.nodes.get(index).ok_or(TreeError::Malformed {
        node: index,
        why: "is a child of a split but does not exist",
    })
}

/// Checks that `x` has the tree's number of features.
pub fn check_features<V>(tree: &Tree<V>, x: ArrayView2<f64>) -> Result<(), TreeError> {
    if x.ncols() != tree.n_features {
        return Err(TreeError::FeatureCount {
            expected: tree.n_features,
            got: x.ncols(),
        });
    }
    Ok(())
}

/// The index of the largest value; ties go to the smallest index (0 when empty).
pub fn first_max_index<T: PartialOrd + Copy>(values: impl IntoIterator<Item = T>) -> usize {
    let mut best: Option<(usize, T)> = None;
    for (k, value) in values.into_iter().enumerate() {
        if best.is_none_or(|(_, top)| value > top) {
            best = Some((k, value));
        }
    }
    best.map_or(0, |(k, _)| k)
}

pub fn predict(tree: &DecisionTree, x: ArrayView2<f64>) -> Result<Array1<usize>, TreeError> {
    check_features(tree, x)?;
    x.axis_iter(Axis(0))
        .map(|sample| leaf_of(tree, sample).map(|counts| first_max_index(counts.iter())))
        .collect()
}

pub fn predict_proba(tree: &DecisionTree, x: ArrayView2<f64>) -> Result<Array2<f64>, TreeError> {
    check_features(tree, x)?;
    let mut proba = Array2::zeros((x.nrows(), n_classes(tree)));
    for (sample, mut row) in x.axis_iter(Axis(0)).zip(proba.axis_iter_mut(Axis(0))) {
        let counts = leaf_of(tree, sample)?;
        let total: usize = counts.iter().sum();
        for (p, &c) in row.iter_mut().zip(counts) {
            *p = c as f64 / total.max(1) as f64;
        }
    }
    Ok(proba)
}

/// The number of classes: the length of the leaves' class counts.
fn n_classes(tree: &DecisionTree) -> usize {
    tree.nodes
        .iter()
        .find_map(|node| match &node.kind {
            NodeKind::Leaf(counts) => Some(counts.len()),
            NodeKind::Split { .. } => None,
        })
        .unwrap_or(0)
}

/// Every node reachable from the root with its depth, parents before children.
pub fn nodes_with_depth<V>(tree: &Tree<V>) -> Vec<(&Node<V>, usize)> {
    let mut visited = Vec::with_capacity(tree.nodes.len());
    let mut stack = vec![(0, 0)];
    // A well-formed tree has each node once; the cap stops a malformed one.
    while let Some((index, depth)) = stack.pop().filter(|_| visited.len() < tree.nodes.len()) {
        let Some(node) = tree.nodes.get(index) else {
            continue;
        };
        if let NodeKind::Split { left, right, .. } = node.kind {
            stack.extend([(right, depth + 1), (left, depth + 1)]);
        }
        visited.push((node, depth));
    }
    visited
}

pub fn depth(tree: &DecisionTree) -> usize {
    nodes_with_depth(tree)
        .iter()
        .map(|(_, d)| *d)
        .max()
        .unwrap_or(0)
}

pub fn n_leaves(tree: &DecisionTree) -> usize {
    nodes_with_depth(tree)
        .iter()
        .filter(|(node, _)| matches!(node.kind, NodeKind::Leaf(_)))
        .count()
}

pub fn export_text(tree: &DecisionTree, feature_names: &[&str]) -> Result<String, TreeError> {
    if feature_names.len() != tree.n_features {
        return Err(TreeError::FeatureNames {
            expected: tree.n_features,
            got: feature_names.len(),
        });
    }
    let mut text = String::new();
    write_rules(tree, 0, 0, feature_names, &mut text)?;
    Ok(text)
}

/// Writes the rules of the subtree at `index`, indented `depth` levels.
fn write_rules(
    tree: &DecisionTree,
    index: usize,
    depth: usize,
    names: &[&str],
    text: &mut String,
) -> Result<(), TreeError> {
    if depth > tree.nodes.len() {
        return Err(TreeError::Malformed {
            node: index,
            why: "is on a cycle: following the children never reaches a leaf",
        });
    }
    let indent = "|   ".repeat(depth);
    match &node_at(tree, index)?.kind {
        NodeKind::Leaf(counts) => {
            let _ = writeln!(
                text,
                "{indent}|--- class: {}",
                first_max_index(counts.iter())
            );
        }
        NodeKind::Split {
            feature,
            threshold,
            left,
            right,
        } => {
            let name = names.get(*feature).ok_or(TreeError::FeatureNames {
                expected: feature + 1,
                got: names.len(),
            })?;
            let _ = writeln!(text, "{indent}|--- {name} <= {threshold:.2}");
            write_rules(tree, *left, depth + 1, names, text)?;
            let _ = writeln!(text, "{indent}|--- {name} >  {threshold:.2}");
            write_rules(tree, *right, depth + 1, names, text)?;
        }
    }
    Ok(())
}
