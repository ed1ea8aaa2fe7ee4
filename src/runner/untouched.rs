//! What every untouched skeleton scores, shipped with the course in
//! `exercises/untouched.toml`, so that the first `cargo run` of a fresh clone need not
//! compile every grader to show a list that says "not attempted" 45 times.
//!
//! Each entry is a cached result like the state file's: the status, and the fingerprint
//! of the grader and the skeleton it was computed for. An edited file has another
//! fingerprint, so the entry no longer applies and the exercise is graded. `dev check`
//! grades every skeleton anyway; it rewrites the file when it is out of date and fails
//! until the new one is committed, so the shipped entries are always ones it proved.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::state::{CachedResult, cached_in};
use super::status::Status;

/// The file, relative to the course root.
pub const FILE: &str = "exercises/untouched.toml";

const HEADER: &str = "# What each untouched skeleton scores with its grader, so that a fresh clone's\n\
                      # first `cargo run` need not compile every grader. Written and proved by\n\
                      # `cargo run -- dev check`; an edited exercise is graded as usual.\n\n";

/// The shipped results, by exercise name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Untouched {
    #[serde(flatten)]
    pub results: BTreeMap<String, CachedResult>,
}

impl Untouched {
    /// The shipped results of the course at `root`; none when the file is missing or
    /// unreadable (then every exercise is graded, as without it).
    pub fn load(root: &Path) -> Untouched {
        std::fs::read_to_string(root.join(FILE))
            .ok()
            .and_then(|text| toml::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// The shipped status of `exercise`, if its files still have `fingerprint`.
    pub fn cached(&self, exercise: &str, fingerprint: &str) -> Option<Status> {
        cached_in(&self.results, exercise, fingerprint)
    }

    /// The file's text.
    pub fn render(&self) -> String {
        let body = toml::to_string(self).expect("names, hashes and counts serialize");
        format!("{HEADER}{body}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_applies_only_to_the_files_it_was_computed_for_and_survives_a_round_trip() {
        let mut untouched = Untouched::default();
        untouched.results.insert(
            "statistics".into(),
            CachedResult {
                fingerprint: "00ff".into(),
                status: Status::NotAttempted { checks: 12 },
            },
        );
        let text = untouched.render();
        assert!(text.starts_with("# What each untouched skeleton"), "{text}");
        let read: Untouched = toml::from_str(&text).unwrap();
        assert_eq!(read, untouched);
        assert_eq!(
            read.cached("statistics", "00ff"),
            Some(Status::NotAttempted { checks: 12 })
        );
        assert_eq!(read.cached("statistics", "00fe"), None);
        assert_eq!(read.cached("sgd", "00ff"), None);
    }
}
