//! Where records come from: a text file, a folder of them, JSON Lines, JSON arrays, CSV/TSV.
//! Each record keeps a location (`path`, `path:line`) so that a failure names it.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;
use walkdir::WalkDir;

use crate::article::Overrides;
use crate::error::{Error, Result};

/// How many records are read before a chunk is parsed: bounds memory on large inputs while
/// giving rayon enough work per chunk.
pub const CHUNK_RECORDS: usize = 2048;

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
        }
    }
}

/// One input record: its location and either its text with known metadata, or why not.
#[derive(Debug)]
pub struct Record {
    pub location: String,
    pub content: Result<(String, Overrides)>,
}

const TEXT_EXTENSIONS: &[&str] = &["txt", "md"];

/// Reads `path` and hands records to `sink` in chunks of at most [`CHUNK_RECORDS`].
/// Errors that concern one record travel inside it; only a path that cannot be read at all,
/// or an input kind rassegna does not know, is returned as an error here.
pub fn read_records(
    path: &Path,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Record>) -> Result<()>,
) -> Result<()> {
    let metadata = fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if metadata.is_dir() {
        return read_folder(path, options, sink);
    }
    match extension(path).as_deref() {
        Some("jsonl" | "ndjson") => read_json_lines(path, options, sink),
        Some("json") => read_json_array(path, options, sink),
        Some("csv") => read_delimited(path, b',', options, sink),
        Some("tsv") => read_delimited(path, b'\t', options, sink),
        Some(ext) if TEXT_EXTENSIONS.contains(&ext) => {
            let id = path.file_stem().map(|s| s.to_string_lossy().into_owned());
            sink(vec![text_file_record(path, id, options)])
        }
        Some("parquet") => Err(Error::Unsupported {
            location: path.display().to_string(),
            message: "Parquet is read by rassegna.read() in Python".into(),
        }),
        _ => Err(Error::Unsupported {
            location: path.display().to_string(),
            message: "expected a folder or a .txt, .md, .jsonl, .ndjson, .json, .csv, .tsv or .parquet file"
                .into(),
        }),
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

fn io_error(path: &Path, error: &std::io::Error) -> Error {
    Error::Io {
        location: path.display().to_string(),
        message: error.to_string(),
    }
}

/// Bytes to text: a leading BOM is encoding, not text; a NUL byte means a binary file.
pub fn decode(mut bytes: Vec<u8>, location: &str) -> Result<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
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

fn text_file_record(path: &Path, id: Option<String>, options: &ReadOptions) -> Record {
    let location = path.display().to_string();
    let content = fs::read(path)
        .map_err(|e| io_error(path, &e))
        .and_then(|bytes| decode(bytes, &location))
        .map(|text| {
            (
                text,
                Overrides {
                    id,
                    source: options.source.clone(),
                    year: options.year,
                    ..Default::default()
                },
            )
        });
    Record { location, content }
}

/// Every .txt/.md file below `root`, in path order; unreadable subfolders become records.
fn read_folder(
    root: &Path,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Record>) -> Result<()>,
) -> Result<()> {
    let (files, failures) = text_files(root);
    if !failures.is_empty() {
        sink(failures)?;
    }
    read_text_files(root, &files, options, sink)
}

/// The .txt/.md files below `root`, in path order, and a record for each entry that could not
/// be listed: the listing [`read_records`] reads a folder by. Links are followed: a linked
/// folder or file counts as what it points to, also outside `root` (under the link's own
/// path). A file reached by two paths is listed once, at the first in path order; a link back
/// to a folder it is in is a loop, reported and not followed. Names starting with `.` are
/// skipped.
pub fn text_files(root: &Path) -> (Vec<PathBuf>, Vec<Record>) {
    let mut found: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut failures = Vec::new();
    let walk = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                failures.push(listing_failure(root, &error));
                continue;
            }
        };
        let path = entry.path();
        let is_text = extension(path).is_some_and(|e| TEXT_EXTENSIONS.contains(&e.as_str()));
        if entry.file_type().is_dir() || !is_text {
            continue;
        }
        match fs::canonicalize(path) {
            Ok(real) => found.push((path.to_path_buf(), real)),
            Err(e) => failures.push(Record {
                location: path.display().to_string(),
                content: Err(io_error(path, &e)),
            }),
        }
    }
    found.sort();
    let mut seen = HashSet::new();
    let files = found
        .into_iter()
        .filter(|(_, real)| seen.insert(real.clone()))
        .map(|(path, _)| path)
        .collect();
    (files, failures)
}

