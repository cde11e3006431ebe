//! A deadline for a new connection to show which protocol it speaks.
//!
//! hyper's HTTP/1 header-read timeout starts only once hyper reads a request head, and
//! hyper-util's protocol detection, which runs before that, waits without any timer for the
//! bytes that tell HTTP/1.1 from HTTP/2's preface. A client that connects and sends nothing,
//! or only the start of the preface, would hold its socket forever: the oldest way to exhaust
//! a server's file descriptors. This wrapper fails reads with `TimedOut` until the protocol
//! is decided, if the deadline passes first; after that it is a plain pass-through, and
//! hyper's own timers take over.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// HTTP/2's connection preface (RFC 9113 §3.4), as hyper-util matches it.
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// An IO whose reads fail once `deadline` passes before the protocol is known.
#[derive(Debug)]
pub(crate) struct OpeningDeadline<I> {
    io: I,
    /// `None` once the protocol is decided.
    deadline: Option<Pin<Box<Sleep>>>,
    /// How many bytes of the HTTP/2 preface have been received so far.
    preface_matched: usize,
}

impl<I> OpeningDeadline<I> {
    pub(crate) fn new(io: I, limit: Duration) -> Self {
        Self {
            io,
            deadline: Some(Box::pin(tokio::time::sleep(limit))),
            preface_matched: 0,
        }
    }

    /// Follows the detection hyper-util makes: the first byte that leaves the preface means
    /// HTTP/1.1, the whole preface means HTTP/2.
    fn observe(&mut self, received: &[u8]) {
        for &byte in received {
            if H2_PREFACE.get(self.preface_matched) != Some(&byte) {
                self.deadline = None;
                return;
            }
            self.preface_matched += 1;
            if self.preface_matched == H2_PREFACE.len() {
                self.deadline = None;
                return;
            }
        }
    }
}

impl<I: AsyncRead + Unpin> AsyncRead for OpeningDeadline<I> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if this.deadline.is_some() {
                    this.observe(&buf.filled()[before..]);
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
            Poll::Pending => {
                let expired = this
                    .deadline
                    .as_mut()
                    .is_some_and(|deadline| deadline.as_mut().poll(cx).is_ready());
                if expired {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client sent no request within the header-read timeout",
                    )));
                }
                Poll::Pending
            }
        }
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for OpeningDeadline<I> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    use super::*;

    async fn read_with_deadline(sent: &[u8]) -> io::Result<Vec<u8>> {
        let (mut client, server) = tokio::io::duplex(64);
        client.write_all(sent).await?;
        let mut io = OpeningDeadline::new(server, Duration::from_millis(50));
        let mut received = vec![0; sent.len()];
        io.read_exact(&mut received).await?;
        // The protocol is decided or not; either way, wait for more than the deadline.
        let mut more = [0; 1];
        match tokio::time::timeout(Duration::from_millis(200), io.read(&mut more)).await {
            Ok(result) => result.map(|_| received),
            Err(_) => Ok(received),
        }
    }

    #[tokio::test]
    async fn silence_and_a_partial_preface_time_out() {
        for sent in [&b""[..], b"PRI * HTTP/2.0\r\n"] {
            let error = read_with_deadline(sent).await.unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::TimedOut, "{sent:?}");
        }
    }

    #[tokio::test]
    async fn http1_and_the_full_preface_disarm_it() {
        for sent in [&b"G"[..], b"POST / HTTP/1.1\r\n", b"PRX", H2_PREFACE] {
            assert_eq!(read_with_deadline(sent).await.unwrap(), sent, "{sent:?}");
        }
    }
}
