//! Errors from reading, naming and splitting datasets.

use std::path::PathBuf;

/// Everything that can go wrong while loading or preparing a dataset.
///
/// Each variant names the file (and where it helps, the line and column) so a
/// learner can open the file and fix it.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{file}: line {line}, column {column} ({column_name:?}): {text:?} is not a number")]
    NotANumber {
        file: String,
        line: u64,
        column: usize,
        column_name: String,
        text: String,
    },

    #[error("{file}: line {line} has {found} fields but the header has {expected}")]
    RaggedRow {
        file: String,
        line: u64,
        expected: usize,
        found: usize,
    },

    #[error("{file}: malformed CSV at line {line}: {message}")]
    Malformed {
        file: String,
        line: u64,
        message: String,
    },

    #[error("{file}: no data rows (a header and at least one row are needed)")]
    Empty { file: String },

    #[error("{file}: no column named {column:?}; the columns are {columns:?}")]
    MissingColumn {
        file: String,
        column: String,
        columns: Vec<String>,
    },

    #[error("{file}: needs at least one feature column besides the target {target:?}")]
    NoFeatures { file: String, target: String },

    #[error("unknown dataset {name:?}; the bundled datasets are {known:?}")]
    UnknownDataset {
        name: String,
        known: &'static [&'static str],
    },

    #[error("the targets of {dataset} are not class labels: row {row} has {value}")]
    NotClassLabels {
        dataset: String,
        row: usize,
        value: f64,
    },

    #[error("{dataset} has no reference {what} (only the bundled classification sets have folds)")]
    NoReferenceSplit { dataset: String, what: &'static str },

    #[error("row index {index} is out of range for {dataset}, which has {rows} rows")]
    RowOutOfRange {
        dataset: String,
        index: usize,
        rows: usize,
    },

    #[error("shape mismatch in {what}: expected {expected}, got {got}")]
    Shape {
        what: String,
        expected: String,
        got: String,
    },

    #[error("invalid {what}: {why}")]
    Invalid { what: &'static str, why: String },
}
