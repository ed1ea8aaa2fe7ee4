//! Grader of exercises/01_foundations/statistics.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/01_foundations/statistics.rs"]
mod statistics;
#[cfg(feature = "solutions")]
use mlings::reference::statistics;

use mlings::grade::{Tolerance, expect, expect_array, expect_err, expect_error, fail, require};
use mlings::types::statistics::{StatsError, VarianceKind::*};
use mlings::{call, call_explaining, call_ok, datasets};
use ndarray::{Array1, Array2, Axis, array};

/// The textbook example: mean 5, squared deviations summing to 32.
fn textbook() -> Array1<f64> {
    array![2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]
}

#[test]
fn mean_of_a_hand_worked_case() {
    let got = call_ok!(statistics::mean(textbook().view()));
    expect("mean of [2, 4, 4, 4, 5, 5, 7, 9]", got, 5.0)
        .n(8)
        .mistake(
            40.0,
            "you returned the sum: divide it by the number of values",
        )
        .assert();
}

#[test]
fn mean_of_nothing_is_an_error() {
    let empty = Array1::<f64>::zeros(0);
    let error = expect_err(
        "mean of []",
        "0 / 0 is not a number: return Err(StatsError::Empty)",
        call_explaining!(
            "an empty input must return Err(StatsError::Empty), not panic (an unwrap on an empty mean?)",
            statistics::mean(empty.view())
        ),
    );
    require(error == StatsError::Empty, || {
        format!("mean of []: expected StatsError::Empty, got {error:?}")
    });
}

#[test]
fn population_and_sample_variance_by_hand() {
    let x = textbook();
    let population = call_ok!(statistics::variance(x.view(), Population));
    expect(
        "population variance of [2, 4, 4, 4, 5, 5, 7, 9]",
        population,
        4.0,
    )
    .n(8)
    .mistake(
        32.0 / 7.0,
        "you divided by n - 1: that is the sample variance",
    )
    .mistake(
        2.0,
        "you returned the standard deviation: do not take the square root",
    )
    .mistake(
        32.0,
        "you returned the sum of squared deviations: divide it by n",
    )
    .mistake(
        1.5,
        "that is the mean absolute deviation (Σ|xᵢ − mean| = 12, over 8): square the deviations",
    )
    .assert();
    let sample = call_ok!(statistics::variance(x.view(), Sample));
    expect(
        "sample variance of [2, 4, 4, 4, 5, 5, 7, 9]",
        sample,
        32.0 / 7.0,
    )
    .n(8)
    .mistake(
        4.0,
        "you divided by n: the sample variance divides by n - 1",
    )
    .assert();
}

#[test]
fn variance_edge_cases() {
    let one = array![3.0];
    let population = match call!(statistics::variance(one.view(), Population)) {
        Ok(value) => value,
        Err(error) => fail(format!(
            "population variance of a single value [3]: expected 0, got Err({error:?})\n    \
             likely mistake: the population variance of one value is 0 (it divides by n = 1); \
             TooFewForSample is only for the sample variance"
        )),
    };
    expect("population variance of a single value [3]", population, 0.0).assert();
    let error = expect_err(
        "sample variance of a single value [3]",
        "n - 1 = 0: return Err(StatsError::TooFewForSample { n: 1 })",
        call_explaining!(
            "a single value must return Err(StatsError::TooFewForSample { n: 1 }), not panic",
            statistics::variance(one.view(), Sample)
        ),
    );
    expect_error(
        "sample variance of a single value [3]",
        error,
        StatsError::TooFewForSample { n: 1 },
        &[
            (
                StatsError::TooFewForSample { n: 2 },
                "the n field is how many values you got (1), not the minimum 2",
            ),
            (
                StatsError::TooFewForSample { n: 0 },
                "the n field is how many values you got (1), not n − 1",
            ),
        ],
    );
    let error = expect_err(
        "sample standard deviation of a single value [3]",
        "std_dev has the same errors as variance: TooFewForSample { n: 1 }",
        call!(statistics::std_dev(one.view(), Sample)),
    );
    expect_error(
        "sample standard deviation of [3]",
        error,
        StatsError::TooFewForSample { n: 1 },
        &[
            (
                StatsError::TooFewForSample { n: 2 },
                "the n field is how many values you got (1), not the minimum 2",
            ),
            (
                StatsError::TooFewForSample { n: 0 },
                "the n field is how many values you got (1), not n − 1",
            ),
        ],
    );
    let empty = Array1::<f64>::zeros(0);
    for kind in [Population, Sample] {
        let error = expect_err(
            &format!("{kind:?} variance of []"),
            "there is no mean to deviate from: return Err(StatsError::Empty)",
            call_explaining!(
                "an empty input must return Err(StatsError::Empty), not panic (an unwrap on an empty mean?)",
                statistics::variance(empty.view(), kind)
            ),
        );
        expect_error(
            &format!("{kind:?} variance of []"),
            error,
            StatsError::Empty,
            &[(
                StatsError::TooFewForSample { n: 0 },
                "an empty input is Empty for either kind: check it before the sample size",
            )],
        );
    }
}

