//! Types for the `categorical_encoding` exercise: the encoder's parameters, the fitted
//! encoder, the encoded matrix with its feature names, and the errors.

use ndarray::Array2;

pub use crate::datasets::{Column, ColumnData, ColumnKind, Table, TableError};

/// How a categorical column becomes numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// One 0/1 column per category.
    OneHot,
    /// One column holding the category's index in the sorted category list.
    Ordinal,
}

/// What to do with a category the encoder did not see in the train table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// Return `Err(EncodingError::UnknownCategory { .. })`.
    Error,
    /// Encode it as all zeros (one-hot) or as [`UNKNOWN_ORDINAL`] (ordinal).
    Ignore,
}

/// The ordinal code of an unseen category under `Unknown::Ignore`.
pub const UNKNOWN_ORDINAL: f64 = -1.0;

/// How an encoder is fitted: `EncoderParams::one_hot()` (unknown categories are an
/// error, no level dropped) or `EncoderParams::ordinal()`, then the builder methods.
///
/// ```
/// use mlings::types::categorical_encoding::{EncoderParams, Unknown};
/// let params = EncoderParams::one_hot().drop_first(true).unknown(Unknown::Ignore);
/// assert!(params.check().is_ok());
/// assert!(EncoderParams::ordinal().drop_first(true).check().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncoderParams {
    pub encoding: Encoding,
    pub unknown: Unknown,
    /// One-hot only: leave out each column's first category (all zeros then means the
    /// first category), so the columns no longer sum to 1 (collinear with an intercept).
    pub drop_first: bool,
}

impl EncoderParams {
    /// One-hot encoding, unknown categories an error, nothing dropped.
    pub fn one_hot() -> Self {
        EncoderParams {
            encoding: Encoding::OneHot,
            unknown: Unknown::Error,
            drop_first: false,
        }
    }

    /// Ordinal encoding, unknown categories an error.
    pub fn ordinal() -> Self {
        EncoderParams {
            encoding: Encoding::Ordinal,
            ..Self::one_hot()
        }
    }

    /// Sets the handling of unseen categories.
    pub fn unknown(mut self, unknown: Unknown) -> Self {
        self.unknown = unknown;
        self
    }

    /// Sets whether the first category of each column is dropped (one-hot only).
    pub fn drop_first(mut self, drop: bool) -> Self {
        self.drop_first = drop;
        self
    }

    /// `InvalidParams` when `drop_first` is asked of an ordinal encoding (it has one
    /// column per feature: there is nothing to drop).
    pub fn check(&self) -> Result<(), EncodingError> {
        if self.drop_first && self.encoding == Encoding::Ordinal {
            return Err(EncodingError::InvalidParams(
                "drop_first applies to one-hot encoding only".to_string(),
            ));
        }
        Ok(())
    }
}

/// How one column of the train table is encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnEncoding {
    /// A numeric column, copied as it is.
    Passthrough,
    /// A categorical column and its categories, sorted (`str` order), each once.
    Categories(Vec<String>),
}

/// One column of the train table and its encoding.
#[derive(Debug, Clone, PartialEq)]
pub struct EncodedColumn {
    pub column: String,
    pub encoding: ColumnEncoding,
}

/// A fitted encoder.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoder {
    pub params: EncoderParams,
    /// One entry per column of the train table, in its column order.
    pub columns: Vec<EncodedColumn>,
}

/// An encoded table: a matrix with one row per table row, and the name of each of its
/// columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoded {
    pub features: Array2<f64>,
    pub feature_names: Vec<String>,
}

/// The name of the one-hot column of `category` in `column`: `"island_Biscoe"` (as
/// scikit-learn's `get_feature_names_out`).
pub fn one_hot_name(column: &str, category: &str) -> String {
    format!("{column}_{category}")
}

/// Input or parameters an encoder cannot work with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EncodingError {
    #[error("invalid encoder parameters: {0}")]
    InvalidParams(String),

    #[error("the train table has no rows: there are no categories to learn")]
    EmptyTable,

    #[error(
        "column {column:?}, row {row}: the cell is missing; encoding needs every cell \
         (impute the missing values first)"
    )]
    MissingCell { column: String, row: usize },

    #[error(
        "column {column:?}, row {row}: the category {value:?} was not seen when the encoder \
         was fitted (Unknown::Ignore encodes it instead of failing)"
    )]
    UnknownCategory {
        column: String,
        row: usize,
        value: String,
    },

    #[error(
        "the table's columns {found:?} are not the columns the encoder was fitted on \
         {expected:?} (same names, same order)"
    )]
    ColumnsMismatch {
        expected: Vec<String>,
        found: Vec<String>,
    },

    #[error("column {column:?} was {fitted} when the encoder was fitted, but is {found} here")]
    KindMismatch {
        column: String,
        fitted: ColumnKind,
        found: ColumnKind,
    },
}
