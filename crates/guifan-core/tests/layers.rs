//! The crate's modules keep the layers the crate docs state (`src/lib.rs`, "# Layers"): every
//! `crate::…` path in `src/` is an edge from the module it is written in to the module it names;
//! no edge goes up a layer, and no chain of edges comes back to where it started.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// An edge and the first place it is written.
type Edges = BTreeMap<(String, String), String>;

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a Rust file without its comments: doc links name other layers without depending
/// on them. Strings stay (`serialize_with = "crate::…"` is a dependency); characters and raw
/// strings are skipped whole, so a `'"'` or an `r#"//"#` cannot derail the reading.
fn code(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let at = |j: usize| c.get(j).copied();
    while i < c.len() {
        if c[i] == '/' && at(i + 1) == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && at(i + 1) == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && at(i + 1) == Some('*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == Some('/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c[i] == 'r' && (i == 0 || !ident(c[i - 1])) && matches!(at(i + 1), Some('"' | '#')) {
            // A raw string: r"…", r#"…"#.
            let hashes = c[i + 1..].iter().take_while(|&&ch| ch == '#').count();
            if c.get(i + 1 + hashes) != Some(&'"') {
                out.push(c[i]);
                i += 1;
                continue;
            }
            let close: Vec<char> = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            let start = i + 2 + hashes;
            let end = (start..c.len()).find(|&j| c[j..].starts_with(&close)).unwrap_or(c.len());
            out.extend(&c[i..(end + close.len()).min(c.len())]);
            i = end + close.len();
        } else if c[i] == '"' {
            let start = i;
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.extend(&c[start..i.min(c.len())]);
        } else if c[i] == '\'' && (at(i + 1) == Some('\\') || at(i + 2) == Some('\'')) {
            // A character ('"', '\\'); a lifetime has no closing quote.
            i += 2;
            while i < c.len() && c[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// The first segments of the paths after `crate::`: `crate::pack::Pack` names `pack`,
/// `crate::{tier::Tier, Error}` names `tier` and `Error`.
fn named(code: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        if code[..at].ends_with(|c: char| c == '$' || c.is_alphanumeric() || c == '_') {
            continue;
        }
        let line = code[..at].matches('\n').count() + 1;
        let rest = &code[at + "crate::".len()..];
        let first =
            |s: &str| s.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for ch in group.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push((first(&item), line));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(ch);
            }
            out.push((first(&item), line));
        } else {
            out.push((first(rest), line));
        }
    }
    out.retain(|(name, _)| !name.is_empty());
    out
}

/// The items the crate root re-exports, by the module they come from (`Error` → `error`).
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in code(lib).lines() {
        let Some(path) = line.trim().strip_prefix("pub use ").and_then(|l| l.strip_suffix(';')) else { continue };
        let Some((module, items)) = path.split_once("::") else { continue };
        for item in items.trim_matches(|c| c == '{' || c == '}').split(',') {
            out.insert(item.trim().to_string(), module.to_string());
        }
    }
    out
}

/// The module graph of `(module, code)` pairs: an edge per module named by another.
fn graph(sources: &[(String, String, String)], modules: &[String], roots: &BTreeMap<String, String>) -> Edges {
    let mut edges = Edges::new();
    for (module, file, text) in sources {
        for (name, line) in named(&code(text)) {
            let target = if modules.contains(&name) { Some(&name) } else { roots.get(&name) };
            if let Some(target) = target.filter(|t| *t != module) {
                edges.entry((module.clone(), target.clone())).or_insert_with(|| format!("{file}:{line}"));
            }
        }
    }
    edges
}

/// A circle of the graph, if there is one, as the modules along it and where each step is written.
fn circle(edges: &Edges) -> Option<String> {
    fn visit(node: &str, edges: &Edges, path: &mut Vec<String>, done: &mut Vec<String>) -> Option<String> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut steps = vec![path[at].clone()];
            for pair in path[at..].iter().chain(std::iter::once(&node.to_string())).collect::<Vec<_>>().windows(2) {
                steps.push(format!("{} ({})", pair[1], edges[&(pair[0].clone(), pair[1].clone())]));
            }
            return Some(steps.join(" → "));
        }
        if done.iter().any(|n| n == node) {
            return None;
        }
        path.push(node.to_string());
        for (_, to) in edges.keys().filter(|(from, _)| from == node) {
            if let Some(found) = visit(to, edges, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.push(node.to_string());
        None
    }
    let (mut path, mut done) = (Vec::new(), Vec::new());
    let starts: Vec<&String> = edges.keys().map(|(from, _)| from).collect();
    starts.into_iter().find_map(|start| visit(start, edges, &mut path, &mut done))
}

/// The layers of the crate docs: the modules named in each numbered item of "# Layers".
fn layers(lib: &str, roots: &BTreeMap<String, String>) -> Vec<Vec<String>> {
    let docs: Vec<&str> = lib.lines().map_while(|l| l.strip_prefix("//!")).collect();
    let start = docs.iter().position(|l| l.trim() == "# Layers").expect("the crate docs state the layers");
    let mut out: Vec<Vec<String>> = Vec::new();
    for line in &docs[start + 1..] {
        let line = line.trim();
        if line.starts_with('#') {
            break;
        }
        if line.split_once(". ").is_some_and(|(n, _)| n.parse::<u32>().is_ok()) {
            out.push(Vec::new());
        }
        let Some(layer) = out.last_mut() else { continue };
        for name in line.split('`').skip(1).step_by(2) {
            let name = roots.get(name).cloned().unwrap_or_else(|| name.to_string());
            layer.push(name);
        }
    }
    out
}

#[test]
fn modules_keep_their_layers_and_form_no_circle() {
    let mut paths = Vec::new();
    files(&src(), &mut paths);
    let mut sources = Vec::new();
    for path in &paths {
        let rel = path.strip_prefix(src()).unwrap();
        let module = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if module != "lib" {
            sources.push((module, format!("src/{}", rel.display()), std::fs::read_to_string(path).unwrap()));
        }
    }
    let mut modules: Vec<String> = sources.iter().map(|(m, ..)| m.clone()).collect();
    modules.sort();
    modules.dedup();
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let roots = reexports(&lib);
    let edges = graph(&sources, &modules, &roots);
    assert!(edges.len() > 40, "only {} edges: the reading is broken", edges.len());
    if let Some(found) = circle(&edges) {
        panic!("the modules form a circle: {found}");
    }
    let layers = layers(&lib, &roots);
    let layer_of = |m: &str| layers.iter().position(|l| l.iter().any(|n| n == m));
    for m in &modules {
        assert!(layer_of(m).is_some(), "module {m} is in no layer of the crate docs");
    }
    for ((from, to), at) in &edges {
        let (a, b) = (layer_of(from).unwrap(), layer_of(to).unwrap());
        assert!(
            b <= a,
            "{from} (layer {}) uses {to} (layer {}) at {at}: a layer uses only the ones below",
            a + 1,
            b + 1
        );
    }
    // The pack is data: no family, nothing above it.
    assert!(edges.keys().all(|(from, to)| from != "pack" || layer_of(to) < layer_of("pack")));
}

#[test]
fn the_reading_finds_circles_and_skips_comments() {
    let text = r##"
        use crate::{b::{X, Y}, Error};
        /// See [`A`](crate::c::A) — a doc link, no dependency.
        /* crate::c */ let s = "crate::d::f"; let q = '"'; let r = r#"crate::"#;
        fn f<'a>(x: &'a str) -> char { '\\' }
    "##;
    let names: Vec<String> = named(&code(text)).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["b", "Error", "d"]);
    let modules = vec!["a".to_string(), "b".to_string(), "c".to_string()];
    let sources = vec![
        ("a".to_string(), "src/a.rs".to_string(), "use crate::b::X;".to_string()),
        ("b".to_string(), "src/b.rs".to_string(), "fn f() { crate::c::g() }".to_string()),
        ("c".to_string(), "src/c.rs".to_string(), "\n// crate::a\nuse crate::{a::Y};".to_string()),
    ];
    let edges = graph(&sources, &modules, &BTreeMap::new());
    assert_eq!(circle(&edges).unwrap(), "a → b (src/a.rs:1) → c (src/b.rs:1) → a (src/c.rs:3)");
    let lib = "//! # Layers\n//! 1. base: [`Error`], `c`\n//!    and `b`\n//! 2. `a`\n";
    let roots = BTreeMap::from([("Error".to_string(), "error".to_string())]);
    assert_eq!(layers(lib, &roots), [vec!["error", "c", "b"], vec!["a"]]);
}
