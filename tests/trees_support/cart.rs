//! An independent CART, written in the grader from the exercises' doc comments, to
//! compare a learner's whole tree with, node by node.
//!
//! It is deliberately plain (recounted sides, fractions, two-pass variances, a boxed
//! recursive tree) so that it shares no code and no rounding path with the reference.
//! Every node keeps what a diagnosis needs: its depth, whether it is pure, and every
//! candidate split (each feature, each threshold between two distinct values, whatever
//! `min_samples_leaf` says) with its decrease.
#![allow(dead_code)]

use mlings::types::decision_tree::{NodeKind, Tree, TreeParams};
use ndarray::ArrayView2;

/// Two decreases this close, relative to their size, are a tie (rounding differs between
/// correct codes: sums of squares, centred sums, fractions).
pub const TIE: f64 = 1e-10;

/// Whether two decreases tie (see [`TIE`]).
pub fn ties(a: f64, b: f64) -> bool {
    (a - b).abs() <= TIE * (1.0 + a.abs().max(b.abs()))
}

/// The targets of the training rows.
#[derive(Clone, Copy)]
pub enum Targets<'a> {
    /// Class labels in `0..n_classes`, scored by Gini (or by entropy, for `best_split`).
    Classes {
        y: &'a [usize],
        n_classes: usize,
        entropy: bool,
    },
    /// Real targets, scored by their population variance.
    Real(&'a [f64]),
}

/// What a leaf holds: class counts or a mean.
#[derive(Debug, Clone, PartialEq)]
pub enum LeafValue {
    Counts(Vec<usize>),
    Mean(f64),
}

/// One allowed-or-not threshold of one feature at one node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub feature: usize,
    pub threshold: f64,
    pub decrease: f64,
    pub n_left: usize,
    pub n_right: usize,
}

/// A node of the expected tree.
#[derive(Debug, Clone)]
pub struct Expected {
    pub depth: usize,
    pub n_samples: usize,
    pub impurity: f64,
    pub leaf: LeafValue,
    /// The median of the targets (real targets only), to recognise a median leaf.
    pub median: Option<f64>,
    /// One class only, or all targets equal.
    pub pure: bool,
    /// Every threshold between two distinct values of every feature, in feature then
    /// threshold order, whatever `min_samples_leaf` says.
    pub candidates: Vec<Candidate>,
    /// The split taken, with the left and right subtrees.
    pub split: Option<(Candidate, Box<Expected>, Box<Expected>)>,
}

pub fn gini(counts: &[usize]) -> f64 {
    let n: usize = counts.iter().sum();
    let mut agree = 0.0;
    for &c in counts {
        let p = c as f64 / n as f64;
        agree += p * p;
    }
    1.0 - agree
}

pub fn entropy(counts: &[usize]) -> f64 {
    let n: usize = counts.iter().sum();
    let mut h = 0.0;
    for &c in counts.iter().filter(|&&c| c > 0) {
        let p = c as f64 / n as f64;
        h -= p * p.log2();
    }
    h
}

pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// Population variance, two passes (divides by n).
pub fn variance(values: &[f64]) -> f64 {
    let m = mean(values);
    values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / values.len() as f64
}

impl Targets<'_> {
    fn impurity(&self, rows: &[usize]) -> f64 {
        match *self {
            Targets::Classes {
                y,
                n_classes,
                entropy: e,
            } => {
                let counts = counts_of(y, n_classes, rows);
                if e { entropy(&counts) } else { gini(&counts) }
            }
            Targets::Real(y) => variance(&rows.iter().map(|&r| y[r]).collect::<Vec<_>>()),
        }
    }

    fn leaf(&self, rows: &[usize]) -> LeafValue {
        match *self {
            Targets::Classes { y, n_classes, .. } => {
                LeafValue::Counts(counts_of(y, n_classes, rows))
            }
            Targets::Real(y) => {
                LeafValue::Mean(mean(&rows.iter().map(|&r| y[r]).collect::<Vec<_>>()))
            }
        }
    }

    fn median(&self, rows: &[usize]) -> Option<f64> {
        let Targets::Real(y) = *self else {
            return None;
        };
        let mut v: Vec<f64> = rows.iter().map(|&r| y[r]).collect();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        Some(if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        })
    }

    fn pure(&self, rows: &[usize]) -> bool {
        match *self {
            Targets::Classes { y, .. } => rows.iter().all(|&r| y[r] == y[rows[0]]),
            Targets::Real(y) => rows.iter().all(|&r| y[r] == y[rows[0]]),
        }
    }
}

