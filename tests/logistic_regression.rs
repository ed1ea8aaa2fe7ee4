//! Grader of exercises/04_classification/logistic_regression.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/04_classification/logistic_regression.rs"]
mod logistic_regression;
#[cfg(feature = "solutions")]
use mlings::reference::logistic_regression;

mod regression_support;

use linfa::prelude::{Fit, Predict};
use linfa_logistic::LogisticRegression;
use mlings::grade::{Tolerance, expect, expect_array, expect_err, fail, require};
use mlings::types::logistic_regression::{LogisticError, LogisticModel, LogisticParams};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, array};
use regression_support::{expect_gradient_matches_loss, flatten_gradient};

/// ln(1 + eᶻ), written out for the hand-worked cases (only for small |z|).
fn softplus(z: f64) -> f64 {
    z.exp().ln_1p()
}

fn logistic(b: f64, w: f64) -> LogisticModel {
    LogisticModel {
        intercept: b,
        coefficients: array![w],
    }
}

/// The 3-point case: x = −1, 0, 1 with labels 0, 1, 1.
fn three_points() -> (Array2<f64>, Array1<usize>) {
    (array![[-1.0], [0.0], [1.0]], array![0, 1, 1])
}

/// The share of equal labels.
fn agreement(a: ArrayView1<usize>, b: ArrayView1<usize>) -> f64 {
    a.iter().zip(&b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
}

#[test]
fn sigmoid_by_hand() {
    let ln3 = 3.0f64.ln();
    for (z, expected) in [(0.0, 0.5), (ln3, 0.75), (-ln3, 0.25)] {
        let got = call!(logistic_regression::sigmoid(z));
        expect(format!("σ({z})"), got, expected)
            .mistake(
                1.0 - expected,
                "that is σ(−z): the sigmoid is 1 / (1 + e^(−z)), with a minus in the exponent",
            )
            .assert();
    }
}

/// No absolute floor: σ(−40) ≈ 4.2e-18 must be right to 12 digits, not just "about 0".
const RELATIVE_ONLY: Tolerance = Tolerance {
    rel: 1e-12,
    abs: 0.0,
};

#[test]
fn sigmoid_of_huge_logits_is_finite() {
    // σ(−z) = e^(−z) / (1 + e^(−z)) = e^(−z) − e^(−2z) + …; for z ≥ 40 the second term is
    // below 1e-17 of the first. σ(40) = 1 − 4.2e-18 rounds to 1.
    let tail = |z: f64| (-z).exp() * (1.0 - (-z).exp());
    for (z, expected) in [
        (1000.0, 1.0),
        (-1000.0, 0.0),
        (40.0, 1.0),
        (-40.0, tail(40.0)),
        (-700.0, tail(700.0)),
    ] {
        let got = call!(logistic_regression::sigmoid(z));
        require(got.is_finite(), || {
            format!(
                "σ({z}) gave {got}: e^{} overflows to infinity, and ∞/∞ is NaN. For z < 0 use \
                 e^z / (1 + e^z), for z ≥ 0 use 1 / (1 + e^(−z)): exp then only sees z ≤ 0",
                z.abs()
            )
        });
        expect(
            format!("σ({z}) (relative tolerance, no absolute floor)"),
            got,
            expected,
        )
        .tol(RELATIVE_ONLY)
        .no_generic_diagnosis()
        .mistake(
            if z < 0.0 { 0.0 } else { f64::NAN },
            "σ of a negative z came out as exactly 0: you computed it as a difference \
                 close to 1 (1 − σ(−z), or ½·(1 + tanh(z/2))), and 1 − 1 cancels every digit. \
                 For z < 0 use e^z / (1 + e^z): exp only sees z ≤ 0",
        )
        .assert();
    }
}

#[test]
fn log_loss_of_logit_by_hand() {
    let ln3 = 3.0f64.ln();
    // σ(ln 3) = 3/4: class 1 costs −ln(3/4), class 0 costs −ln(1/4).
    let cases = [
        (0.0, true, 2.0f64.ln()),
        (0.0, false, 2.0f64.ln()),
        (ln3, true, -(0.75f64.ln())),
        (ln3, false, -(0.25f64.ln())),
    ];
    for (z, positive, expected) in cases {
        let got = call!(logistic_regression::log_loss_of_logit(z, positive));
        let other_class = if positive {
            softplus(z)
        } else {
            softplus(z) - z
        };
        expect(
            format!(
                "log-loss of logit {z:.4} for a row of class {}",
                u8::from(positive)
            ),
            got,
            expected,
        )
        .mistake(
            other_class,
            "that is the loss of the other class: class 1 costs −ln σ(z) = softplus(z) − z, \
             class 0 costs −ln(1 − σ(z)) = softplus(z)",
        )
        .assert();
    }
}

#[test]
fn log_loss_of_huge_logits_is_finite() {
    let cases = [
        (
            1000.0,
            false,
            1000.0,
            "a confident wrong answer costs about |z|",
        ),
        (
            -1000.0,
            true,
            1000.0,
            "a confident wrong answer costs about |z|",
        ),
        (1000.0, true, 0.0, "a confident right answer costs about 0"),
        (
            -1000.0,
            false,
            0.0,
            "a confident right answer costs about 0",
        ),
    ];
    for (z, positive, expected, why) in cases {
        let got = call!(logistic_regression::log_loss_of_logit(z, positive));
        require(got.is_finite(), || {
            format!(
                "log-loss of logit {z} for class {}: got {got}. Once σ rounds to 0 or 1 its log \
                 is infinite: use softplus(z) = max(z, 0) + ln(1 + e^(−|z|)) and never take \
                 ln σ directly",
                u8::from(positive)
            )
        });
        expect(
            format!(
                "log-loss of logit {z} for class {} ({why})",
                u8::from(positive)
            ),
            got,
            expected,
        )
        .tol(Tolerance::abs(1e-9))
        .assert();
    }
    // A confident right answer of class 0 at z = −40 costs softplus(−40) = ln(1 + e^−40)
    // = e^−40 − e^−80/2 + … ≈ 4.2e-18, to full relative precision (the doc's example).
    let tiny = (-40.0f64).exp() * (1.0 - 0.5 * (-40.0f64).exp());
    let got = call!(logistic_regression::log_loss_of_logit(-40.0, false));
    expect(
        "log-loss of logit −40 for class 0 (a confident right answer: e^−40 ≈ 4.2e-18, relative \
         tolerance, no absolute floor)",
        got,
        tiny,
    )
    .tol(RELATIVE_ONLY)
    .no_generic_diagnosis()
    .mistake(
        0.0,
        "ln(1 + e^(−|z|)) rounded 1 + 4.2e-18 to 1 and lost the whole loss: use \
         (-z.abs()).exp().ln_1p(), which computes ln(1 + x) accurately for tiny x",
    )
    .assert();
}

#[test]
fn logits_by_hand() {
    let model = LogisticModel {
        intercept: -1.0,
        coefficients: array![2.0, 0.5],
    };
    let got = call_ok!(logistic_regression::logits(
        &model,
        array![[1.0, 2.0], [0.0, 0.0], [-1.0, 4.0]].view()
    ));
    // −1 + 2 + 1 = 2;  −1;  −1 − 2 + 2 = −1.
    expect_array(
        "logits at b = −1, w = (2, 0.5)",
        &got,
        &array![2.0, -1.0, -1.0],
    )
    .mistake_array(&array![3.0, 0.0, 0.0], "you forgot to add the intercept b")
    .mistake_array(
        &array![4.0, 1.0, 1.0],
        "you subtracted the intercept: z = b + x·w",
    )
    .assert();
    let error = expect_err(
        "logits of a 3-column x for a 2-coefficient model",
        "every row needs one value per coefficient",
        call!(logistic_regression::logits(
            &model,
            array![[1.0, 2.0, 3.0]].view()
        )),
    );
    require(
        error
            == LogisticError::ColumnsMismatch {
                columns: 3,
                coefficients: 2,
            },
        || format!("expected ColumnsMismatch {{ columns: 3, coefficients: 2 }}, got {error:?}"),
    );
}

#[test]
fn loss_of_three_points_by_hand() {
    let (x, y) = three_points();
    let got = call_ok!(logistic_regression::loss(
        &logistic(0.0, 1.0),
        x.view(),
        y.view(),
        0.0
    ));
    // z = (−1, 0, 1): class 0 at −1 costs ln(1 + e^−1), class 1 at 0 costs ln 2, class 1
    // at 1 costs ln(1 + e) − 1 = ln(1 + e^−1).
    let unpenalized = (2.0 * softplus(-1.0) + 2.0f64.ln()) / 3.0;
    expect(
        "log-loss of x = (−1, 0, 1), y = (0, 1, 1) at b = 0, w = 1 (≈ 0.439890)",
        got,
        unpenalized,
    )
    .n(3)
    .mistake(
        // Labels read as (1, 0, 0): ln(1 + e) + ln 2 + ln(1 + e).
        (2.0 * softplus(1.0) + 2.0f64.ln()) / 3.0,
        "you treated class 0 as the positive class: a row of class 1 (label 1) costs −ln σ(z), \
         pass `positive = (label == 1)`",
    )
    .assert();
    // At b = 0.5, w = 1, λ = 0.2: z = (−0.5, 0.5, 1.5), and the penalty is (0.2/2)·1².
    let got = call_ok!(logistic_regression::loss(
        &logistic(0.5, 1.0),
        x.view(),
        y.view(),
        0.2
    ));
    let data_term = (softplus(-0.5) + (softplus(0.5) - 0.5) + (softplus(1.5) - 1.5)) / 3.0;
    expect(
        "penalized log-loss at b = 0.5, w = 1, λ = 0.2",
        got,
        data_term + 0.1,
    )
    .mistake(
        data_term + 0.1 * (1.0 + 0.25),
        "you penalized the intercept: the penalty is (λ/2)·Σⱼ wⱼ², without b",
    )
    .mistake(
        data_term + 0.2,
        "the penalty is (λ/2)·‖w‖²: you forgot the ½",
    )
    .mistake(data_term, "the penalty (λ/2)·‖w‖² is missing")
    .mistake(
        data_term + 0.1 / 3.0,
        "you divided the penalty by n too: J = (1/n)·Σ losses + (λ/2)·‖w‖², only the losses \
         are averaged",
    )
    .assert();
}

#[test]
fn gradient_of_three_points_by_hand() {
    let (x, y) = three_points();
    let got = call_ok!(logistic_regression::gradient(
        &logistic(0.0, 1.0),
        x.view(),
        y.view(),
        0.0
    ));
    // p − y = (σ(−1), −½, σ(1) − 1) = (s, −½, −s) with s = σ(−1) = 1 / (1 + e):
    // ∂J/∂b = (s − ½ − s)/3 = −1/6;  ∂J/∂w = (−1·s + 0 + 1·(−s))/3 = −2s/3.
    let s = 1.0 / (1.0 + 1.0f64.exp());
    expect_array(
        "gradient (∂J/∂b, ∂J/∂w) of the 3-point log-loss at b = 0, w = 1",
        &flatten_gradient(&got),
        &array![-1.0 / 6.0, -2.0 * s / 3.0],
    )
    .n(3)
    .mistake_factor(
        -1.0,
        "the sign is flipped: the gradient is (1/n) Xᵀ(p − y), prediction minus label",
    )
    .mistake_factor(
        2.0,
        "the gradient is twice too large: unlike the squared error, the log-loss has no \
         factor 2 (its derivative with respect to z is p − y)",
    )
    .mistake_array(
        // p − (1 − y) = (s − 1, ½, s) with s = σ(−1): ∂J/∂b = (2s − ½)/3, ∂J/∂w = 1/3.
        &array![(2.0 * s - 0.5) / 3.0, 1.0 / 3.0],
        "you treated class 0 as the positive class: p = σ(z) is P(class 1), and each row's \
         error is p − y with y its label (0 or 1)",
    )
    .mistake_array(
        &array![-1.0 / 6.0, -2.0 * s],
        "you summed the weights' gradient over the rows: ∂J/∂w = (1/n)·Xᵀ(p − y), divided by \
         n like ∂J/∂b",
    )
    .assert();
    let got = call_ok!(logistic_regression::gradient(
        &logistic(0.5, 1.0),
        x.view(),
        y.view(),
        0.2
    ));
    // At b = 0.5 the logits are (−0.5, 0.5, 1.5); the penalty adds λ·w = 0.2 to ∂J/∂w only.
    let p = array![-0.5f64, 0.5, 1.5].mapv(|z| 1.0 / (1.0 + (-z).exp()));
    let errors = &p - &array![0.0, 1.0, 1.0];
    let expected = array![errors.sum() / 3.0, x.column(0).dot(&errors) / 3.0 + 0.2];
    expect_array(
        "gradient at b = 0.5, w = 1, λ = 0.2",
        &flatten_gradient(&got),
        &expected,
    )
    .mistake_array(
        &array![expected[0] + 0.1, expected[1]],
        "the intercept's gradient has a penalty term: b is not penalized",
    )
    .mistake_array(
        &array![expected[0], expected[1] - 0.2],
        "the penalty's gradient λ·w is missing",
    )
    .mistake_array(
        &array![expected[0], expected[1] - 0.2 + 0.2 / 3.0],
        "you divided the penalty's gradient by n too: ∂J/∂w = (1/n)·Xᵀ(p − y) + λ·w",
    )
    .assert();
}

#[test]
fn gradient_matches_finite_differences_on_breast_cancer() {
    let (split, y_train, _) = regression_support::breast_cancer();
    let x = split.x_train.view();
    let l2 = 0.05;
    let model = LogisticModel {
        intercept: 0.3,
        coefficients: Array1::linspace(-0.4, 0.4, 30),
    };
    let got = call_ok!(logistic_regression::gradient(&model, x, y_train.view(), l2));
    // The objective written out here (its stable form), differentiated numerically.
    let labels = y_train.mapv(|label| label as f64);
    let objective = |theta: ArrayView1<f64>| {
        let w = theta.slice(ndarray::s![1..]);
        let z = x.dot(&w) + theta[0];
        let data: f64 = z
            .iter()
            .zip(&labels)
            .map(|(&z, &y)| z.max(0.0) + (-z.abs()).exp().ln_1p() - y * z)
            .sum();
        data / labels.len() as f64 + 0.5 * l2 * w.dot(&w)
    };
    let at: Array1<f64> = std::iter::once(model.intercept)
        .chain(model.coefficients.iter().copied())
        .collect();
    expect_gradient_matches_loss(
        "logistic gradient (λ = 0.05) on standardized breast_cancer",
        &got,
        at.view(),
        objective,
        1e-7,
        labels.len(),
    );
}

#[test]
fn training_two_points_by_hand() {
    // x = −1, 1 with labels 0, 1. By symmetry b = 0, and the gradient in w vanishes where
    // λw = σ(−w); with λ = 1/(4 ln 3) that is w = ln 3 (σ(−ln 3) = 1/4 = λ ln 3).
    let x = array![[-1.0], [1.0]];
    let y = array![0, 1];
    let l2 = 1.0 / (4.0 * 3.0f64.ln());
    let model = call_ok!(logistic_regression::fit(
        x.view(),
        y.view(),
        &LogisticParams::new(1.0).iterations(2_000).l2(l2)
    ));
    expect_array(
        "(b, w) trained on x = (−1, 1), y = (0, 1) with λ = 1/(4 ln 3)",
        &array![model.intercept, model.coefficients[0]],
        &array![0.0, 3.0f64.ln()],
    )
    .tol(Tolerance::abs(1e-6))
    .mistake_array(
        &array![0.0, -(3.0f64.ln())],
        "the weight has the wrong sign, the fit of the labels flipped: did you treat class 0 \
         as the positive class? The error of a row is p − y with p = P(class 1)",
    )
    .assert();
}

#[test]
fn predict_and_predict_proba_by_hand() {
    let model = logistic(0.0, 1.0);
    let x = array![[-2.0], [0.0], [0.5], [3.0]];
    let p = call_ok!(logistic_regression::predict_proba(&model, x.view()));
    let sigma = |z: f64| 1.0 / (1.0 + (-z).exp());
    let expected = array![sigma(-2.0), 0.5, sigma(0.5), sigma(3.0)];
    expect_array(
        "predict_proba at b = 0, w = 1 for x = (−2, 0, 0.5, 3)",
        &p,
        &expected,
    )
    .mistake_array(
        &expected.mapv(|v| 1.0 - v),
        "that is the probability of class 0: predict_proba gives P(class 1) = σ(z)",
    )
    .mistake_array(
        &array![-2.0, 0.0, 0.5, 3.0],
        "those are the logits z: squash the logits with σ to get probabilities",
    )
    .assert();
    let got = call_ok!(logistic_regression::predict(&model, x.view()));
    let wanted = array![0usize, 0, 1, 1];
    if got != wanted {
        let diagnosis = if got == array![1usize, 1, 0, 0] || got == array![1usize, 0, 0, 0] {
            "you thresholded the wrong way: class 1 is for probabilities ABOVE ½ (logit > 0)"
        } else if got == array![0usize, 1, 1, 1] {
            "a probability of exactly ½ (logit 0) gives class 0: use > rather than >="
        } else {
            "class 1 when σ(z) > ½, i.e. when z > 0; class 0 otherwise"
        };
        fail(format!(
            "predict at b = 0, w = 1 for x = (−2, 0, 0.5, 3): expected {wanted}, got {got}\n    \
             likely mistake: {diagnosis}"
        ));
    }
}

#[test]
fn breast_cancer_accuracy_and_agreement_with_linfa() {
    let (split, y_train, y_test) = regression_support::breast_cancer();
    let n = y_train.len() as f64;
    // λ = 1/n is scikit-learn's default C = 1 and linfa-logistic's default alpha = 1.
    // 300 steps already agree with linfa to 0.003 in probability (1000 steps: 0.0003) and
    // keep the verdict quick.
    let params = LogisticParams::new(1.0).iterations(300).l2(1.0 / n);
    let model = call_ok!(logistic_regression::fit(
        split.x_train.view(),
        y_train.view(),
        &params
    ));
    let predicted = call_ok!(logistic_regression::predict(&model, split.x_test.view()));
    let accuracy = agreement(predicted.view(), y_test.view());
    require(accuracy >= 0.96, || {
        let diagnosis = if accuracy < 0.2 {
            "almost every prediction is wrong: thresholded the wrong way, or a gradient with \
             the wrong sign?"
        } else if (accuracy - 0.632).abs() < 0.01 {
            "that is what always predicting the majority class (benign) scores: the weights \
             did not learn"
        } else {
            "check the gradient against the hand-worked cases and the step direction"
        };
        format!(
            "test accuracy of logistic regression on breast_cancer (λ = 1/n, η = 1, 300 steps): \
             expected at least 0.96 (scikit-learn reaches 0.982), got {accuracy:.4}\n    \
             likely mistake: {diagnosis}"
        )
    });
    // linfa-logistic minimizes Σ log-loss + (α/2)‖w‖², the same objective times n.
    // It labels its more frequent class (here 1, benign) as the positive one, so its
    // probabilities are those of class 1, like ours.
    let linfa = LogisticRegression::default()
        .alpha(1.0)
        .max_iterations(1_000)
        .fit(&linfa::Dataset::new(split.x_train.clone(), y_train.clone()))
        .expect("linfa-logistic fits breast_cancer");
    require(linfa.labels().pos.class == 1, || {
        "linfa-logistic should take class 1 (the more frequent) as its positive class".into()
    });
    let linfa_predicted: Array1<usize> = linfa.predict(&split.x_test);
    let shared = agreement(predicted.view(), linfa_predicted.view());
    require(shared >= 0.98, || {
        format!(
            "your predictions agree with linfa-logistic's on {:.1}% of the 114 test rows; \
             at least 98% was expected for the same objective",
            100.0 * shared
        )
    });
    let p = call_ok!(logistic_regression::predict_proba(
        &model,
        split.x_test.view()
    ));
    let linfa_p = linfa.predict_probabilities(&split.x_test);
    let mean_gap = (&p - &linfa_p).mapv(f64::abs).mean().expect("114 rows");
    require(mean_gap < 0.01, || {
        let flipped = (&p.mapv(|v| 1.0 - v) - &linfa_p)
            .mapv(f64::abs)
            .mean()
            .unwrap_or(1.0);
        let hint = if flipped < 0.01 {
            "\n    likely mistake: predict_proba returned P(class 0); it should be P(class 1)"
        } else {
            ""
        };
        format!(
            "your test-row probabilities differ from linfa-logistic's by {mean_gap:.4} on \
             average; below 0.01 was expected{hint}"
        )
    });
}

#[test]
fn bad_labels_shapes_and_parameters_are_errors() {
    let (x, _) = three_points();
    let error = expect_err(
        "fit with a label 2",
        "binary logistic regression needs labels 0 and 1",
        call!(logistic_regression::fit(
            x.view(),
            array![0, 2, 1].view(),
            &LogisticParams::new(0.5)
        )),
    );
    require(
        error == LogisticError::NotBinary { index: 1, label: 2 },
        || format!("expected NotBinary {{ index: 1, label: 2 }}, got {error:?}"),
    );
    let error = expect_err(
        "loss with 3 rows and 2 labels",
        "every row needs exactly one label",
        call!(logistic_regression::loss(
            &logistic(0.0, 1.0),
            x.view(),
            array![0, 1].view(),
            0.0
        )),
    );
    require(
        error == LogisticError::RowsMismatch { rows: 3, values: 2 },
        || format!("expected RowsMismatch {{ rows: 3, values: 2 }}, got {error:?}"),
    );
    let error = expect_err(
        "gradient with no rows",
        "a mean over no rows is 0/0",
        call!(logistic_regression::gradient(
            &logistic(0.0, 1.0),
            Array2::<f64>::zeros((0, 1)).view(),
            Array1::<usize>::zeros(0).view(),
            0.0
        )),
    );
    require(error == LogisticError::Empty, || {
        format!("expected LogisticError::Empty, got {error:?}")
    });
    for params in [LogisticParams::new(0.0), LogisticParams::new(0.5).l2(-1.0)] {
        let error = expect_err(
            &format!("fit with {params:?}"),
            "call params.validate()? first",
            call!(logistic_regression::fit(
                x.view(),
                array![0, 1, 1].view(),
                &params
            )),
        );
        require(matches!(error, LogisticError::InvalidParams(_)), || {
            format!("expected InvalidParams, got {error:?}")
        });
    }
}

const COLUMNS_LAST: &str = "\n    likely mistake: the logits were computed before the rows and \
                            labels were checked; RowsMismatch, Empty and NotBinary come before \
                            ColumnsMismatch";

/// The error of `loss` and of `gradient` on the same input: they share the documented
/// checks, in the same order.
fn errors_of_loss_and_gradient(
    what: &str,
    why: &str,
    model: &LogisticModel,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
) -> [LogisticError; 2] {
    [
        expect_err(
            &format!("loss with {what}"),
            why,
            call!(logistic_regression::loss(model, x, y, 0.0)),
        ),
        expect_err(
            &format!("gradient with {what}"),
            why,
            call!(logistic_regression::gradient(model, x, y, 0.0)).map(|g| g.intercept),
        ),
    ]
}

#[test]
fn loss_and_gradient_check_their_input_in_the_documented_order() {
    let one = LogisticModel::zeros(1);
    let two = LogisticModel::zeros(2);
    let (x, _) = three_points();
    // RowsMismatch before Empty: no rows, but one label.
    for error in errors_of_loss_and_gradient(
        "0 rows and 1 label",
        "the counts differ: RowsMismatch comes first",
        &one,
        Array2::<f64>::zeros((0, 1)).view(),
        array![0].view(),
    ) {
        let wanted = LogisticError::RowsMismatch { rows: 0, values: 1 };
        require(error == wanted, || {
            let hint = if error == LogisticError::Empty {
                "\n    likely mistake: the emptiness was checked first; RowsMismatch comes \
                 before Empty"
            } else {
                ""
            };
            format!("0 rows and 1 label: expected {wanted:?}, got {error:?}{hint}")
        });
    }
    // RowsMismatch before NotBinary and ColumnsMismatch.
    for error in errors_of_loss_and_gradient(
        "3 rows, 2 labels (one of them 5) and a 2-coefficient model",
        "the counts differ: RowsMismatch comes first",
        &two,
        x.view(),
        array![0, 5].view(),
    ) {
        let wanted = LogisticError::RowsMismatch { rows: 3, values: 2 };
        require(error == wanted, || {
            let hint = if matches!(error, LogisticError::ColumnsMismatch { .. }) {
                COLUMNS_LAST
            } else {
                ""
            };
            format!(
                "three faults at once: expected {wanted:?} (the row count is checked first), \
                 got {error:?}{hint}"
            )
        });
    }
    // The first label other than 0 or 1, before ColumnsMismatch.
    for error in errors_of_loss_and_gradient(
        "labels (0, 3, 2) and a 2-coefficient model for 1 column",
        "a label 3 is not binary, and NotBinary comes before ColumnsMismatch",
        &two,
        x.view(),
        array![0, 3, 2].view(),
    ) {
        let wanted = LogisticError::NotBinary { index: 1, label: 3 };
        require(error == wanted, || {
            let hint = match error {
                LogisticError::NotBinary { index: 2, label: 2 } => {
                    "\n    likely mistake: report the FIRST label other than 0 or 1, not the last"
                }
                LogisticError::ColumnsMismatch { .. } => COLUMNS_LAST,
                _ => "",
            };
            format!(
                "labels (0, 3, 2), 2 coefficients for 1 column: expected {wanted:?}, got {error:?}{hint}"
            )
        });
    }
    for error in errors_of_loss_and_gradient(
        "a 2-coefficient model for 1 column",
        "x needs one column per coefficient",
        &two,
        x.view(),
        array![0, 1, 1].view(),
    ) {
        let wanted = LogisticError::ColumnsMismatch {
            columns: 1,
            coefficients: 2,
        };
        require(error == wanted, || {
            format!("a 2-coefficient model for 1 column: expected {wanted:?}, got {error:?}")
        });
    }
}

#[test]
fn predictions_check_the_columns() {
    let model = LogisticModel::zeros(2);
    let x = array![[1.0, 2.0, 3.0]];
    let wanted = LogisticError::ColumnsMismatch {
        columns: 3,
        coefficients: 2,
    };
    let error = expect_err(
        "predict_proba of a 3-column x for a 2-coefficient model",
        "the errors of logits",
        call!(logistic_regression::predict_proba(&model, x.view())),
    );
    require(error == wanted, || {
        format!("predict_proba: expected {wanted:?}, got {error:?}")
    });
    let error = expect_err(
        "predict of a 3-column x for a 2-coefficient model",
        "the errors of logits",
        call!(logistic_regression::predict(&model, x.view())),
    );
    require(error == wanted, || {
        format!("predict: expected {wanted:?}, got {error:?}")
    });
}

/// Ways of running gradient descent: the doc's, and mistaken ones to name.
#[derive(Clone, Copy, PartialEq)]
enum Descent {
    Doc,
    OneStepTooMany,
    RateIgnored,
    PenaltyIgnored,
    GradientRetakenBetweenUpdates,
    /// b starting at the log-odds of the classes, ln(ones / zeros).
    PriorStart,
    /// b ← b − ∂J/∂b, without η.
    InterceptRateIgnored,
}

/// Batch gradient descent written out here from the doc (small logits only).
fn grader_fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &LogisticParams,
    descent: Descent,
) -> Array1<f64> {
    let n = y.len() as f64;
    let rate = if descent == Descent::RateIgnored {
        1.0
    } else {
        params.learning_rate
    };
    let l2 = if descent == Descent::PenaltyIgnored {
        0.0
    } else {
        params.l2
    };
    let steps = params.iterations + usize::from(descent == Descent::OneStepTooMany);
    let ones = y.iter().filter(|&&label| label == 1).count() as f64;
    let mut b = if descent == Descent::PriorStart {
        (ones / (n - ones)).ln()
    } else {
        0.0
    };
    let mut w = Array1::<f64>::zeros(x.ncols());
    let errors = |b: f64, w: &Array1<f64>| -> Array1<f64> {
        Array1::from_shape_fn(y.len(), |i| {
            let z = b + x.row(i).dot(w);
            1.0 / (1.0 + (-z).exp()) - y[i] as f64
        })
    };
    for _ in 0..steps {
        let e = errors(b, &w);
        let grad_b = e.sum() / n;
        b -= if descent == Descent::InterceptRateIgnored {
            grad_b
        } else {
            rate * grad_b
        };
        let e = if descent == Descent::GradientRetakenBetweenUpdates {
            errors(b, &w)
        } else {
            e
        };
        let grad_w = x.t().dot(&e) / n + &w * l2;
        w = &w - &(grad_w * rate);
    }
    std::iter::once(b).chain(w).collect()
}

