//! Grader of exercises/05_clustering/dbscan.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/05_clustering/dbscan.rs"]
mod dbscan;
#[cfg(feature = "solutions")]
use mlings::reference::dbscan;

mod clustering_support;
use clustering_support::{line, require_error, value_or_panic};

use std::collections::HashMap;

use linfa::prelude::*;
use linfa_clustering::Dbscan;
use mlings::datasets::synthetic::{blobs, two_moons};
use mlings::grade::{fail, require};
use mlings::types::clustering::ClusteringError;
use mlings::types::dbscan::{DbscanFit, DbscanParams, PointKind};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, array};

use PointKind::{Border, Core, Noise};

/// Ways a learner's DBSCAN can differ from the documented one, replayed by the grader's
/// own implementation (written from the doc comment) to name a mistake only when the
/// learner's labels and kinds are exactly what a full run with it gives.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Bug {
    Documented,
    /// Neighbours strictly within eps.
    StrictEps,
    /// A point is not its own neighbour.
    NoSelf,
    /// The squared distance compared with eps.
    SquaredVsEps,
    /// The distance compared with eps².
    DistanceVsEpsSquared,
    /// The Manhattan distance compared with eps.
    Manhattan,
    /// Neighbours listed by distance, not by row index.
    ByDistance,
    /// Rows visited from the last to the first.
    Reversed,
    /// Core needs more than min_samples neighbours.
    CoreStrict,
    /// Core counts the neighbours without the point itself.
    CoreWithoutSelf,
    /// Border points are queued too and spread the cluster.
    BorderSpreads,
    /// A non-core row visited before any cluster reached it stays noise.
    NoiseForGood,
    /// A border point goes to the last cluster that reaches it.
    LastClusterWins,
    /// Any non-core point with another point within eps is Border, in a cluster or not.
    BorderByNeighbour,
}

const NEIGHBOUR_BUGS: &[(Bug, &str)] = &[
    (
        Bug::Manhattan,
        "you used the Manhattan distance (the sum of |differences|): use the Euclidean distance, \
         the square root of the sum of squared differences",
    ),
    (
        Bug::ByDistance,
        "those are the right neighbours listed by distance: list them in increasing order of row index",
    ),
    (
        Bug::StrictEps,
        "a point exactly eps away is a neighbour: the boundary is included (<=, not <)",
    ),
    (
        Bug::NoSelf,
        "a point is in its own neighbourhood (distance 0), so it counts toward min_samples",
    ),
    (
        Bug::SquaredVsEps,
        "you compared the squared distance with eps: compare it with eps² (or the distance with eps)",
    ),
    (
        Bug::DistanceVsEpsSquared,
        "you compared the distance (with the square root) with eps²: compare the squared \
         distance with eps² (or the distance with eps)",
    ),
];

/// Both mistakes make "exactly min_samples, the point itself included" not core.
const CORE_COUNT: &str = "a point with exactly min_samples neighbours, the point itself counts \
     among them (as in scikit-learn and linfa), is core: at least min_samples (>=, not >, and no - 1)";

const DBSCAN_BUGS: &[(Bug, &str)] = &[
    (
        Bug::Reversed,
        "visit the rows in order 0, 1, 2, ...: the clusters are numbered, and border points \
         shared, in the order the seeds are found",
    ),
    (Bug::CoreStrict, CORE_COUNT),
    (Bug::CoreWithoutSelf, CORE_COUNT),
    (
        Bug::BorderSpreads,
        "border points spreading the cluster: queue only core points; a border point joins but \
         does not reach further",
    ),
    (
        Bug::NoiseForGood,
        "a non-core row visited before any cluster reached it stayed noise for good: skip it, \
         and let a cluster found later still label it",
    ),
    (
        Bug::LastClusterWins,
        "a border point within reach of two clusters belongs to the first cluster that reaches \
         it: label only points that have no label yet",
    ),
    (
        Bug::BorderByNeighbour,
        "a point is Border (not core, but in a cluster) only when a cluster reached it; \
         otherwise it is Noise, whatever its neighbours",
    ),
];

