//! Grader of exercises/05_clustering/kmeans_plus_plus.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/05_clustering/kmeans_plus_plus.rs"]
mod kmeans_plus_plus;
#[cfg(feature = "solutions")]
use mlings::reference::kmeans_plus_plus;

mod clustering_support;
use clustering_support::require_error;

use linfa::prelude::*;
use linfa_clustering::KMeans;
use mlings::datasets::synthetic::blobs;
use mlings::grade::{Tolerance, catch_panic, expect, expect_err, fail, ok, require};
use mlings::prep::{Rng, rng};
use mlings::types::clustering::ClusteringError;
use mlings::types::kmeans::{KMeansFit, LloydParams};
use mlings::types::kmeans_plus_plus::KMeansParams;
use mlings::{call, call_ok, datasets};
use ndarray::{Array2, ArrayView2, Axis, array};
use rand::Rng as _;

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

/// Ways a learner's k-means++ draw can differ from the documented one, replayed by the
/// grader's own implementation (written from the doc comment) to name a mistake only when
/// the learner's draws are exactly the ones it gives.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Draw {
    /// The documented draw.
    Documented,
    /// Weights D instead of D².
    Distance,
    /// Weights D² to the last chosen centroid only.
    LastChosenOnly,
    /// A new u drawn for every row of the walk.
    FreshUPerRow,
    /// Weights D² to the farthest chosen centroid.
    FarthestChosen,
    /// The row with the largest weight (one draw made anyway, or none).
    Farthest,
    /// A uniform row index.
    Uniform,
}

const DRAW_MISTAKES: &[(Draw, &str)] = &[
    (
        Draw::Distance,
        "you weighted by the distance D: weight by the squared distance D²",
    ),
    (
        Draw::LastChosenOnly,
        "you weighted by the squared distance to the last chosen centroid only: use the \
         nearest of all the chosen centroids",
    ),
    (
        Draw::FarthestChosen,
        "you weighted by the squared distance to the farthest chosen centroid: D(x) is the \
         distance to the nearest one (min, not max)",
    ),
    (
        Draw::FreshUPerRow,
        "you drew a new u for every row of the walk: draw u once, then walk the running sum",
    ),
    (
        Draw::Farthest,
        "you always took the farthest row: draw at random in proportion to D²",
    ),
    (
        Draw::Uniform,
        "you drew a row uniformly (rng.gen_range(0..n)): draw in proportion to D²",
    ),
];

/// The grader's k-means++ draw of the next row, given the rows chosen so far.
fn grader_next(x: ArrayView2<f64>, chosen: &[usize], generator: &mut Rng, draw: Draw) -> usize {
    let squared = |i: usize, j: usize| -> f64 {
        x.row(i)
            .iter()
            .zip(x.row(j))
            .map(|(a, b)| (a - b) * (a - b))
            .sum()
    };
    let weights: Vec<f64> = (0..x.nrows())
        .map(|i| {
            let d2 = match draw {
                Draw::LastChosenOnly => squared(i, chosen[chosen.len() - 1]),
                Draw::FarthestChosen => chosen.iter().map(|&c| squared(i, c)).fold(0.0, f64::max),
                _ => chosen
                    .iter()
                    .map(|&c| squared(i, c))
                    .fold(f64::INFINITY, f64::min),
            };
            if draw == Draw::Distance {
                d2.sqrt()
            } else {
                d2
            }
        })
        .collect();
    let total: f64 = weights.iter().sum();
    if total == 0.0 {
        return 0;
    }
    let u = match draw {
        Draw::Uniform => return generator.gen_range(0..x.nrows()),
        Draw::Farthest => {
            return (0..weights.len())
                .rev()
                .max_by(|&a, &b| weights[a].total_cmp(&weights[b]))
                .unwrap_or(0);
        }
        _ => generator.gen_range(0.0..total),
    };
    let mut running = 0.0;
    for (i, w) in weights.iter().enumerate() {
        running += w;
        let u = if draw == Draw::FreshUPerRow && i > 0 {
            generator.gen_range(0.0..total)
        } else {
            u
        };
        if running > u {
            return i;
        }
    }
    weights.iter().rposition(|&w| w > 0.0).unwrap_or(0)
}

