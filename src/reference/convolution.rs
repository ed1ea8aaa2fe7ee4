//! Reference solution of the `convolution` exercise: 2-D convolution as one matrix
//! product (im2col), and 2x2 max pooling.

use crate::types::convolution::{Conv2d, ConvError, ConvGradients};
use ndarray::{Array1, Array2, Array4, Array6, ArrayView1, ArrayView4, Axis, Zip, s};

/// Output rows (or columns) of a convolution: ⌊(size + 2·padding − k) / stride⌋ + 1.
fn output_size(size: usize, k: usize, params: &Conv2d) -> usize {
    (size + 2 * params.padding - k) / params.stride + 1
}

/// Checks the settings, the channels, the bias (when there is one) and the kernel's
/// size, in this order, and returns the output's (height, width).
fn check(
    input: &ArrayView4<f64>,
    kernel: &ArrayView4<f64>,
    bias: Option<&ArrayView1<f64>>,
    params: &Conv2d,
) -> Result<(usize, usize), ConvError> {
    params.validate()?;
    let (_, channels, height, width) = input.dim();
    let (_, kernel_channels, kh, kw) = kernel.dim();
    if channels != kernel_channels {
        return Err(ConvError::Channels {
            input: channels,
            kernel: kernel_channels,
        });
    }
    let out_channels = kernel.dim().0;
    if let Some(bias) = bias.filter(|bias| bias.len() != out_channels) {
        return Err(ConvError::Bias {
            bias: bias.len(),
            out_channels,
        });
    }
    let (padded_h, padded_w) = (height + 2 * params.padding, width + 2 * params.padding);
    if kh == 0 || kw == 0 || kh > padded_h || kw > padded_w {
        return Err(ConvError::KernelSize {
            kh,
            kw,
            height: padded_h,
            width: padded_w,
        });
    }
    Ok((
        output_size(height, kh, params),
        output_size(width, kw, params),
    ))
}

/// The input surrounded by `padding` rows and columns of zeros.
fn pad(input: &ArrayView4<f64>, padding: usize) -> Array4<f64> {
    let (batch, channels, height, width) = input.dim();
    let mut padded = Array4::zeros((batch, channels, height + 2 * padding, width + 2 * padding));
    padded
        .slice_mut(s![
            ..,
            ..,
            padding..padding + height,
            padding..padding + width
        ])
        .assign(input);
    padded
}

/// Every receptive field as a row: (batch, out_h, out_w, channels, kh, kw), so that a
/// reshape to (batch·out_h·out_w, channels·kh·kw) puts one window per row.
fn im2col(
    padded: &Array4<f64>,
    kh: usize,
    kw: usize,
    stride: usize,
    out: (usize, usize),
) -> Array6<f64> {
    let (batch, channels, _, _) = padded.dim();
    let (out_h, out_w) = out;
    let mut columns = Array6::zeros((batch, out_h, out_w, channels, kh, kw));
    for u in 0..kh {
        for v in 0..kw {
            let window = padded.slice(s![
                ..,
                ..,
                u..u + stride * (out_h - 1) + 1;stride,
                v..v + stride * (out_w - 1) + 1;stride
            ]);
            columns
                .slice_mut(s![.., .., .., .., u, v])
                .assign(&window.permuted_axes([0, 2, 3, 1]));
        }
    }
    columns
}

/// The kernel as a matrix, one output channel per row.
fn kernel_matrix(kernel: &ArrayView4<f64>) -> Array2<f64> {
    let (out_channels, channels, kh, kw) = kernel.dim();
    kernel
        .to_shape((out_channels, channels * kh * kw))
        .expect("a reshape of the kernel")
        .to_owned()
}

pub fn conv2d_forward(
    input: ArrayView4<f64>,
    kernel: ArrayView4<f64>,
    bias: ArrayView1<f64>,
    params: &Conv2d,
) -> Result<Array4<f64>, ConvError> {
    let (out_h, out_w) = check(&input, &kernel, Some(&bias), params)?;
    let (out_channels, channels, kh, kw) = kernel.dim();
    let batch = input.dim().0;
    let columns = im2col(
        &pad(&input, params.padding),
        kh,
        kw,
        params.stride,
        (out_h, out_w),
    )
    .into_shape_with_order((batch * out_h * out_w, channels * kh * kw))
    .expect("im2col is in standard layout");
    let mut rows = columns.dot(&kernel_matrix(&kernel).t());
    rows += &bias;
    Ok(rows
        .into_shape_with_order((batch, out_h, out_w, out_channels))
        .expect("one row per output position")
        .permuted_axes([0, 3, 1, 2])
        .as_standard_layout()
        .into_owned())
}

