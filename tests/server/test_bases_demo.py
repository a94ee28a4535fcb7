"""``pronote-server demo``: the demo school is in service on a populated base, and its drop folder
holds the old server's files, which load for real."""

from __future__ import annotations

import time
from pathlib import Path

from bases_support import run_job, send
from live_service import start_demo
from server_support import enrol, login


def test_the_demo_school_is_in_service_and_its_drop_folder_loads(tmp_path: Path) -> None:
    live, account = start_demo(tmp_path)
    ready_file = tmp_path / "ready.json"
    try:
        superadmin = live.ready["demo_superadmin"]
        assert superadmin["identifier"] == "admin.charlemagne"
        drop = Path(live.ready["demo_drop"])
        ws = enrol(live, account, tmp_path / "ws")
        with ws.client(live, login(live, ws, account)) as client:
            status = client.get("/v1/server/status").json()
            assert (status["state"], status["superadmin_defined"]) == ("running", True)
            current = client.get("/v1/bases").json()["current"]
            assert current["counts"]["resources"]["students"] == 300
            assert current["counts"]["schooling"]["grades"] > 1000
            assert current["name"] == status["base_name"] == f"Base année {status['school_year']}"

            deadline = time.monotonic() + 30
            while not (hnot := sorted(drop.glob("*.HNOT"))):
                assert time.monotonic() < deadline, "the drop folder stays empty"
                time.sleep(0.1)
            assert {p.suffix for p in drop.iterdir() if not p.name.startswith(".")} >= {
                ".HNOT",
                ".profils",
            }
            assert client.post("/v1/server/stop").json()["state"] == "stopped"
            job = run_job(client, "/v1/bases/load", {"upload_id": send(client, hnot[0], "hnot")})
            assert job["state"] == "succeeded", job
            loaded = client.get("/v1/bases").json()
            assert loaded["current"]["counts"] == current["counts"]
            assert [b["id"] for b in loaded["previously_in_service"]] == [current["id"]]
    finally:
        live.stop()
    assert not ready_file.exists()
