//! The SVG plots: decision regions on iris petals (your tree and forest beside the
//! reference and linfa), and feature importances on breast_cancer.

use std::path::PathBuf;

use linfa::prelude::{Fit, Predict};
use linfa_ensemble::RandomForestParams;
use mlings::datasets;
use mlings::plot::{
    Bars, Group, PlotError, RegionsPanel, bar_chart, decision_regions, output_path,
};
use mlings::prep::rng;
use mlings::reference;
use mlings::report::{run_learner, show_plot};
use mlings::types::decision_tree::TreeParams;
use mlings::types::random_forest::ForestParams;
use ndarray::{Array1, Array2};

use crate::accuracy::reference_parts;
use crate::{decision_tree, random_forest};

const GRID: usize = 80;

pub fn draw_all() {
    println!("== plots\n");
    show_plot(
        regions(false),
        "One unlimited-depth tree cuts the petal plane into axis-aligned boxes, some of them \
         around a single training flower: that is overfitting you can see. Yours should match \
         the reference box for box.",
    );
    show_plot(
        regions(true),
        "A forest of 100 votes: the boundary between versicolor and virginica is smoother and \
         the single-flower boxes are gone.",
    );
    let (reference, yours) = importances();
    let look_for = "A few features (worst radius, perimeter, area, concave points) carry most \
                    of the impurity decrease; the bars sum to 1.";
    show_plot(reference, look_for);
    if let Some(yours) = yours {
        show_plot(
            yours,
            "Your forest's importances: close to the reference's, in the same order.",
        );
    }
    println!();
}

/// One panel: the classes predicted over the grid (row by row), or an empty grid
/// (titled so) when there is no prediction.
fn panel(title: &str, points: &[Group], predicted: Option<Array1<usize>>) -> RegionsPanel {
    let cells = Array2::from_shape_fn((GRID, GRID), |(r, c)| {
        predicted
            .as_ref()
            .and_then(|p| p.get(r * GRID + c).copied())
    });
    let title = if predicted.is_some() {
        title.to_string()
    } else {
        format!("{title}: not attempted")
    };
    RegionsPanel {
        title,
        grid: cells,
        points: points.to_vec(),
    }
}

/// Decision regions on iris petal length and width: a single unlimited-depth tree, or a
/// forest of 100.
fn regions(forest: bool) -> Result<PathBuf, PlotError> {
    let petals = datasets::iris()
        .with_features(&["petal length (cm)", "petal width (cm)"])
        .expect("iris has petal columns");
    let parts = reference_parts(&petals);
    let (x, y) = (parts.train.features.view(), parts.y_train.view());
    let points: Vec<(f64, f64)> = x.rows().into_iter().map(|r| (r[0], r[1])).collect();
    let groups = Group::by_label(&points, y.as_slice().unwrap_or(&[]), |k| {
        petals.target_names[k].clone()
    });
    let grid = RegionsPanel::grid_points(&groups, GRID, GRID)?;
    let linfa_data = linfa::Dataset::new(parts.train.features.clone(), parts.y_train.clone());
    let panels = if forest {
        let params = ForestParams::new(100);
        let yours = run_learner(|| random_forest::fit(x, y, &params))
            .value()
            .and_then(|f| f.as_ref().ok())
            .and_then(|f| reference::bagging::predict(f, grid.view()).ok());
        let theirs = reference::random_forest::fit(x, y, &params)
            .ok()
            .and_then(|f| reference::bagging::predict(&f, grid.view()).ok());
        let linfa = RandomForestParams::new_fixed_rng(linfa_trees::DecisionTree::params(), rng(0))
            .ensemble_size(100)
            .feature_proportion(0.5)
            .fit(&linfa_data)
            .ok()
            .map(|f| f.predict(&grid));
        [
            ("your forest", yours),
            ("reference forest", theirs),
            ("linfa-ensemble forest", linfa),
        ]
    } else {
        let params = TreeParams::new();
        let yours = run_learner(|| {
            decision_tree::fit(x, y, &params).and_then(|t| decision_tree::predict(&t, grid.view()))
        })
        .value()
        .and_then(|p| p.as_ref().ok().cloned());
        let theirs = reference::decision_tree::fit(x, y, &params)
            .and_then(|t| reference::decision_tree::predict(&t, grid.view()))
            .ok();
        let linfa = linfa_trees::DecisionTree::params()
            .fit(&linfa_data)
            .ok()
            .map(|t| t.predict(&grid));
        [
            ("your tree", yours),
            ("reference tree", theirs),
            ("linfa-trees tree", linfa),
        ]
    };
    let panels: Vec<RegionsPanel> = panels
        .into_iter()
        .map(|(title, predicted)| panel(title, &groups, predicted))
        .collect();
    let file = if forest {
        "trees_regions_forest.svg"
    } else {
        "trees_regions_tree.svg"
    };
    decision_regions(
        &output_path(file)?,
        "petal length (cm)",
        "petal width (cm)",
        &panels,
    )
}

/// Importances of a forest of 100 on breast_cancer, largest first: the reference's,
/// and yours if you wrote `feature_importances`.
#[allow(clippy::type_complexity)]
fn importances() -> (
    Result<PathBuf, PlotError>,
    Option<Result<PathBuf, PlotError>>,
) {
    let cancer = datasets::breast_cancer();
    let parts = reference_parts(&cancer);
    let (x, y) = (parts.train.features.view(), parts.y_train.view());
    let params = ForestParams::new(100);
    let chart = |title: &str, values: &Array1<f64>| {
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
        Bars {
            title: title.into(),
            value_label: "mean decrease in Gini impurity (share)".into(),
            labels: order
                .iter()
                .map(|&j| cancer.feature_names[j].clone())
                .collect(),
            values: order.iter().map(|&j| values[j]).collect(),
        }
    };
    let draw = |file: &str, title: &str, values: &Array1<f64>| {
        bar_chart(&output_path(file)?, &chart(title, values))
    };
    let yours = run_learner(|| {
        let forest = random_forest::fit(x, y, &params).ok()?;
        Some(random_forest::feature_importances(&forest))
    });
    let reference = reference::random_forest::fit(x, y, &params)
        .map_err(|e| PlotError::NoData {
            what: "feature importances".into(),
            why: e.to_string(),
        })
        .and_then(|forest| {
            draw(
                "trees_importances.svg",
                "breast_cancer feature importances (reference forest of 100)",
                &reference::random_forest::feature_importances(&forest),
            )
        });
    let yours = match yours.value() {
        Some(Some(values)) => Some(draw(
            "trees_importances_yours.svg",
            "breast_cancer feature importances (your forest of 100)",
            values,
        )),
        _ => None,
    };
    (reference, yours)
}
