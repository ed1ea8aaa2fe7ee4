//! Grader of exercises/10_data_preparation/categorical_encoding.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/10_data_preparation/categorical_encoding.rs"]
mod categorical_encoding;
#[cfg(feature = "solutions")]
use mlings::reference::categorical_encoding;

mod data_preparation_support;
use data_preparation_support::{NA, cat, names_text, num, rows_with_gaps, table};

use mlings::datasets;
use mlings::grade::{expect_err, expect_error, fail, require};
use mlings::types::categorical_encoding::{
    ColumnData, ColumnEncoding, ColumnKind, EncodedColumn, Encoder, EncoderParams, Encoding,
    EncodingError, Table, UNKNOWN_ORDINAL, Unknown,
};
use mlings::{call, call_ok};
use ndarray::{Array2, array};

/// island: Torgersen, Biscoe, Dream, Biscoe (sorted: Biscoe, Dream, Torgersen; first
/// seen: Torgersen, Biscoe, Dream). mass: 3, 4, 5, 6. sex: male, female, male, male.
fn toy() -> Table {
    table(vec![
        cat("island", &["Torgersen", "Biscoe", "Dream", "Biscoe"]),
        num("mass", &[3.0, 4.0, 5.0, 6.0]),
        cat("sex", &["male", "female", "male", "male"]),
    ])
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}

/// The encoder of the toy table, written by hand (not by the learner's fit_encoder).
fn toy_encoder(params: EncoderParams) -> Encoder {
    Encoder {
        params,
        columns: vec![
            EncodedColumn {
                column: "island".into(),
                encoding: ColumnEncoding::Categories(strings(&["Biscoe", "Dream", "Torgersen"])),
            },
            EncodedColumn {
                column: "mass".into(),
                encoding: ColumnEncoding::Passthrough,
            },
            EncodedColumn {
                column: "sex".into(),
                encoding: ColumnEncoding::Categories(strings(&["female", "male"])),
            },
        ],
    }
}

fn one_hot() -> EncoderParams {
    EncoderParams::one_hot()
}

// ---- an independent encoder, written from the skeleton's doc -----------------------------

#[derive(Clone, Copy, PartialEq)]
enum Wrong {
    None,
    /// Categories in the order the rows first show them.
    FirstSeen,
    /// drop_first leaves out the last category instead.
    DropLast,
}

fn my_categories(cells: &[Option<String>], wrong: Wrong) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for c in cells.iter().flatten() {
        if !seen.contains(c) {
            seen.push(c.clone());
        }
    }
    if wrong != Wrong::FirstSeen {
        seen.sort();
    }
    seen
}

fn my_fit(params: EncoderParams, train: &Table, wrong: Wrong) -> Encoder {
    Encoder {
        params,
        columns: train
            .columns()
            .iter()
            .map(|c| EncodedColumn {
                column: c.name.clone(),
                encoding: match &c.data {
                    ColumnData::Numeric(_) => ColumnEncoding::Passthrough,
                    ColumnData::Categorical(v) => {
                        ColumnEncoding::Categories(my_categories(v, wrong))
                    }
                },
            })
            .collect(),
    }
}

/// The kept categories of a one-hot column.
fn kept(params: &EncoderParams, categories: &[String], wrong: Wrong) -> Vec<String> {
    let mut kept = categories.to_vec();
    if params.drop_first && !kept.is_empty() {
        if wrong == Wrong::DropLast {
            kept.pop();
        } else {
            kept.remove(0);
        }
    }
    kept
}

fn my_names(encoder: &Encoder, wrong: Wrong) -> Vec<String> {
    let mut names = Vec::new();
    for c in &encoder.columns {
        match (&c.encoding, encoder.params.encoding) {
            (ColumnEncoding::Categories(cats), Encoding::OneHot) => names.extend(
                kept(&encoder.params, cats, wrong)
                    .iter()
                    .map(|k| format!("{}_{k}", c.column)),
            ),
            _ => names.push(c.column.clone()),
        }
    }
    names
}

