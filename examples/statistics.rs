//! Your descriptive statistics beside the reference and ndarray's built-ins, on wine.
//!
//! Run: `cargo run -- compare statistics` (or `cargo run --release --example statistics`)

#[allow(unused_variables, dead_code)]
#[path = "../exercises/01_foundations/statistics.rs"]
mod learner;

use mlings::datasets;
use mlings::reference::statistics as reference;
use mlings::report::{Run, Table, run_learner, show, timed, write_page};
use mlings::types::statistics::VarianceKind;
use ndarray::Axis;

fn main() {
    mlings::report::require_optimized("statistics");
    let wine = datasets::wine();
    let x = wine.features.view();
    let alcohol = x.column(0);
    let proline = x.column(12);
    println!(
        "wine: {} samples x {} features\n",
        wine.n_samples(),
        wine.n_features()
    );

    let mut table = Table::new(&["statistic", "yours", "reference", "ndarray built-in"]);
    let number = |v: &Result<f64, _>| match v {
        Ok(v) => format!("{v:.6}"),
        Err(e) => format!("error: {e}"),
    };
    let yours = run_learner(|| learner::mean(alcohol));
    table.row(vec![
        "mean alcohol".into(),
        yours.cell(number),
        number(&reference::mean(alcohol)),
        format!("{:.6}", alcohol.mean().unwrap_or(f64::NAN)),
    ]);
    let yours = run_learner(|| learner::variance(alcohol, VarianceKind::Sample));
    table.row(vec![
        "sample variance of alcohol".into(),
        yours.cell(number),
        number(&reference::variance(alcohol, VarianceKind::Sample)),
        format!("{:.6}", alcohol.var(1.0)),
    ]);
    let yours = run_learner(|| learner::pearson(alcohol, proline));
    let dl = &alcohol - alcohol.mean().unwrap_or(0.0);
    let dp = &proline - proline.mean().unwrap_or(0.0);
    table.row(vec![
        "pearson(alcohol, proline)".into(),
        yours.cell(number),
        number(&reference::pearson(alcohol, proline)),
        format!("{:.6}", dl.dot(&dp) / (dl.dot(&dl) * dp.dot(&dp)).sqrt()),
    ]);
    show(
        &table,
        "descriptive statistics of wine",
        "Yours should match the reference and ndarray to every printed digit; the sample \
         variance is a little larger than the population variance (n − 1 below).",
    );

    let yours = run_learner(|| learner::covariance_matrix(x));
    let (theirs, reference_time) = timed(|| reference::covariance_matrix(x));
    println!("\ncovariance matrix of all 13 features:");
    match (yours.value(), &theirs) {
        (Some(Ok(mine)), Ok(reference)) => {
            let worst = (mine - reference)
                .iter()
                .fold(0.0f64, |m, d| m.max(d.abs()));
            println!("  largest difference from the reference: {worst:e}");
        }
        (Some(Err(e)), _) => println!("  yours returned an error: {e}"),
        _ => println!("  yours: {}", yours.cell(|_| String::new())),
    }
    println!(
        "  time: yours {}, reference {}",
        yours.time_cell(),
        mlings::report::seconds(reference_time)
    );

    if let Run::Done(Ok(z), _) = run_learner(|| learner::standardize(x)) {
        let means = z.mean_axis(Axis(0)).unwrap_or_default();
        let worst = means.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        println!("\nyour standardized columns: largest |mean| {worst:e} (should be ~0)");
    }
    write_page("Descriptive statistics: yours, the reference, ndarray");
}
