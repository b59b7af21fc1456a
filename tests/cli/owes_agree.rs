//! Issue 19's property: `report`, `forms` and `collect` agree on who owes
//! a report for a period as of a date. Ledgers are generated from a seeded
//! PRNG (xorshift64*, so a failure names its seed and replays exactly):
//! random entries (some with `period:`, some in a quarter's first 15 days
//! recorded for the quarter before, as forms returned in the grace window),
//! tasks added later (`added:`), completions and cancellations, carry-overs
//! with an ended plan, a rename and a merger. For random dates D and
//! quarters P ≤ D:
//!
//! - `report --format json`: `period.unreported` and `period.partly_reported`
//!   name disjoint units;
//! - every unit in them has a form from `forms --period P --as-of D`;
//! - `collect --dry-run --as-of D` on one of those forms, as issued, prints
//!   the same two lists.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::Value;

use crate::common::{bundled, cooptrack_in, json_of, stdout_of};

/// xorshift64* (Vigna): small, seeded, good enough to pick test cases.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// 0..n
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }

    /// True with probability `percent` %.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn date(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let days = usize::try_from((to - from).num_days()).unwrap();
        from + Duration::days(i64::try_from(self.below(days + 1)).unwrap())
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn quarter_of(date: NaiveDate) -> (i32, u32) {
    (date.year(), (date.month() - 1) / 3 + 1)
}

fn quarter_start((year, q): (i32, u32)) -> NaiveDate {
    day(year, (q - 1) * 3 + 1, 1)
}

fn previous((year, q): (i32, u32)) -> (i32, u32) {
    if q == 1 {
        (year - 1, 4)
    } else {
        (year, q - 1)
    }
}

fn quarter_id((year, q): (i32, u32)) -> String {
    format!("{year}Q{q}")
}

/// A department of the generated registry: its current name and the
/// names a task file may give it.
struct Unit {
    name: &'static str,
    written_as: &'static [&'static str],
}

/// The generated ledger's registry text and its units: six plain units,
/// one renamed and one formed by a merger, each on a random day.
fn registry(rng: &mut Rng) -> (String, Vec<Unit>) {
    let rename = rng.date(day(2019, 1, 1), day(2022, 6, 30));
    let merger = rng.date(day(2019, 1, 1), day(2022, 6, 30));
    let mut text = String::from("departments:\n  - name: 区发展改革委\n");
    let mut units = Vec::new();
    for name in ["区一局", "区二局", "区三局", "区四局", "区五局", "区六局"] {
        writeln!(text, "  - name: {name}").unwrap();
        units.push(Unit {
            name,
            written_as: &[],
        });
    }
    writeln!(
        text,
        "  - name: 区新七局\n    former:\n      - name: 区七局\n        until: {rename}"
    )
    .unwrap();
    units.push(Unit {
        name: "区新七局",
        written_as: &["区七局", "区新七局"],
    });
    writeln!(
        text,
        "  - name: 区八九局\n    former:\n      - name: 区八局\n        until: {merger}\n      - name: 区九局\n        until: {merger}"
    )
    .unwrap();
    // Tasks name one of the two former units, as files written before
    // the merger do.
    units.push(Unit {
        name: "区八九局",
        written_as: &["区八局", "区九局"],
    });
    (text, units)
}

/// Up to four entries from `born` on, in date order, the first perhaps
/// starting the task, the last perhaps closing it (by the lead); the
/// entries' YAML, the final status, and the closing status if any.
fn progress(
    rng: &mut Rng,
    names: &[&str],
    lead: &str,
    born: NaiveDate,
) -> (String, &'static str, Option<&'static str>) {
    let mut dates: Vec<NaiveDate> = (0..rng.below(5))
        .map(|_| rng.date(born.max(day(2018, 9, 1)), day(2022, 12, 31)))
        .collect();
    dates.sort();
    let closing = if dates.is_empty() {
        None
    } else {
        match rng.below(4) {
            0 => Some("已完成"),
            1 => Some("已取消"),
            _ => None,
        }
    };
    let mut status = "未启动";
    let mut progress = String::new();
    for (k, date) in dates.iter().enumerate() {
        let last = k + 1 == dates.len();
        let to = match (k, last, closing) {
            (_, true, Some(to)) => Some(to),
            (0, _, _) if rng.chance(50) => Some("推进中"),
            _ => None,
        };
        // Only a lead changes a status; anyone on the task reports.
        let by = if to.is_some() {
            lead
        } else {
            names[rng.below(names.len())]
        };
        write!(
            progress,
            "  - date: {date}\n    by: {by}\n    note: 进展{k}\n"
        )
        .unwrap();
        if rng.chance(30) {
            // Recorded for the period of a form: the quarter before, when
            // in a quarter's first 15 days (the grace window).
            let here = quarter_of(*date);
            let period = if (*date - quarter_start(here)).num_days() < 15 && rng.chance(60) {
                previous(here)
            } else {
                here
            };
            writeln!(progress, "    period: {}", quarter_id(period)).unwrap();
        }
        if let Some(to) = to {
            write!(
                progress,
                "    status:\n      from: {status}\n      to: {to}\n"
            )
            .unwrap();
            status = to;
        }
    }
    (progress, status, closing)
}