#[test]
fn variance_does_not_depend_on_a_shift() {
    // Shifting every value by a constant moves the mean, not the spread: the population
    // variance stays 4. E[x²] − E[x]² subtracts two numbers near 1e18 (or 1e12), whose
    // last digits are round-off, so it loses the answer.
    let unshifted = call_ok!(statistics::variance(textbook().view(), Population));
    for (shift, name) in [(1e6, "1 000 000"), (1e9, "1 000 000 000")] {
        let shifted = textbook() + shift;
        let got = call_ok!(statistics::variance(shifted.view(), Population));
        let mut check = expect(
            format!("population variance of the textbook values + {name}"),
            got,
            4.0,
        )
        .tol(Tolerance::rel(1e-6));
        if (unshifted - 4.0).abs() < 1e-9 {
            // Right on the unshifted values, wrong once they are shifted: the formula is
            // right on paper and the floating-point evaluation loses it.
            check = check.mistake(
                got,
                "catastrophic cancellation: you computed E[x²] − E[x]² (or Σx² − n·mean²), \
                 which subtracts two huge, nearly equal numbers; subtract the mean first, \
                 then square the deviations (two passes)",
            );
        }
        check.assert();
    }
    // 1e6 + 0.1·k for k = 0..10: deviations −0.45 … 0.45 around the mean, variance 0.0825.
    let steps = Array1::from_shape_fn(10, |k| 1e6 + 0.1 * k as f64);
    let got = call_ok!(statistics::variance(steps.view(), Population));
    let mut check = expect(
        "population variance of 1e6, 1e6 + 0.1, …, 1e6 + 0.9",
        got,
        0.0825,
    )
    .tol(Tolerance::rel(1e-6));
    if (unshifted - 4.0).abs() < 1e-9 {
        check = check.mistake(
            got,
            "catastrophic cancellation: E[x²] − E[x]² on values near 1e6 loses the digits \
             of the 0.1 steps; subtract the mean first, then square",
        );
    }
    check.assert();
}

#[test]
fn standard_deviation_by_hand() {
    let x = textbook();
    let population = call_ok!(statistics::std_dev(x.view(), Population));
    expect(
        "population standard deviation of the textbook values",
        population,
        2.0,
    )
    .mistake(4.0, "you returned the variance: take its square root")
    .mistake(
        (32.0f64 / 7.0).sqrt(),
        "you used the sample variance (n - 1)",
    )
    .assert();
    let sample = call_ok!(statistics::std_dev(x.view(), Sample));
    expect(
        "sample standard deviation of the textbook values",
        sample,
        (32.0f64 / 7.0).sqrt(),
    )
    .mistake(2.0, "you used the population variance (n)")
    .assert();
}

