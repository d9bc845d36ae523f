//! Fonts for every script, in the window and in exports: egui's bundled fonts first (Latin, Greek,
//! Cyrillic, symbols), then any font the user names (`export --font FILE`), then the system's
//! fonts, found on demand for each character the others lack.
//!
//! The system's fonts are listed once per process by `fontdb` (the font database `resvg` uses),
//! from the system's font folders, or only from the folders in `TIMEBAND_FONT_DIRS` when that is
//! set. For a character no installed font has, the first font in a fixed preference order that
//! has an outline for it is handed to egui (as an egui [`FontProvider`]), so the same machine
//! draws the same text the same way: Korean in a Korean face (Noto Sans CJK KR, Malgun Gothic,
//! Apple SD Gothic Neo, …), Chinese in a Chinese one, Japanese kana in a Japanese one, then Noto
//! and the other broad fonts. egui installs the font and draws the rest of the text with it too.
//!
//! What still has no glyph after all that is drawn as a box; [`missing_glyphs`] finds it in a
//! frame's shapes so that an export can say so instead of failing in silence.

use egui::epaint::text::{FallbackRequest, FontData, FontInsert, FontPriority, InsertFontFamily};
use egui::{FontFamily, FontProvider};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use unicode_script::{Script, UnicodeScript};

/// The environment variable that replaces the system's font folders (a path list, `:`-separated
/// on Unix, `;` on Windows). Set but empty: no system fonts at all (tests use that).
pub const FONT_DIRS_VAR: &str = "TIMEBAND_FONT_DIRS";

/// Families preferred for Korean (Hangul), best first.
const KOREAN: &[&str] = &[
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Source Han Sans K",
    "Source Han Sans KR",
    "Malgun Gothic",
    "Apple SD Gothic Neo",
    "NanumGothic",
    "Nanum Gothic",
    "UnDotum",
];
/// Families preferred for Japanese kana.
const JAPANESE: &[&str] = &[
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Source Han Sans",
    "Source Han Sans JP",
    "Hiragino Sans",
    "Hiragino Kaku Gothic ProN",
    "Yu Gothic",
    "Meiryo",
    "IPAexGothic",
    "IPAGothic",
    "TakaoPGothic",
];
/// Families preferred for Chinese characters (Han), Simplified then Traditional.
const CHINESE: &[&str] = &[
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "PingFang SC",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK TC",
    "Noto Sans TC",
    "PingFang TC",
    "Microsoft JhengHei",
];
/// Broad families tried for everything else (and after the script's own).
const BROAD: &[&str] = &[
    "Noto Sans",
    "DejaVu Sans",
    "Segoe UI",
    "Arial Unicode MS",
    "Nirmala UI",
    "Tahoma",
    "Arial",
    "Liberation Sans",
];

/// The families an SVG names after the bundled font, so a viewer finds a face for every script.
pub const SVG_FALLBACK_FAMILIES: &[&str] = &[
    "Noto Sans",
    "Noto Emoji",
    "Noto Sans CJK KR",
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Malgun Gothic",
    "Apple SD Gothic Neo",
    "PingFang SC",
    "Microsoft YaHei",
    "Hiragino Sans",
    "Yu Gothic",
    "DejaVu Sans",
    "Arial Unicode MS",
];

/// A font file named by the user could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("cannot read the font {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a font file that can be read (TrueType, OpenType or a collection)")]
    NotAFont { path: String },
}

/// Reads a font file for [`install`] (face 0 of a collection).
pub fn load_font_file(path: &Path) -> Result<FontInsert, FontError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| FontError::Read {
        path: name.clone(),
        source,
    })?;
    if skrifa::FontRef::from_index(&bytes, 0).is_err() {
        return Err(FontError::NotAFont { path: name });
    }
    Ok(FontInsert::new(
        &format!("file:{name}"),
        FontData::from_owned(bytes),
        both_families(FontPriority::Lowest),
    ))
}

