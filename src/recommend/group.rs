//! Recommendations for a group (a server's or chat's members who rated): each member's
//! hybrid scores are min-max normalised and averaged, no film any member rated or excluded
//! is a candidate, and a least-misery guard skips films the predictor expects some member
//! to rate below `MISERY` stars. Each pick carries one reason per member.

use super::filters::{CompiledFilter, Filters};
use super::model::Model;
use super::predict::Terms;
use super::rank::{Basis, Resolved, with_scratch};
use super::request::{GroupPick, Method, UserInput};
use super::topk::TopK;

/// Films predicted below this for any member who has ratings are skipped.
const MISERY: f32 = 3.0;

impl Model {
    pub fn rank_group(&self, members: &[UserInput], filters: &Filters, k: usize) -> Vec<GroupPick> {
        if members.is_empty() || k == 0 {
            return Vec::new();
        }
        let mut resolved: Vec<Resolved> = members.iter().map(|m| self.resolve(m)).collect();
        // Everything any member has rated or excluded is off the table for all.
        let mut blocked: Vec<u32> = resolved
            .iter()
            .flat_map(|r| {
                r.rated
                    .iter()
                    .map(|x| x.0)
                    .chain(r.excluded.iter().copied())
            })
            .collect();
        blocked.sort_unstable();
        blocked.dedup();
        for r in &mut resolved {
            r.excluded = blocked.clone();
        }
        let f = CompiledFilter::new(filters, &self.catalog);
        let mut cands: Vec<u32> = Vec::new();
        let mut sum: Vec<f32> = Vec::new();
        let mut bases: Vec<(Basis, Vec<(f32, u32)>)> = Vec::new();
        with_scratch(|s| {
            for r in &resolved {
                let basis = self.score(r, &f, Method::Hybrid, s);
                if cands.is_empty() {
                    // Every member sees the same candidates: the block list is shared.
                    cands = (0..s.scores.len() as u32)
                        .filter(|&i| s.scores[i as usize] != f32::NEG_INFINITY)
                        .collect();
                    sum = vec![0.0; cands.len()];
                }
                let vals = cands.iter().map(|&i| s.scores[i as usize]);
                let lo = vals.clone().fold(f32::INFINITY, f32::min);
                let hi = vals.clone().fold(f32::NEG_INFINITY, f32::max);
                let span = if hi > lo { hi - lo } else { 1.0 };
                for (acc, v) in sum.iter_mut().zip(vals) {
                    *acc += (v - lo) / span;
                }
                bases.push((basis, s.neighbours.clone()));
            }
        });
        // Rank by the average, then walk down applying the least-misery guard.
        let mut top = TopK::new((k * 20).min(cands.len()));
        for (&i, &v) in cands.iter().zip(&sum) {
            top.push(v / members.len() as f32, i);
        }
        let folds: Vec<_> = resolved
            .iter()
            .filter(|r| !r.rated.is_empty())
            .map(|r| {
                self.predictor
                    .fold(&self.ratings, &r.rated, r.self_user, Terms::All)
            })
            .collect();
        let misery = |i: u32| {
            folds
                .iter()
                .map(|fo| {
                    self.predictor.predict(
                        &self.ratings,
                        fo,
                        i,
                        Terms::All,
                        &self.content.neighbours,
                    )
                })
                .fold(f32::INFINITY, f32::min)
        };
        let mut chosen: Vec<(f32, u32)> = Vec::with_capacity(k);
        let mut spare: Vec<(f32, f32, u32)> = Vec::new();
        for &(score, i) in top.as_slice() {
            if chosen.len() == k {
                break;
            }
            let worst = misery(i);
            if worst >= MISERY {
                chosen.push((score, i));
            } else {
                spare.push((worst, score, i));
            }
        }
        // Too few pass the guard: take the least miserable of the rest.
        spare.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
        chosen.extend(
            spare
                .into_iter()
                .take(k - chosen.len())
                .map(|(_, s, i)| (s, i)),
        );
        chosen
            .into_iter()
            .map(|(score, i)| GroupPick {
                item: self.catalog.items[i as usize].id,
                score,
                reasons: resolved
                    .iter()
                    .zip(&bases)
                    .map(|(r, (basis, nb))| self.explain(r, i, *basis, Method::Hybrid, nb, None))
                    .collect(),
            })
            .collect()
    }
}
