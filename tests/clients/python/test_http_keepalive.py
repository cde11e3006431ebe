"""HTTP/1.1 keep-alive as the SDKs' connection pools use it.

httpx (under the `openai` Python SDK and LangChain) writes a request's headers and its body
separately and keeps the connection for the next request. A server that answers before it
has read the body and then closes the connection must say so with `Connection: close`
(RFC 9112, section 9.6); otherwise the client sends its next request on a dead connection and
gets "Server disconnected without sending a response" (`openai.APIConnectionError`) instead
of an answer. The exchange is written out byte by byte here so the timing is deterministic.
"""

import socket
import time
from urllib.parse import urlsplit


BODY = b'{"model": "gpt-5", "messages": [{"role": "user", "content": "hi"}]}'


def read_response(conn):
    """One whole response (head and content-length body): its lowercase head, or None when
    the connection was closed first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    head = head.decode("latin-1").lower()
    length = next((int(line.split(":", 1)[1]) for line in head.split("\r\n")
                   if line.startswith("content-length:")), 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        assert chunk, "the connection closed in the middle of a response"
        body += chunk
    return head


def exchange(url, path, authorization):
    """Sends the headers of a POST, reads the answer given before the body, then sends the body
    and a second request on the same connection. Returns the first answer's head, whether it
    lets the connection stay open, and the second answer's status line (None when the
    connection was closed instead)."""
    address = urlsplit(url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as conn:
        conn.sendall(b"POST %s HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer %s\r\n"
                     b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                     % (path.encode(), authorization.encode(), len(BODY)))
        head = read_response(conn)
        assert head is not None, "the gateway closed the connection without an answer"
        keeps_open = "connection: close" not in head
        # The body comes well after the answer, as over a slow link or from a busy client,
        # so the gateway has settled what it does with the connection by then.
        time.sleep(0.3)
        try:
            conn.sendall(BODY)
            time.sleep(0.1)
            conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n")
            second = read_response(conn)
        except (BrokenPipeError, ConnectionResetError):
            second = None
    return head, keeps_open, second and second.split("\r\n")[0]


def test_a_rejected_key_keeps_the_connection_or_says_it_closes(auth_gateway_url):
    head, keeps_open, second = exchange(auth_gateway_url, "/v1/chat/completions", "sk-wrong")
    assert head.startswith("http/1.1 401")
    assert not keeps_open or second == "http/1.1 200 ok", (
        "the answer had no `Connection: close`, then the connection was closed "
        "(the next request got %r)" % second)


def test_an_unknown_path_keeps_the_connection_or_says_it_closes(gateway_url):
    head, keeps_open, second = exchange(gateway_url, "/v1/responses", "sk-unused")
    assert head.startswith("http/1.1 404")
    assert not keeps_open or second == "http/1.1 200 ok", (
        "the answer had no `Connection: close`, then the connection was closed "
        "(the next request got %r)" % second)


def test_an_accepted_request_keeps_the_connection(auth_gateway_url, api_key):
    # The same exchange with the right key: the gateway waits for the body, answers, and the
    # connection serves the next request.
    address = urlsplit(auth_gateway_url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as conn:
        conn.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\n"
                     b"Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n" % (api_key.encode(), len(BODY)))
        time.sleep(0.1)
        conn.sendall(BODY)
        first = read_response(conn)
        assert first is not None and first.startswith("http/1.1 200 ok")
        assert "connection: close" not in first
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n")
        second = read_response(conn)
        assert second is not None and second.startswith("http/1.1 200 ok")
