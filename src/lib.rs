//! moviebot core library.
