//! Decision regions: what a classifier predicts over a 2-D plane, shaded by class, with
//! the training points on top. Several panels side by side compare classifiers.

use std::path::{Path, PathBuf};

use ndarray::{Array2, ArrayView2};
use plotters::prelude::*;

use super::{
    DrawResult, Group, PlaneChart, PlotError, color, draw_error, draw_groups, draw_legend,
    group_points, linear_tick_label, padded_range,
};

/// One classifier's picture: a grid of predicted classes over the plane and the points.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionsPanel {
    pub title: String,
    /// `grid[[row, col]]` is the class predicted at x = `x_range[col]`, y = `y_range[row]`
    /// (see [`RegionsPanel::grid_points`]); `None` where the classifier gave no answer.
    pub grid: Array2<Option<usize>>,
    pub points: Vec<Group>,
}

impl RegionsPanel {
    /// The plane's sample points, row by row, as an `(rows·cols) x 2` array to predict on,
    /// covering `points` with a margin. Reshape the predictions to `(rows, cols)`.
    pub fn grid_points(
        points: &[Group],
        rows: usize,
        cols: usize,
    ) -> Result<Array2<f64>, PlotError> {
        let (xs, ys) = ranges(points)?;
        let step = |r: &std::ops::Range<f64>, i: usize, n: usize| {
            r.start + (r.end - r.start) * (i as f64 + 0.5) / n as f64
        };
        Ok(Array2::from_shape_fn((rows * cols, 2), |(i, j)| {
            if j == 0 {
                step(&xs, i % cols, cols)
            } else {
                step(&ys, i / cols, rows)
            }
        }))
    }
}

fn ranges(points: &[Group]) -> Result<(std::ops::Range<f64>, std::ops::Range<f64>), PlotError> {
    let all = || points.iter().flat_map(|g| g.points.iter());
    let no_data = || PlotError::NoData {
        what: "decision regions".into(),
        why: "no finite points".into(),
    };
    let x = padded_range(all().map(|p| p.0)).ok_or_else(no_data)?;
    let y = padded_range(all().map(|p| p.1)).ok_or_else(no_data)?;
    Ok((x, y))
}

/// Draws `panels` side by side into the SVG file at `path`; all panels share the axis
/// ranges of the first panel's points.
pub fn decision_regions(
    path: &Path,
    x_label: &str,
    y_label: &str,
    panels: &[RegionsPanel],
) -> Result<PathBuf, PlotError> {
    let first = panels.first().ok_or_else(|| PlotError::NoData {
        what: "decision regions".into(),
        why: "no panels".into(),
    })?;
    let (x_range, y_range) = ranges(&first.points)?;
    let (x_ticks, y_ticks) = (linear_tick_label(&x_range), linear_tick_label(&y_range));
    let err = draw_error(path);
    let root = SVGBackend::new(path, (520 * panels.len() as u32, 540)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    for (area, panel) in root.split_evenly((1, panels.len())).iter().zip(panels) {
        let mut ctx = ChartBuilder::on(area)
            .caption(&panel.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(45)
            .build_cartesian_2d(x_range.clone(), y_range.clone())
            .map_err(|e| err(&e))?;
        ctx.configure_mesh()
            .disable_mesh()
            .x_label_formatter(&x_ticks)
            .y_label_formatter(&y_ticks)
            .x_desc(x_label)
            .y_desc(y_label)
            .draw()
            .map_err(|e| err(&e))?;
        draw_cells(&mut ctx, panel.grid.view(), &x_range, &y_range).map_err(|e| err(&e))?;
        draw_groups(&mut ctx, &panel.points, 3).map_err(|e| err(&e))?;
        let labels: Vec<&str> = panel.points.iter().map(|g| g.name.as_str()).collect();
        draw_legend(&mut ctx, &group_points(&panel.points), &[], &labels).map_err(|e| err(&e))?;
    }
    root.present().map_err(|e| err(&e))?;
    Ok(path.to_path_buf())
}

fn draw_cells(
    ctx: &mut PlaneChart<'_>,
    grid: ArrayView2<Option<usize>>,
    x: &std::ops::Range<f64>,
    y: &std::ops::Range<f64>,
) -> DrawResult {
    let (rows, cols) = grid.dim();
    let width = (x.end - x.start) / cols as f64;
    let height = (y.end - y.start) / rows as f64;
    ctx.draw_series(grid.indexed_iter().filter_map(|((r, c), class)| {
        let class = (*class)?;
        let corner = (x.start + c as f64 * width, y.start + r as f64 * height);
        Some(Rectangle::new(
            [corner, (corner.0 + width, corner.1 + height)],
            color(class).mix(0.25).filled(),
        ))
    }))?;
    Ok(())
}
