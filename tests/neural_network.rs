//! Grader of exercises/07_neural_networks/neural_network.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/07_neural_networks/neural_network.rs"]
mod neural_network;
#[cfg(feature = "solutions")]
use mlings::reference::neural_network;

use mlings::datasets::{self, synthetic};
use mlings::grade::{Tolerance, assert_finite, expect, expect_array, expect_err, fail, require};
use mlings::models::LinfaLogisticRegression;
use mlings::prep::{StandardizedSplit, rng};
use mlings::types::model::{Model, Scoring};
use mlings::types::neural_network::{Activation, Gradients, NetError, Network, TrainParams};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView2, Axis, array};

// ---------------------------------------------------------------------------------------
// The grader's own loss and finite differences (log-sum-exp form, independent of yours)
// ---------------------------------------------------------------------------------------

fn grader_loss(net: &Network, x: ArrayView2<f64>, labels: &[usize]) -> f64 {
    let z1 = x.dot(&net.w1) + &net.b1;
    let a1 = match net.activation {
        Activation::Tanh => z1.mapv(f64::tanh),
        Activation::Relu => z1.mapv(|z| z.max(0.0)),
    };
    let z2 = a1.dot(&net.w2) + &net.b2;
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

/// ∂L/∂θ by central differences with a small step: accurate to about 1e-10 here.
fn grader_gradient(net: &Network, x: ArrayView2<f64>, labels: &[usize]) -> Array1<f64> {
    let h = 1e-5;
    let theta = net.parameters();
    let at = |i: usize, delta: f64| {
        let mut probe = theta.clone();
        probe[i] += delta;
        let nudged = net.with_parameters(probe.view()).expect("same length");
        grader_loss(&nudged, x, labels)
    };
    Array1::from_shape_fn(theta.len(), |i| (at(i, h) - at(i, -h)) / (2.0 * h))
}

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
fn random_problem(activation: Activation) -> (Network, Array2<f64>, Array1<f64>) {
    let mut r = rng(11);
    let net = Network {
        w1: synthetic::normal_matrix(3, 5, &mut r),
        b1: synthetic::normal_matrix(1, 5, &mut r).row(0).to_owned() * 0.5,
        w2: synthetic::normal_matrix(5, 3, &mut r),
        b2: synthetic::normal_matrix(1, 3, &mut r).row(0).to_owned() * 0.5,
        activation,
    };
    let x = synthetic::normal_matrix(6, 3, &mut r);
    let labels = array![0.0, 2.0, 1.0, 1.0, 0.0, 2.0];
    (net, x, labels)
}

fn as_classes(labels: &Array1<f64>) -> Vec<usize> {
    labels.iter().map(|&l| l as usize).collect()
}

fn norm(v: &Array1<f64>) -> f64 {
    v.dot(v).sqrt()
}

// ---------------------------------------------------------------------------------------
// Initialization
// ---------------------------------------------------------------------------------------

#[test]
fn init_draws_small_seeded_weights_and_zero_biases() {
    let net = call_ok!(neural_network::init_network(2, 50, 3, Activation::Tanh, 7));
    require(net.w1.dim() == (2, 50) && net.w2.dim() == (50, 3), || {
        format!(
            "init_network(2 inputs, 50 hidden, 3 outputs): W₁ should be 2 × 50 and W₂ 50 × 3, \
                 got {:?} and {:?}",
            net.w1.dim(),
            net.w2.dim()
        )
    });
    expect_array("b₁ after init", &net.b1, &Array1::zeros(50)).assert();
    expect_array("b₂ after init", &net.b2, &Array1::zeros(3)).assert();
    for (name, weights, fan_in, fan_out) in [("W₁", &net.w1, 2, 50), ("W₂", &net.w2, 50, 3)] {
        let limit = (6.0 / (fan_in + fan_out) as f64).sqrt();
        let largest = weights.fold(0.0, |m: f64, &w| m.max(w.abs()));
        require(largest < limit, || {
            format!(
                "{name} ({fan_in} × {fan_out}) has a weight of size {largest:.4}, but Glorot's \
                 bound is a = √(6 / ({fan_in} + {fan_out})) = {limit:.4}\n    likely mistake: \
                 draw uniformly from (−a, a) with a from BOTH fan_in and fan_out"
            )
        });
        require(largest > 0.5 * limit, || {
            format!(
                "{name} ({fan_in} × {fan_out}): every weight is within {largest:.4}, far inside \
                 the bound a = {limit:.4}: draw from the whole interval (−a, a)"
            )
        });
    }
    let big = call_ok!(neural_network::init_network(
        64,
        64,
        64,
        Activation::Relu,
        3
    ));
    // Uniform on (−a, a): mean 0, standard deviation a / √3.
    let limit = (6.0f64 / 128.0).sqrt();
    expect(
        "standard deviation of the 4096 weights of a 64 × 64 W₁",
        big.w1.std(0.0),
        limit / 3f64.sqrt(),
    )
    .tol(Tolerance::rel(0.05))
    .assert();
    expect(
        "mean of the weights of a 64 × 64 W₁",
        big.w1.mean().unwrap_or(f64::NAN),
        0.0,
    )
    .tol(Tolerance::abs(0.01))
    .assert();
    require(big.w1 != big.w2, || {
        "W₁ and W₂ are equal: draw W₂ after W₁ from the same generator, do not re-seed it".into()
    });
}

#[test]
fn init_is_reproducible_from_its_seed() {
    let a = call_ok!(neural_network::init_network(4, 8, 3, Activation::Tanh, 1));
    let b = call_ok!(neural_network::init_network(4, 8, 3, Activation::Tanh, 1));
    let c = call_ok!(neural_network::init_network(4, 8, 3, Activation::Tanh, 2));
    require(a == b, || {
        "init_network with the same seed gave two different networks: draw from rng(seed), \
         not from thread_rng()"
            .into()
    });
    require(a != c, || {
        "init_network with seeds 1 and 2 gave the same network: seed the generator with rng(seed)"
            .into()
    });
    require(a.activation == Activation::Tanh, || {
        format!(
            "the network should keep the activation it was given (Tanh), got {:?}",
            a.activation
        )
    });
    let error = expect_err(
        "init_network with 0 hidden units",
        "a layer without units cannot compute anything",
        call!(neural_network::init_network(4, 0, 3, Activation::Tanh, 1)),
    );
    require(matches!(error, NetError::InvalidParams(_)), || {
        format!("expected NetError::InvalidParams, got {error:?}")
    });
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
    // Z₂ = [1000, 1000 + ln 3]: exp(1000) is ∞ in f64, but softmax is [1/4, 3/4].
    let net = Network {
        w1: array![[1.0]],
        b1: array![0.0],
        w2: array![[0.0, 0.0]],
        b2: array![1000.0, 1000.0 + 3f64.ln()],
        activation: Activation::Relu,
    };
    let pass = call_ok!(neural_network::forward(&net, array![[1.0]].view()));
    assert_finite(
        "probabilities for logits [1000, 1000 + ln 3] (subtract the row's max before exp)",
        &pass.probabilities,
    );
    expect_array(
        "softmax([1000, 1000 + ln 3])",
        &pass.probabilities,
        &array![[0.25, 0.75]],
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
        )),
    );
    require(matches!(error, NetError::Shape { .. }), || {
        format!("expected NetError::Shape, got {error:?}")
    });
}

