//! An event's other fields (a sheet's columns without a role of their own) and its summary, kept
//! for the whole data set at once: every text in one buffer, every attribute in a column of text
//! numbers indexed by the event's row. A million ACLED rows with 25 such columns each then cost
//! 100 bytes of column per row and their distinct texts once, where a map per event cost 600
//! bytes of pairs, an allocation per event and one per distinct text; and when the set is
//! finished, a column of fewer than 65,535 distinct texts (a country, an event type, most of
//! ACLED's) becomes 16-bit codes into a dictionary of its own, 50 bytes a row for the 25.
//!
//! Projections of a data set (as known on, filters, lanes by) share the same `Fields`
//! (`Arc`): their events keep the row they had.

use super::packed::{Packed, PackedId};
use hashbrown::HashTable;
use std::borrow::Cow;
use std::hash::BuildHasher;

/// A text in a [`Texts`] buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TextId(u32);

/// Texts one after another in chunks of [`CHUNK`] bytes (a longer text gets a chunk of its
/// own), so the buffer never doubles and copies itself as it grows: text `i` ends at byte
/// `ends[i]` of its chunk (four bytes a text: most texts are shorter than eight), the chunk
/// being the last whose first text (`firsts`) is at most `i`, and starts where text `i - 1`
/// ended if that was in the same chunk, else at the chunk's start.
#[derive(Clone, Debug, Default)]
pub struct Texts {
    chunks: Vec<String>,
    /// The number of each chunk's first text.
    firsts: Vec<u32>,
    ends: Vec<u32>,
}

/// Bytes per chunk of [`Texts`].
const CHUNK: usize = 1 << 22;

impl Texts {
    /// Appends a text (no sharing; see [`Values::value`] for that). A text of 4 GiB or more
    /// is kept empty (no end of one fits four bytes).
    pub fn push(&mut self, s: &str) -> TextId {
        let s = if u32::try_from(s.len()).is_ok() {
            s
        } else {
            ""
        };
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.len() + s.len() <= c.capacity());
        if !fits {
            self.chunks.push(String::with_capacity(CHUNK.max(s.len())));
            self.firsts
                .push(u32::try_from(self.ends.len()).unwrap_or(u32::MAX));
        }
        let end = match self.chunks.last_mut() {
            Some(c) => {
                c.push_str(s);
                c.len()
            }
            None => 0,
        };
        self.ends.push(u32::try_from(end).unwrap_or(u32::MAX));
        TextId(u32::try_from(self.ends.len() - 1).unwrap_or(u32::MAX))
    }

    /// The text, or "" for a number this buffer never gave.
    pub fn get(&self, id: TextId) -> &str {
        let i = id.0 as usize;
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        // The chunk: the last that starts at or before text `i`.
        let chunk = self
            .firsts
            .partition_point(|&f| f <= id.0)
            .saturating_sub(1);
        let first = self.firsts.get(chunk).map_or(0, |&f| f as usize);
        let start = match i.checked_sub(1) {
            Some(p) if p >= first => self.ends.get(p).copied().unwrap_or(0),
            _ => 0,
        };
        self.chunks
            .get(chunk)
            .and_then(|c| c.get(start as usize..end as usize))
            .unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Bytes held (text and offsets), for the memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.chunks.iter().map(String::capacity).sum::<usize>()
            + self.ends.capacity() * 4
            + self.firsts.capacity() * 4
    }

    fn shrink(&mut self) {
        if let Some(c) = self.chunks.last_mut() {
            c.shrink_to_fit();
        }
        self.ends.shrink_to_fit();
    }
}

/// No value in a dense column.
const NONE: u32 = u32::MAX;

/// One attribute's values by row: one number per row where most rows have it, `(row, text)`
/// pairs in row order where few do (a forensic export's fields of one record type).
#[derive(Clone, Debug)]
enum Column {
    Dense(Vec<u32>),
    Sparse(Vec<(u32, u32)>),
    /// A dense column of few distinct values (a country, an event type, a year), once loaded:
    /// each row a 16-bit code into `dict` ([`NO_CODE`] for none).
    Coded {
        dict: Vec<u32>,
        codes: Vec<u16>,
    },
}

/// No value in a coded column.
const NO_CODE: u16 = u16::MAX;

impl Default for Column {
    fn default() -> Column {
        Column::Sparse(Vec::new())
    }
}

impl Column {
    fn get(&self, row: u32) -> Option<TextId> {
        match self {
            Column::Dense(v) => v.get(row as usize).copied().filter(|&t| t != NONE),
            Column::Coded { dict, codes } => codes
                .get(row as usize)
                .filter(|&&c| c != NO_CODE)
                .and_then(|&c| dict.get(usize::from(c)))
                .copied(),
            // Rows are added in order, and asked for as they are added: the last first.
            Column::Sparse(v) => match v.last() {
                Some(&(r, t)) if r == row => Some(t),
                Some(&(r, _)) if r < row => None,
                _ => v
                    .binary_search_by_key(&row, |&(r, _)| r)
                    .ok()
                    .and_then(|i| v.get(i))
                    .map(|&(_, t)| t),
            },
        }
        .map(TextId)
    }

