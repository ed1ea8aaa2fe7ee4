//! autodiff: the gradients of a small network from your graph beside the reference's and
//! central finite differences, then the time of one backward pass over 100 000 nodes.

#[allow(unused_variables, dead_code)]
#[path = "../../exercises/12_deep_learning/autodiff.rs"]
mod learner;

use mlings::report::{Run, Table, run_learner, seconds, show, timed};
use mlings::types::autodiff::{AutodiffError, Graph, Value};

/// The 2-3-1 tanh network of the example, on one sample (x, y).
const X: [f64; 2] = [0.8, -0.4];
const Y: f64 = 0.3;
const W1: [[f64; 3]; 2] = [[0.5, -0.6, 0.2], [0.9, 0.3, -0.7]];
const B1: [f64; 3] = [0.05, -0.1, 0.2];
const W2: [f64; 3] = [0.7, -1.1, 0.4];
const B2: f64 = -0.2;

/// The network's parameters in a flat list, in the order the tables print them.
fn parameters() -> Vec<(String, f64)> {
    let mut p = Vec::new();
    for (i, row) in W1.iter().enumerate() {
        for (j, &w) in row.iter().enumerate() {
            p.push((format!("W1[{i}][{j}]"), w));
        }
    }
    for (j, &b) in B1.iter().enumerate() {
        p.push((format!("b1[{j}]"), b));
    }
    for (j, &w) in W2.iter().enumerate() {
        p.push((format!("w2[{j}]"), w));
    }
    p.push(("b2".into(), B2));
    p
}

/// The loss (ŷ − y)² as plain arithmetic, for the finite differences.
fn loss(p: &[f64]) -> f64 {
    let mut y_hat = p[12];
    for j in 0..3 {
        let z = X[0] * p[j] + X[1] * p[3 + j] + p[6 + j];
        y_hat += z.tanh() * p[9 + j];
    }
    (y_hat - Y).powi(2)
}

/// The network and the timing graph, built with one implementation's operations (the
/// learner's or the reference's trait, which have the same methods).
macro_rules! builders {
    ($module:ident, $($ops:ident)::+) => {
        mod $module {
            use super::*;
            use $($ops)::+ as _;

            /// Builds the loss in a new graph, runs backward, returns ∂L/∂(each parameter).
            pub fn gradients() -> Result<Vec<f64>, AutodiffError> {
                let mut g = Graph::new();
                let params: Vec<Value> = parameters().iter().map(|(_, v)| g.leaf(*v)).collect();
                let xs = X.map(|v| g.leaf(v));
                let mut y_hat = params[12];
                for j in 0..3 {
                    let a = g.mul(xs[0], params[j])?;
                    let b = g.mul(xs[1], params[3 + j])?;
                    let z = g.add(a, b)?;
                    let z = g.add(z, params[6 + j])?;
                    let h = g.tanh(z)?;
                    let hw = g.mul(h, params[9 + j])?;
                    y_hat = g.add(y_hat, hw)?;
                }
                let minus_y = g.leaf(-Y);
                let r = g.add(y_hat, minus_y)?;
                let l = g.pow(r, 2.0)?;
                g.backward(l)?;
                params.iter().map(|&p| g.grad(p)).collect()
            }

            /// A graph of about 5·terms nodes: Σᵢ tanh(xᵢ·wᵢ), summed pairwise (so that
            /// it is only log₂(terms) additions deep), and its output.
            pub fn wide_graph(terms: usize) -> Result<(Graph, Value), AutodiffError> {
                let mut g = Graph::new();
                let mut level = Vec::with_capacity(terms);
                for i in 0..terms {
                    let x = g.leaf((i as f64 * 0.37).sin());
                    let w = g.leaf((i as f64 * 0.11).cos());
                    let xw = g.mul(x, w)?;
                    level.push(g.tanh(xw)?);
                }
                while level.len() > 1 {
                    let mut next = Vec::with_capacity(level.len() / 2 + 1);
                    for pair in level.chunks(2) {
                        next.push(match pair {
                            [a, b] => g.add(*a, *b)?,
                            [a] => *a,
                            _ => unreachable!(),
                        });
                    }
                    level = next;
                }
                Ok((g, level[0]))
            }

            pub fn backward(g: &mut Graph, out: Value) -> Result<(), AutodiffError> {
                g.backward(out)
            }
        }
    };
}

builders!(yours, learner::Ops);
builders!(course, mlings::reference::autodiff::Ops);

fn cell(run: &Run<Result<Vec<f64>, AutodiffError>>, i: usize) -> String {
    run.ok_cell(|g| format!("{:.9}", g[i]))
}

pub fn run() {
    println!(
        "== autodiff: ∂L/∂θ for a 2-3-1 tanh network, L = (ŷ − y)², one sample x = {X:?}, \
         y = {Y}\n"
    );
    let mine = run_learner(yours::gradients);
    let reference = course::gradients().expect("the reference builds the network");
    let p = parameters();
    let values: Vec<f64> = p.iter().map(|(_, v)| *v).collect();
    let h = 1e-6;
    let mut table = Table::new(&[
        "parameter",
        "yours",
        "reference",
        "finite difference (h = 1e-6)",
    ]);
    for (i, (name, _)) in p.iter().enumerate() {
        let mut up = values.clone();
        up[i] += h;
        let mut down = values.clone();
        down[i] -= h;
        let numeric = (loss(&up) - loss(&down)) / (2.0 * h);
        table.row(vec![
            name.clone(),
            cell(&mine, i),
            format!("{:.9}", reference[i]),
            format!("{numeric:.9}"),
        ]);
    }
    show(
        &table,
        "autodiff: the gradients of a 2-3-1 tanh network",
        "yours should match the reference to every digit and the finite differences to \
         about 9 digits",
    );

    let terms = 20_000;
    let (mut g, out) = course::wide_graph(terms).expect("the reference builds it");
    let nodes = g.len();
    println!(
        "== autodiff: one backward pass over {nodes} nodes (Σ of {terms} tanh(x·w), summed \
         pairwise), optimized build\n"
    );
    let (_, reference_time) = timed(|| course::backward(&mut g, out).expect("reference"));
    let built = run_learner(|| yours::wide_graph(terms));
    let mine = match built {
        Run::Done(Ok((mut g, out)), build_time) => {
            let run = run_learner(|| yours::backward(&mut g, out));
            println!(
                "(your operations built the graph in {})",
                seconds(build_time)
            );
            run
        }
        Run::Done(Err(error), _) => Run::Skipped(format!("your operations failed: {error}")),
        Run::NotAttempted => Run::NotAttempted,
        Run::Crashed => Run::Crashed,
        Run::Skipped(why) => Run::Skipped(why),
    };
    let mut table = Table::new(&["backward of", "time", "result"]);
    table.row(vec![
        "reference".into(),
        seconds(reference_time),
        format!("{nodes} gradients"),
    ]);
    table.row(vec![
        "yours".into(),
        mine.time_cell(),
        mine.ok_cell(|_| format!("{nodes} gradients")),
    ]);
    table.row(vec![
        "linfa / scikit-learn".into(),
        "-".into(),
        "neither has automatic differentiation".into(),
    ]);
    show(
        &table,
        "autodiff: one backward pass over 100 000 nodes",
        "a backward pass costs about as much as the forward pass: every node is visited once",
    );
}
