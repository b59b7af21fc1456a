//! `cooptrack import`: the 2018 notice into an empty directory reproduces
//! the bundled tasks' source fields; a notice in the other common style
//! (full-width punctuation, 责任单位/配合单位, ①, trailing X牵头, GBK) imports
//! task by task; re-import changes only source fields; bad input is refused
//! with one line and nothing written; the parser never panics.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{bare, bundled, copy_bundled};
use cooptrack::import::{self, decode};
use cooptrack::model::{Plan, RegistryFile, Task};
use cooptrack::registry::Registry;
use tempfile::TempDir;

const TONGNAN: &str = "tests/fixtures/tongnan-2018-notice.txt";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/import").join(name)
}

/// The binary, colour off, messages in Chinese (what these tests read).
fn cmd() -> assert_cmd::Command {
    let mut cmd = bare();
    cmd.env("COOPTRACK_LANG", "zh");
    cmd
}

/// `cooptrack --dir DIR import NOTICE [extra…]`, run in a temp dir.
fn import(dir: &Path, notice: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    cmd()
        .current_dir(std::env::temp_dir())
        .arg("--dir")
        .arg(dir)
        .arg("import")
        .arg(notice)
        .args(extra)
        .assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).unwrap()
}

fn validate(dir: &Path) -> assert_cmd::assert::Assert {
    cmd()
        .current_dir(std::env::temp_dir())
        .arg("--dir")
        .arg(dir)
        .arg("validate")
        .assert()
}

fn read_task(path: &Path) -> Task {
    let text = fs::read_to_string(path).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every task file of a directory, by id, in natural order.
fn tasks_in(dir: &Path) -> Vec<Task> {
    let mut tasks: Vec<Task> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.ends_with(".yaml") && name != "plan.yaml" && name != "departments.yaml"
        })
        .map(|p| read_task(&p))
        .collect();
    tasks.sort_by(|a, b| cooptrack::ids::natural_cmp(&a.id, &b.id));
    tasks
}

/// Every file of a directory with its bytes, for "nothing changed" checks.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn source_fields(task: &Task) -> (String, u32, &str, u32, Option<&str>, &str, &str) {
    (
        task.id.clone(),
        task.section,
        task.heading.as_str(),
        task.number,
        task.numbered_as.as_deref(),
        task.title.as_str(),
        task.text.as_str(),
    )
}

#[test]
fn the_2018_notice_into_an_empty_directory_gives_the_bundled_source_fields() {
    let temp = TempDir::new().unwrap();
    let dir = temp.path().join("new/tasks");
    let assert = import(&dir, &root().join(TONGNAN), &[]).success();
    let out = stdout(&assert);

    let imported = tasks_in(&dir);
    let expected = tasks_in(&bundled());
    assert_eq!(imported.len(), 24);
    assert_eq!(
        imported.iter().map(|t| &t.id).collect::<Vec<_>>(),
        expected.iter().map(|t| &t.id).collect::<Vec<_>>()
    );
    for (got, want) in imported.iter().zip(&expected) {
        let id = &got.id;
        assert_eq!(source_fields(got), source_fields(want), "{id}");
        assert_eq!(got.responsible, want.responsible, "responsible of {id}");
        assert_eq!(got.lead_label, want.lead_label, "lead_label of {id}");
        if id == "5.1" || id == "5.2" {
            // The only difference allowed: the notice names no lead.
            assert!(got.lead.is_empty(), "{id}");
            assert!(!got.lead_provisional && got.lead_note.is_none(), "{id}");
            assert!(want.lead_provisional, "{id}");
        } else {
            assert_eq!(got.lead, want.lead, "lead of {id}");
        }
        assert_eq!(got.status.label(), "未启动", "{id}");
        assert_eq!(got.due.to_string(), "2022-12-31", "{id}");
        assert!(got.progress.is_empty() && got.extensions.is_empty(), "{id}");
        assert!(out.contains(&format!(
            "新增 {}：{}",
            dir.join(format!("{id}.yaml")).display(),
            want.title
        )));
    }

    // The plan file says what the bundled one says.
    let plan = |dir: &Path| -> Plan {
        serde_yaml::from_str(&fs::read_to_string(dir.join("plan.yaml")).unwrap()).unwrap()
    };
    let (got, want) = (plan(&dir), plan(&bundled()));
    assert_eq!(
        serde_json::to_value(&got).unwrap(),
        serde_json::to_value(&want).unwrap()
    );

    // The registry: every department in order of first appearance, under
    // the notice's names (the bundled registry knows them as former names).
    let registry: RegistryFile =
        serde_yaml::from_str(&fs::read_to_string(dir.join("departments.yaml")).unwrap()).unwrap();
    let names: Vec<&str> = registry
        .departments
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(names.len(), 23);
    assert_eq!(names[..3], ["区环保局", "区农委", "区水务局"]);
    let bundled_registry: RegistryFile =
        serde_yaml::from_str(&fs::read_to_string(bundled().join("departments.yaml")).unwrap())
            .unwrap();
    let (bundled_registry, _) = Registry::new(bundled_registry);
    let resolved: Vec<usize> = names
        .iter()
        .map(|n| bundled_registry.index_of(n).unwrap())
        .collect();
    assert_eq!(resolved, (0..23).collect::<Vec<_>>());
    for name in &names {
        assert!(out.contains(&format!("新部门：{name}\n")), "{name}");
    }

    // The two tasks with no lead are reported, and validate fails on them.
    assert!(
        out.contains("未列明牵头部门：2 项任务已导入但 lead 为空"),
        "{out}"
    );
    assert!(out.contains("  5.1 推进就业市场一体化"));
    assert!(out.contains("  5.2 共构市场秩序和信用体系"));
    let check = validate(&dir).code(1);
    let report = stdout(&check);
    assert_eq!(report.matches("错误：缺少牵头部门").count(), 2, "{report}");
    assert!(
        report.contains("检查了 24 个任务文件：2 个错误"),
        "{report}"
    );
}

