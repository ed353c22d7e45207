//! What formatting citations keeps between builds: the decoded CSL locales of each language and
//! the last build's formatted citations (reused by `memoire watch` when nothing that matters
//! changed).

use hayagriva::citationberg::Locale;

use super::{CacheKey, PrintedBibliography, RequestId};
use crate::model::Inline;

/// What formatting citations can keep from one build to the next (`memoire watch` keeps one):
/// the decoded CSL locales of each language, and the last build's formatted citations.
#[derive(Default)]
pub struct CitationCache {
    locales: std::collections::HashMap<String, Vec<Locale>>,
    pub(super) last: Option<Cache>,
}

impl CitationCache {
    /// The CSL locales a language needs: its own, its language's primary dialect and `en-US`,
    /// decoded once. hayagriva's `archive::locales()` would decode all 63 (about 60 ms); only
    /// the few whose bytes name one of these tags are decoded here.
    pub(super) fn locales(&mut self, language: &str) -> &[Locale] {
        self.locales.entry(language.to_string()).or_insert_with(|| {
            let primary = match language.split('-').next().unwrap_or("en") {
                "fr" => "fr-FR",
                "en" => "en-US",
                "de" => "de-DE",
                "es" => "es-ES",
                _ => "en-US",
            };
            let wanted = [language, primary, "en-US"];
            hayagriva::archive::LOCALES
                .iter()
                .filter(|bytes| wanted.iter().any(|tag| contains(bytes, tag.as_bytes())))
                .filter_map(|bytes| ciborium::de::from_reader::<Locale, _>(*bytes).ok())
                .filter(|l| l.lang.as_ref().is_some_and(|code| wanted.contains(&code.0.as_str())))
                .collect()
        })
    }
}

/// Whether `needle` (not empty) occurs in `haystack`: the bytes are compared only where the
/// first one matches (a slice comparison at every position of 63 locales took 7 ms).
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w[0] == needle[0] && w == needle)
}

pub(super) struct Cache {
    pub(super) key: CacheKey,
    pub(super) requests: std::collections::HashMap<RequestId, Vec<Inline>>,
    pub(super) bibliography: PrintedBibliography,
}
