//! Grader of exercises/04_classification/naive_bayes.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/04_classification/naive_bayes.rs"]
mod naive_bayes;
#[cfg(feature = "solutions")]
use mlings::reference::naive_bayes;

use std::f64::consts::PI;

use linfa::prelude::{Fit, Predict};
use linfa_bayes::{GaussianNb, NaiveBayes};
use mlings::datasets;
use mlings::grade::{
    Check, Tolerance, expect, expect_array, expect_err, expect_error, fail, require,
};
use mlings::prep::LabelledSplit;
use mlings::types::labels::{MAX_CLASSES, NotAClassIndex};
use mlings::types::naive_bayes::{GaussianNbModel, GaussianNbParams, NaiveBayesError};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, array};

// ---------------------------------------------------------------------------------------
// An independent fit, written from the doc with plain loops, and the mistaken fits a
// learner could write (to name a mistake only when the learner's numbers match it).
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Debug)]
enum Way {
    Doc,
    /// class variances divided by n_c − 1
    SampleVariance,
    /// ε computed but not added to the variances
    NoSmoothing,
    /// ε = var_smoothing, not scaled by a variance
    EpsilonUnscaled,
    /// ε from the largest column variance divided by n − 1
    EpsilonSampleVariance,
    /// each class smoothed by var_smoothing × its own largest variance
    EpsilonPerClass,
    /// ε from the largest class variance instead of the largest variance over all rows
    EpsilonLargestClassVariance,
    /// ε from the mean of the column variances
    EpsilonMeanVariance,
    /// ε from the largest standard deviation
    EpsilonFromStd,
    /// ε from the variance of the first column only
    EpsilonFirstColumn,
    /// priors 1/k
    UniformPriors,
    /// priors n_c (counts, not shares)
    CountPriors,
    /// class variances around the column mean over all rows
    VarianceAroundOverallMean,
    /// priors n_c / k
    PriorsOverClasses,
    /// ε from the largest variance of a row (across its features)
    EpsilonRowVariances,
}

const MISTAKEN_WAYS: [Way; 14] = [
    Way::PriorsOverClasses,
    Way::EpsilonRowVariances,
    Way::SampleVariance,
    Way::NoSmoothing,
    Way::EpsilonUnscaled,
    Way::EpsilonSampleVariance,
    Way::EpsilonPerClass,
    Way::EpsilonLargestClassVariance,
    Way::EpsilonMeanVariance,
    Way::EpsilonFromStd,
    Way::EpsilonFirstColumn,
    Way::UniformPriors,
    Way::CountPriors,
    Way::VarianceAroundOverallMean,
];

fn way_mistake(way: Way) -> &'static str {
    match way {
        Way::Doc => "",
        Way::SampleVariance => {
            "the class variances were divided by n_c − 1: the doc asks for the population \
             variance, divided by the class's row count n_c"
        }
        Way::NoSmoothing => "ε was not added to the variances: every variance gets + ε",
        Way::EpsilonUnscaled => {
            "ε = var_smoothing: it is var_smoothing TIMES the largest column variance over \
             all training rows"
        }
        Way::EpsilonSampleVariance => {
            "ε came from a column variance divided by n − 1: use the population variance \
             (divide by n) of each column over all training rows"
        }
        Way::EpsilonPerClass => {
            "each class was smoothed with its own largest variance: ε is one number, from \
             the column variances over ALL training rows, added to every class"
        }
        Way::EpsilonLargestClassVariance => {
            "ε came from the largest per-class variance: it comes from the variance of each \
             column over ALL the training rows (classes pooled)"
        }
        Way::EpsilonMeanVariance => {
            "ε came from the mean of the column variances: use the LARGEST column variance"
        }
        Way::EpsilonFromStd => {
            "ε came from the largest standard deviation: use the largest variance (σ², not σ)"
        }
        Way::EpsilonFirstColumn => {
            "ε came from the first column's variance only: take the largest over all columns"
        }
        Way::UniformPriors => {
            "the priors are 1/k for every class: the prior of class c is its share of the \
             training rows, n_c / n"
        }
        Way::CountPriors => {
            "the priors are the class counts n_c: divide by n to get shares summing to 1"
        }
        Way::PriorsOverClasses => {
            "the class counts were divided by the number of classes k: the prior is n_c / n, \
             divided by the number of training rows"
        }
        Way::EpsilonRowVariances => {
            "ε came from the variance of each row (across its features): it comes from the \
             variance of each COLUMN over the training rows (var_axis(Axis(0), 0.0))"
        }
        Way::VarianceAroundOverallMean => {
            "the class variances were centred on the column's mean over all rows: centre \
             each class's values on that class's own mean μ_cj"
        }
    }
}

/// What a fit gives: priors, means, variances (k × p), and ε (of class 0 when the way
/// smooths each class differently).
struct Fitted {
    priors: Array1<f64>,
    means: Array2<f64>,
    variances: Array2<f64>,
    epsilon: f64,
}

impl Fitted {
    fn model(&self) -> GaussianNbModel {
        GaussianNbModel {
            priors: self.priors.clone(),
            means: self.means.clone(),
            variances: self.variances.clone(),
            epsilon: self.epsilon,
        }
    }
}

/// The population (or sample, ddof 1) variance of `values`.
fn variance_of(values: &[f64], ddof: f64) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - ddof)
}

