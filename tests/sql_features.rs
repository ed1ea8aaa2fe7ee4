//! Grader of exercises/10_data_preparation/sql_features.rs.
//!
//! Every query is run twice: its text by the grader's own code (so a wrong query and
//! wrong reading code are told apart), and through the learner's function. Both run on
//! fresh databases: the course's penguins, inserted in reverse id order (so a missing
//! ORDER BY shows), and a small hand-made one where every trap changes the answer. The
//! expected rows are computed in Rust from the rows the grader inserted.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/10_data_preparation/sql_features.rs"]
mod sql_features;
#[cfg(feature = "solutions")]
use mlings::reference::sql_features;

use std::collections::{BTreeMap, BTreeSet};

use mlings::grade::{catch_panic, fail, require};
use mlings::types::sql_features::{
    CleanedPenguin, GroupSummary, Island, IslandSurvey, Penguin, SpeciesMean, Split, SqlError,
    database_with, islands, penguin_rows,
};
use rusqlite::Connection;
use rusqlite::types::Value;

// ---------------------------------------------------------------------------------------
// Databases
// ---------------------------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
fn bird(
    id: i64,
    species: &str,
    island: &str,
    mass: Option<f64>,
    sex: Option<&str>,
    split: Split,
) -> Penguin {
    Penguin {
        id,
        species: species.into(),
        island: island.into(),
        bill_length_mm: Some(40.0 + id as f64),
        bill_depth_mm: Some(18.0),
        flipper_length_mm: Some(190.0 + id as f64),
        body_mass_g: mass,
        sex: sex.map(str::to_string),
        year: 2008,
        split,
    }
}

/// The hand-made database's penguins, in the order they are inserted (not by id).
///
/// | id | species | island | mass | sex | split |
/// | 0 | Adelie | Torgersen | 3000 | male | train |
/// | 1 | Adelie | Torgersen | NULL | NULL | train |
/// | 2 | Adelie | Dream | 3500 | female | test |
/// | 3 | Adelie | Dream | 4500 | male | train |
/// | 4 | Gentoo | Biscoe | 5000 | male | train |
/// | 5 | Gentoo | Biscoe | 4499.5 | female | test |
/// | 6 | Chinstrap | Dream | 3700 | female | test |
/// | 7 | Chinstrap | Dream | NULL | male | test |
/// | 8 | Gentoo | Anvers (not surveyed) | 4600 | NULL | train |
/// | 9 | Adelie | Biscoe | NULL | female | train |
/// | 10 | Gentoo | Biscoe | 5200 | male | train |
///
/// Gentoo has 3 weighed training rows and Adelie 2, so the mean of all training masses
/// differs from the mean of the species means.
fn small_penguins() -> Vec<Penguin> {
    use Split::{Test, Train};
    let all = vec![
        bird(0, "Adelie", "Torgersen", Some(3000.0), Some("male"), Train),
        bird(1, "Adelie", "Torgersen", None, None, Train),
        bird(2, "Adelie", "Dream", Some(3500.0), Some("female"), Test),
        bird(3, "Adelie", "Dream", Some(4500.0), Some("male"), Train),
        bird(4, "Gentoo", "Biscoe", Some(5000.0), Some("male"), Train),
        bird(5, "Gentoo", "Biscoe", Some(4499.5), Some("female"), Test),
        bird(6, "Chinstrap", "Dream", Some(3700.0), Some("female"), Test),
        bird(7, "Chinstrap", "Dream", None, Some("male"), Test),
        bird(8, "Gentoo", "Anvers", Some(4600.0), None, Train),
        bird(9, "Adelie", "Biscoe", None, Some("female"), Train),
        bird(10, "Gentoo", "Biscoe", Some(5200.0), Some("male"), Train),
    ];
    // Inserted in a scrambled order: without ORDER BY, rows come back in this order.
    [7, 2, 9, 0, 10, 5, 3, 8, 1, 6, 4]
        .iter()
        .map(|&i| all[i].clone())
        .collect()
}

/// The survey of the hand-made database: the three real islands, and a made-up
/// "Litchfield" at Torgersen's latitude with no penguins (a tie, and an empty group).
fn small_islands() -> Vec<Island> {
    let mut list = islands();
    list.push(Island {
        island: "Litchfield".into(),
        latitude: -64.7667,
        longitude: -64.1,
        site: "an island without penguins (made up for this check)".into(),
    });
    list
}

fn open(penguins: &[Penguin], islands: &[Island]) -> Connection {
    database_with(penguins, islands)
        .unwrap_or_else(|e| fail(format!("the grader could not build its database: {e}")))
}

/// The course's penguins in reverse id order (so that rows without ORDER BY come back
/// last-first).
fn penguins_reversed() -> Vec<Penguin> {
    let mut rows = penguin_rows();
    rows.reverse();
    rows
}

// ---------------------------------------------------------------------------------------
// Tables: query results as values, compared with a tolerance and explained
// ---------------------------------------------------------------------------------------

type Table = Vec<Vec<Value>>;

fn int(v: usize) -> Value {
    Value::Integer(v as i64)
}

fn real(v: Option<f64>) -> Value {
    v.map_or(Value::Null, Value::Real)
}

fn text(v: &str) -> Value {
    Value::Text(v.into())
}

fn show_value(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => format!("{r}"),
        Value::Text(t) => format!("'{t}'"),
        Value::Blob(b) => format!("a blob of {} bytes", b.len()),
    }
}

fn show_row(row: &[Value]) -> String {
    let cells: Vec<String> = row.iter().map(show_value).collect();
    format!("({})", cells.join(", "))
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Real(r) => Some(*r),
        _ => None,
    }
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * y.abs().max(1.0),
        _ => a == b,
    }
}

fn same_table(a: &Table, b: &Table) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(r, s)| r.len() == s.len() && r.iter().zip(s).all(|(x, y)| same_value(x, y)))
}

/// Rows sorted by their text, to tell "the right rows in the wrong order" apart.
fn sorted(table: &Table) -> Vec<String> {
    let mut rows: Vec<String> = table.iter().map(|r| show_row(r)).collect();
    rows.sort();
    rows
}

