//! Types for the `tensor_autograd` exercise: the arena of a graph of 2-D tensors (its
//! nodes, the handles that name them, the operation each node records, a topological
//! order) and the errors.
//!
//! This file is the plumbing, as in `autodiff`: storing and looking up nodes, and the
//! topological order you wrote there. Broadcasting, the operations and the backward pass
//! are the exercise.

use std::sync::atomic::{AtomicU64, Ordering};

use ndarray::{Array2, Axis};
use thiserror::Error;

/// A handle to one node (a matrix) of one [`TensorGraph`]; `Copy`. Only a graph's
/// methods make handles, so the one bad handle is a handle from another graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tensor {
    graph: u64,
    index: usize,
}

impl Tensor {
    /// The node's position in its graph's arena.
    pub fn index(self) -> usize {
        self.index
    }

    /// The id of the graph that made this handle.
    pub fn graph(self) -> u64 {
        self.graph
    }
}

/// What made a node: its operation and operands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TensorOp {
    /// An input or a parameter, made by [`TensorGraph::leaf`].
    Leaf,
    /// a + b, element-wise with broadcasting.
    Add(Tensor, Tensor),
    /// a ⊙ b, element-wise with broadcasting.
    Mul(Tensor, Tensor),
    /// the matrix product a · b.
    MatMul(Tensor, Tensor),
    /// tanh, element-wise.
    Tanh(Tensor),
    /// the sum over an axis, kept as a dimension of length 1.
    Sum(Tensor, Axis),
    /// the mean over an axis, kept as a dimension of length 1.
    Mean(Tensor, Axis),
}

impl TensorOp {
    /// The nodes this node was computed from, first operand first.
    pub fn inputs(&self) -> Vec<Tensor> {
        match *self {
            TensorOp::Leaf => vec![],
            TensorOp::Add(a, b) | TensorOp::Mul(a, b) | TensorOp::MatMul(a, b) => vec![a, b],
            TensorOp::Tanh(a) | TensorOp::Sum(a, _) | TensorOp::Mean(a, _) => vec![a],
        }
    }
}

/// One node: its value, its gradient (the same shape as its value: ∂(Σ out)/∂node,
/// filled by the last `backward`) and the operation that made it.
#[derive(Debug, Clone, PartialEq)]
pub struct TensorNode {
    pub data: Array2<f64>,
    pub grad: Array2<f64>,
    pub op: TensorOp,
}

/// A computation graph of matrices stored as an arena, like `autodiff`'s `Graph`.
#[derive(Debug)]
pub struct TensorGraph {
    id: u64,
    nodes: Vec<TensorNode>,
}

impl Default for TensorGraph {
    fn default() -> Self {
        Self::new()
    }
}

impl TensorGraph {
    /// An empty graph with a fresh id.
    pub fn new() -> Self {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1 << 32);
        TensorGraph {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            nodes: Vec::new(),
        }
    }

    /// This graph's id.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the graph has no node.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// A new input or parameter node holding `data`.
    pub fn leaf(&mut self, data: Array2<f64>) -> Tensor {
        self.push(data, TensorOp::Leaf)
    }

    /// Appends a node with value `data` made by `op`, its gradient zeros of `data`'s
    /// shape, and returns its handle. It trusts its caller: check the operands first.
    pub fn push(&mut self, data: Array2<f64>, op: TensorOp) -> Tensor {
        let grad = Array2::zeros(data.raw_dim());
        self.nodes.push(TensorNode { data, grad, op });
        Tensor {
            graph: self.id,
            index: self.nodes.len() - 1,
        }
    }

    /// The node `t` names, or `ForeignTensor` if `t` comes from another graph.
    pub fn node(&self, t: Tensor) -> Result<&TensorNode, TensorError> {
        self.check(t)?;
        Ok(&self.nodes[t.index])
    }

    /// The node `t` names, to add to its gradient.
    pub fn node_mut(&mut self, t: Tensor) -> Result<&mut TensorNode, TensorError> {
        self.check(t)?;
        Ok(&mut self.nodes[t.index])
    }

    /// The value of `t`.
    pub fn data(&self, t: Tensor) -> Result<&Array2<f64>, TensorError> {
        Ok(&self.node(t)?.data)
    }

    /// The gradient of `t` left by the last `backward` (zeros before any).
    pub fn grad(&self, t: Tensor) -> Result<&Array2<f64>, TensorError> {
        Ok(&self.node(t)?.grad)
    }

    /// The shape (rows, columns) of `t`.
    pub fn shape(&self, t: Tensor) -> Result<(usize, usize), TensorError> {
        Ok(self.node(t)?.data.dim())
    }

    /// Every node, in arena order.
    pub fn nodes_mut(&mut self) -> &mut [TensorNode] {
        &mut self.nodes
    }

    /// The nodes `out` depends on, `out` included and last, each after its inputs
    /// (what you wrote in `autodiff`, given here). `ForeignTensor` for a foreign `out`.
    pub fn topological_order(&self, out: Tensor) -> Result<Vec<Tensor>, TensorError> {
        self.check(out)?;
        // Operands have smaller indices than their users: one sweep down from out marks
        // what out depends on, and index order is topological.
        let mut needed = vec![false; out.index + 1];
        needed[out.index] = true;
        for i in (0..=out.index).rev() {
            if needed[i] {
                for input in self.nodes[i].op.inputs() {
                    needed[input.index] = true;
                }
            }
        }
        Ok((0..=out.index)
            .filter(|&i| needed[i])
            .map(|index| Tensor {
                graph: self.id,
                index,
            })
            .collect())
    }

    fn check(&self, t: Tensor) -> Result<(), TensorError> {
        if t.graph != self.id {
            return Err(TensorError::ForeignTensor {
                tensor_graph: t.graph,
                graph: self.id,
            });
        }
        Ok(())
    }
}

/// Errors of the tensor operations. Shapes are (rows, columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TensorError {
    #[error("a handle of graph {tensor_graph} was used with graph {graph}")]
    ForeignTensor { tensor_graph: u64, graph: u64 },
    #[error(
        "shapes {left:?} and {right:?} do not broadcast (each dimension must be equal, or 1 in one of them)"
    )]
    BroadcastMismatch {
        left: (usize, usize),
        right: (usize, usize),
    },
    #[error("cannot multiply a {left:?} matrix by a {right:?} matrix: the inner dimensions differ")]
    MatMulMismatch {
        left: (usize, usize),
        right: (usize, usize),
    },
    #[error("axis {axis} does not exist in a 2-D tensor (use Axis(0) or Axis(1))")]
    AxisOutOfRange { axis: usize },
    #[error("the mean over axis {axis} of length 0 is undefined")]
    EmptyAxis { axis: usize },
}