/// The encoded matrix of a table without missing cells or (under Error) unknown values.
fn my_encode(encoder: &Encoder, t: &Table, wrong: Wrong) -> (Vec<String>, Array2<f64>) {
    let names = my_names(encoder, wrong);
    let mut x = Array2::zeros((t.n_rows(), names.len()));
    let mut at = 0;
    for (c, e) in t.columns().iter().zip(&encoder.columns) {
        match (&c.data, &e.encoding) {
            (ColumnData::Numeric(v), _) => {
                for (r, cell) in v.iter().enumerate() {
                    x[[r, at]] = cell.unwrap();
                }
                at += 1;
            }
            (ColumnData::Categorical(v), ColumnEncoding::Categories(cats)) => {
                let position = |value: &str| cats.iter().position(|k| k == value);
                if encoder.params.encoding == Encoding::Ordinal {
                    for (r, cell) in v.iter().enumerate() {
                        x[[r, at]] = position(cell.as_deref().unwrap())
                            .map_or(UNKNOWN_ORDINAL, |i| i as f64);
                    }
                    at += 1;
                } else {
                    let kept = kept(&encoder.params, cats, wrong);
                    for (r, cell) in v.iter().enumerate() {
                        let value = cell.as_deref().unwrap();
                        if let Some(j) = kept.iter().position(|k| k == value) {
                            x[[r, at + j]] = 1.0;
                        }
                    }
                    at += kept.len();
                }
            }
            _ => panic!("the grader encodes matching tables only"),
        }
    }
    (names, x)
}

/// An expected encoding: its feature names and matrix.
type Expected = (Vec<String>, Array2<f64>);

/// Where the learner's encoding first differs from `expected`, in a line.
fn difference(
    got: (&[String], &Array2<f64>),
    expected: (&[String], &Array2<f64>),
) -> Option<String> {
    if got.0 != expected.0 {
        return Some(format!("feature_names {}", names_text(got.0, expected.0)));
    }
    if got.1.dim() != expected.1.dim() {
        return Some(format!(
            "features has shape {:?}, expected {:?} (one row per table row, one column per \
             feature name)",
            got.1.dim(),
            expected.1.dim()
        ));
    }
    let (r, c) = got
        .1
        .indexed_iter()
        .find(|&((r, c), g)| {
            let e = expected.1[[r, c]];
            !((g - e).abs() <= 1e-12 || (g.is_nan() && e.is_nan()))
        })?
        .0;
    Some(format!(
        "row {r}, column {c} ({:?}): expected {}, got {}",
        expected.0[c],
        expected.1[[r, c]],
        got.1[[r, c]]
    ))
}

#[track_caller]
fn expect_encoded(
    what: &str,
    got: &mlings::types::categorical_encoding::Encoded,
    expected: &Expected,
    mistakes: &[(Expected, &str)],
) {
    let got = (got.feature_names.as_slice(), &got.features);
    let Some(diff) = difference(got, (&expected.0, &expected.1)) else {
        return;
    };
    let mut message = format!("{what}: {diff}");
    if let Some((_, why)) = mistakes
        .iter()
        .find(|(m, _)| difference(got, (&m.0, &m.1)).is_none())
    {
        message.push_str(&format!("\n    likely mistake: {why}"));
    } else if got.0 != expected.0
        && difference((&expected.0, got.1), (&expected.0, &expected.1)).is_none()
    {
        message.push_str(
            "\n    likely mistake: the matrix is right but not its names: Encoded's \
             feature_names is feature_names(encoder)",
        );
    }
    fail(message);
}

// ---- fit_encoder ------------------------------------------------------------------------

