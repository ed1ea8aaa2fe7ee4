//! Every child the runner starts (a grader, cargo, an example) leads a process group of
//! its own, so that ending it ends whatever it started too: a learner's code that spawns
//! `sleep` and loops forever must not outlive the time limit, nor hold the output pipes
//! open. The groups still running are ended when the runner itself is stopped (Ctrl-C,
//! `kill`), so that a grader never keeps a core busy behind the learner's back.

use std::process::Command;

/// Makes `command` start in a new process group, led by the child.
pub fn isolate(command: &mut Command) -> &mut Command {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
        on_stop::install();
    }
    command
}

/// A running group, ended when the runner is stopped, until this is dropped.
pub struct Running {
    #[cfg(unix)]
    slot: Option<usize>,
    #[cfg_attr(not(unix), allow(dead_code))]
    id: u32,
}

impl Running {
    /// Registers the group led by the child `id`.
    pub fn register(id: u32) -> Running {
        Running {
            #[cfg(unix)]
            slot: on_stop::register(id),
            id,
        }
    }

    /// Ends every process of the group (the leader too, if it still runs). A group that
    /// has ended already is no error.
    pub fn end(&self) {
        #[cfg(unix)]
        if let Ok(id) = libc::pid_t::try_from(self.id) {
            // SAFETY: kill has no memory-safety preconditions.
            unsafe {
                libc::kill(-id, libc::SIGKILL);
            }
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(slot) = self.slot {
            on_stop::unregister(slot);
        }
    }
}

/// The groups to end when the runner receives SIGINT, SIGTERM or SIGHUP.
#[cfg(unix)]
mod on_stop {
    use std::sync::Once;
    use std::sync::atomic::{AtomicI32, Ordering};

    /// The runner runs one child at a time (a few with `dev check`): a handful of slots
    /// is plenty. A child that finds none is still ended by its time limit.
    static GROUPS: [AtomicI32; 8] = [const { AtomicI32::new(0) }; 8];

    pub fn register(id: u32) -> Option<usize> {
        let id = i32::try_from(id).ok()?;
        GROUPS.iter().position(|slot| {
            slot.compare_exchange(0, id, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
        })
    }

    pub fn unregister(slot: usize) {
        GROUPS[slot].store(0, Ordering::SeqCst);
    }

    /// Installs the handler once per process.
    pub fn install() {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                // SAFETY: the handler only calls async-signal-safe functions (kill,
                // signal, raise) and reads atomics.
                unsafe {
                    libc::signal(signal, handler as *const () as libc::sighandler_t);
                }
            }
        });
    }

    /// Ends the registered groups, then lets the signal do what it would have done.
    extern "C" fn handler(signal: libc::c_int) {
        for slot in &GROUPS {
            let id = slot.load(Ordering::SeqCst);
            if id > 0 {
                // SAFETY: async-signal-safe calls only.
                unsafe {
                    libc::kill(-id, libc::SIGKILL);
                }
            }
        }
        // SAFETY: async-signal-safe calls only.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }
}
