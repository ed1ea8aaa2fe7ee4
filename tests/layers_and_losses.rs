//! Grader of exercises/12_deep_learning/layers_and_losses.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/12_deep_learning/layers_and_losses.rs"]
mod layers_and_losses;
#[cfg(feature = "solutions")]
use mlings::reference::layers_and_losses;

use mlings::grade::{
    Tolerance, assert_finite, catch_panic, expect, expect_array, expect_err, expect_error, fail,
    require,
};
use mlings::prep::rng;
use mlings::types::labels::MAX_CLASSES;
use mlings::types::layers_and_losses::{LayerError, Linear, Mode};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView2, Axis, array};
use rand::Rng;

// ---------------------------------------------------------------------------------------
// The grader's own layers, written from the doc (independent of yours)
// ---------------------------------------------------------------------------------------

/// Y = X·W + b, written as loops.
fn grader_forward(layer: &Linear, x: ArrayView2<f64>) -> Array2<f64> {
    Array2::from_shape_fn((x.nrows(), layer.n_outputs()), |(i, j)| {
        layer.bias[j]
            + (0..x.ncols())
                .map(|k| x[[i, k]] * layer.weight[[k, j]])
                .sum::<f64>()
    })
}

/// The mean cross-entropy in log-sum-exp form, row by row.
fn grader_loss(logits: ArrayView2<f64>, labels: &[usize]) -> f64 {
    let total: f64 = logits
        .axis_iter(Axis(0))
        .zip(labels)
        .map(|(row, &label)| {
            let max = row.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            max + row.iter().map(|v| (v - max).exp()).sum::<f64>().ln() - row[label]
        })
        .sum();
    total / labels.len() as f64
}

/// ∂f/∂a by central differences, for every entry of `a`.
fn numeric_gradient(a: &Array2<f64>, f: impl Fn(&Array2<f64>) -> f64) -> Array2<f64> {
    let h = 1e-6;
    let mut probe = a.clone();
    Array2::from_shape_fn(a.raw_dim(), |(i, j)| {
        probe[[i, j]] = a[[i, j]] + h;
        let up = f(&probe);
        probe[[i, j]] = a[[i, j]] - h;
        let down = f(&probe);
        probe[[i, j]] = a[[i, j]];
        (up - down) / (2.0 * h)
    })
}

/// A seeded matrix of uniform values in (−1, 1).
fn random_matrix(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    let mut generator = rng(seed);
    Array2::from_shape_simple_fn((rows, cols), || generator.gen_range(-1.0..1.0))
}

/// How a learner might draw Glorot weights instead of the doc's way.
#[derive(Clone, Copy)]
enum Draw {
    Doc,
    ColumnByColumn,
    FanInOnly,
    TwoOverFans,
    NoSquareRoot,
    SeedZero,
}

fn grader_init(n_in: usize, n_out: usize, seed: u64, draw: Draw) -> Array2<f64> {
    let fans = (n_in + n_out) as f64;
    let a = match draw {
        Draw::FanInOnly => (6.0 / n_in as f64).sqrt(),
        Draw::TwoOverFans => (2.0 / fans).sqrt(),
        Draw::NoSquareRoot => 6.0 / fans,
        _ => (6.0 / fans).sqrt(),
    };
    let mut generator = rng(if matches!(draw, Draw::SeedZero) {
        0
    } else {
        seed
    });
    match draw {
        Draw::ColumnByColumn => {
            Array2::from_shape_simple_fn((n_out, n_in), || generator.gen_range(-a..a))
                .reversed_axes()
        }
        _ => Array2::from_shape_simple_fn((n_in, n_out), || generator.gen_range(-a..a)),
    }
}

fn draw_mistake(draw: Draw) -> &'static str {
    match draw {
        Draw::Doc => "",
        Draw::ColumnByColumn => {
            "you drew the weights column by column: draw row by row, W[0][0], W[0][1], … \
             (Array2::from_shape_simple_fn fills rows first)"
        }
        Draw::FanInOnly => "a = √(6 / n_inputs): Glorot's a uses both fans, √(6 / (in + out))",
        Draw::TwoOverFans => {
            "a = √(2 / (in + out)) is the standard deviation of Glorot's normal variant; the \
             uniform variant's bound is √(6 / (in + out))"
        }
        Draw::NoSquareRoot => "a = 6 / (in + out): the square root is missing",
        Draw::SeedZero => "the weights are those of seed 0: seed the generator with rng(seed)",
    }
}

/// The Shape error the doc states.
fn shape_error(what: &'static str, expected: String, got: String) -> LayerError {
    LayerError::Shape {
        what,
        expected,
        got,
    }
}

// ---------------------------------------------------------------------------------------
// Linear
// ---------------------------------------------------------------------------------------

