//! Stage 1 of [`parse_notice`](super::parse_notice): what the notice says
//! about itself before its first numbered line (title, addressee, preamble)
//! and at its end (the signature: issuer and date), and what that gives —
//! the plan period, the parent document, the offices.

use chrono::NaiveDate;

use super::{clean, markers, meta};
use crate::model::{ParentDocument, Period};

/// The notice's head and signature, and where its body lies.
#[derive(Debug, Default)]
pub(super) struct Head {
    pub title: Option<String>,
    pub addressee: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<NaiveDate>,
    pub parent: Option<ParentDocument>,
    pub period: Option<Period>,
    pub working_group_office: Option<String>,
    pub supervision_office: Option<String>,
    /// The first line (0-based) the body scan reads: the one after the
    /// title, or 0 when there is no title.
    pub body_start: usize,
    /// The signature's lines (0-based: the date, the issuer above it),
    /// which the body scan skips.
    pub signature_lines: Vec<usize>,
}

/// The signature at the end of a notice.
#[derive(Debug, Default)]
struct Signature {
    date: Option<NaiveDate>,
    /// 0-based.
    date_line: Option<usize>,
    issuer: Option<String>,
    /// 0-based.
    issuer_line: Option<usize>,
}

/// Reads the head and signature of a notice, given as its raw lines.
///
/// The title is the first title-like line before the first numbered line,
/// joined to the line above it when the title was broken before 关于; the
/// addressee is the first `…:` line after it; the preamble is the rest of
/// the lines up to the first numbered line. The period comes from the
/// title, else from the title of the parent document the preamble cites;
/// the issuer is the signature above the last date line, else the part of
/// the title before 关于. The offices are looked for in the whole notice
/// but its title line.
pub(super) fn read(raw: &[&str]) -> Head {
    let lines: Vec<String> = raw.iter().map(|l| clean::clean_line(l, None)).collect();
    let first_marker = lines
        .iter()
        .position(|l| markers::parse(l).is_some())
        .unwrap_or(lines.len());
    let (title_index, title) = title(&lines, first_marker).unzip();
    let body_start = title_index.map_or(0, |t| t + 1);
    let addressee_index =
        (body_start..first_marker).find(|&i| meta::addressee(at(&lines, i)).is_some());
    let addressee = addressee_index
        .and_then(|i| meta::addressee(at(&lines, i)))
        .map(str::to_string);
    let preamble: String = (body_start..first_marker)
        .filter(|&i| Some(i) != addressee_index)
        .map(|i| at(&lines, i))
        .collect();
    let signature = signature(&lines, title_index);
    let issuer = signature.issuer.or_else(|| {
        let title = title.as_deref()?;
        let (issuer, _) = title.split_once("关于")?;
        (!issuer.is_empty()).then(|| issuer.to_string())
    });
    let parent = meta::parent(&preamble);
    let period = title
        .as_deref()
        .and_then(meta::period)
        .or_else(|| parent.as_ref().and_then(|p| meta::period(&p.title)));
    let everything = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != title_index)
        .map(|(_, l)| l.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    Head {
        working_group_office: meta::working_group_office(&everything),
        supervision_office: meta::supervision_office(&everything),
        title,
        addressee,
        issuer,
        date: signature.date,
        parent,
        period,
        body_start,
        signature_lines: signature
            .date_line
            .into_iter()
            .chain(signature.issuer_line)
            .collect(),
    }
}

/// A cleaned line, or nothing past the end.
fn at(lines: &[String], i: usize) -> &str {
    lines.get(i).map_or("", String::as_str)
}

/// The title's line (0-based) and the title: the first title-like line
/// before `first_marker`, with the line above it in front when the title
/// was broken before 关于 (`重庆市潼南区人民政府` / `关于…的通知`).
fn title(lines: &[String], first_marker: usize) -> Option<(usize, String)> {
    let t = (0..first_marker).find(|&i| meta::is_title(at(lines, i)))?;
    let title = at(lines, t);
    let previous = (0..t).rev().find(|&i| !at(lines, i).is_empty());
    let title = match previous {
        Some(p) if title.starts_with("关于") && meta::signature(at(lines, p)) => {
            format!("{}{title}", at(lines, p))
        }
        _ => title.to_string(),
    };
    Some((t, title))
}

