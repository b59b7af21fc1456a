//! 补报: a form returned after its period's window is refused unless
//! collected with `--late`; then it counts for its period, says so
//! (`late: true`, 补报 in its source), and the reports list the unit under
//! 逾期补报单位 instead of 未报送.

use crate::common::{cooptrack_in, json_of, stdout_of};
use crate::forms::{Filling, RoundTrip};

#[test]
fn a_late_reply_needs_late_and_then_counts_for_its_period() {
    let trip = RoundTrip::new();
    let city = trip.form("区城管局");
    // 2020Q2 forms issued with --due-by 2020-07-05: the window ends
    // 2020-07-15 (15 days after the quarter). Dated 2020-07-20: late.
    Filling::open(&city)
        .text("G6", "开展道路扬尘专项整治 12 次")
        .text("L6", "2020-07-20")
        .save(&city);
    let collect = |late: bool| {
        let mut cmd = cooptrack_in(&trip.tasks);
        cmd.args(["--as-of", "2020-07-25", "collect"]).arg(&city);
        if late {
            cmd.arg("--late");
        }
        cmd.output().unwrap()
    };
    let before = trip.snapshot();
    let refused = collect(false);
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8(refused.stdout).unwrap();
    assert!(
        said.contains("填报表!L6：填报日期 2020-07-20 不在报送期 2020Q2（2020-04-01 至 2020-06-30，可延至 2020-07-15）内；确为逾期补报的，请加 --late 收集"),
        "{said}"
    );
    assert_eq!(trip.snapshot(), before);

    let taken = collect(true);
    assert_eq!(taken.status.code(), Some(0), "{taken:?}");
    let said = String::from_utf8(taken.stdout).unwrap();
    assert!(
        said.contains("逾期补报单位（2020年第二季度，1 个）：\n  区城管局：1.2\n"),
        "{said}"
    );
    let task = json_of(cooptrack_in(&trip.tasks).args(["show", "1.2", "--format", "json"]));
    let entry = &task["progress"][0];
    assert_eq!(
        (&entry["late"], &entry["period"], &entry["source"]),
        (
            &true.into(),
            &"2020Q2".into(),
            &"填报表 2020Q2-区城管局；补报".into()
        )
    );

    let report = json_of(cooptrack_in(&trip.tasks).args([
        "--as-of",
        "2020-07-25",
        "report",
        "--period",
        "2020Q2",
        "--format",
        "json",
    ]));
    let late = crate::common::owed_lines(&report, "late");
    assert_eq!(late, ["区城管局 1.2"]);
    let unreported = crate::common::owed_lines(&report, "unreported");
    assert!(
        !unreported.iter().any(|u| u.starts_with("区城管局")),
        "{unreported:?}"
    );
    // Every format lists the unit under 逾期补报.
    let markdown = stdout_of(cooptrack_in(&trip.tasks).env("COOPTRACK_LANG", "zh").args([
        "--as-of",
        "2020-07-25",
        "report",
        "--period",
        "2020Q2",
        "--format",
        "markdown",
    ]));
    assert!(
        markdown.contains("逾期补报单位（1 个）：报送期满后补报，计为已报送"),
        "{markdown}"
    );
    assert!(markdown.contains("| 区城管局 | 1 | 1.2 |"), "{markdown}");
    let docx = trip.tasks.parent().unwrap().join("r.docx");
    cooptrack_in(&trip.tasks)
        .args([
            "--as-of",
            "2020-07-25",
            "report",
            "--period",
            "2020Q2",
            "-o",
        ])
        .arg(&docx)
        .assert()
        .success();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(
        xml.contains("逾期补报的单位 1 个：区城管局（1.2）。"),
        "no late sentence in the 通报"
    );
    // Collected again: nothing new.
    let again = stdout_of(
        cooptrack_in(&trip.tasks)
            .args(["--as-of", "2020-07-25", "collect", "--late"])
            .arg(&city),
    );
    assert!(again.contains("新增进展 0 条"), "{again}");
}
