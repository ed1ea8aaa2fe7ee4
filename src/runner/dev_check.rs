//! `cargo run -- dev check`: the course checks itself, as rustlings' `dev check` does.
//!
//! - every manifest entry has its skeleton, grader, reference module, topic README, hints;
//! - no stray exercise, grader or reference file is missing from the manifest;
//! - every grader test FAILS on the untouched skeleton (a check that passes without any
//!   work cannot fail, and is a defect) and PASSES on the reference solution.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use super::compile::Graded;
use super::files::files_under;
use super::fingerprint;
use super::grading::GradeRun;
use super::state::CachedResult;
use super::status::Status;
use super::test_output::TestOutcome;
use super::text::indent;
use super::untouched::{self, Untouched};
use super::{Context, RunnerError, process};
use mlings::manifest::{Course, Exercise};
use mlings::report::Table;

/// Runs every check, prints a per-exercise table and the violations; returns whether the
/// course is sound. Nothing is cached: every grader is run on the skeleton and on the
/// reference, within the time limit.
pub fn run(context: &Context) -> Result<bool, RunnerError> {
    let course = &context.course;
    let mut violations = check_files(course);
    violations.extend(check_pristine(&course.root));
    let mut table = Table::new(&[
        "exercise",
        "tests",
        "fail on skeleton",
        "pass on reference",
        "hints",
        "verdict",
    ]);
    if violations.is_empty() {
        let exercises: Vec<&Exercise> = course.exercises.iter().collect();
        let grade = |graded| {
            let as_graded = Context {
                graded,
                ..context.clone()
            };
            as_graded.grader(&process::never).grade_all(&exercises)
        };
        let skeletons = grade(Graded::Learner)?;
        let references = grade(Graded::Reference)?;
        violations.extend(update_untouched(&course.root, &exercises, &skeletons));
        for ((exercise, skeleton), reference) in exercises.iter().zip(skeletons).zip(references) {
            let problems = problems(exercise, &skeleton, &reference);
            let skeleton = outcomes(&skeleton);
            let reference = outcomes(&reference);
            table.row(vec![
                exercise.name.clone(),
                skeleton.len().to_string(),
                format!(
                    "{}/{}",
                    skeleton.iter().filter(|o| !o.passed).count(),
                    skeleton.len()
                ),
                format!(
                    "{}/{}",
                    reference.iter().filter(|o| o.passed).count(),
                    reference.len()
                ),
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

/// Brings `exercises/untouched.toml` in line with what the skeletons scored; a change is
/// a problem until it is committed, since a fresh clone would ship the old file.
fn update_untouched(root: &Path, exercises: &[&Exercise], skeletons: &[GradeRun]) -> Vec<String> {
    let mut scored = Untouched::default();
    for (exercise, run) in exercises.iter().zip(skeletons) {
        if let GradeRun::Ran(test_run) = run
            && test_run.stopped_after.is_none()
        {
            scored.results.insert(
                exercise.name.clone(),
                CachedResult {
                    fingerprint: fingerprint::of_exercise(root, exercise, Graded::Learner),
                    status: Status::of(run),
                },
            );
        }
    }
    if Untouched::load(root) == scored {
        return Vec::new();
    }
    let path = root.join(untouched::FILE);
    match std::fs::write(&path, scored.render()) {
        Ok(()) => vec![format!(
            "{} was out of date (a grader or a skeleton changed); it is rewritten: commit it",
            untouched::FILE
        )],
        Err(error) => vec![format!(
            "{} is out of date and cannot be rewritten: {error}",
            untouched::FILE
        )],
    }
}

fn outcomes(run: &GradeRun) -> &[TestOutcome] {
    match run {
        GradeRun::Ran(test_run) => &test_run.outcomes,
        GradeRun::DoesNotCompile(_) => &[],
    }
}

/// What is wrong with one exercise's grader, run on its skeleton and on its reference.
fn problems(exercise: &Exercise, skeleton: &GradeRun, reference: &GradeRun) -> Vec<String> {
    let name = &exercise.name;
    let mut problems = Vec::new();
    for (run, code) in [(skeleton, "skeleton"), (reference, "reference")] {
        match run {
            GradeRun::DoesNotCompile(errors) => problems.push(format!(
                "{name}: the grader does not compile with the {code}:\n{}",
                indent(
                    &errors
                        .iter()
                        .map(|e| e.rendered.as_str())
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            )),
            GradeRun::Ran(test_run) => {
                if let Some(limit) = test_run.stopped_after {
                    problems.push(format!(
                        "{name}: the grader was stopped after {} s on the {code}",
                        limit.as_secs_f64()
                    ));
                }
            }
        }
    }
    let (skeleton, reference) = (outcomes(skeleton), outcomes(reference));
    if skeleton.is_empty() && reference.is_empty() {
        problems.push(format!("{name}: its grader has no tests"));
    }
    for outcome in skeleton.iter().filter(|o| o.passed) {
        problems.push(format!(
            "{name}: test `{}` passes on the untouched skeleton: it cannot fail, so it grades nothing",
            outcome.name
        ));
    }
    for outcome in reference.iter().filter(|o| !o.passed) {
        problems.push(format!(
            "{name}: test `{}` fails on the reference solution:\n{}",
            outcome.name,
            indent(&outcome.message)
        ));
    }
    if !skeleton.is_empty() && !reference.is_empty() && reference.len() != skeleton.len() {
        problems.push(format!(
            "{name}: {} tests on the skeleton but {} on the reference (cfg-dependent tests?)",
            skeleton.len(),
            reference.len()
        ));
    }
    problems
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
        if [&e.title, &e.goal, &e.practice]
            .iter()
            .any(|text| text.trim().is_empty())
        {
            problems.push(format!("{}: the title, goal or practice is empty", e.name));
        }
        let skeleton = read(&e.file);
        if !skeleton.contains("todo!()") {
            problems.push(format!(
                "{}: the skeleton {} has no todo!()",
                e.name, e.file
            ));
        }
        problems.extend(unstated_builds_on(course, e, &skeleton));
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

/// The earlier exercises whose reference the skeleton of `exercise` points the learner to
/// (`mlings::reference::<earlier>`) but its `builds_on` does not list: the runner would
/// not tell the learner the course's rule for them.
fn unstated_builds_on(course: &Course, exercise: &Exercise, skeleton: &str) -> Vec<String> {
    const PATH: &str = "mlings::reference::";
    let mentioned: BTreeSet<&str> = skeleton
        .match_indices(PATH)
        .map(|(i, _)| {
            let rest = &skeleton[i + PATH.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect();
    mentioned
        .into_iter()
        .filter(|name| *name != exercise.name && course.find(name).is_ok())
        .filter(|name| !exercise.builds_on.iter().any(|b| b == name))
        .map(|name| {
            format!(
                "{}: the skeleton {} uses mlings::reference::{name}, but the manifest's \
                 builds_on does not list {name}",
                exercise.name, exercise.file
            )
        })
        .collect()
}

/// Files that look like exercises, graders or references but are not in the manifest.
/// Graders are the `tests/*.rs` files; folders under `tests/` hold helpers and the
/// runner's own tests.
fn stray_files(course: &Course) -> Vec<String> {
    let listed = |f: &dyn Fn(&Exercise) -> String| -> BTreeSet<String> {
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
        let candidates = files_under(&course.root, folder)
            .into_iter()
            .filter(|path| {
                path.ends_with(".rs")
                    && !path.ends_with("/mod.rs")
                    && (folder != "tests" || path.matches('/').count() == 1)
            });
        for path in candidates {
            if !known.contains(&path) {
                found.push(format!(
                    "{path} looks like a {what} but no exercise in the manifest lists it"
                ));
            }
        }
    }
    found
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

    #[test]
    fn a_skeleton_that_uses_an_unlisted_reference_is_named() {
        let mut course = Course::load_default().unwrap();
        let index = course
            .exercises
            .iter()
            .position(|e| e.name == "kmeans_plus_plus")
            .unwrap();
        course.exercises[index].builds_on.clear();
        let problems = check_files(&course).join("\n");
        assert!(
            problems.contains(
                "kmeans_plus_plus: the skeleton exercises/05_clustering/kmeans_plus_plus.rs \
                 uses mlings::reference::kmeans, but the manifest's builds_on does not list kmeans"
            ),
            "{problems}"
        );
    }
}
