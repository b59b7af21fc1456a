//! The JSON of `list` and `show` is the task model plus computed fields:
//! every field a task file can hold appears, under its file name, and the
//! contract printed by `cooptrack schema --of json` holds.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{cooptrack, cooptrack_in, json_of, stdout_of};

fn every_field() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/json/every-field")
}

/// The fields of a task file, from its schema (generated from the model).
fn task_fields() -> Vec<String> {
    let schema: Value = serde_json::from_str(&stdout_of(cooptrack().arg("schema"))).unwrap();
    let fields: Vec<String> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert!(fields.len() >= 19, "{fields:?}");
    fields
}

#[test]
fn show_json_has_every_field_of_the_task() {
    let shown = json_of(cooptrack_in(&every_field()).args(["show", "4.5", "--format", "json"]));
    for field in task_fields() {
        assert!(
            shown.get(&field).is_some(),
            "show --format json lacks {field}: {shown:#}"
        );
    }
    assert_eq!(shown["numbered_as"], "(5)");
    assert_eq!(shown["lead_label"], "牵头单位");
    assert_eq!(shown["original_due"], "2022-12-31");
    assert_eq!(shown["due"], "2023-06-30");
    assert_eq!(shown["extensions"][0]["reason"], "受疫情影响延期");
    assert_eq!(shown["carried_over_to"], "../next/tasks/4.1.yaml");
    assert_eq!(shown["carried_over_from"], "../old/tasks/3.9.yaml");
    assert_eq!(shown["progress"][0]["status"]["to"], "推进中");
    assert_eq!(shown["added"], "2018-09-01");
    assert_eq!(shown["progress"][0]["period"], "2019Q1");
    assert_eq!(shown["progress"][0]["milestone"]["by"], "2019-03-31");
    assert_eq!(shown["progress"][0]["milestone"]["met"], true);
    assert_eq!(shown["targets"][0]["year"], 2019);
    assert_eq!(shown["targets"][0]["milestones"][0]["goal"], "签订合作协议");
    // Computed for scripts.
    assert_eq!(shown["status"], "推进中");
    assert_eq!(shown["status_key"], "in_progress");
    assert_eq!(
        shown["file"],
        every_field().join("4.5.yaml").display().to_string()
    );

    let listed = json_of(cooptrack_in(&every_field()).args(["list", "--format", "json"]));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0], shown, "list and show print a task the same way");
}

#[test]
fn lead_provisional_is_always_there_and_role_only_with_dept() {
    let task = json_of(cooptrack().args(["show", "1.1", "--format", "json"]));
    assert_eq!(task["lead_provisional"], false);
    assert!(task.get("role").is_none());
    assert!(
        task.get("carried_over_to").is_none(),
        "unset optional fields stay out"
    );
    let listed = json_of(cooptrack().args(["list", "--dept", "区水务局", "--format", "json"]));
    let roles: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["role"].as_str().unwrap())
        .collect();
    assert!(
        roles.contains(&"lead") && roles.contains(&"support"),
        "{roles:?}"
    );
}

#[test]
fn the_printed_contract_holds_for_list_and_show() {
    let schema: Value =
        serde_json::from_str(&stdout_of(cooptrack().args(["schema", "--of", "json"]))).unwrap();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for field in [
        "id",
        "section",
        "heading",
        "number",
        "title",
        "text",
        "lead",
        "responsible",
        "status",
        "due",
        "progress",
        "lead_provisional",
        "status_key",
        "file",
    ] {
        assert!(
            required.contains(&field),
            "{field} not required: {required:?}"
        );
    }
    let validator = jsonschema::validator_for(&schema).unwrap();
    let shown = json_of(cooptrack_in(&every_field()).args(["show", "4.5", "--format", "json"]));
    let all = json_of(cooptrack().args(["list", "--dept", "区环保局", "--format", "json"]));
    // An imported task whose notice names no lead: `"lead": []`.
    let tmp = tempfile::tempdir().unwrap();
    let imported = tmp.path().join("tasks");
    let notice =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/variants-crlf.txt");
    crate::common::bare()
        .arg("--dir")
        .arg(&imported)
        .arg("import")
        .arg(&notice)
        .assert()
        .success();
    let leaderless = json_of(cooptrack_in(&imported).args(["show", "2.1", "--format", "json"]));
    assert_eq!(leaderless["lead"], serde_json::json!([]));
    let tasks = std::iter::once(&shown)
        .chain(std::iter::once(&leaderless))
        .chain(all.as_array().unwrap());
    for task in tasks {
        let errors: Vec<String> = validator.iter_errors(task).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", task["id"]);
    }
}

#[test]
fn update_says_in_json_what_it_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let tasks = crate::common::copy_bundled(tmp.path());
    let update = |args: &[&str]| {
        json_of(
            cooptrack_in(&tasks)
                .args(["--as-of", "2020-07-01", "update", "1.2", "--format", "json"])
                .args(args),
        )
    };
    let json = update(&[
        "--status",
        "推进中",
        "--note",
        "召开联席会议",
        "--date",
        "2020-06-01",
        "--due",
        "2023-06-30",
        "--reason",
        "征地未完成",
        "--add-responsible",
        "区水务局",
    ]);
    let file = tasks.join("1.2.yaml").display().to_string();
    assert_eq!(
        json,
        serde_json::json!({
            "written": [{
                "file": file,
                "id": "1.2",
                "title": "加强大气污染联防联控联治",
                "entries": [{
                    "date": "2020-06-01",
                    "by": "区环保局",
                    "note": "召开联席会议",
                    "status": {"from": "未启动", "to": "推进中"},
                }],
                "status": {"from": "未启动", "to": "推进中"},
                "extension": {
                    "date": "2020-06-01",
                    "from": "2022-12-31",
                    "to": "2023-06-30",
                    "reason": "征地未完成",
                },
                "departments": [
                    {"list": "responsible", "action": "add", "department": "区水务局"}
                ],
                "targets": [],
                "reformatted": false,
            }],
            "commit": null,
        })
    );
    // The same entry again: nothing written, the entry on file named.
    let again = ["--note", "第二次联席会议", "--date", "2020-06-02"];
    assert_eq!(
        update(&again)["written"][0]["entries"][0]["note"],
        "第二次联席会议"
    );
    let json = update(&again);
    assert_eq!(json["written"], serde_json::json!([]));
    assert_eq!(json["repeat"]["note"], "第二次联席会议");
    assert_eq!(json["commit"], Value::Null);
}