/// (id, numbered_as, heading, title, text, lead, lead_label, responsible)
type Expected<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a [&'a str],
    Option<&'a str>,
    &'a [&'a str],
);

const OTHER_STYLE: [Expected; 6] = [
    (
        "1.1",
        "①",
        "共建现代产业体系",
        "推动汽车摩托车产业协同发展",
        "推动汽车摩托车产业协同发展。支持区内企业与成都、遂宁等地整车企业开展配套合作，共建汽车零部件产业基地。",
        &["区经济信息委"],
        None,
        &["区高新区管委会", "区商务局"],
    ),
    (
        "1.2",
        "②",
        "共建现代产业体系",
        "共建特色消费品产业集群",
        "共建特色消费品产业集群。推动食品、纺织等特色产业协同发展，联合举办产销对接活动。",
        &["区商务局"],
        Some("牵头单位"),
        &["区农业农村委", "区市场监管局"],
    ),
    (
        "1.3",
        "③",
        "共建现代产业体系",
        "加快数字经济合作",
        "加快数字经济合作。推进5G网络共建共享，联合建设工业互联网平台。",
        &["区经济信息委", "区大数据发展局"],
        None,
        &[],
    ),
    (
        "2.1",
        "①",
        "共建基础设施网络",
        "推进交通互联互通",
        "推进交通互联互通。加快推进渝遂绵城际铁路前期工作，积极争取潼南至安岳高速公路纳入规划，推动毗邻地区公交一体化。",
        &["区交通局"],
        Some("牵头单位"),
        &["区发展改革委", "区规划自然资源局"],
    ),
    (
        "2.2",
        "②",
        "共建基础设施网络",
        "推动水利设施共建",
        "推动水利设施共建。联合实施琼江流域综合治理。",
        &["区水利局"],
        None,
        &["区生态环境局"],
    ),
    (
        "3.1",
        "①",
        "共建生态环境保护屏障",
        "加强跨界河流联防联治",
        "加强跨界河流联防联治。建立琼江、涪江跨界河流联合巡河机制，开展联合执法检查。",
        &["区生态环境局", "区水利局"],
        None,
        &["区农业农村委"],
    ),
];

