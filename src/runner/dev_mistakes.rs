//! `cargo run -- dev mistakes [exercise]`: the course proves its graders against its own
//! catalogue of wrong solutions (`tests/mistakes/`). Each entry is dropped into the
//! exercise's place in a scratch copy of the course and graded there: every mistake must
//! fail a check whose message names it, every correct alternative must pass.
//!
//! In the copy, entry k of exercise `e` is the solution file `mistaken/e/<kind>_k.rs`
//! and its own test target `tests/<kind>_k_e.rs`: the grader of `e` with its `#[path]`
//! pointing at that file. One cargo invocation builds them all in parallel; the graders
//! then run two at a time.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::catalogue::{self, Entry, Kind, MIN_ALTERNATIVES, MIN_MISTAKES};
use super::compile::{self, Build, Graded};
use super::files::files_under;
use super::grading::{GradeRun, Grader};
use super::scratch::Scratch;
use super::text::indent;
use super::{Context, RunnerError, process};
use mlings::manifest::Exercise;
use mlings::report::Table;

/// The scratch copy's folder in the target folder (and its package name).
const SCRATCH: &str = "mlings-mistakes";

/// One catalogue entry, ready to build.
struct Job<'a> {
    exercise: &'a Exercise,
    kind: Kind,
    entry: &'a Entry,
    /// The test target in the scratch copy.
    target: String,
}

/// What grading one entry found.
enum Verdict {
    /// A mistake that a check rejected with a message naming it; an alternative that passed.
    AsItShould,
    /// A mistake rejected, but no failing message has these words.
    Unnamed(Vec<String>, String),
    /// What is wrong otherwise, in a sentence.
    Wrong(String),
}

