//! Grader of exercises/12_deep_learning/cnn_digits.rs.
//!
//! The grader's own network below is written from the doc with plain loops (forward)
//! and finite differences (gradients). Its training loop re-implements the doc's
//! procedure on the course's earlier references (convolution, layers_and_losses,
//! optimizers), which this exercise builds on, never on the cnn_digits reference.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/12_deep_learning/cnn_digits.rs"]
mod cnn_digits;
#[cfg(feature = "solutions")]
use mlings::reference::cnn_digits;

use mlings::datasets;
use mlings::grade::{Tolerance, catch_panic, expect, expect_array, expect_error, fail, require};
use mlings::prep::{Rng, rng};
use mlings::reference::convolution::{
    conv2d_backward, conv2d_forward, max_pool, max_pool_backward,
};
use mlings::types::cnn_digits::{CnnError, CnnParams, CnnWeights, Training};
use mlings::types::convolution::Conv2d;
use ndarray::{Array1, Array2, Array4, ArrayView1, ArrayView4, Axis, s};
use rand::Rng as _;
use rand::seq::SliceRandom;
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------
// Calling the learner's code.

#[track_caller]
fn run<T>(what: &str, f: impl FnOnce() -> Result<T, CnnError>) -> Result<T, CnnError> {
    catch_panic(what, f).unwrap_or_else(|message| {
        fail(format!(
            "`{what}`: your code panicked: {message}\n    likely mistake: a shape gone wrong \
             between the layers: (n, C, 8, 8) ↔ (n, C·64) ↔ (n, C, 4, 4) ↔ (n, C·16), each by \
             .into_shape_with_order on an array in standard layout; the convolution keeps the \
             8 x 8 size only with stride 1 and padding 1 (Conv2d::new().padding(1))"
        ))
    })
}

#[track_caller]
fn run_ok<T>(what: &str, f: impl FnOnce() -> Result<T, CnnError>) -> T {
    match run(what, f) {
        Ok(value) => value,
        Err(error) => {
            let hint = match error {
                CnnError::Layer(_) | CnnError::Conv(_) => {
                    "\n    likely mistake: a shape between the layers: the convolution is 3x3 \
                     with stride 1 and padding 1 (Conv2d::new().padding(1)), which keeps the 8 x \
                     8 size, so the pooled images are 4 x 4 and flat has C·16 columns"
                }
                CnnError::Optim(_) => {
                    "\n    likely mistake: step's i-th gradient must belong to its i-th tensor \
                     (kernel, conv_bias, dense, dense_bias, in the same order in both lists)"
                }
                _ => "",
            };
            fail(format!(
                "`{what}` returned an error on valid input: {error}\n    \
                 This input is fine: check the conditions under which your code returns \
                 Err.{hint}"
            ))
        }
    }
}

#[track_caller]
fn run_err<T>(what: &str, f: impl FnOnce() -> Result<T, CnnError>) -> CnnError {
    match run(what, f) {
        Err(error) => error,
        Ok(_) => fail(format!("{what}: expected an error, got Ok")),
    }
}

// ---------------------------------------------------------------------------------------
// The grader's own network: loops, from the doc.

/// Ways of computing the forward pass: the doc's and mistaken ones.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Net {
    Doc,
    /// Flattened in (row, col, channel) order.
    ChannelsLast,
    /// Probabilities instead of log-probabilities.
    Probabilities,
    /// The logits, no log-softmax.
    Logits,
    /// No ReLU.
    NoRelu,
    /// No convolution bias.
    NoConvBias,
}

/// The pooled features (n, C·16) by loops, in the doc's order unless `variant` says.
fn grader_features(w: &CnnWeights, images: ArrayView4<f64>, variant: Net) -> Array2<f64> {
    let n = images.dim().0;
    let c = w.kernel.dim().0;
    let mut conv = Array4::<f64>::zeros((n, c, 8, 8));
    for b in 0..n {
        for o in 0..c {
            for i in 0..8 {
                for j in 0..8 {
                    let mut total = if variant == Net::NoConvBias {
                        0.0
                    } else {
                        w.conv_bias[o]
                    };
                    for u in 0..3 {
                        for v in 0..3 {
                            let (y, x) = (i as isize + u as isize - 1, j as isize + v as isize - 1);
                            if (0..8).contains(&y) && (0..8).contains(&x) {
                                total +=
                                    w.kernel[[o, 0, u, v]] * images[[b, 0, y as usize, x as usize]];
                            }
                        }
                    }
                    conv[[b, o, i, j]] = if variant == Net::NoRelu {
                        total
                    } else {
                        total.max(0.0)
                    };
                }
            }
        }
    }
    let mut flat = Array2::zeros((n, c * 16));
    for b in 0..n {
        for o in 0..c {
            for i in 0..4 {
                for j in 0..4 {
                    let m = conv
                        .slice(s![b, o, 2 * i..2 * i + 2, 2 * j..2 * j + 2])
                        .fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                    let k = if variant == Net::ChannelsLast {
                        (i * 4 + j) * c + o
                    } else {
                        o * 16 + i * 4 + j
                    };
                    flat[[b, k]] = m;
                }
            }
        }
    }
    flat
}

fn grader_forward(w: &CnnWeights, images: ArrayView4<f64>, variant: Net) -> Array2<f64> {
    let flat = grader_features(w, images, variant);
    let mut z = flat.dot(&w.dense);
    for mut row in z.rows_mut() {
        row += &w.dense_bias;
        if variant == Net::Logits {
            continue;
        }
        let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let log_sum = max + row.mapv(|v| (v - max).exp()).sum().ln();
        row.mapv_inplace(|v| v - log_sum);
        if variant == Net::Probabilities {
            row.mapv_inplace(f64::exp);
        }
    }
    z
}

