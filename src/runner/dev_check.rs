//! `cargo run -- dev check`: the course checks itself, as rustlings' `dev check` does.
//!
//! - every manifest entry has its skeleton, grader, reference module, topic README, hints;
//! - no stray exercise, grader or reference file is missing from the manifest;
//! - every grader test FAILS on the untouched skeleton (a check that passes without any
//!   work cannot fail, and is a defect) and PASSES on the reference solution.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use super::cargo::{self, CargoError, Graded};
use crate::manifest::Course;
use crate::report::Table;

/// Runs every check, prints a per-exercise table and the violations; returns whether the
/// course is sound.
pub fn run(course: &Course) -> Result<bool, CargoError> {
    let mut violations = check_files(course);
    violations.extend(check_pristine(&course.root));
    let names: Vec<&str> = course.exercises.iter().map(|e| e.name.as_str()).collect();
    let buildable = violations.is_empty();
    let mut table = Table::new(&[
        "exercise",
        "tests",
        "fail on skeleton",
        "pass on reference",
        "hints",
        "verdict",
    ]);
    if buildable {
        for graded in [Graded::Learner, Graded::Reference] {
            if let Err(output) = cargo::build(&course.root, &names, graded)? {
                violations.push(format!(
                    "the graders do not compile ({graded:?}):\n{}",
                    last_lines(&output, 40)
                ));
            }
        }
    }
    if violations.is_empty() {
        for exercise in &course.exercises {
            let learner = cargo::grade(&course.root, &exercise.name, Graded::Learner)?;
            let reference = cargo::grade(&course.root, &exercise.name, Graded::Reference)?;
            let tests = learner.outcomes.len();
            let failing = learner.outcomes.iter().filter(|o| !o.passed).count();
            let passing = reference.outcomes.iter().filter(|o| o.passed).count();
            let mut problems = Vec::new();
            if tests == 0 {
                problems.push(format!("{}: its grader has no tests", exercise.name));
            }
            for outcome in learner.outcomes.iter().filter(|o| o.passed) {
                problems.push(format!(
                    "{}: test `{}` passes on the untouched skeleton: it cannot fail, so it grades nothing",
                    exercise.name, outcome.name
                ));
            }
            for outcome in reference.outcomes.iter().filter(|o| !o.passed) {
                problems.push(format!(
                    "{}: test `{}` fails on the reference solution:\n{}",
                    exercise.name,
                    outcome.name,
                    indent(&outcome.message)
                ));
            }
            if reference.outcomes.len() != tests {
                problems.push(format!(
                    "{}: {} tests on the skeleton but {} on the reference (cfg-dependent tests?)",
                    exercise.name,
                    tests,
                    reference.outcomes.len()
                ));
            }
            table.row(vec![
                exercise.name.clone(),
                tests.to_string(),
                format!("{failing}/{tests}"),
                format!("{passing}/{}", reference.outcomes.len()),
                exercise.hints.len().to_string(),
                if problems.is_empty() { "ok" } else { "FAIL" }.to_string(),
            ]);
            violations.extend(problems);
        }
    }
    println!("mlings dev check: {} exercises\n", course.exercises.len());
    print!("{table}");
    if violations.is_empty() {
        println!(
            "\nThe course is sound: every grader test fails on its skeleton and passes on its reference."
        );
        Ok(true)
    } else {
        println!("\n{} problem(s):", violations.len());
        violations.iter().for_each(|v| println!("- {v}"));
        Ok(false)
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// The manifest and the files agree: nothing missing, nothing stray.
pub fn check_files(course: &Course) -> Vec<String> {
    let root = &course.root;
    let mut problems = Vec::new();
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap_or_default();
    let reference_mod = read("src/reference/mod.rs");
    for e in &course.exercises {
        let mut missing = |path: String, what: &str| {
            if !root.join(&path).is_file() {
                problems.push(format!("{}: {what} {path} is missing", e.name));
            }
        };
        missing(e.file.clone(), "the skeleton");
        missing(e.test_file(), "the grader");
        missing(e.reference_file(), "the reference solution");
        missing(
            format!("exercises/{}/README.md", e.topic),
            "the topic README",
        );
        if let Some(example) = e.example_file() {
            missing(example, "the example");
        }
        if !e.file.starts_with(&format!("exercises/{}/", e.topic)) {
            problems.push(format!(
                "{}: {} is not in its topic folder exercises/{}/",
                e.name, e.file, e.topic
            ));
        }
        if e.hints.len() < 2 {
            problems.push(format!(
                "{}: {} hint(s); at least 2 are needed",
                e.name,
                e.hints.len()
            ));
        }
        if e.title.trim().is_empty() || e.goal.trim().is_empty() {
            problems.push(format!("{}: the title or goal is empty", e.name));
        }
        if !read(&e.file).contains("todo!()") {
            problems.push(format!(
                "{}: the skeleton {} has no todo!()",
                e.name, e.file
            ));
        }
        let grader = read(&e.test_file());
        for needle in [
            format!("#[path = \"../{}\"]", e.file),
            format!("mlings::reference::{}", e.name),
        ] {
            if !grader.contains(&needle) {
                problems.push(format!(
                    "{}: {} does not contain `{needle}`",
                    e.name,
                    e.test_file()
                ));
            }
        }
        if !reference_mod.contains(&format!("pub mod {};", e.name)) {
            problems.push(format!(
                "{}: src/reference/mod.rs lacks `pub mod {};`",
                e.name, e.name
            ));
        }
    }
    problems.extend(stray_files(course));
    problems.extend(super::readme::check(course));
    problems
}

/// Files that look like exercises, graders or references but are not in the manifest.
fn stray_files(course: &Course) -> Vec<String> {
    let listed = |f: &dyn Fn(&crate::manifest::Exercise) -> String| -> BTreeSet<String> {
        course.exercises.iter().map(f).collect()
    };
    let skeletons = listed(&|e| e.file.clone());
    let graders = listed(&|e| e.test_file());
    let references = listed(&|e| e.reference_file());
    let mut found = Vec::new();
    for (folder, known, what) in [
        ("exercises", &skeletons, "skeleton"),
        ("tests", &graders, "grader"),
        ("src/reference", &references, "reference"),
    ] {
        for path in rust_files(&course.root, folder) {
            if !known.contains(&path) && !path.ends_with("/mod.rs") {
                found.push(format!(
                    "{path} looks like a {what} but no exercise in the manifest lists it"
                ));
            }
        }
    }
    found
}

/// `.rs` files under `folder` (recursively), as course-relative paths with `/`.
fn rust_files(root: &Path, folder: &str) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![root.join(folder)];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|x| x == "rs")
                && let Ok(relative) = path.strip_prefix(root)
            {
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

/// The skeletons must be untouched for "fails on the skeleton" to mean anything.
fn check_pristine(root: &Path) -> Vec<String> {
    let output = Command::new("git")
        .current_dir(root)
        .args(["status", "--porcelain", "--", ":(glob)exercises/**/*.rs"])
        .output();
    match output {
        Ok(out) if out.status.success() && !out.stdout.is_empty() => vec![format!(
            "the exercise files have local changes, so the skeletons are not the untouched ones:\n{}\n  \
             Run the self-check in a fresh clone (or stash the changes).",
            indent(String::from_utf8_lossy(&out.stdout).trim_end())
        )],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_course_has_every_file_and_no_stray_one() {
        let course = Course::load_default().unwrap();
        assert_eq!(check_files(&course), Vec::<String>::new());
    }

    #[test]
    fn a_missing_grader_and_a_stray_skeleton_are_named() {
        let mut course = Course::load_default().unwrap();
        let mut ghost = course.exercises[0].clone();
        ghost.name = "ghost".into();
        course.exercises.push(ghost);
        let removed = course.exercises.remove(1);
        let problems = check_files(&course).join("\n");
        assert!(
            problems.contains("ghost: the grader tests/ghost.rs is missing"),
            "{problems}"
        );
        assert!(
            problems.contains(&format!("{} looks like a skeleton", removed.file)),
            "{problems}"
        );
    }
}
