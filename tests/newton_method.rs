//! Grader of exercises/02_optimization/newton_method.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables, dead_code)]
#[path = "../exercises/02_optimization/newton_method.rs"]
mod newton_method;
#[cfg(feature = "solutions")]
use mlings::reference::newton_method;

use std::cell::RefCell;

use linfa::prelude::Fit;
use linfa_logistic::LogisticRegression;
use mlings::datasets;
use mlings::grade::{Tolerance, expect, expect_array, expect_error, fail, require};
use mlings::prep::StandardizedSplit;
use mlings::types::newton_method::{
    ARMIJO, LogisticNewtonParams, MAX_HALVINGS, NewtonError, NewtonParams, NewtonRun, Objective,
    Quadratic, TwiceDifferentiable,
};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Zip, array, s};
use newton_method::PenalizedLogLoss;

// ---------------------------------------------------------------------------------------
// Independent helpers, written here from the doc (never the code under test).

fn norm(v: ArrayView1<f64>) -> f64 {
    v.dot(&v).sqrt()
}

/// Gaussian elimination with partial pivoting: an independent solve of A x = b.
fn gauss_solve(a: ArrayView2<f64>, b: ArrayView1<f64>) -> Array1<f64> {
    let n = b.len();
    let mut m = a.to_owned();
    let mut r = b.to_owned();
    for k in 0..n {
        let p = (k..n)
            .max_by(|&i, &j| m[[i, k]].abs().total_cmp(&m[[j, k]].abs()))
            .unwrap_or(k);
        for j in 0..n {
            m.swap([k, j], [p, j]);
        }
        r.swap(k, p);
        for i in k + 1..n {
            let f = m[[i, k]] / m[[k, k]];
            for j in k..n {
                m[[i, j]] -= f * m[[k, j]];
            }
            r[i] -= f * r[k];
        }
    }
    let mut x = Array1::zeros(n);
    for k in (0..n).rev() {
        let sum: f64 = (k + 1..n).map(|j| m[[k, j]] * x[j]).sum();
        x[k] = (r[k] - sum) / m[[k, k]];
    }
    x
}

/// What the doc's loop gives, run here with an independent solve.
struct IndependentRun {
    w: Array1<f64>,
    losses: Vec<f64>,
    norms: Vec<f64>,
    steps: Vec<f64>,
    converged: bool,
}

/// Newton's method as the doc states it (Gaussian elimination instead of Cholesky).
/// `direction_sign` −1 solves H d = −g (right); `armijo` is the sufficient-decrease
/// constant (the doc's ARMIJO, or a mistaken one). None when the line search fails.
fn independent_newton(
    f: &dyn TwiceDifferentiable,
    start: ArrayView1<f64>,
    tolerance: f64,
    max_iterations: usize,
    armijo: f64,
) -> Option<IndependentRun> {
    let mut w = start.to_owned();
    let mut loss = f.loss(w.view());
    let mut g = f.gradient(w.view());
    let mut run = IndependentRun {
        w: w.clone(),
        losses: vec![loss],
        norms: vec![norm(g.view())],
        steps: vec![],
        converged: false,
    };
    loop {
        if norm(g.view()) <= tolerance {
            run.converged = true;
            break;
        }
        if run.steps.len() == max_iterations {
            break;
        }
        let d = gauss_solve(f.hessian(w.view()).view(), (-&g).view());
        let slope = g.dot(&d);
        let mut t = 1.0;
        let mut accepted = None;
        for _ in 0..=MAX_HALVINGS {
            let candidate = &w + &(&d * t);
            let l = f.loss(candidate.view());
            if l <= loss + armijo * t * slope {
                accepted = Some((candidate, l));
                break;
            }
            t /= 2.0;
        }
        let (candidate, l) = accepted?;
        w = candidate;
        loss = l;
        g = f.gradient(w.view());
        run.losses.push(loss);
        run.norms.push(norm(g.view()));
        run.steps.push(t);
    }
    run.w = w;
    Some(run)
}

/// The history recorded one step late: the start twice, then all but the last value.
fn shifted(values: &[f64]) -> Vec<f64> {
    let mut late = vec![values[0]];
    late.extend(&values[..values.len() - 1]);
    late
}

/// A few words about a run, never the whole history.
fn summary(run: &NewtonRun) -> String {
    format!(
        "{} steps, converged = {}, step sizes {:?}, final ‖g‖ {:e}",
        run.iterations,
        run.converged,
        &run.step_sizes[..run.step_sizes.len().min(6)],
        run.gradient_norms.last().copied().unwrap_or(f64::NAN)
    )
}

/// Calls the learner's `minimize` on valid input; an error is explained.
#[track_caller]
fn newton(
    what: &str,
    f: &dyn TwiceDifferentiable,
    start: ArrayView1<f64>,
    params: &NewtonParams,
) -> NewtonRun {
    match call!(newton_method::minimize(f, start, params)) {
        Ok(run) => {
            require_stopped_right(what, &run, params);
            run
        }
        Err(error) => {
            let hint = match error {
                NewtonError::LineSearchFailed { iteration: 1, .. } => {
                    "\n    likely mistake: no step size lowered the loss, so the direction \
                     points uphill: the Newton direction solves H d = −g (a minus sign), and \
                     the step is w + t·d"
                }
                NewtonError::HessianNotPositiveDefinite { .. } => {
                    "\n    likely mistake: this function is convex, so its Hessian is positive \
                     definite: check the Cholesky pivot d = A[j][j] − Σ L[j][k]²"
                }
                _ => "",
            };
            fail(format!(
                "{what}: `minimize` returned an error on valid input: {error}{hint}"
            ))
        }
    }
}

/// Fails when a run claims convergence with a gradient longer than the tolerance.
#[track_caller]
fn require_stopped_right(what: &str, run: &NewtonRun, params: &NewtonParams) {
    let Some(&final_norm) = run.gradient_norms.last() else {
        return;
    };
    if run.converged && final_norm > params.tolerance {
        let hint = if final_norm * final_norm <= params.tolerance {
            "\n    likely mistake: you compared ‖g‖² with the tolerance: stop when ‖g‖ = √(Σ gᵢ²) \
             is at most the tolerance"
        } else {
            "\n    likely mistake: stop (converged) only when ‖g‖ ≤ tolerance"
        };
        fail(format!(
            "{what}: the run says converged, but the final gradient's length {final_norm:e} \
             is above the tolerance {:e}{hint}",
            params.tolerance
        ));
    }
}

/// Fails unless the three histories have the lengths the doc gives for `run.iterations`.
#[track_caller]
fn require_history_lengths(what: &str, run: &NewtonRun) {
    let k = run.iterations;
    require(
        run.loss_history.len() == k + 1
            && run.gradient_norms.len() == k + 1
            && run.step_sizes.len() == k,
        || {
            let hint = if run.loss_history.len() == k || run.gradient_norms.len() == k {
                "\n    likely mistake: record the start too: loss_history and gradient_norms \
                 start with the values at the start (iterations + 1 values)"
            } else if run.step_sizes.len() == k + 1 {
                "\n    likely mistake: step_sizes has one value per step taken (iterations)"
            } else if run.loss_history.len() == k + 2 || run.gradient_norms.len() == k + 2 {
                "\n    likely mistake: iterations counts the steps taken; the final gradient \
                 test that stops the run is not a step"
            } else {
                ""
            };
            format!(
                "{what}: {k} steps should give {} losses, {} gradient norms and {k} step \
                 sizes; got {}, {} and {}{hint}",
                k + 1,
                k + 1,
                run.loss_history.len(),
                run.gradient_norms.len(),
                run.step_sizes.len()
            )
        },
    );
}

/// Fails unless the loss never rose (the line search never accepts an uphill step).
#[track_caller]
fn require_never_uphill(what: &str, run: &NewtonRun) {
    let h = &run.loss_history;
    if let Some(k) = (1..h.len()).find(|&k| h[k] > h[k - 1] || h[k].is_nan()) {
        fail(format!(
            "{what}: the loss rose at step {k}: {} -> {}\n    likely mistake: the line search \
             must accept a step only when f(w + t·d) ≤ f(w) + ARMIJO·t·(g·d); halve t until \
             it does",
            h[k - 1],
            h[k]
        ));
    }
}

