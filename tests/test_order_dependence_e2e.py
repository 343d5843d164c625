"""MM4xx on a real order-dependent suite: pytest shows the dependence, flake8 names exactly the tests behind it.

``tests/fixtures/order_dependence`` is a small shop with two test files.  ``test_orders.py``
shares module-level state between its tests: it passes when it runs whole and in order; some
tests fail alone, more fail in reverse order.  The plugin must mark as MM402 exactly the tests
whose result changes with the order, as MM401/MM403 exactly the tests that leave state behind,
and nothing else.  ``test_shipping.py`` leaves a project setting changed (MM405): a later test
passes only because of it, and once the write is undone after its test, that later test fails
in every order: it was never testing what it claims.  ``test_mail.py`` has the writer outside the
tests: a recording mailer of the test module appends to a module-level list the tests read.
"""

from __future__ import annotations

import ast
import re
import shutil
import sys
from pathlib import Path

import pytest

from helpers import FIXTURES, flake8, run

pytestmark = pytest.mark.slow  # long end-to-end: the full suite only (make test), not make check

SUITE = FIXTURES / "order_dependence"
TEST_FILE = "tests/test_orders.py"
SHIPPING_FILE = "tests/test_shipping.py"
MAIL_FILE = "tests/test_mail.py"
_OUTCOME = re.compile(r"^\S+?::(\w+) (PASSED|FAILED)", re.MULTILINE)  # pytest -v: one line a test, in run order


def _test_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]


def _test_at(path: Path, line: int) -> str:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.lineno <= line <= (node.end_lineno or node.lineno):
            return node.name
    raise LookupError(line)


def _pytest(root: Path, *node_ids: str) -> dict[str, str]:
    """Run pytest in a subprocess; test name -> PASSED/FAILED, in the order the tests ran."""
    result = run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-v", *node_ids], cwd=root)
    outcomes = {m[1]: m[2] for m in _OUTCOME.finditer(result.stdout)}
    assert outcomes, result.stdout + result.stderr
    return outcomes


def _runs(suite: Path, test_file: str) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """A test file that passes whole and in order: (its tests, each run alone, all run in reverse order)."""
    names = _test_names(suite / test_file)
    ids = [f"{test_file}::{n}" for n in names]
    assert _pytest(suite, test_file) == {n: "PASSED" for n in names}
    alone = {n: _pytest(suite, i)[n] for n, i in zip(names, ids)}
    return names, alone, _pytest(suite, *reversed(ids))


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    root = tmp_path / "shop_project"
    shutil.copytree(SUITE, root)
    return root


def test_suite_passes_in_order_and_fails_alone_or_reversed_where_the_plugin_says(suite: Path):
    names = _test_names(suite / TEST_FILE)
    ids = [f"{TEST_FILE}::{n}" for n in names]

    in_order = _pytest(suite, TEST_FILE)
    assert in_order == {n: "PASSED" for n in names}

    alone = {n: _pytest(suite, i)[n] for n, i in zip(names, ids)}
    reversed_order = _pytest(suite, *reversed(ids))
    assert list(reversed_order) == list(reversed(names))  # pytest kept the order we gave
    fails_alone = {n for n, o in alone.items() if o == "FAILED"}
    fails_reversed = {n for n, o in reversed_order.items() if o == "FAILED"}
    assert fails_alone == {"test_add_pen", "test_basket_lists_both", "test_last_order_is_kept"}
    assert fails_reversed == fails_alone | {"test_add_book"}

    result = flake8("--select=MM", TEST_FILE, cwd=suite)
    by_code: dict[str, set[str]] = {}
    for _path, line, _col, code in result.findings:
        by_code.setdefault(code, set()).add(_test_at(suite / TEST_FILE, line))
    assert set(by_code) == {"MM401", "MM402", "MM403"}, result.stdout
    # the order-dependent tests: exactly those whose result changes when run alone or reversed
    assert by_code["MM402"] == fails_alone | fails_reversed
    # the tests that leave state behind for the others
    assert by_code["MM401"] == {"test_add_book", "test_add_pen"}
    assert by_code["MM403"] == {"test_place_order"}
    # the test that builds its own state passes everywhere and is not flagged
    independent = set(names) - set().union(*by_code.values())
    assert independent == {"test_total_of_a_fresh_basket"}
    assert alone["test_total_of_a_fresh_basket"] == reversed_order["test_total_of_a_fresh_basket"] == "PASSED"


