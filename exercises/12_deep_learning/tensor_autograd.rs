//! # Exercise: automatic differentiation for matrices, with broadcasting
//!
//! `autodiff` differentiated single numbers. Frameworks differentiate whole arrays at
//! once: a node holds a matrix, an operation is a matrix operation, and each backward
//! rule is a matrix formula. Here you build that for 2-D tensors (`ndarray::Array2`):
//! element-wise `add` and `mul` with NumPy's broadcasting, the matrix product `matmul`,
//! `tanh`, and `sum` and `mean` over an axis; enough for a dense layer and its loss:
//!
//! ```text
//! let x = g.leaf(x);  let w = g.leaf(w);  let b = g.leaf(b);   // (n × d), (d × h), (1 × h)
//! let z = g.matmul(x, w)?;          // (n × h)
//! let z = g.add(z, b)?;             // (n × h): b is added to every row (broadcasting)
//! let a = g.tanh(z)?;
//! let s = g.sum(a, Axis(1))?;       // (n × 1): one sum per row
//! let l = g.mean(s, Axis(0))?;      // (1 × 1)
//! g.backward(l)?;                   // g.grad(w)? is ∂l/∂w, a (d × h) matrix
//! ```
//!
//! ## Broadcasting (NumPy's rule for 2-D shapes)
//!
//! Two shapes (rows, columns) broadcast when, in each dimension, they are equal or one of
//! them is 1; the result takes the larger. A dimension of 1 is stretched (its values
//! repeated) to the other's length: (3, 4) with (1, 4) adds the row to each of the 3
//! rows; (3, 1) with (1, 4) gives (3, 4). ndarray does this for you in `&x + &y` and
//! `&x * &y`.
//!
//! Backward has to undo it: a (1, 4) operand stretched over 3 rows fed every one of them,
//! so its gradient is the **sum** of the output gradient's 3 rows (the same rule as a
//! scalar used three times in `autodiff`). That is `unbroadcast`.
//!
//! ## Backward rules
//!
//! `ḡ(v)` is a node's gradient, a matrix of the node's shape. `backward(out)` computes the
//! gradient of the **sum of out's entries** (for a 1 × 1 out, its ordinary gradient):
//!
//! ```text
//! v = a + b        ḡ(a) += unbroadcast(ḡ(v), shape of a)       ḡ(b) += unbroadcast(ḡ(v), shape of b)
//! v = a ⊙ b        ḡ(a) += unbroadcast(ḡ(v) ⊙ b, shape of a)   ḡ(b) += unbroadcast(ḡ(v) ⊙ a, shape of b)
//! v = a · b        ḡ(a) += ḡ(v) · bᵀ                           ḡ(b) += aᵀ · ḡ(v)
//! v = tanh a       ḡ(a) += ḡ(v) ⊙ (1 − v²)                     (v, the node's value, squared entry by entry)
//! v = sum(a, k)    ḡ(a) += ḡ(v) stretched back along axis k    (each entry fed one sum, with weight 1)
//! v = mean(a, k)   ḡ(a) += ḡ(v) / len stretched back along k   (len = a's length along axis k)
//! ```
//!
//! (⊙ is the element-wise product, with broadcasting, `&x * &y`; · the matrix product,
//! `x.dot(&y)`; "stretched back": `grad += &g` broadcasts a (1, n) or (m, 1) `g` over
//! the rows or columns of `grad`.) Check shapes: ḡ(v)·bᵀ is (m × n)·(n × k) = m × k, a's
//! shape. As in `autodiff`, always add (`+=`): a node used twice gets both contributions.
//!
//! Grade with `cargo test --test tensor_autograd` (or `cargo run -- check
//! tensor_autograd`). The grader checks hand-worked cases, properties (the gradient of a
//! sum is all ones; gradients are linear) and central finite differences with h = 1e-6
//! on seeded random expressions of random shapes (to within 1e-6 relative + 1e-6
//! absolute).
//!
//! Types: `src/types/tensor_autograd.rs`: `TensorGraph` (`leaf`, `push`, `node`,
//! `node_mut`, `data`, `grad`, `shape`, `nodes_mut`, and `topological_order`, which you
//! wrote in `autodiff` and is given here), `Tensor` (a handle), `TensorOp`,
//! `TensorNode` (`data`, `grad`, `op`) and `TensorError`. You will want
//! `use mlings::types::tensor_autograd::TensorOp;`.

use mlings::types::tensor_autograd::{Tensor, TensorError, TensorGraph};
use ndarray::{Array2, ArrayView2, Axis};

/// The shape two operands of shapes `left` and `right` broadcast to: in each dimension,
/// the common length if they are equal, otherwise the other length if one of them is 1
/// ((1, 4) with (3, 4) is (3, 4), either way round; (3, 1) with (1, 4) is (3, 4)).
///
/// Error: `TensorError::BroadcastMismatch { left, right }` (the shapes as given) when a
/// dimension differs and neither length is 1.
pub fn broadcast_shape(
    left: (usize, usize),
    right: (usize, usize),
) -> Result<(usize, usize), TensorError> {
    todo!()
}