#[test]
fn a_gbk_notice_in_the_other_style_imports_every_task() {
    let temp = TempDir::new().unwrap();
    let dir = temp.path().join("tasks");
    let assert = import(&dir, &fixture("other-style.gbk.txt"), &[]).success();
    let out = stdout(&assert);
    assert!(
        out.contains("（GBK/GB18030，自动识别）：3 个篇章，6 项任务"),
        "{out}"
    );

    let tasks = tasks_in(&dir);
    assert_eq!(tasks.len(), OTHER_STYLE.len());
    for (task, expected) in tasks.iter().zip(OTHER_STYLE) {
        let (id, numbered_as, heading, title, text, lead, lead_label, responsible) = expected;
        assert_eq!(task.id, id);
        assert_eq!(task.numbered_as.as_deref(), Some(numbered_as), "{id}");
        assert_eq!(task.heading, heading, "{id}");
        assert_eq!(task.title, title, "{id}");
        assert_eq!(task.text, text, "{id}");
        assert_eq!(task.lead, lead, "{id}");
        assert_eq!(task.lead_label.as_deref(), lead_label, "{id}");
        assert_eq!(task.responsible, responsible, "{id}");
        assert_eq!(task.due.to_string(), "2022-12-31", "{id}");
        assert!(!task.lead_provisional, "{id}");
    }

    let plan: Plan =
        serde_yaml::from_str(&fs::read_to_string(dir.join("plan.yaml")).unwrap()).unwrap();
    assert_eq!(
        plan.title,
        "重庆市潼南区人民政府办公室关于印发潼南区推进川渝毗邻地区合作重点任务（2020—2022年）的通知"
    );
    assert_eq!(plan.issuer, "重庆市潼南区人民政府办公室");
    assert_eq!(plan.date.to_string(), "2020-06-12");
    assert_eq!(
        plan.addressee.as_deref(),
        Some("区级各部门，各镇人民政府、街道办事处")
    );
    let parent = plan.parent.unwrap();
    assert_eq!(parent.number, "渝府办发〔2020〕134号");
    assert_eq!(
        parent.issuers,
        ["重庆市人民政府办公厅", "四川省人民政府办公厅"]
    );
    assert_eq!((plan.period.start, plan.period.end), (2020, 2022));
    assert_eq!(plan.working_group_office, "区发展改革委");
    assert_eq!(plan.supervision_office, "区政府督查办");
    let headings: Vec<(u32, Option<&str>, &str)> = plan
        .headings
        .iter()
        .map(|h| (h.number, h.label.as_deref(), h.title.as_str()))
        .collect();
    assert_eq!(
        headings,
        [
            (1, Some("（一）"), "共建现代产业体系"),
            (2, Some("（二）"), "共建基础设施网络"),
            (3, Some("（三）"), "共建生态环境保护屏障"),
        ]
    );
    // Every task names its lead: the new directory validates.
    validate(&dir).success();
}

#[test]
fn the_gbk_fixture_is_the_utf8_copy_encoded() {
    let gbk = fs::read(fixture("other-style.gbk.txt")).unwrap();
    let utf8 = fs::read_to_string(fixture("other-style.utf8.txt")).unwrap();
    let decoded = decode::decode(&gbk, None).unwrap();
    assert_eq!(decoded.text, utf8);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the GBK fixture must not be UTF-8"
    );
}

#[test]
fn encodings_are_detected_or_taken_from_the_flag() {
    let temp = TempDir::new().unwrap();
    let utf8 = fixture("other-style.utf8.txt");
    let gbk = fixture("other-style.gbk.txt");

    let out = stdout(&import(&temp.path().join("a"), &utf8, &[]).success());
    assert!(out.contains("（UTF-8，自动识别）"), "{out}");
    let out = stdout(&import(&temp.path().join("b"), &gbk, &["--encoding", "gbk"]).success());
    assert!(out.contains("（GBK）"), "{out}");
    let out = stdout(&import(&temp.path().join("c"), &gbk, &["--encoding", "gb18030"]).success());
    assert!(out.contains("（GB18030）"), "{out}");
    // The same tasks whichever way the text came in.
    let a = tasks_in(&temp.path().join("a"));
    assert_eq!(a, tasks_in(&temp.path().join("b")));
    assert_eq!(a, tasks_in(&temp.path().join("c")));

    // Forcing UTF-8 on GBK bytes: one line naming the file, exit 2, nothing written.
    let refused = import(&temp.path().join("d"), &gbk, &["--encoding", "utf-8"]).code(2);
    let err = stderr(&refused);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("other-style.gbk.txt: 不是有效的 UTF-8 文本"),
        "{err}"
    );
    assert!(!temp.path().join("d").exists());
}

#[test]
fn reimporting_over_the_bundled_tasks_keeps_an_update_and_validates() {
    let temp = TempDir::new().unwrap();
    let dir = copy_bundled(temp.path());
    let update = |args: &[&str]| {
        cmd()
            .current_dir(temp.path())
            .arg("--dir")
            .arg(&dir)
            .arg("update")
            .args(args)
            .assert()
            .success();
    };
    update(&[
        "1.1",
        "--status",
        "推进中",
        "--note",
        "已建立跨界河流监测信息共享机制",
        "--date",
        "2019-03-31",
    ]);
    update(&["1.2", "--due", "2023-06-30", "--reason", "受疫情影响延期"]);
    let before = snapshot(&dir);

    let assert = import(&dir, &root().join(TONGNAN), &[]).success();
    let out = stdout(&assert);
    assert_eq!(
        snapshot(&dir),
        before,
        "a re-import of the same notice changes nothing"
    );
    assert!(out.contains(&format!("无变化 {}", dir.join("1.1.yaml").display())));
    assert!(out.contains("（原文未列明牵头部门，保留暂定牵头部门：区发展改革委）"));
    assert!(
        out.contains("任务文件新增 0 个，更新 0 个，无变化 24 个；无新部门"),
        "{out}"
    );

    let task = read_task(&dir.join("1.1.yaml"));
    assert_eq!(task.status.label(), "推进中");
    assert_eq!(task.progress.len(), 1);
    let task = read_task(&dir.join("1.2.yaml"));
    assert_eq!(task.due.to_string(), "2023-06-30");
    assert_eq!(task.extensions.len(), 1);
    let task = read_task(&dir.join("5.1.yaml"));
    assert_eq!(task.lead, ["区发展改革委"]);
    assert!(task.lead_provisional);
    validate(&dir).success();
}

