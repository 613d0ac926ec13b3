//! Films outside the model (fetched live since the last fit): "movies like X" from X's own
//! metadata, the projection's agreement with the fitted rows, and outside ratings moving a
//! user's picks — plus a pin that users without outside films rank exactly as before.

use super::*;
use crate::recommend::tfidf::{item_tokens, sparse_dot};

/// A film the toy model has never seen, made of the horror/sci-fi cluster's parts.
fn stranger() -> ItemMeta {
    ItemMeta {
        keywords: vec!["xenomorph".into(), "spaceship".into()],
        overview: "A crew wakes to a signal from a dead moon.".into(),
        ..movie(
            500,
            "Dark Signal",
            2023,
            &["Horror", "Sci-Fi"],
            "John Carpenter",
            &["Sigourney Weaver"],
        )
    }
}

/// X's cosine with every catalog film, the slow way: X's vector dotted with each row.
fn brute_cosines(model: &Model, x: &ItemMeta) -> Vec<f32> {
    let t = &model.content.tfidf;
    let v = t.vector(&item_tokens(x));
    let (cols, vals): (Vec<u32>, Vec<f32>) = v.into_iter().unzip();
    (0..model.catalog.len())
        .map(|i| sparse_dot((&cols, &vals), t.matrix.row(i)))
        .collect()
}

#[test]
fn similar_to_meta_returns_the_cluster_then_fills() {
    let r = rec();
    let model = r.model();
    let x = stranger();
    let cos = brute_cosines(&model, &x);
    let k = 10;
    let picks = r.similar_to_meta(&x, &Filters::default(), k);
    assert_eq!(picks.len(), k, "filled to k: {picks:?}");
    // The projection's picks come first, each with its cosine, best first; then the fill.
    let n_scored = picks.iter().take_while(|p| p.score > 0.0).count();
    let expected: Vec<i64> = (0..model.catalog.len())
        .filter(|&i| cos[i] > 1e-6 && !model.catalog.adult[i])
        .map(|i| model.catalog.items[i].id)
        .collect();
    assert_eq!(n_scored, expected.len(), "{picks:?}");
    for w in picks[..n_scored].windows(2) {
        assert!(w[0].score >= w[1].score);
    }
    for p in &picks[..n_scored] {
        let i = model.item_index(p.item).unwrap() as usize;
        assert!((p.score - cos[i]).abs() < 1e-5, "{p:?} vs {}", cos[i]);
        assert!(matches!(&p.reason, Reason::LikeTitle { title, .. } if title == "Dark Signal"));
    }
    for p in &picks[n_scored..] {
        assert_eq!((p.score, &p.reason), (0.0, &Reason::Popular));
    }
    // The horror/sci-fi cluster leads, and the strongest ties are named.
    let mut head = ids(&picks[..3]);
    head.sort_unstable();
    assert_eq!(head, vec![6, 7, 8], "{picks:?}");
    let lines: Vec<String> = picks[..3].iter().map(|p| p.reason.to_string()).collect();
    assert!(
        lines.contains(&"like Dark Signal — same director".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"like Dark Signal — also with Sigourney Weaver".to_string()),
        "{lines:?}"
    );
    // Each film once, never the adult one.
    let mut all = ids(&picks);
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), k);
    assert!(!all.contains(&11));
}

#[test]
fn similar_to_meta_respects_filters_and_never_returns_x() {
    let r = rec();
    let model = r.model();
    let x = stranger();
    let action = r.similar_to_meta(&x, &Filters::default().genre("action"), 20);
    assert!(!action.is_empty());
    assert_eq!(
        action[0].item, 7,
        "Aliens is the only action film in the cluster"
    );
    for p in &action {
        let m = &model.catalog.items[model.item_index(p.item).unwrap() as usize];
        assert!(m.genres.iter().any(|g| g == "Action"), "{p:?}");
    }
    let eighties = r.similar_to_meta(&x, &Filters::default().years(Some(1980), Some(1989)), 20);
    assert_eq!(
        ids(&eighties),
        vec![8, 7],
        "The Thing (same director), then Aliens"
    );
    assert!(
        r.similar_to_meta(&x, &Filters::default().genre("Western"), 5)
            .is_empty()
    );
    // An X whose id the catalog has (Alien itself) never comes back, projected or filled.
    let alien = model.catalog.items[model.item_index(6).unwrap() as usize].clone();
    let like = r.similar_to_meta(&alien, &Filters::default(), 11);
    assert_eq!(like.len(), 10, "every film but Alien and the adult one");
    assert!(!ids(&like).contains(&6));
    assert_eq!(r.similar_to_meta(&x, &Filters::default(), 0), vec![]);
}

