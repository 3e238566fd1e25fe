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

#[cfg(test)]
mod tests {
    #[test]
    fn converts_persian_and_arabic_digits() {
        assert_eq!(super::ascii_digits("۰۹۱۲-٣٤٥ x9"), "0912-345 x9");
    }
}
