//! Reference solution of the `cross_validation` exercise.

use ndarray::{Array2, ArrayView1, ArrayView2, Axis};
use rand::seq::SliceRandom;

use crate::prep::{StandardScaler, rng};
use crate::types::cross_validation::{CvError, CvScores, CvSettings, FoldScore, Folds, check_rows};
use crate::types::labels::class_count;
use crate::types::model::{Model, class_labels};

fn check_k(n_samples: usize, k: usize) -> Result<(), CvError> {
    if k < 2 || k > n_samples {
        return Err(CvError::InvalidK { k, n_samples });
    }
    Ok(())
}

pub fn k_fold(n_samples: usize, k: usize, shuffle_seed: Option<u64>) -> Result<Folds, CvError> {
    check_k(n_samples, k)?;
    let mut order: Vec<usize> = (0..n_samples).collect();
    if let Some(seed) = shuffle_seed {
        order.shuffle(&mut rng(seed));
    }
    let mut rest = order.as_slice();
    let folds = (0..k)
        .map(|fold| {
            let size = n_samples / k + usize::from(fold < n_samples % k);
            let (this, next) = rest.split_at(size);
            rest = next;
            let mut rows = this.to_vec();
            rows.sort_unstable();
            rows
        })
        .collect();
    Ok(Folds { folds, n_samples })
}

pub fn stratified_k_fold(
    y: ArrayView1<f64>,
    k: usize,
    shuffle_seed: Option<u64>,
) -> Result<Folds, CvError> {
    let labels = class_labels(y)?;
    let n_classes = class_count(labels.view())?;
    check_k(labels.len(), k)?;

    // Deal the sorted labels to the folds like cards: quota[f][c] rows of class c go to fold f.
    let mut sorted = labels.to_vec();
    sorted.sort_unstable();
    let mut quota = vec![vec![0usize; n_classes]; k];
    sorted
        .iter()
        .enumerate()
        .for_each(|(position, &class)| quota[position % k][class] += 1);

    let mut rng = shuffle_seed.map(rng);
    let mut fold_of_row = vec![0usize; labels.len()];
    for class in 0..n_classes {
        let mut fold_per_member: Vec<usize> = quota
            .iter()
            .enumerate()
            .flat_map(|(fold, counts)| std::iter::repeat_n(fold, counts[class]))
            .collect();
        if let Some(rng) = rng.as_mut() {
            fold_per_member.shuffle(rng);
        }
        let members = labels.iter().enumerate().filter(|&(_, &c)| c == class);
        for ((row, _), fold) in members.zip(fold_per_member) {
            fold_of_row[row] = fold;
        }
    }

    let mut folds = vec![Vec::new(); k];
    fold_of_row
        .iter()
        .enumerate()
        .for_each(|(row, &fold)| folds[fold].push(row));
    Ok(Folds {
        folds,
        n_samples: labels.len(),
    })
}

pub fn fit_and_score(
    model: &dyn Model,
    x_train: ArrayView2<f64>,
    y_train: ArrayView1<f64>,
    x_validation: ArrayView2<f64>,
    y_validation: ArrayView1<f64>,
    settings: &CvSettings,
) -> Result<FoldScore, CvError> {
    let (x_train, x_validation): (Array2<f64>, Array2<f64>) = if settings.standardize {
        let scaler = StandardScaler::fit(x_train)?;
        (scaler.transform(x_train)?, scaler.transform(x_validation)?)
    } else {
        (x_train.to_owned(), x_validation.to_owned())
    };
    let fitted = model.fit(x_train.view(), y_train)?;
    let score = |x: &Array2<f64>, y: ArrayView1<f64>| -> Result<f64, CvError> {
        let predicted = fitted.predict(x.view())?;
        Ok(settings.scoring.score(y, predicted.view())?)
    };
    Ok(FoldScore {
        train: score(&x_train, y_train)?,
        validation: score(&x_validation, y_validation)?,
    })
}

pub fn cross_validate(
    model: &dyn Model,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    folds: &Folds,
    settings: &CvSettings,
) -> Result<CvScores, CvError> {
    check_rows(x, y, folds)?;
    let folds = (0..folds.len())
        .map(|k| {
            let round = folds.round(k)?;
            fit_and_score(
                model,
                x.select(Axis(0), &round.train).view(),
                y.select(Axis(0), &round.train).view(),
                x.select(Axis(0), &round.test).view(),
                y.select(Axis(0), &round.test).view(),
                settings,
            )
        })
        .collect::<Result<_, _>>()?;
    Ok(CvScores { folds })
}
