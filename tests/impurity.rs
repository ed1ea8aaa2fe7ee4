//! Grader of exercises/08_trees/impurity.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/08_trees/impurity.rs"]
mod impurity;
#[cfg(feature = "solutions")]
use mlings::reference::impurity;

mod trees_support;
use mlings::grade::catch_panic;
use trees_support::cart::{entropy as bits, gini as gini_of};

use mlings::grade::{Tolerance, expect, expect_err, fail, require};
use mlings::types::impurity::{Criterion, ImpurityError};
use mlings::types::labels::MAX_CLASSES;
use mlings::{call, call_ok};
use ndarray::{Array1, array};

#[test]
fn class_counts_by_hand() {
    for (labels, n_classes, expected) in [
        (vec![0, 2, 2, 1, 2], 3, vec![1, 1, 3]),
        (vec![1, 1], 3, vec![0, 2, 0]),
        (vec![], 2, vec![0, 0]),
    ] {
        let y = Array1::from(labels.clone());
        let got = call_ok!(impurity::class_counts(y.view(), n_classes));
        if got == expected {
            continue;
        }
        let mut report = format!(
            "class_counts({labels:?}, {n_classes}): expected {expected:?} (one count per class), \
             got {got:?}"
        );
        if got.len() < n_classes && expected.starts_with(&got) {
            report.push_str(&format!(
                "\n    likely mistake: you sized the counts by the labels seen; there must be \
                 n_classes = {n_classes} entries, 0 for the classes that never occur"
            ));
        }
        fail(report);
    }
}

#[test]
fn class_counts_reports_the_first_label_out_of_range() {
    // A label equal to n_classes is out of range too (the classes are 0..n_classes).
    let what = "class_counts([2, 3], 3)";
    match catch_panic(what, || impurity::class_counts(array![2, 3].view(), 3)) {
        Err(panic) => {
            let no_check = catch_panic("class_counts([0, 9], 3)", || {
                impurity::class_counts(array![0, 9].view(), 3)
            })
            .is_err();
            fail(format!(
                "{what} panicked ({panic}): label 3 with 3 classes must be \
                 Err(LabelOutOfRange {{ row: 1, label: 3, n_classes: 3 }})\n    likely mistake: {}",
                if no_check {
                    "no range check at all (label 9 panics too): return LabelOutOfRange for the \
                     first label >= n_classes"
                } else {
                    "a label equal to n_classes let through (`label > n_classes` where the \
                     classes are 0..n_classes - 1: test `label >= n_classes`)"
                }
            ))
        }
        Ok(Ok(counts)) => fail(format!(
            "{what}: expected Err(LabelOutOfRange {{ row: 1, label: 3, n_classes: 3 }}), got \
             Ok({counts:?})\n    likely mistake: a label equal to n_classes let through \
             (`label > n_classes`; the classes are 0..n_classes - 1)"
        )),
        Ok(Err(error)) => require(
            error
                == ImpurityError::LabelOutOfRange {
                    row: 1,
                    label: 3,
                    n_classes: 3,
                },
            || {
                format!(
                    "{what}: expected LabelOutOfRange {{ row: 1, label: 3, n_classes: 3 }}, got \
                     {error:?}{}",
                    if matches!(error, ImpurityError::LabelOutOfRange { row: 2, .. }) {
                        "\n    likely mistake: you counted rows from 1: `row` is the 0-based \
                         position in `labels`"
                    } else {
                        ""
                    }
                )
            },
        ),
    }

    let error = expect_err(
        "class_counts([0, 3, 1, 5], 3)",
        "labels 3 and 5 are not among the 3 classes 0, 1, 2",
        call!(impurity::class_counts(array![0, 3, 1, 5].view(), 3)),
    );
    let expected = ImpurityError::LabelOutOfRange {
        row: 1,
        label: 3,
        n_classes: 3,
    };
    if error != expected {
        let why = match error {
            ImpurityError::LabelOutOfRange {
                row: 2, label: 3, ..
            } => {
                "\n    likely mistake: you counted rows from 1: `row` is the 0-based position \
                 in `labels`"
            }
            ImpurityError::LabelOutOfRange {
                row: 3, label: 5, ..
            } => {
                "\n    likely mistake: you reported the last label out of range: report the \
                 first label that is not below n_classes"
            }
            _ => "",
        };
        fail(format!(
            "class_counts([0, 3, 1, 5], 3): expected {expected:?}, got {error:?}{why}"
        ));
    }
}

