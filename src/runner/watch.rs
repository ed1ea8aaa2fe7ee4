//! `cargo run -- watch`: re-grade the current exercise on every save of its file, move on
//! when a save makes it pass; keys for a hint, the list, a check, the next exercise,
//! quitting. An exercise that already passes when watch opens it stays open, so that the
//! learner can refactor it.
//!
//! Saves are seen by polling the file (its size and modification time, then a content
//! hash): nothing to install, and editors that save by writing a new file and renaming it
//! over the old one are seen like any other save. A save is graded once the content has
//! stopped changing (debounced); a save during a grading stops that grading.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, SystemTime};

use super::check::grade_and_report;
use super::fingerprint;
use super::overview::{progress_bar, table};
use super::state::State;
use super::terminal::{Key, Keys};
use super::{Context, RunnerError, hint, progress};
use mlings::manifest::Exercise;

/// How often the file and the keys are looked at.
const POLL: Duration = Duration::from_millis(25);
/// How long a saved file must stay untouched before it is graded.
const SETTLE: Duration = Duration::from_millis(30);

/// What woke watch mode up.
enum Event {
    Saved,
    Key(Key),
}

/// Watches until the learner quits or every exercise is solved.
pub fn run(context: &Context, name: Option<&str>) -> Result<bool, RunnerError> {
    let keys = Keys::start();
    let mut exercise = context.exercise(name)?;
    let mut clear = false;
    // Whether the open exercise passed at its first grading (`None` before it): only one
    // that did not moves on when a save makes it pass; one that did stays for refactoring.
    let mut passed_when_opened: Option<bool> = None;
    loop {
        let file = RefCell::new(FileWatch::new(context.root().join(&exercise.file)));
        if clear && keys.single {
            print!("\x1b[2J\x1b[H");
        }
        let pending = RefCell::new(Vec::new());
        let quit = Cell::new(false);
        let interrupt = || {
            while let Some(key) = keys.next() {
                quit.set(quit.get() || key == Key::Quit);
                pending.borrow_mut().push(key);
            }
            quit.get() || file.borrow_mut().saved()
        };
        file.borrow_mut().mark_graded();
        let (status, next) = match grade_and_report(context, exercise, &interrupt) {
            Err(RunnerError::Interrupted) if quit.get() => return Ok(true),
            Err(RunnerError::Interrupted) => {
                println!("\nYou saved again: grading the new version.");
                settle(&file.borrow().path);
                clear = false;
                continue;
            }
            other => other?,
        };
        let opened_solved = *passed_when_opened.get_or_insert(status.is_solved());
        match (status.is_solved(), opened_solved, next) {
            (true, false, None) => return Ok(true),
            (true, false, Some(next)) => {
                println!("\nMoving on to {}: {}\n", next.name, next.title);
                exercise = next;
                clear = false;
                passed_when_opened = None;
                continue;
            }
            (_, true, _) => println!(
                "\n{} already passed when watch opened it: it stays open, graded on every \
                 save, so you can refactor it. Press n for the next exercise.",
                exercise.name
            ),
            (false, false, _) => {}
        }
        // Keys pressed during the grading come first.
        let mut pending: VecDeque<Key> = pending.into_inner().into();
        let mut file = file.into_inner();
        print_keys(&keys, exercise);
        loop {
            let event = match pending.pop_front() {
                Some(key) => Event::Key(key),
                None => wait(&keys, &mut file),
            };
            match event {
                Event::Saved | Event::Key(Key::Check) => break,
                Event::Key(Key::Quit) => return Ok(true),
                Event::Key(Key::Hint) => {
                    let shown = hint::reveal(context, exercise, false);
                    println!("\n{}", hint::hints_text(exercise, shown, "press h"));
                }
                Event::Key(Key::List) => print_list(context)?,
                Event::Key(Key::Next) => {
                    let state = State::load(context.root());
                    match progress::next_unsolved(context, &state, &exercise.name) {
                        Some(next) => {
                            println!("\nOn to {}: {}\n", next.name, next.title);
                            exercise = next;
                            passed_when_opened = None;
                            break;
                        }
                        None => println!("\nEvery other exercise is solved."),
                    }
                }
            }
            print_keys(&keys, exercise);
        }
        clear = true;
    }
}

