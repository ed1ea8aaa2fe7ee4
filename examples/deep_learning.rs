//! The deep learning track (issue 15): each exercise's part, beside the reference
//! solutions and scikit-learn's published figures.
//!
//! Run: `cargo run -- compare cnn_digits` (or `cargo run --release --example deep_learning`).

#[path = "deep_learning/cnn_digits.rs"]
mod cnn_digits;

// The framework bridge needs candle: `cargo run -- compare cnn_digits` builds with
// `--features candle`.
#[cfg(feature = "candle")]
#[path = "deep_learning/candle_bridge.rs"]
mod candle_bridge;

fn main() {
    cnn_digits::run();
    #[cfg(feature = "candle")]
    candle_bridge::run();
    #[cfg(not(feature = "candle"))]
    println!(
        "\nThe candle bridge (the same CNN trained in candle) is built with the candle \
         feature: cargo run -- compare cnn_digits"
    );
}
