//! Types for the `sql_features` exercise: the penguins database the course builds in
//! SQLite, the rows the learner's queries return, and their error.
//!
//! The database has two tables (see [`SCHEMA`]):
//!
//! - `penguins`: one row per bird of `datasets/penguins.csv`, with its `id` (the row's
//!   0-based position in the file), the measurements (`NULL` where the file says `NA`)
//!   and `split`, `'train'` or `'test'`, the course's reference holdout split
//!   (`datasets/splits/penguins.csv`).
//! - `islands`: survey metadata of the three islands (`datasets/islands.csv`): where
//!   each colony is, from the Antarctic gazetteers.

use rusqlite::{Connection, params};

/// The tables of the penguins database. `id` is a unique column but not SQLite's
/// `rowid`, so a query without `ORDER BY` returns rows in the order they were inserted,
/// not by id.
pub const SCHEMA: &str = "
CREATE TABLE penguins (
    id INTEGER NOT NULL UNIQUE,
    species TEXT NOT NULL,
    island TEXT NOT NULL,
    bill_length_mm REAL,
    bill_depth_mm REAL,
    flipper_length_mm REAL,
    body_mass_g REAL,
    sex TEXT,
    year INTEGER NOT NULL,
    split TEXT NOT NULL CHECK (split IN ('train', 'test'))
);
CREATE TABLE islands (
    island TEXT NOT NULL UNIQUE,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    site TEXT NOT NULL
);
";

/// Which side of the holdout split a row is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    Train,
    Test,
}

impl Split {
    /// The text stored in the `split` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Test => "test",
        }
    }
}

/// One row of the `penguins` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Penguin {
    pub id: i64,
    pub species: String,
    pub island: String,
    pub bill_length_mm: Option<f64>,
    pub bill_depth_mm: Option<f64>,
    pub flipper_length_mm: Option<f64>,
    pub body_mass_g: Option<f64>,
    pub sex: Option<String>,
    pub year: i64,
    pub split: Split,
}

/// One row of the `islands` table: a surveyed island and where it is (degrees; south
/// and west are negative).
#[derive(Debug, Clone, PartialEq)]
pub struct Island {
    pub island: String,
    pub latitude: f64,
    pub longitude: f64,
    pub site: String,
}

/// One row of `species_summary`: a (species, island) group of penguins.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSummary {
    pub species: String,
    pub island: String,
    /// Rows in the group.
    pub penguins: usize,
    /// Rows of the group whose body mass is known.
    pub weighed: usize,
    /// The mean body mass of the weighed rows; `None` when none is weighed.
    pub mean_body_mass_g: Option<f64>,
}

/// One row of `island_survey`: a surveyed island joined with its penguins.
#[derive(Debug, Clone, PartialEq)]
pub struct IslandSurvey {
    pub island: String,
    pub latitude: f64,
    /// Penguins recorded on the island (0 for a surveyed island without any).
    pub penguins: usize,
    /// Distinct species among them.
    pub species: usize,
}

/// One row of `cleaned_penguins`: a penguin's sex and body mass with the gaps filled.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanedPenguin {
    pub id: i64,
    /// The recorded sex, or `"unknown"`.
    pub sex: String,
    /// The recorded body mass, or the fill value.
    pub body_mass_g: f64,
    /// Whether the body mass was missing (and so filled).
    pub body_mass_missing: bool,
    /// `"unknown"`, `"small"`, `"medium"` or `"large"`, from the recorded body mass.
    pub size: String,
}

/// One row of `species_mean_feature`: the target-mean feature of a penguin.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeciesMean {
    pub id: i64,
    /// The mean body mass of the training penguins of the row's species (or of all
    /// training penguins); `None` only when no training penguin is weighed.
    pub species_mean_body_mass_g: Option<f64>,
}

/// The error of the `sql_features` exercise.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SqlError {
    /// SQLite rejected a query, or a row could not be read into its struct. `query` is
    /// the name of the function that ran it (e.g. `"species_summary"`).
    #[error("{query}: SQLite error: {message}")]
    Query {
        query: &'static str,
        message: String,
    },
    /// The fill value is NaN or infinite. Bound as a parameter, SQLite stores NaN as
    /// NULL: the gap would stay a gap.
    #[error("the fill value {fill} is not a finite number")]
    NotFinite { fill: f64 },
    /// Building the course's database failed (the bundled files could not be read).
    #[error("building the penguins database failed: {0}")]
    Build(String),
}

