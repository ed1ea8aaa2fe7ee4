//! Grader of exercises/12_deep_learning/autodiff.rs.
//!
//! Expected numbers: derivatives worked by hand (each rule at a point, micrograd's
//! neuron, a 2-2-1 network written out with the chain rule below), and central finite
//! differences of an evaluator written here, on seeded random expressions.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/12_deep_learning/autodiff.rs"]
mod autodiff;
#[cfg(feature = "solutions")]
use mlings::reference::autodiff;

use autodiff::Ops;
use mlings::grade::{Tolerance, expect, expect_error, fail, require};
use mlings::types::autodiff::{AutodiffError, Graph, Op, Value};
use mlings::{call, call_ok};
use rand::Rng;

/// The grader's step for central differences, (f(x + h) − f(x − h)) / 2h.
const H: f64 = 1e-6;
/// Finite differences agree with exact derivatives to about 1e-9 here; 1e-6 leaves room.
const FD_TOL: Tolerance = Tolerance {
    rel: 1e-6,
    abs: 1e-6,
};

fn leaves(g: &mut Graph, values: &[f64]) -> Vec<Value> {
    values.iter().map(|&x| g.leaf(x)).collect()
}

/// A gradient as the plumbing stores it (never the learner's code).
fn grad(g: &Graph, v: Value) -> f64 {
    g.grad(v).expect("the grader's own handle")
}

fn data(g: &Graph, v: Value) -> f64 {
    g.data(v).expect("the grader's own handle")
}

/// Runs the learner's backward, failing with the call if it returns an error.
fn backward(g: &mut Graph, out: Value) {
    call_ok!(g.backward(out));
}

// ---------------------------------------------------------------------------------
// Forward values and the recorded operations

#[test]
fn forward_values_by_hand() {
    let mut g = Graph::new();
    let [a, b] = [g.leaf(2.0), g.leaf(-3.0)];
    let cases: Vec<(&str, Value, f64)> = vec![
        ("add(2, −3)", call_ok!(g.add(a, b)), -1.0),
        ("mul(2, −3)", call_ok!(g.mul(a, b)), -6.0),
        ("pow(2, 3)", call_ok!(g.pow(a, 3.0)), 8.0),
        ("pow(−3, 2)", call_ok!(g.pow(b, 2.0)), 9.0),
        ("pow(2, −1)", call_ok!(g.pow(a, -1.0)), 0.5),
        ("exp(2)", call_ok!(g.exp(a)), 2.0f64.exp()),
        ("ln(2)", call_ok!(g.ln(a)), std::f64::consts::LN_2),
        ("tanh(−3)", call_ok!(g.tanh(b)), (-3.0f64).tanh()),
        ("relu(2)", call_ok!(g.relu(a)), 2.0),
        ("relu(−3)", call_ok!(g.relu(b)), 0.0),
    ];
    for (what, v, expected) in cases {
        expect(
            format!("the value (data) of the node {what}"),
            data(&g, v),
            expected,
        )
        .tol(Tolerance::TIGHT)
        .assert();
    }
}

#[test]
fn each_op_appends_one_node_recording_its_operands() {
    let mut g = Graph::new();
    let [a, b] = [g.leaf(2.0), g.leaf(0.5)];
    type Make = fn(&mut Graph, Value, Value) -> Result<Value, AutodiffError>;
    let cases: [(&str, Make, Op); 7] = [
        ("g.add(a, b)", |g, a, b| g.add(a, b), Op::Add(a, b)),
        ("g.mul(a, b)", |g, a, b| g.mul(a, b), Op::Mul(a, b)),
        ("g.pow(a, 1.5)", |g, a, _| g.pow(a, 1.5), Op::Pow(a, 1.5)),
        ("g.exp(b)", |g, _, b| g.exp(b), Op::Exp(b)),
        ("g.ln(b)", |g, _, b| g.ln(b), Op::Ln(b)),
        ("g.tanh(b)", |g, _, b| g.tanh(b), Op::Tanh(b)),
        ("g.relu(b)", |g, _, b| g.relu(b), Op::Relu(b)),
    ];
    for (what, make, op) in cases {
        let before = g.len();
        let v = mlings::grade::ok(what, mlings::grade::attempt(what, || make(&mut g, a, b)));
        require(g.len() == before + 1, || {
            format!(
                "{what}: the graph grew from {before} to {} nodes; each operation appends \
                 exactly one node (with self.push) and returns its handle",
                g.len()
            )
        });
        require(v.index() == before, || {
            format!(
                "{what}: returned the handle of node {}, not of the node it appended ({before}): \
                 return what self.push gives back",
                v.index()
            )
        });
        let recorded = g.node(v).expect("own handle").op;
        let swapped = match op {
            Op::Add(x, y) => Some(Op::Add(y, x)),
            Op::Mul(x, y) => Some(Op::Mul(y, x)),
            _ => None,
        };
        if recorded != op {
            let mut message = format!(
                "{what}: the new node records {recorded:?}\n    expected: {op:?} (the operation \
                 and its operands in the order given)"
            );
            if Some(recorded) == swapped {
                message.push_str("\n    likely mistake: the operands are swapped: record (a, b)");
            }
            fail(message);
        }
    }
}

