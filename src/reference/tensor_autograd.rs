//! Reference solution of exercises/12_deep_learning/tensor_autograd.rs.

use ndarray::{Array2, ArrayView2, Axis};

use crate::types::tensor_autograd::{Tensor, TensorError, TensorGraph, TensorOp};

/// The shape NumPy's broadcasting gives `left` and `right`.
pub fn broadcast_shape(
    left: (usize, usize),
    right: (usize, usize),
) -> Result<(usize, usize), TensorError> {
    let dim = |l: usize, r: usize| match (l, r) {
        _ if l == r => Some(l),
        (1, _) => Some(r),
        (_, 1) => Some(l),
        _ => None,
    };
    match (dim(left.0, right.0), dim(left.1, right.1)) {
        (Some(rows), Some(cols)) => Ok((rows, cols)),
        _ => Err(TensorError::BroadcastMismatch { left, right }),
    }
}

/// Sums `grad` over the dimensions that broadcasting stretched from `shape`.
pub fn unbroadcast(
    grad: ArrayView2<f64>,
    shape: (usize, usize),
) -> Result<Array2<f64>, TensorError> {
    let (m, n) = grad.dim();
    let (p, q) = shape;
    if !((p == m || p == 1) && (q == n || q == 1)) {
        return Err(TensorError::BroadcastMismatch {
            left: shape,
            right: (m, n),
        });
    }
    let mut reduced = grad.to_owned();
    if p != m {
        reduced = reduced.sum_axis(Axis(0)).insert_axis(Axis(0));
    }
    if q != n {
        reduced = reduced.sum_axis(Axis(1)).insert_axis(Axis(1));
    }
    Ok(reduced)
}

/// The operations of a tensor graph, and its backward pass.
pub trait TensorOps {
    fn add(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError>;
    fn mul(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError>;
    fn matmul(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError>;
    fn tanh(&mut self, a: Tensor) -> Result<Tensor, TensorError>;
    fn sum(&mut self, a: Tensor, axis: Axis) -> Result<Tensor, TensorError>;
    fn mean(&mut self, a: Tensor, axis: Axis) -> Result<Tensor, TensorError>;
    fn backward(&mut self, out: Tensor) -> Result<(), TensorError>;
}

fn check_axis(axis: Axis) -> Result<(), TensorError> {
    if axis.index() > 1 {
        return Err(TensorError::AxisOutOfRange { axis: axis.index() });
    }
    Ok(())
}

impl TensorOps for TensorGraph {
    fn add(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError> {
        let (x, y) = (self.data(a)?, self.data(b)?);
        broadcast_shape(x.dim(), y.dim())?;
        let value = x + y;
        Ok(self.push(value, TensorOp::Add(a, b)))
    }

    fn mul(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError> {
        let (x, y) = (self.data(a)?, self.data(b)?);
        broadcast_shape(x.dim(), y.dim())?;
        let value = x * y;
        Ok(self.push(value, TensorOp::Mul(a, b)))
    }

    fn matmul(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError> {
        let (x, y) = (self.data(a)?, self.data(b)?);
        if x.ncols() != y.nrows() {
            return Err(TensorError::MatMulMismatch {
                left: x.dim(),
                right: y.dim(),
            });
        }
        let value = x.dot(y);
        Ok(self.push(value, TensorOp::MatMul(a, b)))
    }

    fn tanh(&mut self, a: Tensor) -> Result<Tensor, TensorError> {
        let value = self.data(a)?.mapv(f64::tanh);
        Ok(self.push(value, TensorOp::Tanh(a)))
    }

    fn sum(&mut self, a: Tensor, axis: Axis) -> Result<Tensor, TensorError> {
        let x = self.data(a)?;
        check_axis(axis)?;
        let value = x.sum_axis(axis).insert_axis(axis);
        Ok(self.push(value, TensorOp::Sum(a, axis)))
    }

    fn mean(&mut self, a: Tensor, axis: Axis) -> Result<Tensor, TensorError> {
        let x = self.data(a)?;
        check_axis(axis)?;
        if x.len_of(axis) == 0 {
            return Err(TensorError::EmptyAxis { axis: axis.index() });
        }
        let value = x.sum_axis(axis).insert_axis(axis) / x.len_of(axis) as f64;
        Ok(self.push(value, TensorOp::Mean(a, axis)))
    }

    fn backward(&mut self, out: Tensor) -> Result<(), TensorError> {
        let order = self.topological_order(out)?;
        for node in self.nodes_mut() {
            node.grad.fill(0.0);
        }
        self.node_mut(out)?.grad.fill(1.0);
        for &v in order.iter().rev() {
            let node = self.node(v)?;
            let (g, op) = (node.grad.clone(), node.op);
            match op {
                TensorOp::Leaf => {}
                TensorOp::Add(a, b) => {
                    let ga = unbroadcast(g.view(), self.shape(a)?)?;
                    let gb = unbroadcast(g.view(), self.shape(b)?)?;
                    self.node_mut(a)?.grad += &ga;
                    self.node_mut(b)?.grad += &gb;
                }
                TensorOp::Mul(a, b) => {
                    let ga = unbroadcast((&g * self.data(b)?).view(), self.shape(a)?)?;
                    let gb = unbroadcast((&g * self.data(a)?).view(), self.shape(b)?)?;
                    self.node_mut(a)?.grad += &ga;
                    self.node_mut(b)?.grad += &gb;
                }
                TensorOp::MatMul(a, b) => {
                    let ga = g.dot(&self.data(b)?.t());
                    let gb = self.data(a)?.t().dot(&g);
                    self.node_mut(a)?.grad += &ga;
                    self.node_mut(b)?.grad += &gb;
                }
                TensorOp::Tanh(a) => {
                    let local = self.data(v)?.mapv(|t| 1.0 - t * t);
                    self.node_mut(a)?.grad += &(&g * &local);
                }
                TensorOp::Sum(a, _) => self.node_mut(a)?.grad += &g,
                TensorOp::Mean(a, axis) => {
                    let n = self.data(a)?.len_of(axis) as f64;
                    self.node_mut(a)?.grad += &(&g / n);
                }
            }
        }
        Ok(())
    }
}
