//! The task model: what a task file, the department registry and the plan
//! file hold. Field names are the YAML keys users type by hand, so every
//! struct denies unknown fields: a typo such as `staus` must not pass.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::i18n::{self, Lang};
use crate::ids::TaskId;
use crate::tr;

/// 任务：一项工作任务，保存在 tasks/<编号>.yaml。 A task of the plan, stored in `tasks/<id>.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// 任务编号，“篇章号.序号”，如 "1.1"，与文件名一致，不可重复使用。 Stable id `<section>.<number>` such as "1.1"; equals the file name.
    #[schemars(regex(pattern = r"^[1-9][0-9]{0,8}\.[1-9][0-9]{0,8}$"))]
    pub id: String,
    /// 篇章号：(一) 为 1 …… (七) 为 7。 Heading number: 1 for (一) … 7 for (七).
    pub section: u32,
    /// 篇章标题。 Heading title, e.g. 推动生态环境联防联控联治.
    pub heading: String,
    /// 篇章内的序号。 Number of the task within its heading.
    pub number: u32,
    /// 原文序号写法（与“N.”不同时），如 (5)。 The number as the source wrote it, where it differs from `N.`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbered_as: Option<String>,
    /// 任务标题：全文第一句（不含句号）。 The task's title: its first sentence, without the 。.
    pub title: String,
    /// 任务全文。 The task's full text.
    #[serde(default)]
    pub text: String,
    /// 牵头部门，按通知原文名称；至少一个。 Lead departments, as the notice wrote them; at least one.
    #[serde(default, deserialize_with = "null_as_empty")]
    #[schemars(required, length(min = 1))]
    pub lead: Vec<String>,
    /// 原文对牵头部门的称谓（如“牵头单位”）。 The label the source used for the lead, where not 牵头部门.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_label: Option<String>,
    /// 牵头部门为暂定（原文未列明，由决定指定）。 True when the source names no lead and the lead is a recorded decision.
    #[serde(default, skip_serializing_if = "is_false")]
    pub lead_provisional: bool,
    /// 牵头部门的说明，暂定时须写明理由。 Why the lead is what it is; required when provisional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_note: Option<String>,
    /// 责任部门（配合单位），可为空。 Responsible (supporting) departments; may be empty.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub responsible: Vec<String>,
    /// 状态。 Status.
    pub status: Status,
    /// 完成时限（现行），YYYY-MM-DD。 Current deadline, YYYY-MM-DD.
    #[serde(with = "ymd")]
    #[schemars(with = "NaiveDate")]
    pub due: NaiveDate,
    /// 原定完成时限（首次延期前）。 The deadline before the first extension; late work is still judged against it.
    #[serde(default, with = "ymd_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<NaiveDate>")]
    pub original_due: Option<NaiveDate>,
    /// 延期记录，按时间先后。 Every deadline extension, oldest first.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub extensions: Vec<Extension>,
    /// 新增日期：计划印发后新增的任务自此日起存在（无此项即自计划印发日起）。
    /// The day the task was added after the plan was issued: before it,
    /// the task does not exist (without it, the task exists from the plan's date).
    #[serde(default, with = "ymd_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<NaiveDate>")]
    pub added: Option<NaiveDate>,
    /// 年度目标：每年的目标与时间节点（年度工作计划）。 Each year's target
    /// and its dated milestones (the working group's 年度工作计划), one per year.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub targets: Vec<Target>,
    /// 进展记录，按时间先后。 Progress log, oldest first.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub progress: Vec<ProgressEntry>,
    /// 结转去向：后续计划中的任务文件（相对路径）。 Where the task continues in the successor plan, relative to this directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_over_to: Option<String>,
    /// 结转来源：上一计划中的任务文件（相对路径）。 The task of the previous plan this one continues.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_over_from: Option<String>,
}