/// The 2018 notice with a few source fields changed.
fn revised_notice(temp: &Path) -> PathBuf {
    let notice = fs::read_to_string(root().join(TONGNAN)).unwrap();
    let revised = notice
        .replace(
            "4.加强区域环境风险防范。建立流域",
            "4.加强区域环境风险防控。建立流域",
        )
        .replace(
            "(牵头部门:区环保局,责任部门:区水务局)",
            "(牵头部门:区生态环境局,责任部门:区水务局、区应急局)",
        )
        .replace(
            "促进劳动力自由流动。",
            "促进劳动力自由流动。(牵头部门:区人力社保局)",
        )
        .replace(
            "飞地园区。(牵头部门:区高新区管委会、区农业园区管委会)\n",
            "飞地园区。(牵头部门:区高新区管委会、区农业园区管委会)\n3.共建川渝合作园区联盟。定期会商。(牵头部门:区发展改革委)\n",
        );
    assert_ne!(revised, notice);
    let path = temp.join("revised.txt");
    fs::write(&path, revised).unwrap();
    path
}

#[test]
fn reimporting_a_revised_notice_changes_only_source_fields() {
    let temp = TempDir::new().unwrap();
    let dir = copy_bundled(temp.path());
    cmd()
        .arg("--dir")
        .arg(&dir)
        .args([
            "update",
            "1.4",
            "--status",
            "推进中",
            "--note",
            "已建立联动机制",
        ])
        .args(["--date", "2019-05-01"])
        .assert()
        .success();
    // A hand-written comment inside the list the import appends to.
    let path_14 = dir.join("1.4.yaml");
    let text = fs::read_to_string(&path_14).unwrap();
    let commented = text.replace("  - 区水务局\n", "  - 区水务局 # 2019 年确认\n");
    assert_ne!(commented, text);
    fs::write(&path_14, &commented).unwrap();
    let notice = revised_notice(temp.path());
    let before_14 = read_task(&dir.join("1.4.yaml"));
    let before_52 = fs::read(dir.join("5.2.yaml")).unwrap();

    let assert = import(&dir, &notice, &[]).success();
    let out = stdout(&assert);
    assert!(out.contains(&format!(
        "更新 {}：加强区域环境风险防控",
        dir.join("1.4.yaml").display()
    )));
    assert!(out.contains("  title：加强区域环境风险防范 → 加强区域环境风险防控"));
    assert!(out.contains("  responsible：区水务局 → 区水务局、区应急局"));
    assert!(out.contains("  text：内容有改动"));
    assert!(out.contains("  lead：区发展改革委 → 区人力社保局"));
    assert!(out.contains(&format!(
        "新增 {}：共建川渝合作园区联盟",
        dir.join("7.3.yaml").display()
    )));
    assert!(out.contains("新部门：区应急局\n"));
    assert!(
        !out.contains("新部门：区生态环境局"),
        "known by its current name"
    );
    assert!(
        out.contains("任务文件新增 1 个，更新 2 个，无变化 22 个；新部门 1 个"),
        "{out}"
    );

    let after_14 = read_task(&dir.join("1.4.yaml"));
    let text = fs::read_to_string(&path_14).unwrap();
    assert!(
        text.contains("  - 区水务局 # 2019 年确认\n  - 区应急局\n"),
        "{text}"
    );
    assert_eq!(after_14.title, "加强区域环境风险防控");
    assert_eq!(after_14.responsible, ["区水务局", "区应急局"]);
    // 区生态环境局 is 区环保局's current name: the lead is unchanged.
    assert_eq!(after_14.lead, ["区环保局"]);
    assert_eq!(after_14.status, before_14.status);
    assert_eq!(after_14.progress, before_14.progress);
    assert_eq!(after_14.due, before_14.due);

    // The notice now names 5.1's lead: no longer provisional.
    let task = read_task(&dir.join("5.1.yaml"));
    assert_eq!(task.lead, ["区人力社保局"]);
    assert!(!task.lead_provisional && task.lead_note.is_none());
    // 5.2 still has none: its recorded decision stays, byte for byte.
    assert_eq!(fs::read(dir.join("5.2.yaml")).unwrap(), before_52);

    let task = read_task(&dir.join("7.3.yaml"));
    assert_eq!((task.section, task.number), (7, 3));
    // A new task file starts like its neighbours (the editor schema line).
    let first_line = |name: &str| {
        let text = fs::read_to_string(dir.join(name)).unwrap();
        text.lines().next().unwrap().to_string()
    };
    assert_eq!(first_line("7.3.yaml"), first_line("7.2.yaml"));
    assert_eq!(task.due.to_string(), "2022-12-31");
    validate(&dir).success();
}