#[test]
fn standardize_by_hand() {
    let x = array![[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]];
    let got = call_ok!(statistics::standardize(x.view()));
    // Each column has mean 2 (or 20) and population standard deviation sqrt(2/3) (or 10 sqrt(2/3)).
    let z = 1.5f64.sqrt();
    let expected = array![[-z, -z], [0.0, 0.0], [z, z]];
    let spreads = array![(2.0f64 / 3.0).sqrt(), 10.0 * (2.0f64 / 3.0).sqrt()];
    let one_mean_for_all = (&x - 11.0) / &spreads;
    expect_array("standardize([[1, 10], [2, 20], [3, 30]])", &got, &expected)
        .mistake_array(
            &array![[-1.0, -1.0], [0.0, 0.0], [1.0, 1.0]],
            "you divided by the sample standard deviation (n - 1): use the population one (n)",
        )
        .mistake_array(
            &array![[-1.0, -10.0], [0.0, 0.0], [1.0, 10.0]],
            "you only subtracted the mean: also divide by the standard deviation",
        )
        .mistake_array(
            &one_mean_for_all,
            "you subtracted the mean of the whole matrix (11): each column has its own mean",
        )
        .mistake_array(
            &((&x - &array![2.0, 20.0]) / &spreads.mapv(|s| s * s)),
            "you divided by the variance: divide by the standard deviation, its square root",
        )
        .mistake_array(
            &array![[-1.0, 1.0], [-1.0, 1.0], [-1.0, 1.0]],
            "you standardized each row: z-scores are per column (Axis(1) iterates the columns)",
        )
        .assert();
}

#[test]
fn standardized_wine_columns_have_mean_0_and_std_1() {
    let wine = datasets::wine();
    let z = call_ok!(statistics::standardize(wine.features.view()));
    let p = wine.n_features();
    require(z.dim() == wine.features.dim(), || {
        format!(
            "standardize(wine): expected shape {:?}, got {:?}",
            wine.features.dim(),
            z.dim()
        )
    });
    let means = z.mean_axis(Axis(0)).expect("wine has rows");
    expect_array(
        "mean of every standardized wine column",
        &means,
        &Array1::zeros(p),
    )
    .tol(Tolerance::abs(1e-9))
    .assert();
    let stds = z.std_axis(Axis(0), 0.0);
    expect_array(
        "population std of every standardized wine column",
        &stds,
        &Array1::ones(p),
    )
    .tol(Tolerance::abs(1e-9))
    .mistake_array(
        &Array1::from_elem(p, (177.0f64 / 178.0).sqrt()),
        "you divided by the sample standard deviation (n - 1): use the population one (n)",
    )
    .assert();
}

/// Calls standardize on a matrix with constant columns and checks it names `wanted`.
fn require_constant_column(what: &str, x: ndarray::ArrayView2<f64>, wanted: usize, first: &str) {
    let error = match call!(statistics::standardize(x)) {
        Err(error) => error,
        Ok(z) => fail(format!(
            "standardize {what}: expected Err(Constant {{ what: \"column {wanted}\" }}), got \
             z-scores (column {wanted}: {})\n    likely mistake: a column is constant when all \
             values equal (compared exactly, value by value), not when its computed standard \
             deviation is 0.0: the mean of [0.1, 0.1, 0.1] is 0.10000000000000002, so the \
             computed spread is 1e-17 and the z-scores are round-off blown up",
            z.column(wanted)
        )),
    };
    let named = |j: usize| StatsError::Constant {
        what: format!("column {j}"),
    };
    let ncols = x.ncols();
    let mut mistakes = vec![
        (
            named(wanted + 1),
            "columns are numbered from 0 (0-based): column 0 is the first",
        ),
        (
            StatsError::Constant {
                what: format!("Column {wanted}"),
            },
            "what must be exactly format!(\"column {j}\"), in lower case",
        ),
        (
            StatsError::Constant {
                what: format!("column{wanted}"),
            },
            "what must be exactly format!(\"column {j}\"), with a space",
        ),
        (
            StatsError::Constant {
                what: format!("{wanted}"),
            },
            "what must be the words format!(\"column {j}\"), not the number alone",
        ),
    ];
    let last = (0..ncols)
        .rev()
        .find(|&j| x.column(j).iter().all(|&v| v == x[[0, j]]))
        .unwrap_or(wanted);
    if last != wanted {
        mistakes.push((named(last), first));
        mistakes.push((
            named(last + 1),
            "report the first constant column, and number columns from 0",
        ));
    }
    expect_error(
        &format!("standardize {what}"),
        error,
        named(wanted),
        &mistakes,
    );
}

