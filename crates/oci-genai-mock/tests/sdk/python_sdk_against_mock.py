#!/usr/bin/env python3
"""The `oci-genai-mock` binary against the official OCI Python SDK.

Starts the binary on a free port trusting one public key of the signer's test data (and not the
built-in test key), then drives it with the SDK's own clients and signer and parses every answer
into the SDK's own models:

* a GENERIC chat (Meta Llama) and a COHERE chat, not streamed;
* a streamed GENERIC chat (Meta Llama: its stream ends with `data: [DONE]` and the connection
  closes, which the SDK's event reader needs; Cohere streams stay open, as on OCI);
* an embedText call;
* the control plane's list_models, one page and all pages;
* requests signed with a key the mock does not trust (a 4096-bit test key, and the mock's own
  test-only key, which the binary trusts only with --trust-test-key): 401 ServiceError.

Usage: python_sdk_against_mock.py PATH_TO_oci-genai-mock_BINARY
"""

import hashlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading

import oci
from cryptography.hazmat.primitives import serialization

HERE = os.path.dirname(os.path.abspath(__file__))
CRATE = os.path.join(HERE, "..", "..")
SIGNER_DATA = os.path.join(CRATE, "..", "oci-signer", "tests", "data")
TRUSTED_KEY = os.path.join(SIGNER_DATA, "oci-test-key-2048.pkcs1.pem")
TRUSTED_PUBLIC_KEY = os.path.join(SIGNER_DATA, "oci-test-key-2048.pub.pem")
OTHER_KEY = os.path.join(SIGNER_DATA, "oci-test-key-4096.pkcs1.pem")
MOCK_TEST_ONLY_KEY = os.path.join(CRATE, "keys", "test-only-rsa-2048.pem")
TENANCY = "ocid1.tenancy.oc1..aaaaaaaatesttenancy"
USER = "ocid1.user.oc1..aaaaaaaatestuser"
COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaatestcompartment"
LLAMA = "meta.llama-3.3-70b-instruct"

inference = oci.generative_ai_inference.models
control = oci.generative_ai.models