/// The doc's forward pass on the course's convolution reference (the exercise this one
/// builds on), fast enough for finite differences and training runs; the loops above
/// check it in `log_probabilities_of_a_few_digits`'s spirit.
fn fast_forward(w: &CnnWeights, images: ArrayView4<f64>) -> Array2<f64> {
    let n = images.dim().0;
    let conv = Conv2d::new().padding(1);
    let z = conv2d_forward(images, w.kernel.view(), w.conv_bias.view(), &conv).expect("valid");
    let flat = max_pool(z.mapv(|v| v.max(0.0)).view())
        .expect("valid")
        .into_shape_with_order((n, w.channels() * 16))
        .expect("standard layout");
    let mut logits = flat.dot(&w.dense);
    for mut row in logits.rows_mut() {
        row += &w.dense_bias;
        let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let log_sum = max + row.mapv(|v| (v - max).exp()).sum().ln();
        row.mapv_inplace(|v| v - log_sum);
    }
    logits
}

fn grader_loss(w: &CnnWeights, images: ArrayView4<f64>, labels: &[usize]) -> f64 {
    let lp = fast_forward(w, images);
    -labels
        .iter()
        .enumerate()
        .map(|(i, &l)| lp[[i, l]])
        .sum::<f64>()
        / labels.len() as f64
}

/// ∂loss/∂(kernel, conv_bias, dense_bias) by central differences (accurate to about
/// 1e-9 here); `dense` is left as in `w` (the finite differences of its many entries
/// would take too long at the test profile's speed; it is checked against the grader's
/// backpropagation instead).
fn grader_numeric_gradient(
    w: &CnnWeights,
    images: ArrayView4<f64>,
    labels: &[usize],
) -> CnnWeights {
    let theta = w.flatten();
    let h = 1e-5;
    let at = |i: usize, delta: f64| {
        let mut probe = theta.clone();
        probe[i] += delta;
        grader_loss(
            &w.with_parameters(probe.view()).expect("same length"),
            images,
            labels,
        )
    };
    let dense = w.kernel.len() + w.conv_bias.len()..theta.len() - w.dense_bias.len();
    let numeric = Array1::from_shape_fn(theta.len(), |i| {
        if dense.contains(&i) {
            theta[i]
        } else {
            (at(i, h) - at(i, -h)) / (2.0 * h)
        }
    });
    w.with_parameters(numeric.view()).expect("same length")
}

/// The doc's backpropagation, on the course's convolution reference (the exercise this
/// one builds on); `relu_mask: false` leaves out the ReLU's derivative.
fn grader_gradient(
    w: &CnnWeights,
    images: ArrayView4<f64>,
    labels: &[usize],
    relu_mask: bool,
) -> (f64, CnnWeights) {
    let n = images.dim().0;
    let c = w.channels();
    let conv = Conv2d::new().padding(1);
    let z = conv2d_forward(images, w.kernel.view(), w.conv_bias.view(), &conv).expect("valid");
    let a = z.mapv(|v| v.max(0.0));
    let flat = max_pool(a.view())
        .expect("valid")
        .into_shape_with_order((n, c * 16))
        .expect("standard layout");
    let mut logits = flat.dot(&w.dense);
    logits += &w.dense_bias;
    let mut d = Array2::zeros(logits.dim());
    let mut loss = 0.0;
    for (i, row) in logits.rows().into_iter().enumerate() {
        let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let total: f64 = row.iter().map(|v| (v - max).exp()).sum();
        loss -= row[labels[i]] - max - total.ln();
        for k in 0..10 {
            let target = if labels[i] == k { 1.0 } else { 0.0 };
            d[[i, k]] = ((row[k] - max).exp() / total - target) / n as f64;
        }
    }
    let d_flat = d
        .dot(&w.dense.t())
        .into_shape_with_order((n, c, 4, 4))
        .expect("standard layout");
    let mut d_a = max_pool_backward(a.view(), d_flat.view()).expect("valid");
    if relu_mask {
        d_a.zip_mut_with(&z, |g, &v| {
            if v <= 0.0 {
                *g = 0.0
            }
        });
    }
    let g = conv2d_backward(images, w.kernel.view(), d_a.view(), &conv).expect("valid");
    (
        loss / n as f64,
        CnnWeights {
            kernel: g.kernel,
            conv_bias: g.bias,
            dense: flat.t().dot(&d),
            dense_bias: d.sum_axis(Axis(0)),
        },
    )
}

// ---------------------------------------------------------------------------------------
// Data.

/// The digits, their reference split and labels, loaded once for all the tests (reading
/// the CSV is the slowest part of this grader).
fn bundled() -> &'static (datasets::Dataset, datasets::Split, Array1<usize>) {
    static DATA: OnceLock<(datasets::Dataset, datasets::Split, Array1<usize>)> = OnceLock::new();
    DATA.get_or_init(|| {
        let data = datasets::digits();
        let split = data
            .reference_split()
            .expect("digits has a reference split");
        let labels = data.class_labels().expect("digit labels");
        (data, split, labels)
    })
}

/// A few digits as images (pixels / 16, written here from the doc) and their labels.
fn digits(rows: std::ops::Range<usize>, test: bool) -> (Array4<f64>, Array1<usize>) {
    let (data, split, labels) = bundled();
    let which = if test { &split.test } else { &split.train };
    let picked: Vec<usize> = which[rows].to_vec();
    let x = data.features.select(Axis(0), &picked);
    let images = Array4::from_shape_fn((picked.len(), 1, 8, 8), |(r, _, i, j)| {
        x[[r, i * 8 + j]] / 16.0
    });
    (images, labels.select(Axis(0), &picked))
}

