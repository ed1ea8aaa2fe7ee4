//! Types for the `missing_values` exercise: the imputer's parameters, the fitted
//! imputer, and its errors.

pub use crate::datasets::{Column, ColumnData, ColumnKind, Table, TableError};

/// What fills a missing cell of a numeric column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumericFill {
    /// The mean of the column's observed train values.
    Mean,
    /// The median of the column's observed train values (the mean of the two middle
    /// values when their number is even).
    Median,
}

/// How an imputer is fitted. `ImputerParams::new()` fills numbers by the mean and adds
/// no indicator columns (scikit-learn's `SimpleImputer` defaults).
///
/// ```
/// use mlings::types::missing_values::{ImputerParams, NumericFill};
/// let params = ImputerParams::new().numeric(NumericFill::Median).indicators(true);
/// assert!(params.add_indicators);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImputerParams {
    /// The fill of numeric columns; a categorical column always gets its most
    /// frequent train value.
    pub numeric: NumericFill,
    /// Whether to append a 0/1 indicator column for every column that had a missing
    /// cell in the train table.
    pub add_indicators: bool,
}

impl Default for ImputerParams {
    fn default() -> Self {
        Self::new()
    }
}

impl ImputerParams {
    /// Mean fill, no indicators.
    pub fn new() -> Self {
        ImputerParams {
            numeric: NumericFill::Mean,
            add_indicators: false,
        }
    }

    /// Sets the numeric fill.
    pub fn numeric(mut self, fill: NumericFill) -> Self {
        self.numeric = fill;
        self
    }

    /// Sets whether indicator columns are added.
    pub fn indicators(mut self, add: bool) -> Self {
        self.add_indicators = add;
        self
    }
}

/// The value that replaces the missing cells of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Fill {
    /// For a numeric column.
    Number(f64),
    /// For a categorical column.
    Category(String),
}

/// One column's fill, learnt from the train table.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnFill {
    pub column: String,
    pub fill: Fill,
}

/// A fitted imputer: what it learnt from the train table, applied unchanged to any
/// table with the same columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Imputer {
    /// One fill per column of the train table, in its column order.
    pub fills: Vec<ColumnFill>,
    /// The columns that get an indicator column, in table order: those with at least
    /// one missing train cell (empty unless `add_indicators`).
    pub indicators: Vec<String>,
}

/// The name of the indicator column of `column`: `"sex"` gives `"sex_missing"`.
pub fn indicator_name(column: &str) -> String {
    format!("{column}_missing")
}

/// Input on which a missing-value step is undefined.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MissingError {
    #[error("the table has no rows: there is nothing to learn a fill from, or to count")]
    EmptyTable,

    #[error(
        "column {column:?} has no observed value in the train table: no mean, median or \
         most frequent value exists (drop the column first)"
    )]
    AllMissing { column: String },

    #[error("max_missing_fraction must be a number in [0, 1], got {value}")]
    InvalidFraction { value: f64 },

    #[error(
        "the table's columns {found:?} are not the columns the imputer was fitted on \
         {expected:?} (same names, same order)"
    )]
    ColumnsMismatch {
        expected: Vec<String>,
        found: Vec<String>,
    },

    #[error("column {column:?} was {fitted} when the imputer was fitted, but is {found} here")]
    KindMismatch {
        column: String,
        fitted: ColumnKind,
        found: ColumnKind,
    },

    #[error(transparent)]
    Table(#[from] TableError),
}