#[test]
fn class_counts_refuses_more_classes_than_max_classes() {
    let too_many = MAX_CLASSES + 1;
    let what = format!("class_counts([0, 1], {too_many})");
    let got = catch_panic(&what, || {
        impurity::class_counts(array![0, 1].view(), too_many)
    });
    let not_checked = format!(
        "\n    likely mistake: no check on n_classes: return Err(TooManyClasses {{ n_classes }}) \
         before allocating anything when n_classes > MAX_CLASSES ({MAX_CLASSES}); a label \
         column of IDs (say 1 << 40) would otherwise ask for terabytes of counts"
    );
    match got {
        Err(panic) => fail(format!("{what} panicked ({panic}){not_checked}")),
        Ok(Ok(counts)) => fail(format!(
            "{what}: expected Err(TooManyClasses {{ n_classes: {too_many} }}), got Ok with {} \
             counts{not_checked}",
            counts.len()
        )),
        Ok(Err(error)) => require(
            error
                == ImpurityError::TooManyClasses {
                    n_classes: too_many,
                },
            || {
                format!(
                    "{what}: expected TooManyClasses {{ n_classes: {too_many} }}, got {error:?}"
                )
            },
        ),
    }
    // Both faults at once: TooManyClasses is checked first.
    let label = MAX_CLASSES + 7;
    let what = format!("class_counts([0, {label}], {too_many})");
    let got = call!(impurity::class_counts(array![0, label].view(), too_many));
    match got {
        Err(ImpurityError::TooManyClasses { n_classes }) if n_classes == too_many => {}
        Err(error @ ImpurityError::LabelOutOfRange { .. }) => fail(format!(
            "{what}: expected TooManyClasses {{ n_classes: {too_many} }}, got {error:?}\n    \
             likely mistake: you checked the labels before n_classes: the doc checks \
             TooManyClasses first (before looking at any label or allocating)"
        )),
        other => fail(format!(
            "{what}: expected Err(TooManyClasses {{ n_classes: {too_many} }}), got {}",
            match other {
                Ok(counts) => format!("Ok with {} counts", counts.len()),
                Err(e) => format!("{e:?}"),
            }
        )),
    }
    // An ID read as a label (1 << 40) and usize::MAX classes: an error, not an allocation
    // of terabytes (safe to ask now: a code without the check failed just above).
    for huge in [1usize << 40, usize::MAX] {
        let what = format!("class_counts([0], {huge})");
        match catch_panic(&what, || impurity::class_counts(array![0].view(), huge)) {
            Ok(Err(ImpurityError::TooManyClasses { n_classes })) if n_classes == huge => {}
            Err(panic) => fail(format!("{what} panicked ({panic}){not_checked}")),
            Ok(other) => fail(format!(
                "{what}: expected Err(TooManyClasses {{ n_classes: {huge} }}), got {:?}",
                other.map(|c| c.len())
            )),
        }
    }
    // Exactly MAX_CLASSES classes are allowed.
    let last = MAX_CLASSES - 1;
    let got = call_ok!(impurity::class_counts(array![last, 0].view(), MAX_CLASSES));
    require(
        got.len() == MAX_CLASSES && got[last] == 1 && got[0] == 1,
        || {
            format!(
                "class_counts([{last}, 0], {MAX_CLASSES}): expected {MAX_CLASSES} counts with \
                 1 at 0 and at {last} (MAX_CLASSES classes are allowed; only more is an error)"
            )
        },
    );
}

/// Gini computed with integer shares (c / n in usize), the likely mistake's value.
fn gini_with_integer_shares(counts: &[usize]) -> f64 {
    let n: usize = counts.iter().sum();
    1.0 - counts
        .iter()
        .map(|&c| ((c / n) as f64).powi(2))
        .sum::<f64>()
}

