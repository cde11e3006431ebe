#!/usr/bin/env python3
"""The `sign_request` example against the official OCI Python SDK.

For each case, the example signs a request from an OCI config file and the SDK signs the same
request (same key, same date, same body); every header the SDK signs must come out of the
example with the same value, `authorization` included, byte for byte.

Usage: compare_with_sdk.py PATH_TO_sign_request_BINARY   (scripts/test runs it)
"""

import os
import subprocess
import sys
import tempfile

import oci
from oci._vendor import requests

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "crates", "oci-signer", "tests", "data")
TENANCY = "ocid1.tenancy.oc1..aaaaaaaatesttenancy"
USER = "ocid1.user.oc1..aaaaaaaatestuser"
FINGERPRINT = "b9:0d:45:33:f8:6e:53:c6:6f:12:43:62:b1:ee:2d:86"
DATE = "Tue, 24 Nov 2026 10:11:12 GMT"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl"
CHAT = "https://inference.generativeai.us-chicago-1.oci.oraclecloud.com/20231130/actions/chat"

CASES = [
    # name, profile, method, url, body, extra headers
    ("get-with-query", "API", "GET", "https://generativeai.us-chicago-1.oci.oraclecloud.com/20231130/models?compartmentId=ocid1.compartment.oc1..x&capability=CHAT&limit=100", None, {}),
    ("chat-post", "API", "POST", CHAT, b'{"compartmentId":"ocid1.compartment.oc1..x","chatRequest":{"apiFormat":"GENERIC","messages":[]}}', {"content-type": "application/json"}),
    ("chat-post-utf8", "API", "POST", CHAT, '{"text":"h\u00e9llo \u2603 \U0001F600"}'.encode(), {"content-type": "application/json"}),
    ("post-empty-body", "API", "POST", "https://iaas.us-ashburn-1.oraclecloud.com/20160918/instances/ocid1.instance.oc1.iad.x/actions/reset", None, {}),
    ("put-text", "API", "PUT", "https://iaas.us-ashburn-1.oraclecloud.com/20160918/vcns/x", b"plain text", {"content-type": "text/plain"}),
    ("patch", "API", "PATCH", "https://identity.us-ashburn-1.oci.oraclecloud.com/20160918/users/x", b'{"description":"d"}', {}),
    ("delete", "API", "DELETE", "https://iaas.us-ashburn-1.oraclecloud.com/20160918/vcns/x", None, {}),
    ("head", "API", "HEAD", "https://objectstorage.us-ashburn-1.oraclecloud.com/n/ns/b/b/o/obj", None, {}),
    ("host-with-port", "API", "GET", "http://127.0.0.1:8080/20231130/models?compartmentId=x", None, {}),
    ("unsigned-extra-header", "API", "POST", CHAT, b"{}", {"opc-request-id": "ABCDEF0123456789", "content-type": "application/json"}),
    ("encrypted-key", "ENCRYPTED", "POST", CHAT, b'{"a":1}', {}),
    ("session-token", "SESSION", "POST", CHAT, b'{"a":1}', {"content-type": "application/json"}),
    ("session-token-get", "SESSION", "GET", "https://generativeai.us-chicago-1.oci.oraclecloud.com/20231130/models?compartmentId=x", None, {}),
]


def sdk_headers(profile, method, url, body, headers):
    key_path = os.path.join(DATA, "oci-test-key-2048.pkcs1.pem")
    if profile == "SESSION":
        signer = oci.auth.signers.SecurityTokenSigner(TOKEN, oci.signer.load_private_key_from_file(key_path))
    elif profile == "ENCRYPTED":
        signer = oci.signer.Signer(TENANCY, USER, FINGERPRINT,
                                   os.path.join(DATA, "oci-test-key-2048.pkcs8-encrypted.pem"),
                                   pass_phrase="test-passphrase")
    else:
        signer = oci.signer.Signer(TENANCY, USER, FINGERPRINT, key_path)
    prepared = requests.Request(method, url, headers=dict(headers, date=DATE), data=body).prepare()
    signer(prepared)
    final = {k.lower(): v for k, v in prepared.headers.items()}
    auth = final["authorization"]
    signed = auth.split('headers="', 1)[1].split('"', 1)[0].split(" ")
    return {name: final[name] for name in signed if name != "(request-target)"} | {"authorization": auth}


def ours(binary, config, profile, method, url, body, headers):
    args = [binary, "--config", config, "--profile", profile, "--method", method, "--url", url, "--date", DATE]
    body_file = None
    if body is not None:
        body_file = tempfile.NamedTemporaryFile(delete=False)
        body_file.write(body)
        body_file.close()
        args += ["--body-file", body_file.name]
    for name, value in headers.items():
        args += ["--header", "%s: %s" % (name, value)]
    try:
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    finally:
        if body_file:
            os.unlink(body_file.name)
    result = {}
    for line in out.splitlines():
        name, value = line.split(": ", 1)
        assert name == name.lower(), line
        result[name] = value
    return result, [line.split(": ", 1)[0] for line in out.splitlines()]


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        token = os.path.join(tmp, "token")
        with open(token, "w") as f:
            f.write(TOKEN + "\n")
        config = os.path.join(tmp, "config")
        with open(config, "w") as f:
            f.write("[DEFAULT]\ntenancy=%s\nfingerprint=%s\n\n" % (TENANCY, FINGERPRINT))
            f.write("[API]\nuser=%s\nkey_file=%s\n\n" % (USER, os.path.join(DATA, "oci-test-key-2048.pkcs1.pem")))
            f.write("[ENCRYPTED]\nuser=%s\nkey_file=%s\npass_phrase=test-passphrase\n\n"
                    % (USER, os.path.join(DATA, "oci-test-key-2048.pkcs8-encrypted.pem")))
            f.write("[SESSION]\nkey_file=%s\nsecurity_token_file=%s\n"
                    % (os.path.join(DATA, "oci-test-key-2048.pkcs1.pem"), token))
        failures = 0
        for name, profile, method, url, body, headers in CASES:
            expected = sdk_headers(profile, method, url, body, headers)
            got, order = ours(binary, config, profile, method, url, body, headers)
            wrong = {k: (v, got.get(k)) for k, v in expected.items() if got.get(k) != v}
            signed_order = [h for h in order if h in expected]
            if wrong or order[: len(expected)] != signed_order:
                failures += 1
                print("FAIL %s: %r" % (name, wrong or order))
            else:
                print("ok   %s (%d signed headers)" % (name, len(expected) - 1))
        if failures:
            sys.exit("%d case(s) differ from the OCI Python SDK" % failures)


if __name__ == "__main__":
    main()
