//! Response shapes shared by several endpoints.

use moviebot_protocol::MovieCard;
use serde::Serialize;
use utoipa::ToSchema;

/// A film as the REST API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MovieOut {
    /// Public id: the TMDb id, or 10^12 + the internal id for films TMDb does not know.
    pub id: i64,
    pub title: String,
    pub year: Option<i32>,
    pub genres: Vec<String>,
    pub vote_average: Option<f32>,
    pub overview: String,
    pub poster_url: Option<String>,
    /// Why it was picked (recommendations and chat answers).
    pub why: Option<String>,
}

impl From<MovieCard> for MovieOut {
    fn from(c: MovieCard) -> Self {
        Self {
            id: c.id.get(),
            title: c.title,
            year: c.year,
            genres: c.genres,
            vote_average: c.score,
            overview: c.overview,
            poster_url: c.poster_url,
            why: c.why,
        }
    }
}

/// A list of films.
#[derive(Debug, Serialize, ToSchema)]
pub struct MovieList {
    pub movies: Vec<MovieOut>,
}

pub fn movies(cards: impl IntoIterator<Item = MovieCard>) -> Vec<MovieOut> {
    cards.into_iter().map(MovieOut::from).collect()
}

/// An integer field that also accepts an integral JSON float (`846.0`), as JSON Schema's
/// `integer` does; anything else is an error naming the field.
pub fn integer<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    use serde::Deserialize;
    let n = serde_json::Number::deserialize(d)?;
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => Ok(f as i64),
        _ => Err(serde::de::Error::custom(format!(
            "expected an integer, got {n}"
        ))),
    }
}
