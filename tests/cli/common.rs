//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The bundled tasks/ directory.
pub fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tasks")
}

/// `cooptrack --dir <bundled tasks>` with colour off and a fixed width,
/// run from a temp dir so no other tasks/ is found by accident.
pub fn cooptrack() -> Command {
    let mut cmd = Command::cargo_bin("cooptrack").unwrap();
    cmd.env("NO_COLOR", "1")
        .env("COOPTRACK_LANG", "zh")
        .env_remove("COOPTRACK_DIR")
        .env("COLUMNS", "200")
        .current_dir(std::env::temp_dir())
        .arg("--dir")
        .arg(bundled());
    cmd
}

/// A bare command (no --dir), colour off, Chinese output (the tests
/// assert Chinese text; the default would follow the machine's locale).
pub fn bare() -> Command {
    let mut cmd = Command::cargo_bin("cooptrack").unwrap();
    cmd.env("NO_COLOR", "1")
        .env("COOPTRACK_LANG", "zh")
        .env_remove("COOPTRACK_DIR");
    cmd
}

/// Copies the bundled tasks/ into `<dest>/tasks` and returns that path.
pub fn copy_bundled(dest: &Path) -> PathBuf {
    let target = dest.join("tasks");
    fs::create_dir_all(&target).unwrap();
    for entry in fs::read_dir(bundled()).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), target.join(entry.file_name())).unwrap();
    }
    target
}

pub fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "command failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

pub fn json_of(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout_of(cmd)).unwrap()
}

/// The ids of a `--format json` listing, in order.
pub fn ids(json: &serde_json::Value) -> Vec<String> {
    json.as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

/// `cooptrack --dir <dir>`, colour off, Chinese, fixed width, run from the
/// temp dir.
pub fn cooptrack_in(dir: &Path) -> Command {
    let mut cmd = bare();
    cmd.env("COLUMNS", "200")
        .current_dir(std::env::temp_dir())
        .arg("--dir")
        .arg(dir);
    cmd
}

/// Asserts that every line of every table in `out` has the display width
/// of the table's top border and is no wider than `max`; returns how many
/// tables there were.
pub fn assert_tables_aligned(out: &str, max: usize) -> usize {
    use unicode_width::UnicodeWidthStr;
    let mut width = None;
    let mut tables = 0;
    for line in out.lines() {
        if line.starts_with('┌') {
            width = Some(line.width());
            tables += 1;
        }
        if let Some(w) = width {
            assert_eq!(line.width(), w, "misaligned line:\n{line}\nin\n{out}");
            assert!(w <= max, "table {w} columns wide, over {max}");
        }
        if line.starts_with('└') {
            width = None;
        }
    }
    tables
}

/// The report fixture `tests/fixtures/report/ledger`, copied into
/// `<root>/tasks`; that directory.
pub fn copy_ledger(root: &Path) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ledger");
    let dir = root.join("tasks");
    fs::create_dir(&dir).unwrap();
    for entry in fs::read_dir(source).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    dir
}

/// The ledger fixture after `close-plan` on 2022-12-31, with 1.1 carried
/// over to the next plan: `<root>/tasks`.
pub fn ended_ledger(root: &Path) -> PathBuf {
    let dir = copy_ledger(root);
    let task = fs::read_to_string(dir.join("1.1.yaml")).unwrap();
    fs::write(
        dir.join("1.1.yaml"),
        task + "carried_over_to: ../plan-2023/tasks/1.1.yaml\n",
    )
    .unwrap();
    let plan = fs::read_to_string(dir.join("plan.yaml")).unwrap();
    fs::write(
        dir.join("plan.yaml"),
        plan.replace("status: active", "status: ended\nended_on: 2022-12-31"),
    )
    .unwrap();
    dir
}

/// The units of `period.<list>` in a report's JSON (`unreported`,
/// `partly_reported`): each unit with its task ids, in the report's order.
pub fn owed_units(report: &serde_json::Value, list: &str) -> Vec<(String, Vec<String>)> {
    report["period"][list]
        .as_array()
        .unwrap_or_else(|| panic!("no period.{list} in the report"))
        .iter()
        .map(|u| {
            let ids = u["tasks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_string())
                .collect();
            (u["department"].as_str().unwrap().to_string(), ids)
        })
        .collect()
}

/// The same, one "unit 1.1 1.2" line a unit.
pub fn owed_lines(report: &serde_json::Value, list: &str) -> Vec<String> {
    owed_units(report, list)
        .into_iter()
        .map(|(unit, ids)| format!("{unit} {}", ids.join(" ")))
        .collect()
}
