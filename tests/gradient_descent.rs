//! Grader of exercises/02_optimization/gradient_descent.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/02_optimization/gradient_descent.rs"]
mod gradient_descent;
#[cfg(feature = "solutions")]
use mlings::reference::gradient_descent;

use mlings::grade::{Tolerance, expect, expect_array, expect_err, fail, require};
use mlings::types::gradient_descent::{Descent, DescentError, DescentParams, Objective, Quadratic};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, array};

/// f(w) = ½ wᵀ diag(curvatures) w − bᵀw: minimum at bᵢ / curvatureᵢ, curvature L = max.
fn bowl(curvatures: &[f64], b: &[f64]) -> Quadratic {
    Quadratic {
        a: Array2::from_diag(&Array1::from(curvatures.to_vec())),
        b: Array1::from(b.to_vec()),
    }
}

/// Checks a run at a learning rate that is safe for its bowl: the loss never rises and
/// the iterates stay finite (a rise within round-off, 1e-12 relative, near the minimum is
/// not a rise). Names the usual culprits when they do not.
#[track_caller]
fn require_steady_descent(what: &str, result: &Descent) {
    let history = &result.loss_history;
    let rose = |k: usize| history[k] > history[k - 1] + 1e-12 * (1.0 + history[k - 1].abs());
    if let Some(k) = (1..history.len()).find(|&k| rose(k)) {
        let culprit = if k == 1 {
            "it rose at the very first step, so you are stepping uphill: \
             w ← w − learning_rate · ∇f(w), with a minus"
        } else {
            "check that each step uses the gradient at the current w, and the minus sign"
        };
        fail(format!(
            "{what}: with a safe learning rate the loss must never increase, but it rose at \
             step {k}: {} -> {}\n    likely mistake: {culprit}",
            history[k - 1],
            history[k]
        ));
    }
    if result.minimizer.iter().any(|v| !v.is_finite()) {
        fail(format!(
            "{what}: the iterates blew up to {} at a safe learning rate\n    likely mistake: a \
             step in the wrong direction (w + η·∇f instead of w − η·∇f); and a loss that grows \
             must be reported as DescentError::Diverged, not returned",
            result.minimizer
        ));
    }
}

#[test]
fn finds_the_bottom_of_a_round_bowl() {
    // ½‖w‖² − (3, −2)·w: minimum at (3, −2), curvature 1 in every direction.
    let f = bowl(&[1.0, 1.0], &[3.0, -2.0]);
    let params = DescentParams::new(0.5).tolerance(1e-10);
    let result = call_ok!(gradient_descent::minimize(
        &f,
        array![0.0, 0.0].view(),
        &params
    ));
    require_steady_descent("gradient descent on ½‖w‖² − (3, −2)·w at rate 0.5", &result);
    expect_array(
        "minimizer of ½‖w‖² − (3, −2)·w",
        &result.minimizer,
        &array![3.0, -2.0],
    )
    .tol(Tolerance::abs(1e-8))
    .mistake_array(
        &array![-3.0, 2.0],
        "you stepped uphill: subtract learning_rate x gradient",
    )
    .mistake_array(
        &array![0.0, 0.0],
        "w never moved: update it with w - learning_rate * gradient",
    )
    .assert();
    require(result.converged, || {
        format!(
            "converged should be true: the gradient reached the tolerance after {} steps",
            result.iterations
        )
    });
}

#[test]
fn finds_the_closed_form_minimum_of_a_coupled_bowl() {
    // A is symmetric positive definite (eigenvalues at most 4, by Gershgorin): the minimum solves Aw = b.
    let f = Quadratic {
        a: array![[2.5, 0.5, 0.0], [0.5, 2.5, 1.0], [0.0, 1.0, 2.0]],
        b: array![1.0, -2.0, 3.0],
    };
    // Solved by hand (Cramer's rule): det A = 19/2, w* = (15, −37, 47) / 19.
    let expected = array![15.0, -37.0, 47.0] / 19.0;
    let params = DescentParams::new(0.3)
        .tolerance(1e-10)
        .max_iterations(100_000);
    let result = call_ok!(gradient_descent::minimize(
        &f,
        array![0.0, 0.0, 0.0].view(),
        &params
    ));
    require_steady_descent("gradient descent on ½wᵀAw − bᵀw at rate 0.3", &result);
    expect_array(
        "minimizer of ½wᵀAw − bᵀw (solution of Aw = b)",
        &result.minimizer,
        &expected,
    )
    .tol(Tolerance::abs(1e-8))
    .assert();
}

