//! The `mlings` runner: `cargo run` for your progress, `cargo run -- --help` for the rest.

fn main() -> std::process::ExitCode {
    mlings::runner::main()
}
