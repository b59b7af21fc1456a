//! The commands that write: `update`, `add`, `fmt`, and `log` over what
//! they wrote. Each test works on its own copy of the bundled tasks/ in a
//! fresh git repository, so that `git diff` and `git status` show exactly
//! what a command changed.

use std::collections::BTreeSet;
use std::fs;
use std::process::{Command as StdCommand, Stdio};
use std::time::Instant;

use crate::repo::{assert_ok, ceiling, isolate_git, run, Repo, Run, AUTHOR, SETUP_DATE};

fn bundled(file: &str) -> String {
    fs::read_to_string(crate::common::bundled().join(file)).expect("bundled file")
}

/// Parses a task file with the crate's YAML library.
fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text.trim_start_matches('\u{feff}')).expect("task file parses")
}

/// The diff body (from the first hunk on) of `git diff -U0`.
fn hunks(diff: &str) -> String {
    let start = diff.find("\n@@").map_or(diff.len(), |i| i + 1);
    diff[start..].to_string()
}

// ── 1. comments survive ─────────────────────────────────────────────────

const COMMENTED: &str = "\
# 任务 1.1：手工维护，请保留本注释
id: \"1.1\"
section: 1
heading: 推动生态环境联防联控联治
number: 1
title: 加强跨界河流联防联控联治
text: 加强跨界河流联防联控联治。加强区域水体监测网络建设,建立河流监测信息共享机制。推动工业(化工)污染、畜禽养殖、入河排污口、环境风险隐患点等协同管理。开展跨界河流联合巡查,积极探索边界河流环境污染纠纷案件溯源协查,对边界突发事件实行联合应对处置。
lead:
  - 区环保局
responsible:
  - 区农委 # 2019年起为区农业农村委
  - \"区水务局\"
  - 区经济信息委
  - 区高新区管委会

# 状态由督查室核定
status: 未启动 # 2018年底复核
due: 2022-12-31
progress: []
";

const COMMENTED_UPDATED: &str = "\
# 任务 1.1：手工维护，请保留本注释
id: \"1.1\"
section: 1
heading: 推动生态环境联防联控联治
number: 1
title: 加强跨界河流联防联控联治
text: 加强跨界河流联防联控联治。加强区域水体监测网络建设,建立河流监测信息共享机制。推动工业(化工)污染、畜禽养殖、入河排污口、环境风险隐患点等协同管理。开展跨界河流联合巡查,积极探索边界河流环境污染纠纷案件溯源协查,对边界突发事件实行联合应对处置。
lead:
  - 区环保局
responsible:
  - 区农委 # 2019年起为区农业农村委
  - \"区水务局\"
  - 区经济信息委
  - 区高新区管委会

# 状态由督查室核定
status: 推进中 # 2018年底复核
due: 2022-12-31
progress:
  - date: 2019-03-31
    by: 区环保局
    note: 已建立河流监测信息共享机制
    status:
      from: 未启动
      to: 推进中
";

const COMMENTED_DIFF: &str = "\
@@ -17 +17 @@ responsible:
-status: 未启动 # 2018年底复核
+status: 推进中 # 2018年底复核
@@ -19 +19,7 @@ due: 2022-12-31
-progress: []
+progress:
+  - date: 2019-03-31
+    by: 区环保局
+    note: 已建立河流监测信息共享机制
+    status:
+      from: 未启动
+      to: 推进中
";

#[test]
fn update_keeps_comments_and_changes_only_the_touched_lines() {
    let repo = Repo::new();
    repo.commit_task("1.1", COMMENTED, "手工编辑 1.1");

    let run = repo.run(&[
        "update",
        "1.1",
        "--status",
        "推进中",
        "--note",
        "已建立河流监测信息共享机制",
        "--date",
        "2019-03-31",
    ]);
    assert_ok(&run, "update 1.1");
    assert_eq!(
        run.stdout,
        format!(
            "已更新 {}：\n  进展 2019-03-31 区环保局：未启动 → 推进中：已建立河流监测信息共享机制\n",
            repo.shown("1.1")
        )
    );

    assert_eq!(repo.read("1.1"), COMMENTED_UPDATED);

    let diff = repo.git(&["diff", "-U0", "--no-color", "--", "tasks/1.1.yaml"]);
    eprintln!("git diff -U0 after update 1.1:\n{diff}");
    assert_eq!(hunks(&diff), COMMENTED_DIFF);
    assert_eq!(repo.status(), " M tasks/1.1.yaml\n");

    // Line by line: what was removed is exactly the status line and the
    // empty progress list; everything else is still there, in order.
    let old: Vec<&str> = COMMENTED.lines().collect();
    let new: Vec<&str> = COMMENTED_UPDATED.lines().collect();
    let kept: Vec<&str> = old
        .iter()
        .copied()
        .filter(|l| !l.starts_with("status:") && *l != "progress: []")
        .collect();
    let new_kept: Vec<&str> = new.iter().copied().filter(|l| kept.contains(l)).collect();
    assert_eq!(new_kept, kept);

    let validate = repo.run(&["validate"]);
    assert_eq!(validate.code, 0, "{validate:#?}");
}

