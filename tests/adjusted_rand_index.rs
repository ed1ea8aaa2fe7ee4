//! Grader of exercises/04_clustering/adjusted_rand_index.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/04_clustering/adjusted_rand_index.rs"]
mod adjusted_rand_index;
#[cfg(feature = "solutions")]
use mlings::reference::adjusted_rand_index;

use linfa::prelude::*;
use linfa_clustering::KMeans;
use mlings::grade::{Tolerance, expect, expect_array, expect_err, require};
use mlings::types::clustering::ClusteringError;
use mlings::{call, call_ok, datasets};
use ndarray::{Array1, array};
use rand::Rng as _;

/// The running example of the exercise: truth [0, 0, 0, 1, 1, 1], predicted [0, 0, 1, 1, 2, 2].
fn example() -> (Array1<usize>, Array1<usize>) {
    (array![0, 0, 0, 1, 1, 1], array![0, 0, 1, 1, 2, 2])
}

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
        .assert();
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
    for (truth, predicted) in [(array![4], array![0]), (array![1, 1, 1], array![0, 0, 0])] {
        let got = call_ok!(adjusted_rand_index::adjusted_rand_index(
            truth.view(),
            predicted.view()
        ));
        expect(format!("ARI of {truth} vs {predicted}"), got, 1.0)
            .tol(Tolerance::abs(1e-12))
            .assert();
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
fn bad_input_is_an_error() {
    let error = expect_err(
        "ARI of 3 truth labels vs 2 predicted labels",
        "the labellings must describe the same samples",
        call!(adjusted_rand_index::adjusted_rand_index(
            array![0, 1, 1].view(),
            array![0, 1].view()
        )),
    );
    let expected = ClusteringError::LengthMismatch {
        what: "predicted labels",
        expected: 3,
        got: 2,
    };
    require(error == expected, || {
        format!("expected {expected:?}, got {error:?}")
    });
    let empty = Array1::<usize>::zeros(0);
    let error = expect_err(
        "Rand index of no samples",
        "there is nothing to compare",
        call!(adjusted_rand_index::rand_index(empty.view(), empty.view())),
    );
    require(error == ClusteringError::Empty, || {
        format!("expected ClusteringError::Empty, got {error:?}")
    });
}
