//! Grader of exercises/07_anomaly_detection/anomaly_detection.rs.
//!
//! Expected values come from hand-worked cases, closed forms, linfa-clustering's
//! Gaussian mixture (one component, no regularization) for the covariance, an
//! independent Gaussian elimination written below for the multivariate densities, and
//! scikit-learn's published figures on the exact breast_cancer rows (datasets/README.md).

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/07_anomaly_detection/anomaly_detection.rs"]
mod anomaly_detection;
#[cfg(feature = "solutions")]
use mlings::reference::anomaly_detection;

use std::f64::consts::PI;
use std::fmt::Debug;

use linfa::prelude::Fit;
use linfa_clustering::GaussianMixtureModel;
use mlings::grade::{Tolerance, catch_panic, expect, expect_array, expect_error, fail, require};
use mlings::types::anomaly_detection::{
    AnomalyError, AnomalySplit, Detection, GaussianModel, MultivariateGaussian,
};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, array};

// ---------------------------------------------------------------------------------------
// Calling the learner's code.

/// The learner's `Result`, with a panic turned into a verdict naming `hint`.
#[track_caller]
fn run<T>(
    what: &str,
    hint: &str,
    f: impl FnOnce() -> Result<T, AnomalyError>,
) -> Result<T, AnomalyError> {
    catch_panic(what, f).unwrap_or_else(|message| {
        fail(format!(
            "`{what}`: your code panicked: {message}\n    likely mistake: {hint}"
        ))
    })
}

/// The learner's `Ok` value on valid input.
#[track_caller]
fn run_ok<T>(what: &str, f: impl FnOnce() -> Result<T, AnomalyError>) -> T {
    match run(
        what,
        "this input is valid: a panic here is an index or a shape gone wrong",
        f,
    ) {
        Ok(value) => value,
        Err(error) => fail(format!(
            "`{what}` returned Err({error:?}) on valid input\n    {error}\n    \
             This input is fine: check the conditions under which your code returns Err."
        )),
    }
}

/// The learner's error on invalid input, compared with `wanted`; `mistakes` name known
/// wrong errors.
#[track_caller]
fn expect_rejected<T: Debug>(
    what: &str,
    why: &str,
    result: Result<T, AnomalyError>,
    wanted: AnomalyError,
    mistakes: &[(AnomalyError, &str)],
) {
    match result {
        Err(error) => expect_error(what, error, wanted, mistakes),
        Ok(value) => {
            let shown = format!("{value:?}");
            let shown = if shown.len() > 120 {
                format!(
                    "{}…",
                    &shown[..shown.char_indices().nth(120).map_or(shown.len(), |c| c.0)]
                )
            } else {
                shown
            };
            fail(format!(
                "{what}: expected Err({wanted:?}), got Ok({shown})\n    why it must be an \
                 error: {why}"
            ))
        }
    }
}

const PANIC_ON_BAD_INPUT: &str = "bad input must come back as an Err, never a panic: check \
                                  the shapes and return the error before indexing";

// ---------------------------------------------------------------------------------------
// Independent computations.

/// −½·ln(2π·v) − (x − m)² / (2v): one feature's log density, written out.
fn log_normal(x: f64, m: f64, v: f64) -> f64 {
    -0.5 * (2.0 * PI * v).ln() - (x - m) * (x - m) / (2.0 * v)
}

/// Per-feature log densities, by plain loops.
fn per_feature_scores(mean: &[f64], variance: &[f64], x: ArrayView2<f64>) -> Array1<f64> {
    x.outer_iter()
        .map(|row| {
            (0..mean.len())
                .map(|j| log_normal(row[j], mean[j], variance[j]))
                .sum()
        })
        .collect()
}

/// Column means and population variances, by plain loops.
fn moments(x: ArrayView2<f64>) -> (Vec<f64>, Vec<f64>) {
    let n = x.nrows() as f64;
    let mean: Vec<f64> = (0..x.ncols()).map(|j| x.column(j).sum() / n).collect();
    let variance = (0..x.ncols())
        .map(|j| {
            x.column(j)
                .iter()
                .map(|v| (v - mean[j]).powi(2))
                .sum::<f64>()
                / n
        })
        .collect();
    (mean, variance)
}

/// ln |det A| and A⁻¹·b for every column b of `rhs`, by Gaussian elimination with
/// partial pivoting (not a Cholesky factorization).
fn eliminate(a: ArrayView2<f64>, rhs: ArrayView2<f64>) -> (f64, Array2<f64>) {
    let p = a.nrows();
    let mut m = a.to_owned();
    let mut b = rhs.to_owned();
    let mut log_det = 0.0;
    for col in 0..p {
        let pivot_row = (col..p)
            .max_by(|&i, &j| m[[i, col]].abs().total_cmp(&m[[j, col]].abs()))
            .unwrap();
        if pivot_row != col {
            for k in 0..p {
                m.swap([col, k], [pivot_row, k]);
            }
            for k in 0..b.ncols() {
                b.swap([col, k], [pivot_row, k]);
            }
        }
        let pivot = m[[col, col]];
        log_det += pivot.abs().ln();
        for i in col + 1..p {
            let f = m[[i, col]] / pivot;
            for k in col..p {
                m[[i, k]] -= f * m[[col, k]];
            }
            for k in 0..b.ncols() {
                b[[i, k]] -= f * b[[col, k]];
            }
        }
    }
    for i in (0..p).rev() {
        for k in 0..b.ncols() {
            let known: f64 = (i + 1..p).map(|j| m[[i, j]] * b[[j, k]]).sum();
            b[[i, k]] = (b[[i, k]] - known) / m[[i, i]];
        }
    }
    (log_det, b)
}

/// Multivariate log densities from the covariance alone, by elimination.
fn multivariate_scores(
    mean: ArrayView1<f64>,
    covariance: ArrayView2<f64>,
    x: ArrayView2<f64>,
) -> Array1<f64> {
    let centred = (&x - &mean).reversed_axes();
    let (log_det, solved) = eliminate(covariance, centred.view());
    let p = mean.len() as f64;
    Array1::from_iter((0..x.nrows()).map(|i| {
        let quadratic = centred.column(i).dot(&solved.column(i));
        -0.5 * (p * (2.0 * PI).ln() + log_det + quadratic)
    }))
}

/// The counts and scores of flagging `flagged`, written out.
fn detection_of(flagged: &[bool], is_anomaly: &[bool]) -> Detection {
    let count = |f: bool, a: bool| {
        flagged
            .iter()
            .zip(is_anomaly)
            .filter(|&(&x, &y)| x == f && y == a)
            .count()
    };
    let (tp, fp, fn_, tn) = (
        count(true, true),
        count(true, false),
        count(false, true),
        count(false, false),
    );
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Detection {
        true_positives: tp,
        false_positives: fp,
        false_negatives: fn_,
        true_negatives: tn,
        precision: ratio(tp, tp + fp),
        recall: ratio(tp, tp + fn_),
        f1: ratio(2 * tp, 2 * tp + fp + fn_),
    }
}

fn flag(scores: &[f64], rule: impl Fn(f64) -> bool) -> Vec<bool> {
    scores.iter().map(|&s| rule(s)).collect()
}

/// "TP 2, FP 1, FN 0, TN 3, precision 0.6667, recall 1, F1 0.8", for messages.
fn describe(d: &Detection) -> String {
    format!(
        "TP {}, FP {}, FN {}, TN {}, precision {:.4}, recall {:.4}, F1 {:.4}",
        d.true_positives,
        d.false_positives,
        d.false_negatives,
        d.true_negatives,
        d.precision,
        d.recall,
        d.f1
    )
}

fn same(a: &Detection, b: &Detection) -> bool {
    let close = |x: f64, y: f64| x == y || (x - y).abs() <= 1e-12;
    a.true_positives == b.true_positives
        && a.false_positives == b.false_positives
        && a.false_negatives == b.false_negatives
        && a.true_negatives == b.true_negatives
        && close(a.precision, b.precision)
        && close(a.recall, b.recall)
        && close(a.f1, b.f1)
}

