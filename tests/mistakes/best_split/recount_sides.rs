//! A correct best_split written another way: indices sorted by value, class-count
//! tables moved one sample at a time, each candidate scored with the course's
//! `impurity_decrease`.

use mlings::reference::impurity::impurity_decrease;
use mlings::types::best_split::{Split, SplitError};
use mlings::types::impurity::Criterion;
use ndarray::ArrayView1;

pub fn best_split(
    x: ArrayView1<f64>,
    y: ArrayView1<usize>,
    n_classes: usize,
    criterion: Criterion,
    min_samples_leaf: usize,
) -> Result<Option<Split>, SplitError> {
    if x.len() != y.len() {
        return Err(SplitError::LengthMismatch {
            values: x.len(),
            targets: y.len(),
        });
    }
    for (index, &value) in x.iter().enumerate() {
        if !value.is_finite() {
            return Err(SplitError::NonFinite {
                what: "feature value",
                index,
                value,
            });
        }
    }
    for (index, &label) in y.iter().enumerate() {
        if label >= n_classes {
            return Err(SplitError::LabelOutOfRange {
                index,
                label,
                n_classes,
            });
        }
    }
    let n = x.len();
    let leaf = min_samples_leaf.max(1);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut left = vec![0usize; n_classes];
    let mut right = vec![0usize; n_classes];
    for &label in y.iter() {
        right[label] += 1;
    }
    let mut best: Option<Split> = None;
    for i in 0..n.saturating_sub(1) {
        let label = y[order[i]];
        left[label] += 1;
        right[label] -= 1;
        let (a, b) = (x[order[i]], x[order[i + 1]]);
        let n_left = i + 1;
        if a == b || n_left < leaf || n - n_left < leaf {
            continue;
        }
        let decrease = impurity_decrease(&left, &right, criterion).expect("both sides hold samples");
        if best.is_none_or(|s| decrease > s.impurity_decrease) {
            let mid = a + (b - a) / 2.0;
            best = Some(Split {
                threshold: if mid < b { mid } else { a },
                impurity_decrease: decrease,
                n_left,
                n_right: n - n_left,
            });
        }
    }
    Ok(best)
}
