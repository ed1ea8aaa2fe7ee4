//! Grader of exercises/04_classification/roc_auc.rs.
//!
//! Every expected number comes from a definition written out here in its plainest form
//! (count the rows at or above each threshold, count the winning (positive, negative)
//! pairs, count the scores below each score), from hand-worked cases, or from
//! scikit-learn's published figures on breast_cancer. The mistaken variants beside them
//! are there to name a learner's mistake only when the learner's numbers are theirs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/04_classification/roc_auc.rs"]
mod roc_auc;
#[cfg(feature = "solutions")]
use mlings::reference::roc_auc;

mod regression_support;

use linfa::prelude::Fit;
use linfa_logistic::LogisticRegression;
use mlings::grade::{
    Check, Tolerance, expect, expect_array, expect_err, expect_error, fail, require,
};
use mlings::types::roc_auc::{RecallThreshold, RocCurve, RocError};
use mlings::{call, call_explaining, call_ok};
use ndarray::{Array1, array};
use rand::Rng as _;

// ---------------------------------------------------------------------------------------
// The cases.

/// Labels and scores, with a name for the messages.
struct Case {
    name: &'static str,
    y: Array1<usize>,
    s: Array1<f64>,
}

impl Case {
    fn y(&self) -> &[usize] {
        self.y.as_slice().expect("contiguous")
    }
    fn s(&self) -> &[f64] {
        self.s.as_slice().expect("contiguous")
    }
}

/// The skeleton's example: a tie of a positive and a negative at 0.7, of two negatives
/// at 0.3.
fn doc_case() -> Case {
    Case {
        name: "the doc's example y = [1, 0, 1, 1, 0, 0], scores = [0.9, 0.7, 0.7, 0.5, 0.3, 0.3]",
        y: array![1, 0, 1, 1, 0, 0],
        s: array![0.9, 0.7, 0.7, 0.5, 0.3, 0.3],
    }
}

/// Unsorted, negative scores, a mixed tie at the very top and a three-row mixed tie.
fn mixed_ties_case() -> Case {
    Case {
        name: "y = [0, 1, 1, 0, 1, 0, 0, 1], scores = [3, −1, 2, 0.5, 0.5, 0.5, −1, 3]",
        y: array![0, 1, 1, 0, 1, 0, 0, 1],
        s: array![3.0, -1.0, 2.0, 0.5, 0.5, 0.5, -1.0, 3.0],
    }
}

/// Scores that are close but not equal: 0.1 + 0.2 is 0.30000000000000004, not 0.3.
fn near_ties_case() -> Case {
    Case {
        name: "y = [0, 1, 1, 0, 0], scores = [0.3, 0.1 + 0.2, 0.7 + 1e-12, 0.7, 0.5]",
        y: array![0, 1, 1, 0, 0],
        s: array![0.3, 0.1 + 0.2, 0.7 + 1e-12, 0.7, 0.5],
    }
}

/// Every score tied: one diagonal step from (0, 0) to (1, 1).
fn all_tied_case() -> Case {
    Case {
        name: "y = [0, 1, 1, 0, 1], every score 0.4",
        y: array![0, 1, 1, 0, 1],
        s: array![0.4, 0.4, 0.4, 0.4, 0.4],
    }
}

/// 240 seeded rows with scores rounded to one decimal: many ties, most of them mixed.
fn random_case() -> Case {
    let mut rng = mlings::prep::rng(11);
    let y: Array1<usize> = (0..240).map(|_| usize::from(rng.gen_bool(0.4))).collect();
    let s = y.mapv(|label| {
        let noise: f64 = rng.gen_range(-1.0..1.0) + rng.gen_range(-1.0..1.0);
        ((noise + 0.8 * label as f64) * 10.0).round() / 10.0
    });
    Case {
        name: "240 seeded rows with scores rounded to 0.1 (many ties)",
        y,
        s,
    }
}

// ---------------------------------------------------------------------------------------
// Naming a mistake only when the learner's numbers are the mistake's.

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| Tolerance::rel(1e-6).accepts(*x, *y))
}

/// The candidate mistakes, without those that give the right answer on this input, and
/// with the explanations of candidates that give the same numbers joined (both fit).
fn distinct_mistakes(
    expected: &[f64],
    candidates: Vec<(Vec<f64>, String)>,
) -> Vec<(Vec<f64>, String)> {
    let mut kept: Vec<(Vec<f64>, String)> = Vec::new();
    for (values, why) in candidates {
        if close(&values, expected) || values.iter().any(|v| v.is_nan()) {
            continue;
        }
        match kept.iter_mut().find(|(other, _)| close(other, &values)) {
            Some((_, text)) => {
                if !text.contains(&why) {
                    text.push_str("; or ");
                    text.push_str(&why);
                }
            }
            None => kept.push((values, why)),
        }
    }
    kept
}

fn with_scalar_mistakes(check: Check, expected: f64, candidates: Vec<(f64, String)>) -> Check {
    let candidates = candidates.into_iter().map(|(v, w)| (vec![v], w)).collect();
    distinct_mistakes(&[expected], candidates)
        .into_iter()
        .fold(check, |check, (values, why)| check.mistake(values[0], why))
}

fn with_array_mistakes(
    check: Check,
    expected: &[f64],
    candidates: Vec<(Vec<f64>, String)>,
) -> Check {
    distinct_mistakes(expected, candidates)
        .into_iter()
        .fold(check, |check, (values, why)| {
            check.mistake_array(&Array1::from(values), why)
        })
}

// ---------------------------------------------------------------------------------------
// The definitions, written out plainly, and the mistaken variants.

/// The distinct scores, largest first.
fn distinct_descending(s: &[f64]) -> Vec<f64> {
    let mut values = s.to_vec();
    values.sort_by(|a, b| b.partial_cmp(a).expect("finite"));
    values.dedup();
    values
}

/// (TP, FP): the positives and negatives whose score is ≥ t (> t when `strict`).
fn counts_at(y: &[usize], s: &[f64], t: f64, strict: bool) -> (usize, usize) {
    let flagged = |v: f64| if strict { v > t } else { v >= t };
    let tp = y
        .iter()
        .zip(s)
        .filter(|&(&l, &v)| l == 1 && flagged(v))
        .count();
    let fp = y
        .iter()
        .zip(s)
        .filter(|&(&l, &v)| l == 0 && flagged(v))
        .count();
    (tp, fp)
}

fn positives(y: &[usize]) -> usize {
    y.iter().filter(|&&l| l == 1).count()
}

/// The rows in descending order of score, ties in input order (a stable sort).
fn rows_descending(s: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..s.len()).collect();
    order.sort_by(|&a, &b| s[b].partial_cmp(&s[a]).expect("finite"));
    order
}

/// Ways of drawing the ROC curve: the doc's, and mistaken ones to name.
#[derive(Clone, Copy, PartialEq)]
enum CurveWay {
    Doc,
    /// Without the (0, 0) point at +∞.
    NoStart,
    /// One point per row (ties in input order), not per distinct score.
    PerRow,
    /// Rows with score > t instead of ≥ t.
    Strict,
    /// FPR and TPR exchanged.
    Swapped,
    /// TP / n and FP / n.
    OverAllRows,
    /// Class 0 taken as the positive class.
    ClassZero,
    /// The first threshold is the largest score + 1 (older scikit-learn).
    MaxPlusOne,
}

