//! Grader of exercises/08_trees/best_split.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/08_trees/best_split.rs"]
mod best_split;
#[cfg(feature = "solutions")]
use mlings::reference::best_split;

mod trees_support;
use mlings::grade::catch_panic;
use trees_support::cart::{Targets, entropy, gini, judge_split, with_diagnosis};

use mlings::grade::{fail, require};
use mlings::types::best_split::{Split, SplitError};
use mlings::types::impurity::Criterion::{self, Entropy, Gini};
use mlings::{call, call_ok, datasets};
use ndarray::{Array1, array};

fn counts(y: &[usize], n_classes: usize, rows: &[usize]) -> Vec<usize> {
    let mut c = vec![0; n_classes];
    rows.iter().for_each(|&r| c[y[r]] += 1);
    c
}

/// The decreases the likely mistakes would report for the split `left` | `right`.
fn mistakes(
    y: &[usize],
    n_classes: usize,
    criterion: Criterion,
) -> impl Fn(&[usize], &[usize]) -> Vec<(f64, String)> {
    let y = y.to_vec();
    move |left, right| {
        let all: Vec<usize> = left.iter().chain(right).copied().collect();
        let (pc, lc, rc) = (
            counts(&y, n_classes, &all),
            counts(&y, n_classes, left),
            counts(&y, n_classes, right),
        );
        let (nl, nr) = (left.len() as f64, right.len() as f64);
        let n = nl + nr;
        let mut out = Vec::new();
        for (score, name, other) in [
            (
                gini as fn(&[usize]) -> f64,
                Gini,
                "the Gini decrease: Criterion::Entropy asks for the entropy",
            ),
            (
                entropy,
                Entropy,
                "the entropy decrease: Criterion::Gini asks for the Gini impurity",
            ),
        ] {
            let (p, l, r) = (score(&pc), score(&lc), score(&rc));
            if name == criterion {
                out.push((
                    p - (l + r) / 2.0,
                    "you averaged the two children without weights: weight each child's \
                     impurity by its share of the samples, n_child / n"
                        .to_string(),
                ));
                out.push((
                    p - l - r,
                    "you subtracted both children's impurities in full, without weights: weight \
                     each by n_child / n"
                        .to_string(),
                ));
                out.push((
                    p - nr / n * l - nl / n * r,
                    "you swapped the weights of the two sides".to_string(),
                ));
                out.push((
                    (p - nl / n * l - nr / n * r) / p,
                    "you divided the decrease by the node's impurity (a relative gain): the \
                     decrease is the plain difference"
                        .to_string(),
                ));
                if name == Entropy {
                    out.push((
                        (p - nl / n * l - nr / n * r) * std::f64::consts::LN_2,
                        "that is the entropy decrease in nats: you used the natural log (ln); \
                         entropy in bits uses log₂"
                            .to_string(),
                    ));
                }
            } else {
                out.push((p - nl / n * l - nr / n * r, format!("that is {other}")));
            }
        }
        out
    }
}

/// Calls the learner's best_split on (x, y) and judges it against the grader's own
/// search; also on the samples sorted by value, to tell an unsorted sweep apart.
fn check(
    what: &str,
    x: &[f64],
    y: &[usize],
    n_classes: usize,
    criterion: Criterion,
    min_samples_leaf: usize,
) {
    let (xa, ya) = (Array1::from(x.to_vec()), Array1::from(y.to_vec()));
    let got = call_ok!(best_split::best_split(
        xa.view(),
        ya.view(),
        n_classes,
        criterion,
        min_samples_leaf
    ));
    let what = format!("{what} ({criterion:?}, min_samples_leaf {min_samples_leaf})");
    let judge = |x: &[f64], y: &[usize], got| {
        let m = mistakes(y, n_classes, criterion);
        judge_split(
            &what,
            x,
            Targets::Classes {
                y,
                n_classes,
                entropy: criterion == Entropy,
            },
            min_samples_leaf,
            got,
            &m,
        )
    };
    if let Err(report) = judge(x, y, got) {
        let mut order: Vec<usize> = (0..x.len()).collect();
        order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
        let (xs, ys): (Vec<f64>, Vec<usize>) = order.iter().map(|&i| (x[i], y[i])).unzip();
        let sorted_got = call_ok!(best_split::best_split(
            Array1::from(xs.clone()).view(),
            Array1::from(ys.clone()).view(),
            n_classes,
            criterion,
            min_samples_leaf
        ));
        if order.windows(2).any(|w| w[0] > w[1]) && judge(&xs, &ys, sorted_got).is_ok() {
            fail(with_diagnosis(
                &report,
                "the same samples sorted by value give the right split, so your sweep assumes \
                 sorted input: sort the (value, label) pairs together first",
            ));
        }
        fail(report);
    }
}

