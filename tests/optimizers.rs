//! Grader of exercises/12_deep_learning/optimizers.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/12_deep_learning/optimizers.rs"]
mod optimizers;
#[cfg(feature = "solutions")]
use mlings::reference::optimizers;

use mlings::grade::{
    Tolerance, catch_panic, expect, expect_array, expect_err, expect_error, fail, require,
};
use mlings::types::optimizers::{
    Method, OptimError, Optimizer, OptimizerParams, TensorState, rosenbrock, rosenbrock_gradient,
};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, array};

// ---------------------------------------------------------------------------------------
// The grader's own optimizers, written from PyTorch's documented rules (independent of
// yours), and the mistakes a learner might make
// ---------------------------------------------------------------------------------------

/// How the grader's optimizer runs: the doc's rule, or a known mistake.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Rule {
    Doc,
    /// v ← μ·v + (1 − μ)·g (an exponential average, not PyTorch's sum).
    Dampened,
    /// w ← w − η·v with the velocity of the previous step, then v ← μ·v + g.
    StaleVelocity,
    /// The velocity is not kept: every step is plain SGD.
    NoMemory,
    /// Nesterov's look-ahead without μ: w ← w − η·(g + v).
    LookAheadWithoutMu,
    /// Nesterov stepped like heavy ball: w ← w − η·v.
    HeavyBallForNesterov,
    /// Heavy ball stepped like Nesterov.
    NesterovForHeavyBall,
    /// Adam without bias correction.
    NoBiasCorrection,
    /// ε inside the square root: √(v̂ + ε).
    EpsInsideRoot,
    /// β₁ and β₂ swapped.
    BetasSwapped,
    /// The running mean of g (not g²) in v, under the root of its absolute value.
    VOfAbsGradient,
    /// AdamW's decay added to the gradient (Adam with L2 regularization).
    CoupledDecay,
    /// AdamW's decay applied to the w after the Adam step.
    DecayAfterStep,
    /// AdamW's decay without the learning rate: w ← w − λ·w.
    DecayWithoutLr,
    /// The decay applied for Adam too.
    DecayForAdam,
    /// The bias correction uses t + 1 (t incremented after the step, counted from 1).
    CorrectionAhead,
}

#[derive(Clone, Debug)]
struct Sim {
    w: Array1<f64>,
    velocity: Array1<f64>,
    m: Array1<f64>,
    v: Array1<f64>,
    t: u64,
}

impl Sim {
    fn new(w: &Array1<f64>) -> Self {
        let zeros = Array1::zeros(w.len());
        Sim {
            w: w.clone(),
            velocity: zeros.clone(),
            m: zeros.clone(),
            v: zeros,
            t: 0,
        }
    }

    /// One step along `g`, element by element, following `rule`.
    fn step(&mut self, p: &OptimizerParams, g: &Array1<f64>, rule: Rule) {
        self.t += 1;
        let (lr, mu) = (p.learning_rate, p.momentum);
        let nesterov = p.method == Method::Nesterov;
        let (b1, b2) = if rule == Rule::BetasSwapped {
            (p.beta2, p.beta1)
        } else {
            (p.beta1, p.beta2)
        };
        let t = if rule == Rule::CorrectionAhead {
            self.t + 1
        } else {
            self.t
        } as i32;
        for i in 0..self.w.len() {
            let gi = g[i];
            match p.method {
                Method::Sgd | Method::Nesterov => {
                    let old = self.velocity[i];
                    let new = match rule {
                        Rule::Dampened => mu * old + (1.0 - mu) * gi,
                        Rule::NoMemory => gi,
                        _ => mu * old + gi,
                    };
                    self.velocity[i] = new;
                    let look_ahead = match rule {
                        Rule::HeavyBallForNesterov => false,
                        Rule::NesterovForHeavyBall => true,
                        _ => nesterov,
                    };
                    let d = if rule == Rule::StaleVelocity {
                        old
                    } else if look_ahead {
                        if rule == Rule::LookAheadWithoutMu {
                            gi + new
                        } else {
                            gi + mu * new
                        }
                    } else {
                        new
                    };
                    self.w[i] -= lr * d;
                }
                Method::Adam | Method::AdamW => {
                    let decays = p.method == Method::AdamW || rule == Rule::DecayForAdam;
                    let lambda = if decays { p.weight_decay } else { 0.0 };
                    let mut gi = gi;
                    match rule {
                        Rule::CoupledDecay => gi += lambda * self.w[i],
                        Rule::DecayAfterStep => {}
                        Rule::DecayWithoutLr => self.w[i] -= lambda * self.w[i],
                        _ => self.w[i] -= lr * lambda * self.w[i],
                    }
                    self.m[i] = b1 * self.m[i] + (1.0 - b1) * gi;
                    self.v[i] = if rule == Rule::VOfAbsGradient {
                        b2 * self.v[i] + (1.0 - b2) * gi.abs()
                    } else {
                        b2 * self.v[i] + (1.0 - b2) * gi * gi
                    };
                    let (m_hat, v_hat) = if rule == Rule::NoBiasCorrection {
                        (self.m[i], self.v[i])
                    } else {
                        (
                            self.m[i] / (1.0 - b1.powi(t)),
                            self.v[i] / (1.0 - b2.powi(t)),
                        )
                    };
                    let denominator = if rule == Rule::EpsInsideRoot {
                        (v_hat + p.eps).sqrt()
                    } else {
                        v_hat.sqrt() + p.eps
                    };
                    let before = self.w[i];
                    self.w[i] -= lr * m_hat / denominator;
                    if rule == Rule::DecayAfterStep {
                        self.w[i] -= lr * lambda * self.w[i];
                    }
                    let _ = before;
                }
            }
        }
    }
}

