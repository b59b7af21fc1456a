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

/// 32,768 characters: one more than a spreadsheet cell holds.
fn over_long() -> String {
    "进".repeat(32_768)
}

/// `update` refuses a note, problem or next step longer than a cell
/// holds, naming the flag and the task, and writes nothing.
#[test]
fn update_refuses_a_text_longer_than_a_cell_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = copy_bundled(dir.path());
    let before = fs::read_to_string(tasks.join("2.3.yaml")).unwrap();
    for flag in ["--note", "--problems", "--next-steps"] {
        let out = cooptrack_in(&tasks)
            .args(["--as-of", "2020-06-20", "update", "2.3", "--by", "区水务局"])
            .args([flag, &over_long()])
            // --problems and --next-steps go with a note.
            .args(if flag == "--note" {
                vec![]
            } else {
                vec!["--note", "进展"]
            })
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag}");
        let error = String::from_utf8(out.stderr).unwrap();
        assert!(
            error.contains(&format!(
                "{flag} 有 32768 字，超过表格单元格的上限 32767 字（任务 2.3）"
            )),
            "{error}"
        );
    }
    assert_eq!(fs::read_to_string(tasks.join("2.3.yaml")).unwrap(), before);
}

/// A text over 32,767 characters already in a task file: `forms` and
/// `report --format xlsx` still write, the cell cut with a marker naming
/// the task, and the form is collected untouched.
#[test]
fn an_over_long_text_in_a_file_is_cut_with_a_marker_and_the_form_still_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = copy_bundled(dir.path());
    let path = tasks.join("2.3.yaml");
    let mut text = fs::read_to_string(&path).unwrap();
    text = text.replacen(
        "progress: []",
        &format!(
            "progress:\n  - date: 2020-06-20\n    by: 区水务局\n    note: {}",
            over_long()
        ),
        1,
    );
    fs::write(&path, text).unwrap();
    let forms = dir.path().join("forms");
    make_forms(&tasks, &forms);
    let form = forms.join("2020Q2-区水务局.xlsx");
    let bytes = fs::read(&form).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut shared = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/sharedStrings.xml").unwrap(),
        &mut shared,
    )
    .unwrap();
    assert!(shared.contains("进…（全文见任务文件 2.3）"), "no marker");
    let (code, out) = collect(&tasks, &form);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("  2.3  未填写"), "{out}");
    let report = dir.path().join("report.xlsx");
    cooptrack_in(&tasks)
        .args([
            "--as-of", TODAY, "report", "--period", "2020Q2", "--format", "xlsx", "-o",
        ])
        .arg(&report)
        .assert()
        .success();
}

/// `collect` refuses a form whose 本期进展 is longer than a cell holds
/// (a suite that allows it), at the cell.
#[test]
fn collect_refuses_an_over_long_progress_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = copy_bundled(dir.path());
    let forms = dir.path().join("forms");
    make_forms(&tasks, &forms);
    let form = forms.join("2020Q2-区水务局.xlsx");
    crate::forms::Filling::open(&form)
        .text("G8", &over_long())
        .text("L8", "2020-06-15")
        .save(&form);
    let (code, out) = collect(&tasks, &form);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("2.3  拒收  填报表!G8：本期进展有 32768 字，超过单元格上限 32767 字"),
        "{out}"
    );
}

/// Units whose names differ only in `/` and `:` get a file each (the
/// changed names with a short hash), and each form is collected.
#[test]
fn units_differing_only_in_slash_and_colon_get_a_form_each() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = copy_bundled(dir.path());
    for entry in fs::read_dir(&tasks).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let renamed = text
            .replace("区城管局", "区城/管局")
            .replace("区商务局", "区城:管局");
        fs::write(&path, renamed).unwrap();
    }
    let forms = dir.path().join("forms");
    let out = make_forms(&tasks, &forms);
    assert!(
        out.starts_with("已生成 2020年第二季度 填报表 23 份：\n"),
        "{out}"
    );
    let files: Vec<String> = fs::read_dir(&forms)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files.len(), 23, "{files:?}");
    let ours: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("2020Q2-区城_管局-"))
        .collect();
    assert_eq!(ours.len(), 2, "{files:?}");
    for file in ours {
        assert!(out.contains(file.as_str()), "{out}");
        let (code, said) = collect(&tasks, &forms.join(file));
        assert_eq!(code, Some(0), "{said}");
    }
}

