//! The ISO 3166-1 alpha-2 country and territory list, with the English and Persian names the client
//! address form shows.

/// One officially assigned ISO 3166-1 alpha-2 code with its common English and Persian names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    pub code: &'static str,
    pub en: &'static str,
    pub fa: &'static str,
}

impl Country {
    /// The name in Persian when `persian` is true, otherwise in English.
    pub fn name(&self, persian: bool) -> &'static str {
        if persian { self.fa } else { self.en }
    }
}

/// Looks a country up by its alpha-2 code, ignoring ASCII case.
pub fn find(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|country| country.code.eq_ignore_ascii_case(code))
}

/// Every officially assigned ISO 3166-1 alpha-2 code, ordered by code.
#[rustfmt::skip]
pub const COUNTRIES: &[Country] = &[
    Country { code: "AD", en: "Andorra", fa: "آندورا" },
    Country { code: "AE", en: "United Arab Emirates", fa: "امارات متحده عربی" },
    Country { code: "AF", en: "Afghanistan", fa: "افغانستان" },
    Country { code: "AG", en: "Antigua and Barbuda", fa: "آنتیگوا و باربودا" },
    Country { code: "AI", en: "Anguilla", fa: "آنگویلا" },
    Country { code: "AL", en: "Albania", fa: "آلبانی" },
    Country { code: "AM", en: "Armenia", fa: "ارمنستان" },
    Country { code: "AO", en: "Angola", fa: "آنگولا" },
    Country { code: "AQ", en: "Antarctica", fa: "جنوبگان" },
    Country { code: "AR", en: "Argentina", fa: "آرژانتین" },
    Country { code: "AS", en: "American Samoa", fa: "ساموآی آمریکا" },
    Country { code: "AT", en: "Austria", fa: "اتریش" },
    Country { code: "AU", en: "Australia", fa: "استرالیا" },
    Country { code: "AW", en: "Aruba", fa: "آروبا" },
    Country { code: "AX", en: "Åland Islands", fa: "جزایر اولند" },
    Country { code: "AZ", en: "Azerbaijan", fa: "جمهوری آذربایجان" },
    Country { code: "BA", en: "Bosnia and Herzegovina", fa: "بوسنی و هرزگوین" },
    Country { code: "BB", en: "Barbados", fa: "باربادوس" },
    Country { code: "BD", en: "Bangladesh", fa: "بنگلادش" },
    Country { code: "BE", en: "Belgium", fa: "بلژیک" },
    Country { code: "BF", en: "Burkina Faso", fa: "بورکینافاسو" },
    Country { code: "BG", en: "Bulgaria", fa: "بلغارستان" },
    Country { code: "BH", en: "Bahrain", fa: "بحرین" },
    Country { code: "BI", en: "Burundi", fa: "بوروندی" },
    Country { code: "BJ", en: "Benin", fa: "بنین" },
    Country { code: "BL", en: "Saint Barthélemy", fa: "سن بارتلمی" },
    Country { code: "BM", en: "Bermuda", fa: "برمودا" },
    Country { code: "BN", en: "Brunei", fa: "برونئی" },
    Country { code: "BO", en: "Bolivia", fa: "بولیوی" },
    Country { code: "BQ", en: "Caribbean Netherlands", fa: "هلند کارائیب" },
    Country { code: "BR", en: "Brazil", fa: "برزیل" },
    Country { code: "BS", en: "Bahamas", fa: "باهاما" },
    Country { code: "BT", en: "Bhutan", fa: "بوتان" },
    Country { code: "BV", en: "Bouvet Island", fa: "جزیره بووه" },
    Country { code: "BW", en: "Botswana", fa: "بوتسوانا" },
    Country { code: "BY", en: "Belarus", fa: "بلاروس" },
    Country { code: "BZ", en: "Belize", fa: "بلیز" },
    Country { code: "CA", en: "Canada", fa: "کانادا" },
    Country { code: "CC", en: "Cocos (Keeling) Islands", fa: "جزایر کوکوس" },
    Country { code: "CD", en: "DR Congo", fa: "جمهوری دموکراتیک کنگو" },
    Country { code: "CF", en: "Central African Republic", fa: "جمهوری آفریقای مرکزی" },
    Country { code: "CG", en: "Republic of the Congo", fa: "جمهوری کنگو" },
    Country { code: "CH", en: "Switzerland", fa: "سوئیس" },
    Country { code: "CI", en: "Côte d'Ivoire", fa: "ساحل عاج" },
    Country { code: "CK", en: "Cook Islands", fa: "جزایر کوک" },
    Country { code: "CL", en: "Chile", fa: "شیلی" },
    Country { code: "CM", en: "Cameroon", fa: "کامرون" },
    Country { code: "CN", en: "China", fa: "چین" },
    Country { code: "CO", en: "Colombia", fa: "کلمبیا" },
    Country { code: "CR", en: "Costa Rica", fa: "کاستاریکا" },
    Country { code: "CU", en: "Cuba", fa: "کوبا" },
    Country { code: "CV", en: "Cape Verde", fa: "کیپ ورد" },
    Country { code: "CW", en: "Curaçao", fa: "کوراسائو" },
    Country { code: "CX", en: "Christmas Island", fa: "جزیره کریسمس" },
    Country { code: "CY", en: "Cyprus", fa: "قبرس" },
    Country { code: "CZ", en: "Czechia", fa: "جمهوری چک" },
    Country { code: "DE", en: "Germany", fa: "آلمان" },
    Country { code: "DJ", en: "Djibouti", fa: "جیبوتی" },
    Country { code: "DK", en: "Denmark", fa: "دانمارک" },
    Country { code: "DM", en: "Dominica", fa: "دومینیکا" },
    Country { code: "DO", en: "Dominican Republic", fa: "جمهوری دومینیکن" },
    Country { code: "DZ", en: "Algeria", fa: "الجزایر" },
    Country { code: "EC", en: "Ecuador", fa: "اکوادور" },
    Country { code: "EE", en: "Estonia", fa: "استونی" },
    Country { code: "EG", en: "Egypt", fa: "مصر" },
    Country { code: "EH", en: "Western Sahara", fa: "صحرای غربی" },
    Country { code: "ER", en: "Eritrea", fa: "اریتره" },
    Country { code: "ES", en: "Spain", fa: "اسپانیا" },
    Country { code: "ET", en: "Ethiopia", fa: "اتیوپی" },
    Country { code: "FI", en: "Finland", fa: "فنلاند" },
    Country { code: "FJ", en: "Fiji", fa: "فیجی" },
    Country { code: "FK", en: "Falkland Islands", fa: "جزایر فالکلند" },
    Country { code: "FM", en: "Micronesia", fa: "میکرونزی" },
    Country { code: "FO", en: "Faroe Islands", fa: "جزایر فارو" },
    Country { code: "FR", en: "France", fa: "فرانسه" },
    Country { code: "GA", en: "Gabon", fa: "گابن" },
    Country { code: "GB", en: "United Kingdom", fa: "بریتانیا" },
    Country { code: "GD", en: "Grenada", fa: "گرنادا" },
    Country { code: "GE", en: "Georgia", fa: "گرجستان" },
    Country { code: "GF", en: "French Guiana", fa: "گویان فرانسه" },
    Country { code: "GG", en: "Guernsey", fa: "گرنزی" },
    Country { code: "GH", en: "Ghana", fa: "غنا" },
    Country { code: "GI", en: "Gibraltar", fa: "جبل‌الطارق" },
    Country { code: "GL", en: "Greenland", fa: "گرینلند" },
    Country { code: "GM", en: "Gambia", fa: "گامبیا" },
    Country { code: "GN", en: "Guinea", fa: "گینه" },
    Country { code: "GP", en: "Guadeloupe", fa: "گوادلوپ" },
    Country { code: "GQ", en: "Equatorial Guinea", fa: "گینه استوایی" },
    Country { code: "GR", en: "Greece", fa: "یونان" },
    Country { code: "GS", en: "South Georgia and the South Sandwich Islands", fa: "جورجیای جنوبی و ساندویچ جنوبی" },
    Country { code: "GT", en: "Guatemala", fa: "گواتمالا" },
    Country { code: "GU", en: "Guam", fa: "گوام" },
    Country { code: "GW", en: "Guinea-Bissau", fa: "گینه بیسائو" },
    Country { code: "GY", en: "Guyana", fa: "گویان" },
    Country { code: "HK", en: "Hong Kong", fa: "هنگ‌کنگ" },
    Country { code: "HM", en: "Heard Island and McDonald Islands", fa: "جزیره هرد و جزایر مک‌دونالد" },
    Country { code: "HN", en: "Honduras", fa: "هندوراس" },
    Country { code: "HR", en: "Croatia", fa: "کرواسی" },
    Country { code: "HT", en: "Haiti", fa: "هائیتی" },
    Country { code: "HU", en: "Hungary", fa: "مجارستان" },
    Country { code: "ID", en: "Indonesia", fa: "اندونزی" },
    Country { code: "IE", en: "Ireland", fa: "ایرلند" },
    Country { code: "IL", en: "Israel", fa: "اسرائیل" },
    Country { code: "IM", en: "Isle of Man", fa: "جزیره من" },
    Country { code: "IN", en: "India", fa: "هند" },
    Country { code: "IO", en: "British Indian Ocean Territory", fa: "قلمرو بریتانیا در اقیانوس هند" },
    Country { code: "IQ", en: "Iraq", fa: "عراق" },
    Country { code: "IR", en: "Iran", fa: "ایران" },
    Country { code: "IS", en: "Iceland", fa: "ایسلند" },
    Country { code: "IT", en: "Italy", fa: "ایتالیا" },
    Country { code: "JE", en: "Jersey", fa: "جرزی" },
    Country { code: "JM", en: "Jamaica", fa: "جامائیکا" },
    Country { code: "JO", en: "Jordan", fa: "اردن" },
    Country { code: "JP", en: "Japan", fa: "ژاپن" },
    Country { code: "KE", en: "Kenya", fa: "کنیا" },
    Country { code: "KG", en: "Kyrgyzstan", fa: "قرقیزستان" },
    Country { code: "KH", en: "Cambodia", fa: "کامبوج" },
    Country { code: "KI", en: "Kiribati", fa: "کیریباتی" },
    Country { code: "KM", en: "Comoros", fa: "کومور" },
    Country { code: "KN", en: "Saint Kitts and Nevis", fa: "سنت کیتس و نویس" },
    Country { code: "KP", en: "North Korea", fa: "کره شمالی" },
    Country { code: "KR", en: "South Korea", fa: "کره جنوبی" },
    Country { code: "KW", en: "Kuwait", fa: "کویت" },
    Country { code: "KY", en: "Cayman Islands", fa: "جزایر کیمن" },
    Country { code: "KZ", en: "Kazakhstan", fa: "قزاقستان" },
    Country { code: "LA", en: "Laos", fa: "لائوس" },
    Country { code: "LB", en: "Lebanon", fa: "لبنان" },
    Country { code: "LC", en: "Saint Lucia", fa: "سنت لوسیا" },
    Country { code: "LI", en: "Liechtenstein", fa: "لیختن‌اشتاین" },
    Country { code: "LK", en: "Sri Lanka", fa: "سری‌لانکا" },
    Country { code: "LR", en: "Liberia", fa: "لیبریا" },
    Country { code: "LS", en: "Lesotho", fa: "لسوتو" },
    Country { code: "LT", en: "Lithuania", fa: "لیتوانی" },
    Country { code: "LU", en: "Luxembourg", fa: "لوکزامبورگ" },
    Country { code: "LV", en: "Latvia", fa: "لتونی" },
    Country { code: "LY", en: "Libya", fa: "لیبی" },
    Country { code: "MA", en: "Morocco", fa: "مراکش" },
    Country { code: "MC", en: "Monaco", fa: "موناکو" },
    Country { code: "MD", en: "Moldova", fa: "مولداوی" },
    Country { code: "ME", en: "Montenegro", fa: "مونته‌نگرو" },
    Country { code: "MF", en: "Saint Martin", fa: "سن مارتن" },
    Country { code: "MG", en: "Madagascar", fa: "ماداگاسکار" },
    Country { code: "MH", en: "Marshall Islands", fa: "جزایر مارشال" },
    Country { code: "MK", en: "North Macedonia", fa: "مقدونیه شمالی" },
    Country { code: "ML", en: "Mali", fa: "مالی" },
    Country { code: "MM", en: "Myanmar", fa: "میانمار" },
    Country { code: "MN", en: "Mongolia", fa: "مغولستان" },
    Country { code: "MO", en: "Macao", fa: "ماکائو" },
    Country { code: "MP", en: "Northern Mariana Islands", fa: "جزایر ماریانای شمالی" },
    Country { code: "MQ", en: "Martinique", fa: "مارتینیک" },
    Country { code: "MR", en: "Mauritania", fa: "موریتانی" },
    Country { code: "MS", en: "Montserrat", fa: "مونتسرات" },
    Country { code: "MT", en: "Malta", fa: "مالت" },
    Country { code: "MU", en: "Mauritius", fa: "موریس" },
    Country { code: "MV", en: "Maldives", fa: "مالدیو" },
    Country { code: "MW", en: "Malawi", fa: "مالاوی" },
    Country { code: "MX", en: "Mexico", fa: "مکزیک" },
    Country { code: "MY", en: "Malaysia", fa: "مالزی" },
    Country { code: "MZ", en: "Mozambique", fa: "موزامبیک" },
    Country { code: "NA", en: "Namibia", fa: "نامیبیا" },
    Country { code: "NC", en: "New Caledonia", fa: "کالدونیای جدید" },
    Country { code: "NE", en: "Niger", fa: "نیجر" },
    Country { code: "NF", en: "Norfolk Island", fa: "جزیره نورفک" },
    Country { code: "NG", en: "Nigeria", fa: "نیجریه" },
    Country { code: "NI", en: "Nicaragua", fa: "نیکاراگوئه" },
    Country { code: "NL", en: "Netherlands", fa: "هلند" },
    Country { code: "NO", en: "Norway", fa: "نروژ" },
    Country { code: "NP", en: "Nepal", fa: "نپال" },
    Country { code: "NR", en: "Nauru", fa: "نائورو" },
    Country { code: "NU", en: "Niue", fa: "نیووی" },
    Country { code: "NZ", en: "New Zealand", fa: "نیوزیلند" },
    Country { code: "OM", en: "Oman", fa: "عمان" },
    Country { code: "PA", en: "Panama", fa: "پاناما" },
    Country { code: "PE", en: "Peru", fa: "پرو" },
    Country { code: "PF", en: "French Polynesia", fa: "پلی‌نزی فرانسه" },
    Country { code: "PG", en: "Papua New Guinea", fa: "پاپوآ گینه نو" },
    Country { code: "PH", en: "Philippines", fa: "فیلیپین" },
    Country { code: "PK", en: "Pakistan", fa: "پاکستان" },
    Country { code: "PL", en: "Poland", fa: "لهستان" },
    Country { code: "PM", en: "Saint Pierre and Miquelon", fa: "سن پیر و میکلن" },
    Country { code: "PN", en: "Pitcairn Islands", fa: "جزایر پیتکرن" },
    Country { code: "PR", en: "Puerto Rico", fa: "پورتوریکو" },
    Country { code: "PS", en: "Palestine", fa: "فلسطین" },
    Country { code: "PT", en: "Portugal", fa: "پرتغال" },
    Country { code: "PW", en: "Palau", fa: "پالائو" },
    Country { code: "PY", en: "Paraguay", fa: "پاراگوئه" },
    Country { code: "QA", en: "Qatar", fa: "قطر" },
    Country { code: "RE", en: "Réunion", fa: "رئونیون" },
    Country { code: "RO", en: "Romania", fa: "رومانی" },
    Country { code: "RS", en: "Serbia", fa: "صربستان" },
    Country { code: "RU", en: "Russia", fa: "روسیه" },
    Country { code: "RW", en: "Rwanda", fa: "رواندا" },
    Country { code: "SA", en: "Saudi Arabia", fa: "عربستان سعودی" },
    Country { code: "SB", en: "Solomon Islands", fa: "جزایر سلیمان" },
    Country { code: "SC", en: "Seychelles", fa: "سیشل" },
    Country { code: "SD", en: "Sudan", fa: "سودان" },
    Country { code: "SE", en: "Sweden", fa: "سوئد" },
    Country { code: "SG", en: "Singapore", fa: "سنگاپور" },
    Country { code: "SH", en: "Saint Helena, Ascension and Tristan da Cunha", fa: "سنت هلنا، اسنشن و تریستان دا کونا" },
    Country { code: "SI", en: "Slovenia", fa: "اسلوونی" },
    Country { code: "SJ", en: "Svalbard and Jan Mayen", fa: "سوالبارد و یان ماین" },
    Country { code: "SK", en: "Slovakia", fa: "اسلواکی" },
    Country { code: "SL", en: "Sierra Leone", fa: "سیرالئون" },
    Country { code: "SM", en: "San Marino", fa: "سان مارینو" },
    Country { code: "SN", en: "Senegal", fa: "سنگال" },
    Country { code: "SO", en: "Somalia", fa: "سومالی" },
    Country { code: "SR", en: "Suriname", fa: "سورینام" },
    Country { code: "SS", en: "South Sudan", fa: "سودان جنوبی" },
    Country { code: "ST", en: "São Tomé and Príncipe", fa: "سائوتومه و پرنسیپ" },
    Country { code: "SV", en: "El Salvador", fa: "السالوادور" },
    Country { code: "SX", en: "Sint Maarten", fa: "سینت مارتن" },
    Country { code: "SY", en: "Syria", fa: "سوریه" },
    Country { code: "SZ", en: "Eswatini", fa: "اسواتینی" },
    Country { code: "TC", en: "Turks and Caicos Islands", fa: "جزایر تورکس و کایکوس" },
    Country { code: "TD", en: "Chad", fa: "چاد" },
    Country { code: "TF", en: "French Southern Territories", fa: "سرزمین‌های جنوبی فرانسه" },
    Country { code: "TG", en: "Togo", fa: "توگو" },
    Country { code: "TH", en: "Thailand", fa: "تایلند" },
    Country { code: "TJ", en: "Tajikistan", fa: "تاجیکستان" },
    Country { code: "TK", en: "Tokelau", fa: "توکلائو" },
    Country { code: "TL", en: "Timor-Leste", fa: "تیمور شرقی" },
    Country { code: "TM", en: "Turkmenistan", fa: "ترکمنستان" },
    Country { code: "TN", en: "Tunisia", fa: "تونس" },
    Country { code: "TO", en: "Tonga", fa: "تونگا" },
    Country { code: "TR", en: "Türkiye", fa: "ترکیه" },
    Country { code: "TT", en: "Trinidad and Tobago", fa: "ترینیداد و توباگو" },
    Country { code: "TV", en: "Tuvalu", fa: "تووالو" },
    Country { code: "TW", en: "Taiwan", fa: "تایوان" },
    Country { code: "TZ", en: "Tanzania", fa: "تانزانیا" },
    Country { code: "UA", en: "Ukraine", fa: "اوکراین" },
    Country { code: "UG", en: "Uganda", fa: "اوگاندا" },
    Country { code: "UM", en: "United States Minor Outlying Islands", fa: "جزایر کوچک حاشیه‌ای ایالات متحده" },
    Country { code: "US", en: "United States", fa: "ایالات متحده آمریکا" },
    Country { code: "UY", en: "Uruguay", fa: "اروگوئه" },
    Country { code: "UZ", en: "Uzbekistan", fa: "ازبکستان" },
    Country { code: "VA", en: "Vatican City", fa: "واتیکان" },
    Country { code: "VC", en: "Saint Vincent and the Grenadines", fa: "سنت وینسنت و گرنادین‌ها" },
    Country { code: "VE", en: "Venezuela", fa: "ونزوئلا" },
    Country { code: "VG", en: "British Virgin Islands", fa: "جزایر ویرجین بریتانیا" },
    Country { code: "VI", en: "U.S. Virgin Islands", fa: "جزایر ویرجین ایالات متحده" },
    Country { code: "VN", en: "Vietnam", fa: "ویتنام" },
    Country { code: "VU", en: "Vanuatu", fa: "وانواتو" },
    Country { code: "WF", en: "Wallis and Futuna", fa: "والیس و فوتونا" },
    Country { code: "WS", en: "Samoa", fa: "ساموآ" },
    Country { code: "YE", en: "Yemen", fa: "یمن" },
    Country { code: "YT", en: "Mayotte", fa: "مایوت" },
    Country { code: "ZA", en: "South Africa", fa: "آفریقای جنوبی" },
    Country { code: "ZM", en: "Zambia", fa: "زامبیا" },
    Country { code: "ZW", en: "Zimbabwe", fa: "زیمبابوه" },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_two_uppercase_letters_sorted_and_unique() {
        for country in COUNTRIES {
            assert_eq!(country.code.len(), 2, "{country:?}");
            assert!(country.code.bytes().all(|b| b.is_ascii_uppercase()), "{country:?}");
        }
        for pair in COUNTRIES.windows(2) {
            assert!(pair[0].code < pair[1].code, "{} must come before {}", pair[0].code, pair[1].code);
        }
    }

    #[test]
    fn lists_every_assigned_code() {
        assert!(COUNTRIES.len() >= 245, "only {} countries", COUNTRIES.len());
    }

    #[test]
    fn every_name_is_present() {
        for country in COUNTRIES {
            assert!(!country.en.trim().is_empty(), "{country:?}");
            assert!(!country.fa.trim().is_empty(), "{country:?}");
        }
    }

    #[test]
    fn persian_names_use_persian_yeh_and_kaf() {
        for country in COUNTRIES {
            assert!(!country.fa.contains(['\u{064a}', '\u{0643}']), "{country:?}");
        }
    }

    #[test]
    fn finds_codes_in_any_case() {
        let iran = find("ir").unwrap();
        assert_eq!((iran.en, iran.fa), ("Iran", "ایران"));
        assert_eq!(find("IR"), Some(iran));
        assert_eq!(iran.name(true), "ایران");
        assert_eq!(iran.name(false), "Iran");
        assert_eq!(find("de").map(|c| c.fa), Some("آلمان"));
        assert_eq!(find("zz"), None);
        assert_eq!(find(""), None);
    }
}