fn mistake_text(rule: Rule) -> &'static str {
    match rule {
        Rule::Doc => "",
        Rule::Dampened => {
            "v ← μ·v + (1 − μ)·g is an exponential average: PyTorch's velocity is the plain \
             sum v ← μ·v + g"
        }
        Rule::StaleVelocity => {
            "you stepped with the velocity of the previous step: update v ← μ·v + g first, \
             then w ← w − η·v"
        }
        Rule::NoMemory => {
            "every step is plain SGD: the velocity is not remembered between steps (keep it \
             in state.velocity)"
        }
        Rule::LookAheadWithoutMu => "Nesterov's step is w ← w − η·(g + μ·v): the μ is missing",
        Rule::HeavyBallForNesterov => {
            "you stepped Nesterov like heavy ball (w ← w − η·v, or g + μ·v with v before its \
             update): Nesterov steps with g + μ·v, v just updated"
        }
        Rule::NesterovForHeavyBall => {
            "you stepped Method::Sgd with Nesterov's look-ahead: plain momentum is w ← w − η·v"
        }
        Rule::NoBiasCorrection => {
            "no bias correction: divide m by 1 − β₁ᵗ and v by 1 − β₂ᵗ before the step"
        }
        Rule::EpsInsideRoot => "ε is inside the square root: PyTorch adds it to √v̂",
        Rule::BetasSwapped => "β₁ and β₂ are swapped: m uses β₁ (0.9), v uses β₂ (0.999)",
        Rule::VOfAbsGradient => "v must average the squared gradient g², not g or |g|",
        Rule::CoupledDecay => {
            "you added λ·w to the gradient (Adam with L2 regularization): AdamW's decay is \
             decoupled, w ← w − η·λ·w, outside m and v"
        }
        Rule::DecayAfterStep => {
            "you decayed the weights after the Adam step: AdamW decays the old w first, then \
             steps"
        }
        Rule::DecayWithoutLr => "the decay is w ← w − η·λ·w: the learning rate is missing",
        Rule::DecayForAdam => "you applied weight decay for Method::Adam: it is AdamW only",
        Rule::CorrectionAhead => {
            "the bias correction used t + 1: increment t first, and the first step's \
             correction is 1 − β¹ (t = 1)"
        }
    }
}

/// The grader's path of `steps` steps along `gradient` from `w0`.
fn grader_path(
    p: &OptimizerParams,
    w0: &Array1<f64>,
    gradient: &dyn Fn(usize, &Array1<f64>) -> Array1<f64>,
    steps: usize,
    rule: Rule,
) -> Sim {
    let mut sim = Sim::new(w0);
    for k in 0..steps {
        let g = gradient(k, &sim.w);
        sim.step(p, &g, rule);
    }
    sim
}

/// Runs the learner's `step` on one tensor `steps` times, with gradients from `gradient`.
fn learner_run(
    p: &OptimizerParams,
    w0: &Array1<f64>,
    gradient: &dyn Fn(usize, &Array1<f64>) -> Array1<f64>,
    steps: usize,
) -> (Array1<f64>, Optimizer) {
    let mut opt = Optimizer::new(*p).expect("valid settings");
    let mut w = w0.clone();
    for k in 0..steps {
        let g = gradient(k, &w);
        call_ok!(optimizers::step(&mut opt, &mut [w.view_mut()], &[g.view()]));
    }
    (w, opt)
}

/// Compares `got` (after `what`) with the doc's rule, naming the first mistaken rule that
/// matches.
fn expect_rule(
    what: &str,
    got: &Array1<f64>,
    p: &OptimizerParams,
    w0: &Array1<f64>,
    gradient: &dyn Fn(usize, &Array1<f64>) -> Array1<f64>,
    steps: usize,
    rules: &[Rule],
) {
    let wanted = grader_path(p, w0, gradient, steps, Rule::Doc).w;
    let mut check = expect_array(what, got, &wanted)
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis();
    for &rule in rules {
        let mistaken = grader_path(p, w0, gradient, steps, rule).w;
        if mistaken
            .iter()
            .zip(&wanted)
            .any(|(a, b)| !Tolerance::rel(1e-9).accepts(*a, *b))
        {
            check = check.mistake_array(&mistaken, mistake_text(rule));
        }
    }
    check.assert();
}

const SGD_RULES: [Rule; 6] = [
    Rule::Dampened,
    Rule::StaleVelocity,
    Rule::NoMemory,
    Rule::LookAheadWithoutMu,
    Rule::HeavyBallForNesterov,
    Rule::NesterovForHeavyBall,
];

