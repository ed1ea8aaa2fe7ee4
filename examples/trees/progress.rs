//! A hand-written progress bar for long fits: a watcher thread redraws one line on
//! stderr while the work counts what it has finished. When stderr is not a terminal
//! (piped, CI), only the final line is written.

use std::io::{IsTerminal as _, Write as _};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const WIDTH: usize = 40;

/// Runs `work`, which adds 1 to the counter it is given per finished item, while a bar
/// of `done / total` items (with the elapsed time) is redrawn on stderr.
pub fn with_progress<T>(label: &str, total: usize, work: impl FnOnce(&AtomicUsize) -> T) -> T {
    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let start = Instant::now();
    let live = std::io::stderr().is_terminal();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while live && !finished.load(Ordering::Relaxed) {
                draw(label, done.load(Ordering::Relaxed), total, start.elapsed());
                std::thread::sleep(Duration::from_millis(100));
            }
            while !finished.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
            }
            draw(label, done.load(Ordering::Relaxed), total, start.elapsed());
            eprintln!();
        });
        let result = work(&done);
        finished.store(true, Ordering::Relaxed);
        result
    })
}

fn draw(label: &str, done: usize, total: usize, elapsed: Duration) {
    let filled = (WIDTH * done)
        .checked_div(total)
        .unwrap_or(WIDTH)
        .min(WIDTH);
    eprint!(
        "\r{label} [{}{}] {done}/{total}  {:.1} s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        elapsed.as_secs_f64()
    );
    let _ = std::io::stderr().flush();
}