#[test]
fn dry_run_shows_the_diff_and_writes_nothing() {
    let temp = TempDir::new().unwrap();
    // Into a directory that does not exist: it is not created.
    let new_dir = temp.path().join("absent/tasks");
    let out = stdout(&import(&new_dir, &root().join(TONGNAN), &["--dry-run"]).success());
    assert!(!temp.path().join("absent").exists());
    assert!(
        out.starts_with("预演（--dry-run，不写入任何文件）"),
        "{out}"
    );
    assert!(out.contains(&format!(
        "将新增 {}：加强跨界河流联防联控联治",
        new_dir.join("1.1.yaml").display()
    )));
    assert!(out.contains("+lead: []"));
    assert!(out.contains("预演结束：任务文件将新增 24 个"), "{out}");
    assert!(out.contains("未写入任何文件"));

    // Into an existing directory: byte for byte as before, with the diff shown.
    let dir = copy_bundled(temp.path());
    let before = snapshot(&dir);
    let notice = revised_notice(temp.path());
    let out = stdout(&import(&dir, &notice, &["--dry-run"]).success());
    assert_eq!(snapshot(&dir), before);
    let path = dir.join("1.4.yaml");
    let header = format!("--- {}\n+++ {}\n", path.display(), path.display());
    assert!(out.contains(&header), "{out}");
    assert!(out.contains("\n-title: 加强区域环境风险防范\n"), "{out}");
    assert!(out.contains("\n+title: 加强区域环境风险防控\n"), "{out}");
    assert!(out.contains("+  - 区应急局\n"));
    assert!(out.contains("+  - name: 区应急局\n"));
    assert!(out.contains("-lead_provisional: true\n"));
    assert!(
        out.contains("预演结束：任务文件将新增 1 个，将更新 2 个"),
        "{out}"
    );
}

/// (id, numbered_as, lead, lead_label, responsible)
type Row<'a> = (
    &'a str,
    Option<&'a str>,
    Vec<String>,
    Option<&'a str>,
    Vec<String>,
);

#[test]
fn a_task_without_departments_is_reported_and_validate_then_fails() {
    let temp = TempDir::new().unwrap();
    let dir = temp.path().join("tasks");
    let out = stdout(&import(&dir, &fixture("variants-crlf.txt"), &[]).success());
    assert!(
        out.contains("未列明牵头部门：1 项任务已导入但 lead 为空"),
        "{out}"
    );
    assert!(out.contains("  2.1 改善办学条件"));
    // The notice has no working-group office: the plan leaves it empty and says so.
    assert!(
        out.contains("注意：通知中找不到工作小组办公室（working_group_office）"),
        "{out}"
    );

    let tasks = tasks_in(&dir);
    let summary: Vec<Row> = tasks
        .iter()
        .map(|t| {
            (
                t.id.as_str(),
                t.numbered_as.as_deref(),
                t.lead.clone(),
                t.lead_label.as_deref(),
                t.responsible.clone(),
            )
        })
        .collect();
    let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        summary,
        [
            (
                "1.1",
                Some("1、"),
                s(&["县交通局"]),
                None,
                s(&["县财政局", "县自然资源局"])
            ),
            ("1.2", Some("2、"), s(&["县交通局"]), None, s(&[])),
            ("2.1", Some("（1）"), s(&[]), None, s(&[])),
            (
                "2.2",
                Some("(2)"),
                s(&["县教育局"]),
                Some("牵头单位"),
                s(&["县人社局"])
            ),
        ]
    );
    assert_eq!(
        tasks[0].text, "修建道路。按计划推进。",
        "wrapped over two CRLF lines"
    );
    assert_eq!(
        tasks[1].text, "修建桥梁。加快建设。",
        "junk glued to 2、 removed"
    );
    assert_eq!(tasks[0].due.to_string(), "2023-12-31");

    let check = validate(&dir).code(1);
    let report = stdout(&check);
    assert!(
        // Line 9: the schema line comes first.
        report.contains("2.1.yaml:9:1: 错误：缺少牵头部门"),
        "{report}"
    );
    assert!(report.contains("1 个错误"), "{report}");
}

