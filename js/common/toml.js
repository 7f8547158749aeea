// Rule packs written in TOML, read in JavaScript. The WebAssembly module leaves out the Rust TOML
// reader (it would add about 110 KB), so both packages parse TOML here with smol-toml (copied
// into dist/ by the build) and hand the core the JSON document its own TOML reader would have
// made: validation, and every error about what the pack says, stay in the core. api.js imports
// this module only when a TOML pack is given (`Engine.create`), so bundlers split it off.
//
// Format conversion only, value for value as the core's reader converts them: integers exactly
// (64-bit, as TOML allows), floats as the core writes an f64 (shortest digits, `60.0`, `1e+21`;
// not finite: refused), dates and times as TOML writes them (`2025-01-01`, `09:00:00`).
import { parse } from "./smol-toml/parse.js";

const I64 = 2n ** 63n;

/** The JSON text of a TOML document, or `{ error }` with why it is not TOML. */
export function tomlToJson(text) {
  let doc;
  try {
    doc = parse(text, { integersAsBigInt: true });
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
  try {
    return { json: write(doc) };
  } catch (e) {
    if (e instanceof RangeError && e.message.startsWith("TOML")) return { error: e.message };
    throw e;
  }
}

function write(v) {
  switch (typeof v) {
    case "string":
    case "boolean":
      return JSON.stringify(v);
    case "bigint":
      if (v < -I64 || v >= I64) throw new RangeError(`TOML integers have 64 bits: ${v} does not fit`);
      return v.toString();
    case "number":
      // `inf` and `nan` are null to the core, but so would be an overflowing literal (`1e400`),
      // which the core's reader refuses: refused here alike.
      if (!Number.isFinite(v)) throw new RangeError(`TOML floats here are finite: ${v} is not`);
      return float(v);
  }
  if (v instanceof Date) return JSON.stringify(datetime(v));
  if (Array.isArray(v)) return `[${v.map(write).join(",")}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`)
    .join(",")}}`;
}

/** A float as the core's TOML reader writes an f64 into a JSON number (serde_json): the
 * shortest digits that read back to it, in fixed notation for exponents -5 to 15 (`48.0`,
 * `3359.99`, `0.00001`) and scientific otherwise (`1e+16`, `1.5e-7`). */
function float(x) {
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, exponent] = Math.abs(x).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const n = digits.length;
  const e = Number(exponent);
  let out;
  if (e < -5 || e > 15) out = `${digits[0]}${n > 1 ? `.${digits.slice(1)}` : ""}e${e < 0 ? "-" : "+"}${Math.abs(e)}`;
  else if (n - 1 <= e) out = `${digits}${"0".repeat(e - n + 1)}.0`;
  else if (e >= 0) out = `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
  else out = `0.${"0".repeat(-e - 1)}${digits}`;
  return x < 0 ? `-${out}` : out;
}

/** A TOML date, time or date-time as TOML writes it: `2025-01-01`, `09:00:00.5`,
 * `2025-01-01T09:00:00+08:00` (seconds always, as smol-toml keeps no word of their absence;
 * fractions to the millisecond it keeps). */
function datetime(d) {
  const iso = d.toISOString();
  if (d.isDate()) return iso;
  const [, base, ms, offset = ""] = /^(.*:\d{2})\.(\d{3})(Z|[+-]\d{2}:\d{2})?$/.exec(iso);
  const fraction = ms.replace(/0+$/, "");
  return `${base}${fraction && `.${fraction}`}${offset === "-00:00" ? "+00:00" : offset}`;
}
