//! How the window reads each file: the import dialog's choice for it, the command line's
//! `--map`, or a mapping remembered for its header line (kept in the window's saved settings).

use crate::load::{self, LoadOptions};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Mappings remembered at most; the oldest go first.
const REMEMBERED: usize = 50;

/// A choice of columns made in the import dialog, remembered for files with the same header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberedImport {
    /// The header line as written ([`Preview::header_line`]): of the worksheet a load reads by
    /// itself, also when another was chosen (`sheet`).
    pub header: String,
    /// `(role, column)` as `--map` takes them; an empty column gives the role none.
    pub map: Vec<(String, String)>,
    /// `dmy`, `mdy` or `ymd`, as `--date-order` takes it.
    pub date_order: Option<String>,
    /// A workbook's worksheet chosen, as `--sheet` takes it.
    #[serde(default)]
    pub sheet: Option<String>,
}

impl RememberedImport {
    /// The options this mapping reads a file with.
    pub fn options(&self) -> LoadOptions {
        LoadOptions {
            map: self.map.clone(),
            date_order: self.date_order.as_deref().and_then(|o| o.parse().ok()),
            lanes_by: None,
            sheet: self.sheet.clone(),
        }
    }
}

/// How the window reads each file: the columns chosen in the import dialog this session (by
/// path), then the command line's `--map` and `--date-order`, then a mapping remembered for the
/// file's header line, then what the loader detects. Lanes are the window's own business
/// (`lanes_ui.rs`), so `lanes_by` is never set here.
#[derive(Clone, Debug, Default)]
pub struct ReadingRules {
    pub chosen: Vec<(PathBuf, LoadOptions)>,
    pub command_line: LoadOptions,
    pub remembered: Vec<RememberedImport>,
}

impl ReadingRules {
    /// The options `path` is read with.
    pub fn options_for(&self, path: &Path) -> LoadOptions {
        if let Some((_, o)) = self.chosen.iter().find(|(p, _)| p == path) {
            return o.clone();
        }
        let command_line = LoadOptions {
            lanes_by: None,
            ..self.command_line.clone()
        };
        if !command_line.map.is_empty() || self.remembered.is_empty() {
            return command_line;
        }
        let Some(header) = load::preview::header_line(path) else {
            return command_line;
        };
        match self.remembered.iter().find(|r| r.header == header) {
            Some(r) => LoadOptions {
                date_order: command_line.date_order.or(r.options().date_order),
                ..r.options()
            },
            None => command_line,
        }
    }
}

/// Keeps `r` as the mapping for its header (replacing an older one), or forgets the header's
/// mapping when `r` maps nothing (the loader's own choice).
pub fn remember(list: &mut Vec<RememberedImport>, r: RememberedImport) {
    list.retain(|x| x.header != r.header);
    if !r.map.is_empty() || r.date_order.is_some() || r.sheet.is_some() {
        list.insert(0, r);
        list.truncate(REMEMBERED);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::load::DateOrder;

    fn remembered(header: &str, column: &str) -> RememberedImport {
        RememberedImport {
            header: header.into(),
            map: vec![("time".into(), column.into())],
            date_order: Some("mdy".into()),
            sheet: None,
        }
    }

    #[test]
    fn a_remembered_mapping_applies_to_files_with_its_header_only() {
        let dir = std::env::temp_dir().join(format!("timeband-rules-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let same = dir.join("same.csv");
        std::fs::write(&same, "Name,field_date\r\nA,1990\n").unwrap();
        let other = dir.join("other.csv");
        std::fs::write(&other, "Name,field_date,extra\nA,1990,x\n").unwrap();
        let rules = ReadingRules {
            remembered: vec![remembered("Name,field_date", "field_date")],
            ..ReadingRules::default()
        };
        let o = rules.options_for(&same);
        assert_eq!(o.map, vec![("time".to_string(), "field_date".to_string())]);
        assert_eq!(o.date_order, Some(DateOrder::Mdy));
        assert_eq!(rules.options_for(&other), LoadOptions::default());
        // The command line's --map wins over a remembered one; the dialog's choice over both.
        let cli = ReadingRules {
            command_line: LoadOptions {
                map: vec![("title".into(), "Name".into())],
                lanes_by: Some("status".into()),
                ..LoadOptions::default()
            },
            ..rules.clone()
        };
        let o = cli.options_for(&same);
        assert_eq!(o.map, vec![("title".to_string(), "Name".to_string())]);
        assert_eq!(o.lanes_by, None, "lanes are the window's, not the load's");
        let chosen = ReadingRules {
            chosen: vec![(same.clone(), LoadOptions::default())],
            ..cli
        };
        assert_eq!(chosen.options_for(&same), LoadOptions::default());
    }

    #[test]
    fn remembering_replaces_the_headers_mapping_and_an_empty_one_forgets_it() {
        let mut list = vec![remembered("a,b", "a"), remembered("c,d", "c")];
        remember(&mut list, remembered("a,b", "b"));
        assert_eq!(list.len(), 2);
        assert_eq!(list.first().unwrap().map.first().unwrap().1, "b");
        remember(
            &mut list,
            RememberedImport {
                header: "c,d".into(),
                map: Vec::new(),
                date_order: None,
                sheet: None,
            },
        );
        assert_eq!(list.len(), 1);
    }
}