/// Compares the learner's step sizes with the doc's procedure, naming the usual
/// departures (no line search, a different Armijo constant).
#[track_caller]
fn expect_steps(
    what: &str,
    run: &NewtonRun,
    f: &dyn TwiceDifferentiable,
    start: ArrayView1<f64>,
    params: &NewtonParams,
) {
    let expected = independent_newton(f, start, params.tolerance, params.max_iterations, ARMIJO)
        .expect("the doc's procedure converges here");
    if run.step_sizes == expected.steps {
        return;
    }
    let first_got = run.step_sizes.first().copied();
    let plain_decrease = independent_newton(f, start, params.tolerance, params.max_iterations, 0.0);
    let hint = if run.step_sizes.iter().all(|&t| t == 1.0) {
        "\n    likely mistake: no line search: when the full step does not lower the loss \
         enough, halve t (1, ½, ¼, …) until f(w + t·d) ≤ f(w) + ARMIJO·t·(g·d)"
    } else if plain_decrease.is_some_and(|p| p.steps == run.step_sizes) {
        "\n    likely mistake: you accepted any decrease; Armijo's rule asks for a decrease of \
         at least ARMIJO·t·|g·d|: f(w + t·d) ≤ f(w) + ARMIJO·t·(g·d)"
    } else if first_got.is_some_and(|t| t != 1.0 && expected.steps.first() == Some(&1.0)) {
        "\n    likely mistake: the line search starts with the full Newton step t = 1"
    } else {
        ""
    };
    fail(format!(
        "{what}: step sizes differ from the doc's line search (t = 1, ½, ¼, … until \
         f(w + t·d) ≤ f(w) + ARMIJO·t·(g·d))\n    expected: {:?}\n    got:      {:?}{hint}",
        &expected.steps[..expected.steps.len().min(8)],
        &run.step_sizes[..run.step_sizes.len().min(8)]
    ));
}

// ---------------------------------------------------------------------------------------
// Test functions with known minima.

/// ½wᵀAw − bᵀw with A = [[2.5, 0.5, 0], [0.5, 2.5, 1], [0, 1, 2]], b = (1, −2, 3):
/// minimum (15, −37, 47) / 19 (Cramer's rule by hand).
fn coupled_bowl() -> (Quadratic, Array1<f64>) {
    (
        Quadratic {
            a: array![[2.5, 0.5, 0.0], [0.5, 2.5, 1.0], [0.0, 1.0, 2.0]],
            b: array![1.0, -2.0, 3.0],
        },
        array![15.0, -37.0, 47.0] / 19.0,
    )
}

/// ln cosh u, stable for large |u|.
fn ln_cosh(u: f64) -> f64 {
    if u.abs() < 1.0 {
        // cosh u − 1 = 2 sinh²(u/2): no cancellation near the minimum.
        (2.0 * (u / 2.0).sinh().powi(2)).ln_1p()
    } else {
        u.abs() + (-2.0 * u.abs()).exp().ln_1p() - std::f64::consts::LN_2
    }
}

/// f(w) = ln cosh(u₁) + ln cosh(u₂) with u = R(w − c), R a rotation by 30°: smooth,
/// convex, minimum at c, with a coupled Hessian Rᵀ diag(1 − tanh²u) R. Far from c it is
/// nearly linear (|u|), so the full Newton step overshoots wildly.
struct LogCoshBowl {
    c: Array1<f64>,
}

impl LogCoshBowl {
    fn rotation() -> Array2<f64> {
        let (s, c) = (0.5f64, 3f64.sqrt() / 2.0);
        array![[c, -s], [s, c]]
    }
    fn u(&self, w: ArrayView1<f64>) -> Array1<f64> {
        Self::rotation().dot(&(&w - &self.c))
    }
}

impl Objective for LogCoshBowl {
    fn loss(&self, w: ArrayView1<f64>) -> f64 {
        self.u(w).iter().map(|&u| ln_cosh(u)).sum()
    }
    fn gradient(&self, w: ArrayView1<f64>) -> Array1<f64> {
        Self::rotation().t().dot(&self.u(w).mapv(f64::tanh))
    }
    fn dimension(&self) -> Option<usize> {
        Some(2)
    }
}

impl TwiceDifferentiable for LogCoshBowl {
    fn hessian(&self, w: ArrayView1<f64>) -> Array2<f64> {
        let r = Self::rotation();
        let d = Array2::from_diag(&self.u(w).mapv(|u| 1.0 - u.tanh().powi(2)));
        r.t().dot(&d).dot(&r)
    }
}

/// f(w) = √(1 + w²): minimum at 0. The full Newton step from w is −w³, so from w = 2 it
/// lands at −8 (uphill); the line search must halve twice, to t = ¼ (w = −0.5).
struct PseudoHuber;

impl Objective for PseudoHuber {
    fn loss(&self, w: ArrayView1<f64>) -> f64 {
        (1.0 + w[0] * w[0]).sqrt()
    }
    fn gradient(&self, w: ArrayView1<f64>) -> Array1<f64> {
        array![w[0] / (1.0 + w[0] * w[0]).sqrt()]
    }
}

impl TwiceDifferentiable for PseudoHuber {
    fn hessian(&self, w: ArrayView1<f64>) -> Array2<f64> {
        array![[(1.0 + w[0] * w[0]).powf(-1.5)]]
    }
}

// ---------------------------------------------------------------------------------------
// Cholesky.

/// The doc's Cholesky and its usual mistakes, written here for the diagnoses.
#[derive(Clone, Copy, PartialEq)]
enum CholeskyVariant {
    Right,
    /// L[j][j] = d (no square root), off-diagonals divided by it.
    NoSquareRoot,
    /// √d on the diagonal, but off-diagonals divided by d.
    DividedByPivot,
    /// A[j][i] (the upper triangle) where A[i][j] was meant.
    ReadsUpper,
}

fn cholesky_variant(a: ArrayView2<f64>, variant: CholeskyVariant) -> Array2<f64> {
    let n = a.nrows();
    let mut l = Array2::<f64>::zeros((n, n));
    let at = |i: usize, j: usize| {
        if variant == CholeskyVariant::ReadsUpper {
            a[[j, i]]
        } else {
            a[[i, j]]
        }
    };
    for j in 0..n {
        let d = at(j, j) - (0..j).map(|k| l[[j, k]] * l[[j, k]]).sum::<f64>();
        let (diagonal, divisor) = match variant {
            CholeskyVariant::NoSquareRoot => (d, d),
            CholeskyVariant::DividedByPivot => (d.sqrt(), d),
            _ => (d.sqrt(), d.sqrt()),
        };
        l[[j, j]] = diagonal;
        for i in j + 1..n {
            let sum: f64 = (0..j).map(|k| l[[i, k]] * l[[j, k]]).sum();
            l[[i, j]] = (at(i, j) - sum) / divisor;
        }
    }
    l
}

/// When `a`'s upper triangle is stale and reading it instead of the lower one makes a
/// pivot fail: the likely reason a valid matrix was rejected.
fn stale_upper_hint(a: ArrayView2<f64>) -> &'static str {
    let symmetric = a == a.t();
    let upper = cholesky_variant(a, CholeskyVariant::ReadsUpper);
    let symmetrized = (&a + &a.t()) / 2.0;
    let averaged = cholesky_variant(symmetrized.view(), CholeskyVariant::Right);
    let fails = |l: &Array2<f64>| l.iter().any(|v| !v.is_finite());
    if symmetric {
        ""
    } else if fails(&upper) {
        "\n    likely mistake: you read A's upper triangle (A[j][i]), which is stale here; read \
         only the lower one, A[i][j] with i ≥ j"
    } else if fails(&averaged) {
        "\n    likely mistake: you averaged A with its transpose; read only the lower \
         triangle, A[i][j] with i ≥ j"
    } else {
        ""
    }
}

/// Checks the learner's factor of `a` against `expected`, naming the usual mistakes.
#[track_caller]
fn expect_factor(what: &str, a: ArrayView2<f64>, expected: &Array2<f64>) {
    let got = match call!(newton_method::cholesky(a)) {
        Ok(l) => l,
        Err(error) => fail(format!(
            "{what}: `cholesky` returned an error on a positive definite matrix: {error}{}",
            stale_upper_hint(a)
        )),
    };
    let symmetrized = (&a + &a.t()) / 2.0;
    expect_array(what, &got, expected)
        .tol(Tolerance::abs(1e-10))
        .mistake_array(
            &expected.t(),
            "you returned Lᵀ (upper triangular): return the lower factor L, zeros above the \
             diagonal",
        )
        .mistake_array(
            &cholesky_variant(a, CholeskyVariant::NoSquareRoot),
            "L[j][j] is the square root of the pivot d = A[j][j] − Σ_{k<j} L[j][k]², not d",
        )
        .mistake_array(
            &cholesky_variant(a, CholeskyVariant::DividedByPivot),
            "the entries below the diagonal are divided by L[j][j] = √d, not by d",
        )
        .mistake_array(
            &cholesky_variant(a, CholeskyVariant::ReadsUpper),
            "you read A's upper triangle (A[j][i]); read only the lower one, A[i][j] with i ≥ j",
        )
        .mistake_array(
            &cholesky_variant(symmetrized.view(), CholeskyVariant::Right),
            "you averaged A with its transpose; read only the lower triangle, A[i][j] with \
             i ≥ j (the upper one may be stale)",
        )
        .no_generic_diagnosis()
        .assert();
}

