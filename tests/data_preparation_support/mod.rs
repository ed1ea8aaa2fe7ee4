//! Hand-made tables and table checks shared by the data preparation graders.
#![allow(dead_code)] // each grader uses some of these

use mlings::datasets::{Column, ColumnData, Table};
use mlings::grade::fail;

/// A numeric column from cells written with `NAN` for a missing cell (only here, in
/// the grader: the table itself never holds NaN).
pub fn num(name: &str, cells: &[f64]) -> Column {
    Column::numeric(
        name,
        cells
            .iter()
            .map(|&v| if v.is_nan() { None } else { Some(v) })
            .collect(),
    )
}

/// A categorical column from cells written with `""` for a missing cell.
pub fn cat(name: &str, cells: &[&str]) -> Column {
    Column::categorical(
        name,
        cells
            .iter()
            .map(|&v| if v.is_empty() { None } else { Some(v) }),
    )
}

pub const NA: f64 = f64::NAN;

/// A table from columns the grader wrote (valid by construction).
pub fn table(columns: Vec<Column>) -> Table {
    Table::new("hand-made", columns).expect("the grader's hand-made tables are valid")
}

/// The text of one cell, for messages: `NA`, a number or a quoted category.
pub fn cell_text(column: &Column, row: usize) -> String {
    match &column.data {
        ColumnData::Numeric(v) => v[row].map_or("NA".to_string(), |x| x.to_string()),
        ColumnData::Categorical(v) => v[row]
            .as_ref()
            .map_or("NA".to_string(), |x| format!("{x:?}")),
    }
}

/// Where `got` first differs from `expected` (column names, kinds, lengths, then the
/// first cell, column by column), in a line; `None` when they are equal.
pub fn first_difference(got: &Table, expected: &Table) -> Option<String> {
    if got.column_names() != expected.column_names() {
        return Some(format!(
            "the columns {}",
            names_text(&got.column_names(), &expected.column_names())
        ));
    }
    if got.n_rows() != expected.n_rows() {
        return Some(format!(
            "{} rows, expected {}",
            got.n_rows(),
            expected.n_rows()
        ));
    }
    for (g, e) in got.columns().iter().zip(expected.columns()) {
        if g.kind() != e.kind() {
            return Some(format!(
                "column {:?} is {}, expected {}",
                g.name,
                g.kind(),
                e.kind()
            ));
        }
        for row in 0..g.len() {
            let same = match (&g.data, &e.data) {
                (ColumnData::Numeric(a), ColumnData::Numeric(b)) => match (a[row], b[row]) {
                    (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * y.abs().max(1.0),
                    (x, y) => x == y,
                },
                (ColumnData::Categorical(a), ColumnData::Categorical(b)) => a[row] == b[row],
                _ => false,
            };
            if !same {
                return Some(format!(
                    "column {:?}, row {row}: expected {}, got {}",
                    g.name,
                    cell_text(e, row),
                    cell_text(g, row)
                ));
            }
        }
    }
    if got.name() != expected.name() {
        return Some(format!(
            "the table is named {:?}, expected {:?} (keep the input's name)",
            got.name(),
            expected.name()
        ));
    }
    None
}

/// Fails unless `got` equals `expected`, cell by cell; names the mistake of the first
/// entry of `mistakes` whose table `got` equals.
#[track_caller]
pub fn expect_table(what: &str, got: &Table, expected: &Table, mistakes: &[(Table, &str)]) {
    let Some(difference) = first_difference(got, expected) else {
        return;
    };
    let mut message = format!("{what}: {difference}");
    if let Some((_, why)) = mistakes
        .iter()
        .find(|(wrong, _)| first_difference(got, wrong).is_none())
    {
        message.push_str(&format!("\n    likely mistake: {why}"));
    }
    fail(message);
}

/// The rows of `table` that have a missing cell in some column.
pub fn rows_with_gaps(table: &Table) -> Vec<usize> {
    (0..table.n_rows())
        .filter(|&r| table.columns().iter().any(|c| c.is_missing(r)))
        .collect()
}

/// How two lists of names differ, in a line: both lists when they are short, otherwise
/// the lengths and the first position where they differ.
pub fn names_text<S: AsRef<str> + std::fmt::Debug>(got: &[S], expected: &[S]) -> String {
    let both = format!("are {got:?}, expected {expected:?}");
    if both.chars().count() <= 240 {
        return both;
    }
    let at = got
        .iter()
        .zip(expected)
        .position(|(g, e)| g.as_ref() != e.as_ref())
        .unwrap_or(got.len().min(expected.len()));
    let show = |names: &[S]| {
        names
            .get(at)
            .map_or("nothing".to_string(), |n| format!("{n:?}"))
    };
    format!(
        "are {} names, expected {}; the first difference is at position {at}: {} where {} \
         was expected",
        got.len(),
        expected.len(),
        show(got),
        show(expected)
    )
}
