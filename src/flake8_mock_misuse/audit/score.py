"""The confidence score: start at 100, deduct for gaps (weights configurable)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config import DEFAULT_WEIGHTS
from .scan import FileFacts


REASONS = {
    "no-smoke": "no smoke test: no test starts the server as a process and sends it a real HTTP request",
    "no-fresh-start": "no fresh-start test: no test starts the server with an explicit environment and a "
                      "temporary folder for its data and config",
    "mocked-integration-points": "mocked integration points: tests patch out HTTP clients or databases, or "
                                 "fabricate requests (MM1xx)",
    "no-end-to-end": "no end-to-end test: no test goes through an endpoint with a test client or real HTTP",
    "internal-calls": "tests call views, the model or the service layer directly instead of going through an "
                      "endpoint (MM3xx)",
}
CURES = {
    "no-smoke": "start the app with subprocess (python -m app), poll /health, send one real request",
    "no-fresh-start": "the same, with env={...} and a tempfile.mkdtemp() for the database and config",
    "no-end-to-end": "send your critical journeys through the framework's test client or real HTTP",
}
MAX_EXAMPLES = 5  # shown in text and markdown, with "+N more"; JSON and HTML list them all


@dataclass
class Deduction:
    id: str
    points: int
    reason: str
    examples: list[str] = field(default_factory=list)  # path:line that caused it
    cure: str | None = None


@dataclass
class Score:
    score: int
    deductions: list[Deduction]
    # a library: the server criteria do not apply (their ids), and what the score would be if they did
    not_applicable: list[str] = field(default_factory=list)
    as_application: int | None = None


SERVER_CRITERIA = ("no-smoke", "no-fresh-start")


def compute(files: list[FileFacts], weights: dict[str, int], servers_apply: bool = True) -> Score:
    """The five deductions of the seed story; for a library (``servers_apply`` false) the two server criteria are
    not applied, and the score they would give is kept beside it."""
    w = {**DEFAULT_WEIGHTS, **weights}
    deductions: list[Deduction] = []

    def where(pick) -> list[str]:
        return [f"{f.path}:{line}" for f in files for line in pick(f)]

    if not any(f.smoke for f in files):
        deductions.append(Deduction("no-smoke", w["no-smoke"], REASONS["no-smoke"], cure=CURES["no-smoke"]))
    if not any(f.fresh for f in files):
        deductions.append(Deduction("no-fresh-start", w["no-fresh-start"], REASONS["no-fresh-start"],
                                    cure=CURES["no-fresh-start"]))
    mm1 = where(lambda f: [x.line for x in f.findings if x.code.startswith("MM1")])
    if mm1:
        deductions.append(Deduction("mocked-integration-points", w["mocked-integration-points"],
                                    REASONS["mocked-integration-points"], mm1))
    if not any(f.e2e for f in files):
        deductions.append(Deduction("no-end-to-end", w["no-end-to-end"], REASONS["no-end-to-end"],
                                    cure=CURES["no-end-to-end"]))
    mm3 = where(lambda f: [x.line for x in f.findings if x.code.startswith("MM3")])
    if mm3:
        deductions.append(Deduction("internal-calls", w["internal-calls"], REASONS["internal-calls"], mm3))
    as_application = max(0, 100 - sum(d.points for d in deductions))
    if servers_apply:
        return Score(as_application, deductions)
    kept = [d for d in deductions if d.id not in SERVER_CRITERIA]
    return Score(max(0, 100 - sum(d.points for d in kept)), kept, list(SERVER_CRITERIA), as_application)