const ADAM_RULES: [Rule; 9] = [
    Rule::NoBiasCorrection,
    Rule::EpsInsideRoot,
    Rule::BetasSwapped,
    Rule::VOfAbsGradient,
    Rule::CoupledDecay,
    Rule::DecayAfterStep,
    Rule::DecayWithoutLr,
    Rule::DecayForAdam,
    Rule::CorrectionAhead,
];

/// The fixed gradients 1, 1, −2, 0.5, … of the hand-worked SGD steps, whatever w is.
fn hand_gradients(k: usize, w: &Array1<f64>) -> Array1<f64> {
    let values = [1.0, 1.0, -2.0, 0.5, 3.0];
    Array1::from_elem(w.len(), values[k % values.len()])
}

fn state_of(opt: &Optimizer, what: &str) -> TensorState {
    require(opt.state.len() == 1, || {
        format!(
            "{what}: after steps of one tensor, opt.state should hold 1 TensorState, got {}",
            opt.state.len()
        )
    });
    opt.state[0].clone()
}

// ---------------------------------------------------------------------------------------
// SGD and Nesterov
// ---------------------------------------------------------------------------------------

#[test]
fn plain_sgd_steps_against_the_gradient() {
    let p = OptimizerParams::sgd(0.1);
    let mut opt = Optimizer::new(p).expect("valid");
    let mut w = array![1.0, -2.0];
    let g = array![0.5, 1.0];
    call_ok!(optimizers::step(&mut opt, &mut [w.view_mut()], &[g.view()]));
    // w − 0.1·g = [1 − 0.05, −2 − 0.1].
    expect_array(
        "w after one plain SGD step (η 0.1) from [1, −2] along [0.5, 1]",
        &w,
        &array![0.95, -2.1],
    )
    .mistake_array(
        &array![1.05, -1.9],
        "you stepped along the gradient: w ← w − η·g goes against it",
    )
    .mistake_array(
        &array![0.5, -3.0],
        "the learning rate is missing: w ← w − η·g",
    )
    .assert();
    let state = state_of(&opt, "plain SGD");
    require(state.t == 1, || {
        format!("state.t after one step should be 1, got {}", state.t)
    });
}

#[test]
fn momentum_steps_by_hand() {
    let p = OptimizerParams::sgd(0.1).momentum(0.9);
    // The doc's example: w = 1, gradients 1 then 1: v = 1, w = 0.9; v = 1.9, w = 0.71.
    let w0 = array![1.0];
    let (w, opt) = learner_run(&p, &w0, &hand_gradients, 2);
    let what = "w after 2 steps of SGD (η 0.1, momentum 0.9) from 1 with gradients 1, 1";
    expect(what, w[0], 0.71)
        .tol(Tolerance::rel(1e-12))
        .mistake(0.8, mistake_text(Rule::NoMemory))
        .mistake(0.9 - 0.1 * (0.9 * 0.1 + 0.1), mistake_text(Rule::Dampened))
        .mistake(0.9, mistake_text(Rule::StaleVelocity))
        .mistake(
            1.0 - 0.19 - 0.1 * (1.0 + 1.71),
            mistake_text(Rule::NesterovForHeavyBall),
        )
        .no_generic_diagnosis()
        .assert();
    let state = state_of(&opt, "SGD with momentum");
    expect_array(
        "state.velocity after those 2 steps (v ← μ·v + g: 1, then 1.9)",
        &state.velocity,
        &array![1.9],
    )
    .mistake_array(
        &array![-0.19],
        "you stored −η·v (the 'classic' velocity): keep PyTorch's v ← μ·v + g, and step w ← \
         w − η·v",
    )
    .mistake_array(&array![0.19], "you stored η·v: keep v ← μ·v + g, without η")
    .no_generic_diagnosis()
    .assert();
    require(state.t == 2, || {
        format!("state.t after 2 steps should be 2, got {}", state.t)
    });
    // Five steps, gradients 1, 1, −2, 0.5, 3, on a vector.
    let w0 = array![1.0, -3.0, 0.25];
    let (w, _) = learner_run(&p, &w0, &hand_gradients, 5);
    expect_rule(
        "w after 5 SGD steps (η 0.1, momentum 0.9) with gradients 1, 1, −2, 0.5, 3, against \
         PyTorch's rule",
        &w,
        &p,
        &w0,
        &hand_gradients,
        5,
        &SGD_RULES,
    );
}

#[test]
fn nesterov_steps_by_hand() {
    let p = OptimizerParams::nesterov(0.1, 0.9);
    // w = 1, g = 1: v = 1, w = 1 − 0.1·(1 + 0.9) = 0.81; g = 1: v = 1.9, w = 0.81 − 0.1·2.71.
    let w0 = array![1.0];
    let (w, opt) = learner_run(&p, &w0, &hand_gradients, 2);
    expect(
        "w after 2 Nesterov steps (η 0.1, μ 0.9) from 1 with gradients 1, 1",
        w[0],
        0.539,
    )
    .tol(Tolerance::rel(1e-12))
    .mistake(0.71, mistake_text(Rule::HeavyBallForNesterov))
    .mistake(
        1.0 - 0.2 - 0.1 * (1.0 + 1.9),
        mistake_text(Rule::LookAheadWithoutMu),
    )
    .mistake(0.8, mistake_text(Rule::NoMemory))
    .no_generic_diagnosis()
    .assert();
    let state = state_of(&opt, "Nesterov");
    expect_array(
        "state.velocity after those 2 steps (1, then 1.9)",
        &state.velocity,
        &array![1.9],
    )
    .no_generic_diagnosis()
    .assert();
    let w0 = array![2.0, -0.5];
    let (w, _) = learner_run(&p, &w0, &hand_gradients, 5);
    expect_rule(
        "w after 5 Nesterov steps (η 0.1, μ 0.9) with gradients 1, 1, −2, 0.5, 3, against \
         PyTorch's rule",
        &w,
        &p,
        &w0,
        &hand_gradients,
        5,
        &SGD_RULES,
    );
}

