//! Grader of exercises/03_regression/sgd.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/03_regression/sgd.rs"]
mod sgd;
#[cfg(feature = "solutions")]
use mlings::reference::sgd;

mod regression_support;

use mlings::call;
use mlings::grade::{Tolerance, expect, expect_array, require};
use mlings::prep::rng;
use mlings::types::sgd::{LinearError, LinearModel, SgdParams};
use ndarray::{Array1, ArrayView1, ArrayView2, array};
use rand::seq::SliceRandom;
use regression_support::{
    converged, descend_by_the_doc, error_of, expect_diverged, flatten, linfa_least_squares,
    predictions, slow_divergence_probe, test_r2,
};

/// The mean squared error of `model` on (x, y), written out.
fn mse(model: &LinearModel, x: ArrayView2<f64>, y: ArrayView1<f64>) -> f64 {
    let residuals = predictions(model, x) - y;
    residuals.dot(&residuals) / y.len() as f64
}

#[test]
fn learning_rate_schedule_by_hand() {
    let params = SgdParams::new(0.5).decay(1.0);
    // η_e = 0.5 / (1 + e): 0.5, 0.25, 0.125 at epochs 0, 1, 3.
    for (epoch, expected) in [(0, 0.5), (1, 0.25), (3, 0.125)] {
        let got = call!(sgd::learning_rate(&params, epoch));
        expect(
            format!("learning rate at epoch {epoch} with η₀ = 0.5, decay 1"),
            got,
            expected,
        )
        .mistake(
            0.5 / (2.0f64).powi(epoch as i32),
            "that is exponential decay η₀ / (1 + decay)^e: divide by 1 + decay · e instead",
        )
        .mistake(
            0.5,
            "the rate did not change: η_e = η₀ / (1 + decay · e) shrinks with the epoch",
        )
        .mistake(
            0.5 / (2.0 + epoch as f64),
            "the epoch counted from 1: epochs count from 0, and epoch 0 uses η₀ itself",
        )
        .assert();
    }
    let constant = call!(sgd::learning_rate(&SgdParams::new(0.5), 7));
    expect("learning rate at epoch 7 without decay", constant, 0.5).assert();
}

/// Stochastic steps (batch 1, rate 0.1) from zero over the rows of x = [1, 2, 3],
/// y = [2, 3, 5], visiting them in the given orders, one order per epoch:
/// r = b + w·x − y, then b −= 0.1·2r and w −= 0.1·2r·x.
fn stochastic_steps_by_hand(orders: &[Vec<usize>]) -> Array1<f64> {
    let (x, y) = ([1.0, 2.0, 3.0], [2.0, 3.0, 5.0]);
    let (mut b, mut w) = (0.0, 0.0);
    for &i in orders.iter().flatten() {
        let r = b + w * x[i] - y[i];
        b -= 0.1 * 2.0 * r;
        w -= 0.1 * 2.0 * r * x[i];
    }
    array![b, w]
}

#[test]
fn two_epochs_of_stochastic_descent_by_hand() {
    let x = array![[1.0], [2.0], [3.0]];
    let y = array![2.0, 3.0, 5.0];
    let params = SgdParams::new(0.1).batch_size(1).epochs(2).seed(5);
    let result = converged("SGD", call!(sgd::fit(x.view(), y.view(), &params)));
    // The documented shuffle: one generator, the same order reshuffled at each epoch.
    let mut generator = rng(5);
    let mut order = vec![0, 1, 2];
    order.shuffle(&mut generator);
    let first = order.clone();
    order.shuffle(&mut generator);
    let second = order.clone();
    // Two ways to get it wrong: a new generator for the second epoch, or a fresh 0..n
    // shuffled at the second epoch. (Seed 5 makes all these orders differ.)
    let mut restarted = first.clone();
    restarted.shuffle(&mut rng(5));
    let mut generator = rng(5);
    [0, 1, 2].shuffle(&mut generator);
    let mut fresh = vec![0, 1, 2];
    fresh.shuffle(&mut generator);
    expect_array(
        format!("(b, w) after two epochs of SGD visiting rows {first:?} then {second:?}"),
        &flatten(&result.model),
        &stochastic_steps_by_hand(&[first.clone(), second]),
    )
    .mistake_array(
        &stochastic_steps_by_hand(&[vec![0, 1, 2], vec![0, 1, 2]]),
        "you visited the rows in file order: shuffle `order` with `order.shuffle(&mut rng)` \
         at the start of every epoch, with rng = mlings::prep::rng(params.seed)",
    )
    .mistake_array(
        &stochastic_steps_by_hand(&[first.clone(), first.clone()]),
        "both epochs visited the rows in the same order: shuffle at the start of EVERY epoch",
    )
    .mistake_array(
        &stochastic_steps_by_hand(&[first.clone(), restarted]),
        "you made a new generator for each epoch: create it once, before the first epoch",
    )
    .mistake_array(
        &stochastic_steps_by_hand(&[first, fresh]),
        "you rebuilt the order 0..n before each shuffle: keep one `order` and reshuffle it",
    )
    .assert();
    require(result.loss_history.len() == 3, || {
        format!(
            "2 epochs should give 3 losses (the start and after each epoch), got {}",
            result.loss_history.len()
        )
    });
    expect(
        "loss_history[0]: the MSE of the zero model, (4 + 9 + 25) / 3",
        result.loss_history[0],
        38.0 / 3.0,
    )
    .assert();
}