/// An entry of a folder that could not be listed, or a link that loops back to a folder it
/// is in.
fn listing_failure(root: &Path, error: &walkdir::Error) -> Record {
    let path = error.path().unwrap_or(root);
    let location = path.display().to_string();
    let error = match (error.loop_ancestor(), error.io_error()) {
        (Some(ancestor), _) => Error::Io {
            location: location.clone(),
            message: format!(
                "a link back to {}, which holds it: a loop, not followed",
                ancestor.display()
            ),
        },
        (None, Some(io)) => io_error(path, io),
        (None, None) => Error::Io {
            location: location.clone(),
            message: error.to_string(),
        },
    };
    Record {
        location,
        content: Err(error),
    }
}

/// Reads some of the files [`text_files`] lists under `root`, as reading the folder reads
/// them (ids relative to `root`): a folder read in parts, one part per machine.
pub fn read_text_files(
    root: &Path,
    files: &[PathBuf],
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Record>) -> Result<()>,
) -> Result<()> {
    for chunk in files.chunks(CHUNK_RECORDS) {
        let records = chunk
            .par_iter()
            .map(|path| text_file_record(path, Some(relative_id(root, path)), options))
            .collect();
        sink(records)?;
    }
    Ok(())
}

/// `sub/000_abc` for `root/sub/000_abc.txt`: unique within the folder and readable.
fn relative_id(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path).with_extension("");
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A JSON object's fields as a record.
fn object_record(value: Value, location: String, options: &ReadOptions) -> Record {
    let content = object_content(value, &location, options);
    Record { location, content }
}

fn object_content(
    value: Value,
    location: &str,
    options: &ReadOptions,
) -> Result<(String, Overrides)> {
    let Value::Object(mut object) = value else {
        return Err(Error::Format {
            location: location.into(),
            message: "expected a JSON object".into(),
        });
    };
    let text = match object.remove(&options.text_column) {
        Some(Value::String(text)) => text,
        None | Some(Value::Null) => {
            return Err(Error::MissingColumn {
                location: location.into(),
                column: options.text_column.clone(),
            })
        }
        Some(other) => {
            return Err(Error::Format {
                location: location.into(),
                message: format!(
                    "column {:?} is {}, not a string",
                    options.text_column,
                    json_kind(&other)
                ),
            })
        }
    };
    let mut field = |name: &str| -> Result<Option<String>> {
        match object.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(other) => Err(Error::Format {
                location: location.into(),
                message: format!("column {name:?} is {}, not a string", json_kind(&other)),
            }),
        }
    };
    let overrides = Overrides {
        id: field(&options.id_column)?,
        date: field(&options.date_column)?,
        source: field(&options.source_column)?.or_else(|| options.source.clone()),
        title: field(&options.title_column)?,
        url: field(&options.url_column)?,
        year: options.year,
        page: Default::default(),
    };
    Ok((text, overrides))
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// JSON Lines, streamed: raw lines are gathered a chunk at a time and decoded in parallel.
fn read_json_lines(
    path: &Path,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Record>) -> Result<()>,
) -> Result<()> {
    let file = File::open(path).map_err(|e| io_error(path, &e))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let name = path.display().to_string();
    let mut line_number = 0usize;
    let mut raw: Vec<(usize, Vec<u8>)> = Vec::with_capacity(CHUNK_RECORDS);
    let flush = |raw: &mut Vec<(usize, Vec<u8>)>,
                 sink: &mut dyn FnMut(Vec<Record>) -> Result<()>| {
        let records = std::mem::take(raw)
            .into_par_iter()
            .map(|(line, bytes)| {
                let location = format!("{name}:{line}");
                match decode(bytes, &location).and_then(|text| {
                    serde_json::from_str::<Value>(&text).map_err(|e| Error::Format {
                        location: location.clone(),
                        message: format!("invalid JSON: {e}"),
                    })
                }) {
                    Ok(value) => object_record(value, location, options),
                    Err(error) => Record {
                        location,
                        content: Err(error),
                    },
                }
            })
            .collect();
        sink(records)
    };
    loop {
        let mut line = Vec::new();
        let read = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| io_error(path, &e))?;
        if read == 0 {
            break;
        }
        line_number += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        raw.push((line_number, line));
        if raw.len() == CHUNK_RECORDS {
            flush(&mut raw, sink)?;
        }
    }
    if !raw.is_empty() {
        flush(&mut raw, sink)?;
    }
    Ok(())
}

