//! The connection's byte stream as hyper sees it, with two repairs hyper has no setting for:
//!
//! - **hyper's own rejections get a JSON body.** A request hyper cannot parse (a malformed
//!   request line, a URI over its limit, too many or too large headers) never reaches the
//!   router: hyper writes `400`/`414`/`431` with `content-length: 0` and closes. Every other
//!   error of the sidecar is `{"error": {"code", "message"}}`, so such a head is rewritten
//!   here to carry that body (and `connection: close`). Only heads hyper wrote itself match:
//!   a 4xx with an empty body and no content type, which the router never produces.
//! - **A lingering close.** Closing a socket with unread input makes the kernel send a reset,
//!   and a client still uploading a body the server refused early (401, 413, 429) then loses
//!   the response it had not read yet. On shutdown this stream sends FIN first and reads and
//!   discards what the client still sends, for at most [`LINGER`] or [`LINGER_BYTES`].

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// How long a closing connection keeps reading what the client still sends.
pub const LINGER: Duration = Duration::from_secs(2);
/// How much of it, at most.
pub const LINGER_BYTES: usize = 8 << 20;

pub struct Guarded<T> {
    inner: T,
    /// Bytes already accepted from hyper (reported written) but not yet sent.
    pending: Vec<u8>,
    sent: usize,
    closing: Closing,
}

enum Closing {
    Open,
    Lingering {
        deadline: Pin<Box<Sleep>>,
        drained: usize,
    },
    Done,
}

impl<T> Guarded<T> {
    pub fn new(inner: T) -> Self {
        Self {
            inner,
            pending: Vec::new(),
            sent: 0,
            closing: Closing::Open,
        }
    }
}

impl<T: AsyncWrite + Unpin> Guarded<T> {
    /// Sends what was accepted from hyper but not yet written.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.sent < self.pending.len() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.sent..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.sent += n;
        }
        self.pending.clear();
        self.sent = 0;
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Guarded<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncWrite for Guarded<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        if let Some(rewritten) = with_json_body(buf) {
            this.pending = rewritten;
            // Accepted in full; poll_flush and poll_shutdown send the rest.
            let _ = this.poll_pending(cx)?;
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            match &mut this.closing {
                Closing::Open => {
                    ready!(this.poll_pending(cx))?;
                    ready!(Pin::new(&mut this.inner).poll_shutdown(cx))?;
                    this.closing = Closing::Lingering {
                        deadline: Box::pin(tokio::time::sleep(LINGER)),
                        drained: 0,
                    };
                }
                Closing::Lingering { deadline, drained } => {
                    if deadline.as_mut().poll(cx).is_ready() {
                        this.closing = Closing::Done;
                        continue;
                    }
                    let mut scratch = [0u8; 8192];
                    let mut read = ReadBuf::new(&mut scratch);
                    match Pin::new(&mut this.inner).poll_read(cx, &mut read) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Ok(())) if !read.filled().is_empty() => {
                            *drained += read.filled().len();
                            if *drained >= LINGER_BYTES {
                                this.closing = Closing::Done;
                            }
                        }
                        // End of input or an error: the client is gone.
                        Poll::Ready(_) => this.closing = Closing::Done,
                    }
                }
                Closing::Done => return Poll::Ready(Ok(())),
            }
        }
    }
}

/// A head hyper wrote for a request it could not parse, rewritten with a JSON error body;
/// `None` for anything else (passed through untouched).
fn with_json_body(buf: &[u8]) -> Option<Vec<u8>> {
    let head = buf.strip_suffix(b"\r\n\r\n")?;
    let status = head
        .strip_prefix(b"HTTP/1.1 ")
        .or_else(|| head.strip_prefix(b"HTTP/1.0 "))?;
    let (code, message) = match status.get(..3)? {
        b"400" => ("bad_request", "malformed HTTP request"),
        b"414" => ("uri_too_long", "the request URI is too long"),
        b"431" => (
            "headers_too_large",
            "too many request headers, or headers too large",
        ),
        _ => return None,
    };
    let text = std::str::from_utf8(head).ok()?;
    let mut lines: Vec<&str> = text.split("\r\n").collect();
    let has = |name: &str| {
        lines[1..].iter().any(|l| {
            l.split_once(':')
                .is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        })
    };
    let empty = lines[1..].iter().any(|l| {
        l.split_once(':').is_some_and(|(n, v)| {
            n.trim().eq_ignore_ascii_case("content-length") && v.trim() == "0"
        })
    });
    if !empty || has("content-type") || has("transfer-encoding") {
        return None;
    }
    let body = serde_json::json!({"error": {"code": code, "message": message}}).to_string();
    let length = format!("content-length: {}", body.len());
    let close = !has("connection");
    lines.retain(|l| {
        !l.split_once(':')
            .is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case("content-length"))
    });
    lines.push("content-type: application/json");
    lines.push(&length);
    if close {
        lines.push("connection: close");
    }
    let mut out = lines.join("\r\n").into_bytes();
    out.extend_from_slice(b"\r\n\r\n");
    out.extend_from_slice(body.as_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(head: &str) -> Option<String> {
        with_json_body(head.as_bytes()).map(|b| String::from_utf8(b).unwrap())
    }

    #[test]
    fn hypers_bare_rejections_get_a_json_body() {
        let out = rewrite(
            "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: x\r\n\r\n",
        )
        .expect("rewritten");
        let (head, body) = out.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 431 "), "{head}");
        assert!(head.contains("content-type: application/json"), "{head}");
        assert!(head.contains("connection: close"), "{head}");
        assert!(!head.contains("content-length: 0"), "{head}");
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["error"]["code"], "headers_too_large");
        assert!(rewrite("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n").is_some());
        assert!(rewrite("HTTP/1.0 414 URI Too Long\r\nContent-Length: 0\r\n\r\n").is_some());
    }

    #[test]
    fn the_routers_own_answers_pass_untouched() {
        // Ours always carry a JSON body; successes and other statuses are never touched.
        for head in [
            "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 0\r\n\r\n",
            "HTTP/1.1 400 Bad Request\r\ncontent-length: 57\r\n\r\n",
            "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
            "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
            "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\r\n{}",
        ] {
            assert_eq!(rewrite(head), None, "{head}");
        }
    }
}
