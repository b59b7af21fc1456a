//! Fuzzes `cooptrack::import::parse_notice` (and the decoder in front of
//! it) with arbitrary bytes: it must never panic, and what it returns must
//! hold together. Run with `make fuzz` (nightly and cargo-fuzz).
#![no_main]

use cooptrack::import::{decode, parse_notice};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Arbitrary bytes as the command would see them: detected, or lossy.
    let decoded = decode::decode(data, None).map(|d| d.text);
    let lossy = String::from_utf8_lossy(data);
    for text in decoded.iter().map(String::as_str).chain([lossy.as_ref()]) {
        let notice = parse_notice(text);
        for task in &notice.tasks {
            assert!(cooptrack::ids::is_valid(&task.id()));
            assert!(!task.text.is_empty());
            assert!(task.text.starts_with(&task.title));
            assert!(notice.headings.iter().any(|h| h.number == task.section));
            for name in task.lead.iter().chain(&task.responsible) {
                assert!(notice.departments.contains(name));
            }
            // What import writes must read back: the scalars it emits.
            for value in [&task.title, &task.text, &task.heading] {
                let yaml = cooptrack::edit::canonical::scalar(value);
                let back: String = serde_yaml_back(&yaml);
                assert_eq!(&back, value, "scalar {yaml:?}");
            }
        }
    }
});

/// A YAML scalar read back as a string (via the task model's own parser).
fn serde_yaml_back(scalar: &str) -> String {
    let text = format!(
        "id: \"1.1\"\nsection: 1\nheading: h\nnumber: 1\ntitle: {scalar}\nstatus: 未启动\ndue: 2022-12-31\n"
    );
    match cooptrack::read::parse_yaml::<cooptrack::model::Task>(std::path::Path::new(""), &text) {
        Ok(task) => task.title,
        Err(d) => panic!("{scalar:?} does not read back: {}", d.message),
    }
}
