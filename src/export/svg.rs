//! SVG export: the shapes of the same headless pass as the PNG, written as vectors before egui
//! tessellates them. Text stays text (`<text>`, one per row and colour, searchable and editable,
//! the bundled font named first and fallbacks for every script after it); rectangles, circles,
//! lines and paths stay shapes; meshes (gradients, density histograms) become gradient-filled
//! rectangles or polygons; clip rectangles become `<clipPath>`s. Coordinates are in points, the
//! picture's size in pixels (points × scale). Same input, same bytes.

use egui::epaint::{
    ClippedShape, CornerRadius, Mesh, PathShape, RectShape, Shape, Stroke, StrokeKind,
    TessellationOptions, Tessellator, TextShape, Vertex, emath::TSTransform,
};
use egui::{Color32, Pos2, Rect};
use std::collections::HashMap;
use std::fmt::Write;

/// What the SVG needs besides the shapes.
pub struct SvgPage<'a> {
    /// Size in points.
    pub width: f32,
    pub height: f32,
    /// Pixels per point: the SVG's width and height attributes are the PNG's pixel size.
    pub scale: f32,
    pub background: Color32,
    /// Font families for proportional text, in order (the bundled font first).
    pub families: &'a [String],
}

/// Writes the shapes as an SVG document.
pub fn to_svg(page: &SvgPage<'_>, shapes: &[ClippedShape]) -> String {
    let mut w = Writer::new(page);
    w.begin(page);
    for s in shapes {
        w.clipped(s);
    }
    w.end();
    w.out
}

/// A number as SVG wants it: at most two decimals, no trailing zeros, never `-0`.
fn num(v: f32) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let r = (v * 100.0).round() / 100.0;
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// `fill="#rrggbb"` (and `fill-opacity`), or `None` for a colour nothing would show of.
fn paint(attr: &str, c: Color32) -> Option<String> {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    if a == 0 {
        return None;
    }
    let mut s = format!("{attr}=\"#{r:02x}{g:02x}{b:02x}\"");
    if a < 255 {
        let _ = write!(s, " {attr}-opacity=\"{}\"", alpha(a));
    }
    Some(s)
}

