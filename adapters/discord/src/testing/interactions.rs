//! Interaction JSON in Discord's real shapes, with every field serenity 0.12 needs to
//! deserialize it: the envelope every interaction shares, pings, slash commands and
//! autocomplete. Component clicks carry the message they were on, which each suite builds.

use serde_json::{Value, json};

pub const APP_ID: u64 = 1_000_000_000_000_000_001;
pub const GUILD_ID: &str = "1300000000000000001";
pub const CHANNEL_ID: &str = "1400000000000000001";

/// A Discord account taking part in a test.
#[derive(Debug, Clone, Copy)]
pub struct Who {
    pub id: &'static str,
    pub name: &'static str,
}

pub const ADA: Who = Who {
    id: "1500000000000000001",
    name: "ada",
};
pub const BOB: Who = Who {
    id: "1500000000000000002",
    name: "bob",
};

pub fn user(who: Who) -> Value {
    json!({
        "id": who.id, "username": who.name, "discriminator": "0", "global_name": who.name,
        "avatar": null, "bot": false, "public_flags": 0
    })
}

pub fn member(who: Who) -> Value {
    json!({
        "user": user(who), "nick": null, "avatar": null, "roles": [],
        "joined_at": "2024-01-01T00:00:00.000000+00:00", "premium_since": null,
        "deaf": false, "mute": false, "flags": 0, "pending": false,
        "permissions": "2248473465835073", "communication_disabled_until": null
    })
}

/// What every interaction of `kind` carries, from `who`; `guild` false makes it a DM.
pub fn envelope(kind: u8, id: &str, who: Who, guild: bool) -> Value {
    let mut v = json!({
        "id": id, "application_id": APP_ID.to_string(), "type": kind,
        "channel_id": CHANNEL_ID,
        "channel": {"id": CHANNEL_ID, "type": if guild { 0 } else { 1 }},
        "token": format!("token-{id}"), "version": 1,
        "app_permissions": "2248473465835073", "locale": "en-GB", "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD_ID},
        "context": if guild { 0 } else { 1 }, "attachment_size_limit": 10485760
    });
    if guild {
        v["guild_id"] = json!(GUILD_ID);
        v["guild_locale"] = json!("en-US");
        v["member"] = member(who);
    } else {
        v["user"] = user(who);
    }
    v
}

pub fn ping(id: &str) -> Value {
    json!({"id": id, "application_id": APP_ID.to_string(), "type": 1,
        "token": "token-ping", "version": 1})
}

/// `/name` run by `who`; `options` as `[{"name", "type", "value"}]`.
pub fn command(id: &str, who: Who, name: &str, options: Value, guild: bool) -> Value {
    let mut v = envelope(2, id, who, guild);
    v["data"] = json!({"id": "1200000000000000001", "name": name, "type": 1,
        "options": options});
    v
}

/// `who` typing `prefix` into `/name option:` in the guild.
pub fn autocomplete(id: &str, who: Who, name: &str, option: &str, prefix: &str) -> Value {
    let mut v = envelope(4, id, who, true);
    v["data"] = json!({"id": "1200000000000000001", "name": name, "type": 1,
        "options": [{"name": option, "type": 3, "value": prefix, "focused": true}]});
    v
}

/// `/name` run by `who` with a file attached to its `option` (type 11): the option's value is
/// the attachment id and the file's URL, name and size sit in `data.resolved.attachments`, as
/// Discord sends them. `url` is where the fake CDN serves it ([`super::FakeRest::attach`]).
pub fn command_with_file(
    id: &str,
    who: Who,
    name: &str,
    option: &str,
    (filename, url, size): (&str, &str, u64),
    guild: bool,
) -> Value {
    let attachment = "1600000000000000001";
    let mut v = command(
        id,
        who,
        name,
        json!([{"name": option, "type": 11, "value": attachment}]),
        guild,
    );
    v["data"]["resolved"] = json!({"attachments": {attachment: {
        "id": attachment, "filename": filename, "size": size, "url": url,
        "proxy_url": url, "content_type": "text/csv; charset=utf-8", "ephemeral": true
    }}});
    v
}

/// `/name` run by `who` with `target` picked in its user `option` (type 6): the option's
/// value is the user's id, and `data.resolved` carries the user and, in a guild, the partial
/// member (with the server nickname, when given), as Discord sends them.
pub fn command_with_user(
    id: &str,
    who: Who,
    name: &str,
    option: &str,
    (target, nick, bot): (Who, Option<&str>, bool),
    guild: bool,
) -> Value {
    let mut v = command(
        id,
        who,
        name,
        json!([{"name": option, "type": 6, "value": target.id}]),
        guild,
    );
    let mut user = user(target);
    user["bot"] = json!(bot);
    v["data"]["resolved"] = json!({"users": {target.id: user}});
    if guild {
        v["data"]["resolved"]["members"] = json!({target.id: {
            "nick": nick, "avatar": null, "roles": [],
            "joined_at": "2024-01-01T00:00:00.000000+00:00", "premium_since": null,
            "flags": 0, "pending": false, "permissions": "2248473465835073",
            "communication_disabled_until": null
        }});
    }
    v
}