// ── 2. block scalars, flow lists, CRLF ──────────────────────────────────

/// Lines joined with CRLF, each line ended by one.
fn crlf(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\r\n")).collect()
}

const FOLDED_HEAD: &[&str] = &[
    "id: \"1.1\"",
    "section: 1",
    "heading: 推动生态环境联防联控联治",
    "number: 1",
    "title: 加强跨界河流联防联控联治",
    "text: >-",
    "  加强跨界河流联防联控联治。加强区域水体监测网络建设,建立河流监测信息共享机制。",
    "  推动工业(化工)污染、畜禽养殖、入河排污口、环境风险隐患点等协同管理。",
    "lead:",
    "  - 区环保局 # 牵头",
];

#[test]
fn update_edits_flow_lists_in_place_and_keeps_block_scalars_and_crlf() {
    let repo = Repo::new();
    let original = crlf(
        &[
            FOLDED_HEAD,
            &[
                "responsible: [区农委, 区水务局] # 配合",
                "status: 未启动",
                "due: 2022-12-31",
                "progress: [] # 暂无",
            ],
        ]
        .concat(),
    );
    repo.commit_task("1.1", &original, "CRLF 1.1");

    let run = repo.run(&[
        "update",
        "1.1",
        "--status",
        "推进中",
        "--note",
        "开展联合巡查",
        "--date",
        "2019-03-31",
        "--add-responsible",
        "区林业局",
    ]);
    assert_ok(&run, "update 1.1 with --add-responsible");
    assert_eq!(
        run.stdout,
        format!(
            "已更新 {}：\n  责任部门增加 区林业局\n  进展 2019-03-31 区环保局：未启动 → 推进中：开展联合巡查\n",
            repo.shown("1.1")
        )
    );
    let expected = crlf(
        &[
            FOLDED_HEAD,
            &[
                "responsible: [区农委, 区水务局, 区林业局] # 配合",
                "status: 推进中",
                "due: 2022-12-31",
                "progress: # 暂无",
                "  - date: 2019-03-31",
                "    by: 区环保局",
                "    note: 开展联合巡查",
                "    status:",
                "      from: 未启动",
                "      to: 推进中",
            ],
        ]
        .concat(),
    );
    let bytes = repo.read_bytes("1.1");
    assert_eq!(String::from_utf8(bytes.clone()).unwrap(), expected);
    assert!(bytes.ends_with(b"\r\n"));
    assert_eq!(
        bytes.iter().filter(|&&b| b == b'\n').count(),
        bytes.windows(2).filter(|w| w == b"\r\n").count(),
        "every line ends with CRLF"
    );

    // The folded text still reads as one paragraph.
    let parsed = yaml(&expected);
    assert_eq!(
        parsed["text"].as_str().unwrap(),
        "加强跨界河流联防联控联治。加强区域水体监测网络建设,建立河流监测信息共享机制。 推动工业(化工)污染、畜禽养殖、入河排污口、环境风险隐患点等协同管理。"
    );

    // Removing from the flow list edits it in place too.
    let run = repo.run(&["update", "1.1", "--remove-responsible", "区农委"]);
    assert_ok(&run, "update 1.1 --remove-responsible");
    let expected = expected.replace(
        "responsible: [区农委, 区水务局, 区林业局] # 配合",
        "responsible: [区水务局, 区林业局] # 配合",
    );
    assert_eq!(repo.read("1.1"), expected);

    let validate = repo.run(&["validate"]);
    assert_eq!(validate.code, 0, "{validate:#?}");
}

// ── 3. rejected updates change nothing ──────────────────────────────────