/// Fails unless `got` is `expected`, naming the first of `mistakes` that `got` equals.
#[track_caller]
fn expect_detection(
    what: &str,
    got: &Detection,
    expected: &Detection,
    mistakes: &[(Detection, &str)],
) {
    if same(got, expected) {
        return;
    }
    let mut message = format!(
        "{what}: wrong detection\n    expected: {}\n    got:      {}",
        describe(expected),
        describe(got)
    );
    if let Some((_, why)) = mistakes.iter().find(|(wrong, _)| same(got, wrong)) {
        message.push_str(&format!("\n    likely mistake: {why}"));
    } else if got.f1.is_nan() || got.precision.is_nan() || got.recall.is_nan() {
        message.push_str(
            "\n    likely mistake: a 0/0 gave NaN: precision is 0 when nothing is flagged, \
             recall 0 when there is no anomaly, F1 0 when TP + FP + FN = 0",
        );
    } else if got.true_negatives != expected.true_negatives
        && got.true_negatives == expected.true_negatives + expected.false_negatives
    {
        message.push_str(
            "\n    likely mistake: TN = rows neither flagged nor anomalies: n − TP − FP − FN \
             (the anomalies not flagged are FN, not TN)",
        );
    } else if got.true_positives == expected.true_positives
        && got.false_positives == expected.false_positives
        && got.false_negatives == expected.false_negatives
        && got.true_negatives == expected.true_negatives
    {
        message.push_str(
            "\n    likely mistake: the counts are right but a score is not: precision = \
             TP / (TP + FP), recall = TP / (TP + FN), F1 = 2·TP / (2·TP + FP + FN)",
        );
    }
    fail(message);
}

/// The breast_cancer setup, read once per test binary (tests run as threads).
fn breast_cancer() -> &'static AnomalySplit {
    static SPLIT: std::sync::OnceLock<AnomalySplit> = std::sync::OnceLock::new();
    SPLIT.get_or_init(|| AnomalySplit::breast_cancer().expect("the bundled breast_cancer rows"))
}

// ---------------------------------------------------------------------------------------
// Hand-worked cases.

/// μ = [2, 4], σ² = [2/3, 32/3] (population; the sample variances are [1, 16]).
fn three_rows() -> Array2<f64> {
    array![[1.0, 0.0], [3.0, 4.0], [2.0, 8.0]]
}

/// μ = [1, 1], Σ = [[1, 1/3], [1/3, 1]], L = [[1, 0], [1/3, √8/3]].
fn six_rows() -> Array2<f64> {
    array![
        [0.0, 0.0],
        [2.0, 2.0],
        [0.0, 2.0],
        [2.0, 0.0],
        [0.0, 0.0],
        [2.0, 2.0]
    ]
}

fn six_rows_model() -> MultivariateGaussian {
    let third = 1.0 / 3.0;
    MultivariateGaussian {
        mean: array![1.0, 1.0],
        covariance: array![[1.0, third], [third, 1.0]],
        cholesky: array![[1.0, 0.0], [third, 8.0f64.sqrt() / 3.0]],
    }
}

// ---------------------------------------------------------------------------------------
// fit_gaussian

#[test]
fn fit_gaussian_by_hand() {
    let x = three_rows();
    let model = run_ok("fit_gaussian(x)", || {
        anomaly_detection::fit_gaussian(x.view())
    });
    require(model.mean.len() != 3, || {
        "fit_gaussian of 3 rows x 2 features: the mean has 3 entries, one per ROW\n    \
         likely mistake: you averaged each row (axis 1); the mean of feature j is taken down \
         its column, over the rows: mean_axis(Axis(0))"
            .into()
    });
    expect_array(
        "mean of [[1, 0], [3, 4], [2, 8]] (per column)",
        &model.mean,
        &array![2.0, 4.0],
    )
    .mistake_array(
        &array![3.0, 2.0],
        "you averaged the rows, not the columns: the mean of feature j is over axis 0",
    )
    .assert();
    let expected = array![2.0 / 3.0, 32.0 / 3.0];
    expect_array(
        "population variance of every column",
        &model.variance,
        &expected,
    )
    .n(3)
    .mistake_array(
        &array![1.0, 16.0],
        "you divided by n − 1 = 2 (the sample variance): the Gaussian's variance is the \
             population one, divided by n = 3",
    )
    .mistake_array(
        &expected.mapv(f64::sqrt),
        "you stored the standard deviation: `variance` is σ², the mean squared deviation",
    )
    .assert();
}

#[test]
fn fit_gaussian_rejects_empty_and_constant_features() {
    let no_rows = Array2::<f64>::zeros((0, 3));
    expect_rejected(
        "fit_gaussian of 0 rows x 3 columns",
        "there is nothing to fit on",
        run("fit_gaussian(no rows)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::fit_gaussian(no_rows.view())
        }),
        AnomalyError::Empty,
        &[(
            AnomalyError::ConstantFeature { feature: 0 },
            "a column with no values is \"all equal\" too: return Empty (no rows or no \
             columns) BEFORE looking for constant columns",
        )],
    );
    let no_columns = Array2::<f64>::zeros((4, 0));
    expect_rejected(
        "fit_gaussian of 4 rows x 0 columns",
        "there is no feature to model",
        run("fit_gaussian(no columns)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::fit_gaussian(no_columns.view())
        }),
        AnomalyError::Empty,
        &[],
    );
    // Columns 1 and 2 are constant; column 1 is the first.
    let x = array![
        [1.0, 5.0, 0.1, 2.0],
        [2.0, 5.0, 0.1, 3.0],
        [4.0, 5.0, 0.1, 2.0]
    ];
    expect_rejected(
        "fit_gaussian with constant columns 1 and 2",
        "a feature with variance 0 has no density",
        run("fit_gaussian(constant columns)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::fit_gaussian(x.view())
        }),
        AnomalyError::ConstantFeature { feature: 1 },
        &[(
            AnomalyError::ConstantFeature { feature: 2 },
            "report the FIRST constant column (1), not the last",
        )],
    );
    // [0.1, 0.1, 0.1]: the mean computes as 0.10000000000000002, the variance as ~1e-34.
    let x = array![[1.0, 0.1], [2.0, 0.1], [4.0, 0.1]];
    expect_rejected(
        "fit_gaussian with the constant column [0.1, 0.1, 0.1]",
        "its values are all equal (its variance computes as about 1e-34, not 0.0, because \
         its mean is not exactly 0.1)",
        run(
            "fit_gaussian(constant 0.1 column)",
            PANIC_ON_BAD_INPUT,
            || anomaly_detection::fit_gaussian(x.view()),
        ),
        AnomalyError::ConstantFeature { feature: 1 },
        &[],
    );
}

// ---------------------------------------------------------------------------------------
// log_density

