//! Helpers for the examples: run the learner's code if it is attempted, time things,
//! print aligned tables of results side by side, and gather the tables and plots on one
//! page, `plots/index.html` (see [`show`], [`show_plot`], [`write_page`]).

mod page;

use std::fmt;
use std::time::{Duration, Instant};

use crate::grade::{Unfinished, catch_todo};

pub use page::{PAGE, Page, show, show_plot, write_page};

/// The environment variable naming the file that exists while the learner's code runs
/// (set by `cargo run -- compare`): after a time-out, it tells whose code was running.
pub const LEARNER_MARK: &str = "MLINGS_LEARNER_MARK";

/// Stops an example built without optimizations (a plain `cargo run --example`), whose
/// timings would mean nothing and whose races would run for many minutes, and says how
/// to run it instead.
pub fn require_optimized(exercise: &str) {
    if cfg!(debug_assertions) {
        let example = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .and_then(|stem| stem.split('-').next().map(str::to_string))
            .unwrap_or_else(|| "<example>".into());
        eprintln!(
            "This example was built in the dev profile, without optimizations: its timings \
             would mean nothing and its races would take many minutes. Run it with\n    \
             cargo run -- compare {exercise}\n(or cargo run --release --example {example}, \
             after a release build of every dependency)."
        );
        std::process::exit(2);
    }
}

/// The outcome of running the learner's code in an example.
#[derive(Debug)]
pub enum Run<T> {
    /// It returned, in this time.
    Done(T, Duration),
    /// It still has a `todo!()`.
    NotAttempted,
    /// It panicked (the panic message was already printed above).
    Crashed,
    /// The example did not run it, for this reason (e.g. it was too slow on a smaller
    /// input to be run on a larger one).
    Skipped(String),
}

impl<T> Run<T> {
    /// The value, if the run finished.
    pub fn value(&self) -> Option<&T> {
        match self {
            Run::Done(value, _) => Some(value),
            _ => None,
        }
    }

    /// A table cell for this run: `cell(value)` when done, otherwise the reason.
    pub fn cell(&self, cell: impl FnOnce(&T) -> String) -> String {
        match self {
            Run::Done(value, _) => cell(value),
            Run::NotAttempted => "not attempted".into(),
            Run::Crashed => "crashed".into(),
            Run::Skipped(why) => why.clone(),
        }
    }

    /// The run time as a table cell.
    pub fn time_cell(&self) -> String {
        match self {
            Run::Done(_, time) => seconds(*time),
            _ => "-".into(),
        }
    }
}

impl<T, E: fmt::Display> Run<Result<T, E>> {
    /// A table cell for a run that returns a `Result`: `cell(value)` when it returned
    /// `Ok`, the error when it returned `Err`, otherwise the reason it has no value.
    pub fn ok_cell(&self, cell: impl FnOnce(&T) -> String) -> String {
        self.cell(|result| match result {
            Ok(value) => cell(value),
            Err(error) => format!("error: {error}"),
        })
    }
}

/// Runs (and times) the learner's code, without letting a `todo!()` or a panic stop
/// the example.
pub fn run_learner<T>(f: impl FnOnce() -> T) -> Run<T> {
    let _mark = LearnerMark::new();
    let start = Instant::now();
    match catch_todo(f) {
        Ok(value) => Run::Done(value, start.elapsed()),
        Err(Unfinished::Todo { .. }) => Run::NotAttempted,
        Err(Unfinished::Panic(_)) => Run::Crashed,
    }
}

/// The file named by [`LEARNER_MARK`], present while it lives.
struct LearnerMark(Option<std::path::PathBuf>);

impl LearnerMark {
    fn new() -> Self {
        let path = std::env::var_os(LEARNER_MARK).map(std::path::PathBuf::from);
        if let Some(path) = &path {
            // Best effort: without the mark, a time-out is blamed on the course's code.
            let _ = std::fs::write(path, "");
        }
        LearnerMark(path)
    }
}

impl Drop for LearnerMark {
    fn drop(&mut self) {
        if let Some(path) = &self.0 {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Runs `f` and returns its value and how long it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// The best (shortest) time of `repeats` runs of `f`, and the last value.
pub fn best_of<T>(repeats: usize, mut f: impl FnMut() -> T) -> (T, Duration) {
    let (mut value, mut best) = timed(&mut f);
    for _ in 1..repeats {
        let (v, t) = timed(&mut f);
        value = v;
        best = best.min(t);
    }
    (value, best)
}

/// A duration as seconds with 3 significant digits ("0.0123 s", "1.46 s").
pub fn seconds(time: Duration) -> String {
    let s = time.as_secs_f64();
    if s >= 100.0 {
        format!("{s:.0} s")
    } else if s >= 1.0 {
        format!("{s:.2} s")
    } else {
        let digits = (2 - s.log10().floor() as i32).clamp(3, 8) as usize;
        format!("{s:.digits$} s")
    }
}

/// A plain text table with a header row and left-aligned columns.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column names.
    pub fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (missing cells are blank, extra cells are kept).
    pub fn row(&mut self, cells: Vec<String>) -> &mut Self {
        self.rows.push(cells);
        self
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let columns = self
            .rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0);
        let width = |c: usize| {
            self.rows
                .iter()
                .chain([&self.header])
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..columns).map(width).collect();
        let line = |f: &mut fmt::Formatter<'_>, cells: &[String]| {
            let text: Vec<String> = widths
                .iter()
                .enumerate()
                .map(|(c, w)| format!("{:<w$}", cells.get(c).map_or("", String::as_str)))
                .collect();
            writeln!(f, "{}", text.join("  ").trim_end())
        };
        line(f, &self.header)?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        writeln!(f, "{}", rule.join("  "))?;
        self.rows.iter().try_for_each(|row| line(f, row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns() {
        let mut table = Table::new(&["model", "R²"]);
        table.row(vec!["reference".into(), "0.4526".into()]);
        table.row(vec!["you".into(), "not attempted".into()]);
        let text = table.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "model      R²");
        assert_eq!(lines[1], "---------  -------------");
        assert_eq!(lines[3], "you        not attempted");
    }

    #[test]
    fn learner_runs_are_classified() {
        assert!(matches!(run_learner(|| 3), Run::Done(3, _)));
        assert!(matches!(
            run_learner(|| -> i32 { todo!() }),
            Run::NotAttempted
        ));
        assert_eq!(
            run_learner(|| -> i32 { todo!() }).cell(|v| v.to_string()),
            "not attempted"
        );
    }

    #[test]
    fn the_learner_mark_exists_only_while_the_learner_code_runs() {
        let mark = std::env::temp_dir().join(format!("mlings-mark-{}", std::process::id()));
        // SAFETY: no other test reads or writes this variable.
        unsafe { std::env::set_var(LEARNER_MARK, &mark) };
        let seen = run_learner(|| mark.exists());
        unsafe { std::env::remove_var(LEARNER_MARK) };
        assert!(matches!(seen, Run::Done(true, _)));
        assert!(!mark.exists());
    }

    #[test]
    fn seconds_keep_three_significant_digits() {
        assert_eq!(seconds(Duration::from_millis(1460)), "1.46 s");
        assert_eq!(seconds(Duration::from_micros(12_345)), "0.0123 s");
        assert_eq!(seconds(Duration::from_millis(250)), "0.250 s");
    }
}
