"""The read-only dashboard ``codebudget serve --db`` adds: server-rendered pages over the store.

``/``: runs and pools with their progress (refreshed live while one runs); ``/runs/HASH``: the
N × K grid with intervals, the Pareto plot (hover a point for its configuration and interval),
budget answers and the tasks; ``/runs/HASH/tasks/ID``: every candidate and its repairs as diffs,
test outcomes, the prompt and what prompt stages prepared (a plan). ``/api/runs`` is the list as
JSON. Pages come from jinja2 templates with a few lines of inline script; nothing is loaded from
the network.
"""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from codebudget.errors import CodebudgetError
from codebudget.serve.dashboard import views

_ENV = Environment(loader=PackageLoader("codebudget.serve.dashboard", "templates"),
                   autoescape=select_autoescape(["j2", "html"]), trim_blocks=True, lstrip_blocks=True)


def _page(name: str, **values) -> HTMLResponse:  # noqa: ANN003 - the template's values
    return HTMLResponse(_ENV.get_template(name).render(**values))


def _missing(what: str) -> HTMLResponse:
    return HTMLResponse(f"<!DOCTYPE html><title>not found</title><p>{what}</p><p><a href='/'>runs</a></p>",
                        status_code=404)


def add_dashboard(app: FastAPI, db: Path) -> None:
    """Add the dashboard's pages over the store at ``db`` to ``app``."""

    async def off_loop(fn, *args):  # noqa: ANN001, ANN202 - reading SQLite (and the analysis) off the event loop
        return await asyncio.to_thread(fn, *args)

    @app.get("/", response_class=HTMLResponse)
    async def runs_page() -> HTMLResponse:
        try:
            found = await off_loop(views.runs, db)
        except CodebudgetError as error:
            return _missing(str(error))
        return _page("runs.html.j2", runs=found, db=db)

    @app.get("/api/runs")
    async def runs_api() -> JSONResponse:
        found = await off_loop(views.runs, db)
        return JSONResponse([{**dataclasses.asdict(line), "status": line.status} for line in found])

    @app.get("/runs/{run_hash}", response_class=HTMLResponse)
    async def run_page(run_hash: str) -> HTMLResponse:
        try:
            report = await off_loop(views.report, db, run_hash)
            tasks = await off_loop(views.task_ids, db, run_hash)
        except KeyError:
            return _missing(f"no run {run_hash} in {db}")
        except CodebudgetError as error:
            return _missing(f"run {run_hash}: {error}")
        plots = {}
        for mode in report.modes:
            front = {point.name for point in mode.front}
            points, xticks, yticks = views.pareto_points(mode.configs, front)
            plots[mode.selection.value] = {"points": points, "xticks": xticks, "yticks": yticks}
        return _page("run.html.j2", run_hash=run_hash, report=report, plots=plots, tasks=tasks, db=db)

    @app.get("/runs/{run_hash}/tasks/{task_id:path}", response_class=HTMLResponse)
    async def task_page(run_hash: str, task_id: str) -> HTMLResponse:
        try:
            view = await off_loop(views.task, db, run_hash, task_id)
        except KeyError:
            return _missing(f"no task {task_id} in run {run_hash}")
        return _page("task.html.j2", view=view, db=db)