fn grader_fit(x: ArrayView2<f64>, y: ArrayView1<usize>, var_smoothing: f64, way: Way) -> Fitted {
    let (n, p) = x.dim();
    let k = y.iter().max().unwrap() + 1;
    let rows_of = |c: usize| -> Vec<usize> { (0..n).filter(|&i| y[i] == c).collect() };
    let column =
        |j: usize, rows: &[usize]| -> Vec<f64> { rows.iter().map(|&i| x[[i, j]]).collect() };
    let all: Vec<usize> = (0..n).collect();
    let mut priors = Array1::zeros(k);
    let mut means = Array2::zeros((k, p));
    let mut raw = Array2::zeros((k, p));
    for c in 0..k {
        let rows = rows_of(c);
        priors[c] = match way {
            Way::UniformPriors => 1.0 / k as f64,
            Way::CountPriors => rows.len() as f64,
            Way::PriorsOverClasses => rows.len() as f64 / k as f64,
            _ => rows.len() as f64 / n as f64,
        };
        for j in 0..p {
            let values = column(j, &rows);
            means[[c, j]] = values.iter().sum::<f64>() / values.len() as f64;
            raw[[c, j]] = match way {
                Way::SampleVariance => variance_of(&values, 1.0),
                Way::VarianceAroundOverallMean => {
                    let overall = column(j, &all).iter().sum::<f64>() / n as f64;
                    values.iter().map(|v| (v - overall).powi(2)).sum::<f64>() / values.len() as f64
                }
                _ => variance_of(&values, 0.0),
            };
        }
    }
    let column_variances: Vec<f64> = (0..p)
        .map(|j| {
            let ddof = if way == Way::EpsilonSampleVariance {
                1.0
            } else {
                0.0
            };
            variance_of(&column(j, &all), ddof)
        })
        .collect();
    let largest = if way == Way::EpsilonRowVariances {
        (0..n)
            .map(|i| variance_of(&x.row(i).to_vec(), 0.0))
            .fold(0.0f64, f64::max)
    } else {
        column_variances.iter().fold(0.0f64, |a, &v| a.max(v))
    };
    let class_largest = |c: usize| raw.row(c).iter().fold(0.0f64, |a: f64, &v| a.max(v));
    let per_class: Vec<f64> = (0..k)
        .map(|c| match way {
            Way::NoSmoothing => 0.0,
            Way::EpsilonUnscaled => var_smoothing,
            Way::EpsilonPerClass => var_smoothing * class_largest(c),
            Way::EpsilonLargestClassVariance => {
                var_smoothing * (0..k).map(class_largest).fold(0.0, f64::max)
            }
            Way::EpsilonMeanVariance => {
                var_smoothing * column_variances.iter().sum::<f64>() / p as f64
            }
            Way::EpsilonFromStd => var_smoothing * largest.sqrt(),
            Way::EpsilonFirstColumn => var_smoothing * column_variances[0],
            _ => var_smoothing * largest,
        })
        .collect();
    let mut variances = raw;
    for c in 0..k {
        for j in 0..p {
            variances[[c, j]] += per_class[c];
        }
    }
    let epsilon = if way == Way::NoSmoothing {
        var_smoothing * largest
    } else {
        per_class[0]
    };
    Fitted {
        priors,
        means,
        variances,
        epsilon,
    }
}

/// Adds the diagnoses of every mistaken fit whose `field` differs from the doc's.
fn with_fit_mistakes(
    mut check: Check,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    var_smoothing: f64,
    field: fn(&Fitted) -> Vec<f64>,
) -> Check {
    let right = field(&grader_fit(x, y, var_smoothing, Way::Doc));
    let candidates = MISTAKEN_WAYS
        .iter()
        .map(|&way| {
            (
                field(&grader_fit(x, y, var_smoothing, way)),
                way_mistake(way),
            )
        })
        .collect();
    for (wrong, why) in distinguishable(&right, candidates) {
        check = check.mistake_array(&Array1::from(wrong), why);
    }
    check
}

/// Whether two results agree to the tolerance a diagnosis is matched with.
fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x == y || Tolerance::rel(1e-6).accepts(*x, *y))
}

/// The mistaken results that can be told apart on this input: not within the matching
/// tolerance of the right result, nor of another mistake's (two that agree would make
/// the diagnosis a guess, so neither is named).
fn distinguishable<'a>(
    right: &[f64],
    candidates: Vec<(Vec<f64>, &'a str)>,
) -> Vec<(Vec<f64>, &'a str)> {
    candidates
        .iter()
        .enumerate()
        .filter(|(i, (wrong, _))| {
            !close(wrong, right)
                && candidates
                    .iter()
                    .enumerate()
                    .all(|(j, (other, _))| j == *i || !close(wrong, other))
        })
        .map(|(_, candidate)| candidate.clone())
        .collect()
}

/// The explanation of the only mistake whose predictions equal `got`, if exactly one
/// does (none is named when several would fit).
fn only_match<'a>(
    got: &Array1<usize>,
    candidates: Vec<(Array1<usize>, &'a str)>,
) -> Option<&'a str> {
    let mut fits: Vec<&str> = candidates
        .iter()
        .filter(|(predicted, _)| predicted == got)
        .map(|(_, why)| *why)
        .collect();
    fits.dedup();
    (fits.len() == 1).then(|| fits[0])
}

// ---------------------------------------------------------------------------------------
// An independent joint log-likelihood and its mistaken forms.
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Debug)]
enum Jll {
    Doc,
    NoPrior,
    PriorNotLogged,
    No2Pi,
    NoLogVariance,
    StdInQuadratic,
    NoHalfOnQuadratic,
    LogStdInsteadOfLogVariance,
    QuadraticTimesVariance,
    NormalizationOfClass0,
    NormalizationWithoutHalf,
}

const MISTAKEN_JLLS: [Jll; 10] = [
    Jll::NormalizationWithoutHalf,
    Jll::NormalizationOfClass0,
    Jll::NoPrior,
    Jll::PriorNotLogged,
    Jll::No2Pi,
    Jll::NoLogVariance,
    Jll::StdInQuadratic,
    Jll::NoHalfOnQuadratic,
    Jll::LogStdInsteadOfLogVariance,
    Jll::QuadraticTimesVariance,
];

fn jll_mistake(way: Jll) -> &'static str {
    match way {
        Jll::Doc => "",
        Jll::NoPrior => "the log prior ln P(c) is missing: jll = ln P(c) − ½ Σ_j […]",
        Jll::PriorNotLogged => "the prior was added as P(c): add its logarithm, ln P(c)",
        Jll::No2Pi => {
            "the ln(2π) of the Gaussian's normalization is missing: each feature adds \
             −½ ln(2π σ²_cj), not only −½ ln σ²_cj"
        }
        Jll::NoLogVariance => {
            "the −½ ln(2π σ²_cj) term is missing: without it a wide Gaussian scores as well \
             as a narrow one"
        }
        Jll::StdInQuadratic => {
            "the squared distance was divided by σ instead of σ² (the variances are already \
             σ²: do not take a square root)"
        }
        Jll::NoHalfOnQuadratic => {
            "the ½ in front of (x − μ)² / σ² is missing: ln N = −½ ln(2πσ²) − (x − μ)² / (2σ²)"
        }
        Jll::LogStdInsteadOfLogVariance => {
            "the normalization used ln σ where ln σ² belongs: −½ ln(2π σ²) = −½ ln(2π) − ln σ"
        }
        Jll::NormalizationWithoutHalf => {
            "the ½ in front of Σ_j ln(2π σ²_cj) is missing: each feature adds −½ ln(2π σ²_cj) \
             (the log of 1/√(2πσ²))"
        }
        Jll::NormalizationOfClass0 => {
            "every class's −½ Σ_j ln(2π σ²_cj) was computed from class 0's variances: each \
             class c uses its own variances σ²_cj"
        }
        Jll::QuadraticTimesVariance => {
            "the squared distance was multiplied by σ²: divide (x − μ)² by σ²"
        }
    }
}

