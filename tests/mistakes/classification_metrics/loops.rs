//! A correct solution with explicit loops: Macro is the mean of the Binary scores.

use mlings::types::classification_metrics::{Average, MetricError};
use mlings::types::labels::MAX_CLASSES;
use ndarray::{Array2, ArrayView1};

fn lengths(a: usize, b: usize) -> Result<usize, MetricError> {
    if a != b {
        Err(MetricError::LengthMismatch {
            y_true: a,
            y_pred: b,
        })
    } else if a == 0 {
        Err(MetricError::Empty)
    } else {
        Ok(a)
    }
}

pub fn accuracy(y_true: ArrayView1<usize>, y_pred: ArrayView1<usize>) -> Result<f64, MetricError> {
    let n = lengths(y_true.len(), y_pred.len())?;
    let mut right = 0;
    for i in 0..n {
        if y_true[i] == y_pred[i] {
            right += 1;
        }
    }
    Ok(right as f64 / n as f64)
}

pub fn confusion_matrix(
    y_true: ArrayView1<usize>,
    y_pred: ArrayView1<usize>,
    n_classes: usize,
) -> Result<Array2<usize>, MetricError> {
    let n = lengths(y_true.len(), y_pred.len())?;
    if n_classes > MAX_CLASSES {
        return Err(MetricError::TooManyClasses { n_classes });
    }
    for i in 0..n {
        let larger = if y_true[i] > y_pred[i] { y_true[i] } else { y_pred[i] };
        if larger >= n_classes {
            return Err(MetricError::LabelOutOfRange {
                index: i,
                label: larger,
                n_classes,
            });
        }
    }
    let mut m = Array2::zeros((n_classes, n_classes));
    for i in 0..n {
        m[[y_true[i], y_pred[i]]] += 1;
    }
    Ok(m)
}

/// (tp, fp, fn) of class c.
fn counts(y_true: ArrayView1<usize>, y_pred: ArrayView1<usize>, c: usize) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (&t, &p) in y_true.iter().zip(y_pred.iter()) {
        match (t == c, p == c) {
            (true, true) => tp += 1.0,
            (false, true) => fp += 1.0,
            (true, false) => fn_ += 1.0,
            (false, false) => {}
        }
    }
    (tp, fp, fn_)
}

fn averaged(
    y_true: ArrayView1<usize>,
    y_pred: ArrayView1<usize>,
    average: Average,
    of: fn(f64, f64, f64) -> f64,
) -> Result<f64, MetricError> {
    lengths(y_true.len(), y_pred.len())?;
    match average {
        Average::Binary { positive } => {
            let (tp, fp, fn_) = counts(y_true, y_pred, positive);
            Ok(of(tp, fp, fn_))
        }
        Average::Macro { n_classes } => {
            confusion_matrix(y_true, y_pred, n_classes)?;
            let mut sum = 0.0;
            for c in 0..n_classes {
                let (tp, fp, fn_) = counts(y_true, y_pred, c);
                sum += of(tp, fp, fn_);
            }
            Ok(sum / n_classes as f64)
        }
    }
}

fn safe(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

pub fn precision(
    y_true: ArrayView1<usize>,
    y_pred: ArrayView1<usize>,
    average: Average,
) -> Result<f64, MetricError> {
    averaged(y_true, y_pred, average, |tp, fp, _| safe(tp, tp + fp))
}

pub fn recall(
    y_true: ArrayView1<usize>,
    y_pred: ArrayView1<usize>,
    average: Average,
) -> Result<f64, MetricError> {
    averaged(y_true, y_pred, average, |tp, _, fn_| safe(tp, tp + fn_))
}

pub fn f1_score(
    y_true: ArrayView1<usize>,
    y_pred: ArrayView1<usize>,
    average: Average,
) -> Result<f64, MetricError> {
    averaged(y_true, y_pred, average, |tp, fp, fn_| {
        safe(2.0 * tp, 2.0 * tp + fp + fn_)
    })
}

pub fn log_loss(
    y_true: ArrayView1<usize>,
    p_positive: ArrayView1<f64>,
) -> Result<f64, MetricError> {
    let n = lengths(y_true.len(), p_positive.len())?;
    let mut total = 0.0;
    for i in 0..n {
        let (label, p) = (y_true[i], p_positive[i]);
        if label != 0 && label != 1 {
            return Err(MetricError::NotBinary { index: i, label });
        }
        if p.is_nan() || !(0.0..=1.0).contains(&p) {
            return Err(MetricError::InvalidProbability { index: i, value: p });
        }
        let q = p.max(1e-15).min(1.0 - 1e-15);
        total += if label == 1 { -q.ln() } else { -(1.0 - q).ln() };
    }
    Ok(total / n as f64)
}
