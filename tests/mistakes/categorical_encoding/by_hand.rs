//! A correct categorical_encoding written another way: categories in a sorted,
//! deduplicated Vec, index loops, and the feature names built while encoding.

use mlings::types::categorical_encoding::{
    ColumnData, ColumnEncoding, ColumnKind, EncodedColumn, Encoded, Encoder, EncoderParams,
    Encoding, EncodingError, Table, UNKNOWN_ORDINAL, Unknown,
};
use ndarray::Array2;

pub fn fit_encoder(params: &EncoderParams, train: &Table) -> Result<Encoder, EncodingError> {
    params.check()?;
    if train.n_rows() == 0 {
        return Err(EncodingError::EmptyTable);
    }
    let mut columns = Vec::new();
    for column in train.columns() {
        for row in 0..train.n_rows() {
            if column.is_missing(row) {
                return Err(EncodingError::MissingCell {
                    column: column.name.clone(),
                    row,
                });
            }
        }
        let encoding = match &column.data {
            ColumnData::Numeric(_) => ColumnEncoding::Passthrough,
            ColumnData::Categorical(cells) => {
                let mut categories: Vec<String> = Vec::new();
                for cell in cells.iter().flatten() {
                    if let Err(at) = categories.binary_search(cell) {
                        categories.insert(at, cell.clone());
                    }
                }
                ColumnEncoding::Categories(categories)
            }
        };
        columns.push(EncodedColumn {
            column: column.name.clone(),
            encoding,
        });
    }
    Ok(Encoder {
        params: *params,
        columns,
    })
}

/// The categories that get a one-hot column, with their index in the full list.
fn hot_columns(params: &EncoderParams, categories: &[String]) -> Vec<(usize, String)> {
    let skip = usize::from(params.drop_first);
    categories
        .iter()
        .enumerate()
        .skip(skip)
        .map(|(i, c)| (i, c.clone()))
        .collect()
}

pub fn feature_names(encoder: &Encoder) -> Vec<String> {
    let mut names = Vec::new();
    for column in &encoder.columns {
        if let (ColumnEncoding::Categories(categories), Encoding::OneHot) =
            (&column.encoding, encoder.params.encoding)
        {
            for (_, category) in hot_columns(&encoder.params, categories) {
                names.push(format!("{}_{}", column.column, category));
            }
        } else {
            names.push(column.column.clone());
        }
    }
    names
}

pub fn encode(encoder: &Encoder, table: &Table) -> Result<Encoded, EncodingError> {
    let expected: Vec<String> = encoder.columns.iter().map(|c| c.column.clone()).collect();
    let found = table.column_names();
    if found != expected {
        return Err(EncodingError::ColumnsMismatch { expected, found });
    }
    for (i, fitted) in encoder.columns.iter().enumerate() {
        let kind = table.columns()[i].kind();
        let fitted_kind = if fitted.encoding == ColumnEncoding::Passthrough {
            ColumnKind::Numeric
        } else {
            ColumnKind::Categorical
        };
        if kind != fitted_kind {
            return Err(EncodingError::KindMismatch {
                column: fitted.column.clone(),
                fitted: fitted_kind,
                found: kind,
            });
        }
    }
    let n = table.n_rows();
    let mut blocks: Vec<Array2<f64>> = Vec::new();
    for (column, fitted) in table.columns().iter().zip(&encoder.columns) {
        match (&column.data, &fitted.encoding) {
            (ColumnData::Numeric(cells), _) => {
                let mut block = Array2::zeros((n, 1));
                for row in 0..n {
                    match cells[row] {
                        Some(v) => block[[row, 0]] = v,
                        None => {
                            return Err(EncodingError::MissingCell {
                                column: column.name.clone(),
                                row,
                            });
                        }
                    }
                }
                blocks.push(block);
            }
            (ColumnData::Categorical(cells), ColumnEncoding::Categories(categories)) => {
                let hot = hot_columns(&encoder.params, categories);
                let width = match encoder.params.encoding {
                    Encoding::OneHot => hot.len(),
                    Encoding::Ordinal => 1,
                };
                let mut block = Array2::zeros((n, width));
                for row in 0..n {
                    let Some(value) = &cells[row] else {
                        return Err(EncodingError::MissingCell {
                            column: column.name.clone(),
                            row,
                        });
                    };
                    let index = categories.iter().position(|c| c == value);
                    if index.is_none() && encoder.params.unknown == Unknown::Error {
                        return Err(EncodingError::UnknownCategory {
                            column: column.name.clone(),
                            row,
                            value: value.clone(),
                        });
                    }
                    match encoder.params.encoding {
                        Encoding::Ordinal => {
                            block[[row, 0]] = match index {
                                Some(i) => i as f64,
                                None => UNKNOWN_ORDINAL,
                            }
                        }
                        Encoding::OneHot => {
                            for (j, (i, _)) in hot.iter().enumerate() {
                                if Some(*i) == index {
                                    block[[row, j]] = 1.0;
                                }
                            }
                        }
                    }
                }
                blocks.push(block);
            }
            _ => unreachable!("kinds checked above"),
        }
    }
    let views: Vec<_> = blocks.iter().map(|b| b.view()).collect();
    let features = if views.is_empty() {
        Array2::zeros((n, 0))
    } else {
        ndarray::concatenate(ndarray::Axis(1), &views).expect("blocks have n rows")
    };
    Ok(Encoded {
        features,
        feature_names: feature_names(encoder),
    })
}
