//! Reference solution of exercises/10_data_preparation/sql_features.rs.

use rusqlite::Connection;

use crate::types::sql_features::{
    CleanedPenguin, GroupSummary, IslandSurvey, SpeciesMean, SqlError,
};

/// Rows, weighed rows and mean body mass per (species, island).
pub fn species_summary_query() -> &'static str {
    "SELECT species, island, COUNT(*), COUNT(body_mass_g), AVG(body_mass_g)
     FROM penguins
     GROUP BY species, island
     ORDER BY species, island"
}

pub fn species_summary(db: &Connection) -> Result<Vec<GroupSummary>, SqlError> {
    let failed = SqlError::from_sqlite("species_summary");
    let mut statement = db.prepare(species_summary_query()).map_err(&failed)?;
    let rows = statement
        .query_map([], |row| {
            Ok(GroupSummary {
                species: row.get(0)?,
                island: row.get(1)?,
                penguins: row.get(2)?,
                weighed: row.get(3)?,
                mean_body_mass_g: row.get(4)?,
            })
        })
        .map_err(&failed)?;
    rows.collect::<Result<_, _>>().map_err(&failed)
}

/// Every surveyed island with its penguins: a LEFT JOIN keeps an island without any.
pub fn island_survey_query() -> &'static str {
    "SELECT i.island, i.latitude, COUNT(p.id), COUNT(DISTINCT p.species)
     FROM islands AS i
     LEFT JOIN penguins AS p ON p.island = i.island
     GROUP BY i.island, i.latitude
     ORDER BY i.latitude DESC, i.island"
}

pub fn island_survey(db: &Connection) -> Result<Vec<IslandSurvey>, SqlError> {
    let failed = SqlError::from_sqlite("island_survey");
    let mut statement = db.prepare(island_survey_query()).map_err(&failed)?;
    let rows = statement
        .query_map([], |row| {
            Ok(IslandSurvey {
                island: row.get(0)?,
                latitude: row.get(1)?,
                penguins: row.get(2)?,
                species: row.get(3)?,
            })
        })
        .map_err(&failed)?;
    rows.collect::<Result<_, _>>().map_err(&failed)
}

/// Sex and body mass with the gaps filled; the size class judged on the recorded mass.
pub fn cleaned_penguins_query() -> &'static str {
    "SELECT id,
            COALESCE(sex, 'unknown'),
            COALESCE(body_mass_g, ?1),
            body_mass_g IS NULL,
            CASE
                WHEN body_mass_g IS NULL THEN 'unknown'
                WHEN body_mass_g < 3500 THEN 'small'
                WHEN body_mass_g < 4500 THEN 'medium'
                ELSE 'large'
            END
     FROM penguins
     ORDER BY id"
}

pub fn cleaned_penguins(db: &Connection, fill: f64) -> Result<Vec<CleanedPenguin>, SqlError> {
    if !fill.is_finite() {
        return Err(SqlError::NotFinite { fill });
    }
    let failed = SqlError::from_sqlite("cleaned_penguins");
    let mut statement = db.prepare(cleaned_penguins_query()).map_err(&failed)?;
    let rows = statement
        .query_map([fill], |row| {
            Ok(CleanedPenguin {
                id: row.get(0)?,
                sex: row.get(1)?,
                body_mass_g: row.get(2)?,
                body_mass_missing: row.get(3)?,
                size: row.get(4)?,
            })
        })
        .map_err(&failed)?;
    rows.collect::<Result<_, _>>().map_err(&failed)
}

/// The mean body mass of the training penguins of each row's species, the training mean
/// of all species where the species has no weighed training penguin.
pub fn species_mean_query() -> &'static str {
    "SELECT p.id,
            COALESCE(m.mean_mass,
                     (SELECT AVG(body_mass_g) FROM penguins WHERE split = 'train'))
     FROM penguins AS p
     LEFT JOIN (SELECT species, AVG(body_mass_g) AS mean_mass
                FROM penguins
                WHERE split = 'train'
                GROUP BY species) AS m
            ON m.species = p.species
     ORDER BY p.id"
}

pub fn species_mean_feature(db: &Connection) -> Result<Vec<SpeciesMean>, SqlError> {
    let failed = SqlError::from_sqlite("species_mean_feature");
    let mut statement = db.prepare(species_mean_query()).map_err(&failed)?;
    let rows = statement
        .query_map([], |row| {
            Ok(SpeciesMean {
                id: row.get(0)?,
                species_mean_body_mass_g: row.get(1)?,
            })
        })
        .map_err(&failed)?;
    rows.collect::<Result<_, _>>().map_err(&failed)
}
