//! Moods: how the user wants to feel. Declared here once, because the core parses them from
//! words and the adapters offer them as choices (Discord's `/recommend mood:`).

use serde::{Deserialize, Serialize};

use crate::Genre;

/// How the user wants to feel. Moods do not set genres themselves; a ranking may favour
/// [`Mood::related_genres`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mood {
    Scary,
    FeelGood,
    Funny,
    Romantic,
    Suspenseful,
    Sad,
    MindBending,
    Epic,
    Dark,
    Relaxing,
}

impl Mood {
    pub const ALL: [Mood; 10] = [
        Mood::Scary,
        Mood::FeelGood,
        Mood::Funny,
        Mood::Romantic,
        Mood::Suspenseful,
        Mood::Sad,
        Mood::MindBending,
        Mood::Epic,
        Mood::Dark,
        Mood::Relaxing,
    ];

    /// The stable machine name (`feel_good`), as serialized.
    pub const fn as_str(self) -> &'static str {
        match self {
            Mood::Scary => "scary",
            Mood::FeelGood => "feel_good",
            Mood::Funny => "funny",
            Mood::Romantic => "romantic",
            Mood::Suspenseful => "suspenseful",
            Mood::Sad => "sad",
            Mood::MindBending => "mind_bending",
            Mood::Epic => "epic",
            Mood::Dark => "dark",
            Mood::Relaxing => "relaxing",
        }
    }

    /// The word people use (`feel-good`): a choice's label, and a phrase the parser reads.
    pub const fn label(self) -> &'static str {
        match self {
            Mood::FeelGood => "feel-good",
            Mood::MindBending => "mind-bending",
            m => m.as_str(),
        }
    }

    /// The mood named by its label or machine name, ignoring ASCII case.
    pub fn from_name(name: &str) -> Option<Mood> {
        let name = name.trim();
        Mood::ALL
            .into_iter()
            .find(|m| m.label().eq_ignore_ascii_case(name) || m.as_str().eq_ignore_ascii_case(name))
    }

    /// Genres a ranking may favour for this mood, strongest first.
    pub const fn related_genres(self) -> &'static [Genre] {
        use Genre::*;
        match self {
            Mood::Scary => &[Horror, Thriller],
            Mood::FeelGood => &[Comedy, Family, Music],
            Mood::Funny => &[Comedy],
            Mood::Romantic => &[Romance],
            Mood::Suspenseful => &[Thriller, Mystery, Crime],
            Mood::Sad => &[Drama, Romance],
            Mood::MindBending => &[ScienceFiction, Mystery, Thriller],
            Mood::Epic => &[Adventure, War, History, Fantasy],
            Mood::Dark => &[Crime, Thriller, Drama],
            Mood::Relaxing => &[Comedy, Family, Animation],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_labels_round_trip() {
        for m in Mood::ALL {
            assert_eq!(Mood::from_name(m.label()), Some(m));
            assert_eq!(Mood::from_name(m.as_str()), Some(m));
        }
        assert_eq!(Mood::from_name("Feel-Good"), Some(Mood::FeelGood));
        assert_eq!(Mood::from_name("grumpy"), None);
    }
}
