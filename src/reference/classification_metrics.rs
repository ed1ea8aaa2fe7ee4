//! Reference solution of the `classification_metrics` exercise.

use ndarray::{Array2, ArrayView1, Zip};

use crate::types::classification_metrics::{Average, MetricError};
use crate::types::labels::MAX_CLASSES;

/// Probabilities are clipped to [EPSILON, 1 − EPSILON] before their log is taken.
const EPSILON: f64 = 1e-15;

pub fn accuracy(y_true: ArrayView1<usize>, y_pred: ArrayView1<usize>) -> Result<f64, MetricError> {
    check_lengths(y_true.len(), y_pred.len())?;
    let correct = Zip::from(&y_true)
        .and(&y_pred)
        .fold(0, |count, t, p| count + usize::from(t == p));
    Ok(correct as f64 / y_true.len() as f64)
}

pub fn confusion_matrix(
    y_true: ArrayView1<usize>,
    y_pred: ArrayView1<usize>,
    n_classes: usize,
) -> Result<Array2<usize>, MetricError> {
    check_lengths(y_true.len(), y_pred.len())?;
    // Checked before allocating: n_classes² counts.
    if n_classes > MAX_CLASSES {
        return Err(MetricError::TooManyClasses { n_classes });
    }
    let mut matrix = Array2::zeros((n_classes, n_classes));
    for (index, (&t, &p)) in y_true.iter().zip(&y_pred).enumerate() {
        let label = t.max(p);
        if label >= n_classes {
            return Err(MetricError::LabelOutOfRange {
                index,
                label,
                n_classes,
            });
        }
        matrix[[t, p]] += 1;
    }
    Ok(matrix)
}

pub fn precision(
    y_true: ArrayView1<usize>,
    y_pred: ArrayView1<usize>,
    average: Average,
) -> Result<f64, MetricError> {
    score(y_true, y_pred, average, |counts| {
        ratio(counts.true_positives, counts.predicted)
    })
}

pub fn recall(
    y_true: ArrayView1<usize>,
    y_pred: ArrayView1<usize>,
    average: Average,
) -> Result<f64, MetricError> {
    score(y_true, y_pred, average, |counts| {
        ratio(counts.true_positives, counts.actual)
    })
}

pub fn f1_score(
    y_true: ArrayView1<usize>,
    y_pred: ArrayView1<usize>,
    average: Average,
) -> Result<f64, MetricError> {
    // F1 = 2PR / (P + R) = 2·TP / (predicted + actual), and 0 when both are 0.
    score(y_true, y_pred, average, |counts| {
        ratio(2 * counts.true_positives, counts.predicted + counts.actual)
    })
}

pub fn log_loss(
    y_true: ArrayView1<usize>,
    p_positive: ArrayView1<f64>,
) -> Result<f64, MetricError> {
    check_lengths(y_true.len(), p_positive.len())?;
    let mut total = 0.0;
    for (index, (&label, &p)) in y_true.iter().zip(&p_positive).enumerate() {
        if label > 1 {
            return Err(MetricError::NotBinary { index, label });
        }
        if !(0.0..=1.0).contains(&p) {
            return Err(MetricError::InvalidProbability { index, value: p });
        }
        let p = p.clamp(EPSILON, 1.0 - EPSILON);
        total -= if label == 1 { p.ln() } else { (1.0 - p).ln() };
    }
    Ok(total / y_true.len() as f64)
}

/// The counts behind one class's precision and recall.
struct ClassCounts {
    /// Rows of the class that were predicted as the class.
    true_positives: usize,
    /// Rows predicted as the class.
    predicted: usize,
    /// Rows that are of the class.
    actual: usize,
}

/// A one-vs-rest score of one class, or its macro average over the classes.
fn score(
    y_true: ArrayView1<usize>,
    y_pred: ArrayView1<usize>,
    average: Average,
    of_class: impl Fn(&ClassCounts) -> f64,
) -> Result<f64, MetricError> {
    match average {
        Average::Binary { positive } => {
            check_lengths(y_true.len(), y_pred.len())?;
            let tp = Zip::from(&y_true).and(&y_pred).fold(0, |n, &t, &p| {
                n + usize::from(t == positive && p == positive)
            });
            Ok(of_class(&ClassCounts {
                true_positives: tp,
                predicted: y_pred.iter().filter(|&&p| p == positive).count(),
                actual: y_true.iter().filter(|&&t| t == positive).count(),
            }))
        }
        Average::Macro { n_classes } => {
            let matrix = confusion_matrix(y_true, y_pred, n_classes)?;
            let total: f64 = (0..n_classes)
                .map(|c| {
                    of_class(&ClassCounts {
                        true_positives: matrix[[c, c]],
                        predicted: matrix.column(c).sum(),
                        actual: matrix.row(c).sum(),
                    })
                })
                .sum();
            Ok(total / n_classes as f64)
        }
    }
}

/// numerator / denominator, or 0 when the denominator is 0 (scikit-learn's convention).
fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

fn check_lengths(y_true: usize, y_pred: usize) -> Result<(), MetricError> {
    if y_true != y_pred {
        return Err(MetricError::LengthMismatch { y_true, y_pred });
    }
    if y_true == 0 {
        return Err(MetricError::Empty);
    }
    Ok(())
}