/// Proves the catalogue of `only` (or of every exercise); prints a table and the problems.
pub fn run(context: &Context, only: Option<&str>) -> Result<bool, RunnerError> {
    let started = Instant::now();
    let course = &context.course;
    let root = course.root.as_path();
    let exercises: Vec<&Exercise> = match only {
        Some(name) => vec![course.find(name)?],
        None => course.exercises.iter().collect(),
    };
    let mut problems = Vec::new();
    if only.is_none() {
        problems.extend(stray_catalogues(context));
    }
    let scratch = Scratch::prepare(root, SCRATCH).map_err(|source| RunnerError::Cargo {
        root: root.join("target").join(SCRATCH),
        source,
    })?;
    let catalogues: Vec<(&Exercise, catalogue::Catalogue)> = exercises
        .iter()
        .filter_map(|&exercise| match catalogue::load(root, exercise) {
            Ok(found) => Some((exercise, found)),
            Err(why) => {
                problems.push(format!("{}: {why}", exercise.name));
                None
            }
        })
        .collect();
    let mut jobs = Vec::new();
    for (exercise, found) in &catalogues {
        let grader = std::fs::read_to_string(root.join(exercise.test_file())).unwrap_or_default();
        for (kind, entries) in [
            (Kind::Mistake, &found.mistake),
            (Kind::Alternative, &found.alternative),
        ] {
            for (k, entry) in entries.iter().enumerate() {
                match prepare(root, &scratch, exercise, &grader, kind, k + 1, entry) {
                    Ok(job) => jobs.push(job),
                    Err(why) => problems.push(format!(
                        "{}: {} {:?}: {why}",
                        exercise.name,
                        kind.word(),
                        entry.name
                    )),
                }
            }
        }
    }
    if only.is_none() {
        let generated: BTreeSet<String> = jobs
            .iter()
            .map(|j| format!("tests/{}.rs", j.target))
            .collect();
        for kind in [Kind::Mistake, Kind::Alternative] {
            scratch.remove_stale("tests", &format!("{}_", kind.word()), &generated);
        }
    }
    println!(
        "mlings dev mistakes: building {} graded solutions in {}",
        jobs.len(),
        scratch.root().display()
    );
    let names: Vec<&str> = jobs.iter().map(|j| j.target.as_str()).collect();
    let build = compile::build_tests(scratch.root(), &names, Graded::Learner)?;
    let verdicts = grade_in_parallel(context, &scratch, &build, &jobs)?;

    let mut table = Table::new(&[
        "exercise",
        "mistakes",
        "rejected",
        "named",
        "alternatives",
        "pass",
        "verdict",
    ]);
    for (exercise, found) in &catalogues {
        let count = |kind: Kind| {
            let of_kind = || {
                jobs.iter()
                    .zip(&verdicts)
                    .filter(move |(j, _)| j.exercise.name == exercise.name && j.kind == kind)
            };
            let rejected = of_kind()
                .filter(|(_, v)| matches!(v, Verdict::AsItShould | Verdict::Unnamed(..)))
                .count();
            let right = of_kind()
                .filter(|(_, v)| matches!(v, Verdict::AsItShould))
                .count();
            (rejected, right)
        };
        let (rejected, named) = count(Kind::Mistake);
        let (_, passing) = count(Kind::Alternative);
        let (mistakes, alternatives) = (found.mistake.len(), found.alternative.len());
        if mistakes < MIN_MISTAKES || alternatives < MIN_ALTERNATIVES {
            problems.push(format!(
                "{}: {mistakes} mistakes and {alternatives} alternatives catalogued; at least \
                 {MIN_MISTAKES} and {MIN_ALTERNATIVES} are needed",
                exercise.name
            ));
        }
        for (job, verdict) in jobs.iter().zip(&verdicts) {
            if job.exercise.name == exercise.name {
                problems.extend(describe(job, verdict));
            }
        }
        let sound = !problems
            .iter()
            .any(|p| p.starts_with(&format!("{}:", exercise.name)));
        table.row(vec![
            exercise.name.clone(),
            mistakes.to_string(),
            format!("{rejected}/{mistakes}"),
            format!("{named}/{mistakes}"),
            alternatives.to_string(),
            format!("{passing}/{alternatives}"),
            if sound { "ok" } else { "FAIL" }.to_string(),
        ]);
    }
    println!();
    print!("{table}");
    let seconds = started.elapsed().as_secs_f64();
    if problems.is_empty() {
        println!(
            "\nEvery catalogued mistake is rejected and named, every alternative passes ({} solutions graded in {seconds:.0} s).",
            jobs.len()
        );
        Ok(true)
    } else {
        println!("\n{} problem(s) ({seconds:.0} s):", problems.len());
        problems.iter().for_each(|p| println!("- {p}"));
        Ok(false)
    }
}

/// Writes entry `k` of `exercise` and its test target into the scratch copy.
fn prepare<'a>(
    root: &Path,
    scratch: &Scratch,
    exercise: &'a Exercise,
    grader: &str,
    kind: Kind,
    k: usize,
    entry: &'a Entry,
) -> Result<Job<'a>, String> {
    let solution = catalogue::solution(root, exercise, entry)?;
    let file = format!("mistaken/{}/{}_{k:02}.rs", exercise.name, kind.word());
    let learner_path = format!("#[path = \"../{}\"]", exercise.file);
    if !grader.contains(&learner_path) {
        return Err(format!(
            "{} has no `{learner_path}` to point at the solution",
            exercise.test_file()
        ));
    }
    let target = format!("{}_{k:02}_{}", kind.word(), exercise.name);
    let write = |relative: &str, text: &str| {
        scratch
            .write(relative, text)
            .map_err(|error| format!("cannot write {relative} in the scratch copy: {error}"))
    };
    write(&file, &solution)?;
    write(
        &format!("tests/{target}.rs"),
        &grader.replacen(&learner_path, &format!("#[path = \"../{file}\"]"), 1),
    )?;
    Ok(Job {
        exercise,
        kind,
        entry,
        target,
    })
}

