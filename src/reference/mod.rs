//! Reference solutions: one module per exercise, with the same public API as its
//! skeleton in `exercises/`. `cargo test --features solutions` grades these.

pub mod bagging;
pub mod best_split;
pub mod decision_tree;
pub mod gradient_descent;
pub mod impurity;
pub mod random_forest;
pub mod regression_tree;
pub mod statistics;
