//! `cooptrack list`: filters, grouping by lead department, formats.

use crate::common::{cooptrack, copy_bundled, ids, json_of, stdout_of};
use predicates::prelude::*;

fn list_json(args: &[&str]) -> Vec<String> {
    let mut cmd = cooptrack();
    cmd.arg("list").args(args).args(["--format", "json"]);
    ids(&json_of(&mut cmd))
}

#[test]
fn dept_finds_what_it_leads_and_supports() {
    assert_eq!(
        list_json(&["--dept", "区环保局"]),
        ["1.1", "1.2", "1.3", "1.4", "3.2"]
    );
}

#[test]
fn the_new_name_finds_the_same_tasks_as_the_old() {
    assert_eq!(
        list_json(&["--dept", "区生态环境局"]),
        list_json(&["--dept", "区环保局"])
    );
    assert_eq!(list_json(&["--dept", "区科技局"]), ["3.2", "3.4", "4.3"]);
}

#[test]
fn role_narrows_to_lead_or_support() {
    assert_eq!(
        list_json(&["--dept", "区环保局", "--role", "lead"]),
        ["1.1", "1.2", "1.4"]
    );
    assert_eq!(
        list_json(&["--dept", "区环保局", "--role", "support"]),
        ["1.3", "3.2"]
    );
    assert_eq!(list_json(&["--dept", "区环保局", "--role", "any"]).len(), 5);
}

#[test]
fn dept_table_groups_by_lead_and_shows_the_role() {
    let out = stdout_of(cooptrack().args(["list", "--dept", "区环保局"]));
    let headings: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("牵头单位："))
        .collect();
    assert_eq!(
        headings,
        [
            "牵头单位：区环保局（现名：区生态环境局）　3 项",
            "牵头单位：区林业局　1 项",
            "牵头单位：区科委（现名：区科技局）　1 项",
        ]
    );
    let row = |id: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("│ {id} ")))
            .unwrap_or_else(|| panic!("no row {id} in\n{out}"))
            .to_string()
    };
    for id in ["1.1", "1.2", "1.4"] {
        assert!(row(id).contains("┆ 牵头 ┆"), "{id} is led");
    }
    for id in ["1.3", "3.2"] {
        assert!(row(id).contains("┆ 配合 ┆"), "{id} is supported");
    }
    assert!(out.ends_with("合计 5 项任务，3 个牵头单位分组；区环保局：牵头 3 项，配合 2 项\n"));
}

#[test]
fn unknown_department_is_an_error_with_a_suggestion() {
    cooptrack()
        .args(["list", "--dept", "区环宝局"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("cooptrack: 错误：未知部门“区环宝局”，是否应为“区环保局”？（cooptrack depts 列出全部部门）\n");
    cooptrack()
        .args(["list", "--dept", "环保"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("是否应为“区环保局”"));
}

#[test]
fn whole_listing_has_one_group_per_lead_in_notice_order() {
    let out = stdout_of(cooptrack().arg("list"));
    let headings: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("牵头单位："))
        .collect();
    assert_eq!(headings.len(), 15);
    assert_eq!(
        headings[0],
        "牵头单位：区环保局（现名：区生态环境局）　3 项"
    );
    assert!(headings.contains(&"牵头单位：区经济信息委　5 项"));
    assert!(headings.contains(&"牵头单位：区发展改革委　3 项（其中 2 项为暂定牵头）"));
    assert!(out.ends_with("合计 24 项任务，15 个牵头单位分组\n"));
}

#[test]
fn co_led_tasks_appear_in_both_groups_marked() {
    let out = stdout_of(cooptrack().args(["list", "--section", "6"]));
    let education = out.split("牵头单位：区教委").nth(1).unwrap();
    assert!(education
        .lines()
        .any(|l| l.starts_with("│ 6.1 ") && l.contains("与区卫生计生委共同牵头")));
    let health = out.split("牵头单位：区卫生计生委").nth(1).unwrap();
    assert!(health
        .lines()
        .any(|l| l.starts_with("│ 6.1 ") && l.contains("与区教委共同牵头")));
    // …but the task is counted once.
    assert!(out.ends_with("合计 3 项任务，4 个牵头单位分组\n"));
    // JSON lists each task once.
    assert_eq!(list_json(&["--section", "6"]), ["6.1", "6.2", "6.3"]);
}

#[test]
fn provisional_leads_are_marked_in_tables() {
    let out = stdout_of(cooptrack().args(["list", "--section", "五"]));
    assert!(out.contains("牵头单位：区发展改革委　2 项（其中 2 项为暂定牵头）"));
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("│ 5.")).collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.contains("暂定牵头（原文未列明）")));
}

#[test]
fn filters_by_status_section_and_search() {
    assert_eq!(list_json(&["--status", "not_started"]).len(), 24);
    assert_eq!(list_json(&["--status", "未启动"]).len(), 24);
    assert!(list_json(&["--status", "done"]).is_empty());
    assert_eq!(
        list_json(&["--section", "4"]),
        ["4.1", "4.2", "4.3", "4.4", "4.5"]
    );
    assert_eq!(list_json(&["--section", "（七）"]), ["7.1", "7.2"]);
    assert_eq!(list_json(&["--search", "天然气"]), ["2.4"]);
    assert_eq!(
        list_json(&["--search", "集群"]),
        ["4.1", "4.2", "4.3", "4.4"]
    );
}

