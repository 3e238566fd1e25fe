/// Persian (۰–۹) and Arabic-Indic (٠–٩) digits as ASCII; other characters unchanged. People
/// type numbers on Persian keyboards; the database stores ASCII.
pub fn ascii_digits(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            _ => c,
        })
        .collect()
}

/// Lower case, single spaces, ASCII digits, and the Persian forms of letters that Arabic
/// keyboards type differently (ي/ی, ك/ک), so that what a user types finds what was stored.
pub fn normalize_search(search: &str) -> String {
    let mapped: String = ascii_digits(search)
        .chars()
        .map(|c| match c {
            'ي' => 'ی',
            'ك' => 'ک',
            _ => c,
        })
        .collect::<String>()
        .to_lowercase();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn converts_persian_and_arabic_digits() {
        assert_eq!(super::ascii_digits("۰۹۱۲-٣٤٥ x9"), "0912-345 x9");
    }

    #[test]
    fn search_terms_are_normalised() {
        use super::normalize_search;
        assert_eq!(normalize_search("  Sara   AHMADI "), "sara ahmadi");
        assert_eq!(normalize_search("۰۹۱۲"), "0912");
        assert_eq!(normalize_search("علي"), "علی");
    }
}
