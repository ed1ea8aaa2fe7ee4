//! Reference solution of the `neural_network` exercise.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Zip};
use rand::Rng as _;
use rand::seq::SliceRandom;

use crate::prep::rng;
use crate::types::neural_network::{
    Activation, Forward, Gradients, NetError, Network, TrainParams, Training, check_labels,
    class_count,
};

pub fn init_network(
    n_inputs: usize,
    n_hidden: usize,
    n_outputs: usize,
    activation: Activation,
    seed: u64,
) -> Result<Network, NetError> {
    if n_inputs == 0 || n_hidden == 0 || n_outputs == 0 {
        return Err(NetError::InvalidParams(format!(
            "every layer needs at least one unit, got {n_inputs} inputs, {n_hidden} hidden, \
             {n_outputs} outputs"
        )));
    }
    let mut rng = rng(seed);
    let mut glorot = |fan_in: usize, fan_out: usize| {
        let limit = (6.0 / (fan_in + fan_out) as f64).sqrt();
        Array2::from_shape_simple_fn((fan_in, fan_out), || rng.gen_range(-limit..limit))
    };
    let w1 = glorot(n_inputs, n_hidden);
    let w2 = glorot(n_hidden, n_outputs);
    Ok(Network {
        w1,
        b1: Array1::zeros(n_hidden),
        w2,
        b2: Array1::zeros(n_outputs),
        activation,
    })
}

fn softmax_rows(mut z: Array2<f64>) -> Array2<f64> {
    for mut row in z.axis_iter_mut(Axis(0)) {
        let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        row.mapv_inplace(|v| (v - max).exp());
        let total = row.sum();
        row /= total;
    }
    z
}

pub fn forward(net: &Network, x: ArrayView2<f64>) -> Result<Forward, NetError> {
    if x.ncols() != net.n_inputs() {
        return Err(NetError::Shape {
            what: "forward",
            expected: format!("rows of {} features", net.n_inputs()),
            got: format!("x of shape {:?}", x.dim()),
        });
    }
    let hidden_input = x.dot(&net.w1) + &net.b1;
    let hidden = match net.activation {
        Activation::Tanh => hidden_input.mapv(f64::tanh),
        Activation::Relu => hidden_input.mapv(|z| z.max(0.0)),
    };
    let probabilities = softmax_rows(hidden.dot(&net.w2) + &net.b2);
    Ok(Forward {
        hidden_input,
        hidden,
        probabilities,
    })
}

