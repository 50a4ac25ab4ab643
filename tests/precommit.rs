//! The pre-commit hooks (`.pre-commit-hooks.yaml`) run by the real
//! `pre-commit` (PyPI, pinned in `.ci/run`, installed into `.tools/venv`).
//!
//! `pre-commit try-repo` builds aslc from this repository the way a user's
//! pre-commit does (`language: rust`: `cargo install --path .`), then runs
//! the hook in a scratch repository holding one good and one bad `.sfl`.
//! That install is a second build of aslc and its dependencies, so it is
//! pointed at a target directory kept between runs (`target/precommit`)
//! and made with the release profile at opt-level 0 without debug info: a
//! clean machine pays about two CPU-minutes once, a later run only rebuilds
//! aslc. Skipped where pre-commit is not installed, except under CI.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a panic is a test failure"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The pinned pre-commit, or `None` (with a note) where it is not installed.
fn pre_commit() -> Option<PathBuf> {
    let path = root().join(".tools/venv/bin/pre-commit");
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "pre-commit is missing from .tools/venv: .ci/run installs it"
    );
    eprintln!("SKIPPED: pre-commit is not installed in .tools/venv (bash .ci/run installs it)");
    None
}

fn run(program: &Path, args: &[&str], dir: &Path) -> Output {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("precommit");
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env(
            "PRE_COMMIT_HOME",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("pre-commit-home"),
        )
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A git repository with `good.sfl` (an example) and `bad.sfl` (a syntax
/// error on line 3), both added.
fn scratch_repository() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("precommit-scratch");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(root().join("examples/order_sync.sfl"), dir.join("good.sfl")).unwrap();
    std::fs::write(dir.join("bad.sfl"), "workflow bad() {\n    let x =\n}\n").unwrap();
    let git = Path::new("git");
    for args in [&["init", "-q"][..], &["add", "good.sfl", "bad.sfl"][..]] {
        let out = run(git, args, &dir);
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
    }
    dir
}

#[test]
fn the_hooks_file_is_a_valid_manifest() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let manifest = root().join(".pre-commit-hooks.yaml");
    let out = run(
        &pre_commit,
        &["validate-manifest", manifest.to_str().unwrap()],
        root(),
    );
    assert!(out.status.success(), "{}", text(&out));
    let hooks = std::fs::read_to_string(&manifest).unwrap();
    for id in ["- id: aslc-check", "- id: aslc-fmt"] {
        assert!(hooks.contains(id), "{id} missing:\n{hooks}");
    }
}

#[test]
fn try_repo_passes_the_good_file_and_fails_the_bad_one() {
    let Some(pre_commit) = pre_commit() else {
        return;
    };
    let dir = scratch_repository();
    let repo = root().to_str().unwrap();

    let good = run(
        &pre_commit,
        &[
            "try-repo",
            repo,
            "aslc-check",
            "--color",
            "never",
            "--files",
            "good.sfl",
        ],
        &dir,
    );
    let good_text = text(&good);
    assert!(good.status.success(), "{good_text}");
    assert!(good_text.contains("aslc check"), "{good_text}");
    assert!(good_text.contains("Passed"), "{good_text}");

    let all = run(
        &pre_commit,
        &[
            "try-repo",
            repo,
            "aslc-check",
            "--color",
            "never",
            "--all-files",
        ],
        &dir,
    );
    let all_text = text(&all);
    assert_eq!(all.status.code(), Some(1), "{all_text}");
    assert!(all_text.contains("Failed"), "{all_text}");
    // The bad file's own diagnostic, located; the good file checked clean.
    assert!(all_text.contains("E0001"), "{all_text}");
    assert!(all_text.contains("bad.sfl:3:1"), "{all_text}");
    assert!(
        all_text.contains("could not compile `bad.sfl`"),
        "{all_text}"
    );
    assert!(!all_text.contains("good.sfl:"), "{all_text}");
    assert!(
        all_text.contains("checked 2 files: 1 error, 0 warnings"),
        "{all_text}"
    );
}