#[test]
fn cholesky_of_hand_worked_matrices() {
    // 4 = 2², 2 = 2·1, 5 = 1² + 2².
    expect_factor(
        "cholesky([[4, 2], [2, 5]])",
        array![[4.0, 2.0], [2.0, 5.0]].view(),
        &array![[2.0, 0.0], [1.0, 2.0]],
    );
    // The classic: L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]] (multiply L Lᵀ out to check).
    expect_factor(
        "cholesky([[4, 12, −16], [12, 37, −43], [−16, −43, 98]])",
        array![
            [4.0, 12.0, -16.0],
            [12.0, 37.0, -43.0],
            [-16.0, -43.0, 98.0]
        ]
        .view(),
        &array![[2.0, 0.0, 0.0], [6.0, 1.0, 0.0], [-8.0, 5.0, 3.0]],
    );
    let empty = call_ok!(newton_method::cholesky(Array2::<f64>::zeros((0, 0)).view()));
    require(empty.dim() == (0, 0), || {
        format!(
            "cholesky of a 0 x 0 matrix: expected a 0 x 0 factor, got {:?}",
            empty.dim()
        )
    });
}

#[test]
fn cholesky_reads_only_the_lower_triangle() {
    // The lower triangle of the classic matrix, with stale values above the diagonal.
    let a = array![[4.0, 99.0, 7.0], [12.0, 37.0, -1.0], [-16.0, -43.0, 98.0]];
    expect_factor(
        "cholesky of [[4, ·, ·], [12, 37, ·], [−16, −43, 98]] (stale values above the diagonal)",
        a.view(),
        &array![[2.0, 0.0, 0.0], [6.0, 1.0, 0.0], [-8.0, 5.0, 3.0]],
    );
}

/// Calls `cholesky` where it must fail, and returns the error.
#[track_caller]
fn cholesky_error(what: &str, why: &str, a: ArrayView2<f64>) -> NewtonError {
    match call!(newton_method::cholesky(a)) {
        Err(error) => error,
        Ok(l) => {
            let finite = l.iter().all(|v| v.is_finite());
            let zero_diagonal = l.nrows() == l.ncols() && l.diag().iter().any(|&v| v == 0.0);
            let hint = if finite && zero_diagonal {
                "\n    likely mistake: a pivot d that is not strictly positive must be an \
                 error: your factor has a 0 on its diagonal, so d = 0 was accepted (test \
                 !(d > 0.0); d < 0.0 lets 0 through)"
                    .to_string()
            } else if finite {
                String::new()
            } else {
                "\n    likely mistake: a pivot d that is not strictly positive must be an \
                 error: test !(d > 0.0), which is also true for NaN (d <= 0.0 is false for \
                 NaN, and d < 0.0 lets 0 through)"
                    .to_string()
            };
            fail(format!(
                "{what}: expected an error, got Ok (a {} x {} factor{})\n    why it must be \
                 an error: {why}{hint}",
                l.nrows(),
                l.ncols(),
                if finite { "" } else { " with inf or NaN in it" }
            ))
        }
    }
}

#[test]
fn cholesky_rejects_what_it_cannot_factor() {
    let error = cholesky_error(
        "cholesky of a 2 x 3 matrix",
        "only a square matrix has a Cholesky factor",
        Array2::<f64>::ones((2, 3)).view(),
    );
    expect_error(
        "cholesky of a 2 x 3 matrix",
        error,
        NewtonError::NotSquare {
            rows: 2,
            columns: 3,
        },
        &[(
            NewtonError::NotSquare {
                rows: 3,
                columns: 2,
            },
            "rows is a.nrows() (2), columns is a.ncols() (3)",
        )],
    );
    let error = cholesky_error(
        "cholesky of a 2 x 3 matrix with −1 at [0][0] (two faults)",
        "check the shape first: NotSquare",
        array![[-1.0, 0.0, 0.0], [0.0, 1.0, 0.0]].view(),
    );
    expect_error(
        "cholesky of a 2 x 3 matrix with −1 at [0][0]",
        error,
        NewtonError::NotSquare {
            rows: 2,
            columns: 3,
        },
        &[(
            NewtonError::NotPositiveDefinite { pivot: 0 },
            "check that the matrix is square before factoring it",
        )],
    );
    for (what, a, pivot, why) in [
        (
            "cholesky([[1, 2], [2, 1]])",
            array![[1.0, 2.0], [2.0, 1.0]],
            1,
            "the second pivot is d = 1 − 2² = −3 (eigenvalues 3 and −1)",
        ),
        (
            "cholesky([[1, 1], [1, 1]])",
            array![[1.0, 1.0], [1.0, 1.0]],
            1,
            "the second pivot is d = 1 − 1² = 0 exactly: a singular matrix is not positive \
             definite (the doc asks for d > 0)",
        ),
        (
            "cholesky([[−1, 0], [0, 1]])",
            array![[-1.0, 0.0], [0.0, 1.0]],
            0,
            "the first pivot is d = −1",
        ),
        (
            "cholesky([[NaN]])",
            array![[f64::NAN]],
            0,
            "the first pivot is NaN, which is not > 0",
        ),
    ] {
        let error = cholesky_error(what, why, a.view());
        expect_error(
            what,
            error,
            NewtonError::NotPositiveDefinite { pivot },
            &[(
                NewtonError::NotPositiveDefinite { pivot: pivot + 1 },
                "pivot is the 0-based index j of the column whose pivot failed",
            )],
        );
    }
}

// ---------------------------------------------------------------------------------------
// The SPD solve.

/// Forward substitution L y = b, and the two ways back: with Lᵀ (right, `columns`) or
/// with L's own rows (the zeros above its diagonal: x = y / diag).
fn substitutions(l: &Array2<f64>, b: ArrayView1<f64>, columns: bool) -> (Array1<f64>, Array1<f64>) {
    substitutions_with(l, b, columns, false)
}

/// `substitutions`, or with the forward step dividing b[i] before subtracting
/// (`divide_first`).
fn substitutions_with(
    l: &Array2<f64>,
    b: ArrayView1<f64>,
    columns: bool,
    divide_first: bool,
) -> (Array1<f64>, Array1<f64>) {
    let n = b.len();
    let mut y = Array1::<f64>::zeros(n);
    for i in 0..n {
        let sum: f64 = (0..i).map(|k| l[[i, k]] * y[k]).sum();
        y[i] = if divide_first {
            b[i] / l[[i, i]] - sum
        } else {
            (b[i] - sum) / l[[i, i]]
        };
    }
    let mut x = Array1::<f64>::zeros(n);
    for i in (0..n).rev() {
        let sum: f64 = (i + 1..n)
            .map(|k| if columns { l[[k, i]] } else { l[[i, k]] } * x[k])
            .sum();
        x[i] = (y[i] - sum) / l[[i, i]];
    }
    (y, x)
}

/// Checks `solve_spd(a, b)` against `expected`, given A's hand-worked factor `l`.
#[track_caller]
fn expect_solve(
    what: &str,
    a: ArrayView2<f64>,
    b: ArrayView1<f64>,
    l: &Array2<f64>,
    expected: &Array1<f64>,
) {
    let got = match call!(newton_method::solve_spd(a, b)) {
        Ok(x) => x,
        Err(error) => fail(format!(
            "{what}: `solve_spd` returned an error on a positive definite matrix: {error}{}",
            stale_upper_hint(a)
        )),
    };
    let (y, _) = substitutions(l, b, true);
    let (_, by_rows) = substitutions(l, b, false);
    expect_array(what, &got, expected)
        .tol(Tolerance::abs(1e-10))
        .mistake_array(
            &y,
            "that is y, the solution of L y = b: also solve Lᵀ x = y, from the bottom",
        )
        .mistake_array(
            &substitutions_with(l, b, true, true).1,
            "the forward substitution divided b[i] before subtracting: \
             y[i] = (b[i] − Σ_{k<i} L[i][k]·y[k]) / L[i][i], the whole difference divided",
        )
        .mistake_array(
            &by_rows,
            "the second solve used L's rows (L x = y) instead of Lᵀ's (L's columns): \
             x[i] = (y[i] − Σ_{k>i} L[k][i]·x[k]) / L[i][i]",
        )
        .mistake_array(
            &gauss_solve(a, b),
            "you solved with the whole matrix as given; A is symmetric and only its lower \
             triangle is to be read (factor it with cholesky)",
        )
        .no_generic_diagnosis()
        .assert();
}

#[test]
fn solve_spd_by_hand() {
    // A⁻¹ = [[5, −2], [−2, 4]] / 16, so x = (10 − 6, −4 + 12) / 16; L = [[2, 0], [1, 2]].
    expect_solve(
        "solve_spd([[4, 2], [2, 5]], [2, 3])",
        array![[4.0, 2.0], [2.0, 5.0]].view(),
        array![2.0, 3.0].view(),
        &array![[2.0, 0.0], [1.0, 2.0]],
        &array![0.25, 0.5],
    );
    // A x = b with x = (1, −1, 2) on the classic matrix, stale values above the diagonal.
    expect_solve(
        "solve_spd of the classic 3 x 3 matrix (stale values above the diagonal), b = A·(1, −1, 2)",
        array![[4.0, 99.0, 7.0], [12.0, 37.0, -1.0], [-16.0, -43.0, 98.0]].view(),
        array![-40.0, -111.0, 223.0].view(),
        &array![[2.0, 0.0, 0.0], [6.0, 1.0, 0.0], [-8.0, 5.0, 3.0]],
        &array![1.0, -1.0, 2.0],
    );
}

