//! Grader of exercises/06_dimensionality_reduction/pca.rs.
//!
//! Expected numbers come from hand-worked cases (the 2-D example of the doc comment),
//! closed-form facts (A·v = λ·v, orthonormality, the reconstruction error of the left-out
//! eigenvalues), a Jacobi written again here from the doc comment (for sweep counts),
//! scikit-learn 1.9.1's published figures on iris, wine and digits
//! (/work/shared/datasets/SOURCES.md, "PCA on all rows") and linfa-reduction's Pca.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/06_dimensionality_reduction/pca.rs"]
mod pca;
#[cfg(feature = "solutions")]
use mlings::reference::pca;

use std::fmt::Debug;

use linfa::prelude::*;
use mlings::grade::{Tolerance, brief, catch_panic, expect, expect_array, fail, require};
use mlings::types::pca::{Eigen, Pca, PcaError, PcaParams};
use mlings::{call, call_ok, datasets};
use ndarray::{Array1, Array2, Axis, array, s};
use rand::Rng as _;

// ---------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------

/// The doc comment's hand-worked points: mean (2, 1), sample covariance [[5, 2], [2, 2]].
fn five_points() -> Array2<f64> {
    array![[-1.0, -1.0], [1.0, 1.0], [2.0, 1.0], [3.0, 3.0], [5.0, 1.0]]
}

fn sqrt5() -> f64 {
    5f64.sqrt()
}

/// Whether two errors are the same (any two `InvalidParams` count as the same, and a
/// NaN threshold equals a NaN threshold).
fn same_error(a: &PcaError, b: &PcaError) -> bool {
    match (a, b) {
        (PcaError::InvalidParams(_), PcaError::InvalidParams(_)) => true,
        (
            PcaError::InvalidThreshold { threshold: x },
            PcaError::InvalidThreshold { threshold: y },
        ) => x == y || (x.is_nan() && y.is_nan()),
        (
            PcaError::NotReached {
                threshold: t1,
                total: s1,
            },
            PcaError::NotReached {
                threshold: t2,
                total: s2,
            },
        ) => (t1 == t2 || (t1.is_nan() && t2.is_nan())) && (s1 - s2).abs() <= 1e-12,
        _ => a == b,
    }
}

/// Fails unless `result` is the error `expected`; `why` says why the input is an error,
/// `wrong` lists errors a plausible mistake returns instead, with what each reveals.
#[track_caller]
fn require_error<T: Debug>(
    what: &str,
    result: Result<T, PcaError>,
    expected: &PcaError,
    why: &str,
    wrong: &[(PcaError, &str)],
) {
    let error = match result {
        Err(error) => error,
        Ok(value) => fail(format!(
            "{what}: expected Err({expected:?}), got Ok({})\n    why it must be an error: {why}",
            brief(&value)
        )),
    };
    if same_error(&error, expected) {
        return;
    }
    let diagnosis = wrong
        .iter()
        .find(|(mistaken, _)| same_error(&error, mistaken))
        .map_or(String::new(), |(_, hint)| {
            format!("\n    likely mistake: {hint}")
        });
    fail(format!(
        "{what}: expected {expected:?}\n    got {error:?}{diagnosis}"
    ));
}

#[track_caller]
fn jacobi_ok(a: &Array2<f64>, tolerance: f64, max_sweeps: usize) -> Eigen {
    let what = format!("jacobi_eigen of a {} x {} matrix", a.nrows(), a.ncols());
    let eigen = match call!(pca::jacobi_eigen(a.view(), tolerance, max_sweeps)) {
        Ok(eigen) => eigen,
        Err(PcaError::NotConverged { sweeps }) => {
            let needed = grader_jacobi(a, tolerance, max_sweeps, Rotation::Doc);
            let sign_zero = grader_jacobi(a, tolerance, max_sweeps, Rotation::SignOfZeroIsZero);
            let no_skip = grader_jacobi(a, tolerance, max_sweeps, Rotation::NoSkip);
            // A probe without zero pairs or equal diagonal entries: if the learner's Jacobi
            // diagonalizes it, the rotations themselves are right.
            let probe = random_symmetric(4, 5);
            let rotations_work = catch_panic("jacobi_eigen", || {
                pca::jacobi_eigen(probe.view(), 1e-12, 50)
            })
            .ok()
            .and_then(Result::ok)
            .is_some_and(|e| {
                orthonormal(&e.vectors)
                    && off_diagonal(&e.vectors.t().dot(&probe).dot(&e.vectors)) <= 1e-8
            });
            let hint = if rotations_work && needed.is_some() && no_skip.is_none() {
                "skip a pair whose A[p][q] is 0: θ = (A[q][q] − A[p][p]) / (2·A[p][q]) is 0 / 0 = \
                 NaN when the two diagonal entries are equal too, and a NaN never passes the \
                 convergence test"
            } else if rotations_work && needed.is_some() && sign_zero.is_none() {
                "sign(0) = +1: when A[p][p] == A[q][q], θ = 0 and t must be 1 (a 45° \
                 rotation); a t of 0 rotates nothing and the pair is never zeroed"
            } else {
                "your rotations do not zero A[p][q]: check θ = (A[q][q] − A[p][p]) / \
                 (2·A[p][q]), t = sign(θ) / (|θ| + √(θ² + 1)), c and s, and that both the \
                 columns and the rows of A are rotated"
            };
            let doc = needed.map_or("does not converge either".to_string(), |(n, _, _)| {
                format!("converges in {n} sweeps")
            });
            fail(format!(
                "{what} (tolerance {tolerance:e}, max_sweeps {max_sweeps}): got \
                 Err(NotConverged {{ sweeps: {sweeps} }}); the doc's procedure {doc}\n    \
                 likely mistake: {hint}"
            ))
        }
        Err(error) => fail(format!(
            "`{what}` returned an error on valid input: {error}\n\
             This input is fine: check the conditions under which your code returns Err."
        )),
    };
    let p = a.nrows();
    require(
        eigen.values.len() == p && eigen.vectors.dim() == (p, p),
        || {
            format!(
                "{what}: expected {p} eigenvalues and {p} x {p} vectors, \
                 got {} eigenvalues and {:?} vectors",
                eigen.values.len(),
                eigen.vectors.dim()
            )
        },
    );
    let v = &eigen.vectors;
    let non_finite = eigen.values.iter().chain(v.iter()).any(|x| !x.is_finite());
    if non_finite {
        let equal_zero_pair =
            (0..p).any(|i| (i + 1..p).any(|j| a[[i, j]] == 0.0 && a[[i, i]] == a[[j, j]]));
        let hint = if equal_zero_pair {
            "skip a pair whose A[p][q] is 0: θ = (A[q][q] − A[p][p]) / (2·A[p][q]) is 0 / 0 = NaN \
             when the two diagonal entries are equal too"
        } else {
            "a division by zero or the square root of a negative number in θ, t or c"
        };
        fail(format!(
            "{what}: the eigenvalues or eigenvectors contain NaN or infinity\n    likely mistake: {hint}"
        ));
    }
    if !orthonormal(v) {
        let doc = grader_jacobi(a, tolerance, max_sweeps, Rotation::Doc);
        let absolute = doc.is_some_and(|(_, _, vg)| {
            v.iter()
                .zip(vg.iter())
                .all(|(x, y)| (x.abs() - y.abs()).abs() <= 1e-9)
        });
        let hint = if absolute {
            "you took absolute values: flip the whole eigenvector (multiply it by -1), not its entries"
        } else {
            "V must start as the identity and be rotated with the same c and s as the columns of \
             A, each new pair of entries computed from both old values before writing either"
        };
        fail(format!(
            "{what}: the eigenvectors are not orthonormal (Vᵀ·V is not the identity)\n    \
             likely mistake: {hint}"
        ));
    }
    let bound = 10.0 * tolerance.max(1e-9) * frobenius(a) + 1e-12;
    if off_diagonal(&v.t().dot(a).dot(v)) > bound {
        let same = |x: &Array2<f64>| x.iter().zip(v.iter()).all(|(a, b)| (a - b).abs() <= 1e-9);
        let sign_zero = grader_jacobi(a, tolerance, max_sweeps, Rotation::SignOfZeroIsZero)
            .is_some_and(|(_, _, vectors)| same(&vectors));
        let hint = if sign_zero {
            "sign(0) = +1: when A[p][p] == A[q][q], θ = 0 and t must be 1 (a 45° rotation); a \
             sign of 0 gives t = 0, rotates nothing, and zeroing A[p][q] by hand then hides it"
        } else if off_diagonal(&v.dot(a).dot(&v.t())) <= bound {
            "the eigenvectors are the columns of V (vectors[[.., j]] goes with values[j]); you \
             returned them as rows (or rotated the rows of V: V ← V·J rotates its columns p and q)"
        } else {
            "your rotations do not zero A[p][q]: check θ = (A[q][q] − A[p][p]) / (2·A[p][q]), \
             t = sign(θ) / (|θ| + √(θ² + 1)), c and s, and that both the columns and the rows \
             of A are rotated"
        };
        fail(format!(
            "{what}: Vᵀ·A·V is not diagonal, so the columns of V are not eigenvectors of A\n    \
             likely mistake: {hint}"
        ));
    }
    eigen
}

