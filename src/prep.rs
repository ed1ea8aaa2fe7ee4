//! Data preparation shared by the exercises: a seeded train/test split and
//! standardization that is fit on training data only.

mod holdout;

pub use holdout::{LabelledSplit, StandardizedSplit};

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rand::seq::SliceRandom;
use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::SeedableRng;

use crate::datasets::{DataError, Dataset, Folds, Split};
use crate::types::labels::class_count;

/// The course's random generator: small, fast, and the same numbers on every platform
/// for the same seed. Every random choice in mlings takes a seed and goes through this.
pub type Rng = Xoshiro256PlusPlus;

/// A generator seeded with `seed`.
pub fn rng(seed: u64) -> Rng {
    Rng::seed_from_u64(seed)
}

/// Shuffles the row indices `0..n_samples` with `seed` and holds out `test_fraction` of them.
///
/// With `stratify_by` (one class label per row), every class is split in the same
/// proportion, so a rare class cannot vanish from the test set.
pub fn train_test_split(
    n_samples: usize,
    test_fraction: f64,
    seed: u64,
    stratify_by: Option<ArrayView1<usize>>,
) -> Result<Split, DataError> {
    if !(test_fraction > 0.0 && test_fraction < 1.0) {
        return Err(DataError::Invalid {
            what: "test_fraction",
            why: format!("{test_fraction} is not strictly between 0 and 1"),
        });
    }
    let mut rng = rng(seed);
    let groups: Vec<Vec<usize>> = match stratify_by {
        None => vec![(0..n_samples).collect()],
        Some(labels) => {
            if labels.len() != n_samples {
                return Err(DataError::Shape {
                    what: "stratify_by".into(),
                    expected: format!("{n_samples} labels"),
                    got: format!("{} labels", labels.len()),
                });
            }
            let n_classes = class_count(labels).map_err(|source| DataError::NotAClassIndex {
                what: "train_test_split stratify_by".into(),
                source,
            })?;
            let mut groups = vec![Vec::new(); n_classes];
            labels
                .iter()
                .enumerate()
                .for_each(|(row, &c)| groups[c].push(row));
            groups
        }
    };
    let mut split = Split {
        train: Vec::new(),
        test: Vec::new(),
    };
    for mut rows in groups {
        rows.shuffle(&mut rng);
        let n_test = (rows.len() as f64 * test_fraction).round() as usize;
        split.test.extend_from_slice(&rows[..n_test]);
        split.train.extend_from_slice(&rows[n_test..]);
    }
    if split.train.is_empty() || split.test.is_empty() {
        return Err(DataError::Invalid {
            what: "train_test_split",
            why: format!("{n_samples} rows with test_fraction {test_fraction} leave a side empty"),
        });
    }
    split.train.sort_unstable();
    split.test.sort_unstable();
    Ok(split)
}

/// The rows of `data` in a seeded random order, with `folds` renumbered so that every
/// fold still holds the same samples (each fold's new row numbers ascending).
///
/// For code that takes "the first m rows" (learning curves): bundled datasets can be
/// sorted by class, and the first rows of iris are all setosa.
pub fn shuffle_rows(
    data: &Dataset,
    folds: &Folds,
    seed: u64,
) -> Result<(Dataset, Folds), DataError> {
    if folds.n_samples != data.n_samples() {
        return Err(DataError::Shape {
            what: "shuffle_rows folds".into(),
            expected: format!("folds of {} rows", data.n_samples()),
            got: format!("folds of {} rows", folds.n_samples),
        });
    }
    let mut order: Vec<usize> = (0..data.n_samples()).collect();
    order.shuffle(&mut rng(seed));
    let mut new_position = vec![0; order.len()];
    order
        .iter()
        .enumerate()
        .for_each(|(new, &old)| new_position[old] = new);
    let renumbered = folds
        .folds
        .iter()
        .map(|fold| {
            fold.iter()
                .map(|&row| {
                    new_position
                        .get(row)
                        .copied()
                        .ok_or(DataError::RowOutOfRange {
                            dataset: data.name.clone(),
                            index: row,
                            rows: data.n_samples(),
                        })
                })
                .collect::<Result<Vec<usize>, DataError>>()
                .map(|mut rows| {
                    rows.sort_unstable();
                    rows
                })
        })
        .collect::<Result<_, _>>()?;
    let folds = Folds {
        folds: renumbered,
        n_samples: folds.n_samples,
    };
    Ok((data.select(&order)?, folds))
}

/// Standardization (z-scores): subtract each column's mean, divide by its standard
/// deviation, both learned from the training rows only.
///
/// Fitting on all rows would leak the test set's statistics into training. A constant
/// column (all values equal, compared exactly) gets scale 1 (it becomes all zeros), like
/// scikit-learn's `StandardScaler`.
#[derive(Debug, Clone, PartialEq)]
pub struct StandardScaler {
    pub mean: Array1<f64>,
    /// Population standard deviation of each column (1 where it is 0).
    pub scale: Array1<f64>,
}

