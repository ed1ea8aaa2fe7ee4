//! The grading helpers every test target uses.
//!
//! A grader test reads like a teaching assistant: it calls the learner's code with
//! [`call!`](crate::call) or [`call_ok!`](crate::call_ok) (a `todo!()` is "not attempted
//! yet"), then compares with an independently known answer through [`expect`] or
//! [`expect_array`], which say what was checked, expected vs got, by how much, and the
//! likely mistake.

mod attempt;
mod compare;

pub use attempt::{
    NOT_ATTEMPTED, Unfinished, Verdict, attempt, attempt_explained, catch_panic, catch_todo, fail,
    ok,
};
pub use compare::{Check, Tolerance, assert_finite, expect, expect_array};

use std::fmt::Debug;

/// Fails unless the learner's function rejected bad input with an error, and says
/// which input should have been rejected and why.
#[track_caller]
pub fn expect_err<T: Debug, E>(what: &str, why: &str, result: Result<T, E>) -> E {
    match result {
        Err(error) => error,
        Ok(value) => fail(format!(
            "{what}: expected an error, got Ok({})\n    \
             why it must be an error: {why}",
            brief(&value)
        )),
    }
}

/// `value`'s `Debug` text cut to 120 characters, so that a message that shows what a
/// learner returned stays a few lines whatever its size.
pub fn brief<T: Debug>(value: &T) -> String {
    let mut shown = format!("{value:?}");
    if shown.chars().count() > 120 {
        shown = shown.chars().take(120).collect::<String>() + "...";
    }
    shown
}

/// Fails with `message` unless `condition` holds; for properties that are not a
/// comparison of numbers (e.g. "the loss never increases").
#[track_caller]
pub fn require(condition: bool, message: impl FnOnce() -> String) {
    if !condition {
        fail(message());
    }
}

/// Fails unless the error `got` is `wanted`; when `got` is one of the known wrong errors
/// in `mistakes`, names the mistake (a field swapped, a check done in the wrong order...).
#[track_caller]
pub fn expect_error<E: Debug + PartialEq>(what: &str, got: E, wanted: E, mistakes: &[(E, &str)]) {
    if got == wanted {
        return;
    }
    let mut message = format!("{what}: expected {wanted:?}\n    got:      {got:?}");
    if let Some((_, why)) = mistakes.iter().find(|(wrong, _)| *wrong == got) {
        message.push_str(&format!("\n    likely mistake: {why}"));
    }
    fail(message);
}
