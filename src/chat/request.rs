//! What a list request asks for, in the recommender's terms: the parsed filters as
//! [`Filters`] ([`filters_for`]), as a heading ([`describe`]), and refined by a follow-up
//! ("what about the 90s?", "without Nicolas Cage", "something newer"): [`LastRequest`] is the
//! last list request a user made, [`refine`] the same request with what the follow-up
//! changes.

use super::intent::{
    Exclusions, FollowUp, Intent, IntentFilters, ParsedIntent, Shift, StreamLimit,
};
use super::services::known;
use super::texts;
use crate::recommend::Filters;

/// The recommender's filters for what the user asked. Titles to leave out are the caller's
/// to resolve into `exclude_items` (they need the library).
pub fn filters_for(p: &ParsedIntent) -> Filters {
    let f = &p.filters;
    let mut exclude_genres = f.exclude_genres.clone();
    for g in &p.exclude.genres {
        if !exclude_genres.contains(g) {
            exclude_genres.push(g.clone());
        }
    }
    let mut filters = Filters {
        genres: f.genres.clone(),
        year_from: f.year_from,
        year_to: f.year_to,
        person: f.person.clone(),
        runtime_min: f.runtime_min,
        runtime_max: f.runtime_max,
        languages: f.languages.clone(),
        exclude_people: f.exclude_people.clone(),
        certification_max: f.certification_max.clone(),
        min_vote: f.min_vote,
        hidden_gems: f.hidden_gems,
        one_per_collection: !f.series,
        exclude_genres,
        ..Filters::default()
    };
    if let Some(mood) = f.mood {
        // A mood alone ("something scary") must change the answer, not just nudge a
        // popularity list: its main genre becomes a filter unless the user named genres.
        if filters.genres.is_empty()
            && let Some(main) = mood.related_genres().first()
            && !filters.exclude_genres.iter().any(|g| g == main.name())
        {
            filters.genres.push(main.name().to_string());
        }
        filters.boost_genres = mood
            .related_genres()
            .iter()
            .map(|g| g.name().to_string())
            .filter(|g| !filters.exclude_genres.contains(g))
            .collect();
        filters.boost_keywords = texts::mood_keywords(mood)
            .iter()
            .map(|s| s.to_string())
            .collect();
    }
    filters
}

/// "top-rated 90s danish drama films with Mads Mikkelsen under 2 hours" → a heading.
pub fn describe(f: &IntentFilters) -> String {
    let mut s = String::new();
    if f.hidden_gems {
        s.push_str("hidden-gem ");
    } else if f.min_vote.is_some() {
        s.push_str("top-rated ");
    }
    if let Some(mood) = f.mood {
        s.push_str(texts::mood_word(mood));
        s.push(' ');
    }
    match (f.year_from, f.year_to) {
        (Some(a), Some(b)) if b - a == 9 && a % 10 == 0 => s.push_str(&format!("{a}s ")),
        (Some(a), Some(b)) if a == b => s.push_str(&format!("{a} ")),
        _ => {}
    }
    let languages: Vec<String> = f
        .languages
        .iter()
        .map(|l| texts::language_name(l))
        .collect();
    if !languages.is_empty() {
        s.push_str(&languages.join(" or "));
        s.push('-');
        s.push_str("language ");
    }
    if f.genres.is_empty() {
        s.push_str("films");
    } else {
        s.push_str(&f.genres.join(" & ").to_lowercase());
        s.push_str(" films");
    }
    if let Some(p) = &f.person {
        s.push_str(&format!(" with {p}"));
    }
    match (f.year_from, f.year_to) {
        (Some(a), None) => s.push_str(&format!(" from {a} on")),
        (None, Some(b)) => s.push_str(&format!(" up to {b}")),
        (Some(a), Some(b)) if !(b - a == 9 && a % 10 == 0) && a != b => {
            s.push_str(&format!(" from {a}–{b}"))
        }
        _ => {}
    }
    match (f.runtime_min, f.runtime_max) {
        (Some(a), Some(b)) => s.push_str(&format!(" of {a}–{b} minutes")),
        (None, Some(b)) => s.push_str(&format!(" under {}", minutes(b))),
        (Some(a), None) => s.push_str(&format!(" over {}", minutes(a))),
        (None, None) => {}
    }
    if let Some(c) = &f.certification_max {
        s.push_str(&format!(", rated {c} or milder"));
    }
    let mut without: Vec<String> = Vec::new();
    without.extend(f.exclude_genres.iter().map(|g| g.to_lowercase()));
    without.extend(f.exclude_people.iter().cloned());
    without.extend(f.exclude_titles.iter().cloned());
    if !without.is_empty() {
        s.push_str(&format!(", without {}", join_and(&without)));
    }
    match &f.streaming {
        Some(StreamLimit::Mine) => s.push_str(" on your services"),
        Some(StreamLimit::Named(ids)) => {
            let names: Vec<String> = ids
                .iter()
                .map(|id| {
                    known::name_of(*id).map_or_else(|| format!("service {id}"), str::to_owned)
                })
                .collect();
            s.push_str(&format!(" on {}", names.join(" or ")));
        }
        None => {}
    }
    s
}

