//! Down-weights: genres, people and keywords a user asked to see less of ("fewer films like
//! this"). A matching film is not removed, its score is multiplied by [`DEMOTE`] once per
//! thing it matches, so it can still appear when little else fits.

use std::sync::Arc;

use super::super::catalog::Catalog;
use super::Filters;

/// Multiplier per down-weighted genre, person or keyword a film has.
pub const DEMOTE: f32 = 0.5;

/// The down-weights of a [`Filters`], resolved against one catalog.
#[derive(Clone, Debug, Default)]
pub struct Demotions {
    genre_mask: u64,
    /// Per down-weighted person, their films' indices (ascending).
    people: Vec<Vec<u32>>,
    /// Per item: has one of the down-weighted keywords.
    keyword_hits: Option<Arc<Vec<bool>>>,
}

impl Demotions {
    pub fn new(f: &Filters, cat: &Catalog) -> Self {
        let genre_mask = cat.any_genre_mask(&f.demote_genres);
        let people = f
            .demote_people
            .iter()
            .filter(|p| !p.trim().is_empty())
            .map(|p| cat.person_items(p))
            .filter(|items| !items.is_empty())
            .collect();
        let mut keywords: Vec<String> = f
            .demote_keywords
            .iter()
            .map(|k| k.to_lowercase())
            .filter(|k| !k.is_empty())
            .collect();
        keywords.sort_unstable();
        keywords.dedup();
        Self {
            genre_mask,
            people,
            keyword_hits: (!keywords.is_empty()).then(|| cat.keyword_hits(keywords)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.genre_mask == 0 && self.people.is_empty() && self.keyword_hits.is_none()
    }

    /// The multiplier for item `i`: [`DEMOTE`] to the power of the down-weights it matches.
    #[inline]
    pub fn factor(&self, cat: &Catalog, i: u32) -> f32 {
        let genres = (cat.genre_bits[i as usize] & self.genre_mask).count_ones();
        let people = self
            .people
            .iter()
            .filter(|items| items.binary_search(&i).is_ok())
            .count() as u32;
        let keywords = u32::from(self.keyword_hits.as_ref().is_some_and(|h| h[i as usize]));
        DEMOTE.powi((genres + people + keywords) as i32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::data::ItemMeta;

    #[test]
    fn each_match_halves_the_score_and_nothing_else_changes() {
        let film = |id, genres: &[&str], cast: &[&str]| ItemMeta {
            genres: genres.iter().map(|s| s.to_string()).collect(),
            cast: cast.iter().map(|s| s.to_string()).collect(),
            ..ItemMeta::bare(id)
        };
        let cat = Catalog::build(vec![
            film(1, &["Romance", "Drama"], &["Kate Winslet"]),
            film(2, &["Action"], &["Keanu Reeves"]),
            film(3, &["Romance"], &[]),
        ]);
        let f = Filters {
            demote_genres: vec!["Romance".into()],
            demote_people: vec!["Kate Winslet".into()],
            ..Filters::default()
        };
        let d = Demotions::new(&f, &cat);
        assert!(!d.is_empty());
        let i = |id| cat.index.get(id).unwrap();
        assert_eq!(d.factor(&cat, i(1)), 0.25);
        assert_eq!(d.factor(&cat, i(2)), 1.0);
        assert_eq!(d.factor(&cat, i(3)), 0.5);
        assert!(Demotions::new(&Filters::default(), &cat).is_empty());
    }
}
