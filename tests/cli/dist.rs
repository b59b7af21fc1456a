//! The release archives' contents: `scripts/dist`'s own packing functions,
//! sourced and run here: the manual pages and completion scripts from the
//! binary under test, packed with a small stand-in for the program (the
//! cross builds themselves run in `make dist`, not here).

use std::path::Path;
use std::process::Command;

#[cfg(unix)]
#[test]
fn an_archive_holds_the_guides_man_pages_and_four_completion_scripts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("cooptrack");
    let script = format!(
        "set -euo pipefail; source scripts/dist; OUT='{out}'; extras '{bin}'; \
         printf 'stand-in' >\"$OUT\"/cooptrack; \
         package x86_64-unknown-linux-musl \"$OUT\"/cooptrack; \
         tar --quoting-style=literal -tzf \"$OUT\"/cooptrack-*-x86_64-unknown-linux-musl.tar.gz",
        out = out.path().display(),
        bin = bin.display()
    );
    let run = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(root)
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let listing = String::from_utf8(run.stdout).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let dir = format!("cooptrack-{version}-x86_64-unknown-linux-musl/");
    for part in [
        "cooptrack",
        "README.md",
        "LICENSE",
        "docs/用户指南.md",
        "docs/reference.md",
        "man/cooptrack.1",
        "man/cooptrack-edit.1",
        "completions/cooptrack.bash",
        "completions/_cooptrack",
        "completions/cooptrack.fish",
        "completions/cooptrack.ps1",
    ] {
        assert!(
            listing.lines().any(|l| l == format!("{dir}{part}")),
            "{part} missing:\n{listing}"
        );
    }
    // The pages are English whatever the packer's locale; the PowerShell
    // script registers the completer.
    let ps1 = Command::new("tar")
        .args(["xzf"])
        .arg(out.path().join(format!(
            "cooptrack-{version}-x86_64-unknown-linux-musl.tar.gz"
        )))
        .arg("-O")
        .arg(format!("{dir}completions/cooptrack.ps1"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&ps1.stdout).contains("Register-ArgumentCompleter"));
    let page = Command::new("tar")
        .args(["xzf"])
        .arg(out.path().join(format!(
            "cooptrack-{version}-x86_64-unknown-linux-musl.tar.gz"
        )))
        .arg("-O")
        .arg(format!("{dir}man/cooptrack-list.1"))
        .output()
        .unwrap();
    let page = String::from_utf8_lossy(&page.stdout);
    assert!(page.contains("List the tasks"), "{page}");
}