#[test]
fn standardize_rejects_a_constant_column() {
    let x = array![[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]];
    require_constant_column(
        "[[1, 5], [2, 5], [3, 5]] (column 1 is constant)",
        x.view(),
        1,
        "",
    );
    let tenths = array![[1.0, 0.1], [2.0, 0.1], [3.0, 0.1]];
    require_constant_column(
        "[[1, 0.1], [2, 0.1], [3, 0.1]] (column 1 is constant, all 0.1)",
        tenths.view(),
        1,
        "",
    );
    let two = array![[0.3, 1.0, 7.0], [0.3, 2.0, 7.0], [0.3, 4.0, 7.0]];
    require_constant_column(
        "[[0.3, 1, 7], [0.3, 2, 7], [0.3, 4, 7]] (columns 0 and 2 are constant)",
        two.view(),
        0,
        "you reported the last constant column: report the first constant column",
    );
    let error = expect_err(
        "standardize a matrix with no rows",
        "there is no mean to subtract: return Err(StatsError::Empty)",
        call_explaining!(
            "an empty input must return Err(StatsError::Empty), not panic (an unwrap on an empty mean?)",
            statistics::standardize(Array2::<f64>::zeros((0, 2)).view())
        ),
    );
    expect_error(
        "standardize of 0 rows",
        error,
        StatsError::Empty,
        &[(
            StatsError::Constant {
                what: "column 0".into(),
            },
            "no rows is Empty: check it before looking for constant columns (a column with \
             no values has nothing to be constant about)",
        )],
    );
}

#[test]
fn pearson_by_hand() {
    let x = array![1.0, 2.0, 3.0, 4.0, 5.0];
    let y = array![2.0, 4.0, 5.0, 4.0, 5.0];
    // Deviations: dx = [-2, -1, 0, 1, 2], dy = [-2, 0, 1, 0, 1]; Σdxdy = 6, Σdx² = 10, Σdy² = 6.
    let got = call_ok!(statistics::pearson(x.view(), y.view()));
    expect("pearson([1..5], [2, 4, 5, 4, 5])", got, 6.0 / 60f64.sqrt())
        .mistake(
            6.0,
            "you returned the sum of products: divide by both spreads",
        )
        .mistake(
            1.5,
            "you returned the covariance: divide by both standard deviations",
        )
        .mistake(
            6.0 / 60f64.sqrt() * 4.0 / 5.0,
            "you mixed n and n - 1: a covariance over n with standard deviations over n - 1 \
             (use the same factor in both, or the sums alone)",
        )
        .mistake(
            6.0 / 60f64.sqrt() * 5.0 / 4.0,
            "you mixed n and n - 1: a covariance over n - 1 with standard deviations over n \
             (use the same factor in both, or the sums alone)",
        )
        .assert();
    let rising = call_ok!(statistics::pearson(x.view(), (&x * 3.0 + 1.0).view()));
    expect("pearson(x, 3x + 1)", rising, 1.0).assert();
    let falling = call_ok!(statistics::pearson(x.view(), (-&x).view()));
    expect("pearson(x, -x)", falling, -1.0)
        .mistake(
            1.0,
            "r must keep the sign of the covariance: do not take an absolute value",
        )
        .assert();
}

#[test]
fn pearson_of_iris_petal_length_and_width() {
    let iris = datasets::iris();
    let (length, width) = (iris.features.column(2), iris.features.column(3));
    let got = call_ok!(statistics::pearson(length, width));
    // Computed here independently of your code: cosine of the centred columns.
    let dl = &length - length.mean().expect("150 rows");
    let dw = &width - width.mean().expect("150 rows");
    let independent = dl.dot(&dw) / (dl.dot(&dl) * dw.dot(&dw)).sqrt();
    expect("pearson(iris petal length, petal width)", got, independent).assert();
    expect(
        "pearson(iris petal length, petal width), published value",
        got,
        0.9629,
    )
    .tol(Tolerance::abs(5e-5))
    .assert();
}

