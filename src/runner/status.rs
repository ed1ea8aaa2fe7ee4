//! An exercise's status, from its grader's verdicts.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::grading::GradeRun;
use mlings::grade::NOT_ATTEMPTED;

/// Where a learner stands on one exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Every check passes.
    Solved { checks: usize },
    /// Every check passes, but the learner's file uses the course's reference of this
    /// very exercise: nothing is solved.
    UsesReference { checks: usize },
    /// Some checks fail (or were stopped at the time limit).
    Failing { passed: usize, checks: usize },
    /// Every check stops at a `todo!()`.
    NotAttempted { checks: usize },
    /// The exercise file (or its grader) does not compile.
    DoesNotCompile,
}

impl Status {
    /// Classifies a grader run.
    pub fn of(run: &GradeRun) -> Status {
        let GradeRun::Ran(run) = run else {
            return Status::DoesNotCompile;
        };
        let checks = run.outcomes.len();
        let passed = run.outcomes.iter().filter(|o| o.passed).count();
        let untouched = run
            .outcomes
            .iter()
            .all(|o| !o.passed && o.message.starts_with(NOT_ATTEMPTED));
        if checks > 0 && passed == checks && run.own_reference.is_some() {
            Status::UsesReference { checks }
        } else if checks > 0 && passed == checks {
            Status::Solved { checks }
        } else if untouched {
            Status::NotAttempted { checks }
        } else {
            Status::Failing { passed, checks }
        }
    }

    pub fn is_solved(&self) -> bool {
        matches!(self, Status::Solved { .. })
    }

    /// One word for scripts: `solved`, `uses_reference`, `failing`, `not_attempted`,
    /// `does_not_compile`.
    pub fn keyword(&self) -> &'static str {
        match self {
            Status::Solved { .. } => "solved",
            Status::UsesReference { .. } => "uses_reference",
            Status::Failing { .. } => "failing",
            Status::NotAttempted { .. } => "not_attempted",
            Status::DoesNotCompile => "does_not_compile",
        }
    }

    /// (passing checks, checks), when the grader ran.
    pub fn counts(&self) -> Option<(usize, usize)> {
        match *self {
            Status::Solved { checks } | Status::UsesReference { checks } => Some((checks, checks)),
            Status::Failing { passed, checks } => Some((passed, checks)),
            Status::NotAttempted { checks } => Some((0, checks)),
            Status::DoesNotCompile => None,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Solved { checks } => write!(f, "solved ({checks} of {checks} checks)"),
            Status::UsesReference { .. } => write!(f, "uses the course's reference"),
            Status::Failing { passed, checks } => write!(f, "{passed} of {checks} checks pass"),
            Status::NotAttempted { .. } => write!(f, "not attempted"),
            Status::DoesNotCompile => write!(f, "does not compile"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::grading::TestRun;
    use crate::runner::test_output::TestOutcome;

    fn run(verdicts: &[(bool, &str)]) -> GradeRun {
        GradeRun::Ran(TestRun {
            outcomes: verdicts
                .iter()
                .enumerate()
                .map(|(i, (passed, message))| TestOutcome {
                    name: format!("t{i}"),
                    passed: *passed,
                    message: message.to_string(),
                })
                .collect(),
            stopped_after: None,
            own_reference: None,
            output_truncated: false,
        })
    }

    #[test]
    fn classification() {
        let todo = "not attempted yet: `f` is still a todo!()";
        assert_eq!(
            Status::of(&run(&[(true, ""), (true, "")])),
            Status::Solved { checks: 2 }
        );
        assert_eq!(
            Status::of(&run(&[(false, todo), (false, todo)])),
            Status::NotAttempted { checks: 2 }
        );
        assert_eq!(
            Status::of(&run(&[(true, ""), (false, "wrong value")])),
            Status::Failing {
                passed: 1,
                checks: 2
            }
        );
        assert_eq!(
            Status::of(&run(&[(false, todo), (false, "stopped after 60 s")])),
            Status::Failing {
                passed: 0,
                checks: 2
            }
        );
        assert_eq!(
            Status::of(&GradeRun::DoesNotCompile(Vec::new())),
            Status::DoesNotCompile
        );
        let GradeRun::Ran(mut borrowed) = run(&[(true, ""), (true, "")]) else {
            unreachable!()
        };
        borrowed.own_reference = Some("exercises/x/e.rs:1".into());
        let status = Status::of(&GradeRun::Ran(borrowed));
        assert_eq!(status, Status::UsesReference { checks: 2 });
        assert!(!status.is_solved());
    }
}
