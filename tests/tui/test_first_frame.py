"""The login screen's first frame is drawn before the heavy modules are imported (issue 12).

A later start of ``pronote-tui`` (the CA already pinned) needs none of pydantic, httpx, the
certificate code, keyring or the client's models to show the login screen: they are imported
right after the first frame. This is checked in a fresh interpreter, where nothing is imported
yet, by running the real command line headless and looking at ``sys.modules`` at the moment the
first frame is done (``LoginScreen._after_first_frame``, which then runs as usual).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pronote_api.catalogue import tr

# Imported after the first frame, never before it.
HEAVY = (
    "pydantic",
    "pydantic_settings",
    "httpx",
    "cryptography",
    "keyring",
    "pronote_api.models",
    "pronote_tui.client.console",
    "pronote_tui.client.errors",
    "pronote_tui.screens.main",
)

PROBE = """
import json, sys
from textual.app import App

real_run = App.run
App.run = lambda self, *a, **k: real_run(self, *a, **{**k, "headless": True})

from pronote_tui import cli
from pronote_tui.screens import login

real_after = login.LoginScreen._after_first_frame
seen = {}

def after(self):
    seen["before"] = [name for name in HEAVY if name in sys.modules]
    real_after(self)
    seen["after"] = [name for name in HEAVY if name in sys.modules]
    seen["kept"] = self.query_one("#login-kept").render().plain
    self.app.exit(0)

login.LoginScreen._after_first_frame = after
HEAVY = json.loads(sys.argv[1])
code = cli.main(sys.argv[2:])
print(json.dumps({"code": code, **seen}))
"""


def _pinned_profile(config: Path) -> None:
    """A workstation that has met its service: the CA pinned, the API address known."""
    server = "https://127.0.0.1:49302"
    folder = config / "servers" / "127.0.0.1_49302"
    folder.mkdir(parents=True)
    (config / "last-server").write_text(server + "\n", encoding="utf-8")
    (folder / "ca.pem").write_text("pinned\n", encoding="utf-8")
    profile = {"server_url": server, "api_url": "https://127.0.0.1:49303", "ca_fingerprint": "ab"}
    (folder / "profile.json").write_text(json.dumps(profile), encoding="utf-8")


def test_the_first_frame_imports_nothing_heavy(tmp_path: Path) -> None:
    _pinned_profile(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            json.dumps(HEAVY),
            "--config-dir",
            str(tmp_path),
            "--lang",
            "en",
            "--no-blink",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0
    assert seen["before"] == [], f"imported before the first frame: {seen['before']}"
    # Right after it, the screen asks what it deferred: where the password is kept (keyring's
    # answer here: none usable, so a private file) ...
    assert "keyring" in seen["after"]
    credentials = tmp_path / "data" / "credentials.json"
    assert seen["kept"] == tr("credentials.file", "en", path=str(credentials))