impl StandardScaler {
    /// Learns each column's mean and standard deviation.
    pub fn fit(x: ArrayView2<f64>) -> Result<Self, DataError> {
        let mean = x.mean_axis(Axis(0)).ok_or_else(|| DataError::Invalid {
            what: "StandardScaler::fit input",
            why: "no rows to learn a mean from".into(),
        })?;
        // A column is constant when all its values are equal, compared exactly (the course's
        // one definition): the computed spread of [0.1, 0.1, 0.1] is 1e-17, not 0, and
        // dividing by it would blow round-off up into z-scores of ±1.
        let spreads = x.std_axis(Axis(0), 0.0);
        let scale = Array1::from_iter(x.axis_iter(Axis(1)).zip(&spreads).map(|(column, &s)| {
            if column.iter().all(|&v| v == column[0]) {
                1.0
            } else {
                s
            }
        }));
        Ok(Self { mean, scale })
    }

    /// Applies the learned shift and scale to `x`.
    pub fn transform(&self, x: ArrayView2<f64>) -> Result<Array2<f64>, DataError> {
        if x.ncols() != self.mean.len() {
            return Err(DataError::Shape {
                what: "StandardScaler::transform input".into(),
                expected: format!("(_, {}) as in fit", self.mean.len()),
                got: format!("{:?}", x.dim()),
            });
        }
        Ok((&x - &self.mean) / &self.scale)
    }

    /// Fits on `x` and transforms it.
    pub fn fit_transform(x: ArrayView2<f64>) -> Result<(Self, Array2<f64>), DataError> {
        let scaler = Self::fit(x)?;
        let z = scaler.transform(x)?;
        Ok((scaler, z))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn split_is_seeded_and_partitions() {
        let a = train_test_split(10, 0.3, 7, None).unwrap();
        assert_eq!(a, train_test_split(10, 0.3, 7, None).unwrap());
        assert_ne!(a, train_test_split(10, 0.3, 8, None).unwrap());
        assert_eq!((a.train.len(), a.test.len()), (7, 3));
    }

    #[test]
    fn stratified_split_keeps_class_shares() {
        let labels = Array1::from_iter((0..100).map(|i| usize::from(i >= 80)));
        let split = train_test_split(100, 0.25, 1, Some(labels.view())).unwrap();
        let rare_in_test = split.test.iter().filter(|&&r| labels[r] == 1).count();
        assert_eq!(rare_in_test, 5);
    }

    #[test]
    fn a_label_that_is_not_a_class_index_is_an_error_not_an_allocation() {
        let labels = ndarray::array![0, 1, 1 << 40, 0];
        let error = train_test_split(4, 0.5, 0, Some(labels.view())).unwrap_err();
        assert!(
            matches!(&error, DataError::NotAClassIndex { source, .. } if source.row == 2),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(
            message.starts_with("train_test_split stratify_by: label 1099511627776 in row 2"),
            "{message}"
        );
    }

    #[test]
    fn bad_fraction_is_an_error() {
        assert!(train_test_split(10, 1.0, 0, None).is_err());
        assert!(train_test_split(10, f64::NAN, 0, None).is_err());
    }

    #[test]
    fn shuffled_rows_keep_their_folds() {
        let data = crate::datasets::iris();
        let folds = data.reference_folds().unwrap();
        let (shuffled, renumbered) = shuffle_rows(&data, &folds, 3).unwrap();
        assert_ne!(shuffled.targets, data.targets);
        for (old, new) in folds.folds.iter().zip(&renumbered.folds) {
            let mut a: Vec<f64> = old.iter().map(|&r| data.features[(r, 0)]).collect();
            let mut b: Vec<f64> = new.iter().map(|&r| shuffled.features[(r, 0)]).collect();
            a.sort_by(f64::total_cmp);
            b.sort_by(f64::total_cmp);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn a_column_of_equal_non_integer_values_is_constant() {
        let train = array![[1.0, 0.1], [2.0, 0.1], [3.0, 0.1]];
        let scaler = StandardScaler::fit(train.view()).unwrap();
        assert_eq!(scaler.scale[1], 1.0);
        let z = scaler.transform(train.view()).unwrap();
        assert!(z.column(1).iter().all(|v| v.abs() < 1e-15), "{z}");
    }

    #[test]
    fn scaler_uses_train_statistics() {
        let train = array![[1.0, 5.0], [3.0, 5.0]];
        let scaler = StandardScaler::fit(train.view()).unwrap();
        assert_eq!(scaler.mean, array![2.0, 5.0]);
        assert_eq!(scaler.scale, array![1.0, 1.0]);
        let test = scaler.transform(array![[4.0, 6.0]].view()).unwrap();
        assert_eq!(test, array![[2.0, 1.0]]);
        let message = scaler
            .transform(array![[1.0, 2.0, 3.0]].view())
            .unwrap_err()
            .to_string();
        assert!(message.contains("(1, 3)"), "{message}");
    }
}
