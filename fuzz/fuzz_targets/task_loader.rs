//! Fuzzes the task loader and validator: arbitrary bytes as a task file
//! go through decoding, YAML parsing, every per-file rule and, when they
//! parse, the line editor and the canonical writer. Nothing may panic, and
//! an edit or a reformat must read back as the task it was made from.
#![no_main]

use std::path::Path;

use cooptrack::edit::{self, canonical, Change, Layout, TaskCheck};
use cooptrack::model::{RegistryFile, Task};
use cooptrack::registry::Registry;
use cooptrack::{read, store, validate};
use libfuzzer_sys::fuzz_target;

fn registry() -> Registry {
    let file: RegistryFile = serde_yaml::from_str(include_str!("../../tasks/departments.yaml")).unwrap();
    Registry::new(file).0
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let registry = registry();
    let rules = validate::Rules {
        registry: Some(&registry),
        plan: None,
    };
    let path = Path::new("1.1.yaml");
    let (task, _diagnostics) = store::parse_task(path, text, &rules);
    let Some(task) = task else {
        return;
    };
    // The canonical layout must read back as the same task.
    if let Ok(canonical) = canonical::render(&task, Some(text)) {
        let back: Task = read::parse_yaml(path, &canonical).expect("canonical text parses");
        assert_eq!(back, task, "canonical layout changed the task");
    }
    // An edit through the edit path either is refused cleanly or reads
    // back as intended, and an in-place edit of the status leaves every
    // other line as it was (unless the status value spanned lines).
    let intended = edit::change::apply(&task, &[Change::Status(cooptrack::model::Status::Done)]);
    let check = TaskCheck {
        rules,
        allow_missing_lead: true,
    };
    let others = |t: &str| -> Vec<String> {
        t.split_inclusive('\n')
            .filter(|l| !l.starts_with("status:"))
            .map(str::to_string)
            .collect()
    };
    for layout in [Layout::InPlace, Layout::ReformatIfNeeded] {
        if let Ok(file) = edit::edit_task(path, text, &task, &intended, layout, &check) {
            let back: Task = read::parse_yaml(path, file.new.trim_start_matches('\u{feff}'))
                .expect("edited text parses");
            assert_eq!(back, intended);
            let same_length = text.lines().count() == file.new.lines().count();
            if file.changed() && !file.reformatted && same_length {
                assert_eq!(others(text), others(&file.new), "an untouched line changed");
            }
        }
    }
});
