//! Grader of exercises/03_regression/linear_regression.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/03_regression/linear_regression.rs"]
mod linear_regression;
#[cfg(feature = "solutions")]
use mlings::reference::linear_regression;

mod regression_support;

use mlings::grade::{
    Tolerance, attempt_explained, expect, expect_array, expect_err, expect_error, fail, require,
};
use mlings::types::linear_regression::{LinearError, LinearModel};
use mlings::{call, call_explaining, call_ok};
use ndarray::{Array1, Array2, array};
use regression_support::{linfa_least_squares, predictions, r2};

/// A few words about an `Ok` where an error was expected (not ndarray's whole `Debug`).
struct Shown(String);

impl std::fmt::Debug for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn solved(result: Result<Array1<f64>, LinearError>) -> Result<Shown, LinearError> {
    result.map(|x| Shown(format!("x = {x}")))
}

fn fitted(result: Result<LinearModel, LinearError>) -> Result<Shown, LinearError> {
    result.map(|m| {
        Shown(format!(
            "intercept {}, coefficients {}",
            m.intercept, m.coefficients
        ))
    })
}

/// Slips in Gaussian elimination, for naming them when a learner's answer matches.
#[derive(Clone, Copy, PartialEq)]
enum Slip {
    /// The pivot is searched among all rows 0..n instead of k..n (whole rows swapped).
    PivotFromAllRows,
    /// The same, swapping only the entries from column k on (as a solver that knows the
    /// entries left of k are zero below the diagonal would).
    PivotFromAllRowsSwapFromK,
    /// b is updated with bᵢ += factor · b_k instead of −=.
    RhsSignFlipped,
    /// Back substitution does not divide by the pivot A[k][k].
    NoDivision,
}

/// Gaussian elimination with partial pivoting as the doc describes it, with one `slip`
/// (written out here, independently of your code; NaN where the slip divides by 0).
fn solve_with(slip: Slip, a: &Array2<f64>, b: &Array1<f64>) -> Array1<f64> {
    let n = b.len();
    let (mut m, mut r) = (a.clone(), b.clone());
    for k in 0..n {
        let all_rows = matches!(
            slip,
            Slip::PivotFromAllRows | Slip::PivotFromAllRowsSwapFromK
        );
        let from = if all_rows { 0 } else { k };
        let mut p = from;
        for i in from..n {
            if m[[i, k]].abs() > m[[p, k]].abs() {
                p = i;
            }
        }
        let first_column = if slip == Slip::PivotFromAllRowsSwapFromK {
            k
        } else {
            0
        };
        for j in first_column..n {
            m.swap([k, j], [p, j]);
        }
        r.swap(k, p);
        for i in k + 1..n {
            let factor = m[[i, k]] / m[[k, k]];
            for j in 0..n {
                m[[i, j]] -= factor * m[[k, j]];
            }
            if slip == Slip::RhsSignFlipped {
                r[i] += factor * r[k];
            } else {
                r[i] -= factor * r[k];
            }
        }
    }
    let mut x = Array1::zeros(n);
    for k in (0..n).rev() {
        let known: f64 = (k + 1..n).map(|j| m[[k, j]] * x[j]).sum();
        x[k] = if slip == Slip::NoDivision {
            r[k] - known
        } else {
            (r[k] - known) / m[[k, k]]
        };
    }
    x
}

/// Fails unless `error` is `Singular { column }`, naming a column counted from 1.
fn require_singular(what: &str, error: LinearError, column: usize) {
    expect_error(
        what,
        error,
        LinearError::Singular { column },
        &[(
            LinearError::Singular { column: column + 1 },
            "column is the 0-based k of the elimination step that found no pivot",
        )],
    );
}

