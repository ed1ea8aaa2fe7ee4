//! Grader of exercises/05_clustering/kmeans.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/05_clustering/kmeans.rs"]
mod kmeans;
#[cfg(feature = "solutions")]
use mlings::reference::kmeans;

mod clustering_support;
use clustering_support::{line, require_error};

use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use mlings::grade::{Tolerance, expect, expect_array, require};
use mlings::types::clustering::ClusteringError;
use mlings::types::kmeans::{KMeansFit, LloydParams};
use mlings::{call, call_ok, datasets};
use ndarray::{Array1, Array2, Axis, array};
use rand::seq::SliceRandom;

#[track_caller]
fn lloyd_ok(x: &Array2<f64>, init: &Array2<f64>, params: LloydParams) -> KMeansFit {
    call_ok!(kmeans::lloyd(x.view(), init.view(), &params))
}

/// Fails unless the labels are `expected`; names `hint` only when they are `mistaken`.
#[track_caller]
fn require_labels(
    what: &str,
    got: &Array1<usize>,
    expected: &[usize],
    mistaken: Option<(&[usize], &str)>,
) {
    require(got.as_slice() == Some(expected), || {
        let diagnosis = match mistaken {
            Some((wrong, hint)) if got.as_slice() == Some(wrong) => {
                format!("\n    likely mistake: {hint}")
            }
            _ => "\n    label every point with its nearest centroid".to_string(),
        };
        format!("{what}: expected labels {expected:?}, got {got}{diagnosis}")
    });
}

/// Fails unless the run took `iterations` iterations and ended with `converged`; when it
/// did not, names the convergence bug whose full run (replayed by [`replay`]) gives the
/// learner's numbers.
#[track_caller]
fn require_iterations(
    what: &str,
    fit: &KMeansFit,
    iterations: usize,
    converged: bool,
    replayed: Option<Replayed>,
) {
    require(
        fit.iterations == iterations && fit.converged == converged,
        || {
            let diagnosis = replayed
                .and_then(|r| r.matching(fit, STOPPING_BUGS))
                .unwrap_or(
                    "an iteration is one assignment plus one update; stop when the largest \
                     centroid move is <= tolerance (converged) or after max_iterations (not converged)",
                );
            format!(
                "{what}: expected {iterations} iterations and converged = {converged}, \
                 got {} iterations and converged = {}\n    likely mistake: {diagnosis}",
                fit.iterations, fit.converged
            )
        },
    );
}

/// Mistakes a learner's Lloyd can make, replayed by the grader's own implementation so a
/// diagnosis names one only when the learner's numbers are what a full run with it gives.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Bug {
    /// An empty cluster keeps its old centroid.
    KeepEmpty,
    /// Every empty cluster takes the farthest row (the same row).
    SameFarRow,
    /// Among equally far rows, the highest index first.
    HighestTie,
    /// The row farthest from the empty cluster's own (old) centroid.
    FarFromEmpty,
    /// An empty cluster takes the nearest row instead of the farthest.
    NearestRow,
    /// An empty cluster takes row 0.
    RowZero,
    /// Convergence compares the squared move with the tolerance.
    SquaredMove,
    /// Convergence needs a move strictly below the tolerance.
    StrictTolerance,
    /// Convergence on the sum of the moves.
    SumOfMoves,
    /// Stops (before updating) when an assignment repeats the previous one, ignoring the
    /// tolerance; counts only the updates.
    LabelsUnchanged,
}

const STOPPING_BUGS: &[(Bug, &str)] = &[
    (
        Bug::StrictTolerance,
        "you stop only when the largest move is strictly below the tolerance: converged means \
         the largest move is at most the tolerance (<=), so tolerance 0 stops when nothing moves",
    ),
    (
        Bug::SquaredMove,
        "you compared the squared move with the tolerance: measure the move with the square \
         root (the Euclidean distance between old and new centroid)",
    ),
    (
        Bug::LabelsUnchanged,
        "you stopped when an assignment repeated the previous one, without counting that \
         iteration and ignoring params.tolerance: every iteration is an assignment plus an \
         update, and it stops when the largest centroid move is <= tolerance",
    ),
    (
        Bug::SumOfMoves,
        "you added up the moves of all centroids: compare the largest move with the tolerance",
    ),
];