/// "2 hours", "1h45", "100 minutes".
fn minutes(m: u32) -> String {
    match (m / 60, m % 60) {
        (h, 0) if h > 0 => format!("{h} hour{}", if h == 1 { "" } else { "s" }),
        (h, r) if h > 0 && m > 100 => format!("{h}h{r:02}"),
        _ => format!("{m} minutes"),
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The last list request a user made, which a follow-up can refine.
#[derive(Debug, Clone, PartialEq)]
pub struct LastRequest {
    pub intent: Intent,
    pub filters: IntentFilters,
    pub exclude: Exclusions,
    pub for_group: bool,
}

impl LastRequest {
    /// The request `p` makes, when it asks for a list that a follow-up could refine.
    pub fn of(p: &ParsedIntent) -> Option<Self> {
        let list = matches!(
            p.intent,
            Intent::Genre
                | Intent::Actor
                | Intent::Mood
                | Intent::TimePeriod
                | Intent::Recommend
                | Intent::Trending
                | Intent::SimilarMovie
        );
        (list && p.follow_up.is_none() && !p.filters.series).then(|| Self {
            intent: p.intent,
            filters: p.filters.clone(),
            exclude: p.exclude.clone(),
            for_group: p.for_group,
        })
    }
}

/// Runtime steps for "shorter" and "longer", and the defaults when nothing was set.
const SHORT: u32 = 100;
const LONG: u32 = 140;
const RUNTIME_STEP: u32 = 20;

/// The last request with what the follow-up `p` changes: its non-empty filters replace the
/// last ones, its exclusions add to them, its shift moves them. Without a last request, `p`
/// on its own (a bare "without Nicolas Cage" is then a request for films without him).
pub fn refine(last: Option<&LastRequest>, p: &ParsedIntent, this_year: i32) -> ParsedIntent {
    let Some(last) = last else {
        let mut fresh = p.clone();
        fresh.follow_up = None;
        if matches!(
            fresh.intent,
            Intent::Unknown | Intent::Preference | Intent::Greeting
        ) {
            fresh.intent = Intent::Recommend;
        }
        if let Some(shift) = fresh.shift.take() {
            apply_shift(&mut fresh.filters, shift, this_year);
        }
        return fresh;
    };
    let n = &p.filters;
    let mut f = last.filters.clone();
    if !n.genres.is_empty() {
        f.genres = n.genres.clone();
        f.exclude_genres.retain(|g| !n.genres.contains(g));
    }
    if n.person.is_some() {
        f.person = n.person.clone();
    }
    if n.mood.is_some() {
        f.mood = n.mood;
    }
    if n.year_from.is_some() || n.year_to.is_some() {
        f.year_from = n.year_from;
        f.year_to = n.year_to;
    }
    if n.runtime_min.is_some() || n.runtime_max.is_some() {
        f.runtime_min = n.runtime_min;
        f.runtime_max = n.runtime_max;
    }
    if !n.languages.is_empty() {
        f.languages = n.languages.clone();
    }
    if n.certification_max.is_some() {
        f.certification_max = n.certification_max.clone();
    }
    if n.min_vote.is_some() {
        f.min_vote = n.min_vote;
        f.hidden_gems = n.hidden_gems;
    }
    if n.streaming.is_some() {
        f.streaming = n.streaming.clone();
    }
    add_unique(&mut f.exclude_genres, &n.exclude_genres);
    add_unique(&mut f.exclude_genres, &p.exclude.genres);
    f.genres.retain(|g| !f.exclude_genres.contains(g));
    add_unique(&mut f.exclude_people, &n.exclude_people);
    if f.person
        .as_ref()
        .is_some_and(|p| f.exclude_people.contains(p))
    {
        f.person = None;
    }
    add_unique(&mut f.exclude_titles, &n.exclude_titles);
    if let Some(shift) = p.shift {
        apply_shift(&mut f, shift, this_year);
    }
    let mut exclude = last.exclude.clone();
    add_unique(&mut exclude.genres, &f.exclude_genres);
    for m in &p.exclude.moods {
        if !exclude.moods.contains(m) {
            exclude.moods.push(*m);
        }
    }
    // A request for films like one film, or with one person, stays that kind of request; a
    // plain recommendation that gained a genre or years is still a recommendation.
    let intent = match last.intent {
        Intent::Trending | Intent::SimilarMovie | Intent::Actor => last.intent,
        _ if f.person.is_some() && last.filters.person.is_none() => Intent::Actor,
        other => other,
    };
    ParsedIntent {
        intent,
        filters: f,
        follow_up: None,
        exclude,
        for_group: last.for_group || p.for_group,
        shift: None,
        ..p.clone()
    }
}

fn add_unique(to: &mut Vec<String>, from: &[String]) {
    for x in from {
        if !to.contains(x) {
            to.push(x.clone());
        }
    }
}

/// "something newer" after the 90s is from 2000 on; "something older" before them.
fn apply_shift(f: &mut IntentFilters, shift: Shift, this_year: i32) {
    match shift {
        Shift::Newer => {
            let from = match (f.year_from, f.year_to) {
                (_, Some(to)) => to + 1,
                (Some(from), None) => (from + 10).min(this_year),
                (None, None) => this_year - 10,
            };
            f.year_from = Some(from.min(this_year));
            f.year_to = None;
        }
        Shift::Older => {
            let to = match (f.year_from, f.year_to) {
                (Some(from), _) => from - 1,
                (None, Some(to)) => to - 10,
                (None, None) => this_year - 20,
            };
            f.year_to = Some(to);
            f.year_from = None;
        }
        Shift::Shorter => {
            let max = match (f.runtime_min, f.runtime_max) {
                (_, Some(max)) => max.saturating_sub(RUNTIME_STEP),
                (Some(min), None) => min.saturating_sub(1),
                (None, None) => SHORT,
            };
            f.runtime_max = Some(max.max(40));
            f.runtime_min = None;
        }
        Shift::Longer => {
            let min = match (f.runtime_min, f.runtime_max) {
                (Some(min), _) => min + RUNTIME_STEP,
                (None, Some(max)) => max + 1,
                (None, None) => LONG,
            };
            f.runtime_min = Some(min);
            f.runtime_max = None;
        }
    }
}

/// Whether `p` is a follow-up to refine (the conversation merges it before answering).
pub fn is_refinement(p: &ParsedIntent) -> bool {
    p.follow_up == Some(FollowUp::Refine)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::intent::Mood;

    fn parsed(intent: Intent, filters: IntentFilters) -> ParsedIntent {
        ParsedIntent {
            intent,
            filters,
            ..ParsedIntent::unknown()
        }
    }

    fn last(intent: Intent, filters: IntentFilters) -> LastRequest {
        LastRequest::of(&parsed(intent, filters)).unwrap()
    }

    fn follow(filters: IntentFilters, shift: Option<Shift>) -> ParsedIntent {
        ParsedIntent {
            follow_up: Some(FollowUp::Refine),
            shift,
            ..parsed(Intent::Unknown, filters)
        }
    }

    #[test]
    fn a_follow_up_changes_only_what_it_says() {
        let comedies = last(
            Intent::Genre,
            IntentFilters {
                genres: vec!["Comedy".into()],
                runtime_max: Some(120),
                exclude_people: vec!["Adam Sandler".into()],
                ..Default::default()
            },
        );
        let nineties = follow(
            IntentFilters {
                year_from: Some(1990),
                year_to: Some(1999),
                ..Default::default()
            },
            None,
        );
        let r = refine(Some(&comedies), &nineties, 2026);
        assert_eq!(r.intent, Intent::Genre);
        assert_eq!(r.follow_up, None);
        assert_eq!(r.filters.genres, vec!["Comedy".to_string()]);
        assert_eq!(
            (r.filters.year_from, r.filters.year_to),
            (Some(1990), Some(1999))
        );
        assert_eq!(r.filters.runtime_max, Some(120), "kept");
        assert_eq!(r.filters.exclude_people, vec!["Adam Sandler".to_string()]);

        let without = follow(
            IntentFilters {
                exclude_people: vec!["Nicolas Cage".into()],
                ..Default::default()
            },
            None,
        );
        let r2 = refine(LastRequest::of(&r).as_ref(), &without, 2026);
        assert_eq!(
            r2.filters.exclude_people,
            vec!["Adam Sandler".to_string(), "Nicolas Cage".to_string()],
            "exclusions add up"
        );
        assert_eq!(r2.filters.year_from, Some(1990));

        let newer = refine(
            LastRequest::of(&r2).as_ref(),
            &follow(Default::default(), Some(Shift::Newer)),
            2026,
        );
        assert_eq!(
            (newer.filters.year_from, newer.filters.year_to),
            (Some(2000), None)
        );
        let older = refine(
            LastRequest::of(&r2).as_ref(),
            &follow(Default::default(), Some(Shift::Older)),
            2026,
        );
        assert_eq!(
            (older.filters.year_from, older.filters.year_to),
            (None, Some(1989))
        );
        let shorter = refine(
            Some(&comedies),
            &follow(Default::default(), Some(Shift::Shorter)),
            2026,
        );
        assert_eq!(shorter.filters.runtime_max, Some(100));
    }

    #[test]
    fn a_mood_or_a_genre_replaces_and_excluding_a_named_person_drops_them() {
        let keanu = last(
            Intent::Actor,
            IntentFilters {
                person: Some("Keanu Reeves".into()),
                genres: vec!["Action".into()],
                ..Default::default()
            },
        );
        let scarier = follow(
            IntentFilters {
                mood: Some(Mood::Scary),
                ..Default::default()
            },
            None,
        );
        let r = refine(Some(&keanu), &scarier, 2026);
        assert_eq!(r.filters.mood, Some(Mood::Scary));
        assert_eq!(r.filters.person.as_deref(), Some("Keanu Reeves"));
        let without = follow(
            IntentFilters {
                exclude_people: vec!["Keanu Reeves".into()],
                exclude_genres: vec!["Action".into()],
                ..Default::default()
            },
            None,
        );
        let r = refine(Some(&keanu), &without, 2026);
        assert_eq!(r.filters.person, None);
        assert!(r.filters.genres.is_empty());
    }

    #[test]
    fn without_a_last_request_a_follow_up_is_a_request_of_its_own() {
        let p = follow(
            IntentFilters {
                runtime_max: Some(120),
                ..Default::default()
            },
            None,
        );
        let r = refine(None, &p, 2026);
        assert_eq!(r.intent, Intent::Recommend);
        assert_eq!(r.follow_up, None);
        assert_eq!(r.filters.runtime_max, Some(120));
    }

    #[test]
    fn the_recommender_gets_every_constraint() {
        let p = parsed(
            Intent::Genre,
            IntentFilters {
                genres: vec!["Drama".into()],
                runtime_min: Some(90),
                runtime_max: Some(120),
                languages: vec!["da".into()],
                exclude_genres: vec!["Western".into()],
                exclude_people: vec!["Adam Sandler".into()],
                certification_max: Some("PG-13".into()),
                min_vote: Some(7.5),
                series: false,
                ..Default::default()
            },
        );
        let f = filters_for(&p);
        assert_eq!((f.runtime_min, f.runtime_max), (Some(90), Some(120)));
        assert_eq!(f.languages, vec!["da".to_string()]);
        assert_eq!(f.exclude_genres, vec!["Western".to_string()]);
        assert_eq!(f.exclude_people, vec!["Adam Sandler".to_string()]);
        assert_eq!(f.certification_max.as_deref(), Some("PG-13"));
        assert_eq!(f.min_vote, Some(7.5));
        assert!(f.one_per_collection);
        assert_eq!(
            describe(&p.filters),
            "top-rated Danish-language drama films of 90–120 minutes, rated PG-13 or milder, \
             without western or Adam Sandler"
        );
    }
}
