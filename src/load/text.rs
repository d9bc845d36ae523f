//! Small text helpers shared by the loaders.

/// Removes HTML tags and decodes the common entities, collapsing white space.
pub fn strip_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '&' => {
                let mut entity = String::new();
                while let Some(&n) = chars.peek() {
                    if n == ';' || entity.len() > 8 || n.is_whitespace() {
                        break;
                    }
                    entity.push(n);
                    chars.next();
                }
                let decoded = match entity.as_str() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" | "#39" => Some('\''),
                    "nbsp" => Some(' '),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    e if e.starts_with("#x") => u32::from_str_radix(e.get(2..).unwrap_or(""), 16)
                        .ok()
                        .and_then(char::from_u32),
                    e if e.starts_with('#') => e
                        .get(1..)
                        .and_then(|n| n.parse().ok())
                        .and_then(char::from_u32),
                    _ => None,
                };
                match decoded {
                    Some(d) if chars.peek() == Some(&';') => {
                        chars.next();
                        out.push(d);
                    }
                    _ => {
                        out.push('&');
                        out.push_str(&entity);
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// HTML or Markdown as plain text: tags stripped, entities decoded, white space collapsed, and
/// each link kept as "text (url)" (just the url when the text is the url). Markdown's
/// `[text](url)`, `**bold**` and `__bold__` are read too.
pub fn plain_text(s: &str) -> String {
    links_as_text(s, true).0
}

/// A credit line as a source: its text without the link addresses, and the first http(s)
/// address it links to. A credit that is only bare addresses (`http://www.interfax.ru/moscow/1
/// https://cdn5.img.ria.ru/….jpg`, as sheets are filled in) is named by the first one's site
/// (`interfax.ru`) and links to it.
pub fn credit(s: &str) -> (String, Option<String>) {
    let (text, link) = links_as_text(s, false);
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || !words.iter().all(|w| is_web_address(w)) {
        return (text, link);
    }
    // The first address is what is credited (an article); those after it are most often the
    // media's own file on an image server, no source of the event.
    let first = words.first().map(|w| (*w).to_string());
    let site = words.first().map(|w| site_of(w)).unwrap_or_default();
    (site.to_string(), link.or(first))
}

/// The key a credit's source is found again by: its name, and the address it links to where
/// it links to one.
pub fn credit_key(who: &str, link: Option<&str>) -> String {
    match link {
        Some(l) => format!("{who} <{l}>"),
        None => who.to_string(),
    }
}

/// True for an http(s) address with nothing around it.
pub fn is_web_address(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !s.contains(char::is_whitespace)
}

/// The site an address is on, without `www.`: `http://www.interfax.ru/moscow/1` →
/// `interfax.ru`.
fn site_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    host.strip_prefix("www.").unwrap_or(host)
}

fn links_as_text(s: &str, keep_urls: bool) -> (String, Option<String>) {
    let mut out = String::with_capacity(s.len());
    let mut first: Option<String> = None;
    let mut rest = s;
    let note = |url: &str, first: &mut Option<String>| {
        if first.is_none() && (url.starts_with("http://") || url.starts_with("https://")) {
            *first = Some(url.to_string());
        }
    };
    while !rest.is_empty() {
        let html = rest.find("<a ").or_else(|| rest.find("<A "));
        let md = rest.find('[');
        let at = match (html, md) {
            (Some(h), Some(m)) => h.min(m),
            (Some(h), None) => h,
            (None, Some(m)) => m,
            (None, None) => break,
        };
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        if from.starts_with('[') {
            // [text](url)
            let parsed = from.find("](").and_then(|close| {
                let text = from.get(1..close)?;
                let tail = from.get(close + 2..)?;
                let end = tail.find(')')?;
                (!text.contains('[')).then_some((text, tail.get(..end)?, close + 3 + end))
            });
            match parsed {
                Some((text, url, len)) => {
                    note(url.trim(), &mut first);
                    push_link(&mut out, text, url.trim(), keep_urls);
                    rest = from.get(len..).unwrap_or_default();
                }
                None => {
                    out.push('[');
                    rest = from.get(1..).unwrap_or_default();
                }
            }
        } else {
            // <a ... href="url" ...>text</a>
            let parsed = from.find('>').and_then(|gt| {
                let tag = from.get(..gt)?;
                let href = tag.find("href=").and_then(|h| {
                    let v = tag.get(h + 5..)?;
                    let q = v.chars().next()?;
                    if q == '"' || q == '\'' {
                        let v = v.get(1..)?;
                        v.get(..v.find(q)?)
                    } else {
                        v.split_whitespace().next()
                    }
                });
                let body = from.get(gt + 1..)?;
                let end = body.find("</a>").or_else(|| body.find("</A>"))?;
                Some((href, body.get(..end)?, gt + 1 + end + 4))
            });
            match parsed {
                Some((href, text, len)) => {
                    let text = strip_html(text);
                    match href {
                        Some(url) => {
                            let url = strip_html(url);
                            note(&url, &mut first);
                            push_link(&mut out, &text, &url, keep_urls);
                        }
                        None => out.push_str(&text),
                    }
                    rest = from.get(len..).unwrap_or_default();
                }
                None => {
                    out.push('<');
                    rest = from.get(1..).unwrap_or_default();
                }
            }
        }
    }
    out.push_str(rest);
    let out = out.replace("**", "").replace("__", "");
    (strip_html(&out), first)
}

fn push_link(out: &mut String, text: &str, url: &str, keep_urls: bool) {
    let text = text.trim();
    if !keep_urls || url.is_empty() {
        out.push_str(text);
    } else if text.is_empty() || text == url {
        out.push_str(url);
    } else {
        out.push_str(text);
        out.push_str(" (");
        out.push_str(url);
        out.push(')');
    }
}

/// The first `max` characters of a text, with an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(a, _)| a)
        .to_string();
    format!("{cut}…")
}

