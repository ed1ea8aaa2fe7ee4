//! A learner's convolution written as plain loops, as the doc's formulas read.

use mlings::types::convolution::{Conv2d, ConvError, ConvGradients};
use ndarray::{Array1, Array4, ArrayView1, ArrayView4};

fn out_size(size: usize, k: usize, s: usize) -> usize {
    (size - k) / s + 1
}

fn check_kernel(
    input: &ArrayView4<f64>,
    kernel: &ArrayView4<f64>,
    params: &Conv2d,
) -> Result<(), ConvError> {
    let (_, _, h, w) = input.dim();
    let (_, _, kh, kw) = kernel.dim();
    let p = params.padding;
    let (hp, wp) = (h + 2 * p, w + 2 * p);
    if kh == 0 || kw == 0 || kh > hp || kw > wp {
        return Err(ConvError::KernelSize {
            kh,
            kw,
            height: hp,
            width: wp,
        });
    }
    Ok(())
}

fn check_channels(input: &ArrayView4<f64>, kernel: &ArrayView4<f64>) -> Result<(), ConvError> {
    let c = input.dim().1;
    let kc = kernel.dim().1;
    if c != kc {
        return Err(ConvError::Channels {
            input: c,
            kernel: kc,
        });
    }
    Ok(())
}

/// The padded input at (y, x), 0 outside the image.
fn at(input: &ArrayView4<f64>, b: usize, ch: usize, y: usize, x: usize, p: usize) -> f64 {
    let (_, _, h, w) = input.dim();
    let y = y as isize - p as isize;
    let x = x as isize - p as isize;
    if y >= 0 && x >= 0 && (y as usize) < h && (x as usize) < w {
        input[[b, ch, y as usize, x as usize]]
    } else {
        0.0
    }
}

pub fn conv2d_forward(
    input: ArrayView4<f64>,
    kernel: ArrayView4<f64>,
    bias: ArrayView1<f64>,
    params: &Conv2d,
) -> Result<Array4<f64>, ConvError> {
    params.validate()?;
    check_channels(&input, &kernel)?;
    let (o, _, kh, kw) = kernel.dim();
    if bias.len() != o {
        return Err(ConvError::Bias {
            bias: bias.len(),
            out_channels: o,
        });
    }
    check_kernel(&input, &kernel, params)?;
    let (n, c, h, w) = input.dim();
    let (s, p) = (params.stride, params.padding);
    let oh = out_size(h + 2 * p, kh, s);
    let ow = out_size(w + 2 * p, kw, s);
    let mut out = Array4::zeros((n, o, oh, ow));
    for b in 0..n {
        for oc in 0..o {
            for i in 0..oh {
                for j in 0..ow {
                    let mut sum = bias[oc];
                    for ch in 0..c {
                        for u in 0..kh {
                            for v in 0..kw {
                                sum += kernel[[oc, ch, u, v]] * at(&input, b, ch, i * s + u, j * s + v, p);
                            }
                        }
                    }
                    out[[b, oc, i, j]] = sum;
                }
            }
        }
    }
    Ok(out)
}

pub fn conv2d_backward(
    input: ArrayView4<f64>,
    kernel: ArrayView4<f64>,
    grad_output: ArrayView4<f64>,
    params: &Conv2d,
) -> Result<ConvGradients, ConvError> {
    params.validate()?;
    check_channels(&input, &kernel)?;
    check_kernel(&input, &kernel, params)?;
    let (n, c, h, w) = input.dim();
    let (o, _, kh, kw) = kernel.dim();
    let (s, p) = (params.stride, params.padding);
    let oh = out_size(h + 2 * p, kh, s);
    let ow = out_size(w + 2 * p, kw, s);
    let expected = [n, o, oh, ow];
    let (gb, go, gh, gw) = grad_output.dim();
    let got = [gb, go, gh, gw];
    if got != expected {
        return Err(ConvError::GradShape { expected, got });
    }
    let mut d_input = Array4::zeros((n, c, h, w));
    let mut d_kernel = Array4::zeros((o, c, kh, kw));
    let mut d_bias = Array1::zeros(o);
    for b in 0..n {
        for oc in 0..o {
            for i in 0..oh {
                for j in 0..ow {
                    let g = grad_output[[b, oc, i, j]];
                    d_bias[oc] += g;
                    for ch in 0..c {
                        for u in 0..kh {
                            for v in 0..kw {
                                let (y, x) = (i * s + u, j * s + v);
                                d_kernel[[oc, ch, u, v]] += g * at(&input, b, ch, y, x, p);
                                if y >= p && x >= p && y - p < h && x - p < w {
                                    d_input[[b, ch, y - p, x - p]] += g * kernel[[oc, ch, u, v]];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(ConvGradients {
        input: d_input,
        kernel: d_kernel,
        bias: d_bias,
    })
}

fn pool_check(input: &ArrayView4<f64>) -> Result<(usize, usize), ConvError> {
    let (_, _, h, w) = input.dim();
    if h < 2 || w < 2 {
        return Err(ConvError::TooSmallToPool {
            height: h,
            width: w,
        });
    }
    Ok((h / 2, w / 2))
}

/// The position (row, col) of the first maximum of the block at (i, j).
fn argmax(input: &ArrayView4<f64>, b: usize, ch: usize, i: usize, j: usize) -> (usize, usize) {
    let mut best = (2 * i, 2 * j);
    for (du, dv) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
        let (y, x) = (2 * i + du, 2 * j + dv);
        if input[[b, ch, y, x]] > input[[b, ch, best.0, best.1]] {
            best = (y, x);
        }
    }
    best
}

pub fn max_pool(input: ArrayView4<f64>) -> Result<Array4<f64>, ConvError> {
    let (oh, ow) = pool_check(&input)?;
    let (n, c, _, _) = input.dim();
    let mut out = Array4::zeros((n, c, oh, ow));
    for b in 0..n {
        for ch in 0..c {
            for i in 0..oh {
                for j in 0..ow {
                    let mut m = f64::NEG_INFINITY;
                    for (du, dv) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                        m = m.max(input[[b, ch, 2 * i + du, 2 * j + dv]]);
                    }
                    out[[b, ch, i, j]] = m;
                }
            }
        }
    }
    Ok(out)
}

pub fn max_pool_backward(
    input: ArrayView4<f64>,
    grad_output: ArrayView4<f64>,
) -> Result<Array4<f64>, ConvError> {
    let (oh, ow) = pool_check(&input)?;
    let (n, c, _, _) = input.dim();
    let expected = [n, c, oh, ow];
    let (gb, gc, gh, gw) = grad_output.dim();
    let got = [gb, gc, gh, gw];
    if got != expected {
        return Err(ConvError::GradShape { expected, got });
    }
    let mut d = Array4::zeros(input.dim());
    for b in 0..n {
        for ch in 0..c {
            for i in 0..oh {
                for j in 0..ow {
                    let (y, x) = argmax(&input, b, ch, i, j);
                    d[[b, ch, y, x]] = grad_output[[b, ch, i, j]];
                }
            }
        }
    }
    Ok(d)
}