#[test]
fn unknown_tokens_are_ignored() {
    let model = rec().model();
    let x = stranger();
    let bare = ItemMeta {
        keywords: Vec::new(),
        overview: String::new(),
        title: String::new(),
        ..x.clone()
    };
    // Its keywords, synopsis and title are new words: they change nothing.
    assert_eq!(
        model.content.project(&x, 50),
        model.content.project(&bare, 50)
    );
    let nothing = ItemMeta {
        genres: vec!["Western".into()],
        ..ItemMeta::bare(501)
    };
    assert!(model.content.project(&nothing, 50).is_empty());
}

/// `project` of a catalog film against its stored neighbour row, to 1e-5.
fn assert_projects_onto_stored_rows(model: &Model) {
    let n = model.config.content.neighbours;
    for (i, meta) in model.catalog.items.iter().enumerate() {
        let i = i as u32;
        let (cols, vals) = model.content.neighbours.row(i as usize);
        let got = model.content.project_except(meta, n, Some(i));
        assert_eq!(
            got.iter().map(|e| e.0).collect::<Vec<_>>(),
            cols,
            "{}",
            meta.title
        );
        for (g, v) in got.iter().zip(vals) {
            assert!((g.1 - v).abs() < 1e-5, "{}: {g:?} vs {v}", meta.title);
        }
        // Without the exception the film finds itself, at cosine 1 (when no posting is
        // sampled, or it might not be in the sample).
        if !cols.is_empty() && model.content.max_posting >= model.catalog.len() {
            let with_self = model.content.project(meta, n + 1);
            let own = with_self.iter().find(|e| e.0 == i).expect("finds itself");
            assert!((own.1 - 1.0).abs() < 1e-5);
        }
    }
}

#[test]
fn projection_of_a_catalog_film_is_its_stored_row() {
    assert_projects_onto_stored_rows(&rec().model());
    // Sampled postings (Action has 7 films) and truncated rows: the projection walks the
    // same sample and cuts the same way.
    let mut cfg = RecommenderConfig::default();
    cfg.content.max_posting = 3;
    cfg.content.neighbours = 3;
    let model = Model::fit(&toy(), &cfg);
    assert_projects_onto_stored_rows(&model);
}

#[test]
fn an_outside_rating_leads_the_picks_to_its_neighbours() {
    let r = rec();
    let model = r.model();
    let x = stranger();
    let row = model.content.project(&x, model.config.content.neighbours);
    let mut nearest = row.clone();
    nearest.sort_by(|a, b| b.1.total_cmp(&a.1));
    let fan = UserInput {
        outside: vec![(x.clone(), 5.0)],
        ..UserInput::default()
    };
    let picks = r.recommend(&fan, &Filters::default(), 3, 0);
    // Personal, not cold start: led by X's nearest content neighbours, named after X.
    let top: Vec<i64> = nearest[..3]
        .iter()
        .map(|e| model.catalog.items[e.0 as usize].id)
        .collect();
    assert_eq!(picks[0].item, top[0], "{picks:?}");
    match &picks[0].reason {
        Reason::BecauseYouRated { title, stars, .. } => {
            assert_eq!((title.as_str(), *stars), ("Dark Signal", 5.0))
        }
        other => panic!("not personal: {other}"),
    }
    let content = r.recommend_with(Method::Content, &fan, &Filters::default(), 3, 0);
    assert_eq!(ids(&content), top);
    assert_ne!(
        ids(&picks),
        ids(&r.recommend(&UserInput::default(), &Filters::default(), 3, 0))
    );
    // At 1★ the same films sink below everything X does not resemble.
    let hater = UserInput {
        outside: vec![(x.clone(), 1.0)],
        ..UserInput::default()
    };
    let low = r.recommend_with(Method::Content, &hater, &Filters::default(), 11, 0);
    let pos = |id| ids(&low).iter().position(|&p| p == id).unwrap();
    let untouched = low.len() - row.len();
    for e in &row {
        assert!(
            pos(model.catalog.items[e.0 as usize].id) >= untouched,
            "{low:?}"
        );
    }
    let hybrid = r.recommend(&hater, &Filters::default(), 3, 0);
    assert!(!ids(&hybrid).contains(&top[0]), "{hybrid:?}");
    // The outside id itself is never a pick.
    assert!(!ids(&r.recommend(&fan, &Filters::default(), 20, 0)).contains(&500));
}