def fingerprint(key_file):
    """OCI's key fingerprint: MD5 of the DER public key, hex pairs joined by ':'."""
    with open(key_file, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    digest = hashlib.md5(der).hexdigest()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def signer_for(key_file):
    return oci.signer.Signer(TENANCY, USER, fingerprint(key_file), key_file)


def clients(url, key_file):
    config = {"tenancy": TENANCY, "user": USER, "fingerprint": fingerprint(key_file),
              "key_file": key_file, "region": "us-chicago-1"}
    signer = signer_for(key_file)
    options = dict(service_endpoint=url, signer=signer, retry_strategy=oci.retry.NoneRetryStrategy())
    return (oci.generative_ai_inference.GenerativeAiInferenceClient(config, **options),
            oci.generative_ai.GenerativeAiClient(config, **options))


def start_mock(binary):
    process = subprocess.Popen(
        [binary, "--listen", "127.0.0.1:0", "--public-key", TRUSTED_PUBLIC_KEY],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: lines.put(process.stdout.readline()), daemon=True).start()
    try:
        line = lines.get(timeout=30)
    except queue.Empty:
        process.kill()
        sys.exit("the mock printed no address within 30 s")
    prefix = "oci-genai-mock listening on "
    if not line.startswith(prefix):
        process.kill()
        sys.exit("unexpected first line from the mock: %r; stderr: %s" % (line, process.stderr.read()))
    return process, line[len(prefix):].strip()


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def generic_chat(client):
    details = inference.ChatDetails(
        compartment_id=COMPARTMENT,
        serving_mode=inference.OnDemandServingMode(model_id=LLAMA),
        chat_request=inference.GenericChatRequest(
            messages=[inference.UserMessage(content=[inference.TextContent(text="Is it raining in Paris?")])],
            max_tokens=100))
    response = client.chat(details)
    check(response.status == 200, "GENERIC chat status %s" % response.status)
    check(response.request_id, "no opc-request-id")
    result = response.data
    check(isinstance(result, inference.ChatResult), type(result))
    check(result.model_id == LLAMA, result.model_id)
    answer = result.chat_response
    check(isinstance(answer, inference.GenericChatResponse), type(answer))
    choice = answer.choices[0]
    check(isinstance(choice.message, inference.AssistantMessage), type(choice.message))
    text = choice.message.content[0].text
    check(text == 'This is a mock answer to "Is it raining in Paris?".', text)
    check(choice.finish_reason == "stop", choice.finish_reason)
    check(isinstance(answer.time_created, object) and answer.time_created is not None, "no timeCreated")
    check(answer.usage.prompt_tokens == 5 and answer.usage.completion_tokens == 11
          and answer.usage.total_tokens == 16, answer.usage)


def cohere_chat(client):
    details = inference.ChatDetails(
        compartment_id=COMPARTMENT,
        serving_mode=inference.OnDemandServingMode(model_id="cohere.command-r-plus-08-2024"),
        chat_request=inference.CohereChatRequest(message="Say hello in one word.", max_tokens=20))
    answer = client.chat(details).data.chat_response
    check(isinstance(answer, inference.CohereChatResponse), type(answer))
    check(answer.text == 'This is a mock answer to "Say hello in one word.".', answer.text)
    check(answer.finish_reason == "COMPLETE", answer.finish_reason)
    check(isinstance(answer.chat_history[0], inference.CohereUserMessage), answer.chat_history)
    check(isinstance(answer.chat_history[1], inference.CohereChatBotMessage), answer.chat_history)
    check(answer.usage.prompt_tokens == 5 and answer.usage.total_tokens == 5 + 11, answer.usage)


def streamed_chat(client):
    details = inference.ChatDetails(
        compartment_id=COMPARTMENT,
        serving_mode=inference.OnDemandServingMode(model_id=LLAMA),
        chat_request=inference.GenericChatRequest(
            messages=[inference.UserMessage(content=[inference.TextContent(text="Stream it")])],
            is_stream=True,
            stream_options=inference.StreamOptions(is_include_usage=True)))
    response = client.chat(details)
    check(response.headers["content-type"] == "text/event-stream", response.headers["content-type"])
    data = [event.data for event in response.data.events()]
    check(data[-1] == "[DONE]", data[-3:])
    events = [json.loads(item) for item in data[:-1]]
    text = "".join(part.get("text", "")
                   for event in events
                   for part in (event.get("message") or {}).get("content") or [])
    check(text == 'This is a mock answer to "Stream it".', text)
    finish = events[-2]
    check(finish["finishReason"] == "stop" and "pad" in finish, finish)
    check(events[-1] == {"usage": {"promptTokens": 2, "completionTokens": 8, "totalTokens": 10}}, events[-1])


def embed(client):
    details = inference.EmbedTextDetails(
        inputs=["hello world", "second input"],
        serving_mode=inference.OnDemandServingMode(model_id="cohere.embed-english-v3.0"),
        compartment_id=COMPARTMENT,
        embedding_types=["float", "int8"],
        input_type="SEARCH_DOCUMENT")
    result = client.embed_text(details).data
    check(isinstance(result, inference.EmbedTextResult), type(result))
    check(len(result.embeddings) == 2 and all(len(vector) == 1024 for vector in result.embeddings),
          [len(vector) for vector in result.embeddings])
    check(set(result.embeddings_by_type) == {"float", "int8"}, result.embeddings_by_type.keys())
    check(result.model_id == "cohere.embed-english-v3.0", result.model_id)
    check(result.usage.prompt_tokens == 4, result.usage)


def list_models(control_client):
    page = control_client.list_models(compartment_id=COMPARTMENT, capability=["CHAT"], limit=5)
    collection = page.data
    check(isinstance(collection, control.ModelCollection), type(collection))
    check(len(collection.items) == 5, len(collection.items))
    check(all(isinstance(item, control.ModelSummary) for item in collection.items), collection.items)
    check(all("CHAT" in item.capabilities for item in collection.items), collection.items)
    check(page.has_next_page and page.next_page, "no opc-next-page on a partial page")
    everything = oci.pagination.list_call_get_all_results(
        control_client.list_models, compartment_id=COMPARTMENT, limit=7).data
    names = [item.display_name for item in everything]
    check(len(names) == len(set(names)), "a model listed twice")
    for name in ["openai.gpt-4.1", "openai.gpt-oss-120b", LLAMA, "cohere.embed-v4.0"]:
        check(name in names, "%s missing from the list" % name)
    embeddings = control_client.list_models(
        compartment_id=COMPARTMENT, capability=["TEXT_EMBEDDINGS"], vendor="cohere").data.items
    check(embeddings and all(item.vendor == "cohere" for item in embeddings), embeddings)


def untrusted(url, key_file):
    client, _ = clients(url, key_file)
    details = inference.ChatDetails(
        compartment_id=COMPARTMENT,
        serving_mode=inference.OnDemandServingMode(model_id=LLAMA),
        chat_request=inference.GenericChatRequest(
            messages=[inference.UserMessage(content=[inference.TextContent(text="hi")])]))
    try:
        client.chat(details)
    except oci.exceptions.ServiceError as error:
        check(error.status == 401, error.status)
        check(error.code == "NotAuthenticated", error.code)
        check(error.request_id, "no opc-request-id on the 401")
        return
    raise AssertionError("a request signed with %s was accepted" % os.path.basename(key_file))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    process, url = start_mock(sys.argv[1])
    try:
        inference_client, control_client = clients(url, TRUSTED_KEY)
        checks = [
            ("GENERIC chat", lambda: generic_chat(inference_client)),
            ("COHERE chat", lambda: cohere_chat(inference_client)),
            ("streamed GENERIC chat", lambda: streamed_chat(inference_client)),
            ("embedText", lambda: embed(inference_client)),
            ("list_models", lambda: list_models(control_client)),
            ("401 for another key", lambda: untrusted(url, OTHER_KEY)),
            ("401 for the test-only key without --trust-test-key", lambda: untrusted(url, MOCK_TEST_ONLY_KEY)),
        ]
        for name, run in checks:
            run()
            print("ok   %s" % name)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            raise AssertionError("the mock did not stop on SIGTERM")
    if code != 0:
        raise AssertionError("the mock exited with %s: %s" % (code, process.stderr.read()))
    print("%d passed, 0 failed" % len(checks))


if __name__ == "__main__":
    main()
