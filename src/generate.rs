//! Realistic synthetic data sets for scale testing: many lanes, mixed precisions and qualifiers,
//! ranges and points, sources and claims; deterministic for a seed. Written as a stream, so a
//! million events need no more memory than a few.

use std::io::{self, Write};

pub mod acled;
#[cfg(feature = "parquet")]
pub mod parquet;

/// SplitMix64: tiny, fast and reproducible everywhere (no dependency, no platform variance).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// True with probability `p` percent.
    fn chance(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items
            .get(self.below(items.len() as u64) as usize)
            .copied()
            .unwrap_or("")
    }
}

const ACTIONS: &[&str] = &[
    "Clash",
    "Shelling",
    "Talks",
    "Protest",
    "Visit",
    "Sanctions",
    "Shipment",
    "Statement",
    "Exercise",
    "Summit",
    "Arrest",
    "Ceasefire",
];
const PLACES: &[&str] = &[
    "Arden", "Belmar", "Corvo", "Dunmore", "Elst", "Fenwick", "Galva", "Harlow", "Istra", "Jarrow",
    "Kells", "Lorne",
];
const KINDS: &[&str] = &[
    "official",
    "wire",
    "newspaper",
    "broadcaster",
    "state-media",
    "intelligence",
    "aggregator",
    "blog",
    "other",
];
const STATUSES: &[&str] = &[
    "confirmed",
    "confirmed",
    "confirmed",
    "reported",
    "reported",
    "planned",
    "speculated",
    "denied",
];
const LIKELIHOODS: &[&str] = &[
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
];
const GRADES: &[&str] = &["A", "B", "B", "C", "C", "C", "D", "E", "F"];

/// The output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenFormat {
    Json,
    Csv,
}

/// What the generated rows look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Profile {
    /// timeband's own model: lanes, sources, claims, every precision and qualifier.
    #[default]
    Timeband,
    /// ACLED's current export ([`acled::COLUMNS`]); CSV only.
    Acled,
}

impl Profile {
    /// `--profile NAME`.
    pub fn from_key(key: &str) -> Option<Profile> {
        match key {
            "timeband" => Some(Profile::Timeband),
            "acled" => Some(Profile::Acled),
            _ => None,
        }
    }
}

/// One synthetic event, before it is written.
struct Synth {
    id: String,
    title: String,
    time: String,
    lane: u64,
    status: &'static str,
    likelihood: Option<&'static str>,
    place: &'static str,
    claims: Vec<(u64, u64, Option<String>)>,
}

/// A date between 2015 and 2024 as (year, month, day).
fn date(rng: &mut Rng) -> (i64, u32, u32) {
    let y = 2015 + rng.below(10) as i64;
    let m = 1 + rng.below(12) as u32;
    let d = 1 + rng.below(u64::from(crate::model::time::days_in_month(y, m))) as u32;
    (y, m, d)
}

/// An EDTF time with the mix of precisions and qualifiers real exports have.
fn time(rng: &mut Rng) -> String {
    let (y, m, d) = date(rng);
    let q = match rng.below(100) {
        0..=4 => "~",
        5..=9 => "?",
        10..=11 => "%",
        _ => "",
    };
    // Per mille. Open-ended (`/..`) events are rare in real exports; they stay on screen
    // from their start onwards.
    match rng.below(1000) {
        0..=449 => format!("{y:04}-{m:02}-{d:02}{q}"),
        450..=599 => format!("{y:04}-{m:02}{q}"),
        600..=649 => format!("{y:04}{q}"),
        650..=849 => {
            let len = 1 + rng.below(40) as i64;
            let start = crate::model::time::Civil::date(y, m, d).to_instant();
            let end = crate::model::time::format_iso_date(start + len * crate::model::time::DAY);
            format!("{y:04}-{m:02}-{d:02}/{end}")
        }
        850..=899 => format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:00+0{}:00",
            rng.below(24),
            rng.below(60),
            rng.below(10)
        ),
        900..=939 => format!("{y:04}-{m:02}-XX"),
        940..=941 => format!("{y:04}-{m:02}/.."),
        942..=969 => format!("{y:04}-{m:02}-{d:02}/"),
        _ => format!("{y:04}-{}", 21 + rng.below(4)),
    }
}

fn lanes_for(events: u64) -> u64 {
    (events / 2000).clamp(6, 120)
}

fn sources_for(events: u64) -> u64 {
    (events / 20).clamp(10, 50_000)
}

