//! Behaviour tests of the whole recommender on a small hand-made catalog, plus the quality
//! bars on the real MovieLens split (skipped when the data is absent).

use super::*;

mod outside;

fn movie(
    id: i64,
    title: &str,
    year: i32,
    genres: &[&str],
    director: &str,
    cast: &[&str],
) -> ItemMeta {
    ItemMeta {
        id,
        title: title.into(),
        year: Some(year),
        genres: genres.iter().map(|s| s.to_string()).collect(),
        director: Some(director.into()),
        cast: cast.iter().map(|s| s.to_string()).collect(),
        ..ItemMeta::bare(id)
    }
}

/// 12 films, 8 users with a horror cluster and an action cluster.
fn toy() -> Dataset {
    let items = vec![
        movie(
            1,
            "Heat",
            1995,
            &["Action", "Crime"],
            "Michael Mann",
            &["Al Pacino", "Robert De Niro"],
        ),
        movie(
            2,
            "Collateral",
            2004,
            &["Action", "Crime"],
            "Michael Mann",
            &["Tom Cruise"],
        ),
        movie(
            3,
            "Speed",
            1994,
            &["Action"],
            "Jan de Bont",
            &["Keanu Reeves"],
        ),
        movie(
            4,
            "The Matrix",
            1999,
            &["Action", "Sci-Fi"],
            "Lana Wachowski",
            &["Keanu Reeves"],
        ),
        movie(
            5,
            "John Wick",
            2014,
            &["Action"],
            "Chad Stahelski",
            &["Keanu Reeves"],
        ),
        movie(
            6,
            "Alien",
            1979,
            &["Horror", "Sci-Fi"],
            "Ridley Scott",
            &["Sigourney Weaver"],
        ),
        movie(
            7,
            "Aliens",
            1986,
            &["Action", "Horror", "Sci-Fi"],
            "James Cameron",
            &["Sigourney Weaver"],
        ),
        movie(
            8,
            "The Thing",
            1982,
            &["Horror", "Sci-Fi"],
            "John Carpenter",
            &["Kurt Russell"],
        ),
        movie(
            9,
            "Halloween",
            1978,
            &["Horror"],
            "John Carpenter",
            &["Jamie Lee Curtis"],
        ),
        movie(
            10,
            "Scream",
            1996,
            &["Horror"],
            "Wes Craven",
            &["Neve Campbell"],
        ),
        movie(11, "Adult Film", 2001, &["Action"], "X", &[]),
        movie(
            12,
            "Amélie",
            2001,
            &["Comedy", "Romance"],
            "Jean-Pierre Jeunet",
            &["Audrey Tautou"],
        ),
    ];
    let mut items = items;
    items[10].adult = true;
    let mut ratings = Vec::new();
    let mut add = |u: i64, list: &[(i64, f32)]| {
        for &(i, r) in list {
            ratings.push(Rating {
                user: u,
                item: i,
                rating: r,
                timestamp: 0,
            });
        }
    };
    add(1, &[(1, 5.0), (2, 4.5), (3, 4.0), (4, 5.0), (11, 5.0)]);
    add(2, &[(1, 4.0), (3, 4.5), (5, 5.0), (4, 4.0), (11, 4.0)]);
    add(3, &[(2, 5.0), (4, 4.5), (5, 4.0), (7, 4.0)]);
    add(4, &[(6, 5.0), (8, 4.5), (9, 4.0), (10, 3.5)]);
    add(5, &[(6, 4.5), (7, 5.0), (8, 5.0), (10, 4.0)]);
    add(6, &[(8, 4.0), (9, 5.0), (10, 4.5), (6, 4.0)]);
    add(7, &[(12, 5.0), (1, 2.0)]);
    add(8, &[(5, 4.0), (3, 4.0), (9, 2.0), (11, 3.0)]);
    Dataset::new(items, ratings)
}

fn ids(p: &[Pick]) -> Vec<i64> {
    p.iter().map(|x| x.item).collect()
}

