//! Genre vocabularies: every source's genre names mapped onto TMDb's 19 movie genres, which
//! the chat, the recommender and the REST API all speak.

/// TMDb's movie genres with their ids, in TMDb's order.
pub const TMDB_GENRES: &[(i64, &str)] = &[
    (28, "Action"),
    (12, "Adventure"),
    (16, "Animation"),
    (35, "Comedy"),
    (80, "Crime"),
    (99, "Documentary"),
    (18, "Drama"),
    (10751, "Family"),
    (14, "Fantasy"),
    (36, "History"),
    (27, "Horror"),
    (10402, "Music"),
    (9648, "Mystery"),
    (10749, "Romance"),
    (878, "Science Fiction"),
    (10770, "TV Movie"),
    (53, "Thriller"),
    (10752, "War"),
    (37, "Western"),
];

/// The canonical TMDb name for a genre given by name (any case) or TMDb id.
pub fn canonical(name_or_id: &str) -> Option<&'static str> {
    let s = name_or_id.trim();
    if let Ok(id) = s.parse::<i64>() {
        return TMDB_GENRES.iter().find(|(i, _)| *i == id).map(|(_, n)| *n);
    }
    TMDB_GENRES
        .iter()
        .find(|(_, n)| n.eq_ignore_ascii_case(s))
        .map(|(_, n)| *n)
}

/// MovieLens genre → TMDb genres ("Children" is Family, "Sci-Fi" is Science Fiction; "IMAX" is
/// a format, not a genre).
pub fn from_movielens(genre: &str) -> &'static [&'static str] {
    match genre {
        "Action" => &["Action"],
        "Adventure" => &["Adventure"],
        "Animation" => &["Animation"],
        "Children" => &["Family"],
        "Comedy" => &["Comedy"],
        "Crime" => &["Crime"],
        "Documentary" => &["Documentary"],
        "Drama" => &["Drama"],
        "Fantasy" => &["Fantasy"],
        "Film-Noir" => &["Crime", "Mystery"],
        "Horror" => &["Horror"],
        "Musical" => &["Music"],
        "Mystery" => &["Mystery"],
        "Romance" => &["Romance"],
        "Sci-Fi" => &["Science Fiction"],
        "Thriller" => &["Thriller"],
        "War" => &["War"],
        "Western" => &["Western"],
        _ => &[],
    }
}

/// Wikipedia (prust/wikipedia-movie-data) genre → TMDb genres.
pub fn from_wikipedia(genre: &str) -> &'static [&'static str] {
    match genre {
        "Action" | "Martial Arts" | "Superhero" | "Disaster" => &["Action"],
        "Adventure" | "Swashbuckler" => &["Adventure"],
        "Animated" => &["Animation"],
        "Biography" | "Historical" => &["History"],
        "Comedy" | "Satire" | "Slapstick" | "Parody" => &["Comedy"],
        "Crime" | "Noir" | "Heist" | "Gangster" => &["Crime"],
        "Documentary" => &["Documentary"],
        "Drama" | "Legal" | "Political" | "Sports" | "Teen" => &["Drama"],
        "Family" => &["Family"],
        "Fantasy" => &["Fantasy"],
        "Horror" | "Slasher" | "Supernatural" => &["Horror"],
        "Musical" | "Dance" | "Performance" => &["Music"],
        "Mystery" => &["Mystery"],
        "Romance" => &["Romance"],
        "Science Fiction" => &["Science Fiction"],
        "Spy" | "Thriller" | "Suspense" => &["Thriller"],
        "War" => &["War"],
        "Western" => &["Western"],
        _ => &[],
    }
}

/// Maps and de-duplicates, keeping first-seen order.
pub fn map_all<'a>(
    names: impl IntoIterator<Item = &'a str>,
    map: fn(&str) -> &'static [&'static str],
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        for g in map(n.trim()) {
            if !out.iter().any(|o| o == g) {
                out.push((*g).to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_by_name_or_id() {
        assert_eq!(canonical("science fiction"), Some("Science Fiction"));
        assert_eq!(canonical("878"), Some("Science Fiction"));
        assert_eq!(canonical("Sci-Fi"), None);
        assert_eq!(
            map_all(["Sci-Fi", "Children", "IMAX", "Film-Noir"], from_movielens),
            vec!["Science Fiction", "Family", "Crime", "Mystery"]
        );
    }
}
