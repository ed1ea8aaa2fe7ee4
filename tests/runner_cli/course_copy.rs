//! A copy of the course, trimmed to its first two exercises, for the runner to drive.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

/// The skeleton of the first exercise.
pub const STATISTICS: &str = "exercises/01_foundations/statistics.rs";

/// What is copied: everything the course needs to build and grade.
const COPIED: [&str; 6] = [
    "Cargo.toml",
    "Cargo.lock",
    "src",
    "tests",
    "exercises",
    "datasets",
];

/// The copy, reset to the course's files; tests take turns on it.
pub struct CourseCopy {
    root: PathBuf,
    target: PathBuf,
    _turn: MutexGuard<'static, ()>,
}

impl CourseCopy {
    /// Waits for its turn, then brings the copy back to the course's files (rewriting only
    /// files that differ, so that cargo sees nothing new) with a fresh state file.
    pub fn fresh() -> CourseCopy {
        static TURN: Mutex<()> = Mutex::new(());
        let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let source = Path::new(env!("CARGO_MANIFEST_DIR"));
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| source.join("target"));
        let root = target.join("mlings-course-copy");
        std::fs::create_dir_all(&root).unwrap();
        for removed in [".mlings-state.toml", ".mlings-backups"] {
            let path = root.join(removed);
            let _ = std::fs::remove_file(&path);
            let _ = std::fs::remove_dir_all(&path);
        }
        let read = |relative: &str| std::fs::read_to_string(source.join(relative)).unwrap();
        let overrides = BTreeMap::from([
            (
                source.join("Cargo.toml"),
                manifest_of_copy(&read("Cargo.toml")),
            ),
            (
                source.join("exercises/course.toml"),
                first_two(&read("exercises/course.toml")),
            ),
        ]);
        for item in COPIED {
            sync(&source.join(item), &root.join(item), &overrides);
        }
        let copy = CourseCopy {
            root,
            target,
            _turn: turn,
        };
        copy.commit_skeletons();
        copy
    }

    /// `mlings --root <copy>` with the shared target folder.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_mlings"));
        command
            .env("CARGO_TARGET_DIR", &self.target)
            .arg("--root")
            .arg(&self.root)
            .args(args);
        command
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }

    pub fn write(&self, relative: &str, text: &str) {
        std::fs::write(self.path(relative), text).unwrap();
    }

    /// The reference solution of `exercise`, as the learner would write it.
    pub fn solution_of(&self, exercise: &str) -> String {
        self.read(&format!("src/reference/{exercise}.rs"))
            .replace("crate::", "mlings::")
    }

    /// Replaces the skeleton of `exercise` with its reference solution.
    pub fn solve(&self, exercise: &str) {
        let course = std::fs::read_to_string(self.path("exercises/course.toml")).unwrap();
        let file = course
            .split("[[exercise]]")
            .find(|entry| entry.contains(&format!("name = \"{exercise}\"")))
            .and_then(|entry| entry.lines().find_map(|l| l.strip_prefix("file = ")))
            .unwrap()
            .trim_matches('"')
            .to_string();
        self.write(&file, &self.solution_of(exercise));
    }

    /// The copy is a git repository whose last commit holds the skeletons (for `reset`).
    fn commit_skeletons(&self) {
        let git = |args: &[&str]| {
            let output = Command::new("git")
                .current_dir(&self.root)
                .args([
                    "-c",
                    "user.name=mlings",
                    "-c",
                    "user.email=mlings@example.com",
                ])
                .args(["-c", "commit.gpgsign=false"])
                .args(args)
                .output()
                .unwrap();
            assert!(output.status.success(), "git {args:?}: {output:?}");
        };
        if !self.root.join(".git").exists() {
            git(&["init", "-q"]);
        }
        git(&["add", "-A", "exercises"]);
        let staged = Command::new("git")
            .current_dir(&self.root)
            .args(["diff", "--cached", "--quiet"])
            .status()
            .unwrap();
        if !staged.success() {
            git(&["commit", "-q", "-m", "the skeletons"]);
        }
    }
}

/// The copy's Cargo.toml: its own workspace (whatever the folders around it hold), and a
/// package name of its own, so that its `mlings` binary, uplifted to the shared
/// `target/debug/`, never replaces the course's. Its library is still `mlings`.
fn manifest_of_copy(manifest: &str) -> String {
    let renamed = manifest
        .replacen("name = \"mlings\"", "name = \"mlings-course-copy\"", 1)
        .replacen(
            "default-run = \"mlings\"",
            "default-run = \"mlings-course-copy\"",
            1,
        );
    format!("{renamed}\n[lib]\nname = \"mlings\"\n\n[workspace]\n")
}

/// The course manifest with only its first two exercises.
fn first_two(course: &str) -> String {
    course
        .split("\n[[exercise]]")
        .take(3)
        .collect::<Vec<_>>()
        .join("\n[[exercise]]")
        + "\n"
}

/// Copies `from` (a file or a folder) to `to`, with the contents of `overrides` in place
/// of theirs, writing only what differs.
fn sync(from: &Path, to: &Path, overrides: &BTreeMap<PathBuf, String>) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            sync(&entry.path(), &to.join(entry.file_name()), overrides);
        }
    } else {
        let bytes = match overrides.get(from) {
            Some(text) => text.clone().into_bytes(),
            None => std::fs::read(from).unwrap(),
        };
        if std::fs::read(to).ok().as_deref() != Some(bytes.as_slice()) {
            std::fs::write(to, bytes).unwrap();
        }
    }
}