#[test]
fn outside_ratings_count_in_the_mean_and_fold_with_ratings() {
    let r = rec();
    let model = r.model();
    let x = stranger();
    let mut user = UserInput::with_ratings(None, vec![(1, 5.0)]);
    user.outside = vec![(x.clone(), 4.0), (x.clone(), 1.0)];
    let res = model.resolve(&user);
    // The last of a repeated id wins; the mean is damped over both ratings.
    let mu = model.predictor.mu;
    assert!((res.mean - (5.0 + 1.0 + mu) / 3.0).abs() < 1e-6);
    assert_eq!(res.outside.len(), 1);
    assert_eq!(res.outside[0].stars, 1.0);
    // An "outside" id the model knows after all (it was refitted meanwhile) is a rating —
    // unless `ratings` already has it, which then wins.
    let alien = model.catalog.items[model.item_index(6).unwrap() as usize].clone();
    let via_outside = UserInput {
        outside: vec![(alien.clone(), 5.0)],
        ..UserInput::with_ratings(None, vec![(1, 4.0)])
    };
    let plain = UserInput::with_ratings(None, vec![(1, 4.0), (6, 5.0)]);
    assert_eq!(
        r.recommend(&via_outside, &Filters::default(), 5, 0),
        r.recommend(&plain, &Filters::default(), 5, 0)
    );
    let both = UserInput {
        outside: vec![(alien, 1.0)],
        ..plain.clone()
    };
    assert_eq!(model.resolve(&both).rated, model.resolve(&plain).rated);
    // Prediction ignores outside films; groups take them in without trouble.
    assert_eq!(r.predict_many(&user, &[7, 500]), {
        let mut known = user.clone();
        known.outside.clear();
        r.predict_many(&known, &[7, 500])
    });
    let only = UserInput {
        outside: vec![(x, 5.0)],
        ..UserInput::default()
    };
    let group = r.recommend_group(&[only, plain], &Filters::default(), 4);
    assert_eq!(group.len(), 4);
    assert!(group.iter().all(|g| g.reasons.len() == 2 && g.item != 6));
}

