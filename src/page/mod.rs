//! Web pages (placeholder until the page extractor of issue 18 is merged, the same session):
//! a page's text is its markup with tags turned into line breaks.

use crate::article::Overrides;
use crate::error::Result;

/// The article text of a page and the values it was given.
pub fn page_record(html: &str, given: Overrides) -> Result<(String, Overrides)> {
    Ok((html.replace(['<', '>'], "\n"), given))
}
