//! `cooptrack report` in a terminal of 80 columns (the narrow layout): every
//! line fits, the bundled report is under 200 lines, and no number, date,
//! status or department name is broken across lines, in a table cell or in
//! a paragraph. `--wide` forces the full layout.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

use crate::common::{bundled, cooptrack_in, json_of, stdout_of};

fn ledger() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ledger")
}

fn report(dir: &Path, columns: &str, extra: &[&str]) -> String {
    stdout_of(
        cooptrack_in(dir)
            .env("COLUMNS", columns)
            .args(["report", "--as-of", "2023-01-15"])
            .args(extra),
    )
}

/// Every department name and status the report can show.
pub fn words(dir: &Path) -> BTreeSet<String> {
    let r =
        json_of(cooptrack_in(dir).args(["report", "--as-of", "2023-01-15", "--format", "json"]));
    let mut words = BTreeSet::new();
    for t in r["tasks"].as_array().unwrap() {
        for key in ["lead", "responsible"] {
            for name in t[key].as_array().unwrap() {
                words.insert(name.as_str().unwrap().to_string());
            }
        }
    }
    for u in r["period"]["unreported"].as_array().unwrap() {
        words.insert(u["department"].as_str().unwrap().to_string());
    }
    for s in ["未启动", "推进中", "已完成", "滞后", "已取消", "已结转"] {
        words.insert(s.to_string());
    }
    words
}

/// The text of each cell of a table line, or the whole line outside tables.
fn fragments(line: &str) -> Vec<String> {
    if line.starts_with('│') {
        line.trim_matches('│')
            .split(['┆', '│'])
            .map(|c| c.trim().to_string())
            .collect()
    } else {
        vec![line.trim().to_string()]
    }
}

fn is_border(line: &str) -> bool {
    line.starts_with(['┌', '╞', '├', '└'])
}

/// Lines that continue the one before: the next line of a paragraph, or
/// the next line of a table row (its first cell empty). A table's header
/// is the program's own labels, which may take two lines ("Not / started"
/// over a column of counts): left out.
fn continuations(out: &str) -> Vec<(Vec<String>, Vec<String>)> {
    let mut in_header = false;
    let lines: Vec<&str> = out
        .lines()
        .filter(|line| {
            if line.starts_with('┌') {
                in_header = true;
            } else if line.starts_with('╞') {
                in_header = false;
            }
            !in_header
        })
        .collect();
    let mut pairs = Vec::new();
    for pair in lines.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.trim().is_empty() || b.trim().is_empty() || is_border(a) || is_border(b) {
            continue;
        }
        let in_table = (a.starts_with('│'), b.starts_with('│'));
        match in_table {
            (false, false) => pairs.push((fragments(a), fragments(b))),
            (true, true) => {
                let (fa, fb) = (fragments(a), fragments(b));
                if fb.first().is_some_and(|c| c.is_empty()) && fa.len() == fb.len() {
                    pairs.push((fa, fb));
                }
            }
            _ => {}
        }
    }
    pairs
}

