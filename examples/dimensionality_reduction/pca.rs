//! PCA: yours beside the reference, linfa-reduction's Pca and scikit-learn 1.9.1's
//! figures (/work/shared/datasets/SOURCES.md, "PCA on all rows": standardized means the
//! scaler is fit on all rows).

use std::time::Duration;

use linfa::prelude::*;
use mlings::datasets::{self, Dataset};
use mlings::plot::{
    Group, LineChart, PlotError, Scatter, Series, line_chart, output_path, scatter_plot,
};
use mlings::prep::StandardScaler;
use mlings::reference::pca as reference;
use mlings::report::{Run, Table, best_of, run_learner, seconds, show, show_plot};
use mlings::types::pca::{Pca, PcaError, PcaParams};
use ndarray::{Array1, Array2};

use super::your_pca;

/// scikit-learn 1.9.1's figures: (dataset, standardized, first ratios, first component,
/// components for 95 %).
struct Published {
    name: &'static str,
    standardize: bool,
    ratios: &'static str,
    first_component: &'static str,
    for_95: &'static str,
}

const PUBLISHED: &[Published] = &[
    Published {
        name: "iris",
        standardize: false,
        ratios: "0.9246 0.0531 0.0171",
        first_component: "0.3614 -0.0845 0.8567 0.3583",
        for_95: "",
    },
    Published {
        name: "iris",
        standardize: true,
        ratios: "0.7296 0.2285 0.0367",
        first_component: "0.5211 -0.2693 0.5804 0.5649",
        for_95: "",
    },
    Published {
        name: "wine",
        standardize: false,
        ratios: "0.99809 0.00174 9.5e-5",
        first_component: "",
        for_95: "",
    },
    Published {
        name: "wine",
        standardize: true,
        ratios: "0.3620 0.1921 0.1112",
        first_component: "",
        for_95: "",
    },
    Published {
        name: "digits",
        standardize: false,
        ratios: "",
        first_component: "",
        for_95: "29",
    },
    Published {
        name: "digits",
        standardize: true,
        ratios: "",
        first_component: "",
        for_95: "40",
    },
];

fn dataset(name: &str) -> Dataset {
    match name {
        "iris" => datasets::iris(),
        "wine" => datasets::wine(),
        _ => datasets::digits(),
    }
}

