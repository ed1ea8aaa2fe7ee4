//! Grader of exercises/03_regression/lasso.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/03_regression/lasso.rs"]
mod lasso;
#[cfg(feature = "solutions")]
use mlings::reference::lasso;

mod regression_support;

use linfa::prelude::Fit;
use linfa_elasticnet::ElasticNet;
use mlings::datasets;
use mlings::grade::{Tolerance, expect, expect_array, expect_err, fail, require};
use mlings::prep::StandardizedSplit;
use mlings::types::lasso::{LassoFit, LassoParams, LinearError, LinearModel};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, array};
use regression_support::{flatten, test_r2};

// ---------------------------------------------------------------------------------
// Coordinate descent written out from the skeleton's doc, with the mistakes a learner
// is likely to make as switches, so that a wrong answer can be named by recomputing it.
// ---------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Debug)]
enum Way {
    /// The procedure of the doc.
    Doc,
    /// Every ρⱼ of a sweep from the coefficients at the start of the sweep (Jacobi).
    Jacobi,
    /// No centring: the intercept column is left out and b = ȳ − x̄·w afterwards.
    Uncentred,
    /// The L2 part left out of the denominator: S(ρ, α·r) / zⱼ.
    NoL2InDenominator,
    /// l1_ratio on the wrong part: S(ρ, α·(1 − r)) / (zⱼ + α·r).
    RatioSwapped,
    /// The residuals start as ỹ whatever the start's w (a warm start left half-done).
    StaleResiduals,
    /// zⱼ from the raw column: (1/n)·Σᵢ xᵢⱼ² instead of the centred one.
    UncentredSquares,
    /// Stop when the SUM of a sweep's |changes| is ≤ tol.
    SumOfChanges,
    /// Stop when the largest change is ≤ tol·maxⱼ |wⱼ| (relative).
    RelativeChange,
}

fn soft(z: f64, gamma: f64) -> f64 {
    z.signum() * (z.abs() - gamma).max(0.0)
}

/// Coordinate descent as `way` does it, from `start`; returns the model, the sweeps and
/// whether it converged.
fn descend(
    way: Way,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &LassoParams,
    start: ArrayView1<f64>,
) -> (LinearModel, usize, bool) {
    let n = x.nrows() as f64;
    let x_mean = x.mean_axis(Axis(0)).unwrap();
    let y_mean = y.mean().unwrap();
    let (xc, yc) = if way == Way::Uncentred {
        (x.to_owned(), y.to_owned())
    } else {
        (&x - &x_mean, y.mapv(|v| v - y_mean))
    };
    let (l1, l2) = if way == Way::RatioSwapped {
        (
            params.alpha * (1.0 - params.l1_ratio),
            params.alpha * params.l1_ratio,
        )
    } else {
        (
            params.alpha * params.l1_ratio,
            params.alpha * (1.0 - params.l1_ratio),
        )
    };
    let l2 = if way == Way::NoL2InDenominator {
        0.0
    } else {
        l2
    };
    let p = x.ncols();
    // Each column contiguous (ndarray's optimized dot), and the residuals ỹ − x̃·w.
    let columns: Vec<Array1<f64>> = (0..p).map(|j| xc.column(j).to_owned()).collect();
    let z: Vec<f64> = if way == Way::UncentredSquares {
        x.axis_iter(Axis(1)).map(|c| c.dot(&c) / n).collect()
    } else {
        columns.iter().map(|c| c.dot(c) / n).collect()
    };
    let mut w = start.to_owned();
    let mut residuals = if way == Way::StaleResiduals {
        yc.clone()
    } else {
        &yc - &xc.dot(&w)
    };
    let (mut sweeps, mut converged) = (0, false);
    while sweeps < params.max_sweeps && !converged {
        sweeps += 1;
        let sweep_start = residuals.clone();
        let old = w.clone();
        let (mut largest, mut sum) = (0.0_f64, 0.0);
        for (j, column) in columns.iter().enumerate() {
            let new = if z[j] == 0.0 {
                0.0
            } else {
                // Jacobi: the residual (and wⱼ) as they were when the sweep began.
                let (r, wj) = if way == Way::Jacobi {
                    (&sweep_start, old[j])
                } else {
                    (&residuals, w[j])
                };
                soft(column.dot(r) / n + z[j] * wj, l1) / (z[j] + l2)
            };
            let change = new - w[j];
            residuals.scaled_add(-change, column);
            largest = largest.max(change.abs());
            sum += change.abs();
            w[j] = new;
        }
        converged = match way {
            Way::SumOfChanges => sum <= params.tol,
            Way::RelativeChange => largest <= params.tol * w.fold(0.0_f64, |m, v| m.max(v.abs())),
            _ => largest <= params.tol,
        };
    }
    let model = LinearModel {
        intercept: y_mean - x_mean.dot(&w),
        coefficients: w,
    };
    (model, sweeps, converged)
}

fn doc_fit(x: ArrayView2<f64>, y: ArrayView1<f64>, params: &LassoParams) -> LinearModel {
    descend(Way::Doc, x, y, params, Array1::zeros(x.ncols()).view()).0
}

/// Fails unless the learner's (b, w) equals the doc procedure's; names the mistakes whose
/// results it matches.
#[track_caller]
fn expect_model_by_the_doc(
    what: &str,
    got: &LinearModel,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &LassoParams,
    tol: Tolerance,
) {
    let zeros = Array1::zeros(x.ncols());
    let by = |way| flatten(&descend(way, x, y, params, zeros.view()).0);
    let mut check = expect_array(what, &flatten(got), &by(Way::Doc)).tol(tol);
    for (way, why) in [
        (
            Way::Jacobi,
            "each ρⱼ was computed from the coefficients at the start of the sweep: update \
             wⱼ (and the residuals) at once, so that feature j + 1 already sees the new wⱼ",
        ),
        (
            Way::Uncentred,
            "the data were not centred: subtract the column means from x and the mean from y \
             first (the intercept is then 0 during the descent and b = ȳ − x̄·w at the end)",
        ),
        (
            Way::NoL2InDenominator,
            "the L2 part is missing from the denominator: divide by zⱼ + α·(1 − l1_ratio)",
        ),
        (
            Way::RatioSwapped,
            "l1_ratio is on the wrong part: the threshold is α·l1_ratio and the denominator \
             zⱼ + α·(1 − l1_ratio)",
        ),
        (
            Way::UncentredSquares,
            "zⱼ was computed from the raw column: zⱼ = (1/n)·Σᵢ x̃ᵢⱼ² of the CENTRED column",
        ),
    ] {
        check = check.mistake_array(&by(way), why);
    }
    check.assert();
}

