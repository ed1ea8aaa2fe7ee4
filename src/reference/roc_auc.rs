//! Reference solution of the `roc_auc` exercise.

use std::cmp::Ordering;

use ndarray::{Array1, ArrayView1, Zip};

use crate::types::roc_auc::{RecallThreshold, RocCurve, RocError};

pub fn average_ranks(scores: ArrayView1<f64>) -> Result<Array1<f64>, RocError> {
    if let Some(index) = scores.iter().position(|s| !s.is_finite()) {
        return Err(RocError::NotFinite {
            index,
            value: scores[index],
        });
    }
    let order = sorted_pairs(scores, Ordering::Less);
    let mut ranks = Array1::zeros(scores.len());
    let mut start = 0;
    while start < order.len() {
        let value = order[start].0;
        let end = start
            + order[start..]
                .iter()
                .take_while(|&&(s, _)| s == value)
                .count();
        // Positions start..end hold ranks start + 1 ..= end: their mean.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &(_, i) in &order[start..end] {
            ranks[i] = rank;
        }
        start = end;
    }
    Ok(ranks)
}

pub fn roc_curve(y_true: ArrayView1<usize>, scores: ArrayView1<f64>) -> Result<RocCurve, RocError> {
    let (p, n) = check(y_true, scores, true)?;
    let steps = steps(y_true, scores);
    let point = |f: &dyn Fn(&Step) -> f64, first: f64| -> Array1<f64> {
        std::iter::once(first).chain(steps.iter().map(f)).collect()
    };
    Ok(RocCurve {
        fpr: point(&|s| s.fp as f64 / n as f64, 0.0),
        tpr: point(&|s| s.tp as f64 / p as f64, 0.0),
        thresholds: point(&|s| s.threshold, f64::INFINITY),
    })
}

pub fn roc_auc(y_true: ArrayView1<usize>, scores: ArrayView1<f64>) -> Result<f64, RocError> {
    let curve = roc_curve(y_true, scores)?;
    let (x, y) = (curve.fpr.view(), curve.tpr.view());
    let k = x.len();
    let (dx, y_sum) = (
        &x.slice(ndarray::s![1..]) - &x.slice(ndarray::s![..k - 1]),
        &y.slice(ndarray::s![1..]) + &y.slice(ndarray::s![..k - 1]),
    );
    Ok(dx.dot(&y_sum) / 2.0)
}

pub fn rank_auc(y_true: ArrayView1<usize>, scores: ArrayView1<f64>) -> Result<f64, RocError> {
    let (p, n) = check(y_true, scores, true)?;
    let ranks = average_ranks(scores)?;
    let positive_ranks =
        Zip::from(&ranks).and(&y_true).fold(
            0.0,
            |sum, &rank, &label| if label == 1 { sum + rank } else { sum },
        );
    let (p, n) = (p as f64, n as f64);
    Ok((positive_ranks - p * (p + 1.0) / 2.0) / (p * n))
}

pub fn average_precision(
    y_true: ArrayView1<usize>,
    scores: ArrayView1<f64>,
) -> Result<f64, RocError> {
    let (p, _) = check(y_true, scores, false)?;
    let mut previous_tp = 0;
    let mut ap = 0.0;
    for step in steps(y_true, scores) {
        let precision = step.tp as f64 / (step.tp + step.fp) as f64;
        ap += (step.tp - previous_tp) as f64 / p as f64 * precision;
        previous_tp = step.tp;
    }
    Ok(ap)
}

pub fn threshold_for_recall(
    y_true: ArrayView1<usize>,
    scores: ArrayView1<f64>,
    target_recall: f64,
) -> Result<RecallThreshold, RocError> {
    if !(target_recall > 0.0 && target_recall <= 1.0) {
        return Err(RocError::InvalidRecall {
            target: target_recall,
        });
    }
    let (p, _) = check(y_true, scores, false)?;
    let chosen = steps(y_true, scores)
        .into_iter()
        .map(|step| RecallThreshold {
            threshold: step.threshold,
            recall: step.tp as f64 / p as f64,
            precision: step.tp as f64 / (step.tp + step.fp) as f64,
        })
        .find(|choice| choice.recall >= target_recall);
    // The last step has recall P / P = 1 ≥ any valid target.
    Ok(chosen.expect("the lowest threshold reaches recall 1"))
}

/// One threshold: the positives and negatives among the rows with score ≥ it.
struct Step {
    threshold: f64,
    tp: usize,
    fp: usize,
}

/// The (score, row index) pairs sorted by score, ascending (`Less`) or descending
/// (`Greater`). The scores are finite. (Sorting the pairs keeps what each comparison
/// needs together in memory: several times faster than sorting indices.)
fn sorted_pairs(scores: ArrayView1<f64>, first: Ordering) -> Vec<(f64, usize)> {
    let mut pairs: Vec<(f64, usize)> = scores.iter().copied().zip(0..).collect();
    pairs.sort_unstable_by(|a, b| {
        let ascending = a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal);
        if first == Ordering::Less {
            ascending
        } else {
            ascending.reverse()
        }
    });
    pairs
}

/// One step per distinct score, from the largest down: tied rows enter together.
fn steps(y_true: ArrayView1<usize>, scores: ArrayView1<f64>) -> Vec<Step> {
    let mut rows: Vec<(f64, usize)> = scores.iter().copied().zip(y_true.iter().copied()).collect();
    // Largest score first (the scores are finite).
    rows.sort_unstable_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(Ordering::Equal));
    let mut steps: Vec<Step> = Vec::new();
    let (mut tp, mut fp) = (0, 0);
    for (k, &(score, label)) in rows.iter().enumerate() {
        if label == 1 {
            tp += 1;
        } else {
            fp += 1;
        }
        let last_of_tie = rows.get(k + 1).is_none_or(|next| next.0 != score);
        if last_of_tie {
            steps.push(Step {
                threshold: score,
                tp,
                fp,
            });
        }
    }
    steps
}

/// The documented checks; returns (P, N), the numbers of positives and negatives.
fn check(
    y_true: ArrayView1<usize>,
    scores: ArrayView1<f64>,
    needs_negatives: bool,
) -> Result<(usize, usize), RocError> {
    if y_true.len() != scores.len() {
        return Err(RocError::LengthMismatch {
            labels: y_true.len(),
            scores: scores.len(),
        });
    }
    if y_true.is_empty() {
        return Err(RocError::Empty);
    }
    for (index, (&label, &value)) in y_true.iter().zip(&scores).enumerate() {
        if label > 1 {
            return Err(RocError::NotBinary { index, label });
        }
        if !value.is_finite() {
            return Err(RocError::NotFinite { index, value });
        }
    }
    let p = y_true.iter().filter(|&&label| label == 1).count();
    let n = y_true.len() - p;
    if p == 0 {
        return Err(RocError::MissingClass { class: 1 });
    }
    if needs_negatives && n == 0 {
        return Err(RocError::MissingClass { class: 0 });
    }
    Ok((p, n))
}
