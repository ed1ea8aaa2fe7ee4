//! Grader of exercises/08_trees/histogram_boosting.rs.
//!
//! Expected values come from hand-worked cases, from the course's exact booster (the
//! reference of `boosted_classifier`, an earlier exercise: with every feature below the
//! bin budget the histogram booster must grow its trees), from a plain histogram booster
//! written here from the skeleton's doc (no subtraction, sums recounted from rows), and
//! from scikit-learn's published HistGradientBoostingClassifier accuracy.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/08_trees/histogram_boosting.rs"]
mod histogram_boosting;
#[cfg(feature = "solutions")]
use mlings::reference::histogram_boosting;

use mlings::datasets;
use mlings::grade::{Tolerance, brief, expect, expect_error, fail, require};
use mlings::reference::boosted_classifier as exact;
use mlings::types::boosted_classifier::{BoostedClassifier, ClassifierError, ClassifierParams};
use mlings::types::decision_tree::{NodeKind, RegressionTree, TreeError, TreeParams};
use mlings::types::histogram_boosting::{Bin, BinSplit, Binned, HistError, HistParams, Histogram};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, array};

// ---------------------------------------------------------------------------------
// Bin edges from the doc, with likely mistakes as switches.
// ---------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Debug)]
enum EdgeWay {
    Doc,
    DistinctBelowBudget,
    NoFallback,
    EdgesAtValues,
    QuantilesDeduplicated,
    QuantilesOfDistinct,
    IndexOfN,
    LowOnly,
    BudgetEdges,
}

fn edges_by(way: EdgeWay, column: &[f64], max_bins: usize) -> Vec<f64> {
    let mut sorted = column.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut distinct = sorted.clone();
    distinct.dedup();
    let few = if way == EdgeWay::DistinctBelowBudget {
        distinct.len() < max_bins
    } else {
        distinct.len() <= max_bins
    };
    if few {
        return distinct
            .windows(2)
            .map(|w| match way {
                EdgeWay::EdgesAtValues => w[0],
                EdgeWay::NoFallback => (w[0] + w[1]) / 2.0,
                _ => {
                    let m = (w[0] + w[1]) / 2.0;
                    if m < w[1] { m } else { w[0] }
                }
            })
            .collect();
    }
    let values = if way == EdgeWay::QuantilesOfDistinct {
        &distinct
    } else {
        &sorted
    };
    let last = values.len() - 1;
    let count = if way == EdgeWay::BudgetEdges {
        max_bins + 1
    } else {
        max_bins
    };
    let mut edges: Vec<f64> = (1..count)
        .map(|b| {
            let top = if way == EdgeWay::IndexOfN {
                (b * values.len() / max_bins).min(last)
            } else {
                b * last
            };
            let (lo, hi) = if way == EdgeWay::IndexOfN {
                (top, top)
            } else {
                (top / max_bins, top.div_ceil(max_bins))
            };
            if way == EdgeWay::LowOnly {
                values[lo]
            } else {
                (values[lo] + values[hi.min(last)]) / 2.0
            }
        })
        .collect();
    if way == EdgeWay::QuantilesDeduplicated {
        edges.dedup();
    }
    edges
}

const EDGE_SUSPECTS: [(EdgeWay, &str); 8] = [
    (
        EdgeWay::DistinctBelowBudget,
        "a feature with exactly max_bins distinct values was cut into quantiles: at most \
         max_bins distinct values (<=) each get their own bin",
    ),
    (
        EdgeWay::NoFallback,
        "a midpoint that rounds up to the larger value was kept: then the edge is the \
         smaller value (so that value <= edge still sends the larger one right)",
    ),
    (
        EdgeWay::EdgesAtValues,
        "the edges are the distinct values themselves: they are the midpoints between \
         neighbouring distinct values",
    ),
    (
        EdgeWay::QuantilesDeduplicated,
        "equal quantile edges were merged: keep all max_bins − 1 of them (their bins stay \
         empty)",
    ),
    (
        EdgeWay::QuantilesOfDistinct,
        "the quantiles were taken over the distinct values: take them over the whole sorted \
         column, repeats included",
    ),
    (
        EdgeWay::IndexOfN,
        "the quantile position is b·n/max_bins: it is b(n − 1)/max_bins, with lo its floor and \
         hi its ceiling",
    ),
    (
        EdgeWay::LowOnly,
        "the edge is v_lo alone: it is (v_lo + v_hi)/2, lo and hi the floor and ceiling of \
         b(n − 1)/max_bins",
    ),
    (
        EdgeWay::BudgetEdges,
        "max_bins quantile edges were made: max_bins − 1 edges give max_bins bins",
    ),
];

fn values(v: &[f64]) -> Array1<f64> {
    Array1::from(v.to_vec())
}

#[track_caller]
fn expect_edges(what: &str, column: &[f64], max_bins: usize, expected: &[f64]) {
    let got = call!(histogram_boosting::bin_edges(
        values(column).view(),
        max_bins
    ));
    let doc = edges_by(EdgeWay::Doc, column, max_bins);
    assert_eq!(
        doc, expected,
        "the grader's own edges disagree with the hand-worked ones"
    );
    if got == expected {
        return;
    }
    let why = EDGE_SUSPECTS
        .iter()
        .find(|(way, _)| edges_by(*way, column, max_bins) == got)
        .map_or(String::new(), |(_, why)| {
            format!("\n    likely mistake: {why}")
        });
    let unsorted = if got.windows(2).any(|w| w[0] > w[1]) {
        "\n    likely mistake: the edges are not ascending: sort the column first"
    } else {
        ""
    };
    fail(format!(
        "bin_edges({what}, max_bins {max_bins}): expected {} edges {}\n    got {} edges {}{why}{unsorted}",
        expected.len(),
        brief(&expected),
        got.len(),
        brief(&got)
    ));
}

#[test]
fn bin_edges_by_hand() {
    expect_edges("[3, 1, 2, 1]", &[3.0, 1.0, 2.0, 1.0], 255, &[1.5, 2.5]);
    let worked = [1.0, 1.0, 2.0, 3.0, 5.0, 8.0];
    expect_edges(
        "the module doc's 1, 1, 2, 3, 5, 8",
        &worked,
        4,
        &[1.5, 2.5, 4.0],
    );
    expect_edges(
        "the module doc's 1, 1, 2, 3, 5, 8 (5 distinct values, 5 bins)",
        &worked,
        5,
        &[1.5, 2.5, 4.0, 6.5],
    );
    expect_edges("a constant column", &[4.0, 4.0, 4.0], 255, &[]);
    expect_edges("an empty column", &[], 255, &[]);
    // 1 + 2⁻⁵² and 1 + 2·2⁻⁵²: their midpoint rounds (to even) up to the larger one.
    let low = f64::from_bits(1.0f64.to_bits() + 1);
    let high = f64::from_bits(1.0f64.to_bits() + 2);
    assert_eq!((low + high) / 2.0, high);
    expect_edges(
        "[1 + 2·2⁻⁵², 1 + 2⁻⁵²] (their midpoint rounds up to the larger)",
        &[high, low],
        255,
        &[low],
    );
    // 0 ×7, 1, 2, 3 (4 distinct > 3 bins): positions 9/3 = 3 and 6 are both zeros.
    let zeros = [0.0, 0.0, 3.0, 0.0, 0.0, 2.0, 0.0, 0.0, 1.0, 0.0];
    expect_edges("seven 0s and 1, 2, 3", &zeros, 3, &[0.0, 0.0]);
    // 10 distinct values 0..9 in 4 bins: positions 2.25, 4.5, 6.75.
    let tens: Vec<f64> = (0..10).rev().map(f64::from).collect();
    expect_edges("0..9 in 4 bins", &tens, 4, &[2.5, 4.5, 6.5]);
    // 21 values of 6 distinct ones, in 4 bins: positions 5, 10, 15.
    let mixed = [
        5.0, 1.0, 1.0, 1.0, 2.0, 9.0, 9.0, 7.0, 1.0, 2.0, 3.0, 3.0, 3.0, 9.0, 1.0, 5.0, 2.0, 1.0,
        7.0, 9.0, 9.0,
    ];
    expect_edges(
        "21 values of 6 distinct, 4 bins",
        &mixed,
        4,
        &[1.0, 3.0, 7.0],
    );
    // A feature with exactly max_bins distinct values.
    expect_edges(
        "[4, 2, 1, 3] in 4 bins",
        &[4.0, 2.0, 1.0, 3.0],
        4,
        &[1.5, 2.5, 3.5],
    );
    let long: Vec<f64> = (0..700).map(|i| ((i * 37) % 301) as f64 * 0.25).collect();
    expect_edges(
        "700 values of 301 distinct, 255 bins",
        &long,
        255,
        &edges_by(EdgeWay::Doc, &long, 255),
    );
}

// ---------------------------------------------------------------------------------
// Binning, histograms, subtraction.
// ---------------------------------------------------------------------------------

