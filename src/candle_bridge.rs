//! The framework bridge (`--features candle`): the `cnn_digits` network rebuilt in
//! [candle](https://github.com/huggingface/candle), the Rust deep-learning framework
//! closest to PyTorch, so that a learner can put their hand-written forward and backward
//! passes beside a real framework's tensors and autograd.
//!
//! The same architecture as [`crate::types::cnn_digits`] (conv 3x3 with zero padding 1 →
//! ReLU → 2x2 max pool → flatten (channel, row, col) → linear → log-softmax, mean
//! cross-entropy), started from the same [`CnnWeights`], trained on the same batches in
//! the same order with the same Adam (written here on candle `Var`s: β₁ = 0.9,
//! β₂ = 0.999, ε = 1e-8 added to √v̂, bias corrected, no weight decay), on the CPU in
//! f64.
//!
//! Three layers are written with candle ops rather than taken from candle 0.7 as they
//! are, because candle's own would give other gradients (see [`Builtins`], and the
//! example, which measures each): the convolution runs one output channel at a time
//! (candle 0.7's CPU `conv2d` gets the kernel's gradient wrong for a batch of several
//! images and several channels), ReLU is `x · 1[x > 0]` (candle's `relu()` lets the
//! gradient through at exactly 0, where a blank patch of a digit sits while the biases
//! are still 0), and max pooling keeps each window's first largest value with `argmax`
//! and a constant 0/1 mask (candle's `max_pool2d` backward gives a single maximum a
//! quarter of the window's gradient). With them, candle's autograd and the course's
//! hand-written backward pass agree to rounding.

use candle_core::{D, DType, Device, Tensor, Var, backprop::GradStore};
use ndarray::{Array1, Array2, Array4, ArrayBase, ArrayView1, ArrayView4, Data, Dimension};
use rand::seq::SliceRandom;

use crate::prep::rng;
use crate::types::cnn_digits::{CLASSES, CnnError, CnnParams, CnnWeights, SIDE, Training};
use crate::types::optimizers::OptimizerParams;

