//! Grader of exercises/04_classification/knn.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/04_classification/knn.rs"]
mod knn;
#[cfg(feature = "solutions")]
use mlings::reference::knn;

use mlings::datasets::{self, Folds};
use mlings::grade::{Tolerance, expect, expect_error, fail, require};
use mlings::prep::{StandardScaler, StandardizedSplit};
use mlings::types::knn::{KnnError, KnnParams, Neighbour, Weights};
use mlings::types::labels::NotAClassIndex;
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, array};

// ---------------------------------------------------------------------------------------
// The doc's k-NN written out here (brute force), with the mistaken variants the grader
// can name.

/// Squared Euclidean distance, the terms added in column order.
fn squared(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    a.iter()
        .zip(&b)
        .fold(0.0, |sum, (u, v)| sum + (u - v) * (u - v))
}

/// Every training row as (squared distance, row), in the doc's order: nearest first, then
/// the smaller row index.
fn ranked(x_train: ArrayView2<f64>, point: ArrayView1<f64>) -> Vec<(f64, usize)> {
    let mut all: Vec<(f64, usize)> = x_train
        .outer_iter()
        .enumerate()
        .map(|(row, r)| (squared(r, point), row))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    all
}

/// How a vote is counted: the doc's way, and mistaken ways.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Rule {
    Doc,
    /// A tied vote goes to the largest label.
    TieLargest,
    /// A tied vote goes to the class of the nearest neighbour among the tied classes.
    TieNearest,
    /// Distance weights of 1/d² (the squared distance used as d).
    InverseSquared,
    /// Distance weights ignored (every neighbour counts 1).
    WeightsIgnored,
    /// Exact matches get weight 1/0 = ∞ like any other neighbour.
    InfiniteWeight,
    /// Exact matches count 1, and the other neighbours still count 1/d.
    ExactOthersToo,
}

/// The label the doc's vote (or a mistaken `rule`) gives for neighbours (label, squared
/// distance) in neighbour order.
fn grader_vote(neighbours: &[(usize, f64)], weights: Weights, rule: Rule) -> usize {
    let exact = neighbours.iter().any(|&(_, d2)| d2 == 0.0);
    let weight = |d2: f64| match (weights, rule) {
        (Weights::Uniform, _) | (_, Rule::WeightsIgnored) => 1.0,
        (_, Rule::InfiniteWeight) => 1.0 / d2.sqrt(),
        (_, Rule::ExactOthersToo) if d2 == 0.0 => 1.0,
        (_, Rule::ExactOthersToo) => 1.0 / d2.sqrt(),
        _ if exact => f64::from(u8::from(d2 == 0.0)),
        (_, Rule::InverseSquared) => 1.0 / d2,
        _ => 1.0 / d2.sqrt(),
    };
    let mut tally: Vec<(usize, f64, usize)> = Vec::new(); // (label, total, first position)
    for (position, &(label, d2)) in neighbours.iter().enumerate() {
        match tally.iter_mut().find(|t| t.0 == label) {
            Some(t) => t.1 += weight(d2),
            None => tally.push((label, weight(d2), position)),
        }
    }
    let best = tally.iter().map(|t| t.1).fold(f64::NEG_INFINITY, f64::max);
    let tied = tally.iter().filter(|t| t.1 == best);
    match rule {
        Rule::TieLargest => tied.map(|t| t.0).max(),
        Rule::TieNearest => tied.min_by_key(|t| t.2).map(|t| t.0),
        _ => tied.map(|t| t.0).min(),
    }
    .expect("at least one neighbour")
}

/// The `k` nearest training rows of every row of `x` as (squared distance, row), in the
/// doc's order. The distances come from one matrix product (fast even unoptimized), then
/// the candidates near the k-th are re-measured exactly, term by term, and ranked.
fn neighbour_lists(
    x_train: ArrayView2<f64>,
    x: ArrayView2<f64>,
    k: usize,
) -> Vec<Vec<(f64, usize)>> {
    let train_norms = x_train.map_axis(Axis(1), |r| r.dot(&r));
    let products = x.dot(&x_train.t());
    x.outer_iter()
        .zip(products.outer_iter())
        .map(|(point, dots)| {
            let norm = point.dot(&point);
            let rough: Vec<f64> = (&train_norms - &(&dots * 2.0) + norm).to_vec();
            let mut sorted = rough.clone();
            let (_, &mut kth, _) = sorted.select_nth_unstable_by(k - 1, f64::total_cmp);
            let slack = 1e-6 * (1.0 + kth.abs() + norm);
            let mut exact: Vec<(f64, usize)> = rough
                .iter()
                .enumerate()
                .filter(|&(_, &r)| r <= kth + slack)
                .map(|(row, _)| (squared(x_train.row(row), point), row))
                .collect();
            exact.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            exact.truncate(k);
            exact
        })
        .collect()
}

/// The doc's (or a mistaken) vote of the first `k` neighbours of every list.
fn classify_lists(
    lists: &[Vec<(f64, usize)>],
    y_train: ArrayView1<usize>,
    k: usize,
    weights: Weights,
    rule: Rule,
) -> Array1<usize> {
    lists
        .iter()
        .map(|list| {
            let near: Vec<(usize, f64)> = list
                .iter()
                .take(k)
                .map(|&(d2, row)| (y_train[row], d2))
                .collect();
            grader_vote(&near, weights, rule)
        })
        .collect()
}

/// The doc's (or a mistaken) k-NN classification of every row of `x`.
fn grader_classify(
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<usize>,
    x: ArrayView2<f64>,
    k: usize,
    weights: Weights,
    rule: Rule,
) -> Array1<usize> {
    classify_lists(&neighbour_lists(x_train, x, k), y_train, k, weights, rule)
}

/// The doc's k-NN regression of every row of `x`.
fn grader_regress(
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<f64>,
    x: ArrayView2<f64>,
    k: usize,
    weights: Weights,
) -> Array1<f64> {
    neighbour_lists(x_train, x, k)
        .into_iter()
        .map(|near| {
            let exact: Vec<f64> = near
                .iter()
                .filter(|n| n.0 == 0.0)
                .map(|n| y_train[n.1])
                .collect();
            match weights {
                Weights::Uniform => near.iter().map(|n| y_train[n.1]).sum::<f64>() / k as f64,
                Weights::Distance if !exact.is_empty() => {
                    exact.iter().sum::<f64>() / exact.len() as f64
                }
                Weights::Distance => {
                    let w: Vec<f64> = near.iter().map(|n| 1.0 / n.0.sqrt()).collect();
                    let total: f64 = near.iter().zip(&w).map(|(n, w)| w * y_train[n.1]).sum();
                    total / w.iter().sum::<f64>()
                }
            }
        })
        .collect()
}

/// An input with a fault (or two): what it is, the rows, the second argument, k, the
/// error the doc asks for, a wrong error a likely mistake gives, and that mistake.
type ErrorCase<'a, T> = (
    &'a str,
    ArrayView2<'a, f64>,
    Array1<T>,
    usize,
    KnnError,
    KnnError,
    &'a str,
);

/// The same for choose_k: what, the labels, the folds, the candidates, the errors, why.
type ChooseKErrorCase<'a> = (
    &'a str,
    Array1<usize>,
    &'a Folds,
    Vec<usize>,
    KnnError,
    KnnError,
    &'a str,
);

fn neighbours(pairs: &[(usize, f64)]) -> Vec<Neighbour> {
    pairs
        .iter()
        .map(|&(row, squared_distance)| Neighbour {
            row,
            squared_distance,
        })
        .collect()
}

/// The diagnosis of a KTooLarge where k equals the number of rows.
fn k_equal_rows_hint(error: &KnnError) -> &'static str {
    match error {
        KnnError::KTooLarge { k, rows } if k == rows => {
            "\n    likely mistake: k = rows is allowed (every row is then a neighbour): \
             KTooLarge only when k > rows (use >, not >=)"
        }
        _ => "",
    }
}

