//! The deep learning track: your layers, losses and optimizers beside the course's
//! references, a small network trained on the digits with them beside scikit-learn's
//! published figure, and the optimizers' race down the Rosenbrock valley (SVG plots in
//! `plots/`).
//!
//! Run: `cargo run -- compare layers_and_losses` (or `cargo run --release --example
//! deep_learning`).

#[path = "deep_learning/layers_and_losses.rs"]
mod layers_and_losses;
#[path = "deep_learning/optimizers.rs"]
mod optimizers;

fn main() {
    mlings::report::require_optimized("layers_and_losses");
    layers_and_losses::run();
    optimizers::run();
    mlings::report::write_page("Deep learning: yours, the reference, scikit-learn");
}
