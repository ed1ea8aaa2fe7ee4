//! Grader of exercises/03_regression/linear_regression_gd.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/03_regression/linear_regression_gd.rs"]
mod linear_regression_gd;
#[cfg(feature = "solutions")]
use mlings::reference::linear_regression_gd;

mod regression_support;

use mlings::grade::{Tolerance, expect, expect_array, require};
use mlings::types::linear_regression_gd::{GdParams, LinearError, LinearModel};
use mlings::{call, call_ok};
use ndarray::{Array1, ArrayView1, array};
use regression_support::{
    converged, converged_from_zero, descend_by_the_doc, error_of, expect_diverged,
    expect_gradient_matches_loss, flatten, flatten_gradient, linfa_least_squares, predictions,
    slow_divergence_probe, test_r2, unflatten,
};

/// x = 1, 2, 3, 4 and y = 3, 5, 6, 10 at b = 1, w = 1: predictions 2, 3, 4, 5 and
/// residuals (prediction − truth) −1, −2, −2, −5.
fn small_case() -> (ndarray::Array2<f64>, Array1<f64>, LinearModel) {
    (
        array![[1.0], [2.0], [3.0], [4.0]],
        array![3.0, 5.0, 6.0, 10.0],
        LinearModel {
            intercept: 1.0,
            coefficients: array![1.0],
        },
    )
}

/// Fails with a teaching message unless the losses never go up (beyond round-off).
fn require_monotone(what: &str, history: &[f64]) {
    let slack = 1e-12 * history[0].abs();
    if let Some(k) = (1..history.len()).find(|&k| history[k] > history[k - 1] + slack) {
        mlings::grade::fail(format!(
            "{what}: with a safe learning rate the loss never increases, but it rose at step \
             {k}: {} -> {}\n    likely mistake: a step in the wrong direction for some \
             parameter, or a loss recorded before the step",
            history[k - 1],
            history[k]
        ));
    }
}

#[test]
fn mse_by_hand() {
    let (x, y, model) = small_case();
    let got = call_ok!(linear_regression_gd::mse(&model, x.view(), y.view()));
    // Squared residuals 1 + 4 + 4 + 25 = 34, over 4 rows.
    expect("MSE at b = 1, w = 1", got, 8.5)
        .n(4)
        .mistake(
            8.5f64.sqrt(),
            "you returned the root of the MSE: do not take the square root",
        )
        .mistake(
            34.0,
            "you returned the sum of squared errors, not divided by n: the MSE is their mean",
        )
        .mistake(
            4.25,
            "you divided by 2n: this loss is (1/n) Σ r², without the 1/2 some books put in",
        )
        .mistake(
            34.0 / 3.0,
            "you divided by n - 1: the MSE divides by n, the number of rows",
        )
        .mistake(
            14.5,
            "the intercept is left out of the predictions: ŷᵢ = b + xᵢ·w",
        )
        .assert();
}

#[test]
fn mse_gradient_by_hand() {
    let (x, y, model) = small_case();
    let got = call_ok!(linear_regression_gd::mse_gradient(
        &model,
        x.view(),
        y.view()
    ));
    // ∂L/∂b = (2/4)(−1 − 2 − 2 − 5) = −5;  ∂L/∂w = (2/4)(−1·1 − 2·2 − 2·3 − 5·4) = −15.5.
    expect_array(
        "MSE gradient (∂L/∂b, ∂L/∂w) at b = 1, w = 1",
        &flatten_gradient(&got),
        &array![-5.0, -15.5],
    )
    .n(4)
    .mistake_factor(
        0.5,
        "the gradient is half the right size: it is missing the factor 2 (the derivative of \
         r² is 2r)",
    )
    .mistake_factor(
        -1.0,
        "the sign is flipped: you took the residuals as truth minus prediction; with \
         r = prediction − truth the gradient is +(2/n) Xᵀr",
    )
    .mistake_factor(
        4.0,
        "the gradient is n = 4 times too large: the sums are not divided by n (a mean, not \
         a sum)",
    )
    .mistake_factor(
        2.0,
        "the gradient is twice the right size: the 2 of the square counted twice?",
    )
    .mistake_array(
        &array![0.0, -15.5],
        "the intercept's gradient is missing: ∂L/∂b = (2/n) Σ rᵢ",
    )
    .mistake_array(
        &array![-2.5, -15.5],
        "the intercept's gradient is missing the factor 2: ∂L/∂b = (2/n) Σ rᵢ",
    )
    .mistake_array(
        &array![-5.0, -7.75],
        "the coefficients' gradient is missing the factor 2: ∂L/∂w = (2/n) Xᵀr",
    )
    .assert();
}