#[test]
fn every_variant_of_the_issue_appears_in_a_fixture() {
    let fixtures = [
        fs::read_to_string(root().join(TONGNAN)).unwrap(),
        fs::read_to_string(fixture("other-style.utf8.txt")).unwrap(),
        fs::read_to_string(fixture("variants-crlf.txt")).unwrap(),
    ];
    let anywhere = |needle: &str| fixtures.iter().any(|f| f.contains(needle));
    let at_line_start = |needle: &str| {
        fixtures
            .iter()
            .any(|f| f.lines().any(|l| l.starts_with(needle)))
    };
    // Headings and item numbers.
    for marker in ["一、", "(一)", "（一）", "1.", "1、", "(2)", "（1）", "①"] {
        assert!(at_line_start(marker), "{marker}");
    }
    // ASCII and full-width punctuation, labels, trailing 牵头, several leads.
    for needle in [
        "(牵头部门:",
        "（牵头单位：",
        ",责任部门:",
        "；责任单位：",
        "；配合单位：",
        ";配合部门:",
        "，责任部门：",
        "(牵头单位:",
        "区水利局牵头；",
        "区大数据发展局牵头）",
        "(牵头部门:区教委、区卫生计生委)",
        "(牵头部门:区交委)",
        "2 m! S( n; R0 T1 ], ^0 \\",
        "I2.",
        "o(五)",
    ] {
        assert!(anywhere(needle), "{needle}");
    }
    // A task with no department at all, and text wrapped over lines.
    assert!(anywhere("促进劳动力自由流动。\n"));
    assert!(anywhere("推动食品、纺织等特色产业\n协同发展"));
}

#[test]
fn binary_and_garbage_input_is_refused_with_one_line_and_nothing_written() {
    let temp = TempDir::new().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "binary.bin",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01",
            "不是纯文本文件",
        ),
        (
            "bad.txt",
            &[0xff, 0xfe, 0x00, 0xd8, 0x41],
            "无法按 UTF-16LE 解码",
        ),
        (
            "prose.txt",
            "今天天气很好。\n没有任何任务。\n".as_bytes(),
            "没有找到任何任务",
        ),
        ("empty.txt", b"", "没有找到任何任务"),
    ];
    for (name, bytes, message) in cases {
        let path = temp.path().join(name);
        fs::write(&path, bytes).unwrap();
        let dir = temp.path().join(format!("{name}.tasks"));
        let refused = import(&dir, &path, &[]).code(2);
        let err = stderr(&refused);
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(err.contains(name) && err.contains(message), "{name}: {err}");
        assert!(!dir.exists(), "{name}: nothing written");
    }
    let missing = import(&temp.path().join("t"), &temp.path().join("nope.txt"), &[]).code(2);
    assert!(stderr(&missing).contains("nope.txt: 无法读取通知：文件不存在"));

    // Bytes that decode (as GB18030) to nonsense: a clear result, no panic.
    let noise: Vec<u8> = (0..4000u32)
        .map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes()[1] | 0x80)
        .collect();
    let path = temp.path().join("noise.txt");
    fs::write(&path, &noise).unwrap();
    let output = cmd()
        .arg("--dir")
        .arg(temp.path().join("noise"))
        .arg("import")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&output.stderr).lines().count(), 1);
}

#[test]
fn a_task_text_that_would_not_read_back_is_refused_or_written_whole() {
    // Found by the fuzzer: 70 `{` in a task's text. Whether the file layer
    // accepts it or not, the import never writes half a directory.
    let temp = TempDir::new().unwrap();
    let path = temp.path().join("braces.txt");
    let text = format!(
        "关于下达2020-2021年任务的通知\n二、主要任务\n(一)甲\n1.任务一。内容{}。(牵头部门:区甲局)\n",
        "{".repeat(70)
    );
    fs::write(&path, text).unwrap();
    let dir = temp.path().join("tasks");
    let output = cmd()
        .arg("--dir")
        .arg(&dir)
        .arg("import")
        .arg(&path)
        .args(["--date", "2020-03-01"])
        .output()
        .unwrap();
    match output.status.code() {
        Some(0) => assert!(read_task(&dir.join("1.1.yaml"))
            .text
            .contains(&"{".repeat(70))),
        Some(2) => {
            assert_eq!(String::from_utf8_lossy(&output.stderr).lines().count(), 1);
            assert!(!dir.exists());
        }
        other => panic!("exit {other:?}"),
    }
}

#[test]
fn characters_yaml_cannot_hold_are_dropped_so_the_task_can_be_written() {
    // Found by the fuzzer: U+FFFF (and control characters) in a task's text.
    let temp = TempDir::new().unwrap();
    let path = temp.path().join("controls.txt");
    fs::write(
        &path,
        "关于下达2020-2021年任务的通知\n二、主要任务\n(一)甲\n1.任务一。内容\u{ffff}完整\u{fffe}。(牵头部门:区甲局)\n",
    )
    .unwrap();
    let dir = temp.path().join("tasks");
    // The notice gives no date: the plan's comes from --date.
    import(&dir, &path, &["--date", "2020-03-01"]).success();
    assert_eq!(read_task(&dir.join("1.1.yaml")).text, "任务一。内容完整。");
}

