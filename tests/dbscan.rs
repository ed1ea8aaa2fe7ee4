//! Grader of exercises/04_clustering/dbscan.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/04_clustering/dbscan.rs"]
mod dbscan;
#[cfg(feature = "solutions")]
use mlings::reference::dbscan;

mod clustering_support;
use clustering_support::line;

use std::collections::HashMap;

use linfa::prelude::*;
use linfa_clustering::Dbscan;
use mlings::datasets::synthetic::{blobs, two_moons};
use mlings::grade::{expect_err, fail, require};
use mlings::types::clustering::ClusteringError;
use mlings::types::dbscan::{DbscanFit, DbscanParams, PointKind};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, array};

use PointKind::{Border, Core, Noise};

#[track_caller]
fn require_fit(
    what: &str,
    fit: &DbscanFit,
    labels: &[Option<usize>],
    kinds: &[PointKind],
    hint: &str,
) {
    require(fit.kinds.as_slice() == Some(kinds), || {
        format!(
            "{what}: wrong point kinds\n    expected: {kinds:?}\n    got:      {:?}\n    {hint}",
            fit.kinds.to_vec()
        )
    });
    require(fit.labels.as_slice() == Some(labels), || {
        format!(
            "{what}: wrong labels\n    expected: {labels:?}\n    got:      {:?}\n    {hint}",
            fit.labels.to_vec()
        )
    });
    let clusters = labels.iter().flatten().max().map_or(0, |&m| m + 1);
    require(fit.n_clusters == clusters, || {
        format!(
            "{what}: expected n_clusters = {clusters}, got {}",
            fit.n_clusters
        )
    });
}

#[test]
fn neighbors_include_the_point_itself_and_the_boundary() {
    let x = line(&[0.0, 1.0, 2.5, 3.0]);
    let cases: [(usize, &[usize], &str); 3] = [
        (
            0,
            &[0, 1],
            "row 1 is exactly eps = 1 away: the boundary is included (<=, not <)",
        ),
        (1, &[0, 1], "row 2 is 1.5 away, outside eps = 1"),
        (
            2,
            &[2, 3],
            "a point is in its own neighbourhood (distance 0)",
        ),
    ];
    for (i, expected, hint) in cases {
        let got = call!(dbscan::neighbors(x.view(), i, 1.0));
        require(got == expected, || {
            format!(
                "neighbors of row {i} among 0, 1, 2.5, 3 with eps = 1: expected {expected:?}, got {got:?}\n    {hint}"
            )
        });
    }
    let outside = call!(dbscan::neighbors(x.view(), 4, 1.0));
    require(outside.is_empty(), || {
        format!("neighbors of row 4 of a 4-row array: expected [], got {outside:?}")
    });
}

#[test]
fn core_border_and_noise_by_hand() {
    // Worked in the doc comment of dbscan: rows 1, 2, 3 are core (3 neighbours each),
    // row 0 and 4.5 are border, 10 is noise.
    let x = line(&[0.0, 1.0, 2.0, 3.0, 4.5, 10.0]);
    let fit = call_ok!(dbscan::dbscan(x.view(), &DbscanParams::new(1.5, 3)));
    require_fit(
        "DBSCAN of 0, 1, 2, 3, 4.5, 10 (eps = 1.5, min_samples = 3)",
        &fit,
        &[Some(0), Some(0), Some(0), Some(0), Some(0), None],
        &[Border, Core, Core, Core, Border, Noise],
        "a point counts itself among its neighbours, the boundary eps is included, and a \
         non-core point reached from a core point is a border point of its cluster",
    );
}

#[test]
fn a_border_point_goes_to_the_first_cluster_that_reaches_it() {
    // eps = 2, min_samples = 4. Neighbourhoods: 0: {0,1,2} (border), 1, 2: {0,1,2,3},
    // 3: {1,2,3,5}, 5: {3,5,7} (border), 7: {5,7,8,9}, 8, 9: {7,8,9,10}, 10: {8,9,10} (border).
    // Row 0 is visited first and is not core, yet the cluster seeded at row 1 reaches it.
    // 5 is within reach of both clusters and joins cluster 0, which is found first.
    let x = line(&[0.0, 1.0, 2.0, 3.0, 5.0, 7.0, 8.0, 9.0, 10.0]);
    let fit = call_ok!(dbscan::dbscan(x.view(), &DbscanParams::new(2.0, 4)));
    let (a, b) = (Some(0), Some(1));
    require_fit(
        "DBSCAN of 0, 1, 2, 3 | 5 | 7, 8, 9, 10 (eps = 2, min_samples = 4)",
        &fit,
        &[a, a, a, a, a, b, b, b, b],
        &[Border, Core, Core, Core, Border, Core, Core, Core, Border],
        "row 0 is not core but must not stay noise: a cluster found later can still reach \
         it. And a border point only joins: 5 must not merge the two clusters",
    );
}

#[test]
fn with_min_samples_1_every_point_is_core() {
    // Every point is its own neighbour, so nothing is noise; isolated points are clusters.
    let x = line(&[0.0, 0.5, 5.0, 9.0]);
    let fit = call_ok!(dbscan::dbscan(x.view(), &DbscanParams::new(1.0, 1)));
    require_fit(
        "DBSCAN of 0, 0.5, 5, 9 with eps = 1, min_samples = 1",
        &fit,
        &[Some(0), Some(0), Some(1), Some(2)],
        &[Core, Core, Core, Core],
        "with min_samples = 1 every point is core (it is in its own neighbourhood)",
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
                "{what}: row {i} is in a cluster for linfa-clustering's Dbscan but noise in yours\n    \
                 likely mistake: a border point marked noise for good, or a strict < eps"
            )),
            (Some(o), Some(t)) => {
                let mapped = *ours_to_linfa.entry(o).or_insert(t);
                let back = *linfa_to_ours.entry(t).or_insert(o);
                require(mapped == t && back == o, || {
                    format!(
                        "{what}: row {i} breaks the match with linfa-clustering's Dbscan: your \
                         cluster {o} holds points of linfa's clusters {mapped} and {t}, or linfa's \
                         cluster {t} holds points of your clusters {back} and {o}\n    \
                         likely mistake: border points spreading the cluster, or clusters not \
                         expanded through every core point"
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
    let fit = call_ok!(dbscan::dbscan(
        x.view(),
        &DbscanParams::new(eps, min_samples)
    ));
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
    for params in [
        DbscanParams::new(0.0, 3),
        DbscanParams::new(f64::NAN, 3),
        DbscanParams::new(1.0, 0),
    ] {
        let error = expect_err(
            &format!("dbscan with {params:?}"),
            "call params.validate()? first",
            call!(dbscan::dbscan(x.view(), &params)),
        );
        require(matches!(error, ClusteringError::InvalidParams(_)), || {
            format!("expected ClusteringError::InvalidParams, got {error:?}")
        });
    }
    let nan = array![[0.0, 1.0], [f64::NAN, 0.0]];
    let error = expect_err(
        "dbscan of data with a NaN",
        "a NaN is no distance from anything: check_data(x)?",
        call!(dbscan::dbscan(nan.view(), &DbscanParams::new(1.0, 2))),
    );
    require(
        matches!(
            error,
            ClusteringError::NonFinite {
                row: 1,
                column: 0,
                ..
            }
        ),
        || format!("expected ClusteringError::NonFinite at row 1, column 0, got {error:?}"),
    );
}
