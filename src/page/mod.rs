//! Web pages: the page as a tree (`dom`), its main text (`extract`), what it says of itself
//! (`metadata`, `dates`), and the article text and metadata made of them (`record`).

mod dates;
mod dom;
mod extract;
mod metadata;
mod record;

pub use dates::iso_date;
pub use dom::parse as parse_dom;
pub use record::page_record;
