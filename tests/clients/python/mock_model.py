"""What the mock model answers, computed from its documented rules (the `oci-genai-mock` crate
docs, "The mock model"), never from the gateway's output.

* A token is a word: a run of non-whitespace characters.
* A text turn answers `This is a mock answer to "<first 12 words of the last user message>".`
  (markers removed; more than 12 words end with " …").
* After tool results it answers `The <tool> tool returned <result>.`
* A tool call's arguments are a minimal valid instance of the tool's schema: required
  properties only, the first value of an enum.
* `prompt_tokens` counts the words of every message, plus, for each earlier tool call, one for
  its name and the words of its arguments; `completion_tokens` counts the words of the answer
  and, for each tool call, one for the name plus the words of its arguments.
"""

import re

MARKER = re.compile(r"\[mock:[^\]]*\]")


def words(text):
    """The mock's token count of `text`."""
    return len((text or "").split())


def text_answer(user_text):
    """The mock's answer to a text turn whose last user message is `user_text`."""
    kept = MARKER.sub(" ", user_text).split()
    if not kept:
        summary = "an empty message"
    elif len(kept) > 12:
        summary = " ".join(kept[:12]) + " …"
    else:
        summary = " ".join(kept)
    return 'This is a mock answer to "%s".' % summary


def tool_answer(name, result):
    """The mock's answer after one tool result."""
    return "The %s tool returned %s." % (name, result)


def _content_text(content):
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return " ".join(part.get("text", "") for part in content if part.get("type") == "text")


def prompt_tokens(messages):
    """The mock's prompt token count of OpenAI-shaped `messages` (dicts)."""
    total = 0
    for message in messages:
        total += words(_content_text(message.get("content")))
        for call in message.get("tool_calls") or []:
            total += 1 + words(call["function"]["arguments"])
    return total


def completion_tokens(text, tool_call_arguments=()):
    """The mock's completion token count of an answer: its text and each call's arguments."""
    return words(text) + sum(1 + words(arguments) for arguments in tool_call_arguments)
