//! Grader of exercises/04_classification/classification_metrics.rs.
//!
//! (linfa's `ConfusionMatrix` is not used as a reference here: in linfa 0.8.1, with the
//! documented `prediction.confusion_matrix(&truth)`, its binary precision and recall
//! come out swapped compared with scikit-learn, and its multi-class F1 is the harmonic
//! mean of macro precision and macro recall. The expected values below are worked by
//! hand or taken from scikit-learn's documentation.)

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/04_classification/classification_metrics.rs"]
mod classification_metrics;
#[cfg(feature = "solutions")]
use mlings::reference::classification_metrics;

mod regression_support;

use mlings::grade::{
    NOT_ATTEMPTED, Tolerance, Unfinished, attempt, catch_todo, expect, expect_array, require,
};
use mlings::types::classification_metrics::{Average, MetricError};
use mlings::types::labels::MAX_CLASSES;
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, array};
use regression_support::error_of;

/// Runs the learner's `f`; a panic (other than a `todo!()`) fails with what was checked
/// and the likely mistake `hint`, after the panic's own message and location.
#[track_caller]
fn caught<T>(what: &str, hint: &str, f: impl FnOnce() -> T) -> T {
    match catch_todo(f) {
        Ok(value) => value,
        Err(Unfinished::Todo { location }) => mlings::grade::fail(format!(
            "{NOT_ATTEMPTED}: `{what}` is still a todo!(){}.\nReplace the todo!() with your \
             implementation, then grade again.",
            location
                .map(|l| format!(" (the todo!() at {l})"))
                .unwrap_or_default()
        )),
        Err(Unfinished::Panic(payload)) => {
            let text = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            mlings::grade::fail(format!(
                "{what}: your code panicked ({text})\n    likely mistake: {hint}"
            ))
        }
    }
}

/// `LabelOutOfRange` fields, for messages.
fn describe(error: &MetricError) -> String {
    format!("{error:?}")
}