fn codes_by(edges: &[Vec<f64>], x: ArrayView2<f64>) -> Array2<u8> {
    Array2::from_shape_fn(x.dim(), |(i, j)| {
        edges[j].iter().filter(|&&e| e < x[[i, j]]).count() as u8
    })
}

fn binned_by(x: ArrayView2<f64>, max_bins: usize) -> Binned {
    let edges: Vec<Vec<f64>> = (0..x.ncols())
        .map(|j| edges_by(EdgeWay::Doc, &x.column(j).to_vec(), max_bins))
        .collect();
    Binned {
        codes: codes_by(&edges, x),
        edges,
    }
}

#[test]
fn bin_data_codes_and_errors() {
    // Feature 0: 1, 2, 2, 3 → edges 1.5, 2.5; feature 1: 0.5 ×2, 4 ×2 → edge 2.25.
    let x = array![[1.0, 0.5], [2.0, 4.0], [2.0, 0.5], [3.0, 4.0]];
    let binned = call_ok!(histogram_boosting::bin_data(x.view(), 255));
    require(binned.edges == vec![vec![1.5, 2.5], vec![2.25]], || {
        format!(
            "bin_data of a 4 × 2 table: expected edges [[1.5, 2.5], [2.25]] (bin_edges of each column), got {}",
            brief(&binned.edges)
        )
    });
    let expected = array![[0u8, 0], [1, 1], [1, 0], [2, 1]];
    require(binned.codes == expected, || {
        format!(
            "bin_data of a 4 × 2 table: expected codes {:?}, got {:?}",
            expected.as_slice(),
            binned.codes.iter().collect::<Vec<_>>()
        )
    });
    // A value equal to an edge goes to the lower bin (value <= edge goes left).
    let on_edge = array![
        [0.0],
        [1.0],
        [1.0],
        [1.0],
        [1.0],
        [1.0],
        [1.0],
        [2.0],
        [3.0],
        [4.0]
    ];
    let binned = call_ok!(histogram_boosting::bin_data(on_edge.view(), 3));
    // Positions 9/3 = 3 and 6 are 1s: edges 1, 1; bins: 0 → 0, 1 → 0, 2..4 → 2.
    let wanted: Vec<u8> = vec![0, 0, 0, 0, 0, 0, 0, 2, 2, 2];
    let got: Vec<u8> = binned.codes.iter().copied().collect();
    if got != wanted {
        let upper: Vec<u8> = (0..10)
            .map(|i| {
                binned.edges[0]
                    .iter()
                    .filter(|&&e| e <= on_edge[[i, 0]])
                    .count() as u8
            })
            .collect();
        let why = if binned.edges[0] == [1.0, 1.0] && got == upper {
            "\n    likely mistake: a value equal to an edge went up a bin: its bin is the number of edges strictly below it"
        } else {
            ""
        };
        fail(format!(
            "bin_data of 0, six 1s, 2, 3, 4 in 3 bins (edges 1, 1): expected codes {wanted:?}, got {got:?}{why}"
        ));
    }
    // Errors, in order.
    let empty = Array2::<f64>::zeros((0, 2));
    for bad in [1, 256, 0] {
        match call!(histogram_boosting::bin_data(empty.view(), bad)) {
            Err(HistError::InvalidParams(_)) => {}
            other => fail(format!(
                "bin_data of no rows with max_bins {bad}: expected InvalidParams (max_bins is checked first, it must be in 2..=255), got {}",
                brief(&other)
            )),
        }
    }
    require(
        call!(histogram_boosting::bin_data(x.view(), 2)).is_ok(),
        || "bin_data with max_bins 2 (the smallest allowed): expected Ok".into(),
    );
    require(
        call!(histogram_boosting::bin_data(x.view(), 255)).is_ok(),
        || "bin_data with max_bins 255 (the largest allowed): expected Ok".into(),
    );
    match call!(histogram_boosting::bin_data(empty.view(), 255)) {
        Err(e) => expect_error("bin_data of no rows", e, TreeError::Empty.into(), &[]),
        Ok(_) => fail("bin_data of no rows: expected Classifier(Tree(Empty)), got Ok".into()),
    }
    let mut bad = x.clone();
    bad[[1, 1]] = f64::NAN;
    bad[[2, 0]] = f64::INFINITY;
    let wanted: HistError = TreeError::NonFiniteFeature {
        row: 1,
        feature: 1,
        value: f64::NAN,
    }
    .into();
    match call!(histogram_boosting::bin_data(bad.view(), 255)) {
        Err(HistError::Classifier(ClassifierError::Tree(TreeError::NonFiniteFeature {
            row: 1,
            feature: 1,
            value,
        }))) if value.is_nan() => {}
        Err(e) => {
            let column_first: HistError = TreeError::NonFiniteFeature {
                row: 2,
                feature: 0,
                value: f64::INFINITY,
            }
            .into();
            let why = if e == column_first {
                "\n    likely mistake: the table was searched column by column: the first non-finite value row by row is row 1, feature 1"
            } else {
                ""
            };
            fail(format!(
                "bin_data with NaN at row 1, feature 1 and inf at row 2, feature 0: expected {wanted:?}, got {e:?}{why}"
            ))
        }
        Ok(_) => fail(format!(
            "bin_data with NaN at row 1, feature 1: expected {wanted:?}, got Ok"
        )),
    }
}

