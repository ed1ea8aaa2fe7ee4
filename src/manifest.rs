//! The course manifest (`exercises/course.toml`): the exercises in order, with their
//! files, goals and hints. Everything that lists exercises reads it through [`Course`].

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Where the manifest sits inside a course folder.
pub const MANIFEST_PATH: &str = "exercises/course.toml";

/// One exercise of the course.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// Short identifier; also the name of its grader (`tests/<name>.rs`) and of its
    /// reference module (`src/reference/<name>.rs`).
    pub name: String,
    /// One line for lists.
    pub title: String,
    /// The topic folder under `exercises/`.
    pub topic: String,
    /// The skeleton the learner edits, relative to the course root.
    pub file: String,
    /// One paragraph: what the learner builds and why.
    pub goal: String,
    /// Two or three sentences shown once it passes: where the algorithm is used, and what
    /// to watch for in practice.
    pub practice: String,
    /// Earlier exercises whose course reference (`mlings::reference::<earlier>`) this one
    /// uses. The course's rule: an exercise never depends on the learner's own file of
    /// another, so the earlier one need not be finished.
    #[serde(default)]
    pub builds_on: Vec<String>,
    /// The linfa item the example compares with; empty if none.
    #[serde(default)]
    pub linfa: String,
    /// The `examples/<example>.rs` that runs it beside the reference; empty if none.
    #[serde(default)]
    pub example: String,
    /// Cargo features the example is built with (`cargo run -- compare` passes them as
    /// `--features`), for an example that needs an optional dependency, e.g.
    /// `["candle"]`; empty for most, so a plain build never compiles those.
    #[serde(default)]
    pub features: Vec<String>,
    /// Progressive hints, from a nudge to nearly the answer.
    pub hints: Vec<String>,
}

impl Exercise {
    /// The grader's path relative to the course root.
    pub fn test_file(&self) -> String {
        format!("tests/{}.rs", self.name)
    }

    /// The reference solution's path relative to the course root.
    pub fn reference_file(&self) -> String {
        format!("src/reference/{}.rs", self.name)
    }

    /// The example's path relative to the course root, if it has one.
    pub fn example_file(&self) -> Option<String> {
        (!self.example.is_empty()).then(|| format!("examples/{}.rs", self.example))
    }

    /// The course's rule for an exercise that builds on others, in one sentence; `None`
    /// when it builds on none.
    pub fn builds_on_text(&self) -> Option<String> {
        let earlier = match self.builds_on.as_slice() {
            [] => return None,
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        };
        let (references, need) = if self.builds_on.len() == 1 {
            ("reference of it", "your own need")
        } else {
            ("references of them", "yours need")
        };
        let paths: Vec<String> = self
            .builds_on
            .iter()
            .map(|name| format!("mlings::reference::{name}"))
            .collect();
        Some(format!(
            "{} builds on {earlier}: it uses the course's {references} ({}), so {need} \
             not be finished.",
            self.name,
            paths.join(", ")
        ))
    }

    /// The cargo options that turn on its example's [`features`](Exercise::features),
    /// none when it needs none.
    pub fn feature_options(&self) -> Vec<String> {
        if self.features.is_empty() {
            return Vec::new();
        }
        vec!["--features".into(), self.features.join(",")]
    }

    /// The command that grades it.
    pub fn grade_command(&self) -> String {
        format!("cargo test --test {}", self.name)
    }
}

/// The whole course: its root folder and its exercises in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    pub root: PathBuf,
    pub exercises: Vec<Exercise>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    exercise: Vec<Exercise>,
}

/// A manifest that cannot be read or makes no sense.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("cannot read the course manifest {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the course manifest {path} is not valid: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("no exercise named {name:?}{}", suggestion_text(.suggestions))]
    UnknownExercise {
        name: String,
        suggestions: Vec<String>,
    },
}

fn suggestion_text(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::from(" (`cargo run -- list` shows them all)"),
        names => format!("; did you mean {}?", names.join(" or ")),
    }
}

impl Course {
    /// Reads `exercises/course.toml` under `root`.
    pub fn load(root: impl AsRef<Path>) -> Result<Course, ManifestError> {
        let root = root.as_ref().to_path_buf();
        let path = root.join(MANIFEST_PATH);
        let text = std::fs::read_to_string(&path).map_err(|source| ManifestError::Io {
            path: path.clone(),
            source,
        })?;
        Self::parse(root, &path, &text)
    }

    /// Parses manifest text; `path` is named in errors.
    pub fn parse(root: PathBuf, path: &Path, text: &str) -> Result<Course, ManifestError> {
        let invalid = |message: String| ManifestError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let file: ManifestFile = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if file.exercise.is_empty() {
            return Err(invalid("it lists no exercise".into()));
        }
        let mut seen = std::collections::HashSet::new();
        for exercise in &file.exercise {
            if exercise.practice.trim().is_empty() {
                return Err(invalid(format!(
                    "exercise {:?} has an empty `practice`: say where the algorithm is used \
                     and what to watch for",
                    exercise.name
                )));
            }
            for earlier in &exercise.builds_on {
                if !seen.contains(earlier.as_str()) {
                    return Err(invalid(format!(
                        "exercise {:?} builds on {earlier:?}, which is not an exercise listed \
                         before it",
                        exercise.name
                    )));
                }
            }
            if !seen.insert(exercise.name.as_str()) {
                return Err(invalid(format!(
                    "exercise {:?} is listed twice",
                    exercise.name
                )));
            }
        }
        Ok(Course {
            root,
            exercises: file.exercise,
        })
    }

