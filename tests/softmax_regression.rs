//! Grader of exercises/04_classification/softmax_regression.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/04_classification/softmax_regression.rs"]
mod softmax_regression;
#[cfg(feature = "solutions")]
use mlings::reference::softmax_regression;

use linfa::prelude::Fit;
use linfa_logistic::MultiLogisticRegression;
use mlings::datasets;
use mlings::grade::{Tolerance, catch_panic, expect, expect_array, expect_err, fail, require};
use mlings::prep::StandardizedSplit;
use mlings::types::softmax_regression::{
    SoftmaxError, SoftmaxGradient, SoftmaxModel, SoftmaxParams,
};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, array};

// ---------------------------------------------------------------------------------------
// The grader's own arithmetic, written from the doc (independent of the learner's code).

/// Softmax of each row, stable (the row maximum subtracted), written out.
fn softmax_by_rows(z: ArrayView2<f64>) -> Array2<f64> {
    let mut p = Array2::zeros(z.raw_dim());
    for (i, row) in z.outer_iter().enumerate() {
        let m = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let sum: f64 = row.iter().map(|&v| (v - m).exp()).sum();
        for (c, &v) in row.iter().enumerate() {
            p[[i, c]] = (v - m).exp() / sum;
        }
    }
    p
}

/// ln softmax of each row by log-sum-exp, written out.
fn log_softmax_by_rows(z: ArrayView2<f64>) -> Array2<f64> {
    let mut out = Array2::zeros(z.raw_dim());
    for (i, row) in z.outer_iter().enumerate() {
        let m = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let lse = m + row.iter().map(|&v| (v - m).exp()).sum::<f64>().ln();
        for (c, &v) in row.iter().enumerate() {
            out[[i, c]] = v - lse;
        }
    }
    out
}

fn logits_of(model: &SoftmaxModel, x: ArrayView2<f64>) -> Array2<f64> {
    x.dot(&model.coefficients) + &model.intercepts
}

/// The mean cross-entropy (the data term of J) written out.
fn cross_entropy(model: &SoftmaxModel, x: ArrayView2<f64>, y: ArrayView1<usize>) -> f64 {
    let log_p = log_softmax_by_rows(logits_of(model, x).view());
    -y.iter()
        .enumerate()
        .map(|(i, &c)| log_p[[i, c]])
        .sum::<f64>()
        / y.len() as f64
}

fn squared_norm(a: &Array2<f64>) -> f64 {
    a.iter().map(|v| v * v).sum()
}

/// J(b, W) by the doc.
fn objective(model: &SoftmaxModel, x: ArrayView2<f64>, y: ArrayView1<usize>, l2: f64) -> f64 {
    cross_entropy(model, x, y) + 0.5 * l2 * squared_norm(&model.coefficients)
}

/// P − Y, written out.
fn errors_of(model: &SoftmaxModel, x: ArrayView2<f64>, y: ArrayView1<usize>) -> Array2<f64> {
    let mut e = softmax_by_rows(logits_of(model, x).view());
    for (i, &c) in y.iter().enumerate() {
        e[[i, c]] -= 1.0;
    }
    e
}

/// The gradient by the doc: (mean of the rows of P − Y, Xᵀ(P − Y)/n + λW).
fn gradient_by_the_doc(
    model: &SoftmaxModel,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    l2: f64,
) -> (Array1<f64>, Array2<f64>) {
    let e = errors_of(model, x, y);
    let n = y.len() as f64;
    (
        e.sum_axis(Axis(0)) / n,
        x.t().dot(&e) / n + &model.coefficients * l2,
    )
}

fn model(intercepts: Array1<f64>, coefficients: Array2<f64>) -> SoftmaxModel {
    SoftmaxModel {
        intercepts,
        coefficients,
    }
}

/// A 3-class, 2-feature case with every parameter different from 0.
fn three_classes() -> (SoftmaxModel, Array2<f64>, Array1<usize>) {
    (
        model(
            array![0.5, -0.5, 0.0],
            array![[1.0, 0.0, -1.0], [0.5, 0.5, -0.25]],
        ),
        array![[1.0, 0.0], [0.0, 1.0], [-1.0, 2.0], [0.5, -1.5]],
        array![2, 0, 1, 1],
    )
}

/// The share of equal labels.
fn agreement(a: ArrayView1<usize>, b: ArrayView1<usize>) -> f64 {
    a.iter().zip(&b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
}

/// A standardized reference split with its labels.
fn prepared(data: &datasets::Dataset) -> (StandardizedSplit, Array1<usize>, Array1<usize>) {
    let split = StandardizedSplit::reference(data).expect("the bundled reference split");
    let (train, test) = split.class_labels().expect("class labels");
    (split, train, test)
}

/// The model a fit on valid input returned; an error fails with what it most likely means.
#[track_caller]
fn fit_of_valid_input(result: Result<SoftmaxModel, SoftmaxError>) -> SoftmaxModel {
    match result {
        Ok(m) => m,
        Err(
            error @ (SoftmaxError::ColumnsMismatch { .. }
            | SoftmaxError::LabelOutOfRange { .. }
            | SoftmaxError::ModelShape { .. }),
        ) => fail(format!(
            "fit returned an error on valid input: {error}\n    likely mistake: the model it \
             built does not match x and y: start from SoftmaxModel::zeros(p, k), with p = \
             x.ncols() features first and k = class_count(y)? classes second (W is p × k)"
        )),
        Err(error) => fail(format!(
            "fit returned an error on valid input: {error}\n    This input is fine: check the \
             conditions under which your code returns Err."
        )),
    }
}

/// Short text for a value a function returned where an error was expected.
fn shape_of(a: &Array2<f64>) -> String {
    format!("a {} × {} matrix", a.nrows(), a.ncols())
}

// ---------------------------------------------------------------------------------------
// softmax and log_softmax

#[test]
fn softmax_by_hand() {
    let (l2, l3) = (2.0f64.ln(), 3.0f64.ln());
    let z = array![[0.0, l2, l3], [2.0, 0.0, 2.0]];
    let got = call!(softmax_regression::softmax(z.view()));
    let e2 = 2.0f64.exp();
    let expected = array![
        [1.0 / 6.0, 2.0 / 6.0, 3.0 / 6.0],
        [
            e2 / (2.0 * e2 + 1.0),
            1.0 / (2.0 * e2 + 1.0),
            e2 / (2.0 * e2 + 1.0)
        ]
    ];
    let exp_z = z.mapv(f64::exp);
    let by_columns = &exp_z / &exp_z.sum_axis(Axis(0));
    let whole = &exp_z / exp_z.sum();
    let row_sums = z.sum_axis(Axis(1)).insert_axis(Axis(1));
    expect_array(
        "softmax of the rows (0, ln 2, ln 3) and (2, 0, 2)",
        &got,
        &expected,
    )
    .no_generic_diagnosis()
    .mistake_array(
        &by_columns,
        "you normalized each column: softmax normalizes each ROW (one row per sample, its k \
         class probabilities sum to 1)",
    )
    .mistake_array(
        &whole,
        "you divided by the sum over the whole matrix: each row is normalized on its own",
    )
    .mistake_array(
        &(&z / &row_sums),
        "you normalized the logits themselves: softmax exponentiates first, e^(z_c) / Σ_j e^(z_j)",
    )
    .mistake_array(
        &softmax_by_rows(z.view()).mapv(f64::ln),
        "that is ln softmax: softmax returns the probabilities",
    )
    .mistake_array(
        &(&(&z
            - &z.fold_axis(Axis(1), f64::NEG_INFINITY, |&a, &b| a.max(b))
                .insert_axis(Axis(1)))
            .mapv(f64::exp)
            / &row_sums),
        "you divided by the sum of the logits: divide by the sum of the EXPONENTIALS, \
         Σ_j e^(z_j − m), taken after exponentiating (each row then sums to 1)",
    )
    .assert();
    // One logit per row: probability 1. No rows: an empty matrix of the same shape.
    let got = call!(softmax_regression::softmax(array![[3.0], [-1000.0]].view()));
    expect_array(
        "softmax of the one-logit rows (3) and (−1000)",
        &got,
        &array![[1.0], [1.0]],
    )
    .no_generic_diagnosis()
    .assert();
    let got = call!(softmax_regression::softmax(
        Array2::<f64>::zeros((0, 3)).view()
    ));
    require(got.dim() == (0, 3), || {
        format!(
            "softmax of a 0 × 3 matrix: expected an empty 0 × 3 matrix, got {}",
            shape_of(&got)
        )
    });
}

/// Rows with logits of ±1000: e^1000 overflows unless each row's maximum is subtracted.
fn huge_logits() -> Array2<f64> {
    array![
        [1000.0, -1000.0, 0.0],
        [-1000.0, -1000.0, -1000.0],
        [1000.0, 1000.0, -1000.0]
    ]
}

#[test]
fn softmax_of_logits_of_plus_minus_1000() {
    let z = huge_logits();
    let got = call!(softmax_regression::softmax(z.view()));
    let third = 1.0 / 3.0;
    let expected = array![[1.0, 0.0, 0.0], [third, third, third], [0.5, 0.5, 0.0]];
    if let Some(i) = first_non_finite_row(&got) {
        fail(format!(
            "softmax of the row {}: got a non-finite value ({})\n    likely mistake: {}",
            fmt_row(z.row(i)),
            fmt_row(got.row(i)),
            shift_diagnosis(|z| call!(softmax_regression::softmax(z)), false)
        ));
    }
    expect_array(
        "softmax of the rows (1000, −1000, 0), (−1000, −1000, −1000), (1000, 1000, −1000)",
        &got,
        &expected,
    )
    .tol(Tolerance::abs(1e-12))
    .no_generic_diagnosis()
    .assert();
}

fn first_non_finite_row(a: &Array2<f64>) -> Option<usize> {
    a.outer_iter()
        .position(|row| row.iter().any(|v| !v.is_finite()))
}

/// Which mistaken shift breaks the learner's softmax (or log_softmax), told apart by
/// probes that only one of them fails on.
fn shift_diagnosis(f: impl Fn(ArrayView2<f64>) -> Array2<f64>, log: bool) -> &'static str {
    let breaks = |z: Array2<f64>| first_non_finite_row(&f(z.view())).is_some();
    if log && breaks(array![[0.0, -1000.0]]) {
        // Every shift gets (0, −1000) right; only ln of a probability that underflowed
        // to 0 does not.
        return "a probability underflowed to 0 and its ln is −∞: you took ln of the softmax. \
                Compute z_c − m − ln Σ_j e^(z_j − m) (log-sum-exp) instead";
    }
    if breaks(array![[1000.0, 0.0]]) {
        "e^1000 overflows to ∞ (and ∞/∞ or ∞ − ∞ is NaN): subtract each row's largest logit \
         m first, e^(z_c − m), so that every exponent is ≤ 0 and the largest is e^0 = 1"
    } else if breaks(array![[-1000.0, -1001.0]]) {
        "the row (−1000, −1001) breaks: your maximum started at 0 (fold(0.0, …)) instead of \
         −∞ (or the first logit), so a row of negative logits was shifted by 0 and every \
         e^(z − 0) underflowed to 0. Start the maximum at f64::NEG_INFINITY"
    } else {
        "only the row of three −1000 broke: you subtracted the largest logit of the whole \
         matrix (1000), and e^(−2000) = 0 for every entry makes 0/0. Subtract each row's own \
         maximum"
    }
}

