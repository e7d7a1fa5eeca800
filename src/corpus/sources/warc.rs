//! WARC crawls (ISO 28500, as Common Crawl and CC-NEWS store them): records read one after
//! the other from a stream; HTTP responses that carry HTML become pages, every other record
//! is counted as skipped with its type. A record whose length lies is reported and the reader
//! finds the next record header, so one bad record never loses the rest of the crawl.

use std::io::{BufRead, Read};
use std::path::Path;

use memchr::memmem;
use rayon::prelude::*;

use super::record::{open_bytes, ReadOptions, Record};
use crate::article::Overrides;
use crate::error::{Error, Result};
use crate::page::iso_date;
use crate::text::encoding::{self, Declared};

/// Records handed to parsing at a time: pages are large, so fewer than a table's rows.
const WARC_CHUNK_RECORDS: usize = 256;

/// A block larger than this is skipped unread rather than held in memory.
const MAX_BLOCK_BYTES: u64 = 64 << 20;

/// A header line longer than this is not a header: the reader is lost inside a block.
const MAX_HEADER_LINE: u64 = 64 * 1024;

/// One WARC record: its number in the file (from 1), its named fields and its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRecord {
    pub number: usize,
    pub fields: Vec<(String, String)>,
    pub block: Vec<u8>,
}

impl WarcRecord {
    /// A named field, case-insensitively (WARC field names are case-insensitive).
    pub fn field(&self, name: &str) -> Option<&str> {
        named(&self.fields, name)
    }
}

fn named<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// What reading the stream gave next.
#[derive(Debug, PartialEq, Eq)]
pub enum WarcItem {
    Record(WarcRecord),
    /// A record too large to hold, passed over.
    TooLarge {
        number: usize,
        length: u64,
    },
    /// A record that cannot be read whole, or bytes where a record header was due.
    Broken {
        number: usize,
        reason: String,
    },
}

/// Reads records from a stream of WARC bytes (already gunzipped).
pub struct WarcReader<R> {
    input: R,
    /// Bytes read ahead (the rest of a block whose length was too long) to read again.
    pushed_back: Vec<u8>,
    number: usize,
    /// The version line of the next record has been read already.
    at_fields: bool,
    /// A record's header has been started and the record not yet returned.
    in_record: bool,
    ended: bool,
}

impl<R: BufRead> WarcReader<R> {
    pub fn new(input: R) -> Self {
        Self {
            input,
            pushed_back: Vec::new(),
            number: 0,
            at_fields: false,
            in_record: false,
            ended: false,
        }
    }

    /// The next item; `None` at the end of the stream. A read error (a truncated gzip
    /// member) is returned once and ends the stream.
    pub fn next_item(&mut self) -> std::io::Result<Option<WarcItem>> {
        if self.ended {
            return Ok(None);
        }
        let result = self.read_item();
        if result.is_err() {
            self.ended = true;
        } else {
            self.in_record = false;
        }
        result
    }

    /// The number of the record a read error interrupted: the one being read, or the next.
    pub fn interrupted_record(&self) -> usize {
        if self.in_record {
            self.number
        } else {
            self.number + 1
        }
    }

