//! Lasting exclusions as the user meets them: "not that one" and "never show me Titanic"
//! store a film never to recommend again, "less of this" stores a down-weight on what sets
//! the film apart (its rarest genre, else its director or a keyword) and says which; each
//! reply has an undo button, `/profile` lists them all with one, and a press undoes one.
//! The picks service reads them for every recommendation (`picks.rs`).

use moviebot_protocol::{Action, Reply};

use super::answers::Answers;
use super::core::Turn;
use super::intent::ParsedIntent;
use super::library::Library;
use crate::domain::MovieId;
use crate::store::{Exclusion, ExclusionKind, MovieRecord, NewExclusion};

/// Undo buttons `/profile` shows at most (the newest exclusions).
const PROFILE_UNDO: usize = 10;

/// What a "less of this" about `film` down-weights: the film's genre that is rarest in the
/// library (the one that sets it apart), else its director, else its first keyword.
pub fn characteristic(film: &MovieRecord, lib: &Library) -> Option<(ExclusionKind, String)> {
    let genres = &film.movie.genres;
    if !genres.is_empty() {
        let count = |g: &String| lib.records().filter(|m| m.movie.genres.contains(g)).count();
        // Ties go to the genre listed first (TMDb lists the main one first).
        let rarest = genres
            .iter()
            .enumerate()
            .min_by_key(|(i, g)| (count(g), *i))
            .map(|(_, g)| g.clone())?;
        return Some((ExclusionKind::Genre, rarest));
    }
    if let Some(d) = film
        .movie
        .director
        .as_ref()
        .filter(|d| !d.trim().is_empty())
    {
        return Some((ExclusionKind::Person, d.clone()));
    }
    film.movie
        .keywords
        .first()
        .map(|k| (ExclusionKind::Keyword, k.clone()))
}

/// "Romance films", "films with James Cameron", "films about time travel".
fn described(kind: ExclusionKind, name: &str) -> String {
    match kind {
        ExclusionKind::Genre => format!("{name} films"),
        ExclusionKind::Person => format!("films with {name}"),
        ExclusionKind::Keyword => format!("films about {name}"),
        ExclusionKind::Film => name.to_string(),
    }
}

fn undo(e: &Exclusion, slot: u8) -> Action {
    Action::Unexclude {
        exclusion: e.id,
        slot,
    }
}

impl Answers {
    /// Stores that `id` is never to be recommended to the user again (also hidden for the
    /// rest of this session at once); returns the stored exclusion.
    pub(super) async fn exclude_film(
        &self,
        turn: &Turn<'_>,
        id: MovieId,
    ) -> anyhow::Result<Exclusion> {
        self.sessions.exclude(turn.user, id);
        let new = NewExclusion::Film {
            movie: id,
            title: self.title_of(id),
        };
        Ok(self.ratings.exclude(turn.user, &new).await?.0)
    }

    /// The film a "never …" or "less …" message is about: the one it names, else the card it
    /// points at (or the film talked about, else the first of the last list).
    async fn excluded_film(
        &self,
        turn: &Turn<'_>,
        p: &ParsedIntent,
    ) -> Result<std::sync::Arc<MovieRecord>, Reply> {
        if p.filters.title.is_some() || p.pick.is_some() || p.pick_last {
            return self.film_meant(turn, p, p.filters.title.as_ref()).await;
        }
        self.pointed_film(turn, p)
            .and_then(|id| self.library().get(id).cloned())
            .ok_or_else(|| {
                Reply::text(
                    "Which film? Say e.g. \"never show me Titanic\", or ask for some films first \
                     and say it about one of them.",
                )
            })
    }

    /// "never show me Titanic": the film is never recommended again, on any platform.
    pub(super) async fn never(&self, turn: &Turn<'_>, p: &ParsedIntent) -> anyhow::Result<Reply> {
        let film = match self.excluded_film(turn, p).await {
            Ok(f) => f,
            Err(reply) => return Ok(reply),
        };
        let e = self.exclude_film(turn, film.id).await?;
        Ok(Reply::text(format!(
            "Got it — I'll never recommend {} again. (Changed your mind? Undo, here or in \
             /profile.)",
            film.movie.title
        ))
        .with_actions([undo(&e, 0)]))
    }

    /// "less of this": down-weights what sets the film apart, and says what that is.
    pub(super) async fn less_like(
        &self,
        turn: &Turn<'_>,
        p: &ParsedIntent,
    ) -> anyhow::Result<Reply> {
        let film = match self.excluded_film(turn, p).await {
            Ok(f) => f,
            Err(reply) => return Ok(reply),
        };
        let Some((kind, name)) = characteristic(&film, &self.library()) else {
            return Ok(Reply::text(format!(
                "I don't know enough about {} to tell what to show less of. Try \"no westerns\" \
                 or \"without Adam Sandler\" in your next request.",
                film.movie.title
            )));
        };
        let new = NewExclusion::DownWeight {
            kind,
            name: name.clone(),
        };
        let (e, _) = self.ratings.exclude(turn.user, &new).await?;
        let why = match kind {
            ExclusionKind::Genre => format!("the genre that sets {} apart", film.movie.title),
            _ => format!("from {}", film.movie.title),
        };
        Ok(Reply::text(format!(
            "Noted: fewer {} from now on ({why}). They're down-weighted, not hidden — a great \
             match can still come up.",
            described(kind, &name)
        ))
        .with_actions([undo(&e, 0)]))
    }

    /// An undo button pressed: the exclusion is gone (only the presser's own).
    pub(super) async fn unexclude(&self, turn: &Turn<'_>, exclusion: i64) -> anyhow::Result<Reply> {
        let text = match self.ratings.unexclude(turn.user, exclusion).await? {
            Some(e) if e.kind == ExclusionKind::Film => {
                format!("Undone: {} can be recommended again.", e.label)
            }
            Some(e) => format!(
                "Undone: {} are back to their usual weight.",
                described(e.kind, &e.label)
            ),
            None => "That's already undone.".to_string(),
        };
        Ok(Reply::text(text).ephemeral())
    }

    /// `/profile`'s lines about exclusions, and an undo button for each of the newest.
    pub(super) async fn profile_exclusions(
        &self,
        turn: &Turn<'_>,
    ) -> anyhow::Result<(String, Vec<Action>)> {
        let all = self.ratings.exclusions(turn.user).await?;
        let newest: Vec<&Exclusion> = all.iter().rev().take(PROFILE_UNDO).collect();
        let mut films = Vec::new();
        let mut less = Vec::new();
        let mut actions = Vec::new();
        for (i, e) in newest.iter().enumerate() {
            let slot = i as u8 + 1;
            actions.push(undo(e, slot));
            let line = format!("{slot}. {}", e.label);
            match e.kind {
                ExclusionKind::Film => films.push(line),
                kind => less.push(format!("{line} ({})", kind.as_str())),
            }
        }
        let mut text = String::new();
        if !films.is_empty() {
            text.push_str(&format!("\nNever recommended: {}", films.join(" · ")));
        }
        if !less.is_empty() {
            text.push_str(&format!("\nShown less: {}", less.join(" · ")));
        }
        if all.len() > newest.len() {
            text.push_str(&format!(
                " (the {} newest of {}, each with an undo button)",
                newest.len(),
                all.len()
            ));
        }
        Ok((text, actions))
    }
}
