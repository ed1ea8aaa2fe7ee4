//! Reference solution of the `statistics` exercise.

use ndarray::{Array2, ArrayView1, ArrayView2, Axis};

use crate::types::statistics::{StatsError, VarianceKind};

pub fn mean(x: ArrayView1<f64>) -> Result<f64, StatsError> {
    if x.is_empty() {
        return Err(StatsError::Empty);
    }
    Ok(x.sum() / x.len() as f64)
}

pub fn variance(x: ArrayView1<f64>, kind: VarianceKind) -> Result<f64, StatsError> {
    let m = mean(x)?;
    let n = x.len();
    let divisor = match kind {
        VarianceKind::Population => n,
        VarianceKind::Sample if n < 2 => return Err(StatsError::TooFewForSample { n }),
        VarianceKind::Sample => n - 1,
    };
    let squared_deviations: f64 = x.iter().map(|v| (v - m).powi(2)).sum();
    Ok(squared_deviations / divisor as f64)
}

/// Whether every value equals the first, compared exactly (the course's one definition
/// of "constant": a column of 0.1s is constant although its computed spread is 1e-17).
fn all_equal(x: ArrayView1<f64>) -> bool {
    x.iter().all(|&v| v == x[0])
}

pub fn std_dev(x: ArrayView1<f64>, kind: VarianceKind) -> Result<f64, StatsError> {
    variance(x, kind).map(f64::sqrt)
}

pub fn standardize(x: ArrayView2<f64>) -> Result<Array2<f64>, StatsError> {
    if x.nrows() == 0 {
        return Err(StatsError::Empty);
    }
    if let Some(j) = x.axis_iter(Axis(1)).position(all_equal) {
        return Err(StatsError::Constant {
            what: format!("column {j}"),
        });
    }
    let mut z = x.to_owned();
    for mut column in z.axis_iter_mut(Axis(1)) {
        let m = mean(column.view())?;
        let s = std_dev(column.view(), VarianceKind::Population)?;
        column.mapv_inplace(|v| (v - m) / s);
    }
    Ok(z)
}

pub fn pearson(x: ArrayView1<f64>, y: ArrayView1<f64>) -> Result<f64, StatsError> {
    if x.len() != y.len() {
        return Err(StatsError::LengthMismatch {
            left: x.len(),
            right: y.len(),
        });
    }
    if x.is_empty() {
        return Err(StatsError::Empty);
    }
    if all_equal(x) {
        return Err(StatsError::Constant { what: "x".into() });
    }
    if all_equal(y) {
        return Err(StatsError::Constant { what: "y".into() });
    }
    let dx = &x - mean(x)?;
    let dy = &y - mean(y)?;
    let (sxx, syy) = (dx.dot(&dx), dy.dot(&dy));
    Ok(dx.dot(&dy) / (sxx.sqrt() * syy.sqrt()))
}

pub fn covariance_matrix(x: ArrayView2<f64>) -> Result<Array2<f64>, StatsError> {
    let n = x.nrows();
    if n == 0 {
        return Err(StatsError::Empty);
    }
    if n < 2 {
        return Err(StatsError::TooFewForSample { n });
    }
    let means = x.mean_axis(Axis(0)).ok_or(StatsError::Empty)?;
    let centred = &x - &means;
    Ok(centred.t().dot(&centred) / (n - 1) as f64)
}
