//! The hostile files of "Keep every promise against hostile files": one
//! task file of nearly 4 MB, and a notice of about 800 KB, each naming
//! 20 000 departments. Validation and import must stay linear in the
//! length of a list.
//!
//! - The task file leads with 10 000 departments and lists 10 000 more as
//!   responsible (lead against responsible was the quadratic check), and
//!   has 20 000 progress entries, each reported by one of its leads. The
//!   registry lists all 20 000 departments, so that the file is valid and
//!   `validate` runs every rule over every name and entry without
//!   reporting anything: what is measured is checking, not printing.
//! - The notice has one task naming 20 000 distinct departments, 10 000
//!   as leads and 10 000 as responsible (the shape that took 20 s). `import`
//!   parses it, checks the task against every rule and writes the task
//!   file, the plan and a registry of 20 000 new departments into an empty
//!   directory.
//!
//! - The merge driver merges two sides of 20 000 progress entries each,
//!   10 000 of them shared (the ancestor's) and 10 000 new on each side:
//!   30 001 entries after the merge, as `git merge` runs it
//!   (`cooptrack merge-driver %O %A %B %P`). It was quadratic (a minute at
//!   20 000); it must stay well under a second.
//!
//! Each is measured against the read floor of its own input: the tasks
//! directory for `validate`, the notice alone for `import` (it is
//! saved as `notice.yaml` only so that the floor program reads it), and
//! the three sides for the merge.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use super::{binary, bundled, measure_floor, root, row, run, Row, Run};

const DEPARTMENTS: usize = 20_000;
const ENTRIES: usize = 20_000;
const REPEATS: usize = 5;
/// The size limit a task file must stay under (`--max-file-size`'s default).
const MAX_FILE_SIZE: usize = 4 * 1024 * 1024;

const HEADING: &str = "推动生态环境联防联控联治";
const TEXT: &str = "加强跨界河流联防联控联治。加强区域水体监测网络建设,建立河流监测信息共享机制。";
const NOTE: &str = "召开跨界河流联防联控会商会，部署下一阶段联合巡查工作。";

fn department(i: usize) -> String {
    format!("区第{i}号跨区域协作部门")
}

/// The task file, the registry and the plan in `<root>/tasks`; the
/// notice in `<root>/notice`. Made once.
fn generate() -> (PathBuf, PathBuf) {
    let dir = root().join("target/bench-data/hostile");
    let tasks = dir.join("tasks");
    let notice = dir.join("notice");
    let marker = dir.join(".complete");
    if marker.exists() {
        return (tasks, notice);
    }
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&tasks).unwrap();
    fs::create_dir_all(&notice).unwrap();
    fs::copy(bundled().join("plan.yaml"), tasks.join("plan.yaml")).unwrap();
    let mut registry = fs::read_to_string(bundled().join("departments.yaml")).unwrap();
    for i in 0..DEPARTMENTS {
        writeln!(registry, "  - name: {}", department(i)).unwrap();
    }
    fs::write(tasks.join("departments.yaml"), registry).unwrap();
    let task = task_file();
    assert!(task.len() < MAX_FILE_SIZE, "{} bytes", task.len());
    fs::write(tasks.join("1.1.yaml"), task).unwrap();
    fs::write(notice.join("notice.yaml"), notice_text()).unwrap();
    fs::write(marker, "").unwrap();
    (tasks, notice)
}

/// One task: 10 000 leads, 10 000 responsible departments, 20 000
/// progress entries (four a day from the plan's date, oldest first).
fn task_file() -> String {
    let leads = DEPARTMENTS / 2;
    let mut text = format!(
        "id: \"1.1\"\nsection: 1\nheading: {HEADING}\nnumber: 1\ntitle: 加强跨界河流联防联控联治\ntext: {TEXT}\nlead:\n"
    );
    for i in 0..leads {
        writeln!(text, "  - {}", department(i)).unwrap();
    }
    text.push_str("responsible:\n");
    for i in leads..DEPARTMENTS {
        writeln!(text, "  - {}", department(i)).unwrap();
    }
    text.push_str("status: 推进中\ndue: 2022-12-31\nprogress:\n");
    let start = chrono::NaiveDate::from_ymd_opt(2018, 8, 17).unwrap();
    for e in 0..ENTRIES {
        let date = start + chrono::Days::new((e / 4) as u64);
        let by = department(e % leads);
        writeln!(text, "  - date: {date}\n    by: {by}\n    note: {NOTE}").unwrap();
        if e == 0 {
            text.push_str("    status:\n      from: 未启动\n      to: 推进中\n");
        }
    }
    text
}

/// A notice whose one task names 20 000 departments: 10 000 leads and
/// 10 000 responsible.
fn notice_text() -> String {
    let names =
        |range: std::ops::Range<usize>| range.map(department).collect::<Vec<_>>().join("、");
    let half = DEPARTMENTS / 2;
    format!(
        "重庆市某某区人民政府关于下达压力测试行动计划(2018-2022年)工作任务的通知\n\
         区级有关部门:\n\
         为加快推进工作,经区政府同意,现将重点任务分解下达到各责任单位,请认真组织实施。\n\
         一、充分认识重大意义\n意义重大。\n二、主要工作任务\n\
         (一){HEADING}\n\
         1.{TEXT}(牵头部门:{},责任部门:{})\n\
         三、构建高效务实合作机制\n(一)加强统筹协调指导。协同推进。\n\
         重庆市某某区人民政府\n2018年8月17日\n",
        names(0..half),
        names(half..DEPARTMENTS)
    )
}