/// Waits for a save or a key.
fn wait(keys: &Keys, file: &mut FileWatch) -> Event {
    loop {
        if let Some(key) = keys.next() {
            return Event::Key(key);
        }
        if file.saved() {
            settle(&file.path);
            return Event::Saved;
        }
        thread::sleep(POLL);
    }
}

/// Waits until the file has been left alone for a moment (an editor may write it in
/// pieces, or remove it before renaming the new version in); at most a second or two.
fn settle(path: &Path) {
    for _ in 0..60 {
        let Ok(modified) = std::fs::metadata(path).and_then(|m| m.modified()) else {
            thread::sleep(SETTLE);
            continue;
        };
        // A time in the future (another clock) is no reason to wait.
        let untouched = SystemTime::now().duration_since(modified).unwrap_or(SETTLE);
        if untouched >= SETTLE {
            return;
        }
        thread::sleep(SETTLE - untouched);
    }
}

fn print_keys(keys: &Keys, exercise: &Exercise) {
    let how = if keys.single {
        ""
    } else {
        " (type the letter, then Enter)"
    };
    println!(
        "\nWatching {} for changes. Keys{how}: h hint, l list, c check again, n next \
         exercise, q quit.",
        exercise.file
    );
}

fn print_list(context: &Context) -> Result<(), RunnerError> {
    let statuses = progress::statuses(context)?;
    let current = progress::current(context, &State::load(context.root()));
    let index = context
        .course
        .exercises
        .iter()
        .position(|e| e.name == current.name);
    let solved = statuses.iter().filter(|s| s.is_solved()).count();
    println!("\n{}", table(context, &statuses, index));
    println!("{}", progress_bar(solved, statuses.len()));
    Ok(())
}

/// A file watched by polling.
struct FileWatch {
    path: PathBuf,
    /// Size and modification time when last looked at.
    seen: Option<(u64, SystemTime)>,
    /// Content hash of the version last graded.
    graded: Option<String>,
}

impl FileWatch {
    fn new(path: PathBuf) -> FileWatch {
        FileWatch {
            path,
            seen: None,
            graded: None,
        }
    }

    fn signature(&self) -> Option<(u64, SystemTime)> {
        let metadata = std::fs::metadata(&self.path).ok()?;
        Some((metadata.len(), metadata.modified().ok()?))
    }

    /// The version about to be graded.
    fn mark_graded(&mut self) {
        self.seen = self.signature();
        self.graded = fingerprint::of_file(&self.path);
    }

    /// Has the file been saved with a content other than the graded one? Cheap when it
    /// has not been touched: only its size and time are read. A file missing for a moment
    /// (an editor replacing it) is not a save.
    fn saved(&mut self) -> bool {
        let signature = self.signature();
        if signature == self.seen {
            return false;
        }
        self.seen = signature;
        let content = fingerprint::of_file(&self.path);
        content.is_some() && content != self.graded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::temp_dir::TempDir;

    #[test]
    fn saves_are_seen_by_content_including_a_save_by_rename() {
        let dir = TempDir::new("watch");
        dir.write("e.rs", "fn f() { todo!() }");
        let mut file = FileWatch::new(dir.path().join("e.rs"));
        file.mark_graded();
        assert!(!file.saved(), "nothing happened");

        dir.write("e.rs", "fn f() { todo!() }");
        assert!(!file.saved(), "same content written again");

        // An editor writing a new file, then renaming it over the old one.
        dir.write("e.rs.swp", "fn f() {}");
        std::fs::remove_file(dir.path().join("e.rs")).unwrap();
        assert!(!file.saved(), "gone for a moment");
        std::fs::rename(dir.path().join("e.rs.swp"), dir.path().join("e.rs")).unwrap();
        assert!(file.saved());

        file.mark_graded();
        assert!(!file.saved());
    }
}
