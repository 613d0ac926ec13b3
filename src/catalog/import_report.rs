//! What an import did and what it skipped, with file and line for every bad row.

use std::fmt;

/// Bad rows are kept (up to a cap) with their location; the count is always exact.
#[derive(Debug, Default)]
pub struct Problems {
    pub count: usize,
    pub samples: Vec<String>,
}

const SAMPLES: usize = 20;

impl Problems {
    pub fn add(&mut self, file: &str, line: u64, what: impl fmt::Display) {
        self.count += 1;
        if self.samples.len() < SAMPLES {
            self.samples.push(format!("{file}:{line}: {what}"));
        }
    }

    /// Prints the samples to stderr, with how many more were skipped.
    pub fn print(&self) {
        for s in &self.samples {
            eprintln!("warning: {s}");
        }
        if self.count > self.samples.len() {
            eprintln!(
                "warning: ... and {} more bad rows",
                self.count - self.samples.len()
            );
        }
    }
}
