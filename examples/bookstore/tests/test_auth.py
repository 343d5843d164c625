from unittest.mock import patch

import pytest

from bookstore import auth
from bookstore.auth import AuthError, authenticate, issue_token, verify_token

NOW = 1_700_000_000


def test_auth(mock_request):
    mock_request.headers = {"http-authorization": "Bearer xxx"}
    result = authenticate(mock_request)
    assert result.user


def test_authenticate_with_valid_token(mock_request):
    mock_request.headers = {"Authorization": "Bearer abc.def"}
    with patch.object(auth, "verify_token", return_value={"sub": "alice", "exp": NOW}) as verify:
        identity = authenticate(mock_request, secret="s3cret")
    assert verify.called
    assert identity is not None


def test_token_round_trip():
    token = issue_token("alice", "s3cret", ttl=60, now=NOW)
    assert verify_token(token, "s3cret", now=NOW + 30) == {"sub": "alice", "exp": NOW + 60}


def test_token_signed_with_another_secret_is_rejected():
    token = issue_token("alice", "s3cret", now=NOW)
    with pytest.raises(AuthError, match="signature"):
        verify_token(token, "not-the-secret", now=NOW)