/// A binary case with precision ≠ recall: TP = 3, FP = 2, FN = 1, TN = 4.
fn binary_case() -> (Array1<usize>, Array1<usize>) {
    (
        array![1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
        array![1, 1, 1, 0, 1, 1, 0, 0, 0, 0],
    )
}

/// scikit-learn's documented macro-average example.
fn documented_macro_case() -> (Array1<usize>, Array1<usize>) {
    (array![0, 1, 2, 0, 1, 2], array![0, 2, 1, 0, 0, 1])
}

/// A 3-class case where the mean of per-class F1 differs from the harmonic mean of the
/// macro precision and recall. Per class (TP, predicted, actual): 0: (2, 2, 3),
/// 1: (1, 2, 2), 2: (1, 2, 1).
fn uneven_macro_case() -> (Array1<usize>, Array1<usize>) {
    (array![0, 0, 0, 1, 1, 2], array![0, 0, 1, 1, 2, 2])
}

fn as_f64(matrix: &Array2<usize>) -> Array2<f64> {
    matrix.mapv(|count| count as f64)
}

#[test]
fn accuracy_by_hand() {
    let (y_true, y_pred) = (array![0, 1, 1, 0, 1], array![0, 1, 0, 0, 0]);
    let got = call_ok!(classification_metrics::accuracy(
        y_true.view(),
        y_pred.view()
    ));
    expect("accuracy of 3 right out of 5", got, 0.6)
        .n(5)
        .mistake(
            0.4,
            "you returned the error rate: count the rows where the labels are equal",
        )
        .mistake(
            0.0,
            "integer division: 3 / 5 in usize is 0; convert the counts to f64 before dividing",
        )
        .assert();
}

#[test]
fn confusion_matrix_of_the_documented_example() {
    let y_true = array![2, 0, 2, 2, 0, 1];
    let y_pred = array![0, 0, 2, 2, 0, 2];
    let got = call_ok!(classification_metrics::confusion_matrix(
        y_true.view(),
        y_pred.view(),
        3
    ));
    let expected = array![[2.0, 0.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 2.0]];
    expect_array(
        "confusion matrix of scikit-learn's example",
        &as_f64(&got),
        &expected,
    )
    .mistake_array(
        &expected.t(),
        "the matrix is transposed: rows are TRUE classes, columns PREDICTED classes (C[t][p])",
    )
    .no_generic_diagnosis()
    .assert();
    let error = error_of(
        "confusion_matrix of the same labels with n_classes = 2",
        "LabelOutOfRange { index: 0, label: 2, n_classes: 2 }",
        "label 2 is not one of the classes 0..2; the first row already has it (true label 2)",
        call!(classification_metrics::confusion_matrix(
            y_true.view(),
            y_pred.view(),
            2
        )),
    );
    let wanted = MetricError::LabelOutOfRange {
        index: 0,
        label: 2,
        n_classes: 2,
    };
    require(error == wanted, || {
        format!("expected {wanted:?}, got {error:?}")
    });
}

#[test]
fn binary_precision_recall_and_f1_by_hand() {
    let (y_true, y_pred) = binary_case();
    let positive = Average::Binary { positive: 1 };
    let p = call_ok!(classification_metrics::precision(
        y_true.view(),
        y_pred.view(),
        positive
    ));
    // 5 rows predicted 1, of which 3 are 1.
    expect("precision of class 1 (TP 3, FP 2)", p, 3.0 / 5.0)
        .mistake(
            3.0 / 4.0,
            "that is the recall: precision divides TP by the number PREDICTED positive",
        )
        .mistake(
            7.0 / 5.0,
            "you counted every correct row as a true positive, the true negatives too: true \
             positives are the rows of class positive (the `positive` label) predicted as it",
        )
        .mistake(
            4.0 / 5.0,
            "that is the precision of class 0: use the `positive` class",
        )
        .no_generic_diagnosis()
        .assert();
    let r = call_ok!(classification_metrics::recall(
        y_true.view(),
        y_pred.view(),
        positive
    ));
    // 4 rows are 1, of which 3 were found.
    expect("recall of class 1 (TP 3, FN 1)", r, 3.0 / 4.0)
        .mistake(
            3.0 / 5.0,
            "that is the precision: recall divides TP by the number ACTUALLY positive",
        )
        .mistake(
            4.0 / 6.0,
            "that is the recall of class 0: use the `positive` class",
        )
        .mistake(
            7.0 / 4.0,
            "you counted every correct row as a true positive, the true negatives too: true \
             positives are the rows of class positive (the `positive` label) predicted as it",
        )
        .no_generic_diagnosis()
        .assert();
    let f1 = call_ok!(classification_metrics::f1_score(
        y_true.view(),
        y_pred.view(),
        positive
    ));
    // 2PR / (P + R) = 2 · 0.6 · 0.75 / 1.35 = 2/3 = 2·TP / (2·TP + FP + FN) = 6/9.
    expect("F1 of class 1", f1, 2.0 / 3.0)
        .mistake(
            (0.6 + 0.75) / 2.0,
            "that is the arithmetic mean of precision and recall: F1 is their harmonic mean, \
             2PR / (P + R)",
        )
        .no_generic_diagnosis()
        .assert();
}

#[test]
fn macro_averages_of_the_documented_example() {
    let (y_true, y_pred) = documented_macro_case();
    let average = Average::Macro { n_classes: 3 };
    let p = call_ok!(classification_metrics::precision(
        y_true.view(),
        y_pred.view(),
        average
    ));
    expect("macro precision of scikit-learn's example", p, 2.0 / 9.0)
        .mistake(
            2.0 / 3.0,
            "you returned the precision of class 0 alone: average it with the other classes",
        )
        .assert();
    let r = call_ok!(classification_metrics::recall(
        y_true.view(),
        y_pred.view(),
        average
    ));
    expect("macro recall of scikit-learn's example", r, 1.0 / 3.0).assert();
    let f1 = call_ok!(classification_metrics::f1_score(
        y_true.view(),
        y_pred.view(),
        average
    ));
    expect("macro F1 of scikit-learn's example", f1, 0.8 / 3.0).assert();
}

#[test]
fn macro_f1_averages_the_per_class_f1() {
    let (y_true, y_pred) = uneven_macro_case();
    let average = Average::Macro { n_classes: 3 };
    let f1 = call_ok!(classification_metrics::f1_score(
        y_true.view(),
        y_pred.view(),
        average
    ));
    // F1 per class = 2·TP / (predicted + actual): 4/5, 2/4, 2/3.
    let per_class = [0.8, 0.5, 2.0 / 3.0];
    let expected = per_class.iter().sum::<f64>() / 3.0;
    // Macro precision (1 + ½ + ½)/3 = 2/3, macro recall (2/3 + ½ + 1)/3 = 13/18.
    let (macro_p, macro_r) = (2.0 / 3.0, 13.0 / 18.0);
    expect("macro F1 of the uneven 3-class case", f1, expected)
        .mistake(
            2.0 * macro_p * macro_r / (macro_p + macro_r),
            "you took the harmonic mean of the macro precision and the macro recall: \
             compute F1 for each class, then average those",
        )
        .mistake(
            (3.0 * 0.8 + 2.0 * 0.5 + 2.0 / 3.0) / 6.0,
            "you weighted the classes by their number of rows: a macro average weighs every \
             class the same",
        )
        .mistake(
            4.0 / 6.0,
            "that is the micro average (the accuracy): average the per-class scores instead",
        )
        .assert();
    let p = call_ok!(classification_metrics::precision(
        y_true.view(),
        y_pred.view(),
        average
    ));
    expect("macro precision of the uneven case", p, macro_p).assert();
    let r = call_ok!(classification_metrics::recall(
        y_true.view(),
        y_pred.view(),
        average
    ));
    expect("macro recall of the uneven case", r, macro_r).assert();
}

#[test]
fn a_class_never_predicted_scores_zero_not_nan() {
    // Nothing is predicted as class 1: TP + FP = 0, so precision is 0 by convention;
    // recall is 0 / 1 and F1 is 0.
    let (y_true, y_pred) = (array![0, 1, 0], array![0, 0, 0]);
    let positive = Average::Binary { positive: 1 };
    type Score = fn(ArrayView1<usize>, ArrayView1<usize>, Average) -> Result<f64, MetricError>;
    let scores: [(&str, Score); 3] = [
        ("precision", classification_metrics::precision),
        ("recall", classification_metrics::recall),
        ("f1_score", classification_metrics::f1_score),
    ];
    for (name, score) in scores {
        let got = attempt(&format!("{name}([0, 1, 0], [0, 0, 0], class 1)"), || {
            score(y_true.view(), y_pred.view(), positive)
        });
        let got = mlings::grade::ok(name, got);
        require(got.is_finite(), || {
            format!(
                "{name} of class 1 when nothing is predicted as 1: got {got}; a 0/0 score is 0 \
                 by convention (scikit-learn's), never NaN"
            )
        });
        expect(
            format!("{name} of class 1 when nothing is predicted as 1"),
            got,
            0.0,
        )
        .assert();
    }
}

#[test]
fn a_class_with_no_rows_scores_zero() {
    // No row is of class 1, one is predicted as 1: TP + FN = 0, so recall is 0 by
    // convention; precision is 0 / 1 and F1 2·0 / (1 + 0) = 0.
    let (y_true, y_pred) = (array![0, 0, 0], array![0, 1, 0]);
    let positive = Average::Binary { positive: 1 };
    type Score = fn(ArrayView1<usize>, ArrayView1<usize>, Average) -> Result<f64, MetricError>;
    let scores: [(&str, Score); 3] = [
        ("recall", classification_metrics::recall),
        ("precision", classification_metrics::precision),
        ("f1_score", classification_metrics::f1_score),
    ];
    for (name, score) in scores {
        let what = format!("{name}([0, 0, 0], [0, 1, 0], class 1): no row of class 1");
        let got = mlings::grade::ok(
            &what,
            attempt(&what, || score(y_true.view(), y_pred.view(), positive)),
        );
        require(got == 0.0, || {
            format!(
                "{what}: expected 0, got {got}\n    likely mistake: when there is no row of \
                 class c (TP + FN = 0) the recall is 0/0, which is 0 by convention (not 1, not \
                 NaN)"
            )
        });
    }
}

#[test]
fn macro_scores_reject_a_label_out_of_range() {
    // Macro { n_classes: 2 } over labels that include a 2: the errors of confusion_matrix.
    type Score = fn(ArrayView1<usize>, ArrayView1<usize>, Average) -> Result<f64, MetricError>;
    let scores: [(&str, Score); 3] = [
        ("precision", classification_metrics::precision),
        ("recall", classification_metrics::recall),
        ("f1_score", classification_metrics::f1_score),
    ];
    let expected = MetricError::LabelOutOfRange {
        index: 1,
        label: 2,
        n_classes: 2,
    };
    for (name, score) in scores {
        let what = format!("{name}([0, 2, 1], [0, 1, 1], Macro {{ n_classes: 2 }})");
        let error = error_of(
            &what,
            &describe(&expected),
            "with Macro the errors of confusion_matrix apply: label 2 is not one of the \
             classes 0..2 (LabelOutOfRange), it must not be skipped",
            caught(
                &what,
                "with Macro, a label of n_classes or more is LabelOutOfRange, not an index",
                || {
                    score(
                        array![0, 2, 1].view(),
                        array![0, 1, 1].view(),
                        Average::Macro { n_classes: 2 },
                    )
                },
            ),
        );
        require(error == expected, || {
            format!("{what}: expected {expected:?} (with Macro), got {error:?}")
        });
    }
}

#[test]
fn log_loss_of_the_documented_example() {
    let y_true = array![1, 0, 0, 1];
    let p = array![0.9, 0.1, 0.2, 0.65];
    let got = call_ok!(classification_metrics::log_loss(y_true.view(), p.view()));
    // The true classes got 0.9, 0.9, 0.8 and 0.65.
    let expected = -(0.9f64.ln() * 2.0 + 0.8f64.ln() + 0.65f64.ln()) / 4.0;
    // Reading p as the probability of class 0: the true classes got 0.1, 0.1, 0.2, 0.35.
    let swapped = -(0.1f64.ln() * 2.0 + 0.2f64.ln() + 0.35f64.ln()) / 4.0;
    expect(
        "log-loss of scikit-learn's example (0.216162)",
        got,
        expected,
    )
    .n(4)
    .mistake(
        expected / std::f64::consts::LN_10,
        "you used log10: log-loss uses the natural log, ln",
    )
    .mistake(
        swapped,
        "p_positive is the probability of class 1: a row of class 0 was given 1 − p",
    )
    .assert();
}

#[test]
fn log_loss_stays_finite_for_certain_mistakes() {
    // p = 0 for a row of class 1 and p = 1 for a row of class 0: both clip to 1e-15 for
    // the true class, each costing −ln(1e-15) ≈ 34.54.
    let got = call_ok!(classification_metrics::log_loss(
        array![1, 0].view(),
        array![0.0, 1.0].view()
    ));
    require(got.is_finite(), || {
        format!(
            "log-loss of certain wrong answers: got {got}; clip each probability into \
             [1e-15, 1 − 1e-15] before taking its log"
        )
    });
    // (In f64, 1 − (1 − 1e-15) is 0.999e-15, so the second row costs a hair more.)
    let clipped_low = 1e-15f64;
    let clipped_high = 1.0 - 1e-15f64;
    // Each row costs −ln(ε) for a clipping bound ε: the value reveals the bound used.
    let bound = (-got).exp();
    expect(
        "log-loss of two certain wrong answers",
        got,
        -(clipped_low.ln() + (1.0 - clipped_high).ln()) / 2.0,
    )
    .tol(Tolerance::rel(1e-9))
    .mistake(
        -bound.ln(),
        format!(
            "that is what clipping at {bound:.0e} gives: clip each probability into \
             [1e-15, 1 − 1e-15]"
        ),
    )
    .no_generic_diagnosis()
    .assert();
}

fn error_index(error: &MetricError) -> Option<usize> {
    match error {
        MetricError::NotBinary { index, .. }
        | MetricError::InvalidProbability { index, .. }
        | MetricError::LabelOutOfRange { index, .. } => Some(*index),
        _ => None,
    }
}

#[test]
fn log_loss_rejects_bad_labels_and_probabilities() {
    let error = error_of(
        "log_loss with label 2",
        "NotBinary { index: 1, label: 2 }",
        "binary log-loss needs labels 0 and 1",
        call!(classification_metrics::log_loss(
            array![0, 2].view(),
            array![0.5, 0.5].view()
        )),
    );
    require(
        error == MetricError::NotBinary { index: 1, label: 2 },
        || format!("expected NotBinary {{ index: 1, label: 2 }}, got {error:?}"),
    );
    for bad in [1.5, -0.1, f64::NAN] {
        let error = error_of(
            &format!("log_loss with a probability of {bad}"),
            &format!("InvalidProbability {{ index: 1, value: {bad} }}"),
            "a probability lies in [0, 1] (NaN is no probability: every comparison with NaN \
             is false, so test it explicitly or with !(0.0..=1.0).contains(&p)); clipping \
             would hide a bug upstream",
            call!(classification_metrics::log_loss(
                array![0, 1].view(),
                array![0.5, bad].view()
            )),
        );
        require(
            matches!(error, MetricError::InvalidProbability { index: 1, value }
                if value == bad || (value.is_nan() && bad.is_nan())),
            || format!("expected InvalidProbability {{ index: 1, value: {bad} }}, got {error:?}"),
        );
    }
    // The first bad row wins, whatever is wrong with it; within one row the label is
    // checked first.
    let cases = [
        (
            array![0, 1, 2],
            array![0.5, 1.5, 0.5],
            MetricError::InvalidProbability {
                index: 1,
                value: 1.5,
            },
        ),
        (
            array![0, 3, 1],
            array![0.5, 0.5, -2.0],
            MetricError::NotBinary { index: 1, label: 3 },
        ),
        (
            array![1, 4],
            array![0.5, 2.0],
            MetricError::NotBinary { index: 1, label: 4 },
        ),
    ];
    for (labels, probabilities, expected) in cases {
        let what = format!("log_loss({labels}, {probabilities})");
        let error = error_of(
            &what,
            &describe(&expected),
            "report the first bad row",
            call!(classification_metrics::log_loss(
                labels.view(),
                probabilities.view()
            )),
        );
        require(error == expected, || {
            let diagnosis = match (&error, &expected) {
                (MetricError::NotBinary { .. }, MetricError::InvalidProbability { .. })
                | (MetricError::InvalidProbability { .. }, MetricError::NotBinary { .. })
                    if error_index(&error) != error_index(&expected) =>
                {
                    "you checked one kind of fault in every row before the other: report the \
                     first bad row, whichever fault it has"
                }
                (MetricError::InvalidProbability { .. }, MetricError::NotBinary { .. }) => {
                    "in a row with both a bad label and a bad probability, the label comes first"
                }
                _ => "the first bad row, with its index and its value",
            };
            format!("{what}: expected {expected:?}, got {error:?}\n    likely mistake: {diagnosis}")
        });
    }
}

#[test]
fn empty_and_mismatched_inputs_are_errors() {
    let empty = Array1::<usize>::zeros(0);
    let (three, two) = (array![0, 1, 1], array![0, 1]);
    let binary = Average::Binary { positive: 1 };
    type Run<'a> =
        Box<dyn Fn(ArrayView1<usize>, ArrayView1<usize>) -> Result<f64, MetricError> + 'a>;
    let metrics: [(&str, Run); 6] = [
        ("accuracy", Box::new(classification_metrics::accuracy)),
        (
            "confusion_matrix",
            Box::new(|t, p| {
                classification_metrics::confusion_matrix(t, p, 2).map(|m| m.sum() as f64)
            }),
        ),
        (
            "precision",
            Box::new(move |t, p| classification_metrics::precision(t, p, binary)),
        ),
        (
            "recall",
            Box::new(move |t, p| classification_metrics::recall(t, p, binary)),
        ),
        (
            "f1_score",
            Box::new(move |t, p| classification_metrics::f1_score(t, p, binary)),
        ),
        (
            "log_loss",
            Box::new(|t, p: ArrayView1<usize>| {
                classification_metrics::log_loss(t, p.mapv(|_| 0.5).view())
            }),
        ),
    ];
    for (name, metric) in &metrics {
        let error = error_of(
            &format!("{name} of two empty series"),
            "Empty",
            "a share of no rows is 0/0: return MetricError::Empty",
            attempt(&format!("{name}([], [])"), || {
                metric(empty.view(), empty.view())
            }),
        );
        require(error == MetricError::Empty, || {
            format!("{name}: expected MetricError::Empty, got {error:?}")
        });
        let error = error_of(
            &format!("{name} of 3 true labels and 2 predictions"),
            "LengthMismatch { y_true: 3, y_pred: 2 }",
            "every true label needs its prediction",
            attempt(&format!("{name}([0, 1, 1], [0, 1])"), || {
                metric(three.view(), two.view())
            }),
        );
        let diagnosis = match error {
            MetricError::LengthMismatch {
                y_true: 2,
                y_pred: 3,
            } => "\n    likely mistake: y_true and y_pred are swapped: y_true is y_true.len()",
            _ => "",
        };
        require(
            error
                == MetricError::LengthMismatch {
                    y_true: 3,
                    y_pred: 2,
                },
            || {
                format!(
                    "{name}: expected LengthMismatch {{ y_true: 3, y_pred: 2 }}, got \
                     {error:?}{diagnosis}"
                )
            },
        );
        // One series empty, the other not: the lengths differ, and that comes first.
        let error = error_of(
            &format!("{name} of 0 true labels and 2 predictions"),
            "LengthMismatch { y_true: 0, y_pred: 2 }",
            "LengthMismatch is checked before Empty",
            attempt(&format!("{name}([], [0, 1])"), || {
                metric(empty.view(), two.view())
            }),
        );
        require(
            error
                == MetricError::LengthMismatch {
                    y_true: 0,
                    y_pred: 2,
                },
            || {
                format!(
                    "{name}([], [0, 1]): expected LengthMismatch {{ y_true: 0, y_pred: 2 }}, \
                     got {error:?}{}",
                    if error == MetricError::Empty {
                        "\n    likely mistake: you checked Empty before LengthMismatch: the \
                         lengths differ, so that is the error"
                    } else {
                        ""
                    }
                )
            },
        );
    }
}

#[test]
fn scores_of_a_real_classifier_on_breast_cancer() {
    // A one-feature rule on the breast_cancer test rows: benign (1) when the worst
    // radius is below 16.8 (its raw value, column 20). The expected counts are made
    // here by the definitions, row by row.
    let data = mlings::datasets::breast_cancer();
    let split = data.reference_split().expect("bundled split");
    let (_, test) = data.split(&split).expect("valid rows");
    let y_true = test.class_labels().expect("labels");
    let y_pred: Array1<usize> = test
        .features
        .column(20)
        .mapv(|radius| usize::from(radius < 16.8));
    let count = |t: usize, p: usize| {
        y_true
            .iter()
            .zip(&y_pred)
            .filter(|&(&a, &b)| a == t && b == p)
            .count() as f64
    };
    let (tn, fp, fn_, tp) = (count(0, 0), count(0, 1), count(1, 0), count(1, 1));
    let got = call_ok!(classification_metrics::confusion_matrix(
        y_true.view(),
        y_pred.view(),
        2
    ));
    expect_array(
        "confusion matrix of the worst-radius rule on the breast_cancer test rows",
        &as_f64(&got),
        &array![[tn, fp], [fn_, tp]],
    )
    .assert();
    let accuracy = call_ok!(classification_metrics::accuracy(
        y_true.view(),
        y_pred.view()
    ));
    expect("accuracy of the rule", accuracy, (tp + tn) / 114.0).assert();
    let f1_malignant = call_ok!(classification_metrics::f1_score(
        y_true.view(),
        y_pred.view(),
        Average::Binary { positive: 0 }
    ));
    expect(
        "F1 of class 0 (malignant) for the rule",
        f1_malignant,
        2.0 * tn / (2.0 * tn + fn_ + fp),
    )
    .assert();
    let macro_recall = call_ok!(classification_metrics::recall(
        y_true.view(),
        y_pred.view(),
        Average::Macro { n_classes: 2 }
    ));
    expect(
        "macro recall of the rule (the balanced accuracy)",
        macro_recall,
        (tn / (tn + fp) + tp / (tp + fn_)) / 2.0,
    )
    .assert();
}

#[test]
fn label_out_of_range_names_the_first_row_and_the_larger_label() {
    // (y_true, y_pred, n_classes, expected): a bad predicted label alone, both bad with
    // the predicted larger, both bad with the true larger, a bad true label alone; the
    // first bad row wins over a later, larger label.
    let cases = [
        (array![0, 1, 0], array![0, 1, 3], 2, 2, 3),
        (array![0, 2, 1], array![0, 5, 9], 2, 1, 5),
        (array![1, 7, 0], array![1, 4, 0], 3, 1, 7),
        (array![0, 1, 2, 6], array![0, 1, 0, 1], 2, 2, 2),
    ];
    for (y_true, y_pred, n_classes, index, label) in cases {
        let what = format!("confusion_matrix({y_true}, {y_pred}, {n_classes})");
        let expected = MetricError::LabelOutOfRange {
            index,
            label,
            n_classes,
        };
        let true_label_bad = y_true[index] >= n_classes;
        let error = error_of(
            &what,
            &describe(&expected),
            "a label of n_classes or more (true OR predicted) is not one of the classes",
            caught(
                &what,
                if true_label_bad {
                    "a label out of range must be an error, not an index into the matrix"
                } else {
                    "the predicted label is out of range too: check the true AND the predicted \
                     label of every row before counting it"
                },
                || {
                    classification_metrics::confusion_matrix(
                        y_true.view(),
                        y_pred.view(),
                        n_classes,
                    )
                },
            ),
        );
        if error == expected {
            continue;
        }
        let diagnosis = match error {
            MetricError::LabelOutOfRange {
                index: i,
                label: l,
                n_classes: n,
            } if i == index && n == n_classes && l != label => {
                if l == y_true[index] || l == y_pred[index] {
                    "you reported the smaller of the two labels (or always the true, or \
                     always the predicted one): report the larger of the two labels"
                } else {
                    "report the larger of the row's two labels"
                }
            }
            MetricError::LabelOutOfRange { index: i, .. } if i != index => {
                "report the FIRST row with a label out of range (true or predicted), counted \
                 from 0"
            }
            MetricError::LabelOutOfRange { n_classes: n, .. } if n != n_classes => {
                "n_classes is the n_classes you were given"
            }
            _ => "every field: the first bad row, its larger label, and n_classes",
        };
        mlings::grade::fail(format!(
            "{what}: expected {expected:?}, got {error:?}\n    likely mistake: {diagnosis}"
        ));
    }
    // A label as large as usize::MAX is compared, never incremented.
    let what = "confusion_matrix([0, usize::MAX], [0, 1], 3)";
    let error = error_of(
        what,
        "LabelOutOfRange { index: 1, label: usize::MAX, n_classes: 3 }",
        "a label of n_classes or more is not one of the classes",
        caught(
            what,
            "label + 1 overflows at usize::MAX: compare label >= n_classes instead",
            || {
                classification_metrics::confusion_matrix(
                    array![0, usize::MAX].view(),
                    array![0, 1].view(),
                    3,
                )
            },
        ),
    );
    let expected = MetricError::LabelOutOfRange {
        index: 1,
        label: usize::MAX,
        n_classes: 3,
    };
    require(error == expected, || {
        format!("{what}: expected {expected:?}, got {error:?}")
    });
}

#[test]
fn too_many_classes_is_an_error_before_any_allocation() {
    // usize::MAX first: a matrix of that side cannot even be sized (a panic, not an
    // abort), so code without the check fails here with a readable message.
    for n_classes in [usize::MAX, 1usize << 40] {
        let what = format!("confusion_matrix([0, 1], [0, 1], {n_classes})");
        let error = error_of(
            &what,
            &format!("TooManyClasses {{ n_classes: {n_classes} }}"),
            "an n_classes above MAX_CLASSES comes from an ID or a price read as a label; its \
             matrix would need more memory than exists",
            caught(
                &what,
                "an n_classes² matrix was allocated: return TooManyClasses when n_classes > \
                 MAX_CLASSES, checked before allocating",
                || {
                    classification_metrics::confusion_matrix(
                        array![0, 1].view(),
                        array![0, 1].view(),
                        n_classes,
                    )
                },
            ),
        );
        require(error == MetricError::TooManyClasses { n_classes }, || {
            format!(
                "{what}: expected TooManyClasses {{ n_classes: {n_classes} }}, got \
                 {error:?}{}",
                if matches!(error, MetricError::LabelOutOfRange { .. }) {
                    "\n    likely mistake: TooManyClasses is checked before the labels"
                } else {
                    ""
                }
            )
        });
    }
    // Labels that are IDs AND a huge n_classes: TooManyClasses, checked before the labels.
    let what = "confusion_matrix([0, usize::MAX], [0, 1], 1 << 40)";
    let error = error_of(
        what,
        "TooManyClasses { n_classes: 1099511627776 }",
        "n_classes is checked before the labels",
        caught(
            what,
            "an n_classes² matrix was allocated: check n_classes before allocating",
            || {
                classification_metrics::confusion_matrix(
                    array![0, usize::MAX].view(),
                    array![0, 1].view(),
                    1 << 40,
                )
            },
        ),
    );
    require(
        error == MetricError::TooManyClasses { n_classes: 1 << 40 },
        || {
            format!(
                "{what}: expected TooManyClasses {{ n_classes: 1099511627776 }}, got {error:?}\n    \
                 likely mistake: TooManyClasses is checked before the labels (and before \
                 allocating)"
            )
        },
    );
    // The lengths still come first.
    let error = error_of(
        "confusion_matrix([], [], 1 << 40)",
        "Empty",
        "the errors of accuracy come first",
        call!(classification_metrics::confusion_matrix(
            Array1::<usize>::zeros(0).view(),
            Array1::<usize>::zeros(0).view(),
            1 << 40
        )),
    );
    require(error == MetricError::Empty, || {
        format!(
            "confusion_matrix([], [], 1 << 40): expected Empty (the lengths are checked \
             first), got {error:?}"
        )
    });
    // MAX_CLASSES itself is allowed: a 2-row check at the limit would allocate 32 GB,
    // so the limit is only checked through Macro's error below.
    let what = "precision(.., Macro { n_classes: 1 << 40 })";
    let error = error_of(
        what,
        "TooManyClasses { n_classes: 1099511627776 }",
        "Macro uses the errors of confusion_matrix",
        caught(
            what,
            "an n_classes² table was allocated: check n_classes > MAX_CLASSES first",
            || {
                classification_metrics::precision(
                    array![0, 1].view(),
                    array![0, 1].view(),
                    Average::Macro { n_classes: 1 << 40 },
                )
            },
        ),
    );
    require(
        error == MetricError::TooManyClasses { n_classes: 1 << 40 },
        || format!("{what}: expected TooManyClasses {{ n_classes: 1099511627776 }}, got {error:?}"),
    );
    const { assert!(MAX_CLASSES < 1 << 40) };
}

#[test]
fn macro_counts_a_class_absent_from_both_series() {
    // Classes 0 and 1 occur; class 2 of n_classes = 3 occurs in neither series.
    // Per class (TP, predicted, actual): 0: (1, 1, 2), 1: (2, 3, 2), 2: (0, 0, 0).
    let (y_true, y_pred) = (array![0, 0, 1, 1], array![0, 1, 1, 1]);
    let average = Average::Macro { n_classes: 3 };
    type Score = fn(ArrayView1<usize>, ArrayView1<usize>, Average) -> Result<f64, MetricError>;
    let scores: [(&str, Score, [f64; 2]); 3] = [
        (
            "precision",
            classification_metrics::precision,
            [1.0, 2.0 / 3.0],
        ),
        ("recall", classification_metrics::recall, [0.5, 1.0]),
        (
            "f1_score",
            classification_metrics::f1_score,
            [2.0 / 3.0, 0.8],
        ),
    ];
    for (name, score, present) in scores {
        let what = format!(
            "macro {name} of [0, 0, 1, 1] vs [0, 1, 1, 1] with n_classes = 3 (class 2 absent)"
        );
        let got = mlings::grade::ok(
            &what,
            attempt(&what, || score(y_true.view(), y_pred.view(), average)),
        );
        let sum: f64 = present.iter().sum();
        expect(&what, got, sum / 3.0)
            .mistake(
                sum / 2.0,
                "you averaged over the classes present only: class 2 is absent from both \
                 series but still counts, with score 0, and the mean divides by n_classes",
            )
            .no_generic_diagnosis()
            .assert();
    }
    // A class absent in the middle: labels [0, 2] of 3 classes, all right.
    let what = "macro recall of [0, 2, 2] vs [0, 2, 2] with n_classes = 3 (class 1 absent)";
    let got = call_ok!(classification_metrics::recall(
        array![0, 2, 2].view(),
        array![0, 2, 2].view(),
        average
    ));
    expect(what, got, 2.0 / 3.0)
        .mistake(
            1.0,
            "you averaged over the classes present only: class 1 is absent but still counts, \
             with score 0, and the mean divides by n_classes",
        )
        .no_generic_diagnosis()
        .assert();
}