#[test]
fn solve_swaps_rows_when_the_diagonal_has_a_zero() {
    // [[0, 2], [1, 1]]·x = [4, 3]: the second row gives x₀ + x₁ = 3, the first 2x₁ = 4,
    // so x = (1, 2). Without a row swap the first pivot is 0.
    let a = array![[0.0, 2.0], [1.0, 1.0]];
    let got = call_ok!(linear_regression::solve(a.view(), array![4.0, 3.0].view()));
    require(got.iter().all(|v| v.is_finite()), || {
        format!(
            "solve([[0, 2], [1, 1]], [4, 3]) returned {got}: you divided by the zero in the \
             top-left corner. Partial pivoting: first swap in the row whose entry in the \
             column has the largest absolute value"
        )
    });
    expect_array("solve([[0, 2], [1, 1]], [4, 3])", &got, &array![1.0, 2.0])
        .tol(Tolerance::abs(1e-12))
        .mistake_array(
            &array![-1.0, 4.0],
            "you forgot to divide by the pivot A[k][k] in back substitution: \
             x_k = (b_k − Σ_{j > k} A[k][j]·x_j) / A[k][k]",
        )
        .mistake_array(
            &array![2.5, 1.5],
            "you swapped the rows of A but not the values of b: when rows k and p trade \
             places, swap b's values too",
        )
        .assert();
}

#[test]
fn solve_a_three_by_three_system_by_hand() {
    // 2x + y − z = 8, −3x − y + 2z = −11, −2x + y + 2z = −3: substituting shows
    // (2, 3, −1) satisfies all three (4 + 3 + 1, −6 − 3 − 2, −4 + 3 − 2).
    let a = array![[2.0, 1.0, -1.0], [-3.0, -1.0, 2.0], [-2.0, 1.0, 2.0]];
    let b = array![8.0, -11.0, -3.0];
    let got = call_ok!(linear_regression::solve(a.view(), b.view()));
    expect_array(
        "solution of the 3 x 3 system",
        &got,
        &array![2.0, 3.0, -1.0],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &solve_with(Slip::PivotFromAllRows, &a, &b),
        "you searched the pivot among all rows: only rows k..n are still free (rows above k \
         already hold earlier pivots)",
    )
    .mistake_array(
        &solve_with(Slip::PivotFromAllRowsSwapFromK, &a, &b),
        "you searched the pivot among all rows: only rows k..n are still free (rows above k \
         already hold earlier pivots)",
    )
    .mistake_array(
        &solve_with(Slip::RhsSignFlipped, &a, &b),
        "when you subtract factor × row k from row i, do the same operation on b: \
         bᵢ −= factor · b_k (you added it)",
    )
    .mistake_array(
        &solve_with(Slip::NoDivision, &a, &b),
        "you forgot to divide by the pivot A[k][k] in back substitution",
    )
    .mistake_array(
        &array![-1.0, 3.0, 2.0],
        "the solution is in the wrong order: when you swap rows, swap the rows of A and \
             of b, never the columns (the unknowns)",
    )
    .assert();
}

#[test]
fn solve_pivots_for_accuracy_not_only_for_zeros() {
    // [[1e-20, 1], [1, 1]]·x = [1, 2]: the exact solution is within 1e-20 of (1, 1).
    // Eliminating with the tiny 1e-20 as pivot multiplies row 0 by 1e20 and the
    // round-off wipes out x₀, which comes out as 0.
    let a = array![[1e-20, 1.0], [1.0, 1.0]];
    let b = array![1.0, 2.0];
    let got = match call!(linear_regression::solve(a.view(), b.view())) {
        Ok(x) => x,
        Err(error) => fail(format!(
            "solve([[1e-20, 1], [1, 1]], [1, 2]) returned {error:?}, but this matrix is far \
             from singular (its determinant is about −1).\n    likely mistake: you judged \
             the pivot before swapping rows; pick the row with the largest |entry| in the \
             column first, then test that entry"
        )),
    };
    expect_array(
        "solve([[1e-20, 1], [1, 1]], [1, 2])",
        &got,
        &array![1.0, 1.0],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &array![0.0, 1.0],
        "no partial pivoting: dividing by the tiny pivot 1e-20 destroyed x₀; swap in the \
             row with the largest absolute entry of the column before eliminating",
    )
    .assert();
}

