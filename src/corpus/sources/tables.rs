//! Records from tables: JSON Lines, JSON arrays of objects, CSV/TSV with a header row. A
//! table's text arrives decoded (see [`super::record::open_text`]); each record keeps its line.

use std::io::{BufRead, Read};
use std::path::Path;

use rayon::prelude::*;
use serde_json::Value;

use super::record::{io_error, open_text, utf8_text, ReadOptions, Record, CHUNK_RECORDS};
use crate::article::Overrides;
use crate::error::{Error, Result};

/// A JSON object's fields as a record.
fn object_record(value: Value, location: String, encoding: &str, options: &ReadOptions) -> Record {
    let content = object_content(value, &location, options).and_then(|(text, mut overrides)| {
        overrides.encoding = Some(encoding.to_owned());
        options.article_of(text, overrides, &location)
    });
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
    let text = match object.remove(options.body_column()) {
        Some(Value::String(text)) => text,
        None | Some(Value::Null) => {
            return Err(Error::MissingColumn {
                location: location.into(),
                column: options.body_column().to_owned(),
            })
        }
        Some(other) => {
            return Err(Error::Format {
                location: location.into(),
                message: format!(
                    "column {:?} is {}, not a string",
                    options.body_column(),
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
        ..Overrides::default()
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
pub(super) fn read_json_lines(
    path: &Path,
    gzip: bool,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Record>) -> Result<()>,
) -> Result<()> {
    let (mut reader, encoding) = open_text(path, gzip, options)?;
    let name = path.display().to_string();
    let mut line_number = 0usize;
    let mut raw: Vec<(usize, Vec<u8>)> = Vec::with_capacity(CHUNK_RECORDS);
    let flush = |raw: &mut Vec<(usize, Vec<u8>)>,
                 sink: &mut dyn FnMut(Vec<Record>) -> Result<()>| {
        let records = std::mem::take(raw)
            .into_par_iter()
            .map(|(line, bytes)| {
                let location = format!("{name}:{line}");
                match utf8_text(bytes, &location).and_then(|text| {
                    serde_json::from_str::<Value>(&text).map_err(|e| Error::Format {
                        location: location.clone(),
                        message: format!("invalid JSON: {e}"),
                    })
                }) {
                    Ok(value) => object_record(value, location, encoding, options),
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
pub(super) fn read_json_array(
    path: &Path,
    gzip: bool,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Record>) -> Result<()>,
) -> Result<()> {
    let name = path.display().to_string();
    let (mut reader, encoding) = open_text(path, gzip, options)?;
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, &e))?;
    let text = utf8_text(bytes, &name)?;
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
        records.push(object_record(
            item,
            format!("{name}[{index}]"),
            encoding,
            options,
        ));
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
pub(super) fn read_delimited(
    path: &Path,
    gzip: bool,
    delimiter: u8,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Record>) -> Result<()>,
) -> Result<()> {
    let name = path.display().to_string();
    let (stream, encoding) = open_text(path, gzip, options)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(stream);
    let headers = match reader.byte_headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            return sink(vec![Record {
                location: name.clone(),
                content: Err(csv_error(&name, e)),
            }])
        }
    };
    let column = |wanted: &str| headers.iter().position(|h| h == wanted.as_bytes());
    let Some(text_index) = column(options.body_column()) else {
        let error = Error::MissingColumn {
            location: name.clone(),
            column: options.body_column().to_owned(),
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
                let content = delimited_content(&row, text_index, &columns, &location, options)
                    .and_then(|(text, mut overrides)| {
                        overrides.encoding = Some(encoding.to_owned());
                        options.article_of(text, overrides, &location)
                    });
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
        Some(bytes) => utf8_text(bytes.to_vec(), location)?,
        None => {
            return Err(Error::MissingColumn {
                location: location.into(),
                column: options.body_column().to_owned(),
            })
        }
    };
    let field = |index: Option<usize>| -> Result<Option<String>> {
        match index.and_then(|i| row.get(i)) {
            None | Some(b"") => Ok(None),
            Some(bytes) => utf8_text(bytes.to_vec(), location).map(Some),
        }
    };
    let overrides = Overrides {
        id: field(columns[0])?,
        date: field(columns[1])?,
        source: field(columns[2])?.or_else(|| options.source.clone()),
        title: field(columns[3])?,
        url: field(columns[4])?,
        year: options.year,
        ..Overrides::default()
    };
    Ok((text, overrides))
}
