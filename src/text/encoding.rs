//! Bytes to text as browsers do it: a byte order mark, then what the user or the server
//! declared, then `<meta charset>`, then UTF-8 if the bytes are valid UTF-8, then a guess by
//! chardetng (the detector Firefox uses). Decoding is encoding_rs, Firefox's decoder.

use std::borrow::Cow;
use std::sync::LazyLock;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;

use crate::error::{Error, Result};

/// How far into a page `<meta charset>` is looked for. The HTML standard says 1024 bytes;
/// real pages put it after long inline scripts, so we look as far as parsers in the wild do.
const META_PRESCAN_BYTES: usize = 16 * 1024;

/// How much of a document the detector reads: enough to settle on an encoding, bounded so
/// that a 100 MB file is not scanned twice.
const DETECTION_BYTES: usize = 1 << 20;

/// How much of a document is looked at for UTF-16 without a byte order mark: its NUL bytes
/// show on every line of text.
const UTF16_SNIFF_BYTES: usize = 8 * 1024;

/// Text and the name (WHATWG spelling: `UTF-8`, `windows-1252`, `UTF-16LE`) of the encoding
/// it was read in. Valid UTF-8 is the caller's bytes, not a copy: a saved page is hundreds of
/// kilobytes, and most are UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

/// Who said which encoding the bytes are in, strongest first.
#[derive(Debug, Clone, Copy)]
pub enum Declared<'a> {
    /// The user (`encoding=`): it overrides everything, and bytes that are not valid in it
    /// are an error rather than replaced.
    User(&'a str),
    /// The transport, such as an HTTP `Content-Type` charset in a crawl: trusted like a
    /// browser trusts it, after a byte order mark, with malformed bytes replaced.
    Transport(&'a str),
    None,
}

/// Decodes `bytes` with the encoding the user named (`declared`, strict) or, without one, the
/// encoding sniffed as a browser would; `html` lets `<meta charset>` and an XML declaration
/// speak. A NUL byte in a text that is not UTF-16 means a binary file.
pub fn decode<'a>(
    bytes: &'a [u8],
    declared: Option<&str>,
    html: bool,
    location: &str,
) -> Result<Decoded<'a>> {
    decode_declared(
        bytes,
        declared.map_or(Declared::None, Declared::User),
        html,
        location,
    )
}

/// [`decode`] with the declaration's origin spelled out.
pub fn decode_declared<'a>(
    bytes: &'a [u8],
    declared: Declared,
    html: bool,
    location: &str,
) -> Result<Decoded<'a>> {
    let sniffed = match sniff_declared(bytes, declared, html, location)? {
        Some(sniffed) => sniffed,
        // Nothing declared: UTF-8 when the whole text is, validated once, here.
        None => match std::str::from_utf8(bytes) {
            Ok(text) => {
                check_no_nul(text.as_bytes(), 0, location)?;
                return Ok(Decoded {
                    text: Cow::Borrowed(text),
                    encoding: UTF_8.name(),
                });
            }
            Err(error) => {
                // A text longer than what detection reads is UTF-8 if that much of it is.
                let prefix_valid = bytes.len() > DETECTION_BYTES
                    && (error.valid_up_to() >= DETECTION_BYTES
                        || valid_utf8_prefix(&bytes[..DETECTION_BYTES], true));
                undeclared(bytes, true, prefix_valid)
            }
        },
    };
    let body = &bytes[sniffed.bom_length..];
    let encoding = sniffed.encoding;
    if encoding != UTF_16LE && encoding != UTF_16BE {
        check_no_nul(body, sniffed.bom_length, location)?;
    }
    let text = if sniffed.strict {
        match encoding.decode_without_bom_handling_and_without_replacement(body) {
            Some(text) => text,
            None => {
                return Err(Error::Encoding {
                    location: location.into(),
                    encoding: encoding.name().into(),
                    offset: first_invalid_byte(encoding, body) + sniffed.bom_length,
                })
            }
        }
    } else {
        encoding.decode_without_bom_handling(body).0
    };
    Ok(Decoded {
        text,
        encoding: encoding.name(),
    })
}