fn grader_jll(model: &GaussianNbModel, x: ArrayView2<f64>, way: Jll) -> Array2<f64> {
    let (n, p) = x.dim();
    let k = model.priors.len();
    Array2::from_shape_fn((n, k), |(i, c)| {
        let mut total = match way {
            Jll::NoPrior => 0.0,
            Jll::PriorNotLogged => model.priors[c],
            _ => model.priors[c].ln(),
        };
        for j in 0..p {
            let v = model.variances[[c, j]];
            let d2 = (x[[i, j]] - model.means[[c, j]]).powi(2);
            let norm = match way {
                Jll::NormalizationOfClass0 => (2.0 * PI * model.variances[[0, j]]).ln(),
                Jll::No2Pi => v.ln(),
                Jll::NoLogVariance => 0.0,
                Jll::LogStdInsteadOfLogVariance => (2.0 * PI).ln() + v.sqrt().ln(),
                _ => (2.0 * PI * v).ln(),
            };
            let quad = match way {
                Jll::StdInQuadratic => d2 / v.sqrt(),
                Jll::NoHalfOnQuadratic => 2.0 * d2 / v,
                Jll::QuadraticTimesVariance => d2 * v,
                _ => d2 / v,
            };
            total -= if way == Jll::NormalizationWithoutHalf {
                norm + 0.5 * quad
            } else {
                0.5 * (norm + quad)
            };
        }
        total
    })
}

