//! Exporting images: the same layout and painting as the window, run in a headless egui pass
//! (fonts as the window has them, system fonts for every script), then either rasterized on the CPU
//! (no display, no GPU) into a PNG or written as vectors into an SVG, atomically.

pub mod chart;
pub mod legend;
pub mod raster;
pub mod svg;

use crate::fonts::MissingGlyphs;
use crate::index::Indexed;
use crate::model::time::format_human_date;
use crate::timeline::layout;
use crate::timeline::paint::{self, PaintOptions};
use crate::timeline::{Geometry, Marks, TimelineStyle, TimelineView};
use egui::epaint::ClippedShape;
use egui::epaint::text::FontInsert;
use egui::{Align2, Color32, FontId, Pos2, Rect, Vec2};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// Height of the title block above the timeline, in points.
const HEADER_HEIGHT: f32 = 52.0;
/// Height of one footer line.
const FOOTER_LINE: f32 = 17.0;
/// Most source lines listed for a selected event.
const FOOTER_SOURCES: usize = 8;

/// What to draw and how big.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// Width in points.
    pub width: f32,
    /// Height in points; `None` fits the content.
    pub height: Option<f32>,
    /// Pixels per point (2 for a sharp image on a high-density screen or in print).
    pub scale: f32,
    pub dark: bool,
    pub view: TimelineView,
    /// The selected event (highlighted, its sources listed in the footer).
    pub selected: Option<usize>,
    /// How far the lanes are scrolled (as in the window).
    pub scroll_y: f32,
    /// What the lens lays over events (faint, ghosts, matches, provenance, "as known on").
    pub marks: Arc<Marks>,
    pub style: TimelineStyle,
    /// Draw the time cursor.
    pub cursor: bool,
    /// The data set's name (file names) for the header.
    pub source_name: String,
    /// The "as of" line: the date the image was made.
    pub as_of: String,
    /// When the image shows the data set as known on a date: the caption that says so.
    pub known: Option<KnownCaption>,
}

/// The caption of an image of the data set as known on a date, e.g. "As known on 5 Sep 2023
/// (00:00 UTC): 24 of 36 events, 31 of 93 sources published by then".
#[derive(Clone, Debug)]
pub struct KnownCaption {
    pub at: crate::model::Instant,
    pub text: String,
}

impl KnownCaption {
    /// The caption for `shown`, what was known at `at` of the data set `full`.
    pub fn new(
        at: crate::model::Instant,
        full: &crate::model::Dataset,
        shown: &crate::model::Dataset,
    ) -> KnownCaption {
        KnownCaption {
            at,
            text: format!(
                "As known on {} (00:00 UTC): {} of {} events reported, {} of {} sources published by then. Each event is dated by the latest report; faint with a dashed outline: no report had dated it yet",
                format_human_date(at),
                shown.events.iter().filter(|e| !e.claims.is_empty()).count(),
                full.events.len(),
                shown.sources.len(),
                full.sources.len()
            ),
        }
    }
}

/// The line the title block gains for the lanes left out when they are not said beside the range.
const NOTE_LINE: f32 = 18.0;

/// The title block's height: two lines, three with an "as known on" caption.
fn title_block(known: bool) -> f32 {
    HEADER_HEIGHT + if known { KNOWN_LINE } else { 0.0 }
}

/// The line the title block gains for an "as known on" caption.
const KNOWN_LINE: f32 = 20.0;

/// The height of a page whose timeline (axis, lanes, legend, overview) is `timeline` points
/// tall, as the window's is: the title block and footer this page lays out added to it.
/// `selected` and `known` are [`ExportOptions`]' event selected and whether it has an "as
/// known on" caption (all the page's height depends on, so a dialog can say the size without
/// making the caption).
pub fn page_height(idx: &Indexed, selected: Option<usize>, known: bool, timeline: f32) -> f32 {
    title_block(known) + timeline + footer_for(idx, selected)
}

/// The footer's height: its date line, and `selected`'s name, count and sources.
fn footer_for(idx: &Indexed, selected: Option<usize>) -> f32 {
    let selected = selected.and_then(|i| idx.data.events.get(i));
    let lines = 1 + selected.map_or(0, |e| 2 + sources_of(e, FOOTER_SOURCES).len());
    FOOTER_LINE * lines as f32 + 10.0
}

