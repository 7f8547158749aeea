// An editor of a JSON array parameter (status `lines`, points `lots`): one row of inputs per
// object. Keys keep the contract's names; an empty input (or a checkbox at its default) leaves
// its key out, so the JSON stays as short as the vectors write it.
import { h, options } from "./dom.js";

/** Rows parsed from a parameter's text; anything but an array of objects edits as no rows. */
export function parseRows(text) {
  try {
    const rows = JSON.parse(text || "[]");
    return Array.isArray(rows) ? rows.map((r) => (r && typeof r === "object" ? r : {})) : [];
  } catch {
    return [];
  }
}

function cell(row, column, id, changed) {
  const { key, type = "text" } = column;
  const set = (value, empty) => {
    if (empty) delete row[key];
    else row[key] = value;
    changed();
  };
  if (type === "check") {
    const fallback = column.default ?? false;
    return h("input", {
      type: "checkbox",
      id,
      checked: (row[key] ?? fallback) === true,
      onchange: (e) => set(e.target.checked, e.target.checked === fallback),
    });
  }
  const value = row[key] === undefined ? "" : String(row[key]);
  const oninput = (e) => {
    const v = e.target.value;
    set(type === "number" && /^\d+$/.test(v) ? Number(v) : v, v === "");
  };
  if (type === "select") return h("select", { id, value, onchange: oninput }, options(column.options, value));
  return h("input", { id, value, oninput, autocomplete: "off", ...(type === "number" ? { inputmode: "numeric" } : { type }) });
}

/** The rows with an input per column, a remove button per row and an add button; `onchange(rows,
 * structural)` gets the edited rows (structural when a row came or went). */
export function rowsEditor({ id, rows, columns, onchange, t, add, blank = () => ({}) }) {
  return h(
    "div",
    { class: "rows" },
    h(
      "ol",
      {},
      rows.map((row, i) =>
        h(
          "li",
          { class: "row" },
          columns.map((c) =>
            h(
              "label",
              { class: c.type === "check" ? "check" : "field" },
              c.type !== "check" && h("span", { class: "label" }, c.label),
              cell(row, c, `${id}-${i}-${c.key}`, () => onchange(rows, false)),
              c.type === "check" && h("span", {}, c.label),
            ),
          ),
          h(
            "button",
            {
              type: "button",
              class: "remove",
              id: `${id}-${i}-remove`,
              "aria-label": t("remove.row", i + 1),
              onclick: () => onchange(rows.toSpliced(i, 1), true),
            },
            "×",
          ),
        ),
      ),
    ),
    h("button", { type: "button", class: "add", id: `${id}-add`, onclick: () => onchange([...rows, blank(rows.length)], true) }, add),
  );
}
