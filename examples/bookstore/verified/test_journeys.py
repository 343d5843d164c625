"""End-to-end journeys through the real HTTP stack of a running server (the `server` fixture)."""

import urllib.request

from conftest import call


def login(server, user="alice", password="wonderland"):
    return call("POST", f"{server}/login", {"username": user, "password": password})


def test_wrong_password_is_refused(server):
    assert login(server, password="nope") == (401, {"error": "wrong username or password"})


def test_order_with_the_real_authorization_header(server):
    _, body = login(server)
    before = {b["id"]: b["stock"] for b in call("GET", f"{server}/books")[1]["books"]}
    status, order = call("POST", f"{server}/orders", {"book_id": 2, "quantity": 1},
                         headers={"Authorization": f"Bearer {body['token']}"})
    assert status == 201
    after = {b["id"]: b["stock"] for b in call("GET", f"{server}/books")[1]["books"]}
    assert after[2] == before[2] - 1


def test_the_header_the_mocked_test_used_is_refused(server):
    _, body = login(server)
    request = urllib.request.Request(f"{server}/orders", data=b'{"book_id": 1}', method="POST",
                                     headers={"http-authorization": f"Bearer {body['token']}"})
    try:
        urllib.request.urlopen(request, timeout=5)
        raise AssertionError("the server accepted a request without an Authorization header")
    except urllib.error.HTTPError as error:
        assert error.code == 401
