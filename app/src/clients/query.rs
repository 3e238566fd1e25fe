//! What the clients list shows: search, filter, sort and page, kept in the URL so that a
//! reload, the back button and a shared link show the same view.

use serde::{Deserialize, Serialize};

crate::codes! {
    #[derive(Default)]
    pub enum ClientStatus {
        #[default]
        Active = "active" => status_active,
        Inactive = "inactive" => status_inactive,
        Closed = "closed" => status_closed,
    }
}

crate::codes! {
    #[derive(Default)]
    pub enum ClientSort {
        #[default]
        Id = "id",
        Name = "name",
        Company = "company",
        Email = "email",
        Status = "status",
        Created = "created",
    }
}

crate::codes! {
    #[derive(Default)]
    pub enum SortDirection {
        Asc = "asc",
        #[default]
        Desc = "desc",
    }
}

impl SortDirection {
    pub fn flipped(self) -> Self {
        match self {
            SortDirection::Asc => SortDirection::Desc,
            SortDirection::Desc => SortDirection::Asc,
        }
    }
}

/// One view of the clients list. Unknown or out-of-range URL values fall back to defaults
/// rather than failing: a hand-edited link still shows a list. A server function's argument is
/// checked instead ([`UncheckedClientListQuery`]): a page size the UI does not offer, a page
/// out of range or an overlong search is a 400.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "UncheckedClientListQuery")]
pub struct ClientListQuery {
    /// Prefix of a name, email, company, phone or national ID; empty for all.
    pub search: String,
    pub status: Option<ClientStatus>,
    pub sort: ClientSort,
    pub direction: SortDirection,
    /// 1-based.
    pub page: u64,
    pub per_page: u64,
}

/// A [`ClientListQuery`] as it arrives, before it is checked.
#[derive(Deserialize)]
pub struct UncheckedClientListQuery {
    search: String,
    status: Option<ClientStatus>,
    sort: ClientSort,
    direction: SortDirection,
    page: u64,
    per_page: u64,
}

impl TryFrom<UncheckedClientListQuery> for ClientListQuery {
    type Error = String;

    fn try_from(query: UncheckedClientListQuery) -> Result<Self, String> {
        if !Self::PAGE_SIZES.contains(&query.per_page) {
            return Err(format!("per_page must be one of {:?}, not {}", Self::PAGE_SIZES, query.per_page));
        }
        if query.search.chars().count() > Self::MAX_SEARCH_CHARS {
            return Err(format!("search must be at most {} characters", Self::MAX_SEARCH_CHARS));
        }
        Ok(Self {
            search: query.search,
            status: query.status,
            sort: query.sort,
            direction: query.direction,
            page: crate::status_list::check_page(query.page)?,
            per_page: query.per_page,
        })
    }
}

impl Default for ClientListQuery {
    fn default() -> Self {
        Self {
            search: String::new(),
            status: None,
            sort: ClientSort::default(),
            direction: SortDirection::default(),
            page: 1,
            per_page: Self::DEFAULT_PAGE_SIZE,
        }
    }
}

impl ClientListQuery {
    pub const PAGE_SIZES: [u64; 4] = [10, 25, 50, 100];
    pub const DEFAULT_PAGE_SIZE: u64 = 25;
    /// Longer search terms are cut: nothing real is this long, and it bounds the query.
    pub const MAX_SEARCH_CHARS: usize = 100;

    /// Reads the view from URL parameters (`q`, `status`, `sort`, `dir`, `page`, `per_page`).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let defaults = Self::default();
        let search: String = get("q").unwrap_or_default().trim().chars().take(Self::MAX_SEARCH_CHARS).collect();
        let per_page = get("per_page")
            .and_then(|v| v.parse().ok())
            .filter(|n| Self::PAGE_SIZES.contains(n))
            .unwrap_or(defaults.per_page);
        Self {
            search,
            status: get("status").as_deref().and_then(ClientStatus::parse),
            sort: get("sort").as_deref().and_then(ClientSort::parse).unwrap_or(defaults.sort),
            direction: get("dir").as_deref().and_then(SortDirection::parse).unwrap_or(defaults.direction),
            page: get("page").and_then(|v| v.parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
            per_page,
        }
    }

    /// The URL query string of this view, with only the values that differ from the defaults.
    pub fn to_query_string(&self) -> String {
        let defaults = Self::default();
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.search.is_empty() {
            pairs.push(("q", self.search.clone()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.code().to_owned()));
        }
        if self.sort != defaults.sort {
            pairs.push(("sort", self.sort.code().to_owned()));
        }
        if self.direction != defaults.direction {
            pairs.push(("dir", self.direction.code().to_owned()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if self.per_page != defaults.per_page {
            pairs.push(("per_page", self.per_page.to_string()));
        }
        pairs.iter().map(|(k, v)| format!("{k}={}", encode_component(v))).collect::<Vec<_>>().join("&")
    }

    /// The same view on another page.
    pub fn at_page(&self, page: u64) -> Self {
        Self { page: page.max(1), ..self.clone() }
    }

    /// The view sorted by `column`: a new column starts ascending, the same column flips.
    pub fn sorted_by(&self, column: ClientSort) -> Self {
        let direction = if self.sort == column { self.direction.flipped() } else { SortDirection::Asc };
        Self { sort: column, direction, page: 1, ..self.clone() }
    }
}

/// Percent-encodes a query value (UTF-8, so Persian text survives).
fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn parse(query: &str) -> ClientListQuery {
        let map: HashMap<String, String> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_owned(), percent_decode(v)))
            .collect();
        ClientListQuery::from_params(|key| map.get(key).cloned())
    }

    fn percent_decode(value: &str) -> String {
        let bytes = value.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&value[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn defaults_make_an_empty_query_string() {
        assert_eq!(ClientListQuery::default().to_query_string(), "");
        assert_eq!(parse(""), ClientListQuery::default());
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        let q = parse("page=0&per_page=7&sort=password&dir=up&status=deleted");
        assert_eq!(q, ClientListQuery::default());
    }

    #[test]
    fn sorting_the_same_column_flips_and_a_new_one_starts_ascending() {
        let q = ClientListQuery::default().at_page(3);
        let by_name = q.sorted_by(ClientSort::Name);
        assert_eq!((by_name.sort, by_name.direction, by_name.page), (ClientSort::Name, SortDirection::Asc, 1));
        let flipped = by_name.sorted_by(ClientSort::Name);
        assert_eq!(flipped.direction, SortDirection::Desc);
    }

    proptest! {
        #[test]
        fn the_url_round_trips(
            search in "[a-zA-Z0-9@.+ آ-ی]{0,20}",
            status in proptest::option::of(0usize..3),
            sort in 0usize..6,
            asc in any::<bool>(),
            page in 1u64..10_000,
            size in 0usize..4,
        ) {
            let query = ClientListQuery {
                search: search.trim().to_owned(),
                status: status.map(|i| ClientStatus::ALL[i]),
                sort: ClientSort::ALL[sort],
                direction: if asc { SortDirection::Asc } else { SortDirection::Desc },
                page,
                per_page: ClientListQuery::PAGE_SIZES[size],
            };
            prop_assert_eq!(parse(&query.to_query_string()), query);
        }
    }
}
