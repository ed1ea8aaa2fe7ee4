//! Reference solution of the `newton_method` exercise.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Zip, s};

use crate::types::newton_method::{
    ARMIJO, LogisticModel, LogisticNewtonFit, LogisticNewtonParams, MAX_HALVINGS, NewtonError,
    NewtonParams, NewtonRun, Objective, TwiceDifferentiable,
};

/// σ(z), with exp of a number ≤ 0 only.
fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// ln(1 + eᶻ) = max(z, 0) + ln(1 + e^(−|z|)).
fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

fn norm(v: ArrayView1<f64>) -> f64 {
    v.dot(&v).sqrt()
}

pub fn cholesky(a: ArrayView2<f64>) -> Result<Array2<f64>, NewtonError> {
    let (rows, columns) = a.dim();
    if rows != columns {
        return Err(NewtonError::NotSquare { rows, columns });
    }
    let mut l = Array2::<f64>::zeros((rows, rows));
    for j in 0..rows {
        let done = l.slice(s![j, ..j]);
        let pivot = a[[j, j]] - done.dot(&done);
        if !(pivot > 0.0) {
            return Err(NewtonError::NotPositiveDefinite { pivot: j });
        }
        let diagonal = pivot.sqrt();
        l[[j, j]] = diagonal;
        for i in j + 1..rows {
            let sum = l.slice(s![i, ..j]).dot(&l.slice(s![j, ..j]));
            l[[i, j]] = (a[[i, j]] - sum) / diagonal;
        }
    }
    Ok(l)
}

pub fn solve_spd(a: ArrayView2<f64>, b: ArrayView1<f64>) -> Result<Array1<f64>, NewtonError> {
    let (rows, columns) = a.dim();
    if rows != columns {
        return Err(NewtonError::NotSquare { rows, columns });
    }
    if b.len() != rows {
        return Err(NewtonError::ShapeMismatch {
            expected: rows,
            got: b.len(),
        });
    }
    let l = cholesky(a)?;
    // L y = b, from the top.
    let mut y = Array1::<f64>::zeros(rows);
    for i in 0..rows {
        y[i] = (b[i] - l.slice(s![i, ..i]).dot(&y.slice(s![..i]))) / l[[i, i]];
    }
    // Lᵀ x = y, from the bottom: row i of Lᵀ is column i of L.
    let mut x = Array1::<f64>::zeros(rows);
    for i in (0..rows).rev() {
        let after = l.slice(s![i + 1.., i]).dot(&x.slice(s![i + 1..]));
        x[i] = (y[i] - after) / l[[i, i]];
    }
    Ok(x)
}

pub fn minimize(
    objective: &dyn TwiceDifferentiable,
    start: ArrayView1<f64>,
    params: &NewtonParams,
) -> Result<NewtonRun, NewtonError> {
    params.validate()?;
    if let Some(expected) = objective.dimension().filter(|&p| p != start.len()) {
        return Err(NewtonError::ShapeMismatch {
            expected,
            got: start.len(),
        });
    }
    let mut w = start.to_owned();
    let mut loss = objective.loss(w.view());
    let mut gradient = objective.gradient(w.view());
    let mut run = NewtonRun {
        minimizer: Array1::zeros(0),
        loss_history: vec![loss],
        gradient_norms: vec![norm(gradient.view())],
        step_sizes: Vec::new(),
        iterations: 0,
        converged: false,
    };
    loop {
        if norm(gradient.view()) <= params.tolerance {
            run.converged = true;
            break;
        }
        if run.iterations == params.max_iterations {
            break;
        }
        let iteration = run.iterations + 1;
        let hessian = objective.hessian(w.view());
        let direction = solve_spd(hessian.view(), (-&gradient).view()).map_err(|e| match e {
            NewtonError::NotPositiveDefinite { pivot } => {
                NewtonError::HessianNotPositiveDefinite { iteration, pivot }
            }
            other => other,
        })?;
        let slope = gradient.dot(&direction);
        let (step, candidate, candidate_loss) =
            backtrack(objective, w.view(), loss, &direction, slope)
                .ok_or(NewtonError::LineSearchFailed { iteration, loss })?;
        w = candidate;
        loss = candidate_loss;
        gradient = objective.gradient(w.view());
        run.iterations = iteration;
        run.loss_history.push(loss);
        run.gradient_norms.push(norm(gradient.view()));
        run.step_sizes.push(step);
    }
    run.minimizer = w;
    Ok(run)
}