struct Points {
    fpr: Vec<f64>,
    tpr: Vec<f64>,
    thresholds: Vec<f64>,
}

fn grader_curve(y: &[usize], s: &[f64], way: CurveWay) -> Points {
    let labels: Vec<usize> = if way == CurveWay::ClassZero {
        y.iter().map(|&l| 1 - l).collect()
    } else {
        y.to_vec()
    };
    let p = positives(&labels);
    let (p, n) = if way == CurveWay::OverAllRows {
        (y.len(), y.len())
    } else {
        (p, y.len() - p)
    };
    let first = if way == CurveWay::MaxPlusOne {
        distinct_descending(s)[0] + 1.0
    } else {
        f64::INFINITY
    };
    let mut points = Points {
        fpr: vec![0.0],
        tpr: vec![0.0],
        thresholds: vec![first],
    };
    let mut push = |tp: usize, fp: usize, t: f64| {
        points.fpr.push(fp as f64 / n as f64);
        points.tpr.push(tp as f64 / p as f64);
        points.thresholds.push(t);
    };
    if way == CurveWay::PerRow {
        let (mut tp, mut fp) = (0, 0);
        for i in rows_descending(s) {
            if labels[i] == 1 {
                tp += 1;
            } else {
                fp += 1;
            }
            push(tp, fp, s[i]);
        }
    } else {
        for t in distinct_descending(s) {
            let (tp, fp) = counts_at(&labels, s, t, way == CurveWay::Strict);
            push(tp, fp, t);
        }
    }
    if way == CurveWay::NoStart {
        for values in [&mut points.fpr, &mut points.tpr, &mut points.thresholds] {
            values.remove(0);
        }
    }
    if way == CurveWay::Swapped {
        std::mem::swap(&mut points.fpr, &mut points.tpr);
    }
    points
}

const NO_START: &str = "the first point, (0, 0) at threshold +∞ (nothing predicted positive), \
                        is missing: start the curve there";
const PER_ROW: &str = "tied rows were taken one at a time: rows with equal scores enter \
                       together, one point per DISTINCT score";
const STRICT: &str = "you counted the rows with score > threshold: a row is predicted positive \
                      when score >= threshold, so each threshold's own rows count";
const CLASS_ZERO: &str = "you took class 0 as the positive class: label 1 is positive, and TPR \
                          counts the rows of class 1";
const REVERSED: &str = "the ranking is upside down: a higher score means more likely class 1 \
                        (did you sort ascending, or take class 0 as positive?)";

/// The tolerance at which merging sorted scores closer than it leaves `points` − 1
/// thresholds, if one of the usual ones does (and exact equality does not).
fn merging_tolerance(s: &[f64], points: usize) -> Option<f64> {
    let distinct = distinct_descending(s);
    [1e-12, 1e-10, 1e-9, 1e-8, 1e-6, 1e-4]
        .into_iter()
        .find(|&tol| {
            let merged = 1 + distinct.windows(2).filter(|w| w[0] - w[1] > tol).count();
            merged + 1 == points && merged < distinct.len()
        })
}

/// Checks a learner's ROC curve against the definition on `case`.
fn check_curve(case: &Case, got: &RocCurve) {
    let (y, s) = (case.y(), case.s());
    let what = format!("roc_curve of {}", case.name);
    let expected = grader_curve(y, s, CurveWay::Doc);
    let k = expected.thresholds.len();
    let lengths = [got.fpr.len(), got.tpr.len(), got.thresholds.len()];
    if lengths != [k; 3] {
        let hint = if lengths[0] != lengths[1] || lengths[1] != lengths[2] {
            "\n    likely mistake: fpr, tpr and thresholds need one entry per point each"
                .to_string()
        } else if lengths[0] == k - 1 {
            format!("\n    likely mistake: {NO_START}")
        } else if let Some(tol) = merging_tolerance(s, lengths[0]) {
            format!(
                "\n    likely mistake: scores closer than {tol:e} were merged into one \
                 threshold: a tie is scores exactly equal (==), however close others are"
            )
        } else if lengths[0] == y.len() + 1 {
            format!("\n    likely mistake: {PER_ROW}")
        } else if lengths[0] == y.len() {
            format!(
                "\n    likely mistake: one point per row and no (0, 0) point: {NO_START}, and \
                 {PER_ROW}"
            )
        } else {
            String::new()
        };
        fail(format!(
            "{what}: expected {k} points ({} distinct scores + the (0, 0) point at threshold \
             +∞), got fpr, tpr, thresholds of {}, {}, {} entries{hint}",
            k - 1,
            lengths[0],
            lengths[1],
            lengths[2]
        ));
    }
    let variant = |way| grader_curve(y, s, way);
    let mut ascending = expected.thresholds.clone();
    ascending.reverse();
    let infinity_then_ascending: Vec<f64> = std::iter::once(f64::INFINITY)
        .chain(ascending[..k - 1].iter().copied())
        .collect();
    with_array_mistakes(
        expect_array(
            format!("{what}: thresholds (+∞ first, then the distinct scores, decreasing)"),
            &got.thresholds,
            &Array1::from(expected.thresholds.clone()),
        )
        .tol(Tolerance::TIGHT)
        .no_generic_diagnosis(),
        &expected.thresholds,
        vec![
            (
                ascending,
                "the points run from the lowest threshold up: start at +∞, (0, 0), and go down \
                 the scores from the largest"
                    .into(),
            ),
            (
                infinity_then_ascending,
                "after +∞ the thresholds run from the lowest score up: go down the distinct \
                 scores from the largest (sort descending)"
                    .into(),
            ),
            (
                variant(CurveWay::MaxPlusOne).thresholds,
                "the first threshold is the largest score + 1 (scikit-learn before 1.3): use \
                 f64::INFINITY"
                    .into(),
            ),
        ],
    )
    .assert();
    for (name, got_values, expected_values, pick) in [
        (
            "tpr (TP / P)",
            &got.tpr,
            &expected.tpr,
            (|p: Points| p.tpr) as fn(Points) -> Vec<f64>,
        ),
        ("fpr (FP / N)", &got.fpr, &expected.fpr, |p: Points| p.fpr),
    ] {
        let swapped_with = if name.starts_with("tpr") {
            &expected.fpr
        } else {
            &expected.tpr
        };
        with_array_mistakes(
            expect_array(
                format!("{what}: {name}"),
                got_values,
                &Array1::from(expected_values.clone()),
            )
            .tol(Tolerance::TIGHT)
            .no_generic_diagnosis(),
            expected_values,
            vec![
                (
                    swapped_with.clone(),
                    "fpr and tpr are swapped: tpr = TP / P (positives found), fpr = FP / N \
                     (negatives flagged)"
                        .into(),
                ),
                (pick(variant(CurveWay::Strict)), STRICT.into()),
                (pick(variant(CurveWay::ClassZero)), CLASS_ZERO.into()),
                (
                    pick(variant(CurveWay::OverAllRows)),
                    "you divided by the number of rows: TPR divides by P (the positives), FPR \
                     by N (the negatives)"
                        .into(),
                ),
            ],
        )
        .assert();
    }
}