fn random_weights(channels: usize, seed: u64) -> CnnWeights {
    let mut g = rng(seed);
    CnnWeights {
        kernel: Array4::from_shape_simple_fn((channels, 1, 3, 3), || g.gen_range(-1.0..1.0)),
        conv_bias: Array1::from_shape_simple_fn(channels, || g.gen_range(-0.3..0.3)),
        dense: Array2::from_shape_simple_fn((channels * 16, 10), || g.gen_range(-0.5..0.5)),
        dense_bias: Array1::from_shape_simple_fn(10, || g.gen_range(-0.5..0.5)),
    }
}

// ---------------------------------------------------------------------------------------
// images_from_pixels

#[test]
fn pixels_become_8x8_images_divided_by_16() {
    let features = Array2::from_shape_fn((2, 64), |(r, k)| ((k + 3 * r) % 17) as f64);
    let got = run_ok("images_from_pixels(2 rows of 64 pixels)", || {
        cnn_digits::images_from_pixels(features.view())
    });
    let expected =
        Array4::from_shape_fn((2, 1, 8, 8), |(r, _, i, j)| features[[r, i * 8 + j]] / 16.0);
    let transposed =
        Array4::from_shape_fn((2, 1, 8, 8), |(r, _, i, j)| features[[r, j * 8 + i]] / 16.0);
    expect_array(
        "images_from_pixels of 2 rows (pixel k at row k / 8, column k % 8, divided by 16)",
        &got,
        &expected,
    )
    .mistake_factor(
        16.0,
        "the pixels are not divided by 16: the counts run from 0 to 16",
    )
    .mistake_factor(
        16.0 / 255.0,
        "the pixels are divided by 255: these are counts 0..16, divide by 16",
    )
    .mistake_array(
        &transposed,
        "the image is transposed: pixel k is at row k / 8 and column k % 8 (stored row by row)",
    )
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn pixels_must_be_64_columns() {
    let error = run_err("images_from_pixels of rows of 63 values", || {
        cnn_digits::images_from_pixels(Array2::zeros((3, 63)).view())
    });
    expect_error(
        "images_from_pixels of rows of 63 values",
        error,
        CnnError::Pixels {
            expected: 64,
            got: 63,
        },
        &[(
            CnnError::Pixels {
                expected: 63,
                got: 64,
            },
            "expected and got are swapped: expected is 64",
        )],
    );
}

// ---------------------------------------------------------------------------------------
// init_weights

/// The doc's draw, and mistaken ones.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Init {
    Doc,
    /// a = √(6 / fan_in) for the kernel.
    FanInOnly,
    /// The kernel's fans counted without its 3x3 area: √(6 / (1 + C)).
    NoArea,
    /// The dense layer from `seed` rather than `seed + 1`.
    DenseSameSeed,
    /// The dense layer drawn from the kernel's generator, continuing.
    DenseContinues,
}

fn grader_init(channels: usize, seed: u64, init: Init) -> CnnWeights {
    let mut g: Rng = rng(seed);
    let a = match init {
        Init::FanInOnly => (6.0f64 / 9.0).sqrt(),
        Init::NoArea => (6.0 / (1 + channels) as f64).sqrt(),
        _ => (6.0 / (9 + 9 * channels) as f64).sqrt(),
    };
    let kernel = Array4::from_shape_simple_fn((channels, 1, 3, 3), || g.gen_range(-a..a));
    let inputs = channels * 16;
    let b = (6.0 / (inputs + 10) as f64).sqrt();
    let mut dense_rng = match init {
        Init::DenseSameSeed => rng(seed),
        Init::DenseContinues => g.clone(),
        _ => rng(seed.wrapping_add(1)),
    };
    let dense = Array2::from_shape_simple_fn((inputs, 10), || dense_rng.gen_range(-b..b));
    CnnWeights {
        kernel,
        conv_bias: Array1::zeros(channels),
        dense,
        dense_bias: Array1::zeros(10),
    }
}

#[test]
fn initial_weights_follow_glorot_and_the_seeds() {
    for (channels, seed) in [(3, 7), (8, 0)] {
        let what = format!("init_weights({channels}, {seed})");
        let got = run_ok(&what, || cnn_digits::init_weights(channels, seed));
        let expected = grader_init(channels, seed, Init::Doc);
        let shapes = [
            got.kernel.shape() == expected.kernel.shape(),
            got.conv_bias.len() == channels,
            got.dense.shape() == expected.dense.shape(),
            got.dense_bias.len() == 10,
        ];
        require(shapes.iter().all(|&ok| ok), || {
            format!(
                "{what}: expected kernel [{channels}, 1, 3, 3], conv_bias [{channels}], dense \
                 [{}, 10], dense_bias [10]; got {:?}, {:?}, {:?}, {:?}",
                channels * 16,
                got.kernel.shape(),
                got.conv_bias.shape(),
                got.dense.shape(),
                got.dense_bias.shape()
            )
        });
        let mut check = expect_array(format!("{what}: the kernel"), &got.kernel, &expected.kernel);
        for (init, why) in [
            (
                Init::FanInOnly,
                "a = √(6 / fan_in): Glorot's rule is √(6 / (fan_in + fan_out)), fan_in = 9, \
                 fan_out = channels·9",
            ),
            (
                Init::NoArea,
                "the fans leave out the kernel's 3x3 area: fan_in = 1·3·3 = 9 and fan_out = \
                 channels·3·3",
            ),
        ] {
            check = check.mistake_array(&grader_init(channels, seed, init).kernel, why);
        }
        check.no_generic_diagnosis().assert();
        let mut check = expect_array(format!("{what}: dense"), &got.dense, &expected.dense);
        for (init, why) in [
            (
                Init::DenseSameSeed,
                "the dense layer is drawn with seed: it is linear_init(channels * 16, 10, \
                 seed.wrapping_add(1))",
            ),
            (
                Init::DenseContinues,
                "the dense layer continues the kernel's generator: it is linear_init(channels \
                 * 16, 10, seed.wrapping_add(1)), with its own generator",
            ),
        ] {
            check = check.mistake_array(&grader_init(channels, seed, init).dense, why);
        }
        check.no_generic_diagnosis().assert();
        expect_array(
            format!("{what}: conv_bias (zeros)"),
            &got.conv_bias,
            &expected.conv_bias,
        )
        .assert();
        expect_array(
            format!("{what}: dense_bias (zeros)"),
            &got.dense_bias,
            &expected.dense_bias,
        )
        .assert();
    }
    let error = run_err("init_weights(0, 1)", || cnn_digits::init_weights(0, 1));
    require(matches!(error, CnnError::InvalidParams(_)), || {
        format!("init_weights(0, 1): expected CnnError::InvalidParams (no kernels), got {error:?}")
    });
}