fn histogram_by(binned: &Binned, rows: &[usize], g: &[f64], h: &[f64]) -> Histogram {
    Histogram {
        bins: (0..binned.edges.len())
            .map(|j| {
                let mut bins = vec![Bin::default(); binned.n_bins(j)];
                for &r in rows {
                    let bin = &mut bins[binned.codes[[r, j]] as usize];
                    bin.count += 1;
                    bin.sum_gradient += g[r];
                    bin.sum_hessian += h[r];
                }
                bins
            })
            .collect(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

fn same_histogram(a: &Histogram, b: &Histogram) -> bool {
    a.bins.len() == b.bins.len()
        && a.bins.iter().zip(&b.bins).all(|(a, b)| {
            a.len() == b.len()
                && a.iter().zip(b).all(|(a, b)| {
                    a.count == b.count
                        && close(a.sum_gradient, b.sum_gradient)
                        && close(a.sum_hessian, b.sum_hessian)
                })
        })
}

/// Where two histograms first differ, in a few words.
fn first_bin_difference(got: &Histogram, expected: &Histogram) -> String {
    if got.bins.len() != expected.bins.len() {
        return format!(
            "{} features, expected {}",
            got.bins.len(),
            expected.bins.len()
        );
    }
    for (j, (g, e)) in got.bins.iter().zip(&expected.bins).enumerate() {
        if g.len() != e.len() {
            return format!(
                "feature {j} has {} bins, expected {} (every bin, empty ones included)",
                g.len(),
                e.len()
            );
        }
        for (b, (g, e)) in g.iter().zip(e).enumerate() {
            if g.count != e.count
                || !close(g.sum_gradient, e.sum_gradient)
                || !close(g.sum_hessian, e.sum_hessian)
            {
                return format!(
                    "feature {j}, bin {b}: expected count {}, Σg {:.6}, Σh {:.6}; got count {}, Σg {:.6}, Σh {:.6}",
                    e.count, e.sum_gradient, e.sum_hessian, g.count, g.sum_gradient, g.sum_hessian
                );
            }
        }
    }
    "no difference".into()
}

fn small_binned() -> (Binned, Array1<f64>, Array1<f64>) {
    // 5 rows, feature 0 with 3 bins, feature 1 with 2.
    let binned = Binned {
        codes: array![[0u8, 1], [2, 0], [1, 1], [2, 1], [0, 0]],
        edges: vec![vec![1.5, 2.5], vec![0.0]],
    };
    let g = array![0.5, -0.25, 0.125, -1.0, 2.0];
    let h = array![0.25, 0.1875, 0.0625, 0.5, 0.75];
    (binned, g, h)
}

#[test]
fn histogram_by_hand() {
    let (binned, g, h) = small_binned();
    let bin = |count, sum_gradient, sum_hessian| Bin {
        count,
        sum_gradient,
        sum_hessian,
    };
    // Rows 0, 1, 3 and row 3 again.
    let rows = [3, 0, 1, 3];
    let expected = Histogram {
        bins: vec![
            vec![bin(1, 0.5, 0.25), bin(0, 0.0, 0.0), bin(3, -2.25, 1.1875)],
            vec![bin(1, -0.25, 0.1875), bin(3, -1.5, 1.25)],
        ],
    };
    let got = call_ok!(histogram_boosting::histogram(
        &binned,
        &rows,
        g.view(),
        h.view()
    ));
    if !same_histogram(&got, &expected) {
        let positional: Vec<f64> = (0..5).map(|k| g[k]).collect();
        let by_position = Histogram {
            bins: (0..2)
                .map(|j| {
                    let mut bins = vec![Bin::default(); binned.n_bins(j)];
                    for (k, &r) in rows.iter().enumerate() {
                        let b = &mut bins[binned.codes[[r, j]] as usize];
                        b.count += 1;
                        b.sum_gradient += positional[k];
                        b.sum_hessian += h[k];
                    }
                    bins
                })
                .collect(),
        };
        let swapped = histogram_by(&binned, &rows, h.as_slice().unwrap(), g.as_slice().unwrap());
        let mut deduped = rows.to_vec();
        deduped.sort_unstable();
        deduped.dedup();
        let once = histogram_by(
            &binned,
            &deduped,
            g.as_slice().unwrap(),
            h.as_slice().unwrap(),
        );
        let why = if same_histogram(&got, &by_position) {
            "\n    likely mistake: the k-th listed row took gradients[k]: it takes gradients[rows[k]] (they are indexed by row)"
        } else if same_histogram(&got, &swapped) {
            "\n    likely mistake: the gradients and Hessians are swapped"
        } else if same_histogram(&got, &once) {
            "\n    likely mistake: a row listed twice was counted once: each listing counts"
        } else {
            ""
        };
        fail(format!(
            "histogram of rows [3, 0, 1, 3] of a 5 × 2 binned table: {}{why}",
            first_bin_difference(&got, &expected)
        ));
    }
    let none = call_ok!(histogram_boosting::histogram(
        &binned,
        &[],
        g.view(),
        h.view()
    ));
    require(
        none.bins.len() == 2
            && none.bins[0].len() == 3
            && none.bins[1].len() == 2
            && none.bins.iter().flatten().all(|b| *b == Bin::default()),
        || {
            format!(
                "histogram of no rows: expected 2 features of 3 and 2 empty bins, got {}",
                brief(&none)
            )
        },
    );
    // Errors, in order.
    let short = array![0.5, 0.5];
    type Case<'a> = (
        &'a [usize],
        ArrayView1<'a, f64>,
        ArrayView1<'a, f64>,
        HistError,
        &'a str,
    );
    let cases: [Case; 4] = [
        (
            &[9],
            short.view(),
            h.view(),
            HistError::GradientCount {
                rows: 5,
                gradients: 2,
                hessians: 5,
            },
            "2 gradients for 5 rows (and row 9 listed)",
        ),
        (
            &[0],
            g.view(),
            short.view(),
            HistError::GradientCount {
                rows: 5,
                gradients: 5,
                hessians: 2,
            },
            "2 Hessians for 5 rows",
        ),
        (
            &[0, 7, 9],
            g.view(),
            h.view(),
            TreeError::RowOutOfRange { row: 7, n_rows: 5 }.into(),
            "rows 0, 7, 9 of 5",
        ),
        (
            &[5],
            g.view(),
            h.view(),
            TreeError::RowOutOfRange { row: 5, n_rows: 5 }.into(),
            "row 5 of 5",
        ),
    ];
    for (rows, g, h, wanted, what) in cases {
        match call!(histogram_boosting::histogram(&binned, rows, g, h)) {
            Err(e) => expect_error(&format!("histogram with {what}"), e, wanted, &[]),
            Ok(_) => fail(format!(
                "histogram with {what}: expected {wanted:?}, got Ok"
            )),
        }
    }
}

/// 60 rows of 3 features with 23 distinct values each, labels from a noisy nonlinear
/// rule (the exact booster's grading case).
fn wavy_case() -> (Array2<f64>, Array1<usize>) {
    let x = Array2::from_shape_fn((60, 3), |(i, j)| ((i * (j + 3) * 7) % 23) as f64 / 2.0);
    let y = Array1::from_shape_fn(60, |i| {
        let s = (x[[i, 0]] * 0.7).sin() * 3.0 + x[[i, 1]] - 0.1 * x[[i, 2]] * x[[i, 2]];
        usize::from(s + ((i * 13) % 5) as f64 * 0.8 > 3.5)
    });
    (x, y)
}

fn gradients_of(raw: &[f64], y: ArrayView1<usize>) -> (Vec<f64>, Vec<f64>) {
    let p: Vec<f64> = raw.iter().map(|&f| sigma(f)).collect();
    let g = p.iter().zip(y).map(|(p, &l)| p - l as f64).collect();
    let h = p.iter().map(|p| p * (1.0 - p)).collect();
    (g, h)
}

fn sigma(f: f64) -> f64 {
    if f >= 0.0 {
        1.0 / (1.0 + (-f).exp())
    } else {
        f.exp() / (1.0 + f.exp())
    }
}

#[test]
fn subtraction_identity() {
    let (x, y) = wavy_case();
    let binned = binned_by(x.view(), 8);
    let raw: Vec<f64> = (0..60).map(|i| ((i * 5) % 7) as f64 * 0.3 - 0.8).collect();
    let (g, h) = gradients_of(&raw, y.view());
    let parent: Vec<usize> = (0..60).filter(|i| i % 4 != 1).collect();
    for (feature, bin) in [(0, 3), (2, 5), (1, 0)] {
        let (left, right): (Vec<usize>, Vec<usize>) = parent
            .iter()
            .partition(|&&r| binned.codes[[r, feature]] <= bin);
        let parent_hist = histogram_by(&binned, &parent, &g, &h);
        for (child, other, side) in [(&left, &right, "left"), (&right, &left, "right")] {
            let child_hist = histogram_by(&binned, child, &g, &h);
            let got = call_ok!(histogram_boosting::subtract(&parent_hist, &child_hist));
            let expected = histogram_by(&binned, other, &g, &h);
            if !same_histogram(&got, &expected) {
                let field_wrong = |field: fn(&Bin) -> f64| {
                    got.bins
                        .iter()
                        .flatten()
                        .zip(expected.bins.iter().flatten())
                        .any(|(a, b)| !close(field(a), field(b)))
                };
                let counts_wrong = got
                    .bins
                    .iter()
                    .flatten()
                    .zip(expected.bins.iter().flatten())
                    .any(|(a, b)| a.count != b.count);
                let why = if same_histogram(&got, &histogram_by(&binned, child, &g, &h)) {
                    "\n    likely mistake: the child itself came back: return parent − child"
                } else if same_histogram(&got, &parent_hist) {
                    "\n    likely mistake: the parent came back unchanged: return parent − child, bin by bin"
                } else if !counts_wrong
                    && !field_wrong(|b| b.sum_gradient)
                    && field_wrong(|b| b.sum_hessian)
                {
                    "\n    likely mistake: Σh was not subtracted (counts and Σg are right): subtract all three, count, Σg and Σh"
                } else if !counts_wrong
                    && field_wrong(|b| b.sum_gradient)
                    && !field_wrong(|b| b.sum_hessian)
                {
                    "\n    likely mistake: Σg was not subtracted right (counts and Σh are): subtract all three, count, Σg and Σh"
                } else if counts_wrong
                    && !field_wrong(|b| b.sum_gradient)
                    && !field_wrong(|b| b.sum_hessian)
                {
                    "\n    likely mistake: the counts were not subtracted right (Σg and Σh are): subtract all three"
                } else {
                    ""
                };
                fail(format!(
                    "the subtraction identity: histogram(parent) − histogram({side} child) must be \
                     the histogram of the other child (45 rows of the 60, split on feature {feature} at bin {bin}): {}{why}",
                    first_bin_difference(&got, &expected)
                ));
            }
        }
    }
    // Errors, in order.
    let bin = |count| Bin {
        count,
        sum_gradient: 0.0,
        sum_hessian: 0.0,
    };
    let parent = Histogram {
        bins: vec![vec![bin(2), bin(1)], vec![bin(3)], vec![bin(1), bin(2)]],
    };
    let cases = [
        (
            Histogram {
                bins: vec![vec![bin(9), bin(1)], vec![bin(3), bin(0)]],
            },
            HistError::FeatureMismatch {
                parent: 3,
                child: 2,
            },
            "a child of 2 features (with more rows than the parent, and bins that differ)",
        ),
        (
            Histogram {
                bins: vec![
                    vec![bin(9), bin(1)],
                    vec![bin(3), bin(0)],
                    vec![bin(1), bin(1)],
                ],
            },
            HistError::BinMismatch {
                feature: 1,
                parent: 1,
                child: 2,
            },
            "feature 1 of 2 bins where the parent has 1 (and a bin of 9 rows in feature 0)",
        ),
        (
            Histogram {
                bins: vec![vec![bin(2), bin(1)], vec![bin(3)], vec![bin(0), bin(4)]],
            },
            HistError::NotAChild {
                feature: 2,
                bin: 1,
                parent: 2,
                child: 4,
            },
            "4 rows in feature 2, bin 1 where the parent has 2",
        ),
        (
            Histogram {
                bins: vec![vec![bin(1), bin(2)], vec![bin(3)], vec![bin(2), bin(2)]],
            },
            HistError::NotAChild {
                feature: 0,
                bin: 1,
                parent: 1,
                child: 2,
            },
            "too many rows in feature 0, bin 1 and in feature 2, bin 0",
        ),
    ];
    for (child, wanted, what) in cases {
        match call!(histogram_boosting::subtract(&parent, &child)) {
            Err(e) => expect_error(&format!("subtract with {what}"), e, wanted, &[]),
            Ok(_) => fail(format!("subtract with {what}: expected {wanted:?}, got Ok")),
        }
    }
}

// ---------------------------------------------------------------------------------
// The sweep.
// ---------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Debug)]
enum Sweep {
    Doc,
    Newton,
    NoParentTerm,
    LaterOnTies,
    PositiveOnly,
    StrictLeafSize,
    EmptySidesAllowed,
    FromTheRight,
    EmptyBinsScored,
}

fn sweep_by(way: Sweep, histogram: &Histogram, min_samples_leaf: usize) -> Option<BinSplit> {
    let mut best: Option<BinSplit> = None;
    for (feature, bins) in histogram.bins.iter().enumerate() {
        let n: usize = bins.iter().map(|b| b.count).sum();
        let total: f64 = bins.iter().map(|b| b.sum_gradient).sum();
        let hessian: f64 = bins.iter().map(|b| b.sum_hessian).sum();
        let score = |g: f64, h: f64, m: usize| match way {
            Sweep::Newton => g * g / h,
            _ if m == 0 => 0.0,
            _ => g * g / m as f64,
        };
        for bin in 0..bins.len().saturating_sub(1) {
            let left = &bins[..=bin];
            let n_left: usize = left.iter().map(|b| b.count).sum();
            let g_left: f64 = left.iter().map(|b| b.sum_gradient).sum();
            let h_left: f64 = left.iter().map(|b| b.sum_hessian).sum();
            let n_right = n - n_left;
            if bins[bin].count == 0 && way != Sweep::EmptyBinsScored {
                continue;
            }
            let least = if way == Sweep::EmptySidesAllowed {
                min_samples_leaf
            } else {
                min_samples_leaf.max(1)
            };
            let too_small = if way == Sweep::StrictLeafSize {
                n_left <= least || n_right <= least
            } else {
                n_left < least || n_right < least
            };
            if too_small {
                continue;
            }
            let parent = if way == Sweep::NoParentTerm {
                0.0
            } else {
                score(total, hessian, n)
            };
            let gain = score(g_left, h_left, n_left)
                + score(total - g_left, hessian - h_left, n_right)
                - parent;
            if way == Sweep::PositiveOnly && gain <= 0.0 {
                continue;
            }
            let better = best.is_none_or(|top| match way {
                Sweep::LaterOnTies => gain >= top.gain,
                Sweep::FromTheRight => {
                    gain >= top.gain && top.feature == feature || gain > top.gain
                }
                _ => gain > top.gain,
            });
            if better {
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

const SWEEP_SUSPECTS: [(Sweep, &str); 8] = [
    (
        Sweep::EmptyBinsScored,
        "an empty bin was scored as a candidate: a bin with no rows adds no candidate (its \
         split sends the rows of the one before it, and its sums may hold rounding dust)",
    ),
    (
        Sweep::Newton,
        "the gain divides by the Hessian sums (LightGBM's G²/H): this exercise keeps the exact \
         booster's score G_L²/n_L + G_R²/n_R − G²/n, with the row counts",
    ),
    (
        Sweep::NoParentTerm,
        "the gain is G_L²/n_L + G_R²/n_R: subtract the node's own G²/n",
    ),
    (
        Sweep::LaterOnTies,
        "a tie went to the later candidate (>=): keep the first, the smaller feature then the \
         smaller bin",
    ),
    (
        Sweep::PositiveOnly,
        "a split of gain 0 or below was refused: the best candidate wins whatever its gain \
         (the exact tree splits then too)",
    ),
    (
        Sweep::StrictLeafSize,
        "a side of exactly min_samples_leaf rows was refused: each side needs at least \
         min_samples_leaf rows",
    ),
    (
        Sweep::EmptySidesAllowed,
        "with min_samples_leaf 0 a side was left empty: each side needs at least 1 row",
    ),
    (
        Sweep::FromTheRight,
        "within a feature a tie went to the later bin: keep the smaller bin",
    ),
];

fn split_text(split: &Option<BinSplit>) -> String {
    match split {
        None => "None".into(),
        Some(s) => format!(
            "feature {}, bin {}, gain {:.6}, {} | {} rows",
            s.feature, s.bin, s.gain, s.n_left, s.n_right
        ),
    }
}

fn same_split(a: &Option<BinSplit>, b: &Option<BinSplit>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            a.feature == b.feature
                && a.bin == b.bin
                && a.n_left == b.n_left
                && a.n_right == b.n_right
                && close(a.gain, b.gain)
        }
        _ => false,
    }
}

#[track_caller]
fn expect_sweep(
    what: &str,
    histogram: &Histogram,
    min_samples_leaf: usize,
    expected: Option<BinSplit>,
) {
    let doc = sweep_by(Sweep::Doc, histogram, min_samples_leaf);
    assert!(
        same_split(&doc, &expected),
        "the grader's sweep disagrees: {}",
        split_text(&doc)
    );
    let got = call!(histogram_boosting::best_split(histogram, min_samples_leaf));
    if same_split(&got, &expected) {
        return;
    }
    let mut why = SWEEP_SUSPECTS
        .iter()
        .find(|(way, _)| same_split(&sweep_by(*way, histogram, min_samples_leaf), &got))
        .map_or(String::new(), |(_, why)| {
            format!("\n    likely mistake: {why}")
        });
    if why.is_empty() && got.is_some_and(|g| g.n_left == 0 || g.n_right == 0 || g.gain.is_nan()) {
        why = "\n    likely mistake: a side was left empty (its gain is 0/0): each side needs at least max(1, min_samples_leaf) rows".into();
    }
    if why.is_empty()
        && let (Some(g), Some(e)) = (&got, &expected)
    {
        {
            if g.feature == e.feature
                && g.bin == e.bin
                && (g.n_left, g.n_right) != (e.n_left, e.n_right)
            {
                why = "\n    likely mistake: n_left and n_right are the rows on each side: n_left counts the bins up to and including bin".into();
            } else if g.feature == e.feature && g.bin == e.bin && close(g.gain, -e.gain) {
                why = "\n    likely mistake: the gain's sign is flipped".into();
            }
        }
    }
    fail(format!(
        "best_split of {what} (min_samples_leaf {min_samples_leaf}):\n    expected {}\n    got      {}{why}",
        split_text(&expected),
        split_text(&got)
    ));
}

fn hist(features: &[&[(usize, f64, f64)]]) -> Histogram {
    Histogram {
        bins: features
            .iter()
            .map(|bins| {
                bins.iter()
                    .map(|&(count, sum_gradient, sum_hessian)| Bin {
                        count,
                        sum_gradient,
                        sum_hessian,
                    })
                    .collect()
            })
            .collect(),
    }
}

#[test]
fn best_split_by_hand() {
    // Feature 0: bins (2, −2), (0, 0), (2, 2): G = 0, n = 4. After bin 0: 4/2 + 4/2 = 4;
    // after the empty bin 1: the same 4 (a tie, the earlier bin wins).
    // Feature 1: (1, −1), (3, 1): after bin 0: 1 + 1/3 = 4/3.
    let h = hist(&[
        &[(2, -2.0, 0.5), (0, 0.0, 0.0), (2, 2.0, 0.1)],
        &[(1, -1.0, 0.25), (3, 1.0, 0.25)],
    ]);
    let split = |feature, bin, gain, n_left, n_right| {
        Some(BinSplit {
            feature,
            bin,
            gain,
            n_left,
            n_right,
        })
    };
    expect_sweep("a 2-feature histogram", &h, 1, split(0, 0, 4.0, 2, 2));
    // min_samples_leaf 3: only feature 1 could... no side of 3 on both: None.
    expect_sweep("a 2-feature histogram", &h, 3, None);
    expect_sweep("a 2-feature histogram", &h, 2, split(0, 0, 4.0, 2, 2));
    // Feature 1 beats feature 0 on gain; a later feature must beat strictly.
    let h2 = hist(&[
        &[(2, -1.0, 0.2), (2, 1.0, 0.2)],
        &[(2, -2.0, 0.2), (1, 0.5, 0.2), (1, 1.5, 1.0)],
        &[(2, -1.0, 0.9), (2, 1.0, 0.1)],
    ]);
    // Feature 0: 1/2 + 1/2 = 1. Feature 1 bin 0: 4/2 + 4/2 = 4; bin 1: 2.25/3 + 2.25 = 3.
    // Feature 2: 1 (ties feature 0, loses to 1).
    expect_sweep("a 3-feature histogram", &h2, 1, split(1, 0, 4.0, 2, 2));
    // min_samples_leaf 0 acts as 1; a sweep over a single bin finds nothing.
    let single = hist(&[&[(4, 1.0, 0.3)], &[(1, 1.0, 0.2), (3, 0.0, 0.1)]]);
    expect_sweep(
        "a histogram whose feature 0 has one bin",
        &single,
        0,
        split(1, 0, 1.0 + 0.0 - 0.25, 1, 3),
    );
    // An empty first bin with min_samples_leaf 0: bin 0 would leave the left side empty.
    let first_empty = hist(&[&[(0, 0.0, 0.0), (2, 1.0, 0.2), (2, -1.0, 0.2)]]);
    expect_sweep(
        "a histogram whose first bin is empty",
        &first_empty,
        0,
        split(0, 1, 1.0, 2, 2),
    );
    // A feature whose only rows are in its first bin, with min_samples_leaf 0: its
    // candidate would leave the right side empty (0/0).
    let right_empty = hist(&[
        &[(4, 1.0, 0.3), (0, 0.0, 0.0)],
        &[(1, 1.0, 0.2), (3, 0.0, 0.1)],
    ]);
    expect_sweep(
        "a histogram whose feature 0 has all its rows in bin 0",
        &right_empty,
        0,
        split(1, 0, 0.75, 1, 3),
    );
    // Every candidate has gain 0 (all gradients the same per row): the first still wins.
    let flat = hist(&[
        &[(2, 1.0, 0.2), (2, 1.0, 0.2)],
        &[(1, 0.5, 0.1), (3, 1.5, 0.3)],
    ]);
    expect_sweep(
        "a histogram where every split gains 0",
        &flat,
        1,
        split(0, 0, 0.0, 2, 2),
    );
    // Gains of different rows-per-side: the Newton score (G²/H) would pick feature 1.
    let newton = hist(&[
        &[(3, -3.0, 0.3), (3, 3.0, 3.0)],
        &[(1, -2.0, 0.01), (5, 2.0, 3.29)],
    ]);
    // Feature 0: 9/3 + 9/3 − 0 = 6. Feature 1: 4 + 0.8 = 4.8.
    expect_sweep(
        "a histogram with uneven Hessians",
        &newton,
        1,
        split(0, 0, 6.0, 3, 3),
    );
    // An empty last bin and an empty middle bin.
    let gaps = hist(&[&[(1, 3.0, 0.1), (0, 0.0, 0.0), (2, -1.0, 0.1), (0, 0.0, 0.0)]]);
    // G = 2, n = 3. Bin 0: 9 + 1/2 − 4/3; bin 1: the same (tie); bin 2: right side empty.
    expect_sweep(
        "a histogram with empty bins",
        &gaps,
        1,
        split(0, 0, 9.0 + 0.5 - 4.0 / 3.0, 1, 2),
    );
    // An empty middle bin whose sums hold a subtraction's rounding dust.
    let dust = hist(&[&[(2, -1.0, 0.2), (0, -1e-17, 1e-18), (2, 1.0, 0.2)]]);
    expect_sweep(
        "a histogram whose empty bin holds rounding dust",
        &dust,
        1,
        split(0, 0, 1.0, 2, 2),
    );
    expect_sweep(
        "an empty histogram (no features)",
        &Histogram { bins: vec![] },
        1,
        None,
    );
    // A random-looking histogram beside the grader's own sweep.
    let (x, y) = wavy_case();
    let binned = binned_by(x.view(), 9);
    let raw: Vec<f64> = (0..60).map(|i| ((i * 3) % 11) as f64 * 0.2 - 1.0).collect();
    let (g, hs) = gradients_of(&raw, y.view());
    let rows: Vec<usize> = (0..60).filter(|i| i % 3 != 0).collect();
    let big = histogram_by(&binned, &rows, &g, &hs);
    for msl in [1, 5, 12] {
        expect_sweep(
            "the histogram of 40 rows of the 60-row case",
            &big,
            msl,
            sweep_by(Sweep::Doc, &big, msl),
        );
    }
}

// ---------------------------------------------------------------------------------
// Fitting: a plain booster from the doc, node-by-node comparison with diagnoses.
// ---------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Debug)]
enum FitWay {
    Doc,
    NoShrinkageInFit,
    ScoresNeverMove,
    ScoresFromZero,
    StaleGradients,
    DefaultTree,
    DefaultBins,
}

const FIT_SUSPECTS: [(FitWay, &str); 6] = [
    (
        FitWay::DefaultBins,
        "the features were binned into 255 bins whatever params.max_bins says: bin with \
         bin_data(x, params.max_bins)",
    ),
    (
        FitWay::NoShrinkageInFit,
        "F moved by the whole leaf value during fit: it moves by learning_rate × the leaf value",
    ),
    (
        FitWay::ScoresNeverMove,
        "F never moved during fit (every stage fitted the same gradients): after each tree, \
         F += learning_rate × the leaf value on every row of the leaf",
    ),
    (
        FitWay::ScoresFromZero,
        "F started at 0 in fit: it starts at initial_score(y) on every row",
    ),
    (
        FitWay::StaleGradients,
        "the gradients were computed once: recompute p = σ(F), g and h at every stage",
    ),
    (
        FitWay::DefaultTree,
        "the tree settings were not used: grow every tree with params.classifier.tree",
    ),
];

struct Plain<'a, 'g, 'x> {
    x: ArrayView2<'x, f64>,
    /// The learner's tree of this stage: where it splits differently from the doc's
    /// first-best split but with a tying gain, the plain booster follows it (rounding
    /// decides exact ties between splits of different rows).
    guide: Option<&'g RegressionTree>,
    binned: &'a Binned,
    g: &'a [f64],
    h: &'a [f64],
    tree: TreeParams,
    lambda: f64,
    nodes: Vec<mlings::types::decision_tree::Node<f64>>,
    values: Vec<f64>,
}

impl Plain<'_, '_, '_> {
    /// The guide's split of node `index`, when it is a legal candidate of these rows
    /// whose gain ties `best`'s.
    fn tie_of_guide(
        &self,
        rows: &[usize],
        index: usize,
        sg: f64,
        best: BinSplit,
    ) -> Option<BinSplit> {
        let NodeKind::Split {
            feature, threshold, ..
        } = self.guide?.nodes.get(index)?.kind
        else {
            return None;
        };
        if feature >= self.x.ncols() {
            return None;
        }
        let left: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&r| self.x[[r, feature]] <= threshold)
            .collect();
        let (n_left, n_right) = (left.len(), rows.len() - left.len());
        let least = self.tree.min_samples_leaf.max(1);
        if n_left < least || n_right < least || (feature, n_left) == (best.feature, best.n_left) {
            return None;
        }
        let bin = left
            .iter()
            .map(|&r| self.binned.codes[[r, feature]])
            .max()?;
        if rows
            .iter()
            .filter(|&&r| self.binned.codes[[r, feature]] <= bin)
            .count()
            != n_left
        {
            return None;
        }
        let gl: f64 = left.iter().map(|&r| self.g[r]).sum();
        let n = rows.len() as f64;
        let gain = gl * gl / n_left as f64 + (sg - gl).powi(2) / n_right as f64 - sg * sg / n;
        ((gain - best.gain).abs() <= 1e-9 * (1.0 + best.gain.abs())).then_some(BinSplit {
            feature,
            bin: bin as usize,
            gain,
            n_left,
            n_right,
        })
    }

    fn grow(&mut self, rows: Vec<usize>, depth: usize) -> usize {
        let n = rows.len() as f64;
        let sg: f64 = rows.iter().map(|&r| self.g[r]).sum();
        let sh: f64 = rows.iter().map(|&r| self.h[r]).sum();
        let mean = sg / n;
        let variance = rows
            .iter()
            .map(|&r| (self.g[r] - mean).powi(2))
            .sum::<f64>()
            / n;
        let index = self.nodes.len();
        self.nodes.push(mlings::types::decision_tree::Node {
            n_samples: rows.len(),
            impurity: variance,
            kind: NodeKind::Leaf(0.0),
        });
        let pure = rows.iter().all(|&r| self.g[r] == self.g[rows[0]]);
        let may = self.tree.max_depth.is_none_or(|m| depth < m)
            && rows.len() >= self.tree.min_samples_split
            && !pure;
        let split = if may {
            sweep_by(
                Sweep::Doc,
                &histogram_by(self.binned, &rows, self.g, self.h),
                self.tree.min_samples_leaf,
            )
            .map(|best| self.tie_of_guide(&rows, index, sg, best).unwrap_or(best))
        } else {
            None
        };
        let Some(split) = split else {
            let value = if sh + self.lambda < 1e-150 {
                0.0
            } else {
                -sg / (sh + self.lambda)
            };
            self.nodes[index].kind = NodeKind::Leaf(value);
            rows.iter().for_each(|&r| self.values[r] = value);
            return index;
        };
        let (left, right): (Vec<usize>, Vec<usize>) = rows
            .iter()
            .partition(|&&r| self.binned.codes[[r, split.feature]] as usize <= split.bin);
        let l = self.grow(left, depth + 1);
        let r = self.grow(right, depth + 1);
        self.nodes[index].kind = NodeKind::Split {
            feature: split.feature,
            threshold: self.binned.edges[split.feature][split.bin],
            left: l,
            right: r,
        };
        index
    }
}

/// The histogram booster of the doc (or a mistaken one), written plainly.
fn plain_fit(
    way: FitWay,
    guide: Option<&BoostedClassifier>,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &HistParams,
) -> BoostedClassifier {
    let binned = binned_by(
        x,
        if way == FitWay::DefaultBins {
            255
        } else {
            params.max_bins
        },
    );
    let c = &params.classifier;
    let share = y.iter().filter(|&&l| l == 1).count() as f64 / y.len() as f64;
    let init = (share / (1.0 - share)).ln();
    let n = y.len();
    let mut raw = vec![
        if way == FitWay::ScoresFromZero {
            0.0
        } else {
            init
        };
        n
    ];
    let (g0, h0) = gradients_of(&raw, y);
    let mut trees = Vec::new();
    for _ in 0..c.n_stages {
        let (g, h) = if way == FitWay::StaleGradients {
            (g0.clone(), h0.clone())
        } else {
            gradients_of(&raw, y)
        };
        let mut plain = Plain {
            x,
            guide: guide.and_then(|m| m.trees.get(trees.len())),
            binned: &binned,
            g: &g,
            h: &h,
            tree: if way == FitWay::DefaultTree {
                TreeParams::new().max_depth(3)
            } else {
                c.tree
            },
            lambda: c.lambda,
            nodes: Vec::new(),
            values: vec![0.0; n],
        };
        plain.grow((0..n).collect(), 0);
        let rate = match way {
            FitWay::NoShrinkageInFit => 1.0,
            FitWay::ScoresNeverMove => 0.0,
            _ => c.learning_rate,
        };
        for (f, v) in raw.iter_mut().zip(&plain.values) {
            *f += rate * v;
        }
        trees.push(RegressionTree {
            nodes: plain.nodes,
            n_features: x.ncols(),
        });
    }
    BoostedClassifier {
        init,
        learning_rate: c.learning_rate,
        trees,
        n_features: x.ncols(),
    }
}

/// The training rows that reach every node of `tree` (walked by the grader).
fn rows_per_node(tree: &RegressionTree, x: ArrayView2<f64>) -> Vec<Vec<usize>> {
    let mut reach = vec![Vec::new(); tree.nodes.len()];
    for i in 0..x.nrows() {
        let mut k = 0;
        for _ in 0..=tree.nodes.len() {
            reach[k].push(i);
            match tree.nodes[k].kind {
                NodeKind::Leaf(_) => break,
                NodeKind::Split {
                    feature,
                    threshold,
                    left,
                    right,
                } => {
                    k = if x[[i, feature]] <= threshold {
                        left
                    } else {
                        right
                    }
                }
            }
        }
    }
    reach
}

fn depths(tree: &RegressionTree) -> Vec<usize> {
    let mut depth = vec![0; tree.nodes.len()];
    for (k, node) in tree.nodes.iter().enumerate() {
        if let NodeKind::Split { left, right, .. } = node.kind {
            depth[left] = depth[k] + 1;
            depth[right] = depth[k] + 1;
        }
    }
    depth
}

/// How two models differ first (tree, node, what), or None when they match. With
/// `thresholds` false, a split's threshold may differ as long as the same training rows
/// go each way (the exact tree's midpoints are within the node).
fn difference(
    got: &BoostedClassifier,
    expected: &BoostedClassifier,
    x: ArrayView2<f64>,
    thresholds: bool,
) -> Option<(usize, usize, String)> {
    if got.trees.len() != expected.trees.len() {
        return Some((
            0,
            0,
            format!(
                "expected {} trees, got {}",
                expected.trees.len(),
                got.trees.len()
            ),
        ));
    }
    for (t, (gt, et)) in got.trees.iter().zip(&expected.trees).enumerate() {
        let malformed = gt.nodes.iter().enumerate().any(|(k, n)| match n.kind {
            NodeKind::Split { left, right, .. } => {
                left <= k || right <= k || left >= gt.nodes.len() || right >= gt.nodes.len()
            }
            NodeKind::Leaf(_) => false,
        });
        if malformed {
            return Some((
                t,
                0,
                "a split's child is not a later node of the tree".into(),
            ));
        }
        if let Some(NodeKind::Split { left, right, .. }) = gt.nodes.first().map(|n| &n.kind)
            && left > right
        {
            return Some((t, 0, "the root's right child comes before its left one in nodes: push the node, then its left subtree, then its right subtree (depth first, left first)".into()));
        }
        let got_rows = rows_per_node(gt, x);
        let expected_rows = rows_per_node(et, x);
        if let Some(k) = (0..gt.nodes.len()).find(|&k| got_rows[k].len() != gt.nodes[k].n_samples) {
            return Some((
                t,
                k,
                format!(
                    "n_samples is {}, but {} training rows reach this node through the thresholds\n    \
                     likely mistake: the rows were not sent the way the threshold says: rows whose code is ≤ bin go left \
                     (the threshold is edges[feature][bin], and a value equal to it goes left)",
                    gt.nodes[k].n_samples,
                    got_rows[k].len()
                ),
            ));
        }
        for (k, e) in et.nodes.iter().enumerate() {
            let Some(g) = gt.nodes.get(k) else {
                return Some((
                    t,
                    k,
                    format!(
                        "the tree has {} nodes, expected {}",
                        gt.nodes.len(),
                        et.nodes.len()
                    ),
                ));
            };
            if g.n_samples != e.n_samples {
                return Some((
                    t,
                    k,
                    format!("n_samples: expected {}, got {}", e.n_samples, g.n_samples),
                ));
            }
            match (&g.kind, &e.kind) {
                (NodeKind::Leaf(a), NodeKind::Leaf(b)) => {
                    if !close(*a, *b) {
                        return Some((t, k, format!("leaf value: expected {b:.9}, got {a:.9}")));
                    }
                }
                (
                    NodeKind::Split {
                        feature: gf,
                        threshold: gth,
                        left: gl,
                        ..
                    },
                    NodeKind::Split {
                        feature: ef,
                        threshold: eth,
                        left: el,
                        ..
                    },
                ) => {
                    // Two splits that send the same training rows each way tie exactly
                    // (rounding decides between them): either is right.
                    let same_rows = got_rows.get(*gl) == expected_rows.get(*el)
                        && got_rows[k] == expected_rows[k];
                    if gf != ef && same_rows {
                        continue;
                    }
                    if gf != ef {
                        return Some((
                            t,
                            k,
                            format!(
                                "split on feature {gf} at {gth}, expected feature {ef} at {eth}"
                            ),
                        ));
                    }
                    if thresholds && gth != eth {
                        return Some((
                            t,
                            k,
                            format!(
                                "split on feature {gf} at {gth}, expected at {eth} (a bin edge)"
                            ),
                        ));
                    }
                }
                (
                    NodeKind::Leaf(_),
                    NodeKind::Split {
                        feature, threshold, ..
                    },
                ) => {
                    return Some((
                        t,
                        k,
                        format!("a leaf, expected a split on feature {feature} at {threshold}"),
                    ));
                }
                (
                    NodeKind::Split {
                        feature, threshold, ..
                    },
                    NodeKind::Leaf(_),
                ) => {
                    return Some((
                        t,
                        k,
                        format!("a split on feature {feature} at {threshold}, expected a leaf"),
                    ));
                }
            }
            if got_rows[k] != expected_rows[k] {
                return Some((
                    t,
                    k,
                    "other training rows reach this node than expected".into(),
                ));
            }
            if !(g.impurity - e.impurity).abs().le(&1e-9) {
                return Some((
                    t,
                    k,
                    format!(
                        "impurity: expected {:.9} (the variance of the node's g), got {:.9}",
                        e.impurity, g.impurity
                    ),
                ));
            }
        }
        if gt.nodes.len() != et.nodes.len() {
            return Some((
                t,
                et.nodes.len(),
                format!(
                    "the tree has {} nodes, expected {}",
                    gt.nodes.len(),
                    et.nodes.len()
                ),
            ));
        }
    }
    None
}

/// What the learner's node at the first difference suggests, from the node's own rows
/// and gradients.
#[allow(clippy::too_many_arguments)]
fn node_diagnosis(
    got: &BoostedClassifier,
    expected: &BoostedClassifier,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &HistParams,
    tree: usize,
    node: usize,
) -> Option<&'static str> {
    let et = &expected.trees[tree];
    let gt = got.trees.get(tree)?;
    let rows = rows_per_node(et, x).swap_remove(node);
    let raw: Vec<f64> = {
        let mut raw = vec![expected.init; x.nrows()];
        for t in &expected.trees[..tree] {
            for (i, f) in raw.iter_mut().enumerate() {
                if let NodeKind::Leaf(v) = t.nodes[leaf(t, x.row(i))].kind {
                    *f += expected.learning_rate * v;
                }
            }
        }
        raw
    };
    let (g, h) = gradients_of(&raw, y);
    let (sg, sh): (f64, f64) = rows
        .iter()
        .fold((0.0, 0.0), |(a, b), &r| (a + g[r], b + h[r]));
    let n = rows.len() as f64;
    let c = &params.classifier;
    let depth = depths(et)[node];
    let e = &et.nodes[node];
    let gn = gt.nodes.get(node)?;
    let impurity = || {
        if gn.n_samples != e.n_samples {
            return None;
        }
        let var_h = {
            let mh = sh / n;
            rows.iter().map(|&r| (h[r] - mh).powi(2)).sum::<f64>() / n
        };
        let sq = rows.iter().map(|&r| g[r] * g[r]).sum::<f64>();
        [
            (
                var_h,
                "the impurity is the variance of h: it is the variance of the node's gradients g",
            ),
            (
                sq / n,
                "the impurity is Σg²/|R|: subtract the squared mean, (Σg² − (Σg)²/|R|)/|R|",
            ),
            (
                sq - sg * sg / n,
                "the impurity was not divided by the row count: (Σg² − (Σg)²/|R|)/|R|",
            ),
            (
                0.0,
                "the impurity was left 0: it is the variance of the node's gradients",
            ),
        ]
        .iter()
        .find(|(value, _)| close(gn.impurity, *value) && !close(e.impurity, *value))
        .map(|(_, why)| *why)
    };
    match (&gn.kind, &e.kind) {
        (NodeKind::Leaf(v), NodeKind::Leaf(w)) => {
            let v = *v;
            let candidates = [
                (-sg / sh, "λ is not used in the leaf: newton_leaf(Σg, Σh, params.classifier.lambda)"),
                (sg / (sh + c.lambda), "the leaf's sign is flipped: it is −Σg / (Σh + λ)"),
                (-sg / n, "the leaf is the mean of −g (a regression tree's leaf): it is the Newton step −Σg / (Σh + λ)"),
                (c.learning_rate * w, "the stored leaf is η × the Newton step: store the step itself, the model applies learning_rate"),
                (-sg / (sh + n * c.lambda), "λ was added once per row: −Σg / (Σh + λ)"),
                (
                    -sg / (rows.iter().map(|&r| g[r] + y[r] as f64).sum::<f64>() + c.lambda),
                    "the Hessian is p: it is h = p(1 − p)",
                ),
            ];
            candidates
                .iter()
                .find(|(value, _)| close(v, *value) && !close(v, *w))
                .map(|(_, why)| *why)
        }
        (NodeKind::Leaf(_), NodeKind::Split { .. }) => {
            if c.tree.max_depth == Some(depth + 1) {
                Some("a node at depth max_depth − 1 was not split: the root is at depth 0 and a node may split while its depth is below max_depth")
            } else if rows.len() == c.tree.min_samples_split {
                Some("a node of exactly min_samples_split rows was not split: it stays a leaf only below min_samples_split")
            } else {
                None
            }
        }
        (NodeKind::Split { .. }, NodeKind::Leaf(_)) => {
            if c.tree.max_depth == Some(depth) {
                Some("a node at depth max_depth was split: the root is at depth 0, a node at depth max_depth stays a leaf")
            } else if rows.iter().all(|&r| g[r] == g[rows[0]]) {
                Some("a node whose rows all have the same gradient was split: such a node stays a leaf, as in the exact tree")
            } else if rows.len() < c.tree.min_samples_split {
                Some("a node with fewer than min_samples_split rows was split: it stays a leaf")
            } else {
                None
            }
        }
        (
            NodeKind::Split {
                feature: gf,
                threshold: gth,
                left: gl,
                ..
            },
            NodeKind::Split {
                feature: ef,
                threshold: eth,
                left: el,
                ..
            },
        ) => {
            let binned = binned_by(x, params.max_bins);
            let edges = &binned.edges[*ef];
            if gf == ef
                && gth == eth
                && gt.nodes.get(*gl).map(|n| n.n_samples) == et.nodes.get(*el).map(|n| n.n_samples)
            {
                return impurity();
            }
            if gf == ef && gth == eth {
                return Some("the rows were sent the wrong way: rows whose code is ≤ bin go left (a value equal to the threshold goes left)");
            }
            if gf == ef && gth != eth {
                let bin = edges.iter().position(|e| e == eth)?;
                if edges.get(bin + 1) == Some(gth) {
                    return Some("the threshold is the edge above the split's bin: it is edges[feature][bin], the top of the last bin on the left");
                }
                if bin > 0 && edges.get(bin - 1) == Some(gth) {
                    return Some("the threshold is the edge below the split's bin: it is edges[feature][bin], the top of the last bin on the left");
                }
                if gt.nodes.get(*gl).map(|n| n.n_samples) != et.nodes.get(*el).map(|n| n.n_samples) {
                    return Some("the rows were sent the wrong way: rows whose code is ≤ bin go left");
                }
                return None;
            }
            let node_hist = histogram_by(&binned, &rows, &g, &h);
            let sibling = et.nodes.iter().find_map(|n| match n.kind {
                NodeKind::Split { left, right, .. } if left == node => Some(right),
                NodeKind::Split { left, right, .. } if right == node => Some(left),
                _ => None,
            });
            if let Some(sibling) = sibling {
                let other = rows_per_node(et, x).swap_remove(sibling);
                let wrong = sweep_by(Sweep::Doc, &histogram_by(&binned, &other, &g, &h), c.tree.min_samples_leaf);
                if wrong.is_some_and(|s| s.feature == *gf && binned.edges[s.feature][s.bin] == *gth) {
                    return Some("this node's split was searched on its sibling's histogram: parent − child is the histogram of the other child");
                }
            }
            let learner = (*gf, gt.nodes.get(*gl).map(|n| n.n_samples));
            let doc = sweep_by(Sweep::Doc, &node_hist, c.tree.min_samples_leaf)
                .map(|s| (s.feature, Some(s.n_left)));
            SWEEP_SUSPECTS.iter().find_map(|(way, why)| {
                let s = sweep_by(*way, &node_hist, c.tree.min_samples_leaf)?;
                let theirs = (s.feature, Some(s.n_left));
                (learner == theirs && doc != Some(theirs)).then_some(*why)
            })
        }
    }
    .or_else(impurity)
}

