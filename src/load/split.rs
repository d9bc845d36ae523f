//! A streaming splitter for a JSON object whose big member is a list of records: it reads the
//! file in chunks, keeps small members whole, and hands the records of one list out in batches
//! with the line and column each starts at, so that records can be parsed on several threads
//! while the file is still being read, and the whole file never sits in memory at once.
//!
//! It checks only the structure it walks (strings, brackets, commas, colons); what a record means
//! is for the record parser. Anything it does not expect is reported as [`Malformed`], and the
//! caller then asks serde_json for the exact message.

use std::io::Read;

/// Bytes read from the source per refill.
const CHUNK: usize = 1 << 20;

/// Where a value starts in the file: byte offset and 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pos {
    pub offset: u64,
    pub line: usize,
    pub column: usize,
}

/// Records handed out together: their bytes back to back, and where each starts.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub seq: usize,
    pub bytes: Vec<u8>,
    /// (end of this record in `bytes`, its position in the file); record `i` runs from the end
    /// of record `i - 1`.
    pub records: Vec<(usize, Pos)>,
}

impl Batch {
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], Pos)> {
        let mut start = 0;
        self.records.iter().map(move |&(end, pos)| {
            let bytes = self.bytes.get(start..end).unwrap_or_default();
            start = end;
            (bytes, pos)
        })
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }
}

/// The structure is not what the splitter walks: the caller re-reads with serde_json for the
/// exact message.
#[derive(Debug)]
pub(crate) enum SplitError {
    Malformed,
    Io(std::io::Error),
}

pub(crate) struct Splitter<R> {
    reader: R,
    buf: Vec<u8>,
    /// Next unread byte in `buf`.
    pos: usize,
    /// Start of the value being captured, kept across refills.
    mark: Option<usize>,
    /// File offset of `buf[0]`.
    base: u64,
    line: usize,
    /// The column of the byte at `col_pos` in `buf`: columns are counted only when asked
    /// ([`Splitter::here`]), from the last place one was counted or the last line start.
    column: usize,
    col_pos: usize,
    eof: bool,
    /// Members of the top-level object read so far.
    members: usize,
    /// Records of the current list read so far, and whether its `]` was read.
    records: usize,
    list_done: bool,
    seq: usize,
}

impl<R: Read> Splitter<R> {
    pub fn new(reader: R) -> Splitter<R> {
        Splitter {
            reader,
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            mark: None,
            base: 0,
            line: 1,
            column: 1,
            col_pos: 0,
            eof: false,
            members: 0,
            records: 0,
            list_done: false,
            seq: 0,
        }
    }

    /// Bytes consumed so far.
    pub fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    fn here(&mut self) -> Pos {
        let counted = self.buf.get(self.col_pos..self.pos).unwrap_or_default();
        self.column += chars(counted);
        self.col_pos = self.pos;
        Pos {
            offset: self.offset(),
            line: self.line,
            column: self.column,
        }
    }