/// A known wrong answer and what it reveals.
struct Suspect {
    table: Table,
    why: String,
}

fn suspect(table: Table, why: impl Into<String>) -> Suspect {
    Suspect {
        table,
        why: why.into(),
    }
}

/// What a table check is about: its name, its columns and how its rows are ordered.
struct Spec {
    what: String,
    columns: &'static [&'static str],
    order: &'static str,
}

/// Fails with the first difference between `got` and `expected`, naming a suspect
/// whose table `got` matches.
#[track_caller]
fn expect_table(spec: &Spec, got: &Table, expected: &Table, suspects: &[Suspect]) {
    if same_table(got, expected) {
        return;
    }
    let mut message = format!("{}: wrong result\n", spec.what);
    let width = got.first().map_or(spec.columns.len(), Vec::len);
    if width != spec.columns.len() {
        message.push_str(&format!(
            "    expected {} columns: {}\n    got {width} columns, first row {}",
            spec.columns.len(),
            spec.columns.join(", "),
            got.first().map_or(String::new(), |r| show_row(r)),
        ));
    } else if got.len() != expected.len() {
        message.push_str(&format!(
            "    expected {} rows, got {}",
            expected.len(),
            got.len()
        ));
        let missing = sorted(expected)
            .into_iter()
            .find(|r| !sorted(got).contains(r));
        let extra = sorted(got)
            .into_iter()
            .find(|r| !sorted(expected).contains(r));
        if let Some(row) = missing {
            message.push_str(&format!("\n    a missing row: {row}"));
        }
        if let Some(row) = extra {
            message.push_str(&format!("\n    a row that should not be there: {row}"));
        }
    } else {
        let (i, j) = first_difference(got, expected);
        message.push_str(&format!(
            "    row {i}, column {} (`{}`):\n    expected row: {}\n    got row:      {}",
            j + 1,
            spec.columns[j],
            show_row(&expected[i]),
            show_row(&got[i]),
        ));
        let differing = got
            .iter()
            .zip(expected)
            .filter(|(r, s)| !same_table(&vec![r.to_vec()], &vec![s.to_vec()]))
            .count();
        message.push_str(&format!("\n    {differing} of {} rows differ", got.len()));
    }
    if let Some(s) = suspects.iter().find(|s| same_table(got, &s.table)) {
        message.push_str(&format!("\n    likely mistake: {}", s.why));
    } else if same_table(&lowercase(got), &lowercase(expected)) {
        message.push_str(
            "\n    likely mistake: a text value with the wrong capitals: SQL strings compare \
             case-sensitively; write them exactly as the doc comment does ('unknown', 'small', \
             'train', ...)",
        );
    } else if width == spec.columns.len() && sorted(got) == sorted(expected) {
        message.push_str(&format!(
            "\n    likely mistake: the right rows in the wrong order: {}",
            spec.order
        ));
    }
    fail(message);
}

/// The table with every text value lowercased.
fn lowercase(table: &Table) -> Table {
    table
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| match v {
                    Value::Text(t) => Value::Text(t.to_lowercase()),
                    other => other.clone(),
                })
                .collect()
        })
        .collect()
}

fn first_difference(got: &Table, expected: &Table) -> (usize, usize) {
    for (i, (r, s)) in got.iter().zip(expected).enumerate() {
        for (j, (x, y)) in r.iter().zip(s).enumerate() {
            if !same_value(x, y) {
                return (i, j);
            }
        }
    }
    (0, 0)
}

/// Runs a query text with the grader's own code (every column read as a plain value).
fn run_text(db: &Connection, sql: &str, fill: Option<f64>) -> Result<Table, rusqlite::Error> {
    let mut statement = db.prepare(sql)?;
    let columns = statement.column_count();
    let mut rows = match fill {
        Some(fill) => statement.query([fill])?,
        None => statement.query([])?,
    };
    let mut table = Vec::new();
    while let Some(row) = rows.next()? {
        table.push(
            (0..columns)
                .map(|j| row.get::<_, Value>(j))
                .collect::<Result<Vec<_>, _>>()?,
        );
    }
    Ok(table)
}

/// The learner's query text, run by the grader; a text SQLite rejects fails here with
/// SQLite's message.
#[track_caller]
fn learner_text(name: &str, sql: &str, db: &Connection, fill: Option<f64>) -> Table {
    run_text(db, sql, fill).unwrap_or_else(|e| {
        let mut message = format!(
            "the grader ran your {name}() text and SQLite rejected it: {e}\n    your query: {}",
            one_line(sql)
        );
        let error = e.to_string();
        if error.contains("Wrong number of parameters") {
            message.push_str(
                "\n    likely mistake: the query must use exactly one parameter, ?1 (the fill \
                 value), bound when it runs, not pasted into the text",
            );
        } else if error.contains("no such column") {
            message.push_str(
                "\n    likely mistake: a column name that is not in the schema (see \
                 src/types/sql_features.rs), or a table alias used without being defined",
            );
        }
        fail(message)
    })
}

/// A query text on one line, cut to 300 characters.
fn one_line(sql: &str) -> String {
    let line = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 300 {
        line.chars().take(300).collect::<String>() + "..."
    } else {
        line
    }
}

/// Calls a learner's function: a `todo!()` is "not attempted", another panic says
/// where it happened and what it likely means.
#[track_caller]
fn learner<T>(what: &str, f: impl FnOnce() -> Result<T, SqlError>) -> Result<T, SqlError> {
    catch_panic(what, f).unwrap_or_else(|message| {
        fail(format!(
            "`{what}`: your code panicked: {message}\n    likely mistake: an unwrap() or \
             expect() on a rusqlite result; return its error as SqlError::Query with \
             .map_err(SqlError::from_sqlite(\"...\"))? instead"
        ))
    })
}

