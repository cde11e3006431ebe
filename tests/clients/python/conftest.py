"""Shared setup of the Python client suites.

`tests/clients/run` starts two gateways on the mock backend and passes them here:

* `CLIENTS_GATEWAY_URL`: a gateway without client authentication;
* `CLIENTS_AUTH_GATEWAY_URL` and `CLIENTS_API_KEY`: a gateway started with `--api-key`.

Run the suites through that runner; without these variables every test fails at once.
"""

import os

import openai
import pytest


def _required(name):
    value = os.environ.get(name)
    if not value:
        raise pytest.UsageError(
            "%s is not set: run the client suites with tests/clients/run, which starts the "
            "gateways they talk to" % name)
    return value


@pytest.fixture(scope="session")
def gateway_url():
    return _required("CLIENTS_GATEWAY_URL")


@pytest.fixture(scope="session")
def auth_gateway_url():
    return _required("CLIENTS_AUTH_GATEWAY_URL")


@pytest.fixture(scope="session")
def api_key():
    return _required("CLIENTS_API_KEY")


@pytest.fixture(scope="session")
def client(gateway_url):
    """The official SDK at the gateway, with its own retries off so they hide nothing."""
    with openai.OpenAI(base_url=gateway_url, api_key="sk-unused", max_retries=0, timeout=30) as c:
        yield c