// ---------------------------------------------------------------------------------------
// log_probabilities and predict

const FORWARD_MISTAKES: [(Net, &str); 5] = [
    (
        Net::ChannelsLast,
        "the pooled values are flattened in (row, col, channel) order: flatten each image in \
         (channel, row, col) order, k = channel·16 + row·4 + col (the (n, C, 4, 4) array's own \
         order)",
    ),
    (
        Net::Probabilities,
        "those are probabilities: return the log-probabilities (log_softmax), not their exp",
    ),
    (
        Net::Logits,
        "those are the logits: apply log_softmax to them",
    ),
    (
        Net::NoRelu,
        "the ReLU is missing between the convolution and the pooling",
    ),
    (
        Net::NoConvBias,
        "the convolution's bias is missing: pass conv_bias to conv2d_forward",
    ),
];

#[test]
fn log_probabilities_of_a_few_digits() {
    let (images, _) = digits(0..5, false);
    let w = random_weights(3, 11);
    let got = run_ok("log_probabilities(3 random kernels, 5 digits)", || {
        cnn_digits::log_probabilities(&w, images.view())
    });
    let expected = grader_forward(&w, images.view(), Net::Doc);
    let mut check = expect_array(
        "log_probabilities of 5 training digits with random weights (3 channels), against the \
         grader's loops (conv 3x3 padding 1, ReLU, 2x2 max pool, flatten, linear, log-softmax)",
        &got,
        &expected,
    );
    for (variant, why) in FORWARD_MISTAKES {
        check = check.mistake_array(&grader_forward(&w, images.view(), variant), why);
    }
    check.no_generic_diagnosis().assert();
}

#[test]
fn log_probabilities_of_an_empty_batch() {
    let w = random_weights(2, 12);
    let got = run_ok("log_probabilities of 0 images", || {
        cnn_digits::log_probabilities(&w, Array4::zeros((0, 1, 8, 8)).view())
    });
    require(got.shape() == [0, 10], || {
        format!(
            "log_probabilities of 0 images: expected shape [0, 10], got {:?}",
            got.shape()
        )
    });
}

#[test]
fn predict_takes_the_largest_and_the_smallest_digit_on_ties() {
    let (images, _) = digits(0..6, false);
    let w = random_weights(2, 13);
    let got = run_ok("predict(6 digits)", || {
        cnn_digits::predict(&w, images.view())
    });
    let lp = grader_forward(&w, images.view(), Net::Doc);
    let expected: Vec<usize> = lp
        .rows()
        .into_iter()
        .map(|row| {
            let mut best = 0;
            for k in 1..10 {
                if row[k] > row[best] {
                    best = k;
                }
            }
            best
        })
        .collect();
    require(got.to_vec() == expected, || {
        format!(
            "predict of 6 digits with random weights: expected {expected:?}, got {:?}\n    the \
             prediction is the index of the largest log-probability",
            got.to_vec()
        )
    });
    // Zero dense weights and biases: all ten scores tie, so every prediction is 0.
    let mut tied = w.clone();
    tied.dense.fill(0.0);
    tied.dense_bias.fill(0.0);
    let got = run_ok("predict with all ten scores tied", || {
        cnn_digits::predict(&tied, images.view())
    });
    require(got.iter().all(|&d| d == 0), || {
        format!(
            "predict with zero dense weights (all ten log-probabilities equal): expected digit 0 \
             for every image, got {:?}\n    likely mistake: {}",
            got.to_vec(),
            if got.iter().all(|&d| d == 9) {
                "on a tie the last digit wins (>= where > was meant): the smallest digit wins"
            } else {
                "on a tie the smallest digit wins"
            }
        )
    });
}

fn weights_error(what: &str, w: &CnnWeights, images: &Array4<f64>) -> CnnError {
    run_err(what, || cnn_digits::log_probabilities(w, images.view()))
}