/// Unwraps the learner's rows; an error on valid input is explained.
#[track_caller]
fn rows_ok<T>(what: &str, result: Result<T, SqlError>, text_ok: bool) -> T {
    match result {
        Ok(rows) => rows,
        Err(error) => {
            let mut message = format!("`{what}` returned an error on a valid database: {error}");
            let shown = error.to_string();
            if shown.contains("Invalid column type Null") {
                message.push_str(
                    "\n    likely mistake: a column that can be NULL read as a plain f64 or \
                     String: read it as Option<f64> (or fill the NULL in the query)",
                );
            } else if shown.contains("Invalid column type") {
                message.push_str(
                    "\n    likely mistake: a column read into a field of another type: \
                     check that row.get(i) reads the i-th column into the right field",
                );
            } else if text_ok {
                message.push_str(
                    "\n    your query text is right (the grader ran it itself): the error \
                     comes from how your function runs it",
                );
            }
            fail(message)
        }
    }
}

/// When the learner's function returns wrong rows, says whether the query text alone
/// was right.
#[track_caller]
fn expect_rows(spec: &Spec, got: &Table, expected: &Table, text: &Table, suspects: &[Suspect]) {
    if !same_table(got, expected) && same_table(text, expected) {
        let (i, j) = if got.len() == expected.len() {
            first_difference(got, expected)
        } else {
            (0, 0)
        };
        let why = suspects
            .iter()
            .find(|s| same_table(got, &s.table))
            .map_or_else(
                || {
                    format!(
                        "reading the rows: column {} is `{}`; check which column index each \
                         field reads (row.get(0) is the first column), and that every row is kept",
                        j + 1,
                        spec.columns[j]
                    )
                },
                |s| s.why.clone(),
            );
        fail(format!(
            "{}: wrong rows, yet your query text is right (the grader ran it itself and got \
             the expected rows)\n    expected row {i}: {}\n    got row {i}:      {}\n    \
             likely mistake: {why}",
            spec.what,
            expected.get(i).map_or("none".into(), |r| show_row(r)),
            got.get(i).map_or("none".into(), |r| show_row(r)),
        ));
    }
    expect_table(spec, got, expected, suspects);
}

/// Fails unless `got` is `SqlError::Query` naming `name`.
#[track_caller]
fn expect_query_error<T>(what: &str, name: &str, got: Result<T, SqlError>) {
    match got {
        Err(SqlError::Query { query, message }) => {
            require(query == name, || {
                format!(
                    "{what}: SqlError::Query must name the function that ran the query\n    \
                     expected query: \"{name}\"\n    got query:      \"{query}\"\n    \
                     likely mistake: SqlError::from_sqlite(\"{query}\") copied from another \
                     function: pass \"{name}\""
                )
            });
            require(!message.is_empty(), || {
                format!("{what}: SqlError::Query's message is empty: pass rusqlite's error text")
            });
        }
        Err(other) => fail(format!(
            "{what}: expected SqlError::Query {{ query: \"{name}\", .. }}\n    got: {other:?}"
        )),
        Ok(_) => fail(format!(
            "{what}: expected an error (the database has no tables), got Ok(rows)\n    \
             likely mistake: an error swallowed (unwrap_or_default, filter_map(Result::ok)): \
             return it with ?"
        )),
    }
}

// ---------------------------------------------------------------------------------------
// species_summary: counts and averages per group
// ---------------------------------------------------------------------------------------

const SUMMARY_COLUMNS: &[&str] = &["species", "island", "penguins", "weighed", "mean mass"];

fn summary_spec(what: &str) -> Spec {
    Spec {
        what: what.into(),
        columns: SUMMARY_COLUMNS,
        order: "ORDER BY species, island",
    }
}

/// (species, island) -> (rows, weighed, sum of masses), sorted by species then island.
fn summary_groups(penguins: &[Penguin]) -> BTreeMap<(String, String), (usize, usize, f64)> {
    let mut groups = BTreeMap::new();
    for p in penguins {
        let entry = groups
            .entry((p.species.clone(), p.island.clone()))
            .or_insert((0, 0, 0.0));
        entry.0 += 1;
        if let Some(m) = p.body_mass_g {
            entry.1 += 1;
            entry.2 += m;
        }
    }
    groups
}

fn summary_rows(
    penguins: &[Penguin],
    row: impl Fn(&str, &str, usize, usize, f64) -> Vec<Value>,
) -> Table {
    summary_groups(penguins)
        .into_iter()
        .map(|((s, i), (n, w, sum))| row(&s, &i, n, w, sum))
        .collect()
}

fn expected_summary(penguins: &[Penguin]) -> Table {
    summary_rows(penguins, |s, i, n, w, sum| {
        let mean = (w > 0).then(|| sum / w as f64);
        vec![text(s), text(i), int(n), int(w), real(mean)]
    })
}

fn summary_suspects(penguins: &[Penguin]) -> Vec<Suspect> {
    let truth = expected_summary(penguins);
    let mut by_island = truth.clone();
    by_island.sort_by_key(|r| (show_value(&r[1]), show_value(&r[0])));
    vec![
        suspect(
            summary_rows(penguins, |s, i, n, w, sum| {
                vec![
                    text(s),
                    text(i),
                    int(n),
                    int(n),
                    real((w > 0).then(|| sum / w as f64)),
                ]
            }),
            "the weighed count equals the row count: COUNT(*) counts every row; \
             COUNT(body_mass_g) counts the rows whose mass is not NULL",
        ),
        suspect(
            summary_rows(penguins, |s, i, _, w, sum| {
                vec![
                    text(s),
                    text(i),
                    int(w),
                    int(w),
                    real((w > 0).then(|| sum / w as f64)),
                ]
            }),
            "the penguin count skips the unweighed rows: COUNT(body_mass_g) skips NULLs; \
             count the rows with COUNT(*)",
        ),
        suspect(
            summary_rows(penguins, |s, i, n, w, sum| {
                vec![
                    text(s),
                    text(i),
                    int(n),
                    int(w),
                    real((w > 0).then(|| sum / n as f64)),
                ]
            }),
            "the mean divides by every row, as if a missing mass were 0 (SUM / COUNT(*)): \
             AVG(body_mass_g) divides by the known masses only",
        ),
        suspect(
            summary_rows(penguins, |s, i, n, w, sum| {
                vec![
                    text(s),
                    text(i),
                    int(n),
                    int(w),
                    real(Some(if w > 0 { sum / w as f64 } else { 0.0 })),
                ]
            }),
            "a group with no known mass got a mean of 0: with no value AVG is NULL, and so \
             must the mean be (COALESCE(AVG(...), 0) invents a weight)",
        ),
        suspect(
            by_island,
            "rows ordered by island first: ORDER BY species, island",
        ),
        suspect(
            truth.iter().filter(|r| r[3] != int(0)).cloned().collect(),
            "a group with no weighed penguin is missing: keep it, with its mean NULL (no \
             HAVING on the mass, and no WHERE body_mass_g IS NOT NULL, which also changes \
             the penguin counts)",
        ),
    ]
}

