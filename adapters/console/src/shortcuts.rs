//! Typed shortcuts → protocol events: `rate 2 4.5` presses the ★ button of card 2, `more`
//! the "Next" button, and so on. Anything else is free text (or a `/command`).

use moviebot_protocol::{Action, Command, Genre, Incoming, PublicMovieId, Reply, Stars};

/// What the last reply showed: the cards' ids and the reply's own buttons.
#[derive(Debug, Clone, Default)]
pub struct Screen {
    pub cards: Vec<PublicMovieId>,
    pub actions: Vec<Action>,
    /// The reply's on/off buttons' actions, in order (`toggle 2` presses the second).
    pub toggles: Vec<Action>,
}

impl Screen {
    pub fn from_reply(reply: &Reply) -> Self {
        Self {
            cards: reply.cards.iter().map(|c| c.id).collect(),
            actions: reply.actions.clone(),
            toggles: reply.toggles.iter().map(|t| t.action.clone()).collect(),
        }
    }

    fn card(&self, n: &str) -> Option<PublicMovieId> {
        let i: usize = n.parse().ok()?;
        self.cards.get(i.checked_sub(1)?).copied()
    }
}

pub fn interpret(line: &str, screen: &Screen) -> Incoming {
    let line = line.trim();
    if let Some(cmd) = line.strip_prefix('/') {
        let (name, args) = cmd.split_once(char::is_whitespace).unwrap_or((cmd, ""));
        return Incoming::command(Command::from_text(name, args));
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let action = match lower
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["rate", n, stars] => screen.card(n).and_then(|movie| {
            let s: f32 = stars.trim_end_matches(['★', '*']).parse().ok()?;
            Some(Action::Rate {
                movie,
                stars: Stars::new(s)?,
            })
        }),
        ["like", n] => screen.card(n).map(|movie| Action::MoreLikeThis { movie }),
        ["where", n] => screen.card(n).map(|movie| Action::WhereToWatch {
            movie,
            region: None,
        }),
        ["watch", n] => screen.card(n).map(|movie| Action::WatchlistAdd { movie }),
        ["unwatch", n] => screen
            .card(n)
            .map(|movie| Action::WatchlistRemove { movie }),
        ["info", n] => screen.card(n).map(|movie| Action::Details { movie }),
        ["not", n] => screen.card(n).map(|movie| Action::NotInterested { movie }),
        ["more"] | ["next"] => screen
            .actions
            .iter()
            .find(|a| matches!(a, Action::NextPage { .. }))
            .cloned(),
        ["back"] | ["prev"] => screen
            .actions
            .iter()
            .find(|a| matches!(a, Action::PrevPage { .. }))
            .cloned(),
        ["genre", rest @ ..] => {
            Genre::from_name(&rest.join(" ")).map(|genre| Action::PickGenre { genre })
        }
        ["picks"] => Some(Action::ShowPicks),
        ["toggle", n] => n
            .parse::<usize>()
            .ok()
            .and_then(|i| screen.toggles.get(i.checked_sub(1)?).cloned()),
        ["undo"] | ["undo", _] => lower
            .get(1)
            .map_or(Some(0), |n| n.parse::<u8>().ok())
            .and_then(|slot| {
                screen
                    .actions
                    .iter()
                    .find(|a| matches!(a, Action::Unexclude { slot: s, .. } if *s == slot))
                    .cloned()
            }),
        ["yes"] if screen.actions.contains(&Action::ConfirmForget) => Some(Action::ConfirmForget),
        ["no"] if screen.actions.contains(&Action::Cancel) => Some(Action::Cancel),
        _ => None,
    };
    match action {
        Some(a) => Incoming::Action(a),
        None => Incoming::Text(line.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_press_the_right_buttons() {
        let screen = Screen {
            cards: vec![PublicMovieId(949), PublicMovieId(550)],
            actions: vec![Action::NextPage { query: 7, page: 1 }],
            toggles: vec![Action::SetService {
                provider: 8,
                on: true,
            }],
        };
        assert_eq!(
            interpret("toggle 1", &screen),
            Incoming::Action(Action::SetService {
                provider: 8,
                on: true
            })
        );
        assert_eq!(
            interpret("toggle 2", &screen),
            Incoming::Text("toggle 2".into())
        );
        assert_eq!(
            interpret("rate 2 4.5", &screen),
            Incoming::Action(Action::Rate {
                movie: PublicMovieId(550),
                stars: Stars::new(4.5).unwrap()
            })
        );
        assert_eq!(
            interpret("like 1", &screen),
            Incoming::Action(Action::MoreLikeThis {
                movie: PublicMovieId(949)
            })
        );
        assert_eq!(
            interpret("more", &screen),
            Incoming::Action(Action::NextPage { query: 7, page: 1 })
        );
        assert_eq!(
            interpret("rate 9 4", &screen),
            Incoming::Text("rate 9 4".into()),
            "no card 9"
        );
        assert_eq!(
            interpret("rate 1 7", &screen),
            Incoming::Text("rate 1 7".into()),
            "no 7 stars"
        );
        assert_eq!(
            interpret("/rate Heat 4", &screen),
            Incoming::Command(Command::Rate {
                title: moviebot_protocol::command::FilmRef("Heat".into()),
                stars: Stars::new(4.0)
            })
        );
        assert_eq!(
            interpret("movies like Heat", &screen),
            Incoming::Text("movies like Heat".into())
        );
    }
}