/// The signature: the last date line, and the issuer on the nearest
/// non-empty line above it when that line looks like a signature (not a
/// numbered line, not the title).
fn signature(lines: &[String], title_index: Option<usize>) -> Signature {
    let date_line = lines.iter().rposition(|l| meta::date_line(l).is_some());
    let issuer_line = date_line
        .and_then(|d| (0..d).rev().find(|&i| !at(lines, i).is_empty()))
        .filter(|&i| {
            meta::signature(at(lines, i))
                && markers::parse(at(lines, i)).is_none()
                && Some(i) != title_index
        });
    Signature {
        date: date_line.and_then(|i| meta::date_line(at(lines, i))),
        date_line,
        issuer: issuer_line.map(|i| at(lines, i).to_string()),
        issuer_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Head {
        read(&text.split('\n').collect::<Vec<_>>())
    }

    fn period(head: &Head) -> Option<(i32, i32)> {
        head.period.as_ref().map(|p| (p.start, p.end))
    }

    #[test]
    fn a_title_broken_before_guanyu_is_joined_and_gives_the_issuer() {
        let head = head(
            "重庆市某某区人民政府\n关于下达行动计划(2019—2023年)工作任务的通知\n区级各部门：\n现将任务通知如下。\n一、主要任务\n",
        );
        assert_eq!(
            head.title.as_deref(),
            Some("重庆市某某区人民政府关于下达行动计划(2019—2023年)工作任务的通知")
        );
        assert_eq!(head.issuer.as_deref(), Some("重庆市某某区人民政府"));
        assert_eq!(head.addressee.as_deref(), Some("区级各部门"));
        assert_eq!(period(&head), Some((2019, 2023)));
        assert_eq!(head.date, None);
        assert_eq!(head.body_start, 2);
        assert_eq!(head.signature_lines, Vec::<usize>::new());
    }

    #[test]
    fn a_signature_with_the_date_in_chinese_numerals() {
        let head = head(
            "关于印发工作任务分工的通知\n各部门：\n一、任务\n1.做事。\n\n某某县人民政府办公室\n\n二〇一九年十二月三日\n",
        );
        assert_eq!(head.title.as_deref(), Some("关于印发工作任务分工的通知"));
        assert_eq!(head.issuer.as_deref(), Some("某某县人民政府办公室"));
        assert_eq!(head.date, NaiveDate::from_ymd_opt(2019, 12, 3));
        assert_eq!(head.body_start, 1);
        assert_eq!(head.signature_lines, [7, 5]);
        assert_eq!(period(&head), None);
    }

    #[test]
    fn the_preamble_gives_the_parent_the_period_and_the_offices() {
        let head = head(
            "区政府关于印发任务的通知\n有关单位:\n按照市政府《合作行动计划(2018-2022年)》(渝府发〔2018〕24号)要求,\n下设办公室在区发展改革委,区政府督查室负责督查。\n(一)甲\n",
        );
        let parent = head.parent.as_ref().expect("a parent document");
        assert_eq!(parent.title, "合作行动计划(2018-2022年)");
        assert_eq!(parent.number, "渝府发〔2018〕24号");
        assert_eq!(parent.issuers, ["市政府"]);
        assert_eq!(period(&head), Some((2018, 2022)));
        assert_eq!(head.addressee.as_deref(), Some("有关单位"));
        assert_eq!(head.issuer.as_deref(), Some("区政府"));
        assert_eq!(head.working_group_office.as_deref(), Some("区发展改革委"));
        assert_eq!(head.supervision_office.as_deref(), Some("区政府督查室"));
    }

    #[test]
    fn no_title_and_no_signature() {
        let head = head("(一)甲\n1.任务。\n");
        assert_eq!(head.title, None);
        assert_eq!(head.addressee, None);
        assert_eq!(head.issuer, None);
        assert_eq!(head.date, None);
        assert!(head.parent.is_none());
        assert_eq!(period(&head), None);
        assert_eq!(head.working_group_office, None);
        assert_eq!(head.supervision_office, None);
        assert_eq!(head.body_start, 0);
        assert_eq!(head.signature_lines, Vec::<usize>::new());
    }

    #[test]
    fn a_numbered_line_above_the_date_is_no_issuer() {
        let head = head("(一)甲\n1.任务\n2018年8月17日\n");
        assert_eq!(head.issuer, None);
        assert_eq!(head.date, NaiveDate::from_ymd_opt(2018, 8, 17));
        assert_eq!(head.signature_lines, [2]);
    }
}
