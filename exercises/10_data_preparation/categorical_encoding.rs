//! # Exercise: categorical encoding
//!
//! A model multiplies features by weights, so a penguin's island ("Biscoe", "Dream",
//! "Torgersen") must become numbers first. Two ways:
//!
//! - **one-hot**: one 0/1 column per category, `island_Biscoe`, `island_Dream`,
//!   `island_Torgersen`; a Dream penguin is `[0, 1, 0]`. No order is invented between
//!   the islands, which is why linear models want this one.
//! - **ordinal**: one column holding the category's index, Biscoe 0, Dream 1,
//!   Torgersen 2. Compact, but it claims Dream lies between Biscoe and Torgersen; fine
//!   for trees (they only split on thresholds), misleading for a linear model.
//!
//! The one-hot columns of a feature always sum to 1, the same as an intercept column:
//! the matrix is collinear, and an unpenalized linear regression has no unique solution.
//! Dropping each feature's first category (all zeros then means "the first one") removes
//! the redundancy.
//!
//! Like an imputer, an encoder is *fitted* on the train table (it learns the categories)
//! and applied unchanged to other tables. A category the train rows never showed (a
//! penguin from a fourth island) either is an error or is *ignored*: all zeros in one-hot
//! (no column is hot), `UNKNOWN_ORDINAL` (-1) in ordinal. The parameter decides.
//!
//! The table type: `table.columns()` gives each `Column` (`name`, `data`), and `data` is
//! `ColumnData::Numeric(Vec<Option<f64>>)` or `ColumnData::Categorical(Vec<Option<String>>)`;
//! `None` is a missing cell (impute first: see `missing_values`).
//!
//! Grade: `cargo test --test categorical_encoding` (or `cargo run -- check
//! categorical_encoding`).

// Also in mlings::types::categorical_encoding: Column, ColumnData, ColumnEncoding,
// ColumnKind, EncodedColumn, Encoding, Unknown, UNKNOWN_ORDINAL and one_hot_name (add
// the ones you use).
use mlings::types::categorical_encoding::{Encoded, Encoder, EncoderParams, EncodingError, Table};

/// Learns each column's encoding from the train table.
///
/// `Encoder { params: *params, columns }` with one `EncodedColumn` per column of the
/// table, in table order:
/// - a numeric column: `ColumnEncoding::Passthrough` (copied as it is);
/// - a categorical column: `ColumnEncoding::Categories` of its distinct values, each
///   once, **sorted** in Rust's `str` order (`"Biscoe" < "Dream" < "Torgersen"`; upper
///   case before lower case), whatever order the rows show them in.
///
/// Errors, checked in this order:
/// 1. `params.check()`'s error (`InvalidParams`: drop_first with ordinal encoding);
/// 2. `EncodingError::EmptyTable` when the table has no rows;
/// 3. `EncodingError::MissingCell { column, row }` for the first missing cell, looking
///    at the columns left to right and, within a column, at its rows top to bottom (a
///    missing number cannot be passed through either).
pub fn fit_encoder(params: &EncoderParams, train: &Table) -> Result<Encoder, EncodingError> {
    todo!()
}

/// The names of the encoded matrix's columns, in order: the table's columns left to
/// right, each giving
/// - a numeric column: its own name, once;
/// - a categorical column, one-hot: `one_hot_name(column, category)` (`"island_Dream"`)
///   for each of its categories in the encoder's (sorted) order, leaving out the first
///   one when `params.drop_first` (a column with a single category then gives none);
/// - a categorical column, ordinal: its own name, once.
///
/// Example: columns `island` (categories Biscoe, Dream) and `mass`: one-hot
/// `["island_Biscoe", "island_Dream", "mass"]`; with drop_first `["island_Dream",
/// "mass"]`; ordinal `["island", "mass"]`.
pub fn feature_names(encoder: &Encoder) -> Vec<String> {
    todo!()
}

/// Encodes a table with a fitted encoder: `Encoded { features, feature_names }`, where
/// `features` has one row per table row and one column per name of
/// `feature_names(encoder)`, in that order:
/// - a numeric column's value is copied;
/// - one-hot: 1.0 in the column of the row's category, 0.0 in the feature's other
///   columns; with drop_first, the first category is all zeros;
/// - ordinal: the category's index in the encoder's sorted list, as f64 (0.0, 1.0, ...);
/// - a category not in the encoder's list: with `Unknown::Error`,
///   `Err(EncodingError::UnknownCategory { column, row, value })`; with
///   `Unknown::Ignore`, all zeros (one-hot) or `UNKNOWN_ORDINAL` (ordinal).
///
/// The encoder is used as fitted: nothing is learnt from this table (its row order,
/// and which categories it happens to hold, change nothing but its own rows).
///
/// Errors, checked in this order:
/// 1. `EncodingError::ColumnsMismatch { expected, found }` unless the table's column
///    names are the encoder's, in the same order (`expected` the encoder's, `found` the
///    table's);
/// 2. `EncodingError::KindMismatch { column, fitted, found }` for the first column (left
///    to right) whose kind differs from the fitted one (`Passthrough` was numeric,
///    `Categories` categorical);
/// 3. cell by cell, the columns left to right and each column's rows top to bottom, the
///    first cell that is missing (`MissingCell { column, row }`) or, with
///    `Unknown::Error`, an unknown category (`UnknownCategory`).
pub fn encode(encoder: &Encoder, table: &Table) -> Result<Encoded, EncodingError> {
    todo!()
}