// ---------------------------------------------------------------------------------
// Domain errors, foreign handles, and a graph left unchanged by an error

/// Calls `op` expecting `wanted`, and checks that no node was added.
fn expect_rejected(
    g: &mut Graph,
    what: &str,
    op: impl FnOnce(&mut Graph) -> Result<Value, AutodiffError>,
    wanted: AutodiffError,
    mistakes: &[(AutodiffError, &str)],
) {
    let before = g.len();
    let result = mlings::grade::attempt(what, || op(g));
    let got = match result {
        Err(error) => error,
        Ok(v) => {
            let value = data(g, v);
            let why = match wanted {
                AutodiffError::ForeignValue { .. } => {
                    "a handle from another graph names no node of this one; look up every \
                     operand with self.data(x)?, which returns ForeignValue for it"
                }
                AutodiffError::LnOfNonPositive { .. } => {
                    "ln a is only defined for a > 0 (ln 0 = −∞, and ln of a negative is NaN)"
                }
                AutodiffError::PowDomain { .. } => {
                    "a negative base needs a whole exponent, and 0 has no negative power \
                     (powf would give NaN or ∞)"
                }
            };
            fail(format!(
                "{what}: expected the error {wanted:?}, got Ok (a node holding {value})\n    \
                 why it must be an error: {why}"
            ))
        }
    };
    expect_error(what, got, wanted, mistakes);
    require(g.len() == before, || {
        format!(
            "{what}: returned the right error but the graph grew from {before} to {} nodes\n    \
             likely mistake: you pushed the node before checking; on an error no node is added",
            g.len()
        )
    });
}

#[test]
fn ln_of_a_non_positive_value_is_an_error() {
    let mut g = Graph::new();
    for x in [0.0, -2.0] {
        let a = g.leaf(x);
        expect_rejected(
            &mut g,
            &format!("g.ln(a) with a = {x}"),
            |g| g.ln(a),
            AutodiffError::LnOfNonPositive { value: x },
            &[],
        );
    }
    // A tiny positive value is fine.
    let tiny = g.leaf(1e-300);
    let v = call_ok!(g.ln(tiny));
    expect("ln(1e-300)", data(&g, v), 1e-300f64.ln()).assert();
}

#[test]
fn pow_outside_the_reals_is_an_error() {
    let mut g = Graph::new();
    for (base, exponent, why) in [
        (
            -8.0,
            1.0 / 3.0,
            "a negative base with an exponent that is not whole",
        ),
        (
            -2.0,
            0.5,
            "a negative base with an exponent that is not whole",
        ),
        (
            -2.0,
            -1.5,
            "a negative base with an exponent that is not whole",
        ),
        (0.0, -1.0, "0 to a negative power"),
        (0.0, -2.0, "0 to a negative power"),
    ] {
        let a = g.leaf(base);
        expect_rejected(
            &mut g,
            &format!("g.pow(a, {exponent}) with a = {base} ({why})"),
            |g| g.pow(a, exponent),
            AutodiffError::PowDomain { base, exponent },
            &[(
                AutodiffError::PowDomain {
                    base: exponent,
                    exponent: base,
                },
                "base and exponent are swapped in the error",
            )],
        );
    }
    for (base, exponent, expected) in [
        (-2.0, 3.0, -8.0),
        (-2.0, -2.0, 0.25),
        (0.0, 0.0, 1.0),
        (0.0, 2.0, 0.0),
        (4.0, 0.5, 2.0),
        (4.0, -0.5, 0.5),
    ] {
        let a = g.leaf(base);
        let what = format!("g.pow(a, {exponent}) with a = {base}");
        let v = match call!(g.pow(a, exponent)) {
            Ok(v) => v,
            Err(error) => fail(format!(
                "{what} returned the error {error:?}: {base}^{exponent} = {expected} is a real \
                 number (only a negative base with an exponent that is not whole, or 0 to a \
                 negative power, are errors)"
            )),
        };
        expect(format!("the value of {what}"), data(&g, v), expected)
            .tol(Tolerance::TIGHT)
            .assert();
    }
}

#[test]
fn a_handle_from_another_graph_is_an_error() {
    let mut g = Graph::new();
    let mut other = Graph::new();
    let mut third = Graph::new();
    let mine = g.leaf(1.5);
    let theirs = other.leaf(1.5);
    let third_value = third.leaf(1.5);
    let graph = g.id();
    let foreign = |v: Value| AutodiffError::ForeignValue {
        value_graph: v.graph(),
        graph,
    };
    type Binary = fn(&mut Graph, Value, Value) -> Result<Value, AutodiffError>;
    let binary: [(&str, Binary); 2] = [
        ("add", |g, a, b| g.add(a, b)),
        ("mul", |g, a, b| g.mul(a, b)),
    ];
    for (name, op) in binary {
        expect_rejected(
            &mut g,
            &format!("g.{name}(a, b) with b from another graph"),
            |g| op(g, mine, theirs),
            foreign(theirs),
            &[],
        );
        expect_rejected(
            &mut g,
            &format!("g.{name}(a, b) with a from another graph"),
            |g| op(g, theirs, mine),
            foreign(theirs),
            &[],
        );
        expect_rejected(
            &mut g,
            &format!("g.{name}(a, b) with a and b from two other graphs"),
            |g| op(g, theirs, third_value),
            foreign(theirs),
            &[(
                foreign(third_value),
                "the error names b's graph: look up a first, then b",
            )],
        );
    }
    type Unary = fn(&mut Graph, Value) -> Result<Value, AutodiffError>;
    let unary: [(&str, Unary); 5] = [
        ("pow(a, 2.0)", |g, a| g.pow(a, 2.0)),
        ("exp(a)", |g, a| g.exp(a)),
        ("ln(a)", |g, a| g.ln(a)),
        ("tanh(a)", |g, a| g.tanh(a)),
        ("relu(a)", |g, a| g.relu(a)),
    ];
    for (name, op) in unary {
        expect_rejected(
            &mut g,
            &format!("g.{name} with a from another graph"),
            |g| op(g, theirs),
            foreign(theirs),
            &[],
        );
    }
    let order = call!(g.topological_order(theirs));
    match order {
        Err(error) => expect_error(
            "g.topological_order(out) with out from another graph",
            error,
            foreign(theirs),
            &[],
        ),
        Ok(order) => fail(format!(
            "g.topological_order(out) with out from another graph: expected the error \
             ForeignValue, got Ok (a list of {} nodes)",
            order.len()
        )),
    }
}