    /// Sets the value of `row`, which must not have one yet; rows come in order but for the
    /// rows merged into an earlier one (ACLED's monadic rows).
    fn set(&mut self, row: u32, text: TextId, expected: usize) {
        self.expand();
        match self {
            Column::Dense(v) => put(v, row, text.0, NONE, expected),
            // Expanded above.
            Column::Coded { .. } => {}
            Column::Sparse(v) => {
                if v.last().is_none_or(|&(r, _)| r < row) {
                    v.push((row, text.0));
                } else if let Err(i) = v.binary_search_by_key(&row, |&(r, _)| r) {
                    v.insert(i, (row, text.0));
                }
                // Half the rows or more: a number per row is smaller than a pair per value.
                if v.len() >= 64 && v.len() * 2 > row as usize {
                    let mut dense = Vec::with_capacity(expected.max(row as usize + 1));
                    dense.resize(row as usize + 1, NONE);
                    for &(r, t) in v.iter() {
                        if let Some(slot) = dense.get_mut(r as usize) {
                            *slot = t;
                        }
                    }
                    *self = Column::Dense(dense);
                }
            }
        }
    }

    fn heap_bytes(&self) -> usize {
        match self {
            Column::Dense(v) => v.capacity() * 4,
            Column::Sparse(v) => v.capacity() * 8,
            Column::Coded { dict, codes } => dict.capacity() * 4 + codes.capacity() * 2,
        }
    }

    fn shrink(&mut self) {
        match self {
            Column::Dense(v) => v.shrink_to_fit(),
            Column::Sparse(v) => v.shrink_to_fit(),
            Column::Coded { dict, codes } => {
                dict.shrink_to_fit();
                codes.shrink_to_fit();
            }
        }
    }

    /// A coded column back to a number per row, to be added to.
    fn expand(&mut self) {
        if let Column::Coded { dict, codes } = self {
            let dense = codes
                .iter()
                .map(|&c| {
                    dict.get(usize::from(c))
                        .copied()
                        .filter(|_| c != NO_CODE)
                        .unwrap_or(NONE)
                })
                .collect();
            *self = Column::Dense(dense);
        }
    }

    /// A dense column with fewer distinct values than 16 bits number, coded: half the bytes
    /// per row. A column with more stays as it is.
    fn compact(&mut self) {
        let Column::Dense(v) = self else {
            return;
        };
        let mut code_of: rustc_hash::FxHashMap<u32, u16> = rustc_hash::FxHashMap::default();
        let mut dict = Vec::new();
        let mut codes = Vec::with_capacity(v.len());
        // The last value's code: runs of one value are common (rows sorted by country or date).
        let mut last = (NONE, NO_CODE);
        for &t in v.iter() {
            let code = if t == NONE {
                NO_CODE
            } else if t == last.0 {
                last.1
            } else {
                let code = match code_of.get(&t) {
                    Some(&c) => c,
                    None => {
                        let Ok(c) = u16::try_from(dict.len()) else {
                            return;
                        };
                        if c == NO_CODE {
                            return;
                        }
                        dict.push(t);
                        code_of.insert(t, c);
                        c
                    }
                };
                last = (t, code);
                code
            };
            codes.push(code);
        }
        dict.shrink_to_fit();
        *self = Column::Coded { dict, codes };
    }
}

/// The attributes and summaries of a data set's events, by row ([`super::Event::row`]).
#[derive(Clone, Debug, Default)]
pub struct Fields {
    /// Attribute values, each distinct one once.
    values: Texts,
    /// Summaries, one after another, compressed.
    long: Packed,
    /// By attribute index ([`super::Dataset::attribute_names`]).
    columns: Vec<Column>,
    /// The second and later values of a name on one row (an ACLED event's several actors):
    /// `(row, attribute, text)`, sorted.
    more: Vec<(u32, u32, TextId)>,
    summaries: Column,
    /// Each row's event id, text `i` row `i`'s (ids are unique: not shared).
    ids: Texts,
    /// Events' titles, a title that repeats while it is recent (ACLED's "Protests:
    /// Mogadishu") once.
    titles: Texts,
    /// Each row's title in `titles`.
    title_of: Vec<TextId>,
    rows: u32,
}

impl Fields {
    /// The values of attribute `name` on `row`, first the one in its column, then the others in
    /// the order they were read.
    pub fn values(&self, row: u32, name: u32) -> impl Iterator<Item = &str> {
        let first = self.columns.get(name as usize).and_then(|c| c.get(row));
        first
            .into_iter()
            .chain(self.more_of(row).filter(move |m| m.1 == name).map(|m| m.2))
            .map(|t| self.values.get(t))
    }

    /// Every attribute of `row` as `(attribute index, value)`, by attribute index; a name's
    /// further values follow its first.
    pub fn of(&self, row: u32) -> Vec<(u32, &str)> {
        let mut out = Vec::new();
        for (name, column) in self.columns.iter().enumerate() {
            if let Some(t) = column.get(row) {
                let name = u32::try_from(name).unwrap_or(u32::MAX);
                out.push((name, self.values.get(t)));
                out.extend(
                    self.more_of(row)
                        .filter(|m| m.1 == name)
                        .map(|m| (name, self.values.get(m.2))),
                );
            }
        }
        out
    }

    /// How many attributes `row` has, counting each value.
    pub fn count(&self, row: u32) -> usize {
        self.columns.iter().filter(|c| c.get(row).is_some()).count() + self.more_of(row).count()
    }

