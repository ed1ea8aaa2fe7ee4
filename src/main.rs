//! The `mlings` runner: `cargo run` for your progress, `cargo run -- --help` for the rest.
//!
//! The runner is this binary's own module tree, not part of the library: `cargo doc`
//! shows a learner only what an exercise may use.

mod runner;

fn main() -> std::process::ExitCode {
    runner::main()
}
