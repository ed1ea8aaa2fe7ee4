//! The encoded penguins: feature names and shapes for each encoding (yours beside the
//! reference), then a logistic regression on the prepared matrix beside scikit-learn's
//! published accuracy.

use linfa::prelude::{Fit, Predict};
use linfa_logistic::MultiLogisticRegression;
use mlings::datasets::{self, Table};
use mlings::prep::StandardScaler;
use mlings::reference::{categorical_encoding as reference, missing_values};
use mlings::report::{Table as Report, best_of, run_learner, seconds, show};
use mlings::types::categorical_encoding::{Encoded, EncoderParams, Unknown};
use mlings::types::missing_values::{ImputerParams, NumericFill};
use ndarray::{Array1, Axis};

use crate::categorical_encoding as learner;

const MEASUREMENTS: [&str; 4] = [
    "bill_length_mm",
    "bill_depth_mm",
    "flipper_length_mm",
    "body_mass_g",
];

/// The penguins' train and test tables, imputed (median / mode fitted on train), with
/// the columns scikit-learn's pipeline uses (year left out).
fn prepared() -> (Table, Table, Array1<usize>, Array1<usize>) {
    let penguins = datasets::penguins();
    let split = penguins.reference_split().expect("bundled split");
    let (train, test) = penguins.split(&split).expect("split rows exist");
    let params = ImputerParams::new().numeric(NumericFill::Median);
    let imputer = missing_values::fit_imputer(&params, &train.table).expect("fillable");
    let columns = [
        "island",
        MEASUREMENTS[0],
        MEASUREMENTS[1],
        MEASUREMENTS[2],
        MEASUREMENTS[3],
        "sex",
    ];
    let take = |t: &Table| {
        missing_values::impute(&imputer, t)
            .and_then(|t| Ok(t.select_columns(&columns)?))
            .expect("same columns")
    };
    (
        take(&train.table),
        take(&test.table),
        train.species,
        test.species,
    )
}

fn accuracy(predicted: &Array1<usize>, truth: &Array1<usize>) -> f64 {
    let correct = predicted.iter().zip(truth).filter(|(p, t)| p == t).count();
    correct as f64 / truth.len().max(1) as f64
}

pub fn run() {
    println!("\n== categorical encoding of the imputed penguins\n");
    let (train, test, y_train, y_test) = prepared();
    let mut table = Report::new(&[
        "encoding",
        "feature names (yours)",
        "reference",
        "shape",
        "encode time",
    ]);
    for (label, params) in [
        (
            "one-hot, unknown ignored",
            EncoderParams::one_hot().unknown(Unknown::Ignore),
        ),
        (
            "one-hot, first dropped",
            EncoderParams::one_hot().drop_first(true),
        ),
        ("ordinal", EncoderParams::ordinal()),
    ] {
        let encoder = reference::fit_encoder(&params, &train).expect("complete train table");
        let (encoded, time) = best_of(20, || reference::encode(&encoder, &train));
        let encoded = encoded.expect("same columns");
        let yours = run_learner(|| {
            learner::fit_encoder(&params, &train).map(|e| learner::feature_names(&e))
        });
        table.row(vec![
            label.into(),
            yours.ok_cell(|names| {
                if *names == encoded.feature_names {
                    "same as the reference".into()
                } else {
                    names.join(", ")
                }
            }),
            encoded.feature_names.join(", "),
            format!("{:?}", encoded.features.dim()),
            seconds(time),
        ]);
    }
    show(
        &table,
        "the encoded feature names on the penguins' train rows",
        "Categories are sorted (Biscoe, Dream, Torgersen; female, male), as scikit-learn's \
         OneHotEncoder and get_feature_names_out do.",
    );

    // scikit-learn's pipeline (SOURCES.md): measurements standardized, island and sex
    // one-hot (unknown ignored), LogisticRegression(C=1): test 1.000, train 0.993.
    let params = EncoderParams::one_hot().unknown(Unknown::Ignore);
    let mut report = Report::new(&[
        "encoder",
        "test accuracy",
        "train accuracy",
        "fit+encode time",
    ]);
    let reference_run = best_of(5, || {
        reference::fit_encoder(&params, &train).and_then(|e| {
            Ok((
                reference::encode(&e, &train)?,
                reference::encode(&e, &test)?,
            ))
        })
    });
    let yours = run_learner(|| {
        learner::fit_encoder(&params, &train)
            .and_then(|e| Ok((learner::encode(&e, &train)?, learner::encode(&e, &test)?)))
    });
    let score = |(tr, te): &(Encoded, Encoded)| -> Result<(f64, f64), String> {
        let numeric: Vec<usize> = MEASUREMENTS
            .iter()
            .map(|m| {
                tr.feature_names
                    .iter()
                    .position(|n| n == m)
                    .ok_or(format!("no column {m}"))
            })
            .collect::<Result<_, _>>()?;
        let scaler = StandardScaler::fit(tr.features.select(Axis(1), &numeric).view())
            .map_err(|e| e.to_string())?;
        let standardize = |e: &Encoded| -> Result<_, String> {
            let mut x = e.features.clone();
            let z = scaler
                .transform(e.features.select(Axis(1), &numeric).view())
                .map_err(|e| e.to_string())?;
            for (k, &j) in numeric.iter().enumerate() {
                x.column_mut(j).assign(&z.column(k));
            }
            Ok(x)
        };
        let (x_train, x_test) = (standardize(tr)?, standardize(te)?);
        let model = MultiLogisticRegression::default()
            .alpha(1.0)
            .max_iterations(1_000)
            .gradient_tolerance(1e-8)
            .fit(&linfa::Dataset::new(x_train.clone(), y_train.clone()))
            .map_err(|e| e.to_string())?;
        Ok((
            accuracy(&model.predict(&x_test), &y_test),
            accuracy(&model.predict(&x_train), &y_train),
        ))
    };
    let cells = |result: Result<(f64, f64), String>| match result {
        Ok((te, tr)) => [format!("{te:.3}"), format!("{tr:.3}")],
        Err(e) => [format!("error: {e}"), "-".into()],
    };
    let [te, tr] = cells(
        reference_run
            .0
            .as_ref()
            .map_err(|e| e.to_string())
            .and_then(score),
    );
    report.row(vec!["reference".into(), te, tr, seconds(reference_run.1)]);
    let [te, tr] = match yours.value() {
        Some(Ok(parts)) => cells(score(parts)),
        _ => [yours.ok_cell(|_| String::new()), "-".into()],
    };
    report.row(vec!["yours".into(), te, tr, yours.time_cell()]);
    report.row(vec![
        "scikit-learn (published)".into(),
        "1.000".into(),
        "0.993".into(),
        "-".into(),
    ]);
    show(
        &report,
        "logistic regression (linfa, C = 1) on the imputed, encoded, standardized penguins",
        "The same preparation as scikit-learn's published pipeline; linfa-logistic fits the \
         model on the matrix your encoder builds. One-hot columns are not standardized.",
    );
}
