//! One conversation end to end, printed as what the fake Bot API received
//! (`cargo test -p moviebot-telegram --test adapter transcript -- --nocapture`).

use serde_json::Value;

use super::support::*;
use moviebot_telegram::fake_api::Call;

#[tokio::test]
async fn transcript_of_a_conversation() {
    let app = spawn_app().await;
    let mut out = vec!["== startup ==".to_string()];
    for c in app.fake.calls().iter().filter(|c| c.method != "getUpdates") {
        out.push(format!(
            "  → {} {}",
            c.method,
            if c.method == "setMyCommands" {
                let n = c.params["commands"].as_array().unwrap().len();
                format!("({n} commands)")
            } else {
                String::new()
            }
        ));
    }
    let mut seen = app.fake.effects().len();
    let mut step = |label: String, app_calls: Vec<Call>| {
        out.push(label);
        for c in &app_calls[seen..] {
            out.push(c.transcript_line());
        }
        seen = app_calls.len();
    };

    let inputs: [(&str, Value, usize); 4] = [
        ("Ada: /start", dm(1, 42, "/start"), 1),
        (
            "Ada: something like Heat but <newer> & darker",
            dm(2, 42, "something like Heat but <newer> & darker"),
            1,
        ),
        ("Ada: /recommend", dm(3, 42, "/recommend"), 4),
        ("Ada: /movie Heat", dm(4, 42, "/movie Heat"), 1),
    ];
    let mut want = 0;
    for (label, update, n) in inputs {
        app.fake.push(update);
        want += n;
        let _ = app.fake.wait_effects(want).await;
        step(label.to_string(), app.fake.effects());
    }
    let card = app.fake.last_message(42);
    let star4 = button_data(&card["reply_markup"], "★4");
    app.fake
        .push(callback(5, "cq-501", user(42, "Ada"), card.clone(), &star4));
    want += 2;
    app.fake.wait_effects(want).await;
    step(
        format!("Ada presses ★4 (callback_data {star4:?})"),
        app.fake.effects(),
    );

    let more = button_data(&card["reply_markup"], "More like this");
    app.fake
        .push(callback(6, "cq-502", user(42, "Ada"), card, &more));
    want += 3;
    app.fake.wait_effects(want).await;
    step("Ada presses \"More like this\"".into(), app.fake.effects());

    app.fake
        .push(inline_query(7, "iq-7", user(42, "Ada"), "inc"));
    want += 1;
    app.fake.wait_effects(want).await;
    step(
        "Ada, in another chat: @MovieBot inc".into(),
        app.fake.effects(),
    );

    println!("\n{}\n", out.join("\n"));
    assert!(
        app.fake.effects().iter().all(|c| c.ok),
        "the fake accepted every call"
    );
    app.stop().await;
}