#[test]
fn linear_init_draws_glorot_weights_row_by_row() {
    let (n_in, n_out, seed) = (3, 5, 7);
    let layer = call_ok!(layers_and_losses::linear_init(n_in, n_out, seed));
    expect_array(
        "bias of linear_init(3, 5, seed 7) (biases start at 0)",
        &layer.bias,
        &Array1::zeros(n_out),
    )
    .assert();
    let wanted = grader_init(n_in, n_out, seed, Draw::Doc);
    let mut check = expect_array(
        "weight of linear_init(3, 5, seed 7), compared with the doc's draw (rng(7), one \
         gen_range(−a..a) per weight row by row, a = √(6 / (3 + 5)))",
        &layer.weight,
        &wanted,
    )
    .tol(Tolerance::TIGHT)
    .no_generic_diagnosis();
    for draw in [
        Draw::ColumnByColumn,
        Draw::FanInOnly,
        Draw::TwoOverFans,
        Draw::NoSquareRoot,
        Draw::SeedZero,
    ] {
        check = check.mistake_array(&grader_init(n_in, n_out, seed, draw), draw_mistake(draw));
    }
    check.assert();
    let again = call_ok!(layers_and_losses::linear_init(n_in, n_out, seed));
    require(again == layer, || {
        "linear_init with the same seed gave two different layers: draw from rng(seed), not \
         thread_rng()"
            .into()
    });
}

#[test]
fn linear_init_rejects_an_empty_layer() {
    for (n_in, n_out) in [(0, 4), (4, 0)] {
        let error = expect_err(
            &format!("linear_init({n_in}, {n_out}, 1)"),
            "a layer without inputs or outputs computes nothing",
            call!(layers_and_losses::linear_init(n_in, n_out, 1)),
        );
        expect_error(
            &format!("linear_init({n_in}, {n_out}, 1)"),
            error,
            LayerError::InvalidParams(format!(
                "n_inputs and n_outputs must be at least 1, got {n_in} and {n_out}"
            )),
            &[],
        );
    }
}

/// The hand-worked layer: W = [[1, 0, −1], [2, 1, 0]], b = [0.5, −1, 2].
fn hand_layer() -> Linear {
    Linear {
        weight: array![[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]],
        bias: array![0.5, -1.0, 2.0],
    }
}

#[test]
fn linear_forward_by_hand() {
    let layer = hand_layer();
    let x = array![[1.0, 2.0], [3.0, 4.0]];
    let got = call_ok!(layers_and_losses::linear_forward(&layer, x.view()));
    // Row [1, 2]: [1 + 4, 0 + 2, −1 + 0] + b = [5.5, 1, 1]; row [3, 4]: [11.5, 3, −1].
    expect_array(
        "linear_forward of [[1, 2], [3, 4]] with W = [[1, 0, −1], [2, 1, 0]], b = [0.5, −1, 2]",
        &got,
        &array![[5.5, 1.0, 1.0], [11.5, 3.0, -1.0]],
    )
    .mistake_array(
        &array![[5.0, 2.0, -1.0], [11.0, 4.0, -3.0]],
        "the bias is missing: Y = X·W + b",
    )
    .mistake_array(
        &array![[5.5, 0.0, 3.0], [11.5, 2.0, 1.0]],
        "you subtracted the bias: Y = X·W + b",
    )
    .assert();
}

#[test]
fn linear_forward_rejects_the_wrong_number_of_features() {
    let error = expect_err(
        "linear_forward of a [2, 3] x into a layer of 2 inputs",
        "x must have one column per input of the layer",
        call!(layers_and_losses::linear_forward(
            &hand_layer(),
            Array2::zeros((2, 3)).view()
        )),
    );
    expect_error(
        "linear_forward with x of shape [2, 3]",
        error,
        shape_error(
            "linear_forward",
            "x with 2 columns".into(),
            "x of shape [2, 3]".into(),
        ),
        &[],
    );
}