    /// The summary of `row`, if it has one (decompressed: see [`Fields::summaries`] to read
    /// many).
    pub fn summary(&self, row: u32) -> Option<Cow<'_, str>> {
        self.summaries
            .get(row)
            .map(|t| self.long.get(PackedId::from_raw(t.0)))
    }

    /// A reader of summaries, fastest when rows are read in the order they were made.
    pub fn summaries(&self) -> Summaries<'_> {
        Summaries {
            column: &self.summaries,
            reader: self.long.reader(),
        }
    }

    /// Bytes of summary text, before compression.
    pub fn summary_bytes(&self) -> usize {
        self.long.text_bytes()
    }

    /// The id of the event of `row` ("" for a row this set never made).
    pub fn id(&self, row: u32) -> &str {
        self.ids.get(TextId(row))
    }

    /// The title of the event of `row` ("" for a row this set never made).
    pub fn title(&self, row: u32) -> &str {
        self.title_of
            .get(row as usize)
            .map_or("", |&t| self.titles.get(t))
    }

    /// Distinct title texts held (a title repeated while recent is held once).
    pub fn titles_held(&self) -> usize {
        self.titles.len()
    }

    /// Rows made so far.
    pub fn rows(&self) -> u32 {
        self.rows
    }

    /// Bytes held, for the memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.values.heap_bytes()
            + self.long.heap_bytes()
            + self.columns.iter().map(Column::heap_bytes).sum::<usize>()
            + self.summaries.heap_bytes()
            + self.ids.heap_bytes()
            + self.titles.heap_bytes()
            + self.title_of.capacity() * 4
            + self.more.capacity() * 12
    }

    fn more_of(&self, row: u32) -> impl Iterator<Item = &(u32, u32, TextId)> {
        let start = self.more.partition_point(|m| m.0 < row);
        self.more
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(move |m| m.0 == row)
    }

    /// Appends `other`'s rows after these (two files opened together); its attribute `i`
    /// becomes `names[i]` here. Returns the number to add to `other`'s rows.
    pub fn append(&mut self, other: &Fields, names: &[u32]) -> u32 {
        let offset = self.rows;
        let mut b = FieldsBuilder::from(std::mem::take(self));
        for row in 0..other.rows {
            let attributes: Vec<(u32, TextId)> = other
                .of(row)
                .into_iter()
                .map(|(n, v)| {
                    let n = names.get(n as usize).copied().unwrap_or(u32::MAX);
                    (n, b.value(v))
                })
                .collect();
            let title = b.title_number(other.title(row));
            let r = b.row(
                other.id(row),
                title,
                &attributes,
                other.summary(row).as_deref(),
            );
            b.add(r, &attributes);
        }
        *self = b.finish();
        offset
    }
}

/// Reads many rows' summaries ([`Fields::summaries`]), decompressing each block once while rows
/// come in order.
pub struct Summaries<'a> {
    column: &'a Column,
    reader: super::packed::Reader<'a>,
}

impl Summaries<'_> {
    /// The summary of `row`, if it has one.
    pub fn get(&mut self, row: u32) -> Option<&str> {
        let t = self.column.get(row)?;
        Some(self.reader.get(PackedId::from_raw(t.0)))
    }
}

/// Attribute values, each distinct text stored once in a buffer and numbered: found by a
/// column's own table of its values while it has few ([`Values::value_in`]), the slots of
/// recent values, and the table of all values, so a value is never held twice. A loader can
/// fill one on its reading thread ([`FieldsBuilder::adopt`]).
#[derive(Default)]
pub(crate) struct Values {
    texts: Texts,
    /// Each distinct value's number, and the value itself when it is short (a coordinate, a
    /// code), so that finding it reads nothing else: a column of many values (a latitude) asks
    /// this table for each, and each ask is a miss of the cache already.
    shared: HashTable<Shared>,
    /// The last value seen twice per hash slot: most values repeat (a country, an event type) and
    /// are found here without a walk through the whole table, which by a million rows no
    /// longer fits a cache and cost a miss per value.
    recent: Vec<Recent>,
    /// Per column, its values while they are few ([`Values::value_in`]).
    fronts: Vec<Front>,
}

/// An entry of [`Values::shared`]: a value's number, and the value if it is at most
/// [`SHARED_INLINE`] bytes.
#[derive(Clone, Copy)]
struct Shared {
    id: TextId,
    /// The value's length if it is kept in `bytes`, else `u8::MAX`.
    len: u8,
    bytes: [u8; SHARED_INLINE],
}

/// Bytes of a value kept in its [`Shared`] entry itself.
const SHARED_INLINE: usize = 11;

impl Shared {
    fn new(id: TextId, s: &str) -> Shared {
        let mut e = Shared {
            id,
            len: u8::MAX,
            bytes: [0; SHARED_INLINE],
        };
        if let Some(inline) = e.bytes.get_mut(..s.len()) {
            inline.copy_from_slice(s.as_bytes());
            e.len = s.len() as u8;
        }
        e
    }

    /// The value, from the entry where it is kept there.
    fn text<'a>(&'a self, texts: &'a Texts) -> &'a [u8] {
        match self.bytes.get(..usize::from(self.len)) {
            Some(inline) => inline,
            None => texts.get(self.id).as_bytes(),
        }
    }
}

/// The hash a [`Shared`] entry is filed by: [`hash`] of its text (the bytes kept in the
/// entry are a whole `str`'s, so they are always UTF-8).
fn shared_hash(e: &Shared, texts: &Texts) -> u64 {
    match e.bytes.get(..usize::from(e.len)) {
        Some(inline) => hash(std::str::from_utf8(inline).unwrap_or_default()),
        None => hash(texts.get(e.id)),
    }
}

