//! Types for the `statistics` exercise.

/// Which variance: of a whole population, or estimated from a sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarianceKind {
    /// Divide the sum of squared deviations by n.
    Population,
    /// Divide by n - 1 (Bessel's correction): an unbiased estimate from a sample.
    Sample,
}

/// Input on which a statistic is undefined.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatsError {
    #[error("no values: the statistic of an empty input is undefined")]
    Empty,
    #[error("a sample statistic needs at least 2 values, got {n}")]
    TooFewForSample { n: usize },
    #[error("the inputs have different lengths: {left} and {right}")]
    LengthMismatch { left: usize, right: usize },
    #[error("{what} is constant (zero variance), so the result is undefined")]
    Constant { what: String },
}
