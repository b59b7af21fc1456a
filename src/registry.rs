//! The department registry: current names, former names, and lookups that
//! treat a former name and its current name as the same department.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{Department, RegistryFile};

#[derive(Debug, Clone, Default)]
pub struct Registry {
    departments: Vec<Department>,
    /// Every known name (current or former) → index into `departments`.
    by_name: HashMap<String, usize>,
    /// Every short name (简称) → index into `departments`. Short names are
    /// accepted as input and never written: they are not names of files.
    by_alias: HashMap<String, usize>,
}

/// A registry name that appears twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateName(pub String);

impl Registry {
    pub fn new(file: RegistryFile) -> (Registry, Vec<DuplicateName>) {
        let mut by_name = HashMap::new();
        let mut by_alias = HashMap::new();
        let mut duplicates = Vec::new();
        for (index, dept) in file.departments.iter().enumerate() {
            let names = std::iter::once(&dept.name).chain(dept.former.iter().map(|f| &f.name));
            for name in names {
                if by_name.insert(name.clone(), index).is_some() {
                    duplicates.push(DuplicateName(name.clone()));
                }
            }
        }
        // A short name may not be anyone's name, nor stand for two.
        for (index, dept) in file.departments.iter().enumerate() {
            for alias in &dept.aliases {
                if by_name.contains_key(alias) || by_alias.insert(alias.clone(), index).is_some() {
                    duplicates.push(DuplicateName(alias.clone()));
                }
            }
        }
        let registry = Registry {
            departments: file.departments,
            by_name,
            by_alias,
        };
        (registry, duplicates)
    }

    pub fn departments(&self) -> &[Department] {
        &self.departments
    }

    /// The department a name (current or former) belongs to.
    pub fn resolve(&self, name: &str) -> Option<&Department> {
        self.index_of(name).map(|i| &self.departments[i])
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.by_name.get(name.trim()).copied()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.index_of(name).is_some()
    }

    /// The name to write for what someone typed: a name (current or
    /// former) as it is, a short name (区发改委) as the department's
    /// current name. None for a name the registry does not know.
    pub fn canonical<'a>(&'a self, input: &'a str) -> Option<&'a str> {
        let input = input.trim();
        if self.by_name.contains_key(input) {
            return Some(input);
        }
        self.by_alias
            .get(input)
            .map(|&i| self.departments[i].name.as_str())
    }

    /// Every name a department can be typed as: current, former, short.
    pub fn all_spellings(&self) -> impl Iterator<Item = &str> {
        self.by_name
            .keys()
            .chain(self.by_alias.keys())
            .map(String::as_str)
    }

    /// Do two names denote the same department (e.g. 区环保局 and 区生态环境局)?
    pub fn same(&self, a: &str, b: &str) -> bool {
        a == b || matches!((self.index_of(a), self.index_of(b)), (Some(x), Some(y)) if x == y)
    }

    /// The name in use on `date` for a department known by `name`: what
    /// the unit was called that day. Renames and mergers apply from their
    /// `until` date on, never backwards:
    /// - a former name still in use on `date` stays itself (before a
    ///   merger, each merged unit keeps its own name);
    /// - a name no longer in use becomes the name in use that day: the
    ///   former name(s) with the earliest `until` after `date`, or the
    ///   current name. Where several former names were in use side by side
    ///   (they were merged later) and `name` is none of them, which one is
    ///   meant cannot be told: `name` is kept as written.
    pub fn name_on<'a>(&'a self, name: &'a str, date: NaiveDate) -> &'a str {
        let Some(dept) = self.resolve(name) else {
            return name;
        };
        let Some(first) = dept
            .former
            .iter()
            .filter(|f| date < f.until)
            .map(|f| f.until)
            .min()
        else {
            return dept.name.as_str();
        };
        let mut in_use = dept
            .former
            .iter()
            .filter(|f| f.until == first)
            .map(|f| f.name.as_str());
        if in_use.clone().any(|n| n == name.trim()) {
            return name;
        }
        match (in_use.next(), in_use.next()) {
            (Some(only), None) => only,
            _ => name,
        }
    }

    /// Do two names denote the same unit on `date`? Before a merger, the
    /// merged units are different units.
    pub fn same_on(&self, a: &str, b: &str, date: NaiveDate) -> bool {
        a == b || (self.same(a, b) && self.name_on(a, date) == self.name_on(b, date))
    }

    /// The current name, if `name` is a former one.
    pub fn renamed_to(&self, name: &str) -> Option<&str> {
        self.resolve(name)
            .filter(|d| d.name != name)
            .map(|d| d.name.as_str())
    }

    /// The closest known name, for "did you mean …?": a name that contains
    /// the input or is contained in it first, else the smallest edit distance.
    /// Short names are searched too; one that is closest suggests the
    /// department's current name (the name a file must use).
    pub fn suggest(&self, input: &str) -> Option<&str> {
        let closest = self.closest(input)?;
        self.canonical(closest)
    }

