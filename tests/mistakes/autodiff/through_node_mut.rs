//! A learner-style solution: every access through the plumbing's checked methods.

use mlings::types::autodiff::{AutodiffError, Graph, Op, Value};

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

fn visit(g: &Graph, v: Value, seen: &mut [bool], order: &mut Vec<Value>) {
    if seen[v.index()] {
        return;
    }
    seen[v.index()] = true;
    for input in g.node(v).unwrap().op.inputs() {
        visit(g, input, seen, order);
    }
    order.push(v);
}

impl Ops for Graph {
    fn add(&mut self, a: Value, b: Value) -> Result<Value, AutodiffError> {
        let x = self.data(a)?;
        let y = self.data(b)?;
        Ok(self.push(x + y, Op::Add(a, b)))
    }

    fn mul(&mut self, a: Value, b: Value) -> Result<Value, AutodiffError> {
        let x = self.data(a)?;
        let y = self.data(b)?;
        Ok(self.push(x * y, Op::Mul(a, b)))
    }

    fn pow(&mut self, a: Value, exponent: f64) -> Result<Value, AutodiffError> {
        let base = self.data(a)?;
        let whole = exponent == exponent.trunc();
        if base < 0.0 && !whole {
            return Err(AutodiffError::PowDomain { base, exponent });
        }
        if base == 0.0 && exponent < 0.0 {
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
        if !(x > 0.0) {
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
        Ok(self.push(if x > 0.0 { x } else { 0.0 }, Op::Relu(a)))
    }

    fn topological_order(&self, out: Value) -> Result<Vec<Value>, AutodiffError> {
        self.node(out)?;
        let mut seen = vec![false; self.len()];
        let mut order = Vec::new();
        visit(self, out, &mut seen, &mut order);
        Ok(order)
    }

    fn backward(&mut self, out: Value) -> Result<(), AutodiffError> {
        let order = self.topological_order(out)?;
        for node in self.nodes_mut() {
            node.grad = 0.0;
        }
        self.node_mut(out)?.grad = 1.0;
        for &v in order.iter().rev() {
            let node = self.node(v)?.clone();
            let g = node.grad;
            match node.op {
                Op::Leaf => {}
                Op::Add(a, b) => {
                    self.node_mut(a)?.grad += g;
                    self.node_mut(b)?.grad += g;
                }
                Op::Mul(a, b) => {
                    let (x, y) = (self.data(a)?, self.data(b)?);
                    self.node_mut(a)?.grad += y * g;
                    self.node_mut(b)?.grad += x * g;
                }
                Op::Pow(a, p) => {
                    if p != 0.0 {
                        let x = self.data(a)?;
                        self.node_mut(a)?.grad += p * x.powf(p - 1.0) * g;
                    }
                }
                Op::Exp(a) => self.node_mut(a)?.grad += node.data * g,
                Op::Ln(a) => {
                    let x = self.data(a)?;
                    self.node_mut(a)?.grad += g / x;
                }
                Op::Tanh(a) => self.node_mut(a)?.grad += (1.0 - node.data * node.data) * g,
                Op::Relu(a) => {
                    if self.data(a)? > 0.0 {
                        self.node_mut(a)?.grad += g;
                    }
                }
            }
        }
        Ok(())
    }
}
