//! moviebot core library.

pub mod recommend;
