"""The official `openai` Python SDK against the gateway on its mock backend.

Every expectation comes from the mock model's documented rules (`mock_model`), never from
what the gateway sent: the answer text, tool-call arguments, finish reasons and token counts.
"""

import base64
import json
import math
import struct

from typing import Literal

import openai
import pytest
from pydantic import BaseModel

import mock_model

# One model id per OCI family the mock reproduces, each with its own stream shape: the default
# alias (OpenAI GPT-4.1), Meta (fragmented tool calls, `[DONE]`), OpenAI gpt-oss, xAI (whole
# tool calls), Google (no tool-call ids, usage always sent) and Cohere (COHERE format, a stream
# OCI keeps open after its finish event).
GENERIC_MODELS = [
    "gpt-5",
    "meta.llama-3.3-70b-instruct",
    "openai.gpt-oss-120b",
    "xai.grok-4",
    "google.gemini-2.5-flash",
]
COHERE_MODEL = "cohere.command-r-plus-08-2024"
CHAT_MODELS = GENERIC_MODELS + [COHERE_MODEL]
EMBEDDING_MODEL = "cohere.embed-v4.0"

WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The current weather in a city",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "enum": ["Paris", "London"]},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                "days": {"type": "integer", "minimum": 1},
            },
            "required": ["city", "unit"],
        },
    },
}
CLOCK = {
    "type": "function",
    "function": {
        "name": "get_time",
        "description": "The current time in a time zone",
        "parameters": {
            "type": "object",
            "properties": {"zone": {"type": "string", "enum": ["UTC", "CET"]}},
            "required": ["zone"],
        },
    },
}
# A minimal instance of each schema: required properties, first enum values.
WEATHER_ARGUMENTS = {"city": "Paris", "unit": "celsius"}
CLOCK_ARGUMENTS = {"zone": "UTC"}
WEATHER_RESULT = "Sunny, 21 °C and a light breeze"


def user(text):
    return {"role": "user", "content": text}


def assert_usage(usage, prompt, completion):
    assert usage is not None, "no usage"
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (
        prompt, completion, prompt + completion)


# --- Chat, whole and streamed ----------------------------------------------------------------

@pytest.mark.parametrize("model", CHAT_MODELS)
def test_chat(client, model):
    messages = [
        {"role": "system", "content": "You are a terse assistant."},
        user("Is it raining in Paris today?"),
    ]
    completion = client.chat.completions.create(model=model, messages=messages)

    expected = mock_model.text_answer("Is it raining in Paris today?")
    assert completion.object == "chat.completion"
    assert completion.id.startswith("chatcmpl-")
    assert completion.model == model
    assert len(completion.choices) == 1
    choice = completion.choices[0]
    assert choice.index == 0
    assert choice.finish_reason == "stop"
    assert choice.message.role == "assistant"
    assert choice.message.content == expected
    assert not choice.message.tool_calls
    assert_usage(completion.usage, mock_model.prompt_tokens(messages), mock_model.words(expected))


def test_chat_long_message_and_limits(client):
    text = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    whole = client.chat.completions.create(model="gpt-5", messages=[user(text)])
    expected = mock_model.text_answer(text)
    assert expected.endswith('twelve …".')
    assert whole.choices[0].message.content == expected

    # max_completion_tokens cuts the answer after that many tokens: finish_reason "length".
    cut = client.chat.completions.create(
        model="gpt-5", messages=[user(text)], max_completion_tokens=4)
    assert cut.choices[0].finish_reason == "length"
    assert cut.choices[0].message.content == "This is a mock"
    assert_usage(cut.usage, mock_model.words(text), 4)

    # A stop sequence ends it before the sequence.
    stopped = client.chat.completions.create(model="gpt-5", messages=[user(text)], stop=["answer"])
    assert stopped.choices[0].finish_reason == "stop"
    assert stopped.choices[0].message.content == "This is a mock "


