//! Properties over arbitrary input: the parser never panics and stays within its contract.

use proptest::prelude::*;

use super::fixture::Catalog;
use crate::chat::intent::{NoLexicon, parse};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        let _ = parse(&s, &Catalog, 2026);
        let _ = parse(&s, &NoLexicon, 2026);
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
    }
}
