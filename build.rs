//! Embeds `docs/errors/*.md` into the binary so `aslc explain CODE` works
//! wherever the binary is installed.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=docs/errors");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut pages: Vec<(String, PathBuf)> = std::fs::read_dir(manifest.join("docs/errors"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "md"))
                .filter_map(|p| {
                    let stem = p.file_stem()?.to_str()?.to_owned();
                    Some((stem, p))
                })
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    let mut code = String::from(
        "/// The long explanation of a code, from `docs/errors/<code>.md`.\n\
         pub fn error_doc(code: &str) -> Option<&'static str> {\n    match code {\n",
    );
    for (stem, path) in &pages {
        let _ = writeln!(
            code,
            "        {stem:?} => Some(include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("        _ => None,\n    }\n}\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("error_docs.rs");
    if let Err(error) = std::fs::write(&out, code) {
        println!("cargo::warning=cannot write {}: {error}", out.display());
    }
}
