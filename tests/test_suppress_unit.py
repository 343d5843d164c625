"""suppress.py decides as flake8 decides: its select/ignore engine and its ``# noqa`` reading against flake8's own
(imported here as the reference; the package itself does not use flake8's internals), over generated settings.
The end-to-end comparison of whole runs is tests/test_check_e2e.py."""

from __future__ import annotations

import argparse

from hypothesis import given, settings
from hypothesis import strategies as st

from flake8.style_guide import Decision, DecisionEngine
from flake8.violation import Violation
from flake8_mock_misuse.suppress import Decider, inline_noqa, noqa_lines

PREFIXES = ["M", "MM", "MM1", "MM10", "MM101", "MM2", "MM20", "MM201", "E", "E9", "E99", "E999", "W", "F"]
CODES = ["MM101", "MM102", "MM111", "MM201", "MM203", "MM901", "E999", "E902"]
lists = st.lists(st.sampled_from(PREFIXES), max_size=4)


@settings(max_examples=400, deadline=None)
@given(select=st.none() | lists, ignore=st.none() | lists, extend_select=lists, extend_ignore=lists)
def test_select_and_ignore_as_flake8_decides(select, ignore, extend_select, extend_ignore):
    ours = Decider(None if select is None else tuple(select), None if ignore is None else tuple(ignore),
                   tuple(extend_select), tuple(extend_ignore))
    theirs = DecisionEngine(argparse.Namespace(
        select=select, ignore=ignore, extend_select=extend_select, extend_ignore=extend_ignore,
        extended_default_select=["C90", "F", "E", "W", "MM"], extended_default_ignore=[]))
    for code in CODES:
        assert ours.selected(code) == (theirs.decision_for(code) is Decision.Selected), code


COMMENTS = st.sampled_from(["", "# noqa", "# NOQA", "#noqa", "# noqa:MM101", "# noqa: MM101", "# noqa: MM1",
                            "# noqa: mm101", "# noqa: MM101,E999", "# noqa: MM101 MM201", "# noqa:  MM101",
                            "# noqa : MM101", "# noqa: MM", "# noqa: E", "# noqa - not MM101", "x  # noqa: MM2"])


@settings(max_examples=200, deadline=None)
@given(comment=COMMENTS, code=st.sampled_from(CODES))
def test_inline_noqa_as_flake8_reads_it(comment, code):
    line = f"x = 1  {comment}\n"
    reference = Violation(code, "t.py", 1, 1, "text", line).is_inline_ignored(disable_noqa=False)
    assert inline_noqa(code, line) == reference


def test_a_multi_line_string_is_searched_whole():
    lines = ['x = """a\n', 'b\n', '"""  # noqa: MM101\n', "y = 2\n"]
    mapping = noqa_lines(lines)
    assert mapping[1] == mapping[2] == mapping[3] == "".join(lines[:3])
    assert mapping[4] == "y = 2\n"
