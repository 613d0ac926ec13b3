//! A neutral [`Reply`] as a Discord message: content, one embed per movie card, and buttons or
//! a select menu. Every Discord limit is enforced here by construction (see [`limits`]); the
//! property test in `tests/render_limits.rs` checks it over generated replies.
//!
//! Which film a button acts on is never ambiguous: a one-card reply carries that card's own
//! rows (★1–★5, then More like this / Where to watch / + Watchlist / Next ▶); a several-card
//! reply carries a select menu naming each film instead, and picking one answers with that
//! film's single card and rows.

use std::collections::HashSet;

use moviebot_protocol::{Action, MovieCard, PublicMovieId, Reply};

use crate::wire::{
    ActionRow, Button, ButtonStyle, Component, Embed, Field, Footer, Media, Message,
};
use crate::wire::{Select, SelectOption};

/// Discord's limits, counted the way Discord counts (UTF-16 code units; see [`discord_len`]).
pub mod limits {
    pub const TITLE: usize = 256;
    pub const DESCRIPTION: usize = 4096;
    pub const FIELDS: usize = 25;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1024;
    pub const FOOTER: usize = 2048;
    /// Sum of titles, descriptions, field names and values and footers of all embeds.
    pub const EMBEDS_TOTAL: usize = 6000;
    pub const EMBEDS: usize = 10;
    pub const CONTENT: usize = 2000;
    pub const ROWS: usize = 5;
    pub const BUTTONS_PER_ROW: usize = 5;
    pub const SELECT_OPTIONS: usize = 25;
    pub const CUSTOM_ID: usize = 100;
    pub const BUTTON_LABEL: usize = 80;
    pub const OPTION_TEXT: usize = 100;
    pub const URL: usize = 2048;
}

/// The custom id of the "which film?" select menu on several-card replies. Not an action
/// encoding: its chosen value is one.
pub const PICK_ID: &str = "mb:pick";

/// Shown under every card: TMDb's terms require it.
pub const TMDB_ATTRIBUTION: &str =
    "Film data from TMDb. This product uses the TMDB API but is not endorsed or certified by TMDB.";
/// Added when providers are shown: the data is JustWatch's.
pub const JUSTWATCH_ATTRIBUTION: &str = "Where-to-watch data by JustWatch.";

const COLOUR: u32 = 0x01_b4_e4;
/// Overview characters on one card before the per-message budget applies.
const OVERVIEW_MAX: usize = 1000;