/// A JSON array of objects (read whole: JSON arrays cannot be streamed by line).
fn read_json_array(
    path: &Path,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Record>) -> Result<()>,
) -> Result<()> {
    let name = path.display().to_string();
    let bytes = fs::read(path).map_err(|e| io_error(path, &e))?;
    let text = decode(bytes, &name)?;
    let value: Value = serde_json::from_str(&text).map_err(|e| Error::Format {
        location: name.clone(),
        message: format!("invalid JSON: {e}"),
    })?;
    let Value::Array(items) = value else {
        return Err(Error::Format {
            location: name,
            message: "expected an array of objects".into(),
        });
    };
    let mut records = Vec::with_capacity(CHUNK_RECORDS);
    for (index, item) in items.into_iter().enumerate() {
        records.push(object_record(item, format!("{name}[{index}]"), options));
        if records.len() == CHUNK_RECORDS {
            sink(std::mem::take(&mut records))?;
        }
    }
    if !records.is_empty() {
        sink(records)?;
    }
    Ok(())
}

/// CSV or TSV with a header row. A header without the text column makes the whole file one
/// failed record: no row of it can be used.
fn read_delimited(
    path: &Path,
    delimiter: u8,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Record>) -> Result<()>,
) -> Result<()> {
    let name = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_path(path)
        .map_err(|e| Error::Io {
            location: name.clone(),
            message: e.to_string(),
        })?;
    let headers = match reader.byte_headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            return sink(vec![Record {
                location: name.clone(),
                content: Err(csv_error(&name, e)),
            }])
        }
    };
    let column = |wanted: &str| {
        headers
            .iter()
            .position(|h| trim_bom(h) == wanted.as_bytes())
    };
    let Some(text_index) = column(&options.text_column) else {
        let error = Error::MissingColumn {
            location: name.clone(),
            column: options.text_column.clone(),
        };
        return sink(vec![Record {
            location: name,
            content: Err(error),
        }]);
    };
    let columns = [
        column(&options.id_column),
        column(&options.date_column),
        column(&options.source_column),
        column(&options.title_column),
        column(&options.url_column),
    ];
    let mut records = Vec::with_capacity(CHUNK_RECORDS);
    let mut row = csv::ByteRecord::new();
    loop {
        let line = reader.position().line() + 1;
        match reader.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {
                let location = format!("{name}:{}", row.position().map_or(line, |p| p.line()));
                let content = delimited_content(&row, text_index, &columns, &location, options);
                records.push(Record { location, content });
            }
            Err(e) => {
                let location = format!("{name}:{line}");
                let fatal = !matches!(
                    e.kind(),
                    csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. }
                );
                records.push(Record {
                    location: location.clone(),
                    content: Err(csv_error(&location, e)),
                });
                if fatal {
                    break;
                }
            }
        }
        if records.len() == CHUNK_RECORDS {
            sink(std::mem::take(&mut records))?;
        }
    }
    if !records.is_empty() {
        sink(records)?;
    }
    Ok(())
}

fn trim_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn csv_error(location: &str, error: csv::Error) -> Error {
    Error::Format {
        location: location.into(),
        message: format!("invalid CSV: {error}"),
    }
}