pub fn conv2d_backward(
    input: ArrayView4<f64>,
    kernel: ArrayView4<f64>,
    grad_output: ArrayView4<f64>,
    params: &Conv2d,
) -> Result<ConvGradients, ConvError> {
    let (out_h, out_w) = check(&input, &kernel, None, params)?;
    let (batch, channels, height, width) = input.dim();
    let (out_channels, _, kh, kw) = kernel.dim();
    let expected = [batch, out_channels, out_h, out_w];
    let got = [
        grad_output.dim().0,
        grad_output.dim().1,
        grad_output.dim().2,
        grad_output.dim().3,
    ];
    if got != expected {
        return Err(ConvError::GradShape { expected, got });
    }
    let padded = pad(&input, params.padding);
    let rows = batch * out_h * out_w;
    let columns = im2col(&padded, kh, kw, params.stride, (out_h, out_w))
        .into_shape_with_order((rows, channels * kh * kw))
        .expect("im2col is in standard layout");
    // One row per output position, one column per output channel.
    let grad_rows = grad_output
        .permuted_axes([0, 2, 3, 1])
        .as_standard_layout()
        .into_owned()
        .into_shape_with_order((rows, out_channels))
        .expect("standard layout");
    let bias = grad_rows.sum_axis(Axis(0));
    let kernel_grad = grad_rows
        .t()
        .dot(&columns)
        .into_shape_with_order((out_channels, channels, kh, kw))
        .expect("one row per output channel");
    let column_grad = grad_rows
        .dot(&kernel_matrix(&kernel))
        .into_shape_with_order((batch, out_h, out_w, channels, kh, kw))
        .expect("one row per output position");
    // Every window sends its gradient back to the pixels it read (col2im).
    let mut padded_grad = Array4::zeros(padded.dim());
    let stride = params.stride;
    for u in 0..kh {
        for v in 0..kw {
            let mut window = padded_grad.slice_mut(s![
                ..,
                ..,
                u..u + stride * (out_h - 1) + 1;stride,
                v..v + stride * (out_w - 1) + 1;stride
            ]);
            window += &column_grad
                .slice(s![.., .., .., .., u, v])
                .permuted_axes([0, 3, 1, 2]);
        }
    }
    let p = params.padding;
    let input_grad = padded_grad
        .slice(s![.., .., p..p + height, p..p + width])
        .to_owned();
    Ok(ConvGradients {
        input: input_grad,
        kernel: kernel_grad,
        bias: Array1::from(bias.to_vec()),
    })
}

/// The four positions of a 2x2 window, in reading order.
const WINDOW: [(usize, usize); 4] = [(0, 0), (0, 1), (1, 0), (1, 1)];

/// The output's (height, width), or the error for an image smaller than 2x2.
fn pool_size(input: &ArrayView4<f64>) -> Result<(usize, usize), ConvError> {
    let (_, _, height, width) = input.dim();
    if height < 2 || width < 2 {
        return Err(ConvError::TooSmallToPool { height, width });
    }
    Ok((height / 2, width / 2))
}

/// The value at position `k` (of [`WINDOW`]) of every 2x2 window.
fn window_view<'a>(
    input: &'a ArrayView4<f64>,
    k: usize,
    out: (usize, usize),
) -> ArrayView4<'a, f64> {
    let (du, dv) = WINDOW[k];
    input.slice(s![.., .., du..2 * out.0;2, dv..2 * out.1;2])
}

/// For every window, its largest value and the first position (in reading order)
/// holding it.
fn pool_with_positions(input: &ArrayView4<f64>, out: (usize, usize)) -> (Array4<f64>, Array4<u8>) {
    let mut best = window_view(input, 0, out).to_owned();
    let mut position = Array4::<u8>::zeros(best.dim());
    for k in 1..4 {
        Zip::from(&mut best)
            .and(&mut position)
            .and(&window_view(input, k, out))
            .for_each(|b, p, &v| {
                if v > *b {
                    *b = v;
                    *p = k as u8;
                }
            });
    }
    (best, position)
}

pub fn max_pool(input: ArrayView4<f64>) -> Result<Array4<f64>, ConvError> {
    let out = pool_size(&input)?;
    Ok(pool_with_positions(&input, out).0)
}

pub fn max_pool_backward(
    input: ArrayView4<f64>,
    grad_output: ArrayView4<f64>,
) -> Result<Array4<f64>, ConvError> {
    let (out_h, out_w) = pool_size(&input)?;
    let (batch, channels, _, _) = input.dim();
    let expected = [batch, channels, out_h, out_w];
    let got = [
        grad_output.dim().0,
        grad_output.dim().1,
        grad_output.dim().2,
        grad_output.dim().3,
    ];
    if got != expected {
        return Err(ConvError::GradShape { expected, got });
    }
    let (_, position) = pool_with_positions(&input, (out_h, out_w));
    let mut grad = Array4::zeros(input.dim());
    for (k, &(du, dv)) in WINDOW.iter().enumerate() {
        Zip::from(grad.slice_mut(s![.., .., du..2 * out_h;2, dv..2 * out_w;2]))
            .and(&position)
            .and(&grad_output)
            .for_each(|g, &p, &d| {
                if p as usize == k {
                    *g = d;
                }
            });
    }
    Ok(grad)
}