#[test]
fn species_summary_query_on_a_small_database() {
    let penguins = small_penguins();
    let db = open(&penguins, &small_islands());
    let sql = mlings::call!(sql_features::species_summary_query());
    let got = learner_text("species_summary_query", sql, &db, None);
    let spec = summary_spec(
        "species_summary_query() on a 11-penguin database (4 unweighed, one group with none weighed)",
    );
    let species: BTreeSet<&str> = penguins.iter().map(|p| p.species.as_str()).collect();
    if got.len() == species.len() {
        fail(format!(
            "{}: expected {} rows (one per species and island), got {}, one per species\n    \
             likely mistake: grouped by species alone: GROUP BY species, island",
            spec.what,
            expected_summary(&penguins).len(),
            got.len()
        ));
    }
    expect_table(
        &spec,
        &got,
        &expected_summary(&penguins),
        &summary_suspects(&penguins),
    );
}

fn summary_table(rows: &[GroupSummary]) -> Table {
    rows.iter()
        .map(|r| {
            vec![
                text(&r.species),
                text(&r.island),
                int(r.penguins),
                int(r.weighed),
                real(r.mean_body_mass_g),
            ]
        })
        .collect()
}

fn check_species_summary(penguins: &[Penguin], islands: &[Island], what: &str) {
    let db = open(penguins, islands);
    let sql = mlings::call!(sql_features::species_summary_query());
    let text_table = run_text(&db, sql, None).unwrap_or_default();
    let expected = expected_summary(penguins);
    let rows = learner("species_summary(&db)", || {
        sql_features::species_summary(&db)
    });
    let rows = rows_ok("species_summary", rows, same_table(&text_table, &expected));
    expect_rows(
        &summary_spec(what),
        &summary_table(&rows),
        &expected,
        &text_table,
        &summary_suspects(penguins),
    );
}

#[test]
fn species_summary_reads_a_small_database() {
    check_species_summary(
        &small_penguins(),
        &small_islands(),
        "species_summary(&db) on a 11-penguin database (one group with no known mass: None)",
    );
}

#[test]
fn species_summary_of_the_penguins() {
    check_species_summary(
        &penguins_reversed(),
        &islands(),
        "species_summary(&db) on the 344 penguins",
    );
}

// ---------------------------------------------------------------------------------------
// island_survey: a join with the survey table
// ---------------------------------------------------------------------------------------

const SURVEY_COLUMNS: &[&str] = &["island", "latitude", "penguins", "species"];

fn survey_spec(what: &str) -> Spec {
    Spec {
        what: what.into(),
        columns: SURVEY_COLUMNS,
        order: "ORDER BY latitude DESC, island (north first, ties by name)",
    }
}

/// (island, latitude, penguins, species).
type SurveyCount = (String, f64, usize, usize);

/// The survey counts, unordered.
fn survey_counts(penguins: &[Penguin], islands: &[Island]) -> Vec<SurveyCount> {
    islands
        .iter()
        .map(|i| {
            let on: Vec<&Penguin> = penguins.iter().filter(|p| p.island == i.island).collect();
            let species: BTreeSet<&str> = on.iter().map(|p| p.species.as_str()).collect();
            (i.island.clone(), i.latitude, on.len(), species.len())
        })
        .collect()
}

fn survey_table(mut rows: Vec<SurveyCount>, north_first: bool) -> Table {
    rows.sort_by(|a, b| {
        let by_latitude = if north_first {
            b.1.total_cmp(&a.1)
        } else {
            a.1.total_cmp(&b.1)
        };
        by_latitude.then(a.0.cmp(&b.0))
    });
    rows.into_iter()
        .map(|(i, lat, n, s)| vec![text(&i), Value::Real(lat), int(n), int(s)])
        .collect()
}

fn expected_survey(penguins: &[Penguin], islands: &[Island]) -> Table {
    survey_table(survey_counts(penguins, islands), true)
}

fn survey_suspects(penguins: &[Penguin], islands: &[Island]) -> Vec<Suspect> {
    let counts = survey_counts(penguins, islands);
    let map =
        |f: &dyn Fn(SurveyCount) -> SurveyCount| counts.iter().cloned().map(f).collect::<Vec<_>>();
    let inner: Vec<_> = counts.iter().filter(|c| c.2 > 0).cloned().collect();
    let mut by_name = survey_table(counts.clone(), true);
    by_name.sort_by_key(|r| show_value(&r[0]));
    let mut tie_desc = survey_table(counts.clone(), true);
    tie_desc.sort_by(|a, b| {
        number(&b[1])
            .unwrap_or(0.0)
            .total_cmp(&number(&a[1]).unwrap_or(0.0))
            .then(show_value(&b[0]).cmp(&show_value(&a[0])))
    });
    vec![
        suspect(
            survey_table(inner, true),
            "the island without penguins is missing: an inner JOIN keeps only islands with \
             a matching penguin; use islands LEFT JOIN penguins",
        ),
        suspect(
            survey_table(map(&|(i, l, n, s)| (i, l, n.max(1), s)), true),
            "an island without penguins counts 1: COUNT(*) counts the LEFT JOIN's row of \
             NULLs; count a penguin column, COUNT(p.id)",
        ),
        suspect(
            survey_table(map(&|(i, l, n, _)| (i, l, n, n)), true),
            "the species count equals the penguin count: count distinct species with \
             COUNT(DISTINCT p.species)",
        ),
        suspect(
            survey_table(map(&|(i, l, n, s)| (i, l, n.max(1), s.max(1))), true),
            "an island without penguins counts 1 penguin and 1 species: COUNT(*) counts the \
             LEFT JOIN's row of NULLs; count penguin columns (COUNT(p.id), COUNT(DISTINCT \
             p.species))",
        ),
        suspect(
            survey_table(counts.clone(), false),
            "ordered south to north: the northernmost island has the largest latitude \
             (−64.73 > −64.81), so ORDER BY latitude DESC",
        ),
        suspect(
            by_name,
            "rows ordered by island name only: ORDER BY latitude DESC, island",
        ),
        suspect(
            tie_desc,
            "islands at the same latitude ordered by name backwards: ties go by island name, \
             ascending (ORDER BY latitude DESC, island)",
        ),
    ]
}

