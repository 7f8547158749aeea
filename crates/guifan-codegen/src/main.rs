//! `cargo run -p guifan-codegen` writes every generated file; `-- --check` only says which are
//! stale (the test `generated_files_are_fresh` does the same in `cargo test`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    if check {
        let stale = guifan_codegen::stale();
        if stale.is_empty() {
            return ExitCode::SUCCESS;
        }
        eprintln!("stale generated files: {}; run `{}`", stale.join(", "), guifan_codegen::COMMAND);
        return ExitCode::FAILURE;
    }
    for file in guifan_codegen::files() {
        let path = guifan_codegen::root().join(file.path);
        let written =
            path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, file.text));
        if let Err(e) = written {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", file.path);
    }
    ExitCode::SUCCESS
}
