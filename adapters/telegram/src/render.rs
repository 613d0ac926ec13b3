//! A [`Reply`] as Telegram messages: HTML texts and captions that always fit Telegram's
//! limits, each with its inline keyboard.
//!
//! Everything is built from plain segments (bold, italic, plain) that are trimmed *before*
//! escaping, so a cut never lands inside a tag or an entity, and lengths are counted the way
//! Telegram counts them: UTF-16 code units of the text after entity parsing.

use moviebot_protocol::{Action, MovieCard, Reply};
use teloxide::types::InlineKeyboardMarkup;

use crate::keyboard;

/// Longest message text (after entity parsing).
pub const MAX_TEXT: usize = 4096;
/// Longest photo caption (after entity parsing).
pub const MAX_CAPTION: usize = 1024;
/// Longest answerCallbackQuery text.
pub const MAX_TOAST: usize = 200;

/// One Bot API message to send.
#[derive(Debug, Clone, PartialEq)]
pub enum Outgoing {
    Text {
        html: String,
        keyboard: Option<InlineKeyboardMarkup>,
    },
    Photo {
        url: url::Url,
        caption: String,
        /// The same card as a text message, for when Telegram cannot fetch the poster.
        fallback: String,
        keyboard: Option<InlineKeyboardMarkup>,
    },
}

/// The messages for a reply, in order: its text (and notice), then one per card. Reply-level
/// actions (paging, confirmations) go under the last card, or under the text without cards.
pub fn reply_messages(reply: &Reply) -> Vec<Outgoing> {
    let mut out = Vec::new();
    let texts = text_messages(&reply.text, reply.notice.as_deref());
    let n = texts.len();
    for (i, html) in texts.into_iter().enumerate() {
        let last = i + 1 == n;
        let keyboard = if last && reply.cards.is_empty() {
            keyboard::with_toggles(&reply.toggles, &reply.actions)
        } else {
            None
        };
        out.push(Outgoing::Text { html, keyboard });
    }
    if reply.cards.is_empty() && n == 0 && !(reply.actions.is_empty() && reply.toggles.is_empty()) {
        out.push(Outgoing::Text {
            html: "Choose:".into(),
            keyboard: keyboard::with_toggles(&reply.toggles, &reply.actions),
        });
    }
    let cards = reply.cards.len();
    for (i, card) in reply.cards.iter().enumerate() {
        let extra: &[Action] = if i + 1 == cards { &reply.actions } else { &[] };
        out.push(card_message(card, extra));
    }
    out
}

/// The card's poster as an http(s) URL Telegram can fetch, if it has one.
pub fn poster_url(card: &MovieCard) -> Option<url::Url> {
    card.poster_url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"))
}

