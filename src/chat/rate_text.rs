//! Ratings said in words: "I'd give Heat 4 stars", "rate number 2 five stars", "give the last
//! one 3", and opinions read as ratings ("Titanic was awful" → 1★), which are stored at once
//! and answered with what was stored and an undo button ([`Action::UndoRating`]).

use moviebot_protocol::{Action, Reply, Stars};

use super::answers::Answers;
use super::core::Turn;
use super::intent::ParsedIntent;
use super::library::public_id;
use crate::domain::MovieId;

impl Answers {
    pub(super) async fn rate_text(
        &self,
        turn: &Turn<'_>,
        p: &ParsedIntent,
    ) -> anyhow::Result<Reply> {
        let film = match self.film_meant(turn, p, p.filters.title.as_ref()).await {
            Ok(f) => f,
            Err(reply) => return Ok(reply),
        };
        let Some(stars) = p.rating else {
            let film = self.films.with_posters(vec![film]).await.remove(0);
            let c = self.films.card(&film, None, None);
            return Ok(Reply::text(format!(
                "How many stars would you give {}?",
                film.movie.title
            ))
            .with_cards([c]));
        };
        // The parser reads loosely typed numbers ("7", "4.3"); only half stars are kept.
        let Some(stars) = Stars::new(stars) else {
            return Ok(Reply::text(format!(
                "Hmm, a rating is 0.5 to 5 stars in half steps, got {stars}."
            )));
        };
        if !p.opinion {
            return self.rate(turn, film.id, stars).await;
        }
        let previous = self.ratings.stars_for(turn.user, film.id).await?;
        let mut reply = self.rate(turn, film.id, stars).await?;
        let was = match previous {
            Some(p) if p != stars => format!(" (it was {p}★)"),
            _ => String::new(),
        };
        reply.text = format!(
            "Noted: {} {stars}★ — that's how I read what you said{was}. Not right? Undo it, or \
             press the stars.",
            film.movie.title
        );
        Ok(reply.with_actions([Action::UndoRating {
            movie: public_id(&film),
            previous,
        }]))
    }

    /// Takes back a rating read from an opinion: the earlier stars again, or none.
    pub(super) async fn undo_rating(
        &self,
        turn: &Turn<'_>,
        movie: MovieId,
        previous: Option<Stars>,
    ) -> anyhow::Result<Reply> {
        let title = self.title_of(movie);
        match previous {
            Some(stars) => {
                let mut reply = self.rate(turn, movie, stars).await?;
                reply.text = format!("Undone: {title} is back to {stars}★.");
                Ok(reply)
            }
            None => {
                let mut reply = self.unrate(turn, movie).await?;
                reply.text = format!("Undone: {title} has no rating from you now.");
                Ok(reply)
            }
        }
    }
}
