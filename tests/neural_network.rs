//! Grader of exercises/11_neural_networks/neural_network.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/11_neural_networks/neural_network.rs"]
mod neural_network;
#[cfg(feature = "solutions")]
use mlings::reference::neural_network;

use mlings::datasets::{self, synthetic};
use mlings::grade::{
    Tolerance, Unfinished, assert_finite, catch_todo, expect, expect_array, expect_err, fail,
    require,
};
use mlings::models::LinfaLogisticRegression;
use mlings::prep::{Rng, StandardizedSplit, rng};
use mlings::types::labels::NotAClassIndex;
use mlings::types::model::Model;
use mlings::types::neural_network::{
    Activation, Gradients, NetError, Network, TrainParams, Training,
};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, array};
use rand::Rng as _;
use rand::distributions::{Distribution, Uniform};
use rand::seq::SliceRandom;

// ---------------------------------------------------------------------------------------
// The grader's own network, written from the doc (independent of yours)
// ---------------------------------------------------------------------------------------

/// Z₁, A₁ and the logits Z₂ of a batch.
fn grader_layers(net: &Network, x: ArrayView2<f64>) -> (Array2<f64>, Array2<f64>, Array2<f64>) {
    let mut z1 = x.dot(&net.w1);
    for mut row in z1.rows_mut() {
        row += &net.b1;
    }
    let a1 = match net.activation {
        Activation::Tanh => z1.mapv(f64::tanh),
        Activation::Relu => z1.mapv(|z| if z > 0.0 { z } else { 0.0 }),
    };
    let mut z2 = a1.dot(&net.w2);
    for mut row in z2.rows_mut() {
        row += &net.b2;
    }
    (z1, a1, z2)
}

/// The mean cross-entropy in its log-sum-exp form.
fn grader_loss(net: &Network, x: ArrayView2<f64>, labels: &[usize]) -> f64 {
    let (_, _, z2) = grader_layers(net, x);
    let total: f64 = z2
        .axis_iter(Axis(0))
        .zip(labels)
        .map(|(row, &label)| {
            let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
            let log_sum = max + row.mapv(|v| (v - max).exp()).sum().ln();
            log_sum - row[label]
        })
        .sum();
    total / labels.len() as f64
}

/// ∂L/∂θ by central differences with step `h`.
fn grader_numeric(net: &Network, x: ArrayView2<f64>, labels: &[usize], h: f64) -> Array1<f64> {
    let theta = net.parameters();
    let at = |i: usize, delta: f64| {
        let mut probe = theta.clone();
        probe[i] += delta;
        let nudged = net.with_parameters(probe.view()).expect("same length");
        grader_loss(&nudged, x, labels)
    };
    Array1::from_shape_fn(theta.len(), |i| (at(i, h) - at(i, -h)) / (2.0 * h))
}

/// Central differences that never put a parameter back: θᵢ stays at θᵢ − h.
fn grader_numeric_unrestored(
    net: &Network,
    x: ArrayView2<f64>,
    labels: &[usize],
    h: f64,
) -> Array1<f64> {
    let mut theta = net.parameters();
    let mut numeric = Array1::zeros(theta.len());
    let loss = |theta: &Array1<f64>| {
        grader_loss(
            &net.with_parameters(theta.view()).expect("same length"),
            x,
            labels,
        )
    };
    for i in 0..theta.len() {
        let original = theta[i];
        theta[i] = original + h;
        let up = loss(&theta);
        theta[i] = original - h;
        numeric[i] = (up - loss(&theta)) / (2.0 * h);
    }
    numeric
}

/// ∂L/∂θ by central differences with a small step: accurate to about 1e-10 here.
fn grader_gradient(net: &Network, x: ArrayView2<f64>, labels: &[usize]) -> Array1<f64> {
    grader_numeric(net, x, labels, 1e-5)
}

/// The activation's derivative in the grader's backpropagation: the doc's, and mistaken.
#[derive(Clone, Copy, PartialEq)]
enum Slope {
    /// tanh' = 1 − A₁²; ReLU' = 1 where z > 0, else 0.
    Doc,
    /// ReLU'(0) = 1.
    ReluOneAtZero,
    /// No derivative at all: dZ₁ = dA₁.
    Missing,
}

/// Backpropagation written out here.
fn grader_backward(net: &Network, x: ArrayView2<f64>, labels: &[usize], slope: Slope) -> Gradients {
    let (z1, a1, z2) = grader_layers(net, x);
    let n = x.nrows() as f64;
    let mut dz2 = Array2::zeros(z2.dim());
    for (i, row) in z2.axis_iter(Axis(0)).enumerate() {
        let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let total: f64 = row.iter().map(|v| (v - max).exp()).sum();
        for (k, &v) in row.iter().enumerate() {
            let target = if labels[i] == k { 1.0 } else { 0.0 };
            dz2[(i, k)] = ((v - max).exp() / total - target) / n;
        }
    }
    let mut dz1 = dz2.dot(&net.w2.t());
    for ((d, &z), &a) in dz1.iter_mut().zip(&z1).zip(&a1) {
        *d *= match net.activation {
            _ if slope == Slope::Missing => 1.0,
            Activation::Tanh => 1.0 - a * a,
            Activation::Relu if z > 0.0 => 1.0,
            Activation::Relu if z == 0.0 && slope == Slope::ReluOneAtZero => 1.0,
            Activation::Relu => 0.0,
        };
    }
    Gradients {
        w1: x.t().dot(&dz1),
        b1: dz1.sum_axis(Axis(0)),
        w2: a1.t().dot(&dz2),
        b2: dz2.sum_axis(Axis(0)),
    }
}

/// Ways of drawing the initial weights: the doc's, and mistaken ones to name.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Draw {
    /// rng(seed); W₁ row by row with gen_range(−a₁..a₁), then W₂ with gen_range(−a₂..a₂).
    Doc,
    /// W₂ drawn before W₁.
    SecondLayerFirst,
    /// Each matrix filled column by column.
    ColumnByColumn,
    /// W₂ drawn from a new rng(seed), the same numbers as W₁'s start.
    Reseeded,
    /// a = √(6 / fan_in).
    FanInOnly,
    /// Uniform::new(−a, a) sampled (other numbers than gen_range).
    UniformSampler,
    /// −a + 2a·rng.gen::<f64>().
    ScaledUnit,
    /// a = √(2 / (fan_in + fan_out)).
    TwoOverFans,
}

fn glorot_limit(fan_in: usize, fan_out: usize, draw: Draw) -> f64 {
    if draw == Draw::FanInOnly {
        (6.0 / fan_in as f64).sqrt()
    } else if draw == Draw::TwoOverFans {
        (2.0 / (fan_in + fan_out) as f64).sqrt()
    } else {
        (6.0 / (fan_in + fan_out) as f64).sqrt()
    }
}

fn draw_matrix(generator: &mut Rng, rows: usize, cols: usize, a: f64, draw: Draw) -> Array2<f64> {
    let mut values = Vec::with_capacity(rows * cols);
    for _ in 0..rows * cols {
        values.push(match draw {
            Draw::UniformSampler => Uniform::new(-a, a).sample(generator),
            Draw::ScaledUnit => -a + 2.0 * a * generator.r#gen::<f64>(),
            _ => generator.gen_range(-a..a),
        });
    }
    if draw == Draw::ColumnByColumn {
        Array2::from_shape_vec((cols, rows), values)
            .expect("rows × cols values")
            .reversed_axes()
            .as_standard_layout()
            .to_owned()
    } else {
        Array2::from_shape_vec((rows, cols), values).expect("rows × cols values")
    }
}

fn grader_init(
    n_inputs: usize,
    n_hidden: usize,
    n_outputs: usize,
    activation: Activation,
    seed: u64,
    draw: Draw,
) -> Network {
    let mut generator = rng(seed);
    let (a1, a2) = (
        glorot_limit(n_inputs, n_hidden, draw),
        glorot_limit(n_hidden, n_outputs, draw),
    );
    let (w1, w2) = match draw {
        Draw::SecondLayerFirst => {
            let w2 = draw_matrix(&mut generator, n_hidden, n_outputs, a2, draw);
            (
                draw_matrix(&mut generator, n_inputs, n_hidden, a1, draw),
                w2,
            )
        }
        Draw::Reseeded => (
            draw_matrix(&mut generator, n_inputs, n_hidden, a1, draw),
            draw_matrix(&mut rng(seed), n_hidden, n_outputs, a2, draw),
        ),
        _ => {
            let w1 = draw_matrix(&mut generator, n_inputs, n_hidden, a1, draw);
            (
                w1,
                draw_matrix(&mut generator, n_hidden, n_outputs, a2, draw),
            )
        }
    };
    Network {
        w1,
        b1: Array1::zeros(n_hidden),
        w2,
        b2: Array1::zeros(n_outputs),
        activation,
    }
}

