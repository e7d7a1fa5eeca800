//! Where records come from: files and folders of articles, web pages and crawls, tables.
//! A file's kind is read off its name (`a.txt`, `b.html.gz`, `crawl.warc.gz`, `feed.jsonl`);
//! a folder is read whole, every file below it by its kind, and a file of no kind rassegna
//! reads is a skipped record, not silence. Each record keeps a location (`path`,
//! `path:line`, `path:record N`) so that a failure names it.

mod files;
mod listing;
mod record;
mod tables;
mod warc;

pub use files::{file_kind, read_folder_files, read_records, FileKind};
pub use listing::listed_files;
pub use record::{ReadOptions, Record, CHUNK_RECORDS};
