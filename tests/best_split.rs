//! Grader of exercises/05_trees/best_split.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/05_trees/best_split.rs"]
mod best_split;
#[cfg(feature = "solutions")]
use mlings::reference::best_split;

use mlings::grade::{Tolerance, expect, expect_err, require};
use mlings::types::best_split::{Split, SplitError};
use mlings::types::impurity::Criterion::{self, Entropy, Gini};
use mlings::{call, call_ok, datasets};
use ndarray::{Array1, ArrayView1, array};

/// Calls the learner's best_split and fails unless it found a split.
fn split_of(
    what: &str,
    x: ArrayView1<f64>,
    y: ArrayView1<usize>,
    n_classes: usize,
    criterion: Criterion,
    min_samples_leaf: usize,
) -> Split {
    let found = call_ok!(best_split::best_split(
        x,
        y,
        n_classes,
        criterion,
        min_samples_leaf
    ));
    found.unwrap_or_else(|| {
        mlings::grade::fail(format!(
            "{what}: expected a split, got None\n    \
             there are distinct values with samples on both sides"
        ))
    })
}

/// The six samples of the worked example, in shuffled order: sorted by value the
/// classes are 0 0 1 0 1 1.
fn six_points() -> (Array1<f64>, Array1<usize>) {
    (
        array![4.0, 1.0, 6.0, 2.0, 5.0, 3.0],
        array![0, 0, 1, 0, 1, 1],
    )
}

