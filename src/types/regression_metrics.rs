//! Types for the `regression_metrics` exercise: only its error, shared with
//! `classification_metrics` (see [`super::metrics`]).

pub use super::metrics::MetricError;
