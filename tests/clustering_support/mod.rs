//! Test data and checks shared by the clustering graders.
#![allow(dead_code)] // each grader uses some of these

use std::fmt::Debug;

use mlings::grade::{brief, fail};
use mlings::types::clustering::ClusteringError;
use ndarray::Array2;

/// Points (v, 0) on a line, one per value: 2-D data whose distances can be worked by hand.
pub fn line(values: &[f64]) -> Array2<f64> {
    Array2::from_shape_fn(
        (values.len(), 2),
        |(i, j)| if j == 0 { values[i] } else { 0.0 },
    )
}

/// Whether two errors are the same, field by field (a NaN value equals a NaN value).
pub fn same_error(a: &ClusteringError, b: &ClusteringError) -> bool {
    match (a, b) {
        (
            ClusteringError::NonFinite {
                what,
                row,
                column,
                value,
            },
            ClusteringError::NonFinite {
                what: w,
                row: r,
                column: c,
                value: v,
            },
        ) => (what, row, column) == (w, r, c) && (value == v || (value.is_nan() && v.is_nan())),
        (ClusteringError::InvalidParams(_), ClusteringError::InvalidParams(_)) => true,
        _ => a == b,
    }
}

/// Fails unless `result` is exactly the error `expected` (every field). `why` says why
/// the input is an error; `wrong` lists errors a plausible mistake returns instead, each
/// with what it reveals (named only when the learner's error is that one).
#[track_caller]
pub fn require_error<T: Debug>(
    what: &str,
    result: Result<T, ClusteringError>,
    expected: &ClusteringError,
    why: &str,
    wrong: &[(ClusteringError, &str)],
) {
    let error = match result {
        Err(error) => error,
        Ok(value) => fail(format!(
            "{what}: expected Err({expected:?}), got Ok({})\n    why it must be an error: {why}",
            brief(&value)
        )),
    };
    if same_error(&error, expected) {
        return;
    }
    let diagnosis = wrong
        .iter()
        .find(|(mistaken, _)| same_error(&error, mistaken))
        .map(|(_, hint)| hint.to_string())
        .or_else(|| wrong_array_named(&error, expected))
        .map_or(String::new(), |hint| {
            format!("\n    likely mistake: {hint}")
        });
    fail(format!(
        "{what}: expected {expected:?}\n    got {error:?}{diagnosis}"
    ));
}

/// Runs a call into the learner's code: its value, or the message it panicked with (a
/// `todo!()` still fails the test as "not attempted yet"). For checks whose diagnosis
/// depends on why the code panicked (an overflow, an index out of range).
#[track_caller]
pub fn value_or_panic<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    match mlings::grade::catch_todo(f) {
        Ok(value) => Ok(value),
        Err(mlings::grade::Unfinished::Todo { location }) => fail(format!(
            "{}: `{what}` is still a todo!(){}.\n\
             Replace the todo!() with your implementation, then grade again.",
            mlings::grade::NOT_ATTEMPTED,
            location
                .map(|l| format!(" (the todo!() at {l})"))
                .unwrap_or_default()
        )),
        Err(mlings::grade::Unfinished::Panic(payload)) => Err(payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "(no message)".into())),
    }
}

/// "names the wrong array" when two errors differ only in their `what`.
fn wrong_array_named(got: &ClusteringError, expected: &ClusteringError) -> Option<String> {
    let what_of = |e: &ClusteringError| match e {
        ClusteringError::NonFinite { what, .. } | ClusteringError::LengthMismatch { what, .. } => {
            Some(*what)
        }
        _ => None,
    };
    let (got_what, expected_what) = (what_of(got)?, what_of(expected)?);
    let renamed = match got.clone() {
        ClusteringError::NonFinite {
            row, column, value, ..
        } => ClusteringError::NonFinite {
            what: expected_what,
            row,
            column,
            value,
        },
        ClusteringError::LengthMismatch {
            expected: e,
            got: g,
            ..
        } => ClusteringError::LengthMismatch {
            what: expected_what,
            expected: e,
            got: g,
        },
        other => other,
    };
    same_error(&renamed, expected).then(|| {
        format!("the error names the wrong array: what is \"{expected_what}\", not \"{got_what}\"")
    })
}