// ---------------------------------------------------------------------------------------
// Adam and AdamW
// ---------------------------------------------------------------------------------------

/// Gradients of different sizes per element, changing with the step.
fn adam_gradients(k: usize, w: &Array1<f64>) -> Array1<f64> {
    let scale = [1.0, -0.5, 2.0, 0.25][k % 4];
    Array1::from_shape_fn(w.len(), |i| {
        scale * [4.0, -0.01, 0.0, 300.0][i % 4] + 0.1 * w[i]
    })
}

#[test]
fn adam_first_step_moves_every_parameter_by_about_the_learning_rate() {
    let p = OptimizerParams::adam(0.1);
    let w0 = array![1.0, -1.0, 0.5, 2.0];
    let g = array![4.0, -0.01, 0.0, 300.0];
    let (w, opt) = learner_run(&p, &w0, &|_, _| g.clone(), 1);
    // m̂ = g and v̂ = g² after one step: w − 0.1·g/(|g| + 1e-8).
    let wanted = Array1::from_shape_fn(4, |i| w0[i] - 0.1 * g[i] / (g[i].abs() + 1e-8));
    let mut check = expect_array(
        "w after one Adam step (η 0.1) from [1, −1, 0.5, 2] along [4, −0.01, 0, 300]: w − \
         0.1·g/(|g| + 1e-8)",
        &w,
        &wanted,
    )
    .tol(Tolerance::rel(1e-9))
    .no_generic_diagnosis();
    for rule in ADAM_RULES {
        let mistaken = grader_path(&p, &w0, &|_, _| g.clone(), 1, rule).w;
        if mistaken
            .iter()
            .zip(&wanted)
            .any(|(a, b)| (a - b).abs() > 1e-9)
        {
            check = check.mistake_array(&mistaken, mistake_text(rule));
        }
    }
    if w.iter().any(|v| !v.is_finite()) {
        fail(format!(
            "w after one Adam step: got a value that is not finite ({})\n    likely mistake: \
             the bias correction divided by 1 − β⁰ = 0 (t must be incremented before it is \
             used, so the first step has t = 1), or ε forgotten where v̂ = 0",
            w.iter()
                .find(|v| !v.is_finite())
                .copied()
                .unwrap_or(f64::NAN)
        ));
    }
    check.assert();
    let state = state_of(&opt, "Adam");
    require(state.t == 1, || {
        format!("state.t after one Adam step should be 1, got {}", state.t)
    });
    expect_array(
        "state.m after one Adam step: (1 − β₁)·g",
        &state.m,
        &(&g * 0.1),
    )
    .mistake_array(
        &(&g * 0.9),
        "m ← β₁·m + (1 − β₁)·g: β₁ and 1 − β₁ are swapped",
    )
    .mistake_array(
        &g,
        "you stored the bias-corrected m̂ in state.m: keep m itself",
    )
    .assert();
    expect_array(
        "state.v after one Adam step: (1 − β₂)·g²",
        &state.v,
        &(&g * &g * 0.001),
    )
    .tol(Tolerance::rel(1e-9))
    .mistake_array(
        &(&g * &g),
        "you stored the bias-corrected v̂ in state.v: keep v itself",
    )
    .assert();
}

#[test]
fn adam_steps_follow_pytorchs_rule() {
    let p = OptimizerParams::adam(0.05);
    let w0 = array![1.0, -1.0, 0.5, 2.0];
    let (w, opt) = learner_run(&p, &w0, &adam_gradients, 6);
    expect_rule(
        "w after 6 Adam steps (η 0.05, β 0.9 and 0.999, ε 1e-8), against PyTorch's rule",
        &w,
        &p,
        &w0,
        &adam_gradients,
        6,
        &ADAM_RULES,
    );
    let state = state_of(&opt, "Adam");
    require(state.t == 6, || {
        format!("state.t after 6 Adam steps should be 6, got {}", state.t)
    });
    let sim = grader_path(&p, &w0, &adam_gradients, 6, Rule::Doc);
    expect_array("state.m after 6 Adam steps", &state.m, &sim.m)
        .tol(Tolerance::rel(1e-9))
        .assert();
    expect_array("state.v after 6 Adam steps", &state.v, &sim.v)
        .tol(Tolerance::rel(1e-9))
        .assert();
    // ε matters where v̂ is tiny: with ε = 0.1 it damps the small-gradient parameters.
    let p = OptimizerParams::adam(0.05).eps(0.1).betas(0.8, 0.99);
    let (w, _) = learner_run(&p, &w0, &adam_gradients, 4);
    expect_rule(
        "w after 4 Adam steps with ε 0.1 and betas (0.8, 0.99): ε and the betas come from the \
         settings",
        &w,
        &p,
        &w0,
        &adam_gradients,
        4,
        &ADAM_RULES,
    );
}