impl Task {
    /// A new task under `heading`: not started, no progress yet, no
    /// optional field set.
    pub fn new(id: TaskId, heading: &str, title: String, text: String, due: NaiveDate) -> Task {
        Task {
            id: id.to_string(),
            section: id.section,
            heading: heading.to_string(),
            number: id.number,
            numbered_as: None,
            title,
            text,
            lead: Vec::new(),
            lead_label: None,
            lead_provisional: false,
            lead_note: None,
            responsible: Vec::new(),
            status: Status::NotStarted,
            due,
            original_due: None,
            extensions: Vec::new(),
            added: None,
            targets: Vec::new(),
            progress: Vec::new(),
            carried_over_to: None,
            carried_over_from: None,
        }
    }

    /// The task as it continues in a successor plan (`carry-over`): the
    /// same title, text, departments and status under a new id, heading
    /// and deadline, with a fresh log.
    pub fn continued_as(&self, id: TaskId, heading: &str, due: NaiveDate) -> Task {
        Task {
            lead: self.lead.clone(),
            lead_label: self.lead_label.clone(),
            lead_provisional: self.lead_provisional,
            lead_note: self.lead_note.clone(),
            responsible: self.responsible.clone(),
            status: self.status,
            ..Task::new(id, heading, self.title.clone(), self.text.clone(), due)
        }
    }

    /// Every department the task names, leads first.
    pub fn departments(&self) -> impl Iterator<Item = &str> {
        self.lead
            .iter()
            .chain(self.responsible.iter())
            .map(String::as_str)
    }

    /// The task without its full text, for commands that never show it:
    /// the text is most of a task's size.
    pub fn without_text(mut self) -> Task {
        self.text = String::new();
        self
    }

    /// Not finished and due before `as_of`.
    pub fn is_overdue(&self, as_of: NaiveDate) -> bool {
        !self.status.is_closed() && self.due < as_of
    }

    /// The target the task has for `year`.
    pub fn target(&self, year: i32) -> Option<&Target> {
        self.targets.iter().find(|t| t.year == year)
    }

    /// Every milestone of every year, in the file's order.
    pub fn milestones(&self) -> impl Iterator<Item = &Milestone> {
        self.targets.iter().flat_map(|t| t.milestones.iter())
    }

    /// The first deadline, before any extension.
    pub fn first_due(&self) -> NaiveDate {
        self.original_due
            .or_else(|| self.extensions.first().map(|e| e.from))
            .unwrap_or(self.due)
    }
}

/// 一条进展记录。 One entry of a task's progress log.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressEntry {
    /// 报送日期。 Date of the report.
    #[serde(with = "ymd")]
    #[schemars(with = "NaiveDate")]
    pub date: NaiveDate,
    /// 所属报送期，如 2020Q2（从填报表收集或 update --period 记录）；无此项即按日期所在的报送期。
    /// The reporting period the entry belongs to (2020Q2, 2020-06, 2020), as
    /// a form or `update --period` records it; without it, the period of the plan's
    /// rhythm that contains its date.
    #[serde(
        default,
        deserialize_with = "period_id",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(regex(pattern = r"^[0-9]{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$"))]
    pub period: Option<String>,
    /// 报送单位：该任务的牵头或责任部门（状态变更也可由督查室记录）。 The reporting department.
    pub by: String,
    /// 进展内容。 What was done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// 本条记录的状态变更。 A status change recorded with this entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusChange>,
    /// 存在问题。 Problems the department reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problems: Option<String>,
    /// 下步打算。 What the department plans next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_steps: Option<String>,
    /// 来源：本条记录从何而来，如收集的填报表。 Where the entry came from,
    /// such as the form `collect` read it from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// 逾期补报：报送期的报送窗口之后才收到（`collect --late`），仍计入该期。
    /// A late reply: received after its period's window (`collect --late`);
    /// it still counts for the period.
    #[serde(default, skip_serializing_if = "is_false")]
    pub late: bool,
    /// 节点完成情况：本条记录报告的时间节点（by 为节点日期）是否完成。
    /// Whether the milestone due on `by` was met, as the entry reports it
    /// (a form's 节点完成情况).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<MilestoneReport>,
}