#[test]
fn island_survey_query_on_a_small_database() {
    let (penguins, islands) = (small_penguins(), small_islands());
    let db = open(&penguins, &islands);
    let sql = mlings::call!(sql_features::island_survey_query());
    let got = learner_text("island_survey_query", sql, &db, None);
    let spec = survey_spec(
        "island_survey_query() on a 11-penguin database (an island without penguins, \
         two islands at one latitude, a penguin on an island the survey does not list)",
    );
    if got
        .iter()
        .any(|r| r.len() > 1 && matches!(r[1], Value::Null))
    {
        fail(format!(
            "{}: expected {} rows, got {}, one with a NULL latitude\n    likely mistake: \
             penguins LEFT JOIN islands keeps a penguin's island the survey does not list; \
             start from the survey: islands LEFT JOIN penguins",
            spec.what,
            islands.len(),
            got.len()
        ));
    }
    expect_table(
        &spec,
        &got,
        &expected_survey(&penguins, &islands),
        &survey_suspects(&penguins, &islands),
    );
}

fn check_island_survey(penguins: &[Penguin], islands: &[Island], what: &str) {
    let db = open(penguins, islands);
    let sql = mlings::call!(sql_features::island_survey_query());
    let text_table = run_text(&db, sql, None).unwrap_or_default();
    let expected = expected_survey(penguins, islands);
    let rows = learner("island_survey(&db)", || sql_features::island_survey(&db));
    let rows: Vec<IslandSurvey> =
        rows_ok("island_survey", rows, same_table(&text_table, &expected));
    let got: Table = rows
        .iter()
        .map(|r| {
            vec![
                text(&r.island),
                Value::Real(r.latitude),
                int(r.penguins),
                int(r.species),
            ]
        })
        .collect();
    expect_rows(
        &survey_spec(what),
        &got,
        &expected,
        &text_table,
        &survey_suspects(penguins, islands),
    );
}

#[test]
fn island_survey_reads_a_small_database() {
    check_island_survey(
        &small_penguins(),
        &small_islands(),
        "island_survey(&db) on a 11-penguin database with an island without penguins",
    );
}

#[test]
fn island_survey_of_the_penguins() {
    check_island_survey(
        &penguins_reversed(),
        &islands(),
        "island_survey(&db) on the 344 penguins and datasets/islands.csv",
    );
}

// ---------------------------------------------------------------------------------------
// cleaned_penguins: COALESCE and CASE
// ---------------------------------------------------------------------------------------

const CLEANED_COLUMNS: &[&str] = &["id", "sex", "mass (filled)", "mass missing", "size"];

fn cleaned_spec(what: &str) -> Spec {
    Spec {
        what: what.into(),
        columns: CLEANED_COLUMNS,
        order: "ORDER BY id",
    }
}

/// The size class of a recorded mass, as the skeleton states it.
fn size_of(mass: Option<f64>) -> &'static str {
    match mass {
        None => "unknown",
        Some(m) if m < 3500.0 => "small",
        Some(m) if m < 4500.0 => "medium",
        Some(_) => "large",
    }
}

/// The cleaned rows by id, with the size and fill rules given as functions.
fn cleaned_rows(
    penguins: &[Penguin],
    size: impl Fn(Option<f64>) -> &'static str,
    filled: impl Fn(Option<f64>) -> f64,
) -> Table {
    let mut rows: Vec<&Penguin> = penguins.iter().collect();
    rows.sort_by_key(|p| p.id);
    rows.into_iter()
        .map(|p| {
            vec![
                Value::Integer(p.id),
                text(p.sex.as_deref().unwrap_or("unknown")),
                Value::Real(filled(p.body_mass_g)),
                Value::Integer(i64::from(p.body_mass_g.is_none())),
                text(size(p.body_mass_g)),
            ]
        })
        .collect()
}

fn expected_cleaned(penguins: &[Penguin], fill: f64) -> Table {
    cleaned_rows(penguins, size_of, |m| m.unwrap_or(fill))
}