fn leaf(tree: &RegressionTree, sample: ArrayView1<f64>) -> usize {
    let mut k = 0;
    for _ in 0..=tree.nodes.len() {
        match tree.nodes[k].kind {
            NodeKind::Leaf(_) => return k,
            NodeKind::Split {
                feature,
                threshold,
                left,
                right,
            } => {
                k = if sample[feature] <= threshold {
                    left
                } else {
                    right
                }
            }
        }
    }
    fail("a learner's tree is on a cycle: following the children never reaches a leaf".into())
}

/// Fails unless the learner's model is `expected` node by node; names a mistake when a
/// mistaken booster gives the learner's model, or when the first differing node shows it.
#[track_caller]
#[allow(clippy::too_many_arguments)]
fn expect_model(
    what: &str,
    got: &BoostedClassifier,
    expected: &BoostedClassifier,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &HistParams,
    thresholds: bool,
) {
    if !close(got.init, expected.init) {
        let share = y.iter().filter(|&&l| l == 1).count() as f64 / y.len() as f64;
        let why = if close(got.init, share) {
            "\n    likely mistake: init is the share of 1s: it is initial_score(y), the log-odds"
        } else {
            ""
        };
        fail(format!(
            "{what}: init: expected {:.9} (initial_score(y)), got {:.9}{why}",
            expected.init, got.init
        ));
    }
    require(
        got.learning_rate == expected.learning_rate && got.n_features == expected.n_features,
        || {
            format!(
                "{what}: the model's learning_rate and n_features: expected {} and {}, got {} and {}",
                expected.learning_rate, expected.n_features, got.learning_rate, got.n_features
            )
        },
    );
    let Some((tree, node, how)) = difference(got, expected, x, thresholds) else {
        return;
    };
    let mut why = FIT_SUSPECTS
        .iter()
        .find(|(way, _)| {
            difference(got, &plain_fit(*way, Some(got), x, y, params), x, false).is_none()
        })
        .map(|(_, why)| *why);
    if why.is_none() && tree < got.trees.len() {
        why = node_diagnosis(got, expected, x, y, params, tree, node);
    }
    fail(format!(
        "{what}: tree {} (stage {}), node {node}: {how}{}",
        tree + 1,
        tree + 1,
        why.map_or(String::new(), |w| format!("\n    likely mistake: {w}"))
    ));
}

