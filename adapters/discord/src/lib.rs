//! Discord adapter (work in progress).