    fn read_item(&mut self) -> std::io::Result<Option<WarcItem>> {
        if !self.at_fields {
            let mut stray = false;
            let mut line = Vec::new();
            loop {
                line.clear();
                if self.read_line(&mut line)? == 0 {
                    self.ended = true;
                    return Ok(stray.then(|| self.broken_here()));
                }
                if line.starts_with(b"WARC/") {
                    break;
                }
                stray |= !line.iter().all(u8::is_ascii_whitespace);
            }
            if stray {
                self.at_fields = true;
                return Ok(Some(self.broken_here()));
            }
        }
        self.at_fields = false;
        self.number += 1;
        self.in_record = true;
        let number = self.number;
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut line = Vec::new();
        loop {
            line.clear();
            if self.read_line(&mut line)? == 0 {
                self.ended = true;
                return Ok(Some(WarcItem::Broken {
                    number,
                    reason: "the file ends inside the record's header".into(),
                }));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            if text.starts_with([' ', '\t']) {
                if let Some((_, value)) = fields.last_mut() {
                    value.push(' ');
                    value.push_str(text.trim());
                }
            } else if let Some((key, value)) = text.split_once(':') {
                fields.push((key.trim().to_owned(), value.trim().to_owned()));
            }
        }
        let Some(length) = named(&fields, "Content-Length").and_then(|v| v.parse::<u64>().ok())
        else {
            return Ok(Some(WarcItem::Broken {
                number,
                reason: "no valid Content-Length".into(),
            }));
        };
        if length > MAX_BLOCK_BYTES {
            let skipped = std::io::copy(&mut self.take(length), &mut std::io::sink())?;
            if skipped < length {
                self.ended = true;
            }
            return Ok(Some(WarcItem::TooLarge { number, length }));
        }
        let mut block = Vec::with_capacity(length as usize);
        self.take(length).read_to_end(&mut block)?;
        if (block.len() as u64) < length {
            self.ended = true;
            return Ok(Some(WarcItem::Broken {
                number,
                reason: format!(
                    "the file ends {} bytes into a block of {length} (Content-Length)",
                    block.len()
                ),
            }));
        }
        // A length that is too long swallows the records after it: a record header inside
        // the block, where records are separated, ends the block there.
        if let Some(at) = memmem::find(&block, b"\r\n\r\nWARC/1.") {
            let rest = block.split_off(at + 4);
            let mut pushed = rest;
            pushed.extend_from_slice(&self.pushed_back);
            self.pushed_back = pushed;
            return Ok(Some(WarcItem::Broken {
                number,
                reason: format!(
                    "its Content-Length ({length}) runs into the next record; block cut at {at}"
                ),
            }));
        }
        Ok(Some(WarcItem::Record(WarcRecord {
            number,
            fields,
            block,
        })))
    }

    fn broken_here(&self) -> WarcItem {
        WarcItem::Broken {
            number: self.number + 1,
            reason: format!(
                "bytes where a record header was due, after record {} (its Content-Length may \
                 be too short)",
                self.number
            ),
        }
    }

    /// A line, bounded: a "line" longer than a header line can be is cut there.
    fn read_line(&mut self, line: &mut Vec<u8>) -> std::io::Result<usize> {
        self.take(MAX_HEADER_LINE).read_until(b'\n', line)
    }

    fn take(&mut self, limit: u64) -> std::io::Take<&mut Self> {
        Read::take(self, limit)
    }
}

impl<R: BufRead> Read for WarcReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pushed_back.is_empty() {
            return self.input.read(buf);
        }
        let n = buf.len().min(self.pushed_back.len());
        buf[..n].copy_from_slice(&self.pushed_back[..n]);
        self.pushed_back.drain(..n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for WarcReader<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pushed_back.is_empty() {
            self.input.fill_buf()
        } else {
            Ok(&self.pushed_back)
        }
    }

    fn consume(&mut self, amount: usize) {
        if self.pushed_back.is_empty() {
            self.input.consume(amount);
        } else {
            self.pushed_back.drain(..amount.min(self.pushed_back.len()));
        }
    }
}

/// Reads a WARC file (gzipped or not), parsing its pages a chunk at a time in parallel.
pub(super) fn read_warc(
    path: &Path,
    gzip: bool,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Record>) -> Result<()>,
) -> Result<()> {
    let name = path.display().to_string();
    let input = std::io::BufReader::with_capacity(1 << 16, open_bytes(path, gzip)?);
    let mut reader = WarcReader::new(input);
    let mut items: Vec<WarcItem> = Vec::with_capacity(WARC_CHUNK_RECORDS);
    let flush = |items: &mut Vec<WarcItem>, sink: &mut dyn FnMut(Vec<Record>) -> Result<()>| {
        let records = std::mem::take(items)
            .into_par_iter()
            .map(|item| item_record(item, &name, options))
            .collect();
        sink(records)
    };
    loop {
        match reader.next_item() {
            Ok(Some(item)) => {
                items.push(item);
                if items.len() == WARC_CHUNK_RECORDS {
                    flush(&mut items, sink)?;
                }
            }
            Ok(None) => break,
            Err(error) => {
                let number = reader.interrupted_record();
                let reason = if gzip {
                    format!("truncated or corrupt gzip: {error}")
                } else {
                    error.to_string()
                };
                items.push(WarcItem::Broken { number, reason });
            }
        }
    }
    flush(&mut items, sink)
}

