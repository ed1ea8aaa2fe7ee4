//! layers_and_losses: gradient checks of your backward passes, the loss at logits of
//! ±1000, dropout's expectation, and a 64-64-10 ReLU network trained on the digits with
//! your layers (and the course's Adam) beside the reference layers and scikit-learn's
//! MLPClassifier.

#[allow(unused_variables, dead_code)]
#[path = "../../exercises/12_deep_learning/layers_and_losses.rs"]
mod learner;

use mlings::datasets;
use mlings::prep::rng;
use mlings::reference::layers_and_losses as reference;
use mlings::reference::optimizers::step;
use mlings::report::{Table, run_learner, seconds, show, timed};
use mlings::types::layers_and_losses::{
    CrossEntropy, Dropped, LayerError, Linear, LinearGradients, Mode,
};
use mlings::types::optimizers::{Optimizer, OptimizerParams};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut1, Axis};
use rand::Rng;
use rand::seq::SliceRandom;

/// A layer's backward pass: (layer, x, dy) → gradients.
type Backward =
    fn(&Linear, ArrayView2<f64>, ArrayView2<f64>) -> Result<LinearGradients, LayerError>;
/// A backward pass of an element-wise function: (x, dy) → dx.
type ElementwiseBackward = fn(ArrayView2<f64>, ArrayView2<f64>) -> Result<Array2<f64>, LayerError>;

/// One implementation of the layers: yours or the reference.
struct Layers {
    init: fn(usize, usize, u64) -> Result<Linear, LayerError>,
    forward: fn(&Linear, ArrayView2<f64>) -> Result<Array2<f64>, LayerError>,
    backward: Backward,
    relu: fn(ArrayView2<f64>) -> Array2<f64>,
    relu_backward: ElementwiseBackward,
    cross_entropy: fn(ArrayView2<f64>, ArrayView1<usize>) -> Result<CrossEntropy, LayerError>,
    dropout: fn(ArrayView2<f64>, f64, Mode, u64) -> Result<Dropped, LayerError>,
}

const YOURS: Layers = Layers {
    init: learner::linear_init,
    forward: learner::linear_forward,
    backward: learner::linear_backward,
    relu: learner::relu,
    relu_backward: learner::relu_backward,
    cross_entropy: learner::cross_entropy,
    dropout: learner::dropout,
};

const REFERENCE: Layers = Layers {
    init: reference::linear_init,
    forward: reference::linear_forward,
    backward: reference::linear_backward,
    relu: reference::relu,
    relu_backward: reference::relu_backward,
    cross_entropy: reference::cross_entropy,
    dropout: reference::dropout,
};

/// ‖a − b‖ / (‖a‖ + ‖b‖), 0 when both are 0.
fn relative_difference(a: &Array2<f64>, b: &Array2<f64>) -> f64 {
    let norm = |m: &Array2<f64>| m.iter().map(|v| v * v).sum::<f64>().sqrt();
    let denominator = norm(a) + norm(b);
    if denominator == 0.0 {
        0.0
    } else {
        norm(&(a - b)) / denominator
    }
}

fn random_matrix(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    let mut generator = rng(seed);
    Array2::from_shape_simple_fn((rows, cols), || generator.gen_range(-1.0..1.0))
}

/// The relative difference between `layers`' dW and dlogits and central differences on
/// Linear → cross-entropy with a batch of 8.
fn gradient_check(layers: &Layers) -> Result<(f64, f64), LayerError> {
    let layer = (layers.init)(5, 4, 3)?;
    let x = random_matrix(8, 5, 4);
    let labels = Array1::from(vec![0, 1, 2, 3, 3, 2, 1, 0]);
    let loss = |layer: &Linear| -> Result<f64, LayerError> {
        Ok((layers.cross_entropy)((layers.forward)(layer, x.view())?.view(), labels.view())?.loss)
    };
    let logits = (layers.forward)(&layer, x.view())?;
    let ce = (layers.cross_entropy)(logits.view(), labels.view())?;
    let grads = (layers.backward)(&layer, x.view(), ce.dlogits.view())?;
    let h = 1e-6;
    let mut numeric = Array2::zeros(layer.weight.raw_dim());
    for ((i, j), slot) in numeric.indexed_iter_mut() {
        let mut probe = layer.clone();
        probe.weight[[i, j]] += h;
        let up = loss(&probe)?;
        probe.weight[[i, j]] -= 2.0 * h;
        *slot = (up - loss(&probe)?) / (2.0 * h);
    }
    let mut numeric_logits = Array2::zeros(logits.raw_dim());
    for ((i, j), slot) in numeric_logits.indexed_iter_mut() {
        let mut probe = logits.clone();
        probe[[i, j]] += h;
        let up = (layers.cross_entropy)(probe.view(), labels.view())?.loss;
        probe[[i, j]] -= 2.0 * h;
        let down = (layers.cross_entropy)(probe.view(), labels.view())?.loss;
        *slot = (up - down) / (2.0 * h);
    }
    Ok((
        relative_difference(&grads.dweight, &numeric),
        relative_difference(&ce.dlogits, &numeric_logits),
    ))
}

