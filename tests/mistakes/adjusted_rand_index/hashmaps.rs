//! A learner's Rand indices from HashMaps of counts, pair counts in u64.

use std::collections::{BTreeMap, HashMap};

use mlings::types::clustering::ClusteringError;
use ndarray::{Array2, ArrayView1};

fn check(truth: ArrayView1<usize>, predicted: ArrayView1<usize>) -> Result<(), ClusteringError> {
    if truth.is_empty() {
        return Err(ClusteringError::Empty);
    }
    if truth.len() != predicted.len() {
        return Err(ClusteringError::LengthMismatch {
            what: "predicted labels",
            expected: truth.len(),
            got: predicted.len(),
        });
    }
    Ok(())
}

pub fn contingency_table(
    truth: ArrayView1<usize>,
    predicted: ArrayView1<usize>,
) -> Result<Array2<usize>, ClusteringError> {
    check(truth, predicted)?;
    let index = |labels: ArrayView1<usize>| -> BTreeMap<usize, usize> {
        let mut map: BTreeMap<usize, usize> = labels.iter().map(|&l| (l, 0)).collect();
        for (i, v) in map.values_mut().enumerate() {
            *v = i;
        }
        map
    };
    let (rows, columns) = (index(truth), index(predicted));
    let mut table = Array2::zeros((rows.len(), columns.len()));
    for (t, p) in truth.iter().zip(predicted.iter()) {
        table[[rows[t], columns[p]]] += 1;
    }
    Ok(table)
}

fn pairs(m: u64) -> u64 {
    if m < 2 { 0 } else { m * (m - 1) / 2 }
}

/// (together in both, together in truth, together in predicted, all pairs), in u64.
fn sums(truth: ArrayView1<usize>, predicted: ArrayView1<usize>) -> (u64, u64, u64, u64) {
    let mut cells: HashMap<(usize, usize), u64> = HashMap::new();
    let mut in_truth: HashMap<usize, u64> = HashMap::new();
    let mut in_predicted: HashMap<usize, u64> = HashMap::new();
    for (&t, &p) in truth.iter().zip(predicted.iter()) {
        *cells.entry((t, p)).or_default() += 1;
        *in_truth.entry(t).or_default() += 1;
        *in_predicted.entry(p).or_default() += 1;
    }
    (
        cells.values().map(|&m| pairs(m)).sum(),
        in_truth.values().map(|&m| pairs(m)).sum(),
        in_predicted.values().map(|&m| pairs(m)).sum(),
        pairs(truth.len() as u64),
    )
}

pub fn rand_index(
    truth: ArrayView1<usize>,
    predicted: ArrayView1<usize>,
) -> Result<f64, ClusteringError> {
    check(truth, predicted)?;
    let (both, a, b, n) = sums(truth, predicted);
    if n == 0 {
        return Ok(1.0);
    }
    let agree = both + (n + both - a - b);
    Ok(agree as f64 / n as f64)
}

pub fn adjusted_rand_index(
    truth: ArrayView1<usize>,
    predicted: ArrayView1<usize>,
) -> Result<f64, ClusteringError> {
    check(truth, predicted)?;
    let (both, a, b, n) = sums(truth, predicted);
    let (both, a, b, n) = (both as f64, a as f64, b as f64, n as f64);
    let expected = if n == 0.0 { 0.0 } else { a * b / n };
    let maximum = 0.5 * (a + b);
    if maximum == expected {
        Ok(1.0)
    } else {
        Ok((both - expected) / (maximum - expected))
    }
}