fn descent_mistake(descent: Descent) -> &'static str {
    match descent {
        Descent::Doc => "",
        Descent::OneStepTooMany => {
            "one step too many: take exactly params.iterations steps (for _ in 0..iterations)"
        }
        Descent::RateIgnored => {
            "the learning rate was ignored (a step of 1·gradient): step by \
             params.learning_rate times the gradient"
        }
        Descent::PenaltyIgnored => {
            "the penalty was left out of the steps: pass params.l2 to the gradient"
        }
        Descent::InterceptRateIgnored => {
            "the intercept stepped without the learning rate: b ← b − η·∂J/∂b, like the weights"
        }
        Descent::PriorStart => {
            "the intercept started at the classes' log-odds: start from the all-zero model, \
             LogisticModel::zeros(p)"
        }
        Descent::GradientRetakenBetweenUpdates => {
            "the weights stepped with a gradient taken after the intercept moved: b and w step \
             with the same gradient, computed once per step before either moves"
        }
    }
}

#[test]
fn fit_takes_the_documented_steps_for_every_parameter() {
    let x = array![[-1.0, 0.5], [0.0, -1.0], [1.0, 1.0], [2.0, 0.0]];
    let y = array![0, 1, 1, 1];
    // One step from the zero model: p = ½ everywhere, so b = −η·mean(½ − y) and
    // w = −η·Xᵀ(½ − y)/n (the penalty λ·w is 0 at w = 0).
    let errors = array![0.5, -0.5, -0.5, -0.5];
    let eta = 0.3;
    let one_step: Array1<f64> = std::iter::once(-eta * errors.sum() / 4.0)
        .chain((x.t().dot(&errors) / 4.0) * -eta)
        .collect();
    let cases = [
        (
            "1 step, η = 0.3, λ = 0.5",
            LogisticParams::new(0.3).iterations(1).l2(0.5),
        ),
        (
            "4 steps, η = 0.3, λ = 0.5",
            LogisticParams::new(0.3).iterations(4).l2(0.5),
        ),
        (
            "3 steps, η = 2, λ = 0",
            LogisticParams::new(2.0).iterations(3),
        ),
        ("0 steps", LogisticParams::new(0.3).iterations(0)),
    ];
    for (what, params) in cases {
        let model = call_ok!(logistic_regression::fit(x.view(), y.view(), &params));
        let got: Array1<f64> = std::iter::once(model.intercept)
            .chain(model.coefficients.iter().copied())
            .collect();
        let expected = if params.iterations == 1 {
            one_step.clone()
        } else {
            grader_fit(x.view(), y.view(), &params, Descent::Doc)
        };
        let mut check = expect_array(
            format!("(b, w₁, w₂) after fit with {what}, from the zero model (4 rows, 2 features)"),
            &got,
            &expected,
        )
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis();
        for descent in [
            Descent::OneStepTooMany,
            Descent::RateIgnored,
            Descent::PenaltyIgnored,
            Descent::GradientRetakenBetweenUpdates,
            Descent::PriorStart,
            Descent::InterceptRateIgnored,
        ] {
            check = check.mistake_array(
                &grader_fit(x.view(), y.view(), &params, descent),
                descent_mistake(descent),
            );
        }
        check.assert();
    }
}

