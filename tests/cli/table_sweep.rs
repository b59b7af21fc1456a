//! Every terminal table at every width from 50 to 240 columns, in both
//! languages, on the bundled tasks and on a replayed year (before and
//! after the plan ended): `list`, `show`, `depts` and `report`. At every
//! width no line is wider than the width, no department name, status,
//! date or number is broken across lines, and the output never takes more
//! lines than at a narrower width. (Below 50 columns the output is laid
//! out for 80: see `output::a_tiny_or_missing_terminal_width_gets_a_sane_one`.)

use std::collections::BTreeSet;
use std::path::PathBuf;

use unicode_width::UnicodeWidthStr;

use crate::common::{bundled, cooptrack_in, stdout_of};
use crate::report_terminal::{assert_nothing_broken, words};

const NARROWEST: usize = 50;
const WIDEST: usize = 240;

/// The statuses as English tables show them (the Chinese ones are in
/// `words`).
const ENGLISH_STATUSES: [&str; 6] = [
    "Not started",
    "In progress",
    "Done",
    "Delayed",
    "Cancelled",
    "carried over",
];

fn sweep(args: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let year = crate::report_year::replayed(tmp.path());
    let days: [(PathBuf, &str); 3] = [
        (bundled(), "2023-01-15"),
        (year.clone(), "2020-06-30"),
        (year, "2023-01-15"),
    ];
    for (dir, as_of) in days {
        let mut protected: BTreeSet<String> = words(&dir);
        protected.extend(ENGLISH_STATUSES.map(String::from));
        for lang in ["zh", "en"] {
            let mut previous: Option<(usize, usize)> = None;
            for width in NARROWEST..=WIDEST {
                let out = stdout_of(
                    cooptrack_in(&dir)
                        .env("COLUMNS", width.to_string())
                        .env("COOPTRACK_LANG", lang)
                        .args(["--as-of", as_of])
                        .args(args),
                );
                let at = format!("{args:?} {lang} as of {as_of} at {width}");
                for line in out.lines() {
                    assert!(line.width() <= width, "{at}: {line}\n{out}");
                }
                assert_nothing_broken(&out, &protected);
                let lines = out.lines().count();
                if let Some((narrower, before)) = previous {
                    assert!(
                        lines <= before,
                        "{at}: {lines} lines, {before} at {narrower}\n{out}"
                    );
                }
                previous = Some((width, lines));
            }
        }
    }
}

#[test]
fn list_fits_every_width() {
    sweep(&["list"]);
}

#[test]
fn show_fits_every_width() {
    // 2.2: extended, carried over, with progress and a status change.
    sweep(&["show", "2.2"]);
}

#[test]
fn depts_fits_every_width() {
    sweep(&["depts"]);
}

#[test]
fn report_fits_every_width() {
    sweep(&["report"]);
}
