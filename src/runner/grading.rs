//! Grading exercises: compile their graders with cargo, run each test executable within
//! the time limit, and read the verdicts it printed.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::RunnerError;
use super::compile::{self, CompileError, Graded, last_lines};
use super::process::{self, Ending, Finished};
use super::test_output::{self, TestOutcome};
use crate::manifest::Exercise;

/// How the message of a check still unfinished at the time limit starts.
pub const STOPPED: &str = "unfinished when the run was stopped after";

/// How long listing a grader's tests may take (it runs no test).
const LIST_LIMIT: Duration = Duration::from_secs(20);

/// What grading one exercise found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GradeRun {
    /// The learner's file (or the grader, or the library) does not compile.
    DoesNotCompile(Vec<CompileError>),
    /// The grader ran.
    Ran(TestRun),
}

/// The verdicts of one grader run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestRun {
    /// One per check, in the order the grader file defines them.
    pub outcomes: Vec<TestOutcome>,
    /// Set when some checks were still running at the time limit and were stopped.
    pub stopped_after: Option<Duration>,
}

/// Grades exercises: whose code, within which time limit, stoppable by `interrupt`.
pub struct Grader<'a> {
    pub root: &'a Path,
    pub graded: Graded,
    pub time_limit: Duration,
    /// Polled while a grader runs; returning true stops it with [`RunnerError::Interrupted`].
    pub interrupt: &'a dyn Fn() -> bool,
}

impl Grader<'_> {
    /// Grades one exercise: compiles only its grader, then runs it.
    pub fn grade(&self, exercise: &Exercise) -> Result<GradeRun, RunnerError> {
        let mut runs = self.grade_all(&[exercise])?;
        Ok(runs.remove(0))
    }

    /// Grades several exercises, compiling all their graders in one cargo invocation (in
    /// parallel, going on past one that does not compile), then running each in turn.
    pub fn grade_all(&self, exercises: &[&Exercise]) -> Result<Vec<GradeRun>, RunnerError> {
        let names: Vec<&str> = exercises.iter().map(|e| e.name.as_str()).collect();
        let build = compile::build_tests(self.root, &names, self.graded)?;
        exercises
            .iter()
            .map(|exercise| match build.executable(&exercise.name) {
                Ok(executable) => self.run(exercise, executable).map(GradeRun::Ran),
                Err(errors) => Ok(GradeRun::DoesNotCompile(errors)),
            })
            .collect()
    }

    /// Runs a built grader executable of `exercise` and reads every check's verdict.
    pub fn run(&self, exercise: &Exercise, executable: &Path) -> Result<TestRun, RunnerError> {
        let first = self.run_tests(executable, &[])?;
        let mut outcomes = test_output::parse(&first.stdout);
        let mut stopped_after = None;
        match first.ending {
            Ending::Interrupted => return Err(RunnerError::Interrupted),
            Ending::Exited(status) if status.success() || finished(&first.stdout) => {}
            Ending::Exited(_) => {
                let why = format!(
                    "the grader crashed before this check reported a verdict:\n{}",
                    last_lines(first.stderr.trim(), 8)
                );
                let names = self.list(executable)?;
                let unreported = missing(&names, &outcomes, &why);
                outcomes.extend(unreported);
            }
            Ending::TimedOut(limit) => {
                stopped_after = Some(limit);
                let names = self.list(executable)?;
                let unfinished: Vec<String> = missing(&names, &outcomes, "")
                    .into_iter()
                    .map(|o| o.name)
                    .collect();
                if outcomes.iter().any(|o| !o.passed) {
                    outcomes = self.explain_failures(executable, &unfinished, outcomes)?;
                }
                let why = format!("{STOPPED} {} s", limit.as_secs_f64());
                let unreported = missing(&names, &outcomes, &why);
                outcomes.extend(unreported);
            }
        }
        order_as_in_source(&mut outcomes, &read_grader(self.root, exercise));
        Ok(TestRun {
            outcomes,
            stopped_after,
        })
    }

    /// After a timeout the finished failures have no explanation yet (libtest prints them
    /// at the end): run the finished checks again, without the ones that hung.
    fn explain_failures(
        &self,
        executable: &Path,
        unfinished: &[String],
        outcomes: Vec<TestOutcome>,
    ) -> Result<Vec<TestOutcome>, RunnerError> {
        let again = self.run_tests(executable, unfinished)?;
        Ok(match again.ending {
            Ending::Exited(_) if finished(&again.stdout) => test_output::parse(&again.stdout),
            Ending::Interrupted => return Err(RunnerError::Interrupted),
            _ => outcomes
                .into_iter()
                .map(|o| TestOutcome {
                    message: if o.passed {
                        o.message
                    } else {
                        "this check failed; its explanation was lost when the run was stopped."
                            .into()
                    },
                    ..o
                })
                .collect(),
        })
    }

    /// Runs the test executable, skipping the tests named in `skip`.
    fn run_tests(&self, executable: &Path, skip: &[String]) -> Result<Finished, RunnerError> {
        let mut command = self.test_command(executable);
        command.arg("--color=never");
        if !skip.is_empty() {
            command.arg("--exact");
            skip.iter().for_each(|name| {
                command.arg("--skip").arg(name);
            });
        }
        process::run(
            process::captured(&mut command),
            Some(self.time_limit),
            self.interrupt,
        )
        .map_err(|source| RunnerError::Run {
            path: executable.to_path_buf(),
            source,
        })
    }

    /// The names of the tests in a test executable.
    fn list(&self, executable: &Path) -> Result<Vec<String>, RunnerError> {
        let mut command = self.test_command(executable);
        command.args(["--list", "--format=terse"]);
        let listed = process::run(
            process::captured(&mut command),
            Some(LIST_LIMIT),
            &process::never,
        )
        .map_err(|source| RunnerError::Run {
            path: executable.to_path_buf(),
            source,
        })?;
        Ok(test_output::parse_list(&listed.stdout))
    }

    /// A test executable started as `cargo test` would: in the course root, no backtraces
    /// (the grader's explanations are what the learner reads).
    fn test_command(&self, executable: &Path) -> Command {
        let mut command = Command::new(executable);
        command
            .current_dir(self.root)
            .env("CARGO_MANIFEST_DIR", self.root)
            .env("RUST_BACKTRACE", "0");
        command
    }
}