fn cleaned_suspects(penguins: &[Penguin], fill: f64) -> Vec<Suspect> {
    let truth = expected_cleaned(penguins, fill);
    let column = |j: usize, f: &dyn Fn(&[Value]) -> Value| -> Table {
        truth
            .iter()
            .map(|r| {
                let mut r = r.clone();
                r[j] = f(&r);
                r
            })
            .collect()
    };
    let mut in_insert_order = Vec::new();
    for p in penguins {
        in_insert_order.push(
            truth
                .iter()
                .find(|r| r[0] == Value::Integer(p.id))
                .cloned()
                .unwrap_or_default(),
        );
    }
    vec![
        suspect(
            cleaned_rows(
                penguins,
                |m| if m.is_none() { "large" } else { size_of(m) },
                |m| m.unwrap_or(fill),
            ),
            "a missing mass got the size 'large': a comparison with NULL is never true (and \
             `= NULL` neither), so the row fell to ELSE; test WHEN body_mass_g IS NULL first",
        ),
        suspect(
            cleaned_rows(
                penguins,
                |m| match m {
                    None => "unknown",
                    Some(m) if m <= 3500.0 => "small",
                    Some(m) if m <= 4500.0 => "medium",
                    Some(_) => "large",
                },
                |m| m.unwrap_or(fill),
            ),
            "a mass of exactly 3500 came out 'small' and 4500 'medium': 'small' is m < 3500 \
             and 'medium' 3500 ≤ m < 4500, strict < in both WHEN tests",
        ),
        suspect(
            cleaned_rows(
                penguins,
                |m| match m {
                    Some(m) if m <= 3500.0 => "small",
                    other => size_of(other),
                },
                |m| m.unwrap_or(fill),
            ),
            "a mass of exactly 3500 came out 'small': 'small' is m < 3500 (strict), 3500 \
             itself is 'medium'",
        ),
        suspect(
            cleaned_rows(
                penguins,
                |m| match m {
                    Some(4500.0) => "medium",
                    other => size_of(other),
                },
                |m| m.unwrap_or(fill),
            ),
            "a mass of exactly 4500 came out 'medium': 'medium' is 3500 ≤ m < 4500 (strict), \
             4500 itself is 'large'",
        ),
        suspect(
            column(3, &|_| Value::Integer(0)),
            "the missing flag is 0 for every row: COALESCE had already filled the gap; \
             test the recorded body_mass_g IS NULL",
        ),
        suspect(
            cleaned_rows(
                penguins,
                |m| size_of(Some(m.unwrap_or(fill))),
                |m| m.unwrap_or(fill),
            ),
            "a missing mass got the size of the fill value: judge the size on the recorded \
             body_mass_g (NULL → 'unknown'), not on the COALESCE'd one",
        ),
        suspect(
            cleaned_rows(penguins, size_of, |m| m.unwrap_or(0.0)),
            "a missing mass came out 0: fill it with the parameter, COALESCE(body_mass_g, ?1)",
        ),
        suspect(
            column(3, &|r| {
                Value::Integer(1 - number(&r[3]).unwrap_or(0.0) as i64)
            }),
            "the missing flag is reversed: body_mass_g IS NULL is 1 for a gap",
        ),
        suspect(
            column(1, &|r| {
                if r[1] == text("unknown") {
                    Value::Null
                } else {
                    r[1].clone()
                }
            }),
            "a missing sex came out NULL: COALESCE(sex, 'unknown')",
        ),
        suspect(
            in_insert_order,
            "rows come back in the order they were inserted: add ORDER BY id",
        ),
    ]
}

/// The fill value of the checks: a size class of its own ('medium'), a value no row has.
const FILL: f64 = 4012.5;

#[test]
fn cleaned_penguins_query_on_a_small_database() {
    let penguins = small_penguins();
    let db = open(&penguins, &small_islands());
    let sql = mlings::call!(sql_features::cleaned_penguins_query());
    let got = learner_text("cleaned_penguins_query", sql, &db, Some(FILL));
    let spec = cleaned_spec(&format!(
        "cleaned_penguins_query() with ?1 = {FILL} on a 11-penguin database (masses 3000, \
         3500, 4499.5, 4500, 5000 and 3 gaps; 2 sexes missing)"
    ));
    expect_table(
        &spec,
        &got,
        &expected_cleaned(&penguins, FILL),
        &cleaned_suspects(&penguins, FILL),
    );
}

fn check_cleaned(penguins: &[Penguin], fill: f64, what: &str) {
    let db = open(penguins, &islands());
    let sql = mlings::call!(sql_features::cleaned_penguins_query());
    let text_table = run_text(&db, sql, Some(fill)).unwrap_or_default();
    let expected = expected_cleaned(penguins, fill);
    let rows = learner("cleaned_penguins(&db, fill)", || {
        sql_features::cleaned_penguins(&db, fill)
    });
    let rows: Vec<CleanedPenguin> =
        rows_ok("cleaned_penguins", rows, same_table(&text_table, &expected));
    let got: Table = rows
        .iter()
        .map(|r| {
            vec![
                Value::Integer(r.id),
                text(&r.sex),
                Value::Real(r.body_mass_g),
                Value::Integer(i64::from(r.body_mass_missing)),
                text(&r.size),
            ]
        })
        .collect();
    let mut suspects = cleaned_suspects(penguins, fill);
    for other in [0.0, FILL, 4050.0] {
        if other != fill {
            suspects.push(suspect(
                expected_cleaned(penguins, other),
                format!(
                    "the gaps were filled with {other}, not with the `fill` argument {fill}: \
                     bind it, statement.query_map([fill], ...)"
                ),
            ));
        }
    }
    expect_rows(&cleaned_spec(what), &got, &expected, &text_table, &suspects);
}

#[test]
fn cleaned_penguins_reads_a_small_database() {
    check_cleaned(
        &small_penguins(),
        FILL,
        &format!("cleaned_penguins(&db, {FILL}) on a 11-penguin database"),
    );
}

#[test]
fn cleaned_penguins_of_the_penguins() {
    check_cleaned(
        &penguins_reversed(),
        3333.25,
        "cleaned_penguins(&db, 3333.25) on the 344 penguins",
    );
}

#[test]
fn cleaned_penguins_rejects_a_fill_that_is_not_finite() {
    let db = open(&small_penguins(), &islands());
    for fill in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let got = learner("cleaned_penguins(&db, fill)", || {
            sql_features::cleaned_penguins(&db, fill)
        });
        match got {
            Err(SqlError::NotFinite { fill: f }) if f.to_bits() == fill.to_bits() => {}
            Err(SqlError::NotFinite { fill: f }) => fail(format!(
                "cleaned_penguins(&db, {fill}): SqlError::NotFinite must carry the fill value \
                 given\n    expected fill: {fill}\n    got fill:      {f}"
            )),
            other => fail(format!(
                "cleaned_penguins(&db, {fill}): expected Err(SqlError::NotFinite {{ fill: {fill} \
                 }})\n    got: {}\n    why: {}",
                match &other {
                    Ok(rows) => format!("Ok({} rows)", rows.len()),
                    Err(e) => format!("Err({e:?})"),
                },
                if fill.is_nan() {
                    "SQLite stores a NaN parameter as NULL: every gap would stay a gap; check \
                     !fill.is_finite() first"
                } else {
                    "an infinite mass is no body mass: check !fill.is_finite(), which is also \
                     true for ±infinity (is_nan() is not)"
                }
            )),
        }
    }
    // Both faults at once: the fill is checked before any query runs.
    let empty = Connection::open_in_memory().unwrap_or_else(|e| fail(e.to_string()));
    let got = learner("cleaned_penguins(&empty, NaN)", || {
        sql_features::cleaned_penguins(&empty, f64::NAN)
    });
    require(matches!(got, Err(SqlError::NotFinite { .. })), || {
        format!(
            "cleaned_penguins(&a database without tables, NaN): expected SqlError::NotFinite, \
             got {}\n    likely mistake: the fill must be checked before the query runs \
             (error order: NotFinite, then Query)",
            match &got {
                Ok(_) => "Ok".to_string(),
                Err(e) => format!("{e:?}"),
            }
        )
    });
}