#[test]
fn adamw_decays_the_weights_decoupled() {
    // AdamW, η 0.1, λ 0.5, w = 2, g = 1: decay first, w = 2 − 0.1·0.5·2 = 1.9; then the
    // Adam step moves it by 0.1·1/(1 + 1e-8): 1.8 (up to 1e-9).
    let p = OptimizerParams::adamw(0.1).weight_decay(0.5);
    let w0 = array![2.0];
    let (w, _) = learner_run(&p, &w0, &|_, _| array![1.0], 1);
    expect(
        "w after one AdamW step (η 0.1, λ 0.5) from 2 along 1",
        w[0],
        1.9 - 0.1 / (1.0 + 1e-8),
    )
    .tol(Tolerance::rel(1e-12))
    .mistake(
        2.0 - 0.1 / (1.0 + 1e-8),
        "the weight decay is missing: AdamW first shrinks w ← w − η·λ·w",
    )
    .mistake(
        (2.0 - 0.1 / (1.0 + 1e-8)) * (1.0 - 0.05),
        mistake_text(Rule::DecayAfterStep),
    )
    .mistake(1.0 - 0.1 / (1.0 + 1e-8), mistake_text(Rule::DecayWithoutLr))
    .mistake(2.0 - 0.1, mistake_text(Rule::CoupledDecay))
    .no_generic_diagnosis()
    .assert();
    let w0 = array![1.0, -1.0, 0.5, 2.0];
    let p = OptimizerParams::adamw(0.05).weight_decay(0.3);
    let (w, _) = learner_run(&p, &w0, &adam_gradients, 6);
    expect_rule(
        "w after 6 AdamW steps (η 0.05, λ 0.3), against PyTorch's rule",
        &w,
        &p,
        &w0,
        &adam_gradients,
        6,
        &ADAM_RULES,
    );
    // Adam's update rule never decays, whatever weight_decay says (validate rejects the
    // setting; adam_update must still follow the rule "AdamW only").
    let adam = OptimizerParams {
        weight_decay: 0.3,
        ..OptimizerParams::adam(0.05)
    };
    let mut state = TensorState::zeros(4);
    let mut w = w0.clone();
    let g = adam_gradients(0, &w0);
    call!(optimizers::adam_update(
        &adam,
        &mut state,
        w.view_mut(),
        g.view()
    ));
    expect_rule(
        "w after adam_update with Method::Adam and weight_decay 0.3 (decay is AdamW only)",
        &w,
        &adam,
        &w0,
        &adam_gradients,
        1,
        &[Rule::DecayForAdam],
    );
}

// ---------------------------------------------------------------------------------------
// step: several tensors, checks, state
// ---------------------------------------------------------------------------------------

#[test]
fn step_keeps_one_state_per_tensor_in_order() {
    for p in [
        OptimizerParams::adam(0.05),
        OptimizerParams::sgd(0.1).momentum(0.9),
    ] {
        let (a0, b0) = (array![1.0, -2.0, 0.5], array![3.0, 0.25]);
        let (mut a, mut b) = (a0.clone(), b0.clone());
        let mut opt = Optimizer::new(p).expect("valid");
        let ga = |k: usize, w: &Array1<f64>| adam_gradients(k, w);
        let gb = |k: usize, w: &Array1<f64>| adam_gradients(k + 1, w).mapv(|v| -2.0 * v);
        for k in 0..4 {
            let (g1, g2) = (ga(k, &a), gb(k, &b));
            call_ok!(optimizers::step(
                &mut opt,
                &mut [a.view_mut(), b.view_mut()],
                &[g1.view(), g2.view()]
            ));
        }
        require(opt.state.len() == 2, || {
            format!(
                "{:?}: after steps of 2 tensors opt.state should hold 2 TensorStates (one per \
                 tensor), got {}",
                p.method,
                opt.state.len()
            )
        });
        require(opt.state[0].t == 4 && opt.state[1].t == 4, || {
            format!(
                "{:?}: after 4 steps of 2 tensors each tensor's t should be 4, got {} and {}\n    \
                 likely mistake: {}",
                p.method,
                opt.state[0].t,
                opt.state[1].t,
                if opt.state[0].t + opt.state[1].t == 8 {
                    "one step count shared by the tensors: each TensorState counts its own steps"
                } else {
                    "t is counted once per step of each tensor (state.t += 1 in the update)"
                }
            )
        });
        let fresh_each_step = grader_path(&p, &a0, &|k, w| ga(k, w), 4, Rule::NoMemory).w;
        let what = format!("{:?}: tensor 0 after 4 steps of 2 tensors", p.method);
        let wanted = grader_path(&p, &a0, &|k, w| ga(k, w), 4, Rule::Doc).w;
        let mut check = expect_array(&what, &a, &wanted)
            .tol(Tolerance::rel(1e-9))
            .no_generic_diagnosis();
        if p.method == Method::Sgd {
            check = check.mistake_array(&fresh_each_step, mistake_text(Rule::NoMemory));
        }
        check.assert();
        expect_array(
            format!(
                "{:?}: tensor 1 after 4 steps of 2 tensors (its own state)",
                p.method
            ),
            &b,
            &grader_path(&p, &b0, &|k, w| gb(k, w), 4, Rule::Doc).w,
        )
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis()
        .assert();
    }
}

