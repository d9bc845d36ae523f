//! Long texts (events' summaries, ACLED's notes) kept compressed: appended one after another to
//! an open block of [`BLOCK`] bytes, which is compressed with LZ4 when it is full, so three
//! million ACLED notes of 160 bytes take about a third of their 480 MB. A text is read back by
//! decompressing its block (a few microseconds); [`Reader`] keeps the last block it opened, so
//! a pass over texts in the order they came (the search) decompresses each block once.

use std::borrow::Cow;

/// Bytes of text per block before it is compressed (a longer text gets a block of its own).
const BLOCK: usize = 1 << 15;

/// A text in a [`Packed`] store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PackedId(u32);

impl PackedId {
    pub(crate) fn from_raw(raw: u32) -> PackedId {
        PackedId(raw)
    }

    pub(crate) fn raw(self) -> u32 {
        self.0
    }
}

/// Texts in compressed blocks: text `i` ends at `ends[i]`, its block's number in the upper 32
/// bits and the byte in the block's text in the lower, and starts where text `i - 1` ended if
/// that was in the same block, else at the block's start.
#[derive(Clone, Debug, Default)]
pub struct Packed {
    /// Sealed blocks, compressed, each with the length of its text.
    blocks: Vec<(Box<[u8]>, u32)>,
    /// The block being filled, not compressed yet.
    open: String,
    ends: Vec<u64>,
}

impl Packed {
    /// Appends a text.
    pub fn push(&mut self, s: &str) -> PackedId {
        if !self.open.is_empty() && self.open.len() + s.len() > BLOCK {
            self.seal();
        }
        if self.open.capacity() == 0 {
            self.open.reserve_exact(BLOCK.max(s.len()));
        }
        self.open.push_str(s);
        let block = self.blocks.len() as u64;
        self.ends.push((block << 32) | self.open.len() as u64);
        PackedId(u32::try_from(self.ends.len() - 1).unwrap_or(u32::MAX))
    }

    /// Compresses the open block.
    fn seal(&mut self) {
        let text = std::mem::take(&mut self.open);
        let packed = lz4_flex::block::compress(text.as_bytes());
        let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
        self.blocks.push((packed.into_boxed_slice(), len));
    }

    /// Seals the open block and gives back what the vectors hold spare, once all is pushed.
    pub fn finish(&mut self) {
        if !self.open.is_empty() {
            self.seal();
        }
        self.open = String::new();
        self.ends.shrink_to_fit();
        self.blocks.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The block and byte range of text `id`.
    fn span(&self, id: PackedId) -> Option<(usize, std::ops::Range<usize>)> {
        span(&self.ends, id.0 as usize)
    }

    /// The text of block `block`, decompressed (the open block is borrowed).
    fn block_text(&self, block: usize) -> Option<Cow<'_, str>> {
        if block == self.blocks.len() {
            return Some(Cow::Borrowed(&self.open));
        }
        let (packed, len) = self.blocks.get(block)?;
        let bytes = lz4_flex::block::decompress(packed, *len as usize).ok()?;
        String::from_utf8(bytes).ok().map(Cow::Owned)
    }

    /// The text, or "" for a number this store never gave.
    pub fn get(&self, id: PackedId) -> Cow<'_, str> {
        let Some((block, range)) = self.span(id) else {
            return Cow::Borrowed("");
        };
        match self.block_text(block) {
            Some(Cow::Borrowed(t)) => Cow::Borrowed(t.get(range).unwrap_or("")),
            Some(Cow::Owned(t)) => Cow::Owned(t.get(range).unwrap_or("").to_owned()),
            None => Cow::Borrowed(""),
        }
    }

    /// Bytes held (compressed blocks, the open one and offsets), for the memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.blocks.iter().map(|(b, _)| b.len() + 24).sum::<usize>()
            + self.open.capacity()
            + self.ends.capacity() * 8
    }

    /// Bytes of text held, before compression.
    pub fn text_bytes(&self) -> usize {
        self.blocks.iter().map(|(_, l)| *l as usize).sum::<usize>() + self.open.len()
    }

    /// A reader that decompresses each block once while texts are read in order.
    pub fn reader(&self) -> Reader<'_> {
        Reader {
            packed: self,
            block: None,
            text: String::new(),
        }
    }
}

/// Reads texts of a [`Packed`] store, keeping the last block it decompressed.
pub struct Reader<'a> {
    packed: &'a Packed,
    block: Option<usize>,
    text: String,
}

impl Reader<'_> {
    /// The text, or "" for a number the store never gave.
    pub fn get(&mut self, id: PackedId) -> &str {
        let Some((block, range)) = self.packed.span(id) else {
            return "";
        };
        if block == self.packed.blocks.len() {
            return self.packed.open.get(range).unwrap_or("");
        }
        if self.block != Some(block) {
            self.text = self
                .packed
                .block_text(block)
                .map(Cow::into_owned)
                .unwrap_or_default();
            self.block = Some(block);
        }
        self.text.get(range).unwrap_or("")
    }
}

/// Where text `i` lies when `ends[i]` holds its chunk's number in the upper 32 bits and its end
/// in the chunk in the lower, and it starts where text `i - 1` ended in the same chunk, else at
/// the chunk's start: the chunk and the byte range (shared with [`super::fields::Texts`]).
pub(crate) fn span(ends: &[u64], i: usize) -> Option<(usize, std::ops::Range<usize>)> {
    let end = *ends.get(i)?;
    let chunk = end >> 32;
    let start = match i.checked_sub(1).and_then(|p| ends.get(p)) {
        Some(&prev) if prev >> 32 == chunk => prev & u64::from(u32::MAX),
        _ => 0,
    };
    let end = end & u64::from(u32::MAX);
    Some((chunk as usize, start as usize..end as usize))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_pushed_across_blocks_and_from_the_open_one() {
        let mut p = Packed::default();
        let texts: Vec<String> = (0..5000)
            .map(|i| {
                format!(
                    "On {i} March, forces clashed near the river; {} fatalities. ",
                    i % 7
                )
                .repeat(1 + i % 3)
            })
            .chain(["".to_string(), "é—".repeat(20_000), "last".to_string()])
            .collect();
        let ids: Vec<PackedId> = texts.iter().map(|t| p.push(t)).collect();
        // Before sealing: some blocks compressed, the last one open.
        assert!(p.blocks.len() > 10);
        assert_eq!(p.get(*ids.last().unwrap()), "last");
        assert_eq!(p.get(ids[17]), texts[17]);
        p.finish();
        assert_eq!(p.len(), texts.len());
        let mut r = p.reader();
        for (id, t) in ids.iter().zip(&texts) {
            assert_eq!(p.get(*id), *t);
            assert_eq!(r.get(*id), t);
        }
        // Read out of order through the reader too.
        assert_eq!(r.get(ids[3]), texts[3]);
        assert_eq!(r.get(ids[4999]), texts[4999]);
        assert_eq!(p.get(PackedId(u32::MAX)), "");
        assert_eq!(p.text_bytes(), texts.iter().map(String::len).sum::<usize>());
        // Repetitive text packs small.
        assert!(
            p.heap_bytes() * 3 < p.text_bytes(),
            "{} of {}",
            p.heap_bytes(),
            p.text_bytes()
        );
    }
}
