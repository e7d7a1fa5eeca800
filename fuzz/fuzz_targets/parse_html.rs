//! Fuzz target: a web page, any bytes read as UTF-8 (lossily, as `parse_html` gets a `str`),
//! through `page::page_record` and the article parser.
//!
//! Beyond "does not panic": a page gives text or the error that it has none, and the values
//! it hands the parser (a date above all) are ones the parser accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rassegna::article::{parse, Overrides};
use rassegna::error::Error;
use rassegna::page::page_record;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    match page_record(&html, Overrides::default()) {
        Ok((text, overrides)) => {
            assert!(!text.trim().is_empty(), "a page record without text");
            if let Some(date) = &overrides.date {
                assert!(date.len() == 10, "page date not ISO: {date:?}");
            }
            match parse(text.clone(), overrides) {
                Ok(article) => assert_eq!(article.text, text),
                Err(error) => panic!("the parser refused a page record: {error}"),
            }
        }
        Err(Error::Format { message, .. }) => assert!(message.contains("no article text")),
        Err(other) => panic!("unexpected error: {other}"),
    }
});
