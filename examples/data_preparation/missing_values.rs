//! The penguins' missing cells, rows kept, and the imputer fitted on the train rows:
//! yours, the reference, and scikit-learn's SimpleImputer (SOURCES.md).

use mlings::datasets::{self, Table};
use mlings::plot::{Bars, bar_chart, output_path};
use mlings::reference::missing_values as reference;
use mlings::report::{Run, Table as Report, best_of, run_learner, show, show_plot};
use mlings::types::missing_values::{Fill, Imputer, ImputerParams, NumericFill};

use crate::missing_values as learner;

fn fill_text(imputer: &Imputer, column: &str) -> String {
    match imputer.fills.iter().find(|f| f.column == column) {
        Some(f) => match &f.fill {
            Fill::Number(x) => format!("{x}"),
            Fill::Category(s) => s.clone(),
        },
        None => "-".into(),
    }
}

pub fn run() {
    println!("== missing values: the raw penguins table\n");
    let penguins = datasets::penguins();
    let raw = &penguins.table;
    let yours = run_learner(|| learner::count_missing(raw));
    let theirs = reference::count_missing(raw);
    let published = [0, 2, 2, 2, 2, 11, 0];
    let mut table = Report::new(&["column", "missing (yours)", "reference", "published"]);
    for (j, name) in raw.column_names().iter().enumerate() {
        table.row(vec![
            name.clone(),
            yours.cell(|c| c.get(j).map_or("-".into(), |v| v.to_string())),
            theirs[j].to_string(),
            published[j].to_string(),
        ]);
    }
    let complete = run_learner(|| learner::complete_rows(raw, None));
    table.row(vec![
        "complete rows (of 344)".into(),
        complete.ok_cell(|rows| rows.len().to_string()),
        reference::complete_rows(raw, None).map_or_else(|e| e.to_string(), |r| r.len().to_string()),
        "333".into(),
    ]);
    show(
        &table,
        "missing cells per column of the raw penguins table",
        "Two birds have no measurements at all and eleven no recorded sex: 11 rows have a gap. \
         Yours should match the reference and the published counts exactly.",
    );
    let plot = bar_chart(
        &output_path("penguins_missing.svg").unwrap_or_else(|_| "penguins_missing.svg".into()),
        &Bars {
            title: "penguins: missing cells per column".into(),
            value_label: "missing cells (of 344)".into(),
            labels: raw.column_names(),
            values: theirs.iter().map(|&v| v as f64).collect(),
        },
    );
    show_plot(plot, "Where the holes are: sex is missing most often.");

    println!("\n== the imputer, fitted on the 275 reference train rows\n");
    let split = penguins
        .reference_split()
        .expect("the bundled penguins have a split");
    let (train, test) = penguins.split(&split).expect("the split's rows exist");
    let params = ImputerParams::new()
        .numeric(NumericFill::Median)
        .indicators(true);
    let (fitted, fit_time) = best_of(20, || reference::fit_imputer(&params, &train.table));
    let fitted = fitted.expect("the train rows have values in every column");
    let yours = run_learner(|| learner::fit_imputer(&params, &train.table));
    let published = [
        ("island", "Biscoe"),
        ("bill_length_mm", "44.9"),
        ("bill_depth_mm", "17.3"),
        ("flipper_length_mm", "197"),
        ("body_mass_g", "4050"),
        ("sex", "male (134 vs 130)"),
    ];
    let mut table = Report::new(&["fill (median / mode)", "yours", "reference", "scikit-learn"]);
    for (column, sklearn) in published {
        table.row(vec![
            column.into(),
            yours.ok_cell(|m| fill_text(m, column)),
            fill_text(&fitted, column),
            sklearn.into(),
        ]);
    }
    table.row(vec![
        "indicator columns".into(),
        yours.ok_cell(|m| m.indicators.len().to_string()),
        fitted.indicators.len().to_string(),
        "-".into(),
    ]);
    let (imputed, impute_time) = best_of(20, || reference::impute(&fitted, &test.table));
    let yours_imputed = match yours.value() {
        Some(Ok(m)) => run_learner(|| learner::impute(m, &test.table)),
        _ => Run::Skipped("no imputer".into()),
    };
    table.row(vec![
        "fit time (275 rows)".into(),
        yours.time_cell(),
        mlings::report::seconds(fit_time),
        "-".into(),
    ]);
    table.row(vec![
        "impute time (69 test rows)".into(),
        yours_imputed.time_cell(),
        mlings::report::seconds(impute_time),
        "-".into(),
    ]);
    let gaps = |t: &Table| {
        reference::count_missing(t)
            .iter()
            .sum::<usize>()
            .to_string()
    };
    table.row(vec![
        "missing cells after impute (test)".into(),
        yours_imputed.ok_cell(gaps),
        imputed.as_ref().map_or_else(|e| e.to_string(), gaps),
        "0".into(),
    ]);
    show(
        &table,
        "the imputer fitted on the penguins' train rows",
        "The fills are learnt on the 275 train rows only (scikit-learn's SimpleImputer gives \
         the same medians and modes) and applied unchanged to the test rows.",
    );
}
