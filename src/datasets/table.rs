//! A small typed table: named columns, each either numeric (`Option<f64>`) or
//! categorical (`Option<String>`), where `None` is a missing cell.
//!
//! It exists to teach data preparation (missing values, categorical encoding), not to
//! replace a dataframe library: it holds columns, checks that they fit together, and
//! selects rows and columns. Everything else is the exercises' work.
//!
//! ```
//! use mlings::datasets::{Column, Table};
//! let table = Table::new(
//!     "toy",
//!     vec![
//!         Column::numeric("mass", vec![Some(3.5), None, Some(4.0)]),
//!         Column::categorical("island", [Some("Biscoe"), Some("Dream"), None]),
//!     ],
//! )
//! .unwrap();
//! assert_eq!((table.n_rows(), table.n_columns()), (3, 2));
//! assert_eq!(table.numeric("mass").unwrap()[1], None);
//! ```

use std::fmt;
use std::path::Path;

use super::DataError;
use super::csv_loader::read_text_table;

/// Whether a column holds numbers or category names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Real values (`Option<f64>`).
    Numeric,
    /// Category names (`Option<String>`), e.g. an island or a sex.
    Categorical,
}

impl fmt::Display for ColumnKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ColumnKind::Numeric => "numeric",
            ColumnKind::Categorical => "categorical",
        })
    }
}

/// The cells of one column, top to bottom; `None` is a missing cell.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    Numeric(Vec<Option<f64>>),
    Categorical(Vec<Option<String>>),
}

/// A named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub data: ColumnData,
}

impl Column {
    /// A numeric column.
    pub fn numeric(name: &str, values: Vec<Option<f64>>) -> Column {
        Column {
            name: name.to_string(),
            data: ColumnData::Numeric(values),
        }
    }

    /// A categorical column: `Column::categorical("sex", [Some("male"), None])`.
    pub fn categorical<'a>(
        name: &str,
        values: impl IntoIterator<Item = Option<&'a str>>,
    ) -> Column {
        Column {
            name: name.to_string(),
            data: ColumnData::Categorical(
                values.into_iter().map(|v| v.map(str::to_string)).collect(),
            ),
        }
    }

    /// Numeric or categorical.
    pub fn kind(&self) -> ColumnKind {
        match self.data {
            ColumnData::Numeric(_) => ColumnKind::Numeric,
            ColumnData::Categorical(_) => ColumnKind::Categorical,
        }
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        match &self.data {
            ColumnData::Numeric(v) => v.len(),
            ColumnData::Categorical(v) => v.len(),
        }
    }

    /// True when the column has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the cell in `row` is missing (`false` past the last row).
    pub fn is_missing(&self, row: usize) -> bool {
        match &self.data {
            ColumnData::Numeric(v) => v.get(row).is_some_and(Option::is_none),
            ColumnData::Categorical(v) => v.get(row).is_some_and(Option::is_none),
        }
    }

    /// The column with only the given rows, in the given order (rows must be in range).
    fn select(&self, rows: &[usize]) -> Column {
        Column {
            name: self.name.clone(),
            data: match &self.data {
                ColumnData::Numeric(v) => ColumnData::Numeric(rows.iter().map(|&r| v[r]).collect()),
                ColumnData::Categorical(v) => {
                    ColumnData::Categorical(rows.iter().map(|&r| v[r].clone()).collect())
                }
            },
        }
    }
}

