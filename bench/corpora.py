"""Fetch the pinned real-world test suites we measure on.

The sdists of these projects ship their tests.  We take each sdist's URL and
SHA-256 from the package index's JSON API and unpack it; nothing in it is
built or run (``pip download --no-binary`` would run each build backend).

    python bench/corpora.py            # fetch all into .corpora/
    python bench/corpora.py django     # just one
    python bench/corpora.py --list     # print the test folders, one a line
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tarfile
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEST = Path(os.environ.get("MM_CORPORA", ROOT / ".corpora"))

# name -> (version, test folders inside the unpacked sdist)
CORPORA: dict[str, tuple[str, tuple[str, ...]]] = {
    "django": ("5.2.19", ("tests",)),
    "wagtail": ("8.0.1", ("wagtail",)),
    "fastapi": ("0.165.0", ("tests",)),
    "sentry-sdk": ("2.75.0", ("tests",)),
    "moto": ("5.2.5", ("tests",)),
    "celery": ("5.7.0", ("t",)),
    "djangorestframework": ("3.18.3", ("tests",)),
    "flask": ("3.1.3", ("tests",)),
    "sqlalchemy": ("2.1.9", ("test",)),
    "httpx": ("0.28.1", ("tests",)),
    # Applications and integrations (not frameworks) that mock HTTP clients and databases:
    "django-allauth": ("65.9.0", ("allauth",)),
    "social-auth-core": ("7.0.0", ("social_core/tests",)),
    "django-oauth-toolkit": ("3.4.1", ("tests",)),
}


def _sdist_info(name: str, version: str) -> tuple[str, str]:
    """URL and SHA-256 of the sdist, from the index's simple JSON API (PEP 691)."""
    req = urllib.request.Request(
        f"https://pypi.org/simple/{name}/",
        headers={"Accept": "application/vnd.pypi.simple.v1+json"},
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        data = json.load(resp)
    norm = re.sub(r"[-_.]+", "_", name).lower()
    for f in data["files"]:
        fname = f["filename"]
        stem = re.sub(r"[-_.]+", "_", fname.lower())
        if stem in (f"{norm}_{version.replace('.', '_')}_tar_gz", f"{norm}_{version.replace('.', '_')}_zip"):
            return f["url"], f["hashes"]["sha256"]
    raise SystemExit(f"{name}=={version}: no sdist on the index")


def _safe_members(tar: tarfile.TarFile):
    for m in tar.getmembers():
        p = Path(m.name)
        if p.is_absolute() or ".." in p.parts or not (m.isfile() or m.isdir()):
            continue
        yield m


def fetch(name: str, dest: Path = DEFAULT_DEST) -> Path:
    """Return the unpacked sdist folder of ``name``, fetching it if missing."""
    version, _ = CORPORA[name]
    target = dest / f"{name}-{version}"
    if (target / ".complete").exists():
        return target
    dest.mkdir(parents=True, exist_ok=True)
    url, sha = _sdist_info(name, version)
    archive = dest / url.rsplit("/", 1)[1]
    if not archive.exists() or hashlib.sha256(archive.read_bytes()).hexdigest() != sha:
        with urllib.request.urlopen(url, timeout=300) as resp:
            archive.write_bytes(resp.read())
    if hashlib.sha256(archive.read_bytes()).hexdigest() != sha:
        raise SystemExit(f"{archive}: checksum mismatch")
    tmp = dest / f".{name}.tmp"
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as z:
            z.extractall(tmp)
    else:
        with tarfile.open(archive) as t:
            t.extractall(tmp, members=_safe_members(t))
    (inner,) = list(tmp.iterdir())
    if target.exists():
        import shutil

        shutil.rmtree(target)
    inner.rename(target)
    tmp.rmdir()
    archive.unlink()
    (target / ".complete").write_text(version)
    return target


def test_folders(name: str, dest: Path = DEFAULT_DEST) -> list[Path]:
    root = fetch(name, dest)
    return [root / sub for sub in CORPORA[name][1] if (root / sub).is_dir()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", default=sorted(CORPORA))
    ap.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    ap.add_argument("--list", action="store_true", help="print the test folders")
    args = ap.parse_args(argv)
    for name in args.names:
        if name not in CORPORA:
            ap.error(f"unknown corpus {name!r}; known: {', '.join(sorted(CORPORA))}")
        for folder in test_folders(name, args.dest):
            print(folder if args.list else f"{name}: {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
