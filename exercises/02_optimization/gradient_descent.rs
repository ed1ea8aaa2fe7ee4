//! # Exercise: gradient descent
//!
//! Training a model means finding the parameters w that make a loss f(w) small.
//! Gradient descent does it with one idea: the gradient ∇f(w) points uphill, so take a
//! small step the other way, and repeat:
//!
//! ```text
//! w ← w − η ∇f(w)          (η: the learning rate)
//! ```
//!
//! Too small an η crawls; too large an η overshoots the valley and the loss explodes.
//! On a bowl whose steepest curvature is L, steps are safe only while η < 2 / L.
//!
//! You also write the tool every ML engineer uses to trust a hand-derived gradient: a
//! finite-difference check.
//!
//! Grade with `cargo test --test gradient_descent` (or `cargo run -- check gradient_descent`).
//!
//! The types (`Objective`, `DescentParams`, `Descent`, `DescentError`) are in
//! `src/types/gradient_descent.rs`: read them first.

use mlings::types::gradient_descent::{Descent, DescentError, DescentParams, Objective};
use ndarray::{Array1, ArrayView1};

/// Minimizes `objective` by gradient descent from `start`.
///
/// 1. Check the settings with `params.validate()?`; then, when the objective knows its
///    dimension (`objective.dimension()` is `Some(p)`), that `start` has p values:
///    otherwise return `Err(DescentError::ShapeMismatch { expected: p, got: start.len() })`
///    (a 3-value start on a 2 x 2 quadratic must be an error, not an ndarray panic).
/// 2. Record the loss at the start in `loss_history`.
/// 3. Repeat at most `params.max_iterations` times:
///    - compute the gradient g at the current w;
///    - if its length ‖g‖ = √(Σ gᵢ²) (the Euclidean norm, not the largest |gᵢ| nor
///      Σ |gᵢ|) is at most `params.tolerance` (‖g‖ ≤ tolerance: with tolerance 0 a zero
///      gradient still converges), stop: converged;
///    - otherwise step: w ← w − learning_rate · g, and record the new loss.
/// 4. Divergence: right after each step, if the new loss is not finite (NaN or ±∞) or is
///    strictly larger than the loss **at the start** (not the previous loss: a loss equal
///    to the start, or a rise that stays below it, is not divergence), return `Err(DescentError::Diverged { iteration, start_loss, loss })`,
///    where `iteration` is the number of the step (1 for the first) that produced `loss`.
///    A safe learning rate never does this on a bowl: each step lowers the loss.
///
/// Return a `Descent` with the final w, the loss history (`iterations + 1` values),
/// the number of steps taken, and whether it converged. Starting at the minimum takes
/// 0 steps and is converged.
pub fn minimize(
    objective: &dyn Objective,
    start: ArrayView1<f64>,
    params: &DescentParams,
) -> Result<Descent, DescentError> {
    todo!()
}

/// Estimates the gradient of `objective` at `at` from its values alone, by central
/// differences: for each coordinate i,
///
/// ```text
/// ∂f/∂wᵢ ≈ ( f(w + h·eᵢ) − f(w − h·eᵢ) ) / (2h)
/// ```
///
/// where eᵢ is the unit vector along coordinate i and h = `step`. The central difference
/// is accurate to O(h²); the one-sided (f(w + h·eᵢ) − f(w)) / h only to O(h).
pub fn numerical_gradient(
    objective: &dyn Objective,
    at: ArrayView1<f64>,
    step: f64,
) -> Array1<f64> {
    todo!()
}

/// Compares `objective.gradient(at)` with [`numerical_gradient`] (using `step`) and
/// returns their relative difference:
///
/// ```text
///        ‖analytic − numeric‖
/// err = ───────────────────────
///       ‖analytic‖ + ‖numeric‖
/// ```
///
/// (0 when both are zero vectors). Below about 1e-7 the gradient is right; a gradient
/// off by a factor of 2 gives 1/3; a wrong sign gives 1.
pub fn gradient_check(objective: &dyn Objective, at: ArrayView1<f64>, step: f64) -> f64 {
    todo!()
}
