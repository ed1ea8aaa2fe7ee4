//! Reference solutions: one module per exercise, with the same public API as its
//! skeleton in `exercises/`. `cargo test --features solutions` grades these.

pub mod adjusted_rand_index;
pub mod choosing_k;
pub mod classification_metrics;
pub mod dbscan;
pub mod gradient_descent;
pub mod kmeans;
pub mod kmeans_plus_plus;
pub mod linear_regression;
pub mod linear_regression_gd;
pub mod logistic_regression;
pub mod regression_metrics;
pub mod ridge;
pub mod sgd;
pub mod statistics;
