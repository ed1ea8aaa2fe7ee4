//! The course's catalogue of wrong solutions (`tests/mistakes/<exercise>.toml`): plausible
//! mistakes, each with the words its grader's message must contain, and correct
//! alternatives that must pass. The format is described in `tests/mistakes/README.md`.

use std::path::Path;

use serde::Deserialize;

use mlings::manifest::Exercise;

/// Where the catalogue files live, relative to the course root.
pub const FOLDER: &str = "tests/mistakes";

/// The fewest mistakes an exercise's catalogue may hold.
pub const MIN_MISTAKES: usize = 8;
/// The fewest correct alternatives an exercise's catalogue may hold.
pub const MIN_ALTERNATIVES: usize = 1;

/// One exercise's catalogue, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    #[serde(default)]
    pub mistake: Vec<Entry>,
    #[serde(default)]
    pub alternative: Vec<Entry>,
}

/// One wrong (or correct-but-different) solution: the reference with edits, or a file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub name: String,
    #[serde(default)]
    pub find: Texts,
    #[serde(default)]
    pub replace: Texts,
    /// A whole solution file, relative to the course root: the solution itself, or,
    /// with edits, what they apply to instead of the reference.
    pub file: Option<String>,
    /// Words the failing checks' messages must contain (mistakes only).
    #[serde(default)]
    pub expect: Vec<String>,
}

/// One text or a list of them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(untagged)]
pub enum Texts {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl Texts {
    fn as_slice(&self) -> &[String] {
        match self {
            Texts::None => &[],
            Texts::One(text) => std::slice::from_ref(text),
            Texts::Many(texts) => texts,
        }
    }
}

/// Whether an entry is meant to fail or to pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Mistake,
    Alternative,
}

impl Kind {
    pub fn word(self) -> &'static str {
        match self {
            Kind::Mistake => "mistake",
            Kind::Alternative => "alternative",
        }
    }
}

/// The catalogue file of `exercise`.
pub fn path_of(exercise: &Exercise) -> String {
    format!("{FOLDER}/{}.toml", exercise.name)
}

/// Reads the catalogue of `exercise`; `Err` says what is wrong with the file.
pub fn load(root: &Path, exercise: &Exercise) -> Result<Catalogue, String> {
    let path = path_of(exercise);
    let text = std::fs::read_to_string(root.join(&path))
        .map_err(|error| format!("{path} cannot be read: {error}"))?;
    let catalogue: Catalogue = toml::from_str(&text)
        .map_err(|error| format!("{path} is not a valid catalogue: {error}"))?;
    let mut names = std::collections::BTreeSet::new();
    for entry in catalogue.mistake.iter().chain(&catalogue.alternative) {
        if !names.insert(entry.name.as_str()) {
            return Err(format!("{path}: two entries are named {:?}", entry.name));
        }
    }
    if let Some(entry) = catalogue.mistake.iter().find(|e| e.expect.is_empty()) {
        return Err(format!(
            "{path}: mistake {:?} has no `expect`: the words its message must contain",
            entry.name
        ));
    }
    Ok(catalogue)
}

/// The reference solution of `exercise` as a learner's file says it (`mlings::`, not
/// `crate::`).
pub fn reference_as_learner(root: &Path, exercise: &Exercise) -> Result<String, String> {
    let path = exercise.reference_file();
    std::fs::read_to_string(root.join(&path))
        .map(|text| as_learner(&text))
        .map_err(|error| format!("{path} cannot be read: {error}"))
}