/// Ways of running the training loop: the doc's, and mistaken ones to name.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Procedure {
    Doc,
    /// A new rng(seed + 1) made at the start of every epoch.
    ShufflerRemadeEachEpoch,
    /// A fresh list 0..n shuffled every epoch (instead of re-shuffling the same list).
    FreshOrderEachEpoch,
    /// The shuffler seeded with rng(seed) instead of rng(seed + 1).
    ShufflerSeededWithSeed,
    /// The rows in their order, never shuffled.
    NoShuffle,
    /// The last, smaller batch skipped (`chunks_exact`).
    PartialBatchDropped,
    /// The last batch's gradient summed and divided by batch_size.
    PartialBatchOverBatchSize,
    /// Every weight starting at 0.
    ZeroWeights,
    /// The epoch's loss taken as the mean of the batch losses before each step.
    MeanOfBatchLosses,
    /// Each step taken with η / (rows in the batch).
    RateOverBatchSize,
    /// The k-th batch's labels taken from positions k·batch_size.. of the unshuffled labels.
    LabelsInOrder,
    /// Each epoch's recorded loss taken before its steps.
    LossBeforeSteps,
}

/// What the grader's training gives: the network and the losses, or the divergence
/// (epoch, start loss, loss).
type GraderTraining = Result<(Network, Vec<f64>), (usize, f64, f64)>;

fn grader_train(
    x: ArrayView2<f64>,
    labels: &[usize],
    params: &TrainParams,
    procedure: Procedure,
) -> GraderTraining {
    let n_classes = labels.iter().max().map_or(0, |&m| m + 1);
    let mut net = grader_init(
        x.ncols(),
        params.hidden,
        n_classes,
        params.activation,
        params.seed,
        Draw::Doc,
    );
    if procedure == Procedure::ZeroWeights {
        net.w1.fill(0.0);
        net.w2.fill(0.0);
    }
    let start = grader_loss(&net, x, labels);
    let mut history = vec![start];
    let seed = if procedure == Procedure::ShufflerSeededWithSeed {
        params.seed
    } else {
        params.seed.wrapping_add(1)
    };
    let mut shuffler = rng(seed);
    let mut order: Vec<usize> = (0..x.nrows()).collect();
    for epoch in 1..=params.epochs {
        match procedure {
            Procedure::NoShuffle => {}
            Procedure::ShufflerRemadeEachEpoch => order.shuffle(&mut rng(seed)),
            Procedure::FreshOrderEachEpoch => {
                order = (0..x.nrows()).collect();
                order.shuffle(&mut shuffler);
            }
            _ => order.shuffle(&mut shuffler),
        }
        let loss_before = grader_loss(&net, x, labels);
        let mut batch_losses = Vec::new();
        for (k, batch) in order.chunks(params.batch_size).enumerate() {
            if procedure == Procedure::PartialBatchDropped && batch.len() < params.batch_size {
                continue;
            }
            let rows = x.select(Axis(0), batch);
            let batch_labels: Vec<usize> = if procedure == Procedure::LabelsInOrder {
                labels[k * params.batch_size..][..batch.len()].to_vec()
            } else {
                batch.iter().map(|&i| labels[i]).collect()
            };
            batch_losses.push(grader_loss(&net, rows.view(), &batch_labels));
            let mut g = grader_backward(&net, rows.view(), &batch_labels, Slope::Doc);
            if procedure == Procedure::PartialBatchOverBatchSize {
                let shrink = batch.len() as f64 / params.batch_size as f64;
                g.w1 *= shrink;
                g.b1 *= shrink;
                g.w2 *= shrink;
                g.b2 *= shrink;
            }
            let eta = if procedure == Procedure::RateOverBatchSize {
                params.learning_rate / batch.len() as f64
            } else {
                params.learning_rate
            };
            net.w1 = &net.w1 - &(g.w1 * eta);
            net.b1 = &net.b1 - &(g.b1 * eta);
            net.w2 = &net.w2 - &(g.w2 * eta);
            net.b2 = &net.b2 - &(g.b2 * eta);
        }
        let loss = if procedure == Procedure::MeanOfBatchLosses {
            batch_losses.iter().sum::<f64>() / batch_losses.len() as f64
        } else {
            grader_loss(&net, x, labels)
        };
        if !loss.is_finite() || loss > start {
            return Err((epoch, start, loss));
        }
        history.push(if procedure == Procedure::LossBeforeSteps {
            loss_before
        } else {
            loss
        });
    }
    Ok((net, history))
}

/// What each mistaken procedure means, for the diagnoses.
fn procedure_mistake(procedure: Procedure) -> &'static str {
    match procedure {
        Procedure::Doc => "",
        Procedure::ShufflerRemadeEachEpoch => {
            "the shuffling generator is made again every epoch, so every epoch sees the same \
             order: make rng(seed + 1) once, before the epoch loop"
        }
        Procedure::FreshOrderEachEpoch => {
            "every epoch shuffles a fresh list 0..n: keep shuffling the same list, epoch after \
             epoch (the doc's procedure)"
        }
        Procedure::ShufflerSeededWithSeed => {
            "the shuffler is seeded with params.seed: it must be rng(params.seed.wrapping_add(1)) \
             (params.seed already seeds the initial weights)"
        }
        Procedure::NoShuffle => {
            "the rows were never shuffled: shuffle the row numbers at the start of every epoch"
        }
        Procedure::PartialBatchDropped => {
            "the last, smaller batch was skipped: order.chunks(batch_size) keeps it (its \
             gradient is the mean over its own rows)"
        }
        Procedure::PartialBatchOverBatchSize => {
            "the last, smaller batch was averaged over batch_size rows: its gradient is the mean \
             over its own rows, as backward gives it"
        }
        Procedure::ZeroWeights => {
            "training started from all-zero weights, so every hidden unit computes and learns \
             the same thing: the symmetry is never broken. Start from init_network(..., \
             params.seed)"
        }
        Procedure::MeanOfBatchLosses => {
            "the epoch's loss is the mean of the batch losses seen during the epoch: record the \
             loss of the whole training set after the epoch"
        }
        Procedure::RateOverBatchSize => {
            "you divided the learning rate by the batch size: backward already averages over \
             the batch's rows, so step by η itself"
        }
        Procedure::LossBeforeSteps => {
            "each epoch's loss was recorded before the epoch's steps: record the loss of the \
             whole training set after them"
        }
        Procedure::LabelsInOrder => {
            "the labels of a batch must be those of its rows: select them with the same \
             shuffled row numbers as x (labels.select(Axis(0), batch))"
        }
    }
}

const MISTAKEN_PROCEDURES: [Procedure; 11] = [
    Procedure::LossBeforeSteps,
    Procedure::RateOverBatchSize,
    Procedure::LabelsInOrder,
    Procedure::ShufflerRemadeEachEpoch,
    Procedure::FreshOrderEachEpoch,
    Procedure::ShufflerSeededWithSeed,
    Procedure::NoShuffle,
    Procedure::PartialBatchDropped,
    Procedure::PartialBatchOverBatchSize,
    Procedure::ZeroWeights,
    Procedure::MeanOfBatchLosses,
];

/// A flat gradient vector, shaped as `Gradients` of `net`.
fn as_gradients(net: &Network, flat: &Array1<f64>) -> Gradients {
    let shaped = net.with_parameters(flat.view()).expect("same length");
    Gradients {
        w1: shaped.w1,
        b1: shaped.b1,
        w2: shaped.w2,
        b2: shaped.b2,
    }
}

/// A random 3-input, 5-hidden, 3-class network and a batch of 6 rows.
fn random_problem(activation: Activation) -> (Network, Array2<f64>, Array1<usize>) {
    let mut r = rng(11);
    let net = Network {
        w1: synthetic::normal_matrix(3, 5, &mut r),
        b1: synthetic::normal_matrix(1, 5, &mut r).row(0).to_owned() * 0.5,
        w2: synthetic::normal_matrix(5, 3, &mut r),
        b2: synthetic::normal_matrix(1, 3, &mut r).row(0).to_owned() * 0.5,
        activation,
    };
    let x = synthetic::normal_matrix(6, 3, &mut r);
    let labels = array![0, 2, 1, 1, 0, 2];
    (net, x, labels)
}

fn norm(v: &Array1<f64>) -> f64 {
    v.dot(v).sqrt()
}

/// A training summarized in a few numbers (never the whole loss history).
fn summary(training: &Training) -> String {
    let h = &training.loss_history;
    format!(
        "a network of {} hidden units and {} losses, from {:.4} to {:.4}",
        training.network.n_hidden(),
        h.len(),
        h.first().copied().unwrap_or(f64::NAN),
        h.last().copied().unwrap_or(f64::NAN)
    )
}

