//! Reading a path: a file by its kind, a folder file by file, in order.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::record::{io_error, open_bytes, read_all, ReadOptions, Record, CHUNK_RECORDS};
use super::{listing::listed_files, tables, warc};
use crate::article::Overrides;
use crate::error::{Error, Result};
use crate::text::encoding;

/// What a file holds, as its name says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// One article: `.txt`, `.md`.
    Text,
    /// One saved web page: `.html`, `.htm`, `.xhtml`.
    Page,
    /// A crawl: `.warc`.
    Warc,
    JsonLines,
    JsonArray,
    Csv,
    Tsv,
    /// Read by Python (pyarrow), not here.
    Parquet,
}

impl FileKind {
    /// Whether the file is one article (read many at a time in parallel) rather than many.
    pub fn is_one_article(self) -> bool {
        matches!(self, FileKind::Text | FileKind::Page)
    }

    pub fn name(self) -> &'static str {
        match self {
            FileKind::Text => "text",
            FileKind::Page => "page",
            FileKind::Warc => "warc",
            FileKind::JsonLines => "jsonl",
            FileKind::JsonArray => "json",
            FileKind::Csv => "csv",
            FileKind::Tsv => "tsv",
            FileKind::Parquet => "parquet",
        }
    }
}

/// The kind of a file by its name, and whether it is gzip-compressed (`crawl.warc.gz`).
pub fn file_kind(path: &Path) -> Option<(FileKind, bool)> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let (name, gzip) = match name.strip_suffix(".gz") {
        Some(inner) => (inner.to_owned(), true),
        None => (name, false),
    };
    let extension = Path::new(&name).extension()?.to_string_lossy().into_owned();
    let kind = match extension.as_str() {
        "txt" | "md" => FileKind::Text,
        "html" | "htm" | "xhtml" => FileKind::Page,
        "warc" => FileKind::Warc,
        "jsonl" | "ndjson" => FileKind::JsonLines,
        "json" => FileKind::JsonArray,
        "csv" => FileKind::Csv,
        "tsv" => FileKind::Tsv,
        "parquet" if !gzip => FileKind::Parquet,
        _ => return None,
    };
    Some((kind, gzip))
}

const KNOWN_KINDS: &str = "a folder, or a .txt, .md, .html, .htm, .xhtml, .warc, .jsonl, .ndjson, \
    .json, .csv, .tsv (each also gzipped, .gz) or .parquet file";

/// Reads `path` and hands records to `sink` in chunks of at most [`CHUNK_RECORDS`].
/// Errors that concern one record travel inside it; only a path that cannot be read at all,
/// or a single file of a kind rassegna does not know, is returned as an error here.
pub fn read_records(
    path: &Path,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Record>) -> Result<()>,
) -> Result<()> {
    if let Some(label) = &options.encoding {
        encoding::encoding_for_label(label, "encoding")?;
    }
    let metadata = fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if metadata.is_dir() {
        let (files, failures) = listed_files(path);
        if !failures.is_empty() {
            sink(failures)?;
        }
        return read_folder_files(path, &files, options, sink);
    }
    match file_kind(path) {
        Some((FileKind::Parquet, _)) => Err(Error::Unsupported {
            location: path.display().to_string(),
            message: "Parquet is read by rassegna.read() in Python".into(),
        }),
        Some((kind, gzip)) => {
            let id = kind
                .is_one_article()
                .then(|| Path::new(&file_stem(path)).to_string_lossy().into_owned());
            read_file(path, kind, gzip, id, options, sink)
        }
        None => Err(Error::Unsupported {
            location: path.display().to_string(),
            message: format!("expected {KNOWN_KINDS}"),
        }),
    }
}