#[test]
fn cross_entropy_by_hand() {
    let p = array![[0.75, 0.25], [0.5, 0.5]];
    let loss = call_ok!(neural_network::cross_entropy(
        p.view(),
        array![0.0, 1.0].view()
    ));
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
        call!(neural_network::cross_entropy(
            p.view(),
            array![0.0, 2.0].view()
        )),
    );
    require(matches!(error, NetError::BadLabel { row: 1, .. }), || {
        format!("expected NetError::BadLabel for row 1, got {error:?}")
    });
    let error = expect_err(
        "cross_entropy with 3 labels for 2 rows",
        "one label per row",
        call!(neural_network::cross_entropy(
            p.view(),
            array![0.0, 1.0, 1.0].view()
        )),
    );
    require(matches!(error, NetError::Shape { .. }), || {
        format!("expected NetError::Shape, got {error:?}")
    });
}

#[test]
fn predict_takes_the_most_probable_class() {
    // The hand network gives P = [[1/2, 1/2], [1/4, 3/4]]: a tie (→ class 0), then class 1.
    let got = call_ok!(neural_network::predict(
        &hand_network(Activation::Relu),
        hand_rows().view()
    ));
    expect_array("predicted classes", &got, &array![0.0, 1.0])
        .mistake_array(
            &array![1.0, 1.0],
            "on a tie, pick the smallest class (replace the best only when strictly larger)",
        )
        .mistake_array(&array![1.0, 0.0], "you took the LEAST probable class")
        .assert();
}

