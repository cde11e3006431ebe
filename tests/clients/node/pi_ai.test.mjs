// OpenClaw's LLM layer, @mariozechner/pi-ai, against the gateway on its mock backend: the
// provider block of docs/openclaw.md, read from that file, becomes pi-ai models the way OpenClaw
// builds them for `"api": "openai-completions"`, and each turn runs through pi-ai's own stream.
// Expectations come from the mock model's documented rules (mock_model.mjs) applied to the
// request pi-ai sent, never from what the gateway answered.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";

import { complete, StringEnum, stream, Type } from "@mariozechner/pi-ai";

import * as mock from "./mock_model.mjs";

const { authUrl, apiKey } = mock.gateways();

/** The first ```json block of docs/openclaw.md: the openclaw.json the document gives. */
function openclawConfig() {
  const doc = readFileSync(new URL("../../../docs/openclaw.md", import.meta.url), "utf8");
  const block = /```json\n([\s\S]*?)\n```/.exec(doc);
  assert.ok(block, "docs/openclaw.md has no ```json block");
  return JSON.parse(block[1]);
}

/**
 * pi-ai models for a `models.providers` block, as OpenClaw makes them: the provider's key,
 * `api` and `baseUrl` on each model of its list. Only the address and the key change, to the
 * gateway this run started (the document's are `127.0.0.1:8050` and a placeholder key).
 */
function providerModels(config) {
  const [[provider, block]] = Object.entries(config.models.providers);
  assert.equal(block.api, "openai-completions");
  assert.match(block.baseUrl, /^http:\/\/127\.0\.0\.1:8050\/v1$/);
  return block.models.map((model) => ({
    ...model,
    api: block.api,
    provider,
    baseUrl: authUrl,
  }));
}

const config = openclawConfig();
const models = providerModels(config);
const primary = config.agents.defaults.model.primary;
const modelById = (id) => {
  const model = models.find((m) => m.id === id);
  assert.ok(model, `${id} is not in the provider block of docs/openclaw.md`);
  return model;
};

const WEATHER_RESULT = "Sunny, 21 °C in Paris";
const tools = [
  {
    name: "get_weather",
    description: "Get the current weather for a city",
    parameters: Type.Object({
      city: StringEnum(["Paris", "London"], { description: "City name" }),
      unit: StringEnum(["celsius", "fahrenheit"]),
      days: Type.Optional(Type.Integer({ minimum: 1 })),
    }),
  },
];
// A minimal instance of that schema: required properties, first enum values.
const WEATHER_ARGUMENTS = { city: "Paris", unit: "celsius" };

/**
 * One turn through pi-ai's streaming API, with the options OpenClaw passes. Returns the
 * events, the final message and the request body pi-ai sent.
 */
async function turn(model, context, extra = {}) {
  let sent;
  const events = [];
  const s = stream(model, context, {
    apiKey,
    maxTokens: model.maxTokens,
    maxRetries: 0,
    onPayload: (params) => {
      sent = structuredClone(params);
    },
    ...extra,
  });
  for await (const event of s) events.push(event);
  const message = await s.result();
  return { events, message, sent };
}

function assertUsage(usage, input, output) {
  assert.deepEqual(
    { input: usage.input, output: usage.output, cacheRead: usage.cacheRead, totalTokens: usage.totalTokens },
    { input, output, cacheRead: 0, totalTokens: input + output },
  );
}

describe("docs/openclaw.md", () => {
  test("its provider block names the gateway's default alias first and complete models", () => {
    assert.equal(primary, `${models[0].provider}/${models[0].id}`);
    assert.equal(models[0].id, "gpt-5", "the primary model is the gateway's default alias");
    for (const model of models) {
      for (const field of ["id", "name", "input", "cost", "contextWindow", "maxTokens"]) {
        assert.ok(model[field] !== undefined, `${model.id} lacks ${field}`);
      }
      assert.equal(model.reasoning, false);
    }
  });
});

