//! clap in Chinese: the help texts (headings, the help and version flags,
//! possible values, defaults) and the usage errors, for zh mode. English
//! mode keeps clap's own texts.
//!
//! The commands' and arguments' own texts are written in English in
//! `cli.rs` (its doc comments); their Chinese is [`HELP`], keyed by the
//! subcommand's name and the argument's id. A test checks that each text
//! has its translation and each translation its text.
//!
//! Help: after the command tree is built (so that clap's own `--help`,
//! `--version` and `help` exist and the global options are copied into
//! every subcommand), each argument gets a Chinese heading — 参数,
//! 选项, or 全局选项 for the options every subcommand takes — and its
//! possible values, default and environment variable move into its help
//! text, in Chinese. Errors: [`ZhFormatter`] writes each kind of clap
//! error as one Chinese sentence, with the suggestion clap found, and
//! where to read the usage.

use std::fmt::Write as _;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Arg, Command};

const ARGUMENTS: &str = "参数";
const OPTIONS: &str = "选项";
const GLOBAL_OPTIONS: &str = "全局选项";

const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// What the program is, in `cooptrack --help`.
const ABOUT: &str = "川渝合作任务台账：查询、校验按牵头部门分组的任务（YAML 文件）";
const LONG_ABOUT: &str =
    "cooptrack 管理以 YAML 文件保存在 git 中的任务台账（tasks/ 目录），按牵头部门分组查询、校验任务。";

/// The `--commit` of the commands that change the plan or the registry.
const COMMIT_ZH: &str =
    "写入后用 git 提交所写文件（plan.yaml、departments.yaml、Schema 和 .gitignore 尚未纳入 git 时一并提交）";