/// Undoes broadcasting for the backward pass: `grad` is the gradient of a result of
/// shape (m, n); `shape` = (p, q) is the operand's shape. Sums `grad` over its rows
/// (`Axis(0)`, keeping one row) when p = 1 and m ≠ 1, and over its columns (`Axis(1)`,
/// keeping one column) when q = 1 and n ≠ 1, so that the result has exactly `shape`.
/// When the shapes are equal it is a copy of `grad`. `sum_axis` drops the axis;
/// `.insert_axis(Axis(k))` puts it back with length 1.
///
/// Error: `BroadcastMismatch { left: shape, right: grad's shape }` unless `shape` could
/// have been broadcast to grad's shape (p = m or p = 1, and q = n or q = 1).
pub fn unbroadcast(
    grad: ArrayView2<f64>,
    shape: (usize, usize),
) -> Result<Array2<f64>, TensorError> {
    todo!()
}

/// The operations of a tensor graph, and its backward pass, as methods on
/// [`TensorGraph`] (with `use tensor_autograd::TensorOps;` in scope: `g.matmul(x, w)?`).
///
/// Every operation, in this order:
/// 1. looks up its operands, `a` before `b`, with `self.data(a)?` (`ForeignTensor` for a
///    handle from another graph; with two bad operands the error names `a`'s);
/// 2. checks its arguments as its own doc says (shapes, axis);
/// 3. appends exactly one node with `self.push(value, TensorOp::…(operands))`,
///    recording the operands in the order given, and returns its handle.
///
/// On an error the graph is left unchanged: no node is added.
pub trait TensorOps {
    /// a + b with broadcasting, recorded as `TensorOp::Add(a, b)`. Error
    /// `BroadcastMismatch { left: a's shape, right: b's shape }` (see `broadcast_shape`).
    fn add(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError>;

    /// a ⊙ b (element-wise) with broadcasting, recorded as `TensorOp::Mul(a, b)`; the
    /// same error as `add`.
    fn mul(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError>;

    /// The matrix product a · b (`x.dot(y)`), recorded as `TensorOp::MatMul(a, b)`.
    /// Error `MatMulMismatch { left: a's shape, right: b's shape }` when a's number of
    /// columns differs from b's number of rows.
    fn matmul(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError>;

    /// tanh of every entry, recorded as `TensorOp::Tanh(a)`.
    fn tanh(&mut self, a: Tensor) -> Result<Tensor, TensorError>;

    /// The sums over `axis`, kept as a dimension of length 1: for an (m, n) `a`,
    /// `Axis(0)` gives the (1, n) column sums (summing over the rows) and `Axis(1)` the
    /// (m, 1) row sums. Recorded as `TensorOp::Sum(a, axis)`. A sum over an axis of
    /// length 0 is 0. Error `AxisOutOfRange { axis: axis.index() }` for an axis other
    /// than 0 or 1 (checked after looking up `a`).
    fn sum(&mut self, a: Tensor, axis: Axis) -> Result<Tensor, TensorError>;

    /// The means over `axis`, shaped as `sum`'s. Recorded as `TensorOp::Mean(a, axis)`.
    /// Errors, in this order after looking up `a`: `AxisOutOfRange` as `sum`, then
    /// `EmptyAxis { axis: axis.index() }` when a's length along the axis is 0.
    fn mean(&mut self, a: Tensor, axis: Axis) -> Result<Tensor, TensorError>;

    /// Fills every node's `grad` with ∂(Σ of out's entries)/∂node:
    /// 1. `ForeignTensor` if `out` comes from another graph (nothing changes);
    /// 2. reset **every** node's grad to zeros (`node.grad.fill(0.0)` over
    ///    `self.nodes_mut()`), so that two calls give the same gradients and a node
    ///    `out` does not depend on ends with zeros;
    /// 3. set out's grad to all ones;
    /// 4. walk `self.topological_order(out)?` from the end to the start, each node adding
    ///    its contributions to its operands' grads by the rules at the top of this file.
    ///    Copy what you need out of a node (`let node = self.node(v)?; let (g, op) =
    ///    (node.grad.clone(), node.op);`) before `self.node_mut(a)?.grad += &…`.
    fn backward(&mut self, out: Tensor) -> Result<(), TensorError>;
}

impl TensorOps for TensorGraph {
    fn add(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError> {
        todo!()
    }

    fn mul(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError> {
        todo!()
    }

    fn matmul(&mut self, a: Tensor, b: Tensor) -> Result<Tensor, TensorError> {
        todo!()
    }

    fn tanh(&mut self, a: Tensor) -> Result<Tensor, TensorError> {
        todo!()
    }

    fn sum(&mut self, a: Tensor, axis: Axis) -> Result<Tensor, TensorError> {
        todo!()
    }

    fn mean(&mut self, a: Tensor, axis: Axis) -> Result<Tensor, TensorError> {
        todo!()
    }

    fn backward(&mut self, out: Tensor) -> Result<(), TensorError> {
        todo!()
    }
}
