//! Lanes by any field: re-derives a data set's lanes from one field of its events (`--lanes-by`).
//! Pure: the events stay as they are but for their lane; lanes run from the busiest down.

use super::{Dataset, Event, Lane};
use rustc_hash::{FxHashMap, FxHashSet};

/// The fields that are not attributes.
pub const FIELDS: &[&str] = &["lane", "status", "source", "kind", "tag", "place"];

/// A field lanes can be by: one of [`FIELDS`] (lower case) or an attribute, by its index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field<'a> {
    Attribute(u32),
    Named(&'a str),
}

/// The field `name` names in `d`, or an error that lists the fields there are.
fn field<'a>(d: &Dataset, name: &'a str, lower: &'a str) -> Result<Field<'a>, String> {
    if let Some(a) = d.attribute_index(name) {
        return Ok(Field::Attribute(a));
    }
    if FIELDS.contains(&lower) {
        return Ok(Field::Named(lower));
    }
    let mut known: Vec<&str> = FIELDS.to_vec();
    known.extend(d.attribute_names.iter().map(String::as_str));
    Err(format!(
        "--lanes-by: no field `{name}`; expected one of {}",
        known.join(", ")
    ))
}

/// An event's value of a field (not `lane`), trimmed; `None` when it has none.
fn value<'d>(d: &'d Dataset, e: &'d Event, field: Field<'_>) -> Option<&'d str> {
    let source = || {
        e.claims
            .first()
            .and_then(|c| d.sources.get(c.source as usize))
    };
    let v = match field {
        Field::Attribute(a) => d.attribute(e, a).next(),
        Field::Named("status") => Some(e.status.name()),
        Field::Named("source") => source().map(|s| s.name.as_str()),
        Field::Named("kind") => source().map(|s| s.kind.name()),
        Field::Named("tag") => e.tags.first().map(|t| &**t),
        Field::Named("place") => e.place.as_deref(),
        Field::Named(_) => None,
    };
    v.map(str::trim).filter(|v| !v.is_empty())
}

/// Gives every event the lane named by its value of `field`: `lane` (the file's own), `status`,
/// `source` and `kind` (of its first claim), `tag` (its first), `place`, or any attribute (its
/// first value). Events without a value go to the lane "(no FIELD)". The lanes run from the
/// busiest down (ties by name), "(no FIELD)" last. An unknown field is an error that lists the
/// fields there are.
pub fn lanes_by(d: &mut Dataset, field_name: &str) -> Result<(), String> {
    let f = field_name.trim();
    let lower = f.to_ascii_lowercase();
    if lower == "lane" {
        return Ok(());
    }
    let field = field(d, f, &lower)?;
    let none = format!("(no {f})");
    let mut lanes: Vec<Lane> = Vec::new();
    let mut index: FxHashMap<String, u32> = FxHashMap::default();
    let mut assigned = Vec::with_capacity(d.events.len());
    for e in &d.events {
        let name = value(d, e, field).unwrap_or(&none);
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
    // Busiest first, ties by name, "(no FIELD)" last: a hundred actors in the order the file
    // first names them would hide the few that matter among the rest.
    // What each lane counts: its events, or what they count where each counts events (ACLED's
    // weekly counts, `Dataset::weights`).
    let mut counts = vec![0u64; lanes.len()];
    for (e, &l) in d.events.iter().zip(&assigned) {
        if let Some(c) = counts.get_mut(l as usize) {
            *c += d.weight(e).map_or(1, u64::from);
        }
    }
    let mut order: Vec<usize> = (0..lanes.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| {
            let label = lanes.get(i).map_or("", |l| l.label.as_str());
            (
                label == none,
                std::cmp::Reverse(counts.get(i).copied().unwrap_or(0)),
            )
        };
        key(a).cmp(&key(b)).then_with(|| {
            let label = |i: usize| lanes.get(i).map(|l| l.label.to_lowercase());
            label(a).cmp(&label(b))
        })
    });
    let mut new_of = vec![0u32; lanes.len()];
    for (new, &old) in order.iter().enumerate() {
        if let Some(n) = new_of.get_mut(old) {
            *n = u32::try_from(new).unwrap_or(u32::MAX);
        }
    }
    let mut slots: Vec<Option<Lane>> = lanes.into_iter().map(Some).collect();
    d.lanes = order
        .iter()
        .filter_map(|&old| slots.get_mut(old).and_then(Option::take))
        .collect();
    for (e, l) in d.events.iter_mut().zip(assigned) {
        e.lane = new_of.get(l as usize).copied().unwrap_or(l);
    }
    Ok(())
}

