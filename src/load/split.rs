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
    column: usize,
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

    fn here(&self) -> Pos {
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
            self.line += 1;
            self.column = 1;
        } else if b & 0xC0 != 0x80 {
            self.column += 1;
        }
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
        loop {
            // Scan the buffered bytes for the closing quote or a backslash.
            let rest = self.buf.get(self.pos..).unwrap_or_default();
            match memchr::memchr3(b'"', b'\\', b'\n', rest) {
                Some(i) => {
                    let chunk = rest.get(..i).unwrap_or_default();
                    self.column += chars(chunk);
                    let b = rest.get(i).copied().unwrap_or(b'"');
                    self.pos += i;
                    match b {
                        b'"' => {
                            self.bump(b);
                            return Ok(());
                        }
                        b'\\' => {
                            self.bump(b);
                            match self.peek()? {
                                Some(c) => self.bump(c),
                                None => return Err(SplitError::Malformed),
                            }
                        }
                        // No raw newline inside a JSON string.
                        _ => return Err(SplitError::Malformed),
                    }
                }
                None => {
                    self.column += chars(rest);
                    self.pos += rest.len();
                    if !self.refill()? {
                        return Err(SplitError::Malformed);
                    }
                }
            }
        }
    }

    /// Walks one value (the first byte at `pos`, after whitespace).
    fn value(&mut self) -> Result<(), SplitError> {
        match self.peek()? {
            None => Err(SplitError::Malformed),
            Some(b'"') => self.string(),
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                loop {
                    // Walk the buffered bytes in a tight loop; strings and refills leave it.
                    let mut i = self.pos;
                    let (mut line, mut column) = (self.line, self.column);
                    let mut stop = None;
                    while let Some(&b) = self.buf.get(i) {
                        match b {
                            b'"' => {
                                stop = Some(b);
                                break;
                            }
                            b'{' | b'[' => depth += 1,
                            b'}' | b']' => {
                                depth = depth.saturating_sub(1);
                                if depth == 0 {
                                    stop = Some(b);
                                    break;
                                }
                            }
                            b'\n' => {
                                line += 1;
                                column = 0;
                            }
                            _ => {}
                        }
                        if b & 0xC0 != 0x80 {
                            column += 1;
                        }
                        i += 1;
                    }
                    (self.pos, self.line, self.column) = (i, line, column);
                    match stop {
                        Some(b'"') => self.string()?,
                        Some(b) => {
                            self.bump(b);
                            return Ok(());
                        }
                        None => {
                            if !self.refill()? {
                                return Err(SplitError::Malformed);
                            }
                        }
                    }
                }
            }
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
        ] {
            assert!(
                matches!(split(text, 10), Err(SplitError::Malformed)),
                "{text}"
            );
        }
    }
}