fn counts_of(y: &[usize], n_classes: usize, rows: &[usize]) -> Vec<usize> {
    let mut counts = vec![0; n_classes];
    for &r in rows {
        counts[y[r]] += 1;
    }
    counts
}

/// Every threshold of one feature (values `column[r]` of `rows`) between two distinct
/// values, smallest first. Sides are kept as running class counts (Gini from fractions)
/// or running sums of the targets centred on the node's mean.
pub fn candidates_of(
    column: &[f64],
    targets: Targets,
    rows: &[usize],
    feature: usize,
) -> Vec<Candidate> {
    let mut sorted = rows.to_vec();
    sorted.sort_by(|&a, &b| column[a].total_cmp(&column[b]));
    let node = targets.impurity(rows);
    let n = rows.len();
    let mut side = Side::new(targets, rows);
    let mut out = Vec::new();
    for i in 1..n {
        side.move_left(sorted[i - 1]);
        let (a, b) = (column[sorted[i - 1]], column[sorted[i]]);
        if a == b {
            continue;
        }
        let middle = a + (b - a) / 2.0;
        out.push(Candidate {
            feature,
            threshold: if middle < b { middle } else { a },
            decrease: node - side.children(),
            n_left: i,
            n_right: n - i,
        });
    }
    out
}

/// The running left and right sides of a sweep.
struct Side<'a> {
    targets: Targets<'a>,
    n_left: usize,
    n_right: usize,
    left_counts: Vec<usize>,
    right_counts: Vec<usize>,
    centre: f64,
    /// Σ (y − centre) and Σ (y − centre)² on each side.
    left_sums: (f64, f64),
    right_sums: (f64, f64),
}

impl<'a> Side<'a> {
    fn new(targets: Targets<'a>, rows: &[usize]) -> Self {
        let mut side = Side {
            targets,
            n_left: 0,
            n_right: rows.len(),
            left_counts: Vec::new(),
            right_counts: Vec::new(),
            centre: 0.0,
            left_sums: (0.0, 0.0),
            right_sums: (0.0, 0.0),
        };
        match targets {
            Targets::Classes { y, n_classes, .. } => {
                side.left_counts = vec![0; n_classes];
                side.right_counts = counts_of(y, n_classes, rows);
            }
            Targets::Real(y) => {
                side.centre = mean(&rows.iter().map(|&r| y[r]).collect::<Vec<_>>());
                for &r in rows {
                    let d = y[r] - side.centre;
                    side.right_sums.0 += d;
                    side.right_sums.1 += d * d;
                }
            }
        }
        side
    }

    fn move_left(&mut self, row: usize) {
        self.n_left += 1;
        self.n_right -= 1;
        match self.targets {
            Targets::Classes { y, .. } => {
                self.left_counts[y[row]] += 1;
                self.right_counts[y[row]] -= 1;
            }
            Targets::Real(y) => {
                let d = y[row] - self.centre;
                self.left_sums.0 += d;
                self.left_sums.1 += d * d;
                self.right_sums.0 -= d;
                self.right_sums.1 -= d * d;
            }
        }
    }

    /// (n_left / n)·I(left) + (n_right / n)·I(right).
    fn children(&self) -> f64 {
        let (nl, nr) = (self.n_left as f64, self.n_right as f64);
        let n = nl + nr;
        match self.targets {
            Targets::Classes { entropy: e, .. } => {
                let score = if e { entropy } else { gini };
                nl / n * score(&self.left_counts) + nr / n * score(&self.right_counts)
            }
            Targets::Real(_) => {
                let sse = |(s, s2): (f64, f64), m: f64| (s2 - s * s / m).max(0.0);
                (sse(self.left_sums, nl) + sse(self.right_sums, nr)) / n
            }
        }
    }
}