#[test]
fn the_same_seed_gives_the_same_weights() {
    let split = regression_support::diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let params = SgdParams::new(0.05)
        .batch_size(16)
        .decay(0.3)
        .epochs(10)
        .seed(3);
    let first = converged("SGD", call!(sgd::fit(x, y, &params)));
    let again = converged("SGD", call!(sgd::fit(x, y, &params)));
    require(first == again, || {
        "two runs with seed 3 gave different results: every random choice must come from \
         one generator made with mlings::prep::rng(params.seed) inside fit (not thread_rng, \
         not a generator kept between calls)"
            .to_string()
    });
    let other = converged("SGD", call!(sgd::fit(x, y, &params.clone().seed(4))));
    require(first.model != other.model, || {
        "seeds 3 and 4 gave the same weights: shuffle the rows every epoch with the \
         seeded generator"
            .to_string()
    });
}

#[test]
fn a_batch_as_large_as_the_data_is_batch_gradient_descent() {
    let split = regression_support::diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let n = y.len() as f64;
    let params = SgdParams::new(0.1).batch_size(1_000).epochs(50).seed(1);
    let result = match call!(sgd::fit(x, y, &params)) {
        Ok(result) => result,
        Err(LinearError::Diverged { .. }) => mlings::grade::fail(
            "SGD with one batch of all rows diverged at rate 0.1, where batch gradient descent \
             converges.\n    likely mistake: the batch gradient is a sum; divide it by the \
             number of rows in the batch"
                .to_string(),
        ),
        Err(error) => mlings::grade::fail(format!(
            "SGD with one batch of all rows returned an error on valid input: {error}"
        )),
    };
    // Plain batch gradient descent, written out: 50 steps of 0.1 on the MSE.
    let mut model = LinearModel::zeros(x.ncols());
    for _ in 0..50 {
        let r = predictions(&model, x) - y;
        model.intercept -= 0.1 * 2.0 * r.sum() / n;
        model.coefficients = &model.coefficients - &(x.t().dot(&r) * (0.1 * 2.0 / n));
    }
    expect_array(
        "(b, w) after 50 epochs with one batch of all 353 rows (batch gradient descent)",
        &flatten(&result.model),
        &flatten(&model),
    )
    .tol(Tolerance::rel(1e-9))
    .assert();
    expect(
        "the last loss of the 50 epochs",
        *result.loss_history.last().expect("51 losses"),
        mse(&model, x, y),
    )
    .tol(Tolerance::rel(1e-9))
    .assert();
}

