//! Properties over arbitrary input: the parser never panics and stays within its contract.

use proptest::prelude::*;

use super::fixture::Catalog;
use crate::chat::intent::{CERTIFICATIONS, FollowUp, NoLexicon, ParsedIntent, parse};

/// The contract of the fields #16 added, whatever the input.
fn check_constraints(parsed: &ParsedIntent) -> Result<(), TestCaseError> {
    let f = &parsed.filters;
    if let (Some(min), Some(max)) = (f.runtime_min, f.runtime_max) {
        prop_assert!(min <= max, "runtime {min}..{max}");
    }
    for code in &f.languages {
        prop_assert!(
            code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()),
            "{code:?}"
        );
    }
    if let Some(c) = &f.certification_max {
        prop_assert!(CERTIFICATIONS.contains(&c.as_str()), "{c:?}");
    }
    if let Some(v) = f.min_vote {
        prop_assert!((0.0..=10.0).contains(&v));
    }
    prop_assert!(!f.hidden_gems || f.min_vote.is_some());
    prop_assert_eq!(&f.exclude_genres, &parsed.exclude.genres);
    prop_assert!(!(parsed.pick.is_some() && parsed.pick_last));
    prop_assert!(!parsed.opinion || parsed.rating.is_some());
    prop_assert!(parsed.shift.is_none() || parsed.follow_up == Some(FollowUp::Refine));
    if let Some(p) = &f.person {
        prop_assert!(
            !f.exclude_people.contains(p),
            "{p} both wanted and left out"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        check_constraints(&parse(&s, &Catalog, 2026))?;
        check_constraints(&parse(&s, &NoLexicon, 2026))?;
    }

    #[test]
    fn chat_like_strings_never_panic(
        s in r"(?i)(movies?|like|with|starring|rate|give|the|[0-9]{1,4}|stars?|/10|'s|90s|not|no|more|where|is|on|netflix|alien|heat|keanu|[.,?!:'\x22-]|⭐|½| ){0,24}"
    ) {
        let parsed = parse(&s, &Catalog, 2026);
        if let Some(r) = parsed.rating {
            prop_assert!((0.5..=5.0).contains(&r) && (r * 2.0).fract() == 0.0);
        }
        if let (Some(from), Some(to)) = (parsed.filters.year_from, parsed.filters.year_to) {
            prop_assert!(from <= to);
        }
        let json = serde_json::to_value(&parsed).unwrap();
        prop_assert!(json["intent"].is_string());
        check_constraints(&parsed)?;
    }

    #[test]
    fn constraint_like_strings_keep_their_contract(
        s in r"(?i)(under|over|at most|less than|between|and|[0-9]{1,3}|hours?|mins?|minutes|1h45|short|long|epic|quick|pg-13|pg|rated|r|g|nothing above|for kids|year old|french|danish|anime|korean|in|without|not|but|except|no|keanu|heat|titanic|was|awful|great|loved|i|the|last|second|one|ones|number|newer|older|shorter|longer|what about|all|series|top rated|hidden gems|[.,?!-]| ){0,24}"
    ) {
        let parsed = parse(&s, &Catalog, 2026);
        check_constraints(&parsed)?;
        let back: ParsedIntent = serde_json::from_value(serde_json::to_value(&parsed).unwrap()).unwrap();
        prop_assert_eq!(back, parsed);
    }
}
