//! Tests for the intent parser: a fixture lexicon, the examples, a large phrasing
//! table, and properties over arbitrary input.

mod fixture;
mod properties;
mod table;