/// A WARC item as a record: a page, an error, or a record skipped with its type.
fn item_record(item: WarcItem, name: &str, options: &ReadOptions) -> Record {
    let location = |number: usize| format!("{name}:record {number}");
    let record = match item {
        WarcItem::Record(record) => record,
        WarcItem::TooLarge { number, length } => {
            return Record::skipped(location(number), format!("a record of {length} bytes"))
        }
        WarcItem::Broken { number, reason } => {
            let location = location(number);
            return Record {
                content: Err(Error::Format {
                    location: location.clone(),
                    message: format!("broken WARC record: {reason}"),
                }),
                location,
            };
        }
    };
    let location = location(record.number);
    let kind = record.field("WARC-Type").unwrap_or("").to_ascii_lowercase();
    let payload = match kind.as_str() {
        "response" => match http_response(&record.block) {
            Ok(response) => response,
            Err(reason) => {
                return Record {
                    content: Err(Error::Format {
                        location: location.clone(),
                        message: format!("broken HTTP response: {reason}"),
                    }),
                    location,
                }
            }
        },
        "resource" => HttpResponse {
            status: 200,
            headers: vec![(
                "Content-Type".into(),
                record.field("Content-Type").unwrap_or("").to_owned(),
            )],
            body: &record.block,
        },
        "" => return Record::skipped(location, "a record without a WARC-Type"),
        other => return Record::skipped(location, format!("a WARC {other} record")),
    };
    if !(200..300).contains(&payload.status) {
        return Record::skipped(location, format!("HTTP status {}", payload.status));
    }
    let content_type = named(&payload.headers, "Content-Type").unwrap_or("");
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !matches!(media_type.as_str(), "text/html" | "application/xhtml+xml") {
        let shown = if media_type.is_empty() {
            "no Content-Type"
        } else {
            &media_type
        };
        return Record::skipped(location, format!("not a web page ({shown})"));
    }
    let charset = content_type
        .split(';')
        .skip(1)
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches(['"', '\'']).to_owned());
    let url = record.field("WARC-Target-URI").map(str::to_owned);
    let id = record
        .field("WARC-Record-ID")
        .map(|v| v.trim_matches(['<', '>']).to_owned());
    let fetched = named(&payload.headers, "Date")
        .and_then(iso_date)
        .or_else(|| record.field("WARC-Date").and_then(iso_date));
    let content = body_bytes(&payload)
        .map_err(|reason| Error::Format {
            location: location.clone(),
            message: reason,
        })
        .and_then(|body| {
            let declared = match (&options.encoding, &charset) {
                (Some(user), _) => Declared::User(user),
                (None, Some(charset)) => Declared::Transport(charset),
                (None, None) => Declared::None,
            };
            let decoded = encoding::decode_declared(&body, declared, true, &location)?;
            let given = Overrides {
                id,
                url,
                source: options.source.clone(),
                year: options.year,
                encoding: Some(decoded.encoding.to_owned()),
                ..Default::default()
            };
            let (text, mut overrides) = crate::page::page_record(&decoded.text, given)?;
            // The page's own date first; the day it was served only when it gives none.
            if overrides.date.is_none() {
                overrides.date = fetched;
            }
            Ok((text, overrides))
        })
        .map_err(|error| error.at(location.clone()));
    Record { location, content }
}

struct HttpResponse<'a> {
    status: u16,
    headers: Vec<(String, String)>,
    body: &'a [u8],
}

/// An HTTP/1.x response as a crawler stored it: status line, headers, blank line, body.
fn http_response(block: &[u8]) -> std::result::Result<HttpResponse<'_>, String> {
    let end = memmem::find(block, b"\r\n\r\n")
        .map(|at| (at, at + 4))
        .or_else(|| memmem::find(block, b"\n\n").map(|at| (at, at + 2)))
        .ok_or("no blank line after the HTTP headers")?;
    let head = String::from_utf8_lossy(&block[..end.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    if !status_line.starts_with("HTTP/") {
        return Err(format!("not an HTTP status line: {:.60}", status_line));
    }
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("no status code in {:.60}", status_line))?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Ok(HttpResponse {
        status,
        headers,
        body: &block[end.1..],
    })
}