#[test]
fn log_density_by_hand() {
    let model = GaussianModel {
        mean: array![2.0, 2.0],
        variance: array![1.0, 4.0],
    };
    let x = array![[2.0, 2.0], [4.0, 2.0], [1.0, 5.0]];
    let got = run_ok("log_density(model, x)", || {
        anomaly_detection::log_density(&model, x.view())
    });
    let (m, v) = ([2.0, 2.0], [1.0, 4.0]);
    let expected = per_feature_scores(&m, &v, x.view());
    // Closed forms: the mean scores −½·ln(2π) − ½·ln(8π).
    let at_mean = -0.5 * (2.0 * PI).ln() - 0.5 * (8.0 * PI).ln();
    require((expected[0] - at_mean).abs() < 1e-12, || {
        "grader self-check".into()
    });
    let variant = |f: &dyn Fn(f64, f64, f64) -> f64| -> Array1<f64> {
        x.outer_iter()
            .map(|row| (0..2).map(|j| f(row[j], m[j], v[j])).sum())
            .collect()
    };
    expect_array(
        "log p(x) of [2, 2], [4, 2], [1, 5] under μ = [2, 2], σ² = [1, 4]",
        &got,
        &expected,
    )
    .mistake_array(
        &variant(&|x, m, v| -(2.0 * PI * v).ln() - (x - m).powi(2) / (2.0 * v)),
        "the normalizer lost its ½: ln(1/√(2πσ²)) = −½·ln(2πσ²)",
    )
    .mistake_array(
        &variant(&|x, m, v| -0.5 * (2.0 * PI * v).ln() - (x - m).powi(2) / v),
        "the squared distance lost its ½: the exponent is −(x − μ)² / (2σ²)",
    )
    .mistake_array(
        &variant(&|x, m, v| -0.5 * (2.0 * PI * v.sqrt()).ln() - (x - m).powi(2) / (2.0 * v.sqrt())),
        "you used σ where σ² belongs: the model stores variances, use them as they are",
    )
    .mistake_array(
        &variant(&|x, m, v| -0.5 * (2.0 * PI * v * v).ln() - (x - m).powi(2) / (2.0 * v * v)),
        "you squared the variance: the model's `variance` already is σ²",
    )
    .mistake_array(
        &variant(&|x, m, v| -0.5 * v.ln() - (x - m).powi(2) / (2.0 * v)),
        "the 2π is missing from the normalizer: −½·ln(2π·σ²)",
    )
    .mistake_array(
        &variant(&|x, m, v| log_normal(x, m, v).exp()),
        "you returned p(x) per feature summed, not the sum of the log densities",
    )
    .mistake_array(
        &expected.mapv(f64::exp),
        "you returned the density p(x): return its log, log p(x)",
    )
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn log_density_in_30_dimensions_does_not_underflow() {
    // 30 features of variance 1e-30: at the mean p(x) = e^1008.6 overflows to +inf; two
    // standard deviations... far away, p(x) = e^(−1e6) underflows to 0. Their logs are
    // ordinary numbers.
    let p = 30;
    let model = GaussianModel {
        mean: Array1::zeros(p),
        variance: Array1::from_elem(p, 1e-30),
    };
    let mut x = Array2::zeros((3, p));
    x.row_mut(1).fill(1e-15 * 4.0); // 4 standard deviations from the mean in each feature
    x.row_mut(2).fill(1e-12); // 1000 standard deviations
    let got = run_ok("log_density(30 features of variance 1e-30, x)", || {
        anomaly_detection::log_density(&model, x.view())
    });
    let normalizer = -0.5 * p as f64 * (2.0 * PI * 1e-30).ln();
    let expected = array![normalizer, normalizer - 30.0 * 8.0, normalizer - 30.0 * 5e5];
    if got.len() == 3 && got.iter().any(|s| s.is_infinite()) {
        fail(format!(
            "log p(x) in 30 dimensions: got {got} where finite logs were expected ({expected})\n    \
             likely mistake: you computed p(x) = Π N(xⱼ) and then took its log; the product \
             overflows to +inf or underflows to 0 (ln 0 = −inf). Add the per-feature log \
             densities instead"
        ));
    }
    expect_array(
        "log p(x) of 3 rows, 30 features of variance 1e-30",
        &got,
        &expected,
    )
    .tol(Tolerance::rel(1e-9))
    .assert();
}

#[test]
fn log_density_checks_the_number_of_features() {
    let model = GaussianModel {
        mean: array![2.0, 2.0],
        variance: array![1.0, 4.0],
    };
    let x = Array2::<f64>::zeros((2, 3));
    expect_rejected(
        "log_density of a 2-feature model on x with 3 columns",
        "each row needs one value per modelled feature",
        run(
            "log_density(model, x with 3 columns)",
            PANIC_ON_BAD_INPUT,
            || anomaly_detection::log_density(&model, x.view()),
        ),
        AnomalyError::FeatureMismatch { model: 2, x: 3 },
        &[(
            AnomalyError::FeatureMismatch { model: 3, x: 2 },
            "the fields are swapped: model = the model's features, x = x's columns",
        )],
    );
    let no_rows = Array2::<f64>::zeros((0, 2));
    let got = run_ok("log_density(model, 0 rows)", || {
        anomaly_detection::log_density(&model, no_rows.view())
    });
    require(got.is_empty(), || {
        format!(
            "log_density of 0 rows: expected an empty array, got {} values",
            got.len()
        )
    });
}

// ---------------------------------------------------------------------------------------
// cholesky

#[test]
fn cholesky_by_hand() {
    let a = array![[4.0, 2.0], [2.0, 5.0]];
    let got = run_ok("cholesky([[4, 2], [2, 5]])", || {
        anomaly_detection::cholesky(a.view())
    });
    let expected = array![[2.0, 0.0], [1.0, 2.0]];
    expect_array("Cholesky factor of [[4, 2], [2, 5]]", &got, &expected)
        .mistake_array(
            &expected.t(),
            "you returned the upper factor Lᵀ: L is LOWER triangular (zeros above the diagonal)",
        )
        .mistake_array(
            &array![[4.0, 0.0], [0.5, 4.75]],
            "the diagonal is the pivot d itself: L[j][j] = √d, and divide by that root",
        )
        .mistake_array(
            &array![[2.0, 0.0], [0.5, 4.75f64.sqrt()]],
            "the entries below the diagonal were divided by the pivot d: divide by its root, \
             L[j][j] = √d",
        )
        .no_generic_diagnosis()
        .assert();
    // L = [[2, 0, 0], [1, 3, 0], [−1, 2, 1]] and A = L·Lᵀ; the upper triangle of A is
    // garbage, which must not be read.
    let l = array![[2.0, 0.0, 0.0], [1.0, 3.0, 0.0], [-1.0, 2.0, 1.0]];
    let full = l.dot(&l.t());
    let mut a = full.clone();
    a[[0, 1]] = 99.0;
    a[[0, 2]] = -7.0;
    a[[1, 2]] = 0.5;
    let got = run(
        "cholesky(3 x 3)",
        "this input is valid: a panic here is an index or a shape gone wrong",
        || anomaly_detection::cholesky(a.view()),
    );
    // The matrix a learner who reads the upper triangle factors: not positive definite.
    let mut from_upper = a.clone();
    for i in 0..3 {
        for j in 0..i {
            from_upper[[i, j]] = a[[j, i]];
        }
    }
    let upper_read = grader_cholesky(from_upper.view())
        .iter()
        .any(|v| !v.is_finite());
    let got = match got {
        Ok(factor) => factor,
        Err(error) => fail(format!(
            "`cholesky(3 x 3)` returned Err({error:?}) on a positive definite matrix (its lower \
             triangle is L·Lᵀ of L = [[2, 0, 0], [1, 3, 0], [−1, 2, 1]]; the upper triangle \
             holds garbage){}",
            if upper_read {
                "\n    likely mistake: you read the upper triangle A[j][i]; only the lower \
                 triangle (i >= j), A[i][j], is read"
            } else {
                ""
            }
        )),
    };
    expect_array(
        "Cholesky factor of [[4, ·, ·], [2, 10, ·], [−2, 5, 6]] (the upper triangle, ·, holds garbage)",
        &got,
        &l,
    )
    .tol(Tolerance::rel(1e-12))
    .no_generic_diagnosis()
    .assert();
    let empty = Array2::<f64>::zeros((0, 0));
    let got = run_ok("cholesky(0 x 0)", || {
        anomaly_detection::cholesky(empty.view())
    });
    require(got.dim() == (0, 0), || {
        format!(
            "cholesky of a 0 x 0 matrix: expected a 0 x 0 factor, got {:?}",
            got.dim()
        )
    });
}

#[test]
fn cholesky_of_the_full_matrix_when_the_upper_triangle_is_read() {
    // The same matrix, symmetric: a learner who reads A[j][i] for i > j gets it right
    // here but not in cholesky_by_hand; this one tells the two apart.
    let l = array![[2.0, 0.0, 0.0], [1.0, 3.0, 0.0], [-1.0, 2.0, 1.0]];
    let a = l.dot(&l.t());
    let got = run_ok("cholesky(symmetric 3 x 3)", || {
        anomaly_detection::cholesky(a.view())
    });
    expect_array(
        "Cholesky factor of [[4, 2, −2], [2, 10, 5], [−2, 5, 6]]",
        &got,
        &l,
    )
    .tol(Tolerance::rel(1e-12))
    .mistake_array(
        &l.t(),
        "you returned the upper factor Lᵀ: L is LOWER triangular",
    )
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn cholesky_rejects_what_is_not_positive_definite() {
    let wide = array![[0.0, 1.0, 2.0], [1.0, 2.0, 3.0]];
    expect_rejected(
        "cholesky of a 2 x 3 matrix whose A[0][0] is 0",
        "a covariance matrix is square",
        run("cholesky(2 x 3)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::cholesky(wide.view())
        }),
        AnomalyError::NotSquare {
            rows: 2,
            columns: 3,
        },
        &[
            (
                AnomalyError::NotSquare {
                    rows: 3,
                    columns: 2,
                },
                "the fields are swapped: rows = a.nrows(), columns = a.ncols()",
            ),
            (
                AnomalyError::NotPositiveDefinite { feature: 0 },
                "check the shape (NotSquare) BEFORE the pivots",
            ),
        ],
    );
    let singular = array![[1.0, 2.0], [2.0, 4.0]];
    expect_rejected(
        "cholesky of [[1, 2], [2, 4]] (feature 1 = 2·feature 0)",
        "the pivot of feature 1 is 4 − 2² = 0",
        run("cholesky(singular)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::cholesky(singular.view())
        }),
        AnomalyError::NotPositiveDefinite { feature: 1 },
        &[],
    );
    let zero_variance = array![[0.0, 0.0], [0.0, 1.0]];
    let got = run("cholesky([[0, 0], [0, 1]])", PANIC_ON_BAD_INPUT, || {
        anomaly_detection::cholesky(zero_variance.view())
    });
    if got.is_ok() {
        fail(
            "cholesky of [[0, 0], [0, 1]] (feature 0 has variance 0): expected \
             Err(NotPositiveDefinite { feature: 0 }), got Ok\n    likely mistake: the pivot is \
             0 and so is 1e-10 · A[0][0]; a strict d < 1e-10 · A[j][j] lets it through: the \
             test is d <= 1e-10 · A[j][j], with <="
                .into(),
        );
    }
    expect_rejected(
        "cholesky of [[0, 0], [0, 1]]",
        "feature 0 has variance 0",
        got,
        AnomalyError::NotPositiveDefinite { feature: 0 },
        &[],
    );
    let negative = array![[1.0, 0.0], [0.0, -2.0]];
    expect_rejected(
        "cholesky of [[1, 0], [0, −2]]",
        "the pivot of feature 1 is −2; its square root is NaN",
        run("cholesky(negative)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::cholesky(negative.view())
        }),
        AnomalyError::NotPositiveDefinite { feature: 1 },
        &[(
            AnomalyError::NotPositiveDefinite { feature: 0 },
            "feature 0 is fine (pivot 1): report the first feature whose pivot fails",
        )],
    );
}