/// A lowercase slug for ids: "The Times" → "the-times".
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `s.trim()`, answered without a scan in the common case of a value that starts and ends
/// with a visible ASCII character (a sheet's fields, millions of them per load).
#[inline]
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_entities() {
        assert_eq!(
            strip_html("<p>Kim &amp; Putin&nbsp;meet</p>"),
            "Kim & Putin meet"
        );
        assert_eq!(strip_html("AT&T <b>x</b>"), "AT&T x");
    }

    #[test]
    fn a_credit_of_bare_addresses_is_named_by_their_sites() {
        assert_eq!(
            credit("http://www.interfax.ru/moscow/578976\nhttps://cdn5.img.ria.ru/images/1.jpg"),
            (
                "interfax.ru".to_string(),
                Some("http://www.interfax.ru/moscow/578976".to_string())
            )
        );
        assert_eq!(credit("https://tass.ru/a https://tass.ru/b").0, "tass.ru");
        // Words beside an address are a name as written.
        assert_eq!(
            credit("Photo: AP https://ap.org/x").0,
            "Photo: AP https://ap.org/x"
        );
        assert!(is_web_address("https://ria.ru/x.jpg"));
        assert!(!is_web_address("ria.ru"));
    }

    #[test]
    fn links_are_kept_as_text_and_url() {
        assert_eq!(
            plain_text("<p>Take <a href=\"https://e.org/ada\">Ada</a> &amp; co.</p>"),
            "Take Ada (https://e.org/ada) & co."
        );
        assert_eq!(
            plain_text("[timelinejs-template](https://github.com/x) is **basic**"),
            "timelinejs-template (https://github.com/x) is basic"
        );
        assert_eq!(plain_text("a [b] c"), "a [b] c");
        assert_eq!(
            credit("flickr/<a href='http://www.flickr.com/photos/tm/'>tm_10001</a>"),
            (
                "flickr/tm_10001".to_string(),
                Some("http://www.flickr.com/photos/tm/".to_string())
            )
        );
        assert_eq!(
            credit("[Postcards](https://lib.org/p), PG 9").0,
            "Postcards, PG 9"
        );
    }

    #[test]
    fn slugs_are_lowercase_dashed() {
        assert_eq!(slug("The Times (UK)"), "the-times-uk");
    }

    #[test]
    fn trim_is_str_trim() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{a0}a",
            "a\u{3000}",
            "Ä",
            "\tx\n",
            "x y",
            "é ",
            "-",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }
}

/// Lines the `csv` crate's count of a sheet's rows is short of the file's: 1 when the line
/// that starts `head` (the header) ends in CRLF, since the crate counts a record after a CRLF
/// line end as on the line before (BurntSushi/rust-csv#395). What [`record_line`] falls back
/// on when the bytes a record starts at are no longer kept.
pub(super) fn crlf_shift(head: &[u8]) -> u64 {
    match memchr::memchr(b'\n', head) {
        Some(end) => u64::from(end > 0 && head.get(end - 1) == Some(&b'\r')),
        None => 0,
    }
}

