//! A small CPU rasterizer for egui's tessellated meshes: triangles with per-vertex colours and one
//! texture (the font atlas), premultiplied alpha blended in gamma space as egui's own renderers do.
//! It needs no GPU and no display, and gives the same bytes for the same input on the same machine.

use egui::epaint::{ClippedPrimitive, ImageDelta, Primitive, TextureId, textures::TexturesDelta};
use egui::{Color32, ColorImage, ImageData};
use std::collections::HashMap;

/// The pixel columns (or rows) a triangle's three coordinates cover, within a clip range.
fn pixel_range(coords: [f32; 3], lo: usize, hi: usize) -> (usize, usize) {
    let min = coords
        .iter()
        .copied()
        .fold(f32::INFINITY, f32::min)
        .floor()
        .max(lo as f32);
    let max = coords
        .iter()
        .copied()
        .fold(f32::NEG_INFINITY, f32::max)
        .ceil()
        .min(hi as f32);
    (min as usize, max as usize)
}

/// An RGBA image being drawn into: premultiplied sRGB, row-major.
pub struct Canvas {
    pub width: usize,
    pub height: usize,
    /// Premultiplied RGBA, 0–255, as f32 for blending precision.
    pixels: Vec<[f32; 4]>,
}

/// Textures known to the renderer, updated from egui's deltas.
#[derive(Default)]
pub struct Textures {
    map: HashMap<TextureId, ColorImage>,
}

impl Textures {
    /// Applies one frame's texture changes.
    pub fn apply(&mut self, delta: &TexturesDelta) {
        let mut ids: Vec<&TextureId> = delta.set.keys().collect();
        ids.sort_by_key(|id| match id {
            TextureId::Managed(n) => (0, *n),
            TextureId::User(n) => (1, *n),
        });
        for id in ids {
            for d in delta.set.get(id).into_iter().flatten() {
                self.set(*id, d);
            }
        }
        for id in &delta.free {
            self.map.remove(id);
        }
    }

    fn set(&mut self, id: TextureId, delta: &ImageDelta) {
        let ImageData::Color(image) = &delta.image;
        match delta.pos {
            None => {
                self.map.insert(id, (**image).clone());
            }
            Some([x0, y0]) => {
                let Some(target) = self.map.get_mut(&id) else {
                    return;
                };
                let [w, h] = image.size;
                for y in 0..h {
                    for x in 0..w {
                        let (tx, ty) = (x0 + x, y0 + y);
                        if tx >= target.size[0] || ty >= target.size[1] {
                            continue;
                        }
                        if let (Some(src), Some(dst)) = (
                            image.pixels.get(y * w + x),
                            target.pixels.get_mut(ty * target.size[0] + tx),
                        ) {
                            *dst = *src;
                        }
                    }
                }
            }
        }
    }

    /// Bilinear sample at normalized coordinates; white where there is no texture.
    fn sample(&self, id: TextureId, u: f32, v: f32) -> [f32; 4] {
        let Some(img) = self.map.get(&id) else {
            return [255.0; 4];
        };
        let [w, h] = img.size;
        if w == 0 || h == 0 {
            return [255.0; 4];
        }
        let x = (u * w as f32 - 0.5).clamp(0.0, (w - 1) as f32);
        let y = (v * h as f32 - 0.5).clamp(0.0, (h - 1) as f32);
        let (x0, y0) = (x.floor() as usize, y.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let px = |xx: usize, yy: usize| -> [f32; 4] {
            let c = img
                .pixels
                .get(yy * w + xx)
                .copied()
                .unwrap_or(Color32::WHITE);
            [
                f32::from(c.r()),
                f32::from(c.g()),
                f32::from(c.b()),
                f32::from(c.a()),
            ]
        };
        let (a, b, c, d) = (px(x0, y0), px(x1, y0), px(x0, y1), px(x1, y1));
        let mut out = [0.0; 4];
        for ((((o, a), b), c), d) in out.iter_mut().zip(a).zip(b).zip(c).zip(d) {
            let top = a + (b - a) * fx;
            let bottom = c + (d - c) * fx;
            *o = top + (bottom - top) * fy;
        }
        out
    }
}

impl Canvas {
    pub fn new(width: usize, height: usize, background: Color32) -> Canvas {
        let bg = [
            f32::from(background.r()),
            f32::from(background.g()),
            f32::from(background.b()),
            f32::from(background.a()),
        ];
        Canvas {
            width,
            height,
            pixels: vec![bg; width * height],
        }
    }

