//! Grader of exercises/05_trees/impurity.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/05_trees/impurity.rs"]
mod impurity;
#[cfg(feature = "solutions")]
use mlings::reference::impurity;

use mlings::grade::{Tolerance, expect, expect_err, require};
use mlings::types::impurity::{Criterion, ImpurityError};
use mlings::{call, call_ok};
use ndarray::array;

#[test]
fn class_counts_by_hand() {
    let got = call_ok!(impurity::class_counts(array![0, 2, 2, 1, 2].view(), 3));
    require(got == [1, 1, 3], || {
        format!("class_counts([0, 2, 2, 1, 2], 3): expected [1, 1, 3], got {got:?}")
    });
    let got = call_ok!(impurity::class_counts(array![1, 1].view(), 3));
    require(got == [0, 2, 0], || {
        format!(
            "class_counts([1, 1], 3): expected [0, 2, 0] (one entry per class, even for \
             classes that never occur), got {got:?}"
        )
    });
    let error = expect_err(
        "class_counts([0, 3, 1], 3)",
        "label 3 is not one of the 3 classes 0, 1, 2",
        call!(impurity::class_counts(array![0, 3, 1].view(), 3)),
    );
    require(
        error
            == ImpurityError::LabelOutOfRange {
                row: 1,
                label: 3,
                n_classes: 3,
            },
        || format!("expected LabelOutOfRange {{ row: 1, label: 3, n_classes: 3 }}, got {error:?}"),
    );
}

#[test]
fn gini_of_pure_even_and_skewed_nodes() {
    for (counts, expected, why) in [
        (vec![5, 0], 0.0, "a pure node is not impure at all"),
        (vec![0, 0, 7], 0.0, "a pure node is not impure at all"),
        (vec![3, 3], 0.5, "two even classes: 1 − (½² + ½²)"),
        (vec![2, 2, 2], 2.0 / 3.0, "three even classes: 1 − 3·(⅓)²"),
    ] {
        let got = call_ok!(impurity::gini(&counts));
        expect(format!("gini({counts:?}) ({why})"), got, expected)
            .tol(Tolerance::abs(1e-12))
            .mistake(
                1.0 - expected,
                "you returned Σ pₖ² (the chance two samples agree): Gini is 1 − Σ pₖ²",
            )
            .assert();
    }
    // [3, 1]: p = (0.75, 0.25), 1 − (0.5625 + 0.0625) = 0.375.
    let got = call_ok!(impurity::gini(&[3, 1]));
    expect("gini([3, 1])", got, 0.375)
        .tol(Tolerance::abs(1e-12))
        .mistake(
            0.625,
            "you returned Σ pₖ² (the chance two samples agree): Gini is 1 − Σ pₖ²",
        )
        .mistake(
            -9.0,
            "you squared the counts: square the proportions pₖ = countₖ / n",
        )
        .assert();
}

#[test]
fn entropy_in_bits() {
    for (counts, expected, why) in [
        (vec![4, 0], 0.0, "a pure node needs no question"),
        (vec![3, 3], 1.0, "two even classes: one yes/no question"),
        (
            vec![1, 1, 1, 1],
            2.0,
            "four even classes: two yes/no questions",
        ),
        // −(0.75·log₂ 0.75 + 0.25·log₂ 0.25) = 0.75·0.415037… + 0.25·2 = 0.811278…
        (
            vec![3, 1],
            0.811_278_124_459_132_9,
            "−(0.75 log₂ 0.75 + 0.25 log₂ 0.25)",
        ),
    ] {
        let got = call_ok!(impurity::entropy(&counts));
        expect(format!("entropy({counts:?}) ({why})"), got, expected)
            .tol(Tolerance::abs(1e-12))
            .mistake_factor(
                std::f64::consts::LN_2,
                "you used the natural log (nats): entropy in bits uses log₂ (f64::log2)",
            )
            .mistake_factor(
                -1.0,
                "the sign is flipped: H = −Σ pₖ log₂ pₖ (log₂ of a share is negative)",
            )
            .assert();
    }
}

#[test]
fn impurity_of_nothing_is_an_error() {
    for (name, result) in [
        ("gini(&[0, 0])", call!(impurity::gini(&[0, 0]))),
        ("entropy(&[0, 0])", call!(impurity::entropy(&[0, 0]))),
        ("gini(&[])", call!(impurity::gini(&[]))),
    ] {
        let error = expect_err(
            name,
            "no samples means no proportions (0 / 0): return Err(ImpurityError::Empty)",
            result,
        );
        require(error == ImpurityError::Empty, || {
            format!("{name}: expected ImpurityError::Empty, got {error:?}")
        });
    }
}