/// One generated task file.
fn task(rng: &mut Rng, units: &[Unit], section: u32, number: u32, ended: bool) -> String {
    let heading = ["推动生态环境联防联控联治", "推动基础设施互联互通"][section as usize - 1];
    // Up to three distinct units, the first (or first two) leading.
    let mut picked: Vec<usize> = Vec::new();
    let wanted = 1 + rng.below(3);
    while picked.len() < wanted {
        let i = rng.below(units.len());
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    let name = |rng: &mut Rng, i: usize| -> &'static str {
        let unit = &units[i];
        if unit.written_as.is_empty() {
            unit.name
        } else {
            unit.written_as[rng.below(unit.written_as.len())]
        }
    };
    let names: Vec<&str> = picked.iter().map(|&i| name(rng, i)).collect();
    let leads = if names.len() > 1 && rng.chance(25) {
        2
    } else {
        1
    };
    let (lead, responsible) = names.split_at(leads);

    let added = rng
        .chance(30)
        .then(|| rng.date(day(2019, 1, 1), day(2022, 6, 30)));
    let born = added.unwrap_or(day(2018, 8, 17));
    let (progress, status, closing) = progress(rng, &names, lead[0], born);
    let mut text = format!(
        "id: \"{section}.{number}\"\nsection: {section}\nheading: {heading}\nnumber: {number}\ntitle: 任务{section}{number}\ntext: 任务{section}{number}。\n"
    );
    text.push_str("lead:\n");
    for l in lead {
        writeln!(text, "  - {l}").unwrap();
    }
    if responsible.is_empty() {
        text.push_str("responsible: []\n");
    } else {
        text.push_str("responsible:\n");
        for r in responsible {
            writeln!(text, "  - {r}").unwrap();
        }
    }
    writeln!(text, "status: {status}\ndue: 2022-12-31").unwrap();
    if let Some(added) = added {
        writeln!(text, "added: {added}").unwrap();
    }
    if ended && closing.is_none() && rng.chance(30) {
        writeln!(
            text,
            "carried_over_to: ../plan-2023/tasks/{section}.{number}.yaml"
        )
        .unwrap();
    }
    if progress.is_empty() {
        text.push_str("progress: []\n");
    } else {
        text.push_str("progress:\n");
        text.push_str(&progress);
    }
    text
}

/// A generated ledger in `<root>/tasks`; whether its plan ended.
fn ledger(rng: &mut Rng, root: &Path) -> bool {
    let tasks = root.join("tasks");
    fs::create_dir_all(&tasks).unwrap();
    let ended = rng.chance(40);
    let plan = fs::read_to_string(bundled().join("plan.yaml")).unwrap();
    let plan = if ended {
        plan.replace("status: active", "status: ended\nended_on: 2022-12-31")
    } else {
        plan
    };
    fs::write(tasks.join("plan.yaml"), plan).unwrap();
    let (registry, units) = registry(rng);
    fs::write(tasks.join("departments.yaml"), registry).unwrap();
    let count = 3 + rng.below(6);
    for i in 0..count {
        let section = 1 + u32::try_from(i % 2).unwrap();
        let number = 1 + u32::try_from(i / 2).unwrap();
        fs::write(
            tasks.join(format!("{section}.{number}.yaml")),
            task(rng, &units, section, number, ended),
        )
        .unwrap();
    }
    ended
}

/// (unit, "1.1 1.2") for each entry of `period.<key>`.
fn from_report(r: &Value, key: &str) -> Vec<(String, String)> {
    crate::common::owed_units(r, key)
        .into_iter()
        .map(|(unit, ids)| (unit, ids.join(" ")))
        .collect()
}

