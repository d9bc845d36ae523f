//! Charts as images, headless: the same chart widgets as the window (`app::charts`), drawn in an
//! egui pass of their own under a title and a caption, and kept as a [`Frame`] like the timeline
//! export's, so a chart is rasterized into a PNG or written as an SVG by the same code.

use super::{ExportError, Frame, Image, raster};
use crate::app::charts::{activity, dating, places, sources};
use crate::index::Indexed;
use egui::{Pos2, Rect, Vec2};
use std::sync::Arc;

/// Which chart to draw.
#[derive(Clone, Debug, PartialEq)]
pub enum Chart {
    /// The dating chart of one event (its index in the data set), as known on a date or now.
    Dating {
        event: usize,
        as_of: Option<crate::model::Instant>,
    },
    /// The dating chart's places mode for one event: one row per distinct place.
    Places { event: usize },
    /// The Sources panel sorted by hits: the bar chart and the table.
    Sources,
    /// The activity strip over `[t0, t1]`.
    Activity { t0: f64, t1: f64 },
}

/// Draws a chart `width` points wide at `scale` pixels per point, with `title` above and
/// `caption` (e.g. the as-known-on date) below the title, into pixels.
pub fn render_chart(
    idx: &Indexed,
    chart: &Chart,
    width: f32,
    scale: f32,
    dark: bool,
    title: &str,
    caption: &str,
) -> Result<Image, ExportError> {
    Ok(chart_frame(idx, chart, width, scale, dark, title, caption)?.to_image())
}

/// The headless pass of a chart (see [`render_chart`]): its shapes, for a PNG or an SVG.
pub fn chart_frame(
    idx: &Indexed,
    chart: &Chart,
    width: f32,
    scale: f32,
    dark: bool,
    title: &str,
    caption: &str,
) -> Result<Frame, ExportError> {
    let visuals = if dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    let ctx = egui::Context::default();
    crate::fonts::install(&ctx, &[]);
    ctx.set_visuals(visuals.clone());
    ctx.set_pixels_per_point(scale);
    let width = width.max(300.0);
    let height = match chart {
        Chart::Dating { event, .. } => {
            160.0 + dating::plot_height(&dating::dating_marks(&idx.data, *event))
        }
        Chart::Places { event } => {
            let rows = crate::app::charts::places::place_rows(&idx.data, *event)
                .rows
                .len() as f32;
            170.0 + 22.0 * rows + 60.0
        }
        Chart::Activity { .. } => 200.0,
        Chart::Sources => {
            let outlets = crate::model::track::track_record(&idx.data).len() as f32;
            160.0 + 24.0 * 15.0 + 40.0 + 22.0 + 20.0 * outlets + 40.0
        }
    };
    let (w_px, h_px) = (
        (width * scale).round() as usize,
        (height * scale).round() as usize,
    );
    if w_px > 16_384 || h_px > 16_384 {
        return Err(ExportError::TooLarge(w_px, h_px));
    }
    let input = egui::RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(width, height))),
        time: Some(0.0),
        max_texture_side: Some(8192),
        ..Default::default()
    };
    let data: Arc<crate::model::Dataset> = idx.data.clone();
    let mut panel = sources::SourcesPanel::new();
    // An image waits for its records, however many events.
    panel.wait = true;
    let mut textures = raster::Textures::default();
    // Two passes: egui_plot sizes its axes from the frame before, so the first only lays out.
    let mut pass = |ctx: &egui::Context| {
        ctx.run_ui(input.clone(), |ui| {
            egui::Frame::new().inner_margin(12.0).show(ui, |ui| {
                ui.heading(title);
                ui.weak(caption);
                ui.add_space(6.0);
                match chart {
                    Chart::Dating { event, as_of } => {
                        dating::dating_chart_ui(ui, &data, *event, *as_of);
                    }
                    Chart::Places { event } => {
                        places::places_chart_ui(ui, &data, *event);
                    }
                    Chart::Sources => {
                        panel.ui(ui, &data, None, None);
                    }
                    Chart::Activity { t0, t1 } => {
                        activity::activity_strip_ui(ui, idx, *t0, *t1);
                    }
                }
            });
        })
    };
    let mut first = pass(&ctx);
    textures.apply(&first.textures_delta);
    first.textures_delta.clear();
    let mut out = pass(&ctx);
    textures.apply(&out.textures_delta);
    out.textures_delta.clear();
    let missing = crate::fonts::missing_glyphs(&ctx, &out.shapes);
    Ok(Frame {
        pixels_per_point: out.pixels_per_point,
        shapes: out.shapes,
        ctx,
        textures,
        page: Rect::from_min_size(Pos2::ZERO, Vec2::new(width, height)),
        background: visuals.panel_fill,
        missing,
        // A chart has no lanes.
        left_out: None,
    })
}
