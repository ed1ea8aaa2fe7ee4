//! Grader of exercises/12_deep_learning/tensor_autograd.rs.
//!
//! Expected numbers: NumPy's broadcasting rule and matrix calculus worked by hand on
//! small matrices, properties (the gradient of a sum is all ones; linearity), and
//! central finite differences of an evaluator written here on seeded random
//! expressions of random shapes.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/12_deep_learning/tensor_autograd.rs"]
mod tensor_autograd;
#[cfg(feature = "solutions")]
use mlings::reference::tensor_autograd;

use mlings::grade::{Tolerance, expect_array, expect_error, fail, require};
use mlings::types::tensor_autograd::{Tensor, TensorError, TensorGraph, TensorOp};
use mlings::{call, call_explaining, call_ok};
use ndarray::{Array2, Axis, array};
use rand::Rng;
use tensor_autograd::TensorOps;

/// The grader's step for central differences.
const H: f64 = 1e-6;
const FD_TOL: Tolerance = Tolerance {
    rel: 1e-6,
    abs: 1e-6,
};

fn grad(g: &TensorGraph, t: Tensor) -> Array2<f64> {
    g.grad(t).expect("the grader's own handle").clone()
}

fn data(g: &TensorGraph, t: Tensor) -> Array2<f64> {
    g.data(t).expect("the grader's own handle").clone()
}

fn backward(g: &mut TensorGraph, out: Tensor) {
    let result = call_explaining!(
        "an ndarray shape error in backward: each operand's grad has the operand's shape: \
         unbroadcast for add and mul, ḡ·bᵀ and aᵀ·ḡ for matmul, grad += &g (stretching \
         ḡ back) for sum and mean",
        g.backward(out)
    );
    mlings::grade::ok("g.backward(out)", result);
}

/// Fails with a shape message before the values are compared, naming an axis mix-up.
fn expect_shape(what: &str, got: (usize, usize), expected: (usize, usize), why: &str) {
    if got != expected {
        fail(format!(
            "{what}: wrong shape\n    expected shape: {expected:?}\n    got shape:      {got:?}\n    \
             likely mistake: {why}"
        ));
    }
}

// ---------------------------------------------------------------------------------
// broadcast_shape and unbroadcast

#[test]
fn broadcast_shape_follows_numpy() {
    for (left, right, expected) in [
        ((3, 4), (3, 4), (3, 4)),
        ((3, 4), (1, 4), (3, 4)),
        ((1, 4), (3, 4), (3, 4)),
        ((3, 4), (3, 1), (3, 4)),
        ((3, 1), (3, 4), (3, 4)),
        ((3, 1), (1, 4), (3, 4)),
        ((1, 1), (2, 5), (2, 5)),
        ((2, 5), (1, 1), (2, 5)),
        ((1, 1), (1, 1), (1, 1)),
    ] {
        let what = format!("broadcast_shape({left:?}, {right:?})");
        match call!(tensor_autograd::broadcast_shape(left, right)) {
            Ok(got) if got == expected => {}
            Ok(got) => {
                let smaller = (left.0.min(right.0), left.1.min(right.1));
                let why = if got == smaller {
                    "you kept the 1: a dimension of 1 is stretched, so the result takes the \
                     larger length"
                } else {
                    "in each dimension: the common length, or the other length where one is 1"
                };
                fail(format!(
                    "{what}: expected {expected:?}, got {got:?}\n    likely mistake: {why}"
                ))
            }
            Err(error) => {
                // Probes that tell the usual half-rules apart.
                let accepts = |l, r| call!(tensor_autograd::broadcast_shape(l, r)).is_ok();
                let (right_rows, right_cols) = (accepts((3, 4), (1, 4)), accepts((3, 4), (3, 1)));
                let (left_rows, left_cols) = (accepts((1, 4), (3, 4)), accepts((3, 1), (3, 4)));
                let why = if right_rows && right_cols && !left_rows && !left_cols {
                    "only the right operand was allowed a 1: either operand's dimension of 1 \
                     stretches"
                } else if right_rows && left_rows && !right_cols && !left_cols {
                    "only the rows broadcast: a dimension of 1 stretches in the columns too, \
                     (3, 4) with (3, 1) is (3, 4)"
                } else if right_cols && left_cols && !right_rows && !left_rows {
                    "only the columns broadcast: a dimension of 1 stretches in the rows too, \
                     (3, 4) with (1, 4) is (3, 4)"
                } else {
                    "in each dimension the lengths must be equal, or one of them 1"
                };
                fail(format!(
                    "{what}: returned {error:?}, but these shapes broadcast to {expected:?}\n    \
                     likely mistake: {why}"
                ))
            }
        }
    }
    for (left, right) in [
        ((3, 4), (2, 4)),
        ((3, 4), (3, 2)),
        ((2, 1), (3, 1)),
        ((4, 3), (3, 4)),
    ] {
        let what = format!("broadcast_shape({left:?}, {right:?})");
        match call!(tensor_autograd::broadcast_shape(left, right)) {
            Err(error) => expect_error(
                &what,
                error,
                TensorError::BroadcastMismatch { left, right },
                &[(
                    TensorError::BroadcastMismatch {
                        left: right,
                        right: left,
                    },
                    "left and right are swapped in the error",
                )],
            ),
            Ok(got) => fail(format!(
                "{what}: expected the error BroadcastMismatch, got Ok({got:?})\n    why it must \
                 be an error: a dimension differs ({left:?} against {right:?}) and neither \
                 length is 1"
            )),
        }
    }
}

