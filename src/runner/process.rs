//! Running a child process within a time limit, stoppable on request (a new save in watch
//! mode, a key press), so that a learner's infinite loop never hangs the runner.

use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How often a running child is checked on: often at first (most graders finish in
/// milliseconds), then less and less, up to this.
const POLL: Duration = Duration::from_millis(20);

/// How a child process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// It exited by itself.
    Exited(ExitStatus),
    /// It was still running at the time limit and was stopped.
    TimedOut(Duration),
    /// It was stopped because `interrupt` asked for it.
    Interrupted,
}

/// What a child process printed (when its output was captured) and how it ended.
#[derive(Debug)]
pub struct Finished {
    pub ending: Ending,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `command` with stdin closed. Its stdout and stderr are captured unless the caller
/// configured them. The child is killed when it runs longer than `limit` or as soon as
/// `interrupt()` returns true (checked every few milliseconds).
pub fn run(
    command: &mut Command,
    limit: Option<Duration>,
    interrupt: &dyn Fn() -> bool,
) -> io::Result<Finished> {
    let mut child = command.stdin(Stdio::null()).spawn()?;
    let stdout = child.stdout.take().map(read_to_end);
    let stderr = child.stderr.take().map(read_to_end);
    let ending = wait(&mut child, limit, interrupt)?;
    Ok(Finished {
        ending,
        stdout: joined(stdout),
        stderr: joined(stderr),
    })
}

/// `Stdio::piped()` for both outputs: what [`run`] captures.
pub fn captured(command: &mut Command) -> &mut Command {
    command.stdout(Stdio::piped()).stderr(Stdio::piped())
}

fn wait(
    child: &mut Child,
    limit: Option<Duration>,
    interrupt: &dyn Fn() -> bool,
) -> io::Result<Ending> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Ending::Exited(status));
        }
        let ending = match limit {
            Some(limit) if start.elapsed() >= limit => Some(Ending::TimedOut(limit)),
            _ if interrupt() => Some(Ending::Interrupted),
            _ => None,
        };
        if let Some(ending) = ending {
            // It may have exited in the meantime: then kill fails harmlessly.
            let _ = child.kill();
            child.wait()?;
            return Ok(ending);
        }
        thread::sleep(pause);
        pause = (pause * 2).min(POLL);
    }
}

/// Reads a pipe on its own thread, so that a chatty child never blocks on a full pipe.
fn read_to_end(mut pipe: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        // A read error ends the output early; what was read is still worth showing.
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

fn joined(reader: Option<JoinHandle<Vec<u8>>>) -> String {
    reader
        .and_then(|r| r.join().ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// For callers that never interrupt.
pub fn never() -> bool {
    false
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn shell(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        captured(&mut command);
        command
    }

    #[test]
    fn output_and_exit_status_are_collected() {
        let done = run(&mut shell("echo out; echo err >&2; exit 3"), None, &never).unwrap();
        assert!(matches!(done.ending, Ending::Exited(s) if s.code() == Some(3)));
        assert_eq!(
            (done.stdout.as_str(), done.stderr.as_str()),
            ("out\n", "err\n")
        );
    }

    #[test]
    fn a_process_past_its_time_limit_is_stopped() {
        let start = Instant::now();
        let limit = Duration::from_millis(200);
        let done = run(
            &mut shell("echo started; exec sleep 30"),
            Some(limit),
            &never,
        )
        .unwrap();
        assert_eq!(done.ending, Ending::TimedOut(limit));
        assert_eq!(done.stdout, "started\n", "the output so far is kept");
        assert!(start.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn an_interrupt_stops_the_process() {
        let start = Instant::now();
        let asked = || start.elapsed() > Duration::from_millis(100);
        let done = run(&mut shell("exec sleep 30"), None, &asked).unwrap();
        assert_eq!(done.ending, Ending::Interrupted);
        assert!(start.elapsed() < Duration::from_secs(10));
    }
}
