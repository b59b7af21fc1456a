//! `report --format html`: print-ready (one 通报 table, cells that never
//! break, `@page` A4 with page numbers) and its three inline SVG charts,
//! whose bar lengths are checked against the report's own figures and, for
//! the months, against the progress logs of the fixture's files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{cooptrack_in, json_of, stdout_of};

fn ledger() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report/ledger")
}

fn run(format: &str) -> String {
    stdout_of(cooptrack_in(&ledger()).args(["report", "--as-of", "2023-01-01", "--format", format]))
}

/// The value of `name="…"` in a tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The `<svg class="chart NAME" …>…</svg>` element.
fn svg<'a>(html: &'a str, name: &str) -> &'a str {
    let start = html
        .find(&format!("<svg class=\"chart {name}\""))
        .unwrap_or_else(|| panic!("no {name} chart"));
    let end = start + html[start..].find("</svg>").unwrap();
    &html[start..end]
}

/// Every `<rect …>` tag of an SVG that has `key`.
fn rects<'a>(svg: &'a str, key: &str) -> Vec<&'a str> {
    svg.split("<rect")
        .skip(1)
        .map(|r| &r[..r.find('>').unwrap()])
        .filter(|r| r.contains(&format!(" {key}=")))
        .collect()
}

fn number(text: &str) -> f64 {
    text.parse()
        .unwrap_or_else(|_| panic!("not a number: {text}"))
}

/// Lengths are written with one decimal.
fn assert_length(actual: &str, expected: f64, what: &str) {
    assert!(
        (number(actual) - expected).abs() < 0.051,
        "{what}: {actual}, expected {expected:.1}"
    );
}

