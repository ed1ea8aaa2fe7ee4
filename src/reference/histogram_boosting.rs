//! Reference solution of the `histogram_boosting` exercise: the exact booster of
//! `boosted_classifier`, with every split found on per-node gradient/Hessian histograms
//! of features binned once, and a sibling's histogram obtained by subtraction.
//!
//! It builds on the course's references `boosted_classifier` (`initial_score`,
//! `newton_leaf`, the model type and its predictions) and `decision_tree`
//! (`check_targets`); its probabilities are `logistic_regression::sigmoid`'s, computed
//! without a branch.
//!
//! Speed: the codes are stored feature by feature (column-major), so a histogram reads
//! one contiguous `u8` column per feature; the gradients and Hessians of a node's rows
//! are gathered once into contiguous buffers before its features are swept; only the
//! smaller child of a split is binned, the larger one is its parent minus it; and the
//! scores move leaf by leaf from the rows each leaf holds (no tree walk in training).

use ndarray::{Array2, ArrayView1, ArrayView2, ShapeBuilder};

use crate::reference::boosted_classifier::{initial_score, newton_leaf};
use crate::reference::decision_tree::check_targets;
use crate::types::boosted_classifier::BoostedClassifier;
use crate::types::decision_tree::{Node, NodeKind, RegressionTree, TreeError};
use crate::types::histogram_boosting::{
    Bin, BinSplit, Binned, HistError, HistParams, Histogram, check_max_bins,
};

/// The midpoint of two neighbouring values, or `low` when it rounds up to `high` (the
/// exact tree's threshold rule).
fn midpoint(low: f64, high: f64) -> f64 {
    let middle = (low + high) / 2.0;
    if middle < high { middle } else { low }
}

/// The bin edges of one feature: midpoints between its distinct values when it has at
/// most `max_bins` of them, else `max_bins − 1` quantile edges of the sorted column.
pub fn bin_edges(column: ArrayView1<f64>, max_bins: usize) -> Vec<f64> {
    let mut sorted = column.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let mut distinct = sorted.clone();
    distinct.dedup();
    if distinct.len() <= max_bins {
        return distinct.windows(2).map(|w| midpoint(w[0], w[1])).collect();
    }
    let last = sorted.len() - 1;
    (1..max_bins)
        .map(|b| {
            let low = b * last / max_bins;
            let high = (b * last).div_ceil(max_bins);
            (sorted[low] + sorted[high]) / 2.0
        })
        .collect()
}

/// The bin of `value` among ascending `edges`: how many edges are below it.
fn bin_of(edges: &[f64], value: f64) -> u8 {
    edges.partition_point(|&edge| edge < value) as u8
}

pub fn bin_data(x: ArrayView2<f64>, max_bins: usize) -> Result<Binned, HistError> {
    check_max_bins(max_bins)?;
    if x.nrows() == 0 {
        return Err(TreeError::Empty.into());
    }
    check_targets(x, x.nrows())?;
    let edges: Vec<Vec<f64>> = x
        .columns()
        .into_iter()
        .map(|column| bin_edges(column, max_bins))
        .collect();
    // Column-major: feature j's codes are one contiguous run of n bytes.
    let mut codes = Array2::<u8>::zeros((x.nrows(), x.ncols()).f());
    for ((mut out, column), edges) in codes.columns_mut().into_iter().zip(x.columns()).zip(&edges) {
        out.iter_mut()
            .zip(column)
            .for_each(|(code, &value)| *code = bin_of(edges, value));
    }
    Ok(Binned { codes, edges })
}

/// One feature's bins, indexed by a `u8` code without bounds checks; the first
/// `n_bins` of them are the feature's.
struct Accumulator([Bin; 256]);

impl Accumulator {
    fn new() -> Self {
        Accumulator([Bin::default(); 256])
    }

    #[inline(always)]
    fn add(&mut self, code: u8, g: f64, h: f64) {
        let bin = &mut self.0[code as usize];
        bin.count += 1;
        bin.sum_gradient += g;
        bin.sum_hessian += h;
    }