fn alpha(a: u8) -> String {
    let v = f32::from(a) / 255.0;
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn stroke_attrs(stroke: &Stroke) -> Option<String> {
    if stroke.width <= 0.0 {
        return None;
    }
    paint("stroke", stroke.color).map(|s| format!("{s} stroke-width=\"{}\"", num(stroke.width)))
}

/// Text as XML character data or attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters at all.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

struct Writer {
    out: String,
    page: Rect,
    /// Clip rectangles already defined, by their exact coordinates, and their ids.
    clips: HashMap<[u32; 4], usize>,
    /// The clip of the group being written (`None`: the whole page).
    open_clip: Option<Option<usize>>,
    gradients: usize,
    tessellator: Tessellator,
}

impl Writer {
    fn new(page: &SvgPage<'_>) -> Writer {
        let options = TessellationOptions {
            feathering: false,
            ..Default::default()
        };
        Writer {
            out: String::new(),
            page: Rect::from_min_size(Pos2::ZERO, egui::vec2(page.width, page.height)),
            clips: HashMap::new(),
            open_clip: None,
            gradients: 0,
            tessellator: Tessellator::new(1.0, options, [1, 1], Vec::new()),
        }
    }

    fn begin(&mut self, page: &SvgPage<'_>) {
        let (w, h) = (page.width, page.height);
        let quoted: Vec<String> = page
            .families
            .iter()
            .map(|f| format!("'{}'", escape(f).replace('\'', "")))
            .collect();
        let _ = write!(
            self.out,
            concat!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" ",
                "width=\"{pw}\" height=\"{ph}\" viewBox=\"0 0 {w} {h}\">\n",
                "<style>text{{font-family:{fam},sans-serif;white-space:pre}}",
                " text.mono{{font-family:Hack,'DejaVu Sans Mono',monospace}}</style>\n"
            ),
            pw = num(w * page.scale),
            ph = num(h * page.scale),
            w = num(w),
            h = num(h),
            fam = quoted.join(","),
        );
        if let Some(fill) = paint("fill", page.background) {
            let _ = writeln!(
                self.out,
                "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" {fill}/>",
                num(w),
                num(h)
            );
        }
    }

    fn end(&mut self) {
        if self.open_clip.take().is_some() {
            self.out.push_str("</g>\n");
        }
        self.out.push_str("</svg>\n");
    }

    /// Opens the group for a clip rectangle, unless it is already open.
    fn set_clip(&mut self, clip: Rect) {
        let clip = clip.intersect(self.page);
        let id = if clip.contains_rect(self.page) {
            None
        } else {
            let key = [clip.min.x, clip.min.y, clip.max.x, clip.max.y].map(f32::to_bits);
            let next = self.clips.len();
            let id = *self.clips.entry(key).or_insert(next);
            if id == next {
                let _ = writeln!(
                    self.out,
                    "<clipPath id=\"c{id}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>",
                    num(clip.min.x),
                    num(clip.min.y),
                    num(clip.width().max(0.0)),
                    num(clip.height().max(0.0))
                );
            }
            Some(id)
        };
        if self.open_clip == Some(id) {
            return;
        }
        if self.open_clip.take().is_some() {
            self.out.push_str("</g>\n");
        }
        match id {
            Some(id) => {
                let _ = writeln!(self.out, "<g clip-path=\"url(#c{id})\">");
            }
            None => self.out.push_str("<g>\n"),
        }
        self.open_clip = Some(id);
    }

    fn clipped(&mut self, s: &ClippedShape) {
        if !s.clip_rect.is_positive() || !s.clip_rect.intersects(self.page) {
            return;
        }
        if matches!(s.shape, Shape::Noop) {
            return;
        }
        self.set_clip(s.clip_rect);
        if s.transform_after_tessellation == TSTransform::IDENTITY {
            self.shape(&s.shape);
        } else {
            let mut mesh = Mesh::default();
            self.tessellator
                .tessellate_shape(s.shape.clone(), &mut mesh);
            let t = s.transform_after_tessellation;
            for v in &mut mesh.vertices {
                v.pos = t * v.pos;
            }
            self.mesh(&mesh);
        }
    }

    fn shape(&mut self, shape: &Shape) {
        match shape {
            Shape::Noop | Shape::Callback(_) => {}
            Shape::Vec(v) => v.iter().for_each(|s| self.shape(s)),
            Shape::Rect(r) if r.brush.is_none() && r.blur_width <= 0.0 && r.angle == 0.0 => {
                self.rect(r);
            }
            Shape::Circle(c) => {
                let fill = paint("fill", c.fill).unwrap_or_else(|| "fill=\"none\"".into());
                let stroke = stroke_attrs(&c.stroke).unwrap_or_default();
                if fill == "fill=\"none\"" && stroke.is_empty() {
                    return;
                }
                let _ = writeln!(
                    self.out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {fill} {stroke}/>",
                    num(c.center.x),
                    num(c.center.y),
                    num(c.radius)
                );
            }
            Shape::LineSegment { points, stroke } => {
                if let Some(st) = stroke_attrs(stroke) {
                    let [a, b] = points;
                    let _ = writeln!(
                        self.out,
                        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {st}/>",
                        num(a.x),
                        num(a.y),
                        num(b.x),
                        num(b.y)
                    );
                }
            }
            Shape::Path(p) if matches!(p.stroke.color, egui::epaint::ColorMode::Solid(_)) => {
                self.path(p);
            }
            Shape::Text(t) => self.text(t),
            Shape::Mesh(m) => self.mesh(m),
            // Bands, ellipses, curves, rotated or blurred rectangles: as egui draws them.
            other => {
                let mut mesh = Mesh::default();
                self.tessellator.tessellate_shape(other.clone(), &mut mesh);
                self.mesh(&mesh);
            }
        }
    }

    fn rect(&mut self, r: &RectShape) {
        let radius = uniform_radius(r.corner_radius);
        let Some(radius) = radius else {
            let mut mesh = Mesh::default();
            self.tessellator
                .tessellate_shape(Shape::Rect(r.clone()), &mut mesh);
            self.mesh(&mesh);
            return;
        };
        let rx = |rect: Rect, rad: f32| {
            if rad > 0.0 {
                format!(
                    " rx=\"{}\"",
                    num(rad.min(rect.width() / 2.0).min(rect.height() / 2.0))
                )
            } else {
                String::new()
            }
        };
        if let Some(fill) = paint("fill", r.fill)
            && r.rect.is_positive()
        {
            let _ = writeln!(
                self.out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{} {fill}/>",
                num(r.rect.min.x),
                num(r.rect.min.y),
                num(r.rect.width()),
                num(r.rect.height()),
                rx(r.rect, radius)
            );
        }
        if let Some(st) = stroke_attrs(&r.stroke) {
            let half = r.stroke.width / 2.0;
            let (outline, rad) = match r.stroke_kind {
                StrokeKind::Inside => (r.rect.shrink(half), (radius - half).max(0.0)),
                StrokeKind::Middle => (r.rect, radius),
                StrokeKind::Outside => (r.rect.expand(half), radius + half),
            };
            let _ = writeln!(
                self.out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{} fill=\"none\" {st}/>",
                num(outline.min.x),
                num(outline.min.y),
                num(outline.width().max(0.0)),
                num(outline.height().max(0.0)),
                rx(outline, rad)
            );
        }
    }

    fn path(&mut self, p: &PathShape) {
        if p.points.len() < 2 {
            return;
        }
        let pts: Vec<String> = p
            .points
            .iter()
            .map(|q| format!("{},{}", num(q.x), num(q.y)))
            .collect();
        let stroke = match &p.stroke.color {
            egui::epaint::ColorMode::Solid(c) => stroke_attrs(&Stroke::new(p.stroke.width, *c)),
            egui::epaint::ColorMode::UV(_) => None,
        }
        .unwrap_or_default();
        let fill = if p.closed {
            paint("fill", p.fill)
        } else {
            None
        };
        if fill.is_none() && stroke.is_empty() {
            return;
        }
        let element = if p.closed { "polygon" } else { "polyline" };
        let _ = writeln!(
            self.out,
            "<{element} points=\"{}\" {} {stroke} stroke-linejoin=\"round\"/>",
            pts.join(" "),
            fill.unwrap_or_else(|| "fill=\"none\"".into())
        );
    }

    fn text(&mut self, t: &TextShape) {
        let galley = &t.galley;
        let Some(section) = galley.job.sections.first() else {
            return;
        };
        let size = section.format.font_id.size;
        let class = if section.format.font_id.family == egui::FontFamily::Monospace {
            " class=\"mono\""
        } else {
            ""
        };
        let rotate = if t.angle != 0.0 {
            format!(
                " transform=\"rotate({} {} {})\"",
                num(t.angle.to_degrees()),
                num(t.pos.x),
                num(t.pos.y)
            )
        } else {
            String::new()
        };
        for placed in &galley.rows {
            let row = &placed.row;
            // Runs of one colour: each becomes a <text> at its first glyph's baseline.
            let mut run: Option<(Color32, Pos2, String)> = None;
            let mut runs: Vec<(Color32, Pos2, String)> = Vec::new();
            for glyph in &row.glyphs {
                if glyph.chr.is_control() {
                    continue;
                }
                let vertex_color = row
                    .visuals
                    .mesh
                    .vertices
                    .get(glyph.first_vertex as usize)
                    .map(|v| v.color);
                let base = if glyph.chr.is_whitespace() {
                    run.as_ref().map(|r| r.0).or(vertex_color)
                } else {
                    vertex_color
                }
                .unwrap_or(section.format.color);
                let color = text_color(t, base);
                let pos = t.pos + placed.pos.to_vec2() + glyph.pos.to_vec2();
                match &mut run {
                    Some((c, _, s)) if *c == color => s.push(glyph.chr),
                    _ => {
                        if let Some(r) = run.take() {
                            runs.push(r);
                        }
                        run = Some((color, pos, glyph.chr.to_string()));
                    }
                }
            }
            runs.extend(run);
            for (color, pos, s) in runs {
                if s.trim().is_empty() {
                    continue;
                }
                let Some(fill) = paint("fill", color) else {
                    continue;
                };
                let _ = writeln!(
                    self.out,
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{class} {fill}{rotate} xml:space=\"preserve\">{}</text>",
                    num(pos.x),
                    num(pos.y),
                    num(size),
                    escape(&s)
                );
            }
        }
    }

    fn mesh(&mut self, mesh: &Mesh) {
        if let Some((rect, left, right)) = horizontal_gradient(mesh) {
            self.gradient_rect(rect, left, right);
            return;
        }
        // Triangles in runs of one colour, each run one path; a pair of triangles that makes an
        // axis-aligned rectangle is written as that rectangle, so no seam shows between them.
        let mut d = String::new();
        let mut color: Option<Color32> = None;
        let tris: Vec<[&Vertex; 3]> = mesh
            .indices
            .chunks_exact(3)
            .filter_map(|t| {
                let v = |i: Option<&u32>| i.and_then(|&i| mesh.vertices.get(i as usize));
                Some([v(t.first())?, v(t.get(1))?, v(t.get(2))?])
            })
            .collect();
        let mut i = 0;
        while let Some(tri) = tris.get(i) {
            let c = mean_color(tri);
            let quad = tris
                .get(i + 1)
                .filter(|next| mean_color(next) == c)
                .and_then(|next| quad_rect(tri, next));
            if color != Some(c) {
                self.flush_path(&mut d, color);
                color = Some(c);
            }
            match quad {
                Some(r) => {
                    let _ = write!(
                        d,
                        "M{} {}H{}V{}H{}Z",
                        num(r.min.x),
                        num(r.min.y),
                        num(r.max.x),
                        num(r.max.y),
                        num(r.min.x)
                    );
                    i += 2;
                }
                None => {
                    let [a, b, c] = tri;
                    let _ = write!(
                        d,
                        "M{} {}L{} {}L{} {}Z",
                        num(a.pos.x),
                        num(a.pos.y),
                        num(b.pos.x),
                        num(b.pos.y),
                        num(c.pos.x),
                        num(c.pos.y)
                    );
                    i += 1;
                }
            }
        }
        self.flush_path(&mut d, color);
    }

    fn flush_path(&mut self, d: &mut String, color: Option<Color32>) {
        if d.is_empty() {
            return;
        }
        if let Some(fill) = color.and_then(|c| paint("fill", c)) {
            let _ = writeln!(self.out, "<path d=\"{d}\" {fill}/>");
        }
        d.clear();
    }

    fn gradient_rect(&mut self, rect: Rect, left: Color32, right: Color32) {
        let id = self.gradients;
        self.gradients += 1;
        // A transparent end keeps the other end's colour, so only the opacity fades.
        let (l, r) = (stop_color(left, right), stop_color(right, left));
        let _ = writeln!(
            self.out,
            "<linearGradient id=\"g{id}\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"0\"><stop offset=\"0\" {l}/><stop offset=\"1\" {r}/></linearGradient>\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"url(#g{id})\"/>",
            num(rect.min.x),
            num(rect.min.y),
            num(rect.width()),
            num(rect.height())
        );
    }
}

/// The colour a text glyph is drawn in, as egui's tessellator decides it.
fn text_color(t: &TextShape, base: Color32) -> Color32 {
    let c = match t.override_text_color {
        Some(c) => c,
        None if base == Color32::PLACEHOLDER => t.fallback_color,
        None => base,
    };
    if t.opacity_factor < 1.0 {
        c.gamma_multiply(t.opacity_factor)
    } else {
        c
    }
}

fn stop_color(c: Color32, other: Color32) -> String {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    let [r, g, b] = if a == 0 {
        let [r2, g2, b2, _] = other.to_srgba_unmultiplied();
        [r2, g2, b2]
    } else {
        [r, g, b]
    };
    format!(
        "stop-color=\"#{r:02x}{g:02x}{b:02x}\" stop-opacity=\"{}\"",
        alpha(a)
    )
}

fn uniform_radius(c: CornerRadius) -> Option<f32> {
    (c.nw == c.ne && c.ne == c.sw && c.sw == c.se).then_some(f32::from(c.nw))
}

/// The average of a triangle's vertex colours (premultiplied, so averaging is fair).
fn mean_color(t: &[&Vertex; 3]) -> Color32 {
    let ch = |f: fn(Color32) -> u8| {
        let sum: u32 = t.iter().map(|v| u32::from(f(v.color))).sum();
        ((sum + 1) / 3) as u8
    };
    Color32::from_rgba_premultiplied(ch(|c| c.r()), ch(|c| c.g()), ch(|c| c.b()), ch(|c| c.a()))
}

/// Two triangles that together cover an axis-aligned rectangle exactly.
fn quad_rect(a: &[&Vertex; 3], b: &[&Vertex; 3]) -> Option<Rect> {
    let pts: Vec<Pos2> = a.iter().chain(b.iter()).map(|v| v.pos).collect();
    let rect = Rect::from_points(&pts);
    if !rect.is_positive() {
        return None;
    }
    let corner = |p: Pos2| {
        (p.x == rect.min.x || p.x == rect.max.x) && (p.y == rect.min.y || p.y == rect.max.y)
    };
    let area = |t: &[&Vertex; 3]| {
        let [p, q, r] = t.map(|v| v.pos);
        ((q.x - p.x) * (r.y - p.y) - (r.x - p.x) * (q.y - p.y)).abs() / 2.0
    };
    let total = area(a) + area(b);
    let full = rect.width() * rect.height();
    (pts.iter().all(|&p| corner(p)) && (total - full).abs() <= full * 1e-4).then_some(rect)
}

/// A four-vertex mesh over an axis-aligned rectangle whose colour changes only left to right
/// (how the timeline draws feathered band ends): the rectangle and its two colours.
fn horizontal_gradient(mesh: &Mesh) -> Option<(Rect, Color32, Color32)> {
    if mesh.vertices.len() != 4 || mesh.indices.len() != 6 {
        return None;
    }
    let rect = Rect::from_points(&mesh.vertices.iter().map(|v| v.pos).collect::<Vec<_>>());
    if !rect.is_positive() {
        return None;
    }
    let mut left: Option<Color32> = None;
    let mut right: Option<Color32> = None;
    for v in &mesh.vertices {
        let side = if v.pos.x == rect.min.x {
            &mut left
        } else if v.pos.x == rect.max.x {
            &mut right
        } else {
            return None;
        };
        if v.pos.y != rect.min.y && v.pos.y != rect.max.y {
            return None;
        }
        match side {
            Some(c) if *c != v.color => return None,
            _ => *side = Some(v.color),
        }
    }
    let (l, r) = (left?, right?);
    (l != r).then_some((rect, l, r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f32::NAN), "0");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b & \"c\"\u{7}"), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn a_two_colour_quad_is_a_gradient() {
        let mut mesh = Mesh::default();
        let r = Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(10.0, 4.0));
        mesh.colored_vertex(r.left_top(), Color32::TRANSPARENT);
        mesh.colored_vertex(r.right_top(), Color32::RED);
        mesh.colored_vertex(r.right_bottom(), Color32::RED);
        mesh.colored_vertex(r.left_bottom(), Color32::TRANSPARENT);
        mesh.add_triangle(0, 1, 2);
        mesh.add_triangle(0, 2, 3);
        assert_eq!(
            horizontal_gradient(&mesh),
            Some((r, Color32::TRANSPARENT, Color32::RED))
        );
        assert_eq!(
            stop_color(Color32::TRANSPARENT, Color32::RED),
            "stop-color=\"#ff0000\" stop-opacity=\"0\""
        );
    }
}
