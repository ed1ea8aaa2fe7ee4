//! Grader of exercises/12_deep_learning/convolution.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/12_deep_learning/convolution.rs"]
mod convolution;
#[cfg(feature = "solutions")]
use mlings::reference::convolution;

use mlings::grade::{Check, catch_panic, expect_array, expect_error, fail, require};
use mlings::prep::rng;
use mlings::types::convolution::{Conv2d, ConvError, ConvGradients};
use ndarray::{Array1, Array4, ArrayView1, ArrayView4, array};
use rand::Rng;

// ---------------------------------------------------------------------------------------
// Calling the learner's code: a panic becomes a verdict that names the call.

#[track_caller]
fn run<T>(what: &str, f: impl FnOnce() -> Result<T, ConvError>) -> Result<T, ConvError> {
    catch_panic(what, f).unwrap_or_else(|message| {
        let hint = if message.contains("subtract with overflow") {
            "a size computed before the kernel was checked to fit: height + 2p − kh is \
             negative for a kernel larger than the padded image, so check the kernel's size \
             (ConvError::KernelSize) before computing out_h and out_w"
        } else {
            "an index out of bounds (the padding: X[y][x] is input[y − p][x − p], and 0 \
             outside the image) or a shape mismatch in a reshape or product"
        };
        fail(format!(
            "`{what}`: your code panicked: {message}\n    likely mistake: {hint}"
        ))
    })
}

#[track_caller]
fn run_ok<T>(what: &str, f: impl FnOnce() -> Result<T, ConvError>) -> T {
    match run(what, f) {
        Ok(value) => value,
        Err(error) => fail(format!(
            "`{what}` returned an error on valid input: {error}\n    \
             This input is fine: check the conditions under which your code returns Err."
        )),
    }
}

fn forward(x: &Array4<f64>, k: &Array4<f64>, b: &Array1<f64>, params: Conv2d) -> Array4<f64> {
    let what = format!(
        "conv2d_forward(input {:?}, kernel {:?}, stride {}, padding {})",
        x.shape(),
        k.shape(),
        params.stride,
        params.padding
    );
    run_ok(&what, || {
        convolution::conv2d_forward(x.view(), k.view(), b.view(), &params)
    })
}

fn backward(x: &Array4<f64>, k: &Array4<f64>, g: &Array4<f64>, params: Conv2d) -> ConvGradients {
    let what = format!(
        "conv2d_backward(input {:?}, kernel {:?}, stride {}, padding {})",
        x.shape(),
        k.shape(),
        params.stride,
        params.padding
    );
    run_ok(&what, || {
        convolution::conv2d_backward(x.view(), k.view(), g.view(), &params)
    })
}

fn pool(x: &Array4<f64>) -> Array4<f64> {
    let what = format!("max_pool(input {:?})", x.shape());
    run_ok(&what, || convolution::max_pool(x.view()))
}

fn pool_backward(x: &Array4<f64>, g: &Array4<f64>) -> Array4<f64> {
    let what = format!("max_pool_backward(input {:?})", x.shape());
    run_ok(&what, || convolution::max_pool_backward(x.view(), g.view()))
}

// ---------------------------------------------------------------------------------------
// The grader's own convolution and pooling: plain loops, written from the doc, with
// the mistakes a learner could make as variants (to name them when they match).

/// Ways of computing the forward pass: the doc's and mistaken ones.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Fwd {
    Doc,
    /// The kernel flipped (kernel[o, c, kh−1−u, kw−1−v]): a convolution in the
    /// mathematicians' sense.
    Flipped,
    /// No bias.
    NoBias,
    /// The bias added once per input channel.
    BiasPerChannel,
    /// Only input channel 0 read.
    FirstChannelOnly,
    /// The kernel's rows and columns swapped (kernel[o, c, v, u]).
    KernelTransposed,
    /// The padding not subtracted: X[y][x] read as input[y][x] (zeros after the image).
    PadAfterOnly,
    /// The stride applied to the kernel offset: X[i + s·u] (a dilation).
    StrideOnKernel,
}

/// X[b, c, y, x]: the padded input, 0 outside the image (`shift` = the padding).
fn padded_at(x: &ArrayView4<f64>, b: usize, c: usize, y: isize, xx: isize, shift: isize) -> f64 {
    let (_, _, h, w) = x.dim();
    let (y, xx) = (y - shift, xx - shift);
    if y < 0 || xx < 0 || y >= h as isize || xx >= w as isize {
        0.0
    } else {
        x[[b, c, y as usize, xx as usize]]
    }
}

fn out_size(size: usize, k: usize, params: Conv2d) -> usize {
    (size + 2 * params.padding - k) / params.stride + 1
}

fn naive_forward(
    x: ArrayView4<f64>,
    k: ArrayView4<f64>,
    bias: ArrayView1<f64>,
    params: Conv2d,
    variant: Fwd,
) -> Array4<f64> {
    let (batch, channels, h, w) = x.dim();
    let (outs, _, kh, kw) = k.dim();
    let (oh, ow) = (out_size(h, kh, params), out_size(w, kw, params));
    let (s, p) = (params.stride, params.padding as isize);
    let shift = if variant == Fwd::PadAfterOnly { 0 } else { p };
    let mut out = Array4::zeros((batch, outs, oh, ow));
    for b in 0..batch {
        for o in 0..outs {
            for i in 0..oh {
                for j in 0..ow {
                    let mut total = match variant {
                        Fwd::NoBias => 0.0,
                        Fwd::BiasPerChannel => bias[o] * channels as f64,
                        _ => bias[o],
                    };
                    let used = if variant == Fwd::FirstChannelOnly {
                        1
                    } else {
                        channels
                    };
                    for c in 0..used {
                        for u in 0..kh {
                            for v in 0..kw {
                                let weight = match variant {
                                    Fwd::Flipped => k[[o, c, kh - 1 - u, kw - 1 - v]],
                                    Fwd::KernelTransposed if kh == kw => k[[o, c, v, u]],
                                    _ => k[[o, c, u, v]],
                                };
                                let (y, xx) = if variant == Fwd::StrideOnKernel {
                                    (i + s * u, j + s * v)
                                } else {
                                    (i * s + u, j * s + v)
                                };
                                total +=
                                    weight * padded_at(&x, b, c, y as isize, xx as isize, shift);
                            }
                        }
                    }
                    out[[b, o, i, j]] = total;
                }
            }
        }
    }
    out
}

/// Ways of computing the backward pass: the doc's and mistaken ones.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Bwd {
    Doc,
    /// ∂X through the flipped kernel.
    FlippedInput,
    /// ∂X assigned instead of accumulated (the last window wins).
    Overwrite,
    /// The padded gradient cropped at [0..h] instead of [p..p + h].
    CropAtZero,
    /// The windows placed as if the stride were 1: (i + u, j + v).
    NoStride,
    /// ∂kernel pairs g with the input unpadded: input[i·s + u] instead of X[i·s + u].
    UnpaddedKernelGrad,
}

