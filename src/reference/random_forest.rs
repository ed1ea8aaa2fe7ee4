//! Reference solution of the `random_forest` exercise, and a parallel variant of its
//! `fit` (same seed, same forest, whatever the number of threads).

use std::sync::atomic::{AtomicUsize, Ordering};

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rand::Rng as _;
use rayon::prelude::*;

use crate::prep::Rng;
use crate::reference::bagging::{bootstrap_sample, out_of_bag};
use crate::reference::decision_tree as tree;
use crate::types::bagging::{Ensemble, EnsembleError, tree_rng};
use crate::types::decision_tree::{DecisionTree, NodeKind, TreeError};
use crate::types::labels::class_count;
use crate::types::random_forest::ForestParams;

/// The number of classes (`class_count`), after checking one label per row of `x`.
fn n_classes(x: ArrayView2<f64>, y: ArrayView1<usize>) -> Result<usize, EnsembleError> {
    if x.nrows() != y.len() {
        return Err(TreeError::LengthMismatch {
            rows: x.nrows(),
            targets: y.len(),
        }
        .into());
    }
    Ok(class_count(y)?)
}

/// The index of the first largest value (ties go to the smallest index).
fn first_max(values: ArrayView1<f64>) -> usize {
    let mut best = 0;
    for (k, &value) in values.iter().enumerate() {
        if value > values[best] {
            best = k;
        }
    }
    best
}

pub fn sample_features(n_features: usize, k: usize, rng: &mut Rng) -> Vec<usize> {
    // A partial Fisher-Yates shuffle: position i takes a random one of the features not
    // yet placed, so the first k are k distinct features, each subset equally likely.
    let mut features: Vec<usize> = (0..n_features).collect();
    let k = k.min(n_features);
    for i in 0..k {
        let j = rng.gen_range(i..n_features);
        features.swap(i, j);
    }
    features.truncate(k);
    features
}

/// Tree number `t` of the forest, and its out-of-bag rows.
fn grow_tree(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    n_classes: usize,
    params: &ForestParams,
    t: usize,
) -> Result<(DecisionTree, Vec<usize>), TreeError> {
    let n = x.nrows();
    let mut rng = tree_rng(params.seed, t);
    let rows = if params.bootstrap {
        bootstrap_sample(n, &mut rng)
    } else {
        (0..n).collect()
    };
    // Only the multiset of rows shapes the tree: in ascending order they grow the same
    // tree, reading the data front to back instead of at random. Fewer cache misses
    // matter most when two threads grow trees at once.
    let mut in_order = rows.clone();
    in_order.sort_unstable();
    let k = params.max_features.count(x.ncols());
    let mut choose = |p: usize| sample_features(p, k, &mut rng);
    let tree = tree::grow(x, y, &in_order, n_classes, &params.tree, &mut choose)?;
    Ok((tree, out_of_bag(n, &rows)))
}

fn assemble(
    grown: Vec<(DecisionTree, Vec<usize>)>,
    n_classes: usize,
    n_features: usize,
) -> Ensemble {
    let (trees, out_of_bag) = grown.into_iter().unzip();
    Ensemble {
        trees,
        out_of_bag,
        n_classes,
        n_features,
    }
}

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &ForestParams,
) -> Result<Ensemble, EnsembleError> {
    params.validate()?;
    let n_classes = n_classes(x, y)?;
    let grown = (0..params.n_trees)
        .map(|t| grow_tree(x, y, n_classes, params, t))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(assemble(grown, n_classes, x.ncols()))
}

/// [`fit`] on `threads` threads, adding 1 to `trees_done` as each tree is finished (for
/// a progress bar). Every tree has its own generator, so the forest is the same as
/// [`fit`]'s whatever the number of threads.
pub fn fit_parallel(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &ForestParams,
    threads: usize,
    trees_done: &AtomicUsize,
) -> Result<Ensemble, EnsembleError> {
    params.validate()?;
    let n_classes = n_classes(x, y)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|error| EnsembleError::InvalidParams(format!("cannot start threads: {error}")))?;
    let grown = pool.install(|| {
        (0..params.n_trees)
            .into_par_iter()
            .map(|t| {
                let tree = grow_tree(x, y, n_classes, params, t);
                trees_done.fetch_add(1, Ordering::Relaxed);
                tree
            })
            .collect::<Result<Vec<_>, _>>()
    })?;
    Ok(assemble(grown, n_classes, x.ncols()))
}