#[test]
fn rejected_updates_leave_files_and_git_untouched() {
    let repo = Repo::new();
    let unknown_dept = "cooptrack: 错误：未知部门“区环宝局”，是否应为“区环保局”？（cooptrack depts 列出全部部门）\n";
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["update", "1.1", "--status", "完了"],
            "cooptrack: 错误：--status：无效的状态“完了”，是否应为“已完成”？可用：未启动、推进中、已完成、滞后、已取消\n".to_string(),
        ),
        (
            vec!["update", "1.1", "--note", "x", "--by", "区环宝局"],
            unknown_dept.to_string(),
        ),
        (
            vec!["update", "1.1", "--add-lead", "区环宝局"],
            unknown_dept.to_string(),
        ),
        (
            vec!["update", "9.9", "--note", "x"],
            format!(
                "cooptrack: 错误：没有编号为“9.9”的任务（{}/9.9.yaml 不存在）\n",
                repo.tasks.display()
            ),
        ),
        (
            vec!["update", "1.1", "--note", "x", "--date", "2022-02-30"],
            "cooptrack: 错误：--date：日期“2022-02-30”不存在\n"
                .to_string(),
        ),
        (
            vec!["update", "1.1", "--due", "2023-06-30"],
            "cooptrack: 错误：调整完成时限必须写明理由：请加 --reason\n".to_string(),
        ),
        (
            vec!["update", "1.1", "--note", "x", "--by", "区交委"],
            "cooptrack: 错误：“区交委”不是任务 1.1 的牵头或责任部门，不能为其报送进展\n"
                .to_string(),
        ),
        (
            vec!["update", "1.1", "--status", "已完成", "--date", "2019-03-31"],
            "cooptrack: 错误：设为“已完成”须附完成依据：请用 --note 写明（督查室凭依据销号），或先追加一条进展说明\n"
                .to_string(),
        ),
        (
            vec!["update", "1.1", "--remove-lead", "区环保局"],
            "cooptrack: 错误：不能移除唯一的牵头部门“区环保局”：每项任务必须有牵头部门\n"
                .to_string(),
        ),
    ];

    let before = repo.snapshot();
    for (args, message) in &cases {
        let run = repo.run(args);
        assert_eq!(run.code, 2, "{args:?} should be refused: {run:#?}");
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(
            run.stderr.contains(message.as_str()),
            "{args:?}: stderr {:?} lacks {message:?}",
            run.stderr
        );
        assert!(repo.snapshot() == before, "{args:?} changed a file");
        repo.assert_clean(&format!("{args:?}"));
    }

    // A task file that is already invalid is not edited at all.
    let broken = format!("{}staus: x\n", bundled("1.2.yaml"));
    repo.commit_task("1.2", &broken, "1.2 手误");
    let run = repo.run(&["update", "1.2", "--note", "x", "--date", "2019-03-31"]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "{file}:{line}:1: 错误：未知字段“staus”，是否应为“status”？\n\
             cooptrack: 错误：{file} 已有校验错误，未作任何修改；请先修正（运行 cooptrack validate 查看）\n",
            file = repo.shown("1.2"),
            // The appended line, just after the bundled file's last line.
            line = bundled("1.2.yaml").lines().count() + 1
        )
    );
    assert_eq!(repo.read("1.2"), broken);
    repo.assert_clean("update of an invalid file");

    // One that parses but names a department the registry lacks.
    let misspelt = bundled("1.2.yaml").replace("  - 区城管局\n", "  - 区城官局\n");
    repo.commit_task("1.2", &misspelt, "1.2 错字");
    let run = repo.run(&["update", "1.2", "--note", "x", "--date", "2019-03-31"]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "{file}:{line}:5: 错误：部门“区城官局”不在部门名录中，是否应为“区城管局”？\n\
             cooptrack: 错误：{file} 已有校验错误，未作任何修改；请先修正（运行 cooptrack validate 查看）\n",
            file = repo.shown("1.2"),
            line = misspelt.lines().position(|l| l.contains("区城官局")).unwrap() + 1
        )
    );
    assert_eq!(repo.read("1.2"), misspelt);
    repo.assert_clean("update of a file with an unknown department");
}

// ── 4. concurrent updates lose nothing ──────────────────────────────────

