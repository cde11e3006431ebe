// The official `openai` npm package against the gateway on its mock backend. Expectations come
// from the mock model's documented rules (mock_model.mjs), never from what the gateway sent.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import OpenAI from "openai";

import * as mock from "./mock_model.mjs";

const { url, authUrl, apiKey } = mock.gateways();
// The SDK's own retries are off, so that they hide nothing the gateway does.
const client = new OpenAI({ baseURL: url, apiKey: "sk-unused", maxRetries: 0, timeout: 30_000 });

const WEATHER = {
  type: "function",
  function: {
    name: "get_weather",
    description: "The current weather in a city",
    parameters: {
      type: "object",
      properties: {
        city: { type: "string", enum: ["Paris", "London"] },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        days: { type: "integer", minimum: 1 },
      },
      required: ["city", "unit"],
    },
  },
};
// A minimal instance of the schema: required properties, first enum values.
const WEATHER_ARGUMENTS = { city: "Paris", unit: "celsius" };
const WEATHER_RESULT = "Sunny, 21 °C and a light breeze";

const user = (content) => ({ role: "user", content });

function assertUsage(usage, prompt, completion) {
  assert.ok(usage, "no usage");
  assert.deepEqual(
    [usage.prompt_tokens, usage.completion_tokens, usage.total_tokens],
    [prompt, completion, prompt + completion],
  );
}