/// Σ (xₖ − xₖ₋₁)·(weight of yₖ₋₁ and yₖ): trapezoids (½, ½), or rectangles.
fn area(x: &[f64], y: &[f64], left: f64, right: f64) -> f64 {
    (1..x.len())
        .map(|k| (x[k] - x[k - 1]) * (left * y[k - 1] + right * y[k]))
        .sum()
}

/// The AUC as the share of (positive, negative) pairs ranked right, ties counting ½.
fn pairwise_auc(y: &[usize], s: &[f64]) -> f64 {
    let (mut wins, mut pairs) = (0.0, 0.0);
    for (i, &si) in s.iter().enumerate().filter(|&(i, _)| y[i] == 1) {
        let _ = i;
        for (_, &sj) in s.iter().enumerate().filter(|&(j, _)| y[j] == 0) {
            pairs += 1.0;
            wins += if si > sj {
                1.0
            } else if si == sj {
                0.5
            } else {
                0.0
            };
        }
    }
    wins / pairs
}

/// Checks a learner's trapezoid AUC on `case`.
fn check_roc_auc(case: &Case, got: f64) {
    let (y, s) = (case.y(), case.s());
    let expected = pairwise_auc(y, s);
    let trapezoid = |way| {
        let points = grader_curve(y, s, way);
        area(&points.fpr, &points.tpr, 0.5, 0.5)
    };
    let doc = grader_curve(y, s, CurveWay::Doc);
    let mut candidates: Vec<(f64, String)> = vec![
        (
            area(&doc.fpr, &doc.tpr, 1.0, 0.0),
            "you added rectangles of the height before each step (Σ Δx·yₖ₋₁): the trapezoid \
             rule takes the mean height (yₖ + yₖ₋₁)/2, so a tie of a positive and a negative \
             (a diagonal) gets half its box"
                .into(),
        ),
        (
            area(&doc.fpr, &doc.tpr, 0.0, 1.0),
            "you added rectangles of the height after each step (Σ Δx·yₖ): the trapezoid \
             rule takes the mean height (yₖ + yₖ₋₁)/2, so a tie of a positive and a negative \
             (a diagonal) gets half its box"
                .into(),
        ),
        (trapezoid(CurveWay::PerRow), PER_ROW.into()),
        (trapezoid(CurveWay::NoStart), NO_START.into()),
        (trapezoid(CurveWay::Strict), STRICT.into()),
        (1.0 - expected, REVERSED.into()),
        (
            area(&doc.tpr, &doc.fpr, 0.5, 0.5),
            "you integrated along the wrong axis: x is the FPR, y the TPR (the area is \
             Σ ΔFPR·(TPRₖ + TPRₖ₋₁)/2)"
                .into(),
        ),
        (
            area(&doc.fpr, &doc.tpr, 1.0, 1.0),
            "you forgot the ½ of the trapezoid: each segment adds Δx·(yₖ + yₖ₋₁)/2".into(),
        ),
    ];
    if ties_broken(y, s, got) {
        candidates.push((got, PER_ROW.into()));
    }
    with_scalar_mistakes(
        expect(format!("roc_auc of {}", case.name), got, expected).tol(Tolerance::rel(1e-9)),
        expected,
        candidates,
    )
    .assert();
}

/// Ways of ranking: the doc's, and mistaken ones to name.
#[derive(Clone, Copy, PartialEq)]
enum RankWay {
    Average,
    /// Tied scores all get the smallest of their ranks.
    Min,
    /// ... the largest.
    Max,
    /// 1, 2, 3 for the distinct values, ties sharing one.
    Dense,
    /// Ties ranked in input order.
    Ordinal,
    /// Ranks from 0.
    ZeroBased,
    /// Rank 1 for the largest score.
    Descending,
    /// The average rounded down (integer division).
    Floor,
}

/// The rank of each score from counts: how many are smaller, equal, and equal before it.
fn grader_ranks(s: &[f64], way: RankWay) -> Vec<f64> {
    let n = s.len() as f64;
    let distinct = distinct_descending(s);
    s.iter()
        .enumerate()
        .map(|(i, &v)| {
            let less = s.iter().filter(|&&w| w < v).count() as f64;
            let equal = s.iter().filter(|&&w| w == v).count() as f64;
            let before = s[..i].iter().filter(|&&w| w == v).count() as f64;
            let average = less + (equal + 1.0) / 2.0;
            match way {
                RankWay::Average => average,
                RankWay::Min => less + 1.0,
                RankWay::Max => less + equal,
                RankWay::Dense => distinct.iter().filter(|&&w| w < v).count() as f64 + 1.0,
                RankWay::Ordinal => less + before + 1.0,
                RankWay::ZeroBased => average - 1.0,
                RankWay::Descending => n + 1.0 - average,
                RankWay::Floor => average.floor(),
            }
        })
        .collect()
}

const RANK_MISTAKES: [(RankWay, &str); 7] = [
    (
        RankWay::Min,
        "tied scores got the smallest of their ranks: they share the AVERAGE of the ranks they \
         occupy (ranks 4 and 5 → 4.5 each)",
    ),
    (
        RankWay::Max,
        "tied scores got the largest of their ranks: they share the AVERAGE of the ranks they \
         occupy (ranks 4 and 5 → 4.5 each)",
    ),
    (
        RankWay::Dense,
        "you numbered the distinct values 1, 2, 3, …: a rank counts every score below, and tied \
         scores share the average of the ranks they occupy",
    ),
    (
        RankWay::Ordinal,
        "tied scores were ranked one after another in input order: they share the average of \
         the ranks they occupy",
    ),
    (
        RankWay::ZeroBased,
        "the ranks start at 0: the smallest score has rank 1",
    ),
    (
        RankWay::Descending,
        "the ranks run the wrong way: rank 1 is the SMALLEST score",
    ),
    (
        RankWay::Floor,
        "the average rank was rounded down by integer division ((first + last) / 2 on usize \
         turns 4.5 into 4): divide as f64",
    ),
];

/// Whether `ranks` rank `s` as 1, 2, …, n with every tie broken one way or another.
fn is_ordinal_ranking(s: &[f64], ranks: &[f64]) -> bool {
    let mut sorted = ranks.to_vec();
    sorted.sort_by(f64::total_cmp);
    let permutation = sorted.iter().enumerate().all(|(i, &r)| r == (i + 1) as f64);
    let consistent =
        (0..s.len()).all(|i| (0..s.len()).all(|j| s[i] >= s[j] || ranks[i] < ranks[j]));
    ranks.len() == s.len() && permutation && consistent
}

const ONE_AFTER_ANOTHER: &str = "tied scores were ranked one after another (1, 2, 3, … in \
                                 whatever order the sort left them): they share the average \
                                 of the ranks they occupy";

fn check_ranks(name: &str, s: &[f64], got: &Array1<f64>) {
    let expected = grader_ranks(s, RankWay::Average);
    let got_values = got.to_vec();
    let mut candidates: Vec<(Vec<f64>, String)> = RANK_MISTAKES
        .iter()
        .map(|&(way, why)| (grader_ranks(s, way), why.to_string()))
        .collect();
    let mut in_sorted_order = expected.clone();
    in_sorted_order.sort_by(f64::total_cmp);
    candidates.push((
        in_sorted_order,
        "the ranks are in sorted order: return each score's rank at its own position in the \
         input (rank[i] belongs to scores[i])"
            .into(),
    ));
    if is_ordinal_ranking(s, &got_values) {
        candidates.push((got_values, ONE_AFTER_ANOTHER.into()));
    }
    with_array_mistakes(
        expect_array(
            format!("average_ranks of {name}"),
            got,
            &Array1::from(expected.clone()),
        )
        .tol(Tolerance::TIGHT)
        .no_generic_diagnosis(),
        &expected,
        candidates,
    )
    .assert();
}

