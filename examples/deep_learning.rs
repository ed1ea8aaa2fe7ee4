//! The deep learning track (issue 15): each exercise's part, beside the reference
//! solutions and scikit-learn's published figures.
//!
//! Run: `cargo run -- compare cnn_digits` (or `cargo run --release --example deep_learning`).

#[path = "deep_learning/cnn_digits.rs"]
mod cnn_digits;

fn main() {
    cnn_digits::run();
}