@pytest.mark.parametrize("model", CHAT_MODELS)
def test_chat_stream_with_usage(client, model):
    messages = [user("Say hello to the whole team")]
    stream = client.chat.completions.create(
        model=model, messages=messages, stream=True, stream_options={"include_usage": True})
    chunks = list(stream)

    expected = mock_model.text_answer("Say hello to the whole team")
    assert {chunk.id for chunk in chunks} == {chunks[0].id}, "one id per stream"
    assert all(chunk.object == "chat.completion.chunk" and chunk.model == model for chunk in chunks)
    content = "".join(
        choice.delta.content or "" for chunk in chunks for choice in chunk.choices)
    assert content == expected
    # Deltas are one token each: the stream really streams.
    assert sum(1 for c in chunks for choice in c.choices if choice.delta.content) == \
        mock_model.words(expected)
    assert chunks[0].choices[0].delta.role == "assistant"
    finishes = [choice.finish_reason for c in chunks for choice in c.choices if choice.finish_reason]
    assert finishes == ["stop"]
    # Usage comes once, in a last chunk without choices.
    assert [c.usage is not None for c in chunks] == [False] * (len(chunks) - 1) + [True]
    assert chunks[-1].choices == []
    assert_usage(chunks[-1].usage, mock_model.prompt_tokens(messages), mock_model.words(expected))


@pytest.mark.parametrize("model", ["gpt-5", "meta.llama-3.3-70b-instruct", COHERE_MODEL])
def test_chat_stream_without_usage(client, model):
    stream = client.chat.completions.create(
        model=model, messages=[user("Name a colour")], stream=True)
    chunks = list(stream)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == \
        mock_model.text_answer("Name a colour")
    assert all(chunk.usage is None for chunk in chunks), "usage was not asked for"
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_stream_helper_accumulates_the_answer(client):
    messages = [user("What is the capital of France?")]
    with client.chat.completions.stream(
            model="gpt-5", messages=messages, stream_options={"include_usage": True}) as stream:
        final = stream.get_final_completion()
    expected = mock_model.text_answer("What is the capital of France?")
    assert final.choices[0].message.content == expected
    assert final.choices[0].finish_reason == "stop"
    assert_usage(final.usage, mock_model.prompt_tokens(messages), mock_model.words(expected))


# --- Tools -----------------------------------------------------------------------------------

@pytest.mark.parametrize("model", GENERIC_MODELS)
def test_tool_call_round_trip(client, model):
    messages = [
        {"role": "system", "content": "Use the tools."},
        user("What is the weather in Paris?"),
    ]
    first = client.chat.completions.create(
        model=model, messages=messages, tools=[WEATHER, CLOCK], tool_choice="required")
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert not choice.message.content
    (call,) = choice.message.tool_calls
    assert call.type == "function"
    assert call.id
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == WEATHER_ARGUMENTS
    assert_usage(first.usage, mock_model.prompt_tokens(messages),
                 mock_model.completion_tokens("", [call.function.arguments]))

    # The client runs the tool and sends the result back, as the SDK's docs show.
    messages.append(choice.message.model_dump(exclude_none=True))
    messages.append({"role": "tool", "tool_call_id": call.id, "content": WEATHER_RESULT})
    second = client.chat.completions.create(model=model, messages=messages, tools=[WEATHER, CLOCK])
    expected = mock_model.tool_answer("get_weather", WEATHER_RESULT)
    assert second.choices[0].finish_reason == "stop"
    assert second.choices[0].message.content == expected
    assert not second.choices[0].message.tool_calls
    assert_usage(second.usage, mock_model.prompt_tokens(messages), mock_model.words(expected))


@pytest.mark.parametrize("model", GENERIC_MODELS)
def test_streamed_tool_call(client, model):
    messages = [user("What is the weather in Paris? [mock:tool]")]
    stream = client.chat.completions.create(
        model=model, messages=messages, tools=[WEATHER], tool_choice="auto", stream=True,
        stream_options={"include_usage": True})
    chunks = list(stream)
    fragments = [t for c in chunks for choice in c.choices for t in choice.delta.tool_calls or []]
    assert fragments, "no tool-call deltas"
    assert {f.index for f in fragments} == {0}
    # The id and name come once, on the opening fragment; the arguments may be split after it.
    assert fragments[0].id and fragments[0].function.name == "get_weather"
    assert [f.id for f in fragments[1:] if f.id] == []
    arguments = "".join(f.function.arguments or "" for f in fragments)
    assert json.loads(arguments) == WEATHER_ARGUMENTS
    finishes = [choice.finish_reason for c in chunks for choice in c.choices if choice.finish_reason]
    assert finishes == ["tool_calls"]
    assert_usage(chunks[-1].usage, mock_model.prompt_tokens(messages),
                 mock_model.completion_tokens("", [arguments]))