/// The winner among `candidates` (in feature, then threshold order) that leave at least
/// `min_leaf` samples on each side: the largest decrease, ties (within [`TIE`]) to the
/// first.
pub fn best_of(candidates: &[Candidate], min_leaf: usize) -> Option<Candidate> {
    let mut best: Option<Candidate> = None;
    for c in candidates
        .iter()
        .filter(|c| c.n_left >= min_leaf && c.n_right >= min_leaf)
    {
        if best.is_none_or(|b| c.decrease > b.decrease && !ties(c.decrease, b.decrease)) {
            best = Some(*c);
        }
    }
    best
}

/// The tree the doc describes on `x` (rows = samples) and `targets`.
pub fn grow(x: ArrayView2<f64>, targets: Targets, params: &TreeParams) -> Expected {
    let columns: Vec<Vec<f64>> = x.columns().into_iter().map(|c| c.to_vec()).collect();
    let rows: Vec<usize> = (0..x.nrows()).collect();
    build(&columns, targets, &rows, 0, params)
}

fn build(
    columns: &[Vec<f64>],
    targets: Targets,
    rows: &[usize],
    depth: usize,
    params: &TreeParams,
) -> Expected {
    let pure = targets.pure(rows);
    let candidates: Vec<Candidate> = columns
        .iter()
        .enumerate()
        .flat_map(|(j, column)| candidates_of(column, targets, rows, j))
        .collect();
    let mut node = Expected {
        depth,
        n_samples: rows.len(),
        impurity: targets.impurity(rows),
        leaf: targets.leaf(rows),
        median: targets.median(rows),
        pure,
        candidates,
        split: None,
    };
    let may_split = params.max_depth.is_none_or(|m| depth < m)
        && rows.len() >= params.min_samples_split
        && !pure;
    if may_split && let Some(c) = best_of(&node.candidates, params.min_samples_leaf.max(1)) {
        let (left, right): (Vec<usize>, Vec<usize>) = rows
            .iter()
            .partition(|&&r| columns[c.feature][r] <= c.threshold);
        let l = build(columns, targets, &left, depth + 1, params);
        let r = build(columns, targets, &right, depth + 1, params);
        node.split = Some((c, Box::new(l), Box::new(r)));
    }
    node
}

impl Expected {
    pub fn depth_of_tree(&self) -> usize {
        match &self.split {
            None => 0,
            Some((_, l, r)) => 1 + l.depth_of_tree().max(r.depth_of_tree()),
        }
    }

    pub fn leaves(&self) -> usize {
        match &self.split {
            None => 1,
            Some((_, l, r)) => l.leaves() + r.leaves(),
        }
    }

    pub fn nodes(&self) -> usize {
        match &self.split {
            None => 1,
            Some((_, l, r)) => 1 + l.nodes() + r.nodes(),
        }
    }
}

/// How a learner's leaf reads as a [`LeafValue`].
pub trait AsLeaf {
    fn as_leaf(&self) -> LeafValue;
}

impl AsLeaf for Vec<usize> {
    fn as_leaf(&self) -> LeafValue {
        LeafValue::Counts(self.clone())
    }
}

impl AsLeaf for f64 {
    fn as_leaf(&self) -> LeafValue {
        LeafValue::Mean(*self)
    }
}

/// The settings a comparison reports against (to name the one a difference points at).
pub struct Setting<'a> {
    pub what: &'a str,
    pub params: TreeParams,
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

fn show_leaf(leaf: &LeafValue) -> String {
    match leaf {
        LeafValue::Counts(c) if c.len() <= 12 => format!("counts {c:?}"),
        LeafValue::Counts(c) => format!("counts of {} classes", c.len()),
        LeafValue::Mean(m) => format!("mean {m}"),
    }
}

