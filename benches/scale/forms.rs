//! The departments' round trip on the bundled tasks: `forms` writes the 23
//! workbooks of a quarter, and `collect` reads them back with one form a
//! liaison filled in and LibreOffice saved (its entries written on the
//! first run; later runs find them collected and change nothing). Both
//! against the read floor of the same tasks directory.

use std::fs;
use std::path::PathBuf;

use super::{binary, bundled, measure_floor, root, row, run, Row, Run};

const REPEATS: usize = 11;

/// A fresh copy of the bundled tasks in `target/bench-data/forms/tasks`.
fn tasks() -> PathBuf {
    let dir = root().join("target/bench-data/forms");
    let _ = fs::remove_dir_all(&dir);
    let tasks = dir.join("tasks");
    fs::create_dir_all(&tasks).unwrap();
    for entry in fs::read_dir(bundled()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        fs::copy(entry.path(), tasks.join(entry.file_name())).unwrap();
    }
    tasks
}

pub fn measure(rows: &mut Vec<Row>) {
    let tasks = tasks();
    let out = tasks.parent().unwrap().join("forms");
    let (tasks_arg, out_arg) = (tasks.to_str().unwrap(), out.to_str().unwrap());
    let label = "24 (round trip)";
    let floor = measure_floor(label, &tasks, REPEATS, rows);
    let forms = [
        "--dir",
        tasks_arg,
        "--as-of",
        "2020-07-03",
        "forms",
        "--period",
        "2020Q2",
        "-o",
        out_arg,
    ];
    let runs: Vec<Run> = (0..REPEATS)
        .map(|_| run(&binary(), &forms, &tasks))
        .collect();
    rows.push(row(
        label,
        "forms --period 2020Q2 (23 workbooks)",
        &runs,
        floor,
    ));

    let filled = root().join("tests/fixtures/forms/libreoffice/2020Q2-区水务局.xlsx");
    fs::copy(&filled, out.join("2020Q2-区水务局.xlsx")).unwrap();
    let mut files: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    files.sort();
    let mut collect = vec!["--dir", tasks_arg, "--as-of", "2020-07-03", "collect"];
    collect.extend(files.iter().map(String::as_str));
    let runs: Vec<Run> = (0..REPEATS)
        .map(|_| run(&binary(), &collect, &tasks))
        .collect();
    rows.push(row(
        label,
        "collect (23 forms, one filled in)",
        &runs,
        floor,
    ));
}