def test_streamed_tool_round_trip_with_the_stream_helper(client):
    messages = [user("Weather in Paris please [mock:tool]")]
    with client.chat.completions.stream(
            model="gpt-5", messages=messages, tools=[WEATHER]) as stream:
        final = stream.get_final_completion()
    message = final.choices[0].message
    assert final.choices[0].finish_reason == "tool_calls"
    (call,) = message.tool_calls
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == WEATHER_ARGUMENTS

    messages.append(message.model_dump(exclude_none=True, exclude={"parsed"}))
    messages.append({"role": "tool", "tool_call_id": call.id, "content": WEATHER_RESULT})
    with client.chat.completions.stream(
            model="gpt-5", messages=messages, tools=[WEATHER]) as stream:
        answer = stream.get_final_completion()
    assert answer.choices[0].finish_reason == "stop"
    assert answer.choices[0].message.content == mock_model.tool_answer("get_weather", WEATHER_RESULT)


def test_named_tool_choice(client):
    completion = client.chat.completions.create(
        model="gpt-5", messages=[user("What time is it?")], tools=[WEATHER, CLOCK],
        tool_choice={"type": "function", "function": {"name": "get_time"}})
    (call,) = completion.choices[0].message.tool_calls
    assert call.function.name == "get_time"
    assert json.loads(call.function.arguments) == CLOCK_ARGUMENTS
    assert completion.choices[0].finish_reason == "tool_calls"


@pytest.mark.parametrize("model", ["gpt-5", "meta.llama-3.3-70b-instruct"])
def test_parallel_tool_calls_streamed(client, model):
    stream = client.chat.completions.create(
        model=model, messages=[user("Weather and time in Paris [mock:parallel]")],
        tools=[WEATHER, CLOCK], stream=True)
    calls = {}
    for chunk in stream:
        for choice in chunk.choices:
            for fragment in choice.delta.tool_calls or []:
                entry = calls.setdefault(fragment.index, {"id": None, "name": "", "arguments": ""})
                if fragment.id:
                    assert entry["id"] is None, "a second id for one call"
                    entry["id"] = fragment.id
                entry["name"] += fragment.function.name or ""
                entry["arguments"] += fragment.function.arguments or ""
    assert sorted(calls) == [0, 1]
    assert calls[0]["name"] == "get_weather" and calls[1]["name"] == "get_time"
    assert json.loads(calls[0]["arguments"]) == WEATHER_ARGUMENTS
    assert json.loads(calls[1]["arguments"]) == CLOCK_ARGUMENTS
    assert calls[0]["id"] and calls[1]["id"] and calls[0]["id"] != calls[1]["id"]


def test_tool_call_cohere(client):
    # The COHERE (V1) format cannot force a call: AUTO plus the mock's marker asks for one.
    messages = [user("What is the weather in Paris? [mock:tool]")]
    first = client.chat.completions.create(model=COHERE_MODEL, messages=messages, tools=[WEATHER])
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls"
    # Cohere states its plan next to the call.
    assert choice.message.content == "I will use get_weather to answer."
    (call,) = choice.message.tool_calls
    assert call.function.name == "get_weather"
    # COHERE parameter definitions carry types, not enums: only the keys are known.
    assert set(json.loads(call.function.arguments)) == {"city", "unit"}
    assert_usage(first.usage, mock_model.prompt_tokens(messages),
                 mock_model.completion_tokens(choice.message.content, [call.function.arguments]))

    messages.append(choice.message.model_dump(exclude_none=True))
    messages.append({"role": "tool", "tool_call_id": call.id, "content": WEATHER_RESULT})
    second = client.chat.completions.create(model=COHERE_MODEL, messages=messages, tools=[WEATHER])
    assert second.choices[0].finish_reason == "stop"
    assert second.choices[0].message.content.startswith("The get_weather tool returned ")
    assert WEATHER_RESULT in second.choices[0].message.content


