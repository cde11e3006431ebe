"""Check the JSON fixtures against the official OCI Python SDK models.

Each request/response fixture is read with the SDK's own deserializer and
written back with its serializer; any field the SDK does not know (a misspelt
name) is dropped on the way and shows up as a difference.

    python3 -m venv /tmp/ocivenv && /tmp/ocivenv/bin/pip install oci==2.189.0
    /tmp/ocivenv/bin/python sdk_roundtrip.py          # from this directory

Nothing is sent anywhere: the clients are built only for their (de)serializers.
Expected differences that are not reported:
* datetimes come back re-formatted (".123Z" -> ".123000Z"): instants are compared;
* `null` and absent fields are the same;
* SDK 2.189.0 reads content parts of type AUDIO, VIDEO and DOCUMENT back as
  "UNKNOWN_ENUM_VALUE" (its `ChatContent.type` setter allows only TEXT and
  IMAGE) although it writes them correctly; that tag is restored before comparing.
"""

import datetime
import difflib
import json
import os
import re
import sys

import oci
from oci.generative_ai import GenerativeAiClient
from oci.generative_ai_inference import GenerativeAiInferenceClient

HERE = os.path.dirname(os.path.abspath(__file__))
TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
URL_FIELD_TYPE = {"audioUrl": "AUDIO", "videoUrl": "VIDEO", "documentUrl": "DOCUMENT"}

CASES = [
    ("oci-examples/generic-chat-request.json", "ChatDetails"),
    ("oci-examples/generic-chat-result.json", "ChatResult"),
    ("requests/generic-reasoning-dedicated.json", "ChatDetails"),
    ("requests/generic-multimodal.json", "ChatDetails"),
    ("requests/cohere-v1.json", "ChatDetails"),
    ("requests/cohere-v2.json", "ChatDetails"),
    ("requests/embed-text.json", "EmbedTextDetails"),
    ("requests/embed-contents.json", "EmbedTextDetails"),
    ("responses/generic-tool-call.json", "ChatResult"),
    ("responses/generic-reasoning-no-message.json", "ChatResult"),
    ("responses/generic-gemini-grounded.json", "ChatResult"),
    ("responses/cohere-v1-tool-call.json", "ChatResult"),
    ("responses/cohere-v1-rag.json", "ChatResult"),
    ("responses/cohere-v2.json", "ChatResult"),
    ("responses/embed-text.json", "EmbedTextResult"),
    ("models/models-page.json", "ModelCollection"),
]


def normalise(value):
    if isinstance(value, str) and TS.match(value):
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    if isinstance(value, dict):
        out = {k: normalise(v) for k, v in value.items() if v is not None}
        if out.get("type") == "UNKNOWN_ENUM_VALUE":
            for field, tag in URL_FIELD_TYPE.items():
                if field in out:
                    out["type"] = tag
        return out
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return value


def main():
    # A signer type that needs no config; it is never called.
    no_signer = type("NoSigner", (oci.auth.signers.SecurityTokenSigner,), {"__init__": lambda self: None})()
    config = {"region": "us-chicago-1"}
    inference = GenerativeAiInferenceClient(config=config, signer=no_signer).base_client
    control = GenerativeAiClient(config=config, signer=no_signer).base_client
    good = True
    for path, klass in CASES:
        client = control if klass == "ModelCollection" else inference
        with open(os.path.join(HERE, path), encoding="utf-8") as f:
            data = json.load(f)
        parsed = client.deserialize_response_data(json.dumps(data).encode(), klass)
        back = client.sanitize_for_serialization(parsed)
        a = json.dumps(normalise(data), sort_keys=True, indent=1, ensure_ascii=False)
        b = json.dumps(normalise(back), sort_keys=True, indent=1, ensure_ascii=False)
        print("ok  " if a == b else "DIFF", path, "as", klass)
        if a != b:
            good = False
            for line in difflib.unified_diff(a.splitlines(), b.splitlines(), "fixture", "sdk", lineterm=""):
                print("   ", line)
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