/// (pairs won by the positive, tied pairs) over all (positive, negative) pairs.
fn pair_counts(y: &[usize], s: &[f64]) -> (f64, f64) {
    let (mut wins, mut ties) = (0.0, 0.0);
    for i in (0..y.len()).filter(|&i| y[i] == 1) {
        for j in (0..y.len()).filter(|&j| y[j] == 0) {
            if s[i] > s[j] {
                wins += 1.0;
            } else if s[i] == s[j] {
                ties += 1.0;
            }
        }
    }
    (wins, ties)
}

/// Whether `auc` is what breaking every tie one way or the other gives: a whole number of
/// pairs between the wins and the wins plus the ties (but not the ½ per tie of the doc).
fn ties_broken(y: &[usize], s: &[f64], auc: f64) -> bool {
    let (wins, ties) = pair_counts(y, s);
    let p = positives(y) as f64;
    let pairs = p * (y.len() as f64 - p);
    let u = auc * pairs;
    ties > 0.0
        && (u - u.round()).abs() < 1e-6
        && u.round() >= wins
        && u.round() <= wins + ties
        && (u - (wins + ties / 2.0)).abs() > 1e-6
}

/// (R₊ − subtract(P)) / (P·N) with R₊ the positives' ranks.
fn mann_whitney(y: &[usize], ranks: &[f64], subtract: impl Fn(f64) -> f64) -> f64 {
    let p = positives(y) as f64;
    let n = y.len() as f64 - p;
    let r: f64 = ranks
        .iter()
        .zip(y)
        .filter(|&(_, &l)| l == 1)
        .map(|(r, _)| r)
        .sum();
    (r - subtract(p)) / (p * n)
}

fn check_rank_auc(case: &Case, got: f64) {
    let (y, s) = (case.y(), case.s());
    let expected = pairwise_auc(y, s);
    let triangle = |p: f64| p * (p + 1.0) / 2.0;
    let ranks = grader_ranks(s, RankWay::Average);
    let mut candidates: Vec<(f64, String)> = RANK_MISTAKES
        .iter()
        .filter(|(way, _)| !matches!(way, RankWay::ZeroBased | RankWay::Descending))
        .map(|&(way, why)| {
            (
                mann_whitney(y, &grader_ranks(s, way), triangle),
                why.to_string(),
            )
        })
        .collect();
    candidates.extend([
        (
            mann_whitney(y, &ranks, |_| 0.0),
            "P(P + 1)/2 was not subtracted: U = R₊ − P(P + 1)/2 removes what the positives' \
             ranks add up to among themselves"
                .to_string(),
        ),
        (
            mann_whitney(y, &ranks, |_| {
                let n = (y.len() - positives(y)) as f64;
                n * (n + 1.0) / 2.0
            }),
            "you subtracted N(N + 1)/2: the positives' ranks R₊ add up to at least P(P + 1)/2 \
             among themselves, so U = R₊ − P(P + 1)/2, with P the number of positives"
                .to_string(),
        ),
        (
            mann_whitney(y, &ranks, |p| p * (p - 1.0) / 2.0),
            "you subtracted P(P − 1)/2, or counted the ranks from 0: with ranks from 1, \
             U = R₊ − P(P + 1)/2"
                .to_string(),
        ),
        (1.0 - expected, REVERSED.to_string()),
        (
            mann_whitney(y, &ranks, triangle) * (positives(y) * (y.len() - positives(y))) as f64,
            "that is U itself: divide it by P·N, the number of (positive, negative) pairs".into(),
        ),
    ]);
    if ties_broken(y, s, got) {
        candidates.push((got, ONE_AFTER_ANOTHER.into()));
    }
    with_scalar_mistakes(
        expect(format!("rank_auc of {}", case.name), got, expected).tol(Tolerance::rel(1e-9)),
        expected,
        candidates,
    )
    .assert();
}

/// Ways of computing the average precision: the doc's, and mistaken ones to name.
#[derive(Clone, Copy, PartialEq)]
enum ApWay {
    Doc,
    /// Each precision replaced by the best precision at that recall or beyond.
    Interpolated,
    /// Trapezoids under the (recall, precision) points, from (0, 1).
    Trapezoid,
    /// Trapezoids from the first threshold's point.
    TrapezoidNoStart,
    /// Each rise weighted by the precision before it (1 before the first).
    PreviousPrecision,
    /// One step per row.
    PerRow,
    /// Class 0 as the positive class.
    ClassZero,
    /// Rises of TP / n instead of TP / P.
    OverAllRows,
    /// The plain mean of the precisions at the thresholds.
    MeanPrecision,
    /// Σ from the second threshold on: R before the first taken as R₁.
    FirstRiseLost,
}

/// The (recall, precision) of each step, from the highest threshold down.
fn pr_steps(y: &[usize], s: &[f64], per_row: bool) -> Vec<(f64, f64)> {
    let p = positives(y) as f64;
    let counts: Vec<(usize, usize)> = if per_row {
        let mut tp_fp = (0, 0);
        rows_descending(s)
            .into_iter()
            .map(|i| {
                if y[i] == 1 {
                    tp_fp.0 += 1;
                } else {
                    tp_fp.1 += 1;
                }
                tp_fp
            })
            .collect()
    } else {
        distinct_descending(s)
            .into_iter()
            .map(|t| counts_at(y, s, t, false))
            .collect()
    };
    counts
        .into_iter()
        .map(|(tp, fp)| (tp as f64 / p, tp as f64 / (tp + fp) as f64))
        .collect()
}

fn grader_ap(y: &[usize], s: &[f64], way: ApWay) -> f64 {
    let flipped: Vec<usize> = y.iter().map(|&l| 1 - l).collect();
    let labels = if way == ApWay::ClassZero {
        &flipped[..]
    } else {
        y
    };
    let steps = pr_steps(labels, s, way == ApWay::PerRow);
    let recalls: Vec<f64> = std::iter::once(0.0)
        .chain(steps.iter().map(|st| st.0))
        .collect();
    let precisions: Vec<f64> = std::iter::once(1.0)
        .chain(steps.iter().map(|st| st.1))
        .collect();
    let k = steps.len();
    match way {
        ApWay::Trapezoid => area(&recalls, &precisions, 0.5, 0.5),
        ApWay::TrapezoidNoStart => area(&recalls[1..], &precisions[1..], 0.5, 0.5),
        ApWay::PreviousPrecision => area(&recalls, &precisions, 1.0, 0.0),
        ApWay::Interpolated => (1..=k)
            .map(|j| {
                let best = precisions[j..].iter().copied().fold(0.0, f64::max);
                (recalls[j] - recalls[j - 1]) * best
            })
            .sum(),
        ApWay::OverAllRows => {
            area(&recalls, &precisions, 0.0, 1.0) * positives(y) as f64 / y.len() as f64
        }
        ApWay::MeanPrecision => precisions[1..].iter().sum::<f64>() / k as f64,
        ApWay::FirstRiseLost => area(&recalls[1..], &precisions[1..], 0.0, 1.0),
        ApWay::Doc | ApWay::PerRow | ApWay::ClassZero => area(&recalls, &precisions, 0.0, 1.0),
    }
}