fn megabytes(path: &Path) -> f64 {
    fs::metadata(path).unwrap().len() as f64 / 1_000_000.0
}

/// The three sides of the merge, in `<root>/merge`: `base.yaml`,
/// `ours.yaml` and `theirs.yaml`. Made once.
fn merge_sides() -> PathBuf {
    let dir = root().join("target/bench-data/merge");
    let marker = dir.join(".complete");
    if marker.exists() {
        return dir;
    }
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let entries = |n: usize, note: &str| -> String {
        let start = chrono::NaiveDate::from_ymd_opt(2018, 9, 1).unwrap();
        (0..n)
            .map(|i| {
                let date = start + chrono::Days::new((i / 8) as u64);
                format!("  - date: {date}\n    by: 区环保局\n    note: {note}（{i}）\n")
            })
            .collect()
    };
    let base = format!(
        "id: \"1.1\"\nsection: 1\nheading: {HEADING}\nnumber: 1\ntitle: 加强跨界河流联防联控联治\ntext: {TEXT}\nlead:\n  - 区环保局\nstatus: 推进中\ndue: 2022-12-31\nprogress:\n{}",
        entries(ENTRIES / 2, NOTE)
    );
    let ours = format!("{base}{}", entries(ENTRIES / 2, "本方报送"));
    let theirs = format!("{base}{}", entries(ENTRIES / 2, "对方报送"));
    for (name, text) in [("base", &base), ("ours", &ours), ("theirs", &theirs)] {
        fs::write(dir.join(format!("{name}.yaml")), text).unwrap();
    }
    fs::write(marker, "").unwrap();
    dir
}

pub fn measure(rows: &mut Vec<Row>) {
    measure_merge(rows);
    let (tasks, notice_dir) = generate();
    let tasks_arg = tasks.to_str().unwrap();
    let label = format!("1 task, {:.1} MB file", megabytes(&tasks.join("1.1.yaml")));
    let floor = measure_floor(&label, &tasks, REPEATS, rows);
    let commands: [(&str, Vec<&str>); 2] = [
        ("validate", vec!["--dir", tasks_arg, "validate"]),
        (
            "list --format json",
            vec!["--dir", tasks_arg, "list", "--format", "json"],
        ),
    ];
    for (name, args) in commands {
        let runs: Vec<Run> = (0..REPEATS)
            .map(|_| run(&binary(), &args, &tasks))
            .collect();
        rows.push(row(&label, name, &runs, floor));
    }

    let notice = notice_dir.join("notice.yaml");
    let label = format!("notice, {:.2} MB", megabytes(&notice));
    let floor = measure_floor(&label, &notice_dir, REPEATS, rows);
    let into = notice_dir.parent().unwrap().join("imported");
    let (notice_arg, into_arg) = (notice.to_str().unwrap(), into.to_str().unwrap());
    let args = ["import", notice_arg, "--dir", into_arg];
    let runs: Vec<Run> = (0..REPEATS)
        .map(|_| {
            // Into an empty directory every time.
            let _ = fs::remove_dir_all(&into);
            run(&binary(), &args, &notice_dir)
        })
        .collect();
    rows.push(row(
        &label,
        "import (into an empty directory)",
        &runs,
        floor,
    ));
}

/// The merge driver on the sides of [`merge_sides`]: %A is a fresh copy of
/// ours each time (the driver writes the result there).
fn measure_merge(rows: &mut Vec<Row>) {
    let dir = merge_sides();
    let label = format!("merge, 2 × {} entries ({} shared)", ENTRIES, ENTRIES / 2);
    let floor = measure_floor(&label, &dir, REPEATS, rows);
    let scratch = dir.parent().unwrap().join("merge-result");
    fs::create_dir_all(&scratch).unwrap();
    let result = scratch.join("ours.yaml");
    let (base, ours, theirs) = (
        dir.join("base.yaml"),
        dir.join("ours.yaml"),
        dir.join("theirs.yaml"),
    );
    let args = [
        "merge-driver",
        base.to_str().unwrap(),
        result.to_str().unwrap(),
        theirs.to_str().unwrap(),
        "tasks/1.1.yaml",
    ];
    let runs: Vec<Run> = (0..REPEATS)
        .map(|_| {
            fs::copy(&ours, &result).unwrap();
            run(&binary(), &args, &dir)
        })
        .collect();
    let merged = fs::read_to_string(&result).unwrap();
    assert_eq!(
        merged.matches("    note: ").count(),
        ENTRIES * 3 / 2,
        "the merge is not clean"
    );
    rows.push(row(
        &label,
        "merge-driver (git merge of one task file)",
        &runs,
        floor,
    ));
}
