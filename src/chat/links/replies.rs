//! What `/link` and `/unlink` say: the code and how to use it, the merge reported ("Linked:
//! you're one person now — 143 ratings, 12 on your watchlist."), and every refusal in plain
//! words.

use moviebot_protocol::{Platform, Reply};

use super::super::answers::Answers;
use super::super::core::Turn;
use super::{Redeemed, Unlinked, platform_name, private_here};
use crate::store::{Identity, LinkRefusal};

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "Discord (Ada) and Telegram (ada_t)".
fn accounts(list: &[Identity]) -> String {
    let names: Vec<String> = list
        .iter()
        .map(|i| {
            let platform = platform_name(&i.platform);
            if i.display_name.is_empty() {
                platform.to_string()
            } else {
                format!("{platform} ({})", i.display_name)
            }
        })
        .collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => "none".into(),
    }
}

const MAKE_A_NEW_ONE: &str = "Send /link on your other platform for a new one.";

impl Answers {
    /// `/link` (a new code) or `/link CODE` (join this account to the code's owner).
    pub(in crate::chat) async fn link(
        &self,
        turn: &Turn<'_>,
        typed: &str,
    ) -> anyhow::Result<Reply> {
        if typed.trim().is_empty() {
            return self.link_code(turn).await;
        }
        let text = match self.links.redeem(turn.user, typed).await? {
            Redeemed::Linked(m) => format!(
                "Linked: you're one person now — {}, {} on your watchlist. Your accounts: {}. \
                 Recommendations now use all your ratings, and groups on any of them see one \
                 of you. (/unlink separates an account again.)",
                plural(m.ratings, "rating", "ratings"),
                m.watchlist,
                accounts(&m.identities)
            ),
            Redeemed::Malformed => "That doesn't look like a link code — they're 8 letters and \
                digits like ABCD-EFGH. Send /link alone to get one."
                .to_string(),
            Redeemed::Wrong { left } => format!(
                "That code doesn't match any link code. Check it, or {} ({} left in the next \
                 10 minutes.)",
                MAKE_A_NEW_ONE.to_lowercase(),
                plural(left, "try", "tries")
            ),
            Redeemed::Limited {
                overall: false,
                minutes,
            } => format!(
                "That's too many wrong codes — to keep codes from being guessed, please wait \
                 {minutes} minutes before trying again."
            ),
            Redeemed::Limited {
                overall: true,
                minutes,
            } => format!(
                "Linking is paused for a few minutes: too many wrong codes were tried. Please \
                 try again in {minutes} minutes."
            ),
            Redeemed::Refused(LinkRefusal::Expired) => {
                format!("That code has expired (codes last 10 minutes). {MAKE_A_NEW_ONE}")
            }
            Redeemed::Refused(LinkRefusal::Used) => {
                format!("That code has already been used — each works once. {MAKE_A_NEW_ONE}")
            }
            Redeemed::Refused(LinkRefusal::Own) => "That code is yours already: this account \
                is the one it links to. Send /link CODE from your *other* platform."
                .to_string(),
            Redeemed::Refused(LinkRefusal::SamePlatform(p)) => {
                let name = platform_name(&p);
                format!(
                    "I can't link these: both sides already have a {name} account. One person \
                     has one account per platform here — two {name} accounts would be two \
                     people sharing ratings, and group picks would count them twice. Send \
                     /unlink {p} on the other side first if you mean to swap accounts."
                )
            }
            Redeemed::Refused(LinkRefusal::Unknown) => {
                "That code doesn't match any link code.".to_string()
            }
        };
        Ok(Reply::text(text).ephemeral())
    }

    async fn link_code(&self, turn: &Turn<'_>) -> anyhow::Result<Reply> {
        if !private_here(turn.conversation) {
            return Ok(Reply::text(
                "Link codes are like passwords — send me /link in a private chat.",
            ));
        }
        let made = self.links.new_code(turn.user).await?;
        Ok(Reply::text(format!(
            "Your link code: {code}\nOn your other platform (Discord, Telegram or the terminal \
             chat) send:\n/link {code}\nIt works once, for 10 minutes. Your ratings, watchlist \
             and preferences from both sides become one — kept under this account. Don't share \
             it: whoever sends it joins their account to yours.",
            code = made.code
        ))
        .ephemeral())
    }

    /// `/profile`'s line about linked accounts (empty with one account).
    pub(in crate::chat) async fn linked_accounts(&self, turn: &Turn<'_>) -> anyhow::Result<String> {
        let list = self.links.identities(turn.user).await?;
        Ok(if list.len() > 1 {
            format!("\nLinked accounts: {}", accounts(&list))
        } else {
            String::new()
        })
    }

    /// `/unlink [platform]`: this account (or the one named) on its own again.
    pub(in crate::chat) async fn unlink(
        &self,
        turn: &Turn<'_>,
        platform: Option<Platform>,
    ) -> anyhow::Result<Reply> {
        let here = turn.conversation.platform;
        let platform = platform.unwrap_or(here);
        let text = match self.links.unlink(turn.user, platform).await? {
            Unlinked::Done(split) => {
                let which = if platform == here {
                    "this account".to_string()
                } else {
                    format!("your {} account", platform_name(platform.as_str()))
                };
                format!(
                    "Unlinked: {which} is on its own again, with a copy of your {} and {} on \
                     the watchlist. Your other accounts keep theirs.",
                    plural(split.ratings, "rating", "ratings"),
                    split.watchlist
                )
            }
            Unlinked::NotLinked(p) => format!(
                "You have no {} account linked here.",
                platform_name(p.as_str())
            ),
            Unlinked::OnlyAccount => "This is your only account, so there's nothing to unlink \
                (/forgetme deletes everything instead)."
                .to_string(),
        };
        Ok(Reply::text(text).ephemeral())
    }
}
