//! What calamine does not read of an OpenDocument worksheet: each date cell's data style (what
//! of the date the sheet shows, `MMM-YY` a month) and the merged ranges
//! (`table:number-rows-spanned`, `table:number-columns-spanned`). `content.xml` and
//! `styles.xml` are read once more for them, as calamine reads them: whole.

use super::shown::DateShown;
use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};
use rustc_hash::FxHashMap as HashMap;
use std::io::Cursor;
use std::sync::Arc;

/// A worksheet's date formats and merged ranges.
#[derive(Default)]
pub(super) struct OdsSheet {
    /// What each distinct date format shows.
    pub formats: Vec<Option<DateShown>>,
    /// The date cells whose format shows part of the calendar, by row and column (from 0): the
    /// index of their format.
    pub dates: HashMap<(u32, u32), usize>,
    pub merges: Vec<Dimensions>,
}

/// Rows and columns repeated more than this (a sheet's empty tail) are not followed further.
const MAX_REPEAT: u32 = 1 << 20;

/// The date formats and merged ranges of the worksheet `sheet` of the OpenDocument `bytes`;
/// none where they cannot be read.
pub(super) fn read(bytes: &Arc<[u8]>, sheet: &str) -> OdsSheet {
    look(bytes, sheet).unwrap_or_default()
}

fn look(bytes: &Arc<[u8]>, sheet: &str) -> Option<OdsSheet> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.clone())).ok()?;
    let content = super::scan::read_part(&mut zip, "content.xml")?;
    let mut styles = Styles::default();
    if let Some(s) = super::scan::read_part(&mut zip, "styles.xml") {
        styles.read(&s);
    }
    styles.read(&content);
    Some(styles.sheet(&content, sheet))
}

