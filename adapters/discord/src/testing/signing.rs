//! Signing as Discord does: a fixed test key whose public half goes in the settings, the two
//! `X-Signature-*` headers over `timestamp ++ body`, and signed POSTs to the endpoint.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::Request;
use ed25519_dalek::{Signer, SigningKey};

pub use crate::endpoint::PATH;

/// The header carrying the hex Ed25519 signature.
pub const SIGNATURE_HEADER: &str = "x-signature-ed25519";
/// The header carrying the signed Unix timestamp.
pub const TIMESTAMP_HEADER: &str = "x-signature-timestamp";

/// The test key (fixed, so runs are reproducible).
pub fn signing_key() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The public key to configure (`DiscordSettings::new`, `[discord] public_key`).
pub fn public_key_hex() -> String {
    hex(signing_key().verifying_key().as_bytes())
}

/// Unix seconds now.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

/// `(X-Signature-Ed25519, X-Signature-Timestamp)` for `body` signed by `key` at `timestamp`.
pub fn sign_with(key: &SigningKey, body: &[u8], timestamp: u64) -> (String, String) {
    let ts = timestamp.to_string();
    let signature = key.sign(&[ts.as_bytes(), body].concat());
    (hex(&signature.to_bytes()), ts)
}

/// [`sign_with`] the test key.
pub fn sign(body: &[u8], timestamp: u64) -> (String, String) {
    sign_with(&signing_key(), body, timestamp)
}

/// Both headers for `body` signed now with the test key.
pub fn signature_headers(body: &[u8]) -> Vec<(&'static str, String)> {
    let (sig, ts) = sign(body, now());
    vec![(SIGNATURE_HEADER, sig), (TIMESTAMP_HEADER, ts)]
}

/// A POST to the interactions endpoint with exactly these headers.
pub fn request(body: Vec<u8>, headers: &[(&str, String)]) -> Request<Body> {
    let mut req = Request::post(PATH).header("content-type", "application/json");
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    req.body(Body::from(body)).expect("request")
}

/// A POST of `body` signed now with the test key.
pub fn signed(body: Vec<u8>) -> Request<Body> {
    let headers = signature_headers(&body);
    request(body, &headers)
}