#[test]
fn bad_filter_values_are_usage_errors() {
    cooptrack()
        .args(["list", "--status", "完成了"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("无效的状态“完成了”"));
    cooptrack()
        .args(["list", "--section", "x"])
        .assert()
        .code(2);
    cooptrack()
        .args(["list", "--as-of", "2022-02-30"])
        .assert()
        .code(2);
    cooptrack()
        .args(["list", "--role", "lead"])
        .assert()
        .code(2);
}

#[test]
fn overdue_depends_on_the_as_of_date() {
    assert_eq!(list_json(&["--overdue", "--as-of", "2023-01-01"]).len(), 24);
    assert!(list_json(&["--overdue", "--as-of", "2022-06-30"]).is_empty());
    // Due on 2022-12-31 is not overdue on that day.
    assert!(list_json(&["--overdue", "--as-of", "2022-12-31"]).is_empty());
    let out = stdout_of(cooptrack().args(["list", "--overdue", "--as-of", "2022-06-30"]));
    assert_eq!(out, "没有符合条件的任务。\n");
}

#[test]
fn finished_tasks_are_never_overdue() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    for (id, status) in [("1.1", "已完成"), ("1.2", "cancelled"), ("1.3", "滞后")] {
        let path = dir.join(format!("{id}.yaml"));
        let yaml = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            yaml.replace("status: 未启动", &format!("status: {status}")),
        )
        .unwrap();
    }
    let mut cmd = crate::common::bare();
    cmd.arg("--dir").arg(&dir).args([
        "list",
        "--overdue",
        "--as-of",
        "2023-01-01",
        "--format",
        "json",
    ]);
    let overdue = ids(&json_of(&mut cmd));
    assert_eq!(overdue.len(), 22);
    assert!(!overdue.contains(&"1.1".to_string()));
    assert!(!overdue.contains(&"1.2".to_string()));
    assert!(overdue.contains(&"1.3".to_string()));
}

#[test]
fn ids_sort_naturally() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let yaml = std::fs::read_to_string(dir.join("1.2.yaml")).unwrap();
    let ten = yaml
        .replace("id: \"1.2\"", "id: \"1.10\"")
        .replace("number: 2", "number: 10");
    std::fs::write(dir.join("1.10.yaml"), ten).unwrap();
    let mut cmd = crate::common::bare();
    cmd.arg("--dir")
        .arg(&dir)
        .args(["list", "--section", "1", "--format", "json"]);
    assert_eq!(
        ids(&json_of(&mut cmd)),
        ["1.1", "1.2", "1.3", "1.4", "1.10"]
    );
    let mut cmd = crate::common::bare();
    cmd.arg("--dir")
        .arg(&dir)
        .args(["list", "--dept", "区环保局", "--role", "lead"]);
    let out = stdout_of(&mut cmd);
    let order: Vec<&str> = out
        .lines()
        .filter_map(|l| {
            l.strip_prefix("│ ")
                .and_then(|l| l.split_whitespace().next())
        })
        .filter(|id| id.starts_with("1."))
        .collect();
    assert_eq!(order, ["1.1", "1.2", "1.4", "1.10"]);
}

#[test]
fn json_has_the_documented_fields() {
    let json = json_of(cooptrack().args(["list", "--format", "json", "--section", "1"]));
    let first = &json[0];
    assert_eq!(first["id"], "1.1");
    assert_eq!(first["section"], 1);
    assert_eq!(first["title"], "加强跨界河流联防联控联治");
    assert_eq!(first["lead"], serde_json::json!(["区环保局"]));
    assert_eq!(
        first["responsible"],
        serde_json::json!(["区农委", "区水务局", "区经济信息委", "区高新区管委会"])
    );
    assert_eq!(first["status"], "未启动");
    assert_eq!(first["due"], "2022-12-31");
    assert_eq!(first["progress"], serde_json::json!([]));
}

#[test]
fn csv_has_a_header_row_and_one_line_per_task() {
    let out = stdout_of(cooptrack().args(["list", "--format", "csv", "--bom"]));
    let out = out.strip_prefix('\u{feff}').expect("BOM for Excel");
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "编号,篇章,篇章标题,任务,牵头单位,责任单位,状态,完成时限,最新进展"
    );
    assert_eq!(lines.clone().count(), 24);
    assert_eq!(
        lines.find(|l| l.starts_with("6.1,")).unwrap(),
        "6.1,6,推动公共服务对接共享,推动教育卫生服务共享,区教委、区卫生计生委,,未启动,2022-12-31,"
    );
    assert!(out.contains(
        "5.1,5,推动市场有机融合,推进就业市场一体化,区发展改革委【暂定】,,未启动,2022-12-31,"
    ));
}

#[test]
fn markdown_is_a_gfm_table_per_group_with_escapes() {
    let out = stdout_of(cooptrack().args(["list", "--format", "markdown", "--dept", "区林业局"]));
    assert!(out.starts_with("### 牵头单位：区林业局　1 项\n\n| 编号 | 角色 | 任务 | 责任单位 | 状态 | 完成时限 |\n|---|---|---|---|---|---|\n| 1.3 | 牵头 | 加强生态建设合作 | 区环保局 | 未启动 | 2022-12-31 |\n"));

    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let path = dir.join("2.1.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        yaml.replace("title: 加快重大铁路项目建设", "title: \"铁路|公路\\n建设\""),
    )
    .unwrap();
    let mut cmd = crate::common::bare();
    cmd.arg("--dir")
        .arg(&dir)
        .args(["list", "--format", "markdown", "--section", "2"]);
    let out = stdout_of(&mut cmd);
    assert!(out.contains("| 2.1 | 铁路\\|公路<br>建设 |"), "{out}");
}