    fn closest(&self, input: &str) -> Option<&str> {
        let input = input.trim();
        if input.is_empty() {
            return None;
        }
        let mut names: Vec<&str> = self.all_spellings().collect();
        names.sort_unstable();
        let substring = names
            .iter()
            .filter(|n| n.contains(input) || input.contains(**n))
            .min_by_key(|n| strsim::levenshtein(input, n));
        if let Some(name) = substring {
            return Some(name);
        }
        let limit = (input.chars().count() / 2).max(1);
        names
            .into_iter()
            .map(|n| (strsim::levenshtein(input, n), n))
            .filter(|(d, _)| *d <= limit)
            .min_by_key(|(d, _)| *d)
            .map(|(_, n)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FormerName;

    fn registry() -> Registry {
        let file = RegistryFile {
            departments: vec![
                Department {
                    name: "区生态环境局".into(),
                    former: vec![FormerName {
                        name: "区环保局".into(),
                        until: NaiveDate::from_ymd_opt(2019, 1, 1).unwrap(),
                        note: None,
                    }],
                    aliases: vec![],
                    note: None,
                    contact: None,
                },
                Department {
                    name: "区发展改革委".into(),
                    former: vec![],
                    aliases: vec!["区发改委".into()],
                    note: None,
                    contact: None,
                },
                Department {
                    name: "区水务局".into(),
                    former: vec![],
                    aliases: vec![],
                    note: None,
                    contact: None,
                },
            ],
        };
        Registry::new(file).0
    }

    #[test]
    fn former_and_current_names_are_the_same_department() {
        let r = registry();
        assert!(r.same("区环保局", "区生态环境局"));
        assert!(!r.same("区环保局", "区水务局"));
        assert_eq!(r.renamed_to("区环保局"), Some("区生态环境局"));
        assert_eq!(r.renamed_to("区生态环境局"), None);
    }

    #[test]
    fn name_on_a_date_follows_the_rename() {
        let r = registry();
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(r.name_on("区生态环境局", d(2018, 12, 31)), "区环保局");
        assert_eq!(r.name_on("区环保局", d(2019, 1, 1)), "区生态环境局");
        assert_eq!(r.name_on("区环保局", d(2018, 12, 31)), "区环保局");
    }

    /// 区旅游局 and 区文化委 merged into 区文化旅游委 on 2020-08-01.
    #[test]
    fn before_a_merger_each_unit_keeps_its_name() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let until = d(2020, 8, 1);
        let former = |name: &str| FormerName {
            name: name.into(),
            until,
            note: None,
        };
        let file = RegistryFile {
            departments: vec![Department {
                name: "区文化旅游委".into(),
                former: vec![former("区旅游局"), former("区文化委")],
                aliases: vec![],
                note: None,
                contact: None,
            }],
        };
        let r = Registry::new(file).0;
        let before = d(2020, 6, 30);
        assert_eq!(r.name_on("区旅游局", before), "区旅游局");
        assert_eq!(r.name_on("区文化委", before), "区文化委");
        assert!(!r.same_on("区旅游局", "区文化委", before));
        assert_eq!(r.name_on("区文化委", until), "区文化旅游委");
        assert!(r.same_on("区旅游局", "区文化委", until));
        // The merged unit's name before the merger: either; kept as written.
        assert_eq!(r.name_on("区文化旅游委", before), "区文化旅游委");
    }

    #[test]
    fn suggestions_use_edit_distance_and_substrings() {
        let r = registry();
        assert_eq!(r.suggest("区环宝局"), Some("区环保局"));
        assert_eq!(r.suggest("水务"), Some("区水务局"));
        assert_eq!(r.suggest("完全无关的名字"), None);
    }

    #[test]
    fn short_names_stand_for_the_current_name() {
        let r = registry();
        assert_eq!(r.canonical("区发改委"), Some("区发展改革委"));
        assert_eq!(r.canonical("区环保局"), Some("区环保局"));
        assert_eq!(r.canonical("区发改局"), None);
        // Not a name a file may use.
        assert!(!r.contains("区发改委"));
        // Suggestions search short names, and give the name to write.
        assert_eq!(r.suggest("区发改局"), Some("区发展改革委"));
    }

    #[test]
    fn a_short_name_that_is_a_name_or_stands_for_two_is_a_duplicate() {
        let dept = |name: &str, aliases: &[&str]| Department {
            name: name.into(),
            former: vec![],
            aliases: aliases.iter().map(|a| (*a).to_string()).collect(),
            note: None,
            contact: None,
        };
        let file = RegistryFile {
            departments: vec![
                dept("区交委", &["区交通局"]),
                dept("区交通局", &[]),
                dept("区商务局", &["区商务委"]),
                dept("区商务委员会", &["区商务委"]),
            ],
        };
        let (_, duplicates) = Registry::new(file);
        assert_eq!(
            duplicates,
            [
                DuplicateName("区交通局".into()),
                DuplicateName("区商务委".into())
            ]
        );
    }
}
