//! The button codec (`moviebot_protocol::Action`): whatever a platform hands back as button
//! data decodes to an error or to an action whose encoding is exactly that input, never a
//! panic; and every action the bot can mint encodes within both platforms' limits and decodes
//! back to itself.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use moviebot_discord::render::limits::CUSTOM_ID;
use moviebot_protocol::action::MAX_ENCODED_LEN;
use moviebot_protocol::{Action, Genre, NightStep, PublicMovieId, Region, Stars};

/// Telegram's `callback_data`: 1-64 bytes.
const TELEGRAM_CALLBACK_DATA: usize = 64;

fn check_encoding(action: &Action) -> String {
    let encoded = action.encode();
    assert!(!encoded.is_empty() && encoded.is_ascii(), "{encoded:?}");
    assert!(encoded.len() <= MAX_ENCODED_LEN, "{encoded:?}");
    assert!(encoded.len() <= TELEGRAM_CALLBACK_DATA, "{encoded:?}");
    assert!(encoded.chars().count() <= CUSTOM_ID, "{encoded:?}");
    encoded
}

/// Any action the bot could put on a button, from the fuzzer's bytes.
fn action(u: &mut Unstructured) -> Result<Action> {
    let movie = PublicMovieId(u.arbitrary()?);
    Ok(match u.int_in_range(0..=18u8)? {
        0 => Action::Rate {
            movie,
            stars: Stars::from_halves(u.int_in_range(1..=10)?).expect("1-10 halves"),
        },
        1 => Action::MoreLikeThis { movie },
        2 => {
            let code = [u.int_in_range(b'A'..=b'Z')?, u.int_in_range(b'a'..=b'z')?];
            let region = Region::parse(std::str::from_utf8(&code).expect("ASCII"));
            let region = if u.arbitrary()? { region } else { None };
            Action::WhereToWatch { movie, region }
        }
        3 => Action::WatchlistAdd { movie },
        4 => Action::WatchlistRemove { movie },
        5 => Action::ShowWatchlist,
        6 => Action::Details { movie },
        7 => Action::NotInterested { movie },
        8 => Action::Unrate { movie },
        9 => Action::NextPage {
            query: u.arbitrary()?,
            page: u.arbitrary()?,
        },
        10 => Action::PrevPage {
            query: u.arbitrary()?,
            page: u.arbitrary()?,
        },
        11 => Action::PickGenre {
            genre: *u.choose(&Genre::ALL)?,
        },
        12 => Action::ShowPicks,
        13 => Action::ConfirmForget,
        14 => Action::ImportPick {
            staging: u.arbitrary()?,
            movie,
        },
        15 => Action::Unexclude {
            exclusion: u.arbitrary()?,
            slot: u.arbitrary()?,
        },
        16 => Action::SetService {
            provider: u.arbitrary()?,
            on: u.arbitrary()?,
        },
        17 => Action::Night {
            night: u.arbitrary()?,
            step: match u.int_in_range(0..=5u8)? {
                0 => NightStep::Join,
                1 => NightStep::Leave,
                2 => NightStep::Pick,
                3 => NightStep::Close,
                4 => NightStep::Quiet,
                _ => NightStep::Vote(u.int_in_range(1..=NightStep::MAX_SLOT)?),
            },
        },
        _ => Action::Cancel,
    })
}

fuzz_target!(|data: &[u8]| {
    // Platforms deliver strings; lossy decoding also feeds U+FFFD and odd lengths through.
    let text = String::from_utf8_lossy(data);
    if let Ok(decoded) = Action::decode(&text) {
        assert_eq!(
            check_encoding(&decoded),
            text,
            "accepted a non-canonical spelling"
        );
    }
    if let Ok(minted) = action(&mut Unstructured::new(data)) {
        let encoded = check_encoding(&minted);
        assert_eq!(Action::decode(&encoded), Ok(minted), "{encoded:?}");
    }
});
