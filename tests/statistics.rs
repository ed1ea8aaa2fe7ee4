//! Grader of exercises/01_foundations/statistics.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/01_foundations/statistics.rs"]
mod statistics;
#[cfg(feature = "solutions")]
use mlings::reference::statistics;

use mlings::grade::{Tolerance, expect, expect_array, expect_err, require};
use mlings::types::statistics::{StatsError, VarianceKind::*};
use mlings::{call, call_ok, datasets};
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
        call!(statistics::mean(empty.view())),
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
    let population = call_ok!(statistics::variance(one.view(), Population));
    expect("population variance of a single value [3]", population, 0.0).assert();
    let error = expect_err(
        "sample variance of a single value [3]",
        "n - 1 = 0: return Err(StatsError::TooFewForSample { n: 1 })",
        call!(statistics::variance(one.view(), Sample)),
    );
    require(error == StatsError::TooFewForSample { n: 1 }, || {
        format!("expected StatsError::TooFewForSample {{ n: 1 }}, got {error:?}")
    });
    let empty = Array1::<f64>::zeros(0);
    expect_err(
        "population variance of []",
        "there is no mean to deviate from",
        call!(statistics::variance(empty.view(), Population)),
    );
}

#[test]
fn variance_does_not_depend_on_a_shift() {
    let shifted = textbook() + 1e6;
    let got = call_ok!(statistics::variance(shifted.view(), Population));
    expect(
        "population variance of the textbook values + 1 000 000",
        got,
        4.0,
    )
    .tol(Tolerance::rel(1e-6))
    .mistake(
        0.0,
        "the result collapsed to 0: subtract the mean before squaring",
    )
    .assert();
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
    expect_array("standardize([[1, 10], [2, 20], [3, 30]])", &got, &expected)
        .mistake_array(
            &array![[-1.0, -1.0], [0.0, 0.0], [1.0, 1.0]],
            "you divided by the sample standard deviation (n - 1): use the population one (n)",
        )
        .mistake_array(
            &array![[-1.0, -10.0], [0.0, 0.0], [1.0, 10.0]],
            "you only subtracted the mean: also divide by the standard deviation",
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

#[test]
fn standardize_rejects_a_constant_column() {
    let x = array![[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]];
    let error = expect_err(
        "standardize a matrix whose column 1 is constant",
        "its standard deviation is 0, so its z-scores would be 0 / 0",
        call!(statistics::standardize(x.view())),
    );
    let wanted = StatsError::Constant {
        what: "column 1".into(),
    };
    require(error == wanted, || {
        format!("expected {wanted:?}, got {error:?}")
    });
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
        call!(statistics::pearson(x.view(), array![1.0, 2.0].view())),
    );
    require(
        error == StatsError::LengthMismatch { left: 3, right: 2 },
        || format!("expected LengthMismatch {{ left: 3, right: 2 }}, got {error:?}"),
    );
    let error = expect_err(
        "pearson(x, a constant series)",
        "a constant series has no spread, so r is 0 / 0",
        call!(statistics::pearson(x.view(), array![7.0, 7.0, 7.0].view())),
    );
    require(error == StatsError::Constant { what: "y".into() }, || {
        format!("expected Constant {{ what: \"y\" }}, got {error:?}")
    });
}

#[test]
fn covariance_matrix_by_hand() {
    let x = array![[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]];
    // Column 1 is twice column 0: var = 1 and 4 (sample), covariance 2.
    let got = call_ok!(statistics::covariance_matrix(x.view()));
    expect_array(
        "covariance_matrix([[1, 2], [2, 4], [3, 6]])",
        &got,
        &array![[1.0, 2.0], [2.0, 4.0]],
    )
    .n(3)
    .assert();
    let error = expect_err(
        "covariance_matrix of a single row",
        "a sample covariance divides by n - 1 = 0",
        call!(statistics::covariance_matrix(array![[1.0, 2.0]].view())),
    );
    require(error == StatsError::TooFewForSample { n: 1 }, || {
        format!("expected TooFewForSample {{ n: 1 }}, got {error:?}")
    });
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
