//! Title normalisation shared by the importers, the fact check and fuzzy lookup: case, accents,
//! punctuation and moved articles ("Matrix, The") all compare equal.

use unicode_normalization::UnicodeNormalization;

use crate::movielens::split_year;

/// Articles MovieLens moves to the end of a title ("Godfather, The").
const ARTICLES: &[&str] = &[
    "The", "A", "An", "Les", "La", "Le", "L'", "Il", "Das", "Der", "Die", "El", "Los", "Las",
];

/// Moves a trailing article back to the front: "Matrix, The" → "The Matrix".
pub fn unmove_article(title: &str) -> String {
    let t = title.trim();
    // Every moved article follows a ", "; most text (and every lookup of a user's words) has
    // none, so skip the search.
    if !t.contains(", ") {
        return t.to_string();
    }
    for art in ARTICLES {
        if let Some(rest) = t.strip_suffix(art).and_then(|r| r.strip_suffix(", ")) {
            let sep = if art.ends_with('\'') { "" } else { " " };
            return format!("{art}{sep}{rest}");
        }
        // "Good, the Bad and the Ugly, The" keeps its inner commas; only the last one moves.
        if let Some(idx) = t.rfind(&format!(", {art}:")) {
            // "Lord of the Rings, The: The Two Towers" → "The Lord of the Rings: The Two Towers"
            let (head, tail) = t.split_at(idx);
            let tail = &tail[2 + art.len()..];
            return format!("{art} {head}{tail}");
        }
    }
    t.to_string()
}

/// A comparison key: lower case, accents removed, "&" as "and", punctuation dropped, spaces
/// collapsed.
pub fn normalize(title: &str) -> String {
    let unmoved = unmove_article(title);
    let mut out = String::with_capacity(unmoved.len());
    let mut last_space = true;
    for c in unmoved.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c == '&' {
            if !last_space {
                out.push(' ');
            }
            out.push_str("and ");
            last_space = true;
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            last_space = false;
        } else if c == '\'' || c == '’' || c == '.' {
            // "Schindler's" and "Schindlers", "Mr." and "Mr" compare equal.
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    out.trim_end().to_string()
}

/// Splits a MovieLens title "Matrix, The (1999)" into ("The Matrix", Some(1999)); alternate
/// titles in trailing parentheses ("Seven (a.k.a. Se7en) (1995)") are dropped.
pub fn split_movielens_title(raw: &str) -> (String, Option<i32>) {
    let (title, year) = split_year(raw);
    let mut t = title.to_string();
    // Drop alternate titles: "(a.k.a. Se7en)", "(Léon)", "(Cité des enfants perdus, La)".
    while t.ends_with(')') {
        match t.rfind(" (") {
            Some(open) if open > 0 => {
                t.truncate(open);
                t = t.trim_end().to_string();
            }
            _ => break,
        }
    }
    (unmove_article(&t), year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_movielens_titles() {
        assert_eq!(
            split_movielens_title("Matrix, The (1999)"),
            ("The Matrix".into(), Some(1999))
        );
        assert_eq!(
            split_movielens_title("Seven (a.k.a. Se7en) (1995)"),
            ("Seven".into(), Some(1995))
        );
        assert_eq!(
            split_movielens_title(
                "City of Lost Children, The (Cité des enfants perdus, La) (1995)"
            ),
            ("The City of Lost Children".into(), Some(1995))
        );
        assert_eq!(
            split_movielens_title("Lord of the Rings: The Two Towers, The (2002)").0,
            "The Lord of the Rings: The Two Towers"
        );
        assert_eq!(
            split_movielens_title("Babylon 5"),
            ("Babylon 5".into(), None)
        );
        assert_eq!(
            split_movielens_title("Stranger Things (2016-)"),
            ("Stranger Things".into(), Some(2016))
        );
    }

    #[test]
    fn normalizes_for_comparison() {
        assert_eq!(normalize("Amélie"), "amelie");
        assert_eq!(normalize("Godfather, The"), normalize("The Godfather"));
        assert_eq!(normalize("Schindler's List"), "schindlers list");
        assert_eq!(normalize("Fast & Furious"), "fast and furious");
        assert_eq!(normalize("  WALL·E  "), "wall e");
        assert_eq!(normalize("Atalante, L'"), "latalante");
    }
}