fn fmt_row(row: ArrayView1<f64>) -> String {
    let parts: Vec<String> = row.iter().map(|v| format!("{v}")).collect();
    format!("({})", parts.join(", "))
}

#[test]
fn log_softmax_by_hand() {
    let (l2, l3) = (2.0f64.ln(), 3.0f64.ln());
    let z = array![[0.0, l2, l3], [2.0, 0.0, 2.0]];
    let got = call!(softmax_regression::log_softmax(z.view()));
    let expected = softmax_by_rows(z.view()).mapv(f64::ln);
    let max = array![[l3], [2.0]];
    let exp_sum = array![[6.0f64.ln() - l3], [(2.0 + (-2.0f64).exp()).ln()]];
    expect_array(
        "log_softmax of the rows (0, ln 2, ln 3) and (2, 0, 2)",
        &got,
        &expected,
    )
    .no_generic_diagnosis()
    .mistake_array(
        &(&z - &exp_sum),
        "the row maximum m was not subtracted: ln softmax(z)_c = z_c − m − ln Σ_j e^(z_j − m) \
         (the log-sum-exp is m + ln Σ_j e^(z_j − m): its m counts too)",
    )
    .mistake_array(
        &(&z - &max),
        "you returned z − m, without the log-sum: ln softmax(z)_c = z_c − m − ln Σ_j e^(z_j − m)",
    )
    .mistake_array(
        &softmax_by_rows(z.view()),
        "those are the probabilities: log_softmax returns their natural log",
    )
    .mistake_array(
        &(&(&z - &max) - &exp_sum.mapv(f64::exp).mapv(f64::ln_1p)),
        "you took ln_1p of the sum: ln_1p(s) is ln(1 + s), and the log-sum-exp is m + ln(s) \
         with s = Σ_j e^(z_j − m)",
    )
    .mistake_array(
        &(&z - &(&max + &exp_sum)).t().to_owned(),
        "rows and columns are swapped",
    )
    .assert();
    let got = call!(softmax_regression::log_softmax(
        array![[3.0], [-1000.0]].view()
    ));
    expect_array(
        "log_softmax of the one-logit rows (3) and (−1000)",
        &got,
        &array![[0.0], [0.0]],
    )
    .tol(Tolerance::abs(1e-12))
    .no_generic_diagnosis()
    .mistake_array(
        &array![[3.0], [-1000.0]],
        "the log-sum-exp was not subtracted: a row of one logit has probability 1, ln 1 = 0",
    )
    .assert();
}

#[test]
fn log_softmax_of_logits_of_plus_minus_1000() {
    let z = huge_logits();
    let got = call!(softmax_regression::log_softmax(z.view()));
    let (l2, l3) = (2.0f64.ln(), 3.0f64.ln());
    let expected = array![
        [0.0, -2000.0, -1000.0],
        [-l3, -l3, -l3],
        [-l2, -l2, -2000.0 - l2]
    ];
    if let Some(i) = first_non_finite_row(&got) {
        fail(format!(
            "log_softmax of the row {}: got a non-finite value ({})\n    likely mistake: {}",
            fmt_row(z.row(i)),
            fmt_row(got.row(i)),
            shift_diagnosis(|z| call!(softmax_regression::log_softmax(z)), true)
        ));
    }
    expect_array(
        "log_softmax of the rows (1000, −1000, 0), (−1000, −1000, −1000), (1000, 1000, −1000)",
        &got,
        &expected,
    )
    .tol(Tolerance {
        rel: 1e-12,
        abs: 1e-9,
    })
    .no_generic_diagnosis()
    .assert();
}

// ---------------------------------------------------------------------------------------
// logits, loss, gradient

#[test]
fn logits_by_hand() {
    let (m, x, _) = three_classes();
    let got = call_ok!(softmax_regression::logits(&m, x.view()));
    // Row (1, 0): (1, 0, −1) + b;  (0, 1): (0.5, 0.5, −0.25) + b; …
    let without_b = x.dot(&m.coefficients);
    let expected = &without_b + &m.intercepts;
    expect_array("logits X·W + b of the 3-class case", &got, &expected)
        .no_generic_diagnosis()
        .mistake_array(&without_b, "you forgot to add the intercepts b")
        .mistake_array(
            &(&without_b - &m.intercepts),
            "you subtracted the intercepts: Z = X·W + b",
        )
        .assert();
}

