//! # Exercise: features in SQL
//!
//! Most real training data lives in a database, and the first features of many models
//! are SQL queries: counts and averages per group, a join with another table, gaps
//! filled. Here you write them against a real SQLite database, the one the course builds
//! from `datasets/penguins.csv` (see `src/types/sql_features.rs` for its schema):
//!
//! ```text
//! penguins(id, species, island, bill_length_mm, bill_depth_mm, flipper_length_mm,
//!          body_mass_g, sex, year, split)        -- NULL where the CSV says NA
//! islands(island, latitude, longitude, site)     -- survey metadata of the islands
//! ```
//!
//! `split` is `'train'` or `'test'`: the course's holdout split. `id` is the row's
//! position in the CSV; it is not SQLite's rowid, so rows come back in the order they
//! were inserted unless you say `ORDER BY`.
//!
//! Each task is two functions: one returns the query text, the other runs it with
//! [rusqlite](https://docs.rs/rusqlite) and reads every result row into a struct. The
//! grader runs your query text on databases of its own (the penguins, and small ones
//! built to catch each trap), so the columns must come in the order stated.
//!
//! **What SQL does with NULL** (the source of most of the traps below):
//! - `COUNT(*)` counts rows; `COUNT(column)` counts the rows where the column is not
//!   NULL. `AVG(column)` and `SUM(column)` skip NULLs; `AVG` of no value is NULL.
//! - Any comparison with NULL (`x < 3500`, `x = NULL`) is NULL, which is not true:
//!   test for a gap with `x IS NULL`. `COALESCE(a, b)` gives `a`, or `b` when `a` is NULL.
//! - In Rust, read a column that can be NULL as an `Option`: `row.get::<_, Option<f64>>(4)?`.
//!
//! **Target leakage.** A feature computed from the target (here: the mean body mass of
//! a penguin's species, to help predict body mass) must come from the training rows
//! only. Averaged over all rows, each test penguin's own mass is inside its feature and
//! the model looks better on the test set than it will be on new birds.
//!
//! **Running a query with rusqlite**:
//!
//! ```text
//! let failed = SqlError::from_sqlite("species_summary");   // rusqlite::Error -> SqlError
//! let mut statement = db.prepare(species_summary_query()).map_err(&failed)?;
//! let rows = statement
//!     .query_map([], |row| Ok(GroupSummary { species: row.get(0)?, /* ... */ }))
//!     .map_err(&failed)?;
//! rows.collect::<Result<Vec<_>, _>>().map_err(&failed)
//! ```
//!
//! Parameters are bound, never pasted into the text: `?1` in the query and `[value]` in
//! place of `[]`. Integers read as `usize`, `i64` or `bool` (0 is false).
//!
//! Every error of SQLite (a missing table, a NULL read as `f64`) is returned as
//! `SqlError::Query { query, message }` with `query` the name of the function that ran
//! it, e.g. `"species_summary"`, and `message` rusqlite's error text.
//!
//! Grade with `cargo test --test sql_features` (or `cargo run -- check sql_features`).

use mlings::types::sql_features::{
    CleanedPenguin, GroupSummary, IslandSurvey, SpeciesMean, SqlError,
};
use rusqlite::Connection;

/// Counts and averages per group. One row per (species, island) pair that has
/// penguins, ordered by species, then island (alphabetically), with the columns:
///
/// 1. `species`, 2. `island`,
/// 3. the number of penguins in the group,
/// 4. the number of them whose body mass is known (not NULL),
/// 5. the mean body mass of those (NULL when none is known).
pub fn species_summary_query() -> &'static str {
    todo!()
}

/// Runs [`species_summary_query`] and reads each row into a `GroupSummary` (the five
/// columns in order: `species`, `island`, `penguins`, `weighed`, `mean_body_mass_g`).
/// Errors: `SqlError::Query { query: "species_summary", .. }`.
pub fn species_summary(db: &Connection) -> Result<Vec<GroupSummary>, SqlError> {
    todo!()
}

/// A join with the survey table. One row per island of the `islands` table, also an
/// island where no penguin was recorded (it counts 0 penguins and 0 species); penguins
/// on an island the survey does not list are left out. Ordered from north to south
/// (by `latitude`, the largest first: latitudes are negative in the south), ties by
/// island name. Columns:
///
/// 1. `island`, 2. `latitude`,
/// 3. the number of penguins recorded on the island,
/// 4. the number of distinct species among them.
pub fn island_survey_query() -> &'static str {
    todo!()
}

/// Runs [`island_survey_query`] into `IslandSurvey` rows (`island`, `latitude`,
/// `penguins`, `species`). Errors: `SqlError::Query { query: "island_survey", .. }`.
pub fn island_survey(db: &Connection) -> Result<Vec<IslandSurvey>, SqlError> {
    todo!()
}

/// Missing values with COALESCE and CASE. One row per penguin, ordered by `id`, with
/// one parameter, `?1`: the body mass to fill the gaps with. Columns:
///
/// 1. `id`,
/// 2. the sex, or `'unknown'` where it is NULL,
/// 3. the body mass, or `?1` where it is NULL,
/// 4. whether the body mass was NULL (1 or 0),
/// 5. a size class judged on the recorded body mass m (not the filled one):
///    `'unknown'` when m is NULL, `'small'` when m < 3500, `'medium'` when
///    3500 ≤ m < 4500, `'large'` when m ≥ 4500.
pub fn cleaned_penguins_query() -> &'static str {
    todo!()
}

/// Runs [`cleaned_penguins_query`] with `fill` bound to `?1`, into `CleanedPenguin` rows
/// (`id`, `sex`, `body_mass_g`, `body_mass_missing`, `size`).
///
/// Errors, in this order:
/// 1. `SqlError::NotFinite { fill }` when `fill` is NaN or infinite (checked before any
///    query: SQLite would store a NaN parameter as NULL, and the gap would stay a gap);
/// 2. `SqlError::Query { query: "cleaned_penguins", .. }`.
pub fn cleaned_penguins(db: &Connection, fill: f64) -> Result<Vec<CleanedPenguin>, SqlError> {
    todo!()
}

/// A target-mean feature without leakage. One row per penguin (training and test rows
/// alike), ordered by `id`, with the columns:
///
/// 1. `id`,
/// 2. the mean body mass of the **training** penguins (`split = 'train'`) of the same
///    species, over those whose mass is known. Where the species has no training
///    penguin of known mass, the mean body mass of all training penguins of known mass
///    instead; NULL only when there is none at all.
///
/// Test rows' body masses must not change any value: a test penguin's feature may not
/// depend on its own target.
pub fn species_mean_query() -> &'static str {
    todo!()
}

/// Runs [`species_mean_query`] into `SpeciesMean` rows (`id`,
/// `species_mean_body_mass_g`). Errors:
/// `SqlError::Query { query: "species_mean_feature", .. }`.
pub fn species_mean_feature(db: &Connection) -> Result<Vec<SpeciesMean>, SqlError> {
    todo!()
}