#[test]
fn pearson_rejects_bad_input() {
    let x = array![1.0, 2.0, 3.0];
    let error = expect_err(
        "pearson of series of lengths 3 and 2",
        "every x needs its y",
        call_explaining!(
            "series of different lengths must return Err(StatsError::LengthMismatch { left: 3, right: 2 }) before any arithmetic on them (ndarray panics on x − y or x·y of different lengths)",
            statistics::pearson(x.view(), array![1.0, 2.0].view())
        ),
    );
    expect_error(
        "pearson of series of lengths 3 and 2",
        error,
        StatsError::LengthMismatch { left: 3, right: 2 },
        &[(
            StatsError::LengthMismatch { left: 2, right: 3 },
            "left and right are swapped: left is x.len(), right is y.len()",
        )],
    );
    let empty = Array1::<f64>::zeros(0);
    let error = expect_err(
        "pearson([], [1, 2]): two faults, lengths 0 and 2",
        "the lengths differ: LengthMismatch { left: 0, right: 2 } (checked before Empty)",
        call_explaining!(
            "return Err(StatsError::LengthMismatch { left: 0, right: 2 }) first, before any arithmetic",
            statistics::pearson(empty.view(), array![1.0, 2.0].view())
        ),
    );
    expect_error(
        "pearson([], [1, 2])",
        error,
        StatsError::LengthMismatch { left: 0, right: 2 },
        &[
            (
                StatsError::Empty,
                "LengthMismatch comes before Empty: compare the lengths first",
            ),
            (
                StatsError::LengthMismatch { left: 2, right: 0 },
                "left and right are swapped: left is x.len(), right is y.len()",
            ),
        ],
    );
    let error = expect_err(
        "pearson([], [])",
        "there is nothing to correlate: return Err(StatsError::Empty)",
        call_explaining!(
            "an empty input must return Err(StatsError::Empty), not panic (an unwrap on an empty mean?)",
            statistics::pearson(empty.view(), empty.view())
        ),
    );
    expect_error("pearson([], [])", error, StatsError::Empty, &[]);
    let error = expect_err(
        "pearson(x, a constant series)",
        "a constant series has no spread, so r is 0 / 0: return \
         Err(StatsError::Constant { what: \"y\" })",
        call!(statistics::pearson(x.view(), array![7.0, 7.0, 7.0].view())),
    );
    expect_error(
        "pearson([1, 2, 3], [7, 7, 7])",
        error,
        StatsError::Constant { what: "y".into() },
        &[(
            StatsError::Constant { what: "x".into() },
            "it is y that is constant here: what names the constant series",
        )],
    );
    let error = expect_err(
        "pearson([7, 7, 7], [5, 5, 5]): both constant",
        "x is checked first: Constant { what: \"x\" }",
        call!(statistics::pearson(
            array![7.0, 7.0, 7.0].view(),
            array![5.0, 5.0, 5.0].view()
        )),
    );
    expect_error(
        "pearson([7, 7, 7], [5, 5, 5])",
        error,
        StatsError::Constant { what: "x".into() },
        &[(
            StatsError::Constant { what: "y".into() },
            "both are constant and the doc says check x before y",
        )],
    );
    let tenths = array![0.1, 0.1, 0.1];
    for (a, b, wanted, name) in [
        (&tenths, &x, "x", "pearson([0.1, 0.1, 0.1], [1, 2, 3])"),
        (&x, &tenths, "y", "pearson([1, 2, 3], [0.1, 0.1, 0.1])"),
    ] {
        let error = match call!(statistics::pearson(a.view(), b.view())) {
            Err(error) => error,
            Ok(r) => fail(format!(
                "{name}: expected Err(Constant {{ what: \"{wanted}\" }}), got Ok({r})\n    \
                 likely mistake: a series is constant when all values equal (compared \
                 exactly), not when its computed spread is 0.0: the mean of [0.1, 0.1, 0.1] \
                 is 0.10000000000000002, so the spread comes out near 1e-33"
            )),
        };
        expect_error(
            name,
            error,
            StatsError::Constant {
                what: wanted.into(),
            },
            &[],
        );
    }
}