fn nonzero(model: &LinearModel) -> usize {
    model.coefficients.iter().filter(|w| **w != 0.0).count()
}

fn diabetes() -> StandardizedSplit {
    StandardizedSplit::reference(&datasets::diabetes()).expect("bundled diabetes")
}

/// x = [0, 1, 2], y = [1, 1, 4]: the worked example of the skeleton.
fn doc_case() -> (Array2<f64>, Array1<f64>) {
    (array![[0.0], [1.0], [2.0]], array![1.0, 1.0, 4.0])
}

// ---------------------------------------------------------------------------------

#[test]
fn soft_threshold_by_hand() {
    for (z, gamma, expected) in [
        (3.0, 1.0, 2.0),
        (-3.0, 1.0, -2.0),
        (0.5, 1.0, 0.0),
        (-0.5, 1.0, 0.0),
        (1.0, 1.0, 0.0),
        (-1.0, 1.0, 0.0),
        (2.0, 0.0, 2.0),
        (-2.5, 0.5, -2.0),
    ] {
        let got = call!(lasso::soft_threshold(z, gamma));
        expect(format!("soft_threshold({z}, {gamma})"), got, expected)
            .tol(Tolerance::abs(1e-15))
            .mistake(
                (z.abs() - gamma).max(0.0),
                "the sign is lost: S(z, γ) = sign(z)·max(|z| − γ, 0), so a negative z stays \
                 negative",
            )
            .mistake(
                if z.abs() > gamma { z } else { 0.0 },
                "that is hard thresholding (z kept or zeroed): soft thresholding also moves \
                 the kept values towards 0 by γ",
            )
            .mistake(
                z - gamma,
                "z − γ for every z: move z towards 0 (z + γ when z < −γ) and return 0 when \
                 |z| ≤ γ",
            )
            .no_generic_diagnosis()
            .assert();
    }
}

#[test]
fn objective_by_hand() {
    let x = array![[1.0], [2.0]];
    let y = array![3.0, 5.0];
    // Residuals −1, −2 (squares 5); n = 2.
    for (w, alpha, r, expected, halves) in [
        // 5/4 + 2·0.5·1 + ½·2·0.5·1
        (1.0, 2.0, 0.5, 2.75, 3.25),
        // w = −1: residuals −3, −6 (45); 45/4 + 2·0.25·1 + ½·2·0.75·1
        (-1.0, 2.0, 0.25, 11.25 + 0.5 + 0.75, 11.25 + 0.5 + 1.5),
    ] {
        let model = LinearModel {
            intercept: 1.0,
            coefficients: array![w],
        };
        let params = LassoParams::new(alpha).l1_ratio(r);
        let got = call_ok!(lasso::objective(&model, x.view(), y.view(), &params));
        let squares = if w > 0.0 { 5.0 } else { 45.0 };
        let l1 = alpha * r;
        let l2 = 0.5 * alpha * (1.0 - r);
        expect(
            format!("objective at b = 1, w = [{w}] with α = {alpha}, l1_ratio = {r}"),
            got,
            expected,
        )
        .tol(Tolerance::abs(1e-12))
        .mistake(
            squares / 2.0 + l1 + l2,
            "the squared residuals are divided by n, not 2n: the lasso's loss is \
             ‖y − Xw − b‖² / (2n)",
        )
        .mistake(
            squares / 4.0 + l1 + 2.0 * l2,
            "the L2 part is missing its ½: ½·α·(1 − l1_ratio)·‖w‖²",
        )
        .mistake(
            halves,
            "the L2 part is missing its ½: ½·α·(1 − l1_ratio)·‖w‖²",
        )
        .mistake(
            squares / 4.0 + alpha * (1.0 - r) + 0.5 * alpha * r,
            "l1_ratio is on the wrong part: α·l1_ratio·‖w‖₁ + ½·α·(1 − l1_ratio)·‖w‖²",
        )
        .mistake(
            squares / 4.0 + l1 * w + l2,
            "the L1 norm is Σ|wⱼ|: a negative coefficient adds its absolute value",
        )
        .mistake(
            squares / 4.0 + l1 * (w.abs() + 1.0) + l2 * (w * w + 1.0),
            "the intercept is penalized too: only w is",
        )
        .mistake(
            squares / 4.0 + l1 * (w.abs() + 1.0) + l2 * w * w,
            "the intercept is penalized too (|b| in the L1 part): only w is",
        )
        .assert();
    }
}

#[test]
fn objective_checks_its_input_in_order() {
    let model = LinearModel {
        intercept: 0.0,
        coefficients: array![1.0, 2.0],
    };
    let params = LassoParams::new(1.0);
    let empty = Array2::<f64>::zeros((0, 3));
    let err = expect_err(
        "objective with 0 rows of 3 columns and 1 target",
        "the rows and targets differ (checked before anything else)",
        call!(lasso::objective(
            &model,
            empty.view(),
            array![1.0].view(),
            &params
        )),
    );
    require(
        err == LinearError::RowsMismatch { rows: 0, values: 1 },
        || {
            format!(
                "objective(0 rows, 1 target): expected RowsMismatch {{ rows: 0, values: 1 }}, got {err:?}\n    likely mistake: check the rows against the targets first, then emptiness, then the width"
            )
        },
    );
    let err = expect_err(
        "objective with 0 rows of 3 columns and 0 targets",
        "there are no rows (checked before the width)",
        call!(lasso::objective(
            &model,
            empty.view(),
            array![].view(),
            &params
        )),
    );
    require(err == LinearError::Empty, || {
        format!("objective(0 rows): expected Empty, got {err:?}")
    });
    let x = Array2::<f64>::zeros((2, 3));
    let err = expect_err(
        "objective with 3 columns and 2 coefficients",
        "x is wider than the model",
        call!(lasso::objective(
            &model,
            x.view(),
            array![1.0, 2.0].view(),
            &params
        )),
    );
    require(
        err == LinearError::ColumnsMismatch {
            columns: 3,
            coefficients: 2,
        },
        || {
            format!(
                "objective(3 columns, 2 coefficients): expected ColumnsMismatch {{ columns: 3, coefficients: 2 }}, got {err:?}"
            )
        },
    );
}

