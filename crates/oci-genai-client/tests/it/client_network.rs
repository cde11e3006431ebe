//! TLS and proxies over real sockets: an extra CA, the default roots
//! refusing an unknown CA, ALPN, the connect timeout over the handshake, a
//! `CONNECT` tunnel for `https://`, forwarding for `http://`.
//!
//! The TLS server is rustls on a plain thread with the test certificate of
//! `tests/data/tls/` (valid for `localhost`, `127.0.0.1` and
//! `genai.proxied.test`); it answers HTTP/1.1 only, and records the ALPN
//! protocols each client offered.

use std::io::Write as _;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use oci_genai_client::client::{Error, Proxy, RetryConfig, TimeoutKind, Timeouts};
use rustls::server::Acceptor;
use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::client_support::{builder, chat_details, verify_signature};
use crate::scripted_server::{Reply, ScriptedServer};
use crate::support::{data_path, read};

const CHAT_RESULT: &str = "oci-examples/generic-chat-result.json";

fn ca_pem() -> Vec<u8> {
    read("tls/ca.pem")
}

/// What the TLS server saw of one connection.
#[derive(Debug, Default, Clone)]
struct Seen {
    alpn: Vec<String>,
    request_line: Option<String>,
}

/// Serves `connections` TLS connections on a thread, answering each
/// request with `body`.
fn start_tls_server(connections: usize, body: Vec<u8>) -> (SocketAddr, Arc<Mutex<Vec<Seen>>>) {
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(data_path("tls/server.pem"))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    let key = PrivateKeyDer::from_pem_file(data_path("tls/server.key")).unwrap();
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(connections) {
            let mut stream = stream.unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            let mut acceptor = Acceptor::default();
            let accepted = loop {
                if acceptor.read_tls(&mut stream).unwrap_or(0) == 0 {
                    break None;
                }
                match acceptor.accept() {
                    Ok(Some(accepted)) => break Some(accepted),
                    Ok(None) => {}
                    Err(_) => break None,
                }
            };
            let Some(accepted) = accepted else { continue };
            let mut seen = Seen {
                alpn: accepted
                    .client_hello()
                    .alpn()
                    .map(|protocols| {
                        protocols
                            .map(|p| String::from_utf8_lossy(p).into_owned())
                            .collect()
                    })
                    .unwrap_or_default(),
                request_line: None,
            };
            let Ok(connection) = accepted.into_connection(config.clone()) else {
                record.lock().unwrap().push(seen);
                continue;
            };
            let mut tls = rustls::StreamOwned::new(connection, stream);
            seen.request_line = read_request(&mut tls);
            record.lock().unwrap().push(seen.clone());
            if seen.request_line.is_some() {
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                     opc-request-id: TLS-1\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = tls.write_all(head.as_bytes());
                let _ = tls.write_all(&body);
                tls.conn.send_close_notify();
                let _ = tls.flush();
            }
        }
    });
    (addr, seen)
}

/// Reads one HTTP/1.1 request (head and `content-length` body); returns its
/// request line, or `None` when the handshake or read failed.
fn read_request(stream: &mut impl std::io::Read) -> Option<String> {
    let mut buffer = Vec::new();
    let mut byte = [0u8; 1];
    while !buffer.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        buffer.push(byte[0]);
    }
    let head = String::from_utf8(buffer).ok()?;
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).ok()?;
    head.lines().next().map(str::to_owned)
}

#[tokio::test]
async fn an_extra_ca_is_trusted_and_both_http_versions_are_offered() {
    let (addr, seen) = start_tls_server(1, read(CHAT_RESULT));
    let client = builder(&format!("https://localhost:{}", addr.port()))
        .add_root_certificates_pem(ca_pem())
        .build()
        .unwrap();

    let response = client
        .chat(&chat_details("meta.llama-3.3-70b-instruct", None, false))
        .await
        .unwrap();

    assert_eq!(response.opc_request_id, "TLS-1");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].alpn, ["h2", "http/1.1"]);
    assert_eq!(
        seen[0].request_line.as_deref(),
        Some("POST /20231130/actions/chat HTTP/1.1")
    );
}

#[tokio::test]
async fn the_default_roots_refuse_an_unknown_ca_without_retrying() {
    let (addr, seen) = start_tls_server(1, Vec::new());
    let client = builder(&format!("https://127.0.0.1:{}", addr.port()))
        .build()
        .unwrap();

    let error = client
        .chat(&chat_details("meta.llama-3.3-70b-instruct", None, false))
        .await
        .unwrap_err();

    match &error {
        Error::Transport {
            source, attempts, ..
        } => {
            assert!(source.is_tls(), "{source:?}");
            assert_eq!(*attempts, 1);
        }
        other => panic!("{other:?}"),
    }
    assert!(!error.is_retryable());
    // The server saw a handshake, never a request.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .all(|s| s.request_line.is_none())
    );
}

/// A server that accepts TCP and never speaks TLS: every handshake stalls.
/// Returns its port, the connections accepted, and the task to abort.
async fn start_silent_tls_server() -> (u16, Arc<Mutex<usize>>, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(Mutex::new(0usize));
    let count = accepted.clone();
    let hold = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            *count.lock().unwrap() += 1;
            open.push(socket);
        }
    });
    (port, accepted, hold)
}

