//! Tests for the intent parser: a fixture lexicon, the examples, a large phrasing
//! table, properties over arbitrary input, and a few checks against the real title index of
//! the embedded catalog.

mod fixture;
mod properties;
mod real_lexicon;
mod table;
