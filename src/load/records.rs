//! JSON records: a list of flat objects, each a row of a sheet, as ACLED's API answers (`{"status":
//! 200, "count": N, "data": [{"event_id_cnty": …, "event_date": …}, …]}`) and as pandas'
//! `to_json(orient="records")` and most REST APIs write. The keys are the columns (in the order
//! first seen), the values their text, and the rows are read by the CSV loaders, so every column
//! rule (ACLED's, `--map`, the date rules) is the sheet's. A wrong record is named by the line
//! and column where its object starts in the file.

use super::csv::{self, Records};
use super::{Format, LoadControl, LoadError, LoadOptions, Loaded};
use crate::model::Problem;
use serde_json::value::RawValue;

/// The keys a list of records is found under in an object (ACLED's API: `data`).
const LIST_KEYS: &[&str] = &["data", "results", "records", "rows"];

/// ACLED's API answers 5,000 rows a page unless asked for more.
const ACLED_PAGE: usize = 5000;

/// The list of records in `text`, if it is one: a top-level list of objects, or one under
/// [`LIST_KEYS`] of a top-level object (with that object's `count`, if it has one).
fn list(text: &str) -> Option<(Vec<&RawValue>, Option<u64>)> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(text).ok()?;
        return items_are_objects(&items).then_some((items, None));
    }
    let top: std::collections::BTreeMap<String, &RawValue> = serde_json::from_str(text).ok()?;
    let count = top
        .get("count")
        .and_then(|c| serde_json::from_str::<serde_json::Value>(c.get()).ok())
        .and_then(|c| match c {
            serde_json::Value::Number(n) => n.as_u64(),
            serde_json::Value::String(s) => s.parse().ok(),
            _ => None,
        });
    let items: Vec<&RawValue> = LIST_KEYS
        .iter()
        .filter_map(|k| top.get(*k))
        .find_map(|v| serde_json::from_str(v.get()).ok())?;
    items_are_objects(&items).then_some((items, count))
}

fn items_are_objects(items: &[&RawValue]) -> bool {
    !items.is_empty() && items.iter().all(|i| i.get().starts_with('{'))
}

/// Line and column (in characters, from 1) of increasing offsets into a text, each found from
/// the one before: a file of many records on one line costs one pass, not one per record.
struct Lines<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
    column: usize,
}

impl Lines<'_> {
    fn to(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.clamp(self.at, self.bytes.len());
        let span = self.bytes.get(self.at..offset).unwrap_or_default();
        let chars = |b: &[u8]| b.iter().filter(|&&c| c & 0xC0 != 0x80).count();
        match memchr::memrchr(b'\n', span) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', span).count();
                self.column = 1 + chars(span.get(last + 1..).unwrap_or_default());
            }
            None => self.column += chars(span),
        }
        self.at = offset;
        (self.line, self.column)
    }
}

/// The rows made of the records, for the sheet loaders: each record made a row as it is read
/// (its values into the header's columns), so no more than the file's text is held.
struct RecordRows<'a> {
    items: std::slice::Iter<'a, Item<'a>>,
    index: &'a rustc_hash::FxHashMap<String, usize>,
    width: usize,
    fields: Vec<String>,
    at: u64,
}

/// A record: its text, and the line and column it starts at.
struct Item<'a> {
    raw: &'a RawValue,
    line: usize,
    offset: usize,
}

/// Fills a row's fields from a record's keys and values: a string as it is, a number as
/// written, `true`/`false`, nothing for `null`, a list or object as its JSON.
struct Fill<'a> {
    index: &'a rustc_hash::FxHashMap<String, usize>,
    fields: &'a mut [String],
}

impl<'de> serde::de::Visitor<'de> for Fill<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let value: serde_json::Value = map.next_value()?;
            if let Some(f) = self
                .index
                .get(key.as_ref())
                .and_then(|&c| self.fields.get_mut(c))
            {
                *f = match value {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
            }
        }
        Ok(())
    }
}

/// Adds a record's keys not seen before to the header.
struct Keys<'a> {
    index: &'a mut rustc_hash::FxHashMap<String, usize>,
    header: &'a mut Vec<String>,
}

impl<'de> serde::de::Visitor<'de> for Keys<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            map.next_value::<serde::de::IgnoredAny>()?;
            if !self.index.contains_key(key.as_ref()) {
                self.index.insert(key.to_string(), self.header.len());
                self.header.push(key.into_owned());
            }
        }
        Ok(())
    }
}