describe("a streamed text turn", () => {
  for (const id of models.map((m) => m.id)) {
    test(id, async () => {
      const model = modelById(id);
      const question = "Is it raining in Paris today?";
      const context = {
        systemPrompt: "You are a terse assistant.",
        messages: [{ role: "user", content: question, timestamp: Date.now() }],
      };
      const { events, message, sent } = await turn(model, context);

      // What pi-ai sent is what OpenClaw sends: a stream with usage, the model's token limit.
      assert.equal(sent.model, id);
      assert.equal(sent.stream, true);
      assert.deepEqual(sent.stream_options, { include_usage: true });
      assert.equal(sent.max_completion_tokens, model.maxTokens);

      const expected = mock.textAnswer(question);
      const deltas = events.filter((e) => e.type === "text_delta").map((e) => e.delta);
      assert.equal(deltas.join(""), expected);
      assert.equal(deltas.length, mock.words(expected), "one delta per token");
      assert.deepEqual(
        events.map((e) => e.type).filter((t) => t !== "text_delta"),
        ["start", "text_start", "text_end", "done"],
      );
      assert.equal(events.at(-1).reason, "stop");
      assert.equal(message.stopReason, "stop");
      assert.equal(message.errorMessage, undefined);
      assert.deepEqual(message.content, [{ type: "text", text: expected }]);
      assert.match(message.responseId, /^chatcmpl-/);
      assertUsage(message.usage, mock.promptTokens(sent.messages), mock.words(expected));
    });
  }
});

describe("a tool-call turn and the turn after the tool result", () => {
  for (const id of ["gpt-5", "meta.llama-3.3-70b-instruct"]) {
    test(id, async () => {
      const model = modelById(id);
      const question = "What's the weather in Paris? [mock:tool]";
      const context = {
        systemPrompt: "You are a weather bot. Use tools.",
        messages: [{ role: "user", content: question, timestamp: Date.now() }],
        tools,
      };
      const first = await turn(model, context);
      assert.equal(first.sent.tools.length, 1);
      assert.equal(first.sent.tools[0].function.name, "get_weather");

      const end = first.events.find((e) => e.type === "toolcall_end");
      assert.ok(end, "no toolcall_end event");
      assert.equal(first.events.at(-1).type, "done");
      assert.equal(first.events.at(-1).reason, "toolUse");
      assert.equal(first.message.stopReason, "toolUse");
      const calls = first.message.content.filter((c) => c.type === "toolCall");
      assert.equal(calls.length, 1);
      const [call] = calls;
      assert.ok(call.id, "the call has an id");
      assert.equal(call.name, "get_weather");
      assert.deepEqual(call.arguments, WEATHER_ARGUMENTS);
      assert.deepEqual(end.toolCall, call);
      assert.equal(first.message.content.filter((c) => c.type === "text" && c.text).length, 0);
      const sentArguments = JSON.stringify(call.arguments);
      assertUsage(first.message.usage, mock.promptTokens(first.sent.messages), mock.completionTokens("", [sentArguments]));

      // OpenClaw runs the tool and replays the turn with its result.
      context.messages.push(first.message, {
        role: "toolResult",
        toolCallId: call.id,
        toolName: call.name,
        content: [{ type: "text", text: WEATHER_RESULT }],
        isError: false,
        timestamp: Date.now(),
      });
      const second = await turn(model, context);
      const replayed = second.sent.messages.find((m) => m.role === "assistant");
      assert.equal(replayed.tool_calls[0].id, call.id);
      assert.deepEqual(second.sent.messages.at(-1), { role: "tool", content: WEATHER_RESULT, tool_call_id: call.id });

      const expected = mock.toolAnswer("get_weather", WEATHER_RESULT);
      assert.equal(second.message.stopReason, "stop");
      assert.deepEqual(second.message.content, [{ type: "text", text: expected }]);
      assertUsage(second.message.usage, mock.promptTokens(second.sent.messages), mock.words(expected));
    });
  }
});

describe("failures reach OpenClaw as pi-ai errors", () => {
  test("a wrong key", async () => {
    const message = await complete(
      modelById("gpt-5"),
      { messages: [{ role: "user", content: "hi", timestamp: Date.now() }] },
      { apiKey: "sk-wrong", maxRetries: 0 },
    );
    assert.equal(message.stopReason, "error");
    assert.match(message.errorMessage, /401/);
  });

  test("an unknown model", async () => {
    const model = { ...modelById("gpt-5"), id: "gpt-4.1" };
    const message = await complete(model, { messages: [{ role: "user", content: "hi", timestamp: Date.now() }] }, { apiKey, maxRetries: 0 });
    assert.equal(message.stopReason, "error");
    assert.match(message.errorMessage, /404/);
    assert.match(message.errorMessage, /gpt-4\.1/);
  });

  test("a failure in the middle of a stream", async () => {
    const question = "Tell me a long story about the sea [mock:cut after=3]";
    const { events, message } = await turn(modelById("gpt-5"), {
      messages: [{ role: "user", content: question, timestamp: Date.now() }],
    });
    assert.equal(events.at(-1).type, "error");
    assert.equal(message.stopReason, "error");
    assert.ok(message.errorMessage, "an error message");
    const partial = events.filter((e) => e.type === "text_delta").map((e) => e.delta).join("");
    assert.ok(partial.length > 0 && mock.textAnswer(question).startsWith(partial), partial);
  });
});