#[test]
fn solve_spd_checks_shapes_in_order() {
    let cases = [
        (
            "solve_spd with a 2 x 3 matrix and 5 values (two faults)",
            Array2::<f64>::ones((2, 3)),
            Array1::<f64>::ones(5),
            NewtonError::NotSquare {
                rows: 2,
                columns: 3,
            },
            "check that A is square first",
        ),
        (
            "solve_spd with a 2 x 2 matrix and 3 values",
            array![[2.0, 0.0], [0.0, 2.0]],
            Array1::<f64>::ones(3),
            NewtonError::ShapeMismatch {
                expected: 2,
                got: 3,
            },
            "b must have one value per row of A",
        ),
        (
            "solve_spd with a matrix that is not positive definite and 3 values (two faults)",
            array![[-1.0, 0.0], [0.0, 1.0]],
            Array1::<f64>::ones(3),
            NewtonError::ShapeMismatch {
                expected: 2,
                got: 3,
            },
            "check b's length before factoring",
        ),
        (
            "solve_spd([[1, 2], [2, 1]], b)",
            array![[1.0, 2.0], [2.0, 1.0]],
            Array1::<f64>::ones(2),
            NewtonError::NotPositiveDefinite { pivot: 1 },
            "cholesky's NotPositiveDefinite, unchanged",
        ),
    ];
    for (what, a, b, wanted, why) in cases {
        let error = match call!(newton_method::solve_spd(a.view(), b.view())) {
            Err(error) => error,
            Ok(x) => fail(format!(
                "{what}: expected an error, got Ok ({} values)\n    why it must be an error: \
                 {why}",
                x.len()
            )),
        };
        expect_error(
            what,
            error,
            wanted,
            &[
                (
                    NewtonError::NotSquare {
                        rows: 3,
                        columns: 2,
                    },
                    "rows is a.nrows() (2), columns is a.ncols() (3)",
                ),
                (
                    NewtonError::ShapeMismatch {
                        expected: 3,
                        got: 2,
                    },
                    "expected is A's size (2), got is b.len() (3)",
                ),
                (
                    NewtonError::NotPositiveDefinite { pivot: 0 },
                    "check b's length (ShapeMismatch) before factoring A",
                ),
                (
                    NewtonError::ShapeMismatch {
                        expected: 2,
                        got: 5,
                    },
                    "check that A is square (NotSquare) before comparing b's length",
                ),
            ],
        );
    }
}

// ---------------------------------------------------------------------------------------
// Newton's method.

#[test]
fn a_quadratic_takes_one_step() {
    let (bowl, minimum) = coupled_bowl();
    let params = NewtonParams::new().tolerance(1e-9);
    let what = "Newton on ½wᵀAw − bᵀw (3 x 3) from 0";
    let run = newton(what, &bowl, Array1::zeros(3).view(), &params);
    expect_array(
        "minimizer of ½wᵀAw − bᵀw (solution of Aw = b)",
        &run.minimizer,
        &minimum,
    )
    .tol(Tolerance::abs(1e-9))
    .mistake_array(
        &-&minimum,
        "you stepped to −A⁻¹b: the Newton direction solves H d = −g, with a minus",
    )
    .assert();
    require(run.iterations == 1 && run.converged, || {
        let hint = if run.step_sizes.first().is_some_and(|&t| t < 1.0) {
            "\n    likely mistake: the line search starts with t = 1, the full Newton step (on \
             a quadratic it lands on the minimum and is accepted)"
        } else if run.iterations > 1 {
            "\n    likely mistake: on a quadratic the Newton step d = −H⁻¹g lands exactly on \
             the minimum: d must solve H d = −g with H = objective.hessian(w) (no learning \
             rate, t = 1)"
        } else if !run.converged {
            "\n    likely mistake: after the step ‖g‖ is at round-off level: test the gradient \
             of the new point against the tolerance before stopping at the cap"
        } else {
            ""
        };
        format!(
            "{what}: a quadratic takes exactly one Newton step; got {}{hint}",
            summary(&run)
        )
    });
    require_history_lengths(what, &run);
    require(run.step_sizes == [1.0], || {
        format!(
            "{what}: the full step t = 1 lands on the minimum and must be accepted; got step \
             sizes {:?}",
            run.step_sizes
        )
    });
    let start_loss = 0.0;
    expect(
        "loss_history[0] (the loss at the start, 0)",
        run.loss_history[0],
        start_loss,
    )
    .assert();
    expect(
        "loss_history[1] (the minimum, −½ bᵀA⁻¹b)",
        run.loss_history[1],
        -0.5 * bowl.b.dot(&minimum),
    )
    .mistake(
        start_loss,
        "that is the loss at the start: after a step, record the loss at the new point \
         (not the loss before each step)",
    )
    .assert();
    expect(
        "gradient_norms[0] (‖b‖ = √14, the gradient's length at 0)",
        run.gradient_norms[0],
        14f64.sqrt(),
    )
    .mistake(14.0, "that is ‖g‖²: take the square root")
    .mistake(3.0, "that is the largest |gᵢ|; ‖g‖ is √(Σ gᵢ²)")
    .mistake(6.0, "that is Σ |gᵢ|; ‖g‖ is √(Σ gᵢ²)")
    .assert();
    require(run.gradient_norms[1] <= 1e-9, || {
        format!(
            "{what}: gradient_norms[1] should be at round-off level at the minimum, got {:e}",
            run.gradient_norms[1]
        )
    });
}

#[test]
fn the_line_search_halves_the_step_until_armijo_holds() {
    // From w = 2: t = 1 lands at −8 (f = √65), t = ½ at −3 (f = √10), t = ¼ at −0.5
    // (f = √1.25 < √5): the first accepted. Then full steps −w³ converge.
    let params = NewtonParams::new().tolerance(1e-12);
    let what = "Newton on √(1 + w²) from w = 2";
    let start = array![2.0];
    let run = newton(what, &PseudoHuber, start.view(), &params);
    require_never_uphill(what, &run);
    require_history_lengths(what, &run);
    require(run.step_sizes.first() == Some(&0.25), || {
        let hint = match run.step_sizes.first() {
            Some(&1.0) => {
                "\n    likely mistake: the full step to w = −8 raises the loss from √5 to √65: \
                 halve t until f(w + t·d) ≤ f(w) + ARMIJO·t·(g·d)"
            }
            Some(&t) if t < 0.25 => {
                "\n    likely mistake: halve only until the condition holds: the first t that \
                 satisfies it (¼) is the step"
            }
            _ => "",
        };
        format!(
            "{what}: the first step size should be ¼ (t = 1 and ½ raise the loss); got {}{hint}",
            summary(&run)
        )
    });
    expect_steps(what, &run, &PseudoHuber, start.view(), &params);
    expect_array("minimizer of √(1 + w²)", &run.minimizer, &array![0.0])
        .tol(Tolerance::abs(1e-10))
        .assert();
    require(run.converged, || {
        format!("{what}: should converge; got {}", summary(&run))
    });
}

/// f(0) = 1 with gradient 1 and curvature h, so d = −1/h and g·d = −1/h; the full step
/// lands where f = 1 − 5e-5, half of it where f = ½ (and the gradient is 0); anywhere
/// else f = 2. With h = 1 the full step's decrease, 5e-5, is below ARMIJO·|g·d| = 1e-4:
/// rejected, and t = ½ is taken. With h = 4 it is above ARMIJO·|g·d| = 2.5e-5: accepted.
struct ScriptedArmijo {
    curvature: f64,
}

impl Objective for ScriptedArmijo {
    fn loss(&self, w: ArrayView1<f64>) -> f64 {
        let full = -1.0 / self.curvature;
        if w[0] == 0.0 {
            1.0
        } else if w[0] == full {
            1.0 - 5e-5
        } else if w[0] == 0.5 * full {
            0.5
        } else {
            2.0
        }
    }
    fn gradient(&self, w: ArrayView1<f64>) -> Array1<f64> {
        array![if w[0] == 0.0 { 1.0 } else { 0.0 }]
    }
}

impl TwiceDifferentiable for ScriptedArmijo {
    fn hessian(&self, _w: ArrayView1<f64>) -> Array2<f64> {
        array![[self.curvature]]
    }
}