/// Reads some of the files [`listed_files`] lists under `root`, as reading the folder reads
/// them (ids relative to `root`), in order: a folder read in parts, one part per machine.
/// Articles of one file each are read in parallel, a chunk at a time; a file of many records
/// streams through its reader.
pub fn read_folder_files(
    root: &Path,
    files: &[PathBuf],
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Record>) -> Result<()>,
) -> Result<()> {
    let mut singles: Vec<(&PathBuf, FileKind, bool)> = Vec::new();
    let flush = |singles: &mut Vec<(&PathBuf, FileKind, bool)>,
                 sink: &mut dyn FnMut(Vec<Record>) -> Result<()>| {
        if singles.is_empty() {
            return Ok(());
        }
        let records = std::mem::take(singles)
            .into_par_iter()
            .map(|(path, kind, gzip)| {
                one_article_record(path, kind, gzip, Some(relative_id(root, path)), options)
            })
            .collect();
        sink(records)
    };
    for path in files {
        let location = path.display().to_string();
        match file_kind(path) {
            Some((kind, gzip)) if kind.is_one_article() => {
                singles.push((path, kind, gzip));
                if singles.len() == CHUNK_RECORDS {
                    flush(&mut singles, sink)?;
                }
            }
            Some((FileKind::Parquet, _)) if options.leave_parquet => {}
            Some((kind, gzip)) => {
                flush(&mut singles, sink)?;
                if kind == FileKind::Parquet {
                    sink(vec![Record::skipped(
                        location,
                        "Parquet inside a folder is read by rassegna.read() in Python",
                    )])?;
                } else if let Err(error) = read_file(path, kind, gzip, None, options, sink) {
                    // A table that cannot be opened is one failed record of the folder.
                    sink(vec![Record {
                        location,
                        content: Err(error),
                    }])?;
                }
            }
            None => {
                flush(&mut singles, sink)?;
                let what = path
                    .extension()
                    .map(|e| format!("a .{} file", e.to_string_lossy()))
                    .unwrap_or_else(|| "a file without an extension".into());
                sink(vec![Record::skipped(
                    location,
                    format!("{what}: not a kind rassegna reads"),
                )])?;
            }
        }
    }
    flush(&mut singles, sink)
}

fn read_file(
    path: &Path,
    kind: FileKind,
    gzip: bool,
    id: Option<String>,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Vec<Record>) -> Result<()>,
) -> Result<()> {
    match kind {
        FileKind::Text | FileKind::Page => {
            sink(vec![one_article_record(path, kind, gzip, id, options)])
        }
        FileKind::Warc => warc::read_warc(path, gzip, options, sink),
        FileKind::JsonLines => tables::read_json_lines(path, gzip, options, sink),
        FileKind::JsonArray => tables::read_json_array(path, gzip, options, sink),
        FileKind::Csv => tables::read_delimited(path, gzip, b',', options, sink),
        FileKind::Tsv => tables::read_delimited(path, gzip, b'\t', options, sink),
        FileKind::Parquet => Err(Error::Unsupported {
            location: path.display().to_string(),
            message: "Parquet is read by rassegna.read() in Python".into(),
        }),
    }
}

/// `a` for `a.txt` and for `a.html.gz`.
fn file_stem(path: &Path) -> PathBuf {
    let name = path.file_name().map(PathBuf::from).unwrap_or_default();
    let name = if file_kind(path).is_some_and(|(_, gzip)| gzip) {
        name.with_extension("")
    } else {
        name
    };
    name.with_extension("")
}

/// The record of a file holding one article: a text file, or a saved page.
fn one_article_record(
    path: &Path,
    kind: FileKind,
    gzip: bool,
    id: Option<String>,
    options: &ReadOptions,
) -> Record {
    let location = path.display().to_string();
    let content = open_bytes(path, gzip)
        .and_then(|reader| read_all(reader, path, gzip))
        .and_then(|bytes| {
            let html = kind == FileKind::Page;
            let decoded = encoding::decode(&bytes, options.encoding.as_deref(), html, &location)?;
            let given = Overrides {
                id,
                source: options.source.clone(),
                year: options.year,
                encoding: Some(decoded.encoding.to_owned()),
                ..Default::default()
            };
            if html {
                crate::page::page_record(&decoded.text, given)
            } else {
                Ok((decoded.text.into_owned(), given))
            }
        });
    Record { location, content }
}