#[test]
fn fit_encoder_sorts_the_categories() {
    let got = call_ok!(categorical_encoding::fit_encoder(&one_hot(), &toy()));
    let expected = toy_encoder(one_hot());
    if got == expected {
        return;
    }
    require(got.params == one_hot(), || {
        format!(
            "fit_encoder(one_hot): the encoder's params are {:?}, expected the params it was \
             fitted with",
            got.params
        )
    });
    let first_seen = my_fit(one_hot(), &toy(), Wrong::FirstSeen);
    for (i, e) in expected.columns.iter().enumerate() {
        let g = got.columns.get(i);
        if g != Some(e) {
            let mut message = format!(
                "fit_encoder on island = [Torgersen, Biscoe, Dream, Biscoe], mass, sex: \
                 column {i} is {}, expected {e:?}",
                g.map_or("missing".to_string(), |g| format!("{g:?}"))
            );
            let descending = match &e.encoding {
                ColumnEncoding::Categories(c) => EncodedColumn {
                    column: e.column.clone(),
                    encoding: ColumnEncoding::Categories(c.iter().rev().cloned().collect()),
                },
                ColumnEncoding::Passthrough => e.clone(),
            };
            if g == Some(&first_seen.columns[i]) {
                message.push_str(
                    "\n    likely mistake: the categories are in the order the rows show them: \
                     sort them (str order)",
                );
            } else if g == Some(&descending) {
                message.push_str(
                    "\n    likely mistake: sort the categories ascending (str order), not \
                     descending",
                );
            } else if let Some(EncodedColumn {
                encoding: ColumnEncoding::Categories(c),
                ..
            }) = g
                && c.len() > 3
            {
                message.push_str("\n    likely mistake: each category once (deduplicate)");
            }
            fail(message);
        }
    }
    fail(format!(
        "fit_encoder on the hand-made table: expected {} columns, got {}",
        expected.columns.len(),
        got.columns.len()
    ));
}

#[test]
fn fit_encoder_uses_str_order() {
    let t = table(vec![cat("tag", &["b", "B", "a", "b", "A"])]);
    let got = call_ok!(categorical_encoding::fit_encoder(
        &EncoderParams::ordinal(),
        &t
    ));
    let expected = ColumnEncoding::Categories(strings(&["A", "B", "a", "b"]));
    require(got.params == EncoderParams::ordinal(), || {
        format!(
            "fit_encoder(ordinal): the encoder's params are {:?}\n    likely mistake: the \
             encoder keeps the params it was fitted with (params: *params)",
            got.params
        )
    });
    let got = got.columns.first().map(|c| c.encoding.clone());
    if got.as_ref() != Some(&expected) {
        let mut message = format!(
            "fit_encoder(ordinal) on tag = [b, B, a, b, A]: expected {expected:?}, got {got:?}"
        );
        if got == Some(ColumnEncoding::Categories(strings(&["a", "A", "b", "B"])))
            || got == Some(ColumnEncoding::Categories(strings(&["A", "a", "B", "b"])))
        {
            message.push_str(
                "\n    likely mistake: a case-insensitive sort: use Rust's str order (upper \
                 case first)",
            );
        } else if got == Some(ColumnEncoding::Categories(strings(&["b", "a", "B", "A"]))) {
            message.push_str(
                "\n    likely mistake: sort the categories ascending (str order), not \
                 descending",
            );
        }
        fail(message);
    }
}

