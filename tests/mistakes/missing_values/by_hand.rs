//! A correct missing_values written another way: index loops, a mode found by sorting
//! and counting runs, a median by select_nth_unstable_by.

use mlings::types::missing_values::{
    Column, ColumnData, ColumnFill, ColumnKind, Fill, Imputer, ImputerParams, MissingError,
    NumericFill, Table, indicator_name,
};

pub fn count_missing(table: &Table) -> Vec<usize> {
    let mut counts = Vec::new();
    for column in table.columns() {
        let mut n = 0;
        for row in 0..table.n_rows() {
            if column.is_missing(row) {
                n += 1;
            }
        }
        counts.push(n);
    }
    counts
}

pub fn complete_rows(table: &Table, subset: Option<&[&str]>) -> Result<Vec<usize>, MissingError> {
    let mut checked = Vec::new();
    match subset {
        Some(names) => {
            for name in names {
                checked.push(table.column(name)?);
            }
        }
        None => checked.extend(table.columns()),
    }
    let mut keep = Vec::new();
    'rows: for row in 0..table.n_rows() {
        for column in &checked {
            if column.is_missing(row) {
                continue 'rows;
            }
        }
        keep.push(row);
    }
    Ok(keep)
}

pub fn drop_sparse_columns(
    table: &Table,
    max_missing_fraction: f64,
) -> Result<Table, MissingError> {
    if max_missing_fraction.is_nan() || max_missing_fraction < 0.0 || max_missing_fraction > 1.0 {
        return Err(MissingError::InvalidFraction {
            value: max_missing_fraction,
        });
    }
    let n = table.n_rows();
    if n == 0 {
        return Err(MissingError::EmptyTable);
    }
    let counts = count_missing(table);
    let mut kept = Vec::new();
    for (column, &missing) in table.columns().iter().zip(&counts) {
        let fraction = missing as f64 / n as f64;
        if fraction <= max_missing_fraction {
            kept.push(column.clone());
        }
    }
    Ok(Table::new(table.name(), kept)?)
}

fn median(values: &mut [f64]) -> f64 {
    let n = values.len();
    let upper = *values
        .select_nth_unstable_by(n / 2, |a, b| a.partial_cmp(b).unwrap())
        .1;
    if n % 2 == 1 {
        return upper;
    }
    let lower = values[..n / 2]
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    (lower + upper) / 2.0
}

fn mode(cells: &[Option<String>]) -> Option<String> {
    let mut values: Vec<&String> = cells.iter().filter_map(|c| c.as_ref()).collect();
    values.sort();
    let mut best: Option<(&String, usize)> = None;
    let mut i = 0;
    while i < values.len() {
        let mut j = i;
        while j < values.len() && values[j] == values[i] {
            j += 1;
        }
        let run = j - i;
        match best {
            Some((_, longest)) if longest >= run => {}
            _ => best = Some((values[i], run)),
        }
        i = j;
    }
    best.map(|(v, _)| v.clone())
}

pub fn fit_imputer(params: &ImputerParams, train: &Table) -> Result<Imputer, MissingError> {
    if train.n_rows() == 0 {
        return Err(MissingError::EmptyTable);
    }
    let mut fills = Vec::new();
    let mut indicators = Vec::new();
    for column in train.columns() {
        let fill = match &column.data {
            ColumnData::Numeric(cells) => {
                let mut seen: Vec<f64> = cells.iter().filter_map(|c| *c).collect();
                if seen.is_empty() {
                    None
                } else if params.numeric == NumericFill::Median {
                    Some(Fill::Number(median(&mut seen)))
                } else {
                    let mut total = 0.0;
                    for v in &seen {
                        total += v;
                    }
                    Some(Fill::Number(total / seen.len() as f64))
                }
            }
            ColumnData::Categorical(cells) => mode(cells).map(Fill::Category),
        };
        match fill {
            Some(fill) => fills.push(ColumnFill {
                column: column.name.clone(),
                fill,
            }),
            None => {
                return Err(MissingError::AllMissing {
                    column: column.name.clone(),
                });
            }
        }
        if params.add_indicators && (0..column.len()).any(|r| column.is_missing(r)) {
            indicators.push(column.name.clone());
        }
    }
    Ok(Imputer { fills, indicators })
}

pub fn impute(imputer: &Imputer, table: &Table) -> Result<Table, MissingError> {
    let names = table.column_names();
    let fitted: Vec<String> = imputer.fills.iter().map(|f| f.column.clone()).collect();
    if names != fitted {
        return Err(MissingError::ColumnsMismatch {
            expected: fitted,
            found: names,
        });
    }
    for (column, fill) in table.columns().iter().zip(&imputer.fills) {
        let fitted_kind = match fill.fill {
            Fill::Number(_) => ColumnKind::Numeric,
            Fill::Category(_) => ColumnKind::Categorical,
        };
        if fitted_kind != column.kind() {
            return Err(MissingError::KindMismatch {
                column: column.name.clone(),
                fitted: fitted_kind,
                found: column.kind(),
            });
        }
    }
    let mut out = Vec::new();
    for (column, fill) in table.columns().iter().zip(&imputer.fills) {
        let mut filled = column.clone();
        match (&mut filled.data, &fill.fill) {
            (ColumnData::Numeric(cells), Fill::Number(x)) => {
                for cell in cells.iter_mut().filter(|c| c.is_none()) {
                    *cell = Some(*x);
                }
            }
            (ColumnData::Categorical(cells), Fill::Category(x)) => {
                for cell in cells.iter_mut().filter(|c| c.is_none()) {
                    *cell = Some(x.clone());
                }
            }
            _ => unreachable!("kinds checked above"),
        }
        out.push(filled);
    }
    for name in &imputer.indicators {
        let column = table.column(name)?;
        let mut flags = Vec::new();
        for row in 0..table.n_rows() {
            flags.push(Some(f64::from(u8::from(column.is_missing(row)))));
        }
        out.push(Column::numeric(&indicator_name(name), flags));
    }
    Ok(Table::new(table.name(), out)?)
}
