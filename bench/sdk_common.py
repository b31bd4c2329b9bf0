"""Shared set-up for the benchmark's ionoscloud scripts: a client on the URL given as the first
argument, and the SDK's own wait_for_completion after each mutation (its defaults)."""

import sys

import ionoscloud as ic

URL = sys.argv[1]
client = ic.ApiClient(ic.Configuration(host=URL, username="bench@example.com", password="bench"))


def created(result):
    """Waits for a mutation answered (body, status, headers) and returns its body."""
    body, status, headers = result
    assert status == 202, status
    request_id = headers["Location"].split("/requests/")[1].split("/")[0]
    client.wait_for_completion(request_id)
    return body
