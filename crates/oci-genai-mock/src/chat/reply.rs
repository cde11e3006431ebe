//! What the mock model answers, before it is put in any wire format: an
//! obedient, deterministic model.
//!
//! * After tool results it answers in text that quotes them.
//! * It calls a tool when `toolChoice` is REQUIRED (the first tool) or names
//!   a function (that one), or, with AUTO, when a `[mock:tool]` (or
//!   `[mock:parallel]`) marker asks; the arguments are a minimal instance of
//!   the tool's parameter schema.
//! * Otherwise it answers `This is a mock answer to "<the first 12 words of
//!   the last user message>".` (the message itself with `[mock:echo]`, JSON
//!   following the schema with a JSON response format, N words with
//!   `[mock:long]`), cut at the first stop sequence and after `maxTokens`
//!   tokens.

use serde_json::Value;

use super::conversation::{Conversation, Format, Tool, ToolChoiceMode};
use crate::api_error::ApiError;
use crate::markers::{self, Script};
use crate::schema_instance::minimal_instance;
use crate::tokens;

/// How the answer ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Finish {
    /// The answer is complete.
    Stop,
    /// A stop sequence ended it.
    StopSequence,
    /// The token limit cut it.
    Length,
    /// It calls tools.
    ToolCalls,
}

/// A tool call.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Call {
    pub(crate) name: String,
    pub(crate) arguments: Value,
}

impl Call {
    /// The arguments as the JSON string GENERIC and COHEREV2 carry.
    pub(crate) fn arguments_json(&self) -> String {
        self.arguments.to_string()
    }
}

/// Token counts of an answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct TokenCounts {
    pub(crate) prompt: u32,
    /// Everything generated: text, reasoning and tool calls.
    pub(crate) completion: u32,
    /// The reasoning part of `completion`.
    pub(crate) reasoning: u32,
}

/// The model's answer.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Reply {
    pub(crate) reasoning: Option<String>,
    /// The answer text; on a tool turn, Cohere's plan ("I will use …"), and
    /// empty for GENERIC.
    pub(crate) text: String,
    pub(crate) calls: Vec<Call>,
    pub(crate) finish: Finish,
    pub(crate) tokens: TokenCounts,
}

/// Decides the answer.
pub(crate) fn plan(conversation: &Conversation, script: &Script) -> Result<Reply, ApiError> {
    let reasoning = (script.reasoning || conversation.wants_reasoning).then(|| {
        format!(
            "The user wrote {} words. A short, direct answer fits.",
            tokens::count(&markers::strip(&conversation.user_text))
        )
    });
    let calls = if conversation.tool_results.is_empty() {
        tool_calls(conversation, script)?
    } else {
        // Answer the results; calling again would loop forever.
        Vec::new()
    };
    let (text, finish) = if calls.is_empty() {
        answer(conversation, script)
    } else {
        (plan_text(conversation.format, &calls), Finish::ToolCalls)
    };
    let reasoning_tokens = reasoning.as_deref().map_or(0, tokens::count);
    let call_tokens: u32 = calls
        .iter()
        .map(|call| 1 + tokens::count(&call.arguments_json()))
        .sum();
    let completion = tokens::count(&text)
        .saturating_add(reasoning_tokens)
        .saturating_add(call_tokens);
    Ok(Reply {
        reasoning,
        text,
        calls,
        finish,
        tokens: TokenCounts {
            prompt: conversation.prompt_tokens,
            completion,
            reasoning: reasoning_tokens,
        },
    })
}

fn call(tool: &Tool) -> Call {
    Call {
        name: tool.name.clone(),
        arguments: minimal_instance(&tool.schema),
    }
}

fn tool_calls(conversation: &Conversation, script: &Script) -> Result<Vec<Call>, ApiError> {
    let tools = &conversation.tools;
    let named = |name: &str, what: &str| -> Result<Vec<Call>, ApiError> {
        match tools.iter().find(|tool| tool.name == name) {
            Some(tool) => Ok(vec![call(tool)]),
            None => Err(ApiError::invalid_parameter(format!(
                "{what} names the function {name}, which is not in tools."
            ))),
        }
    };
    let scripted = || -> Result<Vec<Call>, ApiError> {
        if script.parallel {
            return Ok(tools.iter().map(call).collect());
        }
        match &script.tool {
            Some(Some(name)) => named(name, "The [mock:tool] marker"),
            _ => Ok(tools.first().map(call).into_iter().collect()),
        }
    };
    match &conversation.tool_choice {
        ToolChoiceMode::None => Ok(Vec::new()),
        ToolChoiceMode::Named(name) => named(name, "toolChoice"),
        ToolChoiceMode::Required if tools.is_empty() => Err(ApiError::invalid_parameter(
            "toolChoice REQUIRED needs at least one tool in tools.",
        )),
        ToolChoiceMode::Required => scripted(),
        ToolChoiceMode::Auto if script.tool.is_some() || script.parallel => scripted(),
        ToolChoiceMode::Auto => Ok(Vec::new()),
    }
}

