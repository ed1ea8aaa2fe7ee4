//! Compiling test targets and examples through cargo, and reading its JSON messages:
//! where each executable is, and which compiler errors belong to which target.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

use super::RunnerError;
use super::process;
use super::text::course_relative;

/// Whose code a grader grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Graded {
    /// The learner's files in `exercises/`.
    Learner,
    /// The reference solutions (`--features solutions`).
    Reference,
}

/// One compiler error, as the learner should read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// `file:line:column` of the error, relative to the course root, when known.
    pub location: Option<String>,
    /// The compiler's own rendering: the message, the code it points at, its help.
    pub rendered: String,
}

impl CompileError {
    /// The file of the error's location, as rustc names it, when known.
    pub fn file(&self) -> Option<&str> {
        self.location
            .as_deref()
            .and_then(|location| location.split(':').next())
    }
}

/// What one cargo build produced.
#[derive(Debug, Default)]
pub struct Build {
    executables: BTreeMap<String, PathBuf>,
    /// Errors of a named target (a grader, an example).
    target_errors: BTreeMap<String, Vec<CompileError>>,
    /// Errors of the library itself, which every target needs.
    library_errors: Vec<CompileError>,
    /// cargo's own words (e.g. a manifest it cannot read).
    cargo_stderr: String,
}

impl Build {
    /// The executable of `target`, or why there is none.
    pub fn executable(&self, target: &str) -> Result<&Path, Vec<CompileError>> {
        if let Some(path) = self.executables.get(target) {
            return Ok(path);
        }
        let mut errors = self.library_errors.clone();
        errors.extend(
            self.target_errors
                .get(target)
                .into_iter()
                .flatten()
                .cloned(),
        );
        if errors.is_empty() {
            let said = self.cargo_stderr.trim();
            errors.push(CompileError {
                location: None,
                rendered: if said.is_empty() {
                    format!("cargo built no executable for `{target}`")
                } else {
                    last_lines(said, 20)
                },
            });
        }
        Err(errors)
    }
}

/// The kind of target cargo builds for us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// `tests/<name>.rs`, in the test profile.
    Test,
    /// `examples/<name>.rs`.
    Example,
}

/// Compiles the test targets `names` (graders) in one cargo invocation, going on past a
/// target that does not compile so that the others can still be graded.
pub fn build_tests(root: &Path, names: &[&str], graded: Graded) -> Result<Build, RunnerError> {
    let mut command = cargo(root);
    command.args(["build", "--keep-going", "--message-format=json"]);
    if graded == Graded::Reference {
        command.arg("--features=solutions");
    }
    names.iter().for_each(|name| {
        command.arg("--test").arg(name);
    });
    run_build(root, &mut command, TargetKind::Test, false)
}

/// Compiles `examples/<name>.rs` with cargo's extra `options` (a profile, `--config`
/// overrides). cargo's progress goes straight to the terminal; the compiler's errors are
/// read, so that the caller can name the files they are in.
pub fn build_example(root: &Path, name: &str, options: &[&str]) -> Result<Build, RunnerError> {
    let mut command = cargo(root);
    command
        .args(["build", "--message-format=json"])
        .args(options)
        .args(["--example", name]);
    run_build(root, &mut command, TargetKind::Example, true)
}

/// `cargo` (the one that runs us, when `cargo run` started the runner) in the course root.
fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(root)
        .env("CARGO_TERM_COLOR", "never")
        .arg("--color=never");
    command
}

fn run_build(
    root: &Path,
    command: &mut Command,
    kind: TargetKind,
    show_progress: bool,
) -> Result<Build, RunnerError> {
    command.stdout(Stdio::piped()).stderr(if show_progress {
        Stdio::inherit()
    } else {
        Stdio::piped()
    });
    let finished =
        process::run(command, None, &process::never, worth_parsing).map_err(|source| {
            RunnerError::Cargo {
                root: root.to_path_buf(),
                source,
            }
        })?;
    let mut build = parse_messages(&finished.stdout, kind);
    build.cargo_stderr = finished.stderr;
    Ok(build)
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    target: Option<Target>,
    executable: Option<PathBuf>,
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    rendered: Option<String>,
    message: String,
    spans: Vec<Span>,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    line_start: usize,
    column_start: usize,
    is_primary: bool,
}

/// Reads cargo's `--message-format=json` lines (other lines are ignored).
fn parse_messages(stdout: &str, kind: TargetKind) -> Build {
    let kind_name = match kind {
        TargetKind::Test => "test",
        TargetKind::Example => "example",
    };
    let mut build = Build::default();
    for message in stdout
        .lines()
        .filter(|line| worth_parsing(line))
        .filter_map(|line| serde_json::from_str::<Message>(line).ok())
    {
        let Some(target) = message.target else {
            continue;
        };
        let ours = target.kind.iter().any(|k| k == kind_name);
        match (message.reason.as_str(), message.executable, message.message) {
            ("compiler-artifact", Some(executable), _) if ours => {
                build.executables.insert(target.name, executable);
            }
            ("compiler-message", _, Some(diagnostic)) if diagnostic.level == "error" => {
                let error = compile_error(&diagnostic);
                if ours {
                    build
                        .target_errors
                        .entry(target.name)
                        .or_default()
                        .push(error);
                } else {
                    build.library_errors.push(error);
                }
            }
            _ => {}
        }
    }
    build
}

/// Most of cargo's lines are about dependencies (no executable, no error): they are
/// skipped unparsed, and are not worth keeping from a very long build.
fn worth_parsing(line: &str) -> bool {
    line.contains("\"executable\":\"") || line.contains("\"reason\":\"compiler-message\"")
}

