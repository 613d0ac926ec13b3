//! The words of a movie night's message at each stage: who is in and out, the shortlist
//! with its tally and reasons, the result.

use std::collections::HashMap;

use super::tally;
use crate::domain::UserId;
use crate::store::NightState;

/// What a night's message is drawn from.
pub struct View<'a> {
    pub state: &'a NightState,
    pub names: &'a HashMap<UserId, String>,
    /// Shortlist titles by slot.
    pub titles: &'a HashMap<u8, String>,
    /// What was asked for ("comedy films under 120 minutes").
    pub asked: Option<String>,
    pub now: i64,
}

/// "Ana and Bo rated similar films highly", or a general line when nobody stands out.
pub fn reason(fans: &[&str]) -> String {
    match fans {
        [] => "a good fit for everyone's ratings".into(),
        [one] => format!("{one} rated similar films highly"),
        [init @ .., last] => format!("{} and {last} rated similar films highly", init.join(", ")),
    }
}

impl View<'_> {
    fn name(&self, u: UserId) -> &str {
        self.names.get(&u).map_or("someone", String::as_str)
    }

    fn heading(&self) -> String {
        let night = &self.state.night;
        let mut s = format!(
            "🎬 Movie night, organised by {}",
            self.name(night.organiser)
        );
        if let Some(asked) = &self.asked {
            s.push_str(&format!(" — {asked}"));
        }
        if let Some(t) = night.starts_at {
            s.push_str(&format!("\nStarts {}", starts(t, self.now)));
        }
        s
    }

    fn list(&self, attending: bool) -> Vec<&str> {
        self.state
            .members
            .iter()
            .filter(|(_, a)| *a == attending)
            .map(|(u, _)| self.name(*u))
            .collect()
    }

    pub fn signup(&self) -> String {
        let ins = self.list(true);
        let outs = self.list(false);
        let mut s = self.heading();
        s.push_str(&format!("\n\nIn ({}): {}", ins.len(), ins.join(", ")));
        if !outs.is_empty() {
            s.push_str(&format!("\nOut: {}", outs.join(", ")));
        }
        s.push_str(&format!(
            "\n\nPress I'm in if you're watching. {} presses Pick for a shortlist made for \
             the people who are in.",
            self.name(self.state.night.organiser)
        ));
        s
    }

    fn shortlist(&self, show_voters: bool) -> String {
        let counts = tally::counts(&self.state.films, &self.state.votes);
        let mut s = String::new();
        for (f, c) in self.state.films.iter().zip(&counts) {
            let title = self.titles.get(&f.slot).map_or("?", String::as_str);
            let votes = match c.votes {
                1 => "1 vote".to_string(),
                n => format!("{n} votes"),
            };
            s.push_str(&format!("\n{}. {title} — {votes}", f.slot));
            if show_voters && !c.voters.is_empty() {
                let who: Vec<&str> = c.voters.iter().map(|u| self.name(*u)).collect();
                s.push_str(&format!(" ({})", who.join(", ")));
            }
            s.push_str(&format!("\n   {}", f.reason));
        }
        s
    }

    pub fn voting(&self) -> String {
        let ins = self.list(true);
        format!(
            "{}\nWatching ({}): {}\n{}\n\nOne vote each; you can change it until {} closes the \
             vote{}.",
            self.heading(),
            ins.len(),
            ins.join(", "),
            self.shortlist(true),
            self.name(self.state.night.organiser),
            if self.state.night.starts_at.is_some() {
                " or it starts"
            } else {
                ""
            }
        )
    }

    pub fn closed(&self) -> String {
        let night = &self.state.night;
        let mut s = format!("{}\n{}\n\n", self.heading(), self.shortlist(true));
        match night
            .winner
            .and_then(|w| self.state.films.iter().find(|f| f.movie == w))
        {
            Some(f) => {
                let title = self.titles.get(&f.slot).map_or("?", String::as_str);
                s.push_str(&format!("🏆 Tonight: {title}"));
                if night.tie_broken {
                    s.push_str(" — a tie, broken by the group's predicted ratings");
                }
            }
            None => s.push_str("Nobody voted, so there is no winner this time."),
        }
        s
    }
}

/// "in 1 h 30 min", "now".
fn starts(at: i64, now: i64) -> String {
    let mins = (at - now).max(0) / 60;
    match (mins / 60, mins % 60) {
        (0, 0) => "now".into(),
        (0, m) => format!("in {m} min"),
        (h, 0) => format!("in {h} h"),
        (h, m) => format!("in {h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_name_the_attendees() {
        assert_eq!(
            reason(&["Ana", "Bo"]),
            "Ana and Bo rated similar films highly"
        );
        assert_eq!(
            reason(&["Ana", "Bo", "Cy"]),
            "Ana, Bo and Cy rated similar films highly"
        );
        assert_eq!(reason(&[]), "a good fit for everyone's ratings");
    }

    #[test]
    fn start_times_read_naturally() {
        assert_eq!(starts(5400, 0), "in 1 h 30 min");
        assert_eq!(starts(7200, 0), "in 2 h");
        assert_eq!(starts(600, 0), "in 10 min");
        assert_eq!(starts(0, 100), "now");
    }
}