#[test]
fn solve_picks_the_largest_absolute_value_as_pivot() {
    // [[−1, 1], [1e-20, 1]]·x = [0, 1]: x₀ = x₁ = 1 / (1 + 1e-20), within 1e-20 of 1.
    // The largest |entry| of column 0 is the −1 on top; the largest *value* is the 1e-20.
    let a = array![[-1.0, 1.0], [1e-20, 1.0]];
    let b = array![0.0, 1.0];
    let hint = "you picked the largest value of the column (1e-20), not the entry with the \
                largest absolute value (−1)";
    let got = match call!(linear_regression::solve(a.view(), b.view())) {
        Ok(x) => x,
        Err(error) => fail(format!(
            "solve([[−1, 1], [1e-20, 1]], [0, 1]) returned {error:?}, but the matrix is far \
             from singular (determinant about −1)\n    likely mistake: {hint}"
        )),
    };
    expect_array(
        "solve([[−1, 1], [1e-20, 1]], [0, 1])",
        &got,
        &array![1.0, 1.0],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(&array![0.0, 1.0], hint)
    .assert();
}

#[test]
fn the_singularity_test_is_relative_to_the_largest_entry() {
    // 1e-12·I: every pivot equals the largest entry, so the system is perfectly solvable:
    // 1e-12·x = 1e-12·(1, 2, 3) gives x = (1, 2, 3). An absolute 1e-10 calls it singular.
    let a = Array2::<f64>::eye(3) * 1e-12;
    let b = array![1.0, 2.0, 3.0] * 1e-12;
    let got = match call!(linear_regression::solve(a.view(), b.view())) {
        Ok(x) => x,
        Err(error) => fail(format!(
            "solve(1e-12·I, 1e-12·(1, 2, 3)) returned {error:?}, but 1e-12·I is as far from \
             singular as the identity\n    likely mistake: you compared the pivot with an \
             absolute 1e-10; the test is relative: |pivot| ≤ PIVOT_TOLERANCE × the largest \
             |entry| of A"
        )),
    };
    expect_array(
        "solve(1e-12·I, 1e-12·(1, 2, 3))",
        &got,
        &array![1.0, 2.0, 3.0],
    )
    .tol(Tolerance::rel(1e-12))
    .assert();
    // The same singular matrix scaled up by 1e8: round-off leaves a pivot far above an
    // absolute 1e-10, but tiny next to the largest entry (9e8).
    let big = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]] * 1e8;
    match call!(linear_regression::solve(
        big.view(),
        array![1.0, 1.0, 1.0].view()
    )) {
        Err(error) => require_singular(
            "solve(1e8·[[1, 2, 3], [4, 5, 6], [7, 8, 9]], ones)",
            error,
            2,
        ),
        Ok(x) => {
            let unscaled = big.mapv(|v| v / 1e8);
            let caught_unscaled = matches!(
                call!(linear_regression::solve(
                    unscaled.view(),
                    array![1.0, 1.0, 1.0].view()
                )),
                Err(LinearError::Singular { .. })
            );
            let caught_simple = matches!(
                call!(linear_regression::solve(
                    array![[1.0, 2.0], [2.0, 4.0]].view(),
                    array![1.0, 1.0].view()
                )),
                Err(LinearError::Singular { .. })
            );
            let hint = if caught_unscaled {
                "the singularity test must be relative: you caught the unscaled matrix, but \
                 here round-off leaves pivots far above an absolute 1e-10; compare with \
                 PIVOT_TOLERANCE × the largest |entry| of A (here 9e8)"
            } else if !caught_simple {
                "\n    likely mistake: no singularity test: compare each pivot with \
                 PIVOT_TOLERANCE × the largest |entry| of A and return Singular instead of \
                 dividing by (almost) zero"
            } else {
                ""
            };
            let hint = if caught_unscaled {
                format!("\n    likely mistake: {hint}")
            } else {
                hint.to_string()
            };
            fail(format!(
                "solve(1e8·[[1, 2, 3], [4, 5, 6], [7, 8, 9]], ones): expected Singular \
                 {{ column: 2 }}, got Ok({x:.3e}){hint}"
            ))
        }
    }
}