/// What can go wrong on the candle side.
#[derive(Debug, thiserror::Error)]
pub enum BridgeError {
    /// The inputs do not fit the architecture (the course's own error).
    #[error(transparent)]
    Cnn(#[from] CnnError),
    /// candle refused an operation (its message names the shapes).
    #[error("candle: {0}")]
    Candle(#[from] candle_core::Error),
}

/// Which of candle's own layers the network uses in place of the bridge's. The bridge
/// trains with none of them ([`Builtins::NONE`]): each one's gradient differs from the
/// course's, for a reason of its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Builtins {
    /// One `conv2d` call for all the output channels. candle 0.7's CPU convolution
    /// multiplies by the uncopied kernel when that kernel is not contiguous, and the
    /// kernel's gradient is such a convolution, by the output gradient transposed: wrong
    /// as soon as a batch has several images and the layer several channels (fixed in
    /// candle 0.10). The bridge convolves one output channel at a time, where that
    /// transposed gradient is contiguous.
    pub conv2d: bool,
    /// `relu()`, whose gradient at exactly 0 is 1 (`x >= 0`); the course's is 0. A blank
    /// 3x3 patch of a digit gives exactly 0 while the biases are still 0.
    pub relu: bool,
    /// `max_pool2d(2)`, whose backward multiplies a window's gradient by the share of
    /// the window equal to its maximum: 1/4 for a single maximum, instead of all of it.
    pub max_pool2d: bool,
}

impl Builtins {
    /// The bridge's own layers: the course's rules written with candle ops.
    pub const NONE: Builtins = Builtins {
        conv2d: false,
        relu: false,
        max_pool2d: false,
    };
}

/// The `cnn_digits` network as four candle variables (f64, CPU).
pub struct CandleCnn {
    kernel: Var,
    conv_bias: Var,
    dense: Var,
    dense_bias: Var,
    builtins: Builtins,
}

/// An ndarray array as a candle tensor of the same shape.
fn tensor<S: Data<Elem = f64>, I: Dimension>(
    array: &ArrayBase<S, I>,
) -> Result<Tensor, BridgeError> {
    let values: Vec<f64> = array.iter().copied().collect();
    Ok(Tensor::from_vec(values, array.shape(), &Device::Cpu)?)
}

/// A candle tensor's values in row-major order.
fn values(tensor: &Tensor) -> Result<Vec<f64>, BridgeError> {
    Ok(tensor.flatten_all()?.to_vec1::<f64>()?)
}

/// Images as a (n, 1, 8, 8) tensor, after checking their shape.
pub fn images_tensor(images: ArrayView4<f64>) -> Result<Tensor, BridgeError> {
    let (_, channels, height, width) = images.dim();
    if (channels, height, width) != (1, SIDE, SIDE) {
        return Err(CnnError::Images {
            expected: "(n, 1, 8, 8)".into(),
            got: format!("{:?}", images.shape()),
        }
        .into());
    }
    tensor(&images)
}

/// The labels as a (n, 10) one-hot tensor, after checking there is one per image and
/// that each is a digit.
fn one_hot(labels: ArrayView1<usize>, images: usize) -> Result<Tensor, BridgeError> {
    if images == 0 {
        return Err(CnnError::Empty.into());
    }
    if labels.len() != images {
        return Err(CnnError::LabelCount {
            images,
            labels: labels.len(),
        }
        .into());
    }
    let mut hot = Array2::<f64>::zeros((labels.len(), CLASSES));
    for (row, &label) in labels.iter().enumerate() {
        if label >= CLASSES {
            return Err(CnnError::NotADigit { row, label }.into());
        }
        hot[[row, label]] = 1.0;
    }
    tensor(&hot)
}

impl CandleCnn {
    /// candle variables holding copies of `weights`.
    pub fn new(weights: &CnnWeights, builtins: Builtins) -> Result<Self, BridgeError> {
        let channels = weights.channels();
        let inputs = channels * (SIDE / 2) * (SIDE / 2);
        if weights.kernel.dim() != (channels, 1, 3, 3)
            || weights.conv_bias.len() != channels
            || weights.dense.dim() != (inputs, CLASSES)
            || weights.dense_bias.len() != CLASSES
        {
            return Err(CnnError::Weights(format!(
                "kernel {:?}, conv_bias {:?}, dense {:?}, dense_bias {:?}; expected \
                 [c, 1, 3, 3], [c], [16c, 10], [10]",
                weights.kernel.shape(),
                weights.conv_bias.shape(),
                weights.dense.shape(),
                weights.dense_bias.shape()
            ))
            .into());
        }
        let var = |t: Tensor| Var::from_tensor(&t);
        Ok(CandleCnn {
            kernel: var(tensor(&weights.kernel)?)?,
            conv_bias: var(tensor(&weights.conv_bias)?)?,
            dense: var(tensor(&weights.dense)?)?,
            dense_bias: var(tensor(&weights.dense_bias)?)?,
            builtins,
        })
    }

    /// The four variables, in the order of [`CnnWeights::flatten`].
    fn vars(&self) -> [&Var; 4] {
        [&self.kernel, &self.conv_bias, &self.dense, &self.dense_bias]
    }

    /// The current weights, copied back into ndarray.
    pub fn weights(&self) -> Result<CnnWeights, BridgeError> {
        self.as_weights(|var| Ok(var.as_tensor().clone()))
    }

    /// Four tensors shaped like the weights (one per variable, in order) as a
    /// [`CnnWeights`].
    fn as_weights(
        &self,
        mut of: impl FnMut(&Var) -> Result<Tensor, BridgeError>,
    ) -> Result<CnnWeights, BridgeError> {
        let channels = self.kernel.dims()[0];
        let inputs = self.dense.dims()[0];
        Ok(CnnWeights {
            kernel: Array4::from_shape_vec((channels, 1, 3, 3), values(&of(&self.kernel)?)?)
                .expect("the kernel's shape"),
            conv_bias: Array1::from(values(&of(&self.conv_bias)?)?),
            dense: Array2::from_shape_vec((inputs, CLASSES), values(&of(&self.dense)?)?)
                .expect("the dense layer's shape"),
            dense_bias: Array1::from(values(&of(&self.dense_bias)?)?),
        })
    }

    /// ReLU with derivative 0 at 0: x times a constant mask (comparisons carry no
    /// gradient in candle).
    fn relu(&self, x: &Tensor) -> Result<Tensor, BridgeError> {
        Ok(if self.builtins.relu {
            x.relu()?
        } else {
            (x * x.gt(0.0)?.to_dtype(DType::F64)?)?
        })
    }