/// An exported image: straight RGBA bytes.
pub struct Image {
    pub width: usize,
    pub height: usize,
    pub rgba: Vec<u8>,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0} exists; use --force to replace it")]
    Exists(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
    #[error("the image would be {0}×{1} pixels; the limit is 16384 on each side")]
    TooLarge(usize, usize),
    #[error(
        "{0}: PDF is not written yet; export an SVG (-o OUT.svg) and convert it, e.g. `rsvg-convert -f pdf OUT.svg -o OUT.pdf`"
    )]
    PdfNotSupported(String),
}

/// The file formats an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    /// The format a file name asks for: `.svg` is SVG, anything else PNG (`.pdf` is refused, not
    /// written as a PNG under a PDF's name).
    pub fn of_path(path: &Path) -> Result<Format, ExportError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("svg") => Ok(Format::Svg),
            Some("pdf") => Err(ExportError::PdfNotSupported(path.display().to_string())),
            _ => Ok(Format::Png),
        }
    }
}

/// One headless pass of the export page: egui's shapes before tessellation, and what is needed to
/// turn them into pixels or vectors.
pub struct Frame {
    ctx: egui::Context,
    shapes: Vec<ClippedShape>,
    textures: raster::Textures,
    pixels_per_point: f32,
    /// The page in points.
    page: Rect,
    background: Color32,
    /// Characters of the page's text that no font has: drawn as boxes.
    pub missing: MissingGlyphs,
    /// Lanes the page has no room for (said on the page too).
    pub left_out: Option<LanesLeftOut>,
}

/// Lanes an export of a given height cannot show whole: below its bottom, or scrolled above its
/// top in the window it was exported from. The picture says so, so that a reader does not take
/// the lanes drawn for all there are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LanesLeftOut {
    /// Lanes not drawn whole.
    pub lanes: usize,
    /// Lanes shown in all (the data set's, less those a filter hides).
    pub of: usize,
    /// Events of the time range shown in the lanes not drawn whole (some of them drawn, in a
    /// lane cut at the picture's edge).
    pub events: usize,
}

impl LanesLeftOut {
    /// Which lanes of `l` the lanes' area of `geo` does not hold whole.
    fn of(idx: &Indexed, l: &layout::Layout, geo: &Geometry) -> Option<LanesLeftOut> {
        let (lanes, events) = l
            .lanes
            .iter()
            .filter(|lane| {
                lane.y0 < geo.lanes.top() - 0.5 || lane.y0 + lane.height > geo.lanes.bottom() + 0.5
            })
            .fold((0, 0), |(n, events), lane| {
                let meeting = idx.lanes.get(lane.lane);
                (
                    n + 1,
                    events + meeting.map_or(0, |x| x.count(geo.time.t0, geo.time.t1)),
                )
            });
        (lanes > 0).then_some(LanesLeftOut {
            lanes,
            of: l.lanes.len(),
            events,
        })
    }

    /// What the page says, with `idx`'s word for its events.
    pub fn describe(&self, idx: &Indexed) -> String {
        format!(
            "{} of {} lanes ({} in this time range) do not fit in the picture",
            self.lanes,
            self.of,
            idx.data.counted(self.events, crate::model::thousands)
        )
    }
}

impl Frame {
    /// The page in pixels, by tessellating the shapes and rasterizing the meshes.
    pub fn to_image(&self) -> Image {
        let primitives = self
            .ctx
            .tessellate(self.shapes.clone(), self.pixels_per_point);
        let (w_px, h_px) = pixel_size(self.page, self.pixels_per_point);
        let mut canvas = raster::Canvas::new(w_px, h_px, self.background);
        canvas.draw(&primitives, &self.textures, self.pixels_per_point);
        Image {
            width: w_px,
            height: h_px,
            rgba: canvas.to_rgba(),
        }
    }

    /// The page as an SVG document.
    pub fn to_svg(&self) -> String {
        // The bundled face first, then the system faces this page used, then common ones.
        let mut families: Vec<String> = vec!["Ubuntu".into(), "Ubuntu Light".into()];
        let discovered: Vec<String> = self.ctx.fonts(|f| {
            f.discovered_fonts()
                .iter()
                .filter_map(|d| d.name.strip_prefix("system:"))
                .filter_map(|n| n.split(':').next())
                .map(str::to_string)
                .collect()
        });
        for f in discovered.into_iter().chain(
            crate::fonts::SVG_FALLBACK_FAMILIES
                .iter()
                .map(|s| s.to_string()),
        ) {
            if !families.contains(&f) {
                families.push(f);
            }
        }
        svg::to_svg(
            &svg::SvgPage {
                width: self.page.width(),
                height: self.page.height(),
                scale: self.pixels_per_point,
                background: self.background,
                families: &families,
            },
            &self.shapes,
        )
    }