/// 一年的目标。 A task's target for one year, set in the 年度工作计划.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// 年度。 The year.
    pub year: i32,
    /// 年度目标。 The year's goal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// 时间节点，按日期先后，均在该年内。 Dated milestones within the year, in date order.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub milestones: Vec<Milestone>,
}

/// 时间节点。 A milestone: what is to be done by a date.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// 节点日期。 The day it is due.
    #[serde(with = "ymd")]
    #[schemars(with = "NaiveDate")]
    pub by: NaiveDate,
    /// 节点目标。 What is to be done by then.
    pub goal: String,
}

/// 节点完成情况。 An entry's report on one milestone.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneReport {
    /// 节点日期（对应 targets 中的 by）。 The milestone's date, as `targets` gives it.
    #[serde(with = "ymd")]
    #[schemars(with = "NaiveDate")]
    pub by: NaiveDate,
    /// 是否完成。 Whether it was met.
    pub met: bool,
}

/// 一次延期。 A deadline extension granted by the supervision office.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// 批准日期。 When it was granted.
    #[serde(with = "ymd")]
    #[schemars(with = "NaiveDate")]
    pub date: NaiveDate,
    /// 原时限。 Old deadline.
    #[serde(with = "ymd")]
    #[schemars(with = "NaiveDate")]
    pub from: NaiveDate,
    /// 新时限。 New deadline.
    #[serde(with = "ymd")]
    #[schemars(with = "NaiveDate")]
    pub to: NaiveDate,
    /// 延期理由。 Why the deadline moved.
    pub reason: String,
}

/// 状态变更。 A status change.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// 变更前。 Previous status.
    pub from: Status,
    /// 变更后。 New status.
    pub to: Status,
}

/// The supervision office's status vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    NotStarted,
    InProgress,
    Done,
    Delayed,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Done,
        Status::Delayed,
        Status::Cancelled,
    ];

    /// The Chinese label used in files and tables.
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "未启动",
            Status::InProgress => "推进中",
            Status::Done => "已完成",
            Status::Delayed => "滞后",
            Status::Cancelled => "已取消",
        }
    }

    /// The status as tables, reports and messages show it, in the chosen
    /// language. Files and JSON keep `label()`.
    pub fn display(self) -> &'static str {
        self.display_in(i18n::current())
    }

    pub fn display_in(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, _) => self.label(),
            (Lang::En, Status::NotStarted) => "Not started",
            (Lang::En, Status::InProgress) => "In progress",
            (Lang::En, Status::Done) => "Done",
            (Lang::En, Status::Delayed) => "Delayed",
            (Lang::En, Status::Cancelled) => "Cancelled",
        }
    }

    /// The English alias accepted on the command line and in files.
    pub fn key(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Delayed => "delayed",
            Status::Cancelled => "cancelled",
        }
    }

    /// Finished one way or the other: never overdue.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Cancelled)
    }

    /// Accepts the Chinese label or the English alias.
    pub fn parse(input: &str) -> Option<Status> {
        let input = input.trim();
        Status::ALL
            .into_iter()
            .find(|s| s.label() == input || s.key().eq_ignore_ascii_case(input))
    }

    /// Every accepted spelling, for an error message.
    pub fn expected_list() -> String {
        Status::ALL
            .iter()
            .map(|s| tr!("{}（{}）", "{1} ({0})", s.label(), s.key()))
            .collect::<Vec<_>>()
            .join(i18n::list_separator())
    }
}

