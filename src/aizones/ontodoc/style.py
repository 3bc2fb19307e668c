"""The ontology page's one inline stylesheet: fixed text, no data in it, nothing it fetches."""

STYLE = """
:root { --ink: #1d232b; --muted: #5b6673; --line: #d9dee5; --tint: #f4f6f9; --accent: #1f5f99; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
header, nav, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1.5rem; }
header { padding-top: 1.5rem; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.9rem; margin: 0 0 .5rem; }
h2 { font-size: 1.45rem; margin: 2.2rem 0 .8rem; padding-bottom: .2rem; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.15rem; margin: 0 0 .3rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
.zh { color: var(--muted); font-weight: normal; margin-left: .35em; }
code { font: .88em/1.3 ui-monospace, "DejaVu Sans Mono", monospace; }
code.iri { font-size: .75em; color: var(--muted); font-weight: normal; margin-left: .5em; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
a.ext { color: #6a4c93; }
dl.meta, dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .6rem 0; }
dt { color: var(--muted); } dd { margin: 0; }
.counts { color: var(--muted); }
nav ol { columns: 3; padding-left: 1.2rem; }
.tree ul { list-style: none; margin: 0; padding-left: 1.4rem; border-left: 1px dotted #aab4c0; }
.tree > ul { padding-left: 0; border-left: none; }
.tree li { margin: .1rem 0; }
article.term { border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; margin: 0 0 1rem; }
article.term:target, tr:target, div.shape:target { outline: 3px solid #f0b429; }
.def { margin: .2rem 0 .5rem; }
.shape { background: var(--tint); border-radius: 6px; padding: .4rem .8rem .6rem; margin-top: .8rem; }
.also, .targets { color: var(--muted); margin: .4rem 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; background: #fff; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--tint); }
table.rules, table.concepts { table-layout: fixed; } td { overflow-wrap: anywhere; }
col.c-path { width: 23%; } col.c-rule { width: 30%; } col.c-sev { width: 6.5rem; }
col.c-concept { width: 24%; } col.c-en { width: 20%; } col.c-zh { width: 15%; }
.rule-name { font-style: italic; } .rule-iri, .notes { font-size: .82em; color: var(--muted); }
.sev { padding: 0 .4em; border-radius: 3px; font-size: .85em; }
.sev.violation { background: #fde2e1; color: #8a1c17; } .sev.warning { background: #fff1cc; color: #7a5400; } .sev.info { background: #e1eefc; color: #1f4f7f; }
details pre { white-space: pre-wrap; background: var(--tint); padding: .4rem; margin: .3rem 0 0; }
footer { color: var(--muted); padding: 2rem 1.5rem; }
"""

# A concept's indent in its scheme's table, by depth, as classes (``td.depth-N``): the page's
# Content-Security-Policy allows its one stylesheet and no style attribute. Deeper concepts than
# DEEPEST are indented as DEEPEST.
DEEPEST = 12
STYLE += "".join(f"td.depth-{d} {{ padding-left: {0.5 + 1.4 * d:.1f}em; }}\n" for d in range(DEEPEST + 1))