/// How a learner's seeding can start differently from the documented one.
#[derive(Debug, Clone, Copy, PartialEq)]
enum First {
    Uniform,
    RowZero,
    ExcludingLast,
    /// Documented first row, but every next one drawn against the first centroid only.
    AgainstFirstOnly,
    /// Documented draws, rows returned sorted.
    Sorted,
}

const FIRST_MISTAKES: &[(First, &str)] = &[
    (
        First::AgainstFirstOnly,
        "every next centroid was drawn against the first centroid only: pass all the centroids \
         chosen so far to next_centroid",
    ),
    (
        First::Sorted,
        "those are the right rows in increasing row order: return them in the order they are \
         drawn (the first draw is centroid 0)",
    ),
    (
        First::RowZero,
        "the first centroid is always row 0: draw it with rng.gen_range(0..n)",
    ),
    (
        First::ExcludingLast,
        "the first centroid never is the last row: draw it with rng.gen_range(0..n) (n excluded, \
         so every row 0..n - 1 is possible)",
    ),
];

/// The grader's k-means++ seeding: the rows of x it picks.
fn grader_init(
    x: ArrayView2<f64>,
    k: usize,
    generator: &mut Rng,
    first: First,
    draw: Draw,
) -> Vec<usize> {
    let n = x.nrows();
    let mut rows = vec![match first {
        First::RowZero => 0,
        First::ExcludingLast => generator.gen_range(0..n.max(2) - 1),
        _ => generator.gen_range(0..n),
    }];
    while rows.len() < k {
        let chosen = if first == First::AgainstFirstOnly {
            &rows[..1]
        } else {
            &rows[..]
        };
        let next = grader_next(x, chosen, generator, draw);
        rows.push(next);
    }
    if first == First::Sorted {
        rows.sort();
    }
    rows
}