/// What can be wrong with a table, or with the text it is read from.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TableError {
    #[error(
        "{file}: line {line}, column {column} ({column_name:?}): the cell {text:?} is missing, \
         but column {column_name:?} is not declared nullable"
    )]
    MissingCell {
        file: String,
        line: u64,
        column: usize,
        column_name: String,
        text: String,
    },

    #[error(
        "{file}: line {line}, column {column} ({column_name:?}): {text:?} is not a number \
         (a missing cell is written NA or left empty)"
    )]
    NotANumber {
        file: String,
        line: u64,
        column: usize,
        column_name: String,
        text: String,
    },

    #[error("{file}: {message}")]
    Csv { file: String, message: String },

    #[error("{file}: no column named {column:?}; the columns are {columns:?}")]
    FileLacksColumn {
        file: String,
        column: String,
        columns: Vec<String>,
    },

    #[error("table {table:?}: no column named {column:?}; the columns are {columns:?}")]
    NoSuchColumn {
        table: String,
        column: String,
        columns: Vec<String>,
    },

    #[error("table {table:?}: column {column:?} is {found}, not {expected}")]
    WrongKind {
        table: String,
        column: String,
        expected: ColumnKind,
        found: ColumnKind,
    },

    #[error(
        "table {table:?}: column {column:?} has {found} cells but the first column has \
         {expected}: every column needs one cell per row"
    )]
    LengthMismatch {
        table: String,
        column: String,
        expected: usize,
        found: usize,
    },

    #[error("table {table:?}: two columns are named {name:?}; names must be unique")]
    DuplicateColumn { table: String, name: String },

    #[error(
        "table {table:?}: column {column:?}, row {row} holds {value}, which is not a finite \
         number (a missing cell is None, never NaN)"
    )]
    NotFinite {
        table: String,
        column: String,
        row: usize,
        value: f64,
    },

    #[error("table {table:?}: row index {index} is out of range (the table has {rows} rows)")]
    RowOutOfRange {
        table: String,
        index: usize,
        rows: usize,
    },
}

/// A table of named, typed columns, all with one cell per row.
///
/// Built by [`Table::new`], which checks that the columns have equal lengths and unique
/// names and that no numeric cell is NaN or infinite (a missing cell is `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    name: String,
    columns: Vec<Column>,
}

impl Table {
    /// A table from its columns, in order. Errors: `DuplicateColumn`, `LengthMismatch`
    /// (against the first column), `NotFinite`.
    pub fn new(name: &str, columns: Vec<Column>) -> Result<Table, TableError> {
        for (i, column) in columns.iter().enumerate() {
            if columns[..i].iter().any(|c| c.name == column.name) {
                return Err(TableError::DuplicateColumn {
                    table: name.to_string(),
                    name: column.name.clone(),
                });
            }
            if column.len() != columns[0].len() {
                return Err(TableError::LengthMismatch {
                    table: name.to_string(),
                    column: column.name.clone(),
                    expected: columns[0].len(),
                    found: column.len(),
                });
            }
            if let ColumnData::Numeric(values) = &column.data
                && let Some((row, value)) = values
                    .iter()
                    .enumerate()
                    .find_map(|(r, v)| v.filter(|x| !x.is_finite()).map(|x| (r, x)))
            {
                return Err(TableError::NotFinite {
                    table: name.to_string(),
                    column: column.name.clone(),
                    row,
                    value,
                });
            }
        }
        Ok(Table {
            name: name.to_string(),
            columns,
        })
    }

    /// The table's name (e.g. `"penguins"`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The column names, in order.
    pub fn column_names(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.name.clone()).collect()
    }

    /// Number of rows (0 for a table without columns).
    pub fn n_rows(&self) -> usize {
        self.columns.first().map_or(0, Column::len)
    }

    /// Number of columns.
    pub fn n_columns(&self) -> usize {
        self.columns.len()
    }

    /// The column called `name`, or `NoSuchColumn` listing the columns.
    pub fn column(&self, name: &str) -> Result<&Column, TableError> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| TableError::NoSuchColumn {
                table: self.name.clone(),
                column: name.to_string(),
                columns: self.column_names(),
            })
    }

    /// The cells of the numeric column `name` (`NoSuchColumn`, or `WrongKind`).
    pub fn numeric(&self, name: &str) -> Result<&[Option<f64>], TableError> {
        match &self.column(name)?.data {
            ColumnData::Numeric(values) => Ok(values),
            ColumnData::Categorical(_) => Err(self.wrong_kind(name, ColumnKind::Numeric)),
        }
    }

    /// The cells of the categorical column `name` (`NoSuchColumn`, or `WrongKind`).
    pub fn categorical(&self, name: &str) -> Result<&[Option<String>], TableError> {
        match &self.column(name)?.data {
            ColumnData::Categorical(values) => Ok(values),
            ColumnData::Numeric(_) => Err(self.wrong_kind(name, ColumnKind::Categorical)),
        }
    }

    fn wrong_kind(&self, name: &str, expected: ColumnKind) -> TableError {
        TableError::WrongKind {
            table: self.name.clone(),
            column: name.to_string(),
            expected,
            found: match expected {
                ColumnKind::Numeric => ColumnKind::Categorical,
                ColumnKind::Categorical => ColumnKind::Numeric,
            },
        }
    }

    /// A table with only the given rows, in the given order (`RowOutOfRange`).
    pub fn select_rows(&self, rows: &[usize]) -> Result<Table, TableError> {
        if let Some(&index) = rows.iter().find(|&&r| r >= self.n_rows()) {
            return Err(TableError::RowOutOfRange {
                table: self.name.clone(),
                index,
                rows: self.n_rows(),
            });
        }
        Ok(Table {
            name: self.name.clone(),
            columns: self.columns.iter().map(|c| c.select(rows)).collect(),
        })
    }

    /// A table with only the named columns, in the given order (`NoSuchColumn`).
    pub fn select_columns(&self, names: &[&str]) -> Result<Table, TableError> {
        let columns = names
            .iter()
            .map(|name| self.column(name).cloned())
            .collect::<Result<Vec<_>, _>>()?;
        Table::new(&self.name, columns)
    }

    /// This table with `column` appended (the checks of [`Table::new`]).
    pub fn with_column(&self, column: Column) -> Result<Table, TableError> {
        let mut columns = self.columns.clone();
        columns.push(column);
        Table::new(&self.name, columns)
    }
}