/// The first t in 1, ½, ¼, …, 2⁻³⁰ with f(w + t·d) ≤ f(w) + c·t·slope (a NaN loss never
/// is), with the point and its loss.
fn backtrack(
    objective: &dyn TwiceDifferentiable,
    w: ArrayView1<f64>,
    loss: f64,
    direction: &Array1<f64>,
    slope: f64,
) -> Option<(f64, Array1<f64>, f64)> {
    let mut step = 1.0;
    for _ in 0..=MAX_HALVINGS {
        let mut candidate = w.to_owned();
        candidate.scaled_add(step, direction);
        let candidate_loss = objective.loss(candidate.view());
        if candidate_loss <= loss + ARMIJO * step * slope {
            return Some((step, candidate, candidate_loss));
        }
        step *= 0.5;
    }
    None
}

/// J(θ) = C · Σᵢ logloss(zᵢ, yᵢ) + ½‖w‖², with θ = [b, w] and zᵢ = b + xᵢ·w.
#[derive(Debug, Clone, Copy)]
pub struct PenalizedLogLoss<'a> {
    pub x: ArrayView2<'a, f64>,
    pub y: ArrayView1<'a, usize>,
    pub c: f64,
}

impl PenalizedLogLoss<'_> {
    fn logits(&self, theta: ArrayView1<f64>) -> Array1<f64> {
        self.x.dot(&theta.slice(s![1..])) + theta[0]
    }
}

impl Objective for PenalizedLogLoss<'_> {
    fn loss(&self, theta: ArrayView1<f64>) -> f64 {
        let z = self.logits(theta);
        let data = Zip::from(&z)
            .and(&self.y)
            .fold(0.0, |sum, &z, &y| sum + softplus(z) - y as f64 * z);
        let w = theta.slice(s![1..]);
        self.c * data + 0.5 * w.dot(&w)
    }

    fn gradient(&self, theta: ArrayView1<f64>) -> Array1<f64> {
        let mut residuals = self.logits(theta);
        Zip::from(&mut residuals)
            .and(&self.y)
            .for_each(|r, &y| *r = self.c * (sigmoid(*r) - y as f64));
        let mut gradient = Array1::zeros(theta.len());
        gradient[0] = residuals.sum();
        let mut coefficients = gradient.slice_mut(s![1..]);
        coefficients.assign(&self.x.t().dot(&residuals));
        coefficients += &theta.slice(s![1..]);
        gradient
    }

    fn dimension(&self) -> Option<usize> {
        Some(self.x.ncols() + 1)
    }
}

impl TwiceDifferentiable for PenalizedLogLoss<'_> {
    fn hessian(&self, theta: ArrayView1<f64>) -> Array2<f64> {
        let p = self.x.ncols();
        // Weights C·σ(1 − σ); the block XᵀSX as (√S X)ᵀ(√S X).
        let weights = self.logits(theta).mapv_into(|z| {
            let s = sigmoid(z);
            self.c * s * (1.0 - s)
        });
        let mut scaled = self.x.to_owned();
        Zip::from(scaled.axis_iter_mut(Axis(0)))
            .and(&weights)
            .for_each(|mut row, &s| row *= s.sqrt());
        let mut hessian = Array2::zeros((p + 1, p + 1));
        hessian[[0, 0]] = weights.sum();
        let cross = self.x.t().dot(&weights);
        hessian.slice_mut(s![0, 1..]).assign(&cross);
        hessian.slice_mut(s![1.., 0]).assign(&cross);
        let mut block = hessian.slice_mut(s![1.., 1..]);
        block.assign(&scaled.t().dot(&scaled));
        block.diag_mut().map_inplace(|d| *d += 1.0);
        hessian
    }
}

pub fn fit_logistic(
    x: ArrayView2<f64>,
    y: ArrayView1<usize>,
    params: &LogisticNewtonParams,
) -> Result<LogisticNewtonFit, NewtonError> {
    params.validate()?;
    if x.nrows() != y.len() {
        return Err(NewtonError::RowsMismatch {
            rows: x.nrows(),
            values: y.len(),
        });
    }
    if x.nrows() == 0 {
        return Err(NewtonError::Empty);
    }
    if let Some(index) = y.iter().position(|&label| label > 1) {
        return Err(NewtonError::NotBinary {
            index,
            label: y[index],
        });
    }
    let objective = PenalizedLogLoss {
        x: x.view(),
        y: y.view(),
        c: params.c,
    };
    let start = Array1::zeros(x.ncols() + 1);
    let run = minimize(&objective, start.view(), &params.newton)?;
    let model = LogisticModel {
        intercept: run.minimizer[0],
        coefficients: run.minimizer.slice(s![1..]).to_owned(),
    };
    Ok(LogisticNewtonFit { model, run })
}