/// Runs the built graders, as many at once as there are cores.
fn grade_in_parallel(
    context: &Context,
    scratch: &Scratch,
    build: &Build,
    jobs: &[Job],
) -> Result<Vec<Verdict>, RunnerError> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Verdict, RunnerError>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers.min(jobs.len()) {
            scope.spawn(|| {
                let grader = Grader {
                    root: scratch.root(),
                    graded: Graded::Learner,
                    time_limit: context.time_limit,
                    interrupt: &process::never,
                };
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let run = match build.executable(&job.target) {
                        Ok(executable) => grader.run(job.exercise, executable).map(GradeRun::Ran),
                        Err(errors) => Ok(GradeRun::DoesNotCompile(errors)),
                    };
                    let verdict = run.map(|run| judge(job, &run));
                    results.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(verdict);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .map(|verdict| verdict.expect("every job was graded"))
        .collect()
}

/// Did the grader treat this entry as it should?
fn judge(job: &Job, run: &GradeRun) -> Verdict {
    let test_run = match run {
        GradeRun::DoesNotCompile(errors) => {
            let first = errors.first().map_or("", |e| e.rendered.as_str());
            return Verdict::Wrong(format!(
                "does not compile, so it proves nothing:\n{}",
                indent(&shortened(first))
            ));
        }
        GradeRun::Ran(test_run) => test_run,
    };
    let failed: Vec<_> = test_run.outcomes.iter().filter(|o| !o.passed).collect();
    match job.kind {
        Kind::Alternative => match failed.first() {
            None => Verdict::AsItShould,
            Some(first) => Verdict::Wrong(format!(
                "is correct but fails {} check(s), first `{}`:\n{}",
                failed.len(),
                first.name,
                indent(&shortened(&first.message))
            )),
        },
        Kind::Mistake if failed.is_empty() => Verdict::Wrong(format!(
            "is not rejected: it passes all {} checks",
            test_run.outcomes.len()
        )),
        Kind::Mistake => {
            let messages: Vec<&str> = failed.iter().map(|o| o.message.as_str()).collect();
            let missing = catalogue::unnamed(job.entry, &messages.join("\n"));
            if missing.is_empty() {
                Verdict::AsItShould
            } else {
                let said = failed
                    .iter()
                    .map(|o| format!("`{}`: {}", o.name, shortened(&o.message)))
                    .take(2)
                    .collect::<Vec<_>>()
                    .join("\n");
                Verdict::Unnamed(missing.into_iter().map(String::from).collect(), said)
            }
        }
    }
}

/// The problem an entry's verdict makes, if any.
fn describe(job: &Job, verdict: &Verdict) -> Option<String> {
    let what = format!(
        "{}: {} {:?} ({})",
        job.exercise.name,
        job.kind.word(),
        job.entry.name,
        job.target
    );
    match verdict {
        Verdict::AsItShould => None,
        Verdict::Wrong(why) => Some(format!("{what} {why}")),
        Verdict::Unnamed(missing, said) => Some(format!(
            "{what} is rejected but not named: no failing message contains {missing:?}; it said:\n{}",
            indent(said)
        )),
    }
}

/// The first lines of a long message.
fn shortened(message: &str) -> String {
    const LINES: usize = 6;
    let lines: Vec<&str> = message.lines().collect();
    if lines.len() <= LINES {
        message.to_string()
    } else {
        format!(
            "{}\n… ({} more lines)",
            lines[..LINES].join("\n"),
            lines.len() - LINES
        )
    }
}

/// Catalogue files of no exercise in the manifest.
fn stray_catalogues(context: &Context) -> Vec<String> {
    let known: BTreeSet<String> = context
        .course
        .exercises
        .iter()
        .map(catalogue::path_of)
        .collect();
    files_under(&context.course.root, catalogue::FOLDER)
        .into_iter()
        .filter(|path| path.ends_with(".toml") && !known.contains(path))
        .map(|path| format!("{path} is the catalogue of no exercise in the manifest"))
        .collect()
}
