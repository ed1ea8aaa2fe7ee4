//! Real datasets, bundled into the library so they load offline from any directory.
//!
//! ```
//! let iris = mlings::datasets::iris();
//! assert_eq!(iris.features.dim(), (150, 4));
//! let split = iris.reference_split().unwrap();
//! let (train, test) = iris.split(&split).unwrap();
//! assert_eq!((train.n_samples(), test.n_samples()), (120, 30));
//! ```
//!
//! [`penguins()`] is a typed [`Table`] instead (text columns and missing cells):
//!
//! ```
//! let penguins = mlings::datasets::penguins();
//! assert_eq!(penguins.table.n_rows(), 344);
//! assert_eq!(penguins.table.numeric("body_mass_g").unwrap()[3], None);
//! let split = penguins.reference_split().unwrap();
//! assert_eq!((split.train.len(), split.test.len()), (275, 69));
//! ```
//!
//! Provenance, licenses and checksums: `datasets/README.md`.

mod csv_loader;
mod error;
mod penguins;
mod reference_split;
pub mod synthetic;
mod table;

use ndarray::{Array1, Array2, ArrayView1, Axis};

use crate::types::labels::MAX_CLASSES;

pub use csv_loader::{TargetColumn, read_csv};
pub use error::DataError;
pub use penguins::{PENGUIN_COLUMNS, Penguins, penguins};
pub use reference_split::{Folds, Split};
pub use table::{
    Column, ColumnData, ColumnKind, ColumnSpec, MISSING_MARKERS, Table, TableError, read_table,
};

/// A table of samples: one row of `features` and one entry of `targets` per sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Short name, e.g. `"iris"`.
    pub name: String,
    /// `n_samples x n_features`.
    pub features: Array2<f64>,
    /// One target per sample: a class index (0, 1, ...) or a real value.
    pub targets: Array1<f64>,
    /// One name per feature column.
    pub feature_names: Vec<String>,
    /// Class names, indexed by class label; empty for a regression target.
    pub target_names: Vec<String>,
}

/// The names [`load`] accepts.
pub const BUNDLED: &[&str] = &["iris", "wine", "breast_cancer", "diabetes", "digits"];

struct Bundled {
    name: &'static str,
    file: &'static str,
    csv: &'static str,
    splits: &'static str,
    target_names: &'static [&'static str],
}

const IRIS: Bundled = Bundled {
    name: "iris",
    file: "datasets/iris.csv",
    csv: include_str!("../../datasets/iris.csv"),
    splits: include_str!("../../datasets/splits/iris.csv"),
    target_names: &["setosa", "versicolor", "virginica"],
};
const WINE: Bundled = Bundled {
    name: "wine",
    file: "datasets/wine.csv",
    csv: include_str!("../../datasets/wine.csv"),
    splits: include_str!("../../datasets/splits/wine.csv"),
    target_names: &["class_0", "class_1", "class_2"],
};
const BREAST_CANCER: Bundled = Bundled {
    name: "breast_cancer",
    file: "datasets/breast_cancer.csv",
    csv: include_str!("../../datasets/breast_cancer.csv"),
    splits: include_str!("../../datasets/splits/breast_cancer.csv"),
    target_names: &["malignant", "benign"],
};
const DIABETES: Bundled = Bundled {
    name: "diabetes",
    file: "datasets/diabetes_raw.csv",
    csv: include_str!("../../datasets/diabetes_raw.csv"),
    splits: include_str!("../../datasets/splits/diabetes_raw.csv"),
    target_names: &[],
};
const DIGITS: Bundled = Bundled {
    name: "digits",
    file: "datasets/digits.csv",
    csv: include_str!("../../datasets/digits.csv"),
    splits: include_str!("../../datasets/splits/digits.csv"),
    target_names: &["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
};

/// Every bundled dataset, in the order of [`BUNDLED`].
const ALL: [&Bundled; 5] = [&IRIS, &WINE, &BREAST_CANCER, &DIABETES, &DIGITS];

fn bundled(name: &str) -> Result<&'static Bundled, DataError> {
    ALL.into_iter()
        .find(|b| b.name == name)
        .ok_or_else(|| DataError::UnknownDataset {
            name: name.to_string(),
            known: BUNDLED,
        })
}