#[test]
fn gradient_matches_finite_differences_on_diabetes() {
    let split = regression_support::diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let model = LinearModel {
        intercept: 120.0,
        coefficients: Array1::linspace(-20.0, 25.0, 10),
    };
    let got = call_ok!(linear_regression_gd::mse_gradient(&model, x, y));
    // The loss written out here, differentiated numerically.
    let loss = |theta: ArrayView1<f64>| {
        let residuals = predictions(&unflatten(theta), x) - y;
        residuals.dot(&residuals) / y.len() as f64
    };
    expect_gradient_matches_loss(
        "MSE gradient on standardized diabetes",
        &got,
        flatten(&model).view(),
        loss,
        1e-4,
        y.len(),
    );
}

#[test]
fn one_step_from_zero_by_hand() {
    let x = array![[0.0], [1.0], [2.0], [3.0]];
    let y = array![1.0, 3.0, 5.0, 7.0];
    let result = converged_from_zero(
        "gradient descent",
        call!(linear_regression_gd::fit(
            x.view(),
            y.view(),
            &GdParams::new(0.1).iterations(1)
        )),
        x.view(),
        y.view(),
        0.0,
        0.1,
    );
    // From b = w = 0 the residuals are −y: ∂L/∂b = (2/4)(−16) = −8, ∂L/∂w = (2/4)(−34) = −17,
    // so one step of 0.1 lands on b = 0.8, w = 1.7.
    expect_array(
        "(b, w) after one step of 0.1 from zero on y = 2x + 1",
        &flatten(&result.model),
        &array![0.8, 1.7],
    )
    .mistake_array(
        &array![0.4, 0.85],
        "the step is half as long as it should be: the gradient lost its factor 2",
    )
    .mistake_array(
        &array![-0.8, -1.7],
        "you stepped uphill: subtract learning_rate x gradient",
    )
    .mistake_array(
        &array![0.0, 1.7],
        "the intercept never moved: step it too, b ← b − η ∂L/∂b",
    )
    // b first (0.8), then a gradient at (0.8, 0): residuals −0.2, −2.2, −4.2, −6.2,
    // ∂L/∂w = (2/4)(−29.2) = −14.6, so w = 1.46.
    .mistake_array(
        &array![0.8, 1.46],
        "the coefficients were stepped with a gradient taken after the intercept's step: \
         compute the whole gradient at the same model, before either step",
    )
    .assert();
    // MSE at zero: (1 + 9 + 25 + 49)/4 = 21; after the step the residuals are
    // −0.2, −0.5, −0.8, −1.1: (0.04 + 0.25 + 0.64 + 1.21)/4 = 0.535.
    expect_array(
        "loss_history after one step (the loss at the start, then after the step)",
        &Array1::from(result.loss_history.clone()),
        &array![21.0, 0.535],
    )
    .assert();
}

