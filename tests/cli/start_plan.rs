//! Starting a plan without hand edits (issue 23): `init` with no options,
//! the period from the title's years, `plan heading add`, `depts add`,
//! `depts rename` and `depts merge` through the edit path, and `--commit`
//! taking the files `init` made while they are untracked.

use std::path::PathBuf;
use std::process::Command as StdCommand;

use crate::common::bare;
use crate::repo::Run;

/// An empty git repository in a temp dir, its git configuration its own.
struct Empty {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Empty {
    fn new() -> Empty {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("plan");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(tmp.path().join("gitconfig"), "").unwrap();
        let empty = Empty { _tmp: tmp, root };
        empty.git(&["init", "-q"]);
        empty.git(&["config", "user.name", "测试员"]);
        empty.git(&["config", "user.email", "tester@example.com"]);
        empty.git(&["config", "commit.gpgsign", "false"]);
        empty
    }

    fn isolate(&self, cmd: &mut StdCommand) {
        let config = self.root.parent().unwrap().join("gitconfig");
        cmd.env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", config)
            .env("GIT_CEILING_DIRECTORIES", self.root.parent().unwrap())
            .current_dir(&self.root);
    }

    fn git(&self, args: &[&str]) -> String {
        let mut cmd = StdCommand::new("git");
        self.isolate(&mut cmd);
        let output = cmd.args(args).output().unwrap();
        assert!(output.status.success(), "git {args:?}: {output:?}");
        String::from_utf8(output.stdout).unwrap()
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut cmd = bare();
        let config = self.root.parent().unwrap().join("gitconfig");
        cmd.env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", config)
            .env("GIT_CEILING_DIRECTORIES", self.root.parent().unwrap())
            .env("COLUMNS", "120")
            .current_dir(&self.root);
        if !args.contains(&"--as-of") {
            cmd.args(["--as-of", "2024-03-01"]);
        }
        cmd.args(args);
        crate::repo::run(&mut cmd)
    }

    fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(run.code, 0, "{args:?}: {run:#?}");
        run.stdout
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.root.join("tasks").join(name)).unwrap()
    }
}

#[test]
fn init_with_no_options_writes_a_placeholder_title_that_validate_warns_about() {
    let repo = Empty::new();
    let out = repo.ok(&["init"]);
    assert_eq!(
        out,
        "已建立任务目录 tasks：plan.yaml、departments.yaml、task.schema.json、.gitignore\n\
         \x20 计划：待填写：计划名称（2024–2028 年，成文日期 2024-03-01）\n\
         \x20 计划还没有篇章：用 cooptrack plan heading add --title 篇章标题 逐一增加\n\
         \x20 部门名录为空：用 cooptrack depts add 部门名称 [--alias 简称] 登记部门\n\
         请核对 plan.yaml（发文机关、成文日期、篇章）；结转任务：cooptrack carry-over 编号 --to tasks\n\
         计划名称未给出：请在 plan.yaml 的 title 中写明（validate 会一直提醒）\n\
         在 git 仓库中：运行 cooptrack --dir tasks git-setup，让各单位同时报送的进展自动合并（每个克隆一次）\n"
    );
    let run = repo.run(&["validate"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            0,
            "tasks/plan.yaml:1:1: 警告：计划名称尚未填写：请在 plan.yaml 的 title 中写明通知的名称\n\
             检查了 0 个任务文件：0 个错误，1 个警告\n"
        )
    );
    assert_eq!(repo.run(&["validate", "--strict"]).code, 1);
}

#[test]
fn the_period_follows_the_years_the_title_names() {
    let repo = Empty::new();
    repo.ok(&["init", "--title", "关于印发行动计划（2025—2029年）的通知"]);
    assert!(
        repo.read("plan.yaml")
            .contains("period:\n  start: 2025\n  end: 2029\n"),
        "{}",
        repo.read("plan.yaml")
    );
    // --period wins over the title.
    repo.ok(&[
        "init",
        "b",
        "--title",
        "计划(2025-2029年)",
        "--period",
        "2026-2030",
    ]);
    let plan = std::fs::read_to_string(repo.root.join("b/plan.yaml")).unwrap();
    assert!(plan.contains("start: 2026\n  end: 2030\n"), "{plan}");
    let run = repo.run(&["init", "c", "--title", "  "]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "cooptrack: 错误：--title 不能为空\n")
    );
}