const EMPTY_CLUSTER_BUGS: &[(Bug, &str)] = &[
    (
        Bug::KeepEmpty,
        "the empty cluster kept its centroid (and its far-away position): move it onto the row \
         farthest from its own centroid",
    ),
    (
        Bug::SameFarRow,
        "two empty clusters took the same farthest row: the first takes the farthest row, the \
         second the next farthest",
    ),
    (
        Bug::HighestTie,
        "among equally far rows the lowest row index comes first (a stable sort by distance, \
         largest first)",
    ),
    (
        Bug::NearestRow,
        "the empty cluster took the nearest row: move it onto the row farthest from its own \
         centroid (sort by distance, largest first)",
    ),
    (
        Bug::RowZero,
        "you moved the empty cluster onto row 0: move it onto the row farthest from its own centroid",
    ),
    (
        Bug::FarFromEmpty,
        "you took the row farthest from the empty centroid's old position: take the row \
         farthest from its own centroid (its squared distance in the assignment just done)",
    ),
];

/// The grader's own Lloyd (written from the doc comment), with one optional bug.
fn lloyd_with(
    x: &Array2<f64>,
    init: &Array2<f64>,
    params: LloydParams,
    bug: Bug,
) -> (Array2<f64>, usize, bool) {
    let squared = |a: ndarray::ArrayView1<f64>, b: ndarray::ArrayView1<f64>| -> f64 {
        a.iter().zip(b).map(|(u, v)| (u - v) * (u - v)).sum()
    };
    let (n, k) = (x.nrows(), init.nrows());
    let mut centroids = init.clone();
    let mut previous: Option<Vec<usize>> = None;
    for iteration in 1..=params.max_iterations {
        let mut labels = vec![0; n];
        let mut distances = vec![f64::INFINITY; n];
        for i in 0..n {
            for j in 0..k {
                let d = squared(x.row(i), centroids.row(j));
                if d < distances[i] {
                    (labels[i], distances[i]) = (j, d);
                }
            }
        }
        if bug == Bug::LabelsUnchanged {
            if previous.as_ref() == Some(&labels) {
                return (centroids, iteration - 1, true);
            }
            previous = Some(labels.clone());
        }
        let mut updated = Array2::zeros(centroids.dim());
        let mut counts = vec![0usize; k];
        for i in 0..n {
            let mut row = updated.row_mut(labels[i]);
            row += &x.row(i);
            counts[labels[i]] += 1;
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| distances[b].total_cmp(&distances[a]));
        if bug == Bug::NearestRow {
            order.sort_by(|&a, &b| distances[a].total_cmp(&distances[b]));
        }
        if bug == Bug::HighestTie {
            order.sort_by(|&a, &b| distances[b].total_cmp(&distances[a]).then(b.cmp(&a)));
        }
        let mut taken = 0;
        for (j, &count) in counts.iter().enumerate() {
            if count > 0 {
                let mean = &updated.row(j) / count as f64;
                updated.row_mut(j).assign(&mean);
                continue;
            }
            let row = match bug {
                Bug::KeepEmpty => {
                    updated.row_mut(j).assign(&centroids.row(j));
                    continue;
                }
                Bug::SameFarRow => order[0],
                Bug::RowZero => 0,
                Bug::FarFromEmpty => (0..n)
                    .rev()
                    .max_by(|&a, &b| {
                        squared(x.row(a), centroids.row(j))
                            .total_cmp(&squared(x.row(b), centroids.row(j)))
                    })
                    .unwrap_or(0),
                _ => order[taken],
            };
            taken += 1;
            updated.row_mut(j).assign(&x.row(row));
        }
        let moves: Vec<f64> = (0..k)
            .map(|j| squared(updated.row(j), centroids.row(j)).sqrt())
            .collect();
        let largest = moves.iter().copied().fold(0.0, f64::max);
        centroids = updated;
        let stop = match bug {
            Bug::SquaredMove => largest * largest <= params.tolerance,
            Bug::StrictTolerance => largest < params.tolerance,
            Bug::SumOfMoves => moves.iter().sum::<f64>() <= params.tolerance,
            Bug::LabelsUnchanged => false,
            _ => largest <= params.tolerance,
        };
        if stop {
            return (centroids, iteration, true);
        }
    }
    (centroids, params.max_iterations, false)
}