#[test]
fn loss_history_starts_at_the_start_and_never_increases() {
    let f = bowl(&[1.0, 10.0], &[1.0, 1.0]);
    let start = array![5.0, -5.0];
    let params = DescentParams::new(0.05).tolerance(1e-9);
    let result = call_ok!(gradient_descent::minimize(&f, start.view(), &params));
    let history = &result.loss_history;
    require(history.len() == result.iterations + 1, || {
        format!(
            "loss_history has {} values for {} steps: record the loss at the start and after every step",
            history.len(),
            result.iterations
        )
    });
    expect(
        "loss_history[0] (the loss at the start)",
        history[0],
        f.loss(start.view()),
    )
    .assert();
    require_steady_descent(
        "gradient descent on the curvature-1-and-10 bowl at rate 0.05",
        &result,
    );
    expect(
        "final loss (the minimum is −½ bᵀA⁻¹b = −0.55)",
        history[history.len() - 1],
        -0.55,
    )
    .tol(Tolerance::abs(1e-9))
    .assert();
}

#[test]
fn a_badly_conditioned_bowl_needs_a_small_learning_rate() {
    // Curvatures 1 and 100: steps are stable only while the learning rate is below 2/100.
    let f = bowl(&[1.0, 100.0], &[1.0, 100.0]);
    let start = array![0.0, 0.0];
    let safe = DescentParams::new(0.019)
        .tolerance(1e-9)
        .max_iterations(50_000);
    let result = call_ok!(gradient_descent::minimize(&f, start.view(), &safe));
    require_steady_descent(
        "gradient descent on the curvature-1-and-100 bowl at rate 0.019",
        &result,
    );
    expect_array(
        "minimizer of the curvature-1-and-100 bowl",
        &result.minimizer,
        &array![1.0, 1.0],
    )
    .tol(Tolerance::abs(1e-7))
    .assert();
    require(result.iterations > 500, || {
        format!(
            "the flat direction (curvature 1) should take hundreds of steps at learning rate 0.019, \
             but you report {} iterations: count every step",
            result.iterations
        )
    });
    let unsafe_rate = DescentParams::new(0.021);
    let error = expect_err(
        "gradient descent at learning rate 0.021 on a curvature-100 bowl",
        "each step multiplies the steep coordinate's error by |1 − 0.021·100| = 1.1, so the loss grows",
        call!(gradient_descent::minimize(&f, start.view(), &unsafe_rate)),
    );
    require(matches!(error, DescentError::Diverged { .. }), || {
        format!("expected DescentError::Diverged, got {error:?}")
    });
}

#[test]
fn divergence_is_reported_not_returned_as_nan() {
    let f = bowl(&[1.0, 1.0], &[1.0, 1.0]);
    let huge = DescentParams::new(1e200).max_iterations(50);
    let error = expect_err(
        "gradient descent at learning rate 1e200",
        "the iterates overflow to inf/NaN: report Diverged instead of returning them",
        call!(gradient_descent::minimize(
            &f,
            array![1.0, 0.0].view(),
            &huge
        )),
    );
    let DescentError::Diverged { iteration, .. } = error else {
        fail(format!("expected DescentError::Diverged, got {error:?}"));
    };
    require(iteration == 1, || {
        format!(
            "the very first step already raised the loss: expected iteration 1, got {iteration}"
        )
    });
}

#[test]
fn stops_at_the_iteration_cap() {
    let f = bowl(&[1.0], &[1.0]);
    let params = DescentParams::new(1e-4).max_iterations(5);
    let result = call_ok!(gradient_descent::minimize(&f, array![0.0].view(), &params));
    require(result.iterations == 5 && !result.converged, || {
        format!(
            "with max_iterations 5 and a tiny learning rate: expected 5 steps, not converged; \
             got {} steps, converged = {}",
            result.iterations, result.converged
        )
    });
    require(result.loss_history.len() == 6, || {
        format!(
            "expected 6 losses (start + 5 steps), got {}",
            result.loss_history.len()
        )
    });
    // After k steps from 0 on ½w² − w: w_k = 1 − (1 − η)^k.
    expect(
        "w after 5 steps at η = 1e-4",
        result.minimizer[0],
        1.0 - (1.0f64 - 1e-4).powi(5),
    )
    .assert();
}

