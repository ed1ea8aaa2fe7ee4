//! Reading a numeric CSV file (a header row, then one sample per line) into a [`Dataset`].

use std::path::Path;

use ndarray::{Array1, Array2};

use super::{DataError, Dataset};

/// Which column of a CSV file holds the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetColumn<'a> {
    /// The last column (the layout of every bundled file).
    Last,
    /// The column with this header name.
    Named(&'a str),
}

/// Reads a learner's own CSV file: a header row of column names, then rows of numbers.
///
/// Every column but the target becomes a feature. A field that is not a number is
/// reported with its file, line, column and text; a row with too few or too many
/// fields is reported with its line.
pub fn read_csv(path: impl AsRef<Path>, target: TargetColumn<'_>) -> Result<Dataset, DataError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let file = path.display().to_string();
    let name = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    parse_csv(&name, &file, &bytes, target)
}

/// Parses CSV text already in memory; `file` is the name used in error messages.
pub(crate) fn parse_csv(
    name: &str,
    file: &str,
    bytes: &[u8],
    target: TargetColumn<'_>,
) -> Result<Dataset, DataError> {
    let (header, rows) = read_numeric_table(file, bytes)?;
    let target_index = match target {
        TargetColumn::Last => header.len() - 1,
        TargetColumn::Named(wanted) => {
            header
                .iter()
                .position(|h| h == wanted)
                .ok_or_else(|| DataError::MissingColumn {
                    file: file.to_string(),
                    column: wanted.to_string(),
                    columns: header.clone(),
                })?
        }
    };
    if header.len() < 2 {
        return Err(DataError::NoFeatures {
            file: file.to_string(),
            target: header[target_index].clone(),
        });
    }
    let feature_columns: Vec<usize> = (0..header.len()).filter(|&c| c != target_index).collect();
    let features = Array2::from_shape_fn((rows.len(), feature_columns.len()), |(r, c)| {
        rows[r][feature_columns[c]]
    });
    let targets: Array1<f64> = rows.iter().map(|row| row[target_index]).collect();
    Ok(Dataset {
        name: name.to_string(),
        feature_names: feature_columns.iter().map(|&c| header[c].clone()).collect(),
        target_names: Vec::new(),
        features,
        targets,
    })
}

/// A header and rows of `f64`, all rows as wide as the header.
type Table = (Vec<String>, Vec<Vec<f64>>);

