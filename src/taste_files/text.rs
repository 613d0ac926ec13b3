//! An uploaded file's bytes as text. Exports are UTF-8, often with a byte-order mark (Excel
//! adds one on saving); a spreadsheet may also save UTF-16 (with its BOM) or a single-byte
//! Windows encoding, read here as Latin-1 so accented titles survive instead of turning into
//! replacement characters.

use std::borrow::Cow;

/// The text of `bytes`, never failing.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8_or_latin1(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Cow::Owned(utf16(rest, u16::from_le_bytes));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Cow::Owned(utf16(rest, u16::from_be_bytes));
    }
    decode_utf8_or_latin1(bytes)
}

fn decode_utf8_or_latin1(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn boms_and_encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFName"), "Name");
        assert_eq!(decode("Amélie".as_bytes()), "Amélie");
        assert_eq!(decode(b"Am\xE9lie"), "Amélie", "Latin-1");
        assert_eq!(decode(b"\xFF\xFEN\0a\0"), "Na");
        assert_eq!(decode(b"\xFE\xFF\0N\0a"), "Na");
        assert_eq!(decode(b"\xFF\xFEN"), "", "an odd byte is dropped");
    }
}