fn settings() -> Vec<(HistParams, &'static str)> {
    let c = |stages, depth, rate, lambda| {
        ClassifierParams::new(stages)
            .learning_rate(rate)
            .lambda(lambda)
            .tree(TreeParams::new().max_depth(depth))
    };
    vec![
        (
            HistParams::new(6).classifier(c(6, 2, 0.3, 0.0)),
            "6 stages of depth 2, η 0.3, λ 0",
        ),
        (
            HistParams::new(4).classifier(c(4, 3, 0.5, 1.5)),
            "4 stages of depth 3, η 0.5, λ 1.5",
        ),
        (
            HistParams::new(3).classifier(
                c(3, 4, 0.2, 0.0).tree(
                    TreeParams::new()
                        .max_depth(4)
                        .min_samples_leaf(4)
                        .min_samples_split(11),
                ),
            ),
            "3 stages of depth 4, min_samples_leaf 4, min_samples_split 11",
        ),
    ]
}

#[test]
fn fit_grows_the_exact_boosters_trees_when_every_value_has_a_bin() {
    let (x, y) = wavy_case();
    for (params, what) in settings() {
        let model = call_ok!(histogram_boosting::fit(x.view(), y.view(), &params));
        let exact = exact::fit(x.view(), y.view(), &params.classifier).expect("the exact booster");
        // The exact booster's trees, node by node. Where two splits of different rows tie
        // exactly, rounding decides which one a correct code takes: then the model is
        // compared with the doc's booster that follows the learner's choice at such ties.
        if difference(&model, &exact, x.view(), false).is_none() {
            continue;
        }
        expect_model(
            &format!(
                "60 rows, 23 distinct values per feature (each its own bin), {what}: the exact \
                 booster's trees (boosted_classifier), exact ties between splits aside"
            ),
            &model,
            &plain_fit(FitWay::Doc, Some(&model), x.view(), y.view(), &params),
            x.view(),
            y.view(),
            &params,
            false,
        );
    }
}

