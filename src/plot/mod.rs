//! SVG plots for the examples: line charts (loss curves, elbow curves), scatter plots
//! (clusters), bar charts (feature importances), histograms (anomaly scores),
//! decision regions and heat maps (confusion matrices, convolution kernels).
//!
//! Pure Rust (plotters' SVG backend): no system fonts or libraries needed. Text is
//! left to the SVG viewer's fonts. Every function writes one file and returns its path.

mod bars;
mod heatmap;
mod histogram;
mod line;
mod regions;
mod scatter;

use std::path::{Path, PathBuf};

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

pub use bars::{Bars, bar_chart};
pub use heatmap::{Heatmap, HeatmapGrid, heatmap, heatmap_grid};
pub use histogram::{Histogram, bin_counts, histogram};
pub use line::{LineChart, Series, line_chart};
pub use regions::{RegionsPanel, decision_regions};
pub use scatter::{Group, Scatter, scatter_plot};

/// Why a plot could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    #[error("cannot create the plot folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot draw {path}: {message}")]
    Draw { path: PathBuf, message: String },
    #[error("nothing to plot in {what}: {why}")]
    NoData { what: String, why: String },
}

/// The path `plots/<file_name>` under the course root, creating the folder if needed.
pub fn output_path(file_name: &str) -> Result<PathBuf, PlotError> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("plots");
    std::fs::create_dir_all(&folder).map_err(|source| PlotError::Folder {
        path: folder.clone(),
        source,
    })?;
    Ok(folder.join(file_name))
}

/// A colour-blind-friendly palette (Okabe and Ito's eight, then a grey and a purple so
/// that ten classes or features get ten colours), cycled by index.
pub fn color(index: usize) -> RGBColor {
    const PALETTE: [RGBColor; 10] = [
        RGBColor(0, 114, 178),
        RGBColor(230, 159, 0),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(86, 180, 233),
        RGBColor(213, 94, 0),
        RGBColor(240, 228, 66),
        RGBColor(0, 0, 0),
        RGBColor(153, 153, 153),
        RGBColor(117, 112, 179),
    ];
    PALETTE[index % PALETTE.len()]
}

/// A chart drawn on a plane of f64 x and y, as scatter plots and decision regions are.
type PlaneChart<'a> = ChartContext<'a, SVGBackend<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// What plotters returns when drawing on an SVG fails.
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Every point of `groups`.
fn group_points(groups: &[Group]) -> Vec<(f64, f64)> {
    groups
        .iter()
        .flat_map(|g| g.points.iter().copied())
        .collect()
}

/// Draws each group's points as filled circles of `radius` in its palette colour, each
/// with a legend entry.
fn draw_groups(chart: &mut PlaneChart<'_>, groups: &[Group], radius: i32) -> DrawResult {
    for (i, group) in groups.iter().enumerate() {
        let style = color(i).filled();
        chart
            .draw_series(group.points.iter().map(|&p| Circle::new(p, radius, style)))?
            .label(&group.name)
            .legend(move |p| Circle::new(p, 4, style));
    }
    Ok(())
}

/// Draws the legend of the labelled series in a framed, half-transparent box, in the
/// corner of the plot where it covers the fewest of `points` (in the chart's own
/// coordinates; a log axis passes its logarithms), scaled with the `frame` points
/// (see [`emptiest_corner`]). `labels` are the legend's entries.
fn draw_legend<'a, X, Y>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
    points: &[(f64, f64)],
    frame: &[(f64, f64)],
    labels: &[&str],
) -> DrawResult
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let size = legend_size(labels, chart.plotting_area().dim_in_pixel());
    chart
        .configure_series_labels()
        .position(emptiest_corner(points, frame, size).0)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
}

/// The legend box of `labels` as fractions of a plotting area of `area` pixels: about 7 px
/// a character beside a 30 px sample, 20 px a row.
fn legend_size(labels: &[&str], area: (u32, u32)) -> (f64, f64) {
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    (
        (45.0 + 7.0 * longest as f64) / f64::from(area.0.max(1)),
        (10.0 + 20.0 * labels.len() as f64) / f64::from(area.1.max(1)),
    )
}

