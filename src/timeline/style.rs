//! Sizes, spacings and font sizes of the timeline, in one place (points). `Default` is the look
//! of the window and of exports; with serde, a style can be saved or tuned without touching the
//! painting code. Colours are not here: they come from egui's `Visuals`, so both themes work.

use serde::{Deserialize, Serialize};

/// How big everything in the timeline is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimelineStyle {
    /// Height of the date axis above the lanes.
    pub axis_height: f32,
    /// Width of the lane names column (at most 40% of the widget).
    pub header_width: f32,
    /// Height of the overview strip under the lanes.
    pub overview_height: f32,
    /// Height of the legend strip between the lanes and the overview.
    pub legend_height: f32,
    /// Room kept free at the right of the legend's first row, for controls the caller lays there
    /// (the window's provenance toggle; none in exports).
    pub legend_controls_width: f32,
    /// Height of the publication strip above the timeline.
    pub publication_strip_height: f32,
    /// Height of one row of events.
    pub row_height: f32,
    /// Height of a band inside its row.
    pub band_height: f32,
    /// Space above and below the rows of a lane.
    pub lane_padding: f32,
    /// Lowest an expanded lane is drawn (room for its name and count).
    pub min_lane_height: f32,
    /// Height of a collapsed lane.
    pub collapsed_height: f32,
    /// Narrowest an event is ever drawn, so that it never disappears when zoomed out.
    pub min_event_width: f32,
    /// Gap between a band and its label, and between neighbours.
    pub gap: f32,
    /// Rows a lane may have; events that fit in none are counted ("+N") under them, not drawn.
    pub max_rows: usize,
    /// Height of a lane drawn as a density histogram.
    pub dense_height: f32,
    /// Width of one density column.
    pub dense_column_width: f32,
    /// Event labels.
    pub label_font: f32,
    /// Axis tick labels and the cursor's date.
    pub axis_font: f32,
    /// The coarser date at the left of the axis (the year when ticks are months).
    pub axis_context_font: f32,
    /// Lane names.
    pub lane_font: f32,
    /// Small print: lane counts, era names, density notes, the publication strip's name.
    pub small_font: f32,
    /// The axis' time zone caption and the cursor's off-screen arrow.
    pub caption_font: f32,
    /// The legend.
    pub legend_font: f32,
    /// The years at the ends of the overview.
    pub overview_font: f32,
    /// The "known on" label.
    pub known_font: f32,
}

impl Default for TimelineStyle {
    fn default() -> Self {
        TimelineStyle {
            axis_height: 30.0,
            header_width: 150.0,
            overview_height: 44.0,
            legend_height: 46.0,
            legend_controls_width: 0.0,
            publication_strip_height: 20.0,
            row_height: 24.0,
            band_height: 14.0,
            lane_padding: 8.0,
            min_lane_height: 46.0,
            collapsed_height: 22.0,
            min_event_width: 7.0,
            gap: 5.0,
            max_rows: 10,
            dense_height: 56.0,
            dense_column_width: 2.0,
            label_font: 12.5,
            axis_font: 12.0,
            axis_context_font: 13.0,
            lane_font: 13.0,
            small_font: 11.0,
            caption_font: 10.0,
            legend_font: 11.5,
            overview_font: 9.5,
            known_font: 10.5,
        }
    }
}

impl TimelineStyle {
    /// The window's style: as exports, with room in the legend for the window's own controls.
    pub fn window() -> TimelineStyle {
        TimelineStyle {
            legend_controls_width: 190.0,
            ..TimelineStyle::default()
        }
    }

    /// The event label font.
    pub fn label_font_id(&self) -> egui::FontId {
        egui::FontId::proportional(self.label_font)
    }
}