/// The grader's own neighbourhood of row i (plain slices: the grader is not optimized).
fn grader_neighbors(x: &Array2<f64>, i: usize, eps: f64, bug: Bug) -> Vec<usize> {
    let x = x.as_standard_layout();
    let points = x.as_slice().expect("standard layout");
    let p = x.ncols().max(1);
    let point = &points[i * p..(i + 1) * p];
    points
        .chunks_exact(p)
        .enumerate()
        .filter(|&(j, other)| {
            let mut d2 = 0.0;
            for c in 0..p {
                d2 += (point[c] - other[c]) * (point[c] - other[c]);
            }
            if bug == Bug::Manhattan {
                let l1: f64 = (0..p).map(|c| (point[c] - other[c]).abs()).sum();
                return l1 <= eps;
            }
            let within = match bug {
                Bug::StrictEps => d2 < eps * eps,
                Bug::SquaredVsEps => d2 <= eps,
                Bug::DistanceVsEpsSquared => d2.sqrt() <= eps * eps,
                _ => d2 <= eps * eps,
            };
            within && !(bug == Bug::NoSelf && i == j)
        })
        .map(|(j, _)| j)
        .collect::<Vec<usize>>()
        .into_iter()
        .map(|j| {
            (
                j,
                points[j * p..(j + 1) * p]
                    .iter()
                    .zip(point)
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum::<f64>(),
            )
        })
        .fold(Vec::new(), |mut found: Vec<(usize, f64)>, (j, d2)| {
            found.push((j, d2));
            if bug == Bug::ByDistance {
                found.sort_by(|a, b| a.1.total_cmp(&b.1));
            }
            found
        })
        .into_iter()
        .map(|(j, _)| j)
        .collect()
}

/// The grader's own DBSCAN: labels and kinds.
fn grader_dbscan(
    x: &Array2<f64>,
    eps: f64,
    min_samples: usize,
    bug: Bug,
) -> (Vec<Option<usize>>, Vec<PointKind>) {
    let n = x.nrows();
    let hoods: Vec<Vec<usize>> = (0..n).map(|i| grader_neighbors(x, i, eps, bug)).collect();
    let core: Vec<bool> = hoods
        .iter()
        .map(|h| match bug {
            Bug::CoreStrict => h.len() > min_samples,
            Bug::CoreWithoutSelf => h.len().saturating_sub(1) >= min_samples,
            _ => h.len() >= min_samples,
        })
        .collect();
    let mut labels = vec![None; n];
    let mut given_up = vec![false; n];
    let mut clusters = 0;
    let order: Vec<usize> = if bug == Bug::Reversed {
        (0..n).rev().collect()
    } else {
        (0..n).collect()
    };
    for seed in order {
        if !core[seed] {
            given_up[seed] = bug == Bug::NoiseForGood && labels[seed].is_none();
            continue;
        }
        if labels[seed].is_some() {
            continue;
        }
        labels[seed] = Some(clusters);
        let mut queue = std::collections::VecDeque::from([seed]);
        while let Some(p) = queue.pop_front() {
            for &q in &hoods[p] {
                let free = match bug {
                    Bug::LastClusterWins => {
                        labels[q].is_none() || (!core[q] && labels[q] != Some(clusters))
                    }
                    Bug::NoiseForGood => labels[q].is_none() && !given_up[q],
                    _ => labels[q].is_none(),
                };
                if free {
                    labels[q] = Some(clusters);
                    if core[q] || bug == Bug::BorderSpreads {
                        queue.push_back(q);
                    }
                }
            }
        }
        clusters += 1;
    }
    let kinds = (0..n)
        .map(|i| match (core[i], labels[i]) {
            (true, _) => Core,
            (false, _) if bug == Bug::BorderByNeighbour && hoods[i].len() > 1 => Border,
            (false, Some(_)) => Border,
            (false, None) => Noise,
        })
        .collect();
    (labels, kinds)
}

