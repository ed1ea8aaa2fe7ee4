//! Grader of exercises/04_clustering/choosing_k.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/04_clustering/choosing_k.rs"]
mod choosing_k;
#[cfg(feature = "solutions")]
use mlings::reference::choosing_k;

mod clustering_support;
use clustering_support::line;

use linfa::prelude::*;
use linfa_clustering::KMeans;
use mlings::datasets::synthetic::blobs;
use mlings::grade::{Tolerance, expect, expect_array, expect_err, require};
use mlings::types::choosing_k::KSearch;
use mlings::types::clustering::ClusteringError;
use mlings::{call, call_ok, datasets};
use ndarray::{Array1, Array2, Axis, array};

#[test]
fn silhouette_of_two_pairs_by_hand() {
    // 0, 1 in cluster 0 and 4, 5 in cluster 1. For 0: a = 1, b = (4 + 5) / 2, s = 7/9;
    // for 1: a = 1, b = (3 + 4) / 2, s = 5/7; 4 and 5 mirror 1 and 0.
    let x = line(&[0.0, 1.0, 4.0, 5.0]);
    let labels = array![0, 0, 1, 1];
    let got = call_ok!(choosing_k::silhouette_samples(x.view(), labels.view()));
    let (s0, s1) = (7.0 / 9.0, 5.0 / 7.0);
    expect_array("silhouettes of 0, 1 | 4, 5", &got, &array![s0, s1, s1, s0])
        .mistake_array(
            &array![39.0 / 41.0, 23.0 / 25.0, 23.0 / 25.0, 39.0 / 41.0],
            "you used squared distances: the silhouette uses Euclidean distances (take the square root)",
        )
        .mistake_array(
            &array![8.0 / 9.0, 6.0 / 7.0, 6.0 / 7.0, 8.0 / 9.0],
            "a(i) divides by the cluster size |A|: the point itself does not count, divide by |A| − 1",
        )
        .mistake_array(
            &array![0.75, 2.0 / 3.0, 2.0 / 3.0, 0.75],
            "b(i) is the distance to the nearest other point: it is the mean distance to the nearest other cluster",
        )
        .assert();
    let score = call_ok!(choosing_k::silhouette_score(x.view(), labels.view()));
    expect("mean silhouette of 0, 1 | 4, 5", score, (s0 + s1) / 2.0)
        .n(4)
        .assert();
}

#[test]
fn a_point_alone_in_its_cluster_scores_zero() {
    // Adding 20 as a cluster of its own leaves the other four silhouettes unchanged (20 is
    // farther than the other pair) and scores 0 by convention. Labels need not be 0..m.
    let x = line(&[0.0, 1.0, 4.0, 5.0, 20.0]);
    let labels = array![3, 3, 8, 8, 5];
    let got = call_ok!(choosing_k::silhouette_samples(x.view(), labels.view()));
    let (s0, s1) = (7.0 / 9.0, 5.0 / 7.0);
    expect_array(
        "silhouettes of 0, 1 | 4, 5 | 20 (labels 3, 3, 8, 8, 5)",
        &got,
        &array![s0, s1, s1, s0, 0.0],
    )
    .mistake_array(
        &array![s0, s1, s1, s0, 1.0],
        "a point alone in its cluster has no a(i): its silhouette is 0 by convention, not 1",
    )
    .assert();
    // All points equal: a = b = 0 for everyone, and the convention gives 0, not 0 / 0.
    let same = Array2::zeros((4, 2));
    let got = call_ok!(choosing_k::silhouette_samples(
        same.view(),
        array![0, 0, 1, 1].view()
    ));
    expect_array(
        "silhouettes of four identical points in two clusters",
        &got,
        &Array1::zeros(4),
    )
    .assert();
}

#[test]
fn silhouette_of_the_iris_clustering_matches_scikit_learn() {
    // linfa-clustering's KMeans (k-means++, 10 runs) finds scikit-learn's iris clustering,
    // whose published mean silhouette is 0.553.
    let x = datasets::iris().features;
    let model = KMeans::params_with_rng(3, mlings::prep::rng(0))
        .fit(&DatasetBase::from(x.clone()))
        .expect("linfa's KMeans fits iris");
    let labels = model.predict(&x);
    let got = call_ok!(choosing_k::silhouette_score(x.view(), labels.view()));
    expect(
        "mean silhouette of the k = 3 clustering of iris",
        got,
        0.553,
    )
    .tol(Tolerance::abs(0.002))
    .assert();
}

