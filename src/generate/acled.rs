//! `generate --profile acled`: rows shaped like ACLED's current export (its 31 columns in its
//! order, its event and sub-event types, actors named as ACLED names them, admin levels and
//! locations, outlets separated by `;`, notes written as ACLED writes them), dated 1997–2024 with
//! more events in later years, in date order, deterministic for a seed. The proportions of
//! `time_precision` and the lengths of notes and source lists follow the real exports in
//! `tests/data/real/acled/`; the names of actors follow ACLED's conventions, the places are made.

use super::Rng;
use crate::model::time::{Civil, DAY, days_in_month};

/// ACLED's current column set, as its API and export tool write it.
pub const COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// A country: ACLED's id prefix, ISO 3166 numeric code, name, region, first-level
/// administrative divisions, national outlets, and a centre
/// (latitude, longitude) with a spread in degrees.
struct Country {
    prefix: &'static str,
    iso: u32,
    name: &'static str,
    region: &'static str,
    admin1: &'static [&'static str],
    outlets: &'static [&'static str],
    centre: (f64, f64),
    spread: f64,
    rebels: &'static [&'static str],
}

const COUNTRIES: &[Country] = &[
    Country {
        prefix: "SOM",
        iso: 706,
        name: "Somalia",
        region: "Eastern Africa",
        admin1: &[
            "Banadir",
            "Lower Shabelle",
            "Middle Shabelle",
            "Bay",
            "Bakool",
            "Gedo",
            "Hiraan",
            "Galgaduud",
            "Mudug",
            "Bari",
        ],
        outlets: &[
            "Radio Kulmiye",
            "Shabelle Media Network",
            "Hiiraan (Somalia)",
            "Garowe Online",
            "Somali News Agency",
            "Calamada",
            "Puntland Post",
        ],
        centre: (4.5, 45.5),
        spread: 3.0,
        rebels: &["Al Shabaab", "Islamic State Somalia Province"],
    },
    Country {
        prefix: "BFO",
        iso: 854,
        name: "Burkina Faso",
        region: "Western Africa",
        admin1: &[
            "Centre",
            "Sahel",
            "Est",
            "Nord",
            "Boucle du Mouhoun",
            "Centre-Nord",
            "Hauts-Bassins",
            "Cascades",
        ],
        outlets: &[
            "Burkina24",
            "AIB (Burkina Faso)",
            "Le Pays",
            "L'Observateur Paalga",
            "Lefaso.net",
            "Sidwaya",
        ],
        centre: (12.3, -1.5),
        spread: 2.0,
        rebels: &[
            "JNIM: Group for Support of Islam and Muslims",
            "Islamic State (Sahel)",
        ],
    },
    Country {
        prefix: "NIG",
        iso: 566,
        name: "Nigeria",
        region: "Western Africa",
        admin1: &[
            "Lagos", "Borno", "Kaduna", "Zamfara", "Plateau", "Benue", "Rivers", "Kano", "Katsina",
            "Niger",
        ],
        outlets: &[
            "Premium Times",
            "Punch (Nigeria)",
            "Vanguard (Nigeria)",
            "Daily Trust (Nigeria)",
            "The Guardian (Nigeria)",
            "Sahara Reporters",
            "Channels TV",
        ],
        centre: (9.0, 8.0),
        spread: 3.5,
        rebels: &[
            "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
            "Islamic State West Africa Province (ISWAP)",
        ],
    },
    Country {
        prefix: "YEM",
        iso: 887,
        name: "Yemen",
        region: "Middle East",
        admin1: &[
            "Amanat al Asimah",
            "Taizz",
            "Al Hudaydah",
            "Marib",
            "Sadah",
            "Aden",
            "Al Bayda",
            "Hajjah",
            "Lahij",
        ],
        outlets: &[
            "Mareb Press",
            "Yemen Data Project",
            "Yemen Press",
            "Al Masirah",
            "Saba News Agency",
            "Aden al Ghad",
        ],
        centre: (15.5, 46.0),
        spread: 2.5,
        rebels: &["Houthi Movement", "AQAP: Al Qaeda in the Arabian Peninsula"],
    },
    Country {
        prefix: "IND",
        iso: 356,
        name: "India",
        region: "South Asia",
        admin1: &[
            "Jammu and Kashmir",
            "Manipur",
            "Punjab",
            "Tamil Nadu",
            "West Bengal",
            "Maharashtra",
            "Uttar Pradesh",
            "Chhattisgarh",
            "Assam",
            "Kerala",
        ],
        outlets: &[
            "Times of India",
            "The Hindu",
            "Hindustan Times",
            "Indian Express",
            "Telegraph (India)",
            "Greater Kashmir",
        ],
        centre: (22.0, 79.0),
        spread: 6.0,
        rebels: &[
            "CPI (Maoist): Communist Party of India (Maoist)",
            "NSCN-IM: National Socialist Council of Nagaland (Isak-Muivah)",
        ],
    },
    Country {
        prefix: "MEX",
        iso: 484,
        name: "Mexico",
        region: "Central America",
        admin1: &[
            "Guerrero",
            "Michoacan",
            "Guanajuato",
            "Jalisco",
            "Ciudad de Mexico",
            "Chihuahua",
            "Baja California",
            "Veracruz",
            "Oaxaca",
        ],
        outlets: &[
            "El Universal (Mexico)",
            "Milenio",
            "La Jornada",
            "Proceso",
            "El Sol de Mexico",
            "Quadratin",
        ],
        centre: (22.0, -101.0),
        spread: 5.0,
        rebels: &["CJNG: Jalisco New Generation Cartel", "Sinaloa Cartel"],
    },
    Country {
        prefix: "UKR",
        iso: 804,
        name: "Ukraine",
        region: "Europe",
        admin1: &[
            "Donetsk",
            "Luhansk",
            "Kharkiv",
            "Zaporizhia",
            "Kherson",
            "Kyiv City",
            "Sumy",
            "Dnipropetrovsk",
            "Odesa",
        ],
        outlets: &[
            "Ukrinform",
            "Ukrainska Pravda",
            "Suspilne",
            "Kyiv Independent",
            "Ministry of Defence of Ukraine",
            "Kharkiv Regional Administration",
        ],
        centre: (48.5, 33.0),
        spread: 3.5,
        rebels: &["Donetsk People's Republic", "Luhansk People's Republic"],
    },
    Country {
        prefix: "COL",
        iso: 170,
        name: "Colombia",
        region: "South America",
        admin1: &[
            "Antioquia",
            "Cauca",
            "Narino",
            "Norte de Santander",
            "Valle del Cauca",
            "Bogota, D.C.",
            "Arauca",
            "Choco",
        ],
        outlets: &[
            "El Tiempo",
            "El Espectador",
            "Semana",
            "Caracol Radio",
            "Blu Radio",
            "Indepaz",
        ],
        centre: (4.5, -74.0),
        spread: 3.0,
        rebels: &["ELN: National Liberation Army", "Clan del Golfo"],
    },
    Country {
        prefix: "MMR",
        iso: 104,
        name: "Myanmar",
        region: "Southeast Asia",
        admin1: &[
            "Sagaing",
            "Mandalay",
            "Yangon",
            "Kachin",
            "Shan-North",
            "Rakhine",
            "Magway",
            "Kayin",
            "Chin",
        ],
        outlets: &[
            "Myanmar Now",
            "Irrawaddy",
            "Mizzima",
            "DVB",
            "Radio Free Asia",
            "Khit Thit Media",
        ],
        centre: (20.0, 96.0),
        spread: 4.0,
        rebels: &["KIA: Kachin Independence Army", "AA: Arakan Army"],
    },
    Country {
        prefix: "PAK",
        iso: 586,
        name: "Pakistan",
        region: "South Asia",
        admin1: &[
            "Khyber Pakhtunkhwa",
            "Balochistan",
            "Sindh",
            "Punjab",
            "Islamabad Capital Territory",
        ],
        outlets: &[
            "Dawn (Pakistan)",
            "The News International (Pakistan)",
            "Express Tribune",
            "Business Recorder",
            "The Nation (Pakistan)",
        ],
        centre: (30.0, 70.0),
        spread: 4.0,
        rebels: &[
            "TTP: Tehreek-i-Taliban Pakistan",
            "BLA: Balochistan Liberation Army",
        ],
    },
];