// ---------------------------------------------------------------------------------------
// species_mean_feature: a target-mean feature from the training rows only
// ---------------------------------------------------------------------------------------

const MEAN_COLUMNS: &[&str] = &["id", "species mean mass"];

fn mean_spec(what: &str) -> Spec {
    Spec {
        what: what.into(),
        columns: MEAN_COLUMNS,
        order: "ORDER BY p.id",
    }
}

/// The mean of the known masses of the rows `use_row` keeps.
fn mean_mass(
    penguins: &[Penguin],
    use_row: impl Fn(&Penguin) -> bool,
    nulls_as_zero: bool,
) -> Option<f64> {
    let rows: Vec<&Penguin> = penguins.iter().filter(|p| use_row(p)).collect();
    let known: Vec<f64> = rows.iter().filter_map(|p| p.body_mass_g).collect();
    let count = if nulls_as_zero {
        rows.len()
    } else {
        known.len()
    };
    (!known.is_empty()).then(|| known.iter().sum::<f64>() / count as f64)
}

/// Each row's feature: the group mean of the rows `source` keeps, else `fallback`.
fn mean_feature(
    penguins: &[Penguin],
    key: impl Fn(&Penguin) -> &str,
    source: impl Fn(&Penguin) -> bool + Copy,
    fallback: Option<f64>,
    nulls_as_zero: bool,
) -> Table {
    let mut rows: Vec<&Penguin> = penguins.iter().collect();
    rows.sort_by_key(|p| p.id);
    rows.iter()
        .map(|p| {
            let group = mean_mass(penguins, |q| source(q) && key(q) == key(p), nulls_as_zero);
            vec![Value::Integer(p.id), real(group.or(fallback))]
        })
        .collect()
}

fn by_species(p: &Penguin) -> &str {
    &p.species
}

fn by_island(p: &Penguin) -> &str {
    &p.island
}

fn is_train(p: &Penguin) -> bool {
    p.split == Split::Train
}

fn expected_mean(penguins: &[Penguin]) -> Table {
    let overall = mean_mass(penguins, is_train, false);
    mean_feature(penguins, by_species, is_train, overall, false)
}