#[test]
fn loss_by_hand() {
    // The doc's case: J = ln 4/3 at λ = 0, plus (0.5/2)·(ln 3)² at λ = 0.5.
    let m = model(array![0.0, 0.0], array![[3.0f64.ln(), 0.0]]);
    let x = array![[1.0], [-1.0]];
    let y = array![0, 1];
    let got = call_ok!(softmax_regression::loss(&m, x.view(), y.view(), 0.0));
    let ln43 = (4.0f64 / 3.0).ln();
    expect(
        "loss of the doc's case (x = (1, −1), y = (0, 1), W = [[ln 3, 0]], λ = 0)",
        got,
        ln43,
    )
    .n(2)
    .mistake(
        4.0f64.ln(),
        "each row cost −ln of the OTHER class's probability: a row of class c costs \
         −ln softmax(z)_c, with c its own label",
    )
    .assert();

    let (m, x, y) = three_classes();
    let l2 = 0.3;
    let data = cross_entropy(&m, x.view(), y.view());
    let w2 = squared_norm(&m.coefficients);
    let b2 = m.intercepts.dot(&m.intercepts);
    let n = 4.0;
    let k = 3.0;
    let got = call_ok!(softmax_regression::loss(&m, x.view(), y.view(), l2));
    // One binary cross-entropy per class: −Σ_c [Y ln P + (1 − Y) ln(1 − P)], averaged.
    let p = softmax_by_rows(logits_of(&m, x.view()).view());
    let binary: f64 = p
        .outer_iter()
        .zip(&y)
        .map(|(row, &label)| {
            row.iter()
                .enumerate()
                .map(|(c, &pc)| {
                    if c == label {
                        -pc.ln()
                    } else {
                        -(1.0 - pc).ln()
                    }
                })
                .sum::<f64>()
        })
        .sum::<f64>()
        / n;
    expect(
        "loss of the 3-class case (4 rows, b and W all nonzero, λ = 0.3)",
        got,
        data + 0.5 * l2 * w2,
    )
    .no_generic_diagnosis()
    .mistake(
        data + 0.5 * l2 * (w2 + b2),
        "you penalized the intercepts: the penalty is (λ/2)·Σ W[j, c]², without b",
    )
    .mistake(
        data + l2 * w2,
        "the penalty is (λ/2)·Σ W², you forgot the ½",
    )
    .mistake(data, "the penalty (λ/2)·Σ W[j, c]² is missing")
    .mistake(
        data + 0.5 * l2 * w2.sqrt(),
        "the penalty is (λ/2) times the sum of the squared weights, Σ W[j, c]², not the norm \
         √(Σ W²)",
    )
    .mistake(
        data + 0.5 * l2 * w2 / n,
        "you divided the penalty by n too: J = (1/n)·Σ costs + (λ/2)·Σ W², only the costs are \
         averaged",
    )
    .mistake(
        data * n + 0.5 * l2 * w2,
        "you summed the rows' costs: J averages them, (1/n)·Σᵢ",
    )
    .mistake(
        data / k + 0.5 * l2 * w2,
        "you averaged over all n·k entries of Y∘ln P: divide the sum of the rows' costs by n \
         only",
    )
    .mistake(
        binary + 0.5 * l2 * w2,
        "you added a binary cross-entropy per class (−ln(1 − p) for the other classes): a row \
         costs only −ln of its own class's probability",
    )
    .assert();
}

#[test]
fn loss_at_logits_of_plus_minus_1000_is_finite() {
    // Row 0 has logits (1000, −1000), row 1 (−1000, 1000).
    let m = model(array![0.0, 0.0], array![[1000.0, -1000.0]]);
    let x = array![[1.0], [-1.0]];
    for (y, why) in [
        (
            array![1, 1],
            "row 0 costs 2000 (a confident mistake), row 1 costs 0",
        ),
        (array![0, 0], "row 0 costs 0, row 1 costs 2000"),
    ] {
        let got = call_ok!(softmax_regression::loss(&m, x.view(), y.view(), 0.0));
        require(got.is_finite(), || {
            format!(
                "loss at logits of ±1000 with labels {y}: got {got}\n    likely mistake: a \
                 probability rounded to 0 and its ln is −∞ (ln of softmax), or e^1000 \
                 overflowed: take each row's cost from log_softmax, z_c − m − ln Σ_j e^(z_j − m)"
            )
        });
        expect(
            format!("loss at logits of ±1000, labels {y} ({why}), λ = 0"),
            got,
            1000.0,
        )
        .tol(Tolerance::abs(1e-9))
        .assert();
    }
}

/// Checks that the learner's gradient has W's layout before comparing values.
fn require_gradient_layout(what: &str, got: &SoftmaxGradient, p: usize, k: usize) {
    if got.coefficients.dim() == (k, p) && k != p {
        fail(format!(
            "{what}: ∂J/∂W is {k} × {p}, expected {p} × {k} (W's layout: one row per feature, \
             one column per class)\n    likely mistake: you returned (P − Y)ᵀX / n; the \
             gradient of W is its transpose, Xᵀ(P − Y) / n"
        ));
    }
    require(got.coefficients.dim() == (p, k), || {
        format!(
            "{what}: ∂J/∂W is {} × {}, expected {p} × {k} (W's layout)",
            got.coefficients.nrows(),
            got.coefficients.ncols()
        )
    });
    require(got.intercepts.len() == k, || {
        format!(
            "{what}: ∂J/∂b has {} values, expected one per class ({k})",
            got.intercepts.len()
        )
    });
}

/// Compares the learner's gradient with the doc's, naming the mistakes that would give
/// the learner's numbers instead.
fn check_gradient(
    what: &str,
    got: &SoftmaxGradient,
    m: &SoftmaxModel,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    l2: f64,
) {
    let (p, k) = m.coefficients.dim();
    require_gradient_layout(what, got, p, k);
    let n = y.len() as f64;
    let e = errors_of(m, x, y);
    let data_b = e.sum_axis(Axis(0)) / n;
    let data_w = x.t().dot(&e) / n;
    let w = &m.coefficients;
    let no_b = model(Array1::zeros(k), w.clone());
    let e_no_b = errors_of(&no_b, x, y);
    let no_intercepts = "P was computed from logits without the intercepts: Z = X·W + b (use \
                         logits(model, x)?)";
    expect_array(format!("∂J/∂b of {what}"), &got.intercepts, &data_b)
        .no_generic_diagnosis()
        .mistake_array(&(e_no_b.sum_axis(Axis(0)) / n), no_intercepts)
        .mistake_array(
            &(&data_b + &(&m.intercepts * l2)),
            "the intercepts' gradient has a penalty term: b is not penalized",
        )
        .mistake_array(
            &-&data_b,
            "the sign is flipped: ∂J/∂b is the mean of P − Y, not of Y − P",
        )
        .mistake_array(
            &(&data_b * n),
            "you summed the rows of P − Y: ∂J/∂b is their mean (divide by n)",
        )
        .assert();
    expect_array(
        format!("∂J/∂W of {what}"),
        &got.coefficients,
        &(&data_w + &(w * l2)),
    )
    .no_generic_diagnosis()
    .mistake_array(
        &(-&data_w + &(w * l2)),
        "the data term has the wrong sign: Xᵀ(P − Y) / n, prediction minus label",
    )
    .mistake_array(&data_w, "the penalty's gradient λ·W is missing")
    .mistake_array(&(x.t().dot(&e_no_b) / n + &(w * l2)), no_intercepts)
    .mistake_array(
        &(&data_w + &(w * (l2 / n))),
        if y.len() == 2 {
            // With n = 2 the two mistakes give the same numbers.
            "the penalty's gradient is λ·W, you halved it: either you divided the penalty's \
             gradient by n too (n = 2 here), or the ½ of (λ/2)·Σ W² cancels against the 2 of \
             the square and should not be there"
        } else {
            "you divided the penalty's gradient by n too: ∂J/∂W = Xᵀ(P − Y) / n + λ·W"
        },
    )
    .mistake_array(
        &(&data_w + &(w * (l2 / 2.0))),
        "the penalty's gradient is λ·W: the ½ of (λ/2)·Σ W² cancels against the 2 of the \
         square",
    )
    .mistake_array(
        &(&data_w * n + &(w * l2)),
        "you summed over the rows: ∂J/∂W = Xᵀ(P − Y) / n, divided by n like ∂J/∂b",
    )
    .assert();
}