fn compile_error(diagnostic: &Diagnostic) -> CompileError {
    let location = diagnostic.spans.iter().find(|s| s.is_primary).map(|span| {
        format!(
            "{}:{}:{}",
            course_relative(&span.file_name),
            span.line_start,
            span.column_start
        )
    });
    let rendered = diagnostic
        .rendered
        .as_deref()
        .unwrap_or(&diagnostic.message);
    CompileError {
        location,
        rendered: course_relative(rendered.trim_end()),
    }
}

/// The files the `errors` are in, in order of first appearance.
pub fn files_of(errors: &[CompileError]) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for error in errors {
        if let Some(file) = error
            .file()
            .filter(|f| !files.iter().any(|known| known == f))
        {
            files.push(file.to_string());
        }
    }
    files
}

/// The last `n` lines of `text`.
pub fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trimmed from `cargo build --keep-going --message-format=json --test statistics
    /// --test gradient_descent` with a type error added to the gradient_descent skeleton.
    const MESSAGES: &str = r#"{"reason":"compiler-artifact","package_id":"path+file:///c#mlings@0.1.0","target":{"kind":["lib"],"crate_types":["lib"],"name":"mlings","src_path":"/c/src/lib.rs"},"executable":null,"fresh":true}
{"reason":"compiler-artifact","package_id":"path+file:///c#mlings@0.1.0","target":{"kind":["test"],"crate_types":["bin"],"name":"statistics","src_path":"/c/tests/statistics.rs"},"executable":"/c/target/debug/deps/statistics-48b630f58078a192","fresh":true}
{"reason":"compiler-message","package_id":"path+file:///c#mlings@0.1.0","target":{"kind":["test"],"crate_types":["bin"],"name":"gradient_descent","src_path":"/c/tests/gradient_descent.rs"},"message":{"rendered":"error[E0308]: mismatched types\n  --> tests/../exercises/02_optimization/gradient_descent.rs:80:22\n   |\n80 | fn broken() -> f64 { 1usize }\n   |                      ^^^^^^ expected `f64`, found `usize`\n\n","level":"error","message":"mismatched types","spans":[{"file_name":"tests/../exercises/02_optimization/gradient_descent.rs","line_start":80,"column_start":16,"is_primary":false},{"file_name":"tests/../exercises/02_optimization/gradient_descent.rs","line_start":80,"column_start":22,"is_primary":true}]}}
{"reason":"compiler-message","package_id":"path+file:///c#mlings@0.1.0","target":{"kind":["test"],"crate_types":["bin"],"name":"gradient_descent","src_path":"/c/tests/gradient_descent.rs"},"message":{"rendered":"For more information about this error, try `rustc --explain E0308`.\n","level":"failure-note","message":"For more information about this error, try `rustc --explain E0308`.","spans":[]}}
{"reason":"build-finished","success":false}
"#;

    #[test]
    fn executables_and_errors_are_found_per_target() {
        let build = parse_messages(MESSAGES, TargetKind::Test);
        assert_eq!(
            build.executable("statistics"),
            Ok(Path::new(
                "/c/target/debug/deps/statistics-48b630f58078a192"
            ))
        );
        let errors = build.executable("gradient_descent").unwrap_err();
        assert_eq!(errors.len(), 1, "notes are not errors: {errors:?}");
        assert_eq!(
            errors[0].location.as_deref(),
            Some("exercises/02_optimization/gradient_descent.rs:80:22")
        );
        assert!(
            errors[0]
                .rendered
                .starts_with("error[E0308]: mismatched types\n  --> exercises/02_optimization/"),
            "{}",
            errors[0].rendered
        );
    }

    #[test]
    fn library_errors_belong_to_every_target_and_cargo_speaks_when_rustc_did_not() {
        let library_error = r#"{"reason":"compiler-message","target":{"kind":["lib"],"name":"mlings"},"message":{"rendered":"error: expected item","level":"error","message":"expected item","spans":[{"file_name":"src/prep.rs","line_start":3,"column_start":1,"is_primary":true}]}}"#;
        let build = parse_messages(library_error, TargetKind::Test);
        let errors = build.executable("statistics").unwrap_err();
        assert_eq!(errors[0].location.as_deref(), Some("src/prep.rs:3:1"));

        let build = Build {
            cargo_stderr: "error: failed to parse manifest at `/c/Cargo.toml`\n".into(),
            ..Build::default()
        };
        let errors = build.executable("statistics").unwrap_err();
        assert_eq!(
            errors[0].rendered,
            "error: failed to parse manifest at `/c/Cargo.toml`"
        );
    }

    #[test]
    fn the_files_with_errors_are_named_once_each() {
        let error = |location: Option<&str>| CompileError {
            location: location.map(str::to_string),
            rendered: String::new(),
        };
        let errors = [
            error(Some("exercises/05_clustering/dbscan.rs:3:1")),
            error(None),
            error(Some("exercises/05_clustering/dbscan.rs:9:5")),
            error(Some("src/prep.rs:1:1")),
        ];
        assert_eq!(
            files_of(&errors),
            ["exercises/05_clustering/dbscan.rs", "src/prep.rs"]
        );
    }

    #[test]
    fn examples_are_told_apart_from_tests() {
        let example = r#"{"reason":"compiler-artifact","target":{"kind":["example"],"name":"statistics"},"executable":"/c/target/release/examples/statistics"}"#;
        assert!(
            parse_messages(example, TargetKind::Test)
                .executable("statistics")
                .is_err()
        );
        assert_eq!(
            parse_messages(example, TargetKind::Example).executable("statistics"),
            Ok(Path::new("/c/target/release/examples/statistics"))
        );
    }
}
