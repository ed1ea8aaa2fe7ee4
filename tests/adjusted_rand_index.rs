//! Grader of exercises/05_clustering/adjusted_rand_index.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/05_clustering/adjusted_rand_index.rs"]
mod adjusted_rand_index;
#[cfg(feature = "solutions")]
use mlings::reference::adjusted_rand_index;

mod clustering_support;
use clustering_support::{require_error, value_or_panic};

use linfa::prelude::*;
use linfa_clustering::KMeans;
use mlings::grade::{Tolerance, expect, expect_array, fail, require};
use mlings::types::clustering::ClusteringError;
use mlings::{call, call_ok, datasets};
use ndarray::{Array1, ArrayView1, array};
use rand::Rng as _;

/// The running example of the exercise: truth [0, 0, 0, 1, 1, 1], predicted [0, 0, 1, 1, 2, 2].
fn example() -> (Array1<usize>, Array1<usize>) {
    (array![0, 0, 0, 1, 1, 1], array![0, 0, 1, 1, 2, 2])
}

/// Pair counts of a contingency table given by its cells, its row sums and its column
/// sums, with a given way of counting the pairs among m samples: (both, a, b, N).
fn sums(cells: &[u64], rows: &[u64], columns: &[u64], pairs: fn(u64) -> f64) -> [f64; 4] {
    let n: u64 = rows.iter().sum();
    [
        cells.iter().map(|&m| pairs(m)).sum(),
        rows.iter().map(|&m| pairs(m)).sum(),
        columns.iter().map(|&m| pairs(m)).sum(),
        pairs(n),
    ]
}

/// C(m, 2), exactly (u128), as f64.
fn pairs(m: u64) -> f64 {
    (m as u128 * (m as u128).saturating_sub(1) / 2) as f64
}

/// The Rand index from the sums (the doc comment's formula, written again here).
fn rand_of([both, a, b, n]: [f64; 4]) -> f64 {
    (both + (n - a - b + both)) / n
}

/// The adjusted Rand index from the sums, with `maximum` computed by `max_of`.
fn ari_of([both, a, b, n]: [f64; 4], max_of: fn(f64, f64) -> f64) -> f64 {
    let expected = a * b / n;
    (both - expected) / (max_of(a, b) - expected)
}

fn half_sum(a: f64, b: f64) -> f64 {
    (a + b) / 2.0
}

/// The running example's table [[2, 1, 0], [0, 1, 2]].
const CELLS: [u64; 6] = [2, 1, 0, 0, 1, 2];
const ROWS: [u64; 2] = [3, 3];
const COLUMNS: [u64; 3] = [2, 2, 2];

const SQUARED_PAIRS: &str = "you counted m²/2 pairs among m samples: C(m, 2) = m(m − 1)/2 (a sample is no pair with itself)";

#[test]
fn contingency_table_by_hand() {
    let (truth, predicted) = example();
    let table = call_ok!(adjusted_rand_index::contingency_table(
        truth.view(),
        predicted.view()
    ));
    expect_array(
        "contingency table of truth [0, 0, 0, 1, 1, 1] vs predicted [0, 0, 1, 1, 2, 2]",
        &table.mapv(|c| c as f64),
        &array![[2.0, 1.0, 0.0], [0.0, 1.0, 2.0]],
    )
    .no_generic_diagnosis()
    .assert();
    // Label values need not start at 0 or be consecutive: rows and columns follow their order.
    let table = call_ok!(adjusted_rand_index::contingency_table(
        array![9, 5, 5].view(),
        array![7, 7, 3].view()
    ));
    require(table.dim() == (2, 2), || {
        let hint = if table.dim() == (10, 8) {
            "\n    likely mistake: you indexed the table by label value: renumber the labels \
             (renumber_labels), so labels that never occur get no row"
        } else {
            ""
        };
        format!(
            "contingency table of truth [9, 5, 5] vs predicted [7, 7, 3]: expected a 2 x 2 table \
             (2 distinct labels each), got {:?}{hint}",
            table.dim()
        )
    });
    expect_array(
        "contingency table of truth [9, 5, 5] vs predicted [7, 7, 3] (rows 5, 9; columns 3, 7)",
        &table.mapv(|c| c as f64),
        &array![[1.0, 1.0], [0.0, 1.0]],
    )
    .mistake_array(
        &array![[1.0, 0.0], [1.0, 1.0]],
        "rows follow the distinct truth labels in increasing order (5 then 9), columns the predicted ones (3 then 7)",
    )
    .assert();
}

