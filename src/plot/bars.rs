//! Horizontal bar charts: one labelled bar per item (e.g. feature importances).

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{PlotError, color, draw_error, tick_label};

/// Labelled values, drawn top to bottom in the given order.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    pub title: String,
    pub value_label: String,
    pub labels: Vec<String>,
    pub values: Vec<f64>,
}

/// Draws `bars` into the SVG file at `path`.
pub fn bar_chart(path: &Path, bars: &Bars) -> Result<PathBuf, PlotError> {
    if bars.values.is_empty() || bars.values.len() != bars.labels.len() {
        return Err(PlotError::NoData {
            what: bars.title.clone(),
            why: format!(
                "{} labels for {} values",
                bars.labels.len(),
                bars.values.len()
            ),
        });
    }
    let err = draw_error(path);
    let n = bars.values.len();
    let max = bars
        .values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let height = 120 + 28 * n as u32;
    let label_width = 12 + 7 * bars.labels.iter().map(String::len).max().unwrap_or(0) as u32;

    let root = SVGBackend::new(path, (800, height)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let mut ctx = ChartBuilder::on(&root)
        .caption(&bars.title, ("sans-serif", 22))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(label_width)
        .build_cartesian_2d(0.0..max * 1.05 + f64::EPSILON, (0..n).into_segmented())
        .map_err(|e| err(&e))?;
    ctx.configure_mesh()
        .disable_y_mesh()
        // A bar's label names it: the ticks are invisible (the segmented axis adds one
        // past the last bar); the axis lines are drawn below.
        .axis_style(TRANSPARENT)
        .x_label_formatter(&tick_label)
        .x_desc(&bars.value_label)
        .y_labels(n)
        .y_label_formatter(&|segment| match segment {
            SegmentValue::CenterOf(i) => n
                .checked_sub(1 + *i)
                .and_then(|row| bars.labels.get(row).cloned())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .draw()
        .map_err(|e| err(&e))?;
    let (x_end, y_end) = (max * 1.05 + f64::EPSILON, SegmentValue::Exact(n));
    let axes = [
        (0.0, y_end),
        (0.0, SegmentValue::Exact(0)),
        (x_end, SegmentValue::Exact(0)),
    ];
    ctx.draw_series(LineSeries::new(axes, BLACK))
        .map_err(|e| err(&e))?;
    let style = color(0).filled();
    ctx.draw_series(bars.values.iter().enumerate().map(|(i, &v)| {
        let row = n - 1 - i;
        let mut bar = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(row)),
                (v.max(0.0), SegmentValue::Exact(row + 1)),
            ],
            style,
        );
        bar.set_margin(4, 4, 0, 0);
        bar
    }))
    .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))?;
    Ok(path.to_path_buf())
}