class WeatherReport(BaseModel):
    city: Literal["Paris", "London"]
    unit: Literal["celsius", "fahrenheit"]


@pytest.mark.parametrize("stream", [False, True])
def test_structured_output_parse(client, stream):
    # The SDK sends the model's JSON schema as `response_format` and validates the answer into
    # it; a JSON answer is a minimal instance of the schema: first enum values.
    messages = [user("Weather report for Paris")]
    if stream:
        with client.chat.completions.stream(
                model="gpt-5", messages=messages, response_format=WeatherReport) as s:
            completion = s.get_final_completion()
    else:
        completion = client.chat.completions.parse(
            model="gpt-5", messages=messages, response_format=WeatherReport)
    message = completion.choices[0].message
    assert completion.choices[0].finish_reason == "stop"
    assert message.parsed == WeatherReport(city="Paris", unit="celsius")
    assert json.loads(message.content) == {"city": "Paris", "unit": "celsius"}


# --- Embeddings and models -------------------------------------------------------------------

def test_embeddings(client):
    texts = ["hello world", "a second, longer text"]
    # The SDK asks for base64 by default and decodes it.
    result = client.embeddings.create(model=EMBEDDING_MODEL, input=texts)
    assert result.object == "list"
    assert result.model == EMBEDDING_MODEL
    assert [item.index for item in result.data] == [0, 1]
    vectors = [item.embedding for item in result.data]
    assert [len(v) for v in vectors] == [1536, 1536]
    for vector in vectors:
        assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, abs_tol=1e-3)
    assert vectors[0] != vectors[1]
    expected_tokens = sum(mock_model.words(t) for t in texts)
    assert (result.usage.prompt_tokens, result.usage.total_tokens) == (expected_tokens, expected_tokens)

    # Deterministic: the same text embeds the same, whatever the batch and encoding.
    again = client.embeddings.create(
        model=EMBEDDING_MODEL, input="a second, longer text", encoding_format="float")
    assert again.data[0].embedding == pytest.approx(vectors[1], abs=1e-6)

    small = client.embeddings.create(model=EMBEDDING_MODEL, input="hello world", dimensions=256)
    assert len(small.data[0].embedding) == 256