#[test]
fn gradient_by_hand() {
    // The doc's case: P − Y = [[−¼, ¼], [¼, −¼]], ∂J/∂b = 0, ∂J/∂W = [[−¼, ¼]] (+ λW).
    let m = model(array![0.0, 0.0], array![[3.0f64.ln(), 0.0]]);
    let x = array![[1.0], [-1.0]];
    let y = array![0, 1];
    let got = call_ok!(softmax_regression::gradient(&m, x.view(), y.view(), 0.5));
    require_gradient_layout("the doc's case", &got, 1, 2);
    // By hand: ∂J/∂b = (0, 0), ∂J/∂W = [[−¼ + 0.5·ln 3, ¼]]; the doc's formulas give the same.
    check_gradient(
        "the doc's case (x = (1, −1), y = (0, 1), W = [[ln 3, 0]], λ = 0.5)",
        &got,
        &m,
        x.view(),
        y.view(),
        0.5,
    );
    let (m, x, y) = three_classes();
    let got = call_ok!(softmax_regression::gradient(&m, x.view(), y.view(), 0.3));
    check_gradient(
        "the 3-class case (4 rows, b and W nonzero, λ = 0.3)",
        &got,
        &m,
        x.view(),
        y.view(),
        0.3,
    );
}

#[test]
fn gradient_matches_finite_differences_on_wine() {
    let (split, y, _) = prepared(&datasets::wine());
    let x = split.x_train.view();
    let l2 = 0.05;
    let (p, k) = (x.ncols(), 3);
    let at = model(
        Array1::linspace(-0.3, 0.3, k),
        Array2::from_shape_fn((p, k), |(j, c)| 0.1 * ((j * k + c) as f64).sin()),
    );
    let got = call_ok!(softmax_regression::gradient(&at, x, y.view(), l2));
    require_gradient_layout("gradient on wine", &got, p, k);
    // Central differences of J, written out in the grader, for every parameter.
    let h = 1e-6;
    let mut probe = at.clone();
    let mut numeric_b = Array1::zeros(k);
    for c in 0..k {
        probe.intercepts[c] = at.intercepts[c] + h;
        let up = objective(&probe, x, y.view(), l2);
        probe.intercepts[c] = at.intercepts[c] - h;
        let down = objective(&probe, x, y.view(), l2);
        probe.intercepts[c] = at.intercepts[c];
        numeric_b[c] = (up - down) / (2.0 * h);
    }
    let mut numeric_w = Array2::zeros((p, k));
    for j in 0..p {
        for c in 0..k {
            probe.coefficients[[j, c]] = at.coefficients[[j, c]] + h;
            let up = objective(&probe, x, y.view(), l2);
            probe.coefficients[[j, c]] = at.coefficients[[j, c]] - h;
            let down = objective(&probe, x, y.view(), l2);
            probe.coefficients[[j, c]] = at.coefficients[[j, c]];
            numeric_w[[j, c]] = (up - down) / (2.0 * h);
        }
    }
    let tol = Tolerance {
        rel: 1e-5,
        abs: 1e-7,
    };
    expect_array(
        "∂J/∂b on standardized wine (λ = 0.05) vs central differences of J",
        &got.intercepts,
        &numeric_b,
    )
    .tol(tol)
    .n(y.len())
    .assert();
    expect_array(
        "∂J/∂W on standardized wine (λ = 0.05) vs central differences of J",
        &got.coefficients,
        &numeric_w,
    )
    .tol(tol)
    .n(y.len())
    .assert();
}

// ---------------------------------------------------------------------------------------
// scikit-learn's optimum and linfa-logistic

/// A dataset's name, data, scikit-learn's test accuracy, test log-loss and objective
/// divided by C·n at the optimum (datasets/README.md, C = 1).
struct Published {
    name: &'static str,
    data: fn() -> datasets::Dataset,
    accuracy: f64,
    log_loss: f64,
    objective: f64,
}

const IRIS: Published = Published {
    name: "iris",
    data: datasets::iris,
    accuracy: 0.933,
    log_loss: 0.17399,
    objective: 0.2211919,
};
const WINE: Published = Published {
    name: "wine",
    data: datasets::wine,
    accuracy: 0.972,
    log_loss: 0.07389,
    objective: 0.0711010,
};

/// linfa-logistic's multinomial model run to its optimum, as a `SoftmaxModel`. linfa
/// minimizes Σ cross-entropy + (α/2)‖W‖²: α = 1 is n·J with λ = 1/n (scikit-learn's C = 1).
fn linfa_optimum(x: ArrayView2<f64>, y: ArrayView1<usize>) -> (SoftmaxModel, Array2<f64>) {
    let fitted = MultiLogisticRegression::default()
        .alpha(1.0)
        .max_iterations(1_000)
        .gradient_tolerance(1e-8)
        .fit(&linfa::Dataset::new(x.to_owned(), y.to_owned()))
        .expect("linfa-logistic fits the dataset");
    assert_eq!(
        fitted.classes(),
        &[0, 1, 2],
        "linfa's classes are the labels"
    );
    let m = model(fitted.intercept().clone(), fitted.params().clone());
    (m, fitted.predict_probabilities(&x))
}

#[test]
fn loss_and_gradient_at_the_optimum_of_iris_and_wine() {
    for published in [IRIS, WINE] {
        let (split, y, _) = prepared(&(published.data)());
        let x = split.x_train.view();
        let n = y.len();
        let l2 = 1.0 / n as f64;
        let (optimum, _) = linfa_optimum(x, y.view());
        let truth = objective(&optimum, x, y.view(), l2);
        assert!(
            (truth - published.objective).abs() < 1e-7,
            "grader self-check: linfa's optimum on {} has J = {truth}, scikit-learn's is {}",
            published.name,
            published.objective
        );
        let got = call_ok!(softmax_regression::loss(&optimum, x, y.view(), l2));
        let data = cross_entropy(&optimum, x, y.view());
        let w2 = squared_norm(&optimum.coefficients);
        let b2 = optimum.intercepts.dot(&optimum.intercepts);
        expect(
            format!(
                "loss on {} (train rows) at the optimum (λ = 1/n = 1/{n}): scikit-learn's \
                 objective / (C·n)",
                published.name
            ),
            got,
            published.objective,
        )
        .tol(Tolerance::abs(1e-7))
        .no_generic_diagnosis()
        .mistake(data, "the penalty (λ/2)·Σ W² is missing")
        .mistake(
            data + l2 * w2,
            "the penalty is (λ/2)·Σ W²: the ½ is missing",
        )
        .mistake(
            data + 0.5 * l2 * (w2 + b2),
            "you penalized the intercepts too; scikit-learn does not",
        )
        .mistake(
            data * n as f64 + 0.5 * l2 * w2,
            "you summed the rows' costs instead of averaging them",
        )
        .assert();
        // The gradient vanishes at the optimum; what a mistaken gradient gives there instead.
        let g = call_ok!(softmax_regression::gradient(&optimum, x, y.view(), l2));
        require_gradient_layout(&format!("gradient on {}", published.name), &g, x.ncols(), 3);
        let (_, gw) = gradient_by_the_doc(&optimum, x, y.view(), l2);
        let data_w = &gw - &(&optimum.coefficients * l2);
        expect_array(
            format!(
                "∂J/∂W on {} at the optimum (λ = 1/n): 0 up to linfa's tolerance",
                published.name
            ),
            &g.coefficients,
            &Array2::<f64>::zeros(gw.raw_dim()),
        )
        .tol(Tolerance::abs(1e-6))
        .no_generic_diagnosis()
        .mistake_array(&data_w, "the penalty's gradient λ·W is missing")
        .mistake_array(
            &(&data_w + &(&optimum.coefficients * (2.0 * l2))),
            "the penalty's gradient is λ·W, not 2λ·W",
        )
        .mistake_array(
            &(&data_w + &(&optimum.coefficients * (l2 * n as f64))),
            "the penalty's gradient is λ·W with λ = 1/n here: you multiplied it by n (did you \
             sum the data term and not scale the penalty?)",
        )
        .assert();
        expect_array(
            format!("∂J/∂b on {} at the optimum: 0", published.name),
            &g.intercepts,
            &Array1::<f64>::zeros(3),
        )
        .tol(Tolerance::abs(1e-6))
        .no_generic_diagnosis()
        .mistake_array(
            &(&optimum.intercepts * l2),
            "the intercepts' gradient has a penalty term: b is not penalized",
        )
        .assert();
    }
}

