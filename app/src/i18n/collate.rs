//! Alphabetical order as readers of each language expect it. Unicode code points put پ چ ژ ک گ
//! after the Arabic letters, and accented Latin letters after z; a sort key fixes both.

use super::Locale;

const PERSIAN_ALPHABET: &str = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی";

/// A key whose order is the alphabetical order of `text` in `locale`'s readers' eyes (both
/// alphabets work in either locale; `locale` only decides which comes first).
pub fn sort_key(text: &str, locale: Locale) -> Vec<u32> {
    let (persian_base, latin_base) = match locale {
        Locale::Fa => (1_000, 2_000),
        Locale::En => (2_000, 1_000),
    };
    text.chars()
        .filter(|c| *c != '\u{200c}')
        .map(|c| {
            let c = fold(c);
            if let Some(position) = PERSIAN_ALPHABET.chars().position(|letter| letter == c) {
                persian_base + position as u32
            } else if c.is_ascii_alphabetic() {
                latin_base + (c.to_ascii_lowercase() as u32 - 'a' as u32)
            } else if c.is_whitespace() {
                0
            } else {
                10_000 + c as u32
            }
        })
        .collect()
}

/// One letter for the variants a reader does not tell apart when sorting.
fn fold(c: char) -> char {
    match c {
        'أ' | 'إ' | 'ٱ' => 'ا',
        'ي' | 'ئ' | 'ى' => 'ی',
        'ك' => 'ک',
        'ؤ' => 'و',
        'ة' | 'ۀ' => 'ه',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'Ç' | 'ç' => 'c',
        'È' | 'É' | 'Ê' | 'Ë' | 'è' | 'é' | 'ê' | 'ë' => 'e',
        'Ì' | 'Í' | 'Î' | 'Ï' | 'ì' | 'í' | 'î' | 'ï' => 'i',
        'Ñ' | 'ñ' => 'n',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'ù' | 'ú' | 'û' | 'ü' => 'u',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut words: Vec<&str>, locale: Locale) -> Vec<&str> {
        words.sort_by_cached_key(|w| sort_key(w, locale));
        words
    }

    #[test]
    fn persian_letters_sort_in_alphabet_order() {
        // By code point پ (U+067E) would come after ت (U+062A), and ک after ل.
        assert_eq!(
            sorted(vec!["تایلند", "کانادا", "پاکستان", "لبنان", "ایران", "آلمان"], Locale::Fa),
            ["آلمان", "ایران", "پاکستان", "تایلند", "کانادا", "لبنان"]
        );
    }

    #[test]
    fn accented_latin_letters_sort_with_their_base_letter() {
        assert_eq!(
            sorted(vec!["Zambia", "Åland Islands", "Albania", "Türkiye", "Tuvalu"], Locale::En),
            ["Åland Islands", "Albania", "Türkiye", "Tuvalu", "Zambia"]
        );
    }
}
