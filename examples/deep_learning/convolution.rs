//! convolution: your convolution and pooling beside the reference (im2col and matrix
//! products) on a batch of digit images: the largest difference and the times.

use mlings::datasets;
use mlings::reference::convolution as reference;
use mlings::report::{Table, run_learner, seconds, show, timed};
use mlings::types::convolution::Conv2d;
use ndarray::{Array1, Array4, s};

use super::learner_conv as learner;

fn largest_difference(a: &Array4<f64>, b: &Array4<f64>) -> String {
    if a.shape() != b.shape() {
        return format!("shape {:?} vs {:?}", a.shape(), b.shape());
    }
    let d = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max);
    format!("{d:.1e}")
}

pub fn run() {
    // 512 digit images, 8 random 3x3 kernels, padding 1: the first layer of cnn_digits.
    let data = datasets::digits();
    let x = data.features.slice(s![..512, ..]).mapv(|p| p / 16.0);
    let images = x.into_shape_with_order((512, 1, 8, 8)).expect("64 pixels");
    let kernel = Array4::from_shape_fn((8, 1, 3, 3), |(o, _, u, v)| {
        ((o * 9 + u * 3 + v) as f64 * 0.37).sin()
    });
    let bias = Array1::from_shape_fn(8, |o| 0.1 * o as f64 - 0.3);
    let params = Conv2d::new().padding(1);
    let (out, forward_time) =
        timed(|| reference::conv2d_forward(images.view(), kernel.view(), bias.view(), &params));
    let out = out.expect("valid shapes");
    let g = out.mapv(|v| v.tanh());
    let (grads, backward_time) =
        timed(|| reference::conv2d_backward(images.view(), kernel.view(), g.view(), &params));
    let grads = grads.expect("valid shapes");
    let (pooled, pool_time) = timed(|| reference::max_pool(out.view()));
    let pooled = pooled.expect("8x8 images");
    let (pool_grad, pool_back_time) =
        timed(|| reference::max_pool_backward(out.view(), pooled.view()));
    let pool_grad = pool_grad.expect("matching shapes");

    let yours_forward =
        run_learner(|| learner::conv2d_forward(images.view(), kernel.view(), bias.view(), &params));
    let yours_backward =
        run_learner(|| learner::conv2d_backward(images.view(), kernel.view(), g.view(), &params));
    let yours_pool = run_learner(|| learner::max_pool(out.view()));
    let yours_pool_back = run_learner(|| learner::max_pool_backward(out.view(), pooled.view()));

    let mut table = Table::new(&[
        "operation",
        "largest |yours − reference|",
        "your time",
        "reference time",
    ]);
    table.row(vec![
        "conv2d_forward".into(),
        yours_forward.ok_cell(|o| largest_difference(o, &out)),
        yours_forward.time_cell(),
        seconds(forward_time),
    ]);
    table.row(vec![
        "conv2d_backward (∂input, ∂kernel)".into(),
        yours_backward.ok_cell(|gr| {
            format!(
                "{} / {}",
                largest_difference(&gr.input, &grads.input),
                largest_difference(&gr.kernel, &grads.kernel)
            )
        }),
        yours_backward.time_cell(),
        seconds(backward_time),
    ]);
    table.row(vec![
        "max_pool".into(),
        yours_pool.ok_cell(|p| largest_difference(p, &pooled)),
        yours_pool.time_cell(),
        seconds(pool_time),
    ]);
    table.row(vec![
        "max_pool_backward".into(),
        yours_pool_back.ok_cell(|p| largest_difference(p, &pool_grad)),
        yours_pool_back.time_cell(),
        seconds(pool_back_time),
    ]);
    show(
        &table,
        "convolution: 512 digit images, 8 kernels 3x3, padding 1",
        "Your values should agree with the reference to round-off (about 1e-15). Loops are \
         fine; the reference's im2col turns the convolution into one matrix product.",
    );
}
