// What every guifan entry shares, the WebAssembly module's and the calendar-only one
// (`guifan/calendar`): the error it throws and how it reads a date.

/** An error of guifan: `kind` is the stable error kind of the contract. */
export class GuifanError extends Error {
  constructor(kind, message, { field = null, value = null, row, problems } = {}) {
    super(message);
    this.name = "GuifanError";
    this.kind = kind;
    this.field = field;
    this.value = value;
    if (row !== undefined) this.row = row;
    if (problems !== undefined) this.problems = problems;
  }
}

/** A date field: `YYYY-MM-DD` as is; a Date by its Beijing calendar day. */
export function day(value) {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return new Date(value.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  }
  return value;
}
