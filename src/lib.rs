//! timeband: a timeline of dated claims for analysts.
//!
//! Data flows one way: a file is **loaded** ([`load`]) into the typed, validated [`model`] (events,
//! sources, uncertain times with four points), and the window or an export reads the model to draw
//! lanes of uncertainty bands. See ARCHITECTURE.md for the map.

pub mod app;
pub mod cli;
pub mod desktop;
pub mod export;
pub mod fonts;
pub mod generate;
pub mod index;
pub mod lens;
pub mod load;
pub mod model;
pub mod sample;
pub mod timeline;