#[test]
fn alpha_max_by_hand() {
    let (x, y) = doc_case();
    for (r, expected) in [(1.0, 1.0), (0.5, 2.0)] {
        let got = call_ok!(lasso::alpha_max(x.view(), y.view(), r));
        expect(
            format!("alpha_max on the doc's x = [0, 1, 2], y = [1, 1, 4], l1_ratio = {r}"),
            got,
            expected,
        )
        .tol(Tolerance::rel(1e-12))
        .mistake(
            9.0 / 3.0 / r,
            "x was not centred: use x̃ⱼ = xᵢⱼ − x̄ⱼ (uncentred, x·y also measures the \
                 intercept's pull)",
        )
        .mistake(
            1.0,
            "the l1_ratio is missing: α_max = maxⱼ |x̃ⱼ·ỹ| / (n·l1_ratio)",
        )
        .mistake(
            3.0 / r,
            "the division by n is missing: maxⱼ |x̃ⱼ·ỹ| / (n·l1_ratio)",
        )
        .mistake(
            1.5 / r,
            "divided by n − 1: the pull is a mean over the n rows, divide by n",
        )
        .assert();
    }
    // The largest pull is negative here: feature 1 (x̃·ỹ = −2) beats feature 0 (+1).
    let x = array![[0.0, 3.0], [1.0, 1.0], [2.0, -1.0], [1.0, 1.0]];
    let y = array![1.0, 1.0, 2.0, 0.0];
    let x_centred = &x - &x.mean_axis(Axis(0)).unwrap();
    let y_centred = &y - y.mean().unwrap();
    let pulls: Array1<f64> = x_centred.t().dot(&y_centred);
    let expected = pulls.iter().fold(0.0_f64, |m, v| m.max(v.abs())) / 4.0;
    let largest_signed = pulls.iter().fold(f64::MIN, |m, v| m.max(*v)) / 4.0;
    let got = call_ok!(lasso::alpha_max(x.view(), y.view(), 1.0));
    expect(
        "alpha_max when the strongest feature pulls negatively",
        got,
        expected,
    )
    .tol(Tolerance::rel(1e-12))
    .mistake(
        largest_signed,
        "the absolute value is missing: a feature that pulls the fit down (x̃ⱼ·ỹ < 0) \
             leaves 0 as soon as α is below |x̃ⱼ·ỹ| / n",
    )
    .assert();
}

#[test]
fn alpha_max_checks_its_input_in_order() {
    let (x, _) = doc_case();
    for r in [0.0, -0.5, 1.5, f64::NAN] {
        let err = expect_err(
            &format!("alpha_max with l1_ratio = {r} (and 3 rows for 2 targets)"),
            "l1_ratio must be in (0, 1], checked first: with no L1 part no α zeroes the coefficients",
            call!(lasso::alpha_max(x.view(), array![1.0, 2.0].view(), r)),
        );
        require(matches!(err, LinearError::InvalidParams(_)), || {
            format!(
                "alpha_max(l1_ratio = {r}, 3 rows, 2 targets): expected InvalidParams (the ratio is checked first), got {err:?}"
            )
        });
    }
    let err = expect_err(
        "alpha_max with 3 rows and 2 targets",
        "one target per row",
        call!(lasso::alpha_max(x.view(), array![1.0, 2.0].view(), 1.0)),
    );
    require(
        err == LinearError::RowsMismatch { rows: 3, values: 2 },
        || {
            format!(
                "alpha_max(3 rows, 2 targets): expected RowsMismatch {{ rows: 3, values: 2 }}, got {err:?}"
            )
        },
    );
    let err = expect_err(
        "alpha_max with no rows",
        "the means of no rows are undefined",
        call!(lasso::alpha_max(
            Array2::zeros((0, 1)).view(),
            array![].view(),
            1.0
        )),
    );
    require(err == LinearError::Empty, || {
        format!("alpha_max(0 rows): expected Empty, got {err:?}")
    });
    let mut bad_x = x.clone();
    bad_x[[2, 0]] = f64::NAN;
    let bad_y = array![1.0, f64::INFINITY, 4.0];
    let err = expect_err(
        "alpha_max with a NaN in x (row 2) and an infinity in y (row 1)",
        "a NaN would silently make α_max NaN",
        call!(lasso::alpha_max(bad_x.view(), bad_y.view(), 1.0)),
    );
    require(
        err == LinearError::NotFinite {
            input: "x",
            row: 2,
            column: 0,
        },
        || {
            format!(
                "alpha_max(NaN in x at row 2, inf in y at row 1): expected NotFinite {{ input: \"x\", row: 2, column: 0 }} (x is checked before y), got {err:?}"
            )
        },
    );
    let err = expect_err(
        "alpha_max with an infinity in y (row 1)",
        "a non-finite target",
        call!(lasso::alpha_max(x.view(), bad_y.view(), 1.0)),
    );
    require(
        err == LinearError::NotFinite {
            input: "y",
            row: 1,
            column: 0,
        },
        || {
            format!(
                "alpha_max(inf in y at row 1): expected NotFinite {{ input: \"y\", row: 1, column: 0 }}, got {err:?}"
            )
        },
    );
}