    /// Draws egui's primitives; positions are in points, scaled by `pixels_per_point`.
    pub fn draw(
        &mut self,
        primitives: &[ClippedPrimitive],
        textures: &Textures,
        pixels_per_point: f32,
    ) {
        for p in primitives {
            let Primitive::Mesh(mesh) = &p.primitive else {
                continue;
            };
            let clip = p.clip_rect;
            let cx0 = ((clip.min.x * pixels_per_point).round().max(0.0) as usize).min(self.width);
            let cy0 = ((clip.min.y * pixels_per_point).round().max(0.0) as usize).min(self.height);
            let cx1 = ((clip.max.x * pixels_per_point).round().max(0.0) as usize).min(self.width);
            let cy1 = ((clip.max.y * pixels_per_point).round().max(0.0) as usize).min(self.height);
            if cx0 >= cx1 || cy0 >= cy1 {
                continue;
            }
            for tri in mesh.indices.chunks_exact(3) {
                let v = |i: u32| mesh.vertices.get(i as usize);
                let &[i0, i1, i2] = tri else { continue };
                let (Some(a), Some(b), Some(c)) = (v(i0), v(i1), v(i2)) else {
                    continue;
                };
                self.triangle(
                    [a, b, c],
                    mesh.texture_id,
                    textures,
                    pixels_per_point,
                    (cx0, cy0, cx1, cy1),
                );
            }
        }
    }

    fn triangle(
        &mut self,
        v: [&egui::epaint::Vertex; 3],
        texture: TextureId,
        textures: &Textures,
        ppp: f32,
        (cx0, cy0, cx1, cy1): (usize, usize, usize, usize),
    ) {
        let p = v.map(|v| (v.pos.x * ppp, v.pos.y * ppp));
        let area = (p[1].0 - p[0].0) * (p[2].1 - p[0].1) - (p[2].0 - p[0].0) * (p[1].1 - p[0].1);
        if area.abs() < 1e-8 {
            return;
        }
        let xs = p.map(|q| q.0);
        let ys = p.map(|q| q.1);
        let (min_x, max_x) = pixel_range(xs, cx0, cx1);
        let (min_y, max_y) = pixel_range(ys, cy0, cy1);
        let col = v.map(|v| {
            [
                f32::from(v.color.r()),
                f32::from(v.color.g()),
                f32::from(v.color.b()),
                f32::from(v.color.a()),
            ]
        });
        let uv = v.map(|v| (v.uv.x, v.uv.y));
        // The white texel egui uses for untextured shapes: skip sampling when all three use it.
        let flat_uv = uv.iter().all(|q| *q == uv[0]);
        let flat_tex = if flat_uv {
            Some(textures.sample(texture, uv[0].0, uv[0].1))
        } else {
            None
        };
        for y in min_y..max_y {
            let py = y as f32 + 0.5;
            for x in min_x..max_x {
                let px = x as f32 + 0.5;
                let w0 = ((p[1].0 - px) * (p[2].1 - py) - (p[2].0 - px) * (p[1].1 - py)) / area;
                let w1 = ((p[2].0 - px) * (p[0].1 - py) - (p[0].0 - px) * (p[2].1 - py)) / area;
                let w2 = 1.0 - w0 - w1;
                // Top-left style inclusion with a tiny tolerance, so shared edges are drawn once.
                if w0 < -1e-6 || w1 < -1e-6 || w2 < -1e-6 {
                    continue;
                }
                let tex = match flat_tex {
                    Some(t) => t,
                    None => textures.sample(
                        texture,
                        w0 * uv[0].0 + w1 * uv[1].0 + w2 * uv[2].0,
                        w0 * uv[0].1 + w1 * uv[1].1 + w2 * uv[2].1,
                    ),
                };
                let mut src = [0.0f32; 4];
                let [c0, c1, c2] = col;
                for ((((s, p0), p1), p2), t) in src.iter_mut().zip(c0).zip(c1).zip(c2).zip(tex) {
                    *s = (w0 * p0 + w1 * p1 + w2 * p2) * t / 255.0;
                }
                let [r, g, b, a] = src;
                if a <= 0.0 && r <= 0.0 && g <= 0.0 && b <= 0.0 {
                    continue;
                }
                if let Some(dst) = self.pixels.get_mut(y * self.width + x) {
                    let inv = 1.0 - a / 255.0;
                    for (d, s) in dst.iter_mut().zip(src) {
                        *d = (s + *d * inv).clamp(0.0, 255.0);
                    }
                }
            }
        }
    }

    /// The image as straight (not premultiplied) RGBA bytes.
    pub fn to_rgba(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.width * self.height * 4);
        for p in &self.pixels {
            let a = p[3];
            let un = |c: f32| {
                if a > 0.0 {
                    (c * 255.0 / a).round().clamp(0.0, 255.0) as u8
                } else {
                    0
                }
            };
            out.extend_from_slice(&[
                un(p[0]),
                un(p[1]),
                un(p[2]),
                a.round().clamp(0.0, 255.0) as u8,
            ]);
        }
        out
    }
}