/// What identifies a table's content: its number of rows and a fingerprint of the
/// targets and of every feature column (FNV-1a over the values' bits).
#[derive(Debug, Clone, PartialEq)]
struct Fingerprint {
    rows: usize,
    targets: u64,
    columns: Vec<u64>,
}

fn fnv1a(values: impl Iterator<Item = f64>) -> u64 {
    values.fold(0xcbf2_9ce4_8422_2325, |hash, v| {
        v.to_bits().to_le_bytes().iter().fold(hash, |h, &byte| {
            (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
    })
}

impl Fingerprint {
    fn of(data: &Dataset) -> Self {
        Fingerprint {
            rows: data.n_samples(),
            targets: fnv1a(data.targets.iter().copied()),
            columns: data
                .features
                .columns()
                .into_iter()
                .map(|column| fnv1a(column.iter().copied()))
                .collect(),
        }
    }

    /// Whether `self` has the rows of `bundled`: the same targets in the same order, and
    /// every feature column one of the bundled columns (a `with_features` selection
    /// keeps its rows).
    fn has_the_rows_of(&self, bundled: &Fingerprint) -> bool {
        self.rows == bundled.rows
            && self.targets == bundled.targets
            && self.columns.iter().all(|c| bundled.columns.contains(c))
    }
}

/// The bundled dataset whose rows `data` holds, matched by content (a learner's own
/// 150-row iris.csv, or a shuffled copy, does not match the bundled iris).
fn bundled_rows_of(data: &Dataset, what: &'static str) -> Result<&'static Bundled, DataError> {
    // One fingerprint per bundled set, computed when first needed (digits is the
    // largest to parse, and most callers never compare with it).
    static FINGERPRINTS: [std::sync::OnceLock<Fingerprint>; ALL.len()] =
        [const { std::sync::OnceLock::new() }; ALL.len()];
    let fingerprint =
        |i: usize| FINGERPRINTS[i].get_or_init(|| Fingerprint::of(&load_bundled(ALL[i].name)));
    let mine = Fingerprint::of(data);
    // The bundled set of the same name first: a selection of columns could match another.
    let mut order: Vec<usize> = (0..ALL.len()).collect();
    order.sort_by_key(|&i| ALL[i].name != data.name);
    order
        .into_iter()
        .find(|&i| mine.has_the_rows_of(fingerprint(i)))
        .map(|i| ALL[i])
        .ok_or_else(|| DataError::NotTheBundledRows {
            dataset: data.name.clone(),
            what,
        })
}

/// Loads a bundled dataset by name: `"iris"`, `"wine"`, `"breast_cancer"`, `"diabetes"`
/// or `"digits"`.
pub fn load(name: &str) -> Result<Dataset, DataError> {
    let b = bundled(name)?;
    let mut data = csv_loader::parse_csv(b.name, b.file, b.csv.as_bytes(), TargetColumn::Last)?;
    data.target_names = b.target_names.iter().map(|s| s.to_string()).collect();
    Ok(data)
}

fn load_bundled(name: &str) -> Dataset {
    load(name).expect("bundled datasets are valid CSV (checked by the datasets unit tests)")
}

/// Fisher's iris: 150 flowers x 4 measurements (cm), 3 species (50 each).
pub fn iris() -> Dataset {
    load_bundled("iris")
}

/// Wine: 178 wines x 13 chemical measurements, 3 cultivars (59, 71, 48).
pub fn wine() -> Dataset {
    load_bundled("wine")
}

/// Breast Cancer Wisconsin (Diagnostic): 569 tumours x 30 features, 0 malignant (212), 1 benign (357).
pub fn breast_cancer() -> Dataset {
    load_bundled("breast_cancer")
}

/// Diabetes (Efron et al. 2004), raw units: 442 patients x 10 features; the target is
/// disease progression one year after baseline (25..346).
pub fn diabetes() -> Dataset {
    load_bundled("diabetes")
}

/// Handwritten digits (Alpaydin and Kaynak, UCI): 1797 images of 8 x 8 pixels, each
/// pixel a count 0..16 (`pixel_0` .. `pixel_63`, row by row); the target is the digit
/// 0..9 (about 180 of each).
pub fn digits() -> Dataset {
    load_bundled("digits")
}

/// `targets` as class labels `0, 1, ...`; an error naming `dataset` and the row if a
/// target is not a non-negative whole number below `MAX_CLASSES` (a price or an ID is
/// not a class index).
pub(crate) fn class_labels_of(
    dataset: &str,
    targets: ArrayView1<f64>,
) -> Result<Array1<usize>, DataError> {
    targets
        .iter()
        .enumerate()
        .map(|(row, &value)| {
            if value >= 0.0 && value.fract() == 0.0 && value < MAX_CLASSES as f64 {
                Ok(value as usize)
            } else {
                Err(DataError::NotClassLabels {
                    dataset: dataset.to_string(),
                    row,
                    value,
                })
            }
        })
        .collect()
}

impl Dataset {
    /// Number of samples (rows).
    pub fn n_samples(&self) -> usize {
        self.features.nrows()
    }

    /// Number of features (columns).
    pub fn n_features(&self) -> usize {
        self.features.ncols()
    }

    /// The targets as class labels `0, 1, ...`; an error if any target is not a
    /// non-negative whole number.
    pub fn class_labels(&self) -> Result<Array1<usize>, DataError> {
        class_labels_of(&self.name, self.targets.view())
    }

    /// A new dataset holding only the given rows, in the given order.
    pub fn select(&self, rows: &[usize]) -> Result<Dataset, DataError> {
        if self.targets.len() != self.n_samples() {
            return Err(DataError::TargetsMismatch {
                dataset: self.name.clone(),
                rows: self.n_samples(),
                targets: self.targets.len(),
            });
        }
        if let Some(&index) = rows.iter().find(|&&r| r >= self.n_samples()) {
            return Err(DataError::RowOutOfRange {
                dataset: self.name.clone(),
                index,
                rows: self.n_samples(),
            });
        }
        Ok(Dataset {
            name: self.name.clone(),
            features: self.features.select(Axis(0), rows),
            targets: self.targets.select(Axis(0), rows),
            feature_names: self.feature_names.clone(),
            target_names: self.target_names.clone(),
        })
    }

    /// The `(train, test)` parts of this dataset under `split`.
    pub fn split(&self, split: &Split) -> Result<(Dataset, Dataset), DataError> {
        Ok((self.select(&split.train)?, self.select(&split.test)?))
    }

    /// A dataset with only the named feature columns (e.g. iris petal length and width).
    pub fn with_features(&self, names: &[&str]) -> Result<Dataset, DataError> {
        let columns = names
            .iter()
            .map(|&wanted| {
                self.feature_names
                    .iter()
                    .position(|n| n == wanted)
                    .ok_or_else(|| DataError::MissingColumn {
                        file: self.name.clone(),
                        column: wanted.to_string(),
                        columns: self.feature_names.clone(),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Dataset {
            features: self.features.select(Axis(1), &columns),
            feature_names: names.iter().map(|s| s.to_string()).collect(),
            ..self.clone()
        })
    }

    /// The train/test rows behind the scikit-learn figures in `datasets/README.md`
    /// (`train_test_split(test_size=0.2, random_state=42)`, stratified for classes).
    ///
    /// Only for the rows of a bundled dataset, recognised by their content (not by name):
    /// a learner's own iris.csv, a shuffled copy or a subset gets `NotTheBundledRows`.
    pub fn reference_split(&self) -> Result<Split, DataError> {
        reference_split::holdout(bundled_rows_of(self, "split")?)
    }

    /// The 5 stratified folds (in row order, no shuffle) behind the scikit-learn
    /// cross-validation figures; only for the classification datasets.
    pub fn reference_folds(&self) -> Result<Folds, DataError> {
        reference_split::folds(bundled_rows_of(self, "folds")?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_shapes_and_class_counts() {
        let expected = [
            ("iris", 150, 4, vec![50, 50, 50]),
            ("wine", 178, 13, vec![59, 71, 48]),
            ("breast_cancer", 569, 30, vec![212, 357]),
            (
                "digits",
                1797,
                64,
                vec![178, 182, 177, 183, 181, 182, 181, 179, 174, 180],
            ),
        ];
        for (name, rows, cols, counts) in expected {
            let data = load(name).unwrap();
            assert_eq!(data.features.dim(), (rows, cols), "{name}");
            let labels = data.class_labels().unwrap();
            for (class, &count) in counts.iter().enumerate() {
                assert_eq!(
                    labels.iter().filter(|&&l| l == class).count(),
                    count,
                    "{name}"
                );
            }
            assert_eq!(data.target_names.len(), counts.len());
        }
        let diabetes = diabetes();
        assert_eq!(diabetes.features.dim(), (442, 10));
        assert_eq!(diabetes.targets.fold(f64::MAX, |a, &b| a.min(b)), 25.0);
        assert_eq!(diabetes.targets.fold(f64::MIN, |a, &b| a.max(b)), 346.0);
    }

    #[test]
    fn digits_split_has_the_published_sizes() {
        let split = digits().reference_split().unwrap();
        assert_eq!((split.train.len(), split.test.len()), (1437, 360));
    }

    #[test]
    fn unknown_name_lists_the_bundled_ones() {
        let message = load("mnist").unwrap_err().to_string();
        assert!(
            message.contains("\"mnist\"") && message.contains("breast_cancer"),
            "{message}"
        );
    }

    #[test]
    fn fractional_targets_are_not_class_labels() {
        let mut data = iris();
        data.targets[3] = 0.5;
        let error = data.class_labels().unwrap_err();
        assert!(
            matches!(error, DataError::NotClassLabels { row: 3, .. }),
            "{error}"
        );
    }

    #[test]
    fn the_reference_split_is_found_by_content_not_by_name() {
        let iris = iris();
        assert_eq!(iris.reference_split().unwrap().test.len(), 30);
        let petals = iris
            .with_features(&["petal length (cm)", "petal width (cm)"])
            .unwrap();
        assert_eq!(
            petals.reference_split().unwrap(),
            iris.reference_split().unwrap()
        );
        let mut renamed = wine();
        renamed.name = "my_wine".into();
        assert_eq!(renamed.reference_split().unwrap().train.len(), 142);
        // A learner's own 150-row iris.csv with other numbers, and a shuffled copy.
        let mut own = iris.clone();
        own.features[[7, 1]] += 0.1;
        let order: Vec<usize> = (0..150).rev().collect();
        let shuffled = iris.select(&order).unwrap();
        let subset = iris.select(&(0..120).collect::<Vec<_>>()).unwrap();
        for data in [own, shuffled, subset] {
            let error = data.reference_split().unwrap_err();
            assert!(
                matches!(error, DataError::NotTheBundledRows { what: "split", .. }),
                "{error:?}"
            );
            assert!(error.to_string().contains("train_test_split"), "{error}");
            assert!(data.reference_folds().is_err());
        }
    }

    #[test]
    fn select_with_targets_of_another_length_is_an_error() {
        let mut data = iris();
        data.targets = Array1::zeros(149);
        let error = data.select(&[0, 1]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "iris has 150 rows of features but 149 targets: one target per row is needed"
        );
        assert!(
            data.split(&Split {
                train: vec![0],
                test: vec![1]
            })
            .is_err()
        );
    }

    #[test]
    fn a_huge_target_is_not_a_class_label() {
        let mut data = iris();
        data.targets[4] = 1e12;
        let error = data.class_labels().unwrap_err();
        assert!(
            matches!(error, DataError::NotClassLabels { row: 4, .. }),
            "{error}"
        );
    }

    #[test]
    fn select_rejects_rows_out_of_range() {
        assert!(iris().select(&[0, 150]).is_err());
        assert_eq!(
            iris().select(&[149, 0]).unwrap().targets,
            ndarray::array![2.0, 0.0]
        );
    }

    #[test]
    fn with_features_picks_named_columns() {
        let petals = iris()
            .with_features(&["petal length (cm)", "petal width (cm)"])
            .unwrap();
        assert_eq!(petals.features.row(0), ndarray::array![1.4, 0.2]);
        assert!(iris().with_features(&["petal colour"]).is_err());
    }
}