fn frobenius(a: &Array2<f64>) -> f64 {
    a.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// The Frobenius norm of the off-diagonal part.
fn off_diagonal(a: &Array2<f64>) -> f64 {
    a.indexed_iter()
        .filter(|((i, j), _)| i != j)
        .map(|(_, x)| x * x)
        .sum::<f64>()
        .sqrt()
}

fn orthonormal(v: &Array2<f64>) -> bool {
    let gram = v.t().dot(v);
    gram.indexed_iter()
        .all(|((i, j), &g)| (g - if i == j { 1.0 } else { 0.0 }).abs() <= 1e-9)
}

#[track_caller]
fn fit_ok(x: &Array2<f64>, params: PcaParams) -> Pca {
    let model = call_ok!(pca::fit(x.view(), &params));
    let (k, p) = (params.n_components, x.ncols());
    require(
        model.mean.len() == p
            && model.scale.len() == p
            && model.components.dim() == (k, p)
            && model.explained_variance.len() == k
            && model.explained_variance_ratio.len() == k,
        || {
            let transposed = if model.components.dim() == (p, k) && k != p {
                "\n    likely mistake: the components are the columns of the eigenvector \
                 matrix; return them as rows (k x p), e.g. vectors.slice(s![.., ..k]).t()"
            } else {
                ""
            };
            format!(
                "fit with {k} components on {} x {p} data: expected mean and scale of length {p}, \
                 components {k} x {p}, {k} explained variances and ratios\n    got mean {}, scale {}, \
                 components {:?}, {} variances, {} ratios{transposed}",
                x.nrows(),
                model.mean.len(),
                model.scale.len(),
                model.components.dim(),
                model.explained_variance.len(),
                model.explained_variance_ratio.len()
            )
        },
    );
    model
}

/// Every column of `v` with its largest-magnitude entry positive (the first one on ties).
fn flip_by_largest(v: &Array2<f64>) -> Array2<f64> {
    let mut v = v.clone();
    for mut column in v.axis_iter_mut(Axis(1)) {
        let mut best = 0usize;
        for i in 1..column.len() {
            if column[i].abs() > column[best].abs() {
                best = i;
            }
        }
        if column[best] < 0.0 {
            column.mapv_inplace(|x| -x);
        }
    }
    v
}

/// Every column of `v` with its first entry positive (a plausible wrong convention).
fn flip_by_first(v: &Array2<f64>) -> Array2<f64> {
    let mut v = v.clone();
    for mut column in v.axis_iter_mut(Axis(1)) {
        if column[0] < 0.0 {
            column.mapv_inplace(|x| -x);
        }
    }
    v
}

/// Every column of `v` with its last largest-magnitude entry positive (ties the wrong way).
fn flip_by_last_largest(v: &Array2<f64>) -> Array2<f64> {
    let mut v = v.clone();
    for mut column in v.axis_iter_mut(Axis(1)) {
        let mut best = 0usize;
        for i in 1..column.len() {
            if column[i].abs() >= column[best].abs() {
                best = i;
            }
        }
        if column[best] < 0.0 {
            column.mapv_inplace(|x| -x);
        }
    }
    v
}

/// The diagnoses of eigenvectors that are right up to sign or layout.
fn vector_mistakes(check: mlings::grade::Check, expected: &Array2<f64>) -> mlings::grade::Check {
    check
        .mistake_array(
            &expected.t(),
            "the eigenvectors are the columns of V (vectors[[.., j]] goes with values[j]); \
             you returned them as rows",
        )
        .mistake_array(
            &flip_by_first(expected),
            "you made the first entry of each eigenvector positive: the sign convention makes \
             the entry of largest magnitude positive",
        )
        .mistake_array(
            &flip_by_last_largest(expected),
            "on equal magnitudes the first largest entry decides the sign (compare with >, not >=)",
        )
        .mistake_array(
            &expected.mapv(|x| x.abs()),
            "you took absolute values: flip the whole eigenvector (multiply it by -1), not its entries",
        )
}

/// A seeded random symmetric matrix with entries in [-1, 1], diagonal made larger.
fn random_symmetric(p: usize, seed: u64) -> Array2<f64> {
    let mut rng = mlings::prep::rng(seed);
    let b = Array2::from_shape_fn((p, p), |_| rng.gen_range(-1.0..1.0));
    let mut a = &b + &b.t();
    for i in 0..p {
        a[[i, i]] += i as f64;
    }
    a
}

/// How the grader's Jacobi chooses t: as the doc says, or with a plausible mistake.
#[derive(Clone, Copy, PartialEq)]
enum Rotation {
    Doc,
    /// sign(0) = 0: a pair with equal diagonal entries is never rotated.
    SignOfZeroIsZero,
    /// Pairs with A[p][q] == 0 are rotated too (θ = 0 / 0 when the diagonal entries are equal).
    NoSkip,
}

/// The doc comment's Jacobi, written again: how many sweeps it runs before the convergence
/// test passes, with the eigenvalues (largest first) and eigenvectors (columns, largest
/// entry positive), or None when that takes more than `max_sweeps`.
fn grader_jacobi(
    a: &Array2<f64>,
    tolerance: f64,
    max_sweeps: usize,
    rotation: Rotation,
) -> Option<(usize, Array1<f64>, Array2<f64>)> {
    let n = a.nrows();
    let mut m: Vec<Vec<f64>> = (0..n).map(|i| a.row(i).to_vec()).collect();
    let mut v: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    let mut sweeps = 0;
    loop {
        let mut off = 0.0;
        let mut total = 0.0;
        for (i, row) in m.iter().enumerate() {
            for (j, value) in row.iter().enumerate() {
                total += value * value;
                if i != j {
                    off += value * value;
                }
            }
        }
        if off.sqrt() <= tolerance * total.sqrt() {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&i, &j| m[j][j].partial_cmp(&m[i][i]).expect("finite"));
            let values = Array1::from_iter(order.iter().map(|&i| m[i][i]));
            let vectors = Array2::from_shape_fn((n, n), |(k, j)| v[k][order[j]]);
            return Some((sweeps, values, flip_by_largest(&vectors)));
        }
        if sweeps == max_sweeps {
            return None;
        }
        for p in 0..n {
            for q in p + 1..n {
                if m[p][q] == 0.0 && rotation != Rotation::NoSkip {
                    continue;
                }
                let theta = (m[q][q] - m[p][p]) / (2.0 * m[p][q]);
                let sign = match rotation {
                    Rotation::SignOfZeroIsZero if theta == 0.0 => 0.0,
                    _ if theta >= 0.0 => 1.0,
                    _ => -1.0,
                };
                let t = sign / (theta.abs() + theta.hypot(1.0));
                let c = 1.0 / t.hypot(1.0);
                let s = t * c;
                for row in m.iter_mut() {
                    let (x, y) = (row[p], row[q]);
                    row[p] = c * x - s * y;
                    row[q] = s * x + c * y;
                }
                let (row_p, row_q) = (m[p].clone(), m[q].clone());
                for (k, (x, y)) in row_p.into_iter().zip(row_q).enumerate() {
                    m[p][k] = c * x - s * y;
                    m[q][k] = s * x + c * y;
                }
                for row in v.iter_mut() {
                    let (x, y) = (row[p], row[q]);
                    row[p] = c * x - s * y;
                    row[q] = s * x + c * y;
                }
                m[p][q] = 0.0;
                m[q][p] = 0.0;
            }
        }
        sweeps += 1;
    }
}