async function collect(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const STREAM_MODELS = ["gpt-5", "meta.llama-3.3-70b-instruct", "xai.grok-4", "cohere.command-r-plus-08-2024"];

describe("chat", () => {
  test("a whole answer", async () => {
    const messages = [{ role: "system", content: "You are terse." }, user("Is it raining in Paris today?")];
    const completion = await client.chat.completions.create({ model: "gpt-5", messages });
    const expected = mock.textAnswer("Is it raining in Paris today?");
    assert.equal(completion.object, "chat.completion");
    assert.equal(completion.model, "gpt-5");
    assert.equal(completion.choices.length, 1);
    assert.equal(completion.choices[0].finish_reason, "stop");
    assert.equal(completion.choices[0].message.role, "assistant");
    assert.equal(completion.choices[0].message.content, expected);
    assertUsage(completion.usage, mock.promptTokens(messages), mock.words(expected));
  });

  for (const model of STREAM_MODELS) {
    test(`a streamed answer with usage (${model})`, async () => {
      const messages = [user("Say hello to the whole team")];
      const chunks = await collect(
        await client.chat.completions.create({
          model,
          messages,
          stream: true,
          stream_options: { include_usage: true },
        }),
      );
      const expected = mock.textAnswer("Say hello to the whole team");
      assert.equal(new Set(chunks.map((c) => c.id)).size, 1, "one id per stream");
      const deltas = chunks.flatMap((c) => c.choices.map((choice) => choice.delta.content ?? ""));
      assert.equal(deltas.join(""), expected);
      assert.equal(deltas.filter(Boolean).length, mock.words(expected), "one delta per token");
      const finishes = chunks.flatMap((c) => c.choices.map((choice) => choice.finish_reason)).filter(Boolean);
      assert.deepEqual(finishes, ["stop"]);
      const last = chunks.at(-1);
      assert.deepEqual(last.choices, []);
      assert.ok(chunks.slice(0, -1).every((c) => c.usage == null), "usage only on the last chunk");
      assertUsage(last.usage, mock.promptTokens(messages), mock.words(expected));
    });
  }

  test("the stream helper accumulates the answer", async () => {
    const messages = [user("What is the capital of France?")];
    const stream = client.chat.completions.stream({
      model: "gpt-5",
      messages,
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    const expected = mock.textAnswer("What is the capital of France?");
    assert.equal(final.choices[0].message.content, expected);
    assert.equal(final.choices[0].finish_reason, "stop");
    assertUsage(final.usage, mock.promptTokens(messages), mock.words(expected));
  });
});

describe("tools", () => {
  test("a tool-call round trip", async () => {
    const messages = [user("What is the weather in Paris?")];
    const first = await client.chat.completions.create({
      model: "gpt-5",
      messages,
      tools: [WEATHER],
      tool_choice: "required",
    });
    const choice = first.choices[0];
    assert.equal(choice.finish_reason, "tool_calls");
    assert.equal(choice.message.tool_calls.length, 1);
    const call = choice.message.tool_calls[0];
    assert.ok(call.id);
    assert.equal(call.function.name, "get_weather");
    assert.deepEqual(JSON.parse(call.function.arguments), WEATHER_ARGUMENTS);
    assertUsage(first.usage, mock.promptTokens(messages), mock.completionTokens("", [call.function.arguments]));

    messages.push(choice.message, { role: "tool", tool_call_id: call.id, content: WEATHER_RESULT });
    const second = await client.chat.completions.create({ model: "gpt-5", messages, tools: [WEATHER] });
    const expected = mock.toolAnswer("get_weather", WEATHER_RESULT);
    assert.equal(second.choices[0].finish_reason, "stop");
    assert.equal(second.choices[0].message.content, expected);
    assertUsage(second.usage, mock.promptTokens(messages), mock.words(expected));
  });

  for (const model of ["gpt-5", "meta.llama-3.3-70b-instruct", "openai.gpt-oss-120b", "google.gemini-2.5-flash"]) {
    test(`a streamed tool call, as OpenClaw asks for it (${model})`, async () => {
      const messages = [user("What is the weather in Paris? [mock:tool]")];
      const chunks = await collect(
        await client.chat.completions.create({
          model,
          messages,
          tools: [WEATHER],
          tool_choice: "auto",
          stream: true,
          stream_options: { include_usage: true },
        }),
      );
      const fragments = chunks.flatMap((c) => c.choices.flatMap((choice) => choice.delta.tool_calls ?? []));
      assert.ok(fragments.length > 0, "no tool-call deltas");
      assert.deepEqual([...new Set(fragments.map((f) => f.index))], [0]);
      assert.ok(fragments[0].id, "the opening fragment has the id");
      assert.equal(fragments[0].function.name, "get_weather");
      assert.deepEqual(fragments.slice(1).filter((f) => f.id), [], "one id per call");
      const args = fragments.map((f) => f.function?.arguments ?? "").join("");
      assert.deepEqual(JSON.parse(args), WEATHER_ARGUMENTS);
      const finishes = chunks.flatMap((c) => c.choices.map((choice) => choice.finish_reason)).filter(Boolean);
      assert.deepEqual(finishes, ["tool_calls"]);
      assertUsage(chunks.at(-1).usage, mock.promptTokens(messages), mock.completionTokens("", [args]));
    });
  }

  test("the stream helper runs a whole tool round trip", async () => {
    const messages = [user("Weather in Paris please [mock:tool]")];
    const first = await client.chat.completions.stream({ model: "gpt-5", messages, tools: [WEATHER] }).finalChatCompletion();
    const message = first.choices[0].message;
    assert.equal(first.choices[0].finish_reason, "tool_calls");
    assert.equal(message.tool_calls.length, 1);
    assert.deepEqual(JSON.parse(message.tool_calls[0].function.arguments), WEATHER_ARGUMENTS);
    messages.push(
      { role: "assistant", content: null, tool_calls: message.tool_calls },
      { role: "tool", tool_call_id: message.tool_calls[0].id, content: WEATHER_RESULT },
    );
    const second = await client.chat.completions.stream({ model: "gpt-5", messages, tools: [WEATHER] }).finalChatCompletion();
    assert.equal(second.choices[0].finish_reason, "stop");
    assert.equal(second.choices[0].message.content, mock.toolAnswer("get_weather", WEATHER_RESULT));
  });
});

describe("embeddings and models", () => {
  test("embeddings (base64 on the wire, decoded by the SDK)", async () => {
    const texts = ["hello world", "a second, longer text"];
    const result = await client.embeddings.create({ model: "cohere.embed-v4.0", input: texts });
    assert.equal(result.model, "cohere.embed-v4.0");
    assert.deepEqual(result.data.map((d) => d.index), [0, 1]);
    for (const { embedding } of result.data) {
      assert.equal(embedding.length, 1536);
      const norm = Math.sqrt(embedding.reduce((sum, x) => sum + x * x, 0));
      assert.ok(Math.abs(norm - 1) < 1e-3, `norm ${norm}`);
    }
    const tokens = texts.reduce((sum, t) => sum + mock.words(t), 0);
    assert.deepEqual([result.usage.prompt_tokens, result.usage.total_tokens], [tokens, tokens]);
    const floats = await client.embeddings.create({
      model: "cohere.embed-v4.0",
      input: "hello world",
      encoding_format: "float",
    });
    floats.data[0].embedding.forEach((x, i) => assert.ok(Math.abs(x - result.data[0].embedding[i]) < 1e-6));
  });

  test("models", async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    for (const alias of ["gpt-5", "openai/gpt-5", "openai-compatible/gpt-5"]) assert.ok(ids.includes(alias), alias);
    const model = await client.models.retrieve("gpt-5");
    assert.deepEqual([model.id, model.object], ["gpt-5", "model"]);
  });
});

describe("errors, as the SDK raises them", () => {
  test("AuthenticationError", async () => {
    const wrong = new OpenAI({ baseURL: authUrl, apiKey: "sk-wrong", maxRetries: 0 });
    await assert.rejects(
      wrong.chat.completions.create({ model: "gpt-5", messages: [user("hi")] }),
      (error) => error instanceof OpenAI.AuthenticationError && error.status === 401,
    );
    const right = new OpenAI({ baseURL: authUrl, apiKey, maxRetries: 0 });
    const completion = await right.chat.completions.create({ model: "gpt-5", messages: [user("hi")] });
    assert.equal(completion.choices[0].message.content, mock.textAnswer("hi"));
  });

  test("NotFoundError", async () => {
    await assert.rejects(
      client.chat.completions.create({ model: "gpt-4.1", messages: [user("hi")] }),
      (error) => error instanceof OpenAI.NotFoundError && error.code === "model_not_found" && error.param === "model",
    );
  });

  test("BadRequestError", async () => {
    await assert.rejects(
      client.chat.completions.create({ model: "gpt-5", messages: [] }),
      (error) => error instanceof OpenAI.BadRequestError && error.param === "messages",
    );
  });

  test("RateLimitError", async () => {
    await assert.rejects(
      client.chat.completions.create({ model: "gpt-5", messages: [user("hi [mock:429 retry-after=30]")] }),
      (error) =>
        error instanceof OpenAI.RateLimitError && error.status === 429 && error.headers.get("retry-after") === "30",
    );
  });

  test("a failure in the middle of a stream", async () => {
    const text = "Tell me a long story about the sea [mock:cut after=3]";
    const stream = await client.chat.completions.create({ model: "gpt-5", messages: [user(text)], stream: true });
    const received = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) received.push(chunk);
      })(),
      (error) => error instanceof OpenAI.APIError && !(error instanceof OpenAI.APIConnectionError),
    );
    const partial = received.flatMap((c) => c.choices.map((choice) => choice.delta.content ?? "")).join("");
    assert.ok(partial.length > 0 && mock.textAnswer(text).startsWith(partial), partial);
    assert.ok(received.every((c) => c.choices.every((choice) => choice.finish_reason == null)));
  });
});
