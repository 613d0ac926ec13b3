//! Real-core Discord interaction latency through the sidecar router (work in progress).

fn main() {}