#[test]
fn fit_validates_its_parameters_first() {
    let (x, _) = three_points();
    let error = expect_err(
        "fit with learning rate 0 AND a label 2",
        "two faults at once: params.validate()? first",
        call!(logistic_regression::fit(
            x.view(),
            array![0, 2, 1].view(),
            &LogisticParams::new(0.0)
        ))
        .map(|model| format!("a model with intercept {}", model.intercept)),
    );
    require(matches!(error, LogisticError::InvalidParams(_)), || {
        format!(
            "two faults at once: expected InvalidParams, got {error:?}\n    likely mistake: \
             the data was checked first; call params.validate()? first"
        )
    });
    let error = expect_err(
        "fit with 0 rows",
        "there is nothing to fit: Empty",
        call!(logistic_regression::fit(
            Array2::<f64>::zeros((0, 2)).view(),
            Array1::<usize>::zeros(0).view(),
            &LogisticParams::new(0.5)
        ))
        .map(|model| format!("a model with intercept {}", model.intercept)),
    );
    require(error == LogisticError::Empty, || {
        format!("fit with 0 rows: expected Empty, got {error:?}")
    });
    let error = expect_err(
        "fit with 3 rows and 2 labels",
        "every row needs exactly one label",
        call!(logistic_regression::fit(
            x.view(),
            array![0, 1].view(),
            &LogisticParams::new(0.5)
        ))
        .map(|model| format!("a model with intercept {}", model.intercept)),
    );
    require(
        error == LogisticError::RowsMismatch { rows: 3, values: 2 },
        || {
            format!(
                "fit with 3 rows and 2 labels: expected RowsMismatch {{ rows: 3, values: 2 }}, got {error:?}"
            )
        },
    );
}
