//! What every reader shares: the reading options, the record a reader hands on, and the
//! bytes of a file, gunzipped and decoded.

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

use crate::article::Overrides;
use crate::error::{Error, Result};
use crate::text::encoding::{self, Declared};

/// How many records are read before a chunk is parsed: bounds memory on large inputs while
/// giving rayon enough work per chunk.
pub const CHUNK_RECORDS: usize = 2048;

/// How much of a table is read to choose its encoding before the rest streams through.
const ENCODING_PREFIX_BYTES: u64 = 64 * 1024;

/// Column names for tabular inputs, and what to do with a record that cannot be used.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    pub strict: bool,
    pub text_column: String,
    pub id_column: String,
    pub date_column: String,
    pub source_column: String,
    pub title_column: String,
    pub url_column: String,
    /// Source given to every article that has none of its own.
    pub source: Option<String>,
    /// Year of every article that no record column nor its text dates (see `Overrides::year`).
    pub year: Option<u16>,
    /// The encoding every file is in (`encoding=`), instead of the one sniffed from it.
    pub encoding: Option<String>,
    /// Parquet files in a folder are left to the caller (Python reads them with pyarrow)
    /// instead of being reported as skipped.
    pub leave_parquet: bool,
    /// The column of a table that holds each record's web page, read as a saved page is,
    /// instead of a text column.
    pub html_column: Option<String>,
}

impl ReadOptions {
    /// The column a table's article comes from: its HTML column, or its text column.
    pub fn body_column(&self) -> &str {
        self.html_column.as_deref().unwrap_or(&self.text_column)
    }

    /// A table record's article text: the column's value, or the text of the page it holds.
    pub fn article_of(
        &self,
        body: String,
        overrides: Overrides,
        location: &str,
    ) -> Result<(String, Overrides)> {
        if self.html_column.is_some() {
            crate::page::page_record(&body, overrides).map_err(|e| e.at(location))
        } else {
            Ok((body, overrides))
        }
    }
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            strict: false,
            text_column: "text".into(),
            id_column: "id".into(),
            date_column: "date".into(),
            source_column: "source".into(),
            title_column: "title".into(),
            url_column: "url".into(),
            source: None,
            year: None,
            encoding: None,
            leave_parquet: false,
            html_column: None,
        }
    }
}

/// One input record: its location and either its text with known metadata, or why not
/// (an error, or [`Error::Skipped`] for a record that is not an article).
#[derive(Debug)]
pub struct Record {
    pub location: String,
    pub content: Result<(String, Overrides)>,
}

impl Record {
    pub(super) fn skipped(location: String, reason: impl Into<String>) -> Self {
        Record {
            content: Err(Error::Skipped {
                location: location.clone(),
                reason: reason.into(),
            }),
            location,
        }
    }
}

pub(super) fn io_error(path: &Path, error: &std::io::Error) -> Error {
    Error::Io {
        location: path.display().to_string(),
        message: error.to_string(),
    }
}

/// The bytes of a file, gunzipped when `gzip` (all members: crawls are many gzip members
/// one after the other).
pub(super) fn open_bytes(path: &Path, gzip: bool) -> Result<Box<dyn Read + Send>> {
    let file = File::open(path).map_err(|e| io_error(path, &e))?;
    Ok(if gzip {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(
            1 << 16,
            file,
        )))
    } else {
        Box::new(file)
    })
}

/// Reads all of `reader`, saying of a gzip stream that ends early that it is truncated.
pub(super) fn read_all(mut reader: impl Read, path: &Path, gzip: bool) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| {
        if gzip {
            Error::Io {
                location: path.display().to_string(),
                message: format!("truncated or corrupt gzip: {e}"),
            }
        } else {
            io_error(path, &e)
        }
    })?;
    Ok(bytes)
}

/// A table's bytes as UTF-8 text, streamed: the encoding is chosen from the first bytes (or
/// given by `options.encoding`), and a table in another encoding is transcoded on the fly.
pub(super) fn open_text(
    path: &Path,
    gzip: bool,
    options: &ReadOptions,
) -> Result<(Box<dyn BufRead + Send>, &'static str)> {
    let location = path.display().to_string();
    let mut raw = open_bytes(path, gzip)?;
    let mut prefix = Vec::new();
    (&mut raw)
        .take(ENCODING_PREFIX_BYTES)
        .read_to_end(&mut prefix)
        .map_err(|e| io_error(path, &e))?;
    let more_follows = prefix.len() as u64 == ENCODING_PREFIX_BYTES;
    let declared = options
        .encoding
        .as_deref()
        .map_or(Declared::None, Declared::User);
    let sniffed = encoding::sniff(&prefix, more_follows, declared, false, &location)?;
    prefix.drain(..sniffed.bom_length);
    let stream = Cursor::new(prefix).chain(raw);
    let reader: Box<dyn BufRead + Send> = if sniffed.encoding == encoding_rs::UTF_8 {
        Box::new(BufReader::with_capacity(1 << 20, stream))
    } else {
        let transcoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(sniffed.encoding))
            .bom_sniffing(false)
            .build(stream);
        Box::new(BufReader::with_capacity(1 << 20, transcoded))
    };
    Ok((reader, sniffed.encoding.name()))
}

/// Bytes that must be UTF-8 (a line of a table already decoded): a NUL byte means binary.
pub(super) fn utf8_text(bytes: Vec<u8>, location: &str) -> Result<String> {
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(Error::Binary {
            location: location.into(),
            offset,
        });
    }
    String::from_utf8(bytes).map_err(|e| Error::Encoding {
        location: location.into(),
        encoding: "UTF-8".into(),
        offset: e.utf8_error().valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lines_must_be_utf8_and_not_binary() {
        assert_eq!(
            utf8_text(b"ab\0c".to_vec(), "f"),
            Err(Error::Binary {
                location: "f".into(),
                offset: 2
            })
        );
        assert_eq!(
            utf8_text(b"abc\xff".to_vec(), "f"),
            Err(Error::Encoding {
                encoding: "UTF-8".into(),
                location: "f".into(),
                offset: 3
            })
        );
    }
}