/// Σ of three features where the third is the sum of the first two: its pivot is 0 in
/// exact arithmetic and a round-off residue in f64.
fn collinear_covariance() -> Array2<f64> {
    let x = array![[0.1, 0.7], [0.3, 0.2], [0.6, 0.9], [0.7, 0.3], [1.3, 0.1],];
    let sum = &x.column(0) + &x.column(1);
    let x = ndarray::concatenate![Axis(1), x, sum.insert_axis(Axis(1))];
    let mean = x.mean_axis(Axis(0)).unwrap();
    let c = &x - &mean;
    c.t().dot(&c) / 5.0
}

#[test]
fn cholesky_pivot_rule_is_relative() {
    let a = collinear_covariance();
    // The grader's own pivot: tiny, of either sign (here checked to be > 0, so a rule
    // "d <= 0" would accept it).
    let l00 = a[[0, 0]].sqrt();
    let l10 = a[[1, 0]] / l00;
    let l11 = (a[[1, 1]] - l10 * l10).sqrt();
    let l20 = a[[2, 0]] / l00;
    let l21 = (a[[2, 1]] - l20 * l10) / l11;
    let pivot = a[[2, 2]] - l20 * l20 - l21 * l21;
    require(pivot.abs() <= 1e-10 * a[[2, 2]], || {
        format!("grader self-check: pivot {pivot:e}")
    });
    let got = run("cholesky(collinear)", PANIC_ON_BAD_INPUT, || {
        anomaly_detection::cholesky(a.view())
    });
    if got.is_ok() && pivot > 0.0 {
        fail(format!(
            "cholesky of the covariance of [x₀, x₁, x₀ + x₁]: expected \
             Err(NotPositiveDefinite {{ feature: 2 }}), got Ok\n    why it must be an error: \
             feature 2 is the sum of features 0 and 1; its pivot is round-off ({pivot:.1e})\n    \
             likely mistake: the pivot is a tiny positive number, so a test d <= 0 lets it \
             through: compare it with 1e-10 · A[j][j] instead"
        ));
    }
    expect_rejected(
        "cholesky of the covariance of [x₀, x₁, x₀ + x₁]",
        &format!(
            "feature 2 is the sum of features 0 and 1; its pivot is round-off ({pivot:.1e}), \
             far below 1e-10 · A[2][2]"
        ),
        got,
        AnomalyError::NotPositiveDefinite { feature: 2 },
        &[],
    );
    // A well-conditioned matrix at a tiny scale: every pivot is tiny in absolute terms,
    // but large relative to its diagonal entry.
    let tiny = array![[4.0, 2.0], [2.0, 5.0]] * 1e-30;
    let got = run(
        "cholesky(1e-30 · [[4, 2], [2, 5]])",
        PANIC_ON_BAD_INPUT,
        || anomaly_detection::cholesky(tiny.view()),
    );
    match got {
        Ok(l) => expect_array(
            "Cholesky factor of 1e-30 · [[4, 2], [2, 5]]",
            &l,
            &(array![[2.0, 0.0], [1.0, 2.0]] * 1e-15),
        )
        .tol(Tolerance {
            rel: 1e-9,
            abs: 0.0,
        })
        .no_generic_diagnosis()
        .assert(),
        Err(error) => fail(format!(
            "cholesky of 1e-30 · [[4, 2], [2, 5]] returned Err({error:?}); it is positive \
             definite (a variance of 1e-30 is small, not 0)\n    likely mistake: the pivot \
             test is absolute; make it relative: d <= 1e-10 · A[j][j]"
        )),
    }
}

// ---------------------------------------------------------------------------------------
// fit_multivariate

#[test]
fn fit_multivariate_by_hand() {
    let x = six_rows();
    let model = run_ok("fit_multivariate(x)", || {
        anomaly_detection::fit_multivariate(x.view())
    });
    let expected = six_rows_model();
    expect_array("mean", &model.mean, &expected.mean).assert();
    let shift = &model.covariance - &expected.covariance;
    let c = shift[[0, 0]];
    if model.covariance.dim() == (2, 2)
        && c.abs() > 1e-12
        && (shift[[1, 1]] - c).abs() <= 1e-12
        && shift[[0, 1]].abs() <= 1e-12
        && shift[[1, 0]].abs() <= 1e-12
    {
        fail(format!(
            "population covariance: every diagonal entry is {c:e} too large, the rest is right\n    \
             likely mistake: you regularized (added {c:e} to the diagonal); the doc asks for no \
             regularization: a singular covariance is an error (NotPositiveDefinite) instead"
        ));
    }
    expect_array(
        "population covariance",
        &model.covariance,
        &expected.covariance,
    )
    .tol(Tolerance::rel(1e-12))
    .n(6)
    .mistake_array(
        &(&expected.covariance * 1.2),
        "you divided by n − 1 = 5: the Gaussian's covariance is the population one, Xcᵀ·Xc / n",
    )
    .mistake_array(
        &(&expected.covariance * 6.0),
        "you forgot to divide Xcᵀ·Xc by n = 6",
    )
    .mistake_array(
        &array![[2.0, 4.0 / 3.0], [4.0 / 3.0, 2.0]],
        "you did not subtract the mean before Xᵀ·X / n: centre the rows first (x − μ)",
    )
    .mistake_array(
        &Array2::from_diag(&array![1.0, 1.0]),
        "only the diagonal is filled: Σ[i][j] is the covariance of features i and j",
    )
    .assert();
    expect_array(
        "Cholesky factor in the model",
        &model.cholesky,
        &expected.cholesky,
    )
    .mistake_array(
        &expected.cholesky.t(),
        "you stored the upper factor Lᵀ: L is lower triangular",
    )
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn fit_multivariate_matches_linfa_on_breast_cancer() {
    let split = breast_cancer();
    let x = &split.fit;
    let model = run_ok("fit_multivariate(221 benign rows)", || {
        anomaly_detection::fit_multivariate(x.view())
    });
    let data = linfa::DatasetBase::from(x.clone());
    let gmm = GaussianMixtureModel::params(1)
        .reg_covariance(0.0)
        .n_runs(1)
        .fit(&data)
        .expect("linfa fits one Gaussian");
    let linfa_mean = gmm.means().row(0).to_owned();
    let linfa_cov = gmm.covariances().index_axis(Axis(0), 0).to_owned();
    expect_array(
        "mean of the 221 benign rows (linfa-clustering)",
        &model.mean,
        &linfa_mean,
    )
    .tol(Tolerance::rel(1e-9))
    .assert();
    expect_array(
        "covariance of the 221 benign rows (linfa-clustering, population)",
        &model.covariance,
        &linfa_cov,
    )
    .tol(Tolerance {
        rel: 1e-8,
        abs: 1e-18,
    })
    .n(221)
    .mistake_array(
        &(&linfa_cov * (221.0 / 220.0)),
        "you divided by n − 1 = 220: the Gaussian's covariance is the population one",
    )
    .assert();
    let l = &model.cholesky;
    let upper = (0..30)
        .flat_map(|i| (i + 1..30).map(move |j| (i, j)))
        .find(|&(i, j)| l[[i, j]] != 0.0);
    if let Some((i, j)) = upper {
        fail(format!(
            "the model's Cholesky factor has {} at [{i}, {j}], above the diagonal\n    \
             likely mistake: L is lower triangular, with zeros above the diagonal",
            l[[i, j]]
        ));
    }
    expect_array(
        "L·Lᵀ of the model's Cholesky factor (must equal the covariance)",
        &l.dot(&l.t()),
        &linfa_cov,
    )
    .tol(Tolerance {
        rel: 1e-8,
        abs: 1e-18,
    })
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn fit_multivariate_rejects_empty_and_singular_data() {
    let no_rows = Array2::<f64>::zeros((0, 3));
    expect_rejected(
        "fit_multivariate of 0 rows x 3 columns",
        "there is nothing to fit on (and a mean of 0 rows is 0/0 = NaN)",
        run("fit_multivariate(no rows)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::fit_multivariate(no_rows.view())
        }),
        AnomalyError::Empty,
        &[],
    );
    let no_columns = Array2::<f64>::zeros((4, 0));
    expect_rejected(
        "fit_multivariate of 4 rows x 0 columns",
        "there is no feature to model",
        run("fit_multivariate(no columns)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::fit_multivariate(no_columns.view())
        }),
        AnomalyError::Empty,
        &[],
    );
    // Column 1 is twice column 0.
    let x = array![
        [1.0, 2.0, 0.0],
        [2.0, 4.0, 1.0],
        [4.0, 8.0, 5.0],
        [0.0, 0.0, 2.0]
    ];
    expect_rejected(
        "fit_multivariate where feature 1 = 2·feature 0",
        "the covariance is singular: feature 1 has no variance of its own",
        run("fit_multivariate(collinear)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::fit_multivariate(x.view())
        }),
        AnomalyError::NotPositiveDefinite { feature: 1 },
        &[],
    );
    // 2 rows, 3 features: rank 1 at most.
    let x = array![[1.0, 0.5, 3.0], [2.0, 0.25, 1.0]];
    expect_rejected(
        "fit_multivariate of 2 rows x 3 features",
        "2 rows span a line: the covariance has rank 1, so feature 1 is determined by feature 0",
        run("fit_multivariate(2 rows)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::fit_multivariate(x.view())
        }),
        AnomalyError::NotPositiveDefinite { feature: 1 },
        &[],
    );
}