/// Picks of three users under every method, recorded before `outside` existed: ids, scores
/// to six places and reasons. With no outside films nothing may move.
const BEFORE_OUTSIDE: [&str; 12] = [
    "u0 popularity [(4, 3.000000, popular right now), (5, 3.000000, popular right now), (6, 3.000000, popular right now), (8, 3.000000, popular right now), (9, 3.000000, popular right now), (10, 3.000000, popular right now)]",
    "u0 content [(2, 1.000079, because you rated Heat 5★ — same director), (7, 0.271924, because you rated Heat 5★ — also action), (6, 0.259310, popular right now), (8, 0.259310, popular right now), (9, 0.259310, popular right now), (10, 0.259310, popular right now)]",
    "u0 collaborative [(4, 1.000100, people who liked Heat also loved it), (5, 0.788112, people who liked Heat also loved it), (2, 0.497850, people who liked Heat also loved it), (12, 0.264185, people who liked Heat also loved it), (9, 0.195202, popular right now), (6, 0.004397, popular right now)]",
    "u0 hybrid [(2, 0.698742, because you rated Heat 5★ — same director), (4, 0.600100, people who liked Heat also loved it), (5, 0.480414, people who liked Heat also loved it), (12, 0.262215, people who liked Heat also loved it), (9, 0.220845, popular right now), (7, 0.108817, because you rated Heat 5★ — also action)]",
    "u1 popularity [(1, 3.000000, popular right now), (3, 3.000000, popular right now), (4, 3.000000, popular right now), (5, 3.000000, popular right now), (2, 2.000000, popular right now), (7, 2.000000, popular right now)]",
    "u1 content [(7, 1.000079, because you rated Alien 5★ — also with Sigourney Weaver), (4, 0.497716, because you rated Alien 5★ — also sci-fi), (1, 0.000100, popular right now), (3, 0.000100, popular right now), (5, 0.000100, popular right now), (2, 0.000079, popular right now)]",
    "u1 collaborative [(7, 1.000079, people who liked Alien also loved it), (3, 0.244577, someone with your taste loved it), (5, 0.242929, someone with your taste loved it), (12, 0.007202, popular right now), (1, 0.003338, popular right now), (2, 0.002472, popular right now)]",
    "u1 hybrid [(7, 1.000079, because you rated Alien 5★ — also with Sigourney Weaver), (4, 0.199146, because you rated Alien 5★ — also sci-fi), (3, 0.146786, someone with your taste loved it), (5, 0.145797, someone with your taste loved it), (12, 0.004341, popular right now), (1, 0.002043, popular right now)]",
    "u2 popularity [(1, 3.000000, popular right now), (3, 3.000000, popular right now), (4, 3.000000, popular right now), (5, 3.000000, popular right now), (8, 3.000000, popular right now), (9, 3.000000, popular right now)]",
    "u2 content [(1, 1.000100, popular right now), (3, 1.000100, popular right now), (5, 1.000100, popular right now), (2, 1.000079, popular right now), (10, 0.743025, popular right now), (9, 0.732427, popular right now)]",
    "u2 collaborative [(8, 0.869931, 3 people with your taste loved it), (10, 0.824685, 2 people with your taste loved it), (1, 0.674437, people who liked Amélie also loved it), (9, 0.580587, 2 people with your taste loved it), (7, 0.298351, someone with your taste loved it), (2, 0.001689, popular right now)]",
    "u2 hybrid [(1, 0.804702, people who liked Amélie also loved it), (10, 0.792021, 2 people with your taste loved it), (8, 0.700598, 3 people with your taste loved it), (9, 0.641323, 2 people with your taste loved it), (2, 0.401045, popular right now), (5, 0.400107, popular right now)]",
];

#[test]
fn without_outside_films_ranking_is_unchanged() {
    let r = rec();
    let users = [
        UserInput::with_ratings(None, vec![(1, 5.0), (3, 4.0)]),
        UserInput::with_ratings(Some(4), vec![(6, 5.0), (8, 4.5), (9, 4.0), (10, 3.5)]),
        UserInput::with_ratings(None, vec![(12, 5.0), (6, 1.0)]),
    ];
    let mut lines = Vec::new();
    for (u, user) in users.iter().enumerate() {
        // The same user as an older caller would send it: JSON without an `outside` field.
        let mut json = serde_json::to_value(user).unwrap();
        json.as_object_mut().unwrap().remove("outside");
        let old: UserInput = serde_json::from_value(json).unwrap();
        assert_eq!(&old, user);
        for m in Method::ALL {
            let picks = r.recommend_with(m, &old, &Filters::default(), 6, 0);
            let shown: Vec<String> = picks
                .iter()
                .map(|p| format!("({}, {:.6}, {})", p.item, p.score, p.reason))
                .collect();
            lines.push(format!("u{u} {} [{}]", m.name(), shown.join(", ")));
        }
    }
    assert_eq!(lines, BEFORE_OUTSIDE);
}