#[test]
fn bad_images_and_weights_are_errors_in_the_documented_order() {
    let w = random_weights(2, 14);
    let error = weights_error(
        "log_probabilities of images shaped [3, 1, 8, 7]",
        &w,
        &Array4::zeros((3, 1, 8, 7)),
    );
    expect_error(
        "log_probabilities of images shaped [3, 1, 8, 7]",
        error,
        CnnError::Images {
            expected: "(n, 1, 8, 8)".into(),
            got: "[3, 1, 8, 7]".into(),
        },
        &[],
    );
    let mut bad = w.clone();
    bad.dense = Array2::zeros((32, 9));
    let error = weights_error(
        "log_probabilities with images shaped [2, 2, 8, 8] and dense [32, 9]",
        &bad,
        &Array4::zeros((2, 2, 8, 8)),
    );
    require(matches!(error, CnnError::Images { .. }), || {
        format!(
            "two faults at once, images with 2 channels and a dense layer [32, 9]: expected \
             CnnError::Images (the images are checked first), got {error:?}"
        )
    });
    let cases: [(&str, CnnWeights, &str); 4] = [
        (
            "kernel [2, 1, 3, 2]",
            {
                let mut b = w.clone();
                b.kernel = Array4::zeros((2, 1, 3, 2));
                b
            },
            "kernel",
        ),
        (
            "conv_bias of 3 values for 2 kernels and dense [32, 9]",
            {
                let mut b = w.clone();
                b.conv_bias = Array1::zeros(3);
                b.dense = Array2::zeros((32, 9));
                b
            },
            "conv_bias",
        ),
        (
            "dense [32, 9] and dense_bias of 3",
            {
                let mut b = w.clone();
                b.dense = Array2::zeros((32, 9));
                b.dense_bias = Array1::zeros(3);
                b
            },
            "dense ",
        ),
        (
            "dense_bias of 3 values",
            {
                let mut b = w.clone();
                b.dense_bias = Array1::zeros(3);
                b
            },
            "dense_bias",
        ),
    ];
    for (what, bad, first) in cases {
        let what = format!("log_probabilities with {what}");
        let error = weights_error(&what, &bad, &Array4::zeros((2, 1, 8, 8)));
        let named = matches!(&error, CnnError::Weights(why) if why.starts_with(first));
        require(named, || {
            format!(
                "{what}: expected CnnError::Weights(\"{}...\") (the first weight that does not \
                 fit, in the order kernel, conv_bias, dense, dense_bias), got {error:?}",
                first.trim()
            )
        });
    }
}

// ---------------------------------------------------------------------------------------
// loss_and_gradients

/// A gradient's name, the learner's values, the expected and the unmasked ones.
type GradientField<'a> = (
    &'a str,
    ArrayView1<'a, f64>,
    ArrayView1<'a, f64>,
    ArrayView1<'a, f64>,
);

#[test]
fn loss_and_gradients_match_finite_differences() {
    let (images, labels) = digits(0..4, false);
    let w = random_weights(2, 15);
    let (loss, got) = run_ok("loss_and_gradients(2 random kernels, 4 digits)", || {
        cnn_digits::loss_and_gradients(&w, images.view(), labels.view())
    });
    let labels = labels.to_vec();
    let what = "loss_and_gradients on 4 training digits with random weights (2 channels)";
    expect(
        format!("{what}: the loss (mean cross-entropy)"),
        loss,
        grader_loss(&w, images.view(), &labels),
    )
    .n(4)
    .assert();
    require(got.same_shapes(&w), || {
        format!(
            "{what}: the gradients must be shaped like the weights: kernel {:?}, conv_bias {:?}, \
             dense {:?}, dense_bias {:?}; got {:?}, {:?}, {:?}, {:?}",
            w.kernel.shape(),
            w.conv_bias.shape(),
            w.dense.shape(),
            w.dense_bias.shape(),
            got.kernel.shape(),
            got.conv_bias.shape(),
            got.dense.shape(),
            got.dense_bias.shape()
        )
    });
    let mut numeric = grader_numeric_gradient(&w, images.view(), &labels);
    numeric.dense = grader_gradient(&w, images.view(), &labels, true).1.dense;
    let (_, unmasked) = grader_gradient(&w, images.view(), &labels, false);
    let tol = Tolerance {
        rel: 1e-5,
        abs: 1e-7,
    };
    let fields: [GradientField; 4] = [
        (
            "dense_bias",
            got.dense_bias.view(),
            numeric.dense_bias.view(),
            unmasked.dense_bias.view(),
        ),
        (
            "dense",
            got.dense
                .view()
                .into_shape_with_order(w.dense.len())
                .expect("standard"),
            numeric
                .dense
                .view()
                .into_shape_with_order(w.dense.len())
                .expect("standard"),
            unmasked
                .dense
                .view()
                .into_shape_with_order(w.dense.len())
                .expect("standard"),
        ),
        (
            "conv_bias",
            got.conv_bias.view(),
            numeric.conv_bias.view(),
            unmasked.conv_bias.view(),
        ),
        (
            "kernel",
            got.kernel
                .view()
                .into_shape_with_order(w.kernel.len())
                .expect("standard"),
            numeric
                .kernel
                .view()
                .into_shape_with_order(w.kernel.len())
                .expect("standard"),
            unmasked
                .kernel
                .view()
                .into_shape_with_order(w.kernel.len())
                .expect("standard"),
        ),
    ];
    for (name, got, numeric, unmasked) in fields {
        let mut check = expect_array(
            format!(
                "{what}: ∂loss/∂{name} against {}",
                if name == "dense" {
                    "the grader's backpropagation (flatᵀ · (softmax − one_hot) / n)"
                } else {
                    "central finite differences of the loss"
                }
            ),
            &got,
            &numeric,
        )
        .tol(tol)
        .mistake_factor(
            4.0,
            "the gradient is 4 = n times too large: the loss is the mean over the batch (the \
             fused gradient is (softmax − one_hot) / n, as cross_entropy gives it)",
        );
        if unmasked != numeric {
            check = check.mistake_array(
                &unmasked,
                "the ReLU's derivative is missing: relu_backward(conv output, ·) zeroes the \
                 gradient where the convolution's output is ≤ 0",
            );
        }
        check.no_generic_diagnosis().assert();
    }
}

