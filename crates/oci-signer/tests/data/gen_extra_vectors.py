#!/usr/bin/env python3
"""Extra signing vectors made with the official OCI Python SDK, for cases the shared
vectors (oci-signing-vectors.json, made by gen_vectors.py) do not cover:

* a 4096-bit key (the largest ring can sign with), GET and a 4 KiB GenAI chat POST;
* more key encodings of the 2048-bit test key (PBES2 with 3DES and with HMAC-SHA1, legacy
  OpenSSL AES-192/AES-256), each loaded by the SDK and checked to be the same key (the SDK
  cannot read the legacy AES-192 file; the JSON records that).

Run with the pinned SDK (scripts/test installs it into .tools/venv):

    .tools/venv/bin/python crates/oci-signer/tests/data/gen_extra_vectors.py

It writes oci-signing-extra-vectors.json next to itself, byte for byte the same on every run
(the PEM files are fixed inputs; RSASSA-PKCS1-v1_5 is deterministic).
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import gen_vectors as g  # noqa: E402  (reuses its instrumentation and checks)
import oci  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402

OUT_JSON = os.path.join(HERE, "oci-signing-extra-vectors.json")
TENANCY = "ocid1.tenancy.oc1..aaaaaaaatesttenancy"
USER = "ocid1.user.oc1..aaaaaaaatestuser"
CHAT_URL = "https://inference.generativeai.us-chicago-1.oci.oraclecloud.com/20231130/actions/chat"


def chat_body_4k():
    # A GENERIC chat request padded with a long user message to 4096 bytes exactly.
    head = ('{"compartmentId":"ocid1.compartment.oc1..aaaaaaaatestcompartment",'
            '"servingMode":{"servingType":"ON_DEMAND","modelId":"meta.llama-3.3-70b-instruct"},'
            '"chatRequest":{"apiFormat":"GENERIC","messages":[{"role":"USER","content":'
            '[{"type":"TEXT","text":"')
    tail = '"}]}],"maxTokens":512,"isStream":true}}'
    filler = "lorem ipsum " * 400
    return head + filler[: 4096 - len(head) - len(tail)] + tail


def main():
    assert oci.__version__ == g.SDK_VERSION_EXPECTED, oci.__version__
    key_4096_file = "oci-test-key-4096.pkcs1.pem"
    key_2048_file = "oci-test-key-2048.pkcs1.pem"
    key_4096 = oci.signer.load_private_key_from_file(g.p(key_4096_file))
    key_2048 = oci.signer.load_private_key_from_file(g.p(key_2048_file))
    fp_4096 = g.md5_fingerprint(key_4096.public_key())
    fp_2048 = g.md5_fingerprint(key_2048.public_key())
    signer_4096 = oci.signer.Signer(TENANCY, USER, fp_4096, g.p(key_4096_file))
    signer_2048 = oci.signer.Signer(TENANCY, USER, fp_2048, g.p(key_2048_file))

    date = {"date": g.FIXED_DATE}
    body = chat_body_4k()
    assert len(body.encode()) == 4096
    vectors = [
        g.record("rsa-4096-get", "GET signed with a 4096-bit key (684-character signature).",
                 signer_4096, key_4096, key_4096_file,
                 g.prep("GET", "https://iaas.us-ashburn-1.oraclecloud.com/20160918/instances?limit=1", dict(date)),
                 headers_in=dict(date)),
        g.record("rsa-4096-genai-chat-post-4k", "4096-byte GenAI chat body signed with a 4096-bit key.",
                 signer_4096, key_4096, key_4096_file,
                 g.prep("POST", CHAT_URL, dict(date, **{"content-type": "application/json"}), body=body),
                 headers_in=dict(date, **{"content-type": "application/json"})),
    ]

    encodings = {}
    for name in ["oci-test-key-2048.pkcs8-encrypted-des3-sha1.pem",
                 "oci-test-key-2048.pkcs8-encrypted-aes128-sha1.pem",
                 "oci-test-key-2048.pkcs1-encrypted-aes192.pem",
                 "oci-test-key-2048.pkcs1-encrypted-aes256.pem"]:
        with open(g.p(name)) as f:
            first = f.readline().strip()
        entry = {"pem_first_line": first, "pass_phrase": g.PASSPHRASE}
        try:
            key = oci.signer.load_private_key_from_file(g.p(name), g.PASSPHRASE)
        except oci.exceptions.InvalidPrivateKey as error:
            # The SDK's `cryptography` backend has no legacy AES-192 PEM decryption, although
            # OpenSSL writes such files (`openssl rsa -aes192 -traditional`).
            entry.update({"loads_in_python_sdk": False, "python_sdk_error": str(error)})
        else:
            assert key.private_numbers() == key_2048.private_numbers(), name
            entry.update({"loads_in_python_sdk": True, "same_key_as": key_2048_file,
                          "md5_fingerprint": g.md5_fingerprint(key.public_key())})
        encodings[name] = entry

    doc = {
        "generator": "gen_extra_vectors.py",
        "sdk": "oci (Python) %s" % oci.__version__,
        "keys": {key_4096_file: {"bits": key_4096.key_size, "md5_fingerprint": fp_4096},
                 "more_encodings_of_the_2048_bit_key": encodings},
        "vectors": vectors,
    }
    with open(OUT_JSON, "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("wrote %d vectors to %s" % (len(vectors), OUT_JSON))


if __name__ == "__main__":
    main()
