//! A reply as readable terminal text: the message, numbered cards, and the actions available.

use std::fmt::Write;

use moviebot_protocol::{Action, Reply};

pub fn render(reply: &Reply) -> String {
    let mut out = String::new();
    if !reply.text.is_empty() {
        out.push_str(&reply.text);
        out.push('\n');
    }
    for (i, c) in reply.cards.iter().enumerate() {
        let _ = write!(out, "\n{}. {}", i + 1, c.heading());
        let mut facts = Vec::new();
        if let Some(s) = c.score {
            facts.push(format!("★ {s:.1}/10"));
        }
        if let Some(r) = c.runtime {
            facts.push(format!("{}h{:02}", r / 60, r % 60));
        }
        if !c.genres.is_empty() {
            facts.push(c.genres.join(", "));
        }
        if let Some(mine) = c.user_rating {
            facts.push(format!("you rated {mine}★"));
        }
        if !facts.is_empty() {
            let _ = write!(out, "  [{}]", facts.join(" · "));
        }
        out.push('\n');
        if !c.overview.is_empty() {
            let _ = writeln!(out, "   {}", c.overview);
        }
        if let Some(why) = &c.why {
            let _ = writeln!(out, "   → {why}");
        }
        if let Some(p) = &c.providers {
            let list = |v: &Vec<String>| {
                if v.is_empty() {
                    "—".to_string()
                } else {
                    v.join(", ")
                }
            };
            let _ = writeln!(
                out,
                "   Where to watch ({}): stream {}; rent {}; buy {}",
                p.region.as_str(),
                list(&p.stream),
                list(&p.rent),
                list(&p.buy)
            );
        }
    }
    if !reply.cards.is_empty() {
        out.push_str("\n(rate N STARS · like N · where N · watch N · info N · not N");
        if reply
            .actions
            .iter()
            .any(|a| matches!(a, Action::NextPage { .. }))
        {
            out.push_str(" · more");
        }
        out.push_str(")\n");
    }
    for (i, t) in reply.toggles.iter().enumerate() {
        let mark = if t.on { "x" } else { " " };
        let _ = writeln!(out, "  [{mark}] {}. {}", i + 1, t.name);
    }
    if !reply.toggles.is_empty() {
        out.push_str("(type: toggle N)\n");
    }
    let choices: Vec<String> = reply
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::PickGenre { genre } => Some(format!("genre {}", genre.name().to_lowercase())),
            Action::ShowPicks => Some("picks".into()),
            Action::ConfirmForget => Some("yes".into()),
            Action::Cancel => Some("no".into()),
            Action::ShowWatchlist => Some("watchlist".into()),
            Action::Unexclude { slot: 0, .. } => Some("undo".into()),
            Action::Unexclude { slot, .. } => Some(format!("undo {slot}")),
            _ => None,
        })
        .collect();
    if !choices.is_empty() {
        let _ = writeln!(out, "(type: {})", choices.join(" · "));
    }
    if let Some(n) = &reply.notice {
        let _ = writeln!(out, "note: {n}");
    }
    out
}