#[test]
fn weights_are_checked_before_the_labels_and_predict_passes_errors_on() {
    let mut bad = random_weights(2, 17);
    bad.dense_bias = Array1::zeros(3);
    let what = "loss_and_gradients with dense_bias of 3 values and 0 images";
    let error = run_err(what, || {
        cnn_digits::loss_and_gradients(
            &bad,
            Array4::zeros((0, 1, 8, 8)).view(),
            Array1::zeros(0).view(),
        )
    });
    require(
        matches!(&error, CnnError::Weights(why) if why.starts_with("dense_bias")),
        || {
            format!(
                "{what}: expected CnnError::Weights(\"dense_bias...\") (the errors of \
             log_probabilities come before the labels' CnnError::Empty), got {error:?}"
            )
        },
    );
    let w = random_weights(2, 18);
    let what = "predict of images shaped [2, 1, 7, 7]";
    let error = run_err(what, || {
        cnn_digits::predict(&w, Array4::zeros((2, 1, 7, 7)).view())
    });
    expect_error(
        what,
        error,
        CnnError::Images {
            expected: "(n, 1, 8, 8)".into(),
            got: "[2, 1, 7, 7]".into(),
        },
        &[],
    );
}

#[test]
fn bad_labels_are_errors_in_the_documented_order() {
    let w = random_weights(2, 16);
    let (images, _) = digits(0..3, false);
    let cases: [(&str, Array4<f64>, Vec<usize>, CnnError); 5] = [
        (
            "images shaped [3, 1, 7, 8] and 2 labels",
            Array4::zeros((3, 1, 7, 8)),
            vec![0, 1],
            CnnError::Images {
                expected: "(n, 1, 8, 8)".into(),
                got: "[3, 1, 7, 8]".into(),
            },
        ),
        (
            "0 images and 0 labels",
            Array4::zeros((0, 1, 8, 8)),
            vec![],
            CnnError::Empty,
        ),
        (
            "0 images and 2 labels",
            Array4::zeros((0, 1, 8, 8)),
            vec![1, 2],
            CnnError::Empty,
        ),
        (
            "3 images, 2 labels, one of them 10",
            images.clone(),
            vec![0, 10],
            CnnError::LabelCount {
                images: 3,
                labels: 2,
            },
        ),
        (
            "3 images with the labels [4, 12, 10]",
            images.clone(),
            vec![4, 12, 10],
            CnnError::NotADigit { row: 1, label: 12 },
        ),
    ];
    for (what, x, y, wanted) in cases {
        let what = format!("loss_and_gradients with {what}");
        let y = Array1::from(y);
        let error = run_err(&what, || {
            cnn_digits::loss_and_gradients(&w, x.view(), y.view())
        });
        expect_error(
            &format!("{what} (order: images, weights, empty, label count, digits)"),
            error,
            wanted,
            &[
                (
                    CnnError::LabelCount {
                        images: 0,
                        labels: 2,
                    },
                    "the label count is checked before the empty batch: CnnError::Empty first",
                ),
                (
                    CnnError::NotADigit { row: 1, label: 10 },
                    "the label count is checked after the labels: LabelCount first",
                ),
                (
                    CnnError::NotADigit { row: 2, label: 10 },
                    "that is the last label that is not a digit: report the first",
                ),
                (
                    CnnError::LabelCount {
                        images: 2,
                        labels: 3,
                    },
                    "images and labels are swapped in LabelCount",
                ),
            ],
        );
    }
}

// ---------------------------------------------------------------------------------------
// train: the doc's procedure, re-implemented here on the earlier exercises' references.

/// Ways of training: the doc's and mistaken ones.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Train {
    Doc,
    /// The shuffler seeded with `seed` or `seed + 1`.
    ShuffleSeed(u64),
    /// A fresh 0..n shuffled every epoch (instead of reshuffling the same list).
    FreshOrder,
    /// A new shuffler every epoch: the same order every epoch.
    SameOrder,
    /// No shuffle.
    NoShuffle,
    /// A new optimizer every epoch.
    FreshOptimizer,
    /// Plain SGD steps of the learning rate.
    Sgd,
    /// The epoch's loss as the mean of the batch losses, unweighted.
    UnweightedLoss,
    /// The epoch's loss as the loss of the whole training set after the epoch.
    LossAfterEpoch,
    /// The accuracy of the training rows instead of the test rows.
    TrainingRowsAccuracy,
    /// Shuffled at the end of each epoch: the first epoch in row order.
    ShuffleAfter,
    /// The epoch's loss is its last batch's.
    LastBatchLoss,
}

/// Adam with β₁ 0.9, β₂ 0.999, ε 1e-8 and bias correction, element by element.
struct Adam {
    m: Array1<f64>,
    v: Array1<f64>,
    t: i32,
}

fn accuracy_of(w: &CnnWeights, images: ArrayView4<f64>, labels: ArrayView1<usize>) -> f64 {
    let lp = fast_forward(w, images);
    let right = lp
        .rows()
        .into_iter()
        .zip(labels)
        .filter(|(row, label)| {
            let mut best = 0;
            for k in 1..10 {
                if row[k] > row[best] {
                    best = k;
                }
            }
            best == **label
        })
        .count();
    right as f64 / labels.len() as f64
}