#[test]
fn a_decrease_smaller_than_armijo_asks_is_not_enough() {
    let what = "Newton on a function where the full step lowers the loss by only 5e-5 \
                (ARMIJO·t·|g·d| = 1e-4)";
    let f = ScriptedArmijo { curvature: 1.0 };
    let run = newton(what, &f, array![0.0].view(), &NewtonParams::new());
    require(run.step_sizes == [0.5] && run.minimizer[0] == -0.5, || {
        let hint = if run.step_sizes.first() == Some(&1.0) {
            "\n    likely mistake: you accepted any decrease; the step needs a decrease of at \
             least ARMIJO·t·|g·d|: f(w + t·d) ≤ f(w) + ARMIJO·t·(g·d), with g·d < 0"
        } else {
            ""
        };
        format!(
            "{what}: expected one step of size ½ to w = −0.5; got {} at w = {}{hint}",
            summary(&run),
            run.minimizer
        )
    });
    // Curvature 4: d = −¼, so g·d = −¼ (not −‖g‖² = −1): the 5e-5 decrease is enough.
    let what = "Newton on a function with curvature 4 where the full step lowers the loss by \
                5e-5 (ARMIJO·t·|g·d| = 2.5e-5)";
    let f = ScriptedArmijo { curvature: 4.0 };
    let hint = "\n    likely mistake: the Armijo term is ARMIJO·t·(g·d) with the Newton \
                direction d (here g·d = −¼), not −‖g‖² as for a gradient step";
    let run = match call!(newton_method::minimize(
        &f,
        array![0.0].view(),
        &NewtonParams::new()
    )) {
        Ok(run) => run,
        Err(error) => fail(format!(
            "{what}: expected one full step, got the error {error}{hint}"
        )),
    };
    require(run.step_sizes == [1.0] && run.minimizer[0] == -0.25, || {
        format!(
            "{what}: expected one full step (t = 1) to w = −0.25; got {} at w = {}{hint}",
            summary(&run),
            run.minimizer
        )
    });
}

