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

    #[error(
        "{file}: line {line}, column {column} ({column_name:?}): {text:?} is not a finite number \
         (NaN, infinity, or too large for f64); every cell must hold a real value: fill it in \
         or drop the row"
    )]
    NotFinite {
        file: String,
        line: u64,
        column: usize,
        column_name: String,
        text: String,
    },

    #[error(
        "{file}: a quoted field starting on line {line} runs over several lines: a quote (\") \
         that is never closed?"
    )]
    UnterminatedQuote { file: String, line: u64 },

    #[error(
        "{file}: the header (the first line) has no column names; it must name every column, \
         separated by commas, e.g. sepal_length,sepal_width,species"
    )]
    EmptyHeader { file: String },

    #[error("{file}: column {column} of the header has no name")]
    UnnamedColumn { file: String, column: usize },

    #[error(
        "{file}: the header is a single column {header:?}: the file seems to be separated by \
         {separator} (mlings reads comma-separated files: replace the {separator} by commas)"
    )]
    WrongSeparator {
        file: String,
        header: String,
        separator: &'static str,
    },

    #[error("{file}: columns {first} and {second} are both named {name:?}; names must be unique")]
    DuplicateColumn {
        file: String,
        name: String,
        first: usize,
        second: usize,
    },

    #[error(
        "{dataset}: these rows are not the rows of a bundled dataset (your own file, a shuffled \
         copy or a subset?): the reference {what} numbers the bundled rows, so it does not apply \
         here; make one with mlings::prep::train_test_split"
    )]
    NotTheBundledRows { dataset: String, what: &'static str },

    #[error(
        "{dataset} has {rows} rows of features but {targets} targets: one target per row is needed"
    )]
    TargetsMismatch {
        dataset: String,
        rows: usize,
        targets: usize,
    },

    #[error("{what}: {source}")]
    NotAClassIndex {
        what: String,
        source: crate::types::labels::NotAClassIndex,
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