impl Records for RecordRows<'_> {
    fn read_record(&mut self, record: &mut ::csv::StringRecord) -> Result<bool, ::csv::Error> {
        use serde::Deserializer as _;
        let Some(item) = self.items.next() else {
            return Ok(false);
        };
        self.fields.clear();
        self.fields.resize(self.width, String::new());
        let mut de = serde_json::Deserializer::from_str(item.raw.get());
        // Each record was read once already (its keys), so it is an object.
        let _ = de.deserialize_map(Fill {
            index: self.index,
            fields: &mut self.fields,
        });
        record.clear();
        for f in &self.fields {
            record.push_field(f);
        }
        let mut pos = ::csv::Position::new();
        pos.set_line(item.line as u64).set_byte(item.offset as u64);
        record.set_position(Some(pos));
        self.at = item.offset as u64;
        Ok(true)
    }

    fn byte(&self) -> u64 {
        self.at
    }
}

/// Loads a list of records as the sheet it makes; `None` if `text` is no list of records.
pub(super) fn load(
    name: &str,
    text: &str,
    options: &LoadOptions,
) -> Option<Result<Loaded, LoadError>> {
    let (items, count) = list(text)?;
    Some(load_list(name, text, &items, count, options))
}

fn load_list(
    name: &str,
    text: &str,
    items: &[&RawValue],
    count: Option<u64>,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    let mut header: Vec<String> = Vec::new();
    let mut index: rustc_hash::FxHashMap<String, usize> = Default::default();
    let mut kept = Vec::with_capacity(items.len());
    let mut problems = Vec::new();
    let mut lines = Lines {
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
        column: 1,
    };
    for raw in items {
        use serde::Deserializer as _;
        let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let (line, column) = lines.to(offset);
        let mut de = serde_json::Deserializer::from_str(raw.get());
        let keys = Keys {
            index: &mut index,
            header: &mut header,
        };
        if let Err(e) = de.deserialize_map(keys) {
            problems.push(Problem::at(
                name,
                line,
                column,
                format!("a record that is not an object ({e}); left out"),
            ));
            continue;
        }
        kept.push(Item { raw, line, offset });
    }
    let control = LoadControl::default();
    control.set_total(text.len() as u64);
    let read = |rules| {
        let records = RecordRows {
            items: kept.iter(),
            index: &index,
            width: header.len(),
            fields: Vec::new(),
            at: 0,
        };
        csv::load_records(name, &header, records, &control, options, rules)
    };
    let mut loaded = match read(None)? {
        csv::Outcome::Loaded(l) => *l,
        csv::Outcome::Again(rules) => match read(Some(rules))? {
            csv::Outcome::Loaded(l) => *l,
            _ => return Err(LoadError::new(name, 1, 1, "its records could not be read")),
        },
        csv::Outcome::NotUtf8 => return Err(LoadError::new(name, 1, 1, "not UTF-8")),
    };
    loaded.container = Some("JSON");
    let description = &mut loaded.dataset.description;
    if let Some(rest) = description.strip_prefix("ACLED export") {
        *description = format!("ACLED export (JSON){rest}");
    }
    // What the answer as a whole says, at its start.
    let about = |message: String| Problem::at(name, 1, 1, message);
    if loaded.format == Format::Acled && count.is_some() && items.len() == ACLED_PAGE {
        problems.push(about(format!(
            "this answer holds exactly {ACLED_PAGE} records, the size of a page of ACLED's API: it may be the first page of more (ask with a larger `limit`, or for each `page`, and join them)"
        )));
    }
    if let Some(count) = count
        && count != items.len() as u64
    {
        problems.push(about(format!(
            "the answer's `count` says {count} records, and it holds {}",
            items.len()
        )));
    }
    problems.append(&mut loaded.problems);
    loaded.problems = problems;
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    #[test]
    fn lines_and_columns_are_counted_on_from_the_last() {
        let text = "[{\"a\": \"é\"}, {\"a\": 2},\n  {\"a\": 3}]";
        let mut lines = super::Lines {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
            column: 1,
        };
        let starts: Vec<usize> = text.match_indices('{').map(|(i, _)| i).collect();
        let at: Vec<(usize, usize)> = starts.iter().map(|&o| lines.to(o)).collect();
        let whole: Vec<(usize, usize)> = starts
            .iter()
            .map(|&o| super::super::line_col(text.as_bytes(), o))
            .collect();
        assert_eq!(at, [(1, 2), (1, 14), (2, 3)]);
        assert_eq!(at, whole);
    }
}
