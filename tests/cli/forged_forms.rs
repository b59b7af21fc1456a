//! Forged forms (issue 19): who a form speaks for comes from the ledger,
//! never from the form. Each forgery starts from a genuine `forms` output
//! and recomputes the hidden identity sheet's fingerprints as `forms` does
//! (FNV-1a over the locked cells, src/fingerprint.rs), so the fingerprint
//! check passes and the refusal has to come from the ledger: a non-zero
//! exit, the cell named, no task file changed.

use std::path::Path;

use calamine::{open_workbook_auto, Reader};

use crate::common::{cooptrack_in, json_of};
use crate::forms::{Filling, RoundTrip};

/// src/fingerprint.rs: FNV-1a, 64 bits, over each text with CRLF made LF
/// (and a lone CR) made LF and outer spaces trimmed, each followed by 0x1f;
/// 16 hex digits.
fn fingerprint(texts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for text in texts {
        let normal = text.replace("\r\n", "\n").replace('\r', "\n");
        for byte in normal.trim().bytes().chain([0x1f]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The locked cells of a row as `FormRow::locked_texts` gives them: id,
/// title, role, deadline, current status, last progress (the bundled
/// tasks have none).
fn locked<'a>(trip: &RoundTrip, id: &'a str, role: &'a str) -> Vec<String> {
    let task = json_of(cooptrack_in(&trip.tasks).args(["show", id, "--format", "json"]));
    vec![
        id.to_string(),
        task["title"].as_str().unwrap().to_string(),
        role.to_string(),
        task["due"].as_str().unwrap().to_string(),
        task["status"].as_str().unwrap().to_string(),
        String::new(),
    ]
}

fn print(texts: &[String]) -> String {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    fingerprint(&refs)
}

/// The identity sheet's cell (row, column; 0-based) as calamine reads it.
fn identity_cell(form: &Path, row: u32, col: u32) -> String {
    let mut book = open_workbook_auto(form).unwrap();
    let range = book.worksheet_range("_cooptrack").unwrap();
    range
        .get_value((row, col))
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// Edits to the hidden identity sheet (xl/worksheets/sheet2.xml), cells
/// typed as inline strings, as an office suite may save them.
struct Identity {
    book: Filling,
}

impl Identity {
    const SHEET: &'static str = "xl/worksheets/sheet2.xml";

    fn open(path: &Path) -> Identity {
        Identity {
            book: Filling::open(path),
        }
    }

    fn edit(&mut self, edit: impl FnOnce(&str) -> String) -> &mut Identity {
        self.book.edit_part(Identity::SHEET, edit);
        self
    }

    /// Sets an existing cell to `text`.
    fn set(&mut self, reference: &str, text: &str) -> &mut Identity {
        self.edit(|xml| {
            let (start, end, _) = Filling::span(xml, reference);
            let mut xml = xml.to_string();
            xml.replace_range(start..end, &inline(reference, text));
            xml
        })
    }

    /// Appends a row of three cells: id, form row, fingerprint.
    fn add_task(&mut self, row: u32, id: &str, form_row: u32, print: &str) -> &mut Identity {
        let cells = format!(
            "<row r=\"{row}\">{}<c r=\"B{row}\"><v>{form_row}</v></c>{}</row></sheetData>",
            inline(&format!("A{row}"), id),
            inline(&format!("C{row}"), print)
        );
        self.edit(|xml| xml.replacen("</sheetData>", &cells, 1))
    }

    fn save(&self, path: &Path) {
        self.book.save(path);
    }
}

fn inline(reference: &str, text: &str) -> String {
    format!("<c r=\"{reference}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

/// Collects `form` and expects it refused as a whole: a non-zero exit,
/// `cell` named, every task file as before. The output.
fn refused(trip: &RoundTrip, form: &Path, cells: &[&str]) -> String {
    let before = trip.snapshot();
    let out = trip.collect(&[form]).output().unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a forged form was accepted:\n{said}");
    assert!(
        cells.iter().any(|cell| said.contains(cell)),
        "none of {cells:?} named:\n{said}"
    );
    assert_eq!(
        trip.snapshot(),
        before,
        "a forged form changed a file:\n{said}"
    );
    said
}

/// The fingerprints of 区城管局's genuine form are the ones this test
/// computes: the forgeries below are as good as `forms`' own.
#[test]
fn the_test_computes_the_fingerprints_forms_writes() {
    let trip = RoundTrip::new();
    let city = trip.form("区城管局");
    // Row 8 of _cooptrack (0-based 7): 1.2, its form row, its fingerprint.
    assert_eq!(identity_cell(&city, 7, 0), "1.2");
    assert_eq!(identity_cell(&city, 7, 1), "6");
    assert_eq!(
        identity_cell(&city, 7, 2),
        print(&locked(&trip, "1.2", "配合"))
    );
    assert_eq!(identity_cell(&city, 3, 1), "区城管局");
}

/// (a) 区城管局 supports 1.2. Its form says 牵头 in the role cell, with the
/// fingerprint to match, and changes the status as a lead may. The ledger
/// gives it 配合: refused at the role cell.
#[test]
fn a_supporting_units_form_claiming_the_lead_role_is_refused() {
    let trip = RoundTrip::new();
    let city = trip.form("区城管局");
    let forged = trip.forms.join("forged-lead.xlsx");
    Filling::open(&city)
        .text("C6", "牵头")
        .text("G6", "大气污染联防联控机制建成")
        .text("J6", "推进中")
        .text("L6", "2020-06-20")
        .save(&forged);
    Identity::open(&forged)
        .set("C8", &print(&locked(&trip, "1.2", "牵头")))
        .save(&forged);
    refused(&trip, &forged, &["填报表!C6"]);
}

/// (b) 区城管局's form with the identity sheet's unit changed: to the
/// lead of 1.2, 区生态环境局 (whose role on 1.2 the ledger says is 牵头, not
/// the form's 配合), and to 区公安局, which has no part in 1.2. The rows'
/// locked cells are unchanged, so their fingerprints still hold.
#[test]
fn a_form_claiming_another_unit_is_refused() {
    let trip = RoundTrip::new();
    let city = trip.form("区城管局");
    for unit in ["区生态环境局", "区公安局"] {
        let forged = trip.forms.join(format!("forged-{unit}.xlsx"));
        Filling::open(&city)
            .text("G6", "开展道路扬尘专项整治 12 次")
            .text("L6", "2020-06-20")
            .save(&forged);
        Identity::open(&forged).set("B4", unit).save(&forged);
        // The heading still names 区城管局: the form was passed on.
        refused(&trip, &forged, &["填报表!A3"]);
        // The heading changed too: the ledger refuses the row the claimed
        // unit cannot speak for (区生态环境局 leads 1.2, so its role is not
        // 配合; 区公安局 has no part in 1.2).
        let cell = if unit == "区公安局" {
            "填报表!A6"
        } else {
            "填报表!C6"
        };
        Filling::open(&forged)
            .text("A3", &format!("填报单位：{unit}　　报送期：2020年第二季度"))
            .save(&forged);
        refused(&trip, &forged, &[cell]);
    }
}

/// (c) 区城管局's form with a row added for 6.3, a task it has no part in,
/// written as `forms` would write it (locked cells, identity row, task
/// count, fingerprint), besides its genuine row 1.2. The whole form is
/// refused, at the added row.
#[test]
fn a_form_adding_a_task_the_unit_has_no_part_in_is_refused() {
    let trip = RoundTrip::new();
    let city = trip.form("区城管局");
    let forged = trip.forms.join("forged-task.xlsx");
    let texts = locked(&trip, "6.3", "配合");
    let cells: String = ["A", "B", "C", "D", "E", "F"]
        .iter()
        .zip(&texts)
        .filter(|(_, text)| !text.is_empty())
        .map(|(column, text)| inline(&format!("{column}7"), text))
        .collect::<String>()
        + &inline("G7", "配合开展公共事务协同治理")
        + &inline("L7", "2020-06-20");
    Filling::open(&city)
        .text("G6", "开展道路扬尘专项整治 12 次")
        .text("L6", "2020-06-20")
        .edit_xml(|xml| {
            xml.replacen(
                "</sheetData>",
                &format!("<row r=\"7\">{cells}</row></sheetData>"),
                1,
            )
        })
        .save(&forged);
    Identity::open(&forged)
        .set("B7", "2")
        .add_task(9, "6.3", 7, &print(&texts))
        .save(&forged);
    assert_eq!(identity_cell(&forged, 8, 2), print(&texts));
    refused(&trip, &forged, &["填报表!A7", "填报表!C7"]);
}

/// A form whose rows repeat a task (the row copied below, the identity
/// sheet listing it twice, each row filled in differently) is refused as a
/// whole, both rows named: it would otherwise record both entries and
/// keep the second.
#[test]
fn a_form_repeating_a_task_is_refused_naming_both_rows() {
    let trip = RoundTrip::new();
    let water = trip.form("区水务局");
    let texts = locked(&trip, "2.3", "牵头");
    // 区水务局's rows: 1.1, 1.4, 2.3 (row 8) and 6.3 (row 9); row 10 is 2.3 again.
    Filling::open(&water)
        .text("G8", "完成航道整治方案编制")
        .text("L8", "2020-06-15")
        .edit_xml(|xml| {
            let start = xml.find("<row r=\"8\"").unwrap();
            let end = start + xml[start..].find("</row>").unwrap() + "</row>".len();
            let copy = xml[start..end]
                .replace("r=\"8\"", "r=\"10\"")
                .replace("8\"", "10\"");
            xml.replacen("</sheetData>", &format!("{copy}</sheetData>"), 1)
        })
        .text("G10", "另一份进展")
        .text("L10", "2020-06-16")
        .save(&water);
    Identity::open(&water)
        .set("B7", "5")
        .add_task(12, "2.3", 10, &print(&texts))
        .save(&water);
    let said = refused(&trip, &water, &["2.3"]);
    assert!(
        said.contains("任务 2.3 在填报表中出现两次（填报表 第 8 行和第 10 行）"),
        "{said}"
    );
}