fn both_families(priority: FontPriority) -> Vec<InsertFontFamily> {
    [FontFamily::Proportional, FontFamily::Monospace]
        .into_iter()
        .map(|family| InsertFontFamily { family, priority })
        .collect()
}

/// Sets up a context's fonts as the window and exports use them: egui's bundled fonts, then
/// `extra` (in order), then the system's fonts for what those lack. One call, before the first
/// pass.
pub fn install(ctx: &egui::Context, extra: &[FontInsert]) {
    for font in extra {
        ctx.add_font(font.clone());
    }
    ctx.add_font_provider(system());
}

/// The system's fonts, shared by every context in the process (they are listed once).
pub fn system() -> Arc<SystemFonts> {
    static SYSTEM: OnceLock<Arc<SystemFonts>> = OnceLock::new();
    SYSTEM
        .get_or_init(|| Arc::new(SystemFonts::default()))
        .clone()
}

/// Lists the system's fonts on a background thread, so the window's first CJK label does not
/// wait for it.
pub fn prefetch() {
    std::thread::spawn(|| {
        system().database();
    });
}

/// The system's fonts, listed on first use, and what has been learnt about them.
#[derive(Default)]
pub struct SystemFonts {
    db: OnceLock<Database>,
    /// Which characters each face has, read the first time the face is asked about.
    coverage: Mutex<HashMap<fontdb::ID, Arc<Coverage>>>,
}

/// The listed faces, in the order they are tried for a character of no particular script.
struct Database {
    db: fontdb::Database,
    faces: Vec<fontdb::ID>,
}

/// The characters a face has glyphs for, as sorted inclusive ranges.
#[derive(Default)]
struct Coverage {
    ranges: Vec<(u32, u32)>,
}

impl Coverage {
    fn of(data: &[u8], index: u32) -> Coverage {
        use skrifa::MetadataProvider;
        let Ok(font) = skrifa::FontRef::from_index(data, index) else {
            return Coverage::default();
        };
        let outlines = font.outline_glyphs();
        let mut cps: Vec<u32> = font
            .charmap()
            .mappings()
            .filter(|(_, g)| g.to_u32() != 0 && outlines.get(*g).is_some())
            .map(|(c, _)| c)
            .collect();
        cps.sort_unstable();
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for c in cps {
            match ranges.last_mut() {
                Some((_, hi)) if c <= *hi + 1 => *hi = (*hi).max(c),
                _ => ranges.push((c, c)),
            }
        }
        Coverage { ranges }
    }

    fn has(&self, c: char) -> bool {
        let c = c as u32;
        let i = self.ranges.partition_point(|&(_, hi)| hi < c);
        self.ranges.get(i).is_some_and(|&(lo, _)| lo <= c)
    }
}

/// The folders to list fonts from instead of the system's, from [`FONT_DIRS_VAR`].
fn font_dirs_override() -> Option<Vec<PathBuf>> {
    let v = std::env::var_os(FONT_DIRS_VAR)?;
    Some(
        std::env::split_paths(&v)
            .filter(|p| !p.as_os_str().is_empty())
            .collect(),
    )
}

impl Database {
    fn load() -> Database {
        let mut db = fontdb::Database::new();
        match font_dirs_override() {
            Some(dirs) => dirs.iter().for_each(|d| db.load_fonts_dir(d)),
            None => db.load_system_fonts(),
        }
        let mut faces: Vec<&fontdb::FaceInfo> = db.faces().collect();
        faces.sort_by_cached_key(|f| general_rank(f));
        let faces = faces.iter().map(|f| f.id).collect();
        Database { db, faces }
    }
}

/// Where a face stands in the preference order: its family's place in `preferred` (else after
/// them all), then upright, regular weight, not monospaced, then by name and file for a stable
/// order.
fn rank(f: &fontdb::FaceInfo, preferred: &[&str]) -> (usize, bool, u16, bool, String, String, u32) {
    let family = f.families.first().map_or("", |(n, _)| n.as_str());
    let place = f
        .families
        .iter()
        .filter_map(|(n, _)| preferred.iter().position(|p| p.eq_ignore_ascii_case(n)))
        .min()
        .unwrap_or(preferred.len());
    let path = match &f.source {
        fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.display().to_string(),
        fontdb::Source::Binary(_) => String::new(),
    };
    (
        place,
        f.style != fontdb::Style::Normal,
        f.weight.0.abs_diff(400),
        f.monospaced,
        family.to_string(),
        path,
        f.index,
    )
}