/// Compares the learner's `tree` with `expected`, node by node from the root, following
/// the children (the arena's order does not matter). `Err` says where the first
/// difference is (a path such as "root → left → right"), expected vs got, and the likely
/// mistake when the evidence fits one.
pub fn compare<L: AsLeaf>(
    tree: &Tree<L>,
    expected: &Expected,
    setting: &Setting,
) -> Result<(), String> {
    let mut stack = vec![(0usize, expected, "root".to_string())];
    let mut visited = 0;
    while let Some((index, want, path)) = stack.pop() {
        visited += 1;
        if visited > tree.nodes.len() + 1 {
            return Err(format!(
                "{}: following the children of your tree never ends (a cycle?)",
                setting.what
            ));
        }
        let Some(node) = tree.nodes.get(index) else {
            return Err(format!(
                "{}: the node at {path} should be nodes[{index}], but your tree has {} nodes",
                setting.what,
                tree.nodes.len()
            ));
        };
        let at = format!("{}, node at {path} (depth {})", setting.what, want.depth);
        if node.n_samples != want.n_samples {
            return Err(format!(
                "{at}: n_samples expected {}, got {}\n    \
                 (n_samples is how many training samples reach the node)",
                want.n_samples, node.n_samples
            ));
        }
        match (&node.kind, &want.split) {
            (NodeKind::Leaf(leaf), None) => {
                check_leaf(&at, &leaf.as_leaf(), want)?;
                check_impurity(&at, node.impurity, want)?;
            }
            (NodeKind::Leaf(_), Some((c, _, _))) => {
                return Err(format!(
                    "{at}: expected a split on feature {} at {} ({} | {} samples, decrease {:.6}), \
                     got a leaf{}",
                    c.feature,
                    c.threshold,
                    c.n_left,
                    c.n_right,
                    c.decrease,
                    why_it_splits(want, c, &setting.params)
                ));
            }
            (
                NodeKind::Split {
                    feature, threshold, ..
                },
                None,
            ) => {
                return Err(format!(
                    "{at}: expected a leaf ({}, {} samples), got a split on feature {feature} at \
                     {threshold}{}",
                    show_leaf(&want.leaf),
                    want.n_samples,
                    why_it_is_a_leaf(want, *feature, *threshold, &setting.params)
                ));
            }
            (
                NodeKind::Split {
                    feature,
                    threshold,
                    left,
                    right,
                },
                Some((c, l, r)),
            ) => {
                check_impurity(&at, node.impurity, want)?;
                if *feature != c.feature || !close(*threshold, c.threshold) {
                    return Err(format!(
                        "{at}: expected the split on feature {} at {} (decrease {:.6}), got \
                         feature {feature} at {threshold}{}",
                        c.feature,
                        c.threshold,
                        c.decrease,
                        why_this_split(want, c, *feature, *threshold, &setting.params)
                    ));
                }
                stack.push((*right, r, format!("{path} → right")));
                stack.push((*left, l, format!("{path} → left")));
            }
        }
    }
    Ok(())
}

fn check_leaf(at: &str, got: &LeafValue, want: &Expected) -> Result<(), String> {
    let same = match (got, &want.leaf) {
        (LeafValue::Counts(g), LeafValue::Counts(w)) => g == w,
        (LeafValue::Mean(g), LeafValue::Mean(w)) => close(*g, *w),
        _ => false,
    };
    if same {
        return Ok(());
    }
    let mut report = format!(
        "{at}: the leaf should hold {}, got {}",
        show_leaf(&want.leaf),
        show_leaf(got)
    );
    match (got, &want.leaf) {
        (LeafValue::Counts(g), LeafValue::Counts(w)) if g.len() != w.len() => {
            report.push_str(&format!(
                "\n    likely mistake: every leaf holds one count per class, n_classes = the \
                 largest label + 1 = {} entries (a class absent from the data still has its \
                 entry)",
                w.len()
            ));
        }
        (LeafValue::Mean(g), LeafValue::Mean(w)) if close(*g, *w * want.n_samples as f64) => {
            report.push_str(
                "\n    likely mistake: the leaf keeps the sum of its targets, not their mean",
            );
        }
        (LeafValue::Mean(g), _) if want.median.is_some_and(|m| close(*g, m)) => {
            report.push_str(
                "\n    likely mistake: that is the median of its targets: a leaf keeps their mean",
            );
        }
        _ => {}
    }
    Err(report)
}