#[test]
fn a_nan_is_not_a_singular_matrix() {
    let mut a = array![[2.0, 1.0], [1.0, 3.0]];
    a[[1, 0]] = f64::NAN;
    let what = "solve([[2, 1], [NaN, 3]], [1, 1])";
    let error = expect_err(
        what,
        "a NaN in A is a broken input: return NotFinite { input: \"a\", row: 1, column: 0 }",
        solved(call!(linear_regression::solve(
            a.view(),
            array![1.0, 1.0].view()
        ))),
    );
    let not_singular = "a NaN is a broken input, not a singular matrix: check every entry \
                        is finite (NotFinite) before eliminating";
    expect_error(
        what,
        error,
        LinearError::NotFinite {
            input: "a",
            row: 1,
            column: 0,
        },
        &[
            (LinearError::Singular { column: 0 }, not_singular),
            (LinearError::Singular { column: 1 }, not_singular),
            (
                LinearError::NotFinite {
                    input: "a",
                    row: 0,
                    column: 1,
                },
                "row and column are swapped: the NaN is in row 1, column 0",
            ),
        ],
    );
    let what = "solve([[2, 1], [1, 3]], [1, ∞])";
    let error = expect_err(
        what,
        "an infinite value in b: return NotFinite { input: \"b\", row: 1, column: 0 }",
        solved(call!(linear_regression::solve(
            array![[2.0, 1.0], [1.0, 3.0]].view(),
            array![1.0, f64::INFINITY].view()
        ))),
    );
    expect_error(
        what,
        error,
        LinearError::NotFinite {
            input: "b",
            row: 1,
            column: 0,
        },
        &[],
    );
    let mut x = array![[0.0, 1.0], [1.0, 0.0], [2.0, 3.0], [3.0, 1.0]];
    x[[2, 1]] = f64::NAN;
    let y = array![1.0, 2.0, 3.0, 4.0];
    let what = "fit with a NaN at row 2, column 1 of x";
    let error = expect_err(
        what,
        "a missing value read as NaN: return NotFinite { input: \"x\", row: 2, column: 1 }",
        fitted(call!(linear_regression::fit(x.view(), y.view()))),
    );
    let check_first = "check that x and y are finite in fit, before forming AᵀA, so that the \
                       error names the input (x, row 2, column 1)";
    let mut mistakes: Vec<(LinearError, &str)> = (0..3)
        .map(|column| (LinearError::Singular { column }, not_singular))
        .collect();
    for row in 0..3 {
        for column in 0..3 {
            mistakes.push((
                LinearError::NotFinite {
                    input: "a",
                    row,
                    column,
                },
                check_first,
            ));
        }
    }
    expect_error(
        what,
        error,
        LinearError::NotFinite {
            input: "x",
            row: 2,
            column: 1,
        },
        &mistakes,
    );
    let what = "fit with a NaN target at row 3";
    let error = expect_err(
        what,
        "return NotFinite { input: \"y\", row: 3, column: 0 }",
        fitted(call!(linear_regression::fit(
            array![[0.0], [1.0], [2.0], [3.0]].view(),
            array![1.0, 2.0, 3.0, f64::NAN].view()
        ))),
    );
    expect_error(
        what,
        error,
        LinearError::NotFinite {
            input: "y",
            row: 3,
            column: 0,
        },
        &[],
    );
}

#[test]
fn solve_of_an_empty_system() {
    let got = call_ok!(linear_regression::solve(
        Array2::<f64>::zeros((0, 0)).view(),
        Array1::<f64>::zeros(0).view()
    ));
    require(got.is_empty(), || {
        format!("solve of a 0 x 0 system: expected the empty solution, got {got}")
    });
}