/// The explanation of the first bug whose full run gives exactly the learner's fit.
/// When the learner's `neighbors` is right on this data, only the clustering bugs are
/// candidates; when it is wrong, only the neighbourhood bugs (several give the same fit).
fn diagnose(fit: &DbscanFit, x: &Array2<f64>, params: &DbscanParams) -> String {
    let neighbours_right = (0..x.nrows()).all(|i| {
        value_or_panic("dbscan::neighbors", || {
            dbscan::neighbors(x.view(), i, params.eps)
        })
        .ok()
            == Some(grader_neighbors(x, i, params.eps, Bug::Documented))
    });
    let bugs = if neighbours_right {
        DBSCAN_BUGS
    } else {
        NEIGHBOUR_BUGS
    };
    bugs.iter()
        .find(|&&(bug, _)| {
            let (labels, kinds) = grader_dbscan(x, params.eps, params.min_samples, bug);
            fit.labels.as_slice() == Some(&labels[..]) && fit.kinds.as_slice() == Some(&kinds[..])
        })
        .map_or(String::new(), |(_, why)| {
            format!("\n    likely mistake: {why}")
        })
}

/// Fails unless the fit has exactly the expected labels, kinds and cluster count; names
/// the bug whose full run gives the learner's fit.
#[track_caller]
fn require_fit(
    what: &str,
    fit: &DbscanFit,
    (x, params): (&Array2<f64>, &DbscanParams),
    labels: &[Option<usize>],
    kinds: &[PointKind],
) {
    let (replayed_labels, replayed_kinds) =
        grader_dbscan(x, params.eps, params.min_samples, Bug::Documented);
    assert!(
        replayed_labels == labels && replayed_kinds == kinds,
        "the grader's DBSCAN disagrees with the hand-worked answer of {what}"
    );
    require(fit.kinds.as_slice() == Some(kinds), || {
        format!(
            "{what}: wrong point kinds\n    expected: {kinds:?}\n    got:      {:?}{}",
            fit.kinds.to_vec(),
            diagnose(fit, x, params)
        )
    });
    require(fit.labels.as_slice() == Some(labels), || {
        let shifted: Vec<Option<usize>> = labels.iter().map(|l| l.map(|c| c + 1)).collect();
        let diagnosis = if fit.labels.as_slice() == Some(&shifted[..]) {
            "\n    likely mistake: clusters are numbered 0, 1, 2, ... in the order they are found \
             (you started at 1)"
                .to_string()
        } else {
            diagnose(fit, x, params)
        };
        format!(
            "{what}: wrong labels\n    expected: {labels:?}\n    got:      {:?}{diagnosis}",
            fit.labels.to_vec(),
        )
    });
    let clusters = labels.iter().flatten().max().map_or(0, |&m| m + 1);
    require(fit.n_clusters == clusters, || {
        let hint = if fit.n_clusters == clusters + 1 && labels.contains(&None) {
            "\n    likely mistake: noise is no cluster: n_clusters counts the clusters found (0, 1, ...)"
        } else {
            ""
        };
        format!(
            "{what}: expected n_clusters = {clusters}, got {}{hint}",
            fit.n_clusters
        )
    });
}