#[test]
fn fit_encoder_errors_in_order() {
    let no_rows = toy().select_rows(&[]).unwrap();
    let error = expect_err(
        "fit_encoder(ordinal with drop_first) on a table without rows",
        "the parameters are invalid, and they are checked first",
        call!(categorical_encoding::fit_encoder(
            &EncoderParams::ordinal().drop_first(true),
            &no_rows
        )),
    );
    require(matches!(error, EncodingError::InvalidParams(_)), || {
        format!(
            "fit_encoder(ordinal with drop_first) on a table without rows: expected \
             InvalidParams (params.check() comes first), got {error:?}"
        )
    });
    let error = expect_err(
        "fit_encoder(one_hot) on a table without rows",
        "there are no categories to learn",
        call!(categorical_encoding::fit_encoder(&one_hot(), &no_rows)),
    );
    expect_error(
        "the error of fit_encoder on a table without rows",
        error,
        EncodingError::EmptyTable,
        &[],
    );
    // Two gaps: mass at row 1 (column 1), sex at row 0 (column 2), island at row 3.
    let t = table(vec![
        cat("island", &["Dream", "Biscoe", "Dream", ""]),
        num("mass", &[1.0, NA, 2.0, 3.0]),
        cat("sex", &["", "male", "male", "female"]),
    ]);
    let error = expect_err(
        "fit_encoder on a table with missing cells",
        "encoding needs every cell: impute first",
        call!(categorical_encoding::fit_encoder(&one_hot(), &t)),
    );
    let missing = |column: &str, row| EncodingError::MissingCell {
        column: column.into(),
        row,
    };
    expect_error(
        "the error of fit_encoder on island = [Dream, Biscoe, Dream, NA], mass = [1, NA, 2, \
         3], sex = [NA, male, male, female]",
        error,
        missing("island", 3),
        &[
            (
                missing("sex", 0),
                "the columns are scanned left to right, each column's rows top to bottom \
                 (you went row by row)",
            ),
            (
                missing("mass", 1),
                "a numeric column with a missing cell is an error too, and island (left of \
                 it) comes first",
            ),
        ],
    );
    let t = table(vec![num("mass", &[1.0, NA])]);
    let error = expect_err(
        "fit_encoder on mass = [1, NA]",
        "a missing number cannot be passed through",
        call!(categorical_encoding::fit_encoder(&one_hot(), &t)),
    );
    expect_error(
        "the error of fit_encoder on mass = [1, NA]",
        error,
        missing("mass", 1),
        &[],
    );
}

// ---- feature_names ----------------------------------------------------------------------

#[test]
fn feature_names_one_hot_drop_first_and_ordinal() {
    let cases = [
        (
            one_hot(),
            "one_hot",
            vec![
                "island_Biscoe",
                "island_Dream",
                "island_Torgersen",
                "mass",
                "sex_female",
                "sex_male",
            ],
        ),
        (
            one_hot().drop_first(true),
            "one_hot with drop_first",
            vec!["island_Dream", "island_Torgersen", "mass", "sex_male"],
        ),
        (
            EncoderParams::ordinal(),
            "ordinal",
            vec!["island", "mass", "sex"],
        ),
    ];
    for (params, label, expected) in cases {
        let encoder = toy_encoder(params);
        let got = call!(categorical_encoding::feature_names(&encoder));
        let mut mistakes = vec![];
        if params.drop_first {
            mistakes.push((
                my_names(&encoder, Wrong::DropLast),
                "drop_first leaves out each column's *first* category",
            ));
            mistakes.push((
                my_names(&toy_encoder(one_hot()), Wrong::None),
                "with drop_first, the first category of each column gets no column",
            ));
        }
        if params.encoding == Encoding::Ordinal {
            mistakes.push((
                my_names(&toy_encoder(one_hot()), Wrong::None),
                "ordinal encoding gives one column per feature, named as the column",
            ));
        }
        let as_island = |sep: &str| {
            my_names(&encoder, Wrong::None)
                .iter()
                .map(|n| n.replacen('_', sep, 1))
                .collect::<Vec<_>>()
        };
        if params.encoding == Encoding::OneHot {
            for sep in ["=", "-", ".", ":", " "] {
                mistakes.push((
                    as_island(sep),
                    "a one-hot column is named one_hot_name(column, category): column_category",
                ));
            }
        }
        let mistakes: Vec<(Vec<String>, &str)> = mistakes;
        expect_error(
            &format!(
                "feature_names of a hand-made {label} encoder (island: Biscoe, Dream, \
                 Torgersen; mass; sex: female, male)"
            ),
            got,
            strings(&expected),
            &mistakes,
        );
    }
}

#[test]
fn feature_names_with_a_single_category_dropped() {
    let encoder = Encoder {
        params: one_hot().drop_first(true),
        columns: vec![
            EncodedColumn {
                column: "only".into(),
                encoding: ColumnEncoding::Categories(strings(&["x"])),
            },
            EncodedColumn {
                column: "mass".into(),
                encoding: ColumnEncoding::Passthrough,
            },
        ],
    };
    let got = call!(categorical_encoding::feature_names(&encoder));
    expect_error(
        "feature_names with drop_first of a column with the single category x, then mass",
        got,
        strings(&["mass"]),
        &[(
            strings(&["only_x", "mass"]),
            "drop_first drops the first category even when it is the only one: that column \
             then gives no feature",
        )],
    );
}