#[test]
fn fit_with_fewer_bins_than_values() {
    let (x, y) = wavy_case();
    for (params, what) in settings() {
        for max_bins in [5, 12] {
            let params = params.max_bins(max_bins);
            let model = call_ok!(histogram_boosting::fit(x.view(), y.view(), &params));
            expect_model(
                &format!("60 rows binned into {max_bins} quantile bins, {what}"),
                &model,
                &plain_fit(FitWay::Doc, Some(&model), x.view(), y.view(), &params),
                x.view(),
                y.view(),
                &params,
                true,
            );
        }
    }
}

#[test]
fn a_separable_case_is_learned_without_nan() {
    // Class 1 exactly where x > 4.5: after the scores pass ~37, σ(F) rounds to 0 or 1,
    // h = 0, and a leaf summed from histograms by subtraction could keep rounding dust.
    let x = Array2::from_shape_fn((10, 2), |(i, j)| {
        if j == 0 {
            i as f64
        } else {
            ((i * 7) % 10) as f64 * 0.1 + 0.05
        }
    });
    let y = Array1::from_shape_fn(10, |i| usize::from(i > 4));
    let params = HistParams::new(60).classifier(
        ClassifierParams::new(60)
            .learning_rate(1.0)
            .tree(TreeParams::new().max_depth(2)),
    );
    let model = call_ok!(histogram_boosting::fit(x.view(), y.view(), &params));
    let bad = model.trees.iter().position(|t| {
        t.nodes
            .iter()
            .any(|n| matches!(n.kind, NodeKind::Leaf(v) if !v.is_finite() || v.abs() > 1e6))
    });
    if let Some(stage) = bad {
        fail(format!(
            "a separable case, 60 stages at η = 1: tree {} has a leaf that is not finite or above 1e6\n    \
             likely mistake: a leaf's sums must be added up from its rows (histogram sums by subtraction leave rounding dust where Σh should be exactly 0)",
            stage + 1
        ));
    }
    expect_model(
        "a separable case, 60 stages of depth 2 at η = 1",
        &model,
        &exact::fit(x.view(), y.view(), &params.classifier).expect("the exact booster"),
        x.view(),
        y.view(),
        &params,
        false,
    );
}

