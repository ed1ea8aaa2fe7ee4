//! tensor_autograd: the gradients of a dense tanh layer with a broadcast bias from your
//! tensor graph beside the reference's and finite differences, then the time of a
//! forward and backward pass of a 2-layer network on a batch of iris-sized rows.

#[allow(unused_variables, dead_code)]
#[path = "../../exercises/12_deep_learning/tensor_autograd.rs"]
mod learner;

use mlings::prep::rng;
use mlings::report::{Run, Table, run_learner, seconds, show, timed};
use mlings::types::tensor_autograd::{Tensor, TensorError, TensorGraph};
use ndarray::{Array2, Axis, array};
use rand::Rng;

/// L = mean over rows of Σ_columns tanh(X·W + b).
fn loss(x: &Array2<f64>, w: &Array2<f64>, b: &Array2<f64>) -> f64 {
    let a = (x.dot(w) + b).mapv(f64::tanh);
    a.sum_axis(Axis(1)).mean().unwrap()
}

macro_rules! builders {
    ($module:ident, $($ops:ident)::+) => {
        mod $module {
            use super::*;
            use $($ops)::+ as _;

            /// ∂L/∂W and ∂L/∂b of the dense layer.
            pub fn layer_gradients(
                x: &Array2<f64>,
                w: &Array2<f64>,
                b: &Array2<f64>,
            ) -> Result<(Array2<f64>, Array2<f64>), TensorError> {
                let mut g = TensorGraph::new();
                let (xt, wt, bt) = (g.leaf(x.clone()), g.leaf(w.clone()), g.leaf(b.clone()));
                let z = g.matmul(xt, wt)?;
                let z = g.add(z, bt)?;
                let a = g.tanh(z)?;
                let s = g.sum(a, Axis(1))?;
                let l = g.mean(s, Axis(0))?;
                g.backward(l)?;
                Ok((g.grad(wt)?.clone(), g.grad(bt)?.clone()))
            }

            /// A 2-layer network's loss graph on `x`: tanh(X·W1 + b1)·W2 + b2, squared,
            /// averaged.
            pub fn network(
                x: &Array2<f64>,
                params: &[Array2<f64>; 4],
            ) -> Result<(TensorGraph, Tensor), TensorError> {
                let mut g = TensorGraph::new();
                let xt = g.leaf(x.clone());
                let p: Vec<Tensor> = params.iter().map(|p| g.leaf(p.clone())).collect();
                let z = g.matmul(xt, p[0])?;
                let z = g.add(z, p[1])?;
                let h = g.tanh(z)?;
                let y = g.matmul(h, p[2])?;
                let y = g.add(y, p[3])?;
                let sq = g.mul(y, y)?;
                let s = g.sum(sq, Axis(1))?;
                let l = g.mean(s, Axis(0))?;
                Ok((g, l))
            }

            pub fn backward(g: &mut TensorGraph, out: Tensor) -> Result<(), TensorError> {
                g.backward(out)
            }
        }
    };
}

builders!(yours, learner::TensorOps);
builders!(course, mlings::reference::tensor_autograd::TensorOps);

pub fn run() {
    let x = array![[0.5, -1.0], [1.5, 0.25], [-0.5, 2.0]];
    let w = array![[0.3, -0.2], [1.1, 0.4]];
    let b = array![[0.1, -0.3]];
    println!(
        "== tensor_autograd: ∂L/∂W and ∂L/∂b for L = mean over 3 rows of Σ tanh(X·W + b), \
         b (1×2) broadcast over the rows\n"
    );
    let mine = run_learner(|| yours::layer_gradients(&x, &w, &b));
    let (rw, rb) = course::layer_gradients(&x, &w, &b).expect("the reference");
    let h = 1e-6;
    let numeric = |which: usize, r: usize, c: usize| {
        let (mut wp, mut bp, mut wm, mut bm) = (w.clone(), b.clone(), w.clone(), b.clone());
        if which == 0 {
            wp[[r, c]] += h;
            wm[[r, c]] -= h;
        } else {
            bp[[r, c]] += h;
            bm[[r, c]] -= h;
        }
        (loss(&x, &wp, &bp) - loss(&x, &wm, &bm)) / (2.0 * h)
    };
    let mut table = Table::new(&[
        "entry",
        "yours",
        "reference",
        "finite difference (h = 1e-6)",
    ]);
    for (which, name, reference) in [(0, "W", &rw), (1, "b", &rb)] {
        for ((r, c), value) in reference.indexed_iter() {
            table.row(vec![
                format!("{name}[{r}, {c}]"),
                mine.ok_cell(|(gw, gb)| {
                    let g = if which == 0 { gw } else { gb };
                    g.get((r, c))
                        .map_or("wrong shape".into(), |v| format!("{v:.9}"))
                }),
                format!("{value:.9}"),
                format!("{:.9}", numeric(which, r, c)),
            ]);
        }
    }
    show(
        &table,
        "tensor_autograd: the gradients of a dense tanh layer",
        "b's gradient is the sum over the rows its broadcast fed (unbroadcast)",
    );

    let (n, d, hidden, outputs) = (4096, 4, 64, 3);
    let mut r = rng(15);
    let mut random =
        |shape: (usize, usize)| Array2::from_shape_simple_fn(shape, || r.gen_range(-1.0..1.0));
    let x = random((n, d));
    let params = [
        random((d, hidden)),
        random((1, hidden)),
        random((hidden, outputs)),
        random((1, outputs)),
    ];
    println!(
        "== tensor_autograd: a {d}-{hidden}-{outputs} tanh network on {n} rows, forward and \
         backward, optimized build\n"
    );
    let ((mut g, out), reference_forward) =
        timed(|| course::network(&x, &params).expect("reference"));
    let (_, reference_backward) = timed(|| course::backward(&mut g, out).expect("reference"));
    let built = run_learner(|| yours::network(&x, &params));
    let (forward_cell, backward_cell) = match built {
        Run::Done(Ok((mut g, out)), time) => {
            let backward = match run_learner(|| yours::backward(&mut g, out)) {
                Run::Done(Ok(()), time) => seconds(time),
                other => other.ok_cell(|_| String::new()),
            };
            (seconds(time), backward)
        }
        Run::Done(Err(e), _) => (format!("error: {e}"), "-".into()),
        other => (other.cell(|_| String::new()), "-".into()),
    };
    let mut table = Table::new(&["", "forward", "backward"]);
    table.row(vec![
        "reference".into(),
        seconds(reference_forward),
        seconds(reference_backward),
    ]);
    table.row(vec!["yours".into(), forward_cell, backward_cell]);
    show(
        &table,
        "tensor_autograd: a forward and backward pass of a small network on 4096 rows",
        "backward costs a small multiple of forward: two matrix products per matmul",
    );
}