#[test]
fn a_plan_from_scratch_is_built_and_committed_by_commands_alone() {
    let repo = Empty::new();
    repo.ok(&["init", "--title", "行动计划(2024-2028年)"]);
    assert_eq!(
        repo.ok(&[
            "plan",
            "heading",
            "add",
            "--title",
            "推动生态环境联防联控联治"
        ]),
        "已增加篇章 1：(一)推动生态环境联防联控联治；新增任务：cooptrack add --section 1 …\n"
    );
    assert_eq!(
        repo.ok(&["depts", "add", "区发展改革委", "--alias", "区发改委"]),
        "已登记部门：区发展改革委\n"
    );
    // `dept` is `depts` too.
    repo.ok(&["dept", "add", "区水务局"]);
    let out = repo.ok(&[
        "add",
        "--section",
        "1",
        "--title",
        "建立联防联控机制",
        "--lead",
        "区发改委",
        "--commit",
    ]);
    assert_eq!(
        out,
        "已新增 tasks/1.1.yaml：1.1 建立联防联控机制\n已提交：cooptrack：新增 1.1 建立联防联控机制\n"
    );
    let committed = repo.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        committed,
        "tasks/.gitignore\ntasks/1.1.yaml\ntasks/departments.yaml\ntasks/plan.yaml\ntasks/task.schema.json\n"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    assert!(repo.read("plan.yaml").ends_with(
        "headings:\n  - number: 1\n    label: (一)\n    title: 推动生态环境联防联控联治\n"
    ));
    assert!(repo.read("1.1.yaml").contains("lead:\n  - 区发展改革委\n"));
    assert_eq!(
        repo.run(&["validate"]).stdout,
        "检查了 1 个任务文件：0 个错误，0 个警告\n"
    );
    // Once tracked, --commit takes only what the command wrote.
    repo.ok(&["depts", "add", "区交通局", "--commit"]);
    assert_eq!(
        repo.git(&["show", "--name-only", "--format=%s", "HEAD"]),
        "cooptrack：登记部门 区交通局\n\ntasks/departments.yaml\n"
    );
}

#[test]
fn headings_and_departments_refuse_what_is_there_already() {
    let repo = Empty::new();
    repo.ok(&["init", "--title", "计划(2024-2028年)"]);
    repo.ok(&[
        "plan",
        "heading",
        "add",
        "--title",
        "甲",
        "--label",
        "第一章",
    ]);
    let run = repo.run(&["plan", "heading", "add", "--title", "甲"]);
    assert_eq!(run.stderr, "cooptrack: 错误：计划中已有篇章“甲”\n");
    repo.ok(&["depts", "add", "区发展改革委", "--alias", "区发改委"]);
    let run = repo.run(&["depts", "add", "区发改委"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "cooptrack: 错误：“区发改委”已是部门名录中“区发展改革委”的曾用名或简称\n"
        )
    );
    let run = repo.run(&["depts", "rename", "区发改局", "x", "--on", "2024-05-01"]);
    assert_eq!(
        run.stderr,
        "cooptrack: 错误：部门名录中没有“区发改局”，是否应为“区发展改革委”？\n"
    );
    let run = repo.run(&[
        "depts",
        "merge",
        "区发改委",
        "--into",
        "x",
        "--on",
        "2024-05-01",
    ]);
    assert_eq!(
        run.stderr,
        "cooptrack: 错误：合并至少需要两个单位；一个单位改名请用 cooptrack depts rename\n"
    );
    assert!(repo.read("plan.yaml").contains("label: 第一章\n"));
}