fn check_impurity(at: &str, got: f64, want: &Expected) -> Result<(), String> {
    if close(got, want.impurity) {
        return Ok(());
    }
    let n = want.n_samples as f64;
    let what = match want.leaf {
        LeafValue::Counts(_) => "Gini impurity",
        LeafValue::Mean(_) => "variance of the targets",
    };
    let mut report = format!(
        "{at}: impurity expected {} (the {what}), got {got}",
        want.impurity
    );
    if want.impurity > 0.0 && close(got, want.impurity.sqrt()) {
        report.push_str("\n    likely mistake: that is the standard deviation: the impurity is the variance (no square root)");
    } else if want.impurity != 0.0 && close(got, want.impurity * n) {
        report.push_str("\n    likely mistake: you stored n_samples × the impurity (times n_samples): divide by n_samples");
    } else if n > 1.0 && want.impurity != 0.0 && close(got, want.impurity * n / (n - 1.0)) {
        report.push_str("\n    likely mistake: you divided by n - 1 (the sample variance): the node's variance divides by n");
    } else if let LeafValue::Counts(counts) = &want.leaf
        && close(got, entropy(counts))
        && want.impurity != entropy(counts)
    {
        report.push_str("\n    likely mistake: that is the entropy: a classification tree's nodes record their Gini impurity");
    }
    Err(report)
}

/// Why the node should split although the learner made it a leaf, as far as the evidence
/// tells.
fn why_it_splits(want: &Expected, c: &Candidate, params: &TreeParams) -> String {
    let leaf = params.min_samples_leaf.max(1);
    // The strongest evidence first: when one explains the leaf alone, it is the one named.
    if ties(c.decrease, 0.0) {
        return "\n    likely mistake: the best split's decrease is 0, and a decrease of 0 still \
                splits (it can set up a useful split below it, as in XOR)"
            .into();
    }
    let last = want.candidates.iter().map(|k| k.feature).max().unwrap_or(0);
    let others: Vec<Candidate> = want
        .candidates
        .iter()
        .filter(|k| k.feature != last)
        .copied()
        .collect();
    let mut why = Vec::new();
    if last > 0 && c.feature == last && best_of(&others, leaf).is_none() {
        why.push(format!(
            "only feature {last} (the last feature) can split this node: does your split search \
             skip the last feature (0..n_features - 1)?"
        ));
    }
    if params.max_depth == Some(want.depth + 1) {
        why.push(format!(
            "this node is at depth {} < max_depth {}: only a node AT max_depth is a leaf",
            want.depth,
            want.depth + 1
        ));
    }
    if want.n_samples == params.min_samples_split {
        why.push(format!(
            "this node has exactly min_samples_split = {} samples, and a node splits when it \
             has at least min_samples_split (only fewer makes a leaf)",
            params.min_samples_split
        ));
    }
    if best_of(&want.candidates, leaf + 1).is_none() {
        why.push(format!(
            "every allowed split leaves exactly min_samples_leaf = {} samples on one side, which \
             is allowed (each side keeps at least min_samples_leaf)",
            params.min_samples_leaf
        ));
    }
    if why.is_empty() {
        String::new()
    } else {
        format!("\n    likely mistake: {}", why.join("; or "))
    }
}

/// Why the node should be a leaf although the learner split it.
fn why_it_is_a_leaf(
    want: &Expected,
    feature: usize,
    threshold: f64,
    params: &TreeParams,
) -> String {
    let mut why = Vec::new();
    if params.max_depth == Some(want.depth) {
        why.push(format!(
            "this node is at depth {} = max_depth: it must be a leaf (your tree goes one level \
             too deep)",
            want.depth
        ));
    }
    if want.n_samples < params.min_samples_split {
        why.push(format!(
            "this node has {} samples, fewer than min_samples_split = {}: it must be a leaf",
            want.n_samples, params.min_samples_split
        ));
    }
    if want.pure {
        why.push(match want.leaf {
            LeafValue::Counts(_) => {
                "this node is pure (one class): a pure node is a leaf".to_string()
            }
            LeafValue::Mean(_) => {
                "the targets of this node are all equal: such a node is a leaf".to_string()
            }
        });
    }
    let taken = want
        .candidates
        .iter()
        .find(|c| c.feature == feature && close(c.threshold, threshold));
    if let Some(c) = taken
        && c.n_left.min(c.n_right) < params.min_samples_leaf
    {
        why.push(format!(
            "your split leaves {} | {} samples, but each side must keep at least \
             min_samples_leaf = {}",
            c.n_left, c.n_right, params.min_samples_leaf
        ));
    }
    if why.is_empty() {
        String::new()
    } else {
        format!("\n    likely mistake: {}", why.join("; or "))
    }
}