#[test]
fn step_keeps_the_state_between_calls() {
    // The state must survive from one step to the next: 3 Adam steps differ from 3 first
    // steps.
    let p = OptimizerParams::adam(0.1);
    let w0 = array![1.0, 2.0];
    let (w, _) = learner_run(&p, &w0, &adam_gradients, 3);
    let mut fresh = w0.clone();
    for k in 0..3 {
        let g = adam_gradients(k, &fresh);
        let mut sim = Sim::new(&fresh);
        sim.step(&p, &g, Rule::Doc);
        fresh = sim.w;
    }
    expect_array(
        "w after 3 Adam steps through step() (the state carries over between calls)",
        &w,
        &grader_path(&p, &w0, &adam_gradients, 3, Rule::Doc).w,
    )
    .tol(Tolerance::rel(1e-9))
    .no_generic_diagnosis()
    .mistake_array(
        &fresh,
        "every step starts from a fresh state: create the state only when opt.state is empty, \
         and keep it in opt.state",
    )
    .assert();
}

fn shape(expected: &str, got: &str) -> OptimError {
    OptimError::Shape {
        what: "step",
        expected: expected.into(),
        got: got.into(),
    }
}

/// Calls the learner's step, expects an error, and checks nothing changed.
fn expect_step_error(
    what: &str,
    opt: &mut Optimizer,
    tensors: &mut [Array1<f64>],
    grads: &[Array1<f64>],
    wanted: OptimError,
    mistakes: &[(OptimError, &str)],
) {
    let before = (opt.clone(), tensors.to_vec());
    let result = {
        let mut views: Vec<_> = tensors.iter_mut().map(|t| t.view_mut()).collect();
        let grad_views: Vec<ArrayView1<f64>> = grads.iter().map(|g| g.view()).collect();
        match catch_panic(what, || optimizers::step(opt, &mut views, &grad_views)) {
            Ok(result) => result,
            Err(message) => fail(format!(
                "{what}: your code panicked: {message}\n    likely mistake: a check is \
                 missing: return the OptimError::Shape the doc lists before touching anything"
            )),
        }
    };
    let error = expect_err(what, "the shapes do not match", result);
    expect_error(what, error, wanted, mistakes);
    require(
        opt.state == before.0.state && tensors == before.1.as_slice(),
        || {
            format!(
                "{what}: the error is right, but the parameters or the state changed before it was \
             returned\n    likely mistake: do every check (all tensors) before updating any"
            )
        },
    );
}

#[test]
fn step_checks_shapes_in_order_before_changing_anything() {
    let p = OptimizerParams::sgd(0.1).momentum(0.5);
    let mut opt = Optimizer::new(p).expect("valid");
    let mut tensors = vec![array![1.0, 2.0], array![3.0]];
    expect_step_error(
        "step of 2 tensors with 1 gradient",
        &mut opt,
        &mut tensors,
        &[array![1.0, 1.0]],
        shape("2 gradients, one per parameter tensor", "1 gradients"),
        &[],
    );
    expect_step_error(
        "step of tensors [2 values, 1 value] with gradients [2 values, 3 values]",
        &mut opt,
        &mut tensors,
        &[array![1.0, 1.0], array![1.0, 1.0, 1.0]],
        shape("gradient 1 of length 1", "gradient 1 of length 3"),
        &[(
            shape("gradient 1 of length 3", "gradient 1 of length 1"),
            "expected and got are swapped: expected is the tensor's length",
        )],
    );
    // Tensor 0's gradient is fine, tensor 1's is not: tensor 0 must not move.
    expect_step_error(
        "step of tensors [2, 1] with gradients [2, 2] (only the second is wrong)",
        &mut opt,
        &mut tensors,
        &[array![1.0, 1.0], array![1.0, 1.0]],
        shape("gradient 1 of length 1", "gradient 1 of length 2"),
        &[],
    );
    // A first successful step fixes the layout.
    {
        let mut views: Vec<_> = tensors.iter_mut().map(|t| t.view_mut()).collect();
        let (g0, g1) = (array![1.0, 1.0], array![1.0]);
        call_ok!(optimizers::step(
            &mut opt,
            &mut views,
            &[g0.view(), g1.view()]
        ));
    }
    let mut three = vec![array![1.0, 2.0], array![3.0], array![4.0]];
    expect_step_error(
        "a step of 3 tensors after a first step of 2",
        &mut opt,
        &mut three,
        &[array![1.0, 1.0], array![1.0], array![1.0, 2.0]],
        shape(
            "2 parameter tensors, as in the first step",
            "3 parameter tensors",
        ),
        &[(
            shape("gradient 2 of length 1", "gradient 2 of length 2"),
            "you checked each gradient before the number of tensors against the state",
        )],
    );
    let mut swapped = vec![array![3.0], array![1.0, 2.0]];
    expect_step_error(
        "a step of tensors [1 value, 2 values] after a first step of [2 values, 1 value]",
        &mut opt,
        &mut swapped,
        &[array![1.0], array![1.0, 1.0]],
        shape(
            "tensor 0 of length 2, as in the first step",
            "tensor 0 of length 1",
        ),
        &[],
    );
    let mut bad_both = vec![array![3.0], array![1.0, 2.0]];
    expect_step_error(
        "tensor 0 of the wrong length for the state, with gradient 0 of the wrong length too",
        &mut opt,
        &mut bad_both,
        &[array![1.0, 1.0, 1.0], array![1.0, 1.0]],
        shape("gradient 0 of length 1", "gradient 0 of length 3"),
        &[(
            shape(
                "tensor 0 of length 2, as in the first step",
                "tensor 0 of length 1",
            ),
            "you compared with the state before checking the gradient's length: the gradient \
             comes first",
        )],
    );
}

