//! Reference solution of the `gradient_descent` exercise.

use ndarray::{Array1, ArrayView1};

use crate::types::gradient_descent::{Descent, DescentError, DescentParams, Objective};

fn norm(v: ArrayView1<f64>) -> f64 {
    v.dot(&v).sqrt()
}

pub fn minimize(
    objective: &dyn Objective,
    start: ArrayView1<f64>,
    params: &DescentParams,
) -> Result<Descent, DescentError> {
    params.validate()?;
    if let Some(expected) = objective.dimension().filter(|&p| p != start.len()) {
        return Err(DescentError::ShapeMismatch {
            expected,
            got: start.len(),
        });
    }
    let mut w = start.to_owned();
    let start_loss = objective.loss(w.view());
    let mut loss_history = vec![start_loss];
    for iteration in 1..=params.max_iterations {
        let gradient = objective.gradient(w.view());
        if norm(gradient.view()) <= params.tolerance {
            return Ok(Descent {
                minimizer: w,
                loss_history,
                iterations: iteration - 1,
                converged: true,
            });
        }
        w.scaled_add(-params.learning_rate, &gradient);
        let loss = objective.loss(w.view());
        if !loss.is_finite() || loss > start_loss {
            return Err(DescentError::Diverged {
                iteration,
                start_loss,
                loss,
            });
        }
        loss_history.push(loss);
    }
    Ok(Descent {
        minimizer: w,
        loss_history,
        iterations: params.max_iterations,
        converged: false,
    })
}

pub fn numerical_gradient(
    objective: &dyn Objective,
    at: ArrayView1<f64>,
    step: f64,
) -> Array1<f64> {
    let mut probe = at.to_owned();
    Array1::from_shape_fn(at.len(), |i| {
        probe[i] = at[i] + step;
        let up = objective.loss(probe.view());
        probe[i] = at[i] - step;
        let down = objective.loss(probe.view());
        probe[i] = at[i];
        (up - down) / (2.0 * step)
    })
}

pub fn gradient_check(objective: &dyn Objective, at: ArrayView1<f64>, step: f64) -> f64 {
    let analytic = objective.gradient(at);
    let numeric = numerical_gradient(objective, at, step);
    let scale = norm(analytic.view()) + norm(numeric.view());
    if scale == 0.0 {
        return 0.0;
    }
    norm((&analytic - &numeric).view()) / scale
}