#[test]
fn covariance_matrix_by_hand() {
    let x = array![[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]];
    // Column 1 is twice column 0: var = 1 and 4 (sample), covariance 2.
    let got = call_ok!(statistics::covariance_matrix(x.view()));
    require(got.dim() != (3, 3), || {
        "covariance_matrix([[1, 2], [2, 4], [3, 6]]): got a 3 x 3 matrix, expected 2 x 2 \
         (one row and column per feature)\n    likely mistake: you computed Xc Xcᵀ, which \
         compares samples; the covariance of the columns is Xcᵀ Xc / (n - 1)"
            .to_string()
    });
    expect_array(
        "covariance_matrix([[1, 2], [2, 4], [3, 6]])",
        &got,
        &array![[1.0, 2.0], [2.0, 4.0]],
    )
    .n(3)
    .mistake_array(
        &array![[1.0, 1.0], [1.0, 1.0]],
        "that is the correlation matrix: do not divide by the standard deviations",
    )
    .mistake_array(
        &array![[7.0, 14.0], [14.0, 28.0]],
        "you did not centre the columns: subtract each column's mean before XᵀX",
    )
    .mistake_array(
        &array![[2.0 / 3.0, 4.0 / 3.0], [4.0 / 3.0, 8.0 / 3.0]],
        "you divided by n = 3 where the sample covariance divides by n - 1 = 2",
    )
    .mistake_array(
        // Every entry centred on 3, the mean of all six values.
        &array![[2.5, 0.5], [0.5, 5.5]],
        "you centred every entry on the mean of the whole matrix: centre each column on its \
         own mean (x.mean_axis(Axis(0)))",
    )
    .assert();
    let error = expect_err(
        "covariance_matrix of a single row",
        "a sample covariance divides by n - 1 = 0: return Err(StatsError::TooFewForSample { n: 1 })",
        call!(statistics::covariance_matrix(array![[1.0, 2.0]].view())),
    );
    expect_error(
        "covariance_matrix of a single row",
        error,
        StatsError::TooFewForSample { n: 1 },
        &[(
            StatsError::TooFewForSample { n: 2 },
            "the n field is how many rows you got (1), not the minimum 2",
        )],
    );
    let error = expect_err(
        "covariance_matrix of no rows",
        "there is no mean: return Err(StatsError::Empty)",
        call!(statistics::covariance_matrix(
            Array2::<f64>::zeros((0, 2)).view()
        )),
    );
    expect_error(
        "covariance_matrix of no rows",
        error,
        StatsError::Empty,
        &[(
            StatsError::TooFewForSample { n: 0 },
            "no rows at all is Empty: check it before the sample size",
        )],
    );
}

#[test]
fn covariance_matrix_of_wine() {
    let x = datasets::wine().features;
    let got = call_ok!(statistics::covariance_matrix(x.view()));
    let (n, p) = x.dim();
    // Independent computation: every entry as an explicit sum over rows.
    let means = x.mean_axis(Axis(0)).expect("wine has rows");
    let expected = Array2::from_shape_fn((p, p), |(j, k)| {
        x.rows()
            .into_iter()
            .map(|row| (row[j] - means[j]) * (row[k] - means[k]))
            .sum::<f64>()
            / (n - 1) as f64
    });
    expect_array("covariance matrix of the 13 wine features", &got, &expected)
        .n(n)
        .tol(Tolerance::rel(1e-9))
        .assert();
}

#[test]
fn a_small_spread_is_not_a_constant() {
    // 1e-20, 2e-20, 3e-20 (and 1e-9, 2e-9, 3e-9) differ: their spread is small, not zero. A tolerance on the computed
    // spread (say < f64::EPSILON) would call them constant; the doc compares the values.
    let x = array![[1e-20, 1.0], [2e-20, 2.0], [3e-20, 4.0]];
    let z = match call!(statistics::standardize(x.view())) {
        Ok(z) => z,
        Err(error) => fail(format!(
            "standardize([[1e-20, 1], [2e-20, 2], [3e-20, 4]]): expected z-scores, got \
             Err({error:?})\n    likely mistake: a small spread is not a constant column: the \
             values 1e-20, 2e-20, 3e-20 differ, so compare the values exactly (all equal), not \
             the standard deviation with a tolerance"
        )),
    };
    let zc = 1.5f64.sqrt();
    expect_array(
        "z-scores of the column [1e-20, 2e-20, 3e-20]",
        &z.column(0),
        &array![-zc, 0.0, zc],
    )
    .tol(Tolerance::rel(1e-6))
    .assert();
    let tiny = array![1e-9, 2e-9, 3e-9];
    match call!(statistics::pearson(
        tiny.view(),
        array![1.0, 2.0, 3.0].view()
    )) {
        Ok(r) => expect("pearson([1e-9, 2e-9, 3e-9], [1, 2, 3])", r, 1.0).assert(),
        Err(error) => fail(format!(
            "pearson([1e-9, 2e-9, 3e-9], [1, 2, 3]): expected 1, got Err({error:?})\n    \
             likely mistake: a small spread is not a constant series: compare the values \
             exactly (all equal), not the spread with a tolerance"
        )),
    }
}
