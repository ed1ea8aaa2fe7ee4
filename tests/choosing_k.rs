//! Grader of exercises/05_clustering/choosing_k.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/05_clustering/choosing_k.rs"]
mod choosing_k;
#[cfg(feature = "solutions")]
use mlings::reference::choosing_k;

mod clustering_support;
use clustering_support::{line, require_error, value_or_panic};

use linfa::prelude::*;
use linfa_clustering::KMeans;
use mlings::datasets::synthetic::blobs;
use mlings::grade::{Tolerance, expect, expect_array, fail, require};
use mlings::types::choosing_k::KSearch;
use mlings::types::clustering::ClusteringError;
use mlings::types::kmeans::LloydParams;
use mlings::types::kmeans_plus_plus::KMeansParams;
use mlings::{call, call_ok, datasets};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, array};

/// How b(i) is taken from the other clusters: as the doc says (the nearest cluster's
/// mean distance), or the mistaken way (the mean distance to every point outside i's
/// cluster), which agrees with the doc whenever there are only two clusters.
#[derive(Clone, Copy, PartialEq)]
enum OtherClusters {
    Nearest,
    Pooled,
}

/// The grader's own silhouettes (written from the doc comment, O(n²)).
fn grader_silhouettes(
    x: ArrayView2<f64>,
    labels: ArrayView1<usize>,
    other: OtherClusters,
) -> Array1<f64> {
    let n = x.nrows();
    let rows: Vec<Vec<f64>> = x.rows().into_iter().map(|r| r.to_vec()).collect();
    let distance = |i: usize, j: usize| -> f64 {
        rows[i]
            .iter()
            .zip(&rows[j])
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f64>()
            .sqrt()
    };
    (0..n)
        .map(|i| {
            let mut sums: std::collections::BTreeMap<usize, (f64, usize)> = Default::default();
            for j in 0..n {
                let entry = sums.entry(labels[j]).or_default();
                entry.0 += distance(i, j);
                entry.1 += 1;
            }
            let (own_sum, own_size) = sums[&labels[i]];
            if own_size == 1 {
                return 0.0;
            }
            let a = own_sum / (own_size - 1) as f64;
            let others = sums.iter().filter(|&(&c, _)| c != labels[i]);
            let b = match other {
                OtherClusters::Nearest => others
                    .map(|(_, &(sum, size))| sum / size as f64)
                    .fold(f64::INFINITY, f64::min),
                OtherClusters::Pooled => {
                    let (sum, size) =
                        others.fold((0.0, 0), |(s, k), (_, &(sum, size))| (s + sum, k + size));
                    sum / size as f64
                }
            };
            if a.max(b) > 0.0 {
                (b - a) / a.max(b)
            } else {
                0.0
            }
        })
        .collect()
}

/// The grader's own mean silhouette.
fn grader_silhouette(x: ArrayView2<f64>, labels: ArrayView1<usize>) -> f64 {
    grader_silhouettes(x, labels, OtherClusters::Nearest)
        .mean()
        .unwrap_or(0.0)
}

/// The course's k-means++ (the previous exercise) for every k of `ks`, with `params(k)`.
fn fits(
    x: ArrayView2<f64>,
    ks: std::ops::RangeInclusive<usize>,
    params: impl Fn(usize) -> KMeansParams,
) -> Vec<mlings::types::kmeans::KMeansFit> {
    ks.map(|k| {
        mlings::reference::kmeans_plus_plus::kmeans_plus_plus(x, &params(k))
            .expect("valid k-means input")
    })
    .collect()
}

/// Eight blobs on a 4 x 2 grid, close enough that the seed and the number of restarts
/// change the clustering.
fn eight_blobs() -> Array2<f64> {
    let centers = Array2::from_shape_fn((8, 2), |(i, j)| {
        if j == 0 {
            (i % 4) as f64 * 4.0
        } else {
            (i / 4) as f64 * 4.0
        }
    });
    blobs(centers.view(), 15, 1.2, 8)
        .expect("valid blob settings")
        .features
}