#[test]
fn gini_of_pure_even_and_skewed_nodes() {
    for (counts, expected, why) in [
        (vec![5, 0], 0.0, "a pure node is not impure at all"),
        (vec![0, 0, 7], 0.0, "a pure node is not impure at all"),
        (vec![3, 3], 0.5, "two even classes: 1 − (½² + ½²)"),
        (vec![2, 2, 2], 2.0 / 3.0, "three even classes: 1 − 3·(⅓)²"),
        (vec![3, 1], 0.375, "1 − (0.75² + 0.25²)"),
        (vec![1, 1, 3], 0.56, "1 − (0.2² + 0.2² + 0.6²)"),
    ] {
        let got = call_ok!(impurity::gini(&counts));
        let squared_counts = 1.0 - counts.iter().map(|&c| (c * c) as f64).sum::<f64>();
        let k = counts.len() as f64;
        let by_classes = 1.0 - counts.iter().map(|&c| (c as f64 / k).powi(2)).sum::<f64>();
        let integer = gini_with_integer_shares(&counts);
        let mut check = expect(format!("gini({counts:?}) ({why})"), got, expected)
            .tol(Tolerance::abs(1e-12))
            .no_generic_diagnosis();
        if integer != expected {
            check = check.mistake(
                integer,
                "integer division: count / n on usize is 0 for every class but a pure one; \
                 convert to f64 before dividing (c as f64 / n as f64)",
            );
        }
        if expected != 0.5 {
            check = check.mistake(
                1.0 - expected,
                "you returned Σ pₖ² (the chance two samples agree): Gini is 1 − Σ pₖ²",
            );
        }
        check
            .mistake(
                by_classes,
                "you divided the counts by the number of classes: pₖ = countₖ / n, with n the \
                 number of samples (the sum of the counts)",
            )
            .mistake(
                squared_counts,
                "you squared the counts: square the proportions pₖ = countₖ / n",
            )
            .assert();
    }
}

#[test]
fn entropy_in_bits() {
    for (counts, expected, why) in [
        (
            vec![4, 0],
            0.0,
            "a pure node needs no question; the empty class adds 0",
        ),
        (
            vec![0, 3, 3],
            1.0,
            "two even classes and an empty one: one yes/no question",
        ),
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
        // ½·1 + ¼·2 + ¼·2 = 1.5
        (vec![2, 1, 1], 1.5, "½·log₂ 2 + ¼·log₂ 4 + ¼·log₂ 4"),
    ] {
        let got = call_ok!(impurity::entropy(&counts));
        if got.is_nan() && counts.contains(&0) {
            fail(format!(
                "entropy({counts:?}) ({why}): expected {expected}, got NaN\n    likely mistake: \
                 a class with count 0 computes 0 · log₂ 0 = 0 · (−∞) = NaN: skip the classes \
                 with count 0 (p · log p → 0 as p → 0)"
            ));
        }
        let k = counts.len() as f64;
        let mut check = expect(format!("entropy({counts:?}) ({why})"), got, expected)
            .tol(Tolerance::abs(1e-12))
            .no_generic_diagnosis()
            .mistake_factor(
                std::f64::consts::LN_2,
                "you used the natural log (ln, nats): entropy in bits uses log₂ (f64::log2)",
            )
            .mistake_factor(
                -1.0,
                "the minus sign is missing: H = −Σ pₖ log₂ pₖ (log₂ of a share is negative)",
            )
            .mistake_factor(
                std::f64::consts::LOG10_2,
                "you used log₁₀: entropy in bits uses log₂ (f64::log2)",
            );
        let n: usize = counts.iter().sum();
        let without_ones: f64 = counts
            .iter()
            .filter(|&&c| c > 1)
            .map(|&c| c as f64 / n as f64)
            .map(|p| -p * p.log2())
            .sum();
        if counts.contains(&1) {
            check = check.mistake(
                without_ones,
                "you skipped the classes with count 1 too: skip only those with count 0",
            );
        }
        if k > 2.0 {
            check = check.mistake_factor(
                1.0 / k.log2(),
                "you divided by log₂ of the number of classes (a normalized entropy): the \
                 entropy in bits is −Σ pₖ log₂ pₖ, not scaled",
            );
        }
        check.assert();
    }
}

#[test]
fn impurity_of_nothing_is_an_error() {
    for (name, result) in [
        (
            "gini(&[0, 0])",
            catch_panic("gini(&[0, 0])", || impurity::gini(&[0, 0])),
        ),
        (
            "entropy(&[0, 0])",
            catch_panic("entropy(&[0, 0])", || impurity::entropy(&[0, 0])),
        ),
        (
            "gini(&[])",
            catch_panic("gini(&[])", || impurity::gini(&[])),
        ),
        (
            "entropy(&[])",
            catch_panic("entropy(&[])", || impurity::entropy(&[])),
        ),
    ] {
        let rule = "counts that add up to 0 have no proportions (0 / 0): return \
                    Err(ImpurityError::Empty)";
        match result {
            Ok(Err(ImpurityError::Empty)) => {}
            Ok(Err(error)) => fail(format!("{name}: expected Err(Empty), got {error:?}")),
            Ok(Ok(value)) if value.is_nan() && name.contains("0, 0") => fail(format!(
                "{name}: expected Err(Empty), got Ok(NaN)\n    likely mistake: you tested for \
                 an empty slice only, but [0, 0] is empty too: {rule}"
            )),
            Ok(Ok(value)) => fail(format!(
                "{name}: expected Err(Empty), got Ok({value}): {rule}"
            )),
            Err(panic) => fail(format!("{name} panicked ({panic}): {rule}")),
        }
    }
}

