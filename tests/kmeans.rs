//! Grader of exercises/04_clustering/kmeans.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/04_clustering/kmeans.rs"]
mod kmeans;
#[cfg(feature = "solutions")]
use mlings::reference::kmeans;

mod clustering_support;
use clustering_support::line;

use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use mlings::grade::{Tolerance, expect, expect_array, expect_err, require};
use mlings::types::clustering::ClusteringError;
use mlings::types::kmeans::{KMeansFit, LloydParams};
use mlings::{call, call_ok, datasets};
use ndarray::{Array1, Array2, Axis, array};
use rand::seq::SliceRandom;

#[track_caller]
fn lloyd_ok(x: &Array2<f64>, init: &Array2<f64>, params: LloydParams) -> KMeansFit {
    call_ok!(kmeans::lloyd(x.view(), init.view(), &params))
}

#[track_caller]
fn require_labels(what: &str, got: &Array1<usize>, expected: &[usize], hint: &str) {
    require(got.as_slice() == Some(expected), || {
        format!("{what}: expected labels {expected:?}, got {got}\n    likely mistake: {hint}")
    });
}

#[track_caller]
fn require_iterations(what: &str, fit: &KMeansFit, iterations: usize, converged: bool) {
    require(
        fit.iterations == iterations && fit.converged == converged,
        || {
            format!(
                "{what}: expected {iterations} iterations and converged = {converged}, \
                 got {} iterations and converged = {}\n    \
                 an iteration is one assignment plus one update; stop when the largest centroid \
                 move is <= tolerance (converged) or after max_iterations (not converged)",
                fit.iterations, fit.converged
            )
        },
    );
}

#[test]
fn nearest_centroid_returns_the_squared_distance() {
    // (3, 4) is 5 away from (0, 0) and from (6, 8), but only 4 away from (3, 0).
    let centroids = array![[0.0, 0.0], [6.0, 8.0], [3.0, 0.0]];
    let (index, distance) = call!(kmeans::nearest_centroid(
        array![3.0, 4.0].view(),
        centroids.view()
    ));
    require(index == 2, || {
        format!(
            "nearest centroid of (3, 4) among [(0, 0), (6, 8), (3, 0)]: expected index 2, got {index}"
        )
    });
    expect(
        "squared distance from (3, 4) to its nearest centroid (3, 0)",
        distance,
        16.0,
    )
    .mistake(
        4.0,
        "that is the Euclidean distance: return the squared distance (no square root)",
    )
    .assert();
}

#[test]
fn a_point_exactly_between_two_centroids_goes_to_the_lower_index() {
    // (1, 0) is at squared distance 1 from both (2, 0) (index 1) and (0, 0) (index 2).
    let centroids = array![[5.0, 5.0], [2.0, 0.0], [0.0, 0.0]];
    let (index, distance) = call!(kmeans::nearest_centroid(
        array![1.0, 0.0].view(),
        centroids.view()
    ));
    require(index == 1, || {
        format!(
            "(1, 0) is exactly between centroid 1 (2, 0) and centroid 2 (0, 0): the tie rule \
             gives the lower index 1, got {index}\n    \
             likely mistake: replace the best so far only when strictly nearer (<, not <=)"
        )
    });
    expect("squared distance from (1, 0) to (2, 0)", distance, 1.0).assert();
}

#[test]
fn inertia_sums_squared_distances_to_the_nearest_centroid() {
    // Nearest squared distances: (0,0)->(0,1): 1, (0,2)->(0,1): 1, (6,5)->(6,8): 9.
    let x = array![[0.0, 0.0], [0.0, 2.0], [6.0, 5.0]];
    let centroids = array![[0.0, 1.0], [6.0, 8.0]];
    let got = call!(kmeans::inertia(x.view(), centroids.view()));
    expect(
        "inertia of [(0, 0), (0, 2), (6, 5)] with centroids [(0, 1), (6, 8)]",
        got,
        11.0,
    )
    .mistake(
        5.0,
        "you summed Euclidean distances (1 + 1 + 3): the inertia sums squared distances",
    )
    .mistake(
        11.0 / 3.0,
        "you returned the mean: the inertia is the sum over all samples (linfa reports the mean, scikit-learn the sum)",
    )
    .mistake(
        54.0,
        "you used the first centroid for every point: take each point's nearest centroid",
    )
    .assert();
}