/// Outlets cited everywhere.
const WIRES: &[&str] = &[
    "AFP",
    "Reuters",
    "Associated Press International",
    "Xinhua",
    "BBC Monitoring",
    "Twitter",
    "Facebook",
    "Local Source",
    "Whatsapp",
];

/// A sub-event type, its event type, its disorder type and how its actors are formed.
struct Kind {
    event_type: &'static str,
    sub: &'static str,
    disorder: &'static str,
    /// Per mille of all events.
    weight: u64,
}

const KINDS: &[Kind] = &[
    Kind {
        event_type: "Battles",
        sub: "Armed clash",
        disorder: "Political violence",
        weight: 190,
    },
    Kind {
        event_type: "Battles",
        sub: "Government regains territory",
        disorder: "Political violence",
        weight: 8,
    },
    Kind {
        event_type: "Battles",
        sub: "Non-state actor overtakes territory",
        disorder: "Political violence",
        weight: 7,
    },
    Kind {
        event_type: "Explosions/Remote violence",
        sub: "Shelling/artillery/missile attack",
        disorder: "Political violence",
        weight: 80,
    },
    Kind {
        event_type: "Explosions/Remote violence",
        sub: "Air/drone strike",
        disorder: "Political violence",
        weight: 45,
    },
    Kind {
        event_type: "Explosions/Remote violence",
        sub: "Remote explosive/landmine/IED",
        disorder: "Political violence",
        weight: 25,
    },
    Kind {
        event_type: "Explosions/Remote violence",
        sub: "Grenade",
        disorder: "Political violence",
        weight: 5,
    },
    Kind {
        event_type: "Explosions/Remote violence",
        sub: "Suicide bomb",
        disorder: "Political violence",
        weight: 3,
    },
    Kind {
        event_type: "Violence against civilians",
        sub: "Attack",
        disorder: "Political violence",
        weight: 120,
    },
    Kind {
        event_type: "Violence against civilians",
        sub: "Abduction/forced disappearance",
        disorder: "Political violence",
        weight: 27,
    },
    Kind {
        event_type: "Violence against civilians",
        sub: "Sexual violence",
        disorder: "Political violence",
        weight: 5,
    },
    Kind {
        event_type: "Protests",
        sub: "Peaceful protest",
        disorder: "Demonstrations",
        weight: 290,
    },
    Kind {
        event_type: "Protests",
        sub: "Protest with intervention",
        disorder: "Demonstrations",
        weight: 25,
    },
    Kind {
        event_type: "Protests",
        sub: "Excessive force against protesters",
        disorder: "Demonstrations",
        weight: 3,
    },
    Kind {
        event_type: "Riots",
        sub: "Violent demonstration",
        disorder: "Demonstrations",
        weight: 45,
    },
    Kind {
        event_type: "Riots",
        sub: "Mob violence",
        disorder: "Political violence",
        weight: 30,
    },
    Kind {
        event_type: "Strategic developments",
        sub: "Arrests",
        disorder: "Strategic developments",
        weight: 25,
    },
    Kind {
        event_type: "Strategic developments",
        sub: "Looting/property destruction",
        disorder: "Strategic developments",
        weight: 20,
    },
    Kind {
        event_type: "Strategic developments",
        sub: "Disrupted weapons use",
        disorder: "Strategic developments",
        weight: 18,
    },
    Kind {
        event_type: "Strategic developments",
        sub: "Change to group/activity",
        disorder: "Strategic developments",
        weight: 12,
    },
    Kind {
        event_type: "Strategic developments",
        sub: "Agreement",
        disorder: "Strategic developments",
        weight: 5,
    },
    Kind {
        event_type: "Strategic developments",
        sub: "Headquarters or base established",
        disorder: "Strategic developments",
        weight: 4,
    },
    Kind {
        event_type: "Strategic developments",
        sub: "Non-violent transfer of territory",
        disorder: "Strategic developments",
        weight: 2,
    },
    Kind {
        event_type: "Strategic developments",
        sub: "Other",
        disorder: "Strategic developments",
        weight: 2,
    },
];