/// Bytes of a value kept in its [`Recent`] slot itself.
const INLINE: usize = 22;

/// A slot of [`Values::recent`], or an entry of a column's own table ([`Front`]): a value's
/// hash and number, and the value itself when it is short (most are: a year, a code, a
/// coordinate), so that finding it reads nothing else.
#[derive(Clone, Copy)]
struct Recent {
    hash: u64,
    id: TextId,
    /// The value's length if it is kept in `bytes`, else more than [`INLINE`].
    len: u16,
    bytes: [u8; INLINE],
}

impl Recent {
    const EMPTY: Recent = Recent {
        hash: 0,
        id: TextId(u32::MAX),
        len: u16::MAX,
        bytes: [0; INLINE],
    };

    fn new(hash: u64, id: TextId, s: &str) -> Recent {
        let mut r = Recent {
            hash,
            id,
            ..Recent::EMPTY
        };
        if let Some(inline) = r.bytes.get_mut(..s.len()) {
            inline.copy_from_slice(s.as_bytes());
            r.len = s.len() as u16;
        }
        r
    }

    /// Whether this slot holds `s` (of hash `hash`), asking `texts` only for a long value.
    fn holds(&self, hash: u64, s: &str, texts: &Texts) -> bool {
        if self.hash != hash || self.id.0 == u32::MAX {
            return false;
        }
        match self.bytes.get(..usize::from(self.len)) {
            Some(inline) => inline == s.as_bytes(),
            None => texts.get(self.id) == s,
        }
    }
}

/// Titles [`FieldsBuilder`] remembers to share (then it starts afresh).
const RECENT_TITLES: usize = 1 << 16;

/// Titles numbered before [`FieldsBuilder`] judges whether they repeat.
const TITLE_TRIAL: usize = 8192;

/// Slots in [`Values::recent`] (a power of two).
const RECENT: usize = 1 << 14;

fn hash(s: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(s)
}

impl From<Texts> for Values {
    fn from(texts: Texts) -> Values {
        let mut shared = HashTable::new();
        for i in 0..texts.len() {
            let id = TextId(u32::try_from(i).unwrap_or(u32::MAX));
            let s = texts.get(id);
            let h = hash(s);
            if shared
                .find(h, |e: &Shared| e.text(&texts) == s.as_bytes())
                .is_none()
            {
                shared.insert_unique(h, Shared::new(id, s), |e| shared_hash(e, &texts));
            }
        }
        Values {
            texts,
            shared,
            recent: Vec::new(),
            fronts: Vec::new(),
        }
    }
}

impl Values {
    /// The number of this value, the same for the same text.
    pub fn value(&mut self, s: &str) -> TextId {
        value_hashed(
            &mut self.texts,
            &mut self.shared,
            &mut self.recent,
            hash(s),
            s,
        )
    }

    /// [`Values::value`] of a value of the sheet's column `column` (any small number the
    /// caller keeps to one column): the same number, but a column of few distinct values finds
    /// them in a table of its own, which stays in the cache where the table of all values and
    /// the slots of recent ones (filled by every column) do not.
    pub fn value_in(&mut self, column: u32, s: &str) -> TextId {
        let h = hash(s);
        let c = column as usize;
        if self.fronts.len() <= c && c < MAX_FRONTS {
            self.fronts.resize_with(c + 1, Front::default);
        }
        let Some(front) = self.fronts.get_mut(c) else {
            return value_hashed(&mut self.texts, &mut self.shared, &mut self.recent, h, s);
        };
        if front.wide {
            // A column of many values: the slots of recent ones would rarely hold the one
            // asked for, and cost a miss of the cache each time.
            return value_shared(&mut self.texts, &mut self.shared, h, s).0;
        }
        if let Some(r) = front.table.find(h, |r| r.holds(h, s, &self.texts)) {
            return r.id;
        }
        let t = value_hashed(&mut self.texts, &mut self.shared, &mut self.recent, h, s);
        if front.table.len() < FRONT {
            front
                .table
                .insert_unique(h, Recent::new(h, t, s), |r| r.hash);
        } else {
            // Too many values to stay in a cache: this column goes by the table of all.
            *front = Front {
                table: HashTable::new(),
                wide: true,
            };
        }
        t
    }
}

/// [`Values::value`] of `s`, of hash `h`, by the parts of a [`Values`].
fn value_hashed(
    texts: &mut Texts,
    shared: &mut HashTable<Shared>,
    recent: &mut Vec<Recent>,
    h: u64,
    s: &str,
) -> TextId {
    if recent.is_empty() {
        *recent = vec![Recent::EMPTY; RECENT];
    }
    let slot = (h as usize) & (RECENT - 1);
    if let Some(r) = recent.get(slot)
        && r.holds(h, s, texts)
    {
        return r.id;
    }
    let (t, repeated) = value_shared(texts, shared, h, s);
    // Not remembered in `recent` until it comes again: a column of values that never
    // repeat (a latitude) would otherwise push out the ones that do.
    if repeated && let Some(r) = recent.get_mut(slot) {
        *r = Recent::new(h, t, s);
    }
    t
}