/// Reads a CSV table whose fields are all numbers.
pub(crate) fn read_numeric_table(file: &str, bytes: &[u8]) -> Result<Table, DataError> {
    let (header, records) = read_text_table(file, bytes)?;
    let rows = records
        .into_iter()
        .map(|(line, fields)| {
            fields
                .iter()
                .enumerate()
                .map(|(column, text)| match text.trim().parse::<f64>() {
                    Ok(value) if value.is_finite() => Ok(value),
                    Ok(_) => Err(DataError::NotFinite {
                        file: file.to_string(),
                        line,
                        column: column + 1,
                        column_name: header[column].clone(),
                        text: shorten(text),
                    }),
                    Err(_) => Err(DataError::NotANumber {
                        file: file.to_string(),
                        line,
                        column: column + 1,
                        column_name: header[column].clone(),
                        text: shorten(text),
                    }),
                })
                .collect::<Result<Vec<f64>, DataError>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((header, rows))
}

/// The most characters of a cell an error message quotes.
const QUOTED_CHARS: usize = 40;

/// `text`, cut to its first [`QUOTED_CHARS`] characters (saying how long it was) so that a
/// huge cell does not flood the message.
fn shorten(text: &str) -> String {
    let length = text.chars().count();
    if length <= QUOTED_CHARS {
        return text.to_string();
    }
    let start: String = text.chars().take(QUOTED_CHARS).collect();
    format!("{start}… ({length} characters)")
}

/// A header, and each data row with its 1-based line number in the file.
type TextTable = (Vec<String>, Vec<(u64, Vec<String>)>);

/// Reads a CSV table of text fields, checking that every row is as wide as the header.
pub(crate) fn read_text_table(file: &str, bytes: &[u8]) -> Result<TextTable, DataError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let malformed = |error: csv::Error| DataError::Malformed {
        file: file.to_string(),
        line: error.position().map_or(0, |p| p.line()),
        message: error.to_string(),
    };
    let header_record = reader.headers().map_err(malformed)?.clone();
    let header: Vec<String> = header_record.iter().map(|h| h.trim().to_string()).collect();
    if header_record.iter().any(spans_lines) {
        return Err(DataError::UnterminatedQuote {
            file: file.to_string(),
            line: 1,
        });
    }
    check_header(file, &header)?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(malformed)?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().any(spans_lines) {
            return Err(DataError::UnterminatedQuote {
                file: file.to_string(),
                line,
            });
        }
        if record.len() != header.len() {
            return Err(DataError::RaggedRow {
                file: file.to_string(),
                line,
                expected: header.len(),
                found: record.len(),
            });
        }
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    if rows.is_empty() {
        return Err(DataError::Empty {
            file: file.to_string(),
        });
    }
    Ok((header, rows))
}

/// Whether a field holds a line break: in a numeric table, the sign of a quote that was
/// opened and never closed (the field then swallows the following lines).
fn spans_lines(field: &str) -> bool {
    field.contains(['\n', '\r'])
}

/// Every column named, each name once, and no sign of another separator.
fn check_header(file: &str, header: &[String]) -> Result<(), DataError> {
    if header.is_empty() {
        return Err(DataError::Empty {
            file: file.to_string(),
        });
    }
    if header.iter().all(String::is_empty) {
        return Err(DataError::EmptyHeader {
            file: file.to_string(),
        });
    }
    if let [only] = header {
        for (separator, name) in [(';', "semicolons"), ('\t', "tabs"), ('|', "vertical bars")] {
            if only.contains(separator) {
                return Err(DataError::WrongSeparator {
                    file: file.to_string(),
                    header: shorten(only),
                    separator: name,
                });
            }
        }
    }
    if let Some(column) = header.iter().position(String::is_empty) {
        return Err(DataError::UnnamedColumn {
            file: file.to_string(),
            column: column + 1,
        });
    }
    for (second, name) in header.iter().enumerate() {
        if let Some(first) = header[..second].iter().position(|h| h == name) {
            return Err(DataError::DuplicateColumn {
                file: file.to_string(),
                name: name.clone(),
                first: first + 1,
                second: second + 1,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Dataset, DataError> {
        parse_csv("t", "t.csv", text.as_bytes(), TargetColumn::Last)
    }

    #[test]
    fn reads_features_and_target() {
        let data = parse("a,b,y\n1,2,0\n3,4.5,1\n").unwrap();
        assert_eq!(data.features, ndarray::array![[1.0, 2.0], [3.0, 4.5]]);
        assert_eq!(data.targets, ndarray::array![0.0, 1.0]);
        assert_eq!(data.feature_names, ["a", "b"]);
    }

    #[test]
    fn named_target_may_be_any_column() {
        let data = parse_csv("t", "t.csv", b"y,a\n5,1\n6,2\n", TargetColumn::Named("y")).unwrap();
        assert_eq!(data.targets, ndarray::array![5.0, 6.0]);
        assert_eq!(data.feature_names, ["a"]);
    }

    #[test]
    fn bad_number_names_file_line_and_column() {
        let message = parse("a,b,y\n1,2,0\n3,oops,1\n").unwrap_err().to_string();
        assert_eq!(
            message,
            "t.csv: line 3, column 2 (\"b\"): \"oops\" is not a number"
        );
    }

    #[test]
    fn ragged_row_names_its_line() {
        let message = parse("a,b,y\n1,2,0\n3,1\n").unwrap_err().to_string();
        assert_eq!(message, "t.csv: line 3 has 2 fields but the header has 3");
    }

    #[test]
    fn non_finite_cells_are_rejected_with_their_place() {
        for text in ["NaN", "inf", "-infinity", "1e400"] {
            let csv = format!("a,b,y\n1,2,0\n3,{text},1\n");
            let error = parse(&csv).unwrap_err();
            assert!(
                matches!(
                    &error,
                    DataError::NotFinite {
                        line: 3,
                        column: 2,
                        ..
                    }
                ),
                "{text}: {error:?}"
            );
            let message = error.to_string();
            assert!(
                message.starts_with(&format!("t.csv: line 3, column 2 (\"b\"): \"{text}\"")),
                "{message}"
            );
            assert!(message.contains("not a finite number"), "{message}");
        }
    }

    #[test]
    fn an_unterminated_quote_is_named() {
        let error = parse("a,b,y\n1,2,0\n3,\"4,1\n5,6,7\n").unwrap_err();
        assert!(
            matches!(error, DataError::UnterminatedQuote { line: 3, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("never closed"), "{error}");
    }

    #[test]
    fn a_header_of_empty_names_is_not_called_empty_data() {
        let error = parse(",,\n1,2,3\n").unwrap_err();
        assert!(matches!(error, DataError::EmptyHeader { .. }), "{error:?}");
        assert!(!error.to_string().contains("no data rows"), "{error}");
        let error = parse("a,,y\n1,2,3\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.csv: column 2 of the header has no name"
        );
    }

    #[test]
    fn a_semicolon_separated_file_says_so() {
        let error = parse("a;b;y\n1;2;0\n").unwrap_err();
        assert!(
            matches!(
                error,
                DataError::WrongSeparator {
                    separator: "semicolons",
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(
            error.to_string().contains("separated by semicolons"),
            "{error}"
        );
    }

    #[test]
    fn duplicate_column_names_are_rejected() {
        let error = parse("a,b,a,y\n1,2,3,0\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.csv: columns 1 and 3 are both named \"a\"; names must be unique"
        );
    }

    #[test]
    fn a_huge_bad_cell_is_quoted_short() {
        let huge = "x".repeat(100_000);
        let error = parse(&format!("a,y\n\"{huge}\",1\n")).unwrap_err();
        let message = error.to_string();
        assert!(message.len() < 300, "{} characters", message.len());
        assert!(message.contains("(100000 characters)"), "{message}");
    }

    #[test]
    fn header_only_is_empty() {
        assert!(matches!(parse("a,b,y\n"), Err(DataError::Empty { .. })));
        assert!(matches!(parse(""), Err(DataError::Empty { .. })));
    }

    #[test]
    fn missing_target_column_lists_columns() {
        let error = parse_csv("t", "t.csv", b"a,b\n1,2\n", TargetColumn::Named("y")).unwrap_err();
        assert!(
            error.to_string().contains("no column named \"y\""),
            "{error}"
        );
    }

    #[test]
    fn missing_file_names_the_path() {
        let error = read_csv("/no/such/file.csv", TargetColumn::Last).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("cannot read /no/such/file.csv"),
            "{error}"
        );
    }
}
