//! The first hour of a new user (issue 13): completion anywhere, `-o`
//! picks the format, department short names, status words, Chinese
//! errors and help, `init`, the pager, and the small surprises.

use std::path::Path;
use std::process::Command as StdCommand;

use crate::common::{bare, bundled, cooptrack, ids, stdout_of};
use crate::repo::Repo;

/// Sources `cooptrack completions bash` in a real bash started in `cwd`,
/// then calls the function bash registered for `cooptrack` on `words`
/// (the last one is the word being completed) and returns the candidates.
fn bash_complete(cwd: &Path, words: &[&str]) -> Vec<String> {
    let bin = assert_cmd::cargo::cargo_bin("cooptrack");
    let bin_dir = bin.parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = r#"
source <(cooptrack completions bash) || exit 9
# The function bash will call on Tab: `complete -F <function> cooptrack`.
fn=$(complete -p cooptrack | sed -n 's/.* -F \([^ ]*\) .*/\1/p')
[ -n "$fn" ] || exit 8
COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMP_TYPE=9
"$fn" cooptrack "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let output = StdCommand::new("bash")
        .args(["--norc", "--noprofile", "-c", script, "bash"])
        .args(words)
        .current_dir(cwd)
        .env("PATH", path)
        .env("COOPTRACK_LANG", "zh")
        .env_remove("COOPTRACK_DIR")
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "bash failed ({:?}): {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completion_works_in_a_directory_without_tasks() {
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(bash_complete(empty.path(), &["cooptrack", "li"]), ["list"]);
    // Flags, but no department candidates and no error.
    let flags = bash_complete(empty.path(), &["cooptrack", "list", "--de"]);
    assert_eq!(flags, ["--dept"]);
    let depts = bash_complete(empty.path(), &["cooptrack", "list", "--dept", "区"]);
    assert_eq!(depts, Vec::<String>::new());
}

#[test]
fn bash_completion_offers_department_names_inside_the_tree() {
    let root = bundled().parent().unwrap().to_path_buf();
    let mut depts = bash_complete(&root, &["cooptrack", "list", "--dept", "区发"]);
    depts.sort();
    assert_eq!(depts, ["区发展改革委", "区发改委"]);
    let all = bash_complete(&root, &["cooptrack", "update", "1.1", "--by", "区"]);
    assert!(all.contains(&"区生态环境局".to_string()), "{all:?}");
    assert!(all.contains(&"区环保局".to_string()), "{all:?}");
}

#[test]
fn schema_completions_and_man_need_no_tasks_directory() {
    let empty = tempfile::tempdir().unwrap();
    for args in [
        &["schema"][..],
        &["completions", "bash"],
        &["man"],
        &["schema", "--of", "json"],
    ] {
        let output = bare()
            .args(args)
            .current_dir(empty.path())
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
        assert!(!output.stdout.is_empty(), "{args:?}");
    }
    let pages = empty.path().join("man");
    bare()
        .args(["man"])
        .arg(&pages)
        .current_dir(empty.path())
        .assert()
        .success();
    assert!(pages.join("cooptrack-list.1").exists());
}

#[test]
fn report_output_takes_its_format_from_the_extension() {
    let out = tempfile::tempdir().unwrap();
    let xlsx = out.path().join("台账.xlsx");
    let html = out.path().join("台账.html");
    let md = out.path().join("台账.md");
    for path in [&xlsx, &html, &md] {
        cooptrack()
            .args(["report", "--as-of", "2019-06-30", "-o"])
            .arg(path)
            .assert()
            .success()
            .stdout(format!("已写入 {}\n", path.display()));
    }
    let workbook = std::fs::read(&xlsx).unwrap();
    assert_eq!(&workbook[..4], b"PK\x03\x04", "a zip archive (xlsx)");
    let book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert!(!calamine::Reader::sheet_names(&book).is_empty());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..40]);
    let markdown = std::fs::read_to_string(&md).unwrap();
    assert!(markdown.starts_with("# "), "{}", &markdown[..40]);
}