    /// The course this binary was built from (the crate's own folder).
    pub fn load_default() -> Result<Course, ManifestError> {
        Self::load(env!("CARGO_MANIFEST_DIR"))
    }

    /// The exercise called `name`, or an error that suggests the closest names.
    pub fn find(&self, name: &str) -> Result<&Exercise, ManifestError> {
        self.exercises
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| ManifestError::UnknownExercise {
                name: name.to_string(),
                suggestions: self.closest_names(name),
            })
    }

    /// Up to three exercise names within a small edit distance of `name`.
    fn closest_names(&self, name: &str) -> Vec<String> {
        let mut scored: Vec<(usize, &str)> = self
            .exercises
            .iter()
            .map(|e| (edit_distance(name, &e.name), e.name.as_str()))
            .filter(|(d, candidate)| *d <= candidate.len() / 3 + 1 || candidate.contains(name))
            .collect();
        scored.sort();
        scored
            .into_iter()
            .take(3)
            .map(|(_, n)| n.to_string())
            .collect()
    }
}

/// Levenshtein distance between two strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_manifest_parses() {
        let course = Course::load_default().unwrap();
        assert_eq!(course.exercises[0].name, "statistics");
        assert!(course.exercises.iter().all(|e| e.hints.len() >= 2));
    }

    #[test]
    fn unknown_names_get_suggestions() {
        let course = Course::load_default().unwrap();
        let message = course.find("statistic").unwrap_err().to_string();
        assert_eq!(
            message,
            "no exercise named \"statistic\"; did you mean statistics?"
        );
        let message = course.find("zzzzzz").unwrap_err().to_string();
        assert!(message.contains("cargo run -- list"), "{message}");
    }

    #[test]
    fn duplicates_empty_courses_and_unknown_fields_are_rejected() {
        let entry = "[[exercise]]\nname = \"a\"\ntitle = \"t\"\ntopic = \"x\"\nfile = \"f\"\ngoal = \"g\"\npractice = \"p\"\nhints = []\n";
        let twice = format!("{entry}{entry}");
        let error = Course::parse(".".into(), Path::new("c.toml"), &twice).unwrap_err();
        assert!(error.to_string().contains("listed twice"), "{error}");
        let error = Course::parse(".".into(), Path::new("c.toml"), "exercise = []").unwrap_err();
        assert!(error.to_string().contains("lists no exercise"), "{error}");
        let extra = format!("{entry}colour = \"red\"\n");
        assert!(Course::parse(".".into(), Path::new("c.toml"), &extra).is_err());
    }

    #[test]
    fn practice_is_required_and_builds_on_names_an_earlier_exercise() {
        let entry = |name: &str, practice: &str, builds_on: &str| {
            format!(
                "[[exercise]]\nname = \"{name}\"\ntitle = \"t\"\ntopic = \"x\"\nfile = \"f\"\n\
                 goal = \"g\"\npractice = \"{practice}\"\nbuilds_on = [{builds_on}]\nhints = []\n"
            )
        };
        let parse = |text: &str| Course::parse(".".into(), Path::new("c.toml"), text);
        let error = parse(&entry("a", " ", "")).unwrap_err().to_string();
        assert!(error.contains("\"a\" has an empty `practice`"), "{error}");
        let later = format!("{}{}", entry("a", "p", "\"b\""), entry("b", "p", ""));
        let error = parse(&later).unwrap_err().to_string();
        assert!(error.contains("builds on \"b\", which is not an exercise listed before"));
        let fine = format!("{}{}", entry("a", "p", ""), entry("b", "p", "\"a\""));
        let course = parse(&fine).unwrap();
        assert_eq!(
            course.exercises[1].builds_on_text().unwrap(),
            "b builds on a: it uses the course's reference of it (mlings::reference::a), so \
             your own need not be finished."
        );
        let forest = Exercise {
            name: "forest".into(),
            builds_on: vec!["tree".into(), "bagging".into()],
            ..Exercise::default()
        };
        assert_eq!(
            forest.builds_on_text().unwrap(),
            "forest builds on tree and bagging: it uses the course's references of them \
             (mlings::reference::tree, mlings::reference::bagging), so yours need not be \
             finished."
        );
        assert_eq!(course.exercises[0].builds_on_text(), None);
    }

    #[test]
    fn an_example_s_features_become_cargo_options() {
        let entry = "[[exercise]]\nname = \"a\"\ntitle = \"t\"\ntopic = \"x\"\nfile = \"f\"\ngoal = \"g\"\npractice = \"p\"\nexample = \"e\"\nhints = []\n";
        let parse = |text: &str| Course::parse(".".into(), Path::new("c.toml"), text).unwrap();
        let plain = parse(entry);
        assert!(plain.exercises[0].features.is_empty());
        assert!(plain.exercises[0].feature_options().is_empty());
        let bridged = parse(&format!("{entry}features = [\"candle\", \"x\"]\n"));
        assert_eq!(bridged.exercises[0].features, ["candle", "x"]);
        assert_eq!(
            bridged.exercises[0].feature_options(),
            ["--features", "candle,x"]
        );
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kmeans", "kmeans"), 0);
        assert_eq!(edit_distance("kmean", "kmeans"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
