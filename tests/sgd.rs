//! Grader of exercises/03_regression/sgd.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/03_regression/sgd.rs"]
mod sgd;
#[cfg(feature = "solutions")]
use mlings::reference::sgd;

mod regression_support;

use mlings::call;
use mlings::grade::{Tolerance, expect, expect_array, expect_err, require};
use mlings::prep::rng;
use mlings::types::sgd::{LinearError, LinearModel, SgdParams};
use ndarray::{Array1, ArrayView1, ArrayView2, array};
use rand::seq::SliceRandom;
use regression_support::{converged, flatten, linfa_least_squares, predictions, test_r2};

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
            0.5 / (2.0 + epoch as f64),
            "epochs count from 0: epoch 0 uses η₀ itself",
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
    let error = expect_err(
        "SGD with batch 1 and learning rate 0.1 on standardized diabetes",
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
    let bad = [
        (SgdParams::new(0.1).batch_size(0), "batch size 0"),
        (SgdParams::new(0.0), "learning rate 0"),
        (SgdParams::new(0.1).decay(-1.0), "decay −1"),
    ];
    for (params, name) in bad {
        let error = expect_err(
            &format!("SGD with {name}"),
            "call params.validate()? first",
            call!(sgd::fit(x.view(), y.view(), &params)),
        );
        require(matches!(error, LinearError::InvalidParams(_)), || {
            format!("{name}: expected InvalidParams, got {error:?}")
        });
    }
    let error = expect_err(
        "SGD with 3 rows and 2 targets",
        "every row needs exactly one target",
        call!(sgd::fit(
            x.view(),
            array![1.0, 2.0].view(),
            &SgdParams::new(0.1)
        )),
    );
    require(
        error == LinearError::RowsMismatch { rows: 3, values: 2 },
        || format!("expected RowsMismatch {{ rows: 3, values: 2 }}, got {error:?}"),
    );
    let error = expect_err(
        "SGD with no rows",
        "there is no row to learn from",
        call!(sgd::fit(
            ndarray::Array2::<f64>::zeros((0, 1)).view(),
            Array1::<f64>::zeros(0).view(),
            &SgdParams::new(0.1)
        )),
    );
    require(error == LinearError::Empty, || {
        format!("expected LinearError::Empty, got {error:?}")
    });
}
