//! Files both ways on Telegram: a document a user sent for `/import` (getFile, then the file
//! download URL, never past [`MAX_UPLOAD_BYTES`] whatever the declared size says), the
//! progress message a long import edits, and an export's files sent as documents to the
//! user's private chat.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use moviebot_protocol::{FileOut, MAX_UPLOAD_BYTES, Reply, Upload, UploadError};
use teloxide::RequestError;
use teloxide::net::Download;
use teloxide::payloads::{EditMessageTextSetters, SendDocumentSetters};
use teloxide::prelude::*;
use teloxide::types::{FileId, InputFile, MessageId, ParseMode};
use tokio::io::AsyncWrite;
use tokio::sync::watch;

use crate::Telegram;
use crate::render::escape;
use crate::send::with_retry;
use crate::update::{FileToFetch, MessageEvent};

/// How often the progress message may be edited (Telegram limits edits per chat).
const PROGRESS_EVERY: Duration = Duration::from_secs(2);

/// The message a long import keeps editing while it runs.
pub(crate) struct ProgressMessage {
    chat: ChatId,
    id: MessageId,
    editor: tokio::task::JoinHandle<()>,
}

impl ProgressMessage {
    /// The answer is here: stop editing and take the progress message away.
    pub(crate) async fn done(self, telegram: &Telegram) {
        self.editor.abort();
        let (chat, id) = (self.chat, self.id);
        if let Err(e) = with_retry("deleteMessage", || {
            telegram.bot().delete_message(chat, id).send()
        })
        .await
        {
            tracing::debug!(error = %e, "telegram: could not remove the progress message");
        }
    }
}

/// A `Vec` that refuses to grow past the upload limit (and remembers that it did).
struct Capped(Vec<u8>, bool);

impl AsyncWrite for Capped {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        if (self.0.len() + buf.len()) as u64 > MAX_UPLOAD_BYTES {
            self.1 = true;
            return Poll::Ready(Err(std::io::Error::other("file over the size limit")));
        }
        self.0.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

impl Telegram {
    /// Downloads a document the user sent, or says why not in words for the user.
    pub(crate) async fn fetch(&self, doc: &FileToFetch) -> Result<Upload, UploadError> {
        if doc.size > MAX_UPLOAD_BYTES {
            return Err(UploadError::TooBig { size: doc.size });
        }
        let id = FileId(doc.file_id.clone());
        let file = with_retry("getFile", || self.bot().get_file(id.clone()).send())
            .await
            .map_err(|e| UploadError::Download(e.to_string()))?;
        if u64::from(file.meta.size) > MAX_UPLOAD_BYTES {
            return Err(UploadError::TooBig {
                size: u64::from(file.meta.size),
            });
        }
        let mut dst = Capped(Vec::with_capacity(doc.size as usize), false);
        if let Err(e) = self.bot().inner().download_file(&file.path, &mut dst).await {
            return Err(if dst.1 {
                UploadError::TooBig {
                    size: MAX_UPLOAD_BYTES + 1,
                }
            } else {
                UploadError::Download(e.to_string())
            });
        }
        Ok(Upload {
            name: doc.name.clone(),
            bytes: dst.0,
        })
    }

    /// Posts "Reading FILE…" in `chat` and keeps editing it with the core's latest progress
    /// line (None when it could not be sent); [`ProgressMessage::done`] removes it.
    pub(crate) async fn show_progress(
        &self,
        chat: ChatId,
        name: &str,
        mut lines: watch::Receiver<Option<String>>,
    ) -> Option<ProgressMessage> {
        let first = format!("📥 Reading {}…", escape(name));
        let sent = with_retry("sendMessage", || {
            self.bot()
                .send_message(chat, first.clone())
                .parse_mode(ParseMode::Html)
                .send()
        })
        .await
        .ok()?;
        let id = sent.id;
        let bot = self.bot();
        let editor = tokio::spawn(async move {
            let mut last = Instant::now();
            let mut shown = String::new();
            while lines.changed().await.is_ok() {
                let wait = PROGRESS_EVERY.saturating_sub(last.elapsed());
                tokio::time::sleep(wait).await;
                let line = lines.borrow_and_update().clone().unwrap_or_default();
                if line.is_empty() || line == shown {
                    continue;
                }
                last = Instant::now();
                let html = format!("📥 {}", escape(&line));
                if let Err(e) = bot
                    .edit_message_text(chat, id, html)
                    .parse_mode(ParseMode::Html)
                    .send()
                    .await
                {
                    tracing::debug!(error = %e, "telegram: could not edit the progress message");
                }
                shown = line;
            }
        });
        Some(ProgressMessage { chat, id, editor })
    }

    /// A reply that carries files (an export): everything goes to the user's private chat; in
    /// a group, a note there says where it went, or how to let the bot write privately.
    pub(crate) async fn send_with_files(&self, m: &MessageEvent, reply: &Reply) {
        let in_group = m.event.conversation.is_group();
        let private_chat = match m.event.user.id.parse::<i64>() {
            Ok(id) if in_group => ChatId(id),
            _ => m.chat,
        };
        let words = Reply {
            files: Vec::new(),
            ..reply.clone()
        };
        let sent = match self.send_files(private_chat, &reply.files).await {
            Ok(()) => {
                self.send_reply(private_chat, &words, None).await;
                true
            }
            Err(error) => {
                tracing::warn!(%error, "telegram: could not send files");
                false
            }
        };
        if in_group {
            let me = self
                .identity()
                .await
                .map(|me| me.username)
                .unwrap_or_default();
            let note = if sent {
                "I've sent it to you in a private chat.".to_string()
            } else {
                format!(
                    "I can't write to you privately yet: open a chat with @{me}, press Start, \
                     then ask me again."
                )
            };
            self.send_reply(m.chat, &Reply::text(note), m.reply_to)
                .await;
        } else if !sent {
            let note = Reply::text("Sorry, I couldn't send the files. Please try again.");
            self.send_reply(m.chat, &note, None).await;
        }
    }

    /// Sends each file as a document to `chat`, its caption under it.
    pub(crate) async fn send_files(
        &self,
        chat: ChatId,
        files: &[FileOut],
    ) -> Result<(), RequestError> {
        for file in files {
            with_retry("sendDocument", || {
                let doc = InputFile::memory(file.bytes.clone()).file_name(file.name.clone());
                let mut req = self.bot().send_document(chat, doc);
                if !file.caption.is_empty() {
                    req = req.caption(file.caption.chars().take(1024).collect::<String>());
                }
                req.send()
            })
            .await?;
        }
        Ok(())
    }
}