// ---------------------------------------------------------------------------------------
// log_density_multivariate

#[test]
fn log_density_multivariate_by_hand() {
    let model = six_rows_model();
    let x = array![[1.0, 1.0], [2.0, 2.0], [2.0, 0.0]];
    let got = run_ok("log_density_multivariate(model, x)", || {
        anomaly_detection::log_density_multivariate(&model, x.view())
    });
    let base = -(2.0 * PI).ln() - 0.5 * (8.0f64 / 9.0).ln();
    let expected = array![base, base - 0.75, base - 1.5];
    let with = |log_det: f64, quadratic: [f64; 3]| -> Array1<f64> {
        quadratic
            .iter()
            .map(|q| -0.5 * (2.0 * (2.0 * PI).ln() + log_det + q))
            .collect()
    };
    let ln_det = (8.0f64 / 9.0).ln();
    // Quadratic forms of d = 0, (1, 1), (1, −1) under other matrices.
    let with_sigma = [0.0, 2.0 + 2.0 / 3.0, 2.0 - 2.0 / 3.0];
    let with_diagonal = [0.0, 2.0, 2.0];
    // z = Lᵀ⁻¹ d mistaken for L⁻¹ d: solve Lᵀ·z = d by back substitution.
    let l = &model.cholesky;
    let back = |d: [f64; 2]| {
        let z1 = d[1] / l[[1, 1]];
        let z0 = (d[0] - l[[1, 0]] * z1) / l[[0, 0]];
        z0 * z0 + z1 * z1
    };
    let with_back = [0.0, back([1.0, 1.0]), back([1.0, -1.0])];
    // Multiplying by L instead of solving: ‖Lᵀd‖² or ‖L d‖².
    let times_l = |d: [f64; 2]| {
        let z0 = l[[0, 0]] * d[0];
        let z1 = l[[1, 0]] * d[0] + l[[1, 1]] * d[1];
        z0 * z0 + z1 * z1
    };
    let with_times = [0.0, times_l([1.0, 1.0]), times_l([1.0, -1.0])];
    // zᵢ = dᵢ / L[i][i], the earlier z left out.
    let diagonal_only = |d: [f64; 2]| (d[0] / l[[0, 0]]).powi(2) + (d[1] / l[[1, 1]]).powi(2);
    let with_diagonal_l = [0.0, diagonal_only([1.0, 1.0]), diagonal_only([1.0, -1.0])];
    let quadratic = [0.0, 1.5, 3.0];
    let what = "log p(x) of [1, 1], [2, 2], [2, 0] under μ = [1, 1], Σ = [[1, 1/3], [1/3, 1]]";
    expect_array(what, &got, &expected)
        .mistake_array(
            &quadratic
                .iter()
                .map(|q| -0.5 * ((2.0 * PI).ln() + ln_det + q))
                .collect::<Array1<f64>>(),
            "the 2π term counts once per feature: p·ln(2π), with p = 2 here",
        )
        .mistake_array(
            &with(0.5 * ln_det, quadratic),
            "ln det Σ is 2·Σⱼ ln L[j][j]: det Σ = det L · det Lᵀ = (Π L[j][j])², you used ln det L only",
        )
        .mistake_array(
            &with(2.0 * ln_det, quadratic),
            "ln det Σ = 2·Σⱼ ln L[j][j] already; you doubled it once more",
        )
        .mistake_array(
            &with(0.0, quadratic),
            "ln det Σ is missing or wrong (here it is ln(8/9) = 2·Σⱼ ln L[j][j]; the diagonal of Σ \
             alone gives 0): log p = −½·(p·ln 2π + ln det Σ + quadratic form)",
        )
        .mistake_array(
            &with(ln_det, with_sigma),
            "the quadratic form used Σ, not Σ⁻¹: solve L·z = x − μ and use z·z",
        )
        .mistake_array(
            &with(ln_det, with_diagonal),
            "the quadratic form ignored the correlations (only the diagonal of Σ): solve L·z = x − μ \
             with the whole lower triangle",
        )
        .mistake_array(
            &with(ln_det, with_diagonal_l),
            "the forward substitution ignored the correlations: zᵢ = ((x − μ)ᵢ − Σ_{k<i} \
             L[i][k]·z_k) / L[i][i], the earlier z's count",
        )
        .mistake_array(
            &with(ln_det, with_back),
            "you solved Lᵀ·z = x − μ (back substitution); the factor is L: solve L·z = x − μ by \
             forward substitution, from z₀ up",
        )
        .mistake_array(
            &with(ln_det, with_times),
            "you multiplied by L instead of solving L·z = x − μ",
        )
        .mistake_array(
            &with(ln_det, [0.0, 3.0, 6.0]),
            "the quadratic form lost its ½",
        )
        .no_generic_diagnosis()
        .assert();
}

#[test]
fn log_density_multivariate_matches_elimination_on_breast_cancer() {
    let split = breast_cancer();
    // The model from linfa's covariance and the grader's own Cholesky, so that only
    // log_density_multivariate is under test.
    let (mean_v, _) = moments(split.fit.view());
    let mean = Array1::from(mean_v);
    let centred = &split.fit - &mean;
    let covariance = centred.t().dot(&centred) / split.fit.nrows() as f64;
    let cholesky = grader_cholesky(covariance.view());
    let model = MultivariateGaussian {
        mean: mean.clone(),
        covariance: covariance.clone(),
        cholesky,
    };
    let got = run_ok(
        "log_density_multivariate(benign model, 102 validation rows)",
        || anomaly_detection::log_density_multivariate(&model, split.validation.view()),
    );
    let expected = multivariate_scores(mean.view(), covariance.view(), split.validation.view());
    if got.len() == expected.len() && !got.is_empty() {
        let shift = got[0] - expected[0];
        let constant = got
            .iter()
            .zip(&expected)
            .all(|(g, e)| ((g - e) - shift).abs() <= 1e-6 * (1.0 + e.abs()));
        if constant && shift.abs() > 1e-6 {
            fail(format!(
                "multivariate log densities of the 102 validation rows: every row is off by the \
                 same {shift:+.4}\n    likely mistake: the quadratic forms are right, the \
                 constant −½·(p·ln 2π + ln det Σ) is not: ln det Σ is missing or wrong \
                 (2·Σⱼ ln L[j][j]), or the 2π term does not count once per feature (p·ln 2π)"
            ));
        }
    }
    expect_array(
        "multivariate log densities of the 102 validation rows (Gaussian elimination)",
        &got,
        &expected,
    )
    .tol(Tolerance {
        rel: 1e-7,
        abs: 1e-6,
    })
    .no_generic_diagnosis()
    .assert();
}

/// The grader's own Cholesky factor (for building models; no pivot check needed).
fn grader_cholesky(a: ArrayView2<f64>) -> Array2<f64> {
    let p = a.nrows();
    let mut l = Array2::<f64>::zeros((p, p));
    for i in 0..p {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[[i, k]] * l[[j, k]]).sum();
            l[[i, j]] = if i == j {
                (a[[i, i]] - s).sqrt()
            } else {
                (a[[i, j]] - s) / l[[j, j]]
            };
        }
    }
    l
}