#[test]
fn solve_reports_singular_systems() {
    let cases = [
        (
            array![[1.0, 2.0], [2.0, 4.0]],
            "[[1, 2], [2, 4]] (row 2 = 2 x row 1)",
            1,
        ),
        (
            array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]],
            "[[1, 2, 3], [4, 5, 6], [7, 8, 9]] (row 3 = 2 x row 2 − row 1; round-off leaves a \
             pivot near 1e-16 instead of 0)",
            2,
        ),
        (
            Array1::<f64>::zeros(4)
                .into_shape_with_order((2, 2))
                .expect("2 x 2"),
            "the zero matrix",
            0,
        ),
        (
            array![[0.0, 1.0], [0.0, 2.0]],
            "[[0, 1], [0, 2]] (column 0 is all zeros)",
            0,
        ),
    ];
    for (a, name, column) in cases {
        let b = Array1::ones(a.nrows());
        let why = if a.iter().all(|&v| v == 0.0) {
            "every pivot is 0 and so is the threshold (PIVOT_TOLERANCE x 0): a pivot counts as \
             zero when its |value| is at most (≤) the threshold, so return Singular"
        } else {
            "the matrix is singular: compare each pivot with PIVOT_TOLERANCE x the largest \
             |entry| of A and return Singular instead of dividing by (almost) zero"
        };
        let error = expect_err(
            &format!("solve({name}, ones)"),
            why,
            solved(call!(linear_regression::solve(a.view(), b.view()))),
        );
        let what = format!("solve({name}, ones)");
        if a.iter().all(|&v| v == 0.0) {
            // Earlier cases caught a count from 1; here Singular { column: 1 } means the 0 / 0
            // of the first step went through and the NaN pivot was caught one column later.
            expect_error(
                &what,
                error,
                LinearError::Singular { column },
                &[(
                    LinearError::Singular { column: 1 },
                    "for the zero matrix the threshold is 0: a pivot counts as zero when its \
                     |value| is at most (≤) the threshold; with < the first step divided 0 by 0",
                )],
            );
        } else {
            require_singular(&what, error, column);
        }
    }
}

#[test]
fn solve_rejects_bad_shapes() {
    let error = expect_err(
        "solve of a 2 x 3 matrix",
        "only a square matrix has a unique solution for every b",
        solved(call_explaining!(
            "check the shape first: return Err(LinearError::NotSquare { rows: 2, cols: 3 })",
            linear_regression::solve(
                array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]].view(),
                array![1.0, 2.0].view()
            )
        )),
    );
    let swapped = "rows and cols are swapped: rows is a.nrows() (2), cols is a.ncols() (3)";
    expect_error(
        "solve of a 2 x 3 matrix",
        error,
        LinearError::NotSquare { rows: 2, cols: 3 },
        &[(LinearError::NotSquare { rows: 3, cols: 2 }, swapped)],
    );
    let error = expect_err(
        "solve of a 2 x 3 matrix with 3 values in b (two faults at once)",
        "A is not square: NotSquare comes first",
        solved(call!(linear_regression::solve(
            array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]].view(),
            array![1.0, 2.0, 3.0].view()
        ))),
    );
    expect_error(
        "solve of a 2 x 3 matrix with 3 values in b",
        error,
        LinearError::NotSquare { rows: 2, cols: 3 },
        &[
            (
                LinearError::RowsMismatch { rows: 2, values: 3 },
                "NotSquare comes first: check that A is square before comparing b with its rows",
            ),
            (LinearError::NotSquare { rows: 3, cols: 2 }, swapped),
        ],
    );
    let error = expect_err(
        "solve of a 2 x 2 matrix with 3 right-hand-side values",
        "b needs one value per row of A",
        solved(call!(linear_regression::solve(
            array![[1.0, 0.0], [0.0, 1.0]].view(),
            array![1.0, 2.0, 3.0].view()
        ))),
    );
    expect_error(
        "solve of a 2 x 2 matrix with 3 right-hand-side values",
        error,
        LinearError::RowsMismatch { rows: 2, values: 3 },
        &[(
            LinearError::RowsMismatch { rows: 3, values: 2 },
            "rows and values are swapped: rows is a.nrows() (2), values is b.len() (3)",
        )],
    );
    let error = expect_err(
        "solve([[1, 0], [NaN, 1]], [1, 2, 3]) (two faults at once)",
        "b needs one value per row of A: RowsMismatch comes before NotFinite",
        solved(call!(linear_regression::solve(
            array![[1.0, 0.0], [f64::NAN, 1.0]].view(),
            array![1.0, 2.0, 3.0].view()
        ))),
    );
    expect_error(
        "solve([[1, 0], [NaN, 1]], [1, 2, 3])",
        error,
        LinearError::RowsMismatch { rows: 2, values: 3 },
        &[(
            LinearError::NotFinite {
                input: "a",
                row: 1,
                column: 0,
            },
            "RowsMismatch comes before NotFinite: compare b's length with A's rows before \
             looking at the values",
        )],
    );
}