/// A search whose every setting differs from the defaults.
fn unusual_search(max_k: usize) -> KSearch {
    KSearch {
        n_init: 1,
        seed: 7,
        lloyd: LloydParams::new().max_iterations(2),
        ..KSearch::new(max_k)
    }
}

const POSITION_NOT_K: &str = "\n    likely mistake: 0 is the position of the best score in the \
     list, which starts at k = 2: return k itself";

const USE_PARAMS_FOR: &str = "you built the k-means settings yourself: use search.params_for(k), \
     which carries the search's n_init, seed and lloyd settings";

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
        .mistake_array(
            &array![-0.5, -0.5, -0.5, -0.5],
            "b(i) included the point's own cluster: it is the minimum over the other clusters B ≠ A",
        )
        .assert();
    let score = call_ok!(choosing_k::silhouette_score(x.view(), labels.view()));
    expect("mean silhouette of 0, 1 | 4, 5", score, (s0 + s1) / 2.0)
        .n(4)
        .mistake(
            s0 + s1 + s1 + s0,
            "that is the sum of the silhouettes: the score is their mean over all samples",
        )
        .assert();
}

#[test]
fn a_point_in_the_wrong_cluster_scores_below_zero() {
    // 0, 1, 4 in cluster 0 and 5 alone in cluster 1. For 0: a = (1 + 4) / 2, b = 5, s = 1/2;
    // for 1: a = (1 + 3) / 2, b = 4, s = 1/2; for 4: a = (4 + 3) / 2 = 3.5 but b = 1, so
    // s = (1 − 3.5) / 3.5 = −5/7; 5 is alone: 0.
    let x = line(&[0.0, 1.0, 4.0, 5.0]);
    let got = call_ok!(choosing_k::silhouette_samples(
        x.view(),
        array![0, 0, 0, 1].view()
    ));
    expect_array(
        "silhouettes of 0, 1, 4 | 5",
        &got,
        &array![0.5, 0.5, -5.0 / 7.0, 0.0],
    )
    .mistake_array(
        &array![0.5, 0.5, -2.5, 0.0],
        "you divided by b(i): divide by max(a(i), b(i)), so s stays between −1 and 1",
    )
    .assert();
}

