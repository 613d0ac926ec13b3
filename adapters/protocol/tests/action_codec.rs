//! Properties of the action codec: every action round-trips through a short ASCII string, and
//! no input — however hostile — makes the decoder panic.

use moviebot_protocol::action::MAX_ENCODED_LEN;
use moviebot_protocol::{
    Action, ActionDecodeError, Genre, NightStep, PublicMovieId, Region, Stars,
};
use proptest::prelude::*;

fn movie() -> impl Strategy<Value = PublicMovieId> {
    // Valid ids are 0..=i64::MAX; the codec also round-trips negative ones, so test both,
    // weighting the edges where formatting bugs live.
    prop_oneof![
        4 => 0..=i64::MAX,
        1 => any::<i64>(),
        1 => Just(i64::MAX),
        1 => Just(0i64),
    ]
    .prop_map(PublicMovieId)
}

fn stars() -> impl Strategy<Value = Stars> {
    (1u8..=10).prop_map(|h| Stars::from_halves(h).expect("1..=10 are valid halves"))
}

fn region() -> impl Strategy<Value = Region> {
    "[a-zA-Z]{2}".prop_map(|s| Region::parse(&s).expect("two letters"))
}

fn genre() -> impl Strategy<Value = Genre> {
    proptest::sample::select(Genre::ALL.to_vec())
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (movie(), stars()).prop_map(|(movie, stars)| Action::Rate { movie, stars }),
        movie().prop_map(|movie| Action::MoreLikeThis { movie }),
        (movie(), proptest::option::of(region()))
            .prop_map(|(movie, region)| Action::WhereToWatch { movie, region }),
        movie().prop_map(|movie| Action::WatchlistAdd { movie }),
        movie().prop_map(|movie| Action::WatchlistRemove { movie }),
        Just(Action::ShowWatchlist),
        movie().prop_map(|movie| Action::Details { movie }),
        movie().prop_map(|movie| Action::NotInterested { movie }),
        movie().prop_map(|movie| Action::Unrate { movie }),
        (movie(), proptest::option::of(stars()))
            .prop_map(|(movie, previous)| Action::UndoRating { movie, previous }),
        (any::<u32>(), any::<u16>()).prop_map(|(query, page)| Action::NextPage { query, page }),
        (any::<u32>(), any::<u16>()).prop_map(|(query, page)| Action::PrevPage { query, page }),
        genre().prop_map(|genre| Action::PickGenre { genre }),
        Just(Action::ShowPicks),
        Just(Action::ConfirmForget),
        Just(Action::Cancel),
        (any::<i64>(), movie()).prop_map(|(staging, movie)| Action::ImportPick { staging, movie }),
        (any::<i64>(), any::<u8>())
            .prop_map(|(exclusion, slot)| Action::Unexclude { exclusion, slot }),
        (any::<u32>(), any::<bool>())
            .prop_map(|(provider, on)| Action::SetService { provider, on }),
        (any::<i64>(), night_step()).prop_map(|(night, step)| Action::Night { night, step }),
    ]
}

fn night_step() -> impl Strategy<Value = NightStep> {
    prop_oneof![
        Just(NightStep::Join),
        Just(NightStep::Leave),
        Just(NightStep::Pick),
        Just(NightStep::Close),
        Just(NightStep::Quiet),
        (1..=NightStep::MAX_SLOT).prop_map(NightStep::Vote),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn every_action_round_trips(action in action()) {
        let encoded = action.encode();
        prop_assert_eq!(Action::decode(&encoded), Ok(action));
    }

    #[test]
    fn encoded_actions_fit_every_platform(action in action()) {
        let encoded = action.encode();
        prop_assert!(encoded.len() <= MAX_ENCODED_LEN, "{} is {} bytes", encoded, encoded.len());
        prop_assert!(encoded.is_ascii());
        prop_assert!(encoded.starts_with("mb1:"));
        // Discord's custom_id must be 1–100 characters.
        prop_assert!(!encoded.is_empty());
    }

    #[test]
    fn decoding_any_string_never_panics(s in any::<String>()) {
        let _ = Action::decode(&s);
    }

    #[test]
    fn decoding_action_shaped_strings_never_panics(s in "mb1:[a-z]{0,2}(:[-+0-9A-Za-z]{0,24}){0,4}") {
        // Only the one canonical spelling decodes, so whatever decodes re-encodes to itself.
        if let Ok(action) = Action::decode(&s) {
            prop_assert_eq!(action.encode(), s);
        }
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..128)) {
        let s = String::from_utf8_lossy(&bytes);
        let _ = Action::decode(&s);
    }

    #[test]
    fn mutated_encodings_never_panic(action in action(), at in any::<usize>(), byte in any::<u8>()) {
        let mut bytes = action.encode().into_bytes();
        let at = at % bytes.len();
        bytes[at] = byte;
        let s = String::from_utf8_lossy(&bytes);
        if let Ok(decoded) = Action::decode(&s) {
            prop_assert_eq!(decoded.encode(), s.into_owned());
        }
    }
}

#[test]
fn garbage_is_an_error() {
    use ActionDecodeError as E;
    let cases: &[(&str, ActionDecodeError)] = &[
        ("", E::Empty),
        ("mb1", E::UnknownKind),
        ("mb1:", E::UnknownKind),
        ("mb2:r:1:45", E::UnsupportedVersion),
        ("MB1:r:1:45", E::UnsupportedVersion),
        ("hello world", E::NotAscii),
        ("mb1:r:1:45 ", E::NotAscii),
        ("mb1:r:1:4\u{e9}", E::NotAscii),
        ("mb1:q:1", E::UnknownKind),
        ("mb1:r:1", E::WrongFieldCount),
        ("mb1:r:1:45:9", E::WrongFieldCount),
        ("mb1:m", E::WrongFieldCount),
        ("mb1:m:", E::BadNumber("movie")),
        ("mb1:m:abc", E::BadNumber("movie")),
        ("mb1:m:9223372036854775808", E::BadNumber("movie")),
        ("mb1:r:1:0", E::OutOfRange("stars")),
        ("mb1:r:1:55", E::OutOfRange("stars")),
        ("mb1:r:1:43", E::OutOfRange("stars")),
        ("mb1:r:1:-5", E::BadNumber("stars")),
        ("mb1:r:1:99999", E::BadNumber("stars")),
        ("mb1:w:1:GBR", E::OutOfRange("region")),
        ("mb1:w:1:g1", E::OutOfRange("region")),
        ("mb1:w:1:gb", E::NotCanonical),
        ("mb1:m:+5", E::NotCanonical),
        ("mb1:m:007", E::NotCanonical),
        ("mb1:m:-0", E::NotCanonical),
        ("mb1:n:1:65536", E::BadNumber("page")),
        ("mb1:n:4294967296:1", E::BadNumber("query")),
        ("mb1:g:1", E::OutOfRange("genre")),
        ("mb1:l:1", E::WrongFieldCount),
        ("mb1:f:", E::WrongFieldCount),
        ("mb1::1", E::UnknownKind),
    ];
    for (input, expected) in cases {
        assert_eq!(Action::decode(input), Err(*expected), "{input:?}");
    }
    let long = format!("mb1:m:{}", "1".repeat(100));
    assert_eq!(Action::decode(&long), Err(E::TooLong(long.len())));
}

#[test]
fn from_str_is_decode() {
    let action: Action = "mb1:a:603".parse().unwrap();
    assert_eq!(
        action,
        Action::WatchlistAdd {
            movie: PublicMovieId(603)
        }
    );
}