/// The doc's predictions from joint log-likelihoods: the first largest value of a row.
fn first_argmax(jll: &Array2<f64>) -> Array1<usize> {
    jll.outer_iter()
        .map(|row| (0..row.len()).fold(0, |best, c| if row[c] > row[best] { c } else { best }))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Small hand-worked inputs.
// ---------------------------------------------------------------------------------------

/// Five rows, two classes interleaved: class 0 = (0, 1), (2, 1), (4, 4); class 1 = (1, 0),
/// (3, 2). Column variances over all rows: 2 and 1.84.
fn five_rows() -> (Array2<f64>, Array1<usize>) {
    (
        array![[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 2.0], [4.0, 4.0]],
        array![0, 1, 0, 1, 0],
    )
}

/// A hand-made model: 2 classes, 2 features.
fn hand_model() -> GaussianNbModel {
    GaussianNbModel {
        priors: array![0.75, 0.25],
        means: array![[0.0, 1.0], [2.0, -1.0]],
        variances: array![[1.0, 4.0], [0.25, 2.0]],
        epsilon: 0.0,
    }
}

fn flat(a: &Array2<f64>) -> Vec<f64> {
    a.iter().copied().collect()
}

/// The learner's fit on valid input: an error fails the check, and a ZeroVariance that
/// smoothing should have prevented is named.
#[track_caller]
fn fit_ok(x: ArrayView2<f64>, y: ArrayView1<usize>, params: &GaussianNbParams) -> GaussianNbModel {
    match call!(naive_bayes::fit(x, y, params)) {
        Ok(model) => model,
        Err(error) => {
            let hint = if matches!(error, NaiveBayesError::ZeroVariance { .. }) {
                "\n    likely mistake: the zero variances were looked for before ε was added: \
                 add ε to every variance first; only a variance still 0 after smoothing is an \
                 error"
            } else {
                ""
            };
            fail(format!(
                "fit on {} rows × {} columns (var_smoothing {:e}) returned an error on valid \
                 input: {error}{hint}",
                x.nrows(),
                x.ncols(),
                params.var_smoothing
            ))
        }
    }
}

#[test]
fn fit_five_rows_by_hand() {
    let (x, y) = five_rows();
    let vs = 0.1;
    let params = GaussianNbParams::new().var_smoothing(vs);
    let model = fit_ok(x.view(), y.view(), &params);
    require(
        model.priors.len() == 2 && model.means.dim() == (2, 2) && model.variances.dim() == (2, 2),
        || {
            format!(
                "fit on 5 rows, 2 features, labels 0 and 1: expected 2 priors and 2 × 2 means \
                 and variances, got {} priors, means {:?}, variances {:?}",
                model.priors.len(),
                model.means.dim(),
                model.variances.dim()
            )
        },
    );
    // Class 0 has 3 of the 5 rows, class 1 has 2.
    let check = expect_array(
        "priors (labels 0, 1, 0, 1, 0)",
        &model.priors,
        &array![0.6, 0.4],
    )
    .no_generic_diagnosis();
    with_fit_mistakes(check, x.view(), y.view(), vs, |f| f.priors.to_vec())
        .mistake_array(
            &array![0.4, 0.6],
            "the priors are swapped: priors[c] is the share of rows labelled c",
        )
        .assert();
    // Class 0: (0 + 2 + 4)/3 = 2, (1 + 1 + 4)/3 = 2; class 1: (1 + 3)/2 = 2, (0 + 2)/2 = 1.
    expect_array(
        "means (class 0 rows 0, 2, 4; class 1 rows 1, 3)",
        &model.means,
        &array![[2.0, 2.0], [2.0, 1.0]],
    )
    .no_generic_diagnosis()
    .mistake_array(
        &array![[2.0, 1.6], [2.0, 1.6]],
        "every class got the mean over all rows: average only the rows of class c",
    )
    .mistake_array(
        &array![[1.2, 1.2], [0.8, 0.4]],
        "the class sums were divided by n (all 5 rows): divide each class's sum by its own \
         row count n_c",
    )
    .mistake_array(
        &array![[1.0, 2.0 / 3.0], [3.0, 1.5]],
        "the classes were taken as consecutive blocks of rows: select the rows whose label \
         is c (the labels here are interleaved: 0, 1, 0, 1, 0)",
    )
    .assert();
    // Over all 5 rows: column 0 has variance 2, column 1 has 1.84, so ε = 0.1 × 2 = 0.2.
    let check = expect("epsilon with var_smoothing 0.1", model.epsilon, 0.2).no_generic_diagnosis();
    with_fit_mistakes(check, x.view(), y.view(), vs, |f| vec![f.epsilon]).assert();
    // Class 0: (4 + 0 + 4)/3 = 8/3 and (1 + 1 + 4)/3 = 2; class 1: 1 and 1; all + 0.2.
    let expected = array![[8.0 / 3.0 + 0.2, 2.2], [1.2, 1.2]];
    let check = expect_array(
        "variances (population, + ε = 0.2)",
        &model.variances,
        &expected,
    )
    .no_generic_diagnosis();
    with_fit_mistakes(check, x.view(), y.view(), vs, |f| flat(&f.variances))
        .mistake_array(
            &(&expected - 0.2 + 0.1 * model.epsilon),
            "the variances got var_smoothing × ε added: add ε itself",
        )
        .assert();
}

#[test]
fn fit_iris_matches_the_published_hand_check() {
    let split = LabelledSplit::reference(&datasets::iris()).expect("iris loads");
    let x = split.train.features.view();
    let y = split.y_train.view();
    let model = fit_ok(x, y, &GaussianNbParams::new());
    require(
        model.priors.len() == 3 && model.means.dim() == (3, 4),
        || {
            format!(
                "iris: expected 3 priors and 3 × 4 means, got {} priors and means {:?}",
                model.priors.len(),
                model.means.dim()
            )
        },
    );
    // scikit-learn's figures (SOURCES.md): 40 rows per class.
    expect_array(
        "iris priors (40 training rows per class)",
        &model.priors,
        &Array1::from_elem(3, 1.0 / 3.0),
    )
    .tol(Tolerance::rel(1e-9))
    .mistake_array(&Array1::from_elem(3, 40.0), way_mistake(Way::CountPriors))
    .assert();
    // Every number, against the fit written out here.
    let right = grader_fit(x, y, 1e-9, Way::Doc);
    expect_array(
        "iris means (3 classes × 4 features)",
        &model.means,
        &right.means,
    )
    .tol(Tolerance::rel(1e-9))
    .no_generic_diagnosis()
    .assert();
    let check = expect_array(
        "iris variances (3 classes × 4 features, + ε)",
        &model.variances,
        &right.variances,
    )
    .tol(Tolerance::rel(1e-9))
    .no_generic_diagnosis();
    with_fit_mistakes(check, x, y, 1e-9, |f| flat(&f.variances)).assert();
    // scikit-learn's published figures for sepal length, and its ε.
    expect_array(
        "iris sepal-length means per class (scikit-learn: 4.985, 5.930, 6.610)",
        &model.means.column(0),
        &array![4.985, 5.930, 6.610],
    )
    .tol(Tolerance::abs(5e-4))
    .assert();
    let smoothed = &array![0.092775, 0.2216, 0.4574] + 3.1016e-9;
    expect_array(
        "iris sepal-length variances per class (scikit-learn: 0.092775, 0.2216, 0.4574, + ε)",
        &model.variances.column(0),
        &smoothed,
    )
    .tol(Tolerance::abs(5e-5))
    .assert();
    let check = expect(
        "iris ε with var_smoothing 1e-9 (scikit-learn: 3.1016e-9)",
        model.epsilon,
        3.1016e-9,
    )
    .tol(Tolerance::rel(2e-5))
    .no_generic_diagnosis();
    with_fit_mistakes(check, x, y, 1e-9, |f| vec![f.epsilon]).assert();
}

#[test]
fn fit_with_a_single_row_class_and_no_columns() {
    // Class 1 has one row: its variance is 0 before smoothing, so it is exactly ε.
    let x = array![[1.0, 5.0], [3.0, 5.0], [7.0, 2.0]];
    let y = array![0, 0, 1];
    // Column variances over all rows: 56/9 and 2; ε = 0.5 × 56/9.
    let model = fit_ok(
        x.view(),
        y.view(),
        &GaussianNbParams::new().var_smoothing(0.5),
    );
    let eps = 0.5 * 56.0 / 9.0;
    let check = expect_array(
        "variances with a single-row class (class 1 = one row: its variances are exactly ε)",
        &model.variances,
        &array![[1.0 + eps, eps], [eps, eps]],
    )
    .no_generic_diagnosis();
    with_fit_mistakes(check, x.view(), y.view(), 0.5, |f| flat(&f.variances)).assert();
    // No columns: ε = 0, no means or variances, the priors remain.
    let x = Array2::<f64>::zeros((4, 0));
    let y = array![1, 0, 1, 1];
    let model = fit_ok(x.view(), y.view(), &GaussianNbParams::new());
    require(
        model.means.dim() == (2, 0) && model.variances.dim() == (2, 0),
        || {
            format!(
                "fit on 4 rows with no columns: expected 2 × 0 means and variances, got {:?} and {:?}",
                model.means.dim(),
                model.variances.dim()
            )
        },
    );
    expect("epsilon with no columns (defined as 0)", model.epsilon, 0.0)
        .tol(Tolerance::abs(0.0))
        .mistake(
            f64::NEG_INFINITY,
            "the largest of no variances came out as −∞: start the maximum at 0 (ε = 0 when \
             there are no columns)",
        )
        .assert();
    expect_array("priors with no columns", &model.priors, &array![0.25, 0.75]).assert();
    let predicted = call_ok!(naive_bayes::predict(&model, Array2::zeros((2, 0)).view()));
    require(predicted == array![1, 1], || {
        format!(
            "predict with no columns: expected [1, 1] (the more frequent class, from the priors \
             alone), got {predicted}"
        )
    });
}

// ---------------------------------------------------------------------------------------
// Errors.
// ---------------------------------------------------------------------------------------

fn fit_error(
    what: &str,
    why: &str,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    vs: f64,
) -> NaiveBayesError {
    expect_err(
        what,
        why,
        call!(naive_bayes::fit(
            x,
            y,
            &GaussianNbParams::new().var_smoothing(vs)
        ))
        .map(|m| format!("a model with {} classes", m.priors.len())),
    )
}

const ROWS_SWAPPED: &str = "rows and labels are swapped: rows = x.nrows(), labels = y.len()";

#[test]
fn fit_reports_errors_in_the_documented_order() {
    let (x, _) = five_rows();
    for vs in [-1.0, f64::NAN, f64::INFINITY] {
        let error = fit_error(
            &format!("fit with var_smoothing {vs} AND 5 rows with 4 labels"),
            "two faults at once: params.validate()? comes first",
            x.view(),
            array![0, 1, 0, 1].view(),
            vs,
        );
        require(matches!(error, NaiveBayesError::InvalidParams(_)), || {
            format!(
                "fit with var_smoothing {vs} and 5 rows with 4 labels: expected InvalidParams, \
                 got {error:?}\n    likely mistake: the data was checked before the \
                 parameters; call params.validate()? first"
            )
        });
    }
    let error = fit_error(
        "fit with 0 rows and 1 label",
        "the counts differ: RowsMismatch comes before Empty",
        Array2::<f64>::zeros((0, 2)).view(),
        array![0].view(),
        1e-9,
    );
    expect_error(
        "fit with 0 rows and 1 label",
        error,
        NaiveBayesError::RowsMismatch { rows: 0, labels: 1 },
        &[
            (
                NaiveBayesError::Empty,
                "the emptiness was checked first; RowsMismatch comes before Empty",
            ),
            (
                NaiveBayesError::RowsMismatch { rows: 1, labels: 0 },
                ROWS_SWAPPED,
            ),
        ],
    );
    let error = fit_error(
        "fit with 5 rows and 0 labels",
        "the counts differ: RowsMismatch comes before Empty",
        x.view(),
        Array1::<usize>::zeros(0).view(),
        1e-9,
    );
    expect_error(
        "fit with 5 rows and 0 labels",
        error,
        NaiveBayesError::RowsMismatch { rows: 5, labels: 0 },
        &[
            (
                NaiveBayesError::Empty,
                "the emptiness (of y) was checked first; RowsMismatch comes before Empty",
            ),
            (
                NaiveBayesError::RowsMismatch { rows: 0, labels: 5 },
                ROWS_SWAPPED,
            ),
        ],
    );
    let error = fit_error(
        "fit with 5 rows and 4 labels",
        "one label per row",
        x.view(),
        array![0, 1, 0, 1].view(),
        1e-9,
    );
    expect_error(
        "fit with 5 rows and 4 labels",
        error,
        NaiveBayesError::RowsMismatch { rows: 5, labels: 4 },
        &[(
            NaiveBayesError::RowsMismatch { rows: 4, labels: 5 },
            ROWS_SWAPPED,
        )],
    );
    let error = fit_error(
        "fit with 0 rows",
        "there is nothing to fit",
        Array2::<f64>::zeros((0, 2)).view(),
        Array1::<usize>::zeros(0).view(),
        1e-9,
    );
    expect_error("fit with 0 rows", error, NaiveBayesError::Empty, &[]);
    // A label too large to be a class index (row 3) and a gap (class 1 absent):
    // NotAClassIndex first. (MAX_CLASSES is the smallest such label: a solution that
    // skips the check only allocates tables of 65 537 classes, not terabytes.)
    let big = MAX_CLASSES;
    let skipped = "the absent classes were looked for before the labels were checked (or \
                   the labels were never checked): let k = class_count(y)? first, it rejects \
                   a label that is not a class index";
    let error = fit_error(
        "fit with labels (0, 2, 0, 65536, 0)",
        "65536 is not a class index (class_count(y)? names its row), and that comes before \
         the absent classes",
        x.view(),
        array![0, 2, 0, big, 0].view(),
        1e-9,
    );
    expect_error(
        "fit with labels (0, 2, 0, 65536, 0)",
        error,
        NaiveBayesError::NotAClassIndex(NotAClassIndex { row: 3, label: big }),
        &[
            (
                NaiveBayesError::AbsentClass {
                    class: 1,
                    largest: big,
                },
                skipped,
            ),
            (
                NaiveBayesError::AbsentClass {
                    class: 1,
                    largest: big + 1,
                },
                skipped,
            ),
        ],
    );
    let error = fit_error(
        "fit with labels (0, 2, 0, 2, 0)",
        "class 1 has no rows, so its mean and variance are 0/0",
        x.view(),
        array![0, 2, 0, 2, 0].view(),
        1e-9,
    );
    expect_error(
        "fit with labels (0, 2, 0, 2, 0)",
        error,
        NaiveBayesError::AbsentClass {
            class: 1,
            largest: 2,
        },
        &[(
            NaiveBayesError::AbsentClass {
                class: 1,
                largest: 3,
            },
            "`largest` is the largest label (2), not the class count k = 3",
        )],
    );
    // Classes 1 and 3 absent, and (var_smoothing 0) zero variances: the smallest absent
    // class first, before ZeroVariance.
    let constant = Array2::<f64>::ones((5, 2));
    let error = fit_error(
        "fit with labels (0, 2, 0, 4, 0), constant columns and var_smoothing 0",
        "classes 1 and 3 have no rows; AbsentClass names the smallest, and comes before \
         ZeroVariance",
        constant.view(),
        array![0, 2, 0, 4, 0].view(),
        0.0,
    );
    expect_error(
        "fit with labels (0, 2, 0, 4, 0), constant columns, var_smoothing 0",
        error,
        NaiveBayesError::AbsentClass {
            class: 1,
            largest: 4,
        },
        &[
            (
                NaiveBayesError::AbsentClass {
                    class: 3,
                    largest: 4,
                },
                "report the SMALLEST class without rows, not the last",
            ),
            (
                NaiveBayesError::AbsentClass {
                    class: 1,
                    largest: 5,
                },
                "`largest` is the largest label (4), not the class count k = 5",
            ),
            (
                NaiveBayesError::ZeroVariance {
                    class: 0,
                    feature: 0,
                },
                "the variances were checked before the absent classes (or classes with no \
                 rows were not looked for at all): AbsentClass comes first",
            ),
        ],
    );
    let error = fit_error(
        "fit with the largest allowed label",
        "the label is fine, but classes 0..65535 have no rows",
        x.view(),
        array![0, 1, 0, MAX_CLASSES - 1, 0].view(),
        1e-9,
    );
    expect_error(
        "fit with labels (0, 1, 0, 65535, 0)",
        error,
        NaiveBayesError::AbsentClass {
            class: 2,
            largest: MAX_CLASSES - 1,
        },
        &[
            (
                NaiveBayesError::AbsentClass {
                    class: MAX_CLASSES - 2,
                    largest: MAX_CLASSES - 1,
                },
                "report the SMALLEST class without rows, not the last",
            ),
            (
                NaiveBayesError::AbsentClass {
                    class: 2,
                    largest: MAX_CLASSES,
                },
                "`largest` is the largest label (65535), not the class count k = 65536",
            ),
        ],
    );
}

#[test]
fn zero_variances_are_reported_only_when_nothing_smooths_them() {
    // Class 0 (rows 0, 2) is constant in feature 2; class 1 (rows 1, 3) in feature 0.
    let x = array![
        [0.0, 1.0, 7.0],
        [5.0, 2.0, 1.0],
        [2.0, 4.0, 7.0],
        [5.0, 0.0, 3.0]
    ];
    let y = array![0, 1, 0, 1];
    let error = fit_error(
        "fit with var_smoothing 0, feature 2 constant in class 0 and feature 0 in class 1",
        "a variance of 0 makes the log-likelihood divide by 0",
        x.view(),
        y.view(),
        0.0,
    );
    expect_error(
        "fit with var_smoothing 0 (class 0 constant in feature 2, class 1 in feature 0)",
        error,
        NaiveBayesError::ZeroVariance {
            class: 0,
            feature: 2,
        },
        &[
            (
                NaiveBayesError::ZeroVariance {
                    class: 1,
                    feature: 0,
                },
                "the variances were scanned column by column: report the first in row-major \
                 order (all of class 0's features, then class 1's)",
            ),
            (
                NaiveBayesError::ZeroVariance {
                    class: 2,
                    feature: 0,
                },
                "class and feature are swapped",
            ),
        ],
    );
    // The same data with the default smoothing fits: ε > 0 lifts every variance.
    let model = fit_ok(x.view(), y.view(), &GaussianNbParams::new());
    let eps = 1e-9 * variance_of(&[7.0, 1.0, 7.0, 3.0], 0.0);
    expect_array(
        "variances with default smoothing (the constant class features are exactly ε)",
        &model.variances,
        &array![[1.0 + eps, 2.25 + eps, eps], [eps, 1.0 + eps, 1.0 + eps]],
    )
    .tol(Tolerance::rel(1e-9))
    .assert();
    // Every column constant: ε = 0 whatever var_smoothing is.
    let error = fit_error(
        "fit with every column constant (var_smoothing 1e-9)",
        "ε = 1e-9 × the largest variance = 0, so the variances stay 0",
        Array2::<f64>::from_elem((3, 2), 4.0).view(),
        array![0, 1, 0].view(),
        1e-9,
    );
    expect_error(
        "fit with every column constant",
        error,
        NaiveBayesError::ZeroVariance {
            class: 0,
            feature: 0,
        },
        &[],
    );
}

// ---------------------------------------------------------------------------------------
// Joint log-likelihood, log-sum-exp, posteriors, predictions.
// ---------------------------------------------------------------------------------------

#[test]
fn joint_log_likelihood_by_hand() {
    let model = hand_model();
    let x = array![[0.5, 2.0], [2.0, -1.0], [-3.0, 0.0]];
    let got = call_ok!(naive_bayes::joint_log_likelihood(&model, x.view()));
    let expected = grader_jll(&model, x.view(), Jll::Doc);
    let mut check = expect_array(
        "jll of 3 rows under a 2-class, 2-feature model (priors ¾, ¼)",
        &got,
        &expected,
    )
    .no_generic_diagnosis();
    let candidates = MISTAKEN_JLLS
        .iter()
        .map(|&way| (flat(&grader_jll(&model, x.view(), way)), jll_mistake(way)))
        .collect();
    for (wrong, why) in distinguishable(&flat(&expected), candidates) {
        check = check.mistake_array(&Array2::from_shape_vec((3, 2), wrong).unwrap(), why);
    }
    check
        .mistake_array(
            &expected.t().to_owned(),
            "rows and classes are swapped: jll[i, c] is row i, class c (n × k)",
        )
        .assert();
    let one = GaussianNbModel {
        priors: array![1.0],
        means: array![[0.0]],
        variances: array![[1.0]],
        epsilon: 0.0,
    };
    let got = call_ok!(naive_bayes::joint_log_likelihood(
        &one,
        array![[0.0]].view()
    ));
    expect_array(
        "jll of x = 0 under one class with prior 1, mean 0, variance 1 (−½ ln 2π)",
        &got,
        &array![[-0.5 * (2.0 * PI).ln()]],
    )
    .no_generic_diagnosis()
    .mistake_array(
        &array![[(-0.5 * (2.0 * PI).ln()).exp()]],
        "that is the density itself: return its logarithm",
    )
    .assert();
    let empty = call_ok!(naive_bayes::joint_log_likelihood(
        &model,
        Array2::zeros((0, 2)).view()
    ));
    require(empty.dim() == (0, 2), || {
        format!(
            "jll of 0 rows: expected a 0 × 2 array, got {:?}",
            empty.dim()
        )
    });
}

#[test]
fn log_sum_exp_by_hand_and_at_extremes() {
    let ln2 = 2.0f64.ln();
    let cases: [(Array1<f64>, f64, &str); 7] = [
        (array![0.0, 0.0], ln2, "ln(1 + 1)"),
        (array![5.0], 5.0, "one value"),
        (
            array![1.0, 2.0, 3.0],
            (1.0f64.exp() + 2.0f64.exp() + 3.0f64.exp()).ln(),
            "small values",
        ),
        (array![1000.0, 1000.0], 1000.0 + ln2, "e^1000 overflows"),
        (
            array![-1000.0, -1000.0],
            -1000.0 + ln2,
            "e^−1000 underflows",
        ),
        (
            array![0.0, -2000.0],
            0.0,
            "ln(1 + e^−2000) = 0 to 16 digits",
        ),
        (array![f64::NEG_INFINITY, 0.0], 0.0, "e^−∞ = 0"),
    ];
    // What mistaken versions return, to name one only when the value matches it.
    let shift_by = |values: &Array1<f64>, m: f64| -> f64 {
        if m == f64::NEG_INFINITY {
            return m;
        }
        m + values.mapv(|v| (v - m).exp()).sum().ln()
    };
    let same = |a: f64, b: f64| {
        a == b || (a.is_finite() && b.is_finite() && (a - b).abs() <= 1e-9 * (1.0 + b.abs()))
    };
    for (values, expected, why) in cases {
        let got = call!(naive_bayes::log_sum_exp(values.view()));
        let largest = values.iter().fold(f64::NEG_INFINITY, |a, &v| a.max(v));
        let smallest = values.iter().fold(f64::INFINITY, |a, &v| a.min(v));
        let direct = values.mapv(f64::exp).sum().ln();
        let hypotheses = [
            (
                direct,
                "e^v was computed directly; subtract the largest value m first, \
                 m + ln Σ e^(v − m), so that every exponent is ≤ 0",
            ),
            (
                shift_by(&values, smallest),
                "the values were shifted by their smallest: shift by the LARGEST value m, so \
                 that every exponent v − m is ≤ 0",
            ),
            (
                values.mapv(|v| (v - largest).exp()).sum().ln(),
                "the largest value m was subtracted but not added back: m + ln Σ e^(v − m)",
            ),
            (
                if values.len() > 1 { largest } else { f64::NAN },
                "that is only the largest value: add ln Σ e^(v − m)",
            ),
        ];
        if same(got, expected) {
            continue;
        }
        let diagnosis = hypotheses
            .iter()
            .find(|(wrong, _)| !same(*wrong, expected) && same(got, *wrong))
            .map(|(_, why)| format!("\n    likely mistake: {why}"))
            .unwrap_or_default();
        fail(format!(
            "log_sum_exp({values}) ({why}): expected {expected}, got {got}{diagnosis}"
        ));
    }
    for (values, what) in [
        (
            array![f64::NEG_INFINITY, f64::NEG_INFINITY],
            "every value −∞",
        ),
        (Array1::<f64>::zeros(0), "no values"),
    ] {
        let got = call!(naive_bayes::log_sum_exp(values.view()));
        require(got == f64::NEG_INFINITY, || {
            let hint = if got == 0.0 {
                "\n    likely mistake: an empty input returned 0: the SUM of no exponentials is \
                 0, and ln 0 = −∞ (0 would be the log of a sum equal to 1)"
            } else if got.is_nan() {
                "\n    likely mistake: −∞ − (−∞) is NaN: return −∞ when the largest value is −∞, \
                 before shifting"
            } else {
                ""
            };
            format!(
                "log_sum_exp of {what}: expected −∞ (the log of an empty sum 0), got {got}{hint}"
            )
        });
    }
}

/// One feature, two classes with the same mean and variance, priors ¾ and ¼, and a row
/// far away: the joint log-likelihoods are about −1250 (their exponentials underflow to
/// 0), but they differ by exactly ln 3, so the posterior is (¾, ¼).
fn far_away() -> (GaussianNbModel, Array2<f64>) {
    (
        GaussianNbModel {
            priors: array![0.75, 0.25],
            means: array![[0.0], [0.0]],
            variances: array![[1.0], [1.0]],
            epsilon: 0.0,
        },
        array![[50.0], [-50.0]],
    )
}

#[test]
fn posteriors_by_hand() {
    let model = hand_model();
    let x = array![[0.5, 2.0], [2.0, -1.0], [-3.0, 0.0]];
    let jll = grader_jll(&model, x.view(), Jll::Doc);
    let lse: Vec<f64> = jll
        .outer_iter()
        .map(|r| (r[0].exp() + r[1].exp()).ln())
        .collect();
    let expected = Array2::from_shape_fn((3, 2), |(i, c)| jll[[i, c]] - lse[i]);
    let got = call_ok!(naive_bayes::predict_log_proba(&model, x.view()));
    let column_lse: Vec<f64> = jll
        .columns()
        .into_iter()
        .map(|col| col.mapv(f64::exp).sum().ln())
        .collect();
    expect_array(
        "predict_log_proba of 3 rows under the 2-class hand model",
        &got,
        &expected,
    )
    .no_generic_diagnosis()
    .mistake_array(
        &jll,
        "that is the joint log-likelihood: subtract each row's log_sum_exp",
    )
    .mistake_array(
        &Array2::from_shape_fn((3, 2), |(i, c)| jll[[i, c]] - jll[[i, 0]].max(jll[[i, 1]])),
        "each row was shifted by only the largest value: subtract the whole log_sum_exp of \
         the row, m + ln Σ e^(v − m)",
    )
    .mistake_array(
        &Array2::from_shape_fn((3, 2), |(i, c)| jll[[i, c]] - column_lse[c]),
        "each column was normalized: subtract the log_sum_exp of each ROW (over the classes)",
    )
    .mistake_array(
        &expected.mapv(f64::exp),
        "those are the probabilities: predict_log_proba returns their logarithms",
    )
    .assert();
    let got = call_ok!(naive_bayes::predict_proba(&model, x.view()));
    expect_array(
        "predict_proba of 3 rows under the 2-class hand model",
        &got,
        &expected.mapv(f64::exp),
    )
    .no_generic_diagnosis()
    .mistake_array(
        &expected,
        "those are the log-probabilities: take their exponential",
    )
    .assert();
    let (model, x) = far_away();
    let wanted = array![[0.75f64.ln(), 0.25f64.ln()], [0.75f64.ln(), 0.25f64.ln()]];
    let got = call_ok!(naive_bayes::predict_log_proba(&model, x.view()));
    if got.iter().any(|v| !v.is_finite()) {
        fail(format!(
            "predict_log_proba of a row 50 standard deviations from both classes (jll ≈ −1251 \
             and −1252): expected (ln ¾, ln ¼), got ({}, {})\n    likely mistake: the \
             exponentials e^−1251 underflow to 0, so ln Σ e^jll = ln 0 = −∞: normalize with \
             log_sum_exp (shift by the largest value first)",
            got[[0, 0]],
            got.get((0, 1)).copied().unwrap_or(f64::NAN)
        ));
    }
    expect_array(
        "predict_log_proba far from both classes (ln ¾, ln ¼)",
        &got,
        &wanted,
    )
    .tol(Tolerance::abs(1e-9))
    .assert();
    let got = call_ok!(naive_bayes::predict_proba(&model, x.view()));
    if got.iter().any(|v| !v.is_finite()) {
        fail(format!(
            "predict_proba of a row 50 standard deviations from both classes: expected (¾, ¼), \
             got ({}, {})\n    likely mistake: e^jll / Σ e^jll is 0/0 when every e^jll underflows: \
             take the exponential of predict_log_proba (log_sum_exp shifts by the largest value)",
            got[[0, 0]],
            got.get((0, 1)).copied().unwrap_or(f64::NAN)
        ));
    }
    expect_array(
        "predict_proba far from both classes (¾, ¼)",
        &got,
        &array![[0.75, 0.25], [0.75, 0.25]],
    )
    .tol(Tolerance::abs(1e-9))
    .assert();
}

#[test]
fn predict_takes_the_largest_and_breaks_ties_to_the_smallest_class() {
    let model = hand_model();
    let x = array![[0.5, 2.0], [2.0, -1.0], [-3.0, 0.0], [1.6, 0.0]];
    let jll = grader_jll(&model, x.view(), Jll::Doc);
    let wanted = first_argmax(&jll);
    let got = call_ok!(naive_bayes::predict(&model, x.view()));
    if got != wanted {
        let smallest: Array1<usize> = jll.outer_iter().map(|r| usize::from(r[1] < r[0])).collect();
        let mut candidates = vec![(
            smallest,
            "that is the class with the SMALLEST joint log-likelihood: predict the largest",
        )];
        for way in MISTAKEN_JLLS {
            candidates.push((
                first_argmax(&grader_jll(&model, x.view(), way)),
                jll_mistake(way),
            ));
        }
        let diagnosis = only_match(&got, candidates)
            .map(|why| format!("\n    likely mistake: {why}"))
            .unwrap_or_default();
        fail(format!(
            "predict of 4 rows under the 2-class hand model: expected {wanted}, got {got}{diagnosis}"
        ));
    }
    // Three classes, 1 and 2 identical: rows near them tie, and class 1 (the smaller) wins;
    // a row near class 0 goes to 0.
    let tied = GaussianNbModel {
        priors: array![0.5, 0.25, 0.25],
        means: array![[0.0], [4.0], [4.0]],
        variances: array![[1.0], [1.0], [1.0]],
        epsilon: 0.0,
    };
    let got = call_ok!(naive_bayes::predict(
        &tied,
        array![[4.0], [0.0], [5.0]].view()
    ));
    let wanted = array![1, 0, 1];
    if got != wanted {
        let hint = if got == array![2, 0, 2] {
            "\n    likely mistake: a tie went to the LAST largest class (Iterator::max_by keeps \
             the last maximum): keep the first, replace it only when a value is strictly larger"
        } else {
            ""
        };
        fail(format!(
            "predict with classes 1 and 2 identical (rows at 4, 0, 5): expected {wanted} (a tie \
             goes to the smallest class), got {got}{hint}"
        ));
    }
    let empty = call_ok!(naive_bayes::predict(&model, Array2::zeros((0, 2)).view()));
    require(empty.is_empty(), || {
        format!(
            "predict of 0 rows: expected no predictions, got {}",
            empty.len()
        )
    });
}

#[test]
fn predictions_check_the_columns() {
    let model = hand_model();
    let x = array![[1.0, 2.0, 3.0]];
    let wanted = NaiveBayesError::ColumnsMismatch {
        columns: 3,
        features: 2,
    };
    let swapped = NaiveBayesError::ColumnsMismatch {
        columns: 2,
        features: 3,
    };
    let hint = "columns and features are swapped: columns = x.ncols(), features = the model's";
    let error = expect_err(
        "joint_log_likelihood of a 3-column x under a 2-feature model",
        "one column per feature",
        call!(naive_bayes::joint_log_likelihood(&model, x.view())).map(|a| a.dim()),
    );
    expect_error(
        "joint_log_likelihood of 3 columns",
        error,
        wanted.clone(),
        &[(swapped.clone(), hint)],
    );
    let error = expect_err(
        "predict_log_proba of a 3-column x under a 2-feature model",
        "one column per feature",
        call!(naive_bayes::predict_log_proba(&model, x.view())).map(|a| a.dim()),
    );
    expect_error(
        "predict_log_proba of 3 columns",
        error,
        wanted.clone(),
        &[(swapped.clone(), hint)],
    );
    let error = expect_err(
        "predict_proba of a 3-column x under a 2-feature model",
        "one column per feature",
        call!(naive_bayes::predict_proba(&model, x.view())).map(|a| a.dim()),
    );
    expect_error(
        "predict_proba of 3 columns",
        error,
        wanted.clone(),
        &[(swapped.clone(), hint)],
    );
    let error = expect_err(
        "predict of a 3-column x under a 2-feature model",
        "one column per feature",
        call!(naive_bayes::predict(&model, x.view())).map(|a| a.len()),
    );
    expect_error("predict of 3 columns", error, wanted, &[(swapped, hint)]);
}

// ---------------------------------------------------------------------------------------
// Real data: scikit-learn's published test accuracies, and linfa-bayes beside yours.
// ---------------------------------------------------------------------------------------

/// Fits and predicts the learner's way; fails with the dataset's name on an error.
fn learner_run(
    split: &LabelledSplit,
    params: &GaussianNbParams,
) -> (GaussianNbModel, Array1<usize>) {
    let model = fit_ok(split.train.features.view(), split.y_train.view(), params);
    let predicted = call_ok!(naive_bayes::predict(&model, split.test.features.view()));
    (model, predicted)
}

fn correct(a: ArrayView1<usize>, b: ArrayView1<usize>) -> usize {
    a.iter().zip(&b).filter(|(p, q)| p == q).count()
}

/// Checks the number of correct test predictions against scikit-learn's accuracy; when it
/// is off, names the mistaken fit whose predictions the learner's match exactly.
fn expect_accuracy(
    name: &str,
    split: &LabelledSplit,
    vs: f64,
    predicted: &Array1<usize>,
    published: f64,
) {
    let n = split.y_test.len();
    let wanted = (published * n as f64).round() as usize;
    let got = correct(predicted.view(), split.y_test.view());
    if predicted.len() == n && got == wanted {
        return;
    }
    let (x, y) = (split.train.features.view(), split.y_train.view());
    let x_test = split.test.features.view();
    let mut candidates: Vec<(Array1<usize>, &str)> = MISTAKEN_WAYS
        .iter()
        .map(|&way| {
            let model = grader_fit(x, y, vs, way).model();
            (
                first_argmax(&grader_jll(&model, x_test, Jll::Doc)),
                way_mistake(way),
            )
        })
        .collect();
    let model = grader_fit(x, y, vs, Way::Doc).model();
    for way in MISTAKEN_JLLS {
        candidates.push((
            first_argmax(&grader_jll(&model, x_test, way)),
            jll_mistake(way),
        ));
    }
    let diagnosis = only_match(predicted, candidates)
        .map(|why| format!("\n    likely mistake: {why}"))
        .unwrap_or_default();
    fail(format!(
        "{name}, reference split, var_smoothing {vs:e}: expected {wanted} of {n} test rows right \
         (scikit-learn's accuracy {published}), got {got} of {} ({:.3}){diagnosis}",
        predicted.len(),
        got as f64 / n as f64
    ));
}

#[test]
fn test_accuracies_match_scikit_learn_and_agree_with_linfa() {
    for (name, dataset, published) in [
        ("iris", datasets::iris(), 0.967),
        ("wine", datasets::wine(), 0.972),
        ("breast_cancer", datasets::breast_cancer(), 0.939),
    ] {
        let split = LabelledSplit::reference(&dataset).expect("the dataset loads");
        let (model, predicted) = learner_run(&split, &GaussianNbParams::new());
        expect_accuracy(name, &split, 1e-9, &predicted, published);
        let linfa = GaussianNb::params()
            .var_smoothing(1e-9)
            .fit(&linfa::Dataset::new(
                split.train.features.clone(),
                split.y_train.clone(),
            ))
            .expect("linfa-bayes fits");
        let linfa_predicted: Array1<usize> = linfa.predict(&split.test.features);
        let same = correct(predicted.view(), linfa_predicted.view());
        require(same == predicted.len(), || {
            format!(
                "{name}: your predictions differ from linfa-bayes' GaussianNb on {} of {} test rows",
                predicted.len() - same,
                predicted.len()
            )
        });
        let (linfa_p, classes) = linfa.predict_proba(split.test.features.view());
        require(classes.iter().enumerate().all(|(i, &&c)| i == c), || {
            "linfa-bayes should list the classes in order".into()
        });
        let p = call_ok!(naive_bayes::predict_proba(
            &model,
            split.test.features.view()
        ));
        expect_array(
            format!("{name}: test-row posteriors, yours vs linfa-bayes' GaussianNb"),
            &p,
            &linfa_p,
        )
        .tol(Tolerance::abs(1e-6))
        .no_generic_diagnosis()
        .assert();
    }
}

#[test]
fn digits_accuracy_depends_on_the_smoothing() {
    let split = LabelledSplit::reference(&datasets::digits()).expect("digits loads");
    // 129 class × pixel pairs are constant on train: the smoothing decides their weight.
    for (vs, published) in [(1e-9, 0.811), (0.01, 0.922)] {
        let (_, predicted) = learner_run(&split, &GaussianNbParams::new().var_smoothing(vs));
        expect_accuracy("digits", &split, vs, &predicted, published);
    }
}
