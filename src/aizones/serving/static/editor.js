// The editor page: YASGUI over this server's /sparql, each saved query a ready tab. Everything
// that would reach another host is off: the endpoint list holds only /sparql, no share links
// (they need an outside shortener), no browser storage (a tab persisted from another server's
// page would run there), and no autocompletion services. Loaded as a file: no inline script.
"use strict";

(async function start() {
  const root = document.getElementById("yasgui");
  const status = document.getElementById("editor-status");
  const endpoint = new URL(root.dataset.endpoint, window.location.href).href;
  let saved = [];
  try {
    const answer = await fetch(root.dataset.tabs, { headers: { Accept: "application/json" } });
    saved = await answer.json();
  } catch (error) {
    status.textContent = "The saved queries could not be read; the editor still runs queries.";
  }
  const local = { requestConfig: { endpoint, method: "POST" } };
  const yasgui = new Yasgui(root, {
    requestConfig: { endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint }], keys: [] },
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
    tabName: "New query",
    yasqe: { persistenceId: null, createShareableLink: null, createShortLink: null },
    yasr: { persistenceId: null },
  });
  const first = yasgui.addTab(true, {
    ...local,
    name: "New query",
    yasqe: { value: "PREFIX aiz: <https://w3id.org/aizones/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\nSELECT ?zone ?label WHERE {\n  ?zone a aiz:PilotZone ; rdfs:label ?label .\n  FILTER(LANG(?label) = \"en\")\n}\nORDER BY ?label\n" },
  });
  for (const tab of saved) {
    yasgui.addTab(false, { ...local, id: "saved-" + tab.name, name: tab.title, yasqe: { value: tab.query } });
  }
  const choose = () => { // /editor#NAME: that saved query's tab (a saved query's page links there)
    const asked = decodeURIComponent(window.location.hash.slice(1));
    if (asked && saved.some((tab) => tab.name === asked)) yasgui.selectTabId("saved-" + asked);
  };
  choose();
  window.addEventListener("hashchange", choose);
  window.aizonesEditor = yasgui;
  document.body.dataset.tabs = String(saved.length + 1);
  document.body.dataset.ready = first ? "true" : "false";
})();
