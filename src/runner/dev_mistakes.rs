//! `cargo run -- dev mistakes [exercise]`: the course proves its graders against its own
//! catalogue of wrong solutions (`tests/mistakes/`). Each entry is dropped into the
//! exercise's place in a scratch copy of the course and graded there: every mistake must
//! fail a check whose message names it, every correct alternative must pass.
//!
//! In the copy, entry k of exercise `e` is the solution file `mistaken/e/<kind>_k.rs`
//! and a copy of the grader of `e` pointing at it, `tests/catalogue_e/<kind>_k.rs`. The
//! copies of one exercise are the modules of one test target, `tests/catalogue_e.rs`: one
//! link instead of one per entry, and code they share (ndarray's and linfa's generics)
//! compiled once. Each entry is then graded on its own, in its own process, running only
//! its module's checks, two at a time. An entry that does not compile is left out of its
//! target, which is built again without it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::catalogue::{self, Entry, Kind, MIN_ALTERNATIVES, MIN_MISTAKES};
use super::compile::{self, CompileError, Graded};
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
    /// `<kind>_k`: the entry's module in its exercise's test target.
    module: String,
}

impl Job<'_> {
    /// The test target holding this entry's module.
    fn target(&self) -> String {
        target_of(self.exercise)
    }

    /// The entry's own files in the scratch copy: its solution and its copy of the grader.
    fn files(&self) -> [String; 2] {
        let name = &self.exercise.name;
        [
            format!("mistaken/{name}/{}.rs", self.module),
            format!("tests/{}/{}.rs", self.target(), self.module),
        ]
    }
}

/// The test target of `exercise`'s catalogue in the scratch copy.
fn target_of(exercise: &Exercise) -> String {
    format!("catalogue_{}", exercise.name)
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
    // Test targets of an earlier layout (one per entry), and of exercises gone.
    for kind in [Kind::Mistake, Kind::Alternative] {
        scratch.remove_stale("tests", &format!("{}_", kind.word()), &BTreeSet::new());
    }
    if only.is_none() {
        let generated: BTreeSet<String> = jobs
            .iter()
            .map(|j| format!("tests/{}.rs", j.target()))
            .collect();
        scratch.remove_stale("tests", "catalogue_", &generated);
    }
    println!(
        "mlings dev mistakes: building {} graded solutions in {}",
        jobs.len(),
        scratch.root().display()
    );
    let executables = build(&scratch, &jobs)?;
    let verdicts = grade_in_parallel(context, &scratch, &executables, &jobs)?;

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

/// Writes entry `k` of `exercise` and its copy of the grader into the scratch copy.
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
    let learner_path = format!("#[path = \"../{}\"]", exercise.file);
    if !grader.contains(&learner_path) {
        return Err(format!(
            "{} has no `{learner_path}` to point at the solution",
            exercise.test_file()
        ));
    }
    let job = Job {
        exercise,
        kind,
        entry,
        module: format!("{}_{k:02}", kind.word()),
    };
    let [solution_file, grader_file] = job.files();
    let write = |relative: &str, text: &str| {
        scratch
            .write(relative, text)
            .map_err(|error| format!("cannot write {relative} in the scratch copy: {error}"))
    };
    write(&solution_file, &solution)?;
    let pointed = grader.replacen(
        &learner_path,
        &format!("#[path = \"../../{solution_file}\"]"),
        1,
    );
    write(&grader_file, &with_support_paths(root, &pointed))?;
    Ok(job)
}

