//! 年度目标 by hand: `update --target YEAR --goal` and `--milestone DATE
//! --goal`, through the one edit path, and what `show` says of them.

use std::fs;

use crate::common::{cooptrack_in, copy_bundled, json_of, stdout_of};

#[test]
fn targets_and_milestones_set_by_hand_land_in_order_and_show_as_of_a_day() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let update = |args: &[&str]| stdout_of(cooptrack_in(&dir).arg("update").arg("2.3").args(args));
    assert_eq!(
        update(&["--milestone", "2021-12-31", "--goal", "取得批复，开工建设"]),
        format!(
            "已更新 {}：\n  时间节点 2021-12-31：取得批复，开工建设\n",
            dir.join("2.3.yaml").display()
        )
    );
    update(&["--milestone", "2021-06-30", "--goal", "完成可研编制"]);
    update(&["--target", "2021", "--goal", "完成可研批复并开工"]);
    // A second --goal for a milestone's date replaces its goal.
    update(&["--milestone", "2021-06-30", "--goal", "完成可研报告编制"]);
    let text = fs::read_to_string(dir.join("2.3.yaml")).unwrap();
    assert!(
        text.ends_with(
            "due: 2022-12-31\ntargets:\n  - year: 2021\n    goal: 完成可研批复并开工\n    milestones:\n      - by: 2021-06-30\n        goal: 完成可研报告编制\n      - by: 2021-12-31\n        goal: 取得批复，开工建设\nprogress: []\n"
        ),
        "{text}"
    );
    let shown = json_of(cooptrack_in(&dir).args(["show", "2.3", "--format", "json"]));
    assert_eq!(shown["targets"][0]["milestones"][1]["by"], "2021-12-31");
    let table = stdout_of(cooptrack_in(&dir).args(["--as-of", "2021-08-01", "show", "2.3"]));
    let rows: Vec<&str> = table
        .lines()
        .skip_while(|l| *l != "年度目标")
        .filter(|l| l.contains("2021-"))
        .collect();
    assert_eq!(rows.len(), 2, "{table}");
    assert!(rows[0].contains("完成可研报告编制") && rows[0].contains("未完成（已过期）"));
    assert!(rows[1].contains("取得批复，开工建设") && rows[1].contains("未到期"));
}

#[test]
fn a_milestone_the_rules_refuse_writes_nothing_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let before = fs::read_to_string(dir.join("2.3.yaml")).unwrap();
    let refused = |args: &[&str], message: &str| {
        let output = cooptrack_in(&dir)
            .arg("update")
            .arg("2.3")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(message), "{stderr}");
        assert_eq!(fs::read_to_string(dir.join("2.3.yaml")).unwrap(), before);
    };
    refused(
        &["--milestone", "2023-03-31", "--goal", "建成"],
        "时间节点 2023-03-31 晚于任务的完成时限 2022-12-31",
    );
    refused(
        &["--goal", "建成"],
        "--goal 须与 --target（年度）或 --milestone（节点日期）同用",
    );
    refused(
        &["--target", "2021"],
        "--target 和 --milestone 须与 --goal（目标内容）同用",
    );
    refused(&["--target", "2021", "--goal", "　"], "--goal");
}
