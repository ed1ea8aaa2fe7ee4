//! `cargo run -- hint [exercise]`: progressive hints, one more each time (remembered in
//! the state file), or all at once with `--all`.

use super::state::State;
use super::text::{WIDTH, wrap};
use super::{Context, RunnerError};
use crate::manifest::Exercise;

/// Shows the hints of `name` (default: the current exercise) up to the next one.
pub fn run(context: &Context, name: Option<&str>, all: bool) -> Result<bool, RunnerError> {
    let exercise = context.exercise(name)?;
    let shown = reveal(context, exercise, all);
    print!("{}", hints_text(exercise, shown));
    Ok(true)
}

/// Counts one more hint of `exercise` as shown (every hint with `all`) and returns how
/// many are shown now.
pub fn reveal(context: &Context, exercise: &Exercise, all: bool) -> usize {
    let total = exercise.hints.len();
    State::update(context.root(), |state| {
        let shown = if all {
            total
        } else {
            (state.hints_shown(&exercise.name) + 1).min(total)
        };
        state.hints.insert(exercise.name.clone(), shown);
        shown
    })
}

/// The first `shown` hints of `exercise`, numbered, and how to get more.
pub fn hints_text(exercise: &Exercise, shown: usize) -> String {
    let total = exercise.hints.len();
    let mut text = format!("Hints for {} ({}):\n", exercise.name, exercise.title);
    for (i, hint) in exercise.hints.iter().take(shown).enumerate() {
        let label = format!("  {}/{total}. ", i + 1);
        let hanging = " ".repeat(label.len());
        text.push_str(&format!("\n{label}{}\n", wrap(hint, WIDTH, &hanging)));
    }
    text.push('\n');
    text.push_str(&if shown < total {
        format!(
            "Ask again for hint {} of {total}: cargo run -- hint {}\n",
            shown + 1,
            exercise.name
        )
    } else {
        format!(
            "That was the last hint. The reference solution unlocks once your solution \
             passes: cargo run -- solution {}\n",
            exercise.name
        )
    });
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise() -> Exercise {
        Exercise {
            name: "mean".into(),
            title: "The mean".into(),
            topic: "01".into(),
            file: "exercises/01/mean.rs".into(),
            goal: String::new(),
            linfa: String::new(),
            example: String::new(),
            hints: vec!["Sum the values.".into(), "Divide by n.".into()],
        }
    }

    #[test]
    fn hints_come_one_at_a_time_then_the_last_one_says_so() {
        let first = hints_text(&exercise(), 1);
        assert!(first.contains("  1/2. Sum the values."), "{first}");
        assert!(!first.contains("Divide"), "{first}");
        assert!(first.contains("Ask again for hint 2 of 2: cargo run -- hint mean"));
        let all = hints_text(&exercise(), 2);
        assert!(
            all.contains("  2/2. Divide by n.") && all.contains("last hint"),
            "{all}"
        );
    }
}