#[test]
fn rand_index_by_hand() {
    // both = 2, a = 6, b = 3, N = 15: (2 + (15 − 6 − 3 + 2)) / 15 = 2/3.
    let (truth, predicted) = example();
    let got = call_ok!(adjusted_rand_index::rand_index(
        truth.view(),
        predicted.view()
    ));
    expect("Rand index of the exercise's example", got, 2.0 / 3.0)
        .mistake(
            2.0 / 15.0,
            "you counted only the pairs together in both: add the pairs apart in both (N − a − b + both)",
        )
        .mistake(
            8.0 / 15.0,
            "you counted only the pairs apart in both: add the pairs together in both",
        )
        .mistake(8.0 / 33.0, "that is the adjusted Rand index: the plain index is not adjusted")
        .mistake(
            10.0 / 6.0,
            "you divided by the number of samples: divide by the number of pairs N = C(n, 2), not by n",
        )
        .assert();
    // With one sample there is no pair to disagree on.
    let got = call_ok!(adjusted_rand_index::rand_index(
        array![3].view(),
        array![1].view()
    ));
    require(got == 1.0, || {
        format!(
            "Rand index of one sample ([3] vs [1]): expected 1, got {got}\n    with one sample \
             there is no pair: return 1 (N = 0, so the formula would be 0 / 0)"
        )
    });
}

#[test]
fn adjusted_rand_index_by_hand() {
    // expected = a·b / N = 6·3/15 = 1.2, maximum = (6 + 3)/2 = 4.5: (2 − 1.2) / (4.5 − 1.2) = 8/33.
    let (truth, predicted) = example();
    let got = call_ok!(adjusted_rand_index::adjusted_rand_index(
        truth.view(),
        predicted.view()
    ));
    expect("adjusted Rand index of the exercise's example", got, 8.0 / 33.0)
        .mistake(
            2.0 / 3.0,
            "that is the plain Rand index: subtract the expected index and divide by (maximum − expected)",
        )
        .mistake(
            2.0 / 4.5,
            "you did not subtract the expected index a·b/N (from the numerator and the denominator)",
        )
        .mistake(
            (2.0 - 6.0 * 3.0 / 6.0) / (4.5 - 6.0 * 3.0 / 6.0),
            "expected = a·b / N divides by the number of pairs N = C(n, 2) = 15, not by n = 6",
        )
        .mistake(
            ari_of(sums(&CELLS, &ROWS, &COLUMNS, pairs), f64::max),
            "the maximum index is the mean of a and b: maximum = (a + b) / 2, not max(a, b)",
        )
        .mistake(
            ari_of(sums(&CELLS, &ROWS, &COLUMNS, |m| (m * m / 2) as f64), half_sum),
            SQUARED_PAIRS,
        )
        .mistake(
            ari_of(sums(&CELLS, &ROWS, &COLUMNS, |m| (m * m) as f64 / 2.0), half_sum),
            SQUARED_PAIRS,
        )
        .assert();
}

#[test]
fn scikit_learn_documentation_examples() {
    // Published in the docstring of sklearn.metrics.adjusted_rand_score.
    let cases: [(Array1<usize>, Array1<usize>, f64, &str); 6] = [
        (
            array![0, 0, 1, 1],
            array![0, 0, 1, 1],
            1.0,
            "identical labellings",
        ),
        (
            array![0, 0, 1, 1],
            array![1, 1, 0, 0],
            1.0,
            "the same grouping with the names swapped",
        ),
        (
            array![0, 0, 1, 2],
            array![0, 0, 1, 1],
            4.0 / 7.0,
            "two classes merged",
        ),
        (
            array![0, 0, 1, 1],
            array![0, 0, 1, 2],
            4.0 / 7.0,
            "a class split",
        ),
        (
            array![0, 0, 0, 0],
            array![0, 1, 2, 3],
            0.0,
            "one class against all singletons",
        ),
        (
            array![0, 0, 1, 1],
            array![0, 1, 0, 1],
            -0.5,
            "every pair split the other way",
        ),
    ];
    for (truth, predicted, expected, what) in cases {
        let got = call_ok!(adjusted_rand_index::adjusted_rand_index(
            truth.view(),
            predicted.view()
        ));
        expect(
            format!("ARI of {truth} vs {predicted} ({what})"),
            got,
            expected,
        )
        .tol(Tolerance::abs(1e-12))
        .no_generic_diagnosis()
        .assert();
    }
}