#[test]
fn backward_with_a_foreign_output_is_an_error_and_changes_nothing() {
    let mut g = Graph::new();
    let mut other = Graph::new();
    let x = g.leaf(3.0);
    let y = call_ok!(g.mul(x, x));
    backward(&mut g, y);
    let theirs = other.leaf(1.0);
    let wanted = AutodiffError::ForeignValue {
        value_graph: other.id(),
        graph: g.id(),
    };
    match call!(g.backward(theirs)) {
        Err(error) => expect_error(
            "g.backward(out) with out from another graph",
            error,
            wanted,
            &[],
        ),
        Ok(()) => fail(
            "g.backward(out) with out from another graph: expected the error ForeignValue, \
             got Ok(())"
                .into(),
        ),
    }
    expect(
        "after a backward(out) rejected for a foreign out, the grad of x left by the \
         previous backward of y = x·x at x = 3",
        grad(&g, x),
        6.0,
    )
    .mistake(
        0.0,
        "you reset the gradients before checking out: check first, change nothing on an error",
    )
    .no_generic_diagnosis()
    .assert();
}

// ---------------------------------------------------------------------------------
// Each backward rule at a point, by hand

/// Builds `op` on leaves holding `inputs`, runs backward on it and returns the leaves'
/// gradients.
fn gradients_of(
    inputs: &[f64],
    op: impl FnOnce(&mut Graph, &[Value]) -> Result<Value, AutodiffError>,
    what: &str,
) -> Vec<f64> {
    let mut g = Graph::new();
    let xs = leaves(&mut g, inputs);
    let out = mlings::grade::ok(what, mlings::grade::attempt(what, || op(&mut g, &xs)));
    backward(&mut g, out);
    require(grad(&g, out) == 1.0, || {
        format!(
            "after g.backward(out) for out = {what}, out's own grad is {} (∂out/∂out = 1)\n    \
             likely mistake: out's grad must be set to 1 before the walk (and after the reset)",
            grad(&g, out)
        )
    });
    xs.iter().map(|&x| grad(&g, x)).collect()
}

#[test]
fn add_and_mul_gradients_by_hand() {
    let got = gradients_of(&[2.0, -3.0], |g, x| g.add(x[0], x[1]), "a + b");
    for (i, name) in ["a", "b"].iter().enumerate() {
        expect(format!("∂(a + b)/∂{name} at a = 2, b = −3"), got[i], 1.0)
            .mistake(0.0, "add passes ḡ(v) to both of its operands")
            .assert();
    }
    let got = gradients_of(&[2.0, -3.0], |g, x| g.mul(x[0], x[1]), "a · b");
    expect("∂(a · b)/∂a at a = 2, b = −3 (it is b)", got[0], -3.0)
        .mistake(
            2.0,
            "you multiplied by a itself: ∂(a·b)/∂a is the other operand, b",
        )
        .mistake(0.0, "mul passes a contribution to both of its operands")
        .mistake(
            1.0,
            "that is add's rule: mul multiplies ḡ(v) by the other operand",
        )
        .assert();
    expect("∂(a · b)/∂b at a = 2, b = −3 (it is a)", got[1], 2.0)
        .mistake(
            -3.0,
            "you multiplied by b itself: ∂(a·b)/∂b is the other operand, a",
        )
        .mistake(0.0, "mul passes a contribution to both of its operands")
        .mistake(
            1.0,
            "that is add's rule: mul multiplies ḡ(v) by the other operand",
        )
        .assert();
}