#[test]
fn neighbors_include_the_point_itself_and_the_boundary() {
    // (data, eps, row, expected): on a line; each case separates one way of getting it wrong.
    let cases: [(&[f64], f64, usize, &[usize]); 6] = [
        (&[0.0, 1.0, 2.5, 3.0], 1.0, 0, &[0, 1]),
        (&[0.0, 1.0, 2.5, 3.0], 1.0, 1, &[0, 1]),
        (&[0.0, 1.0, 2.5, 3.0], 1.0, 2, &[2, 3]),
        // eps = 2: the squared distance 4 of the point 2 away must be compared with eps² = 4.
        (&[0.0, 1.5, 2.0, 4.5], 2.0, 0, &[0, 1, 2]),
        // eps = 0.5: the distance 0.3 must be compared with eps = 0.5 (not eps² = 0.25).
        (&[0.0, 0.3, 0.5, 0.9], 0.5, 0, &[0, 1, 2]),
        // Row 1's neighbours at distances 1, 0 and 0.2, listed by row index.
        (&[0.0, 1.0, 1.2], 1.0, 1, &[0, 1, 2]),
    ];
    let diagonal = array![[0.0, 0.0], [0.6, 0.6], [2.0, 0.0]];
    // (0.6, 0.6) is 0.85 from (0, 0): a neighbour with eps = 1 (its Manhattan distance is 1.2).
    let cases = cases
        .into_iter()
        .map(|(values, eps, i, expected)| (line(values), format!("{values:?}"), eps, i, expected))
        .chain([(
            diagonal,
            "(0, 0), (0.6, 0.6), (2, 0)".to_string(),
            1.0,
            0,
            &[0, 1][..],
        )]);
    for (x, values, eps, i, expected) in cases {
        let got = call!(dbscan::neighbors(x.view(), i, eps));
        require(got == expected, || {
            let diagnosis = NEIGHBOUR_BUGS
                .iter()
                .find(|&&(bug, _)| grader_neighbors(&x, i, eps, bug) == got)
                .map_or(String::new(), |(_, why)| {
                    format!("\n    likely mistake: {why}")
                });
            format!(
                "neighbors of row {i} among {values} with eps = {eps}: expected {expected:?}, \
                 got {got:?}{diagnosis}"
            )
        });
    }
    let x = line(&[0.0, 1.0, 2.5, 3.0]);
    match value_or_panic("dbscan::neighbors(x, 4, 1.0)", || {
        dbscan::neighbors(x.view(), 4, 1.0)
    }) {
        Ok(outside) => require(outside.is_empty(), || {
            format!(
                "neighbors of row 4 of a 4-row array: expected [], got {outside:?}\n    \
                 4 is not a row of x: return an empty list"
            )
        }),
        Err(message) => fail(format!(
            "neighbors of row 4 of a 4-row array: your code panicked: {message}\n    \
             likely mistake: 4 is not a row of x: check i < x.nrows() first and return an empty list"
        )),
    }
}

#[test]
fn core_border_and_noise_by_hand() {
    // Worked in the doc comment of dbscan: rows 1, 2, 3 are core (3 neighbours each),
    // row 0 and 4.5 are border, 10 is noise.
    let x = line(&[0.0, 1.0, 2.0, 3.0, 4.5, 10.0]);
    let params = DbscanParams::new(1.5, 3);
    let fit = call_ok!(dbscan::dbscan(x.view(), &params));
    require_fit(
        "DBSCAN of 0, 1, 2, 3, 4.5, 10 (eps = 1.5, min_samples = 3)",
        &fit,
        (&x, &params),
        &[Some(0), Some(0), Some(0), Some(0), Some(0), None],
        &[Border, Core, Core, Core, Border, Noise],
    );
}

#[test]
fn a_border_point_goes_to_the_first_cluster_that_reaches_it() {
    // eps = 2, min_samples = 4. Neighbourhoods: 0: {0,1,2} (border), 1, 2: {0,1,2,3},
    // 3: {1,2,3,5}, 5: {3,5,7} (border), 7: {5,7,8,9}, 8, 9: {7,8,9,10}, 10: {8,9,10} (border).
    // Row 0 is visited first and is not core, yet the cluster seeded at row 1 reaches it.
    // 5 is within reach of both clusters and joins cluster 0, which is found first.
    let x = line(&[0.0, 1.0, 2.0, 3.0, 5.0, 7.0, 8.0, 9.0, 10.0]);
    let params = DbscanParams::new(2.0, 4);
    let fit = call_ok!(dbscan::dbscan(x.view(), &params));
    let (a, b) = (Some(0), Some(1));
    require_fit(
        "DBSCAN of 0, 1, 2, 3 | 5 | 7, 8, 9, 10 (eps = 2, min_samples = 4)",
        &fit,
        (&x, &params),
        &[a, a, a, a, a, b, b, b, b],
        &[Border, Core, Core, Core, Border, Core, Core, Core, Border],
    );
}