    /// 2x2 max pooling, stride 2: each window's four values side by side on a last axis
    /// (in reading order), the first largest chosen by `argmax` (candle keeps the
    /// first of equal values), kept by a constant one-hot mask.
    fn max_pool(&self, x: &Tensor) -> Result<Tensor, BridgeError> {
        if self.builtins.max_pool2d {
            return Ok(x.max_pool2d(2)?);
        }
        let (n, c, h, w) = x.dims4()?;
        let windows = x
            .reshape((n, c, h / 2, 2, w / 2, 2))?
            .permute((0, 1, 2, 4, 3, 5))?
            .contiguous()?
            .reshape((n, c, h / 2, w / 2, 4))?;
        let first = windows.argmax_keepdim(D::Minus1)?;
        let mask = Tensor::arange(0u32, 4, x.device())?
            .broadcast_as(windows.shape())?
            .eq(&first.broadcast_as(windows.shape())?)?
            .to_dtype(DType::F64)?;
        Ok((windows * mask)?.sum(D::Minus1)?)
    }

    /// Log-probabilities (n, 10) of images (n, 1, 8, 8).
    pub fn log_probabilities(&self, images: &Tensor) -> Result<Tensor, BridgeError> {
        let channels = self.kernel.dims()[0];
        let conv = if self.builtins.conv2d {
            images.conv2d(self.kernel.as_tensor(), 1, 1, 1, 1)?
        } else {
            let maps = (0..channels)
                .map(|k| images.conv2d(&self.kernel.narrow(0, k, 1)?, 1, 1, 1, 1))
                .collect::<Result<Vec<_>, _>>()?;
            Tensor::cat(&maps, 1)?
        };
        let conv = conv.broadcast_add(&self.conv_bias.reshape((1, channels, 1, 1))?)?;
        let pooled = self.max_pool(&self.relu(&conv)?)?;
        let flat = pooled.flatten_from(1)?;
        let logits = flat
            .matmul(self.dense.as_tensor())?
            .broadcast_add(self.dense_bias.as_tensor())?;
        // log-softmax, shifted by each row's largest logit (a constant: its gradient
        // cancels).
        let shifted = logits.broadcast_sub(&logits.max_keepdim(1)?.detach())?;
        let log_sum = shifted.exp()?.sum_keepdim(1)?.log()?;
        Ok(shifted.broadcast_sub(&log_sum)?)
    }

    /// Mean cross-entropy of a batch, as a scalar tensor whose `backward()` gives the
    /// gradients.
    fn loss(&self, images: &Tensor, one_hot: &Tensor) -> Result<Tensor, BridgeError> {
        let n = images.dims()[0] as f64;
        let picked = (self.log_probabilities(images)? * one_hot)?.sum_all()?;
        Ok(picked.affine(-1.0 / n, 0.0)?)
    }

    /// The predicted digit of each image (the first largest log-probability).
    pub fn predict(&self, images: &Tensor) -> Result<Vec<usize>, BridgeError> {
        let best = self
            .log_probabilities(images)?
            .argmax(1)?
            .to_vec1::<u32>()?;
        Ok(best.into_iter().map(|b| b as usize).collect())
    }

    /// The share of `images` predicted as their label.
    fn accuracy(&self, images: &Tensor, labels: ArrayView1<usize>) -> Result<f64, BridgeError> {
        let predicted = self.predict(images)?;
        let right = predicted.iter().zip(labels).filter(|(p, l)| p == l).count();
        Ok(right as f64 / labels.len().max(1) as f64)
    }
}

/// One batch's mean cross-entropy and its gradients from candle's autograd
/// (`loss.backward()`), as a [`CnnWeights`] of gradients: what the course's
/// `loss_and_gradients` computes by hand.
pub fn loss_and_gradients(
    weights: &CnnWeights,
    images: ArrayView4<f64>,
    labels: ArrayView1<usize>,
    builtins: Builtins,
) -> Result<(f64, CnnWeights), BridgeError> {
    let network = CandleCnn::new(weights, builtins)?;
    let x = images_tensor(images)?;
    let hot = one_hot(labels, images.dim().0)?;
    let loss = network.loss(&x, &hot)?;
    let grads = loss.backward()?;
    let gradients = network.as_weights(|var| gradient(&grads, var))?;
    Ok((loss.to_scalar::<f64>()?, gradients))
}

/// The gradient of `var` (zeros if the loss does not depend on it).
fn gradient(grads: &GradStore, var: &Var) -> Result<Tensor, BridgeError> {
    Ok(match grads.get(var.as_tensor()) {
        Some(g) => g.clone(),
        None => var.zeros_like()?,
    })
}

/// Adam on candle variables, step for step the course's `optimizers` Adam with the
/// settings of `OptimizerParams::adam(learning_rate)` (β₁ = 0.9, β₂ = 0.999, ε = 1e-8,
/// no weight decay): m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²,
/// w ← w − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε). (candle-nn's `AdamW` would
/// also decay the weights, by 0.01 unless told otherwise.)
struct Adam {
    settings: OptimizerParams,
    step: i32,
    moments: Vec<(Tensor, Tensor)>,
}

impl Adam {
    fn new(vars: &[&Var], learning_rate: f64) -> Result<Self, BridgeError> {
        let moments = vars
            .iter()
            .map(|var| Ok((var.zeros_like()?, var.zeros_like()?)))
            .collect::<Result<_, BridgeError>>()?;
        Ok(Adam {
            settings: OptimizerParams::adam(learning_rate),
            step: 0,
            moments,
        })
    }

