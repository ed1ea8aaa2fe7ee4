//! Reading what `cargo test` printed for one test target: each test's verdict and, for
//! failures, the grader's explanation.

use super::text::course_relative;

/// One `#[test]` of a grader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOutcome {
    pub name: String,
    pub passed: bool,
    /// What the test printed when it failed (the grader's explanation), trimmed.
    pub message: String,
}

/// Parses the test-runner output (the stdout of a test executable, or of `cargo test`).
///
/// Lines look like `test name ... ok` or `test name ... FAILED`; each failure's output
/// follows later under `---- name stdout ----`.
pub fn parse(stdout: &str) -> Vec<TestOutcome> {
    let mut outcomes: Vec<TestOutcome> = stdout
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("test ")?;
            let (name, verdict) = rest.rsplit_once(" ... ")?;
            let passed = match verdict.trim() {
                "ok" => true,
                "FAILED" => false,
                _ => return None,
            };
            Some(TestOutcome {
                name: name.trim().to_string(),
                passed,
                message: String::new(),
            })
        })
        .collect();
    for (name, message) in failure_sections(stdout) {
        if let Some(outcome) = outcomes.iter_mut().find(|o| o.name == name) {
            outcome.message = message;
        }
    }
    outcomes
}

/// How many tests the harness said it would run (`running 14 tests`).
pub fn announced(stdout: &str) -> Option<usize> {
    stdout.lines().find_map(|line| {
        let count = line.strip_prefix("running ")?.split(' ').next()?;
        count.parse().ok()
    })
}

/// A line that carries a verdict (`test name ... ok`, the summary): worth keeping however
/// much a grader prints around it.
pub fn is_verdict(line: &str) -> bool {
    (line.starts_with("test ") && line.contains(" ... "))
        || line.starts_with("running ")
        || line.starts_with("test result: ")
}

/// The test names a test executable lists with `--list --format=terse`
/// (lines like `mean_of_a_hand_worked_case: test`).
pub fn parse_list(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_string)
        .collect()
}

/// The `---- name stdout ----` sections: (test name, its output).
fn failure_sections(stdout: &str) -> Vec<(String, String)> {
    let mut sections = Vec::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in stdout.lines() {
        let header = line
            .strip_prefix("---- ")
            .and_then(|rest| rest.strip_suffix(" stdout ----"));
        let section_ends =
            header.is_some() || line == "failures:" || line.starts_with("test result:");
        if section_ends && let Some((name, lines)) = current.take() {
            sections.push((name, clean(&lines)));
        }
        if let Some(name) = header {
            current = Some((name.to_string(), Vec::new()));
        } else if let Some((_, lines)) = current.as_mut() {
            lines.push(line);
        }
    }
    if let Some((name, lines)) = current {
        sections.push((name, clean(&lines)));
    }
    sections
}

/// What a test printed, without backtraces and runner notes, its panics read as in
/// [`parse`]'s messages.
pub fn tidy(text: &str) -> String {
    clean(&text.lines().collect::<Vec<_>>())
}

/// Drops backtraces and runner notes, keeping what the grader said.
fn clean(lines: &[&str]) -> String {
    let mut kept = Vec::new();
    let mut in_backtrace = false;
    for line in lines {
        if line.starts_with("stack backtrace:") {
            in_backtrace = true;
            continue;
        }
        if in_backtrace {
            in_backtrace = line.starts_with("  ") || line.starts_with("note: Some details");
            if in_backtrace {
                continue;
            }
        }
        if line.starts_with("note: run with `RUST_BACKTRACE=1`") {
            continue;
        }
        kept.push(line.to_string());
    }
    join_panics(&kept).trim().to_string()
}

/// The default panic report, `thread 'name' (id) panicked at tests/../exercises/x.rs:11:9:`
/// followed by the message on the next line, reads `your code panicked at
/// exercises/x.rs:11: <message>` when the panic is in the learner's file, and `the grader
/// panicked at tests/x.rs:11: <message>` when it is in the grader. Other lines are kept as
/// they are.
fn join_panics(lines: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut lines = lines.iter();
    while let Some(line) = lines.next() {
        let Some(location) = line
            .split_once(" panicked at ")
            .filter(|(thread, _)| thread.starts_with("thread '"))
            .map(|(_, location)| course_relative(location.trim_end_matches(':')))
        else {
            out.push(line.clone());
            continue;
        };
        let whose = if location.starts_with("exercises/") {
            "your code"
        } else if location.starts_with("tests/") {
            "the grader"
        } else {
            "the code"
        };
        // file:line:column reads file:line.
        let file_line = match location.rsplit_once(':') {
            Some((file_line, column)) if column.parse::<u32>().is_ok() => file_line.to_string(),
            _ => location,
        };
        let message = lines.next().map(String::as_str).unwrap_or_default();
        out.push(format!("{whose} panicked at {file_line}: {message}"));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "
running 3 tests
test mean_of_a_hand_worked_case ... FAILED
test pearson_by_hand ... FAILED
test covariance ... FAILED

failures:

---- mean_of_a_hand_worked_case stdout ----
mean of [2, 4]: wrong value
    expected: 3
    got:      6
    (checked at tests/statistics.rs:22)
stack backtrace:
   0: std::panicking::begin_panic
             at /rustc/library/std/src/panicking.rs:1
note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.

---- pearson_by_hand stdout ----

thread 'pearson_by_hand' (16577) panicked at tests/../exercises/01_foundations/statistics.rs:11:9:
ndarray: index 8 is out of bounds for array of shape [8]
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- covariance stdout ----
not attempted yet: `covariance_matrix(x)` is still a todo!()


failures:
    covariance
    mean_of_a_hand_worked_case

test result: FAILED. 0 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s
";

    #[test]
    fn verdicts_and_messages() {
        let outcomes = parse(SAMPLE);
        assert_eq!(outcomes.len(), 3);
        assert!(outcomes.iter().all(|o| !o.passed));
        assert_eq!(
            outcomes[0].message,
            "mean of [2, 4]: wrong value\n    expected: 3\n    got:      6\n    (checked at tests/statistics.rs:22)"
        );
        assert!(outcomes[2].message.starts_with("not attempted yet"));
        assert_eq!(
            outcomes[1].message,
            "your code panicked at exercises/01_foundations/statistics.rs:11: \
             ndarray: index 8 is out of bounds for array of shape [8]"
        );
    }

    #[test]
    fn a_panic_in_the_grader_is_told_apart_and_the_count_is_read() {
        let stdout = "running 1 test\ntest t ... FAILED\n\nfailures:\n\n---- t stdout ----\n\n\
                      thread 't' panicked at tests/kmeans.rs:40:5:\nassertion failed: ok\n\n\
                      failures:\n    t\n\ntest result: FAILED. 0 passed; 1 failed\n";
        assert_eq!(
            parse(stdout)[0].message,
            "the grader panicked at tests/kmeans.rs:40: assertion failed: ok"
        );
        assert_eq!(announced(stdout), Some(1));
        assert_eq!(announced("running 14 tests\n"), Some(14));
        assert_eq!(announced("error"), None);
        assert!(is_verdict("test t ... ok") && !is_verdict("loss 0.1"));
    }

    #[test]
    fn listed_names() {
        let listed = "covariance: test\nmean_by_hand: test\nspeed: bench\n";
        assert_eq!(parse_list(listed), ["covariance", "mean_by_hand"]);
    }

    #[test]
    fn nothing_to_parse() {
        assert!(parse("error[E0308]: mismatched types").is_empty());
    }
}