#[test]
fn min_samples_counts_the_point_itself() {
    // eps = 1, min_samples = 2: a pair 0.5 apart is two core points (each has itself and
    // the other); 5 and 9 are alone (1 point each): noise. With min_samples = 1 every point
    // is core, isolated points are clusters of their own, and nothing is noise.
    let x = line(&[0.0, 0.5, 5.0, 9.0]);
    let params = DbscanParams::new(1.0, 2);
    let fit = call_ok!(dbscan::dbscan(x.view(), &params));
    require_fit(
        "DBSCAN of 0, 0.5, 5, 9 with eps = 1, min_samples = 2",
        &fit,
        (&x, &params),
        &[Some(0), Some(0), None, None],
        &[Core, Core, Noise, Noise],
    );
    let params = DbscanParams::new(1.0, 1);
    let fit = call_ok!(dbscan::dbscan(x.view(), &params));
    require_fit(
        "DBSCAN of 0, 0.5, 5, 9 with eps = 1, min_samples = 1",
        &fit,
        (&x, &params),
        &[Some(0), Some(0), Some(1), Some(2)],
        &[Core, Core, Core, Core],
    );
}

#[test]
fn noise_next_to_noise_stays_noise() {
    // eps = 1, min_samples = 3. Neighbourhoods: 0: {0, 1}, 1: {0, 1, 2}, 2: {1, 2}: only 1
    // is core, 0 and 2 are its border. 10 and 10.5 are neighbours of each other, but
    // neither is core and no core point reaches them: both are noise.
    let x = line(&[0.0, 1.0, 2.0, 10.0, 10.5]);
    let params = DbscanParams::new(1.0, 3);
    let fit = call_ok!(dbscan::dbscan(x.view(), &params));
    require_fit(
        "DBSCAN of 0, 1, 2, 10, 10.5 (eps = 1, min_samples = 3)",
        &fit,
        (&x, &params),
        &[Some(0), Some(0), Some(0), None, None],
        &[Border, Core, Border, Noise, Noise],
    );
}

/// Fails unless `got` is the same partition as linfa's `expected` up to label names,
/// with exactly the same noise points.
#[track_caller]
fn require_same_partition(
    what: &str,
    got: &Array1<Option<usize>>,
    expected: &Array1<Option<usize>>,
) {
    require(got.len() == expected.len(), || {
        format!(
            "{what}: expected {} labels, got {}",
            expected.len(),
            got.len()
        )
    });
    let mut ours_to_linfa = HashMap::new();
    let mut linfa_to_ours = HashMap::new();
    for (i, (&ours, &theirs)) in got.iter().zip(expected).enumerate() {
        match (ours, theirs) {
            (None, None) => {}
            (Some(_), None) => fail(format!(
                "{what}: row {i} is noise for linfa-clustering's Dbscan but in your cluster {ours:?}"
            )),
            (None, Some(_)) => fail(format!(
                "{what}: row {i} is in a cluster for linfa-clustering's Dbscan but noise in yours"
            )),
            (Some(o), Some(t)) => {
                let mapped = *ours_to_linfa.entry(o).or_insert(t);
                let back = *linfa_to_ours.entry(t).or_insert(o);
                require(mapped == t && back == o, || {
                    format!(
                        "{what}: row {i} breaks the match with linfa-clustering's Dbscan: your \
                         cluster {o} holds points of linfa's clusters {mapped} and {t}, or linfa's \
                         cluster {t} holds points of your clusters {back} and {o}"
                    )
                });
            }
        }
    }
}

