"""LangChain's `ChatOpenAI` (langchain-openai) pointed at the gateway on its mock backend."""

from typing import Literal

import pytest
from langchain_core.messages import AIMessageChunk, HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI
from pydantic import BaseModel

import mock_model

PROMPT = "Is it raining in Lisbon this week?"
WEATHER_RESULT = "Cloudy, 17 °C"


@tool
def get_weather(city: Literal["Lisbon", "Porto"], unit: Literal["celsius", "fahrenheit"]) -> str:
    """The current weather in a city."""
    return WEATHER_RESULT


class WeatherReport(BaseModel):
    """A weather report."""

    city: Literal["Lisbon", "Porto"]
    unit: Literal["celsius", "fahrenheit"]


def chat(url, model="gpt-5", **kwargs):
    return ChatOpenAI(model=model, base_url=url, api_key="sk-unused", max_retries=0, timeout=30,
                      **kwargs)


def assert_usage(message, prompt, completion):
    usage = message.usage_metadata
    assert usage is not None, "no usage_metadata"
    assert (usage["input_tokens"], usage["output_tokens"], usage["total_tokens"]) == (
        prompt, completion, prompt + completion)


@pytest.mark.parametrize("model", ["gpt-5", "meta.llama-3.3-70b-instruct"])
def test_invoke(gateway_url, model):
    messages = [SystemMessage("Answer briefly."), HumanMessage(PROMPT)]
    answer = chat(gateway_url, model).invoke(messages)
    expected = mock_model.text_answer(PROMPT)
    assert answer.content == expected
    assert answer.response_metadata["finish_reason"] == "stop"
    assert answer.response_metadata["model_name"] == model
    assert answer.tool_calls == []
    assert_usage(answer, mock_model.words("Answer briefly.") + mock_model.words(PROMPT),
                 mock_model.words(expected))


@pytest.mark.parametrize("model", ["gpt-5", "cohere.command-r-plus-08-2024"])
def test_stream(gateway_url, model):
    chunks = list(chat(gateway_url, model, stream_usage=True).stream(PROMPT))
    expected = mock_model.text_answer(PROMPT)
    # Token by token, not one block.
    assert len([c for c in chunks if c.content]) == mock_model.words(expected)
    message = sum(chunks[1:], chunks[0])
    assert isinstance(message, AIMessageChunk)
    assert message.content == expected
    assert message.response_metadata["finish_reason"] == "stop"
    assert_usage(message, mock_model.words(PROMPT), mock_model.words(expected))


def test_bind_tools_round_trip(gateway_url):
    llm = chat(gateway_url).bind_tools([get_weather], tool_choice="get_weather")
    messages = [HumanMessage("What is the weather in Lisbon?")]
    first = llm.invoke(messages)
    (call,) = first.tool_calls
    # A minimal instance of the schema LangChain built from the signature: first enum values.
    assert call["name"] == "get_weather"
    assert call["args"] == {"city": "Lisbon", "unit": "celsius"}
    assert call["id"]
    assert first.response_metadata["finish_reason"] == "tool_calls"
    assert first.invalid_tool_calls == []

    messages += [first, ToolMessage(get_weather.invoke(call["args"]), tool_call_id=call["id"])]
    second = chat(gateway_url).bind_tools([get_weather]).invoke(messages)
    assert second.content == mock_model.tool_answer("get_weather", WEATHER_RESULT)
    assert second.tool_calls == []
    assert second.response_metadata["finish_reason"] == "stop"


def test_bind_tools_streamed(gateway_url):
    llm = chat(gateway_url, "meta.llama-3.3-70b-instruct", stream_usage=True).bind_tools(
        [get_weather], tool_choice="any")
    chunks = list(llm.stream("What is the weather in Lisbon?"))
    message = sum(chunks[1:], chunks[0])
    (call,) = message.tool_calls
    assert call["name"] == "get_weather"
    assert call["args"] == {"city": "Lisbon", "unit": "celsius"}
    assert call["id"]
    assert message.response_metadata["finish_reason"] == "tool_calls"
    arguments = '{"city":"Lisbon","unit":"celsius"}'
    assert_usage(message, mock_model.words("What is the weather in Lisbon?"),
                 mock_model.completion_tokens("", [arguments]))


@pytest.mark.parametrize("method", ["json_schema", "function_calling"])
def test_structured_output(gateway_url, method):
    # json_schema sends `response_format`; function_calling forces a call of a tool built from
    # the model. Either way the answer is a minimal instance of the schema.
    report = chat(gateway_url).with_structured_output(WeatherReport, method=method).invoke(
        "Weather report for Lisbon")
    assert report == WeatherReport(city="Lisbon", unit="celsius")