#[test]
fn a_different_notice_is_not_imported_over_an_existing_plan() {
    let temp = TempDir::new().unwrap();
    let dir = copy_bundled(temp.path());
    let before = snapshot(&dir);
    let refused = import(&dir, &fixture("other-style.utf8.txt"), &[]).code(2);
    let err = stderr(&refused);
    assert!(err.contains("记录的是另一份通知"), "{err}");
    assert!(err.contains("请导入到新目录（--dir）"), "{err}");
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn duplicate_task_numbers_are_refused() {
    let temp = TempDir::new().unwrap();
    let path = temp.path().join("dup.txt");
    fs::write(
        &path,
        "关于下达2020-2021年任务的通知\n二、主要任务\n(一)甲\n1.任务一。(牵头部门:区甲局)\n1.任务二。(牵头部门:区乙局)\n",
    )
    .unwrap();
    let dir = temp.path().join("tasks");
    let err = stderr(&import(&dir, &path, &[]).code(2));
    assert!(
        err.contains("第 5 行：任务编号 1.1 与第 4 行的任务重复"),
        "{err}"
    );
    assert!(!dir.exists());
}

/// A small deterministic generator (xorshift), so that the property test
/// needs no extra crate and every run checks the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        let n = u64::try_from(n).expect("a small bound");
        usize::try_from(self.next() % n).expect("below a usize bound")
    }
}

/// The no-panic guarantee in CI (the fuzz target under fuzz/ explores
/// further, on nightly): 20,000 notices built from notice-like fragments,
/// forum junk and odd characters, each parsed and its tasks checked.
#[test]
fn the_parser_never_panics_on_generated_notices() {
    const FRAGMENTS: &[&str] = &[
        "一、",
        "二、主要工作任务",
        "三、",
        "(一)",
        "（二）",
        "(",
        "（",
        ")",
        "）",
        "1.",
        "2、",
        "(3)",
        "（4）",
        "①",
        "⑳",
        "㊿",
        "十一、",
        "推动",
        "合作。",
        "。",
        "，",
        ",",
        ";",
        "；",
        ":",
        "：",
        "、",
        "牵头部门:",
        "牵头单位：",
        "责任部门:",
        "责任单位：",
        "配合单位：",
        "配合部门:",
        "区环保局",
        "区农委、区水务局",
        "牵头",
        "配合",
        "等",
        "无",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\t",
        "\u{3000}",
        "2 m! S( n; R0 T1 ], ^0 \\",
        "+ l' G! z. V. I",
        "x1 y2 z3 ",
        "500吨级",
        "(2018-2022年)",
        "2018年8月17日",
        "二〇一八年八月十七日",
        "《规划》(渝府发〔2018〕24号)",
        "下设办公室在",
        "区政府督查室",
        "关于",
        "的通知",
        "\u{feff}",
        "é",
        "𝒳",
        "\u{0}",
        "99.",
        "0.",
        "100、",
        "1.5亿",
        "((((",
        "))))",
        "（（（",
        "。。。",
    ];
    let mut rng = Rng(0x2018_0817_c00f_7a11);
    for round in 0..20_000 {
        let pieces = 1 + rng.below(60);
        let mut text = String::new();
        for _ in 0..pieces {
            if rng.below(10) == 0 {
                // A random character, ASCII or not.
                let code = u32::try_from(rng.below(0x3_0000)).unwrap_or(0x3f);
                let c = char::from_u32(code).unwrap_or('?');
                text.push(c);
            } else {
                text.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]);
            }
        }
        let notice = import::parse_notice(&text);
        for task in &notice.tasks {
            assert!(
                cooptrack::ids::is_valid(&task.id()),
                "round {round}: {text:?}"
            );
            assert!(!task.text.is_empty(), "round {round}: {text:?}");
            assert!(
                task.text.starts_with(&task.title),
                "round {round}: {text:?}"
            );
        }
        let _ = decode::decode(text.as_bytes(), None);
    }
}

#[test]
fn a_lead_the_notice_omits_is_decided_with_update_add_lead() {
    let temp = TempDir::new().unwrap();
    let dir = temp.path().join("tasks");
    import(&dir, &root().join(TONGNAN), &[]).success();
    validate(&dir).code(1);
    // The only fault of 5.1 is its missing lead, so the edit that adds one
    // is allowed; anything else still has to be fixed first.
    let mut update = cmd();
    update
        .arg("--dir")
        .arg(&dir)
        .args(["update", "5.1", "--add-lead", "区发展改革委"])
        .assert()
        .success();
    assert_eq!(read_task(&dir.join("5.1.yaml")).lead, ["区发展改革委"]);
    let mut note = cmd();
    note.arg("--dir")
        .arg(&dir)
        .args(["update", "5.2", "--note", "x", "--by", "区发展改革委"])
        .assert()
        .code(2);
    let mut fix = cmd();
    fix.arg("--dir")
        .arg(&dir)
        .args(["update", "5.2", "--add-lead", "区发展改革委"])
        .assert()
        .success();
    validate(&dir).success();
}