#[test]
fn a_point_alone_in_its_cluster_scores_zero() {
    // Adding 20 as a cluster of its own leaves the other four silhouettes unchanged (20 is
    // farther than the other pair) and scores 0 by convention. Labels need not be 0..m.
    let x = line(&[0.0, 1.0, 4.0, 5.0, 20.0]);
    let labels = array![3, 3, 8, 8, 5];
    let got = match value_or_panic("choosing_k::silhouette_samples", || {
        choosing_k::silhouette_samples(x.view(), labels.view())
    }) {
        Ok(result) => mlings::grade::ok("silhouette_samples(labels 3, 3, 8, 8, 5)", result),
        Err(message) => fail(format!(
            "silhouettes of 0, 1 | 4, 5 | 20 with labels 3, 3, 8, 8, 5: your code panicked: \
             {message}{}",
            if message.contains("out of bounds") {
                "\n    likely mistake: labels need not be 0..m: renumber them with \
                 renumber_labels before indexing by label"
            } else {
                ""
            }
        )),
    };
    let (s0, s1) = (7.0 / 9.0, 5.0 / 7.0);
    require(got.len() != 5 || !got[4].is_nan(), || {
        "silhouette of 20, alone in its cluster: got NaN\n    likely mistake: a(i) = 0 / 0 for \
         a point alone in its cluster: its silhouette is 0 by convention"
            .to_string()
    });
    expect_array(
        "silhouettes of 0, 1 | 4, 5 | 20 (labels 3, 3, 8, 8, 5)",
        &got,
        &array![s0, s1, s1, s0, 0.0],
    )
    .mistake_array(
        &array![s0, s1, s1, s0, 1.0],
        "a point alone in its cluster has no a(i): its silhouette is 0 by convention, not 1",
    )
    .mistake_array(
        &grader_silhouettes(x.view(), labels.view(), OtherClusters::Pooled),
        "b(i) is the mean distance to the nearest other cluster (the smallest of the \
         clusters' means), not the mean distance to every point outside i's cluster",
    )
    .assert();
    let score = call_ok!(choosing_k::silhouette_score(x.view(), labels.view()));
    expect(
        "mean silhouette of 0, 1 | 4, 5 | 20",
        score,
        (2.0 * s0 + 2.0 * s1) / 5.0,
    )
    .mistake(
        ((s0 + s1) / 2.0 * 2.0 + 0.0) / 3.0,
        "that is the mean of the three clusters' means: the score is the mean over all samples",
    )
    .mistake(
        (2.0 * s0 + 2.0 * s1) / 4.0,
        "you left out the point alone in its cluster: the score is the mean over all samples (its 0 included)",
    )
    .assert();
    // All points equal: a = b = 0 for everyone, and the convention gives 0, not 0 / 0.
    let same = Array2::zeros((4, 2));
    let got = call_ok!(choosing_k::silhouette_samples(
        same.view(),
        array![0, 0, 1, 1].view()
    ));
    require(!got.iter().any(|s| s.is_nan()), || {
        format!(
            "silhouettes of four identical points in two clusters: got {got}\n    likely mistake: \
             a(i) = b(i) = 0 gives 0 / 0: such a sample scores 0 by convention"
        )
    });
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
    let nan = array![[0.0, 0.0], [f64::NAN, 1.0], [4.0, 0.0]];
    let nan_error = ClusteringError::NonFinite {
        what: "data",
        row: 1,
        column: 0,
        value: f64::NAN,
    };
    let short = ClusteringError::LengthMismatch {
        what: "labels",
        expected: 3,
        got: 2,
    };
    type Case<'a> = (
        Array2<f64>,
        Array1<usize>,
        &'a str,
        ClusteringError,
        Vec<(ClusteringError, &'a str)>,
    );
    let max_n_minus_1 = "max is n − 1 = 2 (the most clusters a silhouette allows), not n";
    let cases: Vec<Case> = vec![
        (
            x.clone(),
            array![0, 0, 0],
            "one cluster: there is no other cluster for b(i)",
            ClusteringError::SilhouetteUndefined {
                clusters: 1,
                max: 2,
            },
            vec![(
                ClusteringError::SilhouetteUndefined {
                    clusters: 1,
                    max: 3,
                },
                max_n_minus_1,
            )],
        ),
        (
            x.clone(),
            array![0, 1, 2],
            "3 clusters for 3 points: every point is alone, a(i) is undefined everywhere",
            ClusteringError::SilhouetteUndefined {
                clusters: 3,
                max: 2,
            },
            vec![(
                ClusteringError::SilhouetteUndefined {
                    clusters: 3,
                    max: 3,
                },
                max_n_minus_1,
            )],
        ),
        (
            x.clone(),
            array![0, 1],
            "2 labels for 3 points",
            short.clone(),
            vec![],
        ),
        (
            nan.clone(),
            array![0, 1],
            "2 labels for 3 points with a NaN (two faults: the data comes first)",
            nan_error,
            vec![(
                short.clone(),
                "check_data(x)? comes first, then the label count",
            )],
        ),
        (
            x.clone(),
            array![0, 0],
            "2 labels, one cluster, for 3 points (two faults: the label count comes first)",
            short,
            vec![(
                ClusteringError::SilhouetteUndefined {
                    clusters: 1,
                    max: 2,
                },
                "the label count is checked before the number of clusters",
            )],
        ),
    ];
    for (data, labels, why, expected, wrong) in cases {
        require_error(
            &format!("silhouette_samples with labels {labels}"),
            call!(choosing_k::silhouette_samples(data.view(), labels.view())),
            &expected,
            why,
            &wrong,
        );
        require_error(
            &format!("silhouette_score with labels {labels}"),
            call!(choosing_k::silhouette_score(data.view(), labels.view())),
            &expected,
            why,
            &wrong,
        );
    }
    require_error(
        "silhouette score of the single point 0 with labels [0]",
        call!(choosing_k::silhouette_score(
            line(&[0.0]).view(),
            array![0].view()
        )),
        &ClusteringError::SilhouetteUndefined {
            clusters: 1,
            max: 0,
        },
        "one point cannot be compared with anything",
        &[],
    );
}

