//! A compact, deterministic CART classification tree (Gini impurity), the graders'
//! yardstick for scikit-learn's published tree figures.
//!
//! linfa-trees' tree adds up its class counts in `HashMap` order and breaks ties between
//! classes the same way, so two runs on the same rows can give different trees. A grader
//! must not be flaky: this tree ties-breaks by rule (the first feature, then the lowest
//! threshold, wins a tie in impurity; the smallest label wins a tie in votes).

use ndarray::{Array1, ArrayView1, ArrayView2};

use super::{check_features, majority};
use crate::types::model::{Fitted, Model, ModelError, check_training_data, class_labels};

/// A classification tree grown by CART: each node takes the split `x[feature] <=
/// threshold` (thresholds halfway between consecutive distinct values) that most lowers
/// the weighted Gini impurity of its children, until the leaves are pure, cannot be
/// split, or sit at `max_depth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CartTree {
    /// `None` grows the tree until every leaf is pure (or its rows are identical).
    pub max_depth: Option<usize>,
}

impl CartTree {
    /// A tree grown until its leaves are pure.
    pub fn unlimited() -> Self {
        Self { max_depth: None }
    }

    /// A tree at most `depth` splits deep.
    pub fn max_depth(depth: usize) -> Self {
        Self {
            max_depth: Some(depth),
        }
    }
}

enum Node {
    Leaf(f64),
    Split {
        feature: usize,
        threshold: f64,
        left: Box<Node>,
        right: Box<Node>,
    },
}

struct FittedCart {
    root: Node,
    n_features: usize,
}

/// n times the Gini impurity 1 − Σ pₖ² of class counts totalling `n`: n − Σ cₖ² / n.
fn weighted_gini(counts: &[usize], n: usize) -> f64 {
    let squares: usize = counts.iter().map(|&c| c * c).sum();
    n as f64 - squares as f64 / n as f64
}

/// The training data as plain vectors (fast to index in an unoptimized build).
struct Grower {
    /// `columns[feature][row]`.
    columns: Vec<Vec<f64>>,
    labels: Vec<usize>,
    n_classes: usize,
    max_depth: Option<usize>,
}

impl Grower {
    fn counts(&self, rows: &[usize]) -> Vec<usize> {
        let mut counts = vec![0; self.n_classes];
        rows.iter().for_each(|&r| counts[self.labels[r]] += 1);
        counts
    }

    /// The best `(feature, threshold, weighted child impurity)` for a node whose rows,
    /// sorted by each feature in turn, are `sorted[feature]`; `None` if every feature is
    /// constant on these rows.
    fn best_split(&self, sorted: &[Vec<usize>], counts: &[usize]) -> Option<(usize, f64, f64)> {
        let mut best: Option<(usize, f64, f64)> = None;
        for (feature, rows) in sorted.iter().enumerate() {
            let n = rows.len();
            let column = &self.columns[feature];
            let mut left = vec![0; self.n_classes];
            let mut right = counts.to_vec();
            for (i, pair) in rows.windows(2).enumerate() {
                let label = self.labels[pair[0]];
                left[label] += 1;
                right[label] -= 1;
                let (here, next) = (column[pair[0]], column[pair[1]]);
                if here == next {
                    continue;
                }
                let n_left = i + 1;
                let impurity =
                    (weighted_gini(&left, n_left) + weighted_gini(&right, n - n_left)) / n as f64;
                if best.is_none_or(|(_, _, b)| impurity < b) {
                    best = Some((feature, (here + next) / 2.0, impurity));
                }
            }
        }
        best
    }