#[test]
fn linear_backward_agrees_with_finite_differences() {
    // L = Σ Y ⊙ R for a fixed R, so that ∂L/∂Y = R: batch 4, 3 inputs, 2 outputs.
    let layer = Linear {
        weight: random_matrix(3, 2, 1),
        bias: array![0.3, -0.2],
    };
    let x = random_matrix(4, 3, 2);
    let r = random_matrix(4, 2, 3);
    let loss = |layer: &Linear, x: &Array2<f64>| (grader_forward(layer, x.view()) * &r).sum();
    let got = call_ok!(layers_and_losses::linear_backward(
        &layer,
        x.view(),
        r.view()
    ));
    let dx = numeric_gradient(&x, |x| loss(&layer, x));
    let dw = numeric_gradient(&layer.weight, |w| {
        let probe = Linear {
            weight: w.clone(),
            bias: layer.bias.clone(),
        };
        loss(&probe, &x)
    });
    let db = numeric_gradient(&layer.bias.clone().insert_axis(Axis(0)), |b| {
        let probe = Linear {
            weight: layer.weight.clone(),
            bias: b.row(0).to_owned(),
        };
        loss(&probe, &x)
    })
    .row(0)
    .to_owned();
    let tol = Tolerance::rel(1e-6);
    expect_array(
        "dweight of linear_backward (batch 4, 3 inputs, 2 outputs), against finite differences",
        &got.dweight,
        &dw,
    )
    .tol(tol)
    .n(4)
    .mistake_factor(
        0.25,
        "you divided dW by the batch size: the 1/batch is already in dy (the mean loss's \
         gradient); dW = Xᵀ·dY is a plain sum",
    )
    .assert();
    expect_array(
        "dbias of linear_backward (batch 4), against finite differences",
        &got.dbias,
        &db,
    )
    .tol(tol)
    .n(4)
    .mistake_factor(
        0.25,
        "you averaged dY's columns: db is their sum (the 1/batch is already in dy)",
    )
    .assert();
    expect_array(
        "dx of linear_backward (batch 4, 3 inputs), against finite differences",
        &got.dx,
        &dx,
    )
    .tol(tol)
    .n(4)
    .mistake_factor(
        0.25,
        "you divided dX by the batch size: dX = dY·Wᵀ, the 1/batch is already in dy",
    )
    .assert();
}

#[test]
fn linear_backward_checks_x_then_dy() {
    let layer = hand_layer();
    let error = expect_err(
        "linear_backward with x [3, 5] and dy [2, 1] (both wrong)",
        "x has 5 columns for a layer of 2 inputs",
        call!(layers_and_losses::linear_backward(
            &layer,
            Array2::zeros((3, 5)).view(),
            Array2::zeros((2, 1)).view()
        )),
    );
    let dy_error = shape_error(
        "linear_backward",
        "dy of shape [3, 3]".into(),
        "dy of shape [2, 1]".into(),
    );
    expect_error(
        "linear_backward with x [3, 5] and dy [2, 1]: x is checked first",
        error,
        shape_error(
            "linear_backward",
            "x with 2 columns".into(),
            "x of shape [3, 5]".into(),
        ),
        &[(dy_error, "you checked dy before x: x comes first")],
    );
    for (dy_shape, why) in [
        ((2, 3), "dy needs one row per row of x (3)"),
        ((3, 2), "dy needs one column per output of the layer (3)"),
    ] {
        let error = expect_err(
            &format!("linear_backward with x [3, 2] and dy {dy_shape:?}"),
            why,
            call!(layers_and_losses::linear_backward(
                &layer,
                Array2::zeros((3, 2)).view(),
                Array2::zeros(dy_shape).view()
            )),
        );
        expect_error(
            &format!("linear_backward with dy of shape {dy_shape:?}"),
            error,
            shape_error(
                "linear_backward",
                "dy of shape [3, 3]".into(),
                format!("dy of shape [{}, {}]", dy_shape.0, dy_shape.1),
            ),
            &[],
        );
    }
}

// ---------------------------------------------------------------------------------------
// ReLU
// ---------------------------------------------------------------------------------------

#[test]
fn relu_and_its_backward_by_hand() {
    let x = array![[-2.0, 0.0, 3.0], [1.5, -0.5, 0.0]];
    let got = call!(layers_and_losses::relu(x.view()));
    expect_array(
        "relu of [[−2, 0, 3], [1.5, −0.5, 0]]",
        &got,
        &array![[0.0, 0.0, 3.0], [1.5, 0.0, 0.0]],
    )
    .mistake_array(
        &array![[2.0, 0.0, 3.0], [1.5, 0.5, 0.0]],
        "that is |x|: ReLU sets negative values to 0",
    )
    .assert();
    let dy = array![[10.0, 20.0, 30.0], [-40.0, 50.0, 60.0]];
    let got = call_ok!(layers_and_losses::relu_backward(x.view(), dy.view()));
    expect_array(
        "relu_backward of x = [[−2, 0, 3], [1.5, −0.5, 0]], dy = [[10, 20, 30], [−40, 50, 60]]",
        &got,
        &array![[0.0, 0.0, 30.0], [-40.0, 0.0, 0.0]],
    )
    .mistake_array(
        &array![[0.0, 20.0, 30.0], [-40.0, 0.0, 60.0]],
        "you passed the gradient where x = 0: the slope is 1 only where x > 0 (take 0 at \
         exactly 0)",
    )
    .mistake_array(
        &array![[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]],
        "you returned ReLU's slope alone: multiply it by dy (the chain rule)",
    )
    .mistake_array(
        &array![[10.0, 20.0, 30.0], [0.0, 50.0, 60.0]],
        "you tested dy > 0: the gate is the input, pass dy where x > 0",
    )
    .mistake_array(
        &array![[0.0, 0.0, 3.0 * 30.0], [1.5 * -40.0, 0.0, 0.0]],
        "you multiplied dy by ReLU(x): the derivative of max(0, x) is 1 (not x) where x > 0",
    )
    .assert();
    let error = expect_err(
        "relu_backward with x [2, 3] and dy [3, 2]",
        "dy must be shaped like x",
        call!(layers_and_losses::relu_backward(
            x.view(),
            Array2::zeros((3, 2)).view()
        )),
    );
    expect_error(
        "relu_backward with dy of shape [3, 2]",
        error,
        shape_error(
            "relu_backward",
            "dy of shape [2, 3]".into(),
            "dy of shape [3, 2]".into(),
        ),
        &[],
    );
}

