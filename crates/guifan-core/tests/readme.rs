//! The repository README's Rust example is the crate README's first one, which runs as a doc
//! test (`ReadmeExamples` in `lib.rs`). Outside the repository (the published package) there is
//! no repository README to compare, and the test says so.

fn rust_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```rust") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), l) => {
                block.push_str(l);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn the_repository_readme_example_is_the_crate_readme_example() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let crate_readme = std::fs::read_to_string(format!("{dir}/README.md")).unwrap();
    let crate_blocks = rust_blocks(&crate_readme);
    assert!(crate_blocks.len() >= 2, "the crate README shows a deadline, a tier and an engine");
    let workspace = std::fs::read_to_string(format!("{dir}/../../Cargo.toml")).unwrap_or_default();
    if !workspace.contains("\"crates/guifan-core\"") {
        eprintln!("not inside the repository (a packaged crate): no repository README to compare");
        return;
    }
    let repository = std::fs::read_to_string(format!("{dir}/../../README.md")).unwrap();
    let repository_blocks = rust_blocks(&repository);
    assert!(!repository_blocks.is_empty(), "the repository README has a Rust example");
    for block in &repository_blocks {
        assert!(
            crate_blocks.contains(block),
            "README.md's Rust example is not in crates/guifan-core/README.md:\n{block}"
        );
    }
}