/// The Chinese of each subcommand's about (keyed by its name) and of each
/// argument's help (`subcommand.id`; `.id` for the global options).
const HELP: &[(&str, &str)] = &[
    (".dir", "任务目录（默认：从当前目录向上查找 tasks/）"),
    (".color", "何时使用颜色（也遵循 NO_COLOR 环境变量）"),
    (".lang", "输出语言：zh 中文、en 英文（默认按系统语言环境：中文环境为 zh，否则 en）"),
    (".as_of", "以此日期为“今天”（YYYY-MM-DD），使输出可复现"),
    (".max_file_size", "单个文件的大小上限，超过即拒绝读取（如 4M、512K、1048576）"),
    (".no_pager", "不用分页器（默认：输出到终端且超过一屏时用 $COOPTRACK_PAGER、$PAGER 或 less -FRX 分页）"),
    ("list", "按牵头部门分组列出任务"),
    ("show", "显示一项任务的全部内容"),
    ("depts", "列出部门及其牵头、配合任务数和状态统计；登记、更名或合并部门"),
    ("depts add", "按现名登记一个部门"),
    ("depts add.name", "部门的现用全称"),
    ("depts add.aliases", "常用简称（可重复）"),
    ("depts add.commit", COMMIT_ZH),
    ("depts rename", "部门自某日起更名（此前仍用原名）"),
    ("depts rename.old", "部门的现名（或简称）"),
    ("depts rename.new", "新名称"),
    ("depts rename.on", "新名称启用的日期"),
    ("depts rename.commit", COMMIT_ZH),
    ("depts merge", "若干部门自某日起合并为一个新单位（此前各用其名）"),
    ("depts merge.merged", "被合并部门的现名（或简称），至少两个"),
    ("depts merge.into", "合并后单位的新名称"),
    ("depts merge.on", "合并生效的日期"),
    ("depts merge.commit", COMMIT_ZH),
    ("plan", "修改计划文件：增加篇章"),
    ("plan heading", "计划的篇章"),
    ("plan heading add", "在最后一个篇章之后增加一个篇章"),
    ("plan heading add.title", "篇章标题，如 推动生态环境联防联控联治"),
    ("plan heading add.label", "篇章序号（默认：括号中的中文数字，如 (八)）"),
    ("plan heading add.commit", COMMIT_ZH),
    ("validate", "校验任务目录，报告全部问题"),
    ("update", "更新任务：状态、进展、延期、部门"),
    ("add", "新增任务"),
    ("edit", "用 $VISUAL 或 $EDITOR 编辑任务文件：保存时校验，通过校验才写入"),
    ("edit.id", "任务编号，如 1.1"),
    ("edit.commit", "写入后用 git 提交该文件（提交说明自动生成）"),
    ("fmt", "把任务文件整理为规范格式（--check 只检查）"),
    ("log", "任务的变更历史：git 提交与进展记录"),
    ("import", "从任务分解通知（纯文本）导入任务"),
    ("report", "督查报告：总体情况、各牵头单位、通报、本期进展、台账"),
    ("targets", "年度工作计划：生成某年各任务年度目标和时间节点的填报表，或读回填好的表"),
    ("forms", "生成各单位的进展填报表（.xlsx，每单位一份）"),
    ("collect", "收集填好的填报表，写入进展记录"),
    ("close-plan", "结束计划：标记计划已结束，列出每项尚待决定的任务"),
    ("carry-over", "把任务结转到后续计划的任务目录（双向链接）"),
    ("init", "建立新计划的任务目录：plan.yaml、部门名录、Schema、.gitignore"),
    ("git-setup", "为本仓库设置任务文件的合并驱动（.gitattributes 和 git 配置）"),
    ("merge-driver", "git 合并驱动：按字段三方合并一个任务文件（由 git 调用，不在命令列表中）"),
    ("schema", "输出任务文件的 JSON Schema（draft-07），供编辑器校验"),
    ("completions", "输出 shell 补全脚本（补全子命令、参数、部门名称和任务编号）"),
    ("man", "生成手册页（man cooptrack，每个子命令一页）"),
    ("targets.year", "生成该年度的年度工作计划表（各未完成任务的年度目标和时间节点待填）"),
    ("targets.collect", "读回填好的年度工作计划表，设定各任务的年度目标（整表写入或整表不写）"),
    ("targets.output", "写入的文件（默认当前目录下的“年份年度工作计划.xlsx”）"),
    ("targets.dry_run", "与 --collect 同用：只显示将设定的目标，不修改任何文件"),
    ("targets.commit", "与 --collect 同用：写入后用 git 提交改动的任务文件"),
    ("forms.period", "报送期：季度如 2020Q2，或月份如 2020-06"),
    ("forms.dept", "只生成这些单位的填报表（可多次给出）"),
    ("forms.due_by", "报送截止日期，印在表头"),
    ("forms.output", "填报表写入的目录（默认当前目录；不存在则创建）"),
    ("collect.files", "填好的填报表（.xlsx）"),
    ("collect.dry_run", "只显示将写入的进展，不修改任何文件"),
    ("collect.replace", "同一单位同一报送期的另一份填报表：以本表替换已收集的进展"),
    ("collect.format", "text：每份填报表的处理结果；json：同样内容供脚本读取（每份表的各行、每个任务文件写入的进展、拒收原因、提交说明，以及未报送单位）"),
    ("collect.commit", "每份填报表写入后作一次 git 提交"),
    ("merge-driver.base", "共同祖先版本（%O）"),
    ("merge-driver.ours", "本方版本（%A），合并结果写回此文件"),
    ("merge-driver.theirs", "对方版本（%B）"),
    ("merge-driver.path", "文件在仓库中的路径（%P）"),
    ("merge-driver.marker_size", "冲突标记的长度（%L）"),
    ("completions.shell", "bash、zsh、fish 或 powershell"),
    ("schema.of", "file：任务文件（YAML）的 Schema（默认）；json：list/show --format json 输出中每项任务的 Schema"),
    ("man.out_dir", "写入该目录（每个子命令一页）；省略时把主手册页输出到标准输出"),
    ("list.dept", "只列出该部门牵头或配合的任务（现名、曾用名或简称均可，如 区发改委）；多个部门可重复给出或用逗号分隔"),
    ("list.all", "列出全部部门的任务：不只是 .cooptrack.toml 中 dept 指定的部门"),
    ("list.sort", "任务的顺序：id 按编号（默认）、due 完成时限最早的在前、status 按状态"),
    ("list.limit", "最多列出这么多项任务（排序之后）"),
    ("list.bom", "用 --format csv 时：即使输出到管道也以 UTF-8 BOM 开头（输出到文件时总会加上，供 Excel 识别）"),
    ("depts.bom", "用 --format csv 时：即使输出到管道也以 UTF-8 BOM 开头（输出到文件时总会加上，供 Excel 识别）"),
    ("list.role", "与 --dept 合用：lead 牵头、support 配合、any 两者"),
    ("list.status", "只列出该状态：未启动 推进中 已完成 滞后 已取消（或 not_started in_progress done delayed cancelled；也可写 完成 进行中 取消 未开始）；多个状态可重复给出或用逗号分隔"),
    ("list.section", "只列出该篇章（1–7 或 一–七）"),
    ("list.search", "只列出编号、标题或内容含该文字的任务"),
    ("list.overdue", "只列出逾期任务：未完成、未取消且完成时限早于今天（或 --as-of）"),
    ("show.ids", "任务编号，如 1.1（可给出多个）"),
    ("validate.strict", "把警告也当作错误（退出码 1）"),
    ("validate.staged", "检查已暂存、将要提交的文件（git 索引），而不是工作区中的文件"),
    ("git-setup.hook", "同时安装 pre-commit 钩子，提交前运行 validate --staged（优先用 PATH 中的 cooptrack，否则用本程序）"),
    ("update.id", "任务编号，如 1.1"),
    ("update.status", "新状态：未启动 推进中 已完成 滞后 已取消（或英文别名）；记入进展记录"),
    ("update.note", "追加一条进展记录"),
    ("update.problems", "进展记录的“存在问题”"),
    ("update.next_steps", "进展记录的“下步打算”"),
    ("update.date", "进展记录的日期（默认今天）"),
    ("update.period", "进展记录所属的报送期（如 2020Q2）：日期须在该期内或期满后 15 天内"),
    ("update.by", "报送单位：须为该任务的牵头或责任部门；任务只有一个牵头部门时可省略"),
    ("update.due", "新的完成时限（延期），须同时写明 --reason"),
    ("update.reason", "延期理由"),
    ("update.add_lead", "增加牵头部门"),
    ("update.remove_lead", "移除牵头部门"),
    ("update.add_responsible", "增加责任部门"),
    ("update.remove_responsible", "移除责任部门"),
    ("update.target", "设置任务某年度的年度目标（年份），与 --goal 同用"),
    ("update.milestone", "设置该年度目标的时间节点（节点日期），与 --goal 同用"),
    ("update.goal", "--target 或 --milestone 的目标内容"),
    ("update.format", "text：文字说明；json：写入了什么（文件、任务、新增的进展记录、状态、完成时限和部门的变动、提交说明），供脚本读取"),
    ("update.commit", "写入后用 git 提交该文件（提交说明自动生成）"),
    ("update.reformat", "无法就地修改时，按规范格式重写整个文件（保留顶层注释）"),
    ("add.section", "所属篇章（1–7 或 一–七）"),
    ("add.title", "任务标题"),
    ("add.text", "任务全文（默认：标题加句号）"),
    ("add.lead", "牵头部门（可重复）"),
    ("add.responsible", "责任部门（可重复）"),
    ("add.due", "完成时限（默认：计划期末，如 2022-12-31）"),
    ("add.id", "指定编号（默认：该篇章下一个未用的编号）"),
    ("add.commit", "写入后用 git 提交该文件（plan.yaml、departments.yaml、Schema 和 .gitignore 尚未纳入 git 时一并提交）"),
    ("add.format", "text：一句说明；json：写入了什么（文件、任务编号和标题、提交说明），供脚本读取"),
    ("fmt.check", "只检查：有文件需要规范化时列出并以退出码 1 结束（用于 CI 和 pre-commit）"),
    ("fmt.ids", "只处理这些任务（默认全部）"),
    ("log.id", "任务编号，如 1.1"),
    ("report.period", "本期进展的报告期：月（2019-03）、季度（2019Q1）、半年（2019H1）、年（2019）、若干年（2018-2022）或整个计划（plan）；默认截至日期所在季度"),
    ("problems", "问题清单：各单位本期提出的存在问题，及其为新提出、持续或已解决"),
    ("problems.period", "报送期：月（2020-06）或季度（2020Q2）；默认截至日期所在的报送期"),
    ("problems.dept", "只列该部门的问题"),
    ("collect.late", "收集报送窗口之后才交回的填报表，记为逾期补报（late: true），仍计入该报送期"),
    ("assess", "年度评估：按计划的评分规则为各单位评分、排名，列出每项得分所依据的数字"),
    ("assess.year", "评估年度，如 2021（须在计划期内）"),
    ("assess.format", "输出格式（默认：按 -o 的扩展名，否则 table）"),
    ("assess.output", "写入文件；格式取自扩展名：.xlsx .md .json .txt；- 表示标准输出（xlsx 须写入文件或管道）"),
    ("remind", "催报：为本期未报送或部分任务未报送进展的单位各生成一条催报短信，或生成一页催报通知（-o 催报通知.docx）"),
    ("remind.format", "text：每个单位一条短信；json：同样内容的数据；docx：催报通知（默认：按 -o 的扩展名，否则 text）"),
    ("remind.output", "写入文件；格式取自扩展名：.docx（催报通知，一页，版式同通报）.json .txt；- 表示标准输出"),
    ("remind.period", "报送期：月（2020-06）或季度（2020Q2）；默认截至日期所在的报送期"),
    ("remind.due_by", "报送截止日期；默认为本期报送的最后一天（期满后 15 天），且不早于今天起 5 天"),
    ("report.dept", "只报告该部门牵头或配合的任务"),
    ("report.names", "部门名称：current 按截至日期的现名（默认），as-written 按通知原文"),
    ("report.format", "输出格式（默认：按 -o 的扩展名，否则 table）"),
    ("report.wide", "终端中总用完整版式（默认：各表都排得下时才用完整版式，否则用窄版式，数字、日期、部门名称不折行）"),
    ("report.output", "写入文件；格式取自扩展名：.xlsx .docx .html .md .json .txt；- 表示标准输出（xlsx、docx 须写入文件或管道）"),
    ("report.number", "通报（docx）的发文字号，如 潼督〔2020〕5号"),
    ("report.issuer", "通报（docx）的发文机关；默认为计划的 supervision_office"),
    ("report.date", "通报（docx）的成文日期；默认为截至日期"),
    ("report.title", "通报（docx）的标题；默认为“关于某期任务推进情况的通报”"),
    ("report.cc", "通报（docx）版记的抄送单位，以逗号分隔；默认为计划的 bulletin.cc"),
    ("close-plan.dry_run", "只列出待决定的任务，不修改计划文件"),
    ("carry-over.id", "要结转的任务编号"),
    ("carry-over.to", "后续计划的任务目录（须有 plan.yaml）"),
    ("carry-over.new_id", "在后续计划中的编号（默认同号，已占用则取该篇章下一个编号）"),
    ("carry-over.due", "后续计划中的完成时限（默认其计划期末）"),
    ("carry-over.commit", "写入后用 git 提交两个文件"),
    ("init.dir", "新的任务目录（默认 ./tasks）；不存在时创建"),
    ("init.from", "上一计划的任务目录：沿用其部门名录（含曾用名、简称）、发文机关和篇章"),
    ("init.title", "计划名称（默认：有 --from 时把上一计划名称中的年份换成新期限；否则写入占位文字，validate 会提醒填写）"),
    ("init.period", "计划期限，如 2023-2027（默认：名称中写明的年份；否则有 --from 时紧接上一计划的五年，再否则为今年起五年）"),
    ("init.date", "计划的成文日期（默认今天，或 --as-of）"),
    ("import.notice", "通知的纯文本文件（UTF-8、GBK 或 GB18030）"),
    ("import.dry_run", "只显示将要做的改动，不写入任何文件"),
    ("import.reformat", "已有任务文件无法就地修改时，按规范格式重写（保留顶层注释）"),
    ("import.date", "计划的成文日期：通知中没有写明时必须给出；给出时以此为准"),
    ("import.encoding", "文本编码（默认自动识别）"),
];