#[test]
fn the_silhouette_needs_between_2_and_n_minus_1_clusters() {
    let x = line(&[0.0, 1.0, 4.0]);
    let cases = [
        (
            array![0, 0, 0],
            "one cluster: there is no other cluster for b(i)",
            ClusteringError::SilhouetteUndefined {
                clusters: 1,
                max: 2,
            },
        ),
        (
            array![0, 1, 2],
            "3 clusters for 3 points: every point is alone, a(i) is undefined everywhere",
            ClusteringError::SilhouetteUndefined {
                clusters: 3,
                max: 2,
            },
        ),
        (
            array![0, 1],
            "2 labels for 3 points",
            ClusteringError::LengthMismatch {
                what: "labels",
                expected: 3,
                got: 2,
            },
        ),
    ];
    for (labels, why, expected) in cases {
        let error = expect_err(
            &format!("silhouette with labels {labels}"),
            why,
            call!(choosing_k::silhouette_samples(x.view(), labels.view())),
        );
        require(error == expected, || {
            format!("silhouette with labels {labels}: expected {expected:?}, got {error:?}")
        });
    }
    let error = expect_err(
        "silhouette score with labels [0]",
        "one point cannot be compared with anything",
        call!(choosing_k::silhouette_score(
            line(&[0.0]).view(),
            array![0].view()
        )),
    );
    require(
        matches!(error, ClusteringError::SilhouetteUndefined { .. }),
        || format!("expected ClusteringError::SilhouetteUndefined, got {error:?}"),
    );
}

#[test]
fn the_elbow_curve_of_iris() {
    let x = datasets::iris().features;
    let curve = call_ok!(choosing_k::elbow_curve(x.view(), &KSearch::new(6)));
    require(curve.len() == 6, || {
        format!(
            "elbow curve for max_k = 6: expected 6 inertias (k = 1..=6), got {}",
            curve.len()
        )
    });
    // k = 1: the centroid is the mean, so the inertia is the total sum of squares.
    let centred = &x - &x.mean_axis(Axis(0)).expect("iris has rows");
    let total_sum_of_squares = centred.mapv(|v| v * v).sum();
    expect(
        "inertia for k = 1 (the total sum of squares around the mean)",
        curve[0],
        total_sum_of_squares,
    )
    .tol(Tolerance::rel(1e-9))
    .assert();
    if let Some(k) = (1..curve.len()).find(|&i| curve[i] > curve[i - 1] * (1.0 + 1e-9)) {
        mlings::grade::fail(format!(
            "the elbow curve rises from k = {k} ({}) to k = {} ({}): with the best of 10 restarts, \
             more clusters never fit worse\n    check that element k − 1 holds the inertia for k",
            curve[k - 1],
            k + 1,
            curve[k]
        ));
    }
    require(curve[2] <= 78.86, || {
        format!(
            "elbow curve at k = 3: {} should be at most 78.86 (scikit-learn: 78.851)",
            curve[2]
        )
    });
}

#[test]
fn the_silhouette_finds_four_separated_blobs() {
    let centers = array![[0.0, 0.0], [10.0, 0.0], [0.0, 10.0], [10.0, 10.0]];
    let x = blobs(centers.view(), 50, 1.0, 4)
        .expect("valid blob settings")
        .features;
    let choice = call_ok!(choosing_k::choose_k(x.view(), &KSearch::new(6)));
    let ks: Vec<usize> = choice.silhouettes.iter().map(|&(k, _)| k).collect();
    require(ks == [2, 3, 4, 5, 6], || {
        format!("choose_k with max_k = 6 should score k = 2, 3, 4, 5, 6 in order, scored {ks:?}")
    });
    require(choice.k == 4, || {
        format!(
            "four well separated blobs: the silhouette should pick k = 4, picked {} (scores {:?})\n    \
             pick the k with the highest mean silhouette",
            choice.k, choice.silhouettes
        )
    });
}

#[test]
fn on_iris_the_silhouette_prefers_two_clusters() {
    let x = datasets::iris().features;
    let choice = call_ok!(choosing_k::choose_k(x.view(), &KSearch::new(5)));
    let at_3 = choice
        .silhouettes
        .iter()
        .find(|&&(k, _)| k == 3)
        .map(|&(_, s)| s);
    expect(
        "mean silhouette of k-means++ on iris for k = 3",
        at_3.unwrap_or(f64::NAN),
        0.553,
    )
    .tol(Tolerance::abs(0.002))
    .assert();
    require(choice.k == 2, || {
        format!(
            "on raw iris the silhouette is highest for k = 2 (setosa against the rest), \
             but you picked {} (scores {:?})",
            choice.k, choice.silhouettes
        )
    });
    let error = expect_err(
        "choose_k with max_k = 1",
        "the silhouette needs at least 2 clusters: search.validate(2)?",
        call!(choosing_k::choose_k(x.view(), &KSearch::new(1))),
    );
    require(matches!(error, ClusteringError::InvalidParams(_)), || {
        format!("expected ClusteringError::InvalidParams, got {error:?}")
    });
}
