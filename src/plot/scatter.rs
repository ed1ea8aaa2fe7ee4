//! Scatter plots: points coloured by group (class or cluster), with optional markers
//! (e.g. centroids) drawn on top.

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{PlotError, draw_error, draw_groups, draw_legend, linear_tick_label, padded_range};

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
    /// A named straight line under the points, through its two ends: y = x on a
    /// predicted-versus-actual plot, y = 0 on a residual plot.
    pub line: Option<(String, [(f64, f64); 2])>,
}

/// Draws `plot` into the SVG file at `path`.
pub fn scatter_plot(path: &Path, plot: &Scatter) -> Result<PathBuf, PlotError> {
    let all = || {
        plot.groups
            .iter()
            .flat_map(|g| g.points.iter())
            .chain(&plot.markers)
            .chain(plot.line.iter().flat_map(|(_, ends)| ends))
    };
    let no_data = || PlotError::NoData {
        what: plot.title.clone(),
        why: "no finite points".into(),
    };
    let x_range = padded_range(all().map(|p| p.0)).ok_or_else(no_data)?;
    let y_range = padded_range(all().map(|p| p.1)).ok_or_else(no_data)?;
    let (x_ticks, y_ticks) = (linear_tick_label(&x_range), linear_tick_label(&y_range));
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
        .x_label_formatter(&x_ticks)
        .y_label_formatter(&y_ticks)
        .x_desc(&plot.x_label)
        .y_desc(&plot.y_label)
        .draw()
        .map_err(|e| err(&e))?;
    let mut labels: Vec<&str> = Vec::new();
    if let Some((name, ends)) = &plot.line {
        let style = BLACK.mix(0.6).stroke_width(2);
        ctx.draw_series(LineSeries::new(ends.iter().copied(), style))
            .map_err(|e| err(&e))?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
        labels.push(name);
    }
    draw_groups(&mut ctx, &plot.groups, 4).map_err(|e| err(&e))?;
    labels.extend(plot.groups.iter().map(|g| g.name.as_str()));
    if !plot.markers.is_empty() {
        let style = BLACK.stroke_width(3);
        ctx.draw_series(plot.markers.iter().map(|&p| Cross::new(p, 9, style)))
            .map_err(|e| err(&e))?
            .label(&plot.markers_name)
            .legend(move |p| Cross::new(p, 6, style));
        labels.push(&plot.markers_name);
    }
    let points: Vec<(f64, f64)> = all().copied().collect();
    draw_legend(&mut ctx, &points, &[], &labels).map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))?;
    Ok(path.to_path_buf())
}