/// One card: a photo with a caption when it has a usable poster URL, else a text message.
pub fn card_message(card: &MovieCard, extra: &[Action]) -> Outgoing {
    let keyboard = Some(keyboard::card(card, extra));
    let poster = poster_url(card);
    match poster {
        Some(url) => Outgoing::Photo {
            url,
            caption: card_html(card, MAX_CAPTION),
            fallback: card_html(card, MAX_TEXT),
            keyboard,
        },
        None => Outgoing::Text {
            html: card_html(card, MAX_TEXT),
            keyboard,
        },
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Bold,
    Italic,
}

struct Seg {
    style: Style,
    text: String,
}

fn seg(style: Style, text: impl Into<String>) -> Seg {
    Seg {
        style,
        text: text.into(),
    }
}

/// A card as HTML of at most `budget` visible characters: bold title, year, score, runtime,
/// genres, overview, why, providers. The overview is shortened first, then the "why" line.
pub fn card_html(card: &MovieCard, budget: usize) -> String {
    let mut segs = vec![seg(Style::Bold, card.title.trim())];
    if let Some(y) = card.year {
        segs.push(seg(Style::Plain, format!(" ({y})")));
    }
    let mut facts = Vec::new();
    if let Some(s) = card.score.filter(|s| s.is_finite()) {
        facts.push(format!("★ {s:.1}/10"));
    }
    if let Some(r) = card.runtime.filter(|r| *r > 0) {
        facts.push(format!("{}h{:02}", r / 60, r % 60));
    }
    if !card.genres.is_empty() {
        facts.push(card.genres.join(", "));
    }
    if !facts.is_empty() {
        segs.push(seg(Style::Plain, format!("\n{}", facts.join(" · "))));
    }
    let overview = card.overview.trim();
    let overview_at = segs.len();
    if !overview.is_empty() {
        segs.push(seg(Style::Plain, "\n\n"));
        segs.push(seg(Style::Plain, overview));
    }
    let why_at = segs.len();
    if let Some(why) = card.why.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        segs.push(seg(Style::Plain, "\n\n"));
        segs.push(seg(Style::Italic, why));
    }
    if let Some(p) = card.providers.as_ref().filter(|p| !p.is_empty()) {
        let mut line = format!("\n\nWhere to watch ({}):", p.region);
        for (what, list) in [("Stream", &p.stream), ("Rent", &p.rent), ("Buy", &p.buy)] {
            if !list.is_empty() {
                line.push_str(&format!("\n{what}: {}", list.join(", ")));
            }
        }
        segs.push(seg(Style::Plain, line));
    }
    // Shorten the long, least important parts first; `fit` below is the hard guarantee.
    for at in [overview_at + 1, why_at + 1] {
        let total: usize = segs.iter().map(|s| visible_len(&s.text)).sum();
        if total <= budget {
            break;
        }
        if let Some(s) = segs.get_mut(at) {
            let keep = visible_len(&s.text).saturating_sub(total - budget);
            s.text = truncate(&s.text, keep);
        }
    }
    fit(segs, budget)
}

/// Escapes and joins segments, cutting the last ones so the visible text fits `budget`.
fn fit(segs: Vec<Seg>, budget: usize) -> String {
    let mut left = budget;
    let mut html = String::new();
    for s in segs {
        if left == 0 {
            break;
        }
        let text = truncate(&s.text, left);
        left -= visible_len(&text);
        if text.is_empty() {
            continue;
        }
        let escaped = escape(&text);
        match s.style {
            Style::Plain => html.push_str(&escaped),
            Style::Bold => html.push_str(&format!("<b>{escaped}</b>")),
            Style::Italic => html.push_str(&format!("<i>{escaped}</i>")),
        }
    }
    html
}

/// The reply text split into messages of at most [`MAX_TEXT`] visible characters (at line
/// or word breaks), with the notice in italics at the end. Empty when there is nothing to say.
pub fn text_messages(text: &str, notice: Option<&str>) -> Vec<String> {
    let text = text.trim();
    let notice = notice.map(str::trim).filter(|n| !n.is_empty());
    let mut chunks: Vec<String> = split_plain(text, MAX_TEXT)
        .into_iter()
        .map(|c| escape(&c))
        .collect();
    if let Some(notice) = notice {
        let notice = truncate(notice, MAX_TEXT);
        let last_len = split_plain(text, MAX_TEXT)
            .last()
            .map(|c| visible_len(c))
            .unwrap_or(0);
        let tail = format!("<i>{}</i>", escape(&notice));
        match chunks.last_mut() {
            Some(last) if last_len + 2 + visible_len(&notice) <= MAX_TEXT => {
                last.push_str("\n\n");
                last.push_str(&tail);
            }
            _ => chunks.push(tail),
        }
    }
    chunks
}

/// Splits plain text into pieces of at most `max` visible characters, preferring a newline,
/// then a space, past the middle of a piece.
fn split_plain(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if visible_len(rest) <= max {
            out.push(rest.to_owned());
            break;
        }
        let mut end = 0;
        let mut units = 0;
        for (i, c) in rest.char_indices() {
            if units + c.len_utf16() > max {
                break;
            }
            units += c.len_utf16();
            end = i + c.len_utf8();
        }
        let head = &rest[..end];
        let cut = head
            .rfind('\n')
            .filter(|&i| i > end / 2)
            .or_else(|| head.rfind(' ').filter(|&i| i > end / 2))
            .unwrap_or(end);
        let cut = if cut == 0 { end } else { cut };
        out.push(rest[..cut].trim_end().to_owned());
        rest = rest[cut..].trim_start();
    }
    out.retain(|s| !s.is_empty());
    out
}

