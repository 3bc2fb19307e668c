// A saved query's form: each entity parameter looks names up (English or Chinese, abbreviations)
// through /search.json as the user types, and a picked entity is put in as its prefixed name
// (id:changsha), which names exactly one entity however many share its label. Loaded as a file:
// the Content-Security-Policy allows no inline script. Every label is set as text, never as HTML.
"use strict";

const ID = "https://w3id.org/aizones/id/";

function compact(iri) {
  return iri.startsWith(ID) && /^[A-Za-z0-9_.~-]+$/.test(iri.slice(ID.length)) ? "id:" + iri.slice(ID.length) : iri;
}

function attach(input) {
  const list = document.getElementById(input.getAttribute("aria-controls"));
  const picked = document.createElement("span");
  picked.className = "picked";
  input.insertAdjacentElement("afterend", picked);
  let asked = 0;

  function close() { list.hidden = true; list.replaceChildren(); }

  function choose(hit) {
    input.value = compact(hit.iri);
    picked.textContent = [hit.label, hit.label_zh, hit.kind_label].filter(Boolean).join(" · ");
    close();
  }

  async function look() {
    const text = input.value.trim();
    const mine = ++asked;
    if (text.length < 1) { close(); return; }
    const url = "/search.json?" + new URLSearchParams({ q: text, kind: input.dataset.search, limit: "10" });
    let hits = [];
    try {
      const answer = await fetch(url, { headers: { Accept: "application/json" } });
      if (answer.ok) hits = await answer.json();
    } catch (error) { hits = []; }
    if (mine !== asked) return; // a later keystroke asked again
    list.replaceChildren();
    for (const hit of hits) {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.iri = hit.iri;
      const name = document.createElement("span");
      name.className = "label";
      name.textContent = hit.label_zh && hit.label_zh !== hit.label ? hit.label + " · " + hit.label_zh : hit.label;
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = hit.kind_label;
      button.append(name, " ", kind);
      button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the input's focus
      button.addEventListener("click", () => choose(hit));
      item.append(button);
      list.append(item);
    }
    list.hidden = hits.length === 0;
  }

  let timer = 0;
  const resolved = input.parentElement.querySelector(".resolved"); // what the last run took the value for
  input.addEventListener("input", () => { picked.textContent = ""; if (resolved) resolved.hidden = true; clearTimeout(timer); timer = setTimeout(look, 150); });
  input.addEventListener("blur", () => setTimeout(close, 100));
  input.addEventListener("keydown", (event) => {
    const buttons = [...list.querySelectorAll("button")];
    if (event.key === "Escape") { close(); return; }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    if (!buttons.length) return;
    event.preventDefault();
    const at = buttons.indexOf(document.activeElement);
    const next = event.key === "ArrowDown" ? Math.min(at + 1, buttons.length - 1) : at - 1;
    if (next < 0) input.focus(); else buttons[next].focus();
  });
  list.addEventListener("keydown", (event) => { if (event.key === "Escape") { close(); input.focus(); } });
}

document.querySelectorAll("input[data-search]").forEach(attach);
document.body.dataset.ready = "true";
