//! Key presses for watch mode, read on their own thread so that nothing ever waits for a
//! key. From a terminal on Unix a single key is enough (the terminal is put in "cbreak"
//! mode with `stty` and restored on exit); otherwise (a pipe, CI, Windows) each line's
//! first letter is the key, and the end of the input simply means no more keys.

use std::io::{BufRead, IsTerminal, Read};
use std::sync::mpsc::{self, Receiver};
use std::thread;

/// What a key asks watch mode to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Hint,
    List,
    Check,
    Next,
    Quit,
}

impl Key {
    /// `h`, `l`, `c`, `n`, `q` (or Ctrl-C, Ctrl-D); other keys mean nothing.
    pub fn of(c: char) -> Option<Key> {
        match c.to_ascii_lowercase() {
            'h' => Some(Key::Hint),
            'l' => Some(Key::List),
            'c' => Some(Key::Check),
            'n' => Some(Key::Next),
            'q' | '\u{3}' | '\u{4}' => Some(Key::Quit),
            _ => None,
        }
    }
}

/// The keys pressed so far, as they come.
pub struct Keys {
    received: Receiver<Key>,
    /// Single keys from a terminal (as opposed to lines).
    pub single: bool,
    _cbreak: Option<Cbreak>,
}

impl Keys {
    /// Starts reading standard input.
    pub fn start() -> Keys {
        let (send, received) = mpsc::channel();
        let cbreak = std::io::stdin()
            .is_terminal()
            .then(Cbreak::enable)
            .flatten();
        let single = cbreak.is_some();
        thread::spawn(move || {
            let mut stdin = std::io::stdin().lock();
            if single {
                let mut byte = [0u8];
                while stdin.read(&mut byte).is_ok_and(|n| n == 1) {
                    if let Some(key) = Key::of(char::from(byte[0]))
                        && send.send(key).is_err()
                    {
                        break;
                    }
                }
            } else {
                for line in stdin.lines().map_while(Result::ok) {
                    let key = line.trim().chars().next().and_then(Key::of);
                    if key.is_some_and(|key| send.send(key).is_err()) {
                        break;
                    }
                }
            }
        });
        Keys {
            received,
            single,
            _cbreak: cbreak,
        }
    }

    /// The next key pressed, if any (never waits).
    pub fn next(&self) -> Option<Key> {
        self.received.try_recv().ok()
    }
}

/// The terminal in cbreak mode (keys arrive one at a time, unechoed, Ctrl-C as a key so
/// that the terminal is always restored), until dropped.
struct Cbreak {
    #[cfg_attr(not(unix), allow(dead_code))]
    saved: String,
}

impl Cbreak {
    #[cfg(unix)]
    fn enable() -> Option<Cbreak> {
        let saved = stty(&["-g"])?;
        stty(&["-icanon", "-echo", "-isig", "min", "1"])?;
        Some(Cbreak {
            saved: saved.trim().to_string(),
        })
    }

    #[cfg(not(unix))]
    fn enable() -> Option<Cbreak> {
        None
    }
}

#[cfg(unix)]
impl Drop for Cbreak {
    fn drop(&mut self) {
        let _ = stty(&[&self.saved]);
    }
}

/// Runs `stty` on our terminal; its output, or `None` if it failed.
#[cfg(unix)]
fn stty(args: &[&str]) -> Option<String> {
    let output = std::process::Command::new("stty")
        .args(args)
        .stdin(std::process::Stdio::inherit())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_their_meaning() {
        assert_eq!(Key::of('h'), Some(Key::Hint));
        assert_eq!(Key::of('L'), Some(Key::List));
        assert_eq!(Key::of('c'), Some(Key::Check));
        assert_eq!(Key::of('n'), Some(Key::Next));
        assert_eq!(Key::of('\u{3}'), Some(Key::Quit), "Ctrl-C");
        assert_eq!(Key::of('x'), None);
    }
}