/// The loss at logits of ±1000 and dropout's mean output on 10 000 values of 1.
fn stability(layers: &Layers) -> Result<(f64, f64), LayerError> {
    let z = ndarray::array![[1000.0, -1000.0], [-1000.0, 1000.0]];
    let loss = (layers.cross_entropy)(z.view(), ndarray::array![1, 1].view())?.loss;
    let ones = Array2::ones((100, 100));
    let dropped = (layers.dropout)(ones.view(), 0.5, Mode::Train, 7)?;
    Ok((loss, dropped.output.mean().unwrap_or(f64::NAN)))
}

/// A weight matrix as one flat parameter tensor (row by row).
fn flat(a: &mut Array2<f64>) -> ArrayViewMut1<'_, f64> {
    let n = a.len();
    a.view_mut()
        .into_shape_with_order(n)
        .expect("standard layout")
}

/// What training reached.
struct Trained {
    test_accuracy: f64,
    final_loss: f64,
    epochs: usize,
}

/// 64 → 64 ReLU → dropout → 10, trained with Adam (lr 1e-3, batch 32) on pixels / 16.
fn train_mlp(
    layers: &Layers,
    x: &Array2<f64>,
    y: &Array1<usize>,
    x_test: &Array2<f64>,
    y_test: &Array1<usize>,
    epochs: usize,
) -> Result<Trained, LayerError> {
    let mut hidden = (layers.init)(64, 64, 0)?;
    let mut output = (layers.init)(64, 10, 1)?;
    let mut adam = Optimizer::new(OptimizerParams::adam(1e-3)).expect("valid settings");
    let mut order: Vec<usize> = (0..x.nrows()).collect();
    let mut shuffler = rng(2);
    let mut final_loss = f64::NAN;
    let mut draw = 0u64;
    for _ in 0..epochs {
        order.shuffle(&mut shuffler);
        let mut total = 0.0;
        for batch in order.chunks(32) {
            let xb = x.select(Axis(0), batch);
            let yb = y.select(Axis(0), batch);
            let z1 = (layers.forward)(&hidden, xb.view())?;
            let a1 = (layers.relu)(z1.view());
            draw += 1;
            let dropped = (layers.dropout)(a1.view(), 0.1, Mode::Train, draw)?;
            let z2 = (layers.forward)(&output, dropped.output.view())?;
            let ce = (layers.cross_entropy)(z2.view(), yb.view())?;
            total += ce.loss * batch.len() as f64;
            let g2 = (layers.backward)(&output, dropped.output.view(), ce.dlogits.view())?;
            let da1 = &g2.dx * &dropped.mask;
            let dz1 = (layers.relu_backward)(z1.view(), da1.view())?;
            let g1 = (layers.backward)(&hidden, xb.view(), dz1.view())?;
            let (dw1, dw2) = (
                g1.dweight.flatten().to_owned(),
                g2.dweight.flatten().to_owned(),
            );
            step(
                &mut adam,
                &mut [
                    flat(&mut hidden.weight),
                    hidden.bias.view_mut(),
                    flat(&mut output.weight),
                    output.bias.view_mut(),
                ],
                &[dw1.view(), g1.dbias.view(), dw2.view(), g2.dbias.view()],
            )
            .expect("shapes match");
        }
        final_loss = total / x.nrows() as f64;
    }
    let z1 = (layers.forward)(&hidden, x_test.view())?;
    let logits = (layers.forward)(&output, (layers.relu)(z1.view()).view())?;
    let correct = logits
        .axis_iter(Axis(0))
        .zip(y_test)
        .filter(|(row, label)| {
            let best = (0..row.len())
                .max_by(|&a, &b| row[a].total_cmp(&row[b]))
                .unwrap_or(0);
            best == **label
        })
        .count();
    Ok(Trained {
        test_accuracy: correct as f64 / y_test.len() as f64,
        final_loss,
        epochs,
    })
}