#[test]
fn impurity_follows_the_criterion() {
    let gini = call_ok!(impurity::impurity(&[3, 1], Criterion::Gini));
    expect("impurity([3, 1], Criterion::Gini)", gini, 0.375)
        .tol(Tolerance::abs(1e-12))
        .no_generic_diagnosis()
        .mistake(
            0.811_278_124_459_132_9,
            "that is the entropy: Criterion::Gini asks for the Gini impurity",
        )
        .assert();
    let entropy = call_ok!(impurity::impurity(&[3, 1], Criterion::Entropy));
    expect(
        "impurity([3, 1], Criterion::Entropy)",
        entropy,
        0.811_278_124_459_132_9,
    )
    .tol(Tolerance::abs(1e-12))
    .no_generic_diagnosis()
    .mistake(
        0.375,
        "that is the Gini impurity: Criterion::Entropy asks for the entropy",
    )
    .assert();
}

/// The decrease and the values of its likely mistakes, from the grader's own impurities.
fn decrease_check(left: &[usize], right: &[usize], criterion: Criterion, got: f64, what: &str) {
    let i = |c: &[usize]| match criterion {
        Criterion::Gini => gini_of(c),
        Criterion::Entropy => bits(c),
    };
    let parent: Vec<usize> = left.iter().zip(right).map(|(l, r)| l + r).collect();
    let (nl, nr) = (
        left.iter().sum::<usize>() as f64,
        right.iter().sum::<usize>() as f64,
    );
    let n = nl + nr;
    let (il, ir, ip) = (i(left), i(right), i(&parent));
    let expected = ip - nl / n * il - nr / n * ir;
    let k = (left.len() + right.len()) as f64;
    let (other, other_name) = match criterion {
        Criterion::Gini => (
            bits as fn(&[usize]) -> f64,
            "the entropy decrease: Criterion::Gini asks for Gini",
        ),
        Criterion::Entropy => (
            gini_of as fn(&[usize]) -> f64,
            "the Gini decrease: Criterion::Entropy asks for the entropy",
        ),
    };
    let other_decrease = other(&parent) - nl / n * other(left) - nr / n * other(right);
    let mistakes = [
        (other_decrease, other_name),
        (
            expected / ip,
            "you divided the decrease by the parent's impurity (a relative gain): the doc's ΔI \
             is the plain difference",
        ),
        (
            ip - nl / k * il - nr / k * ir,
            "you divided by the number of classes (left.len() + right.len()): the weights are \
             n_left / n and n_right / n, with n the number of samples (the sum of the counts)",
        ),
        (
            ip - (il + ir) / 2.0,
            "you averaged the two children without weights: weight each child's impurity by \
             its share of the samples, n_child / n",
        ),
        (
            ip - il - ir,
            "you subtracted both children's impurities in full, without weights: weight each \
             by n_child / n",
        ),
        (
            ip - nr / n * il - nl / n * ir,
            "you swapped the weights: the left child's impurity is weighted by n_left / n, the \
             right one's by n_right / n",
        ),
        (
            nl / n * il + nr / n * ir,
            "you returned the children's weighted impurity, not the decrease: subtract it from \
             the parent's impurity",
        ),
        (
            nl / n * il + nr / n * ir - ip,
            "the sign is flipped: it is I(parent) minus the children's weighted impurity",
        ),
    ];
    let mut check = expect(what, got, expected)
        .tol(Tolerance::abs(1e-12))
        .no_generic_diagnosis();
    for (wrong, why) in mistakes {
        if (wrong - expected).abs() > 1e-9 {
            check = check.mistake(wrong, why);
        }
    }
    check.assert();
}

