//! Grader of exercises/04_clustering/kmeans_plus_plus.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/04_clustering/kmeans_plus_plus.rs"]
mod kmeans_plus_plus;
#[cfg(feature = "solutions")]
use mlings::reference::kmeans_plus_plus;

use linfa::prelude::*;
use linfa_clustering::KMeans;
use mlings::datasets::synthetic::blobs;
use mlings::grade::{Tolerance, expect, expect_err, fail, require};
use mlings::prep::rng;
use mlings::types::clustering::ClusteringError;
use mlings::types::kmeans::LloydParams;
use mlings::types::kmeans_plus_plus::KMeansParams;
use mlings::{call, call_ok, datasets};
use ndarray::{Array2, ArrayView2, array};

/// How often each row comes out of `draw` in `draws` calls.
fn frequencies(rows: usize, draws: usize, mut draw: impl FnMut() -> usize) -> Vec<f64> {
    let mut counts = vec![0usize; rows];
    for _ in 0..draws {
        let row = draw();
        require(row < rows, || {
            format!("the drawn row index {row} is out of range: the data has {rows} rows")
        });
        counts[row] += 1;
    }
    counts.iter().map(|&c| c as f64 / draws as f64).collect()
}

/// Fails unless `got` is within `tolerance` of `expected` in every entry; otherwise names
/// the known wrong distribution `got` is closest to.
#[track_caller]
fn expect_distribution(
    what: &str,
    got: &[f64],
    expected: &[f64],
    wrong: &[(&[f64], &str)],
    tolerance: f64,
) {
    let gap = |a: &[f64], b: &[f64]| {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max)
    };
    if gap(got, expected) <= tolerance {
        return;
    }
    let diagnosis = wrong
        .iter()
        .find(|(distribution, _)| gap(got, distribution) <= tolerance)
        .map_or(String::new(), |(_, why)| {
            format!("\n    likely mistake: {why}")
        });
    fail(format!(
        "{what}: wrong frequencies\n    expected about: {expected:.3?}\n    got:            {got:.3?}{diagnosis}"
    ));
}

#[test]
fn next_centroid_is_drawn_in_proportion_to_the_squared_distance() {
    // With (0, 0) chosen, rows (0,0), (1,0), (3,0) weigh D² = 0, 1, 9: probabilities 0, 0.1, 0.9.
    // 4000 draws put each frequency within 0.025 of its probability (5 standard deviations).
    let x = array![[0.0, 0.0], [1.0, 0.0], [3.0, 0.0]];
    let chosen = array![[0.0, 0.0]];
    let mut generator = rng(11);
    let got = frequencies(3, 4000, || {
        call!(kmeans_plus_plus::next_centroid(
            x.view(),
            chosen.view(),
            &mut generator
        ))
    });
    expect_distribution(
        "next centroid among (0,0), (1,0), (3,0) with (0,0) chosen (D² = 0, 1, 9), 4000 draws",
        &got,
        &[0.0, 0.1, 0.9],
        &[
            (
                &[0.0, 0.25, 0.75],
                "you weighted by the distance D: weight by the squared distance D²",
            ),
            (
                &[0.0, 0.0, 1.0],
                "you always took the farthest row: draw at random in proportion to D²",
            ),
            (
                &[1.0 / 3.0; 3],
                "you drew uniformly: draw in proportion to D², so (0, 0) (D² = 0) is never picked",
            ),
            (
                &[0.0, 0.5, 0.5],
                "you drew uniformly among the rows not chosen yet: draw in proportion to D²",
            ),
        ],
        0.025,
    );
}

#[test]
fn the_first_centroid_is_uniformly_random() {
    let x = array![[0.0, 0.0], [1.0, 0.0], [3.0, 0.0], [7.0, 0.0]];
    let mut generator = rng(12);
    let got = frequencies(4, 4000, || {
        let centroids = call_ok!(kmeans_plus_plus::plus_plus_init(
            x.view(),
            1,
            &mut generator
        ));
        (0..4)
            .find(|&i| centroids.row(0) == x.row(i))
            .unwrap_or(usize::MAX)
    });
    expect_distribution(
        "the only centroid of k = 1 among 4 rows, 4000 draws",
        &got,
        &[0.25; 4],
        &[(
            &[1.0, 0.0, 0.0, 0.0],
            "the first centroid is always row 0: draw it with rng.gen_range(0..n)",
        )],
        0.03,
    );
}