/// `sub/000_abc` for `root/sub/000_abc.txt` (or `.html.gz`): unique within the folder and
/// readable.
fn relative_id(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let relative = relative.with_file_name(file_stem(relative));
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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
    fn files_are_decoded_in_their_own_encoding() {
        let dir = scratch("encodings");
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("Perché la città è così?");
        fs::write(dir.join("a.txt"), &latin).unwrap();
        let mut csv = b"id,text\n1,".to_vec();
        csv.extend_from_slice(&latin);
        csv.push(b'\n');
        fs::write(dir.join("b.csv"), &csv).unwrap();
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("Già.".encode_utf16().flat_map(u16::to_le_bytes));
        fs::write(dir.join("c.txt"), &utf16).unwrap();
        let records = collect(&dir, &ReadOptions::default());
        let read: Vec<(&str, Option<&str>)> = records
            .iter()
            .map(|r| {
                let (text, overrides) = r.content.as_ref().unwrap();
                (text.as_str(), overrides.encoding.as_deref())
            })
            .collect();
        assert_eq!(
            read,
            [
                ("Perché la città è così?", Some("windows-1252")),
                ("Perché la città è così?", Some("windows-1252")),
                ("Già.", Some("UTF-16LE")),
            ]
        );
        let forced = ReadOptions {
            encoding: Some("utf-8".into()),
            ..ReadOptions::default()
        };
        let records = collect(&dir.join("a.txt"), &forced);
        assert!(matches!(records[0].content, Err(Error::Encoding { .. })));
    }

    #[test]
    fn a_mixed_folder_reads_every_kind_and_skips_the_rest_by_name() {
        let dir = scratch("mixed");
        fs::write(dir.join("a.txt"), "Uno.").unwrap();
        fs::write(
            dir.join("b.jsonl"),
            "{\"text\": \"Due.\"}\n{\"text\": \"Tre.\"}\n",
        )
        .unwrap();
        fs::write(dir.join("c.png"), b"\x89PNG\r\n").unwrap();
        fs::write(dir.join("d.parquet"), b"PAR1").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, "Quattro.".as_bytes()).unwrap();
        fs::write(dir.join("e.txt.gz"), gz.finish().unwrap()).unwrap();
        fs::write(dir.join("f.txt.gz"), b"\x1f\x8b\x08\x00truncated").unwrap();
        let records = collect(&dir, &ReadOptions::default());
        let outcome: Vec<String> = records
            .iter()
            .map(|r| match &r.content {
                Ok((text, o)) => format!("{}={text}", o.id.as_deref().unwrap_or("-")),
                Err(Error::Skipped { reason, .. }) => format!("skipped: {reason}"),
                Err(error) => format!("error: {}", error.kind()),
            })
            .collect();
        assert_eq!(
            outcome,
            [
                "a=Uno.",
                "-=Due.",
                "-=Tre.",
                "skipped: a .png file: not a kind rassegna reads",
                "skipped: Parquet inside a folder is read by rassegna.read() in Python",
                "e=Quattro.",
                "error: io",
            ]
        );
        let left = ReadOptions {
            leave_parquet: true,
            ..ReadOptions::default()
        };
        assert_eq!(collect(&dir, &left).len(), 6);
        assert_eq!(
            file_kind(Path::new("x/Crawl.WARC.GZ")),
            Some((FileKind::Warc, true))
        );
        assert_eq!(file_kind(Path::new("x.parquet.gz")), None);
        assert_eq!(relative_id(&dir, &dir.join("sub/a.html.gz")), "sub/a");
    }

    #[test]
    fn folder_is_read_recursively_in_path_order_with_relative_ids() {
        let dir = scratch("folder");
        fs::create_dir_all(dir.join("b")).unwrap();
        fs::write(dir.join("b/2.txt"), "Due.").unwrap();
        fs::write(dir.join("1.md"), "Uno.").unwrap();
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
        let (files, failures) = listed_files(&dir);
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
