//! Line charts: loss curves, elbow curves, validation and learning curves.

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{
    PlotError, color, draw_error, draw_legend, emptiest_corner, legend_size, linear_tick_label,
    padded_range, tick_label,
};

/// One named line.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
    /// Drawn dashed, after the solid lines: the learner's curve, so that a reference
    /// curve it lies on stays visible between the dashes.
    pub dashed: bool,
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
            dashed: false,
        }
    }

    /// A line through `points`.
    pub fn from_points(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Series {
            name: name.into(),
            points,
            dashed: false,
        }
    }

    /// This series, drawn dashed on top of the others (the learner's).
    pub fn dashed(self) -> Self {
        Series {
            dashed: true,
            ..self
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

/// The plotting area of a line chart, in pixels (the figure less its caption, margins
/// and label areas).
const AREA: (u32, u32) = (700, 390);

/// `chart`'s points where they are drawn: along each line (not only at its vertices,
/// which a legend may fall between), y as its logarithm on a log axis.
fn drawn_points(chart: &LineChart) -> Vec<(f64, f64)> {
    let y = |v: f64| if chart.log_y { v.log10() } else { v };
    let kept = |&(x, v): &(f64, f64)| x.is_finite() && v.is_finite() && (!chart.log_y || v > 0.0);
    chart
        .series
        .iter()
        .flat_map(|s| {
            let points: Vec<(f64, f64)> = s.points.iter().copied().filter(kept).collect();
            let along: Vec<(f64, f64)> = points
                .windows(2)
                .flat_map(|w| {
                    let ((x0, y0), (x1, y1)) = ((w[0].0, y(w[0].1)), (w[1].0, y(w[1].1)));
                    (0..8).map(move |i| {
                        let t = f64::from(i) / 8.0;
                        (x0 + t * (x1 - x0), y0 + t * (y1 - y0))
                    })
                })
                .collect();
            let last = points.last().map(|&(x, v)| (x, y(v)));
            along.into_iter().chain(last)
        })
        .collect()
}

/// `y_range`, raised at the top when every corner of the plot has a line under the legend,
/// so that the legend sits above the lines.
fn with_room_for_the_legend(
    chart: &LineChart,
    x_range: std::ops::Range<f64>,
    y_range: std::ops::Range<f64>,
) -> std::ops::Range<f64> {
    let labels: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    let size = legend_size(&labels, AREA);
    // The corners of the padded ranges, so that the points are scaled as drawn.
    let y = |v: f64| if chart.log_y { v.log10() } else { v };
    let frame = [
        (x_range.start, y(y_range.start)),
        (x_range.end, y(y_range.end)),
    ];
    if emptiest_corner(&drawn_points(chart), &frame, size).1 == 0 {
        return y_range;
    }
    let share = (size.1 + 0.05).min(0.5);
    let grow = share / (1.0 - share);
    if chart.log_y {
        y_range.start..y_range.end * (y_range.end / y_range.start).powf(grow)
    } else {
        y_range.start..y_range.end + (y_range.end - y_range.start) * grow
    }
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
        // From a power of 10 (a hair below, against rounding): plotters labels a log
        // axis from the first power of 10 in its range up.
        let decade = |y: f64| 10f64.powf(y.log10().floor()) * (1.0 - 1e-9);
        (lo <= hi).then(|| decade(lo / 1.5)..hi * 1.5)
    } else {
        padded_range(y_values)
    }
    .ok_or_else(|| no_data("no finite (positive, on a log axis) y"))?;
    let y_range = with_room_for_the_legend(chart, x_range.clone(), y_range);
    let (x_ticks, y_ticks) = (linear_tick_label(&x_range), linear_tick_label(&y_range));
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
            .x_label_formatter(&x_ticks)
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
            .x_label_formatter(&x_ticks)
            .y_label_formatter(&y_ticks)
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
    let kept = |&(x, y): &(f64, f64)| x.is_finite() && y.is_finite() && (!chart.log_y || y > 0.0);
    // Solid lines first, dashed (the learner's) on top; colours follow the given order.
    let mut order: Vec<usize> = (0..chart.series.len()).collect();
    order.sort_by_key(|&i| chart.series[i].dashed);
    for i in order {
        let series = &chart.series[i];
        let style = color(i).stroke_width(if series.dashed { 2 } else { 3 });
        let points = series.points.iter().copied().filter(kept);
        let drawn = if series.dashed {
            ctx.draw_series(DashedLineSeries::new(points, 8, 5, style))
        } else {
            ctx.draw_series(LineSeries::new(points, style))
        };
        drawn
            .map_err(|e| err(&e))?
            .label(&series.name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
    }
    // With the corners of the axes: the lines may leave room at the top for the legend.
    let (xs, ys) = (ctx.x_range(), ctx.y_range());
    let y = |v: f64| if chart.log_y { v.log10() } else { v };
    let frame = [(xs.start, y(ys.start)), (xs.end, y(ys.end))];
    let labels: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    draw_legend(ctx, &drawn_points(chart), &frame, &labels).map_err(|e| err(&e))?;
    Ok(())
}
