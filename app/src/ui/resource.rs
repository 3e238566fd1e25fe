//! Resources whose data the page carries as JSON, read with the same decoder as server
//! function answers.
//!
//! A resource's value arrives twice in the browser: in the page, for hydration, and from its
//! server function when it loads again. Leptos reads the first with `serde_json::from_str` and
//! server functions read the second with `serde_json::from_slice`: two readers, so two copies of
//! every type's deserializer in the WASM. [`Json`] reads the page's copy with `from_slice` too,
//! and each type's deserializer is compiled once.

use leptos::prelude::Resource;
use leptos::server::codee::{Decoder, Encoder};
use serde::{Serialize, de::DeserializeOwned};

/// JSON in the page, decoded as server functions decode their answers.
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(encoded: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(encoded.as_bytes())
    }
}

/// A resource loaded by `fetcher` whenever `source` changes (Leptos's `Resource::new`, with
/// [`Json`]).
#[track_caller]
pub fn resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, Json>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}