/// Syllables that make place names: a deterministic vocabulary of a few thousand.
const SYLLABLES: &[&str] = &[
    "ba", "ka", "ma", "la", "ra", "sa", "ta", "na", "da", "wa", "ko", "lo", "mo", "bu", "gu", "ri",
    "di", "ni", "ye", "sha", "kal", "dar", "mir", "tan", "bor", "gal", "han", "zar",
];

/// A capitalised name of two or three syllables, the same for the same number.
fn place_name(mut n: u64) -> String {
    let s = SYLLABLES.len() as u64;
    let parts = 2 + n % 2;
    n /= 2;
    let mut name = String::new();
    for _ in 0..parts {
        name.push_str(SYLLABLES.get((n % s) as usize).copied().unwrap_or("a"));
        n /= s;
    }
    let mut chars = name.chars();
    chars.next().map_or(name.clone(), |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// An actor as ACLED names it, with its `inter` category.
fn actor(rng: &mut Rng, c: &Country, category: &'static str, from: i64) -> (String, &'static str) {
    let name = match category {
        "State forces" => {
            if rng.chance(70) {
                format!("Military Forces of {} ({from}-)", c.name)
            } else {
                format!("Police Forces of {} ({from}-)", c.name)
            }
        }
        "Rebel group" => rng_pick_static(rng, c.rebels).to_string(),
        "Political militia" => format!("Unidentified Armed Group ({})", c.name),
        "Identity militia" => format!("{} Ethnic Militia ({})", place_name(rng.below(40)), c.name),
        "Rioters" => format!("Rioters ({})", c.name),
        "Protesters" => format!("Protesters ({})", c.name),
        "Civilians" => format!("Civilians ({})", c.name),
        _ => {
            let other = COUNTRIES
                .get(rng.below(COUNTRIES.len() as u64) as usize)
                .map_or("Unknown", |o| o.name);
            format!("Military Forces of {other} (2000-)")
        }
    };
    (name, category)
}

/// The actors of an event of this sub-event type: `(actor1, inter1)`, `(actor2, inter2)`.
fn actors(
    rng: &mut Rng,
    c: &Country,
    kind: &Kind,
    from: i64,
) -> ((String, &'static str), Option<(String, &'static str)>) {
    const ARMED: &[&str] = &[
        "State forces",
        "State forces",
        "Rebel group",
        "Rebel group",
        "Political militia",
        "Identity militia",
        "External/Other forces",
    ];
    match kind.event_type {
        "Protests" => {
            let a = actor(rng, c, "Protesters", from);
            let b = (kind.sub != "Peaceful protest").then(|| actor(rng, c, "State forces", from));
            (a, b)
        }
        "Riots" => {
            let a = actor(rng, c, "Rioters", from);
            let b = rng.chance(50).then(|| actor(rng, c, "Civilians", from));
            (a, b)
        }
        "Violence against civilians" => {
            let cat = rng_pick_static(rng, ARMED);
            (
                actor(rng, c, cat, from),
                Some(actor(rng, c, "Civilians", from)),
            )
        }
        "Strategic developments" => {
            let cat = rng_pick_static(rng, ARMED);
            let a = actor(rng, c, cat, from);
            let b = rng.chance(30).then(|| actor(rng, c, "Civilians", from));
            (a, b)
        }
        _ => {
            let cat = rng_pick_static(rng, ARMED);
            let a = actor(rng, c, cat, from);
            let b = loop {
                let cat = rng_pick_static(rng, ARMED);
                if cat != a.1 || cat == "Identity militia" {
                    break actor(rng, c, cat, from);
                }
            };
            (a, Some(b))
        }
    }
}

fn rng_pick_static(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items
        .get(rng.below(items.len() as u64) as usize)
        .copied()
        .unwrap_or("")
}

/// What actor 1 did, in the words of ACLED's notes.
fn verb(kind: &Kind) -> &'static str {
    match kind.sub {
        "Armed clash" => "clashed with",
        "Government regains territory" => "regained control of the area from",
        "Non-state actor overtakes territory" => "took control of the area from",
        "Shelling/artillery/missile attack" => "shelled positions of",
        "Air/drone strike" => "conducted an airstrike targeting",
        "Remote explosive/landmine/IED" => "detonated an IED targeting",
        "Grenade" => "threw a grenade at",
        "Suicide bomb" => "carried out a suicide attack on",
        "Attack" => "attacked",
        "Abduction/forced disappearance" => "abducted",
        "Sexual violence" => "sexually assaulted",
        "Arrests" => "arrested",
        "Looting/property destruction" => "looted property belonging to",
        "Disrupted weapons use" => "defused explosives planted near",
        "Agreement" => "reached an agreement with",
        _ => "were reported near",
    }
}

const PROTEST_ISSUES: &[&str] = &[
    "to demand the payment of salary arrears",
    "against rising food and fuel prices",
    "against the killing of a local resident",
    "to demand better security in the area",
    "over repeated power cuts",
    "in support of the detained opposition leader",
    "against the results of the local election",
    "to denounce land grabbing by local officials",
];

const AFTERMATH: &[&str] = &[
    "Several houses were burnt down.",
    "The attackers fled into the bush.",
    "Security forces were deployed to the area afterwards.",
    "The situation remained tense the following day.",
    "Local elders called for calm.",
    "Shops in the market were closed for the rest of the day.",
    "The motive of the attack is unknown.",
    "Several people were arrested.",
];

/// `count` parts, each picked from `items` without repeats, joined by `; `.
fn pick_joined(rng: &mut Rng, items: &[&str], count: usize) -> String {
    let mut chosen: Vec<&str> = Vec::with_capacity(count);
    for _ in 0..count * 3 {
        if chosen.len() >= count {
            break;
        }
        let p = rng.pick(items);
        if !chosen.contains(&p) {
            chosen.push(p);
        }
    }
    chosen.sort_unstable();
    chosen.join("; ")
}

/// The first day generated (1 January 1997) and how many days follow it (to 31 December 2024).
const FIRST: (i64, u32, u32) = (1997, 1, 1);
const LAST: (i64, u32, u32) = (2024, 12, 31);

/// Writes `events` ACLED-shaped rows as CSV; the same seed gives the same bytes.
pub fn write_csv(out: &mut impl std::io::Write, events: u64, seed: u64) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new().from_writer(out);
    w.write_record(COLUMNS).map_err(std::io::Error::other)?;
    let mut rows = Rows::new(events, seed);
    while let Some(row) = rows.next_row() {
        w.write_record(&row).map_err(std::io::Error::other)?;
    }
    w.flush()
}