// ---------------------------------------------------------------------------------------
// log-softmax and cross-entropy
// ---------------------------------------------------------------------------------------

/// log_softmax with the max of each column (not row) subtracted.
fn column_max_log_softmax(z: &Array2<f64>) -> Array2<f64> {
    Array2::from_shape_fn(z.raw_dim(), |(i, k)| {
        let m = |j: usize| {
            z.column(j)
                .iter()
                .cloned()
                .fold(f64::NEG_INFINITY, f64::max)
        };
        let sum: f64 = (0..z.ncols()).map(|j| (z[[i, j]] - m(j)).exp()).sum();
        z[[i, k]] - m(k) - sum.ln()
    })
}

#[test]
fn log_softmax_by_hand() {
    let z = array![[3f64.ln(), 0.0], [1.0, 1.0]];
    let got = call!(layers_and_losses::log_softmax(z.view()));
    let wanted = array![[0.75f64.ln(), 0.25f64.ln()], [-(2f64.ln()), -(2f64.ln())]];
    expect_array(
        "log_softmax of [[ln 3, 0], [1, 1]] (softmax [3/4, 1/4] and [1/2, 1/2])",
        &got,
        &wanted,
    )
    .mistake_array(
        &array![[3f64.ln() - 3f64.ln(), -(3f64.ln())], [0.0, 0.0]],
        "you subtracted the row's max but not log Σ exp(z − max): log softmax(z) = z − m − \
         log Σⱼ exp(zⱼ − m)",
    )
    .mistake_array(
        &array![[0.75, 0.25], [0.5, 0.5]],
        "that is the softmax itself: take its log (better, compute z − m − log Σ exp(z − m))",
    )
    .mistake_array(
        &column_max_log_softmax(&z),
        "you subtracted the max of each column: subtract each row's own max",
    )
    .assert();
}

#[test]
fn log_softmax_survives_logits_of_plus_minus_1000() {
    let z = array![[1000.0, 1000.0], [1000.0, -1000.0], [-1000.0, -1000.0]];
    let got = call!(layers_and_losses::log_softmax(z.view()));
    let wanted = array![
        [-(2f64.ln()), -(2f64.ln())],
        [0.0, -2000.0],
        [-(2f64.ln()), -(2f64.ln())]
    ];
    let what = "log_softmax of [[1000, 1000], [1000, −1000], [−1000, −1000]]";
    if let Some(v) = got.iter().find(|v| !v.is_finite()) {
        let diagnosis = if got[[0, 0]].is_nan() {
            "exp(1000) overflowed to ∞ (∞ − ∞ = NaN): subtract each row's max before exp"
        } else if got[[1, 1]] == f64::NEG_INFINITY && got[[0, 0]].is_finite() {
            "exp(−2000) rounds to a probability of 0 and its log is −∞: do not take the log of \
             the softmax, compute z − m − log Σ exp(z − m)"
        } else if got[[2, 0]].is_nan() || got[[2, 0]] == f64::NEG_INFINITY {
            "exp(−1000) underflowed to 0 and log 0 = −∞: subtract each row's max (here −1000) \
             before exp"
        } else {
            "an exp() overflowed or a log of 0: subtract each row's max before exp"
        };
        fail(format!(
            "{what}: got {v} where every value is finite\n    expected: [[−ln 2, −ln 2], \
             [0, −2000], [−ln 2, −ln 2]]\n    likely mistake: {diagnosis}"
        ));
    }
    let global = {
        let m = 1000.0;
        z.mapv(|v| v - m)
    };
    expect_array(what, &got, &wanted)
        .tol(Tolerance::rel(1e-9))
        .mistake_array(&global, "you subtracted the max but not log Σ exp(z − max)")
        .assert();
    let scales = array![[1000.0, 999.0], [0.0, -1.0]];
    let got = call!(layers_and_losses::log_softmax(scales.view()));
    let row = [
        -(1.0 + (-1f64).exp()).ln(),
        -1.0 - (1.0 + (-1f64).exp()).ln(),
    ];
    let wanted = array![[row[0], row[1]], [row[0], row[1]]];
    let text = "log_softmax of [[1000, 999], [0, −1]] (both rows give the same answer)";
    if got.iter().any(|v| !v.is_finite()) {
        fail(format!(
            "{text}: got a value that is not finite in row {}\n    likely mistake: you \
             subtracted the largest value of the whole matrix (1000): exp(0 − 1000) is 0 in \
             row 1; subtract each row's own max",
            if got.row(0).iter().all(|v| v.is_finite()) {
                1
            } else {
                0
            }
        ));
    }
    expect_array(text, &got, &wanted)
        .tol(Tolerance::rel(1e-9))
        .mistake_array(
            &column_max_log_softmax(&scales),
            "you subtracted the max of each column: subtract each row's own max",
        )
        .assert();
}

