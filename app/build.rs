//! Builds the UI's translation table from every `strings.toml` under `src/`: each feature folder
//! owns its texts, English and Persian side by side. A key missing a language, a plural missing
//! a form, a key defined twice or the two languages naming different `{placeholders}` stops the
//! build here, with the file and key named; the generated `Strings` struct has one field per key,
//! so a key used in code but defined nowhere does not compile either.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const LANGUAGES: [(&str, &str, &str); 2] = [("en", "EN", "English"), ("fa", "FA", "Persian")];

/// One language's text of a key: plain, or CLDR plural forms (`one`, `other`).
enum Text {
    Plain(String),
    Plural { one: String, other: String },
}

impl Text {
    fn texts(&self) -> Vec<&str> {
        match self {
            Text::Plain(text) => vec![text],
            Text::Plural { one, other } => vec![one, other],
        }
    }
}

struct Entry {
    key: String,
    file: String,
    texts: Vec<Text>,
}

fn main() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    find(&src, &mut files);
    files.sort();
    println!("cargo:rerun-if-changed=src");

    let mut entries: Vec<Entry> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut problems = Vec::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).display().to_string();
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("{name}: {e}"));
        for (key, value) in table {
            if let Some(first) = seen.insert(key.clone(), name.clone()) {
                problems.push(format!("{name}: `{key}` is defined in {first} already"));
                continue;
            }
            match entry(&name, &key, &value) {
                Ok(entry) => entries.push(entry),
                Err(problem) => problems.push(problem),
            }
        }
    }
    if !problems.is_empty() {
        panic!("the UI strings have problems:\n  {}", problems.join("\n  "));
    }

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("strings.rs");
    std::fs::write(&out, generate(&entries)).expect("write the generated strings");
}

fn find(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("read src").path();
        if path.is_dir() {
            find(&path, files);
        } else if path.file_name().is_some_and(|n| n == "strings.toml") {
            files.push(path);
        }
    }
}

fn entry(file: &str, key: &str, value: &toml::Value) -> Result<Entry, String> {
    let at = format!("{file}: [{key}]");
    if !key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        return Err(format!("{at}: a key is lowercase letters, digits and `_`"));
    }
    let table = value.as_table().ok_or(format!("{at}: a key is a table with `en` and `fa`"))?;
    if let Some(extra) = table.keys().find(|k| !LANGUAGES.iter().any(|(code, _, _)| code == k)) {
        return Err(format!("{at}: `{extra}` is not a language here"));
    }
    let mut texts = Vec::new();
    for (code, _, language) in LANGUAGES {
        let text = match table.get(code) {
            None => return Err(format!("{at}: no {language} (`{code}`)")),
            Some(toml::Value::String(text)) => Text::Plain(text.clone()),
            Some(toml::Value::Table(forms)) => {
                let form =
                    |name: &str| {
                        forms.get(name).and_then(|v| v.as_str()).map(str::to_owned).ok_or(format!(
                            "{at}: the {language} plural has no `{name}` form (CLDR: `one` and `other`)"
                        ))
                    };
                if let Some(extra) = forms.keys().find(|k| *k != "one" && *k != "other") {
                    return Err(format!("{at}: `{code}.{extra}` is not a plural form of {language}"));
                }
                Text::Plural { one: form("one")?, other: form("other")? }
            }
            Some(_) => return Err(format!("{at}: `{code}` is a string or a table of plural forms")),
        };
        texts.push(text);
    }
    let plural = texts.iter().map(|t| matches!(t, Text::Plural { .. })).collect::<BTreeSet<_>>();
    if plural.len() > 1 {
        return Err(format!("{at}: plural in one language and not in the other"));
    }
    let names: Vec<BTreeSet<&str>> =
        texts.iter().map(|t| t.texts().into_iter().flat_map(placeholders).collect()).collect();
    if names.windows(2).any(|w| w[0] != w[1]) {
        return Err(format!("{at}: the languages name different placeholders: {names:?}"));
    }
    Ok(Entry { key: key.to_owned(), file: file.to_owned(), texts })
}

/// The `{name}`s in `text`.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

fn generate(entries: &[Entry]) -> String {
    let mut out = String::from("// Generated by app/build.rs from the strings.toml files; edit those.\n\n");
    out.push_str("/// Every UI text, one field per key.\npub struct Strings {\n");
    for e in entries {
        let ty = if matches!(e.texts[0], Text::Plural { .. }) { "super::Plural" } else { "&'static str" };
        writeln!(out, "    pub {}: {ty},", e.key).unwrap();
    }
    out.push_str("}\n\n");
    for (index, (_, name, language)) in LANGUAGES.iter().enumerate() {
        writeln!(out, "pub const {name}: Strings = Strings {{").unwrap();
        for e in entries {
            let value = match &e.texts[index] {
                Text::Plain(text) => format!("{text:?}"),
                Text::Plural { one, other } => {
                    format!("super::Plural {{ one: {one:?}, other: {other:?}, rule: super::PluralRule::{language} }}")
                }
            };
            writeln!(out, "    {}: {value},", e.key).unwrap();
        }
        out.push_str("};\n\n");
    }
    out.push_str("/// Each key and the file that defines it.\n#[cfg(test)]\npub const KEYS: &[(&str, &str)] = &[\n");
    for e in entries {
        writeln!(out, "    ({:?}, {:?}),", e.key, e.file).unwrap();
    }
    out.push_str("];\n");
    out
}
