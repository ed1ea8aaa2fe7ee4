//! Reference solution of exercises/12_deep_learning/autodiff.rs.

use crate::types::autodiff::{AutodiffError, Graph, Op, Value};

/// The operations of a scalar computation graph, and its backward pass.
pub trait Ops {
    fn add(&mut self, a: Value, b: Value) -> Result<Value, AutodiffError>;
    fn mul(&mut self, a: Value, b: Value) -> Result<Value, AutodiffError>;
    fn pow(&mut self, a: Value, exponent: f64) -> Result<Value, AutodiffError>;
    fn exp(&mut self, a: Value) -> Result<Value, AutodiffError>;
    fn ln(&mut self, a: Value) -> Result<Value, AutodiffError>;
    fn tanh(&mut self, a: Value) -> Result<Value, AutodiffError>;
    fn relu(&mut self, a: Value) -> Result<Value, AutodiffError>;
    fn topological_order(&self, out: Value) -> Result<Vec<Value>, AutodiffError>;
    fn backward(&mut self, out: Value) -> Result<(), AutodiffError>;
}

impl Ops for Graph {
    fn add(&mut self, a: Value, b: Value) -> Result<Value, AutodiffError> {
        let (x, y) = (self.data(a)?, self.data(b)?);
        Ok(self.push(x + y, Op::Add(a, b)))
    }

    fn mul(&mut self, a: Value, b: Value) -> Result<Value, AutodiffError> {
        let (x, y) = (self.data(a)?, self.data(b)?);
        Ok(self.push(x * y, Op::Mul(a, b)))
    }

    fn pow(&mut self, a: Value, exponent: f64) -> Result<Value, AutodiffError> {
        let base = self.data(a)?;
        if (base < 0.0 && exponent.fract() != 0.0) || (base == 0.0 && exponent < 0.0) {
            return Err(AutodiffError::PowDomain { base, exponent });
        }
        Ok(self.push(base.powf(exponent), Op::Pow(a, exponent)))
    }

    fn exp(&mut self, a: Value) -> Result<Value, AutodiffError> {
        let x = self.data(a)?;
        Ok(self.push(x.exp(), Op::Exp(a)))
    }

    fn ln(&mut self, a: Value) -> Result<Value, AutodiffError> {
        let x = self.data(a)?;
        if x <= 0.0 {
            return Err(AutodiffError::LnOfNonPositive { value: x });
        }
        Ok(self.push(x.ln(), Op::Ln(a)))
    }

    fn tanh(&mut self, a: Value) -> Result<Value, AutodiffError> {
        let x = self.data(a)?;
        Ok(self.push(x.tanh(), Op::Tanh(a)))
    }

    fn relu(&mut self, a: Value) -> Result<Value, AutodiffError> {
        let x = self.data(a)?;
        Ok(self.push(x.max(0.0), Op::Relu(a)))
    }

    fn topological_order(&self, out: Value) -> Result<Vec<Value>, AutodiffError> {
        self.node(out)?;
        // Depth-first, with an explicit stack so that a deep graph cannot overflow the
        // thread's stack: a node is pushed to `order` once all its inputs are.
        let mut visited = vec![false; self.len()];
        let mut order = Vec::new();
        let mut stack = vec![(out, false)];
        while let Some((v, inputs_done)) = stack.pop() {
            if inputs_done {
                order.push(v);
                continue;
            }
            if visited[v.index()] {
                continue;
            }
            visited[v.index()] = true;
            stack.push((v, true));
            for input in self.node(v)?.op.inputs().into_iter().rev() {
                if !visited[input.index()] {
                    stack.push((input, false));
                }
            }
        }
        Ok(order)
    }

    fn backward(&mut self, out: Value) -> Result<(), AutodiffError> {
        let order = self.topological_order(out)?;
        let nodes = self.nodes_mut();
        for node in nodes.iter_mut() {
            node.grad = 0.0;
        }
        nodes[out.index()].grad = 1.0;
        for v in order.into_iter().rev() {
            let node = &nodes[v.index()];
            let (g, data, op) = (node.grad, node.data, node.op);
            match op {
                Op::Leaf => {}
                Op::Add(a, b) => {
                    nodes[a.index()].grad += g;
                    nodes[b.index()].grad += g;
                }
                Op::Mul(a, b) => {
                    let (x, y) = (nodes[a.index()].data, nodes[b.index()].data);
                    nodes[a.index()].grad += y * g;
                    nodes[b.index()].grad += x * g;
                }
                Op::Pow(a, p) => {
                    if p != 0.0 {
                        let x = nodes[a.index()].data;
                        nodes[a.index()].grad += p * x.powf(p - 1.0) * g;
                    }
                }
                Op::Exp(a) => nodes[a.index()].grad += data * g,
                Op::Ln(a) => nodes[a.index()].grad += g / nodes[a.index()].data,
                Op::Tanh(a) => nodes[a.index()].grad += (1.0 - data * data) * g,
                Op::Relu(a) => {
                    if nodes[a.index()].data > 0.0 {
                        nodes[a.index()].grad += g;
                    }
                }
            }
        }
        Ok(())
    }
}
