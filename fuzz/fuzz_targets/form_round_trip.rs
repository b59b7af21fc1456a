//! Fuzzes the round trip of a form: any text as a task's title and last
//! progress (split at the first `|`; the halves swapped on a second row)
//! is written into a form by the writer `forms` uses, read back untouched
//! by the reader `collect` uses, and must read back as issued, with
//! nothing filled in. A text that does not close the round trip panics
//! with what was written and what was read.
#![no_main]

use cooptrack::forms::round_trip::texts_read_back;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (title, note) = text.split_once('|').unwrap_or((&text, ""));
    if let Err(why) = texts_read_back(title, note) {
        panic!("{title:?} / {note:?}: {why}");
    }
});