/// (∂input, ∂kernel, ∂bias) by the doc's sums, written as loops.
fn naive_backward(
    x: ArrayView4<f64>,
    k: ArrayView4<f64>,
    g: ArrayView4<f64>,
    params: Conv2d,
    variant: Bwd,
) -> (Array4<f64>, Array4<f64>, Array1<f64>) {
    let (batch, channels, h, w) = x.dim();
    let (outs, _, kh, kw) = k.dim();
    let (_, _, oh, ow) = g.dim();
    let (s, p) = (params.stride, params.padding);
    let mut dx_padded = Array4::<f64>::zeros((batch, channels, h + 2 * p, w + 2 * p));
    let mut dk = Array4::zeros(k.dim());
    let mut db = Array1::zeros(outs);
    for b in 0..batch {
        for o in 0..outs {
            for i in 0..oh {
                for j in 0..ow {
                    let d = g[[b, o, i, j]];
                    db[o] += d;
                    for c in 0..channels {
                        for u in 0..kh {
                            for v in 0..kw {
                                let (y, xx) = if variant == Bwd::NoStride {
                                    (i + u, j + v)
                                } else {
                                    (i * s + u, j * s + v)
                                };
                                let shift = if variant == Bwd::UnpaddedKernelGrad {
                                    0
                                } else {
                                    p
                                };
                                dk[[o, c, u, v]] += d * padded_at(
                                    &x,
                                    b,
                                    c,
                                    y as isize,
                                    xx as isize,
                                    shift as isize,
                                );
                                let weight = if variant == Bwd::FlippedInput {
                                    k[[o, c, kh - 1 - u, kw - 1 - v]]
                                } else {
                                    k[[o, c, u, v]]
                                };
                                if variant == Bwd::Overwrite {
                                    dx_padded[[b, c, y, xx]] = d * weight;
                                } else {
                                    dx_padded[[b, c, y, xx]] += d * weight;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let offset = if variant == Bwd::CropAtZero { 0 } else { p };
    let dx = Array4::from_shape_fn((batch, channels, h, w), |(b, c, y, xx)| {
        dx_padded[[b, c, y + offset, xx + offset]]
    });
    (dx, dk, db)
}

/// The four positions of a 2x2 block in reading order.
const BLOCK: [(usize, usize); 4] = [(0, 0), (0, 1), (1, 0), (1, 1)];

/// Ways of pooling: the doc's and mistaken ones.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Pool {
    Doc,
    /// The mean of the block instead of its maximum.
    Average,
    /// A running maximum started at 0.
    FromZero,
}

fn naive_pool(x: ArrayView4<f64>, variant: Pool) -> Array4<f64> {
    let (batch, channels, h, w) = x.dim();
    Array4::from_shape_fn((batch, channels, h / 2, w / 2), |(b, c, i, j)| {
        let values = BLOCK.map(|(du, dv)| x[[b, c, 2 * i + du, 2 * j + dv]]);
        match variant {
            Pool::Doc => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            Pool::Average => values.iter().sum::<f64>() / 4.0,
            Pool::FromZero => values.iter().copied().fold(0.0, f64::max),
        }
    })
}

/// Ways of routing the pooled gradient back: the doc's and mistaken ones.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Route {
    /// To the first maximum in reading order.
    First,
    /// To the last maximum in reading order (`>=` where `>` was meant).
    Last,
    /// Shared equally among the tied maxima.
    Shared,
    /// The whole gradient to every tied maximum.
    AllTied,
    /// To all four values of the block.
    WholeBlock,
    /// A quarter to each value of the block (average pooling's gradient).
    Quarter,
}

fn naive_pool_backward(x: ArrayView4<f64>, g: ArrayView4<f64>, route: Route) -> Array4<f64> {
    let (batch, channels, _, _) = x.dim();
    let (_, _, oh, ow) = g.dim();
    let mut dx = Array4::zeros(x.dim());
    for b in 0..batch {
        for c in 0..channels {
            for i in 0..oh {
                for j in 0..ow {
                    let at = |k: usize| (b, c, 2 * i + BLOCK[k].0, 2 * j + BLOCK[k].1);
                    let values: Vec<f64> = (0..4).map(|k| x[at(k)]).collect();
                    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let tied: Vec<usize> = (0..4).filter(|&k| values[k] == max).collect();
                    let d = g[[b, c, i, j]];
                    let targets: Vec<(usize, f64)> = match route {
                        Route::First => vec![(tied[0], d)],
                        Route::Last => vec![(*tied.last().expect("a maximum"), d)],
                        Route::Shared => tied.iter().map(|&k| (k, d / tied.len() as f64)).collect(),
                        Route::AllTied => tied.iter().map(|&k| (k, d)).collect(),
                        Route::WholeBlock => (0..4).map(|k| (k, d)).collect(),
                        Route::Quarter => (0..4).map(|k| (k, d / 4.0)).collect(),
                    };
                    for (k, value) in targets {
                        dx[at(k)] = value;
                    }
                }
            }
        }
    }
    dx
}

// ---------------------------------------------------------------------------------------
// Diagnoses.

const FORWARD_MISTAKES: [(Fwd, &str); 7] = [
    (
        Fwd::Flipped,
        "you flipped the kernel (kernel[o, c, kh−1−u, kw−1−v]): the frameworks' convolution \
         reads kernel[o, c, u, v] at X[i·s + u, j·s + v], unflipped (cross-correlation)",
    ),
    (
        Fwd::NoBias,
        "the bias is missing: add bias[o] once to every output of channel o",
    ),
    (
        Fwd::BiasPerChannel,
        "the bias is added once per input channel (inside the loop over c): add it once per \
         output value",
    ),
    (
        Fwd::FirstChannelOnly,
        "only input channel 0 is read: sum over every input channel c as well as u and v",
    ),
    (
        Fwd::KernelTransposed,
        "the kernel's rows and columns are swapped: u is the kernel row (moving with the \
         output row i), v the column",
    ),
    (
        Fwd::PadAfterOnly,
        "the padding is not subtracted: X[b, c, y, x] is input[b, c, y − p, x − p] (zeros \
         above and left as well as below and right)",
    ),
    (
        Fwd::StrideOnKernel,
        "the stride moves the kernel's offset (X[i + s·u]): it moves the window, X[i·s + u]",
    ),
];

/// Compares a forward output with the grader's, naming the variant it matches.
#[track_caller]
fn assert_forward(
    what: &str,
    got: &Array4<f64>,
    x: &Array4<f64>,
    k: &Array4<f64>,
    b: &Array1<f64>,
    params: Conv2d,
) {
    let expected = naive_forward(x.view(), k.view(), b.view(), params, Fwd::Doc);
    if got.shape() != expected.shape() {
        fail(shape_report(what, got.shape(), x, k, params));
    }
    let mut check = expect_array(what, got, &expected);
    for (variant, why) in FORWARD_MISTAKES {
        let wrong = naive_forward(x.view(), k.view(), b.view(), params, variant);
        if wrong != expected {
            check = check.mistake_array(&wrong, why);
        }
    }
    check.no_generic_diagnosis().assert();
}

/// A wrong output shape, with the size rule a learner most likely used.
fn shape_report(what: &str, got: &[usize], x: &Array4<f64>, k: &Array4<f64>, p: Conv2d) -> String {
    let (batch, _, h, w) = x.dim();
    let (outs, _, kh, kw) = k.dim();
    let expected = [batch, outs, out_size(h, kh, p), out_size(w, kw, p)];
    let (s, pad) = (p.stride, p.padding);
    let sizes = |f: &dyn Fn(usize, usize) -> usize| [batch, outs, f(h, kh), f(w, kw)];
    let candidates: [([usize; 4], &str); 4] = [
        (
            sizes(&|n, k| (n - k.min(n)) / s + 1),
            "the padding is left out of the size: out_h = ⌊(height + 2p − kh) / s⌋ + 1",
        ),
        (
            sizes(&|n, k| (n + 2 * pad - k).div_ceil(s) + 1),
            "you rounded up: out_h = ⌊(height + 2p − kh) / s⌋ + 1 takes the floor (a window \
             must fit entirely)",
        ),
        (
            sizes(&|n, k| n + 2 * pad - k + 1),
            "the stride is left out of the size: out_h = ⌊(height + 2p − kh) / s⌋ + 1",
        ),
        (
            sizes(&|n, k| (n + pad - k) / s + 1),
            "the padding is counted once: it is added on both sides (height + 2p)",
        ),
    ];
    let mut report = format!(
        "{what}: wrong shape\n    expected shape: {expected:?}\n    got shape:      {got:?}"
    );
    if let Some((_, why)) = candidates
        .iter()
        .find(|(shape, _)| shape.as_slice() == got && *shape != expected)
    {
        report.push_str(&format!("\n    likely mistake: {why}"));
    } else if got.len() == 4 && got[1] == expected[2] && got[3] == expected[1] {
        report.push_str(
            "\n    likely mistake: the channels are last: the output is (batch, out_channels, \
             out_h, out_w)",
        );
    }
    report
}

/// A random array with values in (−1, 1).
fn random4(shape: (usize, usize, usize, usize), seed: u64) -> Array4<f64> {
    let mut generator = rng(seed);
    Array4::from_shape_simple_fn(shape, || generator.gen_range(-1.0..1.0))
}

fn random1(n: usize, seed: u64) -> Array1<f64> {
    let mut generator = rng(seed);
    Array1::from_shape_simple_fn(n, || generator.gen_range(-1.0..1.0))
}

fn grid3() -> Array4<f64> {
    array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]
        .into_shape_with_order((1, 1, 3, 3))
        .expect("9 values")
}

fn as4(rows: &[&[f64]]) -> Array4<f64> {
    let (h, w) = (rows.len(), rows[0].len());
    Array4::from_shape_fn((1, 1, h, w), |(_, _, i, j)| rows[i][j])
}

// ---------------------------------------------------------------------------------------
// Forward: hand-worked cases.

#[test]
fn forward_of_the_doc_example() {
    let x = grid3();
    let k = as4(&[&[1.0, 0.0], &[0.0, -1.0]]);
    let b = array![0.5];
    let got = forward(&x, &k, &b, Conv2d::new());
    let what = "conv2d_forward of [[1,2,3],[4,5,6],[7,8,9]] with the kernel [[1,0],[0,−1]], bias \
                0.5 (hand-worked: every window gives x[i][j] − x[i+1][j+1] + 0.5 = −3.5)";
    assert_forward(what, &got, &x, &k, &b, Conv2d::new());
    expect_array(what, &got, &as4(&[&[-3.5, -3.5], &[-3.5, -3.5]])).assert();
}

#[test]
fn forward_with_padding_and_stride_by_hand() {
    // The 3x3 grid, a 3x3 kernel of ones, padding 1, stride 2: out is 2x2, each value the
    // sum of the 2x2 corner block of the grid the window covers.
    let x = grid3();
    let k = Array4::ones((1, 1, 3, 3));
    let b = array![0.0];
    let params = Conv2d::new().stride(2).padding(1);
    let got = forward(&x, &k, &b, params);
    let what = "conv2d_forward of [[1,2,3],[4,5,6],[7,8,9]] with a 3x3 kernel of ones, stride \
                2, padding 1 (hand-worked: [[1+2+4+5, 2+3+5+6], [4+5+7+8, 5+6+8+9]])";
    assert_forward(what, &got, &x, &k, &b, params);
    expect_array(what, &got, &as4(&[&[12.0, 16.0], &[24.0, 28.0]])).assert();
}

// ---------------------------------------------------------------------------------------
// Forward: against the grader's loops, one setting at a time.

#[test]
fn forward_sums_over_input_channels_for_every_output_channel() {
    let x = random4((2, 3, 5, 6), 1);
    let k = random4((4, 3, 3, 3), 2);
    let b = random1(4, 3);
    let got = forward(&x, &k, &b, Conv2d::new());
    assert_forward(
        "conv2d_forward of 2 random 3-channel 5x6 images with 4 random 3x3 kernels, stride 1, no padding",
        &got,
        &x,
        &k,
        &b,
        Conv2d::new(),
    );
}

#[test]
fn forward_with_a_non_square_kernel() {
    let x = random4((1, 2, 5, 4), 4);
    let k = random4((3, 2, 2, 3), 5);
    let b = random1(3, 6);
    let got = forward(&x, &k, &b, Conv2d::new());
    assert_forward(
        "conv2d_forward of a random 2-channel 5x4 image with three 2x3 kernels (kh = 2 rows, \
         kw = 3 columns)",
        &got,
        &x,
        &k,
        &b,
        Conv2d::new(),
    );
}

#[test]
fn forward_with_each_stride_and_padding() {
    let x = random4((2, 2, 7, 6), 7);
    let k = random4((2, 2, 3, 3), 8);
    let b = random1(2, 9);
    for (stride, padding) in [(2, 0), (1, 2), (3, 1), (2, 1)] {
        let params = Conv2d::new().stride(stride).padding(padding);
        let got = forward(&x, &k, &b, params);
        let what = format!(
            "conv2d_forward of 2 random 2-channel 7x6 images, 3x3 kernels, stride {stride}, \
             padding {padding} (out_h = ⌊(7 + 2·{padding} − 3) / {stride}⌋ + 1 = {})",
            out_size(7, 3, params)
        );
        assert_forward(&what, &got, &x, &k, &b, params);
    }
}

#[test]
fn forward_takes_the_floor_when_the_stride_does_not_divide() {
    // 4x4 with a 3x3 kernel and stride 2: (4 − 3) / 2 = 0.5, so one window per axis; the
    // last row and column are not reached.
    let x = random4((1, 1, 4, 4), 10);
    let k = random4((1, 1, 3, 3), 11);
    let b = array![0.25];
    let params = Conv2d::new().stride(2);
    let got = forward(&x, &k, &b, params);
    assert_forward(
        "conv2d_forward of a random 4x4 image, 3x3 kernel, stride 2 (⌊(4 − 3) / 2⌋ + 1 = 1 window \
         per axis)",
        &got,
        &x,
        &k,
        &b,
        params,
    );
}

#[test]
fn forward_accepts_a_kernel_that_fits_only_the_padded_image() {
    let x = random4((1, 1, 2, 2), 12);
    let k = random4((1, 1, 3, 4), 13);
    let b = array![0.0];
    let params = Conv2d::new().padding(1);
    let what = "conv2d_forward of a 2x2 image with a 3x4 kernel and padding 1";
    let got = match run(what, || {
        convolution::conv2d_forward(x.view(), k.view(), b.view(), &params)
    }) {
        Ok(out) => out,
        Err(error) => fail(format!(
            "{what}: returned the error {error:?} on valid input\n    likely mistake: {}",
            if matches!(error, ConvError::KernelSize { .. }) {
                "the kernel must fit the padded image (4x4 here), not the image itself"
            } else {
                "the padded image is 4x4 and the kernel 3x4: nothing is wrong here"
            }
        )),
    };
    assert_forward(
        "conv2d_forward of a 2x2 image with a 3x4 kernel and padding 1 (the padded image is \
         4x4: the kernel fits it, so this is valid)",
        &got,
        &x,
        &k,
        &b,
        params,
    );
}

#[test]
fn forward_of_an_empty_batch() {
    let x = Array4::zeros((0, 2, 5, 5));
    let k = random4((3, 2, 3, 3), 14);
    let b = random1(3, 15);
    let got = forward(&x, &k, &b, Conv2d::new().padding(1));
    require(got.shape() == [0, 3, 5, 5], || {
        format!(
            "conv2d_forward of a batch of 0 images (2 channels, 5x5, 3 kernels, padding 1): \
             expected shape [0, 3, 5, 5], got {:?}\n    a batch of 0 images is valid and gives \
             0 output images",
            got.shape()
        )
    });
}

// ---------------------------------------------------------------------------------------
// Forward: errors, each field, and their order.

fn forward_error(
    what: &str,
    x: &Array4<f64>,
    k: &Array4<f64>,
    b: &Array1<f64>,
    params: Conv2d,
) -> ConvError {
    match run(what, || {
        convolution::conv2d_forward(x.view(), k.view(), b.view(), &params)
    }) {
        Err(error) => error,
        Ok(out) => fail(format!(
            "{what}: expected an error, got Ok (an output of shape {:?})",
            out.shape()
        )),
    }
}

#[test]
fn forward_errors() {
    let x = Array4::zeros((1, 2, 4, 4));
    let error = forward_error(
        "conv2d_forward with stride 0",
        &x,
        &Array4::zeros((1, 2, 3, 3)),
        &array![0.0],
        Conv2d::new().stride(0),
    );
    expect_error(
        "conv2d_forward with stride 0",
        error,
        ConvError::ZeroStride,
        &[],
    );
    let error = forward_error(
        "conv2d_forward of a 2-channel input with a kernel for 3 input channels",
        &x,
        &Array4::zeros((1, 3, 3, 3)),
        &array![0.0],
        Conv2d::new(),
    );
    expect_error(
        "conv2d_forward of a 2-channel input with a kernel shaped (1, 3, 3, 3)",
        error,
        ConvError::Channels {
            input: 2,
            kernel: 3,
        },
        &[(
            ConvError::Channels {
                input: 3,
                kernel: 2,
            },
            "input and kernel are swapped: input is the input's channels (axis 1), kernel the \
             kernel's in_channels (its axis 1)",
        )],
    );
    let error = forward_error(
        "conv2d_forward with 2 bias values for 3 output channels",
        &x,
        &Array4::zeros((3, 2, 3, 3)),
        &array![0.0, 0.0],
        Conv2d::new(),
    );
    expect_error(
        "conv2d_forward with 2 bias values for a kernel shaped (3, 2, 3, 3)",
        error,
        ConvError::Bias {
            bias: 2,
            out_channels: 3,
        },
        &[(
            ConvError::Bias {
                bias: 3,
                out_channels: 2,
            },
            "bias and out_channels are swapped",
        )],
    );
    let error = forward_error(
        "conv2d_forward of a 4x4 image with a 7x6 kernel and padding 1",
        &x,
        &Array4::zeros((1, 2, 7, 6)),
        &array![0.0],
        Conv2d::new().padding(1),
    );
    expect_error(
        "conv2d_forward of a 4x4 image with a 7x6 kernel and padding 1 (padded image 6x6)",
        error,
        ConvError::KernelSize {
            kh: 7,
            kw: 6,
            height: 6,
            width: 6,
        },
        &[(
            ConvError::KernelSize {
                kh: 7,
                kw: 6,
                height: 4,
                width: 4,
            },
            "the error carries the padded sizes (height + 2p, width + 2p)",
        )],
    );
    let error = forward_error(
        "conv2d_forward of a 4x4 image with a 3x5 kernel, no padding",
        &x,
        &Array4::zeros((1, 2, 3, 5)),
        &array![0.0],
        Conv2d::new(),
    );
    expect_error(
        "conv2d_forward of a 4x4 image with a 3x5 kernel (too wide), no padding",
        error,
        ConvError::KernelSize {
            kh: 3,
            kw: 5,
            height: 4,
            width: 4,
        },
        &[],
    );
    let error = forward_error(
        "conv2d_forward with a 0x3 kernel",
        &x,
        &Array4::zeros((1, 2, 0, 3)),
        &array![0.0],
        Conv2d::new(),
    );
    expect_error(
        "conv2d_forward with a kernel shaped (1, 2, 0, 3): a kernel with no rows",
        error,
        ConvError::KernelSize {
            kh: 0,
            kw: 3,
            height: 4,
            width: 4,
        },
        &[],
    );
}

#[test]
fn forward_errors_come_in_the_documented_order() {
    let x = Array4::zeros((1, 2, 4, 4));
    let error = forward_error(
        "conv2d_forward with stride 0 and a kernel for 3 input channels",
        &x,
        &Array4::zeros((1, 3, 3, 3)),
        &array![0.0],
        Conv2d::new().stride(0),
    );
    expect_error(
        "two faults at once, stride 0 and a kernel for 3 channels (params.validate()? first)",
        error,
        ConvError::ZeroStride,
        &[(
            ConvError::Channels {
                input: 2,
                kernel: 3,
            },
            "the channels are checked before the stride: call params.validate()? first",
        )],
    );
    let error = forward_error(
        "conv2d_forward with a kernel for 3 input channels and 5 bias values",
        &x,
        &Array4::zeros((1, 3, 3, 3)),
        &Array1::zeros(5),
        Conv2d::new(),
    );
    expect_error(
        "two faults at once, a kernel for 3 channels and 5 bias values (channels first)",
        error,
        ConvError::Channels {
            input: 2,
            kernel: 3,
        },
        &[(
            ConvError::Bias {
                bias: 5,
                out_channels: 1,
            },
            "the bias is checked before the channels: the documented order is stride, \
             channels, bias, kernel size",
        )],
    );
    let error = forward_error(
        "conv2d_forward with 5 bias values and a 9x9 kernel",
        &x,
        &Array4::zeros((1, 2, 9, 9)),
        &Array1::zeros(5),
        Conv2d::new(),
    );
    expect_error(
        "two faults at once, 5 bias values for 1 kernel and a 9x9 kernel on a 4x4 image (the \
         bias before the kernel's size)",
        error,
        ConvError::Bias {
            bias: 5,
            out_channels: 1,
        },
        &[(
            ConvError::KernelSize {
                kh: 9,
                kw: 9,
                height: 4,
                width: 4,
            },
            "the kernel's size is checked before the bias: the documented order is stride, \
             channels, bias, kernel size",
        )],
    );
}

// ---------------------------------------------------------------------------------------
// Backward.

/// Compares the learner's gradients with the grader's loops, naming matched mistakes.
#[track_caller]
fn assert_backward(
    what: &str,
    got: &ConvGradients,
    x: &Array4<f64>,
    k: &Array4<f64>,
    g: &Array4<f64>,
    params: Conv2d,
) {
    let (dx, dk, db) = naive_backward(x.view(), k.view(), g.view(), params, Bwd::Doc);
    let batch = x.dim().0 as f64;
    let positions = (g.dim().2 * g.dim().3) as f64;
    let mut check = expect_array(format!("{what}: the bias gradient"), &got.bias, &db);
    let (bb, _, bh, bw) = g.dim();
    if bb * bh * bw > 1 {
        let last = Array1::from_shape_fn(db.len(), |o| g[[bb - 1, o, bh - 1, bw - 1]]);
        check = check.mistake_array(
            &last,
            "the bias gradient is assigned (=) where it must be summed (+=): it is the sum of \
             grad_output over the batch and every position",
        );
    }
    check = check
        .mistake_factor(
            1.0 / batch,
            "the bias gradient is divided by the batch size: it is the plain sum of \
             grad_output over the batch and the positions (any mean is already in grad_output)",
        )
        .mistake_factor(
            1.0 / (batch * positions),
            "the bias gradient is a mean: it is the plain sum of grad_output over the batch \
             and the positions",
        );
    check.no_generic_diagnosis().assert();
    let mut check = expect_array(format!("{what}: the kernel gradient"), &got.kernel, &dk);
    check = check.mistake_factor(
        1.0 / batch,
        "the kernel gradient is divided by the batch size: it is the plain sum over the \
         batch (any mean is already in grad_output)",
    );
    for (variant, why) in [
        (
            Bwd::NoStride,
            "the backward pass ignores the stride: window (i, j) starts at (i·s, j·s), as in \
             the forward pass",
        ),
        (
            Bwd::UnpaddedKernelGrad,
            "the kernel gradient reads the input without its padding: pair g[b, o, i, j] with \
             the padded X[b, c, i·s + u, j·s + v] = input[b, c, i·s + u − p, j·s + v − p]",
        ),
    ] {
        let (_, wrong, _) = naive_backward(x.view(), k.view(), g.view(), params, variant);
        if wrong != dk {
            check = check.mistake_array(&wrong, why);
        }
    }
    if got.kernel.shape() == dk.shape() {
        let flipped = Array4::from_shape_fn(dk.dim(), |(o, c, u, v)| {
            dk[[o, c, dk.dim().2 - 1 - u, dk.dim().3 - 1 - v]]
        });
        if flipped != dk {
            check = check.mistake_array(
                &flipped,
                "the kernel gradient is flipped: ∂kernel[o, c, u, v] pairs g[b, o, i, j] with \
                 X[b, c, i·s + u, j·s + v]",
            );
        }
    }
    check.no_generic_diagnosis().assert();
    if got.input.shape() != dx.shape() {
        let p = params.padding;
        let padded = [x.dim().0, x.dim().1, x.dim().2 + 2 * p, x.dim().3 + 2 * p];
        let mut report = format!(
            "{what}: the input gradient has the wrong shape\n    expected shape: {:?}\n    got \
             shape:      {:?}",
            dx.shape(),
            got.input.shape()
        );
        if got.input.shape() == padded {
            report.push_str(
                "\n    likely mistake: the padding is still there: drop its rows and columns \
                 (∂input is ∂X[.., .., p..p + height, p..p + width])",
            );
        }
        fail(report);
    }
    let mut check = expect_array(format!("{what}: the input gradient"), &got.input, &dx);
    for (variant, why) in [
        (
            Bwd::FlippedInput,
            "∂X goes through the flipped kernel: each window adds g[b, o, i, j] · kernel[o, c, \
             u, v] at X[i·s + u, j·s + v] (a correlation's input gradient uses the kernel as it \
             is, positioned by the window)",
        ),
        (
            Bwd::Overwrite,
            "∂X is assigned (=) where it must be accumulated (+=): overlapping windows and \
             several output channels all send gradient to the same pixel",
        ),
        (
            Bwd::NoStride,
            "the backward pass ignores the stride: window (i, j) starts at (i·s, j·s), as in \
             the forward pass",
        ),
        (
            Bwd::CropAtZero,
            "the padding is cropped at the wrong side: ∂input is ∂X[.., .., p..p + height, \
             p..p + width], not [0..height, 0..width]",
        ),
    ] {
        let (wrong, _, _) = naive_backward(x.view(), k.view(), g.view(), params, variant);
        if wrong != dx {
            check = check.mistake_array(&wrong, why);
        }
    }
    check = check.mistake_factor(
        1.0 / batch,
        "the input gradient is divided by the batch size: each image's gradient is its own \
         (any mean is already in grad_output)",
    );
    check.no_generic_diagnosis().assert();
}

#[test]
fn backward_by_hand() {
    // 3x3 grid, kernel [[1,2],[3,4]], grad_output all ones: each pixel receives the sum of
    // the kernel entries of the windows covering it.
    let x = grid3();
    let k = as4(&[&[1.0, 2.0], &[3.0, 4.0]]);
    let g = Array4::ones((1, 1, 2, 2));
    let got = backward(&x, &k, &g, Conv2d::new());
    let what = "conv2d_backward on [[1,2,3],[4,5,6],[7,8,9]] with the kernel [[1,2],[3,4]] and \
                grad_output all ones";
    assert_backward(what, &got, &x, &k, &g, Conv2d::new());
    expect_array(
        format!("{what}: the input gradient (hand-worked [[1,3,2],[4,10,6],[3,7,4]])"),
        &got.input,
        &as4(&[&[1.0, 3.0, 2.0], &[4.0, 10.0, 6.0], &[3.0, 7.0, 4.0]]),
    )
    .assert();
    expect_array(
        format!("{what}: the kernel gradient (hand-worked: the sum of each window's pixels)"),
        &got.kernel,
        &as4(&[&[12.0, 16.0], &[24.0, 28.0]]),
    )
    .assert();
}

#[test]
fn backward_with_padding_and_stride_by_hand() {
    let x = grid3();
    let k = Array4::ones((1, 1, 3, 3));
    let g = Array4::ones((1, 1, 2, 2));
    let params = Conv2d::new().stride(2).padding(1);
    let got = backward(&x, &k, &g, params);
    let what = "conv2d_backward on [[1,2,3],[4,5,6],[7,8,9]] with a 3x3 kernel of ones, stride \
                2, padding 1, grad_output all ones";
    assert_backward(what, &got, &x, &k, &g, params);
    expect_array(
        format!("{what}: the input gradient (hand-worked: how many windows cover each pixel)"),
        &got.input,
        &as4(&[&[1.0, 2.0, 1.0], &[2.0, 4.0, 2.0], &[1.0, 2.0, 1.0]]),
    )
    .assert();
    expect_array(
        format!("{what}: the kernel gradient (hand-worked)"),
        &got.kernel,
        &as4(&[&[5.0, 10.0, 5.0], &[10.0, 20.0, 10.0], &[5.0, 10.0, 5.0]]),
    )
    .assert();
    expect_array(
        format!("{what}: the bias gradient"),
        &got.bias,
        &array![4.0],
    )
    .assert();
}

#[test]
fn backward_matches_the_loops_for_every_setting() {
    let x = random4((2, 3, 7, 6), 20);
    let k = random4((2, 3, 3, 3), 21);
    for (stride, padding) in [(1, 0), (2, 0), (1, 2), (3, 1), (2, 1)] {
        let params = Conv2d::new().stride(stride).padding(padding);
        let g = random4(
            (2, 2, out_size(7, 3, params), out_size(6, 3, params)),
            22 + stride as u64,
        );
        let got = backward(&x, &k, &g, params);
        let what = format!(
            "conv2d_backward on 2 random 3-channel 7x6 images, two 3x3x3 kernels, stride \
             {stride}, padding {padding}, random grad_output"
        );
        assert_backward(&what, &got, &x, &k, &g, params);
    }
}

#[test]
fn backward_of_a_non_square_kernel() {
    let x = random4((1, 2, 5, 4), 30);
    let k = random4((3, 2, 2, 3), 31);
    let g = random4((1, 3, 4, 2), 32);
    let got = backward(&x, &k, &g, Conv2d::new());
    assert_backward(
        "conv2d_backward on a random 2-channel 5x4 image with three 2x3 kernels",
        &got,
        &x,
        &k,
        &g,
        Conv2d::new(),
    );
}

/// ∂(Σ w ⊙ forward) by central differences of the grader's loops, for every input,
/// kernel and bias value.
fn finite_differences(
    x: &Array4<f64>,
    k: &Array4<f64>,
    b: &Array1<f64>,
    w: &Array4<f64>,
    params: Conv2d,
) -> (Array4<f64>, Array4<f64>, Array1<f64>) {
    let h = 1e-6;
    let loss = |x: &Array4<f64>, k: &Array4<f64>, b: &Array1<f64>| {
        (naive_forward(x.view(), k.view(), b.view(), params, Fwd::Doc) * w).sum()
    };
    let mut dx = Array4::zeros(x.dim());
    for (index, d) in dx.indexed_iter_mut() {
        let (mut up, mut down) = (x.clone(), x.clone());
        up[index] += h;
        down[index] -= h;
        *d = (loss(&up, k, b) - loss(&down, k, b)) / (2.0 * h);
    }
    let mut dk = Array4::zeros(k.dim());
    for (index, d) in dk.indexed_iter_mut() {
        let (mut up, mut down) = (k.clone(), k.clone());
        up[index] += h;
        down[index] -= h;
        *d = (loss(x, &up, b) - loss(x, &down, b)) / (2.0 * h);
    }
    let mut db = Array1::zeros(b.len());
    for (index, d) in db.indexed_iter_mut() {
        let (mut up, mut down) = (b.clone(), b.clone());
        up[index] += h;
        down[index] -= h;
        *d = (loss(x, k, &up) - loss(x, k, &down)) / (2.0 * h);
    }
    (dx, dk, db)
}

#[test]
fn backward_gives_the_derivatives_of_the_forward_pass() {
    let x = random4((2, 2, 5, 5), 40);
    let k = random4((2, 2, 3, 3), 41);
    let b = random1(2, 42);
    let params = Conv2d::new().stride(2).padding(1);
    let w = random4((2, 2, 3, 3), 43);
    let got = backward(&x, &k, &w, params);
    let (dx, dk, db) = finite_differences(&x, &k, &b, &w, params);
    let what = "conv2d_backward with grad_output = w, for L = Σ w ⊙ conv2d(x) on 2 random \
                2-channel 5x5 images, stride 2, padding 1, against central finite differences \
                of L";
    let tol = mlings::grade::Tolerance::abs(1e-6);
    let named = |check: Check| check.tol(tol).no_generic_diagnosis();
    named(expect_array(format!("{what}: ∂L/∂bias"), &got.bias, &db)).assert();
    named(expect_array(
        format!("{what}: ∂L/∂kernel"),
        &got.kernel,
        &dk,
    ))
    .assert();
    named(expect_array(format!("{what}: ∂L/∂input"), &got.input, &dx)).assert();
}

#[test]
fn backward_accumulates_where_windows_overlap() {
    // A probe that separates "assigned" from "accumulated": one channel, a 3x3 kernel
    // with stride 1, so the centre pixel is read by 9 windows and each corner by one.
    let x = random4((1, 1, 5, 5), 50);
    let k = random4((1, 1, 3, 3), 51);
    let g = random4((1, 1, 3, 3), 52);
    let got = backward(&x, &k, &g, Conv2d::new());
    let (dx, _, _) = naive_backward(x.view(), k.view(), g.view(), Conv2d::new(), Bwd::Doc);
    if got.input.shape() != dx.shape() {
        return; // the shape is judged by the other backward checks
    }
    let corner_right = (got.input[[0, 0, 0, 0]] - dx[[0, 0, 0, 0]]).abs() < 1e-9;
    let centre_right = (got.input[[0, 0, 2, 2]] - dx[[0, 0, 2, 2]]).abs() < 1e-9;
    require(centre_right || !corner_right, || {
        format!(
            "conv2d_backward on a random 5x5 image with a 3x3 kernel: ∂input at the corner \
             [0, 0, 0, 0] (read by 1 window) is right, at the centre [0, 0, 2, 2] (read by 9) \
             it is {} where {} was expected\n    likely mistake: the contributions of \
             overlapping windows must be added up (+=), not overwritten",
            got.input[[0, 0, 2, 2]],
            dx[[0, 0, 2, 2]]
        )
    });
    expect_array(
        "conv2d_backward on a random 5x5 image with a 3x3 kernel: the input gradient",
        &got.input,
        &dx,
    )
    .no_generic_diagnosis()
    .assert();
}

#[test]
fn backward_gives_zero_to_pixels_no_window_reaches() {
    // 4x4, 3x3 kernel, stride 2: the last row and column are read by no window.
    let x = random4((1, 1, 4, 4), 60);
    let k = random4((1, 1, 3, 3), 61);
    let g = array![[[[1.5]]]];
    let params = Conv2d::new().stride(2);
    let got = backward(&x, &k, &g, params);
    assert_backward(
        "conv2d_backward on a random 4x4 image, 3x3 kernel, stride 2 (the last row and column \
         are read by no window: their gradient is 0)",
        &got,
        &x,
        &k,
        &g,
        params,
    );
}

fn backward_error(
    what: &str,
    x: &Array4<f64>,
    k: &Array4<f64>,
    g: &Array4<f64>,
    params: Conv2d,
) -> ConvError {
    match run(what, || {
        convolution::conv2d_backward(x.view(), k.view(), g.view(), &params)
    }) {
        Err(error) => error,
        Ok(_) => fail(format!(
            "{what}: expected an error, got Ok\n    likely mistake: grad_output's shape is not \
             checked: it must be the forward output's, [batch, out_channels, out_h, out_w], or \
             the gradients belong to another output"
        )),
    }
}

#[test]
fn backward_errors_in_the_documented_order() {
    let x = Array4::zeros((2, 2, 4, 4));
    let good_g = Array4::zeros((2, 1, 2, 2));
    let bad_g = Array4::zeros((2, 1, 3, 2));
    let error = backward_error(
        "conv2d_backward with stride 0 and a kernel for 3 channels",
        &x,
        &Array4::zeros((1, 3, 3, 3)),
        &good_g,
        Conv2d::new().stride(0),
    );
    expect_error(
        "conv2d_backward with stride 0 and a kernel for 3 channels (params.validate()? first)",
        error,
        ConvError::ZeroStride,
        &[(
            ConvError::Channels {
                input: 2,
                kernel: 3,
            },
            "the channels are checked before the stride: call params.validate()? first",
        )],
    );
    let error = backward_error(
        "conv2d_backward with a kernel for 3 channels and a 9x9 kernel",
        &x,
        &Array4::zeros((1, 3, 9, 9)),
        &bad_g,
        Conv2d::new(),
    );
    expect_error(
        "conv2d_backward of a 2-channel input with a kernel shaped (1, 3, 9, 9) (the channels \
         before the kernel's size)",
        error,
        ConvError::Channels {
            input: 2,
            kernel: 3,
        },
        &[(
            ConvError::KernelSize {
                kh: 9,
                kw: 9,
                height: 4,
                width: 4,
            },
            "the kernel's size is checked before the channels: the documented order is \
             stride, channels, kernel size, grad_output's shape",
        )],
    );
    let error = backward_error(
        "conv2d_backward with a 5x5 kernel on a 4x4 image and a wrong grad_output",
        &x,
        &Array4::zeros((1, 2, 5, 5)),
        &bad_g,
        Conv2d::new(),
    );
    expect_error(
        "conv2d_backward with a 5x5 kernel on a 4x4 image and a grad_output of the wrong shape \
         (the kernel's size first)",
        error,
        ConvError::KernelSize {
            kh: 5,
            kw: 5,
            height: 4,
            width: 4,
        },
        &[],
    );
    let error = backward_error(
        "conv2d_backward with a grad_output shaped [2, 1, 3, 2] for an output [2, 1, 2, 2]",
        &x,
        &Array4::zeros((1, 2, 3, 3)),
        &bad_g,
        Conv2d::new(),
    );
    expect_error(
        "conv2d_backward with a grad_output shaped [2, 1, 3, 2] (4x4 input, 3x3 kernel: the \
         output is [2, 1, 2, 2])",
        error,
        ConvError::GradShape {
            expected: [2, 1, 2, 2],
            got: [2, 1, 3, 2],
        },
        &[(
            ConvError::GradShape {
                expected: [2, 1, 3, 2],
                got: [2, 1, 2, 2],
            },
            "expected and got are swapped: expected is the forward output's shape",
        )],
    );
    let error = backward_error(
        "conv2d_backward with a grad_output for 3 output channels where the kernel has 1",
        &x,
        &Array4::zeros((1, 2, 3, 3)),
        &Array4::zeros((2, 3, 2, 2)),
        Conv2d::new(),
    );
    expect_error(
        "conv2d_backward with a grad_output shaped [2, 3, 2, 2] for a kernel with 1 output \
         channel",
        error,
        ConvError::GradShape {
            expected: [2, 1, 2, 2],
            got: [2, 3, 2, 2],
        },
        &[],
    );
}

// ---------------------------------------------------------------------------------------
// Max pooling.

#[track_caller]
fn assert_pool(what: &str, got: &Array4<f64>, x: &Array4<f64>) {
    let expected = naive_pool(x.view(), Pool::Doc);
    if got.shape() != expected.shape() {
        let (b, c, h, w) = x.dim();
        let mut report = format!(
            "{what}: wrong shape\n    expected shape: {:?}\n    got shape:      {:?}",
            expected.shape(),
            got.shape()
        );
        if got.shape() == [b, c, h.div_ceil(2), w.div_ceil(2)] {
            report.push_str(
                "\n    likely mistake: an odd last row or column makes no block: the output \
                 has ⌊height / 2⌋ rows and ⌊width / 2⌋ columns",
            );
        } else if got.shape() == [b, c, h - 1, w - 1] {
            report.push_str(
                "\n    likely mistake: the blocks overlap (stride 1): they are side by side, \
                 rows 2i and 2i + 1",
            );
        }
        fail(report);
    }
    expect_array(what, got, &expected)
        .mistake_array(
            &naive_pool(x.view(), Pool::Average),
            "that is the mean of each block (average pooling): max pooling keeps the largest",
        )
        .mistake_array(
            &naive_pool(x.view(), Pool::FromZero),
            "the running maximum starts at 0, so a block of negative values gives 0: start \
             it at the block's first value (or f64::NEG_INFINITY)",
        )
        .no_generic_diagnosis()
        .assert();
}

#[test]
fn max_pool_of_the_doc_example() {
    let x = as4(&[&[1.0, 2.0, 0.0], &[3.0, 0.0, 5.0], &[9.0, 9.0, 9.0]]);
    let got = pool(&x);
    let what = "max_pool of [[1,2,0],[3,0,5],[9,9,9]] (hand-worked: [[3]], the odd last row \
                and column dropped)";
    assert_pool(what, &got, &x);
    expect_array(what, &got, &as4(&[&[3.0]])).assert();
}

#[test]
fn max_pool_of_random_channels() {
    let x = random4((2, 3, 6, 5), 70);
    let got = pool(&x);
    assert_pool(
        "max_pool of 2 random 3-channel 6x5 images (output 3x2, the 5th column dropped)",
        &got,
        &x,
    );
    let x = -random4((1, 2, 4, 4), 71).mapv(f64::abs);
    let got = pool(&x);
    assert_pool(
        "max_pool of a 2-channel 4x4 image with every value negative (the maximum of a block \
         of negatives is negative: do not start the running maximum at 0)",
        &got,
        &x,
    );
}

#[track_caller]
fn assert_pool_backward(what: &str, got: &Array4<f64>, x: &Array4<f64>, g: &Array4<f64>) {
    let expected = naive_pool_backward(x.view(), g.view(), Route::First);
    if got.shape() != expected.shape() {
        fail(format!(
            "{what}: wrong shape\n    expected shape: {:?} (the input's)\n    got shape:      \
             {:?}",
            expected.shape(),
            got.shape()
        ));
    }
    let mut check = expect_array(what, got, &expected);
    for (route, why) in [
        (
            Route::Last,
            "on a tie the gradient went to the last maximum (>= where > was meant): the first \
             in reading order (top-left, top-right, bottom-left, bottom-right) receives it",
        ),
        (
            Route::Shared,
            "on a tie the gradient is shared among the tied maxima: the first of them in \
             reading order receives all of it, the others 0",
        ),
        (
            Route::AllTied,
            "on a tie every tied maximum receives the gradient: only the first in reading \
             order does",
        ),
        (
            Route::WholeBlock,
            "every value of the block receives the gradient: only the maximum moved the \
             output, the three others receive 0",
        ),
        (
            Route::Quarter,
            "that is average pooling's gradient (a quarter to each value): max pooling sends \
             the whole gradient to the maximum",
        ),
    ] {
        let wrong = naive_pool_backward(x.view(), g.view(), route);
        if wrong != expected {
            check = check.mistake_array(&wrong, why);
        }
    }
    check.no_generic_diagnosis().assert();
}

#[test]
fn max_pool_backward_of_the_doc_example() {
    let x = as4(&[&[1.0, 2.0, 0.0], &[3.0, 0.0, 5.0], &[9.0, 9.0, 9.0]]);
    let g = as4(&[&[7.0]]);
    let got = pool_backward(&x, &g);
    let what = "max_pool_backward on [[1,2,0],[3,0,5],[9,9,9]] with grad_output [[7]] \
                (hand-worked: 7 to the 3, every other value 0, the dropped row and column too)";
    assert_pool_backward(what, &got, &x, &g);
    expect_array(
        what,
        &got,
        &as4(&[&[0.0, 0.0, 0.0], &[7.0, 0.0, 0.0], &[0.0, 0.0, 0.0]]),
    )
    .assert();
}

#[test]
fn max_pool_backward_ties_go_to_the_first_maximum() {
    let x = as4(&[&[4.0, 4.0, 0.0, 2.0], &[4.0, 1.0, 2.0, 2.0]]);
    let g = as4(&[&[3.0, 5.0]]);
    let got = pool_backward(&x, &g);
    let what = "max_pool_backward on [[4,4,0,2],[4,1,2,2]] with grad_output [[3, 5]] (ties: \
                the first maximum in reading order takes the whole gradient; hand-worked \
                [[3,0,0,5],[0,0,0,0]])";
    assert_pool_backward(what, &got, &x, &g);
    expect_array(
        what,
        &got,
        &as4(&[&[3.0, 0.0, 0.0, 5.0], &[0.0, 0.0, 0.0, 0.0]]),
    )
    .assert();
}

#[test]
fn max_pool_backward_of_random_channels() {
    let x = random4((2, 3, 5, 6), 80);
    let g = random4((2, 3, 2, 3), 81);
    let got = pool_backward(&x, &g);
    assert_pool_backward(
        "max_pool_backward on 2 random 3-channel 5x6 images (the 5th row dropped)",
        &got,
        &x,
        &g,
    );
}

fn pool_error(
    what: &str,
    why: &str,
    f: impl FnOnce() -> Result<Array4<f64>, ConvError>,
) -> ConvError {
    match run(what, f) {
        Err(error) => error,
        Ok(out) => fail(format!(
            "{what}: expected an error, got Ok (an output of shape {:?})\n    likely mistake: \
             {why}",
            out.shape()
        )),
    }
}

#[test]
fn pooling_errors_in_the_documented_order() {
    for (h, w) in [(4, 1), (1, 4), (0, 0)] {
        let x = Array4::zeros((1, 1, h, w));
        let what = format!("max_pool of a {h}x{w} image");
        let why = "both the height and the width must be at least 2 (a side of 0 or 1 makes no \
                   2x2 block): check each of them";
        let error = pool_error(&what, why, || convolution::max_pool(x.view()));
        expect_error(
            &format!("{what} (both sides must be at least 2)"),
            error,
            ConvError::TooSmallToPool {
                height: h,
                width: w,
            },
            &[(
                ConvError::TooSmallToPool {
                    height: w,
                    width: h,
                },
                "height and width are swapped (the height is axis 2, the width axis 3)",
            )],
        );
        let what = format!("max_pool_backward of a {h}x{w} image with a wrong grad_output");
        let g = Array4::zeros((1, 1, 1, 1));
        let error = pool_error(&what, why, || {
            convolution::max_pool_backward(x.view(), g.view())
        });
        expect_error(
            &format!("{what} (the image's size is checked first)"),
            error,
            ConvError::TooSmallToPool {
                height: h,
                width: w,
            },
            &[],
        );
    }
    let x = Array4::zeros((2, 3, 5, 4));
    let g = Array4::zeros((2, 3, 3, 2));
    let error = pool_error(
        "max_pool_backward of [2, 3, 5, 4] with a grad_output shaped [2, 3, 3, 2]",
        "grad_output's shape is not checked: it must be the pooled shape [batch, channels, \
         ⌊height / 2⌋, ⌊width / 2⌋]",
        || convolution::max_pool_backward(x.view(), g.view()),
    );
    expect_error(
        "max_pool_backward of an input [2, 3, 5, 4] (pooled [2, 3, 2, 2]) with a grad_output \
         shaped [2, 3, 3, 2]",
        error,
        ConvError::GradShape {
            expected: [2, 3, 2, 2],
            got: [2, 3, 3, 2],
        },
        &[(
            ConvError::GradShape {
                expected: [2, 3, 3, 2],
                got: [2, 3, 2, 2],
            },
            "expected and got are swapped: expected is the pooled shape",
        )],
    );
}