    /// The file's bytes in a format.
    pub fn encode(&self, format: Format) -> Result<Vec<u8>, ExportError> {
        match format {
            Format::Png => encode_png(&self.to_image()),
            Format::Svg => Ok(self.to_svg().into_bytes()),
        }
    }
}

fn pixel_size(page: Rect, scale: f32) -> (usize, usize) {
    (
        (page.width() * scale).round() as usize,
        (page.height() * scale).round() as usize,
    )
}

/// Renders the timeline and encodes it in the format `path`'s extension names (the window's
/// File ▸ Export image…), with the lanes it had no room for.
pub fn render_for_path(
    idx: &Indexed,
    opts: &ExportOptions,
    path: &Path,
) -> Result<(Vec<u8>, Option<LanesLeftOut>), ExportError> {
    let format = Format::of_path(path)?;
    let frame = frame(idx, opts, &[])?;
    Ok((frame.encode(format)?, frame.left_out))
}

/// Today's date in words, for the "as of" footer.
pub fn today() -> String {
    let now = chrono::Utc::now().timestamp();
    format_human_date(now)
}

/// Renders the timeline as the window would show it, headless, into pixels.
pub fn render(idx: &Indexed, opts: &ExportOptions) -> Result<Image, ExportError> {
    Ok(frame(idx, opts, &[])?.to_image())
}

/// Runs the export page headless: fonts as in the window plus `fonts` (from `--font`), a pass to
/// measure the content when no height is given, then the pass whose shapes are kept.
pub fn frame(
    idx: &Indexed,
    opts: &ExportOptions,
    fonts: &[FontInsert],
) -> Result<Frame, ExportError> {
    let ctx = egui::Context::default();
    crate::fonts::install(&ctx, fonts);
    ctx.set_visuals(if opts.dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    });
    ctx.set_pixels_per_point(opts.scale);
    let width = opts.width.max(200.0);

    // First pass: measure how tall the content is, when no height is given.
    let mut textures = raster::Textures::default();
    let height = match opts.height {
        Some(h) => h.max(150.0),
        None => {
            let mut needed = 400.0;
            let mut out = ctx.run_ui(input(width, 20_000.0), |ui| {
                needed = natural_height(ui, idx, opts, width);
            });
            textures.apply(&out.textures_delta);
            out.textures_delta.clear();
            needed
        }
    };
    let page = Rect::from_min_size(Pos2::ZERO, Vec2::new(width, height));
    let (w_px, h_px) = pixel_size(page, opts.scale);
    if w_px > 16_384 || h_px > 16_384 {
        return Err(ExportError::TooLarge(w_px, h_px));
    }
    let mut left_out = None;
    let mut out = ctx.run_ui(input(width, height), |ui| {
        left_out = export_ui(ui, idx, opts, page);
    });
    textures.apply(&out.textures_delta);
    out.textures_delta.clear();
    let background = if opts.dark {
        egui::Visuals::dark().panel_fill
    } else {
        egui::Visuals::light().panel_fill
    };
    let missing = crate::fonts::missing_glyphs(&ctx, &out.shapes);
    Ok(Frame {
        pixels_per_point: out.pixels_per_point,
        shapes: out.shapes,
        ctx,
        textures,
        page,
        background,
        missing,
        left_out,
    })
}

fn input(width: f32, height: f32) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(width, height))),
        time: Some(0.0),
        max_texture_side: Some(8192),
        ..Default::default()
    }
}

/// The sources an event's claims cite, in the order first cited, up to `at_most` of them
/// (the dialog asks each frame how many lines the footer lists).
fn sources_of(e: &crate::model::Event, at_most: usize) -> Vec<usize> {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut s: Vec<usize> = Vec::new();
    for c in e.claims.iter() {
        if s.len() >= at_most {
            break;
        }
        if seen.insert(c.source) {
            s.push(c.source as usize);
        }
    }
    s
}

