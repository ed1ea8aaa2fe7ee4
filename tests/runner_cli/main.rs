//! The runner end to end, without a terminal: the `mlings` binary drives a copy of the
//! course (its first two exercises) in `target/mlings-course-copy/`.
//!
//! The copy builds into the real target folder (`CARGO_TARGET_DIR`), so the dependencies
//! are reused; only the mlings crate of the copy is compiled, the first time. The copy
//! keeps its path and its unchanged files keep their times, so later runs recompile
//! nothing but what a test edits. The tests take turns on the one copy.

mod course_copy;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use course_copy::{CourseCopy, STATISTICS};

/// The outcome of one `mlings` command.
struct Ran {
    success: bool,
    stdout: String,
    stderr: String,
}

impl Ran {
    fn shows(&self, text: &str) -> &Self {
        assert!(
            self.stdout.contains(text),
            "expected {text:?} in the output:\n{}\n--- stderr ---\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// How many checks the statistics grader has.
fn checks(copy: &CourseCopy) -> usize {
    copy.read("tests/statistics.rs").matches("#[test]").count()
}

fn mlings(copy: &CourseCopy, args: &[&str]) -> Ran {
    let output = copy
        .command(args)
        .stdin(Stdio::null())
        .output()
        .expect("cannot run mlings");
    Ran {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn solving_an_exercise_shows_in_the_overview_the_list_and_unlocks_its_solution() {
    let copy = CourseCopy::fresh();
    let first = mlings(&copy, &[]);
    assert!(first.success, "{}", first.stderr);
    assert!(
        first
            .stderr
            .contains("Grading 1 exercise (the first time, compiling"),
        "{}",
        first.stderr
    );
    first
        .shows("statistics        not attempted")
        .shows("gradient_descent  not attempted")
        .shows("0/2 solved")
        .shows("file:  exercises/01_foundations/statistics.rs")
        .shows("cargo run -- check statistics");
    assert!(
        copy.read(".mlings-state.toml")
            .contains("[results.statistics]")
    );

    let cached = mlings(&copy, &[]);
    assert_eq!(cached.stdout, first.stdout);
    assert!(
        !cached.stderr.contains("Grading"),
        "an unchanged course is not graded again: {}",
        cached.stderr
    );

    let locked = mlings(&copy, &["solution", "statistics"]);
    assert!(!locked.success);
    locked.shows("unlocks once your solution passes (now: not attempted)");

    copy.solve("statistics");
    let check = mlings(&copy, &["check", "statistics"]);
    assert!(check.success, "{}", check.stdout);
    check
        .shows("✓ covariance_matrix_of_wine")
        .shows(&format!(
            "✓ statistics is solved: all {n} checks pass!",
            n = checks(&copy)
        ))
        .shows("  In practice: Summary statistics are the first look at any dataset")
        .shows("Next: gradient_descent");

    let after = mlings(&copy, &[]);
    after
        .shows(&format!(
            "statistics        solved ({n} of {n} checks)",
            n = checks(&copy)
        ))
        .shows("1/2 solved")
        .shows("Next: Gradient descent");
    assert!(
        !after.stderr.contains("Grading") && !after.stderr.contains("first time"),
        "{}",
        after.stderr
    );

    let list = mlings(&copy, &["list", "--json"]);
    let entries: serde_json::Value = serde_json::from_str(&list.stdout).expect(&list.stdout);
    assert_eq!(entries[0]["status"], "solved");
    assert_eq!(entries[0]["checks"], checks(&copy));
    assert_eq!(entries[1]["status"], "not_attempted");
    assert_eq!(entries[1]["current"], true);
    mlings(&copy, &["list"]).shows(&format!(
        "1  statistics        solved         {n}/{n}",
        n = checks(&copy)
    ));

    let solution = mlings(&copy, &["solution", "statistics"]);
    assert!(solution.success);
    solution.shows("pub fn covariance_matrix(");
    let forced = mlings(&copy, &["solution", "gradient_descent", "--force"]);
    assert!(forced.success);
    forced.shows("pub fn minimize(");
}

#[test]
fn a_wrong_answer_a_compile_error_and_an_infinite_loop_are_each_explained() {
    let copy = CourseCopy::fresh();
    copy.solve("statistics");
    let solved = copy.read(STATISTICS);

    copy.write(
        STATISTICS,
        &solved.replace("Ok(x.sum() / x.len() as f64)", "Ok(x.sum())"),
    );
    let wrong = mlings(&copy, &["check", "statistics"]);
    assert!(!wrong.success);
    wrong
        .shows("✗ mean_of_a_hand_worked_case\n    mean of [2, 4, 4, 4, 5, 5, 7, 9]: wrong value")
        .shows("likely mistake: you returned the sum")
        .shows("✓ mean_of_nothing_is_an_error");
    assert!(!wrong.stdout.contains("test result:"), "no cargo noise");

    copy.write(
        STATISTICS,
        &solved.replace("Ok(x.sum() / x.len() as f64)", "Ok(x.sum() / x.len())"),
    );
    let line = solved
        .lines()
        .position(|l| l.contains("Ok(x.sum() / x.len() as f64)"))
        .unwrap()
        + 1;
    let broken = mlings(&copy, &["check", "statistics"]);
    assert!(!broken.success);
    broken
        .shows("statistics does not compile")
        .shows(&format!("exercises/01_foundations/statistics.rs:{line}:"))
        .shows("cannot divide `f64` by `usize`");
    mlings(&copy, &[]).shows("statistics        does not compile");

    copy.write(
        STATISTICS,
        &solved.replace("Ok(x.sum() / x.len() as f64)", "loop {}"),
    );
    std::fs::remove_file(copy.path(".mlings-state.toml")).unwrap();
    let start = Instant::now();
    let stuck = mlings(&copy, &["--timeout", "2", "check", "statistics"]);
    assert!(!stuck.success);
    stuck
        .shows("⧗ mean_of_a_hand_worked_case: unfinished when the run was stopped after 2 s")
        .shows("Stopped after 2 s")
        .shows("✓ covariance_matrix_by_hand");
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "the loop was stopped"
    );
    let after = mlings(&copy, &["check", "gradient_descent"]);
    after.shows("gradient_descent is not attempted yet");
    let state = copy.read(".mlings-state.toml");
    assert!(
        !state.contains("[results.statistics]"),
        "a stopped run is not cached:\n{state}"
    );
}

#[test]
fn hints_come_one_more_each_time_and_are_remembered() {
    let copy = CourseCopy::fresh();
    let unopened = mlings(&copy, &["hint"]);
    assert!(!unopened.success);
    unopened.shows("You have not opened one yet");
    assert!(
        !copy.path(".mlings-state.toml").exists(),
        "no hint was spent"
    );
    copy.write(".mlings-state.toml", "current = [unclosed");
    let damaged = mlings(&copy, &["hint", "statistics"]);
    assert_eq!(
        damaged.stderr.matches("warning:").count(),
        1,
        "the warning once: {}",
        damaged.stderr
    );
    std::fs::remove_file(copy.path(".mlings-state.toml")).unwrap();
    mlings(&copy, &["hint", "statistics"])
        .shows("1/3. Start with mean")
        .shows("Ask again for hint 2 of 3");
    let second = mlings(&copy, &["hint"]);
    second
        .shows("2/3. Variance")
        .shows("Ask again for hint 3 of 3");
    assert!(second.stdout.contains("1/3."), "earlier hints stay visible");
    mlings(&copy, &["hint", "statistics"]).shows("That was the last hint");
    mlings(&copy, &["hint", "gradient_descent", "--all"]).shows("3/3. numerical_gradient");
    std::fs::remove_file(copy.path(".mlings-state.toml")).unwrap();
    let forgotten = mlings(&copy, &["hint", "statistics"]);
    assert!(!forgotten.stdout.contains("2/3."), "{}", forgotten.stdout);

    let unknown = mlings(&copy, &["hint", "statistic"]);
    assert!(!unknown.success);
    assert!(
        unknown
            .stderr
            .contains("no exercise named \"statistic\"; did you mean statistics?"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn reset_saves_the_learners_file_then_restores_the_skeleton() {
    let copy = CourseCopy::fresh();
    let skeleton = copy.read(STATISTICS);
    copy.write(STATISTICS, "// my work in progress\n");
    let unconfirmed = mlings(&copy, &["reset", "statistics"]);
    assert!(!unconfirmed.success);
    unconfirmed.shows("pass --yes to confirm");
    assert_eq!(copy.read(STATISTICS), "// my work in progress\n");

    let reset = mlings(&copy, &["reset", "statistics", "--yes"]);
    assert!(reset.success, "{}\n{}", reset.stdout, reset.stderr);
    reset.shows("Saved your file to .mlings-backups/statistics-");
    assert_eq!(copy.read(STATISTICS), skeleton);
    let backup = reset
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Saved your file to "))
        .unwrap();
    assert_eq!(copy.read(backup), "// my work in progress\n");
    mlings(&copy, &["reset", "statistics", "--yes"]).shows("nothing to reset");
}

/// Lines printed by a running `mlings`, as they come.
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let (send, lines) = mpsc::channel();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    lines
}

/// Reads lines until one contains `text`; fails after a generous wait.
fn wait_for(lines: &mpsc::Receiver<String>, text: &str, seen: &mut Vec<String>) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) => {
                let found = line.contains(text);
                seen.push(line);
                if found {
                    return;
                }
            }
            Err(_) => break,
        }
    }
    panic!(
        "watch never printed {text:?}; it printed:\n{}",
        seen.join("\n")
    );
}

#[test]
fn watch_regrades_on_save_moves_on_when_solved_and_takes_keys_as_lines() {
    let copy = CourseCopy::fresh();
    let mut watch = copy
        .command(&["watch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(&mut watch);
    let mut keys = watch.stdin.take().unwrap();
    let mut seen = Vec::new();
    wait_for(&lines, "statistics is not attempted yet", &mut seen);
    wait_for(&lines, "type the letter, then Enter", &mut seen);

    // Saved the way some editors do: a new file renamed over the old one.
    let solved = copy.solution_of("statistics");
    copy.write(
        "exercises/01_foundations/.statistics.rs.swp",
        &solved.replace("Ok(x.sum() / x.len() as f64)", "Ok(x.sum())"),
    );
    std::fs::rename(
        copy.path("exercises/01_foundations/.statistics.rs.swp"),
        copy.path(STATISTICS),
    )
    .unwrap();
    wait_for(&lines, "✗ mean_of_a_hand_worked_case", &mut seen);
    wait_for(&lines, "checks pass. Stuck?", &mut seen);

    writeln!(keys, "h").unwrap();
    wait_for(&lines, "1/3. Start with mean", &mut seen);
    wait_for(&lines, "Ask again for hint 2 of 3: press h", &mut seen);

    copy.write(STATISTICS, &solved);
    wait_for(&lines, "✓ statistics is solved", &mut seen);
    wait_for(&lines, "Moving on to gradient_descent", &mut seen);
    wait_for(&lines, "gradient_descent is not attempted yet", &mut seen);

    quit(watch, keys, &seen);

    // An exercise that passes already stays open, until n.
    let mut watch = copy
        .command(&["watch", "statistics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(&mut watch);
    let mut keys = watch.stdin.take().unwrap();
    let mut seen = Vec::new();
    wait_for(
        &lines,
        "statistics already passed when watch opened it",
        &mut seen,
    );
    wait_for(&lines, "type the letter, then Enter", &mut seen);
    writeln!(keys, "n").unwrap();
    wait_for(&lines, "On to gradient_descent", &mut seen);
    wait_for(&lines, "gradient_descent is not attempted yet", &mut seen);
    quit(watch, keys, &seen);
}

/// Quits a running watch with q; it must exit with success.
fn quit(mut watch: Child, mut keys: std::process::ChildStdin, seen: &[String]) {
    writeln!(keys, "q").unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = watch.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = watch.kill();
            panic!("watch did not quit on q:\n{}", seen.join("\n"));
        }
        thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success());
}

#[test]
fn every_command_has_help_and_bad_arguments_are_explained() {
    let copy = CourseCopy::fresh();
    for command in [
        "check", "hint", "watch", "compare", "reset", "solution", "list", "dev",
    ] {
        let help = mlings(&copy, &[command, "--help"]);
        assert!(
            help.success && help.stdout.contains("Usage: mlings"),
            "{command}"
        );
    }
    let bad = mlings(&copy, &["--timeout", "never", "check"]);
    assert!(!bad.success);
    assert!(
        bad.stderr.contains("is not a positive number of seconds"),
        "{}",
        bad.stderr
    );
    let compare = mlings(&copy, &["compare", "kmeans"]);
    assert!(!compare.success);
    assert!(
        compare.stderr.contains("no exercise named \"kmeans\""),
        "{}",
        compare.stderr
    );
}

/// The line of the statistics reference that computes the mean, which the tests below
/// replace with misbehaving code.
const MEAN: &str = "Ok(x.sum() / x.len() as f64)";

/// Solves statistics, with `code` run first whenever `mean` is called on the 8 values of
/// the hand-worked case.
fn solve_statistics_but(copy: &CourseCopy, code: &str) {
    let solved = copy.solution_of("statistics");
    assert!(solved.contains(MEAN));
    let misbehaving = format!("{{ if x.len() == 8 {{ {code} }} {MEAN} }}");
    copy.write(STATISTICS, &solved.replace(MEAN, &misbehaving));
}

/// `code` with `pub fn name(` renamed `name_unguarded(`, behind a new `pub fn name` with
/// `signature` that runs `body`, then calls `name_unguarded` with the arguments `call`.
fn guarded(code: &str, name: &str, signature: &str, body: &str, call: &str) -> String {
    code.replace(
        &format!("pub fn {name}("),
        &format!(
            "pub fn {name}{signature} {{ {body} {name}_unguarded{call} }}\nfn {name}_unguarded("
        ),
    )
}

#[test]
fn a_verdict_counts_only_when_every_check_reported_one() {
    let copy = CourseCopy::fresh();
    // One file, four ways to end the grader early or loudly: `mean` of the 8 values of
    // the hand-worked case exits, `standardize` of wine overflows the stack, `pearson` of
    // iris panics in a rayon worker (which aborts), `covariance_matrix` of wine panics.
    let solved = copy.solution_of("statistics");
    let file = guarded(
        &solved,
        "standardize",
        "(x: ArrayView2<f64>) -> Result<Array2<f64>, StatsError>",
        "if x.nrows() > 100 { deeper(0); }",
        "(x)",
    );
    let file = guarded(
        &file,
        "pearson",
        "(x: ArrayView1<f64>, y: ArrayView1<f64>) -> Result<f64, StatsError>",
        "if x.len() == 150 { rayon::spawn(|| panic!(\"a worker failed\")); \
         loop { std::thread::sleep(std::time::Duration::from_millis(5)); } }",
        "(x, y)",
    );
    let file = guarded(
        &file,
        "covariance_matrix",
        "(x: ArrayView2<f64>) -> Result<Array2<f64>, StatsError>",
        "if x.nrows() > 100 { panic!(\"too many rows: {}\", x.nrows()) }",
        "(x)",
    );
    let file = format!(
        "{}\nfn deeper(n: u64) -> u64 {{ if n == u64::MAX {{ 0 }} else {{ deeper(n + 1) + 1 }} }}\n",
        file.replace(
            MEAN,
            &format!("{{ if x.len() == 8 {{ std::process::exit(0); }} {MEAN} }}")
        )
    );
    let line = file
        .lines()
        .position(|l| l.contains("too many rows"))
        .unwrap()
        + 1;
    copy.write(STATISTICS, &file);
    let ended = mlings(&copy, &["check", "statistics"]);
    assert!(!ended.success, "{}", ended.stdout);
    ended
        .shows("✗ mean_of_a_hand_worked_case\n    no verdict: the grader ended (exit code 0)")
        .shows("does your code call std::process::exit?")
        .shows("✓ mean_of_nothing_is_an_error")
        .shows("✗ standardized_wine_columns_have_mean_0_and_std_1\n    no verdict: your code overflowed the stack")
        .shows("✗ pearson_of_iris_petal_length_and_width\n    no verdict: the grader aborted")
        .shows("your code panicked at exercises/01_foundations/statistics.rs:")
        .shows(": a worker failed")
        .shows("✓ covariance_matrix_by_hand")
        .shows(&format!(
            "✗ covariance_matrix_of_wine\n    your code panicked at {STATISTICS}:{line}: too many rows: 178"
        ))
        .shows(&format!("of {} checks never reported a verdict", checks(&copy)));
    assert!(!ended.stdout.contains("is solved"), "{}", ended.stdout);
    assert!(
        !ended.stdout.contains("stack backtrace"),
        "{}",
        ended.stdout
    );
    assert!(!mlings(&copy, &["solution", "statistics"]).success);
}

#[test]
fn a_file_changed_while_graded_or_using_its_own_reference_is_not_solved() {
    let copy = CourseCopy::fresh();
    let skeleton = copy.read(STATISTICS);
    copy.write("skeleton.orig", &skeleton);
    solve_statistics_but(
        &copy,
        "let root = env!(\"CARGO_MANIFEST_DIR\"); \
         let _ = std::fs::copy(format!(\"{root}/skeleton.orig\"), \
         format!(\"{root}/exercises/01_foundations/statistics.rs\"));",
    );
    mlings(&copy, &["check", "statistics"]).shows("✓ statistics is solved");
    assert_eq!(
        copy.read(STATISTICS),
        skeleton,
        "the graded code reverted its file"
    );
    let state = copy.read(".mlings-state.toml");
    assert!(
        !state.contains("[results.statistics]"),
        "a result is cached only for the version graded:\n{state}"
    );

    copy.write(STATISTICS, "pub use mlings::reference::statistics::*;\n");
    let borrowed = mlings(&copy, &["check", "statistics"]);
    assert!(!borrowed.success);
    borrowed
        .shows("✓ covariance_matrix_of_wine")
        .shows(&format!(
            "statistics is not solved: its {} checks pass, but",
            checks(&copy)
        ))
        .shows(&format!(
            "{STATISTICS}:1 uses the course's reference of statistics"
        ));
    let list = mlings(&copy, &["list", "--json"]);
    let entries: serde_json::Value = serde_json::from_str(&list.stdout).expect(&list.stdout);
    assert_eq!(entries[0]["status"], "uses_reference");
    assert!(!mlings(&copy, &["solution", "statistics"]).success);
}

#[test]
fn a_flood_of_output_is_cut_without_losing_a_verdict() {
    let copy = CourseCopy::fresh();
    let solved = copy.solution_of("statistics");
    let flood = "{ if x.len() == 8 { for i in 0..200_000 { println!(\"loss at step {i}: 0.25\"); } } \
                 Ok(x.sum()) }";
    copy.write(STATISTICS, &solved.replace(MEAN, flood));
    let flooded = mlings(&copy, &["check", "statistics"]);
    assert!(!flooded.success);
    flooded
        .shows("✗ mean_of_a_hand_worked_case\n    loss at step 0: 0.25")
        .shows("more lines (the whole output: cargo test --test statistics)")
        .shows("✓ covariance_matrix_of_wine")
        .shows("Output truncated: the grader printed more than 1 MB")
        .shows(&format!("of {} checks pass", checks(&copy)));
    assert!(
        flooded.stdout.len() < 64 * 1024,
        "{} bytes shown",
        flooded.stdout.len()
    );
}

/// Whether process `pid` has ended (or is a zombie), waiting a little for it.
#[cfg(target_os = "linux")]
fn ended(pid: &str) -> bool {
    (0..500).any(|_| {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let gone = stat.is_empty()
            || stat
                .rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z');
        if !gone {
            thread::sleep(Duration::from_millis(10));
        }
        gone
    })
}

#[cfg(target_os = "linux")]
#[test]
fn a_grader_and_what_it_started_end_at_the_time_limit_and_with_the_runner() {
    let copy = CourseCopy::fresh();
    let _ = std::fs::remove_file(copy.path("pids"));
    solve_statistics_but(
        &copy,
        "let root = env!(\"CARGO_MANIFEST_DIR\"); \
         let child = std::process::Command::new(\"sleep\").arg(\"600\") \
             .stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()) \
             .spawn().unwrap(); \
         let _ = std::fs::write(format!(\"{root}/pids.tmp\"), \
             format!(\"{} {}\", std::process::id(), child.id())); \
         let _ = std::fs::rename(format!(\"{root}/pids.tmp\"), format!(\"{root}/pids\")); \
         loop { std::hint::black_box(0); }",
    );
    let pids = || {
        let path = copy.path("pids");
        let deadline = Instant::now() + Duration::from_secs(300);
        while !path.exists() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(20));
        }
        let text = std::fs::read_to_string(&path).expect("the grader started");
        std::fs::remove_file(&path).unwrap();
        text.split(' ').map(str::to_string).collect::<Vec<_>>()
    };

    let stopped = mlings(&copy, &["--timeout", "1", "check", "statistics"]);
    stopped.shows("Stopped after 1 s");
    for pid in pids() {
        assert!(ended(&pid), "process {pid} outlived the time limit");
    }

    let mut runner = copy
        .command(&["check", "statistics"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = pids();
    let id = libc::pid_t::try_from(runner.id()).unwrap();
    // SAFETY: kill has no memory-safety preconditions.
    assert_eq!(unsafe { libc::kill(id, libc::SIGTERM) }, 0);
    runner.wait().unwrap();
    for pid in started {
        assert!(ended(&pid), "process {pid} outlived the runner");
    }
}