#[test]
fn quadratic_convergence_far_from_and_near_the_minimum() {
    let bowl = LogCoshBowl {
        c: array![1.0, -2.0],
    };
    // u = R(w − c) = (3, −0.5) at the start: far out on the nearly linear flank.
    let start = &bowl.c + &LogCoshBowl::rotation().t().dot(&array![3.0, -0.5]);
    let params = NewtonParams::new().tolerance(1e-12);
    let what = "Newton on ln cosh(u₁) + ln cosh(u₂), u = R(w − c), from u = (3, −0.5)";
    let run = newton(what, &bowl, start.view(), &params);
    require_never_uphill(what, &run);
    require_history_lengths(what, &run);
    expect_steps(what, &run, &bowl, start.view(), &params);
    expect_array("minimizer (c = (1, −2))", &run.minimizer, &bowl.c)
        .tol(Tolerance::abs(1e-10))
        .assert();
    require(run.converged, || {
        format!("{what}: should converge; got {}", summary(&run))
    });
    // Quadratic convergence: once ‖g‖ < 0.1, each norm is at most about the square of
    // the previous one (for ln cosh, even the cube).
    let norms = &run.gradient_norms;
    if let Some(k) = (1..norms.len())
        .find(|&k| norms[k - 1] < 0.1 && norms[k] > 2.0 * norms[k - 1].powi(2) + 1e-15)
    {
        fail(format!(
            "{what}: near the minimum Newton's error is squared at every step, but ‖g‖ went \
             from {:e} to {:e} at step {k}\n    likely mistake: the direction must solve \
             H d = −g with the Hessian at the current w, and t = 1 must be tried first",
            norms[k - 1],
            norms[k]
        ));
    }
    let independent =
        independent_newton(&bowl, start.view(), 1e-12, 50, ARMIJO).expect("converges");
    expect_array(
        "gradient_norms (‖∇f‖ at the start and after each step)",
        &Array1::from(run.gradient_norms.clone()),
        &Array1::from(independent.norms.clone()),
    )
    .tol(Tolerance {
        rel: 1e-6,
        abs: 1e-12,
    })
    .mistake_array(
        &Array1::from(shifted(&independent.norms)),
        "you recorded the gradient's length before each step: push ‖g‖ at the new point",
    )
    .no_generic_diagnosis()
    .assert();
    expect_array(
        "loss_history (f at the start and after each step)",
        &Array1::from(run.loss_history.clone()),
        &Array1::from(independent.losses.clone()),
    )
    .tol(Tolerance {
        rel: 1e-9,
        abs: 1e-12,
    })
    .mistake_array(
        &Array1::from(shifted(&independent.losses)),
        "you recorded the loss before each step: push the loss at the new point",
    )
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn the_cap_the_tolerance_and_the_start() {
    let bowl = LogCoshBowl {
        c: array![0.0, 0.0],
    };
    let start = array![0.4, 0.3];
    let capped = NewtonParams::new().tolerance(1e-14).max_iterations(2);
    let what = "Newton on ln cosh with max_iterations 2 (it needs more)";
    let run = newton(what, &bowl, start.view(), &capped);
    require(run.iterations == 2 && !run.converged, || {
        let hint = if run.iterations == 1 {
            "\n    likely mistake: you took max_iterations − 1 steps: stop only once \
             max_iterations steps have been taken"
        } else if run.iterations == 2 {
            "\n    likely mistake: converged is true only when ‖g‖ ≤ tolerance at the final w"
        } else {
            ""
        };
        format!(
            "{what}: expected 2 steps, not converged; got {}{hint}",
            summary(&run)
        )
    });
    require_history_lengths(what, &run);
    let independent = independent_newton(&bowl, start.view(), 1e-14, 2, ARMIJO).expect("two steps");
    expect_array("the point after 2 steps", &run.minimizer, &independent.w)
        .tol(Tolerance::abs(1e-12))
        .assert();
    expect(
        "loss_history[0] (the loss at the start)",
        run.loss_history[0],
        bowl.loss(start.view()),
    )
    .assert();

    // One step solves a quadratic: a run capped at 1 step whose step reaches the
    // tolerance is converged.
    let (quadratic, _) = coupled_bowl();
    let one = NewtonParams::new().tolerance(1e-9).max_iterations(1);
    let what = "Newton on a quadratic with max_iterations 1";
    let run = newton(what, &quadratic, Array1::zeros(3).view(), &one);
    require(run.iterations == 1 && run.converged, || {
        let hint = if run.iterations == 1 {
            "\n    likely mistake: the step reached the tolerance: test ‖g‖ ≤ tolerance at the \
             new point before stopping at the cap (converged means ‖g‖ ≤ tolerance at the \
             final w)"
        } else {
            ""
        };
        format!(
            "{what}: expected 1 step, converged; got {}{hint}",
            summary(&run)
        )
    });

    let none = NewtonParams::new().max_iterations(0);
    let what = "Newton on ln cosh with max_iterations 0, away from the minimum";
    let run = newton(what, &bowl, start.view(), &none);
    require(run.iterations == 0 && !run.converged, || {
        format!(
            "{what}: expected 0 steps, not converged; got {}",
            summary(&run)
        )
    });
    require_history_lengths(what, &run);
    expect_array(
        "the point after 0 steps (the start)",
        &run.minimizer,
        &start,
    )
    .assert();

    // At the minimum of ½·2w² − 4w (w = 2) the gradient is exactly 0.
    let quadratic = Quadratic {
        a: array![[2.0]],
        b: array![4.0],
    };
    for (tolerance, name) in [(1e-8, "1e-8"), (0.0, "0")] {
        let what = format!("Newton started at the minimum, tolerance {name}");
        let params = NewtonParams::new().tolerance(tolerance).max_iterations(3);
        let run = newton(&what, &quadratic, array![2.0].view(), &params);
        require(run.iterations == 0 && run.converged, || {
            let hint = if tolerance == 0.0 && !run.converged {
                "\n    likely mistake: stop when ‖g‖ ≤ tolerance (at most the tolerance): a zero \
                 gradient with tolerance 0 is converged"
            } else {
                ""
            };
            format!(
                "{what}: expected 0 steps, converged; got {}{hint}",
                summary(&run)
            )
        });
        require_history_lengths(&what, &run);
    }
}

/// ½wᵀw − bᵀw with b = (2, 2), but whose Hessian is 2I at w = 0 (so the first step goes
/// half way, to (1, 1)) and diag(1, −1) anywhere else.
struct TurnsNonConvex;

impl Objective for TurnsNonConvex {
    fn loss(&self, w: ArrayView1<f64>) -> f64 {
        0.5 * w.dot(&w) - 2.0 * w.sum()
    }
    fn gradient(&self, w: ArrayView1<f64>) -> Array1<f64> {
        w.mapv(|v| v - 2.0)
    }
    fn dimension(&self) -> Option<usize> {
        Some(2)
    }
}

impl TwiceDifferentiable for TurnsNonConvex {
    fn hessian(&self, w: ArrayView1<f64>) -> Array2<f64> {
        if w.iter().all(|&v| v == 0.0) {
            array![[2.0, 0.0], [0.0, 2.0]]
        } else {
            array![[1.0, 0.0], [0.0, -1.0]]
        }
    }
}

/// The bowl ½‖w‖² with its gradient's sign flipped: every Newton "direction" is uphill.
/// Records every point where the loss is evaluated.
struct UphillGradient {
    evaluated: RefCell<Vec<Array1<f64>>>,
}

impl Objective for UphillGradient {
    fn loss(&self, w: ArrayView1<f64>) -> f64 {
        self.evaluated.borrow_mut().push(w.to_owned());
        0.5 * w.dot(&w)
    }
    fn gradient(&self, w: ArrayView1<f64>) -> Array1<f64> {
        -&w
    }
}

impl TwiceDifferentiable for UphillGradient {
    fn hessian(&self, w: ArrayView1<f64>) -> Array2<f64> {
        Array2::eye(w.len())
    }
}

/// Fails unless `minimize` returned an error, and returns it.
#[track_caller]
fn minimize_error(what: &str, why: &str, result: Result<NewtonRun, NewtonError>) -> NewtonError {
    match result {
        Err(error) => error,
        Ok(run) => fail(format!(
            "{what}: expected an error, got Ok: {}\n    why it must be an error: {why}",
            summary(&run)
        )),
    }
}

#[test]
fn newton_reports_what_stops_it() {
    let (bowl, _) = coupled_bowl();
    let what = "minimize with tolerance −1";
    let error = minimize_error(
        what,
        "a negative tolerance is invalid: params.validate()?",
        call!(newton_method::minimize(
            &bowl,
            Array1::zeros(3).view(),
            &NewtonParams::new().tolerance(-1.0)
        )),
    );
    require(matches!(error, NewtonError::InvalidParams(_)), || {
        format!("{what}: expected InvalidParams, got {error:?}")
    });
    let what = "minimize on a 3 x 3 quadratic from a start with 2 values";
    let error = minimize_error(
        what,
        "the objective takes 3 values",
        call!(newton_method::minimize(
            &bowl,
            Array1::zeros(2).view(),
            &NewtonParams::new()
        )),
    );
    expect_error(
        what,
        error,
        NewtonError::ShapeMismatch {
            expected: 3,
            got: 2,
        },
        &[(
            NewtonError::ShapeMismatch {
                expected: 2,
                got: 3,
            },
            "expected is the objective's dimension (3), got is start.len() (2)",
        )],
    );
    let what = "minimize with tolerance NaN and a start of the wrong length (two faults)";
    let error = minimize_error(
        what,
        "validate the parameters first",
        call!(newton_method::minimize(
            &bowl,
            Array1::zeros(2).view(),
            &NewtonParams::new().tolerance(f64::NAN)
        )),
    );
    require(matches!(error, NewtonError::InvalidParams(_)), || {
        format!(
            "{what}: expected InvalidParams, got {error:?}\n    likely mistake: \
             params.validate()? comes before the shape check"
        )
    });

    let what =
        "Newton on a function whose Hessian turns indefinite (diag(1, −1)) after the first step";
    let error = minimize_error(
        what,
        "at the second step the Hessian diag(1, −1) has no Cholesky factor",
        call!(newton_method::minimize(
            &TurnsNonConvex,
            array![0.0, 0.0].view(),
            &NewtonParams::new()
        )),
    );
    expect_error(
        what,
        error,
        NewtonError::HessianNotPositiveDefinite {
            iteration: 2,
            pivot: 1,
        },
        &[
            (
                NewtonError::HessianNotPositiveDefinite {
                    iteration: 1,
                    pivot: 1,
                },
                "iteration is the number of the step being attempted: 1 for the first, so 2 here",
            ),
            (
                NewtonError::NotPositiveDefinite { pivot: 1 },
                "map cholesky's NotPositiveDefinite { pivot } to HessianNotPositiveDefinite { \
                 iteration, pivot }",
            ),
            (
                NewtonError::HessianNotPositiveDefinite {
                    iteration: 2,
                    pivot: 0,
                },
                "pivot is the one cholesky reported (1: the second column's pivot is −1)",
            ),
        ],
    );

    let uphill = UphillGradient {
        evaluated: RefCell::new(Vec::new()),
    };
    let start = array![1.0, 2.0];
    let what = "Newton with a gradient of the wrong sign (every direction is uphill)";
    let error = minimize_error(
        what,
        "no step size lowers the loss along an uphill direction",
        call!(newton_method::minimize(
            &uphill,
            start.view(),
            &NewtonParams::new()
        )),
    );
    expect_error(
        what,
        error,
        NewtonError::LineSearchFailed {
            iteration: 1,
            loss: 2.5,
        },
        &[(
            NewtonError::LineSearchFailed {
                iteration: 0,
                loss: 2.5,
            },
            "iteration is the number of the step being attempted: 1 for the first",
        )],
    );
    // The direction is d = w = (1, 2): the points tried are w + t·w.
    let tried: Vec<f64> = uphill
        .evaluated
        .borrow()
        .iter()
        .map(|p| (p[0] - 1.0).max(0.0))
        .filter(|&t| t > 0.0)
        .collect();
    let smallest = tried.iter().copied().fold(f64::INFINITY, f64::min);
    let last = 0.5f64.powi(MAX_HALVINGS as i32);
    require(smallest == last, || {
        let hint = if smallest == 2.0 * last {
            "\n    likely mistake: one halving too few: try t = 1, ½, …, 2⁻³⁰ (MAX_HALVINGS \
             halvings, 31 sizes: for _ in 0..=MAX_HALVINGS)"
        } else if smallest == 0.5 * last {
            "\n    likely mistake: one halving too many: the last t tried is 2⁻³⁰"
        } else {
            ""
        };
        format!(
            "{what}: the line search should try step sizes down to 2⁻³⁰ = {last:e} and no \
             further; the smallest tried was {smallest:e}{hint}"
        )
    });
}

// ---------------------------------------------------------------------------------------
// Logistic regression's objective.

/// Ways to get the penalized log-loss wrong, computed here for the diagnoses.
#[derive(Clone, Copy, PartialEq)]
enum LossVariant {
    Right,
    /// (1/n) Σ ℓ instead of Σ ℓ.
    Mean,
    /// ½(b² + ‖w‖²): the intercept penalized too.
    PenalizedIntercept,
    /// ‖w‖² without the ½.
    NoHalf,
    /// Σ ℓ + (C/2)‖w‖²: C on the penalty.
    COnPenalty,
    /// The residual y − σ instead of σ − y.
    FlippedResidual,
    /// σ where the Hessian's weight is σ(1 − σ).
    SigmaWeights,
    /// The Hessian without the identity of the penalty.
    NoIdentity,
    /// ∂J/∂b without the factor C.
    InterceptWithoutC,
    /// ∂²J/∂b∂w without the factor C.
    CrossWithoutC,
    /// Class 0 costs −ln σ(z) and class 1 −ln(1 − σ(z)).
    SwappedClasses,
}

const LOSS_MISTAKES: [(LossVariant, &str); 10] = [
    (
        LossVariant::CrossWithoutC,
        "∂²J/∂b∂w = C Xᵀs: the factor C multiplies the first row and column too",
    ),
    (
        LossVariant::SwappedClasses,
        "the classes are swapped: class 1 costs ℓ = softplus(z) − z (−ln σ(z)), class 0 \
         softplus(z) (−ln(1 − σ(z)))",
    ),
    (
        LossVariant::InterceptWithoutC,
        "∂J/∂b is C Σᵢ rᵢ: the factor C multiplies the intercept's partial too",
    ),
    (
        LossVariant::Mean,
        "J is C times the SUM of the rows' log-losses, not their mean",
    ),
    (
        LossVariant::PenalizedIntercept,
        "the intercept θ[0] is not penalized: ½ Σ wⱼ² runs over θ[1..] only",
    ),
    (
        LossVariant::NoHalf,
        "the penalty is ½‖w‖² (so its gradient is w and its Hessian I), not ‖w‖²",
    ),
    (
        LossVariant::COnPenalty,
        "C multiplies the data term: C·Σ ℓ + ½‖w‖², not Σ ℓ + (C/2)‖w‖²",
    ),
    (
        LossVariant::FlippedResidual,
        "the residual is r = σ(z) − y (prediction minus label): the sign is flipped",
    ),
    (
        LossVariant::SigmaWeights,
        "the Hessian's weights are sᵢ = σᵢ(1 − σᵢ), the derivative of σ, not σᵢ",
    ),
    (
        LossVariant::NoIdentity,
        "the penalty ½‖w‖² adds the identity to the w-block of the Hessian (not to [0][0])",
    ),
];

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        z.exp() / (1.0 + z.exp())
    }
}

/// ln(1 + eᶻ), stable.
fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

/// J, ∇J and ∇²J at one θ.
type Parts = (f64, Array1<f64>, Array2<f64>);

