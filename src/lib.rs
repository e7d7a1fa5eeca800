//! rassegna's Rust core and, behind `src/py`, its Python module `rassegna._core`.

pub mod article;
pub mod corpus;
pub mod entities;
pub mod error;
pub mod mentions;
mod prefetch;
pub mod stats;
pub mod text;

mod py;

pub use error::{Error, Result};
