//! How answers travel: compressed when the browser accepts it, and cached only where a new
//! build cannot leave a browser with an old file.

use crate::support::*;
use reqwest::{StatusCode, header};
use server::demo::DEMO_RESELLER_EN;
use std::io::Read;

fn brotli_text(bytes: &[u8]) -> String {
    let mut text = String::new();
    brotli::Decompressor::new(bytes, 4096).read_to_string(&mut text).expect("a brotli body");
    text
}

fn header_of(response: &reqwest::Response, name: header::HeaderName) -> Option<&str> {
    response.headers().get(name).map(|v| v.to_str().expect("an ASCII header"))
}

#[tokio::test]
async fn pages_and_server_function_answers_are_compressed_and_revalidated() {
    let server = TestServer::start(Backend::Sqlite).await;
    let client = browser();

    let page = |encoding: &'static str| {
        client
            .get(server.url("/reseller/login"))
            .header(header::ACCEPT, "text/html")
            .header(header::ACCEPT_ENCODING, encoding)
            .send()
    };
    let br = page("gzip, deflate, br").await.unwrap();
    assert_eq!(br.status(), StatusCode::OK);
    assert_eq!(header_of(&br, header::CONTENT_ENCODING), Some("br"));
    assert_eq!(header_of(&br, header::CACHE_CONTROL), Some("no-cache"));
    let html = brotli_text(&br.bytes().await.unwrap());
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("</html>"), "{html}");

    let gzip = page("gzip").await.unwrap();
    assert_eq!(header_of(&gzip, header::CONTENT_ENCODING), Some("gzip"));
    let plain = page("identity").await.unwrap();
    assert_eq!(header_of(&plain, header::CONTENT_ENCODING), None);
    assert!(plain.text().await.unwrap().contains("</html>"));

    server.login(&client, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await;
    let list = client
        .post(server.url("/api/clients/list"))
        .header(header::ACCEPT_ENCODING, "br")
        .form(&[
            ("query[search]", ""),
            ("query[sort]", "id"),
            ("query[direction]", "desc"),
            ("query[page]", "1"),
            ("query[per_page]", "25"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), StatusCode::OK);
    assert_eq!(header_of(&list, header::CONTENT_ENCODING), Some("br"));
    assert_eq!(header_of(&list, header::CACHE_CONTROL), Some("no-cache"));
    let json: serde_json::Value = serde_json::from_str(&brotli_text(&list.bytes().await.unwrap())).unwrap();
    assert_eq!(json["page"]["total"], 3);
    server.cleanup().await;
}

#[tokio::test]
async fn hashed_build_files_are_sent_precompressed_and_kept_for_a_year() {
    let server = TestServer::start(Backend::Sqlite).await;
    let client = browser();
    let file =
        |encoding: &'static str| client.get(server.url(HASHED_JS)).header(header::ACCEPT_ENCODING, encoding).send();

    let br = file("gzip, br").await.unwrap();
    assert_eq!(br.status(), StatusCode::OK);
    assert_eq!(header_of(&br, header::CONTENT_ENCODING), Some("br"));
    assert_eq!(header_of(&br, header::CACHE_CONTROL), Some("public, max-age=31536000, immutable"));
    assert!(header_of(&br, header::CONTENT_TYPE).is_some_and(|t| t.contains("javascript")));
    assert_eq!(br.bytes().await.unwrap().as_ref(), HASHED_JS_BR, "the build's brotli file, as it is");

    let gzip = file("gzip").await.unwrap();
    assert_eq!(header_of(&gzip, header::CONTENT_ENCODING), Some("gzip"));
    assert_eq!(gzip.bytes().await.unwrap().as_ref(), HASHED_JS_GZ);

    let plain = file("identity").await.unwrap();
    assert_eq!(header_of(&plain, header::CONTENT_ENCODING), None);
    assert_eq!(plain.text().await.unwrap(), HASHED_JS_BODY);

    // A hashed name that is not there (an old build's) is not cached.
    let gone = client.get(server.url("/pkg/resellerdesk.fedcba9876543210.js")).send().await.unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert_eq!(header_of(&gone, header::CACHE_CONTROL), Some("no-cache"));
    server.cleanup().await;
}
