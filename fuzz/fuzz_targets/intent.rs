//! The core's intent parser (`moviebot::chat::intent::parse`) on arbitrary text — long
//! messages and odd Unicode included — against the title and person index of the embedded
//! catalog, as the core parses chat. Nothing panics, and the parse keeps its contract: a
//! rating is a half star in 0.5–5, a year range and a runtime range are ordered, the pick is
//! a card number, the region two letters, languages ISO 639-1 codes, a certification one of
//! the MPA's, and the whole parse survives its JSON form (REST's `/api/parse`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use moviebot::chat::intent::{CERTIFICATIONS, ParsedIntent};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = moviebot::fuzzing::intent(&text, 2026);

    if let Some(r) = parsed.rating {
        assert!(
            (0.5..=5.0).contains(&r) && (r * 2.0).fract() == 0.0,
            "rating {r}"
        );
    }
    if let (Some(from), Some(to)) = (parsed.filters.year_from, parsed.filters.year_to) {
        assert!(from <= to, "years {from}..{to}");
    }
    if let (Some(min), Some(max)) = (parsed.filters.runtime_min, parsed.filters.runtime_max) {
        assert!(min <= max, "runtime {min}..{max}");
    }
    for code in &parsed.filters.languages {
        assert!(
            code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()),
            "{code:?}"
        );
    }
    if let Some(c) = &parsed.filters.certification_max {
        assert!(CERTIFICATIONS.contains(&c.as_str()), "{c:?}");
    }
    if let Some(pick) = parsed.pick {
        assert!(pick >= 1, "pick {pick}");
    }
    for region in [
        &parsed.region,
        &parsed.preference.as_ref().and_then(|p| p.region.clone()),
    ] {
        if let Some(r) = region {
            assert!(
                r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()),
                "{r:?}"
            );
        }
    }
    let json = serde_json::to_string(&parsed).expect("a parse serialises");
    let back: ParsedIntent = serde_json::from_str(&json).expect("its JSON reads back");
    assert_eq!(back, parsed, "{json}");
});
