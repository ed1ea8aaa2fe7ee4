//! Palmer penguins: a real table with text columns and missing cells.

use ndarray::Array1;

use super::reference_split::{self, Folds, Split};
use super::table::{Column, ColumnKind, ColumnSpec, Table, TableError, parse_table};
use super::{Bundled, DataError};

pub(super) const PENGUINS: Bundled = Bundled {
    name: "penguins",
    file: "datasets/penguins.csv",
    csv: include_str!("../../datasets/penguins.csv"),
    splits: include_str!("../../datasets/splits/penguins.csv"),
    target_names: &["Adelie", "Chinstrap", "Gentoo"],
};

/// The feature columns of [`Penguins::table`], in order.
pub const PENGUIN_COLUMNS: &[ColumnSpec<'static>] = &[
    ColumnSpec {
        name: "island",
        kind: ColumnKind::Categorical,
        nullable: false,
    },
    ColumnSpec {
        name: "bill_length_mm",
        kind: ColumnKind::Numeric,
        nullable: true,
    },
    ColumnSpec {
        name: "bill_depth_mm",
        kind: ColumnKind::Numeric,
        nullable: true,
    },
    ColumnSpec {
        name: "flipper_length_mm",
        kind: ColumnKind::Numeric,
        nullable: true,
    },
    ColumnSpec {
        name: "body_mass_g",
        kind: ColumnKind::Numeric,
        nullable: true,
    },
    ColumnSpec {
        name: "sex",
        kind: ColumnKind::Categorical,
        nullable: true,
    },
    ColumnSpec {
        name: "year",
        kind: ColumnKind::Numeric,
        nullable: false,
    },
];

const SPECIES: ColumnSpec<'static> = ColumnSpec {
    name: "species",
    kind: ColumnKind::Categorical,
    nullable: false,
};

/// The penguins: a typed table of features and the species of each row.
#[derive(Debug, Clone, PartialEq)]
pub struct Penguins {
    /// 344 rows x 7 columns: island (text), bill_length_mm, bill_depth_mm,
    /// flipper_length_mm, body_mass_g (numbers, 2 missing each), sex (text, 11
    /// missing), year (a number, never missing).
    pub table: Table,
    /// The species of each row as a class label: 0 Adelie, 1 Chinstrap, 2 Gentoo
    /// (sorted order; 152, 68, 124).
    pub species: Array1<usize>,
    /// `["Adelie", "Chinstrap", "Gentoo"]`, indexed by label.
    pub species_names: Vec<String>,
}

/// Palmer penguins (Gorman, Williams and Fraser 2014; palmerpenguins 0.1.6): 344
/// penguins of 3 species from 3 islands, with NA cells. See [`Penguins`].
pub fn penguins() -> Penguins {
    load_penguins().expect("the bundled penguins.csv is valid (checked by its unit tests)")
}

fn load_penguins() -> Result<Penguins, TableError> {
    let b = &PENGUINS;
    let table = parse_table(b.name, b.file, b.csv.as_bytes(), PENGUIN_COLUMNS)?;
    let species_table = parse_table(b.name, b.file, b.csv.as_bytes(), &[SPECIES])?;
    let species_names: Vec<String> = b.target_names.iter().map(|s| s.to_string()).collect();
    let species = species_table
        .categorical("species")?
        .iter()
        .enumerate()
        .map(|(row, name)| {
            let name = name.as_deref().unwrap_or_default();
            species_names
                .iter()
                .position(|s| s == name)
                .ok_or_else(|| TableError::Csv {
                    file: b.file.to_string(),
                    message: format!("row {row}: unknown species {name:?}"),
                })
        })
        .collect::<Result<Array1<usize>, _>>()?;
    Ok(Penguins {
        table,
        species,
        species_names,
    })
}

impl Penguins {
    /// Number of penguins (rows).
    pub fn n_rows(&self) -> usize {
        self.table.n_rows()
    }