// ---- encode -----------------------------------------------------------------------------

#[test]
fn encode_one_hot() {
    let encoder = toy_encoder(one_hot());
    let got = call_ok!(categorical_encoding::encode(&encoder, &toy()));
    let names = my_names(&encoder, Wrong::None);
    #[rustfmt::skip]
    let x = array![
        [0.0, 0.0, 1.0, 3.0, 0.0, 1.0],
        [1.0, 0.0, 0.0, 4.0, 1.0, 0.0],
        [0.0, 1.0, 0.0, 5.0, 0.0, 1.0],
        [1.0, 0.0, 0.0, 6.0, 0.0, 1.0],
    ];
    let first_seen = my_encode(
        &my_fit(one_hot(), &toy(), Wrong::FirstSeen),
        &toy(),
        Wrong::None,
    );
    let mut reversed = x.clone();
    for j in [0, 1, 2, 4, 5] {
        reversed.column_mut(j).mapv_inplace(|v| 1.0 - v);
    }
    expect_encoded(
        "encode(hand-made one-hot encoder, island = [Torgersen, Biscoe, Dream, Biscoe], mass, \
         sex = [male, female, male, male])",
        &got,
        &(names.clone(), x),
        &[
            (
                (first_seen.0.clone(), first_seen.1),
                "the categories were taken from this table in row order: use the encoder's \
                 (sorted) list",
            ),
            (
                (names, reversed),
                "1.0 goes in the row's own category's column, 0.0 in the others",
            ),
        ],
    );
}

#[test]
fn encode_one_hot_drop_first() {
    let encoder = toy_encoder(one_hot().drop_first(true));
    let got = call_ok!(categorical_encoding::encode(&encoder, &toy()));
    #[rustfmt::skip]
    let x = array![
        [0.0, 1.0, 3.0, 1.0],
        [0.0, 0.0, 4.0, 0.0],
        [1.0, 0.0, 5.0, 1.0],
        [0.0, 0.0, 6.0, 1.0],
    ];
    let drop_last = my_encode(&encoder, &toy(), Wrong::DropLast);
    let mut shifted = x.clone();
    // The columns named for categories 1.. but filled as if for 0..
    #[rustfmt::skip]
    let shifted_values = array![
        [0.0, 0.0, 3.0, 0.0],
        [1.0, 0.0, 4.0, 1.0],
        [0.0, 1.0, 5.0, 0.0],
        [1.0, 0.0, 6.0, 0.0],
    ];
    shifted.assign(&shifted_values);
    let names = my_names(&encoder, Wrong::None);
    expect_encoded(
        "encode(hand-made one-hot encoder with drop_first, the hand-made table)",
        &got,
        &(names.clone(), x),
        &[
            (
                drop_last,
                "drop_first leaves out each column's *first* category",
            ),
            (
                (names, shifted),
                "after dropping the first category, category i goes to kept column i - 1",
            ),
        ],
    );
}

#[test]
fn encode_ordinal() {
    let encoder = toy_encoder(EncoderParams::ordinal());
    let got = call_ok!(categorical_encoding::encode(&encoder, &toy()));
    let x = array![
        [2.0, 3.0, 1.0],
        [0.0, 4.0, 0.0],
        [1.0, 5.0, 1.0],
        [0.0, 6.0, 1.0]
    ];
    let names = my_names(&encoder, Wrong::None);
    expect_encoded(
        "encode(hand-made ordinal encoder, the hand-made table)",
        &got,
        &(names.clone(), x.clone()),
        &[
            (
                (names.clone(), x.mapv(|v| v) + array![[1.0, 0.0, 1.0]]),
                "the ordinal codes start at 0 (the index in the sorted list)",
            ),
            (
                (
                    names,
                    array![
                        [0.0, 3.0, 0.0],
                        [1.0, 4.0, 1.0],
                        [2.0, 5.0, 0.0],
                        [1.0, 6.0, 0.0]
                    ],
                ),
                "the codes follow the order the rows show the categories: use the encoder's \
                 sorted list",
            ),
        ],
    );
}

