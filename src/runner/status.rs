//! An exercise's status, from its grader's verdicts.

use std::fmt;

use super::cargo::GradeRun;
use crate::grade::NOT_ATTEMPTED;

/// Where a learner stands on one exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Every check passes.
    Solved { checks: usize },
    /// Some checks pass.
    Failing { passed: usize, checks: usize },
    /// Every check stops at a `todo!()`.
    NotAttempted { checks: usize },
    /// The exercise file (or its grader) does not compile.
    DoesNotCompile,
}

impl Status {
    /// Classifies a grader run.
    pub fn of(run: &GradeRun) -> Status {
        if !run.compiled {
            return Status::DoesNotCompile;
        }
        let checks = run.outcomes.len();
        let passed = run.outcomes.iter().filter(|o| o.passed).count();
        let untouched = run
            .outcomes
            .iter()
            .all(|o| !o.passed && o.message.starts_with(NOT_ATTEMPTED));
        if checks > 0 && passed == checks {
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
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Solved { checks } => write!(f, "solved ({checks} of {checks} checks)"),
            Status::Failing { passed, checks } => write!(f, "{passed} of {checks} checks pass"),
            Status::NotAttempted { .. } => write!(f, "not attempted"),
            Status::DoesNotCompile => write!(f, "does not compile"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::test_output::TestOutcome;

    fn run(verdicts: &[(bool, &str)]) -> GradeRun {
        GradeRun {
            compiled: true,
            outcomes: verdicts
                .iter()
                .enumerate()
                .map(|(i, (passed, message))| TestOutcome {
                    name: format!("t{i}"),
                    passed: *passed,
                    message: message.to_string(),
                })
                .collect(),
            cargo_output: String::new(),
        }
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
            Status::of(&run(&[(false, todo), (false, "wrong value")])),
            Status::Failing {
                passed: 0,
                checks: 2
            }
        );
        let broken = GradeRun {
            compiled: false,
            ..run(&[])
        };
        assert_eq!(Status::of(&broken), Status::DoesNotCompile);
    }
}
