//! `moviebot healthcheck`: GETs `/healthz` on the configured sidecar and exits 0 when it
//! answers 200, 1 otherwise — for a container's `HEALTHCHECK`, with no curl in the image.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;

use crate::config::Config;

#[derive(Debug, Args)]
pub struct HealthcheckArgs {
    /// Seconds to wait for the answer.
    #[arg(long, default_value_t = 3, value_name = "SECS",
        value_parser = clap::value_parser!(u64).range(1..=60))]
    pub timeout: u64,
    /// Check this URL instead of http://[sidecar] bind/healthz.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

pub async fn run(config: &Config, args: &HealthcheckArgs) -> anyhow::Result<()> {
    let url = match &args.url {
        Some(url) => url.clone(),
        None => format!("http://{}/healthz", reachable(config.sidecar.addr())),
    };
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(args.timeout))
        .build()
        .context("cannot build the HTTP client")?;
    let response = client
        .get(&url)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("{url}: {}", e.without_url()))?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if !status.is_success() {
        let body: String = body.chars().take(200).collect();
        bail!("{url}: HTTP {} {body}", status.as_u16());
    }
    println!("healthy: {url}");
    Ok(())
}

/// Where a client on this machine reaches a listener bound to `bind`: a wildcard address
/// (0.0.0.0, ::) is reached on loopback.
fn reachable(bind: SocketAddr) -> SocketAddr {
    let ip = match bind.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, bind.port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_binds_are_reached_on_loopback() {
        let r = |s: &str| reachable(s.parse().unwrap()).to_string();
        assert_eq!(r("0.0.0.0:8080"), "127.0.0.1:8080");
        assert_eq!(r("[::]:8080"), "[::1]:8080");
        assert_eq!(r("10.1.2.3:9000"), "10.1.2.3:9000");
    }
}