#[test]
fn identical_partitions_score_one_whatever_their_names() {
    let species = datasets::iris().class_labels().expect("iris has classes");
    let renamed = species.mapv(|s| [7, 2, 5][s]);
    let got = call_ok!(adjusted_rand_index::adjusted_rand_index(
        species.view(),
        renamed.view()
    ));
    expect(
        "ARI of the iris species vs the same species renamed 0→7, 1→2, 2→5",
        got,
        1.0,
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
    // Degenerate cases with no pair to disagree on: one sample; everything in one cluster.
    let cases = [
        (
            array![4],
            array![0],
            "one sample: N = 0: take expected = 0, then maximum = expected = 0",
        ),
        (
            array![1, 1, 1],
            array![0, 0, 0],
            "everything in one cluster in both",
        ),
        (
            array![0, 1, 2],
            array![5, 3, 4],
            "every sample alone in both",
        ),
    ];
    for (truth, predicted, why) in cases {
        let got = call_ok!(adjusted_rand_index::adjusted_rand_index(
            truth.view(),
            predicted.view()
        ));
        let hint = if got.is_nan() && truth.len() == 1 {
            "\n    likely mistake: with one sample N = 0: take expected = 0 (not 0 / 0), then \
             maximum = expected: return 1"
        } else if got == 0.0 || got.is_nan() {
            "\n    likely mistake: when maximum = expected the labellings are identical: return 1"
        } else {
            ""
        };
        require(got == 1.0, || {
            format!("ARI of {truth} vs {predicted} ({why}): expected 1, got {got}{hint}")
        });
    }
}

#[test]
fn the_iris_clustering_scores_like_scikit_learn() {
    // linfa-clustering's KMeans (k-means++, 10 runs) finds scikit-learn's k = 3 clustering
    // of iris, whose published ARI against the species is 0.730.
    let iris = datasets::iris();
    let model = KMeans::params_with_rng(3, mlings::prep::rng(0))
        .fit(&DatasetBase::from(iris.features.clone()))
        .expect("linfa's KMeans fits iris");
    let clusters = model.predict(&iris.features);
    let species = iris.class_labels().expect("iris has classes");
    let got = call_ok!(adjusted_rand_index::adjusted_rand_index(
        species.view(),
        clusters.view()
    ));
    expect(
        "ARI of the k = 3 clustering of iris vs the species",
        got,
        0.730,
    )
    .tol(Tolerance::abs(0.001))
    .assert();
    let swapped = call_ok!(adjusted_rand_index::adjusted_rand_index(
        clusters.view(),
        species.view()
    ));
    expect(
        "ARI with the two labellings swapped (it is symmetric)",
        swapped,
        got,
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
    let renamed = clusters.mapv(|c| 10 - c);
    let got_renamed = call_ok!(adjusted_rand_index::adjusted_rand_index(
        species.view(),
        renamed.view()
    ));
    expect("ARI with the clusters renamed c → 10 − c", got_renamed, got)
        .tol(Tolerance::abs(1e-12))
        .mistake(
            0.0,
            "the score changed when the cluster names changed: compare groupings (pairs), never label values",
        )
        .assert();
}

#[test]
fn random_labels_score_about_zero() {
    let mut generator = mlings::prep::rng(31);
    let truth: Array1<usize> = (0..3000).map(|_| generator.gen_range(0..3)).collect();
    let predicted: Array1<usize> = (0..3000).map(|_| generator.gen_range(0..4)).collect();
    let got = call_ok!(adjusted_rand_index::adjusted_rand_index(
        truth.view(),
        predicted.view()
    ));
    require(got.abs() < 0.01, || {
        let hint = if (0.5..0.6).contains(&got) {
            "\n    likely mistake: that is about the plain Rand index of random labels: adjust for chance"
        } else {
            ""
        };
        format!(
            "ARI of two independent random labellings of 3000 samples: expected about 0 \
             (within 0.01), got {got}{hint}"
        )
    });
}

#[test]
fn pair_counts_do_not_overflow_at_200_000_samples() {
    // 200 000 samples: truth is 0 for the first 100 000, 1 after; predicted is 0 for the
    // first 150 000, 1 after. Table [[100 000, 0], [50 000, 50 000]]: C(200 000, 2) is about
    // 2·10¹⁰ pairs (more than i32 or u32 hold) and a·b about 10²⁰ (more than u64 holds).
    let n = 200_000;
    let truth: Array1<usize> = (0..n).map(|i| usize::from(i >= 100_000)).collect();
    let predicted: Array1<usize> = (0..n).map(|i| usize::from(i >= 150_000)).collect();
    let (cells, rows, columns) = (
        [100_000, 0, 50_000, 50_000],
        [100_000, 100_000],
        [150_000, 50_000],
    );
    let exact = sums(&cells, &rows, &columns, pairs);
    let wrapped = sums(&cells, &rows, &columns, |m| {
        ((m as u32).wrapping_mul((m as u32).saturating_sub(1)) / 2) as f64
    });
    let wrapped_i32 = sums(&cells, &rows, &columns, |m| {
        ((m as i32).wrapping_mul(m as i32 - 1) / 2) as f64
    });
    type Indices = fn(ArrayView1<usize>, ArrayView1<usize>) -> Result<f64, ClusteringError>;
    let checks: [(&str, Indices, f64, f64, f64); 2] = [
        (
            "Rand index",
            adjusted_rand_index::rand_index,
            rand_of(exact),
            rand_of(wrapped),
            rand_of(wrapped_i32),
        ),
        (
            "adjusted Rand index",
            adjusted_rand_index::adjusted_rand_index,
            ari_of(exact, half_sum),
            ari_of(wrapped, half_sum),
            ari_of(wrapped_i32, half_sum),
        ),
    ];
    for (name, function, expected, wrapped_u32, wrapped_i32) in checks {
        let what = format!("{name} of 200 000 samples (table [[100 000, 0], [50 000, 50 000]])");
        let call = if name == "Rand index" {
            "adjusted_rand_index::rand_index"
        } else {
            "adjusted_rand_index::adjusted_rand_index"
        };
        let got = match value_or_panic(call, || function(truth.view(), predicted.view())) {
            Ok(result) => mlings::grade::ok(&what, result),
            Err(message) => {
                let hint = if message.contains("subtract with overflow") {
                    "\n    likely mistake: an unsigned subtraction went below 0: N − a − b is \
                     negative when a + b > N (here), so add before subtracting (N + both − a − b) \
                     or compute in f64"
                } else if message.contains("overflow") {
                    "\n    likely mistake: a pair count overflowed: C(200 000, 2) ≈ 2·10¹⁰ does not \
                     fit in an i32 or u32, and a·b ≈ 10²⁰ not even in a u64: compute the pair \
                     counts in u64 or f64, and a·b / N in f64"
                } else {
                    ""
                };
                fail(format!("{what}: your code panicked: {message}{hint}"))
            }
        };
        expect(what, got, expected)
            .tol(Tolerance::abs(1e-9))
            .no_generic_diagnosis()
            .mistake(
                wrapped_u32,
                "the pair counts wrapped around in u32 (C(200 000, 2) ≈ 2·10¹⁰ > 4.3·10⁹): \
                 compute them in u64 or f64",
            )
            .mistake(
                wrapped_i32,
                "the pair counts wrapped around in i32 (C(200 000, 2) ≈ 2·10¹⁰ > 2.1·10⁹): \
                 compute them in u64 or f64",
            )
            .assert();
    }
}

#[test]
fn bad_input_is_an_error() {
    type Labelled<T> = fn(ArrayView1<usize>, ArrayView1<usize>) -> Result<T, ClusteringError>;
    let empty = Array1::<usize>::zeros(0);
    let length = ClusteringError::LengthMismatch {
        what: "predicted labels",
        expected: 3,
        got: 2,
    };
    let swapped = ClusteringError::LengthMismatch {
        what: "predicted labels",
        expected: 2,
        got: 3,
    };
    let first = ClusteringError::LengthMismatch {
        what: "predicted labels",
        expected: 0,
        got: 1,
    };
    /// (what, truth, predicted, the expected error, [(a mistake's error, what it reveals)])
    type ErrorCase<'a> = (
        &'a str,
        ArrayView1<'a, usize>,
        ArrayView1<'a, usize>,
        ClusteringError,
        Vec<(ClusteringError, &'a str)>,
    );
    #[track_caller]
    fn check_all<T: std::fmt::Debug>(name: &str, function: Labelled<T>, cases: &[ErrorCase]) {
        for (what, truth, predicted, expected, wrong) in cases {
            require_error(
                &format!("{name} of {what}"),
                call!(function(*truth, *predicted)),
                expected,
                "the doc comment lists the errors in order",
                wrong,
            );
        }
    }
    let (three, two, one) = (array![0, 1, 1], array![0, 1], array![0]);
    let cases = [
        (
            "3 truth labels vs 2 predicted labels",
            three.view(),
            two.view(),
            length,
            vec![(
                swapped,
                "expected is truth.len() (3), got is predicted.len() (2)",
            )],
        ),
        (
            "no samples",
            empty.view(),
            empty.view(),
            ClusteringError::Empty,
            vec![],
        ),
        (
            "no truth labels vs 1 predicted label (two faults: no samples comes first)",
            empty.view(),
            one.view(),
            ClusteringError::Empty,
            vec![(first, "no samples is checked first, then the lengths")],
        ),
    ];
    check_all(
        "contingency_table",
        adjusted_rand_index::contingency_table,
        &cases,
    );
    check_all("rand_index", adjusted_rand_index::rand_index, &cases);
    check_all(
        "adjusted_rand_index",
        adjusted_rand_index::adjusted_rand_index,
        &cases,
    );
}
