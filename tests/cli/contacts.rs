//! 联络员: `collect` keeps each unit's `contact` in `departments.yaml`
//! current from the forms' 填报人 and 联系电话 — through the edit path,
//! only when they changed, with the form or not at all — and `depts`
//! shows it.

use std::fs;
use std::path::Path;

use crate::common::{cooptrack_in, json_of, stdout_of};
use crate::forms::{Filling, RoundTrip};

/// 区水务局's form: 1.1 (row 6) on 2020-06-28 by 李明, 2.3 (row 8) on
/// 2020-07-01 by 王芳, whose phone was typed as a number.
fn fill_water(trip: &RoundTrip) -> std::path::PathBuf {
    let water = trip.form("区水务局");
    Filling::open(&water)
        .text("G6", "完成琼江断面水质联合监测")
        .text("L6", "2020-06-28")
        .text("M6", "李明")
        .text("N6", "13800000000")
        .text("G8", "完成涪江航道整治方案编制")
        .text("L8", "2020-07-01")
        .text("M8", " 王芳 ")
        .number("N8", 13_900_000_000.0)
        .save(&water);
    water
}

fn set_contact(tasks: &Path, contact: &str) {
    let registry = tasks.join("departments.yaml");
    let text = fs::read_to_string(&registry).unwrap().replacen(
        "  - name: 区水务局\n",
        &format!("  - name: 区水务局\n    contact: {contact}\n"),
        1,
    );
    fs::write(&registry, text).unwrap();
}

fn water_contact(tasks: &Path) -> serde_json::Value {
    let depts = json_of(cooptrack_in(tasks).args(["depts", "--format", "json"]));
    depts
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "区水务局")
        .unwrap()["contact"]
        .clone()
}

#[test]
fn collect_keeps_the_liaison_current_and_depts_shows_it() {
    let trip = RoundTrip::new();
    set_contact(
        &trip.tasks,
        "\n      name: 李明\n      phone: \"13800000000\"",
    );
    let water = fill_water(&trip);
    let registry = trip.tasks.join("departments.yaml");
    let before = trip.snapshot();

    // --dry-run says what would change and writes nothing.
    let dry = stdout_of(trip.collect(&[&water]).arg("--dry-run"));
    assert!(
        dry.contains(
            "\n  联络员将更新（departments.yaml）：区水务局 王芳 13900000000（原为 李明 13800000000）\n"
        ),
        "{dry}"
    );
    assert_eq!(trip.snapshot(), before);

    // The latest 填报日期 speaks: 王芳, not 李明.
    let out = stdout_of(&mut trip.collect(&[&water]));
    assert!(
        out.contains(
            "\n  联络员已更新（departments.yaml）：区水务局 王芳 13900000000（原为 李明 13800000000）\n"
        ),
        "{out}"
    );
    let text = fs::read_to_string(&registry).unwrap();
    assert!(
        text.contains("  - name: 区水务局\n    contact:\n      name: 王芳\n      phone: \"13900000000\"\n  - name: 区经济信息委\n"),
        "{text}"
    );
    // The registry's comments stay.
    assert!(text.starts_with("# 部门名录 (department registry)"));
    assert_eq!(
        water_contact(&trip.tasks),
        serde_json::json!({"name": "王芳", "phone": "13900000000"})
    );

    // Collected again: nothing changed, nothing written, nothing said.
    let written = trip.snapshot();
    let again = stdout_of(&mut trip.collect(&[&water]));
    assert!(!again.contains("联络员"), "{again}");
    assert_eq!(trip.snapshot(), written);

    // `depts` shows the liaison, in every format; a unit without one has
    // an empty cell (JSON null).
    let table = stdout_of(cooptrack_in(&trip.tasks).arg("depts"));
    let row = table.lines().find(|l| l.contains("区水务局")).unwrap();
    assert_eq!(
        row,
        "│ 区水务局             ┆              ┆ 1    ┆ 3    ┆ 4      ┆ 0      ┆ 0      ┆ 0    ┆ 0      ┆ 王芳 13900000000 │"
    );
    assert!(
        table
            .lines()
            .nth(1)
            .unwrap()
            .ends_with("┆ 联络员           │"),
        "{table}"
    );
    let csv = stdout_of(cooptrack_in(&trip.tasks).args(["depts", "--format", "csv"]));
    assert!(
        csv.contains("\n区水务局,,1,3,4,0,0,0,0,王芳 13900000000\n区经济信息委,,5,3,8,0,0,0,0,\n"),
        "{csv}"
    );
    let md = stdout_of(cooptrack_in(&trip.tasks).args(["depts", "--format", "markdown"]));
    assert!(
        md.contains("| 区水务局 |  | 1 | 3 | 4 | 0 | 0 | 0 | 0 | 王芳 13900000000 |"),
        "{md}"
    );
    let depts = json_of(cooptrack_in(&trip.tasks).args(["depts", "--format", "json"]));
    let city = depts
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "区城管局")
        .unwrap();
    assert_eq!(city["contact"], serde_json::Value::Null);
}