    fn bins(&self, n_bins: usize) -> Vec<Bin> {
        self.0[..n_bins.min(256)].to_vec()
    }
}

/// Adds rows to a histogram: `gradients[k]`, `hessians[k]` belong to `rows[k]`.
fn fill(binned: &Binned, rows: &[usize], gradients: &[f64], hessians: &[f64]) -> Histogram {
    let bins = (0..binned.edges.len())
        .map(|feature| {
            let mut acc = Accumulator::new();
            let column = binned.codes.column(feature);
            match column.as_slice() {
                Some(codes) => {
                    for ((&row, &g), &h) in rows.iter().zip(gradients).zip(hessians) {
                        acc.add(codes[row], g, h);
                    }
                }
                None => {
                    for ((&row, &g), &h) in rows.iter().zip(gradients).zip(hessians) {
                        acc.add(column[row], g, h);
                    }
                }
            }
            acc.bins(binned.n_bins(feature))
        })
        .collect();
    Histogram { bins }
}

/// The histogram of every row, each once, in row order (the root's).
fn fill_all(binned: &Binned, gradients: &[f64], hessians: &[f64]) -> Histogram {
    if !binned.codes.t().is_standard_layout() {
        let rows: Vec<usize> = (0..gradients.len()).collect();
        return fill(binned, &rows, gradients, hessians);
    }
    let bins = (0..binned.edges.len())
        .map(|feature| {
            let mut acc = Accumulator::new();
            let codes = binned.codes.column(feature);
            let codes = codes.as_slice().expect("column-major codes");
            for ((&code, &g), &h) in codes.iter().zip(gradients).zip(hessians) {
                acc.add(code, g, h);
            }
            acc.bins(binned.n_bins(feature))
        })
        .collect();
    Histogram { bins }
}

pub fn histogram(
    binned: &Binned,
    rows: &[usize],
    gradients: ArrayView1<f64>,
    hessians: ArrayView1<f64>,
) -> Result<Histogram, HistError> {
    let n_rows = binned.codes.nrows();
    if gradients.len() != n_rows || hessians.len() != n_rows {
        return Err(HistError::GradientCount {
            rows: n_rows,
            gradients: gradients.len(),
            hessians: hessians.len(),
        });
    }
    if let Some(&row) = rows.iter().find(|&&row| row >= n_rows) {
        return Err(TreeError::RowOutOfRange { row, n_rows }.into());
    }
    let g: Vec<f64> = rows.iter().map(|&r| gradients[r]).collect();
    let h: Vec<f64> = rows.iter().map(|&r| hessians[r]).collect();
    Ok(fill(binned, rows, &g, &h))
}

pub fn subtract(parent: &Histogram, child: &Histogram) -> Result<Histogram, HistError> {
    if parent.bins.len() != child.bins.len() {
        return Err(HistError::FeatureMismatch {
            parent: parent.bins.len(),
            child: child.bins.len(),
        });
    }
    for (feature, (p, c)) in parent.bins.iter().zip(&child.bins).enumerate() {
        if p.len() != c.len() {
            return Err(HistError::BinMismatch {
                feature,
                parent: p.len(),
                child: c.len(),
            });
        }
    }
    for (feature, (p, c)) in parent.bins.iter().zip(&child.bins).enumerate() {
        if let Some(bin) = p.iter().zip(c).position(|(p, c)| c.count > p.count) {
            return Err(HistError::NotAChild {
                feature,
                bin,
                parent: p[bin].count,
                child: c[bin].count,
            });
        }
    }
    let bins = parent
        .bins
        .iter()
        .zip(&child.bins)
        .map(|(p, c)| {
            p.iter()
                .zip(c)
                .map(|(p, c)| Bin {
                    count: p.count - c.count,
                    sum_gradient: p.sum_gradient - c.sum_gradient,
                    sum_hessian: p.sum_hessian - c.sum_hessian,
                })
                .collect()
        })
        .collect();
    Ok(Histogram { bins })
}

