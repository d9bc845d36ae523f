//! The analysts' vocabularies: Admiralty source reliability (A–F) and information credibility
//! (1–6), ICD 203 expressions of likelihood, event status and kinds of source.

use serde::{Deserialize, Serialize};

/// Admiralty (NATO) source reliability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Reliability {
    pub const ALL: [Reliability; 6] = [
        Reliability::A,
        Reliability::B,
        Reliability::C,
        Reliability::D,
        Reliability::E,
        Reliability::F,
    ];

    pub fn letter(self) -> char {
        match self {
            Reliability::A => 'A',
            Reliability::B => 'B',
            Reliability::C => 'C',
            Reliability::D => 'D',
            Reliability::E => 'E',
            Reliability::F => 'F',
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "reliability cannot be judged",
        }
    }

    pub fn from_letter(s: &str) -> Option<Reliability> {
        match s.trim().to_ascii_uppercase().as_str() {
            "A" => Some(Reliability::A),
            "B" => Some(Reliability::B),
            "C" => Some(Reliability::C),
            "D" => Some(Reliability::D),
            "E" => Some(Reliability::E),
            "F" => Some(Reliability::F),
            _ => None,
        }
    }
}

/// Admiralty credibility of one piece of information, 1 (confirmed) to 6 (cannot be judged).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Credibility(u8);

impl Credibility {
    pub fn new(n: u8) -> Option<Credibility> {
        (1..=6).contains(&n).then_some(Credibility(n))
    }
    pub fn value(self) -> u8 {
        self.0
    }
    pub fn words(self) -> &'static str {
        match self.0 {
            1 => "confirmed by other sources",
            2 => "probably true",
            3 => "possibly true",
            4 => "doubtful",
            5 => "improbable",
            _ => "truth cannot be judged",
        }
    }
}

impl TryFrom<u8> for Credibility {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Credibility::new(n).ok_or_else(|| format!("credibility must be 1–6, found {n}"))
    }
}

impl From<Credibility> for u8 {
    fn from(c: Credibility) -> u8 {
        c.0
    }
}

/// ICD 203 expressions of likelihood.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Likelihood {
    #[serde(rename = "almost no chance", alias = "remote")]
    AlmostNoChance,
    #[serde(rename = "very unlikely", alias = "highly improbable")]
    VeryUnlikely,
    #[serde(rename = "unlikely", alias = "improbable")]
    Unlikely,
    #[serde(rename = "roughly even chance", alias = "roughly even odds")]
    RoughlyEven,
    #[serde(rename = "likely", alias = "probable")]
    Likely,
    #[serde(rename = "very likely", alias = "highly probable")]
    VeryLikely,
    #[serde(rename = "almost certain", alias = "nearly certain")]
    AlmostCertain,
}

impl Likelihood {
    pub const ALL: [Likelihood; 7] = [
        Likelihood::AlmostNoChance,
        Likelihood::VeryUnlikely,
        Likelihood::Unlikely,
        Likelihood::RoughlyEven,
        Likelihood::Likely,
        Likelihood::VeryLikely,
        Likelihood::AlmostCertain,
    ];

    pub fn term(self) -> &'static str {
        match self {
            Likelihood::AlmostNoChance => "almost no chance",
            Likelihood::VeryUnlikely => "very unlikely",
            Likelihood::Unlikely => "unlikely",
            Likelihood::RoughlyEven => "roughly even chance",
            Likelihood::Likely => "likely",
            Likelihood::VeryLikely => "very likely",
            Likelihood::AlmostCertain => "almost certain",
        }
    }

    /// The probability range in percent, as ICD 203 gives it.
    pub fn range(self) -> (u8, u8) {
        match self {
            Likelihood::AlmostNoChance => (1, 5),
            Likelihood::VeryUnlikely => (5, 20),
            Likelihood::Unlikely => (20, 45),
            Likelihood::RoughlyEven => (45, 55),
            Likelihood::Likely => (55, 80),
            Likelihood::VeryLikely => (80, 95),
            Likelihood::AlmostCertain => (95, 99),
        }
    }

    /// The middle of the range, 0–1, used to fade events that may never happen.
    pub fn midpoint(self) -> f32 {
        let (a, b) = self.range();
        (f32::from(a) + f32::from(b)) / 200.0
    }

    pub fn from_term(s: &str) -> Option<Likelihood> {
        let s = s.trim();
        if let Some(l) = Likelihood::ALL
            .into_iter()
            .find(|l| l.term().eq_ignore_ascii_case(s))
        {
            return Some(l);
        }
        let s = s.to_ascii_lowercase();
        match s.as_str() {
            "remote" => Some(Likelihood::AlmostNoChance),
            "highly improbable" => Some(Likelihood::VeryUnlikely),
            "improbable" => Some(Likelihood::Unlikely),
            "roughly even odds" => Some(Likelihood::RoughlyEven),
            "probable" => Some(Likelihood::Likely),
            "highly probable" => Some(Likelihood::VeryLikely),
            "nearly certain" => Some(Likelihood::AlmostCertain),
            _ => None,
        }
    }
}

/// Whether an event happened, by the data set's own judgement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Confirmed,
    Reported,
    Planned,
    Speculated,
    Denied,
    /// The file says nothing of it (a TimelineJS sheet, a forensic log, a sheet without a
    /// `status` column): never taken for confirmed, which would claim what the file does not.
    /// timeband's own format has its documented default, confirmed.
    Unstated,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Confirmed,
        Status::Reported,
        Status::Planned,
        Status::Speculated,
        Status::Denied,
        Status::Unstated,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Reported => "reported",
            Status::Planned => "planned",
            Status::Speculated => "speculated",
            Status::Denied => "denied",
            Status::Unstated => "not given",
        }
    }

    pub fn from_name(s: &str) -> Option<Status> {
        let s = s.trim();
        if ["unstated", "not-given", "not_given"]
            .iter()
            .any(|n| n.eq_ignore_ascii_case(s))
        {
            return Some(Status::Unstated);
        }
        Status::ALL
            .into_iter()
            .find(|st| st.name().eq_ignore_ascii_case(s))
    }

    /// Planned and speculated events may never happen.
    pub fn is_hypothetical(self) -> bool {
        matches!(self, Status::Planned | Status::Speculated)
    }
}

/// What kind of outlet or person a source is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Official,
    Wire,
    Newspaper,
    Broadcaster,
    StateMedia,
    Intelligence,
    Aggregator,
    Blog,
    #[default]
    Other,
}

impl SourceKind {
    pub const ALL: [SourceKind; 9] = [
        SourceKind::Official,
        SourceKind::Wire,
        SourceKind::Newspaper,
        SourceKind::Broadcaster,
        SourceKind::StateMedia,
        SourceKind::Intelligence,
        SourceKind::Aggregator,
        SourceKind::Blog,
        SourceKind::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Official => "official statement",
            SourceKind::Wire => "wire",
            SourceKind::Newspaper => "newspaper",
            SourceKind::Broadcaster => "broadcaster",
            SourceKind::StateMedia => "state media",
            SourceKind::Intelligence => "intelligence briefing",
            SourceKind::Aggregator => "aggregator",
            SourceKind::Blog => "blog",
            SourceKind::Other => "other",
        }
    }
}