#[test]
fn starting_at_the_minimum_takes_no_step() {
    let f = bowl(&[2.0], &[4.0]);
    let result = call_ok!(gradient_descent::minimize(
        &f,
        array![2.0].view(),
        &DescentParams::new(0.1)
    ));
    require(result.iterations == 0 && result.converged, || {
        format!(
            "the gradient is already 0 at the start: expected 0 steps and converged, got {} steps, converged = {}",
            result.iterations, result.converged
        )
    });
}

#[test]
fn invalid_learning_rates_are_rejected() {
    let f = bowl(&[1.0], &[1.0]);
    for rate in [0.0, -0.1, f64::NAN] {
        let error = expect_err(
            &format!("gradient descent with learning rate {rate}"),
            "call params.validate()? first",
            call!(gradient_descent::minimize(
                &f,
                array![0.0].view(),
                &DescentParams::new(rate)
            )),
        );
        require(matches!(error, DescentError::InvalidParams(_)), || {
            format!("expected InvalidParams, got {error:?}")
        });
    }
}

/// f(x, y) = x³ + 3y, with its true gradient (3x², 3).
struct Cubic;

impl Objective for Cubic {
    fn loss(&self, w: ArrayView1<f64>) -> f64 {
        w[0].powi(3) + 3.0 * w[1]
    }
    fn gradient(&self, w: ArrayView1<f64>) -> Array1<f64> {
        array![3.0 * w[0] * w[0], 3.0]
    }
}

/// The same function with a gradient that has a classic slip: a factor of 2 too many.
struct CubicWithWrongGradient;

impl Objective for CubicWithWrongGradient {
    fn loss(&self, w: ArrayView1<f64>) -> f64 {
        Cubic.loss(w)
    }
    fn gradient(&self, w: ArrayView1<f64>) -> Array1<f64> {
        Cubic.gradient(w) * 2.0
    }
}

#[test]
fn numerical_gradient_uses_central_differences() {
    let h = 1e-3;
    let got = call!(gradient_descent::numerical_gradient(
        &Cubic,
        array![1.0, 2.0].view(),
        h
    ));
    // Central difference of x³ at 1: ((1+h)³ − (1−h)³) / 2h = 3 + h², exactly.
    expect_array(
        "numerical gradient of x³ + 3y at (1, 2) with h = 1e-3",
        &got,
        &array![3.0 + h * h, 3.0],
    )
    .tol(Tolerance::abs(1e-9))
    .mistake_array(
        &array![3.0 + 3.0 * h + h * h, 3.0],
        "that is the one-sided difference (f(w + h) − f(w)) / h: use (f(w + h) − f(w − h)) / 2h",
    )
    .mistake_array(
        &array![6.0 + 2.0 * h * h, 6.0],
        "divide the difference by 2h, not h",
    )
    .assert();
}

#[test]
fn gradient_check_tells_right_from_wrong() {
    let at = array![0.7, -1.3];
    let right = call!(gradient_descent::gradient_check(&Cubic, at.view(), 1e-5));
    require(right < 1e-7, || {
        format!("gradient_check of a correct gradient should be below 1e-7, got {right:e}")
    });
    let wrong = call!(gradient_descent::gradient_check(
        &CubicWithWrongGradient,
        at.view(),
        1e-5
    ));
    expect(
        "gradient_check of a gradient that is twice too large",
        wrong,
        1.0 / 3.0,
    )
    .tol(Tolerance::abs(1e-6))
    .mistake(
        0.5,
        "divide by ‖analytic‖ + ‖numeric‖, not by ‖analytic‖ alone",
    )
    .mistake(
        1.0,
        "divide by ‖analytic‖ + ‖numeric‖, not by ‖numeric‖ alone",
    )
    .assert();
    let flat = call!(gradient_descent::gradient_check(
        &bowl(&[1.0], &[0.0]),
        array![0.0].view(),
        1e-5
    ));
    expect("gradient_check where both gradients are 0", flat, 0.0)
        .tol(Tolerance::abs(1e-12))
        .assert();
}
