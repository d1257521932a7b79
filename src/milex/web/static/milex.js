// milex dashboard: draws every [data-chart] (or [data-spec]) figure with the Vega bundle this app serves
// (/static/vega.js sets window.vegaEmbed), submits selector forms on change, sorts tables on a
// click of a heading, and redraws the pathway chart when allies are picked to highlight.
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
  figure.classList.remove("drawn");
  try {
    const body = await spec(figure);
    if (typeof window.vegaEmbed !== "function") {
      throw new Error("the chart library did not load");
    }
    view.replaceChildren();
    const result = await window.vegaEmbed(view, body, {
      ...EMBED_OPTIONS,
      downloadFileName: figure.dataset.name || "milex-chart",
    });
    figure.classList.add("drawn");
    // When each chart was drawn, for anyone measuring (bench/dashboard.py reads it).
    performance.mark(`milex:drawn:${figure.dataset.name || "chart"}`);
    figure.dispatchEvent(new CustomEvent("milex:drawn", { detail: result.view }));
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

// -- sortable tables -------------------------------------------------------------------------

function sortValue(cell) {
  // Figures sort by their exact value (data-sort); a dash or "?" (no figure) sorts last.
  const raw = cell.dataset.sort ?? cell.textContent.trim();
  if (raw === "" || raw === "–" || raw === "?") {
    return null;
  }
  const number = Number(raw);
  return Number.isFinite(number) && cell.dataset.sort !== undefined ? number : raw.toLowerCase();
}

function compare(a, b) {
  if (a === null || b === null) {
    return a === b ? 0 : a === null ? 1 : -1;
  }
  if (typeof a === "number" && typeof b === "number") {
    return a - b;
  }
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function sortBy(table, index, descending) {
  const body = table.tBodies[0];
  const rows = [...body.rows];
  // Totals (NATO, its groups) stay below the allies, in their own order.
  const totals = rows.filter((row) => row.classList.contains("aggregate"));
  const sorted = rows
    .filter((row) => !row.classList.contains("aggregate"))
    .map((row, position) => ({ row, position, value: sortValue(row.cells[index]) }))
    .sort((x, y) => {
      const order = compare(x.value, y.value);
      // Missing figures stay last whichever way the column is sorted.
      if (x.value === null || y.value === null) {
        return order || x.position - y.position;
      }
      return (descending ? -order : order) || x.position - y.position;
    })
    .map((entry) => entry.row);
  body.replaceChildren(...sorted, ...totals);
  for (const [at, heading] of [...table.tHead.rows[0].cells].entries()) {
    if (at === index) {
      heading.setAttribute("aria-sort", descending ? "descending" : "ascending");
    } else {
      heading.removeAttribute("aria-sort");
    }
  }
}

function sortable() {
  for (const table of document.querySelectorAll("table[data-sortable]")) {
    for (const [index, heading] of [...table.tHead.rows[0].cells].entries()) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.append(...heading.childNodes);
      button.title = "Sort by this column";
      button.addEventListener("click", () => {
        // First click: figures largest first, words A to Z; a second click turns it round.
        const current = heading.getAttribute("aria-sort");
        const numeric = [...table.tBodies[0].rows].some(
          (row) => row.cells[index] && row.cells[index].dataset.sort !== undefined,
        );
        const descending = current ? current === "ascending" : numeric;
        sortBy(table, index, descending);
      });
      heading.append(button);
    }
  }
}

// -- highlighted allies on the pathway chart ----------------------------------------------------

function withHighlight(url, codes) {
  const target = new URL(url, window.location.href);
  if (codes.length) {
    target.searchParams.set("highlight", codes.join(","));
  } else {
    target.searchParams.delete("highlight");
  }
  return target.pathname + target.search;
}

function highlighting() {
  for (const form of document.querySelectorAll("form[data-highlight]")) {
    const figure = document.querySelector(`figure[data-name="${form.dataset.highlight}"]`);
    if (!figure) {
      continue;
    }
    const max = Number(form.dataset.max);
    const boxes = [...form.querySelectorAll("input[name=highlight]")];
    const status = form.querySelector(".highlight-status");
    const names = new Map(boxes.map((box) => [box.value, box.parentElement.textContent.trim()]));

    const update = () => {
      const codes = boxes.filter((box) => box.checked).map((box) => box.value);
      for (const box of boxes) {
        box.disabled = !box.checked && codes.length >= max;
      }
      status.textContent = codes.length
        ? `Highlighted: ${codes.map((code) => names.get(code)).join(", ")}.`
        : "None picked: the chart highlights the allies spending most at the deadline.";
      figure.dataset.chart = withHighlight(figure.dataset.chart, codes);
      const link = figure.querySelector("figcaption a[href^='/chart/']");
      if (link) {
        link.href = figure.dataset.chart;
      }
      // The page's own URL (and the commitment form) keep the choice for a reload or a link.
      window.history.replaceState(null, "", withHighlight(window.location.href, codes));
      for (const hidden of document.querySelectorAll("form[data-autosubmit] input[name=highlight]")) {
        hidden.value = codes.join(",");
      }
      draw(figure);
    };
    for (const box of boxes) {
      box.addEventListener("change", update);
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      update();
    });
    // A click on a line (or a name at its end) picks that ally out, or puts it back in grey.
    figure.addEventListener("milex:drawn", (event) => {
      event.detail.addEventListener("click", (_, item) => {
        const datum = item && item.datum;
        const code = datum && (datum.iso3 || (datum.datum && datum.datum.iso3));
        const box = boxes.find((candidate) => candidate.value === code);
        if (box && !box.disabled) {
          box.checked = !box.checked;
          update();
        }
      });
    });
  }
}

autosubmit();
sortable();
highlighting();
for (const figure of document.querySelectorAll("[data-chart], [data-spec]")) {
  draw(figure);
}