/// Checks the defining properties of an eigen-decomposition of `a`: A·vⱼ = λⱼ·vⱼ,
/// orthonormal columns, eigenvalues largest first, the sign convention.
#[track_caller]
fn require_eigen_properties(what: &str, a: &Array2<f64>, eigen: &Eigen) {
    let scale = a.iter().fold(0.0f64, |m, v| m.max(v.abs())).max(1.0);
    for (j, (v, &lambda)) in eigen
        .vectors
        .axis_iter(Axis(1))
        .zip(&eigen.values)
        .enumerate()
    {
        let residual = &a.dot(&v) - &(&v * lambda);
        let worst = residual.iter().fold(0.0f64, |m, r| m.max(r.abs()));
        require(worst <= 1e-9 * scale, || {
            format!(
                "{what}: column {j} of vectors is not an eigenvector of values[{j}] = {lambda}: \
                 A·v − λ·v has an entry of {worst:e}\n    likely mistake: each column of V must \
                 move with its eigenvalue when sorting, and V must be rotated with the same c and s \
                 as the columns of A"
            )
        });
    }
    let gram = eigen.vectors.t().dot(&eigen.vectors);
    let p = a.nrows();
    expect_array(
        format!(
            "{what}: Vᵀ·V (the eigenvectors must be orthonormal: unit length, at right angles)"
        ),
        &gram,
        &Array2::<f64>::eye(p),
    )
    .tol(Tolerance::abs(1e-9))
    .no_generic_diagnosis()
    .assert();
    for j in 1..p {
        require(eigen.values[j] <= eigen.values[j - 1], || {
            format!(
                "{what}: values[{}] = {} < values[{j}] = {}\n    likely mistake: sort the \
                 eigenvalues largest first (descending), not smallest first",
                j - 1,
                eigen.values[j - 1],
                eigen.values[j]
            )
        });
    }
    let signed = flip_by_largest(&eigen.vectors);
    if let Some(j) = (0..p).find(|&j| signed.column(j) != eigen.vectors.column(j)) {
        let hint = if flip_by_first(&eigen.vectors) == eigen.vectors {
            "you made the first entry of each eigenvector positive: the sign convention makes \
             the entry of largest magnitude positive"
        } else {
            "flip every eigenvector whose largest-magnitude entry is negative (multiply the \
             whole column by -1)"
        };
        fail(format!(
            "{what}: column {j} of vectors breaks the sign convention: its entry of largest \
             magnitude is negative\n    likely mistake: {hint}"
        ));
    }
}

// ---------------------------------------------------------------------------------------
// jacobi_eigen
// ---------------------------------------------------------------------------------------

#[test]
fn jacobi_on_the_doc_example_with_a_sign_tie() {
    let a = array![[2.0, 1.0], [1.0, 2.0]];
    let eigen = jacobi_ok(&a, 1e-12, 50);
    expect_array(
        "jacobi_eigen([[2, 1], [1, 2]]).values",
        &eigen.values,
        &array![3.0, 1.0],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &array![1.0, 3.0],
        "sort the eigenvalues largest first (descending)",
    )
    .mistake_array(
        &array![2.0, 2.0],
        "the pair was never rotated: with A[p][p] == A[q][q], θ = 0 and sign(0) = +1, so t = 1 \
         (a 45° rotation); a sign of 0 gives t = 0 and leaves the matrix as it was",
    )
    .assert();
    let h = 0.5f64.sqrt();
    let expected = array![[h, h], [h, -h]];
    vector_mistakes(
        expect_array(
            "jacobi_eigen([[2, 1], [1, 2]]).vectors (columns (1, 1)/√2 and (1, −1)/√2)",
            &eigen.vectors,
            &expected,
        )
        .tol(Tolerance::abs(1e-12))
        .no_generic_diagnosis(),
        &expected,
    )
    .mistake_array(
        &array![[h, h], [-h, h]],
        "on equal magnitudes the first largest entry decides the sign (compare with >, not >=)",
    )
    .assert();
}

#[test]
fn jacobi_on_a_hand_worked_2x2_with_the_sign_convention() {
    // [[5, 2], [2, 2]]: eigenvalues 6 and 1, eigenvectors (2, 1)/√5 and (−1, 2)/√5.
    let a = array![[5.0, 2.0], [2.0, 2.0]];
    let eigen = jacobi_ok(&a, 1e-12, 50);
    expect_array(
        "jacobi_eigen([[5, 2], [2, 2]]).values",
        &eigen.values,
        &array![6.0, 1.0],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &array![1.0, 6.0],
        "sort the eigenvalues largest first (descending)",
    )
    .assert();
    let r = sqrt5();
    let expected = array![[2.0 / r, -1.0 / r], [1.0 / r, 2.0 / r]];
    vector_mistakes(
        expect_array(
            "jacobi_eigen([[5, 2], [2, 2]]).vectors (columns (2, 1)/√5 and (−1, 2)/√5)",
            &eigen.vectors,
            &expected,
        )
        .tol(Tolerance::abs(1e-12))
        .no_generic_diagnosis(),
        &expected,
    )
    .mistake_array(
        &array![[2.0 / r, 1.0 / r], [1.0 / r, -2.0 / r]],
        "the second eigenvector kept the sign the rotation gave it: flip every eigenvector \
         whose largest-magnitude entry is negative",
    )
    .assert();
}

#[test]
fn jacobi_keeps_equal_eigenvalues_in_diagonal_order() {
    let a = Array2::from_diag(&array![1.0, 3.0, 3.0, 2.0]);
    let eigen = jacobi_ok(&a, 1e-12, 50);
    expect_array(
        "jacobi_eigen(diag(1, 3, 3, 2)).values",
        &eigen.values,
        &array![3.0, 3.0, 2.0, 1.0],
    )
    .tol(Tolerance::TIGHT)
    .assert();
    let expected = Array2::<f64>::eye(4).select(Axis(1), &[1, 2, 3, 0]);
    let unstable = Array2::<f64>::eye(4).select(Axis(1), &[2, 1, 3, 0]);
    expect_array(
        "jacobi_eigen(diag(1, 3, 3, 2)).vectors (columns e1, e2, e3, e0: the two 3s keep their order)",
        &eigen.vectors,
        &expected,
    )
    .tol(Tolerance::TIGHT)
    .no_generic_diagnosis()
    .mistake_array(
        &unstable,
        "equal eigenvalues swapped places: sort with a stable sort, largest first (e.g. \
         order.sort_by(|&i, &j| d[j].total_cmp(&d[i])), not an ascending sort reversed)",
    )
    .mistake_array(
        &expected.t(),
        "the eigenvectors are the columns of V (vectors[[.., j]] goes with values[j]); you \
         returned them as rows",
    )
    .assert();
    let identity = jacobi_ok(&Array2::eye(3), 1e-12, 50);
    expect_array(
        "jacobi_eigen(I₃).vectors",
        &identity.vectors,
        &Array2::<f64>::eye(3),
    )
    .tol(Tolerance::TIGHT)
    .no_generic_diagnosis()
    .mistake_array(
        &Array2::<f64>::eye(3).select(Axis(1), &[2, 1, 0]),
        "equal eigenvalues came out in reverse order: sort with a stable sort, largest first, \
             not an ascending sort reversed",
    )
    .assert();
}

#[test]
fn jacobi_skips_pairs_that_are_already_zero() {
    // A[0][1] = 0 with A[0][0] = A[1][1]: θ would be 0 / 0 for that pair.
    let a = array![[2.0, 0.0, 1.0], [0.0, 2.0, 1.0], [1.0, 1.0, 3.0]];
    let eigen = jacobi_ok(&a, 1e-12, 50);
    require_eigen_properties(
        "jacobi_eigen([[2, 0, 1], [0, 2, 1], [1, 1, 3]])",
        &a,
        &eigen,
    );
    // Eigenvalues 4, 2 and 1 (the characteristic polynomial factors as (λ−4)(λ−2)(λ−1)).
    expect_array(
        "jacobi_eigen([[2, 0, 1], [0, 2, 1], [1, 1, 3]]).values",
        &eigen.values,
        &array![4.0, 2.0, 1.0],
    )
    .tol(Tolerance::abs(1e-10))
    .assert();
}