#[test]
fn fit_recovers_a_line_exactly() {
    let x = array![[0.0], [1.0], [2.0], [3.0]];
    let y = array![1.0, 3.0, 5.0, 7.0]; // y = 2x + 1
    let model = call_ok!(linear_regression::fit(x.view(), y.view()));
    require(model.coefficients.len() == 1, || {
        let hint = if model.coefficients.len() == 2 {
            "\n    likely mistake: you returned the whole θ: the coefficients are θ₁, …, θ_p, \
             and θ₀ goes into intercept"
        } else {
            ""
        };
        format!(
            "fit on one feature column: expected 1 coefficient, got {}{hint}",
            model.coefficients.len()
        )
    });
    // Through the origin (no intercept) the best slope is Σxy / Σx² = 34 / 14.
    let mut check = expect_array(
        "coefficients fitted to y = 2x + 1",
        &model.coefficients,
        &array![2.0],
    )
    .tol(Tolerance::abs(1e-9))
    .mistake_array(
        &array![1.0],
        "intercept and slope are swapped: θ₀ (the column of ones) is the intercept, \
         θ₁… are the coefficients",
    )
    .mistake_array(
        &array![6.8],
        "the first entry of Aᵀy is Σy (the column of ones times y): you left it 0",
    );
    if model.intercept.abs() < 1e-9 {
        check = check.mistake_array(
            &array![34.0 / 14.0],
            "you forgot the intercept: that is the best line through the origin. Put a column \
             of ones in front of x (A = [1 | X])",
        );
    }
    check.assert();
    expect("intercept fitted to y = 2x + 1", model.intercept, 1.0)
        .tol(Tolerance::abs(1e-9))
        .mistake(
            0.0,
            "the intercept is 0: build A = [1 | X] and return θ₀ as the intercept",
        )
        .mistake(
            2.0,
            "intercept and slope are swapped: θ₀ (the column of ones) is the intercept",
        )
        .assert();
}

#[test]
fn fit_recovers_a_plane_exactly() {
    // y = 3 − x₁ + 2x₂ on five points that are not on one line.
    let x = array![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [2.0, 3.0], [-1.0, 4.0]];
    let y = x.column(0).mapv(|v| -v) + x.column(1).mapv(|v| 2.0 * v) + 3.0;
    let model = call_ok!(linear_regression::fit(x.view(), y.view()));
    expect("intercept of y = 3 − x₁ + 2x₂", model.intercept, 3.0)
        .tol(Tolerance::abs(1e-9))
        .mistake(
            0.0,
            "you forgot the intercept: put a column of ones in front of x (A = [1 | X])",
        )
        .mistake(
            -1.0,
            "you took θ₁ as the intercept: θ₀ (the column of ones) is the intercept, put in \
             front of x (A = [1 | X])",
        )
        .assert();
    expect_array(
        "coefficients of y = 3 − x₁ + 2x₂",
        &model.coefficients,
        &array![-1.0, 2.0],
    )
    .tol(Tolerance::abs(1e-9))
    .mistake_array(
        &array![2.0, -1.0],
        "the coefficients are in reverse order: coefficient j belongs to column j of x",
    )
    .assert();
}