#[test]
fn converges_to_the_line() {
    let x = array![[0.0], [1.0], [2.0], [3.0]];
    let y = array![1.0, 3.0, 5.0, 7.0];
    let result = converged_from_zero(
        "gradient descent",
        call!(linear_regression_gd::fit(
            x.view(),
            y.view(),
            &GdParams::new(0.1).iterations(1_000)
        )),
        x.view(),
        y.view(),
        0.0,
        0.1,
    );
    require(result.loss_history.len() == 1_001, || {
        format!(
            "loss_history has {} values for 1000 steps: record the loss at the start and after \
             every step",
            result.loss_history.len()
        )
    });
    require_monotone("loss history on y = 2x + 1", &result.loss_history);
    expect_array(
        "(b, w) after 1000 steps on y = 2x + 1",
        &flatten(&result.model),
        &array![1.0, 2.0],
    )
    .tol(Tolerance::abs(1e-8))
    .assert();
}

#[test]
fn standardized_diabetes_reaches_the_closed_form() {
    let split = regression_support::diabetes();
    let params = GdParams::new(0.25).iterations(3_000);
    let result = converged(
        "gradient descent",
        call!(linear_regression_gd::fit(
            split.x_train.view(),
            split.y_train.view(),
            &params
        )),
    );
    require_monotone(
        "loss history on standardized diabetes",
        &result.loss_history,
    );
    let closed_form = linfa_least_squares(split.x_train.view(), split.y_train.view());
    expect_array(
        "(b, w) after 3000 steps of 0.25 on standardized diabetes vs the closed form (linfa)",
        &flatten(&result.model),
        &flatten(&closed_form),
    )
    .tol(Tolerance::abs(1e-4))
    .assert();
    expect(
        "test R² of gradient descent on standardized diabetes (closed form: 0.4526)",
        test_r2(&result.model, &split),
        test_r2(&closed_form, &split),
    )
    .tol(Tolerance::abs(1e-4))
    .assert();
}

#[test]
fn raw_features_need_a_tiny_learning_rate_and_converge_far_slower() {
    let (train, _) = regression_support::raw_diabetes();
    let (x, y) = (train.features.view(), train.targets.view());
    // The rate that converges on standardized features blows up at once on raw ones:
    // columns in the hundreds (cholesterol near 190) make the curvature about 10⁴ times larger.
    let error = error_of(
        "gradient descent at learning rate 0.25 on RAW diabetes features",
        "Diverged",
        "the loss explodes on the first step: report Diverged instead of returning inf or NaN",
        call!(linear_regression_gd::fit(
            x,
            y,
            &GdParams::new(0.25).iterations(3_000)
        )),
    );
    require(matches!(error, LinearError::Diverged { .. }), || {
        format!("expected LinearError::Diverged {{ .. }}, got {error:?}")
    });
    // 1e-5 is about the largest rate that does not diverge (3e-5 does). After 1000 steps
    // the raw run is still more than 10% above the minimum.
    let slow = converged(
        "gradient descent",
        call!(linear_regression_gd::fit(
            x,
            y,
            &GdParams::new(1e-5).iterations(1_000)
        )),
    );
    let closed_form = linfa_least_squares(x, y);
    let residuals = predictions(&closed_form, x) - y;
    let minimum = residuals.dot(&residuals) / y.len() as f64;
    let reached = *slow.loss_history.last().expect("1001 losses");
    require(reached.is_finite() && reached > 1.1 * minimum, || {
        format!(
            "on raw features at learning rate 1e-5, 1000 steps should leave the MSE well above \
             its minimum {minimum:.1} (raw features converge that slowly), but you report \
             {reached:.1}: are you standardizing inside fit? Don't: fit must use x as given"
        )
    });
    require_monotone(
        "loss history on raw diabetes at rate 1e-5",
        &slow.loss_history,
    );
}

#[test]
fn too_large_a_learning_rate_is_reported_as_divergence() {
    let split = regression_support::diabetes();
    // The largest curvature of the standardized problem is between 2/0.3 and 2/0.25.
    let error = error_of(
        "gradient descent at learning rate 0.3 on standardized diabetes",
        "Diverged",
        "the steps overshoot along the steepest direction and the loss grows: return \
         Diverged as soon as a loss exceeds the starting loss",
        call!(linear_regression_gd::fit(
            split.x_train.view(),
            split.y_train.view(),
            &GdParams::new(0.3).iterations(1_000)
        )),
    );
    require(matches!(error, LinearError::Diverged { .. }), || {
        format!("expected LinearError::Diverged {{ .. }}, got {error:?}")
    });
}