#[test]
fn a_refused_form_changes_no_liaison_and_an_older_reply_does_not_undo_a_newer_one() {
    let trip = RoundTrip::new();
    // A new liaison on a form with a refused row: nothing is written.
    let water = trip.form("区水务局");
    Filling::open(&water)
        .text("G8", "完成涪江航道整治方案编制")
        .text("J8", "无此状态")
        .text("L8", "2020-07-01")
        .text("M8", "王芳")
        .save(&water);
    let before = trip.snapshot();
    let out = trip.collect(&[&water]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8(out.stdout).unwrap().contains("联络员"));
    assert_eq!(trip.snapshot(), before);

    // A name without a phone: the name alone (no one else's phone).
    let water = fill_water(&trip);
    Filling::open(&water)
        .text("J8", "")
        .text("N8", "")
        .save(&water);
    set_contact(&trip.tasks, "{name: 李明, phone: \"13800000000\"}");
    trip.collect(&[&water]).assert().success();
    assert_eq!(
        water_contact(&trip.tasks),
        serde_json::json!({"name": "王芳"})
    );

    // A 2020Q1 form dated before the Q2 reply, collected after it, leaves
    // 王芳 in place.
    let q1 = trip.tasks.parent().unwrap().join("q1");
    cooptrack_in(&trip.tasks)
        .args(["--as-of", "2020-03-25", "forms", "--period", "2020Q1", "-o"])
        .arg(&q1)
        .assert()
        .success();
    let form = q1.join("2020Q1-区水务局.xlsx");
    Filling::open(&form)
        .text("G8", "启动涪江航道整治前期工作")
        .text("L8", "2020-03-20")
        .text("M8", "赵六")
        .text("N8", "13700000000")
        .save(&form);
    let out = stdout_of(
        cooptrack_in(&trip.tasks)
            .args(["--as-of", "2020-07-03", "collect", "--late"])
            .arg(&form),
    );
    assert!(
        out.contains("汇总：读取填报表 1 份，新增进展 1 条"),
        "{out}"
    );
    assert!(!out.contains("联络员"), "{out}");
    assert_eq!(
        water_contact(&trip.tasks),
        serde_json::json!({"name": "王芳"})
    );
}

/// `collect --commit`: the registry goes into the form's own commit.
#[test]
fn the_liaison_is_committed_with_its_form() {
    let repo = crate::repo::Repo::new();
    let form = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/forms/libreoffice/2020Q2-区水务局.xlsx");
    let out = repo
        .cooptrack()
        .args(["--as-of", "2020-07-03", "collect", "--commit"])
        .arg(&form)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(
            "\n  联络员已更新（departments.yaml）：区水务局 李明 13800000000（原未登记）\n"
        ),
        "{stdout}"
    );
    assert_eq!(
        repo.git(&["show", "--name-only", "--format=%s", "HEAD"]),
        "cooptrack：2020Q2 区水务局填报表（2 条进展）\n\ntasks/1.1.yaml\ntasks/2.3.yaml\ntasks/departments.yaml\n"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}
