//! `guifan eval`: requests as JSON Lines (or one JSON array), one response per line, in order.
//! Output line N answers input line N: a line that is blank, not valid UTF-8 or not JSON gets an
//! error response and the batch goes on. Blank lines at the very end are not requests.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;

use guifan_core::engine::Engine;
use guifan_core::evaluate::{error_json, parse_json, Request};
use guifan_core::Error;
use serde_json::value::RawValue;

/// The answer to one request's text; `explain` asks every request for its explanation.
fn respond(engine: &Engine, request: &[u8], explain: bool) -> String {
    match Request::from_slice(request) {
        Ok(mut request) => {
            request.explain |= explain;
            engine.evaluate(&request).to_json()
        }
        Err(e) => error_json(&e),
    }
}

/// The answer to a blank line in JSON Lines input, so that later answers keep their line.
fn empty_line() -> String {
    error_json(&Error::invalid("request", "", "empty line"))
}

pub fn run(engine: &Engine, file: Option<&Path>, explain: bool) -> Result<bool, String> {
    let input: Box<dyn Read> = match file {
        None => Box::new(io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(io::stdin().lock()),
        Some(p) => Box::new(File::open(p).map_err(|e| format!("{}: {e}", p.display()))?),
    };
    let mut reader = BufReader::new(input);
    let mut out = BufWriter::new(io::stdout().lock());
    let mut emit = |answer: &str| -> Result<(), String> {
        out.write_all(answer.as_bytes()).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(|e| e.to_string())
    };
    // One JSON array, or JSON Lines: decided by the first non-blank byte. Blank lines skipped on
    // the way are owed an answer each if JSON Lines follow.
    let mut blank = 0usize;
    let first = loop {
        let buf = reader.fill_buf().map_err(|e| e.to_string())?;
        let at = buf.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(buf.len());
        blank += buf[..at].iter().filter(|&&b| b == b'\n').count();
        match buf.get(at) {
            Some(&b) => {
                reader.consume(at);
                break Some(b);
            }
            None if buf.is_empty() => break None,
            None => reader.consume(at),
        }
    };
    if first == Some(b'[') {
        let mut all = Vec::new();
        reader.read_to_end(&mut all).map_err(|e| e.to_string())?;
        // Each request is read from its own text, so its amounts stay exact.
        match serde_json::from_slice::<Vec<&RawValue>>(&all) {
            Ok(requests) => {
                for request in requests {
                    emit(&respond(engine, request.get().as_bytes(), explain))?;
                }
            }
            Err(_) => emit(&error_json(
                &parse_json(&all).err().unwrap_or_else(|| Error::invalid("request", "", "not an array")),
            ))?,
        }
    } else {
        for line in reader.split(b'\n') {
            let line = line.map_err(|e| e.to_string())?;
            if line.iter().all(u8::is_ascii_whitespace) {
                blank += 1;
                continue;
            }
            // Blank lines count only once a request follows them.
            for _ in 0..std::mem::take(&mut blank) {
                emit(&empty_line())?;
            }
            emit(&respond(engine, &line, explain))?;
        }
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(true)
}
