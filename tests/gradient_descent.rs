//! Grader of exercises/02_optimization/gradient_descent.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/02_optimization/gradient_descent.rs"]
mod gradient_descent;
#[cfg(feature = "solutions")]
use mlings::reference::gradient_descent;

use mlings::call;
use mlings::grade::{
    Tolerance, attempt_explained, expect, expect_array, expect_error, fail, require,
};
use mlings::types::gradient_descent::{Descent, DescentError, DescentParams, Objective, Quadratic};
use ndarray::{Array1, Array2, ArrayView1, array};

/// A few words about a run, never the whole loss history.
fn summary(result: &Descent) -> String {
    format!(
        "Ok: {} steps, converged = {}, minimizer {}, final loss {}",
        result.iterations,
        result.converged,
        result.minimizer,
        result.loss_history.last().copied().unwrap_or(f64::NAN)
    )
}

/// The start plus one step of w ← w − η∇f(w), written out here (independent of your code):
/// the losses after each step until the loss leaves [−∞, start] or `max` steps pass.
fn independent_losses(
    f: &dyn Objective,
    start: ArrayView1<f64>,
    rate: f64,
    max: usize,
) -> Vec<f64> {
    let mut w = start.to_owned();
    let start_loss = f.loss(w.view());
    let mut losses = vec![start_loss];
    for _ in 0..max {
        w = &w - &(f.gradient(w.view()) * rate);
        let loss = f.loss(w.view());
        losses.push(loss);
        if !loss.is_finite() || loss > start_loss {
            break;
        }
    }
    losses
}

/// Calls `minimize` at a learning rate that is safe for `f`; an error is explained, and a
/// first step uphill is named as such even when your divergence check caught it.
#[track_caller]
fn descend(
    what: &str,
    f: &dyn Objective,
    start: ArrayView1<f64>,
    params: &DescentParams,
) -> Descent {
    let error = match call!(gradient_descent::minimize(f, start, params)) {
        Ok(result) => return result,
        Err(error) => error,
    };
    let mut message = format!("{what}: `minimize` returned an error on valid input: {error}");
    if let DescentError::Diverged {
        iteration,
        start_loss,
        loss,
    } = error
    {
        let uphill = &start + &(f.gradient(start) * params.learning_rate);
        let uphill_loss = f.loss(uphill.view());
        if iteration <= 1
            && uphill_loss > start_loss
            && Tolerance::rel(1e-9).accepts(loss, uphill_loss)
        {
            message.push_str(
                "\n    likely mistake: you are stepping uphill: at this safe learning rate the \
                 first step raised the loss to exactly f(w + η∇f(w)); the update is \
                 w ← w − learning_rate · ∇f(w), with a minus",
            );
        } else if loss == start_loss {
            message.push_str(
                "\n    likely mistake: a loss equal to the start is not divergence: report \
                 Diverged only when the loss is strictly larger than the loss at the start",
            );
        } else if independent_losses(f, start, 1.0, iteration).len() == iteration + 1
            && Tolerance::rel(1e-9).accepts(
                loss,
                independent_losses(f, start, 1.0, iteration)[iteration],
            )
        {
            message.push_str(
                "\n    likely mistake: you ignored the learning rate: the step is \
                 w ← w − learning_rate · ∇f(w), not w − ∇f(w)",
            );
        } else if stale_gradient_diverges_at(f, start, params.learning_rate, iteration) {
            message.push_str(
                "\n    likely mistake: you computed the gradient once, at the start, and kept \
                 stepping along it: compute the gradient at the current w before every step",
            );
        } else {
            message.push_str(
                "\n    likely mistake: at this safe rate every step of w ← w − η∇f(w), with \
                 the gradient at the current w, lowers the loss; compare each new loss with \
                 the loss at the start",
            );
        }
    }
    fail(message)
}

/// Whether stepping along the gradient at the start, w_k = start − k·η·∇f(start), first
/// rises above the start loss at step `iteration` (a gradient computed once, outside the loop).
fn stale_gradient_diverges_at(
    f: &dyn Objective,
    start: ArrayView1<f64>,
    rate: f64,
    iteration: usize,
) -> bool {
    let g = f.gradient(start) * rate;
    let start_loss = f.loss(start);
    let first = (1..=iteration).find(|&k| {
        let loss = f.loss((&start - &(&g * k as f64)).view());
        !loss.is_finite() || loss > start_loss
    });
    first == Some(iteration)
}