/// η = 1, μ = 0.9, 200 steps, λ = 1/n: the doc's settings.
fn fit_published(published: &Published) {
    let (split, y, y_test) = prepared(&(published.data)());
    let x = split.x_train.view();
    let n = y.len();
    let l2 = 1.0 / n as f64;
    let params = SoftmaxParams::new(1.0).momentum(0.9).iterations(200).l2(l2);
    let fitted = fit_of_valid_input(call!(softmax_regression::fit(x, y.view(), &params)));
    require(
        fitted.coefficients.dim() == (x.ncols(), 3) && fitted.intercepts.len() == 3,
        || {
            format!(
                "fit on {}: W is {} × {} with {} intercepts, expected {} × 3 with 3",
                published.name,
                fitted.coefficients.nrows(),
                fitted.coefficients.ncols(),
                fitted.intercepts.len(),
                x.ncols()
            )
        },
    );
    let reached = objective(&fitted, x, y.view(), l2);
    expect(
        format!(
            "J (computed by the grader) of your fit on {} (η = 1, μ = 0.9, 200 steps, λ = 1/n): \
             scikit-learn's optimum",
            published.name
        ),
        reached,
        published.objective,
    )
    .tol(Tolerance::abs(2e-7))
    .no_generic_diagnosis()
    .assert();
    let predicted = call_ok!(softmax_regression::predict(&fitted, split.x_test.view()));
    let accuracy = agreement(predicted.view(), y_test.view());
    require((accuracy - published.accuracy).abs() < 5e-4, || {
        format!(
            "test accuracy on {} at the optimum: expected {} (scikit-learn), got {accuracy:.3}",
            published.name, published.accuracy
        )
    });
    let p = call_ok!(softmax_regression::predict_proba(
        &fitted,
        split.x_test.view()
    ));
    let log_loss = -y_test
        .iter()
        .enumerate()
        .map(|(i, &c)| p[[i, c]].ln())
        .sum::<f64>()
        / y_test.len() as f64;
    expect(
        format!(
            "test log-loss of predict_proba on {} (scikit-learn: {})",
            published.name, published.log_loss
        ),
        log_loss,
        published.log_loss,
    )
    .tol(Tolerance::abs(2e-5))
    .no_generic_diagnosis()
    .assert();
    // linfa-logistic's probabilities at its optimum, on the training rows.
    let (_, linfa_p) = linfa_optimum(x, y.view());
    let ours = call_ok!(softmax_regression::predict_proba(&fitted, x));
    let gap = (&ours - &linfa_p)
        .mapv(f64::abs)
        .fold(0.0, |a: f64, &b| a.max(b));
    require(gap < 1e-4, || {
        format!(
            "predict_proba on the {} training rows differs from linfa-logistic's \
             MultiLogisticRegression (alpha = 1, the same optimum) by up to {gap:.2e}; below \
             1e-4 was expected",
            published.name
        )
    });
}

#[test]
fn fit_reaches_scikit_learns_optimum_on_iris() {
    fit_published(&IRIS);
}

#[test]
fn fit_reaches_scikit_learns_optimum_on_wine() {
    fit_published(&WINE);
}

#[test]
fn fit_on_digits_nears_scikit_learns_optimum() {
    // 1437 rows × 64 pixels, 10 classes. 100 steps at η = 3 are 1.3e-3 above the optimum
    // (0.0664616) and already classify almost like it; a full run would make the verdict
    // slow (the learner's code runs unoptimized).
    let (split, y, y_test) = prepared(&datasets::digits());
    let x = split.x_train.view();
    let l2 = 1.0 / y.len() as f64;
    let params = SoftmaxParams::new(3.0).momentum(0.9).iterations(100).l2(l2);
    let fitted = fit_of_valid_input(call!(softmax_regression::fit(x, y.view(), &params)));
    require(
        fitted.coefficients.dim() == (64, 10) && fitted.intercepts.len() == 10,
        || {
            format!(
                "fit on digits: W is {} × {} with {} intercepts, expected 64 × 10 with 10",
                fitted.coefficients.nrows(),
                fitted.coefficients.ncols(),
                fitted.intercepts.len()
            )
        },
    );
    let reached = objective(&fitted, x, y.view(), l2);
    let optimum = 0.0664616;
    require(reached.is_finite() && reached - optimum < 2e-3, || {
        format!(
            "J (computed by the grader) of your fit on digits (η = 3, μ = 0.9, 100 steps, \
             λ = 1/n): {reached:.7}; scikit-learn's optimum is {optimum}, and these steps reach \
             within 2e-3 of it (0.06771)\n    likely mistake: check the steps against the \
             hand-worked fit checks (the look-ahead gradient, the velocity update)"
        )
    });
    let predicted = call_ok!(softmax_regression::predict(&fitted, split.x_test.view()));
    let accuracy = agreement(predicted.view(), y_test.view());
    require(accuracy >= 0.964, || {
        format!(
            "test accuracy on digits: expected at least 0.964 (scikit-learn reaches 0.972 at \
             the optimum), got {accuracy:.3}"
        )
    });
}

// ---------------------------------------------------------------------------------------
// fit's procedure

/// Ways of taking the steps: the doc's, and mistaken ones to name.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Descent {
    Doc,
    OneStepTooMany,
    /// μ ignored: plain gradient descent.
    NoMomentum,
    /// g taken at θ, not at θ + μV.
    HeavyBall,
    RateIgnored,
    PenaltyIgnored,
    /// V ← V − ηg (μ not applied to the old velocity).
    VelocityNotDecayed,
    /// θ ← θ + V with the velocity from before this step's update.
    StaleVelocity,
    /// look-ahead at θ − μV.
    LookAheadBackwards,
    /// b never moves.
    InterceptsFrozen,
    /// PyTorch's form: buf ← μ·buf + g with g at θ, θ ← θ − η·(g + μ·buf). Its θ is the
    /// doc's look-ahead point θ + μV, so it also stands for returning that point.
    PyTorch,
}

fn descent_mistake(descent: Descent) -> &'static str {
    match descent {
        Descent::Doc => "",
        Descent::OneStepTooMany => {
            "one step too many: take exactly params.iterations steps (for _ in 0..iterations)"
        }
        Descent::NoMomentum => {
            "that is plain gradient descent: the momentum μ = params.momentum was not used \
             (V ← μ·V − η·g, θ ← θ + V)"
        }
        Descent::HeavyBall => {
            "that is heavy-ball momentum: Nesterov takes the gradient at the look-ahead point \
             θ + μ·V, not at θ"
        }
        Descent::RateIgnored => {
            "the learning rate was ignored: V ← μ·V − η·g with η = params.learning_rate"
        }
        Descent::PenaltyIgnored => {
            "the penalty was left out of the steps: pass params.l2 to the gradient"
        }
        Descent::VelocityNotDecayed => {
            "the old velocity was kept whole: V ← μ·V − η·g (multiply it by μ)"
        }
        Descent::StaleVelocity => {
            "θ moved by the velocity of the previous step: update V first (V ← μ·V − η·g), \
             then θ ← θ + V with the new V"
        }
        Descent::LookAheadBackwards => {
            "the look-ahead point was θ − μ·V: the gradient is taken at θ + μ·V, where the \
             momentum is carrying the model"
        }
        Descent::PyTorch => {
            // The same iterates: PyTorch's parameters are the doc's look-ahead point.
            "you returned the look-ahead point θ + μ·V instead of θ, or (the same numbers) used \
             PyTorch's form of Nesterov (buf ← μ·buf + g with g taken at θ, θ ← θ − η·(g + \
             μ·buf)), whose parameters are the doc's look-ahead point: keep θ, take g at θ + \
             μ·V, then V ← μ·V − η·g and θ ← θ + V, and return θ"
        }
        Descent::InterceptsFrozen => {
            "the intercepts never moved: b steps like W (its gradient is the mean of the rows of \
             P − Y)"
        }
    }
}

