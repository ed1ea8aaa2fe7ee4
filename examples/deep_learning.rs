//! The deep learning track: your automatic differentiation, layers, losses, optimizers, convolution and CNN beside
//! the course's references and scikit-learn's published figures: a small network trained
//! on the digits, the optimizers' race down the Rosenbrock valley, and a CNN on the digits
//! (SVG plots in `plots/`).
//!
//! Run: `cargo run -- compare cnn_digits` (or `cargo run --release --example deep_learning`).

#[allow(unused_variables, dead_code)]
#[path = "../exercises/12_deep_learning/convolution.rs"]
mod learner_conv;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/12_deep_learning/cnn_digits.rs"]
mod learner_cnn;

#[path = "deep_learning/autodiff.rs"]
mod autodiff;
#[path = "deep_learning/cnn_digits.rs"]
mod cnn_digits;
#[path = "deep_learning/convolution.rs"]
mod convolution;
#[path = "deep_learning/layers_and_losses.rs"]
mod layers_and_losses;
#[path = "deep_learning/optimizers.rs"]
mod optimizers;
#[path = "deep_learning/tensor_autograd.rs"]
mod tensor_autograd;

// The framework bridge needs candle: `cargo run -- compare cnn_digits` builds with
// `--features candle`.
#[cfg(feature = "candle")]
#[path = "deep_learning/candle_bridge.rs"]
mod candle_bridge;

fn main() {
    mlings::report::require_optimized("cnn_digits");
    autodiff::run();
    tensor_autograd::run();
    layers_and_losses::run();
    optimizers::run();
    convolution::run();
    cnn_digits::run();
    #[cfg(feature = "candle")]
    candle_bridge::run();
    #[cfg(not(feature = "candle"))]
    println!(
        "\nThe candle bridge (the same CNN trained in candle) is built with the candle \
         feature: cargo run -- compare cnn_digits"
    );
    mlings::report::write_page("Deep learning: yours, the reference, scikit-learn");
}