#[test]
fn decaying_the_learning_rate_settles_near_the_minimum() {
    let split = regression_support::diabetes();
    let (x, y) = (split.x_train.view(), split.y_train.view());
    let closed_form = linfa_least_squares(x, y);
    let minimum = mse(&closed_form, x, y);
    let stochastic = SgdParams::new(0.01).batch_size(1).epochs(30).seed(1);
    let constant = converged("SGD", call!(sgd::fit(x, y, &stochastic)));
    let bouncing = *constant.loss_history.last().expect("31 losses");
    let decayed = converged("SGD", call!(sgd::fit(x, y, &stochastic.clone().decay(0.3))));
    require(decayed.loss_history.len() == 31, || {
        format!(
            "30 epochs should give 31 losses, got {}",
            decayed.loss_history.len()
        )
    });
    let reached = *decayed.loss_history.last().expect("31 losses");
    expect(
        "training MSE after 30 epochs of SGD (batch 1, η₀ = 0.01, decay 0.3) vs the \
         least-squares minimum",
        reached,
        minimum,
    )
    .tol(Tolerance::rel(0.01))
    .mistake(
        bouncing,
        "with decay 0.3 you end exactly where the constant rate does: the decay is ignored; \
         step with learning_rate(params, epoch)",
    )
    .no_generic_diagnosis()
    .assert();
    expect(
        "test R² of SGD on standardized diabetes vs the closed form (0.4526)",
        test_r2(&decayed.model, &split),
        0.4526,
    )
    .tol(Tolerance::abs(0.02))
    .assert();
    require(reached < bouncing, || {
        format!(
            "with decay 0.3 the last loss ({reached:.1}) should be below the loss without \
             decay ({bouncing:.1}): a constant rate keeps the weights bouncing around the \
             minimum"
        )
    });
}

#[test]
fn too_large_a_learning_rate_is_reported_as_divergence() {
    let split = regression_support::diabetes();
    let error = error_of(
        "SGD with batch 1 and learning rate 0.1 on standardized diabetes",
        "Diverged",
        "single rows have curvature near 2‖xᵢ‖² ≈ 20, so steps of 0.1 overshoot and the loss \
         explodes: report Diverged after the epoch instead of returning inf or NaN",
        call!(sgd::fit(
            split.x_train.view(),
            split.y_train.view(),
            &SgdParams::new(0.1).batch_size(1).epochs(5)
        )),
    );
    require(matches!(error, LinearError::Diverged { .. }), || {
        format!("expected LinearError::Diverged {{ .. }}, got {error:?}")
    });
}

#[test]
fn bad_parameters_and_data_are_errors() {
    let x = array![[1.0], [2.0], [3.0]];
    let y = array![2.0, 3.0, 5.0];
    // Learning rate 0 first: code that skips validate() returns Ok there instead of
    // crashing, so the message can say what is missing.
    let bad = [
        (SgdParams::new(0.0), "learning rate 0"),
        (SgdParams::new(0.1).decay(-1.0), "decay −1"),
        (SgdParams::new(0.1).decay(f64::NAN), "decay NaN"),
        (SgdParams::new(0.1).batch_size(0), "batch size 0"),
    ];
    for (params, name) in bad {
        let error = error_of(
            &format!("SGD with {name}"),
            "InvalidParams",
            "call params.validate()? first",
            call!(sgd::fit(x.view(), y.view(), &params)),
        );
        require(matches!(error, LinearError::InvalidParams(_)), || {
            format!("SGD with {name}: expected InvalidParams (from params.validate()), got {error}")
        });
    }
    let cases = [
        (
            "3 rows and 2 targets",
            x.clone(),
            array![1.0, 2.0],
            LinearError::RowsMismatch { rows: 3, values: 2 },
        ),
        (
            "0 rows and 2 targets",
            ndarray::Array2::<f64>::zeros((0, 1)),
            array![1.0, 2.0],
            LinearError::RowsMismatch { rows: 0, values: 2 },
        ),
        (
            "no rows",
            ndarray::Array2::<f64>::zeros((0, 1)),
            Array1::<f64>::zeros(0),
            LinearError::Empty,
        ),
    ];
    for (name, cx, cy, expected) in cases {
        let what = format!("SGD with {name}");
        let error = error_of(
            &what,
            &format!("{expected:?}"),
            "RowsMismatch, then Empty",
            call!(sgd::fit(cx.view(), cy.view(), &SgdParams::new(0.1))),
        );
        let diagnosis = match (&error, &expected) {
            (LinearError::Empty, LinearError::RowsMismatch { .. }) => {
                "\n    likely mistake: you checked Empty before RowsMismatch: the lengths \
                 differ, so that is the error"
            }
            (
                LinearError::RowsMismatch { rows, values },
                LinearError::RowsMismatch { rows: r, values: v },
            ) if rows == v && values == r => {
                "\n    likely mistake: rows and values are swapped: rows is x.nrows()"
            }
            _ => "",
        };
        require(error == expected, || {
            format!("{what}: expected {expected:?}, got {error:?}{diagnosis}")
        });
    }
    // Bad parameters AND no rows: the parameters come first.
    let error = error_of(
        "SGD with batch size 0 AND no rows",
        "InvalidParams",
        "params.validate()? comes before the data checks",
        call!(sgd::fit(
            ndarray::Array2::<f64>::zeros((0, 1)).view(),
            Array1::<f64>::zeros(0).view(),
            &SgdParams::new(0.1).batch_size(0)
        )),
    );
    require(matches!(error, LinearError::InvalidParams(_)), || {
        format!(
            "SGD with batch size 0 AND no rows: expected InvalidParams, got {error:?}\n    \
             likely mistake: you checked the data before params.validate()"
        )
    });
}