/// Length as Discord counts it; UTF-16 units are never fewer than characters, so staying under
/// a limit in these units stays under it whichever way Discord counts.
pub fn discord_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `s` cut to at most `max` units, with an ellipsis when something was cut.
pub fn trim(s: &str, max: usize) -> String {
    if discord_len(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        if used + c.len_utf16() + 1 > max {
            break;
        }
        used += c.len_utf16();
        out.push(c);
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// The whole reply as one message (without the ephemeral flag, which the caller decides).
pub fn message(reply: &Reply) -> Message {
    let cards = &reply.cards[..reply.cards.len().min(limits::EMBEDS)];
    let budget = limits::EMBEDS_TOTAL / cards.len().max(1);
    let embeds = cards
        .iter()
        .map(|c| {
            let mut e = card_embed(c, cards.len() == 1);
            fit(&mut e, budget);
            e
        })
        .collect();
    let mut content = reply.text.trim().to_string();
    if let Some(notice) = reply.notice.as_deref().filter(|n| !n.trim().is_empty()) {
        if !content.is_empty() {
            content.push('\n');
        }
        content.push_str("-# ");
        content.push_str(notice.trim());
    }
    let mut msg = Message {
        content: trim(&content, limits::CONTENT),
        embeds,
        components: components(reply),
        ..Message::default()
    };
    if msg.content.is_empty() && msg.embeds.is_empty() {
        msg.content = "Done.".into();
    }
    msg
}

/// A plain text message (errors, notes).
pub fn text(text: &str) -> Message {
    Message {
        content: trim(text, limits::CONTENT),
        ..Message::default()
    }
}

fn tmdb_url(id: PublicMovieId) -> Option<String> {
    id.tmdb()
        .map(|id| format!("https://www.themoviedb.org/movie/{id}"))
}

fn web_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= limits::URL
        && !url.contains(char::is_whitespace)
}

fn field(name: &str, value: &str, inline: bool) -> Option<Field> {
    let value = value.trim();
    (!value.is_empty()).then(|| Field {
        name: trim(name, limits::FIELD_NAME),
        value: trim(value, limits::FIELD_VALUE),
        inline,
    })
}

fn card_embed(card: &MovieCard, single: bool) -> Embed {
    let mut description = trim(card.overview.trim(), OVERVIEW_MAX);
    if let Some(why) = card.why.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str("💡 ");
        description.push_str(why);
    }
    let mut fields = Vec::new();
    if let Some(score) = card.score.filter(|s| s.is_finite()) {
        fields.extend(field("Score", &format!("★ {score:.1}/10 on TMDb"), true));
    }
    if let Some(m) = card.runtime.filter(|m| *m > 0) {
        let runtime = match (m / 60, m % 60) {
            (0, m) => format!("{m} min"),
            (h, m) => format!("{h}h {m:02}m"),
        };
        fields.extend(field("Runtime", &runtime, true));
    }
    fields.extend(field("Genres", &card.genres.join(", "), true));
    if let Some(mine) = card.user_rating {
        fields.extend(field("Your rating", &format!("★{mine}"), true));
    }
    let mut footer = TMDB_ATTRIBUTION.to_string();
    if let Some(p) = &card.providers {
        let region = p.region.as_str();
        if p.is_empty() {
            fields.extend(field(
                &format!("Where to watch ({region})"),
                "No streaming, rental or purchase options found.",
                false,
            ));
        }
        for (kind, names) in [("Stream", &p.stream), ("Rent", &p.rent), ("Buy", &p.buy)] {
            fields.extend(field(
                &format!("{kind} ({region})"),
                &names.join(", "),
                false,
            ));
        }
        if let Some(link) = p.link.as_deref().filter(|l| web_url(l)) {
            fields.extend(field(
                "All options",
                &format!("[TMDb watch page]({link})"),
                false,
            ));
        }
        footer.push(' ');
        footer.push_str(JUSTWATCH_ATTRIBUTION);
    }
    fields.truncate(limits::FIELDS);
    let poster = card
        .poster_url
        .as_deref()
        .filter(|u| web_url(u))
        .map(|url| Media {
            url: url.to_string(),
        });
    let (image, thumbnail) = if single {
        (poster, None)
    } else {
        (None, poster)
    };
    Embed {
        title: Some(trim(&card.heading(), limits::TITLE)).filter(|t| !t.is_empty()),
        url: tmdb_url(card.id),
        description: Some(trim(&description, limits::DESCRIPTION)).filter(|d| !d.is_empty()),
        color: Some(COLOUR),
        fields,
        thumbnail,
        image,
        footer: Some(Footer {
            text: trim(&footer, limits::FOOTER),
        }),
    }
}

/// Shrinks `e` to at most `budget` counted characters: first the overview down to a readable
/// minimum, then the fields from the last, then whatever text is left.
fn fit(e: &mut Embed, budget: usize) {
    let over = |e: &Embed| e.text_len().saturating_sub(budget);
    let shrink = |text: &mut Option<String>, by: usize, floor: usize| {
        if let Some(t) = text.as_mut() {
            let len = discord_len(t);
            *t = trim(t, len.saturating_sub(by).max(floor.min(len)));
        }
    };
    let by = over(e);
    shrink(&mut e.description, by, 200);
    while over(e) > 0 && e.fields.pop().is_some() {}
    let by = over(e);
    shrink(&mut e.description, by, 0);
    let by = over(e);
    if let Some(f) = e.footer.as_mut() {
        f.text = trim(&f.text, discord_len(&f.text).saturating_sub(by));
    }
    let by = over(e);
    shrink(&mut e.title, by, 0);
    if e.description.as_deref() == Some("") {
        e.description = None;
    }
    if e.title.as_deref() == Some("") {
        e.title = None;
    }
    if e.footer.as_ref().is_some_and(|f| f.text.is_empty()) {
        e.footer = None;
    }
}