    /// The penguins of the given rows, in the given order (`RowOutOfRange`).
    pub fn select(&self, rows: &[usize]) -> Result<Penguins, TableError> {
        let table = self.table.select_rows(rows)?;
        Ok(Penguins {
            table,
            species: rows.iter().map(|&r| self.species[r]).collect(),
            species_names: self.species_names.clone(),
        })
    }

    /// The `(train, test)` penguins under `split`.
    pub fn split(&self, split: &Split) -> Result<(Penguins, Penguins), TableError> {
        Ok((self.select(&split.train)?, self.select(&split.test)?))
    }

    /// The table with the species appended as a categorical column `species` (its
    /// names, not its labels), e.g. to store the whole file in a database.
    pub fn table_with_species(&self) -> Table {
        let names = self
            .species
            .iter()
            .map(|&l| Some(self.species_names[l].as_str()));
        self.table
            .with_column(Column::categorical("species", names))
            .expect("one species per row, and no column of the table is named species")
    }

    /// The 275 train / 69 test rows behind the scikit-learn figures
    /// (`train_test_split(test_size=0.2, random_state=42)`, stratified on species).
    /// Only for the bundled rows, unchanged and in file order (`NotTheBundledRows`).
    pub fn reference_split(&self) -> Result<Split, DataError> {
        self.check_bundled("split")?;
        reference_split::holdout(&PENGUINS)
    }

    /// The 5 stratified folds (in row order, no shuffle) behind the scikit-learn
    /// cross-validation figures; only for the bundled rows.
    pub fn reference_folds(&self) -> Result<Folds, DataError> {
        self.check_bundled("folds")?;
        reference_split::folds(&PENGUINS)
    }

    fn check_bundled(&self, what: &'static str) -> Result<(), DataError> {
        static BUNDLED: std::sync::OnceLock<Penguins> = std::sync::OnceLock::new();
        if self == BUNDLED.get_or_init(penguins) {
            Ok(())
        } else {
            Err(DataError::NotTheBundledRows {
                dataset: self.table.name().to_string(),
                what,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_file_has_the_documented_shape_and_gaps() {
        let p = penguins();
        assert_eq!((p.n_rows(), p.table.n_columns()), (344, 7));
        let counts: Vec<usize> = (0..3)
            .map(|c| p.species.iter().filter(|&&l| l == c).count())
            .collect();
        assert_eq!(counts, [152, 68, 124]);
        let missing: Vec<usize> = p
            .table
            .columns()
            .iter()
            .map(|c| (0..c.len()).filter(|&r| c.is_missing(r)).count())
            .collect();
        assert_eq!(missing, [0, 2, 2, 2, 2, 11, 0]);
        assert_eq!(p.table.numeric("bill_length_mm").unwrap()[0], Some(39.1));
        assert_eq!(p.table.numeric("body_mass_g").unwrap()[3], None);
        assert_eq!(
            p.table.categorical("island").unwrap()[0].as_deref(),
            Some("Torgersen")
        );
        let full = p.table_with_species();
        assert_eq!(
            full.categorical("species").unwrap()[343].as_deref(),
            Some("Chinstrap")
        );
    }

    #[test]
    fn split_and_folds_have_the_published_sizes() {
        let p = penguins();
        let split = p.reference_split().unwrap();
        assert_eq!((split.train.len(), split.test.len()), (275, 69));
        let (train, test) = p.split(&split).unwrap();
        let gaps = |t: &Table| {
            (0..t.n_rows())
                .filter(|&r| t.columns().iter().any(|c| c.is_missing(r)))
                .count()
        };
        assert_eq!((gaps(&train.table), gaps(&test.table)), (11, 0));
        let folds = p.reference_folds().unwrap();
        assert_eq!(folds.len(), 5);
        let per_fold: Vec<usize> = folds
            .folds
            .iter()
            .map(|f| gaps(&p.select(f).unwrap().table))
            .collect();
        assert_eq!(per_fold, [5, 2, 1, 0, 3]);
        assert!(matches!(
            train.reference_split(),
            Err(DataError::NotTheBundledRows { what: "split", .. })
        ));
    }
}
