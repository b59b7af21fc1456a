//! What `depts add`, `depts rename` and `depts merge` intend the registry
//! (`departments.yaml`) to say: the registry as it is, changed by one
//! request. Names are dated: a rename or a merger is a former name with
//! the day the new name took effect (`until`), so that every date before
//! it still reads the old name (see [`crate::registry::Registry::name_on`]).
//! The caller writes the result through the edit path.

use anyhow::{bail, Result};
use chrono::NaiveDate;

use crate::model::{Contact, Department, FormerName, RegistryFile};
use crate::registry::Registry;
use crate::tr;

/// The registry with a new department (and its short names).
pub fn add(file: &RegistryFile, name: &str, aliases: &[String]) -> Result<RegistryFile> {
    let name = required_name(name)?;
    let registry = Registry::new(file.clone()).0;
    refuse_taken(&registry, name)?;
    let mut aliases: Vec<String> = aliases.iter().map(|a| a.trim().to_string()).collect();
    aliases.retain(|a| !a.is_empty());
    for alias in &aliases {
        refuse_taken(&registry, alias)?;
    }
    let mut intended = file.clone();
    intended.departments.push(Department {
        name: name.to_string(),
        former: Vec::new(),
        aliases,
        note: None,
        contact: None,
    });
    refuse_duplicates(intended)
}

/// The registry with `old` (a current or short name) renamed `new` from
/// `on` on: the old name becomes a former name until that day.
pub fn rename(file: &RegistryFile, old: &str, new: &str, on: NaiveDate) -> Result<RegistryFile> {
    let new = required_name(new)?;
    let registry = Registry::new(file.clone()).0;
    let index = current_index(&registry, old)?;
    refuse_taken(&registry, new)?;
    let mut intended = file.clone();
    let dept = &mut intended.departments[index];
    refuse_before_history(dept, on)?;
    let former = FormerName {
        name: std::mem::replace(&mut dept.name, new.to_string()),
        until: on,
        note: None,
    };
    dept.former.push(former);
    refuse_duplicates(intended)
}

/// The registry with the units `merged` (current or short names, at least
/// two) merged into one unit named `into` from `on` on. Each merged name
/// becomes a former name until that day; before it, each unit is itself.
pub fn merge(
    file: &RegistryFile,
    merged: &[String],
    into: &str,
    on: NaiveDate,
) -> Result<RegistryFile> {
    let into = required_name(into)?;
    let registry = Registry::new(file.clone()).0;
    let mut indices = Vec::new();
    for name in merged {
        let index = current_index(&registry, name)?;
        if indices.contains(&index) {
            bail!(tr!(
                "“{}”重复：每个被合并的单位只能写一次",
                "“{}” is named twice: name each merged unit once",
                name.trim()
            ));
        }
        indices.push(index);
    }
    if indices.len() < 2 {
        bail!(tr!(
            "合并至少需要两个单位；一个单位改名请用 cooptrack depts rename",
            "a merger needs at least two units; to rename one, use cooptrack depts rename"
        ));
    }
    if let Some(same) = indices
        .iter()
        .map(|&i| &file.departments[i])
        .find(|d| d.name == into)
    {
        bail!(tr!(
            "合并后的名称“{into}”是被合并单位“{}”的现名：部门名录只能把合并记为启用新名称（此前各单位各用其名）；请给出合并后的新名称",
            "the merged unit's name “{into}” is the current name of “{}”, one of the merged units: the registry records a merger as a new name taking effect (each unit keeps its own name before it); give the merged unit's new name",
            same.name
        ));
    }
    refuse_taken(&registry, into)?;
    let mut former = Vec::new();
    let mut aliases = Vec::new();
    for &index in &indices {
        let dept = &file.departments[index];
        if !dept.former.is_empty() {
            bail!(tr!(
                "“{}”有曾用名（{}）：合并后无法分清此前各单位的名称，请手工编辑 departments.yaml",
                "“{}” has former names ({}): after the merger the units' earlier names could not be told apart; edit departments.yaml by hand",
                dept.name,
                dept.former
                    .iter()
                    .map(|f| f.name.as_str())
                    .collect::<Vec<_>>()
                    .join(crate::i18n::list_separator())
            ));
        }
        former.push(FormerName {
            name: dept.name.clone(),
            until: on,
            note: None,
        });
        aliases.extend(dept.aliases.iter().cloned());
    }
    let first = indices.iter().copied().min().unwrap_or_default();
    let mut intended = file.clone();
    intended.departments[first] = Department {
        name: into.to_string(),
        former,
        aliases,
        note: None,
        contact: None,
    };
    let mut position = 0;
    intended.departments.retain(|_| {
        let keep = position == first || !indices.contains(&position);
        position += 1;
        keep
    });
    refuse_duplicates(intended)
}

/// The registry with the liaison of the department `name` (any of its
/// names: a form may be issued under a former one) set to `contact`.
/// Refused for a name the registry does not know.
pub fn set_contact(file: &RegistryFile, name: &str, contact: Contact) -> Result<RegistryFile> {
    let registry = Registry::new(file.clone()).0;
    let Some(index) = registry.index_of(name.trim()) else {
        bail!(tr!(
            "部门名录中没有“{}”",
            "the registry has no department “{}”",
            name.trim()
        ));
    };
    let mut intended = file.clone();
    intended.departments[index].contact = Some(contact);
    refuse_duplicates(intended)
}

fn required_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() {
        bail!(tr!(
            "部门名称不能为空",
            "a department name must not be empty"
        ));
    }
    Ok(name)
}

