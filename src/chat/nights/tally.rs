//! A movie night's vote counted: votes per film of the shortlist and the winner, ties broken
//! by the group score (said so).

use crate::domain::UserId;
use crate::store::NightFilm;

/// The count for one film of the shortlist.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub slot: u8,
    pub votes: usize,
    /// Who voted for it, in the order they voted.
    pub voters: Vec<UserId>,
}

/// Votes per film, in shortlist order (films without votes included).
pub fn counts(films: &[NightFilm], votes: &[(UserId, u8)]) -> Vec<Count> {
    films
        .iter()
        .map(|f| {
            let voters: Vec<UserId> = votes
                .iter()
                .filter(|(_, s)| *s == f.slot)
                .map(|(u, _)| *u)
                .collect();
            Count {
                slot: f.slot,
                votes: voters.len(),
                voters,
            }
        })
        .collect()
}

/// The winning slot and whether a tie was broken by the group score; `None` when nobody
/// voted.
pub fn winner(films: &[NightFilm], votes: &[(UserId, u8)]) -> Option<(u8, bool)> {
    let counts = counts(films, votes);
    let top = counts.iter().map(|c| c.votes).max().filter(|&v| v > 0)?;
    let tied: Vec<&NightFilm> = films
        .iter()
        .zip(&counts)
        .filter(|(_, c)| c.votes == top)
        .map(|(f, _)| f)
        .collect();
    let best = tied
        .iter()
        .max_by(|a, b| a.score.total_cmp(&b.score).then(b.slot.cmp(&a.slot)))?;
    Some((best.slot, tied.len() > 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::MovieId;

    fn film(slot: u8, score: f64) -> NightFilm {
        NightFilm {
            slot,
            movie: MovieId(100 + slot as i64),
            score,
            reason: String::new(),
        }
    }

    #[test]
    fn most_votes_win() {
        let films = [film(1, 0.9), film(2, 0.5), film(3, 0.1)];
        let votes = [(UserId(1), 2), (UserId(2), 2), (UserId(3), 1)];
        assert_eq!(winner(&films, &votes), Some((2, false)));
        let c = counts(&films, &votes);
        assert_eq!(c[1].votes, 2);
        assert_eq!(c[1].voters, vec![UserId(1), UserId(2)]);
        assert_eq!(c[2].votes, 0);
    }

    #[test]
    fn a_tie_goes_to_the_higher_group_score_and_says_so() {
        let films = [film(1, 0.4), film(2, 0.8), film(3, 0.9)];
        let votes = [(UserId(1), 1), (UserId(2), 2)];
        assert_eq!(winner(&films, &votes), Some((2, true)));
    }

    #[test]
    fn no_votes_no_winner() {
        assert_eq!(winner(&[film(1, 1.0)], &[]), None);
    }
}