#[test]
fn one_hot_by_hand_and_its_errors() {
    let got = call_ok!(layers_and_losses::one_hot(array![2, 0, 1].view(), 4));
    expect_array(
        "one_hot([2, 0, 1], 4 classes)",
        &got,
        &array![
            [0.0, 0.0, 1.0, 0.0],
            [1.0, 0.0, 0.0, 0.0],
            [0.0, 1.0, 0.0, 0.0]
        ],
    )
    .mistake_array(
        &array![
            [0.0, 1.0, 0.0, 0.0],
            [0.0, 0.0, 1.0, 0.0],
            [1.0, 0.0, 0.0, 0.0]
        ],
        "rows and columns mixed up: row i has its 1 in column labels[i]",
    )
    .assert();
    let error = match catch_panic("one_hot([0, 3], 3)", || {
        layers_and_losses::one_hot(array![0, 3].view(), 3)
    }) {
        Ok(result) => expect_err(
            "one_hot([0, 3], 3 classes)",
            "with 3 classes the labels are 0, 1, 2: 3 is not a class",
            result,
        ),
        Err(message) => fail(format!(
            "one_hot([0, 3], 3 classes): your code panicked: {message}\n    likely mistake: a \
             label equal to n_classes passed your check (label > n_classes where label >= \
             n_classes was meant): return LayerError::BadLabel"
        )),
    };
    expect_error(
        "one_hot([0, 3], 3 classes)",
        error,
        LayerError::BadLabel {
            row: 1,
            label: 3,
            n_classes: 3,
        },
        &[(
            LayerError::BadLabel {
                row: 1,
                label: 3,
                n_classes: 2,
            },
            "n_classes is the number of classes (3), not the largest class (2)",
        )],
    );
    let huge = MAX_CLASSES + 1;
    let error = match catch_panic("one_hot([7], MAX_CLASSES + 1)", || {
        layers_and_losses::one_hot(array![7].view(), huge)
    }) {
        Ok(result) => expect_err(
            "one_hot([7], MAX_CLASSES + 1 classes) (a bad label too)",
            "more classes than MAX_CLASSES is not a number of classes",
            result.map(|m| format!("a matrix of shape {:?}", m.shape())),
        ),
        Err(message) => fail(format!(
            "one_hot([7], MAX_CLASSES + 1): your code panicked: {message}\n    likely \
             mistake: check n_classes against MAX_CLASSES first"
        )),
    };
    expect_error(
        "one_hot with n_classes = MAX_CLASSES + 1: n_classes is checked first",
        error,
        LayerError::InvalidParams(format!(
            "n_classes must be at most {MAX_CLASSES}, got {huge}"
        )),
        &[],
    );
    let error = expect_err(
        "one_hot([70000], MAX_CLASSES + 1 classes)",
        "n_classes above MAX_CLASSES is checked before the labels",
        call!(layers_and_losses::one_hot(array![70000].view(), huge))
            .map(|m| format!("a matrix of shape {:?}", m.shape())),
    );
    expect_error(
        "one_hot([70000], MAX_CLASSES + 1): n_classes is checked before the labels",
        error,
        LayerError::InvalidParams(format!(
            "n_classes must be at most {MAX_CLASSES}, got {huge}"
        )),
        &[(
            LayerError::BadLabel {
                row: 0,
                label: 70000,
                n_classes: huge,
            },
            "you checked the labels first: n_classes comes first",
        )],
    );
    let at_max = call_ok!(layers_and_losses::one_hot(array![1].view(), MAX_CLASSES));
    require(at_max.dim() == (1, MAX_CLASSES), || {
        format!(
            "one_hot([1], MAX_CLASSES): MAX_CLASSES classes are allowed, expected shape [1, \
             {MAX_CLASSES}], got {:?}",
            at_max.shape()
        )
    });
}