#[test]
fn twenty_parallel_updates_all_land() {
    let repo = Repo::new();
    let started = Instant::now();
    let children: Vec<_> = (1..=20)
        .map(|n| {
            let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_cooptrack"));
            isolate_git(&mut cmd, &repo.root, SETUP_DATE);
            cmd.current_dir(&repo.root)
                .env("NO_COLOR", "1")
                .env("COOPTRACK_LANG", "zh")
                .env_remove("COOPTRACK_DIR")
                .env_remove("COOPTRACK_TEST_FAIL_BEFORE_RENAME")
                .arg("--dir")
                .arg(&repo.tasks)
                .args(["update", "2.1", "--note"])
                .arg(format!("第{n}条"))
                .args(["--date", "2019-01-01"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn cooptrack")
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|child| child.wait_with_output().expect("wait for cooptrack"))
        .collect();
    let elapsed = started.elapsed();
    eprintln!("20 parallel updates took {elapsed:?}");

    for (i, output) in outputs.iter().enumerate() {
        assert!(
            output.status.success(),
            "update #{} failed: {}",
            i + 1,
            String::from_utf8_lossy(&output.stderr)
        );
    }

    let task = yaml(&repo.read("2.1"));
    let progress = task["progress"].as_sequence().expect("progress list");
    assert_eq!(progress.len(), 20);
    let notes: BTreeSet<String> = progress
        .iter()
        .map(|p| {
            assert_eq!(p["by"].as_str(), Some("区交委"));
            assert_eq!(p["date"].as_str(), Some("2019-01-01"));
            p["note"].as_str().expect("note").to_string()
        })
        .collect();
    let expected: BTreeSet<String> = (1..=20).map(|n| format!("第{n}条")).collect();
    assert_eq!(notes, expected);

    let validate = repo.run(&["validate"]);
    assert_eq!(validate.code, 0, "{validate:#?}");
    assert!(validate
        .stdout
        .ends_with("检查了 24 个任务文件：0 个错误，2 个警告\n"));
}

// ── 5. an interrupted write leaves the old file ─────────────────────────

#[test]
fn an_interrupted_write_leaves_the_file_and_no_temp_files() {
    let repo = Repo::new();
    let before = repo.snapshot();
    let run = run(repo
        .cooptrack()
        .env("COOPTRACK_TEST_FAIL_BEFORE_RENAME", "1")
        .args(["update", "1.1", "--note", "x", "--date", "2019-03-31"]));
    assert_ne!(run.code, 0, "{run:#?}");
    assert_eq!(
        run.stderr,
        format!(
            "cooptrack: 错误：{}: 写入在替换文件前中断（测试）\n",
            repo.shown("1.1")
        )
    );
    assert_eq!(repo.read("1.1"), bundled("1.1.yaml"));
    assert!(repo.snapshot() == before);
    let leftovers: Vec<String> = fs::read_dir(&repo.tasks)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".cooptrack-") || name.ends_with(".tmp"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
    repo.assert_clean("interrupted write");

    // Without the failure the same update goes through.
    let run = repo.run(&["update", "1.1", "--note", "x", "--date", "2019-03-31"]);
    assert_ok(&run, "update 1.1 --note x");
    assert!(repo
        .read("1.1")
        .ends_with("progress:\n  - date: 2019-03-31\n    by: 区环保局\n    note: x\n"));
}

// ── 6. extensions ───────────────────────────────────────────────────────

#[test]
fn extending_the_deadline_records_the_original_and_each_extension() {
    let repo = Repo::new();
    let overdue = |repo: &Repo| {
        crate::common::ids(&crate::common::json_of(repo.cooptrack().args([
            "list",
            "--overdue",
            "--as-of",
            "2023-01-01",
            "--format",
            "json",
        ])))
    };
    assert!(overdue(&repo).contains(&"1.1".to_string()));

    let run = repo.run(&[
        "update",
        "1.1",
        "--due",
        "2023-06-30",
        "--reason",
        "汛期影响联合巡查进度",
        "--as-of",
        "2022-11-01",
    ]);
    assert_ok(&run, "first extension");
    assert_eq!(
        run.stdout,
        format!(
            "已更新 {}：\n  完成时限 2022-12-31 → 2023-06-30（汛期影响联合巡查进度）\n",
            repo.shown("1.1")
        )
    );
    let head = bundled("1.1.yaml").replace("due: 2022-12-31\nprogress: []\n", "");
    let first = format!(
        "{head}\
due: 2023-06-30
original_due: 2022-12-31
extensions:
  - date: 2022-11-01
    from: 2022-12-31
    to: 2023-06-30
    reason: 汛期影响联合巡查进度
progress: []
"
    );
    assert_eq!(repo.read("1.1"), first);

    let run = repo.run(&[
        "update",
        "1.1",
        "--due",
        "2023-12-31",
        "--reason",
        "监测平台建设延后",
        "--as-of",
        "2023-05-01",
    ]);
    assert_ok(&run, "second extension");
    let second = format!(
        "{head}\
due: 2023-12-31
original_due: 2022-12-31
extensions:
  - date: 2022-11-01
    from: 2022-12-31
    to: 2023-06-30
    reason: 汛期影响联合巡查进度
  - date: 2023-05-01
    from: 2023-06-30
    to: 2023-12-31
    reason: 监测平台建设延后
progress: []
"
    );
    assert_eq!(repo.read("1.1"), second);

    let ids = overdue(&repo);
    assert!(!ids.contains(&"1.1".to_string()), "{ids:?}");
    assert_eq!(ids.len(), 23);

    let validate = repo.run(&["validate"]);
    assert_eq!(validate.code, 0, "{validate:#?}");
}

// ── 7. add ──────────────────────────────────────────────────────────────

#[test]
fn add_creates_a_canonical_task_and_refuses_bad_ids() {
    let repo = Repo::new();
    let run = repo.run(&[
        "--as-of",
        "2020-08-05",
        "add",
        "--section",
        "1",
        "--title",
        "新任务",
        "--lead",
        "区环保局",
    ]);
    assert_ok(&run, "add");
    assert_eq!(
        run.stdout,
        format!("已新增 {}：1.5 新任务\n", repo.shown("1.5"))
    );
    // It takes the schema line its neighbours start with.
    assert_eq!(
        repo.read("1.5"),
        "\
# yaml-language-server: $schema=../schema/task.schema.json
id: \"1.5\"
section: 1
heading: 推动生态环境联防联控联治
number: 5
title: 新任务
text: 新任务。
lead:
  - 区环保局
responsible: []
status: 未启动
due: 2022-12-31
added: 2020-08-05
progress: []
"
    );
    let validate = repo.run(&["validate"]);
    assert_eq!(validate.code, 0, "{validate:#?}");
    assert!(validate
        .stdout
        .ends_with("检查了 25 个任务文件：0 个错误，2 个警告\n"));
    let check = repo.run(&["fmt", "--check"]);
    assert_eq!(check.code, 0, "{check:#?}");
    assert_eq!(check.stdout, "全部 25 个任务文件已是规范格式\n");

    let add = |extra: &[&str]| {
        let mut args = vec!["add", "--section", "1", "--title", "新任务"];
        args.extend_from_slice(extra);
        repo.run(&args)
    };
    let bad_id = |id: &str| {
        format!("cooptrack: 错误：任务编号“{id}”格式无效：应为“篇章号.序号”，如 1.5（不能含路径分隔符或 ..）\n")
    };
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["--lead", "区环保局", "--id", "../escape"],
            bad_id("../escape"),
        ),
        (vec!["--lead", "区环保局", "--id", "1/5"], bad_id("1/5")),
        (
            vec!["--lead", "区环保局", "--id", "1.1"],
            "cooptrack: 错误：任务编号“1.1”已存在；编号不可重复使用\n".to_string(),
        ),
        (
            vec!["--lead", "区环宝局"],
            "cooptrack: 错误：未知部门“区环宝局”，是否应为“区环保局”？（cooptrack depts 列出全部部门）\n"
                .to_string(),
        ),
    ];
    let before = repo.snapshot();
    for (extra, message) in &cases {
        let run = add(extra);
        assert_eq!(run.code, 2, "{extra:?} should be refused: {run:#?}");
        assert_eq!(run.stdout, "");
        assert_eq!(&run.stderr, message, "{extra:?}");
        // Nothing new anywhere under the temp dir: not in tasks/, not beside it.
        assert!(
            repo.snapshot() == before,
            "{extra:?} created or changed a file"
        );
    }
    assert!(!repo.root.join("escape.yaml").exists());
    assert!(!repo.root.join("escape").exists());
    assert!(!repo.tasks.join("1").exists());
    assert_eq!(repo.read("1.1"), bundled("1.1.yaml"));
}

// ── 8. fmt ──────────────────────────────────────────────────────────────

#[test]
fn fmt_check_finds_reordered_keys_and_fmt_restores_the_canonical_text() {
    let repo = Repo::new();
    let check = repo.run(&["fmt", "--check"]);
    assert_eq!(check.code, 0, "{check:#?}");
    assert_eq!(check.stdout, "全部 24 个任务文件已是规范格式\n");

    // 1.1 with a header comment and its keys reversed; 5.1 with its
    // optional keys (lead_provisional, lead_note) moved about.
    let reorder = |text: &str, order: &[usize]| -> String {
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), order.len());
        order.iter().map(|&i| format!("{}\n", lines[i])).collect()
    };
    let header = "# 本文件由工作小组办公室维护\n";
    // Bundled files open with the editor's schema line; keep it on top.
    let split = |text: &str| -> (String, String) {
        let (first, rest) = text.split_once('\n').unwrap();
        assert!(first.starts_with("# yaml-language-server:"));
        (format!("{first}\n"), rest.to_string())
    };
    let original_1_1 = bundled("1.1.yaml");
    let (modeline, body_1_1) = split(&original_1_1);
    let shuffled_1_1 = format!(
        "{modeline}{header}{}",
        reorder(
            &body_1_1,
            &[15, 14, 13, 8, 9, 10, 11, 12, 6, 7, 5, 4, 3, 2, 1, 0]
        )
    );
    let original_5_1 = bundled("5.1.yaml");
    let (_, body_5_1) = split(&original_5_1);
    let shuffled_5_1 = format!(
        "{modeline}{}",
        reorder(&body_5_1, &[11, 12, 13, 0, 3, 1, 2, 4, 5, 9, 10, 6, 7, 8])
    );
    assert_ne!(shuffled_5_1, original_5_1);
    fs::write(repo.task_path("1.1"), &shuffled_1_1).unwrap();
    fs::write(repo.task_path("5.1"), &shuffled_5_1).unwrap();
    // Still the same tasks: only the layout differs.
    assert_eq!(yaml(&shuffled_1_1), yaml(&original_1_1));
    assert_eq!(yaml(&shuffled_5_1), yaml(&original_5_1));

    let check = repo.run(&["fmt", "--check"]);
    assert_eq!(check.code, 1, "{check:#?}");
    assert_eq!(
        check.stdout,
        format!(
            "{}\n{}\n2 个文件不是规范格式；运行 cooptrack fmt 整理\n",
            repo.shown("1.1"),
            repo.shown("5.1")
        )
    );
    assert_eq!(repo.read("1.1"), shuffled_1_1, "--check must not write");
    assert_eq!(repo.read("5.1"), shuffled_5_1, "--check must not write");

    let fmt = repo.run(&["fmt"]);
    assert_ok(&fmt, "fmt");
    assert_eq!(
        fmt.stdout,
        format!(
            "已整理 {}\n已整理 {}\n整理了 2 个文件（共 24 个）\n",
            repo.shown("1.1"),
            repo.shown("5.1")
        )
    );
    assert_eq!(repo.read("1.1"), format!("{modeline}{header}{body_1_1}"));
    assert_eq!(repo.read("5.1"), original_5_1);

    let check = repo.run(&["fmt", "--check"]);
    assert_eq!(check.code, 0, "{check:#?}");
    assert_eq!(check.stdout, "全部 24 个任务文件已是规范格式\n");
    // Only the header comment differs from what was committed.
    assert_eq!(repo.status(), " M tasks/1.1.yaml\n");
}

