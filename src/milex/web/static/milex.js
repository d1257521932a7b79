// milex dashboard: draws every [data-chart] (or [data-spec]) figure with the Vega bundle this app serves
// (/static/vega.js sets window.vegaEmbed), and submits selector forms on change.
//
// The page's Content Security Policy forbids eval, so Vega's expressions run through
// vega-embed's interpreter (ast: true) instead of generated code.

const EMBED_OPTIONS = {
  ast: true,
  renderer: "svg",
  actions: { export: true, source: false, compiled: false, editor: false },
  i18n: { PNG_ACTION: "Download PNG", SVG_ACTION: "Download SVG" },
};

async function spec(figure) {
  // A chart of an uploaded scenario carries its spec: there is no URL to fetch it from again.
  if (figure.dataset.spec) {
    return JSON.parse(figure.dataset.spec);
  }
  const response = await fetch(figure.dataset.chart, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || response.statusText);
  }
  return body;
}

async function draw(figure) {
  const view = figure.querySelector(".chart-view");
  try {
    const body = await spec(figure);
    if (typeof window.vegaEmbed !== "function") {
      throw new Error("the chart library did not load");
    }
    view.replaceChildren();
    await window.vegaEmbed(view, body, {
      ...EMBED_OPTIONS,
      downloadFileName: figure.dataset.name || "milex-chart",
    });
    figure.classList.add("drawn");
  } catch (error) {
    view.replaceChildren();
    const message = document.createElement("p");
    message.className = "chart-status chart-error";
    message.textContent = `Chart unavailable: ${error.message}`;
    view.append(message);
  }
}

function autosubmit() {
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    for (const select of form.querySelectorAll("select")) {
      select.addEventListener("change", () => form.requestSubmit());
    }
  }
}

autosubmit();
for (const figure of document.querySelectorAll("[data-chart], [data-spec]")) {
  draw(figure);
}
