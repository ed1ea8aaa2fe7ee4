//! Line charts: loss curves, elbow curves, validation and learning curves.

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{PlotError, color, draw_error, draw_legend, padded_range, tick_label};

/// One named line.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

impl Series {
    /// A line through `values` at x = 0, 1, 2, ... (e.g. a loss history).
    pub fn from_values(name: impl Into<String>, values: &[f64]) -> Self {
        Series {
            name: name.into(),
            points: values
                .iter()
                .enumerate()
                .map(|(i, &v)| (i as f64, v))
                .collect(),
        }
    }
}

/// A chart of one or more lines sharing axes.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<Series>,
    /// Plot the y axis on a log scale (for losses that fall by orders of magnitude).
    pub log_y: bool,
}

/// Draws `chart` into the SVG file at `path`.
pub fn line_chart(path: &Path, chart: &LineChart) -> Result<PathBuf, PlotError> {
    let no_data = |why: &str| PlotError::NoData {
        what: chart.title.clone(),
        why: why.to_string(),
    };
    let points = || chart.series.iter().flat_map(|s| s.points.iter());
    let x_range = padded_range(points().map(|p| p.0)).ok_or_else(|| no_data("no finite x"))?;
    let y_values = points().map(|p| p.1).filter(|&y| !chart.log_y || y > 0.0);
    let y_range = if chart.log_y {
        // Pad by a factor in log space: an additive pad could reach 0 or below.
        let (lo, hi) = y_values
            .filter(|y| y.is_finite())
            .fold((f64::INFINITY, 0.0f64), |(lo, hi), y| {
                (lo.min(y), hi.max(y))
            });
        (lo <= hi).then(|| lo / 2.0..hi * 2.0)
    } else {
        padded_range(y_values)
    }
    .ok_or_else(|| no_data("no finite (positive, on a log axis) y"))?;
    let err = draw_error(path);

    let root = SVGBackend::new(path, (800, 500)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let mut builder = ChartBuilder::on(&root);
    builder
        .caption(&chart.title, ("sans-serif", 22))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(70);
    if chart.log_y {
        let mut ctx = builder
            .build_cartesian_2d(x_range, y_range.log_scale())
            .map_err(|e| err(&e))?;
        ctx.configure_mesh()
            .x_label_formatter(&tick_label)
            .y_label_formatter(&tick_label)
            .x_desc(&chart.x_label)
            .y_desc(&chart.y_label)
            .draw()
            .map_err(|e| err(&e))?;
        draw_series(&mut ctx, chart, path)?;
    } else {
        let mut ctx = builder
            .build_cartesian_2d(x_range, y_range)
            .map_err(|e| err(&e))?;
        ctx.configure_mesh()
            .x_label_formatter(&tick_label)
            .y_label_formatter(&tick_label)
            .x_desc(&chart.x_label)
            .y_desc(&chart.y_label)
            .draw()
            .map_err(|e| err(&e))?;
        draw_series(&mut ctx, chart, path)?;
    }
    root.present().map_err(|e| err(&e))?;
    Ok(path.to_path_buf())
}

fn draw_series<'a, X, Y>(
    ctx: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
    chart: &LineChart,
    path: &Path,
) -> Result<(), PlotError>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let err = draw_error(path);
    for (i, series) in chart.series.iter().enumerate() {
        let style = color(i).stroke_width(2);
        let points = series
            .points
            .iter()
            .copied()
            .filter(|&(x, y)| x.is_finite() && y.is_finite() && (!chart.log_y || y > 0.0));
        ctx.draw_series(LineSeries::new(points, style))
            .map_err(|e| err(&e))?
            .label(&series.name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
    }
    draw_legend(ctx).map_err(|e| err(&e))?;
    Ok(())
}