#[test]
fn pow_gradients_by_hand() {
    for (a, p) in [(2.0, 3.0), (4.0, 0.5), (-2.0, 3.0), (2.0, -1.0)] {
        let got = gradients_of(&[a], |g, x| g.pow(x[0], p), "a^p");
        let expected = p * f64::powf(a, p - 1.0);
        expect(
            format!("∂(a^{p})/∂a at a = {a} (p·a^(p−1))"),
            got[0],
            expected,
        )
        .mistake(
            p * f64::powf(a, p),
            "you used p·a^p: the power drops by one, p·a^(p−1)",
        )
        .mistake(f64::powf(a, p - 1.0), "the factor p is missing: p·a^(p−1)")
        .mistake(
            (p - 1.0) * f64::powf(a, p - 1.0),
            "the factor is p, not p − 1: p·a^(p−1)",
        )
        .assert();
    }
    // Exponent 0: the node is the constant 1 and passes nothing (p·a^(p−1) at a = 0
    // would be 0·∞ = NaN).
    for a in [0.0, 3.0] {
        let got = gradients_of(&[a], |g, x| g.pow(x[0], 0.0), "a^0");
        require(!got[0].is_nan(), || {
            format!(
                "∂(a^0)/∂a at a = {a}: got NaN\n    likely mistake: 0·∞: with p = 0 the rule \
                 p·a^(p−1) is 0·0^(−1) = 0·∞ = NaN at a = 0; pass nothing when p = 0 (a^0 is \
                 the constant 1)"
            )
        });
        expect(
            format!("∂(a^0)/∂a at a = {a} (a^0 is the constant 1: nothing is passed)"),
            got[0],
            0.0,
        )
        .tol(Tolerance::abs(0.0))
        .assert();
    }
}

#[test]
fn exp_ln_tanh_gradients_by_hand() {
    let a = 0.7f64;
    let got = gradients_of(&[a], |g, x| g.exp(x[0]), "e^a");
    expect(
        format!("∂(e^a)/∂a at a = {a} (e^a itself)"),
        got[0],
        a.exp(),
    )
    .mistake(
        a,
        "you multiplied by a: the derivative of e^a is e^a, the node's own value",
    )
    .mistake(1.0, "the local derivative is e^a (the node's value), not 1")
    .assert();

    let a = 2.5f64;
    let got = gradients_of(&[a], |g, x| g.ln(x[0]), "ln a");
    expect(format!("∂(ln a)/∂a at a = {a} (1/a)"), got[0], 1.0 / a)
        .mistake(
            a,
            "you multiplied by a: the derivative of ln a is 1/a, divide by a",
        )
        .mistake(
            1.0 / a.ln(),
            "you divided by ln a (the node's value): divide by the operand a",
        )
        .mistake(
            a.ln(),
            "you multiplied by ln a: the derivative of ln a is 1/a",
        )
        .assert();

    let a = 0.8f64;
    let t = a.tanh();
    let got = gradients_of(&[a], |g, x| g.tanh(x[0]), "tanh a");
    expect(
        format!("∂(tanh a)/∂a at a = {a} (1 − tanh²a)"),
        got[0],
        1.0 - t * t,
    )
    .mistake(
        1.0 - a * a,
        "you used 1 − a²: the rule is 1 − v² with v = tanh a, the node's value",
    )
    .mistake(t * t - 1.0, "the sign is flipped: 1 − v², not v² − 1")
    .mistake(1.0 - t, "1 − v is missing a square: 1 − v²")
    .assert();
}

#[test]
fn relu_gradients_by_hand() {
    for (a, expected) in [(1.5, 1.0), (-1.5, 0.0)] {
        let got = gradients_of(&[a], |g, x| g.relu(x[0]), "relu a");
        expect(format!("∂relu(a)/∂a at a = {a}"), got[0], expected)
            .mistake(
                a,
                "you passed ḡ(v)·a: relu passes ḡ(v) itself where a > 0 and nothing elsewhere",
            )
            .mistake(
                1.0 - expected,
                "the condition is reversed: relu passes ḡ(v) where a > 0, nothing where a ≤ 0",
            )
            .assert();
    }
    let got = gradients_of(&[0.0], |g, x| g.relu(x[0]), "relu a");
    expect(
        "∂relu(a)/∂a at a = 0 (the doc's convention, as PyTorch: 0)",
        got[0],
        0.0,
    )
    .mistake(
        1.0,
        "at a = 0 you passed the gradient (a >= 0): the doc's rule is a > 0, so nothing at 0",
    )
    .assert();
}

// ---------------------------------------------------------------------------------
// The walk: order, accumulation, reset

#[test]
fn gradients_flow_through_a_chain() {
    // y = exp(tanh(x)): ∂y/∂t = y, ∂y/∂x = y·(1 − t²).
    let mut g = Graph::new();
    let x = g.leaf(0.4);
    let t = call_ok!(g.tanh(x));
    let y = call_ok!(g.exp(t));
    backward(&mut g, y);
    let (tv, yv) = (0.4f64.tanh(), 0.4f64.tanh().exp());
    expect(
        "∂y/∂t for y = exp(t), t = tanh(x), x = 0.4",
        grad(&g, t),
        yv,
    )
    .assert();
    expect(
        "∂y/∂x for y = exp(tanh(x)) at x = 0.4 (two rules chained)",
        grad(&g, x),
        yv * (1.0 - tv * tv),
    )
    .mistake(
        0.0,
        "x got nothing although t's gradient is right: you walked the topological order \
         from the start; walk it from the end (out) back to the start, so that a node's \
         gradient is complete before it is passed on",
    )
    .mistake(
        1.0 - tv * tv,
        "x's gradient is tanh's local derivative alone: multiply it by ḡ(t), the gradient \
         the node received (the chain rule)",
    )
    .assert();
}