/// The inputs of one run, to replay it with a bug.
#[derive(Clone, Copy)]
struct Replayed<'a> {
    x: &'a Array2<f64>,
    init: &'a Array2<f64>,
    params: LloydParams,
}

impl Replayed<'_> {
    /// The explanation of the first bug whose full run gives the learner's centroids,
    /// iteration count and converged flag.
    fn matching(self, fit: &KMeansFit, bugs: &[(Bug, &'static str)]) -> Option<&'static str> {
        bugs.iter().find_map(|&(bug, why)| {
            let (centroids, iterations, converged) =
                lloyd_with(self.x, self.init, self.params, bug);
            let same = centroids.dim() == fit.centroids.dim()
                && centroids
                    .iter()
                    .zip(&fit.centroids)
                    .all(|(a, b)| (a - b).abs() <= 1e-9)
                && (iterations, converged) == (fit.iterations, fit.converged);
            same.then_some(why)
        })
    }
}

/// Fails unless the learner's centroids are the expected ones; names the empty-cluster
/// bug whose full run gives the learner's centroids.
#[track_caller]
fn require_centroids(what: &str, fit: &KMeansFit, expected: &Array2<f64>, replayed: Replayed) {
    let mut check = expect_array(what, &fit.centroids, expected).no_generic_diagnosis();
    for &(bug, why) in EMPTY_CLUSTER_BUGS {
        let (centroids, _, _) = lloyd_with(replayed.x, replayed.init, replayed.params, bug);
        check = check.mistake_array(&centroids, why);
    }
    check.assert();
}

#[test]
fn nearest_centroid_returns_the_squared_distance() {
    // (3, 4) is 5 away from (0, 0) and from (6, 8), but only 4 away from (3, 0).
    let centroids = array![[0.0, 0.0], [6.0, 8.0], [3.0, 0.0]];
    let (index, distance) = call_ok!(kmeans::nearest_centroid(
        array![3.0, 4.0].view(),
        centroids.view()
    ));
    require(index == 2, || {
        let hint = if (index, distance) == (0, 0.0) {
            "\n    likely mistake: the best distance started at 0, so no centroid is ever strictly \
             nearer: start from f64::INFINITY (or from centroid 0's distance)"
        } else {
            ""
        };
        format!(
            "nearest centroid of (3, 4) among [(0, 0), (6, 8), (3, 0)]: expected index 2, got \
             {index} (squared distance {distance}){hint}"
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
    let (index, distance) = call_ok!(kmeans::nearest_centroid(
        array![1.0, 0.0].view(),
        centroids.view()
    ));
    require(index == 1, || {
        let hint = if index == 2 {
            "\n    likely mistake: replace the best so far only when strictly nearer (<, not <=)"
        } else {
            ""
        };
        format!(
            "(1, 0) is exactly between centroid 1 (2, 0) and centroid 2 (0, 0): the tie rule \
             gives the lower index 1, got {index}{hint}"
        )
    });
    expect("squared distance from (1, 0) to (2, 0)", distance, 1.0).assert();
}

#[test]
fn nearest_centroid_and_inertia_check_the_shapes() {
    let point = array![1.0, 2.0];
    let three_d = array![[1.0, 2.0, 3.0]];
    require_error(
        "nearest_centroid of the 2-D point (1, 2) among the 3-D centroid (1, 2, 3)",
        call!(kmeans::nearest_centroid(point.view(), three_d.view())),
        &ClusteringError::FeatureMismatch {
            data: 2,
            centroids: 3,
        },
        "a distance between points of different lengths means nothing (zip silently drops \
         the extra coordinate): check centroids.ncols() == point.len() first",
        &[],
    );
    require_error(
        "nearest_centroid of a 2-D point among no centroids (a 0 x 3 array)",
        call!(kmeans::nearest_centroid(
            point.view(),
            Array2::zeros((0, 3)).view()
        )),
        &ClusteringError::NoClusters,
        "there is no centroid to be nearest to",
        &[(
            ClusteringError::FeatureMismatch {
                data: 2,
                centroids: 3,
            },
            "no centroids is checked first: k = 0 is NoClusters whatever the number of columns",
        )],
    );
    require_error(
        "nearest_centroid of a 2-D point among no centroids (a 0 x 2 array)",
        call!(kmeans::nearest_centroid(
            point.view(),
            Array2::zeros((0, 2)).view()
        )),
        &ClusteringError::NoClusters,
        "there is no centroid to be nearest to",
        &[],
    );
    let x = array![[0.0, 0.0], [0.0, 2.0], [6.0, 5.0]];
    require_error(
        "inertia of 2-D points against 3-D centroids",
        call!(kmeans::inertia(
            x.view(),
            array![[0.0, 1.0, 5.0], [6.0, 8.0, 1.0]].view()
        )),
        &ClusteringError::FeatureMismatch {
            data: 2,
            centroids: 3,
        },
        "the shapes (3, 2) and (2, 3) do not fit together: zip would silently drop the third coordinate",
        &[],
    );
    require_error(
        "inertia of no rows (a 0 x 2 array) against the 3-D centroid (1, 2, 3)",
        call!(kmeans::inertia(
            Array2::zeros((0, 2)).view(),
            three_d.view()
        )),
        &ClusteringError::FeatureMismatch {
            data: 2,
            centroids: 3,
        },
        "data with no rows still has 2 columns: check the shapes before the loop over the rows",
        &[],
    );
    require_error(
        "inertia against no centroids",
        call!(kmeans::inertia(x.view(), Array2::zeros((0, 3)).view())),
        &ClusteringError::NoClusters,
        "there is no centroid to measure the points against",
        &[(
            ClusteringError::FeatureMismatch {
                data: 2,
                centroids: 3,
            },
            "no centroids is checked first: k = 0 is NoClusters whatever the number of columns",
        )],
    );
    let none = call_ok!(kmeans::inertia(
        Array2::zeros((0, 2)).view(),
        array![[1.0, 2.0]].view()
    ));
    expect("inertia of no rows against a fitting centroid", none, 0.0)
        .no_generic_diagnosis()
        .assert();
    let (index, distance) = call_ok!(kmeans::nearest_centroid(
        Array1::zeros(0).view(),
        Array2::zeros((2, 0)).view()
    ));
    require(index == 0 && distance == 0.0, || {
        format!(
            "nearest_centroid of a point with no coordinates among 2 centroids with none: \
             expected (0, 0.0) (every centroid is at distance 0), got ({index}, {distance})"
        )
    });
}

#[test]
fn inertia_sums_squared_distances_to_the_nearest_centroid() {
    // Nearest squared distances: (0,0)->(0,1): 1, (0,2)->(0,1): 1, (6,5)->(6,8): 9.
    let x = array![[0.0, 0.0], [0.0, 2.0], [6.0, 5.0]];
    let centroids = array![[0.0, 1.0], [6.0, 8.0]];
    let got = call_ok!(kmeans::inertia(x.view(), centroids.view()));
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
        None,
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
    require_iterations("two well separated pairs", &fit, 2, true, None);
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
    require_labels("labels of the line", &fit.labels, &[0, 0, 0, 1, 1, 1], None);
    let params = LloydParams::new();
    let replayed = Replayed {
        x: &x,
        init: &init,
        params,
    };
    require_iterations(
        "the line 0, 1, 2, 10, 11, 12",
        &fit,
        3,
        true,
        Some(replayed),
    );
}

#[test]
fn k_equal_to_n_is_allowed() {
    // Every point its own centroid: nothing moves in the first iteration, inertia 0.
    let x = line(&[0.0, 1.0, 5.0]);
    let fit = call!(kmeans::lloyd(x.view(), x.view(), &LloydParams::new()));
    let fit = match fit {
        Err(ClusteringError::TooManyClusters { .. }) => mlings::grade::fail(
            "lloyd with k = 3 starting centroids for 3 points returned TooManyClusters\n    \
             likely mistake: k = n is allowed (every point its own cluster): only k > n is an error"
                .into(),
        ),
        other => mlings::grade::ok("kmeans::lloyd(k = n)", other),
    };
    expect_array(
        "centroids of k = n = 3 started on the points",
        &fit.centroids,
        &x,
    )
    .assert();
    expect(
        "inertia with every point its own centroid",
        fit.inertia,
        0.0,
    )
    .no_generic_diagnosis()
    .assert();
    require_iterations("k = n = 3", &fit, 1, true, None);
}

#[test]
fn stops_at_the_iteration_cap_with_labels_of_the_returned_centroids() {
    // One iteration from centroids 0 and 1 moves them to 0 and 7.2. Assigned to those:
    // 0, 1, 2 -> 0 (squared distances 0, 1, 4), 10, 11, 12 -> 7.2 (7.84, 14.44, 23.04).
    let x = line(&[0.0, 1.0, 2.0, 10.0, 11.0, 12.0]);
    let fit = lloyd_ok(&x, &line(&[0.0, 1.0]), LloydParams::new().max_iterations(1));
    require_iterations("max_iterations = 1", &fit, 1, false, None);
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
        Some((
            &[0, 1, 1, 1, 1, 1],
            "those are the labels from before the last update: assign every point once more to the centroids you return",
        )),
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
    // Two iterations reach 1 and 11, but the second still moved them (by 3.8): the cap
    // stops the run before the iteration that would see nothing move.
    let fit = lloyd_ok(&x, &line(&[0.0, 1.0]), LloydParams::new().max_iterations(2));
    require_iterations("max_iterations = 2 on the line", &fit, 2, false, None);
    expect_array(
        "centroids after two iterations",
        &fit.centroids,
        &line(&[1.0, 11.0]),
    )
    .assert();
}

#[test]
fn the_tolerance_bounds_the_largest_euclidean_move() {
    // Each case: data, start, tolerance, the iterations and converged flag worked by hand.
    // (what, data, start, tolerance, iterations, converged)
    type Case = (&'static str, Array2<f64>, Array2<f64>, f64, usize, bool);
    let cases: [Case; 4] = [
        (
            "the line 0, 1, 2, 10, 11, 12 from 0 and 1 with tolerance 0 (stops when nothing moves)",
            line(&[0.0, 1.0, 2.0, 10.0, 11.0, 12.0]),
            line(&[0.0, 1.0]),
            0.0,
            3,
            true,
        ),
        (
            "points 0 and 4 from the centroid 0 with tolerance 3 (the first move is 2, squared 4)",
            line(&[0.0, 4.0]),
            line(&[0.0]),
            3.0,
            1,
            true,
        ),
        (
            "points 0 and 4 from the centroid 0 with tolerance 2 (the first move is exactly 2)",
            line(&[0.0, 4.0]),
            line(&[0.0]),
            2.0,
            1,
            true,
        ),
        (
            "points 0, 1.2 | 10, 11.2 from 0 and 10 with tolerance 1 (both centroids move 0.6)",
            line(&[0.0, 1.2, 10.0, 11.2]),
            line(&[0.0, 10.0]),
            1.0,
            1,
            true,
        ),
    ];
    for (what, x, init, tolerance, iterations, converged) in cases {
        let params = LloydParams::new().tolerance(tolerance);
        let fit = lloyd_ok(&x, &init, params);
        let replayed = Replayed {
            x: &x,
            init: &init,
            params,
        };
        require_iterations(what, &fit, iterations, converged, Some(replayed));
    }
}

#[test]
fn an_empty_cluster_is_reseeded_at_the_farthest_point() {
    // Line 0, 2, 10, 13 from centroids 0, 2 and 100. Iteration 1: every point is nearer to
    // 0 or 2, so cluster 2 is empty; the farthest point from its centroid is 13 (121 from
    // 2), so centroid 2 moves to 13; the others become 0 and (2 + 10 + 13) / 3.
    // Iteration 2: labels [0, 0, 1, 2], means 1, 10, 13. Iteration 3: nothing changes.
    let x = line(&[0.0, 2.0, 10.0, 13.0]);
    let init = line(&[0.0, 2.0, 100.0]);
    let params = LloydParams::new();
    let fit = lloyd_ok(&x, &init, params);
    require(fit.centroids.iter().all(|v| v.is_finite()), || {
        format!(
            "centroids contain NaN or inf: {}\n    \
             cluster 2 (at 100) gets no point in the first assignment: move it onto the point \
             farthest from its centroid instead of dividing by a count of 0",
            fit.centroids
        )
    });
    let replayed = Replayed {
        x: &x,
        init: &init,
        params,
    };
    require_centroids(
        "centroids of the line 0, 2, 10, 13 started at 0, 2, 100 (cluster 2 empties at once)",
        &fit,
        &line(&[1.0, 10.0, 13.0]),
        replayed,
    );
    expect(
        "inertia after re-seeding the empty cluster",
        fit.inertia,
        2.0,
    )
    .assert();
    require_iterations("the empty-cluster line", &fit, 3, true, None);
}

#[test]
fn two_empty_clusters_at_once_take_different_rows() {
    // Line 0, 1, 10, 20 from 0, 100, 200: every point picks centroid 0, so clusters 1 and 2
    // are empty. Squared distances to centroid 0: 0, 1, 100, 400. Cluster 1 takes the
    // farthest row (20), cluster 2 the next farthest (10); centroid 0 becomes 7.75.
    // Iteration 2: labels [0, 0, 2, 1], means 0.5, 20, 10. Iteration 3: nothing moves.
    let x = line(&[0.0, 1.0, 10.0, 20.0]);
    let init = line(&[0.0, 100.0, 200.0]);
    let params = LloydParams::new();
    let fit = lloyd_ok(&x, &init, params);
    let replayed = Replayed {
        x: &x,
        init: &init,
        params,
    };
    require_centroids(
        "centroids of the line 0, 1, 10, 20 started at 0, 100, 200 (clusters 1 and 2 empty at once)",
        &fit,
        &line(&[0.5, 20.0, 10.0]),
        replayed,
    );
    require_labels(
        "labels of the line 0, 1, 10, 20",
        &fit.labels,
        &[0, 0, 2, 1],
        None,
    );
    expect("inertia of the line 0, 1, 10, 20", fit.inertia, 0.5).assert();
    require_iterations("the two-empty-clusters line", &fit, 3, true, None);
}

#[test]
fn equally_far_rows_reseed_in_row_order() {
    // Line -10, 0, 10 from 0 and 100: cluster 1 is empty, and rows 0 (-10) and 2 (10) are
    // both 100 from centroid 0: the lower row index, -10, comes first. Centroid 0 becomes
    // 0 (the mean of all), then iteration 2 gives labels [1, 0, 0] and means 5 and -10.
    let x = line(&[-10.0, 0.0, 10.0]);
    let init = line(&[0.0, 100.0]);
    let params = LloydParams::new();
    let fit = lloyd_ok(&x, &init, params);
    let replayed = Replayed {
        x: &x,
        init: &init,
        params,
    };
    require_centroids(
        "centroids of the line -10, 0, 10 started at 0, 100 (two rows equally far when cluster 1 empties)",
        &fit,
        &line(&[5.0, -10.0]),
        replayed,
    );
    require_iterations("the line -10, 0, 10", &fit, 3, true, None);
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
    let nan_data = array![[0.0, 0.0], [1.0, f64::NAN]];
    let feature_mismatch = ClusteringError::FeatureMismatch {
        data: 2,
        centroids: 3,
    };
    let nan_in_data = ClusteringError::NonFinite {
        what: "data",
        row: 1,
        column: 1,
        value: f64::NAN,
    };
    let invalid = ClusteringError::InvalidParams(String::new());
    // (what, data, starting centroids, params, expected, [(a mistake's error, what it reveals)])
    type Case<'a> = (
        &'a str,
        Array2<f64>,
        Array2<f64>,
        LloydParams,
        ClusteringError,
        Vec<(ClusteringError, &'a str)>,
    );
    let cases: Vec<Case> = vec![
        (
            "no starting centroids (k = 0)",
            x.clone(),
            Array2::zeros((0, 2)),
            params,
            ClusteringError::NoClusters,
            vec![],
        ),
        (
            "3 starting centroids for 2 points (k > n)",
            x.clone(),
            Array2::zeros((3, 2)),
            params,
            ClusteringError::TooManyClusters { k: 3, n: 2 },
            vec![(
                ClusteringError::TooManyClusters { k: 2, n: 3 },
                "k and n are swapped: k is the number of centroids, n the number of rows",
            )],
        ),
        (
            "a NaN in the data",
            nan_data.clone(),
            Array2::zeros((1, 2)),
            params,
            nan_in_data.clone(),
            vec![],
        ),
        (
            "centroids with 3 features for data with 2",
            x.clone(),
            Array2::zeros((1, 3)),
            params,
            feature_mismatch.clone(),
            vec![(
                ClusteringError::FeatureMismatch {
                    data: 3,
                    centroids: 2,
                },
                "data is the data's number of columns, centroids the centroids'",
            )],
        ),
        (
            "no samples",
            Array2::zeros((0, 2)),
            Array2::zeros((1, 2)),
            params,
            ClusteringError::Empty,
            vec![],
        ),
        (
            "an infinite starting centroid (check_finite(\"initial centroids\", initial_centroids)?)",
            x.clone(),
            array![[0.0, f64::INFINITY]],
            params,
            ClusteringError::NonFinite {
                what: "initial centroids",
                row: 0,
                column: 1,
                value: f64::INFINITY,
            },
            vec![(
                ClusteringError::NonFinite {
                    what: "data",
                    row: 0,
                    column: 1,
                    value: f64::INFINITY,
                },
                "name the array: check_finite(\"initial centroids\", initial_centroids)",
            )],
        ),
        (
            "max_iterations = 0 and no samples (two faults: the parameters come first)",
            Array2::zeros((0, 2)),
            Array2::zeros((1, 2)),
            params.max_iterations(0),
            invalid.clone(),
            vec![(
                ClusteringError::Empty,
                "call params.validate()? first, before looking at the data",
            )],
        ),
        (
            "a NaN tolerance",
            x.clone(),
            Array2::zeros((1, 2)),
            params.tolerance(f64::NAN),
            invalid.clone(),
            vec![],
        ),
        (
            "tolerance -1",
            x.clone(),
            Array2::zeros((1, 2)),
            params.tolerance(-1.0),
            invalid.clone(),
            vec![],
        ),
        (
            "no samples and k = 0 (two faults: the data comes first)",
            Array2::zeros((0, 2)),
            Array2::zeros((0, 2)),
            params,
            ClusteringError::Empty,
            vec![(
                ClusteringError::NoClusters,
                "check_data(x)? comes before the checks of k",
            )],
        ),
        (
            "a NaN in the data and 3 centroids for 2 points (two faults: the data comes first)",
            nan_data.clone(),
            Array2::zeros((3, 2)),
            params,
            nan_in_data.clone(),
            vec![(
                ClusteringError::TooManyClusters { k: 3, n: 2 },
                "check_data(x)? comes before the checks of k",
            )],
        ),
        (
            "k = 0 centroids with 3 columns (two faults: k = 0 comes first)",
            x.clone(),
            Array2::zeros((0, 3)),
            params,
            ClusteringError::NoClusters,
            vec![(
                feature_mismatch.clone(),
                "k = 0 is checked before the feature count",
            )],
        ),
        (
            "3 centroids with 3 columns for 2 points with 2 (two faults: k > n comes first)",
            x.clone(),
            Array2::zeros((3, 3)),
            params,
            ClusteringError::TooManyClusters { k: 3, n: 2 },
            vec![(
                feature_mismatch.clone(),
                "k > n is checked before the feature count",
            )],
        ),
        (
            "a NaN centroid with 3 columns for data with 2 (two faults: the shape comes first)",
            x.clone(),
            array![[0.0, f64::NAN, 0.0]],
            params,
            feature_mismatch.clone(),
            vec![(
                ClusteringError::NonFinite {
                    what: "initial centroids",
                    row: 0,
                    column: 1,
                    value: f64::NAN,
                },
                "the feature count is checked before the centroids' values",
            )],
        ),
    ];
    for (what, data, init, params, expected, wrong) in cases {
        require_error(
            &format!("lloyd with {what}"),
            call!(kmeans::lloyd(data.view(), init.view(), &params)),
            &expected,
            "k-means is undefined on it (the doc comment lists the checks in order)",
            &wrong,
        );
    }
}