/// Whether every hidden unit of `net` has the same incoming and outgoing weights.
fn hidden_units_identical(net: &Network) -> bool {
    let first_in = net.w1.column(0);
    let first_out = net.w2.row(0);
    (1..net.n_hidden()).all(|j| {
        net.w1.column(j) == first_in && net.w2.row(j) == first_out && net.b1[j] == net.b1[0]
    }) && net.n_hidden() > 1
}

fn fraction_equal(truth: ArrayView1<usize>, predicted: ArrayView1<usize>) -> f64 {
    let hits = truth.iter().zip(predicted).filter(|(t, p)| t == p).count();
    hits as f64 / truth.len() as f64
}

fn classes_of(data: &datasets::Dataset) -> Array1<usize> {
    data.class_labels().expect("class labels")
}

// ---------------------------------------------------------------------------------------
// Initialization
// ---------------------------------------------------------------------------------------

/// What each mistaken draw means, for the diagnoses.
fn draw_mistake(draw: Draw) -> &'static str {
    match draw {
        Draw::Doc => "",
        Draw::SecondLayerFirst => "W₂ was drawn before W₁: draw every entry of W₁ first, then W₂",
        Draw::ColumnByColumn => {
            "the matrix was filled column by column: fill it row by row \
             (Array2::from_shape_simple_fn fills rows first)"
        }
        Draw::Reseeded => {
            "W₂ was drawn from a new rng(seed), so it repeats W₁'s numbers: draw W₂ from the \
             same generator, after W₁"
        }
        Draw::FanInOnly => {
            "a = √(6 / fan_in): Glorot's bound uses both, a = √(6 / (fan_in + fan_out))"
        }
        Draw::UniformSampler => {
            "Uniform::new(−a, a) draws other numbers from the same generator: use \
             rng.gen_range(-a..a), one call per weight"
        }
        Draw::TwoOverFans => {
            "a = √(2 / (fan_in + fan_out)) is the standard deviation of Glorot's normal rule: \
             the uniform bound is a = √(6 / (fan_in + fan_out))"
        }
        Draw::ScaledUnit => {
            "−a + 2a·rng.gen() draws other numbers from the same generator: use \
             rng.gen_range(-a..a), one call per weight"
        }
    }
}

// Reseeded before SecondLayerFirst: both put the generator's first numbers in W₂, and W₂
// is compared only once W₁ is right, which rules SecondLayerFirst out.
const MISTAKEN_DRAWS: [Draw; 7] = [
    Draw::TwoOverFans,
    Draw::Reseeded,
    Draw::SecondLayerFirst,
    Draw::ColumnByColumn,
    Draw::FanInOnly,
    Draw::UniformSampler,
    Draw::ScaledUnit,
];

#[test]
fn init_draws_glorot_weights_in_the_documented_order() {
    let (n_in, n_hid, n_out, seed) = (2, 5, 3, 7);
    let net = call_ok!(neural_network::init_network(
        n_in,
        n_hid,
        n_out,
        Activation::Tanh,
        seed
    ));
    require(net.w1.dim() == (2, 5) && net.w2.dim() == (5, 3), || {
        format!(
            "init_network(2 inputs, 5 hidden, 3 outputs): W₁ should be 2 × 5 and W₂ 5 × 3, got \
             {:?} and {:?}",
            net.w1.dim(),
            net.w2.dim()
        )
    });
    require(net.b1.len() == 5 && net.b2.len() == 3, || {
        format!(
            "init_network(2, 5, 3): b₁ should hold 5 values and b₂ 3, got {} and {}",
            net.b1.len(),
            net.b2.len()
        )
    });
    expect_array(
        "b₁ after init (biases start at 0)",
        &net.b1,
        &Array1::zeros(5),
    )
    .assert();
    expect_array(
        "b₂ after init (biases start at 0)",
        &net.b2,
        &Array1::zeros(3),
    )
    .assert();
    require(
        net.w1.iter().chain(&net.w2).any(|&w| w != 0.0) && !hidden_units_identical(&net),
        || {
            "init_network: every hidden unit starts with the same weights (all 0?), so every \
             unit computes, and learns, the same thing: the symmetry is never broken. Draw \
             every weight at random from (−a, a)"
                .into()
        },
    );
    require(net.activation == Activation::Tanh, || {
        format!(
            "the network should keep the activation it was given (Tanh), got {:?}",
            net.activation
        )
    });
    let wanted = grader_init(n_in, n_hid, n_out, Activation::Tanh, seed, Draw::Doc);
    let mistaken: Vec<(Draw, Network)> = MISTAKEN_DRAWS
        .iter()
        .map(|&d| {
            (
                d,
                grader_init(n_in, n_hid, n_out, Activation::Tanh, seed, d),
            )
        })
        .collect();
    for (name, got, expected, pick) in [
        (
            "W₁",
            &net.w1,
            &wanted.w1,
            (|n: &Network| n.w1.clone()) as fn(&Network) -> Array2<f64>,
        ),
        ("W₂", &net.w2, &wanted.w2, |n: &Network| n.w2.clone()),
    ] {
        let mut check = expect_array(
            format!(
                "{name} of init_network(2, 5, 3, Tanh, seed 7), compared with the doc's draw \
                 (rng(7); gen_range(−a..a) for W₁ row by row, then W₂; a = √(6 / (fan_in + \
                 fan_out)))"
            ),
            got,
            expected,
        )
        .tol(Tolerance::TIGHT)
        .no_generic_diagnosis();
        for (draw, network) in &mistaken {
            check = check.mistake_array(&pick(network), draw_mistake(*draw));
        }
        check.assert();
    }
}

#[test]
fn init_is_reproducible_and_rejects_empty_layers() {
    let a = call_ok!(neural_network::init_network(4, 8, 3, Activation::Relu, 1));
    let b = call_ok!(neural_network::init_network(4, 8, 3, Activation::Relu, 1));
    let c = call_ok!(neural_network::init_network(4, 8, 3, Activation::Relu, 2));
    require(a == b, || {
        "init_network with the same seed gave two different networks: draw from rng(seed), \
         not from thread_rng()"
            .into()
    });
    require(a != c, || {
        "init_network with seeds 1 and 2 gave the same network: seed the generator with rng(seed)"
            .into()
    });
    require(a.activation == Activation::Relu, || {
        format!(
            "the network should keep the activation it was given (Relu), got {:?}",
            a.activation
        )
    });
    for (sizes, which) in [
        ((0, 8, 3), "0 inputs"),
        ((4, 0, 3), "0 hidden units"),
        ((4, 8, 0), "0 outputs"),
    ] {
        let error = expect_err(
            &format!("init_network with {which}"),
            "a layer without units cannot compute anything: any of the three sizes 0 is an error",
            call!(neural_network::init_network(
                sizes.0,
                sizes.1,
                sizes.2,
                Activation::Tanh,
                1
            ))
            .map(|net| format!("a network with W₁ {:?}", net.w1.dim())),
        );
        require(matches!(error, NetError::InvalidParams(_)), || {
            format!("init_network with {which}: expected NetError::InvalidParams, got {error:?}")
        });
    }
}

// ---------------------------------------------------------------------------------------
// Forward pass, loss, prediction
// ---------------------------------------------------------------------------------------

/// A network worked by hand:
/// row [1, 2]: Z₁ = [1·1 + 2·0, 1·(−1) + 2·1] + [0, −2] = [1, −1]; ReLU → [1, 0];
///             Z₂ = [ln 3, 0] + [0, ln 3] = [ln 3, ln 3] → P = [1/2, 1/2].
/// row [0, 0]: Z₁ = b₁ = [0, −2] → A₁ = [0, 0]; Z₂ = b₂ = [0, ln 3] → P = [1/4, 3/4].
fn hand_network(activation: Activation) -> Network {
    let ln3 = 3f64.ln();
    Network {
        w1: array![[1.0, -1.0], [0.0, 1.0]],
        b1: array![0.0, -2.0],
        w2: array![[ln3, 0.0], [5.0, 0.0]],
        b2: array![0.0, ln3],
        activation,
    }
}