fn plan_text(format: Format, calls: &[Call]) -> String {
    if format == Format::Generic {
        return String::new();
    }
    let names: Vec<&str> = calls.iter().map(|call| call.name.as_str()).collect();
    format!("I will use {} to answer.", names.join(" and "))
}

const FILLER: [&str; 12] = [
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
];

fn summary(user_text: &str) -> String {
    let stripped = markers::strip(user_text);
    let words: Vec<&str> = stripped.split_whitespace().collect();
    match words.len() {
        0 => "an empty message".to_owned(),
        n if n > 12 => format!("{} …", words[..12].join(" ")),
        _ => words.join(" "),
    }
}

fn answer(conversation: &Conversation, script: &Script) -> (String, Finish) {
    let full = if !conversation.tool_results.is_empty() {
        let parts: Vec<String> = conversation
            .tool_results
            .iter()
            .map(|result| format!("The {} tool returned {}.", result.name, result.output))
            .collect();
        parts.join(" ")
    } else if script.echo {
        markers::strip(&conversation.user_text)
    } else if let Some(schema) = &conversation.json_answer {
        match schema {
            Some(schema) => minimal_instance(schema).to_string(),
            None => serde_json::json!({ "answer": summary(&conversation.user_text) }).to_string(),
        }
    } else if let Some(words) = script.long {
        let words = usize::try_from(words).unwrap_or(usize::MAX);
        let filler: Vec<&str> = FILLER.iter().copied().cycle().take(words).collect();
        filler.join(" ")
    } else {
        format!(
            "This is a mock answer to \"{}\".",
            summary(&conversation.user_text)
        )
    };
    let mut text = full.as_str();
    let mut finish = Finish::Stop;
    if let Some(at) = conversation
        .stop
        .iter()
        .filter(|stop| !stop.is_empty())
        .filter_map(|stop| text.find(stop.as_str()))
        .min()
    {
        text = &text[..at];
        finish = Finish::StopSequence;
    }
    let limit = match (conversation.max_tokens, script.length) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if let Some(limit) = limit {
        let (kept, cut) = tokens::truncate(text, limit);
        if cut {
            text = kept;
            finish = Finish::Length;
        }
    }
    (text.to_owned(), finish)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::chat::conversation::ToolResult;

    fn conversation(user_text: &str) -> Conversation {
        Conversation {
            format: Format::Generic,
            user_text: user_text.to_owned(),
            tool_results: Vec::new(),
            tools: Vec::new(),
            tool_choice: ToolChoiceMode::Auto,
            max_tokens: None,
            sent_max_tokens: false,
            stop: Vec::new(),
            stream: false,
            include_usage: false,
            prompt_tokens: 4,
            json_answer: None,
            wants_reasoning: false,
            choices: 1,
        }
    }

    fn weather_tools() -> Vec<Tool> {
        vec![
            Tool {
                name: "get_weather".into(),
                schema: json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}),
            },
            Tool {
                name: "get_time".into(),
                schema: json!({"type": "object", "properties": {"tz": {"enum": ["UTC", "CET"]}}, "required": ["tz"]}),
            },
        ]
    }

    #[test]
    fn plain_answers_summarise_the_message_and_count_tokens() {
        let reply = plan(
            &conversation("Is it raining in Paris? [mock:echo]"),
            &Script::default(),
        )
        .unwrap();
        assert_eq!(
            reply.text,
            "This is a mock answer to \"Is it raining in Paris?\"."
        );
        assert_eq!(reply.finish, Finish::Stop);
        assert_eq!(
            reply.tokens,
            TokenCounts {
                prompt: 4,
                completion: 11,
                reasoning: 0
            }
        );
        let echo = Script {
            echo: true,
            ..Script::default()
        };
        assert_eq!(
            plan(&conversation("Say [mock:echo] this"), &echo)
                .unwrap()
                .text,
            "Say  this"
        );
    }

    #[test]
    fn long_messages_are_summarised() {
        let words: Vec<String> = (1..=20).map(|i| format!("w{i}")).collect();
        let reply = plan(&conversation(&words.join(" ")), &Script::default()).unwrap();
        assert!(reply.text.ends_with("w12 …\"."), "{}", reply.text);
    }

    #[test]
    fn max_tokens_and_stop_sequences_cut_the_answer() {
        let mut limited = conversation("one two three");
        limited.max_tokens = Some(3);
        let reply = plan(&limited, &Script::default()).unwrap();
        assert_eq!(
            (reply.text.as_str(), reply.finish),
            ("This is a", Finish::Length)
        );
        assert_eq!(reply.tokens.completion, 3);

        let mut stopped = conversation("one two three");
        stopped.stop = vec!["mock".into(), String::new()];
        let reply = plan(&stopped, &Script::default()).unwrap();
        assert_eq!(
            (reply.text.as_str(), reply.finish),
            ("This is a ", Finish::StopSequence)
        );

        let script = Script {
            length: Some(2),
            ..Script::default()
        };
        assert_eq!(plan(&conversation("x"), &script).unwrap().text, "This is");
    }

    #[test]
    fn required_and_named_choices_always_call() {
        let mut required = conversation("hi");
        required.tools = weather_tools();
        required.tool_choice = ToolChoiceMode::Required;
        let reply = plan(&required, &Script::default()).unwrap();
        assert_eq!(reply.finish, Finish::ToolCalls);
        assert_eq!(
            reply.calls,
            [Call {
                name: "get_weather".into(),
                arguments: json!({"city": "mock"})
            }]
        );
        assert_eq!(reply.text, "", "GENERIC tool turns carry no text");
        assert_eq!(reply.tokens.completion, 2);

        required.tool_choice = ToolChoiceMode::Named("get_time".into());
        let reply = plan(&required, &Script::default()).unwrap();
        assert_eq!(
            reply.calls,
            [Call {
                name: "get_time".into(),
                arguments: json!({"tz": "UTC"})
            }]
        );

        required.tool_choice = ToolChoiceMode::Named("nope".into());
        assert_eq!(
            plan(&required, &Script::default()).unwrap_err().code,
            "InvalidParameter"
        );
        required.tools.clear();
        required.tool_choice = ToolChoiceMode::Required;
        assert_eq!(
            plan(&required, &Script::default()).unwrap_err().code,
            "InvalidParameter"
        );
    }

    #[test]
    fn auto_calls_only_when_a_marker_asks() {
        let mut auto = conversation("hi");
        auto.tools = weather_tools();
        assert!(plan(&auto, &Script::default()).unwrap().calls.is_empty());
        let tool = Script {
            tool: Some(None),
            ..Script::default()
        };
        assert_eq!(plan(&auto, &tool).unwrap().calls.len(), 1);
        let parallel = Script {
            parallel: true,
            ..Script::default()
        };
        assert_eq!(plan(&auto, &parallel).unwrap().calls.len(), 2);
        auto.tool_choice = ToolChoiceMode::None;
        assert!(plan(&auto, &tool).unwrap().calls.is_empty());
    }

    #[test]
    fn cohere_tool_turns_carry_a_plan() {
        let mut cohere = conversation("hi");
        cohere.format = Format::Cohere;
        cohere.tools = weather_tools();
        let script = Script {
            parallel: true,
            ..Script::default()
        };
        let reply = plan(&cohere, &script).unwrap();
        assert_eq!(reply.text, "I will use get_weather and get_time to answer.");
    }

    #[test]
    fn tool_results_are_quoted_and_never_called_again() {
        let mut after = conversation("Weather? [mock:tool]");
        after.tools = weather_tools();
        after.tool_choice = ToolChoiceMode::Required;
        after.tool_results = vec![ToolResult {
            name: "get_weather".into(),
            output: "{\"temp_c\": 18}".into(),
        }];
        let reply = plan(
            &after,
            &Script {
                tool: Some(None),
                ..Script::default()
            },
        )
        .unwrap();
        assert!(reply.calls.is_empty());
        assert_eq!(
            reply.text,
            "The get_weather tool returned {\"temp_c\": 18}."
        );
    }

    #[test]
    fn json_formats_get_json() {
        let mut json_schema = conversation("give me a city");
        json_schema.json_answer = Some(Some(
            json!({"type": "object", "required": ["city"], "properties": {"city": {"type": "string"}}}),
        ));
        assert_eq!(
            plan(&json_schema, &Script::default()).unwrap().text,
            r#"{"city":"mock"}"#
        );
        json_schema.json_answer = Some(None);
        let text = plan(&json_schema, &Script::default()).unwrap().text;
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            json!({"answer": "give me a city"})
        );
    }

    #[test]
    fn reasoning_is_counted() {
        let mut thinking = conversation("two words");
        thinking.wants_reasoning = true;
        let reply = plan(&thinking, &Script::default()).unwrap();
        let reasoning = reply.reasoning.unwrap();
        assert_eq!(reply.tokens.reasoning, tokens::count(&reasoning));
        assert_eq!(
            reply.tokens.completion,
            tokens::count(&reply.text) + reply.tokens.reasoning
        );
    }

    #[test]
    fn long_answers_have_that_many_words() {
        let script = Script {
            long: Some(50),
            ..Script::default()
        };
        let reply = plan(&conversation("x"), &script).unwrap();
        assert_eq!(tokens::count(&reply.text), 50);
    }
}