/// A TRUE/FALSE or an error value (#N/A) in a fill-in cell is refused at
/// the cell, not recorded as the text "FALSE" or "#N/A".
#[test]
fn boolean_and_error_cells_in_fill_in_columns_are_refused_at_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = copy_bundled(dir.path());
    let forms = dir.path().join("forms");
    make_forms(&tasks, &forms);
    let form = forms.join("2020Q2-区水务局.xlsx");
    for (value, said) in [
        (
            r#" t="b"><v>0</v></c>"#,
            "填报表!G8：本期进展是逻辑值 FALSE，不是填写的内容",
        ),
        (
            r#" t="e"><v>#N/A</v></c>"#,
            "填报表!G8：本期进展是错误值 #N/A，不是填写的内容",
        ),
    ] {
        let copy = dir.path().join("filled.xlsx");
        crate::forms::Filling::open(&form)
            .number("G8", 12345.0)
            .edit_xml(|xml| xml.replacen("><v>12345</v></c>", value, 1))
            .text("L8", "2020-06-15")
            .save(&copy);
        let (code, out) = collect(&tasks, &copy);
        assert_eq!(code, Some(1), "{out}");
        assert!(out.contains(said), "{out}");
    }
}

/// A number typed into a text column is recorded as the form showed it,
/// with the cell's number format: a percentage, a date format, `#,##0.00`;
/// a huge number in General as `1.5E+300`, not 301 digits.
#[test]
fn numbers_in_text_columns_are_recorded_as_their_format_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = copy_bundled(dir.path());
    let forms = dir.path().join("forms");
    make_forms(&tasks, &forms);
    let form = forms.join("2020Q2-区水务局.xlsx");
    let copy = dir.path().join("filled.xlsx");
    // As Excel saves a cell formatted by hand: a new cell style (9, 10, 11)
    // with the number format, a custom one (166) in numFmts.
    fn styled(
        reference: &'static str,
        style: u32,
        value: &'static str,
    ) -> impl FnOnce(&str) -> String {
        move |xml: &str| {
            let (start, end, _) = crate::forms::Filling::span(xml, reference);
            let mut xml = xml.to_string();
            xml.replace_range(
                start..end,
                &format!("<c r=\"{reference}\" s=\"{style}\"><v>{value}</v></c>"),
            );
            xml
        }
    }
    crate::forms::Filling::open(&form)
        .edit_part("xl/styles.xml", |xml| {
            xml.replace(
                "<numFmt numFmtId=\"165\" formatCode=\"@\"/>",
                "<numFmt numFmtId=\"165\" formatCode=\"@\"/><numFmt numFmtId=\"166\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>",
            )
            .replace("<numFmts count=\"2\">", "<numFmts count=\"3\">")
            .replace(
                "</cellXfs>",
                "<xf numFmtId=\"10\" fontId=\"2\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\"/><xf numFmtId=\"166\" fontId=\"2\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\"/><xf numFmtId=\"4\" fontId=\"2\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>",
            )
        })
        .edit_xml(styled("G6", 9, "0.856"))
        .edit_xml(styled("G7", 10, "43997"))
        .edit_xml(styled("G9", 11, "1234567.891"))
        .text("G8", "完成方案编制")
        .number("H8", 1.5e300)
        .text("L6", "2020-06-15")
        .text("L7", "2020-06-15")
        .text("L8", "2020-06-15")
        .text("L9", "2020-06-15")
        .save(&copy);
    let (code, out) = collect(&tasks, &copy);
    assert_eq!(code, Some(0), "{out}");
    let note = |id: &str| {
        let task =
            crate::common::json_of(cooptrack_in(&tasks).args(["show", id, "--format", "json"]));
        let entry = &task["progress"].as_array().unwrap().last().unwrap().clone();
        (entry["note"].clone(), entry["problems"].clone())
    };
    assert_eq!(note("1.1").0, "85.60%");
    assert_eq!(note("1.4").0, "2020年6月15日");
    assert_eq!(note("6.3").0, "1,234,567.89");
    assert_eq!(note("2.3").1, "1.5E+300");
}