/// (J, ∇J, ∇²J) at θ, written out row by row (independent of your code), or a variant.
fn logistic_objective(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    c: f64,
    theta: ArrayView1<f64>,
    variant: LossVariant,
) -> Parts {
    let (n, p) = x.dim();
    let data_weight = if variant == LossVariant::Mean {
        c / n as f64
    } else if variant == LossVariant::COnPenalty {
        1.0
    } else {
        c
    };
    let penalty = match variant {
        LossVariant::NoHalf => 2.0,
        LossVariant::COnPenalty => c,
        _ => 1.0,
    };
    let a = ndarray::concatenate![Axis(1), Array2::ones((n, 1)), x];
    let z = a.dot(&theta);
    let labels = if variant == LossVariant::SwappedClasses {
        y.mapv(|label| 1.0 - label as f64)
    } else {
        y.mapv(|label| label as f64)
    };
    let mut loss = data_weight
        * Zip::from(&z)
            .and(&labels)
            .fold(0.0, |sum, &z, &label| sum + softplus(z) - label * z);
    let sigma = z.mapv(sigmoid);
    let r = if variant == LossVariant::FlippedResidual {
        &labels - &sigma
    } else {
        &sigma - &labels
    };
    let weight = if variant == LossVariant::SigmaWeights {
        sigma.clone()
    } else {
        sigma.mapv(|s| s * (1.0 - s))
    };
    let mut gradient = a.t().dot(&r) * data_weight;
    let weighted = &a * &weight.insert_axis(Axis(1));
    let mut hessian = weighted.t().dot(&a) * data_weight;
    if variant == LossVariant::InterceptWithoutC {
        gradient[0] /= c;
    }
    if variant == LossVariant::CrossWithoutC {
        for j in 1..=p {
            hessian[[0, j]] /= c;
            hessian[[j, 0]] /= c;
        }
    }
    let first = usize::from(variant != LossVariant::PenalizedIntercept);
    for j in first..=p {
        loss += 0.5 * penalty * theta[j] * theta[j];
        gradient[j] += penalty * theta[j];
        if variant != LossVariant::NoIdentity {
            hessian[[j, j]] += penalty;
        }
    }
    (loss, gradient, hessian)
}

/// x = [[−1, 2], [0, 1], [1, −1], [2, 0.5]], y = (0, 1, 1, 0), C = 2, θ = (0.3, 1, −0.5).
fn small_problem() -> (Array2<f64>, Array1<usize>, f64, Array1<f64>) {
    (
        array![[-1.0, 2.0], [0.0, 1.0], [1.0, -1.0], [2.0, 0.5]],
        array![0, 1, 1, 0],
        2.0,
        array![0.3, 1.0, -0.5],
    )
}

#[test]
fn the_penalized_log_loss_its_gradient_and_hessian() {
    let (x, y, c, theta) = small_problem();
    let objective = PenalizedLogLoss {
        x: x.view(),
        y: y.view(),
        c,
    };
    let dimension = call!(objective.dimension());
    require(dimension == Some(3), || {
        let hint = if dimension == Some(2) {
            "\n    likely mistake: θ also holds the intercept: x.ncols() + 1"
        } else {
            ""
        };
        format!("dimension() with 2 columns of x: expected Some(3), got {dimension:?}{hint}")
    });
    let variants = |pick: &dyn Fn(&Parts) -> Vec<f64>| {
        LOSS_MISTAKES.map(|(v, why)| {
            (
                pick(&logistic_objective(x.view(), y.view(), c, theta.view(), v)),
                why,
            )
        })
    };
    let (loss, gradient, hessian) =
        logistic_objective(x.view(), y.view(), c, theta.view(), LossVariant::Right);
    let at = "on 4 rows, C = 2, θ = (0.3, 1, −0.5)";
    let what = format!("J(θ) {at}");
    let got = call!(objective.loss(theta.view()));
    let mut check = expect(what, got, loss).tol(Tolerance::rel(1e-10));
    for (wrong, why) in variants(&|o| vec![o.0]) {
        check = check.mistake(wrong[0], why);
    }
    check.assert();
    let got = call!(objective.gradient(theta.view()));
    let mut check = expect_array(format!("∇J(θ) (∂J/∂b first) {at}"), &got, &gradient)
        .tol(Tolerance::rel(1e-10));
    for (wrong, why) in variants(&|o| o.1.to_vec()) {
        check = check.mistake_array(&Array1::from(wrong), why);
    }
    let mut last_first = gradient.clone();
    last_first.as_slice_mut().unwrap().rotate_left(1);
    check
        .mistake_array(
            &last_first,
            "θ is [b, w₁, …, w_p]: ∂J/∂b comes first, then the weights' partials",
        )
        .assert();
    let got = call!(objective.hessian(theta.view()));
    if got.dim() == (3, 3) && (&got - &got.t()).iter().any(|d| d.abs() > 1e-9) {
        let first_column_missing = (1..3).all(|i| got[[i, 0]] == 0.0);
        let hint = if first_column_missing {
            "you filled the first row (∂²J/∂b∂w = C Xᵀs) but not the first column: the \
             Hessian is symmetric, so it goes in both"
        } else {
            "∂²J/∂θⱼ∂θₖ = ∂²J/∂θₖ∂θⱼ: fill both halves of the matrix"
        };
        fail(format!(
            "∇²J(θ) {at}: the Hessian is not symmetric (entries [0][1] = {} and [1][0] = {})\n    \
             likely mistake: {hint}",
            got[[0, 1]],
            got[[1, 0]]
        ));
    }
    let mut check = expect_array(format!("∇²J(θ) {at}"), &got, &hessian).tol(Tolerance::rel(1e-10));
    for (wrong, why) in variants(&|o| o.2.iter().copied().collect()) {
        check = check.mistake_array(&Array2::from_shape_vec((3, 3), wrong).unwrap(), why);
    }
    check.assert();
}

#[test]
fn the_log_loss_is_stable_at_large_logits() {
    // z = ±1000: row 1 (label 0) at z = 1000 costs 1000, row 2 (label 1) at z = −1000 too.
    let x = array![[1000.0], [-1000.0]];
    let y = array![0, 1];
    let objective = PenalizedLogLoss {
        x: x.view(),
        y: y.view(),
        c: 1.0,
    };
    let theta = array![0.0, 1.0];
    let got = call!(objective.loss(theta.view()));
    expect(
        "J at logits z = ±1000 (C = 1, θ = (0, 1)): 1000 + 1000 + ½",
        got,
        2000.5,
    )
    .tol(Tolerance::rel(1e-12))
    .assert();
    let got = call!(objective.gradient(theta.view()));
    // r = (1, −1): ∂J/∂b = 0, ∂J/∂w = 1000 + 1000 + 1.
    expect_array("∇J at logits z = ±1000", &got, &array![0.0, 2001.0])
        .tol(Tolerance::rel(1e-12))
        .assert();
    let got = call!(objective.hessian(theta.view()));
    // s = σ(1 − σ) underflows to 0 at |z| = 1000: only the penalty's identity is left.
    expect_array(
        "∇²J at logits z = ±1000",
        &got,
        &array![[0.0, 0.0], [0.0, 1.0]],
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
}

// ---------------------------------------------------------------------------------------
// Fitting logistic regression.

/// Calls `fit_logistic` where it must fail, and returns the error.
#[track_caller]
fn fit_error(
    what: &str,
    why: &str,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &LogisticNewtonParams,
) -> NewtonError {
    match call!(newton_method::fit_logistic(x, y, params)) {
        Err(error) => error,
        Ok(fit) => fail(format!(
            "{what}: expected an error, got Ok ({} steps)\n    why it must be an error: {why}",
            fit.run.iterations
        )),
    }
}

#[test]
fn fit_logistic_checks_its_input_in_order() {
    let (x, y, _, _) = small_problem();
    let ok = LogisticNewtonParams::new(1.0);
    for c in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let what = format!("fit_logistic with C = {c}");
        let error = fit_error(
            &what,
            "C must be positive and finite",
            x.view(),
            y.view(),
            &LogisticNewtonParams::new(c),
        );
        require(matches!(error, NewtonError::InvalidParams(_)), || {
            format!("{what}: expected InvalidParams, got {error:?}")
        });
    }
    let what = "fit_logistic with tolerance −1";
    let error = fit_error(
        what,
        "the Newton settings are validated too",
        x.view(),
        y.view(),
        &LogisticNewtonParams::new(1.0).newton(NewtonParams::new().tolerance(-1.0)),
    );
    require(matches!(error, NewtonError::InvalidParams(_)), || {
        format!(
            "{what}: expected InvalidParams, got {error:?}\n    likely mistake: params.validate() checks C, then params.newton"
        )
    });
    let y3 = array![0, 1, 1];
    let what = "fit_logistic with C = 0 and 3 labels for 4 rows (two faults)";
    let error = fit_error(
        what,
        "validate the parameters first",
        x.view(),
        y3.view(),
        &LogisticNewtonParams::new(0.0),
    );
    require(matches!(error, NewtonError::InvalidParams(_)), || {
        format!(
            "{what}: expected InvalidParams, got {error:?}\n    likely mistake: params.validate()? comes first"
        )
    });
    let what = "fit_logistic with 4 rows and 3 labels";
    let error = fit_error(what, "one label per row", x.view(), y3.view(), &ok);
    expect_error(
        what,
        error,
        NewtonError::RowsMismatch { rows: 4, values: 3 },
        &[(
            NewtonError::RowsMismatch { rows: 3, values: 4 },
            "rows is x.nrows() (4), values is y.len() (3)",
        )],
    );
    let what = "fit_logistic with 4 rows and 3 labels, one of them 2 (two faults)";
    let error = fit_error(
        what,
        "the lengths are checked before the labels",
        x.view(),
        array![0, 2, 1].view(),
        &ok,
    );
    expect_error(
        what,
        error,
        NewtonError::RowsMismatch { rows: 4, values: 3 },
        &[(
            NewtonError::NotBinary { index: 1, label: 2 },
            "check the lengths (RowsMismatch) before the labels",
        )],
    );
    let what = "fit_logistic with 0 rows and 1 label (two faults)";
    let error = fit_error(
        what,
        "the lengths are checked before emptiness",
        Array2::<f64>::zeros((0, 2)).view(),
        array![1].view(),
        &ok,
    );
    expect_error(
        what,
        error,
        NewtonError::RowsMismatch { rows: 0, values: 1 },
        &[(
            NewtonError::Empty,
            "check the lengths (RowsMismatch) before emptiness",
        )],
    );
    let what = "fit_logistic with no rows";
    let error = fit_error(
        what,
        "nothing to fit",
        Array2::<f64>::zeros((0, 2)).view(),
        Array1::<usize>::zeros(0).view(),
        &ok,
    );
    expect_error(what, error, NewtonError::Empty, &[]);
    let what = "fit_logistic with labels (0, 3, 2, 1)";
    let error = fit_error(
        what,
        "binary logistic regression needs labels 0 and 1",
        x.view(),
        array![0, 3, 2, 1].view(),
        &ok,
    );
    expect_error(
        what,
        error,
        NewtonError::NotBinary { index: 1, label: 3 },
        &[
            (
                NewtonError::NotBinary { index: 2, label: 2 },
                "report the FIRST label that is not 0 or 1 (index 1)",
            ),
            (
                NewtonError::NotBinary { index: 3, label: 1 },
                "index is the row of the first bad label, label its value",
            ),
        ],
    );
}