/// How the grader's own loop may deviate from the doc, to name a learner's mistake.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Variant {
    Doc,
    RateIgnored,
    RateFromOne,
    RateExponential,
    AveragedOverBatchSize,
    AveragedOverN,
    Summed,
    NeverShuffled,
    GeneratorPerEpoch,
    OrderReset,
    SeedIgnored,
    LastBatchDropped,
    FrozenModel,
    ShuffledOnce,
    DecayPerUpdate,
    SeedPlusEpoch,
    Uphill,
}

impl Variant {
    const MISTAKES: [Variant; 16] = [
        Variant::Uphill,
        Variant::ShuffledOnce,
        Variant::DecayPerUpdate,
        Variant::SeedPlusEpoch,
        Variant::RateIgnored,
        Variant::RateFromOne,
        Variant::RateExponential,
        Variant::AveragedOverBatchSize,
        Variant::AveragedOverN,
        Variant::Summed,
        Variant::NeverShuffled,
        Variant::GeneratorPerEpoch,
        Variant::OrderReset,
        Variant::SeedIgnored,
        Variant::LastBatchDropped,
        Variant::FrozenModel,
    ];

    fn explanation(self) -> &'static str {
        match self {
            Variant::Doc => "",
            Variant::RateIgnored => {
                "you stepped every epoch at η₀: the decay is ignored; step with η_e = \
                 learning_rate(params, e)"
            }
            Variant::RateFromOne => {
                "the decay's epoch counted from 1: epoch 0 uses η₀ itself, epoch e uses \
                 η₀ / (1 + decay · e)"
            }
            Variant::RateExponential => {
                "exponential decay η₀ / (1 + decay)^e: the schedule is η₀ / (1 + decay · e)"
            }
            Variant::AveragedOverBatchSize => {
                "the last batch of each epoch is smaller (7 rows in batches of 3 leave 1), and \
                 you averaged it over params.batch_size: average every batch over its own \
                 length, batch.len()"
            }
            Variant::AveragedOverN => {
                "the batch gradient is divided by n (all rows): average over the batch, \
                 (2/|B|) Σ_B"
            }
            Variant::Summed => {
                "the batch gradient is a sum, not averaged over the batch: multiply by 2/|B|"
            }
            Variant::NeverShuffled => {
                "the rows were never shuffled: order.shuffle(&mut rng) at the start of every \
                 epoch"
            }
            Variant::GeneratorPerEpoch => {
                "you made a new generator every epoch: create it once, before the first epoch, \
                 with rng(params.seed)"
            }
            Variant::OrderReset => {
                "you rebuilt order as 0..n before each shuffle: reshuffle the previous epoch's \
                 order, as the doc says"
            }
            Variant::SeedIgnored => {
                "you ignored params.seed: make the generator with rng(params.seed)"
            }
            Variant::LastBatchDropped => {
                "the last batch (smaller than batch_size) was dropped: order.chunks keeps it, \
                 chunks_exact drops it"
            }
            Variant::ShuffledOnce => {
                "every epoch visited the rows in the same order: you shuffled once, before the \
                 first epoch; reshuffle at the start of every epoch"
            }
            Variant::DecayPerUpdate => {
                "the rate decays per update (per batch): it decays per epoch, η_e = η₀ / (1 + \
                 decay · e), the same for every batch of epoch e"
            }
            Variant::SeedPlusEpoch => {
                "you seeded a new generator with seed + epoch every epoch: create one \
                 generator, rng(params.seed), once before the first epoch"
            }
            Variant::Uphill => {
                "you stepped uphill: each step goes against the batch gradient, θ ← θ − η·g"
            }
            Variant::FrozenModel => {
                "every batch's gradient is taken at the epoch's starting model: take it at the \
                 current model, after the previous batch's step"
            }
        }
    }
}

