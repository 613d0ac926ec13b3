//! Turns a pick into a `Reason` by looking back at which of the user's films, neighbours or
//! preferences carried it. Runs only for the k returned films, so it may touch metadata.

use super::data::ItemMeta;
use super::matrix::Csr;
use super::model::Model;
use super::rank::{Basis, PrefMatch, Resolved};
use super::reason::{Aspect, Reason};
use super::request::Method;
use super::tfidf::phrase;

/// A rated film counts as "liked" from this many stars (or the user's mean, if higher).
const LIKED: f32 = 3.5;

/// What film `a` shares with film `b`, the most specific first.
pub fn aspect(a: &ItemMeta, b: &ItemMeta) -> Aspect {
    if let (Some(x), Some(y)) = (&a.director, &b.director)
        && phrase(x) == phrase(y)
    {
        return Aspect::SameDirector;
    }
    if let Some(c) = a
        .cast
        .iter()
        .find(|c| b.cast.iter().any(|d| phrase(d) == phrase(c)))
    {
        return Aspect::SameCast(c.clone());
    }
    if let Some(g) = a.genres.iter().find(|g| b.genres.contains(g)) {
        return Aspect::SameGenre(g.clone());
    }
    Aspect::SimilarThemes
}

/// The user's stars for a film: O(1) from a dense per-request table when the caller has
/// one, else a binary search in the sorted ratings.
pub struct Stars<'a> {
    pub rated: &'a [(u32, f32)],
    /// Stars by item index, 0 for unrated.
    pub dense: Option<&'a [f32]>,
}

impl Stars<'_> {
    #[inline]
    fn get(&self, j: u32) -> Option<f32> {
        match self.dense {
            Some(d) => Some(d[j as usize]).filter(|&x| x > 0.0),
            None => self
                .rated
                .binary_search_by_key(&j, |r| r.0)
                .ok()
                .map(|p| self.rated[p].1),
        }
    }
}

/// The rated film j maximising `weight(r_j) · list[i][j]` over i's row of `lists`, as
/// (j, stars, that product).
fn anchor(
    lists: &Csr,
    stars: &Stars,
    i: u32,
    weight: impl Fn(f32) -> f32,
) -> Option<(u32, f32, f32)> {
    let (cols, vals) = lists.row(i as usize);
    let mut best: Option<(u32, f32, f32)> = None;
    for (&j, &s) in cols.iter().zip(vals) {
        if let Some(r) = stars.get(j) {
            let c = weight(r) * s;
            if c > 0.0 && best.is_none_or(|b| c > b.2) {
                best = Some((j, r, c));
            }
        }
    }
    best
}

/// The outside film (rated, unknown to the model) contributing most to i's content score,
/// as (film, stars, contribution); outside films name themselves from their own metadata.
fn outside_anchor(r: &Resolved, i: u32) -> Option<(&ItemMeta, f32, f32)> {
    let mut best: Option<(&ItemMeta, f32, f32)> = None;
    for o in &r.outside {
        let c = (o.stars - r.mean) * o.similarity(i);
        if c > 0.0 && best.is_none_or(|b| c > b.2) {
            best = Some((&o.meta, o.stars, c));
        }
    }
    best
}

impl Model {
    /// `neighbours` are the (similarity, user) pairs user-KNN chose for this user; `dense`
    /// optionally the user's stars by item index (0 = unrated) for O(1) look-ups.
    pub fn explain(
        &self,
        r: &Resolved,
        i: u32,
        basis: Basis,
        method: Method,
        neighbours: &[(f32, u32)],
        dense: Option<&[f32]>,
    ) -> Reason {
        let stars = Stars {
            rated: &r.rated,
            dense,
        };
        let cat = &self.catalog;
        match basis {
            Basis::Popularity => return Reason::Popular,
            Basis::Preferences => {
                let m = PrefMatch::new(cat, &r.preferences);
                if let Some(name) = m.person(i) {
                    return Reason::FavouritePerson {
                        name: name.to_string(),
                    };
                }
                let genre = r.preferences.genres.iter().find(|g| {
                    cat.genre_mask(std::slice::from_ref(g))
                        .is_some_and(|b| cat.genre_bits[i as usize] & b != 0)
                });
                return match genre {
                    Some(g) => Reason::MatchesGenre { genre: g.clone() },
                    None => Reason::Popular,
                };
            }
            Basis::Personal => {}
        }
        let liked = LIKED.max(r.mean);
        let item = &cat.items[i as usize];
        let content = || {
            let known = anchor(&self.content.neighbours, &stars, i, |x| x - r.mean)
                .map(|(j, stars, c)| (&cat.items[j as usize], stars, c));
            // A known film wins a tie, as it would without outside films.
            let best = match (known, outside_anchor(r, i)) {
                (Some(k), Some(o)) if o.2 > k.2 => Some(o),
                (None, o) => o,
                (k, _) => k,
            };
            best.map(|(rated, stars, _)| Reason::BecauseYouRated {
                title: rated.title.clone(),
                stars,
                aspect: aspect(item, rated),
            })
        };
        if method == Method::Content {
            return content().unwrap_or(Reason::Popular);
        }
        // A strong content tie (same director, shared cast) is the most convincing line.
        let has_people = item.director.is_some() || !item.cast.is_empty();
        if method == Method::Hybrid
            && has_people
            && let Some(
                reason @ Reason::BecauseYouRated {
                    stars,
                    aspect: Aspect::SameDirector | Aspect::SameCast(_),
                    ..
                },
            ) = content()
            && stars >= liked
        {
            return reason;
        }
        let graph_row = |a: &Csr| anchor(a, &stars, i, |x| if x >= liked { x } else { 0.0 });
        if let Some((j, _, _)) = graph_row(&self.items.lists) {
            return Reason::AlsoLiked {
                title: self.title(j).to_string(),
            };
        }
        let fans = neighbours
            .iter()
            .filter(|&&(_, v)| {
                self.ratings
                    .by_user
                    .get(v as usize, i)
                    .is_some_and(|x| x >= 4.0)
            })
            .count();
        if fans > 0 {
            return Reason::SimilarUsers { count: fans };
        }
        content().unwrap_or(Reason::Popular)
    }
}
