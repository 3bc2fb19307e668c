"""The saved queries as pages: ``/queries`` lists them, ``/queries/NAME`` is one query's form and answer.

``/queries/NAME?PARAM=VALUE…`` runs the query with those values (a GET, so an answer is a link) and
shows its table, each IRI as its label linked to its page, the SPARQL text, the hint the CLI gives
after an empty answer, and the charts of a series (``series_charts``).
``/queries/NAME.csv`` and ``/queries/NAME.json`` with the same parameters are the bytes
``aizones query NAME --format csv|json --param …`` writes; ``/queries/NAME/charts/K.svg`` is the
answer's K-th chart. A bad value is the CLI's one-line message, with status 400.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from aizones.core.errors import AizonesError, UsageError
from aizones.querying import saved
from aizones.serving.context import Served
from aizones.serving.rendering import render
from aizones.serving.saved_answers import REFUSED, SavedAnswers, headers_for, status_for, values_from
from aizones.serving.series_charts import SeriesCharts, charts_of

# The input each parameter type gets: an HTML input type, a pattern the browser checks before
# sending (the server checks again, with the CLI's message), and whether it looks names up.
INPUTS = {
    "year": {"type": "text", "inputmode": "numeric", "pattern": "-?[0-9]{4}", "search": ""},
    "integer": {"type": "text", "inputmode": "numeric", "pattern": "[+\\-]?[0-9]+", "search": ""},
    "decimal": {"type": "text", "inputmode": "decimal", "pattern": "[+\\-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)", "search": ""},
    "string": {"type": "text", "inputmode": "text", "pattern": "", "search": ""},
    "iri": {"type": "text", "inputmode": "url", "pattern": "", "search": ""},
}
# entity parameters autocomplete through /search.json, with the kind of entity they take
SEARCHED = ("region", "organisation", "zone", "programme", "entity", "indicator")  # /search.json's kinds
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def input_for(param: saved.Param) -> dict[str, str]:
    if param.type in SEARCHED:
        return {"type": "search", "inputmode": "text", "pattern": "", "search": param.type}
    return INPUTS[param.type]


def routes(served: Served) -> list[Route]:
    answers = SavedAnswers(served)
    charts = SeriesCharts(served.dataset, served.root, served.out, served.release)
    served.closing.append(charts.close)

    async def listing(request: Request):
        return render("queries.html", queries=answers.catalogue())

    def found(name: str) -> saved.SavedQuery | Response:
        try:
            return answers.find(name)
        except AizonesError as error:  # no such saved query: the CLI's line, as a 404
            return PlainTextResponse(f"{error}\n", status_code=404)

    async def one(request: Request):
        name = request.path_params["name"]
        for fmt in MEDIA:
            if name.endswith("." + fmt):
                return await as_file(request, name[: -len(fmt) - 1], fmt)
        query = found(name)
        if isinstance(query, Response):
            return query
        shown = dict(request.query_params)  # what the form shows: as typed, or the defaults
        form = [(p, shown.get(p.name, p.default), input_for(p)) for p in query.params]
        try:
            values = values_from(request.query_params.multi_items())
            answer = await answers.answer(query, values)
        except REFUSED as error:
            page = render("query.html", status_code=status_for(error), saved=query, form=form, error=str(error), answer=None,
                          columns=[], table=[], charts=[], link="", max_rows=0)  # fmt: skip
            page.headers.update(headers_for(error))
            return page
        columns, table = answers.table(answer)
        drawn = charts_of(answer.names, answer.rows)
        link = urlencode(request.query_params.multi_items())
        chart_urls = [f"/queries/{query.name}/charts/{k}.svg" + (f"?{link}" if link else "") for k in range(1, len(drawn) + 1)]
        return render("query.html", saved=query, form=form, error="", answer=answer, columns=columns, table=table,
                      charts=chart_urls, link=link, max_rows=served.limits.max_rows)  # fmt: skip

    async def as_file(request: Request, name: str, fmt: str):
        query = found(name)
        if isinstance(query, Response):
            return query
        try:
            answer = await answers.answer(query, values_from(request.query_params.multi_items()))
        except REFUSED as error:
            if fmt == "json":
                return JSONResponse({"error": str(error)}, status_code=status_for(error), headers=headers_for(error))
            return PlainTextResponse(f"{error}\n", status_code=status_for(error), headers=headers_for(error))
        headers = {"Content-Disposition": f'inline; filename="{query.name}.{fmt}"'}
        if answer.truncated:  # marked as the endpoint marks an answer cut at the row cap
            headers["X-Aizones-Truncated"] = str(served.limits.max_rows)
        return Response(answers.rendered(answer, fmt), media_type=MEDIA[fmt], headers=headers)

    async def chart(request: Request):
        query = found(request.path_params["name"])
        if isinstance(query, Response):
            return query
        try:
            answer = await answers.answer(query, values_from(request.query_params.multi_items()))
        except REFUSED as error:
            return PlainTextResponse(f"{error}\n", status_code=status_for(error), headers=headers_for(error))
        drawn = charts_of(answer.names, answer.rows)
        number = request.path_params["number"]
        if not 1 <= number <= len(drawn):
            return PlainTextResponse(
                f"{query.name} has {len(drawn)} chart(s) for these parameters, not a chart {number}\n", status_code=404
            )
        try:
            svg = await charts.svg(drawn[number - 1])
        except AizonesError as error:  # nothing to draw for it (404), or the worker took too long (503)
            return PlainTextResponse(f"{error}\n", status_code=404 if isinstance(error, UsageError) else status_for(error))
        return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=3600"})

    return [
        Route("/queries", listing, name="queries"),
        Route("/queries/{name}/charts/{number:int}.svg", chart, name="query-chart"),
        Route("/queries/{name}", one, name="query"),
    ]
