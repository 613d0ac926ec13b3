//! Signals that need no film or person: greetings, help, "recommend me something", trending,
//! group requests, and whether a message asks for anything at all.

use std::sync::LazyLock;

use regex::Regex;

fn re(pattern: &str) -> Regex {
    Regex::new(&format!("(?ix){pattern}")).expect("chatter pattern is valid")
}

static GREETING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*(?:hi+|hello+|hey+|heya|hiya|howdy|yo+|sup|hola|hallo|bonjour|ciao|greetings|good\s+(?:morning|afternoon|evening|day)|morning|evening|what'?s\s+up|wassup|whats\s+good|hey\s+there|hi\s+there|thanks?|thank\s+you|thanks\s+a\s+lot|cheers|bye|goodbye|see\s+ya|see\s+you|good\s*night|gn|nice\s+to\s+meet\s+you|how\s+are\s+you|how'?s\s+it\s+going)\b",
    )
});

static HELP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*(?:/?help|\?+|h|commands|menu|start|/start)\s*[?!.]*\s*$
      | \b(?:what\s+can\s+(?:you|i)\s+do|what\s+do\s+you\s+do|how\s+(?:does\s+(?:this|it|that)|do\s+(?:you|i))\s+(?:work|use\s+(?:this|you|it))
      | how\s+(?:do\s+i|to)\s+use|what\s+(?:can|should|do)\s+i\s+(?:ask|say|type)|list\s+(?:of\s+)?commands
      | (?:show|give)\s+me\s+(?:the\s+)?(?:commands|help|options)|instructions|usage|what\s+are\s+you|who\s+are\s+you
      | what\s+do\s+you\s+understand|what\s+(?:are\s+)?your\s+(?:features|options|commands)|i\s+need\s+help|help\s+me\s*$
      | how\s+do\s+i\s+(?:rate|search|add|find)|can\s+you\s+help|^\s*help\b)",
    )
});

static RECOMMEND: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:re?c+om+[ae]n+d\w*|suggest\w*|recs?|picks?\s+for\s+me|my\s+picks|for\s+me
      | what\s+(?:should|shall|can|could|do|would)\s+(?:i|we)\s+(?:watch|see)|what\s+to\s+watch|(?:something|anything)\s+(?:to|i\s+(?:can|could|should)|we\s+(?:can|could|should))\s+watch
      | anything\s+(?:good|worth)|good\s+(?:movie|film|flick|one)s?|pick\s+(?:a|something|one|me|for)|choose\s+(?:a|something|for)
      | surprise\s+me|i'?m\s+bored|bored|movie\s+night|film\s+night|tonight|watch\s+(?:a|some)\s+(?:movie|film)
      | (?:give|show|find|get)\s+(?:me|us)\s+(?:a|an|some|something|anything)|something\s+good
      | i\s+(?:want|need)\s+(?:a|some|to\s+watch|something)|what\s+(?:movie|film)|which\s+(?:movie|film)
      | watch\s+something|help\s+me\s+(?:find|pick|choose|decide))\b",
    )
});

/// A bare mention of films: a request for picks only when nothing else explains it.
static FILM_NOUN: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:movies?|films?|flicks?|cinema|something|anything)\b"));

static TRENDING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:trending|trend|popular|popularity|what'?s\s+hot|hot\s+(?:right\s+)?now|hottest|most\s+(?:popular|watched|viewed|talked)
      | every(?:one|body)(?:'?s|\s+is|\s+are)?\s+(?:watching|talking|seeing)|people\s+(?:are\s+)?(?:watching|talking\s+about)
      | all\s+the\s+rage|buzz(?:ing|y)?|viral|hyped?|top\s+(?:\d+|ten|movies|films|charts?|picks)
      | box\s+office|blockbusters?|in\s+(?:theaters|theatres|cinemas?)|now\s+playing|playing\s+now|out\s+in\s+cinemas
      | what'?s\s+on\s*(?:$|[?!.]|right\s+now|this\s+week|at\s+the)|this\s+week'?s?|charts?|big\s+hits|hits\s+right\s+now)\b",
    )
});

static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:for\s+(?:all\s+of\s+us|us\s+all|the\s+group|the\s+(?:whole\s+)?(?:gang|squad|crew|team)|everyone(?:\s+here)?|everybody(?:\s+here)?|us|the\s+(?:two|three|four|five|\d+)\s+of\s+us|(?:my|our)\s+(?:friends|group|squad|crew))
      | all\s+of\s+us|we\s+all|group\s+(?:pick|picks|watch|movie|night|recommendation)|/group)\b",
    )
});

/// Words that turn a statement into a request ("I love horror" states; "I love horror, any
/// suggestions?" asks).
static REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\?|\b(?:re?c+om+[ae]n+d\w*|suggest\w*|show|find|give|want|need|looking\s+for|look\s+for|search|any|what|which|can\s+you|could\s+you|should|got\s+any|get\s+me|pick|list|help\s+me|please|i'?d\s+like|let'?s\s+watch|in\s+the\s+mood)\b",
    )
});

pub(crate) struct Chatter {
    pub greeting: bool,
    pub help: bool,
    pub recommend_verb: bool,
    pub recommend_noun: bool,
    pub trending: bool,
    pub for_group: bool,
    pub request: bool,
}

/// Reads the chatter signals from `masked` (titles and names blanked out) and `clean`.
pub(crate) fn detect(clean: &str, masked: &str) -> Chatter {
    Chatter {
        greeting: GREETING.is_match(clean),
        help: HELP.is_match(clean),
        recommend_verb: RECOMMEND.is_match(masked),
        recommend_noun: FILM_NOUN.is_match(masked),
        trending: TRENDING.is_match(masked),
        for_group: GROUP.is_match(masked),
        request: REQUEST.is_match(masked),
    }
}