/// The six samples of the worked example, in shuffled order: sorted by value the
/// classes are 0 0 1 0 1 1.
const SIX_X: [f64; 6] = [4.0, 1.0, 6.0, 2.0, 5.0, 3.0];
const SIX_Y: [usize; 6] = [0, 0, 1, 0, 1, 1];

#[test]
fn six_points_by_hand() {
    // Worked in the exercise's doc comment: thresholds 2.5 and 4.5 both leave a weighted
    // child Gini of 0.25 (decrease 0.25); the smaller threshold wins.
    check("best split of the six points", &SIX_X, &SIX_Y, 2, Gini, 1);
    let got = call_ok!(best_split::best_split(
        array![4.0, 1.0, 6.0, 2.0, 5.0, 3.0].view(),
        array![0, 0, 1, 0, 1, 1].view(),
        2,
        Gini,
        1
    ));
    let hand = Split {
        threshold: 2.5,
        impurity_decrease: 0.25,
        n_left: 2,
        n_right: 4,
    };
    require(
        got.is_some_and(|s| {
            (s.threshold - 2.5).abs() < 1e-12
                && (s.impurity_decrease - 0.25).abs() < 1e-12
                && (s.n_left, s.n_right) == (2, 4)
        }),
        || {
            format!(
                "best split of the six points: expected {hand:?} (worked in the doc), got {got:?}"
            )
        },
    );
}

#[test]
fn six_points_with_entropy() {
    // Threshold 2.5: left [2, 0] (0 bits), right [1, 3] (0.811278 bits): decrease
    // 1 − (4/6)·0.811278 = 0.459148; threshold 4.5 ties.
    check(
        "best split of the six points",
        &SIX_X,
        &SIX_Y,
        2,
        Entropy,
        1,
    );
    let got = call_ok!(best_split::best_split(
        array![4.0, 1.0, 6.0, 2.0, 5.0, 3.0].view(),
        array![0, 0, 1, 0, 1, 1].view(),
        2,
        Entropy,
        1
    ));
    let h = -(0.25f64 * 0.25f64.log2() + 0.75 * 0.75f64.log2());
    require(
        got.is_some_and(|s| {
            (s.threshold - 2.5).abs() < 1e-12
                && (s.impurity_decrease - (1.0 - 4.0 / 6.0 * h)).abs() < 1e-12
        }),
        || {
            format!(
                "best entropy split of the six points: expected threshold 2.5, decrease {}, got {got:?}",
                1.0 - 4.0 / 6.0 * h
            )
        },
    );
}

#[test]
fn equal_values_stay_on_one_side() {
    // Values 1 2 2 3 with classes 0 0 1 1: the two samples at 2 must go the same way.
    // Legal cuts: 1.5 and 2.5 (both decrease 1/6); the smaller wins. Cutting between
    // the two 2s would claim a perfect split that no threshold can make.
    check(
        "best split of values [1, 2, 2, 3], classes [0, 0, 1, 1]",
        &[1.0, 2.0, 2.0, 3.0],
        &[0, 0, 1, 1],
        2,
        Gini,
        1,
    );
    check(
        "best split of values [5, 5, 5, 9, 9], classes [0, 0, 1, 1, 1]",
        &[5.0, 9.0, 5.0, 9.0, 5.0],
        &[0, 1, 0, 1, 1],
        2,
        Gini,
        1,
    );
}

#[test]
fn no_split_when_nothing_can_be_cut() {
    for (what, x, y) in [
        (
            "a constant feature [7, 7, 7, 7]",
            vec![7.0; 4],
            vec![0, 1, 0, 1],
        ),
        ("a single sample", vec![3.0], vec![1]),
        (
            "two samples [2, 1], classes [1, 0]",
            vec![2.0, 1.0],
            vec![1, 0],
        ),
        (
            "two samples [1, 1], classes [1, 0]",
            vec![1.0, 1.0],
            vec![1, 0],
        ),
        ("no sample at all", vec![], vec![]),
    ] {
        check(&format!("best split of {what}"), &x, &y, 2, Gini, 1);
    }
    // Six samples cannot keep 4 on each side.
    check("best split of the six points", &SIX_X, &SIX_Y, 2, Gini, 4);
}