#[test]
fn an_explicit_format_must_agree_with_the_extension() {
    let out = tempfile::tempdir().unwrap();
    let md = out.path().join("x.md");
    cooptrack()
        .args(["report", "--as-of", "2019-06-30", "--format", "json", "-o"])
        .arg(&md)
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "cooptrack: 错误：--format json 与输出文件的扩展名 .md（markdown 格式）矛盾：去掉 --format，或改用相应的扩展名\n",
        );
    assert!(!md.exists());
    // Agreeing, it is fine.
    cooptrack()
        .args([
            "report",
            "--as-of",
            "2019-06-30",
            "--format",
            "markdown",
            "-o",
        ])
        .arg(&md)
        .assert()
        .success();
    // An extension the report cannot write is refused, not written as text.
    let csv = out.path().join("x.csv");
    cooptrack()
        .args(["report", "--as-of", "2019-06-30", "-o"])
        .arg(&csv)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "扩展名 .csv 对应 csv 格式，但此命令不能输出 csv",
        ));
    assert!(!csv.exists());
    // .docx is the 通报 as a Word document (a zip package).
    let docx = out.path().join("x.docx");
    cooptrack()
        .args(["report", "--as-of", "2019-06-30", "-o"])
        .arg(&docx)
        .assert()
        .success();
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK"));
    // An extension that names no format is refused (issue 23); with
    // --format, any name will do.
    let other = out.path().join("x.report");
    cooptrack()
        .args(["report", "--as-of", "2019-06-30", "-o"])
        .arg(&other)
        .assert()
        .code(2);
    assert!(!other.exists());
    cooptrack()
        .args(["report", "--as-of", "2019-06-30", "--format", "table", "-o"])
        .arg(&other)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&other)
        .unwrap()
        .starts_with("督查报告"));
}

#[test]
fn a_short_name_lists_the_same_tasks_as_the_full_name() {
    let short = stdout_of(cooptrack().args(["list", "--dept", "区发改委", "--format", "json"]));
    let full = stdout_of(cooptrack().args(["list", "--dept", "区发展改革委", "--format", "json"]));
    assert_eq!(short, full);
    assert_eq!(
        ids(&serde_json::from_str(&short).unwrap()),
        ["2.4", "5.1", "5.2", "7.1"]
    );
    for (short, full) in [
        ("区经信委", "区经济信息委"),
        ("区卫健委", "区卫生健康委"),
        ("区人社局", "区人力社保局"),
    ] {
        let a = stdout_of(cooptrack().args(["list", "--dept", short]));
        let b = stdout_of(cooptrack().args(["list", "--dept", full]));
        assert_eq!(a, b, "{short} / {full}");
    }
    // A near miss of a short name suggests the name to write.
    cooptrack()
        .args(["list", "--dept", "区发改局"])
        .assert()
        .code(2)
        .stderr("cooptrack: 错误：未知部门“区发改局”，是否应为“区发展改革委”？（cooptrack depts 列出全部部门）\n");
}

