//! Keyset pagination: a page size and an opaque cursor that holds the key of
//! the last row the client has seen.

use crate::FieldError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 500;
const MAX_CURSOR_LEN: usize = 1024;

/// A validated page request: `limit` within 1..=500, `after` the decoded key
/// of the last row of the previous page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRequest<K> {
    pub limit: u64,
    pub after: Option<K>,
}

impl<K: DeserializeOwned> PageRequest<K> {
    /// Checks `limit` and decodes `cursor`, naming the bad query parameter.
    pub fn parse(limit: Option<u64>, cursor: Option<&str>) -> Result<Self, FieldError> {
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(l) if (1..=MAX_LIMIT).contains(&l) => l,
            Some(_) => {
                return Err(FieldError::new("limit", "range", format!("limit must be between 1 and {MAX_LIMIT}")));
            }
        };
        let after = match cursor {
            None | Some("") => None,
            Some(c) => Some(
                decode_cursor(c)
                    .ok_or_else(|| FieldError::new("cursor", "invalid", "the cursor is not one this API handed out"))?,
            ),
        };
        Ok(PageRequest { limit, after })
    }
}

/// Encodes the key of a row as an opaque cursor.
pub fn encode_cursor<K: Serialize>(key: &K) -> String {
    // Serializing plain keys (strings, numbers, tuples of them) cannot fail.
    let json = serde_json::to_vec(key).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(json)
}

fn decode_cursor<K: DeserializeOwned>(cursor: &str) -> Option<K> {
    if cursor.len() > MAX_CURSOR_LEN {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// One page of rows and the cursor of the next page, if there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows fetched in key order: the
    /// extra row only tells that there is a next page.
    pub fn from_rows<K: Serialize>(mut rows: Vec<T>, limit: u64, key: impl Fn(&T) -> K) -> Page<T> {
        let has_more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        let next_cursor = if has_more { rows.last().map(|last| encode_cursor(&key(last))) } else { None };
        Page { items: rows, next_cursor }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { items: self.items.into_iter().map(f).collect(), next_cursor: self.next_cursor }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_defaults_and_bounds() {
        let page: PageRequest<String> = PageRequest::parse(None, None).expect("default");
        assert_eq!(page.limit, 20);
        assert!(PageRequest::<String>::parse(Some(500), None).is_ok());
        for bad in [0, 501] {
            let err = PageRequest::<String>::parse(Some(bad), None).expect_err("out of range");
            assert_eq!(err.field, "limit");
        }
    }

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let cursor = encode_cursor(&("Eksjö".to_owned(), 7u32));
        let page: PageRequest<(String, u32)> = PageRequest::parse(Some(5), Some(&cursor)).expect("valid");
        assert_eq!(page.after, Some(("Eksjö".to_owned(), 7)));
        for bad in ["not base64!", "bm90IGpzb24", &"A".repeat(2000)] {
            let err = PageRequest::<(String, u32)>::parse(None, Some(bad)).expect_err("garbage");
            assert_eq!(err.field, "cursor");
        }
    }

    #[test]
    fn page_from_rows_knows_when_there_is_more() {
        let page = Page::from_rows(vec![1, 2, 3], 2, |n| *n);
        assert_eq!(page.items, vec![1, 2]);
        assert_eq!(page.next_cursor, Some(encode_cursor(&2)));
        let last = Page::from_rows(vec![1, 2], 2, |n| *n);
        assert_eq!(last.next_cursor, None);
    }
}