#[test]
fn a_decrease_of_zero_still_counts() {
    // XOR on one feature: values 0 0 1 1, classes 0 1 1 0. The only cut, 0.5, leaves
    // [1, 1] | [1, 1]: decrease 0, but it is a split (a tree needs it to reach the XOR).
    for criterion in [Gini, Entropy] {
        check(
            "best split of values [0, 0, 1, 1], classes [0, 1, 1, 0]",
            &[0.0, 1.0, 0.0, 1.0],
            &[0, 1, 1, 0],
            2,
            criterion,
            1,
        );
    }
    let got = call_ok!(best_split::best_split(
        array![0.0, 1.0, 0.0, 1.0].view(),
        array![0, 1, 1, 0].view(),
        2,
        Gini,
        1
    ));
    require(
        got.is_some_and(|s| {
            s.threshold == 0.5 && s.impurity_decrease.abs() < 1e-12 && s.n_left == 2
        }),
        || {
            format!(
                "XOR values [0, 1, 0, 1], classes [0, 1, 1, 0]: expected Some(threshold 0.5, decrease 0, 2 | 2), got {got:?}"
            )
        },
    );
}

#[test]
fn min_samples_leaf_limits_the_thresholds() {
    // 0 acts like 1; 2 allows 2.5 (exactly 2 on the left); 3 allows only 3.5.
    for min_samples_leaf in [0, 1, 2, 3] {
        check(
            "best split of the six points",
            &SIX_X,
            &SIX_Y,
            2,
            Gini,
            min_samples_leaf,
        );
    }
    // A best cut near the right end: values 1..8, classes 0 0 0 0 0 0 1 1. With
    // min_samples_leaf 3, the cut at 6.5 leaves 2 on the right: 5.5 wins.
    let x: Vec<f64> = (1..=8).map(f64::from).collect();
    let y = [0, 0, 0, 0, 0, 0, 1, 1];
    for min_samples_leaf in [2, 3] {
        check(
            "best split of 1..8, classes 0 0 0 0 0 0 1 1",
            &x,
            &y,
            2,
            Gini,
            min_samples_leaf,
        );
    }
    let x: Vec<f64> = x.iter().rev().copied().collect();
    let y = [1, 1, 0, 0, 0, 0, 0, 0];
    check(
        "best split of 8..1, classes 1 1 0 0 0 0 0 0",
        &x,
        &y,
        2,
        Gini,
        3,
    );
}

#[test]
fn iris_petal_length_separates_setosa() {
    // Setosa petals are at most 1.9 cm long, the others at least 3.0: the cut at 2.45
    // isolates the 50 setosa (decrease 2/3 − (100/150)·0.5 = 1/3).
    let iris = datasets::iris();
    let labels = iris.class_labels().expect("iris has class labels");
    let petal_length = iris.features.column(2).to_vec();
    check(
        "best split of iris petal length",
        &petal_length,
        labels.as_slice().unwrap(),
        3,
        Gini,
        1,
    );
    let got = call_ok!(best_split::best_split(
        iris.features.column(2),
        labels.view(),
        3,
        Gini,
        1
    ));
    require(
        got.is_some_and(|s| {
            (s.threshold - 2.45).abs() < 1e-9 && (s.impurity_decrease - 1.0 / 3.0).abs() < 1e-9
        }),
        || {
            format!(
                "best split of iris petal length: expected threshold 2.45, decrease 1/3, got {got:?}"
            )
        },
    );
}

#[test]
fn every_wine_feature_matches_an_independent_search() {
    let wine = datasets::wine();
    let labels = wine.class_labels().expect("wine has class labels");
    let y = labels.as_slice().unwrap();
    for (j, name) in wine.feature_names.iter().enumerate() {
        let column = wine.features.column(j).to_vec();
        for (criterion, min_samples_leaf) in [(Gini, 1), (Entropy, 1), (Gini, 20)] {
            check(
                &format!("best split of wine {name:?}"),
                &column,
                y,
                3,
                criterion,
                min_samples_leaf,
            );
        }
    }
}

#[test]
fn the_order_of_the_samples_does_not_matter() {
    let wine = datasets::wine();
    let labels = wine.class_labels().expect("wine has class labels");
    let x: Vec<f64> = wine.features.column(6).iter().rev().copied().collect();
    let y: Vec<usize> = labels.iter().rev().copied().collect();
    check(
        "best split of wine flavanoids, rows reversed",
        &x,
        &y,
        3,
        Gini,
        1,
    );
}

#[track_caller]
fn expect_error(
    what: &str,
    got: Result<Option<Split>, SplitError>,
    expected: SplitError,
    why: &str,
) {
    match got {
        Err(error) if error == expected || (format!("{error:?}") == format!("{expected:?}")) => {}
        Err(error) => fail(format!("{what}: expected {expected:?}, got {error:?}{why}")),
        Ok(value) => fail(format!(
            "{what}: expected Err({expected:?}), got Ok({value:?}){why}"
        )),
    }
}

