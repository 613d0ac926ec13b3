//! IMDb ids as the store keeps them: `tt` and at least seven digits ("tt0114709"), whatever
//! the source wrote ("114709" in some links files, "tt114709", an IMDb title URL).

/// The canonical id in `raw`, or `None` when there is none.
pub fn imdb_id(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let digits_from = |s: &str| -> Option<String> {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        let n: u64 = digits.parse().ok()?;
        ((1..=10).contains(&digits.len()) && n > 0).then(|| format!("tt{n:07}"))
    };
    if raw.bytes().all(|b| b.is_ascii_digit()) {
        return digits_from(raw);
    }
    let lower = raw.to_ascii_lowercase();
    lower
        .match_indices("tt")
        .map(|(at, _)| &lower[at + 2..])
        .find(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .and_then(digits_from)
}

#[cfg(test)]
mod tests {
    use super::imdb_id;

    #[test]
    fn canonical_ids() {
        assert_eq!(imdb_id("tt0114709").as_deref(), Some("tt0114709"));
        assert_eq!(imdb_id("0114709").as_deref(), Some("tt0114709"));
        assert_eq!(imdb_id("114709").as_deref(), Some("tt0114709"));
        assert_eq!(imdb_id(" TT114709 ").as_deref(), Some("tt0114709"));
        assert_eq!(imdb_id("tt10872600").as_deref(), Some("tt10872600"));
        assert_eq!(
            imdb_id("https://www.imdb.com/title/tt0133093/").as_deref(),
            Some("tt0133093")
        );
        for bad in ["", "tt", "ttabc", "abc", "12345678901", "0"] {
            assert_eq!(imdb_id(bad), None, "{bad}");
        }
    }
}