/// A name the registry knows in any way (current, former or short) is
/// taken: a second department by it would make every use ambiguous.
fn refuse_taken(registry: &Registry, name: &str) -> Result<()> {
    let Some(known) = registry.canonical(name) else {
        return Ok(());
    };
    let current = registry.resolve(known).map_or(known, |d| d.name.as_str());
    if current == name.trim() {
        bail!(tr!(
            "部门名录中已有“{current}”",
            "the registry already has “{current}”"
        ));
    }
    bail!(tr!(
        "“{}”已是部门名录中“{current}”的曾用名或简称",
        "“{}” is already a former or short name of “{current}” in the registry",
        name.trim()
    ))
}

/// The department a current or short name stands for; a former name, or
/// a name the registry does not know, is refused with what to use.
fn current_index(registry: &Registry, name: &str) -> Result<usize> {
    let typed = name.trim();
    let Some(canonical) = registry.canonical(typed) else {
        let hint = registry.suggest(typed).map_or_else(String::new, |s| {
            tr!("，是否应为“{s}”？", " (did you mean “{s}”?)")
        });
        bail!(tr!(
            "部门名录中没有“{typed}”{hint}",
            "the registry has no department “{typed}”{hint}"
        ));
    };
    let index = registry.index_of(canonical).unwrap_or_default();
    let current = &registry.departments()[index].name;
    if current != canonical {
        bail!(tr!(
            "“{typed}”是曾用名，该部门现名“{current}”",
            "“{typed}” is a former name; the department is now called “{current}”"
        ));
    }
    Ok(index)
}

/// A rename takes effect after every earlier one.
fn refuse_before_history(dept: &Department, on: NaiveDate) -> Result<()> {
    if let Some(last) = dept.former.iter().map(|f| f.until).max() {
        if on <= last {
            bail!(tr!(
                "“{}”已于 {last} 启用现名：新的更名日期须晚于该日",
                "“{}” took its current name on {last}: a new rename must take effect after that day",
                dept.name
            ));
        }
    }
    Ok(())
}

/// Whatever slipped past the checks above is still refused: the registry
/// written must load.
fn refuse_duplicates(file: RegistryFile) -> Result<RegistryFile> {
    let (_, duplicates) = Registry::new(file.clone());
    if let Some(duplicate) = duplicates.first() {
        bail!(tr!(
            "部门名录中“{}”将出现两次",
            "“{}” would appear twice in the registry",
            duplicate.0
        ));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn registry() -> RegistryFile {
        let dept = |name: &str, aliases: &[&str]| Department {
            name: name.into(),
            former: vec![],
            aliases: aliases.iter().map(|a| (*a).to_string()).collect(),
            note: None,
            contact: None,
        };
        RegistryFile {
            departments: vec![
                dept("区发展改革委", &["区发改委"]),
                dept("区旅游局", &[]),
                dept("区文化委", &[]),
            ],
        }
    }

    #[test]
    fn a_rename_keeps_the_old_name_until_its_day() {
        let file = rename(&registry(), "区发改委", "区发展和改革委", d(2021, 3, 1)).unwrap();
        let dept = &file.departments[0];
        assert_eq!(dept.name, "区发展和改革委");
        assert_eq!(dept.former[0].name, "区发展改革委");
        assert_eq!(dept.former[0].until, d(2021, 3, 1));
        assert_eq!(dept.aliases, ["区发改委"]);
        let r = Registry::new(file.clone()).0;
        assert_eq!(r.name_on("区发展和改革委", d(2021, 2, 28)), "区发展改革委");
        // A second rename must come after the first.
        let err = rename(&file, "区发展和改革委", "x", d(2021, 3, 1)).unwrap_err();
        assert!(err.to_string().contains("新的更名日期须晚于该日"), "{err}");
        let err = rename(&file, "区发展改革委", "y", d(2022, 1, 1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "“区发展改革委”是曾用名，该部门现名“区发展和改革委”"
        );
    }

    #[test]
    fn a_merger_is_a_new_name_with_every_unit_a_former_one() {
        let merged = ["区旅游局".to_string(), "区文化委".to_string()];
        let file = merge(&registry(), &merged, "区文化旅游委", d(2020, 8, 1)).unwrap();
        assert_eq!(file.departments.len(), 2);
        let dept = &file.departments[1];
        assert_eq!(dept.name, "区文化旅游委");
        let former: Vec<_> = dept
            .former
            .iter()
            .map(|f| (f.name.as_str(), f.until))
            .collect();
        assert_eq!(
            former,
            [("区旅游局", d(2020, 8, 1)), ("区文化委", d(2020, 8, 1))]
        );
        let r = Registry::new(file).0;
        assert!(!r.same_on("区旅游局", "区文化委", d(2020, 7, 31)));
        assert!(r.same_on("区旅游局", "区文化委", d(2020, 8, 1)));
        let err = merge(&registry(), &merged, "区文化委", d(2020, 8, 1)).unwrap_err();
        assert!(err.to_string().contains("请给出合并后的新名称"), "{err}");
        let one = ["区旅游局".to_string(), "区旅游局".to_string()];
        assert!(merge(&registry(), &one, "x", d(2020, 8, 1)).is_err());
    }

    #[test]
    fn added_names_and_short_names_must_be_new() {
        let file = add(&registry(), " 区水务局 ", &["区水务".into()]).unwrap();
        assert_eq!(file.departments[3].name, "区水务局");
        assert_eq!(
            add(&file, "区发改委", &[]).unwrap_err().to_string(),
            "“区发改委”已是部门名录中“区发展改革委”的曾用名或简称"
        );
        assert_eq!(
            add(&file, "区水务局", &[]).unwrap_err().to_string(),
            "部门名录中已有“区水务局”"
        );
        assert!(add(&file, "区交通局", &["区旅游局".into()]).is_err());
    }
}
