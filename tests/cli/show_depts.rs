//! `cooptrack show` and `cooptrack depts`.

use crate::common::{cooptrack, json_of, stdout_of};

#[test]
fn show_prints_the_whole_task() {
    let out = stdout_of(cooptrack().args(["show", "6.3"]));
    for part in [
        "6.3",
        "6 推动公共服务对接共享",
        "强化公共事务协同治理",
        "牵头单位", // the label the notice used for this task
        "区政府应急办",
        "区卫生计生委（现名：区卫生健康委）",
        "未启动",
        "2022-12-31",
        "进展：暂无记录",
    ] {
        assert!(out.contains(part), "missing {part} in\n{out}");
    }
}

#[test]
fn show_marks_a_provisional_lead_and_its_reason() {
    let out = stdout_of(cooptrack().args(["show", "5.2"]));
    assert!(out.contains("区发展改革委【暂定】"), "{out}");
    assert!(out.contains("牵头说明"));
    assert!(out.contains("原文未列明牵头部门"));
}

#[test]
fn show_json_is_one_task_object() {
    let task = json_of(cooptrack().args(["show", "4.5", "--format", "json"]));
    assert_eq!(task["id"], "4.5");
    assert_eq!(task["section"], 4);
    assert_eq!(task["numbered_as"], "(5)");
    assert_eq!(task["lead"], serde_json::json!(["区旅游局"]));
    assert_eq!(task["responsible"], serde_json::json!(["区文化委"]));
}

#[test]
fn show_yaml_is_the_file_byte_for_byte() {
    let out = stdout_of(cooptrack().args(["show", "1.1", "--format", "yaml"]));
    let file = std::fs::read_to_string(crate::common::bundled().join("1.1.yaml")).unwrap();
    assert_eq!(out, file);
}

#[test]
fn show_unknown_id_is_an_error_with_close_ids() {
    cooptrack()
        .args(["show", "9.9"])
        .assert()
        .code(2)
        .stderr("cooptrack: 错误：没有编号为“9.9”的任务（cooptrack list 列出全部任务）\n");
    cooptrack()
        .args(["show", "4.6"])
        .assert()
        .code(2)
        .stderr("cooptrack: 错误：没有编号为“4.6”的任务；第 4 篇章现有：4.1、4.2、4.3、4.4、4.5\n");
}

#[test]
fn depts_counts_leads_supports_and_statuses() {
    let depts = json_of(cooptrack().args(["depts", "--format", "json"]));
    let dept = |name: &str| {
        depts
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing"))
            .clone()
    };
    let eco = dept("区生态环境局");
    assert_eq!(eco["former"], serde_json::json!(["区环保局"]));
    assert_eq!(
        (eco["lead"].as_u64(), eco["support"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(eco["not_started"], 5);
    let econ = dept("区经济信息委");
    assert_eq!(
        (econ["lead"].as_u64(), econ["support"].as_u64()),
        (Some(5), Some(3))
    );
    let ndrc = dept("区发展改革委");
    assert_eq!(
        (ndrc["lead"].as_u64(), ndrc["support"].as_u64()),
        (Some(3), Some(1))
    );
    let total_leads: u64 = depts
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["lead"].as_u64().unwrap())
        .sum();
    assert_eq!(total_leads, 26, "24 tasks, two of them co-led");
}

#[test]
fn depts_other_formats() {
    let csv = stdout_of(cooptrack().args(["depts", "--format", "csv", "--bom"]));
    assert!(csv.starts_with("\u{feff}部门,曾用名,牵头,配合,未启动,推进中,已完成,滞后,已取消\n区生态环境局,区环保局,3,2,5,0,0,0,0\n"));
    assert_eq!(csv.lines().count(), 24);
    let md = stdout_of(cooptrack().args(["depts", "--format", "markdown"]));
    assert!(md.contains("| 区卫生健康委 | 区卫生计生委 | 1 | 2 | 3 | 0 | 0 | 0 | 0 |"));
    let table = stdout_of(cooptrack().arg("depts"));
    assert!(table.ends_with("共 23 个部门；状态统计为各部门牵头与配合任务合计\n"));
}
