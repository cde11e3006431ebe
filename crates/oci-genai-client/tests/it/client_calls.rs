//! Every operation over a real socket: what is sent (path, headers, body,
//! signature) and what comes back.

use std::time::Duration;

use oci_genai_client::client::{Error, ModelFilters};
use oci_genai_client::wire::{
    ChatRequest, ChatResponse, EmbedTextDetails, ModelCapability, ServingMode,
};

use crate::client_support::{
    COMPARTMENT, SteppingClock, builder, chat_details, client, key_id, verify_signature,
};
use crate::scripted_server::{Reply, ScriptedServer, Step};
use crate::support::read;

const CHAT_RESULT: &str = "oci-examples/generic-chat-result.json";

fn is_upper_hex_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
}

/// The shape of the OCI SDKs' retry tokens: 30 ASCII letters or digits.
fn is_retry_token(token: &str) -> bool {
    token.len() == 30 && token.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[tokio::test]
async fn chat_sends_a_signed_json_request_and_decodes_the_answer() {
    let server = ScriptedServer::start([Reply::json(200, read(CHAT_RESULT))]).await;
    let client = builder(&server.url())
        .time_source(SteppingClock::new())
        .build()
        .unwrap();
    let mut details = chat_details("meta.llama-3.3-70b-instruct", Some(600), false);
    if let ChatRequest::Generic(request) = &mut details.chat_request {
        // `chat` wants one JSON answer, whatever the caller set.
        request.is_stream = Some(true);
    }

    let response = client.chat(&details).await.unwrap();

    assert_eq!(response.attempts, 1);
    assert_eq!(response.opc_request_id, "SERVER-ECHO");
    let ChatResponse::Generic(answer) = &response.value.chat_response else {
        panic!("not GENERIC: {:?}", response.value.chat_response)
    };
    assert!(!answer.choices.is_empty());

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, http::Method::POST);
    assert_eq!(request.uri.path(), "/20231130/actions/chat");
    assert_eq!(request.header("accept-encoding"), Some("identity"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("transfer-encoding"), None);
    assert_eq!(
        request.header("host"),
        Some(server.addr().to_string().as_str())
    );
    assert!(
        request
            .header("user-agent")
            .unwrap()
            .starts_with("oci-genai-client/")
    );
    assert!(is_upper_hex_id(request.header("opc-request-id").unwrap()));
    assert!(is_retry_token(request.header("opc-retry-token").unwrap()));
    let sent = request.json();
    assert_eq!(sent["compartmentId"], COMPARTMENT);
    assert_eq!(sent["chatRequest"]["maxTokens"], 600);
    assert!(sent["chatRequest"].get("isStream").is_none());

    let verified = verify_signature(request);
    assert_eq!(verified.key_id, key_id());
    assert_eq!(
        verified.headers,
        [
            "date",
            "(request-target)",
            "host",
            "content-length",
            "content-type",
            "x-content-sha256"
        ]
    );
    assert_eq!(verified.date, "Tue, 10 Jun 2025 12:00:00 GMT");
}

#[tokio::test]
async fn each_call_has_its_own_id_unless_the_caller_gives_one() {
    let server = ScriptedServer::start([
        Reply::json(200, read(CHAT_RESULT)).without_request_id(),
        Reply::json(200, read(CHAT_RESULT)).without_request_id(),
        Reply::json(200, read(CHAT_RESULT)).header("opc-request-id", "GW-1/SRV/X"),
    ])
    .await;
    let client = client(&server.url());
    let details = chat_details("meta.llama-3.3-70b-instruct", None, false);

    let first = client.chat(&details).await.unwrap();
    let second = client.chat(&details).await.unwrap();
    let third = client.chat(&details).opc_request_id("GW-1").await.unwrap();

    let sent: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("opc-request-id").unwrap().to_owned())
        .collect();
    // Without an echo, the response carries the id that was sent.
    assert_eq!(first.opc_request_id, sent[0]);
    assert_eq!(second.opc_request_id, sent[1]);
    assert_ne!(sent[0], sent[1]);
    assert_eq!(sent[2], "GW-1");
    // OCI's echo, segments appended, is what the caller gets.
    assert_eq!(third.opc_request_id, "GW-1/SRV/X");
    // Keep-alive: three calls, one connection.
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn an_id_that_cannot_be_a_header_is_refused_before_sending() {
    let server = ScriptedServer::start([]).await;
    let client = client(&server.url());
    let details = chat_details("meta.llama-3.3-70b-instruct", None, false);
    for bad in ["", "has space", "new\nline"] {
        let error = client.chat(&details).opc_request_id(bad).await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidOpcRequestId { .. }),
            "{error:?}"
        );
        assert_eq!(error.opc_request_id(), None);
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn embed_text() {
    let server = ScriptedServer::start([Reply::json(200, read("responses/embed-text.json"))]).await;
    let client = client(&server.url());
    let details = EmbedTextDetails {
        inputs: Some(vec!["first".into(), "second".into()]),
        serving_mode: ServingMode::on_demand("cohere.embed-v4.0"),
        compartment_id: COMPARTMENT.into(),
        ..Default::default()
    };

    let response = client.embed_text(&details).await.unwrap();

    assert!(!response.value.embeddings.is_empty());
    let requests = server.requests();
    assert_eq!(requests[0].uri.path(), "/20231130/actions/embedText");
    assert_eq!(
        requests[0].json()["inputs"],
        serde_json::json!(["first", "second"])
    );
    assert!(is_retry_token(
        requests[0].header("opc-retry-token").unwrap()
    ));
    verify_signature(&requests[0]);
}

fn models_page(ids: &[&str]) -> String {
    let items: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            serde_json::json!({
                "id": id, "capabilities": ["CHAT"], "lifecycleState": "ACTIVE",
                "timeCreated": "2025-01-01T00:00:00.000Z", "type": "BASE"
            })
        })
        .collect();
    serde_json::json!({ "items": items }).to_string()
}

