//! The JSON Schema of a task file (draft-07, which yaml-language-server
//! understands), generated from the model types so it cannot drift.

use crate::model::Task;

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
    let mut text = serde_json::to_string_pretty(&task_schema()).unwrap_or_default();
    text.push('\n');
    text
}