#[track_caller]
fn agrees_with_linfa(what: &str, x: &Array2<f64>, eps: f64, min_samples: usize) {
    let expected = Dbscan::params(min_samples)
        .tolerance(eps)
        .transform(x)
        .expect("valid linfa Dbscan settings");
    let noise = expected.iter().filter(|l| l.is_none()).count();
    let clusters = expected.iter().flatten().max().map_or(0, |&m| m + 1);
    assert!(
        noise > 0 && clusters >= 2,
        "the test data should have noise and clusters"
    );
    let params = DbscanParams::new(eps, min_samples);
    let fit = call_ok!(dbscan::dbscan(x.view(), &params));
    let (labels, kinds) = grader_dbscan(x, eps, min_samples, Bug::Documented);
    if fit.labels.as_slice() != Some(&labels[..]) || fit.kinds.as_slice() != Some(&kinds[..]) {
        let row = (0..x.nrows())
            .find(|&i| fit.labels.get(i) != labels.get(i) || fit.kinds.get(i) != kinds.get(i))
            .unwrap_or(0);
        fail(format!(
            "{what}: row {row} has label {:?} and kind {:?}, the documented procedure gives {:?} \
             and {:?}{}",
            fit.labels.get(row),
            fit.kinds.get(row),
            labels.get(row),
            kinds.get(row),
            diagnose(&fit, x, &params)
        ));
    }
    require_same_partition(what, &fit.labels, &expected);
    require(fit.n_clusters == clusters, || {
        format!(
            "{what}: linfa finds {clusters} clusters, your n_clusters is {}",
            fit.n_clusters
        )
    });
    let wrong_kind = (0..x.nrows()).find(|&i| (fit.kinds[i] == Noise) != fit.labels[i].is_none());
    require(wrong_kind.is_none(), || {
        format!("{what}: row {wrong_kind:?} has kind Noise exactly when its label is not None")
    });
}

#[test]
fn agrees_with_linfa_on_blobs() {
    let centers = array![[0.0, 0.0], [4.0, 0.0], [2.0, 3.0]];
    let x = blobs(centers.view(), 100, 0.6, 5)
        .expect("valid blob settings")
        .features;
    agrees_with_linfa(
        "DBSCAN of 3 seeded blobs (eps = 0.3, min_samples = 5)",
        &x,
        0.3,
        5,
    );
}

#[test]
fn agrees_with_linfa_on_two_moons() {
    let x = two_moons(400, 0.08, 6)
        .expect("valid moon settings")
        .features;
    agrees_with_linfa(
        "DBSCAN of seeded two moons (eps = 0.15, min_samples = 5)",
        &x,
        0.15,
        5,
    );
}

#[test]
fn bad_input_is_an_error() {
    let x = line(&[0.0, 1.0]);
    let invalid = ClusteringError::InvalidParams(String::new());
    for params in [
        DbscanParams::new(0.0, 3),
        DbscanParams::new(-1.0, 3),
        DbscanParams::new(f64::NAN, 3),
        DbscanParams::new(f64::INFINITY, 3),
        DbscanParams::new(1.0, 0),
    ] {
        require_error(
            &format!("dbscan with {params:?}"),
            call!(dbscan::dbscan(x.view(), &params)),
            &invalid,
            "call params.validate()? first",
            &[],
        );
    }
    let nan = array![[0.0, 1.0], [f64::NAN, 0.0]];
    let nan_error = ClusteringError::NonFinite {
        what: "data",
        row: 1,
        column: 0,
        value: f64::NAN,
    };
    require_error(
        "dbscan of data with a NaN",
        call!(dbscan::dbscan(nan.view(), &DbscanParams::new(1.0, 2))),
        &nan_error,
        "a NaN is no distance from anything: check_data(x)?",
        &[],
    );
    require_error(
        "dbscan of no rows",
        call!(dbscan::dbscan(
            Array2::zeros((0, 2)).view(),
            &DbscanParams::new(1.0, 2)
        )),
        &ClusteringError::Empty,
        "there is nothing to cluster: check_data(x)?",
        &[],
    );
    require_error(
        "dbscan with min_samples = 0 of data with a NaN (two faults: the parameters come first)",
        call!(dbscan::dbscan(nan.view(), &DbscanParams::new(1.0, 0))),
        &invalid,
        "the doc comment checks the parameters, then the data",
        &[(
            nan_error,
            "call params.validate()? first, then check_data(x)?",
        )],
    );
}