#[test]
fn a_value_used_twice_gets_both_contributions() {
    let got = gradients_of(&[3.0], |g, x| g.mul(x[0], x[0]), "x · x");
    expect("∂(x · x)/∂x at x = 3 (2x)", got[0], 6.0)
        .mistake(
            3.0,
            "x got one contribution: you set the operand's grad (=) instead of adding to it \
             (+=); a value used twice gets the sum of both",
        )
        .assert();
    let got = gradients_of(&[3.0], |g, x| g.add(x[0], x[0]), "x + x");
    expect("∂(x + x)/∂x at x = 3 (2)", got[0], 2.0)
        .mistake(
            1.0,
            "x got one contribution: you set the operand's grad (=) instead of adding to it \
             (+=); a value used twice gets the sum of both",
        )
        .assert();
    // A diamond: y = tanh(x); z = y·x + exp(y): x feeds two nodes, y feeds two nodes.
    let mut g = Graph::new();
    let x = g.leaf(0.6);
    let y = call_ok!(g.tanh(x));
    let yx = call_ok!(g.mul(y, x));
    let e = call_ok!(g.exp(y));
    let z = call_ok!(g.add(yx, e));
    backward(&mut g, z);
    let (xv, yv) = (0.6f64, 0.6f64.tanh());
    let dy = xv + yv.exp();
    let dx = yv + dy * (1.0 - yv * yv);
    expect(
        "∂z/∂y for z = y·x + exp(y), y = tanh(x), x = 0.6 (y is used twice: x + e^y)",
        grad(&g, y),
        dy,
    )
    .mistake(
        yv.exp(),
        "y kept only its last contribution: add (+=) to the operand's grad, never set it",
    )
    .mistake(
        xv,
        "y kept only its first contribution: add (+=) to the operand's grad, never set it",
    )
    .assert();
    expect(
        "∂z/∂x for z = y·x + exp(y), y = tanh(x), x = 0.6",
        grad(&g, x),
        dx,
    )
    .assert();
}

#[test]
fn backward_twice_gives_the_same_gradients() {
    let mut g = Graph::new();
    let x = g.leaf(1.5);
    let w = g.leaf(-0.5);
    let xw = call_ok!(g.mul(x, w));
    let y = call_ok!(g.tanh(xw));
    backward(&mut g, y);
    let first = [grad(&g, x), grad(&g, w)];
    backward(&mut g, y);
    let t = (1.5f64 * -0.5).tanh();
    let d = 1.0 - t * t;
    for (i, (name, expected)) in [("x", -0.5 * d), ("w", 1.5 * d)].into_iter().enumerate() {
        expect(
            format!(
                "∂y/∂{name} for y = tanh(x·w) at x = 1.5, w = −0.5, after a second backward(y)"
            ),
            grad(&g, [x, w][i]),
            expected,
        )
        .mistake(
            2.0 * expected,
            "the second backward added to the first one's gradients: reset every grad to 0 \
             at the start of backward",
        )
        .mistake_factor(
            3.0,
            "the second backward added to the first one's gradients (and the inner nodes' \
             doubled grads were passed on): reset every grad to 0 at the start of backward",
        )
        .assert();
        expect(
            format!("∂y/∂{name} after the first backward(y)"),
            first[i],
            expected,
        )
        .assert();
    }
}

#[test]
fn backward_resets_nodes_the_output_does_not_depend_on() {
    let mut g = Graph::new();
    let a = g.leaf(2.0);
    let b = g.leaf(5.0);
    let ab = call_ok!(g.mul(a, b));
    let a2 = call_ok!(g.pow(a, 2.0));
    backward(&mut g, ab); // ∂/∂a = 5, ∂/∂b = 2
    backward(&mut g, a2); // ∂/∂a = 4; b and ab do not feed a2
    expect(
        "∂(a²)/∂a at a = 2 after the earlier backward(a·b)",
        grad(&g, a),
        4.0,
    )
    .mistake(
        9.0,
        "a kept the previous backward's 5 and added 4: reset every grad to 0 first",
    )
    .assert();
    expect(
        "∂(a²)/∂b after backward(a·b) then backward(a²): a² does not depend on b",
        grad(&g, b),
        0.0,
    )
    .mistake(
        2.0,
        "b kept the gradient of the previous backward(a·b): reset every node of the graph, \
         not only those out depends on",
    )
    .no_generic_diagnosis()
    .assert();
    expect(
        "the grad of the node a·b after backward(a²), which it does not feed",
        grad(&g, ab),
        0.0,
    )
    .mistake(
        1.0,
        "a·b kept its grad of 1 from backward(a·b): reset every node of the graph",
    )
    .no_generic_diagnosis()
    .assert();
}

/// The graph of the topological-order checks: a diamond below `out`, and nodes `out`
/// does not depend on (one made before it, one after).
fn diamond() -> (Graph, Value, Vec<Value>) {
    let mut g = Graph::new();
    let x = g.leaf(0.5);
    let unused_leaf = g.leaf(7.0);
    let w = g.leaf(2.0);
    let xw = call_ok!(g.mul(x, w));
    let t = call_ok!(g.tanh(xw));
    let _unused = call_ok!(g.exp(unused_leaf));
    let e = call_ok!(g.exp(xw));
    let s = call_ok!(g.add(t, e));
    let out = call_ok!(g.mul(s, x));
    let _after = call_ok!(g.relu(out));
    (g, out, vec![x, w, xw, t, e, s, out])
}