#[test]
fn cross_entropy_by_hand() {
    let z = array![[3f64.ln(), 0.0], [0.0, 0.0]];
    let got = call_ok!(layers_and_losses::cross_entropy(
        z.view(),
        array![0, 1].view()
    ));
    // Row 0: softmax [3/4, 1/4], true class 0; row 1: [1/2, 1/2], true class 1.
    let loss = -(0.75f64.ln() + 0.5f64.ln()) / 2.0;
    expect(
        "loss of cross_entropy([[ln 3, 0], [0, 0]], labels [0, 1])",
        got.loss,
        loss,
    )
    .mistake(
        -(0.75f64.ln() + 0.5f64.ln()),
        "you summed over the batch: the loss is the mean, divide by the batch size",
    )
    .mistake(
        (0.75f64.ln() + 0.5f64.ln()) / 2.0,
        "the minus sign is missing: L = −mean log softmax(z)[y]",
    )
    .mistake(
        -(0.25f64.ln() + 0.5f64.ln()) / 2.0,
        "you took the wrong class's log-probability: use column labels[i] of row i",
    )
    .mistake(
        -(0.75f64.ln() + 0.25f64.ln() + 2.0 * 0.5f64.ln()) / 2.0,
        "you summed the log-probabilities of every class: only the true class counts",
    )
    .mistake(
        -(0.75f64.ln() + 0.5f64.ln()) / 4.0,
        "you divided by batch × classes: the mean is over the batch rows only",
    )
    .assert();
    let wanted = array![[-0.25 / 2.0, 0.25 / 2.0], [0.5 / 2.0, -0.5 / 2.0]];
    expect_array(
        "dlogits of cross_entropy([[ln 3, 0], [0, 0]], labels [0, 1]): (softmax − one_hot) / 2",
        &got.dlogits,
        &wanted,
    )
    .mistake_factor(
        2.0,
        "the 1/batch is missing from the gradient: the loss is a mean, so is its gradient",
    )
    .mistake_factor(
        -1.0,
        "the sign is flipped: ∂L/∂z = softmax − one_hot, not one_hot − softmax",
    )
    .mistake_array(
        &array![[0.75 / 2.0, 0.25 / 2.0], [0.5 / 2.0, 0.5 / 2.0]],
        "you forgot to subtract the one-hot labels: ∂L/∂z = (softmax − one_hot) / batch",
    )
    .mistake_array(
        &array![
            [0.75f64.ln() / 2.0 - 0.5, 0.25f64.ln() / 2.0],
            [0.5f64.ln() / 2.0, 0.5f64.ln() / 2.0 - 0.5]
        ],
        "you used log-probabilities in the gradient: softmax = exp(log_softmax)",
    )
    .assert();
}

