//! Grader of exercises/03_regression/classification_metrics.rs.
//!
//! (linfa's `ConfusionMatrix` is not used as a reference here: in linfa 0.8.1, with the
//! documented `prediction.confusion_matrix(&truth)`, its binary precision and recall
//! come out swapped compared with scikit-learn, and its multi-class F1 is the harmonic
//! mean of macro precision and macro recall. The expected values below are worked by
//! hand or taken from scikit-learn's documentation.)

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/03_regression/classification_metrics.rs"]
mod classification_metrics;
#[cfg(feature = "solutions")]
use mlings::reference::classification_metrics;

use mlings::grade::{Tolerance, attempt, expect, expect_array, expect_err, require};
use mlings::types::classification_metrics::{Average, MetricError};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, array};

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
    let error = expect_err(
        "confusion_matrix of the same labels with n_classes = 2",
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
    expect(
        "log-loss of two certain wrong answers",
        got,
        -(clipped_low.ln() + (1.0 - clipped_high).ln()) / 2.0,
    )
    .tol(Tolerance::rel(1e-9))
    .assert();
}

#[test]
fn log_loss_rejects_bad_labels_and_probabilities() {
    let error = expect_err(
        "log_loss with label 2",
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
        let error = expect_err(
            &format!("log_loss with a probability of {bad}"),
            "a probability lies in [0, 1]; clipping would hide a bug upstream",
            call!(classification_metrics::log_loss(
                array![0, 1].view(),
                array![0.5, bad].view()
            )),
        );
        require(
            matches!(error, MetricError::InvalidProbability { index: 1, .. }),
            || format!("expected InvalidProbability {{ index: 1, .. }}, got {error:?}"),
        );
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
        let error = expect_err(
            &format!("{name} of two empty series"),
            "a share of no rows is 0/0: return MetricError::Empty",
            attempt(&format!("{name}([], [])"), || {
                metric(empty.view(), empty.view())
            }),
        );
        require(error == MetricError::Empty, || {
            format!("{name}: expected MetricError::Empty, got {error:?}")
        });
        let error = expect_err(
            &format!("{name} of 3 true labels and 2 predictions"),
            "every true label needs its prediction",
            attempt(&format!("{name}([0, 1, 1], [0, 1])"), || {
                metric(three.view(), two.view())
            }),
        );
        require(
            error
                == MetricError::LengthMismatch {
                    y_true: 3,
                    y_pred: 2,
                },
            || format!("{name}: expected LengthMismatch {{ y_true: 3, y_pred: 2 }}, got {error:?}"),
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