fn check_ap(case: &Case, got: f64) {
    let (y, s) = (case.y(), case.s());
    let expected = grader_ap(y, s, ApWay::Doc);
    let has_negatives = positives(y) < y.len();
    let mut candidates = vec![
        (
            grader_ap(y, s, ApWay::Interpolated),
            "you interpolated the precision (the best precision at that recall or beyond): \
             scikit-learn's AP takes each threshold's own precision Pₛ"
                .to_string(),
        ),
        (
            grader_ap(y, s, ApWay::Trapezoid),
            "you used trapezoids under the precision–recall curve: AP = Σ (Rₛ − Rₛ₋₁)·Pₛ, each \
             rise of the recall times the precision reached there"
                .to_string(),
        ),
        (
            grader_ap(y, s, ApWay::TrapezoidNoStart),
            "you used trapezoids under the precision–recall points: AP = Σ (Rₛ − Rₛ₋₁)·Pₛ, each \
             rise of the recall (from 0) times the precision reached there"
                .to_string(),
        ),
        (
            grader_ap(y, s, ApWay::PreviousPrecision),
            "each rise of the recall was weighted by the precision BEFORE it: use the precision \
             Pₛ at the threshold where the recall rises"
                .to_string(),
        ),
        (grader_ap(y, s, ApWay::PerRow), PER_ROW.to_string()),
        (
            grader_ap(y, s, ApWay::MeanPrecision),
            "you took the mean of the precisions at the thresholds: AP weights each precision \
             by the rise of the recall there, Rₛ − Rₛ₋₁"
                .to_string(),
        ),
        (
            grader_ap(y, s, ApWay::FirstRiseLost),
            "the first rise of the recall is missing: the recall before the first threshold \
             is 0, so the first threshold adds R₁·P₁"
                .to_string(),
        ),
        (
            grader_ap(y, s, ApWay::OverAllRows),
            "the recall divides by the number of rows: R = TP / P, over the positives".into(),
        ),
    ];
    if has_negatives {
        candidates.push((grader_ap(y, s, ApWay::ClassZero), CLASS_ZERO.to_string()));
    }
    with_scalar_mistakes(
        expect(format!("average_precision of {}", case.name), got, expected)
            .tol(Tolerance::rel(1e-9)),
        expected,
        candidates,
    )
    .assert();
}

/// Ways of choosing the threshold for a recall: the doc's, and mistaken ones to name.
#[derive(Clone, Copy, PartialEq)]
enum PickWay {
    Doc,
    /// The lowest score (scanning from the bottom).
    Lowest,
    /// The first with recall > target.
    StrictRecall,
    /// The threshold just above the doc's (the last one short of the target).
    OneAbove,
    /// Rows one at a time.
    PerRow,
}

/// [threshold, recall, precision], or None when the way finds nothing.
fn grader_pick(y: &[usize], s: &[f64], target: f64, way: PickWay) -> Option<Vec<f64>> {
    let per_row = way == PickWay::PerRow;
    let thresholds: Vec<f64> = if per_row {
        rows_descending(s).into_iter().map(|i| s[i]).collect()
    } else {
        distinct_descending(s)
    };
    let steps: Vec<Vec<f64>> = thresholds
        .iter()
        .zip(pr_steps(y, s, per_row))
        .map(|(&t, (r, p))| vec![t, r, p])
        .collect();
    let doc = steps.iter().position(|st| st[1] >= target)?;
    match way {
        PickWay::Doc | PickWay::PerRow => Some(steps[doc].clone()),
        PickWay::Lowest => steps.last().cloned(),
        PickWay::StrictRecall => steps.iter().find(|st| st[1] > target).cloned(),
        PickWay::OneAbove => doc.checked_sub(1).map(|k| steps[k].clone()),
    }
}

fn check_pick(case: &Case, target: f64, got: RecallThreshold) {
    let (y, s) = (case.y(), case.s());
    let expected = grader_pick(y, s, target, PickWay::Doc).expect("recall 1 is reached");
    let candidates: Vec<(Vec<f64>, String)> = [
        (
            PickWay::Lowest,
            "you took the LOWEST threshold that reaches the target (it always does, at recall 1): \
             take the highest, which pays least precision for it",
        ),
        (
            PickWay::StrictRecall,
            "you required recall > target: a recall equal to the target reaches it (>=)",
        ),
        (
            PickWay::OneAbove,
            "that is the threshold just above, the last one SHORT of the target: stop at the \
             first threshold whose recall is >= the target",
        ),
        (PickWay::PerRow, PER_ROW),
    ]
    .into_iter()
    .filter_map(|(way, why)| grader_pick(y, s, target, way).map(|v| (v, why.to_string())))
    .chain(std::iter::once((
        vec![expected[0], expected[2], expected[1]],
        "the recall and precision are swapped: recall = TP / P, precision = TP / (TP + FP)"
            .to_string(),
    )))
    .collect();
    with_array_mistakes(
        expect_array(
            format!(
                "threshold_for_recall({target}) of {}: [threshold, recall, precision]",
                case.name
            ),
            &array![got.threshold, got.recall, got.precision],
            &Array1::from(expected.clone()),
        )
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis(),
        &expected,
        candidates,
    )
    .assert();
}

/// Runs `f` (a call into the learner's code) on another thread and fails, saying what it
/// most likely means, if it has not returned after 10 s: a loop that never ends on a NaN
/// would otherwise hang the grader without a verdict. (A right answer takes microseconds.)
fn returning_within<T: Send + 'static>(
    what: &str,
    hint: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    });
    match receiver.recv_timeout(std::time::Duration::from_secs(10)) {
        Ok(Ok(value)) => value,
        Ok(Err(payload)) => std::panic::resume_unwind(payload),
        Err(_) => fail(format!(
            "{what}: your code had not returned after 10 s (a right answer takes \
             microseconds): it is probably in an endless loop\n    likely mistake: {hint}"
        )),
    }
}

// ---------------------------------------------------------------------------------------
// The checks.

#[test]
fn average_ranks_by_hand() {
    let got = call_ok!(roc_auc::average_ranks(
        array![0.9, 0.7, 0.7, 0.5, 0.3, 0.3].view()
    ));
    check_ranks(
        "the doc's scores [0.9, 0.7, 0.7, 0.5, 0.3, 0.3]",
        &[0.9, 0.7, 0.7, 0.5, 0.3, 0.3],
        &got,
    );
    // Sorted: 0.3, 0.3 take ranks 1 and 2 (1.5 each), 0.5 rank 3, 0.7, 0.7 ranks 4 and 5
    // (4.5 each), 0.9 rank 6.
    expect_array(
        "average_ranks of the doc's scores [0.9, 0.7, 0.7, 0.5, 0.3, 0.3]",
        &got,
        &array![6.0, 4.5, 4.5, 3.0, 1.5, 1.5],
    )
    .tol(Tolerance::TIGHT)
    .assert();
    // A three-way tie for ranks 4, 5, 6 (→ 5) and a pair for 1, 2 (→ 1.5), unsorted.
    let scores = [3.0, 1.0, 1.0, 3.0, 3.0, 2.0];
    let got = call_ok!(roc_auc::average_ranks(Array1::from(scores.to_vec()).view()));
    check_ranks("[3, 1, 1, 3, 3, 2]", &scores, &got);
    let random = random_case();
    let got = call_ok!(roc_auc::average_ranks(random.s.view()));
    check_ranks(random.name, random.s(), &got);
    let got = call_ok!(roc_auc::average_ranks(Array1::<f64>::zeros(0).view()));
    require(got.is_empty(), || {
        format!(
            "average_ranks of no scores: expected an empty array, got {} ranks",
            got.len()
        )
    });
}

