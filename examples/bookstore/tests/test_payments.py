import json
from unittest.mock import MagicMock, patch
from urllib.error import URLError

import pytest

from bookstore import payments
from bookstore.payments import PaymentError, charge

PROVIDER = "https://payments.example.test/v1/charges"


def provider_reply(body):
    reply = MagicMock()
    reply.read.return_value = json.dumps(body).encode()
    reply.__enter__.return_value = reply
    return reply


@patch("bookstore.payments.urlopen")
def test_charge_is_approved(urlopen):
    urlopen.return_value = provider_reply({"status": "approved", "id": "ch_1"})
    result = charge(2598, "order-1", PROVIDER)
    assert result["id"] == "ch_1"


@patch("bookstore.payments.urlopen")
def test_charge_calls_the_provider(urlopen):
    urlopen.return_value = provider_reply({"status": "approved", "id": "ch_2"})
    charge(999, "order-2", PROVIDER)
    assert urlopen.called


def test_declined_charge_raises():
    with patch.object(payments, "urlopen", return_value=provider_reply({"status": "declined"})):
        with pytest.raises(PaymentError):
            charge(999, "order-3", PROVIDER)


def test_charge_returns_the_provider_reply():
    with patch.object(payments, "urlopen") as urlopen:
        urlopen.return_value = provider_reply({"status": "approved", "id": "ch_4"})
        result = charge(1150, "order-4", PROVIDER)
    assert isinstance(result, dict)


def test_provider_down_raises_payment_error():
    with patch("bookstore.payments.urlopen", side_effect=URLError("connection refused")):
        with pytest.raises(PaymentError, match="unavailable"):
            charge(999, "order-5", PROVIDER)


def test_offline_mode_approves_locally():
    assert charge(999, "order-6", "") == {"status": "approved", "id": "local-order-6", "mode": "offline"}