#[test]
fn zero_iterations_return_the_zero_model() {
    let (x, y, _) = small_case();
    let result = converged(
        "gradient descent",
        call!(linear_regression_gd::fit(
            x.view(),
            y.view(),
            &GdParams::new(0.1).iterations(0)
        )),
    );
    expect_array(
        "(b, w) after 0 steps",
        &flatten(&result.model),
        &array![0.0, 0.0],
    )
    .assert();
    // MSE of the zero model: (9 + 25 + 36 + 100) / 4.
    expect_array(
        "loss_history after 0 steps",
        &Array1::from(result.loss_history),
        &array![42.5],
    )
    .assert();
}

#[test]
fn bad_parameters_and_shapes_are_errors() {
    let (x, y, _) = small_case();
    for rate in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let error = error_of(
            &format!("fit with learning rate {rate}"),
            "InvalidParams",
            "the learning rate must be positive and finite: call params.validate()? first",
            call!(linear_regression_gd::fit(
                x.view(),
                y.view(),
                &GdParams::new(rate)
            )),
        );
        require(matches!(error, LinearError::InvalidParams(_)), || {
            format!(
                "fit with learning rate {rate}: expected InvalidParams (from \
                 params.validate()), got {error}"
            )
        });
    }
    let empty = ndarray::Array2::<f64>::zeros((0, 1));
    let error = error_of(
        "fit with no rows",
        "Empty",
        "the mean over no rows is 0/0",
        call!(linear_regression_gd::fit(
            empty.view(),
            Array1::<f64>::zeros(0).view(),
            &GdParams::new(0.1)
        )),
    );
    require(error == LinearError::Empty, || {
        format!("fit with no rows: expected LinearError::Empty, got {error}")
    });
}

