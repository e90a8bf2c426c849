"""The Jupyter server extension behind the JupyterLab viewer: a scenario file's page data, without a kernel.

The drawing needs Graphviz, which only Python has, so the viewer tab asks the server (not a kernel)::

    GET {base_url}scenario-tree/page?path=<path relative to the server's root>

and gets ``page_data(tree)`` as JSON. What goes wrong is answered as ``{"message": ...}`` with a status:

- 400: no ``path`` given;
- 403: a path outside the server's root (``..``, or a symbolic link leading out);
- 404: no such file, or a hidden one the server does not show;
- 422: a file that is not a valid scenario: the package's message, naming the file (as the path
  given), the line and the node path; ``problems`` lists them one by one;
- 500: Graphviz missing or failing.

The extension is enabled by ``etc/jupyter/jupyter_server_config.d/scenario_tree.json``, which the
wheel installs, and needs the same login as the rest of the server's API.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

from ..errors import GraphvizError, ScenarioError, ScenarioFileError
from ..scenario import loads
from .page import page_data

ENDPOINT = "scenario-tree/page"


class PageRequestError(Exception):
    """A request the handler answers with ``status`` and this message instead of page data."""

    def __init__(self, status: int, message: str, problems: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.problems = problems


def resolve_in_root(root: str | Path, path: str) -> Path:
    """The file at ``path`` (relative to ``root``, as the contents API takes it), refusing any way out.

    >>> resolve_in_root("/srv/notebooks", "examples/a.scenario.yaml").as_posix()
    '/srv/notebooks/examples/a.scenario.yaml'
    >>> resolve_in_root("/srv/notebooks", "../secret.yaml")
    Traceback (most recent call last):
    ...
    scenario_tree.sharing.server.PageRequestError: '../secret.yaml' is outside the server's root directory
    """
    if not path.strip("/"):
        raise PageRequestError(400, "no file given: add ?path=<file relative to the server's root>")
    base = Path(root).resolve()
    # The contents API reads "/a/b" as "a/b"; every path is relative to the root.
    target = (base / path.lstrip("/")).resolve()
    if not target.is_relative_to(base):
        raise PageRequestError(403, f"{path!r} is outside the server's root directory")
    return target


def load_page_data(file: Path, name: str) -> dict[str, Any]:
    """Load the scenario ``file`` (errors name it as ``name``) and build its page data (runs Graphviz)."""
    if not file.is_file():
        raise PageRequestError(404, f"no such file: {name!r}")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise PageRequestError(422, f"{name}: cannot read the file: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise PageRequestError(403, f"{name}: cannot read the file: {error.strerror}") from None
    try:
        tree = loads(text, file=name)
        tree.file = name
        return page_data(tree)
    except ScenarioFileError as error:
        problems = [{"file": p.file, "line": p.line, "path": p.path, "message": p.message} for p in error.problems]
        raise PageRequestError(422, str(error), problems) from None
    except GraphvizError as error:
        raise PageRequestError(500, f"{name}: cannot draw the tree: {error}") from None
    except ScenarioError as error:
        raise PageRequestError(422, f"{name}: {error}") from None


class PageDataHandler(APIHandler):
    """``GET ?path=...``: the page data of a scenario file under the server's root."""

    auth_resource = "contents"  # reading a file's drawing needs what reading the file needs

    @web.authenticated
    @authorized
    async def get(self) -> None:
        path = self.get_query_argument("path", "")
        try:
            file = resolve_in_root(self.contents_manager.root_dir, path)
            if not self.contents_manager.allow_hidden and await ensure_async(self.contents_manager.is_hidden(path)):
                raise PageRequestError(404, f"no such file: {path!r}")
            data = await asyncio.to_thread(load_page_data, file, path.lstrip("/"))
        except PageRequestError as error:
            self.set_status(error.status)
            answer: dict[str, Any] = {"message": str(error)}
            if error.problems is not None:
                answer["problems"] = error.problems
            self.finish(json.dumps(answer))
            return
        self.finish(json.dumps(data))


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "scenario_tree.sharing.server"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    """Register the handler under the server's base URL."""
    web_app = server_app.web_app
    route = url_path_join(web_app.settings["base_url"], ENDPOINT)
    web_app.add_handlers(".*$", [(route, PageDataHandler)])
    server_app.log.info("scenario-tree: serving scenario page data at %s", route)