pub fn best_split(histogram: &Histogram, min_samples_leaf: usize) -> Option<BinSplit> {
    let mut best: Option<BinSplit> = None;
    for (feature, bins) in histogram.bins.iter().enumerate() {
        let n: usize = bins.iter().map(|b| b.count).sum();
        let total: f64 = bins.iter().map(|b| b.sum_gradient).sum();
        let parent = if n > 0 { total * total / n as f64 } else { 0.0 };
        let (mut n_left, mut left) = (0, 0.0);
        for (bin, b) in bins.iter().enumerate().take(bins.len().saturating_sub(1)) {
            n_left += b.count;
            left += b.sum_gradient;
            // An empty bin's split is the one before it (and its sums may hold the
            // rounding dust of a subtraction).
            if b.count == 0 {
                continue;
            }
            let n_right = n - n_left;
            if n_left < min_samples_leaf.max(1) || n_right < min_samples_leaf.max(1) {
                continue;
            }
            let right = total - left;
            let gain = left * left / n_left as f64 + right * right / n_right as f64 - parent;
            if best.is_none_or(|top| gain > top.gain) {
                best = Some(BinSplit {
                    feature,
                    bin,
                    gain,
                    n_left,
                    n_right,
                });
            }
        }
    }
    best
}

/// Grows one tree on the binned rows; moves the raw scores of its training rows.
struct Grower<'a> {
    binned: &'a Binned,
    gradients: &'a [f64],
    hessians: &'a [f64],
    params: &'a HistParams,
    nodes: Vec<Node<f64>>,
    raw: &'a mut [f64],
    /// Gathered gradients and Hessians of one node's rows, reused.
    g: Vec<f64>,
    h: Vec<f64>,
    /// The right side of a partition, reused.
    right: Vec<usize>,
}

impl Grower<'_> {
    fn node_histogram(&mut self, rows: &[usize]) -> Histogram {
        if rows.len() == self.gradients.len() {
            // The root holds every row once: read the columns in order, no gathering.
            return fill_all(self.binned, self.gradients, self.hessians);
        }
        self.g.clear();
        self.h.clear();
        self.g.extend(rows.iter().map(|&r| self.gradients[r]));
        self.h.extend(rows.iter().map(|&r| self.hessians[r]));
        fill(self.binned, rows, &self.g, &self.h)
    }

    /// Whether a node of `rows` at `depth` may split (depth, size, equal gradients).
    fn may_split(&self, rows: &[usize], depth: usize) -> bool {
        let tree = &self.params.classifier.tree;
        let first = self.gradients[rows[0]];
        tree.max_depth.is_none_or(|max| depth < max)
            && rows.len() >= tree.min_samples_split
            && rows.iter().any(|&r| self.gradients[r] != first)
    }

    /// Adds the node of `rows` (its histogram if the parent gave it) and its subtree.
    fn grow(&mut self, rows: &mut [usize], depth: usize, histogram: Option<Histogram>) -> usize {
        let (mut g, mut g2, mut h) = (0.0, 0.0, 0.0);
        for &r in rows.iter() {
            let gr = self.gradients[r];
            g += gr;
            g2 += gr * gr;
            h += self.hessians[r];
        }
        let n = rows.len() as f64;
        let index = self.nodes.len();
        self.nodes.push(Node {
            n_samples: rows.len(),
            impurity: (g2 - g * g / n).max(0.0) / n,
            kind: NodeKind::Leaf(0.0),
        });
        let split = if self.may_split(rows, depth) {
            let histogram = histogram.unwrap_or_else(|| self.node_histogram(rows));
            best_split(&histogram, self.params.classifier.tree.min_samples_leaf)
                .map(|split| (split, histogram))
        } else {
            None
        };
        let Some((split, histogram)) = split else {
            let value = newton_leaf(g, h, self.params.classifier.lambda);
            self.nodes[index].kind = NodeKind::Leaf(value);
            let step = self.params.classifier.learning_rate * value;
            rows.iter().for_each(|&r| self.raw[r] += step);
            return index;
        };
        let column = self.binned.codes.column(split.feature);
        let bin = split.bin as u8;
        let n_left = partition(rows, &mut self.right, |r| column[r] <= bin);
        let (left_rows, right_rows) = rows.split_at_mut(n_left);
        let (left_hist, right_hist) = self.children(&histogram, left_rows, right_rows, depth + 1);
        let left = self.grow(left_rows, depth + 1, left_hist);
        let right = self.grow(right_rows, depth + 1, right_hist);
        self.nodes[index].kind = NodeKind::Split {
            feature: split.feature,
            threshold: self.binned.edges[split.feature][split.bin],
            left,
            right,
        };
        index
    }

    /// The children's histograms, for the children that will look for a split: the
    /// smaller child's from its rows, the larger one's by subtraction from the parent.
    fn children(
        &mut self,
        parent: &Histogram,
        left: &[usize],
        right: &[usize],
        depth: usize,
    ) -> (Option<Histogram>, Option<Histogram>) {
        let (split_left, split_right) = (self.may_split(left, depth), self.may_split(right, depth));
        if !split_left && !split_right {
            return (None, None);
        }
        let left_is_smaller = left.len() <= right.len();
        let (small, large_splits) = if left_is_smaller {
            (left, split_right)
        } else {
            (right, split_left)
        };
        let small_hist = self.node_histogram(small);
        let large_hist = large_splits
            .then(|| subtract(parent, &small_hist).expect("a child's rows are its parent's"));
        if left_is_smaller {
            (split_left.then_some(small_hist), large_hist)
        } else {
            (large_hist, split_right.then_some(small_hist))
        }
    }
}

