//! Keeping what a child process prints, within a bound: a learner's `println!` in a loop
//! can print gigabytes, and the runner must neither hold them in memory nor lose the
//! verdicts printed after them.
//!
//! The first [`KEPT`] bytes are kept whole. After that, the lines the caller says matter
//! (a grader's `test name ... ok`, cargo's artifact lines) are kept, and so are the last
//! [`TAIL`] bytes (where a crash is reported); the rest is counted and replaced by one
//! "output truncated" note.

use std::collections::VecDeque;
use std::io::Read;

/// How many bytes of output are kept whole.
pub const KEPT: usize = 1 << 20;

/// How many bytes of the end of the output are kept.
pub const TAIL: usize = 16 * 1024;

/// A line longer than this past the bound is never one worth keeping: it is dropped.
const LONGEST_KEPT_LINE: usize = 64 * 1024;

/// How the note that replaces dropped output starts.
pub const TRUNCATED: &str = "[output truncated:";

/// Which lines past the bound are still worth keeping.
pub type KeepLine = fn(&str) -> bool;

/// Output collected so far.
struct Capped {
    head: Vec<u8>,
    /// Whether the head is full (it may end short of [`KEPT`], at a whole line).
    head_full: bool,
    /// The line being read past the bound (`None` once it is too long to keep).
    line: Option<Vec<u8>>,
    kept_lines: Vec<u8>,
    /// The last lines past the bound that were not kept.
    tail: VecDeque<u8>,
    dropped: u64,
    keep: KeepLine,
}

impl Capped {
    fn new(keep: KeepLine) -> Capped {
        Capped {
            head: Vec::new(),
            head_full: false,
            line: Some(Vec::new()),
            kept_lines: Vec::new(),
            tail: VecDeque::new(),
            dropped: 0,
            keep,
        }
    }

    fn push(&mut self, mut bytes: &[u8]) {
        let room = if self.head_full {
            0
        } else {
            KEPT.saturating_sub(self.head.len())
        };
        let whole = room.min(bytes.len());
        self.head.extend_from_slice(&bytes[..whole]);
        bytes = &bytes[whole..];
        if !self.head_full && self.head.len() == KEPT {
            self.head_full = true;
            // The head ends at a whole line: the line it would cut goes on as the first
            // line past the bound, so that a line worth keeping (cargo's artifact line of
            // one target among a thousand) is judged, and kept, whole.
            let start = self
                .head
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            if KEPT - start <= LONGEST_KEPT_LINE {
                let cut = self.head.split_off(start);
                if let Some(line) = self.line.as_mut() {
                    line.extend_from_slice(&cut);
                }
            }
        }
        while !bytes.is_empty() {
            let end = bytes.iter().position(|&b| b == b'\n');
            let (piece, rest) = match end {
                Some(i) => (&bytes[..i], &bytes[i + 1..]),
                None => (bytes, &[][..]),
            };
            if let Some(line) = self.line.as_mut() {
                line.extend_from_slice(piece);
                if line.len() > LONGEST_KEPT_LINE {
                    let line = std::mem::take(line);
                    self.line = None;
                    self.push_tail(&line);
                }
            } else {
                self.push_tail(piece);
            }
            if end.is_some() {
                self.end_line();
            }
            bytes = rest;
        }
    }

    /// A line past the bound is complete: keep it, or add it to the tail.
    fn end_line(&mut self) {
        match self.line.replace(Vec::new()) {
            Some(line) if (self.keep)(&String::from_utf8_lossy(&line)) => {
                self.kept_lines.extend_from_slice(&line);
                self.kept_lines.push(b'\n');
            }
            Some(line) => {
                self.push_tail(&line);
                self.push_tail(b"\n");
            }
            None => self.push_tail(b"\n"),
        }
    }

    /// Adds `bytes` to the tail, dropping its oldest bytes beyond [`TAIL`].
    fn push_tail(&mut self, bytes: &[u8]) {
        self.tail.extend(bytes);
        let excess = self.tail.len().saturating_sub(TAIL);
        self.tail.drain(..excess);
        self.dropped += excess as u64;
    }

    fn finish(mut self) -> String {
        if let Some(line) = self.line.take() {
            self.push_tail(&line);
        }
        // The tail starts at a whole line once some of it was dropped.
        if self.dropped > 0 {
            let start = self
                .tail
                .iter()
                .position(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            self.tail.drain(..start);
            self.dropped += start as u64;
        }
        let mut text = String::from_utf8_lossy(&self.head).into_owned();
        if self.dropped > 0 {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&format!(
                "{TRUNCATED} {} more bytes were printed and dropped; only the first {} MB, \
                 the verdicts and the last {} KB are kept]\n",
                self.dropped,
                KEPT >> 20,
                TAIL >> 10
            ));
        }
        text.push_str(&String::from_utf8_lossy(&self.kept_lines));
        let (front, back) = self.tail.as_slices();
        text.push_str(&String::from_utf8_lossy(&[front, back].concat()));
        text
    }
}

/// Reads `pipe` to its end, keeping at most about [`KEPT`] bytes plus the lines `keep`
/// accepts. A read error ends the output early; what was read is still worth showing.
pub fn read_capped(mut pipe: impl Read, keep: KeepLine) -> String {
    let mut capped = Capped::new(keep);
    let mut buffer = vec![0u8; 64 * 1024];
    while let Ok(n) = pipe.read(&mut buffer) {
        if n == 0 {
            break;
        }
        capped.push(&buffer[..n]);
    }
    capped.finish()
}

/// For output where no line past the bound matters.
pub fn nothing(_: &str) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(line: &str) -> bool {
        line.starts_with("test ")
    }

    #[test]
    fn a_line_worth_keeping_across_the_bound_is_kept_whole() {
        // Filler up to 10 bytes before the bound, then a verdict line that the bound cuts,
        // then more than the tail of filler after it.
        let mut output = "x".repeat(KEPT - 11) + "\n";
        output.push_str("test straddling ... ok\n");
        output.push_str(&"y\n".repeat(TAIL));
        let kept = read_capped(output.as_bytes(), verdict);
        assert!(
            kept.lines().any(|l| l == "test straddling ... ok"),
            "the cut line is lost"
        );
    }

    #[test]
    fn short_output_is_kept_as_it_is() {
        assert_eq!(read_capped(&b"a\nb"[..], verdict), "a\nb");
        assert_eq!(read_capped(&b""[..], verdict), "");
    }

    #[test]
    fn a_flood_is_cut_but_the_verdicts_after_it_are_kept() {
        let mut output = b"test early ... ok\n".to_vec();
        for _ in 0..300_000 {
            output.extend_from_slice(b"loss 0.125\n");
        }
        output.extend_from_slice(b"test late ... FAILED\n");
        output.extend_from_slice(&vec![b'x'; 200_000]);
        output.extend_from_slice(b"\nloss 0.5\nfatal runtime error: stack overflow");
        let text = read_capped(&output[..], verdict);
        assert!(text.len() < KEPT + TAIL + 1000, "{}", text.len());
        assert!(text.starts_with("test early ... ok\nloss 0.125\n"));
        let end = &text[KEPT - 100..];
        assert!(end.contains(TRUNCATED), "{end}");
        assert!(
            end.ends_with("\ntest late ... FAILED\nloss 0.5\nfatal runtime error: stack overflow"),
            "the verdicts and the end are kept: {end}"
        );
    }
}