#[test]
fn alpha_max_is_where_the_path_starts() {
    let split = diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    for r in [1.0, 0.5] {
        let got = call_ok!(lasso::alpha_max(x, y, r));
        let above = doc_fit(x, y, &LassoParams::new(got * (1.0 + 1e-9)).l1_ratio(r));
        require(nonzero(&above) == 0, || {
            format!(
                "diabetes, l1_ratio {r}: your alpha_max is {got:.6}, but the lasso just above it still keeps {} coefficients: α_max = maxⱼ |x̃ⱼ·ỹ| / (n·l1_ratio)",
                nonzero(&above)
            )
        });
        let below = doc_fit(x, y, &LassoParams::new(got * 0.99).l1_ratio(r));
        require(nonzero(&below) > 0, || {
            format!(
                "diabetes, l1_ratio {r}: your alpha_max is {got:.6}, but the lasso at 0.99 of it is still all zeros: it is larger than the smallest α that zeroes every coefficient"
            )
        });
    }
}

#[test]
fn first_sweeps_by_hand() {
    let (x, y) = doc_case();
    let params = LassoParams::new(0.5);
    let fit = call_ok!(lasso::fit(x.view(), y.view(), &params));
    expect_model_by_the_doc(
        "(b, w) on the doc's x = [0, 1, 2], y = [1, 1, 4], α = 0.5: b = 1.25, w = 0.75",
        &fit.model,
        x.view(),
        y.view(),
        &params,
        Tolerance::abs(1e-12),
    );
    expect_sweeps("the doc's example", &fit, 2, true);
    // x = [−1, 1], y = [0, 4]: z = 1 and ρ = 2 exactly, so w = 1.5 after one sweep. With
    // tol 1.5 exactly, the first sweep's change 1.5 is ≤ tol: one sweep.
    let x = array![[-1.0], [1.0]];
    let y = array![0.0, 4.0];
    let fit = call_ok!(lasso::fit(
        x.view(),
        y.view(),
        &LassoParams::new(0.5).tol(1.5)
    ));
    expect(
        "w on x = [−1, 1], y = [0, 4], α = 0.5",
        fit.model.coefficients[0],
        1.5,
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
    require(fit.sweeps == 1 && fit.converged, || {
        format!(
            "x = [−1, 1], y = [0, 4], α = 0.5, tol = 1.5: the first sweep moves w by exactly 1.5, \
             so it stops there (sweeps 1, converged); got sweeps {}, converged {}\n    likely \
             mistake: the rule is 'largest change ≤ tol', not '< tol'",
            fit.sweeps, fit.converged
        )
    });
}

#[track_caller]
fn expect_sweeps(what: &str, fit: &LassoFit, sweeps: usize, converged: bool) {
    if fit.sweeps == sweeps && fit.converged == converged {
        return;
    }
    let mut message = format!(
        "{what}: expected sweeps {sweeps}, converged {converged}\n    got:      sweeps {}, converged {}",
        fit.sweeps, fit.converged
    );
    if fit.converged == converged && fit.sweeps + 1 == sweeps {
        message.push_str("\n    likely mistake: the last sweep (the one that moved nothing) is not counted: count every sweep made");
    } else if fit.converged == converged && fit.sweeps == sweeps + 1 {
        message.push_str("\n    likely mistake: one sweep too many: stop right after the first sweep whose largest change is ≤ tol");
    } else if fit.converged != converged {
        message.push_str("\n    likely mistake: converged is true exactly when the last sweep moved no coefficient by more than tol");
    }
    fail(message);
}

/// Features whose centred columns are orthogonal with (1/n)·‖x̃ⱼ‖² = 1 (±1 patterns,
/// shifted so that their means are not 0).
fn orthonormal_case() -> (Array2<f64>, Array1<f64>) {
    let signs = array![
        [1.0, 1.0, 1.0],
        [1.0, -1.0, -1.0],
        [-1.0, 1.0, -1.0],
        [-1.0, -1.0, 1.0],
        [1.0, 1.0, -1.0],
        [1.0, -1.0, 1.0],
        [-1.0, 1.0, 1.0],
        [-1.0, -1.0, -1.0],
    ];
    let x = &signs + &array![5.0, -2.0, 0.5];
    let y = array![3.0, 1.0, -2.0, 0.5, 4.0, 2.5, 1.0, -3.0];
    (x, y)
}

#[test]
fn orthonormal_features_are_soft_thresholded_least_squares() {
    let (x, y) = orthonormal_case();
    let x_centred = &x - &x.mean_axis(Axis(0)).unwrap();
    let y_mean = y.mean().unwrap();
    let rho = x_centred.t().dot(&y.mapv(|v| v - y_mean)) / 8.0;
    for (alpha, r) in [(0.3, 1.0), (0.9, 1.0), (0.6, 0.5), (2.0, 0.0), (0.0, 1.0)] {
        let params = LassoParams::new(alpha).l1_ratio(r);
        let fit = call_ok!(lasso::fit(x.view(), y.view(), &params));
        // Orthonormal: every coordinate problem is independent, w = S(ρ, α·r)/(1 + α(1 − r)).
        let w = rho.mapv(|p| soft(p, alpha * r) / (1.0 + alpha * (1.0 - r)));
        let b = y_mean - x.mean_axis(Axis(0)).unwrap().dot(&w);
        let expected: Array1<f64> = std::iter::once(b).chain(w.iter().copied()).collect();
        expect_model_by_the_doc(
            &format!(
                "(b, w) on orthonormal features, α = {alpha}, l1_ratio = {r}: expected \
                 soft-thresholded least squares"
            ),
            &fit.model,
            x.view(),
            y.view(),
            &params,
            Tolerance::abs(1e-9),
        );
        expect_array("(b, w) vs the closed form", &flatten(&fit.model), &expected)
            .tol(Tolerance::abs(1e-9))
            .assert();
        expect_sweeps(
            &format!(
                "orthonormal features, α = {alpha}, l1_ratio = {r} (one sweep solves it, the second moves nothing)"
            ),
            &fit,
            2,
            true,
        );
    }
}

/// Two strongly correlated features and a third: one sweep is far from the optimum, and
/// the order of the updates shows.
fn correlated_case() -> (Array2<f64>, Array1<f64>) {
    let x = Array2::from_shape_fn((12, 3), |(i, j)| {
        let t = i as f64;
        match j {
            0 => t,
            1 => t + ((i * 7) % 5) as f64 * 0.4,
            _ => ((i * 5) % 7) as f64,
        }
    });
    let y = Array1::from_shape_fn(12, |i| {
        2.0 * x[[i, 0]] - x[[i, 1]] + 0.5 * x[[i, 2]] + ((i * 3) % 4) as f64
    });
    (x, y)
}

#[test]
fn each_update_uses_this_sweeps_coefficients() {
    let (x, y) = correlated_case();
    for sweeps in [1, 3] {
        let params = LassoParams::new(0.2).max_sweeps(sweeps);
        let fit = call_ok!(lasso::fit(x.view(), y.view(), &params));
        expect_model_by_the_doc(
            &format!("(b, w) after max_sweeps = {sweeps} on correlated features"),
            &fit.model,
            x.view(),
            y.view(),
            &params,
            Tolerance::abs(1e-9),
        );
        expect_sweeps(
            &format!("max_sweeps = {sweeps} on correlated features (far from converged)"),
            &fit,
            sweeps,
            false,
        );
    }
}

#[test]
fn tol_decides_when_to_stop() {
    let (x, y) = correlated_case();
    for tol in [1e-2, 1e-6, 1e-12] {
        let params = LassoParams::new(0.2).tol(tol);
        let fit = call_ok!(lasso::fit(x.view(), y.view(), &params));
        let (model, sweeps, converged) = descend(
            Way::Doc,
            x.view(),
            y.view(),
            &params,
            array![0.0, 0.0, 0.0].view(),
        );
        // Summation order may differ from the grader's: allow one sweep either way.
        require(
            fit.converged == converged && fit.sweeps.abs_diff(sweeps) <= 1,
            || {
                format!(
                    "correlated features, α = 0.2, tol = {tol}: expected about {sweeps} sweeps \
                 (converged {converged}), got {} (converged {})\n    likely mistake: stop \
                 after the first sweep whose LARGEST |change of wⱼ| is ≤ tol (not the sum, \
                 not a relative change, not the change of the objective)",
                    fit.sweeps, fit.converged
                )
            },
        );
        expect_array(
            format!("(b, w) with tol = {tol}"),
            &flatten(&fit.model),
            &flatten(&model),
        )
        .tol(Tolerance::abs(tol * 10.0 + 1e-9))
        .assert();
    }
}

#[test]
fn a_constant_column_gets_zero() {
    let (x, y) = correlated_case();
    let mut with_constant = Array2::from_elem((12, 4), 3.0);
    with_constant.slice_mut(ndarray::s![.., 1..]).assign(&x);
    for r in [1.0, 0.5] {
        let params = LassoParams::new(0.2).l1_ratio(r);
        let fit = call_ok!(lasso::fit(with_constant.view(), y.view(), &params));
        require(fit.model.coefficients[0] == 0.0, || {
            format!(
                "a constant first column (all 3), l1_ratio {r}: its coefficient must be exactly 0, got {}\n    likely mistake: zⱼ = 0 for a constant column, so ρⱼ/zⱼ is 0/0: set wⱼ = 0 when zⱼ = 0",
                fit.model.coefficients[0]
            )
        });
        expect_model_by_the_doc(
            &format!("(b, w) with a constant first column, l1_ratio {r}"),
            &fit.model,
            with_constant.view(),
            y.view(),
            &params,
            Tolerance::abs(1e-7),
        );
    }
}

/// scikit-learn 1.9.1's lasso on standardized diabetes (datasets/README.md), to 3 decimals.
const SKLEARN_LASSO: [(f64, [f64; 10], usize, f64); 4] = [
    (
        0.01,
        [
            1.751, -11.492, 25.629, 16.810, -42.949, 23.512, 6.968, 12.850, 34.612, 2.356,
        ],
        10,
        0.4529,
    ),
    (
        0.1,
        [
            1.730, -11.317, 25.823, 16.645, -29.451, 13.347, 0.589, 10.249, 29.668, 2.393,
        ],
        10,
        0.4555,
    ),
    (
        1.0,
        [
            0.687, -9.297, 26.220, 15.658, -8.242, 0.0, -9.006, 3.440, 22.638, 2.099,
        ],
        9,
        0.4669,
    ),
    (
        10.0,
        [0.0, 0.0, 24.582, 8.115, 0.0, 0.0, -3.891, 0.0, 17.033, 0.0],
        4,
        0.4463,
    ),
];

#[track_caller]
fn expect_published(
    what: &str,
    fit: &LassoFit,
    split: &StandardizedSplit,
    w: &[f64; 10],
    kept: usize,
    r2: f64,
) {
    expect_array(
        format!("{what}: coefficients vs scikit-learn's (3 decimals)"),
        &fit.model.coefficients,
        &Array1::from(w.to_vec()),
    )
    .tol(Tolerance::abs(6e-4))
    .assert();
    expect(
        format!("{what}: intercept (the train mean of y)"),
        fit.model.intercept,
        153.737,
    )
    .tol(Tolerance::abs(6e-4))
    .assert();
    require(nonzero(&fit.model) == kept, || {
        format!(
            "{what}: scikit-learn keeps {kept} nonzero coefficients, yours {}: a coefficient that soft thresholding zeroes must be exactly 0.0",
            nonzero(&fit.model)
        )
    });
    expect(format!("{what}: test R²"), test_r2(&fit.model, split), r2)
        .tol(Tolerance::abs(6e-5))
        .assert();
}

#[test]
fn diabetes_lasso_matches_scikit_learn() {
    let split = diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    for (alpha, w, kept, r2) in SKLEARN_LASSO {
        let fit = call_ok!(lasso::fit(x, y, &LassoParams::new(alpha)));
        require(fit.converged, || {
            format!(
                "diabetes, α = {alpha}: not converged after {} sweeps (tol 1e-10 takes about 1 200 at α = 0.01)",
                fit.sweeps
            )
        });
        expect_published(
            &format!("diabetes lasso, α = {alpha}"),
            &fit,
            &split,
            &w,
            kept,
            r2,
        );
    }
}

#[test]
fn diabetes_elastic_net_matches_scikit_learn() {
    let split = diabetes();
    let params = LassoParams::new(0.1).l1_ratio(0.5);
    let fit = call_ok!(lasso::fit(
        split.x_train.view(),
        split.y_train.view(),
        &params
    ));
    expect_model_by_the_doc(
        "diabetes elastic net, α = 0.1, l1_ratio = 0.5",
        &fit.model,
        split.x_train.view(),
        split.y_train.view(),
        &params,
        Tolerance::abs(1e-6),
    );
    expect_published(
        "diabetes elastic net, α = 0.1, l1_ratio = 0.5",
        &fit,
        &split,
        &[
            1.902, -10.623, 25.236, 16.000, -8.901, -2.073, -7.813, 7.709, 21.001, 3.152,
        ],
        10,
        0.4590,
    );
}

fn linfa_elastic_net(x: ArrayView2<f64>, y: ArrayView1<f64>, alpha: f64, r: f64) -> LinearModel {
    let data = linfa::Dataset::new(x.to_owned(), y.to_owned());
    let fitted = ElasticNet::params()
        .penalty(alpha)
        .l1_ratio(r)
        .with_intercept(true)
        .tolerance(1e-12)
        .max_iterations(100_000)
        .fit(&data)
        .expect("linfa-elasticnet fits diabetes");
    LinearModel {
        intercept: fitted.intercept(),
        coefficients: fitted.hyperplane().clone(),
    }
}

#[test]
fn beside_linfa_elasticnet() {
    let split = diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    for (alpha, r) in [(1.0, 1.0), (0.3, 0.5), (5.0, 0.9)] {
        let fit = call_ok!(lasso::fit(x, y, &LassoParams::new(alpha).l1_ratio(r)));
        expect_array(
            format!("diabetes, α = {alpha}, l1_ratio = {r}: (b, w) vs linfa-elasticnet"),
            &flatten(&fit.model),
            &flatten(&linfa_elastic_net(x, y, alpha, r)),
        )
        .tol(Tolerance::abs(1e-4))
        .assert();
    }
}

#[test]
fn elastic_net_without_l1_is_ridge() {
    // With l1_ratio 0 the objective is ‖·‖²/(2n) + ½α‖w‖², which is ridge's
    // ‖·‖² + (n·α)‖w‖² divided by 2n: the course's ridge with penalty n·α.
    let (x, y) = correlated_case();
    let alpha = 0.5;
    let ridge = mlings::reference::ridge::fit(x.view(), y.view(), 12.0 * alpha).unwrap();
    let fit = call_ok!(lasso::fit(
        x.view(),
        y.view(),
        &LassoParams::new(alpha)
            .l1_ratio(0.0)
            .tol(1e-13)
            .max_sweeps(100_000)
    ));
    expect_array(
        "(b, w) with l1_ratio = 0 vs ridge with penalty n·α (its closed form)",
        &flatten(&fit.model),
        &flatten(&ridge),
    )
    .tol(Tolerance::abs(1e-7))
    .assert();
}

#[test]
fn sweeps_follow_the_procedure_on_diabetes() {
    let split = diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let params = LassoParams::new(1.0).tol(1e-8);
    let fit = call_ok!(lasso::fit(x, y, &params));
    let (_, sweeps, _) = descend(Way::Doc, x, y, &params, Array1::zeros(10).view());
    require(fit.sweeps.abs_diff(sweeps) <= 1, || {
        let mut message = format!(
            "diabetes, α = 1, tol = 1e-8: the doc's procedure takes {sweeps} sweeps, yours {}",
            fit.sweeps
        );
        let suspects = [
            (
                Way::Jacobi,
                "each ρⱼ was computed from the coefficients at the start of the sweep: update \
                 wⱼ and the residuals at once",
            ),
            (
                Way::SumOfChanges,
                "the stopping rule adds up the changes: stop when the LARGEST |change of wⱼ| \
                 of a sweep is ≤ tol",
            ),
            (
                Way::RelativeChange,
                "the stopping rule is relative to the size of w: stop when the LARGEST \
                 |change of wⱼ| of a sweep is ≤ tol itself",
            ),
        ];
        let named = suspects.iter().find(|(way, _)| {
            let (_, theirs, _) = descend(*way, x, y, &params, Array1::zeros(10).view());
            fit.sweeps.abs_diff(theirs) <= 1 && theirs.abs_diff(sweeps) > 1
        });
        match named {
            Some((_, why)) => message.push_str(&format!("\n    likely mistake: {why}")),
            None => message.push_str(
                "\n    check the sweep order (j = 0, 1, …, p − 1) and the stopping rule (after \
                 each sweep, stop if its LARGEST |change of wⱼ| is ≤ tol)",
            ),
        }
        message
    });
}

#[test]
fn a_warm_start_starts_from_the_given_coefficients() {
    let split = diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let params = LassoParams::new(1.0);
    let optimum = doc_fit(x, y, &params.clone().tol(1e-13));
    // From the optimum (with a wrong intercept, which must be ignored) one sweep suffices.
    let start = LinearModel {
        intercept: -1000.0,
        coefficients: optimum.coefficients.clone(),
    };
    let fit = call_ok!(lasso::fit_from(x, y, &params, &start));
    expect_array(
        "diabetes, α = 1, warm-started at the optimum (start intercept −1000): (b, w)",
        &flatten(&fit.model),
        &flatten(&optimum),
    )
    .tol(Tolerance::abs(1e-8))
    .mistake_array(
        &flatten(&LinearModel {
            intercept: -1000.0,
            coefficients: optimum.coefficients.clone(),
        }),
        "the start's intercept was kept: b = ȳ − x̄·w at the end, whatever the start",
    )
    .mistake_array(
        &flatten(&LinearModel {
            intercept: optimum.intercept - 1000.0,
            coefficients: optimum.coefficients.clone(),
        }),
        "the start's intercept was added to b: b = ȳ − x̄·w at the end, whatever the start",
    )
    .mistake_array(
        &flatten(
            &descend(
                Way::StaleResiduals,
                x,
                y,
                &params,
                start.coefficients.view(),
            )
            .0,
        ),
        "the residuals start as ỹ, as if w were 0: from a warm start they are ỹ − x̃·w for \
         the start's w",
    )
    .assert();
    require(fit.sweeps == 1 && fit.converged, || {
        format!(
            "warm-started at the optimum, the first sweep moves nothing: expected 1 sweep, got {} (converged {})\n    likely mistake: the descent starts from 0 instead of start's coefficients",
            fit.sweeps, fit.converged
        )
    });
    // From a point other than 0, max_sweeps = 2 ends at the doc procedure's point.
    let (x, y) = correlated_case();
    let start = LinearModel {
        intercept: 0.0,
        coefficients: array![0.5, 1.0, -0.3],
    };
    let params = LassoParams::new(0.2).max_sweeps(2);
    let fit = call_ok!(lasso::fit_from(x.view(), y.view(), &params, &start));
    let (model, _, _) = descend(
        Way::Doc,
        x.view(),
        y.view(),
        &params,
        start.coefficients.view(),
    );
    let from_zero = doc_fit(x.view(), y.view(), &params);
    expect_array(
        "correlated features, 2 sweeps from w = [0.5, 1, −0.3]: (b, w)",
        &flatten(&fit.model),
        &flatten(&model),
    )
    .tol(Tolerance::abs(1e-9))
    .mistake_array(
        &flatten(&from_zero),
        "the descent started from 0: fit_from starts from start's coefficients",
    )
    .assert();
    let err = expect_err(
        "fit_from with 3 columns and a start of 2 coefficients",
        "the start must have one coefficient per column",
        call!(lasso::fit_from(
            x.view(),
            y.view(),
            &params,
            &LinearModel::zeros(2)
        )),
    );
    require(
        err == LinearError::ColumnsMismatch {
            columns: 3,
            coefficients: 2,
        },
        || {
            format!(
                "fit_from(3 columns, start of 2): expected ColumnsMismatch {{ columns: 3, coefficients: 2 }}, got {err:?}"
            )
        },
    );
}

#[test]
fn fit_checks_its_input_in_order() {
    let (x, _) = doc_case();
    let short_y = array![1.0, 2.0];
    let wrong_start = LinearModel::zeros(5);
    for (bad, setting) in [
        (LassoParams::new(-1.0), "alpha = −1"),
        (LassoParams::new(1.0).l1_ratio(1.5), "l1_ratio = 1.5"),
        (LassoParams::new(1.0).tol(0.0), "tol = 0"),
        (LassoParams::new(1.0).max_sweeps(0), "max_sweeps = 0"),
    ] {
        let err = expect_err(
            &format!("fit_from with {setting}, 3 rows for 2 targets and a start of 5"),
            "the settings are checked first (params.validate())",
            call!(lasso::fit_from(
                x.view(),
                short_y.view(),
                &bad,
                &wrong_start
            )),
        );
        require(matches!(err, LinearError::InvalidParams(_)), || {
            format!(
                "fit_from({setting}, bad rows, bad start): expected InvalidParams (the settings come first), got {err:?}{}",
                if matches!(err, LinearError::ColumnsMismatch { .. }) {
                    "\n    likely mistake: the start's width was checked before the settings and the data: check it last"
                } else {
                    ""
                }
            )
        });
    }
    let params = LassoParams::new(0.5);
    let err = expect_err(
        "fit_from with 3 rows, 2 targets and a start of 5 coefficients",
        "one target per row, checked before the start's width",
        call!(lasso::fit_from(
            x.view(),
            short_y.view(),
            &params,
            &wrong_start
        )),
    );
    require(
        err == LinearError::RowsMismatch { rows: 3, values: 2 },
        || {
            format!(
                "fit_from(3 rows, 2 targets, start of 5): expected RowsMismatch {{ rows: 3, values: 2 }}, got {err:?}\n    likely mistake: check the data before the start's width"
            )
        },
    );
    let err = expect_err(
        "fit with no rows",
        "the means of no rows are undefined",
        call!(lasso::fit(
            Array2::zeros((0, 1)).view(),
            array![].view(),
            &params
        )),
    );
    require(err == LinearError::Empty, || {
        format!("fit(0 rows): expected Empty, got {err:?}")
    });
    let mut bad_x = x.clone();
    bad_x[[1, 0]] = f64::NAN;
    let bad_y = array![f64::NAN, 1.0, 4.0];
    let err = expect_err(
        "fit_from with a NaN in x (row 1), a NaN in y (row 0) and a start of 5",
        "a NaN would spread to every coefficient",
        call!(lasso::fit_from(
            bad_x.view(),
            bad_y.view(),
            &params,
            &wrong_start
        )),
    );
    require(
        err == LinearError::NotFinite {
            input: "x",
            row: 1,
            column: 0,
        },
        || {
            format!(
                "fit_from(NaN in x at row 1, NaN in y at row 0): expected NotFinite {{ input: \"x\", row: 1, column: 0 }} (x before y, both before the start), got {err:?}"
            )
        },
    );
    let err = expect_err(
        "fit with a NaN in y (row 0)",
        "a NaN target",
        call!(lasso::fit(x.view(), bad_y.view(), &params)),
    );
    require(
        err == LinearError::NotFinite {
            input: "y",
            row: 0,
            column: 0,
        },
        || {
            format!(
                "fit(NaN in y at row 0): expected NotFinite {{ input: \"y\", row: 0, column: 0 }}, got {err:?}"
            )
        },
    );
}

const PATH: [f64; 4] = [10.0, 1.0, 0.1, 0.01];

#[test]
fn the_path_is_warm_started() {
    let split = diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let params = LassoParams::new(123.0).tol(1e-8);
    let fits = call_ok!(lasso::path(x, y, &PATH, &params));
    require(fits.len() == PATH.len(), || {
        format!(
            "path over α = {PATH:?}: expected {} fits, got {}",
            PATH.len(),
            fits.len()
        )
    });
    let mut start = Array1::zeros(10);
    for (k, (fit, (alpha, w, kept, r2))) in fits.iter().zip(SKLEARN_LASSO.iter().rev()).enumerate()
    {
        assert_eq!(*alpha, PATH[k]);
        expect_published(&format!("path, α = {alpha}"), fit, &split, w, *kept, *r2);
        let step = params.with_alpha(*alpha);
        let (model, warm, _) = descend(Way::Doc, x, y, &step, start.view());
        require(fit.sweeps.abs_diff(warm) <= 1, || {
            let (_, cold, _) = descend(Way::Doc, x, y, &step, Array1::zeros(10).view());
            let mut message = format!(
                "path, α = {alpha} (fit {k}): warm-started from the previous fit it takes {warm} sweeps, yours took {}",
                fit.sweeps
            );
            if fit.sweeps.abs_diff(cold) <= 1 && warm.abs_diff(cold) > 1 {
                message.push_str("\n    likely mistake: every α starts from 0: start each fit from the previous fit's model (fit_from)");
            }
            message
        });
        start = model.coefficients;
    }
}

#[test]
fn the_path_is_sparse_from_alpha_max() {
    let split = diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let largest = {
        let xc = &x - &x.mean_axis(Axis(0)).unwrap();
        let yc = y.mapv(|v| v - y.mean().unwrap());
        xc.t().dot(&yc).fold(0.0_f64, |m, v| m.max(v.abs())) / x.nrows() as f64
    };
    let alphas: Vec<f64> = (0..12).map(|k| largest * 0.5_f64.powi(k)).collect();
    let fits = call_ok!(lasso::path(x, y, &alphas, &LassoParams::new(1.0).tol(1e-6)));
    let counts: Vec<usize> = fits.iter().map(|f| nonzero(&f.model)).collect();
    require(counts[0] == 0, || {
        format!(
            "the path from α_max = {largest:.4} (maxⱼ |x̃ⱼ·ỹ| / n): at α_max every coefficient is exactly 0, yours keeps {}",
            counts[0]
        )
    });
    require(counts[1] >= 1 && counts[1] <= 3 && counts[11] == 10, || {
        format!(
            "the path from α_max down to α_max/2048: nonzero coefficients {counts:?}: features should enter one or a few at a time (1..3 at α_max/2) and all 10 be in at the end"
        )
    });
}

#[test]
fn path_checks_its_input_in_order() {
    let (x, y) = doc_case();
    let short_y = array![1.0, 2.0];
    let params = LassoParams::new(1.0);
    let path_error = |what: &str, alphas: &[f64], y: ArrayView1<f64>, params: &LassoParams| {
        expect_err(
            what,
            "the α list is checked before the data",
            call!(lasso::path(x.view(), y, alphas, params)),
        )
    };
    // What validate says about a setting (the types' own message).
    let validation = |params: LassoParams| params.validate().unwrap_err();
    let err = path_error(
        "path with no alphas (and 3 rows for 2 targets)",
        &[],
        short_y.view(),
        &params,
    );
    require(matches!(err, LinearError::InvalidParams(_)), || {
        format!(
            "path(no alphas, 3 rows, 2 targets): expected InvalidParams (an empty α list is checked first), got {err:?}"
        )
    });
    // Not decreasing at position 2 (no digit 2 in the values, so the text must name it).
    for (alphas, why) in [
        ([9.0, 8.0, 8.5], "8.5 follows 8"),
        (
            [9.0, 8.0, 8.0],
            "an α equal to the one before is not strictly decreasing",
        ),
    ] {
        let what = format!("path over α = {alphas:?} (and 3 rows for 2 targets)");
        let err = path_error(&what, &alphas, short_y.view(), &params);
        match &err {
            LinearError::InvalidParams(text) if text.contains('2') => {}
            other => fail(format!(
                "{what}: expected InvalidParams naming position 2 ({why}), got {other:?}"
            )),
        }
    }
    // Position 1 is both not decreasing and invalid: validate comes first.
    let err = path_error(
        "path over α = [9, ∞]",
        &[9.0, f64::INFINITY],
        y.view(),
        &params,
    );
    let wanted = validation(params.with_alpha(f64::INFINITY));
    require(err == wanted, || {
        format!(
            "path over α = [9, ∞]: expected {wanted:?} (params.with_alpha(α).validate() for \
             each α, before comparing it with the one before), got {err:?}\n    likely \
             mistake: each α is validated before the decreasing check, not after"
        )
    });
    let err = path_error(
        "path over α = [9, 8] with l1_ratio = 2 (and 3 rows for 2 targets)",
        &[9.0, 8.0],
        short_y.view(),
        &LassoParams::new(1.0).l1_ratio(2.0),
    );
    let wanted = validation(LassoParams::new(9.0).l1_ratio(2.0));
    require(err == wanted, || {
        format!(
            "path(l1_ratio = 2, bad rows): expected {wanted:?} (every setting is validated with each α, before the data), got {err:?}"
        )
    });
    let err = path_error(
        "path over α = [1, 0.5] with 3 rows and 2 targets",
        &[1.0, 0.5],
        short_y.view(),
        &params,
    );
    require(
        err == LinearError::RowsMismatch { rows: 3, values: 2 },
        || {
            format!(
                "path(3 rows, 2 targets): expected RowsMismatch {{ rows: 3, values: 2 }}, got {err:?}"
            )
        },
    );
}