fn rows_of(found: &[Neighbour]) -> Vec<usize> {
    found.iter().map(|n| n.row).collect()
}

fn accuracy(truth: ArrayView1<usize>, predicted: ArrayView1<usize>) -> f64 {
    let hits = truth.iter().zip(&predicted).filter(|(t, p)| t == p).count();
    hits as f64 / truth.len() as f64
}

// ---------------------------------------------------------------------------------------
// nearest_neighbours

/// The k nearest rows by the Manhattan distance Σ|aⱼ − bⱼ| (a mistake), ties by row.
fn manhattan_rows(x_train: ArrayView2<f64>, point: ArrayView1<f64>, k: usize) -> Vec<usize> {
    let mut all: Vec<(f64, usize)> = x_train
        .outer_iter()
        .enumerate()
        .map(|(row, r)| (r.iter().zip(&point).map(|(a, b)| (a - b).abs()).sum(), row))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    all.into_iter().take(k).map(|(_, row)| row).collect()
}

/// Checks the learner's neighbours of `point` against the doc's, naming what differs.
#[track_caller]
fn check_neighbours(what: &str, x_train: ArrayView2<f64>, point: ArrayView1<f64>, k: usize) {
    let got = match call!(knn::nearest_neighbours(x_train, point, k)) {
        Ok(found) => found,
        Err(error) => fail(format!(
            "{what}: returned Err({error:?}) on valid input{}",
            k_equal_rows_hint(&error)
        )),
    };
    let all = ranked(x_train, point);
    let wanted: Vec<(f64, usize)> = all.iter().copied().take(k).collect();
    let wanted_rows: Vec<usize> = wanted.iter().map(|w| w.1).collect();
    let got_rows = rows_of(&got);
    if got.len() != k {
        fail(format!(
            "{what}: expected the {k} nearest rows, got {} neighbours\n    likely mistake: \
             return exactly k neighbours, the first k of the sorted rows",
            got.len()
        ));
    }
    if got_rows != wanted_rows {
        // Farthest first: the got rows' distances never increase, starting from the largest.
        let distance_of = |row: usize| squared(x_train.row(row), point);
        let largest = all.last().map_or(0.0, |w| w.0);
        let farthest = got.iter().all(|g| g.row < x_train.nrows())
            && distance_of(got_rows[0]) == largest
            && largest > wanted[0].0
            && got_rows
                .windows(2)
                .all(|pair| distance_of(pair[0]) >= distance_of(pair[1]));
        let same_distances = got.iter().zip(&wanted).all(|(g, w)| {
            x_train
                .row(g.row.min(x_train.nrows() - 1))
                .iter()
                .zip(&point)
                .fold(0.0, |s, (a, b)| s + (a - b) * (a - b))
                == w.0
        });
        let mut in_order = got_rows.clone();
        in_order.sort_by(|&a, &b| distance_of(a).total_cmp(&distance_of(b)).then(a.cmp(&b)));
        let right_set = got.iter().all(|g| g.row < x_train.nrows()) && in_order == wanted_rows;
        let valid = got.iter().all(|g| g.row < x_train.nrows());
        let diagnosis = if same_distances && valid {
            "\n    likely mistake: the distances are right but equally distant rows are in \
             the wrong order: among equal distances the smaller row index comes first (sort \
             by (distance, row), or use a stable sort of the rows in index order)"
        } else if right_set {
            "\n    likely mistake: the right k rows, but not in order: sort them nearest first, \
             by (squared distance, row)"
        } else if farthest {
            "\n    likely mistake: these are the FARTHEST rows: sort by distance ascending, \
             nearest first"
        } else if got_rows == manhattan_rows(x_train, point, k) {
            "\n    likely mistake: these are the nearest rows by Σ|aⱼ − bⱼ| (the Manhattan \
             distance): the Euclidean distance squares the differences, Σ (aⱼ − bⱼ)²"
        } else {
            ""
        };
        fail(format!(
            "{what}: wrong neighbours (rows, nearest first)\n    expected rows: \
             {wanted_rows:?}\n    got rows:      {got_rows:?}{diagnosis}"
        ));
    }
    for (g, w) in got.iter().zip(&wanted) {
        // |a|² + |b|² − 2a·b is the same number in exact arithmetic, but in floating point
        // it loses the digits of the (small) distance to those of the (large) norms.
        let row = x_train.row(g.row);
        let norms = row.dot(&row) + point.dot(&point);
        let gap = (g.squared_distance - w.0).abs();
        if gap > 1e-12 * w.0.abs().max(1e-300) && gap <= 1e-13 * norms {
            fail(format!(
                "{what}: squared distance of row {}\n    expected: {}\n    got:      {}\n    \
                 likely mistake: an error of the size of the rounding of |a|² + |b|² = {norms:e}: \
                 you used the expansion |a|² + |b|² − 2a·b, whose terms cancel far from the \
                 origin. Add up (aⱼ − bⱼ)² term by term",
                g.row, w.0, g.squared_distance
            ));
        }
        expect(
            format!("{what}: squared distance of row {}", g.row),
            g.squared_distance,
            w.0,
        )
        .tol(Tolerance::rel(1e-12))
        .no_generic_diagnosis()
        .mistake(
            w.0.sqrt(),
            "that is the distance d, not its square: a Neighbour carries the squared \
             distance Σⱼ (aⱼ − bⱼ)² (Neighbour::distance() takes the square root)",
        )
        .assert();
    }
}

#[test]
fn nearest_neighbours_by_hand() {
    // The doc's example: distances² 0, 9, 1, 1; rows 2 and 3 tie and 2 < 3.
    let x = array![[0.0], [3.0], [1.0], [-1.0]];
    check_neighbours(
        "nearest_neighbours of [0] among [[0], [3], [1], [−1]], k = 3",
        x.view(),
        array![0.0].view(),
        3,
    );
    // Two features: squared distances 9, 4, 2, 0 (row 3 is the point itself).
    let x = array![[0.0, 3.0], [2.0, 0.0], [1.0, 1.0], [0.0, 0.0]];
    check_neighbours(
        "nearest_neighbours of [0, 0] among [[0, 3], [2, 0], [1, 1], [0, 0]], k = 2",
        x.view(),
        array![0.0, 0.0].view(),
        2,
    );
    check_neighbours(
        "nearest_neighbours of [0, 0] among [[0, 3], [2, 0], [1, 1], [0, 0]], k = 4 (all rows)",
        x.view(),
        array![0.0, 0.0].view(),
        4,
    );
}

#[test]
fn nearest_neighbours_far_from_the_origin() {
    // Rows about 1, 3 and 2 away from a point whose squared norm is 1.25e14.
    let (p0, p1) = (1e7 + 0.3, 5e6 + 0.7);
    let x = array![[p0 + 1.0, p1], [p0 + 3.0, p1], [p0 - 2.0, p1]];
    check_neighbours(
        "nearest_neighbours of [1e7 + 0.3, 5e6 + 0.7] among rows about 1, 3 and 2 away, k = 3",
        x.view(),
        array![p0, p1].view(),
        3,
    );
}

