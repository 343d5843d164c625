"""MM2xx, assertions that prove nothing: tests whose checks cannot fail for a wrong answer.

``facts`` computes what the family's rules read from the shared model: each judged test with its
checks (``checks``: how much each can prove), checks that never run or assert nothing
(``deadchecks``), and assertions on values the test configured on a mock (``tautology``).
"""
