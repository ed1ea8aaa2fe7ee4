//! The types an exercise's functions take and return (parameters, results, errors).
//!
//! They live here, not in the exercise file, so that the learner's skeleton, the
//! reference solution and the grader all speak about the very same types.

pub mod cross_validation;
pub mod gradient_descent;
pub mod model;
pub mod neural_network;
pub mod overfitting;
pub mod statistics;
