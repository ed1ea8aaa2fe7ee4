//! A learner-style roc_auc: plain loops over (score, label) pairs sorted once.

use mlings::types::roc_auc::{RecallThreshold, RocCurve, RocError};
use ndarray::{Array1, ArrayView1};

pub fn average_ranks(scores: ArrayView1<f64>) -> Result<Array1<f64>, RocError> {
    for i in 0..scores.len() {
        if !scores[i].is_finite() {
            return Err(RocError::NotFinite {
                index: i,
                value: scores[i],
            });
        }
    }
    let mut pairs: Vec<(f64, usize)> = Vec::new();
    for i in 0..scores.len() {
        pairs.push((scores[i], i));
    }
    pairs.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    let mut ranks = vec![0.0; scores.len()];
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        while j + 1 < pairs.len() && pairs[j + 1].0 == pairs[i].0 {
            j += 1;
        }
        // positions i..=j hold ranks i+1 ..= j+1
        let mut sum = 0.0;
        for r in i..=j {
            sum += (r + 1) as f64;
        }
        let mean = sum / (j - i + 1) as f64;
        for r in i..=j {
            ranks[pairs[r].1] = mean;
        }
        i = j + 1;
    }
    Ok(Array1::from(ranks))
}

fn validate(
    y_true: ArrayView1<usize>,
    scores: ArrayView1<f64>,
) -> Result<(usize, usize), RocError> {
    if y_true.len() != scores.len() {
        return Err(RocError::LengthMismatch {
            labels: y_true.len(),
            scores: scores.len(),
        });
    }
    if y_true.len() == 0 {
        return Err(RocError::Empty);
    }
    let mut pos = 0;
    let mut neg = 0;
    for i in 0..y_true.len() {
        if y_true[i] != 0 && y_true[i] != 1 {
            return Err(RocError::NotBinary {
                index: i,
                label: y_true[i],
            });
        }
        if scores[i].is_nan() || scores[i].is_infinite() {
            return Err(RocError::NotFinite {
                index: i,
                value: scores[i],
            });
        }
        if y_true[i] == 1 {
            pos += 1;
        } else {
            neg += 1;
        }
    }
    if pos == 0 {
        return Err(RocError::MissingClass { class: 1 });
    }
    Ok((pos, neg))
}

fn both_classes(
    y_true: ArrayView1<usize>,
    scores: ArrayView1<f64>,
) -> Result<(usize, usize), RocError> {
    let (pos, neg) = validate(y_true, scores)?;
    if neg == 0 {
        return Err(RocError::MissingClass { class: 0 });
    }
    Ok((pos, neg))
}

/// (threshold, tp, fp) at every distinct score, largest first.
fn sweep(y_true: ArrayView1<usize>, scores: ArrayView1<f64>) -> Vec<(f64, usize, usize)> {
    let mut pairs: Vec<(f64, usize)> = Vec::new();
    for i in 0..scores.len() {
        pairs.push((scores[i], y_true[i]));
    }
    pairs.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
    let mut out = Vec::new();
    let mut tp = 0;
    let mut fp = 0;
    for k in 0..pairs.len() {
        if pairs[k].1 == 1 {
            tp += 1;
        } else {
            fp += 1;
        }
        if k + 1 == pairs.len() || pairs[k + 1].0 != pairs[k].0 {
            out.push((pairs[k].0, tp, fp));
        }
    }
    out
}

pub fn roc_curve(y_true: ArrayView1<usize>, scores: ArrayView1<f64>) -> Result<RocCurve, RocError> {
    let (pos, neg) = both_classes(y_true, scores)?;
    let mut fpr = vec![0.0];
    let mut tpr = vec![0.0];
    let mut thresholds = vec![f64::INFINITY];
    for (t, tp, fp) in sweep(y_true, scores) {
        fpr.push(fp as f64 / neg as f64);
        tpr.push(tp as f64 / pos as f64);
        thresholds.push(t);
    }
    Ok(RocCurve {
        fpr: Array1::from(fpr),
        tpr: Array1::from(tpr),
        thresholds: Array1::from(thresholds),
    })
}

pub fn roc_auc(y_true: ArrayView1<usize>, scores: ArrayView1<f64>) -> Result<f64, RocError> {
    let curve = roc_curve(y_true, scores)?;
    let mut area = 0.0;
    for k in 1..curve.fpr.len() {
        let width = curve.fpr[k] - curve.fpr[k - 1];
        area += width * (curve.tpr[k] + curve.tpr[k - 1]) / 2.0;
    }
    Ok(area)
}

pub fn rank_auc(y_true: ArrayView1<usize>, scores: ArrayView1<f64>) -> Result<f64, RocError> {
    let (pos, neg) = both_classes(y_true, scores)?;
    let ranks = average_ranks(scores)?;
    let mut sum = 0.0;
    for i in 0..ranks.len() {
        if y_true[i] == 1 {
            sum += ranks[i];
        }
    }
    let p = pos as f64;
    let u = sum - p * (p + 1.0) / 2.0;
    Ok(u / (p * neg as f64))
}

pub fn average_precision(
    y_true: ArrayView1<usize>,
    scores: ArrayView1<f64>,
) -> Result<f64, RocError> {
    let (pos, _) = validate(y_true, scores)?;
    let mut ap = 0.0;
    let mut last_recall = 0.0;
    for (_, tp, fp) in sweep(y_true, scores) {
        let recall = tp as f64 / pos as f64;
        let precision = tp as f64 / (tp + fp) as f64;
        ap += (recall - last_recall) * precision;
        last_recall = recall;
    }
    Ok(ap)
}

pub fn threshold_for_recall(
    y_true: ArrayView1<usize>,
    scores: ArrayView1<f64>,
    target_recall: f64,
) -> Result<RecallThreshold, RocError> {
    if target_recall.is_nan() || target_recall <= 0.0 || target_recall > 1.0 {
        return Err(RocError::InvalidRecall {
            target: target_recall,
        });
    }
    let (pos, _) = validate(y_true, scores)?;
    let mut best = None;
    for (t, tp, fp) in sweep(y_true, scores) {
        let recall = tp as f64 / pos as f64;
        if recall >= target_recall {
            best = Some(RecallThreshold {
                threshold: t,
                recall,
                precision: tp as f64 / (tp + fp) as f64,
            });
            break;
        }
    }
    Ok(best.unwrap())
}