impl schemars::JsonSchema for Status {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Status".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Status::ALL
            .iter()
            .flat_map(|s| [s.label(), s.key()])
            .collect();
        schemars::json_schema!({
            "description": "状态：未启动、推进中、已完成、滞后、已取消（或英文别名）。 Status, in Chinese or by its English alias.",
            "type": "string",
            "enum": names,
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl std::str::FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::parse(s).ok_or_else(|| {
            let expected = Status::expected_list();
            tr!(
                "无效的状态“{s}”，可用：{expected}",
                "invalid status “{s}”; use one of: {expected}"
            )
        })
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(ParseStr::new(("状态", "a status"), |raw| raw.parse()))
    }
}

/// Parses a string scalar inside the deserializer's visit, so that an
/// error carries the scalar's line:column and field name.
pub(crate) struct ParseStr<T> {
    /// What was expected, in Chinese and in English.
    expecting: (&'static str, &'static str),
    parse: fn(&str) -> Result<T, String>,
}

impl<T> ParseStr<T> {
    pub(crate) fn new(
        expecting: (&'static str, &'static str),
        parse: fn(&str) -> Result<T, String>,
    ) -> Self {
        ParseStr { expecting, parse }
    }
}

impl<T> serde::de::Visitor<'_> for ParseStr<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(i18n::pick(self.expecting.0, self.expecting.1))
    }

    fn visit_str<E: serde::de::Error>(self, raw: &str) -> Result<T, E> {
        (self.parse)(raw).map_err(E::custom)
    }
}

/// The department registry, `tasks/departments.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistryFile {
    pub departments: Vec<Department>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// The current (canonical) name.
    pub name: String,
    /// Names it had before, with the date each stopped being used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former: Vec<FormerName>,
    /// Short names (简称) people type, such as 区发改委: accepted wherever
    /// a department is named on the command line, never written to a file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// 联络员：催报时联系谁。 The unit's liaison, for reminders (`remind`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
}

/// 联络员。 Who to remind in a unit.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// 姓名。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 联系电话。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl Contact {
    /// The name and the phone, as people write them: "李明 13800000000";
    /// empty when neither is known.
    pub fn text(&self) -> String {
        [self.name.as_deref(), self.phone.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormerName {
    pub name: String,
    /// The day the new name took effect.
    #[serde(with = "ymd")]
    #[schemars(with = "NaiveDate")]
    pub until: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The plan file, `tasks/plan.yaml`: the notice the tasks come from.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub title: String,
    pub issuer: String,
    #[serde(with = "ymd")]
    #[schemars(with = "NaiveDate")]
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addressee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<ParentDocument>,
    pub period: Period,
    #[serde(default = "PlanStatus::active")]
    pub status: PlanStatus,
    /// The successor plan's directory, when `status: superseded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<String>,
    /// The day the plan was closed (`close-plan`).
    #[serde(default, with = "ymd_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<NaiveDate>")]
    pub ended_on: Option<NaiveDate>,
    pub working_group_office: String,
    pub supervision_office: String,
    /// 报送节奏。 How often departments report (default: quarterly, 90 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporting: Option<Reporting>,
    /// 通报的固定内容。 What every 通报 (`report --format docx`) says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bulletin: Option<Bulletin>,
    /// 年度评估的评分规则（`assess`）。 The rubric of the year's assessment
    /// of each unit (`assess`); the defaults where absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<Assessment>,
    pub headings: Vec<Heading>,
}

/// 年度评估的评分规则：三部分的权重（合计 100）与扣分。 The rubric of
/// `assess`: the weights of its three parts (0–100 each, 100 in all) and
/// the deductions. A weight left out takes its default (30, 40, 30).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// 报送：本年各报送期按时报送的比例（补报计半）。 Share of the year's
    /// reporting periods replied to on time (a late reply counts half).
    #[serde(default = "Assessment::default_reporting")]
    pub reporting: u32,
    /// 节点：本年到期的时间节点完成的比例。 Share of the unit's milestones
    /// due in the year that were met.
    #[serde(default = "Assessment::default_milestones")]
    pub milestones: u32,
    /// 完成：本年到期的任务按期完成的比例。 Share of its tasks due in the
    /// year done by their deadline.
    #[serde(default = "Assessment::default_completion")]
    pub completion: u32,
    /// 扣分。 Points taken off.
    #[serde(default)]
    pub deductions: Deductions,
}

/// 扣分项。 What takes points off a unit's score.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deductions {
    /// 评估日亮红灯的牵头任务，每项扣分（默认 2，可有两位小数）。 Points
    /// off per task the unit leads that is red on the assessment day
    /// (default 2; at most two decimals).
    #[serde(default = "Deductions::default_red_task")]
    pub red_task: f64,
}