pub fn cross_entropy(
    probabilities: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<f64, NetError> {
    check_labels(labels, probabilities.nrows(), probabilities.ncols())?;
    let total: f64 = labels
        .iter()
        .enumerate()
        .map(|(row, &class)| -probabilities[(row, class)].ln())
        .sum();
    Ok(total / labels.len() as f64)
}

pub fn backward(
    net: &Network,
    x: ArrayView2<f64>,
    labels: ArrayView1<usize>,
) -> Result<Gradients, NetError> {
    let pass = forward(net, x)?;
    check_labels(labels, x.nrows(), net.n_outputs())?;
    let n = x.nrows() as f64;

    // ∂L/∂Z₂ = (P − Y) / n, with Y the one-hot labels.
    let mut d_output = pass.probabilities;
    labels
        .iter()
        .enumerate()
        .for_each(|(row, &class)| d_output[(row, class)] -= 1.0);
    d_output /= n;

    let w2 = pass.hidden.t().dot(&d_output);
    let b2 = d_output.sum_axis(Axis(0));

    // Back through W₂, then through the activation: ∂L/∂Z₁ = (∂L/∂Z₂ · W₂ᵀ) ⊙ f'(Z₁).
    let mut d_hidden = d_output.dot(&net.w2.t());
    match net.activation {
        Activation::Tanh => {
            Zip::from(&mut d_hidden)
                .and(&pass.hidden)
                .for_each(|d, &a| *d *= 1.0 - a * a);
        }
        Activation::Relu => {
            Zip::from(&mut d_hidden)
                .and(&pass.hidden_input)
                .for_each(|d, &z| {
                    if z <= 0.0 {
                        *d = 0.0;
                    }
                });
        }
    }
    let w1 = x.t().dot(&d_hidden);
    let b1 = d_hidden.sum_axis(Axis(0));
    Ok(Gradients { w1, b1, w2, b2 })
}

fn loss(net: &Network, x: ArrayView2<f64>, labels: ArrayView1<usize>) -> Result<f64, NetError> {
    cross_entropy(forward(net, x)?.probabilities.view(), labels)
}

fn norm(v: &Array1<f64>) -> f64 {
    v.dot(v).sqrt()
}

pub fn gradient_check(
    net: &Network,
    x: ArrayView2<f64>,
    labels: ArrayView1<usize>,
    gradients: &Gradients,
    step: f64,
) -> Result<f64, NetError> {
    let analytic = gradients.flatten();
    let mut theta = net.parameters();
    if analytic.len() != theta.len() {
        return Err(NetError::Shape {
            what: "gradient_check",
            expected: format!("{} partial derivatives", theta.len()),
            got: format!("{}", analytic.len()),
        });
    }
    let mut numeric = Array1::zeros(theta.len());
    for i in 0..theta.len() {
        let original = theta[i];
        theta[i] = original + step;
        let up = loss(&net.with_parameters(theta.view())?, x, labels)?;
        theta[i] = original - step;
        let down = loss(&net.with_parameters(theta.view())?, x, labels)?;
        theta[i] = original;
        numeric[i] = (up - down) / (2.0 * step);
    }
    let scale = norm(&analytic) + norm(&numeric);
    if scale == 0.0 {
        return Ok(0.0);
    }
    Ok(norm(&(&analytic - &numeric)) / scale)
}

pub fn sgd_step(
    net: &mut Network,
    gradients: &Gradients,
    learning_rate: f64,
) -> Result<(), NetError> {
    let pairs = [
        ("w1", net.w1.shape(), gradients.w1.shape()),
        ("b1", net.b1.shape(), gradients.b1.shape()),
        ("w2", net.w2.shape(), gradients.w2.shape()),
        ("b2", net.b2.shape(), gradients.b2.shape()),
    ];
    if let Some((name, wanted, given)) = pairs.iter().find(|(_, wanted, given)| wanted != given) {
        return Err(NetError::Shape {
            what: "sgd_step",
            expected: format!("{name} of shape {wanted:?}"),
            got: format!("{name} of shape {given:?}"),
        });
    }
    net.w1.scaled_add(-learning_rate, &gradients.w1);
    net.b1.scaled_add(-learning_rate, &gradients.b1);
    net.w2.scaled_add(-learning_rate, &gradients.w2);
    net.b2.scaled_add(-learning_rate, &gradients.b2);
    Ok(())
}

pub fn train(
    x: ArrayView2<f64>,
    labels: ArrayView1<usize>,
    params: &TrainParams,
) -> Result<Training, NetError> {
    params.validate()?;
    let n_outputs = class_count(labels)?;
    check_labels(labels, x.nrows(), n_outputs)?;
    let mut network = init_network(
        x.ncols(),
        params.hidden,
        n_outputs,
        params.activation,
        params.seed,
    )?;
    let start_loss = loss(&network, x, labels)?;
    let mut loss_history = vec![start_loss];
    let mut order: Vec<usize> = (0..x.nrows()).collect();
    let mut shuffler = rng(params.seed.wrapping_add(1));
    for epoch in 1..=params.epochs {
        order.shuffle(&mut shuffler);
        for batch in order.chunks(params.batch_size) {
            let gradients = backward(
                &network,
                x.select(Axis(0), batch).view(),
                labels.select(Axis(0), batch).view(),
            )?;
            sgd_step(&mut network, &gradients, params.learning_rate)?;
        }
        let epoch_loss = loss(&network, x, labels)?;
        if !epoch_loss.is_finite() || epoch_loss > start_loss {
            return Err(NetError::Diverged {
                epoch,
                start_loss,
                loss: epoch_loss,
                learning_rate: params.learning_rate,
            });
        }
        loss_history.push(epoch_loss);
    }
    Ok(Training {
        network,
        loss_history,
    })
}

pub fn predict(net: &Network, x: ArrayView2<f64>) -> Result<Array1<usize>, NetError> {
    let probabilities = forward(net, x)?.probabilities;
    Ok(probabilities
        .axis_iter(Axis(0))
        .map(|row| {
            row.iter().enumerate().fold(
                0,
                |best, (class, &p)| if p > row[best] { class } else { best },
            )
        })
        .collect())
}
