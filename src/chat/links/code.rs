//! Link codes: 8 characters from a 30-character alphabet without look-alikes (no 0/O, 1/I/L,
//! nor U), drawn from a cryptographically secure generator and shown as `ABCD-EFGH`; read
//! back forgivingly (any case, spaces or dashes anywhere); stored only as a SHA-256 hash.
//! 30⁸ ≈ 6.6·10¹¹ codes, against at most a few hundred wrong tries an hour (`links.rs`).

use rand::Rng;
use sha2::{Digest, Sha256};

/// Crockford's base-32 alphabet without 0 and 1.
const ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const LEN: usize = 8;

/// A new code, as shown: `ABCD-EFGH`.
pub fn generate() -> String {
    // ThreadRng is a CSPRNG (ChaCha, seeded and reseeded from the OS).
    let mut rng = rand::rng();
    let chars: String = (0..LEN)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    shown(&chars)
}

/// `ABCDEFGH` → `ABCD-EFGH`.
fn shown(code: &str) -> String {
    format!("{}-{}", &code[..LEN / 2], &code[LEN / 2..])
}

/// The code a user typed, canonical (`ABCDEFGH`), or `None` when it cannot be one.
pub fn normalise(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == LEN && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// What is stored for a code (its canonical form hashed, hex).
pub fn hash(code: &str) -> String {
    let canonical = normalise(code).unwrap_or_else(|| code.to_string());
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unambiguous_and_read_back_however_typed() {
        assert_eq!(ALPHABET.len(), 30);
        for bad in b"01ILOU" {
            assert!(!ALPHABET.contains(bad));
        }
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            let code = generate();
            assert_eq!(code.len(), LEN + 1);
            assert_eq!(&code[4..5], "-");
            let canonical = normalise(&code).unwrap();
            assert_eq!(
                normalise(&code.to_lowercase().replace('-', " ")),
                Some(canonical)
            );
            assert_eq!(hash(&code), hash(&code.to_lowercase()));
            seen.insert(code);
        }
        assert!(seen.len() > 195, "codes repeat: {}", seen.len());
        assert_eq!(normalise("ABCD-EFG"), None);
        assert_eq!(normalise("ABCD-EFG0"), None);
        assert_eq!(normalise("help"), None);
        assert_eq!(hash("ABCD-EFGH").len(), 64);
    }
}
