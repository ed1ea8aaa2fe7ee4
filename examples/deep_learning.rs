//! The deep learning track (issue 15): each exercise's part, beside the reference
//! solutions and scikit-learn's published figures, with SVG plots in `plots/`.
//!
//! Run: `cargo run -- compare cnn_digits` (or `cargo run --release --example deep_learning`).

#[allow(unused_variables, dead_code)]
#[path = "../exercises/12_deep_learning/convolution.rs"]
mod learner_conv;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/12_deep_learning/cnn_digits.rs"]
mod learner_cnn;

#[path = "deep_learning/cnn_digits.rs"]
mod cnn_digits;
#[path = "deep_learning/convolution.rs"]
mod convolution;

// The framework bridge needs candle: `cargo run -- compare cnn_digits` builds with
// `--features candle`.
#[cfg(feature = "candle")]
#[path = "deep_learning/candle_bridge.rs"]
mod candle_bridge;

fn main() {
    mlings::report::require_optimized("cnn_digits");
    convolution::run();
    cnn_digits::run();
    #[cfg(feature = "candle")]
    candle_bridge::run();
    #[cfg(not(feature = "candle"))]
    println!(
        "\nThe candle bridge (the same CNN trained in candle) is built with the candle \
         feature: cargo run -- compare cnn_digits"
    );
    mlings::report::write_page("deep learning");
}