#[test]
fn a_short_name_is_written_as_the_name_the_registry_or_task_uses() {
    let repo = Repo::new();
    let run = repo.run(&["update", "2.1", "--add-responsible", "区发改委"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        repo.read("2.1")
            .contains("responsible:\n  - 区发展改革委\n"),
        "{}",
        repo.read("2.1")
    );
    assert!(!repo.read("2.1").contains("区发改委"));
    // 4.3 names 区卫生计生委 (the notice's name): the entry uses it.
    let run = repo.run(&[
        "update",
        "4.3",
        "--note",
        "已对接",
        "--by",
        "区卫健委",
        "--date",
        "2019-05-01",
        "--as-of",
        "2019-06-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "已更新 {}：\n  进展 2019-05-01 区卫生计生委：已对接\n",
            repo.shown("4.3")
        )
    );
    // A short name is no name for a file.
    let text = repo.read("2.2").replace("  - 区交委\n", "  - 区发改委\n");
    std::fs::write(repo.task_path("2.2"), text).unwrap();
    let run = repo.run(&["validate"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("2.2.yaml:9:5: ")
            && run
                .stdout
                .contains("部门“区发改委”不在部门名录中，是否应为“区发展改革委”？"),
        "{}",
        run.stdout
    );
}

#[test]
fn status_synonyms_are_taken_and_other_words_get_the_closest_status() {
    let repo = Repo::new();
    let run = repo.run(&[
        "update",
        "1.1",
        "--status",
        "进行中",
        "--note",
        "已启动",
        "--date",
        "2019-03-31",
        "--as-of",
        "2019-06-30",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(repo.read("1.1").contains("status: 推进中\n"));
    let listed = |status: &str| {
        let run = repo.run(&["list", "--status", status, "--format", "json"]);
        assert_eq!(run.code, 0, "{status}: {}", run.stderr);
        ids(&serde_json::from_str(&run.stdout).unwrap())
    };
    assert_eq!(listed("进行中"), ["1.1"]);
    assert_eq!(listed("推进中"), ["1.1"]);
    assert_eq!(listed("完成"), Vec::<String>::new());
    assert_eq!(listed("取消"), Vec::<String>::new());
    assert_eq!(listed("未开始").len(), 23);
    // In a file, only the five labels (and English keys) are statuses.
    let text = repo.read("1.2").replace("status: 未启动", "status: 未开始");
    std::fs::write(repo.task_path("1.2"), text).unwrap();
    let run = repo.run(&["validate"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("无效的状态“未开始”"), "{}", run.stdout);
}

/// The English words left in `text` once quoted input (“bogus”), file
/// paths, flags and the program's name are taken out.
fn english_words(text: &str) -> Vec<String> {
    let mut unquoted = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth -= 1,
            _ if depth == 0 => unquoted.push(c),
            _ => {}
        }
    }
    unquoted
        .split(|c: char| !(c.is_ascii_alphanumeric() || "-_./".contains(c)))
        .filter(|w| !w.is_empty())
        .filter(|w| !w.starts_with("--") && !w.contains('/'))
        // The program, its subcommands, and field names of the files.
        .filter(|w| !["cooptrack", "list", "validate", "status"].contains(w))
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 2)
        .map(str::to_string)
        .collect()
}

#[test]
fn errors_in_zh_mode_have_no_english_word() {
    let repo = Repo::new();
    let text = repo.read("1.2").replace("  - 区城管局\n", "  - 区城官局\n");
    std::fs::write(repo.task_path("1.2"), text).unwrap();
    // A file that cannot be read stops `list`, with its diagnostic on stderr.
    std::fs::write(repo.task_path("2.4"), "id: \"2.4\"\nstatus: [\n").unwrap();
    let cases: [&[&str]; 5] = [
        &["list", "--status", "bogus"],
        &["list", "--status", "完了"],
        &["list", "--dpt", "区交委"],
        &["lst"],
        &["list"],
    ];
    for args in cases {
        let run = repo.run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stderr.contains("错误："), "{args:?}: {}", run.stderr);
        assert_eq!(
            english_words(&run.stderr),
            Vec::<String>::new(),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert_eq!(
        repo.run(&["list", "--status", "bogus"]).stderr,
        "cooptrack: 错误：--status：无效的状态“bogus”，可用：未启动、推进中、已完成、滞后、已取消\n"
    );
    assert_eq!(
        repo.run(&["list", "--dpt", "区交委"]).stderr,
        "cooptrack: 错误：未知参数“--dpt”，是否应为“--dept”？\n（用 cooptrack list --help 查看用法）\n"
    );
    let validate = repo.run(&["validate"]);
    assert_eq!(validate.code, 1);
    assert_eq!(
        repo.run(&["list"]).stderr,
        format!(
            "{}:2:9: 错误：字段类型错误（status）：应为状态，实为列表\n\
             cooptrack: 错误：1 个文件无法读取，结果会不完整；请先修正（运行 cooptrack validate 查看全部问题）\n",
            repo.shown("2.4")
        )
    );
    assert_eq!(
        validate.stdout.lines().next().unwrap(),
        format!(
            "{}:12:5: 错误：部门“区城官局”不在部门名录中，是否应为“区城管局”？",
            repo.shown("1.2")
        )
    );
    assert_eq!(
        english_words(&validate.stdout),
        Vec::<String>::new(),
        "{}",
        validate.stdout
    );
    // English mode keeps clap's own words.
    let english = repo.run(&["--lang", "en", "list", "--dpt", "x"]);
    assert!(
        english
            .stderr
            .starts_with("error: unexpected argument '--dpt' found"),
        "{}",
        english.stderr
    );
}

#[test]
fn help_in_zh_mode_is_chinese_with_global_options_apart() {
    let help = stdout_of(bare().args(["list", "--help"]));
    for english in [
        "Usage",
        "Options",
        "Print help",
        "Possible values",
        "possible values",
        "[default",
    ] {
        assert!(!help.contains(english), "{english}:\n{help}");
    }
    assert!(help.contains("用法：cooptrack list [选项]\n"), "{help}");
    let (own, global) = help.split_once("\n全局选项:\n").expect("a global heading");
    assert!(
        own.contains("\n选项:\n") && own.contains("--dept") && own.contains("--overdue"),
        "{help}"
    );
    for flag in ["--dir", "--color", "--as-of", "--lang", "--max-file-size"] {
        assert!(
            global.contains(&format!("      {flag} <"))
                && !own.contains(&format!("\n      {flag} <")),
            "{flag}:\n{help}"
        );
    }
    assert!(
        own.contains("（可选：table、json、csv、markdown；默认：table）"),
        "{help}"
    );
    // No subcommand: the visible ones, `man` included.
    let run = bare().args(["--as-of", "2020-01-01"]).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(run.stderr).unwrap(),
        "cooptrack: 错误：缺少子命令，可用：list、show、depts、validate、update、edit、add、fmt、log、import、\
         report、problems、remind、targets、assess、forms、collect、close-plan、carry-over、init、plan、git-setup、schema、completions、man\n（用 cooptrack --help 查看用法）\n"
    );
}

#[test]
fn commits_get_chinese_subjects() {
    let repo = Repo::new();
    let run = repo.run(&[
        "update",
        "2.1",
        "--note",
        "成渝中线高铁前期工作启动",
        "--date",
        "2019-03-31",
        "--as-of",
        "2019-06-30",
        "--commit",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .ends_with("已提交：cooptrack：2.1 区交委报送进展\n"),
        "{}",
        run.stdout
    );
    assert_eq!(repo.subjects()[0], "cooptrack：2.1 区交委报送进展");
    let run = repo.run(&[
        "update",
        "2.1",
        "--due",
        "2023-06-30",
        "--reason",
        "项目调整",
        "--add-responsible",
        "区发改委",
        "--as-of",
        "2019-06-30",
        "--commit",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        repo.subjects()[0],
        "cooptrack：2.1 责任部门增加 区发展改革委；完成时限 2022-12-31 → 2023-06-30"
    );
}

#[test]
fn init_from_the_bundled_plan_then_carry_over_works_on_a_fresh_clone() {
    let repo = Repo::new();
    let next = repo.root.join("plan-2023").join("tasks");
    // Without a plan there, carry-over says how to start one.
    let run = repo.run(&["carry-over", "2.2", "--to", next.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "cooptrack: 错误：{0} 中没有 plan.yaml：请先运行 cooptrack init {0}（可加 --from 上一计划的任务目录，沿用部门名录）\n",
            next.display()
        )
    );
    let run = run_in(
        &repo.root,
        &[
            "init",
            "--from",
            "tasks",
            "plan-2023/tasks",
            "--as-of",
            "2023-03-01",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "已建立任务目录 plan-2023/tasks：plan.yaml、departments.yaml、task.schema.json、.gitignore\n\
         \x20 计划：重庆市潼南区人民政府关于下达深化川渝合作深入推动长江经济带行动计划(2023-2027年)工作任务的通知（2023–2027 年，成文日期 2023-03-01）\n\
         \x20 部门名录取自 tasks（23 个部门，含曾用名和简称）\n\
         请核对 plan.yaml（发文机关、成文日期、篇章）；结转任务：cooptrack carry-over 编号 --to plan-2023/tasks\n\
         在 git 仓库中：运行 cooptrack --dir plan-2023/tasks git-setup，让各单位同时报送的进展自动合并（每个克隆一次）\n"
    );
    // The registry is the predecessor's, byte for byte; the plan follows it.
    assert_eq!(
        std::fs::read(next.join("departments.yaml")).unwrap(),
        std::fs::read(repo.tasks.join("departments.yaml")).unwrap()
    );
    let plan = std::fs::read_to_string(next.join("plan.yaml")).unwrap();
    assert!(plan.contains("date: 2023-03-01\n"), "{plan}");
    assert!(
        plan.contains("period:\n  start: 2023\n  end: 2027\n"),
        "{plan}"
    );
    assert!(plan.contains("status: active\n"), "{plan}");
    assert!(!plan.contains("parent:"), "{plan}");
    assert_eq!(
        std::fs::read_to_string(next.join(".gitignore")).unwrap(),
        "# cooptrack writes these beside the task files\n.cooptrack.lock\n.cooptrack-*.tmp\n"
    );
    assert_eq!(
        std::fs::read_to_string(next.join("task.schema.json")).unwrap(),
        stdout_of(bare().arg("schema"))
    );
    // It validates empty.
    let run = run_in(&repo.root, &["--dir", "plan-2023/tasks", "validate"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "检查了 0 个任务文件：0 个错误，0 个警告\n")
    );
    // Then carry-over works, and the new file points at the schema.
    let run = run_in(
        &repo.root,
        &[
            "carry-over",
            "2.2",
            "--to",
            "plan-2023/tasks",
            "--as-of",
            "2023-03-02",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let carried = std::fs::read_to_string(next.join("2.2.yaml")).unwrap();
    assert!(
        carried.starts_with("# yaml-language-server: $schema=task.schema.json\nid: \"2.2\"\n"),
        "{carried}"
    );
    let run = run_in(&repo.root, &["--dir", "plan-2023/tasks", "validate"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "检查了 1 个任务文件：0 个错误，0 个警告\n")
    );
    // A second init there is refused, and changes nothing.
    let run = run_in(&repo.root, &["init", "plan-2023/tasks", "--title", "x"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "cooptrack: 错误：plan-2023/tasks 已有 plan.yaml：已是任务目录，不能再 init\n"
    );
}

#[test]
fn init_without_a_predecessor_validates_empty() {
    // Without --title, see start_plan: a placeholder validate warns about.
    let tmp = tempfile::tempdir().unwrap();
    let run = run_in(
        tmp.path(),
        &[
            "init",
            "--title",
            "新计划",
            "--period",
            "2024-2028",
            "--date",
            "2024-01-15",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = run_in(tmp.path(), &["validate"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "检查了 0 个任务文件：0 个错误，0 个警告\n"),
        "{}",
        run.stderr
    );
    let run = run_in(
        tmp.path(),
        &["init", "x", "--title", "t", "--period", "2028-2024"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "cooptrack: 错误：--period：计划期限“2028-2024”无效：应为 起始年-结束年，如 2023-2027\n"
    );
}

#[test]
fn dir_at_the_repository_root_asks_whether_tasks_was_meant() {
    let repo = Repo::new();
    let run = run_in(&repo.root, &["--dir", ".", "list"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "cooptrack: 错误：. 不是任务目录（没有 departments.yaml），是否应为 ./tasks？\n"
    );
}

/// `cooptrack ARGS…` run in `cwd`, colour off, Chinese, no COOPTRACK_DIR.
fn run_in(cwd: &Path, args: &[&str]) -> crate::repo::Run {
    crate::repo::run(bare().current_dir(cwd).env("COLUMNS", "120").args(args))
}

// ---------------------------------------------------------------- the pager

#[cfg(unix)]
/// Runs `cooptrack --dir <bundled> ARGS…` with its stdout on a pseudo
/// terminal of `columns`×`rows`, the pager writing what it gets to
/// `paged` (`cat > paged`). Returns what the terminal showed (line breaks
/// as `\n`) and what the pager got, if it ran.
fn on_terminal(args: &[&str], columns: u16, rows: u16) -> (String, Option<String>) {
    use std::io::Read;
    let tmp = tempfile::tempdir().unwrap();
    let paged = tmp.path().join("paged.txt");
    let (mut master, slave) = pseudo_terminal(columns, rows);
    let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("cooptrack"));
    cmd.env("NO_COLOR", "1")
        .env("COOPTRACK_LANG", "zh")
        .env_remove("COOPTRACK_DIR")
        .current_dir(std::env::temp_dir())
        .arg("--dir")
        .arg(bundled())
        .args(args)
        .env("COOPTRACK_PAGER", format!("cat > '{}'", paged.display()))
        .env_remove("COLUMNS")
        .stdout(std::process::Stdio::from(slave));
    let mut child = cmd.spawn().unwrap();
    drop(cmd); // the parent's copy of the terminal's slave end
    let reader = std::thread::spawn(move || {
        let mut shown = Vec::new();
        let mut buf = [0u8; 4096];
        // Ends with EIO once the child has closed the slave end.
        while let Ok(n @ 1..) = master.read(&mut buf) {
            shown.extend_from_slice(&buf[..n]);
        }
        shown
    });
    assert!(child.wait().unwrap().success());
    let shown = String::from_utf8(reader.join().unwrap()).unwrap();
    let paged = std::fs::read_to_string(&paged).ok();
    (shown.replace("\r\n", "\n"), paged)
}

#[cfg(unix)]
/// A pseudo terminal of `columns`×`rows`: its master end, and the slave
/// end to give a child.
pub(crate) fn pseudo_terminal(columns: u16, rows: u16) -> (std::fs::File, std::os::fd::OwnedFd) {
    use std::os::fd::FromRawFd;
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: rows,
        ws_col: columns,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two new descriptors, which are owned below.
    let status = unsafe {
        libc::openpty(
            &raw mut master,
            &raw mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &raw const size,
        )
    };
    assert_eq!(status, 0, "openpty");
    // SAFETY: both descriptors were just opened and nothing else owns them.
    unsafe {
        (
            std::fs::File::from_raw_fd(master),
            std::os::fd::OwnedFd::from_raw_fd(slave),
        )
    }
}

#[cfg(unix)]
#[test]
fn a_pipe_from_a_terminal_is_laid_out_for_that_terminal() {
    // `cooptrack list | head` in an 80-column terminal, no COLUMNS
    // exported: stderr is still the terminal, and its width is used.
    let (_master, slave) = pseudo_terminal(80, 30);
    let out = StdCommand::new(assert_cmd::cargo::cargo_bin("cooptrack"))
        .env("NO_COLOR", "1")
        .env("COOPTRACK_LANG", "zh")
        .env_remove("COOPTRACK_DIR")
        .env_remove("COLUMNS")
        .current_dir(std::env::temp_dir())
        .arg("--dir")
        .arg(bundled())
        .arg("list")
        .stderr(std::process::Stdio::from(slave))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout, piped(&["list"], 80));
    assert!(crate::common::assert_tables_aligned(&stdout, 80) > 0);
}

#[cfg(unix)]
/// What `cooptrack --dir <bundled> ARGS…` prints to a pipe, laid out for
/// `columns`.
fn piped(args: &[&str], columns: u16) -> String {
    stdout_of(cooptrack().args(args).env("COLUMNS", columns.to_string()))
}

#[cfg(unix)]
#[test]
fn long_output_on_a_terminal_is_paged_and_laid_out_for_its_width() {
    let expected = piped(&["list"], 100);
    let (shown, paged) = on_terminal(&["list"], 100, 30);
    assert_eq!(shown, "");
    assert_eq!(paged.as_deref(), Some(expected.as_str()));
    // --no-pager: straight to the terminal, still at its width.
    let (shown, paged) = on_terminal(&["list", "--no-pager"], 100, 30);
    assert_eq!((shown.as_str(), paged), (expected.as_str(), None));
    // Output that fits the terminal is not paged.
    let (shown, paged) = on_terminal(&["list", "--section", "2"], 90, 60);
    assert_eq!(
        (shown, paged),
        (piped(&["list", "--section", "2"], 90), None)
    );
    // A pipe is never paged.
    let tmp = tempfile::tempdir().unwrap();
    let paged = tmp.path().join("paged.txt");
    stdout_of(
        cooptrack()
            .arg("list")
            .env("COOPTRACK_PAGER", format!("cat > '{}'", paged.display())),
    );
    assert!(!paged.exists());
}

/// Whether process `pid` is still running (not a zombie).
#[cfg(unix)]
fn running(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit(')')
            .next()
            .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
    })
}

/// Ctrl-C while `less` shows a long list: cooptrack ignores it and waits
/// for the pager, as git does, so that no `less` is left on the terminal
/// without its parent. Run in a session of its own on a pseudo terminal,
/// under a shell that survives the Ctrl-C (as an interactive one does).
#[cfg(unix)]
#[test]
fn ctrl_c_while_paging_leaves_no_pager_behind() {
    use std::io::{Read, Write};
    use std::os::unix::process::CommandExt;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};
    let tmp = tempfile::tempdir().unwrap();
    let pid_file = tmp.path().join("pager.pid");
    let status_file = tmp.path().join("status");
    let (mut master, slave) = pseudo_terminal(100, 12);
    let mut cmd = StdCommand::new("sh");
    cmd.arg("-c")
        .arg("trap : INT; \"$@\"; echo \"$?\" > \"$STATUS\"; exec sleep 30")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_cooptrack"))
        .arg("--dir")
        .arg(bundled())
        .arg("list")
        .env("NO_COLOR", "1")
        .env("COOPTRACK_LANG", "zh")
        .env("TERM", "xterm")
        .env("STATUS", &status_file)
        .env(
            "COOPTRACK_PAGER",
            format!("echo $$ > '{}'; exec less", pid_file.display()),
        )
        .env_remove("LESS")
        .env_remove("COOPTRACK_DIR")
        .env_remove("COLUMNS")
        .current_dir(tmp.path())
        .stdin(std::process::Stdio::from(slave.try_clone().unwrap()))
        .stderr(std::process::Stdio::from(slave.try_clone().unwrap()))
        .stdout(std::process::Stdio::from(slave));
    // SAFETY: setsid and ioctl are async-signal-safe; the child gets a
    // session of its own whose controlling terminal is the pseudo terminal.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut shell = cmd.spawn().unwrap();
    drop(cmd);
    let shown = Arc::new(Mutex::new(Vec::new()));
    let mut reader = master.try_clone().unwrap();
    let sink = Arc::clone(&shown);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let wait_for = |what: &str, done: &dyn Fn() -> bool| {
        let started = Instant::now();
        while !done() {
            assert!(started.elapsed() < Duration::from_secs(20), "no {what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait_for("pager", &|| {
        std::fs::read_to_string(&pid_file).is_ok_and(|p| p.ends_with('\n'))
    });
    let pager: i32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // The pager has drawn its first screen (the first lead's heading).
    wait_for("first screen", &|| {
        String::from_utf8_lossy(&shown.lock().unwrap()).contains("牵头单位")
    });
    master.write_all(b"\x03").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let ended = std::fs::read_to_string(&status_file).ok();
    let pager_left = running(pager);
    // Whatever happened, quit the pager and end the shell (both ours).
    master.write_all(b"q").unwrap();
    if ended.is_some() && pager_left {
        // SAFETY: kill(2) on the pager this test started.
        unsafe { libc::kill(pager, libc::SIGKILL) };
    }
    assert!(
        ended.is_none() || !pager_left,
        "cooptrack ended ({ended:?}) on Ctrl-C and left less ({pager}) running"
    );
    assert!(pager_left, "Ctrl-C ended the pager itself");
    wait_for("cooptrack's end", &|| {
        std::fs::read_to_string(&status_file).is_ok_and(|s| s.ends_with('\n'))
    });
    assert_eq!(std::fs::read_to_string(&status_file).unwrap(), "0\n");
    assert!(!running(pager), "less is still running");
    let _ = shell.kill();
    let _ = shell.wait();
}

// ---------------------------------------------------------- small items

#[test]
fn a_section_outside_the_plan_is_a_usage_error_naming_the_range() {
    for section in ["8", "八", "99"] {
        cooptrack()
            .args(["list", "--section", section])
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!(
                "cooptrack: 错误：篇章 {} 不存在：应为 1–7（或 一–七）\n",
                if section == "99" { "99" } else { "8" }
            ));
    }
    cooptrack()
        .args(["list", "--section", "七", "--format", "json"])
        .assert()
        .success();
}

#[test]
fn an_extension_is_recorded_as_granted_on_its_date() {
    let repo = Repo::new();
    let run = repo.run(&[
        "update",
        "1.1",
        "--due",
        "2023-06-30",
        "--reason",
        "受疫情影响，经区政府督查室同意延期",
        "--date",
        "2022-11-15",
        "--as-of",
        "2022-12-20",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = repo.read("1.1");
    assert!(
        text.contains(
            "extensions:\n  - date: 2022-11-15\n    from: 2022-12-31\n    to: 2023-06-30\n"
        ),
        "{text}"
    );
    assert!(text.contains("progress: []\n"), "no progress entry: {text}");
    // A date still to come, or before the plan, is refused.
    let run = repo.run(&[
        "update",
        "1.2",
        "--due",
        "2023-06-30",
        "--reason",
        "x",
        "--date",
        "2023-01-01",
        "--as-of",
        "2022-12-20",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("晚于今天（2022-12-20）"),
        "{}",
        run.stderr
    );
    // --date alone still needs a note, a status or a deadline.
    let run = repo.run(&["update", "1.2", "--date", "2022-01-01"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--date 也可与 --due 同用"),
        "{}",
        run.stderr
    );
}

#[test]
fn imported_task_files_start_with_the_schema_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tasks");
    let notice = bundled()
        .parent()
        .unwrap()
        .join("tests/fixtures/tongnan-2018-notice.txt");
    let run = crate::repo::run(bare().arg("--dir").arg(&dir).arg("import").arg(&notice));
    assert_eq!(run.code, 0, "{}", run.stderr);
    for id in ["1.1", "4.3", "7.2"] {
        let text = std::fs::read_to_string(dir.join(format!("{id}.yaml"))).unwrap();
        assert!(
            text.starts_with(&format!(
                "# yaml-language-server: $schema=task.schema.json\nid: \"{id}\"\n"
            )),
            "{id}: {text}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("task.schema.json")).unwrap(),
        stdout_of(bare().arg("schema"))
    );
}