#[test]
fn two_well_separated_pairs() {
    // Pairs (0,0),(0,4) and (10,0),(10,4), starting at (0,0) and (10,0).
    // Iteration 1: labels [0, 0, 1, 1], means (0, 2) and (10, 2) (each moved 2).
    // Iteration 2: same labels, nothing moves: converged. Inertia 4 x 2² = 16.
    let x = array![[0.0, 0.0], [0.0, 4.0], [10.0, 0.0], [10.0, 4.0]];
    let init = array![[0.0, 0.0], [10.0, 0.0]];
    let fit = lloyd_ok(&x, &init, LloydParams::new());
    expect_array(
        "centroids of two well separated pairs",
        &fit.centroids,
        &array![[0.0, 2.0], [10.0, 2.0]],
    )
    .mistake_array(
        &init,
        "the centroids never moved: after assigning, set every centroid to the mean of its points",
    )
    .mistake_array(
        &array![[0.0, 4.0], [10.0, 4.0]],
        "the centroids are the sums of their points: divide by the count",
    )
    .assert();
    require_labels(
        "labels of two well separated pairs",
        &fit.labels,
        &[0, 0, 1, 1],
        "label each point with its nearest centroid",
    );
    expect("inertia of two well separated pairs", fit.inertia, 16.0)
        .n(4)
        .mistake(
            8.0,
            "that is the sum of Euclidean distances: the inertia sums squared distances",
        )
        .mistake(
            4.0,
            "that is the mean squared distance: the inertia is the sum",
        )
        .mistake(
            32.0,
            "that is the inertia of the starting centroids: compute it from the final ones",
        )
        .assert();
    require_iterations("two well separated pairs", &fit, 2, true);
}

#[test]
fn it_takes_more_than_one_iteration() {
    // Line 0, 1, 2, 10, 11, 12 from centroids 0 and 1 (worked in the doc comment of lloyd):
    // iteration 1 gives 0 and 7.2, iteration 2 gives 1 and 11, iteration 3 changes nothing.
    let x = line(&[0.0, 1.0, 2.0, 10.0, 11.0, 12.0]);
    let init = line(&[0.0, 1.0]);
    let fit = lloyd_ok(&x, &init, LloydParams::new());
    expect_array(
        "centroids of the line 0, 1, 2, 10, 11, 12",
        &fit.centroids,
        &line(&[1.0, 11.0]),
    )
    .mistake_array(
        &line(&[0.0, 7.2]),
        "you stopped after one iteration: repeat assign + update until the centroids stop moving",
    )
    .mistake_array(
        &init,
        "the centroids never moved: set them to the means of their points",
    )
    .assert();
    expect("inertia of the line 0, 1, 2, 10, 11, 12", fit.inertia, 4.0).assert();
    require_labels(
        "labels of the line",
        &fit.labels,
        &[0, 0, 0, 1, 1, 1],
        "label each point with its nearest final centroid",
    );
    require_iterations("the line 0, 1, 2, 10, 11, 12", &fit, 3, true);
}

#[test]
fn stops_at_the_iteration_cap_with_labels_of_the_returned_centroids() {
    // One iteration from centroids 0 and 1 moves them to 0 and 7.2. Assigned to those:
    // 0, 1, 2 -> 0 (squared distances 0, 1, 4), 10, 11, 12 -> 7.2 (7.84, 14.44, 23.04).
    let x = line(&[0.0, 1.0, 2.0, 10.0, 11.0, 12.0]);
    let fit = lloyd_ok(&x, &line(&[0.0, 1.0]), LloydParams::new().max_iterations(1));
    require_iterations("max_iterations = 1", &fit, 1, false);
    expect_array(
        "centroids after one iteration",
        &fit.centroids,
        &line(&[0.0, 7.2]),
    )
    .assert();
    require_labels(
        "labels returned after one iteration",
        &fit.labels,
        &[0, 0, 0, 1, 1, 1],
        "those are the labels from before the last update: assign every point once more to the centroids you return",
    );
    expect("inertia returned after one iteration", fit.inertia, 50.32)
        .tol(Tolerance::abs(1e-9))
        .mistake(
            303.0,
            "that is the inertia of the starting centroids: compute it from the centroids you return",
        )
        .mistake(
            110.8,
            "that uses the labels from before the last update: assign once more to the returned centroids",
        )
        .assert();
}