/// A 3-row table with a fourth island at row 1 and an unseen sex at row 2.
fn with_unknowns() -> Table {
    table(vec![
        cat("island", &["Dream", "Anvers", "Biscoe"]),
        num("mass", &[1.0, 2.0, 3.0]),
        cat("sex", &["female", "male", "unknown"]),
    ])
}

#[test]
fn encode_ignores_unknown_categories_when_asked() {
    let encoder = toy_encoder(one_hot().unknown(Unknown::Ignore));
    let got = call_ok!(categorical_encoding::encode(&encoder, &with_unknowns()));
    let names = my_names(&encoder, Wrong::None);
    #[rustfmt::skip]
    let x = array![
        [0.0, 1.0, 0.0, 1.0, 1.0, 0.0],
        [0.0, 0.0, 0.0, 2.0, 0.0, 1.0],
        [1.0, 0.0, 0.0, 3.0, 0.0, 0.0],
    ];
    let mut first_hot = x.clone();
    first_hot[[1, 0]] = 1.0;
    first_hot[[2, 4]] = 1.0;
    expect_encoded(
        "encode(one-hot, Unknown::Ignore) of island = [Dream, Anvers, Biscoe], mass, sex = \
         [female, male, unknown] (Anvers and unknown were not seen)",
        &got,
        &(names.clone(), x),
        &[(
            (names, first_hot),
            "an ignored category is all zeros, not the first category",
        )],
    );
    let encoder = toy_encoder(EncoderParams::ordinal().unknown(Unknown::Ignore));
    let got = call_ok!(categorical_encoding::encode(&encoder, &with_unknowns()));
    let names = my_names(&encoder, Wrong::None);
    let x = array![[1.0, 1.0, 0.0], [-1.0, 2.0, 1.0], [0.0, 3.0, -1.0]];
    let mut as_len = x.clone();
    as_len[[1, 0]] = 3.0;
    as_len[[2, 2]] = 2.0;
    let mut as_zero = x.clone();
    as_zero[[1, 0]] = 0.0;
    as_zero[[2, 2]] = 0.0;
    let mut as_nan = x.clone();
    as_nan[[1, 0]] = f64::NAN;
    as_nan[[2, 2]] = f64::NAN;
    expect_encoded(
        "encode(ordinal, Unknown::Ignore) of the table with unseen Anvers and unknown",
        &got,
        &(names.clone(), x),
        &[
            (
                (names.clone(), as_len),
                "an ignored category's ordinal code is UNKNOWN_ORDINAL (-1), not the next index",
            ),
            (
                (names.clone(), as_zero),
                "an ignored category's ordinal code is UNKNOWN_ORDINAL (-1), not 0",
            ),
            (
                (names, as_nan),
                "an ignored category's ordinal code is UNKNOWN_ORDINAL (-1), not NaN",
            ),
        ],
    );
}

#[test]
fn an_ignored_category_with_drop_first_is_all_zeros() {
    let encoder = toy_encoder(one_hot().drop_first(true).unknown(Unknown::Ignore));
    let got = call_ok!(categorical_encoding::encode(&encoder, &with_unknowns()));
    let names = my_names(&encoder, Wrong::None);
    #[rustfmt::skip]
    let x = array![
        [1.0, 0.0, 1.0, 0.0],
        [0.0, 0.0, 2.0, 1.0],
        [0.0, 0.0, 3.0, 0.0],
    ];
    expect_encoded(
        "encode(one-hot, drop_first, Unknown::Ignore) of island = [Dream, Anvers, Biscoe], \
         mass, sex = [female, male, unknown]",
        &got,
        &(names, x),
        &[],
    );
}