/// Mini-batch descent written from the doc with plain loops (or one deliberate
/// deviation): the model and the losses after each epoch, without divergence checks.
fn sgd_by_the_doc(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &SgdParams,
    variant: Variant,
) -> (LinearModel, Vec<f64>) {
    let (n, p) = x.dim();
    let mut model = LinearModel::zeros(p);
    let mut losses = vec![mse(&model, x, y)];
    let seed = if variant == Variant::SeedIgnored {
        0
    } else {
        params.seed
    };
    let mut generator = rng(seed);
    let mut order: Vec<usize> = (0..n).collect();
    let mut updates = 0usize;
    for epoch in 0..params.epochs {
        if variant == Variant::GeneratorPerEpoch {
            generator = rng(seed);
        }
        if variant == Variant::SeedPlusEpoch {
            generator = rng(seed + epoch as u64);
        }
        if variant == Variant::OrderReset {
            order = (0..n).collect();
        }
        if variant != Variant::NeverShuffled && (variant != Variant::ShuffledOnce || epoch == 0) {
            order.shuffle(&mut generator);
        }
        let e = epoch as f64;
        let rate = match variant {
            Variant::RateIgnored => params.learning_rate,
            Variant::RateFromOne => params.learning_rate / (1.0 + params.decay * (e + 1.0)),
            Variant::RateExponential => {
                params.learning_rate / (1.0 + params.decay).powi(epoch as i32)
            }
            _ => params.learning_rate / (1.0 + params.decay * e),
        };
        let frozen = model.clone();
        let mut start = 0;
        while start < n {
            let end = (start + params.batch_size).min(n);
            let batch = &order[start..end];
            start = end;
            if variant == Variant::LastBatchDropped && batch.len() < params.batch_size {
                continue;
            }
            let rate = if variant == Variant::DecayPerUpdate {
                params.learning_rate / (1.0 + params.decay * updates as f64)
            } else {
                rate
            };
            updates += 1;
            let at = if variant == Variant::FrozenModel {
                &frozen
            } else {
                &model
            };
            let mut gb = 0.0;
            let mut gw = vec![0.0; p];
            for &i in batch {
                let mut r = at.intercept - y[i];
                for j in 0..p {
                    r += x[[i, j]] * at.coefficients[j];
                }
                gb += r;
                for (j, g) in gw.iter_mut().enumerate() {
                    *g += r * x[[i, j]];
                }
            }
            let scale = match variant {
                Variant::AveragedOverBatchSize => 2.0 / params.batch_size as f64,
                Variant::AveragedOverN => 2.0 / n as f64,
                Variant::Summed => 2.0,
                _ => 2.0 / batch.len() as f64,
            };
            let direction = if variant == Variant::Uphill {
                -1.0
            } else {
                1.0
            };
            model.intercept -= direction * rate * scale * gb;
            for (j, g) in gw.iter().enumerate() {
                model.coefficients[j] -= direction * rate * scale * g;
            }
        }
        losses.push(mse(&model, x, y));
    }
    (model, losses)
}

/// Seven rows, two features: batches of 3 leave a last batch of 1 every epoch.
fn seven_rows() -> (ndarray::Array2<f64>, Array1<f64>) {
    (
        array![
            [0.5, 1.0],
            [1.0, -0.5],
            [1.5, 0.25],
            [-0.5, 0.75],
            [2.0, -1.0],
            [0.0, 0.5],
            [-1.0, -0.25]
        ],
        array![2.0, 1.5, 3.0, 0.5, 2.5, 1.0, -0.5],
    )
}