#[test]
fn breast_cancer_matches_scikit_learn() {
    let data = datasets::breast_cancer();
    let (train, test) = data.split(&data.reference_split().unwrap()).unwrap();
    let (y_train, y_test) = (train.class_labels().unwrap(), test.class_labels().unwrap());
    let params = HistParams::new(100);
    let model = call_ok!(histogram_boosting::fit(
        train.features.view(),
        y_train.view(),
        &params
    ));
    require(model.trees.len() == 100, || {
        format!("100 stages: expected 100 trees, got {}", model.trees.len())
    });
    // Every threshold is a bin edge of the training features.
    let edges: Vec<Vec<f64>> = (0..30)
        .map(|j| edges_by(EdgeWay::Doc, &train.features.column(j).to_vec(), 255))
        .collect();
    for (t, tree) in model.trees.iter().enumerate() {
        for node in &tree.nodes {
            if let NodeKind::Split {
                feature, threshold, ..
            } = node.kind
            {
                require(edges[feature].contains(&threshold), || {
                    format!(
                        "breast_cancer, tree {}: a split on feature {feature} at {threshold}, which is not one of its 255-bin edges",
                        t + 1
                    )
                });
            }
        }
    }
    let raw = exact::decision_function(&model, test.features.view()).expect("30 features");
    let correct = raw
        .iter()
        .zip(&y_test)
        .filter(|(f, l)| usize::from(**f > 0.0) == **l)
        .count();
    // scikit-learn: 0.956 = 109 of 114 (its trees are leaf-wise, 31 leaves, and score
    // splits by G²/H): one row either way is allowed.
    require((108..=110).contains(&correct), || {
        format!(
            "breast_cancer test accuracy after 100 stages of depth 3, 255 bins: scikit-learn's HistGradientBoostingClassifier gets 0.956 (109 of 114), you got {correct} of 114"
        )
    });
    let loss = raw
        .iter()
        .zip(&y_test)
        .map(|(&f, &l)| {
            let z = if l == 1 { f } else { -f };
            (-z).max(0.0) + (-z.abs()).exp().ln_1p()
        })
        .sum::<f64>()
        / 114.0;
    expect(
        "breast_cancer test log loss after 100 stages (the exact booster: 0.135)",
        loss,
        0.135,
    )
    .tol(Tolerance::abs(0.03))
    .assert();
}