#[test]
fn nearest_neighbours_break_distance_ties_by_row_index() {
    // Squared distances 4, 1, 1, 1, 4, 1: four rows tie at 1, and k = 2 keeps the two with
    // the smallest indices, 1 and 2, whatever order a sort leaves them in.
    let x = array![[2.0], [1.0], [-1.0], [1.0], [-2.0], [-1.0]];
    check_neighbours(
        "nearest_neighbours of [0] among [[2], [1], [−1], [1], [−2], [−1]], k = 2 (rows 1, 2, 3 \
         and 5 are all at distance 1)",
        x.view(),
        array![0.0].view(),
        2,
    );
    // 40 rows, in 8 groups of 5 equally distant rows, listed from the far end: a sort that
    // is not by (distance, row) shows here.
    let x = Array2::from_shape_fn((40, 2), |(i, j)| {
        let ring = (7 - i / 5) as f64 + 1.0;
        let sign = if i % 2 == 0 { 1.0 } else { -1.0 };
        if (i + j) % 2 == 0 { ring * sign } else { 0.0 }
    });
    check_neighbours(
        "nearest_neighbours of [0, 0] among 40 rows at 8 distances (5 rows at each), k = 12",
        x.view(),
        array![0.0, 0.0].view(),
        12,
    );
}