fn rec() -> Recommender {
    Recommender::from_dataset(&toy(), RecommenderConfig::default())
}

#[test]
fn rated_and_adult_films_never_appear() {
    let r = rec();
    let user = UserInput::with_ratings(None, vec![(1, 5.0), (3, 4.0)]);
    let all = r.recommend(&user, &Filters::default(), 20, 0);
    assert!(!all.is_empty());
    for p in &all {
        assert!(![1, 3, 11].contains(&p.item), "{p:?}");
    }
    // With the adult filter off, the adult film is allowed again (liked by action fans).
    let open = Filters {
        exclude_adult: false,
        ..Filters::default()
    };
    assert!(ids(&r.recommend(&user, &open, 20, 0)).contains(&11));
    // Excluded ids ("not that one") vanish too.
    let mut no = user.clone();
    no.excluded = vec![all[0].item];
    assert!(!ids(&r.recommend(&no, &Filters::default(), 20, 0)).contains(&all[0].item));
    // Cold users and popularity also skip adult films.
    assert!(!ids(&r.popular(&Filters::default(), 20)).contains(&11));
}

#[test]
fn a_new_rating_changes_the_next_recommendation() {
    let r = rec();
    let mut user = UserInput::with_ratings(Some(99), vec![(1, 5.0)]);
    let before = r.recommend(&user, &Filters::default(), 3, 0);
    // Now the user loves the horror cluster: the next answer follows at once, no rebuild.
    user.ratings.extend([(6, 5.0), (8, 5.0), (1, 1.0)]);
    let after = r.recommend(&user, &Filters::default(), 3, 0);
    assert_ne!(ids(&before), ids(&after));
    assert!([7, 9, 10].contains(&after[0].item), "{after:?}");
    assert!(!ids(&after).contains(&6));
}

#[test]
fn filters_hold_inside_the_ranking() {
    let r = rec();
    let user = UserInput::with_ratings(None, vec![(6, 5.0), (8, 4.0)]);
    let horror = r.recommend(&user, &Filters::default().genre("horror"), 10, 0);
    assert!(!horror.is_empty());
    let model = r.model();
    for p in &horror {
        let m = &model.catalog.items[model.item_index(p.item).unwrap() as usize];
        assert!(m.genres.iter().any(|g| g == "Horror"));
    }
    // Year range and person: a horror fan asking for 90s Keanu still gets exactly those.
    let keanu = r.recommend(
        &user,
        &Filters::default()
            .person("keanu reeves")
            .years(Some(1990), Some(1999)),
        10,
        0,
    );
    let mut got = ids(&keanu);
    got.sort_unstable();
    assert_eq!(
        got,
        vec![3, 4],
        "exactly the 90s Keanu films, in whatever order they rank"
    );
    let partial = r.recommend(&user, &Filters::default().person("Reeves"), 10, 0);
    assert_eq!(partial.len(), 3);
    // Unknown genre: nothing, rather than unfiltered picks.
    assert!(
        r.recommend(&user, &Filters::default().genre("Western"), 10, 0)
            .is_empty()
    );
    // Paging continues the same ranking.
    let all = r.recommend(&user, &Filters::default(), 4, 0);
    let page2 = r.recommend(&user, &Filters::default(), 2, 2);
    assert_eq!(ids(&all)[2..], ids(&page2)[..]);
}

#[test]
fn cold_start_uses_preferences_then_popularity() {
    let r = rec();
    let mut cold = UserInput::default();
    let pop = r.recommend(&cold, &Filters::default(), 3, 0);
    assert_eq!(pop[0].reason, Reason::Popular);
    cold.preferences.genres = vec!["horror".into()];
    let picks = r.recommend(&cold, &Filters::default(), 3, 0);
    assert!(
        picks
            .iter()
            .all(|p| matches!(p.reason, Reason::MatchesGenre { .. })),
        "{picks:?}"
    );
    assert_eq!(picks[0].reason.to_string(), "matches your love of horror");
    cold.preferences.people = vec!["Keanu Reeves".into()];
    let picks = r.recommend(&cold, &Filters::default(), 1, 0);
    assert_eq!(
        picks[0].reason.to_string(),
        "with Keanu Reeves, one of your favourites"
    );
}