// ── 9. log ──────────────────────────────────────────────────────────────

#[test]
fn log_merges_commits_and_progress_in_date_order() {
    let repo = Repo::new();
    let update = |args: &[&str], date: &str| {
        let run = run(repo.cooptrack_at(date).args(args));
        assert_ok(&run, &format!("{args:?}"));
    };
    update(
        &[
            "update",
            "1.1",
            "--status",
            "推进中",
            "--note",
            "第一条",
            "--date",
            "2019-03-31",
            "--commit",
        ],
        "2019-04-01T09:00:00+08:00",
    );
    // A commit that does not touch 1.1 is not in its log.
    update(
        &[
            "update",
            "2.1",
            "--note",
            "无关",
            "--date",
            "2019-05-01",
            "--commit",
        ],
        "2019-05-02T09:00:00+08:00",
    );
    update(
        &[
            "update",
            "1.1",
            "--note",
            "第二条",
            "--date",
            "2019-06-30",
            "--commit",
        ],
        "2019-07-01T09:00:00+08:00",
    );
    let hashes: Vec<String> = repo
        .git(&["log", "--format=%h", "--", "tasks/1.1.yaml"])
        .lines()
        .rev()
        .map(str::to_string)
        .collect();
    assert_eq!(hashes.len(), 3);

    let json = crate::common::json_of(repo.cooptrack().args(["log", "1.1", "--format", "json"]));
    let expected = serde_json::json!([
        {"date": "2018-09-01", "kind": "commit", "who": AUTHOR,
         "what": format!("初始台账 ({})", hashes[0])},
        {"date": "2019-03-31", "kind": "progress", "who": "区环保局",
         "what": "状态 未启动 → 推进中；第一条"},
        {"date": "2019-04-01", "kind": "commit", "who": AUTHOR,
         "what": format!("cooptrack：1.1 状态 未启动 → 推进中 ({})", hashes[1])},
        {"date": "2019-06-30", "kind": "progress", "who": "区环保局", "what": "第二条"},
        {"date": "2019-07-01", "kind": "commit", "who": AUTHOR,
         "what": format!("cooptrack：1.1 区环保局报送进展 ({})", hashes[2])},
    ]);
    assert_eq!(json, expected);

    let table = crate::common::stdout_of(repo.cooptrack().args(["log", "1.1"]));
    assert!(table.starts_with("1.1 加强跨界河流联防联控联治 的历史\n"));
    assert!(!table.contains("不在 git 仓库中"));
    for (date, kind, who) in [
        ("2018-09-01", "提交", AUTHOR),
        ("2019-03-31", "进展", "区环保局"),
        ("2019-04-01", "提交", AUTHOR),
        ("2019-06-30", "进展", "区环保局"),
        ("2019-07-01", "提交", AUTHOR),
    ] {
        assert!(
            table
                .lines()
                .any(|l| l.contains(date) && l.contains(kind) && l.contains(who)),
            "no {date} {kind} {who} row in\n{table}"
        );
    }

    log_outside_a_repository_shows_the_files_own_records(&repo);
}

