//! `guifan eval`: requests as JSON Lines (or one JSON array), one response per line, in order.
//! A line that is not valid UTF-8 or JSON gets an error response and the batch goes on.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;

use guifan_core::engine::Engine;
use guifan_core::evaluate::{error_value, parse_json};
use guifan_core::Error;
use serde_json::Value;

fn respond(engine: &Engine, request: Value, explain: bool) -> Value {
    match request {
        Value::Object(mut map) if explain => {
            map.entry("explain").or_insert(Value::Bool(true));
            engine.evaluate_value(&Value::Object(map))
        }
        other => engine.evaluate_value(&other),
    }
}

fn parse(bytes: &[u8]) -> Result<Value, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let start: String = String::from_utf8_lossy(bytes).chars().take(60).collect();
        Error::invalid("request", start, format!("not valid UTF-8 ({e})"))
    })?;
    parse_json(text)
}

pub fn run(engine: &Engine, file: Option<&Path>, explain: bool) -> Result<bool, String> {
    let input: Box<dyn Read> = match file {
        None => Box::new(io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(io::stdin().lock()),
        Some(p) => Box::new(File::open(p).map_err(|e| format!("{}: {e}", p.display()))?),
    };
    let mut reader = BufReader::new(input);
    let mut out = BufWriter::new(io::stdout().lock());
    let mut emit = |value: &Value| -> Result<(), String> {
        serde_json::to_writer(&mut out, value).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(|e| e.to_string())
    };
    // One JSON array, or JSON Lines: decided by the first non-blank byte.
    let first = loop {
        let buf = reader.fill_buf().map_err(|e| e.to_string())?;
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => break Some(buf[i]),
            None if buf.is_empty() => break None,
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    };
    if first == Some(b'[') {
        let mut all = Vec::new();
        reader.read_to_end(&mut all).map_err(|e| e.to_string())?;
        match parse(&all) {
            Ok(Value::Array(requests)) => {
                for request in requests {
                    emit(&respond(engine, request, explain))?;
                }
            }
            Ok(other) => emit(&respond(engine, other, explain))?,
            Err(e) => emit(&error_value(&e))?,
        }
    } else {
        for line in reader.split(b'\n') {
            let line = line.map_err(|e| e.to_string())?;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let response = match parse(&line) {
                Ok(request) => respond(engine, request, explain),
                Err(e) => error_value(&e),
            };
            emit(&response)?;
        }
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(true)
}