/// (unit, "1.1 1.2") for each unit of a list.
type Lists = Vec<(String, String)>;

/// The two lists `collect` prints: the lines under each heading.
fn from_collect(out: &str) -> (Lists, Lists) {
    let mut unreported = Vec::new();
    let mut partly = Vec::new();
    let mut current: Option<&mut Vec<(String, String)>> = None;
    for line in out.lines() {
        if line.starts_with("未报送单位（") {
            current = Some(&mut unreported);
        } else if line.starts_with("部分任务未报送进展（") {
            current = Some(&mut partly);
        } else if let (Some(list), Some(item)) = (current.as_mut(), line.strip_prefix("  ")) {
            let (unit, tasks) = item
                .split_once('：')
                .unwrap_or_else(|| panic!("not a unit's line: {line:?}"));
            list.push((unit.to_string(), tasks.replace('、', " ")));
        } else {
            current = None;
        }
    }
    (unreported, partly)
}

fn units(list: &[(String, String)]) -> BTreeSet<String> {
    list.iter().map(|(u, _)| u.clone()).collect()
}

/// One generated ledger, asked about one (date, quarter) pair.
fn case(seed: u64) {
    let mut rng = Rng::new(seed);
    let tmp = tempfile::tempdir().unwrap();
    ledger(&mut rng, tmp.path());
    let tasks = tmp.path().join("tasks");
    let as_of = rng.date(day(2019, 1, 1), day(2023, 6, 30));
    // A quarter from 2019Q1 to the one containing the date.
    let mut quarters = vec![quarter_of(as_of)];
    while *quarters.last().unwrap() > (2019, 1) {
        quarters.push(previous(*quarters.last().unwrap()));
    }
    let period = quarter_id(quarters[rng.below(quarters.len().min(8))]);
    let as_of = as_of.to_string();
    let what = format!("seed {seed}: {period} as of {as_of}");

    let r = json_of(cooptrack_in(&tasks).args([
        "report", "--as-of", &as_of, "--period", &period, "--format", "json",
    ]));
    let unreported = from_report(&r, "unreported");
    let partly = from_report(&r, "partly_reported");
    let owing = units(&unreported);
    assert!(
        owing.is_disjoint(&units(&partly)),
        "{what}: a unit in both lists: {unreported:?} {partly:?}"
    );

    let dir = tmp.path().join("forms");
    let made = cooptrack_in(&tasks)
        .args(["--as-of", &as_of, "forms", "--period", &period, "-o"])
        .arg(&dir)
        .output()
        .unwrap();
    let files: Vec<String> = fs::read_dir(&dir)
        .map(|entries| {
            let mut names: Vec<String> = entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        })
        .unwrap_or_default();
    assert!(
        made.status.success() || files.is_empty(),
        "{what}: {}",
        String::from_utf8_lossy(&made.stderr)
    );
    let prefix = format!("{period}-");
    let form_units: BTreeSet<String> = files
        .iter()
        .map(|f| {
            f.strip_prefix(&prefix)
                .and_then(|f| f.strip_suffix(".xlsx"))
                .unwrap_or_else(|| panic!("{what}: form file {f}"))
                .to_string()
        })
        .collect();
    for unit in owing.iter().chain(units(&partly).iter()) {
        assert!(
            form_units.contains(unit),
            "{what}: {unit} owes a report but has no form; forms {form_units:?}"
        );
    }

    // collect on a form as issued: the same two lists.
    let Some(first) = files.first() else {
        return;
    };
    let out = stdout_of(
        cooptrack_in(&tasks)
            .args(["--as-of", &as_of, "collect", "--dry-run"])
            .arg(dir.join(first)),
    );
    assert_eq!(from_collect(&out), (unreported, partly), "{what}:\n{out}");
}

/// The cases, split over a few tests so that they run side by side.
fn cases(seeds: std::ops::Range<u64>) {
    for seed in seeds {
        case(seed);
    }
}

#[test]
fn report_forms_and_collect_agree_on_who_owes_a_report_1() {
    cases(1..11);
}

#[test]
fn report_forms_and_collect_agree_on_who_owes_a_report_2() {
    cases(11..21);
}

#[test]
fn report_forms_and_collect_agree_on_who_owes_a_report_3() {
    cases(21..31);
}

#[test]
fn report_forms_and_collect_agree_on_who_owes_a_report_4() {
    cases(31..41);
}