/// The data styles and cell styles of the document.
#[derive(Default)]
struct Styles {
    /// A date style's name: its Excel format code (`mmm-yy`).
    date_codes: HashMap<String, String>,
    /// A cell style's name: its data style's name and its parent's name.
    cells: HashMap<String, (Option<String>, Option<String>)>,
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn count(e: &BytesStart<'_>, name: &str) -> u32 {
    attribute(e, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1u32)
        .clamp(1, MAX_REPEAT)
}

impl Styles {
    /// Reads the styles of `xml` (`styles.xml` or `content.xml`).
    fn read(&mut self, xml: &[u8]) {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut date: Option<(String, String)> = None;
        let mut in_text = false;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => return,
                Ok(e) => e,
            };
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.name();
                    if name.as_ref() == "office:body" {
                        // The styles come before the body.
                        return;
                    }
                    if !name.as_ref().starts_with("number:") && name.as_ref() != "style:style" {
                        continue;
                    }
                    let long = attribute(&e, "number:style").as_deref() == Some("long");
                    let code = match name.as_ref() {
                        "number:date-style" => {
                            date = attribute(&e, "style:name").map(|n| (n, String::new()));
                            None
                        }
                        "style:style" => {
                            if let Some(name) = attribute(&e, "style:name") {
                                let data = attribute(&e, "style:data-style-name");
                                let parent = attribute(&e, "style:parent-style-name");
                                self.cells.insert(name, (data, parent));
                            }
                            None
                        }
                        "number:year" => Some(if long { "yyyy" } else { "yy" }),
                        "number:month" => {
                            let textual =
                                attribute(&e, "number:textual").as_deref() == Some("true");
                            Some(match (textual, long) {
                                (true, true) => "mmmm",
                                (true, false) => "mmm",
                                (false, true) => "mm",
                                (false, false) => "m",
                            })
                        }
                        "number:day" => Some(if long { "dd" } else { "d" }),
                        "number:day-of-week" => Some(if long { "dddd" } else { "ddd" }),
                        "number:hours" => Some("hh"),
                        "number:minutes" => Some("mm"),
                        "number:seconds" => Some(
                            if attribute(&e, "number:decimal-places").is_some_and(|d| d != "0") {
                                "ss.000"
                            } else {
                                "ss"
                            },
                        ),
                        "number:am-pm" => Some("AM/PM"),
                        "number:text" => {
                            in_text = true;
                            None
                        }
                        _ => None,
                    };
                    if let (Some(code), Some((_, c))) = (code, &mut date) {
                        c.push_str(code);
                    }
                }
                Event::Text(t) if in_text => {
                    if let Some((_, c)) = &mut date {
                        c.push('"');
                        c.extend(t.xml10_content().chars().filter(|c| *c != '"'));
                        c.push('"');
                    }
                }
                Event::End(e) => match e.name().as_ref() {
                    "number:text" => in_text = false,
                    "number:date-style" => {
                        if let Some((name, code)) = date.take() {
                            self.date_codes.insert(name, code);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }

    /// The date format code of the cell style `name`, through its parents.
    fn date_code(&self, name: &str) -> Option<&str> {
        let mut name = name;
        for _ in 0..8 {
            let (data, parent) = self.cells.get(name)?;
            if let Some(data) = data {
                return self.date_codes.get(data).map(String::as_str);
            }
            name = parent.as_deref()?;
        }
        None
    }

    /// Walks the worksheet `sheet` of `content` for its date cells' formats and merged ranges,
    /// counting rows and columns as calamine does (repeats included).
    fn sheet(&self, content: &[u8], sheet: &str) -> OdsSheet {
        let mut out = OdsSheet::default();
        let mut codes: HashMap<String, usize> = HashMap::default();
        let mut reader = quick_xml::Reader::from_reader(content);
        let mut inside = false;
        // Each column's default cell style, by column.
        let mut column_styles: Vec<Option<String>> = Vec::new();
        let mut row = 0u32;
        let mut row_repeats = 1u32;
        let mut column = 0u32;
        loop {
            let (event, empty) = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => return out,
                Ok(Event::Start(e)) => (e, false),
                Ok(Event::Empty(e)) => (e, true),
                Ok(Event::End(e)) => {
                    match e.name().as_ref() {
                        "table:table" if inside => return out,
                        "table:table-row" if inside => row = row.saturating_add(row_repeats),
                        _ => {}
                    }
                    continue;
                }
                Ok(_) => continue,
            };
            let e = event;
            match e.name().as_ref() {
                "table:table" => {
                    inside = attribute(&e, "table:name").as_deref() == Some(sheet);
                }
                "table:table-column" if inside => {
                    let style = attribute(&e, "table:default-cell-style-name");
                    let n = count(&e, "table:number-columns-repeated").min(1 << 14);
                    column_styles.extend((0..n).map(|_| style.clone()));
                }
                "table:table-row" if inside => {
                    row_repeats = count(&e, "table:number-rows-repeated");
                    column = 0;
                    if empty {
                        row = row.saturating_add(row_repeats);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if inside => {
                    let mut repeats = 1;
                    let mut spans = (1, 1);
                    let mut date = false;
                    let mut style = None;
                    for a in e.attributes().flatten() {
                        let number = || {
                            a.value
                                .parse::<u32>()
                                .ok()
                                .unwrap_or(1)
                                .clamp(1, MAX_REPEAT)
                        };
                        match a.key.as_ref() {
                            "table:number-columns-repeated" => repeats = number(),
                            "table:number-rows-spanned" => spans.0 = number(),
                            "table:number-columns-spanned" => spans.1 = number(),
                            "office:value-type" => date = &*a.value == "date",
                            "table:style-name" => style = Some(a.value.clone()),
                            _ => {}
                        }
                    }
                    if spans != (1, 1) {
                        out.merges.push(Dimensions {
                            start: (row, column),
                            end: (row + spans.0 - 1, column + spans.1 - 1),
                        });
                    }
                    if date {
                        let style = match &style {
                            Some(s) => Some(&**s),
                            None => column_styles
                                .get(column as usize)
                                .and_then(|s| s.as_deref()),
                        };
                        let format = style.and_then(|s| self.date_code(s)).map(|code| {
                            *codes.entry(code.to_string()).or_insert_with(|| {
                                out.formats.push(DateShown::of(code));
                                out.formats.len() - 1
                            })
                        });
                        if let Some(f) = format {
                            for r in row..row.saturating_add(row_repeats.min(1 << 16)) {
                                for c in column..column.saturating_add(repeats.min(1 << 10)) {
                                    out.dates.insert((r, c), f);
                                }
                            }
                        }
                    }
                    column = column.saturating_add(repeats);
                }
                _ => {}
            }
        }
    }
}