pub fn oob_score(
    ensemble: &Ensemble,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
) -> Result<f64, EnsembleError> {
    if ensemble.trees.is_empty() {
        return Err(EnsembleError::NoTrees);
    }
    n_classes(x, y)?;
    let rows = x.nrows();
    // votes[[i, k]]: the summed probability of class k from the trees that never saw row i.
    let mut votes = Array2::<f64>::zeros((rows, ensemble.n_classes));
    let mut voters = vec![0usize; rows];
    for (t, (tree, oob)) in ensemble.trees.iter().zip(&ensemble.out_of_bag).enumerate() {
        if let Some(&row) = oob.iter().find(|&&row| row >= rows) {
            return Err(EnsembleError::NotTrainingData { row, rows });
        }
        let proba = tree::predict_proba(tree, x.select(Axis(0), oob).view())?;
        if proba.ncols() != ensemble.n_classes {
            return Err(EnsembleError::TreeClasses {
                tree: t,
                expected: ensemble.n_classes,
                got: proba.ncols(),
            });
        }
        for (&row, p) in oob.iter().zip(proba.axis_iter(Axis(0))) {
            let mut vote = votes.row_mut(row);
            vote += &p;
            voters[row] += 1;
        }
    }
    let scored: Vec<usize> = (0..rows).filter(|&row| voters[row] > 0).collect();
    if scored.is_empty() {
        return Err(EnsembleError::NoOutOfBag);
    }
    let correct = scored
        .iter()
        .filter(|&&row| first_max(votes.row(row)) == y[row])
        .count();
    Ok(correct as f64 / scored.len() as f64)
}

/// One tree's impurity decrease per feature: for every split node t with children L
/// and R, nₜ·I(t) − n_L·I(L) − n_R·I(R), added to the feature t splits on.
fn tree_importances(tree: &DecisionTree, n_features: usize) -> Array1<f64> {
    let mut decrease = Array1::zeros(n_features);
    for node in &tree.nodes {
        let NodeKind::Split {
            feature,
            left,
            right,
            ..
        } = node.kind
        else {
            continue;
        };
        let (Some(l), Some(r)) = (tree.nodes.get(left), tree.nodes.get(right)) else {
            continue;
        };
        let weighted = |n: usize, impurity: f64| n as f64 * impurity;
        if let Some(slot) = decrease.get_mut(feature) {
            *slot += weighted(node.n_samples, node.impurity)
                - weighted(l.n_samples, l.impurity)
                - weighted(r.n_samples, r.impurity);
        }
    }
    decrease
}

pub fn feature_importances(ensemble: &Ensemble) -> Array1<f64> {
    let mut total = Array1::zeros(ensemble.n_features);
    for tree in &ensemble.trees {
        let decrease = tree_importances(tree, ensemble.n_features);
        let sum = decrease.sum();
        // A tree that never split (a single leaf) has nothing to share out.
        if sum > 0.0 {
            total += &(decrease / sum);
        }
    }
    let sum = total.sum();
    if sum > 0.0 { total / sum } else { total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datasets;

    #[test]
    fn the_forest_does_not_depend_on_the_number_of_threads() {
        let wine = datasets::wine();
        let y = wine.class_labels().unwrap();
        let params = ForestParams::new(8).seed(3);
        let sequential = fit(wine.features.view(), y.view(), &params).unwrap();
        for threads in [1, 2, 3] {
            let done = AtomicUsize::new(0);
            let parallel =
                fit_parallel(wine.features.view(), y.view(), &params, threads, &done).unwrap();
            assert_eq!(parallel, sequential, "{threads} threads");
            assert_eq!(done.load(Ordering::Relaxed), 8);
        }
    }
}