/// Outside a repository: the same task, its own records only.
fn log_outside_a_repository_shows_the_files_own_records(repo: &Repo) {
    let plain = tempfile::tempdir().unwrap();
    let tasks = plain.path().join("tasks");
    fs::create_dir(&tasks).unwrap();
    for entry in fs::read_dir(&repo.tasks).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() {
            fs::copy(entry.path(), tasks.join(entry.file_name())).unwrap();
        }
    }
    let outside = |args: &[&str]| {
        let mut cmd = crate::common::bare();
        cmd.current_dir(plain.path())
            .env("COLUMNS", "120")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CEILING_DIRECTORIES", ceiling(plain.path()))
            .arg("--dir")
            .arg(&tasks)
            .args(args);
        crate::common::stdout_of(&mut cmd)
    };
    let json: serde_json::Value =
        serde_json::from_str(&outside(&["log", "1.1", "--format", "json"])).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"date": "2019-03-31", "kind": "progress", "who": "区环保局",
             "what": "状态 未启动 → 推进中；第一条"},
            {"date": "2019-06-30", "kind": "progress", "who": "区环保局", "what": "第二条"},
        ])
    );
    assert_eq!(
        outside(&["log", "1.1"]),
        "\
1.1 加强跨界河流联防联控联治 的历史
（不在 git 仓库中：只显示任务文件中的进展与延期记录）
┌────────────┬──────┬─────────────────┬──────────────────────────────┐
│ 日期       ┆ 类别 ┆ 提交人/报送单位 ┆ 内容                         │
╞════════════╪══════╪═════════════════╪══════════════════════════════╡
│ 2019-03-31 ┆ 进展 ┆ 区环保局        ┆ 状态 未启动 → 推进中；第一条 │
│ 2019-06-30 ┆ 进展 ┆ 区环保局        ┆ 第二条                       │
└────────────┴──────┴─────────────────┴──────────────────────────────┘
"
    );
}

