//! The learner's progress: one small TOML file in the course root (git-ignored).
//!
//! It holds the current exercise, how many hints of each exercise were shown, and the
//! last grading result of each exercise with the content hash it was computed for.
//! Deleting it loses nothing but the cache and the hint counters.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use super::status::Status;

/// The state file, relative to the course root.
pub const STATE_FILE: &str = ".mlings-state.toml";

const HEADER: &str = "# mlings progress: the current exercise, hints shown, cached results.\n\
                      # Safe to delete: you lose only the cache and the hint counters.\n\n";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// The exercise the learner is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// The exercise last shown to the learner in full (the overview's next one, or one
    /// they checked or watched): the one a bare `hint` is about. It differs from
    /// `current` once a pass has moved on to an exercise not opened yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened: Option<String>,
    /// Hints shown so far, per exercise.
    #[serde(default)]
    pub hints: BTreeMap<String, usize>,
    /// The last grading result per exercise.
    #[serde(default)]
    pub results: BTreeMap<String, CachedResult>,
}

/// A grading result and the content hash of the files it was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedResult {
    pub fingerprint: String,
    #[serde(flatten)]
    pub status: Status,
}

/// The status `results` hold for `exercise`, if it was computed for these file contents.
pub fn cached_in(
    results: &BTreeMap<String, CachedResult>,
    exercise: &str,
    fingerprint: &str,
) -> Option<Status> {
    results
        .get(exercise)
        .filter(|r| r.fingerprint == fingerprint)
        .map(|r| r.status)
}

/// The state file cannot be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot save your progress to {}: {source}", path.display())]
pub struct StateError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

impl State {
    /// Reads the state of the course at `root`. A missing file is a fresh start; an
    /// unreadable one is reported on stderr (once, however often a command reads it) and
    /// replaced on the next save.
    pub fn load(root: &Path) -> State {
        let path = root.join(STATE_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return State::default(),
            Err(error) => {
                warn_once(&format!("ignoring {}: {error}", path.display()));
                return State::default();
            }
        };
        toml::from_str(&text).unwrap_or_else(|error| {
            warn_once(&format!(
                "ignoring {} (it is not valid: {}); it will be rewritten.",
                path.display(),
                error.message()
            ));
            State::default()
        })
    }

    /// Writes the state (to a temporary file first, so a crash never leaves half a file).
    pub fn save(&self, root: &Path) -> Result<(), StateError> {
        let path = root.join(STATE_FILE);
        let temporary = root.join(format!("{STATE_FILE}.tmp"));
        toml::to_string(self)
            .map_err(std::io::Error::other)
            .and_then(|text| std::fs::write(&temporary, format!("{HEADER}{text}")))
            .and_then(|()| std::fs::rename(&temporary, &path))
            .map_err(|source| StateError { path, source })
    }

    /// Loads the latest state, applies `change` and saves it: another runner (a `hint`
    /// while `watch` runs) may have written in between. The state is only a cache and
    /// counters, so a failure to save is a warning, never a reason to stop.
    pub fn update<T>(root: &Path, change: impl FnOnce(&mut State) -> T) -> T {
        let mut state = State::load(root);
        let value = change(&mut state);
        if let Err(error) = state.save(root) {
            eprintln!("warning: {error}");
        }
        value
    }

    /// The cached status of `exercise`, if it was computed for these file contents.
    pub fn cached(&self, exercise: &str, fingerprint: &str) -> Option<Status> {
        cached_in(&self.results, exercise, fingerprint)
    }

    pub fn remember(&mut self, exercise: &str, fingerprint: String, status: Status) {
        self.results.insert(
            exercise.to_string(),
            CachedResult {
                fingerprint,
                status,
            },
        );
    }

    pub fn hints_shown(&self, exercise: &str) -> usize {
        self.hints.get(exercise).copied().unwrap_or(0)
    }
}

/// Prints a warning about the state file, the first time only: a command reads the file
/// several times, and the learner needs to read the warning once.
fn warn_once(warning: &str) {
    static WARNED: AtomicBool = AtomicBool::new(false);
    if !WARNED.swap(true, Ordering::Relaxed) {
        eprintln!("warning: {warning}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::temp_dir::TempDir;

    #[test]
    fn the_state_survives_a_round_trip() {
        let root = TempDir::new("state");
        assert_eq!(State::load(root.path()), State::default(), "no file yet");
        let mut state = State {
            current: Some("gradient_descent".into()),
            ..State::default()
        };
        state.hints.insert("statistics".into(), 2);
        state.remember("statistics", "00ff".into(), Status::Solved { checks: 14 });
        state.remember(
            "gradient_descent",
            "0a0b".into(),
            Status::Failing {
                passed: 3,
                checks: 9,
            },
        );
        state.remember("kmeans", "0c".into(), Status::DoesNotCompile);
        state.save(root.path()).unwrap();
        let text = root.read(STATE_FILE);
        assert!(text.starts_with("# mlings progress"), "{text}");
        assert!(
            text.contains(
                "[results.statistics]\nfingerprint = \"00ff\"\nstatus = \"solved\"\nchecks = 14"
            ),
            "{text}"
        );
        assert_eq!(State::load(root.path()), state);
    }

    #[test]
    fn the_cache_answers_only_for_the_same_contents() {
        let mut state = State::default();
        state.remember(
            "statistics",
            "00ff".into(),
            Status::NotAttempted { checks: 14 },
        );
        assert_eq!(
            state.cached("statistics", "00ff"),
            Some(Status::NotAttempted { checks: 14 })
        );
        assert_eq!(state.cached("statistics", "0100"), None);
        assert_eq!(state.cached("kmeans", "00ff"), None);
    }

    #[test]
    fn a_damaged_file_is_a_fresh_start_and_update_rewrites_it() {
        let root = TempDir::new("state-damaged");
        root.write(STATE_FILE, "current = [unclosed");
        assert_eq!(State::load(root.path()), State::default());
        State::update(root.path(), |s| s.hints.insert("statistics".into(), 1));
        assert_eq!(State::load(root.path()).hints_shown("statistics"), 1);
        assert!(!root.path().join(format!("{STATE_FILE}.tmp")).exists());
    }
}