/// The number of `s` (of hash `h`) in the table of all values, and whether it was there.
fn value_shared(
    texts: &mut Texts,
    shared: &mut HashTable<Shared>,
    h: u64,
    s: &str,
) -> (TextId, bool) {
    let found = shared
        .find(h, |e| e.text(texts) == s.as_bytes())
        .map(|e| e.id);
    match found {
        Some(t) => (t, true),
        None => {
            let t = texts.push(s);
            let texts = &*texts;
            shared.insert_unique(h, Shared::new(t, s), |e| shared_hash(e, texts));
            (t, false)
        }
    }
}

/// A column's own table of its values ([`Values::value_in`]), until it has [`FRONT`] of them.
#[derive(Default)]
struct Front {
    table: HashTable<Recent>,
    /// Whether the column had too many values, and goes by the table of all.
    wide: bool,
}

/// Values a column keeps in a table of its own ([`Front`]).
const FRONT: usize = 4096;

/// Columns with a table of their own; values of others go by the table of all.
const MAX_FRONTS: usize = 256;

/// Puts `value` at `row` of a column of a value per row, growing it with `none` (to room for
/// the `expected` rows at once, where the loader said how many).
fn put<T: Copy>(v: &mut Vec<T>, row: u32, value: T, none: T, expected: usize) {
    let i = row as usize;
    if v.len() <= i {
        if v.capacity() <= i && expected > i {
            v.reserve_exact(expected - v.len());
        }
        v.resize(i + 1, none);
    }
    if let Some(slot) = v.get_mut(i) {
        *slot = value;
    }
}

/// Sets `row`'s value in `column` (which has none there yet), keeping a dense column coded
/// from the moment it turns dense until it has more distinct values than codes.
fn set_coded(column: &mut Column, coding: &mut Coding, row: u32, text: TextId, expected: usize) {
    if let (Column::Coded { dict, codes }, Coding::Now(code_of, last)) =
        (&mut *column, &mut *coding)
    {
        let code = if last.0 == text.0 {
            Some(last.1)
        } else {
            match code_of.get(&text.0) {
                Some(&c) => Some(c),
                None => match u16::try_from(dict.len()) {
                    Ok(c) if c != NO_CODE => {
                        dict.push(text.0);
                        code_of.insert(text.0, c);
                        Some(c)
                    }
                    _ => None,
                },
            }
        };
        if let Some(code) = code {
            *last = (text.0, code);
            put(codes, row, code, NO_CODE, expected);
            return;
        }
        // Out of codes: a number per row from now on.
        *coding = Coding::Never;
        column.expand();
        if let Column::Dense(v) = column {
            v.reserve_exact(expected.saturating_sub(v.len()));
        }
    }
    column.set(row, text, expected);
    if matches!(coding, Coding::Later)
        && let Column::Dense(v) = column
        && v.len() < 1 << 16
    {
        // Just turned dense: coded from now on.
        column.compact();
        match column {
            Column::Coded { dict, codes } => {
                codes.reserve_exact(expected.saturating_sub(codes.len()));
                let code_of = (0u16..).zip(dict.iter()).map(|(c, &t)| (t, c)).collect();
                *coding = Coding::Now(code_of, (NONE, NO_CODE));
            }
            _ => *coding = Coding::Never,
        }
    }
}

/// Builds a [`Fields`] row by row.
#[derive(Default)]
pub(crate) struct FieldsBuilder {
    fields: Fields,
    values: Values,
    /// Rows the loader expects in all ([`FieldsBuilder::reserve_rows`]).
    expected: usize,
    /// The entries of `more` so far, to add none twice (rows merged into earlier ones come
    /// out of order, so `more` cannot be searched by row until it is sorted).
    more_seen: rustc_hash::FxHashSet<(u32, u32, TextId)>,
    /// Per column, how it is being coded while rows come ([`Coding`]).
    coding: Vec<Coding>,
    /// Titles made lately (up to [`RECENT_TITLES`] of them), by hash: a title found here is
    /// not kept again.
    recent_titles: HashTable<TextId>,
    /// Titles numbered, and found among the recent ones; where few of the first
    /// [`TITLE_TRIAL`] were (each event its own title), titles are no longer looked for.
    titles_seen: usize,
    titles_found: usize,
}

/// How a column is coded as it fills: a dense column is coded as soon as it turns dense, so
/// that it never holds a 32-bit number per row.
#[derive(Default)]
enum Coding {
    /// Not coded yet (sparse, or dense from a data set added to): coded when finished.
    #[default]
    Later,
    /// Coded: each value's code, and the last value and code (runs of one value are common).
    Now(rustc_hash::FxHashMap<u32, u16>, (u32, u16)),
    /// More distinct values than 16 bits number: a number per row.
    Never,
}

impl From<Fields> for FieldsBuilder {
    fn from(mut fields: Fields) -> FieldsBuilder {
        for c in &mut fields.columns {
            c.expand();
        }
        let values = Values::from(std::mem::take(&mut fields.values));
        FieldsBuilder {
            fields,
            values,
            expected: 0,
            more_seen: rustc_hash::FxHashSet::default(),
            coding: Vec::new(),
            recent_titles: HashTable::new(),
            titles_seen: 0,
            titles_found: 0,
        }
    }
}

impl FieldsBuilder {
    /// The number of this value, the same for the same text.
    pub fn value(&mut self, s: &str) -> TextId {
        self.values.value(s)
    }

    /// Takes the values a loader's reading thread numbered (the rows given so far and after
    /// must use its numbers); refused (false) once this builder numbered any itself.
    #[must_use]
    pub fn adopt(&mut self, values: Values) -> bool {
        if !self.values.texts.is_empty() {
            return false;
        }
        self.values = values;
        true
    }

