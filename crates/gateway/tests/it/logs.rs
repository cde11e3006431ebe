//! Logs: one line per request with its request id, OCI's `opc-request-id`, the W3C trace id
//! of `traceparent`, the model, status, latency and tokens; never the `Authorization`
//! header, a key or a message body, unless `--log-bodies` asks for bodies.

use serde_json::Value;

use crate::support::Client;
use crate::support::binary::Running;
use crate::support::client::json_request;
use crate::support::requests::{chat, chat_stream};

const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const KEY: &str = "sk-never-log-this-key";
const PROMPT: &str = "my secret prompt about the merger";

/// The `request` lines of a JSON log, by request id.
fn request_lines(lines: &[String]) -> Vec<Value> {
    lines
        .iter()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["message"] == "request")
        .collect()
}

fn line_for<'a>(lines: &'a [Value], request_id: &str) -> &'a Value {
    let matching: Vec<_> = lines
        .iter()
        .filter(|line| line["request_id"] == request_id)
        .collect();
    assert_eq!(matching.len(), 1, "one line for {request_id}: {lines:#?}");
    matching[0]
}

#[tokio::test]
async fn one_json_line_per_request_without_secrets() {
    let mut gateway = Running::start(
        &[
            "--mock",
            "--listen",
            "127.0.0.1:0",
            "--log-format",
            "json",
            "--api-key",
            KEY,
        ],
        &[],
    )
    .await;
    let client = Client::new(gateway.addr);
    let auth = format!("Bearer {KEY}");
    let headers = [
        ("authorization", auth.as_str()),
        ("traceparent", TRACEPARENT),
    ];
    let whole = client
        .post_with("/v1/chat/completions", &chat("gpt-5", PROMPT), &headers)
        .await;
    let answer = whole.ok();
    let streamed = client
        .stream_with(
            "/v1/chat/completions",
            &chat_stream("meta.llama-3.3-70b-instruct", PROMPT),
            &headers,
        )
        .await;
    streamed.chunks();
    let refused = client
        .post_with(
            "/v1/chat/completions",
            &chat("gpt-5", PROMPT),
            &[("authorization", "Bearer sk-wrong-key-also-secret")],
        )
        .await;
    assert_eq!(refused.status, 401);
    let failed = client
        .post_with(
            "/v1/chat/completions",
            &chat("gpt-5", "x [mock:500]"),
            &headers,
        )
        .await;
    assert_eq!(failed.status, 502);

    gateway.terminate().await;
    gateway.wait().await;
    let lines = gateway.lines();
    let requests = request_lines(&lines);
    assert_eq!(
        requests.len(),
        4,
        "one line per request:\n{}",
        lines.join("\n")
    );

    let line = line_for(&requests, whole.header("x-request-id").unwrap());
    assert_eq!(line["trace_id"], TRACE_ID);
    assert_eq!(line["model"], "gpt-5");
    assert_eq!(line["oci_model"], "openai.gpt-4.1");
    assert_eq!(line["status"], 200);
    assert!(line["latency_ms"].as_f64().is_some(), "{line}");
    assert!(line["opc_request_id"].is_string(), "{line}");
    assert_eq!(line["prompt_tokens"], answer["usage"]["prompt_tokens"]);
    assert_eq!(
        line["completion_tokens"],
        answer["usage"]["completion_tokens"]
    );

    let line = line_for(
        &requests,
        streamed.headers["x-request-id"].to_str().unwrap(),
    );
    assert_eq!(line["stream"], true);
    assert_eq!(line["trace_id"], TRACE_ID);
    assert!(
        line["completion_tokens"].as_u64().unwrap() > 0,
        "tokens of a stream: {line}"
    );
    assert!(line.get("error").is_none_or(Value::is_null), "{line}");

    let line = line_for(&requests, refused.header("x-request-id").unwrap());
    assert_eq!(line["status"], 401);
    assert_eq!(line["error"], "unauthorized");
    assert!(line.get("trace_id").is_none_or(Value::is_null));

    let line = line_for(&requests, failed.header("x-request-id").unwrap());
    assert_eq!(line["status"], 502);
    assert_eq!(line["error"], "upstream_5xx");

    let all = lines.join("\n");
    for secret in [KEY, "sk-wrong-key-also-secret", PROMPT, "merger"] {
        assert!(!all.contains(secret), "{secret:?} logged:\n{all}");
    }
    assert!(
        !all.contains('\u{1b}'),
        "no terminal colours in a log file:\n{all}"
    );
}

