//! # Exercise: missing values
//!
//! Real tables have holes. In the Palmer penguins table (`mlings::datasets::penguins()`)
//! two birds have no measurements at all and eleven have no recorded sex. A model needs
//! a number in every cell, so before training you either drop what is incomplete or
//! fill it in (impute it):
//!
//! - count the missing cells of each column, to see where the holes are;
//! - drop the rows that have a hole (simple, but it throws away data, and at prediction
//!   time you cannot drop the row you were asked about);
//! - drop the columns that are mostly holes;
//! - impute: replace each missing cell by a value learnt from the **train** rows only,
//!   the mean or median of a numeric column, the most frequent value of a categorical
//!   one, and optionally add a 0/1 column saying "this cell was missing" (the fact that a
//!   value is missing can itself predict the target).
//!
//! The imputer is *fitted* on the train table and then *applied unchanged* to every
//! other table (validation, test, a new penguin): computing the fill on the test rows
//! would leak information from them into the model.
//!
//! The table type: a `Table` has named columns (`table.columns()`, each a `Column`
//! with `name` and `data`), and `data` is `ColumnData::Numeric(Vec<Option<f64>>)` or
//! `ColumnData::Categorical(Vec<Option<String>>)`; `None` is a missing cell.
//! `column.is_missing(row)`, `table.n_rows()`, `table.column(name)?`,
//! `Table::new(name, columns)?` and `Column::numeric(name, cells)` help.
//!
//! Grade: `cargo test --test missing_values` (or `cargo run -- check missing_values`).

// Also in mlings::types::missing_values: Column, ColumnData, ColumnFill, Fill,
// NumericFill, TableError and indicator_name (add the ones you use).
use mlings::types::missing_values::{Imputer, ImputerParams, MissingError, Table};

/// The number of missing cells of each column, in the table's column order.
///
/// Example: a table with columns `mass = [3.5, NA, NA]` and `sex = [NA, "male", "female"]`
/// gives `[2, 1]`. A table without rows gives one 0 per column; a table without columns
/// gives `[]`.
pub fn count_missing(table: &Table) -> Vec<usize> {
    todo!()
}

/// The rows to keep when dropping every row with a missing cell: the indices (0-based,
/// ascending) of the rows that have no missing cell in the checked columns.
///
/// `subset` names the columns to check: `None` checks every column; `Some(names)` checks
/// only those (a hole elsewhere does not drop the row; `Some(&[])` checks nothing and
/// keeps every row). A name that is not a column of the table is
/// `Err(MissingError::Table(TableError::NoSuchColumn { .. }))`, the error
/// `table.column(name)` returns, for the first such name in `subset` order.
///
/// Example: `mass = [3.5, NA, 4.0]`, `sex = [NA, "male", "female"]`: `None` keeps `[2]`,
/// `Some(&["mass"])` keeps `[0, 2]`.
pub fn complete_rows(table: &Table, subset: Option<&[&str]>) -> Result<Vec<usize>, MissingError> {
    todo!()
}

/// The table without its sparse columns: a column is kept when its fraction of missing
/// cells, `missing / n_rows`, is at most `max_missing_fraction` (a fraction exactly
/// equal is kept). Kept columns stay in their order, unchanged; the table keeps its name.
/// `0.0` keeps only the complete columns, `1.0` keeps every column.
///
/// Errors, checked in this order:
/// 1. `MissingError::InvalidFraction { value }` unless `0 <= max_missing_fraction <= 1`
///    (NaN included);
/// 2. `MissingError::EmptyTable` when the table has no rows (no fraction exists).
pub fn drop_sparse_columns(
    table: &Table,
    max_missing_fraction: f64,
) -> Result<Table, MissingError> {
    todo!()
}

/// Learns, from the train table, the value that fills each column's missing cells.
///
/// For every column, in table order, a `ColumnFill` with the column's name and:
/// - a numeric column: `Fill::Number` of the **observed** cells' (the `Some` ones)
///   mean (`NumericFill::Mean`: their sum divided by how many they are) or median
///   (`NumericFill::Median`: sort them; the middle one when their number is odd, the
///   mean of the two middle ones when it is even): `params.numeric` decides;
/// - a categorical column: `Fill::Category` of the most frequent observed value; when
///   several values are equally frequent, the smallest in Rust's `str` order
///   (`"female" < "male"`, `"Biscoe" < "Dream"`, upper case before lower case).
///
/// Every column gets a fill, even one without missing cells (a test table may have a
/// hole where the train table had none).
///
/// `indicators`: when `params.add_indicators`, the names of the columns with at least
/// one missing train cell, in table order; otherwise empty.
///
/// Errors, checked in this order:
/// 1. `MissingError::EmptyTable` when the train table has no rows;
/// 2. `MissingError::AllMissing { column }` for the first column (in table order) with
///    no observed cell at all.
///
/// On the penguins' reference train rows the medians are 44.9, 17.3, 197 and 4050, the
/// island mode is Biscoe and the sex mode male (134 against 130).
pub fn fit_imputer(params: &ImputerParams, train: &Table) -> Result<Imputer, MissingError> {
    todo!()
}

/// Applies a fitted imputer to a table (the train table itself, or any other): every
/// missing cell becomes its column's fill, every observed cell stays as it is; then one
/// numeric indicator column per entry of `imputer.indicators`, in that order, after all
/// the table's columns, named `indicator_name(column)` (`"sex"` -> `"sex_missing"`),
/// holding 1.0 where that column's cell was missing in *this* table and 0.0 elsewhere.
/// The result keeps the table's name and has no missing cell.
///
/// The imputer is used as fitted: nothing is learnt from this table.
///
/// Errors, checked in this order:
/// 1. `MissingError::ColumnsMismatch { expected, found }` unless the table's column
///    names are the imputer's (`imputer.fills`' columns), in the same order; `expected`
///    lists the imputer's names, `found` the table's;
/// 2. `MissingError::KindMismatch { column, fitted, found }` for the first column
///    whose kind differs from its fill's (`Fill::Number` fills a numeric column,
///    `Fill::Category` a categorical one).
pub fn impute(imputer: &Imputer, table: &Table) -> Result<Table, MissingError> {
    todo!()
}