/// `what` of the mse and its gradient, which share their error rules.
fn both_errors(
    model: &LinearModel,
    x: ndarray::ArrayView2<f64>,
    y: ArrayView1<f64>,
) -> [(&'static str, Result<(), LinearError>); 2] {
    [
        (
            "mse",
            call!(linear_regression_gd::mse(model, x, y)).map(|_| ()),
        ),
        (
            "mse_gradient",
            call!(linear_regression_gd::mse_gradient(model, x, y)).map(|_| ()),
        ),
    ]
}

/// (case, x, y, expected error, why that one when it is not).
type ShapeCase = (
    &'static str,
    ndarray::Array2<f64>,
    Array1<f64>,
    LinearError,
    &'static str,
);

#[test]
fn errors_come_in_the_documented_order_with_every_field() {
    let (x, y, model) = small_case();
    let wide = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]];
    let cases: [ShapeCase; 5] = [
        (
            "x with 0 rows and 2 columns, no targets, a 1-coefficient model",
            ndarray::Array2::zeros((0, 2)),
            Array1::zeros(0),
            LinearError::Empty,
            "Empty is checked before ColumnsMismatch",
        ),
        (
            "4 rows of x and 3 targets",
            x.clone(),
            array![1.0, 2.0, 3.0],
            LinearError::RowsMismatch { rows: 4, values: 3 },
            "",
        ),
        (
            "x with 0 rows and 3 targets",
            ndarray::Array2::zeros((0, 1)),
            array![1.0, 2.0, 3.0],
            LinearError::RowsMismatch { rows: 0, values: 3 },
            "RowsMismatch is checked before Empty: the lengths differ, so that is the error",
        ),
        (
            "x with 2 columns and 4 rows, 3 targets, a 1-coefficient model",
            wide.clone(),
            array![1.0, 2.0, 3.0],
            LinearError::RowsMismatch { rows: 4, values: 3 },
            "RowsMismatch is checked before ColumnsMismatch",
        ),
        (
            "x with 2 columns and 4 rows, 4 targets, a 1-coefficient model",
            wide,
            y.clone(),
            LinearError::ColumnsMismatch {
                columns: 2,
                coefficients: 1,
            },
            "",
        ),
    ];
    for (case, cx, cy, expected, order) in cases {
        for (name, result) in both_errors(&model, cx.view(), cy.view()) {
            let what = format!("{name} with {case}");
            let error = error_of(&what, &format!("{expected:?}"), order, result);
            if error == expected {
                continue;
            }
            let diagnosis = match (&error, &expected) {
                (
                    LinearError::RowsMismatch { rows, values },
                    LinearError::RowsMismatch { rows: r, values: v },
                ) if rows == v && values == r => {
                    "rows and values are swapped: rows is x.nrows(), values is y.len()".into()
                }
                (
                    LinearError::ColumnsMismatch {
                        columns,
                        coefficients,
                    },
                    LinearError::ColumnsMismatch {
                        columns: c,
                        coefficients: k,
                    },
                ) if columns == k && coefficients == c => "columns and coefficients are \
                                                           swapped: columns is x.ncols()"
                    .into(),
                (LinearError::Empty, LinearError::RowsMismatch { .. }) => {
                    "you checked Empty before RowsMismatch: the documented order is \
                     RowsMismatch, then Empty, then ColumnsMismatch"
                        .to_string()
                }
                (LinearError::ColumnsMismatch { .. }, LinearError::Empty) => {
                    "you checked ColumnsMismatch before Empty: the documented order is \
                     RowsMismatch, then Empty, then ColumnsMismatch"
                        .to_string()
                }
                (LinearError::ColumnsMismatch { .. }, LinearError::RowsMismatch { .. }) => {
                    "you checked ColumnsMismatch before RowsMismatch: the documented order \
                     is RowsMismatch, then Empty, then ColumnsMismatch"
                        .to_string()
                }
                _ => order.to_string(),
            };
            mlings::grade::fail(format!(
                "{what}: expected {expected:?}, got {error:?}\n    likely mistake: {diagnosis}"
            ));
        }
    }
    // Both the parameters and the data are bad: the parameters are checked first.
    let empty = ndarray::Array2::<f64>::zeros((0, 1));
    let error = error_of(
        "fit with learning rate 0 AND no rows",
        "InvalidParams",
        "params.validate()? comes first, then the data",
        call!(linear_regression_gd::fit(
            empty.view(),
            Array1::<f64>::zeros(0).view(),
            &GdParams::new(0.0)
        )),
    );
    require(matches!(error, LinearError::InvalidParams(_)), || {
        format!(
            "fit with learning rate 0 AND no rows: expected InvalidParams, got {error:?}\n    \
             likely mistake: you checked the data before the parameters; \
             params.validate()? comes before the data checks"
        )
    });
}

/// Two features, an intercept and a target that no line fits exactly.
fn two_feature_case() -> (ndarray::Array2<f64>, Array1<f64>) {
    (
        array![
            [0.5, 1.0],
            [1.0, -0.5],
            [1.5, 0.25],
            [-0.5, 0.75],
            [2.0, -1.0]
        ],
        array![2.0, 1.5, 3.0, 0.5, 2.5],
    )
}