fn natural_height(ui: &egui::Ui, idx: &Indexed, opts: &ExportOptions, width: f32) -> f32 {
    let rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(width, 20_000.0));
    let geo = Geometry::new(rect, &opts.view, true, &opts.style);
    let l = layout::layout(ui, idx, &opts.view, &opts.marks, opts.scroll_y, &geo);
    // The axis, legend (its rows at this width: more on a narrow page) and overview as the
    // page lays them out: all of the timeline but its lanes.
    let around_lanes = geo.rect.height() - geo.lanes.height();
    title_block(opts.known.is_some())
        + around_lanes
        + l.content_height.max(60.0)
        + 8.0
        + footer_for(idx, opts.selected)
}

/// The export's page: title block, the timeline, and the footer; the lanes it has no room for.
pub fn export_ui(
    ui: &mut egui::Ui,
    idx: &Indexed,
    opts: &ExportOptions,
    page: Rect,
) -> Option<LanesLeftOut> {
    let visuals = ui.visuals().clone();
    let painter = ui.painter_at(page);
    painter.rect_filled(page, 0.0, visuals.panel_fill);

    // Title block.
    let title = if idx.data.title.is_empty() {
        "Untitled data set"
    } else {
        idx.data.title.as_str()
    };
    // A title wider than the page is cut after a word, with "…", not at the page's edge.
    let title_font = FontId::proportional(19.0);
    let title_width = |text: &str| {
        painter
            .layout_no_wrap(
                text.to_string(),
                title_font.clone(),
                visuals.strong_text_color(),
            )
            .size()
            .x
    };
    let title = crate::timeline::label::fit_label(title, page.width() - 24.0, &title_width)
        .unwrap_or_else(|| title.to_string());
    painter.text(
        Pos2::new(page.left() + 12.0, page.top() + 8.0),
        Align2::LEFT_TOP,
        title,
        title_font,
        visuals.strong_text_color(),
    );
    let range = format!(
        "{} · {} · showing {} – {}",
        opts.source_name,
        idx.data
            .counted(idx.data.events.len(), crate::model::thousands),
        format_human_date(opts.view.t0 as i64),
        format_human_date(opts.view.t1 as i64)
    );
    let range = if opts.marks.provenance {
        format!("{range} · thin lines under each event: the dates each report gave")
    } else {
        range
    };
    let range_rect = painter.text(
        Pos2::new(page.left() + 12.0, page.top() + 33.0),
        Align2::LEFT_TOP,
        range,
        FontId::proportional(12.0),
        visuals.weak_text_color(),
    );

    let footer_h = footer_for(idx, opts.selected);
    let lay_out = |header: f32| {
        let timeline = Rect::from_min_max(
            Pos2::new(page.left(), page.top() + header),
            Pos2::new(page.right(), page.bottom() - footer_h),
        );
        let geo = Geometry::new(timeline, &opts.view, true, &opts.style);
        let l = layout::layout(ui, idx, &opts.view, &opts.marks, opts.scroll_y, &geo);
        let left_out = LanesLeftOut::of(idx, &l, &geo);
        (timeline, geo, l, left_out)
    };
    let mut header = title_block(opts.known.is_some());
    let (mut timeline, mut geo, mut l, mut left_out) = lay_out(header);
    // Lanes left out are said after the range, or on a line of their own where the range
    // leaves no room (the timeline then a line shorter, and the lanes counted again).
    let note_font = FontId::proportional(12.0);
    let note = |cut: &LanesLeftOut| format!("⚠ {}", cut.describe(idx));
    let beside = left_out.as_ref().is_some_and(|cut| {
        let width = painter
            .layout_no_wrap(
                format!(" · {}", note(cut)),
                note_font.clone(),
                visuals.warn_fg_color,
            )
            .size()
            .x;
        range_rect.right() + width <= page.right() - 12.0
    });
    let mut known_y = page.top() + HEADER_HEIGHT;
    if left_out.is_some() && !beside {
        header += NOTE_LINE;
        (timeline, geo, l, left_out) = lay_out(header);
    }
    if let Some(cut) = &left_out {
        let (at, text) = if beside {
            (
                Pos2::new(range_rect.right(), range_rect.top()),
                format!(" · {}", note(cut)),
            )
        } else {
            known_y += NOTE_LINE;
            (
                Pos2::new(page.left() + 12.0, page.top() + HEADER_HEIGHT),
                note(cut),
            )
        };
        painter.text(at, Align2::LEFT_TOP, text, note_font, visuals.warn_fg_color);
    }
    if let Some(k) = &opts.known {
        painter.text(
            Pos2::new(page.left() + 12.0, known_y),
            Align2::LEFT_TOP,
            &k.text,
            FontId::proportional(13.5),
            crate::timeline::known::known_color(&visuals),
        );
    }
    let p = ui.painter_at(timeline);
    paint::paint(
        &p,
        &visuals,
        idx,
        &opts.view,
        &opts.marks,
        &geo,
        &l,
        PaintOptions {
            hovered: None,
            selected: opts.selected,
            overview: true,
            cursor: opts.cursor,
            interactive: false,
        },
    );
    if opts.view.show_legend {
        let used = legend::used_kinds(idx, &l, geo.lanes, opts.cursor || opts.selected.is_some());
        paint::legend::paint_legend_of(&p, &visuals, &geo, 0.0, &|kind| used.contains(&kind));
    }

    // Footer: the selected event's sourcing, and the date of the export.
    let mut y = timeline.bottom() + 8.0;
    let text = visuals.text_color();
    let weak = visuals.weak_text_color();
    let font = FontId::proportional(12.0);
    if let Some(e) = opts.selected.and_then(|i| idx.data.events.get(i)) {
        painter.text(
            Pos2::new(page.left() + 12.0, y),
            Align2::LEFT_TOP,
            format!(
                "Selected: {} — “{}”, {}{}",
                idx.data.title(e),
                e.time.written,
                e.time.describe(),
                e.place
                    .as_ref()
                    .map_or(String::new(), |p| format!(" · 📍 {p}"))
            ),
            font.clone(),
            visuals.strong_text_color(),
        );
        y += FOOTER_LINE;
        let sources = sources_of(e, usize::MAX);
        painter.text(
            Pos2::new(page.left() + 12.0, y),
            Align2::LEFT_TOP,
            format!(
                "{}, {}:",
                crate::model::counted(sources.len(), |n| n.to_string(), "source"),
                crate::model::counted(e.claims.len(), |n| n.to_string(), "claim")
            ),
            font.clone(),
            weak,
        );
        y += FOOTER_LINE;
        for &s in sources.iter().take(FOOTER_SOURCES) {
            let Some(src) = idx.data.sources.get(s) else {
                continue;
            };
            let claim = e.claims.iter().find(|c| c.source as usize == s);
            let grade = format!(
                "{}{}",
                src.reliability.map_or('–', |r| r.letter()),
                claim
                    .and_then(|c| c.credibility)
                    .map_or("–".to_string(), |c| c.value().to_string())
            );
            let published = src
                .published
                .as_ref()
                .map_or("date not known".to_string(), |p| p.describe());
            let said = claim.map_or("", |c| &*c.said);
            let line = format!("{grade}  {} ({published}): {said}", src.name);
            let galley =
                painter.layout_no_wrap(crate::load::truncate_text(&line, 180), font.clone(), text);
            painter.galley(Pos2::new(page.left() + 24.0, y), galley, text);
            y += FOOTER_LINE;
        }
    }
    painter.text(
        Pos2::new(page.left() + 12.0, page.bottom() - 6.0),
        Align2::LEFT_BOTTOM,
        format!("As of {} · timeband", opts.as_of),
        FontId::proportional(11.0),
        weak,
    );
    left_out
}

/// Encodes an image as PNG.
pub fn encode_png(image: &Image) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, image.width as u32, image.height as u32);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| ExportError::Encode(e.to_string()))?;
        writer
            .write_image_data(&image.rgba)
            .map_err(|e| ExportError::Encode(e.to_string()))?;
    }
    Ok(out)
}

/// Writes bytes atomically: to a temporary file beside the target, then renamed over it, so a
/// failed export never leaves a half-written file or destroys the previous one.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), ExportError> {
    let name = path.display().to_string();
    if !overwrite && path.exists() {
        return Err(ExportError::Exists(name));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let io = |source| ExportError::Io {
        path: name.clone(),
        source,
    };
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if !overwrite && path.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "the file appeared while exporting",
            ));
        }
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}