fn general_rank(f: &fontdb::FaceInfo) -> (usize, bool, u16, bool, String, String, u32) {
    rank(f, BROAD)
}

/// The families to try first for a character, by its script.
fn preferred_for(c: char) -> &'static [&'static str] {
    match c.script() {
        Script::Hangul => KOREAN,
        Script::Hiragana | Script::Katakana => JAPANESE,
        Script::Han | Script::Bopomofo => CHINESE,
        _ => &[],
    }
}

impl SystemFonts {
    fn database(&self) -> &Database {
        self.db.get_or_init(Database::load)
    }

    fn coverage(&self, db: &Database, id: fontdb::ID) -> Arc<Coverage> {
        if let Some(c) = self.coverage.lock().ok().and_then(|m| m.get(&id).cloned()) {
            return c;
        }
        let c = Arc::new(db.db.with_face_data(id, Coverage::of).unwrap_or_default());
        if let Ok(mut m) = self.coverage.lock() {
            m.insert(id, c.clone());
        }
        c
    }

    /// The face to draw `c` with: the script's preferred families first, then the general order.
    fn face_for(&self, c: char) -> Option<&fontdb::FaceInfo> {
        let db = self.database();
        let preferred = preferred_for(c);
        let mut first: Vec<&fontdb::FaceInfo> = if preferred.is_empty() {
            Vec::new()
        } else {
            db.db
                .faces()
                .filter(|f| rank(f, preferred).0 < preferred.len())
                .collect()
        };
        first.sort_by_cached_key(|f| rank(f, preferred));
        first
            .into_iter()
            .chain(db.faces.iter().filter_map(|&id| db.db.face(id)))
            .find(|f| self.coverage(db, f.id).has(c))
    }

    /// How many faces were listed (for messages and tests).
    pub fn face_count(&self) -> usize {
        self.database().db.len()
    }
}

impl FontProvider for SystemFonts {
    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        let c = request.cluster.chars().next()?;
        let face = self.face_for(c)?;
        let db = self.database();
        let bytes = db.db.with_face_data(face.id, |data, _| data.to_vec())?;
        let family = face.families.first().map_or("unnamed", |(n, _)| n.as_str());
        Some(FontInsert {
            name: format!("system:{family}:{}", face.post_script_name),
            data: FontData::from_blob(Arc::new(bytes), face.index),
            families: both_families(FontPriority::Lowest),
        })
    }
}

/// Characters drawn with no font's glyph (as boxes), found in a frame's text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MissingGlyphs {
    pub chars: BTreeSet<char>,
}

impl MissingGlyphs {
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The scripts of the missing characters, by their Unicode names, in order of first code point.
    pub fn scripts(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for c in &self.chars {
            let name = match c.script() {
                Script::Common | Script::Inherited | Script::Unknown => "symbols",
                s => s.full_name(),
            };
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }

    /// What to install so that they are drawn, e.g. `apt install fonts-noto-cjk`.
    pub fn advice(&self) -> String {
        let cjk = self.chars.iter().any(|c| {
            matches!(
                c.script(),
                Script::Hangul
                    | Script::Han
                    | Script::Hiragana
                    | Script::Katakana
                    | Script::Bopomofo
            )
        });
        // Punctuation and symbols (script Common) beside CJK text are in the CJK fonts too.
        let other = self.chars.iter().any(|c| match c.script() {
            Script::Hangul
            | Script::Han
            | Script::Hiragana
            | Script::Katakana
            | Script::Bopomofo => false,
            Script::Common | Script::Inherited | Script::Unknown => !cjk,
            _ => true,
        });
        let packages = match (cjk, other) {
            (true, false) => "fonts-noto-cjk",
            (false, _) => "fonts-noto-core",
            (true, true) => "fonts-noto-cjk fonts-noto-core",
        };
        format!(
            "install a font that has them (on Debian or Ubuntu: `apt install {packages}`; Windows and macOS ship fonts for most scripts), or name one with --font FILE"
        )
    }
}

impl std::fmt::Display for MissingGlyphs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown: String = self.chars.iter().take(12).collect();
        write!(
            f,
            "{} characters ({}) have no glyph in any font and are drawn as boxes: {}{}; {}",
            self.chars.len(),
            self.scripts().join(", "),
            shown,
            if self.chars.len() > 12 { "…" } else { "" },
            self.advice()
        )
    }
}