/// Why the expected split, not the learner's, at a node both split.
fn why_this_split(
    want: &Expected,
    c: &Candidate,
    feature: usize,
    threshold: f64,
    params: &TreeParams,
) -> String {
    let theirs = want
        .candidates
        .iter()
        .find(|k| k.feature == feature && close(k.threshold, threshold));
    let Some(theirs) = theirs else {
        return format!(
            "\n    likely mistake: your threshold {threshold} is not a midpoint between two \
             neighbouring distinct values of feature {feature} at this node: put it at (a + b) / 2"
        );
    };
    let leaf = params.min_samples_leaf.max(1);
    let last = want.candidates.iter().map(|k| k.feature).max().unwrap_or(0);
    let without_last: Vec<Candidate> = want
        .candidates
        .iter()
        .filter(|k| k.feature != last)
        .copied()
        .collect();
    let mut why = Vec::new();
    if theirs.n_left.min(theirs.n_right) < leaf {
        why.push(format!(
            "your split leaves {} | {} samples, but each side must keep at least \
             min_samples_leaf = {}",
            theirs.n_left, theirs.n_right, params.min_samples_leaf
        ));
    } else if c.feature == last
        && best_of(&without_last, leaf)
            .is_some_and(|b| b.feature == feature && close(b.threshold, threshold))
    {
        why.push(format!(
            "feature {last} (the last feature) is the best, and yours is the best of the others: \
             does your split search skip the last feature (0..n_features - 1)?"
        ));
    } else if ties(theirs.decrease, c.decrease) {
        if theirs.feature > c.feature {
            why.push(format!(
                "features {} and {feature} tie (decrease {:.6}): ties go to the smallest \
                 feature index",
                c.feature, c.decrease
            ));
        } else if theirs.feature == c.feature && theirs.threshold > c.threshold {
            why.push(format!(
                "thresholds {} and {threshold} tie (decrease {:.6}): ties go to the smallest \
                 threshold",
                c.threshold, c.decrease
            ));
        }
    } else if c.n_left.min(c.n_right) == leaf {
        why.push(format!(
            "the best split leaves exactly min_samples_leaf = {} samples on one side, which is \
             allowed",
            params.min_samples_leaf
        ));
    } else {
        return format!(
            "\n    your split lowers the impurity by {:.6}, the expected one by {:.6}",
            theirs.decrease, c.decrease
        );
    }
    if why.is_empty() {
        return String::new();
    }
    format!("\n    likely mistake: {}", why.join("; or "))
}

/// The decrease a likely mistake would report for a split into `left` | `right` rows,
/// with what it reveals.
pub type Mistaken<'a> = &'a dyn Fn(&[usize], &[usize]) -> Vec<(f64, String)>;