impl Default for Assessment {
    fn default() -> Self {
        Assessment {
            reporting: Assessment::default_reporting(),
            milestones: Assessment::default_milestones(),
            completion: Assessment::default_completion(),
            deductions: Deductions::default(),
        }
    }
}

impl Default for Deductions {
    fn default() -> Self {
        Deductions {
            red_task: Deductions::default_red_task(),
        }
    }
}

impl Deductions {
    fn default_red_task() -> f64 {
        2.0
    }
}

impl Assessment {
    fn default_reporting() -> u32 {
        30
    }
    fn default_milestones() -> u32 {
        40
    }
    fn default_completion() -> u32 {
        30
    }

    /// What is wrong with the rubric, one message each: a weight above
    /// 100, weights not adding up to 100, a deduction below 0, above 100
    /// or with more than two decimals. `validate` and `assess` both ask.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let weights = [
            ("reporting", self.reporting),
            ("milestones", self.milestones),
            ("completion", self.completion),
        ];
        for (key, weight) in weights {
            if weight > 100 {
                problems.push(tr!(
                    "assessment.{key} 为 {weight}，权重应在 0 到 100 之间",
                    "assessment.{key} is {weight}: a weight is 0 to 100"
                ));
            }
        }
        let sum: u32 = weights.iter().map(|(_, w)| w).sum();
        if sum != 100 {
            problems.push(tr!(
                "assessment 的权重 reporting {}、milestones {}、completion {} 合计 {sum}，应为 100（未写出的取默认值 30、40、30）",
                "assessment's weights reporting {}, milestones {}, completion {} add up to {sum}, not 100 (one left out takes its default: 30, 40, 30)",
                self.reporting,
                self.milestones,
                self.completion
            ));
        }
        let red = self.deductions.red_task;
        let cents = red * 100.0;
        if !(0.0..=100.0).contains(&red) || (cents - cents.round()).abs() > 1e-6 {
            problems.push(tr!(
                "assessment.deductions.red_task 为 {red}，每项扣分应在 0 到 100 之间，至多两位小数",
                "assessment.deductions.red_task is {red}: points off per task are 0 to 100, with at most two decimals"
            ));
        }
        problems
    }

    /// The deduction per red task in hundredths of a point.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    pub fn red_task_cents(&self) -> u64 {
        // 0 to 10 000 once `problems` passed; clamped all the same.
        (self.deductions.red_task * 100.0)
            .round()
            .clamp(0.0, 10_000.0) as u64
    }
}

/// 通报：各期通用的文字。 The fixed text of the 通报.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bulletin {
    /// 四、下步工作要求：一段一行。 The requirements for the next period,
    /// one paragraph a line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirements: Option<String>,
    /// 发文机关全称（落款、版记用），如 重庆市潼南区人民政府督查室；默认为
    /// supervision_office。 The issuing office's full name, for the
    /// signature and the imprint; default: `supervision_office`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// 抄送机关，依次排列。 The units the 通报 is copied to (版记's 抄送).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<String>,
}

/// 报送节奏：各单位多久报送一次进展。 The reporting rhythm.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reporting {
    /// 报送周期：month（每月）或 quarter（每季度）。 Reporting period.
    #[serde(default = "Every::quarter")]
    pub every: Every,
    /// 超过多少天未报送进展即为"未报送"预警（默认 90）。 Days without
    /// progress after which a task is stale.
    #[serde(default = "Reporting::default_stale_after_days")]
    pub stale_after_days: u32,
    /// 多少天内到期即为"临近时限"（默认 30）。 Days before the deadline
    /// in which a task is due soon.
    #[serde(default = "Reporting::default_due_soon_days")]
    pub due_soon_days: u32,
}

pub use crate::period::Every;

impl Default for Reporting {
    fn default() -> Self {
        Reporting {
            every: Every::Quarter,
            stale_after_days: Reporting::default_stale_after_days(),
            due_soon_days: Reporting::default_due_soon_days(),
        }
    }
}