/// The corner whose box of `size` (fractions of the width and height) holds the fewest
/// of `points`, which are scaled to the unit square by their own extent, and how many
/// it holds.
/// `frame` points only widen that extent (e.g. the corners of axes with headroom).
fn emptiest_corner(
    points: &[(f64, f64)],
    frame: &[(f64, f64)],
    size: (f64, f64),
) -> (SeriesLabelPosition, usize) {
    let finite: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    let extent: Vec<(f64, f64)> = finite
        .iter()
        .chain(frame.iter().filter(|(x, y)| x.is_finite() && y.is_finite()))
        .copied()
        .collect();
    let unit = |values: &mut dyn Iterator<Item = f64>| {
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        move |v: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 }
    };
    let (ux, uy) = (
        unit(&mut extent.iter().map(|p| p.0)),
        unit(&mut extent.iter().map(|p| p.1)),
    );
    // Data fills about 90% of each axis (5% padding each side).
    let (w, h) = (size.0 / 0.9 + 0.05, size.1 / 0.9 + 0.05);
    let corners = [
        (SeriesLabelPosition::UpperRight, 1.0 - w..1.1, 1.0 - h..1.1),
        (SeriesLabelPosition::UpperLeft, -0.1..w, 1.0 - h..1.1),
        (SeriesLabelPosition::LowerRight, 1.0 - w..1.1, -0.1..h),
        (SeriesLabelPosition::LowerLeft, -0.1..w, -0.1..h),
    ];
    let covered = |(xs, ys): (&std::ops::Range<f64>, &std::ops::Range<f64>)| {
        finite
            .iter()
            .filter(|&&(x, y)| xs.contains(&ux(x)) && ys.contains(&uy(y)))
            .count()
    };
    corners
        .into_iter()
        .map(|(corner, xs, ys)| (corner, covered((&xs, &ys))))
        .min_by_key(|&(_, count)| count)
        .unwrap_or((SeriesLabelPosition::UpperRight, 0))
}

/// Turns any drawing error into a [`PlotError`] naming the file.
fn draw_error(path: &Path) -> impl Fn(&dyn std::fmt::Display) -> PlotError + '_ {
    move |error| PlotError::Draw {
        path: path.to_path_buf(),
        message: error.to_string(),
    }
}

