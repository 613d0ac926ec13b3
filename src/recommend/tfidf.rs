//! TF-IDF item vectors over field-prefixed tokens (genres, keywords/tags, overview, cast,
//! director, title words). Prefixes keep "Alien" the title word apart from an "alien" keyword.
//! Weights follow scikit-learn's smooth idf, `tf · (ln((1+n)/(1+df)) + 1)`, and rows are
//! L2-normalised so a dot product is a cosine.

use std::collections::HashMap;

use super::data::ItemMeta;
use super::matrix::Csr;

/// Words too common in titles and overviews to say anything about a film.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "he", "her",
    "his", "in", "into", "is", "it", "its", "of", "on", "or", "she", "that", "the", "their",
    "they", "this", "to", "was", "who", "with",
];

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1)
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
}

/// A person or phrase as one token: lower-case, single spaces.
pub fn phrase(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The field-prefixed tokens of one item (repeats count toward tf).
pub fn item_tokens(item: &ItemMeta) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(item.genres.iter().map(|g| format!("g:{}", phrase(g))));
    for k in &item.keywords {
        out.push(format!("k:{}", phrase(k)));
    }
    out.extend(item.cast.iter().map(|c| format!("c:{}", phrase(c))));
    out.extend(item.director.iter().map(|d| format!("d:{}", phrase(d))));
    out.extend(words(&item.title).map(|w| format!("t:{w}")));
    out.extend(words(&item.overview).map(|w| format!("o:{w}")));
    out
}

/// How much one token of each field counts. Synopsis words are many and generic ("one last
/// job" links Inception to Unforgiven), so they count for less than curated fields.
fn field_weight(token: &str) -> f32 {
    if token.starts_with("o:") {
        OVERVIEW_WEIGHT
    } else {
        1.0
    }
}

const OVERVIEW_WEIGHT: f32 = 0.3;

/// Fitted vocabulary and the L2-normalised item × token matrix.
#[derive(Clone, Debug, Default)]
pub struct TfIdf {
    pub vocab: HashMap<String, u32>,
    pub idf: Vec<f32>,
    /// items × tokens, rows L2-normalised.
    pub matrix: Csr,
}

impl TfIdf {
    pub fn fit(docs: &[Vec<String>]) -> Self {
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut counted: Vec<Vec<(u32, f32)>> = Vec::with_capacity(docs.len());
        for doc in docs {
            let mut tf: HashMap<u32, f32> = HashMap::new();
            for tok in doc {
                let next = vocab.len() as u32;
                let id = *vocab.entry(tok.clone()).or_insert(next);
                if id == next {
                    df.push(0);
                }
                *tf.entry(id).or_insert(0.0) += field_weight(tok);
            }
            for &id in tf.keys() {
                df[id as usize] += 1;
            }
            counted.push(tf.into_iter().collect());
        }
        let n = docs.len() as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0)
            .collect();
        let mut triplets = Vec::new();
        for (row, tf) in counted.into_iter().enumerate() {
            for (t, w) in weigh(tf, &idf) {
                triplets.push((row as u32, t, w));
            }
        }
        let matrix = Csr::from_triplets(docs.len(), triplets);
        Self { vocab, idf, matrix }
    }

    /// A document the fit never saw, in the fitted space: (token, weight) sorted by token,
    /// weighted exactly as a fitted row, unit length over the tokens the vocabulary knows
    /// (the others cannot meet any fitted row, so they are dropped before normalising).
    pub fn vector(&self, doc: &[String]) -> Vec<(u32, f32)> {
        let mut tf: HashMap<u32, f32> = HashMap::new();
        for tok in doc {
            if let Some(&id) = self.vocab.get(tok) {
                *tf.entry(id).or_insert(0.0) += field_weight(tok);
            }
        }
        let mut out = weigh(tf.into_iter().collect(), &self.idf);
        out.sort_unstable_by_key(|e| e.0);
        out
    }

    /// Cosine of two rows (they are unit length, so the dot product).
    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        sparse_dot(self.matrix.row(a), self.matrix.row(b))
    }
}

/// Term frequencies times idf, L2-normalised: the one weighting of fitted rows and
/// projected documents alike.
fn weigh(tf: Vec<(u32, f32)>, idf: &[f32]) -> Vec<(u32, f32)> {
    let mut weighted: Vec<(u32, f32)> = tf
        .into_iter()
        .map(|(t, c)| (t, c * idf[t as usize]))
        .collect();
    let norm = weighted.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    for (_, w) in &mut weighted {
        *w = if norm > 0.0 { *w / norm } else { 0.0 };
    }
    weighted
}

/// Dot product of two sparse vectors with sorted indices.
pub fn sparse_dot(a: (&[u32], &[f32]), b: (&[u32], &[f32])) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.0.len() && j < b.0.len() {
        match a.0[i].cmp(&b.0[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a.1[i] * b.1[j];
                i += 1;
                j += 1;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn tfidf_matches_hand_computation() {
        // 3 docs: "a b", "a c", "a a". idf(a) = ln(4/4)+1 = 1, idf(b) = idf(c) = ln(4/2)+1.
        let t = TfIdf::fit(&[doc("a b"), doc("a c"), doc("a a")]);
        let ib = 2f32.ln() + 1.0;
        assert!((t.idf[t.vocab["a"] as usize] - 1.0).abs() < 1e-6);
        assert!((t.idf[t.vocab["b"] as usize] - ib).abs() < 1e-6);
        let norm = (1.0 + ib * ib).sqrt();
        let row0 = t.matrix.row(0);
        assert_eq!(row0.0.len(), 2);
        let a0 = row0.1[row0.0.iter().position(|&x| x == t.vocab["a"]).unwrap()];
        assert!((a0 - 1.0 / norm).abs() < 1e-6);
        // Doc 3 is only "a": unit vector on a.
        assert_eq!(t.matrix.row(2).1, &[1.0]);
        // cos(doc0, doc1) = (1/norm)^2 ; cos(doc0, doc2) = 1/norm.
        assert!((t.cosine(0, 1) - 1.0 / (norm * norm)).abs() < 1e-6);
        assert!((t.cosine(0, 2) - 1.0 / norm).abs() < 1e-6);
        assert!((t.cosine(1, 1) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn tokens_carry_field_prefixes() {
        let item = ItemMeta {
            title: "The Alien".into(),
            genres: vec!["Science Fiction".into()],
            director: Some("Ridley  Scott".into()),
            keywords: vec!["Space".into()],
            ..ItemMeta::bare(1)
        };
        let toks = item_tokens(&item);
        assert_eq!(
            toks,
            vec!["g:science fiction", "k:space", "d:ridley scott", "t:alien"]
        );
    }
}