/// The characters of a frame's text that no font of `ctx` has (spaces and control characters
/// aside). Call after the pass that drew the shapes, so that egui has already asked for fallbacks.
pub fn missing_glyphs(ctx: &egui::Context, shapes: &[egui::epaint::ClippedShape]) -> MissingGlyphs {
    let mut wanted: BTreeSet<(char, FontFamily)> = BTreeSet::new();
    for s in shapes {
        collect_text(&s.shape, &mut wanted);
    }
    let mut missing = MissingGlyphs::default();
    ctx.fonts_mut(|fonts| {
        for (c, family) in wanted {
            if !fonts.has_glyph(&egui::FontId::new(12.0, family), c) {
                missing.chars.insert(c);
            }
        }
    });
    missing
}

fn collect_text(shape: &egui::Shape, out: &mut BTreeSet<(char, FontFamily)>) {
    match shape {
        egui::Shape::Vec(v) => v.iter().for_each(|s| collect_text(s, out)),
        egui::Shape::Text(t) => {
            let job = &t.galley.job;
            for section in &job.sections {
                let range = section.byte_range.start.0..section.byte_range.end.0;
                let Some(text) = job.text.get(range) else {
                    continue;
                };
                for c in text.chars() {
                    // A zero-width joiner or variation selector is no glyph of its own.
                    if c.is_whitespace() || c.is_control() || c.script() == Script::Inherited {
                        continue;
                    }
                    out.insert((c, section.format.font_id.family.clone()));
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_ranges_answer_membership() {
        let c = Coverage {
            ranges: vec![(0x41, 0x5a), (0xac00, 0xd7a3)],
        };
        assert!(c.has('A') && c.has('Z') && c.has('한'));
        assert!(!c.has('a') && !c.has('@') && !c.has('日'));
    }

    #[test]
    fn bundled_font_coverage_has_latin_and_cyrillic_but_not_hangul() {
        let defs = egui::FontDefinitions::default();
        let ubuntu = defs
            .font_data
            .get("Ubuntu-Light")
            .map(|d| d.bytes().to_vec());
        let c = Coverage::of(&ubuntu.unwrap_or_default(), 0);
        assert!(c.has('a') && c.has('Ж'));
        assert!(!c.has('한'));
    }

    #[test]
    fn missing_glyphs_name_their_scripts_and_the_package() {
        let m = MissingGlyphs {
            chars: ['조', '선', '中', '：'].into_iter().collect(),
        };
        assert_eq!(m.scripts(), vec!["Han", "Hangul", "symbols"]);
        let text = m.to_string();
        assert!(
            text.starts_with("4 characters (Han, Hangul, symbols)"),
            "{text}"
        );
        assert!(text.contains("apt install fonts-noto-cjk`"), "{text}");
        let arabic = MissingGlyphs {
            chars: ['ع'].into_iter().collect(),
        };
        assert!(arabic.advice().contains("fonts-noto-core"));
    }

    #[test]
    fn korean_prefers_korean_faces() {
        assert_eq!(preferred_for('조').first(), Some(&"Noto Sans CJK KR"));
        assert_eq!(preferred_for('の').first(), Some(&"Noto Sans CJK JP"));
        assert!(preferred_for('a').is_empty());
    }
}