#[test]
fn nearest_neighbours_check_their_input_in_the_documented_order() {
    let x = array![[0.0, 1.0], [1.0, 0.0]];
    let no_rows = Array2::<f64>::zeros((0, 2));
    let cases: [ErrorCase<f64>; 4] = [
        (
            "k = 0 among no rows",
            no_rows.view(),
            array![0.0, 0.0],
            0,
            KnnError::InvalidK { k: 0 },
            KnnError::Empty,
            "k = 0 is checked first, before the rows",
        ),
        (
            "k = 1 among no rows",
            no_rows.view(),
            array![0.0, 0.0],
            1,
            KnnError::Empty,
            KnnError::KTooLarge { k: 1, rows: 0 },
            "no rows is Empty, checked before k is compared with the number of rows",
        ),
        (
            "k = 3 among 2 rows, with a 3-value point",
            x.view(),
            array![0.0, 0.0, 0.0],
            3,
            KnnError::KTooLarge { k: 3, rows: 2 },
            KnnError::ColumnsMismatch { train: 2, query: 3 },
            "KTooLarge is checked before the columns",
        ),
        (
            "a 3-value point for 2-column rows",
            x.view(),
            array![0.0, 0.0, 0.0],
            1,
            KnnError::ColumnsMismatch { train: 2, query: 3 },
            KnnError::ColumnsMismatch { train: 3, query: 2 },
            "the fields are swapped: train is x_train.ncols(), query is point.len()",
        ),
    ];
    for (what, x, point, k, wanted, wrong, why) in cases {
        let got = call!(knn::nearest_neighbours(x, point.view(), k));
        match got {
            Ok(found) => fail(format!(
                "nearest_neighbours with {what}: expected Err({wanted:?}), got {} neighbours",
                found.len()
            )),
            Err(error) => expect_error(
                &format!("nearest_neighbours with {what}"),
                error,
                wanted,
                &[(wrong, why)],
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------
// vote

/// The mistaken rules the learner's `vote` does NOT follow, told apart by probes on which
/// the rules disagree (none when vote is unfinished or panics):
/// - labels (1, 2) at equal distances tie: a tie to the larger label gives 2, to the
///   nearest neighbour's class 1;
/// - labels (1, 0, 0) at distances 1, 3, 3: 1/d (or 1/d²) gives 1, uniform counts 0;
/// - labels (1, 0, 0) at distances 1, 1.5, 1.5: 1/d gives 0, 1/d² gives 1.
fn ruled_out() -> Vec<Rule> {
    let probe = |labels: Array1<usize>, d2: &[f64], weights: Weights| {
        let found = neighbours(&[(0, d2[0]), (1, d2[1]), (2, d2[2])][..labels.len()]);
        mlings::grade::catch_todo(|| knn::vote(&found, labels.view(), weights))
            .ok()
            .and_then(Result::ok)
    };
    let mut out = Vec::new();
    match probe(array![1, 2], &[1.0, 1.0, 0.0], Weights::Uniform) {
        Some(2) => out.push(Rule::TieNearest),
        Some(1) => out.push(Rule::TieLargest),
        _ => {}
    }
    if probe(array![1, 0, 0], &[1.0, 9.0, 9.0], Weights::Distance) == Some(1) {
        out.push(Rule::WeightsIgnored);
    }
    if probe(array![1, 0, 0], &[1.0, 2.25, 2.25], Weights::Distance) == Some(0) {
        out.push(Rule::InverseSquared);
    }
    out
}

/// Checks `vote` on neighbours with these labels and squared distances, against the doc's
/// vote and the mistaken rules that would give another answer.
#[track_caller]
fn check_vote(what: &str, labels: &[usize], squared_distances: &[f64], weights: Weights) {
    let y_train = Array1::from(labels.to_vec());
    let found: Vec<Neighbour> = squared_distances
        .iter()
        .enumerate()
        .map(|(row, &squared_distance)| Neighbour {
            row,
            squared_distance,
        })
        .collect();
    let got = call_ok!(knn::vote(&found, y_train.view(), weights));
    let pairs: Vec<(usize, f64)> = labels
        .iter()
        .copied()
        .zip(squared_distances.iter().copied())
        .collect();
    let wanted = grader_vote(&pairs, weights, Rule::Doc);
    if got == wanted {
        return;
    }
    let explain = |rule: Rule| match rule {
        Rule::TieLargest => "a tied vote goes to the SMALLEST of the tied labels",
        Rule::TieNearest => {
            "a tied vote goes to the smallest of the tied labels, not to the class seen first \
             (the nearest neighbour's)"
        }
        Rule::InverseSquared => {
            "you weighted by 1/d² (1 / squared_distance): the weight is 1/d with d = \
             neighbour.distance(), the square root"
        }
        Rule::WeightsIgnored => {
            "every neighbour counted 1: with Weights::Distance a neighbour counts 1/d"
        }
        Rule::InfiniteWeight => {
            "exact matches (d = 0) got weight 1/0 = ∞, and ∞ + ∞ ties with ∞: when some \
             neighbours are at distance 0, those alone vote, weight 1 each"
        }
        Rule::ExactOthersToo => {
            "the exact matches counted 1 but the other neighbours still counted 1/d: when \
             some neighbours are at distance 0, the others count 0 (the exact matches alone \
             vote)"
        }
        Rule::Doc => "",
    };
    let mut rules: Vec<Rule> = [
        Rule::TieLargest,
        Rule::TieNearest,
        Rule::InverseSquared,
        Rule::WeightsIgnored,
        Rule::InfiniteWeight,
        Rule::ExactOthersToo,
    ]
    .into_iter()
    .filter(|&rule| grader_vote(&pairs, weights, rule) == got)
    .collect();
    if rules.len() > 1 {
        let excluded = ruled_out();
        rules.retain(|rule| !excluded.contains(rule));
    }
    let diagnosis = rules
        .first()
        .map(|&rule| format!("\n    likely mistake: {}", explain(rule)))
        .unwrap_or_default();
    fail(format!(
        "vote of {what} ({weights:?} weights)\n    labels of the neighbours: {labels:?}\n    \
         their squared distances:  {squared_distances:?}\n    expected class {wanted}, got \
         {got}{diagnosis}"
    ));
}

#[test]
fn uniform_vote_and_its_tie_rule() {
    check_vote(
        "the doc's first example",
        &[1, 0, 0],
        &[1.0, 9.0, 9.0],
        Weights::Uniform,
    );
    check_vote("a 2-way tie", &[2, 1], &[1.0, 1.0], Weights::Uniform);
    check_vote(
        "a tie where the nearest neighbour has the smaller label",
        &[1, 2, 2, 1, 3],
        &[1.0, 2.0, 3.0, 4.0, 5.0],
        Weights::Uniform,
    );
    check_vote(
        "a tie where the nearest neighbour has the larger label",
        &[3, 0, 3, 0, 1],
        &[1.0, 2.0, 3.0, 4.0, 5.0],
        Weights::Uniform,
    );
    check_vote(
        "a clear majority (no tie)",
        &[4, 2, 4, 4, 2],
        &[0.5, 1.0, 2.0, 3.0, 4.0],
        Weights::Uniform,
    );
}

#[test]
fn distance_weighted_vote() {
    // 1/d: class 1 gets 1, class 0 gets 1/3 + 1/3.
    check_vote(
        "the doc's first example",
        &[1, 0, 0],
        &[1.0, 9.0, 9.0],
        Weights::Distance,
    );
    // 1/d: 1 against 1/1.5 + 1/1.5 = 1.33 (class 0); 1/d² would give 1 against 0.89.
    check_vote(
        "labels (1, 0, 0) at distances 1, 1.5, 1.5",
        &[1, 0, 0],
        &[1.0, 2.25, 2.25],
        Weights::Distance,
    );
    // 1/d: 1 against 1/2 + 1/2, a tie: the smaller label.
    check_vote(
        "the doc's tie (distances 1, 2, 2)",
        &[1, 0, 0],
        &[1.0, 4.0, 4.0],
        Weights::Distance,
    );
    check_vote(
        "labels (0, 1) at distances 1 and 2 (one vote each, but not equal weights)",
        &[1, 0],
        &[1.0, 4.0],
        Weights::Distance,
    );
}

#[test]
fn exact_matches_alone_vote() {
    check_vote(
        "the doc's example with an exact match (distances 0, 0.5, 0.5)",
        &[1, 0, 0],
        &[0.0, 0.25, 0.25],
        Weights::Distance,
    );
    // Two exact matches of class 1 against one of class 0: 2 against 1 (with 1/0 = ∞
    // every exact class has ∞ and they would tie).
    check_vote(
        "three exact matches (labels 0, 1, 1) and two neighbours at distance 1 (class 0)",
        &[0, 1, 1, 0, 0],
        &[0.0, 0.0, 0.0, 1.0, 1.0],
        Weights::Distance,
    );
    // Uniform weights do not care about exact matches: 3 votes for 0 against 2.
    check_vote(
        "uniform votes with exact matches (labels 0, 1, 1, 0, 0)",
        &[0, 1, 1, 0, 0],
        &[0.0, 0.0, 0.0, 1.0, 1.0],
        Weights::Uniform,
    );
}

#[test]
fn vote_reads_labels_by_row_and_checks_its_input() {
    // The neighbours are rows 3, 0, 2 of y_train: their labels are 2, 1, 2 (not the first
    // three labels 1, 0, 2).
    let y_train = array![1, 0, 2, 2];
    let found = neighbours(&[(3, 1.0), (0, 2.0), (2, 3.0)]);
    let got = call_ok!(knn::vote(&found, y_train.view(), Weights::Uniform));
    require(got == 2, || {
        let hint =
            if got == grader_vote(&[(1, 1.0), (0, 2.0), (2, 3.0)], Weights::Uniform, Rule::Doc) {
                "\n    likely mistake: you took the labels in the order of y_train; neighbour i \
             votes for y_train[neighbours[i].row]"
            } else {
                ""
            };
        format!(
            "vote of neighbours rows (3, 0, 2) with y_train = [1, 0, 2, 2]: their labels are \
             (2, 1, 2), expected class 2, got {got}{hint}"
        )
    });
    let error = call!(knn::vote(
        &[],
        Array1::<usize>::zeros(0).view(),
        Weights::Uniform
    ));
    match error {
        Ok(label) => fail(format!(
            "vote of no neighbours: expected Err(NoNeighbours), got Ok({label})"
        )),
        Err(error) => expect_error(
            "vote of no neighbours (and no labels)",
            error,
            KnnError::NoNeighbours,
            &[],
        ),
    }
    let found = neighbours(&[(1, 1.0), (5, 2.0), (7, 3.0)]);
    match call!(knn::vote(&found, y_train.view(), Weights::Uniform)) {
        Ok(label) => fail(format!(
            "vote of neighbour rows (1, 5, 7) with 4 labels: expected Err(RowOutOfRange {{ row: \
             5, rows: 4 }}), got Ok({label})"
        )),
        Err(error) => expect_error(
            "vote of neighbour rows (1, 5, 7) with 4 labels",
            error,
            KnnError::RowOutOfRange { row: 5, rows: 4 },
            &[(
                KnnError::RowOutOfRange { row: 7, rows: 4 },
                "report the FIRST neighbour whose row has no label, not the last",
            )],
        ),
    }
}

// ---------------------------------------------------------------------------------------
// fit, fit_regressor

#[test]
fn fit_stores_the_training_rows() {
    let x = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
    let y = array![0, 2, 1];
    let params = KnnParams::new(2).weights(Weights::Distance);
    let model = call_ok!(knn::fit(x.view(), y.view(), &params));
    require(model.x_train == x && model.y_train == y, || {
        "fit must store a copy of x_train and y_train, unchanged (k-NN learns nothing \
         else: all the work is in predict)"
            .into()
    });
    require(model.params == params, || {
        format!(
            "fit stored the settings {:?}, expected {params:?}",
            model.params
        )
    });
    let targets = array![0.5, -1.0, 2.0];
    let model = call_ok!(knn::fit_regressor(x.view(), targets.view(), &params));
    require(
        model.x_train == x && model.y_train == targets && model.params == params,
        || "fit_regressor must store a copy of x_train, y_train and the settings, unchanged".into(),
    );
}

/// The error of a learner's fit (classifier), or a failure when it returned Ok.
#[track_caller]
fn fit_error(what: &str, x: ArrayView2<f64>, y: ArrayView1<usize>, k: usize) -> KnnError {
    match call!(knn::fit(x, y, &KnnParams::new(k))) {
        Ok(_) => fail(format!("fit with {what}: expected an error, got a model")),
        Err(error) => error,
    }
}

#[track_caller]
fn fit_regressor_error(what: &str, x: ArrayView2<f64>, y: ArrayView1<f64>, k: usize) -> KnnError {
    match call!(knn::fit_regressor(x, y, &KnnParams::new(k))) {
        Ok(_) => fail(format!(
            "fit_regressor with {what}: expected an error, got a model"
        )),
        Err(error) => error,
    }
}

#[test]
fn fit_checks_its_input_in_the_documented_order() {
    let x = array![[0.0], [1.0]];
    let none = Array2::<f64>::zeros((0, 1));
    let huge = 1usize << 40;
    let cases: Vec<ErrorCase<usize>> = vec![
        (
            "k = 0 and 2 rows with 3 labels",
            x.view(),
            array![0, 1, 1],
            0,
            KnnError::InvalidK { k: 0 },
            KnnError::RowsMismatch {
                rows: 2,
                targets: 3,
            },
            "call params.validate()? first, before looking at the data",
        ),
        (
            "0 rows and 1 label",
            none.view(),
            array![0],
            1,
            KnnError::RowsMismatch {
                rows: 0,
                targets: 1,
            },
            KnnError::Empty,
            "the counts differ: RowsMismatch comes before Empty",
        ),
        (
            "2 rows, 3 labels",
            x.view(),
            array![0, 1, 1],
            1,
            KnnError::RowsMismatch {
                rows: 2,
                targets: 3,
            },
            KnnError::RowsMismatch {
                rows: 3,
                targets: 2,
            },
            "the fields are swapped: rows is x_train.nrows(), targets is y_train.len()",
        ),
        (
            "0 rows, 0 labels and k = 1",
            none.view(),
            Array1::zeros(0),
            1,
            KnnError::Empty,
            KnnError::KTooLarge { k: 1, rows: 0 },
            "no rows is Empty, checked before k is compared with the number of rows",
        ),
        (
            "a label 2^40 and k = 3 for 2 rows",
            x.view(),
            array![0, huge],
            3,
            KnnError::NotAClassIndex(NotAClassIndex {
                row: 1,
                label: huge,
            }),
            KnnError::KTooLarge { k: 3, rows: 2 },
            "the labels are checked (class_count(y_train)?) before k",
        ),
        (
            "k = 3 for 2 rows",
            x.view(),
            array![0, 1],
            3,
            KnnError::KTooLarge { k: 3, rows: 2 },
            KnnError::KTooLarge { k: 2, rows: 3 },
            "the fields are swapped",
        ),
    ];
    for (what, x, y, k, wanted, wrong, why) in cases {
        let error = fit_error(what, x, y.view(), k);
        expect_error(&format!("fit with {what}"), error, wanted, &[(wrong, why)]);
    }
    // k equal to the number of rows is fine: every row votes.
    if let Err(error) = call!(knn::fit(x.view(), array![0, 1].view(), &KnnParams::new(2))) {
        fail(format!(
            "fit with k = 2 for 2 rows returned Err({error:?}); every row may vote{}",
            k_equal_rows_hint(&error)
        ));
    }
}

#[test]
fn fit_regressor_checks_its_input_in_the_documented_order() {
    let x = array![[0.0], [1.0]];
    let none = Array2::<f64>::zeros((0, 1));
    let cases: Vec<ErrorCase<f64>> = vec![
        (
            "k = 0 and 2 rows with 3 targets",
            x.view(),
            array![0.0, 1.0, 1.0],
            0,
            KnnError::InvalidK { k: 0 },
            KnnError::RowsMismatch {
                rows: 2,
                targets: 3,
            },
            "call params.validate()? first, before looking at the data",
        ),
        (
            "0 rows and 1 target",
            none.view(),
            array![0.0],
            1,
            KnnError::RowsMismatch {
                rows: 0,
                targets: 1,
            },
            KnnError::Empty,
            "the counts differ: RowsMismatch comes before Empty",
        ),
        (
            "0 rows, 0 targets and k = 1",
            none.view(),
            Array1::zeros(0),
            1,
            KnnError::Empty,
            KnnError::KTooLarge { k: 1, rows: 0 },
            "no rows is Empty, checked before k is compared with the number of rows",
        ),
        (
            "k = 3 for 2 rows",
            x.view(),
            array![0.5, 1.5],
            3,
            KnnError::KTooLarge { k: 3, rows: 2 },
            KnnError::KTooLarge { k: 2, rows: 3 },
            "the fields are swapped",
        ),
    ];
    for (what, x, y, k, wanted, wrong, why) in cases {
        let error = fit_regressor_error(what, x, y.view(), k);
        expect_error(
            &format!("fit_regressor with {what}"),
            error,
            wanted,
            &[(wrong, why)],
        );
    }
    if let Err(error) = call!(knn::fit_regressor(
        x.view(),
        array![0.5, 1.5].view(),
        &KnnParams::new(2)
    )) {
        fail(format!(
            "fit_regressor with k = 2 for 2 rows returned Err({error:?}); every row may vote{}",
            k_equal_rows_hint(&error)
        ));
    }
}

// ---------------------------------------------------------------------------------------
// predict, predict_regression

#[test]
fn predictions_check_the_columns() {
    let x = array![[0.0, 1.0], [1.0, 0.0]];
    let model = call_ok!(knn::fit(x.view(), array![0, 1].view(), &KnnParams::new(1)));
    let regressor = call_ok!(knn::fit_regressor(
        x.view(),
        array![0.5, 1.5].view(),
        &KnnParams::new(1)
    ));
    let wanted = KnnError::ColumnsMismatch { train: 2, query: 3 };
    let swapped = KnnError::ColumnsMismatch { train: 3, query: 2 };
    for rows in [1, 0] {
        let query = Array2::<f64>::zeros((rows, 3));
        let what = format!("{rows} row(s) of 3 columns for a model of 2 columns");
        let why = if rows == 0 {
            "even with no rows to predict, x must have the model's columns: check before the loop"
        } else {
            "every query row needs the training rows' columns"
        };
        match call!(knn::predict(&model, query.view())) {
            Ok(_) => fail(format!(
                "predict of {what}: expected Err({wanted:?}), got Ok\n    why: {why}"
            )),
            Err(error) => expect_error(
                &format!("predict of {what}"),
                error,
                wanted.clone(),
                &[(
                    swapped.clone(),
                    "the fields are swapped: train is the model's columns",
                )],
            ),
        }
        match call!(knn::predict_regression(&regressor, query.view())) {
            Ok(_) => fail(format!(
                "predict_regression of {what}: expected Err({wanted:?}), got Ok\n    why: {why}"
            )),
            Err(error) => expect_error(
                &format!("predict_regression of {what}"),
                error,
                wanted.clone(),
                &[(
                    swapped.clone(),
                    "the fields are swapped: train is the model's columns",
                )],
            ),
        }
    }
}

/// Checks the learner's predict against the doc's on these rows, naming a mistaken rule
/// that would give the learner's labels.
#[track_caller]
fn check_predict(
    what: &str,
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<usize>,
    x: ArrayView2<f64>,
    params: KnnParams,
) {
    let model = call_ok!(knn::fit(x_train, y_train, &params));
    let got = call_ok!(knn::predict(&model, x));
    let kmax = (params.k + 1).min(x_train.nrows());
    let lists = neighbour_lists(x_train, x, kmax);
    let wanted = classify_lists(&lists, y_train, params.k, params.weights, Rule::Doc);
    if got.len() != wanted.len() {
        fail(format!(
            "predict on {what}: expected {} labels (one per row of x), got {}",
            wanted.len(),
            got.len()
        ));
    }
    let Some(row) = (0..got.len()).find(|&i| got[i] != wanted[i]) else {
        return;
    };
    let near: Vec<(f64, usize)> = lists[row].iter().copied().take(params.k).collect();
    let near_rows: Vec<usize> = near.iter().map(|n| n.1).collect();
    let near_labels: Vec<usize> = near.iter().map(|n| y_train[n.1]).collect();
    let mut diagnosis = String::new();
    let excluded = ruled_out();
    for rule in [
        Rule::TieLargest,
        Rule::TieNearest,
        Rule::InverseSquared,
        Rule::WeightsIgnored,
        Rule::InfiniteWeight,
        Rule::ExactOthersToo,
    ] {
        if !excluded.contains(&rule)
            && classify_lists(&lists, y_train, params.k, params.weights, rule) == got
        {
            diagnosis = format!(
                "\n    likely mistake: {}",
                match rule {
                    Rule::TieLargest => "a tied vote goes to the SMALLEST of the tied labels",
                    Rule::TieNearest =>
                        "a tied vote goes to the smallest tied label, not to the nearest \
                         neighbour's class",
                    Rule::InverseSquared =>
                        "distance weights of 1/d², from the squared distance: use 1/d",
                    Rule::WeightsIgnored =>
                        "the model's weights were ignored: use model.params.weights",
                    Rule::InfiniteWeight =>
                        "exact matches (d = 0) must vote alone, weight 1 each (1/0 = ∞ ties)",
                    Rule::ExactOthersToo =>
                        "with exact matches among the k, the others count 0 (the exact \
                         matches alone vote)",
                    Rule::Doc => "",
                }
            );
            break;
        }
    }
    if diagnosis.is_empty() {
        for k in [params.k + 1, params.k.saturating_sub(1)] {
            if k >= 1
                && k <= x_train.nrows()
                && classify_lists(&lists, y_train, k, params.weights, Rule::Doc) == got
            {
                diagnosis = format!(
                    "\n    likely mistake: these are the votes of {k} neighbours: use exactly \
                     model.params.k = {}",
                    params.k
                );
                break;
            }
        }
    }
    let wrong = got.iter().zip(&wanted).filter(|(g, w)| g != w).count();
    fail(format!(
        "predict on {what} (k = {}, {:?} weights): {wrong} of {} labels differ; the first is \
         row {row}\n    expected class {}, got {}\n    its {} nearest training rows (by the doc's \
         tie rule): {near_rows:?}, with labels {near_labels:?}{diagnosis}",
        params.k,
        params.weights,
        got.len(),
        wanted[row],
        got[row],
        params.k,
    ));
}

/// A small 2-D problem with ties in distance and in votes: a 4 x 4 grid of training points
/// with labels 0..3 and queries between them.
fn grid_problem() -> (Array2<f64>, Array1<usize>, Array2<f64>) {
    let x_train = Array2::from_shape_fn((16, 2), |(i, j)| {
        if j == 0 {
            (i % 4) as f64
        } else {
            (i / 4) as f64
        }
    });
    let y_train = Array1::from_shape_fn(16, |i| (i * 7 + i / 3) % 4);
    let x = Array2::from_shape_fn((49, 2), |(i, j)| {
        if j == 0 {
            (i % 7) as f64 * 0.5
        } else {
            (i / 7) as f64 * 0.5
        }
    });
    (x_train, y_train, x)
}

#[test]
fn predict_by_hand() {
    // 1-D: query 0 is at distance 1 from rows 0 (class 1) and 1 (class 0): k = 1 takes row
    // 0 (the smaller index); k = 2 is a tie vote, won by class 0; k = 3 adds row 2 (class 1).
    let x_train = array![[-1.0], [1.0], [2.0], [-3.0]];
    let y_train = array![1, 0, 1, 0];
    let x = array![[0.0]];
    for k in 1..=3 {
        check_predict(
            &format!("train x = (−1, 1, 2, −3), labels (1, 0, 1, 0), query 0, k = {k}"),
            x_train.view(),
            y_train.view(),
            x.view(),
            KnnParams::new(k),
        );
    }
    // The training rows themselves with k = 1: every row is its own nearest neighbour.
    check_predict(
        "the training rows themselves, k = 1",
        x_train.view(),
        y_train.view(),
        x_train.view(),
        KnnParams::new(1),
    );
}

#[test]
fn predict_on_a_grid_with_ties() {
    let (x_train, y_train, x) = grid_problem();
    for params in [
        KnnParams::new(1),
        KnnParams::new(4),
        KnnParams::new(6),
        KnnParams::new(4).weights(Weights::Distance),
        KnnParams::new(9).weights(Weights::Distance),
    ] {
        check_predict(
            "a 4 x 4 grid of training points and 49 queries between them",
            x_train.view(),
            y_train.view(),
            x.view(),
            params,
        );
    }
}

#[test]
fn regression_by_hand() {
    // The doc's example: targets 10, 20, 40 at distances 1, 2, 4 (row 3 is farther).
    let x_train = array![[1.0], [-2.0], [4.0], [10.0]];
    let y_train = array![10.0, 20.0, 40.0, 1000.0];
    let x = array![[0.0]];
    let regressor = call_ok!(knn::fit_regressor(
        x_train.view(),
        y_train.view(),
        &KnnParams::new(3)
    ));
    let got = call_ok!(knn::predict_regression(&regressor, x.view()));
    require(got.len() == 1, || {
        format!(
            "predict_regression of 1 row: expected 1 value, got {}",
            got.len()
        )
    });
    expect(
        "k = 3 uniform prediction at 0 (targets 10, 20, 40)",
        got[0],
        70.0 / 3.0,
    )
    .no_generic_diagnosis()
    .mistake(
        20.0,
        "that is the median of the targets: uniform k-NN regression is their mean",
    )
    .mistake(70.0, "you summed the targets: divide by k")
    .mistake(
        (10.0 + 20.0 + 40.0 + 1000.0) / 4.0,
        "you averaged every target, not the k nearest",
    )
    .assert();
    let weighted = call_ok!(knn::fit_regressor(
        x_train.view(),
        y_train.view(),
        &KnnParams::new(3).weights(Weights::Distance)
    ));
    let got = call_ok!(knn::predict_regression(&weighted, x.view()));
    expect(
        "k = 3 distance-weighted prediction at 0 (targets 10, 20, 40 at distances 1, 2, 4)",
        got[0],
        30.0 / 1.75,
    )
    .no_generic_diagnosis()
    .mistake(30.0, "you did not divide by the sum of the weights Σ 1/dᵢ")
    .mistake(
        10.0,
        "you divided Σ yᵢ/dᵢ by k: a weighted mean divides by the sum of the weights Σ 1/dᵢ",
    )
    .mistake(
        (10.0 + 20.0 / 4.0 + 40.0 / 16.0) / (1.0 + 0.25 + 1.0 / 16.0),
        "weights of 1/d² from the squared distance: the weight is 1/d",
    )
    .mistake(
        70.0 / 3.0,
        "the weights were ignored: that is the uniform mean",
    )
    .assert();
    // Exact matches: rows 0 and 1 are the query itself: their mean, 2.
    let x_train = array![[0.0], [0.0], [2.0]];
    let y_train = array![1.0, 3.0, 100.0];
    let weighted = call_ok!(knn::fit_regressor(
        x_train.view(),
        y_train.view(),
        &KnnParams::new(3).weights(Weights::Distance)
    ));
    let got = call_ok!(knn::predict_regression(&weighted, x.view()));
    require(got[0].is_finite(), || {
        format!(
            "distance-weighted prediction at an exact copy of two training rows: got {} \
             (1/0 = ∞ and ∞/∞ = NaN)\n    likely mistake: when some of the k neighbours are \
             at distance 0, predict the mean of those exact matches' targets",
            got[0]
        )
    });
    expect(
        "distance-weighted prediction at 0 with training rows (0, 0, 2), targets (1, 3, 100)",
        got[0],
        2.0,
    )
    .no_generic_diagnosis()
    .mistake(
        1.0,
        "only the first exact match counted: average ALL exact matches' targets",
    )
    .mistake(
        104.0 / 3.0,
        "that is the uniform mean of all k: exact matches alone count",
    )
    .assert();
}

#[test]
fn regression_on_a_grid() {
    let (x_train, labels, x) = grid_problem();
    let y_train = labels.mapv(|l| l as f64 * 1.5 - 2.0) + Array1::linspace(0.0, 0.3, 16);
    for params in [
        KnnParams::new(1),
        KnnParams::new(4),
        KnnParams::new(5).weights(Weights::Distance),
    ] {
        let model = call_ok!(knn::fit_regressor(x_train.view(), y_train.view(), &params));
        let got = call_ok!(knn::predict_regression(&model, x.view()));
        let wanted = grader_regress(
            x_train.view(),
            y_train.view(),
            x.view(),
            params.k,
            params.weights,
        );
        mlings::grade::expect_array(
            format!(
                "predict_regression on a 4 x 4 grid, 49 queries (k = {}, {:?} weights)",
                params.k, params.weights
            ),
            &got,
            &wanted,
        )
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis()
        .assert();
    }
}

// ---------------------------------------------------------------------------------------
// The published figures

/// k = 5 uniform on a dataset's reference split, standardized on train (or raw).
#[track_caller]
fn check_figure(
    name: &str,
    dataset: &datasets::Dataset,
    standardize: bool,
    published: f64,
    test_rows: Option<usize>,
) {
    let split = StandardizedSplit::reference(dataset).expect("a bundled reference split");
    let (y_train, y_test) = split.class_labels().expect("class labels");
    let (x_train, mut x_test) = if standardize {
        (split.x_train.clone(), split.x_test.clone())
    } else {
        let (train, test) = dataset
            .split(&dataset.reference_split().expect("split"))
            .expect("rows");
        (train.features, test.features)
    };
    let mut y_test = y_test;
    let all_test_rows = y_test.len();
    if let Some(rows) = test_rows {
        x_test = x_test.slice(ndarray::s![..rows, ..]).to_owned();
        y_test = y_test.slice(ndarray::s![..rows]).to_owned();
    }
    let test_part = match test_rows {
        Some(rows) => format!("the first {rows} of the {all_test_rows} test rows"),
        None => format!("{all_test_rows} test rows"),
    };
    let what = format!(
        "{name} ({} train rows, {test_part}{}), k = 5",
        x_train.nrows(),
        if standardize {
            ", standardized on train"
        } else {
            ", raw features"
        }
    );
    let model = call_ok!(knn::fit(x_train.view(), y_train.view(), &KnnParams::new(5)));
    let got = call_ok!(knn::predict(&model, x_test.view()));
    require(got.len() == y_test.len(), || {
        format!(
            "predict on {what}: expected {} labels, got {}",
            y_test.len(),
            got.len()
        )
    });
    if test_rows.is_none() {
        let score = accuracy(y_test.view(), got.view());
        expect(
            format!("test accuracy on {what} (scikit-learn: {published})"),
            score,
            published,
        )
        .tol(Tolerance::abs(5e-4))
        .no_generic_diagnosis()
        .assert();
    }
    check_predict(
        &what,
        x_train.view(),
        y_train.view(),
        x_test.view(),
        KnnParams::new(5),
    );
}

#[test]
fn iris_wine_and_breast_cancer_match_scikit_learn() {
    check_figure("iris", &datasets::iris(), true, 0.933, None);
    check_figure("wine", &datasets::wine(), true, 0.972, None);
    check_figure(
        "breast_cancer",
        &datasets::breast_cancer(),
        true,
        0.956,
        None,
    );
}

#[test]
fn digits_standardized_matches_scikit_learn() {
    // The first 45 of the 360 test rows (the whole test set, where scikit-learn scores
    // 0.964 standardized and 0.983 raw, takes seconds unoptimized: it is in
    // `cargo run -- compare knn`). Standardized and raw are two tests, so they run side
    // by side.
    check_figure("digits", &datasets::digits(), true, 0.964, Some(45));
}

#[test]
fn digits_raw_matches_scikit_learn() {
    check_figure("digits", &datasets::digits(), false, 0.983, Some(45));
}

#[test]
fn diabetes_regression_matches_scikit_learn() {
    let split = StandardizedSplit::reference(&datasets::diabetes()).expect("diabetes");
    let model = call_ok!(knn::fit_regressor(
        split.x_train.view(),
        split.y_train.view(),
        &KnnParams::new(5)
    ));
    let got = call_ok!(knn::predict_regression(&model, split.x_test.view()));
    let wanted = grader_regress(
        split.x_train.view(),
        split.y_train.view(),
        split.x_test.view(),
        5,
        Weights::Uniform,
    );
    require(got.len() == wanted.len(), || {
        format!(
            "predict_regression on diabetes' 89 test rows: got {} values",
            got.len()
        )
    });
    let y = &split.y_test;
    let mean = y.mean().expect("rows");
    let r2 = 1.0 - (y - &got).mapv(|e| e * e).sum() / y.mapv(|v| (v - mean) * (v - mean)).sum();
    expect(
        "test R² of k = 5 regression on diabetes (353 train / 89 test rows, standardized on \
         train; scikit-learn: 0.4248)",
        r2,
        0.4248,
    )
    .tol(Tolerance::abs(5e-5))
    .no_generic_diagnosis()
    .assert();
    mlings::grade::expect_array("the 89 predictions on diabetes, k = 5", &got, &wanted)
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis()
        .assert();
}

// ---------------------------------------------------------------------------------------
// choose_k

/// How a cross-validation is run: the doc's way and mistaken ways.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Cv {
    Doc,
    NotStandardized,
    ScalerOnAllRows,
    ScalerOnValidation,
    /// All validation rows pooled: correct / total rows over the rounds.
    Pooled,
    /// The training rows standardized, the validation rows left raw.
    ValidationRaw,
    /// Predictions compared with y[0], y[1], ... instead of the validation rows' labels.
    LabelsByPosition,
}

/// The doc's (or a mistaken) mean accuracy of k over the folds.
fn grader_cv(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    folds: &Folds,
    k: usize,
    weights: Weights,
    cv: Cv,
) -> f64 {
    let everything = StandardScaler::fit(x).expect("rows");
    let (mut total, mut correct, mut rows) = (0.0, 0, 0);
    for round in 0..folds.len() {
        let split = folds.round(round).expect("valid folds");
        let train = x.select(Axis(0), &split.train);
        let validation = x.select(Axis(0), &split.test);
        let scaler = match cv {
            Cv::ScalerOnAllRows => everything.clone(),
            Cv::ScalerOnValidation => StandardScaler::fit(validation.view()).expect("rows"),
            _ => StandardScaler::fit(train.view()).expect("rows"),
        };
        let (train, validation) = if cv == Cv::NotStandardized {
            (train, validation)
        } else if cv == Cv::ValidationRaw {
            (scaler.transform(train.view()).expect("columns"), validation)
        } else {
            (
                scaler.transform(train.view()).expect("columns"),
                scaler.transform(validation.view()).expect("columns"),
            )
        };
        let truth = if cv == Cv::LabelsByPosition {
            y.slice(ndarray::s![..split.test.len()]).to_owned()
        } else {
            y.select(Axis(0), &split.test)
        };
        let predicted = grader_classify(
            train.view(),
            y.select(Axis(0), &split.train).view(),
            validation.view(),
            k,
            weights,
            Rule::Doc,
        );
        let hits = truth.iter().zip(&predicted).filter(|(t, p)| t == p).count();
        total += hits as f64 / truth.len() as f64;
        correct += hits;
        rows += truth.len();
    }
    if cv == Cv::Pooled {
        correct as f64 / rows as f64
    } else {
        total / folds.len() as f64
    }
}

fn cv_mistake(cv: Cv) -> &'static str {
    match cv {
        Cv::Doc => "",
        Cv::NotStandardized => {
            "these are the scores on raw features: fit a StandardScaler on each round's \
             training rows and transform both parts with it"
        }
        Cv::ScalerOnAllRows => {
            "the scaler was fitted on all rows, so the validation rows leaked into training: \
             fit it on the round's training rows only"
        }
        Cv::ScalerOnValidation => {
            "the validation rows were standardized with their own scaler: transform them with \
             the scaler fitted on the training rows"
        }
        Cv::Pooled => {
            "you pooled the validation rows of all rounds (correct / all rows): the mean \
             accuracy is the mean of the rounds' accuracies, each round counting the same"
        }
        Cv::ValidationRaw => {
            "the validation rows were not transformed: standardize them with the scaler \
             fitted on the training rows, like the training rows"
        }
        Cv::LabelsByPosition => {
            "prediction i was compared with y[i]: it is the prediction of validation row \
             split.test[i], so compare it with y[split.test[i]]"
        }
    }
}

/// Checks the learner's choose_k scores and best k against the doc's.
#[track_caller]
fn check_choose_k(
    what: &str,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    folds: &Folds,
    candidates: &[usize],
    weights: Weights,
) {
    let got = call_ok!(knn::choose_k(x, y, folds, candidates, weights));
    let got_ks: Vec<usize> = got.scores.iter().map(|s| s.k).collect();
    require(got_ks == candidates, || {
        format!(
            "choose_k on {what}: the scores must list the candidates in the order given\n    \
             expected k: {candidates:?}\n    got k:      {got_ks:?}"
        )
    });
    for score in &got.scores {
        let wanted = grader_cv(x, y, folds, score.k, weights, Cv::Doc);
        let mut check = expect(
            format!(
                "choose_k on {what}: mean validation accuracy of k = {}",
                score.k
            ),
            score.mean_accuracy,
            wanted,
        )
        .tol(Tolerance::abs(1e-9))
        .no_generic_diagnosis();
        for cv in [
            Cv::NotStandardized,
            Cv::ScalerOnAllRows,
            Cv::ScalerOnValidation,
            Cv::Pooled,
            Cv::ValidationRaw,
            Cv::LabelsByPosition,
        ] {
            let wrong = grader_cv(x, y, folds, score.k, weights, cv);
            if (wrong - wanted).abs() > 1e-9 {
                check = check.mistake(wrong, cv_mistake(cv));
            }
        }
        check.assert();
    }
    let best = got
        .scores
        .iter()
        .map(|s| s.mean_accuracy)
        .fold(f64::NEG_INFINITY, f64::max);
    let tied: Vec<usize> = got
        .scores
        .iter()
        .filter(|s| s.mean_accuracy == best)
        .map(|s| s.k)
        .collect();
    let wanted = *tied.iter().min().expect("a candidate");
    if got.best_k != wanted {
        let hint = if tied.len() > 1 && got.best_k == tied[0] {
            "\n    likely mistake: you kept the first best candidate in the list; on a tie the \
             SMALLEST k wins"
        } else if tied.len() > 1 && Some(&got.best_k) == tied.iter().max() {
            "\n    likely mistake: on a tie the SMALLEST k wins, not the largest"
        } else if tied.len() > 1 && got.best_k == *tied.last().expect("tied") {
            "\n    likely mistake: you kept the last best candidate in the list; on a tie the \
             SMALLEST k wins"
        } else {
            ""
        };
        fail(format!(
            "choose_k on {what}: best_k\n    expected: {wanted} (the highest mean accuracy, \
             {best:.4}, is reached by k in {tied:?})\n    got:      {}{hint}",
            got.best_k
        ));
    }
}

/// A small problem whose features are on very different scales, with unequal folds.
fn scaled_problem() -> (Array2<f64>, Array1<usize>, Folds) {
    let n = 23;
    let x = Array2::from_shape_fn((n, 3), |(i, j)| {
        let t = i as f64;
        match j {
            0 => (t * 0.37).sin() + 0.1 * (i % 3) as f64,
            1 => 1000.0 * (t * 0.91).cos() + 40.0 * (i % 2) as f64,
            _ => 0.01 * ((i * 7) % 11) as f64,
        }
    });
    let y = Array1::from_shape_fn(n, |i| {
        usize::from((i as f64 * 0.37).sin() + 0.1 * (i % 3) as f64 > 0.2)
    });
    // Folds of 9, 8 and 6 rows.
    let folds = Folds {
        folds: vec![
            (0..n).filter(|i| i % 3 == 0 || *i == 22).collect(),
            (0..n).filter(|i| i % 3 == 1 && *i != 22).collect(),
            (0..n).filter(|i| i % 3 == 2).collect(),
        ],
        n_samples: n,
    };
    (x, y, folds)
}

#[test]
fn choose_k_on_iris_with_the_reference_folds() {
    let iris = datasets::iris();
    let y = iris.class_labels().expect("labels");
    let folds = iris.reference_folds().expect("folds");
    check_choose_k(
        "iris with its 5 reference folds",
        iris.features.view(),
        y.view(),
        &folds,
        &[15, 1, 5, 9, 3],
        Weights::Uniform,
    );
}

#[test]
fn choose_k_standardizes_inside_each_round() {
    let (x, y, folds) = scaled_problem();
    check_choose_k(
        "23 rows with features on scales 1, 1000 and 0.01, 3 folds of 9, 8 and 6 rows",
        x.view(),
        y.view(),
        &folds,
        &[1, 3, 5],
        Weights::Uniform,
    );
    check_choose_k(
        "the same rows with distance weights",
        x.view(),
        y.view(),
        &folds,
        &[4, 2],
        Weights::Distance,
    );
}

#[test]
fn choose_k_breaks_ties_by_the_smallest_k() {
    // Two well separated classes: every k up to 7 classifies every validation row right.
    let x = Array2::from_shape_fn((20, 2), |(i, j)| {
        let class = (i % 2) as f64;
        10.0 * class + (i as f64 * 0.3 + j as f64).sin()
    });
    let y = Array1::from_shape_fn(20, |i| i % 2);
    let folds = Folds {
        folds: (0..4)
            .map(|f| (0..20).filter(|i| i % 4 == f).collect())
            .collect(),
        n_samples: 20,
    };
    for candidates in [[7usize, 3, 5], [3, 7, 5], [5, 7, 3]] {
        check_choose_k(
            &format!(
                "20 rows in two far-apart classes (every k scores 1.0), candidates {candidates:?}"
            ),
            x.view(),
            y.view(),
            &folds,
            &candidates,
            Weights::Uniform,
        );
    }
}

#[test]
fn choose_k_checks_its_input_in_the_documented_order() {
    let (x, y, folds) = scaled_problem();
    let short_y = y.slice(ndarray::s![..20]).to_owned();
    let other = Folds {
        folds: vec![(0..10).collect(), (10..20).collect()],
        n_samples: 20,
    };
    let one = Folds {
        folds: vec![(0..23).collect()],
        n_samples: 23,
    };
    let cases: Vec<ChooseKErrorCase> = vec![
        (
            "no candidates and 20 labels for 23 rows",
            short_y.clone(),
            &folds,
            vec![],
            KnnError::NoCandidates,
            KnnError::RowsMismatch {
                rows: 23,
                targets: 20,
            },
            "an empty candidate list is checked first",
        ),
        (
            "20 labels for 23 rows and folds of 20 rows",
            short_y.clone(),
            &other,
            vec![1],
            KnnError::RowsMismatch {
                rows: 23,
                targets: 20,
            },
            KnnError::FoldsMismatch {
                folds: 20,
                rows: 23,
            },
            "the labels are counted before the folds",
        ),
        (
            "folds made for 20 rows (23 rows), candidate k = 0",
            y.clone(),
            &other,
            vec![0],
            KnnError::FoldsMismatch {
                folds: 20,
                rows: 23,
            },
            KnnError::InvalidK { k: 0 },
            "the folds are checked before any candidate",
        ),
        (
            "1 fold",
            y.clone(),
            &one,
            vec![1],
            KnnError::TooFewFolds { folds: 1 },
            // What the steps give without the check: the one round trains on no rows, and
            // the scaler cannot fit them.
            KnnError::from(
                StandardScaler::fit(Array2::<f64>::zeros((0, 3)).view())
                    .expect_err("no rows to fit a scaler on"),
            ),
            "the folds.len() < 2 check is missing: with 1 fold the one round has no \
             training rows (TooFewFolds comes before any round)",
        ),
        (
            "candidates (3, 0)",
            y.clone(),
            &folds,
            vec![3, 0],
            KnnError::InvalidK { k: 0 },
            KnnError::NoCandidates,
            "pass on fit's error with ?",
        ),
        (
            "candidates (3, 16): a round trains on 14 rows",
            y.clone(),
            &folds,
            vec![3, 16],
            KnnError::KTooLarge { k: 16, rows: 14 },
            KnnError::KTooLarge { k: 16, rows: 23 },
            "k is compared with each round's training rows (fit's KTooLarge), not all rows",
        ),
    ];
    for (what, y, folds, candidates, wanted, wrong, why) in cases {
        match call!(knn::choose_k(
            x.view(),
            y.view(),
            folds,
            &candidates,
            Weights::Uniform
        )) {
            Ok(choice) => fail(format!(
                "choose_k with {what}: expected Err({wanted:?}), got Ok with best_k {}",
                choice.best_k
            )),
            Err(error) => expect_error(
                &format!("choose_k with {what}"),
                error,
                wanted,
                &[(wrong, why)],
            ),
        }
    }
}