#[test]
fn average_ranks_reject_non_finite_scores() {
    let got = returning_within(
        "average_ranks of [0.5, NaN, ∞]",
        "a NaN equals nothing, not even itself, so a run of scores equal to a NaN never \
         grows: check every score with is_finite() first and return NotFinite",
        || {
            call_explaining!(
                "check every score with is_finite() before sorting, and return NotFinite",
                roc_auc::average_ranks(array![0.5, f64::NAN, f64::INFINITY].view())
            )
        },
    );
    let error = expect_err("average_ranks of [0.5, NaN, ∞]", "a NaN has no rank", got);
    require(
        matches!(error, RocError::NotFinite { index: 1, value } if value.is_nan()),
        || {
            format!(
                "average_ranks of [0.5, NaN, ∞]: expected NotFinite {{ index: 1, value: NaN }} (the first), got {error:?}"
            )
        },
    );
    let error = expect_err(
        "average_ranks of [1, −∞]",
        "an infinite score is not a score",
        call!(roc_auc::average_ranks(
            array![1.0, f64::NEG_INFINITY].view()
        )),
    );
    expect_error(
        "average_ranks of [1, −∞]",
        error,
        RocError::NotFinite {
            index: 1,
            value: f64::NEG_INFINITY,
        },
        &[],
    );
}

#[test]
fn roc_curve_by_hand() {
    let case = doc_case();
    let got = call_ok!(roc_auc::roc_curve(case.y.view(), case.s.view()));
    // The doc: thresholds [∞, 0.9, 0.7, 0.5, 0.3], TPR [0, ⅓, ⅔, 1, 1], FPR [0, 0, ⅓, ⅓, 1].
    let third = 1.0 / 3.0;
    check_curve(&case, &got);
    expect_array(
        "roc_curve of the doc's example: tpr",
        &got.tpr,
        &array![0.0, third, 2.0 * third, 1.0, 1.0],
    )
    .assert();
    for case in [mixed_ties_case(), all_tied_case(), near_ties_case()] {
        let got = call_ok!(roc_auc::roc_curve(case.y.view(), case.s.view()));
        check_curve(&case, &got);
    }
}

#[test]
fn roc_curve_with_many_ties() {
    let case = random_case();
    let got = call_ok!(roc_auc::roc_curve(case.y.view(), case.s.view()));
    check_curve(&case, &got);
}

#[test]
fn roc_auc_by_hand() {
    let case = doc_case();
    let got = call_ok!(roc_auc::roc_auc(case.y.view(), case.s.view()));
    check_roc_auc(&case, got);
    expect("roc_auc of the doc's example (5/6)", got, 5.0 / 6.0).assert();
    // Every score tied: one diagonal from (0, 0) to (1, 1), a coin flip.
    let case = all_tied_case();
    let got = call_ok!(roc_auc::roc_auc(case.y.view(), case.s.view()));
    check_roc_auc(&case, got);
    expect(
        format!("roc_auc of {} (½: a single diagonal)", case.name),
        got,
        0.5,
    )
    .assert();
    // Points (0, 0), (¼, ¼), (¼, ½), (¾, ¾), (1, 1): the segments add ¼·¼/2, 0,
    // ½·(½ + ¾)/2 and ¼·(¾ + 1)/2, 0.5625 in all.
    let case = mixed_ties_case();
    let got = call_ok!(roc_auc::roc_auc(case.y.view(), case.s.view()));
    check_roc_auc(&case, got);
    expect(format!("roc_auc of {}", case.name), got, 0.5625).assert();
    // A perfect ranking and a reversed one.
    let y = array![0, 0, 1, 1, 1];
    let got = call_ok!(roc_auc::roc_auc(
        y.view(),
        array![0.1, 0.2, 0.3, 0.4, 0.5].view()
    ));
    expect("roc_auc of a perfect ranking", got, 1.0).assert();
    let got = call_ok!(roc_auc::roc_auc(
        y.view(),
        array![0.5, 0.4, 0.3, 0.2, 0.1].view()
    ));
    expect("roc_auc of a reversed ranking", got, 0.0)
        .mistake(1.0, REVERSED)
        .assert();
}

#[test]
fn rank_auc_by_hand() {
    let case = doc_case();
    let got = call_ok!(roc_auc::rank_auc(case.y.view(), case.s.view()));
    check_rank_auc(&case, got);
    expect("rank_auc of the doc's example (5/6)", got, 5.0 / 6.0).assert();
    for case in [all_tied_case(), mixed_ties_case(), near_ties_case()] {
        let got = call_ok!(roc_auc::rank_auc(case.y.view(), case.s.view()));
        check_rank_auc(&case, got);
    }
}

#[test]
fn both_aucs_agree_with_the_pair_count_under_many_ties() {
    let case = random_case();
    let trapezoid = call_ok!(roc_auc::roc_auc(case.y.view(), case.s.view()));
    check_roc_auc(&case, trapezoid);
    let ranks = call_ok!(roc_auc::rank_auc(case.y.view(), case.s.view()));
    check_rank_auc(&case, ranks);
}

#[test]
fn average_precision_by_hand() {
    let case = doc_case();
    let got = call_ok!(roc_auc::average_precision(case.y.view(), case.s.view()));
    check_ap(&case, got);
    expect(
        "average_precision of the doc's example (29/36)",
        got,
        29.0 / 36.0,
    )
    .assert();
    for case in [
        mixed_ties_case(),
        all_tied_case(),
        random_case(),
        near_ties_case(),
    ] {
        let got = call_ok!(roc_auc::average_precision(case.y.view(), case.s.view()));
        check_ap(&case, got);
    }
    // No negative at all: every precision is 1.
    let got = call!(roc_auc::average_precision(
        array![1, 1, 1].view(),
        array![0.2, 0.9, 0.2].view()
    ));
    match got {
        Ok(ap) => expect(
            "average_precision with no negative row (every precision is 1)",
            ap,
            1.0,
        )
        .assert(),
        Err(error) => fail(format!(
            "average_precision with labels [1, 1, 1]: expected Ok(1.0), got Err({error:?})\n    \
             likely mistake: the average precision needs positives but not negatives (with \
             none, every precision is 1): only the ROC functions return MissingClass {{ class: 0 }}"
        )),
    }
}