#[test]
fn reset_forgets_the_state() {
    for p in [
        OptimizerParams::adam(0.1),
        OptimizerParams::nesterov(0.1, 0.9),
    ] {
        let w0 = array![1.0, -1.0, 0.5, 2.0];
        let (_, mut opt) = learner_run(&p, &w0, &adam_gradients, 3);
        call!(optimizers::reset(&mut opt));
        require(opt.state.is_empty(), || {
            format!(
                "{:?}: after reset, opt.state should be empty, got {} TensorStates (t = {})\n    \
                 likely mistake: {}",
                p.method,
                opt.state.len(),
                opt.state.first().map_or(0, |s| s.t),
                "clear it (opt.state.clear()): the next step creates a fresh state"
            )
        });
        require(opt.params == p, || {
            format!(
                "{:?}: reset must keep the settings, got {:?}",
                p.method, opt.params
            )
        });
    }
    // A second run after reset must be the first run again.
    let p = OptimizerParams::adam(0.1);
    let w0 = array![1.0, -1.0];
    let (first, mut opt) = learner_run(&p, &w0, &adam_gradients, 3);
    call!(optimizers::reset(&mut opt));
    let mut w = w0.clone();
    for k in 0..3 {
        let g = adam_gradients(k, &w);
        call_ok!(optimizers::step(&mut opt, &mut [w.view_mut()], &[g.view()]));
    }
    expect_array(
        "w after reset and 3 more Adam steps from the start: the second run should repeat the \
         first",
        &w,
        &first,
    )
    .tol(Tolerance::rel(1e-12))
    .no_generic_diagnosis()
    .assert();
}

// ---------------------------------------------------------------------------------------
// minimize and Rosenbrock
// ---------------------------------------------------------------------------------------

#[test]
fn minimize_records_the_path() {
    // f(w) = w², gradient 2w, plain SGD with η 0.1: w ← 0.8·w: 1, 0.8, 0.64, 0.512.
    let p = OptimizerParams::sgd(0.1);
    let path = call_ok!(optimizers::minimize(
        &p,
        array![1.0].view(),
        |w: ArrayView1<f64>| w.mapv(|v| 2.0 * v),
        3
    ));
    expect_array(
        "path of minimize(SGD η 0.1, start [1], gradient 2w, 3 steps): rows start, 0.8, 0.64, 0.512",
        &path,
        &array![[1.0], [0.8], [0.64], [0.512]],
    )
    .mistake_array(&array![[0.8], [0.64], [0.512], [0.4096]], "the start is missing from row 0")
    .assert();
    let path = call_ok!(optimizers::minimize(
        &p,
        array![1.0, -2.0].view(),
        |w: ArrayView1<f64>| w.mapv(|v| 2.0 * v),
        0
    ));
    expect_array(
        "path of minimize with 0 steps: the start alone",
        &path,
        &array![[1.0, -2.0]],
    )
    .assert();
    // Two runs of the same settings: the same path (a fresh optimizer each time).
    let adam = OptimizerParams::adam(0.05);
    let run = || {
        call_ok!(optimizers::minimize(
            &adam,
            array![-1.5, 2.0].view(),
            |w: ArrayView1<f64>| rosenbrock_gradient(w),
            20
        ))
    };
    let (a, b) = (run(), run());
    expect_array(
        "a second minimize with the same settings (a fresh optimizer)",
        &b,
        &a,
    )
    .tol(Tolerance::TIGHT)
    .assert();
    let error = expect_err(
        "minimize with learning rate 0",
        "Optimizer::new(*params)? validates the settings",
        call!(optimizers::minimize(
            &OptimizerParams::sgd(0.0),
            array![1.0].view(),
            |w: ArrayView1<f64>| w.to_owned(),
            3
        ))
        .map(|p| format!("a path of shape {:?}", p.shape())),
    );
    require(matches!(error, OptimError::InvalidParams(_)), || {
        format!("minimize with learning rate 0: expected OptimError::InvalidParams, got {error:?}")
    });
    let result = match catch_panic("minimize with a gradient of the wrong length", || {
        optimizers::minimize(
            &p,
            array![1.0, 2.0].view(),
            |_: ArrayView1<f64>| array![1.0],
            2,
        )
    }) {
        Ok(result) => result,
        Err(message) => fail(format!(
            "minimize with a gradient of 1 value for a point of 2: your code panicked: \
             {message}\n    likely mistake: call step(...)? and pass its error on"
        )),
    };
    let error = expect_err(
        "minimize with a gradient of 1 value for a point of 2",
        "step rejects a gradient of the wrong length",
        result.map(|p| format!("a path of shape {:?}", p.shape())),
    );
    expect_error(
        "minimize with a gradient of the wrong length",
        error,
        shape("gradient 0 of length 2", "gradient 0 of length 1"),
        &[],
    );
}

