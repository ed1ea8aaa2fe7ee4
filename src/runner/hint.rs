//! `cargo run -- hint [exercise]`: progressive hints, one more each time (remembered in
//! the state file), or all at once with `--all`.

use super::state::State;
use super::text::{WIDTH, wrap};
use super::{Context, RunnerError, progress};
use mlings::manifest::Exercise;

/// Shows the hints of `name` up to the next one. Without a name: of the exercise last
/// opened (never one the learner has not seen yet, which would spend its hint).
pub fn run(context: &Context, name: Option<&str>, all: bool) -> Result<bool, RunnerError> {
    let state = State::load(context.root());
    // A state file written before `opened` existed has only `current`.
    let opened = state
        .opened
        .as_deref()
        .or(state.current.as_deref())
        .and_then(|name| context.course.find(name).ok());
    let exercise = match (name, opened) {
        (Some(name), _) => context.course.find(name)?,
        (None, Some(opened)) => opened,
        (None, None) => {
            let next = progress::current(context, &state);
            println!(
                "Which exercise? You have not opened one yet: `cargo run` shows the next one. \
                 For its first hint: cargo run -- hint {}",
                next.name
            );
            return Ok(false);
        }
    };
    let shown = reveal(context, exercise, all);
    let again = format!("cargo run -- hint {}", exercise.name);
    print!("{}", hints_text(exercise, shown, &again));
    let current = progress::current(context, &state);
    if name.is_none() && current.name != exercise.name {
        println!(
            "(These are the hints of {}, the exercise you last opened. Your next one is {}: \
             cargo run -- hint {})",
            exercise.name, current.name, current.name
        );
    }
    Ok(true)
}

/// Counts one more hint of `exercise` as shown (every hint with `all`) and returns how
/// many are shown now. The exercise counts as opened.
pub fn reveal(context: &Context, exercise: &Exercise, all: bool) -> usize {
    let total = exercise.hints.len();
    State::update(context.root(), |state| {
        state.opened = Some(exercise.name.clone());
        let shown = if all {
            total
        } else {
            (state.hints_shown(&exercise.name) + 1).min(total)
        };
        state.hints.insert(exercise.name.clone(), shown);
        shown
    })
}

/// The first `shown` hints of `exercise`, numbered, and how to get more (`again`: the
/// command or key that asks for the next one).
pub fn hints_text(exercise: &Exercise, shown: usize, again: &str) -> String {
    let total = exercise.hints.len();
    let mut text = format!("Hints for {} ({}):\n", exercise.name, exercise.title);
    for (i, hint) in exercise.hints.iter().take(shown).enumerate() {
        let label = format!("  {}/{total}. ", i + 1);
        let hanging = " ".repeat(label.len());
        text.push_str(&format!("\n{label}{}\n", wrap(hint, WIDTH, &hanging)));
    }
    text.push('\n');
    text.push_str(&if shown < total {
        format!("Ask again for hint {} of {total}: {again}\n", shown + 1)
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
            ..Exercise::default()
        }
    }

    #[test]
    fn hints_come_one_at_a_time_then_the_last_one_says_so() {
        let first = hints_text(&exercise(), 1, "cargo run -- hint mean");
        assert!(first.contains("  1/2. Sum the values."), "{first}");
        assert!(!first.contains("Divide"), "{first}");
        assert!(first.contains("Ask again for hint 2 of 2: cargo run -- hint mean"));
        let all = hints_text(&exercise(), 2, "press h");
        assert!(
            all.contains("  2/2. Divide by n.") && all.contains("last hint"),
            "{all}"
        );
    }
}
