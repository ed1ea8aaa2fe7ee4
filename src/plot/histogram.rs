//! Histograms: the distribution of one value (e.g. anomaly scores) for a few groups,
//! overlaid, with labelled vertical markers (e.g. a chosen threshold).

use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{PlotError, color, draw_error, linear_tick_label, padded_range};

/// Values of several groups, binned on one shared axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    pub title: String,
    pub x_label: String,
    /// `(name, values)` per group; each group is drawn in its palette colour,
    /// half-transparent, so overlaps stay visible. Non-finite values are skipped.
    pub groups: Vec<(String, Vec<f64>)>,
    /// Number of equal-width bins.
    pub bins: usize,
    /// The binned range; values outside it are counted in the first or last bin (and
    /// the axis says so). `None`: the range of all values.
    pub range: Option<(f64, f64)>,
    /// `(label, x)`: a dashed vertical line at each x, named in the legend.
    pub markers: Vec<(String, f64)>,
}

/// The count of `values` in each of `bins` equal bins of `lo..hi`, the outside values in
/// the edge bins.
pub fn bin_counts(values: &[f64], lo: f64, hi: f64, bins: usize) -> Vec<usize> {
    let mut counts = vec![0; bins.max(1)];
    let width = (hi - lo) / counts.len() as f64;
    for &v in values.iter().filter(|v| v.is_finite()) {
        let bin = if width > 0.0 {
            ((v - lo) / width)
                .floor()
                .clamp(0.0, (counts.len() - 1) as f64) as usize
        } else {
            0
        };
        counts[bin] += 1;
    }
    counts
}

/// Draws `histogram` into the SVG file at `path`.
pub fn histogram(path: &Path, histogram: &Histogram) -> Result<PathBuf, PlotError> {
    let all: Vec<f64> = histogram
        .groups
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .filter(|v| v.is_finite())
        .collect();
    let no_data = |why: &str| PlotError::NoData {
        what: histogram.title.clone(),
        why: why.into(),
    };
    if all.is_empty() || histogram.bins == 0 {
        return Err(no_data("no finite values, or 0 bins"));
    }
    let (lo, hi) = histogram.range.unwrap_or_else(|| {
        let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lo, if hi > lo { hi } else { lo + 1.0 })
    });
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        return Err(no_data("the range is empty"));
    }
    let bins = histogram.bins;
    let width = (hi - lo) / bins as f64;
    let counts: Vec<Vec<usize>> = histogram
        .groups
        .iter()
        .map(|(_, values)| bin_counts(values, lo, hi, bins))
        .collect();
    let highest = counts.iter().flatten().copied().max().unwrap_or(0).max(1);
    let x_range = padded_range([lo, hi].into_iter()).expect("a non-empty range");
    let clipped = all.iter().any(|&v| v < lo || v > hi);
    let x_label = if clipped {
        format!(
            "{} (values beyond the axis are counted in the edge bins)",
            histogram.x_label
        )
    } else {
        histogram.x_label.clone()
    };

    let err = draw_error(path);
    let root = SVGBackend::new(path, (800, 500)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(&histogram.title, ("sans-serif", 22))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(55)
        .build_cartesian_2d(x_range.clone(), 0.0..highest as f64 * 1.1)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc("rows")
        .x_label_formatter(&linear_tick_label(&x_range))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()
        .map_err(|e| err(&e))?;
    for (g, ((name, _), group_counts)) in histogram.groups.iter().zip(&counts).enumerate() {
        let style = color(g).mix(0.55).filled();
        chart
            .draw_series(
                group_counts
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c > 0)
                    .map(|(b, &c)| {
                        let x0 = lo + b as f64 * width;
                        Rectangle::new([(x0, 0.0), (x0 + width, c as f64)], style)
                    }),
            )
            .map_err(|e| err(&e))?
            .label(name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], style));
    }
    let top = highest as f64 * 1.1;
    for (m, (label, x)) in histogram.markers.iter().enumerate() {
        let marker_color = color(histogram.groups.len() + m + 5);
        let steps = 40;
        let dashes = (0..steps).step_by(2).map(|i| {
            let (y0, y1) = (
                top * i as f64 / steps as f64,
                top * (i + 1) as f64 / steps as f64,
            );
            PathElement::new(vec![(*x, y0), (*x, y1)], marker_color.stroke_width(2))
        });
        chart
            .draw_series(dashes)
            .map_err(|e| err(&e))?
            .label(label.as_str())
            .legend(move |(px, py)| {
                PathElement::new(vec![(px, py), (px + 14, py)], marker_color.stroke_width(2))
            });
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))?;
    Ok(path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_outside_the_range_go_to_the_edge_bins() {
        assert_eq!(
            bin_counts(&[-100.0, 0.5, 1.5, 2.0, 9.0, f64::NAN], 0.0, 2.0, 2),
            [2, 3]
        );
    }

    #[test]
    fn a_histogram_with_a_marker_writes_an_svg() {
        let path = std::env::temp_dir().join(format!("mlings-hist-{}.svg", std::process::id()));
        let h = Histogram {
            title: "scores".into(),
            x_label: "log p(x)".into(),
            groups: vec![
                ("normal".into(), vec![1.0, 2.0, 2.5]),
                ("anomaly".into(), vec![-3.0]),
            ],
            bins: 10,
            range: Some((-2.0, 3.0)),
            markers: vec![("log ε".into(), -1.0)],
        };
        let written = histogram(&path, &h).unwrap();
        let svg = std::fs::read_to_string(&written).unwrap();
        std::fs::remove_file(&written).unwrap();
        assert!(svg.contains("log ε") && svg.contains("edge bins"));
        let empty = Histogram {
            groups: vec![],
            ..h
        };
        assert!(histogram(&path, &empty).is_err());
    }
}
