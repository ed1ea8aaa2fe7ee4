//! Reference solution of the `categorical_encoding` exercise.

use std::collections::BTreeSet;

use ndarray::Array2;

use crate::types::categorical_encoding::{
    ColumnData, ColumnEncoding, ColumnKind, Encoded, EncodedColumn, Encoder, EncoderParams,
    Encoding, EncodingError, Table, UNKNOWN_ORDINAL, Unknown, one_hot_name,
};

fn first_missing(table: &Table) -> Option<EncodingError> {
    table.columns().iter().find_map(|column| {
        (0..column.len())
            .find(|&row| column.is_missing(row))
            .map(|row| EncodingError::MissingCell {
                column: column.name.clone(),
                row,
            })
    })
}

pub fn fit_encoder(params: &EncoderParams, train: &Table) -> Result<Encoder, EncodingError> {
    params.check()?;
    if train.n_rows() == 0 {
        return Err(EncodingError::EmptyTable);
    }
    if let Some(error) = first_missing(train) {
        return Err(error);
    }
    let columns = train
        .columns()
        .iter()
        .map(|column| EncodedColumn {
            column: column.name.clone(),
            encoding: match &column.data {
                ColumnData::Numeric(_) => ColumnEncoding::Passthrough,
                ColumnData::Categorical(cells) => {
                    let sorted: BTreeSet<&str> =
                        cells.iter().flatten().map(String::as_str).collect();
                    ColumnEncoding::Categories(sorted.into_iter().map(str::to_string).collect())
                }
            },
        })
        .collect();
    Ok(Encoder {
        params: *params,
        columns,
    })
}

/// The categories that get a one-hot column: all, or all but the first.
fn kept<'a>(params: &EncoderParams, categories: &'a [String]) -> &'a [String] {
    if params.drop_first {
        &categories[1.min(categories.len())..]
    } else {
        categories
    }
}

pub fn feature_names(encoder: &Encoder) -> Vec<String> {
    let mut names = Vec::new();
    for column in &encoder.columns {
        match (&column.encoding, encoder.params.encoding) {
            (ColumnEncoding::Categories(categories), Encoding::OneHot) => names.extend(
                kept(&encoder.params, categories)
                    .iter()
                    .map(|c| one_hot_name(&column.column, c)),
            ),
            _ => names.push(column.column.clone()),
        }
    }
    names
}

pub fn encode(encoder: &Encoder, table: &Table) -> Result<Encoded, EncodingError> {
    let expected: Vec<String> = encoder.columns.iter().map(|c| c.column.clone()).collect();
    if table.column_names() != expected {
        return Err(EncodingError::ColumnsMismatch {
            expected,
            found: table.column_names(),
        });
    }
    for (column, fitted) in table.columns().iter().zip(&encoder.columns) {
        let fitted_kind = match fitted.encoding {
            ColumnEncoding::Passthrough => ColumnKind::Numeric,
            ColumnEncoding::Categories(_) => ColumnKind::Categorical,
        };
        if column.kind() != fitted_kind {
            return Err(EncodingError::KindMismatch {
                column: column.name.clone(),
                fitted: fitted_kind,
                found: column.kind(),
            });
        }
    }
    let feature_names = feature_names(encoder);
    let mut features = Array2::zeros((table.n_rows(), feature_names.len()));
    let mut offset = 0;
    for (column, fitted) in table.columns().iter().zip(&encoder.columns) {
        let missing = |row: usize| EncodingError::MissingCell {
            column: column.name.clone(),
            row,
        };
        match (&column.data, &fitted.encoding) {
            (ColumnData::Numeric(cells), _) => {
                for (row, cell) in cells.iter().enumerate() {
                    features[[row, offset]] = cell.ok_or_else(|| missing(row))?;
                }
                offset += 1;
            }
            (ColumnData::Categorical(cells), ColumnEncoding::Categories(categories)) => {
                let kept = kept(&encoder.params, categories);
                let dropped = categories.len() - kept.len();
                for (row, cell) in cells.iter().enumerate() {
                    let value = cell.as_deref().ok_or_else(|| missing(row))?;
                    let index = categories.binary_search_by(|c| c.as_str().cmp(value)).ok();
                    if index.is_none() && encoder.params.unknown == Unknown::Error {
                        return Err(EncodingError::UnknownCategory {
                            column: column.name.clone(),
                            row,
                            value: value.to_string(),
                        });
                    }
                    match encoder.params.encoding {
                        Encoding::Ordinal => {
                            features[[row, offset]] = index.map_or(UNKNOWN_ORDINAL, |i| i as f64);
                        }
                        Encoding::OneHot => {
                            if let Some(i) = index.filter(|&i| i >= dropped) {
                                features[[row, offset + i - dropped]] = 1.0;
                            }
                        }
                    }
                }
                offset += match encoder.params.encoding {
                    Encoding::Ordinal => 1,
                    Encoding::OneHot => kept.len(),
                };
            }
            (ColumnData::Categorical(_), ColumnEncoding::Passthrough) => {
                unreachable!("kinds checked above")
            }
        }
    }
    Ok(Encoded {
        features,
        feature_names,
    })
}
