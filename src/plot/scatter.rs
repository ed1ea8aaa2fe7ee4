//! Scatter plots: points coloured by group (class or cluster), with optional markers
//! (e.g. centroids) drawn on top.

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{PlotError, draw_error, draw_groups, draw_legend, padded_range, tick_label};

/// Points of one colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

impl Group {
    /// Splits 2-D points into groups by label (`labels[i]` is the group of `points[i]`);
    /// group `g` is named `name(g)`.
    pub fn by_label(
        points: &[(f64, f64)],
        labels: &[usize],
        name: impl Fn(usize) -> String,
    ) -> Vec<Group> {
        let n_groups = labels.iter().max().map_or(0, |&m| m + 1);
        let mut groups: Vec<Group> = (0..n_groups)
            .map(|g| Group {
                name: name(g),
                points: Vec::new(),
            })
            .collect();
        for (&point, &label) in points.iter().zip(labels) {
            groups[label].points.push(point);
        }
        groups
    }
}

/// A scatter plot.
#[derive(Debug, Clone, PartialEq)]
pub struct Scatter {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub groups: Vec<Group>,
    /// Drawn as large crosses on top, e.g. centroids.
    pub markers: Vec<(f64, f64)>,
    pub markers_name: String,
}

/// Draws `plot` into the SVG file at `path`.
pub fn scatter_plot(path: &Path, plot: &Scatter) -> Result<PathBuf, PlotError> {
    let all = || {
        plot.groups
            .iter()
            .flat_map(|g| g.points.iter())
            .chain(&plot.markers)
    };
    let no_data = || PlotError::NoData {
        what: plot.title.clone(),
        why: "no finite points".into(),
    };
    let x_range = padded_range(all().map(|p| p.0)).ok_or_else(no_data)?;
    let y_range = padded_range(all().map(|p| p.1)).ok_or_else(no_data)?;
    let err = draw_error(path);

    let root = SVGBackend::new(path, (700, 560)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let mut ctx = ChartBuilder::on(&root)
        .caption(&plot.title, ("sans-serif", 22))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(x_range, y_range)
        .map_err(|e| err(&e))?;
    ctx.configure_mesh()
        .x_label_formatter(&tick_label)
        .y_label_formatter(&tick_label)
        .x_desc(&plot.x_label)
        .y_desc(&plot.y_label)
        .draw()
        .map_err(|e| err(&e))?;
    draw_groups(&mut ctx, &plot.groups, 4).map_err(|e| err(&e))?;
    if !plot.markers.is_empty() {
        let style = BLACK.stroke_width(3);
        ctx.draw_series(plot.markers.iter().map(|&p| Cross::new(p, 9, style)))
            .map_err(|e| err(&e))?
            .label(&plot.markers_name)
            .legend(move |p| Cross::new(p, 6, style));
    }
    draw_legend(&mut ctx).map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))?;
    Ok(path.to_path_buf())
}