/// Did the test harness get to its summary line?
fn finished(stdout: &str) -> bool {
    stdout.lines().any(|line| line.starts_with("test result: "))
}

/// Failed outcomes, with message `why`, for the `names` that have no outcome yet.
fn missing(names: &[String], outcomes: &[TestOutcome], why: &str) -> Vec<TestOutcome> {
    names
        .iter()
        .filter(|name| !outcomes.iter().any(|o| &o.name == *name))
        .map(|name| TestOutcome {
            name: name.clone(),
            passed: false,
            message: why.to_string(),
        })
        .collect()
}

fn read_grader(root: &Path, exercise: &Exercise) -> String {
    std::fs::read_to_string(root.join(exercise.test_file())).unwrap_or_default()
}

/// Sorts outcomes in the order their `fn`s appear in the grader (the order it teaches
/// in), rather than the order parallel tests happened to finish in.
pub fn order_as_in_source(outcomes: &mut [TestOutcome], grader: &str) {
    outcomes.sort_by_cached_key(|o| {
        let function = o.name.rsplit("::").next().unwrap_or(&o.name);
        grader
            .find(&format!("fn {function}("))
            .unwrap_or(usize::MAX)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(name: &str) -> TestOutcome {
        TestOutcome {
            name: name.into(),
            passed: true,
            message: String::new(),
        }
    }

    #[test]
    fn outcomes_follow_the_grader_file() {
        let grader = "#[test]\nfn mean_by_hand() {}\n#[test]\nfn variance() {}\nmod more {\n#[test]\nfn covariance() {}\n}";
        let mut outcomes = vec![
            outcome("variance"),
            outcome("more::covariance"),
            outcome("unknown"),
            outcome("mean_by_hand"),
        ];
        order_as_in_source(&mut outcomes, grader);
        let names: Vec<&str> = outcomes.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(
            names,
            ["mean_by_hand", "variance", "more::covariance", "unknown"]
        );
    }

    #[test]
    fn missing_names_become_failures() {
        let names = ["a".to_string(), "b".to_string()];
        let reported = [outcome("a")];
        let added = missing(&names, &reported, "stopped");
        assert_eq!(added.len(), 1);
        assert_eq!(
            (
                added[0].name.as_str(),
                added[0].passed,
                added[0].message.as_str()
            ),
            ("b", false, "stopped")
        );
    }
}
