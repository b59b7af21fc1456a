//! Fuzzes the reader of forms sent back: arbitrary bytes as an .xlsx go
//! through the zip archive, the workbook, the shared strings and every
//! sheet, and every cell through the value readers. Nothing may panic.
#![no_main]

use cooptrack::forms::values;
use cooptrack::forms::workbook::Workbook;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(mut book) = Workbook::open(data.to_vec()) else {
        return;
    };
    let names: Vec<String> = book.sheets.iter().map(|s| s.name.clone()).collect();
    for name in names {
        let Ok(Some(sheet)) = book.sheet(&name) else {
            continue;
        };
        for (_, value) in sheet.cells() {
            let _ = values::text(Some(value));
            let _ = values::date(value, book.date1904);
        }
        for range in &sheet.merged {
            let _ = cooptrack::forms::workbook::parse_ref(range);
        }
    }
});