#[test]
fn threshold_for_recall_by_hand() {
    let case = doc_case();
    for (target, expected) in [
        (2.0 / 3.0, [0.7, 2.0 / 3.0, 2.0 / 3.0]),
        (0.9, [0.5, 1.0, 0.75]),
        (1.0, [0.5, 1.0, 0.75]),
        // The tie at 0.7 enters whole: the recall overshoots ½.
        (0.5, [0.7, 2.0 / 3.0, 2.0 / 3.0]),
        (0.2, [0.9, 1.0 / 3.0, 1.0]),
    ] {
        let got = call_ok!(roc_auc::threshold_for_recall(
            case.y.view(),
            case.s.view(),
            target
        ));
        check_pick(&case, target, got);
        expect_array(
            format!("threshold_for_recall({target}) of the doc's example"),
            &array![got.threshold, got.recall, got.precision],
            &Array1::from(expected.to_vec()),
        )
        .assert();
    }
    for (case, targets) in [
        (mixed_ties_case(), [0.25, 0.5, 0.6, 0.75, 1.0]),
        (random_case(), [0.1, 0.5, 0.8, 0.95, 1.0]),
    ] {
        for target in targets {
            let got = call_ok!(roc_auc::threshold_for_recall(
                case.y.view(),
                case.s.view(),
                target
            ));
            check_pick(&case, target, got);
        }
    }
    // No negative: every threshold has precision 1; recall 1 needs the lowest score.
    let got = call_ok!(roc_auc::threshold_for_recall(
        array![1, 1, 1].view(),
        array![0.2, 0.9, 0.4].view(),
        1.0
    ));
    expect_array(
        "threshold_for_recall(1) with labels [1, 1, 1], scores [0.2, 0.9, 0.4]: [threshold, recall, precision]",
        &array![got.threshold, got.recall, got.precision],
        &array![0.2, 1.0, 1.0],
    )
    .assert();
}

#[test]
fn threshold_for_recall_rejects_a_target_outside_0_1() {
    let case = doc_case();
    for target in [0.0, -0.5, 1.5, f64::INFINITY, f64::NAN] {
        let why = if target.is_nan() {
            "a NaN target fails every comparison, so a check written as `t <= 0.0 || t > 1.0` \
             lets it through: write it as !(t > 0.0 && t <= 1.0)"
        } else {
            "a target recall must be in (0, 1]: check it first and return InvalidRecall"
        };
        let error = expect_err(
            &format!("threshold_for_recall({target})"),
            why,
            call_explaining!(
                why,
                roc_auc::threshold_for_recall(case.y.view(), case.s.view(), target)
            ),
        );
        require(
            matches!(error, RocError::InvalidRecall { target: t } if t == target || (t.is_nan() && target.is_nan())),
            || {
                format!(
                    "threshold_for_recall({target}): expected InvalidRecall {{ target: {target} }}, got {error:?}"
                )
            },
        );
    }
    // The target comes first, before the data (here empty and mismatched).
    let error = expect_err(
        "threshold_for_recall(0) with 0 labels and 1 score",
        "the target is checked before the data",
        call!(roc_auc::threshold_for_recall(
            Array1::<usize>::zeros(0).view(),
            array![0.5].view(),
            0.0
        )),
    );
    expect_error(
        "threshold_for_recall(0) with 0 labels and 1 score",
        error,
        RocError::InvalidRecall { target: 0.0 },
        &[(
            RocError::LengthMismatch {
                labels: 0,
                scores: 1,
            },
            "InvalidRecall comes first, before any check of the data",
        )],
    );
    // The smallest possible target is valid.
    let got = call_ok!(roc_auc::threshold_for_recall(
        case.y.view(),
        case.s.view(),
        1e-12
    ));
    check_pick(&case, 1e-12, got);
}

// ---------------------------------------------------------------------------------------
// Errors: every function checks its data in the same order.

/// The function names, for the messages.
const FUNCTIONS: [&str; 5] = [
    "roc_curve",
    "roc_auc",
    "rank_auc",
    "average_precision",
    "threshold_for_recall",
];

/// Each data function's result on (y, s), reduced to Ok(()) or its error.
fn results_of_all(y: &[usize], s: &[f64]) -> [Result<(), RocError>; 5] {
    let (y, s) = (Array1::from(y.to_vec()), Array1::from(s.to_vec()));
    let (y, s) = (y.view(), s.view());
    let hint = "check the data before using it: a panic is never the answer to bad input";
    [
        call_explaining!(hint, roc_auc::roc_curve(y, s)).map(|_| ()),
        call_explaining!(hint, roc_auc::roc_auc(y, s)).map(|_| ()),
        call_explaining!(hint, roc_auc::rank_auc(y, s)).map(|_| ()),
        call_explaining!(hint, roc_auc::average_precision(y, s)).map(|_| ()),
        call_explaining!(hint, roc_auc::threshold_for_recall(y, s, 0.5)).map(|_| ()),
    ]
}

/// Fails unless every function returns `wanted` (`NaN` scores compared as NaN), naming the
/// mistake when the error is one of `mistakes`.
fn expect_all(
    what: &str,
    y: &[usize],
    s: &[f64],
    wanted: &[RocError; 5],
    mistakes: &[(RocError, &str)],
) {
    for ((name, got), wanted) in FUNCTIONS.iter().zip(results_of_all(y, s)).zip(wanted) {
        let what = format!("{name} of {what}");
        let error = expect_err(&what, &format!("{wanted:?}: {wanted}"), got);
        let nan_match = matches!(
            (&error, wanted),
            (RocError::NotFinite { index: a, value: u }, RocError::NotFinite { index: b, value: v })
                if a == b && u.is_nan() && v.is_nan()
        );
        if !nan_match {
            expect_error(&what, error, wanted.clone(), mistakes);
        }
    }
}

#[test]
fn lengths_are_checked_first_then_emptiness() {
    let wanted = RocError::LengthMismatch {
        labels: 0,
        scores: 1,
    };
    expect_all(
        "0 labels and 1 score",
        &[],
        &[0.5],
        &[(); 5].map(|_| wanted.clone()),
        &[
            (
                RocError::Empty,
                "the emptiness was checked first: LengthMismatch comes before Empty",
            ),
            (
                RocError::LengthMismatch {
                    labels: 1,
                    scores: 0,
                },
                "the two lengths are swapped: labels is y_true.len(), scores is scores.len()",
            ),
        ],
    );
    let wanted = RocError::LengthMismatch {
        labels: 3,
        scores: 2,
    };
    expect_all(
        "labels [0, 1, 2] and scores [0.1, NaN]",
        &[0, 1, 2],
        &[0.1, f64::NAN],
        &[(); 5].map(|_| wanted.clone()),
        &[(
            RocError::LengthMismatch {
                labels: 2,
                scores: 3,
            },
            "the two lengths are swapped: labels is y_true.len(), scores is scores.len()",
        )],
    );
    expect_all("no rows", &[], &[], &[(); 5].map(|_| RocError::Empty), &[]);
}

