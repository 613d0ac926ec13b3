//! `/services`: the region's services as toggles ("✓ Netflix"), redrawn on each press.

use moviebot_protocol::{Action, Reply, Toggle};

use super::Offered;
use crate::chat::answers::Answers;
use crate::chat::core::Turn;
use crate::chat::texts::JUSTWATCH_ATTRIBUTION;
use crate::store::Service;

/// The region's most prominent services offered as buttons, before the user's own others.
const TOP: usize = 15;
/// Buttons at most: Discord's 5 rows of 5 (Telegram shows them two to a row).
const MAX_TOGGLES: usize = 25;

/// The buttons: the region's top services, then the user's own that are not among them,
/// at most [`MAX_TOGGLES`].
pub(crate) fn toggles(offered: &[Service], mine: &[Service]) -> Vec<Toggle> {
    let on = |id: i64| mine.iter().any(|s| s.id == id);
    let mut shown: Vec<&Service> = offered.iter().take(TOP).collect();
    for s in mine {
        if !shown.iter().any(|o| o.id == s.id) {
            shown.push(s);
        }
    }
    shown
        .into_iter()
        .filter_map(|s| Some((u32::try_from(s.id).ok()?, s)))
        .take(MAX_TOGGLES)
        .map(|(provider, s)| Toggle {
            action: Action::SetService {
                provider,
                on: !on(s.id),
            },
            name: s.name.clone(),
            on: on(s.id),
        })
        .collect()
}

fn names(services: &[Service]) -> String {
    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    names.join(", ")
}

impl Answers {
    /// `/services`: the user's services in their region as toggles.
    pub(crate) async fn services_list(&self, turn: &Turn<'_>) -> anyhow::Result<Reply> {
        let region = self.services.region(turn.user).await?;
        let mine = self.services.mine(turn.user).await?;
        let offered = self.services.offered(region).await;
        let text = if mine.is_empty() {
            format!(
                "Which streaming services do you pay for in {}? Tap the ones you have, then ask \
                 for \"picks on my services\".",
                region.as_str()
            )
        } else {
            format!(
                "Your services in {}: {}. Tap one to turn it on or off.",
                region.as_str(),
                names(&mine)
            )
        };
        let reply = Reply::text(text)
            .with_toggles(toggles(&offered.services, &mine))
            .ephemeral();
        Ok(match offered {
            Offered { live: false, .. } if self.films.is_live() => reply.with_notice(
                "TMDb didn't answer just now, so these are only the best-known services — ask \
                 again in a bit for your region's full list.",
            ),
            Offered { live: false, .. } => reply.with_notice(
                "Without TMDb I only know these well-known services, and limiting picks to your \
                 services needs TMDb's streaming data.",
            ),
            Offered { stale: true, .. } => {
                reply.with_notice("TMDb didn't answer just now, so this list may be out of date.")
            }
            _ => reply.with_notice(JUSTWATCH_ATTRIBUTION),
        })
    }

    /// A toggle pressed: store the wanted state, then redraw the list.
    pub(crate) async fn set_service(
        &self,
        turn: &Turn<'_>,
        provider: u32,
        on: bool,
    ) -> anyhow::Result<Reply> {
        match self
            .services
            .set(turn.user, i64::from(provider), on)
            .await?
        {
            Some(_) => self.services_list(turn).await,
            None => Ok(
                Reply::text("I don't know that service any more — open /services again.")
                    .ephemeral(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(id: i64, name: &str) -> Service {
        Service {
            id,
            name: name.into(),
        }
    }

    #[test]
    fn toggles_show_the_top_services_then_the_users_own() {
        let offered: Vec<Service> = (1..=30).map(|i| s(i, &format!("S{i}"))).collect();
        let mine = vec![s(2, "S2"), s(28, "S28")];
        let t = toggles(&offered, &mine);
        assert_eq!(t.len(), TOP + 1);
        assert_eq!(t[1].label(), "✓ S2");
        assert_eq!(
            t[1].action,
            Action::SetService {
                provider: 2,
                on: false
            }
        );
        assert_eq!(t[0].label(), "S1");
        assert_eq!(
            t[0].action,
            Action::SetService {
                provider: 1,
                on: true
            }
        );
        assert_eq!(t.last().unwrap().name, "S28");
        let many: Vec<Service> = (100..140).map(|i| s(i, "x")).collect();
        assert_eq!(toggles(&offered, &many).len(), MAX_TOGGLES);
    }
}