#[test]
fn encode_rejects_unknown_categories_by_default() {
    for (params, label) in [
        (one_hot(), "one-hot"),
        (EncoderParams::ordinal(), "ordinal"),
    ] {
        let error = expect_err(
            &format!("encode({label}, Unknown::Error) of a table with the unseen island Anvers"),
            "Unknown::Error: a category not seen at fit time is an error",
            call!(categorical_encoding::encode(
                &toy_encoder(params),
                &with_unknowns()
            )),
        );
        let unknown = |column: &str, row, value: &str| EncodingError::UnknownCategory {
            column: column.into(),
            row,
            value: value.into(),
        };
        expect_error(
            &format!(
                "the error of encode({label}) on island = [Dream, Anvers, Biscoe], sex = [.., unknown]"
            ),
            error,
            unknown("island", 1, "Anvers"),
            &[
                (
                    unknown("sex", 2, "unknown"),
                    "report the first unknown cell, columns left to right",
                ),
                (
                    unknown("island", 2, "Anvers"),
                    "row is the 0-based index of the cell's row",
                ),
            ],
        );
    }
}

#[test]
fn encode_scans_cells_column_by_column() {
    // mass is missing at row 0; island's unknown Anvers is at row 2 (island is left).
    let t = table(vec![
        cat("island", &["Dream", "Biscoe", "Anvers"]),
        num("mass", &[NA, 2.0, 3.0]),
        cat("sex", &["", "male", "female"]),
    ]);
    let error = expect_err(
        "encode(one-hot, Unknown::Error) of island = [Dream, Biscoe, Anvers], mass = [NA, 2, \
         3], sex = [NA, male, female]",
        "the table has an unknown category and missing cells",
        call!(categorical_encoding::encode(&toy_encoder(one_hot()), &t)),
    );
    expect_error(
        "the error of encode on that table",
        error,
        EncodingError::UnknownCategory {
            column: "island".into(),
            row: 2,
            value: "Anvers".into(),
        },
        &[(
            EncodingError::MissingCell {
                column: "mass".into(),
                row: 0,
            },
            "the cells are checked column by column (left to right), each column top to \
             bottom; you went row by row",
        )],
    );
    let error = expect_err(
        "encode(one-hot, Unknown::Ignore) of that table",
        "Ignore forgives unknown categories, not missing cells",
        call!(categorical_encoding::encode(
            &toy_encoder(one_hot().unknown(Unknown::Ignore)),
            &t
        )),
    );
    expect_error(
        "the error of encode(Unknown::Ignore) on that table",
        error,
        EncodingError::MissingCell {
            column: "mass".into(),
            row: 0,
        },
        &[(
            EncodingError::MissingCell {
                column: "sex".into(),
                row: 0,
            },
            "a numeric column's missing cell is an error too",
        )],
    );
}

#[test]
fn encode_checks_the_columns_in_order() {
    let encoder = toy_encoder(one_hot());
    let reordered = toy().select_columns(&["mass", "island", "sex"]).unwrap();
    let error = expect_err(
        "encode on the hand-made table with mass and island swapped",
        "the columns must be the encoder's, in the same order",
        call!(categorical_encoding::encode(&encoder, &reordered)),
    );
    let names = strings(&["island", "mass", "sex"]);
    expect_error(
        "the error of encode on columns in another order",
        error,
        EncodingError::ColumnsMismatch {
            expected: names.clone(),
            found: reordered.column_names(),
        },
        &[
            (
                EncodingError::ColumnsMismatch {
                    expected: reordered.column_names(),
                    found: names,
                },
                "expected lists the encoder's columns, found the table's",
            ),
            (
                EncodingError::KindMismatch {
                    column: "mass".into(),
                    fitted: ColumnKind::Categorical,
                    found: ColumnKind::Numeric,
                },
                "compare the column names (in order) first: pairing the columns by position \
                 only finds that their kinds differ",
            ),
        ],
    );
    let kinds = table(vec![
        num("island", &[1.0]),
        cat("mass", &["heavy"]),
        cat("sex", &["male"]),
    ]);
    let both = kinds.select_columns(&["island", "sex", "mass"]).unwrap();
    let error = expect_err(
        "encode on columns in another order whose kinds also differ",
        "the names are checked first",
        call!(categorical_encoding::encode(&encoder, &both)),
    );
    require(
        matches!(error, EncodingError::ColumnsMismatch { .. }),
        || {
            format!(
                "encode on columns in another order and of other kinds: expected \
                 ColumnsMismatch (names are checked before kinds), got {error:?}"
            )
        },
    );
    let error = expect_err(
        "encode on island numeric and mass categorical",
        "the kinds differ from the fitted ones",
        mlings::call_explaining!(
            "compare each column's kind with the fitted one and return KindMismatch before \
             encoding any cell",
            categorical_encoding::encode(&encoder, &kinds)
        ),
    );
    use ColumnKind::{Categorical, Numeric};
    let kind = |column: &str, fitted, found| EncodingError::KindMismatch {
        column: column.into(),
        fitted,
        found,
    };
    expect_error(
        "the error of encode on island numeric, mass categorical",
        error,
        kind("island", Categorical, Numeric),
        &[
            (
                kind("island", Numeric, Categorical),
                "fitted is the encoder's kind, found the table's",
            ),
            (
                kind("mass", Numeric, Categorical),
                "report the first column (left to right) whose kind differs",
            ),
        ],
    );
}