/// Judges a learner's `best_split` of one feature `x` against an independent search:
/// `Err` says what differs (threshold, decrease, sides, or None vs Some) and the likely
/// mistake when the evidence fits one.
pub fn judge_split(
    what: &str,
    x: &[f64],
    targets: Targets,
    min_samples_leaf: usize,
    got: Option<mlings::types::best_split::Split>,
    mistaken: Mistaken,
) -> Result<(), String> {
    let rows: Vec<usize> = (0..x.len()).collect();
    let all = candidates_of(x, targets, &rows, 0);
    let leaf = min_samples_leaf.max(1);
    let expected = best_of(&all, leaf);
    let mut sorted = x.to_vec();
    sorted.sort_by(f64::total_cmp);
    let show = |s: &Candidate| {
        format!(
            "threshold {}, decrease {:.6}, {} | {} samples",
            s.threshold, s.decrease, s.n_left, s.n_right
        )
    };
    let splits_equal_values =
        |n_left: usize| n_left > 0 && n_left < sorted.len() && sorted[n_left - 1] == sorted[n_left];
    match (expected, got) {
        (None, None) => Ok(()),
        (_, Some(g))
            if (g.n_right == 0 && sorted.last().is_some_and(|&m| g.threshold >= m))
                || (g.n_left == 0 && sorted.first().is_some_and(|&m| g.threshold < m)) =>
        {
            Err(format!(
                "{what}: your split sends {} | {} samples: a side without samples is not a split\n    \
             likely mistake: each side keeps at least one sample, so min_samples_leaf 0 acts like 1",
                g.n_left, g.n_right
            ))
        }
        (None, Some(g)) => {
            let mut report = format!(
                "{what}: expected None (no threshold is allowed), got Some(threshold {}, {} | {})",
                g.threshold, g.n_left, g.n_right
            );
            if all.is_empty() || splits_equal_values(g.n_left) {
                report.push_str(
                    "\n    likely mistake: a threshold between equal values: samples with equal \
                     values answer `x <= t` the same way, so only cut where the next value differs",
                );
            } else if g.n_left.min(g.n_right) < leaf {
                report.push_str(&format!(
                    "\n    likely mistake: your split leaves {} | {} samples: each side must keep \
                     at least min_samples_leaf = {min_samples_leaf} (check the {} side too)",
                    g.n_left,
                    g.n_right,
                    if g.n_right < leaf { "right" } else { "left" }
                ));
            }
            Err(report)
        }
        (Some(e), None) => {
            let mut report = format!("{what}: expected Some({}), got None", show(&e));
            if x.len() == 2 {
                report.push_str(&format!(
                    "\n    likely mistake: two samples with different values already make a split \
                     (one on each side, which min_samples_leaf = {min_samples_leaf} allows: each \
                     side keeps AT LEAST min_samples_leaf): only fewer than 2 samples give None"
                ));
            } else if ties(e.decrease, 0.0) {
                report.push_str(
                    "\n    likely mistake: the best decrease here is 0, and a split whose \
                     decrease of 0 still counts (it can set up a useful split below it)",
                );
            } else if best_of(&all, leaf + 1).is_none() {
                report.push_str(&format!(
                    "\n    likely mistake: a side of exactly min_samples_leaf = {min_samples_leaf} \
                     samples is allowed (each side keeps AT LEAST min_samples_leaf)"
                ));
            }
            Err(report)
        }
        (Some(e), Some(g)) => {
            let threshold_ok = close(g.threshold, e.threshold);
            if !threshold_ok {
                let mut report = format!(
                    "{what}: expected {}, got threshold {} ({} | {} samples)",
                    show(&e),
                    g.threshold,
                    g.n_left,
                    g.n_right
                );
                let a = sorted[e.n_left - 1];
                let b = sorted[e.n_left];
                let theirs = all.iter().find(|c| close(c.threshold, g.threshold));
                if let Some(c) = theirs {
                    if c.n_right < leaf && c.n_left >= leaf {
                        report.push_str(&format!(
                            "\n    likely mistake: that split leaves {} samples on the right side, \
                             fewer than min_samples_leaf = {min_samples_leaf}: check the right side too",
                            c.n_right
                        ));
                    } else if c.n_left.min(c.n_right) < leaf {
                        report.push_str(&format!(
                            "\n    likely mistake: that split leaves {} | {} samples: each side must \
                             keep at least min_samples_leaf = {min_samples_leaf}",
                            c.n_left, c.n_right
                        ));
                    } else if ties(c.decrease, e.decrease) && c.threshold > e.threshold {
                        report.push_str(
                            "\n    likely mistake: those thresholds tie: ties go to the smallest \
                             threshold (replace the best only when a candidate is strictly better, `>`)",
                        );
                    } else if best_of(&all, leaf + 1)
                        .is_some_and(|b| close(b.threshold, c.threshold))
                    {
                        report.push_str(&format!(
                            "\n    likely mistake: the best split leaves exactly min_samples_leaf = \
                             {min_samples_leaf} samples on one side, which is allowed"
                        ));
                    } else {
                        let (left, right): (Vec<usize>, Vec<usize>) =
                            rows.iter().partition(|&&r| x[r] <= c.threshold);
                        let named =
                            matching(mistaken(&left, &right), c.decrease, g.impurity_decrease);
                        report.push_str(&match named {
                            Some(why) => format!(
                                "\n    likely mistake: {why} (your decrease {} at your threshold is \
                                 that mistake's value; the right decrease there is {:.6})",
                                g.impurity_decrease, c.decrease
                            ),
                            None => format!(
                                "\n    your threshold's decrease is {:.6}, less than {:.6}",
                                c.decrease, e.decrease
                            ),
                        });
                    }
                } else if splits_equal_values(g.n_left) {
                    report.push_str(
                        "\n    likely mistake: a threshold between equal values: samples with equal \
                         values answer `x <= t` the same way, so only cut where the next value differs",
                    );
                } else if g.threshold == a {
                    report.push_str(&format!(
                        "\n    likely mistake: the threshold is the last value on the left ({a}): \
                         put it at the midpoint (a + b) / 2 = {} between it and the next value",
                        e.threshold
                    ));
                } else if g.threshold == b {
                    report.push_str(&format!(
                        "\n    likely mistake: the threshold is the first value on the right ({b}): \
                         put it at the midpoint (a + b) / 2 = {} (and with `<=` it would go left)",
                        e.threshold
                    ));
                } else if splits_equal_values(g.n_left) || sorted.contains(&g.threshold) {
                    report.push_str(
                        "\n    likely mistake: a threshold between equal values: samples with equal \
                         values answer `x <= t` the same way, so only cut where the next value differs",
                    );
                }
                return Err(report);
            }
            if (g.n_left, g.n_right) != (e.n_left, e.n_right) {
                let mut report = format!(
                    "{what}: the threshold {} is right, but it sends {} | {} samples, and you \
                     report n_left = {}, n_right = {}",
                    e.threshold, e.n_left, e.n_right, g.n_left, g.n_right
                );
                if (g.n_left, g.n_right) == (e.n_right, e.n_left) {
                    report.push_str("\n    likely mistake: n_left and n_right are swapped");
                } else if g.n_left + 1 == e.n_left || g.n_left == e.n_left + 1 {
                    report.push_str(
                        "\n    likely mistake: n_left is off by one: it counts the samples with \
                         x <= threshold (the index of the last one on the left, plus 1)",
                    );
                } else if g.n_left == e.n_left {
                    report.push_str(
                        "\n    likely mistake: n_right is wrong: it counts the samples with x > \
                         threshold, n − n_left",
                    );
                }
                return Err(report);
            }
            if !close(g.impurity_decrease, e.decrease)
                && (g.impurity_decrease - e.decrease).abs() > 1e-9
            {
                let (left, right): (Vec<usize>, Vec<usize>) =
                    rows.iter().partition(|&&r| x[r] <= e.threshold);
                let mut report = format!(
                    "{what}: the threshold {} is right, but its decrease should be {:.9}, got {:.9}",
                    e.threshold, e.decrease, g.impurity_decrease
                );
                if let Some(why) =
                    matching(mistaken(&left, &right), e.decrease, g.impurity_decrease)
                {
                    report.push_str(&format!("\n    likely mistake: {why}"));
                }
                return Err(report);
            }
            Ok(())
        }
    }
}

