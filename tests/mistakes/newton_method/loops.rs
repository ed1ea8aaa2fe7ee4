//! A correct solution written another way: index loops, a while-loop line search, and
//! the logistic Hessian built from A = [1 | X] row by row.

use mlings::types::newton_method::{
    ARMIJO, LogisticModel, LogisticNewtonFit, LogisticNewtonParams, MAX_HALVINGS, NewtonError,
    NewtonParams, NewtonRun, Objective, TwiceDifferentiable,
};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

pub fn cholesky(a: ArrayView2<f64>) -> Result<Array2<f64>, NewtonError> {
    if a.nrows() != a.ncols() {
        return Err(NewtonError::NotSquare {
            rows: a.nrows(),
            columns: a.ncols(),
        });
    }
    let n = a.nrows();
    let mut l = Array2::zeros((n, n));
    for j in 0..n {
        let mut d = a[[j, j]];
        for k in 0..j {
            d -= l[[j, k]] * l[[j, k]];
        }
        if d.is_nan() || d <= 0.0 {
            return Err(NewtonError::NotPositiveDefinite { pivot: j });
        }
        l[[j, j]] = d.sqrt();
        for i in j + 1..n {
            let mut v = a[[i, j]];
            for k in 0..j {
                v -= l[[i, k]] * l[[j, k]];
            }
            l[[i, j]] = v / l[[j, j]];
        }
    }
    Ok(l)
}

pub fn solve_spd(a: ArrayView2<f64>, b: ArrayView1<f64>) -> Result<Array1<f64>, NewtonError> {
    if a.nrows() != a.ncols() {
        return Err(NewtonError::NotSquare {
            rows: a.nrows(),
            columns: a.ncols(),
        });
    }
    let n = a.nrows();
    if b.len() != n {
        return Err(NewtonError::ShapeMismatch {
            expected: n,
            got: b.len(),
        });
    }
    let l = cholesky(a)?;
    let mut y = b.to_owned();
    for i in 0..n {
        for k in 0..i {
            y[i] -= l[[i, k]] * y[k];
        }
        y[i] /= l[[i, i]];
    }
    let mut x = y;
    for i in (0..n).rev() {
        for k in i + 1..n {
            x[i] -= l[[k, i]] * x[k];
        }
        x[i] /= l[[i, i]];
    }
    Ok(x)
}

fn length(v: &Array1<f64>) -> f64 {
    v.iter().map(|g| g * g).sum::<f64>().sqrt()
}

pub fn minimize(
    objective: &dyn TwiceDifferentiable,
    start: ArrayView1<f64>,
    params: &NewtonParams,
) -> Result<NewtonRun, NewtonError> {
    params.validate()?;
    if let Some(p) = objective.dimension() {
        if p != start.len() {
            return Err(NewtonError::ShapeMismatch {
                expected: p,
                got: start.len(),
            });
        }
    }
    let mut w = start.to_owned();
    let mut f = objective.loss(w.view());
    let mut g = objective.gradient(w.view());
    let mut loss_history = vec![f];
    let mut gradient_norms = vec![length(&g)];
    let mut step_sizes = vec![];
    let mut k = 0;
    while length(&g) > params.tolerance && k < params.max_iterations {
        k += 1;
        let h = objective.hessian(w.view());
        let minus_g = g.mapv(|v| -v);
        let d = match solve_spd(h.view(), minus_g.view()) {
            Ok(d) => d,
            Err(NewtonError::NotPositiveDefinite { pivot }) => {
                return Err(NewtonError::HessianNotPositiveDefinite {
                    iteration: k,
                    pivot,
                });
            }
            Err(e) => return Err(e),
        };
        let slope = g.dot(&d);
        let mut t = 1.0;
        let mut halvings = 0;
        let mut next = &w + &(&d * t);
        let mut f_next = objective.loss(next.view());
        while !(f_next <= f + ARMIJO * t * slope) {
            if halvings == MAX_HALVINGS {
                return Err(NewtonError::LineSearchFailed {
                    iteration: k,
                    loss: f,
                });
            }
            halvings += 1;
            t /= 2.0;
            next = &w + &(&d * t);
            f_next = objective.loss(next.view());
        }
        w = next;
        f = f_next;
        g = objective.gradient(w.view());
        loss_history.push(f);
        gradient_norms.push(length(&g));
        step_sizes.push(t);
    }
    Ok(NewtonRun {
        converged: length(&g) <= params.tolerance,
        minimizer: w,
        loss_history,
        gradient_norms,
        step_sizes,
        iterations: k,
    })
}