/// ACLED-shaped rows one at a time, each the 31 fields of [`COLUMNS`].
pub struct Rows {
    rng: Rng,
    events: u64,
    i: u64,
    first: i64,
    days: i64,
    /// The next event number per country.
    numbers: Vec<u64>,
    total_weight: u64,
}

impl Rows {
    /// `events` rows for `seed`.
    pub fn new(events: u64, seed: u64) -> Rows {
        let first = Civil::date(FIRST.0, FIRST.1, FIRST.2).to_instant();
        let last = Civil::date(LAST.0, LAST.1, LAST.2).to_instant();
        Rows {
            rng: Rng(seed ^ 0xAC1E_D000),
            events,
            i: 0,
            first,
            days: (last - first) / DAY,
            numbers: vec![1; COUNTRIES.len()],
            total_weight: KINDS.iter().map(|k| k.weight).sum(),
        }
    }

    fn kind(&mut self) -> Option<&'static Kind> {
        let mut r = self.rng.below(self.total_weight);
        KINDS.iter().find(|k| {
            let here = r < k.weight;
            r = r.saturating_sub(k.weight);
            here
        })
    }

    /// The next row, or `None` after the last.
    pub fn next_row(&mut self) -> Option<[String; 31]> {
        if self.i >= self.events {
            return None;
        }
        let i = self.i;
        self.i += 1;
        let rng = &mut self.rng;
        // In date order, with more events in later years (the day grows as the square root of
        // the row's place), as ACLED's coverage grew.
        let u = (i as f64 + 0.5) / self.events.max(1) as f64;
        let day_index = ((u.sqrt() * self.days as f64) as i64).clamp(0, self.days);
        let day = Civil::from_instant(self.first + day_index * DAY);
        // Per mille, from the real exports: precision 1 (the day) 930, 2 (a week; the middle
        // of it coded) 67, 3 (a month; its middle coded) 3.
        let precision = match rng.below(1000) {
            0..=929 => 1,
            930..=996 => 2,
            _ => 3,
        };
        let (y, m) = (day.year, day.month);
        let d = if precision == 3 {
            15.min(days_in_month(y, m))
        } else {
            day.day
        };
        let c_index = rng
            .below(COUNTRIES.len() as u64)
            .min(rng.below(COUNTRIES.len() as u64));
        let c = COUNTRIES.get(c_index as usize)?;
        let number = self.numbers.get_mut(c_index as usize).map_or(0, |n| {
            *n += 1 + rng.below(3);
            *n
        });
        let kind = self.kind()?;
        let rng = &mut self.rng;
        let from = [1997, 2000, 2008, 2014, 2021]
            .into_iter()
            .rev()
            .find(|f| *f <= y)
            .unwrap_or(1997);
        let ((a1, inter1), a2) = actors(rng, c, kind, from);
        let assoc1 = if rng.chance(25) {
            format!("Civilians ({})", c.name)
        } else if rng.chance(10) {
            format!("{} Communal Group ({})", place_name(rng.below(60)), c.name)
        } else {
            String::new()
        };
        let assoc2 = if a2.is_some() && rng.chance(15) {
            format!("{} Communal Group ({})", place_name(rng.below(60)), c.name)
        } else {
            String::new()
        };
        let (a2_name, inter2) = a2.map_or((String::new(), ""), |(n, i)| (n, i));
        let interaction = if inter2.is_empty() {
            format!("{inter1} only")
        } else {
            format!("{inter1}-{inter2}")
        };
        let civilian_targeting = if inter2 == "Civilians" && kind.event_type != "Riots" {
            "Civilian targeting"
        } else {
            ""
        };
        let admin1 = rng.pick(c.admin1);
        let a1_index = c.admin1.iter().position(|a| *a == admin1).unwrap_or(0) as u64;
        let admin2 = place_name(c.iso as u64 * 97 + a1_index * 13 + rng.below(12));
        let admin3 = if rng.chance(60) {
            place_name(c.iso as u64 * 997 + a1_index * 131 + rng.below(40))
        } else {
            String::new()
        };
        let location = place_name(c.iso as u64 * 9973 + a1_index * 1031 + rng.below(400));
        let lat = c.centre.0 + (rng.below(20_001) as f64 / 10_000.0 - 1.0) * c.spread;
        let lon = c.centre.1 + (rng.below(20_001) as f64 / 10_000.0 - 1.0) * c.spread;
        let geo_precision = match rng.below(100) {
            0..=68 => "1",
            69..=97 => "2",
            _ => "3",
        };
        let n_sources = match rng.below(100) {
            0..=59 => 1,
            60..=84 => 2,
            85..=95 => 3,
            _ => 5,
        };
        let local = pick_joined(rng, c.outlets, n_sources);
        let source = if rng.chance(15) {
            format!("{local}; {}", rng.pick(WIRES))
        } else {
            local
        };
        let source_scale = rng.pick(&[
            "National",
            "National",
            "Subnational",
            "Other",
            "Local partner-Other",
            "New media",
            "Subnational-National",
            "International",
            "National-Regional",
            "Other-National",
        ]);
        let fatalities: u64 = match kind.event_type {
            "Protests" | "Strategic developments" => 0,
            _ if rng.chance(55) => 0,
            _ => match rng.below(100) {
                0..=44 => 1,
                45..=69 => 2 + rng.below(2),
                70..=89 => 4 + rng.below(7),
                _ => 10 + rng.below(60),
            },
        };
        let date_words = format!("{d} {} {y}", crate::model::time::month_name(m));
        let when = match precision {
            1 => format!("On {date_words}"),
            2 => format!("Around {date_words} (week of)"),
            _ => format!("In {} {y}", crate::model::time::month_name(m)),
        };
        let place_words = format!("{location} ({admin2}, {admin1})");
        let mut notes = match kind.event_type {
            "Protests" => format!(
                "{when}, residents and traders protested in {place_words} {}.",
                rng.pick(PROTEST_ISSUES)
            ),
            "Riots" => format!(
                "{when}, a mob rioted in {place_words} {} and pelted vehicles with stones.",
                rng.pick(PROTEST_ISSUES)
            ),
            _ => format!(
                "{when}, {} {} {} in {place_words}.",
                a1,
                verb(kind),
                if a2_name.is_empty() {
                    "local residents"
                } else {
                    &a2_name
                },
            ),
        };
        if rng.chance(60) {
            notes.push(' ');
            notes.push_str(rng.pick(AFTERMATH));
        }
        if fatalities > 0 {
            notes.push_str(&format!(" {fatalities} people were killed."));
        } else if kind.event_type != "Protests" && rng.chance(30) {
            notes.push_str(" No fatalities were reported.");
        }
        if kind.event_type == "Protests" && rng.chance(50) {
            notes.push_str(" [size=no report]");
        }
        let tags = if kind.event_type == "Protests" {
            rng.pick(&[
                "crowd size=no report",
                "crowd size=no report",
                "crowd size=hundreds",
                "crowd size=dozens",
                "",
            ])
        } else {
            ""
        };
        // When ACLED published the row: days to weeks after the event, sometimes revised later.
        let event_at = Civil::date(y, m, d).to_instant();
        let delay = DAY * (3 + rng.below(25) as i64)
            + if rng.chance(10) {
                DAY * rng.below(700) as i64
            } else {
                0
            };
        // ACLED publishes in weekly batches, every row of a batch with its second.
        let week = (event_at + delay - self.first) / (7 * DAY) + 1;
        let timestamp = self.first + week * 7 * DAY + (Rng(week as u64).next() % DAY as u64) as i64;
        Some([
            format!("{}{number}", c.prefix),
            format!("{y:04}-{m:02}-{d:02}"),
            y.to_string(),
            precision.to_string(),
            kind.disorder.to_string(),
            kind.event_type.to_string(),
            kind.sub.to_string(),
            a1,
            assoc1,
            inter1.to_string(),
            a2_name,
            assoc2,
            inter2.to_string(),
            interaction,
            civilian_targeting.to_string(),
            c.iso.to_string(),
            c.region.to_string(),
            c.name.to_string(),
            admin1.to_string(),
            admin2,
            admin3,
            location,
            format!("{lat:.4}"),
            format!("{lon:.4}"),
            geo_precision.to_string(),
            source,
            source_scale.to_string(),
            notes,
            fatalities.to_string(),
            tags.to_string(),
            timestamp.to_string(),
        ])
    }
}
