//! Reference solution of the `cnn_digits` exercise: a small convolutional network on
//! the 8 x 8 digits, built from the course's convolution reference, trained with Adam.

use crate::prep::rng;
use crate::reference::convolution::{conv2d_backward, conv2d_forward, max_pool, max_pool_backward};
use crate::types::cnn_digits::{
    CLASSES, CnnError, CnnParams, CnnWeights, PIXELS, POOLED, SIDE, Training,
};
use crate::types::convolution::Conv2d;
use ndarray::{Array1, Array2, Array4, ArrayView1, ArrayView2, ArrayView4, Axis, Zip};
use rand::Rng;
use rand::seq::SliceRandom;

/// The convolution of the architecture: 3x3, stride 1, zero padding 1.
fn conv() -> Conv2d {
    Conv2d::new().stride(1).padding(1)
}

pub fn images_from_pixels(features: ArrayView2<f64>) -> Result<Array4<f64>, CnnError> {
    if features.ncols() != PIXELS {
        return Err(CnnError::Pixels {
            expected: PIXELS,
            got: features.ncols(),
        });
    }
    Ok(features
        .mapv(|p| p / 16.0)
        .into_shape_with_order((features.nrows(), 1, SIDE, SIDE))
        .expect("64 pixels per row"))
}

/// Glorot's uniform limit √(6 / (fan_in + fan_out)).
fn glorot(fan_in: usize, fan_out: usize) -> f64 {
    (6.0 / (fan_in + fan_out) as f64).sqrt()
}

pub fn init_weights(channels: usize, seed: u64) -> Result<CnnWeights, CnnError> {
    if channels == 0 {
        return Err(CnnError::InvalidParams(
            "channels must be at least 1".to_string(),
        ));
    }
    let mut generator = rng(seed);
    let a = glorot(9, channels * 9);
    let kernel = Array4::from_shape_simple_fn((channels, 1, 3, 3), || generator.gen_range(-a..a));
    let inputs = channels * POOLED * POOLED;
    let a = glorot(inputs, CLASSES);
    let dense = Array2::from_shape_simple_fn((inputs, CLASSES), || generator.gen_range(-a..a));
    Ok(CnnWeights {
        kernel,
        conv_bias: Array1::zeros(channels),
        dense,
        dense_bias: Array1::zeros(CLASSES),
    })
}

/// `Err` unless the images are (n, 1, 8, 8).
fn check_images(images: &ArrayView4<f64>) -> Result<(), CnnError> {
    let (_, channels, height, width) = images.dim();
    if (channels, height, width) != (1, SIDE, SIDE) {
        return Err(CnnError::Images {
            expected: "(n, 1, 8, 8)".to_string(),
            got: format!("{:?}", images.shape()),
        });
    }
    Ok(())
}

/// `Err` unless the four weights fit the architecture.
fn check_weights(weights: &CnnWeights) -> Result<(), CnnError> {
    let channels = weights.kernel.dim().0;
    let problem = if weights.kernel.dim() != (channels, 1, 3, 3) || channels == 0 {
        Some(format!(
            "kernel has shape {:?}, expected (channels, 1, 3, 3)",
            weights.kernel.shape()
        ))
    } else if weights.conv_bias.len() != channels {
        Some(format!(
            "conv_bias has {} values for {channels} channels",
            weights.conv_bias.len()
        ))
    } else if weights.dense.dim() != (channels * POOLED * POOLED, CLASSES) {
        Some(format!(
            "dense has shape {:?}, expected [{}, {CLASSES}]",
            weights.dense.shape(),
            channels * POOLED * POOLED
        ))
    } else if weights.dense_bias.len() != CLASSES {
        Some(format!(
            "dense_bias has {} values, expected {CLASSES}",
            weights.dense_bias.len()
        ))
    } else {
        None
    };
    problem.map_or(Ok(()), |why| Err(CnnError::Weights(why)))
}

/// `Err` unless there are images, one label each, each a digit.
fn check_labels(images: usize, labels: ArrayView1<usize>) -> Result<(), CnnError> {
    if images == 0 {
        return Err(CnnError::Empty);
    }
    if labels.len() != images {
        return Err(CnnError::LabelCount {
            images,
            labels: labels.len(),
        });
    }
    match labels.iter().position(|&label| label >= CLASSES) {
        Some(row) => Err(CnnError::NotADigit {
            row,
            label: labels[row],
        }),
        None => Ok(()),
    }
}

/// What the forward pass keeps for the backward pass.
struct Layers {
    /// Convolution output, before ReLU (n, channels, 8, 8).
    conv: Array4<f64>,
    /// After ReLU.
    relu: Array4<f64>,
    /// Pooled and flattened (n, channels·16).
    flat: Array2<f64>,
    /// Log-probabilities (n, 10).
    log_probabilities: Array2<f64>,
}

fn layers(weights: &CnnWeights, images: ArrayView4<f64>) -> Result<Layers, CnnError> {
    check_images(&images)?;
    check_weights(weights)?;
    let conv = conv2d_forward(
        images,
        weights.kernel.view(),
        weights.conv_bias.view(),
        &conv(),
    )?;
    let relu = conv.mapv(|v| v.max(0.0));
    let pooled = max_pool(relu.view())?;
    let n = images.dim().0;
    let flat = pooled
        .into_shape_with_order((n, weights.channels() * POOLED * POOLED))
        .expect("standard layout");
    let mut logits = flat.dot(&weights.dense);
    logits += &weights.dense_bias;
    for mut row in logits.rows_mut() {
        let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let log_sum = max + row.mapv(|v| (v - max).exp()).sum().ln();
        row -= log_sum;
    }
    Ok(Layers {
        conv,
        relu,
        flat,
        log_probabilities: logits,
    })
}