/// Fails unless `minimize` returned an error; on `Ok`, says so without dumping the run.
#[track_caller]
fn expect_descent_err(
    what: &str,
    why: &str,
    result: Result<Descent, DescentError>,
) -> DescentError {
    match result {
        Err(error) => error,
        Ok(run) => fail(format!(
            "{what}: expected an error, got {}\n    why it must be an error: {why}",
            summary(&run)
        )),
    }
}

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
    let what = "gradient descent on ½‖w‖² − (3, −2)·w at rate 0.5";
    let result = descend(what, &f, array![0.0, 0.0].view(), &params);
    require_steady_descent(what, &result);
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
    let what = "gradient descent on ½wᵀAw − bᵀw at rate 0.3";
    let result = descend(what, &f, array![0.0, 0.0, 0.0].view(), &params);
    require_steady_descent(what, &result);
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
    let what = "gradient descent on the curvature-1-and-10 bowl at rate 0.05";
    let result = descend(what, &f, start.view(), &params);
    let history = &result.loss_history;
    require(history.len() == result.iterations + 1, || {
        let starts_at_the_start = history
            .first()
            .is_some_and(|&l| Tolerance::TIGHT.accepts(l, f.loss(start.view())));
        let hint = if history.len() == result.iterations && starts_at_the_start {
            "iterations counts the updates of w: the last gradient test, which stops the run, \
             is not a step"
        } else {
            "record the loss at the start and after every step (iterations + 1 values)"
        };
        format!(
            "loss_history has {} values for {} steps\n    likely mistake: {hint}",
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
    let result = descend(
        "gradient descent on the curvature-1-and-100 bowl at rate 0.019",
        &f,
        start.view(),
        &safe,
    );
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
    let error = expect_descent_err(
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
    let error = expect_descent_err(
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
        let hint = if iteration == 0 {
            "\n    likely mistake: iteration is the number of the step, 1 for the first"
        } else {
            ""
        };
        format!(
            "the very first step already raised the loss: expected iteration 1, got \
             {iteration}{hint}"
        )
    });
}

#[test]
fn stops_at_the_iteration_cap() {
    let f = bowl(&[1.0], &[1.0]);
    let params = DescentParams::new(1e-4).max_iterations(5);
    let result = descend(
        "gradient descent on ½w² − w at rate 1e-4, at most 5 steps",
        &f,
        array![0.0].view(),
        &params,
    );
    require(result.iterations == 5 && !result.converged, || {
        let hint = if result.iterations == 5 {
            "\n    likely mistake: converged is true only when ‖g‖ ≤ tolerance stopped the run, \
             not at the cap"
        } else if result.iterations == 4 {
            "\n    likely mistake: you took max_iterations - 1 steps: the loop runs for \
             iteration in 1..=max_iterations"
        } else {
            ""
        };
        format!(
            "with max_iterations 5 and a tiny learning rate: expected 5 steps, not converged; \
             got {} steps, converged = {}{hint}",
            result.iterations, result.converged
        )
    });
    require(result.loss_history.len() == 6, || {
        let hint = if result.loss_history.len() == 5 && result.loss_history[0] == 0.0 {
            "\n    likely mistake: you took max_iterations - 1 steps: the loop runs for \
             iteration in 1..=max_iterations"
        } else {
            ""
        };
        format!(
            "expected 6 losses (start + 5 steps), got {}{hint}",
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
    for (tolerance, name) in [(1e-8, "1e-8"), (0.0, "0")] {
        let params = DescentParams::new(0.1)
            .tolerance(tolerance)
            .max_iterations(3);
        let result = descend(
            &format!("gradient descent started at the minimum, tolerance {name}"),
            &f,
            array![2.0].view(),
            &params,
        );
        require(result.iterations == 0 && result.converged, || {
            let hint = if result.iterations == 1 && result.converged {
                "\n    likely mistake: you stepped before testing the gradient, or counted the \
                 test as a step; it is not a step: check ‖g‖ before stepping, and count only \
                 the updates of w"
            } else if tolerance == 0.0 && !result.converged {
                "\n    likely mistake: ‖g‖ = 0 is at most the tolerance 0: stop when \
                 ‖g‖ ≤ tolerance, not when ‖g‖ < tolerance"
            } else {
                ""
            };
            format!(
                "the gradient is exactly 0 at the start (tolerance {name}): expected 0 steps and \
                 converged, got {} steps, converged = {}{hint}",
                result.iterations, result.converged
            )
        });
    }
}

#[test]
fn invalid_learning_rates_are_rejected() {
    let f = bowl(&[1.0], &[1.0]);
    let cases = [
        (DescentParams::new(0.0), "learning rate 0"),
        (DescentParams::new(-0.1), "learning rate -0.1"),
        (DescentParams::new(f64::NAN), "learning rate NaN"),
        (DescentParams::new(0.1).tolerance(-1.0), "tolerance -1"),
    ];
    for (params, name) in cases {
        let error = expect_descent_err(
            &format!("gradient descent with {name}"),
            "call params.validate()? first",
            call!(gradient_descent::minimize(
                &f,
                array![0.0].view(),
                &params.clone().max_iterations(50)
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
    // Central difference of x³ at 1: ((1+h)³ − (1−h)³) / 2h = 3 + h², exactly; in y (linear)
    // it is exactly 3. At h = 0.1 the usual slips land far apart: one-sided 3 + 3h + h²,
    // w ± h/2 over h 3 + h²/4, the exact gradient 3.
    for h in [0.1, 1e-3] {
        let got = call!(gradient_descent::numerical_gradient(
            &Cubic,
            array![1.0, 2.0].view(),
            h
        ));
        let mut check = expect_array(
            format!("numerical gradient of x³ + 3y at (1, 2) with h = {h}"),
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
        );
        if h == 0.1 {
            check = check
                .mistake_array(
                    &array![3.0, 3.0],
                    "that is the exact gradient (objective.gradient): estimate it from values \
                     of the loss, by central differences",
                )
                .mistake_array(
                    &array![3.0 + h * h / 4.0, 3.0],
                    "you probed w ± h/2 and divided by h: the doc's central difference probes \
                     w ± h and divides by 2h",
                );
        }
        check.assert();
    }
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
    .mistake(
        0.2,
        "you used squared norms (‖a − n‖² / (‖a‖² + ‖n‖²)): use the norms themselves",
    )
    .mistake(
        {
            let g = Cubic.gradient(at.view());
            g.dot(&g).sqrt()
        },
        "that is ‖analytic − numeric‖ alone: divide by ‖analytic‖ + ‖numeric‖ to make it \
         relative",
    )
    .assert();
    let flat = call!(gradient_descent::gradient_check(
        &bowl(&[1.0], &[0.0]),
        array![0.0].view(),
        1e-5
    ));
    require(!flat.is_nan(), || {
        "gradient_check at the minimum of ½w², where both gradients are 0: got NaN\n    \
         likely mistake: 0 / 0; when both gradients are zero vectors the relative difference is \
         0 by definition: return 0"
            .to_string()
    });
    expect("gradient_check where both gradients are 0", flat, 0.0)
        .tol(Tolerance::abs(1e-12))
        .assert();
    let flat_2d = call!(gradient_descent::gradient_check(
        &bowl(&[1.0, 3.0], &[0.0, 0.0]),
        array![0.0, 0.0].view(),
        1e-5
    ));
    require(!flat_2d.is_nan(), || {
        "gradient_check at the minimum of ½(w₀² + 3w₁²): got NaN\n    likely mistake: 0 / 0; \
         both gradients are zero vectors there, so return 0"
            .to_string()
    });
    expect(
        "gradient_check at the minimum of ½(w₀² + 3w₁²)",
        flat_2d,
        0.0,
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
}

/// f(x, y) = x²y + xy³: the partial derivatives mix both coordinates (2xy + y³, x² + 3xy²).
struct CrossTerms;

impl Objective for CrossTerms {
    fn loss(&self, w: ArrayView1<f64>) -> f64 {
        w[0] * w[0] * w[1] + w[0] * w[1].powi(3)
    }
    fn gradient(&self, w: ArrayView1<f64>) -> Array1<f64> {
        array![
            2.0 * w[0] * w[1] + w[1].powi(3),
            w[0] * w[0] + 3.0 * w[0] * w[1] * w[1]
        ]
    }
}

#[test]
fn numerical_gradient_with_cross_terms_moves_one_coordinate_at_a_time() {
    let h = 1e-3;
    let at = array![1.0, 2.0];
    let got = call!(gradient_descent::numerical_gradient(
        &CrossTerms,
        at.view(),
        h
    ));
    // Central differences: x²y and xy³ are at most quadratic in x, so ∂/∂x is exact (12);
    // in y, ((y + h)³ − (y − h)³) / 2h = 3y² + h², so ∂/∂y = x² + 3xy² + x·h² = 13 + 1e-6.
    let expected = array![12.0, 13.0 + h * h];
    let f = |x: f64, y: f64| CrossTerms.loss(array![x, y].view());
    // Mistaken versions, written out: coordinate 0 left at x − h while probing y, and
    // both coordinates moved together (a directional derivative along (1, 1)).
    let not_reset = array![
        (f(1.0 + h, 2.0) - f(1.0 - h, 2.0)) / (2.0 * h),
        (f(1.0 - h, 2.0 + h) - f(1.0 - h, 2.0 - h)) / (2.0 * h)
    ];
    let together = (f(1.0 + h, 2.0 + h) - f(1.0 - h, 2.0 - h)) / (2.0 * h);
    expect_array(
        "numerical gradient of x²y + xy³ at (1, 2) with h = 1e-3",
        &got,
        &expected,
    )
    .tol(Tolerance::abs(1e-9))
    .mistake_array(
        &not_reset,
        "after probing coordinate 0 you did not put coordinate 0 back to its value: \
         restore wᵢ before moving the next coordinate",
    )
    .mistake_array(
        &array![together, together],
        "you moved every coordinate at once (w ± h·(1, …, 1)): move one coordinate at a \
         time, w ± h·eᵢ",
    )
    .assert();
}

#[test]
fn one_step_by_hand() {
    // A = [[2, 1], [1, 3]], b = (1, −1), w₀ = (1, 1): ∇f(w₀) = Aw₀ − b = (3, 4) − (1, −1) = (2, 5);
    // at η = 0.1 one step gives w₁ = (1 − 0.2, 1 − 0.5) = (0.8, 0.5).
    // f(w₀) = ½·7 − 0 = 3.5; f(w₁) = ½(0.8·2.1 + 0.5·2.3) − (0.8 − 0.5) = 1.415 − 0.3 = 1.115.
    let f = Quadratic {
        a: array![[2.0, 1.0], [1.0, 3.0]],
        b: array![1.0, -1.0],
    };
    let params = DescentParams::new(0.1).max_iterations(1);
    let result = descend(
        "one step (max_iterations 1) on ½wᵀAw − bᵀw from (1, 1) at rate 0.1",
        &f,
        array![1.0, 1.0].view(),
        &params,
    );
    require(result.iterations == 1 && !result.converged, || {
        format!(
            "max_iterations 1: expected 1 step, not converged; got {} steps, converged = {}",
            result.iterations, result.converged
        )
    });
    expect_array(
        "w after one step from (1, 1) at rate 0.1",
        &result.minimizer,
        &array![0.8, 0.5],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &array![1.2, 1.5],
        "you stepped uphill: w ← w − learning_rate · ∇f(w)",
    )
    .mistake_array(
        &array![-1.0, -4.0],
        "you ignored the learning rate: w ← w − learning_rate · ∇f(w)",
    )
    .assert();
    require(result.loss_history.len() == 2, || {
        format!(
            "one step: expected 2 losses (the start, then after the step), got {}\n    likely \
             mistake: record the loss at the start and after every step",
            result.loss_history.len()
        )
    });
    expect_array(
        "loss history of one step: [f(w₀), f(w₁)]",
        &Array1::from(result.loss_history.clone()),
        &array![3.5, 1.115],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &array![3.5, 3.5],
        "you recorded the loss before the step: after w ← w − η∇f(w), push the loss at the \
         new w",
    )
    .assert();
}

#[test]
fn the_gradient_length_is_the_euclidean_norm() {
    // At w = 0 on ½‖w‖² − (3, 4)·w the gradient is (−3, −4): ‖g‖ = 5, max |gᵢ| = 4,
    // Σ |gᵢ| = 7, ‖g‖² = 25. Each tolerance below separates one of them from ‖g‖.
    let f = bowl(&[1.0, 1.0], &[3.0, 4.0]);
    let mut converged_at = Vec::new();
    let mut consistent = true;
    for tolerance in [4.5, 5.0, 6.0, 20.0] {
        let params = DescentParams::new(0.5)
            .tolerance(tolerance)
            .max_iterations(1);
        let result = descend(
            &format!("gradient descent with tolerance {tolerance} and at most 1 step"),
            &f,
            array![0.0, 0.0].view(),
            &params,
        );
        converged_at.push(result.converged && result.iterations == 0);
        // A run that reports 1 step and converged, or whose history does not match its step
        // count, has another problem: the norm is not what the pattern below would show.
        consistent &= result.loss_history.len() == result.iterations + 1
            && !(result.converged && result.iterations > 0);
    }
    let expected = [false, true, true, true];
    if converged_at == expected {
        return;
    }
    let hint = match converged_at.as_slice() {
        _ if !consistent => {
            "check ‖g‖ = √(Σ gᵢ²) ≤ tolerance before each step, count only the steps taken, \
             and record one loss per step"
        }
        [true, ..] => "you used the largest |gᵢ| (4) as the gradient's length",
        [false, false, true, true] => {
            "you stopped only when ‖g‖ < tolerance: stop when ‖g‖ is at most the tolerance (≤)"
        }
        [false, false, false, true] => "you used Σ |gᵢ| (7) as the gradient's length",
        [false, false, false, false] => {
            "you compared ‖g‖² (25) with the tolerance: take the square root, ‖g‖ = √(Σ gᵢ²)"
        }
        _ => "the stopping test is ‖g‖ = √(Σ gᵢ²) ≤ tolerance, checked before each step",
    };
    fail(format!(
        "the gradient at the start is (−3, −4), of length ‖g‖ = 5: with tolerances 4.5, 5, 6, \
         20 the run should converge at once for {expected:?}, yours did for {converged_at:?}\n    \
         likely mistake: {hint}"
    ));
}

#[test]
fn a_loss_equal_to_the_start_is_not_divergence() {
    // On ½w² at rate 2, every step maps w to −w: the loss stays 0.5, never above the start.
    let f = bowl(&[1.0], &[0.0]);
    let params = DescentParams::new(2.0).max_iterations(3);
    let result = descend(
        "gradient descent on ½w² at rate 2 (w flips to −w, the loss stays 0.5)",
        &f,
        array![1.0].view(),
        &params,
    );
    require(result.iterations == 3 && !result.converged, || {
        format!(
            "on ½w² at rate 2 for 3 steps: expected 3 steps, not converged; got {}",
            summary(&result)
        )
    });
    expect("w after 3 flips from 1", result.minimizer[0], -1.0)
        .no_generic_diagnosis()
        .assert();
}

#[test]
fn diverged_reports_the_step_and_both_losses() {
    // Curvatures 1 and 10 at rate 0.21: the steep coordinate grows by |1 − 2.1| = 1.1 per
    // step while the flat one shrinks by 0.79. From (10, 0.001) the loss first falls, then
    // rises for many steps while still below the start, and only later exceeds it.
    let f = bowl(&[1.0, 10.0], &[0.0, 0.0]);
    let start = array![10.0, 0.001];
    let losses = independent_losses(&f, start.view(), 0.21, 10_000);
    let step = losses.len() - 1;
    let first_rise = (1..losses.len())
        .find(|&k| losses[k] > losses[k - 1])
        .expect("the loss rises");
    assert!(
        first_rise < step,
        "the grader's case: a rise below the start"
    );
    let error = expect_descent_err(
        "gradient descent at rate 0.21 on curvatures 1 and 10 from (10, 0.001)",
        "the steep coordinate grows by 1.1 per step, so the loss ends above the start",
        call!(gradient_descent::minimize(
            &f,
            start.view(),
            &DescentParams::new(0.21)
        )),
    );
    let DescentError::Diverged {
        iteration,
        start_loss,
        loss,
    } = error
    else {
        fail(format!(
            "gradient descent at rate 0.21: expected DescentError::Diverged, got {error:?}"
        ));
    };
    require(iteration == step, || {
        let hint = if iteration > step && !loss.is_finite() {
            "\n    likely mistake: you only stopped at a non-finite loss: a loss larger than the \
             loss at the start is divergence too"
        } else if iteration == first_rise {
            "\n    likely mistake: you compared with the previous loss; the doc compares each \
             new loss with the loss at the start (a rise below the start is not divergence)"
        } else if iteration + 1 == step {
            "\n    likely mistake: iteration is the number of the step, 1 for the first"
        } else {
            ""
        };
        format!(
            "Diverged at rate 0.21: the loss first exceeds the start ({}) at step {step} (it \
             rises from step {first_rise} on, below the start), got iteration {iteration}{hint}",
            losses[0]
        )
    });
    expect(
        "Diverged's start_loss (the loss at the start)",
        start_loss,
        losses[0],
    )
    .mistake(
        losses[step - 1],
        "start_loss is the loss at the start, not the loss before the step",
    )
    .assert();
    expect(
        format!("Diverged's loss (the loss the step {step} produced)"),
        loss,
        losses[step],
    )
    .mistake(
        losses[step - 1],
        "that is the loss before the step: report the loss the step produced",
    )
    .assert();
}

/// f(w) = −ln(1 − w²): finite only for |w| < 1, NaN beyond (the log of a negative number).
struct LogBarrier;

impl Objective for LogBarrier {
    fn loss(&self, w: ArrayView1<f64>) -> f64 {
        -(1.0 - w[0] * w[0]).ln()
    }
    fn gradient(&self, w: ArrayView1<f64>) -> Array1<f64> {
        array![2.0 * w[0] / (1.0 - w[0] * w[0])]
    }
}

#[test]
fn a_nan_loss_is_divergence() {
    // From 0.5 at rate 2: w₁ = 0.5 − 2·(1/0.75) ≈ −2.17, outside (−1, 1), so f(w₁) is NaN.
    let error = expect_descent_err(
        "gradient descent on −ln(1 − w²) from 0.5 at rate 2",
        "the first step lands at w ≈ −2.17 where the loss is NaN: a NaN loss is divergence \
         (check !loss.is_finite(), since NaN > start_loss is false)",
        call!(gradient_descent::minimize(
            &LogBarrier,
            array![0.5].view(),
            &DescentParams::new(2.0).max_iterations(100)
        )),
    );
    let DescentError::Diverged {
        iteration,
        start_loss,
        loss,
    } = error
    else {
        fail(format!(
            "a NaN loss: expected DescentError::Diverged, got {error:?}"
        ));
    };
    require(iteration == 1 && loss.is_nan(), || {
        let hint = if iteration == 0 {
            "iteration is the number of the step, 1 for the first"
        } else if iteration > 1 {
            "a NaN loss must stop the run at once: NaN > start_loss is false, so test \
             !loss.is_finite()"
        } else {
            "the first step w ← w − learning_rate · ∇f(w) lands at w ≈ −2.17, where the loss \
             is NaN: report the loss that step produced"
        };
        format!(
            "the very first step gives a NaN loss: expected Diverged at iteration 1 with loss \
             NaN, got iteration {iteration}, loss {loss}\n    likely mistake: {hint}"
        )
    });
    expect(
        "Diverged's start_loss, −ln(0.75)",
        start_loss,
        -(0.75f64.ln()),
    )
    .assert();
}

#[test]
fn a_start_of_the_wrong_length_is_an_error() {
    let f = bowl(&[1.0, 2.0], &[1.0, 1.0]);
    let start = array![0.0, 0.0, 0.0];
    let what = "minimize on a 2 x 2 quadratic from a start with 3 values";
    let result = attempt_explained(
        "gradient_descent::minimize(&f, start, &params)",
        "no shape check: compare start.len() with objective.dimension() first and return \
         Err(DescentError::ShapeMismatch { expected: 2, got: 3 })",
        || gradient_descent::minimize(&f, start.view(), &DescentParams::new(0.1)),
    );
    let error = expect_descent_err(
        what,
        "the objective takes 2 values: return DescentError::ShapeMismatch { expected: 2, got: 3 }",
        result,
    );
    expect_error(
        what,
        error,
        DescentError::ShapeMismatch {
            expected: 2,
            got: 3,
        },
        &[(
            DescentError::ShapeMismatch {
                expected: 3,
                got: 2,
            },
            "expected is the objective's dimension (2), got is start.len() (3)",
        )],
    );
    let error = expect_descent_err(
        "minimize with learning rate 0 and a 3-value start on a 2 x 2 quadratic (two faults)",
        "validate the parameters first: InvalidParams",
        call!(gradient_descent::minimize(
            &f,
            start.view(),
            &DescentParams::new(0.0)
        )),
    );
    require(matches!(error, DescentError::InvalidParams(_)), || {
        format!(
            "minimize with learning rate 0 and a start of the wrong length: expected \
             InvalidParams, got {error:?}\n    likely mistake: validate the parameters first \
             (params.validate()?), then the shape"
        )
    });
}