/// Buttons for the reply, at most 5 rows of 5, custom ids unique.
pub fn components(reply: &Reply) -> Vec<ActionRow> {
    let mut rows = Rows::default();
    match reply.cards.as_slice() {
        [] => {}
        [card] => {
            let rating = |a: &&Action| matches!(a, Action::Rate { .. });
            let rates: Vec<Button> = card
                .actions
                .iter()
                .filter(rating)
                .map(|a| {
                    let mine =
                        matches!(a, Action::Rate { stars, .. } if Some(*stars) == card.user_rating);
                    button(a, mine.then_some(ButtonStyle::Success))
                })
                .collect();
            rows.push_buttons(rates);
            let mut others: Vec<&Action> = card.actions.iter().filter(|a| !rating(a)).collect();
            let paging: Vec<&Action> = reply.actions.iter().filter(|a| is_paging(a)).collect();
            if others.len() + paging.len() <= limits::BUTTONS_PER_ROW {
                others.extend(paging);
            }
            rows.push_buttons(others.into_iter().map(|a| button(a, None)).collect());
        }
        cards => rows.push_select(pick_menu(cards)),
    }
    // On/off buttons (`/services`): green when on.
    rows.push_buttons(
        reply
            .toggles
            .iter()
            .map(|t| {
                let style = if t.on {
                    ButtonStyle::Success
                } else {
                    ButtonStyle::Secondary
                };
                Button::new(
                    style,
                    trim(&t.label(), limits::BUTTON_LABEL),
                    t.action.encode(),
                )
            })
            .collect(),
    );
    // A reply-level button about a film is only clear next to no card or that film's card.
    let clear = |a: &&Action| match (a.movie(), reply.cards.as_slice()) {
        (None, _) | (Some(_), []) => true,
        (Some(m), [card]) => card.id == m,
        (Some(_), _) => false,
    };
    rows.push_buttons(
        reply
            .actions
            .iter()
            .filter(clear)
            .map(|a| button(a, None))
            .collect(),
    );
    rows.0
}

fn is_paging(a: &Action) -> bool {
    matches!(a, Action::NextPage { .. } | Action::PrevPage { .. })
}

fn button(action: &Action, style: Option<ButtonStyle>) -> Button {
    let style = style.unwrap_or(match action {
        Action::ConfirmForget => ButtonStyle::Danger,
        Action::MoreLikeThis { .. } | Action::ShowPicks => ButtonStyle::Primary,
        _ => ButtonStyle::Secondary,
    });
    Button::new(
        style,
        trim(&action.label(), limits::BUTTON_LABEL),
        action.encode(),
    )
}

fn pick_menu(cards: &[MovieCard]) -> Select {
    let mut seen = HashSet::new();
    let options = cards
        .iter()
        .filter(|c| seen.insert(c.id))
        .take(limits::SELECT_OPTIONS)
        .map(|c| {
            let hint = c.why.clone().unwrap_or_else(|| c.genres.join(", "));
            let heading = c.heading();
            let heading = if heading.trim().is_empty() {
                "Untitled film".into()
            } else {
                heading
            };
            SelectOption {
                label: trim(&heading, limits::OPTION_TEXT),
                value: Action::Details { movie: c.id }.encode(),
                description: Some(trim(hint.trim(), limits::OPTION_TEXT)).filter(|d| !d.is_empty()),
            }
        })
        .collect();
    Select::new(PICK_ID, "Rate or act on a film…", options)
}

/// Rows being filled: never more than [`limits::ROWS`], never a repeated custom id.
#[derive(Default)]
struct Rows(Vec<ActionRow>, HashSet<String>);

impl Rows {
    fn push_buttons(&mut self, buttons: Vec<Button>) {
        let fresh: Vec<Component> = buttons
            .into_iter()
            .filter(|b| !b.custom_id.is_empty() && b.custom_id.len() <= limits::CUSTOM_ID)
            .filter(|b| !b.label.is_empty())
            .filter(|b| self.1.insert(b.custom_id.clone()))
            .map(Component::Button)
            .collect();
        for chunk in fresh.chunks(limits::BUTTONS_PER_ROW) {
            if self.0.len() < limits::ROWS {
                self.0.push(ActionRow::new(chunk.to_vec()));
            }
        }
    }

    fn push_select(&mut self, select: Select) {
        if select.options.is_empty() || self.0.len() >= limits::ROWS {
            return;
        }
        if self.1.insert(select.custom_id.clone()) {
            self.0.push(ActionRow::new(vec![Component::Select(select)]));
        }
    }
}
