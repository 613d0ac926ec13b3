//! Well-known streaming services: TMDb's watch provider ids (the same in every region) and
//! names, with the ways people say them. They are the list `/services` offers without TMDb
//! and what the intent parser recognises in "what can I watch on Netflix tonight".

/// `(TMDb provider id, TMDb's name, lower-case ways to say it)`, most widespread first.
pub const KNOWN: &[(i64, &str, &[&str])] = &[
    (8, "Netflix", &["netflix"]),
    (
        9,
        "Amazon Prime Video",
        &["amazon prime video", "amazon prime", "prime video", "prime"],
    ),
    (
        337,
        "Disney Plus",
        &["disney plus", "disney+", "disneyplus", "disney"],
    ),
    (1899, "Max", &["hbo max", "max"]),
    (15, "Hulu", &["hulu"]),
    (
        350,
        "Apple TV Plus",
        &["apple tv plus", "apple tv+", "apple tv"],
    ),
    (
        531,
        "Paramount Plus",
        &["paramount plus", "paramount+", "paramount"],
    ),
    (386, "Peacock", &["peacock"]),
    (11, "MUBI", &["mubi"]),
    (
        258,
        "Criterion Channel",
        &["criterion channel", "criterion"],
    ),
    (99, "Shudder", &["shudder"]),
    (283, "Crunchyroll", &["crunchyroll"]),
    (73, "Tubi TV", &["tubi tv", "tubi"]),
    (300, "Pluto TV", &["pluto tv", "pluto"]),
];

/// The known service `words` name exactly (case-insensitive), as `(id, name)`.
pub fn by_words(words: &str) -> Option<(i64, &'static str)> {
    let w = words.trim().to_lowercase();
    KNOWN
        .iter()
        .find(|(_, name, says)| says.contains(&w.as_str()) || name.eq_ignore_ascii_case(&w))
        .map(|(id, name, _)| (*id, *name))
}

/// A known service's name by id.
pub fn name_of(id: i64) -> Option<&'static str> {
    KNOWN.iter().find(|k| k.0 == id).map(|k| k.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_are_found_by_what_people_say() {
        assert_eq!(by_words("Netflix"), Some((8, "Netflix")));
        assert_eq!(by_words("disney+"), Some((337, "Disney Plus")));
        assert_eq!(by_words("prime video"), Some((9, "Amazon Prime Video")));
        assert_eq!(by_words("HBO Max"), Some((1899, "Max")));
        assert_eq!(by_words("betamax"), None);
        assert_eq!(name_of(350), Some("Apple TV Plus"));
        let mut ids: Vec<i64> = KNOWN.iter().map(|k| k.0).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), KNOWN.len());
    }
}