#[test]
fn impurity_decrease_weights_each_child_by_its_size() {
    // Left [3, 0], right [1, 4], parent [4, 4], n = 8.
    // Gini: 0.5 − (3/8)·0 − (5/8)·(1 − 0.04 − 0.64) = 0.5 − 0.2 = 0.3 (hand-worked).
    let got = call_ok!(impurity::impurity_decrease(
        &[3, 0],
        &[1, 4],
        Criterion::Gini
    ));
    let what = "Gini decrease of the split [3, 0] | [1, 4] (0.5 − (5/8)·0.32 = 0.3)";
    decrease_check(&[3, 0], &[1, 4], Criterion::Gini, got, what);
    expect(what, got, 0.3)
        .tol(Tolerance::abs(1e-12))
        .no_generic_diagnosis()
        .assert();
    for (left, right) in [
        (vec![3, 0], vec![1, 4]),
        (vec![1, 0, 2], vec![4, 3, 0]),
        (vec![0, 5, 1], vec![2, 0, 0]),
    ] {
        for criterion in [Criterion::Gini, Criterion::Entropy] {
            let got = call_ok!(impurity::impurity_decrease(&left, &right, criterion));
            decrease_check(
                &left,
                &right,
                criterion,
                got,
                &format!("{criterion:?} decrease of {left:?} | {right:?}"),
            );
        }
    }
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
    .no_generic_diagnosis()
    .mistake(
        0.0,
        "you returned the children's weighted impurity (0 for pure children), not the \
             decrease: subtract it from the parent's impurity",
    )
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
                    if got < -1e-12 {
                        decrease_check(
                            &left,
                            &right,
                            criterion,
                            got,
                            &format!(
                                "{criterion:?} decrease of {left:?} | {right:?} (never negative: \
                                 a split never makes a node more impure on average)"
                            ),
                        );
                    }
                }
            }
        }
    }
}

#[track_caller]
fn expect_error(what: &str, got: Result<f64, ImpurityError>, expected: ImpurityError, why: &str) {
    match got {
        Err(error) if error == expected => {}
        Err(ImpurityError::Empty) if matches!(expected, ImpurityError::EmptySide { .. }) => {
            fail(format!(
                "{what}: expected {expected:?}, got Empty\n    likely mistake: an empty side is one \
             whose counts add up to 0 (not an empty slice): check the sums and return EmptySide"
            ))
        }
        Err(error) => fail(format!("{what}: expected {expected:?}, got {error:?}{why}")),
        Ok(value) => fail(format!(
            "{what}: expected Err({expected:?}), got Ok({value})"
        )),
    }
}

#[test]
fn impurity_decrease_rejects_non_splits() {
    let got = call!(impurity::impurity_decrease(
        &[1, 2],
        &[3, 2, 1],
        Criterion::Gini
    ));
    let swapped = matches!(
        got,
        Err(ImpurityError::ClassCountMismatch { left: 3, right: 2 })
    );
    expect_error(
        "impurity_decrease(&[1, 2], &[3, 2, 1], Gini)",
        got,
        ImpurityError::ClassCountMismatch { left: 2, right: 3 },
        if swapped {
            "\n    likely mistake: you swapped the two lengths: `left` is the length of the left \
             side's counts"
        } else {
            ""
        },
    );
    expect_error(
        "impurity_decrease(&[0, 0], &[3, 2], Gini)",
        call!(impurity::impurity_decrease(
            &[0, 0],
            &[3, 2],
            Criterion::Gini
        )),
        ImpurityError::EmptySide { side: "left" },
        "",
    );
    expect_error(
        "impurity_decrease(&[1, 2], &[0, 0], Entropy)",
        call!(impurity::impurity_decrease(
            &[1, 2],
            &[0, 0],
            Criterion::Entropy
        )),
        ImpurityError::EmptySide { side: "right" },
        "",
    );
}

#[test]
fn impurity_decrease_checks_its_errors_in_order() {
    // Different class counts and an empty side at once: ClassCountMismatch first.
    let got = call!(impurity::impurity_decrease(
        &[0, 0],
        &[1, 1, 1],
        Criterion::Gini
    ));
    let why = if matches!(got, Err(ImpurityError::EmptySide { .. })) {
        "\n    likely mistake: you checked the empty sides first: the doc checks \
         ClassCountMismatch first, then the left side, then the right"
    } else {
        ""
    };
    expect_error(
        "impurity_decrease(&[0, 0], &[1, 1, 1], Gini)",
        got,
        ImpurityError::ClassCountMismatch { left: 2, right: 3 },
        why,
    );
    // Both sides empty: the left side first.
    let got = call!(impurity::impurity_decrease(
        &[0, 0],
        &[0, 0],
        Criterion::Gini
    ));
    let why = if got == Err(ImpurityError::EmptySide { side: "right" }) {
        "\n    likely mistake: you checked the right side first: check the left side first"
    } else {
        ""
    };
    expect_error(
        "impurity_decrease(&[0, 0], &[0, 0], Gini)",
        got,
        ImpurityError::EmptySide { side: "left" },
        why,
    );
}
