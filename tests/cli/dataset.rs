//! The bundled tasks/ against the 2018 notice. The expected table below was
//! transcribed from the notice (tests/fixtures/tongnan-2018-notice.txt), not
//! generated from the YAML files.

use crate::common::{cooptrack, json_of};
use serde_json::Value;

/// id, title, lead (、-joined; empty where the notice names none),
/// responsible (、-joined; empty where none).
const FROM_THE_NOTICE: &str = "\
1.1	加强跨界河流联防联控联治	区环保局	区农委、区水务局、区经济信息委、区高新区管委会
1.2	加强大气污染联防联控联治	区环保局	区经济信息委、区城管局、区农委、潼南气象局
1.3	加强生态建设合作	区林业局	区环保局
1.4	加强区域环境风险防范	区环保局	区水务局
2.1	加快重大铁路项目建设	区交委	
2.2	完善城际快速公路网	区交委	
2.3	畅通涪江航道	区水务局	区交委
2.4	深化能源领域合作	区经济信息委	区发展改革委
3.1	推动军民融合科研生产合作	区经济信息委	区高新区管委会
3.2	促进科技成果转化对接合作	区科委	区农委、区经济信息委、区环保局
3.3	开展农业科技合作	区农委	区商务局
3.4	深化标准化和知识产权改革创新	区科委	
4.1	打造高端装备制造业集群	区经济信息委	区高新区管委会
4.2	打造电子信息产业集群	区经济信息委	区高新区管委会
4.3	打造大健康产业集群	区经济信息委	区高新区管委会、区科委、区卫生计生委
4.4	打造特优农林产业集群	区农委	区农业科技园区管委会、区林业局
4.5	打造生态文化旅游目的地	区旅游局	区文化委
5.1	推进就业市场一体化		
5.2	共构市场秩序和信用体系		
6.1	推动教育卫生服务共享	区教委、区卫生计生委	
6.2	推动社会保障一体化	区人力社保局	
6.3	强化公共事务协同治理	区政府应急办	潼南食药监分局、区安监局、区水务局、区卫生计生委、区公安局
7.1	加快川渝合作示范区建设	区发展改革委	
7.2	共建产业合作园区	区高新区管委会、区农业园区管委会	
";

const NOTICE: &str = include_str!("../fixtures/tongnan-2018-notice.txt");

fn bundled_tasks() -> Vec<Value> {
    json_of(cooptrack().args(["list", "--format", "json"]))
        .as_array()
        .unwrap()
        .clone()
}

fn names(value: &Value) -> String {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("、")
}

#[test]
fn ids_titles_leads_and_responsible_match_the_notice() {
    let tasks = bundled_tasks();
    let expected: Vec<Vec<&str>> = FROM_THE_NOTICE
        .lines()
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(tasks.len(), 24);
    assert_eq!(expected.len(), 24);
    for (task, row) in tasks.iter().zip(&expected) {
        let id = task["id"].as_str().unwrap();
        assert_eq!(id, row[0]);
        assert_eq!(task["title"], row[1], "title of {id}");
        if row[2].is_empty() {
            // The notice names no lead: a provisional, recorded decision.
            assert_eq!(task["lead_provisional"], true, "{id}");
            assert_eq!(names(&task["lead"]), "区发展改革委", "{id}");
            assert!(task["lead_note"]
                .as_str()
                .unwrap()
                .contains("原文未列明牵头部门"));
        } else {
            assert_eq!(task["lead_provisional"], false, "{id}");
            assert_eq!(names(&task["lead"]), row[2], "lead of {id}");
        }
        assert_eq!(names(&task["responsible"]), row[3], "responsible of {id}");
    }
}

#[test]
fn seven_headings_hold_4_4_4_5_2_3_2_tasks() {
    let tasks = bundled_tasks();
    let per_section: Vec<usize> = (1..=7)
        .map(|s| tasks.iter().filter(|t| t["section"] == s).count())
        .collect();
    assert_eq!(per_section, [4, 4, 4, 5, 2, 3, 2]);
}