/// The doc's steps written out here, with a mistake when asked: (b, W) flattened.
fn grader_fit(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    k: usize,
    params: &SoftmaxParams,
    descent: Descent,
) -> Array1<f64> {
    let eta = if descent == Descent::RateIgnored {
        1.0
    } else {
        params.learning_rate
    };
    let mu = if descent == Descent::NoMomentum {
        0.0
    } else {
        params.momentum
    };
    let l2 = if descent == Descent::PenaltyIgnored {
        0.0
    } else {
        params.l2
    };
    let steps = params.iterations + usize::from(descent == Descent::OneStepTooMany);
    let p = x.ncols();
    let mut theta = SoftmaxModel::zeros(p, k);
    let mut v = SoftmaxModel::zeros(p, k);
    for _ in 0..steps {
        if descent == Descent::PyTorch {
            let (gb, gw) = gradient_by_the_doc(&theta, x, y, l2);
            v = model(&v.intercepts * mu + &gb, &v.coefficients * mu + &gw);
            theta.intercepts -= &((&gb + &(&v.intercepts * mu)) * eta);
            theta.coefficients -= &((&gw + &(&v.coefficients * mu)) * eta);
            continue;
        }
        let ahead = match descent {
            Descent::HeavyBall => theta.clone(),
            Descent::LookAheadBackwards => model(
                &theta.intercepts - &(&v.intercepts * mu),
                &theta.coefficients - &(&v.coefficients * mu),
            ),
            _ => model(
                &theta.intercepts + &(&v.intercepts * mu),
                &theta.coefficients + &(&v.coefficients * mu),
            ),
        };
        let (gb, gw) = gradient_by_the_doc(&ahead, x, y, l2);
        let decay = if descent == Descent::VelocityNotDecayed {
            1.0
        } else {
            mu
        };
        let new_v = model(
            &v.intercepts * decay - &gb * eta,
            &v.coefficients * decay - &gw * eta,
        );
        let moved_by = if descent == Descent::StaleVelocity {
            v.clone()
        } else {
            new_v.clone()
        };
        if descent != Descent::InterceptsFrozen {
            theta.intercepts += &moved_by.intercepts;
        }
        theta.coefficients += &moved_by.coefficients;
        v = new_v;
    }
    flatten(&theta)
}

fn flatten(m: &SoftmaxModel) -> Array1<f64> {
    m.intercepts
        .iter()
        .chain(m.coefficients.iter())
        .copied()
        .collect()
}

#[test]
fn fit_takes_the_documented_nesterov_steps() {
    let (_, x, y) = three_classes();
    let cases = [
        (
            "1 step, η = 0.5, μ = 0.9, λ = 0.2",
            SoftmaxParams::new(0.5).momentum(0.9).iterations(1).l2(0.2),
        ),
        (
            "5 steps, η = 0.5, μ = 0.9, λ = 0.2",
            SoftmaxParams::new(0.5).momentum(0.9).iterations(5).l2(0.2),
        ),
        (
            "4 steps, η = 2, μ = 0.5, λ = 0",
            SoftmaxParams::new(2.0).momentum(0.5).iterations(4),
        ),
        (
            "3 steps, η = 0.7, μ = 0 (plain gradient descent), λ = 0.1",
            SoftmaxParams::new(0.7).momentum(0.0).iterations(3).l2(0.1),
        ),
        (
            "0 steps",
            SoftmaxParams::new(0.5).momentum(0.9).iterations(0),
        ),
    ];
    for (what, params) in cases {
        let fitted =
            fit_of_valid_input(call!(softmax_regression::fit(x.view(), y.view(), &params)));
        require(
            fitted.coefficients.dim() == (2, 3) && fitted.intercepts.len() == 3,
            || {
                format!(
                    "fit with {what} on 4 rows, 2 features, labels (2, 0, 1, 1): W is {} × {} \
                     with {} intercepts, expected 2 × 3 with 3 (one column per class)",
                    fitted.coefficients.nrows(),
                    fitted.coefficients.ncols(),
                    fitted.intercepts.len()
                )
            },
        );
        let expected = grader_fit(x.view(), y.view(), 3, &params, Descent::Doc);
        let mut check = expect_array(
            format!("(b₀, b₁, b₂, W row by row) after fit with {what}, from the zero model"),
            &flatten(&fitted),
            &expected,
        )
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis();
        for descent in [
            Descent::OneStepTooMany,
            Descent::NoMomentum,
            Descent::HeavyBall,
            Descent::RateIgnored,
            Descent::PenaltyIgnored,
            Descent::VelocityNotDecayed,
            Descent::StaleVelocity,
            Descent::LookAheadBackwards,
            Descent::InterceptsFrozen,
            Descent::PyTorch,
        ] {
            check = check.mistake_array(
                &grader_fit(x.view(), y.view(), 3, &params, descent),
                descent_mistake(descent),
            );
        }
        check.assert();
    }
}

#[test]
fn fit_counts_the_classes_from_the_largest_label() {
    let x = array![[1.0], [-1.0], [0.5], [-0.5]];
    // Labels 0 and 2: three classes, class 1 absent.
    let y = array![0, 2, 0, 2];
    let params = SoftmaxParams::new(0.5).momentum(0.5).iterations(20);
    let result = call!(softmax_regression::fit(x.view(), y.view(), &params));
    if let Err(SoftmaxError::LabelOutOfRange { classes, .. }) = result {
        fail(format!(
            "fit on labels (0, 2, 0, 2) returned LabelOutOfRange with classes = {classes}\n    \
             likely mistake: you counted the distinct labels (2); k is the largest label + 1 \
             (class_count), so class 1 exists and is merely absent"
        ));
    }
    let fitted = mlings::grade::ok("fit on labels (0, 2, 0, 2)", result);
    require(
        fitted.coefficients.dim() == (1, 3) && fitted.intercepts.len() == 3,
        || {
            let hint = if fitted.intercepts.len() == 2 {
                "\n    likely mistake: you counted the distinct labels (2); k is the largest \
                 label + 1 (class_count), so class 1 exists and is merely absent"
            } else {
                ""
            };
            format!(
                "fit on labels (0, 2, 0, 2): W is {} × {} with {} intercepts, expected 1 × 3 \
                 with 3{hint}",
                fitted.coefficients.nrows(),
                fitted.coefficients.ncols(),
                fitted.intercepts.len()
            )
        },
    );
    let expected = grader_fit(x.view(), y.view(), 3, &params, Descent::Doc);
    expect_array(
        "(b₀, b₁, b₂, W) after 20 steps on labels (0, 2, 0, 2): class 1's intercept falls",
        &flatten(&fitted),
        &expected,
    )
    .tol(Tolerance::rel(1e-9))
    .no_generic_diagnosis()
    .assert();
    // Every label 0: one class, which keeps probability 1 and a zero gradient.
    let fitted = fit_of_valid_input(call!(softmax_regression::fit(
        x.view(),
        array![0, 0, 0, 0].view(),
        &params
    )));
    require(
        fitted.coefficients.dim() == (1, 1)
            && fitted.intercepts.len() == 1
            && flatten(&fitted).iter().all(|&v| v == 0.0),
        || {
            format!(
                "fit on labels (0, 0, 0, 0): expected the zero model with 1 class (a 1 × 1 W, 1 \
                 intercept, all 0: one class always has probability 1, so the gradient is 0), \
                 got W {} × {}, {} intercepts, values {}",
                fitted.coefficients.nrows(),
                fitted.coefficients.ncols(),
                fitted.intercepts.len(),
                fmt_row(flatten(&fitted).view())
            )
        },
    );
}