/// The body as the server meant it: chunked transfer undone, gzip or deflate content
/// decompressed (crawlers store what came over the wire, and not all of them undo these).
fn body_bytes(response: &HttpResponse) -> std::result::Result<Vec<u8>, String> {
    let chunked = named(&response.headers, "Transfer-Encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let body = if chunked && looks_chunked(response.body) {
        dechunk(response.body)
    } else {
        response.body.to_vec()
    };
    let coding = named(&response.headers, "Content-Encoding")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let mut out = Vec::new();
    match coding.as_str() {
        "gzip" | "x-gzip" if body.starts_with(b"\x1f\x8b") => {
            flate2::read::MultiGzDecoder::new(&body[..])
                .take(MAX_BLOCK_BYTES)
                .read_to_end(&mut out)
                .map_err(|e| format!("corrupt gzip content: {e}"))?;
            Ok(out)
        }
        "deflate" => {
            flate2::read::ZlibDecoder::new(&body[..])
                .take(MAX_BLOCK_BYTES)
                .read_to_end(&mut out)
                .map_err(|e| format!("corrupt deflate content: {e}"))?;
            Ok(out)
        }
        _ => Ok(body),
    }
}

/// Whether a body starts like chunked transfer coding (a hex size line): crawlers that
/// undid the chunking often kept the header that said it.
fn looks_chunked(body: &[u8]) -> bool {
    let line_end = memchr::memchr(b'\n', &body[..body.len().min(20)]);
    line_end.is_some_and(|end| {
        let size = body[..end].trim_ascii();
        let size = size.split(|&b| b == b';').next().unwrap_or(size);
        !size.is_empty() && size.iter().all(u8::is_ascii_hexdigit)
    })
}

