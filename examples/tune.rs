//! Offline hyper-parameter search by cross-validation INSIDE the training split: the train
//! file is split again per user 80/20 (fixed seeds), each candidate config is fitted on the
//! inner train and scored on the inner validation; test.csv is never read.
//! `cargo run --release --example tune -- DATA_DIR TRAIN_CSV GRID [FOLDS]`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use moviebot::recommend::eval::{evaluate, holdout};
use moviebot::recommend::movielens::{load_catalog, load_ratings};
use moviebot::recommend::predict::Terms;
use moviebot::recommend::{Dataset, ItemMeta, Method, Model, Rating, RecommenderConfig, UserInput};

type Variant = (String, RecommenderConfig);

fn grid(name: &str) -> Vec<Variant> {
    let base = RecommenderConfig::default();
    let mut out: Vec<Variant> = vec![("default".into(), base.clone())];
    let mut push = |label: String, f: &dyn Fn(&mut RecommenderConfig)| {
        let mut c = base.clone();
        f(&mut c);
        out.push((label, c));
    };
    match name {
        "uknn" => {
            for k in [20usize, 40, 60, 100] {
                for shr in [0.0f32, 5.0, 20.0] {
                    for exp in [1.0f32, 2.0] {
                        push(format!("K={k} shrink={shr} exp={exp}"), &|c| {
                            c.neighbours = k;
                            c.user_knn.shrinkage = shr;
                            c.user_knn.exponent = exp;
                        });
                    }
                }
            }
            push("centred".into(), &|c| c.user_knn.centred = true);
            push("implicit".into(), &|c| c.user_knn.implicit = true);
        }
        "item" => {
            for a in [0.5f32, 0.8, 1.0] {
                for b in [0.0f32, 0.3, 0.5, 0.7] {
                    push(format!("alpha={a} beta={b}"), &|c| {
                        c.item_model.alpha = a;
                        c.item_model.beta = b;
                    });
                }
            }
            for n in [50usize, 200] {
                push(format!("item N={n}"), &|c| c.item_model.neighbours = n);
            }
        }
        "speed" => {
            let a = |c: &mut RecommenderConfig| {
                c.item_model.weight = 0.0;
                c.ease.weight = 0.5;
            };
            for cap in [150usize, 300, 500] {
                push(format!("max_user_items {cap}"), &|c| c.max_user_items = cap);
            }
            push("A: no item graph in ranking, ease 0.5".into(), &|c| a(c));
            push("B: A + content N=50".into(), &|c| {
                a(c);
                c.content.neighbours = 50;
            });
            push("C: A + content max_posting 1000".into(), &|c| {
                a(c);
                c.content.max_posting = 1000;
            });
            push("D: A + max_query_items 500".into(), &|c| {
                a(c);
                c.max_query_items = 500;
            });
            push("E: A + ease items 1000".into(), &|c| {
                a(c);
                c.ease.max_items = 1000;
            });
            push("F: A + K=30".into(), &|c| {
                a(c);
                c.neighbours = 30;
            });
        }
        "ease" => {
            for l in [50.0f32, 100.0, 300.0, 600.0] {
                push(format!("lambda={l}"), &|c| c.ease.lambda = l);
            }
            for m in [800usize, 2500] {
                push(format!("ease items={m}"), &|c| c.ease.max_items = m);
            }
            for (e, i) in [
                (1.0f32, 0.0f32),
                (0.6, 0.2),
                (0.5, 0.0),
                (0.3, 0.0),
                (0.5, 0.3),
            ] {
                push(format!("ease w={e} item w={i}"), &|c| {
                    c.ease.weight = e;
                    c.item_model.weight = i;
                });
            }
            for cw in [0.7f32, 0.5] {
                push(format!("collab={cw}"), &|c| {
                    c.collaborative_weight = cw;
                    c.content_weight = 1.0 - cw;
                });
            }
        }
        "blend" => {
            for w in [0.0f32, 0.3, 0.5, 0.7, 1.0] {
                push(format!("item weight={w}"), &|c| c.item_model.weight = w);
            }
            for cw in [1.0f32, 0.9, 0.8, 0.6] {
                push(format!("collab={cw} content={:.1}", 1.0 - cw), &|c| {
                    c.collaborative_weight = cw;
                    c.content_weight = 1.0 - cw;
                });
            }
            for pb in [0.1f32, 0.3] {
                push(format!("pop boost={pb}"), &|c| c.popularity_boost = pb);
            }
            for rb in [0.05f32, 0.2] {
                push(format!("recency boost={rb}"), &|c| c.recency_boost = rb);
            }
        }
        "predict" => {
            for (kw, fw) in [
                (1.0f32, 0.0f32),
                (0.0, 1.0),
                (0.5, 0.5),
                (0.7, 0.5),
                (0.6, 0.7),
                (0.8, 0.8),
            ] {
                push(format!("knn={kw} factors={fw}"), &|c| {
                    c.predictor.knn_weight = kw;
                    c.predictor.factor_weight = fw;
                });
            }
            for f in [16usize, 64] {
                push(format!("factors={f}"), &|c| c.predictor.factors = f);
            }
            for r in [0.02f32, 0.1] {
                push(format!("reg factors={r}"), &|c| c.predictor.reg_factors = r);
            }
            for s in [50.0f32, 200.0] {
                push(format!("knn shrink={s}"), &|c| {
                    c.predictor.knn_shrinkage = s
                });
            }
            for k in [20usize, 60] {
                push(format!("knn k={k}"), &|c| c.predictor.knn_k = k);
            }
        }
        _ => {}
    }
    out
}

