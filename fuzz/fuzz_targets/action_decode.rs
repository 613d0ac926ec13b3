//! Fuzzes `Action::decode`: any bytes a platform hands back as button data must decode to an
//! error or to an action whose encoding is exactly that input — never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use moviebot_protocol::Action;
use moviebot_protocol::action::MAX_ENCODED_LEN;

fuzz_target!(|data: &[u8]| {
    // Platforms deliver strings; lossy decoding also feeds U+FFFD and odd lengths through.
    let text = String::from_utf8_lossy(data);
    if let Ok(action) = Action::decode(&text) {
        let encoded = action.encode();
        assert_eq!(encoded, text, "decode accepted a non-canonical spelling");
        assert!(encoded.len() <= MAX_ENCODED_LEN && encoded.is_ascii());
    }
});