/// The optimum of J, found here by Newton's method with an independent solve, from 0.
fn independent_optimum(x: ArrayView2<f64>, y: ArrayView1<usize>, c: f64) -> Array1<f64> {
    let mut theta = Array1::<f64>::zeros(x.ncols() + 1);
    for _ in 0..100 {
        let (loss, g, h) = logistic_objective(x, y, c, theta.view(), LossVariant::Right);
        if norm(g.view()) <= 1e-10 {
            break;
        }
        let d = gauss_solve(h.view(), (-&g).view());
        let mut t = 1.0;
        while logistic_objective(x, y, c, (&theta + &(&d * t)).view(), LossVariant::Right).0 > loss
            && t > 1e-10
        {
            t /= 2.0;
        }
        theta = &theta + &(&d * t);
    }
    theta
}

#[test]
fn fit_logistic_on_a_small_problem() {
    let (x, y, c, _) = small_problem();
    let params = LogisticNewtonParams::new(c);
    let fit = call_ok!(newton_method::fit_logistic(x.view(), y.view(), &params));
    let optimum = independent_optimum(x.view(), y.view(), c);
    let got = {
        let mut theta = vec![fit.model.intercept];
        theta.extend(fit.model.coefficients.iter());
        Array1::from(theta)
    };
    let mut swapped = optimum.to_vec();
    swapped.rotate_right(1);
    expect_array(
        "the fitted (intercept, coefficients) on 4 rows, C = 2",
        &got,
        &optimum,
    )
    .tol(Tolerance::abs(1e-7))
    .mistake_array(
        &Array1::from(swapped),
        "the intercept is θ[0] and the coefficients θ[1..]",
    )
    .no_generic_diagnosis()
    .assert();
    require(fit.run.converged && fit.run.minimizer.len() == 3, || {
        format!(
            "the run should converge over θ with 3 values; got {}, θ of length {}",
            summary(&fit.run),
            fit.run.minimizer.len()
        )
    });
    expect(
        "the run's first loss (J at θ = 0: C · 4 · ln 2)",
        fit.run.loss_history[0],
        c * 4.0 * std::f64::consts::LN_2,
    )
    .mistake(
        4.0 * std::f64::consts::LN_2,
        "start from θ = 0 with the objective's C",
    )
    .mistake(
        logistic_objective(
            x.view(),
            y.view(),
            c,
            Array1::ones(3).view(),
            LossVariant::Right,
        )
        .0,
        "you started from θ = (1, 1, 1): the doc starts from θ = 0",
    )
    .assert();
}

#[test]
fn fit_logistic_reaches_scikit_learns_optimum_on_breast_cancer() {
    let split = StandardizedSplit::reference(&datasets::breast_cancer()).expect("bundled data");
    let (y_train, y_test) = split.class_labels().expect("class labels");
    let (x, x_test) = (split.x_train.view(), split.x_test.view());
    let optimum = independent_optimum(x, y_train.view(), 1.0);
    let best = logistic_objective(x, y_train.view(), 1.0, optimum.view(), LossVariant::Right).0;
    // scikit-learn 1.9.1 reaches 29.7976963184 on these rows (datasets/README.md).
    assert!(
        (best - 29.797_696_318_4).abs() < 1e-8,
        "the grader's optimum {best} is not scikit-learn's 29.7976963184"
    );
    // linfa-logistic minimizes the same Σ log-loss + ½‖w‖² (α = 1 = 1/C) by L-BFGS: a
    // second, independent opinion of the optimum.
    let linfa = LogisticRegression::default()
        .alpha(1.0)
        .gradient_tolerance(1e-8)
        .max_iterations(10_000)
        .fit(&linfa::Dataset::new(split.x_train.clone(), y_train.clone()))
        .expect("linfa-logistic fits breast_cancer");
    let mut linfa_theta = vec![linfa.intercept()];
    linfa_theta.extend(linfa.params().iter());
    let linfa_theta = Array1::from(linfa_theta);
    let linfa_best = logistic_objective(
        x,
        y_train.view(),
        1.0,
        linfa_theta.view(),
        LossVariant::Right,
    )
    .0
    .min(
        logistic_objective(
            x,
            y_train.view(),
            1.0,
            (-&linfa_theta).view(),
            LossVariant::Right,
        )
        .0,
    );
    assert!(
        (linfa_best - best).abs() < 1e-6 * best,
        "the grader's optimum {best} and linfa's {linfa_best} disagree"
    );

    let params = LogisticNewtonParams::new(1.0);
    let fit = call_ok!(newton_method::fit_logistic(x, y_train.view(), &params));
    let mut theta = vec![fit.model.intercept];
    theta.extend(fit.model.coefficients.iter());
    let theta = Array1::from(theta);
    require(theta.len() == 31, || {
        format!(
            "expected an intercept and 30 coefficients, got {} values",
            theta.len()
        )
    });
    let reached = logistic_objective(x, y_train.view(), 1.0, theta.view(), LossVariant::Right).0;
    expect(
        "J(θ) = Σ log-loss + ½‖w‖² at your fitted θ on breast_cancer's 455 training rows \
         (its minimum, scikit-learn's C = 1 optimum)",
        reached,
        best,
    )
    .tol(Tolerance::abs(1e-8))
    .no_generic_diagnosis()
    .assert();
    require(fit.run.iterations <= 15 && fit.run.converged, || {
        format!(
            "Newton on breast_cancer should converge to tolerance 1e-8 in at most 15 steps; got {}\n    \
             likely mistake: near the optimum t = 1 must be accepted and the Hessian must be \
             exact (C XᵀSX + I on the weights)",
            summary(&fit.run)
        )
    });
    let accuracy = |x: ArrayView2<f64>, y: ArrayView1<usize>| {
        let z = x.dot(&theta.slice(s![1..])) + theta[0];
        z.iter()
            .zip(y)
            .filter(|(z, y)| usize::from(**z > 0.0) == **y)
            .count() as f64
            / y.len() as f64
    };
    expect(
        "test accuracy (scikit-learn: 0.982)",
        accuracy(x_test, y_test.view()),
        0.982,
    )
    .tol(Tolerance::abs(5e-4))
    .no_generic_diagnosis()
    .assert();
    expect(
        "train accuracy (scikit-learn: 0.989)",
        accuracy(x, y_train.view()),
        0.989,
    )
    .tol(Tolerance::abs(5e-4))
    .no_generic_diagnosis()
    .assert();
}