/// Moves the rows for which `goes_left` holds to the front, keeping both sides in
/// their order (ascending rows read the columns in order); returns how many go left.
fn partition(
    rows: &mut [usize],
    right: &mut Vec<usize>,
    goes_left: impl Fn(usize) -> bool,
) -> usize {
    right.clear();
    let mut n_left = 0;
    for i in 0..rows.len() {
        let row = rows[i];
        if goes_left(row) {
            rows[n_left] = row;
            n_left += 1;
        } else {
            right.push(row);
        }
    }
    rows[n_left..].copy_from_slice(right);
    n_left
}

/// `logistic_regression::sigmoid(z)`, bit for bit, without a branch the processor must
/// guess (the sign of a score is a coin flip): both stable forms are computed from
/// e^(−|z|) and the right one is selected.
#[inline(always)]
fn probability(z: f64) -> f64 {
    let e = (-z.abs()).exp();
    let (positive, negative) = (1.0 / (1.0 + e), e / (1.0 + e));
    if z >= 0.0 { positive } else { negative }
}

pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &HistParams,
) -> Result<BoostedClassifier, HistError> {
    params.validate()?;
    check_targets(x, y.len())?;
    let init = initial_score(y)?;
    let binned = bin_data(x, params.max_bins)?;
    let labels: Vec<f64> = y.iter().map(|&l| l as f64).collect();
    let n = y.len();
    let mut raw = vec![init; n];
    let (mut gradients, mut hessians) = (vec![0.0; n], vec![0.0; n]);
    let mut rows: Vec<usize> = Vec::with_capacity(n);
    let mut trees = Vec::with_capacity(params.classifier.n_stages);
    for _ in 0..params.classifier.n_stages {
        for i in 0..n {
            let p = probability(raw[i]);
            gradients[i] = p - labels[i];
            hessians[i] = p * (1.0 - p);
        }
        rows.clear();
        rows.extend(0..n);
        let mut grower = Grower {
            binned: &binned,
            gradients: &gradients,
            hessians: &hessians,
            params,
            nodes: Vec::new(),
            raw: &mut raw,
            g: Vec::with_capacity(n),
            h: Vec::with_capacity(n),
            right: Vec::with_capacity(n),
        };
        grower.grow(&mut rows, 0, None);
        let tree = RegressionTree {
            nodes: grower.nodes,
            n_features: x.ncols(),
        };
        trees.push(tree);
    }
    Ok(BoostedClassifier {
        init,
        learning_rate: params.classifier.learning_rate,
        trees,
        n_features: x.ncols(),
    })
}