/// A short axis label: whole numbers without decimals, small or huge ones in
/// scientific notation ("1e-6"), others with at most 3 decimals.
fn tick_label(value: &f64) -> String {
    let v = *value;
    let magnitude = v.abs();
    if v == 0.0 {
        "0".into()
    } else if !(1e-3..1e6).contains(&magnitude) {
        let text = format!("{v:.1e}");
        text.replace(".0e", "e")
    } else if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        let text = format!("{v:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// [`tick_label`] for a linear axis spanning `range`: a tick within a billionth of the
/// span from 0 is 0 (plotters' steps leave rounding noise such as -1.1e-16 there).
fn linear_tick_label(range: &std::ops::Range<f64>) -> impl Fn(&f64) -> String + use<> {
    let noise = 1e-9 * (range.end - range.start).abs();
    move |v: &f64| {
        if v.abs() <= noise {
            "0".into()
        } else {
            tick_label(v)
        }
    }
}

/// The range covering `values`, padded by 5% on each side (and never empty).
fn padded_range(values: impl Iterator<Item = f64>) -> Option<std::ops::Range<f64>> {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return None;
    }
    let pad = if hi > lo { 0.05 * (hi - lo) } else { 0.5 };
    Some(lo - pad..hi + pad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_are_short() {
        let labels: Vec<String> = [0.0, 500.0, 0.25, 1e-6, 2.5e7, -3.0]
            .iter()
            .map(tick_label)
            .collect();
        assert_eq!(labels, ["0", "500", "0.25", "1e-6", "2.5e7", "-3"]);
    }

    #[test]
    fn rounding_noise_near_zero_is_labelled_zero() {
        let label = linear_tick_label(&(-0.8..1.3));
        assert_eq!(label(&-1.1e-16), "0");
        assert_eq!(label(&0.2), "0.2");
        assert_eq!(linear_tick_label(&(0.0..1e-12))(&2e-13), "2e-13");
    }

    #[test]
    fn the_legend_goes_where_there_is_no_data() {
        // Points along the diagonal from lower left to upper right: the other corners
        // are empty.
        let diagonal: Vec<(f64, f64)> = (0..50).map(|i| (i as f64, i as f64)).collect();
        let (corner, covered) = emptiest_corner(&diagonal, &[], (0.3, 0.2));
        assert_eq!(covered, 0);
        assert!(
            matches!(
                corner,
                SeriesLabelPosition::UpperLeft | SeriesLabelPosition::LowerRight
            ),
            "{corner:?}"
        );
        let upper_right: Vec<(f64, f64)> = (0..50)
            .map(|i| (1.0 + (i % 5) as f64 * 0.01, 1.0 + (i / 5) as f64 * 0.01))
            .chain([(0.0, 0.0)])
            .collect();
        assert!(!matches!(
            emptiest_corner(&upper_right, &[], (0.3, 0.2)).0,
            SeriesLabelPosition::UpperRight
        ));
    }

    #[test]
    fn padded_range_pads_and_skips_non_finite() {
        assert_eq!(
            padded_range([0.0, 10.0, f64::NAN].into_iter()),
            Some(-0.5..10.5)
        );
        assert_eq!(padded_range([3.0].into_iter()), Some(2.5..3.5));
        assert_eq!(padded_range(std::iter::empty()), None);
    }
}

#[cfg(test)]
mod drawing_tests {
    use super::*;
    use ndarray::Array2;

    fn temp_svg(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!(
            "mlings-plot-test-{}-{name}.svg",
            std::process::id()
        ))
    }

    fn read(path: &Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        std::fs::remove_file(path).unwrap();
        text
    }

    fn two_groups() -> Vec<Group> {
        Group::by_label(&[(0.0, 0.0), (1.0, 1.0), (0.5, 2.0)], &[0, 1, 1], |g| {
            format!("class {g}")
        })
    }

    #[test]
    fn every_kind_writes_an_svg_with_its_title() {
        let line = LineChart {
            title: "loss curves".into(),
            x_label: "step".into(),
            y_label: "loss".into(),
            series: vec![
                Series::from_values("batch", &[4.0, 2.0, 1.0, 0.5]),
                Series::from_values("yours", &[4.0, 2.0, 1.0, 0.5]).dashed(),
            ],
            log_y: true,
        };
        let scatter = Scatter {
            title: "clusters".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            groups: two_groups(),
            markers: vec![(0.5, 1.0)],
            markers_name: "centroids".into(),
            line: Some(("y = x".into(), [(0.0, 0.0), (1.0, 1.0)])),
        };
        let bars = Bars {
            title: "importances".into(),
            value_label: "share".into(),
            labels: vec!["a".into(), "b".into()],
            values: vec![0.7, 0.3],
        };
        let grid_points = RegionsPanel::grid_points(&two_groups(), 4, 5).unwrap();
        assert_eq!(grid_points.dim(), (20, 2));
        let panel = RegionsPanel {
            title: "regions".into(),
            grid: Array2::from_shape_fn((4, 5), |(r, _)| Some(usize::from(r > 1))),
            points: two_groups(),
        };
        let drawn = [
            (
                "line",
                line_chart(&temp_svg("line"), &line).unwrap(),
                "loss curves",
            ),
            (
                "scatter",
                scatter_plot(&temp_svg("scatter"), &scatter).unwrap(),
                "centroids",
            ),
            (
                "bars",
                bar_chart(&temp_svg("bars"), &bars).unwrap(),
                "importances",
            ),
            (
                "regions",
                decision_regions(&temp_svg("regions"), "x", "y", &[panel.clone(), panel]).unwrap(),
                "regions",
            ),
        ];
        for (kind, path, text) in drawn {
            let svg = read(&path);
            assert!(svg.starts_with("<svg"), "{kind}");
            assert!(svg.contains(text), "{kind} lacks {text:?}");
            if kind == "line" {
                // The dashed learner's line is many short segments: more lines than points.
                assert!(svg.matches("<polyline").count() > 3, "{kind}: no dashes");
            }
            if kind == "scatter" {
                assert!(svg.contains("y = x"), "the scatter's line has no legend");
            }
        }
    }

    #[test]
    fn empty_input_is_an_error_not_a_panic() {
        let empty = LineChart {
            title: "nothing".into(),
            x_label: String::new(),
            y_label: String::new(),
            series: vec![],
            log_y: false,
        };
        assert!(matches!(
            line_chart(&temp_svg("empty"), &empty),
            Err(PlotError::NoData { .. })
        ));
        let bars = Bars {
            title: "t".into(),
            value_label: String::new(),
            labels: vec!["a".into()],
            values: vec![],
        };
        assert!(bar_chart(&temp_svg("bars-empty"), &bars).is_err());
    }
}
