//! A sheet's first rows and what the loader makes of its header, for the window's import dialog:
//! the header is read by the loader's own column rules (`csv.rs`), so the dialog preselects
//! exactly what a load would use. Only the file's first bytes are read.

use super::{Format, LoadError, LoadOptions, csv, detect};
use std::io::Read;
use std::path::Path;

pub use super::csv::MAP_ROLES;

/// How much of a file a preview reads at most.
const PREVIEW_BYTES: u64 = 256 * 1024;

/// The first rows of a sheet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    /// The header line as written (without a byte-order mark or line end): the key under which
    /// the window remembers a mapping.
    pub header_line: String,
    /// The column names, trimmed.
    pub headers: Vec<String>,
    /// The first rows, as many fields as each has.
    pub rows: Vec<Vec<String>>,
    /// ACLED's columns: read as ACLED unless a column is mapped.
    pub acled: bool,
    /// ACLED's aggregated columns (counts per week, month or year): read so unless a column is
    /// mapped.
    pub aggregated: bool,
    /// A workbook's visible worksheets (none for a text file), and the one previewed.
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    /// Another format the content names (a TimelineJS sheet, Timesketch, …), read by its own
    /// loader unless the columns are mapped.
    pub format: Option<Format>,
}

impl Preview {
    /// The column each of [`MAP_ROLES`] gets with `map` (as loading finds it), and whether a
    /// title (or summary) and a date are among them.
    pub fn roles(&self, map: &[(String, String)]) -> Result<(Vec<Option<usize>>, bool), LoadError> {
        csv::roles("", &self.headers, map)
    }
}

/// A workbook's worksheet previewed, and its visible worksheets.
type Book = (String, Vec<String>);

/// Reads the first bytes of a file as text (UTF-8, else Windows-1252), cut at the last whole
/// line; a workbook's worksheet (`sheet`, else the one a load reads) as the CSV text its first
/// rows make, with which worksheet it is and the visible ones.
fn head(path: &Path, sheet: Option<&str>) -> Result<(String, Option<Book>), LoadError> {
    let name = path.display().to_string();
    let cannot =
        |e: std::io::Error| LoadError::new(&name, 0, 0, format!("cannot read the file: {e}"));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(LoadError::new(
            &name,
            0,
            0,
            "not a regular file; expected a CSV or TSV file or a workbook",
        ));
    }
    let mut bytes = Vec::new();
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let mut magic = [0u8; 8];
    let n = file.read(&mut magic).map_err(cannot)?;
    if super::workbook::is_workbook(magic.get(..n).unwrap_or_default()) {
        // A workbook's worksheet as the CSV text its first rows make.
        let whole = std::fs::read(path).map_err(cannot)?;
        let h = super::workbook::head_text(&name, whole.into(), sheet.map(str::to_string))?;
        return Ok((h.text, Some((h.sheet, h.visible))));
    }
    bytes.extend_from_slice(magic.get(..n).unwrap_or_default());
    file.take(PREVIEW_BYTES.saturating_sub(n as u64))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if (bytes.len() as u64) == PREVIEW_BYTES
        && let Some(end) = bytes.iter().rposition(|b| *b == b'\n')
    {
        bytes.truncate(end + 1);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => super::text::windows_1252(bytes),
    };
    Ok((text, None))
}

/// The header line of a file as [`Preview::header_line`] has it, if the file is text.
pub fn header_line(path: &Path) -> Option<String> {
    let (text, _) = head(path, None).ok()?;
    Some(
        text.lines()
            .next()
            .unwrap_or_default()
            .trim_end()
            .to_string(),
    )
}

/// The header and up to `max_rows` rows of a CSV or TSV file, or of a workbook's worksheet a
/// load reads.
pub fn read(path: &Path, max_rows: usize) -> Result<Preview, LoadError> {
    read_sheet(path, max_rows, None)
}