fn help_zh(key: &str) -> Option<&'static str> {
    HELP.iter().find(|(k, _)| *k == key).map(|(_, zh)| *zh)
}

/// The command tree (not yet built) with its own texts in Chinese: the
/// abouts and the arguments' help. (clap's texts follow in [`localize`].)
pub fn translate(command: Command) -> Command {
    let command = command
        .about(ABOUT)
        .long_about(LONG_ABOUT)
        .mut_args(|arg| translate_arg(arg, ""));
    translate_subcommands(command, "")
}

/// The subcommands of `command` (whose key is `path`) in Chinese, and
/// theirs: a nested one's key is the names on the way, such as
/// `depts add`.
fn translate_subcommands(command: Command, path: &str) -> Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    names.iter().fold(command, |command, name| {
        let key = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        command.mut_subcommand(name, |sub| {
            let sub = match help_zh(&key) {
                Some(about) => sub.about(about),
                None => sub,
            };
            let sub = sub.mut_args(|arg| translate_arg(arg, &key));
            translate_subcommands(sub, &key)
        })
    })
}

fn translate_arg(arg: Arg, command: &str) -> Arg {
    match help_zh(&format!("{command}.{}", arg.get_id())) {
        Some(help) => arg.help(help),
        None => arg,
    }
}

/// The command tree with Chinese help. `command` is built here.
pub fn localize(mut command: Command) -> Command {
    command.build();
    localize_built(command)
}