/// A NUL byte in a text that is not UTF-16 means a binary file.
fn check_no_nul(body: &[u8], offset_of_body: usize, location: &str) -> Result<()> {
    match memchr::memchr(0, body) {
        Some(offset) => Err(Error::Binary {
            location: location.into(),
            offset: offset + offset_of_body,
        }),
        None => Ok(()),
    }
}

/// The encoding chosen for a document, from its first bytes (a stream's prefix) or all of it.
#[derive(Debug, Clone, Copy)]
pub struct Sniffed {
    pub encoding: &'static Encoding,
    /// Bytes of byte order mark to skip.
    pub bom_length: usize,
    /// Malformed bytes are an error (the user named the encoding, or the bytes were valid
    /// UTF-8 as far as they were read) rather than replaced.
    pub strict: bool,
}

/// Chooses the encoding of `bytes`, which are a whole document or, with `more_follows`, the
/// first bytes of a stream.
pub fn sniff(
    bytes: &[u8],
    more_follows: bool,
    declared: Declared,
    html: bool,
    location: &str,
) -> Result<Sniffed> {
    if let Some(sniffed) = sniff_declared(bytes, declared, html, location)? {
        return Ok(sniffed);
    }
    let prefix = &bytes[..bytes.len().min(DETECTION_BYTES)];
    let truncated = more_follows || prefix.len() < bytes.len();
    Ok(undeclared(
        prefix,
        !truncated,
        valid_utf8_prefix(prefix, truncated),
    ))
}

/// The encoding the bytes declare: the user's, a byte order mark, the transport's, `<meta
/// charset>`, or UTF-16 recognised by its NUL bytes. `None` when they declare nothing.
fn sniff_declared(
    bytes: &[u8],
    declared: Declared,
    html: bool,
    location: &str,
) -> Result<Option<Sniffed>> {
    if let Declared::User(label) = declared {
        let encoding = encoding_for_label(label, location)?;
        let bom_length = match Encoding::for_bom(bytes) {
            Some((bom_encoding, length)) if bom_encoding == encoding => length,
            _ => 0,
        };
        return Ok(Some(Sniffed {
            encoding,
            bom_length,
            strict: true,
        }));
    }
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        return Ok(Some(Sniffed {
            encoding,
            bom_length,
            strict: encoding == UTF_8,
        }));
    }
    if let Declared::Transport(label) = declared {
        if let Some(encoding) = Encoding::for_label(label.trim().as_bytes()) {
            return Ok(Some(lenient(document_encoding(encoding))));
        }
    }
    if html {
        if let Some(encoding) = meta_charset(bytes) {
            return Ok(Some(lenient(encoding)));
        }
    }
    Ok(utf16_without_bom(&bytes[..bytes.len().min(UTF16_SNIFF_BYTES)]).map(lenient))
}

/// An encoding the bytes did not declare: UTF-8 when they are valid UTF-8 (as far as they
/// were read), else chardetng's guess from the first [`DETECTION_BYTES`].
fn undeclared(bytes: &[u8], last: bool, valid_utf8: bool) -> Sniffed {
    if valid_utf8 {
        return Sniffed {
            encoding: UTF_8,
            bom_length: 0,
            strict: true,
        };
    }
    let prefix = &bytes[..bytes.len().min(DETECTION_BYTES)];
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(prefix, last && prefix.len() == bytes.len());
    lenient(detector.guess(None, Utf8Detection::Allow))
}

fn lenient(encoding: &'static Encoding) -> Sniffed {
    Sniffed {
        encoding,
        bom_length: 0,
        strict: false,
    }
}

/// The encoding a label names (`latin-1`, `cp1252`, `utf-16`…), as the WHATWG standard maps
/// labels, or an error naming the label.
pub fn encoding_for_label(label: &str, location: &str) -> Result<&'static Encoding> {
    let trimmed = label.trim();
    let python_spelling = trimmed.replace('_', "-");
    Encoding::for_label(trimmed.as_bytes())
        .or_else(|| Encoding::for_label(python_spelling.as_bytes()))
        .or_else(|| {
            // Python's spellings that WHATWG does not list.
            let squeezed = trimmed.to_ascii_lowercase().replace(['-', '_', ' '], "");
            match squeezed.as_str() {
                "utf8" => Some(UTF_8),
                "latin1" | "cp819" => Some(WINDOWS_1252),
                _ => Encoding::for_label(squeezed.as_bytes()),
            }
        })
        .ok_or_else(|| Error::InvalidValue {
            location: location.into(),
            field: "encoding".into(),
            message: format!("unknown encoding {label:?}"),
        })
}

