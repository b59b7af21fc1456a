//! `cooptrack remind`: one message per unit that has not replied, from the
//! same lists as the report's 未报送 and 部分任务未报送进展.

use std::fs;

use crate::common::{cooptrack_in, copy_bundled, json_of, stdout_of};

#[test]
fn a_unit_that_replied_in_part_is_reminded_of_the_rest_with_its_liaison() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_bundled(tmp.path());
    let registry = dir.join("departments.yaml");
    let text = fs::read_to_string(&registry).unwrap().replacen(
        "  - name: 区水务局\n",
        "  - name: 区水务局\n    contact: {name: 李明, phone: \"13800000000\"}\n",
        1,
    );
    fs::write(&registry, text).unwrap();
    cooptrack_in(&dir).arg("validate").assert().success();
    cooptrack_in(&dir)
        .args([
            "--as-of",
            "2020-06-15",
            "update",
            "2.3",
            "--note",
            "完成方案编制",
        ])
        .assert()
        .success();

    let out = stdout_of(cooptrack_in(&dir).args([
        "--as-of",
        "2020-07-20",
        "remind",
        "--period",
        "2020Q2",
    ]));
    let messages: Vec<&str> = out.split("\n\n").collect();
    // 17 + 6 units: 22 without any entry for the quarter, 区水务局 in part.
    assert_eq!(messages.len(), 23, "{out}");
    let water = messages.iter().find(|m| m.contains("区水务局（")).unwrap();
    assert_eq!(
        water.trim_end(),
        "【催报】区水务局（李明 13800000000）：2020年第二季度以下任务尚未报送进展：1.1 加强跨界河流联防联控联治；1.4 加强区域环境风险防范；6.3 强化公共事务协同治理。请于2020年7月25日前报送区发展改革委。"
    );
    assert!(messages.iter().all(|m| m.trim_end().chars().count() <= 300));

    let json = json_of(cooptrack_in(&dir).args([
        "--as-of",
        "2020-07-20",
        "remind",
        "--period",
        "2020Q2",
        "--due-by",
        "2020-07-31",
        "--format",
        "json",
    ]));
    let water = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["department"] == "区水务局")
        .unwrap();
    assert_eq!(
        water,
        &serde_json::json!({
            "department": "区水务局",
            "contact": {"name": "李明", "phone": "13800000000"},
            "owing": "partly_reported",
            "tasks": [
                {"id": "1.1", "title": "加强跨界河流联防联控联治"},
                {"id": "1.4", "title": "加强区域环境风险防范"},
                {"id": "6.3", "title": "强化公共事务协同治理"},
            ],
            "deadline": "2020-07-31",
        })
    );
}