#[test]
fn predict_by_hand() {
    let model = LinearModel {
        intercept: 1.0,
        coefficients: array![2.0, -1.0],
    };
    let x = array![[1.0, 1.0], [0.0, 2.0], [3.0, 0.5]];
    let got = call_ok!(linear_regression::predict(&model, x.view()));
    // 1 + 2·1 − 1·1 = 2;  1 + 0 − 2 = −1;  1 + 6 − 0.5 = 6.5
    expect_array("predict(b = 1, w = [2, −1])", &got, &array![2.0, -1.0, 6.5])
        .mistake_array(&array![1.0, -2.0, 5.5], "you forgot to add the intercept b")
        .mistake_array(
            &array![0.0, -3.0, 4.5],
            "you subtracted the intercept: ŷ = b + x·w, add it",
        )
        .assert();
    let wide = array![[1.0, 2.0, 3.0]];
    let error = expect_err(
        "predict on x with 3 columns for a model with 2 coefficients",
        "every row needs exactly one value per coefficient: ColumnsMismatch",
        attempt_explained(
            "linear_regression::predict(&model, x with 3 columns)",
            "no column check: return Err(LinearError::ColumnsMismatch { columns: 3, \
             coefficients: 2 }) before x.dot(&w)",
            || linear_regression::predict(&model, wide.view()),
        ),
    );
    expect_error(
        "predict on x with 3 columns for a model with 2 coefficients",
        error,
        LinearError::ColumnsMismatch {
            columns: 3,
            coefficients: 2,
        },
        &[
            (
                LinearError::ColumnsMismatch {
                    columns: 2,
                    coefficients: 3,
                },
                "the fields are swapped: columns is x.ncols() (3), coefficients is w.len() (2)",
            ),
            (
                LinearError::ColumnsMismatch {
                    columns: 1,
                    coefficients: 2,
                },
                "columns is x.ncols() (3), the number of columns, not x.nrows() (1)",
            ),
        ],
    );
}

#[test]
fn diabetes_matches_linfa_and_scikit_learn() {
    let split = regression_support::diabetes();
    let model = call_ok!(linear_regression::fit(
        split.x_train.view(),
        split.y_train.view()
    ));
    let linfa = linfa_least_squares(split.x_train.view(), split.y_train.view());
    expect(
        "intercept on standardized diabetes (linfa-linear's fit)",
        model.intercept,
        linfa.intercept,
    )
    .mistake(
        0.0,
        "you forgot the intercept: the predictions are centred on 0 instead of on the mean \
         progression, about 154",
    )
    .assert();
    expect_array(
        "coefficients on standardized diabetes (linfa-linear's fit)",
        &model.coefficients,
        &linfa.coefficients,
    )
    .tol(Tolerance::rel(1e-6))
    .assert();
    let predicted = call_ok!(linear_regression::predict(&model, split.x_test.view()));
    expect(
        "test R² on the diabetes reference split (scikit-learn: 0.4526)",
        r2(split.y_test.view(), predicted.view()),
        0.4526,
    )
    .tol(Tolerance::abs(5e-5))
    .assert();
}

#[test]
fn raw_diabetes_units_need_no_standardizing_for_the_closed_form() {
    // Raw units (cholesterol near 190, sex coded 1/2) make AᵀA badly scaled; a pivoting
    // solver still gets linfa's answer, and least squares does not care about units:
    // the test R² is the same 0.4526.
    let (train, test) = regression_support::raw_diabetes();
    let model = call_ok!(linear_regression::fit(
        train.features.view(),
        train.targets.view()
    ));
    let linfa = linfa_least_squares(train.features.view(), train.targets.view());
    expect_array(
        "coefficients on raw diabetes (linfa-linear's fit)",
        &model.coefficients,
        &linfa.coefficients,
    )
    .tol(Tolerance::rel(1e-6))
    .assert();
    expect(
        "test R² on raw diabetes",
        r2(
            test.targets.view(),
            predictions(&model, test.features.view()).view(),
        ),
        0.4526,
    )
    .tol(Tolerance::abs(5e-5))
    .assert();
}