/// The grader's shared support modules (`mod regression_support;`, a folder or a file in
/// tests/) found from the grader copy's folder, one level below tests/.
fn with_support_paths(root: &Path, grader: &str) -> String {
    let mut out = String::with_capacity(grader.len() + 200);
    let mut previous = "";
    for line in grader.lines() {
        let support = line
            .strip_prefix("mod ")
            .and_then(|rest| rest.strip_suffix(';'))
            .filter(|_| !previous.trim_start().starts_with("#[path"));
        if let Some(name) = support {
            if root.join("tests").join(name).join("mod.rs").is_file() {
                out.push_str(&format!("#[path = \"../{name}/mod.rs\"]\n"));
            } else if root.join("tests").join(format!("{name}.rs")).is_file() {
                out.push_str(&format!("#[path = \"../{name}.rs\"]\n"));
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

/// Builds the catalogue targets; an entry that does not compile is left out of its target
/// and the target built again, until every target builds or its errors belong to no entry.
/// Returns each job's executable, or the errors that kept it from having one.
fn build(
    scratch: &Scratch,
    jobs: &[Job],
) -> Result<Vec<Result<PathBuf, Vec<CompileError>>>, RunnerError> {
    let mut results: Vec<Option<Result<PathBuf, Vec<CompileError>>>> =
        jobs.iter().map(|_| None).collect();
    let mut pending: BTreeSet<String> = jobs.iter().map(Job::target).collect();
    while !pending.is_empty() {
        let mut modules: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, job) in jobs.iter().enumerate() {
            if results[i].is_none() && pending.contains(&job.target()) {
                modules
                    .entry(job.exercise.name.as_str())
                    .or_default()
                    .push(i);
            }
        }
        for indices in modules.values() {
            write_target(scratch, jobs, indices)?;
        }
        let names: Vec<&str> = pending.iter().map(String::as_str).collect();
        let built = compile::build_tests(scratch.root(), &names, Graded::Learner)?;
        let mut again = BTreeSet::new();
        for indices in modules.values() {
            let target = jobs[indices[0]].target();
            match built.executable(&target) {
                Ok(executable) => indices
                    .iter()
                    .for_each(|&i| results[i] = Some(Ok(executable.to_path_buf()))),
                Err(errors) => {
                    let mut blamed = false;
                    for &i in indices {
                        let own = errors_in(&errors, &jobs[i].files());
                        if !own.is_empty() {
                            results[i] = Some(Err(own));
                            blamed = true;
                        }
                    }
                    if blamed {
                        again.insert(target);
                    } else {
                        indices
                            .iter()
                            .for_each(|&i| results[i] = Some(Err(errors.clone())));
                    }
                }
            }
        }
        pending = again;
    }
    Ok(results
        .into_iter()
        .map(|result| result.expect("every job was built or blamed"))
        .collect())
}

/// `tests/catalogue_<exercise>.rs`: one module per job of `indices` (all of one exercise).
fn write_target(scratch: &Scratch, jobs: &[Job], indices: &[usize]) -> Result<(), RunnerError> {
    let target = jobs[indices[0]].target();
    let mut text = format!(
        "//! Generated by `cargo run -- dev mistakes`: the graders of {}'s catalogue.\n",
        jobs[indices[0]].exercise.name
    );
    for &i in indices {
        let module = &jobs[i].module;
        text.push_str(&format!(
            "\n#[path = \"{target}/{module}.rs\"]\nmod {module};\n"
        ));
    }
    let relative = format!("tests/{target}.rs");
    scratch
        .write(&relative, &text)
        .map_err(|source| RunnerError::Cargo {
            root: scratch.root().join(relative),
            source,
        })
}

/// The errors located in one of `files` (scratch-relative; rustc names them through the
/// `#[path]` that led to them, such as `tests/catalogue_e/../../mistaken/e/mistake_01.rs`).
fn errors_in(errors: &[CompileError], files: &[String]) -> Vec<CompileError> {
    errors
        .iter()
        .filter(|error| {
            let file = error.file().unwrap_or("");
            files.iter().any(|own| {
                let own = own.trim_start_matches("tests/");
                file.ends_with(own)
            })
        })
        .cloned()
        .collect()
}

/// Runs the built graders, as many at once as there are cores.
fn grade_in_parallel(
    context: &Context,
    scratch: &Scratch,
    executables: &[Result<PathBuf, Vec<CompileError>>],
    jobs: &[Job],
) -> Result<Vec<Verdict>, RunnerError> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Verdict, RunnerError>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers.min(jobs.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let grader = Grader {
                        root: scratch.root(),
                        graded: Graded::Learner,
                        time_limit: context.time_limit,
                        interrupt: &process::never,
                        scope: Some(&job.module),
                    };
                    let run = match &executables[i] {
                        Ok(executable) => grader.run(job.exercise, executable).map(GradeRun::Ran),
                        Err(errors) => Ok(GradeRun::DoesNotCompile(errors.clone())),
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
        job.files()[0]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support_modules_are_found_from_one_folder_down_and_the_solution_is_left_alone() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let grader = "#[path = \"../../mistaken/lasso/mistake_01.rs\"]\nmod lasso;\n\
                      mod regression_support;\nmod nowhere;\n";
        assert_eq!(
            with_support_paths(root, grader),
            "#[path = \"../../mistaken/lasso/mistake_01.rs\"]\nmod lasso;\n\
             #[path = \"../regression_support/mod.rs\"]\nmod regression_support;\nmod nowhere;\n"
        );
    }

    #[test]
    fn a_compile_error_is_blamed_on_the_entry_whose_file_it_is_in() {
        let error = |file: &str| CompileError {
            location: Some(format!("{file}:3:9")),
            rendered: String::new(),
        };
        let errors = [
            error("tests/catalogue_lasso/../../mistaken/lasso/mistake_01.rs"),
            error("tests/catalogue_lasso/mistake_02.rs"),
            error("src/prep.rs"),
        ];
        let files = |k: usize| {
            [
                format!("mistaken/lasso/mistake_{k:02}.rs"),
                format!("tests/catalogue_lasso/mistake_{k:02}.rs"),
            ]
        };
        assert_eq!(errors_in(&errors, &files(1)), [errors[0].clone()]);
        assert_eq!(errors_in(&errors, &files(2)), [errors[1].clone()]);
        assert!(errors_in(&errors, &files(3)).is_empty());
    }
}