#[test]
fn an_empty_cluster_is_reseeded_at_the_farthest_point() {
    // Line 0, 2, 10, 13 from centroids 0, 2 and 100. Iteration 1: every point is nearer to
    // 0 or 2, so cluster 2 is empty; the farthest point from its centroid is 13 (121 from
    // 2), so centroid 2 moves to 13; the others become 0 and (2 + 10 + 13) / 3.
    // Iteration 2: labels [0, 0, 1, 2], means 1, 10, 13. Iteration 3: nothing changes.
    let x = line(&[0.0, 2.0, 10.0, 13.0]);
    let fit = lloyd_ok(&x, &line(&[0.0, 2.0, 100.0]), LloydParams::new());
    require(fit.centroids.iter().all(|v| v.is_finite()), || {
        format!(
            "centroids contain NaN or inf: {}\n    \
             cluster 2 (at 100) gets no point in the first assignment: move it onto the point \
             farthest from its centroid instead of dividing by a count of 0",
            fit.centroids
        )
    });
    expect_array(
        "centroids of the line 0, 2, 10, 13 started at 0, 2, 100 (cluster 2 empties at once)",
        &fit.centroids,
        &line(&[1.0, 10.0, 13.0]),
    )
    .mistake_array(
        &line(&[0.0, 25.0 / 3.0, 100.0]),
        "the empty cluster kept its centroid at 100 and stays empty forever: move it onto the farthest point",
    )
    .assert();
    expect(
        "inertia after re-seeding the empty cluster",
        fit.inertia,
        2.0,
    )
    .assert();
    require_iterations("the empty-cluster line", &fit, 3, true);
}

#[test]
fn a_point_between_two_centroids_stays_with_the_lower_index() {
    // Line 0, 1, 2 from centroids 0 and 2: point 1 is exactly between them and goes to
    // cluster 0, whose mean becomes 0.5; then 1 is nearer to 0.5 and nothing changes.
    let x = line(&[0.0, 1.0, 2.0]);
    let fit = lloyd_ok(&x, &line(&[0.0, 2.0]), LloydParams::new());
    expect_array(
        "centroids of the line 0, 1, 2 from 0 and 2",
        &fit.centroids,
        &line(&[0.5, 2.0]),
    )
    .mistake_array(
        &line(&[0.0, 1.5]),
        "the tied point went to the higher index: ties go to the lowest centroid index",
    )
    .assert();
}

/// Rows 0, 1 and 2 of iris: three nearly identical setosa flowers, a poor start that
/// needs several iterations.
fn iris_with_a_poor_start() -> (Array2<f64>, Array2<f64>) {
    let x = datasets::iris().features;
    let init = x.select(Axis(0), &[0, 1, 2]);
    (x, init)
}

#[test]
fn inertia_never_increases_from_one_iteration_to_the_next() {
    let (x, init) = iris_with_a_poor_start();
    let mut previous = f64::INFINITY;
    for cap in 1..=30 {
        let fit = lloyd_ok(
            &x,
            &init,
            LloydParams::new().tolerance(0.0).max_iterations(cap),
        );
        require(fit.inertia <= previous + 1e-9, || {
            format!(
                "iris from rows 0, 1, 2: the inertia rose from {previous} after {} iterations to {} \
                 after {cap}\n    every assignment and every update can only lower it: check \
                 that you assign to the nearest centroid and move centroids to means",
                cap - 1,
                fit.inertia
            )
        });
        require(cap == 1 || fit.inertia < previous || fit.converged, || {
            format!(
                "iris from rows 0, 1, 2: {cap} iterations give the same inertia {} as {} but \
                 converged = false\n    likely mistake: the iterations after the first do nothing",
                fit.inertia,
                cap - 1
            )
        });
        if fit.converged {
            return;
        }
        previous = fit.inertia;
    }
    mlings::grade::fail(
        "iris from rows 0, 1, 2 did not converge within 30 iterations (scikit-learn and linfa take fewer)"
            .into(),
    );
}

