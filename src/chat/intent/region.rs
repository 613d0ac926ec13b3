//! Countries people name, as the two-letter regions TMDb's watch providers use.

use std::sync::LazyLock;

use regex::Regex;

/// Names (lower-case) → ISO 3166-1 alpha-2. "England", "Scotland" and "Wales" are GB because
/// streaming catalogues are per state.
const COUNTRIES: &[(&str, &str)] = &[
    ("united kingdom", "GB"),
    ("uk", "GB"),
    ("u.k.", "GB"),
    ("u.k", "GB"),
    ("britain", "GB"),
    ("great britain", "GB"),
    ("england", "GB"),
    ("scotland", "GB"),
    ("wales", "GB"),
    ("northern ireland", "GB"),
    ("gb", "GB"),
    ("united states", "US"),
    ("usa", "US"),
    ("u.s.a.", "US"),
    ("u.s.", "US"),
    ("america", "US"),
    ("the states", "US"),
    ("canada", "CA"),
    ("australia", "AU"),
    ("new zealand", "NZ"),
    ("ireland", "IE"),
    ("germany", "DE"),
    ("deutschland", "DE"),
    ("france", "FR"),
    ("spain", "ES"),
    ("italy", "IT"),
    ("netherlands", "NL"),
    ("holland", "NL"),
    ("belgium", "BE"),
    ("austria", "AT"),
    ("switzerland", "CH"),
    ("sweden", "SE"),
    ("norway", "NO"),
    ("denmark", "DK"),
    ("finland", "FI"),
    ("poland", "PL"),
    ("portugal", "PT"),
    ("brazil", "BR"),
    ("mexico", "MX"),
    ("argentina", "AR"),
    ("india", "IN"),
    ("japan", "JP"),
    ("south korea", "KR"),
    ("korea", "KR"),
    ("south africa", "ZA"),
    ("turkey", "TR"),
    ("greece", "GR"),
    ("czechia", "CZ"),
    ("czech republic", "CZ"),
    ("singapore", "SG"),
    ("philippines", "PH"),
    ("indonesia", "ID"),
    ("nigeria", "NG"),
];

static COUNTRY: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<&str> = COUNTRIES.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let names: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
    // "US" only in capitals or after "the": "us" is mostly a pronoun.
    Regex::new(&format!(
        r"(?i)\b(?:in|from|for|to|region|country|located\s+in|based\s+in|living\s+in)\s+(?:the\s+)?(?P<c>{})(?:\b|$|\s)|\b(?:in|from|for|to)\s+(?:the\s+)?(?-i:(?P<us>US))\b|\bthe\s+us\b(?P<us2>)|\bregion\s*(?:to|=|:)?\s*(?P<code>[a-z]{{2}})\b",
        names.join("|")
    ))
    .expect("country pattern is valid")
});

/// Where a country is named ("in the UK", "region DE"), as its two-letter code.
pub(crate) fn find(text: &str) -> Option<&'static str> {
    let caps = COUNTRY.captures(text)?;
    if caps.name("us").is_some() || caps.name("us2").is_some() {
        return Some("US");
    }
    if let Some(code) = caps.name("code") {
        let lower = code.as_str().to_lowercase();
        let upper = code.as_str().to_uppercase();
        return COUNTRIES
            .iter()
            .find(|(n, c)| *n == lower || *c == upper)
            .map(|(_, c)| *c);
    }
    let name = caps.name("c")?.as_str().to_lowercase();
    COUNTRIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes() {
        assert_eq!(find("I'm in the UK"), Some("GB"));
        assert_eq!(find("where can I stream it in Germany?"), Some("DE"));
        assert_eq!(find("i live in the us"), Some("US"));
        assert_eq!(find("I'm in the US"), Some("US"));
        assert_eq!(find("set my region to fr"), Some("FR"));
        assert_eq!(find("change region to uk"), Some("GB"));
        assert_eq!(find("recommend something for us"), None);
        assert_eq!(find("I'm in the mood for horror"), None);
    }
}
