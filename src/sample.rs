//! The founding example, embedded in the binary: a possible 2023 Kim Jong Un–Putin meeting.

/// The file name shown for the embedded sample.
pub const NAME: &str = "kim-putin-2023.json";

/// The embedded sample's contents.
pub const JSON: &str = include_str!("../data/kim-putin-2023.json");

/// Loads the embedded sample.
pub fn load() -> Result<crate::load::Loaded, crate::load::LoadError> {
    crate::load::load_bytes(NAME, JSON.as_bytes())
}
