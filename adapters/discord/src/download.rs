//! Fetching a file a user attached to a command from Discord's CDN: only from Discord's own
//! hosts (or the configured `api_base`'s host, which tests point at a fake), only when the size
//! Discord declared is within [`MAX_UPLOAD_BYTES`], and never reading past that limit whatever
//! the server sends.

use moviebot_protocol::{MAX_UPLOAD_BYTES, Upload, UploadError};

use crate::interaction::Download;

/// The hosts Discord serves attachments from.
const CDN_HOSTS: [&str; 2] = ["cdn.discordapp.com", "media.discordapp.net"];

/// Whether `url` is one Discord's CDN (or `api_base`'s host) would give.
fn allowed(url: &reqwest::Url, api_base: Option<&str>) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let ours = api_base
        .and_then(|b| reqwest::Url::parse(b).ok())
        .is_some_and(|b| b.host_str() == Some(host) && b.port() == url.port());
    ours || (url.scheme() == "https" && CDN_HOSTS.contains(&host))
}

/// Downloads `file`, or says why not in words for the user.
pub async fn fetch(
    client: &reqwest::Client,
    file: &Download,
    api_base: Option<&str>,
) -> Result<Upload, UploadError> {
    if file.size > MAX_UPLOAD_BYTES {
        return Err(UploadError::TooBig { size: file.size });
    }
    let url = reqwest::Url::parse(&file.url)
        .ok()
        .filter(|u| allowed(u, api_base))
        .ok_or_else(|| UploadError::Download("not a Discord attachment".into()))?;
    let mut response = client
        .get(url)
        .send()
        .await
        .map_err(|e| UploadError::Download(e.without_url().to_string()))?;
    if !response.status().is_success() {
        return Err(UploadError::Download(format!(
            "Discord answered {}",
            response.status().as_u16()
        )));
    }
    let mut bytes = Vec::with_capacity(file.size as usize);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| UploadError::Download(e.without_url().to_string()))?
    {
        if (bytes.len() + chunk.len()) as u64 > MAX_UPLOAD_BYTES {
            return Err(UploadError::TooBig {
                size: (bytes.len() + chunk.len()) as u64,
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Upload {
        name: file.name.clone(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> reqwest::Url {
        reqwest::Url::parse(s).unwrap()
    }

    #[test]
    fn only_discords_cdn_or_the_configured_base() {
        let cdn = "https://cdn.discordapp.com/attachments/1/2/ratings.csv";
        assert!(allowed(&url(cdn), None));
        assert!(allowed(
            &url("https://media.discordapp.net/attachments/1/2/a.zip"),
            None
        ));
        assert!(!allowed(&url("http://cdn.discordapp.com/a"), None));
        assert!(!allowed(&url("https://evil.example/a.csv"), None));
        assert!(!allowed(&url("http://127.0.0.1:9/a.csv"), None));
        assert!(allowed(
            &url("http://127.0.0.1:9/attachments/a.csv"),
            Some("http://127.0.0.1:9")
        ));
        assert!(!allowed(
            &url("http://127.0.0.1:8/attachments/a.csv"),
            Some("http://127.0.0.1:9")
        ));
    }
}