#[test]
fn the_optimizers_go_down_the_rosenbrock_valley() {
    let start = array![-1.5, 2.0];
    let steps = 400;
    let gradient = |_: usize, w: &Array1<f64>| rosenbrock_gradient(w.view());
    for (p, rules) in [
        (OptimizerParams::sgd(1e-3).momentum(0.9), &SGD_RULES[..]),
        (OptimizerParams::nesterov(1e-3, 0.9), &SGD_RULES[..]),
        (OptimizerParams::adam(0.05), &ADAM_RULES[..]),
        (
            OptimizerParams::adamw(0.05).weight_decay(0.01),
            &ADAM_RULES[..],
        ),
    ] {
        let path = call_ok!(optimizers::minimize(
            &p,
            start.view(),
            |w: ArrayView1<f64>| rosenbrock_gradient(w),
            steps
        ));
        require(path.dim() == (steps + 1, 2), || {
            format!(
                "{:?} on Rosenbrock: the path of {steps} steps should be {} × 2, got {:?}",
                p.method,
                steps + 1,
                path.shape()
            )
        });
        let end = path.row(steps).to_owned();
        expect_rule(
            &format!(
                "{:?} on Rosenbrock from (−1.5, 2), point after {steps} steps, against PyTorch's \
                 rule",
                p.method
            ),
            &end,
            &p,
            &start,
            &gradient,
            steps,
            rules,
        );
        let (f0, f1) = (rosenbrock(start.view()), rosenbrock(end.view()));
        require(f1 < 0.1 * f0, || {
            format!(
                "{:?} on Rosenbrock: f went from {f0:.3} to {f1:.3} in {steps} steps",
                p.method
            )
        });
    }
    // Momentum earns its name: at the same learning rate, plain SGD is far behind.
    let plain = grader_path(
        &OptimizerParams::sgd(1e-3),
        &start,
        &gradient,
        steps,
        Rule::Doc,
    )
    .w;
    let heavy = grader_path(
        &OptimizerParams::sgd(1e-3).momentum(0.9),
        &start,
        &gradient,
        steps,
        Rule::Doc,
    )
    .w;
    let (fp, fh) = (rosenbrock(plain.view()), rosenbrock(heavy.view()));
    require(fh < fp, || {
        format!("grader self-check: momentum {fh} should beat plain SGD {fp}")
    });
}

#[test]
fn the_settings_are_validated() {
    for (p, why) in [
        (OptimizerParams::sgd(-0.1), "a negative learning rate"),
        (
            OptimizerParams::nesterov(0.1, 0.0),
            "Nesterov without momentum",
        ),
        (OptimizerParams::sgd(0.1).momentum(1.0), "momentum 1"),
        (OptimizerParams::adam(0.1).betas(0.9, 1.0), "β₂ = 1"),
        (
            OptimizerParams::adam(0.1).weight_decay(0.1),
            "weight decay for Adam",
        ),
    ] {
        let error = expect_err(
            &format!("minimize with {why}"),
            "the settings are invalid: Optimizer::new(*params)? says so",
            call!(optimizers::minimize(
                &p,
                array![1.0].view(),
                |w: ArrayView1<f64>| w.to_owned(),
                1
            ))
            .map(|path: Array2<f64>| format!("a path of shape {:?}", path.shape())),
        );
        expect_error(
            &format!("minimize with {why}"),
            error,
            p.validate().expect_err("invalid"),
            &[],
        );
    }
}

#[test]
fn sgd_update_updates_the_velocity_and_counts_the_step() {
    // Called directly on a state that already has a velocity: v = 0.5·[2, −1] + [1, 1].
    let p = OptimizerParams::sgd(0.1).momentum(0.5);
    let mut state = TensorState {
        velocity: array![2.0, -1.0],
        m: Array1::zeros(2),
        v: Array1::zeros(2),
        t: 3,
    };
    let mut w = array![1.0, 1.0];
    let g = array![1.0, 1.0];
    call!(optimizers::sgd_update(
        &p,
        &mut state,
        w.view_mut(),
        g.view()
    ));
    expect_array(
        "state.velocity after sgd_update (μ 0.5) from velocity [2, −1] along [1, 1]",
        &state.velocity,
        &array![2.0, 0.5],
    )
    .mistake_array(&array![1.0, 1.0], mistake_text(Rule::NoMemory))
    .mistake_array(&array![1.5, 0.0], mistake_text(Rule::Dampened))
    .no_generic_diagnosis()
    .assert();
    expect_array(
        "w after that sgd_update (η 0.1): w − η·v",
        &w,
        &array![0.8, 0.95],
    )
    .mistake_array(&array![0.8, 1.1], mistake_text(Rule::StaleVelocity))
    .no_generic_diagnosis()
    .assert();
    require(state.t == 4, || {
        format!(
            "state.t was 3 before sgd_update and should be 4 after, got {}",
            state.t
        )
    });
}