fn hand_rows() -> Array2<f64> {
    array![[1.0, 2.0], [0.0, 0.0]]
}
#[test]
fn forward_pass_by_hand() {
    let pass = call_ok!(neural_network::forward(
        &hand_network(Activation::Relu),
        hand_rows().view()
    ));
    expect_array(
        "hidden_input Z₁ = X·W₁ + b₁",
        &pass.hidden_input,
        &array![[1.0, -1.0], [0.0, -2.0]],
    )
    .mistake_array(
        &array![[1.0, 1.0], [0.0, 0.0]],
        "b₁ is missing: add it to every row",
    )
    .mistake_array(
        &array![[-1.0, 0.0], [0.0, -2.0]],
        "that is X·W₁ᵀ: with samples as rows, Z₁ = X·W₁",
    )
    .assert();
    expect_array(
        "hidden A₁ = ReLU(Z₁)",
        &pass.hidden,
        &array![[1.0, 0.0], [0.0, 0.0]],
    )
    .mistake_array(
        &array![[1.0, -1.0], [0.0, -2.0]],
        "the activation is missing: A₁ = max(0, Z₁)",
    )
    .assert();
    let e5 = (-5.0f64).exp();
    let e10 = (-10.0f64).exp();
    expect_array(
        "probabilities P = softmax(A₁·W₂ + b₂), row by row",
        &pass.probabilities,
        &array![[0.5, 0.5], [0.25, 0.75]],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &array![[0.75, 0.5], [0.25, 0.5]],
        "the softmax normalised each COLUMN: each row (one sample) must sum to 1",
    )
    .mistake_array(
        &array![[0.75, 0.25], [0.5, 0.5]],
        "b₂ is missing: add it to every row of A₁·W₂",
    )
    .mistake_array(
        // tanh(ln 3) = 0.8: softmax([0, 0.8]) in the second row.
        &array![
            [0.5, 0.5],
            [
                1.0 / (1.0 + 0.8f64.exp()),
                0.8f64.exp() / (1.0 + 0.8f64.exp())
            ]
        ],
        "the output layer has no activation: P = softmax(A₁·W₂ + b₂), straight from the \
         logits",
    )
    .mistake_array(
        &array![
            [e5 / (e5 + 1.0), 1.0 / (e5 + 1.0)],
            [e10 / (e10 + 3.0), 3.0 / (e10 + 3.0)]
        ],
        "the hidden activation was skipped: Z₂ = A₁·W₂ + b₂ uses A₁ = f(Z₁), not Z₁",
    )
    .assert();
    let tanh_pass = call_ok!(neural_network::forward(
        &hand_network(Activation::Tanh),
        hand_rows().view()
    ));
    expect_array(
        "hidden A₁ = tanh(Z₁) with the Tanh activation",
        &tanh_pass.hidden,
        &array![[1f64.tanh(), (-1f64).tanh()], [0.0, (-2f64).tanh()]],
    )
    .mistake_array(
        &array![[1.0, 0.0], [0.0, 0.0]],
        "that is ReLU: use the network's own activation (net.activation)",
    )
    .assert();
}