def test_fixing_the_flagged_tests_removes_the_order_dependence(suite: Path):
    """Give each flagged test its own state: every order passes and the plugin is silent."""
    path = suite / TEST_FILE
    fixed = path.read_text(encoding="utf-8")
    fixed = fixed.replace('BASKET.append(("book", 10.0))\n    assert total(BASKET) == 12.0',
                          'basket = [("book", 10.0)]\n    assert total(basket) == 12.0')
    fixed = fixed.replace('BASKET.append(("pen", 2.0))\n    assert total(BASKET) == 14.4',
                          'basket = [("book", 10.0), ("pen", 2.0)]\n    assert total(basket) == 14.4')
    fixed = fixed.replace("assert [name for name, _price in BASKET]",
                          'assert [name for name, _price in [("book", 10.0), ("pen", 2.0)]]')
    fixed = fixed.replace("    global LAST_ORDER\n    LAST_ORDER = total", "    last_order = total")
    fixed = fixed.replace("assert LAST_ORDER == 12.0\n\n\ndef test_last",
                          "assert last_order == 12.0\n\n\ndef test_last")
    fixed = fixed.replace("assert LAST_ORDER == 12.0", 'assert total([("book", 10.0)]) == 12.0')
    assert fixed != path.read_text(encoding="utf-8")
    path.write_text(fixed, encoding="utf-8")

    names = _test_names(path)
    ids = [f"{TEST_FILE}::{n}" for n in names]
    assert _pytest(suite, *reversed(ids)) == {n: "PASSED" for n in names}
    assert {n: _pytest(suite, i)[n] for n, i in zip(names, ids)} == {n: "PASSED" for n in names}
    result = flake8("--select=MM", TEST_FILE, cwd=suite)
    assert result.stdout == "" and result.returncode == 0


def test_a_setting_left_changed_is_flagged_where_it_is_written(suite: Path):
    path = suite / SHIPPING_FILE
    _names, alone, reversed_order = _runs(suite, SHIPPING_FILE)
    assert {n for n, o in alone.items() if o == "FAILED"} == {"test_small_order_ships_free"}
    assert {n for n, o in reversed_order.items() if o == "FAILED"} == {"test_small_order_ships_free"}

    result = flake8("--select=MM", SHIPPING_FILE, cwd=suite)
    assert [(code, _test_at(path, line)) for _p, line, _c, code in result.findings] == [
        ("MM405", "test_threshold_can_be_lowered")]

    # the fix the message asks for: undo the write after the test
    text = path.read_text(encoding="utf-8")
    fixed = text.replace("def test_threshold_can_be_lowered():\n    settings.FREE_SHIPPING_OVER = 10.0",
                         "def test_threshold_can_be_lowered(monkeypatch):\n"
                         "    monkeypatch.setattr(settings, \"FREE_SHIPPING_OVER\", 10.0)")
    assert fixed != text
    path.write_text(fixed, encoding="utf-8")
    assert flake8("--select=MM", SHIPPING_FILE, cwd=suite).stdout == ""
    # now the suite tells the truth, in file order too: a 20.0 order does not ship free
    assert _pytest(suite, SHIPPING_FILE)["test_small_order_ships_free"] == "FAILED"


def test_a_writer_outside_the_tests_is_flagged_where_its_list_is_read(suite: Path):
    path = suite / MAIL_FILE
    names, alone, reversed_order = _runs(suite, MAIL_FILE)
    changes = {n for n in names if alone[n] == "FAILED" or reversed_order[n] == "FAILED"}
    assert changes == {"test_welcome_ann", "test_welcome_bob", "test_two_mails_so_far"}

    result = flake8("--select=MM", MAIL_FILE, cwd=suite)
    flagged = [(code, _test_at(path, line)) for _p, line, _c, code in result.findings]
    assert sorted(flagged) == sorted(("MM402", n) for n in changes), result.stdout
    assert "RecordingMailer.send (line 15)" in result.stdout

    # the fix: empty the list after each test; the plugin is silent and every test passes alone
    text = path.read_text(encoding="utf-8")
    fixed = text.replace("from shop.mail import register\n",
                         "import pytest\n\nfrom shop.mail import register\n") + (
        "\n\n@pytest.fixture(autouse=True)\ndef empty_outbox():\n    yield\n    SENT.clear()\n")
    fixed = fixed.replace('assert SENT == ["welcome ann@example.org", "welcome bob@example.org"]',
                          'assert SENT == ["welcome bob@example.org"]')
    fixed = fixed.replace("assert len(SENT) == 2", "assert SENT == []")
    path.write_text(fixed, encoding="utf-8")
    assert flake8("--select=MM", MAIL_FILE, cwd=suite).stdout == ""
    _names, alone, reversed_order = _runs(suite, MAIL_FILE)
    assert alone == reversed_order == {n: "PASSED" for n in names}
