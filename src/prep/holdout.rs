//! A dataset's reference train/test split, with class labels, or standardized on the
//! training rows: the starting point of most graders and examples.

use ndarray::{Array1, Array2};

use super::StandardScaler;
use crate::datasets::{DataError, Dataset, class_labels_of};

/// The train and test parts of a dataset, with features standardized by a scaler fitted
/// on the training rows only (so nothing about the test rows leaks into training).
#[derive(Debug, Clone, PartialEq)]
pub struct StandardizedSplit {
    pub x_train: Array2<f64>,
    pub y_train: Array1<f64>,
    pub x_test: Array2<f64>,
    pub y_test: Array1<f64>,
    /// The scaler, fitted on the training rows.
    pub scaler: StandardScaler,
}

impl StandardizedSplit {
    /// The bundled reference split of `dataset` (the rows behind the scikit-learn figures
    /// in `datasets/README.md`), standardized on its training rows.
    pub fn reference(dataset: &Dataset) -> Result<Self, DataError> {
        let (train, test) = dataset.split(&dataset.reference_split()?)?;
        let (scaler, x_train) = StandardScaler::fit_transform(train.features.view())?;
        let x_test = scaler.transform(test.features.view())?;
        Ok(StandardizedSplit {
            x_train,
            y_train: train.targets,
            x_test,
            y_test: test.targets,
            scaler,
        })
    }

    /// The targets as class labels 0, 1, ... (train, test); an error if a target is not one.
    pub fn class_labels(&self) -> Result<(Array1<usize>, Array1<usize>), DataError> {
        Ok((
            class_labels_of("the training targets", self.y_train.view())?,
            class_labels_of("the test targets", self.y_test.view())?,
        ))
    }
}

/// The train and test parts of a classification dataset under its reference split, with
/// their class labels (raw features: trees need no standardization).
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledSplit {
    pub train: Dataset,
    pub test: Dataset,
    pub y_train: Array1<usize>,
    pub y_test: Array1<usize>,
}

impl LabelledSplit {
    /// The bundled reference split of `dataset` (the rows behind the scikit-learn figures
    /// in `datasets/README.md`); an error if its targets are not class labels.
    pub fn reference(dataset: &Dataset) -> Result<Self, DataError> {
        let (train, test) = dataset.split(&dataset.reference_split()?)?;
        Ok(LabelledSplit {
            y_train: train.class_labels()?,
            y_test: test.class_labels()?,
            train,
            test,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Axis;

    #[test]
    fn labelled_split_keeps_raw_features_and_labels() {
        let split = LabelledSplit::reference(&crate::datasets::iris()).unwrap();
        assert_eq!((split.y_train.len(), split.y_test.len()), (120, 30));
        assert_eq!(split.train.n_features(), 4);
        assert!(LabelledSplit::reference(&crate::datasets::diabetes()).is_ok());
        let mut odd = crate::datasets::iris();
        odd.targets[0] = 0.5;
        assert!(LabelledSplit::reference(&odd).is_err());
    }

    #[test]
    fn train_columns_are_standardized_and_test_rows_follow() {
        let split = StandardizedSplit::reference(&crate::datasets::diabetes()).unwrap();
        assert_eq!((split.x_train.nrows(), split.x_test.nrows()), (353, 89));
        let means = split.x_train.mean_axis(Axis(0)).unwrap();
        assert!(means.iter().all(|m| m.abs() < 1e-12));
        let (train, test) = StandardizedSplit::reference(&crate::datasets::breast_cancer())
            .unwrap()
            .class_labels()
            .unwrap();
        assert_eq!((train.len(), test.len()), (455, 114));
    }
}