def test_embeddings_base64_on_the_wire(client):
    raw = client.embeddings.with_raw_response.create(
        model=EMBEDDING_MODEL, input="hello world", encoding_format="base64")
    body = json.loads(raw.http_response.text)
    encoded = body["data"][0]["embedding"]
    assert isinstance(encoded, str)
    floats = struct.unpack("<%df" % (len(base64.b64decode(encoded)) // 4), base64.b64decode(encoded))
    assert len(floats) == 1536
    plain = client.embeddings.create(model=EMBEDDING_MODEL, input="hello world", encoding_format="float")
    assert list(floats) == pytest.approx(plain.data[0].embedding, abs=1e-6)


def test_models(client):
    ids = [model.id for model in client.models.list()]
    # The default aliases, as OpenClaw and other clients name them.
    assert {"gpt-5", "openai/gpt-5", "openai-compatible/gpt-5"} <= set(ids)
    assert len(ids) == len(set(ids))
    model = client.models.retrieve("gpt-5")
    assert (model.id, model.object) == ("gpt-5", "model")
    assert model.owned_by


# --- Errors, as the SDK raises them ----------------------------------------------------------

def test_authentication(auth_gateway_url, api_key):
    # One client per rejected call: test_http_keepalive pins what happens to a connection
    # after an early 401.
    def wrong():
        return openai.OpenAI(base_url=auth_gateway_url, api_key="sk-wrong", max_retries=0)

    with wrong() as client, pytest.raises(openai.AuthenticationError) as error:
        client.chat.completions.create(model="gpt-5", messages=[user("hi")])
    assert error.value.status_code == 401
    assert error.value.code == "invalid_api_key"
    with wrong() as client, pytest.raises(openai.AuthenticationError):
        client.models.list()
    with openai.OpenAI(base_url=auth_gateway_url, api_key=api_key, max_retries=0) as right:
        completion = right.chat.completions.create(model="gpt-5", messages=[user("hi")])
        assert completion.choices[0].message.content == mock_model.text_answer("hi")
        assert "gpt-5" in [m.id for m in right.models.list()]


def test_unknown_model(client):
    with pytest.raises(openai.NotFoundError) as error:
        client.chat.completions.create(model="gpt-4.1", messages=[user("hi")])
    assert error.value.status_code == 404
    assert error.value.code == "model_not_found"
    assert error.value.param == "model"
    assert "gpt-4.1" in error.value.message
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("gpt-4.1")


def test_model_missing_upstream(client):
    # OCI answers 404 for the alias's target: the client learns which model to map instead.
    with pytest.raises(openai.NotFoundError) as error:
        client.chat.completions.create(model="gpt-5", messages=[user("hi [mock:404]")])
    assert error.value.code == "model_not_found"
    assert "openai.gpt-4.1" in error.value.message


def test_bad_request(client):
    with pytest.raises(openai.BadRequestError) as error:
        client.chat.completions.create(model="gpt-5", messages=[])
    assert error.value.status_code == 400
    assert error.value.param == "messages"
    assert error.value.type == "invalid_request_error"

    with pytest.raises(openai.BadRequestError) as error:
        client.chat.completions.create(
            model="gpt-5", messages=[user("hi")], extra_body={"temperature": "hot"})
    assert error.value.param == "temperature"
    assert "`temperature`" in error.value.message

    # A wrong type deep in the request is named by its path, as OpenAI names it.
    with pytest.raises(openai.BadRequestError) as error:
        client.chat.completions.create(
            model="gpt-5", messages=[user("hi"), {"role": "user", "content": 5}])
    assert error.value.param == "messages[1].content"


def test_rate_limited(client):
    # A Retry-After beyond the gateway's retry budget goes straight back to the client.
    with pytest.raises(openai.RateLimitError) as error:
        client.chat.completions.create(
            model="gpt-5", messages=[user("hi [mock:429 retry-after=30]")])
    assert error.value.status_code == 429
    assert error.value.response.headers.get("retry-after") == "30"
    assert error.value.code == "rate_limit_exceeded"


def test_transient_upstream_failures_are_retried_by_the_gateway(client):
    # OCI fails twice with 503; the SDK does not retry (max_retries=0), the gateway does.
    completion = client.chat.completions.create(
        model="gpt-5", messages=[user("retry me please [mock:503 times=2]")])
    assert completion.choices[0].message.content == mock_model.text_answer("retry me please")


def test_persistent_upstream_failure(client):
    with pytest.raises(openai.InternalServerError) as error:
        client.chat.completions.create(model="gpt-5", messages=[user("hi [mock:503]")])
    assert error.value.status_code >= 500


@pytest.mark.parametrize("model", ["gpt-5", "meta.llama-3.3-70b-instruct"])
def test_failure_in_the_middle_of_a_stream(client, model):
    text = "Tell me a long story about the sea [mock:cut after=3]"
    stream = client.chat.completions.create(
        model=model, messages=[user(text)], stream=True, stream_options={"include_usage": True})
    received = []
    with pytest.raises(openai.APIError) as error:
        for chunk in stream:
            received.append(chunk)
    assert not isinstance(error.value, openai.APIStatusError), "the status was 200"
    # An error event, not a broken connection (which the SDK reports as APIConnectionError).
    assert not isinstance(error.value, openai.APIConnectionError), repr(error.value)
    assert error.value.type == "server_error", error.value.body
    # What arrived before the cut is the start of the answer, unfinished.
    partial = "".join(c.choices[0].delta.content or "" for c in received if c.choices)
    assert partial and mock_model.text_answer(text).startswith(partial)
    assert all(choice.finish_reason is None for c in received for choice in c.choices)