#[test]
fn every_epoch_matches_the_documented_shuffle_batches_and_schedule() {
    let (x, y) = seven_rows();
    let settings = [
        SgdParams::new(0.1)
            .batch_size(3)
            .epochs(4)
            .decay(0.5)
            .seed(11),
        SgdParams::new(0.05)
            .batch_size(1)
            .epochs(3)
            .decay(2.0)
            .seed(3),
        SgdParams::new(0.2)
            .batch_size(5)
            .epochs(5)
            .decay(0.0)
            .seed(42),
        SgdParams::new(0.1)
            .batch_size(7)
            .epochs(2)
            .decay(1.0)
            .seed(8),
    ];
    for params in settings {
        let what = format!(
            "SGD on 7 rows (η₀ {}, decay {}, batch {}, {} epochs, seed {})",
            params.learning_rate, params.decay, params.batch_size, params.epochs, params.seed
        );
        let result = call!(sgd::fit(x.view(), y.view(), &params));
        // A first epoch that diverged: its loss tells which deviation it was.
        if let Err(LinearError::Diverged {
            iteration: 1, loss, ..
        }) = &result
        {
            for variant in Variant::MISTAKES {
                let (_, wrong) = sgd_by_the_doc(x.view(), y.view(), &params, variant);
                if Tolerance::rel(1e-6).accepts(*loss, wrong[1]) {
                    mlings::grade::fail(format!(
                        "{what}: Diverged after the first epoch (loss {} -> {loss}) at a rate \
                         that is safe for the right steps\n    likely mistake: {}",
                        wrong[0],
                        variant.explanation()
                    ));
                }
            }
        }
        let got = converged(&what, result);
        let (model, losses) = sgd_by_the_doc(x.view(), y.view(), &params, Variant::Doc);
        let history = &got.loss_history;
        if history.len() != losses.len() {
            let diagnosis = if history.len() + 1 == losses.len()
                && history
                    .first()
                    .is_some_and(|&l| !Tolerance::rel(1e-9).accepts(l, losses[0]))
            {
                "loss_history[0] must be the starting loss (the zero model's, on all rows); \
                 you recorded only the losses after the epochs"
            } else if history.len() > losses.len() {
                "you recorded the loss after every batch: record it once per epoch (after the \
                 epoch's last batch), on all rows"
            } else {
                "record the loss at the start, then once after every epoch"
            };
            mlings::grade::fail(format!(
                "{what}: loss_history has {} values, expected {} (epochs + 1)\n    likely \
                 mistake: {diagnosis}",
                history.len(),
                losses.len()
            ));
        }
        let mut check = expect_array(
            format!("(b, w) after {what}"),
            &flatten(&got.model),
            &flatten(&model),
        )
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis();
        for variant in Variant::MISTAKES {
            let (wrong, _) = sgd_by_the_doc(x.view(), y.view(), &params, variant);
            // Only deviations that show on this input (decay 0 hides the schedule).
            let differs = flatten(&wrong)
                .iter()
                .zip(&flatten(&model))
                .any(|(w, m)| !Tolerance::rel(1e-6).accepts(*w, *m));
            if differs {
                check = check.mistake_array(&flatten(&wrong), variant.explanation());
            }
        }
        check.assert();
        expect_array(
            format!("loss_history of {what}"),
            &Array1::from(history.clone()),
            &Array1::from(losses),
        )
        .tol(Tolerance::rel(1e-9))
        .no_generic_diagnosis()
        .assert();
    }
}

#[test]
fn divergence_is_a_loss_above_the_starting_loss_with_every_field_reported() {
    // One batch of all rows is batch gradient descent: the slow-divergence probe of
    // linear_regression_gd, whose loss passes the starting loss only at epoch 13.
    let (x, y, rate) = slow_divergence_probe();
    let expected = descend_by_the_doc(x.view(), y.view(), 0.0, rate, 20);
    let what = format!(
        "SGD with one batch of all 4 rows at rate {rate}, no decay, 20 epochs, on a probe \
         whose loss falls from 10 to 1.21, then grows by 1.21 per epoch and passes 10 at \
         epoch 13"
    );
    let error = error_of(
        &what,
        "Diverged { iteration: 13, .. }",
        "a loss larger than the loss at the start is divergence, even while it is finite",
        call!(sgd::fit(
            x.view(),
            y.view(),
            &SgdParams::new(rate).batch_size(4).epochs(20)
        )),
    );
    expect_diverged(&what, &error, &expected);
}
