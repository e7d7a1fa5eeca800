//! rassegna's Rust core and, behind `src/py`, its Python module `rassegna._core`.

pub mod article;
mod columns;
pub mod corpus;
pub mod duplicates;
pub mod entities;
pub mod error;
pub mod mentions;
pub mod page;
pub mod places;
mod prefetch;
pub mod search;
pub mod stats;
pub mod text;

mod py;

pub use error::{Error, Result};

/// A count builds and drops tables of a few megabytes per call; the system allocator hands
/// them back to the OS and the next call faults them in again (about a thousand page faults
/// per TF-IDF of the 2 MB benchmark corpus), where mimalloc keeps them for reuse. Its
/// thread-local storage is the kind a library opened by `dlopen` (the Python module) needs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