fn mean_suspects(penguins: &[Penguin]) -> Vec<Suspect> {
    let train_mean = mean_mass(penguins, is_train, false);
    let all_mean = mean_mass(penguins, |_| true, false);
    let truth = expected_mean(penguins);
    let train_only: Table = truth
        .iter()
        .filter(|r| {
            penguins
                .iter()
                .any(|p| Value::Integer(p.id) == r[0] && is_train(p))
        })
        .cloned()
        .collect();
    let trained: BTreeSet<&str> = penguins
        .iter()
        .filter(|p| is_train(p))
        .map(|p| p.species.as_str())
        .collect();
    let inner: Table = truth
        .iter()
        .filter(|r| {
            penguins
                .iter()
                .any(|p| Value::Integer(p.id) == r[0] && trained.contains(p.species.as_str()))
        })
        .cloned()
        .collect();
    let per_species: Vec<f64> = penguins
        .iter()
        .filter(|p| is_train(p))
        .map(|p| p.species.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter_map(|s| mean_mass(penguins, |p| is_train(p) && p.species == s, false))
        .collect();
    let mean_of_means = (!per_species.is_empty())
        .then(|| per_species.iter().sum::<f64>() / per_species.len() as f64);
    vec![
        suspect(
            mean_feature(penguins, by_species, |_| false, train_mean, false),
            "every row got the fallback, the mean of all training penguins: the species means \
             matched no training row; the split column holds 'train' and 'test', lowercase",
        ),
        suspect(
            mean_feature(penguins, by_species, is_train, mean_of_means, false),
            "the fallback is the mean of the per-species means: it must be the mean body mass \
             of all weighed training penguins, each counted once",
        ),
        suspect(
            inner,
            "the rows of a species without a weighed training penguin are missing: an inner \
             JOIN to the training means drops them; LEFT JOIN keeps every penguin",
        ),
        suspect(
            mean_feature(penguins, by_species, |_| true, all_mean, false),
            "target leakage: the species means were taken over all rows, test rows too, so \
             a test penguin's own mass is inside its feature; average WHERE split = 'train' \
             only",
        ),
        suspect(
            mean_feature(penguins, by_species, |_| true, train_mean, false),
            "target leakage: the species means were taken over all rows, test rows too; \
             average WHERE split = 'train' only",
        ),
        suspect(
            mean_feature(penguins, by_species, is_train, all_mean, false),
            "the fallback (a species without a weighed training penguin) averaged every row, \
             test rows too: that leaks as well; the fallback is the mean of the training rows",
        ),
        suspect(
            mean_feature(penguins, by_species, is_train, None, false),
            "a species without a weighed training penguin got NULL: fall back to the mean of \
             all training penguins, COALESCE(species mean, (SELECT AVG(body_mass_g) FROM \
             penguins WHERE split = 'train'))",
        ),
        suspect(
            mean_feature(penguins, by_species, is_train, Some(0.0), false),
            "a species without a weighed training penguin got 0: the fallback is the mean \
             body mass of all training penguins, not 0",
        ),
        suspect(
            mean_feature(
                penguins,
                by_species,
                is_train,
                mean_mass(penguins, is_train, true),
                true,
            ),
            "the means divide by every row, as if a missing mass were 0 (SUM / COUNT(*)): \
             AVG(body_mass_g) averages the known masses only",
        ),
        suspect(
            mean_feature(penguins, by_island, is_train, train_mean, false),
            "the means are per island: group the training rows by species",
        ),
        suspect(
            train_only,
            "only the training rows got a feature: every penguin, test rows too, needs one \
             (the test rows are where it is used); compute the means from training rows in \
             a subquery and LEFT JOIN every penguin to it",
        ),
    ]
}

#[test]
fn species_mean_query_on_a_small_database() {
    let penguins = small_penguins();
    let db = open(&penguins, &small_islands());
    let sql = mlings::call!(sql_features::species_mean_query());
    let got = learner_text("species_mean_query", sql, &db, None);
    let spec = mean_spec(
        "species_mean_query() on a 11-penguin database (Chinstrap has test rows only; \
         2 training rows have no mass)",
    );
    expect_table(
        &spec,
        &got,
        &expected_mean(&penguins),
        &mean_suspects(&penguins),
    );
}

fn learner_means(db: &Connection, expected: &Table) -> Table {
    let sql = mlings::call!(sql_features::species_mean_query());
    let text_table = run_text(db, sql, None).unwrap_or_default();
    let rows = learner("species_mean_feature(&db)", || {
        sql_features::species_mean_feature(db)
    });
    let rows: Vec<SpeciesMean> = rows_ok(
        "species_mean_feature",
        rows,
        same_table(&text_table, expected),
    );
    rows.iter()
        .map(|r| vec![Value::Integer(r.id), real(r.species_mean_body_mass_g)])
        .collect()
}

fn check_species_mean(penguins: &[Penguin], what: &str) {
    let db = open(penguins, &islands());
    let sql = mlings::call!(sql_features::species_mean_query());
    let text_table = run_text(&db, sql, None).unwrap_or_default();
    let expected = expected_mean(penguins);
    let got = learner_means(&db, &expected);
    expect_rows(
        &mean_spec(what),
        &got,
        &expected,
        &text_table,
        &mean_suspects(penguins),
    );
}

#[test]
fn species_mean_feature_reads_a_small_database() {
    check_species_mean(
        &small_penguins(),
        "species_mean_feature(&db) on a 11-penguin database",
    );
}

#[test]
fn species_mean_feature_of_the_penguins() {
    check_species_mean(
        &penguins_reversed(),
        "species_mean_feature(&db) on the 344 penguins (275 train, 69 test)",
    );
}

/// The leakage proof: change every test penguin's mass; no feature may move.
#[test]
fn species_mean_feature_ignores_the_test_targets() {
    let penguins = penguins_reversed();
    let before = learner_means(&open(&penguins, &islands()), &expected_mean(&penguins));
    let mut changed = penguins.clone();
    for p in changed.iter_mut().filter(|p| p.split == Split::Test) {
        p.body_mass_g = Some(10_000.0);
    }
    let after = learner_means(&open(&changed, &islands()), &expected_mean(&changed));
    let moved = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| !same_table(&vec![b.to_vec()], &vec![a.to_vec()]))
        .count();
    require(before.len() == after.len() && moved == 0, || {
        let (b, a) = before
            .iter()
            .zip(&after)
            .find(|(b, a)| !same_table(&vec![b.to_vec()], &vec![a.to_vec()]))
            .map_or(("none".into(), "none".into()), |(b, a)| {
                (show_row(b), show_row(a))
            });
        format!(
            "species_mean_feature: every test penguin's body mass was set to 10 000 g, and \
             {moved} of {} features changed (e.g. {b} became {a})\n    likely mistake: target \
             leakage: the means must come from the training rows only (WHERE split = \
             'train'), so that no test target reaches any feature",
            before.len()
        )
    });
}

// ---------------------------------------------------------------------------------------
// Errors: every function returns SQLite's errors as SqlError::Query, named
// ---------------------------------------------------------------------------------------

#[test]
fn every_function_names_itself_in_its_errors() {
    let empty = Connection::open_in_memory().unwrap_or_else(|e| fail(e.to_string()));
    let what = "on a database without tables";
    expect_query_error(
        &format!("species_summary {what}"),
        "species_summary",
        learner("species_summary(&empty)", || {
            sql_features::species_summary(&empty)
        }),
    );
    expect_query_error(
        &format!("island_survey {what}"),
        "island_survey",
        learner("island_survey(&empty)", || {
            sql_features::island_survey(&empty)
        }),
    );
    expect_query_error(
        &format!("cleaned_penguins {what}"),
        "cleaned_penguins",
        learner("cleaned_penguins(&empty, 4000.0)", || {
            sql_features::cleaned_penguins(&empty, 4000.0)
        }),
    );
    expect_query_error(
        &format!("species_mean_feature {what}"),
        "species_mean_feature",
        learner("species_mean_feature(&empty)", || {
            sql_features::species_mean_feature(&empty)
        }),
    );
}

/// A NULL the learner's code must read as None, not as an error or a panic.
#[test]
fn a_null_mean_reads_as_none() {
    // One species, one bird, no mass: AVG is NULL.
    let penguins = vec![bird(0, "Adelie", "Dream", None, Some("male"), Split::Train)];
    let db = open(&penguins, &islands());
    let rows = learner("species_summary(&db)", || {
        sql_features::species_summary(&db)
    });
    let rows = rows_ok("species_summary", rows, true);
    require(
        rows.len() == 1 && rows[0].mean_body_mass_g.is_none(),
        || {
            format!(
                "species_summary on one unweighed penguin: expected one row with \
                 mean_body_mass_g None, got {} rows{}",
                rows.len(),
                rows.first().map_or(String::new(), |r| format!(
                    ", the first with mean {:?}",
                    r.mean_body_mass_g
                ))
            )
        },
    );
    let means = learner("species_mean_feature(&db)", || {
        sql_features::species_mean_feature(&db)
    });
    let means = rows_ok("species_mean_feature", means, true);
    require(
        means.len() == 1 && means[0].species_mean_body_mass_g.is_none(),
        || {
            format!(
                "species_mean_feature with no weighed training penguin at all: expected one \
                 row with None, got {} rows{}",
                means.len(),
                means.first().map_or(String::new(), |r| format!(
                    ", the first {:?}",
                    r.species_mean_body_mass_g
                ))
            )
        },
    );
}