#[test]
fn reasons_name_the_source() {
    let r = rec();
    let user = UserInput::with_ratings(None, vec![(1, 5.0), (3, 3.0)]);
    let picks = r.recommend(&user, &Filters::default().genre("crime"), 1, 0);
    assert_eq!(picks[0].item, 2);
    assert_eq!(
        picks[0].reason.to_string(),
        "because you rated Heat 5★ — same director"
    );
    let like = r.similar_to(6, &Filters::default(), 3);
    assert!(!like.is_empty() && !ids(&like).contains(&6));
    assert!(
        ids(&like).contains(&7) || ids(&like).contains(&8),
        "{like:?}"
    );
    let line = like[0].reason.to_string();
    assert!(line.contains("Alien"), "{line}");
    assert!(r.similar_to(12345, &Filters::default(), 3).is_empty());
}

#[test]
fn group_picks_skip_every_members_films() {
    let r = rec();
    let a = UserInput::with_ratings(None, vec![(1, 5.0), (4, 4.0)]);
    let b = UserInput::with_ratings(None, vec![(6, 5.0), (3, 4.0)]);
    let picks = r.recommend_group(&[a, b], &Filters::default(), 5);
    assert!(!picks.is_empty());
    for p in &picks {
        assert!(![1, 3, 4, 6, 11].contains(&p.item), "{p:?}");
        assert_eq!(p.reasons.len(), 2);
    }
}

#[test]
fn predictions_are_in_range_and_follow_taste() {
    let r = rec();
    let fan = UserInput::with_ratings(None, vec![(6, 5.0), (8, 5.0), (9, 4.5)]);
    let p = r.predict(&fan, 10);
    assert!((0.5..=5.0).contains(&p));
    assert!(r.predict(&fan, 10) > r.predict(&fan, 12) - 1.0);
    assert!((0.5..=5.0).contains(&r.predict(&UserInput::default(), 999)));
}

#[test]
fn rebuild_swaps_the_model() {
    let r = Recommender::new(RecommenderConfig::default());
    assert!(
        r.recommend(&UserInput::default(), &Filters::default(), 5, 0)
            .is_empty()
    );
    r.rebuild(&toy());
    assert_eq!(
        r.recommend(&UserInput::default(), &Filters::default(), 5, 0)
            .len(),
        5
    );
    assert_eq!(r.note_rating(), 1);
}

#[test]
fn eval_meets_the_quality_bars_on_movielens() {
    let dir = eval::test_data_dir().join("ml-latest-small");
    if !dir.join("movies.csv").exists() {
        eprintln!("skipped: no MovieLens data at {}", dir.display());
        return;
    }
    let opts = EvalOptions {
        data: dir.clone(),
        split: Some(dir.join("splits/random")),
        ..EvalOptions::default()
    };
    let report = run_eval(&opts).expect("eval runs");
    eprintln!("{}", report.to_table());
    let pop = report.method("popularity").unwrap();
    assert!(
        (pop.ndcg - 0.1468).abs() <= 0.005,
        "popularity NDCG {}",
        pop.ndcg
    );
    let collab = report.method("collaborative").unwrap();
    assert!(collab.ndcg >= 0.2626, "collaborative NDCG {}", collab.ndcg);
    let h = report.method("hybrid").unwrap();
    assert!(h.ndcg >= 0.29, "hybrid NDCG {}", h.ndcg);
    assert!(h.precision >= 0.21, "hybrid P@10 {}", h.precision);
    assert!(h.hit_rate >= 0.75, "hybrid HR@10 {}", h.hit_rate);
    assert!(h.rmse.unwrap() <= 0.85, "hybrid RMSE {:?}", h.rmse);
    assert_eq!(report.users, 603);
}
