//! The languages Samverka answers in, picked from `Accept-Language`.

use serde::{Deserialize, Serialize};

/// A language of labels and error titles. Swedish is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Sv,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Sv => "sv",
            Language::En => "en",
        }
    }

    /// Picks the language from an `Accept-Language` header (RFC 9110 §12.5.4):
    /// the supported language with the highest weight wins; ties go to the
    /// one listed first; nothing supported gives Swedish.
    pub fn from_accept_language(header: &str) -> Language {
        let mut best: Option<(Language, u16)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let weight = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .filter_map(|q| q.trim().parse::<f32>().ok())
                .map(|q| (q.clamp(0.0, 1.0) * 1000.0) as u16)
                .next()
                .unwrap_or(1000);
            let primary = tag.split('-').next().unwrap_or("");
            let language = match primary {
                "sv" => Language::Sv,
                "en" => Language::En,
                _ => continue,
            };
            if weight == 0 {
                continue;
            }
            if best.is_none_or(|(_, w)| weight > w) {
                best = Some((language, weight));
            }
        }
        best.map(|(l, _)| l).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn defaults_to_swedish() {
        assert_eq!(Language::from_accept_language(""), Language::Sv);
        assert_eq!(Language::from_accept_language("de, fr;q=0.8"), Language::Sv);
        assert_eq!(Language::from_accept_language("*"), Language::Sv);
    }

    #[test]
    fn picks_english_and_regional_variants() {
        assert_eq!(Language::from_accept_language("en"), Language::En);
        assert_eq!(Language::from_accept_language("en-GB"), Language::En);
        assert_eq!(Language::from_accept_language("sv-SE"), Language::Sv);
    }

    #[test]
    fn honours_weights() {
        assert_eq!(Language::from_accept_language("sv;q=0.5, en;q=0.9"), Language::En);
        assert_eq!(Language::from_accept_language("de, en;q=0.4, sv;q=0.3"), Language::En);
        assert_eq!(Language::from_accept_language("en;q=0, sv;q=0.1"), Language::Sv);
        assert_eq!(Language::from_accept_language("en, sv"), Language::En);
    }
}
