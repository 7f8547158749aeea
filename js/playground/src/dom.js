// A small element builder and the form controls bound to URL parameters.

/** `h("p", { class: "x", onclick }, "text", child)`: attributes, `on*` listeners, children
 * (nested arrays flattened; null, undefined and false skipped). `value` and `checked` are set as
 * properties after the children, so a <select> picks among its options. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  const props = {};
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "value" || k === "checked") props[k] = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  el.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return Object.assign(el, props);
}

const labelled = (label, control, hint) =>
  h("label", { class: "field" }, h("span", { class: "label" }, label), control, hint && h("small", { class: "hint" }, hint));

/** A text-like input bound to the parameter `name` (`type` date, datetime-local, …). */
export function input(ctx, name, label, attrs = {}, hint) {
  const control = h("input", { id: `f-${name}`, name, value: ctx.get(name), oninput: (e) => ctx.set(name, e.target.value), ...attrs });
  return labelled(label, control, hint);
}

/** A date-time input with seconds and a clear button (for optional instants). */
export function instant(ctx, name, label, { optional = false, hint } = {}) {
  const field = input(ctx, name, label, { type: "datetime-local", step: 1 }, hint);
  if (optional) {
    field
      .querySelector("input")
      .after(h("button", { type: "button", class: "clear", onclick: () => ctx.set(name, "", true) }, ctx.t("clear")));
  }
  return field;
}

/** An <option> for a value of the URL that is not among `values`, so the control shows what the
 * URL says (and guifan says what is wrong with it). */
const stray = (value, values) => (values.includes(value) ? null : h("option", { value }, value));

/** <option>s from [value, label] pairs. */
export const options = (pairs, value) => [
  stray(
    value,
    pairs.map(([v]) => v),
  ),
  pairs.map(([v, text]) => h("option", { value: v }, text)),
];

/** A select bound to `name` over prepared <option>s; a change re-renders the form (fields may
 * appear or go). */
function select(ctx, name, label, children) {
  const control = h("select", { id: `f-${name}`, name, value: ctx.get(name), onchange: (e) => ctx.set(name, e.target.value, true) }, children);
  return labelled(label, control);
}

/** A select bound to `name` over [value, label] pairs. */
export const choice = (ctx, name, label, pairs) => select(ctx, name, label, options(pairs, ctx.get(name)));

/** A checkbox bound to `name`: "true" when checked, absent otherwise. */
export function check(ctx, name, label) {
  return h(
    "label",
    { class: "check" },
    h("input", {
      type: "checkbox",
      id: `f-${name}`,
      name,
      checked: ctx.get(name) === "true",
      onchange: (e) => ctx.set(name, e.target.checked ? "true" : ""),
    }),
    h("span", {}, label),
  );
}

/** A titled group of controls. */
export const group = (title, ...children) => h("fieldset", {}, h("legend", {}, title), ...children);
