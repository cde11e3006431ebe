#!/usr/bin/env python3
"""Capture the request bodies the official `openai` Python SDK sends, as test fixtures.

Starts a loopback HTTP server that records every request body and answers just enough for the
SDK to finish each call, drives the SDK through the chat and embeddings features it exposes,
and writes one JSON file per call next to this script (`python-<name>.json`, the body exactly
as sent, re-indented).

Run with the pinned SDK that scripts/test installs:

    .tools/venv/bin/python crates/openai-types/tests/data/openai-sdk/capture_python.py
"""

import base64
import json
import os
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import openai
import pydantic

HERE = os.path.dirname(os.path.abspath(__file__))
captured = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        request = json.loads(body)
        captured.append({"path": self.path, "body": request})
        if self.path.endswith("/embeddings"):
            vector = base64.b64encode(struct.pack("<3f", 0.1, 0.2, 0.3)).decode()
            count = len(request["input"]) if isinstance(request["input"], list) and request["input"] and not isinstance(request["input"][0], int) else 1
            data = [{"object": "embedding", "index": i,
                     "embedding": vector if request.get("encoding_format") == "base64" else [0.1, 0.2, 0.3]}
                    for i in range(count)]
            return self.reply({"object": "list", "data": data, "model": request["model"],
                               "usage": {"prompt_tokens": 1, "total_tokens": 1}})
        content = '{"city": "Paris", "temperature_c": 18, "conditions": ["overcast"]}'
        if request.get("stream"):
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.end_headers()
            chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": request["model"],
                     "choices": [{"index": 0, "delta": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}
            self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\ndata: [DONE]\n\n")
            return
        return self.reply({"id": "c", "object": "chat.completion", "created": 1, "model": request["model"],
                           "choices": [{"index": 0, "finish_reason": "stop",
                                        "message": {"role": "assistant", "content": content}}],
                           "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})

    def reply(self, value):
        body = json.dumps(value).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Weather(pydantic.BaseModel):
    city: str
    temperature_c: float
    conditions: list[str]
    note: str | None = None


WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                       "required": ["city"], "additionalProperties": False},
        "strict": True,
    },
}
PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = openai.OpenAI(base_url="http://127.0.0.1:%d/v1" % server.server_port, api_key="sk-test", max_retries=0)
    calls = []

    def call(name, fn):
        before = len(captured)
        fn()
        assert len(captured) == before + 1, name
        calls.append(name)

    call("chat-minimal", lambda: client.chat.completions.create(
        model="gpt-5", messages=[{"role": "user", "content": "Hello!"}]))
    call("chat-all-parameters", lambda: client.chat.completions.create(
        model="gpt-5",
        messages=[{"role": "developer", "content": "Answer briefly."},
                  {"role": "system", "content": [{"type": "text", "text": "You are terse."}]},
                  {"role": "user", "content": "Weather in Paris?", "name": "alice"}],
        frequency_penalty=0.5, presence_penalty=-0.5, logit_bias={"50256": -100},
        logprobs=True, top_logprobs=2, max_completion_tokens=512, max_tokens=256, n=1,
        parallel_tool_calls=False, seed=7, stop=["END", "STOP"], temperature=0.2, top_p=0.9,
        tools=[WEATHER_TOOL], tool_choice={"type": "function", "function": {"name": "get_weather"}},
        user="user-1", metadata={"team": "a"}, store=False, service_tier="auto",
        reasoning_effort="low", verbosity="low", prompt_cache_key="cache-1", safety_identifier="s-1",
        prediction={"type": "content", "content": "Paris is"},
        web_search_options={"search_context_size": "low",
                            "user_location": {"type": "approximate", "approximate": {"city": "Paris", "country": "FR"}}},
        extra_body={"top_k": 40, "chat_template_kwargs": {"enable_thinking": False}}))
    call("chat-stream-usage", lambda: list(client.chat.completions.create(
        model="gpt-5", messages=[{"role": "user", "content": "Hi"}], stream=True,
        stream_options={"include_usage": True})))
    call("chat-tool-round-trip", lambda: client.chat.completions.create(
        model="gpt-5", tools=[WEATHER_TOOL], tool_choice="auto",
        messages=[{"role": "user", "content": "Weather in Paris?"},
                  {"role": "assistant", "content": None, "tool_calls": [
                      {"id": "call_1", "type": "function",
                       "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}]},
                  {"role": "tool", "tool_call_id": "call_1", "content": "{\"temp_c\": 18}"}]))
    call("chat-multimodal", lambda: client.chat.completions.create(
        model="gpt-5",
        messages=[{"role": "user", "content": [
            {"type": "text", "text": "What is in these?"},
            {"type": "image_url", "image_url": {"url": PNG, "detail": "high"}},
            {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
            {"type": "file", "file": {"filename": "a.pdf", "file_data": "data:application/pdf;base64,JVBERi0="}}]}],
        modalities=["text"]))
    call("chat-audio-output", lambda: client.chat.completions.create(
        model="gpt-5",
        messages=[{"role": "user", "content": [
            {"type": "text", "text": "Read this aloud.",
             "prompt_cache_breakpoint": {"mode": "explicit", "ttl": "30m"}},
            {"type": "image_url", "image_url": {"url": PNG, "detail": "original"},
             "prompt_cache_breakpoint": {"mode": "explicit"}}]}],
        modalities=["text", "audio"], audio={"voice": {"id": "voice_1234"}, "format": "mp3"}))
    call("chat-json-object", lambda: client.chat.completions.create(
        model="gpt-5", messages=[{"role": "user", "content": "JSON please"}],
        response_format={"type": "json_object"}))
    call("chat-parse-pydantic", lambda: client.chat.completions.parse(
        model="gpt-5", messages=[{"role": "user", "content": "Weather in Paris?"}], response_format=Weather))
    call("chat-parse-pydantic-tool", lambda: client.chat.completions.parse(
        model="gpt-5", messages=[{"role": "user", "content": "Weather in Paris?"}],
        tools=[openai.pydantic_function_tool(Weather, name="report_weather")]))
    call("embeddings-string", lambda: client.embeddings.create(model="cohere.embed-v4.0", input="hello"))
    call("embeddings-strings-float", lambda: client.embeddings.create(
        model="cohere.embed-v4.0", input=["a", "b"], encoding_format="float", dimensions=256, user="u"))
    call("embeddings-tokens", lambda: client.embeddings.create(model="cohere.embed-v4.0", input=[1, 2, 3]))
    call("embeddings-token-arrays", lambda: client.embeddings.create(model="cohere.embed-v4.0", input=[[1, 2], [3]]))

    for name, record in zip(calls, captured):
        path = os.path.join(HERE, "python-%s.json" % name)
        with open(path, "w") as f:
            json.dump({"sdk": "openai (Python) %s" % openai.__version__, "path": record["path"],
                       "body": record["body"]}, f, indent=2, ensure_ascii=False)
            f.write("\n")
    print("captured %d requests from openai %s" % (len(calls), openai.__version__))
    server.shutdown()


if __name__ == "__main__":
    main()
