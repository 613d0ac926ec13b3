//! `/compare`: two members' taste side by side, in a server or group only. Owns the checks
//! (a group, a person the platform identified, not a bot, not the asker, a member of this
//! conversation, ratings on both sides), the wording, and the one film picked for both; the
//! maths is `taste.rs`.
//!
//! Privacy: the answer shows another member's ratings to the group — that is the feature — so
//! it is only given for someone who has taken part in this very conversation. Anyone else,
//! known to moviebot elsewhere or not at all, gets the same sentence.

mod taste;

use moviebot_protocol::command::Member;
use moviebot_protocol::{Platform, Reply, Stars};

use super::answers::Answers;
use super::core::Turn;
use crate::domain::{MovieId, UserId};
use crate::recommend::Filters;
use taste::{Both, FAVOURITE, MIN_SHARED, Taste};

/// How to name the other member on each platform.
fn how_to_pick(platform: Platform) -> &'static str {
    match platform {
        Platform::Telegram => {
            "send /compare as a reply to one of their messages (a typed @username doesn't \
             tell me who they are)"
        }
        Platform::Discord => "pick them in /compare's member option",
        Platform::Console | Platform::Http => "name a member I know in this group",
    }
}

/// "Heat (you ★5, Bob ★4.5)", or "Heat (★4.5 each)".
fn both_rated(b: &Both, name: &str) -> String {
    if b.mine == b.theirs {
        format!("{} (★{} each)", b.title, b.mine)
    } else {
        format!("{} (you ★{}, {name} ★{})", b.title, b.mine, b.theirs)
    }
}

fn films(n: usize) -> String {
    match n {
        1 => "1 film".to_string(),
        n => format!("{n} films"),
    }
}

/// The comparison in words (everything but the joint pick).
fn describe(taste: &Taste, name: &str) -> String {
    let mut lines = Vec::new();
    lines.push(match (taste.shared, taste.agreement) {
        (0, _) => format!(
            "You and {name} haven't rated any of the same films yet, so I can't say how \
             your tastes match."
        ),
        (n, Some(pc)) => format!(
            "You and {name}: {pc}% agreement over {} you both rated.",
            films(n)
        ),
        (n, None) => format!(
            "You and {name} have rated only {} in common — too few for a fair agreement \
             score (I need {MIN_SHARED}).",
            films(n)
        ),
    });
    if !taste.favourites.is_empty() {
        let list: Vec<String> = taste
            .favourites
            .iter()
            .map(|b| both_rated(b, name))
            .collect();
        let more = taste.favourites_total - taste.favourites.len();
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        lines.push(format!("Shared favourites: {}{tail}.", list.join(", ")));
    } else if taste.shared > 0 {
        lines.push(format!(
            "No shared favourites yet (films you both rated ★{FAVOURITE} or more)."
        ));
    }
    if let Some(d) = &taste.disagreement {
        lines.push(format!(
            "Biggest disagreement: {} — you ★{}, {name} ★{}.",
            d.title, d.mine, d.theirs
        ));
    } else if taste.shared > 0 {
        lines.push("You rated every film you share exactly the same.".to_string());
    }
    lines.join("\n")
}

impl Answers {
    /// Answers `/compare` with `member` (as the platform identified them, if it could).
    pub(super) async fn compare(
        &self,
        turn: &Turn<'_>,
        member: Option<&Member>,
    ) -> anyhow::Result<Reply> {
        let conv = turn.conversation;
        if !conv.is_group() {
            return Ok(Reply::text(
                "/compare works in a server or group chat: it compares your taste with \
                 another member's there.",
            ));
        }
        let how = how_to_pick(conv.platform);
        let (id, name, bot) = match member {
            None => return Ok(Reply::text(format!("Compare with whom? {}.", cap(how)))),
            Some(Member::Named(words)) => {
                return Ok(Reply::text(format!(
                    "I can't tell who \"{words}\" is from a name alone — {how}."
                )));
            }
            Some(Member::User { id, name, bot }) => (id, name.as_str(), *bot),
        };
        let name = if name.trim().is_empty() {
            "that member"
        } else {
            name
        };
        if bot {
            return Ok(Reply::text(format!(
                "{name} is a bot, and bots don't rate films — compare yourself with a person."
            )));
        }
        let Some(other) = self.users.member_of(conv, id).await? else {
            return Ok(Reply::text(format!(
                "I haven't seen {name} use moviebot here yet. Once they've rated a few films \
                 here (/rate, or the ★ buttons), ask again."
            )));
        };
        if other == turn.user {
            return Ok(Reply::text(
                "That's you! Pick another member to compare your taste with.",
            ));
        }
        let mine = self.ratings.shared(turn.user).await?;
        let theirs = self.ratings.shared(other).await?;
        if theirs.is_empty() {
            return Ok(Reply::text(format!(
                "{name} hasn't rated any films yet. Once they rate a few (/rate, or the ★ \
                 buttons), ask again."
            )));
        }
        if mine.is_empty() {
            return Ok(Reply::text(format!(
                "You haven't rated any films yet — rate a few (/rate, or the ★ buttons) and I \
                 can compare you with {name}."
            )));
        }
        let taste = taste::compare(&mine, &theirs);
        let mut text = describe(&taste, name);
        let mut reply = Reply::default();
        if let Some((movie, claim)) = self.joint_pick(turn.user, other, name).await?
            && let Some(m) = self.library().get(movie).cloned()
        {
            text.push('\n');
            text.push_str(&claim.heading(&m.movie.title, name));
            let film = self.films.with_posters(vec![m]).await.remove(0);
            reply = reply.with_cards([self.films.card(&film, Some(claim.why(name)), None)]);
        }
        reply.text = text;
        Ok(reply)
    }