/// Asserts that nothing in `out` is broken across two lines.
pub fn assert_nothing_broken(out: &str, words: &BTreeSet<String>) {
    for (upper, lower) in continuations(out) {
        for (a, b) in upper.iter().zip(&lower) {
            let (end, start) = (a.chars().last(), b.chars().next());
            if let (Some(end), Some(start)) = (end, start) {
                // Digits on both sides, or a mark inside a number or date
                // (`0.`, `2020-`) at either: a number cut in two. (Two
                // Latin words either side of a line break are two words;
                // "0.0%." ends a sentence.)
                let digit = |c: char| c.is_ascii_digit();
                let before_end = a.chars().rev().nth(1).is_some_and(digit);
                let broken = (digit(end) && (digit(start) || ".-%".contains(start)))
                    || (".-".contains(end) && before_end && digit(start));
                assert!(!broken, "a number or date broken: {a:?} / {b:?}\n{out}");
            }
            for word in words {
                let chars: Vec<char> = word.chars().collect();
                for cut in 1..chars.len() {
                    let head: String = chars[..cut].iter().collect();
                    let tail: String = chars[cut..].iter().collect();
                    // "Not started" broken at its space is broken too.
                    let (head, tail) = (head.trim_end(), tail.trim_start());
                    if head.is_empty() || tail.is_empty() {
                        continue;
                    }
                    assert!(
                        !(a.ends_with(head) && b.starts_with(tail)),
                        "“{word}” broken: {a:?} / {b:?}\n{out}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_bundled_report_fits_80_columns_in_under_200_lines_with_nothing_broken() {
    let words = words(&bundled());
    for lang in ["zh", "en"] {
        let out = stdout_of(
            cooptrack_in(&bundled())
                .env("COLUMNS", "80")
                .env("COOPTRACK_LANG", lang)
                .args(["report", "--as-of", "2023-01-15"]),
        );
        for line in out.lines() {
            assert!(line.width() <= 80, "{} columns: {line}", line.width());
        }
        let lines = out.lines().count();
        assert!(lines < 200, "{lang}: {lines} lines");
        assert_nothing_broken(&out, &words);
    }
    // The count measured when this was written: the 24 tasks, all overdue
    // (one line fewer since the as-of note names no command).
    let out = report(&bundled(), "80", &[]);
    assert_eq!(out.lines().count(), 163, "{out}");
    // The narrow 台账: 任务编号, 任务内容 (cut with …), 牵头单位, 状态, 预警,
    // under the 台账's own headers.
    assert!(out.contains("│ 任务编号 ┆ 任务内容"), "{out}");
    assert!(out.lines().any(|l| l.contains("…")), "{out}");
    assert!(out.contains("│ 7.2      ┆"), "{out}");
}

#[test]
fn a_ledger_with_notes_wraps_only_between_words_at_every_width() {
    let words = words(&ledger());
    for columns in ["60", "80", "100", "119", "120", "160"] {
        let out = report(&ledger(), columns, &[]);
        let max: usize = columns.parse().unwrap();
        for line in out.lines() {
            assert!(line.width() <= max, "{columns}: {line}");
        }
        assert_nothing_broken(&out, &words);
    }
    // Below 120 columns the narrow layout, unless --wide.
    let narrow = report(&ledger(), "100", &[]);
    let wide = report(&ledger(), "100", &["--wide"]);
    assert!(narrow.contains("窄屏版式"));
    assert!(!wide.contains("窄屏版式"));
    assert!(wide.contains("│ 序号"), "{wide}");
    assert_nothing_broken(&wide, &words);
    // The layout is chosen by measured fit: at 120 columns this ledger's
    // full layout would squeeze its notes below a phrase; at 200 it fits
    // but takes more lines than the narrow one (a wider terminal never
    // gives a longer report), so the narrow one still.
    assert!(report(&ledger(), "120", &[]).contains("窄屏版式"));
    let narrow = report(&ledger(), "200", &[]);
    let wide = report(&ledger(), "200", &["--wide"]);
    assert!(narrow.contains("窄屏版式"), "{narrow}");
    assert!(wide.lines().count() > narrow.lines().count(), "{wide}");
    // The bundled tasks, with no notes, take the full layout from 213
    // columns in English, where it is no longer than the narrow one.
    let english = |columns: &str| {
        stdout_of(
            cooptrack_in(&bundled())
                .env("COLUMNS", columns)
                .env("COOPTRACK_LANG", "en")
                .args(["report", "--as-of", "2023-01-15"]),
        )
    };
    assert!(english("212").contains("(Narrow layout"));
    assert!(!english("213").contains("(Narrow layout"));
}

/// The layout is chosen by measured fit, at every width from 80 to 240
/// columns, on the bundled tasks and on a replayed year (before and after
/// the plan ended): no line wider than the width, no name, date, number or
/// status broken; from 120 to 160 columns the 台账's 任务内容 is never
/// squeezed to a sliver (the full layout only where every column fits).
#[test]
fn the_report_fits_every_width_with_nothing_broken() {
    let tmp = tempfile::tempdir().unwrap();
    let year = crate::report_year::replayed(tmp.path());
    for (dir, as_of) in [
        (bundled(), "2023-01-15"),
        (year.clone(), "2020-06-30"),
        (year.clone(), "2023-01-15"),
    ] {
        let words = words(&dir);
        for columns in (80..=240).step_by(10) {
            let out = stdout_of(
                cooptrack_in(&dir)
                    .env("COLUMNS", columns.to_string())
                    .args(["report", "--as-of", as_of]),
            );
            for line in out.lines() {
                assert!(line.width() <= columns, "{as_of} at {columns}: {line}");
            }
            assert_nothing_broken(&out, &words);
            // A 台账 row of the full layout holds its task's title in
            // lines of at least a phrase: "│ 1    ┆ 1.1  ┆ 加强跨界河流联防 ┆".
            if !out.contains("窄屏版式") {
                let header = out.lines().find(|l| l.contains("┆ 任务内容 ")).unwrap();
                let cell = header.split('┆').nth(2).unwrap();
                assert!(cell.width() >= 12, "{as_of} at {columns}: {header}");
            }
        }
    }
}

/// A report written to a file (`-o x.txt`) or redirected with no
/// `COLUMNS` is laid out for 80 columns.
#[test]
fn a_report_to_a_file_is_laid_out_for_80_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("report.txt");
    cooptrack_in(&bundled())
        .env_remove("COLUMNS")
        .args(["report", "--as-of", "2023-01-15", "-o"])
        .arg(&path)
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.lines().all(|l| l.width() <= 80), "{text}");
    assert!(text.contains("窄屏版式"), "{text}");
    let piped = stdout_of(cooptrack_in(&bundled()).env_remove("COLUMNS").args([
        "report",
        "--as-of",
        "2023-01-15",
    ]));
    assert_eq!(piped, text);
}