#[test]
fn the_charts_are_inline_svg_and_their_bars_match_the_figures() {
    let html = run("html");
    let r = json_of(cooptrack_in(&ledger()).args([
        "report",
        "--as-of",
        "2023-01-01",
        "--format",
        "json",
    ]));
    for banned in ["<script", "http://", "https://", "<link", "<img", "url("] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert_eq!(html.matches("<svg").count(), 3);

    // Tasks per lead department, stacked by status: 480 units for the
    // department leading most (区生态环境局, 3), each task 160.
    let chart = svg(&html, "departments");
    let most = r["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["led"].as_u64().unwrap())
        .max()
        .unwrap();
    assert_eq!(most, 3);
    let unit = 480.0 / most as f64;
    let statuses = [
        "done",
        "in_progress",
        "not_started",
        "delayed",
        "cancelled",
        "carried_over",
    ];
    let bars = rects(chart, "data-dept");
    let mut seen = 0;
    for d in r["departments"].as_array().unwrap() {
        let name = d["name"].as_str().unwrap();
        let mine: Vec<&&str> = bars
            .iter()
            .filter(|b| attr(b, "data-dept") == Some(name))
            .collect();
        let mut total = 0.0;
        for status in statuses {
            let count = d[status].as_u64().unwrap();
            let bar = mine.iter().find(|b| attr(b, "data-status") == Some(status));
            match bar {
                None => assert_eq!(count, 0, "{name} {status}: no bar"),
                Some(bar) => {
                    assert_eq!(attr(bar, "data-count"), Some(count.to_string().as_str()));
                    assert_length(
                        attr(bar, "width").unwrap(),
                        count as f64 * unit,
                        &format!("{name} {status}"),
                    );
                    total += number(attr(bar, "width").unwrap());
                    seen += 1;
                }
            }
        }
        let led = d["led"].as_u64().unwrap() as f64;
        assert!(
            (total - led * unit).abs() < 0.2,
            "{name}: {total} for {led} tasks"
        );
    }
    assert_eq!(seen, bars.len());
    // By hand: 区生态环境局 leads 1.1 and 1.2 (推进中) and 1.4 (滞后).
    let eco: Vec<(&str, &str)> = bars
        .iter()
        .filter(|b| attr(b, "data-dept") == Some("区生态环境局"))
        .map(|b| (attr(b, "data-status").unwrap(), attr(b, "width").unwrap()))
        .collect();
    assert_eq!(eco, [("in_progress", "320.0"), ("delayed", "160.0")]);
}

#[test]
fn the_lights_chart_has_a_bar_per_light() {
    let html = run("html");
    let r = json_of(cooptrack_in(&ledger()).args([
        "report",
        "--as-of",
        "2023-01-01",
        "--format",
        "json",
    ]));
    // The lights: 7 red, 1 yellow, 2 green of 10, 48 units a task.
    let lights = svg(&html, "lights");
    let widths: Vec<(&str, &str, &str)> = rects(lights, "data-light")
        .iter()
        .map(|b| {
            (
                attr(b, "data-light").unwrap(),
                attr(b, "data-count").unwrap(),
                attr(b, "width").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        widths,
        [
            ("red", "7", "336.0"),
            ("yellow", "1", "48.0"),
            ("green", "2", "96.0")
        ]
    );
    let o = &r["overview"];
    assert_eq!(
        (o["red"].as_u64(), o["yellow"].as_u64(), o["green"].as_u64()),
        (Some(7), Some(1), Some(2))
    );
}

#[test]
fn the_months_chart_counts_the_entries_of_each_month() {
    let html = run("html");
    let r = json_of(cooptrack_in(&ledger()).args([
        "report",
        "--as-of",
        "2023-01-01",
        "--format",
        "json",
    ]));
    // Entries per month, counted here from the files' progress logs (up
    // to the as-of date), 120 units for the busiest month.
    let mut by_month: BTreeMap<String, u64> = BTreeMap::new();
    for entry in fs::read_dir(ledger()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.chars().next().unwrap().is_ascii_digit() {
            continue;
        }
        let task: serde_yaml::Value =
            serde_yaml::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        for p in task["progress"].as_sequence().into_iter().flatten() {
            let date = p["date"].as_str().unwrap().to_string();
            if date.as_str() <= "2023-01-01" {
                *by_month.entry(date[..7].to_string()).or_default() += 1;
            }
        }
    }
    let busiest = *by_month.values().max().unwrap();
    let months = svg(&html, "months");
    let bars: BTreeMap<String, (u64, f64)> = rects(months, "data-month")
        .iter()
        .map(|b| {
            (
                attr(b, "data-month").unwrap().to_string(),
                (
                    attr(b, "data-count").unwrap().parse::<u64>().unwrap(),
                    number(attr(b, "height").unwrap()),
                ),
            )
        })
        .collect();
    let counts: BTreeMap<String, u64> = bars.iter().map(|(m, (n, _))| (m.clone(), *n)).collect();
    assert_eq!(counts, by_month);
    for (month, (count, height)) in &bars {
        let expected = *count as f64 * 120.0 / busiest as f64;
        assert!(
            (height - expected).abs() < 0.051,
            "{month}: {height} for {count}"
        );
    }
    // The JSON has the same months, every month from the plan's issue.
    let json_months = r["entries_by_month"].as_array().unwrap();
    assert_eq!(json_months[0]["month"], "2018-08");
    assert_eq!(json_months.last().unwrap()["month"], "2023-01");
    assert_eq!(json_months.len(), 54);
}

#[test]
fn the_page_prints_on_a4_with_page_numbers_and_nothing_breaks_inside_a_date() {
    let html = run("html");
    let page = html.lines().find(|l| l.contains("@page")).unwrap();
    assert!(page.contains("size: A4"), "{page}");
    assert!(
        page.contains("counter(page)") && page.contains("counter(pages)"),
        "{page}"
    );
    assert!(html.contains(".nw { white-space: nowrap; }"));

    // The 通报 is one table.
    let notices = &html[html.find("<h2>三、通报").unwrap()..html.find("<h2>四、").unwrap()];
    assert_eq!(notices.matches("<table>").count(), 1, "{notices}");
    // Eight tasks, 6.1 under each of its two leads.
    assert_eq!(notices.matches("<tr><td").count(), 9, "{notices}");

    // Every date, percentage and department name sits in an element that
    // does not wrap: the nearest tag before it opens a nowrap span or cell.
    let body = &html[html.find("<body>").unwrap()..];
    let mut checked = 0;
    let bytes = body.as_bytes();
    for (i, _) in body.match_indices("20") {
        let candidate = &bytes[i..(i + 10).min(bytes.len())];
        let is_date = candidate.len() == 10
            && candidate.iter().enumerate().all(|(k, b)| {
                if k == 4 || k == 7 {
                    *b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !is_date || body[..i].ends_with(|c: char| c.is_ascii_digit() || c == '-') {
            continue;
        }
        let before = &body[..i];
        let tag = &before[before.rfind('<').unwrap()..];
        // Inside an SVG or a page rule a date is not table text.
        if tag.starts_with("<rect") || tag.starts_with("<title") || tag.starts_with("<text") {
            continue;
        }
        assert!(
            tag.starts_with("<span class=\"nw\">") || tag.starts_with("<td class=\"nw"),
            "a date after {tag:?}"
        );
        checked += 1;
    }
    assert!(checked > 30, "{checked} dates checked");
    for name in ["区生态环境局", "区卫生健康委", "区发展改革委"] {
        for (i, _) in body.match_indices(name) {
            let before = &body[..i];
            let tag = &before[before.rfind('<').unwrap()..];
            if tag.starts_with("<text") || tag.starts_with("<rect") || tag.starts_with("<title") {
                continue;
            }
            assert!(
                tag.starts_with("<span class=\"nw\">") || tag.starts_with("<td class=\"nw"),
                "{name} after {tag:?}"
            );
        }
    }
}