/// The pairs `(x[i], y[i])` sorted by x, as two vectors.
pub fn sorted_by_value<T: Copy>(x: &[f64], y: &[T]) -> (Vec<f64>, Vec<T>) {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    order.iter().map(|&i| (x[i], y[i])).unzip()
}

/// The explanations of the mistaken values that match `got` (and differ from the right
/// value): one, or all of them joined with "or" when the input cannot tell them apart.
fn matching(mistakes: Vec<(f64, String)>, right: f64, got: f64) -> Option<String> {
    let hits: Vec<String> = mistakes
        .into_iter()
        .filter(|(wrong, _)| (wrong - right).abs() > 1e-9 && close(*wrong, got))
        .map(|(_, why)| why)
        .collect();
    match hits.len() {
        0 => None,
        1 => hits.into_iter().next(),
        _ => Some(format!(
            "this input cannot tell apart: {}",
            hits.join("; or ")
        )),
    }
}

/// `report` with its "likely mistake" lines replaced by `diagnosis` (evidence found by a
/// further probe, stronger than the first guess).
pub fn with_diagnosis(report: &str, diagnosis: &str) -> String {
    let kept: Vec<&str> = report
        .lines()
        .filter(|l| !l.trim_start().starts_with("likely mistake:"))
        .collect();
    format!("{}\n    likely mistake: {diagnosis}", kept.join("\n"))
}
