//! `update --by` (issue 23): one resolution for every flag that makes a
//! progress entry. The supervision office and the working-group office
//! report on any task; a short name (区发改委) is its department wherever
//! the full name (区发展改革委) is.

use crate::repo::Repo;

/// The flags of `update` that make a progress entry, each combination
/// with a --note or a --status it needs.
const ENTRY_FLAGS: [&[&str]; 7] = [
    &["--note", "已召开协调会"],
    &["--status", "推进中"],
    &["--status", "推进中", "--note", "已召开协调会"],
    &["--note", "已召开协调会", "--problems", "资金不足"],
    &["--note", "已召开协调会", "--next-steps", "签订协议"],
    &["--note", "已召开协调会", "--date", "2020-06-20"],
    &["--note", "已召开协调会", "--period", "2020Q2"],
];

#[test]
fn every_entry_flag_takes_an_office_or_a_short_name_as_by() {
    // 5.1 is led by 区发展改革委; 区政府督查室 is the plan's supervision office.
    for (by, written) in [
        ("区政府督查室", "区政府督查室"),
        ("区发改委", "区发展改革委"),
        ("区发展改革委", "区发展改革委"),
    ] {
        for flags in ENTRY_FLAGS {
            let repo = Repo::new();
            let mut args = vec!["--as-of", "2020-07-05", "update", "5.1", "--by", by];
            args.extend_from_slice(flags);
            let run = repo.run(&args);
            assert_eq!(run.code, 0, "{args:?}: {run:#?}");
            let date = if flags.contains(&"--date") {
                "2020-06-20"
            } else {
                "2020-07-05"
            };
            assert!(
                run.stdout.contains(&format!("进展 {date} {written}：")),
                "{args:?}: {}",
                run.stdout
            );
            let file = std::fs::read_to_string(repo.task_path("5.1")).unwrap();
            assert!(
                file.contains(&format!("    by: {written}\n")),
                "{args:?}: {file}"
            );
        }
    }
}

#[test]
fn by_without_an_entry_says_what_it_goes_with_whoever_reports() {
    for by in ["区政府督查室", "区发改委"] {
        for flags in [
            &["--due", "2023-06-30", "--reason", "征地未完成"][..],
            &["--add-responsible", "区水务局"],
        ] {
            let repo = Repo::new();
            let mut args = vec!["--as-of", "2020-07-05", "update", "5.1", "--by", by];
            args.extend_from_slice(flags);
            let run = repo.run(&args);
            assert_eq!(
                (run.code, run.stderr.as_str()),
                (
                    2,
                    "cooptrack: 错误：--date 和 --by 用于进展记录，须与 --note、--problems、--next-steps 或 --status 同用（--date 也可与 --due 同用，记为批准延期的日期）\n"
                ),
                "{args:?}"
            );
        }
        let repo = Repo::new();
        let run = repo.run(&[
            "--as-of",
            "2020-07-05",
            "update",
            "5.1",
            "--by",
            by,
            "--problems",
            "资金不足",
        ]);
        assert_eq!(
            (run.code, run.stderr.as_str()),
            (
                2,
                "cooptrack: 错误：进展记录须有 --note（进展情况）或 --status：--problems 和 --next-steps 只是其补充\n"
            )
        );
    }
}