#[test]
fn encode_learns_nothing_from_the_table() {
    // Only Dream and Torgersen, in another order: still three island columns.
    let t = table(vec![
        cat("island", &["Dream", "Torgersen", "Dream"]),
        num("mass", &[7.0, 8.0, 9.0]),
        cat("sex", &["male", "male", "male"]),
    ]);
    let encoder = toy_encoder(one_hot());
    let got = call_ok!(categorical_encoding::encode(&encoder, &t));
    let refit = my_encode(&my_fit(one_hot(), &t, Wrong::None), &t, Wrong::None);
    expect_encoded(
        "encode(the hand-made one-hot encoder, island = [Dream, Torgersen, Dream], mass, sex = \
         [male, male, male])",
        &got,
        &my_encode(&encoder, &t, Wrong::None),
        &[(
            refit,
            "the categories were learnt again from this table: use the encoder's, as fitted",
        )],
    );
    let no_rows = t.select_rows(&[]).unwrap();
    let got = call_ok!(categorical_encoding::encode(&encoder, &no_rows));
    expect_encoded(
        "encode of a table without rows",
        &got,
        &(my_names(&encoder, Wrong::None), Array2::zeros((0, 6))),
        &[],
    );
}

// ---- the penguins: fitted on train, applied to the test rows -----------------------------

#[test]
fn penguins_fit_on_train_encode_the_cv_test_folds() {
    let penguins = datasets::penguins();
    let folds = penguins.reference_folds().unwrap();
    for params in [
        one_hot().unknown(Unknown::Ignore),
        one_hot().drop_first(true),
        EncoderParams::ordinal(),
    ] {
        for k in [0, 3] {
            let round = folds.round(k).unwrap();
            // The complete rows of each part (encoding needs every cell).
            let complete = |rows: &[usize]| {
                let t = penguins.table.select_rows(rows).unwrap();
                let gaps = rows_with_gaps(&t);
                let keep: Vec<usize> = (0..t.n_rows()).filter(|r| !gaps.contains(r)).collect();
                t.select_rows(&keep).unwrap()
            };
            let (train, test) = (complete(&round.train), complete(&round.test));
            let encoder = call_ok!(categorical_encoding::fit_encoder(&params, &train));
            let got = call_ok!(categorical_encoding::encode(&encoder, &test));
            let mine = my_fit(params, &train, Wrong::None);
            expect_encoded(
                &format!(
                    "{:?} (drop_first {}) fitted on the complete train rows of penguin CV round \
                     {k}, encoding its test fold",
                    params.encoding, params.drop_first
                ),
                &got,
                &my_encode(&mine, &test, Wrong::None),
                &[(
                    my_encode(
                        &my_fit(params, &train, Wrong::FirstSeen),
                        &test,
                        Wrong::None,
                    ),
                    "the categories are in the order the rows show them: sort them",
                )],
            );
        }
    }
}