/// A declared encoding as a document may use it: the standard reads a UTF-16 declaration
/// inside a document's own bytes as UTF-8 (its bytes would not have been readable to find
/// it), and `x-user-defined` as windows-1252.
fn document_encoding(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        UTF_8
    } else if encoding == encoding_rs::X_USER_DEFINED {
        WINDOWS_1252
    } else {
        encoding
    }
}

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i-u)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_:.\-]+)|<\?xml\b[^>]*?\bencoding\s*=\s*["']([a-z0-9_:.\-]+)"#,
    )
    .expect("the meta charset pattern compiles")
});

/// The encoding named by the first `<meta charset=…>`, `<meta http-equiv="Content-Type"
/// content="…; charset=…">` or `<?xml … encoding="…"?>` near the top of a page.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_PRESCAN_BYTES)];
    META_CHARSET.captures_iter(head).find_map(|captures| {
        let label = captures.get(1).or_else(|| captures.get(2))?;
        Encoding::for_label(label.as_bytes()).map(document_encoding)
    })
}

/// UTF-16 without a byte order mark shows as a NUL byte beside nearly every Latin letter.
fn utf16_without_bom(prefix: &[u8]) -> Option<&'static Encoding> {
    let pairs = prefix.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut nul_even, mut nul_odd) = (0usize, 0usize);
    for pair in prefix.chunks_exact(2) {
        nul_even += usize::from(pair[0] == 0);
        nul_odd += usize::from(pair[1] == 0);
    }
    let mostly = |count: usize| count * 10 >= pairs * 6;
    let rarely = |count: usize| count * 10 <= pairs;
    if mostly(nul_odd) && rarely(nul_even) {
        Some(UTF_16LE)
    } else if mostly(nul_even) && rarely(nul_odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Whether the bytes are UTF-8; a prefix cut from a longer stream may end inside a character.
fn valid_utf8_prefix(prefix: &[u8], truncated: bool) -> bool {
    match std::str::from_utf8(prefix) {
        Ok(_) => true,
        Err(error) => truncated && error.error_len().is_none(),
    }
}

/// Where decoding `bytes` as `encoding` first fails.
fn first_invalid_byte(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    if encoding == UTF_8 {
        return std::str::from_utf8(bytes)
            .map_or_else(|error| error.valid_up_to(), |_| bytes.len());
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut output =
        String::with_capacity(decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(0));
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut output, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, later) => {
            read.saturating_sub(usize::from(bad) + usize::from(later))
        }
        _ => read,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess(bytes: &[u8]) -> Decoded<'_> {
        decode(bytes, None, false, "f").unwrap()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = guess("città".as_bytes());
        assert_eq!(plain.text, "città");
        assert!(
            matches!(plain.text, Cow::Borrowed(_)),
            "valid UTF-8 is not copied"
        );
        let with_bom = guess(b"\xEF\xBB\xBFciao");
        assert_eq!((&*with_bom.text, with_bom.encoding), ("ciao", "UTF-8"));
    }

    #[test]
    fn windows_1252_and_latin1_are_detected() {
        let (bytes, _, _) = WINDOWS_1252.encode("Il presidente ha detto: «è così» – perché?");
        let decoded = guess(&bytes);
        assert_eq!(decoded.encoding, "windows-1252");
        assert_eq!(decoded.text, "Il presidente ha detto: «è così» – perché?");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "Mosca e Pyongyang, già alleati";
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            guess(&le),
            Decoded {
                text: text.into(),
                encoding: "UTF-16LE"
            }
        );
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(
            guess(&be),
            Decoded {
                text: text.into(),
                encoding: "UTF-16BE"
            }
        );
    }

    #[test]
    fn nul_bytes_mean_a_binary_file() {
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None, false, "a.png"),
            Err(Error::Binary { offset: 8, .. })
        ));
    }

    #[test]
    fn the_user_encoding_wins_and_is_strict() {
        let decoded = decode("è".as_bytes(), Some("latin-1"), false, "f").unwrap();
        assert_eq!((&*decoded.text, decoded.encoding), ("Ã¨", "windows-1252"));
        let error = decode(b"ok \xff here", Some("utf-8"), false, "f.txt").unwrap_err();
        assert_eq!(
            error,
            Error::Encoding {
                location: "f.txt".into(),
                encoding: "UTF-8".into(),
                offset: 3
            }
        );
        assert!(matches!(
            decode(b"x", Some("klingon"), false, "f"),
            Err(Error::InvalidValue { .. })
        ));
        assert_eq!(encoding_for_label("cp1252", "f").unwrap(), WINDOWS_1252);
        assert_eq!(encoding_for_label("latin1", "f").unwrap(), WINDOWS_1252);
        assert_eq!(encoding_for_label("utf_8", "f").unwrap(), UTF_8);
        assert_eq!(encoding_for_label("Latin-1", "f").unwrap(), WINDOWS_1252);
        assert_eq!(
            encoding_for_label("ISO_8859_15", "f").unwrap().name(),
            "ISO-8859-15"
        );
    }

    #[test]
    fn pages_declare_their_charset() {
        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">".to_vec();
        page.extend(b"</head><body>Perch\xe9</body></html>");
        let decoded = decode(&page, None, true, "p.html").unwrap();
        assert_eq!(decoded.encoding, "windows-1252");
        assert!(decoded.text.contains("Perché"));
        let utf8_page = "<meta charset='utf-8'><p>Perché</p>".as_bytes();
        assert_eq!(
            decode(utf8_page, None, true, "p").unwrap().encoding,
            "UTF-8"
        );
        let xml = b"<?xml version=\"1.0\" encoding=\"iso-8859-15\"?><html><p>\xa4</p></html>";
        let decoded = decode(xml, None, true, "p.xhtml").unwrap();
        assert_eq!(decoded.encoding, "ISO-8859-15");
        assert!(decoded.text.contains('€'));
        // A page that calls itself UTF-16 in its own (ASCII-readable) bytes is UTF-8.
        let lying = b"<meta charset=utf-16><p>ok</p>";
        assert_eq!(decode(lying, None, true, "p").unwrap().encoding, "UTF-8");
    }

    #[test]
    fn a_transport_charset_comes_after_the_bom_and_replaces_bad_bytes() {
        let decoded =
            decode_declared(b"caf\xe9", Declared::Transport("iso-8859-1"), true, "r").unwrap();
        assert_eq!(decoded.text, "café");
        let bom_wins = decode_declared(
            b"\xEF\xBB\xBFcaf\xc3\xa9",
            Declared::Transport("latin1"),
            true,
            "r",
        );
        assert_eq!(bom_wins.unwrap().text, "café");
        let replaced = decode_declared(b"a\xffb", Declared::Transport("utf-8"), true, "r").unwrap();
        assert_eq!(replaced.text, "a\u{FFFD}b");
    }

    #[test]
    fn a_long_text_is_utf8_when_what_detection_reads_is() {
        let mut bytes = vec![b'a'; DETECTION_BYTES];
        bytes.extend(b" perch\xe9");
        assert_eq!(
            decode(&bytes, None, false, "big.txt").unwrap_err(),
            Error::Encoding {
                location: "big.txt".into(),
                encoding: "UTF-8".into(),
                offset: DETECTION_BYTES + 6
            }
        );
        let short = b"Perch\xe9 no, cos\xec s\xec: \xe8 cos\xec che va.";
        assert_eq!(guess(short).encoding, "windows-1252");
        assert_eq!(guess(short).text, "Perché no, così sì: è così che va.");
    }

    #[test]
    fn a_stream_prefix_may_end_inside_a_character() {
        let bytes = "perché".as_bytes();
        let prefix = &bytes[..bytes.len() - 1];
        assert!(valid_utf8_prefix(prefix, true));
        assert!(!valid_utf8_prefix(prefix, false));
    }
}
