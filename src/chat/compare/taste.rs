//! Taste compatibility between two people from their ratings alone (pure: no store, no
//! model): how much they agree on the films both rated, the favourites they share and the
//! film they disagree on most. `/compare` words the result (`super`).

use std::collections::HashMap;

use moviebot_protocol::Stars;

use crate::domain::MovieId;
use crate::store::StoredRating;

/// Below this many films rated by both, no agreement percentage is given: one or two films
/// say too little, and a "100%" from one shared film would mislead.
pub const MIN_SHARED: usize = 3;

/// The widest gap two ratings can have on the 0.5–5 scale.
const MAX_GAP: f64 = 4.5;

/// A rating at least this high makes a film a favourite.
pub const FAVOURITE: f64 = 4.0;

/// How many shared favourites are listed.
pub const FAVOURITES_SHOWN: usize = 3;

/// A film both people rated, with each one's stars.
#[derive(Debug, Clone, PartialEq)]
pub struct Both {
    pub movie: MovieId,
    pub title: String,
    pub mine: Stars,
    pub theirs: Stars,
}

impl Both {
    /// How far apart the two ratings are, in stars.
    pub fn gap(&self) -> f64 {
        (self.mine.get() as f64 - self.theirs.get() as f64).abs()
    }

    /// The lower of the two ratings: a shared favourite is as strong as its weaker liking.
    fn lower(&self) -> f64 {
        self.mine.get().min(self.theirs.get()) as f64
    }

    fn higher(&self) -> f64 {
        self.mine.get().max(self.theirs.get()) as f64
    }
}

/// Two people's tastes side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Taste {
    /// How many films both rated.
    pub shared: usize,
    /// The agreement in per cent (0–100) over the films both rated, `None` with fewer than
    /// [`MIN_SHARED`] of them. See [`agreement`].
    pub agreement: Option<u8>,
    /// How many films both rated [`FAVOURITE`] or higher.
    pub favourites_total: usize,
    /// The strongest of those, at most [`FAVOURITES_SHOWN`]: by the lower of the two ratings,
    /// then the higher, then title.
    pub favourites: Vec<Both>,
    /// The film both rated with the widest gap between them (ties: the higher rating, then
    /// title); `None` when they rated every shared film the same.
    pub disagreement: Option<Both>,
}

/// Agreement in per cent over films both rated: `100 × (1 − mean |mine − theirs| / 4.5)`,
/// rounded to the nearest whole per cent. 4.5 stars is the widest possible gap (0.5 against
/// 5), so identical ratings are 100%, every film at opposite ends is 0%, and each star of
/// average difference costs about 22 points. `None` for no films.
pub fn agreement(gaps: &[f64]) -> Option<u8> {
    if gaps.is_empty() {
        return None;
    }
    let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
    let per_cent = 100.0 * (1.0 - mean / MAX_GAP);
    Some(per_cent.round().clamp(0.0, 100.0) as u8)
}