#[test]
fn bad_input_is_an_error() {
    let got = call!(best_split::best_split(
        array![1.0, 2.0, 3.0].view(),
        array![0, 1].view(),
        2,
        Gini,
        1
    ));
    let why = if matches!(
        got,
        Err(SplitError::LengthMismatch {
            values: 2,
            targets: 3
        })
    ) {
        "\n    likely mistake: the two lengths are swapped: `values` is x's length"
    } else {
        ""
    };
    expect_error(
        "best_split of 3 values and 2 labels",
        got,
        SplitError::LengthMismatch {
            values: 3,
            targets: 2,
        },
        why,
    );
    for (x, index, value) in [
        (array![1.0, f64::NAN, 3.0], 1, f64::NAN),
        (array![1.0, f64::INFINITY, 3.0], 1, f64::INFINITY),
        (array![1.0, 2.0, f64::NEG_INFINITY], 2, f64::NEG_INFINITY),
        (array![f64::INFINITY, f64::NAN, 3.0], 0, f64::INFINITY),
    ] {
        let got = call!(best_split::best_split(
            x.view(),
            array![0, 1, 1].view(),
            2,
            Gini,
            1
        ));
        let why = if value.is_infinite() && got.is_ok() {
            "\n    likely mistake: you rejected NaN only: an infinite value is not finite either \
             (use f64::is_finite)"
        } else if index == 0 && matches!(got, Err(SplitError::NonFinite { index: 1, .. })) {
            "\n    likely mistake: you reported the last non-finite value: report the first"
        } else {
            ""
        };
        expect_error(
            &format!("best_split of {x}"),
            got,
            SplitError::NonFinite {
                what: "feature value",
                index,
                value,
            },
            why,
        );
    }
    let what = "best_split with labels [0, 2, 3] among 2 classes";
    match catch_panic(what, || {
        best_split::best_split(
            array![1.0, 2.0, 3.0].view(),
            array![0, 2, 3].view(),
            2,
            Gini,
            1,
        )
    }) {
        Err(panic) => {
            let no_check = catch_panic("best_split with label 9 among 2 classes", || {
                best_split::best_split(array![1.0, 2.0].view(), array![0, 9].view(), 2, Gini, 1)
            })
            .is_err();
            fail(format!(
                "{what} panicked ({panic}): expected Err(LabelOutOfRange {{ index: 1, label: 2, \
                 n_classes: 2 }})\n    likely mistake: {}",
                if no_check {
                    "no range check at all (label 9 panics too): return LabelOutOfRange for the \
                     first label >= n_classes"
                } else {
                    "a label equal to n_classes let through (`label > n_classes`; the classes \
                     are 0..n_classes - 1)"
                }
            ))
        }
        Ok(got) => {
            let why = if matches!(
                got,
                Err(SplitError::LabelOutOfRange {
                    index: 2,
                    label: 2,
                    ..
                })
            ) {
                "\n    likely mistake: you counted from 1: `index` is the 0-based position in y"
            } else {
                ""
            };
            expect_error(
                what,
                got,
                SplitError::LabelOutOfRange {
                    index: 1,
                    label: 2,
                    n_classes: 2,
                },
                why,
            )
        }
    }
}

#[test]
fn errors_are_checked_in_order() {
    // A length mismatch with a NaN: LengthMismatch first.
    let got = call!(best_split::best_split(
        array![f64::NAN, 1.0].view(),
        array![0].view(),
        2,
        Gini,
        1
    ));
    expect_error(
        "best_split of [NaN, 1] with 1 label",
        got,
        SplitError::LengthMismatch {
            values: 2,
            targets: 1,
        },
        "\n    the doc checks LengthMismatch first",
    );
    // A NaN and a bad label: NonFinite first.
    let what = "best_split of [1, NaN] with labels [5, 0] among 2 classes";
    let got = catch_panic(what, || {
        best_split::best_split(
            array![1.0, f64::NAN].view(),
            array![5, 0].view(),
            2,
            Gini,
            1,
        )
    })
    .unwrap_or_else(|panic| fail(format!("{what} panicked ({panic})")));
    let why = if matches!(got, Err(SplitError::LabelOutOfRange { .. })) {
        "\n    likely mistake: you checked the labels first: the doc checks NonFinite before \
         LabelOutOfRange"
    } else {
        ""
    };
    expect_error(
        what,
        got,
        SplitError::NonFinite {
            what: "feature value",
            index: 1,
            value: f64::NAN,
        },
        why,
    );
}