#[tokio::test]
async fn a_stalled_handshake_hits_the_connect_timeout_and_is_retried() {
    let (port, accepted, hold) = start_silent_tls_server().await;
    let client = builder(&format!("https://127.0.0.1:{port}"))
        .add_root_certificates_pem(ca_pem())
        .timeouts(Timeouts::default().with_connect(Duration::from_millis(200)))
        .build()
        .unwrap();

    let error = client
        .chat(&chat_details("meta.llama-3.3-70b-instruct", None, false))
        .await
        .unwrap_err();

    match &error {
        Error::Timeout {
            kind,
            after,
            attempts,
            ..
        } => {
            assert_eq!(*kind, TimeoutKind::Connect);
            assert_eq!(*after, Duration::from_millis(200));
            assert_eq!(*attempts, 3);
        }
        other => panic!("{other:?}"),
    }
    assert!(error.is_retryable());
    assert_eq!(*accepted.lock().unwrap(), 3);
    hold.abort();
}

#[tokio::test]
async fn the_default_retry_settings_retry_a_connect_timeout() {
    // The default timeouts and retry settings, all 50 times shorter: their
    // ratios, which decide whether a retry fits the budget, are kept.
    const SCALE: u32 = 50;
    let timeouts = Timeouts::default();
    let timeouts = timeouts
        .with_connect(timeouts.connect / SCALE)
        .with_request(timeouts.request / SCALE);
    let retry = RetryConfig::default();
    let retry = retry
        .with_initial_backoff(retry.initial_backoff / SCALE)
        .with_max_backoff(retry.max_backoff / SCALE)
        .with_budget(retry.budget / SCALE);
    let (port, accepted, hold) = start_silent_tls_server().await;
    let client = builder(&format!("https://127.0.0.1:{port}"))
        .add_root_certificates_pem(ca_pem())
        .timeouts(timeouts)
        .retry(retry)
        .build()
        .unwrap();

    let error = client
        .chat(&chat_details("meta.llama-3.3-70b-instruct", None, false))
        .await
        .unwrap_err();

    match &error {
        Error::Timeout { kind, attempts, .. } => {
            assert_eq!(*kind, TimeoutKind::Connect);
            assert_eq!(*attempts, 3);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(*accepted.lock().unwrap(), 3);
    hold.abort();
}

/// A `CONNECT` proxy that tunnels every request to `target`, whatever host
/// it names, and records each request head.
async fn start_connect_proxy(target: SocketAddr) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let heads = Arc::new(Mutex::new(Vec::new()));
    let record = heads.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let record = record.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                while !head.ends_with(b"\r\n\r\n") {
                    let Ok(byte) = client.read_u8().await else {
                        return;
                    };
                    head.push(byte);
                }
                record
                    .lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&head).into_owned());
                let mut upstream = tokio::net::TcpStream::connect(target).await.unwrap();
                client
                    .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                    .await
                    .unwrap();
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            });
        }
    });
    (addr, heads)
}

#[tokio::test]
async fn https_goes_through_a_connect_tunnel_with_proxy_credentials() {
    let (tls_addr, seen) = start_tls_server(1, read(CHAT_RESULT));
    let (proxy_addr, heads) = start_connect_proxy(tls_addr).await;
    let client = builder("https://genai.proxied.test")
        .add_root_certificates_pem(ca_pem())
        .proxy(Proxy::https(format!("http://gateway:pa%20ss@{proxy_addr}")))
        .build()
        .unwrap();

    let response = client
        .chat(&chat_details("meta.llama-3.3-70b-instruct", None, false))
        .await
        .unwrap();

    assert_eq!(response.opc_request_id, "TLS-1");
    let heads = heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 1);
    assert!(
        heads[0].starts_with("CONNECT genai.proxied.test:443 HTTP/1.1\r\n"),
        "{}",
        heads[0]
    );
    let credentials = format!(
        "Proxy-Authorization: Basic {}\r\n",
        BASE64.encode("gateway:pa ss")
    );
    assert!(
        heads[0]
            .to_ascii_lowercase()
            .contains(&credentials.to_ascii_lowercase()),
        "{}",
        heads[0]
    );
    assert_eq!(
        seen.lock().unwrap()[0].request_line.as_deref(),
        Some("POST /20231130/actions/chat HTTP/1.1")
    );
}

#[tokio::test]
async fn plain_http_is_forwarded_through_an_http_proxy() {
    // The scripted server plays the proxy: it receives the absolute URI.
    let proxy = ScriptedServer::start([Reply::json(200, read(CHAT_RESULT))]).await;
    let client = builder("http://oci-mock.invalid:8080")
        .proxy(Proxy::http(format!("http://user:secret@{}", proxy.addr())))
        .build()
        .unwrap();

    client
        .chat(&chat_details("meta.llama-3.3-70b-instruct", None, false))
        .await
        .unwrap();

    let requests = proxy.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(
        request.uri.to_string(),
        "http://oci-mock.invalid:8080/20231130/actions/chat"
    );
    assert_eq!(request.header("host"), Some("oci-mock.invalid:8080"));
    assert_eq!(
        request.header("proxy-authorization"),
        Some(format!("Basic {}", BASE64.encode("user:secret")).as_str())
    );
    verify_signature(request);
}

#[tokio::test]
async fn loopback_endpoints_are_never_proxied() {
    let server = ScriptedServer::start([Reply::json(200, read(CHAT_RESULT))]).await;
    // Nothing listens on port 1: using the proxy would fail.
    let client = builder(&server.url())
        .proxy(Proxy::all("http://127.0.0.1:1"))
        .build()
        .unwrap();
    client
        .chat(&chat_details("meta.llama-3.3-70b-instruct", None, false))
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 1);
}
