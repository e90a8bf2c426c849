"""The viewer's server extension in a real ``jupyter server``: page data for good files, clear 4xx otherwise.

The server is started with this checkout's ``jupyter-config/`` on ``JUPYTER_CONFIG_PATH``, so the
config file the wheel installs is the one that enables the extension here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import scenario_tree
from scenario_tree.errors import ScenarioFileError
from scenario_tree.sharing.page import page_data
from tests.browser.conftest import REPO_ROOT, Server, free_port, kill_tree, server_env, wait_until_serving

pytestmark = pytest.mark.exe  # the page data holds the drawing, made by Graphviz

TOKEN = "scenario-tree-test-token"
EXAMPLE = REPO_ROOT / "examples" / "trump_putin_2017.scenario.yaml"
BAD = REPO_ROOT / "tests" / "files" / "bad" / "chance_sum.yaml"
SCENARIO = "examples/trump_putin_2017.scenario.yaml"


def server_root(root: Path, outside: Path) -> None:
    """The files the tests ask for: good ones, a bad one, a hidden one and ways out of the root."""
    (root / "examples").mkdir(parents=True)
    shutil.copy(EXAMPLE, root / SCENARIO)
    tree = scenario_tree.load(EXAMPLE)
    (root / "examples" / "trump_putin_2017.scenario.json").write_text(tree.dumps("json"), encoding="utf-8")
    (root / "plain.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copy(BAD, root / "bad.scenario.yaml")
    (root / "latin1.scenario.yaml").write_bytes("title: caf\xe9\n".encode("latin-1"))
    (root / ".hidden.scenario.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    outside.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "link.scenario.yaml").symlink_to(outside)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``jupyter server`` on a free port with a token, its root holding the files above."""
    tmp = tmp_path_factory.mktemp("scenario-server")
    root = tmp / "root"
    server_root(root, tmp / "outside.scenario.yaml")
    port = free_port()
    env = server_env(tmp)
    env["JUPYTER_CONFIG_PATH"] = str(REPO_ROOT / "jupyter-config")
    command = [
        sys.executable, "-m", "jupyter", "server", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={TOKEN}", "--ServerApp.allow_root=True",
    ]
    log = tmp / "server.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", process, log)
        yield Server(f"http://127.0.0.1:{port}", port, root, process, log)
    finally:
        kill_tree(process)


def get(server: Server, url: str, token: str | None = TOKEN) -> tuple[int, Any]:
    """GET ``url`` (below the server); the status and the JSON answer."""
    headers = {"Authorization": f"token {token}"} if token else {}
    request = urllib.request.Request(server.url + url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        body = error.read()
        return error.code, json.loads(body) if body.startswith(b"{") else body.decode(errors="replace")


def page(server: Server, path: str, token: str | None = TOKEN) -> tuple[int, Any]:
    return get(server, "/scenario-tree/page?" + urllib.parse.urlencode({"path": path}), token)


def expected_page(server: Server, path: str) -> dict[str, Any]:
    """What the handler should answer: ``page_data`` of the file, loaded under its relative name."""
    tree = scenario_tree.loads((server.root / path).read_text(encoding="utf-8"), file=path)
    tree.file = path
    return without_date(json.loads(json.dumps(page_data(tree))))


def without_date(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "written"}  # the time of writing differs


@pytest.mark.parametrize("path", [SCENARIO, "examples/trump_putin_2017.scenario.json", "plain.yaml",
                                  "/" + SCENARIO])
def test_a_scenario_file_answers_its_page_data(server: Server, path: str) -> None:
    status, data = page(server, path)
    assert status == 200, data
    assert without_date(data) == expected_page(server, path.lstrip("/"))
    assert "<svg" in data["svg"] and 'class="node' in data["svg"]
    assert data["title"] == scenario_tree.load(EXAMPLE).title


def test_a_bad_file_answers_422_with_the_packages_message(server: Server) -> None:
    status, answer = page(server, "bad.scenario.yaml")
    assert status == 422
    with pytest.raises(ScenarioFileError) as expected:
        scenario_tree.loads(BAD.read_text(encoding="utf-8"), file="bad.scenario.yaml")
    assert answer["message"] == str(expected.value)
    assert answer["message"].startswith("bad.scenario.yaml:7: /r/c")  # the file, the line, the node
    assert "sum to 0.9" in answer["message"]
    assert answer["problems"] == [{"file": "bad.scenario.yaml", "line": 7, "path": problem.path,
                                   "message": problem.message} for problem in expected.value.problems]


def test_a_file_that_is_not_utf8_answers_422(server: Server) -> None:
    status, answer = page(server, "latin1.scenario.yaml")
    assert status == 422
    assert answer["message"].startswith("latin1.scenario.yaml: cannot read the file: not UTF-8")


@pytest.mark.parametrize("path", ["../outside.scenario.yaml", "examples/../../outside.scenario.yaml",
                                  "link.scenario.yaml"])
def test_a_path_outside_the_root_is_refused(server: Server, path: str) -> None:
    status, answer = page(server, path)
    assert status == 403
    assert answer == {"message": f"{path!r} is outside the server's root directory"}


@pytest.mark.parametrize(("path", "status", "message"), [
    ("", 400, "no file given: add ?path=<file relative to the server's root>"),
    ("examples/missing.scenario.yaml", 404, "no such file: 'examples/missing.scenario.yaml'"),
    ("examples", 404, "no such file: 'examples'"),
    (".hidden.scenario.yaml", 404, "no such file: '.hidden.scenario.yaml'"),
])
def test_what_is_not_a_file_answers_a_clear_4xx(server: Server, path: str, status: int, message: str) -> None:
    assert page(server, path) == (status, {"message": message})


def test_the_page_needs_the_servers_login(server: Server) -> None:
    status, _ = page(server, SCENARIO, token=None)
    assert status == 403
    status, _ = page(server, SCENARIO, token="wrong-token")
    assert status == 403


def test_no_kernel_is_started(server: Server) -> None:
    assert page(server, SCENARIO)[0] == 200
    assert get(server, "/api/kernels") == (200, [])
    assert get(server, "/api/sessions") == (200, [])