pub fn log_probabilities(
    weights: &CnnWeights,
    images: ArrayView4<f64>,
) -> Result<Array2<f64>, CnnError> {
    Ok(layers(weights, images)?.log_probabilities)
}

pub fn loss_and_gradients(
    weights: &CnnWeights,
    images: ArrayView4<f64>,
    labels: ArrayView1<usize>,
) -> Result<(f64, CnnWeights), CnnError> {
    let forward = layers(weights, images)?;
    let n = images.dim().0;
    check_labels(n, labels)?;
    let loss = -labels
        .iter()
        .enumerate()
        .map(|(i, &label)| forward.log_probabilities[[i, label]])
        .sum::<f64>()
        / n as f64;
    // ∂L/∂logits = (softmax − one-hot) / n.
    let mut d_logits = forward.log_probabilities.mapv(f64::exp);
    for (i, &label) in labels.iter().enumerate() {
        d_logits[[i, label]] -= 1.0;
    }
    d_logits /= n as f64;
    let dense = forward.flat.t().dot(&d_logits);
    let dense_bias = d_logits.sum_axis(Axis(0));
    let d_pooled = d_logits
        .dot(&weights.dense.t())
        .into_shape_with_order((n, weights.channels(), POOLED, POOLED))
        .expect("standard layout");
    let mut d_conv = max_pool_backward(forward.relu.view(), d_pooled.view())?;
    Zip::from(&mut d_conv).and(&forward.conv).for_each(|d, &z| {
        if z <= 0.0 {
            *d = 0.0;
        }
    });
    let conv_grads = conv2d_backward(images, weights.kernel.view(), d_conv.view(), &conv())?;
    Ok((
        loss,
        CnnWeights {
            kernel: conv_grads.kernel,
            conv_bias: conv_grads.bias,
            dense,
            dense_bias,
        },
    ))
}

pub fn predict(weights: &CnnWeights, images: ArrayView4<f64>) -> Result<Array1<usize>, CnnError> {
    let log_probabilities = log_probabilities(weights, images)?;
    Ok(log_probabilities
        .rows()
        .into_iter()
        .map(|row| {
            let mut best = 0;
            for (k, &v) in row.iter().enumerate() {
                if v > row[best] {
                    best = k;
                }
            }
            best
        })
        .collect())
}

/// Adam's running moments for one array of weights.
struct Moments {
    m: Array1<f64>,
    v: Array1<f64>,
}

/// One Adam step on the flattened weights (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, bias
/// corrected, step `t` counting from 1).
fn adam_step(w: &mut Array1<f64>, g: &Array1<f64>, moments: &mut Moments, t: i32, lr: f64) {
    let (beta1, beta2, eps) = (0.9, 0.999, 1e-8);
    let c1 = 1.0 - f64::powi(beta1, t);
    let c2 = 1.0 - f64::powi(beta2, t);
    Zip::from(w)
        .and(g)
        .and(&mut moments.m)
        .and(&mut moments.v)
        .for_each(|w, &g, m, v| {
            *m = beta1 * *m + (1.0 - beta1) * g;
            *v = beta2 * *v + (1.0 - beta2) * g * g;
            *w -= lr * (*m / c1) / ((*v / c2).sqrt() + eps);
        });
}

/// The share of `images` whose predicted digit is their label.
fn accuracy(
    weights: &CnnWeights,
    images: ArrayView4<f64>,
    labels: ArrayView1<usize>,
) -> Result<f64, CnnError> {
    let predicted = predict(weights, images)?;
    let right = predicted.iter().zip(labels).filter(|(p, l)| p == l).count();
    Ok(right as f64 / labels.len().max(1) as f64)
}

pub fn train(
    images: ArrayView4<f64>,
    labels: ArrayView1<usize>,
    test_images: ArrayView4<f64>,
    test_labels: ArrayView1<usize>,
    params: &CnnParams,
) -> Result<Training, CnnError> {
    params.validate()?;
    check_images(&images)?;
    check_labels(images.dim().0, labels)?;
    check_images(&test_images)?;
    check_labels(test_images.dim().0, test_labels)?;
    let mut weights = init_weights(params.channels, params.seed)?;
    let mut flat = weights.flatten();
    let mut moments = Moments {
        m: Array1::zeros(flat.len()),
        v: Array1::zeros(flat.len()),
    };
    let n = images.dim().0;
    let mut order: Vec<usize> = (0..n).collect();
    let mut shuffler = rng(params.seed.wrapping_add(1));
    let (mut losses, mut accuracies) = (Vec::new(), Vec::new());
    let mut step = 0;
    for _ in 0..params.epochs {
        order.shuffle(&mut shuffler);
        let mut total = 0.0;
        for batch in order.chunks(params.batch_size) {
            let batch_images = images.select(Axis(0), batch);
            let batch_labels = labels.select(Axis(0), batch);
            let (loss, gradients) =
                loss_and_gradients(&weights, batch_images.view(), batch_labels.view())?;
            total += loss * batch.len() as f64;
            step += 1;
            adam_step(
                &mut flat,
                &gradients.flatten(),
                &mut moments,
                step,
                params.learning_rate,
            );
            weights = weights
                .with_parameters(flat.view())
                .expect("same number of weights");
        }
        losses.push(total / n as f64);
        accuracies.push(accuracy(&weights, test_images, test_labels)?);
    }
    Ok(Training {
        weights,
        loss: losses,
        test_accuracy: accuracies,
    })
}