// ---------------------------------------------------------------------------------------
// predict_proba and predict

#[test]
fn predict_proba_and_predict_by_hand() {
    let (m, x, _) = three_classes();
    let p = call_ok!(softmax_regression::predict_proba(&m, x.view()));
    let z = logits_of(&m, x.view());
    let expected = softmax_by_rows(z.view());
    expect_array("predict_proba of the 3-class case", &p, &expected)
        .no_generic_diagnosis()
        .mistake_array(&z, "those are the logits: predict_proba is their softmax")
        .mistake_array(
            &softmax_by_rows(x.dot(&m.coefficients).view()),
            "the intercepts are missing from the logits",
        )
        .assert();
    let got = call_ok!(softmax_regression::predict(&m, x.view()));
    // Row 2's logits are (0.5, 0.5, 0.5): a three-way tie, which goes to class 0.
    let wanted = argmax_rows(z.view(), |a, b| a > b);
    require(got == wanted, || {
        format!(
            "predict of the 3-class case (row 2's logits tie at 0.5): expected {wanted}, got \
             {got}{}",
            predict_hint(z.view(), &got)
        )
    });
    // Ties: classes 0 and 1 share the largest logit in row 0, classes 1 and 2 in row 1.
    let tied = model(array![1.0, 1.0, 0.0], array![[0.0, 1.0, 2.0]]);
    let got = call_ok!(softmax_regression::predict(
        &tied,
        array![[0.0], [1.0], [5.0]].view()
    ));
    // Row 0: logits (1, 1, 0) → 0; row 1: (1, 2, 2) → 1; row 2: (1, 6, 10) → 2.
    let wanted = array![0usize, 1, 2];
    require(got == wanted, || {
        format!(
            "predict with tied logits (1, 1, 0), (1, 2, 2), (1, 6, 10): expected {wanted}, got \
             {got}{}",
            predict_hint(
                logits_of(&tied, array![[0.0], [1.0], [5.0]].view()).view(),
                &got
            )
        )
    });
}

/// The index of each row's best logit: `better(a, b)` says when a replaces the best so far b.
fn argmax_rows(z: ArrayView2<f64>, better: impl Fn(f64, f64) -> bool) -> Array1<usize> {
    z.outer_iter()
        .map(|row| {
            (0..row.len()).fold(
                0,
                |best, c| if better(row[c], row[best]) { c } else { best },
            )
        })
        .collect()
}

/// What a wrong prediction reveals, if it matches a known mistake.
fn predict_hint(z: ArrayView2<f64>, got: &Array1<usize>) -> &'static str {
    if *got == argmax_rows(z, |a, b| a >= b) {
        "\n    likely mistake: a tie went to the LAST of the largest logits (>= where > was \
         meant, or Iterator::max_by, which returns the last maximum); it goes to the smallest \
         class index: keep the first, replace it only on a strictly larger logit"
    } else if *got == argmax_rows(z, |a, b| a < b) {
        "\n    likely mistake: you took the class with the SMALLEST logit; predict the largest"
    } else {
        ""
    }
}

// ---------------------------------------------------------------------------------------
// errors

/// The error the learner's function returned for bad input; a value or a panic fails with
/// what was checked and why it must be an error.
#[track_caller]
fn rejected<T: std::fmt::Debug>(
    what: &str,
    why: &str,
    f: impl FnOnce() -> Result<T, SoftmaxError>,
) -> SoftmaxError {
    match catch_panic(what, f) {
        Ok(result) => expect_err(what, why, result),
        Err(message) => fail(format!(
            "{what}: expected an error, but your code panicked: {message}\n    \
             why it must be an error: {why}"
        )),
    }
}

fn expect_error(
    what: &str,
    got: SoftmaxError,
    wanted: SoftmaxError,
    hints: &[(SoftmaxError, &str)],
) {
    mlings::grade::expect_error(what, got, wanted, hints);
}

#[test]
fn logits_and_predictions_check_the_model_then_the_columns() {
    let good = SoftmaxModel::zeros(2, 3);
    let bad = model(Array1::zeros(2), Array2::zeros((2, 3)));
    let x3 = array![[1.0, 2.0, 3.0]];
    let x2 = array![[1.0, 2.0]];
    let columns = SoftmaxError::ColumnsMismatch {
        columns: 3,
        features: 2,
    };
    let shape = SoftmaxError::ModelShape {
        intercepts: 2,
        classes: 3,
    };
    let swapped = SoftmaxError::ColumnsMismatch {
        columns: 2,
        features: 3,
    };
    let columns_hint = [(
        swapped,
        "the fields are swapped: columns is x.ncols(), features is W.nrows()",
    )];
    let shape_first = [(
        SoftmaxError::ColumnsMismatch {
            columns: 3,
            features: 2,
        },
        "the columns were checked first: ModelShape (one intercept per column of W) comes first",
    )];
    type Call<'a> =
        Box<dyn Fn(&SoftmaxModel, ArrayView2<f64>) -> Result<String, SoftmaxError> + 'a>;
    let calls: [(&str, Call); 3] = [
        (
            "logits",
            Box::new(|m, x| softmax_regression::logits(m, x).map(|z| shape_of(&z))),
        ),
        (
            "predict_proba",
            Box::new(|m, x| softmax_regression::predict_proba(m, x).map(|z| shape_of(&z))),
        ),
        (
            "predict",
            Box::new(|m, x| softmax_regression::predict(m, x).map(|c| format!("{c}"))),
        ),
    ];
    for (name, f) in &calls {
        let error = rejected(
            &format!("{name} of a 3-column x for a model of 2 features"),
            "x needs one column per row of W",
            || f(&good, x3.view()),
        );
        expect_error(
            &format!("{name}, 3 columns for 2 features"),
            error,
            columns.clone(),
            &columns_hint,
        );
        let error = rejected(
            &format!("{name} with a model of 2 intercepts for 3 classes"),
            "the model needs one intercept per column of W",
            || f(&bad, x2.view()),
        );
        expect_error(
            &format!("{name}, 2 intercepts and a 2 × 3 W"),
            error,
            shape.clone(),
            &[(
                SoftmaxError::ModelShape {
                    intercepts: 3,
                    classes: 2,
                },
                "the fields are swapped: intercepts is b.len(), classes is W.ncols()",
            )],
        );
        let error = rejected(
            &format!("{name} with 2 intercepts for 3 classes AND 3 columns for 2 features"),
            "two faults at once: ModelShape comes first",
            || f(&bad, x3.view()),
        );
        expect_error(
            &format!("{name}, two faults at once"),
            error,
            shape.clone(),
            &shape_first,
        );
    }
}

/// An input with faults, what it shows, the error expected and known wrong errors.
type OrderCase<'a> = (
    &'a str,
    &'a str,
    &'a SoftmaxModel,
    Array2<f64>,
    Array1<usize>,
    SoftmaxError,
    Vec<(SoftmaxError, &'a str)>,
);

/// The errors of `loss` and of `gradient` on the same input: they share the documented
/// checks, in the same order.
fn errors_of_loss_and_gradient(
    what: &str,
    why: &str,
    m: &SoftmaxModel,
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
) -> [SoftmaxError; 2] {
    [
        rejected(&format!("loss with {what}"), why, || {
            softmax_regression::loss(m, x, y, 0.0)
        }),
        rejected(&format!("gradient with {what}"), why, || {
            softmax_regression::gradient(m, x, y, 0.0).map(|g| g.intercepts.len())
        }),
    ]
}