fn grader_train(
    x: &Array4<f64>,
    y: &Array1<usize>,
    tx: &Array4<f64>,
    ty: &Array1<usize>,
    p: &CnnParams,
    variant: Train,
) -> Training {
    let mut w = grader_init(p.channels, p.seed, Init::Doc);
    let n = x.dim().0;
    let fresh_adam = |len: usize| Adam {
        m: Array1::zeros(len),
        v: Array1::zeros(len),
        t: 0,
    };
    let mut adam = fresh_adam(w.n_parameters());
    let offset = match variant {
        Train::ShuffleSeed(offset) => offset,
        _ => 2,
    };
    let mut shuffler = rng(p.seed.wrapping_add(offset));
    let mut order: Vec<usize> = (0..n).collect();
    let (mut losses, mut accuracies) = (Vec::new(), Vec::new());
    for epoch in 0..p.epochs {
        match variant {
            Train::FreshOrder => {
                order = (0..n).collect();
                order.shuffle(&mut shuffler);
            }
            Train::SameOrder => {
                order = (0..n).collect();
                order.shuffle(&mut rng(p.seed.wrapping_add(2)));
            }
            Train::NoShuffle => {}
            Train::ShuffleAfter if epoch == 0 => {}
            _ => order.shuffle(&mut shuffler),
        }
        if variant == Train::FreshOptimizer {
            adam = fresh_adam(w.n_parameters());
        }
        let (mut weighted, mut plain, mut batches, mut last) = (0.0, 0.0, 0, 0.0);
        for batch in order.chunks(p.batch_size) {
            let bx = x.select(Axis(0), batch);
            let by: Vec<usize> = batch.iter().map(|&i| y[i]).collect();
            let (loss, g) = grader_gradient(&w, bx.view(), &by, true);
            weighted += loss * batch.len() as f64;
            plain += loss;
            batches += 1;
            last = loss;
            let mut theta = w.flatten();
            let g = g.flatten();
            if variant == Train::Sgd {
                theta.scaled_add(-p.learning_rate, &g);
            } else {
                adam.t += 1;
                let c1 = 1.0 - 0.9f64.powi(adam.t);
                let c2 = 1.0 - 0.999f64.powi(adam.t);
                for i in 0..theta.len() {
                    adam.m[i] = 0.9 * adam.m[i] + 0.1 * g[i];
                    adam.v[i] = 0.999 * adam.v[i] + 0.001 * g[i] * g[i];
                    theta[i] -=
                        p.learning_rate * (adam.m[i] / c1) / ((adam.v[i] / c2).sqrt() + 1e-8);
                }
            }
            w = w.with_parameters(theta.view()).expect("same length");
        }
        losses.push(match variant {
            Train::UnweightedLoss => plain / batches as f64,
            Train::LastBatchLoss => last,
            Train::LossAfterEpoch => grader_loss(&w, x.view(), &y.to_vec()),
            _ => weighted / n as f64,
        });
        accuracies.push(if variant == Train::TrainingRowsAccuracy {
            accuracy_of(&w, x.view(), y.view())
        } else {
            accuracy_of(&w, tx.view(), ty.view())
        });
    }
    Training {
        weights: w,
        loss: losses,
        test_accuracy: accuracies,
    }
}

const TRAIN_MISTAKES: [(Train, &str); 11] = [
    (
        Train::ShuffleAfter,
        "the first epoch runs in row order (shuffled after the batches?): shuffle at the start \
         of every epoch, the first one too",
    ),
    (
        Train::LastBatchLoss,
        "the epoch's loss is its last batch's: it is the mean over every batch of the epoch, \
         Σ batch loss · batch size / n",
    ),
    (
        Train::ShuffleSeed(0),
        "the shuffler is seeded with params.seed: it is rng(params.seed.wrapping_add(2))",
    ),
    (
        Train::ShuffleSeed(1),
        "the shuffler is seeded with params.seed + 1 (the dense layer's seed): it is \
         rng(params.seed.wrapping_add(2))",
    ),
    (
        Train::FreshOrder,
        "order is reset to 0..n before every shuffle: keep shuffling the same list, epoch \
         after epoch",
    ),
    (
        Train::SameOrder,
        "every epoch uses the same order (a new shuffler each epoch?): make one shuffler \
         before the first epoch",
    ),
    (
        Train::NoShuffle,
        "the rows are never shuffled: order.shuffle(&mut shuffler) at the start of every epoch",
    ),
    (
        Train::FreshOptimizer,
        "a new optimizer every epoch (Adam's moments and step count start over): make one \
         for the whole run",
    ),
    (
        Train::Sgd,
        "plain gradient steps: the optimizer is Adam, OptimizerParams::adam(learning_rate)",
    ),
    (
        Train::UnweightedLoss,
        "the epoch's loss is the plain mean of the batch losses: weight each by its batch \
         size (Σ batch loss · batch size / n), the last batch is smaller",
    ),
    (
        Train::LossAfterEpoch,
        "the epoch's loss is the loss of the whole training set after the epoch: it is the \
         mean of the losses the batches saw during the epoch",
    ),
];