// ── 10. --commit ────────────────────────────────────────────────────────

#[test]
fn commit_flag_commits_exactly_the_file_with_a_generated_subject() {
    let repo = Repo::new();
    let run = repo.run(&[
        "update",
        "1.1",
        "--status",
        "推进中",
        "--note",
        "x",
        "--date",
        "2019-03-31",
        "--commit",
    ]);
    assert_ok(&run, "update --commit");
    assert_eq!(
        run.stdout,
        format!(
            "已更新 {}：\n  进展 2019-03-31 区环保局：未启动 → 推进中：x\n已提交：cooptrack：1.1 状态 未启动 → 推进中\n",
            repo.shown("1.1")
        )
    );
    assert_eq!(
        repo.subjects(),
        ["cooptrack：1.1 状态 未启动 → 推进中", "初始台账"]
    );
    assert_eq!(
        repo.git(&["show", "--name-only", "--format=", "HEAD"]),
        "tasks/1.1.yaml\n"
    );
    repo.assert_clean("after update --commit");
    assert!(repo.read("1.1").contains("status: 推进中\n"));

    let run = repo.run(&[
        "add",
        "--section",
        "1",
        "--title",
        "新任务",
        "--lead",
        "区环保局",
        "--commit",
    ]);
    assert_ok(&run, "add --commit");
    assert_eq!(
        run.stdout,
        format!(
            "已新增 {}：1.5 新任务\n已提交：cooptrack：新增 1.5 新任务\n",
            repo.shown("1.5")
        )
    );
    assert_eq!(repo.subjects()[0], "cooptrack：新增 1.5 新任务");
    assert_eq!(
        repo.git(&["show", "--name-only", "--format=", "HEAD"]),
        "tasks/1.5.yaml\n"
    );
    repo.assert_clean("after add --commit");
}

