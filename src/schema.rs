//! JSON Schemas generated from the model types, so they cannot drift: of
//! a task file (draft-07, which yaml-language-server understands), and of
//! a task in the JSON that `list` and `show` print.

use crate::model::Task;
use crate::render::json::TaskJson;

/// Where the checked-in copy lives, relative to the repository root; task
/// files point at it from their first line.
pub const SCHEMA_PATH: &str = "schema/task.schema.json";

/// The first line of every bundled task file: editors that speak
/// yaml-language-server validate the file as it is typed.
pub const MODELINE_PREFIX: &str = "# yaml-language-server: $schema=";

pub fn task_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<Task>();
    let mut value = serde_json::to_value(schema).unwrap_or_default();
    // `lead` has a serde default (so that validation can say "missing
    // lead" in words), but a task without one is invalid: editors should
    // flag it as they type.
    if let Some(required) = value.get_mut("required").and_then(|r| r.as_array_mut()) {
        required.push("lead".into());
    }
    if let Some(lead) = value
        .pointer_mut("/properties/lead")
        .and_then(|l| l.as_object_mut())
    {
        lead.remove("default");
    }
    value
}

/// The schema as written to `schema/task.schema.json`.
pub fn task_schema_text() -> String {
    pretty(&task_schema())
}

/// A task in the output of `list --format json` (an array of these) and
/// `show --format json`: the task file's fields, with the optional ones
/// present only when set, plus `lead_provisional` (always), `status_key`,
/// `file` and, with `--dept`, `role`.
pub fn task_json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<TaskJson>();
    let mut value = serde_json::to_value(schema).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        // Output, not input: extra fields may be added later.
        object.remove("additionalProperties");
        object.insert(
            "title".into(),
            "cooptrack list/show --format json: one task".into(),
        );
    }
    if let Some(properties) = value
        .pointer_mut("/properties")
        .and_then(|p| p.as_object_mut())
    {
        properties.insert(
            "lead_provisional".into(),
            serde_json::json!({
                "description": "牵头部门为暂定。 True when the source names no lead and the lead is a recorded decision; always present.",
                "type": "boolean"
            }),
        );
    }
    if let Some(required) = value.get_mut("required").and_then(|r| r.as_array_mut()) {
        required.push("lead_provisional".into());
    }
    value
}

pub fn task_json_schema_text() -> String {
    pretty(&task_json_schema())
}

fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
