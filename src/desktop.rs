//! The desktop's view of timeband: the window icon, embedded from `assets/icons/` (PNGs rendered
//! from `assets/timeband.svg`). The desktop entry and MIME type live in `assets/` beside them.

/// The window icon (256 px), or an empty icon (the platform's default) if it cannot be decoded.
pub fn icon() -> egui::IconData {
    decode_png(include_bytes!("../assets/icons/timeband-256.png")).unwrap_or_default()
}

/// Straight RGBA pixels of a PNG.
fn decode_png(bytes: &[u8]) -> Option<egui::IconData> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buf).ok()?;
    buf.truncate(info.buffer_size());
    if info.color_type != png::ColorType::Rgba || info.bit_depth != png::BitDepth::Eight {
        return None;
    }
    Some(egui::IconData {
        rgba: buf,
        width: info.width,
        height: info.height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_icon_decodes_to_square_rgba_with_transparent_corners() {
        let icon = icon();
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
        // The corner is outside the rounded square; the centre is inside it.
        assert_eq!(icon.rgba.get(3), Some(&0));
        let centre = (128 * 256 + 40) * 4;
        assert_eq!(icon.rgba.get(centre + 3), Some(&255));
    }
}
