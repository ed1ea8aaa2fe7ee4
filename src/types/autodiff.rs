//! Types for the `autodiff` exercise: the arena of a computation graph (its nodes, the
//! handles that name them, the operation each node records) and the errors.
//!
//! This file is the plumbing: storing nodes and looking them up. The operations, the
//! topological order and the backward pass are the exercise.

use std::sync::atomic::{AtomicU64, Ordering};

use thiserror::Error;

/// A handle to one node of one [`Graph`]: which graph made it and where the node sits in
/// that graph's arena. It is `Copy`, so use it as often as you like. Only a graph's
/// methods make handles, so a handle always names an existing node of its own graph; the
/// one bad handle is a handle from another graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Value {
    graph: u64,
    index: usize,
}

impl Value {
    /// The node's position in its graph's arena (0 for the first node made): use it to
    /// index a `vec![false; graph.len()]` of visited marks.
    pub fn index(self) -> usize {
        self.index
    }

    /// The id of the graph that made this handle.
    pub fn graph(self) -> u64 {
        self.graph
    }
}

/// What made a node: its operation and its operands (the exponent of `Pow` is a
/// constant, not a node).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// An input or a parameter, made by [`Graph::leaf`].
    Leaf,
    /// a + b
    Add(Value, Value),
    /// a · b
    Mul(Value, Value),
    /// aᵖ for a constant p
    Pow(Value, f64),
    /// eᵃ
    Exp(Value),
    /// ln a
    Ln(Value),
    /// tanh a
    Tanh(Value),
    /// max(0, a)
    Relu(Value),
}

impl Op {
    /// The nodes this node was computed from, first operand first (none for a leaf; a
    /// node used twice, as in `Mul(a, a)`, is listed twice).
    pub fn inputs(&self) -> Vec<Value> {
        match *self {
            Op::Leaf => vec![],
            Op::Add(a, b) | Op::Mul(a, b) => vec![a, b],
            Op::Pow(a, _) | Op::Exp(a) | Op::Ln(a) | Op::Tanh(a) | Op::Relu(a) => vec![a],
        }
    }
}

/// One node: its value (computed by the forward pass when the node is made), its
/// gradient ∂out/∂node (filled by the last `backward`), and the operation that made it.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub data: f64,
    pub grad: f64,
    pub op: Op,
}

/// A computation graph stored as an arena: a `Vec` of nodes, named by [`Value`] handles
/// (indices), with no `Rc<RefCell<…>>`. A node's operands are always made before it, so
/// they have smaller indices.
///
/// Every graph gets an id of its own, which its handles carry: a handle from another
/// graph is caught (`AutodiffError::ForeignValue`) instead of silently naming the wrong
/// node. A graph is deliberately not `Clone` (a clone would share the id).
#[derive(Debug)]
pub struct Graph {
    id: u64,
    nodes: Vec<Node>,
}

impl Default for Graph {
    fn default() -> Self {
        Self::new()
    }
}

impl Graph {
    /// An empty graph with a fresh id.
    pub fn new() -> Self {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Graph {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            nodes: Vec::new(),
        }
    }

    /// This graph's id (what its handles carry).
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

    /// A new input or parameter node holding `data` (gradient 0, `Op::Leaf`).
    pub fn leaf(&mut self, data: f64) -> Value {
        self.push(data, Op::Leaf)
    }

    /// Appends a node with value `data` made by `op`, gradient 0, and returns its handle.
    /// It trusts its caller: check `op`'s operands (with [`Graph::node`]) before pushing.
    pub fn push(&mut self, data: f64, op: Op) -> Value {
        self.nodes.push(Node {
            data,
            grad: 0.0,
            op,
        });
        Value {
            graph: self.id,
            index: self.nodes.len() - 1,
        }
    }

    /// The node `v` names, or `ForeignValue` if `v` comes from another graph.
    pub fn node(&self, v: Value) -> Result<&Node, AutodiffError> {
        self.check(v)?;
        Ok(&self.nodes[v.index])
    }

    /// The node `v` names, to change its gradient; `ForeignValue` as [`Graph::node`].
    pub fn node_mut(&mut self, v: Value) -> Result<&mut Node, AutodiffError> {
        self.check(v)?;
        Ok(&mut self.nodes[v.index])
    }

    /// The value of `v` (shorthand for `node(v)?.data`).
    pub fn data(&self, v: Value) -> Result<f64, AutodiffError> {
        Ok(self.node(v)?.data)
    }

    /// The gradient of `v` left by the last `backward` (0 before any).
    pub fn grad(&self, v: Value) -> Result<f64, AutodiffError> {
        Ok(self.node(v)?.grad)
    }

    /// Every node, in arena order (to reset every gradient, say).
    pub fn nodes_mut(&mut self) -> &mut [Node] {
        &mut self.nodes
    }

    /// Every node, in arena order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The handle of the node at `index` of this graph, if there is one.
    pub fn value_at(&self, index: usize) -> Option<Value> {
        (index < self.nodes.len()).then_some(Value {
            graph: self.id,
            index,
        })
    }

    fn check(&self, v: Value) -> Result<(), AutodiffError> {
        if v.graph != self.id {
            return Err(AutodiffError::ForeignValue {
                value_graph: v.graph,
                graph: self.id,
            });
        }
        Ok(())
    }
}

/// Errors of the autodiff operations.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
pub enum AutodiffError {
    #[error("a handle of graph {value_graph} was used with graph {graph}")]
    ForeignValue { value_graph: u64, graph: u64 },
    #[error("ln of {value}: the logarithm is only defined for values > 0")]
    LnOfNonPositive { value: f64 },
    #[error(
        "{base} to the power {exponent} is not a real number (a negative base needs an \
         integer exponent, and 0 has no negative power)"
    )]
    PowDomain { base: f64, exponent: f64 },
}