    /// Room for about `rows` rows in every column that has a value in most rows, so that
    /// none doubles (and holds its old copy and the new at once) as it fills.
    pub fn reserve_rows(&mut self, rows: usize) {
        self.expected = rows;
        let title_of = &mut self.fields.title_of;
        title_of.reserve_exact(rows.saturating_sub(title_of.len()));
        for c in &mut self.fields.columns {
            match c {
                Column::Dense(v) => v.reserve_exact(rows.saturating_sub(v.len())),
                Column::Coded { codes, .. } => {
                    codes.reserve_exact(rows.saturating_sub(codes.len()))
                }
                Column::Sparse(_) => {}
            }
        }
    }

    /// A new row, of the event `id` with the title `title` (a [`FieldsBuilder::title_number`]
    /// or [`FieldsBuilder::keep_title`]), these attributes (the first value of each name;
    /// further ones go to [`FieldsBuilder::add`]) and summary; returns its number.
    pub fn row(
        &mut self,
        id: &str,
        title: TextId,
        attributes: &[(u32, TextId)],
        summary: Option<&str>,
    ) -> u32 {
        let row = self.fields.rows;
        self.fields.rows = self.fields.rows.saturating_add(1);
        self.fields.ids.push(id);
        put(&mut self.fields.title_of, row, title, title, self.expected);
        self.add(row, attributes);
        if let Some(s) = summary.filter(|s| !s.is_empty()) {
            // Summaries are long and rarely repeat: not shared.
            let t = self.fields.long.push(s);
            self.fields
                .summaries
                .set(row, TextId(t.raw()), self.expected);
        }
        row
    }

    /// Adds values to a row; a name it has already with another value is kept beside the
    /// first, the same value is not added twice.
    pub fn add(&mut self, row: u32, attributes: &[(u32, TextId)]) {
        for &(name, text) in attributes {
            let expected = self.expected;
            let Some((column, coding)) = self.column(name) else {
                continue;
            };
            match column.get(row) {
                None => set_coded(column, coding, row, text, expected),
                Some(t) if t == text => {}
                Some(_) => {
                    if self.more_seen.insert((row, name, text)) {
                        self.fields.more.push((row, name, text));
                    }
                }
            }
        }
    }

    fn column(&mut self, name: u32) -> Option<(&mut Column, &mut Coding)> {
        let i = name as usize;
        // An index past any real attribute is a caller's mistake; never grow to it.
        if i > self.fields.columns.len() + 4096 {
            return None;
        }
        if self.fields.columns.len() <= i {
            self.fields.columns.resize_with(i + 1, Column::default);
        }
        if self.coding.len() <= i {
            self.coding.resize_with(i + 1, Coding::default);
        }
        self.fields.columns.get_mut(i).zip(self.coding.get_mut(i))
    }

    /// The id of the event of `row`, as [`Fields::id`].
    pub fn id(&self, row: u32) -> &str {
        self.fields.id(row)
    }

    /// The title of the event of `row`, as [`Fields::title`].
    pub fn title(&self, row: u32) -> &str {
        self.fields.title(row)
    }

    /// A title kept as it is (not looked for among recent ones: for a caller that shares it).
    pub fn keep_title(&mut self, s: &str) -> TextId {
        self.fields.titles.push(s)
    }

    /// Whether titles are looked for among recent ones: until [`TITLE_TRIAL`] titles are
    /// numbered, and after while at least a quarter of them were found.
    fn titles_repeat(&self) -> bool {
        self.titles_seen < TITLE_TRIAL || self.titles_found * 4 >= self.titles_seen
    }

    /// The number of a title in `titles`: the one it had if it came lately, else a new one.
    /// Titles that repeat (a kind of event at a place) come again soon; a table of every
    /// title would cost more than the repeats it finds in a set of unique titles.
    pub fn title_number(&mut self, s: &str) -> TextId {
        if !self.titles_repeat() {
            return self.fields.titles.push(s);
        }
        self.titles_seen += 1;
        let h = hash(s);
        let titles = &self.fields.titles;
        if let Some(&t) = self.recent_titles.find(h, |&t| titles.get(t) == s) {
            self.titles_found += 1;
            return t;
        }
        if self.recent_titles.len() >= RECENT_TITLES || !self.titles_repeat() {
            self.recent_titles = HashTable::new();
        }
        let t = self.fields.titles.push(s);
        let titles = &self.fields.titles;
        self.recent_titles
            .insert_unique(h, t, |&t| hash(titles.get(t)));
        t
    }

    pub fn finish(self) -> Fields {
        let mut f = self.fields;
        f.values = self.values.texts;
        f.ids.shrink();
        f.titles.shrink();
        f.title_of.shrink_to_fit();
        for c in &mut f.columns {
            c.shrink();
        }
        // Coding the dense columns not coded as they filled (those of a data set added to),
        // on two threads for a large data set.
        let mut later: Vec<&mut Column> = f
            .columns
            .iter_mut()
            .enumerate()
            .filter(|(i, _)| matches!(self.coding.get(*i), None | Some(Coding::Later)))
            .map(|(_, c)| c)
            .collect();
        let half = later.len() / 2;
        let (a, b) = later.split_at_mut(half);
        if f.rows >= 1 << 16 {
            std::thread::scope(|s| {
                s.spawn(|| a.iter_mut().for_each(|c| c.compact()));
                b.iter_mut().for_each(|c| c.compact());
            });
        } else {
            a.iter_mut().chain(b).for_each(|c| c.compact());
        }
        f.summaries.shrink();
        // Rows merged into earlier ones come out of order; `more_of` searches by row.
        f.more.sort_by_key(|m| m.0);
        f.more.shrink_to_fit();
        f.values.shrink();
        f.long.finish();
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        b: &mut FieldsBuilder,
        id: &str,
        title: &str,
        attributes: &[(u32, TextId)],
        summary: Option<&str>,
    ) -> u32 {
        let title = b.keep_title(title);
        b.row(id, title, attributes, summary)
    }