#[tokio::test]
async fn text_lines_name_the_request_and_trace() {
    let mut gateway = Running::start(&["--mock", "--listen", "127.0.0.1:0"], &[]).await;
    let client = Client::new(gateway.addr);
    let reply = client
        .post_with(
            "/v1/chat/completions",
            &chat("gpt-5", PROMPT),
            &[("traceparent", TRACEPARENT)],
        )
        .await;
    let request_id = reply.header("x-request-id").unwrap().to_owned();
    reply.ok();
    let line = gateway
        .wait_for_line(&format!("request_id={request_id}"))
        .await;
    assert!(line.contains(&format!("trace_id=\"{TRACE_ID}\"")), "{line}");
    assert!(line.contains("status=200"), "{line}");
    assert!(line.contains("model=\"gpt-5\""), "{line}");
    assert!(!line.contains(PROMPT));
    assert!(
        !line.contains('\u{1b}'),
        "no terminal colours when not a terminal: {line:?}"
    );
    gateway.terminate().await;
    gateway.wait().await;
}

#[tokio::test]
async fn log_bodies_logs_bodies_and_still_no_key() {
    let mut gateway = Running::start(
        &[
            "--mock",
            "--listen",
            "127.0.0.1:0",
            "--log-bodies",
            "--log",
            "gateway=debug",
            "--api-key",
            KEY,
        ],
        &[],
    )
    .await;
    let client = Client::new(gateway.addr);
    let auth = format!("Bearer {KEY}");
    client
        .post_with(
            "/v1/chat/completions",
            &chat("gpt-5", PROMPT),
            &[("authorization", auth.as_str())],
        )
        .await
        .ok();
    let line = gateway.wait_for_line("request body").await;
    assert!(line.contains(PROMPT), "{line}");
    let line = gateway.wait_for_line("response body").await;
    assert!(line.contains("This is a mock answer"), "{line}");
    client
        .stream_with(
            "/v1/chat/completions",
            &chat_stream("gpt-5", "streamed words"),
            &[("authorization", auth.as_str())],
        )
        .await
        .chunks();
    let line = gateway.wait_for_line("response events").await;
    assert!(line.contains("chat.completion.chunk"), "{line}");
    gateway.terminate().await;
    gateway.wait().await;
    assert!(!gateway.lines().join("\n").contains(KEY));
}

/// A client that hangs up before its whole answer (OCI still writing it) still gets its one
/// line, as a 499 `client_disconnected`, and is counted.
#[tokio::test]
async fn a_request_abandoned_before_its_answer_is_logged_and_counted_once() {
    let mut gateway = Running::start(
        &[
            "--mock",
            "--listen",
            "127.0.0.1:0",
            "--log-format",
            "json",
            "--log",
            // The embedded mock's line for a request it has started answering.
            "info,oci_genai_mock=debug",
        ],
        &[],
    )
    .await;
    let client = Client::new(gateway.addr);
    // The answer trickles in four pieces ten seconds apart: it is not complete for 30 s.
    let request = json_request(
        client.request(http::Method::POST, "/v1/chat/completions"),
        &chat("gpt-5", "[mock:slow ms=10000] hello"),
        &[("x-request-id", "abandoned-by-its-client")],
    );
    let call = {
        let client = client.clone();
        tokio::spawn(async move { client.send(request).await })
    };
    gateway
        .wait_for_line(r#""path":"/20231130/actions/chat""#)
        .await;
    call.abort();
    let line = gateway.wait_for_line(r#""status":499"#).await;
    let line: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(line["request_id"], "abandoned-by-its-client", "{line}");
    assert_eq!(line["error"], "client_disconnected", "{line}");
    assert_eq!(line["model"], "gpt-5", "{line}");

    let metrics = client.get("/metrics").await.text();
    for series in [
        "gateway_requests_total{route=\"chat_completions\",status=\"499\"} 1",
        "gateway_errors_total{kind=\"client_disconnected\"} 1",
        "gateway_in_flight_requests 0",
        "gateway_concurrency_in_use 0",
    ] {
        assert!(metrics.contains(series), "{series}:\n{metrics}");
    }
    gateway.terminate().await;
    gateway.wait().await;
    line_for(&request_lines(&gateway.lines()), "abandoned-by-its-client");
}
