//! The exercise table in README.md, kept in step with the manifest by the self-check.

use mlings::manifest::Course;

const START: &str = "<!-- exercises:start (generated from exercises/course.toml; `cargo run -- dev check` checks it) -->";
const END: &str = "<!-- exercises:end -->";

/// The README's exercise table for `course`, between its markers.
pub fn exercise_table(course: &Course) -> String {
    let mut table = format!(
        "{START}\n| # | exercise | topic | what you build | grade it |\n|---|---|---|---|---|\n"
    );
    for (i, e) in course.exercises.iter().enumerate() {
        table.push_str(&format!(
            "| {} | [`{}`]({}) | {} | {} | `{}` |\n",
            i + 1,
            e.name,
            e.file,
            e.topic,
            e.title,
            e.grade_command()
        ));
    }
    table.push_str(END);
    table
}

/// A problem when README.md's table differs from the manifest, with the table it should hold.
pub fn check(course: &Course) -> Option<String> {
    let readme = std::fs::read_to_string(course.root.join("README.md")).unwrap_or_default();
    let expected = exercise_table(course);
    let current = readme.find(START).and_then(|start| {
        readme[start..]
            .find(END)
            .map(|end| &readme[start..start + end + END.len()])
    });
    (current != Some(expected.as_str())).then(|| {
        format!(
            "README.md's exercise table does not match the manifest; it should read:\n{expected}"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_lists_every_exercise() {
        let course = Course::load_default().unwrap();
        assert_eq!(check(&course), None);
    }

    #[test]
    fn a_row_per_exercise() {
        let course = Course::load_default().unwrap();
        let table = exercise_table(&course);
        assert_eq!(table.lines().count(), course.exercises.len() + 4);
        assert!(table.contains("| 1 | [`statistics`](exercises/01_foundations/statistics.rs) |"));
    }
}