pub fn run() {
    let mut table = Table::new(&["check", "yours", "reference", "expected"]);
    let yours = run_learner(|| gradient_check(&YOURS));
    let theirs = gradient_check(&REFERENCE);
    let cell = |r: &Result<(f64, f64), LayerError>, i: usize| match r {
        Ok(v) => format!("{:.1e}", if i == 0 { v.0 } else { v.1 }),
        Err(e) => format!("error: {e}"),
    };
    table.row(vec![
        "dW vs finite differences (relative)".into(),
        yours.cell(|r| cell(r, 0)),
        cell(&theirs, 0),
        "below 1e-7".into(),
    ]);
    table.row(vec![
        "dlogits vs finite differences".into(),
        yours.cell(|r| cell(r, 1)),
        cell(&theirs, 1),
        "below 1e-7".into(),
    ]);
    let yours = run_learner(|| stability(&YOURS));
    let theirs = stability(&REFERENCE);
    let cell = |r: &Result<(f64, f64), LayerError>, i: usize| match r {
        Ok(v) => format!("{:.4}", if i == 0 { v.0 } else { v.1 }),
        Err(e) => format!("error: {e}"),
    };
    table.row(vec![
        "loss at logits ±1000 (one row wrong)".into(),
        yours.cell(|r| cell(r, 0)),
        cell(&theirs, 0),
        "1000".into(),
    ]);
    table.row(vec![
        "dropout(p 0.5) mean of 10 000 ones".into(),
        yours.cell(|r| cell(r, 1)),
        cell(&theirs, 1),
        "about 1".into(),
    ]);
    show(
        &table,
        "layers_and_losses: gradient checks, stability, dropout",
        "Your backward passes should agree with finite differences to about 1e-9, the loss \
         should stay finite at ±1000, and dropout should keep the mean.",
    );

    let data = datasets::digits();
    let split = data
        .reference_split()
        .expect("digits has a reference split");
    let (train, test) = data.split(&split).expect("the split's rows exist");
    let x = train.features.mapv(|v| v / 16.0);
    let x_test = test.features.mapv(|v| v / 16.0);
    let y = train.class_labels().expect("digit labels");
    let y_test = test.class_labels().expect("digit labels");
    let epochs = 30;
    let yours = run_learner(|| train_mlp(&YOURS, &x, &y, &x_test, &y_test, epochs));
    let (theirs, time) = timed(|| train_mlp(&REFERENCE, &x, &y, &x_test, &y_test, epochs));
    let mut table = Table::new(&[
        "network",
        "test accuracy",
        "train loss",
        "epochs",
        "fit time",
    ]);
    let describe = |r: &Result<Trained, LayerError>| match r {
        Ok(t) => vec![
            format!("{:.3}", t.test_accuracy),
            format!("{:.4}", t.final_loss),
            t.epochs.to_string(),
        ],
        Err(e) => vec![format!("error: {e}"), "-".into(), "-".into()],
    };
    let mut row = vec!["yours (your layers, the course's Adam)".to_string()];
    row.extend(match yours.value() {
        Some(r) => describe(r),
        None => vec![yours.cell(|_| String::new()), "-".into(), "-".into()],
    });
    row.push(yours.time_cell());
    table.row(row);
    let mut row = vec!["reference".to_string()];
    row.extend(describe(&theirs));
    row.push(seconds(time));
    table.row(row);
    table.row(vec![
        "scikit-learn MLPClassifier (64 ReLU, adam, no dropout; published)".into(),
        "0.983".into(),
        "-".into(),
        "146 (early stop)".into(),
        "-".into(),
    ]);
    table.row(vec![
        "linfa".into(),
        "has no neural network".into(),
        "-".into(),
        "-".into(),
        "-".into(),
    ]);
    show(
        &table,
        "a 64-64-10 ReLU network on the digits (1437 train / 360 test rows, pixels / 16)",
        "Linear → ReLU → dropout 0.1 → Linear → cross-entropy, Adam lr 1e-3, batches of 32. \
         In 30 epochs it should come within a point or two of scikit-learn's 146.",
    );
}