fn localize_built(mut command: Command) -> Command {
    let usage = command.render_usage().to_string();
    let usage = usage
        .split_once(':')
        .map_or(usage.as_str(), |(_, rest)| rest)
        .trim()
        .replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>")
        .replace("[COMMAND]", "[命令]");
    command = command
        .help_template(TEMPLATE)
        .override_usage(usage)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .mut_args(localize_arg);
    if command.get_name() == "help" {
        command = command.about("显示本帮助，或给定子命令的帮助");
    }
    command.mut_subcommands(localize_built)
}

fn localize_arg(arg: Arg) -> Arg {
    let id = arg.get_id().as_str().to_string();
    let heading = if arg.is_global_set() {
        GLOBAL_OPTIONS
    } else if arg.is_positional() {
        ARGUMENTS
    } else {
        OPTIONS
    };
    let mut notes = Vec::new();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && !arg.is_hide_possible_values_set() {
        notes.push(format!("可选：{}", values.join("、")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let takes_values = arg.get_action().takes_values();
    if !defaults.is_empty() && takes_values && !arg.is_hide_default_value_set() {
        notes.push(format!("默认：{}", defaults.join("、")));
    }
    if let Some(env) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        notes.push(format!("环境变量：{}", env.to_string_lossy()));
    }
    let help = match id.as_str() {
        "help" => Some("显示帮助（-h 为摘要，--help 为详情）".to_string()),
        "version" => Some("显示版本".to_string()),
        _ => arg.get_help().map(ToString::to_string),
    };
    let with_notes = |text: Option<String>| {
        let text = text.unwrap_or_default();
        if notes.is_empty() {
            text
        } else if text.is_empty() {
            format!("（{}）", notes.join("；"))
        } else {
            format!("{text}（{}）", notes.join("；"))
        }
    };
    let long = arg.get_long_help().map(ToString::to_string);
    let mut arg = arg
        .help_heading(heading)
        .hide_possible_values(true)
        .hide_default_value(true)
        .hide_env(true)
        .help(with_notes(help));
    if long.is_some() || id == "help" {
        arg = arg.long_help(with_notes(long.filter(|_| id != "help")).to_string());
        if id == "help" {
            arg = arg.long_help("显示帮助（-h 为摘要，--help 为详情）");
        }
    }
    arg
}

/// clap's usage errors in Chinese.
pub struct ZhFormatter;

impl ErrorFormatter for ZhFormatter {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        let mut text = String::from("cooptrack: 错误：");
        text.push_str(&message(error));
        if let Some(path) = command_path(error) {
            let _ = write!(text, "\n（用 {path} --help 查看用法）");
        }
        text.push('\n');
        StyledStr::from(text)
    }
}

fn string(error: &clap::error::Error<ZhFormatter>, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `--status <S>` → `--status`: the flag as typed.
fn flag(raw: &str) -> &str {
    raw.split_whitespace().next().unwrap_or(raw)
}

fn did_you_mean(error: &clap::error::Error<ZhFormatter>, kind: ContextKind) -> String {
    match error.get(kind) {
        Some(ContextValue::String(s)) => format!("，是否应为“{s}”？"),
        Some(ContextValue::Strings(v)) if !v.is_empty() => {
            let names: Vec<String> = v.iter().map(|s| format!("“{s}”")).collect();
            format!("，是否应为{}？", names.join("或"))
        }
        _ => String::new(),
    }
}

fn message(error: &clap::error::Error<ZhFormatter>) -> String {
    let arg = string(error, ContextKind::InvalidArg).unwrap_or_default();
    let value = string(error, ContextKind::InvalidValue).unwrap_or_default();
    match error.kind() {
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(error)
                .map(ToString::to_string)
                .unwrap_or_default();
            format!("{}：{reason}", flag(&arg))
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{} 需要一个值", flag(&arg)),
        ErrorKind::InvalidValue => {
            let valid = string(error, ContextKind::ValidValue)
                .map(|v| format!("（可选：{v}）"))
                .unwrap_or_default();
            let hint = did_you_mean(error, ContextKind::SuggestedValue);
            format!("{} 的值“{value}”无效{hint}{valid}", flag(&arg))
        }
        ErrorKind::UnknownArgument => {
            let hint = did_you_mean(error, ContextKind::SuggestedArg);
            format!("未知参数“{arg}”{hint}")
        }
        ErrorKind::InvalidSubcommand => {
            let sub = string(error, ContextKind::InvalidSubcommand).unwrap_or_default();
            let hint = did_you_mean(error, ContextKind::SuggestedSubcommand);
            format!("未知子命令“{sub}”{hint}")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => {
            let names: Vec<String> = visible_subcommands();
            format!("缺少子命令，可用：{}", names.join("、"))
        }
        ErrorKind::ArgumentConflict => match string(error, ContextKind::PriorArg) {
            Some(prior) if prior != arg => format!("参数“{arg}”不能与“{prior}”同时使用"),
            _ => format!("参数“{arg}”只能给出一次"),
        },
        ErrorKind::NoEquals => format!("给 {} 赋值须用等号（{}=…）", flag(&arg), flag(&arg)),
        ErrorKind::TooManyValues => format!("{} 不接受多余的值“{value}”", flag(&arg)),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{} 的值的个数不对", flag(&arg))
        }
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_string(),
        _ => "命令行有误".to_string(),
    }
}

/// The names of the subcommands a user may type (not the hidden `man`).
fn visible_subcommands() -> Vec<String> {
    use clap::CommandFactory;
    super::Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect()
}

/// `cooptrack list`: the command whose usage the error is about, from the
/// usage clap attached (the words before the first `[` or `<`).
fn command_path(error: &clap::error::Error<ZhFormatter>) -> Option<String> {
    let usage = string(error, ContextKind::Usage)?;
    let usage = usage
        .split_once(':')
        .map_or(usage.as_str(), |(_, rest)| rest);
    let words: Vec<&str> = usage
        .split_whitespace()
        .take_while(|w| !w.starts_with(['[', '<']))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> String {
        let command = localize(translate(crate::cli::Cli::command()));
        match command.try_get_matches_from(args) {
            Ok(_) => String::new(),
            Err(err) => err.apply::<ZhFormatter>().render().to_string(),
        }
    }

    #[test]
    fn unknown_flags_and_subcommands_get_chinese_errors_with_suggestions() {
        assert_eq!(
            parse(&["cooptrack", "list", "--dpt", "x"]),
            "cooptrack: 错误：未知参数“--dpt”，是否应为“--dept”？\n（用 cooptrack list --help 查看用法）\n"
        );
        assert_eq!(
            parse(&["cooptrack", "lst"]),
            "cooptrack: 错误：未知子命令“lst”，是否应为“list”？\n（用 cooptrack --help 查看用法）\n"
        );
    }

    #[test]
    fn a_missing_subcommand_lists_the_visible_ones() {
        let text = parse(&["cooptrack", "--as-of", "2020-01-01"]);
        assert!(
            text.starts_with("cooptrack: 错误：缺少子命令，可用：list、show、"),
            "{text}"
        );
        assert!(text.contains("、completions、man\n"), "{text}");
    }

    /// The catalog's keys: each subcommand's name and each argument's
    /// `subcommand.id` (`.id` at the top), with the English text it has.
    fn texts() -> Vec<(String, String)> {
        let command = crate::cli::Cli::command();
        let mut texts = Vec::new();
        let args = |prefix: &str, c: &Command, texts: &mut Vec<(String, String)>| {
            for arg in c.get_arguments() {
                if let Some(help) = arg.get_help() {
                    texts.push((format!("{prefix}.{}", arg.get_id()), help.to_string()));
                }
            }
        };
        args("", &command, &mut texts);
        let mut subs: Vec<(String, &Command)> = command
            .get_subcommands()
            .map(|c| (c.get_name().to_string(), c))
            .collect();
        while let Some((name, sub)) = subs.pop() {
            if let Some(about) = sub.get_about() {
                texts.push((name.clone(), about.to_string()));
            }
            args(&name, sub, &mut texts);
            subs.extend(
                sub.get_subcommands()
                    .map(|c| (format!("{name} {}", c.get_name()), c)),
            );
        }
        texts
    }

    #[test]
    fn every_text_has_its_chinese_and_every_chinese_its_text() {
        let texts = texts();
        assert!(texts.len() > 90, "{texts:?}");
        for (key, english) in &texts {
            assert!(
                help_zh(key).is_some(),
                "no Chinese for {key} (“{english}”): add it to HELP"
            );
            assert!(
                !english
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                    || key.ends_with(".dept")
                    || key.ends_with(".section")
                    || key.ends_with(".number"),
                "{key}: the text in cli.rs is English, its Chinese is in HELP: {english}"
            );
        }
        for (key, _) in HELP {
            assert!(
                texts.iter().any(|(k, _)| k == key),
                "HELP has {key}, which names no subcommand or argument"
            );
        }
        let mut keys: Vec<&str> = HELP.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), HELP.len(), "a key twice in HELP");
    }

    #[test]
    fn translated_help_is_chinese_and_the_english_stays_english() {
        let mut zh = localize(translate(crate::cli::Cli::command()));
        let help = zh
            .find_subcommand_mut("update")
            .unwrap()
            .render_help()
            .to_string();
        assert!(
            help.starts_with("更新任务：状态、进展、延期、部门\n"),
            "{help}"
        );
        assert!(help.contains("任务编号，如 1.1"), "{help}");
        assert!(
            help.contains("写入后用 git 提交该文件（提交说明自动生成）"),
            "{help}"
        );
        assert!(
            help.contains("以此日期为“今天”（YYYY-MM-DD），使输出可复现"),
            "{help}"
        );
        let mut en = crate::cli::Cli::command();
        let help = en
            .find_subcommand_mut("update")
            .unwrap()
            .render_help()
            .to_string();
        assert!(
            help.starts_with("Update a task: status, progress, extension, departments\n"),
            "{help}"
        );
    }

    #[test]
    fn help_has_chinese_headings_and_global_options_apart() {
        let mut command = localize(translate(crate::cli::Cli::command()));
        let list = command.find_subcommand_mut("list").unwrap();
        let help = list.render_help().to_string();
        assert!(help.contains("用法：cooptrack list [选项]"), "{help}");
        assert!(help.contains("\n选项:\n"), "{help}");
        assert!(help.contains("\n全局选项:\n"), "{help}");
        let (own, global) = help.split_once("全局选项:").unwrap();
        assert!(
            own.contains("--dept <") && !own.contains("--as-of <"),
            "{help}"
        );
        assert!(
            global.contains("--as-of <") && !global.contains("--dept <"),
            "{help}"
        );
        for english in [
            "Print help",
            "Possible values",
            "possible values",
            "default:",
            "Usage",
        ] {
            assert!(!help.contains(english), "{english}: {help}");
        }
    }
}
