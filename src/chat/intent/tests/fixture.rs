//! A small in-memory [`Lexicon`] standing in for the catalog: ~75 films and ~25 people, with
//! exact matching ignoring case, punctuation and a leading "the", aliases for people, a fuzzy
//! fallback (normalised Damerau-Levenshtein) for typos, and — as the title index does — a
//! shortened title's leading words ("shawshank", "lord of the rings") as a fuzzy match.

use std::sync::LazyLock;

use crate::chat::intent::{Lexicon, PersonMatch, TitleMatch};

const FILMS: &[(&str, i32)] = &[
    ("Inception", 2010),
    ("The Dark Knight", 2008),
    ("The Dark Knight Rises", 2012),
    ("Alien", 1979),
    ("Aliens", 1986),
    ("Alien: Resurrection", 1997),
    ("Heat", 1995),
    ("Dune", 2021),
    ("Fight Club", 1999),
    ("John Wick", 2014),
    ("Speed", 1994),
    ("The Matrix", 1999),
    ("Toy Story", 1995),
    ("Titanic", 1997),
    ("Interstellar", 2014),
    ("The Godfather", 1972),
    ("Pulp Fiction", 1994),
    ("Jaws", 1975),
    ("Gone with the Wind", 1939),
    ("Blade Runner", 1982),
    ("Blade Runner 2049", 2017),
    ("The Notebook", 2004),
    ("Up", 2009),
    ("It", 2017),
    ("Scary Movie", 2000),
    ("Amélie", 2001),
    ("Se7en", 1995),
    ("Mission: Impossible", 1996),
    ("Top Gun", 1986),
    ("Top Gun: Maverick", 2022),
    ("The Shawshank Redemption", 1994),
    ("Forrest Gump", 1994),
    ("Parasite", 2019),
    ("Get Out", 2017),
    ("The Exorcist", 1973),
    ("Spirited Away", 2001),
    ("Mean Girls", 2004),
    ("Superbad", 2007),
    ("Mad Max: Fury Road", 2015),
    ("Gladiator", 2000),
    ("Her", 2013),
    ("Oppenheimer", 2023),
    ("Barbie", 2023),
    ("The Thing", 1982),
    ("Jurassic Park", 1993),
    ("Star Wars", 1977),
    ("Saving Private Ryan", 1998),
    ("Home Alone", 1990),
    ("2001: A Space Odyssey", 1968),
    ("Love Actually", 2003),
    ("The Conjuring", 2013),
    ("Knives Out", 2019),
    ("Arrival", 2016),
    // Titles made of words the parser also reads as constraints: they must stay titles.
    ("Short Cuts", 1993),
    ("Short Term 12", 2013),
    ("The Long Goodbye", 1973),
    ("A Quiet Place", 2018),
    ("The French Connection", 1971),
    ("The Italian Job", 1969),
    ("An American Werewolf in London", 1981),
    ("The Spanish Prisoner", 1997),
    ("The English Patient", 1996),
    ("The Best Years of Our Lives", 1946),
    ("Best in Show", 2000),
    ("Hidden Figures", 2016),
    ("No Country for Old Men", 2007),
    ("Kids", 1995),
    ("Die Hard", 1988),
    ("Cats", 2019),
    ("Avatar", 2009),
    ("The Lord of the Rings: The Fellowship of the Ring", 2001),
    ("Toy Story 2", 1999),
    ("The Hunt", 2012),
];

const PEOPLE: &[(&str, &[&str])] = &[
    ("Keanu Reeves", &["keanu"]),
    ("Tom Cruise", &["cruise"]),
    ("Meryl Streep", &["streep"]),
    ("Tom Hanks", &["hanks"]),
    ("Christopher Nolan", &["nolan", "chris nolan"]),
    ("Leonardo DiCaprio", &["dicaprio", "leo dicaprio"]),
    ("Scarlett Johansson", &["scarjo"]),
    ("Denzel Washington", &["denzel"]),
    ("Brad Pitt", &[]),
    ("Al Pacino", &["pacino"]),
    ("Robert De Niro", &["de niro", "deniro"]),
    ("Sigourney Weaver", &[]),
    ("Quentin Tarantino", &["tarantino"]),
    ("Steven Spielberg", &["spielberg"]),
    ("Jim Carrey", &["carrey"]),
    ("Zendaya", &["zendaya"]),
    ("Timothée Chalamet", &["chalamet"]),
    ("Margot Robbie", &[]),
    ("Denis Villeneuve", &["villeneuve"]),
    ("Nicolas Cage", &["nic cage"]),
    ("Jackie Chan", &[]),
    ("Emma Stone", &[]),
    ("Ryan Gosling", &["gosling"]),
    ("Adam Sandler", &["sandler"]),
    ("Will Smith", &[]),
    ("Mads Mikkelsen", &["mikkelsen"]),
];

/// Lower-case, letters/digits/spaces only, accents folded, leading "the" dropped.
fn norm(s: &str) -> String {
    let folded: String = s
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'á' | 'à' => 'a',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    let words = match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest.to_vec(),
        _ => words,
    };
    words.join(" ")
}

/// Films and people with their normalised names, computed once.
static NORMED_FILMS: LazyLock<Vec<(String, &str, i32)>> =
    LazyLock::new(|| FILMS.iter().map(|&(t, y)| (norm(t), t, y)).collect());
static NORMED_PEOPLE: LazyLock<Vec<(String, &str, &[&str])>> =
    LazyLock::new(|| PEOPLE.iter().map(|&(n, a)| (norm(n), n, a)).collect());

pub struct Catalog;

impl Lexicon for Catalog {
    fn resolve_title(&self, words: &str) -> Option<TitleMatch> {
        let key = norm(words);
        if key.is_empty() {
            return None;
        }
        let found = |&(_, title, year): &(String, &str, i32), exact| TitleMatch {
            canonical: title.to_owned(),
            year: Some(year),
            exact,
        };
        if let Some(film) = NORMED_FILMS.iter().find(|(n, _, _)| *n == key) {
            return Some(found(film, true));
        }
        // Typos: only for spans long enough that a near miss is not another word.
        if key.len() < 5 {
            return None;
        }
        let close = NORMED_FILMS
            .iter()
            .map(|f| (strsim::normalized_damerau_levenshtein(&f.0, &key), f))
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, f)) = close {
            return Some(found(f, false));
        }
        // A title's leading words, typos included ("shawshenk", "lord of the rings").
        NORMED_FILMS
            .iter()
            .filter_map(|f| {
                let words: Vec<&str> = f.0.split(' ').collect();
                (1..words.len().min(5))
                    .map(|k| words[..k].join(" "))
                    .filter(|lead| lead.len() >= 5)
                    .map(|lead| strsim::normalized_damerau_levenshtein(&lead, &key))
                    .filter(|score| *score >= 0.8)
                    .max_by(f64::total_cmp)
                    .map(|score| (score, f))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, f)| found(f, false))
    }

    fn resolve_person(&self, words: &str) -> Option<PersonMatch> {
        let key = norm(words);
        if key.is_empty() {
            return None;
        }
        for (normed, name, aliases) in NORMED_PEOPLE.iter() {
            if *normed == key || aliases.contains(&key.as_str()) {
                return Some(PersonMatch {
                    canonical: (*name).to_owned(),
                    exact: true,
                });
            }
        }
        if key.len() < 6 {
            return None;
        }
        NORMED_PEOPLE
            .iter()
            .map(|(normed, name, _)| (strsim::normalized_damerau_levenshtein(normed, &key), name))
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, name)| PersonMatch {
                canonical: (*name).to_owned(),
                exact: false,
            })
    }
}
