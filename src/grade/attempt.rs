//! Calling the learner's code: a `todo!()` is "not attempted yet", not a crash.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::fmt::Display;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

/// The words a grader failure starts with when the learner has not started the function.
/// The runner looks for them to show "not attempted".
pub const NOT_ATTEMPTED: &str = "not attempted yet";

thread_local! {
    static INSIDE_ATTEMPT: Cell<bool> = const { Cell::new(false) };
    static TODO_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A grader's verdict: a failed check, explained. It is raised as a panic payload of its
/// own so that the hook prints it plainly, without a backtrace.
#[derive(Debug)]
pub struct Verdict(pub String);

/// Fails the current test with a grader's explanation.
#[track_caller]
pub fn fail(message: String) -> ! {
    install_hook();
    panic::panic_any(Verdict(message))
}

/// Installs (once per process) a panic hook that prints grader verdicts plainly, stays
/// quiet about `todo!()` panics raised inside [`attempt`] (remembering where they were),
/// and reports every other panic as usual.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default_hook = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let location = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            if let Some(Verdict(message)) = info.payload().downcast_ref::<Verdict>() {
                eprintln!(
                    "{message}\n    (checked at {})",
                    location.unwrap_or_default()
                );
            } else if payload_text(info.payload()).is_some_and(is_todo)
                && INSIDE_ATTEMPT.with(Cell::get)
            {
                let location = location.map(|l| l.replace("tests/../", ""));
                TODO_LOCATION.with(|t| *t.borrow_mut() = location);
            } else {
                default_hook(info);
            }
        }));
    });
}

fn payload_text(payload: &(dyn Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .or_else(|| payload.downcast_ref::<Verdict>().map(|v| v.0.as_str()))
}

fn is_todo(message: &str) -> bool {
    message.starts_with("not yet implemented")
}

/// How a call into the learner's code ended without a value.
pub enum Unfinished {
    /// It reached a `todo!()` (at this file:line, when known).
    Todo { location: Option<String> },
    /// It panicked for another reason; the payload, to resume the panic with.
    Panic(Box<dyn Any + Send>),
}

/// Runs `f`, telling a `todo!()` (reported quietly) apart from any other panic
/// (reported as usual by the default hook).
pub fn catch_todo<T>(f: impl FnOnce() -> T) -> Result<T, Unfinished> {
    install_hook();
    let was_inside = INSIDE_ATTEMPT.with(|i| i.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    INSIDE_ATTEMPT.with(|i| i.set(was_inside));
    result.map_err(|payload| {
        if payload_text(payload.as_ref()).is_some_and(is_todo) {
            Unfinished::Todo {
                location: TODO_LOCATION.with(|t| t.borrow_mut().take()),
            }
        } else {
            Unfinished::Panic(payload)
        }
    })
}

/// Runs `f` (a call into the learner's code). If it hits a `todo!()`, the test fails
/// with "not attempted yet: `what` ..." and the file and line of the `todo!()`;
/// any other panic is passed on unchanged.
#[track_caller]
pub fn attempt<T>(what: &str, f: impl FnOnce() -> T) -> T {
    match catch_todo(f) {
        Ok(value) => value,
        Err(Unfinished::Todo { location }) => not_attempted(what, location),
        Err(Unfinished::Panic(payload)) => panic::resume_unwind(payload),
    }
}

/// Fails with "not attempted yet: `what` is still a todo!() (at location)".
#[track_caller]
fn not_attempted(what: &str, location: Option<String>) -> ! {
    let location = location
        .map(|l| format!(" (the todo!() at {l})"))
        .unwrap_or_default();
    fail(format!(
        "{NOT_ATTEMPTED}: `{what}` is still a todo!(){location}.\n\
         Replace the todo!() with your implementation, then grade again."
    ))
}

/// Runs `f` (a call into the learner's code) like [`attempt`], but hands back the
/// message of a panic other than a `todo!()`, so that the grader can say what the panic
/// most likely means instead of letting it end the check unexplained.
#[track_caller]
pub fn catch_panic<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    match catch_todo(f) {
        Ok(value) => Ok(value),
        Err(Unfinished::Todo { location }) => not_attempted(what, location),
        Err(Unfinished::Panic(payload)) => Err(payload_text(payload.as_ref())
            .unwrap_or("(a panic without a message)")
            .to_string()),
    }
}

/// Like [`attempt`], but a panic in the learner's code (an index out of bounds, an
/// ndarray shape error) fails the test with `what`, the panic's message and `hint`
/// (what the doc asks for instead), rather than a bare panic.
#[track_caller]
pub fn attempt_explained<T>(what: &str, hint: &str, f: impl FnOnce() -> T) -> T {
    catch_panic(what, f).unwrap_or_else(|message| {
        fail(format!(
            "`{what}`: your code panicked: {message}\n    likely mistake: {hint}"
        ))
    })
}

/// Unwraps the `Ok` of a learner's function, or fails the test saying which call
/// returned which error.
#[track_caller]
pub fn ok<T, E: Display>(what: &str, result: Result<T, E>) -> T {
    match result {
        Ok(value) => value,
        Err(error) => fail(format!(
            "`{what}` returned an error on valid input: {error}\n\
             This input is fine: check the conditions under which your code returns Err."
        )),
    }
}

/// Calls the learner's code: `call!(statistics::mean(x.view()))`.
/// A `todo!()` fails the test as "not attempted yet", naming the call.
#[macro_export]
macro_rules! call {
    ($call:expr) => {
        $crate::grade::attempt(stringify!($call), || $call)
    };
}

/// Calls the learner's code where a panic is a likely mistake (an `unwrap` on an empty
/// input, an ndarray shape error): `call_explaining!("return Err(Empty)", mean(x))`.
/// A panic fails with the call, the panic's message and the hint.
#[macro_export]
macro_rules! call_explaining {
    ($hint:expr, $call:expr) => {
        $crate::grade::attempt_explained(stringify!($call), $hint, || $call)
    };
}

/// Calls a learner's function that returns `Result` and unwraps the `Ok`:
/// a `todo!()` is "not attempted yet", an `Err` on valid input is named with the call.
#[macro_export]
macro_rules! call_ok {
    ($call:expr) => {
        $crate::grade::ok(
            stringify!($call),
            $crate::grade::attempt(stringify!($call), || $call),
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panic_message(f: impl FnOnce() + panic::UnwindSafe) -> String {
        let payload = panic::catch_unwind(f).unwrap_err();
        payload_text(payload.as_ref()).unwrap().to_string()
    }

    #[test]
    fn todo_reads_as_not_attempted() {
        let message = panic_message(|| {
            attempt("mean(x)", || -> f64 { todo!() });
        });
        assert!(
            message.starts_with("not attempted yet: `mean(x)`"),
            "{message}"
        );
        assert!(
            message.contains("attempt.rs:"),
            "names the todo location: {message}"
        );
    }

    #[test]
    fn other_panics_pass_through() {
        let message = panic_message(|| {
            attempt("f", || panic!("index out of bounds"));
        });
        assert_eq!(message, "index out of bounds");
    }

    #[test]
    fn values_pass_through() {
        assert_eq!(attempt("f", || 3), 3);
        assert_eq!(ok("f", Ok::<_, String>(4)), 4);
        let message = panic_message(|| {
            ok("f", Err::<(), _>("empty input"));
        });
        assert!(message.contains("`f` returned an error on valid input: empty input"));
    }
}
