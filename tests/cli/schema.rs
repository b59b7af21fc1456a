//! The JSON Schema editors use: generated from the model, checked in, and
//! satisfied by every bundled task file.

use std::fs;
use std::path::Path;

use crate::common::{bundled, cooptrack, stdout_of};

fn checked_in() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/task.schema.json"))
        .unwrap()
}

fn task_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = fs::read_dir(bundled())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".yaml") && name != "plan.yaml" && name != "departments.yaml"
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_checked_in_schema_is_what_the_tool_prints() {
    assert_eq!(
        stdout_of(cooptrack().arg("schema")),
        checked_in(),
        "schema/task.schema.json is stale: run `cooptrack schema > schema/task.schema.json`"
    );
}

#[test]
fn the_schema_is_draft_07_with_chinese_and_english_descriptions() {
    let schema: serde_json::Value = serde_json::from_str(&checked_in()).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["additionalProperties"], false);
    let status = schema["properties"]["status"]["description"]
        .as_str()
        .or_else(|| schema["definitions"]["Status"]["description"].as_str())
        .unwrap();
    assert!(
        status.contains("状态") && status.contains("Status"),
        "{status}"
    );
    let lead = schema["properties"]["lead"]["description"]
        .as_str()
        .unwrap();
    assert!(
        lead.contains("牵头部门") && lead.contains("Lead departments"),
        "{lead}"
    );
    assert!(schema["required"]
        .as_array()
        .unwrap()
        .contains(&"lead".into()));
}

#[test]
fn every_bundled_task_file_satisfies_the_schema_and_points_at_it() {
    let schema: serde_json::Value = serde_json::from_str(&checked_in()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let files = task_files();
    assert_eq!(files.len(), 24);
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema=../schema/task.schema.json\n"),
            "{} lacks the schema line",
            path.display()
        );
        let instance: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn the_schema_rejects_what_validate_rejects() {
    let schema: serde_json::Value = serde_json::from_str(&checked_in()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let good: serde_json::Value =
        serde_yaml::from_str(&fs::read_to_string(bundled().join("1.1.yaml")).unwrap()).unwrap();
    assert!(validator.is_valid(&good));
    let broken = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut task = good.clone();
        edit(&mut task);
        task
    };
    for (what, task) in [
        ("a typo'd field", broken(&|t| t["staus"] = "未启动".into())),
        (
            "an unknown status",
            broken(&|t| t["status"] = "完成了".into()),
        ),
        (
            "an empty lead",
            broken(&|t| t["lead"] = serde_json::json!([])),
        ),
        (
            "no lead",
            broken(&|t| {
                t.as_object_mut().unwrap().remove("lead");
            }),
        ),
        ("an id with a path", broken(&|t| t["id"] = "../1.1".into())),
        (
            "a numeric section as text",
            broken(&|t| t["section"] = "一".into()),
        ),
    ] {
        assert!(!validator.is_valid(&task), "the schema accepts {what}");
    }
}