/// A rename and a merger are dated: the report as of a day before them is
/// what it was, and forms issued under the old names stay their units'.
#[test]
fn renames_and_mergers_leave_earlier_dates_as_they_were() {
    let repo = Empty::new();
    repo.ok(&["init", "--title", "计划(2024-2028年)"]);
    repo.ok(&["plan", "heading", "add", "--title", "甲"]);
    for name in ["区发展改革委", "区旅游局", "区文化委"] {
        repo.ok(&["depts", "add", name]);
    }
    repo.ok(&[
        "add",
        "--section",
        "1",
        "--title",
        "一",
        "--lead",
        "区发展改革委",
    ]);
    repo.ok(&[
        "add",
        "--section",
        "1",
        "--title",
        "二",
        "--lead",
        "区旅游局",
    ]);
    repo.ok(&[
        "add",
        "--section",
        "1",
        "--title",
        "三",
        "--lead",
        "区文化委",
    ]);
    let report = |as_of: &str| repo.ok(&["--as-of", as_of, "report", "--format", "json"]);
    let before = report("2024-06-30");
    let out = repo.ok(&[
        "depts",
        "rename",
        "区发展改革委",
        "区发展和改革委员会",
        "--on",
        "2024-07-01",
    ]);
    assert_eq!(
        out,
        "已记录更名：区发展改革委 自 2024-07-01 起更名为 区发展和改革委员会；2024-07-01 以前的报告、台账和填报表仍用 区发展改革委\n"
    );
    let out = repo.ok(&[
        "depts",
        "merge",
        "区旅游局",
        "区文化委",
        "--into",
        "区文化旅游委",
        "--on",
        "2024-08-01",
        "--commit",
    ]);
    assert_eq!(
        out,
        "已记录合并：区旅游局、区文化委 自 2024-08-01 起合并为 区文化旅游委；2024-08-01 以前的报告、台账和填报表中它们仍是各自的单位\n\
         已提交：cooptrack：区旅游局、区文化委 自 2024-08-01 起合并为 区文化旅游委\n"
    );
    assert_eq!(
        repo.read("departments.yaml"),
        "# 部门名录 (department registry): every department the plan names, under its current name.\n\
         departments:\n\
         \x20 - name: 区发展和改革委员会\n\
         \x20   former:\n\
         \x20     - name: 区发展改革委\n\
         \x20       until: 2024-07-01\n\
         \x20 - name: 区文化旅游委\n\
         \x20   former:\n\
         \x20     - name: 区旅游局\n\
         \x20       until: 2024-08-01\n\
         \x20     - name: 区文化委\n\
         \x20       until: 2024-08-01\n"
    );
    // History is not rewritten: the task files still say what they said.
    assert!(repo.read("1.2.yaml").contains("lead:\n  - 区旅游局\n"));
    assert_eq!(report("2024-06-30"), before);
    let after: serde_json::Value = serde_json::from_str(&report("2024-09-30")).unwrap();
    let units: Vec<&str> = after["departments"]
        .as_array()
        .map(|a| a.iter().filter_map(|u| u["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(units, ["区发展和改革委员会", "区文化旅游委"], "{after:#}");
    // A rename on or before the last one is refused.
    let run = repo.run(&[
        "depts",
        "rename",
        "区发展和改革委员会",
        "区发改委员会",
        "--on",
        "2024-07-01",
    ]);
    assert_eq!(
        run.stderr,
        "cooptrack: 错误：“区发展和改革委员会”已于 2024-07-01 启用现名：新的更名日期须晚于该日\n"
    );
}

#[test]
fn the_new_commands_have_english_help() {
    for args in [
        &["depts", "merge", "--help"][..],
        &["plan", "heading", "add", "--help"],
    ] {
        let mut cmd = bare();
        cmd.args(["--lang", "en"]).args(args);
        let help = crate::common::stdout_of(&mut cmd);
        assert!(
            !help.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{help}"
        );
        assert!(help.contains("--commit"), "{help}");
    }
}