#[test]
fn training_follows_the_documented_procedure() {
    // 40 rows in batches of 16: the last batch has 8 rows.
    let (x, y) = digits(0..40, false);
    let (tx, ty) = digits(0..30, true);
    let params = CnnParams::new()
        .channels(2)
        .epochs(2)
        .batch_size(16)
        .learning_rate(0.02)
        .seed(5);
    let what = "train on 40 training digits, 2 channels, 2 epochs, batches of 16, Adam lr 0.02, \
                seed 5";
    let got = run_ok(what, || {
        cnn_digits::train(x.view(), y.view(), tx.view(), ty.view(), &params)
    });
    let expected = grader_train(&x, &y, &tx, &ty, &params, Train::Doc);
    require(got.loss.len() == 2 && got.test_accuracy.len() == 2, || {
        format!(
            "{what}: expected 2 losses and 2 accuracies (one per epoch), got {} and {}",
            got.loss.len(),
            got.test_accuracy.len()
        )
    });
    require(got.weights.same_shapes(&expected.weights), || {
        format!("{what}: the trained weights are not shaped like the initial weights")
    });
    let loss_what = format!("{what}: the loss of each epoch");
    let weights_what =
        format!("{what}: the trained weights (flattened: kernel, conv_bias, dense, dense_bias)");
    let (got_loss, got_weights) = (Array1::from(got.loss.clone()), got.weights.flatten());
    let (expected_loss, expected_weights) = (
        Array1::from(expected.loss.clone()),
        expected.weights.flatten(),
    );
    let right = expect_array(&loss_what, &got_loss, &expected_loss)
        .failure()
        .is_none()
        && expect_array(&weights_what, &got_weights, &expected_weights)
            .failure()
            .is_none();
    if !right {
        // Only now, the mistaken procedures, to name the one that matches.
        let wrongs: Vec<(Training, &str)> = TRAIN_MISTAKES
            .iter()
            .map(|&(variant, why)| (grader_train(&x, &y, &tx, &ty, &params, variant), why))
            .collect();
        let mut check = expect_array(&loss_what, &got_loss, &expected_loss);
        for (wrong, why) in &wrongs {
            check = check.mistake_array(&Array1::from(wrong.loss.clone()), *why);
        }
        check.no_generic_diagnosis().assert();
        let mut check = expect_array(&weights_what, &got_weights, &expected_weights);
        for (wrong, why) in &wrongs {
            check = check.mistake_array(&wrong.weights.flatten(), *why);
        }
        check.no_generic_diagnosis().assert();
    }
    let accuracy = expect_array(
        format!("{what}: the test accuracy after each epoch"),
        &Array1::from(got.test_accuracy.clone()),
        &Array1::from(expected.test_accuracy.clone()),
    );
    if accuracy.failure().is_some() {
        let train_accuracy = grader_train(&x, &y, &tx, &ty, &params, Train::TrainingRowsAccuracy);
        accuracy
            .mistake_array(
                &Array1::from(train_accuracy.test_accuracy),
                "that is the accuracy on the training rows: measure it on test_images and \
                 test_labels",
            )
            .no_generic_diagnosis()
            .assert();
    }
}

#[test]
fn training_learns_to_read_digits() {
    // A small configuration that runs in a moment: 4 kernels, 400 training digits, 2
    // epochs (about 0.8 of the test digits right). The full run (8 kernels, all 1 437
    // digits, 15 epochs, at least 0.97) is the example's.
    let (x, y) = digits(0..400, false);
    let (tx, ty) = digits(0..120, true);
    let params = CnnParams::new()
        .channels(4)
        .epochs(2)
        .batch_size(16)
        .learning_rate(0.03)
        .seed(0);
    let what = "train on 400 training digits, 4 channels, 2 epochs, batches of 16, Adam lr 0.03 \
                (checked on 120 test digits)";
    let got = run_ok(what, || {
        cnn_digits::train(x.view(), y.view(), tx.view(), ty.view(), &params)
    });
    let last = got.test_accuracy.last().copied().unwrap_or(0.0);
    require(last >= 0.7, || {
        format!(
            "{what}: the accuracy on the 120 test digits is {last:.3}, expected at least 0.7 \
             (the losses per epoch: {:?})",
            got.loss
                .iter()
                .map(|l| format!("{l:.3}"))
                .collect::<Vec<_>>()
        )
    });
}

/// What is wrong, the settings, the training and test images and labels, the error.
type TrainCase<'a> = (
    &'a str,
    CnnParams,
    &'a Array4<f64>,
    &'a Array1<usize>,
    &'a Array4<f64>,
    &'a Array1<usize>,
    CnnError,
);

#[test]
fn bad_training_inputs_are_errors_in_the_documented_order() {
    let (x, y) = digits(0..5, false);
    let bad_y = Array1::from(vec![0, 1, 11, 3, 4]);
    let short = Array1::from(vec![0, 1]);
    let bad_x = Array4::zeros((5, 1, 8, 6));
    let cases: [TrainCase; 5] = [
        (
            "epochs 0 and a label 11",
            CnnParams::new().epochs(0),
            &x,
            &bad_y,
            &x,
            &y,
            CnnError::InvalidParams("epochs must be at least 1".into()),
        ),
        (
            "a training label 11 and test images shaped [5, 1, 8, 6]",
            CnnParams::new(),
            &x,
            &bad_y,
            &bad_x,
            &y,
            CnnError::NotADigit { row: 2, label: 11 },
        ),
        (
            "training images shaped [5, 1, 8, 6] and 2 training labels",
            CnnParams::new(),
            &bad_x,
            &short,
            &x,
            &y,
            CnnError::Images {
                expected: "(n, 1, 8, 8)".into(),
                got: "[5, 1, 8, 6]".into(),
            },
        ),
        (
            "test images shaped [5, 1, 8, 6] and a test label 11",
            CnnParams::new(),
            &x,
            &y,
            &bad_x,
            &bad_y,
            CnnError::Images {
                expected: "(n, 1, 8, 8)".into(),
                got: "[5, 1, 8, 6]".into(),
            },
        ),
        (
            "2 test labels for 5 test images",
            CnnParams::new(),
            &x,
            &y,
            &x,
            &short,
            CnnError::LabelCount {
                images: 5,
                labels: 2,
            },
        ),
    ];
    for (what, params, x, y, tx, ty, wanted) in cases {
        let what = format!("train with {what}");
        let error = run_err(&what, || {
            cnn_digits::train(x.view(), y.view(), tx.view(), ty.view(), &params)
        });
        expect_error(
            &format!(
                "{what} (order: params, training images, training labels, test images, test \
                 labels)"
            ),
            error,
            wanted,
            &[
                (
                    CnnError::NotADigit { row: 2, label: 11 },
                    "the labels are checked before params.validate()? or the images",
                ),
                (
                    CnnError::LabelCount {
                        images: 5,
                        labels: 2,
                    },
                    "the labels are checked before the images",
                ),
                (
                    CnnError::Images {
                        expected: "(n, 1, 8, 8)".into(),
                        got: "[5, 1, 8, 6]".into(),
                    },
                    "the test images are checked before the training labels: params, training \
                     images, training labels, then the test set",
                ),
            ],
        );
    }
}
