//! Reference solution of the `missing_values` exercise.

use std::collections::BTreeMap;

use crate::types::missing_values::{
    Column, ColumnData, ColumnFill, Fill, Imputer, ImputerParams, MissingError, NumericFill, Table,
    indicator_name,
};

fn missing_in(column: &Column) -> usize {
    match &column.data {
        ColumnData::Numeric(v) => v.iter().filter(|c| c.is_none()).count(),
        ColumnData::Categorical(v) => v.iter().filter(|c| c.is_none()).count(),
    }
}

pub fn count_missing(table: &Table) -> Vec<usize> {
    table.columns().iter().map(missing_in).collect()
}

pub fn complete_rows(table: &Table, subset: Option<&[&str]>) -> Result<Vec<usize>, MissingError> {
    let columns: Vec<&Column> = match subset {
        None => table.columns().iter().collect(),
        Some(names) => names
            .iter()
            .map(|name| table.column(name))
            .collect::<Result<_, _>>()?,
    };
    Ok((0..table.n_rows())
        .filter(|&row| columns.iter().all(|c| !c.is_missing(row)))
        .collect())
}

pub fn drop_sparse_columns(
    table: &Table,
    max_missing_fraction: f64,
) -> Result<Table, MissingError> {
    if !(0.0..=1.0).contains(&max_missing_fraction) {
        return Err(MissingError::InvalidFraction {
            value: max_missing_fraction,
        });
    }
    if table.n_rows() == 0 {
        return Err(MissingError::EmptyTable);
    }
    let n = table.n_rows() as f64;
    let kept = table
        .columns()
        .iter()
        .filter(|c| missing_in(c) as f64 / n <= max_missing_fraction)
        .cloned()
        .collect();
    Ok(Table::new(table.name(), kept)?)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// The most frequent value; on a tie, the smallest in `str` order.
fn most_frequent(values: &[Option<String>]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for value in values.iter().flatten() {
        *counts.entry(value).or_default() += 1;
    }
    let mut best: Option<(&str, usize)> = None;
    for (value, count) in counts {
        if best.is_none_or(|(_, c)| count > c) {
            best = Some((value, count));
        }
    }
    best.map(|(value, _)| value.to_string())
}

pub fn fit_imputer(params: &ImputerParams, train: &Table) -> Result<Imputer, MissingError> {
    if train.n_rows() == 0 {
        return Err(MissingError::EmptyTable);
    }
    let mut fills = Vec::with_capacity(train.n_columns());
    for column in train.columns() {
        let fill = match &column.data {
            ColumnData::Numeric(cells) => {
                let observed: Vec<f64> = cells.iter().flatten().copied().collect();
                if observed.is_empty() {
                    None
                } else {
                    Some(Fill::Number(match params.numeric {
                        NumericFill::Mean => observed.iter().sum::<f64>() / observed.len() as f64,
                        NumericFill::Median => median(observed),
                    }))
                }
            }
            ColumnData::Categorical(cells) => most_frequent(cells).map(Fill::Category),
        };
        let fill = fill.ok_or_else(|| MissingError::AllMissing {
            column: column.name.clone(),
        })?;
        fills.push(ColumnFill {
            column: column.name.clone(),
            fill,
        });
    }
    let indicators = if params.add_indicators {
        train
            .columns()
            .iter()
            .filter(|c| missing_in(c) > 0)
            .map(|c| c.name.clone())
            .collect()
    } else {
        Vec::new()
    };
    Ok(Imputer { fills, indicators })
}

pub fn impute(imputer: &Imputer, table: &Table) -> Result<Table, MissingError> {
    let expected: Vec<String> = imputer.fills.iter().map(|f| f.column.clone()).collect();
    if table.column_names() != expected {
        return Err(MissingError::ColumnsMismatch {
            expected,
            found: table.column_names(),
        });
    }
    let mut columns = Vec::with_capacity(table.n_columns() + imputer.indicators.len());
    for (column, fill) in table.columns().iter().zip(&imputer.fills) {
        let data = match (&column.data, &fill.fill) {
            (ColumnData::Numeric(cells), Fill::Number(value)) => {
                ColumnData::Numeric(cells.iter().map(|c| Some(c.unwrap_or(*value))).collect())
            }
            (ColumnData::Categorical(cells), Fill::Category(value)) => ColumnData::Categorical(
                cells
                    .iter()
                    .map(|c| Some(c.clone().unwrap_or_else(|| value.clone())))
                    .collect(),
            ),
            (_, fill) => {
                return Err(MissingError::KindMismatch {
                    column: column.name.clone(),
                    fitted: match fill {
                        Fill::Number(_) => crate::datasets::ColumnKind::Numeric,
                        Fill::Category(_) => crate::datasets::ColumnKind::Categorical,
                    },
                    found: column.kind(),
                });
            }
        };
        columns.push(Column {
            name: column.name.clone(),
            data,
        });
    }
    for name in &imputer.indicators {
        let column = table.column(name)?;
        let flags = (0..table.n_rows())
            .map(|row| Some(if column.is_missing(row) { 1.0 } else { 0.0 }))
            .collect();
        columns.push(Column::numeric(&indicator_name(name), flags));
    }
    Ok(Table::new(table.name(), columns)?)
}