    #[test]
    fn a_value_has_one_number_whichever_column_or_table_finds_it() {
        let mut v = Values::default();
        // Short values (kept in the table's entries) and long ones, enough that the table
        // of all values grows many times over, and that column 1 outgrows a table of its own.
        let text = |i: usize| match i % 3 {
            0 => format!("{i}"),
            1 => format!("{}.{:04}", i % 90, i % 9999),
            _ => format!("A longer value, number {i}, past any inline room"),
        };
        let n = FRONT * 3;
        let mut first = Vec::new();
        for i in 0..n {
            let s = text(i);
            // Column 0: few values, always in its own table; column 1: every value.
            let a = v.value_in(0, &text(i % 40));
            let b = v.value_in(1, &s);
            assert_eq!(v.value(&text(i % 40)), a);
            first.push((s, b));
        }
        assert!(v.fronts.get(1).is_some_and(|f| f.wide));
        assert!(v.fronts.first().is_some_and(|f| !f.wide));
        for (s, id) in &first {
            assert_eq!(v.value(s), *id, "{s}");
            assert_eq!(v.value_in(0, s), *id, "{s}");
            assert_eq!(v.value_in(7, s), *id, "{s}");
            assert_eq!(v.texts.get(*id), s);
        }
        // Each distinct text once.
        let distinct: std::collections::HashSet<&str> =
            first.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(v.texts.len(), distinct.len());
        // Values made again from their texts (a data set's fields built on): the same numbers,
        // for values of 11 bytes (the most an entry keeps) and of 12, and new ones after them.
        let mut again = Values::from(v.texts.clone());
        for (s, id) in &first {
            assert_eq!(again.value_in(3, s), *id, "{s}");
        }
        let edge = ["12345678901", "123456789012"];
        let ids = edge.map(|s| again.value_in(4, s));
        assert_eq!(edge.map(|s| again.value(s)), ids);
        assert_eq!(again.texts.len(), distinct.len() + 2);
    }

    #[test]
    fn values_come_back_by_row_and_name_and_repeated_texts_are_stored_once() {
        let mut b = FieldsBuilder::default();
        for i in 0..200u32 {
            let country = b.value(if i % 2 == 0 { "Somalia" } else { "Kenya" });
            let note = b.value(&format!("row {i}"));
            let attrs: Vec<(u32, TextId)> = if i % 10 == 0 {
                vec![(0, country), (2, note)]
            } else {
                vec![(0, country)]
            };
            row(
                &mut b,
                "r",
                "t",
                &attrs,
                (i == 3).then_some("A long summary."),
            );
        }
        let f = b.finish();
        assert_eq!(f.rows(), 200);
        assert_eq!(f.values(4, 0).collect::<Vec<_>>(), ["Somalia"]);
        assert_eq!(f.values(5, 0).collect::<Vec<_>>(), ["Kenya"]);
        assert_eq!(f.values(10, 2).collect::<Vec<_>>(), ["row 10"]);
        assert_eq!(f.values(11, 2).count(), 0);
        assert_eq!(f.values(11, 1).count(), 0);
        assert_eq!(f.of(20), vec![(0, "Somalia"), (2, "row 20")]);
        assert_eq!(f.summary(3).as_deref(), Some("A long summary."));
        assert_eq!(f.summary(4), None);
        // Two countries, 200 row texts; one summary.
        assert_eq!(f.values.len(), 2 + 200);
        assert_eq!(f.long.len(), 1);
        // Two countries: coded in 16 bits once loaded.
        assert!(matches!(f.columns.first(), Some(Column::Coded { .. })));
        assert!(matches!(f.columns.get(2), Some(Column::Sparse(_))));
    }