#[test]
fn a_point_on_a_chosen_centroid_is_never_chosen_again() {
    // Three copies of (0, 0) and one (5, 0): whichever comes first, the other point is the
    // only one with D² > 0, so every seeding of k = 2 is {(0, 0), (5, 0)}.
    let x = array![[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [5.0, 0.0]];
    let mut generator = rng(13);
    for draw in 0..50 {
        let centroids = call_ok!(kmeans_plus_plus::plus_plus_init(
            x.view(),
            2,
            &mut generator
        ));
        let first_x: Vec<f64> = centroids.column(0).to_vec();
        require(
            centroids.dim() == (2, 2) && (first_x == [0.0, 5.0] || first_x == [5.0, 0.0]),
            || {
                format!(
                    "k-means++ with k = 2 on three copies of (0, 0) and one (5, 0) (seeding {draw}): \
                     expected one centroid at (0, 0) and one at (5, 0), got {centroids}\n    \
                     a point on top of a chosen centroid has weight D² = 0 and can never be drawn"
                )
            },
        );
    }
}

#[test]
fn seeding_picks_k_distinct_rows_of_the_data() {
    let x = datasets::iris().features;
    let mut generator = rng(14);
    for draw in 0..20 {
        let centroids = call_ok!(kmeans_plus_plus::plus_plus_init(
            x.view(),
            5,
            &mut generator
        ));
        require(centroids.dim() == (5, 4), || {
            format!(
                "k-means++ with k = 5 on iris: expected a 5 x 4 array, got {:?}",
                centroids.dim()
            )
        });
        for (j, centroid) in centroids.rows().into_iter().enumerate() {
            require(x.rows().into_iter().any(|row| row == centroid), || {
                format!(
                    "k-means++ centroid {j} ({centroid}) is not a row of iris: centroids are sampled rows"
                )
            });
            require((0..j).all(|i| centroids.row(i) != centroid), || {
                format!(
                    "k-means++ (seeding {draw}) picked the point {centroid} twice: its weight D² is 0 \
                     once chosen, so it can never be drawn again"
                )
            });
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_clustering() {
    let x = datasets::iris().features;
    let first = call_ok!(kmeans_plus_plus::plus_plus_init(x.view(), 3, &mut rng(5)));
    let second = call_ok!(kmeans_plus_plus::plus_plus_init(x.view(), 3, &mut rng(5)));
    require(first == second, || {
        format!(
            "two k-means++ seedings from generators with the same seed differ:\n{first}\nand\n{second}\n    \
             likely mistake: an unseeded generator (rand::thread_rng()): draw only from the rng you are given"
        )
    });
    let params = KMeansParams::new(4).n_init(3).seed(21);
    let run = || call_ok!(kmeans_plus_plus::kmeans_plus_plus(x.view(), &params));
    let (a, b) = (run(), run());
    require(a == b, || {
        format!(
            "two runs of kmeans_plus_plus with seed 21 differ (inertia {} and {})\n    \
             likely mistake: an unseeded generator: create it with mlings::prep::rng(params.seed)",
            a.inertia, b.inertia
        )
    });
    let seedings: Vec<Array2<f64>> = (0..10)
        .map(|seed| {
            call_ok!(kmeans_plus_plus::plus_plus_init(
                x.view(),
                3,
                &mut rng(seed)
            ))
        })
        .collect();
    require(seedings.iter().any(|s| *s != seedings[0]), || {
        "k-means++ gives the same centroids for 10 different generators: draw from the rng \
         you are given, not from one you create inside"
            .to_string()
    });
}

/// Eight blobs on a 4 x 2 grid, close enough that single k-means++ runs end in different
/// local minima.
fn eight_blobs() -> Array2<f64> {
    let centers = Array2::from_shape_fn((8, 2), |(i, j)| {
        if j == 0 {
            (i % 4) as f64 * 4.0
        } else {
            (i / 4) as f64 * 4.0
        }
    });
    blobs(centers.view(), 40, 1.2, 8)
        .expect("valid blob settings")
        .features
}

/// The inertia of every restart, replayed: one generator from the seed, and each restart
/// seeds with the learner's plus_plus_init then runs the course's Lloyd (as documented).
fn replay_restarts(x: ArrayView2<f64>, params: &KMeansParams) -> Vec<f64> {
    let mut generator = rng(params.seed);
    (0..params.n_init)
        .map(|_| {
            let init = call_ok!(kmeans_plus_plus::plus_plus_init(
                x,
                params.k,
                &mut generator
            ));
            mlings::reference::kmeans::lloyd(x, init.view(), &params.lloyd)
                .expect("valid k-means input")
                .inertia
        })
        .collect()
}

#[test]
fn restarts_keep_the_lowest_inertia() {
    let x = eight_blobs();
    let params = KMeansParams::new(8).n_init(10).seed(2);
    let restarts = replay_restarts(x.view(), &params);
    let lowest = restarts.iter().copied().fold(f64::INFINITY, f64::min);
    let highest = restarts.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    require(lowest < highest, || {
        format!(
            "the 10 restarts all end at inertia {lowest}: each restart must draw new centroids from the same generator"
        )
    });
    let fit = call_ok!(kmeans_plus_plus::kmeans_plus_plus(x.view(), &params));
    let mut check = expect(
        "inertia of the best of 10 restarts (eight blobs, k = 8, seed 2)",
        fit.inertia,
        lowest,
    )
    .tol(Tolerance::rel(1e-9))
    .no_generic_diagnosis()
    .mistake(
        highest,
        "you kept the restart with the highest inertia: keep the lowest",
    );
    if restarts[0] != lowest {
        check = check.mistake(
            restarts[0],
            "that is the first restart's inertia: either you kept the first run, or every restart \
             re-created the generator from the seed (create it once, before the loop)",
        );
    }
    if restarts[9] != lowest {
        check = check.mistake(
            restarts[9],
            "you kept the last restart: keep the one with the lowest inertia",
        );
    }
    check.assert();
}

#[test]
fn iris_reaches_scikit_learns_clustering() {
    let iris = datasets::iris();
    let x = &iris.features;
    let fit = call_ok!(kmeans_plus_plus::kmeans_plus_plus(
        x.view(),
        &KMeansParams::new(3)
    ));
    // Published: scikit-learn's KMeans(3, k-means++, n_init=10) reaches inertia 78.851.
    require(fit.inertia <= 78.86, || {
        format!(
            "k-means++ with 10 restarts on iris (k = 3): inertia {} should be at most 78.86 \
             (scikit-learn reaches 78.851){}",
            fit.inertia,
            if (fit.inertia - 142.754).abs() < 0.01 {
                "\n    likely mistake: this is the local minimum that merges two species; \
                 with 10 different starts at least one should avoid it"
            } else {
                ""
            }
        )
    });
    // linfa reports the mean squared distance; times n it is the inertia.
    let linfa = KMeans::params_with_rng(3, rng(0))
        .fit(&DatasetBase::from(x.clone()))
        .expect("linfa's KMeans fits iris");
    let linfa_inertia = linfa.inertia() * x.nrows() as f64;
    require(fit.inertia <= 1.01 * linfa_inertia, || {
        format!(
            "inertia on iris {} is more than 1% above linfa-clustering's {linfa_inertia}",
            fit.inertia
        )
    });
    // The measuring instruments are the course's ARI and silhouette (graded in their own
    // exercises against scikit-learn's published values).
    let species = iris.class_labels().expect("iris has class labels");
    let ari = mlings::reference::adjusted_rand_index::adjusted_rand_index(
        species.view(),
        fit.labels.view(),
    )
    .expect("one label per flower");
    require(ari >= 0.72, || {
        format!(
            "adjusted Rand index of your iris clusters vs the species: {ari:.4}, expected at least \
             0.72 (scikit-learn: 0.730)"
        )
    });
    let silhouette = mlings::reference::choosing_k::silhouette_score(x.view(), fit.labels.view())
        .expect("3 clusters of iris");
    expect("mean silhouette of your iris clustering", silhouette, 0.553)
        .tol(Tolerance::abs(0.002))
        .assert();
}

/// Whether an error is the one a case expects.
type IsExpected = fn(&ClusteringError) -> bool;

#[test]
fn bad_input_is_an_error() {
    let x = array![[0.0, 0.0], [1.0, 1.0]];
    let cases: [(&str, KMeansParams, IsExpected); 3] = [
        ("k = 0", KMeansParams::new(0), |e| {
            *e == ClusteringError::NoClusters
        }),
        ("k = 3 for 2 points", KMeansParams::new(3), |e| {
            *e == ClusteringError::TooManyClusters { k: 3, n: 2 }
        }),
        ("n_init = 0", KMeansParams::new(1).n_init(0), |e| {
            matches!(e, ClusteringError::InvalidParams(_))
        }),
    ];
    for (what, params, is_right) in cases {
        let error = expect_err(
            &format!("kmeans_plus_plus with {what}"),
            "validate the parameters and check k against the data",
            call!(kmeans_plus_plus::kmeans_plus_plus(x.view(), &params)),
        );
        require(is_right(&error), || {
            format!("kmeans_plus_plus with {what}: wrong error {error:?}")
        });
    }
    let nan = array![[0.0, f64::NAN], [1.0, 1.0]];
    let error = expect_err(
        "k-means++ seeding of data with a NaN",
        "distances to a NaN are NaN: check_data(x)? first",
        call!(kmeans_plus_plus::plus_plus_init(nan.view(), 1, &mut rng(0))),
    );
    require(
        matches!(
            error,
            ClusteringError::NonFinite {
                row: 0,
                column: 1,
                ..
            }
        ),
        || format!("expected ClusteringError::NonFinite at row 0, column 1, got {error:?}"),
    );
    let params = KMeansParams::new(1).lloyd(LloydParams::new().max_iterations(0));
    let error = expect_err(
        "kmeans_plus_plus with max_iterations = 0",
        "params.validate()? checks the Lloyd settings too",
        call!(kmeans_plus_plus::kmeans_plus_plus(x.view(), &params)),
    );
    require(matches!(error, ClusteringError::InvalidParams(_)), || {
        format!("expected ClusteringError::InvalidParams, got {error:?}")
    });
}
