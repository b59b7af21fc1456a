//! JSON Schemas generated from the types serde reads and writes, so they
//! cannot drift: here, of a task file (draft-07, which yaml-language-server
//! understands); `render::json` has that of a task in `list`/`show` JSON.

use crate::model::Task;

/// The draft-07 schema of `T`.
pub fn draft07<T: schemars::JsonSchema>() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    serde_json::to_value(generator.into_root_schema_for::<T>()).unwrap_or_default()
}

pub fn task_schema() -> serde_json::Value {
    let mut value = draft07::<Task>();
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

/// A schema as printed: pretty JSON and a final newline.
pub fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
