//! Seeded synthetic datasets: data whose true structure is known, for tests where real
//! data cannot say what the right answer is, and large problems for speed comparisons.
//!
//! The same seed gives the same data on every machine.

use ndarray::{Array1, Array2, ArrayView2, Axis};
use rand::Rng as _;

use super::{DataError, Dataset};
use crate::prep::{Rng, rng};

/// A standard normal draw (Box-Muller).
pub fn standard_normal(rng: &mut Rng) -> f64 {
    let u1: f64 = 1.0 - rng.r#gen::<f64>(); // in (0, 1], so ln is finite
    let u2: f64 = rng.r#gen();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// An `rows x cols` array of independent standard normal draws.
pub fn normal_matrix(rows: usize, cols: usize, rng: &mut Rng) -> Array2<f64> {
    Array2::from_shape_simple_fn((rows, cols), || standard_normal(rng))
}

fn synthetic(name: &str, features: Array2<f64>, targets: Array1<f64>, classes: usize) -> Dataset {
    Dataset {
        name: name.to_string(),
        feature_names: (0..features.ncols()).map(|j| format!("x{j}")).collect(),
        target_names: (0..classes).map(|c| format!("class_{c}")).collect(),
        features,
        targets,
    }
}

/// Gaussian blobs: `n_per_center` points around each row of `centers`, with standard
/// deviation `spread` in every direction. The target is the index of the blob.
pub fn blobs(
    centers: ArrayView2<f64>,
    n_per_center: usize,
    spread: f64,
    seed: u64,
) -> Result<Dataset, DataError> {
    if centers.nrows() == 0 || n_per_center == 0 || spread.is_nan() || spread < 0.0 {
        return Err(DataError::Invalid {
            what: "blobs",
            why: format!(
                "need at least one center and one point per center and spread >= 0; got {} centers, \
                 {n_per_center} points each, spread {spread}",
                centers.nrows()
            ),
        });
    }
    let mut rng = rng(seed);
    let (k, p) = centers.dim();
    let noise = normal_matrix(k * n_per_center, p, &mut rng) * spread;
    let rows: Vec<usize> = (0..k * n_per_center).map(|i| i / n_per_center).collect();
    let features = centers.select(Axis(0), &rows) + noise;
    let targets = rows.iter().map(|&c| c as f64).collect();
    Ok(synthetic("blobs", features, targets, k))
}

/// Two interleaving half circles in 2-D (`n` points, alternating between the two moons),
/// with Gaussian `noise` added: no straight line separates them.
pub fn two_moons(n: usize, noise: f64, seed: u64) -> Result<Dataset, DataError> {
    if n < 2 || noise.is_nan() || noise < 0.0 {
        return Err(DataError::Invalid {
            what: "two_moons",
            why: format!("need n >= 2 and noise >= 0, got n = {n}, noise = {noise}"),
        });
    }
    let mut rng = rng(seed);
    let mut features = Array2::zeros((n, 2));
    let mut targets = Array1::zeros(n);
    for (i, mut row) in features.axis_iter_mut(Axis(0)).enumerate() {
        let moon = i % 2;
        let t = std::f64::consts::PI * (i / 2) as f64 / ((n / 2).max(2) - 1) as f64;
        let (x, y) = if moon == 0 {
            (t.cos(), t.sin())
        } else {
            (1.0 - t.cos(), 0.5 - t.sin())
        };
        row[0] = x + noise * standard_normal(&mut rng);
        row[1] = y + noise * standard_normal(&mut rng);
        targets[i] = moon as f64;
    }
    Ok(synthetic("two_moons", features, targets, 2))
}

/// A linear regression problem: standard normal features, y = X·w + b + noise, with
/// coefficients w drawn uniformly from [-5, 5], intercept b = 2 and Gaussian noise of
/// standard deviation `noise`. Returns the data and the true `(w, b)`.
pub fn linear_regression(
    n: usize,
    p: usize,
    noise: f64,
    seed: u64,
) -> Result<(Dataset, Array1<f64>, f64), DataError> {
    if n == 0 || p == 0 || noise.is_nan() || noise < 0.0 {
        return Err(DataError::Invalid {
            what: "linear_regression",
            why: format!("need n, p >= 1 and noise >= 0, got n = {n}, p = {p}, noise = {noise}"),
        });
    }
    let mut rng = rng(seed);
    let x = normal_matrix(n, p, &mut rng);
    let w: Array1<f64> = (0..p).map(|_| rng.gen_range(-5.0..5.0)).collect();
    let intercept = 2.0;
    let y = x.dot(&w)
        + intercept
        + Array1::from_shape_simple_fn(n, || noise * standard_normal(&mut rng));
    Ok((synthetic("linear_regression", x, y, 0), w, intercept))
}

/// A binary classification problem: `p` standard normal features of which the first
/// `n_informative` decide the class (the sign of their sum, so the boundary is a
/// hyperplane), then a fraction `flip` of the labels is flipped at random as noise.
pub fn binary_classification(
    n: usize,
    p: usize,
    n_informative: usize,
    flip: f64,
    seed: u64,
) -> Result<Dataset, DataError> {
    if n == 0 || n_informative == 0 || n_informative > p || !(0.0..=1.0).contains(&flip) {
        return Err(DataError::Invalid {
            what: "binary_classification",
            why: format!(
                "need n >= 1, 1 <= n_informative <= p and 0 <= flip <= 1; got n = {n}, p = {p}, \
                 n_informative = {n_informative}, flip = {flip}"
            ),
        });
    }
    let mut rng = rng(seed);
    let x = normal_matrix(n, p, &mut rng);
    let targets = x
        .axis_iter(Axis(0))
        .map(|row| {
            let positive = row.iter().take(n_informative).sum::<f64>() > 0.0;
            let flipped = rng.r#gen::<f64>() < flip;
            f64::from(u8::from(positive != flipped))
        })
        .collect();
    Ok(synthetic("binary_classification", x, targets, 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn normal_draws_have_mean_0_and_std_1() {
        let x = normal_matrix(20_000, 1, &mut rng(1));
        assert!(x.mean().unwrap().abs() < 0.03);
        assert!((x.std(0.0) - 1.0).abs() < 0.03);
    }

    #[test]
    fn same_seed_same_data() {
        let centers = array![[0.0, 0.0], [5.0, 5.0]];
        let a = blobs(centers.view(), 10, 0.5, 3).unwrap();
        assert_eq!(a, blobs(centers.view(), 10, 0.5, 3).unwrap());
        assert_ne!(a, blobs(centers.view(), 10, 0.5, 4).unwrap());
        assert_eq!(a.targets[10], 1.0);
    }

    #[test]
    fn moons_alternate_and_stay_near_their_arcs() {
        let moons = two_moons(200, 0.0, 0).unwrap();
        assert_eq!(moons.targets.sum(), 100.0);
        for (row, &label) in moons.features.axis_iter(Axis(0)).zip(&moons.targets) {
            let (cx, cy) = if label == 0.0 { (0.0, 0.0) } else { (1.0, 0.5) };
            let radius = ((row[0] - cx).powi(2) + (row[1] - cy).powi(2)).sqrt();
            assert!((radius - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn regression_targets_follow_the_true_coefficients() {
        let (data, w, b) = linear_regression(50, 3, 0.0, 9).unwrap();
        let residual = &data.targets - &(data.features.dot(&w) + b);
        assert!(residual.iter().all(|r| r.abs() < 1e-12));
    }

    #[test]
    fn classification_flips_about_the_asked_fraction() {
        let clean = binary_classification(10_000, 5, 2, 0.0, 2).unwrap();
        let noisy = binary_classification(10_000, 5, 2, 0.1, 2).unwrap();
        let differ = (&clean.targets - &noisy.targets)
            .iter()
            .filter(|d| **d != 0.0)
            .count();
        assert!((800..1200).contains(&differ), "{differ}");
        assert!(binary_classification(10, 2, 3, 0.0, 0).is_err());
    }
}