    fn update(&mut self, vars: &[&Var], grads: &GradStore) -> Result<(), BridgeError> {
        let OptimizerParams {
            learning_rate,
            beta1,
            beta2,
            eps,
            ..
        } = self.settings;
        self.step += 1;
        let c1 = 1.0 - beta1.powi(self.step);
        let c2 = 1.0 - beta2.powi(self.step);
        for (var, (m, v)) in vars.iter().zip(&mut self.moments) {
            let g = gradient(grads, var)?;
            *m = ((&*m * beta1)? + (&g * (1.0 - beta1))?)?;
            *v = ((&*v * beta2)? + ((&g * (1.0 - beta2))? * &g)?)?;
            let corrected = (&*m / c1)?;
            let scale = ((&*v / c2)?.sqrt()? + eps)?;
            let step = ((corrected * learning_rate)? / scale)?;
            var.set(&(var.as_detached_tensor() - step)?)?;
        }
        Ok(())
    }
}

/// The row order of every epoch, as the course's training loop draws it: the rows
/// `0..n` shuffled in place at the start of each epoch by one generator,
/// `rng(seed + 2)`, each epoch's shuffle starting from the previous epoch's order.
pub fn epoch_orders(n: usize, epochs: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut shuffler = rng(seed.wrapping_add(2));
    (0..epochs)
        .map(|_| {
            order.shuffle(&mut shuffler);
            order.clone()
        })
        .collect()
}

/// Trains the candle network from `initial` as the course's `train` does: per epoch,
/// the rows in [`epoch_orders`], batches of `params.batch_size` (the last may be
/// smaller), one Adam step each; records the mean training loss (each batch's loss at
/// its step, weighted by its rows) and the test accuracy after the epoch.
/// `params.channels` and `params.seed`'s initialization are `initial`'s; `params.seed`
/// still seeds the shuffles.
pub fn train(
    images: ArrayView4<f64>,
    labels: ArrayView1<usize>,
    test_images: ArrayView4<f64>,
    test_labels: ArrayView1<usize>,
    initial: &CnnWeights,
    params: &CnnParams,
) -> Result<Training, BridgeError> {
    params.validate()?;
    let network = CandleCnn::new(initial, Builtins::NONE)?;
    let x = images_tensor(images)?;
    let hot = one_hot(labels, images.dim().0)?;
    let test_x = images_tensor(test_images)?;
    one_hot(test_labels, test_images.dim().0)?;
    let vars = network.vars();
    let mut adam = Adam::new(&vars, params.learning_rate)?;
    let n = images.dim().0;
    let (mut losses, mut accuracies) = (Vec::new(), Vec::new());
    for order in epoch_orders(n, params.epochs, params.seed) {
        let mut total = 0.0;
        for batch in order.chunks(params.batch_size) {
            let rows: Vec<u32> = batch.iter().map(|&r| r as u32).collect();
            let rows = Tensor::from_vec(rows, batch.len(), &Device::Cpu)?;
            let loss = network.loss(&x.index_select(&rows, 0)?, &hot.index_select(&rows, 0)?)?;
            let grads = loss.backward()?;
            total += loss.to_scalar::<f64>()? * batch.len() as f64;
            adam.update(&vars, &grads)?;
        }
        losses.push(total / n as f64);
        accuracies.push(network.accuracy(&test_x, test_labels)?);
    }
    Ok(Training {
        weights: network.weights()?,
        loss: losses,
        test_accuracy: accuracies,
    })
}

/// The largest absolute difference between two sets of weights (or gradients) of the
/// same shapes; infinite if their shapes differ.
pub fn max_abs_difference(a: &CnnWeights, b: &CnnWeights) -> f64 {
    if !a.same_shapes(b) {
        return f64::INFINITY;
    }
    a.flatten()
        .iter()
        .zip(&b.flatten())
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::cnn_digits as course;

    /// A few digits-like images: integer pixels / 16, blank in their top three rows and
    /// left column (so a 3x3 patch there is all 0, and so is the convolution while the
    /// biases are 0).
    fn batch(n: usize) -> (Array4<f64>, Array1<usize>) {
        let images = Array4::from_shape_fn((n, 1, SIDE, SIDE), |(i, _, r, c)| {
            if r < 3 || c == 0 {
                0.0
            } else {
                ((i * 7 + r * 3 + c * 5) % 17) as f64 / 16.0
            }
        });
        (images, Array1::from_shape_fn(n, |i| (i * 3) % CLASSES))
    }

    #[test]
    fn candle_autograd_matches_the_course_gradients() {
        let weights = course::init_weights(3, 7).unwrap();
        let (images, labels) = batch(5);
        let (loss, ours) =
            course::loss_and_gradients(&weights, images.view(), labels.view()).unwrap();
        let (candle_loss, theirs) =
            loss_and_gradients(&weights, images.view(), labels.view(), Builtins::NONE).unwrap();
        assert!(
            (loss - candle_loss).abs() < 1e-12,
            "{loss} vs {candle_loss}"
        );
        let difference = max_abs_difference(&ours, &theirs);
        assert!(difference < 1e-12, "gradients differ by {difference}");
    }

    #[test]
    fn each_candle_builtin_gives_other_gradients() {
        let weights = course::init_weights(3, 7).unwrap();
        let (images, labels) = batch(5);
        let (_, ours) = course::loss_and_gradients(&weights, images.view(), labels.view()).unwrap();
        let one = |builtins| {
            let (_, theirs) =
                loss_and_gradients(&weights, images.view(), labels.view(), builtins).unwrap();
            max_abs_difference(&ours, &theirs)
        };
        let none = Builtins::NONE;
        assert!(
            one(Builtins {
                conv2d: true,
                ..none
            }) > 1e-3
        );
        assert!(one(Builtins { relu: true, ..none }) > 1e-3);
        assert!(
            one(Builtins {
                max_pool2d: true,
                ..none
            }) > 1e-3
        );
    }

    #[test]
    fn candle_max_pool2d_gives_a_single_maximum_a_quarter_of_the_gradient() {
        let x = Var::from_vec(vec![1.0f64, 4.0, 2.0, 3.0], (1, 1, 2, 2), &Device::Cpu).unwrap();
        let pooled = x.max_pool2d(2).unwrap();
        let grads = pooled.sum_all().unwrap().backward().unwrap();
        let g = values(grads.get(x.as_tensor()).unwrap()).unwrap();
        assert_eq!(g, [0.0, 0.25, 0.0, 0.0]);
    }

    #[test]
    fn candle_training_follows_the_course_training() {
        let (images, labels) = batch(40);
        let (test_images, test_labels) = batch(7);
        let params = CnnParams::new()
            .channels(2)
            .epochs(3)
            .batch_size(16)
            .seed(5);
        let course = course::train(
            images.view(),
            labels.view(),
            test_images.view(),
            test_labels.view(),
            &params,
        )
        .unwrap();
        let initial = course::init_weights(2, 5).unwrap();
        let candle = train(
            images.view(),
            labels.view(),
            test_images.view(),
            test_labels.view(),
            &initial,
            &params,
        )
        .unwrap();
        for (a, b) in course.loss.iter().zip(&candle.loss) {
            assert!(
                (a - b).abs() < 1e-10,
                "losses {:?} vs {:?}",
                course.loss,
                candle.loss
            );
        }
        assert_eq!(course.test_accuracy, candle.test_accuracy);
        assert!(max_abs_difference(&course.weights, &candle.weights) < 1e-10);
    }

    #[test]
    fn the_epoch_orders_are_permutations_that_change() {
        let orders = epoch_orders(10, 2, 0);
        assert_ne!(orders[0], orders[1]);
        let mut sorted = orders[1].clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn bad_inputs_get_the_course_errors() {
        let weights = course::init_weights(2, 0).unwrap();
        let (images, labels) = batch(3);
        let short = labels.slice(ndarray::s![..2]);
        let error = loss_and_gradients(&weights, images.view(), short, Builtins::NONE);
        assert!(matches!(
            error,
            Err(BridgeError::Cnn(CnnError::LabelCount {
                images: 3,
                labels: 2
            }))
        ));
    }
}