    /// One film neither has rated or turned down, for both: the first of the group picks for
    /// the two whose predicted stars are [`FAVOURITE`] or more for each, else the best group
    /// pick without that claim. `None` when the recommender has nothing.
    async fn joint_pick(
        &self,
        me: UserId,
        other: UserId,
        name: &str,
    ) -> anyhow::Result<Option<(MovieId, Claim)>> {
        let names = ["you".to_string(), name.to_string()];
        let picks = self
            .picks
            .for_group(&[me, other], &names, &Filters::default(), 0)
            .await?;
        let (my_input, their_input) = (self.picks.input(me).await?, self.picks.input(other).await?);
        let predicted: Vec<(MovieId, f32, f32)> = picks
            .iter()
            .map(|(movie, _)| {
                let mine = self.picks.predict(&my_input, *movie);
                (*movie, mine, self.picks.predict(&their_input, *movie))
            })
            .collect();
        Ok(choose(&predicted))
    }
}

/// From group picks in rank order with each one's predicted stars (mine, theirs): the first
/// both are predicted to rate [`FAVOURITE`] or more, else the top pick without that claim.
fn choose(picks: &[(MovieId, f32, f32)]) -> Option<(MovieId, Claim)> {
    let liked = picks
        .iter()
        .find(|(_, mine, theirs)| f64::from(mine.min(*theirs)) >= FAVOURITE);
    match liked {
        Some(&(movie, mine, theirs)) => Some((movie, Claim::BothLikely { mine, theirs })),
        None => picks.first().map(|p| (p.0, Claim::BestJoint)),
    }
}

/// What can honestly be said of the joint pick.
#[derive(Debug, PartialEq)]
enum Claim {
    /// The model predicts both will rate it [`FAVOURITE`] or more (these stars).
    BothLikely { mine: f32, theirs: f32 },
    /// The best pick for both, though the model does not predict that high a rating.
    BestJoint,
}

impl Claim {
    fn heading(&self, title: &str, name: &str) -> String {
        match self {
            Claim::BothLikely { .. } => format!(
                "Neither of you has rated {title}, and I expect you both to give it ★{FAVOURITE} \
                 or more:"
            ),
            Claim::BestJoint => format!(
                "The best pick for you and {name} that neither has rated is {title} (though I \
                 can't promise you'd both give it ★{FAVOURITE}):"
            ),
        }
    }

    fn why(&self, name: &str) -> String {
        match self {
            Claim::BothLikely { mine, theirs } => format!(
                "Predicted: you ★{}, {name} ★{}",
                rounded(*mine),
                rounded(*theirs)
            ),
            Claim::BestJoint => format!("The best match for you and {name} together"),
        }
    }
}

/// A prediction to the half star below it (4.37 → 4): never rounds up to a claim.
fn rounded(stars: f32) -> Stars {
    Stars::new(((stars * 2.0).floor() / 2.0).clamp(0.5, 5.0)).unwrap_or(Stars::MIN)
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoredRating;

    fn rated(list: &[(i64, f64)]) -> Vec<StoredRating> {
        list.iter()
            .map(|&(m, s)| StoredRating::for_test(m, s))
            .collect()
    }

    #[test]
    fn words_the_comparison_with_its_count_and_no_percentage_below_three() {
        let mine = rated(&[(1, 5.0), (2, 4.0), (3, 1.0), (4, 4.5)]);
        let theirs = rated(&[(1, 4.5), (2, 4.0), (3, 5.0), (4, 4.5)]);
        let text = describe(&taste::compare(&mine, &theirs), "Bob");
        // Gaps 0.5, 0, 4, 0 → mean 1.125 → 75%.
        assert!(
            text.contains("75% agreement over 4 films you both rated"),
            "{text}"
        );
        assert!(
            text.contains(
                "Shared favourites: film 1 (you ★5, Bob ★4.5), film 4 (★4.5 each), film 2 (★4 each)."
            ),
            "{text}"
        );
        assert!(
            text.contains("Biggest disagreement: film 3 — you ★1, Bob ★5."),
            "{text}"
        );
        let text = describe(&taste::compare(&mine[..2], &theirs), "Bob");
        assert!(text.contains("only 2 films in common"), "{text}");
        assert!(!text.contains('%'), "{text}");
        let text = describe(&taste::compare(&mine, &rated(&[(9, 3.0)])), "Bob");
        assert!(
            text.contains("haven't rated any of the same films"),
            "{text}"
        );
    }

    #[test]
    fn the_joint_pick_claims_four_stars_only_when_both_predictions_reach_it() {
        let m = MovieId;
        assert_eq!(choose(&[]), None);
        // The top pick falls short for one of them; the next reaches 4 for both.
        let picks = [(m(1), 4.8, 3.9), (m(2), 4.0, 4.2), (m(3), 5.0, 5.0)];
        assert_eq!(
            choose(&picks),
            Some((
                m(2),
                Claim::BothLikely {
                    mine: 4.0,
                    theirs: 4.2
                }
            ))
        );
        // Nobody reaches 4 for both: the top pick, without the claim.
        let picks = [(m(7), 3.9, 4.9), (m(8), 4.5, 3.5)];
        assert_eq!(choose(&picks), Some((m(7), Claim::BestJoint)));
    }

    #[test]
    fn a_prediction_is_never_rounded_up_into_a_claim() {
        assert_eq!(rounded(4.37), Stars::new(4.0).unwrap());
        assert_eq!(rounded(3.99), Stars::new(3.5).unwrap());
        assert_eq!(rounded(5.2), Stars::new(5.0).unwrap());
        assert_eq!(rounded(0.1), Stars::new(0.5).unwrap());
    }
}