#[test]
fn the_first_bad_row_is_reported() {
    let inf = f64::INFINITY;
    expect_all(
        "labels [0, 1, 0, 5] and scores [0.2, ∞, 0.1, 0.3]",
        &[0, 1, 0, 5],
        &[0.2, inf, 0.1, 0.3],
        &[(); 5].map(|_| RocError::NotFinite {
            index: 1,
            value: inf,
        }),
        &[(
            RocError::NotBinary { index: 3, label: 5 },
            "every label was checked before any score: report the first bad row, whatever its \
             fault",
        )],
    );
    expect_all(
        "labels [1, 0, 0] and scores [0.1, 0.2, NaN]",
        &[1, 0, 0],
        &[0.1, 0.2, f64::NAN],
        &[(); 5].map(|_| RocError::NotFinite {
            index: 2,
            value: f64::NAN,
        }),
        &[],
    );
    let nan_first = results_of_all(&[0, 7, 1], &[0.1, f64::NAN, 0.2]);
    for (name, got) in FUNCTIONS.iter().zip(nan_first) {
        if let Err(RocError::NotFinite { .. }) = got {
            fail(format!(
                "{name}: row 1 has label 7 and score NaN: expected NotBinary {{ index: 1, label: 7 }}, got NotFinite\n    \
                 likely mistake: within a row, the label is checked before the score"
            ));
        }
    }
    expect_all(
        "labels [0, 7, 1] and scores [0.1, NaN, 0.2] (row 1 has both faults)",
        &[0, 7, 1],
        &[0.1, f64::NAN, 0.2],
        &[(); 5].map(|_| RocError::NotBinary { index: 1, label: 7 }),
        &[],
    );
    expect_all(
        "labels [1, 0] and scores [−∞, 0.3]",
        &[1, 0],
        &[f64::NEG_INFINITY, 0.3],
        &[(); 5].map(|_| RocError::NotFinite {
            index: 0,
            value: f64::NEG_INFINITY,
        }),
        &[],
    );
}

#[test]
fn bad_rows_come_before_a_missing_class() {
    let missing = "the classes were counted before every row was checked: NotBinary and \
                   NotFinite come before MissingClass";
    expect_all(
        "labels [0, 0, 2]",
        &[0, 0, 2],
        &[0.1, 0.2, 0.3],
        &[(); 5].map(|_| RocError::NotBinary { index: 2, label: 2 }),
        &[(RocError::MissingClass { class: 1 }, missing)],
    );
    expect_all(
        "labels [1, 1] and scores [0.1, ∞]",
        &[1, 1],
        &[0.1, f64::INFINITY],
        &[(); 5].map(|_| RocError::NotFinite {
            index: 1,
            value: f64::INFINITY,
        }),
        &[(RocError::MissingClass { class: 0 }, missing)],
    );
}

#[test]
fn a_missing_class_is_an_error() {
    let wrong_class = "`class` is the class that is MISSING: 1 when there is no positive, 0 when \
                       there is no negative";
    expect_all(
        "labels [0, 0, 0] (no positive)",
        &[0, 0, 0],
        &[0.1, 0.5, 0.3],
        &[(); 5].map(|_| RocError::MissingClass { class: 1 }),
        &[(RocError::MissingClass { class: 0 }, wrong_class)],
    );
    let results = results_of_all(&[1, 1, 1], &[0.1, 0.5, 0.3]);
    for (name, got) in FUNCTIONS.iter().zip(results).take(3) {
        let error = expect_err(
            &format!("{name} of labels [1, 1, 1] (no negative)"),
            "the false positive rate FP / N divides by N = 0",
            got,
        );
        expect_error(
            &format!("{name} of labels [1, 1, 1] (no negative)"),
            error,
            RocError::MissingClass { class: 0 },
            &[(RocError::MissingClass { class: 1 }, wrong_class)],
        );
    }
}

// ---------------------------------------------------------------------------------------
// breast_cancer: scikit-learn's figures for its logistic regression.

/// The test rows' labels and P(benign) of logistic regression (C = 1, standardized),
/// fitted here by linfa-logistic: scikit-learn's model on the same rows. Checked against
/// scikit-learn's published AUC, by the pair count, before any learner's code runs.
fn breast_cancer_scores() -> (Array1<usize>, Array1<f64>) {
    let (split, y_train, y_test) = regression_support::breast_cancer();
    let model = LogisticRegression::default()
        .alpha(1.0)
        .max_iterations(1_000)
        .fit(&linfa::Dataset::new(split.x_train.clone(), y_train))
        .expect("linfa-logistic fits breast_cancer");
    let p = model.predict_probabilities(&split.x_test);
    let auc = pairwise_auc(
        y_test.as_slice().expect("contiguous"),
        p.as_slice().expect("contiguous"),
    );
    assert!(
        (auc - SKLEARN_AUC).abs() < 5e-6,
        "the course's own check: linfa-logistic's model gives AUC {auc}, scikit-learn {SKLEARN_AUC}"
    );
    (y_test, p)
}

/// scikit-learn 1.9.1 on the 114 test rows (datasets/README.md).
const SKLEARN_AUC: f64 = 0.99537;
const SKLEARN_AP: f64 = 0.99707;
const SKLEARN_AP_MALIGNANT: f64 = 0.99405;

/// Published to 5 decimals.
const PUBLISHED: Tolerance = Tolerance {
    rel: 0.0,
    abs: 5e-6,
};

#[test]
fn breast_cancer_matches_scikit_learn() {
    let (y, p) = breast_cancer_scores();
    let case = Case {
        name: "P(benign) of breast_cancer's 114 test rows",
        y,
        s: p,
    };
    let curve = call_ok!(roc_auc::roc_curve(case.y.view(), case.s.view()));
    require(curve.thresholds.len() == 115, || {
        format!(
            "roc_curve of breast_cancer's test rows: expected 115 points like scikit-learn's \
             roc_curve(drop_intermediate=False) (114 distinct scores + (0, 0) at +∞), got {}",
            curve.thresholds.len()
        )
    });
    check_curve(&case, &curve);
    let auc = call_ok!(roc_auc::roc_auc(case.y.view(), case.s.view()));
    expect(
        "roc_auc of breast_cancer's logistic regression (scikit-learn: 0.99537)",
        auc,
        SKLEARN_AUC,
    )
    .tol(PUBLISHED)
    .assert();
    check_roc_auc(&case, auc);
    let rank = call_ok!(roc_auc::rank_auc(case.y.view(), case.s.view()));
    expect(
        "rank_auc of breast_cancer's logistic regression (scikit-learn: 0.99537)",
        rank,
        SKLEARN_AUC,
    )
    .tol(PUBLISHED)
    .assert();
    let ap = call_ok!(roc_auc::average_precision(case.y.view(), case.s.view()));
    check_ap(&case, ap);
    expect(
        "average_precision of breast_cancer's logistic regression, benign positive \
         (scikit-learn: 0.99707)",
        ap,
        SKLEARN_AP,
    )
    .tol(PUBLISHED)
    .assert();
    // Malignant as the positive class: labels 1 − y, scored by −P(benign).
    let malignant = Case {
        name: "breast_cancer's test rows, malignant positive (labels 1 − y, scores −P(benign))",
        y: case.y.mapv(|l| 1 - l),
        s: case.s.mapv(|v| -v),
    };
    let ap = call_ok!(roc_auc::average_precision(
        malignant.y.view(),
        malignant.s.view()
    ));
    check_ap(&malignant, ap);
    expect(
        "average_precision with malignant positive (scikit-learn: 0.99405)",
        ap,
        SKLEARN_AP_MALIGNANT,
    )
    .tol(PUBLISHED)
    .assert();
    for target in [0.9, 0.95, 0.99, 1.0] {
        let got = call_ok!(roc_auc::threshold_for_recall(
            malignant.y.view(),
            malignant.s.view(),
            target
        ));
        check_pick(&malignant, target, got);
    }
}