#[test]
fn log_density_multivariate_in_30_dimensions_does_not_underflow() {
    // L = 1e-15 · (1 on the diagonal, 0.1 below it): det Σ = 1e-900, which is 0 in f64;
    // ln det Σ = 2·30·ln(1e-15) = −2072.3.
    let p = 30;
    let mut l = Array2::<f64>::zeros((p, p));
    for i in 0..p {
        for j in 0..=i {
            l[[i, j]] = if i == j { 1e-15 } else { 1e-16 };
        }
    }
    let covariance = l.dot(&l.t());
    let model = MultivariateGaussian {
        mean: Array1::zeros(p),
        covariance: covariance.clone(),
        cholesky: l.clone(),
    };
    // Row 0: the mean (z = 0). Row 1: x = L·z with z = 3 in every coordinate, so z·z = 270.
    let mut x = Array2::zeros((2, p));
    let z = Array1::from_elem(p, 3.0);
    x.row_mut(1).assign(&l.dot(&z));
    let got = run_ok(
        "log_density_multivariate(30 features, det Σ = 1e-900)",
        || anomaly_detection::log_density_multivariate(&model, x.view()),
    );
    let log_det = 2.0 * p as f64 * 1e-15f64.ln();
    let base = -0.5 * (p as f64 * (2.0 * PI).ln() + log_det);
    let expected = array![base, base - 135.0];
    if got.len() == 2 && got.iter().any(|s| !s.is_finite()) {
        fail(format!(
            "log p(x) in 30 dimensions with det Σ = 1e-900: got [{}, {}] where [{:.4}, {:.4}] \
             was expected\n    likely mistake: you computed det Σ (or Π L[j][j]) and then its \
             log; the product underflows to 0 and ln 0 = −inf. Sum the logs: ln det Σ = \
             2·Σⱼ ln L[j][j]",
            got[0], got[1], expected[0], expected[1]
        ));
    }
    expect_array("log p(x) in 30 dimensions, det Σ = 1e-900", &got, &expected)
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis()
        .assert();
}

#[test]
fn log_density_multivariate_checks_the_number_of_features() {
    let model = six_rows_model();
    let x = Array2::<f64>::zeros((2, 3));
    expect_rejected(
        "log_density_multivariate of a 2-feature model on x with 3 columns",
        "each row needs one value per modelled feature",
        run(
            "log_density_multivariate(model, x with 3 columns)",
            PANIC_ON_BAD_INPUT,
            || anomaly_detection::log_density_multivariate(&model, x.view()),
        ),
        AnomalyError::FeatureMismatch { model: 2, x: 3 },
        &[(
            AnomalyError::FeatureMismatch { model: 3, x: 2 },
            "the fields are swapped: model = the model's features, x = x's columns",
        )],
    );
    let no_rows = Array2::<f64>::zeros((0, 2));
    let got = run_ok("log_density_multivariate(model, 0 rows)", || {
        anomaly_detection::log_density_multivariate(&model, no_rows.view())
    });
    require(got.is_empty(), || {
        format!(
            "log_density_multivariate of 0 rows: expected an empty array, got {} values",
            got.len()
        )
    });
}

// ---------------------------------------------------------------------------------------
// evaluate

/// The example of the skeleton: scores and labels.
fn six_scores() -> (Array1<f64>, Array1<bool>) {
    (
        array![-5.0, -1.0, -3.0, 0.0, -3.0, 2.0],
        array![true, false, true, false, false, false],
    )
}

#[test]
fn evaluate_by_hand() {
    let (scores, labels) = six_scores();
    let s = scores.to_vec();
    let a = labels.to_vec();
    let got = run_ok("evaluate(scores, labels, −3)", || {
        anomaly_detection::evaluate(scores.view(), labels.view(), -3.0)
    });
    let expected = detection_of(&flag(&s, |v| v <= -3.0), &a);
    let flipped: Vec<bool> = a.iter().map(|x| !x).collect();
    expect_detection(
        "flagging scores <= −3 in [−5, −1, −3, 0, −3, 2] (anomalies: rows 0 and 2)",
        &got,
        &expected,
        &[
            (
                detection_of(&flag(&s, |v| v < -3.0), &a),
                "a score equal to log ε is flagged too: the rule is score <= log ε, not <",
            ),
            (
                detection_of(&flag(&s, |v| v >= -3.0), &a),
                "you flagged the HIGH scores: an anomaly has a LOW log density (score <= log ε)",
            ),
            (
                detection_of(&flag(&s, |v| v > -3.0), &a),
                "you flagged the HIGH scores: an anomaly has a LOW log density (score <= log ε)",
            ),
            (
                detection_of(&flag(&s, |v| v <= -3.0), &flipped),
                "the normal rows were counted as the positive class: the anomalies \
                 (is_anomaly = true) are the positives",
            ),
            (
                Detection {
                    false_positives: 0,
                    false_negatives: 1,
                    ..expected
                },
                "FP and FN are swapped: FP = normal rows flagged, FN = anomalies not flagged",
            ),
        ],
    );
    // precision ≠ recall here, so swapping them shows.
    let got = run_ok("evaluate(scores, labels, 0)", || {
        anomaly_detection::evaluate(scores.view(), labels.view(), 0.0)
    });
    let expected = detection_of(&flag(&s, |v| v <= 0.0), &a);
    expect_detection(
        "flagging scores <= 0 (TP 2, FP 3)",
        &got,
        &expected,
        &[
            (
                Detection {
                    precision: expected.recall,
                    recall: expected.precision,
                    ..expected
                },
                "precision and recall are swapped: precision = TP / (TP + FP) (of the flagged, \
                 how many are anomalies), recall = TP / (TP + FN)",
            ),
            (
                Detection {
                    f1: (expected.precision + expected.recall) / 2.0,
                    ..expected
                },
                "F1 is not the arithmetic mean of precision and recall: 2·TP / (2·TP + FP + FN)",
            ),
        ],
    );
}

#[test]
fn evaluate_conventions_for_zero_denominators() {
    let (scores, labels) = six_scores();
    let got = run_ok("evaluate(scores, labels, −10)", || {
        anomaly_detection::evaluate(scores.view(), labels.view(), -10.0)
    });
    let expected = detection_of(&[false; 6], &labels.to_vec());
    expect_detection(
        "flagging nothing (log ε = −10 is below every score)",
        &got,
        &expected,
        &[],
    );
    let normal = Array1::from_elem(6, false);
    let got = run_ok("evaluate(scores, no anomalies, −10)", || {
        anomaly_detection::evaluate(scores.view(), normal.view(), -10.0)
    });
    expect_detection(
        "no anomaly and nothing flagged (TP + FP + FN = 0)",
        &got,
        &detection_of(&[false; 6], &[false; 6]),
        &[],
    );
    let got = run_ok("evaluate(scores, no anomalies, 0)", || {
        anomaly_detection::evaluate(scores.view(), normal.view(), 0.0)
    });
    expect_detection(
        "no anomaly, 4 rows flagged",
        &got,
        &detection_of(&flag(&scores.to_vec(), |v| v <= 0.0), &[false; 6]),
        &[],
    );
    let with_nan = array![f64::NAN, -4.0, 1.0];
    let nan_labels = array![true, true, false];
    let got = run_ok("evaluate([NaN, −4, 1], [true, true, false], 0)", || {
        anomaly_detection::evaluate(with_nan.view(), nan_labels.view(), 0.0)
    });
    expect_detection(
        "a NaN score (never flagged: NaN <= log ε is false)",
        &got,
        &detection_of(&[false, true, false], &[true, true, false]),
        &[(
            detection_of(&[true, true, false], &[true, true, false]),
            "a NaN score was flagged: flag exactly the rows with score <= log ε (written as \
             `!(score > log ε)` a NaN passes)",
        )],
    );
}

#[test]
fn evaluate_rejects_mismatched_and_empty_inputs() {
    let scores = array![1.0, 2.0, 3.0];
    let labels = array![true, false];
    expect_rejected(
        "evaluate of 3 scores and 2 labels",
        "every score needs its label",
        run("evaluate(3 scores, 2 labels)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::evaluate(scores.view(), labels.view(), 0.0)
        }),
        AnomalyError::LengthMismatch {
            scores: 3,
            labels: 2,
        },
        &[(
            AnomalyError::LengthMismatch {
                scores: 2,
                labels: 3,
            },
            "the fields are swapped: scores = scores.len(), labels = is_anomaly.len()",
        )],
    );
    let empty = Array1::<f64>::zeros(0);
    let one = array![true];
    expect_rejected(
        "evaluate of 0 scores and 1 label",
        "the lengths differ (checked before emptiness)",
        run("evaluate(0 scores, 1 label)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::evaluate(empty.view(), one.view(), 0.0)
        }),
        AnomalyError::LengthMismatch {
            scores: 0,
            labels: 1,
        },
        &[(
            AnomalyError::Empty,
            "check the lengths (LengthMismatch) BEFORE emptiness",
        )],
    );
    let none = Array1::<bool>::from_elem(0, false);
    expect_rejected(
        "evaluate of 0 scores and 0 labels",
        "there is nothing to evaluate (every score would be 0/0)",
        run("evaluate(no scores)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::evaluate(empty.view(), none.view(), 0.0)
        }),
        AnomalyError::Empty,
        &[],
    );
}

