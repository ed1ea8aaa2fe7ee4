//! Content hashes: the cache key of a grading result, and how watch mode sees a save.

use std::path::Path;

use super::compile::Graded;
use mlings::manifest::Exercise;

/// A 64-bit FNV-1a hash: tiny, stable across runs and platforms (unlike `DefaultHasher`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv1a(u64);

impl Fnv1a {
    pub fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    pub fn write(&mut self, bytes: &[u8]) -> &mut Self {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    /// Writes a length-prefixed field, so that ("ab", "c") and ("a", "bc") differ.
    pub fn field(&mut self, bytes: &[u8]) -> &mut Self {
        self.write(&(bytes.len() as u64).to_le_bytes()).write(bytes)
    }

    /// 16 hexadecimal digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

impl Default for Fnv1a {
    fn default() -> Self {
        Self::new()
    }
}

/// The hash of a file's content, or `None` when it cannot be read (e.g. mid-save).
pub fn of_file(path: &Path) -> Option<String> {
    std::fs::read(path)
        .ok()
        .map(|bytes| Fnv1a::new().write(&bytes).hex())
}

/// The files a grading result depends on: the grader, and the graded code (the learner's
/// file, or the reference with `--features solutions`).
pub fn graded_files(exercise: &Exercise, graded: Graded) -> [String; 2] {
    let code = match graded {
        Graded::Learner => exercise.file.clone(),
        Graded::Reference => exercise.reference_file(),
    };
    [exercise.test_file(), code]
}

/// The cache key of an exercise's grading result: the content of [`graded_files`].
/// (The course's shared code is not part of it: `check` always grades afresh.)
pub fn of_exercise(root: &Path, exercise: &Exercise, graded: Graded) -> String {
    let mut hash = Fnv1a::new();
    hash.field(format!("{graded:?}").as_bytes());
    for file in graded_files(exercise, graded) {
        hash.field(file.as_bytes());
        match std::fs::read(root.join(&file)) {
            Ok(bytes) => hash.write(b"+").field(&bytes),
            Err(_) => hash.write(b"-"),
        };
    }
    hash.hex()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::temp_dir::TempDir;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(Fnv1a::new().hex(), "cbf29ce484222325");
        assert_eq!(Fnv1a::new().write(b"a").hex(), "af63dc4c8601ec8c");
        assert_eq!(Fnv1a::new().write(b"foobar").hex(), "85944171f73967e8");
    }

    #[test]
    fn the_key_changes_with_either_file_and_with_whose_code_is_graded() {
        let root = TempDir::new("fingerprint");
        let exercise = Exercise {
            name: "e".into(),
            title: String::new(),
            topic: "x".into(),
            file: "exercises/x/e.rs".into(),
            goal: String::new(),
            linfa: String::new(),
            example: String::new(),
            hints: Vec::new(),
            ..Exercise::default()
        };
        let key = || of_exercise(root.path(), &exercise, Graded::Learner);
        let missing = key();
        root.write("exercises/x/e.rs", "fn f() { todo!() }");
        let skeleton = key();
        root.write("tests/e.rs", "#[test] fn t() {}");
        let with_grader = key();
        root.write("exercises/x/e.rs", "fn f() {}");
        let edited = key();
        assert_eq!(edited, key(), "stable");
        let keys = [missing, skeleton, with_grader, edited];
        for (i, a) in keys.iter().enumerate() {
            assert!(keys[i + 1..].iter().all(|b| a != b), "{keys:?}");
        }
        assert_ne!(
            key(),
            of_exercise(root.path(), &exercise, Graded::Reference)
        );
    }
}