#[test]
fn next_centroid_is_drawn_in_proportion_to_the_squared_distance() {
    // With (0, 0) chosen, rows (0,0), (1,0), (3,0) weigh D² = 0, 1, 9: probabilities 0, 0.1, 0.9.
    // 4000 draws put each frequency within 0.025 of its probability (5 standard deviations).
    let x = array![[0.0, 0.0], [1.0, 0.0], [3.0, 0.0]];
    let chosen = array![[0.0, 0.0]];
    let mut generator = rng(11);
    let got = frequencies(3, 4000, || {
        call_ok!(kmeans_plus_plus::next_centroid(
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
fn next_centroid_makes_exactly_the_documented_draw() {
    // The grader's own draw (written from the doc comment) from the same seed must give
    // the same rows, call after call: one u = rng.gen_range(0.0..total) each, then the first
    // row whose running sum of D² exceeds u.
    let x = datasets::iris().features;
    let chosen_rows = [0, 100];
    let chosen = x.select(Axis(0), &chosen_rows);
    let mut generator = rng(17);
    let got: Vec<usize> = (0..200)
        .map(|_| {
            call_ok!(kmeans_plus_plus::next_centroid(
                x.view(),
                chosen.view(),
                &mut generator
            ))
        })
        .collect();
    let replay = |draw: Draw| -> Vec<usize> {
        let mut generator = rng(17);
        (0..200)
            .map(|_| grader_next(x.view(), &chosen_rows, &mut generator, draw))
            .collect()
    };
    let expected = replay(Draw::Documented);
    if let Some(i) = (0..got.len()).find(|&i| got[i] != expected[i]) {
        let diagnosis = DRAW_MISTAKES
            .iter()
            .find(|&&(draw, _)| replay(draw) == got)
            .map_or(String::new(), |(_, why)| {
                format!("\n    likely mistake: {why}")
            });
        fail(format!(
            "next_centroid on iris with rows 0 and 100 chosen, 200 calls on one generator seeded \
             17: call {i} returned row {}, the documented draw gives row {}\n    \
             the draw: weights D² to the nearest chosen row, one u = rng.gen_range(0.0..total), \
             the first row whose running sum of weights is > u{diagnosis}",
            got[i], expected[i]
        ));
    }
}

#[test]
fn when_every_weight_is_0_next_centroid_returns_0_without_drawing() {
    let x = array![[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]];
    let chosen = array![[1.0, 1.0]];
    let mut generator = rng(3);
    let what = "next_centroid with every row on the chosen centroid (total weight 0)";
    let got = catch_panic(what, || {
        kmeans_plus_plus::next_centroid(x.view(), chosen.view(), &mut generator)
    })
    .unwrap_or_else(|message| {
        fail(format!(
            "{what}: your code panicked: {message}\n    likely mistake: with a total weight of \
             0 there is nothing to draw from (gen_range(0.0..0.0) is an empty range): return \
             Ok(0) before drawing, as the doc's step 2 says"
        ))
    });
    let got = ok(what, got);
    require(got == 0, || {
        format!(
            "next_centroid with every row on the chosen centroid (total weight 0): expected row 0, got {got}"
        )
    });
    require(generator.r#gen::<u64>() == rng(3).r#gen::<u64>(), || {
        "next_centroid with total weight 0 used the generator: return 0 without drawing (the \
         doc's step 2 comes before the draw), so the draws after it are the documented ones"
            .to_string()
    });
}

#[test]
fn next_centroid_checks_the_shapes() {
    let x = array![[0.0, 0.0], [1.0, 1.0]];
    require_error(
        "next_centroid with chosen centroids of 3 columns for data with 2",
        call!(kmeans_plus_plus::next_centroid(
            x.view(),
            array![[0.0, 0.0, 0.0]].view(),
            &mut rng(0)
        )),
        &ClusteringError::FeatureMismatch {
            data: 2,
            centroids: 3,
        },
        "distances between rows of different lengths mean nothing: check chosen.ncols() == x.ncols()",
        &[],
    );
    require_error(
        "next_centroid with no chosen centroid (a 0 x 3 array)",
        call!(kmeans_plus_plus::next_centroid(
            x.view(),
            Array2::zeros((0, 3)).view(),
            &mut rng(0)
        )),
        &ClusteringError::NoClusters,
        "D(x) is the distance to the nearest chosen centroid: there must be one",
        &[(
            ClusteringError::FeatureMismatch {
                data: 2,
                centroids: 3,
            },
            "no chosen centroid is checked first (NoClusters), then the columns",
        )],
    );
}

#[test]
fn plus_plus_init_follows_the_documented_procedure() {
    let x = datasets::iris().features;
    for seed in 0..10 {
        let got = call_ok!(kmeans_plus_plus::plus_plus_init(
            x.view(),
            4,
            &mut rng(seed)
        ));
        let replay = |first: First, draw: Draw| {
            x.select(
                Axis(0),
                &grader_init(x.view(), 4, &mut rng(seed), first, draw),
            )
        };
        let expected = replay(First::Uniform, Draw::Documented);
        if got == expected {
            continue;
        }
        let diagnosis = FIRST_MISTAKES
            .iter()
            .map(|&(first, why)| (first, Draw::Documented, why))
            .chain(
                DRAW_MISTAKES
                    .iter()
                    .map(|&(draw, why)| (First::Uniform, draw, why)),
            )
            .find(|&(first, draw, _)| replay(first, draw) == got)
            .map_or(String::new(), |(_, _, why)| {
                format!("\n    likely mistake: {why}")
            });
        let row_of = |centroid: ndarray::ArrayView1<f64>| {
            (0..x.nrows())
                .find(|&i| x.row(i) == centroid)
                .map_or("not a row of iris".to_string(), |i| format!("row {i}"))
        };
        let got_rows: Vec<String> = got.rows().into_iter().map(row_of).collect();
        let expected_rows: Vec<String> = expected.rows().into_iter().map(row_of).collect();
        fail(format!(
            "k-means++ seeding of iris with k = 4 from a generator seeded {seed}: expected \
             {expected_rows:?}, got {got_rows:?}\n    \
             the procedure: the first row is rng.gen_range(0..n), then each next one is \
             next_centroid(x, chosen, rng)?{diagnosis}"
        ));
    }
}

#[test]
fn plus_plus_init_checks_its_input_in_order() {
    let x = array![[0.0, 0.0], [1.0, 1.0]];
    let nan = array![[0.0, f64::NAN], [1.0, 1.0]];
    let nan_error = ClusteringError::NonFinite {
        what: "data",
        row: 0,
        column: 1,
        value: f64::NAN,
    };
    let first = "check_data(x)? comes first, before the checks of k";
    /// (what, data, k, the expected error, [(a mistake's error, what it reveals)])
    type Case<'a> = (
        &'a str,
        Array2<f64>,
        usize,
        ClusteringError,
        Vec<(ClusteringError, &'a str)>,
    );
    let cases: [Case; 5] = [
        ("k = 0", x.clone(), 0, ClusteringError::NoClusters, vec![]),
        (
            "k = 3 for 2 rows",
            x.clone(),
            3,
            ClusteringError::TooManyClusters { k: 3, n: 2 },
            vec![(
                ClusteringError::TooManyClusters { k: 2, n: 3 },
                "k and n are swapped",
            )],
        ),
        (
            "a NaN in the data",
            nan.clone(),
            1,
            nan_error.clone(),
            vec![],
        ),
        (
            "no rows and k = 0 (two faults: the data comes first)",
            Array2::zeros((0, 2)),
            0,
            ClusteringError::Empty,
            vec![(ClusteringError::NoClusters, first)],
        ),
        (
            "a NaN in the data and k = 3 for 2 rows (two faults: the data comes first)",
            nan,
            3,
            nan_error,
            vec![(ClusteringError::TooManyClusters { k: 3, n: 2 }, first)],
        ),
    ];
    for (what, data, k, expected, wrong) in cases {
        require_error(
            &format!("plus_plus_init with {what}"),
            call!(kmeans_plus_plus::plus_plus_init(
                data.view(),
                k,
                &mut rng(0)
            )),
            &expected,
            "the doc comment lists the checks in order",
            &wrong,
        );
    }
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

/// Every restart, replayed: one generator from the seed (or, for `seeds`, one generator
/// per restart from these seeds), the grader's own k-means++ seeding, and the course's
/// Lloyd (another exercise) with the given settings.
fn replay_restarts(
    x: ArrayView2<f64>,
    params: &KMeansParams,
    seeds: Option<&dyn Fn(usize) -> u64>,
) -> Vec<KMeansFit> {
    let mut generator = rng(params.seed);
    (0..params.n_init)
        .map(|restart| {
            if let Some(seed_of) = seeds {
                generator = rng(seed_of(restart));
            }
            let rows = grader_init(
                x,
                params.k,
                &mut generator,
                First::Uniform,
                Draw::Documented,
            );
            let init = x.select(Axis(0), &rows);
            mlings::reference::kmeans::lloyd(x, init.view(), &params.lloyd)
                .expect("valid k-means input")
        })
        .collect()
}

/// The first restart with the lowest inertia (the documented choice).
fn best_of(restarts: &[KMeansFit]) -> &KMeansFit {
    let mut best = &restarts[0];
    for fit in restarts {
        if fit.inertia < best.inertia {
            best = fit;
        }
    }
    best
}

fn short(fit: &KMeansFit) -> String {
    let labels: Vec<usize> = fit.labels.iter().take(8).copied().collect();
    format!(
        "inertia {}, first labels {labels:?}, {} iterations",
        fit.inertia, fit.iterations
    )
}

#[test]
fn restarts_keep_the_lowest_inertia() {
    let x = eight_blobs();
    let params = KMeansParams::new(8).n_init(10).seed(2);
    let restarts = replay_restarts(x.view(), &params, None);
    let inertias: Vec<f64> = restarts.iter().map(|f| f.inertia).collect();
    let lowest = best_of(&restarts).inertia;
    let highest = inertias.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    assert!(
        lowest < highest,
        "the test data should give restarts of different inertia"
    );
    let fit = call_ok!(kmeans_plus_plus::kmeans_plus_plus(x.view(), &params));
    if Tolerance::rel(1e-9).accepts(fit.inertia, lowest) {
        return;
    }
    let seed_plus_restart = |r: usize| params.seed + r as u64;
    let per_restart_seeds = best_of(&replay_restarts(
        x.view(),
        &params,
        Some(&seed_plus_restart),
    ))
    .inertia;
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
    if inertias[0] != lowest {
        check = check.mistake(
            inertias[0],
            "that is the first restart's inertia: either you kept the first run, or every restart \
             re-created the generator from the seed (create it once, before the loop)",
        );
    }
    if inertias[9] != lowest {
        check = check.mistake(
            inertias[9],
            "you kept the last restart: keep the one with the lowest inertia",
        );
    }
    if per_restart_seeds != lowest {
        check = check.mistake(
            per_restart_seeds,
            "you seeded a generator per restart (seed + restart?): use one generator, created \
             once from params.seed before the restarts, that every restart draws from in turn",
        );
    }
    check.assert();
}

#[test]
fn equal_inertia_restarts_keep_the_first() {
    // Two far-apart pairs: almost every seeding ends in the same partition, with the same
    // inertia, but the cluster numbers depend on which pair was drawn first. Find a seed
    // where the equally best restarts number their clusters differently.
    let x = array![[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]];
    let (params, restarts) = (0..100)
        .map(|seed| {
            let params = KMeansParams::new(2).n_init(6).seed(seed);
            (params, replay_restarts(x.view(), &params, None))
        })
        .find(|(_, restarts)| {
            let best = best_of(restarts);
            let last_best = restarts.iter().rev().find(|f| f.inertia == best.inertia);
            last_best.is_some_and(|last| last.labels != best.labels)
        })
        .expect("some seed gives equally good restarts with different cluster numbers");
    let best = best_of(&restarts);
    let last_best = restarts
        .iter()
        .rev()
        .find(|f| f.inertia == best.inertia)
        .expect("the best restart itself has the best inertia");
    let fit = call_ok!(kmeans_plus_plus::kmeans_plus_plus(x.view(), &params));
    require(
        fit.labels == best.labels && fit.centroids == best.centroids,
        || {
            let hint = if fit.labels == last_best.labels {
                "\n    likely mistake: on a tie, the earlier run is kept: replace the best only when \
             the inertia is strictly lower (<, not <=)"
            } else {
                ""
            };
            format!(
                "kmeans_plus_plus on two far-apart pairs (k = 2, 6 restarts, seed {}): several \
             restarts reach the best inertia {} with different cluster numbers\n    \
             expected the first of them: {}\n    got: {}{hint}",
                params.seed,
                best.inertia,
                short(best),
                short(&fit)
            )
        },
    );
}

#[test]
fn every_restart_runs_lloyd_with_params_lloyd() {
    // One Lloyd iteration per restart: the result is the documented run with that cap.
    let x = eight_blobs();
    let params = KMeansParams::new(8)
        .n_init(4)
        .seed(5)
        .lloyd(LloydParams::new().max_iterations(1));
    let expected = replay_restarts(x.view(), &params, None);
    let expected = best_of(&expected);
    let fit = call_ok!(kmeans_plus_plus::kmeans_plus_plus(x.view(), &params));
    require(fit == *expected, || {
        let defaults = replay_restarts(x.view(), &params.lloyd(LloydParams::new()), None);
        let defaults = best_of(&defaults);
        let hint = if fit == *defaults {
            "\n    likely mistake: Lloyd ran with its default settings: pass params.lloyd to lloyd"
        } else {
            ""
        };
        format!(
            "kmeans_plus_plus with LloydParams::new().max_iterations(1) (eight blobs, k = 8, 4 \
             restarts, seed 5)\n    expected: {}\n    got:      {}{hint}",
            short(expected),
            short(&fit)
        )
    });
}

#[test]
fn exactly_n_init_restarts_run() {
    // A seed whose best restart is the last one: one restart fewer misses it.
    let x = eight_blobs();
    let (params, restarts) = (0..100)
        .map(|seed| {
            let params = KMeansParams::new(8).n_init(4).seed(seed);
            (params, replay_restarts(x.view(), &params, None))
        })
        .find(|(_, restarts)| {
            restarts[..3]
                .iter()
                .all(|f| f.inertia > restarts[3].inertia)
        })
        .expect("some seed has its best restart last");
    let fit = call_ok!(kmeans_plus_plus::kmeans_plus_plus(x.view(), &params));
    let fewer = best_of(&restarts[..3]);
    expect(
        format!(
            "inertia of kmeans_plus_plus (eight blobs, k = 8, 4 restarts, seed {}; the best \
             restart is the 4th)",
            params.seed
        ),
        fit.inertia,
        restarts[3].inertia,
    )
    .tol(Tolerance::rel(1e-9))
    .no_generic_diagnosis()
    .mistake(
        fewer.inertia,
        "that is the best of the first 3 restarts: run exactly n_init restarts (0..n_init)",
    )
    .assert();
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
    require_error(
        "kmeans_plus_plus with k = 0 on no rows (two faults: the parameters come first)",
        call!(kmeans_plus_plus::kmeans_plus_plus(
            Array2::zeros((0, 2)).view(),
            &KMeansParams::new(0)
        )),
        &ClusteringError::NoClusters,
        "k = 0 is invalid whatever the data",
        &[(
            ClusteringError::Empty,
            "call params.validate()? first, before anything looks at the data",
        )],
    );
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
