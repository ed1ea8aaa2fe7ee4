//! Reference solution of the `adjusted_rand_index` exercise.

use ndarray::{Array2, ArrayView1, Zip};

use crate::types::clustering::{ClusteringError, renumber_labels};

pub fn contingency_table(
    truth: ArrayView1<usize>,
    predicted: ArrayView1<usize>,
) -> Result<Array2<usize>, ClusteringError> {
    if truth.is_empty() {
        return Err(ClusteringError::Empty);
    }
    if predicted.len() != truth.len() {
        return Err(ClusteringError::LengthMismatch {
            what: "predicted labels",
            expected: truth.len(),
            got: predicted.len(),
        });
    }
    let (rows, n_rows) = renumber_labels(truth);
    let (columns, n_columns) = renumber_labels(predicted);
    let mut table = Array2::zeros((n_rows, n_columns));
    Zip::from(&rows)
        .and(&columns)
        .for_each(|&r, &c| table[[r, c]] += 1);
    Ok(table)
}

/// The pair counts behind both indices, as f64: (Σᵢⱼ C(nᵢⱼ, 2), Σᵢ C(aᵢ, 2), Σⱼ C(bⱼ, 2), C(n, 2)).
fn pair_counts(table: &Array2<usize>) -> (f64, f64, f64, f64) {
    let pairs = |m: usize| (m * m.saturating_sub(1) / 2) as f64;
    let together_in_both = table.iter().map(|&m| pairs(m)).sum();
    let together_in_truth = table.rows().into_iter().map(|r| pairs(r.sum())).sum();
    let together_in_predicted = table.columns().into_iter().map(|c| pairs(c.sum())).sum();
    (
        together_in_both,
        together_in_truth,
        together_in_predicted,
        pairs(table.sum()),
    )
}

pub fn rand_index(
    truth: ArrayView1<usize>,
    predicted: ArrayView1<usize>,
) -> Result<f64, ClusteringError> {
    let (both, a, b, all) = pair_counts(&contingency_table(truth, predicted)?);
    if all == 0.0 {
        return Ok(1.0);
    }
    // Pairs together in both, plus pairs apart in both (all − a − b + both).
    Ok((all - a - b + 2.0 * both) / all)
}

pub fn adjusted_rand_index(
    truth: ArrayView1<usize>,
    predicted: ArrayView1<usize>,
) -> Result<f64, ClusteringError> {
    let (both, a, b, all) = pair_counts(&contingency_table(truth, predicted)?);
    let expected = if all > 0.0 { a * b / all } else { 0.0 };
    let maximum = (a + b) / 2.0;
    if maximum == expected {
        return Ok(1.0);
    }
    Ok((both - expected) / (maximum - expected))
}