// ---------------------------------------------------------------------------------------
// select_threshold

/// Every distinct score's detection, in increasing order of score.
fn candidates(scores: &[f64], is_anomaly: &[bool]) -> Vec<(f64, Detection)> {
    let mut distinct = scores.to_vec();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    distinct
        .into_iter()
        .map(|t| (t, detection_of(&flag(scores, |v| v <= t), is_anomaly)))
        .collect()
}

/// The best F1 (the smallest score on ties), written from the doc.
fn best_threshold(scores: &[f64], is_anomaly: &[bool]) -> (f64, Detection) {
    let mut best: Option<(f64, Detection)> = None;
    for (t, d) in candidates(scores, is_anomaly) {
        if best.is_none_or(|(_, b)| d.f1 > b.f1) {
            best = Some((t, d));
        }
    }
    best.unwrap()
}

/// Checks the learner's threshold against the doc's rule, naming the tie rules and
/// scans that would give what the learner gave.
#[track_caller]
fn check_threshold(what: &str, scores: &[f64], is_anomaly: &[bool], got_t: f64, got: &Detection) {
    let (t, expected) = best_threshold(scores, is_anomaly);
    let all = candidates(scores, is_anomaly);
    let best_f1 = expected.f1;
    let largest_tie = all
        .iter()
        .rev()
        .find(|(_, d)| d.f1 == best_f1)
        .map(|c| c.0)
        .unwrap();
    if got_t != t {
        let mut message = format!("{what}: wrong log ε\n    expected: {t}\n    got:      {got_t}");
        let halfway = all
            .iter()
            .position(|c| c.0 == t)
            .and_then(|i| all.get(i + 1).map(|next| (t + next.0) / 2.0));
        // What a scan comparing F1 = 2PR / (P + R) (rounded differently) would choose.
        let harmonic = |d: &Detection| {
            let (p, r) = (d.precision, d.recall);
            if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            }
        };
        let harmonic_choice = all
            .iter()
            .fold(None::<(f64, f64)>, |best, (c, d)| match best {
                Some((_, f)) if harmonic(d) <= f => best,
                _ => Some((*c, harmonic(d))),
            })
            .map(|b| b.0);
        let why = if harmonic_choice == Some(got_t) && got_t == largest_tie {
            Some(
                "the best F1 is tied between equal fractions (e.g. 6/9 and 8/12); either you \
                 keep the LARGER score on ties (replace the best only when F1 is strictly \
                 higher), or your F1 is 2PR/(P+R), whose round-off makes equal fractions \
                 differ: compute F1 = 2·TP / (2·TP + FP + FN) from the counts"
                    .to_string(),
            )
        } else if got_t == largest_tie {
            Some(
                "several scores reach the best F1; on a tie keep the SMALLEST one (update the best \
                 only when F1 is strictly higher)"
                    .to_string(),
            )
        } else if halfway.is_some_and(|h| (got_t - h).abs() <= 1e-12 * h.abs().max(1.0)) {
            Some("log ε is a validation score itself, not halfway to the next one".to_string())
        } else if let Some((_, d)) = all.iter().find(|c| c.0 == got_t) {
            let accuracy = |d: &Detection| d.true_positives + d.true_negatives;
            let best_accuracy = all.iter().map(|c| accuracy(&c.1)).max().unwrap();
            if accuracy(d) == best_accuracy && d.f1 < best_f1 {
                Some(format!(
                    "your threshold has the best accuracy; the rule maximizes F1 of the anomalies \
                     (F1 {:.4} here, {:.4} at yours)",
                    best_f1, d.f1
                ))
            } else {
                Some(format!(
                    "your log ε is a score, but its F1 is {:.4} where {:.4} is possible: compute \
                     the F1 of every distinct score as in evaluate (score <= t) and keep the best",
                    d.f1, best_f1
                ))
            }
        } else if !scores.contains(&got_t) {
            Some(
                "your log ε is not one of the scores: the candidates are the validation scores \
                 themselves (a grid of ε values misses most of them)"
                    .to_string(),
            )
        } else {
            None
        };
        if let Some(why) = why {
            message.push_str(&format!("\n    likely mistake: {why}"));
        }
        fail(message);
    }
    let partial = partial_group_detections(scores, is_anomaly, t);
    expect_detection(
        &format!("{what}: the detection returned with log ε = {t}"),
        got,
        &expected,
        &partial
            .iter()
            .map(|d| {
                (
                    *d,
                    "your detection counts only part of the rows whose score equals log ε: all \
                     rows of an equal score are flagged together (score <= log ε), so evaluate \
                     a candidate only after the last row of its score",
                )
            })
            .collect::<Vec<_>>(),
    );
}

/// The detections a scan would report at `t` if it stopped inside the run of rows
/// scoring exactly `t` (in row order), for the diagnosis.
fn partial_group_detections(scores: &[f64], is_anomaly: &[bool], t: f64) -> Vec<Detection> {
    let tied: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] == t).collect();
    (1..tied.len())
        .map(|k| {
            let flagged: Vec<bool> = (0..scores.len())
                .map(|i| scores[i] < t || tied[..k].contains(&i))
                .collect();
            detection_of(&flagged, is_anomaly)
        })
        .collect()
}

#[test]
fn select_threshold_by_hand() {
    let (scores, labels) = six_scores();
    let got = run_ok("select_threshold(scores, labels)", || {
        anomaly_detection::select_threshold(scores.view(), labels.view())
    });
    check_threshold(
        "select_threshold of [−5, −1, −3, 0, −3, 2] (anomalies: rows 0 and 2)",
        &scores.to_vec(),
        &labels.to_vec(),
        got.log_epsilon,
        &got.validation,
    );
}

#[test]
fn select_threshold_keeps_the_smallest_on_ties() {
    // t = 1: TP 1, FN 1, F1 2/3; t = 2: 1/2; t = 3: 2/5; t = 4: TP 2, FP 2, F1 4/6 = 2/3.
    let scores = array![4.0, 1.0, 3.0, 2.0];
    let labels = array![true, true, false, false];
    let got = run_ok("select_threshold(tied F1)", || {
        anomaly_detection::select_threshold(scores.view(), labels.view())
    });
    check_threshold(
        "select_threshold of [4, 1, 3, 2] (anomalies: rows 0 and 1; t = 1 and t = 4 both give F1 2/3)",
        &scores.to_vec(),
        &labels.to_vec(),
        got.log_epsilon,
        &got.validation,
    );
}