// ── 11. co-led tasks ────────────────────────────────────────────────────

#[test]
fn a_co_led_task_needs_by_and_records_the_name_on_the_task() {
    let repo = Repo::new();
    let run = repo.run(&["update", "6.1", "--note", "x", "--date", "2019-05-01"]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert_eq!(
        run.stderr,
        "cooptrack: 错误：该任务有 2 个牵头部门（区教委、区卫生计生委），请用 --by 指明报送单位\n"
    );
    assert_eq!(repo.read("6.1"), bundled("6.1.yaml"));
    repo.assert_clean("6.1 without --by");

    let run = repo.run(&[
        "update",
        "6.1",
        "--note",
        "x",
        "--date",
        "2019-05-01",
        "--by",
        "区卫生健康委",
    ]);
    assert_ok(&run, "update 6.1 --by 区卫生健康委");
    assert_eq!(
        run.stdout,
        format!(
            "已更新 {}：\n  进展 2019-05-01 区卫生计生委：x\n",
            repo.shown("6.1")
        )
    );
    assert_eq!(
        repo.read("6.1"),
        bundled("6.1.yaml").replace(
            "progress: []\n",
            "progress:\n  - date: 2019-05-01\n    by: 区卫生计生委\n    note: x\n"
        )
    );
}

// ── Bugs found while writing these tests ────────────────────────────────

/// A note as the file stores it after `update`, or None if refused.
fn note_after_update(repo: &Repo, note: &str, extra: &[&str]) -> (Run, Option<String>) {
    let mut args = vec!["update", "2.1", "--note", note, "--date", "2019-01-01"];
    args.extend_from_slice(extra);
    let run = repo.run(&args);
    let task = yaml(&repo.read("2.1"));
    let stored = task["progress"]
        .as_sequence()
        .and_then(|p| p.last())
        .and_then(|p| p["note"].as_str())
        .map(str::to_string);
    (run, stored)
}

#[test]
fn notes_with_unicode_line_breaks_are_stored_exactly() {
    for note in ["第一行\u{85}第二行", "第一行\u{2028}第二行"] {
        let repo = Repo::new();
        let (run, stored) = note_after_update(&repo, note, &[]);
        assert_ok(&run, &format!("update --note {note:?}"));
        assert_eq!(stored.as_deref(), Some(note));
    }
}

#[test]
fn reformat_never_stores_a_note_other_than_the_one_given() {
    let repo = Repo::new();
    let note = "第一行\u{85}第二行";
    let (run, stored) = note_after_update(&repo, note, &["--reformat"]);
    if run.code == 0 {
        assert_eq!(stored.as_deref(), Some(note), "written, but altered");
    } else {
        assert_eq!(
            repo.read("2.1"),
            bundled("2.1.yaml"),
            "refused, but written"
        );
    }
}

#[test]
fn ids_of_deleted_tasks_are_never_reused() {
    let repo = Repo::new();
    let add = |title: &str| {
        repo.run(&[
            "add",
            "--section",
            "1",
            "--title",
            title,
            "--lead",
            "区环保局",
        ])
    };
    assert_ok(&add("新任务"), "add 1.5");
    repo.commit_all("新增 1.5", SETUP_DATE);
    repo.git(&["rm", "-q", "tasks/1.5.yaml"]);
    repo.commit_all("删除 1.5", SETUP_DATE);

    // The next task takes 1.6: 1.5 stays retired.
    let next = add("又一任务");
    assert_ok(&next, "add after a deletion");
    assert_eq!(
        next.stdout,
        format!("已新增 {}：1.6 又一任务\n", repo.shown("1.6"))
    );
    assert!(!repo.task_path("1.5").exists());

    // Nor can it be taken by hand.
    let by_hand = repo.run(&[
        "add",
        "--section",
        "1",
        "--title",
        "x",
        "--lead",
        "区环保局",
        "--id",
        "1.5",
    ]);
    assert_eq!(by_hand.code, 2, "{by_hand:#?}");
    assert!(
        by_hand
            .stderr
            .contains("任务编号“1.5”曾属于一项已删除的任务"),
        "{}",
        by_hand.stderr
    );
    assert!(!repo.task_path("1.5").exists());
}