#[test]
fn every_learning_rate_and_step_count_matches_the_doc() {
    let (x, y) = two_feature_case();
    for (rate, iterations) in [(0.1, 1), (0.1, 2), (0.05, 7), (0.3, 25), (0.2, 0)] {
        let expected = descend_by_the_doc(x.view(), y.view(), 0.0, rate, iterations);
        assert!(expected.diverged.is_none(), "a safe rate for the probe");
        let what = format!("fit at learning rate {rate} for {iterations} steps");
        let got = converged(
            &what,
            call!(linear_regression_gd::fit(
                x.view(),
                y.view(),
                &GdParams::new(rate).iterations(iterations)
            )),
        );
        let history = &got.loss_history;
        let want = &expected.losses;
        if history.len() != want.len() {
            let diagnosis = if history.len() < want.len()
                && history.len() > 1
                && history.len() + 1 != want.len()
            {
                "you stopped early: take exactly params.iterations steps"
            } else if history.len() + 1 == want.len() {
                if history
                    .first()
                    .is_some_and(|&l| Tolerance::rel(1e-9).accepts(l, want[0]) && want.len() > 1)
                {
                    "you took iterations - 1 steps (a loop 1..iterations?)"
                } else {
                    "loss_history[0] must be the starting loss (of the zero model); you \
                     recorded only the losses after the steps"
                }
            } else if history.len() == want.len() + 1 {
                "one step too many (a loop 0..=iterations?)"
            } else {
                "record the loss at the start, then once after every step"
            };
            mlings::grade::fail(format!(
                "{what}: loss_history has {} values, expected {} (iterations + 1)\n    \
                 likely mistake: {diagnosis}",
                history.len(),
                want.len()
            ));
        }
        // Each loss recorded before its step: the start twice, the last loss missing.
        let before: Vec<f64> = std::iter::once(want[0])
            .chain(want[..want.len() - 1].iter().copied())
            .collect();
        let mut check = expect_array(
            format!("loss_history of {what}"),
            &Array1::from(history.clone()),
            &Array1::from(want.clone()),
        )
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis();
        if iterations > 0 {
            check = check.mistake_array(
                &Array1::from(before),
                "you recorded each loss before the step: record the loss at the start, then \
                 the new loss after every step",
            );
        }
        check.assert();
        expect_array(
            format!("(b, w) after {what}"),
            &flatten(&got.model),
            &flatten(&expected.model),
        )
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis()
        .assert();
    }
}

#[test]
fn divergence_is_a_loss_above_the_starting_loss_with_every_field_reported() {
    let (x, y, rate) = slow_divergence_probe();
    let expected = descend_by_the_doc(x.view(), y.view(), 0.0, rate, 20);
    let what = format!(
        "fit at rate {rate} for 20 steps on a probe whose loss falls from 10 to 1.21, then \
         grows by 1.21 per step and passes 10 at step 13"
    );
    let error = error_of(
        &what,
        "Diverged { iteration: 13, .. }",
        "a loss larger than the loss at the start is divergence, even while it is finite",
        call!(linear_regression_gd::fit(
            x.view(),
            y.view(),
            &GdParams::new(rate).iterations(20)
        )),
    );
    expect_diverged(&what, &error, &expected);
}

#[test]
fn a_loss_equal_to_the_start_is_not_divergence() {
    // y = 0: the zero model is already the minimum, every step leaves the loss at 0.
    let x = array![[1.0], [2.0], [3.0]];
    let y = array![0.0, 0.0, 0.0];
    let result = call!(linear_regression_gd::fit(
        x.view(),
        y.view(),
        &GdParams::new(0.1).iterations(5)
    ));
    match result {
        Ok(training) => require(training.loss_history == vec![0.0; 6], || {
            let len = training.loss_history.len();
            format!(
                "fit on y = 0 for 5 steps: expected loss_history [0.0; 6] (the zero model is \
                 the minimum and never moves), got {len} values starting {:?}{}",
                &training.loss_history[..len.min(3)],
                if len < 6 {
                    "\n    likely mistake: you stopped early when the loss stopped changing: \
                     take exactly params.iterations steps"
                } else {
                    ""
                }
            )
        }),
        Err(error) => mlings::grade::fail(format!(
            "fit on y = 0 (the zero model is already the minimum: every loss is 0) returned \
             {error}\n    likely mistake: a loss equal to the starting loss is not divergence; \
             only a loss larger than the loss at the start (or not finite) is"
        )),
    }
}