fn event(rng: &mut Rng, i: u64, lanes: u64, sources: u64) -> Synth {
    // Some lanes are busier than others.
    let lane = rng.below(lanes).min(rng.below(lanes));
    let status = STATUSES
        .get(rng.below(STATUSES.len() as u64) as usize)
        .copied()
        .unwrap_or("confirmed");
    let likelihood = if status == "planned" || status == "speculated" || rng.chance(3) {
        Some(rng.pick(LIKELIHOODS))
    } else {
        None
    };
    let place = rng.pick(PLACES);
    let title = format!("{} near {} #{i}", rng.pick(ACTIONS), place);
    let n_claims = 1 + rng.below(3);
    let claims = (0..n_claims)
        .map(|_| {
            let source = rng.below(sources);
            let cred = 1 + rng.below(6);
            let said_time = if rng.chance(20) {
                Some(time(rng))
            } else {
                None
            };
            (source, cred, said_time)
        })
        .collect();
    Synth {
        id: format!("ev-{i}"),
        title,
        time: time(rng),
        lane,
        status,
        likelihood,
        place,
        claims,
    }
}

fn source_published(rng: &mut Rng) -> String {
    let (y, m, d) = date(rng);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Writes `events` synthetic events; the same seed gives the same bytes.
pub fn generate(out: &mut impl Write, events: u64, seed: u64, format: GenFormat) -> io::Result<()> {
    let mut rng = Rng(seed);
    let (lanes, sources) = (lanes_for(events), sources_for(events));
    match format {
        GenFormat::Json => {
            writeln!(
                out,
                "{{\n  \"timeband\": 1,\n  \"title\": \"Synthetic data set: {events} events, seed {seed}\","
            )?;
            writeln!(
                out,
                "  \"description\": \"Generated by timeband generate for scale testing.\","
            )?;
            writeln!(out, "  \"lanes\": [")?;
            for l in 0..lanes {
                let comma = if l + 1 < lanes { "," } else { "" };
                writeln!(
                    out,
                    "    {{\"id\": \"lane-{l}\", \"label\": \"Actor {l}\"}}{comma}"
                )?;
            }
            writeln!(out, "  ],\n  \"sources\": [")?;
            for s in 0..sources {
                let comma = if s + 1 < sources { "," } else { "" };
                let kind = rng.pick(KINDS);
                let grade = rng.pick(GRADES);
                let published = source_published(&mut rng);
                writeln!(
                    out,
                    "    {{\"id\": \"src-{s}\", \"name\": \"Outlet {s}\", \"published\": \"{published}\", \"reliability\": \"{grade}\", \"kind\": \"{kind}\"}}{comma}"
                )?;
            }
            writeln!(out, "  ],\n  \"events\": [")?;
            for i in 0..events {
                let e = event(&mut rng, i, lanes, sources);
                let likelihood = e
                    .likelihood
                    .map_or(String::new(), |l| format!(", \"likelihood\": \"{l}\""));
                let claims: Vec<String> = e
                    .claims
                    .iter()
                    .map(|(s, c, t)| {
                        let t = t.as_ref().map_or(String::new(), |t| format!(", \"time\": \"{t}\""));
                        format!("{{\"source\": \"src-{s}\", \"said\": \"Reported the event.\", \"credibility\": {c}{t}}}")
                    })
                    .collect();
                let comma = if i + 1 < events { "," } else { "" };
                writeln!(
                    out,
                    "    {{\"id\": \"{}\", \"title\": \"{}\", \"time\": \"{}\", \"lane\": \"lane-{}\", \"status\": \"{}\"{likelihood}, \"place\": \"{}\", \"claims\": [{}]}}{comma}",
                    e.id,
                    e.title,
                    e.time,
                    e.lane,
                    e.status,
                    e.place,
                    claims.join(", ")
                )?;
            }
            writeln!(out, "  ]\n}}")?;
        }
        GenFormat::Csv => {
            // One row per claim; sources are described on every row that names them.
            let mut meta: Vec<(String, &str, &str)> = Vec::with_capacity(sources as usize);
            for _ in 0..sources {
                meta.push((
                    source_published(&mut rng),
                    rng.pick(GRADES),
                    rng.pick(KINDS),
                ));
            }
            writeln!(
                out,
                "id,title,time,lane,status,likelihood,place,source,published,reliability,kind,said,credibility,claim_time"
            )?;
            for i in 0..events {
                let e = event(&mut rng, i, lanes, sources);
                for (s, c, t) in &e.claims {
                    let (published, grade, kind) = meta
                        .get(*s as usize)
                        .map_or(("", "", ""), |m| (m.0.as_str(), m.1, m.2));
                    writeln!(
                        out,
                        "{},{},{},Actor {},{},{},{},Outlet {s},{published},{grade},{kind},Reported the event.,{c},{}",
                        e.id,
                        e.title,
                        e.time,
                        e.lane,
                        e.status,
                        e.likelihood.unwrap_or(""),
                        e.place,
                        t.as_deref().unwrap_or("")
                    )?;
                }
            }
        }
    }
    Ok(())
}