    /// Grows the subtree of the rows listed, sorted by each feature, in `sorted`.
    fn grow(&self, sorted: Vec<Vec<usize>>, depth: usize) -> Node {
        let counts = self.counts(&sorted[0]);
        let leaf = Node::Leaf(majority(&counts) as f64);
        let pure = counts.iter().filter(|&&c| c > 0).count() <= 1;
        if pure || self.max_depth.is_some_and(|max| depth >= max) {
            return leaf;
        }
        let Some((feature, threshold, _)) = self.best_split(&sorted, &counts) else {
            return leaf;
        };
        let mut goes_left = vec![false; self.labels.len()];
        let column = &self.columns[feature];
        sorted[0]
            .iter()
            .for_each(|&r| goes_left[r] = column[r] <= threshold);
        // Splitting each sorted list keeps both halves sorted: no re-sorting below the root.
        let (left, right): (Vec<Vec<usize>>, Vec<Vec<usize>>) = sorted
            .into_iter()
            .map(|rows| rows.into_iter().partition(|&r| goes_left[r]))
            .unzip();
        Node::Split {
            feature,
            threshold,
            left: Box::new(self.grow(left, depth + 1)),
            right: Box::new(self.grow(right, depth + 1)),
        }
    }
}

impl Node {
    fn predict(&self, row: ArrayView1<f64>) -> f64 {
        match self {
            Node::Leaf(label) => *label,
            Node::Split {
                feature,
                threshold,
                left,
                right,
            } => {
                if row[*feature] <= *threshold {
                    left.predict(row)
                } else {
                    right.predict(row)
                }
            }
        }
    }
}

impl Fitted for FittedCart {
    fn predict(&self, x: ArrayView2<f64>) -> Result<Array1<f64>, ModelError> {
        check_features("CART tree", self.n_features, x)?;
        Ok(x.rows()
            .into_iter()
            .map(|row| self.root.predict(row))
            .collect())
    }
}

impl Model for CartTree {
    fn name(&self) -> String {
        match self.max_depth {
            None => "CART tree".into(),
            Some(depth) => format!("CART tree (max depth {depth})"),
        }
    }

    fn fit(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        check_training_data(x, y)?;
        let labels = class_labels(y)?.to_vec();
        let n_classes = labels.iter().max().map_or(0, |&m| m + 1);
        let columns: Vec<Vec<f64>> = x.columns().into_iter().map(|c| c.to_vec()).collect();
        let grower = Grower {
            columns,
            labels,
            n_classes,
            max_depth: self.max_depth,
        };
        let sorted = grower
            .columns
            .iter()
            .map(|column| {
                let mut rows: Vec<usize> = (0..x.nrows()).collect();
                rows.sort_by(|&a, &b| column[a].total_cmp(&column[b]));
                rows
            })
            .collect();
        let root = grower.grow(sorted, 0);
        Ok(Box::new(FittedCart {
            root,
            n_features: x.ncols(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn splits_halfway_and_stops_when_pure() {
        // Labels 0, 0, 1 at x = 1, 2, 4: the only useful split is x <= 3.
        let x = array![[1.0], [2.0], [4.0]];
        let fitted = CartTree::unlimited()
            .fit(x.view(), array![0.0, 0.0, 1.0].view())
            .unwrap();
        let predicted = fitted.predict(array![[2.9], [3.1]].view()).unwrap();
        assert_eq!(predicted, array![0.0, 1.0]);
    }

    #[test]
    fn depth_zero_is_the_majority_vote() {
        let x = array![[1.0], [2.0], [4.0], [5.0]];
        let fitted = CartTree::max_depth(0)
            .fit(x.view(), array![2.0, 1.0, 2.0, 1.0].view())
            .unwrap();
        assert_eq!(fitted.predict(x.view()).unwrap(), Array1::from_elem(4, 1.0));
    }

    #[test]
    fn identical_rows_with_different_labels_make_a_leaf() {
        let x = array![[1.0], [1.0], [1.0]];
        let fitted = CartTree::unlimited()
            .fit(x.view(), array![1.0, 0.0, 1.0].view())
            .unwrap();
        assert_eq!(fitted.predict(x.view()).unwrap(), Array1::from_elem(3, 1.0));
    }
}