    /// Reads more; false at the end of the input.
    fn refill(&mut self) -> Result<bool, SplitError> {
        if self.eof {
            return Ok(false);
        }
        let keep = self.mark.unwrap_or(self.pos);
        if keep > 0 {
            if self.col_pos < keep {
                let counted = self.buf.get(self.col_pos..keep).unwrap_or_default();
                self.column += chars(counted);
                self.col_pos = keep;
            }
            self.col_pos -= keep;
            self.buf.drain(..keep);
            self.base += keep as u64;
            self.pos -= keep;
            if let Some(m) = self.mark.as_mut() {
                *m = 0;
            }
        }
        let old = self.buf.len();
        // A long member read whole (a list of sources) left the buffer that big: it is not
        // kept so for the rest of the file.
        if self.buf.capacity() > 4 * CHUNK && old < CHUNK {
            self.buf.shrink_to(2 * CHUNK);
        }
        self.buf.resize(old + CHUNK, 0);
        let n = loop {
            match self
                .reader
                .read(self.buf.get_mut(old..).unwrap_or_default())
            {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(old);
                    return Err(SplitError::Io(e));
                }
            }
        };
        self.buf.truncate(old + n);
        if n == 0 {
            self.eof = true;
        }
        Ok(n > 0)
    }

    fn peek(&mut self) -> Result<Option<u8>, SplitError> {
        loop {
            if let Some(&b) = self.buf.get(self.pos) {
                return Ok(Some(b));
            }
            if !self.refill()? {
                return Ok(None);
            }
        }
    }

    fn bump(&mut self, b: u8) {
        self.pos += 1;
        if b == b'\n' {
            self.new_line(self.pos);
        }
    }

    /// A line starts at `at` in `buf`.
    fn new_line(&mut self, at: usize) {
        self.line += 1;
        self.column = 1;
        self.col_pos = at;
    }

    fn skip_ws(&mut self) -> Result<Option<u8>, SplitError> {
        while let Some(b) = self.peek()? {
            if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
                self.bump(b);
            } else {
                return Ok(Some(b));
            }
        }
        Ok(None)
    }

    fn expect(&mut self, want: u8) -> Result<(), SplitError> {
        match self.skip_ws()? {
            Some(b) if b == want => {
                self.bump(b);
                Ok(())
            }
            _ => Err(SplitError::Malformed),
        }
    }

    /// Walks one string, the opening quote at `pos`.
    fn string(&mut self) -> Result<(), SplitError> {
        self.bump(b'"');
        self.walk(Walk {
            depth: 0,
            in_string: true,
            escaped: false,
        })
    }

    /// Walks one value (the first byte at `pos`, after whitespace).
    fn value(&mut self) -> Result<(), SplitError> {
        match self.peek()? {
            None => Err(SplitError::Malformed),
            Some(b'"') => self.string(),
            Some(b'{' | b'[') => self.walk(Walk {
                depth: 0,
                in_string: false,
                escaped: false,
            }),
            Some(_) => {
                // A number or literal runs to the next delimiter.
                while let Some(b) = self.peek()? {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                        break;
                    }
                    self.bump(b);
                }
                Ok(())
            }
        }
    }

    /// Walks bytes from `pos` until the string or the bracket `walk` is in closes: a byte at a
    /// time, passing over those that are not quotes, backslashes, brackets or line ends,
    /// refilling as it goes. Lines are counted here; columns only where a position is asked.
    fn walk(&mut self, walk: Walk) -> Result<(), SplitError> {
        let Walk {
            mut depth,
            mut in_string,
            mut escaped,
        } = walk;
        loop {
            let rest = self.buf.get(self.pos..).unwrap_or_default();
            // A backslash last in the buffer escapes the first byte of the next (never a line
            // end: no escape is one).
            if escaped && rest.first() == Some(&b'\n') {
                return Err(SplitError::Malformed);
            }
            let mut k = usize::from(escaped);
            let mut line_start = None;
            let mut lines = 0;
            let mut done = false;
            while let Some(&b) = rest.get(k) {
                k += 1;
                if !STOPS.get(usize::from(b)).copied().unwrap_or(true) {
                    continue;
                }
                if in_string {
                    match b {
                        b'"' => {
                            in_string = false;
                            if depth == 0 {
                                done = true;
                                break;
                            }
                        }
                        b'\\' => {
                            if rest.get(k) == Some(&b'\n') {
                                return Err(SplitError::Malformed);
                            }
                            k += 1;
                        }
                        // No raw newline inside a JSON string.
                        b'\n' => return Err(SplitError::Malformed),
                        _ => {}
                    }
                    continue;
                }
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            done = true;
                            break;
                        }
                    }
                    b'\n' => {
                        lines += 1;
                        line_start = Some(self.pos + k);
                    }
                    _ => {}
                }
            }
            escaped = k > rest.len();
            self.pos += k.min(rest.len());
            if let Some(at) = line_start {
                self.line += lines - 1;
                self.new_line(at);
            }
            if done {
                return Ok(());
            }
            if !self.refill()? {
                return Err(SplitError::Malformed);
            }
        }
    }

    /// Captures one value as owned bytes with its start.
    fn capture(&mut self) -> Result<(Pos, Vec<u8>), SplitError> {
        self.skip_ws()?;
        let start = self.here();
        self.mark = Some(self.pos);
        let walked = self.value();
        let from = self.mark.take().unwrap_or(self.pos);
        walked?;
        let bytes = self.buf.get(from..self.pos).unwrap_or_default().to_vec();
        if bytes.is_empty() {
            return Err(SplitError::Malformed);
        }
        Ok((start, bytes))
    }

    /// Expects the top-level `{`.
    pub fn begin(&mut self) -> Result<(), SplitError> {
        self.expect(b'{')?;
        self.members = 0;
        Ok(())
    }

    /// The next member's key (after its colon), or `None` after the closing `}` (and nothing but
    /// whitespace after it).
    pub fn next_key(&mut self) -> Result<Option<String>, SplitError> {
        match self.skip_ws()? {
            Some(b'}') => {
                self.bump(b'}');
                return match self.skip_ws()? {
                    None => Ok(None),
                    Some(_) => Err(SplitError::Malformed),
                };
            }
            Some(b',') if self.members > 0 => {
                self.bump(b',');
                self.skip_ws()?;
            }
            _ if self.members > 0 => return Err(SplitError::Malformed),
            _ => {}
        }
        if self.peek()? != Some(b'"') {
            return Err(SplitError::Malformed);
        }
        let (_, key) = self.capture()?;
        let key: String = serde_json::from_slice(&key).map_err(|_| SplitError::Malformed)?;
        self.expect(b':')?;
        self.members += 1;
        Ok(Some(key))
    }

    /// Whether the member's value is a list.
    pub fn at_list(&mut self) -> Result<bool, SplitError> {
        Ok(self.skip_ws()? == Some(b'['))
    }

    /// The member's value as bytes, with where it starts.
    pub fn member_value(&mut self) -> Result<(Pos, Vec<u8>), SplitError> {
        self.capture()
    }

    /// Enters the member's list; then call [`Splitter::next_batch`] until it gives `None`.
    pub fn list_begin(&mut self) -> Result<(), SplitError> {
        self.expect(b'[')?;
        self.records = 0;
        self.list_done = false;
        Ok(())
    }

    /// The next records of the list, about `batch_bytes` of them; `None` after the list's `]`.
    pub fn next_batch(&mut self, batch_bytes: usize) -> Result<Option<Batch>, SplitError> {
        if self.list_done {
            return Ok(None);
        }
        self.seq += 1;
        let mut batch = Batch {
            seq: self.seq,
            ..Batch::default()
        };
        loop {
            match self.skip_ws()? {
                Some(b']') => {
                    self.bump(b']');
                    self.list_done = true;
                    break;
                }
                Some(b',') if self.records > 0 => {
                    self.bump(b',');
                    self.skip_ws()?;
                }
                _ if self.records > 0 => return Err(SplitError::Malformed),
                _ => {}
            }
            let start = self.here();
            self.mark = Some(self.pos);
            let walked = self.value();
            let from = self.mark.take().unwrap_or(self.pos);
            walked?;
            let bytes = self.buf.get(from..self.pos).unwrap_or_default();
            if bytes.is_empty() {
                return Err(SplitError::Malformed);
            }
            batch.bytes.extend_from_slice(bytes);
            batch.records.push((batch.bytes.len(), start));
            self.records += 1;
            if batch.bytes.len() >= batch_bytes {
                break;
            }
        }
        if batch.records.is_empty() {
            Ok(None)
        } else {
            Ok(Some(batch))
        }
    }
}

