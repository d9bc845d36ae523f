//! A quick look through an `.xlsx` worksheet's XML, before calamine reads it, for its merged
//! ranges (listed after the cells, so read before them to fill the rows they cover) and whether
//! it has formulas (whose want of a saved value is looked for after the rows).
//! The worksheet is inflated and its bytes searched, never parsed, which costs a small part of
//! what reading it does (calamine's own reading of merged cells parses the whole worksheet):
//! only the few elements after the cells are parsed.

use calamine::Dimensions;
use quick_xml::events::Event;
use std::io::{Cursor, Read};
use std::sync::Arc;

/// What a worksheet's XML holds.
#[derive(Clone, Debug)]
pub(super) struct Holds {
    /// Its merged ranges; `None` where they could not be read here (calamine reads them).
    pub merges: Option<Vec<Dimensions>>,
    pub formulas: bool,
}

impl Holds {
    /// What a worksheet that could not be looked through is taken to hold: anything.
    const ANY: Holds = Holds {
        merges: None,
        formulas: true,
    };
}

/// What the worksheet `sheet` of the `.xlsx` workbook `bytes` holds; anything where it cannot
/// be told.
pub(super) fn holds(bytes: &Arc<[u8]>, sheet: &str) -> Holds {
    look(bytes, sheet).unwrap_or(Holds::ANY)
}

fn look(bytes: &Arc<[u8]>, sheet: &str) -> Option<Holds> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.clone())).ok()?;
    let id = sheet_id(&read_part(&mut zip, "xl/workbook.xml")?, sheet)?;
    let target = target(&read_part(&mut zip, "xl/_rels/workbook.xml.rels")?, &id)?;
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    };
    let mut part = zip.by_name(&path).ok()?;
    // Element names with or without a namespace prefix (`<f>`, `<x:f t="shared">`).
    let merge = memchr::memmem::Finder::new(b"mergeCells");
    let formulas = [&b"<f>"[..], b"<f ", b":f>", b":f "].map(memchr::memmem::Finder::new);
    let mut found = false;
    // The merged ranges come after the cells: from `mergeCells` on, the rest of the worksheet
    // (a few elements) is kept and read.
    let mut tail: Option<Vec<u8>> = None;
    // Chunks overlapping by a few bytes, so that no name is cut in two.
    const KEEP: usize = 16;
    let mut buf = vec![0u8; 1 << 16];
    let mut kept = 0;
    loop {
        let n = part.read(buf.get_mut(kept..)?).ok()?;
        if n == 0 {
            break;
        }
        let chunk = buf.get(..kept + n)?;
        match &mut tail {
            // The kept bytes are already in the tail.
            Some(t) => t.extend_from_slice(chunk.get(kept..)?),
            None => {
                found |= formulas.iter().any(|f| f.find(chunk).is_some());
                if let Some(at) = merge.find(chunk) {
                    let mut t = b"<".to_vec();
                    t.extend_from_slice(chunk.get(at..)?);
                    tail = Some(t);
                }
            }
        }
        kept = KEEP.min(kept + n);
        let end = chunk.len();
        buf.copy_within(end - kept..end, 0);
    }
    Some(Holds {
        merges: Some(tail.map(|t| merged_ranges(&t)).unwrap_or_default()),
        formulas: found,
    })
}

/// The ranges of the `mergeCell` elements in `xml` (`<mergeCells><mergeCell ref="A2:A4"/>…`).
fn merged_ranges(xml: &[u8]) -> Vec<Dimensions> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    let mut ranges = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "mergeCell" => {
                let range = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "ref")
                    .and_then(|a| range(a.value.as_bytes()));
                ranges.extend(range);
            }
            Ok(Event::Eof) | Err(_) => return ranges,
            _ => {}
        }
    }
}

/// A range `A2:C4` (or one cell, `B7`) as rows and columns from 0.
fn range(text: &[u8]) -> Option<Dimensions> {
    let text = std::str::from_utf8(text).ok()?;
    let (start, end) = text.split_once(':').unwrap_or((text, text));
    Some(Dimensions {
        start: cell(start)?,
        end: cell(end)?,
    })
}

/// A cell's reference (`AB12`) as its row and column from 0.
fn cell(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().trim_start_matches('$');
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, row) = text.split_at_checked(letters)?;
    let row: u32 = row.trim_start_matches('$').parse().ok()?;
    let mut c: u32 = 0;
    for b in column.bytes() {
        c = c
            .checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)?;
    }
    Some((row.checked_sub(1)?, c.checked_sub(1)?))
}

/// A part of the package, whole (the workbook's small XML parts).
pub(super) fn read_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Option<Vec<u8>> {
    let mut part = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    part.read_to_end(&mut out).ok()?;
    Some(out)
}

/// The relationship id (`r:id`) of the worksheet named `sheet` in `xl/workbook.xml`.
fn sheet_id(workbook: &[u8], sheet: &str) -> Option<String> {
    let mut xml = quick_xml::Reader::from_reader(workbook);
    loop {
        match xml.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let mut name = None;
                let mut id = None;
                for a in e.attributes().flatten() {
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .ok()?
                        .into_owned();
                    match (a.key.prefix().is_some(), a.key.local_name().as_ref()) {
                        (false, "name") => name = Some(value),
                        (true, "id") => id = Some(value),
                        _ => {}
                    }
                }
                if name.as_deref() == Some(sheet) {
                    return id;
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The target of the relationship `id` in `xl/_rels/workbook.xml.rels`.
fn target(rels: &[u8], id: &str) -> Option<String> {
    let mut xml = quick_xml::Reader::from_reader(rels);
    loop {
        match xml.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let attribute = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == key)
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        })
                };
                if attribute("Id").as_deref() == Some(id) {
                    return attribute("Target");
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_ranges_are_read_from_the_end_of_a_worksheet() {
        let xml = br#"<mergeCells count="3"><mergeCell ref="A2:A4"/><x:mergeCell ref="$AB$10:AC11"/><mergeCell ref="D3"/></mergeCells><hyperlinks><hyperlink ref="B2"/></hyperlinks></worksheet>"#;
        let ranges: Vec<_> = merged_ranges(xml)
            .iter()
            .map(|d| (d.start, d.end))
            .collect();
        assert_eq!(
            ranges,
            [((1, 0), (3, 0)), ((9, 27), (10, 28)), ((2, 3), (2, 3))]
        );
    }
}