/// [`read`], of the worksheet `sheet` of a workbook (any case; a name it lacks is an error
/// listing its worksheets).
pub fn read_sheet(path: &Path, max_rows: usize, sheet: Option<&str>) -> Result<Preview, LoadError> {
    let name = path.display().to_string();
    let (text, book) = head(path, sheet)?;
    let first = text.trim_start().chars().next();
    if matches!(first, Some('{') | Some('[') | None) {
        return Err(LoadError::new(
            &name,
            1,
            1,
            "this is not a sheet (it is empty or JSON); the import dialog reads CSV and TSV files and workbooks",
        ));
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(csv::delimiter(&text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| LoadError::new(&name, 1, 1, format!("cannot read the CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let rows = reader
        .records()
        .filter_map(Result::ok)
        .take(max_rows)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    let lower: Vec<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
    Ok(Preview {
        header_line: text
            .lines()
            .next()
            .unwrap_or_default()
            .trim_end()
            .to_string(),
        acled: csv::is_acled(&lower),
        aggregated: csv::is_aggregated(&lower),
        sheet: book.as_ref().map(|b| b.0.clone()),
        sheets: book.map(|b| b.1).unwrap_or_default(),
        format: detect(&name, text.as_bytes()),
        headers,
        rows,
    })
}

/// True for a sheet that loading refuses because it finds no title or no date among its
/// columns (with `options`' mapping): the window then asks for the columns instead.
pub fn needs_columns(path: &Path, options: &LoadOptions) -> bool {
    let Ok(p) = read_sheet(path, 0, options.sheet.as_deref()) else {
        return false;
    };
    if p.format.is_some()
        || super::forced(path).is_some()
        || ((p.acled || p.aggregated) && options.map.is_empty())
    {
        return false;
    }
    matches!(p.roles(&options.map), Ok((_, false)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn sheet(name: &str, text: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("timeband-preview-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join(name);
        std::fs::write(&f, text).unwrap();
        f
    }

    fn role(p: &Preview, cols: &[Option<usize>], r: &str) -> Option<String> {
        let i = MAP_ROLES.iter().position(|x| *x == r).unwrap();
        cols[i].map(|c| p.headers[c].clone())
    }

    #[test]
    fn a_workbook_is_previewed_as_its_worksheets_rows_and_loads_once_mapped() {
        let f = Path::new("tests/data/workbook/unknown-columns.xlsx");
        let p = read(f, 10).unwrap();
        assert_eq!(p.header_line, "Name,field_date,notes");
        assert_eq!(p.rows, [["A", "1990-05-01", "x"], ["B", "1991-06-02", "y"]]);
        assert!(needs_columns(f, &LoadOptions::default()));
        let mapped = LoadOptions {
            map: vec![("time".into(), "field_date".into())],
            ..LoadOptions::default()
        };
        assert!(!needs_columns(f, &mapped));
        let l = super::super::load_path_opts(f, &mapped, &Default::default()).unwrap();
        let d = &l.dataset;
        let titles: Vec<String> = d
            .events
            .iter()
            .map(|e| format!("{} @ {}", d.title(e), e.time.written))
            .collect();
        assert_eq!(titles, ["A @ 1990-05-01", "B @ 1991-06-02"]);
    }

    #[test]
    fn a_sheet_without_a_known_date_column_needs_columns_until_mapped() {
        let f = sheet(
            "unknown.csv",
            "\u{feff}Name,field_date,notes\r\nA,1990,x\nB,1991,y\n",
        );
        let p = read(&f, 10).unwrap();
        assert_eq!(p.header_line, "Name,field_date,notes");
        assert_eq!(p.rows.len(), 2);
        let (cols, readable) = p.roles(&[]).unwrap();
        assert_eq!(role(&p, &cols, "title").as_deref(), Some("Name"));
        assert_eq!(role(&p, &cols, "summary").as_deref(), Some("notes"));
        assert_eq!(role(&p, &cols, "time"), None);
        assert!(!readable);
        assert!(needs_columns(&f, &LoadOptions::default()));
        let mapped = LoadOptions {
            map: vec![("time".into(), "field_date".into())],
            ..LoadOptions::default()
        };
        assert!(!needs_columns(&f, &mapped));
        assert_eq!(header_line(&f).as_deref(), Some("Name,field_date,notes"));
    }

    #[test]
    fn an_empty_column_in_a_mapping_gives_the_role_none() {
        let p = Preview {
            headers: vec!["date".into(), "end_date".into(), "title".into()],
            ..Preview::default()
        };
        let (cols, _) = p.roles(&[]).unwrap();
        assert_eq!(role(&p, &cols, "end").as_deref(), Some("end_date"));
        let (cols, readable) = p.roles(&[("end".into(), String::new())]).unwrap();
        assert_eq!(role(&p, &cols, "end"), None);
        assert!(readable);
    }

    #[test]
    fn acled_and_json_files_do_not_need_columns() {
        let acled = sheet(
            "acled.csv",
            "event_id_cnty,event_date,year,time_precision,event_type\nX1,2020-01-01,2020,1,Battles\n",
        );
        assert!(!needs_columns(&acled, &LoadOptions::default()));
        assert!(read(&acled, 1).unwrap().acled);
        let json = sheet("x.json", "{\"timeband\": 1}");
        assert!(read(&json, 1).is_err());
        assert!(!needs_columns(&json, &LoadOptions::default()));
    }

    #[test]
    fn another_tools_sheet_is_read_as_a_sheet_when_columns_are_mapped() {
        let f = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/real/timelinejs/thecdil_timelinejs_template_demo_sheet.csv");
        let p = read(&f, 3).unwrap();
        assert_eq!(p.format, Some(Format::TimelineJsSheet));
        let plain = crate::load::load_path(&f).unwrap();
        assert_eq!(plain.format, Format::TimelineJsSheet);
        let mapped = LoadOptions {
            map: vec![
                ("title".into(), "Headline".into()),
                ("time".into(), "Year".into()),
            ],
            ..LoadOptions::default()
        };
        let l =
            crate::load::load_path_opts(&f, &mapped, &crate::load::LoadControl::default()).unwrap();
        assert_eq!(l.format, Format::Csv);
        let e = l
            .dataset
            .events
            .iter()
            .find(|e| l.dataset.title(e) == "Administration Building, University of Idaho")
            .unwrap();
        assert_eq!(&*e.time.written, "1910");
    }
}