/// Where [`Splitter::walk`] is: inside how many brackets, in a string, after a backslash.
struct Walk {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

/// The bytes [`Splitter::walk`] stops at: quotes, backslashes, brackets and line ends.
// Evaluated when compiling: an index out of bounds would not compile, so it cannot panic.
#[allow(clippy::indexing_slicing)]
static STOPS: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t[b'{' as usize] = true;
    t[b'}' as usize] = true;
    t[b'[' as usize] = true;
    t[b']' as usize] = true;
    t[b'\n' as usize] = true;
    t
};

/// Characters in UTF-8 bytes (bytes that do not continue a character).
fn chars(bytes: &[u8]) -> usize {
    // Most text is ASCII, checked a word at a time.
    if bytes.is_ascii() {
        return bytes.len();
    }
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    type Members = Vec<(String, Pos, String)>;

    fn split(text: &str, batch_bytes: usize) -> Result<(Members, Vec<(String, Pos)>), SplitError> {
        let mut members = Vec::new();
        let mut records = Vec::new();
        let mut sp = Splitter::new(text.as_bytes());
        sp.begin()?;
        while let Some(key) = sp.next_key()? {
            if key == "events" && sp.at_list()? {
                sp.list_begin()?;
                while let Some(batch) = sp.next_batch(batch_bytes)? {
                    for (b, p) in batch.iter() {
                        records.push((String::from_utf8(b.to_vec()).unwrap(), p));
                    }
                }
            } else {
                let (p, b) = sp.member_value()?;
                members.push((key, p, String::from_utf8(b).unwrap()));
            }
        }
        Ok((members, records))
    }

    #[test]
    fn characters_are_counted_in_ascii_and_beyond() {
        assert_eq!(chars(b"plain ascii"), 11);
        assert_eq!(chars("aé€😀z".as_bytes()), 5);
        assert_eq!(chars(b""), 0);
    }

    #[test]
    fn members_and_records_with_positions() {
        let text = "{\n \"timeband\": 1,\n \"title\": \"a \\\"q\\\" ]\",\n \"events\": [\n  {\"id\": \"é\", \"x\": [1, {\"y\": \"}\"}]},\n  {\"id\": \"b\"}\n ],\n \"n\": null }\n";
        for batch in [1, 10, 1000] {
            let (members, records) = split(text, batch).unwrap();
            assert_eq!(members.len(), 3);
            assert_eq!(members[0].0, "timeband");
            assert_eq!(members[0].2, "1");
            assert_eq!(members[1].2, "\"a \\\"q\\\" ]\"");
            assert_eq!(members[2].2, "null");
            assert_eq!(records.len(), 2);
            assert_eq!(records[0].0, "{\"id\": \"é\", \"x\": [1, {\"y\": \"}\"}]}");
            assert_eq!((records[0].1.line, records[0].1.column), (5, 3));
            assert_eq!((records[1].1.line, records[1].1.column), (6, 3));
            assert_eq!(
                &text.as_bytes()[records[1].1.offset as usize..][..5],
                b"{\"id\""
            );
        }
    }

    /// A reader that gives `n` bytes at a time, so that every value crosses refills.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn records_read_a_few_bytes_at_a_time_have_the_same_bytes_and_positions() {
        let text = "{\"timeband\": 1, \"t\": \"é\\\\\", \"events\": [{\"id\": \"a\\\"]\\\\\", \"é\": {}}, {\"id\": \"ü€\"},\n  {\"id\": \"c\\\\\"}, {\"id\": \"d\"}]}";
        let (_, whole) = split(text, 1000).unwrap();
        assert_eq!(whole.len(), 4);
        assert_eq!((whole[1].1.line, whole[1].1.column), (1, 67));
        assert_eq!((whole[3].1.line, whole[3].1.column), (2, 18));
        for n in 1..6 {
            let mut sp = Splitter::new(Trickle(text.as_bytes(), n));
            let mut records = Vec::new();
            sp.begin().unwrap();
            while let Some(key) = sp.next_key().unwrap() {
                if key == "events" {
                    sp.list_begin().unwrap();
                    while let Some(batch) = sp.next_batch(10).unwrap() {
                        for (b, p) in batch.iter() {
                            records.push((String::from_utf8(b.to_vec()).unwrap(), p));
                        }
                    }
                } else {
                    sp.member_value().unwrap();
                }
            }
            assert_eq!(records, whole, "{n} bytes at a time");
        }
        // A backslash last in a refill, a raw line end first in the next.
        let broken = "{\"events\": [{\"id\": \"x\\\n\"}]}";
        let mut sp = Splitter::new(Trickle(broken.as_bytes(), 1));
        sp.begin().unwrap();
        assert_eq!(sp.next_key().unwrap().as_deref(), Some("events"));
        sp.list_begin().unwrap();
        assert!(matches!(sp.next_batch(10), Err(SplitError::Malformed)));
    }

    #[test]
    fn broken_structure_is_malformed() {
        for text in [
            "{\"events\": [{\"id\": 1}",
            "{\"events\": [{\"id\": 1} {\"id\": 2}]}",
            "{\"a\": \"unterminated}",
            "{\"a\": 1} x",
            "{\"a\" 1}",
            "[1]",
            "{\"events\": [1,]}",
            "{\"a\": 1,}",
            "{\"events\": [], \"b\": 2",
            // A backslash before a raw line end: no escape.
            "{\"a\": \"x\\\n\"}",
            "{\"events\": [{\"id\": \"x\\\n\"}]}",
        ] {
            assert!(
                matches!(split(text, 10), Err(SplitError::Malformed)),
                "{text}"
            );
        }
    }
}
