//! # Exercise: stochastic and mini-batch gradient descent
//!
//! Batch gradient descent reads every row before taking one step. With a million rows
//! that is a lot of reading per step. Stochastic gradient descent (SGD) steps after
//! every row, mini-batch gradient descent after every few rows: the gradient of a small
//! random batch is a noisy but unbiased estimate of the full one, and many cheap noisy
//! steps beat a few exact ones. This is how every neural network is trained.
//!
//! Three ingredients make it work:
//!
//! - **Shuffle every epoch** (an epoch is one pass over the data), so batches differ
//!   from pass to pass and no ordering of the file biases the steps. The shuffle is
//!   seeded: the same seed gives the same batches, hence the same weights, every run.
//! - **Average over the batch**, so the step size does not depend on the batch size.
//! - **Decay the learning rate**: the noise in the steps keeps the weights bouncing
//!   around the minimum; shrinking η over the epochs lets them settle.
//!
//! The loss and its gradient are those of `linear_regression_gd`, computed on a batch
//! B of rows instead of all of them:
//!
//! ```text
//! ∂L_B/∂b = (2/|B|) Σ_{i∈B} rᵢ,   ∂L_B/∂w = (2/|B|) Σ_{i∈B} rᵢ·xᵢ,   rᵢ = b + xᵢ·w − yᵢ
//! ```
//!
//! You will need a few more `use` lines in this file: `mlings::types::sgd::LinearModel`
//! (for `LinearModel::zeros(p)`), `mlings::prep::rng` (the course's seeded generator)
//! and `rand::seq::SliceRandom` (which gives slices and `Vec`s their `.shuffle`).
//!
//! Grade with `cargo test --test sgd`.
//! The types (`SgdParams`, `Training`, `LinearModel`, `LinearError`) are in
//! `src/types/sgd.rs` and `src/types/linear_regression.rs`.

use mlings::types::sgd::{LinearError, SgdParams, Training};
use ndarray::{ArrayView1, ArrayView2};

/// The learning rate of epoch `epoch` (counted from 0) under the decay schedule
///
/// ```text
/// η_e = η₀ / (1 + decay · e)        (η₀ = params.learning_rate, decay = params.decay)
/// ```
///
/// Epoch 0 uses η₀ itself; with decay 1, epoch 1 uses η₀/2, epoch 3 uses η₀/4; with
/// decay 0 the rate never changes.
pub fn learning_rate(params: &SgdParams, epoch: usize) -> f64 {
    todo!()
}

/// Mini-batch gradient descent on the mean squared error, from the all-zero model.
///
/// 1. `params.validate()?`; then the data: `RowsMismatch { rows: x.nrows(), values:
///    y.len() }`, then `Empty` for no rows.
/// 2. `loss_history[0]` is the mean squared error of the zero model on all of (x, y).
/// 3. Create the generator once: `let mut rng = rng(params.seed);` and the row order
///    `let mut order: Vec<usize> = (0..n).collect();`.
/// 4. For each epoch e = 0, 1, …, params.epochs − 1:
///    - shuffle: `order.shuffle(&mut rng);` (it reshuffles the previous epoch's order;
///      do exactly this, so that your batches are the ones the grader expects);
///    - cut `order` into consecutive batches of `params.batch_size` rows
///      (`order.chunks(params.batch_size)`; the last batch may be smaller, and its
///      gradient is averaged over its own length |B| = `batch.len()`);
///    - for each batch in turn: compute the batch gradient above at the current model
///      and step with η_e = [`learning_rate`]`(params, e)`: b ← b − η_e·∂L_B/∂b,
///      w ← w − η_e·∂L_B/∂w;
///    - record the mean squared error on ALL rows; if it is not finite or exceeds
///      `loss_history[0]`, return `Err(LinearError::Diverged { iteration: e + 1,
///      start_loss, loss })`.
///
/// `batch_size` 1 is plain SGD; a batch size of n or more is batch gradient descent.
/// Return `Training { model, loss_history }` with `epochs + 1` losses.
pub fn fit(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    params: &SgdParams,
) -> Result<Training, LinearError> {
    todo!()
}
