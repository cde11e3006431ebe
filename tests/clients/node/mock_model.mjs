// What the mock model answers, computed from its documented rules (the `oci-genai-mock` crate
// docs, "The mock model"), never from the gateway's output. The Python twin is
// tests/clients/python/mock_model.py.
//
// A token is a word (a run of non-whitespace characters). A text turn answers
// `This is a mock answer to "<first 12 words of the last user message>".` (markers removed;
// more than 12 words end with " …"); after tool results it answers
// `The <tool> tool returned <result>.`; a tool call's arguments are a minimal instance of the
// tool's schema (required properties, first enum values). Prompt tokens count the words of
// every message plus, per earlier tool call, one for the name and the words of its arguments;
// completion tokens count the answer's words plus the same for each call it makes.

const MARKER = /\[mock:[^\]]*\]/g;

/** The mock's token count of `text`. */
export function words(text) {
  return (text ?? "").split(/\s+/).filter(Boolean).length;
}

/** The mock's answer to a text turn whose last user message is `userText`. */
export function textAnswer(userText) {
  const kept = userText.replace(MARKER, " ").split(/\s+/).filter(Boolean);
  let summary;
  if (kept.length === 0) summary = "an empty message";
  else if (kept.length > 12) summary = `${kept.slice(0, 12).join(" ")} …`;
  else summary = kept.join(" ");
  return `This is a mock answer to "${summary}".`;
}

/** The mock's answer after one tool result. */
export function toolAnswer(name, result) {
  return `The ${name} tool returned ${result}.`;
}

function contentText(content) {
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content.filter((part) => part.type === "text").map((part) => part.text).join(" ");
}

/** The mock's prompt token count of OpenAI-shaped `messages`. */
export function promptTokens(messages) {
  let total = 0;
  for (const message of messages) {
    total += words(contentText(message.content));
    for (const call of message.tool_calls ?? []) total += 1 + words(call.function.arguments);
  }
  return total;
}

/** The mock's completion token count of an answer: its text and each call's arguments. */
export function completionTokens(text, toolCallArguments = []) {
  return words(text) + toolCallArguments.reduce((sum, args) => sum + 1 + words(args), 0);
}

/** The gateways `tests/clients/run` started; every test fails at once without them. */
export function gateways() {
  const get = (name) => {
    const value = process.env[name];
    if (!value) {
      throw new Error(`${name} is not set: run the client suites with tests/clients/run`);
    }
    return value;
  };
  return {
    url: get("CLIENTS_GATEWAY_URL"),
    authUrl: get("CLIENTS_AUTH_GATEWAY_URL"),
    apiKey: get("CLIENTS_API_KEY"),
  };
}