#[test]
fn jacobi_on_dense_symmetric_matrices() {
    for (p, seed) in [(3, 1), (6, 2), (9, 3)] {
        let a = random_symmetric(p, seed);
        let eigen = jacobi_ok(&a, 1e-12, 50);
        let what = format!("jacobi_eigen of a random symmetric {p} x {p} matrix (seed {seed})");
        require_eigen_properties(&what, &a, &eigen);
        expect(
            format!("{what}: the sum of the eigenvalues (must equal the trace)"),
            eigen.values.sum(),
            a.diag().sum(),
        )
        .tol(Tolerance::abs(1e-9))
        .assert();
    }
}

#[test]
fn jacobi_tests_convergence_before_the_first_sweep() {
    let diagonal = Array2::from_diag(&array![4.0, 1.0, 2.0]);
    let eigen = call!(pca::jacobi_eigen(diagonal.view(), 1e-12, 0));
    require(eigen.is_ok(), || {
        format!(
            "jacobi_eigen(diag(4, 1, 2), max_sweeps 0): expected Ok (a diagonal matrix passes the \
             convergence test before the first sweep), got {eigen:?}\n    likely mistake: test \
             convergence before every sweep, and give up only when it fails after max_sweeps sweeps"
        )
    });
}

#[test]
fn jacobi_of_the_zero_matrix_converges_at_once() {
    let zeros = Array2::<f64>::zeros((3, 3));
    let eigen = call!(pca::jacobi_eigen(zeros.view(), 1e-12, 5));
    require(eigen.is_ok(), || {
        format!(
            "jacobi_eigen(3 x 3 zeros): expected Ok with eigenvalues 0 and V = I, got {eigen:?}\n    \
             likely mistake: off = 0 and total = 0 pass the test off <= tolerance · total: use <=, \
             not <"
        )
    });
    let eigen = jacobi_ok(&zeros, 1e-12, 5);
    expect_array(
        "jacobi_eigen(3 x 3 zeros).vectors",
        &eigen.vectors,
        &Array2::<f64>::eye(3),
    )
    .tol(Tolerance::TIGHT)
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn jacobi_tests_convergence_after_the_last_sweep() {
    let two = array![[5.0, 2.0], [2.0, 2.0]];
    let eigen = call!(pca::jacobi_eigen(two.view(), 1e-12, 1));
    require(eigen.is_ok(), || {
        format!(
            "jacobi_eigen([[5, 2], [2, 2]], max_sweeps 1): expected Ok (one rotation makes a 2 x 2 \
             diagonal, and the test after the sweep sees it), got {eigen:?}\n    likely mistake: \
             after the last allowed sweep, test convergence once more before giving up"
        )
    });
}

#[test]
fn jacobi_runs_as_many_sweeps_as_the_doc_procedure() {
    for (p, seed) in [(4, 11), (7, 12)] {
        let a = random_symmetric(p, seed);
        let (needed, _, _) =
            grader_jacobi(&a, 1e-12, 100, Rotation::Doc).expect("the grader's Jacobi converges");
        let result = call!(pca::jacobi_eigen(a.view(), 1e-12, needed));
        require(result.is_ok(), || {
            format!(
                "jacobi_eigen of a random {p} x {p} matrix with max_sweeps {needed}: the doc's \
                 procedure converges in exactly {needed} sweeps, got {result:?}\n    check the \
                 order of the pairs (p < q, row by row), the skip of A[p][q] == 0, setting A[p][q] \
                 and A[q][p] to 0, and the test off <= tolerance · total before every sweep"
            )
        });
        require_error(
            &format!(
                "jacobi_eigen of a random {p} x {p} matrix with max_sweeps {}",
                needed - 1
            ),
            pca::jacobi_eigen(a.view(), 1e-12, needed - 1),
            &PcaError::NotConverged { sweeps: needed - 1 },
            &format!("the doc's procedure needs {needed} sweeps for this matrix"),
            &[(
                PcaError::NotConverged { sweeps: needed },
                "`sweeps` is max_sweeps, the number of sweeps run",
            )],
        );
    }
}

#[test]
fn jacobi_tolerance_is_relative_to_the_whole_matrix() {
    // off/total = 1.41e-3 / 1e6 = 1.4e-9 <= 1e-8: converged before any rotation.
    let a = array![[1e6, 1e-3], [1e-3, 1.0]];
    let eigen = jacobi_ok(&a, 1e-8, 50);
    require(eigen.vectors == Array2::<f64>::eye(2), || {
        format!(
            "jacobi_eigen([[1e6, 1e-3], [1e-3, 1]], tolerance 1e-8): off/total = 1.4e-9 is below \
             the tolerance, so no rotation should run and V stays exactly I; got vectors with \
             off-diagonal entries {:e} and {:e}\n    likely mistake: compare off with \
             tolerance · total (the Frobenius norm of the matrix), not with the tolerance alone",
            eigen.vectors[[0, 1]],
            eigen.vectors[[1, 0]]
        )
    });
    // [[1, 1], [1, 1]] with tolerance 0.8: off = √2, total = 2, off/total = 0.71 <= 0.8, so
    // it stops at once; measured against the diagonal alone (√2) it would rotate.
    let ones = array![[1.0, 1.0], [1.0, 1.0]];
    let eigen = jacobi_ok(&ones, 0.8, 50);
    expect_array(
        "jacobi_eigen([[1, 1], [1, 1]], tolerance 0.8).values (off/total = 0.71 passes at once)",
        &eigen.values,
        &array![1.0, 1.0],
    )
    .tol(Tolerance::abs(1e-12))
    .no_generic_diagnosis()
    .mistake_array(
        &array![2.0, 0.0],
        "total is the Frobenius norm of the whole matrix (every entry, the diagonal and the \
         off-diagonal ones), not of its diagonal",
    )
    .assert();
    // [[1, e], [e, 1 + e]] with e = 1e-6: off over both triangles is √2·e, total about √2,
    // so off/total ≈ 1e-6 > 8e-7 and it must rotate; the upper triangle alone (0.71e-6)
    // would pass. Its eigenvalues: 1 + e/2 ± √(e²/4 + e²).
    let e = 1e-6;
    let b = array![[1.0, e], [e, 1.0 + e]];
    let eigen = jacobi_ok(&b, 8e-7, 50);
    let root = (e * e / 4.0 + e * e).sqrt();
    expect_array(
        "jacobi_eigen([[1, 1e-6], [1e-6, 1 + 1e-6]], tolerance 8e-7).values",
        &eigen.values,
        &array![1.0 + e / 2.0 + root, 1.0 + e / 2.0 - root],
    )
    .tol(Tolerance::abs(1e-13))
    .no_generic_diagnosis()
    .mistake_array(
        &array![1.0 + e, 1.0],
        "you stopped before rotating: off is the root of the sum of squares over both triangles \
         (i ≠ j), here 1.41e-6, and total the Frobenius norm of the whole matrix",
    )
    .assert();
}

#[test]
fn jacobi_errors() {
    let wide = Array2::<f64>::zeros((2, 3));
    require_error(
        "jacobi_eigen of a 2 x 3 matrix",
        call!(pca::jacobi_eigen(wide.view(), 1e-12, 50)),
        &PcaError::NotSquare { rows: 2, cols: 3 },
        "eigenvalues are defined for square matrices only",
        &[(
            PcaError::NotSquare { rows: 3, cols: 2 },
            "rows and cols are swapped: rows = a.nrows(), cols = a.ncols()",
        )],
    );
    let flat = Array2::<f64>::zeros((0, 3));
    require_error(
        "jacobi_eigen of a 0 x 3 matrix",
        call!(pca::jacobi_eigen(flat.view(), 1e-12, 50)),
        &PcaError::NotSquare { rows: 0, cols: 3 },
        "a 0 x 3 matrix is not square: NotSquare is checked before Empty",
        &[(PcaError::Empty, "check NotSquare before Empty")],
    );
    let empty = Array2::<f64>::zeros((0, 0));
    require_error(
        "jacobi_eigen of the 0 x 0 matrix",
        call!(pca::jacobi_eigen(empty.view(), 1e-12, 50)),
        &PcaError::Empty,
        "a 0 x 0 matrix has no eigenvalues",
        &[],
    );
}

// ---------------------------------------------------------------------------------------
// fit
// ---------------------------------------------------------------------------------------

#[test]
fn fit_on_the_hand_worked_2d_case() {
    let x = five_points();
    let model = fit_ok(&x, PcaParams::new(2));
    // Without centring, xᵀ·x / (n − 1) = [[10, 4.5], [4.5, 3.25]]: a 2 x 2 in closed form.
    let (half_trace, det): (f64, f64) = ((10.0 + 3.25) / 2.0, 10.0 * 3.25 - 4.5 * 4.5);
    let root = (half_trace * half_trace - det).sqrt();
    let uncentred = array![half_trace + root, half_trace - root];
    expect_array("fit(five points).mean", &model.mean, &array![2.0, 1.0])
        .tol(Tolerance::TIGHT)
        .assert();
    expect_array(
        "fit(five points, no standardizing).scale",
        &model.scale,
        &array![1.0, 1.0],
    )
    .tol(Tolerance::TIGHT)
    .no_generic_diagnosis()
    .mistake_array(
        &array![2.0, 1.6f64.sqrt()],
        "without params.standardize the scale is 1 for every column",
    )
    .assert();
    expect_array(
        "fit(five points).explained_variance (eigenvalues of the sample covariance [[5, 2], [2, 2]])",
        &model.explained_variance,
        &array![6.0, 1.0],
    )
    .tol(Tolerance::abs(1e-10))
    .n(5)
    .mistake_array(&array![1.0, 6.0], "sort the eigenvalues largest first")
    .mistake_array(
        &array![30.0, 5.0],
        "you used Xcᵀ·Xc without dividing by n − 1 = 4",
    )
    .mistake_array(
        &uncentred,
        "the covariance was computed without centring the data first (Zᵀ·Z needs Z = x − mean)",
    )
    .assert();
    expect_array(
        "fit(five points).explained_variance_ratio",
        &model.explained_variance_ratio,
        &array![6.0 / 7.0, 1.0 / 7.0],
    )
    .tol(Tolerance::abs(1e-10))
    .assert();
    let r = sqrt5();
    let expected = array![[2.0 / r, 1.0 / r], [-1.0 / r, 2.0 / r]];
    expect_array(
        "fit(five points).components (rows (2, 1)/√5 and (−1, 2)/√5)",
        &model.components,
        &expected,
    )
    .tol(Tolerance::abs(1e-10))
    .no_generic_diagnosis()
    .mistake_array(
        &expected.t(),
        "components are the eigenvectors as rows: transpose the columns of V (row i is component i)",
    )
    .mistake_array(
        &array![[2.0 / r, 1.0 / r], [1.0 / r, -2.0 / r]],
        "the sign convention makes each component's largest-magnitude entry positive",
    )
    .assert();
}

#[test]
fn fit_passes_its_tolerance_to_jacobi() {
    // With tolerance 1, the covariance [[5, 2], [2, 2]] passes the convergence test before
    // any rotation (off <= total always): the "eigenvalues" are its diagonal.
    let x = five_points();
    let model = fit_ok(&x, PcaParams::new(2).tolerance(1.0));
    expect_array(
        "fit(five points, tolerance 1).explained_variance (Jacobi stops before rotating)",
        &model.explained_variance,
        &array![5.0, 2.0],
    )
    .tol(Tolerance::abs(1e-12))
    .no_generic_diagnosis()
    .mistake_array(
        &array![6.0, 1.0],
        "fit must call jacobi_eigen with params.tolerance and params.max_sweeps, not constants",
    )
    .assert();
}

#[test]
fn fit_ratios_divide_by_the_total_variance_of_all_components() {
    let x = five_points();
    let model = fit_ok(&x, PcaParams::new(1));
    expect_array(
        "fit(five points, 1 component).explained_variance_ratio",
        &model.explained_variance_ratio,
        &array![6.0 / 7.0],
    )
    .tol(Tolerance::abs(1e-10))
    .mistake_array(
        &array![1.0],
        "you divided by the sum of the kept eigenvalues: divide by the sum of all p eigenvalues \
         (the trace of the covariance), so one component of two explains 6/7",
    )
    .assert();
    let r = sqrt5();
    expect_array(
        "fit(five points, 1 component).components",
        &model.components,
        &array![[2.0 / r, 1.0 / r]],
    )
    .tol(Tolerance::abs(1e-10))
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn fit_standardized_2d_case() {
    let x = five_points();
    let model = fit_ok(&x, PcaParams::new(2).standardize(true));
    // Population standard deviations: √(20/5) = 2 and √(8/5).
    expect_array(
        "fit(five points, standardize).scale (population standard deviations)",
        &model.scale,
        &array![2.0, 1.6f64.sqrt()],
    )
    .tol(Tolerance::abs(1e-12))
    .n(5)
    .mistake_array(
        &array![5f64.sqrt(), 2f64.sqrt()],
        "you used the sample standard deviation (n − 1): the scale is the population standard \
         deviation (divide by n), as the course's StandardScaler",
    )
    .mistake_array(
        &array![4.0, 1.6],
        "you stored the variance: the scale is its square root, the standard deviation",
    )
    .assert();
    // The covariance of the z-scores is n/(n − 1) times the correlation matrix, whose
    // eigenvalues are 1 ± r with r = 2/√10.
    let r = 2.0 / 10f64.sqrt();
    let f = 5.0 / 4.0;
    expect_array(
        "fit(five points, standardize).explained_variance",
        &model.explained_variance,
        &array![f * (1.0 + r), f * (1.0 - r)],
    )
    .tol(Tolerance::abs(1e-10))
    .n(5)
    .mistake_array(
        &array![1.0 + r, 1.0 - r],
        "the columns were divided by the sample standard deviation: standardize with the \
         population standard deviation (divide by n)",
    )
    .mistake_array(
        &array![6.0, 1.0],
        "the data was not standardized: with params.standardize, divide each centred column by scale",
    )
    .assert();
    expect_array(
        "fit(five points, standardize).explained_variance_ratio",
        &model.explained_variance_ratio,
        &array![(1.0 + r) / 2.0, (1.0 - r) / 2.0],
    )
    .tol(Tolerance::abs(1e-10))
    .assert();
    let h = 0.5f64.sqrt();
    expect_array(
        "fit(five points, standardize).components, up to sign ((1, 1)/√2 and (1, −1)/√2)",
        &model.components.mapv(f64::abs),
        &array![[h, h], [h, h]],
    )
    .tol(Tolerance::abs(1e-10))
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn fit_constant_columns() {
    // Column 0 varies (1, 3, 5); column 1 is 0.1 three times (their computed mean is
    // 0.10000000000000002, so a two-pass standard deviation is 1.4e-17, not 0); column 2
    // is 7 three times.
    let x = array![[1.0, 0.1, 7.0], [3.0, 0.1, 7.0], [5.0, 0.1, 7.0]];
    // The population standard deviation of 1, 3, 5.
    let population = (8.0f64 / 3.0).sqrt();
    for standardize in [true, false] {
        let model = fit_ok(&x, PcaParams::new(3).standardize(standardize));
        let what =
            format!("fit([[1, 0.1, 7], [3, 0.1, 7], [5, 0.1, 7]], standardize {standardize})");
        let variance = if standardize { 1.5 } else { 4.0 };
        let scale = if standardize { population } else { 1.0 };
        require(
            model.scale.iter().all(|s| s.is_finite() && *s > 1e-6),
            || {
                format!(
                    "{what}.scale = {}: a constant column gets scale 1\n    likely mistake: a \
                     column is constant when all its values are equal (compare them exactly, \
                     v == column[0]); a computed standard deviation of 0.1, 0.1, 0.1 is 1.4e-17 \
                     or 0, and dividing by it is 0 / 0 or blows round-off up",
                    model.scale
                )
            },
        );
        let check = expect_array(
            format!("{what}.scale"),
            &model.scale,
            &array![scale, 1.0, 1.0],
        )
        .tol(Tolerance::abs(1e-12))
        .no_generic_diagnosis();
        let check = if standardize {
            check
                .mistake_array(
                    &array![2.0, 1.0, 1.0],
                    "you used the sample standard deviation (n − 1): the scale is the population \
                     standard deviation (divide by n)",
                )
                .mistake_array(
                    &array![1.0, 1.0, 1.0],
                    "with params.standardize, scale is each column's population standard \
                     deviation (1 only for a constant column)",
                )
        } else {
            check.mistake_array(
                &array![population, 1.0, 1.0],
                "without params.standardize the scale is 1 for every column",
            )
        };
        check.assert();
        expect_array(format!("{what}.mean"), &model.mean, &array![3.0, 0.1, 7.0])
            .tol(Tolerance::TIGHT)
            .assert();
        expect_array(
            format!("{what}.explained_variance"),
            &model.explained_variance,
            &array![variance, 0.0, 0.0],
        )
        .tol(Tolerance::abs(1e-10))
        .mistake_array(
            &array![variance, 1.5, 0.0],
            "the column of 0.1s was divided by its computed spread (1.4e-17), which blows \
             round-off up into z-scores of ±1: a constant column (values compared exactly) gets \
             scale 1",
        )
        .assert();
        expect_array(
            format!("{what}.explained_variance_ratio"),
            &model.explained_variance_ratio,
            &array![1.0, 0.0, 0.0],
        )
        .tol(Tolerance::abs(1e-10))
        .assert();
        expect_array(
            format!("{what}.components[0]"),
            &model.components.row(0),
            &array![1.0, 0.0, 0.0],
        )
        .tol(Tolerance::abs(1e-10))
        .no_generic_diagnosis()
        .assert();
    }
}

#[test]
fn fit_accepts_two_rows_and_all_components() {
    // Two rows are the fewest a sample covariance allows: [[0, 0], [2, 2]] has covariance
    // [[2, 2], [2, 2]], eigenvalues 4 and 0.
    let two_rows = array![[0.0, 0.0], [2.0, 2.0]];
    let model = call!(pca::fit(two_rows.view(), &PcaParams::new(1)));
    require(model.is_ok(), || {
        format!(
            "fit([[0, 0], [2, 2]], 1 component): expected Ok, got {model:?}\n    likely mistake: \
             two rows are enough (n − 1 = 1): TooFewSamples is for fewer than 2 rows (n < 2)"
        )
    });
    let model = fit_ok(&two_rows, PcaParams::new(1));
    expect_array(
        "fit([[0, 0], [2, 2]], 1 component).explained_variance",
        &model.explained_variance,
        &array![4.0],
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
    let x = five_points();
    let all = call!(pca::fit(x.view(), &PcaParams::new(2)));
    require(all.is_ok(), || {
        format!(
            "fit(five points, 2 components of 2 features): expected Ok, got {all:?}\n    likely \
             mistake: n_components = p is allowed (all the components): TooManyComponents is for \
             n_components > p"
        )
    });
}

#[test]
fn fit_errors_in_order() {
    let x = five_points();
    let one_row = array![[1.0, 2.0]];
    for (params, what) in [
        (PcaParams::new(0), "n_components 0"),
        (PcaParams::new(1).tolerance(f64::NAN), "tolerance NaN"),
        (PcaParams::new(1).tolerance(-1e-3), "tolerance -1e-3"),
        (PcaParams::new(1).max_sweeps(0), "max_sweeps 0"),
    ] {
        require_error(
            &format!("fit(five points, {what})"),
            call!(pca::fit(x.view(), &params)),
            &PcaError::InvalidParams(String::new()),
            "params.validate() rejects it",
            &[],
        );
    }
    require_error(
        "fit(a single row, n_components 0)",
        call!(pca::fit(one_row.view(), &PcaParams::new(0))),
        &PcaError::InvalidParams(String::new()),
        "params.validate() is checked first",
        &[(
            PcaError::TooFewSamples { n: 1 },
            "call params.validate()? first, before looking at the data",
        )],
    );
    require_error(
        "fit(a single row)",
        call!(pca::fit(one_row.view(), &PcaParams::new(1))),
        &PcaError::TooFewSamples { n: 1 },
        "a sample covariance divides by n − 1 = 0",
        &[],
    );
    let no_rows = Array2::<f64>::zeros((0, 2));
    require_error(
        "fit(0 x 2 data)",
        call!(pca::fit(no_rows.view(), &PcaParams::new(1))),
        &PcaError::TooFewSamples { n: 0 },
        "no rows: fewer than 2 samples",
        &[(PcaError::Empty, "no rows is TooFewSamples { n: 0 }")],
    );
    require_error(
        "fit(a single row, 3 components of 2 features)",
        call!(pca::fit(one_row.view(), &PcaParams::new(3))),
        &PcaError::TooFewSamples { n: 1 },
        "TooFewSamples is checked before TooManyComponents",
        &[(
            PcaError::TooManyComponents {
                requested: 3,
                features: 2,
            },
            "check the number of rows (TooFewSamples) before n_components",
        )],
    );
    require_error(
        "fit(five points, 3 components of 2 features)",
        call!(pca::fit(x.view(), &PcaParams::new(3))),
        &PcaError::TooManyComponents {
            requested: 3,
            features: 2,
        },
        "there are only as many components as features",
        &[(
            PcaError::TooManyComponents {
                requested: 2,
                features: 3,
            },
            "requested and features are swapped",
        )],
    );
    let constant = Array2::from_elem((3, 3), 0.1);
    require_error(
        "fit(3 x 3 data, every value 0.1)",
        call!(pca::fit(constant.view(), &PcaParams::new(2))),
        &PcaError::NoVariance,
        "every column is constant (compared exactly), so there is no variance to explain",
        &[],
    );
    require_error(
        "fit(3 x 3 data of 0.1s, standardize)",
        call!(pca::fit(
            constant.view(),
            &PcaParams::new(2).standardize(true)
        )),
        &PcaError::NoVariance,
        "every column is constant (compared exactly), so there is no variance to explain",
        &[],
    );
    require_error(
        "fit(3 x 3 data of 0.1s, 4 components)",
        call!(pca::fit(constant.view(), &PcaParams::new(4))),
        &PcaError::TooManyComponents {
            requested: 4,
            features: 3,
        },
        "TooManyComponents is checked before NoVariance",
        &[(
            PcaError::NoVariance,
            "check n_components (TooManyComponents) before NoVariance",
        )],
    );
    let dense = random_symmetric(5, 21);
    require_error(
        "fit(random 5 x 5 data, max_sweeps 1)",
        call!(pca::fit(dense.view(), &PcaParams::new(2).max_sweeps(1))),
        &PcaError::NotConverged { sweeps: 1 },
        "one sweep does not diagonalize this covariance: jacobi_eigen's error is passed on, \
         with params.tolerance and params.max_sweeps",
        &[],
    );
}

/// The explained-variance ratios of fitting all components, checked against
/// scikit-learn's published figures to `decimals`.
#[track_caller]
fn require_ratios(
    what: &str,
    x: &Array2<f64>,
    standardize: bool,
    expected: &[f64],
    tol: f64,
) -> Pca {
    let p = x.ncols();
    let model = fit_ok(x, PcaParams::new(p).standardize(standardize));
    expect_array(
        format!(
            "{what}: the first {} explained-variance ratios (scikit-learn 1.9.1)",
            expected.len()
        ),
        &model.explained_variance_ratio.slice(s![..expected.len()]),
        &Array1::from(expected.to_vec()),
    )
    .tol(Tolerance::abs(tol))
    .no_generic_diagnosis()
    .assert();
    model
}

#[test]
fn fit_iris_against_scikit_learn() {
    let x = datasets::iris().features;
    let model = require_ratios(
        "iris, standardized",
        &x,
        true,
        &[0.7296, 0.2285, 0.0367, 0.0052],
        5e-5,
    );
    expect_array(
        "iris, standardized: the first component (scikit-learn 1.9.1)",
        &model.components.row(0),
        &array![0.5211, -0.2693, 0.5804, 0.5649],
    )
    .tol(Tolerance::abs(5e-5))
    .no_generic_diagnosis()
    .assert();
    let model = require_ratios(
        "iris, raw",
        &x,
        false,
        &[0.9246, 0.0531, 0.0171, 0.0052],
        5e-5,
    );
    expect_array(
        "iris, raw: the first component (scikit-learn 1.9.1)",
        &model.components.row(0),
        &array![0.3614, -0.0845, 0.8567, 0.3583],
    )
    .tol(Tolerance::abs(5e-5))
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn fit_wine_against_scikit_learn() {
    let x = datasets::wine().features;
    require_ratios(
        "wine, standardized",
        &x,
        true,
        &[
            0.3620, 0.1921, 0.1112, 0.0707, 0.0656, 0.0494, 0.0424, 0.0268, 0.0222, 0.0193, 0.0174,
            0.0130, 0.0080,
        ],
        5e-5,
    );
    require_ratios(
        "wine, raw",
        &x,
        false,
        &[0.99809, 0.00174, 9.5e-5, 5.0e-5, 1.2e-5],
        5e-6,
    );
}

#[test]
fn components_for_95_percent_of_digits_as_scikit_learn() {
    let x = datasets::digits().features;
    for (standardize, at_90, at_95) in [(false, 21, 29), (true, 31, 40)] {
        let what = if standardize {
            "digits, standardized"
        } else {
            "digits, raw"
        };
        let model = fit_ok(&x, PcaParams::new(64).standardize(standardize));
        let ratios = &model.explained_variance_ratio;
        require(ratios.iter().all(|r| r.is_finite()), || {
            format!(
                "{what}: explained-variance ratios must be finite; digits has constant pixels \
                 (pixel_0 is always 0)\n    likely mistake: a constant column must get scale 1"
            )
        });
        if !standardize {
            let cumulative: Vec<f64> = ratios
                .iter()
                .scan(0.0, |sum, r| {
                    *sum += r;
                    Some(*sum)
                })
                .collect();
            expect_array(
                "digits, raw: the cumulative explained-variance ratio at 21, 28 and 29 components \
                 (scikit-learn 1.9.1)",
                &array![cumulative[20], cumulative[27], cumulative[28]],
                &array![0.9032, 0.9499, 0.9548],
            )
            .tol(Tolerance::abs(5e-5))
            .no_generic_diagnosis()
            .assert();
        }
        for (threshold, expected) in [(0.90, at_90), (0.95, at_95)] {
            let got = call_ok!(pca::components_for_variance(ratios.view(), threshold));
            require(got == expected, || {
                format!(
                    "{what}: components_for_variance(ratios, {threshold}): scikit-learn 1.9.1 keeps \
                     {expected} components, got {got}"
                )
            });
        }
    }
}

#[test]
fn fit_beside_linfa_reduction() {
    let iris = datasets::iris();
    let x = iris.features.clone();
    let model = fit_ok(&x, PcaParams::new(2));
    let dataset = linfa::DatasetBase::from(x.clone());
    let linfa_model = linfa_reduction::Pca::params(2)
        .fit(&dataset)
        .expect("linfa-reduction fits iris");
    // linfa's components carry their own signs: compare after the course's convention.
    let linfa_components = flip_by_largest(&linfa_model.components().t().to_owned())
        .t()
        .to_owned();
    expect_array(
        "iris, raw, 2 components: components beside linfa-reduction's Pca (after the sign convention)",
        &model.components,
        &linfa_components,
    )
    .tol(Tolerance::abs(1e-6))
    .no_generic_diagnosis()
    .assert();
    // linfa's ratios are shares of the kept components only.
    let kept = &model.explained_variance_ratio / model.explained_variance_ratio.sum();
    expect_array(
        "iris, raw, 2 components: ratios relative to the kept components, beside linfa-reduction",
        &kept,
        &linfa_model.explained_variance_ratio(),
    )
    .tol(Tolerance::abs(1e-6))
    .no_generic_diagnosis()
    .assert();
    let scores = call_ok!(pca::transform(&model, x.view()));
    let linfa_scores = linfa_model.predict(&x);
    expect_array(
        "iris, raw: transform beside linfa-reduction's predict, up to sign",
        &scores.mapv(f64::abs),
        &linfa_scores.mapv(f64::abs),
    )
    .tol(Tolerance::abs(1e-5))
    .no_generic_diagnosis()
    .assert();
}

// ---------------------------------------------------------------------------------------
// transform, inverse_transform, reconstruction_error
// ---------------------------------------------------------------------------------------

/// A model written by hand: mean (1, 2, 3), scale (2, 1, 4), two orthonormal components.
fn hand_model() -> Pca {
    let r = sqrt5();
    Pca {
        mean: array![1.0, 2.0, 3.0],
        scale: array![2.0, 1.0, 4.0],
        components: array![[2.0 / r, 0.0, 1.0 / r], [0.0, 1.0, 0.0]],
        explained_variance: array![3.0, 1.0],
        explained_variance_ratio: array![0.6, 0.2],
    }
}

#[test]
fn transform_centres_scales_and_projects() {
    let model = hand_model();
    let x = array![[5.0, 4.0, 7.0], [1.0, 2.0, 3.0], [-1.0, 0.0, -1.0]];
    // z = (x − mean) / scale: (2, 2, 1), (0, 0, 0), (−1, −2, −1).
    let r = sqrt5();
    let expected = array![[5.0 / r, 2.0], [0.0, 0.0], [-3.0 / r, -2.0]];
    let got = catch_panic("transform", || pca::transform(&model, x.view()));
    let got = match got {
        Ok(result) => mlings::grade::ok("transform(hand model, 3 rows)", result),
        Err(message) => fail(format!(
            "transform(hand model, 3 rows): your code panicked: {message}\n    likely mistake: \
             the scores are z · componentsᵀ: (n x p) · (p x k), so transpose the k x p components"
        )),
    };
    let z = (&x - &model.mean) / &model.scale;
    let not_scaled = (&x - &model.mean).dot(&model.components.t());
    let not_centred = (&x / &model.scale).dot(&model.components.t());
    let times_scale = ((&x - &model.mean) * &model.scale).dot(&model.components.t());
    expect_array("transform(hand model, 3 rows)", &got, &expected)
        .tol(Tolerance::abs(1e-12))
        .mistake_array(
            &not_scaled,
            "divide the centred data by model.scale before projecting",
        )
        .mistake_array(&not_centred, "subtract model.mean before projecting")
        .mistake_array(&times_scale, "divide by model.scale, do not multiply")
        .mistake_array(
            &z.dot(&model.components.t()).mapv(|v| v * v),
            "the scores are dot products, not their squares",
        )
        .assert();
    let empty = Array2::<f64>::zeros((0, 3));
    let scores = call_ok!(pca::transform(&model, empty.view()));
    require(scores.dim() == (0, 2), || {
        format!(
            "transform(hand model, 0 x 3): expected 0 x 2 scores, got {:?}",
            scores.dim()
        )
    });
    let wrong = Array2::<f64>::zeros((2, 2));
    require_error(
        "transform(model fit on 3 features, 2 x 2 data)",
        call!(pca::transform(&model, wrong.view())),
        &PcaError::FeatureMismatch {
            expected: 3,
            got: 2,
        },
        "the data must have the 3 columns the model was fit on",
        &[(
            PcaError::FeatureMismatch {
                expected: 2,
                got: 3,
            },
            "expected and got are swapped: expected = model.mean.len(), got = x.ncols()",
        )],
    );
}

#[test]
fn inverse_transform_goes_back_to_feature_space() {
    let model = hand_model();
    let r = sqrt5();
    let scores = array![[5.0 / r, 2.0], [0.0, 0.0], [1.0, -1.0]];
    // scores · components = (2, 2, 1), (0, 0, 0), (2/√5, −1, 1/√5); times scale, plus mean.
    let expected = array![
        [5.0, 4.0, 7.0],
        [1.0, 2.0, 3.0],
        [1.0 + 4.0 / r, 1.0, 3.0 + 4.0 / r]
    ];
    let got = catch_panic("inverse_transform", || {
        pca::inverse_transform(&model, scores.view())
    });
    let got = match got {
        Ok(result) => mlings::grade::ok("inverse_transform(hand model, 3 rows)", result),
        Err(message) => fail(format!(
            "inverse_transform(hand model, 3 rows): your code panicked: {message}\n    likely \
             mistake: back-projection is scores · components: (n x k) · (k x p), no transpose"
        )),
    };
    let back = scores.dot(&model.components);
    expect_array(
        "inverse_transform(hand model, 3 rows of scores)",
        &got,
        &expected,
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &(&back + &model.mean),
        "multiply by model.scale before adding the mean",
    )
    .mistake_array(&(&back * &model.scale), "add model.mean back")
    .mistake_array(
        &((&back + &model.mean) * &model.scale),
        "multiply by scale first, then add the mean: x = mean + scale · (scores · components)",
    )
    .mistake_array(
        &(&back / &model.scale + &model.mean),
        "multiply by model.scale, do not divide",
    )
    .assert();
    require_error(
        "inverse_transform(model with 2 components, 3 x 3 scores)",
        call!(pca::inverse_transform(
            &model,
            Array2::<f64>::zeros((3, 3)).view()
        )),
        &PcaError::ComponentMismatch {
            expected: 2,
            got: 3,
        },
        "the scores must have one column per component (2)",
        &[(
            PcaError::ComponentMismatch {
                expected: 3,
                got: 2,
            },
            "expected and got are swapped: expected = model.components.nrows(), got = scores.ncols()",
        )],
    );
    // A full model undoes transform.
    let x = datasets::iris().features;
    let full = fit_ok(&x, PcaParams::new(4).standardize(true));
    let round_trip = call_ok!(pca::inverse_transform(
        &full,
        call_ok!(pca::transform(&full, x.view())).view()
    ));
    expect_array(
        "inverse_transform(transform(iris)) with all 4 standardized components (must give iris back)",
        &round_trip,
        &x,
    )
    .tol(Tolerance::abs(1e-9))
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn reconstruction_error_is_the_mean_squared_distance() {
    let x = five_points();
    let model = fit_ok(&x, PcaParams::new(1));
    expect(
        "reconstruction_error(five points, 1 component) = (n − 1)/n · left-out eigenvalue = 4/5 · 1",
        call_ok!(pca::reconstruction_error(&model, x.view())),
        0.8,
    )
    .tol(Tolerance::abs(1e-10))
    .n(5)
    .mistake(4.0, "you summed the squared distances: divide by the number of rows")
    .mistake(0.4, "divide by the number of rows n, not by n · p (the number of entries)")
    .mistake(0.8f64.sqrt(), "the error is the mean squared distance, no square root")
    .mistake(1.0, "you returned the left-out eigenvalue (divide by n − 1); the error is a mean over n rows")
    .assert();
    let model = hand_model();
    let new = array![
        [5.0, 4.0, 7.0],
        [3.0, 0.0, 1.0],
        [2.0, 2.0, 9.0],
        [0.0, 5.0, 3.0]
    ];
    let reconstructed = (&new - &model.mean)
        .dot(&model.components.t())
        .dot(&model.components)
        / 1.0;
    let z = (&new - &model.mean) / &model.scale;
    let projected = z.dot(&model.components.t()).dot(&model.components);
    let in_units = &projected * &model.scale + &model.mean;
    let mean_sq =
        |a: &Array2<f64>, b: &Array2<f64>| (a - b).mapv(|d| d * d).sum() / a.nrows() as f64;
    let expected = mean_sq(&new, &in_units);
    expect(
        "reconstruction_error(hand model with scale (2, 1, 4), 4 new rows)",
        call_ok!(pca::reconstruction_error(&model, new.view())),
        expected,
    )
    .tol(Tolerance::rel(1e-10))
    .mistake(
        mean_sq(&z, &projected),
        "measure the distance in the original units (x against inverse_transform), not between \
         the standardized rows",
    )
    .mistake(
        mean_sq(&new, &(reconstructed + &model.mean)),
        "reconstruct with the model's scale: x̂ = inverse_transform(transform(x))",
    )
    .mistake(
        mean_sq(&new, &(&projected + &model.mean)),
        "reconstruct with the model's scale: x̂ = inverse_transform(transform(x)) multiplies \
         by scale before adding the mean",
    )
    .mistake(
        expected * 4.0,
        "you summed the squared distances: divide by the number of rows",
    )
    .mistake(
        expected / 3.0,
        "divide by the number of rows n, not by n · p (the number of entries)",
    )
    .assert();
    require_error(
        "reconstruction_error(model on 3 features, 0 x 2 data)",
        call!(pca::reconstruction_error(
            &model,
            Array2::<f64>::zeros((0, 2)).view()
        )),
        &PcaError::FeatureMismatch {
            expected: 3,
            got: 2,
        },
        "FeatureMismatch is checked before Empty",
        &[(
            PcaError::Empty,
            "check the columns (FeatureMismatch) before the rows (Empty)",
        )],
    );
    require_error(
        "reconstruction_error(model on 3 features, 0 x 3 data)",
        call!(pca::reconstruction_error(
            &model,
            Array2::<f64>::zeros((0, 3)).view()
        )),
        &PcaError::Empty,
        "the mean over no rows is 0 / 0",
        &[],
    );
}

// ---------------------------------------------------------------------------------------
// components_for_variance
// ---------------------------------------------------------------------------------------

#[test]
fn components_for_variance_counts_the_smallest_k() {
    let ratios = array![0.5, 0.25, 0.2, 0.05];
    let tie = "a tie counts as reached: stop at the first k with cumulative >= threshold, not >";
    let index = "the answer is a count of components (index + 1), the smallest k reaching it";
    for (threshold, expected) in [(0.7, 2), (0.75, 2), (0.4, 1), (0.5, 1), (0.96, 4)] {
        let got = call_ok!(pca::components_for_variance(ratios.view(), threshold));
        require(got == expected, || {
            // Ties: 0.5 and 0.75 are exact cumulative sums, so > overshoots by one there;
            // a returned index is one short everywhere.
            let tied = threshold == 0.5 || threshold == 0.75;
            let hint = if got + 1 == expected {
                format!("\n    likely mistake: {index}")
            } else if got == expected + 1 && tied {
                format!("\n    likely mistake: {tie}")
            } else {
                String::new()
            };
            format!(
                "components_for_variance([0.5, 0.25, 0.2, 0.05], {threshold}): expected {expected}, \
                 got {got}{hint}"
            )
        });
    }
    require_error(
        "components_for_variance([0.5, 0.2], 0.9)",
        call!(pca::components_for_variance(array![0.5, 0.2].view(), 0.9)),
        &PcaError::NotReached {
            threshold: 0.9,
            total: 0.7,
        },
        "all the ratios add up to 0.7 only",
        &[(
            PcaError::NotReached {
                threshold: 0.7,
                total: 0.9,
            },
            "threshold and total are swapped",
        )],
    );
    for threshold in [0.0, 1.0, -0.5, 1.5, f64::NAN] {
        require_error(
            &format!("components_for_variance([0.5, 0.25, 0.2, 0.05], {threshold})"),
            call!(pca::components_for_variance(ratios.view(), threshold)),
            &PcaError::InvalidThreshold { threshold },
            "the threshold must be strictly between 0 and 1",
            &[(
                PcaError::NotReached {
                    threshold,
                    total: 1.0,
                },
                "NaN fails every comparison, so threshold <= 0.0 || threshold >= 1.0 lets it \
                 through: reject what is not strictly between 0 and 1 with \
                 !(threshold > 0.0 && threshold < 1.0)",
            )],
        );
    }
    require_error(
        "components_for_variance(no ratios, 1.0)",
        call!(pca::components_for_variance(
            Array1::<f64>::zeros(0).view(),
            1.0
        )),
        &PcaError::InvalidThreshold { threshold: 1.0 },
        "InvalidThreshold is checked before Empty",
        &[(PcaError::Empty, "check the threshold before the ratios")],
    );
    require_error(
        "components_for_variance(no ratios, 0.5)",
        call!(pca::components_for_variance(
            Array1::<f64>::zeros(0).view(),
            0.5
        )),
        &PcaError::Empty,
        "there are no ratios to add up",
        &[(
            PcaError::NotReached {
                threshold: 0.5,
                total: 0.0,
            },
            "return Empty for no ratios (before adding them up)",
        )],
    );
}
