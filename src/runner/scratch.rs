//! A scratch copy of the course, for grading solutions that are not the learner's: it
//! lives in the course's target folder and builds into it, so the dependencies are
//! compiled once for both. Files are rewritten only when they differ, so that cargo
//! rebuilds only what changed since the last use.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

/// What is copied: everything the course needs to build and grade.
const COPIED: [&str; 5] = ["Cargo.lock", "src", "tests", "exercises", "datasets"];

/// The copy, under `<target>/<name>/`.
pub struct Scratch {
    root: PathBuf,
}

impl Scratch {
    /// Brings the copy `name` up to date with the course at `course_root`.
    pub fn prepare(course_root: &Path, name: &str) -> io::Result<Scratch> {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| course_root.join("target"));
        let target = std::path::absolute(target)?;
        let scratch = Scratch {
            root: target.join(name),
        };
        for item in COPIED {
            sync(&course_root.join(item), &scratch.root.join(item))?;
        }
        let manifest = std::fs::read_to_string(course_root.join("Cargo.toml"))?;
        scratch.write("Cargo.toml", &manifest_of_copy(&manifest, name))?;
        // Build into the course's own target folder, whatever folders surround the copy;
        // without incremental caches, which only cost time and disk for solutions that
        // are compiled once each.
        let target = target.to_string_lossy().replace('\\', "/");
        scratch.write(
            ".cargo/config.toml",
            &format!("[build]\ntarget-dir = {target:?}\nincremental = false\n"),
        )?;
        Ok(scratch)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `text` to `relative` (creating its folders), unless it already holds it.
    pub fn write(&self, relative: &str, text: &str) -> io::Result<()> {
        write_if_changed(&self.root.join(relative), text.as_bytes())
    }

    /// Removes the files directly in `folder` whose names start with `prefix` and that are
    /// not in `keep` (course-relative paths): what an earlier run generated.
    pub fn remove_stale(&self, folder: &str, prefix: &str, keep: &BTreeSet<String>) {
        let Ok(entries) = std::fs::read_dir(self.root.join(folder)) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = format!("{folder}/{name}");
            if name.starts_with(prefix) && !keep.contains(&relative) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// The copy's Cargo.toml: a workspace of its own, and a package name of its own, so that
/// its `mlings` binary, uplifted to the shared `target/debug/`, never replaces the
/// course's. Its library is still `mlings`, as the graders and solutions expect.
pub fn manifest_of_copy(manifest: &str, package: &str) -> String {
    let renamed = manifest
        .replacen("name = \"mlings\"", &format!("name = \"{package}\""), 1)
        .replacen(
            "default-run = \"mlings\"",
            &format!("default-run = \"{package}\""),
            1,
        );
    format!("{renamed}\n[lib]\nname = \"mlings\"\n\n[workspace]\n")
}

/// Copies `from` (a file or a folder) to `to`, writing only what differs.
fn sync(from: &Path, to: &Path) -> io::Result<()> {
    if from.is_dir() {
        std::fs::create_dir_all(to)?;
        for entry in std::fs::read_dir(from)?.flatten() {
            sync(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        write_if_changed(to, &std::fs::read(from)?)
    }
}

fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if std::fs::read(path).ok().as_deref() == Some(bytes) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_is_its_own_package_with_the_same_library() {
        let manifest = "[package]\nname = \"mlings\"\ndefault-run = \"mlings\"\n";
        let copy = manifest_of_copy(manifest, "mlings-mistakes");
        assert!(
            copy.starts_with(
                "[package]\nname = \"mlings-mistakes\"\ndefault-run = \"mlings-mistakes\"\n"
            ),
            "{copy}"
        );
        assert!(copy.contains("[lib]\nname = \"mlings\"") && copy.contains("[workspace]"));
    }
}