#[test]
fn the_elbow_curve_of_iris() {
    let x = datasets::iris().features;
    let curve = call_ok!(choosing_k::elbow_curve(x.view(), &KSearch::new(6)));
    require(curve.len() == 6, || {
        format!(
            "elbow curve for max_k = 6: expected 6 inertias (k = 1..=6: element k − 1 holds the \
             inertia for k), got {}",
            curve.len()
        )
    });
    // k = 1: the centroid is the mean, so the inertia is the total sum of squares.
    let centred = &x - &x.mean_axis(Axis(0)).expect("iris has rows");
    let total_sum_of_squares = centred.mapv(|v| v * v).sum();
    let at_2 = fits(x.view(), 2..=2, |k| KSearch::new(6).params_for(k))[0].inertia;
    expect(
        "inertia for k = 1 (the total sum of squares around the mean)",
        curve[0],
        total_sum_of_squares,
    )
    .tol(Tolerance::rel(1e-9))
    .no_generic_diagnosis()
    .mistake(
        at_2,
        "that is the inertia for k = 2: element k − 1 holds the inertia for k (element 0 is k = 1)",
    )
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
fn the_elbow_curve_uses_every_setting_of_the_search() {
    // One restart, seed 7, at most 2 Lloyd iterations: the course's k-means++ with
    // search.params_for(k) gives these inertias; the defaults give others.
    let x = eight_blobs();
    let search = unusual_search(5);
    let curve = call_ok!(choosing_k::elbow_curve(x.view(), &search));
    let expected: Vec<f64> = fits(x.view(), 1..=5, |k| search.params_for(k))
        .iter()
        .map(|f| f.inertia)
        .collect();
    let defaults: Vec<f64> = fits(x.view(), 1..=5, KMeansParams::new)
        .iter()
        .map(|f| f.inertia)
        .collect();
    require(curve.len() == 5, || {
        format!(
            "elbow curve for max_k = 5: expected 5 inertias (element k − 1 holds the inertia for k), got {}",
            curve.len()
        )
    });
    expect_array(
        "elbow curve of eight blobs with n_init 1, seed 7 and at most 2 Lloyd iterations",
        &Array1::from(curve),
        &Array1::from(expected),
    )
    .tol(Tolerance::rel(1e-9))
    .no_generic_diagnosis()
    .mistake_array(&Array1::from(defaults), USE_PARAMS_FOR)
    .assert();
}

#[test]
fn choose_k_uses_every_setting_of_the_search() {
    let x = eight_blobs();
    let search = unusual_search(5);
    let choice = call_ok!(choosing_k::choose_k(x.view(), &search));
    let scores = |params: &dyn Fn(usize) -> KMeansParams| -> Vec<f64> {
        fits(x.view(), 2..=5, params)
            .iter()
            .map(|f| grader_silhouette(x.view(), f.labels.view()))
            .collect()
    };
    let expected = scores(&|k| search.params_for(k));
    let ks: Vec<usize> = choice.silhouettes.iter().map(|&(k, _)| k).collect();
    require(ks == [2, 3, 4, 5], || {
        format!("choose_k with max_k = 5 should score k = 2, 3, 4, 5 in order, scored {ks:?}")
    });
    let got: Vec<f64> = choice.silhouettes.iter().map(|&(_, s)| s).collect();
    if got.len() == expected.len()
        && got
            .iter()
            .zip(&expected)
            .all(|(g, e)| (g - e).abs() <= 1e-9)
    {
        return;
    }
    let mut check = expect_array(
        "mean silhouettes for k = 2..=5 of eight blobs with n_init 1, seed 7, at most 2 Lloyd iterations",
        &Array1::from(got),
        &Array1::from(expected),
    )
    .tol(Tolerance::abs(1e-9))
    .no_generic_diagnosis()
    .mistake_array(&Array1::from(scores(&KMeansParams::new)), USE_PARAMS_FOR);
    for (setting, params) in [
        (
            "the seed",
            &(|k| search.params_for(k).seed(0)) as &dyn Fn(usize) -> KMeansParams,
        ),
        ("n_init", &|k| search.params_for(k).n_init(10)),
        ("the Lloyd settings", &|k| {
            search.params_for(k).lloyd(LloydParams::new())
        }),
    ] {
        check = check.mistake_array(
            &Array1::from(scores(params)),
            format!("{USE_PARAMS_FOR} (yours ignored {setting})"),
        );
    }
    check.assert();
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
    let lowest = choice
        .silhouettes
        .iter()
        .copied()
        .reduce(|a, b| if b.1 < a.1 { b } else { a })
        .map(|(k, _)| k);
    require(choice.k == 4, || {
        let position_of_best =
            choice.k == 2 && choice.silhouettes.get(2).is_some_and(|&(k, _)| k == 4);
        let hint = match (Some(choice.k) == lowest, position_of_best) {
            (true, true) => {
                "\n    likely mistake: either you picked the lowest score (pick the k with the \
                 highest mean silhouette), or you returned 2, the position of k = 4 in the list \
                 (return k itself)"
            }
            (true, false) => {
                "\n    likely mistake: you picked the lowest score: pick the k with the highest mean silhouette"
            }
            (false, true) => {
                "\n    likely mistake: 2 is the position of k = 4 in the list (which starts at k = 2): \
                 return k itself"
            }
            (false, false) => "",
        };
        format!(
            "four well separated blobs: the silhouette should pick k = 4, picked {} (scores {:?}){hint}",
            choice.k, choice.silhouettes
        )
    });
}

#[test]
fn on_a_tie_choose_k_takes_the_smaller_k() {
    // Three copies of (0, 0) and three of (10, 0): k = 2 splits them (every silhouette 1);
    // for k = 3 and 4 the extra centroids can only sit on copies, their clusters stay
    // empty, the labels are the same two groups, and the score is 1 again: a tie.
    let x = array![
        [0.0, 0.0],
        [0.0, 0.0],
        [0.0, 0.0],
        [10.0, 0.0],
        [10.0, 0.0],
        [10.0, 0.0]
    ];
    let choice = call_ok!(choosing_k::choose_k(x.view(), &KSearch::new(4)));
    let scores: Vec<f64> = choice.silhouettes.iter().map(|&(_, s)| s).collect();
    require(scores == [1.0, 1.0, 1.0], || {
        format!(
            "choose_k on two groups of three identical points: expected the scores 1, 1, 1 for \
             k = 2, 3, 4 (the clusterings are the same two groups), got {:?}",
            choice.silhouettes
        )
    });
    require(choice.k == 2, || {
        let hint = match choice.k {
            3 | 4 => {
                "\n    likely mistake: on a tie, the smaller k: replace the best only when a score \
                 is strictly higher (>, not >=)"
            }
            0 => POSITION_NOT_K,
            _ => "",
        };
        format!(
            "choose_k on two groups of three identical points: k = 2, 3 and 4 all score 1, \
             you picked {}{hint}",
            choice.k
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
             but you picked {} (scores {:?}){}",
            choice.k,
            choice.silhouettes,
            if choice.k == 0 { POSITION_NOT_K } else { "" }
        )
    });
    for (function, max_k) in [("choose_k", 1), ("elbow_curve", 0)] {
        let result = value_or_panic(function, || {
            if function == "choose_k" {
                choosing_k::choose_k(x.view(), &KSearch::new(max_k)).map(|c| c.k)
            } else {
                choosing_k::elbow_curve(x.view(), &KSearch::new(max_k)).map(|c| c.len())
            }
        });
        let min_k = if function == "choose_k" { 2 } else { 1 };
        let result = result.unwrap_or_else(|message| {
            fail(format!(
                "{function} with max_k = {max_k}: your code panicked: {message}\n    likely \
                 mistake: call search.validate({min_k})? first (max_k must be at least {min_k})"
            ))
        });
        require_error(
            &format!("{function} with max_k = {max_k}"),
            result,
            &ClusteringError::InvalidParams(String::new()),
            &format!("there is no k to try: search.validate({min_k})? first"),
            &[],
        );
    }
}