/// `text` cut to at most `max` visible characters, ending in "…" when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if visible_len(text) <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut units = 0;
    for c in text.chars() {
        if units + c.len_utf16() > max - 1 {
            break;
        }
        units += c.len_utf16();
        out.push(c);
    }
    // Prefer a word break when it keeps most of the text.
    if let Some(i) = out.rfind(' ')
        && i > out.len() / 2
    {
        out.truncate(i);
    }
    let mut out = out.trim_end().to_owned();
    out.push('…');
    out
}

/// A callback toast: plain text (Telegram shows no markup there), first line, ≤ 200.
pub fn toast(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or("").trim();
    truncate(line, MAX_TOAST)
}

/// Telegram's length of plain text: UTF-16 code units.
pub fn visible_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Escapes the three characters Telegram's HTML mode requires escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use moviebot_protocol::{Page, PublicMovieId, Stars};

    fn heat() -> MovieCard {
        let mut c = MovieCard::new(PublicMovieId(949), "Heat <Director's Cut> & more");
        c.year = Some(1995);
        c.score = Some(7.9);
        c.runtime = Some(170);
        c.genres = vec!["Crime".into(), "Drama".into()];
        c.overview = "A group of high-end professional thieves…".into();
        c.why = Some("Because you liked <Ronin>".into());
        c.poster_url = Some("https://image.tmdb.org/t/p/w500/heat.jpg".into());
        c.user_rating = Stars::new(4.0);
        c.actions = vec![Action::MoreLikeThis {
            movie: PublicMovieId(949),
        }];
        c
    }

    #[test]
    fn caption_is_escaped_html() {
        let html = card_html(&heat(), MAX_CAPTION);
        assert!(html.starts_with("<b>Heat &lt;Director's Cut&gt; &amp; more</b> (1995)\n"));
        assert!(html.contains("★ 7.9/10 · 2h50 · Crime, Drama"));
        assert!(html.contains("<i>Because you liked &lt;Ronin&gt;</i>"));
    }

    #[test]
    fn long_overview_is_trimmed_first() {
        let mut card = heat();
        card.overview = "word ".repeat(1000);
        let html = card_html(&card, MAX_CAPTION);
        assert!(html.contains("…"));
        assert!(html.contains("<i>Because you liked &lt;Ronin&gt;</i>"));
    }

    #[test]
    fn reply_puts_text_first_and_paging_on_the_last_card() {
        let mut plain = heat();
        plain.poster_url = None;
        let reply = Reply::text("Here you go")
            .with_cards([heat(), plain])
            .with_actions([Action::NextPage { query: 1, page: 1 }])
            .with_page(Page {
                index: 0,
                has_more: true,
            });
        let msgs = reply_messages(&reply);
        assert_eq!(msgs.len(), 3);
        assert!(matches!(&msgs[0], Outgoing::Text { keyboard: None, .. }));
        assert!(matches!(&msgs[1], Outgoing::Photo { .. }));
        let Outgoing::Text {
            keyboard: Some(kb), ..
        } = &msgs[2]
        else {
            panic!("{msgs:?}")
        };
        assert!(format!("{kb:?}").contains("Next ▶"));
    }

    #[test]
    fn long_text_splits_at_breaks() {
        let text = "line of text\n".repeat(700);
        let msgs = text_messages(&text, Some("stale"));
        assert!(msgs.len() > 1);
        assert!(msgs.iter().all(|m| visible_len(m) <= MAX_TEXT));
        assert!(msgs.last().unwrap().ends_with("<i>stale</i>"));
        assert!(text_messages("  ", None).is_empty());
    }

    #[test]
    fn toast_is_short_plain_text() {
        assert_eq!(toast("Saved: Heat 4.\nmore"), "Saved: Heat 4.");
        assert!(visible_len(&toast(&"x".repeat(500))) <= MAX_TOAST);
    }
}
