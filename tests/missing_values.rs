//! Grader of exercises/10_data_preparation/missing_values.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/10_data_preparation/missing_values.rs"]
mod missing_values;
#[cfg(feature = "solutions")]
use mlings::reference::missing_values;

mod data_preparation_support;
use data_preparation_support::{NA, cat, expect_table, names_text, num, rows_with_gaps, table};

use mlings::datasets::{self, ColumnKind, TableError};
use mlings::grade::{expect, expect_err, expect_error, fail, require};
use mlings::types::missing_values::{
    Column, ColumnData, ColumnFill, Fill, Imputer, ImputerParams, MissingError, NumericFill, Table,
    indicator_name,
};
use mlings::{call, call_ok};

/// island: Dream 2, Biscoe 2 (a tie: Biscoe), Torgersen 1, one gap. mass: observed
/// 3, 5, 10, 4 (mean 5.5, median 4.5). depth: complete, 1..6. length: observed 7, 1,
/// 100, 2, 50 (odd: median 7, mean 32). sex: female 2, male 1, three gaps.
fn toy() -> Table {
    table(vec![
        cat(
            "island",
            &["Dream", "Biscoe", "", "Biscoe", "Torgersen", "Dream"],
        ),
        num("mass", &[3.0, NA, 5.0, 10.0, NA, 4.0]),
        num("depth", &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
        num("length", &[7.0, 1.0, NA, 100.0, 2.0, 50.0]),
        cat("sex", &["", "", "", "male", "female", "female"]),
    ])
}

const TOY_COLUMNS: [&str; 5] = ["island", "mass", "depth", "length", "sex"];

fn params(fill: NumericFill, indicators: bool) -> ImputerParams {
    ImputerParams::new().numeric(fill).indicators(indicators)
}

// ---- an independent imputer, written from the skeleton's doc -------------------------

#[derive(Clone, Copy, PartialEq)]
enum Wrong {
    None,
    /// The numeric fill over every row, a missing cell read as 0.
    MissingAsZero,
    /// The median's middle value taken from the unsorted cells.
    UnsortedMedian,
    /// An even count's median is its upper middle value.
    UpperMiddle,
    /// An even count's median is its lower middle value.
    LowerMiddle,
    /// A tie goes to the smallest value compared without case.
    TieIgnoringCase,
    /// A tie goes to the first value seen in the rows.
    TieFirstSeen,
    /// A tie goes to the largest value.
    TieLargest,
}

fn observed(cells: &[Option<f64>], wrong: Wrong) -> Vec<f64> {
    if wrong == Wrong::MissingAsZero {
        cells.iter().map(|c| c.unwrap_or(0.0)).collect()
    } else {
        cells.iter().flatten().copied().collect()
    }
}

fn my_median(cells: &[Option<f64>], wrong: Wrong) -> Option<f64> {
    let mut v = observed(cells, wrong);
    if v.is_empty() {
        return None;
    }
    if wrong != Wrong::UnsortedMedian {
        v.sort_by(f64::total_cmp);
    }
    let n = v.len();
    Some(if n % 2 == 1 || wrong == Wrong::UpperMiddle {
        v[n / 2]
    } else if wrong == Wrong::LowerMiddle {
        v[n / 2 - 1]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    })
}

fn my_mean(cells: &[Option<f64>], wrong: Wrong) -> Option<f64> {
    let v = observed(cells, wrong);
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

fn my_mode(cells: &[Option<String>], wrong: Wrong) -> Option<String> {
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for c in cells.iter().flatten() {
        match seen.iter_mut().find(|(v, _)| v == c) {
            Some((_, n)) => *n += 1,
            None => seen.push((c, 1)),
        }
    }
    let top = seen.iter().map(|&(_, n)| n).max()?;
    let mut tied: Vec<&str> = seen
        .iter()
        .filter(|&&(_, n)| n == top)
        .map(|&(v, _)| v)
        .collect();
    if wrong == Wrong::TieIgnoringCase {
        tied.sort_by_key(|v| v.to_lowercase());
    } else if wrong != Wrong::TieFirstSeen {
        tied.sort_unstable();
    }
    let pick = if wrong == Wrong::TieLargest {
        tied.last()
    } else {
        tied.first()
    };
    pick.map(|s| s.to_string())
}

fn my_fill(column: &Column, fill: NumericFill, wrong: Wrong) -> Option<Fill> {
    match &column.data {
        ColumnData::Numeric(cells) => match fill {
            NumericFill::Mean => my_mean(cells, wrong),
            NumericFill::Median => my_median(cells, wrong),
        }
        .map(Fill::Number),
        ColumnData::Categorical(cells) => my_mode(cells, wrong).map(Fill::Category),
    }
}

fn my_fit(train: &Table, fill: NumericFill, indicators: bool, wrong: Wrong) -> Imputer {
    Imputer {
        fills: train
            .columns()
            .iter()
            .map(|c| ColumnFill {
                column: c.name.clone(),
                fill: my_fill(c, fill, wrong).expect("the grader fits only fillable tables"),
            })
            .collect(),
        indicators: train
            .columns()
            .iter()
            .filter(|c| indicators && (0..c.len()).any(|r| c.is_missing(r)))
            .map(|c| c.name.clone())
            .collect(),
    }
}

fn my_impute(imputer: &Imputer, t: &Table) -> Table {
    let mut columns: Vec<Column> = t
        .columns()
        .iter()
        .zip(&imputer.fills)
        .map(|(c, f)| match (&c.data, &f.fill) {
            (ColumnData::Numeric(v), Fill::Number(x)) => {
                Column::numeric(&c.name, v.iter().map(|o| Some(o.unwrap_or(*x))).collect())
            }
            (ColumnData::Categorical(v), Fill::Category(x)) => Column::categorical(
                &c.name,
                v.iter().map(|o| Some(o.as_deref().unwrap_or(x.as_str()))),
            ),
            _ => panic!("the grader imputes matching tables only"),
        })
        .collect();
    for name in &imputer.indicators {
        let c = t.column(name).unwrap();
        columns.push(Column::numeric(
            &indicator_name(name),
            (0..t.n_rows())
                .map(|r| Some(if c.is_missing(r) { 1.0 } else { 0.0 }))
                .collect(),
        ));
    }
    Table::new(t.name(), columns).unwrap()
}

fn fill_text(fill: &Fill) -> String {
    match fill {
        Fill::Number(x) => format!("Fill::Number({x})"),
        Fill::Category(s) => format!("Fill::Category({s:?})"),
    }
}

fn same_fill(a: &Fill, b: &Fill) -> bool {
    match (a, b) {
        (Fill::Number(x), Fill::Number(y)) => (x - y).abs() <= 1e-9 * y.abs().max(1.0),
        (a, b) => a == b,
    }
}

/// Compares the learner's fills with the expected ones, column by column, naming a
/// mistake when the learner's fill is one of the `wrongs`' fills.
#[track_caller]
fn expect_fills(
    what: &str,
    got: &Imputer,
    train: &Table,
    fill: NumericFill,
    wrongs: &[(Wrong, &str)],
) {
    let expected = my_fit(train, fill, false, Wrong::None);
    let got_names: Vec<&str> = got.fills.iter().map(|f| f.column.as_str()).collect();
    let names: Vec<&str> = expected.fills.iter().map(|f| f.column.as_str()).collect();
    if got_names != names {
        fail(format!(
            "{what}: the fills' columns {} (one per column, in table order)\n    likely \
             mistake: every column gets a fill, in the table's order, even one without \
             missing cells",
            names_text(&got_names, &names)
        ));
    }
    for (g, e) in got.fills.iter().zip(&expected.fills) {
        if same_fill(&g.fill, &e.fill) {
            continue;
        }
        let column = train.column(&e.column).unwrap();
        let mut message = format!(
            "{what}: column {:?}: expected {}, got {}",
            e.column,
            fill_text(&e.fill),
            fill_text(&g.fill)
        );
        // Every hypothesis the evidence fits (a tie of two values seen first-largest
        // cannot tell "first seen" from "largest").
        let fitting: Vec<&str> = wrongs
            .iter()
            .filter(|(w, _)| {
                my_fill(column, fill, *w).is_some_and(|wrong| same_fill(&g.fill, &wrong))
            })
            .map(|(_, why)| *why)
            .collect();
        if !fitting.is_empty() {
            message.push_str(&format!("\n    likely mistake: {}", fitting.join("; or ")));
        } else if let Fill::Number(_) = e.fill {
            let other = match fill {
                NumericFill::Mean => NumericFill::Median,
                NumericFill::Median => NumericFill::Mean,
            };
            if my_fill(column, other, Wrong::None).is_some_and(|w| same_fill(&g.fill, &w)) {
                message.push_str(&format!(
                    "\n    likely mistake: you computed the {other:?} where params.numeric asks \
                     for the {fill:?}"
                ));
            }
        } else if g.fill == Fill::Category(String::new()) {
            message.push_str(
                "\n    likely mistake: the missing cells were counted as a category (\"\"): \
                 count the observed values only",
            );
        }
        fail(message);
    }
}

// ---- count_missing ----------------------------------------------------------------------

#[test]
fn count_missing_counts_each_column_in_order() {
    let got = call!(missing_values::count_missing(&toy()));
    expect_error(
        "count_missing of the hand-made table (island, mass, depth, length, sex)",
        got,
        vec![1, 2, 0, 1, 3],
        &[
            (
                vec![5, 4, 6, 5, 3],
                "you counted the observed cells: count the missing ones (None)",
            ),
            (
                vec![1, 1, 0, 1, 1],
                "one per column that has a gap: count every missing cell",
            ),
        ],
    );
}

#[test]
fn count_missing_of_tables_without_rows_or_columns() {
    let empty_rows = toy().select_rows(&[]).unwrap();
    let got = call!(missing_values::count_missing(&empty_rows));
    expect_error(
        "count_missing of a table with 5 columns and no rows",
        got,
        vec![0; 5],
        &[(vec![], "one count per column, 0 when there are no rows")],
    );
    let got = call!(missing_values::count_missing(&table(vec![])));
    expect_error("count_missing of a table without columns", got, vec![], &[]);
}

#[test]
fn count_missing_on_penguins() {
    let got = call!(missing_values::count_missing(&datasets::penguins().table));
    expect_error(
        "count_missing of the penguins table (island, bill_length_mm, bill_depth_mm, \
         flipper_length_mm, body_mass_g, sex, year)",
        got,
        vec![0, 2, 2, 2, 2, 11, 0],
        &[],
    );
}

// ---- complete_rows ----------------------------------------------------------------------

#[test]
fn complete_rows_checks_every_column_by_default() {
    let got = call_ok!(missing_values::complete_rows(&toy(), None));
    expect_error(
        "complete_rows(toy, None)",
        got,
        vec![3, 5],
        &[
            (
                vec![0, 1, 2, 4],
                "you returned the rows with a gap: return the rows to keep",
            ),
            (vec![4, 6], "row indices are 0-based"),
        ],
    );
}

#[test]
fn complete_rows_checks_only_the_subset() {
    let got = call_ok!(missing_values::complete_rows(&toy(), Some(&["mass"])));
    expect_error(
        "complete_rows(toy, Some([\"mass\"]))",
        got,
        vec![0, 2, 3, 5],
        &[(
            vec![3, 5],
            "with Some(names), only those columns are checked: a gap elsewhere keeps the row",
        )],
    );
    let got = call_ok!(missing_values::complete_rows(
        &toy(),
        Some(&["length", "island"])
    ));
    expect_error(
        "complete_rows(toy, Some([\"length\", \"island\"]))",
        got,
        vec![0, 1, 3, 4, 5],
        &[],
    );
    let got = call_ok!(missing_values::complete_rows(&toy(), Some(&[])));
    expect_error(
        "complete_rows(toy, Some(&[]))",
        got,
        vec![0, 1, 2, 3, 4, 5],
        &[(
            vec![3, 5],
            "Some(&[]) checks no column and keeps every row; only None checks them all",
        )],
    );
}

#[test]
fn complete_rows_rejects_an_unknown_column() {
    let error = expect_err(
        "complete_rows(toy, Some([\"mass\", \"wings\", \"beak\"]))",
        "no column is named wings: the first unknown name is an error",
        call!(missing_values::complete_rows(
            &toy(),
            Some(&["mass", "wings", "beak"])
        )),
    );
    let no_such = |column: &str| {
        MissingError::Table(TableError::NoSuchColumn {
            table: "hand-made".into(),
            column: column.into(),
            columns: TOY_COLUMNS.iter().map(|s| s.to_string()).collect(),
        })
    };
    expect_error(
        "the error of complete_rows(toy, Some([\"mass\", \"wings\", \"beak\"]))",
        error,
        no_such("wings"),
        &[(
            no_such("beak"),
            "the first unknown name in subset order is reported",
        )],
    );
}

// ---- drop_sparse_columns ----------------------------------------------------------------

#[test]
fn drop_sparse_columns_keeps_a_fraction_equal_to_the_bound() {
    let t = toy();
    let got = call_ok!(missing_values::drop_sparse_columns(&t, 1.0 / 3.0));
    let expected = t
        .select_columns(&["island", "mass", "depth", "length"])
        .unwrap();
    expect_table(
        "drop_sparse_columns(toy, 1/3) (missing fractions 1/6, 2/6, 0, 1/6, 3/6)",
        &got,
        &expected,
        &[
            (
                t.select_columns(&["island", "depth", "length"]).unwrap(),
                "mass (2/6 missing) equals the bound and is kept: compare with <=, not <",
            ),
            (
                t.select_columns(&["depth"]).unwrap(),
                "you compared the count of missing cells with the fraction: divide by n_rows",
            ),
            (
                t.select_columns(&["sex"]).unwrap(),
                "you kept the sparse columns and dropped the others",
            ),
        ],
    );
    let got = call_ok!(missing_values::drop_sparse_columns(&t, 0.5));
    expect_table(
        "drop_sparse_columns(toy, 0.5)",
        &got,
        &t,
        &[(
            expected,
            "sex (3/6 missing) equals the bound and is kept: compare with <=, not <",
        )],
    );
}

#[test]
fn drop_sparse_columns_at_the_ends_of_the_range() {
    let t = toy();
    let got = call_ok!(missing_values::drop_sparse_columns(&t, 0.0));
    expect_table(
        "drop_sparse_columns(toy, 0.0)",
        &got,
        &t.select_columns(&["depth"]).unwrap(),
        &[],
    );
    let got = call_ok!(missing_values::drop_sparse_columns(&t, 0.2));
    expect_table(
        "drop_sparse_columns(toy, 0.2)",
        &got,
        &t.select_columns(&["island", "depth", "length"]).unwrap(),
        &[],
    );
    let all_gaps = table(vec![num("a", &[NA, NA]), num("b", &[1.0, NA])]);
    let got = call_ok!(missing_values::drop_sparse_columns(&all_gaps, 1.0));
    expect_table(
        "drop_sparse_columns(a = [NA, NA], b = [1, NA], 1.0)",
        &got,
        &all_gaps,
        &[],
    );
}

#[test]
fn drop_sparse_columns_errors_in_order() {
    for bad in [-0.1, 1.5, f64::NAN] {
        let error = expect_err(
            &format!("drop_sparse_columns(toy, {bad})"),
            "a fraction lies in [0, 1] (and NaN is no fraction: (0.0..=1.0).contains(&f) \
             is false for it)",
            call!(missing_values::drop_sparse_columns(&toy(), bad)),
        );
        match error {
            MissingError::InvalidFraction { value } if value.to_bits() == bad.to_bits() => {}
            other => fail(format!(
                "drop_sparse_columns(toy, {bad}): expected InvalidFraction {{ value: {bad} }}, \
                 got {other:?}"
            )),
        }
    }
    let no_rows = toy().select_rows(&[]).unwrap();
    let error = expect_err(
        "drop_sparse_columns(a table without rows, 0.5)",
        "missing / n_rows has no value when n_rows is 0",
        call!(missing_values::drop_sparse_columns(&no_rows, 0.5)),
    );
    expect_error(
        "the error of drop_sparse_columns(a table without rows, 0.5)",
        error,
        MissingError::EmptyTable,
        &[],
    );
    let error = expect_err(
        "drop_sparse_columns(a table without rows, 2.0)",
        "both faults: the fraction is checked first",
        call!(missing_values::drop_sparse_columns(&no_rows, 2.0)),
    );
    expect_error(
        "the error of drop_sparse_columns(a table without rows, 2.0)",
        error,
        MissingError::InvalidFraction { value: 2.0 },
        &[(
            MissingError::EmptyTable,
            "the fraction is checked before the table's rows",
        )],
    );
}

// ---- fit_imputer ------------------------------------------------------------------------

const FILL_MISTAKES: &[(Wrong, &str)] = &[
    (
        Wrong::MissingAsZero,
        "the missing cells were counted as 0: use the observed (Some) cells only",
    ),
    (
        Wrong::UnsortedMedian,
        "the median is the middle of the *sorted* observed values: sort them first",
    ),
    (
        Wrong::UpperMiddle,
        "with an even number of values the median is the mean of the two middle ones",
    ),
    (
        Wrong::LowerMiddle,
        "with an even number of values the median is the mean of the two middle ones",
    ),
    (
        Wrong::TieIgnoringCase,
        "a tie went to the smallest value ignoring case: use Rust's str order (upper case \
         first)",
    ),
    (
        Wrong::TieFirstSeen,
        "a tie went to the value seen first: it goes to the smallest in str order",
    ),
    (
        Wrong::TieLargest,
        "a tie went to the largest value: it goes to the smallest in str order",
    ),
];

#[test]
fn fit_imputer_median_and_most_frequent() {
    let got = call_ok!(missing_values::fit_imputer(
        &params(NumericFill::Median, false),
        &toy()
    ));
    expect_fills(
        "fit_imputer(median) on the hand-made table",
        &got,
        &toy(),
        NumericFill::Median,
        FILL_MISTAKES,
    );
    require(got.indicators.is_empty(), || {
        format!(
            "fit_imputer without add_indicators: indicators should be empty, got {:?}",
            got.indicators
        )
    });
}

#[test]
fn fit_imputer_median_of_an_odd_count() {
    let t = table(vec![num("length", &[7.0, 1.0, NA, 100.0, 2.0, 50.0])]);
    let got = call_ok!(missing_values::fit_imputer(
        &params(NumericFill::Median, false),
        &t
    ));
    let wrong_even = 0.5 * (2.0 + 7.0);
    match got.fills.as_slice() {
        [
            ColumnFill {
                fill: Fill::Number(x),
                ..
            },
        ] => expect("median of 7, 1, 100, 2, 50 (length)", *x, 7.0)
            .mistake(
                100.0,
                "the median is the middle of the *sorted* observed values: sort them first",
            )
            .mistake(
                wrong_even,
                "with an odd number of values the median is the middle one, v[n / 2]",
            )
            .mistake(32.0, "that is the mean: params.numeric asks for the median")
            .assert(),
        other => fail(format!(
            "fit_imputer on a table with one numeric column: expected one Fill::Number, got \
             {} fills",
            other.len()
        )),
    }
}

#[test]
fn fit_imputer_mean() {
    let got = call_ok!(missing_values::fit_imputer(
        &params(NumericFill::Mean, false),
        &toy()
    ));
    expect_fills(
        "fit_imputer(mean) on the hand-made table",
        &got,
        &toy(),
        NumericFill::Mean,
        FILL_MISTAKES,
    );
}

#[test]
fn a_tie_goes_to_the_smallest_value_in_str_order() {
    // Upper case sorts before lower case in str order.
    let t = table(vec![cat(
        "tag",
        &[
            "delta", "zeta", "Zeta", "beta", "delta", "zeta", "Zeta", "beta", "",
        ],
    )]);
    let got = call_ok!(missing_values::fit_imputer(&ImputerParams::new(), &t));
    expect_fills(
        "fit_imputer on tag = [delta, zeta, Zeta, beta, delta, zeta, Zeta, beta, NA] (a \
         four-way tie)",
        &got,
        &t,
        NumericFill::Mean,
        FILL_MISTAKES,
    );
}

#[test]
fn fit_imputer_lists_the_indicator_columns() {
    let got = call_ok!(missing_values::fit_imputer(
        &params(NumericFill::Median, true),
        &toy()
    ));
    expect_error(
        "fit_imputer(add_indicators) on the hand-made table: indicators",
        got.indicators,
        ["island", "mass", "length", "sex"]
            .map(String::from)
            .to_vec(),
        &[
            (
                TOY_COLUMNS.map(String::from).to_vec(),
                "only the columns with a missing train cell get an indicator (depth has none)",
            ),
            (
                ["island", "length", "mass", "sex"]
                    .map(String::from)
                    .to_vec(),
                "keep the table's column order, not alphabetical",
            ),
        ],
    );
}

#[test]
fn fit_imputer_errors_in_order() {
    let no_rows = toy().select_rows(&[]).unwrap();
    let error = expect_err(
        "fit_imputer on a table without rows",
        "there is no value to learn a fill from",
        call!(missing_values::fit_imputer(&ImputerParams::new(), &no_rows)),
    );
    expect_error(
        "the error of fit_imputer on a table with 5 columns and no rows",
        error,
        MissingError::EmptyTable,
        &[(
            MissingError::AllMissing {
                column: "island".into(),
            },
            "a table without rows is EmptyTable, checked before the columns",
        )],
    );
    let error = expect_err(
        "fit_imputer on a table without columns",
        "it has no rows either",
        call!(missing_values::fit_imputer(
            &ImputerParams::new(),
            &table(vec![])
        )),
    );
    expect_error(
        "the error of fit_imputer on a table without columns",
        error,
        MissingError::EmptyTable,
        &[],
    );
    let t = table(vec![
        num("ok", &[1.0, 2.0]),
        cat("tag", &["", ""]),
        num("gone", &[NA, NA]),
    ]);
    let error = expect_err(
        "fit_imputer on ok = [1, 2], tag = [NA, NA], gone = [NA, NA]",
        "tag has no observed value to take the most frequent of",
        call!(missing_values::fit_imputer(&ImputerParams::new(), &t)),
    );
    expect_error(
        "the error of fit_imputer on ok, tag (all missing), gone (all missing)",
        error,
        MissingError::AllMissing {
            column: "tag".into(),
        },
        &[(
            MissingError::AllMissing {
                column: "gone".into(),
            },
            "report the first column (in table order) without an observed cell; categorical \
             columns count too",
        )],
    );
}

#[test]
fn fit_imputer_on_the_penguins_train_rows_finds_the_published_fills() {
    let penguins = datasets::penguins();
    let split = penguins.reference_split().unwrap();
    let (train, _) = penguins.split(&split).unwrap();
    let got = call_ok!(missing_values::fit_imputer(
        &params(NumericFill::Median, false),
        &train.table
    ));
    // SOURCES.md: scikit-learn's SimpleImputer on the 275 train rows.
    let published = [
        ("island", Fill::Category("Biscoe".into())),
        ("bill_length_mm", Fill::Number(44.9)),
        ("bill_depth_mm", Fill::Number(17.3)),
        ("flipper_length_mm", Fill::Number(197.0)),
        ("body_mass_g", Fill::Number(4050.0)),
        ("sex", Fill::Category("male".into())),
    ];
    for (column, fill) in published {
        match got.fills.iter().find(|f| f.column == column) {
            Some(f) if same_fill(&f.fill, &fill) => {}
            Some(f) => fail(format!(
                "fit_imputer(median) on the penguins' 275 train rows, column {column:?}: \
                 scikit-learn's SimpleImputer gives {}, you gave {}",
                fill_text(&fill),
                fill_text(&f.fill)
            )),
            None => fail(format!(
                "fit_imputer on the penguins' train rows: no fill for column {column:?}"
            )),
        }
    }
    expect_fills(
        "fit_imputer(median) on the penguins' train rows",
        &got,
        &train.table,
        NumericFill::Median,
        FILL_MISTAKES,
    );
    let got = call_ok!(missing_values::fit_imputer(
        &params(NumericFill::Mean, false),
        &train.table
    ));
    expect_fills(
        "fit_imputer(mean) on the penguins' train rows",
        &got,
        &train.table,
        NumericFill::Mean,
        FILL_MISTAKES,
    );
}

// ---- impute -----------------------------------------------------------------------------

/// Checks the learner's imputed table, first naming a misplaced or misnamed indicator
/// column (the data columns right, the indicators not).
#[track_caller]
fn expect_imputed(what: &str, got: &Table, expected: &Table, mistakes: &[(Table, &str)]) {
    let (g, e) = (got.column_names(), expected.column_names());
    if g != e && g.len() == e.len() {
        let mut sorted = (g.clone(), e.clone());
        sorted.0.sort();
        sorted.1.sort();
        let data = e.len() - e.iter().filter(|n| n.ends_with("_missing")).count();
        let why = if sorted.0 == sorted.1 {
            Some(
                "append the indicator columns after all the table's columns, in \
                 imputer.indicators order",
            )
        } else if g[..data] == e[..data] {
            Some("name each indicator column indicator_name(column) (\"sex\" -> \"sex_missing\")")
        } else {
            None
        };
        if let Some(why) = why {
            fail(format!(
                "{what}: the columns {}\n    likely mistake: {why}",
                names_text(&g, &e)
            ));
        }
    }
    expect_table(what, got, expected, mistakes);
}

/// A fitted imputer written by hand (not by the learner's fit_imputer), with fills
/// that are not the toy table's own (so that fills learnt again from it show).
fn toy_imputer(indicators: &[&str]) -> Imputer {
    let fill = |column: &str, fill: Fill| ColumnFill {
        column: column.into(),
        fill,
    };
    Imputer {
        fills: vec![
            fill("island", Fill::Category("Torgersen".into())),
            fill("mass", Fill::Number(8.0)),
            fill("depth", Fill::Number(2.5)),
            fill("length", Fill::Number(9.0)),
            fill("sex", Fill::Category("male".into())),
        ],
        indicators: indicators.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn impute_fills_the_gaps_and_keeps_the_rest() {
    let got = call_ok!(missing_values::impute(&toy_imputer(&[]), &toy()));
    let expected = table(vec![
        cat(
            "island",
            &[
                "Dream",
                "Biscoe",
                "Torgersen",
                "Biscoe",
                "Torgersen",
                "Dream",
            ],
        ),
        num("mass", &[3.0, 8.0, 5.0, 10.0, 8.0, 4.0]),
        num("depth", &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
        num("length", &[7.0, 1.0, 9.0, 100.0, 2.0, 50.0]),
        cat("sex", &["male", "male", "male", "male", "female", "female"]),
    ]);
    let everything = table(vec![
        cat("island", &["Torgersen"; 6]),
        num("mass", &[8.0; 6]),
        num("depth", &[2.5; 6]),
        num("length", &[9.0; 6]),
        cat("sex", &["male"; 6]),
    ]);
    let relearnt = my_impute(
        &my_fit(&toy(), NumericFill::Median, false, Wrong::None),
        &toy(),
    );
    expect_table(
        "impute(a hand-made imputer: Torgersen, 8, 2.5, 9, male; the hand-made table)",
        &got,
        &expected,
        &[
            (
                everything,
                "every cell was replaced by the fill: only the missing (None) cells are",
            ),
            (
                relearnt,
                "the fills were learnt again from this table: use the imputer's fills as given",
            ),
        ],
    );
}

#[test]
fn impute_appends_the_indicator_columns() {
    let got = call_ok!(missing_values::impute(
        &toy_imputer(&["mass", "sex"]),
        &toy()
    ));
    let filled = my_impute(&toy_imputer(&[]), &toy());
    let with = |mass: [f64; 6], sex: [f64; 6]| {
        filled
            .with_column(num("mass_missing", &mass))
            .unwrap()
            .with_column(num("sex_missing", &sex))
            .unwrap()
    };
    let expected = with(
        [0.0, 1.0, 0.0, 0.0, 1.0, 0.0],
        [1.0, 1.0, 1.0, 0.0, 0.0, 0.0],
    );
    expect_imputed(
        "impute(the hand-made imputer with indicators [mass, sex]; the hand-made table)",
        &got,
        &expected,
        &[
            (
                with(
                    [1.0, 0.0, 1.0, 1.0, 0.0, 1.0],
                    [0.0, 0.0, 0.0, 1.0, 1.0, 1.0],
                ),
                "the indicator is 1.0 where the cell was missing, 0.0 where it was observed",
            ),
            (
                with([0.0; 6], [0.0; 6]),
                "the indicators were computed after filling: take them from the input's gaps",
            ),
        ],
    );
}

#[test]
fn impute_fills_a_gap_the_train_table_did_not_have() {
    // The imputer has no indicator for depth (no train gap); this table has one.
    let t = table(vec![
        cat("island", &["Dream", ""]),
        num("mass", &[NA, 6.0]),
        num("depth", &[NA, 2.0]),
        num("length", &[3.0, 4.0]),
        cat("sex", &["male", "male"]),
    ]);
    let got = call_ok!(missing_values::impute(
        &toy_imputer(&["island", "mass", "length", "sex"]),
        &t
    ));
    let expected = table(vec![
        cat("island", &["Dream", "Torgersen"]),
        num("mass", &[8.0, 6.0]),
        num("depth", &[2.5, 2.0]),
        num("length", &[3.0, 4.0]),
        cat("sex", &["male", "male"]),
        num("island_missing", &[0.0, 1.0]),
        num("mass_missing", &[1.0, 0.0]),
        num("length_missing", &[0.0, 0.0]),
        num("sex_missing", &[0.0, 0.0]),
    ]);
    let from_this_table = expected
        .select_columns(&["island", "mass", "depth", "length", "sex", "island_missing"])
        .unwrap()
        .with_column(num("mass_missing", &[1.0, 0.0]))
        .unwrap()
        .with_column(num("depth_missing", &[1.0, 0.0]))
        .unwrap();
    expect_imputed(
        "impute(imputer with indicators island, mass, length, sex; a 2-row table with a \
         depth gap)",
        &got,
        &expected,
        &[(
            from_this_table,
            "the indicator columns are the imputer's (decided on train), whatever gaps this \
             table has",
        )],
    );
}

#[test]
fn impute_keeps_the_name_and_handles_no_rows() {
    let t = Table::new("birds", toy().columns().to_vec()).unwrap();
    let got = call_ok!(missing_values::impute(&toy_imputer(&["sex"]), &t));
    require(got.name() == "birds", || {
        format!(
            "impute on a table named \"birds\": the result is named {:?}; keep the table's name",
            got.name()
        )
    });
    let no_rows = toy().select_rows(&[]).unwrap();
    let got = call_ok!(missing_values::impute(&toy_imputer(&["sex"]), &no_rows));
    expect_table(
        "impute on a table without rows",
        &got,
        &my_impute(&toy_imputer(&["sex"]), &no_rows),
        &[],
    );
}

#[test]
fn impute_checks_the_columns_in_order() {
    let imputer = toy_imputer(&[]);
    let expected_names: Vec<String> = TOY_COLUMNS.map(String::from).to_vec();
    let reordered = toy()
        .select_columns(&["mass", "island", "depth", "length", "sex"])
        .unwrap();
    let error = expect_err(
        "impute on the hand-made table with mass and island swapped",
        "the columns must be the imputer's, in the same order",
        call!(missing_values::impute(&imputer, &reordered)),
    );
    let found = reordered.column_names();
    expect_error(
        "the error of impute on columns in another order",
        error,
        MissingError::ColumnsMismatch {
            expected: expected_names.clone(),
            found: found.clone(),
        },
        &[
            (
                MissingError::ColumnsMismatch {
                    expected: found.clone(),
                    found: expected_names.clone(),
                },
                "expected lists the imputer's columns, found the table's",
            ),
            (
                MissingError::KindMismatch {
                    column: "mass".into(),
                    fitted: ColumnKind::Categorical,
                    found: ColumnKind::Numeric,
                },
                "compare the column names (in order) first: pairing the columns by position \
                 only finds that their kinds differ",
            ),
        ],
    );
    let fewer = toy()
        .select_columns(&["island", "mass", "depth", "length"])
        .unwrap();
    let error = expect_err(
        "impute on the hand-made table without sex",
        "the imputer has a fill for sex: the tables differ",
        call!(missing_values::impute(&imputer, &fewer)),
    );
    require(
        matches!(error, MissingError::ColumnsMismatch { .. }),
        || format!("impute on a table without sex: expected ColumnsMismatch, got {error:?}"),
    );
    // Both faults: swapped names and a kind changed; the names are checked first.
    let swapped_kinds = table(vec![
        num("island", &[1.0]),
        cat("mass", &["heavy"]),
        num("depth", &[1.0]),
        num("length", &[1.0]),
        num("sex", &[0.0]),
    ]);
    let both = swapped_kinds
        .select_columns(&["island", "mass", "depth", "sex", "length"])
        .unwrap();
    let error = expect_err(
        "impute on columns in another order whose kinds also differ",
        "the names are checked first",
        call!(missing_values::impute(&imputer, &both)),
    );
    require(
        matches!(error, MissingError::ColumnsMismatch { .. }),
        || {
            format!(
                "impute on columns in another order and of other kinds: expected \
                 ColumnsMismatch (names are checked before kinds), got {error:?}"
            )
        },
    );
    let error = expect_err(
        "impute on island numeric, mass categorical, sex numeric",
        "the kinds differ from the fills'",
        mlings::call_explaining!(
            "compare each column's kind with its fill's and return KindMismatch before \
             filling anything",
            missing_values::impute(&imputer, &swapped_kinds)
        ),
    );
    let kind = |column: &str, fitted, found| MissingError::KindMismatch {
        column: column.into(),
        fitted,
        found,
    };
    use ColumnKind::{Categorical, Numeric};
    expect_error(
        "the error of impute on island numeric, mass categorical, sex numeric",
        error,
        kind("island", Categorical, Numeric),
        &[
            (
                kind("island", Numeric, Categorical),
                "fitted is the imputer's kind, found the table's",
            ),
            (
                kind("mass", Numeric, Categorical),
                "report the first column (left to right) whose kind differs",
            ),
            (
                kind("sex", Categorical, Numeric),
                "report the first column (left to right) whose kind differs",
            ),
        ],
    );
}

// ---- fitted on train, applied to test: the penguins' cross-validation folds -------------

#[test]
fn fit_on_train_and_impute_the_test_fold() {
    let penguins = datasets::penguins();
    let folds = penguins.reference_folds().unwrap();
    for k in 0..folds.len() {
        let round = folds.round(k).unwrap();
        let train = penguins.table.select_rows(&round.train).unwrap();
        let test = penguins.table.select_rows(&round.test).unwrap();
        let gaps = rows_with_gaps(&test).len();
        for (fill, indicators) in [(NumericFill::Median, true), (NumericFill::Mean, false)] {
            let imputer = call_ok!(missing_values::fit_imputer(
                &params(fill, indicators),
                &train
            ));
            let got = call_ok!(missing_values::impute(&imputer, &test));
            let expected = my_impute(&my_fit(&train, fill, indicators, Wrong::None), &test);
            let on_test = my_impute(&my_fit(&test, fill, indicators, Wrong::None), &test);
            expect_table(
                &format!(
                    "fit_imputer({fill:?}, indicators {indicators}) on the train rows of CV \
                     round {k}, then impute its test fold ({} rows, {gaps} with a gap)",
                    test.n_rows()
                ),
                &got,
                &expected,
                &[(
                    on_test,
                    "the fills came from the test fold: learn them on train only, and apply \
                     them unchanged",
                )],
            );
        }
    }
}