// ---------------------------------------------------------------------------------------
// Backpropagation and the gradient check
// ---------------------------------------------------------------------------------------

#[test]
fn backpropagation_agrees_with_finite_differences() {
    for activation in [Activation::Tanh, Activation::Relu] {
        let (net, x, labels) = random_problem(activation);
        let numeric = as_gradients(&net, &grader_gradient(&net, x.view(), &as_classes(&labels)));
        let got = call_ok!(neural_network::backward(&net, x.view(), labels.view()));
        let n = x.nrows();
        let tol = Tolerance {
            rel: 1e-6,
            abs: 1e-9,
        };
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
fn gradient_check_tells_right_from_wrong() {
    let (net, x, labels) = random_problem(Activation::Tanh);
    let exact = grader_gradient(&net, x.view(), &as_classes(&labels));
    let right = call_ok!(neural_network::gradient_check(
        &net,
        x.view(),
        labels.view(),
        &as_gradients(&net, &exact),
        1e-5
    ));
    require(right < 1e-7, || {
        format!(
            "gradient_check of a correct gradient should be below 1e-7, got {right:e}\n    \
             likely mistake: use central differences (L(θ + h) − L(θ − h)) / 2h, and restore \
             each parameter after nudging it"
        )
    });
    let doubled = call_ok!(neural_network::gradient_check(
        &net,
        x.view(),
        labels.view(),
        &as_gradients(&net, &(&exact * 2.0)),
        1e-5
    ));
    expect(
        "gradient_check of a gradient twice too large (‖2g − g‖ / (‖2g‖ + ‖g‖))",
        doubled,
        1.0 / 3.0,
    )
    .tol(Tolerance::abs(1e-6))
    .mistake(
        0.5,
        "divide by ‖analytic‖ + ‖numeric‖, not by ‖analytic‖ alone",
    )
    .mistake(
        1.0,
        "divide by ‖analytic‖ + ‖numeric‖, not by ‖numeric‖ alone",
    )
    .assert();
    let zero = call_ok!(neural_network::gradient_check(
        &net,
        x.view(),
        labels.view(),
        &as_gradients(&net, &Array1::zeros(exact.len())),
        1e-5
    ));
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
    require(matches!(error, NetError::Shape { .. }), || {
        format!("expected NetError::Shape, got {error:?}")
    });
}

#[test]
fn sgd_step_moves_against_the_gradient() {
    let mut net = hand_network(Activation::Tanh);
    let before = net.parameters();
    let gradients = as_gradients(
        &net,
        &Array1::from_shape_fn(before.len(), |i| i as f64 - 4.0),
    );
    call!(neural_network::sgd_step(&mut net, &gradients, 0.5));
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
        &before,
        "the network did not change: update all four arrays in place",
    )
    .assert();
}

// ---------------------------------------------------------------------------------------
// Training
// ---------------------------------------------------------------------------------------

fn accuracy(truth: &Array1<f64>, predicted: &Array1<f64>) -> f64 {
    Scoring::Accuracy
        .score(truth.view(), predicted.view())
        .expect("same lengths")
}

#[test]
fn the_network_bends_around_two_moons() {
    let train_set = synthetic::two_moons(300, 0.15, 1).expect("valid settings");
    let test_set = synthetic::two_moons(300, 0.15, 2).expect("valid settings");
    let params = TrainParams::new(16)
        .learning_rate(0.2)
        .epochs(100)
        .batch_size(16)
        .seed(3);
    let training = call_ok!(neural_network::train(
        train_set.features.view(),
        train_set.targets.view(),
        &params
    ));
    let history = &training.loss_history;
    require(history.len() == 101, || {
        format!(
            "loss_history should hold 101 losses (before training, then after each of the 100 \
             epochs), got {}",
            history.len()
        )
    });
    require(history[100] < history[0] / 4.0, || {
        format!(
            "the training loss should fall well below its start, but went from {} to {}",
            history[0], history[100]
        )
    });
    let predicted = call_ok!(neural_network::predict(
        &training.network,
        test_set.features.view()
    ));
    let network_accuracy = accuracy(&test_set.targets, &predicted);
    // The best straight line, for comparison (linfa's logistic regression).
    let linear = LinfaLogisticRegression::default()
        .fit(train_set.features.view(), train_set.targets.view())
        .and_then(|m| m.predict(test_set.features.view()))
        .expect("linfa fits two moons");
    let linear_accuracy = accuracy(&test_set.targets, &linear);
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
    let params = TrainParams::new(8)
        .learning_rate(0.1)
        .epochs(200)
        .batch_size(16)
        .seed(0);
    let training = call_ok!(neural_network::train(
        iris.x_train.view(),
        iris.y_train.view(),
        &params
    ));
    let predicted = call_ok!(neural_network::predict(
        &training.network,
        iris.x_test.view()
    ));
    let test_accuracy = accuracy(&iris.y_test, &predicted);
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
    let params = TrainParams::new(16)
        .learning_rate(10.0)
        .epochs(20)
        .batch_size(16);
    let error = match call!(neural_network::train(
        data.features.view(),
        data.targets.view(),
        &params
    )) {
        Err(error) => error,
        Ok(training) => fail(format!(
            "training two moons with learning rate 10: expected Err(NetError::Diverged), got Ok \
             with losses {:?}\n    why it must be an error: the steps overshoot and the loss \
             rises above its start; after each epoch, compare the loss with the loss before \
             training",
            &training.loss_history[..training.loss_history.len().min(6)]
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
    require(
        (1..=20).contains(&epoch)
            && (loss > start_loss || !loss.is_finite())
            && learning_rate == 10.0,
        || {
            format!(
                "Diverged should name the epoch (1 to 20) whose loss rose above the start, that \
                 loss and the learning rate 10; got epoch {epoch}, loss {loss} (start \
                 {start_loss}), learning rate {learning_rate}"
            )
        },
    );
    let safe = TrainParams::new(16)
        .learning_rate(0.05)
        .epochs(5)
        .batch_size(16);
    call_ok!(neural_network::train(
        data.features.view(),
        data.targets.view(),
        &safe
    ));
}

#[test]
fn training_is_reproducible_from_its_seed() {
    let data = synthetic::two_moons(100, 0.15, 4).expect("valid settings");
    let params = TrainParams::new(6).epochs(5).batch_size(10).seed(9);
    let run = || {
        call_ok!(neural_network::train(
            data.features.view(),
            data.targets.view(),
            &params
        ))
    };
    let (a, b) = (run(), run());
    require(a == b, || {
        "two trainings with the same params gave different networks: draw every random \
         number from generators made with rng(...) from params.seed"
            .into()
    });
    let other = call_ok!(neural_network::train(
        data.features.view(),
        data.targets.view(),
        &params.seed(10)
    ));
    require(other != a, || {
        "trainings with seeds 9 and 10 gave the same network: pass params.seed to init_network"
            .into()
    });
}

#[test]
fn bad_training_inputs_are_errors() {
    let x = array![[0.0], [1.0], [2.0]];
    let error = expect_err(
        "train with batch_size 0",
        "call params.validate()? first",
        call!(neural_network::train(
            x.view(),
            array![0.0, 1.0, 0.0].view(),
            &TrainParams::new(4).batch_size(0)
        )),
    );
    require(matches!(error, NetError::InvalidParams(_)), || {
        format!("expected NetError::InvalidParams, got {error:?}")
    });
    let error = expect_err(
        "train with the label 1.5",
        "labels are classes 0, 1, ...: check them with check_labels",
        call!(neural_network::train(
            x.view(),
            array![0.0, 1.5, 0.0].view(),
            &TrainParams::new(4)
        )),
    );
    require(matches!(error, NetError::BadLabel { row: 1, .. }), || {
        format!("expected NetError::BadLabel for row 1, got {error:?}")
    });
    let error = expect_err(
        "train with 3 rows and 2 labels",
        "every row needs a label",
        call!(neural_network::train(
            x.view(),
            array![0.0, 1.0].view(),
            &TrainParams::new(4)
        )),
    );
    require(matches!(error, NetError::Shape { .. }), || {
        format!("expected NetError::Shape, got {error:?}")
    });
}