#[test]
fn impurity_follows_the_criterion() {
    let gini = call_ok!(impurity::impurity(&[3, 1], Criterion::Gini));
    expect("impurity([3, 1], Gini)", gini, 0.375)
        .tol(Tolerance::abs(1e-12))
        .mistake(
            0.811_278_124_459_132_9,
            "that is the entropy: Gini was asked",
        )
        .assert();
    let entropy = call_ok!(impurity::impurity(&[3, 1], Criterion::Entropy));
    expect(
        "impurity([3, 1], Entropy)",
        entropy,
        0.811_278_124_459_132_9,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake(0.375, "that is the Gini impurity: entropy was asked")
    .assert();
}

#[test]
fn impurity_decrease_weights_each_child_by_its_size() {
    // Left [3, 0], right [1, 4], parent [4, 4], n = 8.
    // Gini: 0.5 − (3/8)·0 − (5/8)·(1 − 0.04 − 0.64) = 0.5 − 0.2 = 0.3.
    let got = call_ok!(impurity::impurity_decrease(
        &[3, 0],
        &[1, 4],
        Criterion::Gini
    ));
    expect("Gini decrease of the split [3, 0] | [1, 4]", got, 0.3)
        .tol(Tolerance::abs(1e-12))
        .mistake(
            0.34,
            "impurity not weighted by child size: you averaged the children's impurities; \
             weight each by n_child / n",
        )
        .mistake(
            0.18,
            "impurity not weighted by child size: you subtracted both children's impurities \
             in full; weight each by n_child / n",
        )
        .mistake(
            -0.3,
            "the sign is flipped: it is I(parent) minus the children's weighted impurity",
        )
        .assert();
    // Entropy: 1 − (5/8)·H(0.2, 0.8) = 1 − 0.625·0.721928… = 0.548794…
    let h_right = -(0.2f64 * 0.2f64.log2() + 0.8 * 0.8f64.log2());
    let got = call_ok!(impurity::impurity_decrease(
        &[3, 0],
        &[1, 4],
        Criterion::Entropy
    ));
    expect(
        "entropy decrease (information gain) of the split [3, 0] | [1, 4]",
        got,
        1.0 - 0.625 * h_right,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake(
        1.0 - 0.5 * h_right,
        "impurity not weighted by child size: you averaged the children's entropies; \
         weight each by n_child / n",
    )
    .mistake(
        1.0 - h_right,
        "impurity not weighted by child size: weight each child's entropy by n_child / n",
    )
    .assert();
}

#[test]
fn perfect_and_useless_splits() {
    // A split into pure children removes all of the parent's impurity.
    let got = call_ok!(impurity::impurity_decrease(
        &[4, 0],
        &[0, 4],
        Criterion::Gini
    ));
    expect(
        "Gini decrease of the perfect split [4, 0] | [0, 4]",
        got,
        0.5,
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
    // Children with the parent's class proportions have learned nothing.
    let got = call_ok!(impurity::impurity_decrease(
        &[2, 1],
        &[4, 2],
        Criterion::Gini
    ));
    expect(
        "Gini decrease of [2, 1] | [4, 2] (both children keep the parent's 2 : 1 mix)",
        got,
        0.0,
    )
    .tol(Tolerance::abs(1e-12))
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn no_split_increases_impurity() {
    // Every way to cut a node with counts [4, 3, 2] in two non-empty sides.
    for criterion in [Criterion::Gini, Criterion::Entropy] {
        for a in 0..=4usize {
            for b in 0..=3usize {
                for c in 0..=2usize {
                    let left = [a, b, c];
                    let right = [4 - a, 3 - b, 2 - c];
                    if a + b + c == 0 || a + b + c == 9 {
                        continue;
                    }
                    let got = call_ok!(impurity::impurity_decrease(&left, &right, criterion));
                    require(got >= -1e-12, || {
                        format!(
                            "{criterion:?} decrease of {left:?} | {right:?} is {got}: a split \
                             never makes a node more impure on average (weight each child by \
                             its share of the samples)"
                        )
                    });
                }
            }
        }
    }
}

#[test]
fn impurity_decrease_rejects_non_splits() {
    let error = expect_err(
        "impurity_decrease(&[0, 0], &[3, 2], Gini)",
        "the left side is empty: that is not a split",
        call!(impurity::impurity_decrease(
            &[0, 0],
            &[3, 2],
            Criterion::Gini
        )),
    );
    require(error == ImpurityError::EmptySide { side: "left" }, || {
        format!("expected EmptySide {{ side: \"left\" }}, got {error:?}")
    });
    let error = expect_err(
        "impurity_decrease(&[1, 2], &[3, 2, 1], Gini)",
        "the sides count 2 and 3 classes",
        call!(impurity::impurity_decrease(
            &[1, 2],
            &[3, 2, 1],
            Criterion::Gini
        )),
    );
    require(
        error == ImpurityError::ClassCountMismatch { left: 2, right: 3 },
        || format!("expected ClassCountMismatch {{ left: 2, right: 3 }}, got {error:?}"),
    );
}