#[test]
fn rank_deficient_data_is_an_error_not_nan() {
    let x = array![[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [4.0, 3.0]];
    let y = array![1.0, 2.0, 3.0, 5.0];
    let repeated = ndarray::concatenate![
        ndarray::Axis(1),
        x,
        x.column(0).insert_axis(ndarray::Axis(1))
    ];
    let constant = ndarray::concatenate![
        ndarray::Axis(1),
        x,
        Array1::from_elem(4, 7.0).insert_axis(ndarray::Axis(1))
    ];
    let cases = [
        (repeated, y.clone(), "a feature repeated as a third column"),
        (
            constant,
            y.clone(),
            "a constant feature (7 in every row: a multiple of the column of ones)",
        ),
        (
            array![[1.0, 2.0], [3.0, 5.0]],
            array![1.0, 2.0],
            "2 rows for 3 unknowns (intercept + 2 coefficients)",
        ),
    ];
    for (x, y, name) in cases {
        let error = expect_err(
            &format!("fit with {name}"),
            "the columns of [1 | X] are not independent, so AᵀA is singular: the least-squares \
             coefficients are not unique. Pass on the Singular error of solve",
            fitted(call!(linear_regression::fit(x.view(), y.view()))),
        );
        require(matches!(error, LinearError::Singular { .. }), || {
            format!("fit with {name}: expected LinearError::Singular {{ .. }}, got {error:?}")
        });
    }
}

#[test]
fn fit_rejects_mismatched_and_empty_data() {
    let error = expect_err(
        "fit with 3 rows of x and 2 targets",
        "every row needs exactly one target",
        fitted(call_explaining!(
            "compare the lengths first: return Err(LinearError::RowsMismatch { rows: 3, values: 2 })",
            linear_regression::fit(array![[1.0], [2.0], [3.0]].view(), array![1.0, 2.0].view())
        )),
    );
    expect_error(
        "fit with 3 rows of x and 2 targets",
        error,
        LinearError::RowsMismatch { rows: 3, values: 2 },
        &[(
            LinearError::RowsMismatch { rows: 2, values: 3 },
            "rows and values are swapped: rows is x.nrows() (3), values is y.len() (2)",
        )],
    );
    let error = expect_err(
        "fit with 0 rows of x and 2 targets (two faults at once)",
        "the lengths differ: RowsMismatch { rows: 0, values: 2 }, checked before Empty",
        fitted(call!(linear_regression::fit(
            ndarray::Array2::<f64>::zeros((0, 1)).view(),
            array![1.0, 2.0].view()
        ))),
    );
    expect_error(
        "fit with 0 rows of x and 2 targets",
        error,
        LinearError::RowsMismatch { rows: 0, values: 2 },
        &[(
            LinearError::Empty,
            "RowsMismatch comes before Empty: compare the lengths first",
        )],
    );
    let empty = ndarray::Array2::<f64>::zeros((0, 2));
    let error = expect_err(
        "fit with no rows",
        "there is nothing to fit",
        fitted(call_explaining!(
            "no rows: return Err(LinearError::Empty) before forming AᵀA",
            linear_regression::fit(empty.view(), Array1::<f64>::zeros(0).view())
        )),
    );
    expect_error(
        "fit with no rows",
        error,
        LinearError::Empty,
        &[(
            LinearError::Singular { column: 0 },
            "no rows: return Empty before solving (the normal equations of no data are all \
             zeros, hence the Singular)",
        )],
    );
}
