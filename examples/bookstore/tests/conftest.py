from unittest.mock import MagicMock

import pytest

from bookstore.db import Store


@pytest.fixture
def mock_request():
    return MagicMock()


@pytest.fixture
def store():
    store = Store(":memory:")
    store.init_schema()
    yield store
    store.close()
