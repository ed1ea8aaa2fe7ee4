//! The course trusts the learner (their files are theirs to write), but a file that
//! passes by calling the course's own reference of the same exercise
//! (`pub use mlings::reference::kmeans::*;` in kmeans.rs) has solved nothing: the runner
//! says so instead of "solved". Using the reference of an *earlier* exercise is the
//! course's rule for exercises that build on another, and is fine.

/// The line (1-based) of the first path into the reference of `exercise` in `source`:
/// `reference::<exercise>`, a `reference::{...}` group that names it, or a
/// `reference::*` glob when `<exercise>::` is then used as a path. Comments and string
/// literals are ignored.
pub fn find(source: &str, exercise: &str) -> Option<usize> {
    let tokens = tokens(source);
    let used_as_path = tokens
        .windows(2)
        .any(|pair| pair[0].text == exercise && pair[1].text == "::");
    tokens.iter().enumerate().find_map(|(i, token)| {
        if token.text != "reference" || tokens.get(i + 1).map(|t| t.text) != Some("::") {
            return None;
        }
        let next = tokens.get(i + 2)?;
        let uses = match next.text {
            "*" => used_as_path,
            "{" => tokens[i + 3..]
                .iter()
                .take_while(|t| t.text != "}")
                .any(|t| t.text == exercise || (t.text == "*" && used_as_path)),
            name => name == exercise,
        };
        uses.then_some(token.line)
    })
}

/// An identifier, `::`, or one punctuation character, with its line.
struct Token<'a> {
    text: &'a str,
    line: usize,
}

/// Splits Rust source into the tokens [`find`] looks at, skipping comments, strings and
/// character literals.
fn tokens(source: &str) -> Vec<Token<'_>> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < bytes.len() {
        let rest = &source[i..];
        let start = i;
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if let Some(comment) = rest.strip_prefix("/*") {
            i += comment.find("*/").map_or(rest.len(), |end| end + 4);
        } else if rest.starts_with("'\"'") {
            i += 3;
        } else if bytes[i] == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else if rest.starts_with("::") {
            tokens.push(Token { text: "::", line });
            i += 2;
        } else if bytes[i].is_ascii_alphabetic() || bytes[i] == b'_' {
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            tokens.push(Token {
                text: &rest[..len],
                line,
            });
            i += len;
        } else {
            let len = rest.chars().next().map_or(1, char::len_utf8);
            if !bytes[i].is_ascii_whitespace() {
                tokens.push(Token {
                    text: &rest[..len],
                    line,
                });
            }
            i += len;
        }
        let end = i.min(bytes.len());
        line += source.as_bytes()[start..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        i = end;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_uses_its_own_reference_is_found() {
        assert_eq!(
            find("pub use mlings::reference::kmeans::*;", "kmeans"),
            Some(1)
        );
        let grouped = "//! kmeans\nuse mlings::reference::{dbscan, kmeans as k};\n";
        assert_eq!(find(grouped, "kmeans"), Some(2));
        let glob = "use mlings::reference::*;\nfn f() { kmeans::lloyd() }";
        assert_eq!(find(glob, "kmeans"), Some(1));
        let call = "fn f() {\n    mlings :: reference :: kmeans :: lloyd(x)\n}";
        assert_eq!(find(call, "kmeans"), Some(2));
    }

    #[test]
    fn an_earlier_exercise_comments_and_strings_are_fine() {
        let earlier = "use mlings::reference::kmeans::lloyd;\n";
        assert_eq!(find(earlier, "kmeans_plus_plus"), None);
        let glob = "use mlings::reference::*;\npub fn kmeans_plus_plus() { kmeans::lloyd() }";
        assert_eq!(find(glob, "kmeans_plus_plus"), None);
        let documented = "/// Like `mlings::reference::kmeans::lloyd`.\n/* reference::kmeans */";
        assert_eq!(find(documented, "kmeans"), None);
        let text = "let s = \"mlings::reference::kmeans \\\" \";\nlet q = '\"';\nlet t = 'x';";
        assert_eq!(find(text, "kmeans"), None);
        assert_eq!(find("use mlings::types::kmeans::*;", "kmeans"), None);
    }
}
