//! Laying out text for the terminal.

/// Width that long paragraphs (goals, hints) are wrapped to.
pub const WIDTH: usize = 88;

/// Wraps `text` at spaces so that no line exceeds `width` characters (a longer word gets a
/// line of its own). Every line after the first starts with `indent`; the first one is
/// meant to follow a label just as wide.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let room = width.saturating_sub(indent.chars().count());
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join(&format!("\n{indent}"))
}

/// Every line of `text` indented by four spaces.
pub fn indent(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first `lines` lines of `text`, and a last line that says how many more there are
/// and `whole`: where to see them all.
pub fn clip(text: &str, lines: usize, whole: &str) -> String {
    let total = text.lines().count();
    if total <= lines {
        return text.to_string();
    }
    let mut kept: Vec<&str> = text.lines().take(lines).collect();
    let more = format!("… {} more lines ({whole})", total - lines);
    kept.push(&more);
    kept.join("\n")
}

/// A grader or an example includes the learner's file as `tests/../exercises/...` or
/// `examples/../exercises/...`: say `exercises/...`.
pub fn course_relative(text: &str) -> String {
    text.replace("tests/../", "").replace("examples/../", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(wrap("aa bb cc dd", 7, "  "), "aa bb\n  cc dd");
        assert_eq!(wrap("a verylongword b", 4, ""), "a\nverylongword\nb");
        assert_eq!(wrap("", 10, "  "), "");
    }

    #[test]
    fn indenting_skips_blank_lines() {
        assert_eq!(indent("a\n\nb"), "    a\n\n    b");
    }
}