/// The line a CSV record starts on, from the position the `csv` crate gives it and the input's
/// bytes from there (`at`): the crate gives a record the position where its reading began,
/// which is before the `\n` of a CRLF line end before it (BurntSushi/rust-csv#395) and before
/// the blank lines it passes over (#208); those line ends are counted here. `None` when `at`
/// has no byte there (no longer kept).
pub(super) fn record_line(p: &csv::Position, at: impl Fn(u64) -> Option<u8>) -> Option<u64> {
    let mut byte = p.byte();
    at(byte)?;
    let mut line = p.line();
    while let Some(c @ (b'\n' | b'\r')) = at(byte) {
        line += u64::from(c == b'\n');
        byte += 1;
    }
    Some(line)
}

/// How many of the bytes read last a [`LineTap`] keeps: a record that starts further back (one
/// longer than about a MiB) is given the line [`crlf_shift`] says.
const KEPT: usize = 1 << 20;

/// The input of a `csv::Reader`, keeping the bytes read last, so that each record's line can be
/// told ([`record_line`]).
pub(super) struct LineTap<R> {
    inner: R,
    kept: Vec<u8>,
    read: u64,
    /// [`crlf_shift`] of the header, for a record whose start is no longer kept.
    shift: u64,
}

impl<R> LineTap<R> {
    pub fn new(inner: R, shift: u64) -> LineTap<R> {
        LineTap {
            inner,
            kept: Vec::new(),
            read: 0,
            shift,
        }
    }

    fn at(&self, byte: u64) -> Option<u8> {
        if byte >= self.read || self.read - byte > KEPT as u64 {
            return None;
        }
        self.kept
            .get(usize::try_from(byte % KEPT as u64).ok()?)
            .copied()
    }

    /// The line the record at `p` starts on.
    pub fn line(&self, p: &csv::Position) -> u64 {
        record_line(p, |b| self.at(b)).unwrap_or(p.line() + self.shift)
    }
}

impl<R: std::io::Read> std::io::Read for LineTap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let got = buf.get(..n).unwrap_or_default();
        if self.kept.len() < KEPT {
            self.kept.resize(KEPT, 0);
        }
        let tail = got
            .get(got.len().saturating_sub(KEPT)..)
            .unwrap_or_default();
        let start = self.read + (got.len() - tail.len()) as u64;
        let mut at = usize::try_from(start % KEPT as u64).unwrap_or(0);
        let mut rest = tail;
        while !rest.is_empty() {
            let (now, later) = rest.split_at(rest.len().min(KEPT - at));
            if let Some(to) = self.kept.get_mut(at..at + now.len()) {
                to.copy_from_slice(now);
            }
            rest = later;
            at = 0;
        }
        self.read += n as u64;
        Ok(n)
    }
}

/// What a file that is not UTF-8 is read as, in problems.
pub(super) const NOT_UTF8: &str = "the file is not UTF-8; read it as Windows-1252 (Latin-1 with its curly quotes, dashes and €, as Excel saves a CSV file on Windows)";

/// Bytes that are not UTF-8 read as Windows-1252 (WHATWG's "latin1": ISO 8859-1 with
/// typographic characters in 0x80–0x9F, which is what a Western Windows program writes).
pub(super) fn windows_1252(bytes: &[u8]) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// The text of `bytes` that start with a UTF-16 byte order mark (Excel's "Unicode Text", Windows'
/// Notepad "Unicode"), and how many code units were not UTF-16 (each read as U+FFFD); `None`
/// without the mark.
pub(super) fn utf16(bytes: &[u8]) -> Option<(String, usize)> {
    let little = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => true,
        Some([0xFE, 0xFF]) => false,
        _ => return None,
    };
    let body = bytes.get(2..).unwrap_or_default();
    let units = body.chunks(2).map(|p| match p {
        [a, b] if little => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        // An odd byte at the end: not UTF-16.
        _ => 0xD800,
    });
    let mut bad = 0;
    let text = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                bad += 1;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    Some((text, bad))
}

#[cfg(test)]
mod utf16_tests {
    #[test]
    fn utf16_with_a_byte_order_mark_is_text_and_without_one_is_not() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "Title\tDate\nSéance\t2023"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert_eq!(
            super::utf16(&le),
            Some(("Title\tDate\nSéance\t2023".to_string(), 0))
        );
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("ok".encode_utf16().flat_map(u16::to_be_bytes))
            .chain([0xDC, 0x00, 0x41])
            .collect();
        assert_eq!(
            super::utf16(&be),
            Some(("ok\u{FFFD}\u{FFFD}".to_string(), 2))
        );
        assert_eq!(super::utf16(b"Title,Date"), None);
    }
}
