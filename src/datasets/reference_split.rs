//! The exact train/test rows and cross-validation folds behind the published
//! scikit-learn figures (`datasets/splits/*.csv`).

use super::csv_loader::read_text_table;
use super::{Bundled, DataError};
use crate::types::cross_validation::CvError;

/// Row indices (0-based, in file order) of a train/test split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub train: Vec<usize>,
    pub test: Vec<usize>,
}

/// Cross-validation folds: `folds[k]` holds the rows tested in round `k`; every row is
/// in exactly one fold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folds {
    pub folds: Vec<Vec<usize>>,
    /// Total number of rows.
    pub n_samples: usize,
}

impl Folds {
    /// Number of folds.
    pub fn len(&self) -> usize {
        self.folds.len()
    }

    /// True when there are no folds.
    pub fn is_empty(&self) -> bool {
        self.folds.is_empty()
    }

    /// The split of round `k`: fold `k` is the test set, the other folds train (both
    /// ascending if the fold is). `CvError::NoSuchRound` unless `k < self.len()`;
    /// `CvError::RowOutOfRange` if fold `k` lists a row outside `0..n_samples`.
    pub fn round(&self, k: usize) -> Result<Split, CvError> {
        let test = self.folds.get(k).ok_or(CvError::NoSuchRound {
            round: k,
            folds: self.len(),
        })?;
        let mut in_test = vec![false; self.n_samples];
        for &row in test {
            *in_test.get_mut(row).ok_or(CvError::RowOutOfRange {
                fold: k,
                row,
                n_samples: self.n_samples,
            })? = true;
        }
        let train = (0..self.n_samples).filter(|&r| !in_test[r]).collect();
        Ok(Split {
            train,
            test: test.clone(),
        })
    }
}

fn splits_file(b: &Bundled) -> String {
    b.file.replace("datasets/", "datasets/splits/")
}

/// Reads one column of a splits file as text, with the row index in the first column.
fn column(b: &Bundled, wanted: &'static str) -> Result<Vec<(usize, String)>, DataError> {
    let file = splits_file(b);
    let (header, rows) = read_text_table(&file, b.splits.as_bytes())?;
    let index = header
        .iter()
        .position(|h| h == wanted)
        .ok_or(DataError::NoReferenceSplit {
            dataset: b.name.to_string(),
            what: wanted,
        })?;
    rows.into_iter()
        .map(|(line, fields)| {
            let row = fields[0].parse().map_err(|_| DataError::NotANumber {
                file: file.clone(),
                line,
                column: 1,
                column_name: header[0].clone(),
                text: fields[0].clone(),
            })?;
            Ok((row, fields[index].clone()))
        })
        .collect()
}

pub(super) fn holdout(b: &Bundled) -> Result<Split, DataError> {
    let mut split = Split {
        train: Vec::new(),
        test: Vec::new(),
    };
    for (row, part) in column(b, "holdout")? {
        match part.as_str() {
            "train" => split.train.push(row),
            "test" => split.test.push(row),
            other => {
                return Err(DataError::Invalid {
                    what: "holdout label",
                    why: format!(
                        "{}: row {row} is {other:?}, not train or test",
                        splits_file(b)
                    ),
                });
            }
        }
    }
    Ok(split)
}

pub(super) fn folds(b: &Bundled) -> Result<Folds, DataError> {
    let assignment = column(b, "cv5_fold")?;
    let mut folds: Vec<Vec<usize>> = Vec::new();
    for (row, fold) in &assignment {
        let k: usize = fold.parse().map_err(|_| DataError::Invalid {
            what: "fold number",
            why: format!("{}: row {row} has fold {fold:?}", splits_file(b)),
        })?;
        if folds.len() <= k {
            folds.resize(k + 1, Vec::new());
        }
        folds[k].push(*row);
    }
    Ok(Folds {
        folds,
        n_samples: assignment.len(),
    })
}

#[cfg(test)]
mod tests {
    use crate::datasets::{breast_cancer, diabetes, iris, wine};

    #[test]
    fn holdout_sizes_match_scikit_learn() {
        for (data, train, test) in [
            (iris(), 120, 30),
            (wine(), 142, 36),
            (breast_cancer(), 455, 114),
            (diabetes(), 353, 89),
        ] {
            let split = data.reference_split().unwrap();
            assert_eq!(
                (split.train.len(), split.test.len()),
                (train, test),
                "{}",
                data.name
            );
            let mut all: Vec<usize> = split.train.iter().chain(&split.test).copied().collect();
            all.sort_unstable();
            assert_eq!(all, (0..data.n_samples()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn five_folds_partition_the_rows() {
        let folds = iris().reference_folds().unwrap();
        assert_eq!(folds.len(), 5);
        assert!(folds.folds.iter().all(|f| f.len() == 30));
        let round = folds.round(2).unwrap();
        assert_eq!((round.train.len(), round.test.len()), (120, 30));
        assert!(round.test.iter().all(|r| !round.train.contains(r)));
    }

    #[test]
    fn a_round_out_of_range_is_an_error() {
        use super::Folds;
        use crate::types::cross_validation::CvError;
        let folds = Folds {
            folds: vec![vec![0], vec![1, 5]],
            n_samples: 3,
        };
        assert_eq!(
            folds.round(2),
            Err(CvError::NoSuchRound { round: 2, folds: 2 })
        );
        assert_eq!(
            folds.round(1),
            Err(CvError::RowOutOfRange {
                fold: 1,
                row: 5,
                n_samples: 3
            })
        );
    }

    #[test]
    fn diabetes_has_no_folds() {
        assert!(diabetes().reference_folds().is_err());
    }
}