/// `cooptrack --lang LANG --dir DIR import NOTICE [extra…]`, messages in LANG.
fn import_in(lang: &str, dir: &Path, notice: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    cmd()
        .current_dir(std::env::temp_dir())
        .args(["--lang", lang])
        .arg("--dir")
        .arg(dir)
        .arg("import")
        .arg(notice)
        .args(extra)
        .assert()
}

#[test]
fn a_report_in_english() {
    let temp = TempDir::new().unwrap();
    let en_dir = temp.path().join("en");
    let zh_dir = temp.path().join("zh");
    let notice = root().join(TONGNAN);
    let out = stdout(&import_in("en", &en_dir, &notice, &[]).success());
    let zh = stdout(&import_in("zh", &zh_dir, &notice, &[]).success());
    assert!(out.starts_with("importing notice "), "{out}");
    assert!(
        out.contains("(UTF-8, detected): 7 sections, 24 tasks"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "created {}: 加强跨界河流联防联控联治\n",
            en_dir.join("1.1.yaml").display()
        )),
        "{out}"
    );
    assert!(out.contains("new department: 区环保局\n"), "{out}");
    assert!(out.contains("no lead department named: "), "{out}");
    assert!(
        out.contains("import complete: 24 task files created, 0 updated, 0 unchanged"),
        "{out}"
    );
    for chinese in [
        "新增 ",
        "新部门",
        "注意：",
        "未列明",
        "个部门",
        "导入完成",
        "（",
    ] {
        assert!(!out.contains(chinese), "{chinese}: {out}");
    }
    assert!(zh.contains("导入完成：任务文件新增 24 个"), "{zh}");
    // The files do not depend on the language.
    assert_eq!(snapshot(&en_dir), snapshot(&zh_dir));

    // Re-import, dry run: the English summary, nothing written.
    let before = snapshot(&en_dir);
    let out = stdout(&import_in("en", &en_dir, &notice, &["--dry-run"]).success());
    assert_eq!(snapshot(&en_dir), before);
    assert!(
        out.starts_with("dry run (--dry-run, nothing is written): notice "),
        "{out}"
    );
    assert!(
        out.contains(&format!("unchanged {}", en_dir.join("1.1.yaml").display())),
        "{out}"
    );
    assert!(
        out.contains(
            "dry run complete: 0 task files would be created, 0 would be updated, 24 unchanged; no new departments; nothing was written"
        ),
        "{out}"
    );
}

#[test]
fn a_revised_notice_in_english_names_what_changes() {
    let temp = TempDir::new().unwrap();
    let notice = revised_notice(temp.path());
    let en_dir = copy_bundled(&temp.path().join("en"));
    let zh_dir = copy_bundled(&temp.path().join("zh"));
    let out = stdout(&import_in("en", &en_dir, &notice, &[]).success());
    let zh = stdout(&import_in("zh", &zh_dir, &notice, &[]).success());
    assert!(
        out.contains(&format!(
            "updated {}: 加强区域环境风险防控",
            en_dir.join("1.4.yaml").display()
        )),
        "{out}"
    );
    assert!(
        out.contains("  title: 加强区域环境风险防范 → 加强区域环境风险防控\n"),
        "{out}"
    );
    assert!(out.contains("new department: 区应急局\n"), "{out}");
    assert!(
        out.contains("import complete: 1 task file created, 2 updated"),
        "{out}"
    );
    assert!(
        zh.contains("导入完成：任务文件新增 1 个，更新 2 个"),
        "{zh}"
    );
    assert_eq!(snapshot(&en_dir), snapshot(&zh_dir));
}

#[test]
fn refusals_in_english() {
    let temp = TempDir::new().unwrap();
    let dir = temp.path().join("tasks");
    let missing = temp.path().join("absent.txt");
    let err = stderr(&import_in("en", &dir, &missing, &[]).failure());
    assert!(
        err.contains("cannot read the notice: no such file"),
        "{err}"
    );
    let empty = temp.path().join("empty.txt");
    fs::write(&empty, "nothing here\n").unwrap();
    let err = stderr(&import_in("en", &dir, &empty, &[]).failure());
    assert!(err.contains("no tasks found"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    let binary = temp.path().join("binary.txt");
    fs::write(&binary, b"\x00\x01\x02\x03").unwrap();
    let err = stderr(&import_in("en", &dir, &binary, &[]).failure());
    assert!(err.contains("not a plain text file"), "{err}");
    assert!(!dir.exists());
}