#[test]
fn permuting_the_rows_permutes_the_labels_and_nothing_else() {
    let x = datasets::iris().features;
    let init = x.select(Axis(0), &[0, 50, 100]);
    let fit = lloyd_ok(&x, &init, LloydParams::new());
    let mut order: Vec<usize> = (0..x.nrows()).collect();
    order.shuffle(&mut mlings::prep::rng(3));
    let shuffled = lloyd_ok(&x.select(Axis(0), &order), &init, LloydParams::new());
    expect_array(
        "centroids of iris with its rows shuffled (same starting centroids)",
        &shuffled.centroids,
        &fit.centroids,
    )
    .tol(Tolerance::abs(1e-9))
    .assert();
    expect(
        "inertia of iris with its rows shuffled",
        shuffled.inertia,
        fit.inertia,
    )
    .tol(Tolerance::rel(1e-12))
    .assert();
    let moved = order
        .iter()
        .enumerate()
        .find(|&(new, &old)| shuffled.labels[new] != fit.labels[old]);
    require(moved.is_none(), || {
        let (new, &old) = moved.unwrap_or((0, &0));
        format!(
            "row {old} of iris has label {} but label {} once shuffled to position {new}: \
             a point's cluster must not depend on where it sits in the data",
            fit.labels[old], shuffled.labels[new]
        )
    });
}

#[test]
fn agrees_with_linfa_on_iris_from_the_same_start() {
    let x = datasets::iris().features;
    let init = x.select(Axis(0), &[0, 50, 100]);
    let fit = lloyd_ok(&x, &init, LloydParams::new().tolerance(1e-10));
    // linfa's KMeans runs m_k-means (each old centroid counts as one extra point in the
    // update), which reaches the same fixed points as Lloyd's algorithm.
    let linfa = KMeans::params_with_rng(3, mlings::prep::rng(0))
        .init_method(KMeansInit::Precomputed(init.clone()))
        .n_runs(1)
        .tolerance(1e-10)
        .max_n_iterations(300)
        .fit(&DatasetBase::from(x.clone()))
        .expect("linfa's KMeans fits iris");
    expect_array(
        "centroids of iris from rows 0, 50, 100 (linfa-clustering's KMeans from the same start)",
        &fit.centroids,
        linfa.centroids(),
    )
    .tol(Tolerance::abs(1e-6))
    .assert();
    expect(
        "inertia of iris from rows 0, 50, 100 (linfa's mean inertia x 150)",
        fit.inertia,
        linfa.inertia() * x.nrows() as f64,
    )
    .tol(Tolerance::rel(1e-6))
    .n(x.nrows())
    .assert();
}

#[test]
fn bad_input_is_an_error() {
    let x = array![[0.0, 0.0], [1.0, 1.0]];
    let params = LloydParams::new();
    let cases: [(&str, Array2<f64>, Array2<f64>, ClusteringError); 5] = [
        (
            "no starting centroids (k = 0)",
            x.clone(),
            Array2::zeros((0, 2)),
            ClusteringError::NoClusters,
        ),
        (
            "3 starting centroids for 2 points (k > n)",
            x.clone(),
            Array2::zeros((3, 2)),
            ClusteringError::TooManyClusters { k: 3, n: 2 },
        ),
        (
            "a NaN in the data",
            array![[0.0, 0.0], [1.0, f64::NAN]],
            Array2::zeros((1, 2)),
            ClusteringError::NonFinite {
                what: "data",
                row: 1,
                column: 1,
                value: f64::NAN,
            },
        ),
        (
            "centroids with 3 features for data with 2",
            x.clone(),
            Array2::zeros((1, 3)),
            ClusteringError::FeatureMismatch {
                data: 2,
                centroids: 3,
            },
        ),
        (
            "no samples",
            Array2::zeros((0, 2)),
            Array2::zeros((1, 2)),
            ClusteringError::Empty,
        ),
    ];
    for (what, data, init, expected) in cases {
        let error = expect_err(
            &format!("lloyd with {what}"),
            "k-means is undefined on it",
            call!(kmeans::lloyd(data.view(), init.view(), &params)),
        );
        let same = match (&error, &expected) {
            (
                ClusteringError::NonFinite { row, column, .. },
                ClusteringError::NonFinite {
                    row: r, column: c, ..
                },
            ) => (row, column) == (r, c),
            _ => error == expected,
        };
        require(same, || {
            format!("lloyd with {what}: expected {expected:?}, got {error:?}")
        });
    }
    for bad in [
        LloydParams::new().max_iterations(0),
        LloydParams::new().tolerance(-1.0),
    ] {
        let error = expect_err(
            &format!("lloyd with {bad:?}"),
            "call params.validate()? first",
            call!(kmeans::lloyd(x.view(), x.view(), &bad)),
        );
        require(matches!(error, ClusteringError::InvalidParams(_)), || {
            format!("expected ClusteringError::InvalidParams, got {error:?}")
        });
    }
}