#[test]
fn six_points_by_hand() {
    // Worked in the exercise's doc comment: thresholds 2.5 and 4.5 both leave a weighted
    // child Gini of 0.25 (decrease 0.5 − 0.25 = 0.25); the smaller threshold wins.
    let (x, y) = six_points();
    let split = split_of(
        "best Gini split of the six points",
        x.view(),
        y.view(),
        2,
        Gini,
        1,
    );
    expect(
        "threshold of the best Gini split of the six points",
        split.threshold,
        2.5,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake(
        2.0,
        "the threshold sits on a data value: put it at the midpoint (a + b) / 2 between \
             the last value on the left and the first on the right",
    )
    .mistake(
        4.5,
        "2.5 and 4.5 tie: ties go to the smallest threshold (replace the best only when \
             a candidate is strictly better)",
    )
    .no_generic_diagnosis()
    .assert();
    expect(
        "impurity decrease of that split",
        split.impurity_decrease,
        0.25,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake(
        0.3125,
        "impurity not weighted by child size: you averaged the two children's Gini \
             (0 and 0.375); weight each by n_child / n",
    )
    .mistake(
        0.125,
        "impurity not weighted by child size: weight each child's Gini by n_child / n",
    )
    .assert();
    require((split.n_left, split.n_right) == (2, 4), || {
        format!(
            "x <= 2.5 sends 2 samples left and 4 right; you report n_left = {}, n_right = {}",
            split.n_left, split.n_right
        )
    });
}

#[test]
fn six_points_with_entropy() {
    // Threshold 2.5: left [2, 0] (0 bits), right [1, 3] (H(¼) = 0.811278 bits), so the
    // decrease is 1 − (4/6)·0.811278 = 0.459148. Threshold 4.5 ties; 1.5 gives 0.190875.
    let (x, y) = six_points();
    let split = split_of(
        "best entropy split of the six points",
        x.view(),
        y.view(),
        2,
        Entropy,
        1,
    );
    let h = -(0.25f64 * 0.25f64.log2() + 0.75 * 0.75f64.log2());
    expect("threshold of the best entropy split", split.threshold, 2.5)
        .tol(Tolerance::abs(1e-12))
        .mistake(
            4.5,
            "2.5 and 4.5 tie: ties go to the smallest threshold (replace the best only when \
             a candidate is strictly better)",
        )
        .no_generic_diagnosis()
        .assert();
    expect(
        "information gain of that split",
        split.impurity_decrease,
        1.0 - 4.0 / 6.0 * h,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake(
        1.0 - 0.5 * h,
        "impurity not weighted by child size: weight each child by n_child / n",
    )
    .mistake(
        0.25,
        "that is the Gini decrease: use the criterion you are given",
    )
    .assert();
}

#[test]
fn equal_values_stay_on_one_side() {
    // Values 1 2 2 3 with classes 0 0 1 1: the two samples at 2 must go the same way.
    // Legal cuts: 1.5 (left [1, 0], right [1, 2]: decrease 1/6) and 2.5 (left [2, 1],
    // right [0, 1]: also 1/6); the smaller wins. Cutting between the two 2s would claim a
    // perfect split (decrease 0.5) that no threshold can make.
    let x = array![1.0, 2.0, 2.0, 3.0];
    let y = array![0, 0, 1, 1];
    let split = split_of(
        "best split of values [1, 2, 2, 3]",
        x.view(),
        y.view(),
        2,
        Gini,
        1,
    );
    let equal_points_message = "thresholds taken at a data value that puts equal points on both \
        sides: the two samples with value 2 answer `x <= t` the same way, so only cut where \
        the next value is different";
    expect(
        "threshold for values [1, 2, 2, 3], classes [0, 0, 1, 1]",
        split.threshold,
        1.5,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake(2.0, equal_points_message)
    .mistake(
        1.0,
        "the threshold sits on a data value: put it at the midpoint (a + b) / 2",
    )
    .mistake(
        2.5,
        "1.5 and 2.5 tie: ties go to the smallest threshold (replace the best only when \
         a candidate is strictly better)",
    )
    .no_generic_diagnosis()
    .assert();
    expect(
        "decrease for values [1, 2, 2, 3]",
        split.impurity_decrease,
        1.0 / 6.0,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake(0.5, equal_points_message)
    .assert();
}

#[test]
fn no_split_when_nothing_can_be_cut() {
    let cases: [(&str, Array1<f64>, Array1<usize>); 3] = [
        (
            "a constant feature [7, 7, 7, 7]",
            array![7.0, 7.0, 7.0, 7.0],
            array![0, 1, 0, 1],
        ),
        ("a single sample", array![3.0], array![1]),
        ("no sample at all", array![], array![]),
    ];
    for (what, x, y) in cases {
        let found = call_ok!(best_split::best_split(x.view(), y.view(), 2, Gini, 1));
        require(found.is_none(), || {
            format!(
                "best split of {what}: expected None (there is no threshold between two \
                 distinct values), got {found:?}"
            )
        });
    }
}

#[test]
fn min_samples_leaf_limits_the_thresholds() {
    // With at least 3 samples per side only 3.5 is allowed: both sides [2, 1] | [1, 2],
    // weighted Gini 4/9, decrease 0.5 − 4/9 = 1/18.
    let (x, y) = six_points();
    let split = split_of(
        "best split with min_samples_leaf 3",
        x.view(),
        y.view(),
        2,
        Gini,
        3,
    );
    expect("threshold with min_samples_leaf 3", split.threshold, 3.5)
        .tol(Tolerance::abs(1e-12))
        .mistake(2.5, "each side must keep at least min_samples_leaf samples")
        .no_generic_diagnosis()
        .assert();
    expect(
        "decrease with min_samples_leaf 3",
        split.impurity_decrease,
        1.0 / 18.0,
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
    let found = call_ok!(best_split::best_split(x.view(), y.view(), 2, Gini, 4));
    require(found.is_none(), || {
        format!(
            "six samples cannot keep 4 on each side: expected None with min_samples_leaf 4, \
             got {found:?}"
        )
    });
}

#[test]
fn iris_petal_length_separates_setosa() {
    // Setosa petals are at most 1.9 cm long, the others at least 3.0: the cut at 2.45
    // isolates the 50 setosa, leaving [0, 50, 50] (Gini 0.5) on the right.
    // Decrease: 2/3 − (100/150)·0.5 = 1/3.
    let iris = datasets::iris();
    let labels = iris.class_labels().expect("iris has class labels");
    let petal_length = iris.features.column(2);
    let split = split_of(
        "best split of iris petal length",
        petal_length,
        labels.view(),
        3,
        Gini,
        1,
    );
    expect("iris petal length threshold", split.threshold, 2.45)
        .tol(Tolerance::abs(1e-9))
        .mistake(1.9, "the threshold sits on a data value: use the midpoint")
        .mistake(3.0, "the threshold sits on a data value: use the midpoint")
        .no_generic_diagnosis()
        .assert();
    expect(
        "iris petal length decrease",
        split.impurity_decrease,
        1.0 / 3.0,
    )
    .tol(Tolerance::abs(1e-9))
    .assert();
}

/// The best split by brute force: every midpoint between distinct values, classes
/// counted from scratch on both sides (O(n²), fine for a check on 178 samples).
fn brute_force(x: ArrayView1<f64>, y: ArrayView1<usize>, n_classes: usize) -> Option<(f64, f64)> {
    let gini = |rows: &[usize]| {
        let mut counts = vec![0.0; n_classes];
        rows.iter().for_each(|&i| counts[y[i]] += 1.0);
        let n = rows.len() as f64;
        1.0 - counts.iter().map(|c| (c / n) * (c / n)).sum::<f64>()
    };
    let all: Vec<usize> = (0..x.len()).collect();
    let mut values: Vec<f64> = x.to_vec();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let mut best: Option<(f64, f64)> = None;
    for pair in values.windows(2) {
        let threshold = (pair[0] + pair[1]) / 2.0;
        let (left, right): (Vec<usize>, Vec<usize>) = all.iter().partition(|&&i| x[i] <= threshold);
        let n = x.len() as f64;
        let decrease = gini(&all)
            - left.len() as f64 / n * gini(&left)
            - right.len() as f64 / n * gini(&right);
        if best.is_none_or(|(_, top)| decrease > top + 1e-12) {
            best = Some((threshold, decrease));
        }
    }
    best
}

#[test]
fn every_wine_feature_matches_an_exhaustive_search() {
    let wine = datasets::wine();
    let labels = wine.class_labels().expect("wine has class labels");
    for (j, name) in wine.feature_names.iter().enumerate() {
        let column = wine.features.column(j);
        let (threshold, decrease) =
            brute_force(column, labels.view(), 3).expect("every wine feature varies");
        let split = split_of(
            &format!("best split of wine {name:?}"),
            column,
            labels.view(),
            3,
            Gini,
            1,
        );
        expect(
            format!("best Gini decrease on wine {name:?} (exhaustive search)"),
            split.impurity_decrease,
            decrease,
        )
        .tol(Tolerance::abs(1e-9))
        .no_generic_diagnosis()
        .assert();
        expect(
            format!("best threshold on wine {name:?} (exhaustive search)"),
            split.threshold,
            threshold,
        )
        .tol(Tolerance::abs(1e-9))
        .no_generic_diagnosis()
        .assert();
    }
}

#[test]
fn the_order_of_the_samples_does_not_matter() {
    let wine = datasets::wine();
    let labels = wine.class_labels().expect("wine has class labels");
    let column = wine.features.column(6);
    let forward = split_of(
        "best split of wine flavanoids",
        column,
        labels.view(),
        3,
        Gini,
        1,
    );
    let reversed_x: Array1<f64> = column.iter().rev().copied().collect();
    let reversed_y: Array1<usize> = labels.iter().rev().copied().collect();
    let backward = split_of(
        "best split of wine flavanoids, rows reversed",
        reversed_x.view(),
        reversed_y.view(),
        3,
        Gini,
        1,
    );
    require(forward == backward, || {
        format!(
            "the same samples in reverse order gave a different split:\n    in order: \
             {forward:?}\n    reversed: {backward:?}\n    sort the (value, label) pairs \
             together before sweeping"
        )
    });
}

#[test]
fn bad_input_is_an_error() {
    let error = expect_err(
        "best_split of 3 values and 2 labels",
        "there must be one label per value",
        call!(best_split::best_split(
            array![1.0, 2.0, 3.0].view(),
            array![0, 1].view(),
            2,
            Gini,
            1
        )),
    );
    require(
        error
            == SplitError::LengthMismatch {
                values: 3,
                targets: 2,
            },
        || format!("expected LengthMismatch {{ values: 3, targets: 2 }}, got {error:?}"),
    );
    let error = expect_err(
        "best_split of [1, NaN, 3]",
        "NaN has no place in a sorted order",
        call!(best_split::best_split(
            array![1.0, f64::NAN, 3.0].view(),
            array![0, 1, 1].view(),
            2,
            Gini,
            1
        )),
    );
    require(
        matches!(error, SplitError::NonFinite { index: 1, .. }),
        || format!("expected NonFinite {{ what: \"feature value\", index: 1, .. }}, got {error:?}"),
    );
    let error = expect_err(
        "best_split with label 2 among 2 classes",
        "labels must be below n_classes",
        call!(best_split::best_split(
            array![1.0, 2.0].view(),
            array![0, 2].view(),
            2,
            Gini,
            1
        )),
    );
    require(
        error
            == SplitError::LabelOutOfRange {
                index: 1,
                label: 2,
                n_classes: 2,
            },
        || {
            format!(
                "expected LabelOutOfRange {{ index: 1, label: 2, n_classes: 2 }}, got {error:?}"
            )
        },
    );
}