impl SqlError {
    /// A function that turns a rusqlite error into `SqlError::Query` for the function
    /// `query`: `statement.query_map(...).map_err(SqlError::from_sqlite("species_summary"))?`.
    pub fn from_sqlite(query: &'static str) -> impl Fn(rusqlite::Error) -> SqlError {
        move |error| SqlError::Query {
            query,
            message: error.to_string(),
        }
    }
}

/// A new in-memory database with the course's tables and these rows, inserted in the
/// order given.
pub fn database_with(penguins: &[Penguin], islands: &[Island]) -> Result<Connection, SqlError> {
    let build = |e: rusqlite::Error| SqlError::Build(e.to_string());
    let mut db = Connection::open_in_memory().map_err(build)?;
    db.execute_batch(SCHEMA).map_err(build)?;
    let transaction = db.transaction().map_err(build)?;
    {
        let mut insert = transaction
            .prepare(
                "INSERT INTO penguins (id, species, island, bill_length_mm, bill_depth_mm, \
                 flipper_length_mm, body_mass_g, sex, year, split) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .map_err(build)?;
        for p in penguins {
            insert
                .execute(params![
                    p.id,
                    p.species,
                    p.island,
                    p.bill_length_mm,
                    p.bill_depth_mm,
                    p.flipper_length_mm,
                    p.body_mass_g,
                    p.sex,
                    p.year,
                    p.split.as_str(),
                ])
                .map_err(build)?;
        }
        let mut insert = transaction
            .prepare(
                "INSERT INTO islands (island, latitude, longitude, site) VALUES (?1, ?2, ?3, ?4)",
            )
            .map_err(build)?;
        for i in islands {
            insert
                .execute(params![i.island, i.latitude, i.longitude, i.site])
                .map_err(build)?;
        }
    }
    transaction.commit().map_err(build)?;
    Ok(db)
}

/// The survey metadata of `datasets/islands.csv`.
pub fn islands() -> Vec<Island> {
    const ISLANDS_CSV: &str = include_str!("../../datasets/islands.csv");
    let mut reader = csv::Reader::from_reader(ISLANDS_CSV.as_bytes());
    reader
        .records()
        .map(|record| {
            let record = record.expect("datasets/islands.csv is a valid CSV file");
            Island {
                island: record[0].to_string(),
                latitude: record[1].parse().expect("a latitude in degrees"),
                longitude: record[2].parse().expect("a longitude in degrees"),
                site: record[3].to_string(),
            }
        })
        .collect()
}

/// The 344 rows of `datasets/penguins.csv` (`mlings::datasets::penguins()`), with `id`
/// their 0-based position in the file and `split` the reference holdout split.
pub fn penguin_rows() -> Vec<Penguin> {
    let data = crate::datasets::penguins();
    let split = data
        .reference_split()
        .expect("the bundled penguins have a reference split");
    let mut sides = vec![Split::Test; data.n_rows()];
    for &row in &split.train {
        sides[row] = Split::Train;
    }
    let table = &data.table;
    let number = |name: &str| {
        table
            .numeric(name)
            .expect("a numeric column of the penguins table")
    };
    let text = |name: &str| {
        table
            .categorical(name)
            .expect("a text column of the penguins table")
    };
    let (island, sex, year) = (text("island"), text("sex"), number("year"));
    let (bill_length, bill_depth) = (number("bill_length_mm"), number("bill_depth_mm"));
    let (flipper, mass) = (number("flipper_length_mm"), number("body_mass_g"));
    (0..data.n_rows())
        .map(|row| Penguin {
            id: row as i64,
            species: data.species_names[data.species[row]].clone(),
            island: island[row].clone().unwrap_or_default(),
            bill_length_mm: bill_length[row],
            bill_depth_mm: bill_depth[row],
            flipper_length_mm: flipper[row],
            body_mass_g: mass[row],
            sex: sex[row].clone(),
            year: year[row].unwrap_or_default() as i64,
            split: sides[row],
        })
        .collect()
}

/// The course's penguins database: every row of `datasets/penguins.csv` in file order
/// and the survey metadata of `datasets/islands.csv`, in memory.
pub fn penguins_database() -> Result<Connection, SqlError> {
    database_with(&penguin_rows(), &islands())
}