#[test]
fn topological_order_of_a_diamond() {
    let (g, out, ancestors) = diamond();
    let order = call_ok!(g.topological_order(out));
    let what = "topological_order(out) for out = (tanh(x·w) + exp(x·w)) · x, in a graph with \
                3 nodes out does not depend on";
    let mut seen = vec![0usize; g.len()];
    for v in &order {
        require(v.graph() == g.id() && v.index() < g.len(), || {
            format!("{what}: it holds a handle that is not of this graph")
        });
        seen[v.index()] += 1;
    }
    if let Some(twice) = order.iter().find(|v| seen[v.index()] > 1) {
        fail(format!(
            "{what}: node {} appears {} times ({} entries in all, {} expected)\n    likely \
             mistake: a node reached along two paths (x·w feeds tanh and exp) is listed once: \
             mark nodes visited and skip a visited one",
            twice.index(),
            seen[twice.index()],
            order.len(),
            ancestors.len()
        ));
    }
    if let Some(extra) = order.iter().find(|v| !ancestors.contains(v)) {
        fail(format!(
            "{what}: it lists node {}, which out does not depend on\n    likely mistake: only \
             the nodes reached from out through the operands belong in it (not the whole arena)",
            extra.index()
        ));
    }
    if let Some(missing) = ancestors.iter().find(|v| seen[v.index()] == 0) {
        fail(format!(
            "{what}: node {} ({:?}) is missing; out depends on it (every operand of every node \
             reached, out included)",
            missing.index(),
            g.node(*missing).unwrap().op
        ));
    }
    let position = |v: Value| order.iter().position(|&u| u == v).unwrap();
    for &v in &order {
        for input in g.node(v).unwrap().op.inputs() {
            if position(input) > position(v) {
                let reversed = position(out) == 0;
                fail(format!(
                    "{what}: node {} comes before its input node {}; every node comes after its \
                     inputs{}",
                    v.index(),
                    input.index(),
                    if reversed {
                        "\n    likely mistake: out comes first: you appended a node before \
                         its inputs (pre-order) or reversed the list; append a node after \
                         visiting its inputs"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
    require(order.last() == Some(&out), || {
        format!("{what}: out is not last")
    });
    // The order of a leaf is the leaf itself.
    let leaf_order = call_ok!(g.topological_order(ancestors[0]));
    require(leaf_order == vec![ancestors[0]], || {
        format!(
            "topological_order(x) for a leaf x: expected just [x], got {} nodes",
            leaf_order.len()
        )
    });
}

// ---------------------------------------------------------------------------------
// A neuron and a tiny network, by hand

#[test]
fn neuron_by_hand() {
    // micrograd's neuron: o = tanh(x1·w1 + x2·w2 + b) with n = asinh(1) = 0.88137…, so
    // that o = tanh(n) = 1/√2 and ∂o/∂n = 1 − o² = 1/2.
    let mut g = Graph::new();
    let [x1, x2, w1, w2, b] = [2.0, 0.0, -3.0, 1.0, 6.0 + 1f64.asinh()].map(|v| g.leaf(v));
    let x1w1 = call_ok!(g.mul(x1, w1));
    let x2w2 = call_ok!(g.mul(x2, w2));
    let sum = call_ok!(g.add(x1w1, x2w2));
    let n = call_ok!(g.add(sum, b));
    let o = call_ok!(g.tanh(n));
    expect(
        "the neuron's output o",
        data(&g, o),
        std::f64::consts::FRAC_1_SQRT_2,
    )
    .tol(Tolerance::rel(1e-12))
    .assert();
    backward(&mut g, o);
    for (name, v, expected) in [
        ("b", b, 0.5),
        ("x1", x1, -1.5),
        ("w1", w1, 1.0),
        ("x2", x2, 0.5),
        ("w2", w2, 0.0),
    ] {
        expect(
            format!("∂o/∂{name} for the neuron o = tanh(x1·w1 + x2·w2 + b), x1 = 2, x2 = 0, w1 = −3, w2 = 1"),
            grad(&g, v),
            expected,
        )
        .tol(Tolerance::abs(1e-12))
        .assert();
    }
}

/// A 2-2-1 network with tanh hidden units and a linear output, on two samples.
struct TinyMlp {
    w1: [[f64; 2]; 2],
    b1: [f64; 2],
    w2: [f64; 2],
    b2: f64,
}

const SAMPLES: [([f64; 2], f64); 2] = [([0.5, -1.0], 1.0), ([-0.3, 0.8], -0.5)];

#[test]
fn tiny_mlp_by_hand() {
    let net = TinyMlp {
        w1: [[0.4, -0.7], [0.3, 0.9]],
        b1: [0.1, -0.2],
        w2: [1.2, -0.8],
        b2: 0.05,
    };
    // The chain rule written out: L = Σ_s (ŷ_s − y_s)², ŷ = Σ_j h_j·w2_j + b2,
    // h_j = tanh(Σ_i x_i·W1_ij + b1_j).
    let mut d_w1 = [[0.0; 2]; 2];
    let mut d_b1 = [0.0; 2];
    let mut d_w2 = [0.0; 2];
    let mut d_b2 = 0.0;
    let mut loss = 0.0;
    for (x, y) in SAMPLES {
        let h: Vec<f64> = (0..2)
            .map(|j| (x[0] * net.w1[0][j] + x[1] * net.w1[1][j] + net.b1[j]).tanh())
            .collect();
        let y_hat = h[0] * net.w2[0] + h[1] * net.w2[1] + net.b2;
        loss += (y_hat - y).powi(2);
        let d = 2.0 * (y_hat - y);
        d_b2 += d;
        for j in 0..2 {
            d_w2[j] += d * h[j];
            let dz = d * net.w2[j] * (1.0 - h[j] * h[j]);
            d_b1[j] += dz;
            for i in 0..2 {
                d_w1[i][j] += x[i] * dz;
            }
        }
    }
    // The same network in the learner's graph; the parameters are leaves shared by both
    // samples, so each one gets a contribution per sample.
    let mut g = Graph::new();
    let w1 = net.w1.map(|row| row.map(|v| g.leaf(v)));
    let b1 = net.b1.map(|v| g.leaf(v));
    let w2 = net.w2.map(|v| g.leaf(v));
    let b2 = g.leaf(net.b2);
    let mut total: Option<Value> = None;
    for (x, y) in SAMPLES {
        let xs = x.map(|v| g.leaf(v));
        let mut y_hat = b2;
        for j in 0..2 {
            let a = call_ok!(g.mul(xs[0], w1[0][j]));
            let b = call_ok!(g.mul(xs[1], w1[1][j]));
            let z = call_ok!(g.add(a, b));
            let z = call_ok!(g.add(z, b1[j]));
            let h = call_ok!(g.tanh(z));
            let hw = call_ok!(g.mul(h, w2[j]));
            y_hat = call_ok!(g.add(y_hat, hw));
        }
        let minus_y = g.leaf(-y);
        let r = call_ok!(g.add(y_hat, minus_y));
        let sq = call_ok!(g.pow(r, 2.0));
        total = Some(match total {
            None => sq,
            Some(t) => call_ok!(g.add(t, sq)),
        });
    }
    let total = total.unwrap();
    expect(
        "the tiny network's loss on its two samples",
        data(&g, total),
        loss,
    )
    .tol(Tolerance::rel(1e-12))
    .assert();
    backward(&mut g, total);
    let what = "∂L/∂ for the 2-2-1 tanh network, L = Σ over 2 samples of (ŷ − y)²";
    expect(format!("{what} b2 (Σ 2(ŷ − y))"), grad(&g, b2), d_b2).assert();
    for j in 0..2 {
        expect(format!("{what} w2[{j}]"), grad(&g, w2[j]), d_w2[j]).assert();
        expect(format!("{what} b1[{j}]"), grad(&g, b1[j]), d_b1[j]).assert();
        for i in 0..2 {
            expect(
                format!("{what} W1[{i}][{j}]"),
                grad(&g, w1[i][j]),
                d_w1[i][j],
            )
            .assert();
        }
    }
}

// ---------------------------------------------------------------------------------
// Random expressions against finite differences

/// One node of a random expression, its operands as indices of earlier nodes.
#[derive(Clone, Copy, Debug)]
enum Step {
    Leaf(f64),
    Add(usize, usize),
    Mul(usize, usize),
    Pow(usize, f64),
    Exp(usize),
    Ln(usize),
    Tanh(usize),
    Relu(usize),
}

/// The grader's own forward pass.
fn evaluate(steps: &[Step], leaf_values: &[f64]) -> Vec<f64> {
    let mut values: Vec<f64> = Vec::with_capacity(steps.len());
    let mut next_leaf = 0;
    for step in steps {
        let v = match *step {
            Step::Leaf(_) => {
                next_leaf += 1;
                leaf_values[next_leaf - 1]
            }
            Step::Add(a, b) => values[a] + values[b],
            Step::Mul(a, b) => values[a] * values[b],
            Step::Pow(a, p) => values[a].powf(p),
            Step::Exp(a) => values[a].exp(),
            Step::Ln(a) => values[a].ln(),
            Step::Tanh(a) => values[a].tanh(),
            Step::Relu(a) => values[a].max(0.0),
        };
        values.push(v);
    }
    values
}

fn describe(steps: &[Step], k: usize) -> String {
    match steps[k] {
        Step::Leaf(x) => format!("v{k} = leaf {x:.3}"),
        Step::Add(a, b) => format!("v{k} = v{a} + v{b}"),
        Step::Mul(a, b) => format!("v{k} = v{a} · v{b}"),
        Step::Pow(a, p) => format!("v{k} = v{a}^{p}"),
        Step::Exp(a) => format!("v{k} = exp(v{a})"),
        Step::Ln(a) => format!("v{k} = ln(v{a})"),
        Step::Tanh(a) => format!("v{k} = tanh(v{a})"),
        Step::Relu(a) => format!("v{k} = relu(v{a})"),
    }
}

/// A random expression of `size` nodes, kept where every operation is smooth and
/// moderate (|values| ≤ 20, ln and fractional powers of values ≥ 0.2, relu away from
/// its kink), so that finite differences are accurate. Operands are drawn from all
/// earlier nodes, so subexpressions are often shared.
fn random_expression(rng: &mut impl Rng, size: usize) -> Vec<Step> {
    let n_leaves = rng.gen_range(2..=4);
    let mut steps: Vec<Step> = (0..n_leaves)
        .map(|_| Step::Leaf(rng.gen_range(-1.5..1.5)))
        .collect();
    let leaf_values: Vec<f64> = steps
        .iter()
        .map(|s| match s {
            Step::Leaf(x) => *x,
            _ => unreachable!(),
        })
        .collect();
    while steps.len() < size {
        let values = evaluate(&steps, &leaf_values);
        let k = steps.len();
        // Favour recent nodes, so that expressions grow deep as well as wide.
        let pick = |rng: &mut dyn rand::RngCore| {
            if rng.gen_bool(0.6) {
                k - 1 - rng.gen_range(0..k.min(3))
            } else {
                rng.gen_range(0..k)
            }
        };
        let a = pick(rng);
        let b = pick(rng);
        let x = values[a];
        let candidate = match rng.gen_range(0..7) {
            0 => Step::Add(a, b),
            1 => Step::Mul(a, b),
            2 => {
                let p: f64 = [2.0, 3.0, -1.0, 0.5, 1.5][rng.gen_range(0..5)];
                if (p == -1.0 && x.abs() < 0.3) || (p.fract() != 0.0 && x < 0.2) {
                    Step::Tanh(a)
                } else {
                    Step::Pow(a, p)
                }
            }
            3 if x.abs() < 2.5 => Step::Exp(a),
            4 if x > 0.2 => Step::Ln(a),
            5 if x.abs() > 1e-3 => Step::Relu(a),
            _ => Step::Tanh(a),
        };
        let mut probe = steps.clone();
        probe.push(candidate);
        let v = *evaluate(&probe, &leaf_values).last().unwrap();
        steps.push(if v.is_finite() && v.abs() <= 20.0 {
            candidate
        } else {
            Step::Tanh(a)
        });
    }
    steps
}

/// Builds `steps` in the learner's graph.
fn build(g: &mut Graph, steps: &[Step]) -> Vec<Value> {
    let mut nodes: Vec<Value> = Vec::with_capacity(steps.len());
    for step in steps {
        let v = match *step {
            Step::Leaf(x) => g.leaf(x),
            Step::Add(a, b) => call_ok!(g.add(nodes[a], nodes[b])),
            Step::Mul(a, b) => call_ok!(g.mul(nodes[a], nodes[b])),
            Step::Pow(a, p) => call_ok!(g.pow(nodes[a], p)),
            Step::Exp(a) => call_ok!(g.exp(nodes[a])),
            Step::Ln(a) => call_ok!(g.ln(nodes[a])),
            Step::Tanh(a) => call_ok!(g.tanh(nodes[a])),
            Step::Relu(a) => call_ok!(g.relu(nodes[a])),
        };
        nodes.push(v);
    }
    nodes
}

#[test]
fn random_expressions_match_finite_differences() {
    let mut rng = mlings::prep::rng(15);
    for expression in 0..40 {
        let size = rng.gen_range(4..=24);
        let steps = random_expression(&mut rng, size);
        let leaf_values: Vec<f64> = steps
            .iter()
            .filter_map(|s| match s {
                Step::Leaf(x) => Some(*x),
                _ => None,
            })
            .collect();
        let exact = evaluate(&steps, &leaf_values);
        let mut g = Graph::new();
        let nodes = build(&mut g, &steps);
        // Every node in turn as the output, smallest first: the first that goes wrong
        // points at its own rule.
        for (k, &out) in nodes.iter().enumerate().skip(leaf_values.len()) {
            expect(
                format!(
                    "random expression {expression}: the value of {}",
                    describe(&steps, k)
                ),
                data(&g, out),
                exact[k],
            )
            .tol(Tolerance::rel(1e-12))
            .assert();
            backward(&mut g, out);
            for (i, &leaf) in nodes.iter().take(leaf_values.len()).enumerate() {
                let at = |delta: f64| {
                    let mut shifted = leaf_values.clone();
                    shifted[i] += delta;
                    evaluate(&steps, &shifted)[k]
                };
                let numeric = (at(H) - at(-H)) / (2.0 * H);
                let got = grad(&g, leaf);
                if !FD_TOL.accepts(got, numeric) {
                    let before: Vec<String> = (leaf_values.len()..k)
                        .rev()
                        .take(3)
                        .map(|j| describe(&steps, j))
                        .collect();
                    let context = if before.is_empty() {
                        String::new()
                    } else {
                        format!(" (the nodes before it: {})", before.join("; "))
                    };
                    fail(format!(
                        "random expression {expression} (seeded), output v{k}: ∂v{k}/∂v{i} \
                         (leaf v{i} = {:.4})\n    central finite difference (h = {H:e}): \
                         {numeric:.9}\n    got:      {got:.9}\n    tolerance: 1e-6 relative + \
                         1e-6 absolute\n    every smaller output was right, so look at \
                         the rule of {}{context}, or accumulation into an operand used twice",
                        leaf_values[i],
                        describe(&steps, k),
                    ));
                }
            }
        }
    }
}