#[test]
fn softmax_does_not_overflow() {
    // One ReLU unit with A₁ = x. Row x = 0: Z₂ = b₂ = [1000, 1000 + ln 3], and exp(1000)
    // is ∞ in f64, but softmax is [1/4, 3/4]. Row x = 1: Z₂ = [0, 1000], softmax [0, 1]
    // (e^−1000 is 0 in f64); subtracting the row's smallest value overflows there.
    let ln3 = 3f64.ln();
    let net = Network {
        w1: array![[1.0]],
        b1: array![0.0],
        w2: array![[-1000.0, -ln3]],
        b2: array![1000.0, 1000.0 + ln3],
        activation: Activation::Relu,
    };
    let pass = call_ok!(neural_network::forward(&net, array![[0.0], [1.0]].view()));
    assert_finite(
        "probabilities for the logit rows [1000, 1000 + ln 3] and [0, 1000] (subtract the \
         row's max before exp: exp then never sees a positive number)",
        &pass.probabilities,
    );
    expect_array(
        "softmax of the rows [1000, 1000 + ln 3] and [0, 1000]",
        &pass.probabilities,
        &array![[0.25, 0.75], [0.0, 1.0]],
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
    // Row x = 0: Z₂ = [0, ln 3]; row x = 1: Z₂ = [1000, 1000 + ln 3]. Both are [1/4, 3/4];
    // subtracting the batch's largest logit from the first row leaves e^−1000 = 0 twice.
    let net = Network {
        w2: array![[1000.0, 1000.0]],
        b2: array![0.0, ln3],
        ..net
    };
    let pass = call_ok!(neural_network::forward(&net, array![[0.0], [1.0]].view()));
    assert_finite(
        "probabilities for the logit rows [0, ln 3] and [1000, 1000 + ln 3] (subtract each \
         row's own max, the row's max, not the largest logit of the whole batch)",
        &pass.probabilities,
    );
    expect_array(
        "softmax of the rows [0, ln 3] and [1000, 1000 + ln 3]",
        &pass.probabilities,
        &array![[0.25, 0.75], [0.25, 0.75]],
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
}

#[test]
fn forward_rejects_the_wrong_number_of_features() {
    let error = expect_err(
        "forward on rows of 3 features through a 2-input network",
        "W₁ has 2 rows: X·W₁ needs X to have 2 columns",
        call!(neural_network::forward(
            &hand_network(Activation::Relu),
            array![[1.0, 2.0, 3.0]].view()
        ))
        .map(|pass| format!("probabilities of shape {:?}", pass.probabilities.dim())),
    );
    require(
        matches!(
            error,
            NetError::Shape {
                what: "forward",
                ..
            }
        ),
        || format!("expected NetError::Shape {{ what: \"forward\", .. }}, got {error:?}"),
    );
}

#[test]
fn cross_entropy_by_hand() {
    let p = array![[0.75, 0.25], [0.5, 0.5]];
    let loss = call_ok!(neural_network::cross_entropy(p.view(), array![0, 1].view()));
    let expected = -(0.75f64.ln() + 0.5f64.ln()) / 2.0;
    expect(
        "cross-entropy of P = [[3/4, 1/4], [1/2, 1/2]] with labels [0, 1]",
        loss,
        expected,
    )
    .mistake_factor(
        2.0,
        "you summed over the rows: L is the MEAN over the n rows",
    )
    .mistake_factor(
        0.5,
        "you divided by n × classes (the mean of every entry): L is the mean over the n rows \
         of −ln Pᵢ,yᵢ",
    )
    .mistake(
        -(0.25f64.ln() + 0.5f64.ln()) / 2.0,
        "you took the probability of the wrong class: use Pᵢ,yᵢ, the true class's column",
    )
    .mistake(
        -(0.75f64.ln() + 0.25f64.ln() + 2.0 * 0.5f64.ln()) / 2.0,
        "you summed −ln P over every class: only the true class's probability counts",
    )
    .assert();
    let error = expect_err(
        "cross_entropy with label 2 for a 2-class output",
        "the classes are 0 and 1: use check_labels(labels, rows, classes)?",
        call!(neural_network::cross_entropy(p.view(), array![0, 2].view())),
    );
    require(
        error
            == NetError::BadLabel {
                row: 1,
                label: 2,
                max_class: 1,
            },
        || {
            format!(
                "expected NetError::BadLabel {{ row: 1, label: 2, max_class: 1 }}, got {error:?}"
            )
        },
    );
    let error = expect_err(
        "cross_entropy with 3 labels for 2 rows",
        "one label per row",
        call!(neural_network::cross_entropy(
            p.view(),
            array![0, 1, 1].view()
        )),
    );
    require(
        matches!(error, NetError::Shape { what: "labels", .. }),
        || {
            format!(
                "expected NetError::Shape {{ what: \"labels\", .. }} from check_labels, got {error:?}"
            )
        },
    );
    let error = expect_err(
        "cross_entropy of no rows with 1 label",
        "no rows comes first: check_labels(labels, rows, classes)? says so",
        call!(neural_network::cross_entropy(
            Array2::<f64>::zeros((0, 2)).view(),
            array![0].view()
        )),
    );
    let wanted = NetError::Shape {
        what: "labels",
        expected: "at least one row".into(),
        got: "none".into(),
    };
    require(error == wanted, || {
        format!(
            "two faults at once: expected check_labels' {wanted:?} (no rows first), got {error:?}"
        )
    });
}

#[test]
fn predict_takes_the_most_probable_class() {
    // The hand network gives P = [[1/2, 1/2], [1/4, 3/4]]: a tie (→ class 0), then class 1.
    let got = call_ok!(neural_network::predict(
        &hand_network(Activation::Relu),
        hand_rows().view()
    ));
    if got != array![0usize, 1] {
        let diagnosis = if got == array![1usize, 1] {
            "on a tie, pick the smallest class (replace the best only when strictly larger)"
        } else if got == array![1usize, 0] {
            "you took the LEAST probable class"
        } else {
            "the index of the largest probability of each row"
        };
        fail(format!(
            "predicted classes for P = [[1/2, 1/2], [1/4, 3/4]]: expected [0, 1], got {got}\n    \
             likely mistake: {diagnosis}"
        ));
    }
    let error = expect_err(
        "predict on rows of 3 features through a 2-input network",
        "the errors of forward",
        call!(neural_network::predict(
            &hand_network(Activation::Relu),
            array![[1.0, 2.0, 3.0]].view()
        )),
    );
    require(
        matches!(
            error,
            NetError::Shape {
                what: "forward",
                ..
            }
        ),
        || {
            format!(
                "expected the NetError::Shape {{ what: \"forward\", .. }} of forward, got {error:?}"
            )
        },
    );
}

// ---------------------------------------------------------------------------------------
// Backpropagation and the gradient check
// ---------------------------------------------------------------------------------------

#[test]
fn backpropagation_agrees_with_finite_differences() {
    for activation in [Activation::Tanh, Activation::Relu] {
        let (net, x, labels) = random_problem(activation);
        let classes = labels.to_vec();
        let numeric = as_gradients(&net, &grader_gradient(&net, x.view(), &classes));
        let got = call_ok!(neural_network::backward(&net, x.view(), labels.view()));
        let n = x.nrows();
        let tol = Tolerance::rel(1e-6);
        let output_layer = format!(
            "{activation:?} network: ∂L/∂W₂ (output layer: dW₂ = A₁ᵀ·dZ₂, dZ₂ = (P − Y)/n)"
        );
        expect_array(&output_layer, &got.w2, &numeric.w2)
            .tol(tol)
            .n(n)
            .mistake_factor(n as f64, "the 1/n is missing: L is the mean over the batch")
            .mistake_factor(-1.0, "the sign is flipped: dZ₂ = P − Y, not Y − P")
            .assert();
        expect_array(
            format!("{activation:?} network: ∂L/∂b₂ (the column sums of dZ₂)"),
            &got.b2,
            &numeric.b2,
        )
        .tol(tol)
        .n(n)
        .mistake_factor(n as f64, "the 1/n is missing: L is the mean over the batch")
        .assert();
        let derivative = match activation {
            Activation::Tanh => "tanh'(z) = 1 − A₁², with A₁ = tanh(Z₁) (not 1 − Z₁²)",
            Activation::Relu => "ReLU'(z) = 1 where Z₁ > 0, else 0",
        };
        expect_array(
            format!(
                "{activation:?} network: ∂L/∂W₁ (the output layer is right; back through it: \
                 dA₁ = dZ₂·W₂ᵀ, dZ₁ = dA₁ ⊙ {derivative}, dW₁ = Xᵀ·dZ₁)"
            ),
            &got.w1,
            &numeric.w1,
        )
        .tol(tol)
        .n(n)
        .mistake_factor(n as f64, "the 1/n is missing: L is the mean over the batch")
        .mistake_array(
            &grader_backward(&net, x.view(), &classes, Slope::Missing).w1,
            "the activation's derivative is missing: dZ₁ = dA₁ ⊙ f'(Z₁), element by element",
        )
        .assert();
        expect_array(
            format!("{activation:?} network: ∂L/∂b₁ (the column sums of dZ₁)"),
            &got.b1,
            &numeric.b1,
        )
        .tol(tol)
        .n(n)
        .assert();
        let (analytic, numeric) = (got.flatten(), numeric.flatten());
        let relative = norm(&(&analytic - &numeric)) / (norm(&analytic) + norm(&numeric));
        require(relative < 1e-6, || {
            format!(
                "{activation:?} network: backpropagation and finite differences differ by \
                 {relative:e} (relative); they should agree to 1e-6"
            )
        });
    }
}

#[test]
fn relu_has_slope_0_at_exactly_0() {
    // Z₁ is exactly 0 in unit 0 of row 0 (x = 0, b₁ = 0) and in unit 1 of row 1
    // (1·1 + 2·(−0.5) + 0 = 0), where finite differences cannot say what the slope is.
    let net = Network {
        w1: array![[0.7, 1.0, -0.4], [0.2, -0.5, 0.9]],
        b1: array![0.0, 0.0, 0.3],
        w2: array![[1.0, -1.0], [0.5, 2.0], [-1.5, 0.25]],
        b2: array![0.1, -0.2],
        activation: Activation::Relu,
    };
    let x = array![[0.0, 0.0], [1.0, 2.0], [-1.0, 0.5]];
    let labels = [1, 0, 1];
    let got = call_ok!(neural_network::backward(
        &net,
        x.view(),
        ArrayView1::from(&labels[..])
    ));
    let wanted = grader_backward(&net, x.view(), &labels, Slope::Doc);
    let slope_one = grader_backward(&net, x.view(), &labels, Slope::ReluOneAtZero);
    expect_array(
        "ReLU network with Z₁ = 0 exactly in two places: ∂L/∂W₁",
        &got.w1,
        &wanted.w1,
    )
    .tol(Tolerance::rel(1e-9))
    .no_generic_diagnosis()
    .mistake_array(
        &slope_one.w1,
        "you took ReLU'(0) = 1: the doc's derivative is 1 only where z > 0, so 0 at exactly 0",
    )
    .assert();
    expect_array(
        "ReLU network with Z₁ = 0 exactly in two places: ∂L/∂b₁",
        &got.b1,
        &wanted.b1,
    )
    .tol(Tolerance::rel(1e-9))
    .no_generic_diagnosis()
    .mistake_array(
        &slope_one.b1,
        "you took ReLU'(0) = 1: the doc's derivative is 1 only where z > 0, so 0 at exactly 0",
    )
    .assert();
}

#[test]
fn backward_checks_shapes_then_labels() {
    let (net, x, labels) = random_problem(Activation::Tanh);
    let error = expect_err(
        "backward with 2-feature rows for a 3-input network AND 2 labels for 6 rows",
        "the forward pass fails first: forward(net, x)? comes before check_labels",
        call!(neural_network::backward(
            &net,
            Array2::zeros((6, 2)).view(),
            array![0, 1].view()
        )),
    );
    require(
        matches!(
            error,
            NetError::Shape {
                what: "forward",
                ..
            }
        ),
        || {
            format!(
                "two faults at once: expected the forward pass's NetError::Shape {{ what: \
             \"forward\", .. }} first, got {error:?}\n    likely mistake: the labels were \
             checked first; forward(net, x)? comes before check_labels"
            )
        },
    );
    let mut bad = labels.clone();
    bad[4] = 3;
    let error = expect_err(
        "backward with label 3 in row 4 for a 3-class network",
        "classes are 0, 1, 2: check_labels(labels, x.nrows(), net.n_outputs())?",
        call!(neural_network::backward(&net, x.view(), bad.view())),
    );
    require(
        error
            == NetError::BadLabel {
                row: 4,
                label: 3,
                max_class: 2,
            },
        || {
            format!(
                "expected NetError::BadLabel {{ row: 4, label: 3, max_class: 2 }}, got {error:?}"
            )
        },
    );
}

#[test]
fn gradient_check_tells_right_from_wrong() {
    let (net, x, labels) = random_problem(Activation::Tanh);
    let classes = labels.to_vec();
    let exact = grader_gradient(&net, x.view(), &classes);
    let check = |flat: &Array1<f64>, step: f64| {
        call_ok!(neural_network::gradient_check(
            &net,
            x.view(),
            labels.view(),
            &as_gradients(&net, flat),
            step
        ))
    };
    // With a coarse step h = 0.1, the central difference itself is off by O(h²).
    let coarse = check(&exact, 0.1);
    let numeric = grader_numeric(&net, x.view(), &classes, 0.1);
    let expected = norm(&(&exact - &numeric)) / (norm(&exact) + norm(&numeric));
    let one_sided = {
        let theta = net.parameters();
        let base = grader_loss(&net, x.view(), &classes);
        let forward: Array1<f64> = (0..theta.len())
            .map(|i| {
                let mut probe = theta.clone();
                probe[i] += 0.1;
                let nudged = net.with_parameters(probe.view()).expect("same length");
                (grader_loss(&nudged, x.view(), &classes) - base) / 0.1
            })
            .collect();
        norm(&(&exact - &forward)) / (norm(&exact) + norm(&forward))
    };
    if coarse < 1e-8 {
        fail(format!(
            "gradient_check of the exact gradient with step h = 0.1 gave {coarse:e}, as a tiny \
             step would; at h = 0.1 the finite differences are off by about {expected:.2e}\n    \
             likely mistake: use h = step, the argument, not a fixed step of your own"
        ));
    }
    expect(
        "gradient_check of the exact gradient with step h = 0.1 (the finite differences' own \
         error at that step)",
        coarse,
        expected,
    )
    .tol(Tolerance::rel(1e-3))
    .no_generic_diagnosis()
    .mistake(
        one_sided,
        "that is a one-sided difference (L(θ + h) − L(θ)) / h: use the central one, \
         (L(θ + h) − L(θ − h)) / 2h",
    )
    .mistake(
        {
            let twice = &numeric * 2.0;
            norm(&(&exact - &twice)) / (norm(&exact) + norm(&twice))
        },
        "your finite differences are twice too large: the central difference divides by the \
         width of the interval, 2h, not by h",
    )
    .mistake(
        {
            let unrestored = grader_numeric_unrestored(&net, x.view(), &classes, 0.1);
            norm(&(&exact - &unrestored)) / (norm(&exact) + norm(&unrestored))
        },
        "every parameter stayed at θᵢ − h after its nudge: restore each parameter after \
         nudging it, before nudging the next",
    )
    .assert();
    let right = check(&exact, 1e-5);
    require(right < 1e-7, || {
        format!(
            "gradient_check of a correct gradient should be below 1e-7, got {right:e}\n    \
             likely mistake: use central differences (L(θ + h) − L(θ − h)) / 2h, and restore \
             each parameter after nudging it"
        )
    });
    let doubled = check(&(&exact * 2.0), 1e-5);
    expect(
        "gradient_check of a gradient twice too large (‖2g − g‖ / (‖2g‖ + ‖g‖))",
        doubled,
        1.0 / 3.0,
    )
    .tol(Tolerance::rel(1e-6))
    .mistake(
        0.5,
        "divide by ‖analytic‖ + ‖numeric‖, not by ‖analytic‖ alone",
    )
    .mistake(
        1.0,
        "divide by ‖analytic‖ + ‖numeric‖, not by ‖numeric‖ alone",
    )
    .mistake(
        norm(&exact),
        "that is ‖analytic − numeric‖ alone: divide it by ‖analytic‖ + ‖numeric‖ (a relative \
         difference)",
    )
    .assert();
    // 0.1% too large: relative 0.001 / 2.001, however small the gradient's entries are.
    let slightly = check(&(&exact * 1.001), 1e-5);
    expect(
        "gradient_check of a gradient 0.1% too large (0.001 / 2.001)",
        slightly,
        0.001 / 2.001,
    )
    .tol(Tolerance::rel(1e-4))
    .no_generic_diagnosis()
    .mistake(
        0.001 * norm(&exact),
        "that is ‖analytic − numeric‖ alone: divide it by ‖analytic‖ + ‖numeric‖ (a relative \
         difference)",
    )
    .assert();
    let zero = check(&Array1::zeros(exact.len()), 1e-5);
    expect("gradient_check of an all-zero gradient", zero, 1.0)
        .tol(Tolerance::abs(1e-9))
        .assert();
    let wrong_shape = Gradients {
        w1: Array2::zeros((1, 1)),
        b1: Array1::zeros(1),
        w2: Array2::zeros((1, 1)),
        b2: Array1::zeros(1),
    };
    let error = expect_err(
        "gradient_check with 4 partial derivatives for a network of 38 parameters",
        "the gradients must match the parameters one for one",
        call!(neural_network::gradient_check(
            &net,
            x.view(),
            labels.view(),
            &wrong_shape,
            1e-5
        )),
    );
    require(
        matches!(
            error,
            NetError::Shape {
                what: "gradient_check",
                ..
            }
        ),
        || format!("expected NetError::Shape {{ what: \"gradient_check\", .. }}, got {error:?}"),
    );
    let error = expect_err(
        "gradient_check with 4 partial derivatives AND 2-feature rows for a 3-input network",
        "the count of the gradients is checked first",
        call!(neural_network::gradient_check(
            &net,
            Array2::zeros((6, 2)).view(),
            labels.view(),
            &wrong_shape,
            1e-5
        )),
    );
    require(
        matches!(
            error,
            NetError::Shape {
                what: "gradient_check",
                ..
            }
        ),
        || {
            format!(
                "two faults at once: expected NetError::Shape {{ what: \"gradient_check\", .. }} \
                 (the gradients' count is checked first), got {error:?}"
            )
        },
    );
}

#[test]
fn gradient_check_passes_on_the_errors_of_the_forward_pass() {
    let (net, _, labels) = random_problem(Activation::Tanh);
    let zeros = as_gradients(&net, &Array1::zeros(net.n_parameters()));
    let error = expect_err(
        "gradient_check on 2-feature rows for a 3-input network",
        "the forward pass cannot run: return its error",
        call!(neural_network::gradient_check(
            &net,
            Array2::zeros((6, 2)).view(),
            labels.view(),
            &zeros,
            1e-5
        )),
    );
    require(
        matches!(
            error,
            NetError::Shape {
                what: "forward",
                ..
            }
        ),
        || {
            format!(
                "expected the forward pass's NetError::Shape {{ what: \"forward\", .. }}, got {error:?}"
            )
        },
    );
}

#[test]
fn gradient_check_of_two_zero_gradients_is_0() {
    // Every hidden unit is dead (Z₁ < 0) and b₂ = [1000, 0] makes P = [1, 0] exactly for
    // class 0: the loss is exactly 0 and flat, so both gradients are exactly 0.
    let net = Network {
        w1: array![[0.1, -0.2]],
        b1: array![-5.0, -5.0],
        w2: array![[1.0, -1.0], [0.5, 0.5]],
        b2: array![1000.0, 0.0],
        activation: Activation::Relu,
    };
    let x = array![[1.0], [-1.0]];
    let zeros = Gradients {
        w1: Array2::zeros((1, 2)),
        b1: Array1::zeros(2),
        w2: Array2::zeros((2, 2)),
        b2: Array1::zeros(2),
    };
    let got = call_ok!(neural_network::gradient_check(
        &net,
        x.view(),
        array![0, 0].view(),
        &zeros,
        1e-5
    ));
    expect(
        "gradient_check where the analytic and numeric gradients are both exactly 0",
        got,
        0.0,
    )
    .tol(Tolerance::abs(0.0))
    .assert();
}

#[test]
fn sgd_step_moves_against_the_gradient() {
    let mut net = hand_network(Activation::Tanh);
    let before = net.parameters();
    let gradients = as_gradients(
        &net,
        &Array1::from_shape_fn(before.len(), |i| i as f64 - 4.0),
    );
    call_ok!(neural_network::sgd_step(&mut net, &gradients, 0.5));
    let expected = &before - &(gradients.flatten() * 0.5);
    expect_array(
        "every parameter after one step with learning rate 0.5",
        &net.parameters(),
        &expected,
    )
    .mistake_array(
        &(&before + &(gradients.flatten() * 0.5)),
        "you stepped uphill: W ← W − η·gradient",
    )
    .mistake_array(
        &(&before - &gradients.flatten()),
        "the learning rate is missing: W ← W − η·gradient",
    )
    .mistake_array(
        &before,
        "the network did not change: update all four arrays in place",
    )
    .assert();
}

#[test]
fn sgd_step_rejects_gradients_of_the_wrong_shape() {
    let start = Network {
        w1: Array2::from_shape_fn((2, 3), |(i, j)| (i + j) as f64),
        b1: Array1::zeros(3),
        w2: Array2::ones((3, 2)),
        b2: Array1::zeros(2),
        activation: Activation::Tanh,
    };
    let right = Gradients {
        w1: Array2::ones((2, 3)),
        b1: Array1::ones(3),
        w2: Array2::ones((3, 2)),
        b2: Array1::ones(2),
    };
    let cases = [
        (
            "W₁'s gradient transposed (3 × 2 for a 2 × 3 W₁)",
            Gradients {
                w1: Array2::ones((3, 2)),
                ..right.clone()
            },
            "w1",
            "[2, 3]",
            "[3, 2]",
        ),
        (
            "b₂'s gradient of 3 values for 2 biases (the other three right)",
            Gradients {
                b2: Array1::ones(3),
                ..right.clone()
            },
            "b2",
            "[2]",
            "[3]",
        ),
    ];
    for (what, gradients, name, wanted, given) in cases {
        let mut net = start.clone();
        let result = match catch_todo(|| neural_network::sgd_step(&mut net, &gradients, 0.1)) {
            Ok(result) => result,
            Err(Unfinished::Todo { .. }) => {
                call!(neural_network::sgd_step(&mut net, &gradients, 0.1))
            }
            Err(Unfinished::Panic(payload)) => {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                fail(format!(
                    "sgd_step with {what}: your code panicked ({message})\n    likely mistake: \
                     the shapes were not compared before the update: return NetError::Shape {{ \
                     what: \"sgd_step\", .. }} for a gradient not shaped like its parameter"
                ))
            }
        };
        let error = expect_err(
            &format!("sgd_step with {what}"),
            "a gradient must be shaped like its parameter",
            result,
        );
        let NetError::Shape {
            what: "sgd_step",
            expected,
            got,
        } = &error
        else {
            fail(format!(
                "sgd_step with {what}: expected NetError::Shape {{ what: \"sgd_step\", .. }}, got \
                 {error:?}"
            ))
        };
        require(
            expected.contains(name)
                && expected.contains(wanted)
                && got.contains(name)
                && got.contains(given),
            || {
                format!(
                    "sgd_step with {what}: the error should name {name} and both shapes, \
                     expected \"{name} of shape {wanted}\", got \"{name} of shape {given}\"; \
                     yours says expected \"{expected}\", got \"{got}\""
                )
            },
        );
        require(net == start, || {
            format!(
                "sgd_step with {what} returned the error but changed the network first: check \
                 all four shapes before updating anything"
            )
        });
    }
}

// ---------------------------------------------------------------------------------------
// Training
// ---------------------------------------------------------------------------------------

/// The learner's training on valid input: an error fails the test, and a `Diverged`
/// whose loss is not above the start names the mistake.
fn train_ok(
    what: &str,
    x: ArrayView2<f64>,
    labels: ArrayView1<usize>,
    params: &TrainParams,
) -> Training {
    match call!(neural_network::train(x, labels, params)) {
        Ok(training) => training,
        Err(NetError::Diverged {
            epoch,
            start_loss,
            loss,
            ..
        }) if loss <= start_loss => fail(format!(
            "{what}: train returned Diverged in epoch {epoch} with a loss of {loss:.4}, below \
             the loss before training ({start_loss:.4})\n    likely mistake: divergence is a \
             loss above the loss before training: compare with the loss before training \
             (start_loss), not with the previous epoch's"
        )),
        Err(NetError::BadLabel { .. }) => fail(format!(
            "{what}: train returned NetError::BadLabel on valid labels\n    likely mistake: the \
             number of classes is the largest label + 1, and a class may be absent (did you \
             count the distinct labels, or forget the + 1?): use class_count(labels)?"
        )),
        Err(error) => fail(format!(
            "{what}: train returned an error on valid input: {error}"
        )),
    }
}

/// Ten rows of 2 features and labels 0, 1, 2 (the training procedure's test bed).
fn small_problem() -> (Array2<f64>, Vec<usize>) {
    let x = synthetic::normal_matrix(10, 2, &mut rng(21));
    let labels = (0..10).map(|i| (i * 7 + 1) % 3).collect();
    (x, labels)
}

/// Trains with the learner's code and compares the network and the losses with the
/// grader's run of the doc's procedure, naming the mistaken procedure that matches.
fn expect_training_follows_the_doc(
    what: &str,
    x: ArrayView2<f64>,
    labels: &[usize],
    params: &TrainParams,
) {
    let got = train_ok(what, x, ArrayView1::from(labels), params);
    let (wanted, history) =
        grader_train(x, labels, params, Procedure::Doc).expect("the doc's run does not diverge");
    require(got.loss_history.len() == params.epochs + 1, || {
        format!(
            "{what}: loss_history should hold {} losses (the start, then one per epoch), got {}",
            params.epochs + 1,
            got.loss_history.len()
        )
    });
    require(
        got.network.w1.dim() == wanted.w1.dim() && got.network.w2.dim() == wanted.w2.dim(),
        || {
            format!(
                "{what}: the trained network should have W₁ {:?} and W₂ {:?} (inputs × hidden, \
             hidden × classes, with classes = the largest label + 1), got {:?} and {:?}",
                wanted.w1.dim(),
                wanted.w2.dim(),
                got.network.w1.dim(),
                got.network.w2.dim()
            )
        },
    );
    let mistaken: Vec<(Procedure, Network, Vec<f64>)> = MISTAKEN_PROCEDURES
        .iter()
        .filter_map(|&p| {
            grader_train(x, labels, params, p)
                .ok()
                .map(|(net, history)| (p, net, history))
        })
        .collect();
    expect(
        format!(
            "{what}: the loss before training (of init_network(x.ncols(), hidden, classes, \
             activation, seed) on every row)"
        ),
        got.loss_history[0],
        history[0],
    )
    .tol(Tolerance::rel(1e-9))
    .no_generic_diagnosis()
    .mistake(
        (wanted.n_outputs() as f64).ln(),
        procedure_mistake(Procedure::ZeroWeights),
    )
    .assert();
    let mut check = expect_array(
        format!(
            "{what}: every weight and bias after training (W₁, b₁, W₂, b₂), compared with the \
             doc's procedure run here"
        ),
        &got.network.parameters(),
        &wanted.parameters(),
    )
    .tol(Tolerance::rel(1e-7))
    .no_generic_diagnosis();
    for (procedure, net, _) in &mistaken {
        check = check.mistake_array(&net.parameters(), procedure_mistake(*procedure));
    }
    check.assert();
    let mut check = expect_array(
        format!("{what}: loss_history (the start, then the whole training set after each epoch)"),
        &Array1::from(got.loss_history.clone()),
        &Array1::from(history.clone()),
    )
    .tol(Tolerance::rel(1e-7))
    .no_generic_diagnosis();
    for (procedure, _, losses) in &mistaken {
        check = check.mistake_array(&Array1::from(losses.clone()), procedure_mistake(*procedure));
    }
    check.assert();
}

#[test]
fn training_follows_the_documented_procedure() {
    let (x, labels) = small_problem();
    // 10 rows in batches of 4: two full batches and a last one of 2 rows.
    let params = TrainParams::new(3)
        .learning_rate(0.5)
        .epochs(3)
        .batch_size(4)
        .seed(5);
    expect_training_follows_the_doc(
        "train (3 tanh units, η = 0.5, 3 epochs, batches of 4 of 10 rows, seed 5)",
        x.view(),
        &labels,
        &params,
    );
    // ReLU, batches of 3 (a last batch of 1 row), another seed and rate.
    let params = TrainParams::new(4)
        .activation(Activation::Relu)
        .learning_rate(0.1)
        .epochs(2)
        .batch_size(3)
        .seed(8);
    expect_training_follows_the_doc(
        "train (4 ReLU units, η = 0.1, 2 epochs, batches of 3 of 10 rows, seed 8)",
        x.view(),
        &labels,
        &params,
    );
}

#[test]
fn the_number_of_classes_is_the_largest_label_plus_one() {
    // Labels 0 and 2 only: three classes, class 1 absent.
    let x = array![[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]];
    let labels = [0, 2, 2, 0];
    let params = TrainParams::new(3).epochs(2).batch_size(2).seed(1);
    let training = train_ok(
        "train with labels [0, 2, 2, 0]",
        x.view(),
        ArrayView1::from(&labels[..]),
        &params,
    );
    require(training.network.n_outputs() == 3, || {
        format!(
            "train with labels [0, 2, 2, 0]: the network should have 3 outputs (the largest \
             label + 1), got {}",
            training.network.n_outputs()
        )
    });
    expect_training_follows_the_doc(
        "train on labels [0, 2, 2, 0] (3 units, 2 epochs, batches of 2, seed 1)",
        x.view(),
        &labels,
        &params,
    );
}

#[test]
fn the_network_bends_around_two_moons() {
    let train_set = synthetic::two_moons(300, 0.15, 1).expect("valid settings");
    let test_set = synthetic::two_moons(300, 0.15, 2).expect("valid settings");
    let (y_train, y_test) = (classes_of(&train_set), classes_of(&test_set));
    let params = TrainParams::new(16)
        .learning_rate(0.5)
        .epochs(40)
        .batch_size(16)
        .seed(3);
    let training = train_ok("train", train_set.features.view(), y_train.view(), &params);
    let history = &training.loss_history;
    require(history.len() == 41, || {
        format!(
            "loss_history should hold 41 losses (before training, then after each of the 40 \
             epochs), got {}",
            history.len()
        )
    });
    require(!hidden_units_identical(&training.network), || {
        "after training on two moons all 16 hidden units have the same weights: they started \
         equal (all 0?), so they compute and learn the same thing and the symmetry is never \
         broken. Start from init_network's random weights"
            .into()
    });
    require(history[40] < history[0] / 4.0, || {
        format!(
            "the training loss should fall well below its start, but went from {:.4} to {:.4}",
            history[0], history[40]
        )
    });
    let predicted = call_ok!(neural_network::predict(
        &training.network,
        test_set.features.view()
    ));
    let network_accuracy = fraction_equal(y_test.view(), predicted.view());
    // The best straight line, for comparison (linfa's logistic regression).
    let linear = LinfaLogisticRegression::default()
        .fit(train_set.features.view(), train_set.targets.view())
        .and_then(|m| m.predict(test_set.features.view()))
        .expect("linfa fits two moons");
    let linear_accuracy = fraction_equal(y_test.view(), linear.mapv(|c| c as usize).view());
    require(network_accuracy >= 0.97, || {
        format!(
            "on 300 unseen two-moons points the network is right {network_accuracy:.3} of the \
             time; it should reach 0.97 (a straight line, linfa's logistic regression, reaches \
             {linear_accuracy:.3})"
        )
    });
    require(linear_accuracy < 0.9, || {
        format!("unexpected: a linear model reached {linear_accuracy:.3} on two moons")
    });
}

#[test]
fn the_network_classifies_iris() {
    let iris = StandardizedSplit::reference(&datasets::iris()).expect("bundled split");
    let y_train = iris.y_train.mapv(|c| c as usize);
    let y_test = iris.y_test.mapv(|c| c as usize);
    let params = TrainParams::new(8)
        .learning_rate(0.2)
        .epochs(100)
        .batch_size(16)
        .seed(0);
    let training = train_ok("train", iris.x_train.view(), y_train.view(), &params);
    let predicted = call_ok!(neural_network::predict(
        &training.network,
        iris.x_test.view()
    ));
    let test_accuracy = fraction_equal(y_test.view(), predicted.view());
    require(test_accuracy >= 0.95, || {
        format!(
            "on the 30 iris test rows (standardized with the training rows) the network is \
             right {test_accuracy:.3} of the time; it should reach 0.95"
        )
    });
}

#[test]
fn a_learning_rate_that_is_too_large_is_reported_as_divergence() {
    let data = synthetic::two_moons(200, 0.15, 1).expect("valid settings");
    let labels = classes_of(&data);
    let params = TrainParams::new(16)
        .learning_rate(10.0)
        .epochs(20)
        .batch_size(16);
    let error = match call!(neural_network::train(
        data.features.view(),
        labels.view(),
        &params
    )) {
        Err(error) => error,
        Ok(training) => fail(format!(
            "training two moons with learning rate 10: expected Err(NetError::Diverged), got Ok \
             with {}\n    why it must be an error: the steps overshoot and the loss rises above \
             its start; after each epoch, compare the loss with the loss before training",
            summary(&training)
        )),
    };
    let NetError::Diverged {
        epoch,
        start_loss,
        loss,
        learning_rate,
    } = error
    else {
        fail(format!("expected NetError::Diverged, got {error:?}"))
    };
    let (wanted_epoch, wanted_start, wanted_loss) = grader_train(
        data.features.view(),
        labels.as_slice().expect("contiguous"),
        &params,
        Procedure::Doc,
    )
    .expect_err("the doc's procedure diverges at learning rate 10");
    require(learning_rate == 10.0, || {
        format!("Diverged should report the learning rate, 10, got {learning_rate}")
    });
    if epoch != wanted_epoch {
        let hint = if epoch + 1 == wanted_epoch {
            "\n    likely mistake: epochs are counted from 1 (the first epoch is epoch 1)"
        } else {
            ""
        };
        fail(format!(
            "Diverged at learning rate 10: the doc's procedure, run here, first goes above the \
             start loss in epoch {wanted_epoch}; yours reports epoch {epoch}{hint}"
        ));
    }
    expect(
        "Diverged's start_loss (the loss before training)",
        start_loss,
        wanted_start,
    )
    .tol(Tolerance::rel(1e-9))
    .no_generic_diagnosis()
    .assert();
    if wanted_loss.is_finite() {
        expect(
            format!("Diverged's loss (the loss of the whole training set after epoch {epoch})"),
            loss,
            wanted_loss,
        )
        .tol(Tolerance::rel(1e-4))
        .no_generic_diagnosis()
        .assert();
    } else {
        require(!loss.is_finite(), || {
            format!("Diverged's loss should be the epoch's loss, {wanted_loss}, got {loss}")
        });
    }
    let safe = TrainParams::new(16)
        .learning_rate(0.05)
        .epochs(5)
        .batch_size(16);
    train_ok("train", data.features.view(), labels.view(), &safe);
}

#[test]
fn training_is_reproducible_from_its_seed() {
    let data = synthetic::two_moons(100, 0.15, 4).expect("valid settings");
    let labels = classes_of(&data);
    let params = TrainParams::new(6).epochs(5).batch_size(10).seed(9);
    let run = || train_ok("train", data.features.view(), labels.view(), &params);
    let (a, b) = (run(), run());
    require(a == b, || {
        "two trainings with the same params gave different networks: draw every random \
         number from generators made with rng(...) from params.seed"
            .into()
    });
    let other = train_ok(
        "train",
        data.features.view(),
        labels.view(),
        &params.seed(10),
    );
    require(other != a, || {
        "trainings with seeds 9 and 10 gave the same network: pass params.seed to init_network"
            .into()
    });
}

/// Calls the learner's `train`; a panic fails with what was being checked and `hint`.
fn train_or_explain(
    what: &str,
    hint: &str,
    x: ArrayView2<f64>,
    labels: &[usize],
    params: &TrainParams,
) -> Result<String, NetError> {
    let labels = ArrayView1::from(labels);
    match catch_todo(|| neural_network::train(x, labels, params)) {
        Ok(result) => result.map(|training| summary(&training)),
        Err(Unfinished::Todo { .. }) => {
            call!(neural_network::train(x, labels, params)).map(|training| summary(&training))
        }
        Err(Unfinished::Panic(payload)) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            fail(format!(
                "{what}: your code panicked ({message})\n    likely mistake: {hint}"
            ))
        }
    }
}

#[test]
fn bad_training_inputs_are_errors_in_the_documented_order() {
    let x = array![[0.0], [1.0], [2.0]];
    let error = expect_err(
        "train with batch_size 0 (and a label usize::MAX)",
        "call params.validate()? first",
        train_or_explain(
            "train with batch_size 0 and a label usize::MAX",
            "params.validate()? comes first, before the labels are read",
            x.view(),
            &[0, usize::MAX, 0],
            &TrainParams::new(4).batch_size(0),
        ),
    );
    require(matches!(error, NetError::InvalidParams(_)), || {
        format!(
            "two faults at once: expected NetError::InvalidParams (params.validate()? first), \
             got {error:?}"
        )
    });
    let not_a_class = "the number of classes must come from class_count(labels)?, which \
                       rejects a label too large to be a class index (largest label + 1 \
                       overflows or allocates terabytes)";
    let error = expect_err(
        "train with the label usize::MAX in row 1",
        "no network has that many outputs: class_count(labels)? rejects it",
        train_or_explain(
            "train with the label usize::MAX in row 1",
            not_a_class,
            x.view(),
            &[0, usize::MAX, 1],
            &TrainParams::new(4),
        ),
    );
    let wanted = NetError::NotAClassIndex(NotAClassIndex {
        row: 1,
        label: usize::MAX,
    });
    require(error == wanted, || {
        format!(
            "expected {wanted:?} (from class_count), got {error:?}\n    likely mistake: {not_a_class}"
        )
    });
    // Only now that class_count is known to be used: a label of 2^40 would otherwise
    // allocate a W₂ of 2^40 columns.
    let error = expect_err(
        "train with the label 2^40 (an ID read as a label) in row 2",
        "class_count(labels)? rejects it",
        train_or_explain(
            "train with the label 2^40",
            not_a_class,
            x.view(),
            &[0, 1, 1 << 40],
            &TrainParams::new(4),
        ),
    );
    let wanted = NetError::NotAClassIndex(NotAClassIndex {
        row: 2,
        label: 1 << 40,
    });
    require(error == wanted, || {
        format!("expected {wanted:?}, got {error:?}")
    });
    let error = expect_err(
        "train with the label 2^40 AND 2 labels for 3 rows",
        "class_count(labels)? comes before check_labels",
        train_or_explain(
            "train with the label 2^40 and 2 labels for 3 rows",
            not_a_class,
            x.view(),
            &[0, 1 << 40],
            &TrainParams::new(4),
        ),
    );
    require(matches!(error, NetError::NotAClassIndex(_)), || {
        format!(
            "two faults at once: expected NetError::NotAClassIndex (class_count before \
             check_labels), got {error:?}"
        )
    });
    let error = expect_err(
        "train with 3 rows and 2 labels",
        "every row needs a label",
        train_or_explain(
            "train with 3 rows and 2 labels",
            "check_labels(labels, x.nrows(), n_classes)? before training",
            x.view(),
            &[0, 1],
            &TrainParams::new(4),
        ),
    );
    require(
        matches!(error, NetError::Shape { what: "labels", .. }),
        || {
            format!(
                "expected NetError::Shape {{ what: \"labels\", .. }} from check_labels, got {error:?}"
            )
        },
    );
    let error = expect_err(
        "train with no rows",
        "there is nothing to learn from",
        train_or_explain(
            "train with no rows",
            "check_labels(labels, x.nrows(), n_classes)? rejects no rows",
            Array2::zeros((0, 1)).view(),
            &[],
            &TrainParams::new(4),
        ),
    );
    require(matches!(error, NetError::Shape { .. }), || {
        format!("expected NetError::Shape from check_labels, got {error:?}")
    });
}
