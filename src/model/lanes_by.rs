//! Lanes by any field: re-derives a data set's lanes from one field of its events (`--lanes-by`).
//! Pure: the events stay as they are but for their lane; lanes come in order of first use.

use super::{Dataset, Lane};
use rustc_hash::FxHashMap;

/// The fields that are not attributes.
pub const FIELDS: &[&str] = &["lane", "status", "source", "kind", "tag", "place"];

/// Gives every event the lane named by its value of `field`: `lane` (the file's own), `status`,
/// `source` and `kind` (of its first claim), `tag` (its first), `place`, or any attribute (its
/// first value). Events without a value go to the lane "(no FIELD)". An unknown field is an
/// error that lists the fields there are.
pub fn lanes_by(d: &mut Dataset, field: &str) -> Result<(), String> {
    let f = field.trim();
    let lower = f.to_ascii_lowercase();
    if lower == "lane" {
        return Ok(());
    }
    let attribute = d.attribute_index(f);
    if attribute.is_none() && !FIELDS.contains(&lower.as_str()) {
        let mut known: Vec<&str> = FIELDS.to_vec();
        known.extend(d.attribute_names.iter().map(String::as_str));
        return Err(format!(
            "--lanes-by: no field `{f}`; expected one of {}",
            known.join(", ")
        ));
    }
    let none = format!("(no {f})");
    let mut lanes: Vec<Lane> = Vec::new();
    let mut index: FxHashMap<String, u32> = FxHashMap::default();
    let mut assigned = Vec::with_capacity(d.events.len());
    for e in &d.events {
        let source = e
            .claims
            .first()
            .and_then(|c| d.sources.get(c.source as usize));
        let value: Option<&str> = match (attribute, lower.as_str()) {
            (Some(a), _) => e.attribute(a).next(),
            (None, "status") => Some(e.status.name()),
            (None, "source") => source.map(|s| s.name.as_str()),
            (None, "kind") => source.map(|s| s.kind.name()),
            (None, "tag") => e.tags.first().map(String::as_str),
            (None, "place") => e.place.as_deref(),
            _ => None,
        };
        let name = value
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .unwrap_or(&none);
        let lane = match index.get(name) {
            Some(&l) => l,
            None => {
                let l = u32::try_from(lanes.len()).unwrap_or(u32::MAX);
                lanes.push(Lane {
                    id: name.to_string(),
                    label: name.to_string(),
                    color: None,
                    description: None,
                });
                index.insert(name.to_string(), l);
                l
            }
        };
        assigned.push(lane);
    }
    for (e, l) in d.events.iter_mut().zip(assigned) {
        e.lane = l;
    }
    d.lanes = lanes;
    Ok(())
}
