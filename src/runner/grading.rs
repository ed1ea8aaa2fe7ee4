//! Grading exercises: compile their graders with cargo, run each test executable within
//! the time limit, and read the verdicts it printed. A verdict counts only when every
//! check the grader lists reported one: a check the run lost (a crash, an abort, an exit)
//! is run again on its own until it says what became of it.

use std::path::Path;
use std::process::{Command, ExitStatus};
use std::time::{Duration, Instant};

use super::RunnerError;
use super::capture;
use super::compile::{self, CompileError, Graded, last_lines};
use super::own_reference;
use super::process::{self, Ending, Finished};
use super::test_output::{self, TestOutcome};
use super::text::{WIDTH, indent, wrap};
use mlings::manifest::Exercise;

/// How the message of a check still unfinished at the time limit starts.
pub const STOPPED: &str = "unfinished when the run was stopped after";

/// How the message of a check that never reported a verdict starts.
pub const NO_VERDICT: &str = "no verdict:";

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
    /// `file:line` where the learner's file uses the course's reference of this very
    /// exercise, if it does: then passing checks prove nothing.
    pub own_reference: Option<String>,
    /// Whether the grader printed more than the runner keeps (its verdicts are kept).
    pub output_truncated: bool,
}

/// Grades exercises: whose code, within which time limit, stoppable by `interrupt`.
pub struct Grader<'a> {
    pub root: &'a Path,
    pub graded: Graded,
    pub time_limit: Duration,
    /// Polled while a grader runs; returning true stops it with [`RunnerError::Interrupted`].
    pub interrupt: &'a dyn Fn() -> bool,
    /// The module of a test executable that holds several graders (the mistake check's:
    /// one grader per catalogued solution): only its checks run, named without it.
    pub scope: Option<&'a str>,
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

    /// Runs the grader `executable` of `exercise` and reads every check's verdict.
    ///
    /// A verdict counts only when every check the grader lists reported one. When the
    /// run ended early (a crash, an abort, a stack overflow, `process::exit`) or a check
    /// failed without a word (a panic in a thread the code started), the checks without a
    /// verdict or an explanation are run again one at a time, so that each gets its own.
    pub fn run(&self, exercise: &Exercise, executable: &Path) -> Result<TestRun, RunnerError> {
        let first = self.run_tests(executable, &[], self.time_limit)?;
        let output_truncated = first.stdout.contains(capture::TRUNCATED);
        let mut outcomes = test_output::parse(&first.stdout);
        let mut stopped_after = None;
        match first.ending {
            Ending::Interrupted => return Err(RunnerError::Interrupted),
            Ending::Exited(_) => {
                let complete = finished(&first.stdout)
                    && test_output::announced(&first.stdout) == Some(outcomes.len());
                let unexplained = outcomes.iter().any(|o| !o.passed && o.message.is_empty());
                if !complete || unexplained {
                    let names = self.list(executable)?;
                    let (recovered, stopped) = self.one_at_a_time(executable, &names, outcomes)?;
                    outcomes = recovered;
                    stopped_after = stopped;
                }
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
        if let Some(scope) = self.scope {
            let prefix = format!("{scope}::");
            for outcome in &mut outcomes {
                if let Some(name) = outcome.name.strip_prefix(&prefix) {
                    outcome.name = name.to_string();
                }
            }
        }
        order_as_in_source(&mut outcomes, &read_grader(self.root, exercise));
        Ok(TestRun {
            outcomes,
            stopped_after,
            own_reference: self.own_reference(exercise),
            output_truncated,
        })
    }

    /// Where the learner's file of `exercise` uses its own reference (never when the
    /// reference itself is graded).
    fn own_reference(&self, exercise: &Exercise) -> Option<String> {
        if self.graded != Graded::Learner {
            return None;
        }
        let source = std::fs::read_to_string(self.root.join(&exercise.file)).ok()?;
        own_reference::find(&source, &exercise.name).map(|line| format!("{}:{line}", exercise.file))
    }

    /// Runs again, each on its own, the checks of `names` that did not pass in `outcomes`
    /// (no verdict, or a failure without an explanation), within one time limit for all.
    /// Returns an outcome for every name, and the limit if it stopped some of them.
    fn one_at_a_time(
        &self,
        executable: &Path,
        names: &[String],
        outcomes: Vec<TestOutcome>,
    ) -> Result<(Vec<TestOutcome>, Option<Duration>), RunnerError> {
        let deadline = Instant::now() + self.time_limit;
        let mut stopped = None;
        let mut recovered = Vec::new();
        for name in names {
            if let Some(passed) = outcomes.iter().find(|o| &o.name == name && o.passed) {
                recovered.push(passed.clone());
                continue;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            let alone = if left.is_zero() {
                Alone::Stopped
            } else {
                self.run_one(executable, name, left)?
            };
            let message = match alone {
                Alone::Reported(outcome) => {
                    recovered.push(outcome);
                    continue;
                }
                Alone::Ended(why) => why,
                Alone::Stopped => {
                    stopped = Some(self.time_limit);
                    format!("{STOPPED} {} s", self.time_limit.as_secs_f64())
                }
            };
            recovered.push(TestOutcome {
                name: name.clone(),
                passed: false,
                message,
            });
        }
        Ok((recovered, stopped))
    }

    /// Runs the one check `name` and says what became of it.
    fn run_one(
        &self,
        executable: &Path,
        name: &str,
        limit: Duration,
    ) -> Result<Alone, RunnerError> {
        let alone_run = |extra: &[&str]| {
            let mut command = self.test_command(executable);
            command.args(["--color=never", "--test-threads=1", "--exact", name]);
            command.args(extra);
            self.start(&mut command, executable, limit)
        };
        let said = |run: &Finished| last_lines(&test_output::tidy(run.stderr.trim()), 8);
        let alone = alone_run(&[])?;
        let reported = test_output::parse(&alone.stdout)
            .into_iter()
            .find(|o| o.name == name);
        Ok(match (alone.ending, reported) {
            (Ending::Interrupted, _) => return Err(RunnerError::Interrupted),
            (Ending::TimedOut(_), _) => Alone::Stopped,
            (Ending::Exited(_), Some(outcome)) if outcome.passed || !outcome.message.is_empty() => {
                Alone::Reported(outcome)
            }
            (Ending::Exited(_), Some(_)) => Alone::Ended(format!(
                "{}{}",
                wrap(
                    "this check failed without an explanation: a panic in a thread your \
                     code started, perhaps?",
                    WIDTH - 4,
                    ""
                ),
                said_text(&said(&alone))
            )),
            (Ending::Exited(status), None) => {
                // What the check printed was captured in the process that died with it
                // (a panic in a worker thread that aborts, say): run it once more printing
                // as it goes, for its last words.
                let loud = alone_run(&["--nocapture"])?;
                let words = match loud.ending {
                    Ending::Exited(_) => said(&loud),
                    _ => said(&alone),
                };
                Alone::Ended(ended_early(status, &words))
            }
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
        let again = self.run_tests(executable, unfinished, self.time_limit)?;
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
    fn run_tests(
        &self,
        executable: &Path,
        skip: &[String],
        limit: Duration,
    ) -> Result<Finished, RunnerError> {
        let mut command = self.test_command(executable);
        command.arg("--color=never");
        match (self.scope, skip.is_empty()) {
            (None, true) => {}
            (None, false) => {
                command.arg("--exact");
                skip.iter().for_each(|name| {
                    command.arg("--skip").arg(name);
                });
            }
            (Some(scope), true) => {
                command.arg(format!("{scope}::"));
            }
            // A filter is a substring, and --exact makes it whole: name every check of
            // the scope that is not skipped (the scope itself, a test name it cannot be,
            // when none is left).
            (Some(scope), false) => {
                let mut wanted: Vec<String> = self.list(executable)?;
                wanted.retain(|name| !skip.contains(name));
                command.arg("--exact");
                if wanted.is_empty() {
                    command.arg(scope);
                }
                command.args(wanted);
            }
        }
        self.start(&mut command, executable, limit)
    }

    /// Runs a test command within `limit`, keeping its verdict lines however much it
    /// prints.
    fn start(
        &self,
        command: &mut Command,
        executable: &Path,
        limit: Duration,
    ) -> Result<Finished, RunnerError> {
        process::run(
            process::captured(command),
            Some(limit),
            self.interrupt,
            test_output::is_verdict,
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
        if let Some(scope) = self.scope {
            command.arg(format!("{scope}::"));
        }
        let listed = process::run(
            process::captured(&mut command),
            Some(LIST_LIMIT),
            &process::never,
            capture::nothing,
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

/// What became of one check run on its own.
enum Alone {
    /// It reported a verdict (with an explanation, if it failed).
    Reported(TestOutcome),
    /// It gave no verdict or no explanation; why, as far as can be told.
    Ended(String),
    /// It was still running at the time limit.
    Stopped,
}

/// Why a check run on its own ended without a verdict, from its exit status and the last
/// lines it printed on stderr.
fn ended_early(status: ExitStatus, said: &str) -> String {
    let how = match (status.code(), signal_of(status)) {
        (Some(0), _) => "the grader ended (exit code 0) before this check reported a verdict: \
                         does your code call std::process::exit? (A thread your code started \
                         that ends the process does the same.)"
            .to_string(),
        _ if said.contains("has overflowed its stack") => "your code overflowed the stack in \
                                                           this check: a recursion that never \
                                                           reaches its base case?"
            .to_string(),
        (_, Some(6)) => "the grader aborted in this check (a panic in a thread pool's \
                         worker, a panic while panicking, or std::process::abort)"
            .to_string(),
        (_, Some(signal)) => format!("the grader was killed by signal {signal} in this check"),
        (Some(code), None) => format!(
            "the grader ended (exit code {code}) before this check reported a verdict: does \
             your code call std::process::exit?"
        ),
        (None, None) => "the grader ended before this check reported a verdict".to_string(),
    };
    let how = wrap(&format!("{NO_VERDICT} {how}"), WIDTH - 4, "");
    format!("{how}{}", said_text(said))
}

fn said_text(said: &str) -> String {
    if said.is_empty() {
        String::new()
    } else {
        format!("\nIt printed:\n{}", indent(said))
    }
}

#[cfg(unix)]
fn signal_of(status: ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    status.signal()
}

#[cfg(not(unix))]
fn signal_of(_: ExitStatus) -> Option<i32> {
    None
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
