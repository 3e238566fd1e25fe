//! Text that reaches HTML where the renderer does not escape it.
//!
//! The renderer escapes text children and attribute values, except in four places, and every
//! user-controlled string (a client's name, a brand, a ticket subject) can reach them:
//! - `leptos_meta`'s `<Title>` writes its text into the server-rendered `<head>` as is;
//! - the children of `<textarea>`, `<style>` and `<script>` are written raw;
//! - HTML built by hand (emails) is plain string formatting.
//!
//! RULE (checked by `rule_holds_in_every_source_file` below): pages set their title with
//! [`PageTitle`], never `leptos_meta::Title`; text inside a `<textarea>` goes through
//! [`raw_text`]; an inline `<style>` is [`InlineStyle`] (it carries the page's CSP nonce) and
//! no element has a `style` attribute (the Content-Security-Policy refuses them); hand-built
//! HTML escapes every value with [`escape_html`].

use leptos::prelude::*;
use leptos::text_prop::TextProp;
use std::borrow::Cow;

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references: safe as an
/// element's text and inside a quoted attribute.
pub fn escape_html(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text for a child the renderer writes raw (`<textarea>`): escaped in the server's HTML,
/// where the browser decodes the references back, and as is in the browser, where it becomes a
/// text node and is never parsed.
pub fn raw_text(text: &str) -> String {
    if cfg!(feature = "ssr") { escape_html(text).into_owned() } else { text.to_owned() }
}

/// The document's title. `leptos_meta`'s `<Title>` writes its text into the server-rendered
/// `<head>` unescaped; in the browser it sets `document.title`, which is text already.
#[component]
pub fn PageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    let text = move || raw_text(&text.get());
    view! { <leptos_meta::Title text=text /> }
}

/// An inline style sheet, allowed by the Content-Security-Policy through the page's nonce.
/// `css` must be built by the app from checked values (a colour the settings validated), never
/// from free text; a `<` is dropped all the same, so it can never close the element.
#[component]
pub fn InlineStyle(css: String) -> impl IntoView {
    let css = css.replace('<', "");
    view! { <style nonce=page_nonce()>{css}</style> }
}

/// The page's CSP nonce. On the server it is this response's. In the browser (a page drawn
/// after a client-side navigation) it is the one the server gave the document, read from its
/// scripts' `nonce` property: the policy stays the document's, and the attribute itself reads
/// empty once parsed.
fn page_nonce() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        leptos::nonce::use_nonce().map(|nonce| nonce.to_string())
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use wasm_bindgen::JsCast;
        let script = web_sys::window()?.document()?.query_selector("script[nonce]").ok()??;
        Some(script.dyn_into::<web_sys::HtmlElement>().ok()?.nonce()).filter(|nonce| !nonce.is_empty())
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape_html(r#"</title><img src=x onerror="a('b')">&"#),
            "&lt;/title&gt;&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;"
        );
        assert!(matches!(escape_html("سارا احمدی"), Cow::Borrowed(_)));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn raw_text_is_escaped_on_the_server() {
        assert_eq!(raw_text("</textarea><script>"), "&lt;/textarea&gt;&lt;script&gt;");
    }

    /// The rule at the top of this file, over every source file of the crate.
    #[test]
    fn rule_holds_in_every_source_file() {
        fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).expect("read a source folder") {
                let path = entry.expect("a folder entry").path();
                if path.is_dir() {
                    sources(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push((path.display().to_string(), std::fs::read_to_string(&path).expect("read a source file")));
                }
            }
        }
        let mut files = Vec::new();
        sources(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
        assert!(files.len() > 50, "found the sources");
        let mut broken = Vec::new();
        for (path, text) in &files {
            if path.ends_with("escape.rs") {
                continue;
            }
            if text.contains("leptos_meta::Title") || text.contains("<Title ") {
                broken.push(format!("{path}: sets a title without PageTitle"));
            }
            if text.contains("<style") || text.contains(" style=") {
                broken.push(format!("{path}: an inline style outside InlineStyle"));
            }
            let mut rest = text.as_str();
            while let Some(start) = rest.find("<textarea") {
                let Some(end) = rest[start..].find("</textarea>") else { break };
                let element = &rest[start..start + end];
                if !element.trim_end().ends_with('>') && !element.contains("raw_text(") {
                    broken.push(format!("{path}: a <textarea> whose text is not raw_text(…)"));
                }
                rest = &rest[start + end..];
            }
        }
        assert!(broken.is_empty(), "{broken:#?}");
    }
}