fn numbers(values: impl IntoIterator<Item = f64>, digits: usize) -> String {
    values
        .into_iter()
        .map(|v| {
            if v.abs() < 1e-3 && v != 0.0 {
                format!("{v:.1e}")
            } else {
                format!("{v:.digits$}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The cells of a fitted model: the first three ratios, the first component (for at most
/// four features), the components for 95 %.
fn cells(model: &Pca, for_95: Result<usize, PcaError>) -> Vec<String> {
    let first = if model.components.ncols() <= 4 {
        numbers(model.components.row(0).iter().copied(), 4)
    } else {
        format!("({} loadings)", model.components.ncols())
    };
    vec![
        numbers(model.explained_variance_ratio.iter().take(3).copied(), 4),
        first,
        for_95.map_or_else(|e| e.to_string(), |k| k.to_string()),
    ]
}

/// linfa-reduction's Pca with every component, on data standardized first when asked
/// (it only centres). Its ratios are shares of the components it kept, all of them here.
fn linfa_fit(x: &Array2<f64>, standardize: bool) -> Result<linfa_reduction::Pca<f64>, String> {
    let data = if standardize {
        StandardScaler::fit_transform(x.view())
            .map_err(|e| e.to_string())?
            .1
    } else {
        x.clone()
    };
    linfa_reduction::Pca::params(x.ncols())
        .fit(&DatasetBase::from(data))
        .map_err(|e| e.to_string())
}

fn linfa_cells(x: &Array2<f64>, standardize: bool) -> Vec<String> {
    match linfa_fit(x, standardize) {
        Ok(model) => {
            let ratios = model.explained_variance_ratio();
            // The course's sign convention, for comparison.
            let first = model.components().row(0).to_owned();
            let largest = first
                .iter()
                .copied()
                .reduce(|b, v| if v.abs() > b.abs() { v } else { b })
                .unwrap_or(0.0);
            let first = if largest < 0.0 { -first } else { first };
            let cumulative_95 = ratios
                .iter()
                .scan(0.0, |s, r| {
                    *s += r;
                    Some(*s)
                })
                .position(|c| c >= 0.95)
                .map_or("-".to_string(), |i| (i + 1).to_string());
            vec![
                numbers(ratios.iter().take(3).copied(), 4),
                if first.len() <= 4 {
                    numbers(first.iter().copied(), 4)
                } else {
                    format!("({} loadings)", first.len())
                },
                cumulative_95,
            ]
        }
        Err(error) => vec![format!("error: {error}")],
    }
}

/// Ratios, first components and components for 95 % on every dataset, both scalings.
pub fn figures() {
    let mut table = Table::new(&[
        "data",
        "who",
        "first 3 ratios",
        "first component",
        "for 95 %",
    ]);
    for published in PUBLISHED {
        let data = dataset(published.name);
        let x = &data.features;
        let params = PcaParams::new(x.ncols()).standardize(published.standardize);
        let label = format!(
            "{} {}",
            published.name,
            if published.standardize {
                "standardized"
            } else {
                "raw"
            }
        );
        let yours = run_learner(|| {
            your_pca::fit(x.view(), &params).map(|model| {
                let k =
                    your_pca::components_for_variance(model.explained_variance_ratio.view(), 0.95);
                (model, k)
            })
        });
        let mut row = vec![label.clone(), "yours".into()];
        match yours.value() {
            Some(Ok((model, k))) => row.extend(cells(model, k.clone())),
            _ => row.push(yours.ok_cell(|_| String::new())),
        }
        table.row(row);
        let model = reference::fit(x.view(), &params).expect("the bundled data fits");
        let k = reference::components_for_variance(model.explained_variance_ratio.view(), 0.95);
        let mut row = vec![label.clone(), "reference".into()];
        row.extend(cells(&model, k));
        table.row(row);
        let mut row = vec![label.clone(), "linfa".into()];
        row.extend(linfa_cells(x, published.standardize));
        table.row(row);
        table.row(vec![
            label,
            "scikit-learn".into(),
            published.ratios.into(),
            published.first_component.into(),
            published.for_95.into(),
        ]);
    }
    show(
        &table,
        "PCA with every component: explained-variance ratios, first component, components for 95 %",
        "Yours and the reference should match scikit-learn to the digits it publishes. Raw wine \
         is one component (proline, in the thousands, carries 99.8 % of the variance); \
         standardized, 13 features share it. linfa-reduction only centres (it is given \
         standardized data for those rows), finds its components by LOBPCG (approximate on \
         the small ones) and reports ratios of the components it kept.",
    );
    println!(
        "Note: linfa-reduction's explained_variance() divides by (number of components − 1), \
         not by n − 1; its ratios are unaffected.\n"
    );
}

/// Fit times on digits (1797 x 64): the covariance and its eigenvectors.
pub fn speed_on_digits() {
    let x = datasets::digits().features;
    let mut table = Table::new(&["digits 1797 x 64", "who", "fit time (best of 5)"]);
    for (k, label) in [(2, "2 components"), (64, "all 64 components")] {
        let params = PcaParams::new(k);
        let yours = run_learner(|| best_of(5, || your_pca::fit(x.view(), &params)));
        let yours_cell = match &yours {
            Run::Done((Ok(_), best), _) => seconds(*best),
            Run::Done((Err(e), _), _) => format!("error: {e}"),
            other => other.cell(|_| String::new()),
        };
        table.row(vec![label.into(), "yours".into(), yours_cell]);
        let (_, best) = best_of(5, || reference::fit(x.view(), &params));
        table.row(vec![label.into(), "reference".into(), seconds(best)]);
        let dataset = DatasetBase::from(x.clone());
        let (fitted, best): (Result<_, _>, Duration) =
            best_of(5, || linfa_reduction::Pca::params(k).fit(&dataset));
        let cell = match fitted {
            Ok(_) => seconds(best),
            Err(error) => format!("error: {error}"),
        };
        table.row(vec![label.into(), "linfa".into(), cell]);
    }
    show(
        &table,
        "PCA fit times on digits",
        "The reference spends most of its time on the 64 x 64 covariance (one matrix product) \
         and the rest on Jacobi's sweeps; it finds all 64 eigenvectors whatever k is. linfa's \
         TruncatedSvd iterates (LOBPCG) for a few components, which here is slower than its \
         decomposition of all 64.",
    );
}

/// The first two scores of every row, by the learner's PCA if it runs, else the reference's.
fn two_components(x: &Array2<f64>, standardize: bool) -> (Array2<f64>, &'static str) {
    let params = PcaParams::new(2).standardize(standardize);
    let yours = run_learner(|| {
        your_pca::fit(x.view(), &params).and_then(|m| your_pca::transform(&m, x.view()))
    });
    match yours {
        Run::Done(Ok(scores), _) if scores.dim() == (x.nrows(), 2) => (scores, "yours"),
        _ => {
            let model = reference::fit(x.view(), &params).expect("the bundled data fits");
            (
                reference::transform(&model, x.view()).expect("same features"),
                "reference",
            )
        }
    }
}

fn scatter_of(
    data: &Dataset,
    standardize: bool,
    classes: &[usize],
    file: &str,
) -> Result<std::path::PathBuf, PlotError> {
    let (scores, who) = two_components(&data.features, standardize);
    let labels = data.class_labels().expect("classified data");
    let keep: Vec<usize> = (0..labels.len())
        .filter(|&i| classes.contains(&labels[i]))
        .collect();
    let points: Vec<(f64, f64)> = keep
        .iter()
        .map(|&i| (scores[[i, 0]], scores[[i, 1]]))
        .collect();
    let kept_labels: Vec<usize> = keep
        .iter()
        .map(|&i| classes.iter().position(|&c| c == labels[i]).unwrap_or(0))
        .collect();
    let groups = Group::by_label(&points, &kept_labels, |g| {
        data.target_names
            .get(classes[g])
            .cloned()
            .unwrap_or_else(|| classes[g].to_string())
    });
    let scaling = if standardize { "standardized" } else { "raw" };
    scatter_plot(
        &output_path(file)?,
        &Scatter {
            title: format!(
                "{} ({scaling}) in its first two principal components ({who})",
                data.name
            ),
            x_label: "component 1".into(),
            y_label: "component 2".into(),
            groups,
            markers: Vec::new(),
            markers_name: String::new(),
            line: None,
        },
    )
}

/// Explained-variance ratio per component and cumulated, for several fits.
fn scree(
    file: &str,
    title: &str,
    fits: &[(&str, &Array2<f64>, bool)],
) -> Result<std::path::PathBuf, PlotError> {
    let mut series = Vec::new();
    for &(name, x, standardize) in fits {
        let params = PcaParams::new(x.ncols()).standardize(standardize);
        let model = reference::fit(x.view(), &params).expect("the bundled data fits");
        let ratios: Array1<f64> = model.explained_variance_ratio.clone();
        let cumulative: Vec<f64> = ratios
            .iter()
            .scan(0.0, |s, r| {
                *s += r;
                Some(*s)
            })
            .collect();
        let points = |values: &[f64]| {
            values
                .iter()
                .enumerate()
                .map(|(i, &v)| ((i + 1) as f64, v))
                .collect::<Vec<_>>()
        };
        series.push(Series::from_points(
            format!("{name}: ratio"),
            points(ratios.as_slice().unwrap_or(&[])),
        ));
        series
            .push(Series::from_points(format!("{name}: cumulative"), points(&cumulative)).dashed());
    }
    let p = fits.iter().map(|(_, x, _)| x.ncols()).max().unwrap_or(1) as f64;
    series.push(Series::from_points("95 %", vec![(1.0, 0.95), (p, 0.95)]));
    line_chart(
        &output_path(file)?,
        &LineChart {
            title: title.into(),
            x_label: "component".into(),
            y_label: "share of the variance".into(),
            series,
            log_y: false,
        },
    )
}

pub fn plots() {
    let wine = datasets::wine();
    show_plot(
        scatter_of(&wine, true, &[0, 1, 2], "pca_wine.svg"),
        "Standardized wine in two components: the three cultivars form three clouds, \
         separated well by the first two components alone (55 % of the variance).",
    );
    let digits = datasets::digits();
    show_plot(
        scatter_of(
            &digits,
            false,
            &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            "pca_digits.svg",
        ),
        "Raw digits in two components, one colour per digit: 0, 3, 4 and 6 each have a \
         region of their own, 1, 5, 7, 8 and 9 overlap; two components keep only 28.5 % of \
         the variance of 64 pixels.",
    );
    show_plot(
        scree(
            "pca_scree_wine.svg",
            "Scree plot: wine",
            &[
                ("raw", &wine.features, false),
                ("standardized", &wine.features, true),
            ],
        ),
        "Raw wine's first component explains almost everything (proline's units); \
         standardized, the ratios fall gradually and 10 components reach 95 %.",
    );
    show_plot(
        scree(
            "pca_scree_digits.svg",
            "Scree plot: digits",
            &[
                ("raw", &digits.features, false),
                ("standardized", &digits.features, true),
            ],
        ),
        "Digits: the cumulative curves cross 95 % at 29 components (raw) and 40 \
         (standardized, where rarely-used edge pixels weigh as much as central ones).",
    );
}
