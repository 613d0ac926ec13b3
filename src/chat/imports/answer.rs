//! The reply to an `ImportPick` button: what was stored for the chosen film.

use moviebot_protocol::{PublicMovieId, Reply};

use super::Picked;
use crate::chat::answers::Answers;
use crate::chat::core::Turn;

impl Answers {
    pub(in crate::chat) async fn import_pick(
        &self,
        turn: &Turn<'_>,
        staging: i64,
        public: PublicMovieId,
    ) -> anyhow::Result<Reply> {
        let Some(film) = self.films.by_public(public).await else {
            return Ok(Reply::text("I can't find that film any more.").ephemeral());
        };
        let text = match self.imports.pick(turn.user, staging, film.id).await? {
            Picked::Gone => {
                "That choice was already made, or it expired (choices from an import are kept \
                 for 7 days)."
                    .to_string()
            }
            Picked::NotOffered => "That film wasn't one of the choices.".to_string(),
            Picked::Applied {
                title,
                year,
                stars,
                watchlist,
                kept,
            } => {
                let film = match year {
                    Some(y) => format!("{title} ({y})"),
                    None => title,
                };
                match (stars, watchlist, kept) {
                    (Some(s), _, true) => format!(
                        "{film}: you've rated it here since, so your rating stays (the file \
                         said ★{s})."
                    ),
                    (Some(s), _, false) => format!("Stored ★{s} for {film} from your import."),
                    (None, true, _) => format!("Added {film} to your watchlist from your import."),
                    (None, false, _) => format!("Noted: you've seen {film}."),
                }
            }
        };
        Ok(Reply::text(text).ephemeral())
    }
}
