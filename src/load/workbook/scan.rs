//! A quick look through an `.xlsx` worksheet's XML, before calamine reads it, for formulas,
//! whose want of a saved value is looked for after the rows with a reading of its own. The
//! worksheet is inflated and its bytes searched, never parsed, which costs a small part of what reading it does.

use quick_xml::events::Event;
use std::io::{Cursor, Read};
use std::sync::Arc;

/// What a worksheet's XML holds.
#[derive(Clone, Copy, Debug)]
pub(super) struct Holds {
    pub formulas: bool,
}

impl Holds {
    /// What a worksheet that could not be looked through is taken to hold: anything.
    const ANY: Holds = Holds { formulas: true };
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
    let formulas = [&b"<f>"[..], b"<f ", b":f>", b":f "].map(memchr::memmem::Finder::new);
    let mut holds = Holds { formulas: false };
    // Chunks overlapping by a few bytes, so that no name is cut in two.
    const KEEP: usize = 16;
    let mut buf = vec![0u8; 1 << 16];
    let mut kept = 0;
    loop {
        let n = part.read(buf.get_mut(kept..)?).ok()?;
        if n == 0 {
            return Some(holds);
        }
        let chunk = buf.get(..kept + n)?;
        holds.formulas |= formulas.iter().any(|f| f.find(chunk).is_some());
        if holds.formulas {
            return Some(holds);
        }
        kept = KEEP.min(kept + n);
        let end = chunk.len();
        buf.copy_within(end - kept..end, 0);
    }
}

/// A part of the package, whole (the workbook's small XML parts).
fn read_part<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<Vec<u8>> {
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