#[derive(Debug, Clone, Copy)]
pub struct PenalizedLogLoss<'a> {
    pub x: ArrayView2<'a, f64>,
    pub y: ArrayView1<'a, usize>,
    pub c: f64,
}

fn sigma(z: f64) -> f64 {
    if z < 0.0 {
        z.exp() / (1.0 + z.exp())
    } else {
        1.0 / (1.0 + (-z).exp())
    }
}

impl PenalizedLogLoss<'_> {
    /// Row i of A = [1 | X].
    fn row(&self, i: usize) -> Vec<f64> {
        std::iter::once(1.0).chain(self.x.row(i).iter().copied()).collect()
    }

    fn z(&self, i: usize, theta: ArrayView1<f64>) -> f64 {
        self.row(i).iter().zip(theta.iter()).map(|(a, t)| a * t).sum()
    }
}

impl Objective for PenalizedLogLoss<'_> {
    fn loss(&self, theta: ArrayView1<f64>) -> f64 {
        let mut total = 0.0;
        for i in 0..self.x.nrows() {
            let z = self.z(i, theta);
            let softplus = if z > 0.0 {
                z + (-z).exp().ln_1p()
            } else {
                z.exp().ln_1p()
            };
            total += if self.y[i] == 1 { softplus - z } else { softplus };
        }
        let penalty: f64 = theta.iter().skip(1).map(|w| w * w).sum();
        self.c * total + penalty / 2.0
    }

    fn gradient(&self, theta: ArrayView1<f64>) -> Array1<f64> {
        let mut g = Array1::zeros(theta.len());
        for i in 0..self.x.nrows() {
            let r = sigma(self.z(i, theta)) - self.y[i] as f64;
            for (j, a) in self.row(i).into_iter().enumerate() {
                g[j] += self.c * r * a;
            }
        }
        for j in 1..theta.len() {
            g[j] += theta[j];
        }
        g
    }

    fn dimension(&self) -> Option<usize> {
        Some(1 + self.x.ncols())
    }
}

impl TwiceDifferentiable for PenalizedLogLoss<'_> {
    fn hessian(&self, theta: ArrayView1<f64>) -> Array2<f64> {
        let m = theta.len();
        let mut h = Array2::eye(m);
        h[[0, 0]] = 0.0;
        for i in 0..self.x.nrows() {
            let p = sigma(self.z(i, theta));
            let s = self.c * p * (1.0 - p);
            let a = self.row(i);
            for j in 0..m {
                for k in 0..m {
                    h[[j, k]] += s * a[j] * a[k];
                }
            }
        }
        h
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
    if y.is_empty() {
        return Err(NewtonError::Empty);
    }
    for (index, &label) in y.iter().enumerate() {
        if label > 1 {
            return Err(NewtonError::NotBinary { index, label });
        }
    }
    let objective = PenalizedLogLoss { x: x.view(), y: y.view(), c: params.c };
    let run = minimize(&objective, Array1::zeros(x.ncols() + 1).view(), &params.newton)?;
    let model = LogisticModel {
        intercept: run.minimizer[0],
        coefficients: run.minimizer.iter().skip(1).copied().collect(),
    };
    Ok(LogisticNewtonFit { model, run })
}