#[test]
fn loss_and_gradient_check_their_input_in_the_documented_order() {
    let two_features = SoftmaxModel::zeros(2, 3);
    let bad = model(Array1::zeros(2), Array2::zeros((1, 3)));
    let one_feature = SoftmaxModel::zeros(1, 3);
    let x = array![[1.0], [0.0], [-1.0]];
    let columns_last = "the logits were computed before the rows and labels were checked; \
                        RowsMismatch, Empty and LabelOutOfRange come before ColumnsMismatch";
    let cases: Vec<OrderCase> = vec![
        (
            "a model of 2 intercepts for 3 classes AND 3 rows with 2 labels",
            "the model is checked first: ModelShape",
            &bad,
            x.clone(),
            array![0, 1],
            SoftmaxError::ModelShape {
                intercepts: 2,
                classes: 3,
            },
            vec![(
                SoftmaxError::RowsMismatch { rows: 3, values: 2 },
                "the data was checked before the model: ModelShape comes first",
            )],
        ),
        (
            "0 rows and 1 label",
            "the counts differ: RowsMismatch comes before Empty",
            &two_features,
            Array2::zeros((0, 2)),
            array![0],
            SoftmaxError::RowsMismatch { rows: 0, values: 1 },
            vec![(
                SoftmaxError::Empty,
                "the emptiness was checked first; RowsMismatch comes before Empty",
            )],
        ),
        (
            "no rows",
            "a mean over no rows is 0/0",
            &two_features,
            Array2::zeros((0, 2)),
            Array1::zeros(0),
            SoftmaxError::Empty,
            vec![],
        ),
        (
            "3 rows, 2 labels (one of them 7) and a 2-feature model for 1 column",
            "the counts differ: RowsMismatch comes first",
            &two_features,
            x.clone(),
            array![0, 7],
            SoftmaxError::RowsMismatch { rows: 3, values: 2 },
            vec![(
                SoftmaxError::ColumnsMismatch {
                    columns: 1,
                    features: 2,
                },
                columns_last,
            )],
        ),
        (
            "labels (0, 5, 3) for 3 classes and a 2-feature model for 1 column",
            "label 5 is not a class of a 3-class model, and LabelOutOfRange comes before \
             ColumnsMismatch",
            &two_features,
            x.clone(),
            array![0, 5, 3],
            SoftmaxError::LabelOutOfRange {
                index: 1,
                label: 5,
                classes: 3,
            },
            vec![
                (
                    SoftmaxError::LabelOutOfRange {
                        index: 2,
                        label: 3,
                        classes: 3,
                    },
                    "report the FIRST label that is not a class, not the last",
                ),
                (
                    SoftmaxError::ColumnsMismatch {
                        columns: 1,
                        features: 2,
                    },
                    columns_last,
                ),
            ],
        ),
        (
            "label 3 (= k) for 3 classes",
            "classes are 0, 1, 2: label 3 is one too many",
            &one_feature,
            x.clone(),
            array![0, 3, 2],
            SoftmaxError::LabelOutOfRange {
                index: 1,
                label: 3,
                classes: 3,
            },
            vec![],
        ),
        (
            "a 2-feature model for 1 column",
            "x needs one column per row of W",
            &two_features,
            x.clone(),
            array![0, 1, 2],
            SoftmaxError::ColumnsMismatch {
                columns: 1,
                features: 2,
            },
            vec![],
        ),
    ];
    for (what, why, m, x, y, wanted, hints) in cases {
        for error in errors_of_loss_and_gradient(what, why, m, x.view(), y.view()) {
            if error == wanted {
                continue;
            }
            let mut all_hints = hints.clone();
            if let SoftmaxError::LabelOutOfRange {
                index,
                label,
                classes,
            } = wanted
            {
                all_hints.push((
                    SoftmaxError::LabelOutOfRange {
                        index: label,
                        label: index,
                        classes,
                    },
                    "index and label are swapped: index is the row's position, label its value",
                ));
                all_hints.push((
                    SoftmaxError::LabelOutOfRange {
                        index,
                        label,
                        classes: 2,
                    },
                    "classes is the model's number of classes k (its intercepts), not the \
                     largest valid label",
                ));
            }
            expect_error(what, error, wanted.clone(), &all_hints);
        }
    }
}

#[test]
fn fit_validates_its_parameters_then_the_data() {
    let x = array![[1.0], [0.0], [-1.0]];
    let short = |r: Result<SoftmaxModel, SoftmaxError>| {
        r.map(|m| format!("a model of {} classes", m.intercepts.len()))
    };
    for (params, why) in [
        (SoftmaxParams::new(0.0), "a learning rate of 0"),
        (SoftmaxParams::new(0.5).momentum(1.0), "a momentum of 1"),
        (SoftmaxParams::new(0.5).l2(-1.0), "a negative λ"),
    ] {
        let error = rejected(
            &format!("fit with {why} AND 3 rows with 2 labels"),
            "two faults at once: params.validate()? comes first",
            || {
                short(softmax_regression::fit(
                    x.view(),
                    array![0, 1].view(),
                    &params,
                ))
            },
        );
        require(matches!(error, SoftmaxError::InvalidParams(_)), || {
            format!(
                "fit with {why} and 3 rows with 2 labels: expected InvalidParams, got \
                 {error:?}\n    likely mistake: the data was checked first; call \
                 params.validate()? first"
            )
        });
    }
    let params = SoftmaxParams::new(0.5);
    let error = rejected(
        "fit with 0 rows and 1 label",
        "the counts differ: RowsMismatch comes before Empty",
        || {
            short(softmax_regression::fit(
                Array2::<f64>::zeros((0, 1)).view(),
                array![0].view(),
                &params,
            ))
        },
    );
    expect_error(
        "fit with 0 rows and 1 label",
        error,
        SoftmaxError::RowsMismatch { rows: 0, values: 1 },
        &[(
            SoftmaxError::Empty,
            "the emptiness was checked first; RowsMismatch comes first",
        )],
    );
    // 0 steps: the error must come from fit's own check, not from a gradient step.
    let error = rejected(
        "fit with no rows (and 0 steps)",
        "there is nothing to fit",
        || {
            short(softmax_regression::fit(
                Array2::<f64>::zeros((0, 1)).view(),
                Array1::<usize>::zeros(0).view(),
                &SoftmaxParams::new(0.5).iterations(0),
            ))
        },
    );
    expect_error("fit with no rows", error, SoftmaxError::Empty, &[]);
    let error = rejected(
        "fit with 3 rows, 2 labels (one of them usize::MAX)",
        "the counts differ: RowsMismatch comes before the labels are read",
        || {
            short(softmax_regression::fit(
                x.view(),
                array![0, usize::MAX].view(),
                &params,
            ))
        },
    );
    expect_error(
        "fit with 3 rows and labels (0, usize::MAX)",
        error,
        SoftmaxError::RowsMismatch { rows: 3, values: 2 },
        &[(
            SoftmaxError::NotAClassIndex(mlings::types::labels::NotAClassIndex {
                row: 1,
                label: usize::MAX,
            }),
            "the labels were checked before the row count: RowsMismatch comes first",
        )],
    );
    // A label that is an ID, not a class index: class_count's error, passed on with `?`.
    // (usize::MAX: a k of "largest label + 1" computed by hand overflows and panics, where
    // a large but smaller label would try to allocate terabytes.)
    let id = usize::MAX;
    let error = rejected(
        "fit with a label usize::MAX",
        "a label that large is an ID or a measurement, not a class index: class_count(y)? \
         rejects it with NotAClassIndex (`let k = class_count(y)?;`, not a largest label + 1 \
         of your own)",
        || {
            short(softmax_regression::fit(
                x.view(),
                array![0, id, 1].view(),
                &params,
            ))
        },
    );
    expect_error(
        "fit with labels (0, usize::MAX, 1)",
        error,
        SoftmaxError::NotAClassIndex(mlings::types::labels::NotAClassIndex { row: 1, label: id }),
        &[],
    );
}