/// How to read one column of a CSV file into a [`Table`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec<'a> {
    /// The column's name in the header.
    pub name: &'a str,
    pub kind: ColumnKind,
    /// Whether a cell may be missing (`NA` or empty). A missing cell in a column that is
    /// not nullable is an error naming the file, line, column and text.
    pub nullable: bool,
}

/// The texts that mean "missing": R's `NA`, and an empty cell.
pub const MISSING_MARKERS: &[&str] = &["NA", ""];

/// Reads a CSV file (a header row, then one row per line) into a [`Table`] with the
/// columns of `specs`, in that order (other columns of the file are left out).
pub fn read_table(path: impl AsRef<Path>, specs: &[ColumnSpec<'_>]) -> Result<Table, TableError> {
    let path = path.as_ref();
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| TableError::Csv {
        file: file.clone(),
        message: format!("cannot read it: {error}"),
    })?;
    let name = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    parse_table(&name, &file, &bytes, specs)
}

/// Parses CSV text already in memory; `file` is the name used in error messages.
pub(crate) fn parse_table(
    name: &str,
    file: &str,
    bytes: &[u8],
    specs: &[ColumnSpec<'_>],
) -> Result<Table, TableError> {
    let (header, rows) = read_text_table(file, bytes).map_err(|error| match error {
        DataError::Malformed { message, line, .. } => TableError::Csv {
            file: file.to_string(),
            message: format!("malformed CSV at line {line}: {message}"),
        },
        other => TableError::Csv {
            file: file.to_string(),
            message: other
                .to_string()
                .trim_start_matches(&format!("{file}: "))
                .to_string(),
        },
    })?;
    let mut columns = Vec::with_capacity(specs.len());
    for spec in specs {
        let index = header.iter().position(|h| h == spec.name).ok_or_else(|| {
            TableError::FileLacksColumn {
                file: file.to_string(),
                column: spec.name.to_string(),
                columns: header.clone(),
            }
        })?;
        let mut numbers = Vec::new();
        let mut texts = Vec::new();
        for (line, fields) in &rows {
            let text = fields[index].trim();
            let place = || (file.to_string(), *line, index + 1, spec.name.to_string());
            if MISSING_MARKERS.contains(&text) {
                if !spec.nullable {
                    let (file, line, column, column_name) = place();
                    return Err(TableError::MissingCell {
                        file,
                        line,
                        column,
                        column_name,
                        text: text.to_string(),
                    });
                }
                numbers.push(None);
                texts.push(None);
                continue;
            }
            match spec.kind {
                ColumnKind::Numeric => match text.parse::<f64>() {
                    Ok(value) if value.is_finite() => numbers.push(Some(value)),
                    _ => {
                        let (file, line, column, column_name) = place();
                        return Err(TableError::NotANumber {
                            file,
                            line,
                            column,
                            column_name,
                            text: text.chars().take(40).collect(),
                        });
                    }
                },
                ColumnKind::Categorical => texts.push(Some(text.to_string())),
            }
        }
        columns.push(Column {
            name: spec.name.to_string(),
            data: match spec.kind {
                ColumnKind::Numeric => ColumnData::Numeric(numbers),
                ColumnKind::Categorical => ColumnData::Categorical(texts),
            },
        });
    }
    Table::new(name, columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[ColumnSpec] = &[
        ColumnSpec {
            name: "kind",
            kind: ColumnKind::Categorical,
            nullable: true,
        },
        ColumnSpec {
            name: "mass",
            kind: ColumnKind::Numeric,
            nullable: true,
        },
        ColumnSpec {
            name: "year",
            kind: ColumnKind::Numeric,
            nullable: false,
        },
    ];

    fn parse(text: &str) -> Result<Table, TableError> {
        parse_table("t", "t.csv", text.as_bytes(), SPECS)
    }

    #[test]
    fn reads_typed_columns_with_missing_cells() {
        let table = parse("year,kind,mass,extra\n2007,a,3.5,x\n2008,NA,,y\n2009,b,NA,z\n").unwrap();
        assert_eq!(table.column_names(), ["kind", "mass", "year"]);
        assert_eq!(table.numeric("mass").unwrap(), [Some(3.5), None, None]);
        assert_eq!(
            table.categorical("kind").unwrap(),
            [Some("a".to_string()), None, Some("b".to_string())]
        );
        assert!(table.column("kind").unwrap().is_missing(1));
        assert!(!table.column("kind").unwrap().is_missing(3));
    }

    #[test]
    fn a_missing_cell_in_a_column_not_nullable_names_its_place() {
        let error = parse("kind,mass,year\na,1,2007\nb,2,NA\n").unwrap_err();
        assert_eq!(
            error,
            TableError::MissingCell {
                file: "t.csv".into(),
                line: 3,
                column: 3,
                column_name: "year".into(),
                text: "NA".into()
            }
        );
        assert!(
            error.to_string().contains("not declared nullable"),
            "{error}"
        );
    }

    #[test]
    fn an_unparsable_number_is_an_error_even_when_nullable() {
        let error = parse("kind,mass,year\na,heavy,2007\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.csv: line 2, column 2 (\"mass\"): \"heavy\" is not a number (a missing cell is \
             written NA or left empty)"
        );
        assert!(matches!(
            parse("kind,mass,year\na,NaN,2007\n"),
            Err(TableError::NotANumber { line: 2, .. })
        ));
    }

    #[test]
    fn a_column_the_file_lacks_is_named() {
        let error = parse("kind,year\na,2007\n").unwrap_err();
        assert!(
            matches!(&error, TableError::FileLacksColumn { column, .. } if column == "mass"),
            "{error:?}"
        );
        let error = parse("kind,mass,year\na,1\n").unwrap_err();
        assert!(error.to_string().contains("line 2 has 2 fields"), "{error}");
    }

    #[test]
    fn new_checks_lengths_names_and_finiteness() {
        let a = Column::numeric("a", vec![Some(1.0), None]);
        let b = Column::categorical("b", [Some("x")]);
        assert!(matches!(
            Table::new("t", vec![a.clone(), b]),
            Err(TableError::LengthMismatch {
                expected: 2,
                found: 1,
                ..
            })
        ));
        assert!(matches!(
            Table::new("t", vec![a.clone(), a.clone()]),
            Err(TableError::DuplicateColumn { .. })
        ));
        let nan = Column::numeric("n", vec![Some(f64::NAN), None]);
        assert!(matches!(
            Table::new("t", vec![a, nan]),
            Err(TableError::NotFinite { row: 0, .. })
        ));
        assert_eq!(Table::new("t", vec![]).unwrap().n_rows(), 0);
    }

    #[test]
    fn selects_rows_and_columns() {
        let table = parse("kind,mass,year\na,1,2007\nb,2,2008\nc,3,2009\n").unwrap();
        let picked = table.select_rows(&[2, 0]).unwrap();
        assert_eq!(
            picked.numeric("year").unwrap(),
            [Some(2009.0), Some(2007.0)]
        );
        assert!(table.select_rows(&[3]).is_err());
        let narrow = table.select_columns(&["year", "kind"]).unwrap();
        assert_eq!(narrow.column_names(), ["year", "kind"]);
        assert!(matches!(
            table.numeric("kind"),
            Err(TableError::WrongKind {
                expected: ColumnKind::Numeric,
                found: ColumnKind::Categorical,
                ..
            })
        ));
        assert!(table.categorical("nope").is_err());
        let wider = table
            .with_column(Column::categorical("z", [None, None, Some("q")]))
            .unwrap();
        assert_eq!(wider.n_columns(), 4);
    }
}
