//! Heat maps: a matrix of values as coloured cells (a confusion matrix with its counts
//! written in), or a grid of small ones (the learned kernels of a convolution).

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{PlotError, draw_error};

/// One matrix drawn as cells, row 0 at the top.
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    pub title: String,
    /// The values, row by row (all rows of the same length).
    pub values: Vec<Vec<f64>>,
    /// One label per row (left) and per column (top); may be empty.
    pub row_labels: Vec<String>,
    pub col_labels: Vec<String>,
    /// Axis names, e.g. "true digit" (rows) and "predicted digit" (columns).
    pub row_name: String,
    pub col_name: String,
    /// Whether to write each value in its cell (whole numbers without decimals).
    pub annotate: bool,
}

/// White for 0 to dark blue for `max`.
fn sequential(value: f64, max: f64) -> RGBColor {
    let t = if max > 0.0 {
        (value / max).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mix = |from: f64, to: f64| (from + (to - from) * t).round() as u8;
    RGBColor(mix(255.0, 8.0), mix(255.0, 69.0), mix(255.0, 148.0))
}

/// Blue for −`limit`, white for 0, red for +`limit`.
fn diverging(value: f64, limit: f64) -> RGBColor {
    let t = if limit > 0.0 {
        (value / limit).clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let toward = |to: (f64, f64, f64), t: f64| {
        let mix = |to: f64| (255.0 + (to - 255.0) * t).round() as u8;
        RGBColor(mix(to.0), mix(to.1), mix(to.2))
    };
    if t >= 0.0 {
        toward((178.0, 24.0, 43.0), t)
    } else {
        toward((33.0, 102.0, 172.0), -t)
    }
}

fn check(title: &str, values: &[Vec<f64>]) -> Result<(usize, usize), PlotError> {
    let cols = values.first().map_or(0, Vec::len);
    if values.is_empty() || cols == 0 || values.iter().any(|row| row.len() != cols) {
        return Err(PlotError::NoData {
            what: title.to_string(),
            why: "the rows must be non-empty and of one length".to_string(),
        });
    }
    Ok((values.len(), cols))
}

/// Draws `map` into the SVG file at `path`, cells coloured from white (0) to blue (the
/// largest value).
pub fn heatmap(path: &Path, map: &Heatmap) -> Result<PathBuf, PlotError> {
    let (rows, cols) = check(&map.title, &map.values)?;
    let err = draw_error(path);
    let cell = 44i32;
    let (left, top) = (90i32, 90i32);
    let size = (
        (left + cell * cols as i32 + 30) as u32,
        (top + cell * rows as i32 + 30) as u32,
    );
    let root = SVGBackend::new(path, size).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let font = ("sans-serif", 14).into_font();
    root.draw(&Text::new(map.title.clone(), (10, 10), ("sans-serif", 20)))
        .map_err(|e| err(&e))?;
    root.draw(&Text::new(
        map.col_name.clone(),
        (left, top - 45),
        font.clone(),
    ))
    .map_err(|e| err(&e))?;
    root.draw(&Text::new(
        map.row_name.clone(),
        (10, top - 20),
        font.clone(),
    ))
    .map_err(|e| err(&e))?;
    let max = map
        .values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    for (i, row) in map.values.iter().enumerate() {
        let y = top + cell * i as i32;
        if let Some(label) = map.row_labels.get(i) {
            root.draw(&Text::new(
                label.clone(),
                (left - 25, y + cell / 3),
                font.clone(),
            ))
            .map_err(|e| err(&e))?;
        }
        for (j, &value) in row.iter().enumerate() {
            let x = left + cell * j as i32;
            let fill = sequential(value, max);
            root.draw(&Rectangle::new(
                [(x, y), (x + cell, y + cell)],
                fill.filled(),
            ))
            .map_err(|e| err(&e))?;
            root.draw(&Rectangle::new(
                [(x, y), (x + cell, y + cell)],
                RGBColor(220, 220, 220),
            ))
            .map_err(|e| err(&e))?;
            if map.annotate && value != 0.0 {
                let text = if value.fract() == 0.0 {
                    format!("{value:.0}")
                } else {
                    format!("{value:.2}")
                };
                let color = if value > 0.5 * max { WHITE } else { BLACK };
                root.draw(&Text::new(
                    text,
                    (x + cell / 4, y + cell / 3),
                    font.clone().color(&color),
                ))
                .map_err(|e| err(&e))?;
            }
        }
    }
    for (j, label) in map.col_labels.iter().enumerate().take(cols) {
        let x = left + cell * j as i32 + cell / 3;
        root.draw(&Text::new(label.clone(), (x, top - 20), font.clone()))
            .map_err(|e| err(&e))?;
    }
    root.present().map_err(|e| err(&e))?;
    Ok(path.to_path_buf())
}

/// Small matrices side by side, e.g. one learned kernel per panel.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatmapGrid {
    pub title: String,
    /// Each panel's caption and values (row by row).
    pub panels: Vec<(String, Vec<Vec<f64>>)>,
    /// Panels per row of the grid.
    pub columns: usize,
}

/// Draws `grid` into the SVG file at `path`: every panel's cells coloured from blue
/// (negative) through white (0) to red (positive), on one scale (the largest |value| of
/// all panels), so panels can be compared.
pub fn heatmap_grid(path: &Path, grid: &HeatmapGrid) -> Result<PathBuf, PlotError> {
    if grid.panels.is_empty() || grid.columns == 0 {
        return Err(PlotError::NoData {
            what: grid.title.clone(),
            why: "no panels".to_string(),
        });
    }
    let mut shape = None;
    for (name, values) in &grid.panels {
        let this = check(name, values)?;
        if *shape.get_or_insert(this) != this {
            return Err(PlotError::NoData {
                what: grid.title.clone(),
                why: "the panels must all have the same shape".to_string(),
            });
        }
    }
    let (rows, cols) = shape.expect("at least one panel");
    let err = draw_error(path);
    let cell = 36i32;
    let (panel_w, panel_h) = (cell * cols as i32 + 24, cell * rows as i32 + 40);
    let grid_rows = grid.panels.len().div_ceil(grid.columns) as i32;
    let grid_cols = grid.columns.min(grid.panels.len()) as i32;
    let size = (
        (20 + panel_w * grid_cols) as u32,
        (50 + panel_h * grid_rows) as u32,
    );
    let root = SVGBackend::new(path, size).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    root.draw(&Text::new(grid.title.clone(), (10, 10), ("sans-serif", 18)))
        .map_err(|e| err(&e))?;
    let limit = grid
        .panels
        .iter()
        .flat_map(|(_, values)| values.iter().flatten())
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, |m: f64, v| m.max(v.abs()));
    let font = ("sans-serif", 13).into_font();
    for (k, (name, values)) in grid.panels.iter().enumerate() {
        let x0 = 10 + panel_w * (k % grid.columns) as i32;
        let y0 = 45 + panel_h * (k / grid.columns) as i32;
        root.draw(&Text::new(name.clone(), (x0, y0), font.clone()))
            .map_err(|e| err(&e))?;
        for (i, row) in values.iter().enumerate() {
            for (j, &value) in row.iter().enumerate() {
                let x = x0 + cell * j as i32;
                let y = y0 + 18 + cell * i as i32;
                root.draw(&Rectangle::new(
                    [(x, y), (x + cell, y + cell)],
                    diverging(value, limit).filled(),
                ))
                .map_err(|e| err(&e))?;
            }
        }
        root.draw(&Rectangle::new(
            [
                (x0, y0 + 18),
                (x0 + cell * cols as i32, y0 + 18 + cell * rows as i32),
            ],
            BLACK,
        ))
        .map_err(|e| err(&e))?;
    }
    root.present().map_err(|e| err(&e))?;
    Ok(path.to_path_buf())
}