#[test]
fn every_task_starts_not_started_due_end_of_2022_with_an_empty_log() {
    for task in bundled_tasks() {
        assert_eq!(task["status"], "未启动");
        assert_eq!(task["status_key"], "not_started");
        assert_eq!(task["due"], "2022-12-31");
        assert_eq!(task["progress"], serde_json::json!([]));
    }
}

#[test]
fn texts_are_verbatim_from_the_notice_and_free_of_forum_junk() {
    for task in bundled_tasks() {
        let id = task["id"].as_str().unwrap();
        let text = task["text"].as_str().unwrap();
        let title = task["title"].as_str().unwrap();
        assert!(
            text.starts_with(&format!("{title}。")),
            "{id}: text starts with its title"
        );
        assert!(text.ends_with('。'), "{id}: text ends a sentence");
        assert!(
            NOTICE.contains(text),
            "{id}: text is not verbatim in the notice"
        );
        // The only ASCII the notice's task texts use: , ( ) ; and the 500 of 500吨级.
        let stray: String = text
            .replace("500吨级", "")
            .chars()
            .filter(|c| c.is_ascii() && !",();".contains(*c))
            .collect();
        assert_eq!(stray, "", "{id}: junk left in the text");
    }
}

#[test]
fn the_sources_irregularities_are_kept() {
    let tasks = bundled_tasks();
    let task = |id: &str| tasks.iter().find(|t| t["id"] == id).unwrap().clone();
    assert_eq!(task("4.5")["numbered_as"], "(5)");
    assert_eq!(task("4.5")["number"], 5);
    let with_two_leads: Vec<&str> = tasks
        .iter()
        .filter(|t| t["lead"].as_array().unwrap().len() == 2)
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(with_two_leads, ["6.1", "7.2"]);
    let without_responsible: Vec<&str> = tasks
        .iter()
        .filter(|t| t["responsible"].as_array().unwrap().is_empty())
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        without_responsible,
        ["2.1", "2.2", "3.4", "5.1", "5.2", "6.1", "6.2", "7.1", "7.2"]
    );
}

#[test]
fn lead_label_records_where_the_notice_says_qiantou_danwei() {
    for id in ["3.2", "3.3", "6.3"] {
        let yaml =
            std::fs::read_to_string(crate::common::bundled().join(format!("{id}.yaml"))).unwrap();
        assert!(yaml.contains("lead_label: 牵头单位"), "{id}");
    }
    let labelled = std::fs::read_dir(crate::common::bundled())
        .unwrap()
        .filter(|e| {
            std::fs::read_to_string(e.as_ref().unwrap().path())
                .unwrap()
                .contains("lead_label:")
        })
        .count();
    assert_eq!(labelled, 3);
}

#[test]
fn registry_has_the_23_departments_and_four_2019_renames() {
    let depts = json_of(cooptrack().args(["depts", "--format", "json"]));
    let depts = depts.as_array().unwrap();
    assert_eq!(depts.len(), 23);
    assert!(depts.iter().all(|d| d["registered"] == true));
    let renames: Vec<(String, String)> = depts
        .iter()
        .filter(|d| !d["former"].as_array().unwrap().is_empty())
        .map(|d| {
            (
                d["former"][0].as_str().unwrap().into(),
                d["name"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expected = [
        ("区环保局", "区生态环境局"),
        ("区农委", "区农业农村委"),
        ("区科委", "区科技局"),
        ("区卫生计生委", "区卫生健康委"),
    ];
    assert_eq!(renames.len(), 4);
    for (old, new) in expected {
        assert!(renames.contains(&(old.into(), new.into())), "{old} → {new}");
    }
    let names: Vec<&str> = depts.iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"区农业科技园区管委会"));
    assert!(names.contains(&"区农业园区管委会"));
}

#[test]
fn the_plan_file_records_the_notice() {
    let plan = std::fs::read_to_string(crate::common::bundled().join("plan.yaml")).unwrap();
    for fact in [
        "issuer: 重庆市潼南区人民政府",
        "date: 2018-08-17",
        "number: 渝府发〔2018〕24号",
        "start: 2018",
        "end: 2022",
        "working_group_office: 区发展改革委",
        "supervision_office: 区政府督查室",
    ] {
        assert!(plan.contains(fact), "plan.yaml lacks {fact}");
    }
    assert_eq!(plan.matches("  - number: ").count(), 7);
}