#[tokio::test]
async fn list_models_follows_every_page() {
    let server = ScriptedServer::start([
        Reply::json(200, models_page(&["m1", "m2"])).header("opc-next-page", "PAGE/2+"),
        Reply::json(200, models_page(&["m3"])).header("opc-next-page", "PAGE3"),
        Reply::json(200, models_page(&[])),
    ])
    .await;
    let client = client(&server.url());
    let filters = ModelFilters::default()
        .with_capability(ModelCapability::Chat)
        .with_vendor("meta");

    let response = client.list_models(COMPARTMENT, &filters).await.unwrap();

    let ids: Vec<&str> = response.value.items.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["m1", "m2", "m3"]);
    assert_eq!(response.attempts, 3);
    let requests = server.requests();
    let targets: Vec<String> = requests.iter().map(|r| r.uri.to_string()).collect();
    let base = format!("/20231130/models?compartmentId={COMPARTMENT}&capability=CHAT&vendor=meta");
    assert_eq!(
        targets,
        [
            base.clone(),
            format!("{base}&page=PAGE%2F2%2B"),
            format!("{base}&page=PAGE3")
        ]
    );
    for request in &requests {
        assert_eq!(request.method, http::Method::GET);
        assert_eq!(request.body.len(), 0);
        // A read needs no protection against running twice.
        assert_eq!(request.header("opc-retry-token"), None);
        let verified = verify_signature(request);
        assert_eq!(verified.headers, ["date", "(request-target)", "host"]);
    }
}

#[tokio::test]
async fn list_models_page_returns_the_next_page_token() {
    let server = ScriptedServer::start([
        Reply::json(200, read("models/models-page.json")).header("opc-next-page", "NEXT")
    ])
    .await;
    let client = client(&server.url());

    let page = client
        .list_models_page(COMPARTMENT, &ModelFilters::default(), None)
        .await
        .unwrap();

    assert_eq!(page.value.collection.items.len(), 4);
    assert_eq!(page.value.next_page.as_deref(), Some("NEXT"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn the_control_plane_can_have_its_own_base_url() {
    let inference = ScriptedServer::start([Reply::json(200, read(CHAT_RESULT))]).await;
    let control = ScriptedServer::start([Reply::json(200, models_page(&["m1"]))]).await;
    let client = builder(&inference.url())
        .control_plane_url(format!("{}/", control.url()))
        .build()
        .unwrap();
    assert_eq!(client.control_plane_endpoint().as_str(), control.url());

    client
        .chat(&chat_details("meta.llama-3.3-70b-instruct", None, false))
        .await
        .unwrap();
    client
        .list_models(COMPARTMENT, &ModelFilters::default())
        .await
        .unwrap();

    assert_eq!(inference.requests().len(), 1);
    assert_eq!(control.requests().len(), 1);
}

#[tokio::test]
async fn bodies_that_are_not_the_json_expected_are_decode_errors() {
    let server = ScriptedServer::start([
        Reply::json(200, "<html>maintenance</html>"),
        Reply::json(
            200,
            r#"{"modelId":"m","modelVersion":"1","chatResponse":{"apiFor"#,
        ),
    ])
    .await;
    let client = client(&server.url());
    let details = chat_details("meta.llama-3.3-70b-instruct", None, false);

    for expected in [
        "<html>maintenance</html>",
        r#"{"modelId":"m","modelVersion":"1","chatResponse":{"apiFor"#,
    ] {
        match client.chat(&details).await {
            Err(Error::Decode {
                snippet,
                opc_request_id,
                ..
            }) => {
                assert_eq!(snippet, expected);
                assert_eq!(opc_request_id, "SERVER-ECHO");
            }
            other => panic!("{other:?}"),
        }
    }
    // Decoding failures are not retried.
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_body_cut_mid_way_is_a_transport_error() {
    let body = read(CHAT_RESULT);
    let server = ScriptedServer::start([Reply::json(200, body.clone()).steps([
        Step::Data(body[..40].to_vec().into()),
        // Let the head and the first bytes out before the cut.
        Step::Sleep(Duration::from_millis(50)),
        Step::Cut,
    ])])
    .await;
    let client = client(&server.url());

    let error = client
        .chat(&chat_details("meta.llama-3.3-70b-instruct", None, false))
        .await
        .unwrap_err();

    match &error {
        Error::Transport {
            source, attempts, ..
        } => {
            assert!(source.is_body(), "{source:?}");
            assert_eq!(*attempts, 1);
        }
        other => panic!("{other:?}"),
    }
    assert!(!error.is_retryable());
    assert_eq!(server.requests().len(), 1);
}