#[test]
fn unbroadcast_sums_the_stretched_dimensions() {
    let grad = array![
        [1.0, 2.0, 3.0, 4.0],
        [5.0, 6.0, 7.0, 8.0],
        [9.0, 10.0, 11.0, 12.0]
    ];
    let cases = [
        (
            (1, 4),
            array![[15.0, 18.0, 21.0, 24.0]],
            "the sums of the 3 rows",
        ),
        (
            (3, 1),
            array![[10.0], [26.0], [42.0]],
            "the sums of the 4 columns",
        ),
        ((1, 1), array![[78.0]], "the sum of everything"),
        ((3, 4), grad.clone(), "grad unchanged"),
    ];
    for (shape, expected, how) in cases {
        let what = format!("unbroadcast(grad of shape (3, 4), {shape:?}) ({how})");
        let got = call_ok!(tensor_autograd::unbroadcast(grad.view(), shape));
        let flipped = if shape == (1, 4) {
            " (you summed over the columns, Axis(1); shape (1, 4) means one row was \
             stretched over the rows: sum over Axis(0))"
        } else if shape == (3, 1) {
            " (you summed over the rows, Axis(0); shape (3, 1) means one column was \
             stretched over the columns: sum over Axis(1))"
        } else {
            ""
        };
        expect_shape(
            &what,
            got.dim(),
            shape,
            &format!("the result must have exactly the operand's shape{flipped}"),
        );
        let mean = &expected / (grad.len() / expected.len()) as f64;
        expect_array(what, &got, &expected)
            .tol(Tolerance::TIGHT)
            .mistake_array(
                &mean,
                "you averaged: a value stretched over k rows fed each of them, so its gradient \
                 is the sum of their gradients, not the mean",
            )
            .assert();
    }
    // A (1, n) gradient for a (1, n) operand: nothing to reduce.
    let row = array![[1.0, -2.0]];
    let got = call_ok!(tensor_autograd::unbroadcast(row.view(), (1, 2)));
    expect_array("unbroadcast(grad of shape (1, 2), (1, 2))", &got, &row).assert();
    for shape in [(2, 4), (3, 2), (4, 1)] {
        let what = format!("unbroadcast(grad of shape (3, 4), {shape:?})");
        match call!(tensor_autograd::unbroadcast(grad.view(), shape)) {
            Err(error) => expect_error(
                &what,
                error,
                TensorError::BroadcastMismatch {
                    left: shape,
                    right: (3, 4),
                },
                &[(
                    TensorError::BroadcastMismatch {
                        left: (3, 4),
                        right: shape,
                    },
                    "left and right are swapped: left is the operand's shape, right grad's",
                )],
            ),
            Ok(got) => fail(format!(
                "{what}: expected the error BroadcastMismatch, got Ok (a {:?} matrix)\n    why: \
                 a {shape:?} operand cannot have been broadcast to (3, 4)",
                got.dim()
            )),
        }
    }
}

// ---------------------------------------------------------------------------------
// Forward values, recorded operations, errors

