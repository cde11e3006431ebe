//! Requests, non-streaming results, embeddings and the model list: every
//! fixture parses into its type and serializes back unchanged.

use oci_genai_client::wire::*;
use serde_json::{Value, json};

use crate::support::{assert_json_eq, read_json, round_trip};

fn chat_details(path: &str) -> ChatDetails {
    round_trip(&read_json(path), path)
}

fn chat_result(path: &str) -> ChatResult {
    round_trip(&read_json(path), path)
}

#[test]
fn oci_example_generic_request() {
    let details = chat_details("oci-examples/generic-chat-request.json");
    assert_eq!(
        details.compartment_id,
        "ocid1.compartment.oc1..aaaaaaaa7exampleuniqueid"
    );
    assert_eq!(
        details.serving_mode,
        ServingMode::on_demand("meta.llama-3.3-70b-instruct")
    );
    let ChatRequest::Generic(request) = details.chat_request else {
        panic!("not GENERIC")
    };
    assert_eq!(request.messages.len(), 5);
    let Message::Assistant(assistant) = &request.messages[2] else {
        panic!("message 2 is not ASSISTANT")
    };
    assert_eq!(assistant.content, None);
    assert_eq!(
        assistant.tool_calls,
        Some(vec![ToolCall::Function(FunctionCall {
            id: Some("chatcmpl-tool-a165800d4d7789c7".into()),
            name: Some("get_weather".into()),
            arguments: Some(r#"{"city": "Paris"}"#.into()),
        })])
    );
    let Message::Tool(tool) = &request.messages[3] else {
        panic!("message 3 is not TOOL")
    };
    assert_eq!(
        tool.tool_call_id.as_deref(),
        Some("chatcmpl-tool-a165800d4d7789c7")
    );
    assert_eq!(
        request.stream_options,
        Some(StreamOptions {
            is_include_usage: Some(true)
        })
    );
    assert_eq!(request.top_k, Some(-1));
    assert_eq!(request.max_tokens, Some(512));
    assert_eq!(request.stop.as_deref(), Some(&["\n\nUser:".to_owned()][..]));
    assert_eq!(request.tool_choice, Some(ToolChoice::Auto));
    assert_eq!(request.is_parallel_tool_calls, Some(false));
    let Some(ResponseFormat::JsonSchema {
        json_schema: Some(schema),
    }) = &request.response_format
    else {
        panic!("not JSON_SCHEMA")
    };
    assert_eq!(schema.name, "umbrella_advice");
    assert_eq!(schema.is_strict, Some(true));
    let tools = request.tools.as_deref().unwrap();
    let ToolDefinition::Function(function) = &tools[0] else {
        panic!("not FUNCTION")
    };
    assert_eq!(function.name.as_deref(), Some("get_weather"));
    assert_eq!(
        function.parameters.as_ref().unwrap().to_value().unwrap()["required"],
        json!(["city"])
    );
}

#[test]
fn oci_example_generic_result() {
    let result = chat_result("oci-examples/generic-chat-result.json");
    let ChatResponse::Generic(response) = result.chat_response else {
        panic!("not GENERIC")
    };
    assert_eq!(response.time_created, "2026-11-25T10:15:30.123Z");
    let choice = &response.choices[0];
    assert_eq!(choice.finish_reason, "stop");
    let Some(Message::Assistant(message)) = &choice.message else {
        panic!("no ASSISTANT message")
    };
    let text = message.content.as_ref().unwrap()[0].as_text().unwrap();
    assert!(text.contains("18°C"), "{text}");
    let usage = response.usage.unwrap();
    assert_eq!(usage.total_tokens, Some(237));
    assert_eq!(
        usage.completion_tokens_details.unwrap().reasoning_tokens,
        Some(0)
    );
    assert_eq!(usage.prompt_tokens_details.unwrap().cached_tokens, Some(0));
}

#[test]
fn generic_request_with_every_option() {
    let details = chat_details("requests/generic-reasoning-dedicated.json");
    assert!(matches!(
        &details.serving_mode,
        ServingMode::Dedicated { endpoint_id } if endpoint_id.starts_with("ocid1.generativeaiendpoint.")
    ));
    let ChatRequest::Generic(request) = details.chat_request else {
        panic!("not GENERIC")
    };
    assert!(
        matches!(&request.messages[0], Message::Developer(m) if m.name.as_deref() == Some("policy"))
    );
    assert_eq!(request.reasoning_effort, Some(ReasoningEffort::Low));
    assert_eq!(request.verbosity, Some(Verbosity::Low));
    assert_eq!(request.service_tier, Some(ServiceTier::Auto));
    assert_eq!(request.max_completion_tokens, Some(2000));
    assert_eq!(request.max_tokens, None);
    assert_eq!(request.num_generations, Some(2));
    assert_eq!(request.seed, Some(-7));
    assert_eq!(request.log_probs, Some(3));
    assert_eq!(request.logit_bias.as_ref().unwrap()["5923"], json!(-100));
    assert_eq!(request.metadata.as_ref().unwrap()["tenant"], json!("acme"));
    assert_eq!(
        request.tool_choice,
        Some(ToolChoice::Function {
            name: Some("get_weather".into())
        })
    );
    assert_eq!(request.response_format, Some(ResponseFormat::JsonObject));
    let Some(Prediction::Content {
        content: Some(content),
    }) = &request.prediction
    else {
        panic!("no CONTENT prediction")
    };
    assert!(content[0].text.as_deref().unwrap().starts_with("def add"));
    let search = request.web_search_options.unwrap();
    assert_eq!(search.search_context_size, Some(SearchContextSize::High));
    assert_eq!(search.user_location.unwrap().country.as_deref(), Some("FR"));
    // A function without parameters.
    let tools = request.tools.unwrap();
    assert_eq!(
        tools[1],
        ToolDefinition::Function(FunctionDefinition {
            name: Some("now".into()),
            ..Default::default()
        })
    );
}

#[test]
fn generic_request_with_every_content_type() {
    let details = chat_details("requests/generic-multimodal.json");
    let ChatRequest::Generic(request) = details.chat_request else {
        panic!("not GENERIC")
    };
    let Message::User(user) = &request.messages[1] else {
        panic!("not USER")
    };
    let tags: Vec<_> = user
        .content
        .as_ref()
        .unwrap()
        .iter()
        .map(|c| c.tag().unwrap())
        .collect();
    assert_eq!(tags, ["TEXT", "IMAGE", "AUDIO", "VIDEO", "DOCUMENT"]);
    let parts = user.content.as_ref().unwrap();
    assert!(matches!(
        &parts[1],
        ChatContent::Image(ImageContent {
            image_url: Some(ImageUrl {
                detail: Some(ImageDetail::Auto),
                ..
            })
        })
    ));
    assert!(
        matches!(&parts[2], ChatContent::Audio(AudioContent { audio_url: Some(AudioUrl { url, .. }) }) if url.starts_with("data:audio/mp3"))
    );
    assert!(matches!(
        &parts[3],
        ChatContent::Video(VideoContent {
            video_url: Some(VideoUrl { detail: None, .. })
        })
    ));
    assert!(matches!(
        &parts[4],
        ChatContent::Document(DocumentContent {
            document_url: Some(DocumentUrl {
                detail: Some(ImageDetail::Low),
                ..
            })
        })
    ));
    let Message::Assistant(assistant) = &request.messages[2] else {
        panic!("not ASSISTANT")
    };
    assert_eq!(assistant.reasoning_content.as_deref(), Some("Four inputs."));
    assert_eq!(assistant.refusal.as_deref(), Some(""));
    assert_eq!(request.tool_choice, Some(ToolChoice::None));
    assert_eq!(request.response_format, Some(ResponseFormat::Text));
    assert_eq!(request.temperature, Some(0.0));
    assert_eq!(request.frequency_penalty, Some(-0.5));
}

#[test]
fn cohere_v1_request() {
    let details = chat_details("requests/cohere-v1.json");
    let ChatRequest::Cohere(request) = details.chat_request else {
        panic!("not COHERE")
    };
    assert_eq!(request.message, "And in Paris?");
    let history = request.chat_history.as_ref().unwrap();
    let roles: Vec<_> = history.iter().map(|m| m.tag().unwrap()).collect();
    assert_eq!(roles, ["SYSTEM", "USER", "CHATBOT", "TOOL", "CHATBOT"]);
    let CohereMessage::Tool(tool) = &history[3] else {
        panic!("not TOOL")
    };
    assert_eq!(
        tool.tool_results[0].call.parameters,
        json!({"city": "Rome"})
    );
    assert_eq!(tool.tool_results[0].outputs, [json!({"temp_c": 24})]);
    let tools = request.tools.as_ref().unwrap();
    let city = &tools[0].parameter_definitions.as_ref().unwrap()["city"];
    assert_eq!(city.r#type, "str");
    assert_eq!(city.is_required, Some(true));
    assert_eq!(
        request.response_format,
        Some(CohereResponseFormat::JsonObject {
            schema: Some(
                json!({"type": "object", "properties": {"answer": {"type": "string"}}}).into()
            )
        })
    );
    assert_eq!(
        request.preamble_override.as_deref(),
        Some("You are a helpful assistant.")
    );
    assert_eq!(
        request.stop_sequences.as_deref(),
        Some(&["END".to_owned()][..])
    );
    assert_eq!(request.prompt_truncation, Some(PromptTruncation::Off));
    assert_eq!(request.citation_quality, Some(CitationQuality::Fast));
    assert_eq!(request.safety_mode, Some(SafetyMode::Contextual));
    assert_eq!(request.max_input_tokens, Some(4000));
}

#[test]
fn cohere_v2_request() {
    let details = chat_details("requests/cohere-v2.json");
    let ChatRequest::CohereV2(request) = details.chat_request else {
        panic!("not COHEREV2")
    };
    let CohereMessageV2::User(user) = &request.messages[1] else {
        panic!("not USER")
    };
    assert!(
        matches!(&user.content[1], CohereContentV2::ImageUrl(c) if c.image_url.as_ref().unwrap().detail == Some(ImageDetail::Auto))
    );
    assert!(
        matches!(&user.content[2], CohereContentV2::Document(c) if c.document.as_ref().unwrap()["id"] == "doc-1")
    );
    let CohereMessageV2::Assistant(assistant) = &request.messages[2] else {
        panic!("not ASSISTANT")
    };
    let call = &assistant.tool_calls.as_ref().unwrap()[0];
    assert_eq!(call.r#type, Some(ToolType::Function));
    assert_eq!(call.function.as_ref().unwrap()["name"], "get_weather");
    let CohereMessageV2::Tool(tool) = &request.messages[3] else {
        panic!("not TOOL")
    };
    assert_eq!(tool.tool_call_id, "get_weather_k2x7m1");
    assert_eq!(request.tools_choice, Some(CohereToolsChoice::Required));
    assert_eq!(
        request.thinking,
        Some(CohereThinkingV2 {
            r#type: CohereThinkingType::Enabled,
            token_budget: Some(1024)
        })
    );
    assert_eq!(
        request.citation_options.unwrap().mode,
        Some(CitationMode::Accurate)
    );
    assert_eq!(request.tools.unwrap()[0].function.name, "get_weather");
    assert_eq!(
        request.documents.unwrap()[0],
        json!("Paris is the capital of France.")
    );
    assert_eq!(request.priority, Some(1));
    assert_eq!(request.safety_mode, Some(SafetyMode::Strict));
}

#[test]
fn generic_result_with_tool_call() {
    let result = chat_result("responses/generic-tool-call.json");
    let ChatResponse::Generic(response) = result.chat_response else {
        panic!("not GENERIC")
    };
    assert_eq!(response.choices[0].finish_reason, "tool_calls");
    let Some(Message::Assistant(message)) = &response.choices[0].message else {
        panic!("no ASSISTANT message")
    };
    assert!(message.content.is_none());
    assert_eq!(message.tool_calls.as_ref().unwrap().len(), 1);
}

#[test]
fn generic_result_without_message() {
    let result = chat_result("responses/generic-reasoning-no-message.json");
    let ChatResponse::Generic(response) = result.chat_response else {
        panic!("not GENERIC")
    };
    let choice = &response.choices[0];
    assert_eq!(choice.message, None);
    assert_eq!(choice.finish_reason, "length");
    assert_eq!(choice.service_tier.as_deref(), Some("default"));
    let usage = response.usage.unwrap();
    assert_eq!(usage.completion_tokens, None);
    assert_eq!(
        usage.completion_tokens_details.unwrap().reasoning_tokens,
        Some(512)
    );
}

#[test]
fn generic_result_from_gemini_with_grounding() {
    let result = chat_result("responses/generic-gemini-grounded.json");
    let ChatResponse::Generic(response) = result.chat_response else {
        panic!("not GENERIC")
    };
    let choice = &response.choices[0];
    let Some(Message::Assistant(message)) = &choice.message else {
        panic!("no ASSISTANT message")
    };
    let content = message.content.as_ref().unwrap();
    assert_eq!(content[1], ChatContent::Text(TextContent { text: None }));
    let ToolCall::Function(call) = &message.tool_calls.as_ref().unwrap()[0] else {
        panic!("not FUNCTION")
    };
    assert_eq!(call.id, None, "Gemini sends no tool call id");
    let annotation = &message.annotations.as_ref().unwrap()[0];
    assert_eq!(annotation.r#type.as_deref(), Some("url_citation"));
    assert_eq!(
        annotation.url_citation.as_ref().unwrap().end_index,
        Some(22)
    );
    let logprobs = choice.logprobs.as_ref().unwrap();
    assert_eq!(
        logprobs.token_logprobs.as_deref(),
        Some(&[-0.0123, -1.5][..])
    );
    assert_eq!(
        logprobs.top_logprobs.as_ref().unwrap()[0]["Looking"],
        json!("-4.2")
    );
    let grounding = choice.grounding_metadata.as_ref().unwrap();
    assert_eq!(
        grounding.grounding_supports.as_ref().unwrap()[0].grounding_chunk_indices,
        Some(vec![0])
    );
    assert_eq!(
        grounding.grounding_chunks.as_ref().unwrap()[0]
            .web
            .as_ref()
            .unwrap()
            .domain
            .as_deref(),
        Some("weather.example")
    );
}

#[test]
fn cohere_v1_results() {
    let result = chat_result("responses/cohere-v1-tool-call.json");
    let ChatResponse::Cohere(response) = result.chat_response else {
        panic!("not COHERE")
    };
    assert_eq!(response.finish_reason, CohereFinishReason::Complete);
    assert_eq!(
        response.tool_calls.as_ref().unwrap()[0].parameters,
        json!({"location": "Tokyo"})
    );
    assert!(
        matches!(&response.chat_history.as_ref().unwrap()[1], CohereMessage::Chatbot(m) if m.tool_calls.is_some())
    );

    let result = chat_result("responses/cohere-v1-rag.json");
    let ChatResponse::Cohere(response) = result.chat_response else {
        panic!("not COHERE")
    };
    assert_eq!(response.finish_reason, CohereFinishReason::MaxTokens);
    assert_eq!(
        response.citations.as_ref().unwrap()[0].document_ids,
        ["doc_0"]
    );
    assert_eq!(
        response.search_queries.as_ref().unwrap()[0].text,
        "climate of Paris"
    );
    assert_eq!(response.is_search_required, Some(true));
}

#[test]
fn cohere_v2_result() {
    let result = chat_result("responses/cohere-v2.json");
    let ChatResponse::CohereV2(response) = result.chat_response else {
        panic!("not COHEREV2")
    };
    assert_eq!(response.finish_reason, CohereV2FinishReason::ToolCall);
    let content = response.message.content.as_ref().unwrap();
    assert!(
        matches!(&content[0], CohereContentV2::Thinking(t) if t.thinking.as_deref() == Some("The document says Paris."))
    );
    let citation = &response.message.citations.as_ref().unwrap()[0];
    assert_eq!(citation.r#type, Some(CohereCitationType::TextContent));
    let sources = citation.sources.as_ref().unwrap();
    assert_eq!(sources[0].r#type, CohereCitationSourceType::Document);
    assert_eq!(
        sources[1].tool.as_ref().unwrap().tool_output,
        Some(json!({"temp_c": 18}))
    );
    assert_eq!(
        response.log_probabilities.unwrap()[0].token_ids,
        Some(vec![1, 2, 3])
    );
    assert_eq!(response.error_message.as_deref(), Some(""));
}

#[test]
fn embed_requests_and_result() {
    let details: EmbedTextDetails =
        round_trip(&read_json("requests/embed-text.json"), "embed-text");
    assert_eq!(details.inputs.as_ref().unwrap().len(), 2);
    assert_eq!(
        details.embedding_types,
        Some(vec![EmbeddingType::Float, EmbeddingType::Int8])
    );
    assert_eq!(details.truncate, Some(EmbedTruncate::End));
    assert_eq!(details.input_type, Some(EmbedInputType::SearchDocument));
    assert_eq!(details.output_dimensions, Some(1024));

    let details: EmbedTextDetails =
        round_trip(&read_json("requests/embed-contents.json"), "embed-contents");
    let contents = details.embed_contents.unwrap();
    assert!(
        matches!(&contents[0], EmbedContent::Text(t) if t.text.as_deref() == Some("a red pixel"))
    );
    assert!(matches!(&contents[1], EmbedContent::Image(i) if i.image_url.is_some()));
    assert_eq!(details.embedding_types.unwrap().len(), 5);

    let result: EmbedTextResult =
        round_trip(&read_json("responses/embed-text.json"), "embed result");
    assert_eq!(
        result.embeddings,
        vec![vec![0.0123, -0.0456, 0.789], vec![-0.5, 0.25, 1.0]]
    );
    assert_eq!(
        result.embeddings_by_type.unwrap()["int8"][1][0],
        json!(-128)
    );
    assert_eq!(result.usage.unwrap().prompt_tokens, Some(4));
}

#[test]
fn model_collection_page() {
    let page: ModelCollection = round_trip(&read_json("models/models-page.json"), "models");
    assert_eq!(page.items.len(), 4);
    let llama = &page.items[0];
    assert_eq!(
        llama.display_name.as_deref(),
        Some("meta.llama-3.3-70b-instruct")
    );
    assert_eq!(llama.capabilities, [ModelCapability::Chat]);
    assert_eq!(llama.lifecycle_state, ModelLifecycleState::Active);
    assert_eq!(llama.r#type, ModelType::Base);
    assert_eq!(llama.compartment_id, None);
    let retired = &page.items[1];
    assert_eq!(
        retired.time_on_demand_retired.as_deref(),
        Some("2026-07-15T00:00:00.000Z")
    );
    assert_eq!(
        retired.capabilities,
        [ModelCapability::Chat, ModelCapability::FineTune]
    );
    assert_eq!(
        retired.defined_tags.as_ref().unwrap()["Operations"]["CostCenter"],
        json!("42")
    );
    let custom = &page.items[3];
    assert_eq!(custom.r#type, ModelType::Custom);
    assert_eq!(custom.lifecycle_state, ModelLifecycleState::Failed);
    assert_eq!(
        custom.fine_tune_details.as_ref().unwrap()["trainingConfig"]["loraR"],
        json!(8)
    );
}

#[test]
fn model_summary_with_nulls_from_the_sdk_doc() {
    // The shape in the wire-format notes, with the `null`s the SDK writes.
    let json = json!({"items": [{
        "id": "ocid1.generativeaimodel.oc1.us-chicago-1.amaaaaaask7dceya",
        "compartmentId": null, "capabilities": ["CHAT"], "lifecycleState": "ACTIVE",
        "lifecycleDetails": null, "displayName": "meta.llama-3.3-70b-instruct", "vendor": "meta",
        "version": "1.0.0", "timeCreated": "2025-01-01T00:00:00.000Z", "baseModelId": null,
        "type": "BASE", "fineTuneDetails": null, "modelMetrics": null, "isLongTermSupported": false,
        "timeDeprecated": null, "timeOnDemandRetired": null, "timeDedicatedRetired": null,
        "freeformTags": {}, "definedTags": {}, "systemTags": {}
    }]});
    let page: ModelCollection = round_trip(&json, "model summary with nulls");
    assert_eq!(page.items[0].time_on_demand_retired, None);
}

#[test]
fn unknown_enum_values_are_kept() {
    let json = json!({
        "compartmentId": "c",
        "servingMode": {"servingType": "ON_DEMAND", "modelId": "m"},
        "chatRequest": {
            "apiFormat": "GENERIC",
            "messages": [],
            "reasoningEffort": "ULTRA",
            "serviceTier": "FLEX",
            "verbosity": "low"
        }
    });
    let details: ChatDetails = round_trip(&json, "unknown enum values");
    let ChatRequest::Generic(request) = details.chat_request else {
        panic!("not GENERIC")
    };
    assert_eq!(
        request.reasoning_effort,
        Some(ReasoningEffort::Other("ULTRA".into()))
    );
    assert_eq!(
        request.service_tier,
        Some(ServiceTier::Other("FLEX".into()))
    );
    // Matching is case-sensitive, as on the wire.
    assert_eq!(request.verbosity, Some(Verbosity::Other("low".into())));

    let page: ModelCollection = round_trip(
        &json!({"items": [{"id": "x", "capabilities": ["CHAT", "MIND_READING"], "lifecycleState": "ARCHIVED", "timeCreated": "t", "type": "IMPORTED"}]}),
        "unknown model enums",
    );
    let model = &page.items[0];
    assert_eq!(
        model.capabilities[1],
        ModelCapability::Other("MIND_READING".into())
    );
    assert_eq!(model.lifecycle_state.as_str(), "ARCHIVED");
    assert_eq!(model.r#type.to_string(), "IMPORTED");
}

#[test]
fn unknown_variants_are_kept() {
    let json = json!({
        "compartmentId": "c",
        "servingMode": {"servingType": "PROVISIONED", "unitId": "u"},
        "chatRequest": {
            "apiFormat": "GENERIC",
            "messages": [
                {"role": "CRITIC", "content": [{"type": "TEXT", "text": "hm"}]},
                {"role": "USER", "content": [{"type": "HOLOGRAM", "uri": "h"}, {"text": "tag last", "type": "TEXT"}]},
                {"content": [], "role": "ASSISTANT", "toolCalls": [{"type": "MCP", "server": "s"}]}
            ],
            "tools": [{"type": "WEB_SEARCH"}],
            "toolChoice": {"type": "ANY"},
            "responseFormat": {"type": "XML"},
            "prediction": {"type": "DIFF"}
        }
    });
    let details: ChatDetails = round_trip(&json, "unknown variants");
    assert!(matches!(&details.serving_mode, ServingMode::Other(v) if v["unitId"] == "u"));
    let ChatRequest::Generic(request) = details.chat_request else {
        panic!("not GENERIC")
    };
    assert!(matches!(&request.messages[0], Message::Other(v) if v["role"] == "CRITIC"));
    assert_eq!(request.messages[0].tag(), Some("CRITIC"));
    let Message::User(user) = &request.messages[1] else {
        panic!("not USER")
    };
    let content = user.content.as_ref().unwrap();
    assert!(matches!(&content[0], ChatContent::Other(v) if v["uri"] == "h"));
    // The tag need not come first.
    assert_eq!(content[1], ChatContent::text("tag last"));
    let Message::Assistant(assistant) = &request.messages[2] else {
        panic!("not ASSISTANT")
    };
    assert!(matches!(
        &assistant.tool_calls.as_ref().unwrap()[0],
        ToolCall::Other(_)
    ));
    assert!(matches!(
        &request.tools.as_ref().unwrap()[0],
        ToolDefinition::Other(_)
    ));
    assert!(matches!(request.tool_choice, Some(ToolChoice::Other(_))));
    assert!(matches!(
        request.response_format,
        Some(ResponseFormat::Other(_))
    ));
    assert!(matches!(request.prediction, Some(Prediction::Other(_))));

    let result: ChatResult = round_trip(
        &json!({"modelId": "m", "modelVersion": "1", "chatResponse": {"apiFormat": "ANTHROPIC", "content": []}}),
        "unknown response format",
    );
    assert!(
        matches!(&result.chat_response, ChatResponse::Other(v) if v["apiFormat"] == "ANTHROPIC")
    );
    assert_eq!(result.chat_response.tag(), Some("ANTHROPIC"));
}

#[test]
fn wrong_types_in_known_variants_are_errors() {
    let bad = [
        json!({"role": "USER", "content": "a bare string"}),
        json!({"role": "USER", "content": [{"type": "TEXT", "text": 5}]}),
        json!("USER"),
        json!({"role": 7}),
    ];
    for json in &bad[..3] {
        assert!(
            serde_json::from_value::<Message>(json.clone()).is_err(),
            "{json}"
        );
    }
    // A non-string tag is not a known variant: kept as `Other`.
    assert!(matches!(
        serde_json::from_value::<Message>(bad[3].clone()),
        Ok(Message::Other(_))
    ));
}

#[test]
fn variant_structs_write_their_own_tag() {
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            serde_json::to_value(SystemMessage::default()).unwrap(),
            "role",
            "SYSTEM",
        ),
        (
            serde_json::to_value(UserMessage::default()).unwrap(),
            "role",
            "USER",
        ),
        (
            serde_json::to_value(AssistantMessage::default()).unwrap(),
            "role",
            "ASSISTANT",
        ),
        (
            serde_json::to_value(ToolMessage::default()).unwrap(),
            "role",
            "TOOL",
        ),
        (
            serde_json::to_value(DeveloperMessage::default()).unwrap(),
            "role",
            "DEVELOPER",
        ),
        (
            serde_json::to_value(TextContent::default()).unwrap(),
            "type",
            "TEXT",
        ),
        (
            serde_json::to_value(ImageContent::default()).unwrap(),
            "type",
            "IMAGE",
        ),
        (
            serde_json::to_value(AudioContent::default()).unwrap(),
            "type",
            "AUDIO",
        ),
        (
            serde_json::to_value(VideoContent::default()).unwrap(),
            "type",
            "VIDEO",
        ),
        (
            serde_json::to_value(DocumentContent::default()).unwrap(),
            "type",
            "DOCUMENT",
        ),
        (
            serde_json::to_value(FunctionCall::default()).unwrap(),
            "type",
            "FUNCTION",
        ),
        (
            serde_json::to_value(FunctionDefinition::default()).unwrap(),
            "type",
            "FUNCTION",
        ),
        (
            serde_json::to_value(GenericChatRequest::default()).unwrap(),
            "apiFormat",
            "GENERIC",
        ),
        (
            serde_json::to_value(CohereChatRequest::default()).unwrap(),
            "apiFormat",
            "COHERE",
        ),
        (
            serde_json::to_value(CohereChatRequestV2::default()).unwrap(),
            "apiFormat",
            "COHEREV2",
        ),
        (
            serde_json::to_value(GenericChatResponse::default()).unwrap(),
            "apiFormat",
            "GENERIC",
        ),
        (
            serde_json::to_value(CohereChatResponse::default()).unwrap(),
            "apiFormat",
            "COHERE",
        ),
        (
            serde_json::to_value(CohereChatResponseV2::default()).unwrap(),
            "apiFormat",
            "COHEREV2",
        ),
        (
            serde_json::to_value(CohereUserMessage::default()).unwrap(),
            "role",
            "USER",
        ),
        (
            serde_json::to_value(CohereChatBotMessage::default()).unwrap(),
            "role",
            "CHATBOT",
        ),
        (
            serde_json::to_value(CohereSystemMessage::default()).unwrap(),
            "role",
            "SYSTEM",
        ),
        (
            serde_json::to_value(CohereToolMessage::default()).unwrap(),
            "role",
            "TOOL",
        ),
        (
            serde_json::to_value(CohereUserMessageV2::default()).unwrap(),
            "role",
            "USER",
        ),
        (
            serde_json::to_value(CohereAssistantMessageV2::default()).unwrap(),
            "role",
            "ASSISTANT",
        ),
        (
            serde_json::to_value(CohereSystemMessageV2::default()).unwrap(),
            "role",
            "SYSTEM",
        ),
        (
            serde_json::to_value(CohereToolMessageV2::default()).unwrap(),
            "role",
            "TOOL",
        ),
        (
            serde_json::to_value(CohereTextContentV2::default()).unwrap(),
            "type",
            "TEXT",
        ),
        (
            serde_json::to_value(CohereImageContentV2::default()).unwrap(),
            "type",
            "IMAGE_URL",
        ),
        (
            serde_json::to_value(CohereDocumentContentV2::default()).unwrap(),
            "type",
            "DOCUMENT",
        ),
        (
            serde_json::to_value(CohereThinkingContentV2::default()).unwrap(),
            "type",
            "THINKING",
        ),
        (
            serde_json::to_value(EmbedTextContent::default()).unwrap(),
            "type",
            "TEXT",
        ),
        (
            serde_json::to_value(EmbedImageContent::default()).unwrap(),
            "type",
            "IMAGE",
        ),
        (
            serde_json::to_value(CohereStreamEvent::default()).unwrap(),
            "apiFormat",
            "COHERE",
        ),
        (
            serde_json::to_value(CohereV2StreamEvent::default()).unwrap(),
            "apiFormat",
            "COHEREV2",
        ),
    ];
    for (value, key, tag) in cases {
        assert_eq!(value[key], tag, "{value}");
    }
    // GENERIC stream events carry no tag.
    assert_eq!(
        serde_json::to_value(GenericStreamEvent::default()).unwrap(),
        json!({})
    );
}

#[test]
fn defaults_serialize_to_parseable_documents() {
    let details = ChatDetails::default();
    let json = serde_json::to_value(&details).unwrap();
    assert_json_eq(
        &json,
        &json!({"compartmentId": "", "servingMode": {"servingType": "ON_DEMAND", "modelId": ""}, "chatRequest": {"apiFormat": "GENERIC", "messages": []}}),
        "default ChatDetails",
    );
    let _: ChatDetails = round_trip(&json, "default ChatDetails");
    let _: ChatResult = round_trip(
        &serde_json::to_value(ChatResult::default()).unwrap(),
        "default ChatResult",
    );
    let _: EmbedTextDetails = round_trip(
        &serde_json::to_value(EmbedTextDetails::default()).unwrap(),
        "default EmbedTextDetails",
    );
    let _: ModelCollection = round_trip(
        &serde_json::to_value(ModelCollection::default()).unwrap(),
        "default ModelCollection",
    );
}

#[test]
fn string_enums_convert_both_ways() {
    assert_eq!(ReasoningEffort::from("HIGH"), ReasoningEffort::High);
    assert_eq!(
        "MINIMAL".parse::<ReasoningEffort>(),
        Ok(ReasoningEffort::Minimal)
    );
    assert_eq!(ReasoningEffort::from(String::from("x")).as_str(), "x");
    assert_eq!(EmbeddingType::Base64.as_str(), "base64");
    assert_eq!(
        MessageRole::KNOWN,
        ["SYSTEM", "USER", "ASSISTANT", "TOOL", "DEVELOPER"]
    );
    for value in ModelCapability::KNOWN {
        assert_eq!(ModelCapability::from(*value).as_str(), *value);
        assert!(!matches!(
            ModelCapability::from(*value),
            ModelCapability::Other(_)
        ));
    }
    assert_eq!(
        serde_json::to_string(&CohereFinishReason::ErrorToxic).unwrap(),
        r#""ERROR_TOXIC""#
    );
    assert!(serde_json::from_str::<CohereFinishReason>("1").is_err());
}
