//! Your anomaly detector beside the reference, linfa-clustering (a one-component
//! Gaussian mixture fits the same multivariate Gaussian) and scikit-learn's published
//! figures, on breast_cancer with malignant tumours as the anomalies: thresholds,
//! precision / recall / F1 on the validation and test rows, fit and score times, why a
//! linear grid of ε fails, and a histogram of the log densities with the chosen ε.
//! Plots go to `plots/`, gathered in `plots/index.html`.
//!
//! Run: `cargo run -- compare anomaly_detection` (or
//! `cargo run --release --example anomaly_detection`)

#[allow(unused_variables, dead_code)]
#[path = "../exercises/07_anomaly_detection/anomaly_detection.rs"]
mod your_anomaly_detection;

#[path = "anomaly_detection/anomaly_detection.rs"]
mod anomaly_detection;

fn main() {
    mlings::report::require_optimized("anomaly_detection");
    anomaly_detection::compare();
    mlings::report::write_page("Anomaly detection: yours, the reference, linfa, scikit-learn");
}
