//! Fuzzes the comment finder against the YAML parser: arbitrary text as
//! the value of `key:`. Where the parser can read the line, the finder
//! must put the comment where the parser does (or find none where it sees
//! none), the line less the comment must read as the same value, and the
//! line editor must split the line there
//! (`edit::lines::check_finder_against_parser`, which the differential
//! unit test in `src/edit/lines.rs` runs on generated lines).
#![no_main]

use cooptrack::edit::lines;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(why) = lines::check_finder_against_parser(text) {
        panic!("{why}");
    }
    // Read as a line inside a block, the finder never panics either.
    let _ = lines::comment_start_in_block(text);
});