/// A reference module names the library `crate::` and its sibling references `super::`
/// (in its top-level `use` lines); a learner's file names both through `mlings::`.
fn as_learner(text: &str) -> String {
    text.replace("crate::", "mlings::")
        .lines()
        .map(|line| match line.strip_prefix("use super::") {
            Some(rest) => format!("use mlings::reference::{rest}"),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

/// The solution file an entry describes: its base (its `file`, or else the reference)
/// with its edits applied in order (each `find` must occur exactly once where it is
/// applied). A `file` needs no edits; the reference does.
pub fn solution(root: &Path, exercise: &Exercise, entry: &Entry) -> Result<String, String> {
    let (finds, replaces) = (entry.find.as_slice(), entry.replace.as_slice());
    if finds.len() != replaces.len() || (finds.is_empty() && entry.file.is_none()) {
        return Err(format!(
            "it has {} `find` and {} `replace` texts: give as many of each, at least one \
             unless it names a `file`",
            finds.len(),
            replaces.len()
        ));
    }
    let (mut text, base) = match &entry.file {
        Some(file) => (
            std::fs::read_to_string(root.join(file))
                .map(|text| as_learner(&text))
                .map_err(|error| format!("{file} cannot be read: {error}"))?,
            file.clone(),
        ),
        None => (
            reference_as_learner(root, exercise)?,
            exercise.reference_file(),
        ),
    };
    for (find, replace) in finds.iter().zip(replaces) {
        let (find, replace) = (as_learner(find), as_learner(replace));
        match text.matches(find.as_str()).count() {
            1 => text = text.replacen(find.as_str(), &replace, 1),
            count => {
                return Err(format!(
                    "`find` text {:?} occurs {count} times in {base} (after the earlier edits): it must occur once",
                    first_line(&find),
                ));
            }
        }
    }
    Ok(text)
}

fn first_line(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or_default();
    match line.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

/// The `expect` words missing from `messages` (the failing checks' messages).
pub fn unnamed<'a>(entry: &'a Entry, messages: &str) -> Vec<&'a str> {
    entry
        .expect
        .iter()
        .filter(|words| !messages.contains(words.as_str()))
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::temp_dir::TempDir;

    fn exercise() -> Exercise {
        Exercise {
            name: "demo".into(),
            title: "t".into(),
            topic: "01_demo".into(),
            file: "exercises/01_demo/demo.rs".into(),
            goal: "g".into(),
            linfa: String::new(),
            example: String::new(),
            hints: vec![],
            ..Exercise::default()
        }
    }

    fn course() -> TempDir {
        let dir = TempDir::new("catalogue");
        dir.write(
            "src/reference/demo.rs",
            "use crate::types::demo::E;\nuse super::other::g;\npub fn f() -> usize { 1 + 1 }\n",
        );
        dir
    }

    fn entry(find: &[&str], replace: &[&str]) -> Entry {
        let texts = |t: &[&str]| Texts::Many(t.iter().map(|s| s.to_string()).collect());
        Entry {
            name: "e".into(),
            find: texts(find),
            replace: texts(replace),
            ..Entry::default()
        }
    }

    #[test]
    fn edits_apply_in_order_to_the_reference_as_a_learner_writes_it() {
        let dir = course();
        let edited = solution(
            dir.path(),
            &exercise(),
            &entry(&["1 + 1", "2 + 1"], &["2 + 1", "2 + 2"]),
        )
        .unwrap();
        assert_eq!(
            edited,
            "use mlings::types::demo::E;\nuse mlings::reference::other::g;\npub fn f() -> usize { 2 + 2 }\n"
        );
        let crate_path = solution(
            dir.path(),
            &exercise(),
            &entry(&["use crate::types"], &["use crate::other"]),
        )
        .unwrap();
        assert!(
            crate_path.starts_with("use mlings::other::demo::E;"),
            "{crate_path}"
        );
    }

    #[test]
    fn edits_of_a_file_apply_to_that_file_instead_of_the_reference() {
        let dir = course();
        dir.write("tests/mistakes/demo/own.rs", "pub fn f() -> usize { 3 }\n");
        let own = Entry {
            file: Some("tests/mistakes/demo/own.rs".into()),
            ..entry(&["3"], &["4"])
        };
        assert_eq!(
            solution(dir.path(), &exercise(), &own).unwrap(),
            "pub fn f() -> usize { 4 }\n"
        );
        let whole = Entry {
            file: Some("tests/mistakes/demo/own.rs".into()),
            ..Entry::default()
        };
        assert_eq!(
            solution(dir.path(), &exercise(), &whole).unwrap(),
            "pub fn f() -> usize { 3 }\n"
        );
    }

    #[test]
    fn a_find_that_is_absent_or_ambiguous_is_a_catalogue_error() {
        let dir = course();
        let absent = solution(dir.path(), &exercise(), &entry(&["3 + 3"], &["x"])).unwrap_err();
        assert!(absent.contains("occurs 0 times"), "{absent}");
        let twice = solution(dir.path(), &exercise(), &entry(&["1"], &["x"])).unwrap_err();
        assert!(twice.contains("occurs 2 times"), "{twice}");
        let uneven = solution(dir.path(), &exercise(), &entry(&["1 + 1"], &[])).unwrap_err();
        assert!(uneven.contains("1 `find` and 0 `replace`"), "{uneven}");
    }

    #[test]
    fn catalogues_parse_one_text_or_many_and_reject_duplicate_or_unnamed_entries() {
        let dir = course();
        dir.write(
            "tests/mistakes/demo.toml",
            "[[mistake]]\nname = \"a\"\nfind = \"1 + 1\"\nreplace = \"1\"\nexpect = [\"sum\"]\n\
             [[alternative]]\nname = \"b\"\nfind = [\"1 + 1\"]\nreplace = [\"2\"]\n",
        );
        let catalogue = load(dir.path(), &exercise()).unwrap();
        assert_eq!(
            (catalogue.mistake.len(), catalogue.alternative.len()),
            (1, 1)
        );
        assert_eq!(
            solution(dir.path(), &exercise(), &catalogue.mistake[0]).unwrap(),
            "use mlings::types::demo::E;\nuse mlings::reference::other::g;\npub fn f() -> usize { 1 }\n"
        );
        assert_eq!(
            unnamed(&catalogue.mistake[0], "you returned the sum"),
            Vec::<&str>::new()
        );
        assert_eq!(unnamed(&catalogue.mistake[0], "wrong value"), ["sum"]);

        dir.write(
            "tests/mistakes/demo.toml",
            "[[mistake]]\nname = \"a\"\nfind = \"1\"\nreplace = \"2\"\nexpect = [\"x\"]\n\
             [[alternative]]\nname = \"a\"\nfind = \"1\"\nreplace = \"2\"\n",
        );
        assert!(
            load(dir.path(), &exercise())
                .unwrap_err()
                .contains("two entries are named \"a\"")
        );
        dir.write(
            "tests/mistakes/demo.toml",
            "[[mistake]]\nname = \"a\"\nfind = \"1\"\nreplace = \"2\"\n",
        );
        assert!(
            load(dir.path(), &exercise())
                .unwrap_err()
                .contains("has no `expect`")
        );
    }
}
