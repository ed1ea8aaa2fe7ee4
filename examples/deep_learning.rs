//! The deep learning track: from automatic differentiation to a convolutional network
//! and a real framework, each exercise beside the reference solution.
//!
//! Run: `cargo run -- compare autodiff` (or `cargo run --release --example deep_learning`).

#[path = "deep_learning/autodiff.rs"]
mod autodiff;
#[path = "deep_learning/tensor_autograd.rs"]
mod tensor_autograd;

fn main() {
    mlings::report::require_optimized("autodiff");
    autodiff::run();
    tensor_autograd::run();
    mlings::report::write_page("Deep learning: yours, the reference");
}