/// Chunked transfer coding undone; a chunk that runs past the end keeps what there is.
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    while let Some(end) = memchr::memchr(b'\n', body) {
        let size_text = body[..end].trim_ascii();
        let size_text = size_text.split(|&b| b == b';').next().unwrap_or(b"");
        let Some(size) = std::str::from_utf8(size_text)
            .ok()
            .and_then(|s| usize::from_str_radix(s, 16).ok())
        else {
            break;
        };
        if size == 0 {
            break;
        }
        let data = &body[end + 1..];
        let taken = size.min(data.len());
        out.extend_from_slice(&data[..taken]);
        body = &data[taken..];
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))
            .unwrap_or(body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, extra: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}>\r\n{extra}Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn items(bytes: &[u8]) -> Vec<WarcItem> {
        let mut reader = WarcReader::new(bytes);
        let mut out = Vec::new();
        while let Some(item) = reader.next_item().unwrap() {
            out.push(item);
        }
        out
    }

    fn numbers(items: &[WarcItem]) -> Vec<(usize, &'static str)> {
        items
            .iter()
            .map(|item| match item {
                WarcItem::Record(r) => (r.number, "record"),
                WarcItem::TooLarge { number, .. } => (*number, "large"),
                WarcItem::Broken { number, .. } => (*number, "broken"),
            })
            .collect()
    }

    #[test]
    fn records_follow_one_another() {
        let mut bytes = record("warcinfo", "", b"software: test");
        bytes.extend(record(
            "response",
            "WARC-Target-URI: http://a.it/x\r\n",
            b"HTTP/1.1 200 OK\r\n\r\n<p>ciao</p>",
        ));
        let read = items(&bytes);
        assert_eq!(numbers(&read), [(1, "record"), (2, "record")]);
        let WarcItem::Record(second) = &read[1] else {
            unreachable!()
        };
        assert_eq!(second.field("warc-target-uri"), Some("http://a.it/x"));
        assert!(second.block.ends_with(b"<p>ciao</p>"));
    }

    #[test]
    fn a_length_too_short_leaves_bytes_that_are_reported_once() {
        let mut first = record("response", "", b"HTTP/1.1 200 OK\r\n\r\n<p>uno</p>");
        // Claim 5 bytes fewer than the block has.
        let text = String::from_utf8(first.clone()).unwrap();
        let claimed = text.replace("Content-Length: 29", "Content-Length: 24");
        assert_ne!(claimed, text);
        first = claimed.into_bytes();
        first.extend(record("response", "", b"HTTP/1.1 200 OK\r\n\r\n<p>due</p>"));
        assert_eq!(
            numbers(&items(&first)),
            [(1, "record"), (2, "broken"), (2, "record")]
        );
    }

    #[test]
    fn a_length_too_long_gives_back_the_records_it_swallowed() {
        let mut bytes = record("response", "", b"HTTP/1.1 200 OK\r\n\r\n<p>uno</p>");
        let text = String::from_utf8(bytes).unwrap();
        bytes = text
            .replace("Content-Length: 29", "Content-Length: 90")
            .into_bytes();
        bytes.extend(record("response", "", b"HTTP/1.1 200 OK\r\n\r\n<p>due, un testo piu lungo di sessanta byte per coprire il resto</p>"));
        let read = items(&bytes);
        assert_eq!(numbers(&read), [(1, "broken"), (2, "record")], "{read:?}");
    }

    #[test]
    fn a_file_that_ends_inside_a_block_is_one_broken_record() {
        let mut bytes = record("response", "", b"HTTP/1.1 200 OK\r\n\r\n<p>uno</p>");
        bytes.truncate(bytes.len() - 10);
        assert_eq!(numbers(&items(&bytes)), [(1, "broken")]);
        assert_eq!(
            numbers(&items(b"WARC/1.0\r\nWARC-Type: x\r\n")),
            [(1, "broken")]
        );
        assert_eq!(numbers(&items(b"")), []);
    }

    #[test]
    fn http_bodies_are_unchunked_and_decompressed() {
        let response = http_response(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n4\r\n<p>c\r\n6\r\niao</p\r\n1\r\n>\r\n0\r\n\r\n",
        )
        .unwrap();
        assert_eq!(body_bytes(&response).unwrap(), b"<p>ciao</p>");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"<p>zip</p>").unwrap();
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend(gz.finish().unwrap());
        assert_eq!(
            body_bytes(&http_response(&block).unwrap()).unwrap(),
            b"<p>zip</p>"
        );
        assert!(http_response(b"garbage").is_err());
    }

    #[test]
    fn a_crawl_gives_pages_and_says_what_else_it_held() {
        let mut bytes = record("warcinfo", "", b"software: test");
        bytes.extend(record("request", "", b"GET / HTTP/1.1\r\n\r\n"));
        let mut page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nDate: Tue, 18 Jun 2024 10:00:00 GMT\r\n\r\n".to_vec();
        page.extend(
            b"<html><body><article><h1>Vertice a Mosca</h1><p>Perch\xe9 Mosca ha deciso di \
              ospitare il vertice con la Corea del Nord, spiegano le fonti.</p><p>Secondo le \
              stesse fonti diplomatiche l'incontro durer\xe0 due giorni.</p></article></body></html>",
        );
        bytes.extend(record(
            "response",
            "WARC-Target-URI: https://www.esempio.it/a\r\nWARC-Date: 2024-06-19T00:00:00Z\r\n",
            &page,
        ));
        bytes.extend(record(
            "response",
            "",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        bytes.extend(record(
            "response",
            "",
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nno",
        ));
        let path =
            std::env::temp_dir().join(format!("rassegna-warc-{}.warc.gz", std::process::id()));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &bytes).unwrap();
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
        let mut records = Vec::new();
        read_warc(&path, true, &ReadOptions::default(), &mut |chunk| {
            records.extend(chunk);
            Ok(())
        })
        .unwrap();
        std::fs::remove_file(&path).unwrap();
        let name = path.display().to_string();
        let outcome: Vec<(String, String)> = records
            .iter()
            .map(|r| {
                let what = match &r.content {
                    Ok((_, o)) => format!(
                        "page {} {} {}",
                        o.url.as_deref().unwrap_or("-"),
                        o.date.as_deref().unwrap_or("-"),
                        o.encoding.as_deref().unwrap_or("-")
                    ),
                    Err(Error::Skipped { reason, .. }) => reason.clone(),
                    Err(error) => error.to_string(),
                };
                (r.location.replace(&name, "f"), what)
            })
            .collect();
        let expected = [
            ("f:record 1", "a WARC warcinfo record"),
            ("f:record 2", "a WARC request record"),
            (
                "f:record 3",
                "page https://www.esempio.it/a 2024-06-18 windows-1252",
            ),
            ("f:record 4", "not a web page (image/png)"),
            ("f:record 5", "HTTP status 404"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(outcome, expected);
        let (text, _) = records[2].content.as_ref().unwrap();
        assert!(text.contains("Perché Mosca ha deciso"), "{text}");
        assert!(text.contains("durerà due giorni"), "{text}");
    }
}