    #[test]
    fn a_column_of_more_values_than_16_bits_number_stays_a_number_per_row() {
        let mut b = FieldsBuilder::default();
        let rows = 70_000u32;
        for i in 0..rows {
            let id = b.value(&format!("id {i}"));
            let kind = b.value(["a", "b", "c"].get(i as usize % 3).copied().unwrap_or("a"));
            // Every 7th row has no kind: a coded column keeps its gaps.
            let attrs: Vec<(u32, TextId)> = if i % 7 == 0 {
                vec![(0, id)]
            } else {
                vec![(0, id), (1, kind)]
            };
            row(&mut b, "r", "t", &attrs, None);
        }
        // Coded while the rows came, not only when finished; the ids ran out of codes.
        assert!(matches!(
            b.fields.columns.get(1),
            Some(Column::Coded { .. })
        ));
        assert!(matches!(b.coding.get(1), Some(Coding::Now(..))));
        assert!(matches!(b.coding.first(), Some(Coding::Never)));
        let mut f = b.finish();
        assert!(matches!(f.columns.first(), Some(Column::Dense(_))));
        assert!(matches!(f.columns.get(1), Some(Column::Coded { .. })));
        for i in [0u32, 1, 2, 7, 65_535, 65_536, 69_999] {
            assert_eq!(f.values(i, 0).collect::<Vec<_>>(), [format!("id {i}")]);
            let kind: Vec<&str> = f.values(i, 1).collect();
            if i % 7 == 0 {
                assert!(kind.is_empty(), "{i}");
            } else {
                assert_eq!(kind, [["a", "b", "c"][i as usize % 3]], "{i}");
            }
        }
        // Rows appended after coding (a second file opened beside): both read back.
        let mut other = FieldsBuilder::default();
        let d = other.value("d");
        row(&mut other, "d", "D", &[(1, d)], None);
        let offset = f.append(&other.finish(), &[0, 1]);
        assert_eq!(offset, rows);
        assert_eq!(f.values(rows, 1).collect::<Vec<_>>(), ["d"]);
        assert_eq!(f.values(1, 1).collect::<Vec<_>>(), ["b"]);
    }

    #[test]
    fn titles_that_repeat_are_held_once_and_unique_ones_each_once_without_looking() {
        let mut b = FieldsBuilder::default();
        for i in 0..(3 * TITLE_TRIAL) {
            let t = b.title_number(&format!("Protests: town {}", i % 10));
            b.row(&format!("r{i}"), t, &[], None);
        }
        let f = b.finish();
        assert_eq!(f.titles_held(), 10);
        assert_eq!(f.title(12), "Protests: town 2");
        let mut b = FieldsBuilder::default();
        let rows = 3 * TITLE_TRIAL;
        for i in 0..rows {
            // Unique, but for one title that repeats after the trial: kept again, not
            // looked for.
            let title = if i % 1000 == 0 {
                "Again".to_string()
            } else {
                format!("Event {i}")
            };
            let t = b.title_number(&title);
            b.row(&format!("r{i}"), t, &[], None);
        }
        let f = b.finish();
        assert!(f.titles_held() > rows - 30, "{}", f.titles_held());
        assert_eq!(f.title(1), "Event 1");
        assert_eq!(f.title(2000), "Again");
        assert_eq!(f.id(rows as u32 - 1), format!("r{}", rows - 1));
    }

    #[test]
    fn texts_cross_chunks_and_a_text_longer_than_a_chunk_gets_its_own() {
        let mut t = Texts::default();
        let long = "x".repeat(CHUNK + 10);
        let mut ids = Vec::new();
        for i in 0..(CHUNK / 1000 + 5) {
            ids.push((t.push(&format!("{i:0>1000}")), i));
        }
        let big = t.push(&long);
        let after = t.push("after");
        assert!(t.chunks.len() >= 3);
        for (id, i) in ids {
            assert_eq!(t.get(id), format!("{i:0>1000}"));
        }
        assert_eq!(t.get(big).len(), CHUNK + 10);
        assert_eq!(t.get(after), "after");
        assert_eq!(t.get(TextId(u32::MAX)), "");
        let empty = t.push("");
        assert_eq!(t.get(empty), "");
    }

    #[test]
    fn a_second_value_of_a_name_is_kept_beside_the_first_once() {
        let mut b = FieldsBuilder::default();
        let a = b.value("Al Shabaab");
        let m = b.value("Military Forces of Somalia");
        let r0 = row(&mut b, "r", "t", &[(0, a)], None);
        let r1 = row(&mut b, "r", "t", &[(0, a)], None);
        b.add(r0, &[(0, m), (0, a), (0, m)]);
        // Merged again after an earlier row had another value added: still once.
        let r2 = row(&mut b, "r", "t", &[(0, a)], None);
        b.add(r2, &[(0, m)]);
        let r1_extra = b.value("Civilians (Somalia)");
        b.add(r1, &[(0, r1_extra)]);
        b.add(r2, &[(0, m)]);
        let f = b.finish();
        assert_eq!(
            f.values(r0, 0).collect::<Vec<_>>(),
            ["Al Shabaab", "Military Forces of Somalia"]
        );
        assert_eq!(
            f.values(r1, 0).collect::<Vec<_>>(),
            ["Al Shabaab", "Civilians (Somalia)"]
        );
        assert_eq!(
            f.values(r2, 0).collect::<Vec<_>>(),
            ["Al Shabaab", "Military Forces of Somalia"]
        );
        assert_eq!(f.count(r0), 2);
    }

    #[test]
    fn appending_renumbers_names_and_rows() {
        let mut b = FieldsBuilder::default();
        let x = b.value("x");
        row(&mut b, "a", "A", &[(0, x)], Some("first"));
        let mut one = b.finish();
        let mut b = FieldsBuilder::default();
        let y = b.value("y");
        row(&mut b, "b", "B", &[(0, y)], Some("second"));
        let two = b.finish();
        let offset = one.append(&two, &[1]);
        assert_eq!(offset, 1);
        assert_eq!(one.rows(), 2);
        assert_eq!(one.of(1), vec![(1, "y")]);
        assert_eq!(one.summary(1).as_deref(), Some("second"));
        assert_eq!(one.of(0), vec![(0, "x")]);
        assert_eq!((one.id(0), one.id(1), one.id(2)), ("a", "b", ""));
        assert_eq!((one.title(0), one.title(1), one.title(2)), ("A", "B", ""));
    }
}