/// Counting distinct values stops here: past it, a field makes too many lanes to read anyway.
pub const DISTINCT_LIMIT: usize = 10_000;

/// How many lanes `field` would make (distinct values, "(no FIELD)" counted once), at most
/// [`DISTINCT_LIMIT`]; the file's own lanes for `lane`. An unknown field is an error.
pub fn distinct(d: &Dataset, field_name: &str) -> Result<usize, String> {
    let f = field_name.trim();
    let lower = f.to_ascii_lowercase();
    if lower == "lane" {
        return Ok(d.lanes.len());
    }
    let field = field(d, f, &lower)?;
    let mut seen: FxHashSet<Option<&str>> = FxHashSet::default();
    for e in &d.events {
        seen.insert(value(d, e, field));
        if seen.len() >= DISTINCT_LIMIT {
            break;
        }
    }
    Ok(seen.len())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn distinct_counts_the_lanes_a_field_would_make() {
        let mut d = crate::load::load_bytes(
            "t.csv",
            b"title,date,lane,region\nA,2020,x,North\nB,2021,x,South\nC,2022,y,North\nD,2023,y,\n",
        )
        .unwrap()
        .dataset;
        assert_eq!(distinct(&d, "lane").unwrap(), 2);
        // North, South and "(no region)".
        assert_eq!(distinct(&d, "region").unwrap(), 3);
        assert!(distinct(&d, "nothing").is_err());
        lanes_by(&mut d, "region").unwrap();
        assert_eq!(d.lanes.len(), distinct(&d, "region").unwrap());
    }

    #[test]
    fn lanes_of_counts_run_by_what_their_rows_count() {
        // ACLED's weekly counts: Area A has three rows of 1 event, Area B one row of 40.
        let text = "WEEK,COUNTRY,ADMIN1,EVENT_TYPE,EVENTS\n\
            2020-01-04,Somalia,Area A,Battles,1\n\
            2020-01-11,Somalia,Area A,Battles,1\n\
            2020-01-18,Somalia,Area A,Battles,1\n\
            2020-01-04,Somalia,Area B,Battles,40\n";
        let mut d = crate::load::load_bytes("weekly.csv", text.as_bytes())
            .unwrap()
            .dataset;
        assert!(d.weights.is_some());
        lanes_by(&mut d, "admin1").unwrap();
        let labels: Vec<&str> = d.lanes.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["Area B", "Area A"]);
    }

    #[test]
    fn lanes_by_a_field_run_from_the_busiest_down_with_the_unvalued_last() {
        let mut d = crate::load::load_bytes(
            "t.csv",
            b"title,date,lane,region\nA,2020,x,\nB,2021,x,Zeta\nC,2022,x,Alpha\nD,2023,x,Beta\nE,2024,x,Beta\nF,2025,x,\nG,2026,x,\n",
        )
        .unwrap()
        .dataset;
        lanes_by(&mut d, "region").unwrap();
        let labels: Vec<&str> = d.lanes.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["Beta", "Alpha", "Zeta", "(no region)"]);
        // Each event is in its value's lane.
        for e in &d.events {
            let lane = &d.lanes[e.lane as usize].label;
            let title = d.title(e);
            let want = match title {
                "B" => "Zeta",
                "C" => "Alpha",
                "D" | "E" => "Beta",
                _ => "(no region)",
            };
            assert_eq!(lane, want, "{title}");
        }
    }
}
