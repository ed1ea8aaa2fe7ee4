//! Your dimensionality reduction beside the reference solutions, linfa-reduction and
//! scikit-learn's published figures: PCA's explained-variance ratios, first components and
//! the components kept for 95 % of the variance on iris, wine and digits (raw and
//! standardized), fit times on digits, and SVG plots (wine and digits in two components,
//! coloured by class, and scree plots).
//!
//! Run: `cargo run -- compare pca` (or `cargo run --release --example dimensionality_reduction`).

#[allow(unused_variables, dead_code)]
#[path = "../exercises/06_dimensionality_reduction/pca.rs"]
mod your_pca;

#[path = "dimensionality_reduction/pca.rs"]
mod pca;

fn main() {
    mlings::report::require_optimized("pca");
    pca::figures();
    pca::speed_on_digits();
    pca::plots();
    mlings::report::write_page("Dimensionality reduction: yours, the reference, linfa");
}