#[test]
fn cross_entropy_survives_logits_of_plus_minus_1000() {
    // Row 0 is confidently wrong (costs 2000), row 1 confidently right (costs 0).
    let z = array![[1000.0, -1000.0], [-1000.0, 1000.0]];
    let got = call_ok!(layers_and_losses::cross_entropy(
        z.view(),
        array![1, 1].view()
    ));
    let what = "loss of cross_entropy([[1000, −1000], [−1000, 1000]], labels [1, 1])";
    if !got.loss.is_finite() {
        fail(format!(
            "{what}: got {} where 1000 was expected ((2000 + 0) / 2)\n    likely mistake: a \
             probability that rounds to 0 (exp(−2000)) whose log is −∞, or an exp(1000) that \
             overflowed: use your stable log_softmax, not the log of a softmax",
            got.loss
        ));
    }
    expect(what, got.loss, 1000.0)
        .tol(Tolerance::rel(1e-9))
        .mistake(
            2000.0,
            "you summed over the batch: the loss is the mean, divide by the batch size",
        )
        .assert();
    assert_finite("dlogits of the ±1000 logits", &got.dlogits);
    expect_array(
        "dlogits of cross_entropy([[1000, −1000], [−1000, 1000]], labels [1, 1])",
        &got.dlogits,
        &array![[0.5, -0.5], [0.0, 0.0]],
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
}

#[test]
fn cross_entropy_gradient_agrees_with_finite_differences() {
    let z = random_matrix(5, 4, 11).mapv(|v| 3.0 * v);
    let labels = [3, 0, 2, 2, 1];
    let got = call_ok!(layers_and_losses::cross_entropy(
        z.view(),
        Array1::from(labels.to_vec()).view()
    ));
    expect(
        "loss of cross_entropy on a random batch of 5 rows × 4 classes",
        got.loss,
        grader_loss(z.view(), &labels),
    )
    .n(5)
    .assert();
    let numeric = numeric_gradient(&z, |z| grader_loss(z.view(), &labels));
    expect_array(
        "dlogits of cross_entropy (5 rows × 4 classes), against finite differences of the loss",
        &got.dlogits,
        &numeric,
    )
    .tol(Tolerance::rel(1e-5))
    .n(5)
    .mistake_factor(
        5.0,
        "the 1/batch is missing from the gradient: the loss is a mean, so is its gradient",
    )
    .assert();
}

#[test]
fn cross_entropy_checks_rows_then_labels() {
    let error = expect_err(
        "cross_entropy of no rows with 1 label",
        "a batch needs at least one row",
        call!(layers_and_losses::cross_entropy(
            Array2::zeros((0, 3)).view(),
            array![0].view()
        )),
    );
    expect_error(
        "cross_entropy of no rows with 1 label: no rows comes first",
        error,
        shape_error("cross_entropy", "at least one row".into(), "none".into()),
        &[(
            shape_error("cross_entropy", "0 labels".into(), "1 labels".into()),
            "you counted the labels first: no rows comes first",
        )],
    );
    let error = expect_err(
        "cross_entropy of 2 rows with 3 labels, one of them 5 (not a class)",
        "one label per row",
        call!(layers_and_losses::cross_entropy(
            Array2::zeros((2, 3)).view(),
            array![0, 5, 1].view()
        )),
    );
    expect_error(
        "cross_entropy of 2 rows with labels [0, 5, 1]: the count comes before the classes",
        error,
        shape_error("cross_entropy", "2 labels".into(), "3 labels".into()),
        &[(
            LayerError::BadLabel {
                row: 1,
                label: 5,
                n_classes: 3,
            },
            "you checked the classes before the label count",
        )],
    );
    let error = match catch_panic("cross_entropy with label 3 of 3 classes", || {
        layers_and_losses::cross_entropy(Array2::zeros((2, 3)).view(), array![0, 3].view())
    }) {
        Ok(result) => expect_err(
            "cross_entropy with labels [0, 3] for 3 classes",
            "the classes are 0, 1, 2: 3 is not one of them",
            result.map(|c| c.loss),
        ),
        Err(message) => fail(format!(
            "cross_entropy with labels [0, 3] for 3 classes: your code panicked: \
             {message}\n    likely mistake: label 3 passed your check (> where >= was \
             meant?): return LayerError::BadLabel for a label not below logits.ncols()"
        )),
    };
    expect_error(
        "cross_entropy with labels [0, 3] for 3 classes",
        error,
        LayerError::BadLabel {
            row: 1,
            label: 3,
            n_classes: 3,
        },
        &[(
            LayerError::BadLabel {
                row: 1,
                label: 3,
                n_classes: 2,
            },
            "n_classes is the number of classes (3), not the largest class (2)",
        )],
    );
}

// ---------------------------------------------------------------------------------------
// Dropout
// ---------------------------------------------------------------------------------------

/// The doc's mask: one gen_range(0.0..1.0) per value row by row (or column by column),
/// dropped below p (or at or above 1 − p).
fn grader_mask(
    rows: usize,
    cols: usize,
    p: f64,
    seed: u64,
    by_column: bool,
    keep_p: bool,
) -> Array2<f64> {
    let mut generator = rng(seed);
    let mut draw = || {
        let u: f64 = generator.gen_range(0.0..1.0);
        let dropped = if keep_p { u >= p } else { u < p };
        if dropped { 0.0 } else { 1.0 / (1.0 - p) }
    };
    if by_column {
        Array2::from_shape_simple_fn((cols, rows), draw).reversed_axes()
    } else {
        Array2::from_shape_simple_fn((rows, cols), &mut draw)
    }
}

#[test]
fn dropout_draws_the_documented_mask() {
    let x = random_matrix(3, 4, 5).mapv(|v| v + 2.0);
    let (p, seed) = (0.3, 9);
    let got = call_ok!(layers_and_losses::dropout(x.view(), p, Mode::Train, seed));
    let wanted = grader_mask(3, 4, p, seed, false, false);
    let zero_one = wanted.mapv(|m| if m > 0.0 { 1.0 } else { 0.0 });
    expect_array(
        "mask of dropout(3 × 4 x, p 0.3, Train, seed 9), compared with the doc's draw (rng(9), \
         one gen_range(0.0..1.0) per value row by row, dropped when u < p)",
        &got.mask,
        &wanted,
    )
    .tol(Tolerance::TIGHT)
    .no_generic_diagnosis()
    .mistake_array(
        &grader_mask(3, 4, p, seed, true, false),
        "you drew the mask column by column: one draw per value, row by row",
    )
    .mistake_array(
        &grader_mask(3, 4, p, seed, false, true),
        "you dropped a value when u ≥ p: drop when u < p (probability p), keep otherwise",
    )
    .mistake_array(
        &zero_one,
        "the mask holds 0 and 1: a kept value's mask is 1/(1 − p), the factor the output was \
         multiplied by",
    )
    .mistake_array(
        &zero_one.mapv(|m| m * (1.0 - p)),
        "the mask holds 1 − p for a kept value: inverted dropout scales by 1/(1 − p)",
    )
    .assert();
    expect_array(
        "output of dropout(3 × 4 x, p 0.3, Train, seed 9): x ⊙ mask",
        &got.output,
        &(&x * &wanted),
    )
    .tol(Tolerance::rel(1e-12))
    .mistake_array(
        &(&x * &zero_one),
        "the kept values are not scaled: multiply them by 1/(1 − p), so that the expected \
         output is x",
    )
    .mistake_array(
        &(&x * &zero_one * (1.0 - p)),
        "you scaled the kept values by 1 − p: inverted dropout divides by it, 1/(1 − p)",
    )
    .assert();
    let again = call_ok!(layers_and_losses::dropout(x.view(), p, Mode::Train, seed));
    require(again == got, || {
        "dropout with the same seed gave two different masks: draw from rng(seed)".into()
    });
}

#[test]
fn dropout_keeps_the_expected_value() {
    // 4000 values of 3 and p = 0.2: the mean output is 3 give or take 3·√(p/(1−p)/4000).
    let x = Array2::from_elem((40, 100), 3.0);
    let p = 0.2;
    let got = call_ok!(layers_and_losses::dropout(x.view(), p, Mode::Train, 21));
    let kept = got.output.iter().filter(|v| **v != 0.0).count() as f64 / 4000.0;
    expect(
        "fraction of values dropout(p 0.2, Train) kept, over 4000 values",
        kept,
        0.8,
    )
    .tol(Tolerance::abs(0.03))
    .mistake(
        0.2,
        "you kept a value with probability p: p is the probability of dropping it",
    )
    .no_generic_diagnosis()
    .assert();
    let mean = got.output.mean().unwrap_or(f64::NAN);
    expect(
        "mean output of dropout(p 0.2, Train) over 4000 values of 3: E[output] = x",
        mean,
        3.0,
    )
    .tol(Tolerance::abs(0.1))
    .mistake(
        2.4,
        "the kept values are not scaled: multiply them by 1/(1 − p) so that E[output] = x",
    )
    .mistake(
        3.0 * 0.8 * 0.8,
        "you scaled the kept values by 1 − p: inverted dropout divides by it",
    )
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn dropout_at_evaluation_and_p_0_changes_nothing() {
    let x = random_matrix(2, 5, 4);
    let got = call_ok!(layers_and_losses::dropout(x.view(), 0.5, Mode::Eval, 3));
    let ones = Array2::ones((2, 5));
    expect_array(
        "output of dropout(p 0.5, Eval): evaluation passes x through unchanged",
        &got.output,
        &x,
    )
    .tol(Tolerance::TIGHT)
    .mistake_array(
        &(&x * &grader_mask(2, 5, 0.5, 3, false, false)),
        "you dropped values in Mode::Eval: only training drops",
    )
    .mistake_factor(
        0.5,
        "you scaled by 1 − p at evaluation (old-style dropout): with inverted dropout the \
         training-time 1/(1 − p) already did it",
    )
    .no_generic_diagnosis()
    .assert();
    expect_array("mask of dropout(p 0.5, Eval): all 1", &got.mask, &ones)
        .tol(Tolerance::TIGHT)
        .assert();
    let got = call_ok!(layers_and_losses::dropout(x.view(), 0.0, Mode::Train, 3));
    expect_array(
        "output of dropout(p 0, Train): nothing is dropped",
        &got.output,
        &x,
    )
    .tol(Tolerance::TIGHT)
    .assert();
}

#[test]
fn dropout_rejects_p_outside_0_1_in_both_modes() {
    let x = Array2::ones((1, 3));
    for (p, mode) in [
        (1.0, Mode::Train),
        (1.0, Mode::Eval),
        (-0.1, Mode::Train),
        (1.5, Mode::Eval),
        (f64::NAN, Mode::Train),
    ] {
        let what = format!("dropout(p {p}, {mode:?})");
        let result = match catch_panic(&what, || layers_and_losses::dropout(x.view(), p, mode, 1)) {
            Ok(result) => result,
            Err(message) => fail(format!(
                "{what}: your code panicked: {message}\n    likely mistake: check 0 ≤ p < 1 \
                 first and return LayerError::InvalidParams"
            )),
        };
        let error = expect_err(
            &what,
            "p must be in [0, 1), checked first in both modes (p = 1 divides by 0)",
            result.map(|d| format!("an output of shape {:?}", d.output.shape())),
        );
        let wanted = LayerError::InvalidParams(format!("p must be in [0, 1), got {p}"));
        if p.is_nan() {
            require(
                matches!(&error, LayerError::InvalidParams(m) if m == "p must be in [0, 1), got NaN"),
                || format!("{what}: expected {wanted:?}, got {error:?}"),
            );
        } else {
            expect_error(&what, error, wanted, &[]);
        }
    }
}