#[test]
fn forward_values_by_hand() {
    let mut g = TensorGraph::new();
    let a = g.leaf(array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
    let row = g.leaf(array![[10.0, 20.0, 30.0]]);
    let col = g.leaf(array![[100.0], [200.0]]);
    let one = g.leaf(array![[0.5]]);
    let b = g.leaf(array![[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]]);
    let cases: Vec<(&str, Tensor, Array2<f64>)> = vec![
        (
            "add(a (2×3), row (1×3)): row added to each row",
            call_ok!(g.add(a, row)),
            array![[11.0, 22.0, 33.0], [14.0, 25.0, 36.0]],
        ),
        (
            "add(a (2×3), col (2×1)): col added to each column",
            call_ok!(g.add(a, col)),
            array![[101.0, 102.0, 103.0], [204.0, 205.0, 206.0]],
        ),
        (
            "add(col (2×1), row (1×3)): both stretched",
            call_ok!(g.add(col, row)),
            array![[110.0, 120.0, 130.0], [210.0, 220.0, 230.0]],
        ),
        (
            "mul(a (2×3), one (1×1) = 0.5)",
            call_ok!(g.mul(a, one)),
            array![[0.5, 1.0, 1.5], [2.0, 2.5, 3.0]],
        ),
        (
            "mul(row (1×3), a (2×3))",
            call_ok!(g.mul(row, a)),
            array![[10.0, 40.0, 90.0], [40.0, 100.0, 180.0]],
        ),
        (
            "matmul(a (2×3), b (3×2))",
            call_ok!(g.matmul(a, b)),
            array![[4.0, -1.0], [10.0, -1.0]],
        ),
        ("tanh(one)", call_ok!(g.tanh(one)), array![[0.5f64.tanh()]]),
        (
            "sum(a, Axis(0)): column sums",
            call_ok!(g.sum(a, Axis(0))),
            array![[5.0, 7.0, 9.0]],
        ),
        (
            "sum(a, Axis(1)): row sums",
            call_ok!(g.sum(a, Axis(1))),
            array![[6.0], [15.0]],
        ),
        (
            "mean(a, Axis(0)): column means",
            call_ok!(g.mean(a, Axis(0))),
            array![[2.5, 3.5, 4.5]],
        ),
        (
            "mean(a, Axis(1)): row means",
            call_ok!(g.mean(a, Axis(1))),
            array![[2.0], [5.0]],
        ),
    ];
    for (what, t, expected) in cases {
        let got = data(&g, t);
        let reduction = what.starts_with("sum") || what.starts_with("mean");
        let other_reduction = if expected.dim() == (1, 3) {
            (2, 1)
        } else {
            (1, 3)
        };
        let other_axis = reduction && got.dim() == other_reduction;
        let transposed = reduction && got.dim() == (expected.ncols(), expected.nrows());
        expect_shape(
            &format!("the value of {what}"),
            got.dim(),
            expected.dim(),
            if other_axis {
                "you reduced over the other axis: Axis(0) runs down the rows, so summing over \
                 it leaves one row (1 × n); Axis(1) leaves one column (m × 1). Keep the axis \
                 with .insert_axis(axis)"
            } else if transposed {
                "the sums kept as the wrong axis: .insert_axis(axis) with the reduced axis \
                 puts the length-1 dimension back where the sum removed it"
            } else {
                "the result of a broadcast has the larger length in each dimension; a \
                 reduction keeps its axis with length 1"
            },
        );
        let mut check =
            expect_array(format!("the value of {what}"), &got, &expected).tol(Tolerance::TIGHT);
        if what.starts_with("mean") {
            // a is 2 × 3: a mean over one axis divided by the other's length.
            let (len, other) = if expected.nrows() == 1 {
                (2.0, 3.0)
            } else {
                (3.0, 2.0)
            };
            check = check
                .mistake_array(
                    &(&expected * len / 6.0),
                    "you divided by the number of entries of a (6): a mean over Axis(k) divides \
                     by a's length along Axis(k)",
                )
                .mistake_array(
                    &(&expected * len / other),
                    "you divided by the length of the other axis: a mean over Axis(k) divides by \
                 a's length along Axis(k)",
                );
        }
        check.assert();
    }
    // A sum over an axis of length 0 is 0.
    let empty = g.leaf(Array2::zeros((0, 3)));
    let s = call_ok!(g.sum(empty, Axis(0)));
    expect_array(
        "sum over Axis(0) of a (0 × 3) tensor",
        &data(&g, s),
        &Array2::zeros((1, 3)),
    )
    .assert();
}

#[test]
fn each_op_appends_one_node_recording_its_operands() {
    let mut g = TensorGraph::new();
    let a = g.leaf(array![[1.0, 2.0], [3.0, 4.0]]);
    let b = g.leaf(array![[0.5, -1.0], [2.0, 1.0]]);
    type Make = fn(&mut TensorGraph, Tensor, Tensor) -> Result<Tensor, TensorError>;
    let cases: [(&str, Make, TensorOp); 6] = [
        ("g.add(a, b)", |g, a, b| g.add(a, b), TensorOp::Add(a, b)),
        ("g.mul(a, b)", |g, a, b| g.mul(a, b), TensorOp::Mul(a, b)),
        (
            "g.matmul(a, b)",
            |g, a, b| g.matmul(a, b),
            TensorOp::MatMul(a, b),
        ),
        ("g.tanh(b)", |g, _, b| g.tanh(b), TensorOp::Tanh(b)),
        (
            "g.sum(a, Axis(1))",
            |g, a, _| g.sum(a, Axis(1)),
            TensorOp::Sum(a, Axis(1)),
        ),
        (
            "g.mean(a, Axis(0))",
            |g, a, _| g.mean(a, Axis(0)),
            TensorOp::Mean(a, Axis(0)),
        ),
    ];
    for (what, make, op) in cases {
        let before = g.len();
        let t = mlings::grade::ok(what, mlings::grade::attempt(what, || make(&mut g, a, b)));
        require(g.len() == before + 1 && t.index() == before, || {
            format!(
                "{what}: the graph grew from {before} to {} nodes and the handle names node {}; \
                 each operation appends exactly one node (self.push) and returns its handle",
                g.len(),
                t.index()
            )
        });
        let recorded = g.node(t).expect("own handle").op;
        if recorded != op {
            let swapped = matches!(
                (recorded, op),
                (TensorOp::Add(x, y), TensorOp::Add(p, q))
                    | (TensorOp::Mul(x, y), TensorOp::Mul(p, q))
                    | (TensorOp::MatMul(x, y), TensorOp::MatMul(p, q)) if x == q && y == p
            );
            fail(format!(
                "{what}: the new node records {recorded:?}\n    expected: {op:?}{}",
                if swapped {
                    "\n    likely mistake: the operands are swapped: record (a, b)"
                } else {
                    ""
                }
            ));
        }
    }
}

/// Calls `op` expecting `wanted`, and checks that no node was added.
fn expect_rejected(
    g: &mut TensorGraph,
    what: &str,
    op: impl FnOnce(&mut TensorGraph) -> Result<Tensor, TensorError>,
    wanted: TensorError,
    mistakes: &[(TensorError, &str)],
) {
    let before = g.len();
    let result = mlings::grade::catch_panic(what, || op(g)).unwrap_or_else(|message| {
        fail(format!(
            "{what}: your code panicked: {message}\n    expected the error {wanted:?}\n    \
             likely mistake: check the arguments in the doc's order and return the error \
             before computing anything (ndarray panics on shapes that do not fit)"
        ))
    });
    let got = match result {
        Err(error) => error,
        Ok(t) => {
            let why = match wanted {
                TensorError::ForeignTensor { .. } => {
                    "a handle from another graph names no node of this one; look up every \
                     operand with self.data(x)?, which returns ForeignTensor for it"
                }
                TensorError::BroadcastMismatch { .. } => {
                    "in some dimension the lengths differ and neither is 1 (see \
                     broadcast_shape)"
                }
                TensorError::MatMulMismatch { .. } => "a's columns must equal b's rows",
                TensorError::AxisOutOfRange { .. } => "a 2-D tensor has only Axis(0) and Axis(1)",
                TensorError::EmptyAxis { .. } => {
                    "a mean over 0 values is 0/0; the doc asks for EmptyAxis"
                }
            };
            fail(format!(
                "{what}: expected the error {wanted:?}, got Ok (a {:?} tensor)\n    why it \
                 must be an error: {why}",
                g.shape(t).unwrap()
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
fn shape_and_axis_errors() {
    let mut g = TensorGraph::new();
    let a = g.leaf(Array2::ones((2, 3)));
    let t = g.leaf(Array2::ones((3, 2)));
    let c = g.leaf(Array2::ones((2, 2)));
    let empty = g.leaf(Array2::zeros((0, 3)));
    let broadcast = |left, right| TensorError::BroadcastMismatch { left, right };
    expect_rejected(
        &mut g,
        "g.add(a (2×3), b (3×2))",
        |g| g.add(a, t),
        broadcast((2, 3), (3, 2)),
        &[(
            broadcast((3, 2), (2, 3)),
            "left and right are swapped: left is a's shape",
        )],
    );
    expect_rejected(
        &mut g,
        "g.mul(a (2×3), b (2×2))",
        |g| g.mul(a, c),
        broadcast((2, 3), (2, 2)),
        &[(
            broadcast((2, 2), (2, 3)),
            "left and right are swapped: left is a's shape",
        )],
    );
    let matmul = |left, right| TensorError::MatMulMismatch { left, right };
    expect_rejected(
        &mut g,
        "g.matmul(a (2×3), b (2×3))",
        |g| g.matmul(a, a),
        matmul((2, 3), (2, 3)),
        &[],
    );
    expect_rejected(
        &mut g,
        "g.matmul(a (2×3), b (2×2))",
        |g| g.matmul(a, c),
        matmul((2, 3), (2, 2)),
        &[(
            matmul((2, 2), (2, 3)),
            "left and right are swapped: left is a's shape",
        )],
    );
    // (3×2)·(2×3) is fine although the shapes differ.
    let v = call_ok!(g.matmul(t, a));
    require(g.shape(v).unwrap() == (3, 3), || {
        format!(
            "g.matmul(a (3×2), b (2×3)) has shape {:?}, expected (3, 3)",
            g.shape(v).unwrap()
        )
    });
    expect_rejected(
        &mut g,
        "g.sum(a, Axis(2))",
        |g| g.sum(a, Axis(2)),
        TensorError::AxisOutOfRange { axis: 2 },
        &[],
    );
    expect_rejected(
        &mut g,
        "g.mean(a, Axis(2))",
        |g| g.mean(a, Axis(2)),
        TensorError::AxisOutOfRange { axis: 2 },
        &[],
    );
    expect_rejected(
        &mut g,
        "g.mean(a (0×3), Axis(0)): a mean over 0 rows",
        |g| g.mean(empty, Axis(0)),
        TensorError::EmptyAxis { axis: 0 },
        &[],
    );
    expect_rejected(
        &mut g,
        "g.mean(a (0×3), Axis(2)): the axis is checked before the length",
        |g| g.mean(empty, Axis(2)),
        TensorError::AxisOutOfRange { axis: 2 },
        &[(
            TensorError::EmptyAxis { axis: 2 },
            "check the axis (AxisOutOfRange) before its length (EmptyAxis)",
        )],
    );
    // The mean over the columns of a (0 × 3) tensor is a (0 × 1) tensor, not an error.
    let m = match call!(g.mean(empty, Axis(1))) {
        Ok(m) => m,
        Err(error) => fail(format!(
            "g.mean(a (0×3), Axis(1)) returned {error:?}: the axis averaged over has length \
             3, so there are 0 means of 3 values each, not an error"
        )),
    };
    require(g.shape(m).unwrap() == (0, 1), || {
        format!(
            "g.mean(a (0×3), Axis(1)) has shape {:?}, expected (0, 1)",
            g.shape(m).unwrap()
        )
    });
}

#[test]
fn a_handle_from_another_graph_is_an_error() {
    let mut g = TensorGraph::new();
    let mut other = TensorGraph::new();
    let mut third = TensorGraph::new();
    let mine = g.leaf(Array2::ones((2, 2)));
    let theirs = other.leaf(Array2::ones((2, 2)));
    let wide = third.leaf(Array2::ones((3, 3)));
    let graph = g.id();
    let foreign = |t: Tensor| TensorError::ForeignTensor {
        tensor_graph: t.graph(),
        graph,
    };
    type Binary = fn(&mut TensorGraph, Tensor, Tensor) -> Result<Tensor, TensorError>;
    let binary: [(&str, Binary); 3] = [
        ("add", |g, a, b| g.add(a, b)),
        ("mul", |g, a, b| g.mul(a, b)),
        ("matmul", |g, a, b| g.matmul(a, b)),
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
            &format!("g.{name}(a, b) with a and b (of mismatched shapes) from two other graphs"),
            |g| op(g, theirs, wide),
            foreign(theirs),
            &[(
                foreign(wide),
                "the error names b's graph: look up a first, then b",
            )],
        );
    }
    type Unary = fn(&mut TensorGraph, Tensor) -> Result<Tensor, TensorError>;
    let unary: [(&str, Unary); 4] = [
        ("tanh(a)", |g, a| g.tanh(a)),
        ("sum(a, Axis(0))", |g, a| g.sum(a, Axis(0))),
        ("mean(a, Axis(1))", |g, a| g.mean(a, Axis(1))),
        (
            "sum(a, Axis(5)), a foreign handle and a bad axis",
            |g, a| g.sum(a, Axis(5)),
        ),
    ];
    for (name, op) in unary {
        expect_rejected(
            &mut g,
            &format!("g.{name} with a from another graph"),
            |g| op(g, theirs),
            foreign(theirs),
            &[(
                TensorError::AxisOutOfRange { axis: 5 },
                "look up a (ForeignTensor) before checking the axis",
            )],
        );
    }
    // backward with a foreign output: an error, and the previous gradients stay.
    let s = call_ok!(g.sum(mine, Axis(0)));
    backward(&mut g, s);
    match call!(g.backward(theirs)) {
        Err(error) => expect_error(
            "g.backward(out) with out from another graph",
            error,
            foreign(theirs),
            &[],
        ),
        Ok(()) => fail(
            "g.backward(out) with out from another graph: expected ForeignTensor, got Ok(())"
                .into(),
        ),
    }
    expect_array(
        "after a rejected backward(foreign out), the grad of a left by the previous backward of sum(a, Axis(0))",
        &grad(&g, mine),
        &Array2::ones((2, 2)),
    )
    .mistake_array(
        &Array2::zeros((2, 2)),
        "you reset the gradients before checking out: check first, change nothing on an error",
    )
    .assert();
}

// ---------------------------------------------------------------------------------
// Backward rules by hand

#[test]
fn add_gradients_reduce_a_broadcast_operand() {
    for (b_shape, b_grad, how) in [
        (
            (1, 3),
            array![[2.0, 2.0, 2.0]],
            "the (1×3) row fed both rows: ḡ summed over the rows",
        ),
        (
            (2, 1),
            array![[3.0], [3.0]],
            "the (2×1) column fed 3 columns: ḡ summed over the columns",
        ),
        ((1, 1), array![[6.0]], "the (1×1) value fed all 6 entries"),
        ((2, 3), Array2::ones((2, 3)), "no broadcasting"),
    ] {
        let mut g = TensorGraph::new();
        let a = g.leaf(array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
        let b = g.leaf(Array2::from_elem(b_shape, 0.5));
        let v = call_ok!(g.add(a, b));
        let what = format!("backward(a + b) for a (2×3), b {b_shape:?}");
        call_explaining!(
            "reduce ḡ(v) to each operand's shape with unbroadcast before adding it to the \
             operand's grad",
            g.backward(v)
        )
        .unwrap_or_else(|e| fail(format!("{what} returned the error {e}")));
        expect_array(format!("{what}: ∂/∂a"), &grad(&g, a), &Array2::ones((2, 3))).assert();
        let gb = grad(&g, b);
        let n = (6 / b_grad.len()) as f64;
        expect_array(format!("{what}: ∂/∂b ({how})"), &gb, &b_grad)
            .mistake_array(
                &(&b_grad / n),
                "ḡ was averaged over the stretched dimension: sum it (unbroadcast sums)",
            )
            .mistake_array(
                &(&b_grad * 0.0),
                "b got nothing: add passes ḡ(v) to both operands",
            )
            .assert();
    }
}

#[test]
fn mul_gradients_by_hand() {
    let mut g = TensorGraph::new();
    let av = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    let bv = array![[0.5, -1.0, 2.0]];
    let a = g.leaf(av.clone());
    let b = g.leaf(bv.clone());
    let v = call_ok!(g.mul(a, b));
    backward(&mut g, v);
    let what = "backward(a ⊙ b) for a (2×3), b (1×3) broadcast over the rows";
    let expected_a = array![[0.5, -1.0, 2.0], [0.5, -1.0, 2.0]];
    expect_array(
        format!("{what}: ∂/∂a (b's row, on every row)"),
        &grad(&g, a),
        &expected_a,
    )
    .mistake_array(
        &av,
        "you multiplied ḡ by a itself: ∂(a ⊙ b)/∂a is ḡ ⊙ b, the other operand",
    )
    .assert();
    let expected_b = array![[5.0, 7.0, 9.0]];
    expect_array(
        format!("{what}: ∂/∂b (the column sums of a)"),
        &grad(&g, b),
        &expected_b,
    )
    .mistake_array(
        &(&bv * 2.0),
        "you multiplied ḡ by b itself: ∂(a ⊙ b)/∂b is ḡ ⊙ a, then unbroadcast",
    )
    .mistake_array(
        &array![[2.5, 3.5, 4.5]],
        "ḡ ⊙ a was averaged over the rows: sum it",
    )
    .assert();
    // x ⊙ x: used twice.
    let mut g = TensorGraph::new();
    let x = g.leaf(array![[3.0, -1.0]]);
    let v = call_ok!(g.mul(x, x));
    backward(&mut g, v);
    expect_array(
        "∂(x ⊙ x)/∂x at x = [[3, −1]] (2x)",
        &grad(&g, x),
        &array![[6.0, -2.0]],
    )
    .mistake_array(
        &array![[3.0, -1.0]],
        "x got one contribution: add (+=) to the operand's grad, never set it",
    )
    .assert();
}

#[test]
fn matmul_gradients_by_hand() {
    // L = Σ (A·B) ⊙ C, so ḡ(A·B) = C, ∂L/∂A = C·Bᵀ and ∂L/∂B = Aᵀ·C.
    let av = array![[1.0, 2.0], [3.0, 4.0]];
    let bv = array![[0.5, -1.0], [2.0, 1.5]];
    let cv = array![[1.0, -2.0], [0.5, 3.0]];
    let mut g = TensorGraph::new();
    let a = g.leaf(av.clone());
    let b = g.leaf(bv.clone());
    let c = g.leaf(cv.clone());
    let ab = call_ok!(g.matmul(a, b));
    let l = call_ok!(g.mul(ab, c));
    call_explaining!(
        "a matrix product with mismatched shapes: ḡ(a) = ḡ(v)·bᵀ and ḡ(b) = aᵀ·ḡ(v)",
        g.backward(l)
    )
    .unwrap_or_else(|e| fail(format!("backward returned the error {e}")));
    let what = "L = Σ (A·B) ⊙ C for 2×2 A, B, C";
    expect_array(
        format!("{what}: ∂L/∂A = C·Bᵀ"),
        &grad(&g, a),
        &cv.dot(&bv.t()),
    )
    .mistake_array(
        &cv.dot(&bv),
        "you used C·B: the rule is ḡ(v)·bᵀ, with b transposed",
    )
    .mistake_array(
        &bv.t().dot(&cv),
        "you used Bᵀ·C: the rule is ḡ(v)·bᵀ, ḡ on the left",
    )
    .mistake_array(&bv.dot(&cv), "you used B·C: the rule is ḡ(v)·bᵀ")
    .assert();
    expect_array(
        format!("{what}: ∂L/∂B = Aᵀ·C"),
        &grad(&g, b),
        &av.t().dot(&cv),
    )
    .mistake_array(
        &av.dot(&cv),
        "you used A·C: the rule is aᵀ·ḡ(v), with a transposed",
    )
    .mistake_array(
        &cv.dot(&av.t()),
        "you used C·Aᵀ: the rule is aᵀ·ḡ(v), ḡ on the right",
    )
    .mistake_array(
        &cv.t().dot(&av),
        "you used Cᵀ·A: that is (Aᵀ·C)ᵀ; the rule is aᵀ·ḡ(v)",
    )
    .assert();
    // Rectangular: shapes must come out right.
    let mut g = TensorGraph::new();
    let x = g.leaf(array![[1.0, 0.0, 2.0], [-1.0, 3.0, 1.0]]); // 2×3
    let w = g.leaf(array![[0.5], [1.0], [-2.0]]); // 3×1
    let v = call_ok!(g.matmul(x, w));
    call_explaining!(
        "a matrix product with mismatched shapes: ḡ(a) = ḡ(v)·bᵀ is (2×1)·(1×3) and \
         ḡ(b) = aᵀ·ḡ(v) is (3×2)·(2×1)",
        g.backward(v)
    )
    .unwrap_or_else(|e| fail(format!("backward returned the error {e}")));
    expect_array(
        "∂Σ(X·w)/∂X for X (2×3), w (3×1): each row is wᵀ",
        &grad(&g, x),
        &array![[0.5, 1.0, -2.0], [0.5, 1.0, -2.0]],
    )
    .assert();
    expect_array(
        "∂Σ(X·w)/∂w: the column sums of X, as a column",
        &grad(&g, w),
        &array![[0.0], [3.0], [3.0]],
    )
    .assert();
}

#[test]
fn tanh_gradient_by_hand() {
    let xv = array![[0.3, -1.2], [2.0, 0.0]];
    let mut g = TensorGraph::new();
    let x = g.leaf(xv.clone());
    let t = call_ok!(g.tanh(x));
    backward(&mut g, t);
    let tv = xv.mapv(f64::tanh);
    expect_array(
        "∂Σ tanh(x)/∂x (1 − tanh²x, entry by entry)",
        &grad(&g, x),
        &tv.mapv(|t| 1.0 - t * t),
    )
    .mistake_array(
        &xv.mapv(|x| 1.0 - x * x),
        "you used 1 − x²: the rule is 1 − v², v = tanh x, the node's value",
    )
    .mistake_array(&tv.mapv(|t| 1.0 - t), "1 − v is missing a square: 1 − v²")
    .assert();
}

#[test]
fn sum_and_mean_gradients_by_hand() {
    let av = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    for (axis, weights, expected) in [
        (
            Axis(0),
            array![[1.0, 2.0, 3.0]],
            array![[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]],
        ),
        (
            Axis(1),
            array![[1.0], [2.0]],
            array![[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]],
        ),
    ] {
        let len = av.len_of(axis) as f64;
        for mean in [false, true] {
            let mut g = TensorGraph::new();
            let a = g.leaf(av.clone());
            let w = g.leaf(weights.clone());
            let s = if mean {
                call_ok!(g.mean(a, axis))
            } else {
                call_ok!(g.sum(a, axis))
            };
            let l = call_ok!(g.mul(s, w));
            let name = if mean { "mean" } else { "sum" };
            call_explaining!(
                "stretch ḡ(v), of shape (1, n) or (m, 1), back over a's shape: grad += &g \
                 broadcasts it along the reduced axis",
                g.backward(l)
            )
            .unwrap_or_else(|e| fail(format!("backward returned the error {e}")));
            let what = format!(
                "L = Σ {name}(a, Axis({})) ⊙ w for a (2×3), w = {weights}: ∂L/∂a",
                axis.index()
            )
            .replace('\n', "");
            let want = if mean {
                &expected / len
            } else {
                expected.clone()
            };
            let other_len = av.len_of(Axis(1 - axis.index())) as f64;
            let mut check = expect_array(what, &grad(&g, a), &want);
            if mean {
                check = check
                    .mistake_array(&expected, "the mean's backward divides ḡ by the length of the averaged axis")
                    .mistake_array(
                        &(&expected / other_len),
                        "you divided by the length of the other axis: divide by a's length along the averaged axis",
                    );
            }
            check.assert();
        }
    }
}

// ---------------------------------------------------------------------------------
// Properties

#[test]
fn gradients_flow_through_a_chain() {
    // y = Σ tanh(x) ⊙ tanh(x) over a (1×2) x: ∂y/∂t = 2t, ∂y/∂x = 2t·(1 − t²).
    let xv = array![[0.4, -0.9]];
    let mut g = TensorGraph::new();
    let x = g.leaf(xv.clone());
    let t = call_ok!(g.tanh(x));
    let y = call_ok!(g.mul(t, t));
    backward(&mut g, y);
    let tv = xv.mapv(f64::tanh);
    expect_array(
        "∂y/∂t for y = t ⊙ t, t = tanh(x)",
        &grad(&g, t),
        &(&tv * 2.0),
    )
    .assert();
    expect_array(
        "∂y/∂x for y = tanh(x) ⊙ tanh(x), x = [[0.4, −0.9]] (two rules chained)",
        &grad(&g, x),
        &(&tv * 2.0 * &tv.mapv(|t| 1.0 - t * t)),
    )
    .mistake_array(
        &Array2::zeros((1, 2)),
        "x got nothing although t's gradient is right: you walked the topological order from \
         the start; walk it from the end (out) back to the start, so that a node's gradient \
         is complete before it is passed on",
    )
    .assert();
}

#[test]
fn the_gradient_of_a_sum_is_all_ones() {
    let mut g = TensorGraph::new();
    let x = g.leaf(array![
        [0.3, -1.0, 2.0, 0.0],
        [1.5, 2.5, -0.5, 4.0],
        [0.1, 0.2, 0.3, 0.4]
    ]);
    let rows = call_ok!(g.sum(x, Axis(0)));
    let total = call_ok!(g.sum(rows, Axis(1)));
    backward(&mut g, total);
    expect_array(
        "∂(Σ of all entries of x)/∂x, through sum(sum(x, Axis(0)), Axis(1))",
        &grad(&g, x),
        &Array2::ones((3, 4)),
    )
    .mistake_array(
        &Array2::zeros((3, 4)),
        "nothing reached x: out's grad must be set to all ones (after the reset)",
    )
    .assert();
    // backward of a non-scalar output: the gradient of the sum of its entries, so a
    // leaf's own gradient is all ones.
    backward(&mut g, x);
    expect_array(
        "after backward(x) on the (3×4) leaf x, x's grad (out's grad is all ones)",
        &grad(&g, x),
        &Array2::ones((3, 4)),
    )
    .mistake_array(
        &Array2::zeros((3, 4)),
        "out's grad must be set to all ones (after the reset)",
    )
    .assert();
    backward(&mut g, rows);
    expect_array(
        "after backward(rows), rows = sum(x, Axis(0)) (1×4): x's grad",
        &grad(&g, x),
        &Array2::ones((3, 4)),
    )
    .mistake_array(
        &Array2::from_elem((3, 4), 2.0),
        "x kept the gradient of the earlier backward and added the new one: reset every \
         grad to zeros at the start of backward",
    )
    .assert();
    expect_array(
        "after backward(rows): the grad of total, which rows does not depend on",
        &grad(&g, total),
        &Array2::zeros((1, 1)),
    )
    .mistake_array(
        &Array2::ones((1, 1)),
        "total kept its grad from the earlier backward(total): reset every node of the graph",
    )
    .assert();
}

#[test]
fn gradients_are_linear() {
    // f = Σ tanh(X·W), h = Σ (X·W) ⊙ (X·W): ∇(f + h) = ∇f + ∇h and ∇(2.5·f) = 2.5·∇f.
    let xv = array![[0.5, -1.0], [1.5, 0.25], [-0.5, 2.0]];
    let wv = array![[0.3, -0.2, 0.8], [1.1, 0.4, -0.6]];
    let mut g = TensorGraph::new();
    let x = g.leaf(xv);
    let w = g.leaf(wv);
    let k = g.leaf(array![[2.5]]);
    let xw = call_ok!(g.matmul(x, w));
    let t = call_ok!(g.tanh(xw));
    let f = call_ok!(g.sum(t, Axis(0)));
    let f = call_ok!(g.sum(f, Axis(1)));
    let sq = call_ok!(g.mul(xw, xw));
    let h = call_ok!(g.sum(sq, Axis(1)));
    let h = call_ok!(g.sum(h, Axis(0)));
    let f_plus_h = call_ok!(g.add(f, h));
    let scaled = call_ok!(g.mul(k, f));
    backward(&mut g, f);
    let (fx, fw) = (grad(&g, x), grad(&g, w));
    backward(&mut g, h);
    let (hx, hw) = (grad(&g, x), grad(&g, w));
    backward(&mut g, f_plus_h);
    expect_array(
        "∂(f + h)/∂W against ∂f/∂W + ∂h/∂W (computed by your backward(f) and backward(h))",
        &grad(&g, w),
        &(&fw + &hw),
    )
    .assert();
    expect_array(
        "∂(f + h)/∂X against ∂f/∂X + ∂h/∂X",
        &grad(&g, x),
        &(&fx + &hx),
    )
    .assert();
    backward(&mut g, scaled);
    expect_array("∂(2.5·f)/∂W against 2.5·∂f/∂W", &grad(&g, w), &(&fw * 2.5)).assert();
    expect_array(
        "∂(2.5·f)/∂k (k = 2.5 is a 1×1 leaf) = f",
        &grad(&g, k),
        &data(&g, f),
    )
    .assert();
}

// ---------------------------------------------------------------------------------
// Random expressions of random shapes against finite differences

#[derive(Clone, Copy, Debug)]
enum Step {
    Leaf,
    Add(usize, usize),
    Mul(usize, usize),
    MatMul(usize, usize),
    Tanh(usize),
    Sum(usize, usize),
    Mean(usize, usize),
}

/// The grader's own forward pass: `leaves` in order of the `Leaf` steps.
fn evaluate(steps: &[Step], leaves: &[Array2<f64>]) -> Vec<Array2<f64>> {
    let mut values: Vec<Array2<f64>> = Vec::new();
    let mut next = 0;
    for step in steps {
        let v = match *step {
            Step::Leaf => {
                next += 1;
                leaves[next - 1].clone()
            }
            Step::Add(a, b) => &values[a] + &values[b],
            Step::Mul(a, b) => &values[a] * &values[b],
            Step::MatMul(a, b) => values[a].dot(&values[b]),
            Step::Tanh(a) => values[a].mapv(f64::tanh),
            Step::Sum(a, k) => values[a].sum_axis(Axis(k)).insert_axis(Axis(k)),
            Step::Mean(a, k) => {
                let n = values[a].len_of(Axis(k)) as f64;
                values[a].sum_axis(Axis(k)).insert_axis(Axis(k)) / n
            }
        };
        values.push(v);
    }
    values
}

fn describe(steps: &[Step], shapes: &[(usize, usize)], k: usize) -> String {
    let s = |i: usize| format!("v{i} {:?}", shapes[i]);
    match steps[k] {
        Step::Leaf => format!("{} leaf", s(k)),
        Step::Add(a, b) => format!("{} = {} + {}", s(k), s(a), s(b)),
        Step::Mul(a, b) => format!("{} = {} ⊙ {}", s(k), s(a), s(b)),
        Step::MatMul(a, b) => format!("{} = {} · {}", s(k), s(a), s(b)),
        Step::Tanh(a) => format!("{} = tanh({})", s(k), s(a)),
        Step::Sum(a, ax) => format!("{} = sum({}, Axis({ax}))", s(k), s(a)),
        Step::Mean(a, ax) => format!("{} = mean({}, Axis({ax}))", s(k), s(a)),
    }
}

/// Appends a new random leaf of `shape`; returns its step index.
fn new_leaf(
    rng: &mut impl Rng,
    shape: (usize, usize),
    steps: &mut Vec<Step>,
    leaves: &mut Vec<Array2<f64>>,
) -> usize {
    leaves.push(Array2::from_shape_simple_fn(shape, || {
        rng.gen_range(-1.5..1.5)
    }));
    steps.push(Step::Leaf);
    steps.len() - 1
}

/// A random expression on random shapes (1 to 4 rows and columns): new leaves join
/// (broadcast in every allowed way), earlier nodes are reused, and values stay moderate
/// (tanh squashes anything larger than 5).
fn random_expression(rng: &mut impl Rng, size: usize) -> (Vec<Step>, Vec<Array2<f64>>) {
    let mut steps = vec![Step::Leaf];
    let first = (rng.gen_range(1..=4), rng.gen_range(1..=4));
    let mut leaves = vec![Array2::from_shape_simple_fn(first, || {
        rng.gen_range(-1.5..1.5)
    })];
    while steps.len() < size {
        let values = evaluate(&steps, &leaves);
        let k = steps.len();
        let a = if rng.gen_bool(0.7) {
            k - 1
        } else {
            rng.gen_range(0..k)
        };
        let (m, n) = values[a].dim();
        let choice = rng.gen_range(0..8);
        let step = match choice {
            0 | 1 => {
                let shape = [(m, n), (1, n), (m, 1), (1, 1)][rng.gen_range(0..4)];
                // Either order, so that the left operand is broadcast too.
                let b = new_leaf(rng, shape, &mut steps, &mut leaves);
                let (x, y) = if rng.gen_bool(0.5) { (a, b) } else { (b, a) };
                if choice == 0 {
                    Step::Add(x, y)
                } else {
                    Step::Mul(x, y)
                }
            }
            2 => {
                let cols = rng.gen_range(1..=4);
                let b = new_leaf(rng, (n, cols), &mut steps, &mut leaves);
                Step::MatMul(a, b)
            }
            3 => {
                // Reuse an earlier node of a compatible shape (shared subexpressions).
                let partner = (0..k).rev().find(|&j| {
                    let (p, q) = values[j].dim();
                    (p == m || p == 1 || m == 1) && (q == n || q == 1 || n == 1)
                });
                match partner {
                    Some(j) if rng.gen_bool(0.5) => Step::Mul(a, j),
                    Some(j) => Step::Add(j, a),
                    None => Step::Tanh(a),
                }
            }
            4 => Step::Sum(a, rng.gen_range(0..2)),
            5 => Step::Mean(a, rng.gen_range(0..2)),
            _ => Step::Tanh(a),
        };
        steps.push(step);
        let v = evaluate(&steps, &leaves);
        if v.last().unwrap().iter().any(|x| x.abs() > 5.0) {
            steps.pop();
            steps.push(Step::Tanh(a));
        }
    }
    (steps, leaves)
}

fn build(g: &mut TensorGraph, steps: &[Step], leaves: &[Array2<f64>]) -> Vec<Tensor> {
    let mut nodes: Vec<Tensor> = Vec::new();
    let mut next = 0;
    for step in steps {
        let t = match *step {
            Step::Leaf => {
                next += 1;
                g.leaf(leaves[next - 1].clone())
            }
            Step::Add(a, b) => call_ok!(g.add(nodes[a], nodes[b])),
            Step::Mul(a, b) => call_ok!(g.mul(nodes[a], nodes[b])),
            Step::MatMul(a, b) => call_ok!(g.matmul(nodes[a], nodes[b])),
            Step::Tanh(a) => call_ok!(g.tanh(nodes[a])),
            Step::Sum(a, k) => call_ok!(g.sum(nodes[a], Axis(k))),
            Step::Mean(a, k) => call_ok!(g.mean(nodes[a], Axis(k))),
        };
        nodes.push(t);
    }
    nodes
}

#[test]
fn random_expressions_match_finite_differences() {
    let mut rng = mlings::prep::rng(15);
    for expression in 0..25 {
        let size = rng.gen_range(3..=12);
        let (steps, leaves) = random_expression(&mut rng, size);
        let exact = evaluate(&steps, &leaves);
        let shapes: Vec<(usize, usize)> = exact.iter().map(|v| v.dim()).collect();
        let mut g = TensorGraph::new();
        let nodes = build(&mut g, &steps, &leaves);
        let leaf_nodes: Vec<usize> = (0..steps.len())
            .filter(|&i| matches!(steps[i], Step::Leaf))
            .collect();
        for (k, &out) in nodes.iter().enumerate() {
            if matches!(steps[k], Step::Leaf) {
                continue;
            }
            let what = format!(
                "random expression {expression} (seeded): {}",
                describe(&steps, &shapes, k)
            );
            expect_array(format!("{what}: its value"), &data(&g, out), &exact[k])
                .tol(Tolerance::rel(1e-12))
                .assert();
            call_explaining!(
                "an ndarray shape error in backward: check each rule's shapes (ḡ(a) has a's \
                 shape: unbroadcast for add and mul, ḡ·bᵀ and aᵀ·ḡ for matmul)",
                g.backward(out)
            )
            .unwrap_or_else(|e| fail(format!("{what}: backward returned the error {e}")));
            for (leaf_number, &i) in leaf_nodes.iter().enumerate() {
                let got = grad(&g, nodes[i]);
                require(got.dim() == shapes[i], || {
                    format!(
                        "{what}: the grad of leaf v{i} has shape {:?}, its value {:?}",
                        got.dim(),
                        shapes[i]
                    )
                });
                for ((r, c), &gv) in got.indexed_iter() {
                    let at = |delta: f64| {
                        let mut shifted = leaves.to_vec();
                        shifted[leaf_number][[r, c]] += delta;
                        evaluate(&steps[..=k], &shifted)[k].sum()
                    };
                    let numeric = (at(H) - at(-H)) / (2.0 * H);
                    if !FD_TOL.accepts(gv, numeric) {
                        fail(format!(
                            "{what}\n    ∂(Σ v{k})/∂v{i}[{r}, {c}]: central finite difference (h = \
                             {H:e}) {numeric:.9}, got {gv:.9} (tolerance 1e-6 relative + 1e-6 \
                             absolute)\n    every smaller output was right, so look at the rule \
                             of this last node"
                        ));
                    }
                }
            }
        }
    }
}
