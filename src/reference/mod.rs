//! Reference solutions: one module per exercise, with the same public API as its
//! skeleton in `exercises/`. `cargo test --features solutions` grades these.

pub mod classification_metrics;
pub mod gradient_descent;
pub mod linear_regression;
pub mod linear_regression_gd;
pub mod logistic_regression;
pub mod regression_metrics;
pub mod ridge;
pub mod sgd;
pub mod statistics;