fn delimited_content(
    row: &csv::ByteRecord,
    text_index: usize,
    columns: &[Option<usize>; 5],
    location: &str,
    options: &ReadOptions,
) -> Result<(String, Overrides)> {
    let text = match row.get(text_index) {
        Some(bytes) => decode(bytes.to_vec(), location)?,
        None => {
            return Err(Error::MissingColumn {
                location: location.into(),
                column: options.text_column.clone(),
            })
        }
    };
    let field = |index: Option<usize>| -> Result<Option<String>> {
        match index.and_then(|i| row.get(i)) {
            None | Some(b"") => Ok(None),
            Some(bytes) => decode(bytes.to_vec(), location).map(Some),
        }
    };
    let overrides = Overrides {
        id: field(columns[0])?,
        date: field(columns[1])?,
        source: field(columns[2])?.or_else(|| options.source.clone()),
        title: field(columns[3])?,
        url: field(columns[4])?,
        year: options.year,
        page: Default::default(),
    };
    Ok((text, overrides))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(path: &Path, options: &ReadOptions) -> Vec<Record> {
        let mut all = Vec::new();
        read_records(path, options, &mut |chunk| {
            all.extend(chunk);
            Ok(())
        })
        .unwrap();
        all
    }

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("rassegna-sources-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn decode_reports_binary_and_invalid_utf8_with_offsets() {
        assert_eq!(
            decode(b"ab\0c".to_vec(), "f"),
            Err(Error::Binary {
                location: "f".into(),
                offset: 2
            })
        );
        assert_eq!(
            decode(b"abc\xff".to_vec(), "f"),
            Err(Error::Encoding {
                encoding: "UTF-8".into(),
                location: "f".into(),
                offset: 3
            })
        );
        assert_eq!(decode(b"\xEF\xBB\xBFciao".to_vec(), "f").unwrap(), "ciao");
    }

    #[test]
    fn folder_is_read_recursively_in_path_order_with_relative_ids() {
        let dir = scratch("folder");
        fs::create_dir_all(dir.join("b")).unwrap();
        fs::write(dir.join("b/2.txt"), "Due.").unwrap();
        fs::write(dir.join("1.md"), "Uno.").unwrap();
        fs::write(dir.join("skip.csv"), "text\nx").unwrap();
        fs::write(dir.join(".hidden.txt"), "no").unwrap();
        let records = collect(&dir, &ReadOptions::default());
        let ids: Vec<_> = records
            .iter()
            .map(|r| r.content.as_ref().unwrap().1.id.clone().unwrap())
            .collect();
        assert_eq!(ids, ["1", "b/2"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_once_and_loops_are_reported() {
        use std::os::unix::fs::symlink;
        let dir = scratch("links");
        let outside = scratch("links-outside");
        fs::create_dir_all(dir.join("a")).unwrap();
        fs::create_dir_all(&outside).unwrap();
        fs::write(dir.join("a/1.txt"), "Uno.").unwrap();
        fs::write(outside.join("fuori.txt"), "Fuori.").unwrap();
        // A loop to the folder above, a second path to a file inside, a file outside.
        symlink("..", dir.join("a/loop")).unwrap();
        symlink(dir.join("a/1.txt"), dir.join("b.txt")).unwrap();
        symlink(outside.join("fuori.txt"), dir.join("c.txt")).unwrap();
        symlink(dir.join("nowhere.txt"), dir.join("d.txt")).unwrap();
        let (files, failures) = text_files(&dir);
        let relative: Vec<String> = files.iter().map(|f| relative_id(&dir, f)).collect();
        assert_eq!(relative, ["a/1", "c"]);
        let locations: Vec<&str> = failures.iter().map(|f| f.location.as_str()).collect();
        assert_eq!(failures.len(), 2, "{locations:?}");
        let messages: Vec<String> = failures
            .iter()
            .map(|f| f.content.as_ref().err().unwrap().to_string())
            .collect();
        assert!(
            locations[0].ends_with("a/loop") && messages[0].contains("loop"),
            "{messages:?}"
        );
        assert!(locations[1].ends_with("d.txt"), "{locations:?}");
        let records = collect(&dir, &ReadOptions::default());
        assert_eq!(records.len(), 4);
        fs::remove_dir_all(&dir).unwrap();
        fs::remove_dir_all(&outside).unwrap();
    }

    #[test]
    fn json_lines_report_each_bad_line_by_number() {
        let dir = scratch("jsonl");
        let path = dir.join("feed.jsonl");
        fs::write(
            &path,
            "{\"text\": \"Uno.\", \"id\": 7, \"date\": \"2024-06-18\"}\n\n{\"title\": \"x\"}\nnot json\n[1]\n{\"text\": 3}\n",
        )
        .unwrap();
        let records = collect(&path, &ReadOptions::default());
        assert_eq!(records.len(), 5);
        let (text, overrides) = records[0].content.as_ref().unwrap();
        assert_eq!(text, "Uno.");
        assert_eq!(overrides.id.as_deref(), Some("7"));
        assert_eq!(overrides.date.as_deref(), Some("2024-06-18"));
        let name = path.display().to_string();
        assert_eq!(
            records[1].content.as_ref().unwrap_err(),
            &Error::MissingColumn {
                location: format!("{name}:3"),
                column: "text".into()
            }
        );
        assert!(matches!(records[2].content, Err(Error::Format { .. })));
        assert!(matches!(records[3].content, Err(Error::Format { .. })));
        assert!(matches!(records[4].content, Err(Error::Format { .. })));
        assert_eq!(records[4].location, format!("{name}:6"));
    }

    #[test]
    fn csv_rows_and_missing_text_column() {
        let dir = scratch("csv");
        let good = dir.join("good.csv");
        fs::write(
            &good,
            "id,text,source\na,\"Uno, due.\",ansa\nb,\"Tre\nquattro.\",\n",
        )
        .unwrap();
        let records = collect(&good, &ReadOptions::default());
        assert_eq!(records.len(), 2);
        let (text, overrides) = records[1].content.as_ref().unwrap();
        assert_eq!(text, "Tre\nquattro.");
        assert_eq!(overrides.source, None);
        assert_eq!(
            records[0].content.as_ref().unwrap().1.source.as_deref(),
            Some("ansa")
        );

        let bad = dir.join("bad.tsv");
        fs::write(&bad, "id\tbody\n1\tx\n").unwrap();
        let records = collect(&bad, &ReadOptions::default());
        assert_eq!(records.len(), 1);
        assert!(matches!(
            records[0].content,
            Err(Error::MissingColumn { .. })
        ));
    }

    #[test]
    fn the_default_year_reaches_every_kind_of_record() {
        let dir = scratch("year");
        let options = ReadOptions {
            year: Some(2024),
            ..ReadOptions::default()
        };
        let lines = dir.join("a.jsonl");
        fs::write(&lines, "{\"text\": \"Uno.\", \"date\": \"2023\"}\n").unwrap();
        let table = dir.join("b.csv");
        fs::write(&table, "text\nDue.\n").unwrap();
        let file = dir.join("c.txt");
        fs::write(&file, "Tre.").unwrap();
        for path in [&lines, &table, &file] {
            let records = collect(path, &options);
            let overrides = &records[0].content.as_ref().unwrap().1;
            // The year stays beside the record's own date: parsing decides which dates it.
            assert_eq!(overrides.year, Some(2024), "{}", path.display());
        }
        let records = collect(&lines, &options);
        let date = &records[0].content.as_ref().unwrap().1.date;
        assert_eq!(date.as_deref(), Some("2023"));
    }

    #[test]
    fn missing_path_and_unknown_kind_are_errors() {
        let dir = scratch("missing");
        let mut sink = |_: Vec<Record>| Ok(());
        assert!(matches!(
            read_records(&dir.join("nope"), &ReadOptions::default(), &mut sink),
            Err(Error::Io { .. })
        ));
        fs::write(dir.join("x.pdf"), "x").unwrap();
        assert!(matches!(
            read_records(&dir.join("x.pdf"), &ReadOptions::default(), &mut sink),
            Err(Error::Unsupported { .. })
        ));
    }
}
