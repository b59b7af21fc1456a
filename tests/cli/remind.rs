//! `cooptrack remind`: one message per unit that has not replied, from the
//! same lists as the report's 未报送 and 部分任务未报送进展.

use std::fs;

use crate::common::{cooptrack_in, copy_bundled, json_of, stdout_of};

#[test]
fn a_unit_that_replied_in_part_is_reminded_of_the_rest_with_its_liaison() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let registry = dir.join("departments.yaml");
    let text = fs::read_to_string(&registry).unwrap().replacen(
        "  - name: 区水务局\n",
        "  - name: 区水务局\n    contact: {name: 李明, phone: \"13800000000\"}\n",
        1,
    );
    fs::write(&registry, text).unwrap();
    cooptrack_in(&dir).arg("validate").assert().success();
    cooptrack_in(&dir)
        .args([
            "--as-of",
            "2020-06-15",
            "update",
            "2.3",
            "--note",
            "完成方案编制",
        ])
        .assert()
        .success();

    let out = stdout_of(cooptrack_in(&dir).args([
        "--as-of",
        "2020-07-20",
        "remind",
        "--period",
        "2020Q2",
    ]));
    let messages: Vec<&str> = out.split("\n\n").collect();
    // 17 + 6 units: 22 without any entry for the quarter, 区水务局 in part.
    assert_eq!(messages.len(), 23, "{out}");
    let water = messages.iter().find(|m| m.contains("区水务局（")).unwrap();
    assert_eq!(
        water.trim_end(),
        "【催报】区水务局（李明 13800000000）：2020年第二季度以下任务尚未报送进展：1.1 加强跨界河流联防联控联治；1.4 加强区域环境风险防范；6.3 强化公共事务协同治理。请于2020年7月25日前报送区发展改革委。"
    );
    assert!(messages.iter().all(|m| m.trim_end().chars().count() <= 300));

    let json = json_of(cooptrack_in(&dir).args([
        "--as-of",
        "2020-07-20",
        "remind",
        "--period",
        "2020Q2",
        "--due-by",
        "2020-07-31",
        "--format",
        "json",
    ]));
    let water = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["department"] == "区水务局")
        .unwrap();
    assert_eq!(
        water,
        &serde_json::json!({
            "department": "区水务局",
            "contact": {"name": "李明", "phone": "13800000000"},
            "owing": "partly_reported",
            "tasks": [
                {"id": "1.1", "title": "加强跨界河流联防联控联治"},
                {"id": "1.4", "title": "加强区域环境风险防范"},
                {"id": "6.3", "title": "强化公共事务协同治理"},
            ],
            "deadline": "2020-07-31",
        })
    );
}

/// The bundled plan cut to tasks 1.4, 2.3 and 4.5, with liaisons for
/// 区水务局 and 区旅游局; 区水务局 reported on 2.3, 区交委 on its part of
/// it and 区文化委 on its part of 4.5: three units to remind.
fn three_units(root: &std::path::Path) -> std::path::PathBuf {
    let dir = copy_bundled(root);
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let kept = [
            "1.4.yaml",
            "2.3.yaml",
            "4.5.yaml",
            "plan.yaml",
            "departments.yaml",
        ];
        if name.ends_with(".yaml") && !kept.contains(&name.as_str()) {
            fs::remove_file(path).unwrap();
        }
    }
    let registry = dir.join("departments.yaml");
    let text = fs::read_to_string(&registry)
        .unwrap()
        .replacen(
            "  - name: 区水务局\n",
            "  - name: 区水务局\n    contact: {name: 李明, phone: \"13800000000\"}\n",
            1,
        )
        .replacen(
            "  - name: 区旅游局\n",
            "  - name: 区旅游局\n    contact: {name: 张华, phone: 023-44556677}\n",
            1,
        );
    fs::write(&registry, text).unwrap();
    for (id, by, note) in [
        ("2.3", "区水务局", "完成方案编制"),
        ("2.3", "区交委", "完成航道测量"),
        ("4.5", "区文化委", "完成景区文化展陈方案"),
    ] {
        cooptrack_in(&dir)
            .args([
                "--as-of",
                "2020-06-20",
                "update",
                id,
                "--by",
                by,
                "--note",
                note,
            ])
            .assert()
            .success();
    }
    dir
}

