//! The eval comparison as an SVG (plotters): ranking quality per metric grouped by method on
//! the left, request latency p50/p99 per method on the right, every bar labelled with its
//! value so the chart reads at a glance.

use std::path::Path;

use plotters::prelude::*;

use super::eval::EvalReport;

const COLOURS: [RGBColor; 6] = [
    RGBColor(120, 120, 120),
    RGBColor(230, 159, 0),
    RGBColor(0, 114, 178),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(213, 94, 0),
];

type DrawResult<T> = Result<T, Box<dyn std::error::Error>>;

/// Draws grouped bars: `groups` × `series`, values[series][group].
fn grouped(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    title: &str,
    groups: &[String],
    series: &[String],
    values: &[Vec<f64>],
    fmt: impl Fn(f64) -> String,
) -> DrawResult<()> {
    let top = values
        .iter()
        .flatten()
        .copied()
        .fold(0f64, f64::max)
        .max(1e-9)
        * 1.18;
    let below = top * 0.08;
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 22))
        .margin(12)
        .y_label_area_size(55)
        .build_cartesian_2d(0f64..groups.len() as f64, -below..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_x_axis()
        .y_labels(6)
        .y_label_formatter(&|v| if *v < 0.0 { String::new() } else { fmt(*v) })
        .draw()?;
    let n = series.len().max(1) as f64;
    let width = 0.8 / n;
    for (s, name) in series.iter().enumerate() {
        let colour = COLOURS[s % COLOURS.len()];
        let bars = values[s].iter().enumerate().map(move |(g, &v)| {
            let x0 = g as f64 + 0.1 + s as f64 * width;
            Rectangle::new([(x0, 0.0), (x0 + width * 0.92, v)], colour.filled())
        });
        chart
            .draw_series(bars)?
            .label(name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 12, y + 6)], colour.filled()));
        let labels = values[s].iter().enumerate().map(|(g, &v)| {
            let x = g as f64 + 0.1 + (s as f64 + 0.1) * width;
            Text::new(fmt(v), (x, v + top * 0.015), ("sans-serif", 11).into_font())
        });
        chart.draw_series(labels)?;
    }
    let names = groups.iter().enumerate().map(|(g, name)| {
        Text::new(
            name.clone(),
            (g as f64 + 0.4, -below * 0.35),
            ("sans-serif", 15).into_font(),
        )
    });
    chart.draw_series(names)?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;
    Ok(())
}

/// Writes the chart for `report` to `path` (SVG).
pub fn write_svg(report: &EvalReport, path: &Path) -> anyhow::Result<()> {
    draw(report, path).map_err(|e| anyhow::anyhow!("drawing {}: {e}", path.display()))
}

fn draw(report: &EvalReport, path: &Path) -> DrawResult<()> {
    let root = SVGBackend::new(path, (1300, 520)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(820);
    let k = report.k;
    let names: Vec<String> = report.methods.iter().map(|m| m.name.clone()).collect();
    let quality: Vec<Vec<f64>> = report
        .methods
        .iter()
        .map(|m| vec![m.precision, m.recall, m.ndcg, m.hit_rate])
        .collect();
    let metrics = [
        format!("P@{k}"),
        format!("R@{k}"),
        format!("NDCG@{k}"),
        format!("HR@{k}"),
    ];
    grouped(
        &left,
        &format!("Ranking quality (higher is better, {} users)", report.users),
        &metrics,
        &names,
        &quality,
        |v| format!("{v:.3}"),
    )?;
    let latency: Vec<Vec<f64>> = report
        .methods
        .iter()
        .map(|m| vec![m.latency_us_p50, m.latency_us_p99])
        .collect();
    grouped(
        &right,
        "Latency per request, µs (lower is better)",
        &["p50".into(), "p99".into()],
        &names,
        &latency,
        |v| format!("{v:.0}"),
    )?;
    root.present()?;
    Ok(())
}
