//! A learner-style solution: its own depth-first order, and one helper that adds a
//! contribution to an operand, reduced to the operand's shape.

use mlings::types::tensor_autograd::{Tensor, TensorError, TensorGraph, TensorOp};
use ndarray::{Array2, ArrayView2, Axis};

pub fn broadcast_shape(
    left: (usize, usize),
    right: (usize, usize),
) -> Result<(usize, usize), TensorError> {
    let rows = if left.0 == right.0 || right.0 == 1 {
        left.0
    } else if left.0 == 1 {
        right.0
    } else {
        return Err(TensorError::BroadcastMismatch { left, right });
    };
    let cols = if left.1 == right.1 || right.1 == 1 {
        left.1
    } else if left.1 == 1 {
        right.1
    } else {
        return Err(TensorError::BroadcastMismatch { left, right });
    };
    Ok((rows, cols))
}

pub fn unbroadcast(
    grad: ArrayView2<f64>,
    shape: (usize, usize),
) -> Result<Array2<f64>, TensorError> {
    let (m, n) = grad.dim();
    let (p, q) = shape;
    let rows_ok = p == m || p == 1;
    let cols_ok = q == n || q == 1;
    if !rows_ok || !cols_ok {
        return Err(TensorError::BroadcastMismatch {
            left: shape,
            right: grad.dim(),
        });
    }
    let rows = if p == 1 && m != 1 {
        grad.sum_axis(Axis(0)).insert_axis(Axis(0))
    } else {
        grad.to_owned()
    };
    let both = if q == 1 && n != 1 {
        rows.sum_axis(Axis(1)).insert_axis(Axis(1))
    } else {
        rows
    };
    Ok(both)
}

pub trait TensorOps {
    fn add(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError>;
    fn mul(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError>;
    fn matmul(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError>;
    fn tanh(&mut self, a: Tensor) -> Result<Tensor, TensorError>;
    fn sum(&mut self, a: Tensor, axis: Axis) -> Result<Tensor, TensorError>;
    fn mean(&mut self, a: Tensor, axis: Axis) -> Result<Tensor, TensorError>;
    fn backward(&mut self, out: Tensor) -> Result<(), TensorError>;
}

fn visit(g: &TensorGraph, t: Tensor, seen: &mut [bool], order: &mut Vec<Tensor>) {
    if seen[t.index()] {
        return;
    }
    seen[t.index()] = true;
    for input in g.node(t).unwrap().op.inputs() {
        visit(g, input, seen, order);
    }
    order.push(t);
}

/// Adds `contribution` (of the result's shape) to `a`'s grad, reduced to a's shape.
fn pass(g: &mut TensorGraph, a: Tensor, contribution: Array2<f64>) -> Result<(), TensorError> {
    let shape = g.shape(a)?;
    let reduced = unbroadcast(contribution.view(), shape)?;
    let node = g.node_mut(a)?;
    node.grad = &node.grad + &reduced;
    Ok(())
}

impl TensorOps for TensorGraph {
    fn add(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError> {
        let x = self.data(a)?.clone();
        let y = self.data(b)?.clone();
        broadcast_shape(x.dim(), y.dim())?;
        Ok(self.push(&x + &y, TensorOp::Add(a, b)))
    }

    fn mul(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError> {
        let x = self.data(a)?.clone();
        let y = self.data(b)?.clone();
        broadcast_shape(x.dim(), y.dim())?;
        Ok(self.push(&x * &y, TensorOp::Mul(a, b)))
    }

    fn matmul(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError> {
        let x = self.data(a)?.clone();
        let y = self.data(b)?.clone();
        if x.shape()[1] != y.shape()[0] {
            return Err(TensorError::MatMulMismatch {
                left: x.dim(),
                right: y.dim(),
            });
        }
        Ok(self.push(x.dot(&y), TensorOp::MatMul(a, b)))
    }

    fn tanh(&mut self, a: Tensor) -> Result<Tensor, TensorError> {
        let value = self.data(a)?.mapv(|v| v.tanh());
        Ok(self.push(value, TensorOp::Tanh(a)))
    }

    fn sum(&mut self, a: Tensor, axis: Axis) -> Result<Tensor, TensorError> {
        let x = self.data(a)?.clone();
        if axis.index() >= 2 {
            return Err(TensorError::AxisOutOfRange { axis: axis.index() });
        }
        Ok(self.push(x.sum_axis(axis).insert_axis(axis), TensorOp::Sum(a, axis)))
    }

    fn mean(&mut self, a: Tensor, axis: Axis) -> Result<Tensor, TensorError> {
        let x = self.data(a)?.clone();
        if axis.index() >= 2 {
            return Err(TensorError::AxisOutOfRange { axis: axis.index() });
        }
        let Some(means) = x.mean_axis(axis) else {
            return Err(TensorError::EmptyAxis { axis: axis.index() });
        };
        Ok(self.push(means.insert_axis(axis), TensorOp::Mean(a, axis)))
    }

    fn backward(&mut self, out: Tensor) -> Result<(), TensorError> {
        self.node(out)?;
        let mut seen = vec![false; self.len()];
        let mut order = Vec::new();
        visit(self, out, &mut seen, &mut order);
        for node in self.nodes_mut() {
            node.grad = Array2::zeros(node.data.raw_dim());
        }
        let ones = Array2::ones(self.shape(out)?);
        self.node_mut(out)?.grad = ones;
        while let Some(v) = order.pop() {
            let node = self.node(v)?.clone();
            let g = node.grad;
            match node.op {
                TensorOp::Leaf => {}
                TensorOp::Add(a, b) => {
                    pass(self, a, g.clone())?;
                    pass(self, b, g)?;
                }
                TensorOp::Mul(a, b) => {
                    let x = self.data(a)?.clone();
                    let y = self.data(b)?.clone();
                    pass(self, a, &g * &y)?;
                    pass(self, b, &g * &x)?;
                }
                TensorOp::MatMul(a, b) => {
                    let x = self.data(a)?.clone();
                    let y = self.data(b)?.clone();
                    pass(self, a, g.dot(&y.t()))?;
                    pass(self, b, x.t().dot(&g))?;
                }
                TensorOp::Tanh(a) => {
                    let local = node.data.mapv(|t| 1.0 - t * t);
                    pass(self, a, &g * &local)?;
                }
                TensorOp::Sum(a, axis) | TensorOp::Mean(a, axis) => {
                    let shape = self.data(a)?.raw_dim();
                    let scale = match node.op {
                        TensorOp::Mean(..) => 1.0 / shape[axis.index()] as f64,
                        _ => 1.0,
                    };
                    let stretched = g.broadcast(shape).unwrap().mapv(|v| v * scale);
                    pass(self, a, stretched)?;
                }
            }
        }
        Ok(())
    }
}