#[test]
fn fit_checks_its_input_in_order() {
    let (x, y) = wavy_case();
    let short = array![0usize, 5];
    for (bad, what) in [
        (HistParams::new(0), "n_stages 0"),
        (
            HistParams::new(3).classifier(ClassifierParams::new(3).lambda(-1.0)),
            "lambda −1 (and max_bins 1)",
        ),
        (HistParams::new(3).max_bins(1), "max_bins 1"),
        (HistParams::new(3).max_bins(256), "max_bins 256"),
    ] {
        let bad = if what.contains("and max_bins 1") {
            bad.max_bins(1)
        } else {
            bad
        };
        let wanted = bad.validate().unwrap_err();
        match call!(histogram_boosting::fit(x.view(), short.view(), &bad)) {
            Err(e) if e == wanted => {}
            other => fail(format!(
                "fit with {what} (and 60 rows for 2 labels): expected {wanted:?} (params.validate() comes first: the classifier's settings, then max_bins), got {}",
                other.map_or_else(|e| format!("{e:?}"), |_| "Ok".into())
            )),
        }
    }
    let params = HistParams::new(2);
    let mut bad_x = x.clone();
    bad_x[[3, 0]] = f64::INFINITY;
    let mut bad_y = y.clone();
    bad_y[1] = 7;
    let ones = Array1::from_elem(60, 1usize);
    let cases: Vec<(ArrayView2<f64>, ArrayView1<usize>, HistError, &str)> = vec![
        (
            x.view(),
            short.view(),
            TreeError::LengthMismatch {
                rows: 60,
                targets: 2,
            }
            .into(),
            "one label per row, checked before the labels",
        ),
        (
            bad_x.view(),
            bad_y.view(),
            TreeError::NonFiniteFeature {
                row: 3,
                feature: 0,
                value: f64::INFINITY,
            }
            .into(),
            "a non-finite feature is found before a label that is not binary",
        ),
        (
            x.view(),
            bad_y.view(),
            ClassifierError::NotBinary { row: 1, label: 7 }.into(),
            "a label that is not 0 or 1",
        ),
        (
            x.view(),
            ones.view(),
            ClassifierError::OneClass { label: 1 }.into(),
            "every label is 1",
        ),
    ];
    for (xs, ys, wanted, why) in cases {
        match call!(histogram_boosting::fit(xs, ys, &params)) {
            Err(e) => expect_error(&format!("fit ({why})"), e, wanted, &[]),
            Ok(_) => fail(format!("fit ({why}): expected {wanted:?}, got Ok")),
        }
    }
    let empty = Array2::<f64>::zeros((0, 2));
    let none = Array1::<usize>::zeros(0);
    match call!(histogram_boosting::fit(empty.view(), none.view(), &params)) {
        Err(e) => expect_error("fit with no rows", e, TreeError::Empty.into(), &[]),
        Ok(_) => fail("fit with no rows: expected Classifier(Tree(Empty)), got Ok".into()),
    }
}
