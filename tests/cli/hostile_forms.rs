//! Forms against hostile text and files (issue 20): every form `forms`
//! writes is collected unchanged, whatever the tasks hold.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{cooptrack_in, copy_bundled, stdout_of};

const TODAY: &str = "2020-07-03";

/// A copy of the bundled tasks with `edit` applied to one task file.
fn tasks_with(root: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let tasks = copy_bundled(root);
    let path = tasks.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    tasks
}

fn make_forms(tasks: &Path, out: &Path) -> String {
    stdout_of(
        cooptrack_in(tasks)
            .args(["--as-of", TODAY, "forms", "--period", "2020Q2", "-o"])
            .arg(out),
    )
}

fn collect(tasks: &Path, form: &Path) -> (Option<i32>, String) {
    let out = cooptrack_in(tasks)
        .args(["--as-of", TODAY, "collect"])
        .arg(form)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap(),
    )
}

/// A title starting like a formula and a progress note holding CR and VT:
/// the untouched form reads back with every row empty (未填写), not
/// refused as edited.
#[test]
fn a_form_of_formula_like_and_control_character_text_is_collected_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = tasks_with(
        dir.path(),
        "2.3.yaml",
        "title: 畅通涪江航道",
        "title: \"=畅通涪江航道\"",
    );
    let path = tasks.join("2.3.yaml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replacen("title: \"=", "title: \"=+@-", 1)).unwrap();
    cooptrack_in(&tasks)
        .args(["--as-of", "2020-06-20", "update", "2.3", "--by", "区水务局"])
        .args(["--note", "完成方案编制\r报审查\u{b}中\u{1}"])
        .assert()
        .success();
    let forms = dir.path().join("forms");
    make_forms(&tasks, &forms);
    let (code, out) = collect(&tasks, &forms.join("2020Q2-区水务局.xlsx"));
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("  2.3  未填写") || out.contains("  2.3  empty"),
        "{out}"
    );
    assert!(
        !out.contains("  refused  ") && !out.contains("  拒收  "),
        "{out}"
    );
}