/// The 催报通知: a one-page 公文 to the units that have not replied, from
/// the office, in the layout of the 通报; read back from the document.
#[test]
fn the_reminder_notice_is_a_one_page_letter_to_the_units() {
    use crate::report_docx::{paragraphs, read_docx};
    let tmp = tempfile::tempdir().unwrap();
    let dir = three_units(tmp.path());
    let path = tmp.path().join("催报通知.docx");
    cooptrack_in(&dir)
        .env("COOPTRACK_LANG", "zh")
        .args([
            "--as-of",
            "2020-07-20",
            "remind",
            "--period",
            "2020Q2",
            "-o",
        ])
        .arg(&path)
        .assert()
        .success()
        .stdout(format!("已写入 {}\n", path.display()));
    let doc = read_docx(&path);
    let paras = paragraphs(&doc.document);
    let texts: Vec<&str> = paras
        .iter()
        .map(|(_, t)| t.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(
        texts,
        [
            "区发展改革委",
            "关于报送2020年第二季度进展的催报通知",
            "区生态环境局、区旅游局、区水务局：",
            "截至2020年7月20日，以下单位尚未报送本期进展：",
            "1. 区生态环境局：尚未报送，涉及 1.4 加强区域环境风险防范。",
            "2. 区旅游局（联络员：张华 023-44556677）：尚未报送，涉及 4.5 打造生态文化旅游目的地。",
            "3. 区水务局（联络员：李明 13800000000）：部分任务尚未报送，涉及 1.4 加强区域环境风险防范。",
            "请上述单位于2020年7月25日前报送区发展改革委。",
            "区发展改革委",
            "2020年7月20日",
            "区发展改革委2020年7月20日印发",
        ]
    );
    // The layout of the 通报: A4 portrait, the standard margins, 22 lines
    // a page, page numbers odd right and even left.
    assert!(doc
        .document
        .contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#));
    assert!(doc.document.contains(r#"w:linePitch="579""#));
    assert!(doc.footer1.contains("— ") && doc.footer2.contains("— "));
    // One page worth: the lines each paragraph takes on the grid of 28
    // characters (a Latin letter or digit half a character), the blank
    // lines and the two-line masthead included, are at most 22.
    let lines: usize = paras
        .iter()
        .map(|(_, t)| {
            let halves: usize = t.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            halves.div_ceil(56).max(1)
        })
        .sum::<usize>()
        + 1;
    assert!(lines <= 22, "{lines} lines: {texts:#?}");

    // A document needs a file (or a pipe).
    let out = cooptrack_in(&dir)
        .env("COOPTRACK_LANG", "zh")
        .args(["--as-of", "2020-07-20", "remind", "--format", "docx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "cooptrack: 错误：xlsx、docx 是二进制文件，请用 -o 指定输出文件，如 -o 催报通知.docx\n"
    );

    nobody_left_no_notice(&dir, tmp.path());
}

/// Once every unit has replied, no notice is written, and it says so.
fn nobody_left_no_notice(dir: &std::path::Path, root: &std::path::Path) {
    // Nobody left to remind: no notice.
    for (id, by) in [
        ("1.4", "区生态环境局"),
        ("1.4", "区水务局"),
        ("4.5", "区旅游局"),
        ("4.5", "区文化委"),
    ] {
        cooptrack_in(dir)
            .args([
                "--as-of",
                "2020-07-10",
                "update",
                id,
                "--by",
                by,
                "--note",
                "推进中",
            ])
            .args(["--period", "2020Q2"])
            .assert()
            .success();
    }
    let all = root.join("all.docx");
    cooptrack_in(dir)
        .env("COOPTRACK_LANG", "zh")
        .args([
            "--as-of",
            "2020-07-20",
            "remind",
            "--period",
            "2020Q2",
            "-o",
        ])
        .arg(&all)
        .assert()
        .success()
        .stdout("2020年第二季度各单位均已报送，无需催报；未生成催报通知\n");
    assert!(!all.exists());
}

/// With every unit of the plan to remind, the notice stays one page: it
/// is addressed to 各有关单位 and the units, what each owes, its tasks and
/// its liaison are in the attachment's table.
#[test]
fn a_long_list_of_units_goes_to_the_attachment() {
    use crate::report_docx::{paragraphs, read_docx, text_of};
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let registry = dir.join("departments.yaml");
    let text = fs::read_to_string(&registry).unwrap().replacen(
        "  - name: 区水务局\n",
        "  - name: 区水务局\n    contact: {name: 李明, phone: \"13800000000\"}\n",
        1,
    );
    fs::write(&registry, text).unwrap();
    let path = tmp.path().join("催报通知.docx");
    cooptrack_in(&dir)
        .args([
            "--as-of",
            "2020-07-20",
            "remind",
            "--period",
            "2020Q2",
            "--format",
            "docx",
            "-o",
        ])
        .arg(&path)
        .assert()
        .success();
    let doc = read_docx(&path);
    let texts: Vec<String> = paragraphs(&doc.document)
        .into_iter()
        .map(|(_, t)| t)
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(
        texts,
        [
            "区发展改革委",
            "关于报送2020年第二季度进展的催报通知",
            "各有关单位：",
            "截至2020年7月20日，有 23 个单位尚未报送2020年第二季度工作任务进展情况（或部分任务尚未报送），名单、涉及任务和联络员见附件。",
            "请上述单位于2020年7月25日前报送区发展改革委。",
            "附件：2020年第二季度未报送单位及任务",
            "区发展改革委",
            "2020年7月20日",
            "区发展改革委2020年7月20日印发",
            "附件",
            "2020年第二季度未报送单位及任务",
        ]
    );
    // The table: a header row repeated on every page, a row per unit.
    let table = &doc.document[doc.document.find("<w:tbl>").unwrap()..];
    let rows: Vec<String> = table
        .split("</w:tr>")
        .filter(|r| r.contains("<w:tc>"))
        .map(|row| {
            row.split("</w:tc>")
                .filter(|c| c.contains("<w:t"))
                .map(text_of)
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert_eq!(rows.len(), 24);
    assert_eq!(rows[0], "序号|单位|情况|涉及任务|联络员");
    assert_eq!(
        rows[3],
        "3|区水务局|尚未报送|1.1 加强跨界河流联防联控联治1.4 加强区域环境风险防范2.3 畅通涪江航道6.3 强化公共事务协同治理|李明 13800000000"
    );
    assert_eq!(
        rows[23],
        "23|区农业园区管委会|尚未报送|7.2 共建产业合作园区|"
    );
    assert!(table.contains("<w:tblHeader />"));
}
