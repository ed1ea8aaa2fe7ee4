//! Running a child process within a time limit, stoppable on request (a new save in watch
//! mode, a key press), so that a learner's infinite loop never hangs the runner. The child
//! leads a process group of its own, ended as a whole (see [`process_group`]), and what
//! it prints is kept within a bound (see [`capture`]).

use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::capture::{self, KeepLine};
use super::process_group::{self, Running};

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

/// Runs `command` with stdin closed, in a process group of its own. Its stdout and
/// stderr are captured (within a bound; past it, the stdout lines `keep` accepts are still
/// kept) unless the caller configured them. The whole group is killed when the child runs
/// longer than `limit` or as soon as `interrupt()` returns true (checked every few
/// milliseconds), and once the child has exited, whatever it left running is ended too.
pub fn run(
    command: &mut Command,
    limit: Option<Duration>,
    interrupt: &dyn Fn() -> bool,
    keep: KeepLine,
) -> io::Result<Finished> {
    let mut child = process_group::isolate(command.stdin(Stdio::null())).spawn()?;
    let group = Running::register(child.id());
    let stdout = child.stdout.take().map(|pipe| read_to_end(pipe, keep));
    let stderr = child
        .stderr
        .take()
        .map(|pipe| read_to_end(pipe, capture::nothing));
    let ending = wait(&mut child, &group, limit, interrupt)?;
    // A process it started and left behind would hold the pipes open.
    group.end();
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
    group: &Running,
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
            // It may have exited in the meantime: then ending it does nothing. (Where
            // there are no process groups, the child alone is killed.)
            group.end();
            let _ = child.kill();
            child.wait()?;
            return Ok(ending);
        }
        thread::sleep(pause);
        pause = (pause * 2).min(POLL);
    }
}

/// Reads a pipe on its own thread, so that a chatty child never blocks on a full pipe.
fn read_to_end(pipe: impl Read + Send + 'static, keep: KeepLine) -> JoinHandle<String> {
    thread::spawn(move || capture::read_capped(pipe, keep))
}

fn joined(reader: Option<JoinHandle<String>>) -> String {
    reader.and_then(|r| r.join().ok()).unwrap_or_default()
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

    fn run(
        command: &mut Command,
        limit: Option<Duration>,
        interrupt: &dyn Fn() -> bool,
    ) -> Finished {
        super::run(command, limit, interrupt, capture::nothing).unwrap()
    }

    /// Whether process `pid` has ended (or is a zombie waiting to be reaped), waiting a
    /// little for the kernel to deliver the signal.
    fn ended(pid: &str) -> bool {
        (0..200).any(|_| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let state = stat.rsplit(')').next().unwrap_or("").trim_start();
            let gone = stat.is_empty() || state.starts_with('Z');
            if !gone {
                thread::sleep(Duration::from_millis(10));
            }
            gone
        })
    }

    #[test]
    fn output_and_exit_status_are_collected() {
        let done = run(&mut shell("echo out; echo err >&2; exit 3"), None, &never);
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
        );
        assert_eq!(done.ending, Ending::TimedOut(limit));
        assert_eq!(done.stdout, "started\n", "the output so far is kept");
        assert!(start.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn an_interrupt_stops_the_process() {
        let start = Instant::now();
        let asked = || start.elapsed() > Duration::from_millis(100);
        let done = run(&mut shell("exec sleep 30"), None, &asked);
        assert_eq!(done.ending, Ending::Interrupted);
        assert!(start.elapsed() < Duration::from_secs(10));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn what_the_child_started_is_ended_with_it() {
        // A grandchild that outlives the time limit, and one left behind by a child that
        // exits; neither holds the pipes, so the run returns either way.
        let script = "sleep 300 >/dev/null 2>&1 & echo $!; exec sleep 300";
        let done = run(&mut shell(script), Some(Duration::from_millis(100)), &never);
        assert!(ended(done.stdout.trim()), "the grandchild still runs");
        let script = "sleep 300 >/dev/null 2>&1 & echo $!";
        let done = run(&mut shell(script), None, &never);
        assert!(matches!(done.ending, Ending::Exited(_)));
        assert!(
            ended(done.stdout.trim()),
            "the left-behind process still runs"
        );
    }
}