impl Reporting {
    fn default_stale_after_days() -> u32 {
        90
    }
    fn default_due_soon_days() -> u32 {
        30
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParentDocument {
    pub title: String,
    pub number: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issuers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: i32,
    pub end: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PlanStatus {
    Active,
    Ended,
    Superseded,
}

impl Plan {
    /// The title `init` writes when none is given: `validate` warns about
    /// it until someone writes the plan's real title.
    pub const TITLE_TO_FILL_IN: &'static str = "待填写：计划名称";

    /// The working-group office or the supervision office.
    pub fn is_office(&self, name: &str) -> bool {
        name == self.working_group_office || name == self.supervision_office
    }

    pub fn heading(&self, section: u32) -> Option<&Heading> {
        self.headings.iter().find(|h| h.number == section)
    }

    /// The reporting rhythm, with the defaults where `plan.yaml` says nothing.
    pub fn reporting(&self) -> Reporting {
        self.reporting.clone().unwrap_or_default()
    }

    /// The rubric of `assess`, with the defaults where `plan.yaml` says nothing.
    pub fn assessment(&self) -> Assessment {
        self.assessment.clone().unwrap_or_default()
    }

    /// The last day of the plan period: a new task's default deadline.
    pub fn last_day(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.period.end, 12, 31)
    }
}

impl PlanStatus {
    fn active() -> Self {
        PlanStatus::Active
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Heading {
    pub number: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub title: String,
}

/// A period id as written (`2020Q2`, `2020-06`, `2020`), kept as the
/// canonical id; anything else is an error at its line:column.
fn period_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    deserializer
        .deserialize_str(ParseStr::new(
            (
                "报送期（如 2020Q2、2020-06 或 2020）",
                "a period (2020Q2, 2020-06 or 2020)",
            ),
            |raw| {
                let period = crate::period::Period::parse(raw)?;
                match period.is_reporting() {
                    true => Ok(period.id),
                    false => Err(crate::tr!(
                        "进展记录的报送期“{raw}”应为月（2020-06）或季度（2020Q2）",
                        "an entry's period “{raw}” must be a month (2020-06) or a quarter (2020Q2)"
                    )),
                }
            },
        ))
        .map(Some)
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// `lead:` with nothing after it is YAML null; treat it as an empty list so
/// that validation can say "missing lead" instead of a type error.
fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// An optional YYYY-MM-DD date.
mod ymd_opt {
    use chrono::NaiveDate;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        date: &Option<NaiveDate>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => super::ymd::serialize(date, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        super::ymd::deserialize(deserializer).map(Some)
    }
}

/// Strict calendar dates written YYYY-MM-DD.
pub mod ymd {
    use chrono::NaiveDate;
    use serde::{Deserializer, Serializer};

    pub fn parse(raw: &str) -> Result<NaiveDate, String> {
        let raw = raw.trim();
        let shaped = raw.len() == 10
            && raw.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !shaped {
            return Err(crate::tr!(
                "日期“{raw}”格式不对，应为 YYYY-MM-DD",
                "date “{raw}” is not written YYYY-MM-DD"
            ));
        }
        NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map_err(|_| crate::tr!("日期“{raw}”不存在", "date “{raw}” does not exist"))
    }

    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&date.format("%Y-%m-%d"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        deserializer.deserialize_str(super::ParseStr::new(
            ("YYYY-MM-DD 格式的日期", "a date written YYYY-MM-DD"),
            parse,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_show_in_the_chosen_language_and_stay_chinese_as_data() {
        i18n::set(Lang::En);
        assert_eq!(Status::Delayed.display(), "Delayed");
        assert_eq!(Status::Delayed.label(), "滞后");
        assert_eq!(Status::Delayed.to_string(), "滞后");
        assert_eq!(
            "x".parse::<Status>().unwrap_err(),
            "invalid status “x”; use one of: not_started (未启动), in_progress (推进中), \
             done (已完成), delayed (滞后), cancelled (已取消)"
        );
        assert_eq!(
            ymd::parse("2022-02-30").unwrap_err(),
            "date “2022-02-30” does not exist"
        );
        i18n::set(Lang::Zh);
        assert_eq!(Status::Delayed.display(), "滞后");
    }
}