/// Compares `mine` with `theirs` (each person's ratings, one per film).
pub fn compare(mine: &[StoredRating], theirs: &[StoredRating]) -> Taste {
    let theirs: HashMap<MovieId, Stars> = theirs.iter().map(|r| (r.movie, r.rating)).collect();
    let both: Vec<Both> = mine
        .iter()
        .filter_map(|r| {
            Some(Both {
                movie: r.movie,
                title: r.title.clone(),
                mine: r.rating,
                theirs: *theirs.get(&r.movie)?,
            })
        })
        .collect();
    let gaps: Vec<f64> = both.iter().map(Both::gap).collect();
    let agreement = agreement(&gaps).filter(|_| both.len() >= MIN_SHARED);

    let mut favourites: Vec<Both> = both
        .iter()
        .filter(|b| b.lower() >= FAVOURITE)
        .cloned()
        .collect();
    favourites.sort_by(|a, b| {
        b.lower()
            .total_cmp(&a.lower())
            .then(b.higher().total_cmp(&a.higher()))
            .then_with(|| a.title.cmp(&b.title))
            .then(a.movie.0.cmp(&b.movie.0))
    });
    let favourites_total = favourites.len();
    favourites.truncate(FAVOURITES_SHOWN);

    let disagreement = both
        .iter()
        .filter(|b| b.gap() > 0.0)
        .min_by(|a, b| {
            b.gap()
                .total_cmp(&a.gap())
                .then(b.higher().total_cmp(&a.higher()))
                .then_with(|| a.title.cmp(&b.title))
                .then(a.movie.0.cmp(&b.movie.0))
        })
        .cloned();

    Taste {
        shared: both.len(),
        agreement,
        favourites_total,
        favourites,
        disagreement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rated(list: &[(i64, f64)]) -> Vec<StoredRating> {
        list.iter()
            .map(|&(m, s)| StoredRating::for_test(m, s))
            .collect()
    }

    fn titles(list: &[Both]) -> Vec<i64> {
        list.iter().map(|b| b.movie.0).collect()
    }

    #[test]
    fn agreement_is_one_minus_the_mean_gap_over_the_widest_gap() {
        assert_eq!(agreement(&[]), None);
        assert_eq!(agreement(&[0.0, 0.0, 0.0]), Some(100));
        assert_eq!(agreement(&[4.5, 4.5, 4.5]), Some(0));
        // Mean gap 1 star: 100 × (1 − 1/4.5) = 77.8 → 78.
        assert_eq!(agreement(&[0.0, 1.0, 2.0]), Some(78));
        // Mean gap 0.5: 88.9 → 89; mean gap 2.25: exactly 50.
        assert_eq!(agreement(&[0.5, 0.5, 0.5, 0.5]), Some(89));
        assert_eq!(agreement(&[0.0, 4.5]), Some(50));
        // The mean, not the sum or the largest gap.
        assert_eq!(agreement(&[3.0, 0.0, 0.0, 0.0, 0.0, 0.0]), Some(89));
    }

    #[test]
    fn compares_only_films_both_rated() {
        let mine = rated(&[(1, 5.0), (2, 4.0), (3, 2.0), (4, 3.0), (9, 1.0)]);
        let theirs = rated(&[(1, 4.5), (2, 4.0), (3, 4.0), (4, 3.0), (8, 5.0)]);
        let t = compare(&mine, &theirs);
        assert_eq!(t.shared, 4);
        // Gaps 0.5, 0, 2, 0 → mean 0.625 → 100 × (1 − 0.625/4.5) = 86.1.
        assert_eq!(t.agreement, Some(86));
        // Symmetric.
        let back = compare(&theirs, &mine);
        assert_eq!(back.agreement, t.agreement);
        assert_eq!(back.shared, t.shared);
        let d = t.disagreement.unwrap();
        assert_eq!((d.movie.0, d.mine.get(), d.theirs.get()), (3, 2.0, 4.0));
        let d = back.disagreement.unwrap();
        assert_eq!(
            (d.mine.get(), d.theirs.get()),
            (4.0, 2.0),
            "from the asker's side"
        );
    }

    #[test]
    fn too_few_shared_films_give_no_percentage() {
        let mine = rated(&[(1, 5.0), (2, 5.0), (3, 1.0)]);
        let theirs = rated(&[(1, 5.0), (2, 5.0), (4, 1.0)]);
        let t = compare(&mine, &theirs);
        assert_eq!((t.shared, t.agreement), (2, None));
        assert_eq!(titles(&t.favourites), [1, 2], "favourites are still shared");
        let t = compare(&mine, &rated(&[(7, 3.0)]));
        assert_eq!((t.shared, t.agreement, t.disagreement), (0, None, None));
        assert!(t.favourites.is_empty());
    }

    #[test]
    fn shared_favourites_are_rated_four_or_more_by_both_strongest_first() {
        let mine = rated(&[(1, 4.0), (2, 5.0), (3, 5.0), (4, 3.5), (5, 4.5), (6, 5.0)]);
        let theirs = rated(&[(1, 5.0), (2, 4.5), (3, 5.0), (4, 5.0), (5, 4.5), (6, 4.0)]);
        let t = compare(&mine, &theirs);
        // 4 (3.5 against 5) is not a favourite of both; by the lower rating: 3 (5/5), then
        // 2 and 5 (4.5 each; 2 has the higher other rating), then 1 and 6 (4).
        assert_eq!(t.favourites_total, 5);
        assert_eq!(titles(&t.favourites), [3, 2, 5]);
    }

    #[test]
    fn the_biggest_disagreement_is_the_widest_gap_and_none_when_all_agree() {
        let mine = rated(&[(1, 1.0), (2, 5.0), (3, 3.0)]);
        let theirs = rated(&[(1, 4.5), (2, 1.5), (3, 3.0)]);
        // Both gaps are 3.5: the one with the higher rating (5 stars) wins the tie.
        let d = compare(&mine, &theirs).disagreement.unwrap();
        assert_eq!(d.movie.0, 2);
        assert_eq!(d.gap(), 3.5);
        let same = rated(&[(1, 3.0), (2, 4.0), (3, 0.5)]);
        let t = compare(&same, &same);
        assert_eq!((t.agreement, t.disagreement), (Some(100), None));
    }
}
