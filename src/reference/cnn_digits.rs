//! Reference solution of the `cnn_digits` exercise: a small convolutional network on
//! the 8 x 8 digits, built from the course's convolution reference, trained with Adam.

use crate::prep::rng;
use crate::reference::convolution::{conv2d_backward, conv2d_forward, max_pool, max_pool_backward};
use crate::reference::layers_and_losses::{
    cross_entropy, linear_backward, linear_forward, linear_init, log_softmax, relu, relu_backward,
};
use crate::reference::optimizers::step;
use crate::types::cnn_digits::{
    CLASSES, CnnError, CnnParams, CnnWeights, PIXELS, POOLED, SIDE, Training,
};
use crate::types::convolution::Conv2d;
use crate::types::layers_and_losses::Linear;
use crate::types::optimizers::{Optimizer, OptimizerParams};
use ndarray::{Array1, Array2, Array4, ArrayView1, ArrayView2, ArrayView4, ArrayViewMut1, Axis};
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
    let dense = linear_init(channels * POOLED * POOLED, CLASSES, seed.wrapping_add(1))?;
    Ok(CnnWeights {
        kernel,
        conv_bias: Array1::zeros(channels),
        dense: dense.weight,
        dense_bias: dense.bias,
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
    /// Convolution output, before ReLU, one image per row (n, channels·64).
    conv: Array2<f64>,
    /// After ReLU (n, channels, 8, 8).
    relu: Array4<f64>,
    /// Pooled and flattened (n, channels·16).
    flat: Array2<f64>,
    /// The dense layer.
    dense: Linear,
    /// Logits (n, 10).
    logits: Array2<f64>,
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
    let n = images.dim().0;
    let channels = weights.channels();
    let conv = conv
        .into_shape_with_order((n, channels * SIDE * SIDE))
        .expect("standard layout");
    let relu = relu(conv.view())
        .into_shape_with_order((n, channels, SIDE, SIDE))
        .expect("standard layout");
    let flat = max_pool(relu.view())?
        .into_shape_with_order((n, channels * POOLED * POOLED))
        .expect("standard layout");
    let dense = Linear {
        weight: weights.dense.clone(),
        bias: weights.dense_bias.clone(),
    };
    let logits = linear_forward(&dense, flat.view())?;
    Ok(Layers {
        conv,
        relu,
        flat,
        dense,
        logits,
    })
}

pub fn log_probabilities(
    weights: &CnnWeights,
    images: ArrayView4<f64>,
) -> Result<Array2<f64>, CnnError> {
    Ok(log_softmax(layers(weights, images)?.logits.view()))
}

pub fn loss_and_gradients(
    weights: &CnnWeights,
    images: ArrayView4<f64>,
    labels: ArrayView1<usize>,
) -> Result<(f64, CnnWeights), CnnError> {
    let forward = layers(weights, images)?;
    let n = images.dim().0;
    check_labels(n, labels)?;
    let loss = cross_entropy(forward.logits.view(), labels)?;
    let dense = linear_backward(&forward.dense, forward.flat.view(), loss.dlogits.view())?;
    let channels = weights.channels();
    let d_pooled = dense
        .dx
        .into_shape_with_order((n, channels, POOLED, POOLED))
        .expect("standard layout");
    let d_relu = max_pool_backward(forward.relu.view(), d_pooled.view())?
        .into_shape_with_order((n, channels * SIDE * SIDE))
        .expect("standard layout");
    let d_conv = relu_backward(forward.conv.view(), d_relu.view())?
        .into_shape_with_order((n, channels, SIDE, SIDE))
        .expect("standard layout");
    let conv_grads = conv2d_backward(images, weights.kernel.view(), d_conv.view(), &conv())?;
    Ok((
        loss.loss,
        CnnWeights {
            kernel: conv_grads.kernel,
            conv_bias: conv_grads.bias,
            dense: dense.dweight,
            dense_bias: dense.dbias,
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

/// One optimizer step of the four weight tensors, in the order kernel, conv_bias,
/// dense, dense_bias.
fn adam_step(
    optimizer: &mut Optimizer,
    weights: &mut CnnWeights,
    gradients: &CnnWeights,
) -> Result<(), CnnError> {
    let grads = [
        ArrayView1::from(gradients.kernel.as_slice().expect("standard layout")),
        ArrayView1::from(gradients.conv_bias.as_slice().expect("contiguous")),
        ArrayView1::from(gradients.dense.as_slice().expect("standard layout")),
        ArrayView1::from(gradients.dense_bias.as_slice().expect("contiguous")),
    ];
    let mut params = [
        ArrayViewMut1::from(weights.kernel.as_slice_mut().expect("standard layout")),
        ArrayViewMut1::from(weights.conv_bias.as_slice_mut().expect("contiguous")),
        ArrayViewMut1::from(weights.dense.as_slice_mut().expect("standard layout")),
        ArrayViewMut1::from(weights.dense_bias.as_slice_mut().expect("contiguous")),
    ];
    step(optimizer, &mut params, &grads)?;
    Ok(())
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
    let mut optimizer = Optimizer::new(OptimizerParams::adam(params.learning_rate))?;
    let n = images.dim().0;
    let mut order: Vec<usize> = (0..n).collect();
    let mut shuffler = rng(params.seed.wrapping_add(2));
    let (mut losses, mut accuracies) = (Vec::new(), Vec::new());
    for _ in 0..params.epochs {
        order.shuffle(&mut shuffler);
        let mut total = 0.0;
        for batch in order.chunks(params.batch_size) {
            let batch_images = images.select(Axis(0), batch);
            let batch_labels = labels.select(Axis(0), batch);
            let (loss, gradients) =
                loss_and_gradients(&weights, batch_images.view(), batch_labels.view())?;
            total += loss * batch.len() as f64;
            adam_step(&mut optimizer, &mut weights, &gradients)?;
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