/// Least-squares weights of the predictor's residual terms on the inner validation split:
/// minimise Σ (r − baseline − Σ_k w_k·term_k)² over all held-out ratings.
fn blend_fit(items: &[ItemMeta], splits: &[(Vec<Rating>, Vec<Rating>)]) {
    for epochs in [10usize, 20, 30] {
        for factors in [16usize, 32] {
            let mut cfg = RecommenderConfig::default();
            cfg.predictor.epochs = epochs;
            cfg.predictor.factors = factors;
            print!("epochs {epochs} factors {factors}: ");
            blend_fit_one(items, splits, &cfg);
        }
    }
}

fn blend_fit_one(
    items: &[ItemMeta],
    splits: &[(Vec<Rating>, Vec<Rating>)],
    cfg: &RecommenderConfig,
) {
    let mut rows: Vec<([f64; 3], f64)> = Vec::new();
    let mut ata = [[0f64; 3]; 3];
    let mut atb = [0f64; 3];
    for (tr, va) in splits {
        let model = Model::fit(&Dataset::new(items.to_vec(), tr.clone()), cfg);
        let mut by_user: BTreeMap<i64, Vec<(i64, f32)>> = BTreeMap::new();
        for r in tr {
            by_user.entry(r.user).or_default().push((r.item, r.rating));
        }
        let mut tests: BTreeMap<i64, Vec<(i64, f32)>> = BTreeMap::new();
        for r in va {
            tests.entry(r.user).or_default().push((r.item, r.rating));
        }
        for (u, rs) in &tests {
            let input =
                UserInput::with_ratings(Some(*u), by_user.get(u).cloned().unwrap_or_default());
            let res = model.resolve(&input);
            let fold = model
                .predictor
                .fold(&model.ratings, &res.rated, res.self_user, Terms::All);
            for &(id, truth) in rs {
                let Some(i) = model.item_index(id) else {
                    continue;
                };
                let c = model.predictor.components(&model.ratings, &fold, i);
                let t = [c[1] as f64, c[2] as f64, c[3] as f64];
                let y = (truth - c[0]) as f64;
                rows.push((t, y));
                for a in 0..3 {
                    atb[a] += t[a] * y;
                    for b in 0..3 {
                        ata[a][b] += t[a] * t[b];
                    }
                }
            }
        }
    }
    let mut a: Vec<f64> = ata.iter().flatten().copied().collect();
    let mut b = atb.to_vec();
    moviebot::recommend::predict::cholesky_solve(&mut a, &mut b, 3);
    // In-sample RMSE of the fitted blend (clipped like the real predictions).
    let se: f64 = rows
        .iter()
        .map(|(t, y)| {
            let p = t[0] * b[0] + t[1] * b[1] + t[2] * b[2];
            let base = 0.0;
            let _ = base;
            (y - p).powi(2)
        })
        .sum();
    println!(
        "least-squares weights: knn_weight {:.3}, user_knn_weight {:.3}, factor_weight {:.3}; inner RMSE {:.4}",
        b[0],
        b[1],
        b[2],
        (se / rows.len() as f64).sqrt()
    );
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = PathBuf::from(&args[0]);
    let train_path = PathBuf::from(&args[1]);
    let grid_name = args.get(2).map(String::as_str).unwrap_or("default");
    let folds: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(2);
    let items = load_catalog(&data)?;
    let train = load_ratings(&train_path)?;
    let splits: Vec<_> = (0..folds)
        .map(|s| holdout(train.clone(), 0.2, 1000 + s))
        .collect();
    if grid_name == "blendfit" {
        blend_fit(&items, &splits);
        return Ok(());
    }
    println!(
        "{:<40} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}",
        "variant", "c.NDCG", "h.NDCG", "h.P", "h.HR", "h.RMSE", "fit ms"
    );
    for (label, cfg) in grid(grid_name) {
        let mut acc = [0f64; 6];
        for (tr, va) in &splits {
            let r = evaluate(
                items.clone(),
                tr.clone(),
                va,
                10,
                &[Method::Collaborative, Method::Hybrid],
                &cfg,
            );
            let (c, h) = (
                r.method("collaborative").unwrap(),
                r.method("hybrid").unwrap(),
            );
            for (a, v) in acc.iter_mut().zip([
                c.ndcg,
                h.ndcg,
                h.precision,
                h.hit_rate,
                h.rmse.unwrap_or(0.0),
                r.fit_total_ms,
            ]) {
                *a += v / folds as f64;
            }
        }
        println!(
            "{:<40} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>7.0}",
            label, acc[0], acc[1], acc[2], acc[3], acc[4], acc[5]
        );
    }
    Ok(())
}