#[test]
fn select_threshold_ties_are_exact_fractions() {
    // Labels A N N A A N N A at scores 1..8: t = 5 gives TP 3, FP 2, FN 1 (F1 6/9) and
    // t = 8 gives TP 4, FP 4 (F1 8/12): equal, so t = 5. As 2PR/(P+R), the first rounds
    // to 0.6666666666666665 and the second to 0.6666666666666666.
    let scores = array![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
    let labels = array![true, false, false, true, true, false, false, true];
    let got = run_ok("select_threshold(tied fractions)", || {
        anomaly_detection::select_threshold(scores.view(), labels.view())
    });
    check_threshold(
        "select_threshold of scores 1..8, anomalies at 1, 4, 5, 8 (F1 6/9 at t = 5 and 8/12 at t = 8)",
        &scores.to_vec(),
        &labels.to_vec(),
        got.log_epsilon,
        &got.validation,
    );
}

#[test]
fn select_threshold_can_choose_the_largest_score() {
    // Flagging every row (t = the largest score, 9) is best: F1 3/4, against 4/7 at
    // t = 5 and 1/2 at t = 1.
    let scores = array![3.0, 1.0, 2.0, 9.0, 5.0];
    let labels = array![false, true, false, true, true];
    let got = run_ok("select_threshold(best at the largest score)", || {
        anomaly_detection::select_threshold(scores.view(), labels.view())
    });
    let (t, _) = best_threshold(&scores.to_vec(), &labels.to_vec());
    require(t == 9.0, || format!("grader self-check: best t {t}"));
    if got.log_epsilon == 5.0 {
        fail(
            "select_threshold of [3, 1, 2, 9, 5] (anomalies: rows 1, 3, 4): expected log ε = 9 \
             (F1 3/4, flagging every row), got 5 (F1 4/7)\n    likely mistake: the largest score \
             was never tried: every distinct score is a candidate, the last one too"
                .into(),
        );
    }
    check_threshold(
        "select_threshold of [3, 1, 2, 9, 5] (anomalies: rows 1, 3, 4)",
        &scores.to_vec(),
        &labels.to_vec(),
        got.log_epsilon,
        &got.validation,
    );
}

#[test]
fn select_threshold_flags_equal_scores_together() {
    // The anomaly and a normal row share the score 2: flagging only the first of them
    // would look like F1 1, but the rule flags both (F1 4/5).
    let scores = array![1.0, 2.0, 2.0, 5.0];
    let labels = array![true, true, false, false];
    let got = run_ok("select_threshold(equal scores)", || {
        anomaly_detection::select_threshold(scores.view(), labels.view())
    });
    check_threshold(
        "select_threshold of [1, 2, 2, 5] (anomalies: rows 0 and 1)",
        &scores.to_vec(),
        &labels.to_vec(),
        got.log_epsilon,
        &got.validation,
    );
    // Same, with the normal row first among the equal scores.
    let scores = array![2.0, 1.0, 2.0, 5.0];
    let labels = array![false, true, true, false];
    let got = run_ok("select_threshold(equal scores, other order)", || {
        anomaly_detection::select_threshold(scores.view(), labels.view())
    });
    check_threshold(
        "select_threshold of [2, 1, 2, 5] (anomalies: rows 1 and 2)",
        &scores.to_vec(),
        &labels.to_vec(),
        got.log_epsilon,
        &got.validation,
    );
}

#[test]
fn select_threshold_rejects_bad_input_in_order() {
    let scores = array![1.0, f64::NAN];
    let labels = array![true];
    expect_rejected(
        "select_threshold of 2 scores (one NaN) and 1 label",
        "the lengths differ (checked first)",
        run(
            "select_threshold(2 scores, 1 label)",
            PANIC_ON_BAD_INPUT,
            || anomaly_detection::select_threshold(scores.view(), labels.view()),
        ),
        AnomalyError::LengthMismatch {
            scores: 2,
            labels: 1,
        },
        &[
            (
                AnomalyError::LengthMismatch {
                    scores: 1,
                    labels: 2,
                },
                "the fields are swapped: scores = scores.len(), labels = is_anomaly.len()",
            ),
            (
                AnomalyError::NonFiniteScore { index: 1 },
                "check the lengths (the errors of evaluate) BEFORE the scores",
            ),
        ],
    );
    let empty = Array1::<f64>::zeros(0);
    let none = Array1::<bool>::from_elem(0, false);
    expect_rejected(
        "select_threshold of no scores",
        "there is no candidate threshold",
        run("select_threshold(no scores)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::select_threshold(empty.view(), none.view())
        }),
        AnomalyError::Empty,
        &[(
            AnomalyError::NoAnomalies,
            "check Empty (the errors of evaluate) BEFORE NoAnomalies",
        )],
    );
    // Two non-finite scores, and no anomaly at all: the first non-finite one is named.
    let scores = array![0.5, f64::NEG_INFINITY, f64::NAN, -2.0];
    let normal = Array1::from_elem(4, false);
    expect_rejected(
        "select_threshold of [0.5, −inf, NaN, −2] with no anomaly",
        "score 1 is −inf (checked before the labels)",
        run("select_threshold(−inf, NaN)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::select_threshold(scores.view(), normal.view())
        }),
        AnomalyError::NonFiniteScore { index: 1 },
        &[
            (
                AnomalyError::NonFiniteScore { index: 2 },
                "−inf is not finite either: test `!score.is_finite()`, not `is_nan()`",
            ),
            (
                AnomalyError::NonFiniteScore { index: 0 },
                "index 0 is the −inf's place in SORTED order: report the row's index in \
                 `scores` (check before sorting)",
            ),
            (
                AnomalyError::NoAnomalies,
                "check the scores BEFORE the labels (NoAnomalies)",
            ),
        ],
    );
    let scores = array![0.5, f64::INFINITY];
    let labels = array![true, false];
    expect_rejected(
        "select_threshold of [0.5, +inf]",
        "+inf is not a density's log either",
        run("select_threshold(+inf)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::select_threshold(scores.view(), labels.view())
        }),
        AnomalyError::NonFiniteScore { index: 1 },
        &[],
    );
    let scores = array![0.5, -1.0, 3.0];
    let normal = Array1::from_elem(3, false);
    expect_rejected(
        "select_threshold with no anomaly among the labels",
        "every threshold has F1 0: there is nothing to choose",
        run("select_threshold(no anomaly)", PANIC_ON_BAD_INPUT, || {
            anomaly_detection::select_threshold(scores.view(), normal.view())
        }),
        AnomalyError::NoAnomalies,
        &[],
    );
}

// ---------------------------------------------------------------------------------------
// The breast_cancer figures (scikit-learn 1.9.1, datasets/README.md).

/// log ε = −1.2858; validation F1 0.857, precision 0.783, recall 0.947.
const SKLEARN_LOG_EPSILON: f64 = -1.2858;

#[test]
fn select_threshold_reaches_scikit_learns_figures_on_breast_cancer() {
    let split = breast_cancer();
    let (mean, variance) = moments(split.fit.view());
    let scores = per_feature_scores(&mean, &variance, split.validation.view());
    let labels = &split.validation_anomaly;
    let got = run_ok("select_threshold(102 validation scores, labels)", || {
        anomaly_detection::select_threshold(scores.view(), labels.view())
    });
    check_threshold(
        "select_threshold on the 102 breast_cancer validation rows",
        &scores.to_vec(),
        &labels.to_vec(),
        got.log_epsilon,
        &got.validation,
    );
    // The published figures, as an independent check of the rule written above.
    expect(
        "log ε (scikit-learn: −1.2858)",
        got.log_epsilon,
        SKLEARN_LOG_EPSILON,
    )
    .tol(Tolerance::abs(5e-5))
    .assert();
    expect(
        "validation F1 (scikit-learn: 0.857)",
        got.validation.f1,
        0.857,
    )
    .tol(Tolerance::abs(5e-4))
    .assert();
    expect(
        "validation precision (scikit-learn: 0.783)",
        got.validation.precision,
        0.783,
    )
    .tol(Tolerance::abs(5e-4))
    .assert();
    expect(
        "validation recall (scikit-learn: 0.947)",
        got.validation.recall,
        0.947,
    )
    .tol(Tolerance::abs(5e-4))
    .assert();
}

#[test]
fn the_whole_pipeline_reaches_scikit_learns_test_figures() {
    let split = breast_cancer();
    let model = run_ok("fit_gaussian(221 benign rows)", || {
        anomaly_detection::fit_gaussian(split.fit.view())
    });
    let validation = run_ok("log_density(model, validation rows)", || {
        anomaly_detection::log_density(&model, split.validation.view())
    });
    let threshold = run_ok("select_threshold(validation scores, labels)", || {
        anomaly_detection::select_threshold(validation.view(), split.validation_anomaly.view())
    });
    let test = run_ok("log_density(model, test rows)", || {
        anomaly_detection::log_density(&model, split.test.view())
    });
    if let Some(row) = test.iter().position(|s| !s.is_finite()) {
        fail(format!(
            "log p(x) of test row {row} is {}: that row's density is about 1e-1223, 0 in f64\n    \
             likely mistake: the log of an underflowed product; sum the per-feature logs",
            test[row]
        ));
    }
    let got = run_ok("evaluate(test scores, labels, log ε)", || {
        anomaly_detection::evaluate(
            test.view(),
            split.test_anomaly.view(),
            threshold.log_epsilon,
        )
    });
    let (tp, fp, fn_) = (got.true_positives, got.false_positives, got.false_negatives);
    require(
        (tp, fp, fn_) == (38, 8, 4) && (got.f1 - 0.864).abs() < 5e-4,
        || {
            let mut message = format!(
                "fit, score, threshold and evaluate on breast_cancer: expected scikit-learn's test \
             figures TP 38, FP 8, FN 4, F1 0.864 (precision 0.826, recall 0.905)\n    got: {}\n    \
             with log ε = {} (scikit-learn: −1.2858)",
                describe(&got),
                threshold.log_epsilon
            );
            if (threshold.log_epsilon - SKLEARN_LOG_EPSILON).abs() < 5e-5 {
                message.push_str(
                    "\n    log ε is right, so the test scores or the counting differ: the other \
                 checks of this grader say which",
                );
            }
            message
        },
    );
}
